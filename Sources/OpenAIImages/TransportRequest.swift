import Foundation

/// A request as the transport sends it. Its description names the headers but never shows
/// their values, so the `Authorization` header cannot leak through a log line.
public struct TransportRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The full URL.
    public var url: URL
    /// The headers, in order, names as sent.
    public var headers: [(String, String)]
    /// The body.
    public var body: Data?

    /// Creates one from its parts; what is left unset stays unset.
    public init(method: String, url: URL, headers: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    /// The name as the API spells it.
    public var description: String {
        "\(method) \(url.absoluteString) headers: [\(headers.map(\.0).joined(separator: ", "))] body: \(body?.count ?? 0) bytes"
    }

    /// The same as ``description``.
    public var debugDescription: String { description }
}
