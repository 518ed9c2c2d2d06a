import Codecs

/// A file the pipeline wrote, with what a user would check about it.
public struct WrittenFile: Sendable, Hashable, Codable {
    /// What the file is for.
    public enum Role: String, Sendable, Hashable, Codable {
        /// The image itself.
        case image
        /// A reduced copy, written as `NAME.thumb.EXT`.
        case thumbnail
    }

    /// The absolute path of the file.
    public var path: String
    /// What the file is for.
    public var role: Role
    /// The format of its bytes.
    public var format: ImageFormat
    /// Its size in bytes.
    public var bytes: Int
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int
    /// SHA-256 of its bytes, lowercase hex.
    public var sha256: String

    /// A record from its parts.
    public init(path: String, role: Role, format: ImageFormat, bytes: Int, width: Int, height: Int, sha256: String) {
        self.path = path
        self.role = role
        self.format = format
        self.bytes = bytes
        self.width = width
        self.height = height
        self.sha256 = sha256
    }
}
