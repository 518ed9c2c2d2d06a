import Codecs
import Crypto
import Foundation
import Testing

/// `ImageDecoder.decodeRows` hands out exactly the pixels `decode` returns, and
/// `ImageInfo.isOpaqueByFormat` never promises opacity a file does not have.
@Suite struct RowDecodingTests {
    /// Over every file of the corpus: the same outcome as a whole decode, rows in order, and
    /// the SHA-256 of the rows equal to the manifest's hash of the decoded RGBA pixels.
    @Test func rowsOfEveryCorpusFileMatchTheManifest() throws {
        let (corpus, rows) = try CorpusConformanceTests.manifestRows()
        var mismatches: [String] = []
        var streamedPNGs = 0
        for row in rows {
            let data = try Data(contentsOf: corpus.appendingPathComponent(row.path))
            let whole = Result { () throws(CodecError) in try ImageDecoder.decode(data) }
            var hasher = SHA256()
            var nextRow = 0
            var rowsOutOfOrder = false
            let streamed = Result { () throws(CodecError) in
                try ImageDecoder.decodeRows(data) { pixels, y in
                    if y != nextRow || pixels.height != 1 { rowsOutOfOrder = true }
                    nextRow += 1
                    hasher.update(data: pixels.pixels)
                }
            }
            switch (whole, streamed) {
            case (.success(let image), .success(let check)):
                let digest = hasher.finalize().map { String(format: "%02x", $0) }.joined()
                let expected = row.expected == "ok" ? row.sha256 : SHA256.hash(data: image.pixels.pixels).map { String(format: "%02x", $0) }.joined()
                if digest != expected || rowsOutOfOrder || nextRow != image.pixels.height || check.info != image.info
                    || check.warning != image.warning || !check.pixelsDecoded
                {
                    mismatches.append("\(row.path): rows differ from the whole decode")
                }
                if image.info.format == .png && !image.info.storage.contains("interlaced") { streamedPNGs += 1 }
            case (.failure(let error), .failure(let rowError)):
                if error != rowError { mismatches.append("\(row.path): \(rowError) instead of \(error)") }
            case (.success, .failure(let error)):
                mismatches.append("\(row.path): decodes whole, fails by rows: \(error)")
            case (.failure(let error), .success):
                mismatches.append("\(row.path): decodes by rows, fails whole: \(error)")
            }
        }
        #expect(mismatches.isEmpty, Comment(rawValue: mismatches.joined(separator: "\n")))
        #expect(streamedPNGs > 100, "the row-by-row path of libpng was exercised \(streamedPNGs) times")
    }

    /// A file the format says is opaque never decodes to a transparent pixel; and the flag is
    /// set for the plain cases (JPEG, RGB PNG, lossy WebP without alpha).
    @Test func opaqueByFormatIsAPromiseThePixelsKeep() throws {
        let (corpus, rows) = try CorpusConformanceTests.manifestRows()
        var broken: [String] = []
        var promised = 0
        for row in rows {
            guard let image = try? ImageDecoder.decode(Data(contentsOf: corpus.appendingPathComponent(row.path))) else { continue }
            guard image.info.isOpaqueByFormat else { continue }
            promised += 1
            if image.pixels.hasTransparency { broken.append(row.path) }
        }
        #expect(broken.isEmpty, "opaque by format, yet transparent: \(broken)")
        #expect(promised > 150)
        let bench = try SharedData.folder("bench-corpus")
        for (name, opaque) in [
            ("photo_rgb_1024x1024.png", true), ("photo_q90_1024x1024.jpg", true), ("photo_q90_1024x1024.webp", true),
            ("cutout_rgba_1024x1024.png", false), ("opaque_rgba_1024x1024.png", false), ("cutout_q90_1536x1024.webp", false),
        ] {
            let info = try ImageDecoder.info(ofFileAt: bench.appendingPathComponent(name))
            #expect(info.isOpaqueByFormat == opaque, "\(name)")
        }
    }
}
