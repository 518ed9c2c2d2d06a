import Codecs
import Foundation
import Testing

@testable import Pipeline

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// A file of the shared corpora (`<package root>/../shared/corpus/...` or `.../bench-corpus/...`);
/// records a failure naming where it looked when missing.
func sharedFile(_ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> Data {
    let url = packageRoot.deletingLastPathComponent().appendingPathComponent("shared").appendingPathComponent(relativePath)
    guard let data = FileManager.default.contents(atPath: url.path) else {
        Issue.record("The corpus file is missing: looked for \(url.path)", sourceLocation: sourceLocation)
        throw CocoaError(.fileNoSuchFile)
    }
    return data
}

/// A fresh empty folder under the system's temporary folder, removed by `cleanUp()`.
struct TemporaryFolder: ~Copyable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pipeline-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    /// Names of everything in the folder, hidden files included, sorted.
    func contents() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: url.path).sorted()
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// A buffer whose pixels come from `color(x, y)`.
func makeBuffer(width: Int, height: Int, _ color: (Int, Int) -> RGBA) -> PixelBuffer {
    var buffer = PixelBuffer(width: width, height: height)
    for y in 0..<height {
        for x in 0..<width { buffer[x, y] = color(x, y) }
    }
    return buffer
}

func gray(_ value: UInt8, alpha: UInt8 = 255) -> RGBA { RGBA(r: value, g: value, b: value, a: alpha) }

/// The alpha channel, row by row.
func alphas(_ buffer: PixelBuffer) -> [[UInt8]] {
    (0..<buffer.height).map { y in (0..<buffer.width).map { x in buffer[x, y].a } }
}

func item(_ buffer: PixelBuffer, name: String = "test", folder: URL? = nil) -> PipelineItem {
    PipelineItem(image: buffer, origin: .file(path: "/in/\(name).png"), outputName: name, outputFolder: folder)
}

let context = ProcessingContext()
