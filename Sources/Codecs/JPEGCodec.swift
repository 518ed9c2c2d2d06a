import CJPEG
import Foundation

/// JPEG through libjpeg-turbo's classic API (in the CJPEG shim, which owns every setjmp).
enum JPEGCodec {
    static func info(of data: Data) throws(CodecError) -> ImageInfo {
        let (header, orientation) = try readHeader(data, minimumSize: nil)
        return makeInfo(header, orientation: orientation)
    }

    static func decode(_ data: Data, options: DecodingOptions) throws(CodecError) -> DecodedImage {
        let (header, orientation) = try readHeader(data, minimumSize: options.minimumSize)
        let info = makeInfo(header, orientation: orientation)
        // libjpeg works on the full-size image (progressive coefficients) even when it scales.
        try PixelLimit.check(format: .jpeg, width: info.width, height: info.height, limit: options.pixelLimit)
        let width = Int(header.output_width)
        let height = Int(header.output_height)
        // Enough working memory for a full-size progressive CMYK image, and no more.
        let memoryLimit = info.width * info.height * 12 + (64 << 20)
        var warning: String?
        var pixels = try PixelBuffer(decodingWidth: width, height: height) { (storage) throws(CodecError) in
            var warnings: Int32 = 0
            let (status, message) = data.withUnsafeBytes { raw in
                CLibraryMessage.capturing { text, capacity in
                    cjpeg_decode_rgba(
                        raw.bindMemory(to: UInt8.self).baseAddress, raw.count, header.scale_numerator,
                        header.output_width, header.output_height, storage.baseAddress, memoryLimit,
                        &warnings, text, capacity)
                }
            }
            switch status {
            case CJPEG_OK:
                if warnings > 0 {
                    warning = "libjpeg: \(message)" + (warnings > 1 ? " (and \(warnings - 1) more warnings)" : "")
                }
            case CJPEG_UNSUPPORTED: throw .unsupported(format: .jpeg, feature: unsupportedFeature(libraryMessage: message))
            case CJPEG_TRUNCATED: throw .decodingFailed(format: .jpeg, reason: "\(message) (the file is truncated)")
            default: throw .decodingFailed(format: .jpeg, reason: message)
            }
        }
        // libjpeg writes alpha 255 into every pixel (and the CMYK conversion does too).
        pixels.isKnownOpaque = true
        if options.appliesOrientation, let orientation = info.orientation {
            pixels = pixels.applyingEXIFOrientation(orientation)
        }
        var image = DecodedImage(info: info, pixels: pixels)
        image.warning = warning
        return image
    }

    static func encode(_ buffer: PixelBuffer, options: JPEGOptions) throws(CodecError) -> Data {
        guard (1...100).contains(options.quality) else {
            throw .invalidOption(name: "JPEG quality", value: String(options.quality), allowed: "1–100")
        }
        guard buffer.width <= 65_500, buffer.height <= 65_500 else {
            throw .encodingFailed(
                format: .jpeg, reason: "\(buffer.width)x\(buffer.height) is too large: JPEG allows at most 65500 pixels per side")
        }
        let subsampling: Int32 =
            switch options.chromaSubsampling {
            case .yuv444: 444
            case .yuv422: 422
            case .yuv420: 420
            }
        var output: UnsafeMutablePointer<UInt8>?
        var outputSize = 0
        let (status, message) = buffer.pixels.withUnsafeBufferPointer { pixels in
            CLibraryMessage.capturing { text, capacity in
                cjpeg_encode_rgba(
                    pixels.baseAddress, UInt32(buffer.width), UInt32(buffer.height), buffer.bytesPerRow,
                    Int32(options.quality), options.progressive ? 1 : 0, subsampling,
                    &output, &outputSize, text, capacity)
            }
        }
        guard status == CJPEG_OK, let output else { throw .encodingFailed(format: .jpeg, reason: message) }
        return Data(bytesNoCopy: output, count: outputSize, deallocator: .custom { bytes, _ in cjpeg_free(bytes) })
    }

    /// The headers, and the EXIF orientation when there is one.
    private static func readHeader(
        _ data: Data, minimumSize: (width: Int, height: Int)?
    ) throws(CodecError) -> (cjpeg_info, orientation: Int?) {
        var header = cjpeg_info()
        var orientation: Int?
        let minimumWidth = UInt32(clamping: max(minimumSize?.width ?? 0, 0))
        let minimumHeight = UInt32(clamping: max(minimumSize?.height ?? 0, 0))
        // Asking for a minimum of 1x1 when only one side is given keeps the other side free.
        let askedWidth = minimumSize == nil ? 0 : max(minimumWidth, 1)
        let askedHeight = minimumSize == nil ? 0 : max(minimumHeight, 1)
        // An APP1 segment holds at most 65533 bytes.
        let (status, message) = withUnsafeTemporaryAllocation(byteCount: 65_536, alignment: 1) { exif in
            var exifSize = 0
            let outcome = data.withUnsafeBytes { raw in
                CLibraryMessage.capturing { text, capacity in
                    cjpeg_read_info(
                        raw.bindMemory(to: UInt8.self).baseAddress, raw.count, askedWidth, askedHeight, &header,
                        exif.baseAddress?.assumingMemoryBound(to: UInt8.self), exif.count, &exifSize, text, capacity)
                }
            }
            if outcome.result == CJPEG_OK, exifSize > 0 {
                orientation = EXIFOrientation.read(from: UnsafeRawBufferPointer(rebasing: exif[..<exifSize]))
            }
            return outcome
        }
        switch status {
        case CJPEG_OK: return (header, orientation)
        case CJPEG_UNSUPPORTED: throw .unsupported(format: .jpeg, feature: unsupportedFeature(libraryMessage: message))
        case CJPEG_TRUNCATED: throw .decodingFailed(format: .jpeg, reason: "\(message) (the file is truncated)")
        default: throw .decodingFailed(format: .jpeg, reason: message)
        }
    }

    /// Names what libjpeg-turbo 2.1 refused, keeping its own words.
    private static func unsupportedFeature(libraryMessage message: String) -> String {
        let feature =
            if message.contains("precision") {
                "samples of more than 8 bits"
            } else if message.contains("SOF type 0xc3") || message.contains("SOF type 0xc7") {
                "lossless coding"
            } else if message.contains("SOF type") {
                "a coding process"
            } else if message.contains("arithmetic") {
                "arithmetic coding"
            } else {
                "a feature"
            }
        return "\(feature) that libjpeg-turbo \(libjpegTurboVersion) cannot decode (libjpeg: \"\(message)\")"
    }

    /// The libjpeg-turbo version the module was built against, e.g. `2.1.5`.
    static var libjpegTurboVersion: String {
        let number = Int(cjpeg_library_version())
        return "\(number / 1_000_000).\(number / 1000 % 1000).\(number % 1000)"
    }

    private static func makeInfo(_ header: cjpeg_info, orientation: Int?) -> ImageInfo {
        let colour: String
        switch Int(header.color_space) {
        case Int(CJPEG_CS_GRAYSCALE): colour = "gray"
        case Int(CJPEG_CS_RGB): colour = "rgb"
        case Int(CJPEG_CS_YCBCR): colour = "ycbcr"
        case Int(CJPEG_CS_CMYK): colour = "cmyk"
        case Int(CJPEG_CS_YCCK): colour = "ycck"
        default: colour = "\(header.components)-component"
        }
        var storage = "\(colour) \(header.progressive != 0 ? "progressive" : "baseline")"
        if header.arithmetic != 0 { storage += " arithmetic" }
        return ImageInfo(
            format: .jpeg, width: Int(header.width), height: Int(header.height), storage: storage,
            hasAlphaChannel: false, orientation: orientation, isOpaqueByFormat: true)
    }
}
