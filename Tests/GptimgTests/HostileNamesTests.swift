import Crypto
import Foundation
import LocalImagesServer
import Pipeline
import Testing

@testable import gptimg

/// Prompts that try to steer file names: separators, `..`, NUL and control characters, a
/// 10 000-character prompt, emoji only, zalgo text, bidi overrides, reserved names. Whatever
/// the prompt, every file lands inside the output folder under a plain, short, visible name,
/// and it is the name announced beforehand.
@Suite("gptimg: hostile prompts make safe file names")
struct HostileNamesTests {
    static let hostilePrompts: [String] = [
        "../../etc/passwd",
        "a/b\\c/../../d",
        "..",
        ".",
        "-",
        "CON",
        "manifest",
        "nul\u{0}byte",
        "tab\tnew\nline\rcarriage\u{1B}[31mred\u{7}bell\u{8}\u{7F}",
        String(repeating: "word ", count: 1_999) + "words",
        "🌅🌅🌅",
        "👨‍👩‍👧 1️⃣ #️⃣ 🇫🇷",
        String(repeating: "Z" + String(repeating: "\u{0336}\u{0322}\u{031B}", count: 12), count: 60),
        "\u{202E}gnp.exe\u{202C} invoice",
        ".hidden file",
        String(repeating: "𝐀𝐁𝐂", count: 30),
        "Ⓜ ℹ metro",
        "~/home $HOME `rm -rf` *?",
        "C:\\Windows\\aux.txt",
        "contact sheet",
    ]

    /// A name is plain when it is short, visible, not hidden, not `.` or `..`, and made only of
    /// letters and digits of any script, `-`, `_` and `.`.
    static func problem(with name: String) -> String? {
        if name.utf8.count > 255 { return "longer than 255 bytes" }
        if name.isEmpty || name == "." || name == ".." { return "a reserved path" }
        if name.hasPrefix(".") || name.hasPrefix("-") { return "starts with \(name.first!)" }
        for scalar in name.unicodeScalars {
            let ok: Bool
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter, .decimalNumber,
                .letterNumber, .otherNumber, .nonspacingMark, .spacingMark:
                ok = !(scalar.properties.isEmoji && !scalar.isASCII)
            default:
                ok = scalar == "-" || scalar == "_" || scalar == "."
            }
            if !ok { return "holds U+\(String(scalar.value, radix: 16, uppercase: true))" }
        }
        return nil
    }

    /// Text for a message, every scalar beyond ASCII escaped, the first 120 of them.
    static func escaped(_ text: String) -> String {
        String(text.unicodeScalars.prefix(120).map { $0.escaped(asASCII: true) }.joined())
    }

    private func promptsFile(_ prompts: [String], in folder: URL) throws -> URL {
        let lines = try prompts.map { prompt in
            String(decoding: try JSONSerialization.data(withJSONObject: ["prompt": prompt]), as: UTF8.self)
        }
        let url = folder.appendingPathComponent("prompts.jsonl")
        try Data((lines.joined(separator: "\n") + "\n").utf8).write(to: url)
        return url
    }

    @Test("Twenty hostile prompts from a .jsonl file: safe names inside the output folder, exactly those announced by --dry-run")
    func hostileBatch() async throws {
        let prompts = Self.hostilePrompts
        #expect(prompts.count == 20)
        // One of them fails, so its text is printed: without its control characters.
        let api = try await LocalAPI.start(faults: [Fault(.moderationBlocked, when: .promptContains("carriage"))])
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("hostile")
        let file = try promptsFile(prompts, in: folder)
        let common = ["generate", "--prompts-file", file.path, "-q", "low", "-s", "1024x1024", "-o", "out"]

        let dry = try await ToolRunner.run(common + ["--dry-run", "--json"], in: folder, environment: api.environment)
        #expect(dry.status == 0, "\(dry.output)")
        let announced = dry.stdout.split(separator: "\n").flatMap { line -> [String] in
            guard let event = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                event["event"] as? String == "request"
            else { return [] }
            return event["files"] as? [String] ?? []
        }
        #expect(announced.count == 20)

        let result = try await ToolRunner.run(common, in: folder, environment: api.environment)
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stdout.contains("Generated 19/20 images successfully"), "\(result.stdout)")
        // Every prompt went to the API whole, NUL and all.
        #expect(Set(api.prompts).symmetricDifference(prompts).map(\.debugDescription).sorted() == [])

        // Walk everything under the test's folder: only the prompts file and the output folder.
        let files = ToolRunner.files(under: folder)
        let outside = files.filter { !$0.hasPrefix("out/") && $0 != "prompts.jsonl" }
        #expect(outside.isEmpty, "written outside the output folder: \(outside)")
        var folders = Set<String>()
        for path in files where path.hasPrefix("out/") {
            let components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            #expect(components.count == 3, "not directly in the batch folder: \(path)")
            folders.insert(components[1])
            for component in components.dropFirst() {
                if let problem = Self.problem(with: component) {
                    Issue.record("the name \(Self.escaped(component)) is \(problem)")
                }
            }
        }
        #expect(folders.count == 1, "\(folders)")
        // The files written are exactly the 19 images announced.
        let batch = try #require(folders.first)
        let images = files.filter { $0.hasPrefix("out/") && $0.hasSuffix(".png") }
        let expected = announced.filter { !$0.hasPrefix("out/\(batch)/09_") }
        #expect(images.sorted() == expected.sorted(), "written \(images) but announced \(announced)")
        #expect(files.contains("out/\(batch)/manifest.jsonl"))
        let numbers = images.map { String($0.dropFirst("out/\(batch)/".count).prefix(3)) }
        #expect(Set(numbers).count == 19, "two prompts share a name: \(images)")

        // Nothing printed carries a control character (it would drive the terminal).
        for (stream, text) in [("standard output", result.stdout), ("standard error", result.stderr)] {
            let controls = text.unicodeScalars.filter { $0.properties.generalCategory == .control && $0 != "\n" }
            #expect(controls.isEmpty, "\(stream) prints \(controls.map { "U+\(String($0.value, radix: 16))" })")
        }
        #expect(result.stderr.contains("prompt 9"), "the failed prompt is named: \(result.stderr)")
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("Each hostile prompt's names are plain, and the writer keeps them as they are")
    func namesSurviveTheWriter() {
        for prompt in Self.hostilePrompts {
            let stem = FileNaming.imageStem(prompt: prompt, promptNumber: 20, promptCount: 20, imageNumber: 10, imageCount: 10)
            let folder = FileNaming.batchFolderName(for: [prompt, prompt, prompt] + Array(repeating: "x", count: 17))
            for name in [stem, stem + ".thumb.webp", folder] {
                #expect(Self.problem(with: name) == nil, "\(Self.escaped(prompt)) makes \(Self.escaped(name))")
            }
            #expect(SafeFileName.sanitize(stem) == stem, "the writer would rename \(Self.escaped(stem)) to \(Self.escaped(SafeFileName.sanitize(stem)))")
        }
    }

    @Test(
        "A single prompt that is a reserved or empty name writes a plain name",
        arguments: [
            (".", "image.png"), ("..", "image.png"), ("-", "image.png"), ("🌅🌅", "image.png"), ("CON", "con.png"),
            ("manifest", "manifest.png"), ("/", "image.png"), ("\u{0}\u{1}\u{2}", "image.png"),
        ])
    func singleReservedName(prompt: String, name: String) async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("reserved")
        let file = try promptsFile([prompt], in: folder)
        let result = try await ToolRunner.run(
            ["generate", "--prompts-file", file.path, "-q", "low", "-s", "1024x1024", "-o", "out"], in: folder,
            environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(ToolRunner.files(under: folder) == ["out/\(name)", "out/manifest.jsonl", "prompts.jsonl"].sorted())
    }

    @Test("Three prompts of zalgo text: the batch folder's name still fits the file system, and every image is written")
    func zalgoBatchFolder() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("zalgo")
        let zalgo = { (word: String) in word.map { String($0) + String(repeating: "\u{0336}\u{0322}\u{031B}", count: 12) }.joined() }
        let result = try await ToolRunner.run(
            ["generate", zalgo("storm clouds over"), zalgo("the harbour at"), zalgo("midnight quietly"), "-q", "low", "-s", "1024x1024"],
            in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        let files = ToolRunner.files(under: folder)
        #expect(files.count == 4, "\(files.map(Self.escaped))")
        for path in files {
            for component in path.split(separator: "/").map(String.init) {
                #expect(Self.problem(with: component) == nil, "\(Self.escaped(component))")
            }
        }
    }

    @Test("process: input files with hostile names give plain output names and print no control character")
    func hostileInputFileNames() async throws {
        let folder = try ToolRunner.temporaryFolder("hostile-files")
        let inputs = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: inputs, withIntermediateDirectories: true)
        let logo = try Data(contentsOf: Fixtures.url("logo.png"))
        let names = ["a\nb.png", "\u{1B}[2Jred.png", "-rf.png", "CON.png", "\u{202E}gnp.exe.png", "tab\there.png"]
        for name in names { try logo.write(to: inputs.appendingPathComponent(name)) }
        let result = try await ToolRunner.run(["process", "in", "-o", "out"], in: folder)
        #expect(result.status == 0, "\(Self.escaped(result.output))")
        let written = ToolRunner.files(under: folder).filter { $0.hasPrefix("out/") }
        #expect(written.count == names.count, "\(written.map(Self.escaped))")
        for path in written {
            let name = String(path.dropFirst("out/".count))
            #expect(Self.problem(with: name) == nil, "\(Self.escaped(name))")
        }
        for (stream, text) in [("standard output", result.stdout), ("standard error", result.stderr)] {
            let controls = text.unicodeScalars.filter {
                ($0.properties.generalCategory == .control && $0 != "\n") || (0x202A...0x202E).contains($0.value)
            }
            #expect(controls.isEmpty, "\(stream) prints \(controls.map { "U+\(String($0.value, radix: 16))" })")
        }
    }

    @Test("A prompt named like the contact sheet: the image keeps its name, the sheet does not overwrite it")
    func contactSheetNameClash() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("sheet-clash")
        let result = try await ToolRunner.run(
            ["generate", "Contact sheet", "-q", "low", "-s", "1024x1024", "--contact-sheet"], in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        let records = try Manifest.records(at: folder.appendingPathComponent("manifest.jsonl"))
        let file = try #require((records.first?["files"] as? [[String: Any]])?.first)
        let path = try #require(file["path"] as? String)
        #expect(URL(fileURLWithPath: path).lastPathComponent == "contact-sheet.png")
        let digest = SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: path))).map { String(format: "%02x", $0) }.joined()
        #expect(digest == file["sha256"] as? String, "the image was overwritten by the contact sheet")
        let files = ToolRunner.files(under: folder)
        #expect(files.count == 3, "the image, a contact sheet beside it and the manifest: \(files)")
    }
}
