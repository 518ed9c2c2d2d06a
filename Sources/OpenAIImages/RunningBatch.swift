/// A batch under way: its results as they complete, and a way to stop sending.
///
/// ```swift
/// let running = runner.start(batch)
/// Task { try await Task.sleep(for: .seconds(30)); running.stop() }
/// for await result in running.results { print(result.index, result.error == nil ? "ok" : "failed") }
/// ```
public struct RunningBatch: Sendable {
    /// The results in completion order, each with its index in the batch. The stream ends once
    /// every request has finished, failed or been stopped.
    public let results: AsyncStream<BatchResult>
    private let driver: Task<Void, Never>

    init(results: AsyncStream<BatchResult>, driver: Task<Void, Never>) {
        self.results = results
        self.driver = driver
    }

    /// Cancels the requests in flight and sends nothing more. Unlike leaving the iteration, it
    /// loses nothing that already arrived: results complete before the stop are still delivered,
    /// the stopped requests arrive as failures with `CancellationError`, then `results` ends.
    public func stop() {
        driver.cancel()
    }
}
