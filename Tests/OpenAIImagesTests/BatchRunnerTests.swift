import Foundation
import LocalImagesServer
import Testing

@testable import OpenAIImages

@Suite("Batches: bounded concurrency, completion order, isolation, cancellation")
struct BatchRunnerTests {
    /// Small images keep the server's drawing time out of the timings.
    static let smallImages = GenerationRequest(prompt: "", model: .dallE2, size: "256x256", responseFormat: .b64JSON)

    @Test("Twenty workers put twenty requests in flight at once over the shared HTTP client")
    func twentyWorkersReachTwentyConnections() async throws {
        // The default transport: its connection pool must not hold a batch below `workers`.
        let server = try await LocalImagesServer.start(serverConfiguration(delay: .seconds(3)))
        let client = ImagesClient(configuration: .init(apiKey: fakeKey, baseURL: server.baseURL))
        let batch = try ImageBatch(prompts: (0..<20).map { "prompt \($0)" }, template: Self.smallImages)
        let runner = try BatchRunner(client: client, workers: 20)
        var results: [BatchResult] = []
        for await result in runner.run(batch) { results.append(result) }
        try await server.shutdown()
        #expect(results.count == 20 && results.allSatisfy { $0.images.count == 1 })
        #expect(server.maxConcurrentRequests == 20)
    }

    @Test("Never more than `workers` in flight, and every prompt gets its images", arguments: [1, 3])
    func boundedConcurrency(workers: Int) async throws {
        try await withServer(serverConfiguration(delay: .milliseconds(300))) { server, client in
            let prompts = (0..<7).map { "prompt \($0)" }
            var template = Self.smallImages
            template.n = 2
            let batch = try ImageBatch(prompts: prompts, template: template)
            let runner = try BatchRunner(client: client, workers: workers)
            var results: [BatchResult] = []
            for await result in runner.run(batch) { results.append(result) }
            #expect(results.count == 7)
            #expect(Set(results.map(\.index)) == Set(0..<7))
            #expect(results.allSatisfy { $0.images.count == 2 && $0.prompt == prompts[$0.index] })
            #expect(server.maxConcurrentRequests <= workers)
            if workers > 1 { #expect(server.maxConcurrentRequests >= 2, "the requests never overlapped") }
            #expect(server.apiRequests.count == 7)
        }
    }

    @Test("Results arrive in completion order, not submission order")
    func completionOrder() async throws {
        let faults = [
            // Seconds apart, so that a loaded machine cannot reorder them.
            Fault(.delay(.seconds(6)), when: .promptContains("slow")),
            Fault(.delay(.seconds(3)), when: .promptContains("medium")),
        ]
        try await withServer(serverConfiguration(faults)) { _, client in
            let batch = try ImageBatch(prompts: ["slow one", "medium one", "fast one"], template: Self.smallImages)
            var results: [BatchResult] = []
            for await result in try BatchRunner(client: client, workers: 3).run(batch) { results.append(result) }
            let order = results.map(\.index)
            // Each result is yielded when it finishes: the yield order is the finishing order,
            // and the slowest request, submitted first, comes last.
            #expect(order == results.sorted { $0.timing.finishedAt < $1.timing.finishedAt }.map(\.index))
            #expect(order.last == 0)
            #expect(results.allSatisfy { $0.error == nil })
        }
    }

    @Test("One failure does not stop the others")
    func failureIsolation() async throws {
        let faults = [Fault(.moderationBlocked, when: .promptContains("bad")), Fault(.serverError(500), when: .promptContains("broken"))]
        try await withServer(serverConfiguration(faults)) { server, client in
            let batch = try ImageBatch(prompts: ["good 1", "bad", "good 2", "broken", "good 3"], template: Self.smallImages)
            var results: [Int: BatchResult] = [:]
            for await result in try BatchRunner(client: client, workers: 2).run(batch) { results[result.index] = result }
            #expect(results.count == 5)
            for index in [0, 2, 4] { #expect(results[index]?.images.count == 1, "\(index)") }
            guard case .moderationBlocked? = results[1]?.error as? ImagesAPIError else { Issue.record("\(String(describing: results[1]?.error))"); return }
            guard case .serverError? = results[3]?.error as? ImagesAPIError else { Issue.record("\(String(describing: results[3]?.error))"); return }
            #expect(results[3]?.images.isEmpty == true)
        }
    }

    @Test("Cancelling the batch cancels every request in flight")
    func cancellation() async throws {
        try await withServer(serverConfiguration(delay: .seconds(60))) { server, client in
            let batch = try ImageBatch(prompts: (0..<6).map { "p\($0)" }, template: GenerationRequest(prompt: ""))
            let runner = try BatchRunner(client: client, workers: 3)
            let clock = ContinuousClock()
            let consumer = Task {
                var results: [BatchResult] = []
                for await result in runner.run(batch) { results.append(result) }
                return results
            }
            while server.currentConcurrentRequests < 3 { try await Task.sleep(for: .milliseconds(10)) }
            let cancelledAt = clock.now
            consumer.cancel()
            let results = await consumer.value
            // Bounds far from the server's 60 s answer, so a loaded machine cannot blur the two.
            #expect(clock.now - cancelledAt < .seconds(15))
            #expect(results.allSatisfy { $0.error != nil })
            // The server sees every connection go away long before its 60 s answer.
            while server.currentConcurrentRequests > 0, clock.now - cancelledAt < .seconds(30) {
                try await Task.sleep(for: .milliseconds(20))
            }
            #expect(server.currentConcurrentRequests == 0)
            #expect(server.completedResponses == 0)
            #expect(server.apiRequests.count == 3)
            #expect(server.apiRequests.allSatisfy { $0.status == 499 })
        }
    }

    @Test("Stopping a running batch cancels what is in flight and still delivers what already arrived")
    func stopKeepsWhatArrived() async throws {
        let faults = [Fault(.delay(.seconds(60)), when: .promptContains("slow"))]
        try await withServer(serverConfiguration(faults)) { server, client in
            let prompts = ["quick 1", "slow 1", "quick 2", "slow 2", "slow 3"]
            let batch = try ImageBatch(prompts: prompts, template: Self.smallImages)
            let running = try BatchRunner(client: client, workers: 5).start(batch)
            var results: [BatchResult] = []
            for await result in running.results {
                results.append(result)
                // Stop once both quick answers are in; the three slow ones are still in flight.
                if results.count == 2 { running.stop() }
            }
            #expect(results.count == 5, "every prompt gets a result, none is dropped")
            let succeeded = results.filter { $0.error == nil }.map { prompts[$0.index] }
            #expect(Set(succeeded) == ["quick 1", "quick 2"])
            #expect(results.filter { $0.error is CancellationError }.count == 3)
            #expect(server.completedResponses == 2)
        }
    }

    @Test("The pace keeps at most N images per minute, in queue order")
    func pacing() {
        let clock = ContinuousClock()
        let zero = clock.now
        var pacer = ImagePacer(imagesPerMinute: 5)
        let starts = [2, 2, 2, 1, 6, 1].map { pacer.reserve(images: $0, now: zero) }
        let offsets = starts.map { ($0 - zero) }
        #expect(offsets == [.zero, .zero, .seconds(60), .seconds(60), .seconds(120), .seconds(180)])
        var unpaced = ImagePacer(imagesPerMinute: nil)
        #expect(unpaced.reserve(images: 100, now: zero) == zero)
    }

    @Test("workers must be 1–20, a batch 1–20 prompts")
    func limits() throws {
        let client = ImagesClient(configuration: .init(apiKey: fakeKey))
        #expect(throws: BatchError.invalidWorkers(0)) { try BatchRunner(client: client, workers: 0) }
        #expect(throws: BatchError.invalidWorkers(21)) { try BatchRunner(client: client, workers: 21) }
        #expect(throws: BatchError.tooManyRequests(21)) { try ImageBatch(prompts: Array(repeating: "p", count: 21), template: .init(prompt: "")) }
        #expect(throws: BatchError.empty) { try ImageBatch(requests: []) }
        #expect(BatchError.invalidWorkers(0).description == "workers must be 1–20 (got 0).")
    }
}

@Suite("Usage and cost")
struct CostTests {
    @Test("Per-image estimates follow the table; auto is priced as the upper bound")
    func estimates() {
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", size: .square1024, quality: .low)) == 0.005)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", n: 4, size: .square1024, quality: .high)) == 0.144)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", size: .portrait1536, quality: .medium)) == 0.015)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", model: .gptImage1, size: .landscape1536, quality: .high)) == 0.25)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", model: .gptImage1, size: .square1024, quality: .medium)) == 0.042)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", model: .gptImage15, size: .square1024, quality: .low)) == 0.009)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", model: .gptImage15, size: .portrait1536, quality: .high)) == 0.2)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p")) == 0.052)
        #expect(CostCalculator.estimate(GenerationRequest(prompt: "p", model: .dallE3)) == nil)
    }

    @Test("Actual cost from usage with the per-model token prices")
    func actualCost() throws {
        let usage = Usage(inputTokens: 1_050, outputTokens: 4_160, inputTextTokens: 50, inputImageTokens: 1_000)
        let mini = try #require(CostCalculator.cost(of: usage, model: .gptImage1Mini))
        #expect(abs(mini - (50 * 2.0 + 1_000 * 2.5 + 4_160 * 8.0) / 1e6) < 1e-12)
        let full = try #require(CostCalculator.cost(of: usage, model: .gptImage1))
        #expect(abs(full - (50 * 5.0 + 1_000 * 10.0 + 4_160 * 40.0) / 1e6) < 1e-12)
        let newer = try #require(CostCalculator.cost(of: usage, model: .gptImage15))
        #expect(abs(newer - (50 * 5.0 + 1_000 * 8.0 + 4_160 * 32.0) / 1e6) < 1e-12)
        #expect(CostCalculator.cost(of: usage, model: .dallE3) == nil)
        #expect(PriceTable.recordedOn == "2026-11-21")
    }

    @Test("Usage adds up detail by detail")
    func usageSum() {
        let a = Usage(inputTokens: 10, outputTokens: 100, inputTextTokens: 10, outputImageTokens: 100)
        let b = Usage(inputTokens: 5, outputTokens: 50, inputTextTokens: 3, inputImageTokens: 2)
        let sum = [a, b].reduce(Usage.zero, +)
        #expect(sum == Usage(inputTokens: 15, outputTokens: 150, totalTokens: 165, inputTextTokens: 13, inputImageTokens: 2, outputImageTokens: 100))
    }
}
