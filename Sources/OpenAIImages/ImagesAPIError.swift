import Foundation

/// What the API (or the way to it) answered when a request failed.
///
/// Every case keeps what OpenAI said (status, type, code, param, message, request id) and
/// its description says what to do. Messages are stripped of the API key before they are
/// stored, so no description, log line or manifest can carry it.
public enum ImagesAPIError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No API key was configured.
    case missingAPIKey
    /// The configuration cannot work (an unusable base URL, say).
    case invalidConfiguration(reason: String)
    /// 401: the key is missing, wrong or revoked.
    case authentication(APIErrorDetails)
    /// 403 because the organization has not been verified for this model.
    case organizationNotVerified(APIErrorDetails)
    /// 403 for another reason (project, region, permissions).
    case permissionDenied(APIErrorDetails)
    /// The safety system refused the prompt or the images (`moderation_blocked`).
    case moderationBlocked(APIErrorDetails)
    /// 404: usually an unknown model or a wrong base URL.
    case notFound(APIErrorDetails)
    /// Another 4xx: the request itself was refused; `param` names the field.
    case badRequest(APIErrorDetails)
    /// 429 after the retries (or `insufficient_quota`).
    case rateLimited(APIErrorDetails)
    /// 5xx after the retries.
    case serverError(APIErrorDetails)
    /// No complete answer within the timeout, after the retries.
    case timeout(seconds: Double, attempts: Int)
    /// The connection failed or broke, after the retries.
    case connection(reason: String, attempts: Int)
    /// The answer could not be understood (malformed JSON, bad base64, not an image...).
    case invalidResponse(reason: String, requestID: String?)
    /// The answer was larger than the configured limit.
    case responseTooLarge(limit: Int, requestID: String?)
    /// A streamed answer carried an `error` event.
    case streamError(APIErrorDetails)
    /// A streamed answer ended before its final image.
    case streamEndedEarly(partialImages: Int, requestID: String?)

    /// The details OpenAI sent, when there are some.
    public var details: APIErrorDetails? {
        switch self {
        case .authentication(let d), .organizationNotVerified(let d), .permissionDenied(let d), .moderationBlocked(let d),
            .notFound(let d), .badRequest(let d), .rateLimited(let d), .serverError(let d), .streamError(let d):
            return d
        default:
            return nil
        }
    }

    /// The HTTP status, when an answer arrived.
    public var status: Int? { details?.status }

    /// The `x-request-id` of the failed answer, when there was one.
    public var requestID: String? {
        switch self {
        case .invalidResponse(_, let id), .responseTooLarge(_, let id), .streamEndedEarly(_, let id): id
        default: details?.requestID
        }
    }

    /// A full sentence saying what happened and what to do; never carries a secret.
    public var description: String {
        switch self {
        case .missingAPIKey:
            return "No OpenAI API key is configured: set the OPENAI_API_KEY environment variable (in Swift, ImagesClient.Configuration.apiKey)."
        case .invalidConfiguration(let reason):
            return "The client configuration is invalid: \(reason)."
        case .authentication(let d):
            return "The API key was refused (HTTP 401\(d.codeSuffix)): \(d.message) Check OPENAI_API_KEY: it may be "
                + "mistyped, revoked or belong to another organization or project.\(d.requestSuffix)"
        case .organizationNotVerified(let d):
            return "Your organization must be verified to use this model (HTTP 403): \(d.message) Verify it at "
                + "https://platform.openai.com/settings/organization/general (it can take up to 15 minutes to "
                + "take effect), or use another model.\(d.requestSuffix)"
        case .permissionDenied(let d):
            return "Permission denied (HTTP 403\(d.codeSuffix)): \(d.message) Check that the key's project may use "
                + "this model and endpoint (OPENAI_PROJECT_ID, OPENAI_ORG_ID).\(d.requestSuffix)"
        case .moderationBlocked(let d):
            return "The request was blocked by the safety system (moderation_blocked): \(d.message) Rephrase the "
                + "prompt or change the input images; retrying the same request will fail again.\(d.requestSuffix)"
        case .notFound(let d):
            return "Not found (HTTP 404\(d.codeSuffix)): \(d.message) Check the model name and OPENAI_BASE_URL."
                + d.requestSuffix
        case .badRequest(let d):
            let field = d.param.map { " (field `\($0)`)" } ?? ""
            return "The API refused the request\(field) (HTTP \(d.status.map(String.init) ?? "?")\(d.codeSuffix)): "
                + "\(d.message) Fix the request; retrying it unchanged will fail again.\(d.requestSuffix)"
        case .rateLimited(let d):
            if d.code == "insufficient_quota" {
                return "The account has no quota left (HTTP 429 insufficient_quota): \(d.message) Add credit or "
                    + "raise the limit in the billing settings.\(d.requestSuffix)"
            }
            return "Rate limited (HTTP 429) after \(d.attempts) attempt(s): \(d.message) Wait a minute, lower "
                + "--workers or the images-per-minute pace, or raise the account's tier.\(d.requestSuffix)"
        case .serverError(let d):
            return "The API failed (HTTP \(d.status.map(String.init) ?? "5xx")) after \(d.attempts) attempt(s): "
                + "\(d.message) This is on OpenAI's side; try again later.\(d.requestSuffix)"
        case .timeout(let seconds, let attempts):
            return "No complete answer within \(Self.format(seconds)) s, after \(attempts) attempt(s). High-quality "
                + "images can take minutes: raise the timeout, lower the quality or size, or try again later."
        case .connection(let reason, let attempts):
            return "Could not reach the API after \(attempts) attempt(s): \(reason). Check the network and "
                + "OPENAI_BASE_URL."
        case .invalidResponse(let reason, let id):
            return "The API's answer could not be understood: \(reason). Try again; if it persists, report it"
                + (id.map { " with request id \($0)." } ?? ".")
        case .responseTooLarge(let limit, let id):
            return "The answer exceeded the limit of \(limit) bytes; raise the response size limit if this is "
                + "expected" + (id.map { " (request id \($0))." } ?? ".")
        case .streamError(let d):
            return "The stream reported an error\(d.codeSuffix): \(d.message)\(d.requestSuffix)"
        case .streamEndedEarly(let partials, let id):
            return "The stream ended before the final image (after \(partials) partial image(s)). Try again, "
                + "or request without streaming" + (id.map { " (request id \($0))." } ?? ".")
        }
    }

    private static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(format: "%.2f", seconds)
    }
}

extension ImagesAPIError {
    /// Builds the typed error of a failed HTTP answer from its status and body.
    static func from(status: Int, body: Data, requestID: String?, attempts: Int, redacting secret: String) -> ImagesAPIError {
        struct Envelope: Decodable {
            struct Body: Decodable {
                var message: String?
                var type: String?
                var param: String?
                var code: String?
            }
            var error: Body?
        }
        let parsed = (try? JSONDecoder().decode(Envelope.self, from: body))?.error
        let fallback = String(decoding: body.prefix(500), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let message = Redaction.redact(parsed?.message ?? (fallback.isEmpty ? "(no message)" : fallback), secret: secret)
        let details = APIErrorDetails(
            status: status, type: parsed?.type, code: parsed?.code, param: parsed?.param.map { Redaction.redact($0, secret: secret) },
            message: message, requestID: requestID, attempts: attempts)
        if details.code == "moderation_blocked" { return .moderationBlocked(details) }
        switch status {
        case 401: return .authentication(details)
        case 403:
            let lowered = message.lowercased()
            return lowered.contains("verif") ? .organizationNotVerified(details) : .permissionDenied(details)
        case 404: return .notFound(details)
        case 429: return .rateLimited(details)
        case 500...: return .serverError(details)
        default: return .badRequest(details)
        }
    }
}
