import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes files atomically into one folder: the bytes go to a hidden temporary file in the
/// same folder, which is flushed to disk and only then given its name. A write that fails
/// half-way removes the temporary file, so no partial file is ever left under any name.
///
/// Names are made safe with ``SafeFileName`` first, so they cannot leave the folder. An
/// existing file is never replaced unless ``ExistingFilePolicy/overwrite`` is asked for;
/// the default, ``ExistingFilePolicy/uniqueName``, writes `name-2.ext`, `name-3.ext`, ...
///
/// ```swift
/// let writer = AtomicFileWriter(folder: URL(fileURLWithPath: "out"))
/// let url = try writer.write(png, stem: "a sunset", extension: "png")   // out/a-sunset.png
/// ```
public struct AtomicFileWriter: Sendable, Hashable {
    /// What to do when the chosen name is taken.
    public enum ExistingFilePolicy: String, Sendable, Hashable, Codable, CaseIterable {
        /// Add `-2`, `-3`, ... to the stem until the name is free. The default.
        case uniqueName
        /// Stop with ``StageError/fileExists(name:folder:)``.
        case fail
        /// Replace the existing file (still atomically: readers see the old or the new file, never a mix).
        case overwrite
    }

    /// The folder written into; made (with its parents) on the first write when missing.
    public var folder: URL

    /// A writer for `folder`.
    public init(folder: URL) {
        self.folder = folder.standardizedFileURL
    }

    /// Writes `data` as `STEM.EXTENSION`, the stem made safe first.
    ///
    /// - Parameters:
    ///   - stem: the name without extension; any text (it is sanitized).
    ///   - fileExtension: the extension without the dot, for example `png` or `thumb.png`.
    ///   - policy: what to do when the name is taken. Default ``ExistingFilePolicy/uniqueName``.
    ///   - companions: extensions that must also be free for a stem to be chosen
    ///     (so `a.png` and `a.thumb.png` share a stem); under ``ExistingFilePolicy/fail``
    ///     a taken companion fails before anything is written.
    /// - Returns: the URL written.
    /// - Throws: ``StageError`` naming the folder: it cannot be made, the name is taken, or the write failed.
    @discardableResult
    public func write(
        _ data: Data, stem: String, extension fileExtension: String, policy: ExistingFilePolicy = .uniqueName,
        companions: [String] = []
    ) throws(StageError) -> URL {
        try write(stem: stem, extension: fileExtension, policy: policy, companions: companions) { handle in
            try handle.write(contentsOf: data)
        }
    }

    /// Streams a file's contents through `contents`, then names it atomically as ``write(_:stem:extension:policy:companions:)`` does.
    /// If `contents` throws, the temporary file is removed and the error is reported as ``StageError/writeFailed(name:folder:reason:)``.
    @discardableResult
    public func write(
        stem: String, extension fileExtension: String, policy: ExistingFilePolicy = .uniqueName,
        companions: [String] = [], contents: (FileHandle) throws -> Void
    ) throws(StageError) -> URL {
        let safeStem = SafeFileName.sanitize(stem)
        let safeExtension = SafeFileName.sanitize(fileExtension, fallback: "bin")
        let firstName = safeStem + "." + safeExtension
        try makeFolder()
        if policy == .fail {
            // A taken companion name would fail the second file after the first was written.
            for companion in companions where FileManager.default.fileExists(atPath: folder.appendingPathComponent(safeStem + "." + companion).path) {
                throw .fileExists(name: safeStem + "." + companion, folder: folder.path)
            }
        }
        let temporary = try writeTemporaryFile(for: firstName, contents: contents)
        defer { _ = unlink(temporary.path) }  // Gone already after a rename; after a link or a failure it is removed here.

        for attempt in 1...10_000 {
            let candidateStem = attempt == 1 ? safeStem : "\(safeStem)-\(attempt)"
            let name = candidateStem + "." + safeExtension
            let target = try url(forName: name)
            if policy == .uniqueName,
                companions.contains(where: { FileManager.default.fileExists(atPath: folder.appendingPathComponent(candidateStem + "." + $0).path) })
            {
                continue
            }
            switch policy {
            case .overwrite:
                guard rename(temporary.path, target.path) == 0 else {
                    let code = errno
                    throw .writeFailed(name: name, folder: folder.path, reason: Self.systemError(code))
                }
                return target
            case .fail, .uniqueName:
                // link() refuses an existing name atomically, so a file created meanwhile is never replaced.
                if link(temporary.path, target.path) == 0 { return target }
                let code = errno
                if code == EEXIST {
                    if policy == .fail { throw .fileExists(name: name, folder: folder.path) }
                    continue
                }
                // File systems without hard links: claim the name by checking first.
                if FileManager.default.fileExists(atPath: target.path) {
                    if policy == .fail { throw .fileExists(name: name, folder: folder.path) }
                    continue
                }
                guard rename(temporary.path, target.path) == 0 else {
                    let code = errno
                    throw .writeFailed(name: name, folder: folder.path, reason: Self.systemError(code))
                }
                return target
            }
        }
        throw .writeFailed(name: firstName, folder: folder.path, reason: "10000 names from \(safeStem)-2 on are all taken")
    }

    /// The URL of `name` inside the folder, checked to be directly inside it.
    func url(forName name: String) throws(StageError) -> URL {
        let target = folder.appendingPathComponent(name).standardizedFileURL
        guard !name.contains("/"), name != ".", name != "..", target.deletingLastPathComponent().path == folder.path else {
            throw .writeFailed(name: name, folder: folder.path, reason: "the name would leave the folder")
        }
        return target
    }

    private func makeFolder() throws(StageError) {
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: folder.path, isDirectory: &isFolder) {
            guard isFolder.boolValue else {
                throw .cannotCreateFolder(folder: folder.path, reason: "a file of that name exists")
            }
            return
        }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw .cannotCreateFolder(folder: folder.path, reason: error.localizedDescription)
        }
    }

    private func writeTemporaryFile(for name: String, contents: (FileHandle) throws -> Void) throws(StageError) -> URL {
        let random = String(UInt64.random(in: 0...UInt64.max), radix: 36)
        // Short enough for any name limit, hidden, and recognisable as unfinished.
        let temporary = folder.appendingPathComponent(".\(SafeFileName.sanitize(name, maximumLength: 40)).\(random).partial")
        let descriptor = open(temporary.path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            let code = errno
            throw .writeFailed(name: name, folder: folder.path, reason: Self.systemError(code))
        }
        let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
        do {
            try contents(handle)
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            _ = unlink(temporary.path)
            throw .writeFailed(name: name, folder: folder.path, reason: "\(error)")
        }
        return temporary
    }

    /// The system's message for an `errno` value.
    static func systemError(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
