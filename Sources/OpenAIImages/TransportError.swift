/// Why the transport could not complete an exchange.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No complete answer within the timeout.
    case timedOut
    /// The connection could not be made or broke; `reason` says how.
    case connectionFailed(reason: String)
    /// The request could not be built (a malformed URL, say).
    case invalidRequest(reason: String)

    /// A full sentence saying what happened and what to do; never carries a secret.
    public var description: String {
        switch self {
        case .timedOut: "The request timed out."
        case .connectionFailed(let reason): "The connection failed: \(reason)."
        case .invalidRequest(let reason): "The request could not be sent: \(reason)."
        }
    }
}
