import Foundation
import Testing

/// Decoding a hostile file costs little memory: each file of ../shared/corpus that is corrupt,
/// adversarial or expected to fail is decoded by the `DecodeProbe` executable in a child
/// process, which reports the kernel's high-water mark of its own resident memory (`VmHWM`;
/// the parent cannot measure it: a child's `ru_maxrss` also counts the parent's memory at the
/// moment the child called exec).
///
/// The budget is for the whole child process (Swift runtime and Foundation included, about
/// 20 MB): 64 MiB flat when every pixel is decoded row by row (as `gptimg inspect` decodes);
/// for a whole decode, 64 MiB plus the RGBA pixels it returns (`width * height * 4`): those
/// were asked for and are not the decoder's to save. Only one hostile file decodes to a large
/// image: `deflate_ratio_4096x4096_1bit.png`, whose 64 MiB of RGBA alone is the whole budget.
@Suite struct DecodingPeakMemoryTests {
    static let budget = 64 << 20

    struct ProbeRun {
        var exitStatus: Int32
        var peakResidentBytes: Int
        var report: [String: Any]
    }

    /// The `DecodeProbe` executable `swift build` put next to the test bundle.
    static func probe() throws -> URL {
        let products: URL
        if let bundle = Bundle.allBundles.first(where: { $0.bundlePath.hasSuffix(".xctest") }) {
            products = bundle.bundleURL.deletingLastPathComponent()
        } else {
            products = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        }
        let url = products.appendingPathComponent("DecodeProbe")
        try #require(
            FileManager.default.isExecutableFile(atPath: url.path),
            "No built DecodeProbe executable at \(url.path); run `swift build --build-tests` first")
        return url
    }

    /// Runs the probe on `file` (with extra arguments) and reads its report.
    static func run(_ probe: URL, on file: String, arguments extra: [String] = [], leading: [String] = []) throws -> ProbeRun {
        let process = Process()
        process.executableURL = probe
        process.arguments = leading + [file] + extra
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let report = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let reason = process.terminationReason == .uncaughtSignal ? "died of signal" : "exited with status"
        let peak = try #require(
            report["peakResidentBytes"] as? Int,
            "no report from the probe for \(file): it \(reason) \(process.terminationStatus), printed \(String(decoding: data, as: UTF8.self))")
        try #require(peak > 0, "the probe could not read /proc/self/status")
        return ProbeRun(exitStatus: process.terminationStatus, peakResidentBytes: peak, report: report)
    }

    @Test func everyHostileCorpusFileDecodesInUnder64MiB() throws {
        let probe = try Self.probe()
        let (corpus, rows) = try CorpusConformanceTests.manifestRows()
        let hostile = rows.filter { $0.kind == "corrupt" || $0.kind == "adversarial" || $0.expected == "error" }
        #expect(hostile.count == 79, "MANIFEST.tsv should list 79 corrupt, adversarial or failing files")
        var problems: [String] = []
        var largest = (path: "", bytes: 0)
        for row in hostile {
            let run = try Self.run(probe, on: corpus.appendingPathComponent(row.path).path)
            guard run.exitStatus == 0, let decoded = run.report["decoded"] as? Bool else {
                problems.append("\(row.path): the probe exited with status \(run.exitStatus)")
                continue
            }
            let pixelBytes = decoded ? (run.report["pixelBytes"] as? Int ?? 0) : 0
            if run.peakResidentBytes - pixelBytes > largest.bytes { largest = (row.path, run.peakResidentBytes - pixelBytes) }
            if run.peakResidentBytes >= Self.budget + pixelBytes {
                problems.append(
                    "\(row.path): peak \(run.peakResidentBytes / 1024) KiB, budget \((Self.budget + pixelBytes) / 1024) KiB"
                        + (decoded ? " (64 MiB + \(pixelBytes / 1024) KiB of decoded pixels)" : ""))
            }
        }
        #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
        // Proof that the measure measures: the largest peak is real, not zero.
        #expect(largest.bytes > 1 << 20, "largest peak \(largest.bytes) bytes (\(largest.path))")
    }

    /// Decoding every pixel of every hostile file row by row stays under a flat 64 MiB,
    /// the 4096x4096 image included.
    @Test func everyHostileCorpusFileDecodesRowByRowInUnder64MiB() throws {
        let probe = try Self.probe()
        let (corpus, rows) = try CorpusConformanceTests.manifestRows()
        let hostile = rows.filter { $0.kind == "corrupt" || $0.kind == "adversarial" || $0.expected == "error" }
        var problems: [String] = []
        var decodedRows = 0
        for row in hostile {
            let run = try Self.run(probe, on: corpus.appendingPathComponent(row.path).path, arguments: [], leading: ["--rows"])
            guard run.exitStatus == 0, run.report["decoded"] is Bool else {
                problems.append("\(row.path): the probe exited with status \(run.exitStatus)")
                continue
            }
            decodedRows += run.report["rows"] as? Int ?? 0
            if run.peakResidentBytes >= Self.budget {
                problems.append("\(row.path): peak \(run.peakResidentBytes / 1024) KiB by rows, budget \(Self.budget / 1024) KiB")
            }
        }
        #expect(problems.isEmpty, Comment(rawValue: problems.joined(separator: "\n")))
        #expect(decodedRows >= 4096, "the big image went through the decoder: \(decodedRows) rows in all")
    }

    /// The one hostile file that honestly decodes to a big image stays small under a lower
    /// pixel limit: it is refused before any pixel memory exists.
    @Test func aLowerPixelLimitRefusesTheBigImageBeforeAllocating() throws {
        let probe = try Self.probe()
        let file = try SharedData.folder("corpus").appendingPathComponent("png/generated/deflate_ratio_4096x4096_1bit.png").path
        let full = try Self.run(probe, on: file)
        let limited = try Self.run(probe, on: file, arguments: ["4000000"])
        #expect(full.report["decoded"] as? Bool == true)
        #expect(full.report["pixelBytes"] as? Int == 4096 * 4096 * 4)
        #expect(full.peakResidentBytes > 4096 * 4096 * 4, "the decoded pixels are resident")
        #expect(limited.report["decoded"] as? Bool == false)
        #expect((limited.report["error"] as? String)?.contains("more than the limit of 4000000 pixels") == true)
        #expect(limited.peakResidentBytes < 32 << 20, "peak \(limited.peakResidentBytes / 1024) KiB")
    }
}

extension DecodingPeakMemoryTests {
    /// The inputs of fixtures/fuzz-regressions/ keep to the same budget (one of them once
    /// needed three times its canvas).
    @Test func everyRegressionInputDecodesWithinTheBudget() throws {
        let probe = try Self.probe()
        for file in try FuzzRegressionTests.files() {
            let run = try Self.run(probe, on: file.path)
            #expect(run.exitStatus == 0, "\(file.lastPathComponent): the probe exited with status \(run.exitStatus)")
            let pixelBytes = run.report["decoded"] as? Bool == true ? (run.report["pixelBytes"] as? Int ?? 0) : 0
            #expect(
                run.peakResidentBytes < Self.budget + pixelBytes,
                "\(file.lastPathComponent): peak \(run.peakResidentBytes / 1024) KiB with \(pixelBytes / 1024) KiB of pixels")
        }
    }
}
