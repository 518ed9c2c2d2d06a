import Foundation
import Testing

/// The third-party corpora next to the package: `<package root>/../shared/...`.
enum SharedData {
    /// `<package root>/../shared/<name>`, or a failed requirement saying where it looked.
    static func folder(_ name: String, filePath: String = #filePath) throws -> URL {
        let packageRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent()  // CodecsTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()
        let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/\(name)").standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory)
        try #require(exists && isDirectory.boolValue, "The \(name) folder is missing: looked for \(folder.path)")
        return folder
    }
}
