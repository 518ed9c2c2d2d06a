import Codecs
import Testing

@testable import Pipeline

@Suite struct ValidationStageTests {
    @Test func exactDimensionsPass() async throws {
        let result = try await Stages.ValidateDimensions([ImageSize(width: 3, height: 2)])
            .process(item(PixelBuffer(width: 3, height: 2)), context: context)
        #expect(result.validations == [ValidationResult(check: "dimensions", passed: true, detail: "The image is 3x2, as expected.")])
    }

    @Test func aMismatchNamesBothSizes() async throws {
        let stage = Stages.ValidateDimensions([ImageSize(width: 1024, height: 1024)])
        await #expect(throws: StageError.dimensionMismatch(expected: [ImageSize(width: 1024, height: 1024)], actual: ImageSize(width: 3, height: 2))) {
            try await stage.process(item(PixelBuffer(width: 3, height: 2)), context: context)
        }
        #expect(
            StageError.dimensionMismatch(expected: [ImageSize(width: 1024, height: 1024)], actual: ImageSize(width: 3, height: 2)).description
                == "The image is 3x2, expected 1024x1024.")
        let autoSizes = [ImageSize(width: 1024, height: 1024), ImageSize(width: 1536, height: 1024), ImageSize(width: 1024, height: 1536)]
        #expect(
            StageError.dimensionMismatch(expected: autoSizes, actual: ImageSize(width: 512, height: 512)).description
                == "The image is 512x512, expected one of 1024x1024, 1536x1024, 1024x1536.")
    }

    @Test func aSetOfSizesAcceptsAnyOfThem() async throws {
        let stage = Stages.ValidateDimensions([ImageSize(width: 2, height: 3), ImageSize(width: 3, height: 2)])
        let result = try await stage.process(item(PixelBuffer(width: 3, height: 2)), context: context)
        #expect(result.validations.first?.passed == true)
    }

    @Test func warnPolicyRecordsAndGoesOn() async throws {
        let stage = Stages.ValidateDimensions([ImageSize(width: 4, height: 4)], policy: .warn)
        let result = try await stage.process(item(PixelBuffer(width: 3, height: 2)), context: context)
        #expect(result.validations.first?.passed == false)
        #expect(result.warnings == ["The image is 3x2, expected 4x4."])
    }

    @Test func transparencyRequiredReportsTheFraction() async throws {
        let quarterClear = makeBuffer(width: 2, height: 2) { x, y in x == 0 && y == 0 ? .clear : .white }
        let result = try await Stages.ValidateTransparency(.required).process(item(quarterClear), context: context)
        #expect(result.validations == [ValidationResult(check: "transparency", passed: true, detail: "1 of 4 pixels (25.0%) are transparent.")])

        await #expect(throws: StageError.transparencyMissing) {
            try await Stages.ValidateTransparency(.required).process(item(PixelBuffer(width: 2, height: 2, filledWith: .white)), context: context)
        }
    }

    @Test func transparencyForbidden() async throws {
        let quarterClear = makeBuffer(width: 2, height: 2) { x, y in x == 0 && y == 0 ? .clear : .white }
        await #expect(throws: StageError.transparencyPresent(transparentPixels: 1, totalPixels: 4)) {
            try await Stages.ValidateTransparency(.forbidden).process(item(quarterClear), context: context)
        }
        let warned = try await Stages.ValidateTransparency(.forbidden, policy: .warn).process(item(quarterClear), context: context)
        #expect(warned.warnings == ["Transparency was forbidden but 1 of 4 pixels (25.0%) are transparent."])
        let opaque = try await Stages.ValidateTransparency(.forbidden).process(item(PixelBuffer(width: 2, height: 2, filledWith: .black)), context: context)
        #expect(opaque.validations.first?.passed == true)
    }

    @Test func flatteningBlendsOntoTheBackground() {
        let pixels = makeBuffer(width: 3, height: 1) { x, _ in
            [RGBA(r: 255, g: 0, b: 255, a: 0), RGBA(r: 0, g: 0, b: 0, a: 128), RGBA(r: 10, g: 20, b: 30)][x]
        }
        let onWhite = pixels.flattened()
        #expect(onWhite[0, 0] == .white, "the hidden colour of a transparent pixel never shows")
        #expect(onWhite[1, 0] == RGBA(r: 127, g: 127, b: 127))
        #expect(onWhite[2, 0] == RGBA(r: 10, g: 20, b: 30))
        #expect(pixels.flattened(onto: RGBA(r: 0, g: 128, b: 0))[0, 0] == RGBA(r: 0, g: 128, b: 0))
    }
}
