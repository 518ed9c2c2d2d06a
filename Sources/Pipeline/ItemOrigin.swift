/// Where an item came from: a file on disk, or a generation request.
///
/// Generation origins carry the request parameters as plain strings, so the pipeline
/// records them without knowing the API client:
///
/// ```swift
/// let origin = ItemOrigin.generated(GenerationOrigin(
///     prompt: "A sunset", index: 0, variant: 0, model: "gpt-image-1-mini",
///     parameters: ["size": "1024x1024", "quality": "low"]))
/// ```
public enum ItemOrigin: Sendable, Hashable, CustomStringConvertible {
    /// An image read from a file.
    case file(path: String)
    /// An image returned by the API for a prompt.
    case generated(GenerationOrigin)

    /// A stable key identifying the origin across runs, used to resume from a manifest:
    /// the file path, or the prompt with its index and variant.
    public var resumeKey: String {
        switch self {
        case .file(let path):
            "file:" + path
        case .generated(let origin):
            "prompt:\(origin.index):\(origin.variant):" + origin.prompt
        }
    }

    /// A short label for messages: the file path, or the quoted prompt with its index.
    public var description: String {
        switch self {
        case .file(let path):
            path
        case .generated(let origin):
            "prompt \(origin.index + 1) variant \(origin.variant + 1) \"\(origin.prompt.prefix(60))\""
        }
    }
}

/// The request that produced a generated image.
public struct GenerationOrigin: Sendable, Hashable, Codable {
    /// The prompt as sent.
    public var prompt: String
    /// The prompt's position in the batch, from 0.
    public var index: Int
    /// Which of the `n` images returned for the prompt, from 0.
    public var variant: Int
    /// The model that drew it, as named in the request.
    public var model: String
    /// The other request parameters (size, quality, background, output format, ...), as sent.
    /// They are written to the manifest as they are: never put credentials here.
    public var parameters: [String: String]

    /// An origin from its parts; `parameters` defaults to none.
    public init(prompt: String, index: Int, variant: Int = 0, model: String, parameters: [String: String] = [:]) {
        self.prompt = prompt
        self.index = index
        self.variant = variant
        self.model = model
        self.parameters = parameters
    }
}
