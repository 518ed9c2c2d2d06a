/// What OpenAI said about a failed request: `{"error": {"message", "type", "param", "code"}}`,
/// the HTTP status and the request id.
public struct APIErrorDetails: Sendable, Hashable {
    /// The HTTP status (nil for an error event inside a stream).
    public var status: Int?
    /// OpenAI's error type, e.g. `invalid_request_error`.
    public var type: String?
    /// OpenAI's error code, e.g. `invalid_api_key`, `moderation_blocked`.
    public var code: String?
    /// The request field the error is about, e.g. `size`.
    public var param: String?
    /// OpenAI's message, with the API key removed.
    public var message: String
    /// The `x-request-id` header.
    public var requestID: String?
    /// How many attempts were made.
    public var attempts: Int

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        status: Int?, type: String? = nil, code: String? = nil, param: String? = nil, message: String,
        requestID: String? = nil, attempts: Int = 1
    ) {
        self.status = status
        self.type = type
        self.code = code
        self.param = param
        self.message = message
        self.requestID = requestID
        self.attempts = attempts
    }

    var codeSuffix: String { code.map { ", \($0)" } ?? "" }
    var requestSuffix: String { requestID.map { " (request id \($0))" } ?? "" }
}
