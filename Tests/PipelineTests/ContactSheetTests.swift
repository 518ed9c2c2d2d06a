import Codecs
import Testing

@testable import Pipeline

@Suite struct ContactSheetTests {
    let red = RGBA(r: 255, g: 0, b: 0), green = RGBA(r: 0, g: 255, b: 0), blue = RGBA(r: 0, g: 0, b: 255)

    @Test func laysImagesOutInAGrid() throws {
        let tiles = [red, green, blue].map { PixelBuffer(width: 10, height: 10, filledWith: $0) }
        let sheet = try ContactSheet.make(from: tiles, spacing: 2)
        // Two columns (⌈√3⌉), two rows of 10x10 cells with 2 pixels around each.
        #expect(sheet.width == 26 && sheet.height == 26)
        #expect(sheet[2, 2] == red && sheet[11, 11] == red)
        #expect(sheet[14, 2] == green && sheet[23, 11] == green)
        #expect(sheet[2, 14] == blue)
        #expect(sheet[14, 14] == .white && sheet[0, 0] == .white && sheet[12, 5] == .white)
    }

    @Test func centresSmallerImagesAndBlendsTransparency() throws {
        let big = PixelBuffer(width: 10, height: 10, filledWith: red)
        let small = PixelBuffer(width: 4, height: 2, filledWith: RGBA(r: 0, g: 0, b: 0, a: 128))
        let sheet = try ContactSheet.make(from: [big, small], columns: 2, spacing: 0)
        #expect(sheet.width == 20 && sheet.height == 10)
        // The 4x2 tile sits at (10 + 3, 4) in its cell; half-transparent black over white is mid-gray.
        #expect(sheet[13, 4] == RGBA(r: 127, g: 127, b: 127) && sheet[16, 5] == RGBA(r: 127, g: 127, b: 127))
        #expect(sheet[12, 4] == .white && sheet[13, 3] == .white && sheet[17, 4] == .white)
    }

    @Test func largeImagesShrinkToTheCell() throws {
        let sheet = try ContactSheet.make(
            from: [PixelBuffer(width: 40, height: 20, filledWith: blue)], cellSize: ImageSize(width: 10, height: 10), spacing: 0)
        #expect(sheet.width == 10 && sheet.height == 10)
        #expect(sheet[5, 1] == .white && sheet[5, 2] == blue && sheet[5, 6] == blue && sheet[5, 7] == .white)
    }

    @Test func badLayoutsAreClearErrors() {
        #expect(throws: StageError.self) { try ContactSheet.make(from: []) }
        #expect(throws: StageError.self) { try ContactSheet.make(from: [PixelBuffer(width: 1, height: 1)], columns: 0) }
        #expect(throws: StageError.self) {
            try ContactSheet.make(from: [PixelBuffer(width: 1, height: 1)], cellSize: ImageSize(width: 100_000, height: 100_000))
        }
    }
}
