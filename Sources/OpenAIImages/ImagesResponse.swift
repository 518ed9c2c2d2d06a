import Codecs
import Foundation

/// The answer of `/images/generations` and `/images/edits`, with every image already decoded
/// from base64.
///
/// ```swift
/// let response = try await client.generate(request)
/// for image in response.images { try image.data?.write(to: ...) }
/// print(response.usage?.totalTokens ?? 0)
/// ```
public struct ImagesResponse: Sendable, Hashable {
    /// When the images were created (Unix seconds, as the API says).
    public var created: Int
    /// The images, in the order the API listed them.
    public var images: [GeneratedImage]
    /// `transparent` or `opaque`, when the API says.
    public var background: ImageBackground?
    /// The encoding of the returned images (PNG when unset).
    public var outputFormat: OutputFormat?
    /// How carefully the image is drawn.
    public var quality: ImageQuality?
    /// The image size.
    public var size: ImageSize?
    /// Tokens used (GPT image models).
    public var usage: Usage?
    /// The `x-request-id` of the answer, for support requests.
    public var requestID: String?

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        created: Int, images: [GeneratedImage], background: ImageBackground? = nil, outputFormat: OutputFormat? = nil,
        quality: ImageQuality? = nil, size: ImageSize? = nil, usage: Usage? = nil, requestID: String? = nil
    ) {
        self.created = created
        self.images = images
        self.background = background
        self.outputFormat = outputFormat
        self.quality = quality
        self.size = size
        self.usage = usage
        self.requestID = requestID
    }
}

extension ImagesResponse {
    /// The JSON body as the API sends it; `b64_json` still encoded.
    struct Wire: Decodable {
        struct Item: Decodable {
            var b64_json: String?
            var url: String?
            var revised_prompt: String?
        }
        var created: Int
        var data: [Item]?
        var background: String?
        var output_format: String?
        var quality: String?
        var size: String?
        var usage: Usage?
    }

    /// Decodes a response body, base64 included.
    ///
    /// - Throws: ``ImagesAPIError/invalidResponse(reason:requestID:)`` naming what is wrong.
    static func decode(_ body: Data, requestID: String?) throws(ImagesAPIError) -> ImagesResponse {
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: body)
        } catch {
            throw .invalidResponse(reason: "the body is not a valid images response (\(Self.describe(error)))", requestID: requestID)
        }
        var images: [GeneratedImage] = []
        for (index, item) in (wire.data ?? []).enumerated() {
            var image = GeneratedImage(revisedPrompt: item.revised_prompt)
            if let b64 = item.b64_json {
                image.data = try Base64.decodeImage(b64, what: "image \(index)", requestID: requestID)
            }
            if let url = item.url { image.url = URL(string: url) }
            if image.data == nil && image.url == nil {
                throw .invalidResponse(reason: "image \(index) has neither b64_json nor url", requestID: requestID)
            }
            images.append(image)
        }
        return ImagesResponse(
            created: wire.created, images: images, background: wire.background.flatMap(ImageBackground.init(rawValue:)),
            outputFormat: wire.output_format.flatMap(OutputFormat.init(rawValue:)),
            quality: wire.quality.flatMap(ImageQuality.init(rawValue:)), size: wire.size.map(ImageSize.init(rawValue:)),
            usage: wire.usage, requestID: requestID)
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context): return "malformed JSON: \(context.debugDescription)"
        case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return "unexpected value at \(path): \(context.debugDescription)"
        default: return String(describing: error)
        }
    }
}
