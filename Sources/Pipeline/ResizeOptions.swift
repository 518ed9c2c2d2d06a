import Codecs

/// How an image is fitted into a box, with the names sharp and libvips use.
public enum ResizeFit: String, Sendable, Hashable, Codable, CaseIterable {
    /// As large as possible while staying inside the box; the aspect ratio is kept. The default.
    case inside
    /// As small as possible while covering the box; the aspect ratio is kept, the result may be larger than the box.
    case outside
    /// Covers the box, then the overflow is cropped from the centre: exactly the box's size.
    case cover
    /// Fits inside the box, then is centred on a canvas of exactly the box's size, padded with a background colour.
    case contain
    /// Stretched to exactly the box's size; the aspect ratio is not kept.
    case fill
}

/// The filter used to resample pixels. Both work in premultiplied alpha.
public enum ResamplingFilter: String, Sendable, Hashable, Codable, CaseIterable {
    /// Windowed sinc over 3 lobes: sharp, the usual choice for photographs.
    case lanczos3
    /// Each output pixel is the exact average of the source area it covers: no ringing, ideal for masks and flat art.
    case area
}

/// What a resize does: the box, the fit, the filter.
///
/// ```swift
/// let thumb = try ImageResizer.resize(image, with: ResizeOptions(width: 256, height: 256))
/// let banner = try ImageResizer.resize(image, with: ResizeOptions(width: 1200, height: 300, fit: .cover))
/// ```
public struct ResizeOptions: Sendable, Hashable, CustomStringConvertible {
    /// The box width in pixels, 1 or more.
    public var width: Int
    /// The box height in pixels, 1 or more.
    public var height: Int
    /// How the image fits into the box. Default ``ResizeFit/inside``.
    public var fit: ResizeFit
    /// Whether an image smaller than the box may be scaled up. Default false: it is left at its size
    /// (``ResizeFit/contain`` still pads it to the box, ``ResizeFit/cover`` crops only what overflows).
    public var allowsEnlargement: Bool
    /// The resampling filter. Default ``ResamplingFilter/lanczos3``.
    public var filter: ResamplingFilter
    /// The padding colour of ``ResizeFit/contain``. Default transparent.
    public var background: RGBA

    /// Options for a box of `width` × `height`.
    public init(
        width: Int, height: Int, fit: ResizeFit = .inside, allowsEnlargement: Bool = false,
        filter: ResamplingFilter = .lanczos3, background: RGBA = .clear
    ) {
        self.width = width
        self.height = height
        self.fit = fit
        self.allowsEnlargement = allowsEnlargement
        self.filter = filter
        self.background = background
    }

    /// `256x256 inside lanczos3`.
    public var description: String {
        "\(width)x\(height) \(fit.rawValue)\(allowsEnlargement ? " enlarging" : "") \(filter.rawValue)"
    }
}
