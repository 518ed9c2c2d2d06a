// The small enumerations of request options. They share a file because each is a plain
// list of the API's own strings.

/// How carefully the image is drawn. GPT image models: low, medium, high, auto;
/// dall-e-3: standard, hd; dall-e-2: standard.
public enum ImageQuality: String, Sendable, Hashable, CaseIterable, Codable {
    case low, medium, high, auto, standard, hd
}

/// The background of the drawn image (GPT image models). Transparent needs PNG or WebP output.
public enum ImageBackground: String, Sendable, Hashable, CaseIterable, Codable {
    case transparent, opaque, auto
}

/// The encoding the API returns the image in (GPT image models). Default PNG.
public enum OutputFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case png, jpeg, webp

    /// Whether `output_compression` applies to this format.
    public var acceptsCompression: Bool { self != .png }
    /// Whether the format can carry a transparent background.
    public var supportsTransparency: Bool { self != .jpeg }
}

/// The content moderation level of a generation (GPT image models).
public enum Moderation: String, Sendable, Hashable, CaseIterable, Codable {
    case low, auto
}

/// How closely an edit keeps the style and features of the input images
/// (gpt-image-1 and later, not gpt-image-1-mini).
public enum InputFidelity: String, Sendable, Hashable, CaseIterable, Codable {
    case low, high
}

/// The style of a dall-e-3 image.
public enum ImageStyle: String, Sendable, Hashable, CaseIterable, Codable {
    case vivid, natural
}

/// How dall-e models return images: a temporary URL or base64 in the body.
/// GPT image models always return base64.
public enum ResponseFormat: String, Sendable, Hashable, CaseIterable, Codable {
    case url
    case b64JSON = "b64_json"
}
