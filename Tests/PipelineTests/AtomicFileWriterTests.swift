import Foundation
import Testing

@testable import Pipeline

@Suite struct AtomicFileWriterTests {
    @Test func writesTheBytesAndLeavesNothingElse() throws {
        let folder = try TemporaryFolder()
        let writer = AtomicFileWriter(folder: folder.url.appendingPathComponent("made/on/demand"))
        let url = try writer.write(Data("hello".utf8), stem: "greeting", extension: "txt")
        #expect(url.lastPathComponent == "greeting.txt")
        #expect(try Data(contentsOf: url) == Data("hello".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: writer.folder.path) == ["greeting.txt"])
    }

    @Test func existingFilesAreKeptUnderEachPolicy() throws {
        let folder = try TemporaryFolder()
        let writer = AtomicFileWriter(folder: folder.url)
        try writer.write(Data("one".utf8), stem: "a", extension: "png")
        let second = try writer.write(Data("two".utf8), stem: "a", extension: "png")
        let third = try writer.write(Data("three".utf8), stem: "a", extension: "png")
        #expect(second.lastPathComponent == "a-2.png" && third.lastPathComponent == "a-3.png")
        #expect(try String(contentsOf: folder.url.appendingPathComponent("a.png"), encoding: .utf8) == "one")

        #expect(throws: StageError.fileExists(name: "a.png", folder: writer.folder.path)) {
            try writer.write(Data("four".utf8), stem: "a", extension: "png", policy: .fail)
        }
        #expect(try String(contentsOf: folder.url.appendingPathComponent("a.png"), encoding: .utf8) == "one")

        try writer.write(Data("five".utf8), stem: "a", extension: "png", policy: .overwrite)
        #expect(try String(contentsOf: folder.url.appendingPathComponent("a.png"), encoding: .utf8) == "five")
        #expect(try folder.contents() == ["a-2.png", "a-3.png", "a.png"], "no temporary file is left behind")
    }

    @Test func companionsMoveTogetherToAFreeStem() throws {
        let folder = try TemporaryFolder()
        let writer = AtomicFileWriter(folder: folder.url)
        try writer.write(Data("old thumb".utf8), stem: "cat", extension: "thumb.png")
        let url = try writer.write(Data("image".utf8), stem: "cat", extension: "png", companions: ["thumb.png"])
        #expect(url.lastPathComponent == "cat-2.png")
    }

    @Test func failPolicyChecksCompanionsBeforeWriting() throws {
        let folder = try TemporaryFolder()
        let writer = AtomicFileWriter(folder: folder.url)
        try writer.write(Data("old thumb".utf8), stem: "cat", extension: "thumb.png")
        #expect(throws: StageError.fileExists(name: "cat.thumb.png", folder: writer.folder.path)) {
            try writer.write(Data("image".utf8), stem: "cat", extension: "png", policy: .fail, companions: ["thumb.png"])
        }
        #expect(try folder.contents() == ["cat.thumb.png"])
    }

    @Test func aWriteFailingHalfWayLeavesNoPartialFile() throws {
        struct DiskFull: Error, CustomStringConvertible { var description: String { "No space left on device." } }
        let folder = try TemporaryFolder()
        let writer = AtomicFileWriter(folder: folder.url)
        try writer.write(Data("previous".utf8), stem: "keep", extension: "png")
        for policy in AtomicFileWriter.ExistingFilePolicy.allCases {
            for stem in ["fresh", "keep"] {
                var written = 0
                do {
                    try writer.write(stem: stem, extension: "png", policy: policy) { handle in
                        try handle.write(contentsOf: Data(repeating: 7, count: 64 * 1024))
                        written += 64 * 1024
                        throw DiskFull()
                    }
                    Issue.record("the write should have failed")
                } catch {
                    #expect(error == .writeFailed(name: "\(stem).png", folder: writer.folder.path, reason: "No space left on device."))
                    #expect(error.description.contains(writer.folder.path), "the error names the folder")
                }
                #expect(written == 64 * 1024, "half the file was written before the failure")
            }
        }
        #expect(try folder.contents() == ["keep.png"], "neither a partial file nor a temporary one remains")
        #expect(try String(contentsOf: folder.url.appendingPathComponent("keep.png"), encoding: .utf8) == "previous")
    }

    @Test func aFolderThatIsAFileIsAClearError() throws {
        let folder = try TemporaryFolder()
        let blocker = folder.url.appendingPathComponent("blocker")
        try Data().write(to: blocker)
        #expect(throws: StageError.cannotCreateFolder(folder: blocker.path, reason: "a file of that name exists")) {
            try AtomicFileWriter(folder: blocker).write(Data([1]), stem: "x", extension: "png")
        }
    }

    static let hostileNames: [String] = [
        "../escape", "../../../../../../tmp/escape", "/etc/passwd", "a/../../b", "..", ".", "", "...", "./.",
        "nul\u{0}byte", "\u{0}", "line\nbreak\rcarriage\ttab\u{7F}del", "back\\slash\\..\\..", "C:\\Windows\\system32",
        String(repeating: "a", count: 10_000), String(repeating: "é", count: 10_000), String(repeating: "日本", count: 5_000),
        "🌅", "🌅🌅🌅🌅", "👩‍👩‍👧‍👦", "1️⃣2️⃣", "-rf", ".hidden", "..hidden", "name.", "   ", "\u{202E}gnp.exe",
        "%2e%2e%2fescape", "~/home", "$HOME", "a:b*c?d\"e<f>g|h",
    ]

    @Test(arguments: hostileNames)
    func everyNameStaysInsideTheFolder(_ name: String) throws {
        let root = try TemporaryFolder()
        let folder = root.url.appendingPathComponent("out")
        let url = try AtomicFileWriter(folder: folder).write(Data([1, 2, 3]), stem: name, extension: "png")
        #expect(url.deletingLastPathComponent().path == folder.standardizedFileURL.path)
        #expect(try root.contents() == ["out"], "nothing was written beside the folder")
        let written = try FileManager.default.contentsOfDirectory(atPath: folder.path)
        #expect(written == [url.lastPathComponent])
        let fileName = url.lastPathComponent
        #expect(!fileName.hasPrefix(".") && !fileName.hasPrefix("-"))
        #expect(fileName.utf8.count <= 255)
        #expect(!fileName.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F || $0 == "/" || $0 == "\\" })
        #expect(!fileName.contains(".."))
        #expect(!fileName.unicodeScalars.contains { $0.properties.isEmojiPresentation })
    }

    @Test func sanitizedNames() {
        #expect(SafeFileName.sanitize("../../etc/passwd") == "etc-passwd")
        #expect(SafeFileName.sanitize("🌅🌅🌅") == "image")
        #expect(SafeFileName.sanitize("", fallback: "untitled") == "untitled")
        #expect(SafeFileName.sanitize("..") == "image")
        #expect(SafeFileName.sanitize("Café au lait") == "Café-au-lait")
        #expect(SafeFileName.sanitize("夕焼け 2") == "夕焼け-2")
        #expect(SafeFileName.sanitize("a\u{0}b") == "a-b")
        #expect(SafeFileName.sanitize(String(repeating: "x", count: 10_000)).count == SafeFileName.maximumLength)
        #expect(SafeFileName.sanitize(String(repeating: "日", count: 10_000)).utf8.count <= SafeFileName.maximumBytes)
        #expect(SafeFileName.slug("A sunset over Paris, 1900!") == "a-sunset-over-paris-1900")
        #expect(SafeFileName.slug("A cat. Wearing a hat.") == "a-cat-wearing-a-hat")
        let long = SafeFileName.slug("a very long prompt about a lighthouse on a cliff at dusk with dramatic clouds and seagulls")
        #expect(long.count <= 60 && !long.hasSuffix("-") && long.hasPrefix("a-very-long-prompt"))
    }
}
