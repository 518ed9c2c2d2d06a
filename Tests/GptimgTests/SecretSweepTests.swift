import Foundation
import LocalImagesServer
import Testing

/// The API key must never show: not on standard output or error, not in the manifest, not in
/// any file under the output folder (which is also the tool's home here), whatever command
/// runs and whatever fails. Every run below has the recognisable fake key in its environment.
@Suite("gptimg never shows the API key")
struct SecretSweepTests {
    /// One way of running the tool.
    struct Scenario: Sendable, CustomTestStringConvertible {
        var label: String
        var faults: [Fault] = []
        /// The tool's arguments; `{ROOT}` is replaced by the local server's root URL.
        var arguments: [String]
        var input: Data?
        /// The exit status expected, so each scenario is known to reach the failure it names.
        var status: Int32
        /// Text the output must contain, proving the scenario did what it says.
        var evidence: String?
        var environment: [String: String]?

        var testDescription: String { label }
    }

    private static let photo = Fixtures.url("photo.jpg").path
    private static let mask = Fixtures.url("mask.png").path
    private static let logo = Fixtures.url("logo.png").path

    static let scenarios: [Scenario] = [
        Scenario(label: "generate", arguments: ["generate", "A cat", "A dog", "-q", "low", "-s", "1024x1024", "--thumbnail", "32"], status: 0,
                 evidence: "Generated 2/2"),
        Scenario(label: "generate --json --contact-sheet", arguments: ["generate", "A cat", "-q", "low", "-s", "1024x1024", "--json", "--contact-sheet"],
                 status: 0, evidence: "\"summary\""),
        Scenario(label: "generate --stream", arguments: ["generate", "A comet", "--stream", "--partial-images", "1", "-q", "low", "-s", "1024x1024"],
                 status: 0, evidence: "partial image 1"),
        Scenario(label: "generate --dry-run", arguments: ["generate", "A cat", "A dog", "--dry-run"], status: 0, evidence: "Estimated cost"),
        Scenario(label: "edit with a file, a URL and a mask", arguments: ["edit", "--image", photo, "--image", "{ROOT}/inputs/logo.png", "--mask", mask,
                                                                          "-q", "low", "-s", "1024x1024", "A balloon"], status: 0, evidence: "Generated 1/1"),
        Scenario(label: "edit --dry-run", arguments: ["edit", "--image", photo, "--dry-run", "A balloon"], status: 0, evidence: "Estimated cost"),
        Scenario(label: "mask", arguments: ["mask", mask, "--fit-to", photo, "-o", "mask-out.png"], status: 0),
        Scenario(label: "process", arguments: ["process", photo, logo, "-o", "processed", "--thumbnail", "32", "--json"], status: 0),
        Scenario(label: "inspect", arguments: ["inspect", photo, logo], status: 0),
        Scenario(label: "inspect of a file that is no image", arguments: ["inspect", Fixtures.url("README.md").path], status: 1),
        Scenario(label: "process of a missing file", arguments: ["process", "missing.png", "-o", "processed"], status: 64),
        Scenario(label: "mask --check that fails", arguments: ["mask", mask, "--check", logo], status: 1),
        Scenario(label: "edit with a URL that answers 404", arguments: ["edit", "--image", "{ROOT}/missing.png", "A balloon"], status: 64,
                 evidence: "HTTP 404"),
        Scenario(label: "--help", arguments: ["--help"], status: 0, evidence: "OPENAI_API_KEY"),
        Scenario(label: "generate --help", arguments: ["generate", "--help"], status: 0, evidence: "--quality"),
        Scenario(label: "edit --help", arguments: ["edit", "--help"], status: 0, evidence: "--image"),
        Scenario(label: "--version", arguments: ["--version"], status: 0),
        Scenario(label: "bad usage", arguments: ["generate", "A cat", "-w", "0"], status: 64, evidence: "--workers"),
        Scenario(label: "edit without an image", arguments: ["edit", "A cat"], status: 64, evidence: "--image"),
        Scenario(label: "401 invalid key", faults: [Fault(.unauthorized)], arguments: ["generate", "A cat", "-q", "low"], status: 1,
                 evidence: "Incorrect API key provided"),
        Scenario(label: "403 organization not verified", faults: [Fault(.organizationNotVerified)],
                 arguments: ["generate", "A cat", "-m", "gpt-image-1", "-q", "low"], status: 1, evidence: "verified"),
        Scenario(label: "429 until retries run out", faults: [Fault(.rateLimitedMilliseconds("20"))], arguments: ["generate", "A cat", "-q", "low"],
                 status: 1, evidence: "Rate limit"),
        Scenario(label: "moderation_blocked", faults: [Fault(.moderationBlocked)], arguments: ["generate", "A cat", "-q", "low", "--json"],
                 status: 1, evidence: "safety system"),
        Scenario(label: "connection dropped every time", faults: [Fault(.dropConnection)], arguments: ["generate", "A cat", "-q", "low"], status: 1),
        Scenario(label: "server echoes the Authorization header", faults: [Fault(.echoAuthorization)],
                 arguments: ["generate", "A cat", "-q", "low"], status: 1, evidence: "Malformed header"),
        Scenario(label: "server echoes the Authorization header, --json", faults: [Fault(.echoAuthorization)],
                 arguments: ["generate", "A cat", "-q", "low", "--json"], status: 1, evidence: "Malformed header"),
        Scenario(label: "server echoes the Authorization header to an edit", faults: [Fault(.echoAuthorization)],
                 arguments: ["edit", "--image", photo, "-q", "low", "A balloon"], status: 1, evidence: "Malformed header"),
        Scenario(label: "stream error event", faults: [Fault(.streamError)],
                 arguments: ["generate", "A comet", "--stream", "--partial-images", "1", "-q", "low"], status: 1, evidence: "Image generation failed"),
        Scenario(label: "nothing listening", arguments: ["generate", "A cat", "-q", "low"], status: 1,
                 environment: ["OPENAI_API_KEY": ToolRunner.fakeAPIKey, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1"]),
    ]

    /// The forms in which the key, or a telling part of it, could leak.
    static let leakForms: [String] = [
        ToolRunner.fakeAPIKey, "GPTIMG-SECRET", "0123456789abcdef", Data(ToolRunner.fakeAPIKey.utf8).base64EncodedString(),
        "Bearer sk-",
    ]

    @Test("No output and no file holds the key", arguments: scenarios)
    func sweep(_ scenario: Scenario) async throws {
        let api = try await LocalAPI.start(faults: scenario.faults)
        defer { Task { await api.stop() } }
        api.server.serve(try Data(contentsOf: Fixtures.url("logo.png")), at: "/inputs/logo.png", contentType: "image/png")
        let folder = try ToolRunner.temporaryFolder("secret")
        let arguments = scenario.arguments.map { $0.replacingOccurrences(of: "{ROOT}", with: api.server.rootURL.absoluteString) }
        let result = try await ToolRunner.run(
            arguments, in: folder, environment: scenario.environment ?? api.environment, input: scenario.input)
        #expect(result.status == scenario.status, "\(result.output)")
        if let evidence = scenario.evidence {
            #expect(result.output.contains(evidence), "the scenario did not happen: \(result.output)")
        }
        for form in Self.leakForms {
            #expect(!result.stdout.contains(form), "standard output holds \(form)")
            #expect(!result.stderr.contains(form), "standard error holds \(form)")
        }
        let files = ToolRunner.files(under: folder)
        for path in files {
            let data = try Data(contentsOf: folder.appendingPathComponent(path))
            for form in Self.leakForms {
                #expect(data.range(of: Data(form.utf8)) == nil, "\(path) holds \(form)")
            }
        }
        // Downloads of URL inputs never carry the key.
        for download in api.server.requests where download.method == "GET" {
            #expect(download.header("authorization") == nil, "the key was sent to \(download.path)")
        }
        if scenario.status == 0, scenario.arguments.first == "generate" || scenario.arguments.first == "edit",
            !scenario.arguments.contains("--dry-run"), !scenario.arguments.contains("--help")
        {
            #expect(files.contains { $0.hasSuffix("manifest.jsonl") }, "the manifest was checked: \(files)")
        }
    }
}
