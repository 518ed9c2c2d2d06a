// gptimg's side of the benchmark: each task T1-T6 through the library's own stages (read,
// decode, check, resize or mask, re-encode, atomic write), timed exactly like the C floor.
//
//   gptimg-bench TASK INPUT OUTPUT [ITERATIONS]
//
// Prints one JSON line with the floor's fields: task, input, median wall and CPU
// milliseconds per image, peak RSS and the output size. Errors go to stderr with exit status 1.
import Codecs
import Foundation
import Pipeline

#if canImport(Glibc)
import Glibc
let rusageSelf = __rusage_who_t(RUSAGE_SELF.rawValue)
#elseif canImport(Darwin)
import Darwin
let rusageSelf = RUSAGE_SELF
#endif

/// The stages of one benchmark task, as `gptimg process` composes them.
func stages(for task: String) -> [any ItemProcessing]? {
    switch task {
    case "T1":  // PNG -> WebP quality 80
        [Stages.Decode(), Stages.Reencode(.webp(WebPOptions(quality: 80)))]
    case "T2":  // PNG -> fit inside 256x256, Lanczos-3 in premultiplied alpha -> PNG
        [
            Stages.Decode(), Stages.Resize(ResizeOptions(width: 256, height: 256, fit: .inside)),
            Stages.Reencode(.png(PNGOptions(compressionLevel: 6))),
        ]
    case "T3":  // RGBA PNG -> transparency check -> PNG level 6, RGB when fully opaque
        [
            Stages.Decode(), Stages.ValidateTransparency(.required, policy: .warn),
            Stages.Reencode(.png(PNGOptions(compressionLevel: 6))),
        ]
    case "T4":  // JPEG -> JPEG quality 85
        [Stages.Decode(), Stages.Reencode(.jpeg(JPEGOptions(quality: 85)))]
    case "T5":  // WebP -> PNG
        [Stages.Decode(), Stages.Reencode(.png(PNGOptions(compressionLevel: 6)))]
    case "T6":  // grayscale or RGBA PNG -> edit mask (luma < 128 -> alpha 0) -> RGBA PNG
        [Stages.Decode(), Stages.BuildMask(MaskOptions(source: .luminance(threshold: 128)))]
    default:
        nil
    }
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("gptimg-bench: \(message)\n".utf8))
    exit(1)
}

func milliseconds(_ clock: clockid_t) -> Double {
    var time = timespec()
    clock_gettime(clock, &time)
    return Double(time.tv_sec) * 1e3 + Double(time.tv_nsec) / 1e6
}

// As gptimg's entry point does: large buffers are reused from one image to the next.
PixelBufferAllocation.reuseFreedBuffers()

let arguments = CommandLine.arguments
guard arguments.count >= 4, let taskStages = stages(for: arguments[1]) else {
    fail("usage: gptimg-bench TASK(T1-T6) INPUT OUTPUT [ITERATIONS]")
}
let task = arguments[1]
let input = URL(fileURLWithPath: arguments[2])
let output = URL(fileURLWithPath: arguments[3])
let iterations = max(1, arguments.count > 4 ? Int(arguments[4]) ?? 3 : 3)
// The write stage names the file from a stem and the format's extension.
let pipeline = Pipeline(taskStages + [Stages.Write(into: output.deletingLastPathComponent(), policy: .overwrite)])

/// Times `iterations` runs of the pipeline over `input`. Nonisolated, so like the tool's own
/// command it runs on the concurrency pool rather than hopping to the main thread per image.
func measure(_ pipeline: Pipeline, input: URL, output: URL, iterations: Int) async -> (wall: [Double], cpu: [Double], bytes: Int) {
    let stem = output.deletingPathExtension().lastPathComponent
    var wall: [Double] = []
    var cpu: [Double] = []
    var outputBytes = 0
    for _ in 0..<iterations {
        let wallStart = milliseconds(CLOCK_MONOTONIC)
        let cpuStart = milliseconds(CLOCK_PROCESS_CPUTIME_ID)
        var item: PipelineItem
        do {
            item = try PipelineItem(contentsOf: input)
        } catch {
            fail("cannot read \(input.path): \(error)")
        }
        item.outputName = stem
        var written: WrittenFile?
        do {
            try await pipeline.run(over: ItemSequence([item]), parallelism: 1) { outcome in
                switch outcome.result {
                case .success(let item): written = item.files.first
                case .failure(let failure): fail("\(input.lastPathComponent): \(failure)")
                }
            }
        } catch {
            fail("\(error)")
        }
        wall.append(milliseconds(CLOCK_MONOTONIC) - wallStart)
        cpu.append(milliseconds(CLOCK_PROCESS_CPUTIME_ID) - cpuStart)
        guard let written, written.path == output.path else {
            fail("the pipeline wrote \(written?.path ?? "nothing"), not \(output.path): give OUTPUT the extension of the task's format")
        }
        outputBytes = written.bytes
    }
    return (wall, cpu, outputBytes)
}

var (wall, cpu, outputBytes) = await measure(pipeline, input: input, output: output, iterations: iterations)
wall.sort()
cpu.sort()
var usage = rusage()
getrusage(rusageSelf, &usage)
func escaped(_ text: String) -> String {
    text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
}
print(
    "{\"task\":\"\(task)\",\"input\":\"\(escaped(arguments[2]))\",\"wall_ms\":\(String(format: "%.3f", wall[iterations / 2])),"
        + "\"cpu_ms\":\(String(format: "%.3f", cpu[iterations / 2])),\"peak_rss_kb\":\(usage.ru_maxrss),\"output_bytes\":\(outputBytes)}")
