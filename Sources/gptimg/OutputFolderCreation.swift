import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Makes the folders the tool writes into and, when that fails, says why in words a user can
/// act on: Foundation reports a file standing where a folder should be as a bare error code.
///
/// ```swift
/// if let reason = OutputFolderCreation.create(folder) {
///     print("The output folder \(folder.path) cannot be created: \(reason)")
/// }
/// ```
enum OutputFolderCreation {
    /// Creates `folder` and its missing parents; returns nil when it exists afterwards, else why not.
    static func create(_ folder: URL) -> String? {
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            return nil
        } catch {
            return reason(creating: folder, error)
        }
    }

    /// Why `folder` could not be made: a file in the way, named, or the system's own message.
    static func reason(creating folder: URL, _ error: any Error) -> String {
        var ancestor = folder.standardizedFileURL
        while ancestor.path != "/" && !ancestor.path.isEmpty {
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isFolder) {
                if !isFolder.boolValue { return "\(ancestor.path) is a file, not a folder" }
                break
            }
            ancestor = ancestor.deletingLastPathComponent()
        }
        let nsError = error as NSError
        if let underlying = nsError.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return nsError.localizedDescription
    }
}
