import Codecs
import Foundation

/// One image travelling through a ``Pipeline``: its bytes, its pixels once decoded, where it
/// came from, and everything the stages did to it.
///
/// ```swift
/// let item = try PipelineItem(contentsOf: URL(fileURLWithPath: "in/cat.png"), outputFolder: URL(fileURLWithPath: "out"))
/// let fromAPI = PipelineItem(data: bytes, origin: .generated(origin), outputName: "a-sunset", usage: ItemUsage(totalTokens: 4_160))
/// ```
public struct PipelineItem: Sendable {
    /// The encoded image: the bytes as received or read, or as last re-encoded.
    public var data: Data
    /// The format of ``data``, found from the bytes; `nil` when they are no known image format.
    public var format: ImageFormat?
    /// How the image is encoded when written: set by the re-encode and mask stages. `nil` keeps the
    /// original bytes, or encodes changed pixels in ``format`` with that format's default options.
    public var encoding: EncodingOptions?
    /// The colour transparent pixels are flattened onto when the image or its thumbnail is
    /// written in a format without alpha (JPEG). White unless a re-encode stage says otherwise.
    public var flatteningBackground: RGBA
    /// The header of the original image, once read (by decoding or a check).
    public var info: ImageInfo?
    /// The pixels, once decoded. May be smaller than the original when decoded with a minimum size.
    public var image: PixelBuffer?
    /// Whether ``image`` was changed after ``data`` was encoded (resized, turned into a mask),
    /// so ``data`` must be re-encoded before it is written. The write stage does that itself.
    public var imageIsNewerThanData: Bool
    /// A reduced copy made by the thumbnail stage, written beside the image as `NAME.thumb.EXT`.
    public var thumbnail: ThumbnailImage?
    /// Where the item came from.
    public var origin: ItemOrigin
    /// The stem of the file name to write (no extension). It is made safe when written.
    public var outputName: String
    /// The folder to write into, unless the write stage names its own.
    public var outputFolder: URL?
    /// Files written so far.
    public var files: [WrittenFile]
    /// Results of every check run so far, passed or not.
    public var validations: [ValidationResult]
    /// Problems that did not stop the item (validations under the `warn` policy, for example).
    public var warnings: [String]
    /// Tokens and cost the caller knows for the item.
    public var usage: ItemUsage?
    /// How long each stage took, in the order they ran.
    public var timings: [StageTiming]

    /// An item from encoded bytes; the format is sniffed from them.
    ///
    /// - Parameters:
    ///   - data: the encoded image.
    ///   - origin: where it came from.
    ///   - outputName: the file name stem to write under; made safe when written.
    ///   - outputFolder: where the write stage puts it unless it names its own folder.
    ///   - usage: tokens and cost, when known.
    public init(data: Data, origin: ItemOrigin, outputName: String, outputFolder: URL? = nil, usage: ItemUsage? = nil) {
        self.data = data
        self.format = ImageFormat(sniffing: data)
        self.encoding = nil
        self.flatteningBackground = .white
        self.info = nil
        self.image = nil
        self.imageIsNewerThanData = false
        self.thumbnail = nil
        self.origin = origin
        self.outputName = outputName
        self.outputFolder = outputFolder
        self.files = []
        self.validations = []
        self.warnings = []
        self.usage = usage
        self.timings = []
    }

    /// An item holding pixels that have not been encoded yet (a mask drawn in code, for example).
    /// The write stage encodes them as PNG unless a re-encode stage says otherwise.
    public init(image: PixelBuffer, origin: ItemOrigin, outputName: String, outputFolder: URL? = nil) {
        self.init(data: Data(), origin: origin, outputName: outputName, outputFolder: outputFolder)
        self.format = .png
        self.image = image
        self.imageIsNewerThanData = true
    }

    /// An item read from a file; its output name is the file's name without extension.
    ///
    /// - Throws: the file system's error when the file cannot be read.
    public init(contentsOf url: URL, outputFolder: URL? = nil) throws {
        let data = try Data(contentsOf: url)
        self.init(
            data: data, origin: .file(path: url.path), outputName: url.deletingPathExtension().lastPathComponent,
            outputFolder: outputFolder)
    }

    /// The size of the original image: from its header once read, else from the decoded pixels.
    public var originalSize: ImageSize? {
        if let info { return ImageSize(width: info.width, height: info.height) }
        if let image { return ImageSize(width: image.width, height: image.height) }
        return nil
    }
}

/// A reduced copy of an item's image and how to encode it.
public struct ThumbnailImage: Sendable, Hashable {
    /// The pixels.
    public var pixels: PixelBuffer
    /// How to encode it; `nil` means like the image itself.
    public var encoding: EncodingOptions?

    /// A thumbnail from its pixels and optional encoding.
    public init(pixels: PixelBuffer, encoding: EncodingOptions? = nil) {
        self.pixels = pixels
        self.encoding = encoding
    }
}

/// How long one stage took on one item.
public struct StageTiming: Sendable, Hashable, Codable {
    /// The stage's description.
    public var stage: String
    /// Wall-clock time in seconds.
    public var seconds: Double

    /// A timing from its parts.
    public init(stage: String, seconds: Double) {
        self.stage = stage
        self.seconds = seconds
    }
}
