import Codecs
import Foundation
import Pipeline
import Testing

@testable import gptimg

/// The decode `generate` and `edit` run when the only use of an image's pixels is its
/// thumbnail: JPEG and opaque WebP are decoded natively reduced, everything else whole, and a
/// damaged image fails exactly as under a full decode.
@Suite("Decoding for a thumbnail")
struct DecodeForThumbnailTests {
    private let thumbnail = ResizeOptions(width: 64, height: 64, fit: .inside)

    private func item(_ data: Data) -> PipelineItem {
        PipelineItem(data: data, origin: .file(path: "answer"), outputName: "answer")
    }

    /// fixtures/photo.jpg (512x512, opaque) as a lossy WebP without alpha, as the API returns one.
    private func opaqueWebP() throws -> Data {
        let photo = try ImageDecoder.decode(try Data(contentsOf: Fixtures.url("photo.jpg")))
        return try ImageEncoder.encode(photo.pixels, as: .webp(WebPOptions(quality: 80)))
    }

    private func decoded(_ data: Data) async throws -> PipelineItem {
        try await DecodeForThumbnail(thumbnail: thumbnail).process(item(data), context: ProcessingContext())
    }

    @Test("An opaque WebP and a JPEG are decoded reduced, to no less than twice the thumbnail; size and format stay the file's")
    func reducedDecode() async throws {
        for data in [try opaqueWebP(), try Data(contentsOf: Fixtures.url("photo.jpg"))] {
            let result = try await decoded(data)
            let pixels = try #require(result.image)
            #expect(pixels.width >= 128 && pixels.height >= 128, "\(pixels.width)x\(pixels.height) is below twice the thumbnail")
            #expect(pixels.width < 512 && pixels.height < 512, "\(pixels.width)x\(pixels.height) was not reduced")
            #expect(result.info?.width == 512 && result.info?.height == 512)
            #expect(!result.imageIsNewerThanData, "the written file must stay the original bytes")
            #expect(result.data == data)
        }
    }

    @Test("A WebP with alpha and a PNG are decoded whole", arguments: ["sticker.webp", "logo.png"])
    func wholeDecode(fixture: String) async throws {
        let data = try Data(contentsOf: Fixtures.url(fixture))
        let result = try await decoded(data)
        let header = try ImageDecoder.info(of: data)
        #expect(result.image?.width == header.width && result.image?.height == header.height)
    }

    @Test("A thumbnail too close to the image's size for a reduction decodes it whole")
    func largeThumbnail() async throws {
        let result = try await DecodeForThumbnail(thumbnail: ResizeOptions(width: 300, height: 300, fit: .inside))
            .process(item(try Data(contentsOf: Fixtures.url("photo.jpg"))), context: ProcessingContext())
        #expect(result.image?.width == 512)
    }

    @Test("A truncated WebP or JPEG fails in this stage, as it fails a full decode")
    func damagedImageFails() async throws {
        for data in [try opaqueWebP(), try Data(contentsOf: Fixtures.url("photo.jpg"))] {
            let cut = data.prefix(data.count * 2 / 3)
            let full = await Pipeline([Stages.Decode()]).process(item(cut))
            let reduced = await Pipeline([DecodeForThumbnail(thumbnail: thumbnail)]).process(item(cut))
            guard case .failure = full.result else {
                // libjpeg-turbo recovers a cut JPEG with a warning; then both paths must say so.
                let fullWarnings = try full.result.get().warnings
                let reducedWarnings = try reduced.result.get().warnings
                #expect(!fullWarnings.isEmpty && !reducedWarnings.isEmpty, "\(fullWarnings) / \(reducedWarnings)")
                continue
            }
            guard case .failure(let failure) = reduced.result else {
                Issue.record("a truncated \(ImageFormat(sniffing: data).map { "\($0)" } ?? "image") decoded reduced without an error")
                continue
            }
            #expect(failure.stageIndex == 0)
        }
    }

    @Test("The thumbnail from the reduced decode matches the one from the whole image")
    func thumbnailQuality() async throws {
        let data = try opaqueWebP()
        let viaReduced = await Pipeline([DecodeForThumbnail(thumbnail: thumbnail), Stages.Thumbnail(thumbnail)]).process(item(data))
        let viaWhole = await Pipeline([Stages.Decode(), Stages.Thumbnail(thumbnail)]).process(item(data))
        let reduced = try #require(try viaReduced.result.get().thumbnail?.pixels)
        let whole = try #require(try viaWhole.result.get().thumbnail?.pixels)
        #expect(reduced.width == 64 && reduced.height == 64 && whole.width == 64 && whole.height == 64)
        var squaredError = 0.0
        for (a, b) in zip(reduced.pixels, whole.pixels) { squaredError += Double((Int(a) - Int(b)) * (Int(a) - Int(b))) }
        let psnr = 10 * log10(255 * 255 / (squaredError / Double(reduced.pixels.count)))
        // A decode reduced straight to the thumbnail's size scores about 46 dB here: the margin of
        // two is what keeps the Lanczos-3 sharpness.
        #expect(psnr > 48, "PSNR \(psnr) dB against the thumbnail of the whole image")
    }
}

@Suite("gptimg generate --thumbnail, decoding")
struct GenerateThumbnailDecodeTests {
    private func firstStages(in manifest: URL) throws -> [String] {
        try Manifest.records(at: manifest).map { record in
            let timings = try #require(record["timings"] as? [[String: Any]])
            return try #require(timings.first?["stage"] as? String)
        }
    }

    @Test("An opaque WebP answer is decoded reduced for its thumbnail; a transparent one whole, for the transparency check")
    func reducedUnlessTransparent() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("thumbnail-decode")
        let common = ["-f", "webp", "-s", "1024x1024", "-q", "low", "--thumbnail", "64"]
        let opaque = try await ToolRunner.run(["generate", "A calm sea"] + common + ["-o", "opaque"], in: folder, environment: api.environment)
        #expect(opaque.status == 0, "\(opaque.output)")
        let clear = try await ToolRunner.run(
            ["generate", "A glass marble"] + common + ["-b", "transparent", "-o", "clear"], in: folder, environment: api.environment)
        #expect(clear.status == 0, "\(clear.output)")

        #expect(try firstStages(in: folder.appendingPathComponent("opaque/manifest.jsonl")) == ["decode(for thumbnail 64x64 inside lanczos3)"])
        // The image's size as reported and recorded is the file's, not the reduced decode's.
        #expect(opaque.stdout.contains("1024x1024"), "\(opaque.stdout)")
        let record = try #require(try Manifest.records(at: folder.appendingPathComponent("opaque/manifest.jsonl")).first)
        let image = try #require((record["files"] as? [[String: Any]])?.first { $0["role"] as? String == "image" })
        #expect(image["width"] as? Int == 1024 && image["height"] as? Int == 1024, "\(image)")
        #expect(try firstStages(in: folder.appendingPathComponent("clear/manifest.jsonl")) == ["decode"])
        for (image, thumbnail) in [("opaque/a-calm-sea.webp", "opaque/a-calm-sea.thumb.webp"), ("clear/a-glass-marble.webp", "clear/a-glass-marble.thumb.webp")] {
            let written = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent(image)))
            #expect(written.pixels.width == 1024 && written.pixels.height == 1024, "the image itself is written whole")
            let small = try ImageDecoder.decode(try Data(contentsOf: folder.appendingPathComponent(thumbnail)))
            #expect(small.pixels.width == 64 && small.pixels.height == 64)
        }
    }
}
