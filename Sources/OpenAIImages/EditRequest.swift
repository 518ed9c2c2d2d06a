import Foundation

/// A request to `POST /images/edits`: change or extend 1–16 images from a prompt, optionally
/// only where a mask is transparent.
///
/// ```swift
/// var edit = EditRequest(prompt: "Add a red scarf", images: [.file("cat.png")], model: .gptImage1)
/// edit.mask = .file("mask.png")
/// edit.inputFidelity = .high
/// ```
public struct EditRequest: Sendable, Hashable {
    public var prompt: String
    /// The images to edit: at most 16 (dall-e-2: one), each PNG, JPEG or WebP under 50 MB.
    public var images: [ImageInput]
    /// A PNG with an alpha channel, the size of the first image; transparent where to edit.
    public var mask: ImageInput?
    public var model: ImageModel
    public var n: Int?
    public var size: ImageSize?
    public var quality: ImageQuality?
    public var background: ImageBackground?
    public var outputFormat: OutputFormat?
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
    public var user: String?

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

    /// The number of images this request asks for.
    public var imageCount: Int { n ?? 1 }
}

/// Where an input image of an edit comes from.
///
/// ```swift
/// let inputs: [ImageInput] = [.file("photo.jpg"), .url(URL(string: "https://example.com/a.png")!),
///                             .base64("data:image/png;base64,iVBORw0..."), .data(pngBytes)]
/// ```
public enum ImageInput: Sendable, Hashable, CustomStringConvertible {
    /// A file on disk.
    case file(String)
    /// An http or https URL, downloaded before the request (at most 3 redirects, size-limited).
    case url(URL)
    /// Base64 text, with or without a `data:image/...;base64,` prefix.
    case base64(String)
    /// The encoded bytes themselves.
    case data(Data)

    /// A short, human description used in errors (never the bytes themselves).
    public var description: String {
        switch self {
        case .file(let path): "file \(path)"
        case .url(let url): "URL \(url.absoluteString)"
        case .base64(let text): "base64 input (\(text.utf8.count) characters)"
        case .data(let data): "in-memory image (\(data.count) bytes)"
        }
    }
}
