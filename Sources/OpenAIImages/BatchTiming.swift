import Foundation

/// When a batch request was queued, started (after any pacing wait) and finished.
public struct BatchTiming: Sendable, Hashable {
    /// When the batch was started (the request was queued).
    public var queuedAt: Date
    /// When the request was sent, after any wait for a worker or the pace.
    public var startedAt: Date
    /// When the answer (or the error) arrived.
    public var finishedAt: Date

    /// Creates one from its parts; what is left unset stays unset.
    public init(queuedAt: Date, startedAt: Date, finishedAt: Date) {
        self.queuedAt = queuedAt
        self.startedAt = startedAt
        self.finishedAt = finishedAt
    }

    /// Seconds from start to finish (the request itself, retries included).
    public var duration: TimeInterval { finishedAt.timeIntervalSince(startedAt) }
    /// Seconds spent waiting for a worker or for the pace.
    public var waited: TimeInterval { startedAt.timeIntervalSince(queuedAt) }
}
