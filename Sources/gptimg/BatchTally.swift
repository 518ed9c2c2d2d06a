import Foundation

/// What a run has done so far, shared by the tasks processing its prompts.
actor BatchTally {
    private(set) var succeeded = 0
    private(set) var failed = 0
    private(set) var inputTokens = 0
    private(set) var outputTokens = 0
    /// The actual cost so far; nil once some response's cost was unknown.
    private(set) var dollars: Double? = 0
    /// Why each failed prompt failed (the first reason given), by prompt number.
    private(set) var failures: [Int: String] = [:]
    /// Written image paths, for the contact sheet, by prompt number and image number.
    private(set) var writtenImages: [(prompt: Int, image: Int, path: String)] = []
    /// An image written and passing every check.
    func imageWritten(prompt: Int, image: Int, path: String) {
        succeeded += 1
        writtenImages.append((prompt, image, path))
    }

    /// An image that is on disk but failed a check under --strict.
    func imageWrittenButFailed(prompt: Int, image: Int, path: String, reason: String) {
        failed += 1
        if failures[prompt] == nil { failures[prompt] = reason }
        writtenImages.append((prompt, image, path))
    }

    /// Images that are not on disk.
    func imagesFailed(prompt: Int, count: Int, reason: String) {
        failed += count
        if failures[prompt] == nil { failures[prompt] = reason }
    }

    /// Adds one response's tokens and cost (nil when its price is unknown).
    func addUsage(input: Int, output: Int, dollars cost: Double?) {
        inputTokens += input
        outputTokens += output
        if let cost, let current = dollars { dollars = current + cost } else { dollars = nil }
    }

    var done: Int { succeeded + failed }
}
