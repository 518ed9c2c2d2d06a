import Foundation
import Testing

/// What the tool prints on a terminal, run under `script` (util-linux), which gives it one.
@Suite("Terminal output")
struct TerminalOutputTests {
    /// Runs the tool on a pseudo-terminal and returns everything it printed there.
    private func runOnTerminal(_ arguments: [String], in folder: URL, noColor: Bool) throws -> String {
        let executable = try ToolRunner.executableURL()
        let command = ([executable.path] + arguments).map { "'\($0)'" }.joined(separator: " ")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        process.arguments = ["-qec", command, "/dev/null"]
        process.currentDirectoryURL = folder
        var environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "TERM": "xterm"]
        if noColor { environment["NO_COLOR"] = "1" }
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = FileHandle.nullDevice
        try #require(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "/usr/bin/script (util-linux) is needed for terminal tests")
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return String(decoding: data, as: UTF8.self)
    }

    @Test("On a terminal: a progress bar and colours; NO_COLOR removes the colours, not the progress")
    func progressAndColours() throws {
        let folder = try ToolRunner.temporaryFolder("tty")
        let coloured = try runOnTerminal(["process", Fixtures.url("logo.png").path, "-o", "a", "-w", "1"], in: folder, noColor: false)
        #expect(coloured.contains("[##############################] 1/1 images"), "\(coloured)")
        #expect(coloured.contains("\u{1B}[32m✓ a/logo.png"))

        let plain = try runOnTerminal(["process", Fixtures.url("logo.png").path, "-o", "b", "-w", "1"], in: folder, noColor: true)
        #expect(plain.contains("1/1 images"))
        #expect(!plain.contains("\u{1B}[32m") && !plain.contains("\u{1B}[0m"), "\(plain)")
        #expect(plain.contains("✓ b/logo.png"))
    }
}
