import Codecs
import Foundation
import LocalImagesServer
import Testing

/// Output folders that cannot take the images, and files that fail after the API answered.
///
/// The tests run as root, for whom permission bits stop nothing, so each failure is made in a
/// way that holds for root too: a regular file where a folder should be (ENOTDIR), a folder of
/// a file system that creates no files (/proc), a file-size limit on the tool's process
/// (EFBIG: what a full disk looks like to a writer), and a folder squatting a file's name.
@Suite("gptimg: output folders that fail")
struct OutputFolderFailureTests {
    /// Runs the tool through `sh` with a file-size limit of `limitBlocks` × 512 bytes and
    /// SIGXFSZ ignored, so writes past the limit fail with EFBIG as on a full disk. Standard
    /// output is a pipe, which the limit does not touch; standard error stays far below it.
    private func runWithFileSizeLimit(
        _ arguments: [String], limitBlocks: Int, in folder: URL, environment: [String: String]
    ) async throws -> ToolRunner.Result {
        let executable = try ToolRunner.executableURL().path
        var env = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "NO_COLOR": "1"]
        env.merge(environment) { _, new in new }
        let fullEnvironment = env
        let script = "trap '' XFSZ; ulimit -f \(limitBlocks); exec \"$0\" \"$@\""
        return try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let errorURL = folder.deletingLastPathComponent().appendingPathComponent("stderr-\(UUID().uuidString)")
                    try Data().write(to: errorURL)
                    defer { try? FileManager.default.removeItem(at: errorURL) }
                    let errorHandle = try FileHandle(forWritingTo: errorURL)
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: "/bin/sh")
                    process.arguments = ["-c", script, executable] + arguments
                    process.currentDirectoryURL = folder
                    process.environment = fullEnvironment
                    let output = Pipe()
                    process.standardOutput = output
                    process.standardError = errorHandle
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    let outputData = output.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    try errorHandle.close()
                    continuation.resume(
                        returning: ToolRunner.Result(
                            status: process.terminationStatus, stdout: String(decoding: outputData, as: UTF8.self),
                            stderr: String(decoding: try Data(contentsOf: errorURL), as: UTF8.self)))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    @Test("An output path through a regular file: a clear error naming the folder, nothing sent, nothing written")
    func outputUnderAFile() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("out-file")
        try Data("a file, not a folder".utf8).write(to: folder.appendingPathComponent("blocker"))
        for prompts in [["A cat"], ["A cat", "A dog"]] {
            let result = try await ToolRunner.run(
                ["generate"] + prompts + ["-q", "low", "-o", "blocker/out"], in: folder, environment: api.environment)
            #expect(result.status == 1, "\(result.output)")
            #expect(result.stderr.contains(folder.appendingPathComponent("blocker/out").path), "\(result.stderr)")
            #expect(result.stderr.contains("\(folder.appendingPathComponent("blocker").path) is a file, not a folder"), "\(result.stderr)")
            #expect(api.server.apiRequests.isEmpty, "images were paid for that could not be written")
            #expect(ToolRunner.files(under: folder) == ["blocker"])
            ToolRunner.expectNoKey(in: result, files: folder)
        }
    }

    @Test("process and mask name the file that stands where their output folder should be")
    func processAndMaskUnderAFile() async throws {
        let folder = try ToolRunner.temporaryFolder("out-file-local")
        try Data("a file, not a folder".utf8).write(to: folder.appendingPathComponent("blocker"))
        let blocker = folder.appendingPathComponent("blocker").path
        let process = try await ToolRunner.run(["process", Fixtures.url("logo.png").path, "-o", "blocker/out"], in: folder)
        #expect(process.status == 1, "\(process.output)")
        #expect(process.stderr.contains("\(blocker)/out") && process.stderr.contains("\(blocker) is a file, not a folder"), "\(process.stderr)")
        let mask = try await ToolRunner.run(["mask", Fixtures.url("mask.png").path, "-o", "blocker/mask.png"], in: folder)
        #expect(mask.status == 1, "\(mask.output)")
        #expect(mask.stderr.contains("\(blocker) is a file, not a folder"), "\(mask.stderr)")
        // A folder that takes no files is not a name clash: --overwrite would not help.
        let proc = try await ToolRunner.run(["mask", Fixtures.url("mask.png").path, "-o", "/proc/self/mask.png"], in: folder)
        #expect(proc.status == 1, "\(proc.output)")
        #expect(proc.stderr.contains("/proc/self") && !proc.stderr.contains("--overwrite"), "\(proc.stderr)")
        #expect(ToolRunner.files(under: folder) == ["blocker"])
    }

    @Test("An existing folder where no file can be created: refused before anything is paid for, naming the folder")
    func folderThatCreatesNothing() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("out-proc")
        // /proc/self exists and is a folder, yet no file can be made in it, even by root.
        let result = try await ToolRunner.run(["generate", "A cat", "-q", "low", "-o", "/proc/self"], in: folder, environment: api.environment)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("/proc/self"), "\(result.stderr)")
        #expect(api.server.apiRequests.isEmpty, "an image was paid for that could not be written")
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("A full disk: the image reported not written with the folder named, nothing more sent, the manifest says which, no partial file")
    func fullDisk() async throws {
        // Noise images are megabytes; the limit of 1 MiB lets the manifest through but no image.
        // Each answer takes 2 s, so the first failed write is known before the second answer
        // arrives even on a loaded machine.
        let api = LocalAPI(
            server: try await LocalImagesServer.start(
                LocalImagesServer.Configuration(apiKey: ToolRunner.fakeAPIKey, responseDelay: .seconds(2), imageContent: .noise)))
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("out-full")
        let prompts = ["A cat", "A dog", "A cow", "A hen"]
        let result = try await runWithFileSizeLimit(
            ["generate"] + prompts + ["-q", "low", "-s", "1024x1024", "-o", "out", "-w", "1"], limitBlocks: 2048, in: folder,
            environment: api.environment)
        #expect(result.status == 1, "\(result.output)")
        let batch = folder.appendingPathComponent("out/a-cat-a-dog-a-cow-and-1-more")
        #expect(result.stderr.contains(batch.path), "the folder is named: \(result.stderr)")
        #expect(result.stderr.contains("File too large"), "the system's reason is given: \(result.stderr)")
        #expect(!result.output.contains("NSCocoaErrorDomain"), "the reason is in words: \(result.output)")
        #expect(result.stdout.contains("Generated 0/4 images successfully"), "\(result.stdout)")
        // Once an image could not be written, no more images are paid for: the request in flight
        // when the first write failed is cancelled, and no other is sent.
        #expect(api.server.apiRequests.count <= 2, "\(api.prompts)")
        // Nothing claims to be an image: no image file, no temporary file.
        #expect(ToolRunner.files(under: folder) == ["out/a-cat-a-dog-a-cow-and-1-more/manifest.jsonl"])
        let records = try Manifest.records(at: batch.appendingPathComponent("manifest.jsonl"))
        #expect(records.compactMap { $0["outputName"] as? String }.sorted() == ["01_a-cat", "02_a-dog", "03_a-cow", "04_a-hen"])
        var stopped = 0
        for record in records {
            #expect(record["status"] as? String == "failed")
            let error = record["error"] as? String ?? ""
            #expect(error.contains("File too large"), "\(record)")
            if error.contains("stopped:") && error.contains("takes no more images") { stopped += 1 }
            #expect((record["files"] as? [Any])?.isEmpty ?? true)
        }
        // One answer arrived and could not be written; the other three were never answered.
        #expect(stopped == 3)
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("A thumbnail name already taken: refused before sending, as the image's own name is")
    func takenThumbnailNameRefusedFirst() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("thumb-taken")
        try Data("an old thumbnail".utf8).write(to: folder.appendingPathComponent("a-cat.thumb.png"))
        let result = try await ToolRunner.run(
            ["generate", "A cat", "-q", "low", "-s", "1024x1024", "--thumbnail", "64"], in: folder, environment: api.environment)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains("a-cat.thumb.png"), "\(result.stderr)")
        #expect(api.server.apiRequests.isEmpty, "an image was paid for that the tool would then refuse to write")
        #expect(try Data(contentsOf: folder.appendingPathComponent("a-cat.thumb.png")) == Data("an old thumbnail".utf8))
    }

    @Test("A thumbnail that cannot be written never costs the image: it is written and recorded, the thumbnail flagged")
    func thumbnailFailureKeepsImage() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("thumb-fails")
        // A folder squats the thumbnail's name: no rename can replace it, even for root.
        let squatter = folder.appendingPathComponent("a-cat.thumb.png")
        try FileManager.default.createDirectory(at: squatter, withIntermediateDirectories: true)
        try Data("keep".utf8).write(to: squatter.appendingPathComponent("inside.txt"))
        let result = try await ToolRunner.run(
            ["generate", "A cat", "-q", "low", "-s", "1024x1024", "--thumbnail", "64", "--overwrite"], in: folder,
            environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("a-cat.thumb.png"), "the thumbnail's failure is reported: \(result.output)")
        #expect(result.stdout.contains("Generated 1/1 images successfully"), "\(result.stdout)")
        let image = folder.appendingPathComponent("a-cat.png")
        let decoded = try ImageDecoder.decode(try Data(contentsOf: image))
        #expect(decoded.pixels.width == 1024)
        let records = try Manifest.records(at: folder.appendingPathComponent("manifest.jsonl"))
        let record = try #require(records.first)
        #expect(record["status"] as? String == "done", "\(record)")
        let files = try #require(record["files"] as? [[String: Any]])
        #expect(files.compactMap { $0["path"] as? String } == [image.path])
        #expect((record["warnings"] as? [String])?.contains { $0.contains("a-cat.thumb.png") } == true, "\(record)")
        #expect(ToolRunner.files(under: folder) == ["a-cat.png", "a-cat.thumb.png/inside.txt", "manifest.jsonl"])
    }

    @Test("Standard output on a full device: the batch still writes every image and its manifest")
    func fullStandardOutput() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("stdout-full")
        let executable = try ToolRunner.executableURL()
        let environment = ["PATH": "/usr/bin:/bin", "HOME": folder.path, "NO_COLOR": "1"].merging(api.environment) { _, new in new }
        let status: (Int32, Process.TerminationReason) = try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread {
                do {
                    let process = Process()
                    process.executableURL = executable
                    process.arguments = ["generate", "A cat", "A dog", "-q", "low", "-s", "1024x1024"]
                    process.currentDirectoryURL = folder
                    process.environment = environment
                    process.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
                    process.standardError = try FileHandle(forWritingTo: URL(fileURLWithPath: "/dev/full"))
                    process.standardInput = FileHandle.nullDevice
                    try process.run()
                    process.waitUntilExit()
                    continuation.resume(returning: (process.terminationStatus, process.terminationReason))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
        #expect(status.1 == .exit, "the tool died of signal \(status.0) when its output could not be written")
        #expect(
            ToolRunner.files(under: folder) == ["a-cat-a-dog/01_a-cat.png", "a-cat-a-dog/02_a-dog.png", "a-cat-a-dog/manifest.jsonl"])
    }
}
