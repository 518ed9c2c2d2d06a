import Codecs
import Testing

@testable import Pipeline

@Suite struct ImageResizerTests {
    struct SizeCase: Sendable, CustomTestStringConvertible {
        var source: ImageSize
        var box: ImageSize
        var fit: ResizeFit
        var expected: ImageSize
        var testDescription: String { "\(source) into \(box) \(fit.rawValue) → \(expected)" }
    }

    static let box = ImageSize(width: 40, height: 40)
    static let wide = ImageSize(width: 60, height: 20)
    static let landscape = ImageSize(width: 150, height: 100)
    static let portrait = ImageSize(width: 100, height: 150)
    static let square = ImageSize(width: 120, height: 120)

    static let sizeCases: [SizeCase] = [
        SizeCase(source: landscape, box: box, fit: .inside, expected: ImageSize(width: 40, height: 27)),
        SizeCase(source: landscape, box: box, fit: .outside, expected: ImageSize(width: 60, height: 40)),
        SizeCase(source: landscape, box: box, fit: .cover, expected: box),
        SizeCase(source: landscape, box: box, fit: .contain, expected: box),
        SizeCase(source: landscape, box: box, fit: .fill, expected: box),
        SizeCase(source: portrait, box: box, fit: .inside, expected: ImageSize(width: 27, height: 40)),
        SizeCase(source: portrait, box: box, fit: .outside, expected: ImageSize(width: 40, height: 60)),
        SizeCase(source: portrait, box: box, fit: .cover, expected: box),
        SizeCase(source: portrait, box: box, fit: .contain, expected: box),
        SizeCase(source: portrait, box: box, fit: .fill, expected: box),
        SizeCase(source: square, box: box, fit: .inside, expected: box),
        SizeCase(source: square, box: box, fit: .outside, expected: box),
        SizeCase(source: square, box: box, fit: .cover, expected: box),
        SizeCase(source: square, box: box, fit: .contain, expected: box),
        SizeCase(source: square, box: box, fit: .fill, expected: box),
        SizeCase(source: landscape, box: wide, fit: .inside, expected: ImageSize(width: 30, height: 20)),
        SizeCase(source: landscape, box: wide, fit: .outside, expected: ImageSize(width: 60, height: 40)),
        SizeCase(source: landscape, box: wide, fit: .cover, expected: wide),
        SizeCase(source: landscape, box: wide, fit: .contain, expected: wide),
        SizeCase(source: landscape, box: wide, fit: .fill, expected: wide),
        SizeCase(source: portrait, box: wide, fit: .inside, expected: ImageSize(width: 13, height: 20)),
        SizeCase(source: portrait, box: wide, fit: .outside, expected: ImageSize(width: 60, height: 90)),
        SizeCase(source: portrait, box: wide, fit: .cover, expected: wide),
    ]

    @Test(arguments: sizeCases, [ResamplingFilter.lanczos3, .area])
    func resizedImageHasTheExpectedSize(_ sizeCase: SizeCase, filter: ResamplingFilter) throws {
        let source = PixelBuffer(width: sizeCase.source.width, height: sizeCase.source.height, filledWith: RGBA(r: 10, g: 120, b: 230))
        let options = ResizeOptions(width: sizeCase.box.width, height: sizeCase.box.height, fit: sizeCase.fit, filter: filter)
        let result = try ImageResizer.resize(source, with: options)
        #expect(ImageSize(width: result.width, height: result.height) == sizeCase.expected)
        // A flat colour stays exactly that colour wherever the image lands.
        #expect(result[result.width / 2, result.height / 2] == RGBA(r: 10, g: 120, b: 230))
    }

    @Test(arguments: [
        (ResizeFit.inside, ImageSize(width: 1024, height: 683)), (.outside, ImageSize(width: 1536, height: 1024)),
        (.cover, ImageSize(width: 1024, height: 1024)), (.contain, ImageSize(width: 1024, height: 1024)),
        (.fill, ImageSize(width: 1024, height: 1024)),
    ])
    func apiSizesIntoASquareBox(fit: ResizeFit, expected: ImageSize) throws {
        let geometry = try ImageResizer.geometry(
            for: ImageSize(width: 1536, height: 1024), with: ResizeOptions(width: 1024, height: 1024, fit: fit))
        #expect(geometry.output == expected)
    }

    @Test(arguments: ResizeFit.allCases)
    func smallImagesAreNeverEnlargedUnlessAsked(fit: ResizeFit) throws {
        let small = PixelBuffer(width: 20, height: 10, filledWith: .white)
        let kept = try ImageResizer.resize(small, with: ResizeOptions(width: 40, height: 40, fit: fit))
        let expectedKept = fit == .contain ? ImageSize(width: 40, height: 40) : ImageSize(width: 20, height: 10)
        #expect(ImageSize(width: kept.width, height: kept.height) == expectedKept)
        if fit == .contain {
            // Padded, not stretched: the 20x10 image sits in the middle of a transparent 40x40 canvas.
            #expect(kept[20, 20] == .white && kept[20, 5] == .clear && kept[5, 20] == .clear)
        }

        let enlarged = try ImageResizer.resize(small, with: ResizeOptions(width: 40, height: 40, fit: fit, allowsEnlargement: true))
        let expectedEnlarged: ImageSize =
            switch fit {
            case .inside: ImageSize(width: 40, height: 20)
            case .outside: ImageSize(width: 80, height: 40)
            case .cover, .contain, .fill: ImageSize(width: 40, height: 40)
            }
        #expect(ImageSize(width: enlarged.width, height: enlarged.height) == expectedEnlarged)
    }

    @Test func containCentresAndPadsWithTheBackground() throws {
        let source = PixelBuffer(width: 150, height: 100, filledWith: .black)
        let red = RGBA(r: 255, g: 0, b: 0)
        let result = try ImageResizer.resize(source, with: ResizeOptions(width: 40, height: 40, fit: .contain, background: red))
        // 40x27 placed at y = (40 - 27) / 2 = 6: rows 0...5 and 33...39 are padding.
        #expect((0..<40).allSatisfy { result[$0, 5] == red && result[$0, 6] == .black && result[$0, 32] == .black && result[$0, 33] == red })
    }

    @Test func coverCropsTheCentre() throws {
        // Left half red, right half blue; cover 40x40 scales to 60x40 and crops 10 columns each side.
        let red = RGBA(r: 255, g: 0, b: 0), blue = RGBA(r: 0, g: 0, b: 255)
        let source = makeBuffer(width: 150, height: 100) { x, _ in x < 75 ? red : blue }
        let result = try ImageResizer.resize(source, with: ResizeOptions(width: 40, height: 40, fit: .cover))
        #expect(result[5, 20] == red && result[34, 20] == blue)
        #expect(result[0, 0] == red && result[39, 39] == blue)
    }

    @Test func areaAveragingIsExact() {
        // 2x2 blocks of four colours shrink to one pixel each; a pair of red and blue averages to (128, 0, 128).
        let colours = [RGBA(r: 255, g: 0, b: 0), RGBA(r: 0, g: 255, b: 0), RGBA(r: 0, g: 0, b: 255), RGBA(r: 40, g: 80, b: 120)]
        let blocks = makeBuffer(width: 4, height: 4) { x, y in colours[(y / 2) * 2 + x / 2] }
        let shrunk = ImageResizer.resample(blocks, width: 2, height: 2, filter: .area)
        #expect([shrunk[0, 0], shrunk[1, 0], shrunk[0, 1], shrunk[1, 1]] == colours)
        let pair = makeBuffer(width: 2, height: 1) { x, _ in x == 0 ? RGBA(r: 255, g: 0, b: 0) : RGBA(r: 0, g: 0, b: 255) }
        #expect(ImageResizer.resample(pair, width: 1, height: 1, filter: .area)[0, 0] == RGBA(r: 128, g: 0, b: 128))
    }

    @Test(arguments: ResamplingFilter.allCases)
    func averagingIsInPremultipliedAlpha(filter: ResamplingFilter) {
        // Opaque white next to transparent magenta: the visible colour stays white, only alpha halves.
        let pair = makeBuffer(width: 2, height: 1) { x, _ in x == 0 ? .white : RGBA(r: 255, g: 0, b: 255, a: 0) }
        let merged = ImageResizer.resample(pair, width: 1, height: 1, filter: filter)[0, 0]
        #expect(merged.r == 255 && merged.g == 255 && merged.b == 255)
        #expect(merged.a == 128)
    }

    /// A white disc with a soft edge on fully transparent pixels whose hidden colour is pure magenta.
    static func discOnHiddenMagenta(side: Int) -> PixelBuffer {
        let centre = Double(side) / 2, radius = Double(side) * 0.3
        return makeBuffer(width: side, height: side) { x, y in
            let distance = ((Double(x) + 0.5 - centre) * (Double(x) + 0.5 - centre) + (Double(y) + 0.5 - centre) * (Double(y) + 0.5 - centre)).squareRoot()
            let coverage = min(max(radius + 0.5 - distance, 0), 1)
            return coverage == 0 ? RGBA(r: 255, g: 0, b: 255, a: 0) : RGBA(r: 255, g: 255, b: 255, a: UInt8((coverage * 255).rounded()))
        }
    }

    @Test(arguments: ResamplingFilter.allCases, [17, 32, 50, 64, 97])
    func noMagentaHaloAroundAWhiteShape(filter: ResamplingFilter, side: Int) throws {
        let source = Self.discOnHiddenMagenta(side: 200)
        let thumbnail = try ImageResizer.resize(source, with: ResizeOptions(width: side, height: side, filter: filter))
        var edgePixels = 0
        for y in 0..<thumbnail.height {
            for x in 0..<thumbnail.width {
                let pixel = thumbnail[x, y]
                guard pixel.a > 0 else { continue }
                if pixel.a < 255 { edgePixels += 1 }
                // Magenta is (255, 0, 255): a tint towards it lowers green below white's 255.
                #expect(pixel.g >= 253 && pixel.r >= 253 && pixel.b >= 253, "pixel (\(x), \(y)) is \(pixel)")
            }
        }
        #expect(edgePixels > 0, "the shape must have soft edges for the test to mean anything")
    }

    @Test func badBoxIsAClearError() {
        #expect(throws: StageError.invalidOption(name: "resize box", value: "0x10", allowed: "at least 1x1")) {
            try ImageResizer.resize(PixelBuffer(width: 2, height: 2), with: ResizeOptions(width: 0, height: 10))
        }
    }

    @Test func resizeAndThumbnailStages() async throws {
        let source = PixelBuffer(width: 150, height: 100, filledWith: .white)
        let resized = try await Stages.Resize(ResizeOptions(width: 60, height: 60)).process(item(source), context: context)
        #expect(resized.image?.width == 60 && resized.image?.height == 40 && resized.imageIsNewerThanData)

        let thumbnailed = try await Stages.Thumbnail(ResizeOptions(width: 30, height: 30)).process(item(source), context: context)
        #expect(thumbnailed.image?.width == 150, "the image itself is unchanged")
        #expect(thumbnailed.thumbnail?.pixels.width == 30 && thumbnailed.thumbnail?.pixels.height == 20)
    }
}
