import ArgumentParser
import Codecs
import Foundation
import Pipeline

/// One run of `gptimg process`: every input image through decode, checks, resize,
/// re-encode, thumbnail and an atomic write, `--workers` at a time.
struct ProcessRun {
    var command: ProcessCommand

    /// An input image and the name it is written under.
    struct Input: Sendable {
        var url: URL
        /// How the user named it, for messages.
        var label: String
    }

    /// Processes every input; exit 1 when some image failed.
    func execute() async throws {
        let console = Console(json: command.json)
        let outputFolder = URL(fileURLWithPath: command.output, isDirectory: true).standardizedFileURL
        let inputs = try collectInputs()
        let format = try command.outputFormat
        let thumbnailFormat = try command.thumbnails.format
        let policy = TransparencyPolicy(rawValue: command.transparency.lowercased()) ?? .warn
        let expected = command.expectSize.flatMap(SizeArgument.init(parsing:))?.dimensions

        // Two inputs with one stem would race for one output name.
        var seen: [String: String] = [:]
        for input in inputs {
            let stem = FileNaming.stem(ofFileName: input.url.lastPathComponent)
            if let other = seen[stem] {
                throw ValidationError(
                    "\(other) and \(input.label) would both be written as \(stem).EXT in \(command.output); process them into separate folders.")
            }
            seen[stem] = input.label
        }
        do {
            try FileManager.default.createDirectory(at: outputFolder, withIntermediateDirectories: true)
        } catch {
            let message = "The output folder \(outputFolder.path) cannot be created: \((error as NSError).localizedDescription)"
            await console.emit(.failure, "error", "Error: \(message)", ["error": .string(message)])
            throw ExitCode(1)
        }

        await console.emit(
            .info, "header",
            "Processing \(inputs.count) image\(inputs.count == 1 ? "" : "s") into \(GenerationReporter.display(outputFolder.path))/ "
                + "(format \(format?.rawValue ?? "as input"), transparency \(policy.rawValue), \(command.workers) worker\(command.workers == 1 ? "" : "s"))",
            [
                "images": .integer(inputs.count), "folder": .string(outputFolder.path), "format": .optional(format?.rawValue),
                "transparency": .string(policy.rawValue), "workers": .integer(command.workers),
            ])

        let pipeline = makePipeline(
            format: format, thumbnailFormat: thumbnailFormat, policy: policy, expected: expected, outputFolder: outputFolder)
        var succeeded = 0
        var failed = 0
        let items = inputs.map { input in
            PipelineItem(data: Data(), origin: .file(path: input.url.path), outputName: FileNaming.stem(ofFileName: input.url.lastPathComponent), outputFolder: outputFolder)
        }
        await console.setProgress(done: 0, total: inputs.count, label: "images")
        // Reading the file is the first stage, so only the images being worked on are in memory.
        try await pipeline.run(over: ItemSequence(items), parallelism: command.workers) { outcome in
            let input = inputs[outcome.index]
            switch outcome.result {
            case .success(let item):
                succeeded += 1
                await report(item, input: input, console: console)
            case .failure(let failure):
                failed += 1
                let message = "\(failure.stage == "read" ? "" : "\(failure.stage): ")\(failure.error)"
                await console.emit(
                    .failure, "failure", "✗ \(input.label): \(message)",
                    ["input": .string(input.url.path), "stage": .string(failure.stage), "error": .string("\(failure.error)")])
            }
            await console.setProgress(done: succeeded + failed, total: inputs.count, label: "images")
        }
        await console.finishProgress()
        await console.emit(
            .summary, "summary", "Processed \(succeeded)/\(inputs.count) images successfully",
            ["succeeded": .integer(succeeded), "total": .integer(inputs.count), "failed": .integer(failed)])
        if failed > 0 { throw ExitCode(1) }
    }

    private func makePipeline(
        format: ImageFormat?, thumbnailFormat: ImageFormat?, policy: TransparencyPolicy, expected: (width: Int, height: Int)?,
        outputFolder: URL
    ) -> Pipeline {
        let reencode = ReencodeKeepingFormat(
            format: format, compression: command.compression, pngLevel: command.pngLevel, lossless: command.lossless)
        return Pipeline {
            ReadFile()
            Stages.Decode()
            if let expected {
                Stages.ValidateDimensions([PipelineSize(width: expected.width, height: expected.height)], policy: .fail)
            }
            switch policy {
            case .require: Stages.ValidateTransparency(.required, policy: .fail)
            case .forbid: Stages.ValidateTransparency(.forbidden, policy: .fail)
            case .warn: ReportTransparency(outputFormat: format)
            case .off: [any ItemProcessing]()
            }
            if let edge = command.resize {
                Stages.Resize(ResizeOptions(width: edge, height: edge, fit: .inside))
            }
            reencode
            if let edge = command.thumbnails.thumbnail {
                Stages.Thumbnail(
                    ResizeOptions(width: edge, height: edge, fit: .inside),
                    encoding: thumbnailFormat.map { thumbnail in
                        var forced = reencode
                        forced.format = thumbnail
                        return forced.options(for: thumbnail)
                    })
            }
            Stages.Write(into: outputFolder, policy: command.overwrite ? .overwrite : .fail)
        }
    }

    private func report(_ item: PipelineItem, input: Input, console: Console) async {
        guard let image = item.files.first(where: { $0.role == .image }) else { return }
        let thumbnail = item.files.first { $0.role == .thumbnail }
        var text = "✓ \(GenerationReporter.display(image.path))  \(image.width)x\(image.height) \(image.format.rawValue) \(image.bytes) bytes  (from \(input.label))"
        if let thumbnail { text += "  + \(GenerationReporter.display(thumbnail.path))" }
        for warning in item.warnings { text += "\n  ! \(warning)" }
        await console.emit(
            item.warnings.isEmpty ? .success : .warning, "image", text,
            [
                "input": .string(input.url.path), "path": .string(image.path), "format": .string(image.format.rawValue),
                "width": .integer(image.width), "height": .integer(image.height), "bytes": .integer(image.bytes),
                "sha256": .string(image.sha256), "thumbnail": .optional(thumbnail?.path),
                "validations": .array(item.validations.map { .object(["check": .string($0.check), "passed": .bool($0.passed), "detail": .string($0.detail)]) }),
                "warnings": .array(item.warnings.map(JSONValue.string)),
            ])
    }

    /// The image files named on the command line: files as given, folders one level deep
    /// (only files whose bytes are PNG, JPEG or WebP; hidden files skipped).
    private func collectInputs() throws -> [Input] {
        var inputs: [Input] = []
        for path in command.inputs {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                throw ValidationError("INPUT \(path) does not exist.")
            }
            let url = URL(fileURLWithPath: path).standardizedFileURL
            if !isDirectory.boolValue {
                inputs.append(Input(url: url, label: path))
                continue
            }
            let names: [String]
            do {
                names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
            } catch {
                throw ValidationError("INPUT \(path) cannot be listed: \((error as NSError).localizedDescription)")
            }
            for name in names where !name.hasPrefix(".") {
                let file = url.appendingPathComponent(name)
                var childIsDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: file.path, isDirectory: &childIsDirectory), !childIsDirectory.boolValue,
                    Self.looksLikeImage(file)
                else { continue }
                inputs.append(Input(url: file, label: (path as NSString).appendingPathComponent(name)))
            }
        }
        guard !inputs.isEmpty else { throw ValidationError("No PNG, JPEG or WebP image found in \(command.inputs.joined(separator: ", ")).") }
        return inputs
    }

    private static func looksLikeImage(_ url: URL) -> Bool {
        guard let handle = try? FileHandle(forReadingFrom: url) else { return false }
        defer { try? handle.close() }
        let head = (try? handle.read(upToCount: 12)) ?? Data()
        return ImageFormat(sniffing: head) != nil
    }
}
