import ArgumentParser
import Codecs

/// The checked settings of one prompt's request: the flags, with any per-prompt overrides
/// from a prompts file applied.
struct ImageSettings: Sendable, Hashable {
    /// Rendering qualities: the GPT Image models' four, and dall-e's standard and hd.
    static let qualities = ["auto", "low", "medium", "high", "standard", "hd"]
    /// Backgrounds the GPT Image models know.
    static let backgrounds = ["auto", "transparent", "opaque"]
    /// Moderation levels of the generations endpoint.
    static let moderationLevels = ["auto", "low"]
    /// Input fidelity levels of the edits endpoint.
    static let inputFidelities = ["low", "high"]

    var model: String
    var quality = "medium"
    var size = SizeArgument.pixels(width: 1024, height: 1536)
    var format = ImageFormat.png
    var background = "auto"
    /// The API's output_compression, only for jpeg and webp; nil when not set.
    var compression: Int?
    /// Images per prompt (the API's `n`).
    var imageCount = 1
    var moderation: String?
    var inputFidelity: String?
    var stream = false
    var partialImages: Int?
    /// The settings given on the command line or in a prompts file, by their API name
    /// (`quality`, `size`, ...). Models with other defaults (dall-e) are sent only these.
    var explicitlySet: Set<String> = []

    init(model: String) {
        self.model = model
    }

    /// Whether the images must have transparent pixels.
    var wantsTransparency: Bool { background == "transparent" }

    // Each `apply` checks one value given by `source` (a flag, or a key of a prompts-file line,
    // named in the usage error) and records that it was set explicitly.

    mutating func apply(quality value: String, source: String) throws {
        quality = try Self.choice(value, from: Self.qualities, source: source)
        explicitlySet.insert("quality")
    }

    mutating func apply(size value: String, source: String) throws {
        guard let parsed = SizeArgument(parsing: value) else {
            throw ValidationError(
                "\(source) must be auto, 1024x1024, 1536x1024, 1024x1536 or another WIDTHxHEIGHT the model accepts (got \"\(value)\").")
        }
        size = parsed
        explicitlySet.insert("size")
    }

    mutating func apply(format value: String, source: String) throws {
        format = try ImageFormat(flagValue: value, source: source)
        explicitlySet.insert("output_format")
    }

    mutating func apply(background value: String, source: String) throws {
        background = try Self.choice(value, from: Self.backgrounds, source: source)
        explicitlySet.insert("background")
    }

    mutating func apply(compression value: Int, source: String) throws {
        guard (0...100).contains(value) else { throw ValidationError("\(source) must be 0–100 (got \(value)).") }
        compression = value
        explicitlySet.insert("output_compression")
    }

    mutating func apply(imageCount value: Int, source: String) throws {
        guard (1...10).contains(value) else { throw ValidationError("\(source) must be 1–10 images per prompt (got \(value)).") }
        imageCount = value
        explicitlySet.insert("n")
    }

    mutating func apply(moderation value: String, source: String) throws {
        moderation = try Self.choice(value, from: Self.moderationLevels, source: source)
        explicitlySet.insert("moderation")
    }

    mutating func apply(inputFidelity value: String, source: String) throws {
        inputFidelity = try Self.choice(value, from: Self.inputFidelities, source: source)
        explicitlySet.insert("input_fidelity")
    }

    /// Checks rules that involve several settings; `source` says where they came from when
    /// it was not the command line ("prompt 3" of a prompts file), for the message.
    func checkCombination(source: String? = nil) throws {
        let place = source.map { " in \($0)" } ?? ""
        if wantsTransparency, format == .jpeg {
            throw ValidationError(
                "--background transparent needs --format png or webp (got jpeg, which has no alpha channel)\(place).")
        }
        if let compression, format == .png {
            throw ValidationError(
                "--compression \(compression) applies to jpeg and webp only (got --format png)\(place); drop it or choose another format.")
        }
    }

    private static func choice(_ value: String, from allowed: [String], source: String) throws -> String {
        let lowered = value.lowercased()
        guard allowed.contains(lowered) else {
            throw ValidationError("\(source) must be one of \(allowed.joined(separator: ", ")) (got \"\(value)\").")
        }
        return lowered
    }
}
