import ArgumentParser
import Codecs
import Foundation

/// `gptimg process`: the pipeline over images on disk; no API key needed.
struct ProcessCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "process",
        abstract: "Check, re-encode, resize and thumbnail images on disk (no API key needed).",
        discussion: """
            Writes OUTPUT/STEM.EXT for each input image (folders are read one level deep), \
            --workers at a time, atomically, never replacing a file unless --overwrite. An image \
            with no transparent pixel written as PNG is stored without an alpha channel, its \
            pixels unchanged.

            EXAMPLES
              Re-encode the fixtures as webp 80 with 128-pixel thumbnails:
                gptimg process fixtures -o out -f webp -c 80 --thumbnail 128

              Check that logos are transparent and 1024x1024, smallest PNG:
                gptimg process logos/*.png -o checked --expect-size 1024x1024 \\
                  --transparency require --png-level 9

              Shrink photos to fit 1600 pixels, as JPEG quality 82:
                gptimg process photos -o web -f jpeg -c 82 --resize 1600

            EXIT STATUS
              0 every image written, 1 some failed (each failure is printed),
              64 bad usage.
            """
    )

    @Argument(help: ArgumentHelp("Image files or folders of images.", valueName: "input"))
    var inputs: [String] = []

    @Option(name: .shortAndLong, help: ArgumentHelp("The folder to write into (created when missing).", valueName: "dir"))
    var output: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Output format: png, jpeg or webp. Default: each input's format.", valueName: "format"))
    var format: String?

    @Option(name: .shortAndLong, help: ArgumentHelp("Quality 0–100 for jpeg (default 85) and lossy webp (default 80).", valueName: "0-100"))
    var compression: Int?

    @Option(name: .customLong("png-level"), help: ArgumentHelp("zlib compression level for png, 0 (fastest) – 9 (smallest).", valueName: "0-9"))
    var pngLevel: Int = 6

    @Flag(help: "Lossless webp.")
    var lossless = false

    @Option(help: ArgumentHelp("Fit the output itself inside EDGE×EDGE pixels (16–16384), never enlarged.", valueName: "edge"))
    var resize: Int?

    @OptionGroup(title: "Thumbnails")
    var thumbnails: ThumbnailOptions

    @Option(name: .customLong("expect-size"), help: ArgumentHelp("Fail images that are not exactly WxH pixels.", valueName: "WxH"))
    var expectSize: String?

    @Option(
        help: ArgumentHelp(
            "Transparency check: require (fail images without a transparent pixel), forbid (fail images with one), warn (report, still write), off.",
            valueName: "require|forbid|warn|off"))
    var transparency: String = "warn"

    @Option(name: .shortAndLong, help: ArgumentHelp("Images processed at once, 1–64. Default: the number of cores.", valueName: "n"))
    var workers: Int?

    /// --workers, or the number of cores.
    var workerCount: Int { workers ?? max(1, ProcessInfo.processInfo.activeProcessorCount) }

    @Flag(help: "Replace files that already exist.")
    var overwrite = false

    @Flag(help: "Print one JSON object per event instead of text.")
    var json = false

    mutating func validate() throws {
        guard !inputs.isEmpty else { throw ValidationError("Give at least one INPUT file or folder.") }
        _ = try outputFormat
        if let compression, !(0...100).contains(compression) {
            throw ValidationError("--compression must be 0–100 (got \(compression)).")
        }
        guard (0...9).contains(pngLevel) else { throw ValidationError("--png-level must be 0–9 (got \(pngLevel)).") }
        if let resize, !(16...16384).contains(resize) {
            throw ValidationError("--resize must be 16–16384 pixels (got \(resize)).")
        }
        if let expectSize {
            guard let size = SizeArgument(parsing: expectSize), size.dimensions != nil else {
                throw ValidationError("--expect-size must be WIDTHxHEIGHT, each 1–100000 (got \"\(expectSize)\").")
            }
        }
        guard TransparencyPolicy(rawValue: transparency.lowercased()) != nil else {
            throw ValidationError("--transparency must be require, forbid, warn or off (got \"\(transparency)\").")
        }
        if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be 1–64 (got \(workers)).") }
        if lossless, let format = try outputFormat, format != .webp {
            throw ValidationError("--lossless applies to webp only (got --format \(format.rawValue)).")
        }
    }

    /// The format asked with --format, nil for each input's own.
    var outputFormat: ImageFormat? {
        get throws {
            guard let format else { return nil }
            return try ImageFormat(flagValue: format, source: "--format")
        }
    }

    func run() async throws {
        try await ProcessRun(command: self).execute()
    }
}
