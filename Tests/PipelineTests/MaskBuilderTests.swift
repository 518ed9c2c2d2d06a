import Codecs
import Testing

@testable import Pipeline

@Suite struct MaskBuilderTests {
    @Test func blackIsEditedAndWhiteKept() throws {
        let drawing = makeBuffer(width: 2, height: 1) { x, _ in x == 0 ? .black : .white }
        let mask = try MaskBuilder.build(from: drawing)
        #expect(mask[0, 0] == RGBA(r: 255, g: 255, b: 255, a: 0))
        #expect(mask[1, 0] == RGBA(r: 255, g: 255, b: 255, a: 255))
    }

    @Test func pixelsExactlyAtTheThresholdAreKept() throws {
        // Grays 127, 128, 129 around the default threshold of 128, and 99/100 around 100.
        let drawing = makeBuffer(width: 5, height: 1) { x, _ in gray([127, 128, 129, 99, 100][x]) }
        let standard = try MaskBuilder.build(from: drawing, options: MaskOptions(source: .blackAndWhite))
        #expect(alphas(standard) == [[0, 255, 255, 0, 0]])
        let low = try MaskBuilder.build(from: drawing, options: MaskOptions(source: .luminance(threshold: 100)))
        #expect(alphas(low) == [[255, 255, 255, 0, 255]])
    }

    @Test func luminanceUsesRec601WeightsOnColour() throws {
        // Pure green has luminance 149 (kept at 128), pure red 77 and pure blue 29 (edited).
        let drawing = makeBuffer(width: 3, height: 1) { x, _ in
            [RGBA(r: 0, g: 255, b: 0), RGBA(r: 255, g: 0, b: 0), RGBA(r: 0, g: 0, b: 255)][x]
        }
        let mask = try MaskBuilder.build(from: drawing)
        #expect(alphas(mask) == [[255, 0, 0]])
        let soft = try MaskBuilder.build(from: drawing, options: MaskOptions(source: .softLuminance))
        #expect(alphas(soft) == [[149, 77, 29]])
    }

    @Test func softMaskAlphaIsTheGrayValue() throws {
        let drawing = makeBuffer(width: 4, height: 1) { x, _ in gray([0, 64, 200, 255][x]) }
        let mask = try MaskBuilder.build(from: drawing, options: MaskOptions(source: .softLuminance))
        #expect(alphas(mask) == [[0, 64, 200, 255]])
        #expect(mask[1, 0] == RGBA(r: 255, g: 255, b: 255, a: 64))
    }

    @Test func transparentPartsOfADrawingCountAsWhitePaper() throws {
        // Black ink at alpha 0 is paper (kept); at alpha 255 it is ink (edited).
        let drawing = makeBuffer(width: 2, height: 1) { x, _ in x == 0 ? RGBA.clear : RGBA.black }
        #expect(alphas(try MaskBuilder.build(from: drawing)) == [[255, 0]])
    }

    @Test func alphaSourceCopiesTheAlphaChannel() throws {
        let cutout = makeBuffer(width: 3, height: 1) { x, _ in RGBA(r: 10, g: 200, b: 30, a: [0, 90, 255][x]) }
        let mask = try MaskBuilder.build(from: cutout, options: MaskOptions(source: .alpha))
        #expect(alphas(mask) == [[0, 90, 255]])
        let inverted = try MaskBuilder.build(from: cutout, options: MaskOptions(source: .alpha, inverted: true))
        #expect(alphas(inverted) == [[255, 165, 0]])
    }

    @Test func invertedMakesWhiteTheEditedArea() throws {
        let drawing = makeBuffer(width: 3, height: 1) { x, _ in gray([0, 128, 255][x]) }
        let mask = try MaskBuilder.build(from: drawing, options: MaskOptions(inverted: true))
        #expect(alphas(mask) == [[255, 0, 0]])
    }

    @Test func fittingAHardMaskKeepsItHardAndExact() throws {
        // 4x4: the left half black. Fitted to 2x2 and to 8x8 the left half stays edited, the right kept.
        let drawing = makeBuffer(width: 4, height: 4) { x, _ in x < 2 ? .black : .white }
        let small = try MaskBuilder.build(from: drawing, options: MaskOptions(fittingTo: ImageSize(width: 2, height: 2)))
        #expect(alphas(small) == [[0, 255], [0, 255]])
        let large = try MaskBuilder.build(from: drawing, options: MaskOptions(fittingTo: ImageSize(width: 8, height: 8)))
        #expect(large.width == 8 && large.height == 8)
        #expect(alphas(large).allSatisfy { $0 == [0, 0, 0, 0, 255, 255, 255, 255] })
        #expect((0..<8).allSatisfy { large[$0, 3].r == 255 && large[$0, 3].g == 255 && large[$0, 3].b == 255 })
    }

    @Test func fittingASoftMaskAveragesExactly() throws {
        // 2x2 blocks of gray 0/100/200/255 shrunk to 1x1 average to (0+100+200+255)/4 = 138.75.
        let drawing = makeBuffer(width: 2, height: 2) { x, y in gray([[0, 100], [200, 255]][y][x]) }
        let mask = try MaskBuilder.build(
            from: drawing, options: MaskOptions(source: .softLuminance, fittingTo: ImageSize(width: 1, height: 1)))
        #expect(alphas(mask) == [[139]])
    }

    @Test func fittingToAnEmptySizeIsAClearError() {
        #expect(throws: StageError.self) {
            try MaskBuilder.build(from: PixelBuffer(width: 1, height: 1), options: MaskOptions(fittingTo: ImageSize(width: 0, height: 5)))
        }
    }

    @Test func invertMaskStageSwapsEditedAndKeptAreas() async throws {
        let mask = makeBuffer(width: 3, height: 1) { x, _ in RGBA(r: 255, g: 255, b: 255, a: [0, 40, 255][x]) }
        let stage: Stages.BuildMask = .invertMask()
        let inverted = try await stage.process(item(mask), context: context)
        #expect(inverted.image.map(alphas) == [[255, 215, 0]])
        #expect(stage.description == "buildMask(alpha, inverted)")
    }

    @Test func maskStageReplacesTheImageAndWritesRGBAPNG() async throws {
        let drawing = makeBuffer(width: 2, height: 2) { x, _ in x == 0 ? .black : .white }
        let result = try await Stages.BuildMask(MaskOptions(inverted: true)).process(item(drawing), context: context)
        #expect(result.image.map(alphas) == [[255, 0], [255, 0]])
        #expect(result.format == .png)
        #expect(result.encoding == .png(PNGOptions(dropsOpaqueAlpha: false)))
        #expect(result.imageIsNewerThanData)
    }
}

@Suite struct MaskCheckTests {
    let imageSize = ImageSize(width: 4, height: 2)

    @Test func aMaskWithSomeAreaToEditIsUsable() {
        let mask = makeBuffer(width: 4, height: 2) { x, _ in x == 0 ? RGBA(r: 255, g: 255, b: 255, a: 0) : .white }
        let report = MaskCheck.check(mask, against: imageSize)
        #expect(report.isUsable)
        #expect(report.transparentPixels == 2)
        #expect(report.editFraction == 0.25)
    }

    @Test func sizeMismatchNamesBothSizes() {
        let mask = makeBuffer(width: 2, height: 2) { x, _ in x == 0 ? RGBA.clear : .white }
        let report = MaskCheck.check(mask, against: imageSize)
        #expect(report.problems == [.sizeMismatch(mask: ImageSize(width: 2, height: 2), image: imageSize)])
        #expect(report.description.contains("2x2") && report.description.contains("4x2"))
    }

    @Test func opaqueTransparentAndAlphaLessMasksAreRefused() {
        let opaque = PixelBuffer(width: 4, height: 2, filledWith: .white)
        #expect(MaskCheck.check(opaque, against: imageSize).problems == [.nothingToEdit])
        let clear = PixelBuffer(width: 4, height: 2, filledWith: .clear)
        #expect(MaskCheck.check(clear, against: imageSize).problems == [.everythingToEdit])
        #expect(MaskCheck.check(opaque, against: imageSize, fileHasAlphaChannel: false).problems == [.noAlphaChannel])
    }
}
