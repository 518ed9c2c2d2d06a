import Foundation

/// Why a run stopped sending before every prompt was answered, shared by the tasks handling
/// its answers: a signal (Ctrl-C, SIGTERM) or an output folder that takes no more images.
/// Whatever the reason, the requests in flight are cancelled, the answers already arriving
/// are handled, and each prompt left without an image is recorded with the reason.
actor RunStop {
    enum Reason: Sendable {
        case signal(Int32)
        case fullFolder(path: String, reason: String)

        /// For a request cancelled while it was being drawn.
        var cancelledMessage: String {
            switch self {
            case .signal: "\(summary) before the answer arrived"
            case .fullFolder: summary
            }
        }

        /// For a prompt that was never sent.
        var notSentMessage: String {
            switch self {
            case .signal: "not sent: \(summary)"
            case .fullFolder: summary
            }
        }

        /// The reason in a few words.
        var summary: String {
            switch self {
            case .signal(let number): "interrupted by \(Self.name(of: number))"
            case .fullFolder(let path, let reason): "stopped: \(path) takes no more images (\(reason))"
            }
        }

        /// The name a user knows a signal by.
        static func name(of number: Int32) -> String {
            switch number {
            case SIGINT: "SIGINT (Ctrl-C)"
            case SIGTERM: "SIGTERM"
            default: "signal \(number)"
            }
        }
    }

    /// The first reason the run was stopped for, once there is one.
    private(set) var reason: Reason?

    /// Keeps the first reason; returns whether this one was the first.
    @discardableResult
    func record(_ newReason: Reason) -> Bool {
        guard reason == nil else { return false }
        reason = newReason
        return true
    }
}
