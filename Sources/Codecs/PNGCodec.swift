import CPNG
import Foundation

/// PNG through libpng's low-level API (in the CPNG shim, which owns every setjmp).
enum PNGCodec {
    static func info(of data: Data) throws(CodecError) -> ImageInfo {
        try makeInfo(readHeader(data))
    }

    static func decode(_ data: Data, options: DecodingOptions) throws(CodecError) -> DecodedImage {
        let header = try readHeader(data)
        let info = makeInfo(header)
        try PixelLimit.check(format: .png, width: info.width, height: info.height, limit: options.pixelLimit)
        var pixels = try PixelBuffer(decodingWidth: info.width, height: info.height) { (storage) throws(CodecError) in
            let (status, message) = data.withUnsafeBytes { raw in
                CLibraryMessage.capturing { text, capacity in
                    cpng_decode_rgba(
                        raw.bindMemory(to: UInt8.self).baseAddress, raw.count, header.width, header.height,
                        storage.baseAddress, text, capacity)
                }
            }
            guard status == CPNG_OK else { throw .decodingFailed(format: .png, reason: message) }
        }
        // Without an alpha channel or tRNS the shim has libpng add alpha 255 to every pixel.
        pixels.isKnownOpaque = !info.hasAlphaChannel
        return DecodedImage(info: info, pixels: pixels)
    }

    static func encode(_ buffer: PixelBuffer, options: PNGOptions) throws(CodecError) -> Data {
        guard (0...9).contains(options.compressionLevel) else {
            throw .invalidOption(name: "PNG compressionLevel", value: String(options.compressionLevel), allowed: "0–9")
        }
        let writesAlpha = !(options.dropsOpaqueAlpha && !buffer.hasTransparency)
        var output: UnsafeMutablePointer<UInt8>?
        var outputSize = 0
        let (status, message) = buffer.pixels.withUnsafeBufferPointer { pixels in
            CLibraryMessage.capturing { text, capacity in
                cpng_encode_rgba(
                    pixels.baseAddress, UInt32(buffer.width), UInt32(buffer.height), buffer.bytesPerRow,
                    writesAlpha ? 1 : 0, Int32(options.compressionLevel), options.filter.libpngFlags,
                    &output, &outputSize, text, capacity)
            }
        }
        guard status == CPNG_OK, let output else { throw .encodingFailed(format: .png, reason: message) }
        return Data(bytesNoCopy: output, count: outputSize, deallocator: .custom { bytes, _ in cpng_free(bytes) })
    }

    static func readHeader(_ data: Data) throws(CodecError) -> cpng_info {
        var header = cpng_info()
        let (status, message) = data.withUnsafeBytes { raw in
            CLibraryMessage.capturing { text, capacity in
                cpng_read_info(raw.bindMemory(to: UInt8.self).baseAddress, raw.count, &header, text, capacity)
            }
        }
        guard status == CPNG_OK else { throw .decodingFailed(format: .png, reason: message) }
        return header
    }

    static func makeInfo(_ header: cpng_info) -> ImageInfo {
        let colour: String
        switch header.color_type {
        case 0: colour = "gray"
        case 2: colour = "rgb"
        case 3: colour = "palette"
        case 4: colour = "gray+alpha"
        case 6: colour = "rgba"
        default: colour = "colour type \(header.color_type)"
        }
        var storage = "\(colour) \(header.bit_depth)-bit"
        if header.has_trns != 0 { storage += " +tRNS" }
        if header.interlaced != 0 { storage += " interlaced" }
        return ImageInfo(
            format: .png, width: Int(header.width), height: Int(header.height), storage: storage,
            hasAlphaChannel: header.color_type & 4 != 0 || header.has_trns != 0,
            isOpaqueByFormat: header.color_type & 4 == 0 && header.has_trns == 0)
    }
}

extension PNGFilter {
    /// The libpng filter mask for this choice.
    var libpngFlags: Int32 {
        let flags: Int32 =
            switch self {
            case .none: Int32(CPNG_FILTER_NONE)
            case .sub: Int32(CPNG_FILTER_SUB)
            case .up: Int32(CPNG_FILTER_UP)
            case .average: Int32(CPNG_FILTER_AVG)
            case .paeth: Int32(CPNG_FILTER_PAETH)
            case .adaptive: Int32(CPNG_FILTER_ALL)
            }
        return flags
    }
}
