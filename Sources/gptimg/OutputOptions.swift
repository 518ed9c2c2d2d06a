import ArgumentParser

/// Where results go and how the tool talks about them.
struct OutputOptions: ParsableArguments {
    @Option(
        name: .shortAndLong,
        help: ArgumentHelp(
            "Output folder. One prompt writes SLUG.EXT here; several write NN_SLUG.EXT into a batch folder inside it, named from the first three prompts.",
            valueName: "dir"))
    var output: String = "."

    @Flag(help: "Replace files that already exist (by default an existing file stops the batch before anything is sent).")
    var overwrite = false

    @Flag(help: "Skip prompts the folder's manifest.jsonl shows done (their files are checked against the recorded SHA-256).")
    var resume = false

    @Flag(help: "Print one JSON object per event (header, image, failure, summary) instead of text.")
    var json = false

    mutating func validate() throws {
        if overwrite && resume {
            throw ValidationError("--overwrite and --resume exclude each other: --resume keeps what is done, --overwrite replaces it.")
        }
    }
}
