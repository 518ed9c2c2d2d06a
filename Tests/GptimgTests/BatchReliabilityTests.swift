import Codecs
import Foundation
import LocalImagesServer
import Testing

/// Whole batches under faults, streaming and concurrency, run through the built tool.
@Suite("gptimg batches under faults, end to end")
struct BatchReliabilityTests {
    @Test("Twenty prompts with every fault at once: 19 images on disk, the failure named with the server's message")
    func twentyPromptsWithFaults() async throws {
        let prompts = FaultMix.prompts
        let api = try await LocalAPI.start(faults: FaultMix.faults)
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("faults")
        let result = try await ToolRunner.run(
            ["generate"] + prompts + ["-q", "low", "-s", "1024x1536", "-w", "8"], in: folder, environment: api.environment)
        #expect(result.status == 1)
        let batch = "scene-01-scene-02-scene-03-and-17-more"
        let images = ToolRunner.files(under: folder).filter { $0.hasSuffix(".png") }
        #expect(images.count == 19, "\(images)")
        #expect(!images.contains("\(batch)/08_scene-08.png"))
        #expect(images.contains("\(batch)/09_scene-09.png"), "the wrong-size image is kept")
        #expect(result.stdout.contains("Generated 19/20 images successfully"))
        #expect(result.stdout.contains("Failed: prompt 8"))
        // The closing summary says which prompt failed and why, in the server's words.
        let summary = try #require(result.stdout.components(separatedBy: "Generated 19/20").last)
        #expect(summary.contains("8 \"Scene 08\": ") && summary.contains("moderation_blocked"), "\(summary)")
        #expect(result.stderr.contains("moderation_blocked"))
        #expect(result.output.contains("expected 1024x1536"), "the wrong size is flagged: \(result.output)")
        // Every written image decodes, and the manifest records every prompt.
        for image in images {
            _ = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent(image)))
        }
        let records = try Manifest.records(at: folder.appendingPathComponent("\(batch)/manifest.jsonl"))
        #expect(records.count == 20)
        let wrongSize = try #require(records.first { ($0["outputName"] as? String) == "09_scene-09" })
        #expect((wrongSize["warnings"] as? [String])?.contains { $0.contains("1024x1024") } == true)
        // No temporary file is left behind.
        #expect(ToolRunner.files(under: folder).allSatisfy { $0.hasSuffix(".png") || $0.hasSuffix("manifest.jsonl") })
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("Results are processed as they arrive: a fast prompt is written while a slow one is still being drawn")
    func completionOrder() async throws {
        let api = try await LocalAPI.start(faults: [Fault(.delay(.milliseconds(1500)), when: .promptContains("slow"))])
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("order")
        let result = try await ToolRunner.run(
            ["generate", "A slow painting", "A quick sketch", "-q", "low", "-s", "1024x1024", "--json"], in: folder,
            environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        let written = result.stdout.split(separator: "\n").compactMap { line -> String? in
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                event["event"] as? String == "image"
            else { return nil }
            return event["path"] as? String
        }
        #expect(
            written == ["a-slow-painting-a-quick-sketch/02_a-quick-sketch.png", "a-slow-painting-a-quick-sketch/01_a-slow-painting.png"])
    }

    @Test("--workers bounds the requests in flight")
    func workersBound() async throws {
        let api = try await LocalAPI.start(delay: .milliseconds(200))
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("workers")
        let result = try await ToolRunner.run(
            ["generate"] + (1...6).map { "Prompt \($0)" } + ["-q", "low", "-s", "1024x1024", "-w", "2"], in: folder,
            environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(api.server.maxConcurrentRequests <= 2)
        #expect(api.server.apiRequests.count == 6)
    }

    @Test("--stream --partial-images shows partial images as they arrive and writes the final one")
    func streaming() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("stream")
        let result = try await ToolRunner.run(
            ["generate", "A streamed comet", "--stream", "--partial-images", "2", "-q", "low", "-s", "1024x1024"], in: folder,
            environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("partial image 1"))
        #expect(result.stdout.contains("partial image 2"))
        #expect(ToolRunner.files(under: folder) == ["a-streamed-comet.png", "manifest.jsonl"])
        let sent = try #require(api.server.apiRequests.first)
        let body = try #require(try JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
        #expect(body["stream"] as? Bool == true)
        #expect(body["partial_images"] as? Int == 2)
    }

    @Test("A stream that ends early is asked for again once")
    func streamEndsEarly() async throws {
        let api = try await LocalAPI.start(faults: [Fault(.streamEndsEarly, times: 1)])
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("stream-early")
        let result = try await ToolRunner.run(
            ["generate", "A cut stream", "--stream", "-q", "low", "-s", "1024x1024"], in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stderr.contains("requesting it again"))
        #expect(api.server.apiRequests.count == 2)
        #expect(ToolRunner.files(under: folder).contains("a-cut-stream.png"))
    }
}
