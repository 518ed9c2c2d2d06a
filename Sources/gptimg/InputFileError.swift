/// An input file of `gptimg process` that cannot be used.
enum InputFileError: Error, CustomStringConvertible {
    /// The file could not be read; `reason` is the system's message.
    case unreadable(path: String, reason: String)

    var description: String {
        switch self {
        case .unreadable(let path, let reason): "\(path) cannot be read: \(reason)"
        }
    }
}
