/// The outcome of one check on an item, recorded whether it passed or not.
public struct ValidationResult: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The check's name: `dimensions`, `transparency`, `mask`.
    public var check: String
    /// Whether the item passed.
    public var passed: Bool
    /// What was found, in a sentence: "1024x1024 is one of the expected sizes."
    public var detail: String

    /// A result from its parts.
    public init(check: String, passed: Bool, detail: String) {
        self.check = check
        self.passed = passed
        self.detail = detail
    }

    /// `transparency: passed — 31.2% of pixels are transparent.`
    public var description: String { "\(check): \(passed ? "passed" : "failed") — \(detail)" }
}

/// What a validation stage does when its check fails.
public enum ValidationPolicy: String, Sendable, Hashable, Codable {
    /// The item stops with an error naming the stage.
    case fail
    /// The failure is recorded as a warning and the item goes on.
    case warn
}
