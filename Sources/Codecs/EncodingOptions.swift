/// The format to encode to, with that format's own knobs.
///
/// ```swift
/// let data = try ImageEncoder.encode(buffer, as: .webp(WebPOptions(quality: 80)))
/// ```
public enum EncodingOptions: Sendable, Hashable {
    /// PNG: lossless, keeps alpha.
    case png(PNGOptions = PNGOptions())
    /// JPEG: lossy, no alpha.
    case jpeg(JPEGOptions = JPEGOptions())
    /// WebP: lossy or lossless, keeps alpha.
    case webp(WebPOptions = WebPOptions())

    /// The format these options write.
    public var format: ImageFormat {
        switch self {
        case .png: .png
        case .jpeg: .jpeg
        case .webp: .webp
        }
    }
}

/// PNG output options (libpng / zlib).
public struct PNGOptions: Sendable, Hashable {
    /// zlib compression level, 0 (none, fastest) to 9 (smallest). Default 6.
    public var compressionLevel: Int
    /// Which row filters libpng may choose from. Default: adaptive (all).
    public var filter: PNGFilter
    /// Write RGB without an alpha channel when every pixel is opaque (pixels unchanged). Default true.
    public var dropsOpaqueAlpha: Bool

    /// PNG options; the defaults are libpng's.
    public init(compressionLevel: Int = 6, filter: PNGFilter = .adaptive, dropsOpaqueAlpha: Bool = true) {
        self.compressionLevel = compressionLevel
        self.filter = filter
        self.dropsOpaqueAlpha = dropsOpaqueAlpha
    }
}

/// PNG row filters.
public enum PNGFilter: String, Sendable, Hashable, CaseIterable {
    case none, sub, up, average, paeth
    /// libpng picks per row among all five.
    case adaptive
}

/// JPEG output options (libjpeg-turbo). JPEG has no alpha: flatten transparent pixels first.
public struct JPEGOptions: Sendable, Hashable {
    /// Quality 1–100. Default 85.
    public var quality: Int
    /// Progressive (several scans) rather than baseline. Default false.
    public var progressive: Bool
    /// Chroma subsampling. Default 4:2:0.
    public var chromaSubsampling: ChromaSubsampling

    /// JPEG options: baseline 4:2:0 at quality 85 by default.
    public init(quality: Int = 85, progressive: Bool = false, chromaSubsampling: ChromaSubsampling = .yuv420) {
        self.quality = quality
        self.progressive = progressive
        self.chromaSubsampling = chromaSubsampling
    }
}

/// JPEG chroma subsampling.
public enum ChromaSubsampling: String, Sendable, Hashable, CaseIterable {
    case yuv444 = "4:4:4"
    case yuv422 = "4:2:2"
    case yuv420 = "4:2:0"
}

/// WebP output options (libwebp).
public struct WebPOptions: Sendable, Hashable {
    /// Quality 0–100: for lossy, the visual quality; for lossless, the effort spent on size. Default 80.
    public var quality: Int
    /// Lossless (VP8L) rather than lossy (VP8). Default false.
    public var lossless: Bool
    /// Effort 0 (fastest) to 6 (smallest). Default 4.
    public var method: Int
    /// Quality of the alpha plane for lossy images, 0–100. Default 100.
    public var alphaQuality: Int
    /// Keep the RGB values of fully transparent pixels instead of letting libwebp simplify them. Default false.
    public var exact: Bool

    /// WebP options: lossy quality 80, method 4 by default, like `cwebp`.
    public init(quality: Int = 80, lossless: Bool = false, method: Int = 4, alphaQuality: Int = 100, exact: Bool = false) {
        self.quality = quality
        self.lossless = lossless
        self.method = method
        self.alphaQuality = alphaQuality
        self.exact = exact
    }
}
