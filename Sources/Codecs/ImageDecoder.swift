import Foundation

/// Decodes PNG, JPEG and WebP bytes into a ``PixelBuffer``, the format found from the bytes.
///
/// ```swift
/// let image = try ImageDecoder.decode(Data(contentsOf: url))
/// print(image.info.format, image.pixels.width, image.pixels.hasTransparency)
/// ```
public enum ImageDecoder {
    /// Reads the header only: format, size, storage. Cheap; allocates no pixel memory.
    public static func info(of data: Data) throws(CodecError) -> ImageInfo {
        guard let format = ImageFormat(sniffing: data) else { throw .unrecognizedFormat(leadingBytes: Array(data.prefix(8))) }
        throw .unsupported(format: format, feature: "decoding (not implemented yet)")
    }

    /// Decodes the whole image (the first frame of an animation) to RGBA.
    public static func decode(_ data: Data, options: DecodingOptions = DecodingOptions()) throws(CodecError) -> DecodedImage {
        guard let format = ImageFormat(sniffing: data) else { throw .unrecognizedFormat(leadingBytes: Array(data.prefix(8))) }
        throw .unsupported(format: format, feature: "decoding (not implemented yet)")
    }
}
