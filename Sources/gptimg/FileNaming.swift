import Codecs
import Foundation

/// The names gptimg gives to what it writes, exactly as the batch script it replaces made them.
///
/// One prompt writes `slug(prompt, 50).EXT` into the output folder. Several prompts write
/// `NN_slug(prompt, 50).EXT` into a batch folder named from the first three prompts:
///
/// ```swift
/// FileNaming.batchFolderName(for: ["A sunset over mountains", "A futuristic city at night",
///                                  "A serene lake with reflections"])
/// // "a-sunset-over-a-futuristic-city-a-serene-lake-with"
/// FileNaming.imageFileName(prompt: "A sunset over mountains", promptNumber: 1, promptCount: 3,
///                          imageNumber: 1, imageCount: 1, format: .png)
/// // "01_a-sunset-over-mountains.png"
/// ```
enum FileNaming {
    /// The longest slug used in an image's file name.
    static let fileSlugLength = 50
    /// The longest slug of each of the first three prompts in a batch folder's name.
    static let folderSlugLength = 20
    /// The name of the manifest written beside the images.
    static let manifestFileName = "manifest.jsonl"
    /// The name of the contact sheet written beside the images.
    static let contactSheetFileName = "contact-sheet.png"

    /// Turns free text into a file-name fragment of at most `maxLength` characters.
    ///
    /// Lower-cases; removes every character that is not a letter or digit (of any script: `é`
    /// and `ß` stay, emoji go), whitespace, `_` or `-`; turns each run of whitespace and
    /// underscores into `-`; collapses repeated `-`; trims `-` at both ends. When the result is
    /// longer than `maxLength`, it keeps the first `maxLength` characters and drops everything
    /// from the last `-` on, so words are not cut. An empty result becomes `image`.
    static func slug(_ text: String, maxLength: Int) -> String {
        var kept = ""
        var pendingSeparator = false
        // Composed form first, so a decomposed é (e + accent) names the same file as é.
        for character in text.precomposedStringWithCanonicalMapping.lowercased() {
            if character.isWhitespace || character == "_" || character == "-" {
                pendingSeparator = true
            } else if isLetterOrDigit(character) {
                if pendingSeparator, !kept.isEmpty { kept.append("-") }
                pendingSeparator = false
                kept.append(character)
            }
            // Anything else (punctuation, symbols, emoji) is removed without splitting words,
            // the way the script's regular expression drops it.
        }
        if kept.count > maxLength {
            let prefix = String(kept.prefix(maxLength))
            if let lastDash = prefix.lastIndex(of: "-") {
                kept = String(prefix[..<lastDash])
            } else {
                kept = prefix
            }
        }
        return kept.isEmpty ? "image" : kept
    }

    /// The folder a batch of several prompts is written into: `slug(p, 20)` of the first three
    /// prompts joined with `-`, plus `-and-K-more` when there are K more prompts.
    static func batchFolderName(for prompts: [String]) -> String {
        let named = prompts.prefix(3).map { slug($0, maxLength: folderSlugLength) }.joined(separator: "-")
        let more = prompts.count - 3
        return more > 0 ? "\(named)-and-\(more)-more" : named
    }

    /// The folder (relative to the output folder) the images of `prompts` are written into:
    /// none for a single prompt, the batch folder for several.
    static func relativeFolder(for prompts: [String]) -> String? {
        prompts.count > 1 ? batchFolderName(for: prompts) : nil
    }

    /// The file name stem (without extension) of one image.
    ///
    /// - Parameters:
    ///   - prompt: the prompt's text.
    ///   - promptNumber: the prompt's 1-based number in the batch; shown as a two-digit `NN_`
    ///     prefix when `promptCount` is more than 1.
    ///   - imageNumber: the image's 1-based number among the prompt's `imageCount` images;
    ///     shown as `-1`, `-2`, … when `imageCount` is more than 1.
    static func imageStem(prompt: String, promptNumber: Int, promptCount: Int, imageNumber: Int, imageCount: Int) -> String {
        var stem = slug(prompt, maxLength: fileSlugLength)
        if promptCount > 1 { stem = twoDigits(promptNumber) + "_" + stem }
        if imageCount > 1 { stem += "-\(imageNumber)" }
        return stem
    }

    /// The file name of one image: its stem and the format's name as extension
    /// (`.png`, `.jpeg`, `.webp`).
    static func imageFileName(
        prompt: String, promptNumber: Int, promptCount: Int, imageNumber: Int, imageCount: Int, format: ImageFormat
    ) -> String {
        imageStem(prompt: prompt, promptNumber: promptNumber, promptCount: promptCount, imageNumber: imageNumber, imageCount: imageCount)
            + "." + format.fileExtension
    }

    /// The thumbnail written beside an image: `STEM.thumb.EXT`.
    static func thumbnailFileName(stem: String, format: ImageFormat) -> String {
        "\(stem).thumb.\(format.fileExtension)"
    }

    /// The output file of `gptimg process` for an input: the input's stem with the output
    /// format's extension.
    static func processedFileName(inputFileName: String, format: ImageFormat) -> String {
        stem(ofFileName: inputFileName) + "." + format.fileExtension
    }

    /// A file name without its last extension (`photo.large.png` → `photo.large`); a name that
    /// is only an extension (`.png`) is kept whole.
    static func stem(ofFileName name: String) -> String {
        guard let dot = name.lastIndex(of: "."), dot != name.startIndex else { return name }
        return String(name[..<dot])
    }

    private static func twoDigits(_ number: Int) -> String {
        number < 10 ? "0\(number)" : String(number)
    }

    /// A letter or a digit of any script, with its combining marks; emoji (including keycaps
    /// such as 1️⃣, whose base is a digit) are not.
    private static func isLetterOrDigit(_ character: Character) -> Bool {
        let scalars = character.unicodeScalars
        guard let base = scalars.first else { return false }
        let baseIsLetterOrDigit = base.properties.isAlphabetic || base.properties.numericType == .decimal
        guard baseIsLetterOrDigit, !base.properties.isEmojiPresentation else { return false }
        return scalars.dropFirst().allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .nonspacingMark, .spacingMark: return scalar != "\u{FE0F}"
            default: return false
            }
        }
    }
}
