/// What stops `gptimg mask`.
enum MaskRunError: Error, CustomStringConvertible {
    /// A file that cannot be read or decoded.
    case unreadable(path: String, reason: String)
    /// The mask cannot be written.
    case unwritable(path: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path) cannot be read as an image: \(reason)"
        case .unwritable(let path, let reason): "The mask cannot be written to \(path): \(reason)"
        }
    }
}
