import Foundation

/// The lines `generate` and `edit` print, for people or (with `--json`) as one JSON object
/// per event: `header`, `request` and `estimate` (dry run), `skipped` (resume), `partial`,
/// `notice`, `retry`, `image`, `failure`, `summary`.
struct GenerationReporter: Sendable {
    let console: Console

    /// One written image, as reported.
    struct ImageLine: Sendable {
        var promptNumber: Int
        var imageNumber: Int
        var prompt: String
        /// The image's path for display.
        var path: String
        var width: Int
        var height: Int
        var bytes: Int
        var sha256: String
        /// The request's tokens (shared by its n images).
        var inputTokens: Int?
        var outputTokens: Int?
        var imagesInRequest: Int
        var thumbnailPath: String?
        /// Problems that did not stop the image (wrong size, no transparency).
        var warnings: [String]
        /// A problem that makes the image count as failed although it was written (--strict).
        var failure: String?
    }

    /// The opening line: how many images, model, folder, settings.
    func header(plan: BatchPlan, kind: String, images: Int, alreadyDone: Int, workers: Int, dryRun: Bool) async {
        let first = plan.prompts[0].settings
        var settings = [
            "size \(first.size)", "quality \(first.quality)", "format \(first.format.rawValue)",
            "background \(first.background)",
        ]
        if let compression = first.compression { settings.append("compression \(compression)") }
        if let fidelity = first.inputFidelity { settings.append("input fidelity \(fidelity)") }
        if let moderation = first.moderation { settings.append("moderation \(moderation)") }
        if plan.prompts.contains(where: { $0.settings != first }) { settings.append("some prompts override these") }
        let verb = dryRun ? "Would \(kind)" : (kind == "edit" ? "Editing" : "Generating")
        let text =
            "\(verb) \(images) image\(images == 1 ? "" : "s") from \(plan.prompts.count) prompt\(plan.prompts.count == 1 ? "" : "s") "
            + (alreadyDone > 0 ? "(\(alreadyDone) already done) " : "")
            + "with \(first.model) into \(Self.display(plan.imageFolder.path))/ (\(settings.joined(separator: ", ")); \(workers) worker\(workers == 1 ? "" : "s"))"
        await console.emit(
            .info, "header", text,
            [
                "command": .string(kind), "images": .integer(images), "alreadyDone": .integer(alreadyDone),
                "prompts": .integer(plan.prompts.count),
                "model": .string(first.model), "folder": .string(plan.imageFolder.path), "size": .string(first.size.description),
                "quality": .string(first.quality), "format": .string(first.format.rawValue),
                "background": .string(first.background), "compression": .optional(first.compression),
                "workers": .integer(workers), "dryRun": .bool(dryRun),
            ])
    }

    /// A request the dry run would send, with the files it would write.
    func request(promptNumber: Int, endpoint: String, body: JSONValue, files: [String]) async {
        await console.emit(
            .info, "request", "  \(endpoint) \(body.compactText)\n    → \(files.joined(separator: ", "))",
            ["prompt": .integer(promptNumber), "endpoint": .string(endpoint), "body": body, "files": .array(files.map(JSONValue.string))])
    }

    /// The estimated cost from the per-image price table.
    func estimate(dollars: Double?, images: Int, note: String? = nil) async {
        let text: String
        if let dollars {
            text = "Estimated cost: \(Self.money(dollars)) for \(images) image\(images == 1 ? "" : "s")" + (note.map { " (\($0))" } ?? "")
        } else {
            text = "Estimated cost: unknown" + (note.map { " (\($0))" } ?? "")
        }
        await console.emit(.summary, "estimate", text, ["dollars": .optional(dollars), "images": .integer(images)])
    }

    /// A prompt --resume leaves out because its files are done and intact.
    func skipped(promptNumber: Int, files: [String]) async {
        await console.emit(
            .info, "skipped", "= \(files.joined(separator: ", ")) already done (resume)",
            ["prompt": .integer(promptNumber), "files": .array(files.map(JSONValue.string))])
    }

    /// A partial image of a streamed request.
    func partial(promptNumber: Int, partialIndex: Int, bytes: Int) async {
        await console.emit(
            .info, "partial", "  … prompt \(promptNumber): partial image \(partialIndex + 1) (\(bytes) bytes)",
            ["prompt": .integer(promptNumber), "partialIndex": .integer(partialIndex), "bytes": .integer(bytes)])
    }

    /// Something the user should know that changes nothing (a mask converted, a file removed).
    func notice(_ text: String, promptNumber: Int? = nil) async {
        await console.emit(.notice, "notice", "! \(text)", ["prompt": .optional(promptNumber), "message": .string(text)])
    }

    /// A prompt asked for again because what arrived was damaged.
    func retry(promptNumber: Int, reason: String) async {
        await console.emit(
            .notice, "retry", "↻ prompt \(promptNumber): \(reason); requesting it again",
            ["prompt": .integer(promptNumber), "reason": .string(reason)])
    }

    /// One written image: its file, size and tokens, and any warning or --strict failure.
    func image(_ line: ImageLine) async {
        var text = line.failure == nil ? "✓ " : "✗ "
        text += "\(line.path)  \(line.width)x\(line.height)"
        if let input = line.inputTokens, let output = line.outputTokens {
            text += "  tokens \(input) in / \(output) out"
            if line.imagesInRequest > 1 { text += " (for \(line.imagesInRequest) images)" }
        }
        if let thumbnail = line.thumbnailPath { text += "  + \(Self.display(thumbnail))" }
        for warning in line.warnings { text += "\n  ! \(warning)" }
        if let failure = line.failure { text += "\n  ✗ \(failure)" }
        let kind: Console.Kind = line.failure != nil ? .failure : (line.warnings.isEmpty ? .success : .warning)
        await console.emit(
            kind, "image", text,
            [
                "prompt": .integer(line.promptNumber), "image": .integer(line.imageNumber), "text": .string(line.prompt),
                "path": .string(line.path), "width": .integer(line.width), "height": .integer(line.height),
                "bytes": .integer(line.bytes), "sha256": .string(line.sha256), "inputTokens": .optional(line.inputTokens),
                "outputTokens": .optional(line.outputTokens), "thumbnail": .optional(line.thumbnailPath),
                "warnings": .array(line.warnings.map(JSONValue.string)), "ok": .bool(line.failure == nil),
                "error": .optional(line.failure),
            ])
    }

    /// Images of a prompt that are not on disk, with the reason (the server's words when it gave some).
    func failure(promptNumber: Int, prompt: String, files: [String], message: String) async {
        let label = files.first.map { Self.display($0) } ?? "prompt \(promptNumber)"
        await console.emit(
            .failure, "failure", "✗ \(label) (prompt \(promptNumber) \"\(Self.shortened(prompt))\"): \(message)",
            [
                "prompt": .integer(promptNumber), "text": .string(prompt), "files": .array(files.map(JSONValue.string)),
                "error": .string(message),
            ])
    }

    /// The closing line `Generated X/Y images successfully` with tokens and actual cost, and
    /// each failed prompt with its reason.
    func summary(
        succeeded: Int, total: Int, inputTokens: Int, outputTokens: Int, dollars: Double?, failures: [(prompt: BatchPlan.Prompt, reason: String)],
        alreadyDone: Int = 0
    ) async {
        await console.finishProgress()
        var text = "Generated \(succeeded)/\(total) images successfully"
        if alreadyDone > 0 { text += " (\(alreadyDone) already done)" }
        text += " · tokens \(inputTokens + outputTokens) (\(inputTokens) in, \(outputTokens) out)"
        text += " · cost \(dollars.map(Self.money) ?? "unknown")"
        if !failures.isEmpty {
            text += "\nFailed: prompt\(failures.count == 1 ? "" : "s") \(failures.map { String($0.prompt.number) }.joined(separator: ", "))"
            for failure in failures {
                text += "\n  \(failure.prompt.number) \"\(Self.shortened(failure.prompt.text))\": \(failure.reason)"
            }
        }
        await console.emit(
            .summary, "summary", text,
            [
                "succeeded": .integer(succeeded), "total": .integer(total), "inputTokens": .integer(inputTokens),
                "outputTokens": .integer(outputTokens), "dollars": .optional(dollars),
                "failedPrompts": .array(failures.map { .integer($0.prompt.number) }),
                "failures": .array(failures.map { .object(["prompt": .integer($0.prompt.number), "error": .string($0.reason)]) }),
                "alreadyDone": .integer(alreadyDone),
            ])
    }

    /// `$0.0450`: four decimals, since one low-quality image costs half a cent.
    static func money(_ dollars: Double) -> String {
        String(format: "$%.4f", dollars)
    }

    /// A path relative to the current folder when inside it.
    static func display(_ path: String) -> String {
        let current = FileManager.default.currentDirectoryPath
        if path == current { return "." }
        if path.hasPrefix(current + "/") { return String(path.dropFirst(current.count + 1)) }
        return path
    }

    /// A prompt cut to 60 characters for one-line messages.
    static func shortened(_ prompt: String) -> String {
        prompt.count > 60 ? String(prompt.prefix(57)) + "…" : prompt
    }
}
