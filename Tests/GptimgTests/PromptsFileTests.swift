import ArgumentParser
import Foundation
import Testing

@testable import gptimg

@Suite("Prompts files")
struct PromptsFileTests {
    private func temporaryFile(_ name: String, _ contents: String) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gptimg-prompts-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let url = folder.appendingPathComponent(name)
        try Data(contents.utf8).write(to: url)
        return url
    }

    @Test("A .txt file holds a prompt per line; blank lines are skipped")
    func textLines() throws {
        let url = try temporaryFile("prompts.txt", "A sunset over mountains\n\n  A futuristic city at night  \r\nA serene lake\n")
        let entries = try PromptsFile.read(path: url.path)
        #expect(entries.map(\.text) == ["A sunset over mountains", "A futuristic city at night", "A serene lake"])
        #expect(entries[1].origin == "line 3 of prompts.txt")
    }

    @Test("A .jsonl file holds objects with a prompt and per-prompt overrides")
    func jsonLines() throws {
        let url = try temporaryFile(
            "batch.jsonl",
            """
            {"prompt": "A logo", "background": "transparent", "size": "1024x1024", "n": 2}
            {"prompt": "A poster", "output_format": "jpeg", "output_compression": 70, "quality": "high"}

            """)
        let entries = try PromptsFile.read(path: url.path)
        #expect(entries.count == 2)
        #expect(entries[0].overrides.background == "transparent")
        #expect(entries[0].overrides.imageCount == 2)
        #expect(entries[1].overrides.format == "jpeg")
        #expect(entries[1].overrides.compression == 70)

        var base = ImageSettings(model: "gpt-image-1-mini")
        base.format = .png
        let logo = try entries[0].settings(base: base)
        #expect(logo.wantsTransparency && logo.imageCount == 2 && logo.size == .pixels(width: 1024, height: 1024))
        let poster = try entries[1].settings(base: base)
        #expect(poster.format == .jpeg && poster.compression == 70 && poster.quality == "high")
    }

    @Test("Unknown keys, wrong types and missing prompts name the line")
    func jsonLineErrors() throws {
        let unknown = try temporaryFile("a.jsonl", "{\"prompt\": \"x\", \"colour\": \"red\"}\n")
        let error1 = #expect(throws: ValidationError.self) { try PromptsFile.read(path: unknown.path) }
        #expect(error1?.message.contains("line 1 of a.jsonl") == true)
        #expect(error1?.message.contains("\"colour\"") == true)

        let wrongType = try temporaryFile("b.jsonl", "{\"prompt\": \"x\"}\n{\"prompt\": \"y\", \"n\": \"two\"}\n")
        let error2 = #expect(throws: ValidationError.self) { try PromptsFile.read(path: wrongType.path) }
        #expect(error2?.message.contains("\"n\" on line 2 of b.jsonl") == true)

        let boolean = try temporaryFile("c.jsonl", "{\"prompt\": \"x\", \"n\": true}\n")
        #expect(throws: ValidationError.self) { try PromptsFile.read(path: boolean.path) }

        let noPrompt = try temporaryFile("d.jsonl", "{\"size\": \"auto\"}\n")
        let error3 = #expect(throws: ValidationError.self) { try PromptsFile.read(path: noPrompt.path) }
        #expect(error3?.message.contains("\"prompt\"") == true)

        let notJSON = try temporaryFile("e.jsonl", "A plain line\n")
        #expect(throws: ValidationError.self) { try PromptsFile.read(path: notJSON.path) }
    }

    @Test("A per-prompt override is checked like the flag, naming the key and line")
    func overrideValidation() throws {
        let url = try temporaryFile("f.jsonl", "{\"prompt\": \"x\", \"format\": \"jpeg\", \"background\": \"transparent\"}\n")
        let entries = try PromptsFile.read(path: url.path)
        let error = #expect(throws: ValidationError.self) {
            try entries[0].settings(base: ImageSettings(model: "gpt-image-1-mini"))
        }
        #expect(error?.message.contains("transparent") == true)
        #expect(error?.message.contains("line 1 of f.jsonl") == true)

        let badSize = try temporaryFile("g.jsonl", "{\"prompt\": \"x\", \"size\": \"big\"}\n")
        let sizeError = #expect(throws: ValidationError.self) {
            try PromptsFile.read(path: badSize.path)[0].settings(base: ImageSettings(model: "gpt-image-1-mini"))
        }
        #expect(sizeError?.message.contains("\"size\" on line 1 of g.jsonl") == true)
    }

    @Test("A missing file is a usage error naming --prompts-file")
    func missingFile() {
        let error = #expect(throws: ValidationError.self) { try PromptsFile.read(path: "/nonexistent/prompts.txt") }
        #expect(error?.message.contains("--prompts-file") == true)
    }

    @Test("More than 20 prompts in all are refused")
    func tooMany() throws {
        let url = try temporaryFile("many.txt", (1...19).map { "Prompt \($0)" }.joined(separator: "\n"))
        let options = try BatchOptions.parse(["--prompts-file", url.path])
        #expect(try options.collectPrompts(arguments: ["First"]).count == 20)
        let error = #expect(throws: ValidationError.self) { try options.collectPrompts(arguments: ["First", "Second"]) }
        #expect(error?.message.contains("20") == true)
    }
}
