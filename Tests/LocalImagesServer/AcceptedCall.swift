import Codecs

/// A request the server understood and accepted.
struct AcceptedCall: Sendable {
    struct InputImage: Sendable {
        var format: ImageFormat
        var width: Int
        var height: Int
    }

    var endpoint: String
    var model: String
    var prompt: String
    var n: Int
    var width: Int
    var height: Int
    var sizeText: String
    var quality: String
    var background: String
    var outputFormat: String
    var compression: Int?
    var stream: Bool
    var partialImages: Int
    var responseFormat: String?
    var inputImages: [InputImage]

    var isDallE: Bool { model.hasPrefix("dall-e") }
}
