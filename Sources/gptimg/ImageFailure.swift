/// Why an image of a batch is not on disk, as recorded in the manifest.
enum ImageFailure: Error, CustomStringConvertible {
    /// The request failed, or what arrived was not a decodable image even when asked again;
    /// `reason` is the server's message or the decoder's.
    case notReceived(reason: String)

    var description: String {
        switch self {
        case .notReceived(let reason): reason
        }
    }
}
