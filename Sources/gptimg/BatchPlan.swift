import ArgumentParser
import Codecs
import Foundation

/// Everything decided about a batch before anything is sent: each prompt's settings and the
/// files it will write.
struct BatchPlan: Sendable {
    /// One prompt of the batch.
    struct Prompt: Sendable, Hashable {
        /// The prompt's 1-based number in the batch.
        var number: Int
        var text: String
        /// Where it came from (`prompt argument 2`, `line 4 of prompts.jsonl`).
        var origin: String
        var settings: ImageSettings
        /// The file name stem of each image, in order (`01_a-sunset-1`, `01_a-sunset-2`).
        var stems: [String]

        /// The image file names, with the format's extension.
        var fileNames: [String] { stems.map { $0 + "." + settings.format.fileExtension } }
    }

    var prompts: [Prompt]
    /// The folder given with --output.
    var outputFolder: URL
    /// The folder the images go into: the batch folder for several prompts, else the output folder.
    var imageFolder: URL
    /// manifest.jsonl beside the images.
    var manifestURL: URL
    /// The thumbnails' format, nil for each image's own.
    var thumbnailFormat: ImageFormat?

    /// Plans a batch: checks each prompt's settings and names its files.
    init(entries: [PromptEntry], base: ImageSettings, outputFolder: String, thumbnailFormat: ImageFormat?) throws {
        let texts = entries.map(\.text)
        let root = URL(fileURLWithPath: outputFolder, isDirectory: true).standardizedFileURL
        self.outputFolder = root
        if let folderName = FileNaming.relativeFolder(for: texts) {
            imageFolder = root.appendingPathComponent(folderName, isDirectory: true)
        } else {
            imageFolder = root
        }
        manifestURL = imageFolder.appendingPathComponent(FileNaming.manifestFileName)
        self.thumbnailFormat = thumbnailFormat
        prompts = try entries.enumerated().map { offset, entry in
            let settings = try entry.settings(base: base)
            let stems = (1...settings.imageCount).map { imageNumber in
                FileNaming.imageStem(
                    prompt: entry.text, promptNumber: offset + 1, promptCount: entries.count,
                    imageNumber: imageNumber, imageCount: settings.imageCount)
            }
            return Prompt(number: offset + 1, text: entry.text, origin: entry.origin, settings: settings, stems: stems)
        }
    }

    /// How many images the batch asks for in all.
    var imageCount: Int { prompts.reduce(0) { $0 + $1.settings.imageCount } }

    /// The path of a file in the image folder, relative to the current folder when inside it,
    /// for messages.
    func displayPath(_ fileName: String) -> String {
        let url = imageFolder.appendingPathComponent(fileName)
        let current = FileManager.default.currentDirectoryPath
        let full = url.path
        if full.hasPrefix(current + "/") { return String(full.dropFirst(current.count + 1)) }
        return full
    }
}
