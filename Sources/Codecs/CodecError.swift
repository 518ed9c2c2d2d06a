/// What went wrong reading or writing an image, with the library's own words where it has some.
public enum CodecError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes start like none of PNG, JPEG or WebP.
    case unrecognizedFormat(leadingBytes: [UInt8])
    /// The image declares more pixels than the limit allows; nothing was allocated for it.
    case tooManyPixels(format: ImageFormat, width: Int, height: Int, limit: Int)
    /// The file is damaged, truncated or not what it claims; `reason` is the library's message.
    case decodingFailed(format: ImageFormat, reason: String)
    /// The image is valid but uses something gptimg does not decode (12-bit JPEG, say).
    case unsupported(format: ImageFormat, feature: String)
    /// The encoder refused the pixels or the options; `reason` is the library's message.
    case encodingFailed(format: ImageFormat, reason: String)
    /// An encoding or decoding option is out of its range.
    case invalidOption(name: String, value: String, allowed: String)
    /// Pixels handed to a ``PixelBuffer`` do not match its size.
    case invalidPixelBuffer(reason: String)
    /// The file could not be read (missing, a folder, no permission); `reason` says which.
    case unreadableFile(path: String, reason: String)

    /// A full sentence saying what went wrong and, where it helps, what to do.
    public var description: String {
        switch self {
        case .unrecognizedFormat(let bytes):
            let hex = bytes.prefix(8).map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined(separator: " ")
            return bytes.isEmpty
                ? "The file is empty: expected a PNG, JPEG or WebP image."
                : "Not a PNG, JPEG or WebP image (it starts with \(hex))."
        case .tooManyPixels(let format, let width, let height, let limit):
            return "The \(format.rawValue.uppercased()) image declares \(width)x\(height) pixels, "
                + "more than the limit of \(limit) pixels; raise the pixel limit if the file is trusted."
        case .decodingFailed(let format, let reason):
            return "Could not decode the \(format.rawValue.uppercased()) image: \(reason)"
        case .unsupported(let format, let feature):
            return "The \(format.rawValue.uppercased()) image uses \(feature), which is not supported."
        case .encodingFailed(let format, let reason):
            return "Could not encode the image as \(format.rawValue.uppercased()): \(reason)"
        case .invalidOption(let name, let value, let allowed):
            return "\(name) must be \(allowed) (got \(value))."
        case .invalidPixelBuffer(let reason):
            return "Invalid pixel buffer: \(reason)."
        case .unreadableFile(let path, let reason):
            return "Cannot read \(path): \(reason)."
        }
    }
}
