import Foundation

/// Where an input image of an edit comes from.
///
/// ```swift
/// let inputs: [ImageInput] = [.file("photo.jpg"), .url(URL(string: "https://example.com/a.png")!),
///                             .base64("data:image/png;base64,iVBORw0..."), .data(pngBytes)]
/// ```
public enum ImageInput: Sendable, Hashable, CustomStringConvertible {
    /// A file on disk.
    case file(String)
    /// An http or https URL, downloaded before the request (at most 3 redirects, size-limited).
    case url(URL)
    /// Base64 text, with or without a `data:image/...;base64,` prefix.
    case base64(String)
    /// The encoded bytes themselves.
    case data(Data)

    /// A short, human description used in errors (never the bytes themselves).
    public var description: String {
        switch self {
        case .file(let path): "file \(path)"
        case .url(let url): "URL \(url.absoluteString)"
        case .base64(let text): "base64 input (\(text.utf8.count) characters)"
        case .data(let data): "in-memory image (\(data.count) bytes)"
        }
    }
}
