import Codecs
import Foundation
import NIOCore
import NIOHTTP1

/// Answers the requests of one connection, as the Images API would.
struct RequestHandler: Sendable {
    typealias Outbound = NIOAsyncChannelOutboundWriter<HTTPServerResponsePart>

    let configuration: LocalImagesServer.Configuration
    let state: ServerState
    let port: Int

    /// What to send back.
    enum Answer {
        case full(status: Int, headers: [(String, String)], body: Data)
        case dropped(status: Int, headers: [(String, String)], body: Data)
        case events(chunks: [Data], complete: Bool)
    }

    func serve(_ connection: NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>) async {
        let channel = connection.channel
        try? await connection.executeThenClose { inbound, outbound in
            var head: HTTPRequestHead?
            var body = ByteBuffer()
            var oversized = false
            for try await part in inbound {
                switch part {
                case .head(let requestHead):
                    head = requestHead
                    body.clear()
                    oversized = false
                case .body(var chunk):
                    if body.readableBytes + chunk.readableBytes > configuration.maxRequestBytes {
                        oversized = true
                    } else {
                        body.writeBuffer(&chunk)
                    }
                case .end:
                    guard let requestHead = head else { return }
                    let keepOpen = try await respond(
                        to: requestHead, body: Data(body.readableBytesView), oversized: oversized, channel: channel, outbound: outbound)
                    if !keepOpen { return }
                }
            }
        }
    }

    // MARK: - Routing

    private func respond(to head: HTTPRequestHead, body: Data, oversized: Bool, channel: any Channel, outbound: Outbound) async throws -> Bool {
        let path = String(head.uri.split(separator: "?", maxSplits: 1).first ?? "")
        let headers = head.headers.map { (name: $0.name.lowercased(), value: $0.value) }
        let endpoint: String?
        switch (head.method, path) {
        case (.POST, "/v1/images/generations"): endpoint = "generations"
        case (.POST, "/v1/images/edits"): endpoint = "edits"
        default: endpoint = nil
        }
        guard let endpoint else {
            let answer = staticAnswer(method: head.method, path: path)
            if case .full(let status, _, _) = answer {
                state.record(RecordedRequest(number: 0, method: head.method.rawValue, path: path, headers: headers, body: body, fields: [:], fieldOrder: [], files: [], status: status))
            }
            return try await write(answer, to: outbound)
        }

        let number = state.begin()
        var finished = false
        defer { state.end(completed: finished) }
        var recorded = RecordedRequest(number: number, method: "POST", path: path, headers: headers, body: body, fields: [:], fieldOrder: [], files: [], status: 0)
        let answer = await apiAnswer(endpoint: endpoint, head: head, body: body, oversized: oversized, channel: channel, recorded: &recorded)
        switch answer {
        case .full(let status, _, _), .dropped(let status, _, _): recorded.status = status
        case .events: recorded.status = 200
        }
        state.record(recorded)
        let keepOpen = try await write(answer, to: outbound)
        if case .full = answer { finished = true }
        if case .events(_, true) = answer { finished = true }
        return keepOpen
    }

    private func staticAnswer(method: HTTPMethod, path: String) -> Answer {
        if method == .GET, let location = state.redirect(path) {
            return .full(status: 302, headers: [("Location", location)], body: Data())
        }
        if method == .GET, let file = state.file(path) {
            return .full(status: 200, headers: [("Content-Type", file.contentType)], body: file.data)
        }
        let failure = APIFailure(status: 404, type: "invalid_request_error", code: "unknown_url", param: nil, message: "Invalid URL (\(method.rawValue) \(path))")
        return .full(status: 404, headers: [("Content-Type", "application/json")], body: failure.json)
    }

    // MARK: - The API

    private func apiAnswer(
        endpoint: String, head: HTTPRequestHead, body: Data, oversized: Bool, channel: any Channel, recorded: inout RecordedRequest
    ) async -> Answer {
        if oversized {
            return failure(APIFailure.invalid(nil, "The request body is too large.", code: "request_too_large"))
        }
        // Understand the body first, so faults keyed by prompt can match.
        var parts: [MultipartParser.Part] = []
        var multipartError: APIFailure?
        if endpoint == "edits" {
            let contentType = head.headers["content-type"].first ?? ""
            if !contentType.lowercased().hasPrefix("multipart/form-data") {
                multipartError = .invalid(nil, "Edits must be sent as multipart/form-data (got '\(contentType)').", code: "invalid_content_type")
            } else if let boundary = MultipartParser.boundary(fromContentType: contentType) {
                do {
                    parts = try MultipartParser.parse(body, boundary: boundary)
                } catch {
                    multipartError = .invalid(nil, "The multipart body could not be parsed: \(error).", code: "invalid_multipart")
                }
            } else {
                multipartError = .invalid(nil, "The multipart Content-Type has no boundary.", code: "invalid_multipart")
            }
            for part in parts {
                recorded.fieldOrder.append(part.name)
                if part.filename != nil || part.name.hasPrefix("image") || part.name == "mask" {
                    recorded.files.append(RecordedFile(name: part.name, filename: part.filename, contentType: part.contentType, data: part.data))
                } else {
                    recorded.fields[part.name] = String(decoding: part.data, as: UTF8.self)
                }
            }
        } else if case .object(let members)? = try? JSONDecoder().decode(JSONValue.self, from: body) {
            for (key, value) in members { recorded.fields[key] = value.text }
            recorded.fieldOrder = members.keys.sorted()
        }

        let (delays, fault) = state.faults(number: recorded.number, endpoint: endpoint, prompt: recorded.prompt)
        let delay = configuration.responseDelay + delays.reduce(.zero, +)
        if delay > .zero, await !Self.wait(delay, whileConnected: channel) {
            // The client hung up (or the server is shutting down): nothing to answer.
            return .dropped(status: 499, headers: [], body: Data())
        }

        // Authentication comes first, as on the API.
        let authorization = head.headers["authorization"].first ?? ""
        if authorization.isEmpty {
            return failure(APIFailure(
                status: 401, type: "invalid_request_error", code: nil, param: nil,
                message: "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."))
        }
        if authorization != "Bearer \(configuration.apiKey)" || fault == .unauthorized {
            let sent = String(authorization.dropFirst("Bearer ".count))
            return failure(APIFailure(
                status: 401, type: "invalid_request_error", code: "invalid_api_key", param: nil,
                message: "Incorrect API key provided: \(Self.masked(sent)). You can find your API key at https://platform.openai.com/account/api-keys."))
        }

        if let fault, let answer = earlyFault(fault, authorization: authorization) { return answer }
        if let multipartError { return failure(multipartError) }

        let call: AcceptedCall
        do {
            if endpoint == "generations" {
                (call, _, _) = try RequestChecker.checkGeneration(body, extraModels: configuration.extraModels)
            } else {
                (call, _) = try RequestChecker.checkEdit(parts, extraModels: configuration.extraModels)
            }
        } catch {
            return failure(error)
        }
        do {
            return try success(call, fault: fault)
        } catch {
            return failure(APIFailure(status: 500, type: "server_error", code: nil, param: nil, message: "The image could not be encoded: \(error)"))
        }
    }

    private func earlyFault(_ fault: Fault.Kind, authorization: String) -> Answer? {
        switch fault {
        case .rateLimited(let retryAfter):
            var failure = APIFailure(
                status: 429, type: "requests", code: "rate_limit_exceeded", param: nil,
                message: "Rate limit reached for images per min (IPM): Limit 5, Used 5, Requested 1. Please try again in 12s.")
            if let retryAfter { failure.headers["retry-after"] = retryAfter }
            return self.failure(failure)
        case .rateLimitedMilliseconds(let milliseconds):
            var failure = APIFailure(status: 429, type: "requests", code: "rate_limit_exceeded", param: nil, message: "Rate limit reached for images per min (IPM).")
            failure.headers["retry-after-ms"] = milliseconds
            return self.failure(failure)
        case .serverError(let status):
            return failure(APIFailure(
                status: status, type: "server_error", code: nil, param: nil,
                message: "The server had an error while processing your request. Sorry about that!"))
        case .status(let status, let type, let code, let message, let headers):
            return failure(APIFailure(status: status, type: type, code: code, param: nil, message: message, headers: headers))
        case .dropConnection:
            let body = Data(#"{"created": 1700000000, "data": [{"b64_json": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk"#.utf8)
            return .dropped(status: 200, headers: [("Content-Type", "application/json"), ("Content-Length", String(body.count * 2))], body: body)
        case .moderationBlocked:
            return failure(APIFailure(
                status: 400, type: "image_generation_user_error", code: "moderation_blocked", param: nil,
                message: "Your request was rejected as a result of our safety system. Your request may contain content that is not allowed by our safety system."))
        case .organizationNotVerified:
            return failure(APIFailure(
                status: 403, type: "invalid_request_error", code: nil, param: nil,
                message: "Your organization must be verified to use the model `gpt-image-1`. Please go to: https://platform.openai.com/settings/organization/general and click on Verify Organization."))
        case .echoAuthorization:
            return failure(APIFailure(
                status: 400, type: "invalid_request_error", code: "echo", param: authorization,
                message: "Malformed header: Authorization: \(authorization) was not understood."))
        case .unauthorized, .delay, .malformedJSON, .truncatedBase64, .wrongSize, .streamError, .streamEndsEarly:
            return nil
        }
    }

    private func failure(_ failure: APIFailure) -> Answer {
        var headers = [("Content-Type", "application/json"), ("x-request-id", Self.requestID())]
        for (name, value) in failure.headers.sorted(by: { $0.key < $1.key }) { headers.append((name, value)) }
        return .full(status: failure.status, headers: headers, body: failure.json)
    }

    // MARK: - Success

    private func success(_ call: AcceptedCall, fault: Fault.Kind?) throws -> Answer {
        var width = call.width, height = call.height
        if case .wrongSize(let w, let h) = fault { (width, height) = (w, h) }
        let format = call.isDallE ? "png" : call.outputFormat
        let transparent = call.background == "transparent"
        let quality = call.quality == "auto" ? (call.isDallE ? "standard" : "medium") : call.quality
        let created = Int(Date().timeIntervalSince1970)
        let usage = Self.usage(call, width: width, height: height, quality: quality)

        /// The image's base64, as bytes.
        func image(_ index: Int, step: Int) throws -> Data {
            let content = configuration.imageContent
            let promptKey = content.ignoresPrompt ? "" : "\(call.prompt)|\(index)"
            let key = "\(width)x\(height)|\(promptKey)|\(transparent)|\(format)|\(call.compression ?? -1)|\(step)|\(content.label)"
            if let cached = state.cachedImage(key) { return cached }
            let pixels = ImageFactory.make(
                width: width, height: height, prompt: call.prompt + "#\(index)", transparent: transparent, content: content, step: step)
            let b64 = try ImageFactory.encode(pixels, format: format, compression: call.compression, content: content).base64EncodedData()
            state.cacheImage(key, b64)
            return b64
        }

        if call.stream {
            let prefix = call.endpoint == "generations" ? "image_generation" : "image_edit"
            var chunks: [Data] = []
            let metadata: [String: Any] = [
                "created_at": created, "size": "\(call.width)x\(call.height)", "quality": quality,
                "background": transparent ? "transparent" : "opaque", "output_format": format,
            ]
            for index in 0..<call.n {
                for partial in 0..<call.partialImages {
                    var event = metadata
                    event["type"] = "\(prefix).partial_image"
                    event["partial_image_index"] = partial
                    event["b64_json"] = String(decoding: try image(index, step: call.partialImages - partial), as: UTF8.self)
                    chunks.append(contentsOf: Self.split(Self.sse(name: "\(prefix).partial_image", event), seed: index * 7 + partial))
                    if fault == .streamError {
                        let error: [String: Any] = [
                            "type": "error",
                            "error": ["type": "server_error", "code": "image_generation_failed", "message": "Image generation failed.", "param": NSNull()],
                        ]
                        chunks.append(Self.sse(name: "error", error))
                        return .events(chunks: chunks, complete: true)
                    }
                    if fault == .dropConnection { return .events(chunks: chunks, complete: false) }
                }
                if fault == .streamEndsEarly { return .events(chunks: chunks, complete: true) }
                var event = metadata
                event["type"] = "\(prefix).completed"
                var b64 = String(decoding: try image(index, step: 0), as: UTF8.self)
                if fault == .truncatedBase64 { b64 = Self.truncate(b64) }
                event["b64_json"] = b64
                var perImage = usage
                perImage.removeValue(forKey: "output_tokens_details")
                event["usage"] = perImage
                chunks.append(contentsOf: Self.split(Self.sse(name: "\(prefix).completed", event), seed: index * 13 + 5))
            }
            return .events(chunks: chunks, complete: true)
        }

        // Assembled as bytes: the images' base64 is megabytes, and the server's own cost should
        // stay small beside the client's it is there to measure.
        var body = Data("{\"created\":\(created),\"data\":[".utf8)
        for index in 0..<call.n {
            body.append(contentsOf: (index == 0 ? "{" : ",{").utf8)
            if call.isDallE && (call.responseFormat ?? "url") == "url" {
                let path = "/files/\(UUID().uuidString.lowercased()).png"
                let b64 = try image(index, step: 0)
                state.setFile(path, ServedFile(data: Data(base64Encoded: b64) ?? Data(), contentType: "image/png"))
                body.append(contentsOf: "\"url\":\(Self.jsonString("http://127.0.0.1:\(port)\(path)"))".utf8)
            } else {
                let b64 = try image(index, step: 0)
                body.append(contentsOf: "\"b64_json\":\"".utf8)
                body.append(fault == .truncatedBase64 ? Data(Self.truncate(String(decoding: b64, as: UTF8.self)).utf8) : b64)
                body.append(UInt8(ascii: "\""))
            }
            if call.model == "dall-e-3" {
                body.append(contentsOf: ",\"revised_prompt\":\(Self.jsonString("A detailed rendering of: " + call.prompt))".utf8)
            }
            body.append(UInt8(ascii: "}"))
        }
        var json = "]"
        if !call.isDallE {
            json += ",\"background\":\"\(transparent ? "transparent" : "opaque")\",\"output_format\":\"\(format)\""
            json += ",\"quality\":\"\(quality)\",\"size\":\"\(call.width)x\(call.height)\""
            let usageData = (try? JSONSerialization.data(withJSONObject: usage, options: [.sortedKeys])) ?? Data("{}".utf8)
            json += ",\"usage\":" + String(decoding: usageData, as: UTF8.self)
        }
        json += "}"
        body.append(contentsOf: json.utf8)
        if fault == .malformedJSON { body = body.prefix(body.count / 2) + Data(#"{"oops"#.utf8) }
        return .full(status: 200, headers: [("Content-Type", "application/json"), ("x-request-id", Self.requestID())], body: body)
    }

    static func usage(_ call: AcceptedCall, width: Int, height: Int, quality: String) -> [String: Any] {
        let textTokens = max(1, call.prompt.utf8.count / 4)
        let imageTokens = call.inputImages.count * 194
        let perSquare = ["low": 272, "medium": 1056, "high": 4160][quality] ?? 1056
        let outputPerImage = Int((Double(perSquare) * Double(width * height) / Double(1024 * 1024)).rounded())
        let output = outputPerImage * call.n
        return [
            "input_tokens": textTokens + imageTokens, "output_tokens": output, "total_tokens": textTokens + imageTokens + output,
            "input_tokens_details": ["text_tokens": textTokens, "image_tokens": imageTokens],
            "output_tokens_details": ["image_tokens": output, "text_tokens": 0],
        ]
    }

    // MARK: - Writing

    private func write(_ answer: Answer, to outbound: Outbound) async throws -> Bool {
        switch answer {
        case .full(let status, let headers, let body):
            var head = HTTPHeaders(headers)
            head.replaceOrAdd(name: "Content-Length", value: String(body.count))
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: head)))
            if !body.isEmpty { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body)))) }
            try await outbound.write(.end(nil))
            return true
        case .dropped(let status, let headers, let body):
            guard status != 499 else { return false }
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: HTTPResponseStatus(statusCode: status), headers: HTTPHeaders(headers))))
            try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: body))))
            return false
        case .events(let chunks, let complete):
            let headers = HTTPHeaders([("Content-Type", "text/event-stream"), ("Cache-Control", "no-cache"), ("x-request-id", Self.requestID())])
            try await outbound.write(.head(HTTPResponseHead(version: .http1_1, status: .ok, headers: headers)))
            for chunk in chunks { try await outbound.write(.body(.byteBuffer(ByteBuffer(bytes: chunk)))) }
            guard complete else { return false }
            try await outbound.write(.end(nil))
            return true
        }
    }

    // MARK: - Helpers

    /// Waits `duration`, or less when the client hangs up or the task is cancelled; returns
    /// whether the full wait passed with the client still there.
    static func wait(_ duration: Duration, whileConnected channel: any Channel) async -> Bool {
        await withTaskGroup(of: Bool.self) { group in
            group.addTask { (try? await Task.sleep(for: duration)) != nil }
            group.addTask {
                // `isActive` is safe to read from any thread; polling keeps the wait cancellable.
                while channel.isActive, (try? await Task.sleep(for: .milliseconds(20))) != nil {}
                return false
            }
            let first = await group.next() ?? false
            group.cancelAll()
            return first && channel.isActive
        }
    }

    static func sse(name: String, _ object: [String: Any]) -> Data {
        let json = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return Data("event: \(name)\ndata: ".utf8) + json + Data("\n\n".utf8)
    }

    /// Cuts an event into three writes at varying places, so clients meet events split anywhere.
    static func split(_ data: Data, seed: Int) -> [Data] {
        guard data.count > 8 else { return [data] }
        let first = 1 + (seed * 7919) % (data.count / 3)
        let second = first + 1 + (seed * 104_729) % (data.count / 2)
        return [data.prefix(first), data[data.startIndex + first..<data.startIndex + min(second, data.count)], data.suffix(from: data.startIndex + min(second, data.count))]
            .filter { !$0.isEmpty }.map { Data($0) }
    }

    /// Base64 cut short, to a length no decoder accepts.
    static func truncate(_ b64: String) -> String {
        var cut = String(b64.prefix(b64.count / 2))
        if cut.count % 4 == 0 { cut.removeLast() }
        return cut
    }

    static func masked(_ key: String) -> String {
        guard key.count > 8 else { return String(repeating: "*", count: key.count) }
        return String(key.prefix(3)) + String(repeating: "*", count: key.count - 7) + String(key.suffix(4))
    }

    static func jsonString(_ text: String) -> String {
        let data = (try? JSONSerialization.data(withJSONObject: [text], options: [.withoutEscapingSlashes])) ?? Data("[\"\"]".utf8)
        return String(String(decoding: data, as: UTF8.self).dropFirst().dropLast())
    }

    static func requestID() -> String {
        "req_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
