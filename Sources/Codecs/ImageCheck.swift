/// What checking a file found without keeping its pixels: the header, whether the pixels
/// themselves went through the decoder, and any damage it recovered from.
///
/// ```swift
/// let check = try ImageDecoder.checkStructure(of: data)
/// if check.info.isOpaqueByFormat { print("opaque, structure intact") }
/// ```
public struct ImageCheck: Sendable, Hashable {
    /// The header information of the file.
    public var info: ImageInfo
    /// `true` when every pixel was decoded (``ImageDecoder/decodeRows(_:options:_:)``),
    /// `false` when only the file's structure was checked (``ImageDecoder/checkStructure(of:options:)``).
    public var pixelsDecoded: Bool
    /// Damage the file has that did not stop the check, in a sentence: libjpeg's
    /// corrupt-data warnings, a PNG with no IEND chunk. `nil` for a clean file.
    public var warning: String?

    /// A result as a check found it.
    public init(info: ImageInfo, pixelsDecoded: Bool, warning: String? = nil) {
        self.info = info
        self.pixelsDecoded = pixelsDecoded
        self.warning = warning
    }
}
