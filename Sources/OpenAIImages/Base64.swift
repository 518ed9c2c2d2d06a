import Codecs
import Foundation

/// Base64 decoding of image payloads (often several megabytes).
///
/// Foundation's decoder is vectorised in the Swift 6 toolchains; this type adds the checks an
/// image payload needs (a `data:` prefix, a recognisable image after decoding).
enum Base64 {
    /// Decodes `text`, accepting and removing a `data:<mime>;base64,` prefix.
    static func decode(_ text: String) -> Data? {
        var payload = Substring(text)
        if payload.hasPrefix("data:"), let comma = payload.firstIndex(of: ",") {
            payload = payload[payload.index(after: comma)...]
        }
        if let data = Data(base64Encoded: String(payload)) { return data }
        // Line breaks are legal in MIME base64; only pay for the lenient pass when needed.
        if payload.contains(where: { $0.isWhitespace }) {
            return Data(base64Encoded: String(payload), options: .ignoreUnknownCharacters)
        }
        return nil
    }

    /// Decodes an image of a response and checks that it is an image.
    static func decodeImage(_ text: String, what: String, requestID: String?) throws(ImagesAPIError) -> Data {
        guard let data = decode(text) else {
            throw .invalidResponse(reason: "\(what) is not valid base64 (\(text.utf8.count) characters; truncated?)", requestID: requestID)
        }
        guard ImageFormat(sniffing: data) != nil else {
            throw .invalidResponse(reason: "\(what) decodes to \(data.count) bytes that are not a PNG, JPEG or WebP image", requestID: requestID)
        }
        return data
    }
}
