import Codecs

extension Stages {
    /// Decodes the item's bytes into pixels through Codecs, the format found from the bytes.
    /// Does nothing when the item is already decoded.
    ///
    /// With a minimum size the codec may decode natively scaled down (JPEG, WebP), which is
    /// much cheaper for previews; later stages then see the reduced pixels, and a re-encode
    /// writes them, while a plain write still writes the original bytes.
    public struct Decode: ItemProcessing {
        /// The decoding options (pixel limit, EXIF orientation, minimum size).
        public var options: DecodingOptions

        /// A decode stage with `options`.
        public init(options: DecodingOptions = DecodingOptions()) {
            self.options = options
        }

        /// Decodes the item unless it already holds pixels.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            _ = try item.decodedImage(options: options)
            return item
        }

        /// `decode` or `decode(at least 256x256)`.
        public var description: String {
            if let size = options.minimumSize { return "decode(at least \(size.width)x\(size.height))" }
            return "decode"
        }
    }
}
