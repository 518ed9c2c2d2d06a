import ArgumentParser
import Codecs

/// The thumbnail written beside each image.
struct ThumbnailOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "Also write NAME.thumb.EXT, fitted inside EDGE×EDGE pixels (16–4096), never enlarged.", valueName: "edge"))
    var thumbnail: Int?

    @Option(
        name: .customLong("thumbnail-format"),
        help: ArgumentHelp("Format of the thumbnails: png, jpeg or webp. Default: the image's format.", valueName: "format"))
    var thumbnailFormat: String?

    mutating func validate() throws {
        if let thumbnail, !(16...4096).contains(thumbnail) {
            throw ValidationError("--thumbnail must be 16–4096 pixels (got \(thumbnail)).")
        }
        if thumbnailFormat != nil && thumbnail == nil {
            throw ValidationError("--thumbnail-format needs --thumbnail EDGE.")
        }
        _ = try format
    }

    /// The thumbnail format asked for, nil for the image's own.
    var format: ImageFormat? {
        get throws {
            guard let thumbnailFormat else { return nil }
            return try ImageFormat(flagValue: thumbnailFormat, source: "--thumbnail-format")
        }
    }
}
