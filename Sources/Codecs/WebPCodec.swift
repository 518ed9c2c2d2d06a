import CWebP
import Foundation

/// WebP through libwebp (status codes only, no setjmp) and libwebpdemux for animations.
enum WebPCodec {
    static func info(of data: Data) throws(CodecError) -> ImageInfo {
        makeInfo(try readHeader(data), data: data)
    }

    static func decode(_ data: Data, options: DecodingOptions) throws(CodecError) -> DecodedImage {
        let header = try readHeader(data)
        let info = makeInfo(header, data: data)
        try PixelLimit.check(format: .webp, width: info.width, height: info.height, limit: options.pixelLimit)
        if header.animated != 0 {
            let pixels = try PixelBuffer(decodingWidth: info.width, height: info.height) { (storage) throws(CodecError) in
                let (status, message) = data.withUnsafeBytes { raw in
                    CLibraryMessage.capturing { text, capacity in
                        cwebp_decode_first_frame_rgba(
                            raw.bindMemory(to: UInt8.self).baseAddress, raw.count, header.width, header.height,
                            storage.baseAddress, text, capacity)
                    }
                }
                try check(status, message)
            }
            return DecodedImage(info: info, pixels: pixels)
        }
        let (width, height) = scaledSize(width: info.width, height: info.height, minimum: options.minimumSize)
        var pixels = try PixelBuffer(decodingWidth: width, height: height) { (storage) throws(CodecError) in
            let (status, message) = data.withUnsafeBytes { raw in
                CLibraryMessage.capturing { text, capacity in
                    cwebp_decode_rgba(
                        raw.bindMemory(to: UInt8.self).baseAddress, raw.count, UInt32(width), UInt32(height),
                        storage.baseAddress, width * 4, text, capacity)
                }
            }
            try check(status, message)
        }
        if options.appliesOrientation, let orientation = info.orientation {
            pixels = pixels.applyingEXIFOrientation(orientation)
        }
        return DecodedImage(info: info, pixels: pixels)
    }

    static func encode(_ buffer: PixelBuffer, options: WebPOptions) throws(CodecError) -> Data {
        guard (0...100).contains(options.quality) else {
            throw .invalidOption(name: "WebP quality", value: String(options.quality), allowed: "0–100")
        }
        guard (0...6).contains(options.method) else {
            throw .invalidOption(name: "WebP method", value: String(options.method), allowed: "0–6")
        }
        guard (0...100).contains(options.alphaQuality) else {
            throw .invalidOption(name: "WebP alphaQuality", value: String(options.alphaQuality), allowed: "0–100")
        }
        guard buffer.width <= 16_383, buffer.height <= 16_383 else {
            throw .encodingFailed(
                format: .webp, reason: "\(buffer.width)x\(buffer.height) is too large: WebP allows at most 16383 pixels per side")
        }
        let settings = cwebp_encode_settings(
            quality: Float(options.quality), lossless: options.lossless ? 1 : 0, method: Int32(options.method),
            alpha_quality: Int32(options.alphaQuality), exact: options.exact ? 1 : 0)
        var output: UnsafeMutablePointer<UInt8>?
        var outputSize = 0
        let (status, message) = buffer.pixels.withUnsafeBufferPointer { pixels in
            CLibraryMessage.capturing { text, capacity in
                cwebp_encode_rgba(
                    pixels.baseAddress, UInt32(buffer.width), UInt32(buffer.height), buffer.bytesPerRow,
                    settings, &output, &outputSize, text, capacity)
            }
        }
        guard status == CWEBP_OK, let output else { throw .encodingFailed(format: .webp, reason: message) }
        return Data(bytesNoCopy: output, count: outputSize, deallocator: .custom { bytes, _ in cwebp_free(bytes) })
    }

    /// The smallest size with the original aspect ratio whose sides both reach `minimum`
    /// (capped at the original size).
    static func scaledSize(width: Int, height: Int, minimum: (width: Int, height: Int)?) -> (Int, Int) {
        guard let minimum else { return (width, height) }
        let wantedWidth = min(max(minimum.width, 1), width)
        let wantedHeight = min(max(minimum.height, 1), height)
        let scale = max(Double(wantedWidth) / Double(width), Double(wantedHeight) / Double(height))
        guard scale < 1 else { return (width, height) }
        let scaledWidth = min(width, max(wantedWidth, Int((Double(width) * scale).rounded(.up))))
        let scaledHeight = min(height, max(wantedHeight, Int((Double(height) * scale).rounded(.up))))
        return (scaledWidth, scaledHeight)
    }

    private static func check(_ status: cwebp_status, _ message: String) throws(CodecError) {
        switch status {
        case CWEBP_OK: return
        case CWEBP_UNSUPPORTED: throw .unsupported(format: .webp, feature: "a bitstream feature libwebp reports as unsupported")
        default: throw .decodingFailed(format: .webp, reason: message)
        }
    }

    private static func readHeader(_ data: Data) throws(CodecError) -> cwebp_info {
        var header = cwebp_info()
        let (status, message) = data.withUnsafeBytes { raw in
            CLibraryMessage.capturing { text, capacity in
                cwebp_read_info(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &header, text, capacity)
            }
        }
        try check(status, message)
        return header
    }

    private static func makeInfo(_ header: cwebp_info, data: Data) -> ImageInfo {
        let coding =
            switch header.coding {
            case 1: "lossy"
            case 2: "lossless"
            default: "mixed"
            }
        var storage = header.animated != 0 ? "animated \(coding)" : coding
        if header.has_alpha != 0 { storage += " +alpha" }
        if header.animated != 0 { storage += " (\(header.frame_count) frames)" }
        var orientation: Int?
        if header.exif_size > 0 {
            orientation = data.withUnsafeBytes { raw in
                let start = Int(header.exif_offset)
                guard start < raw.count, Int(header.exif_size) <= raw.count - start else { return nil }
                return EXIFOrientation.read(from: UnsafeRawBufferPointer(rebasing: raw[start..<(start + Int(header.exif_size))]))
            }
        }
        return ImageInfo(
            format: .webp, width: Int(header.width), height: Int(header.height), storage: storage,
            hasAlphaChannel: header.has_alpha != 0, frameCount: Int(header.frame_count), orientation: orientation,
            isOpaqueByFormat: header.coding == 1 && header.has_alpha == 0 && header.animated == 0)
    }
}
