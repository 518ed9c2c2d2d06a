import ArgumentParser
import Codecs
import Foundation

/// `gptimg inspect FILE...`: what each image file is, found from its bytes.
struct Inspect: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the format, size, storage and transparency of image files.",
        discussion: """
            The format is found from the bytes, not the file name. The structure of every file \
            is checked (PNG chunks and their CRCs, JPEG markers through to the end, WebP chunk \
            sizes); its pixels are decoded when the file can hold transparency (to count the \
            transparent pixels), or for --decode or --pixel-hash. A damaged file is reported \
            with the library's own words, the others are still inspected, and the exit status \
            is then 1. Decoding goes row by row where the format allows, so even a huge image \
            costs little memory.
            """
    )

    @Argument(help: "PNG, JPEG or WebP files.")
    var files: [String]

    @Flag(help: "Print one JSON object per file per line.")
    var json = false

    @Flag(help: "Decode every pixel, also of files that cannot hold transparency, to prove the pixel data intact.")
    var decode = false

    @Flag(help: "Add the SHA-256 of the decoded pixels (8-bit RGBA, row by row) as pixelSHA256.")
    var pixelHash = false

    @Option(help: "Refuse images declaring more pixels than this (width × height).")
    var pixelLimit = 100_000_000

    func validate() throws {
        guard pixelLimit > 0 else { throw ValidationError("--pixel-limit must be positive (got \(pixelLimit))") }
    }

    func run() async throws {
        let options = DecodingOptions(pixelLimit: pixelLimit)
        let includesPixelHash = pixelHash
        let decodesEveryFile = decode || pixelHash
        let files = files
        // A few files are decoded at once; reports are printed in the order the files were given,
        // each as soon as it and those before it are done, so only a few decoded images are alive.
        let parallelism = max(1, min(ProcessInfo.processInfo.activeProcessorCount, 8))
        var failures = 0
        await withTaskGroup(of: (Int, InspectionReport).self) { group in
            var nextToStart = 0
            var nextToPrint = 0
            var finished: [Int: InspectionReport] = [:]
            func startNext() {
                let index = nextToStart
                let path = files[index]
                group.addTask { (index, InspectionReport.make(
                        path: path, options: options, decodesPixels: decodesEveryFile, includesPixelHash: includesPixelHash)) }
                nextToStart += 1
            }
            while nextToStart < min(parallelism, files.count) { startNext() }
            while let (index, report) = await group.next() {
                finished[index] = report
                while let ready = finished.removeValue(forKey: nextToPrint) {
                    if ready.error != nil { failures += 1 }
                    emit(ready)
                    nextToPrint += 1
                }
                if nextToStart < files.count { startNext() }
            }
        }
        if failures > 0 { throw ExitCode(1) }
    }

    private func emit(_ report: InspectionReport) {
        if json {
            print(report.jsonLine())
        } else if let error = report.error {
            FileHandle.standardError.write(Data("\(report.path): error: \(error)\n".utf8))
        } else {
            print(report.humanLine())
        }
    }
}
