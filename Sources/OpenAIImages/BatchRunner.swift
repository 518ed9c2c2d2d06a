import Foundation

/// Runs a batch with at most `workers` requests in flight and yields each result as soon as
/// it completes, so post-processing starts while the other images are still being drawn.
///
/// One failure never cancels the others. Stopping the iteration (or cancelling the task that
/// iterates) cancels every request in flight; ``start(_:)`` stops sending without dropping the
/// results that already arrived.
///
/// ```swift
/// let runner = try BatchRunner(client: client, workers: 4, imagesPerMinute: 50)
/// for await result in runner.run(batch) {
///     print(result.index, result.prompt, result.images.count, result.error.map(String.init(describing:)) ?? "ok")
/// }
/// ```
public struct BatchRunner: Sendable {
    /// The client that sends the requests.
    public let client: ImagesClient
    /// The most requests in flight, 1–20.
    public let workers: Int
    /// An optional pace: at most this many images asked for per minute.
    public let imagesPerMinute: Int?

    /// The most workers a batch may have.
    public static let maximumWorkers = 20

    /// - Throws: ``BatchError`` when `workers` is outside 1–20 or the pace is below 1.
    public init(client: ImagesClient, workers: Int = 4, imagesPerMinute: Int? = nil) throws(BatchError) {
        guard (1...Self.maximumWorkers).contains(workers) else { throw .invalidWorkers(workers) }
        if let pace = imagesPerMinute, pace < 1 { throw .invalidPace(pace) }
        self.client = client
        self.workers = workers
        self.imagesPerMinute = imagesPerMinute
    }

    /// Starts the batch; results arrive in completion order, each with its index in the batch.
    public func run(_ batch: ImageBatch) -> AsyncStream<BatchResult> {
        start(batch).results
    }

    /// Starts the batch and keeps a way to stop it: ``RunningBatch/stop()`` cancels what is in
    /// flight while every result that already arrived is still delivered.
    public func start(_ batch: ImageBatch) -> RunningBatch {
        let (results, continuation) = AsyncStream<BatchResult>.makeStream(bufferingPolicy: .unbounded)
        let runner = self
        let task = Task {
            await runner.drive(batch, into: continuation)
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return RunningBatch(results: results, driver: task)
    }

    private func drive(_ batch: ImageBatch, into continuation: AsyncStream<BatchResult>.Continuation) async {
        let queuedAt = Date()
        let clock = ContinuousClock()
        var pacer = ImagePacer(imagesPerMinute: imagesPerMinute)
        let requests = batch.requests
        await withTaskGroup(of: BatchResult.self) { group in
            var next = 0
            while next < requests.count, next < workers {
                let (index, request) = (next, requests[next])
                let startAt = pacer.reserve(images: request.imageCount, now: clock.now)
                group.addTask { await self.runOne(index: index, request: request, startAt: startAt, queuedAt: queuedAt) }
                next += 1
            }
            while let result = await group.next() {
                continuation.yield(result)
                if next < requests.count, !Task.isCancelled {
                    let (index, request) = (next, requests[next])
                    let startAt = pacer.reserve(images: request.imageCount, now: clock.now)
                    group.addTask { await self.runOne(index: index, request: request, startAt: startAt, queuedAt: queuedAt) }
                    next += 1
                }
            }
        }
    }

    private func runOne(index: Int, request: GenerationRequest, startAt: ContinuousClock.Instant, queuedAt: Date) async -> BatchResult {
        let outcome: Result<ImagesResponse, any Error>
        var startedAt = Date()
        do {
            try await Task.sleep(until: startAt, clock: .continuous)
            startedAt = Date()
            outcome = .success(try await client.generate(request))
        } catch {
            outcome = .failure(error)
        }
        return BatchResult(
            index: index, request: request, outcome: outcome, timing: BatchTiming(queuedAt: queuedAt, startedAt: startedAt, finishedAt: Date()))
    }
}
