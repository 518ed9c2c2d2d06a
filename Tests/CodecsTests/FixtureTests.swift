import Codecs
import Foundation
import Testing

/// The project's own fixtures are what fixtures/README.md says they are.
@Suite struct FixtureTests {
    static func fixture(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("fixtures/\(name)")
    }

    @Test(arguments: [
        ("logo.png", ImageFormat.png, 512, 512, "rgba 8-bit", true),
        ("mask.png", .png, 512, 512, "gray 8-bit", false),
        ("photo.jpg", .jpeg, 512, 512, "ycbcr baseline", false),
        ("sticker.webp", .webp, 384, 384, "lossy +alpha", true),
    ])
    func fixturesAreWhatTheReadmeSays(name: String, format: ImageFormat, width: Int, height: Int, storage: String, transparent: Bool) throws {
        let url = Self.fixture(name)
        let image = try ImageDecoder.decode(contentsOf: url)
        #expect(image.info.format == format)
        #expect(image.pixels.width == width && image.pixels.height == height)
        #expect(image.info.storage == storage)
        #expect(image.pixels.hasTransparency == transparent)
        let bytes = try #require(try FileManager.default.attributesOfItem(atPath: url.path)[.size] as? Int)
        #expect(bytes < 60_000, "fixtures stay small")
    }

    @Test func theMaskIsBlackWhereTheImageIsToBeEdited() throws {
        let mask = try ImageDecoder.decode(contentsOf: Self.fixture("mask.png")).pixels
        #expect(mask[256, 300] == .black)
        #expect(mask[10, 10] == .white)
        #expect(mask.pixels.enumerated().allSatisfy { index, value in index % 4 == 3 || value == mask.pixels[index - index % 4] })
    }

    @Test func aMissingFileIsATypedError() {
        let url = Self.fixture("no-such-image.png")
        #expect(throws: CodecError.unreadableFile(path: url.path, reason: "no such file")) {
            try ImageDecoder.decode(contentsOf: url)
        }
    }
}
