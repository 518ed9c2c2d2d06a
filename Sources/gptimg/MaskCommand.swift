import ArgumentParser
import Foundation

/// `gptimg mask`: make the mask the edits endpoint wants, or check one.
struct MaskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mask",
        abstract: "Make the mask an edit needs (RGBA PNG, alpha 0 = edit) from a drawing, or check one.",
        discussion: """
            The edits endpoint wants a PNG with an alpha channel, the size of the image to edit, \
            transparent (alpha 0) where the image may change and opaque where it is kept. Draw the \
            area to edit in black on white (or paint it transparent) and let this command do the rest.

            EXAMPLES
              A black-on-white drawing, fitted to the photo it is for:
                gptimg mask sky-drawing.png --fit-to photo.png -o sky-mask.png

              Soft edges from a grayscale drawing, white marking the area to edit:
                gptimg mask brush.jpeg --soft --invert --size 1024x1536 -o mask.png

              Check a mask before an edit:
                gptimg mask sky-mask.png --check photo.png

            EXIT STATUS
              0 mask written (or it fits), 1 it could not be made or does not fit
              (the reason is printed), 64 bad usage.
            """
    )

    @Argument(help: ArgumentHelp("The source: a drawing (PNG, JPEG, WebP) or an image with transparency.", valueName: "src"))
    var source: String

    @Option(name: .shortAndLong, help: ArgumentHelp("Where to write the mask (PNG). Required unless --check.", valueName: "out.png"))
    var output: String?

    @Option(
        help: ArgumentHelp(
            "What marks the area to edit: luminance (dark pixels) or alpha (transparent pixels). Default: alpha when SRC has transparent pixels, else luminance.",
            valueName: "luminance|alpha"))
    var from: String?

    @Option(
        help: ArgumentHelp(
            "Luminance (or alpha) below which a pixel is edited, 0–255 (default 128: darker pixels are edited).",
            valueName: "0-255"))
    var threshold: Int?

    @Flag(help: "Soft edges: the mask's alpha follows the gray value instead of a threshold.")
    var soft = false

    @Flag(help: "Swap the areas: edit the light (or opaque) pixels instead.")
    var invert = false

    @Option(
        name: .customLong("fit-to"),
        help: ArgumentHelp("Scale the mask to exactly the size of IMAGE (the image to edit).", valueName: "image"))
    var fitTo: String?

    @Option(help: ArgumentHelp("Scale the mask to exactly WxH pixels.", valueName: "WxH"))
    var size: String?

    @Option(
        help: ArgumentHelp(
            "Do not make a mask: check that SRC is a valid mask for IMAGE (same size, alpha channel, some but not all of the area to edit).",
            valueName: "image"))
    var check: String?

    @Flag(help: "Replace OUT.png when it exists.")
    var overwrite = false

    @Flag(help: "Print one JSON object instead of text.")
    var json = false

    mutating func validate() throws {
        if let from, !["luminance", "alpha"].contains(from.lowercased()) {
            throw ValidationError("--from must be luminance or alpha (got \"\(from)\").")
        }
        if let threshold, !(0...255).contains(threshold) {
            throw ValidationError("--threshold must be 0–255 (got \(threshold)).")
        }
        if soft && threshold != nil {
            throw ValidationError("--soft and --threshold exclude each other: soft edges use the gray value itself.")
        }
        if fitTo != nil && size != nil {
            throw ValidationError("--fit-to and --size exclude each other: give the target size once.")
        }
        if let size {
            guard let parsed = SizeArgument(parsing: size), parsed.dimensions != nil else {
                throw ValidationError("--size must be WIDTHxHEIGHT, each 1–100000 (got \"\(size)\").")
            }
        }
        if check != nil {
            if output != nil || from != nil || threshold != nil || soft || invert || fitTo != nil || size != nil {
                throw ValidationError("--check only reads SRC and IMAGE; it takes none of -o, --from, --threshold, --soft, --invert, --fit-to, --size.")
            }
        } else {
            guard let output else { throw ValidationError("Missing -o/--output OUT.png: where to write the mask.") }
            let lowered = output.lowercased()
            guard lowered.hasSuffix(".png") else {
                throw ValidationError("-o/--output must name a .png file: the API takes masks as PNG (got \"\(output)\").")
            }
        }
    }

    func run() async throws {
        try await MaskRun(command: self).execute()
    }
}
