import Codecs
import Foundation

/// One image of a response: its encoded bytes (from `b64_json`) or its URL (dall-e with
/// `response_format=url`), and the revised prompt dall-e-3 reports.
public struct GeneratedImage: Sendable, Hashable {
    /// The encoded image bytes, decoded from `b64_json`.
    public var data: Data?
    /// A temporary URL of the image (dall-e only, valid for 60 minutes).
    public var url: URL?
    /// The prompt dall-e-3 actually used.
    public var revisedPrompt: String?

    /// Creates one from its parts; what is left unset stays unset.
    public init(data: Data? = nil, url: URL? = nil, revisedPrompt: String? = nil) {
        self.data = data
        self.url = url
        self.revisedPrompt = revisedPrompt
    }

    /// The format found from the bytes, `nil` when there are no bytes or they are not PNG, JPEG or WebP.
    public var format: ImageFormat? { data.flatMap { ImageFormat(sniffing: $0) } }
}
