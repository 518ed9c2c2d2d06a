import Foundation
import Testing

/// Runs the built `gptimg` executable as a user would, and captures what it prints.
struct ToolRunner {
    /// The fake key every end-to-end test uses; no output or file may ever contain it.
    static let fakeAPIKey = "sk-test.GPTIMG-SECRET.0123456789abcdefXYZ"

    /// What one run of the tool did.
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        /// Both streams, for checks that do not care which.
        var output: String { stdout + stderr }
    }

    /// The `gptimg` executable in the build products folder, beside this test bundle.
    static func executableURL() throws -> URL {
        var candidates: [URL] = []
        let testBinary = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
        var folder = testBinary.deletingLastPathComponent()
        for _ in 0..<4 {
            candidates.append(folder.appendingPathComponent("gptimg"))
            folder = folder.deletingLastPathComponent()
        }
        if let bundle = Bundle.main.executableURL?.deletingLastPathComponent() {
            candidates.append(bundle.appendingPathComponent("gptimg"))
        }
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate.path) {
            return candidate
        }
        Issue.record("The gptimg executable was not found; looked at \(candidates.map(\.path).joined(separator: ", ")). Build it with `swift build --build-tests`.")
        throw CocoaError(.fileNoSuchFile)
    }

    /// A fresh empty folder for one test.
    static func temporaryFolder(_ label: String = "run") throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("gptimg-e2e-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs `gptimg ARGUMENTS` in `folder` with a clean environment plus `environment`, feeding
    /// `input` on standard input.
    static func run(
        _ arguments: [String], in folder: URL, environment: [String: String] = [:], input: Data? = nil
    ) async throws -> Result {
        let executable = try executableURL()
        var env = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "NO_COLOR": "1"]
        env.merge(environment) { _, new in new }
        let environmentForTool = env
        // Waiting for a process and reading its pipes block a thread: do it on a thread of its
        // own, never on the cooperative pool the in-process API server's tasks need.
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    continuation.resume(
                        returning: try runBlocking(executable, arguments, folder: folder, environment: environmentForTool, input: input))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Runs the tool and waits for it on the calling thread.
    static func runBlocking(
        _ executable: URL, _ arguments: [String], folder: URL, environment: [String: String], input: Data?
    ) throws -> Result {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.currentDirectoryURL = folder
        process.environment = environment
        // Standard error goes to a file and standard input comes from one, so no pipe can fill
        // up and block either side.
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gptimg-run-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let errorURL = scratch.appendingPathComponent("stderr")
        let inputURL = scratch.appendingPathComponent("stdin")
        try Data().write(to: errorURL)
        try (input ?? Data()).write(to: inputURL)
        let errorHandle = try FileHandle(forWritingTo: errorURL)
        let inputHandle = try FileHandle(forReadingFrom: inputURL)
        let outputPipe = Pipe()
        process.standardOutput = outputPipe
        process.standardError = errorHandle
        process.standardInput = inputHandle
        try process.run()
        let outputData = outputPipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        try errorHandle.close()
        try inputHandle.close()
        return Result(
            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
            stderr: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self))
    }

    /// Starts `gptimg ARGUMENTS` in `folder` and returns at once, for tests that interrupt it;
    /// its output (stdout and stderr) goes to `outputFile`, or nowhere.
    static func launch(
        _ arguments: [String], in folder: URL, environment: [String: String] = [:], outputFile: URL? = nil
    ) throws -> Process {
        let process = Process()
        process.executableURL = try executableURL()
        process.arguments = arguments
        process.currentDirectoryURL = folder
        var env = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "NO_COLOR": "1"]
        env.merge(environment) { _, new in new }
        process.environment = env
        if let outputFile {
            FileManager.default.createFile(atPath: outputFile.path, contents: nil)
            let handle = try FileHandle(forWritingTo: outputFile)
            process.standardOutput = handle
            process.standardError = handle
        } else {
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
        }
        process.standardInput = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// Every file under `folder`, relative paths, sorted.
    static func files(under folder: URL) -> [String] {
        guard let enumerator = FileManager.default.enumerator(at: folder, includingPropertiesForKeys: [.isRegularFileKey]) else {
            return []
        }
        var paths: [String] = []
        let base = folder.resolvingSymlinksInPath().path
        for case let url as URL in enumerator {
            let isFile = (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) ?? false
            guard isFile else { continue }
            let path = url.resolvingSymlinksInPath().path
            paths.append(path.hasPrefix(base + "/") ? String(path.dropFirst(base.count + 1)) : path)
        }
        return paths.sorted()
    }

    /// Fails the test when the fake key appears in the run's output or in any file under `folder`.
    static func expectNoKey(in result: Result, files folder: URL? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(!result.output.contains(fakeAPIKey), "the API key was printed", sourceLocation: sourceLocation)
        #expect(!result.output.contains("GPTIMG-SECRET"), "part of the API key was printed", sourceLocation: sourceLocation)
        guard let folder else { return }
        for path in files(under: folder) {
            let data = (try? Data(contentsOf: folder.appendingPathComponent(path))) ?? Data()
            #expect(data.range(of: Data("GPTIMG-SECRET".utf8)) == nil, "the API key is in \(path)", sourceLocation: sourceLocation)
        }
    }
}
