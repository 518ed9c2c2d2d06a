import ArgumentParser
import Codecs
import Crypto
import Foundation

/// `gptimg inspect FILE...`: what each image file is, found from its bytes.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the format, size, storage and transparency of image files.",
        discussion: """
            The format is found from the bytes, not the file name. Every file is decoded, so a \
            damaged one is reported (with the library's own words) and the others still are \
            inspected; the exit status is then 1.
            """
    )

    @Argument(help: "PNG, JPEG or WebP files.")
    var files: [String]

    @Flag(help: "Print one JSON object per file per line.")
    var json = false

    @Flag(help: "Add the SHA-256 of the decoded pixels (8-bit RGBA, row by row) as pixelSHA256.")
    var pixelHash = false

    @Option(help: "Refuse images declaring more pixels than this (width × height).")
    var pixelLimit = 100_000_000

    func validate() throws {
        guard pixelLimit > 0 else { throw ValidationError("--pixel-limit must be positive (got \(pixelLimit))") }
    }

    func run() async throws {
        let options = DecodingOptions(pixelLimit: pixelLimit)
        var failures = 0
        for path in files {
            let report = InspectionReport.make(path: path, options: options, includesPixelHash: pixelHash)
            if report.error != nil { failures += 1 }
            if json {
                print(report.jsonLine())
            } else if let error = report.error {
                FileHandle.standardError.write(Data("\(path): error: \(error)\n".utf8))
            } else {
                print(report.humanLine())
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }
}

/// What `gptimg inspect` says about one file.
struct InspectionReport: Encodable {
    var path: String
    var format: ImageFormat?
    var width: Int?
    var height: Int?
    var hasAlpha: Bool?
    var transparentPixels: Int?
    var storage: String?
    /// Frames in the file; only the first is decoded.
    var frames: Int?
    var orientation: Int?
    var bytes: Int?
    var pixelSHA256: String?
    var error: String?

    static func make(path: String, options: DecodingOptions, includesPixelHash: Bool) -> InspectionReport {
        var report = InspectionReport(path: path)
        do {
            let data = try ImageDecoder.readFile(URL(fileURLWithPath: path))
            report.bytes = data.count
            let image = try ImageDecoder.decode(data, options: options)
            report.format = image.info.format
            report.width = image.pixels.width
            report.height = image.pixels.height
            report.storage = image.info.storage
            report.transparentPixels = image.pixels.transparentPixelCount()
            report.hasAlpha = report.transparentPixels! > 0
            report.frames = image.info.frameCount
            report.orientation = image.info.orientation
            if includesPixelHash {
                report.pixelSHA256 = SHA256.hash(data: image.pixels.pixels).map { String(format: "%02x", $0) }.joined()
            }
        } catch {
            report = InspectionReport(path: path, bytes: report.bytes, error: error.description)
        }
        return report
    }

    /// One JSON object, keys sorted, no trailing newline.
    func jsonLine() -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard let data = try? encoder.encode(self), let line = String(data: data, encoding: .utf8) else {
            return #"{"error":"could not encode the report","path":"?"}"#
        }
        return line
    }

    /// `logo.png: PNG, 512x512, rgba 8-bit, 12,345 of 262,144 pixels transparent, 23,456 bytes`
    func humanLine() -> String {
        guard let format, let width, let height, let storage, let transparentPixels, let bytes else {
            return "\(path): error: \(error ?? "unknown")"
        }
        var parts = ["\(format.rawValue.uppercased())", "\(width)x\(height)", storage]
        parts.append(
            transparentPixels == 0
                ? "opaque"
                : "\(grouped(transparentPixels)) of \(grouped(width * height)) pixels transparent")
        if let orientation, orientation != 1 { parts.append("EXIF orientation \(orientation) (not applied)") }
        parts.append("\(grouped(bytes)) bytes")
        if let pixelSHA256 { parts.append("pixels sha256 \(pixelSHA256)") }
        return "\(path): " + parts.joined(separator: ", ")
    }

    private func grouped(_ number: Int) -> String {
        let digits = Array(String(number))
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0 && (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return out
    }
}
