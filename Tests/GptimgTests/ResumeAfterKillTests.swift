import Crypto
import Foundation
import LocalImagesServer
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// A batch killed with SIGKILL half-way, then finished with --resume.
@Suite("gptimg generate --resume after kill -9")
struct ResumeAfterKillTests {
    private func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    /// The manifest's readable lines (a kill may cut the last one short).
    private func doneRecords(_ url: URL) -> [(name: String, path: String, sha256: String)] {
        guard let text = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            guard let record = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                record["status"] as? String == "done", let name = record["outputName"] as? String,
                let file = (record["files"] as? [[String: Any]])?.first, let path = file["path"] as? String,
                let sha = file["sha256"] as? String
            else { return nil }
            return (name, path, sha)
        }
    }

    @Test("Nothing written before the kill is lost or asked for again; the rest is generated; no unfinished file stays")
    func killThenResume() async throws {
        let api = try await LocalAPI.start(delay: .milliseconds(300))
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("kill")
        let prompts = (1...20).map { "Picture number \($0)" }
        let arguments = ["generate"] + prompts + ["-q", "low", "-s", "1024x1024", "-w", "2", "--thumbnail", "64"]
        let manifest = folder.appendingPathComponent("picture-number-1-picture-number-2-picture-number-3-and-17-more/manifest.jsonl")

        let process = try ToolRunner.launch(arguments, in: folder, environment: api.environment)
        let deadline = Date().addingTimeInterval(180)
        while doneRecords(manifest).count < 6 && Date() < deadline && process.isRunning {
            try await Task.sleep(for: .milliseconds(20))
        }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let done = doneRecords(manifest)
        try #require(done.count >= 6 && done.count < 20, "the kill came at \(done.count) of 20 images")
        for record in done {
            #expect(try sha256(URL(fileURLWithPath: record.path)) == record.sha256, "\(record.name) is intact")
        }

        let before = api.prompts.count
        let resumed = try await ToolRunner.run(arguments + ["--resume"], in: folder, environment: api.environment)
        #expect(resumed.status == 0, "\(resumed.output)")
        let askedAgain = Array(api.prompts.dropFirst(before))
        let donePrompts = Set(done.map { record in
            prompts[Int(record.name.prefix(2))! - 1]
        })
        #expect(Set(askedAgain).isDisjoint(with: donePrompts), "done prompts were asked for again")
        #expect(Set(askedAgain).union(donePrompts) == Set(prompts))
        for record in done {
            #expect(try sha256(URL(fileURLWithPath: record.path)) == record.sha256, "\(record.name) is unchanged")
        }
        let files = ToolRunner.files(under: folder)
        #expect(files.filter { $0.hasSuffix(".png") && !$0.hasSuffix(".thumb.png") }.count == 20)
        #expect(!files.contains { $0.hasSuffix(".partial") }, "\(files)")
    }
}
