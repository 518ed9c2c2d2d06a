import Codecs

extension Stages {
    /// Encodes the item's pixels again, in any format with its own knobs. JPEG has no alpha:
    /// transparent pixels are flattened onto ``background`` first (white unless told).
    public struct Reencode: ItemProcessing {
        /// The format and its options.
        public var options: EncodingOptions
        /// The colour transparent pixels are flattened onto for JPEG. Default white.
        public var background: RGBA

        /// A re-encode stage.
        public init(_ options: EncodingOptions, background: RGBA = .white) {
            self.options = options
            self.background = background
        }

        /// Encodes the item's pixels (decoding them first when needed) into its data.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            try item.encode(as: options, background: background)
            return item
        }

        /// `reencode(webp q80)`.
        public var description: String { "reencode(\(options.summary))" }
    }
}

extension EncodingOptions {
    /// `png level 6`, `jpeg q85`, `webp q80 alpha 100`, `webp lossless`.
    var summary: String {
        switch self {
        case .png(let png): "png level \(png.compressionLevel)"
        case .jpeg(let jpeg): "jpeg q\(jpeg.quality)\(jpeg.progressive ? " progressive" : "")"
        case .webp(let webp): webp.lossless ? "webp lossless" : "webp q\(webp.quality) alpha \(webp.alphaQuality)"
        }
    }

    /// The options used for `format` when none were given.
    static func defaults(for format: ImageFormat) -> EncodingOptions {
        switch format {
        case .png: .png()
        case .jpeg: .jpeg()
        case .webp: .webp()
        }
    }
}
