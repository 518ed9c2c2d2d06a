import ArgumentParser
import Foundation
import OpenAIImages

/// One prompt's request to the Images API, ready to send.
enum APIRequest: Sendable {
    case generation(GenerationRequest)
    case edit(EditRequest)

    /// The endpoint, for messages and the dry run.
    var endpoint: String {
        switch self {
        case .generation: "POST /images/generations"
        case .edit: "POST /images/edits"
        }
    }

    /// The options both endpoints take.
    private var shared: any ImageRequest {
        switch self {
        case .generation(let request): request
        case .edit(let request): request
        }
    }

    /// How many images it asks for.
    var imageCount: Int { shared.imageCount }

    /// The model the request names.
    var model: ImageModel { shared.model }

    /// The same request asking for `count` images, for requesting undecodable ones again.
    func asking(for count: Int) -> APIRequest {
        func withCount<Request: ImageRequest>(_ request: Request) -> Request {
            var request = request
            request.n = count == 1 && request.n == nil ? nil : count
            return request
        }
        switch self {
        case .generation(let request): return .generation(withCount(request))
        case .edit(let request): return .edit(withCount(request))
        }
    }

    /// The estimated price from the per-image price table, or nil when the table does not
    /// know the model, size or quality.
    var estimatedCost: Double? { CostCalculator.estimate(shared) }

    /// Checks the request against the model's rules; a problem becomes a usage error naming
    /// the flag that set the field and where the prompt came from.
    func validate(streaming: Bool, origin: String) throws {
        do {
            switch self {
            case .generation(let request): try RequestValidator.validate(request, streaming: streaming)
            case .edit(let request): try RequestValidator.validate(request, streaming: streaming)
            }
        } catch {
            throw ValidationError("\(Self.flag(for: error.field)): \(error.description) (\(origin))")
        }
    }

    /// The command-line flag that sets an API field.
    static func flag(for field: String) -> String {
        let base = field.split(separator: "[").first.map(String.init) ?? field
        switch base {
        case "size": return "--size"
        case "quality": return "--quality"
        case "n": return "-n"
        case "background": return "--background"
        case "output_format": return "--format"
        case "output_compression": return "--compression"
        case "moderation": return "--moderation"
        case "input_fidelity": return "--input-fidelity"
        case "partial_images": return "--partial-images"
        case "stream": return "--stream"
        case "model": return "--model"
        case "prompt": return "PROMPT"
        case "image": return "--image"
        case "mask": return "--mask"
        default: return field
        }
    }

    /// What would be sent, as JSON, for the dry run. Input images are described, not inlined;
    /// the API key is a header and never part of it.
    var preview: JSONValue {
        var body: [String: JSONValue] = [:]
        func put(_ key: String, _ value: String?) { if let value { body[key] = .string(value) } }
        func put(_ key: String, _ value: Int?) { if let value { body[key] = .integer(value) } }
        let request = shared
        put("prompt", request.prompt)
        put("model", request.model.rawValue)
        put("n", request.n)
        put("size", request.size?.rawValue)
        put("quality", request.quality?.rawValue)
        put("background", request.background?.rawValue)
        put("output_format", request.outputFormat?.rawValue)
        put("output_compression", request.outputCompression)
        put("response_format", request.responseFormat?.rawValue)
        put("partial_images", request.partialImages)
        switch self {
        case .generation(let generation):
            put("moderation", generation.moderation?.rawValue)
        case .edit(let edit):
            body["image"] = .array(edit.images.map { .string($0.description) })
            if let mask = edit.mask { body["mask"] = .string(mask.description) }
            put("input_fidelity", edit.inputFidelity?.rawValue)
        }
        return .object(body)
    }
}

extension ImageSettings {
    /// Whether the model takes GPT Image parameters (output format, background, ...); dall-e
    /// models have their own defaults and are sent only what was set.
    var usesGPTImageParameters: Bool {
        switch ImageModel(rawValue: model).family {
        case .dallE2, .dallE3: false
        default: true
        }
    }

    /// Whether `field` is sent: always for GPT Image models (the tool's defaults differ from
    /// the API's), only when set for dall-e.
    private func sends(_ field: String) -> Bool {
        usesGPTImageParameters || explicitlySet.contains(field)
    }

    /// The sizes an image may come back with, or nil when the size was left to the model.
    var acceptedDimensions: [(width: Int, height: Int)]? {
        sends("size") ? size.acceptedDimensions : nil
    }

    /// The generation request for `prompt`.
    func generationRequest(prompt: String) -> GenerationRequest {
        var request = GenerationRequest(prompt: prompt, model: ImageModel(rawValue: model))
        applySharedOptions(to: &request)
        request.moderation = moderation.flatMap(Moderation.init(rawValue:))
        return request
    }

    /// The edit request for `prompt` with the given (already loaded) inputs.
    func editRequest(prompt: String, images: [ImageInput], mask: ImageInput?) -> EditRequest {
        var request = EditRequest(prompt: prompt, images: images, mask: mask, model: ImageModel(rawValue: model))
        applySharedOptions(to: &request)
        request.inputFidelity = inputFidelity.flatMap(InputFidelity.init(rawValue:))
        return request
    }

    /// Sets the options both endpoints take.
    private func applySharedOptions(to request: inout some ImageRequest) {
        request.n = imageCount > 1 ? imageCount : nil
        if sends("size") { request.size = OpenAIImages.ImageSize(rawValue: size.description) }
        if sends("quality") { request.quality = ImageQuality(rawValue: quality) }
        if usesGPTImageParameters {
            if background != "auto" || explicitlySet.contains("background") { request.background = ImageBackground(rawValue: background) }
            request.outputFormat = OutputFormat(rawValue: format.rawValue)
        } else {
            if explicitlySet.contains("background") { request.background = ImageBackground(rawValue: background) }
            if explicitlySet.contains("output_format") { request.outputFormat = OutputFormat(rawValue: format.rawValue) }
            // dall-e answers with a temporary URL unless asked for the bytes.
            request.responseFormat = .b64JSON
        }
        request.outputCompression = compression
        if stream { request.partialImages = partialImages }
    }
}
