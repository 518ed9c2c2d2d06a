import Codecs

/// Where the edit area of a mask is read from.
public enum MaskSource: Sendable, Hashable, Codable, CustomStringConvertible {
    /// A black-and-white or grayscale drawing, cut at a threshold: pixels whose luminance is
    /// below `threshold` are edited (alpha 0), pixels at or above it are kept (alpha 255).
    /// With the default 128, black (0...127) is edited and white (128...255) kept; a pixel
    /// exactly at the threshold is kept.
    case luminance(threshold: UInt8)
    /// A grayscale drawing read softly: the mask's alpha is the luminance itself, so black is
    /// edited fully, white kept, and grays in between partially.
    case softLuminance
    /// An image's own alpha channel: transparent areas are edited, opaque ones kept, as is.
    case alpha

    /// Black is edited, white kept, cut at mid-gray.
    public static let blackAndWhite = MaskSource.luminance(threshold: 128)

    /// `luminance < 128`, `soft luminance` or `alpha`.
    public var description: String {
        switch self {
        case .luminance(let threshold): "luminance < \(threshold)"
        case .softLuminance: "soft luminance"
        case .alpha: "alpha"
        }
    }
}

/// How a mask is built: its source, whether it is inverted, and the size it is fitted to.
///
/// ```swift
/// let mask = try MaskBuilder.build(from: drawing, options: MaskOptions(source: .blackAndWhite, fittingTo: ImageSize(width: 1024, height: 1024)))
/// ```
public struct MaskOptions: Sendable, Hashable, CustomStringConvertible {
    /// Where the edit area is read from. Default ``MaskSource/blackAndWhite``.
    public var source: MaskSource
    /// Swap edited and kept areas (white edited, black kept). Default false.
    public var inverted: Bool
    /// Resample the mask to this size (usually the image's), aspect ratio not kept. Default: keep the size.
    /// Hard masks (``MaskSource/luminance(threshold:)``) stay hard: the resampled alpha is cut at 128 again.
    public var size: ImageSize?

    /// Options from their parts.
    public init(source: MaskSource = .blackAndWhite, inverted: Bool = false, fittingTo size: ImageSize? = nil) {
        self.source = source
        self.inverted = inverted
        self.size = size
    }

    /// `luminance < 128, inverted, fitted to 1024x1024`.
    public var description: String {
        var parts = [source.description]
        if inverted { parts.append("inverted") }
        if let size { parts.append("fitted to \(size)") }
        return parts.joined(separator: ", ")
    }
}
