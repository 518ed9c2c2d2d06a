import ArgumentParser

/// What to ask the Images API for: the flags of the batch script gptimg replaces, shared by
/// `generate` and `edit`.
struct GenerationOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Rendering quality: auto, low, medium or high (dall-e-3: standard or hd). Default: medium.", valueName: "quality"))
    var quality: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Image size: auto, 1024x1024, 1536x1024 (landscape), 1024x1536 (portrait), or any WxH the model accepts. Default: 1024x1536.",
            discussion: "gpt-image-2 also takes any WxH with both sides divisible by 16, a ratio between 1:3 and 3:1, at most 3840x2160.",
            valueName: "size"))
    var size: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Output format: png, jpeg or webp, also the file extension. Default: png.", valueName: "format"))
    var format: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Background: auto, transparent or opaque; transparent needs --format png or webp. Default: auto.", valueName: "background"))
    var background: String?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp("Compression 0–100 for jpeg and webp (the API's output_compression). Not allowed with png.", valueName: "0-100"))
    var compression: Int?

    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Model: gpt-image-1-mini, gpt-image-1, gpt-image-1.5, gpt-image-2, dall-e-2, dall-e-3, or any name an OpenAI-compatible server knows.",
            valueName: "model"))
    var model: String = "gpt-image-1-mini"

    @Option(name: .customShort("n"), help: ArgumentHelp("Images per prompt, 1–10 (dall-e-3: 1).", valueName: "count"))
    var imageCount: Int = 1

    @Flag(help: "Stream the answer; with --partial-images, show partial images as they arrive.")
    var stream = false

    @Option(help: ArgumentHelp("Partial images to receive while streaming, 0–3 (needs --stream).", valueName: "0-3"))
    var partialImages: Int?

    /// The settings every prompt starts from, before a prompts file's per-prompt overrides.
    func baseSettings() throws -> ImageSettings {
        var settings = ImageSettings(model: model)
        if let quality { try settings.apply(quality: quality, source: "--quality") }
        if let size { try settings.apply(size: size, source: "--size") }
        if let format { try settings.apply(format: format, source: "--format") }
        if let background { try settings.apply(background: background, source: "--background") }
        if let compression { try settings.apply(compression: compression, source: "--compression") }
        if imageCount != 1 { try settings.apply(imageCount: imageCount, source: "-n") }
        if let partialImages {
            guard stream else { throw ValidationError("--partial-images needs --stream.") }
            guard (0...3).contains(partialImages) else {
                throw ValidationError("--partial-images must be 0–3 (got \(partialImages)).")
            }
        }
        settings.stream = stream
        settings.partialImages = partialImages
        return settings
    }

    mutating func validate() throws {
        let settings = try baseSettings()
        try settings.checkCombination()
    }
}
