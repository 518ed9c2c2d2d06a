/// What a request for images says whichever endpoint it goes to: the prompt, the model, how
/// many images and how they come back. ``GenerationRequest`` and ``EditRequest`` conform, so
/// code that handles either reads these options in one place.
///
/// ```swift
/// func summary(of request: some ImageRequest) -> String {
///     "\(request.imageCount) × \(request.size?.rawValue ?? "auto") with \(request.model.rawValue)"
/// }
/// summary(of: GenerationRequest(prompt: "A fox", n: 2, size: .square1024))  // "2 × 1024x1024 with gpt-image-1-mini"
/// ```
public protocol ImageRequest: Sendable, Hashable {
    /// What to draw or change.
    var prompt: String { get set }
    /// The model that draws the images.
    var model: ImageModel { get set }
    /// How many images, 1–10 (dall-e-3: 1); unset means 1.
    var n: Int? { get set }
    /// The image size.
    var size: ImageSize? { get set }
    /// How carefully the image is drawn.
    var quality: ImageQuality? { get set }
    /// The background: transparent, opaque or auto.
    var background: ImageBackground? { get set }
    /// The encoding of the returned images (PNG when unset).
    var outputFormat: OutputFormat? { get set }
    /// 0–100, only with JPEG or WebP output.
    var outputCompression: Int? { get set }
    /// The moderation level; only generations accept one.
    var moderation: Moderation? { get set }
    /// How dall-e models return images; GPT image models always return base64.
    var responseFormat: ResponseFormat? { get set }
    /// Partial images to stream before the final one, 0–3; used by the streaming call only.
    var partialImages: Int? { get set }
    /// An identifier of the end user, passed on for abuse monitoring.
    var user: String? { get set }
}

extension ImageRequest {
    /// The number of images this request asks for.
    public var imageCount: Int { n ?? 1 }
}
