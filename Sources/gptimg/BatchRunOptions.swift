import ArgumentParser

/// The flags `generate` and `edit` share after the image settings: how the batch is sent,
/// where results go, thumbnails and post-processing, with the checks and the run they lead to.
struct BatchRunOptions: ParsableArguments {
    @OptionGroup(title: "Batch")
    var batch: BatchOptions

    @OptionGroup(title: "Output")
    var output: OutputOptions

    @OptionGroup(title: "Thumbnails")
    var thumbnails: ThumbnailOptions

    @OptionGroup(title: "Post-processing")
    var postProcessing: PostProcessingOptions

    /// Checks the PROMPT arguments before any prompts file is read: there must be a prompt
    /// somewhere, and at most 20 arguments.
    func checkPromptArguments(_ prompts: [String]) throws {
        if prompts.isEmpty && batch.promptsFile == nil {
            throw ValidationError("Give 1–20 prompts: as PROMPT arguments or with --prompts-file.")
        }
        if prompts.count > 20 {
            throw ValidationError("At most 20 prompts per batch (got \(prompts.count)); split the batch.")
        }
    }

    /// Plans the batch of `prompts` and those of --prompts-file, each starting from `base`,
    /// and runs it as `kind`.
    func execute(prompts: [String], base: ImageSettings, kind: GenerationRun.Kind) async throws {
        let entries = try batch.collectPrompts(arguments: prompts)
        let plan = try BatchPlan(
            entries: entries, base: base, outputFolder: output.output, thumbnailFormat: try thumbnails.format)
        let options = try GenerationRunOptions(
            batch: batch, output: output, thumbnails: thumbnails, postProcessing: postProcessing)
        try await GenerationRun(plan: plan, kind: kind, options: options).execute()
    }
}
