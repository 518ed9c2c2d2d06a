import Codecs
import Foundation

/// What every fuzz target does with one input: the header read, a full decode and a
/// reduced-size, reoriented decode, all under a small pixel limit.
///
/// The limit keeps the pixel buffers of hostile headers small, so that an allocation the
/// fuzzer reports as too large is a real bug and not an honest image at the default limit.
public enum FuzzInput {
    /// 16 megapixels: a 64 MiB RGBA buffer at most.
    public static let pixelLimit = 16_000_000

    /// Runs `info(of:)` and the two decodes on `data`. Errors are the expected outcome for most
    /// inputs; only a crash, a leak, a hang or a sanitizer report is a finding.
    /// Returns the full-size decode when there is one.
    @discardableResult
    public static func decodeAllWays(_ data: Data) -> DecodedImage? {
        let info = try? ImageDecoder.info(of: data)
        let image: DecodedImage
        do {
            image = try ImageDecoder.decode(data, options: DecodingOptions(pixelLimit: pixelLimit))
        } catch {
            _ = error.description
            return nil
        }
        check(image, against: info)
        // Reduced-size decoding (libjpeg-turbo DCT scaling, libwebp scaled decoding) and the
        // EXIF rotation take other paths through the libraries and through our code.
        let minimum = (width: max(image.pixels.width / 3, 1), height: max(image.pixels.height / 5, 1))
        let options = DecodingOptions(pixelLimit: pixelLimit, appliesOrientation: true, minimumSize: minimum)
        if let reduced = try? ImageDecoder.decode(data, options: options) {
            let sides = [reduced.pixels.width, reduced.pixels.height]
            let original = [image.pixels.width, image.pixels.height]
            guard sides.max()! <= original.max()!, reduced.pixels.pixels.count == reduced.pixels.pixelCount * 4 else {
                fatalError("reduced decode is \(sides), larger than the full decode \(original)")
            }
        }
        return image
    }

    /// A decoded image must agree with its own header and hold exactly its pixels.
    static func check(_ image: DecodedImage, against info: ImageInfo?) {
        let pixels = image.pixels
        guard pixels.width > 0, pixels.height > 0, pixels.pixels.count == pixels.width * pixels.height * 4,
            pixels.pixelCount <= pixelLimit
        else {
            fatalError("decoded buffer \(pixels.width)x\(pixels.height) holds \(pixels.pixels.count) bytes")
        }
        guard pixels.width == image.info.width, pixels.height == image.info.height else {
            fatalError("decoded \(pixels.width)x\(pixels.height), header says \(image.info.width)x\(image.info.height)")
        }
        if let info, info != image.info {
            fatalError("info(of:) says \(info), decode says \(image.info)")
        }
    }

    /// `data` with `magic` written over its start at the given offsets (padded with zeros when
    /// shorter), so that a per-format target always reaches its own decoder.
    public static func forcing(_ magic: [(offset: Int, bytes: [UInt8])], onto data: UnsafeRawBufferPointer) -> Data {
        var bytes = [UInt8](data)
        for (offset, magicBytes) in magic {
            let end = offset + magicBytes.count
            if bytes.count < end { bytes.append(contentsOf: [UInt8](repeating: 0, count: end - bytes.count)) }
            bytes.replaceSubrange(offset..<end, with: magicBytes)
        }
        return Data(bytes)
    }
}
