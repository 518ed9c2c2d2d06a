import Foundation

/// A request the local server received, as it understood it.
public struct RecordedRequest: Sendable {
    /// The 1-based number among API requests (`POST /v1/images/...`); 0 for other requests.
    public var number: Int
    /// The HTTP method, e.g. `POST`.
    public var method: String
    /// The path, e.g. `/v1/images/generations`.
    public var path: String
    /// The headers, names lowercased.
    public var headers: [(name: String, value: String)]
    /// The raw body.
    public var body: Data
    /// The fields sent: JSON members (as text: numbers and booleans as written) or multipart text fields.
    public var fields: [String: String]
    /// The names of the multipart parts in the order they came, or of the JSON members sorted by name.
    public var fieldOrder: [String]
    /// The files of a multipart body, in order.
    public var files: [RecordedFile]
    /// The status the server answered; 499 when the client hung up before the answer.
    public var status: Int

    /// The value of a header (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.name == lowered }?.value
    }

    /// The prompt, when there was one.
    public var prompt: String? { fields["prompt"] }
}
