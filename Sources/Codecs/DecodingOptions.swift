/// How an image is decoded.
public struct DecodingOptions: Sendable, Hashable {
    /// The most pixels (width × height) an image may declare; larger ones are refused
    /// before any pixel memory is allocated. Default 100 megapixels.
    public var pixelLimit: Int
    /// Rotate / flip JPEG and WebP pixels as their EXIF orientation says. Off by default:
    /// decoded pixels are the stored ones (``ImageInfo/orientation`` still reports it).
    public var appliesOrientation: Bool
    /// When set, the decoder may return a smaller image, scaled down natively by the codec
    /// (libjpeg-turbo DCT scaling, libwebp scaled decoding), as long as both sides stay at
    /// least this large (or as large as the original when it is smaller). Cheap thumbnails.
    public var minimumSize: (width: Int, height: Int)?

    /// Options with the given limit (default 100 megapixels), orientation and minimum size.
    public init(pixelLimit: Int = 100_000_000, appliesOrientation: Bool = false, minimumSize: (width: Int, height: Int)? = nil) {
        self.pixelLimit = pixelLimit
        self.appliesOrientation = appliesOrientation
        self.minimumSize = minimumSize
    }

    /// Equal when every option is equal (tuples are not `Equatable`, hence by hand).
    public static func == (lhs: DecodingOptions, rhs: DecodingOptions) -> Bool {
        lhs.pixelLimit == rhs.pixelLimit && lhs.appliesOrientation == rhs.appliesOrientation
            && lhs.minimumSize?.width == rhs.minimumSize?.width && lhs.minimumSize?.height == rhs.minimumSize?.height
    }

    /// Hashes every option.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(pixelLimit)
        hasher.combine(appliesOrientation)
        hasher.combine(minimumSize?.width)
        hasher.combine(minimumSize?.height)
    }
}
