import Codecs
import Foundation

/// An input image read into memory, its format found from its bytes.
public struct LoadedImage: Sendable, Hashable {
    /// The encoded bytes.
    public var data: Data
    /// PNG, JPEG or WebP, from the magic numbers.
    public var format: ImageFormat
    /// The file name sent in the multipart part.
    public var filename: String
    /// Where it came from, for error messages.
    public var source: String

    /// Creates one from its parts; what is left unset stays unset.
    public init(data: Data, format: ImageFormat, filename: String, source: String) {
        self.data = data
        self.format = format
        self.filename = filename
        self.source = source
    }
}
