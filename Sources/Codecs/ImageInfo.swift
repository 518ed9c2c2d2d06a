/// What a file says about itself, read from its header without decoding the pixels.
public struct ImageInfo: Sendable, Hashable, Codable {
    /// The format, found from the bytes.
    public var format: ImageFormat
    /// Width in pixels, as stored (before any EXIF orientation).
    public var width: Int
    /// Height in pixels, as stored.
    public var height: Int
    /// How the pixels are stored, in the format's own terms:
    /// PNG `"rgba 8-bit"`, `"palette 4-bit +tRNS interlaced"`; JPEG `"ycbcr baseline"`,
    /// `"cmyk progressive"`; WebP `"lossy +alpha"`, `"lossless"`, `"animated (12 frames)"`.
    public var storage: String
    /// Whether the file can carry transparency (an alpha channel, tRNS, WebP alpha).
    /// Whether any pixel actually is transparent is ``PixelBuffer/hasTransparency``.
    public var hasAlphaChannel: Bool
    /// Frames in the file: 1 except for animated WebP (only the first is decoded).
    public var frameCount: Int
    /// EXIF orientation 1–8 of a JPEG or WebP, when it has one.
    public var orientation: Int?
    /// Whether the way the file stores its pixels rules out transparency, so every pixel is
    /// opaque without decoding one: a JPEG, a PNG without alpha channel or tRNS, a still lossy
    /// WebP without alpha. `false` when only the pixels can tell (a lossless WebP's alpha flag
    /// is a hint the bitstream need not honour).
    public var isOpaqueByFormat: Bool

    /// Header information as a decoder found it.
    public init(
        format: ImageFormat, width: Int, height: Int, storage: String, hasAlphaChannel: Bool, frameCount: Int = 1,
        orientation: Int? = nil, isOpaqueByFormat: Bool = false
    ) {
        self.format = format
        self.width = width
        self.height = height
        self.storage = storage
        self.hasAlphaChannel = hasAlphaChannel
        self.frameCount = frameCount
        self.orientation = orientation
        self.isOpaqueByFormat = isOpaqueByFormat
    }
}

/// A decoded image: its pixels and what the file said about it.
public struct DecodedImage: Sendable, Hashable {
    /// The header information of the file.
    public var info: ImageInfo
    /// The pixels, possibly scaled down when ``DecodingOptions/minimumSize`` was set.
    public var pixels: PixelBuffer
    /// What the decoder recovered from, in the library's words, when the file was damaged
    /// but still decodable (libjpeg's corrupt-data warnings); `nil` for a clean file.
    public var warning: String? = nil

    /// Pairs pixels with the header they came from.
    public init(info: ImageInfo, pixels: PixelBuffer) {
        self.info = info
        self.pixels = pixels
    }
}
