/// An image model of the Images API: the known ones, or any other name, passed through as given.
///
/// ```swift
/// let model: ImageModel = "gpt-image-1"        // .gptImage1
/// let custom = ImageModel(rawValue: "my-model") // .other("my-model")
/// ```
public enum ImageModel: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    case gptImage1Mini
    case gptImage1
    case gptImage15
    case gptImage2
    case dallE2
    case dallE3
    /// Any other model name (a dated snapshot, `chatgpt-image-latest`, a compatible server's model).
    case other(String)

    /// The model used when a request names none: `gpt-image-1-mini`.
    public static let `default`: ImageModel = .gptImage1Mini

    /// The model from its API name; unknown names become ``other(_:)``.
    public init(rawValue: String) {
        switch rawValue {
        case "gpt-image-1-mini": self = .gptImage1Mini
        case "gpt-image-1": self = .gptImage1
        case "gpt-image-1.5": self = .gptImage15
        case "gpt-image-2": self = .gptImage2
        case "dall-e-2": self = .dallE2
        case "dall-e-3": self = .dallE3
        default: self = .other(rawValue)
        }
    }

    /// Parses a literal as ``init(rawValue:)`` does.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The name sent as `model`.
    public var rawValue: String {
        switch self {
        case .gptImage1Mini: "gpt-image-1-mini"
        case .gptImage1: "gpt-image-1"
        case .gptImage15: "gpt-image-1.5"
        case .gptImage2: "gpt-image-2"
        case .dallE2: "dall-e-2"
        case .dallE3: "dall-e-3"
        case .other(let name): name
        }
    }

    /// The name as the API spells it.
    public var description: String { rawValue }

    /// The rules this model follows, recognising dated snapshots of the known models
    /// (`gpt-image-2-2026-04-21` follows `gpt-image-2`) and `chatgpt-image-latest`.
    public var family: Family {
        switch self {
        case .gptImage1Mini: return .gptImageMini
        case .gptImage1, .gptImage15: return .gptImage
        case .gptImage2: return .gptImage2
        case .dallE2: return .dallE2
        case .dallE3: return .dallE3
        case .other(let name):
            if name.hasPrefix("gpt-image-2-") { return .gptImage2 }
            if name.hasPrefix("gpt-image-1-mini-") { return .gptImageMini }
            if name.hasPrefix("gpt-image-1-") || name.hasPrefix("gpt-image-1.5-") || name == "chatgpt-image-latest" {
                return .gptImage
            }
            return .unknown
        }
    }

    /// The sets of rules the validator knows.
    public enum Family: String, Sendable, Hashable {
        /// gpt-image-1, gpt-image-1.5, chatgpt-image-latest.
        case gptImage
        /// gpt-image-1-mini: like gpt-image-1 but without input fidelity.
        case gptImageMini
        /// gpt-image-2: also free sizes.
        case gptImage2
        case dallE2
        case dallE3
        /// A model the validator has no rules for: only the API-wide limits are checked.
        case unknown

        /// Whether this is one of the GPT image models (token usage, output format, background...).
        public var isGPTImage: Bool { self == .gptImage || self == .gptImageMini || self == .gptImage2 }
    }
}
