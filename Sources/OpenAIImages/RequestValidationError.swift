/// Why a request was refused before anything was sent.
public enum RequestValidationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A field has a value the model does not accept.
    case invalidValue(field: String, value: String, allowed: String, model: String)
    /// An input image (or the mask) could not be read, downloaded or decoded.
    case unreadableInput(field: String, input: String, reason: String)
    /// An input image (or the mask) is larger than the API accepts.
    case inputTooLarge(field: String, input: String, bytes: Int, limit: Int)
    /// An input image (or the mask) is not one of the formats the API accepts.
    case unsupportedInputFormat(field: String, input: String, found: String, allowed: String)

    /// The request field the error is about, as the API names it (`size`, `image[2]`, `mask`...).
    public var field: String {
        switch self {
        case .invalidValue(let field, _, _, _), .unreadableInput(let field, _, _), .inputTooLarge(let field, _, _, _),
            .unsupportedInputFormat(let field, _, _, _):
            field
        }
    }

    /// A full sentence saying what happened and what to do; never carries a secret.
    public var description: String {
        switch self {
        case .invalidValue(let field, let value, let allowed, let model):
            return "\(field) \(value) is not accepted by \(model): \(allowed)."
        case .unreadableInput(let field, let input, let reason):
            return "\(field) (\(input)) could not be read: \(reason)."
        case .inputTooLarge(let field, let input, let bytes, let limit):
            return "\(field) (\(input)) is \(Self.megabytes(bytes)); the API accepts images under \(Self.megabytes(limit)). "
                + "Re-encode it smaller (a lower JPEG/WebP quality or a smaller size)."
        case .unsupportedInputFormat(let field, let input, let found, let allowed):
            return "\(field) (\(input)) is \(found); the API accepts \(allowed). Convert it first (gptimg process can)."
        }
    }

    static func megabytes(_ bytes: Int) -> String {
        bytes >= 1_000_000 ? "\((Double(bytes) / 1_000_000 * 10).rounded() / 10) MB" : "\(bytes) bytes"
    }
}
