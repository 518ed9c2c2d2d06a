import Codecs
import Crypto
import Foundation
import LocalImagesServer
import Testing

/// What the tool asks for again under faults, and how it accounts for every prompt: the
/// twenty-prompt fault mix of issue 7 seen through the requests the server received, the
/// `--json` report and the manifest. (The human output of the same mix is checked in
/// BatchReliabilityTests.)
@Suite("gptimg under faults: what is asked again, what is reported")
struct FaultAccountingTests {
    private static let moderationMessage = "Your request was rejected as a result of our safety system."

    private func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    private func events(_ stdout: String) throws -> [[String: Any]] {
        try stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON line: \(line)")
        }
    }

    @Test("Twenty prompts under every fault: each asked for exactly as often as its fault needs; failures and flags reported")
    func faultMixAccounting() async throws {
        let prompts = FaultMix.prompts
        let api = try await LocalAPI.start(faults: FaultMix.faults)
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("fault-accounting")
        let started = Date()
        let result = try await ToolRunner.run(
            ["generate"] + prompts + ["-q", "low", "-s", "1024x1536", "-w", "20", "--json"], in: folder, environment: api.environment)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 1, "\(result.output)")

        // What the server saw: the 429s once more each (after the second retry-after asked
        // for), the 503s twice more, the dropped and the truncated answers once more, the
        // moderation refusal never again (a 400 is final), everything else exactly once.
        var asked: [String: Int] = [:]
        for prompt in api.prompts { asked[prompt, default: 0] += 1 }
        let expected: [String: Int] = Dictionary(
            uniqueKeysWithValues: prompts.map { prompt in
                switch prompt {
                case "Scene 01", "Scene 02", "Scene 03", "Scene 06", "Scene 07": (prompt, 2)
                case "Scene 04", "Scene 05": (prompt, 3)
                default: (prompt, 1)
                }
            })
        #expect(asked == expected)
        #expect(elapsed >= 1.0, "the 429s' retry-after of 1 s was not waited for (the batch took \(elapsed) s)")

        // The report: one failure, for prompt 8, with the server's message and code.
        let lines = try events(result.stdout)
        let failures = lines.filter { $0["event"] as? String == "failure" }
        #expect(failures.count == 1, "\(failures)")
        let failure = try #require(failures.first)
        #expect(failure["prompt"] as? Int == 8)
        let message = try #require(failure["error"] as? String)
        #expect(message.contains(Self.moderationMessage), "\(message)")
        #expect(message.contains("moderation_blocked"), "\(message)")
        // The truncated image was announced as asked for again.
        #expect(lines.contains { $0["event"] as? String == "retry" && $0["prompt"] as? Int == 7 })

        // Nineteen images reported written; the wrong-size one flagged with both sizes.
        let images = lines.filter { $0["event"] as? String == "image" }
        #expect(images.count == 19)
        #expect(Set(images.compactMap { $0["prompt"] as? Int }) == Set((1...20).filter { $0 != 8 }))
        for image in images {
            let warnings = image["warnings"] as? [String] ?? []
            if image["prompt"] as? Int == 9 {
                #expect(warnings.contains { $0.contains("1024x1024") && $0.contains("1024x1536") }, "\(warnings)")
                #expect(image["width"] as? Int == 1024 && image["height"] as? Int == 1024)
            } else {
                #expect(warnings.isEmpty, "prompt \(image["prompt"] ?? "?"): \(warnings)")
            }
        }

        // The summary says exactly which prompt failed and why.
        let summary = try #require(lines.last)
        #expect(summary["event"] as? String == "summary")
        #expect(summary["succeeded"] as? Int == 19 && summary["total"] as? Int == 20)
        #expect(summary["failedPrompts"] as? [Int] == [8])
        let reasons = try #require(summary["failures"] as? [[String: Any]], "the summary gives no reasons: \(summary)")
        #expect(reasons.count == 1)
        #expect(reasons.first?["prompt"] as? Int == 8)
        #expect((reasons.first?["error"] as? String)?.contains(Self.moderationMessage) == true)

        // On disk: exactly the 19 images and the manifest, nothing half-written.
        let batch = "scene-01-scene-02-scene-03-and-17-more"
        let expectedFiles = ((1...20).filter { $0 != 8 }.map { String(format: "\(batch)/%02d_scene-%02d.png", $0, $0) }
            + ["\(batch)/manifest.jsonl"]).sorted()
        #expect(ToolRunner.files(under: folder) == expectedFiles)

        // The manifest: every prompt once; 19 done with matching SHA-256s, the wrong size
        // flagged with both sizes, prompt 8 failed with the server's message.
        let records = try Manifest.records(at: folder.appendingPathComponent("\(batch)/manifest.jsonl"))
        #expect(records.count == 20)
        #expect(Set(records.compactMap { $0["outputName"] as? String }).count == 20)
        for record in records {
            let name = record["outputName"] as? String ?? "?"
            if name == "08_scene-08" {
                #expect(record["status"] as? String == "failed")
                #expect((record["error"] as? String)?.contains(Self.moderationMessage) == true, "\(record)")
                #expect((record["files"] as? [Any])?.isEmpty ?? true)
                continue
            }
            #expect(record["status"] as? String == "done", "\(name): \(record)")
            let file = try #require((record["files"] as? [[String: Any]])?.first, "\(name) records no file")
            let path = try #require(file["path"] as? String)
            #expect(try sha256(URL(fileURLWithPath: path)) == file["sha256"] as? String, "\(name)")
            _ = try ImageDecoder.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
            let warnings = record["warnings"] as? [String] ?? []
            if name == "09_scene-09" {
                #expect(warnings.contains { $0.contains("1024x1024") && $0.contains("1024x1536") }, "\(record)")
                #expect(file["width"] as? Int == 1024 && file["height"] as? Int == 1024)
            } else {
                #expect(warnings.isEmpty, "\(name): \(warnings)")
            }
        }
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("The closing summary names each failed prompt with the reason, in prompt order")
    func summaryGivesReasons() async throws {
        let api = try await LocalAPI.start(faults: [
            Fault(.moderationBlocked, when: .promptContains("forbidden")),
            Fault(
                .status(400, type: "invalid_request_error", code: "content_policy_violation", message: "This prompt breaks the rules.", headers: [:]),
                when: .promptContains("policy")),
        ])
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("fault-summary")
        let result = try await ToolRunner.run(
            ["generate", "A policy breach", "A fine cat", "Something forbidden", "-q", "low", "-s", "1024x1024"], in: folder,
            environment: api.environment)
        #expect(result.status == 1)
        let summary = try #require(
            result.stdout.range(of: "Generated 1/3 images successfully").map { String(result.stdout[$0.lowerBound...]) },
            "\(result.output)")
        let lines = summary.split(separator: "\n").map(String.init)
        #expect(lines.contains("Failed: prompts 1, 3"), "\(summary)")
        let first = try #require(
            lines.firstIndex { $0.contains("A policy breach") && $0.contains("This prompt breaks the rules.") }, "\(summary)")
        let third = try #require(
            lines.firstIndex { $0.contains("Something forbidden") && $0.contains(Self.moderationMessage) }, "\(summary)")
        #expect(first < third)
        #expect(!lines.contains { $0.contains("A fine cat") }, "the prompt that succeeded is not named: \(summary)")
        ToolRunner.expectNoKey(in: result, files: folder)
    }
}
