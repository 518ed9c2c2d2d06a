import Foundation

/// An image file format that gptimg reads and writes.
///
/// The format of some bytes is always found from the bytes themselves (their magic
/// numbers), never from a file name:
///
/// ```swift
/// let format = ImageFormat(sniffing: data)   // .png, .jpeg, .webp or nil
/// ```
public enum ImageFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case png
    case jpeg
    case webp

    /// Finds the format from the leading bytes, or `nil` when they are none of the three.
    public init?(sniffing bytes: some Collection<UInt8>) {
        var head = [UInt8]()
        head.reserveCapacity(12)
        for byte in bytes.prefix(12) { head.append(byte) }
        if head.starts(with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) {
            self = .png
        } else if head.starts(with: [0xFF, 0xD8, 0xFF]) {
            self = .jpeg
        } else if head.count >= 12, head[0..<4].elementsEqual(Array("RIFF".utf8)),
            head[8..<12].elementsEqual(Array("WEBP".utf8))
        {
            self = .webp
        } else {
            return nil
        }
    }

    /// The file name extension gptimg writes for this format, without the dot: `png`, `jpeg`, `webp`.
    public var fileExtension: String { rawValue }

    /// The MIME type the format is uploaded as: `image/png`, `image/jpeg` or `image/webp`.
    public var mimeType: String { "image/\(rawValue)" }

    /// Whether the format can store an alpha channel.
    public var supportsAlpha: Bool { self != .jpeg }
}
