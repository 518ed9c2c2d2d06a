import Foundation
import LocalImagesServer
import Testing

/// A local Images API server for one test, and the environment that points the tool at it.
struct LocalAPI {
    let server: LocalImagesServer

    static func start(faults: [Fault] = [], apiKey: String = ToolRunner.fakeAPIKey, delay: Duration = .zero) async throws -> LocalAPI {
        LocalAPI(
            server: try await LocalImagesServer.start(
                LocalImagesServer.Configuration(apiKey: apiKey, responseDelay: delay, faults: faults)))
    }

    /// OPENAI_API_KEY and OPENAI_BASE_URL for the tool.
    var environment: [String: String] {
        ["OPENAI_API_KEY": ToolRunner.fakeAPIKey, "OPENAI_BASE_URL": server.baseURL.absoluteString]
    }

    /// The prompts of the API requests received, in order.
    var prompts: [String] { server.apiRequests.compactMap(\.prompt) }

    func stop() async {
        try? await server.shutdown()
    }
}

/// Reads a manifest.jsonl: one JSON object per line.
enum Manifest {
    static func records(at url: URL) throws -> [[String: Any]] {
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any], "not a JSON object: \(line)")
        }
    }
}

/// The package's fixtures folder, derived from this file's path.
enum Fixtures {
    static func url(_ name: String, filePath: String = #filePath) -> URL {
        URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("fixtures").appendingPathComponent(name)
    }
}
