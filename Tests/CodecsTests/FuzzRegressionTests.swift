import Codecs
import Foundation
import Testing

/// Inputs that once found a bug (by fuzzing or by review) decode as they should now.
/// Each file of fixtures/fuzz-regressions/ is described in fixtures/README.md and must be listed
/// here, so that a new regression input cannot be added without saying what it must do.
@Suite struct FuzzRegressionTests {
    enum Outcome: Sendable {
        /// Decodes to this size (the pixels are checked by a test of their own).
        case decodes(width: Int, height: Int)
        /// Throws a ``CodecError`` whose description contains `message`.
        case fails(containing: String)
    }

    static let expectations: [String: Outcome] = [
        // A 92-byte animation declaring a 4000x4000 canvas for a 1x1 frame at (2000, 2000).
        "animated_canvas_4000x4000_one_pixel_frame.webp": .decodes(width: 4000, height: 4000),
    ]

    static func folder(filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/fuzz-regressions")
    }

    static func files() throws -> [URL] {
        let folder = folder()
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { !$0.hasPrefix(".") }.sorted()
        return names.map { folder.appendingPathComponent($0) }
    }

    @Test func everyRegressionInputIsListedWithItsOutcome() throws {
        let names = try Self.files().map(\.lastPathComponent)
        #expect(!names.isEmpty, "no files in \(Self.folder().path)")
        #expect(Set(names) == Set(Self.expectations.keys), "files \(names), listed \(Self.expectations.keys.sorted())")
    }

    @Test func everyRegressionInputDecodesOrFailsAsListed() throws {
        for file in try Self.files() {
            let outcome = try #require(Self.expectations[file.lastPathComponent], "\(file.lastPathComponent) is not listed")
            let data = try Data(contentsOf: file)
            switch outcome {
            case .decodes(let width, let height):
                let image = try ImageDecoder.decode(data)
                #expect(image.pixels.width == width && image.pixels.height == height, "\(file.lastPathComponent)")
                // info(of:) and decode agree, and a reduced-size decode stays within the image.
                #expect(try ImageDecoder.info(of: data) == image.info)
                let reduced = try ImageDecoder.decode(data, options: DecodingOptions(minimumSize: (width / 4, height / 4)))
                #expect(reduced.pixels.width <= width && reduced.pixels.height <= height)
            case .fails(let message):
                do {
                    let image = try ImageDecoder.decode(data)
                    Issue.record("\(file.lastPathComponent) decoded to \(image.pixels.width)x\(image.pixels.height)")
                } catch {
                    #expect(error.description.contains(message), "\(file.lastPathComponent): \(error)")
                }
            }
        }
    }

    /// The first frame lands at its offset on a transparent canvas, as libwebp's animation
    /// decoder would put it, without that decoder's two extra canvases.
    @Test func aTinyFrameOnAHugeCanvasIsPlacedAtItsOffset() throws {
        let data = try Data(contentsOf: Self.folder().appendingPathComponent("animated_canvas_4000x4000_one_pixel_frame.webp"))
        let image = try ImageDecoder.decode(data)
        #expect(image.info.frameCount == 1)
        #expect(image.info.storage == "animated lossless +alpha (1 frames)")
        #expect(image.pixels[2000, 2000] == RGBA(r: 255, g: 128, b: 0, a: 255))
        #expect(image.pixels[1999, 2000] == .clear && image.pixels[2001, 2000] == .clear && image.pixels[2000, 1999] == .clear)
        #expect(image.pixels.transparentPixelCount() == 4000 * 4000 - 1)
        // Refused before any canvas exists when it is over the limit.
        #expect(throws: CodecError.tooManyPixels(format: .webp, width: 4000, height: 4000, limit: 10_000_000)) {
            try ImageDecoder.decode(data, options: DecodingOptions(pixelLimit: 10_000_000))
        }
    }
}
