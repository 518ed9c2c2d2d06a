import Crypto
import Foundation
import LocalImagesServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A batch killed with SIGKILL at half-way, with the leftovers a kill can leave (a half-written
/// temporary file, a manifest line cut short), then finished with --resume.
@Suite("gptimg: kill -9 at half-way, then --resume")
struct KillAndResumeTests {
    private struct DoneFile: Hashable {
        var name: String
        var path: String
        var sha256: String
    }

    private func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    /// The files of the manifest's done records (a line cut short by a kill is skipped).
    private func doneFiles(_ manifest: URL) -> [DoneFile] {
        guard let text = try? String(contentsOf: manifest, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").flatMap { line -> [DoneFile] in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                record["status"] as? String == "done", let name = record["outputName"] as? String,
                let files = record["files"] as? [[String: Any]]
            else { return [] }
            return files.compactMap { file in
                guard let path = file["path"] as? String, let sha = file["sha256"] as? String else { return nil }
                return DoneFile(name: name, path: path, sha256: sha)
            }
        }
    }

    @Test("Ten of twenty done, then SIGKILL: nothing written is lost or asked for again, the rest is generated, no temporary file stays")
    func killAtHalfThenResume() async throws {
        let prompts = (1...20).map { String(format: "Picture %02d", $0) }
        // Prompts 1-10 answer at once; 11-20 take long enough that none of them can be done
        // when the kill comes, so it comes at exactly half-way.
        let api = try await LocalAPI.start(
            faults: (11...20).map { Fault(.delay(.seconds(300)), when: .promptContains(String(format: "Picture %02d", $0))) },
            delay: .milliseconds(50))
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("kill-half")
        let arguments = ["generate"] + prompts + ["-q", "low", "-s", "1024x1024", "-w", "4", "--thumbnail", "48"]
        let batch = folder.appendingPathComponent("picture-01-picture-02-picture-03-and-17-more")
        let manifest = batch.appendingPathComponent("manifest.jsonl")

        let process = try ToolRunner.launch(arguments, in: folder, environment: api.environment)
        let deadline = Date().addingTimeInterval(240)
        while Set(doneFiles(manifest).map(\.name)).count < 10, Date() < deadline, process.isRunning {
            try await Task.sleep(for: .milliseconds(10))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        #expect(process.terminationReason == .uncaughtSignal)
        let done = doneFiles(manifest)
        let doneNames = Set(done.map(\.name))
        try #require(doneNames == Set((1...10).map { String(format: "%02d_picture-%02d", $0, $0) }), "done at the kill: \(doneNames.sorted())")
        #expect(done.count == 20, "each done image has its image and its thumbnail recorded")
        // The requests in flight at the kill end on the server's side when it notices the hang-up.
        let settle = Date().addingTimeInterval(10)
        while api.server.currentConcurrentRequests > 0, Date() < settle { try await Task.sleep(for: .milliseconds(10)) }
        let before = Dictionary(grouping: api.prompts, by: { $0 }).mapValues(\.count)
        #expect((1...10).allSatisfy { before[prompts[$0 - 1]] == 1 })

        // What a kill can leave: a temporary file cut short (the writer's hidden
        // `.NAME.RANDOM.partial`), here for an image still to come and for a done one, and a
        // manifest line cut in the middle. A hidden file of the user's that merely looks alike
        // is not the batch's and must stay.
        let strayTemporaries = [".12_picture-12.png.k1ll3d.partial", ".03_picture-03.thumb.png.x9q2.partial"]
        for name in strayTemporaries {
            try Data("\u{89}PNG\r\n\u{1A}\n half an image".utf8).write(to: batch.appendingPathComponent(name))
        }
        let usersOwn = ".holiday-notes.txt.partial"
        try Data("mine".utf8).write(to: batch.appendingPathComponent(usersOwn))
        let handle = try FileHandle(forWritingTo: manifest)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"status":"done","outputName":"11_picture-11","files":[{"pa"#.utf8))
        try handle.close()

        api.server.clearFaults()
        let resumed = try await ToolRunner.run(arguments + ["--resume"], in: folder, environment: api.environment)
        #expect(resumed.status == 0, "\(resumed.output)")
        #expect(resumed.stdout.contains("Generated 10/10 images successfully (10 already done)"), "\(resumed.stdout)")

        // Done prompts were not asked for again; every other prompt exactly once in the resume.
        var resumedAsks: [String: Int] = [:]
        for prompt in api.prompts.dropFirst(before.values.reduce(0, +)) { resumedAsks[prompt, default: 0] += 1 }
        #expect(resumedAsks == Dictionary(uniqueKeysWithValues: prompts[10...].map { ($0, 1) }))

        // Everything written before the kill is intact: same bytes as the manifest says.
        for file in done {
            #expect(try sha256(URL(fileURLWithPath: file.path)) == file.sha256, "\(file.path) changed")
        }
        // All twenty are done now, each file matching its record.
        let after = doneFiles(manifest)
        #expect(Set(after.map(\.name)).count == 20)
        for file in after {
            #expect(try sha256(URL(fileURLWithPath: file.path)) == file.sha256, "\(file.path)")
        }
        // No temporary file is left; the user's own file is.
        let files = ToolRunner.files(under: batch)
        #expect(files.filter { $0.hasSuffix(".partial") } == [usersOwn], "\(files)")
        #expect(files.filter { $0.hasSuffix(".thumb.png") }.count == 20)
        #expect(files.filter { $0.hasSuffix(".png") && !$0.hasSuffix(".thumb.png") }.count == 20)
        #expect(files.count == 20 + 20 + 2, "only the images, their thumbnails, the manifest and the user's file: \(files)")
        ToolRunner.expectNoKey(in: resumed, files: folder)
    }

    @Test("Killed between the two images of an -n 2 prompt: --resume asks for the missing image only and keeps the written one")
    func killBetweenVariants() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("kill-variant")
        let arguments = ["generate", "A red kite", "A blue boat", "-n", "2", "-q", "low", "-s", "1024x1024"]
        let first = try await ToolRunner.run(arguments, in: folder, environment: api.environment)
        #expect(first.status == 0, "\(first.output)")
        let batch = folder.appendingPathComponent("a-red-kite-a-blue-boat")
        let manifest = batch.appendingPathComponent("manifest.jsonl")

        // What a kill right after the first image of prompt 2 leaves: its record and file, and
        // nothing of the second image (records are flushed one by one, files renamed whole).
        let lines = try String(contentsOf: manifest, encoding: .utf8).split(separator: "\n").map(String.init)
        let kept = lines.filter { !$0.contains("\"02_a-blue-boat-2\"") }
        #expect(kept.count == 3)
        try Data((kept.joined(separator: "\n") + "\n").utf8).write(to: manifest)
        try FileManager.default.removeItem(at: batch.appendingPathComponent("02_a-blue-boat-2.png"))
        let written = try #require(doneFiles(manifest).first { $0.name == "02_a-blue-boat-1" })

        let before = api.server.apiRequests.count
        let resumed = try await ToolRunner.run(arguments + ["--resume"], in: folder, environment: api.environment)
        #expect(resumed.status == 0, "\(resumed.output)")
        let asked = Array(api.server.apiRequests.dropFirst(before))
        #expect(asked.map(\.prompt) == ["A blue boat"])
        let request = try #require(asked.first)
        let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
        #expect((body["n"] as? Int ?? 1) == 1, "only the missing image is paid for: \(body)")
        #expect(try sha256(URL(fileURLWithPath: written.path)) == written.sha256, "the image written before the kill was replaced")
        let after = doneFiles(manifest)
        #expect(Set(after.map(\.name)) == ["01_a-red-kite-1", "01_a-red-kite-2", "02_a-blue-boat-1", "02_a-blue-boat-2"])
        for file in after {
            #expect(try sha256(URL(fileURLWithPath: file.path)) == file.sha256, "\(file.path)")
        }
    }
}
