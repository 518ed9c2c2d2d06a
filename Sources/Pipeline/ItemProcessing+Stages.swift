import Codecs
import Foundation

// Static factories, so a pipeline reads as a list: `[.decode(), .thumbnail(256), .write()]`.

extension ItemProcessing where Self == Stages.Decode {
    /// Decodes the item's bytes (see ``Stages/Decode``).
    public static func decode(_ options: DecodingOptions = DecodingOptions()) -> Self { Stages.Decode(options: options) }

    /// Decodes, letting JPEG and WebP scale down natively to no less than `minimumSize` (cheap previews).
    public static func decode(minimumSize: ImageSize) -> Self {
        Stages.Decode(options: DecodingOptions(minimumSize: (minimumSize.width, minimumSize.height)))
    }
}

extension ItemProcessing where Self == Stages.ValidateDimensions {
    /// Checks the image is exactly `width` × `height`.
    public static func validateDimensions(width: Int, height: Int, policy: ValidationPolicy = .fail) -> Self {
        Stages.ValidateDimensions([ImageSize(width: width, height: height)], policy: policy)
    }

    /// Checks the image is one of `sizes`.
    public static func validateDimensions(oneOf sizes: [ImageSize], policy: ValidationPolicy = .fail) -> Self {
        Stages.ValidateDimensions(sizes, policy: policy)
    }
}

extension ItemProcessing where Self == Stages.ValidateTransparency {
    /// Checks the image has (`.required`) or has no (`.forbidden`) transparent pixels.
    public static func validateTransparency(_ requirement: TransparencyRequirement, policy: ValidationPolicy = .fail) -> Self {
        Stages.ValidateTransparency(requirement, policy: policy)
    }
}

extension ItemProcessing where Self == Stages.BuildMask {
    /// Turns the image into an edit mask (see ``MaskBuilder``).
    public static func buildMask(
        from source: MaskSource = .blackAndWhite, inverted: Bool = false, fittingTo size: ImageSize? = nil
    ) -> Self {
        Stages.BuildMask(MaskOptions(source: source, inverted: inverted, fittingTo: size))
    }

    /// Inverts an existing mask (alpha 0 becomes 255 and the reverse), optionally fitting it to a size:
    /// a mask built from the item's alpha, inverted.
    public static func invertMask(fittingTo size: ImageSize? = nil) -> Self {
        Stages.BuildMask(MaskOptions(source: .alpha, inverted: true, fittingTo: size))
    }
}

extension ItemProcessing where Self == Stages.Reencode {
    /// Encodes the pixels again; JPEG flattens transparency onto `background` (white by default).
    public static func reencode(_ options: EncodingOptions, background: RGBA = .white) -> Self {
        Stages.Reencode(options, background: background)
    }
}

extension ItemProcessing where Self == Stages.Resize {
    /// Resizes the image into a `width` × `height` box.
    public static func resize(
        width: Int, height: Int, fit: ResizeFit = .inside, allowsEnlargement: Bool = false, filter: ResamplingFilter = .lanczos3
    ) -> Self {
        Stages.Resize(ResizeOptions(width: width, height: height, fit: fit, allowsEnlargement: allowsEnlargement, filter: filter))
    }

    /// Resizes the image with `options`.
    public static func resize(_ options: ResizeOptions) -> Self { Stages.Resize(options) }
}

extension ItemProcessing where Self == Stages.Thumbnail {
    /// Makes a thumbnail fitting a `side` × `side` box, written as `NAME.thumb.EXT`.
    public static func thumbnail(_ side: Int, fit: ResizeFit = .inside, encoding: EncodingOptions? = nil) -> Self {
        Stages.Thumbnail(ResizeOptions(width: side, height: side, fit: fit), encoding: encoding)
    }

    /// Makes a thumbnail with `options`, written as `NAME.thumb.EXT`.
    public static func thumbnail(_ options: ResizeOptions, encoding: EncodingOptions? = nil) -> Self {
        Stages.Thumbnail(options, encoding: encoding)
    }
}

extension ItemProcessing where Self == Stages.Write {
    /// Writes the image (and thumbnail) atomically into `folder`, or the item's own folder when `nil`.
    public static func write(into folder: URL? = nil, policy: AtomicFileWriter.ExistingFilePolicy = .uniqueName) -> Self {
        Stages.Write(into: folder, policy: policy)
    }
}

extension ItemProcessing where Self == Stages.RecordManifest {
    /// Appends the item's record to `manifest`.
    public static func recordManifest(_ manifest: ManifestWriter) -> Self { Stages.RecordManifest(manifest) }
}

extension ItemProcessing where Self == Stages.Custom {
    /// A stage from a closure, identified by `id`.
    public static func custom(
        _ id: String, _ body: @escaping @Sendable (PipelineItem, ProcessingContext) async throws -> PipelineItem
    ) -> Self {
        Stages.Custom(id, body)
    }
}
