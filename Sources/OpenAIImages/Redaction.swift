import Foundation

/// Removes the API key from text that came from elsewhere (server messages, URLs).
enum Redaction {
    static func redact(_ text: String, secret: String) -> String {
        guard secret.count >= 4, text.contains(secret) else { return text }
        return text.replacingOccurrences(of: secret, with: "[redacted key]")
    }
}
