import Codecs
import Crypto
import Foundation
import LocalImagesServer
import Testing

/// `gptimg generate`, run as a user runs it, against the local Images API server.
@Suite("gptimg generate, end to end")
struct GenerateCommandTests {
    private func sha256(_ url: URL) throws -> String {
        SHA256.hash(data: try Data(contentsOf: url)).map { String(format: "%02x", $0) }.joined()
    }

    @Test("The issue's example: the batch folder and NN_ files, exactly, with a manifest of SHA-256s")
    func issueExample() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("example")
        let result = try await ToolRunner.run(
            ["generate", "A sunset over mountains", "A futuristic city at night", "A serene lake with reflections", "-q", "low"],
            in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        let batch = "a-sunset-over-a-futuristic-city-a-serene-lake-with"
        #expect(
            ToolRunner.files(under: folder) == [
                "\(batch)/01_a-sunset-over-mountains.png", "\(batch)/02_a-futuristic-city-at-night.png",
                "\(batch)/03_a-serene-lake-with-reflections.png", "\(batch)/manifest.jsonl",
            ])
        #expect(result.stdout.contains("Generated 3/3 images successfully"))
        #expect(result.stdout.contains("01_a-sunset-over-mountains.png"))
        #expect(result.stdout.contains(" in / "), "tokens in/out are printed per image")
        #expect(result.stdout.contains("cost $"))
        #expect(!result.output.contains("\u{1B}["), "no colours or progress bar when the output is not a terminal")

        // Every image decodes at the default size, and the manifest holds each file's SHA-256.
        let records = try Manifest.records(at: folder.appendingPathComponent("\(batch)/manifest.jsonl"))
        #expect(records.count == 3)
        for record in records {
            let files = try #require(record["files"] as? [[String: Any]])
            let file = try #require(files.first)
            let path = try #require(file["path"] as? String)
            #expect(try sha256(URL(fileURLWithPath: path)) == file["sha256"] as? String)
            let decoded = try ImageDecoder.decode(try Data(contentsOf: URL(fileURLWithPath: path)))
            #expect(decoded.pixels.width == 1024 && decoded.pixels.height == 1536)
        }
        // What was sent: the script's defaults and the model always named.
        #expect(api.server.apiRequests.count == 3)
        for request in api.server.apiRequests {
            let body = try #require(try JSONSerialization.jsonObject(with: request.body) as? [String: Any])
            #expect(body["model"] as? String == "gpt-image-1-mini")
            #expect(body["size"] as? String == "1024x1536")
            #expect(body["quality"] as? String == "low")
            #expect(body["output_compression"] == nil)
        }
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("One prompt writes SLUG.EXT in the output folder; -n 2 adds -1, -2; thumbnails are NAME.thumb.EXT")
    func singlePromptNames() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("single")
        let result = try await ToolRunner.run(
            ["generate", "Café logo: ☕ & croissant!", "-n", "2", "-f", "webp", "-c", "70", "-s", "1024x1024", "-q", "low",
             "--thumbnail", "64", "-o", "out"],
            in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(
            ToolRunner.files(under: folder) == [
                "out/café-logo-croissant-1.thumb.webp", "out/café-logo-croissant-1.webp",
                "out/café-logo-croissant-2.thumb.webp", "out/café-logo-croissant-2.webp", "out/manifest.jsonl",
            ])
        let thumbnail = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("out/café-logo-croissant-1.thumb.webp")))
        #expect(thumbnail.pixels.width == 64 && thumbnail.pixels.height == 64)
        #expect(result.stdout.contains("Generated 2/2 images successfully"))
    }

    @Test("One prompt out of five failing: the others are written, exit 1, the server's reason printed; --resume asks only for it")
    func oneFailureThenResume() async throws {
        let api = try await LocalAPI.start(faults: [Fault(.moderationBlocked, when: .promptContains("forbidden"))])
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("failure")
        let prompts = ["A red apple", "A green pear", "Something forbidden", "A yellow banana", "A purple plum"]
        let arguments = ["generate"] + prompts + ["-q", "low", "-s", "1024x1024", "-w", "3"]
        let first = try await ToolRunner.run(arguments, in: folder, environment: api.environment)
        #expect(first.status == 1)
        #expect(first.output.contains("rejected as a result of our safety system"), "\(first.output)")
        #expect(first.output.contains("Generated 4/5 images successfully"))
        let batch = "a-red-apple-a-green-pear-something-forbidden-and-2-more"
        #expect(
            ToolRunner.files(under: folder) == [
                "\(batch)/01_a-red-apple.png", "\(batch)/02_a-green-pear.png", "\(batch)/04_a-yellow-banana.png",
                "\(batch)/05_a-purple-plum.png", "\(batch)/manifest.jsonl",
            ])
        let records = try Manifest.records(at: folder.appendingPathComponent("\(batch)/manifest.jsonl"))
        #expect(records.filter { $0["status"] as? String == "failed" }.count == 1)
        ToolRunner.expectNoKey(in: first, files: folder)

        // The server is fine now; --resume asks for the failed prompt only.
        api.server.clearFaults()
        let before = api.server.apiRequests.count
        let second = try await ToolRunner.run(arguments + ["--resume"], in: folder, environment: api.environment)
        #expect(second.status == 0, "\(second.output)")
        #expect(Array(api.prompts.dropFirst(before)) == ["Something forbidden"])
        #expect(ToolRunner.files(under: folder).contains("\(batch)/03_something-forbidden.png"))
        #expect(second.stdout.contains("Generated 1/1 images successfully (4 already done)"))

        // A done file that was tampered with is not trusted: it is asked for again.
        try Data("not an image".utf8).write(to: folder.appendingPathComponent("\(batch)/02_a-green-pear.png"))
        let third = try await ToolRunner.run(arguments + ["--resume"], in: folder, environment: api.environment)
        #expect(third.status == 0, "\(third.output)")
        #expect(api.prompts.last == "A green pear")
        #expect(api.prompts.count == before + 2)
    }

    @Test("Without --overwrite or --resume, existing files stop the batch before anything is sent")
    func existingFilesRefused() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("exists")
        try Data("mine".utf8).write(to: folder.appendingPathComponent("a-cat.png"))
        let result = try await ToolRunner.run(["generate", "A cat", "-q", "low"], in: folder, environment: api.environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("a-cat.png already exists"))
        #expect(result.stderr.contains("--overwrite"))
        #expect(api.server.apiRequests.isEmpty)
        #expect(try Data(contentsOf: folder.appendingPathComponent("a-cat.png")) == Data("mine".utf8))

        let again = try await ToolRunner.run(["generate", "A cat", "-q", "low", "--overwrite"], in: folder, environment: api.environment)
        #expect(again.status == 0, "\(again.output)")
        #expect(ImageFormat(sniffing: try Data(contentsOf: folder.appendingPathComponent("a-cat.png"))) == .png)
    }

    @Test("--dry-run checks everything, prints the requests and the estimate, and sends nothing")
    func dryRun() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("dry")
        let result = try await ToolRunner.run(
            ["generate", "A sunset over mountains", "A futuristic city at night", "--dry-run"], in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(api.server.requests.isEmpty)
        #expect(ToolRunner.files(under: folder).isEmpty)
        #expect(result.stdout.contains("\"prompt\":\"A sunset over mountains\""))
        #expect(result.stdout.contains("01_a-sunset-over-mountains.png"))
        // gpt-image-1-mini, 1024x1536 medium: $0.015 an image.
        #expect(result.stdout.contains("Estimated cost: $0.0300 for 2 images"), "\(result.stdout)")
        ToolRunner.expectNoKey(in: result)

        // No key is needed to look.
        let keyless = try await ToolRunner.run(["generate", "A cat", "--dry-run"], in: folder)
        #expect(keyless.status == 0, "\(keyless.output)")
    }

    @Test("--max-cost refuses a batch whose estimate exceeds it, sending nothing")
    func maxCost() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("cost")
        let result = try await ToolRunner.run(
            ["generate", "One", "Two", "Three", "-q", "high", "--max-cost", "0.10"], in: folder, environment: api.environment)
        #expect(result.status == 1)
        #expect(result.output.contains("exceeds --max-cost $0.1000"), "\(result.output)")
        #expect(api.server.requests.isEmpty)
        #expect(ToolRunner.files(under: folder).isEmpty)

        // A dry run says so too.
        let dry = try await ToolRunner.run(
            ["generate", "One", "Two", "Three", "-q", "high", "--max-cost", "0.10", "--dry-run"], in: folder,
            environment: api.environment)
        #expect(dry.status == 1)
        #expect(dry.output.contains("exceeds --max-cost"))
        #expect(api.server.requests.isEmpty)

        let cheap = try await ToolRunner.run(
            ["generate", "One", "-q", "low", "--max-cost", "0.10"], in: folder, environment: api.environment)
        #expect(cheap.status == 0, "\(cheap.output)")
        #expect(api.server.apiRequests.count == 1)
    }

    @Test(
        "Usage errors exit 64 and name the flag, before anything is sent",
        arguments: [
            (["generate", "x", "-c", "140", "-f", "jpeg"], "--compression"),
            (["generate", "x", "-b", "transparent", "-f", "jpeg"], "--background transparent needs --format png or webp"),
            (["generate", "x", "-w", "0"], "--workers must be 1–20"),
            (["generate", "x", "-s", "4096x4096"], "--size"),
            (["generate", "x", "--bogus"], "--bogus"),
            (["generate"] + (1...21).map { "Prompt \($0)" }, "At most 20 prompts"),
        ] as [([String], String)])
    func usageErrors(arguments: [String], flag: String) async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("usage")
        let result = try await ToolRunner.run(arguments, in: folder, environment: api.environment)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains(flag), "\(result.stderr)")
        #expect(api.server.requests.isEmpty)
        #expect(ToolRunner.files(under: folder).isEmpty)
    }

    @Test("An image that arrives truncated is asked for again once; the second one is written")
    func truncatedImageRequestedAgain() async throws {
        let api = try await LocalAPI.start(faults: [Fault(.truncatedBase64, when: .promptContains("glitch"), times: 1)])
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("truncated")
        let result = try await ToolRunner.run(
            ["generate", "A glitch in the sky", "A calm sea", "-q", "low", "-s", "1024x1024"], in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("requesting it again"))
        #expect(api.prompts.filter { $0 == "A glitch in the sky" }.count == 2)
        #expect(ToolRunner.files(under: folder).contains("a-glitch-in-the-sky-a-calm-sea/01_a-glitch-in-the-sky.png"))
    }

    @Test("An image of the wrong size is kept, and flagged in the output and the manifest with both sizes")
    func wrongSizeKeptAndFlagged() async throws {
        let api = try await LocalAPI.start(faults: [Fault(.wrongSize(width: 1024, height: 1024), when: .promptContains("odd"))])
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("wrongsize")
        let result = try await ToolRunner.run(
            ["generate", "An odd one", "-q", "low", "-s", "1536x1024"], in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("an-odd-one.png").path))
        #expect(result.output.contains("1536x1024") && result.output.contains("1024x1024"), "\(result.output)")
        let manifest = try String(contentsOf: folder.appendingPathComponent("manifest.jsonl"), encoding: .utf8)
        #expect(manifest.contains("1536x1024") && manifest.contains("1024x1024"))

        let strict = try await ToolRunner.run(
            ["generate", "An odd one", "-q", "low", "-s", "1536x1024", "--strict", "--overwrite"], in: folder,
            environment: api.environment)
        #expect(strict.status == 1, "\(strict.output)")
        #expect(FileManager.default.fileExists(atPath: folder.appendingPathComponent("an-odd-one.png").path))
    }

    @Test("A transparent logo: the background is asked for, the transparency checked, --json prints one object per event")
    func transparentLogoAsJSON() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("logo")
        let result = try await ToolRunner.run(
            ["generate", "A fox logo", "-b", "transparent", "-s", "1024x1024", "-q", "low", "--json", "--contact-sheet",
             "--thumbnail", "100", "--thumbnail-format", "jpeg"],
            in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        let events = try result.stdout.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        }
        #expect(events.first?["event"] as? String == "header")
        #expect(events.last?["event"] as? String == "summary")
        let image = try #require(events.first { $0["event"] as? String == "image" })
        #expect(image["path"] as? String == "a-fox-logo.png")
        #expect((image["warnings"] as? [Any])?.isEmpty == true)
        #expect(image["inputTokens"] is Int && image["outputTokens"] is Int)
        let decoded = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("a-fox-logo.png")))
        #expect(decoded.pixels.hasTransparency)
        #expect(
            ToolRunner.files(under: folder) == ["a-fox-logo.png", "a-fox-logo.thumb.jpeg", "contact-sheet.png", "manifest.jsonl"])
        let thumbnail = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("a-fox-logo.thumb.jpeg")))
        #expect(thumbnail.info.format == .jpeg && thumbnail.pixels.width == 100)
        // The transparent corner is flattened onto white in the JPEG thumbnail, never black.
        #expect(thumbnail.pixels[0, 0].r > 240 && thumbnail.pixels[0, 0].g > 240)
        let sent = try #require(api.server.apiRequests.first)
        let body = try #require(try JSONSerialization.jsonObject(with: sent.body) as? [String: Any])
        #expect(body["background"] as? String == "transparent")
    }

    @Test("A prompts file: .jsonl with per-prompt overrides, read from standard input")
    func promptsFileFromStandardInput() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("jsonl")
        let lines = """
            {"prompt": "A poster", "format": "jpeg", "compression": 60}
            {"prompt": "A sticker", "background": "transparent", "size": "1024x1024"}
            """
        let result = try await ToolRunner.run(
            ["generate", "--prompts-file", "-", "-q", "low"], in: folder, environment: api.environment, input: Data(lines.utf8))
        #expect(result.status == 0, "\(result.output)")
        #expect(
            ToolRunner.files(under: folder) == [
                "a-poster-a-sticker/01_a-poster.jpeg", "a-poster-a-sticker/02_a-sticker.png", "a-poster-a-sticker/manifest.jsonl",
            ])
    }

    @Test("A rejected key: the server's message is printed, the key itself never is")
    func keyNeverPrinted() async throws {
        let api = try await LocalAPI.start(apiKey: "sk-the.server-expects.another-key")
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("key")
        let result = try await ToolRunner.run(
            ["generate", "A cat", "A dog", "-q", "low", "--json"], in: folder, environment: api.environment)
        #expect(result.status == 1)
        #expect(result.output.contains("401") || result.output.lowercased().contains("api key"), "\(result.output)")
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("Without OPENAI_API_KEY nothing is sent and the message says which variable to set")
    func missingKey() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("nokey")
        let result = try await ToolRunner.run(
            ["generate", "A cat"], in: folder, environment: ["OPENAI_BASE_URL": api.server.baseURL.absoluteString])
        #expect(result.status == 1)
        #expect(result.stderr.contains("OPENAI_API_KEY"), "\(result.stderr)")
        #expect(api.server.requests.isEmpty)
        #expect(ToolRunner.files(under: folder).isEmpty)
    }

    @Test("--resume with -n 2 and one image damaged asks for that one image only, keeping the other")
    func resumeOneVariant() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("variant")
        let arguments = ["generate", "Twin towers of cheese", "-n", "2", "-q", "low", "-s", "1024x1024"]
        let first = try await ToolRunner.run(arguments, in: folder, environment: api.environment)
        #expect(first.status == 0, "\(first.output)")
        let kept = folder.appendingPathComponent("twin-towers-of-cheese-1.png")
        let damaged = folder.appendingPathComponent("twin-towers-of-cheese-2.png")
        let keptBytes = try Data(contentsOf: kept)
        try Data("truncated".utf8).write(to: damaged)

        let second = try await ToolRunner.run(arguments + ["--resume"], in: folder, environment: api.environment)
        #expect(second.status == 0, "\(second.output)")
        #expect(second.stdout.contains("Generated 1/1 images successfully (1 already done)"), "\(second.stdout)")
        let resent = try #require(api.server.apiRequests.last)
        let body = try #require(try JSONSerialization.jsonObject(with: resent.body) as? [String: Any])
        #expect(body["n"] as? Int == 1)
        #expect(try Data(contentsOf: kept) == keptBytes)
        #expect(ImageFormat(sniffing: try Data(contentsOf: damaged)) == .png)
    }

    @Test("An output folder that cannot be created is a clear error naming it, before anything is sent")
    func outputFolderCannotBeCreated() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("unwritable")
        try Data("a file, not a folder".utf8).write(to: folder.appendingPathComponent("taken"))
        let result = try await ToolRunner.run(
            ["generate", "A cat", "-q", "low", "-o", "taken/renders"], in: folder, environment: api.environment)
        #expect(result.status == 1)
        #expect(result.stderr.contains("taken/renders"), "\(result.stderr)")
        #expect(api.server.requests.isEmpty)
    }
}
