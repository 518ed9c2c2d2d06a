/// The head of an answer and its body as a stream of byte chunks.
public struct TransportResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The headers, in order, names as sent.
    public var headers: [(String, String)]
    /// The body.
    public var body: ResponseBody

    /// Creates one from its parts; what is left unset stays unset.
    public init(status: Int, headers: [(String, String)], body: ResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of a header (case-insensitive name).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }
}
