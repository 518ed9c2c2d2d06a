import Codecs
import Foundation
import OpenAIImages
import Pipeline

extension GenerationRun {
    /// Handles one prompt's answer: every image through the pipeline, damaged answers and
    /// undecodable images asked for once more, failures reported and recorded.
    func handle(job: Job, outcome: Result<ImagesResponse, any Error>, context: RunContext, isRetry: Bool) async {
        let prompt = job.prompt
        let count = job.variants.count
        switch outcome {
        case .failure(let error):
            // A stopped run asks for nothing again; a request it cancelled says why it ended.
            if let stop = await context.stop.reason {
                let message = error is CancellationError ? stop.cancelledMessage : Self.describe(error)
                await recordFailure(prompt: prompt, variants: job.variants, message: message, context: context)
                return
            }
            if !isRetry && Self.arrivedDamaged(error) {
                await context.reporter.retry(promptNumber: prompt.number, reason: "the answer arrived damaged (\(Self.describe(error)))")
                let again = await send(job.request, prompt: prompt, client: context.client, reporter: context.reporter)
                await handle(job: job, outcome: again, context: context, isRetry: true)
                return
            }
            await recordFailure(prompt: prompt, variants: job.variants, message: Self.describe(error), context: context)

        case .success(let response):
            let usage = await account(response, request: job.request, context: context)
            var slots: [(variant: Int, data: Data?)] = []
            for (offset, variant) in job.variants.enumerated() {
                slots.append((variant, offset < response.images.count ? response.images[offset].data : nil))
            }
            var undecodable = await process(slots, prompt: prompt, usage: usage, of: count, context: context)
            guard !undecodable.isEmpty else { return }
            if isRetry {
                await recordFailure(
                    prompt: prompt, variants: undecodable.map(\.variant),
                    message: "the image arrived undecodable again: \(undecodable[0].reason)", context: context)
                return
            }
            if let stop = await context.stop.reason {
                await recordFailure(
                    prompt: prompt, variants: undecodable.map(\.variant),
                    message: "the image arrived undecodable and was not asked for again: \(stop.summary)", context: context)
                return
            }
            let numbers = undecodable.map { String($0.variant + 1) }.joined(separator: ", ")
            await context.reporter.retry(
                promptNumber: prompt.number,
                reason: "image \(numbers) arrived undecodable (\(undecodable[0].reason))")
            let again = await send(
                job.request.asking(for: undecodable.count), prompt: prompt, client: context.client, reporter: context.reporter)
            switch again {
            case .failure(let error):
                await recordFailure(
                    prompt: prompt, variants: undecodable.map(\.variant),
                    message: "the image arrived undecodable and asking again failed: \(Self.describe(error))", context: context)
            case .success(let retried):
                let retriedUsage = await account(retried, request: job.request.asking(for: undecodable.count), context: context)
                let retrySlots = undecodable.enumerated().map { offset, slot in
                    (variant: slot.variant, data: offset < retried.images.count ? retried.images[offset].data : nil)
                }
                undecodable = await process(retrySlots, prompt: prompt, usage: retriedUsage, of: retrySlots.count, context: context)
                if !undecodable.isEmpty {
                    await recordFailure(
                        prompt: prompt, variants: undecodable.map(\.variant),
                        message: "the image arrived undecodable twice: \(undecodable[0].reason)", context: context)
                }
            }
        }
    }

    /// Adds a response's tokens and cost to the run's totals; returns them for the manifest.
    private func account(_ response: ImagesResponse, request: APIRequest, context: RunContext) async -> Usage? {
        guard let usage = response.usage else {
            await context.tally.addUsage(input: 0, output: 0, dollars: nil)
            return nil
        }
        await context.tally.addUsage(
            input: usage.inputTokens, output: usage.outputTokens, dollars: CostCalculator.cost(of: usage, model: request.model))
        return usage
    }

    /// Runs images through the pipeline; returns those that did not decode, with the reason.
    /// A missing image (the answer held fewer than asked) is reported as a failure here.
    private func process(
        _ slots: [(variant: Int, data: Data?)], prompt: BatchPlan.Prompt, usage: Usage?, of imagesInRequest: Int,
        context: RunContext
    ) async -> [(variant: Int, reason: String)] {
        var undecodable: [(variant: Int, reason: String)] = []
        for slot in slots {
            guard let data = slot.data else {
                await recordFailure(
                    prompt: prompt, variants: [slot.variant],
                    message: "the answer held fewer images than the \(imagesInRequest) asked for", context: context)
                continue
            }
            if let reason = await processImage(
                data, prompt: prompt, variant: slot.variant, usage: usage, imagesInRequest: imagesInRequest, context: context)
            {
                undecodable.append((slot.variant, reason))
            }
        }
        return undecodable
    }

    /// One image: decode, check, thumbnail, write, record. Returns the reason when the bytes
    /// do not decode (the caller asks again); everything else is handled here.
    private func processImage(
        _ data: Data, prompt: BatchPlan.Prompt, variant: Int, usage: Usage?, imagesInRequest: Int, context: RunContext
    ) async -> String? {
        let settings = prompt.settings
        let stem = prompt.stems[variant]
        let item = PipelineItem(
            data: data, origin: origin(of: prompt, variant: variant), outputName: stem, outputFolder: plan.imageFolder,
            usage: Self.share(of: usage, model: settings.model, variant: variant, count: imagesInRequest))
        let policy: AtomicFileWriter.ExistingFilePolicy = options.overwrite || options.resume ? .overwrite : .fail
        let write = Stages.Write(into: plan.imageFolder, policy: policy)
        let thumbnail = options.thumbnailEdge.map { ResizeOptions(width: $0, height: $0, fit: .inside) }
        let pipeline = Pipeline {
            // The first stage proves the bytes decode (a failure there asks for the image again).
            if let thumbnail, !settings.wantsTransparency {
                DecodeForThumbnail(thumbnail: thumbnail)
            } else {
                Stages.Decode()
            }
            if let sizes = settings.acceptedDimensions {
                Stages.ValidateDimensions(sizes.map { PipelineSize(width: $0.width, height: $0.height) }, policy: .warn)
            }
            if settings.wantsTransparency {
                Stages.ValidateTransparency(.required, policy: .warn)
            }
            if let thumbnail {
                Stages.Thumbnail(thumbnail, encoding: options.thumbnailFormat.map(Self.defaultEncoding))
            }
            write
        }
        var outcome = await pipeline.process(item)
        if case .failure(let failure) = outcome.result {
            if failure.stageIndex == 0 { return "\(failure.error)" }
            if failure.stage != write.description {
                // A check or thumbnail that cannot be done never keeps the image from the disk.
                var rescued = failure.item
                rescued.thumbnail = nil
                rescued.warnings.append("\(failure.stage) could not be done: \(failure.error)")
                outcome = await Pipeline([write]).process(rescued)
            }
        }
        switch outcome.result {
        case .failure(let failure):
            if let reason = Self.fullFolderReason(failure.error) {
                // Every further answer would be paid for and lost: stop sending at once, before
                // the request in flight is answered or another one starts.
                await context.stop.record(.fullFolder(path: plan.imageFolder.path, reason: reason))
                context.stopSending()
            }
            do {
                try await context.manifest.append(failure)
            } catch {
                await context.reporter.notice("The manifest could not record \(stem): \(error)", promptNumber: prompt.number)
            }
            await context.reporter.failure(
                promptNumber: prompt.number, prompt: prompt.text, files: [plan.displayPath(prompt.fileNames[variant])],
                message: "not written: \(failure.error)")
            await context.tally.imagesFailed(prompt: prompt.number, count: 1, reason: "not written: \(failure.error)")
        case .success(let written):
            await record(written, prompt: prompt, variant: variant, usage: usage, imagesInRequest: imagesInRequest, context: context)
        }
        await context.console.setProgress(done: await context.tally.done, total: context.totalImages, label: "images")
        return nil
    }

    /// Records a written image in the manifest and the output; under --strict a failed check
    /// makes it count as failed (the file stays, flagged).
    private func record(
        _ item: PipelineItem, prompt: BatchPlan.Prompt, variant: Int, usage: Usage?, imagesInRequest: Int, context: RunContext
    ) async {
        let failedChecks = item.validations.filter { !$0.passed }
        let strictFailure =
            options.strict && !failedChecks.isEmpty
            ? "--strict: " + failedChecks.map(\.detail).joined(separator: " ") : nil
        var record = ManifestRecord(item: item)
        if let strictFailure {
            record.status = .failed
            record.error = strictFailure
        }
        do {
            try await context.manifest.append(record)
        } catch {
            await context.reporter.notice("The manifest could not record \(item.outputName): \(error)", promptNumber: prompt.number)
        }
        let image = item.files.first { $0.role == .image }
        let thumbnail = item.files.first { $0.role == .thumbnail }
        let path = image.map { GenerationReporter.display($0.path) } ?? plan.displayPath(prompt.fileNames[variant])
        await context.reporter.image(
            GenerationReporter.ImageLine(
                promptNumber: prompt.number, imageNumber: variant + 1, prompt: prompt.text, path: path,
                width: image?.width ?? 0, height: image?.height ?? 0, bytes: image?.bytes ?? 0, sha256: image?.sha256 ?? "",
                inputTokens: usage?.inputTokens, outputTokens: usage?.outputTokens, imagesInRequest: imagesInRequest,
                thumbnailPath: thumbnail?.path, warnings: item.warnings, failure: strictFailure))
        if let strictFailure {
            await context.tally.imageWrittenButFailed(
                prompt: prompt.number, image: variant + 1, path: image?.path ?? path, reason: strictFailure)
        } else {
            await context.tally.imageWritten(prompt: prompt.number, image: variant + 1, path: image?.path ?? path)
        }
    }

    /// Reports images that were not written and records them in the manifest, so a later
    /// --resume knows to ask for them.
    func recordFailure(prompt: BatchPlan.Prompt, variants: [Int], message: String, context: RunContext) async {
        for variant in variants {
            let item = PipelineItem(
                data: Data(), origin: origin(of: prompt, variant: variant), outputName: prompt.stems[variant],
                outputFolder: plan.imageFolder)
            let failure = PipelineFailure(stage: "request", stageIndex: -1, error: ImageFailure.notReceived(reason: message), item: item)
            do {
                try await context.manifest.append(failure)
            } catch {
                await context.reporter.notice("The manifest could not record the failure of \(prompt.stems[variant]): \(error)")
            }
        }
        await context.reporter.failure(
            promptNumber: prompt.number, prompt: prompt.text, files: variants.map { plan.displayPath(prompt.fileNames[$0]) },
            message: message)
        await context.tally.imagesFailed(prompt: prompt.number, count: variants.count, reason: message)
        await context.console.setProgress(done: await context.tally.done, total: context.totalImages, label: "images")
    }

    /// One image's share of its request's tokens and cost (the first image takes the remainder).
    static func share(of usage: Usage?, model: String, variant: Int, count: Int) -> ItemUsage? {
        guard let usage, count > 0 else { return nil }
        func part(_ total: Int) -> Int { total / count + (variant == 0 ? total % count : 0) }
        let cost = CostCalculator.cost(of: usage, model: ImageModel(rawValue: model)).map { $0 / Double(count) }
        return ItemUsage(
            inputTokens: part(usage.inputTokens), outputTokens: part(usage.outputTokens), totalTokens: part(usage.totalTokens),
            costUSD: cost)
    }

    /// The encoder defaults of a format, for thumbnails in another format than the image.
    static func defaultEncoding(for format: ImageFormat) -> EncodingOptions {
        switch format {
        case .png: .png()
        case .jpeg: .jpeg()
        case .webp: .webp()
        }
    }

    /// One PNG grid of the batch's images (those written now and those already done).
    func writeContactSheet(context: RunContext) async {
        let edge = 256
        var tiles: [PixelBuffer] = []
        for prompt in plan.prompts {
            for name in prompt.fileNames {
                let url = plan.imageFolder.appendingPathComponent(name)
                guard let data = try? Data(contentsOf: url),
                    let decoded = try? ImageDecoder.decode(data, options: DecodingOptions(minimumSize: (edge, edge)))
                else { continue }
                tiles.append(decoded.pixels)
            }
        }
        guard !tiles.isEmpty else {
            await context.reporter.notice("No contact sheet: no image of the batch is on disk.")
            return
        }
        do {
            let sheet = try ContactSheet.make(from: tiles, cellSize: PipelineSize(width: edge, height: edge))
            let png = try ImageEncoder.encode(sheet, as: .png(PNGOptions()))
            // The sheet replaces an earlier sheet, never an image of the batch that bears its name.
            let isImageName = plan.prompts.contains { $0.fileNames.contains(FileNaming.contactSheetFileName) }
            let url = try AtomicFileWriter(folder: plan.imageFolder).write(
                png, stem: FileNaming.stem(ofFileName: FileNaming.contactSheetFileName), extension: "png",
                policy: isImageName ? .uniqueName : .overwrite)
            await context.console.emit(
                .info, "contact-sheet", "Contact sheet: \(GenerationReporter.display(url.path)) (\(sheet.width)x\(sheet.height), \(tiles.count) images)",
                ["path": .string(url.path), "width": .integer(sheet.width), "height": .integer(sheet.height), "images": .integer(tiles.count)])
        } catch {
            await context.reporter.notice("The contact sheet could not be written: \(error)")
        }
    }
}
