import Codecs
import Foundation
import FuzzSupport

/// The bytes as they come, the format found by sniffing, then a round trip of what decoded:
/// PNG and lossless WebP must give the same pixels back, JPEG the same size.
@main enum FuzzDecode {
    static func main() {
        FuzzDriver.run { start, count in
            let data = Data(FuzzDriver.buffer(start, count))
            // Encoding is slow next to decoding; round trips of small images cover the same code.
            if let image = FuzzInput.decodeAllWays(data), image.pixels.pixelCount <= 256 * 256 {
                roundTrip(image.pixels)
            }
            return 0
        }
    }
}

private func roundTrip(_ pixels: PixelBuffer) {
    let formats: [EncodingOptions] = [
        .png(PNGOptions(compressionLevel: 1)),
        .webp(WebPOptions(quality: 0, lossless: true, method: 0, exact: true)),
        .jpeg(JPEGOptions(quality: 50)),
    ]
    for options in formats {
        let encoded: Data
        do {
            encoded = try ImageEncoder.encode(pixels, as: options)
        } catch {
            fatalError("encoding \(pixels.width)x\(pixels.height) as \(options.format) failed: \(error)")
        }
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(encoded)
        } catch {
            fatalError("our own \(options.format) of \(pixels.width)x\(pixels.height) does not decode: \(error)")
        }
        guard decoded.pixels.width == pixels.width, decoded.pixels.height == pixels.height else {
            fatalError("\(options.format) round trip changed the size")
        }
        if options.format != .jpeg, decoded.pixels != pixels {
            fatalError("lossless \(options.format) round trip changed the pixels")
        }
    }
}
