import Foundation

/// A file part of a multipart body.
public struct RecordedFile: Sendable, Hashable {
    /// The part name: `image[]`, `image` or `mask`.
    public var name: String
    /// The file name the part declared.
    public var filename: String?
    /// The MIME type the part declared.
    public var contentType: String?
    /// The bytes.
    public var data: Data
}
