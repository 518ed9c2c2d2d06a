import Codecs
import Testing

@testable import gptimg

@Suite("File naming")
struct FileNamingTests {
    @Test("The issue's example: three prompts, their folder and files")
    func issueExample() {
        let prompts = ["A sunset over mountains", "A futuristic city at night", "A serene lake with reflections"]
        #expect(FileNaming.batchFolderName(for: prompts) == "a-sunset-over-a-futuristic-city-a-serene-lake-with")
        let names = prompts.enumerated().map { offset, prompt in
            FileNaming.imageFileName(
                prompt: prompt, promptNumber: offset + 1, promptCount: 3, imageNumber: 1, imageCount: 1, format: .png)
        }
        #expect(
            names == [
                "01_a-sunset-over-mountains.png", "02_a-futuristic-city-at-night.png",
                "03_a-serene-lake-with-reflections.png",
            ])
    }

    @Test("slug lower-cases, drops punctuation and turns spaces and underscores into single dashes")
    func slugBasics() {
        #expect(FileNaming.slug("Hello, World!", maxLength: 50) == "hello-world")
        #expect(FileNaming.slug("  snake_case  and   spaces ", maxLength: 50) == "snake-case-and-spaces")
        #expect(FileNaming.slug("a - b -- c", maxLength: 50) == "a-b-c")
        #expect(FileNaming.slug("--edge--", maxLength: 50) == "edge")
        #expect(FileNaming.slug("don't stop", maxLength: 50) == "dont-stop")
        #expect(FileNaming.slug("Tabs\tand\nnewlines", maxLength: 50) == "tabs-and-newlines")
        #expect(FileNaming.slug("Room 101", maxLength: 50) == "room-101")
    }

    @Test("slug keeps letters and digits of every script and drops emoji")
    func slugUnicode() {
        #expect(FileNaming.slug("Café au lait", maxLength: 50) == "café-au-lait")
        #expect(FileNaming.slug("Straße im Schnee", maxLength: 50) == "straße-im-schnee")
        #expect(FileNaming.slug("日本の 桜", maxLength: 50) == "日本の-桜")
        #expect(FileNaming.slug("Ракета 🚀 в космосе", maxLength: 50) == "ракета-в-космосе")
        #expect(FileNaming.slug("🎉🎉 party 🎉", maxLength: 50) == "party")
        #expect(FileNaming.slug("keycap 1️⃣ two", maxLength: 50) == "keycap-two")
        #expect(FileNaming.slug("family 👨‍👩‍👧 photo", maxLength: 50) == "family-photo")
        // A decomposed é (e + combining accent) names the same file as a composed one.
        #expect(FileNaming.slug("Cafe\u{301}", maxLength: 50) == "caf\u{E9}")
        #expect(FileNaming.slug("Cafe\u{301}", maxLength: 50).unicodeScalars.count == 4)
    }

    @Test("slug of nothing usable is \"image\"")
    func slugEmpty() {
        #expect(FileNaming.slug("", maxLength: 50) == "image")
        #expect(FileNaming.slug("🚀🌕✨", maxLength: 50) == "image")
        #expect(FileNaming.slug("../../etc/passwd", maxLength: 50) == "etcpasswd")
        #expect(FileNaming.slug("?!*", maxLength: 50) == "image")
    }

    @Test("slug longer than N keeps N characters and drops everything from the last dash")
    func slugTruncation() {
        #expect(FileNaming.slug("A sunset over mountains", maxLength: 20) == "a-sunset-over")
        #expect(FileNaming.slug("abcdefghijklmnopqrstuvwxyz", maxLength: 10) == "abcdefghij")
        // Exactly N characters is not truncated.
        #expect(FileNaming.slug("abcde fghij", maxLength: 11) == "abcde-fghij")
        // A dash right after the cut still drops the word before it is cut... only the partial tail.
        #expect(FileNaming.slug("abcde fghij klm", maxLength: 11) == "abcde")
        let long = String(repeating: "word ", count: 100)
        let slug = FileNaming.slug(long, maxLength: 50)
        #expect(slug.count <= 50)
        #expect(slug.hasPrefix("word-word"))
        #expect(!slug.hasSuffix("-"))
        #expect(FileNaming.slug("Ünïcödé ünïcödé", maxLength: 9) == "ünïcödé")
    }

    @Test("A batch of more than three prompts says how many more")
    func folderWithMore() {
        let prompts = ["One", "Two", "Three", "Four", "Five"]
        #expect(FileNaming.batchFolderName(for: prompts) == "one-two-three-and-2-more")
        #expect(FileNaming.batchFolderName(for: ["One", "Two"]) == "one-two")
        #expect(FileNaming.relativeFolder(for: ["Only"]) == nil)
        #expect(FileNaming.relativeFolder(for: ["One", "Two"]) == "one-two")
    }

    @Test("Prompt numbers have two digits; several images are numbered -1, -2; extension is the format's name")
    func numbering() {
        #expect(
            FileNaming.imageFileName(prompt: "A cat", promptNumber: 1, promptCount: 1, imageNumber: 1, imageCount: 1, format: .png)
                == "a-cat.png")
        #expect(
            FileNaming.imageFileName(prompt: "A cat", promptNumber: 1, promptCount: 1, imageNumber: 2, imageCount: 3, format: .jpeg)
                == "a-cat-2.jpeg")
        #expect(
            FileNaming.imageFileName(prompt: "A cat", promptNumber: 12, promptCount: 20, imageNumber: 1, imageCount: 2, format: .webp)
                == "12_a-cat-1.webp")
        #expect(
            FileNaming.imageFileName(prompt: "A cat", promptNumber: 3, promptCount: 4, imageNumber: 1, imageCount: 1, format: .png)
                == "03_a-cat.png")
        #expect(FileNaming.thumbnailFileName(stem: "03_a-cat", format: .webp) == "03_a-cat.thumb.webp")
    }

    @Test("process keeps the input's stem and takes the output format's extension")
    func processedNames() {
        #expect(FileNaming.processedFileName(inputFileName: "photo.large.jpg", format: .webp) == "photo.large.webp")
        #expect(FileNaming.processedFileName(inputFileName: "noext", format: .png) == "noext.png")
        #expect(FileNaming.processedFileName(inputFileName: ".hidden", format: .png) == ".hidden.png")
    }
}
