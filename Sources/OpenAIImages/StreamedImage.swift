import Foundation

/// An image carried by a stream event, decoded from base64.
public struct StreamedImage: Sendable, Hashable {
    /// The encoded image bytes.
    public var data: Data
    /// The 0-based number of a partial image; `nil` for a completed one.
    public var partialIndex: Int?
    /// The image size.
    public var size: ImageSize?
    /// How carefully the image is drawn.
    public var quality: ImageQuality?
    /// The background: transparent, opaque or auto.
    public var background: ImageBackground?
    /// The encoding of the returned images (PNG when unset).
    public var outputFormat: OutputFormat?
    /// Unix seconds.
    public var createdAt: Int?

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        data: Data, partialIndex: Int? = nil, size: ImageSize? = nil, quality: ImageQuality? = nil,
        background: ImageBackground? = nil, outputFormat: OutputFormat? = nil, createdAt: Int? = nil
    ) {
        self.data = data
        self.partialIndex = partialIndex
        self.size = size
        self.quality = quality
        self.background = background
        self.outputFormat = outputFormat
        self.createdAt = createdAt
    }
}
