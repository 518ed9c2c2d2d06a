import Foundation

/// A failure the local server plays instead of (or before) its normal answer.
///
/// ```swift
/// let faults: [Fault] = [
///     .init(.rateLimited(retryAfter: "1"), when: .requestNumber(1)),
///     .init(.serverError(503), when: .promptContains("storm"), times: 2),
///     .init(.moderationBlocked, when: .promptContains("forbidden")),
/// ]
/// ```
public struct Fault: Sendable {
    /// Which requests a fault applies to.
    public enum Trigger: Sendable, Hashable {
        /// Every API request.
        case always
        /// The n-th API request the server receives (1-based).
        case requestNumber(Int)
        /// Requests whose prompt contains this text.
        case promptContains(String)
        /// Requests to this endpoint: `generations` or `edits`.
        case endpoint(String)
    }

    /// What the server does.
    public enum Kind: Sendable, Hashable {
        /// 429 `rate_limit_exceeded`, with a `retry-after` header when given (seconds or an HTTP date).
        case rateLimited(retryAfter: String?)
        /// 429 with a `retry-after-ms` header.
        case rateLimitedMilliseconds(String)
        /// 500, 502, 503... with OpenAI's server-error body.
        case serverError(Int)
        /// Any status and body, with extra headers (for `x-should-retry`, say).
        case status(Int, type: String, code: String?, message: String, headers: [String: String])
        /// Sends the head and half of the body, then closes the connection.
        case dropConnection
        /// Waits this long before answering (then answers normally or with the next fault).
        case delay(Duration)
        /// A 200 whose body is cut-off JSON.
        case malformedJSON
        /// A 200 whose `b64_json` is cut short (no longer valid base64).
        case truncatedBase64
        /// 400 `moderation_blocked`, as the safety system answers.
        case moderationBlocked
        /// Real images, but of this size instead of the one asked for.
        case wrongSize(width: Int, height: Int)
        /// 401 `invalid_api_key`, whatever key was sent.
        case unauthorized
        /// 403: the organization must be verified.
        case organizationNotVerified
        /// 400 whose message quotes the request's Authorization header (to prove clients redact it).
        case echoAuthorization
        /// A streamed answer that sends one partial image and then an `error` event.
        case streamError
        /// A streamed answer that sends the partial images and ends without the completed image.
        case streamEndsEarly
    }

    /// What the server does.
    public var kind: Kind
    /// Which requests it applies to.
    public var trigger: Trigger
    /// How many times it fires; `nil` for every matching request.
    public var times: Int?

    /// A fault of `kind` for requests matching `trigger`, `times` times (always when `nil`).
    public init(_ kind: Kind, when trigger: Trigger = .always, times: Int? = nil) {
        self.kind = kind
        self.trigger = trigger
        self.times = times
    }
}
