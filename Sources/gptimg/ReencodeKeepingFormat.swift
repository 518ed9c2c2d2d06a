import Codecs
import Pipeline

/// Re-encodes to the format the flags ask for (or the input's own) with the quality flags.
struct ReencodeKeepingFormat: ItemProcessing {
    /// The --format asked for; nil keeps each input's format.
    var format: ImageFormat?
    var compression: Int?
    var pngLevel: Int
    var lossless: Bool

    /// The encoding an image of format `input` gets.
    func options(for input: ImageFormat) -> EncodingOptions {
        switch format ?? input {
        case .png: .png(PNGOptions(compressionLevel: pngLevel))
        case .jpeg: .jpeg(JPEGOptions(quality: max(1, compression ?? 85)))
        case .webp: .webp(WebPOptions(quality: compression ?? 80, lossless: lossless))
        }
    }

    func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
        var item = item
        try item.encode(as: options(for: item.format ?? .png), background: .white)
        return item
    }

    var description: String { "reencode(\(format?.rawValue ?? "same format"))" }
}
