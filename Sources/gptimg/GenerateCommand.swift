import ArgumentParser

/// `gptimg generate`: draw 1–20 prompts at once and stream every image through the pipeline.
struct GenerateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate images from 1–20 prompts at once, validated and written as they arrive.",
        discussion: """
            Each prompt is sent as its own request, --workers at a time; every image is checked \
            (size, and transparency when --background transparent), written, and recorded in \
            manifest.jsonl as soon as it arrives, while the others are still being drawn. One \
            failed prompt never stops the others.

            FILE NAMES
              One prompt:       OUTPUT/SLUG.EXT
              Several prompts:  OUTPUT/FOLDER/NN_SLUG.EXT
              -n 2:             SLUG-1.EXT, SLUG-2.EXT
              --thumbnail:      SLUG.thumb.EXT
              SLUG is the prompt in lower case, letters and digits joined by -, at
              most 50 characters; FOLDER joins the first three prompts' slugs (20
              characters each) and adds -and-K-more for K more prompts; NN is the
              prompt's number; EXT is the format's name: png, jpeg or webp.

            EXAMPLES
              A batch of three, high quality, landscape:
                gptimg generate -q high -s 1536x1024 -o renders \\
                  "A sunset over mountains" "A futuristic city at night" \\
                  "A serene lake with reflections"
              writes renders/a-sunset-over-a-futuristic-city-a-serene-lake-with/
              01_a-sunset-over-mountains.png, 02_..., 03_... and manifest.jsonl.

              A transparent logo, two variants, with 256-pixel thumbnails:
                gptimg generate -b transparent -s 1024x1024 -n 2 \\
                  --thumbnail 256 --strict "A minimalist fox logo, flat, orange"

              Twenty prompts from a file, paced and capped, checked first:
                gptimg generate --prompts-file prompts.jsonl -f webp -c 80 \\
                  --ipm 50 --max-cost 2 --dry-run

              Finish a batch that was interrupted or partly failed:
                gptimg generate --prompts-file prompts.txt -o renders --resume

            EXIT STATUS
              0 every image written, 1 some image failed, 64 bad usage (the
              message names the flag and what it allows).

            ENVIRONMENT
              OPENAI_API_KEY     required unless --dry-run; never printed
              OPENAI_BASE_URL    any OpenAI-compatible server
              OPENAI_ORG_ID, OPENAI_PROJECT_ID, NO_COLOR
            """
    )

    @Argument(help: ArgumentHelp("The prompts, 1–20 with those of --prompts-file.", valueName: "prompt"))
    var prompts: [String] = []

    @OptionGroup(title: "Image")
    var image: GenerationOptions

    @Option(help: ArgumentHelp("Content moderation: auto or low. Default: the API's (auto).", valueName: "level"))
    var moderation: String?

    @OptionGroup
    var batchRun: BatchRunOptions

    mutating func validate() throws {
        _ = try settings()
        try batchRun.checkPromptArguments(prompts)
    }

    func run() async throws {
        try await batchRun.execute(prompts: prompts, base: try settings(), kind: .generation)
    }

    /// The image flags with --moderation: what every prompt starts from.
    private func settings() throws -> ImageSettings {
        var settings = try image.baseSettings()
        if let moderation { try settings.apply(moderation: moderation, source: "--moderation") }
        return settings
    }
}
