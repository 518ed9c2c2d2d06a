import Crypto
import Foundation
import LocalImagesServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Ctrl-C (SIGINT) or SIGTERM in the middle of a batch: the requests in flight are cancelled,
/// every image that already arrived is written and recorded, the rest is recorded as
/// interrupted, and --resume finishes the batch.
@Suite("gptimg: Ctrl-C and SIGTERM stop the sending, not the writing")
struct InterruptTests {
    /// Output names and files of the manifest's records with `status`.
    private func records(_ manifest: URL, status: String) -> [[String: Any]] {
        ((try? Manifest.records(at: manifest)) ?? []).filter { $0["status"] as? String == status }
    }

    @Test("Interrupted with four of twelve answered: those four are written, the six in flight cancelled and the two never sent recorded, --resume asks for those eight only", arguments: [SIGINT, SIGTERM])
    func interruptThenResume(signal: Int32) async throws {
        let prompts = (1...12).map { String(format: "Scene %02d", $0) }
        let api = try await LocalAPI.start(
            faults: (5...12).map { Fault(.delay(.seconds(300)), when: .promptContains(String(format: "Scene %02d", $0))) },
            delay: .milliseconds(50))
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("interrupt")
        let arguments = ["generate"] + prompts + ["-q", "low", "-s", "1024x1024", "-w", "6", "--thumbnail", "64"]
        let batch = folder.appendingPathComponent("scene-01-scene-02-scene-03-and-9-more")
        let manifest = batch.appendingPathComponent("manifest.jsonl")
        let output = folder.appendingPathComponent("output.txt")

        let process = try ToolRunner.launch(arguments, in: folder, environment: api.environment, outputFile: output)
        // Six workers: the four quick answers free four of them for prompts 7-10, and 11-12
        // wait for a free worker. The signal comes soon after the server has sent the four
        // quick answers, while the tool is still reading, decoding and writing them.
        let deadline = Date().addingTimeInterval(120)
        while api.server.completedResponses < 4 || api.server.currentConcurrentRequests < 6, Date() < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(5))
        }
        try await Task.sleep(for: .milliseconds(100))
        try #require(process.isRunning, "the tool ended before the signal: \((try? String(contentsOf: output, encoding: .utf8)) ?? "")")
        kill(process.processIdentifier, signal)
        let exitDeadline = Date().addingTimeInterval(60)
        while process.isRunning, Date() < exitDeadline { try await Task.sleep(for: .milliseconds(20)) }
        try #require(!process.isRunning, "the tool was still running 60 s after the signal")
        let text = try String(contentsOf: output, encoding: .utf8)
        #expect(process.terminationReason == .exit, "it ended by itself, not killed by the signal")
        #expect(process.terminationStatus == 128 + signal, "\(text)")

        // The four answers that arrived are on disk, intact, with their thumbnails.
        let done = records(manifest, status: "done")
        #expect(Set(done.compactMap { $0["outputName"] as? String }) == Set((1...4).map { String(format: "%02d_scene-%02d", $0, $0) }), "\(text)")
        for record in done {
            for file in record["files"] as? [[String: Any]] ?? [] {
                let path = try #require(file["path"] as? String)
                let digest = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
                #expect(digest == file["sha256"] as? String, "\(path)")
            }
        }
        // The six in flight and the two never sent are recorded as interrupted, and the
        // summary names each.
        let failed = records(manifest, status: "failed")
        #expect(Set(failed.compactMap { $0["outputName"] as? String }) == Set((5...12).map { String(format: "%02d_scene-%02d", $0, $0) }))
        let signalName = signal == SIGINT ? "SIGINT (Ctrl-C)" : "SIGTERM"
        #expect(text.contains("Interrupted by \(signalName)"), "\(text)")
        #expect(text.contains("interrupted by \(signalName) before the answer arrived"), "\(text)")
        #expect(text.contains("not sent: interrupted by \(signalName)"), "\(text)")
        #expect(text.contains("Failed: prompts 5, 6, 7, 8, 9, 10, 11, 12"), "\(text)")
        #expect(api.prompts.count == 10, "prompts 11 and 12 were never sent")
        #expect(text.contains("--resume"), "\(text)")
        // The server saw the six requests in flight hang up, long before its 300 s answer.
        let settle = Date().addingTimeInterval(20)
        while api.server.currentConcurrentRequests > 0, Date() < settle { try await Task.sleep(for: .milliseconds(20)) }
        #expect(api.server.currentConcurrentRequests == 0)
        #expect(ToolRunner.files(under: batch).filter { $0.hasSuffix(".partial") }.isEmpty)

        // --resume asks for the eight missing prompts only, once each.
        api.server.clearFaults()
        let asked = api.prompts.count
        let resumed = try await ToolRunner.run(arguments + ["--resume"], in: folder, environment: api.environment)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(api.prompts.dropFirst(asked).sorted() == Array(prompts[4...]))
        #expect(Set(records(manifest, status: "done").compactMap { $0["outputName"] as? String }).count == 12)
        ToolRunner.expectNoKey(in: resumed, files: folder)
    }
}
