import Codecs
import Pipeline

/// The decode of a run whose only use of the pixels is a thumbnail (no transparency check, no
/// re-encode): a JPEG, or a WebP without alpha, is decoded natively scaled down
/// (libjpeg-turbo DCT scaling, libwebp scaled decoding) to no less than twice the thumbnail's
/// size, and the thumbnail stage's Lanczos-3 takes it the rest of the way. Any other image is
/// decoded whole.
///
/// A full-size decode and resize of a 1024×1024 image cost several times the thumbnail itself;
/// with twenty answers arriving together on a small machine that is what keeps the last one
/// waiting. The codec still reads the whole bitstream, so a damaged image fails here exactly
/// as in a full decode (and is asked for again). The margin of two keeps the thumbnail's
/// sharpness that of a full-size Lanczos-3 resize; images with alpha are decoded whole
/// because the codecs scale colour and alpha apart, which would leave halos at soft edges.
///
/// The written image is the API's bytes either way; sizes and checks come from its header.
struct DecodeForThumbnail: ItemProcessing {
    /// The thumbnail's box, fit and filter.
    var thumbnail: ResizeOptions

    /// How much larger than the thumbnail the reduced decode stays, on both sides.
    static let margin = 2

    func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
        var item = item
        _ = try item.decodedImage(options: try decodingOptions(for: item.imageInfo()))
        return item
    }

    /// Scaled decoding for a JPEG or a WebP without alpha whose thumbnail is smaller than the
    /// image by more than ``margin``; the plain full decode otherwise.
    func decodingOptions(for header: ImageInfo) throws(StageError) -> DecodingOptions {
        guard header.format != .png, !header.hasAlphaChannel else { return DecodingOptions() }
        let geometry = try ImageResizer.geometry(for: PipelineSize(width: header.width, height: header.height), with: thumbnail)
        let minimum = (width: geometry.scaled.width * Self.margin, height: geometry.scaled.height * Self.margin)
        guard minimum.width < header.width && minimum.height < header.height else { return DecodingOptions() }
        return DecodingOptions(minimumSize: minimum)
    }

    /// `decode(for thumbnail 256x256 inside lanczos3)`.
    var description: String { "decode(for thumbnail \(thumbnail))" }
}
