import Foundation

extension ImagesClient {
    /// Runs a streamed call: builds the request (which may throw), sends it with retries, and
    /// turns the answer's server-sent events into ``ImageStreamEvent``s. Stopping the
    /// iteration cancels the request.
    func stream(_ build: @escaping @Sendable () async throws -> TransportRequest) -> AsyncThrowingStream<ImageStreamEvent, any Error> {
        let (events, continuation) = AsyncThrowingStream<ImageStreamEvent, any Error>.makeStream()
        let client = self
        let task = Task {
            do {
                let request = try await build()
                try await client.relay(request, to: continuation)
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return events
    }

    private func relay(_ request: TransportRequest, to continuation: AsyncThrowingStream<ImageStreamEvent, any Error>.Continuation) async throws {
        let (response, attempts) = try await sendWithRetries(request)
        let requestID = response.header("x-request-id")
        let contentType = response.header("content-type")?.lowercased() ?? ""
        if !contentType.contains("text/event-stream") {
            // A compatible server may answer a streamed request with a plain response.
            guard let body = try await collectBody(response, attempts: attempts) else {
                throw ImagesAPIError.responseTooLarge(limit: configuration.maxResponseBytes, requestID: requestID)
            }
            let decoded = try ImagesResponse.decode(body, requestID: requestID)
            for image in decoded.images {
                guard let data = image.data else { continue }
                continuation.yield(
                    .completed(
                        StreamedImage(data: data, size: decoded.size, quality: decoded.quality, background: decoded.background,
                                      outputFormat: decoded.outputFormat, createdAt: decoded.created), usage: decoded.usage))
            }
            if decoded.images.isEmpty { throw ImagesAPIError.streamEndedEarly(partialImages: 0, requestID: requestID) }
            return
        }
        var parser = ServerSentEventParser()
        var partials = 0
        var completed = 0
        func handle(_ event: ServerSentEvent) throws {
            guard let decoded = try ImageStreamEvent.decode(event, requestID: requestID, redacting: configuration.apiKey) else { return }
            if case .partial = decoded { partials += 1 } else { completed += 1 }
            continuation.yield(decoded)
        }
        do {
            for try await chunk in response.body {
                for event in parser.feed(chunk) { try handle(event) }
            }
        } catch let error as TransportError {
            throw mapMidBody(error, attempts: attempts)
        }
        if let last = parser.finish() { try handle(last) }
        if completed == 0 { throw ImagesAPIError.streamEndedEarly(partialImages: partials, requestID: requestID) }
    }

    private func collectBody(_ response: TransportResponse, attempts: Int) async throws -> Data? {
        do {
            return try await response.body.collect(upTo: configuration.maxResponseBytes)
        } catch let error as TransportError {
            throw mapMidBody(error, attempts: attempts)
        }
    }

    private func mapMidBody(_ error: TransportError, attempts: Int) -> ImagesAPIError {
        switch error {
        case .timedOut: .timeout(seconds: configuration.timeout.seconds, attempts: attempts)
        case .connectionFailed(let reason), .invalidRequest(let reason):
            .connection(reason: "the stream broke off: " + Redaction.redact(reason, secret: configuration.apiKey), attempts: attempts)
        }
    }
}
