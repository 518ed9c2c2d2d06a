import ArgumentParser
import Codecs
import Foundation
import OpenAIImages
import Pipeline

/// One run of `generate` or `edit`: plans, checks, sends the prompts, and streams every image
/// through the pipeline as soon as it arrives.
///
/// Every image the API returned reaches the disk whatever fails after it: checks only warn
/// (or, under `--strict`, mark the written image as failed), and a thumbnail that cannot be
/// made never keeps its image from being written.
struct GenerationRun: Sendable {
    /// What the run sends.
    enum Kind: Sendable {
        case generation
        case edit(EditInputs)
    }

    /// One prompt with its request.
    struct Job: Sendable {
        var prompt: BatchPlan.Prompt
        var request: APIRequest
        /// Which of the prompt's images (0-based) the request's images become, in order: all of
        /// them, or under --resume those not yet done.
        var variants: [Int]

        /// The file names of those images.
        var fileNames: [String] { variants.map { prompt.fileNames[$0] } }
    }

    var plan: BatchPlan
    var kind: Kind
    var options: GenerationRunOptions

    private var commandName: String {
        if case .edit = kind { return "edit" }
        return "generate"
    }

    private var streaming: Bool { plan.prompts.contains { $0.settings.stream } }

    /// Runs the batch; throws ``ExitCode`` 1 when some image failed, a usage error (exit 64)
    /// when a flag or input is wrong.
    func execute() async throws {
        let console = Console(json: options.json)
        let reporter = GenerationReporter(console: console)

        // Everything that can be checked is checked before anything is sent.
        let jobs = try await makeJobs(reporter: reporter)
        let (pending, skipped) = try selectPending(jobs)
        if !options.resume && !options.overwrite { try refuseExistingFiles(of: pending) }

        // The key is needed to send, not to look: a dry run works without it.
        var configuration: ImagesClient.Configuration?
        if !options.dryRun {
            do {
                configuration = try ImagesClient.Configuration.fromEnvironment()
            } catch {
                await console.emit(.failure, "error", "Error: \(error.description)", ["error": .string(error.description)])
                throw ExitCode(1)
            }
        }

        let skippedImages = skipped.reduce(0) { $0 + $1.variants.count }
        let pendingImages = pending.reduce(0) { $0 + $1.request.imageCount }
        await reporter.header(
            plan: plan, kind: commandName, images: pendingImages, alreadyDone: skippedImages, workers: options.workers,
            dryRun: options.dryRun)
        for job in skipped {
            await reporter.skipped(promptNumber: job.prompt.number, files: job.fileNames.map { plan.displayPath($0) })
        }
        let estimates = pending.map(\.request.estimatedCost)
        let estimate: Double? = estimates.contains { $0 == nil } ? nil : estimates.reduce(0) { $0 + ($1 ?? 0) }
        let unknownModels = Set(pending.filter { $0.request.estimatedCost == nil }.map(\.request.model.rawValue)).sorted()
        let estimateNote = unknownModels.isEmpty ? nil : "no price known for \(unknownModels.joined(separator: ", ")) at these settings"

        if options.dryRun {
            for job in pending {
                await reporter.request(
                    promptNumber: job.prompt.number, endpoint: job.request.endpoint, body: preview(of: job),
                    files: job.fileNames.map { plan.displayPath($0) })
            }
        }
        if options.dryRun || options.maxCost != nil {
            await reporter.estimate(dollars: estimate, images: pendingImages, note: estimateNote)
        }
        // A dry run checks --max-cost too: it says whether the real run would be refused.
        if let maxCost = options.maxCost {
            guard let estimate else {
                await console.emit(
                    .failure, "refused",
                    "Refused: --max-cost \(GenerationReporter.money(maxCost)) is set but the cost cannot be estimated (\(estimateNote ?? "unknown prices")); nothing was sent.",
                    ["maxCost": .number(maxCost)])
                throw ExitCode(1)
            }
            if estimate > maxCost {
                await console.emit(
                    .failure, "refused",
                    "Refused: the estimated cost \(GenerationReporter.money(estimate)) exceeds --max-cost \(GenerationReporter.money(maxCost)); nothing was sent.",
                    ["estimate": .number(estimate), "maxCost": .number(maxCost)])
                throw ExitCode(1)
            }
        }
        if options.dryRun {
            await console.emit(.summary, "dry-run", "Dry run: nothing was sent.", ["sent": .integer(0)])
            return
        }
        if pending.isEmpty {
            await reporter.summary(
                succeeded: 0, total: 0, inputTokens: 0, outputTokens: 0, dollars: 0, failures: [],
                alreadyDone: skippedImages)
            return
        }

        guard let configuration else { return }
        let client = ImagesClient(configuration: configuration)
        if options.resume { await removeUnfinishedFiles(reporter: reporter) }
        if let reason = OutputFolderCreation.create(plan.imageFolder) {
            let message = "The output folder \(plan.imageFolder.path) cannot be created: \(reason)."
            await console.emit(.failure, "error", "Error: \(message)", ["error": .string(message)])
            throw ExitCode(1)
        }
        // Checked before paying for anything: an image that cannot be written is lost.
        if let reason = Self.fileCreationProblem(in: plan.imageFolder) {
            let message = "The output folder \(plan.imageFolder.path) does not take new files (\(reason)); nothing was sent."
            await console.emit(.failure, "error", "Error: \(message)", ["error": .string(message)])
            throw ExitCode(1)
        }

        let (answers, stopSending) = responses(for: pending, client: client, reporter: reporter)
        let context = RunContext(
            client: client, reporter: reporter, console: console, tally: BatchTally(),
            manifest: ManifestWriter(url: plan.manifestURL), totalImages: pendingImages, stop: RunStop(),
            stopSending: stopSending)
        await console.setProgress(done: 0, total: pendingImages, label: "images")
        // Ctrl-C or SIGTERM stops the sending, not the writing: what already arrived is paid
        // for and still goes to disk; a second signal ends the process at once.
        let signals = InterruptSignals { number in
            Task {
                guard await context.stop.record(.signal(number)) else { return }
                await console.emit(
                    .failure, "interrupted",
                    "Interrupted by \(RunStop.Reason.name(of: number)): cancelling the requests in flight and writing the images already received. Press Ctrl-C again to stop at once.",
                    ["signal": .integer(Int(number))])
                stopSending()
            }
        }
        defer { signals.stop() }
        // Each answer goes through the pipeline as soon as it arrives, while the others are still
        // being drawn; at most one answer per core is decoded at once, so memory stays bounded.
        let processors = max(1, ProcessInfo.processInfo.activeProcessorCount)
        var answered = Set<Int>()
        await withTaskGroup(of: Void.self) { group in
            var processing = 0
            for await (job, outcome) in answers {
                if processing >= processors {
                    await group.next()
                    processing -= 1
                }
                answered.insert(job.prompt.number)
                group.addTask { await handle(job: job, outcome: outcome, context: context, isRetry: false) }
                processing += 1
            }
        }
        // A stopped run (a signal, a full disk) never sent some prompts: each is recorded, so
        // the summary names it and --resume asks for it.
        if let stop = await context.stop.reason {
            for job in pending where !answered.contains(job.prompt.number) {
                await recordFailure(prompt: job.prompt, variants: job.variants, message: stop.notSentMessage, context: context)
            }
        }
        await context.manifest.close()

        if options.contactSheet { await writeContactSheet(context: context) }
        let tally = context.tally
        await reporter.summary(
            succeeded: await tally.succeeded, total: pendingImages, inputTokens: await tally.inputTokens,
            outputTokens: await tally.outputTokens, dollars: await tally.dollars,
            failures: await tally.failures.sorted { $0.key < $1.key }.map { (plan.prompts[$0.key - 1], $0.value) },
            alreadyDone: skippedImages)
        if case .signal(let number) = await context.stop.reason {
            await console.emit(
                .summary, "interrupted",
                "Stopped by \(RunStop.Reason.name(of: number)); run the same command with --resume to generate what is missing.",
                ["signal": .integer(Int(number))])
            throw ExitCode(128 + number)
        }
        let failed = await tally.failed
        let succeeded = await tally.succeeded
        if failed > 0 || succeeded < pendingImages { throw ExitCode(1) }
    }

    /// Shared by the tasks of one run.
    struct RunContext: Sendable {
        var client: ImagesClient
        var reporter: GenerationReporter
        var console: Console
        var tally: BatchTally
        var manifest: ManifestWriter
        var totalImages: Int
        /// Why the run stopped sending, once it did.
        var stop: RunStop
        /// Cancels the requests in flight and sends no more (a signal, a full disk).
        var stopSending: @Sendable () -> Void
    }

    // MARK: - Before sending

    /// Builds and checks every prompt's request (and, for an edit, loads the inputs once).
    private func makeJobs(reporter: GenerationReporter) async throws -> [Job] {
        var prepared: EditInputPreparation.Prepared?
        if case .edit(let inputs) = kind {
            prepared = try await EditInputPreparation(inputs: inputs).prepare(reporter: reporter)
        }
        return try plan.prompts.map { prompt in
            let request: APIRequest
            if let prepared {
                request = .edit(prompt.settings.editRequest(prompt: prompt.text, images: prepared.images, mask: prepared.mask))
            } else {
                request = .generation(prompt.settings.generationRequest(prompt: prompt.text))
            }
            try request.validate(streaming: prompt.settings.stream, origin: prompt.origin)
            return Job(prompt: prompt, request: request, variants: Array(0..<prompt.settings.imageCount))
        }
    }

    /// With --resume, leaves out the images the manifest records as written and whose files
    /// still match their SHA-256: a prompt with all of them done is skipped, one with some done
    /// asks only for the others.
    private func selectPending(_ jobs: [Job]) throws -> (pending: [Job], skipped: [Job]) {
        guard options.resume else { return (jobs, []) }
        let index: ManifestIndex
        do {
            index = try ManifestIndex(contentsOf: plan.manifestURL)
        } catch {
            throw ValidationError("--resume: \(error)")
        }
        var pending: [Job] = []
        var skipped: [Job] = []
        for job in jobs {
            let missing = job.variants.filter { variant in
                !index.isDone(origin(of: job.prompt, variant: variant), verifyingFiles: true)
            }
            let done = job.variants.filter { !missing.contains($0) }
            if !done.isEmpty {
                var finished = job
                finished.variants = done
                skipped.append(finished)
            }
            if !missing.isEmpty {
                var rest = job
                rest.variants = missing
                if missing.count < job.variants.count { rest.request = job.request.asking(for: missing.count) }
                pending.append(rest)
            }
        }
        return (pending, skipped)
    }

    /// Removes the hidden `.NAME.RANDOM.partial` files a killed run left half-written (atomic
    /// writes only rename a file into place once it is complete), for the batch's own names.
    private func removeUnfinishedFiles(reporter: GenerationReporter) async {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: plan.imageFolder.path) else { return }
        // The writer names its temporary file after the first 40 characters of the final name.
        var finalNames = plan.prompts.flatMap(\.fileNames)
        for prompt in plan.prompts {
            for stem in prompt.stems {
                finalNames.append(FileNaming.thumbnailFileName(stem: stem, format: plan.thumbnailFormat ?? prompt.settings.format))
            }
        }
        for name in names where name.hasPrefix(".") && name.hasSuffix(".partial") {
            var parts = name.dropFirst().split(separator: ".", omittingEmptySubsequences: false)
            guard parts.count >= 3 else { continue }
            parts.removeLast(2)
            let prefix = parts.joined(separator: ".")
            guard !prefix.isEmpty, finalNames.contains(where: { $0.hasPrefix(prefix) }) else { continue }
            if (try? FileManager.default.removeItem(at: plan.imageFolder.appendingPathComponent(name))) != nil {
                await reporter.notice("Removed \(name), a file an interrupted run left unfinished.")
            }
        }
    }

    /// Refuses, before paying for anything, to write over files that exist.
    private func refuseExistingFiles(of jobs: [Job]) throws {
        var existing: [String] = []
        for job in jobs {
            var names = job.fileNames
            if options.thumbnailEdge != nil {
                let format = plan.thumbnailFormat ?? job.prompt.settings.format
                names += job.variants.map { FileNaming.thumbnailFileName(stem: job.prompt.stems[$0], format: format) }
            }
            for name in names {
                if FileManager.default.fileExists(atPath: plan.imageFolder.appendingPathComponent(name).path) {
                    existing.append(plan.displayPath(name))
                }
            }
        }
        guard !existing.isEmpty else { return }
        let list = existing.prefix(5).joined(separator: ", ") + (existing.count > 5 ? " and \(existing.count - 5) more" : "")
        throw ValidationError(
            "\(list) already exist\(existing.count == 1 ? "s" : ""); pass --overwrite to replace, or --resume to keep what is done and finish the rest.")
    }

    /// The origin recorded in the manifest for one image, also the key --resume looks for.
    func origin(of prompt: BatchPlan.Prompt, variant: Int) -> ItemOrigin {
        let settings = prompt.settings
        var parameters = [
            "size": settings.size.description, "quality": settings.quality, "background": settings.background,
            "output_format": settings.format.rawValue, "endpoint": commandName == "edit" ? "edits" : "generations",
        ]
        if let compression = settings.compression { parameters["output_compression"] = String(compression) }
        if let moderation = settings.moderation { parameters["moderation"] = moderation }
        if let fidelity = settings.inputFidelity { parameters["input_fidelity"] = fidelity }
        if settings.imageCount > 1 { parameters["n"] = String(settings.imageCount) }
        return .generated(
            GenerationOrigin(
                prompt: prompt.text, index: prompt.number - 1, variant: variant, model: settings.model, parameters: parameters))
    }

    private func preview(of job: Job) -> JSONValue {
        guard case .edit(let inputs) = kind, case .object(var body) = job.request.preview else { return job.request.preview }
        body["image"] = .array(inputs.images.map { .string(EditInputPreparation.label($0)) })
        if let mask = inputs.mask { body["mask"] = .string(EditInputPreparation.label(mask)) }
        return .object(body)
    }
}
