import Codecs

extension Stages {
    /// Resizes the item's image (see ``ImageResizer``); the written file gets the new size.
    /// When the item is not decoded yet, it is decoded natively scaled down where the codec
    /// can (JPEG, WebP), never below the size needed.
    public struct Resize: ItemProcessing {
        /// The box, fit and filter.
        public var options: ResizeOptions

        /// A resize stage.
        public init(_ options: ResizeOptions) {
            self.options = options
        }

        /// Replaces the item's pixels with the resized ones.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            let source = try item.pixelsForResizing(options, keepsDecodedImage: true)
            item.replaceImage(with: try ImageResizer.resize(source, with: options))
            return item
        }

        /// `resize(1024x1024 inside lanczos3)`.
        public var description: String { "resize(\(options))" }
    }

    /// Makes a reduced copy of the item's image, written beside it as `NAME.thumb.EXT` by the
    /// write stage; the image itself is unchanged. When the item is not decoded yet, the
    /// thumbnail is made from a natively reduced decode and the item stays undecoded.
    public struct Thumbnail: ItemProcessing {
        /// The box, fit and filter.
        public var options: ResizeOptions
        /// How the thumbnail is encoded; `nil`: like the image.
        public var encoding: EncodingOptions?

        /// A thumbnail stage.
        public init(_ options: ResizeOptions, encoding: EncodingOptions? = nil) {
            self.options = options
            self.encoding = encoding
        }

        /// Stores a resized copy as the item's thumbnail.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            let source = try item.pixelsForResizing(options, keepsDecodedImage: false)
            item.thumbnail = ThumbnailImage(pixels: try ImageResizer.resize(source, with: options), encoding: encoding)
            return item
        }

        /// `thumbnail(256x256 inside lanczos3)`.
        public var description: String {
            "thumbnail(\(options)\(encoding.map { ", " + $0.summary } ?? ""))"
        }
    }
}

extension PipelineItem {
    /// The pixels to resize from: the decoded image, or a decode reduced natively to no less
    /// than the size the resize needs. `keepsDecodedImage` stores a fresh decode in the item.
    mutating func pixelsForResizing(_ options: ResizeOptions, keepsDecodedImage: Bool) throws(StageError) -> PixelBuffer {
        if let image { return image }
        let header = try imageInfo()
        let geometry = try ImageResizer.geometry(for: ImageSize(width: header.width, height: header.height), with: options)
        let decodingOptions = DecodingOptions(minimumSize: (geometry.scaled.width, geometry.scaled.height))
        if keepsDecodedImage { return try decodedImage(options: decodingOptions) }
        do {
            return try ImageDecoder.decode(data, options: decodingOptions).pixels
        } catch {
            throw .decodingFailed(error)
        }
    }
}
