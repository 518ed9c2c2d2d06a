import Codecs
import Foundation
import Testing

/// `ImageDecoder.checkStructure` finds damage to a file's container without decoding pixels,
/// and passes intact files.
@Suite struct StructureCheckTests {
    static let intactFiles = [
        "photo_rgb_1024x1024.png", "cutout_rgba_1024x1536.png", "mask_gray_1024x1024.png",
        "photo_q90_1024x1024.jpg", "photo_q90_1024x1024.webp", "cutout_q90_1536x1024.webp",
    ]

    static func bench(_ name: String) throws -> Data {
        try Data(contentsOf: SharedData.folder("bench-corpus").appendingPathComponent(name))
    }

    @Test(arguments: intactFiles) func intactFilesPass(_ name: String) throws {
        let data = try Self.bench(name)
        let check = try ImageDecoder.checkStructure(of: data)
        #expect(check.pixelsDecoded == false)
        #expect(check.warning == nil)
        #expect(check.info == (try ImageDecoder.info(of: data)))
    }

    /// Every intact, decodable file of the conformance corpus passes too.
    @Test func everyCleanCorpusFilePasses() throws {
        let (corpus, rows) = try CorpusConformanceTests.manifestRows()
        var refused: [String] = []
        for row in rows where (row.kind == "basic" || row.kind == "edge") && row.expected == "ok" {
            let data = try Data(contentsOf: corpus.appendingPathComponent(row.path))
            do {
                _ = try ImageDecoder.checkStructure(of: data)
            } catch {
                refused.append("\(row.path): \(error)")
            }
        }
        #expect(refused.isEmpty, Comment(rawValue: refused.joined(separator: "\n")))
    }

    /// A file cut short anywhere after its header is caught, in every format.
    @Test(arguments: intactFiles) func truncationIsCaught(_ name: String) throws {
        let data = try Self.bench(name)
        for fraction in [0.3, 0.6, 0.9, 0.999] {
            let cut = data.prefix(Int(Double(data.count) * fraction))
            #expect(throws: CodecError.self, "\(name) cut at \(fraction)") { try ImageDecoder.checkStructure(of: cut) }
        }
    }

    /// One flipped bit inside a PNG's image data breaks that chunk's CRC.
    @Test func aFlippedBitInPNGImageDataIsCaught() throws {
        var data = try Self.bench("photo_rgb_1024x1024.png")
        data[data.count / 2] ^= 0x10
        do {
            _ = try ImageDecoder.checkStructure(of: data)
            Issue.record("the damaged file passed")
        } catch {
            guard case .decodingFailed(.png, let reason) = error else { throw error }
            #expect(reason.contains("IDAT: CRC error"), "\(reason)")
        }
    }

    /// A damaged ancillary chunk is skipped as libpng skips it; a missing IEND is a warning.
    @Test func ancillaryDamageAndAMissingEndAreNotFatal() throws {
        let data = try Self.bench("photo_rgb_1024x1024.png")
        var withText = Data(data.prefix(33))  // signature + IHDR
        withText.append(contentsOf: [0, 0, 0, 4] + Array("tEXt".utf8) + Array("a\0bc".utf8) + [1, 2, 3, 4])  // wrong CRC
        withText.append(data.dropFirst(33))
        #expect(try ImageDecoder.checkStructure(of: withText).warning == nil)
        #expect(try ImageDecoder.decode(withText).pixels.width == 1024, "libpng agrees the file is fine")

        let noEnd = data.dropLast(12)
        #expect(try ImageDecoder.checkStructure(of: noEnd).warning?.contains("no IEND chunk") == true)
    }

    @Test func webpRIFFSizeBeyondTheFileIsCaught() throws {
        var data = try Self.bench("photo_q90_1024x1024.webp")
        let declared = UInt32(data.count - 8 + 4096)
        data.replaceSubrange(4..<8, with: withUnsafeBytes(of: declared.littleEndian) { Array($0) })
        #expect(throws: CodecError.self) { try ImageDecoder.checkStructure(of: data) }
    }

    @Test func thePixelLimitAppliesAsInADecode() throws {
        let data = try Self.bench("photo_rgb_1024x1024.png")
        var options = DecodingOptions()
        options.pixelLimit = 1000
        #expect(throws: CodecError.tooManyPixels(format: .png, width: 1024, height: 1024, limit: 1000)) {
            try ImageDecoder.checkStructure(of: data, options: options)
        }
    }
}
