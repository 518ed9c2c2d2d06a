import Foundation

/// One line of the manifest: everything recorded about one item.
public struct ManifestRecord: Sendable, Hashable, Codable {
    /// Whether the item went through every stage.
    public enum Status: String, Sendable, Hashable, Codable {
        case done
        case failed
    }

    /// `done` or `failed`.
    public var status: Status
    /// The origin's ``ItemOrigin/resumeKey``, the key a resumed run looks items up by.
    public var key: String
    /// Where the item came from: prompt, index, variant, model and request parameters, or the file path.
    public var origin: ItemOrigin
    /// The file name stem asked for.
    public var outputName: String
    /// Files written, with their SHA-256.
    public var files: [WrittenFile]
    /// Every check run, passed or not.
    public var validations: [ValidationResult]
    /// Problems that did not stop the item.
    public var warnings: [String]
    /// Tokens and cost, when known.
    public var usage: ItemUsage?
    /// Seconds per stage, in the order they ran.
    public var timings: [StageTiming]
    /// The stage that stopped a failed item.
    public var failedStage: String?
    /// Why it stopped, in a sentence.
    public var error: String?
    /// When the record was written, ISO 8601 UTC.
    public var recordedAt: String

    /// The record of a finished item.
    public init(item: PipelineItem, recordedAt: Date = Date()) {
        self.status = .done
        self.key = item.origin.resumeKey
        self.origin = item.origin
        self.outputName = item.outputName
        self.files = item.files
        self.validations = item.validations
        self.warnings = item.warnings
        self.usage = item.usage
        self.timings = item.timings
        self.failedStage = nil
        self.error = nil
        self.recordedAt = Self.timestamp(recordedAt)
    }

    /// The record of an item that stopped at a stage.
    public init(failure: PipelineFailure, recordedAt: Date = Date()) {
        self.init(item: failure.item, recordedAt: recordedAt)
        self.status = .failed
        self.failedStage = failure.stage
        self.error = "\(failure.error)"
    }

    static func timestamp(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.string(from: date)
    }
}
