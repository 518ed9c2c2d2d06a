import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Appends one JSON line per item to a manifest file, and flushes each line to disk before
/// returning, so a run killed at any moment loses nothing it recorded. Safe to share between
/// concurrent tasks: appends are serialized.
///
/// ```swift
/// let manifest = ManifestWriter(url: URL(fileURLWithPath: "out/manifest.jsonl"))
/// let pipeline = Pipeline([.decode(), .write(into: output), .recordManifest(manifest)])
/// ```
public actor ManifestWriter {
    /// The manifest file; created with its folder on the first append when missing.
    public nonisolated let url: URL
    private var handle: FileHandle?
    private let encoder: JSONEncoder

    /// A writer appending to `url`.
    public init(url: URL) {
        self.url = url.standardizedFileURL
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        self.encoder = encoder
    }

    /// Appends the record of a finished item.
    public func append(_ item: PipelineItem) throws(StageError) {
        try append(ManifestRecord(item: item))
    }

    /// Appends the record of an item that stopped at a stage.
    public func append(_ failure: PipelineFailure) throws(StageError) {
        try append(ManifestRecord(failure: failure))
    }

    /// Appends `record` as one line and flushes it to disk.
    ///
    /// - Throws: ``StageError/manifestFailed(path:reason:)`` when the file cannot be opened or written.
    public func append(_ record: ManifestRecord) throws(StageError) {
        var line: Data
        do {
            line = try encoder.encode(record)
        } catch {
            throw .manifestFailed(path: url.path, reason: "the record could not be encoded: \(error)")
        }
        line.append(UInt8(ascii: "\n"))
        let handle = try openHandle()
        do {
            try handle.write(contentsOf: line)
            try handle.synchronize()
        } catch {
            throw .manifestFailed(path: url.path, reason: "\(error)")
        }
    }

    /// Closes the file; a later append opens it again.
    public func close() {
        try? handle?.close()
        handle = nil
    }

    private func openHandle() throws(StageError) -> FileHandle {
        if let handle { return handle }
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        } catch {
            throw .manifestFailed(path: url.path, reason: "its folder could not be created: \(error.localizedDescription)")
        }
        let descriptor = open(url.path, O_RDWR | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw .manifestFailed(path: url.path, reason: AtomicFileWriter.systemError(code))
        }
        let opened = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            // A run killed in the middle of a line leaves it unterminated; end it so the next
            // record starts on a line of its own and the reader skips only the broken one.
            let size = try opened.seekToEnd()
            if size > 0 {
                try opened.seek(toOffset: size - 1)
                if opened.readData(ofLength: 1) != Data([UInt8(ascii: "\n")]) {
                    try opened.write(contentsOf: Data([UInt8(ascii: "\n")]))
                }
            }
        } catch {
            throw .manifestFailed(path: url.path, reason: "\(error)")
        }
        handle = opened
        return opened
    }
}
