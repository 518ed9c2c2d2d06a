import Codecs
import Foundation
import Testing

@testable import Pipeline

/// What the write stage does when part of its work fails after the image is on disk.
@Suite("Write stage failures")
struct WriteStageFailureTests {
    @Test func thumbnailThatCannotBeWrittenLeavesTheImageWrittenAndRecorded() async throws {
        let folder = try TemporaryFolder()
        // A folder squats the thumbnail's name; no rename replaces a non-empty folder, even for root.
        let squatter = folder.url.appendingPathComponent("tile.thumb.png")
        try FileManager.default.createDirectory(at: squatter, withIntermediateDirectories: true)
        try Data("x".utf8).write(to: squatter.appendingPathComponent("inside"))
        let source = item(makeBuffer(width: 64, height: 48) { x, y in RGBA(r: UInt8(x * 4), g: UInt8(y * 5), b: 90, a: 255) }, name: "tile")

        let outcome = await Pipeline([.thumbnail(16), .write(into: folder.url, policy: .overwrite)]).process(source)
        let written = try #require(outcome.item, "\(outcome.failure.map(String.init(describing:)) ?? "")")
        #expect(written.files.map(\.role) == [.image])
        let image = try #require(written.files.first)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: image.path))
        #expect(Stages.Write.sha256(bytes) == image.sha256)
        #expect(try ImageDecoder.decode(bytes).pixels.width == 64)
        #expect(written.warnings.contains { $0.contains("tile.thumb.png") }, "\(written.warnings)")
        #expect(try folder.contents() == ["tile.png", "tile.thumb.png"])
    }
}
