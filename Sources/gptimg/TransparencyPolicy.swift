/// What `--transparency` does with an image's transparent pixels.
enum TransparencyPolicy: String, Sendable, CaseIterable {
    /// Fail an image without a transparent pixel.
    case require
    /// Fail an image with a transparent pixel.
    case forbid
    /// Report an image that has none, still write it.
    case warn
    /// No check.
    case off
}
