import Codecs
import Foundation

extension PipelineItem {
    /// The item's pixels, decoding ``data`` first when no stage has yet. What the decoder
    /// recovered from in a damaged file is added to ``warnings``.
    ///
    /// - Throws: ``StageError/decodingFailed(_:)`` when the bytes are not a decodable image.
    public mutating func decodedImage(options: DecodingOptions = DecodingOptions()) throws(StageError) -> PixelBuffer {
        if let image { return image }
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(data, options: options)
        } catch {
            throw .decodingFailed(error)
        }
        info = decoded.info
        format = decoded.info.format
        image = decoded.pixels
        if let warning = decoded.warning {
            warnings.append("The image was damaged but decoded: \(warning)")
        }
        return decoded.pixels
    }

    /// The original image's header, read without decoding pixels when it has not been read yet.
    ///
    /// - Throws: ``StageError/decodingFailed(_:)`` when the bytes are not a readable image.
    public mutating func imageInfo() throws(StageError) -> ImageInfo {
        if let info { return info }
        do {
            let header = try ImageDecoder.info(of: data)
            info = header
            return header
        } catch {
            throw .decodingFailed(error)
        }
    }

    /// Replaces the pixels; ``data`` will be re-encoded before it is written.
    public mutating func replaceImage(with pixels: PixelBuffer) {
        image = pixels
        imageIsNewerThanData = true
    }

    /// Encodes ``image`` into ``data`` with `options`, flattening onto `background` (default:
    /// ``flatteningBackground``) for formats without alpha.
    ///
    /// - Throws: ``StageError/encodingFailed(_:)`` when the encoder refuses, or
    ///   ``StageError/decodingFailed(_:)`` when the image had to be decoded first and could not be.
    public mutating func encode(as options: EncodingOptions, background: RGBA? = nil) throws(StageError) {
        let pixels = try decodedImage()
        if let background { flatteningBackground = background }
        data = try Self.encoded(pixels, as: options, background: flatteningBackground)
        format = options.format
        encoding = options
        imageIsNewerThanData = false
    }

    /// `pixels` encoded with `options`, flattened onto `background` first when the format has no alpha.
    static func encoded(_ pixels: PixelBuffer, as options: EncodingOptions, background: RGBA) throws(StageError) -> Data {
        let ready = options.format.supportsAlpha ? pixels : pixels.flattened(onto: background)
        do {
            return try ImageEncoder.encode(ready, as: options)
        } catch {
            throw .encodingFailed(error)
        }
    }
}
