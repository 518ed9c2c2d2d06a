import ArgumentParser

/// `gptimg edit`: change 1–16 input images following a prompt, with an optional mask.
struct EditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "edit",
        abstract: "Edit 1–16 images following a prompt, with an optional mask; output as generate.",
        discussion: """
            The input images are sent with every prompt (up to 20 prompts, --workers at a time). \
            A mask marks with transparent pixels (alpha 0) where the first image may change; it must \
            be a PNG with an alpha channel and the first image's size. A mask in another form \
            (grayscale, black and white, no alpha, another size) is converted on the fly, with a \
            notice: black is edited, as `gptimg mask` does by default. --strict refuses instead.

            EXAMPLES
              Replace the sky, keeping the rest (the mask drawn black on the sky):
                gptimg edit --image photo.png --mask sky-mask.png \\
                  "A dramatic stormy sky"

              Combine two product shots, high input fidelity, as webp:
                gptimg edit -m gpt-image-1 --image shoe.png --image box.jpeg \\
                  --input-fidelity high -f webp -c 85 \\
                  "The shoe standing on its box, studio light"

              An image piped in, three variants:
                curl -s https://example.com/cat.png | \\
                  gptimg edit --image - -n 3 "The cat wearing a tiny hat"

            EXIT STATUS
              0 every image written, 1 some image failed, 64 bad usage (the
              message names the flag and what it allows).
            """
    )

    @Argument(help: ArgumentHelp("The prompts, 1–20 with those of --prompts-file.", valueName: "prompt"))
    var prompts: [String] = []

    @Option(
        name: .customLong("image"),
        help: ArgumentHelp(
            "An input image, repeatable, 1–16: a file path, an http(s) URL, base64 (a data: URL or bare), or - for standard input. PNG, JPEG or WebP, each under 50 MB.",
            valueName: "image"))
    var images: [String] = []

    @Option(
        help: ArgumentHelp(
            "Mask: where alpha is 0 the first image is edited. PNG with alpha, same size as the first image; other forms are converted (see above).",
            valueName: "mask"))
    var mask: String?

    @Option(
        name: .customLong("input-fidelity"),
        help: ArgumentHelp("How closely to keep the inputs' features: low or high (not on gpt-image-1-mini).", valueName: "level"))
    var inputFidelity: String?

    @Option(
        name: .customLong("download-timeout"),
        help: ArgumentHelp("The longest an --image or --mask URL may take to download, in seconds, 1–600.", valueName: "seconds"))
    var downloadTimeout: Int = 60

    @OptionGroup(title: "Image")
    var image: GenerationOptions

    @OptionGroup
    var batchRun: BatchRunOptions

    mutating func validate() throws {
        guard (1...16).contains(images.count) else {
            throw ValidationError("--image must be given 1–16 times (got \(images.count)).")
        }
        guard (1...600).contains(downloadTimeout) else {
            throw ValidationError("--download-timeout must be 1–600 seconds (got \(downloadTimeout)).")
        }
        let stdinReaders = images.filter { $0 == "-" }.count + (mask == "-" ? 1 : 0) + (batchRun.batch.promptsFile == "-" ? 1 : 0)
        guard stdinReaders <= 1 else {
            throw ValidationError("Only one of --image, --mask and --prompts-file can read standard input (-).")
        }
        _ = try settings()
        try batchRun.checkPromptArguments(prompts)
    }

    func run() async throws {
        let inputs = EditInputs(
            images: images, mask: mask, strict: batchRun.postProcessing.strict, downloadTimeout: .seconds(downloadTimeout))
        try await batchRun.execute(prompts: prompts, base: try settings(), kind: .edit(inputs))
    }

    /// The image flags with --input-fidelity: what every prompt starts from.
    private func settings() throws -> ImageSettings {
        var settings = try image.baseSettings()
        if let inputFidelity { try settings.apply(inputFidelity: inputFidelity, source: "--input-fidelity") }
        return settings
    }
}
