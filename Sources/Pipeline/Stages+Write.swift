import Codecs
import Crypto
import Foundation

extension Stages {
    /// Writes the image, and its thumbnail when there is one (`NAME.thumb.EXT`), atomically
    /// into a folder, and records each file (path, format, bytes, size, SHA-256) on the item.
    ///
    /// The name is the item's ``PipelineItem/outputName`` made safe by ``SafeFileName``; the
    /// extension is the format's. Existing files are kept: by default the image and its
    /// thumbnail move together to the first free `NAME-2`, `NAME-3`, ... (see
    /// ``AtomicFileWriter/ExistingFilePolicy``). Pixels changed since the last encode are
    /// encoded first, with the item's encoding options or the format's defaults.
    public struct Write: ItemProcessing {
        /// The folder to write into; `nil`: the item's ``PipelineItem/outputFolder``.
        public var folder: URL?
        /// What to do when a name is taken.
        public var policy: AtomicFileWriter.ExistingFilePolicy

        /// A write stage.
        public init(into folder: URL? = nil, policy: AtomicFileWriter.ExistingFilePolicy = .uniqueName) {
            self.folder = folder
            self.policy = policy
        }

        /// Writes the files and records them on the item.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            guard let folder = folder ?? item.outputFolder else {
                throw StageError.noOutputFolder(item: item.origin.description)
            }
            let writer = AtomicFileWriter(folder: folder)

            if item.imageIsNewerThanData || item.data.isEmpty {
                try item.encode(as: item.encoding ?? .defaults(for: item.format ?? .png))
            }
            guard let format = item.format else {
                // Original bytes that are no image: decoding them gives the precise error.
                _ = try item.decodedImage()
                throw StageError.decodingFailed(.unrecognizedFormat(leadingBytes: Array(item.data.prefix(8))))
            }
            let size = try item.sizeOfData()

            var thumbnailData: Data?
            var thumbnailFormat = format
            if let thumbnail = item.thumbnail {
                let options = thumbnail.encoding ?? item.encoding ?? .defaults(for: format)
                thumbnailFormat = options.format
                thumbnailData = try PipelineItem.encoded(thumbnail.pixels, as: options, background: item.flatteningBackground)
            }
            let thumbnailExtension = "thumb." + thumbnailFormat.fileExtension

            let imageURL = try writer.write(
                item.data, stem: item.outputName, extension: format.fileExtension, policy: policy,
                companions: thumbnailData == nil ? [] : [thumbnailExtension])
            item.files.append(
                WrittenFile(
                    path: imageURL.path, role: .image, format: format, bytes: item.data.count,
                    width: size.width, height: size.height, sha256: Self.sha256(item.data)))

            if let thumbnailData, let thumbnail = item.thumbnail {
                // The stem the image landed on (maybe NAME-2), so the pair stays together.
                let stem = imageURL.deletingPathExtension().lastPathComponent
                let thumbnailURL = try writer.write(
                    thumbnailData, stem: stem, extension: thumbnailExtension, policy: policy == .overwrite ? .overwrite : .fail)
                item.files.append(
                    WrittenFile(
                        path: thumbnailURL.path, role: .thumbnail, format: thumbnailFormat, bytes: thumbnailData.count,
                        width: thumbnail.pixels.width, height: thumbnail.pixels.height, sha256: Self.sha256(thumbnailData)))
            }
            return item
        }

        /// `write(out, uniqueName)`.
        public var description: String { "write(\(folder?.path ?? "item folder"), \(policy.rawValue))" }

        /// SHA-256 of `data`, lowercase hex.
        public static func sha256(_ data: Data) -> String {
            SHA256.hash(data: data).map { byte in
                let digits = String(byte, radix: 16)
                return digits.count == 1 ? "0" + digits : digits
            }.joined()
        }
    }
}

extension PipelineItem {
    /// The pixel size of ``data``: the pixels it was encoded from, or the original file's header.
    mutating func sizeOfData() throws(StageError) -> ImageSize {
        if encoding != nil, let image { return ImageSize(width: image.width, height: image.height) }
        if let info { return ImageSize(width: info.width, height: info.height) }
        let header = try imageInfo()
        return ImageSize(width: header.width, height: header.height)
    }
}
