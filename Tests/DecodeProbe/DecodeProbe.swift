import Codecs
import Foundation

/// Decodes one image file the way gptimg does (default options, memory-mapped input) and
/// prints one JSON line saying what came out and the process's peak resident memory. The
/// tests run it as a child process to measure what decoding a hostile file costs, away from
/// the test runner's own heap.
///
/// With `--rows` it decodes every pixel row by row, as `gptimg inspect` does, keeping no
/// image: `pixelBytes` is then 0 and `rows` counts the rows seen.
///
/// ```sh
/// DecodeProbe [--rows] FILE [PIXEL_LIMIT]
/// {"decoded":true,"height":32,"peakResidentBytes":9265152,"pixelBytes":4096,"width":32}
/// {"decoded":false,"error":"Could not decode the PNG image: ...","peakResidentBytes":8847360}
/// ```
///
/// The peak is the kernel's high-water mark of this program's own memory (`VmHWM` in
/// /proc/self/status). It cannot be had from the parent: `ru_maxrss` of a child started by
/// fork or posix_spawn also counts the parent's memory at the moment the child called exec.
///
/// Exit status 0 whatever the file holds; 64 for bad usage. A crash is the finding.
@main enum DecodeProbe {
    static func main() {
        var arguments = CommandLine.arguments.dropFirst()
        let byRows = arguments.first == "--rows"
        if byRows { arguments = arguments.dropFirst() }
        guard let path = arguments.first, arguments.count <= 2 else {
            FileHandle.standardError.write(Data("usage: DecodeProbe [--rows] FILE [PIXEL_LIMIT]\n".utf8))
            exit(64)
        }
        var options = DecodingOptions()
        if arguments.count == 2 {
            guard let limit = Int(arguments.last!), limit > 0 else {
                FileHandle.standardError.write(Data("PIXEL_LIMIT must be a positive whole number\n".utf8))
                exit(64)
            }
            options.pixelLimit = limit
        }
        var report: [String: Any]
        do {
            let url = URL(fileURLWithPath: path)
            if byRows {
                var rows = 0
                let check = try ImageDecoder.decodeRows(ImageDecoder.readFile(url), options: options) { _, _ in rows += 1 }
                report = ["decoded": true, "width": check.info.width, "height": check.info.height, "pixelBytes": 0, "rows": rows]
            } else {
                let image = try ImageDecoder.decode(contentsOf: url, options: options)
                report = [
                    "decoded": true, "width": image.pixels.width, "height": image.pixels.height,
                    "pixelBytes": image.pixels.pixels.count,
                ]
            }
        } catch {
            report = ["decoded": false, "error": error.description]
        }
        report["peakResidentBytes"] = peakResidentBytes()
        let line = (try? JSONSerialization.data(withJSONObject: report, options: [.sortedKeys])) ?? Data("{}".utf8)
        FileHandle.standardOutput.write(line + Data("\n".utf8))
    }

    /// `VmHWM` of /proc/self/status in bytes, or -1 where there is no such file.
    static func peakResidentBytes() -> Int {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmHWM:") }),
            let kibibytes = Int(line.dropFirst("VmHWM:".count).trimmingCharacters(in: .whitespaces).dropLast(3))
        else { return -1 }
        return kibibytes * 1024
    }
}
