import Foundation
import Testing

/// Runs the `gptimg` executable that `swift build` put next to the test bundle.
enum BuiltTool {
    struct Result {
        var status: Int32
        var standardOutput: String
        var standardError: String
        /// Non-empty standard-output lines.
        var lines: [String] { standardOutput.split(separator: "\n").map(String.init) }
    }

    /// Runs `gptimg ARGUMENTS` in the current folder with the test's own environment.
    static func run(_ arguments: [String]) throws -> Result {
        let result = try ToolRunner.runBlocking(
            try ToolRunner.executableURL(), arguments,
            folder: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true),
            environment: ProcessInfo.processInfo.environment, input: nil)
        return Result(status: result.status, standardOutput: result.stdout, standardError: result.stderr)
    }
}

/// The third-party corpora next to the package: `<package root>/../shared/...`.
enum SharedData {
    static func folder(_ name: String, filePath: String = #filePath) throws -> URL {
        let packageRoot = URL(fileURLWithPath: filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/\(name)").standardizedFileURL
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: folder.path, isDirectory: &isDirectory)
        try #require(exists && isDirectory.boolValue, "The \(name) folder is missing: looked for \(folder.path)")
        return folder
    }
}
