/// One prompt of a batch, with the settings a prompts file overrides for it alone.
struct PromptEntry: Sendable, Hashable {
    /// The prompt's text, as sent.
    var text: String
    /// Where it came from, for messages: `argument 2`, `line 4 of prompts.jsonl`.
    var origin: String
    /// Settings this prompt sets for itself; nil fields take the flags' values.
    var overrides = PromptOverrides()

    /// The flags' settings with this prompt's overrides applied, checked.
    func settings(base: ImageSettings) throws -> ImageSettings {
        var settings = base
        let source = { (key: String) in "\"\(key)\" on \(origin)" }
        if let model = overrides.model { settings.model = model }
        if let quality = overrides.quality { try settings.apply(quality: quality, source: source("quality")) }
        if let size = overrides.size { try settings.apply(size: size, source: source("size")) }
        if let format = overrides.format { try settings.apply(format: format, source: source("format")) }
        if let background = overrides.background { try settings.apply(background: background, source: source("background")) }
        if let compression = overrides.compression { try settings.apply(compression: compression, source: source("compression")) }
        if let count = overrides.imageCount { try settings.apply(imageCount: count, source: source("n")) }
        if let moderation = overrides.moderation { try settings.apply(moderation: moderation, source: source("moderation")) }
        try settings.checkCombination(source: origin)
        return settings
    }
}

/// The per-prompt settings a `.jsonl` prompts file may give beside `prompt`.
struct PromptOverrides: Sendable, Hashable {
    /// The keys a prompts-file object may have, the API's names accepted as aliases.
    static let keys: [String: String] = [
        "prompt": "prompt", "model": "model", "quality": "quality", "size": "size",
        "format": "format", "output_format": "format", "background": "background",
        "compression": "compression", "output_compression": "compression",
        "n": "n", "moderation": "moderation",
    ]

    var model: String?
    var quality: String?
    var size: String?
    var format: String?
    var background: String?
    var compression: Int?
    var imageCount: Int?
    var moderation: String?
}
