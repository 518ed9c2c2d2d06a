import ArgumentParser

/// How a batch of prompts is sent: how many, how fast, at what price.
struct BatchOptions: ParsableArguments {
    @Option(
        name: .customLong("prompts-file"),
        help: ArgumentHelp(
            "Read prompts from FILE: .txt holds a prompt per line; .jsonl an object per line with \"prompt\" and per-prompt overrides (model, quality, size, format, background, compression, n, moderation); - reads standard input. Added after the PROMPT arguments; 1–20 prompts in all.",
            valueName: "file"))
    var promptsFile: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Requests in flight at once, 1–20.", valueName: "1-20"))
    var workers: Int = 10

    @Option(
        help: ArgumentHelp(
            "Pace requests to at most N images per minute (your rate-limit tier allows 5 to 250). Default: no pacing.",
            valueName: "n"))
    var ipm: Int?

    @Option(
        name: .customLong("max-cost"),
        help: ArgumentHelp("Refuse the batch, sending nothing, when its estimated cost exceeds DOLLARS.", valueName: "dollars"))
    var maxCost: Double?

    @Flag(name: .customLong("dry-run"), help: "Check everything, print each request that would be sent and the estimated cost, and send nothing.")
    var dryRun = false

    mutating func validate() throws {
        guard (1...20).contains(workers) else { throw ValidationError("--workers must be 1–20 (got \(workers)).") }
        if let ipm, !(1...10_000).contains(ipm) {
            throw ValidationError("--ipm must be 1–10000 images per minute (got \(ipm)).")
        }
        if let maxCost, !(maxCost >= 0 && maxCost.isFinite) {
            throw ValidationError("--max-cost must be a number of dollars, 0 or more (got \(maxCost)).")
        }
    }

    /// The prompts given as arguments followed by those of `--prompts-file`, 1–20 of them.
    func collectPrompts(arguments: [String]) throws -> [PromptEntry] {
        var entries = arguments.enumerated().map { offset, text in
            PromptEntry(text: text, origin: "prompt argument \(offset + 1)")
        }
        if let promptsFile { entries += try PromptsFile.read(path: promptsFile) }
        guard !entries.isEmpty else {
            throw ValidationError("Give 1–20 prompts: as PROMPT arguments or with --prompts-file.")
        }
        guard entries.count <= 20 else {
            throw ValidationError(
                "At most 20 prompts per batch (got \(entries.count)\(promptsFile == nil ? "" : " with --prompts-file")); split the batch.")
        }
        for entry in entries where entry.text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw ValidationError("The prompt of \(entry.origin) is empty.")
        }
        return entries
    }
}
