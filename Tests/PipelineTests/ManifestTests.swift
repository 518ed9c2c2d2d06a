import Foundation
import Testing

@testable import Pipeline

@Suite struct ManifestTests {
    func generatedItem(_ index: Int, folder: URL) -> PipelineItem {
        var item = PipelineItem(
            data: Data(), origin: .generated(GenerationOrigin(
                prompt: "A sunset \(index)", index: index, variant: 0, model: "gpt-image-1-mini",
                parameters: ["size": "1024x1024", "quality": "low"])),
            outputName: "a-sunset-\(index)", outputFolder: folder,
            usage: ItemUsage(inputTokens: 10, outputTokens: 272, totalTokens: 282, costUSD: 0.005))
        item.validations = [ValidationResult(check: "dimensions", passed: true, detail: "The image is 1024x1024, as expected.")]
        item.timings = [StageTiming(stage: "decode", seconds: 0.25)]
        return item
    }

    @Test func eachAppendIsOnDiskAsOneLineBeforeItReturns() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("runs/manifest.jsonl")
        let manifest = ManifestWriter(url: url)
        for index in 0..<3 {
            try await manifest.append(generatedItem(index, folder: folder.url))
            // Read through a different descriptor while the writer keeps its file open.
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            #expect(lines.count == index + 1)
        }
        let line = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")[0]
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["status"] as? String == "done")
        let origin = try #require(object["origin"] as? [String: Any])
        #expect(origin["kind"] as? String == "prompt" && origin["prompt"] as? String == "A sunset 0")
        #expect(origin["model"] as? String == "gpt-image-1-mini")
        #expect((origin["parameters"] as? [String: String])?["size"] == "1024x1024")
        #expect((object["usage"] as? [String: Any])?["totalTokens"] as? Int == 282)
        #expect((object["usage"] as? [String: Any])?["costUSD"] as? Double == 0.005)
        #expect((object["timings"] as? [[String: Any]])?.first?["stage"] as? String == "decode")
        await manifest.close()
    }

    @Test func concurrentAppendsNeverInterleave() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("manifest.jsonl")
        let manifest = ManifestWriter(url: url)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<40 {
                let item = generatedItem(index, folder: folder.url)
                group.addTask { try await manifest.append(item) }
            }
            try await group.waitForAll()
        }
        let index = try ManifestIndex(contentsOf: url)
        #expect(index.records.count == 40 && index.unreadableLines.isEmpty)
        #expect(index.completedKeys.count == 40)
    }

    @Test func aLineCutShortByAKillIsSkippedAndLaterRecordsStayReadable() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("manifest.jsonl")
        let first = ManifestWriter(url: url)
        try await first.append(generatedItem(0, folder: folder.url))
        await first.close()
        // A run killed in the middle of writing its second line.
        let handle = try FileHandle(forWritingTo: url)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data(#"{"status":"done","key":"prompt:1:0:A sun"#.utf8))
        try handle.close()

        let resumed = ManifestWriter(url: url)
        try await resumed.append(generatedItem(2, folder: folder.url))
        let index = try ManifestIndex(contentsOf: url)
        #expect(index.records.map(\.origin.resumeKey) == ["prompt:0:0:A sunset 0", "prompt:2:0:A sunset 2"])
        #expect(index.unreadableLines == [2])
    }

    @Test func resumeKnowsWhatIsDoneAndChecksFileHashes() async throws {
        let folder = try TemporaryFolder()
        let url = folder.url.appendingPathComponent("manifest.jsonl")
        let writer = AtomicFileWriter(folder: folder.url)
        let bytes = Data("pretend image".utf8)
        let file = try writer.write(bytes, stem: "a-sunset-0", extension: "png")
        var done = generatedItem(0, folder: folder.url)
        done.files = [WrittenFile(path: file.path, role: .image, format: .png, bytes: bytes.count, width: 1, height: 1, sha256: Stages.Write.sha256(bytes))]
        let manifest = ManifestWriter(url: url)
        try await manifest.append(done)
        try await manifest.append(PipelineFailure(stage: "decode", stageIndex: 0, error: StageError.transparencyMissing, item: generatedItem(1, folder: folder.url)))

        let index = try ManifestIndex(contentsOf: url)
        #expect(index.isDone(done.origin, verifyingFiles: true))
        #expect(!index.isDone(generatedItem(1, folder: folder.url).origin), "a failed item is not done")
        #expect(index.records[1].status == .failed && index.records[1].failedStage == "decode")
        #expect(index.records[1].error == StageError.transparencyMissing.description)
        #expect(index.fileHashes(for: done.origin) == [file.path: Stages.Write.sha256(bytes)])
        #expect(Stages.Write.sha256(Data("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")

        try Data("changed".utf8).write(to: file)
        #expect(index.isDone(done.origin))
        #expect(!index.isDone(done.origin, verifyingFiles: true), "a file changed since is not done")
        #expect(try ManifestIndex(contentsOf: folder.url.appendingPathComponent("none.jsonl")).records.isEmpty)
    }

    @Test func recordManifestStageAppendsTheItem() async throws {
        let folder = try TemporaryFolder()
        let manifest = ManifestWriter(url: folder.url.appendingPathComponent("m.jsonl"))
        _ = try await Stages.RecordManifest(manifest).process(generatedItem(5, folder: folder.url), context: context)
        let index = try ManifestIndex(contentsOf: manifest.url)
        #expect(index.records.first?.usage?.totalTokens == 282)
        #expect(index.records.first?.validations.first?.check == "dimensions")
    }
}
