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

    /// The build products folder: where the test bundle (and so `gptimg`) lives.
    static func productsFolder() -> URL {
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            return bundle.bundleURL.deletingLastPathComponent()
        }
        return URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    }

    static func executable() throws -> URL {
        let url = productsFolder().appendingPathComponent("gptimg")
        try #require(
            FileManager.default.isExecutableFile(atPath: url.path),
            "No built gptimg executable at \(url.path); run `swift build --build-tests` first")
        return url
    }

    static func run(_ arguments: [String]) throws -> Result {
        let process = Process()
        process.executableURL = try executable()
        process.arguments = arguments
        // Standard error goes to a file, so neither stream can fill up and block the tool.
        let errorFile = FileManager.default.temporaryDirectory.appendingPathComponent("gptimg-stderr-\(UUID().uuidString)")
        try Data().write(to: errorFile)
        defer { try? FileManager.default.removeItem(at: errorFile) }
        let errorHandle = try FileHandle(forWritingTo: errorFile)
        let output = Pipe()
        process.standardOutput = output
        process.standardError = errorHandle
        try process.run()
        let outputData = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        return Result(
            status: process.terminationStatus,
            standardOutput: String(decoding: outputData, as: UTF8.self),
            standardError: String(decoding: try Data(contentsOf: errorFile), as: UTF8.self))
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
