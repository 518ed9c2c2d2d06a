import Foundation

/// An existing manifest, loaded to resume a run: which items are done and the hashes of
/// the files they wrote.
///
/// ```swift
/// let done = try ManifestIndex(contentsOf: manifestURL)
/// let todo = origins.filter { !done.isDone($0, verifyingFiles: true) }
/// ```
public struct ManifestIndex: Sendable {
    /// Every readable record, in file order.
    public var records: [ManifestRecord]
    /// 1-based numbers of lines that could not be read (typically the last one, cut short by a killed run).
    public var unreadableLines: [Int]

    /// An empty index, as for a run with no manifest yet.
    public init() {
        records = []
        unreadableLines = []
    }

    /// Loads the manifest at `url`; a missing file gives an empty index.
    ///
    /// - Throws: ``StageError/manifestUnreadable(path:reason:)`` when the file exists but cannot be read.
    public init(contentsOf url: URL) throws(StageError) {
        self.init()
        guard FileManager.default.fileExists(atPath: url.path) else { return }
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw .manifestUnreadable(path: url.path, reason: error.localizedDescription)
        }
        let decoder = JSONDecoder()
        for (number, line) in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            if line.allSatisfy({ $0 == UInt8(ascii: " ") || $0 == UInt8(ascii: "\r") }) { continue }
            if let record = try? decoder.decode(ManifestRecord.self, from: Data(line)) {
                records.append(record)
            } else {
                unreadableLines.append(number + 1)
            }
        }
    }

    /// The resume keys of every item recorded as done.
    public var completedKeys: Set<String> {
        Set(records.lazy.filter { $0.status == .done }.map(\.key))
    }

    /// The latest `done` record for `origin`, if any.
    public func record(for origin: ItemOrigin) -> ManifestRecord? {
        let key = origin.resumeKey
        return records.last { $0.key == key && $0.status == .done }
    }

    /// The SHA-256 of each file recorded for `origin`, by path.
    public func fileHashes(for origin: ItemOrigin) -> [String: String] {
        guard let record = record(for: origin) else { return [:] }
        return Dictionary(record.files.map { ($0.path, $0.sha256) }, uniquingKeysWith: { _, last in last })
    }

    /// Whether `origin` is recorded as done; with `verifyingFiles`, only if every file it wrote
    /// still exists with the recorded SHA-256.
    public func isDone(_ origin: ItemOrigin, verifyingFiles: Bool = false) -> Bool {
        guard let record = record(for: origin) else { return false }
        guard verifyingFiles else { return true }
        return record.files.allSatisfy { file in
            guard let data = try? Data(contentsOf: URL(fileURLWithPath: file.path)) else { return false }
            return Stages.Write.sha256(data) == file.sha256
        }
    }
}
