import Codecs
import Foundation
import Testing

@testable import Pipeline

/// Counts items pulled from the source, handed back, and being processed at once.
actor Tracker {
    private(set) var pulled = 0
    private(set) var handedBack = 0
    private(set) var mostHeld = 0
    private(set) var processing = 0
    private(set) var mostProcessing = 0

    func pull() {
        pulled += 1
        mostHeld = max(mostHeld, pulled - handedBack)
    }

    func handBack() { handedBack += 1 }

    func startProcessing() {
        processing += 1
        mostProcessing = max(mostProcessing, processing)
    }

    func stopProcessing() { processing -= 1 }
}

/// A source of `count` items that tells the tracker each time one is pulled.
struct InstrumentedSource: AsyncSequence, Sendable {
    typealias Element = PipelineItem
    let count: Int
    let tracker: Tracker

    struct AsyncIterator: AsyncIteratorProtocol {
        let count: Int
        let tracker: Tracker
        var position = 0

        mutating func next() async -> PipelineItem? {
            guard position < count else { return nil }
            defer { position += 1 }
            await tracker.pull()
            return PipelineItem(
                image: PixelBuffer(width: 1, height: 1), origin: .file(path: "/in/\(position).png"), outputName: "\(position)")
        }
    }

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(count: count, tracker: tracker) }
}

/// A stage that takes a while (longer for some items) and tells the tracker while it works.
func slowStage(_ tracker: Tracker) -> Stages.Custom {
    .custom("slow") { item, context in
        await tracker.startProcessing()
        try await Task.sleep(for: .milliseconds(1 + (context.itemIndex * 7) % 5))
        await tracker.stopProcessing()
        return item
    }
}

@Suite struct PipelineRunTests {
    @Test(arguments: [1, 3], OutcomeOrder.allCases)
    func neverHoldsMoreItemsThanItsParallelism(parallelism: Int, order: OutcomeOrder) async throws {
        let tracker = Tracker()
        let pipeline = Pipeline([slowStage(tracker)])
        var indices: [Int] = []
        try await pipeline.run(over: InstrumentedSource(count: 30, tracker: tracker), parallelism: parallelism, order: order) { outcome in
            indices.append(outcome.index)
            await tracker.handBack()
        }
        #expect(await tracker.pulled == 30)
        #expect(indices.sorted() == Array(0..<30))
        #expect(await tracker.mostHeld <= parallelism)
        #expect(await tracker.mostProcessing <= parallelism)
        // It does use the parallelism it is given.
        #expect(await tracker.mostProcessing == parallelism)
        if order == .input { #expect(indices == Array(0..<30)) }
    }

    @Test func inputOrderWaitsForSlowItemsAndCompletionOrderDoesNot() async throws {
        let slowFirst = Pipeline([
            .custom("first-is-slow") { item, context in
                try await Task.sleep(for: .milliseconds(context.itemIndex == 0 ? 300 : 1))
                return item
            }
        ])
        let items = (0..<4).map { item(PixelBuffer(width: 1, height: 1), name: "\($0)") }
        var completion: [Int] = []
        try await slowFirst.run(over: ItemSequence(items), parallelism: 4, order: .completion) { completion.append($0.index) }
        #expect(completion.last == 0)
        var input: [Int] = []
        try await slowFirst.run(over: ItemSequence(items), parallelism: 4, order: .input) { input.append($0.index) }
        #expect(input == [0, 1, 2, 3])
    }

    @Test func aThrowingHandlerStopsTheRunWithItsError() async throws {
        struct HandlerBroke: Error {}
        for parallelism in [1, 2] {
            let tracker = Tracker()
            var handled = 0
            await #expect(throws: HandlerBroke.self) {
                try await Pipeline([slowStage(tracker)]).run(
                    over: InstrumentedSource(count: 50, tracker: tracker), parallelism: parallelism
                ) { _ in
                    handled += 1
                    if handled == 3 { throw HandlerBroke() }
                }
            }
            #expect(handled == 3)
            #expect(await tracker.pulled <= 3 + parallelism, "no item is pulled once the handler failed")
        }
    }

    @Test func aFailureNamesTheStageAndKeepsTheItemAsItWas() async throws {
        struct Boom: Error, CustomStringConvertible { var description: String { "The fuse was lit." } }
        let pipeline = Pipeline([
            .custom("note") { item, _ in
                var item = item
                item.warnings.append("noted")
                return item
            },
            .custom("explode") { item, _ in
                if item.outputName == "bad" { throw Boom() }
                return item
            },
            .custom("after") { item, _ in
                var item = item
                item.warnings.append("after")
                return item
            },
        ])
        let outcomes = try await pipeline.process([
            item(PixelBuffer(width: 1, height: 1), name: "good"), item(PixelBuffer(width: 1, height: 1), name: "bad"),
            item(PixelBuffer(width: 1, height: 1), name: "good2"),
        ])
        #expect(outcomes.map(\.index) == [0, 1, 2])
        #expect(outcomes[0].item?.warnings == ["noted", "after"])
        #expect(outcomes[0].item?.timings.map(\.stage) == ["note", "explode", "after"])
        #expect(outcomes[2].item != nil, "one failed item never stops the others")
        let failure = try #require(outcomes[1].failure)
        #expect(failure.stage == "explode" && failure.stageIndex == 1)
        #expect(failure.item.warnings == ["noted"])
        #expect(failure.item.timings.map(\.stage) == ["note"])
        #expect(failure.description == "Stage explode failed for /in/bad.png: The fuse was lit.")
    }

    @Test func outcomesStreamYieldsEveryItem() async throws {
        let pipeline = Pipeline([.custom("pass") { item, _ in item }])
        let items = (0..<10).map { item(PixelBuffer(width: 1, height: 1), name: "\($0)") }
        var seen = Set<Int>()
        for try await outcome in pipeline.outcomes(for: ItemSequence(items), parallelism: 2) { seen.insert(outcome.index) }
        #expect(seen == Set(0..<10))
    }

    @Test(arguments: [1, 2])
    func aThrowingSourceStopsTheRunWithItsError(parallelism: Int) async throws {
        struct SourceBroke: Error {}
        let stream = AsyncThrowingStream<PipelineItem, any Error> { continuation in
            continuation.yield(item(PixelBuffer(width: 1, height: 1)))
            continuation.finish(throwing: SourceBroke())
        }
        var count = 0
        await #expect(throws: SourceBroke.self) {
            try await Pipeline([]).run(over: stream, parallelism: parallelism) { _ in count += 1 }
        }
        #expect(count <= 1)
    }

    @Test func parallelismBelowOneIsRefused() async {
        await #expect(throws: PipelineError.self) {
            try await Pipeline([]).run(over: ItemSequence([PipelineItem]()), parallelism: 0) { _ in }
        }
        #expect(PipelineError.invalidParallelism(0).description == "Parallelism must be at least 1 (got 0).")
    }

    @Test func stagesAreComparableValuesWithReadableDescriptions() {
        let pipeline = Pipeline([
            .decode(), .validateDimensions(oneOf: [ImageSize(width: 1024, height: 1024), ImageSize(width: 1536, height: 1024)]),
            .validateTransparency(.required, policy: .warn), .reencode(.webp(WebPOptions(quality: 80))), .thumbnail(256),
            .write(into: URL(fileURLWithPath: "/tmp/out")),
        ])
        #expect(
            pipeline.description
                == "decode → validateDimensions(1024x1024|1536x1024, fail) → validateTransparency(required, warn) → "
                + "reencode(webp q80 alpha 100) → thumbnail(256x256 inside lanczos3) → write(/tmp/out, uniqueName)")
        #expect(Stages.Decode() == Stages.Decode())
        #expect(Stages.Reencode(.jpeg()) != Stages.Reencode(.jpeg(), background: .black))
        #expect(Stages.Custom("a") { item, _ in item } == Stages.Custom("a") { item, _ in item })
        #expect(Set([AnyHashable(Stages.Thumbnail(ResizeOptions(width: 1, height: 1))), AnyHashable(Stages.Decode())]).count == 2)
    }

    @Test func builderComposesWithConditions() {
        let wantsThumbnail = false
        let pipeline = Pipeline {
            Stages.Decode()
            if wantsThumbnail { Stages.Thumbnail(ResizeOptions(width: 64, height: 64)) }
            Stages.Write()
        }
        #expect(pipeline.stages.map(\.description) == ["decode", "write(item folder, uniqueName)"])
    }
}

@Suite struct PipelineCancellationTests {
    @Test(arguments: [1, 2])
    func cancellingTheRunStopsPullingItems(parallelism: Int) async throws {
        let tracker = Tracker()
        let pipeline = Pipeline([slowStage(tracker)])
        let run = Task {
            try await pipeline.run(over: InstrumentedSource(count: 10_000, tracker: tracker), parallelism: parallelism) { _ in
                await tracker.handBack()
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        run.cancel()
        await #expect(throws: CancellationError.self) { try await run.value }
        let pulled = await tracker.pulled
        #expect(pulled < 10_000)
        try await Task.sleep(for: .milliseconds(50))
        #expect(await tracker.pulled == pulled, "nothing is pulled after the run ended")
    }
}
