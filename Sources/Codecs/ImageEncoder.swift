import Foundation

/// Encodes a ``PixelBuffer`` as PNG, JPEG or WebP.
///
/// ```swift
/// let png = try ImageEncoder.encode(buffer, as: .png(PNGOptions(compressionLevel: 9)))
/// ```
public enum ImageEncoder {
    /// Encodes `buffer` with the given format and options.
    public static func encode(_ buffer: PixelBuffer, as options: EncodingOptions) throws(CodecError) -> Data {
        throw .unsupported(format: options.format, feature: "encoding (not implemented yet)")
    }
}
