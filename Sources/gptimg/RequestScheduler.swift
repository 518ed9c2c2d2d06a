import Foundation
import OpenAIImages

/// Sends requests with at most `workers` in flight, optionally paced to an images-per-minute
/// limit, and yields each answer as soon as it arrives. Used for what ``BatchRunner`` does
/// not send (edits, streamed requests); one failure never stops the others, and cancelling
/// the stream's consumer cancels every request in flight.
struct RequestScheduler: Sendable {
    var workers: Int
    var imagesPerMinute: Int?

    /// Runs `send` for each job (the index of a job is its position in `jobs`). `stop` cancels
    /// the sends in flight and starts no more; answers that already arrived are still yielded,
    /// the stopped sends as failures, then the stream ends.
    func run<Job: Sendable>(
        _ jobs: [Job], imageCount: @escaping @Sendable (Job) -> Int,
        send: @escaping @Sendable (Job) async -> Result<ImagesResponse, any Error>
    ) -> (answers: AsyncStream<(job: Job, outcome: Result<ImagesResponse, any Error>)>, stop: @Sendable () -> Void) {
        let (stream, continuation) = AsyncStream<(job: Job, outcome: Result<ImagesResponse, any Error>)>.makeStream()
        let workers = max(1, workers)
        let pace = imagesPerMinute
        let task = Task {
            var pacer = ImagePacer(imagesPerMinute: pace)
            let clock = ContinuousClock()
            await withTaskGroup(of: (job: Job, outcome: Result<ImagesResponse, any Error>).self) { group in
                var next = 0
                func startNext() {
                    guard next < jobs.count, !Task.isCancelled else { return }
                    let job = jobs[next]
                    next += 1
                    let startAt = pacer.reserve(images: imageCount(job), now: clock.now)
                    group.addTask {
                        do {
                            try await Task.sleep(until: startAt, clock: .continuous)
                        } catch {
                            return (job, .failure(error))
                        }
                        return (job, await send(job))
                    }
                }
                for _ in 0..<min(workers, jobs.count) { startNext() }
                while let result = await group.next() {
                    continuation.yield(result)
                    startNext()
                }
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return (stream, { task.cancel() })
    }
}
