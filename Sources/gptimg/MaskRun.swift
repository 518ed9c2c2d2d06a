import ArgumentParser
import Codecs
import Foundation
import Pipeline

/// One run of `gptimg mask`: builds a mask from a drawing or an image's alpha, or checks one.
struct MaskRun {
    var command: MaskCommand

    /// Makes or checks the mask; exit 1 when it cannot be made or does not fit.
    func execute() async throws {
        let console = Console(json: command.json)
        do {
            if let image = command.check {
                try await check(maskPath: command.source, imagePath: image, console: console)
            } else {
                try await build(console: console)
            }
        } catch let error as MaskRunError {
            await console.emit(.failure, "error", "✗ \(error.description)", ["error": .string(error.description)])
            throw ExitCode(1)
        }
    }

    /// `--check IMAGE`: does the mask fit the image? Exit 1 when it does not, saying why.
    private func check(maskPath: String, imagePath: String, console: Console) async throws {
        let maskData = try Self.read(maskPath)
        let target = try Self.size(of: imagePath)
        let report: MaskReport
        do {
            report = try MaskCheck.check(maskData: maskData, against: target)
        } catch {
            throw MaskRunError.unreadable(path: maskPath, reason: "\(error)")
        }
        let share = String(format: "%.1f%%", report.editFraction * 100)
        let fields: [String: JSONValue] = [
            "mask": .string(maskPath), "image": .string(imagePath), "usable": .bool(report.isUsable),
            "maskSize": .string(report.maskSize.description), "imageSize": .string(report.imageSize.description),
            "hasAlphaChannel": .bool(report.hasAlphaChannel), "editFraction": .number(report.editFraction),
            "problems": .array(report.problems.map { .string($0.description) }),
        ]
        if report.isUsable {
            await console.emit(
                .success, "check", "✓ \(maskPath) fits \(imagePath): \(report.maskSize), \(share) of the area to edit.", fields)
        } else {
            let reasons = report.problems.map { "  - \($0.description)" }.joined(separator: "\n")
            await console.emit(
                .failure, "check",
                "✗ \(maskPath) does not fit \(imagePath) (\(report.maskSize), \(share) of the area to edit):\n\(reasons)", fields)
            throw ExitCode(1)
        }
    }

    /// Builds the mask and writes it atomically as an RGBA PNG.
    private func build(console: Console) async throws {
        guard let output = command.output else { throw ValidationError("Missing -o/--output OUT.png: where to write the mask.") }
        let data = try Self.read(command.source)
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(data)
        } catch {
            throw MaskRunError.unreadable(path: command.source, reason: error.description)
        }
        let source = maskSource(sourceHasTransparency: decoded.pixels.hasTransparency)
        var target: PipelineSize?
        if let fitTo = command.fitTo {
            target = try Self.size(of: fitTo)
        } else if let size = command.size, let dimensions = SizeArgument(parsing: size)?.dimensions {
            target = PipelineSize(width: dimensions.width, height: dimensions.height)
        }
        let options = MaskOptions(source: source, inverted: command.invert, fittingTo: target)
        let mask = try MaskBuilder.build(from: decoded.pixels, options: options)
        let png = try ImageEncoder.encode(mask, as: MaskBuilder.encoding)

        let url = URL(fileURLWithPath: output).standardizedFileURL
        let folder = url.deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        } catch {
            throw MaskRunError.unwritable(path: output, reason: (error as NSError).localizedDescription)
        }
        let written: URL
        do {
            written = try AtomicFileWriter(folder: folder).write(
                png, stem: FileNaming.stem(ofFileName: url.lastPathComponent), extension: "png",
                policy: command.overwrite ? .overwrite : .fail)
        } catch {
            throw MaskRunError.unwritable(path: output, reason: "\(error)\(command.overwrite ? "" : " Pass --overwrite to replace it.")")
        }

        let report = MaskCheck.check(mask, against: PipelineSize(width: mask.width, height: mask.height))
        let share = String(format: "%.1f%%", report.editFraction * 100)
        var text = "✓ \(GenerationReporter.display(written.path)): \(mask.width)x\(mask.height) RGBA PNG, \(share) of the area to edit (from \(source)\(command.invert ? ", inverted" : ""))"
        let emptiness = report.problems.filter { problem in
            if case .nothingToEdit = problem { return true }
            if case .everythingToEdit = problem { return true }
            return false
        }
        for problem in emptiness { text += "\n  ! \(problem.description)" }
        await console.emit(
            emptiness.isEmpty ? .success : .warning, "mask", text,
            [
                "path": .string(written.path), "width": .integer(mask.width), "height": .integer(mask.height),
                "editFraction": .number(report.editFraction), "source": .string(source.description),
                "inverted": .bool(command.invert), "bytes": .integer(png.count),
                "warnings": .array(emptiness.map { .string($0.description) }),
            ])
    }

    /// --from, or alpha when the source has transparent pixels and no luminance option was given.
    private func maskSource(sourceHasTransparency: Bool) -> MaskSource {
        let from = command.from?.lowercased()
        let luminanceAsked = command.soft || command.threshold != nil
        if from == "alpha" || (from == nil && sourceHasTransparency && !luminanceAsked) { return .alpha }
        if command.soft { return .softLuminance }
        return .luminance(threshold: UInt8(command.threshold ?? 128))
    }

    private static func read(_ path: String) throws -> Data {
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw MaskRunError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }

    /// The size of an image, from its header.
    private static func size(of path: String) throws -> PipelineSize {
        let data = try read(path)
        do {
            let info = try ImageDecoder.info(of: data)
            return PipelineSize(width: info.width, height: info.height)
        } catch {
            throw MaskRunError.unreadable(path: path, reason: error.description)
        }
    }
}
