import Foundation
import Logging

extension ImagesClient {
    /// Sends with retries and returns a successful answer whose body has not been read.
    ///
    /// Retries connection failures, timeouts and the statuses the policy names; each wait is
    /// logged with its reason and ends at once when the task is cancelled.
    func sendWithRetries(_ request: TransportRequest) async throws -> (response: TransportResponse, attempts: Int) {
        guard !configuration.apiKey.isEmpty else { throw ImagesAPIError.missingAPIKey }
        return try await withRetries { attempt -> AttemptOutcome<(response: TransportResponse, attempts: Int)> in
            let response = try await send(request)
            if (200..<300).contains(response.status) { return .success((response, attempt)) }
            let body = (try? await response.body.collect(upTo: 1 << 20)) ?? Data()
            let error = ImagesAPIError.from(
                status: response.status, body: body, requestID: response.header("x-request-id"), attempts: attempt,
                redacting: configuration.apiKey)
            let retryable = Self.isWorthRetrying(error) && configuration.retryPolicy.shouldRetry(status: response.status, headers: response.headers)
            return .failure(error, retryable: retryable, headers: response.headers, reason: "HTTP \(response.status)")
        }
    }

    /// Sends with retries and reads the whole body; a body cut short is retried like a failed connection.
    func sendCollecting(_ request: TransportRequest) async throws -> (response: TransportResponse, body: Data) {
        guard !configuration.apiKey.isEmpty else { throw ImagesAPIError.missingAPIKey }
        let limit = configuration.maxResponseBytes
        return try await withRetries { attempt -> AttemptOutcome<(response: TransportResponse, body: Data)> in
            let response = try await send(request)
            let requestID = response.header("x-request-id")
            if (200..<300).contains(response.status) {
                // An answer whose head has arrived holds images already drawn and paid for: its
                // body is read to the end even if the caller is cancelled meanwhile (a batch being
                // stopped), so they are not lost. The request's deadline still bounds the read.
                let reading = Task { try await response.body.collect(upTo: limit) }
                guard let body = try await reading.value else {
                    throw ImagesAPIError.responseTooLarge(limit: limit, requestID: requestID)
                }
                return .success((response, body))
            }
            let body = (try? await response.body.collect(upTo: 1 << 20)) ?? Data()
            let error = ImagesAPIError.from(
                status: response.status, body: body, requestID: requestID, attempts: attempt, redacting: configuration.apiKey)
            let retryable = Self.isWorthRetrying(error) && configuration.retryPolicy.shouldRetry(status: response.status, headers: response.headers)
            return .failure(error, retryable: retryable, headers: response.headers, reason: "HTTP \(response.status)")
        }
    }

    /// An exhausted quota answers 429 like a rate limit, but waiting does not refill it.
    static func isWorthRetrying(_ error: ImagesAPIError) -> Bool {
        error.details?.code != "insufficient_quota"
    }

    private func send(_ request: TransportRequest) async throws -> TransportResponse {
        try await transport.send(request, timeout: configuration.timeout)
    }

    enum AttemptOutcome<Value> {
        case success(Value)
        case failure(ImagesAPIError, retryable: Bool, headers: [(String, String)], reason: String)
    }

    /// Runs `attempt` (numbered from 1) until it succeeds, fails for good, or the retries run out.
    /// A ``TransportError`` thrown by an attempt counts as a retryable connection failure or timeout.
    func withRetries<Value>(_ attempt: (Int) async throws -> AttemptOutcome<Value>) async throws -> Value {
        let policy = configuration.retryPolicy
        var number = 0
        while true {
            number += 1
            try Task.checkCancellation()
            let failure: (error: ImagesAPIError, retryable: Bool, headers: [(String, String)], reason: String)
            do {
                switch try await attempt(number) {
                case .success(let value):
                    return value
                case .failure(let error, let retryable, let headers, let reason):
                    failure = (error, retryable, headers, reason)
                }
            } catch let error as TransportError {
                switch error {
                case .timedOut:
                    failure = (.timeout(seconds: configuration.timeout.seconds, attempts: number), true, [], "a timeout")
                case .connectionFailed(let why):
                    let clean = Redaction.redact(why, secret: configuration.apiKey)
                    failure = (.connection(reason: clean, attempts: number), true, [], "a connection failure (\(clean))")
                case .invalidRequest(let why):
                    let clean = Redaction.redact(why, secret: configuration.apiKey)
                    failure = (.connection(reason: clean, attempts: number), false, [], clean)
                }
            }
            guard failure.retryable, number <= policy.maxRetries else { throw failure.error }
            let delay = policy.delay(beforeRetry: number - 1, headers: failure.headers)
            logger.notice(
                "Retrying the images request after \(failure.reason)",
                metadata: ["attempt": "\(number + 1) of \(policy.maxRetries + 1)", "delay_seconds": "\(String(format: "%.3f", delay.seconds))"])
            try await Task.sleep(for: delay)
        }
    }
}
