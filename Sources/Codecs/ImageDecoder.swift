import Foundation

/// Decodes PNG, JPEG and WebP bytes into a ``PixelBuffer``, the format found from the bytes.
///
/// ```swift
/// let image = try ImageDecoder.decode(Data(contentsOf: url))
/// print(image.info.format, image.pixels.width, image.pixels.hasTransparency)
/// ```
///
/// Decoded pixels follow one convention so that hashes compare across tools: palette
/// expanded, tRNS as alpha, gray replicated to RGB, 16-bit samples cut to their high byte,
/// no gamma or colour-profile correction, CMYK converted naively, EXIF orientation applied
/// only when ``DecodingOptions/appliesOrientation`` asks, the first frame of an animation.
public enum ImageDecoder {
    /// Reads the header only: format, size, storage. Cheap; allocates no pixel memory.
    public static func info(of data: Data) throws(CodecError) -> ImageInfo {
        switch try sniff(data) {
        case .png: try PNGCodec.info(of: data)
        case .jpeg: try JPEGCodec.info(of: data)
        case .webp: try WebPCodec.info(of: data)
        }
    }

    /// Decodes the whole image (the first frame of an animation) to RGBA.
    ///
    /// - Throws: ``CodecError/tooManyPixels(format:width:height:limit:)`` before allocating
    ///   anything when the header declares more than ``DecodingOptions/pixelLimit`` pixels;
    ///   ``CodecError/decodingFailed(format:reason:)`` with the library's message for damaged
    ///   or truncated data; ``CodecError/unsupported(format:feature:)`` for valid files this
    ///   build cannot decode (12-bit or lossless JPEG).
    public static func decode(_ data: Data, options: DecodingOptions = DecodingOptions()) throws(CodecError) -> DecodedImage {
        switch try sniff(data) {
        case .png: try PNGCodec.decode(data, options: options)
        case .jpeg: try JPEGCodec.decode(data, options: options)
        case .webp: try WebPCodec.decode(data, options: options)
        }
    }

    private static func sniff(_ data: Data) throws(CodecError) -> ImageFormat {
        guard let format = ImageFormat(sniffing: data) else { throw .unrecognizedFormat(leadingBytes: Array(data.prefix(8))) }
        return format
    }
}
