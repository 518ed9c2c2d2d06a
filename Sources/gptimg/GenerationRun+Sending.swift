import Foundation
import OpenAIImages

extension GenerationRun {
    /// The answers to `jobs`, each as soon as it arrives: plain generations through the
    /// client's ``BatchRunner``; edits and streamed requests through ``RequestScheduler``.
    /// `stop` cancels what is in flight without losing an answer that already arrived.
    func responses(
        for jobs: [Job], client: ImagesClient, reporter: GenerationReporter
    ) -> (answers: AsyncStream<(job: Job, outcome: Result<ImagesResponse, any Error>)>, stop: @Sendable () -> Void) {
        let generations = jobs.compactMap { job -> GenerationRequest? in
            if case .generation(let request) = job.request, !job.prompt.settings.stream { return request }
            return nil
        }
        if generations.count == jobs.count,
            let runner = try? BatchRunner(client: client, workers: options.workers, imagesPerMinute: options.imagesPerMinute),
            let batch = try? ImageBatch(requests: generations)
        {
            let running = runner.start(batch)
            let (stream, continuation) = AsyncStream<(job: Job, outcome: Result<ImagesResponse, any Error>)>.makeStream()
            let task = Task {
                for await result in running.results {
                    continuation.yield((jobs[result.index], result.outcome))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
            return (stream, { running.stop() })
        }
        let scheduler = RequestScheduler(workers: options.workers, imagesPerMinute: options.imagesPerMinute)
        return scheduler.run(jobs, imageCount: { $0.request.imageCount }) { job in
            await send(job.request, prompt: job.prompt, client: client, reporter: reporter)
        }
    }

    /// Sends one request; a streamed one reports its partial images as they arrive and
    /// gathers its completed images into one response.
    func send(
        _ request: APIRequest, prompt: BatchPlan.Prompt, client: ImagesClient, reporter: GenerationReporter
    ) async -> Result<ImagesResponse, any Error> {
        do {
            guard prompt.settings.stream else {
                switch request {
                case .generation(let generation): return .success(try await client.generate(generation))
                case .edit(let edit): return .success(try await client.edit(edit))
                }
            }
            let events: AsyncThrowingStream<ImageStreamEvent, any Error>
            switch request {
            case .generation(let generation): events = client.generateStream(generation)
            case .edit(let edit): events = client.editStream(edit)
            }
            var images: [GeneratedImage] = []
            var usage: Usage?
            for try await event in events {
                switch event {
                case .partial(let partial):
                    await reporter.partial(promptNumber: prompt.number, partialIndex: partial.partialIndex ?? 0, bytes: partial.data.count)
                case .completed(let image, let eventUsage):
                    images.append(GeneratedImage(data: image.data))
                    if let eventUsage { usage = usage.map { $0 + eventUsage } ?? eventUsage }
                }
            }
            return .success(
                ImagesResponse(created: Int(Date().timeIntervalSince1970), images: images, usage: usage))
        } catch {
            return .failure(error)
        }
    }

    /// Whether an error means the bytes arrived damaged (truncated base64, a stream cut
    /// short, a body that is not the promised JSON), so asking again may well succeed.
    static func arrivedDamaged(_ error: any Error) -> Bool {
        guard let error = error as? ImagesAPIError else { return false }
        switch error {
        case .invalidResponse, .streamEndedEarly: return true
        default: return false
        }
    }

    /// The message printed for a failed request: the server's own words, with what to do.
    static func describe(_ error: any Error) -> String {
        if let error = error as? ImagesAPIError { return error.description }
        return String(describing: error)
    }
}
