import Foundation
import LocalImagesServer
import Testing

/// `gptimg edit --image URL`: only http and https, at most 3 redirects, at most 50 MB read,
/// a timeout; anything else is a usage error naming --image, before anything is sent.
@Suite("gptimg edit with URL inputs")
struct EditURLInputTests {
    @Test("Three redirects are followed; the downloads never carry the key; the bytes sent are the bytes served")
    func threeRedirectsFollowed() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let logo = try Data(contentsOf: Fixtures.url("logo.png"))
        api.server.serve(logo, at: "/inputs/logo.png", contentType: "image/png")
        api.server.redirect("/r1", to: "/r2")
        api.server.redirect("/r2", to: "\(api.server.rootURL.absoluteString)/r3")
        api.server.redirect("/r3", to: "/inputs/logo.png")
        let folder = try ToolRunner.temporaryFolder("url-ok")
        let result = try await ToolRunner.run(
            ["edit", "--image", "\(api.server.rootURL.absoluteString)/r1", "-q", "low", "-s", "1024x1024", "A logo on a mug"], in: folder,
            environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        let downloads = api.server.requests.filter { $0.method == "GET" }
        #expect(downloads.map(\.path) == ["/r1", "/r2", "/r3", "/inputs/logo.png"])
        #expect(downloads.allSatisfy { $0.header("authorization") == nil })
        let sent = try #require(api.server.apiRequests.first?.files.first)
        #expect(sent.data == logo)
        #expect(ToolRunner.files(under: folder) == ["a-logo-on-a-mug.png", "manifest.jsonl"])
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    /// A URL input the tool must refuse, and the words that say why.
    struct Refusal: Sendable, CustomTestStringConvertible {
        var label: String
        /// The --image value; `{ROOT}` is the local server's root URL.
        var url: String
        var reason: String
        var testDescription: String { label }
    }

    @Test(
        "Refused before anything is sent, naming --image and the reason",
        arguments: [
            Refusal(label: "a fourth redirect", url: "{ROOT}/loop1", reason: "more than 3 redirects"),
            Refusal(label: "file", url: "file:///etc/passwd", reason: "only http and https"),
            Refusal(label: "a redirect to a file URL", url: "{ROOT}/to-file", reason: "only http and https"),
            Refusal(label: "a redirect to gopher", url: "{ROOT}/to-gopher", reason: "only http and https"),
            Refusal(label: "a 404", url: "{ROOT}/missing.png", reason: "HTTP 404"),
            Refusal(label: "50 MB announced", url: "{ROOT}/huge.png", reason: "the API accepts images under"),
            Refusal(label: "not an image", url: "{ROOT}/page.html", reason: "not a PNG, JPEG or WebP image"),
        ])
    func refused(_ refusal: Refusal) async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        for hop in 1...4 { api.server.redirect("/loop\(hop)", to: "/loop\(hop + 1)") }
        api.server.serve(try Data(contentsOf: Fixtures.url("logo.png")), at: "/loop5", contentType: "image/png")
        api.server.redirect("/to-file", to: "file:///etc/passwd")
        api.server.redirect("/to-gopher", to: "gopher://127.0.0.1/1")
        var huge = Data(count: 50_000_000)
        huge.replaceSubrange(0..<8, with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        api.server.serve(huge, at: "/huge.png", contentType: "image/png")
        api.server.serve(Data("<html>hello</html>".utf8), at: "/page.html", contentType: "text/html")
        let folder = try ToolRunner.temporaryFolder("url-refused")
        let url = refusal.url.replacingOccurrences(of: "{ROOT}", with: api.server.rootURL.absoluteString)
        let result = try await ToolRunner.run(["edit", "--image", url, "-q", "low", "A logo"], in: folder, environment: api.environment)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains("--image"), "\(result.stderr)")
        #expect(result.stderr.contains(refusal.reason), "\(result.stderr)")
        #expect(api.server.apiRequests.isEmpty)
        #expect(ToolRunner.files(under: folder).isEmpty)
        #expect(api.server.requests.filter { $0.method == "GET" }.count <= 4, "at most 3 redirects followed")
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("A body without a length stops being read at 50 MB")
    func endlessBodyCutAtLimit() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let source = try RawHTTPSource(.endlessBody)
        defer { source.stop() }
        let folder = try ToolRunner.temporaryFolder("url-endless")
        let result = try await ToolRunner.run(
            ["edit", "--image", "http://127.0.0.1:\(source.port)/endless.png", "-q", "low", "A logo"], in: folder,
            environment: api.environment)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains("--image") && result.stderr.contains("the API accepts images under"), "\(result.stderr)")
        // The source offers 400 MB; what it got to send is what was read, plus the sockets' buffers.
        #expect(source.bytesSent < 80_000_000, "\(source.bytesSent) bytes were read")
        #expect(api.server.apiRequests.isEmpty)
    }

    @Test("A server that never answers is given up on after --download-timeout, with a clear error")
    func downloadTimeout() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let source = try RawHTTPSource(.silent)
        defer { source.stop() }
        let folder = try ToolRunner.temporaryFolder("url-timeout")
        let started = Date()
        let result = try await ToolRunner.run(
            ["edit", "--image", "http://127.0.0.1:\(source.port)/slow.png", "--download-timeout", "1", "-q", "low", "A logo"], in: folder,
            environment: api.environment)
        let elapsed = Date().timeIntervalSince(started)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains("--image") && result.stderr.contains("timed out"), "\(result.stderr)")
        // Well below the 60 s default, with room for a loaded machine starting the tool.
        #expect(elapsed < 45, "the download was given up on only after \(elapsed) s")
        #expect(api.server.apiRequests.isEmpty)

        let bad = try await ToolRunner.run(
            ["edit", "--image", "x.png", "--download-timeout", "0", "A logo"], in: folder, environment: api.environment)
        #expect(bad.status == 64)
        #expect(bad.stderr.contains("--download-timeout"), "\(bad.stderr)")
    }
}
