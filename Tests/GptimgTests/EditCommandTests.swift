import Codecs
import Foundation
import LocalImagesServer
import Testing

/// `gptimg edit`, run as a user runs it, against the local Images API server.
@Suite("gptimg edit, end to end")
struct EditCommandTests {
    @Test("An edit with a grayscale mask: the mask is converted with a notice and sent as an RGBA PNG of the image's size")
    func editWithMask() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("edit")
        let result = try await ToolRunner.run(
            ["edit", "--image", Fixtures.url("photo.jpg").path, "--mask", Fixtures.url("mask.png").path, "-s", "1024x1024",
             "-q", "low", "A hot air balloon in the sky"],
            in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(result.stderr.contains("converted"), "\(result.stderr)")
        #expect(ToolRunner.files(under: folder) == ["a-hot-air-balloon-in-the-sky.png", "manifest.jsonl"])

        let request = try #require(api.server.apiRequests.first)
        #expect(request.path.hasSuffix("/images/edits"))
        let image = try #require(request.files.first { $0.name == "image[]" || $0.name == "image" })
        #expect(image.contentType == "image/jpeg")
        let maskFile = try #require(request.files.first { $0.name == "mask" })
        #expect(maskFile.contentType == "image/png")
        let mask = try ImageDecoder.decode(maskFile.data)
        #expect(mask.info.hasAlphaChannel)
        #expect(mask.pixels.width == 512 && mask.pixels.height == 512)
        // The black ellipse of the drawing (centre 256,300) is to be edited; the corner kept.
        #expect(mask.pixels[256, 300].a == 0)
        #expect(mask.pixels[5, 5].a == 255)
        ToolRunner.expectNoKey(in: result, files: folder)
    }

    @Test("--strict refuses a mask that needs converting, before anything is sent")
    func strictRefusesMask() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("edit-strict")
        let result = try await ToolRunner.run(
            ["edit", "--image", Fixtures.url("photo.jpg").path, "--mask", Fixtures.url("mask.png").path, "--strict", "A balloon"],
            in: folder, environment: api.environment)
        #expect(result.status == 64)
        #expect(result.stderr.contains("--mask"), "\(result.stderr)")
        #expect(api.server.requests.isEmpty)
    }

    @Test("Several images, one from standard input and one as base64, with -n 2 and webp output")
    func severalInputs() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("edit-inputs")
        let sticker = try Data(contentsOf: Fixtures.url("sticker.webp"))
        let logoBase64 = try Data(contentsOf: Fixtures.url("logo.png")).base64EncodedString()
        let result = try await ToolRunner.run(
            ["edit", "--image", "-", "--image", "data:image/png;base64," + logoBase64, "-n", "2", "-f", "webp", "-q", "low",
             "-s", "1024x1024", "The sticker on the logo"],
            in: folder, environment: api.environment, input: sticker)
        #expect(result.status == 0, "\(result.output)")
        #expect(
            ToolRunner.files(under: folder) == [
                "manifest.jsonl", "the-sticker-on-the-logo-1.webp", "the-sticker-on-the-logo-2.webp",
            ])
        let request = try #require(api.server.apiRequests.first)
        let types = request.files.filter { $0.name == "image[]" }.map(\.contentType)
        #expect(types == ["image/webp", "image/png"])
        // The dry run describes the base64 input instead of repeating it.
        let dry = try await ToolRunner.run(
            ["edit", "--image", "data:image/png;base64," + logoBase64, "--dry-run", "A logo"], in: folder, environment: api.environment)
        #expect(dry.status == 0, "\(dry.output)")
        #expect(!dry.stdout.contains(String(logoBase64.prefix(200))))
        #expect(api.server.apiRequests.count == 1)
    }

    @Test("--input-fidelity is refused for gpt-image-1-mini before sending, naming the flag")
    func inputFidelityOnMini() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        let folder = try ToolRunner.temporaryFolder("edit-fidelity")
        let result = try await ToolRunner.run(
            ["edit", "--image", Fixtures.url("photo.jpg").path, "--input-fidelity", "high", "A balloon"], in: folder,
            environment: api.environment)
        #expect(result.status == 64, "\(result.output)")
        #expect(result.stderr.contains("--input-fidelity"))
        #expect(api.server.requests.isEmpty)

        let accepted = try await ToolRunner.run(
            ["edit", "--image", Fixtures.url("photo.jpg").path, "--input-fidelity", "high", "-m", "gpt-image-1", "-q", "low",
             "-s", "1024x1024", "A balloon"],
            in: folder, environment: api.environment)
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(api.server.apiRequests.first?.fields["input_fidelity"] == "high")
    }

    @Test("An input image given as an http URL is downloaded once and sent with every prompt")
    func imageFromURL() async throws {
        let api = try await LocalAPI.start()
        defer { Task { await api.stop() } }
        api.server.serve(try Data(contentsOf: Fixtures.url("logo.png")), at: "/files/logo.png", contentType: "image/png")
        let folder = try ToolRunner.temporaryFolder("edit-url")
        let url = api.server.rootURL.appendingPathComponent("files/logo.png").absoluteString
        let result = try await ToolRunner.run(
            ["edit", "--image", url, "-q", "low", "-s", "1024x1024", "-b", "transparent", "A red logo", "A blue logo"],
            in: folder, environment: api.environment)
        #expect(result.status == 0, "\(result.output)")
        #expect(api.server.requests.filter { $0.path == "/files/logo.png" }.count == 1)
        #expect(api.server.apiRequests.count == 2)
        for request in api.server.apiRequests {
            #expect(request.files.first { $0.name == "image[]" || $0.name == "image" }?.data == (try Data(contentsOf: Fixtures.url("logo.png"))))
        }
        #expect(
            ToolRunner.files(under: folder) == [
                "a-red-logo-a-blue-logo/01_a-red-logo.png", "a-red-logo-a-blue-logo/02_a-blue-logo.png", "a-red-logo-a-blue-logo/manifest.jsonl",
            ])

        let ftp = try await ToolRunner.run(["edit", "--image", "ftp://example.com/a.png", "A logo"], in: folder, environment: api.environment)
        #expect(ftp.status == 64)
        #expect(ftp.stderr.contains("--image"), "\(ftp.stderr)")
    }
}
