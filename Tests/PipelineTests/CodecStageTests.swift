import Codecs
import Foundation
import Testing

@testable import Pipeline

/// Stages that go through the real codecs, on real files.
@Suite struct CodecStageTests {
    func fileItem(_ path: String, folder: URL? = nil) throws -> PipelineItem {
        PipelineItem(
            data: try sharedFile(path), origin: .file(path: path),
            outputName: URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent, outputFolder: folder)
    }

    @Test(arguments: [
        ("corpus/png/pngsuite/basn6a08.png", true), ("corpus/png/pngsuite/basn4a08.png", true),
        ("corpus/png/pngsuite/tbbn3p08.png", true), ("corpus/png/pngsuite/basn2c08.png", false),
        ("corpus/png/pngsuite/basn0g08.png", false),
    ])
    func transparencyOnRealFiles(path: String, isTransparent: Bool) async throws {
        let required = Stages.ValidateTransparency(.required)
        let forbidden = Stages.ValidateTransparency(.forbidden)
        if isTransparent {
            let result = try await required.process(try fileItem(path), context: context)
            #expect(result.validations.first?.passed == true)
            #expect(result.image?.width == 32, "the check decoded the image")
            await #expect(throws: StageError.self) { try await forbidden.process(try fileItem(path), context: context) }
        } else {
            await #expect(throws: StageError.transparencyMissing) { try await required.process(try fileItem(path), context: context) }
            let result = try await forbidden.process(try fileItem(path), context: context)
            #expect(result.validations.first?.detail == "0 of 1024 pixels (0.0%) are transparent.")
        }
    }

    @Test func decodeStageReadsTheHeaderAndPixels() async throws {
        let decoded = try await Stages.Decode().process(try fileItem("corpus/png/pngsuite/basn6a08.png"), context: context)
        #expect(decoded.format == .png && decoded.info?.width == 32 && decoded.image?.pixelCount == 1024)
        #expect(!decoded.imageIsNewerThanData)

        let garbage = PipelineItem(data: Data("not an image".utf8), origin: .file(path: "/in/x.png"), outputName: "x")
        await #expect(throws: StageError.self) { try await Stages.Decode().process(garbage, context: context) }
    }

    @Test func dimensionsAreReadFromTheHeaderWithoutDecoding() async throws {
        let result = try await Stages.ValidateDimensions([ImageSize(width: 1024, height: 1024)])
            .process(try fileItem("bench-corpus/photo_q90_1024x1024.jpg"), context: context)
        #expect(result.validations.first?.passed == true && result.image == nil)
        await #expect(throws: StageError.dimensionMismatch(expected: [ImageSize(width: 1024, height: 1024)], actual: ImageSize(width: 1536, height: 1024))) {
            try await Stages.ValidateDimensions([ImageSize(width: 1024, height: 1024)])
                .process(try fileItem("bench-corpus/photo_q90_1536x1024.jpg"), context: context)
        }
    }

    /// Left half fully transparent with a hidden colour of magenta, right half opaque blue.
    static let halfTransparent = makeBuffer(width: 64, height: 32) { x, _ in
        x < 32 ? RGBA(r: 255, g: 0, b: 255, a: 0) : RGBA(r: 0, g: 0, b: 255)
    }

    @Test(arguments: [(RGBA?.none, RGBA.white), (RGBA(r: 200, g: 30, b: 60), RGBA(r: 200, g: 30, b: 60))])
    func jpegFlattensTransparencyOntoTheBackground(background: RGBA?, expected: RGBA) async throws {
        let options = EncodingOptions.jpeg(JPEGOptions(quality: 95, chromaSubsampling: .yuv444))
        let stage = background.map { Stages.Reencode(options, background: $0) } ?? Stages.Reencode(options)
        let result = try await stage.process(item(Self.halfTransparent), context: context)
        #expect(result.format == .jpeg && ImageFormat(sniffing: result.data) == .jpeg)
        let decoded = try ImageDecoder.decode(result.data).pixels
        for y in 4..<28 {
            for x in 4..<24 {
                let pixel = decoded[x, y]
                #expect(
                    abs(Int(pixel.r) - Int(expected.r)) <= 3 && abs(Int(pixel.g) - Int(expected.g)) <= 3
                        && abs(Int(pixel.b) - Int(expected.b)) <= 3,
                    "formerly transparent pixel (\(x), \(y)) is \(pixel), expected about \(expected)")
            }
        }
        let opaque = decoded[50, 16]
        #expect(opaque.b >= 250 && opaque.r <= 5 && opaque.g <= 5)
    }

    @Test func jpegThumbnailIsFlattenedOntoTheSameBackground() async throws {
        let folder = try TemporaryFolder()
        let teal = RGBA(r: 0, g: 128, b: 128)
        let pipeline = Pipeline([
            .reencode(.jpeg(JPEGOptions(quality: 95, chromaSubsampling: .yuv444)), background: teal), .thumbnail(32), .write(into: folder.url),
        ])
        let files = try #require(await pipeline.process(item(Self.halfTransparent, name: "half")).item?.files)
        #expect(files.map { URL(fileURLWithPath: $0.path).lastPathComponent } == ["half.jpeg", "half.thumb.jpeg"])
        let thumbnail = try ImageDecoder.decode(try Data(contentsOf: URL(fileURLWithPath: files[1].path))).pixels
        #expect(thumbnail.width == 32 && thumbnail.height == 16)
        let corner = thumbnail[2, 8]
        #expect(abs(Int(corner.r) - 0) <= 3 && abs(Int(corner.g) - 128) <= 3 && abs(Int(corner.b) - 128) <= 3, "\(corner)")
    }

    @Test func pngAndWebPReencodeKeepAlpha() async throws {
        let png = try await Stages.Reencode(.png(PNGOptions(compressionLevel: 9))).process(item(Self.halfTransparent), context: context)
        let pngPixels = try ImageDecoder.decode(png.data).pixels
        #expect(png.format == .png && alphas(pngPixels) == alphas(Self.halfTransparent))

        let lossless = try await Stages.Reencode(.webp(WebPOptions(lossless: true, exact: true))).process(item(Self.halfTransparent), context: context)
        let losslessPixels = try ImageDecoder.decode(lossless.data).pixels
        #expect(lossless.format == .webp && losslessPixels == Self.halfTransparent)

        let lossy = try await Stages.Reencode(.webp(WebPOptions(quality: 80, alphaQuality: 100))).process(item(Self.halfTransparent), context: context)
        let lossyPixels = try ImageDecoder.decode(lossy.data).pixels
        #expect(lossy.format == .webp && alphas(lossyPixels) == alphas(Self.halfTransparent))
        #expect(lossy.encoding == .webp(WebPOptions(quality: 80, alphaQuality: 100)) && !lossy.imageIsNewerThanData)
    }

    @Test func theReadmePipelineWritesImageThumbnailAndManifest() async throws {
        let folder = try TemporaryFolder()
        let manifest = ManifestWriter(url: folder.url.appendingPathComponent("manifest.jsonl"))
        let pipeline = Pipeline([
            .decode(),
            .validateTransparency(.required),
            .reencode(.webp(WebPOptions(quality: 80))),
            .thumbnail(256),
            .write(into: folder.url),
            .recordManifest(manifest),
        ])
        let source = try fileItem("bench-corpus/cutout_rgba_1536x1024.png")
        let outcomes = try await pipeline.process([source, source])
        let first = try #require(outcomes[0].item, "\(outcomes[0].failure.map(String.init(describing:)) ?? "")")
        let second = try #require(outcomes[1].item)

        let names = Set((first.files + second.files).map { URL(fileURLWithPath: $0.path).lastPathComponent })
        #expect(names == ["cutout_rgba_1536x1024.webp", "cutout_rgba_1536x1024.thumb.webp", "cutout_rgba_1536x1024-2.webp", "cutout_rgba_1536x1024-2.thumb.webp"])
        #expect(try folder.contents() == (names.sorted() + ["manifest.jsonl"]).sorted())

        for file in first.files {
            let bytes = try Data(contentsOf: URL(fileURLWithPath: file.path))
            #expect(bytes.count == file.bytes && Stages.Write.sha256(bytes) == file.sha256)
            let decoded = try ImageDecoder.decode(bytes)
            #expect(decoded.info.format == .webp && decoded.pixels.width == file.width && decoded.pixels.height == file.height)
            #expect(decoded.pixels.hasTransparency)
        }
        #expect(first.files.map(\.role) == [.image, .thumbnail])
        #expect(first.files.map { "\($0.width)x\($0.height)" } == ["1536x1024", "256x171"])

        let index = try ManifestIndex(contentsOf: manifest.url)
        #expect(index.records.count == 2)
        #expect(index.isDone(source.origin, verifyingFiles: true))
        #expect(index.records[0].validations.first?.check == "transparency")
        #expect(index.records[0].timings.map(\.stage).count == 5)
    }

    @Test func thumbnailOfAnUndecodedJPEGLeavesTheOriginalBytesUntouched() async throws {
        let folder = try TemporaryFolder()
        let source = try fileItem("bench-corpus/photo_q90_1024x1536.jpg", folder: folder.url)
        let result = await Pipeline([.thumbnail(100), .write()]).process(source).item
        let files = try #require(result?.files)
        #expect(result?.image == nil, "the thumbnail came from a reduced decode; the item was never fully decoded")
        #expect(files[0].sha256 == Stages.Write.sha256(source.data) && files[0].width == 1024 && files[0].height == 1536)
        #expect(files[1].width == 67 && files[1].height == 100 && files[1].format == .jpeg)
        #expect(URL(fileURLWithPath: files[1].path).lastPathComponent == "photo_q90_1024x1536.thumb.jpeg")
    }

    @Test func maskFromARealGrayDrawingIsWhatTheEditsEndpointWants() async throws {
        let folder = try TemporaryFolder()
        let drawing = try fileItem("bench-corpus/mask_gray_1536x1024.png", folder: folder.url)
        let result = await Pipeline([.buildMask(), .write()]).process(drawing).item
        let file = try #require(result?.files.first)
        let written = try Data(contentsOf: URL(fileURLWithPath: file.path))
        let decoded = try ImageDecoder.decode(written)
        #expect(decoded.info.format == .png && decoded.info.hasAlphaChannel)

        let source = try ImageDecoder.decode(drawing.data).pixels
        var expectedEdited = 0
        var allHard = true
        for y in 0..<source.height {
            for x in 0..<source.width {
                let isInk = source[x, y].r < 128
                if isInk { expectedEdited += 1 }
                let alpha = decoded.pixels[x, y].a
                if alpha != (isInk ? 0 : 255) { allHard = false }
            }
        }
        #expect(allHard, "alpha is 0 exactly where the drawing is darker than 128 and 255 elsewhere")
        let report = try MaskCheck.check(maskData: written, against: ImageSize(width: 1536, height: 1024))
        #expect(report.isUsable && report.transparentPixels == expectedEdited && expectedEdited > 0)
        #expect(!(try MaskCheck.check(maskData: written, against: ImageSize(width: 1024, height: 1024))).isUsable)
    }

    @Test func maskCheckRefusesFilesWithoutAlphaOrNotPNG() throws {
        let rgb = try MaskCheck.check(maskData: try sharedFile("corpus/png/pngsuite/basn2c08.png"), against: ImageSize(width: 32, height: 32))
        #expect(rgb.problems == [.noAlphaChannel])
        let jpeg = try MaskCheck.check(maskData: try sharedFile("bench-corpus/photo_q90_1024x1024.jpg"), against: ImageSize(width: 1024, height: 1024))
        #expect(jpeg.problems.contains(.notPNG(.jpeg)) && jpeg.problems.contains(.noAlphaChannel))
    }

    @Test func writingUndecodableBytesFailsAtWriteWithoutLeavingAFile() async throws {
        let folder = try TemporaryFolder()
        let garbage = PipelineItem(data: Data("nope".utf8), origin: .file(path: "/in/x.png"), outputName: "x", outputFolder: folder.url)
        let outcome = await Pipeline([.write()]).process(garbage)
        #expect(outcome.failure?.stage == "write(item folder, uniqueName)")
        #expect(try folder.contents().isEmpty)
    }
}

/// The example of the ``Pipeline`` documentation and the README, run as written over a folder.
@Suite struct ReadmeExampleTests {
    @Test func composeYourOwnPipelineOverAFolder() async throws {
        let root = try TemporaryFolder()
        let input = root.url.appendingPathComponent("in"), output = root.url.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: input, withIntermediateDirectories: true)
        try sharedFile("corpus/png/pngsuite/basn6a08.png").write(to: input.appendingPathComponent("rgba.png"))
        try sharedFile("corpus/png/pngsuite/basn2c08.png").write(to: input.appendingPathComponent("opaque.png"))
        try Data("not an image".utf8).write(to: input.appendingPathComponent("notes.png"))

        let pipeline = Pipeline([
            .decode(),
            .validateTransparency(.required),
            .reencode(.webp(WebPOptions(quality: 80))),
            .thumbnail(256),
            .write(into: output),
        ])
        let inputs = try FileManager.default.contentsOfDirectory(at: input, includingPropertiesForKeys: nil)
        var written: [String] = []
        var failures: [String: String] = [:]
        for try await outcome in pipeline.outcomes(for: FileItems(urls: inputs)) {
            switch outcome.result {
            case .success(let item): written += item.files.map { URL(fileURLWithPath: $0.path).lastPathComponent }
            case .failure(let failure): failures[URL(fileURLWithPath: failure.item.origin.description).lastPathComponent] = failure.stage
            }
        }
        // The 32x32 image is never enlarged: its thumbnail is 32x32 too.
        #expect(written.sorted() == ["rgba.thumb.webp", "rgba.webp"])
        #expect(failures == ["opaque.png": "validateTransparency(required, fail)", "notes.png": "decode"])
    }

    @Test func anUnreadableFileFailsAloneWithTheReadErrorRecorded() async throws {
        let root = try TemporaryFolder()
        let good = root.url.appendingPathComponent("good.png")
        try sharedFile("corpus/png/pngsuite/basn6a08.png").write(to: good)
        let missing = root.url.appendingPathComponent("missing.png")
        let outcomes = try await collect(Pipeline([.decode()]).outcomes(for: FileItems(urls: [missing, good]), parallelism: 1))
        #expect(outcomes.count == 2)
        let failure = try #require(outcomes.first { $0.index == 0 }?.failure)
        #expect(failure.stage == "decode" && failure.item.warnings.first?.contains(missing.path) == true)
        #expect(outcomes.first { $0.index == 1 }?.item?.image?.width == 32)
    }

    func collect(_ stream: AsyncThrowingStream<PipelineOutcome, any Error>) async throws -> [PipelineOutcome] {
        var outcomes: [PipelineOutcome] = []
        for try await outcome in stream { outcomes.append(outcome) }
        return outcomes
    }
}

@Suite struct DecoderWarningTests {
    @Test func whatTheDecoderRecoveredFromBecomesAWarning() async throws {
        let path = "corpus/jpeg/generated/restart_markers_shuffled.jpg"
        let damaged = PipelineItem(data: try sharedFile(path), origin: .file(path: path), outputName: "damaged")
        let decoded = try ImageDecoder.decode(damaged.data)
        let result = try await Stages.Decode().process(damaged, context: context)
        #expect(result.image?.width == 128)
        let warning = try #require(decoded.warning, "libjpeg reports the shuffled restart markers")
        #expect(result.warnings == ["The image was damaged but decoded: \(warning)"])
    }
}
