import Foundation
import Logging

/// The client of OpenAI's Images API: generations and edits, plain or streamed, validated
/// before sending, retried like the official SDKs.
///
/// ```swift
/// let client = ImagesClient(configuration: try .fromEnvironment())
/// let response = try await client.generate(GenerationRequest(prompt: "A red fox in snow", quality: .high))
/// try response.images[0].data?.write(to: URL(fileURLWithPath: "fox.png"))
/// ```
///
/// Calls throw ``RequestValidationError`` (nothing was sent), ``ImagesAPIError`` (the API or
/// the network failed; retries already done) or `CancellationError`.
public struct ImagesClient: Sendable {
    /// The configuration it was made with.
    public let configuration: Configuration
    let transport: any HTTPTransport
    let logger: Logger

    /// A client over `transport` (by default AsyncHTTPClient).
    public init(configuration: Configuration, transport: any HTTPTransport = AsyncHTTPClientTransport(), logger: Logger = Logger(label: "gptimg.images")) {
        self.configuration = configuration
        self.transport = transport
        self.logger = logger
    }

    // MARK: - Calls

    /// Draws images from a prompt (`POST /images/generations`).
    public func generate(_ request: GenerationRequest) async throws -> ImagesResponse {
        try RequestValidator.validate(request)
        let (response, body) = try await sendCollecting(try generationRequest(request, streaming: false))
        return try ImagesResponse.decode(body, requestID: response.header("x-request-id"))
    }

    /// Edits images (`POST /images/edits`, multipart). Inputs are read, downloaded and checked first.
    public func edit(_ request: EditRequest) async throws -> ImagesResponse {
        try await edit(request, prepared: try await prepare(request, streaming: false))
    }

    /// Edits images whose inputs ``prepare(_:streaming:)`` already read and checked.
    public func edit(_ request: EditRequest, prepared: PreparedEdit) async throws -> ImagesResponse {
        let (response, body) = try await sendCollecting(editRequest(request, prepared: prepared, streaming: false))
        return try ImagesResponse.decode(body, requestID: response.header("x-request-id"))
    }

    /// Draws images and streams partial images, then the completed ones.
    ///
    /// The stream throws ``ImagesAPIError/streamEndedEarly(partialImages:requestID:)`` when it
    /// ends without a completed image, and ``ImagesAPIError/streamError(_:)`` for an error event.
    public func generateStream(_ request: GenerationRequest) -> AsyncThrowingStream<ImageStreamEvent, any Error> {
        stream {
            try RequestValidator.validate(request, streaming: true)
            return try generationRequest(request, streaming: true)
        }
    }

    /// Edits images and streams partial images, then the completed ones.
    public func editStream(_ request: EditRequest) -> AsyncThrowingStream<ImageStreamEvent, any Error> {
        stream {
            let prepared = try await prepare(request, streaming: true)
            return editRequest(request, prepared: prepared, streaming: true)
        }
    }

    /// Reads and checks an edit's inputs without sending anything: what ``edit(_:)`` does first.
    public func prepare(_ request: EditRequest, streaming: Bool = false) async throws -> PreparedEdit {
        try RequestValidator.validate(request, streaming: streaming)
        let loader = ImageInputLoader(
            transport: transport, maxBytes: configuration.maxInputImageBytes, maxRedirects: configuration.maxDownloadRedirects,
            downloadTimeout: configuration.downloadTimeout)
        let field = request.model.family == .dallE2 ? "image" : "image[]"
        var images: [LoadedImage] = []
        for (index, input) in request.images.enumerated() {
            let name = request.images.count == 1 ? field : "image[\(index)]"
            images.append(try await loader.load(input, field: name, number: index))
        }
        let mask = try await request.mask.asyncMap { try await loader.load($0, field: "mask") }
        try RequestValidator.validate(request, images: images, mask: mask)
        return PreparedEdit(images: images, mask: mask)
    }

    /// An edit's inputs, read and checked.
    public struct PreparedEdit: Sendable, Hashable {
        /// The input images, read and checked.
        public var images: [LoadedImage]
        /// The mask, read and checked.
        public var mask: LoadedImage?
    }

    // MARK: - Building requests

    private struct GenerationBody: Encodable {
        var prompt: String
        var model: String
        var n: Int?
        var size: String?
        var quality: String?
        var background: String?
        var output_format: String?
        var output_compression: Int?
        var moderation: String?
        var style: String?
        var response_format: String?
        var stream: Bool?
        var partial_images: Int?
        var user: String?
    }

    func generationRequest(_ request: GenerationRequest, streaming: Bool) throws -> TransportRequest {
        let body = GenerationBody(
            prompt: request.prompt, model: request.model.rawValue, n: request.n, size: request.size?.rawValue,
            quality: request.quality?.rawValue, background: request.background?.rawValue, output_format: request.outputFormat?.rawValue,
            output_compression: request.outputCompression, moderation: request.moderation?.rawValue, style: request.style?.rawValue,
            response_format: request.responseFormat?.rawValue, stream: streaming ? true : nil,
            partial_images: streaming ? request.partialImages : nil, user: request.user)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return makeRequest(path: "images/generations", contentType: "application/json", body: try encoder.encode(body), streaming: streaming)
    }

    func editRequest(_ request: EditRequest, prepared: PreparedEdit, streaming: Bool) -> TransportRequest {
        var form = MultipartFormData()
        form.addField("model", request.model.rawValue)
        form.addField("prompt", request.prompt)
        let imageField = request.model.family == .dallE2 ? "image" : "image[]"
        for image in prepared.images {
            form.addFile(imageField, filename: image.filename, contentType: image.format.mimeType, data: image.data)
        }
        if let mask = prepared.mask {
            form.addFile("mask", filename: mask.filename, contentType: mask.format.mimeType, data: mask.data)
        }
        if let n = request.n { form.addField("n", String(n)) }
        if let size = request.size { form.addField("size", size.rawValue) }
        if let quality = request.quality { form.addField("quality", quality.rawValue) }
        if let background = request.background { form.addField("background", background.rawValue) }
        if let format = request.outputFormat { form.addField("output_format", format.rawValue) }
        if let compression = request.outputCompression { form.addField("output_compression", String(compression)) }
        if let fidelity = request.inputFidelity { form.addField("input_fidelity", fidelity.rawValue) }
        if let format = request.responseFormat { form.addField("response_format", format.rawValue) }
        if streaming {
            form.addField("stream", "true")
            if let partials = request.partialImages { form.addField("partial_images", String(partials)) }
        }
        if let user = request.user { form.addField("user", user) }
        return makeRequest(path: "images/edits", contentType: form.contentType, body: form.finish(), streaming: streaming)
    }

    private func makeRequest(path: String, contentType: String, body: Data, streaming: Bool) -> TransportRequest {
        var headers = [
            ("Authorization", "Bearer \(configuration.apiKey)"),
            ("Content-Type", contentType),
            ("Accept", streaming ? "text/event-stream" : "application/json"),
            ("User-Agent", configuration.userAgent),
        ]
        if let organization = configuration.organization { headers.append(("OpenAI-Organization", organization)) }
        if let project = configuration.project { headers.append(("OpenAI-Project", project)) }
        return TransportRequest(method: "POST", url: configuration.baseURL.appendingPathComponent(path), headers: headers, body: body)
    }
}

extension Optional where Wrapped: Sendable {
    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}
