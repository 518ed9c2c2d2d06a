import Foundation

/// Encodes a ``PixelBuffer`` as PNG, JPEG or WebP.
///
/// ```swift
/// let png = try ImageEncoder.encode(buffer, as: .png(PNGOptions(compressionLevel: 9)))
/// let jpeg = try ImageEncoder.encode(buffer, as: .jpeg(JPEGOptions(quality: 85, progressive: true)))
/// ```
public enum ImageEncoder {
    /// Encodes `buffer` with the given format and options.
    ///
    /// - Throws: ``CodecError/invalidOption(name:value:allowed:)`` when an option is out of its
    ///   range (PNG compression 0–9, JPEG quality 1–100, WebP quality and alpha quality 0–100,
    ///   method 0–6); ``CodecError/encodingFailed(format:reason:)`` with the library's message.
    ///   JPEG ignores alpha: flatten transparent pixels onto a background first.
    public static func encode(_ buffer: PixelBuffer, as options: EncodingOptions) throws(CodecError) -> Data {
        switch options {
        case .png(let png): try PNGCodec.encode(buffer, options: png)
        case .jpeg(let jpeg): try JPEGCodec.encode(buffer, options: jpeg)
        case .webp(let webp): try WebPCodec.encode(buffer, options: webp)
        }
    }
}
