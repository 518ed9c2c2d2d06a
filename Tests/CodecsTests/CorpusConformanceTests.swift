import Codecs
import Crypto
import Foundation
import Testing

/// Every file of ../shared/corpus decodes (or fails) as its MANIFEST.tsv row says.
@Suite struct CorpusConformanceTests {
    struct Row {
        var path: String
        var expected: String
        var alternative: String
        var width: Int?
        var height: Int?
        var hasAlpha: Bool
        var sha256: String
    }

    static func manifestRows() throws -> (URL, [Row]) {
        let corpus = try SharedData.folder("corpus")
        let manifest = corpus.appendingPathComponent("MANIFEST.tsv")
        let text = try String(contentsOf: manifest, encoding: .utf8)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        let header = lines.removeFirst().split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        func column(_ name: String) throws -> Int {
            try #require(header.firstIndex(of: name), "MANIFEST.tsv has no column \(name)")
        }
        let path = try column("path"), expected = try column("expected"), alt = try column("alt")
        let width = try column("width"), height = try column("height"), alpha = try column("has_alpha")
        let shaC = try column("sha256_rgba_c"), shaPillow = try column("sha256_rgba"), notes = try column("notes")
        let rows = lines.map { line in
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            func cell(_ index: Int) -> String { index < cells.count ? cells[index] : "" }
            // has_alpha is Pillow's; where the C library disagrees, the notes give libpng's answer.
            var hasAlpha = cell(alpha) == "yes"
            if cell(notes).contains("has_alpha per libpng would be yes") { hasAlpha = true }
            if cell(notes).contains("has_alpha per libpng would be no") { hasAlpha = false }
            // sha256_rgba_c is left empty where it equals Pillow's (animations: the first frame on its canvas).
            let sha = cell(shaC).isEmpty ? cell(shaPillow) : cell(shaC)
            return Row(
                path: cell(path), expected: cell(expected), alternative: cell(alt), width: Int(cell(width)),
                height: Int(cell(height)), hasAlpha: hasAlpha, sha256: sha)
        }
        return (corpus, rows)
    }

    @Test func everyManifestRowDecodesAsExpected() throws {
        let (corpus, rows) = try Self.manifestRows()
        #expect(rows.count == 397, "MANIFEST.tsv should list 397 files")
        var mismatches: [String] = []
        var decoded = 0, refused = 0
        for row in rows {
            let data: Data
            do {
                data = try Data(contentsOf: corpus.appendingPathComponent(row.path))
            } catch {
                mismatches.append("\(row.path): cannot read the file (\(error))")
                continue
            }
            let acceptsOK = row.expected == "ok" || row.alternative == "ok"
            let acceptsError = row.expected == "error" || row.alternative == "error"
            do {
                let image = try ImageDecoder.decode(data)
                decoded += 1
                guard acceptsOK else {
                    mismatches.append("\(row.path): expected an error, decoded \(image.pixels.width)x\(image.pixels.height)")
                    continue
                }
                // An `alt=ok` row of an `error` row has no reference pixels to compare.
                guard row.expected == "ok" else { continue }
                var problems: [String] = []
                if image.pixels.width != row.width || image.pixels.height != row.height {
                    problems.append("size \(image.pixels.width)x\(image.pixels.height), expected \(row.width ?? -1)x\(row.height ?? -1)")
                }
                if image.pixels.hasTransparency != row.hasAlpha {
                    problems.append("hasTransparency \(image.pixels.hasTransparency), expected \(row.hasAlpha)")
                }
                let digest = SHA256.hash(data: image.pixels.pixels).map { String(format: "%02x", $0) }.joined()
                if digest != row.sha256 { problems.append("RGBA sha256 \(digest), expected \(row.sha256)") }
                if !problems.isEmpty { mismatches.append("\(row.path): " + problems.joined(separator: "; ")) }
            } catch {
                refused += 1
                if !acceptsError { mismatches.append("\(row.path): expected ok, got error: \(error)") }
            }
        }
        let report = "\(mismatches.count) of \(rows.count) rows differ (\(decoded) decoded, \(refused) refused):\n"
            + mismatches.joined(separator: "\n")
        #expect(mismatches.isEmpty, Comment(rawValue: report))
    }
}
