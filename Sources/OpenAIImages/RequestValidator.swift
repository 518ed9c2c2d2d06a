import Codecs
import Foundation

/// Checks requests against each model's rules before anything is sent, so a mistake costs
/// neither a round trip nor money, and the error names the field, the value and what is allowed.
///
/// ```swift
/// try RequestValidator.validate(GenerationRequest(prompt: "A fox", model: .dallE3, n: 2))
/// // RequestValidationError: "n 2 is not accepted by dall-e-3: dall-e-3 draws exactly 1 image per request."
/// ```
public enum RequestValidator {
    /// The largest input image the API takes (GPT image models): under 50 MB, counted in
    /// decimal megabytes so that no file the API might refuse gets through.
    public static let maxImageBytes = 50_000_000
    /// dall-e-2 inputs and every mask: under 4 MB.
    public static let maxSmallImageBytes = 4_000_000
    /// The most input images of an edit.
    public static let maxInputImages = 16

    /// Checks a generation.
    public static func validate(_ request: GenerationRequest, streaming: Bool = false) throws(RequestValidationError) {
        let model = request.model
        let family = model.family
        try checkSharedOptions(of: request, edit: false)
        if let moderation = request.moderation, !family.isGPTImage && family != .unknown {
            throw gptOnly("moderation", moderation.rawValue, model)
        }
        if let style = request.style, family != .dallE3 && family != .unknown {
            throw .invalidValue(field: "style", value: style.rawValue, allowed: "style is a dall-e-3 option; leave it unset", model: model.rawValue)
        }
        try checkResponseFormat(request.responseFormat, model: model)
        try checkStreaming(partialImages: request.partialImages, streaming: streaming, model: model)
    }

    /// Checks an edit's options (not its images; see ``validate(_:images:mask:)``).
    public static func validate(_ request: EditRequest, streaming: Bool = false) throws(RequestValidationError) {
        let model = request.model
        let family = model.family
        if family == .dallE3 {
            throw .invalidValue(field: "model", value: model.rawValue, allowed: "edits take a GPT image model or dall-e-2", model: model.rawValue)
        }
        try checkSharedOptions(of: request, edit: true)
        if let moderation = request.moderation {
            throw .invalidValue(
                field: "moderation", value: moderation.rawValue, allowed: "moderation is only accepted by generations; leave it unset for edits",
                model: model.rawValue)
        }
        if let fidelity = request.inputFidelity, family == .gptImageMini || family == .dallE2 {
            throw .invalidValue(
                field: "input_fidelity", value: fidelity.rawValue,
                allowed: "input_fidelity needs gpt-image-1 or later (not gpt-image-1-mini, not dall-e-2); leave it unset", model: model.rawValue)
        }
        try checkResponseFormat(request.responseFormat, model: model)
        let count = request.images.count
        let maxImages = family == .dallE2 ? 1 : maxInputImages
        if count < 1 || count > maxImages {
            throw .invalidValue(
                field: "image", value: "\(count) image(s)", allowed: family == .dallE2 ? "dall-e-2 edits exactly 1 image" : "1 to 16 images",
                model: model.rawValue)
        }
        try checkStreaming(partialImages: request.partialImages, streaming: streaming, model: model)
    }

    /// Checks an edit's loaded images and mask: count, size in bytes, format, and that the mask
    /// is a PNG with an alpha channel and the first image's dimensions.
    public static func validate(_ request: EditRequest, images: [LoadedImage], mask: LoadedImage?) throws(RequestValidationError) {
        let model = request.model
        let dallE2 = model.family == .dallE2
        let field = model.family == .dallE2 ? "image" : "image[]"
        for (index, image) in images.enumerated() {
            let name = images.count == 1 ? field : "image[\(index)]"
            let limit = dallE2 ? maxSmallImageBytes : maxImageBytes
            if image.data.count >= limit {
                throw .inputTooLarge(field: name, input: image.source, bytes: image.data.count, limit: limit)
            }
            if dallE2 && image.format != .png {
                throw .unsupportedInputFormat(field: name, input: image.source, found: image.format.rawValue.uppercased(), allowed: "only square PNG images for dall-e-2")
            }
            if dallE2 {
                let info = try info(of: image, field: name)
                if info.width != info.height {
                    throw .invalidValue(field: name, value: "\(info.width)x\(info.height)", allowed: "dall-e-2 edits square images", model: model.rawValue)
                }
            }
        }
        guard let mask else { return }
        if mask.data.count >= maxSmallImageBytes {
            throw .inputTooLarge(field: "mask", input: mask.source, bytes: mask.data.count, limit: maxSmallImageBytes)
        }
        guard mask.format == .png else {
            throw .unsupportedInputFormat(field: "mask", input: mask.source, found: mask.format.rawValue.uppercased(), allowed: "a PNG with an alpha channel")
        }
        let maskInfo = try info(of: mask, field: "mask")
        guard maskInfo.hasAlphaChannel else {
            throw .invalidValue(
                field: "mask", value: "a PNG without alpha (\(maskInfo.storage))",
                allowed: "the mask needs an alpha channel, transparent where the image is to be edited (gptimg mask makes one)",
                model: model.rawValue)
        }
        if let first = images.first {
            let imageInfo = try info(of: first, field: images.count == 1 ? field : "image[0]")
            if imageInfo.width != maskInfo.width || imageInfo.height != maskInfo.height {
                throw .invalidValue(
                    field: "mask", value: "\(maskInfo.width)x\(maskInfo.height)",
                    allowed: "the mask must have the first image's dimensions, \(imageInfo.width)x\(imageInfo.height)", model: model.rawValue)
            }
        }
    }

    // MARK: - Rules

    /// The longest prompt a model takes, in characters; `nil` when unknown.
    public static func maxPromptLength(for model: ImageModel) -> Int? {
        switch model.family {
        case .gptImage, .gptImageMini, .gptImage2: 32_000
        case .dallE3: 4_000
        case .dallE2: 1_000
        case .unknown: nil
        }
    }

    /// The sizes a model accepts, as a sentence.
    public static func allowedSizes(for model: ImageModel, edit: Bool) -> String {
        switch model.family {
        case .gptImage, .gptImageMini: "1024x1024, 1536x1024, 1024x1536 or auto"
        case .gptImage2:
            "1024x1024, 1536x1024, 1024x1536, auto, or WIDTHxHEIGHT with both sides divisible by 16, "
                + "an aspect ratio between 1:3 and 3:1, and at most 3840x2160"
        case .dallE2: "256x256, 512x512 or 1024x1024"
        case .dallE3: "1024x1024, 1792x1024 or 1024x1792"
        case .unknown: "auto or WIDTHxHEIGHT"
        }
    }

    /// The qualities a model accepts.
    public static func allowedQualities(for model: ImageModel, edit: Bool) -> [ImageQuality] {
        switch model.family {
        case .gptImage, .gptImageMini, .gptImage2: [.low, .medium, .high, .auto]
        case .dallE3: [.standard, .hd, .auto]
        case .dallE2: [.standard, .auto]
        case .unknown: ImageQuality.allCases
        }
    }

    /// The checks generations and edits share, in the order both apply them: prompt, count,
    /// size, quality, then background, format and compression together.
    static func checkSharedOptions(of request: some ImageRequest, edit: Bool) throws(RequestValidationError) {
        let model = request.model
        try checkPrompt(request.prompt, model: model, edit: edit)
        try checkCount(request.n, model: model)
        if let size = request.size { try checkSize(size, model: model, edit: edit) }
        if let quality = request.quality { try checkQuality(quality, model: model, edit: edit) }
        try checkOutput(
            background: request.background, format: request.outputFormat, compression: request.outputCompression, model: model)
    }

    static func checkPrompt(_ prompt: String, model: ImageModel, edit: Bool) throws(RequestValidationError) {
        if prompt.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            throw .invalidValue(field: "prompt", value: "\"\" (empty)", allowed: "a prompt must say what to draw", model: model.rawValue)
        }
        if let limit = maxPromptLength(for: model), prompt.count > limit {
            throw .invalidValue(
                field: "prompt", value: "of \(prompt.count) characters", allowed: "at most \(limit) characters", model: model.rawValue)
        }
    }

    static func checkCount(_ n: Int?, model: ImageModel) throws(RequestValidationError) {
        guard let n else { return }
        if model.family == .dallE3, n != 1 {
            throw .invalidValue(field: "n", value: "\(n)", allowed: "dall-e-3 draws exactly 1 image per request", model: model.rawValue)
        }
        if !(1...10).contains(n) {
            throw .invalidValue(field: "n", value: "\(n)", allowed: "1 to 10 images per request", model: model.rawValue)
        }
    }

    static func checkSize(_ size: ImageSize, model: ImageModel, edit: Bool) throws(RequestValidationError) {
        let family = model.family
        let allowed = allowedSizes(for: model, edit: edit)
        func refuse() -> RequestValidationError {
            .invalidValue(field: "size", value: size.rawValue, allowed: allowed, model: model.rawValue)
        }
        let standard: Set<String>
        switch family {
        case .gptImage, .gptImageMini, .gptImage2: standard = ["auto", "1024x1024", "1536x1024", "1024x1536"]
        case .dallE2: standard = ["256x256", "512x512", "1024x1024"]
        case .dallE3: standard = ["1024x1024", "1792x1024", "1024x1792"]
        case .unknown:
            if case .unparsed = size { throw refuse() }
            return
        }
        if standard.contains(size.rawValue) { return }
        guard family == .gptImage2, let (width, height) = size.dimensions else { throw refuse() }
        let long = max(width, height)
        let short = min(width, height)
        guard short > 0, width % 16 == 0, height % 16 == 0, long <= 3 * short, long <= 3840, short <= 2160 else { throw refuse() }
    }

    static func checkQuality(_ quality: ImageQuality, model: ImageModel, edit: Bool) throws(RequestValidationError) {
        let allowed = allowedQualities(for: model, edit: edit)
        guard allowed.contains(quality) else {
            throw .invalidValue(
                field: "quality", value: quality.rawValue, allowed: "one of " + allowed.map(\.rawValue).joined(separator: ", "),
                model: model.rawValue)
        }
    }

    static func checkOutput(
        background: ImageBackground?, format: OutputFormat?, compression: Int?, model: ImageModel
    ) throws(RequestValidationError) {
        let family = model.family
        let gptOrUnknown = family.isGPTImage || family == .unknown
        if let background, !gptOrUnknown { throw gptOnly("background", background.rawValue, model) }
        if let format, !gptOrUnknown { throw gptOnly("output_format", format.rawValue, model) }
        if let compression, !gptOrUnknown { throw gptOnly("output_compression", String(compression), model) }
        let effectiveFormat = format ?? .png
        if background == .transparent, !effectiveFormat.supportsTransparency {
            throw .invalidValue(
                field: "background", value: "transparent with output_format \(effectiveFormat.rawValue)",
                allowed: "a transparent background needs output_format png or webp", model: model.rawValue)
        }
        if let compression {
            if !(0...100).contains(compression) {
                throw .invalidValue(field: "output_compression", value: String(compression), allowed: "0 to 100", model: model.rawValue)
            }
            if !effectiveFormat.acceptsCompression {
                throw .invalidValue(
                    field: "output_compression", value: "\(compression) with output_format \(effectiveFormat.rawValue)",
                    allowed: "output_compression applies only to jpeg and webp; leave it unset for png", model: model.rawValue)
            }
        }
    }

    static func checkResponseFormat(_ format: ResponseFormat?, model: ImageModel) throws(RequestValidationError) {
        if let format, model.family.isGPTImage {
            throw .invalidValue(
                field: "response_format", value: format.rawValue,
                allowed: "GPT image models always return base64; leave response_format unset", model: model.rawValue)
        }
    }

    static func checkStreaming(partialImages: Int?, streaming: Bool, model: ImageModel) throws(RequestValidationError) {
        let family = model.family
        if streaming, !family.isGPTImage, family != .unknown {
            throw .invalidValue(field: "stream", value: "true", allowed: "streaming needs a GPT image model", model: model.rawValue)
        }
        if let partialImages {
            if !(0...3).contains(partialImages) {
                throw .invalidValue(field: "partial_images", value: String(partialImages), allowed: "0 to 3", model: model.rawValue)
            }
            if !streaming {
                throw .invalidValue(
                    field: "partial_images", value: String(partialImages), allowed: "partial images need a streaming request",
                    model: model.rawValue)
            }
        }
    }

    private static func gptOnly(_ field: String, _ value: String, _ model: ImageModel) -> RequestValidationError {
        .invalidValue(field: field, value: value, allowed: "\(field) is only supported by GPT image models; leave it unset", model: model.rawValue)
    }

    private static func info(of image: LoadedImage, field: String) throws(RequestValidationError) -> ImageInfo {
        do {
            return try ImageDecoder.info(of: image.data)
        } catch {
            throw .unreadableInput(field: field, input: image.source, reason: error.description)
        }
    }
}
