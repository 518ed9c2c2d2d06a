import AsyncHTTPClient
import Foundation
import LocalImagesServer
import Testing

@testable import OpenAIImages

@Suite("Retries, as the official SDKs do them")
struct RetryTests {
    let policy = RetryPolicy.default

    @Test("408, 409, 429 and 5xx are retried; other 4xx are not")
    func retriedStatuses() {
        for status in [408, 409, 429, 500, 502, 503, 504] {
            #expect(policy.shouldRetry(status: status, headers: []), "\(status)")
        }
        for status in [400, 401, 403, 404, 422] {
            #expect(!policy.shouldRetry(status: status, headers: []), "\(status)")
        }
    }

    @Test("x-should-retry overrides the status in both directions")
    func shouldRetryHeader() {
        #expect(!policy.shouldRetry(status: 503, headers: [("X-Should-Retry", "false")]))
        #expect(policy.shouldRetry(status: 400, headers: [("x-should-retry", "true")]))
    }

    @Test("retry-after-ms wins over retry-after")
    func retryAfterMilliseconds() {
        let delay = policy.delay(beforeRetry: 0, headers: [("retry-after", "30"), ("retry-after-ms", "250")])
        #expect(delay == .milliseconds(250))
    }

    @Test("retry-after in seconds, and as an HTTP date")
    func retryAfter() throws {
        #expect(policy.delay(beforeRetry: 0, headers: [("Retry-After", "3")]) == .seconds(3))
        let now = try #require(RetryPolicy.httpDate("Sun, 06 Nov 1994 08:49:37 GMT"))
        let delay = policy.delay(beforeRetry: 0, headers: [("retry-after", "Sun, 06 Nov 1994 08:49:42 GMT")], now: now)
        #expect(abs(delay.seconds - 5) < 0.001)
    }

    @Test("A server delay outside (0, 60] s falls back to the backoff")
    func unreasonableServerDelay() {
        for value in ["0", "-2", "3600", "soon"] {
            let delay = policy.delay(beforeRetry: 1, headers: [("retry-after", value)])
            #expect(delay <= .seconds(1) && delay > .milliseconds(740), "\(value) gave \(delay)")
        }
    }

    @Test("Backoff is 0.5 s × 2^n, capped at 8 s, less at most 25 % jitter")
    func backoff() {
        #expect(policy.backoff(beforeRetry: 0, random: 0) == .milliseconds(500))
        #expect(policy.backoff(beforeRetry: 1, random: 0) == .seconds(1))
        #expect(policy.backoff(beforeRetry: 3, random: 0) == .seconds(4))
        #expect(policy.backoff(beforeRetry: 4, random: 0) == .seconds(8))
        #expect(policy.backoff(beforeRetry: 10, random: 0) == .seconds(8))
        #expect(policy.backoff(beforeRetry: 2, random: 0.9999).seconds > 1.5)
        #expect(policy.backoff(beforeRetry: 2, random: 0.5) == .milliseconds(1750))
        for _ in 0..<50 {
            let delay = policy.delay(beforeRetry: 0)
            #expect(delay >= .milliseconds(375) && delay <= .milliseconds(500))
        }
    }

    @Test("503 twice, then success: three attempts, the images arrive")
    func serverErrorsRetried() async throws {
        try await withServer(serverConfiguration([Fault(.serverError(503), times: 2)])) { server, client in
            let response = try await client.generate(GenerationRequest(prompt: "a storm"))
            #expect(response.images.count == 1)
            #expect(server.apiRequests.map(\.status) == [503, 503, 200])
        }
    }

    @Test("500 beyond the retries surfaces as serverError with the attempts")
    func serverErrorExhausted() async throws {
        try await withServer(serverConfiguration([Fault(.serverError(500))])) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .serverError(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.status == 500)
            #expect(details.attempts == 3)
            #expect(details.requestID?.hasPrefix("req_") == true)
            #expect(server.apiRequests.count == 3)
        }
    }

    @Test("maxRetries is configurable, 0 included")
    func maxRetriesConfigurable() async throws {
        try await withServer(serverConfiguration([Fault(.serverError(502))]), retry: .none) { server, client in
            _ = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            #expect(server.apiRequests.count == 1)
        }
        try await withServer(serverConfiguration([Fault(.serverError(502))]), retry: .exponential(maxRetries: 4, initialDelay: .milliseconds(1))) { server, client in
            _ = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            #expect(server.apiRequests.count == 5)
        }
    }

    @Test("429 with retry-after: 1 waits about a second, then succeeds")
    func rateLimitRetryAfter() async throws {
        try await withServer(serverConfiguration([Fault(.rateLimited(retryAfter: "1"), times: 1)])) { server, client in
            let clock = ContinuousClock()
            let start = clock.now
            let response = try await client.generate(GenerationRequest(prompt: "p"))
            let elapsed = clock.now - start
            #expect(response.images.count == 1)
            #expect(elapsed >= .milliseconds(950), "waited only \(elapsed)")
            #expect(server.apiRequests.map(\.status) == [429, 200])
        }
    }

    @Test("429 with retry-after-ms is honoured")
    func rateLimitRetryAfterMilliseconds() async throws {
        try await withServer(serverConfiguration([Fault(.rateLimitedMilliseconds("120"), times: 2)])) { server, client in
            let clock = ContinuousClock()
            let start = clock.now
            _ = try await client.generate(GenerationRequest(prompt: "p"))
            #expect(clock.now - start >= .milliseconds(230))
            #expect(server.apiRequests.count == 3)
        }
    }

    @Test("429 beyond the retries is rateLimited, with advice")
    func rateLimitExhausted() async throws {
        try await withServer(serverConfiguration([Fault(.rateLimited(retryAfter: nil))])) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .rateLimited(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.code == "rate_limit_exceeded")
            #expect(error?.description.contains("--workers") == true)
            #expect(server.apiRequests.count == 3)
        }
    }

    @Test("429 insufficient_quota is not retried: waiting does not refill a quota")
    func insufficientQuota() async throws {
        let quota = Fault(.status(429, type: "insufficient_quota", code: "insufficient_quota", message: "You exceeded your current quota.", headers: [:]))
        try await withServer(serverConfiguration([quota])) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .rateLimited(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.code == "insufficient_quota")
            #expect(error?.description.contains("no quota left") == true)
            #expect(server.apiRequests.count == 1)
        }
    }

    @Test("408 and 409 are retried")
    func requestTimeoutAndConflict() async throws {
        let faults = [
            Fault(.status(408, type: "timeout", code: nil, message: "Request timed out.", headers: [:]), times: 1),
            Fault(.status(409, type: "conflict", code: nil, message: "Conflict.", headers: [:]), times: 1),
        ]
        try await withServer(serverConfiguration(faults)) { server, client in
            _ = try await client.generate(GenerationRequest(prompt: "p"))
            #expect(server.apiRequests.map(\.status) == [408, 409, 200])
        }
    }

    @Test("x-should-retry: false stops a 503; x-should-retry: true retries a 400")
    func shouldRetryEndToEnd() async throws {
        let noRetry = Fault(.status(503, type: "server_error", code: nil, message: "Overloaded.", headers: ["x-should-retry": "false"]))
        try await withServer(serverConfiguration([noRetry])) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .serverError? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(server.apiRequests.count == 1)
        }
        let retry = Fault(.status(400, type: "invalid_request_error", code: nil, message: "Try again.", headers: ["x-should-retry": "true"]), times: 1)
        try await withServer(serverConfiguration([retry])) { server, client in
            _ = try await client.generate(GenerationRequest(prompt: "p"))
            #expect(server.apiRequests.map(\.status) == [400, 200])
        }
    }

    @Test("A 400 is not retried and names the field")
    func badRequestNotRetried() async throws {
        // The client's own validation would catch this, so send the raw request.
        try await withServer { server, client in
            var request = try client.generationRequest(GenerationRequest(prompt: "p", model: .gptImage1), streaming: false)
            request.body = Data(#"{"prompt":"p","model":"gpt-image-1","size":"999x999"}"#.utf8)
            let error = await apiError { _ = try await client.sendCollecting(request) }
            guard case .badRequest(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.param == "size")
            #expect(details.type == "invalid_request_error")
            #expect(error?.description.contains("`size`") == true)
            #expect(server.apiRequests.count == 1)
        }
    }

    @Test("A connection dropped mid-body is retried")
    func droppedConnectionRetried() async throws {
        try await withServer(serverConfiguration([Fault(.dropConnection, times: 2)])) { server, client in
            let response = try await client.generate(GenerationRequest(prompt: "p"))
            #expect(response.images.count == 1)
            #expect(server.apiRequests.count == 3)
        }
    }

    @Test("A connection that keeps dropping ends as a connection error")
    func droppedConnectionExhausted() async throws {
        try await withServer(serverConfiguration([Fault(.dropConnection)])) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .connection(_, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(attempts == 3)
        }
    }

    @Test("A refused connection is retried, then reported")
    func refusedConnection() async throws {
        let server = try await LocalImagesServer.start(.init(apiKey: fakeKey))
        let url = server.baseURL
        try await server.shutdown()
        // A client of its own with a short connect timeout: AsyncHTTPClient retries refused
        // connections until then.
        var http = HTTPClient.Configuration(redirectConfiguration: .disallow)
        http.timeout = .init(connect: .milliseconds(300))
        let httpClient = HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: http)
        let client = ImagesClient(
            configuration: .init(apiKey: fakeKey, baseURL: url, retryPolicy: .exponential(maxRetries: 1, initialDelay: .milliseconds(5))),
            transport: AsyncHTTPClientTransport(client: httpClient))
        let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
        try await httpClient.shutdown()
        switch error {
        case .connection(_, let attempts)?, .timeout(_, let attempts)?: #expect(attempts == 2)
        default: Issue.record("got \(String(describing: error))")
        }
    }

    @Test("A slow answer times out, is retried, and ends as timeout")
    func slowAnswerTimesOut() async throws {
        try await withServer(serverConfiguration(delay: .seconds(3)), retry: .exponential(maxRetries: 1, initialDelay: .milliseconds(5)), timeout: .milliseconds(300)) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .timeout(_, let attempts)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(attempts == 2)
            #expect(error?.description.contains("raise the timeout") == true)
        }
    }

    @Test("A slow answer within the timeout succeeds")
    func slowAnswerWithinTimeout() async throws {
        try await withServer(serverConfiguration([Fault(.delay(.milliseconds(300)), times: 1)]), timeout: .seconds(5)) { server, client in
            let response = try await client.generate(GenerationRequest(prompt: "p"))
            #expect(response.images.count == 1)
            #expect(server.apiRequests.count == 1)
        }
    }

    @Test("Cancelling stops a retry wait at once")
    func cancellationStopsTheWait() async throws {
        try await withServer(serverConfiguration([Fault(.rateLimited(retryAfter: "30"))])) { server, client in
            let clock = ContinuousClock()
            let task = Task { try await client.generate(GenerationRequest(prompt: "p")) }
            while server.apiRequests.isEmpty { try await Task.sleep(for: .milliseconds(10)) }
            try await Task.sleep(for: .milliseconds(100))
            let cancelledAt = clock.now
            task.cancel()
            let result = await task.result
            #expect(clock.now - cancelledAt < .seconds(3), "the 30 s wait was not cut short")
            #expect(throws: CancellationError.self) { try result.get() }
            #expect(server.apiRequests.count == 1)
        }
    }
}
