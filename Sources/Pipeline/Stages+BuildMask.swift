import Codecs

extension Stages {
    /// Turns the item's image into an edit mask (see ``MaskBuilder``): the item's pixels
    /// become the mask, written as an RGBA PNG.
    public struct BuildMask: ItemProcessing {
        /// How the mask is built.
        public var options: MaskOptions

        /// A mask stage with `options`.
        public init(_ options: MaskOptions = MaskOptions()) {
            self.options = options
        }

        /// Replaces the item's pixels with the mask built from them.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            let image = try item.decodedImage()
            // The item lets go of the pixels first, so the mask is built in their buffer.
            item.image = nil
            let mask = try MaskBuilder.build(from: consume image, options: options)
            item.replaceImage(with: mask)
            item.format = .png
            item.encoding = MaskBuilder.encoding
            return item
        }

        /// `buildMask(luminance < 128, inverted)`.
        public var description: String { "buildMask(\(options))" }
    }
}
