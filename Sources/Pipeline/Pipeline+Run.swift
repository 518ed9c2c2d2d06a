import Foundation

/// The order a pipeline hands back outcomes in.
public enum OutcomeOrder: String, Sendable, Hashable, CaseIterable {
    /// As each item finishes: the first result is available soonest. The default.
    case completion
    /// In the order items came from the source. Finished items wait for earlier ones, and
    /// count towards the parallelism while they wait, so memory stays bounded.
    case input
}

extension Pipeline {
    /// The default number of items worked on at once: the number of processor cores.
    public static var defaultParallelism: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    /// Runs every item of `source` through the pipeline, at most `parallelism` at a time, and
    /// hands each outcome to `handle`.
    ///
    /// Items are pulled from `source` only when a slot is free, so no more than `parallelism`
    /// items are held at once (pulled and not yet handed to `handle`). A failing item never
    /// stops the others; a throwing `source` or `handle` stops the run (running items are
    /// cancelled) and the error is rethrown. Cancelling the calling task stops pulling items
    /// and throws `CancellationError`.
    ///
    /// ```swift
    /// try await pipeline.run(over: items, parallelism: 4) { outcome in
    ///     if let failure = outcome.failure { print(failure) }
    /// }
    /// ```
    ///
    /// - Throws: ``PipelineError/invalidParallelism(_:)``, or what `source` or `handle` throw.
    public func run<Source: AsyncSequence>(
        over source: Source, parallelism: Int = Pipeline.defaultParallelism, order: OutcomeOrder = .completion,
        _ handle: (PipelineOutcome) async throws -> Void
    ) async throws where Source.Element == PipelineItem {
        guard parallelism >= 1 else { throw PipelineError.invalidParallelism(parallelism) }
        var iterator = source.makeAsyncIterator()
        if parallelism == 1 {
            // One item at a time needs no child task. Working in the calling task saves two
            // thread hand-offs per item, and keeps the item's buffers in one thread's malloc
            // arena, where the next item reuses them instead of faulting in fresh pages.
            var index = 0
            while true {
                try Task.checkCancellation()
                guard let item = try await iterator.next() else { return }
                let outcome = await process(item, index: index)
                index += 1
                try await handle(outcome)
            }
        }
        try await withThrowingTaskGroup(of: PipelineOutcome.self) { group in
            var pulled = 0
            var running = 0
            var exhausted = false
            var waiting: [Int: PipelineOutcome] = [:]
            var nextToHandOut = 0
            while true {
                while !exhausted, running + waiting.count < parallelism {
                    // A cancelled run stops pulling; the items already running finish as cancelled failures.
                    try Task.checkCancellation()
                    guard let item = try await iterator.next() else {
                        exhausted = true
                        break
                    }
                    let index = pulled
                    pulled += 1
                    running += 1
                    group.addTask { await self.process(item, index: index) }
                }
                // Anything waiting for an earlier item implies that item is still running.
                guard running > 0, let outcome = try await group.next() else { break }
                running -= 1
                switch order {
                case .completion:
                    try await handle(outcome)
                case .input:
                    waiting[outcome.index] = outcome
                    while let ready = waiting.removeValue(forKey: nextToHandOut) {
                        nextToHandOut += 1
                        try await handle(ready)
                    }
                }
            }
        }
    }

    /// The outcomes of running every item of `source` through the pipeline, at most
    /// `parallelism` at a time, as an async sequence.
    ///
    /// Finished outcomes are buffered until you read them; read promptly (or use
    /// ``run(over:parallelism:order:_:)``, which waits for you) to keep memory flat.
    /// Cancelling the reading task, or dropping the sequence, cancels the run.
    public func outcomes<Source: AsyncSequence & Sendable>(
        for source: Source, parallelism: Int = Pipeline.defaultParallelism, order: OutcomeOrder = .completion
    ) -> AsyncThrowingStream<PipelineOutcome, any Error> where Source.Element == PipelineItem {
        let (stream, continuation) = AsyncThrowingStream<PipelineOutcome, any Error>.makeStream()
        let task = Task {
            do {
                try await self.run(over: source, parallelism: parallelism, order: order) { outcome in
                    continuation.yield(outcome)
                }
                continuation.finish()
            } catch {
                continuation.finish(throwing: error)
            }
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// The outcomes of running `items` through the pipeline, in input order.
    public func process(_ items: [PipelineItem], parallelism: Int = Pipeline.defaultParallelism) async throws -> [PipelineOutcome] {
        var outcomes = [PipelineOutcome]()
        outcomes.reserveCapacity(items.count)
        try await run(over: ItemSequence(items), parallelism: parallelism, order: .input) { outcomes.append($0) }
        return outcomes
    }
}
