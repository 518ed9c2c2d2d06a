/// A request to `POST /images/generations`: draw images from a prompt.
///
/// Only what is set is sent, except `model`, which is always sent (the API's own default
/// model is not the one users expect).
///
/// ```swift
/// var request = GenerationRequest(prompt: "A lighthouse at dawn", model: .gptImage1)
/// request.size = .landscape1536
/// request.quality = .high
/// request.outputFormat = .webp
/// request.outputCompression = 80
/// ```
public struct GenerationRequest: ImageRequest {
    /// What to draw. At most 32000 characters (GPT image models), 4000 (dall-e-3), 1000 (dall-e-2).
    public var prompt: String
    /// The model; default gpt-image-1-mini.
    public var model: ImageModel
    /// How many images, 1–10 (dall-e-3: 1).
    public var n: Int?
    /// The image size.
    public var size: ImageSize?
    /// How carefully the image is drawn.
    public var quality: ImageQuality?
    /// The background: transparent, opaque or auto.
    public var background: ImageBackground?
    /// The encoding of the returned images (PNG when unset).
    public var outputFormat: OutputFormat?
    /// 0–100, only with JPEG or WebP output.
    public var outputCompression: Int?
    /// The moderation level (generations only).
    public var moderation: Moderation?
    /// dall-e-3 only.
    public var style: ImageStyle?
    /// dall-e models only.
    public var responseFormat: ResponseFormat?
    /// Partial images to stream before the final one, 0–3; used by the streaming call only.
    public var partialImages: Int?
    /// An identifier of the end user, passed on for abuse monitoring.
    public var user: String?

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        prompt: String, model: ImageModel = .default, n: Int? = nil, size: ImageSize? = nil,
        quality: ImageQuality? = nil, background: ImageBackground? = nil, outputFormat: OutputFormat? = nil,
        outputCompression: Int? = nil, moderation: Moderation? = nil, style: ImageStyle? = nil,
        responseFormat: ResponseFormat? = nil, partialImages: Int? = nil, user: String? = nil
    ) {
        self.prompt = prompt
        self.model = model
        self.n = n
        self.size = size
        self.quality = quality
        self.background = background
        self.outputFormat = outputFormat
        self.outputCompression = outputCompression
        self.moderation = moderation
        self.style = style
        self.responseFormat = responseFormat
        self.partialImages = partialImages
        self.user = user
    }
}
