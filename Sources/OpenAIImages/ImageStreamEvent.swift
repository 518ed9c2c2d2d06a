import Foundation

/// What a streamed generation or edit yields: partial images while drawing, then each
/// finished image with the tokens used.
///
/// ```swift
/// for try await event in client.generateStream(request) {
///     switch event {
///     case .partial(let image): preview(image.data, number: image.partialIndex ?? 0)
///     case .completed(let image, let usage): save(image.data); print(usage?.totalTokens ?? 0)
///     }
/// }
/// ```
public enum ImageStreamEvent: Sendable, Hashable {
    /// A partial image; ``StreamedImage/partialIndex`` counts them from 0.
    case partial(StreamedImage)
    /// A finished image, with the usage the API reported for it.
    case completed(StreamedImage, usage: Usage?)
}

extension ImageStreamEvent {
    private struct Wire: Decodable {
        struct ErrorBody: Decodable {
            var message: String?
            var type: String?
            var code: String?
            var param: String?
        }
        var type: String?
        var b64_json: String?
        var partial_image_index: Int?
        var created_at: Int?
        var size: String?
        var quality: String?
        var background: String?
        var output_format: String?
        var usage: Usage?
        var error: ErrorBody?
        var message: String?
        var code: String?
        var param: String?
    }

    /// Turns one server-sent event into a stream event; `nil` for events that carry no image
    /// (keep-alives, `[DONE]`, types added to the API later).
    ///
    /// - Throws: ``ImagesAPIError/streamError(_:)`` for an error event,
    ///   ``ImagesAPIError/invalidResponse(reason:requestID:)`` for one that cannot be read.
    static func decode(_ event: ServerSentEvent, requestID: String?, redacting secret: String) throws(ImagesAPIError) -> ImageStreamEvent? {
        let trimmed = event.data.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D })
        if trimmed.isEmpty || trimmed.elementsEqual("[DONE]".utf8) { return nil }
        let wire: Wire
        do {
            wire = try JSONDecoder().decode(Wire.self, from: Data(event.data))
        } catch {
            throw .invalidResponse(
                reason: "a stream event (\(event.event)) is not valid JSON (\(ImagesResponse.describe(error)))", requestID: requestID)
        }
        let type = wire.type ?? event.event
        if type == "error" || type.hasSuffix(".error") || wire.error != nil {
            let message = wire.error?.message ?? wire.message ?? "the stream reported an error without a message"
            throw .streamError(
                APIErrorDetails(
                    status: nil, type: wire.error?.type ?? type, code: wire.error?.code ?? wire.code,
                    param: wire.error?.param ?? wire.param, message: Redaction.redact(message, secret: secret), requestID: requestID))
        }
        let isPartial = type.hasSuffix(".partial_image")
        let isCompleted = type.hasSuffix(".completed")
        guard isPartial || isCompleted else { return nil }
        guard let b64 = wire.b64_json else {
            throw .invalidResponse(reason: "the \(type) event has no b64_json", requestID: requestID)
        }
        let what = isPartial ? "partial image \(wire.partial_image_index ?? 0)" : "the completed image"
        let data = try Base64.decodeImage(b64, what: what, requestID: requestID)
        let image = StreamedImage(
            data: data, partialIndex: isPartial ? (wire.partial_image_index ?? 0) : nil, size: wire.size.map(ImageSize.init(rawValue:)),
            quality: wire.quality.flatMap(ImageQuality.init(rawValue:)),
            background: wire.background.flatMap(ImageBackground.init(rawValue:)),
            outputFormat: wire.output_format.flatMap(OutputFormat.init(rawValue:)), createdAt: wire.created_at)
        return isPartial ? .partial(image) : .completed(image, usage: wire.usage)
    }
}
