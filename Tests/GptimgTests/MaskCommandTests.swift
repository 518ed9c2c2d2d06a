import Codecs
import Foundation
import Testing

/// `gptimg mask`, run as a user runs it, on the fixtures and on images made here.
@Suite("gptimg mask, end to end")
struct MaskCommandTests {
    @Test("A black-on-white drawing becomes an RGBA PNG, alpha 0 where it was black, fitted to the image")
    func fromDrawing() async throws {
        let folder = try ToolRunner.temporaryFolder("mask")
        // A 20x10 drawing: black left half, white right half; fitted to a 40x20 image.
        var drawing = PixelBuffer(width: 20, height: 10, filledWith: .white)
        for y in 0..<10 { for x in 0..<10 { drawing[x, y] = .black } }
        try ImageEncoder.encode(drawing, as: .png()).write(to: folder.appendingPathComponent("drawing.png"))
        try ImageEncoder.encode(PixelBuffer(width: 40, height: 20, filledWith: .white), as: .jpeg())
            .write(to: folder.appendingPathComponent("photo.jpeg"))

        let result = try await ToolRunner.run(["mask", "drawing.png", "--fit-to", "photo.jpeg", "-o", "mask.png"], in: folder)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stdout.contains("40x20"))
        #expect(result.stdout.contains("50.0% of the area to edit"), "\(result.stdout)")
        let mask = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("mask.png")))
        #expect(mask.info.format == .png && mask.info.hasAlphaChannel)
        #expect(mask.pixels.width == 40 && mask.pixels.height == 20)
        #expect(mask.pixels[2, 10].a == 0)
        #expect(mask.pixels[37, 10].a == 255)

        let check = try await ToolRunner.run(["mask", "mask.png", "--check", "photo.jpeg"], in: folder)
        #expect(check.status == 0, "\(check.output)")

        let inverted = try await ToolRunner.run(["mask", "drawing.png", "--invert", "-o", "inverted.png"], in: folder)
        #expect(inverted.status == 0, "\(inverted.output)")
        let invertedMask = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("inverted.png")))
        #expect(invertedMask.pixels[2, 5].a == 255 && invertedMask.pixels[17, 5].a == 0)
    }

    @Test("The fixture mask fits the fixture photo once converted; --check on the raw one says why not, exit 1")
    func checkFixtures() async throws {
        let folder = try ToolRunner.temporaryFolder("mask-check")
        let raw = try await ToolRunner.run(["mask", Fixtures.url("mask.png").path, "--check", Fixtures.url("photo.jpg").path], in: folder)
        #expect(raw.status == 1)
        #expect(raw.output.contains("no alpha channel"), "\(raw.output)")

        let made = try await ToolRunner.run(
            ["mask", Fixtures.url("mask.png").path, "--size", "1024x1024", "-o", "big.png", "--json"], in: folder)
        #expect(made.status == 0, "\(made.output)")
        let event = try #require(try JSONSerialization.jsonObject(with: Data(made.stdout.utf8)) as? [String: Any])
        #expect(event["width"] as? Int == 1024 && event["height"] as? Int == 1024)
        let share = try #require(event["editFraction"] as? Double)
        #expect(share > 0.1 && share < 0.5)

        let mismatch = try await ToolRunner.run(["mask", "big.png", "--check", Fixtures.url("photo.jpg").path], in: folder)
        #expect(mismatch.status == 1)
        #expect(mismatch.output.contains("1024x1024") && mismatch.output.contains("512x512"), "\(mismatch.output)")
    }

    @Test("An image with transparency gives its mask from alpha by default; --soft keeps gray levels")
    func fromAlphaAndSoft() async throws {
        let folder = try ToolRunner.temporaryFolder("mask-alpha")
        let fromLogo = try await ToolRunner.run(["mask", Fixtures.url("logo.png").path, "-o", "logo-mask.png"], in: folder)
        #expect(fromLogo.status == 0, "\(fromLogo.output)")
        #expect(fromLogo.stdout.contains("from alpha"))
        let logo = try ImageDecoder.decode(try Data(contentsOf: Fixtures.url("logo.png")))
        let mask = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("logo-mask.png")))
        #expect(mask.pixels[0, 0].a == logo.pixels[0, 0].a)
        #expect(mask.pixels[256, 256].a == logo.pixels[256, 256].a)

        var gray = PixelBuffer(width: 3, height: 1, filledWith: .white)
        gray[0, 0] = RGBA(r: 0, g: 0, b: 0)
        gray[1, 0] = RGBA(r: 100, g: 100, b: 100)
        try ImageEncoder.encode(gray, as: .png()).write(to: folder.appendingPathComponent("gray.png"))
        let soft = try await ToolRunner.run(["mask", "gray.png", "--soft", "-o", "soft.png"], in: folder)
        #expect(soft.status == 0, "\(soft.output)")
        let softMask = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("soft.png")))
        #expect(softMask.pixels[0, 0].a == 0 && softMask.pixels[1, 0].a == 100 && softMask.pixels[2, 0].a == 255)
    }

    @Test("Usage errors exit 64 naming the flag; an existing output is kept without --overwrite")
    func usageAndOverwrite() async throws {
        let folder = try ToolRunner.temporaryFolder("mask-usage")
        let bad = try await ToolRunner.run(["mask", "a.png", "-o", "m.png", "--threshold", "256"], in: folder)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--threshold must be 0–255 (got 256)"))

        try Data("keep".utf8).write(to: folder.appendingPathComponent("m.png"))
        let kept = try await ToolRunner.run(["mask", Fixtures.url("mask.png").path, "-o", "m.png"], in: folder)
        #expect(kept.status == 1)
        #expect(kept.output.contains("--overwrite"))
        #expect(try Data(contentsOf: folder.appendingPathComponent("m.png")) == Data("keep".utf8))
    }
}
