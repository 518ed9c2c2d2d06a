import Foundation

/// A request to `POST /images/edits`: change or extend 1–16 images from a prompt, optionally
/// only where a mask is transparent.
///
/// ```swift
/// var edit = EditRequest(prompt: "Add a red scarf", images: [.file("cat.png")], model: .gptImage1)
/// edit.mask = .file("mask.png")
/// edit.inputFidelity = .high
/// ```
public struct EditRequest: ImageRequest {
    /// What to draw or change.
    public var prompt: String
    /// The images to edit: at most 16 (dall-e-2: one), each PNG, JPEG or WebP under 50 MB.
    public var images: [ImageInput]
    /// A PNG with an alpha channel, the size of the first image; transparent where to edit.
    public var mask: ImageInput?
    /// The model; default gpt-image-1-mini.
    public var model: ImageModel
    /// How many images, 1–10 (dall-e-3: 1); unset means 1.
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
    /// Not on gpt-image-1-mini nor dall-e-2.
    public var inputFidelity: InputFidelity?
    /// Edits do not take a moderation level; setting one is reported by the validator
    /// rather than silently dropped.
    public var moderation: Moderation?
    /// dall-e-2 only.
    public var responseFormat: ResponseFormat?
    /// Partial images to stream before the final one, 0–3; used by the streaming call only.
    public var partialImages: Int?
    /// An identifier of the end user, passed on for abuse monitoring.
    public var user: String?

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        prompt: String, images: [ImageInput], mask: ImageInput? = nil, model: ImageModel = .default,
        n: Int? = nil, size: ImageSize? = nil, quality: ImageQuality? = nil, background: ImageBackground? = nil,
        outputFormat: OutputFormat? = nil, outputCompression: Int? = nil, inputFidelity: InputFidelity? = nil,
        moderation: Moderation? = nil, responseFormat: ResponseFormat? = nil, partialImages: Int? = nil,
        user: String? = nil
    ) {
        self.prompt = prompt
        self.images = images
        self.mask = mask
        self.model = model
        self.n = n
        self.size = size
        self.quality = quality
        self.background = background
        self.outputFormat = outputFormat
        self.outputCompression = outputCompression
        self.inputFidelity = inputFidelity
        self.moderation = moderation
        self.responseFormat = responseFormat
        self.partialImages = partialImages
        self.user = user
    }
}
