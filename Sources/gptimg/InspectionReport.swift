import Codecs
import Crypto
import Foundation

/// What `gptimg inspect` says about one file.
struct InspectionReport: Encodable, Sendable {
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
    /// What the decoder recovered from in a damaged but decodable file.
    var warning: String?
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
            report.warning = image.warning
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
        if let warning { parts.append("recovered from damage (\(warning))") }
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
