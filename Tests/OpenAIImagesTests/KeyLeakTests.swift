import Foundation
import LocalImagesServer
import Logging
import Testing

@testable import OpenAIImages

/// Collects every log line, to search them for the key.
final class CollectedLog: @unchecked Sendable {
    // A lock guards the lines: swift-log handlers are called from any task.
    private let lock = NSLock()
    private var stored: [String] = []
    func append(_ line: String) {
        lock.lock()
        stored.append(line)
        lock.unlock()
    }
    var lines: [String] {
        lock.lock()
        defer { lock.unlock() }
        return stored
    }
}

struct CollectingLogHandler: LogHandler {
    let sink: CollectedLog
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace
    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }
    func log(event: LogEvent) {
        sink.append("\(event.level) \(event.message) \(event.metadata ?? [:]) \(metadata)")
    }
}

@Suite("The API key never leaks")
struct KeyLeakTests {
    @Test("No error description, detail or log line carries the key, whatever fails")
    func keyNeverInErrorsOrLogs() async throws {
        let faults: [Fault] = [
            Fault(.echoAuthorization, when: .promptContains("echo")),
            Fault(.unauthorized, when: .promptContains("unauthorized")),
            Fault(.organizationNotVerified, when: .promptContains("verify")),
            Fault(.moderationBlocked, when: .promptContains("blocked")),
            Fault(.rateLimited(retryAfter: "0.01"), when: .promptContains("rate")),
            Fault(.serverError(500), when: .promptContains("server")),
            Fault(.dropConnection, when: .promptContains("drop")),
            Fault(.malformedJSON, when: .promptContains("malformed")),
            Fault(.truncatedBase64, when: .promptContains("truncated")),
            Fault(.streamError, when: .promptContains("stream-error")),
            Fault(.delay(.seconds(2)), when: .promptContains("slow")),
        ]
        let log = CollectedLog()
        let server = try await LocalImagesServer.start(serverConfiguration(faults))
        let client = ImagesClient(
            configuration: .init(apiKey: fakeKey, baseURL: server.baseURL, timeout: .milliseconds(500),
                                 retryPolicy: .exponential(maxRetries: 1, initialDelay: .milliseconds(5))),
            logger: Logger(label: "test") { _ in CollectingLogHandler(sink: log) })
        var descriptions: [String] = []
        for prompt in ["echo", "unauthorized", "verify", "blocked", "rate", "server", "drop", "malformed", "truncated", "slow"] {
            do {
                _ = try await client.generate(GenerationRequest(prompt: prompt, model: .gptImage1))
                Issue.record("\(prompt) succeeded")
            } catch {
                descriptions.append(String(describing: error))
                descriptions.append(String(reflecting: error))
                descriptions.append(error.localizedDescription)
            }
        }
        do {
            for try await _ in client.generateStream(GenerationRequest(prompt: "stream-error", partialImages: 1)) {}
            Issue.record("the stream error was not reported")
        } catch {
            descriptions.append(String(reflecting: error))
        }
        descriptions.append(client.configuration.description)
        let request = try client.generationRequest(GenerationRequest(prompt: "p"), streaming: false)
        descriptions.append(String(describing: request))
        descriptions.append(String(reflecting: request))
        descriptions.append(String(reflecting: client.configuration))
        try await server.shutdown()

        // The echoed header proves the server did send the key back.
        #expect(server.apiRequests.contains { $0.header("authorization") == "Bearer \(fakeKey)" })
        #expect(descriptions.count >= 30)
        #expect(!log.lines.isEmpty, "retries should have been logged")
        for text in descriptions + log.lines {
            #expect(!text.contains(fakeKey), "the key leaked into: \(text)")
            #expect(!text.contains("LEAKCANARY"), "part of the key leaked into: \(text)")
        }
    }
}
