import Foundation

/// Whether a run was asked to stop by a signal, shared by the tasks handling its answers.
actor Interruption {
    /// The signal that stopped the run (SIGINT, SIGTERM), once one came.
    private(set) var signal: Int32?

    /// Keeps the first signal.
    func record(_ number: Int32) {
        if signal == nil { signal = number }
    }

    /// The name a user knows the signal by.
    static func name(of number: Int32) -> String {
        switch number {
        case SIGINT: "SIGINT (Ctrl-C)"
        case SIGTERM: "SIGTERM"
        default: "signal \(number)"
        }
    }
}
