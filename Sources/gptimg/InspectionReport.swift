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
    /// Whether every pixel went through the decoder, or only the file's structure was checked
    /// (a file that cannot hold transparency, inspected without --decode).
    var pixelsDecoded: Bool?
    /// What the decoder recovered from in a damaged but decodable file.
    var warning: String?
    var error: String?

    /// Inspects the file at `path`: its structure always, its pixels when the file can hold
    /// transparency (to count the transparent ones) or when `decodesPixels` asks.
    static func make(path: String, options: DecodingOptions, decodesPixels: Bool, includesPixelHash: Bool) -> InspectionReport {
        var report = InspectionReport(path: path)
        do {
            let data = try ImageDecoder.readFile(URL(fileURLWithPath: path))
            report.bytes = data.count
            let header = try ImageDecoder.info(of: data)
            var transparent = 0
            var hasher = includesPixelHash ? SHA256() : nil
            func decodeEveryPixel() throws(CodecError) -> ImageCheck {
                try ImageDecoder.decodeRows(data, options: options) { row, _ in
                    transparent += row.transparentPixelCount()
                    hasher?.update(data: row.pixels)
                }
            }
            var check: ImageCheck
            if decodesPixels || !header.isOpaqueByFormat {
                check = try decodeEveryPixel()
            } else {
                do {
                    check = try ImageDecoder.checkStructure(of: data, options: options)
                } catch .decodingFailed(_, let damage) {
                    // Some damage only the decoder can judge: a cut-off chunk after the complete
                    // image data is harmless, the same cut inside it is fatal. The decoder decides.
                    check = try decodeEveryPixel()
                    check.warning = check.warning ?? damage
                }
            }
            report.transparentPixels = transparent
            report.pixelSHA256 = hasher?.finalize().map { String(format: "%02x", $0) }.joined()
            report.format = check.info.format
            report.width = check.info.width
            report.height = check.info.height
            report.storage = check.info.storage
            report.hasAlpha = report.transparentPixels! > 0
            report.frames = check.info.frameCount
            report.orientation = check.info.orientation
            report.pixelsDecoded = check.pixelsDecoded
            report.warning = check.warning
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
