import Foundation

/// A `multipart/form-data` body (RFC 7578), built part by part.
///
/// ```swift
/// var form = MultipartFormData()
/// form.addField("prompt", "Add a hat")
/// form.addFile("image[]", filename: "cat.png", contentType: "image/png", data: png)
/// let body = form.finish()   // send with header Content-Type: form.contentType
/// ```
public struct MultipartFormData: Sendable {
    /// The boundary between parts; random so it cannot occur in an image by chance.
    public let boundary: String
    private var body = Data()

    /// An empty form with a random boundary.
    public init(boundary: String = "gptimg-" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()) {
        self.boundary = boundary
    }

    /// The value of the `Content-Type` header.
    public var contentType: String { "multipart/form-data; boundary=\(boundary)" }

    /// Adds a text field.
    public mutating func addField(_ name: String, _ value: String) {
        appendBoundary()
        append("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"\r\n\r\n")
        append(value)
        append("\r\n")
    }

    /// Adds a file with its MIME type.
    public mutating func addFile(_ name: String, filename: String, contentType: String, data: Data) {
        appendBoundary()
        append("Content-Disposition: form-data; name=\"\(Self.quoted(name))\"; filename=\"\(Self.quoted(filename))\"\r\n")
        append("Content-Type: \(contentType)\r\n\r\n")
        body.append(data)
        append("\r\n")
    }

    /// The finished body, closing boundary included.
    public func finish() -> Data {
        var finished = body
        finished.append(Data("--\(boundary)--\r\n".utf8))
        return finished
    }

    private mutating func appendBoundary() { append("--\(boundary)\r\n") }
    private mutating func append(_ text: String) { body.append(Data(text.utf8)) }

    /// Escapes a name for a quoted header parameter: quotes and line breaks would end it early.
    private static func quoted(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "%22")
            .replacingOccurrences(of: "\r", with: "%0D").replacingOccurrences(of: "\n", with: "%0A")
    }
}
