import Codecs
import Foundation
import Testing

/// `gptimg process` over the fixtures, run as a user runs it; no API involved.
@Suite("gptimg process, end to end")
struct ProcessCommandTests {
    private func copyFixtures(_ names: [String], into folder: URL) throws -> URL {
        let input = folder.appendingPathComponent("in")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        for name in names {
            try FileManager.default.copyItem(at: Fixtures.url(name), to: input.appendingPathComponent(name))
        }
        return input
    }

    @Test("A folder of fixtures to webp with thumbnails: DIR/STEM.EXT and STEM.thumb.EXT for each")
    func folderToWebP() async throws {
        let folder = try ToolRunner.temporaryFolder("process")
        _ = try copyFixtures(["logo.png", "photo.jpg", "sticker.webp"], into: folder)
        try Data("notes".utf8).write(to: folder.appendingPathComponent("in/README.txt"))
        let result = try await ToolRunner.run(
            ["process", "in", "-o", "out", "-f", "webp", "-c", "80", "--thumbnail", "64", "-w", "2"], in: folder)
        #expect(result.status == 0, "\(result.output)")
        #expect(
            ToolRunner.files(under: folder.appendingPathComponent("out")) == [
                "logo.thumb.webp", "logo.webp", "photo.thumb.webp", "photo.webp", "sticker.thumb.webp", "sticker.webp",
            ])
        #expect(result.stdout.contains("Processed 3/3 images successfully"))
        let logo = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("out/logo.webp")))
        #expect(logo.info.format == .webp && logo.pixels.width == 512 && logo.pixels.hasTransparency)
        let thumb = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("out/sticker.thumb.webp")))
        #expect(thumb.pixels.width == 64 && thumb.pixels.height == 64)
    }

    @Test("An opaque image written as PNG has no alpha channel, and its pixels are unchanged")
    func opaquePNGWithoutAlpha() async throws {
        let folder = try ToolRunner.temporaryFolder("opaque")
        // An RGBA PNG whose every pixel is opaque, made here.
        var canvas = PixelBuffer(width: 40, height: 30, filledWith: RGBA(r: 10, g: 120, b: 200))
        for x in 0..<40 { canvas[x, 7] = RGBA(r: UInt8(x * 6), g: 0, b: 90) }
        let input = try ImageEncoder.encode(canvas, as: .png(PNGOptions(dropsOpaqueAlpha: false)))
        #expect(try ImageDecoder.info(of: input).hasAlphaChannel)
        try input.write(to: folder.appendingPathComponent("opaque.png"))

        let result = try await ToolRunner.run(["process", "opaque.png", "-o", "out", "--png-level", "9"], in: folder)
        #expect(result.status == 0, "\(result.output)")
        let output = try Data(contentsOf: folder.appendingPathComponent("out/opaque.png"))
        let decoded = try ImageDecoder.decode(output)
        #expect(!decoded.info.hasAlphaChannel)
        #expect(decoded.pixels == canvas)
    }

    @Test("--transparency require fails opaque images and still writes the others; exit 1")
    func transparencyRequired() async throws {
        let folder = try ToolRunner.temporaryFolder("require")
        let input = try copyFixtures(["logo.png", "photo.jpg"], into: folder)
        let result = try await ToolRunner.run(
            ["process", input.path, "-o", "out", "--transparency", "require", "-f", "png"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("photo.jpg"), "\(result.output)")
        #expect(ToolRunner.files(under: folder.appendingPathComponent("out")) == ["logo.png"])
        #expect(result.stdout.contains("Processed 1/2 images successfully"))

        let forbid = try await ToolRunner.run(
            ["process", input.path, "-o", "out2", "--transparency", "forbid", "--json"], in: folder)
        #expect(forbid.status == 1)
        #expect(ToolRunner.files(under: folder.appendingPathComponent("out2")) == ["photo.jpeg"])
    }

    @Test("--transparency warn (the default) reports transparency lost to JPEG and still writes")
    func transparencyWarns() async throws {
        let folder = try ToolRunner.temporaryFolder("warn")
        _ = try copyFixtures(["sticker.webp"], into: folder)
        let result = try await ToolRunner.run(["process", "in/sticker.webp", "-o", "out", "-f", "jpeg", "-c", "90"], in: folder)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("flattened onto white"))
        let decoded = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("out/sticker.jpeg")))
        // A corner pixel was fully transparent: white now, never black.
        #expect(decoded.pixels[0, 0].r > 240 && decoded.pixels[0, 0].g > 240 && decoded.pixels[0, 0].b > 240)
    }

    @Test("--expect-size and --resize: a wrong size fails, the output fits inside EDGE")
    func sizes() async throws {
        let folder = try ToolRunner.temporaryFolder("sizes")
        let input = try copyFixtures(["logo.png", "sticker.webp"], into: folder)
        let result = try await ToolRunner.run(["process", input.path, "-o", "out", "--expect-size", "512x512"], in: folder)
        #expect(result.status == 1)
        #expect(result.stderr.contains("384x384"), "\(result.stderr)")
        #expect(ToolRunner.files(under: folder.appendingPathComponent("out")) == ["logo.png"])

        let resized = try await ToolRunner.run(["process", "in/logo.png", "-o", "small", "--resize", "100"], in: folder)
        #expect(resized.status == 0, "\(resized.output)")
        let decoded = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent("small/logo.png")))
        #expect(decoded.pixels.width == 100 && decoded.pixels.height == 100)
    }

    @Test("An existing output is not replaced without --overwrite; a broken input is reported, the rest written")
    func overwriteAndBrokenInput() async throws {
        let folder = try ToolRunner.temporaryFolder("overwrite")
        _ = try copyFixtures(["logo.png"], into: folder)
        let png = try Data(contentsOf: Fixtures.url("logo.png"))
        try png.prefix(png.count / 2).write(to: folder.appendingPathComponent("in/broken.png"))
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("out"), withIntermediateDirectories: true)
        try Data("keep me".utf8).write(to: folder.appendingPathComponent("out/logo.png"))

        let first = try await ToolRunner.run(["process", "in", "-o", "out"], in: folder)
        #expect(first.status == 1)
        #expect(try Data(contentsOf: folder.appendingPathComponent("out/logo.png")) == Data("keep me".utf8))
        #expect(first.stderr.contains("broken.png"))
        #expect(!FileManager.default.fileExists(atPath: folder.appendingPathComponent("out/broken.png").path))

        let second = try await ToolRunner.run(["process", "in/logo.png", "-o", "out", "--overwrite"], in: folder)
        #expect(second.status == 0, "\(second.output)")
        #expect(ImageFormat(sniffing: try Data(contentsOf: folder.appendingPathComponent("out/logo.png"))) == .png)
    }

    @Test("Usage errors exit 64 and name the flag")
    func usageErrors() async throws {
        let folder = try ToolRunner.temporaryFolder("process-usage")
        let result = try await ToolRunner.run(["process", "x.png", "-o", "out", "--png-level", "12"], in: folder)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--png-level must be 0–9 (got 12)"))
        let missing = try await ToolRunner.run(["process", "nothing-here.png", "-o", "out"], in: folder)
        #expect(missing.status == 64)
        #expect(missing.stderr.contains("nothing-here.png"))
    }
}
