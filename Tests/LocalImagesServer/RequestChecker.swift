import Codecs
import Foundation

/// Checks requests as the Images API does: against the schemas of
/// `openai-images-openapi.yaml` (types, enums, ranges, unknown parameters) and the models'
/// rules the API enforces (sizes, qualities, n, prompt length, output options, masks).
enum RequestChecker {
    static let gptModels: Set<String> = [
        "gpt-image-1", "gpt-image-1-mini", "gpt-image-1.5", "gpt-image-2", "gpt-image-2-2026-04-21", "chatgpt-image-latest",
    ]
    static let generationKeys: Set<String> = [
        "prompt", "model", "n", "quality", "response_format", "output_format", "output_compression", "stream", "partial_images",
        "size", "moderation", "background", "style", "user",
    ]
    static let editKeys: Set<String> = [
        "image", "image[]", "prompt", "mask", "background", "model", "n", "size", "response_format", "output_format",
        "output_compression", "user", "input_fidelity", "stream", "partial_images", "quality",
    ]

    // MARK: Generations

    static func checkGeneration(_ body: Data, extraModels: Set<String>) throws(APIFailure) -> (AcceptedCall, [String: String], [String]) {
        let members: [String: JSONValue]
        do {
            guard case .object(let object) = try JSONDecoder().decode(JSONValue.self, from: body) else {
                throw APIFailure.invalid(nil, "The request body must be a JSON object.", code: nil)
            }
            members = object
        } catch let failure as APIFailure {
            throw failure
        } catch {
            throw APIFailure.invalid(nil, "We could not parse the JSON body of your request.", code: nil)
        }
        for key in members.keys.sorted() where !generationKeys.contains(key) {
            throw APIFailure.invalid(key, "Unknown parameter: '\(key)'.", code: "unknown_parameter")
        }
        var fields: [String: String] = [:]
        for (key, value) in members { fields[key] = value.text }
        let values = members.compactMapValues { value -> JSONValue? in
            if case .null = value { return nil }
            return value
        }
        func string(_ key: String, allowed: [String]? = nil) throws(APIFailure) -> String? {
            guard let value = values[key] else { return nil }
            guard case .string(let text) = value else {
                throw APIFailure.invalid(key, "Invalid type for '\(key)': expected a string, but got \(value.typeName) instead.", code: "invalid_type")
            }
            if let allowed, !allowed.contains(text) {
                throw APIFailure.invalid(key, "Invalid value: '\(text)'. Supported values are: \(allowed.map { "'\($0)'" }.joined(separator: ", ")).")
            }
            return text
        }
        func integer(_ key: String, range: ClosedRange<Int>? = nil) throws(APIFailure) -> Int? {
            guard let value = values[key] else { return nil }
            guard case .integer(let number) = value else {
                throw APIFailure.invalid(key, "Invalid type for '\(key)': expected an integer, but got \(value.typeName) instead.", code: "invalid_type")
            }
            if let range, !range.contains(number) {
                throw APIFailure.invalid(key, "Invalid '\(key)': \(number) is outside \(range.lowerBound) to \(range.upperBound).")
            }
            return number
        }
        guard let prompt = try string("prompt") else {
            throw APIFailure.invalid("prompt", "Missing required parameter: 'prompt'.", code: "missing_required_parameter")
        }
        let model = try string("model") ?? "dall-e-2"
        let stream: Bool
        switch values["stream"] {
        case nil: stream = false
        case .bool(let flag): stream = flag
        case let other?:
            throw APIFailure.invalid("stream", "Invalid type for 'stream': expected a boolean, but got \(other.typeName) instead.", code: "invalid_type")
        }
        var call = AcceptedCall(
            endpoint: "generations", model: model, prompt: prompt, n: try integer("n", range: 1...10) ?? 1, width: 1024, height: 1024,
            sizeText: try string("size") ?? "auto",
            quality: try string("quality", allowed: ["standard", "hd", "low", "medium", "high", "auto"]) ?? "auto",
            background: try string("background", allowed: ["transparent", "opaque", "auto"]) ?? "auto",
            outputFormat: try string("output_format", allowed: ["png", "jpeg", "webp"]) ?? "png",
            compression: try integer("output_compression", range: 0...100), stream: stream,
            partialImages: try integer("partial_images", range: 0...3) ?? 0,
            responseFormat: try string("response_format", allowed: ["url", "b64_json"]), inputImages: [])
        let moderation = try string("moderation", allowed: ["low", "auto"])
        let style = try string("style", allowed: ["vivid", "natural"])
        _ = try string("user")
        try checkModelRules(&call, explicit: Set(values.keys), extraModels: extraModels)
        if call.model == "dall-e-3", call.n != 1 {
            throw APIFailure.invalid("n", "Invalid 'n': dall-e-3 only supports n=1.")
        }
        if moderation != nil, call.isDallE {
            throw APIFailure.invalid("moderation", "moderation is not supported for \(call.model).")
        }
        if style != nil, call.model != "dall-e-3" {
            throw APIFailure.invalid("style", "style is only supported for dall-e-3.")
        }
        return (call, fields, members.keys.sorted())
    }

    // MARK: Edits

    static func checkEdit(
        _ parts: [MultipartParser.Part], extraModels: Set<String>
    ) throws(APIFailure) -> (AcceptedCall, [String: String]) {
        var fields: [String: String] = [:]
        var images: [MultipartParser.Part] = []
        var mask: MultipartParser.Part?
        for part in parts {
            guard editKeys.contains(part.name) else {
                throw APIFailure.invalid(part.name, "Unknown parameter: '\(part.name)'.", code: "unknown_parameter")
            }
            switch part.name {
            case "image", "image[]": images.append(part)
            case "mask": mask = part
            default:
                if fields[part.name] != nil {
                    throw APIFailure.invalid(part.name, "Duplicate parameter: '\(part.name)'.", code: "duplicate_parameter")
                }
                fields[part.name] = String(decoding: part.data, as: UTF8.self)
            }
        }
        func enumField(_ key: String, _ allowed: [String]) throws(APIFailure) -> String? {
            guard let value = fields[key] else { return nil }
            guard allowed.contains(value) else {
                throw APIFailure.invalid(key, "Invalid value: '\(value)'. Supported values are: \(allowed.map { "'\($0)'" }.joined(separator: ", ")).")
            }
            return value
        }
        func intField(_ key: String, _ range: ClosedRange<Int>) throws(APIFailure) -> Int? {
            guard let text = fields[key] else { return nil }
            guard let value = Int(text) else {
                throw APIFailure.invalid(key, "Invalid type for '\(key)': expected an integer, but got '\(text)' instead.", code: "invalid_type")
            }
            guard range.contains(value) else {
                throw APIFailure.invalid(key, "Invalid '\(key)': \(value) is outside \(range.lowerBound) to \(range.upperBound).")
            }
            return value
        }
        guard let prompt = fields["prompt"] else {
            throw APIFailure.invalid("prompt", "Missing required parameter: 'prompt'.", code: "missing_required_parameter")
        }
        guard !images.isEmpty else {
            throw APIFailure.invalid("image", "Missing required parameter: 'image'.", code: "missing_required_parameter")
        }
        guard images.count <= 16 else {
            throw APIFailure.invalid("image", "Invalid 'image': too many images (\(images.count)); at most 16 are accepted.", code: "array_above_max_length")
        }
        let stream: Bool
        switch fields["stream"] {
        case nil, "false": stream = false
        case "true": stream = true
        case let other?:
            throw APIFailure.invalid("stream", "Invalid type for 'stream': expected a boolean, but got '\(other)' instead.", code: "invalid_type")
        }
        let model = fields["model"] ?? "gpt-image-1.5"
        var inputs: [AcceptedCall.InputImage] = []
        for part in images {
            inputs.append(try checkImageFile(part, param: part.name, limit: model == "dall-e-2" ? 4 << 20 : 50 << 20))
        }
        var call = AcceptedCall(
            endpoint: "edits", model: model, prompt: prompt, n: try intField("n", 1...10) ?? 1, width: 1024, height: 1024,
            sizeText: fields["size"] ?? "auto",
            quality: try enumField("quality", ["standard", "low", "medium", "high", "auto"]) ?? "auto",
            background: try enumField("background", ["transparent", "opaque", "auto"]) ?? "auto",
            outputFormat: try enumField("output_format", ["png", "jpeg", "webp"]) ?? "png",
            compression: try intField("output_compression", 0...100), stream: stream, partialImages: try intField("partial_images", 0...3) ?? 0,
            responseFormat: try enumField("response_format", ["url", "b64_json"]), inputImages: inputs)
        let fidelity = try enumField("input_fidelity", ["high", "low"])
        if model == "dall-e-3" {
            throw APIFailure.invalid("model", "Invalid model dall-e-3: edits support GPT image models and dall-e-2.")
        }
        if model == "dall-e-2" {
            if images.count != 1 || images[0].name != "image" {
                throw APIFailure.invalid("image", "dall-e-2 edits take exactly one image, sent as 'image'.")
            }
            if inputs[0].format != .png || inputs[0].width != inputs[0].height {
                throw APIFailure.invalid("image", "Invalid input image - format must be a square PNG for dall-e-2.", code: "invalid_image_format")
            }
        } else if images.contains(where: { $0.name != "image[]" }) && images.count > 1 {
            throw APIFailure.invalid("image", "Several images must each be sent as 'image[]'.")
        }
        if fidelity != nil, model == "gpt-image-1-mini" || model == "dall-e-2" {
            throw APIFailure.invalid("input_fidelity", "input_fidelity is not supported for \(model).", code: "unsupported_parameter")
        }
        if let mask {
            let info = try checkImageFile(mask, param: "mask", limit: 4 << 20)
            guard info.format == .png else {
                throw APIFailure.invalid("mask", "Invalid mask image format - mask must be a PNG file.", code: "invalid_image_format")
            }
            let header = try? ImageDecoder.info(of: mask.data)
            guard header?.hasAlphaChannel == true else {
                throw APIFailure.invalid("mask", "Invalid mask image format - mask must have an alpha channel.", code: "invalid_image_format")
            }
            guard info.width == inputs[0].width, info.height == inputs[0].height else {
                throw APIFailure.invalid(
                    "mask", "Invalid mask image - the mask (\(info.width)x\(info.height)) must have the image's dimensions (\(inputs[0].width)x\(inputs[0].height)).",
                    code: "invalid_image_dimensions")
            }
        }
        var explicit = Set(fields.keys)
        explicit.insert("image")
        try checkModelRules(&call, explicit: explicit, extraModels: extraModels)
        return (call, fields)
    }

    private static func checkImageFile(_ part: MultipartParser.Part, param: String, limit: Int) throws(APIFailure) -> AcceptedCall.InputImage {
        let mime = part.contentType?.lowercased() ?? "application/octet-stream"
        let accepted = ["image/png": ImageFormat.png, "image/jpeg": .jpeg, "image/webp": .webp]
        guard let declared = accepted[mime] else {
            throw APIFailure.invalid(
                param, "Invalid file '\(param)': unsupported mimetype ('\(mime)'). Supported file formats are 'image/jpeg', 'image/png', and 'image/webp'.",
                code: "unsupported_file_mimetype")
        }
        guard part.data.count < limit else {
            throw APIFailure.invalid(param, "Invalid file '\(param)': the file is larger than \(limit >> 20) MB.", code: "file_too_large")
        }
        guard let actual = ImageFormat(sniffing: part.data), actual == declared else {
            throw APIFailure.invalid(param, "Invalid file '\(param)': the content is not a valid \(mime) image.", code: "invalid_image_format")
        }
        do {
            let info = try ImageDecoder.info(of: part.data)
            return AcceptedCall.InputImage(format: actual, width: info.width, height: info.height)
        } catch {
            throw APIFailure.invalid(param, "Invalid file '\(param)': the image could not be read (\(error)).", code: "invalid_image_format")
        }
    }

    // MARK: Model rules

    private static func checkModelRules(_ call: inout AcceptedCall, explicit: Set<String>, extraModels: Set<String>) throws(APIFailure) {
        let model = call.model
        let gpt = gptModels.contains(model) || extraModels.contains(model)
        guard gpt || model == "dall-e-2" || model == "dall-e-3" else {
            throw APIFailure(
                status: 404, type: "invalid_request_error", code: "model_not_found", param: "model",
                message: "The model `\(model)` does not exist or you do not have access to it.")
        }
        let promptLimit = model == "dall-e-2" ? 1000 : model == "dall-e-3" ? 4000 : 32000
        if call.prompt.count > promptLimit {
            throw APIFailure.invalid(
                "prompt", "Invalid 'prompt': string too long. Expected a string with maximum length \(promptLimit), but got a string with length \(call.prompt.count) instead.",
                code: "string_above_max_length")
        }
        if call.prompt.isEmpty {
            throw APIFailure.invalid("prompt", "Invalid 'prompt': empty string.", code: "empty_string")
        }
        // Size.
        let standardSizes: [String]
        switch model {
        case "dall-e-2": standardSizes = ["256x256", "512x512", "1024x1024"]
        case "dall-e-3": standardSizes = ["1024x1024", "1792x1024", "1024x1792"]
        default: standardSizes = ["1024x1024", "1536x1024", "1024x1536", "auto"]
        }
        let size = call.sizeText
        if explicit.contains("size") || !gpt {
            let resolved = size == "auto" && !gpt ? "1024x1024" : size
            if !standardSizes.contains(resolved) {
                let sides = resolved.split(separator: "x").compactMap { Int($0) }
                let free = model.hasPrefix("gpt-image-2") && sides.count == 2 && sides[0] > 0 && sides[1] > 0 && sides[0] % 16 == 0
                    && sides[1] % 16 == 0 && max(sides[0], sides[1]) <= 3 * min(sides[0], sides[1]) && max(sides[0], sides[1]) <= 3840
                    && min(sides[0], sides[1]) <= 2160
                if !free {
                    throw APIFailure.invalid("size", "Invalid value: '\(size)'. Supported values are: \(standardSizes.map { "'\($0)'" }.joined(separator: ", ")).")
                }
            }
        }
        let sides = (size == "auto" ? "1024x1024" : size).split(separator: "x").compactMap { Int($0) }
        if sides.count == 2 { (call.width, call.height) = (sides[0], sides[1]) }
        // Quality.
        let qualities = model == "dall-e-2" ? ["standard", "auto"] : model == "dall-e-3" ? ["standard", "hd", "auto"] : ["low", "medium", "high", "auto"]
        if !qualities.contains(call.quality) {
            throw APIFailure.invalid("quality", "Invalid value: '\(call.quality)'. Supported values for \(model) are: \(qualities.map { "'\($0)'" }.joined(separator: ", ")).")
        }
        // GPT-only options.
        if !gpt {
            for key in ["background", "output_format", "output_compression", "partial_images", "input_fidelity"] where explicit.contains(key) {
                throw APIFailure.invalid(key, "\(key) is not supported for \(model).", code: "unsupported_parameter")
            }
            if call.stream { throw APIFailure.invalid("stream", "Streaming is not supported for \(model).", code: "unsupported_parameter") }
        } else if explicit.contains("response_format") {
            throw APIFailure.invalid("response_format", "Unknown parameter: 'response_format' is not supported for \(model).", code: "unknown_parameter")
        }
        if call.background == "transparent", call.outputFormat == "jpeg" {
            throw APIFailure.invalid("background", "Transparent background is not supported for output format 'jpeg'; use 'png' or 'webp'.")
        }
        if call.compression != nil, call.outputFormat == "png" {
            throw APIFailure.invalid("output_compression", "output_compression is only supported for the 'jpeg' and 'webp' output formats.")
        }
        if explicit.contains("partial_images"), !call.stream {
            throw APIFailure.invalid("partial_images", "partial_images is only supported when stream is true.")
        }
    }
}
