import Codecs
import Foundation
import LocalImagesServer
import Testing

@testable import OpenAIImages

/// The local server is only useful if it refuses what the API refuses; these send raw
/// requests past the client's own validation.
@Suite("The local server answers like the API")
struct LocalImagesServerTests {
    func send(_ json: String, to server: LocalImagesServer, client: ImagesClient, key: String = fakeKey) async -> ImagesAPIError? {
        let request = TransportRequest(
            method: "POST", url: server.baseURL.appendingPathComponent("images/generations"),
            headers: [("Authorization", "Bearer \(key)"), ("Content-Type", "application/json")], body: Data(json.utf8))
        do {
            _ = try await client.sendCollecting(request)
            return nil
        } catch {
            return error as? ImagesAPIError
        }
    }

    @Test("Schema violations are 400 invalid_request_error naming the param", arguments: [
        (#"{"model":"gpt-image-1","prompt":"p","colour":"red"}"#, "colour"),
        (#"{"model":"gpt-image-1","prompt":"p","n":"2"}"#, "n"),
        (#"{"model":"gpt-image-1","prompt":"p","n":11}"#, "n"),
        (#"{"model":"gpt-image-1"}"#, "prompt"),
        (#"{"model":"gpt-image-1","prompt":"p","quality":"ultra"}"#, "quality"),
        (#"{"model":"gpt-image-1","prompt":"p","background":"transparent","output_format":"jpeg"}"#, "background"),
        (#"{"model":"gpt-image-1","prompt":"p","output_compression":50}"#, "output_compression"),
        (#"{"model":"gpt-image-1","prompt":"p","partial_images":2}"#, "partial_images"),
        (#"{"model":"gpt-image-1","prompt":"p","stream":"yes"}"#, "stream"),
        (#"{"model":"dall-e-3","prompt":"p","n":2}"#, "n"),
        (#"{"model":"dall-e-2","prompt":"p","background":"opaque"}"#, "background"),
        (#"{"model":"gpt-image-2","prompt":"p","size":"1000x1000"}"#, "size"),
    ])
    func schemaViolations(body: String, param: String) async throws {
        try await withServer(retry: .none) { server, client in
            let error = await send(body, to: server, client: client)
            guard case .badRequest(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.status == 400)
            #expect(details.type == "invalid_request_error")
            #expect(details.param == param)
        }
    }

    @Test("A wrong key gets the API's 401 body, without the key in it")
    func wrongKey() async throws {
        try await withServer(retry: .none) { server, client in
            let error = await send(#"{"model":"gpt-image-1","prompt":"p"}"#, to: server, client: client, key: "sk-wrong-0123456789")
            guard case .authentication(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.code == "invalid_api_key")
            #expect(details.message.hasPrefix("Incorrect API key provided: sk-"))
            #expect(!details.message.contains("sk-wrong-0123456789"))
        }
    }

    @Test("Faults fire the given number of times, keyed by prompt or request number")
    func faultScripting() async throws {
        let faults = [Fault(.serverError(500), when: .promptContains("flaky"), times: 1), Fault(.serverError(503), when: .requestNumber(3))]
        try await withServer(serverConfiguration(faults), retry: .none) { server, client in
            _ = await apiError { _ = try await client.generate(GenerationRequest(prompt: "flaky")) }
            _ = try await client.generate(GenerationRequest(prompt: "flaky"))
            _ = await apiError { _ = try await client.generate(GenerationRequest(prompt: "calm")) }
            _ = try await client.generate(GenerationRequest(prompt: "calm"))
            #expect(server.apiRequests.map(\.status) == [500, 200, 503, 200])
            #expect(server.apiRequests.map(\.number) == [1, 2, 3, 4])
        }
    }

    @Test("A picture content returns that picture for every prompt, scaled to the asked size, in the asked format")
    func pictureContent() async throws {
        // 32x32 distinct pixels, so any wrong sampling shows.
        var picture = PixelBuffer(width: 32, height: 32)
        for y in 0..<32 {
            for x in 0..<32 { picture[x, y] = RGBA(r: UInt8(x * 8), g: UInt8(y * 8), b: UInt8((x * y) % 256), a: 255) }
        }
        try await withServer(serverConfiguration(content: .picture(picture))) { _, client in
            let first = try await client.generate(GenerationRequest(prompt: "a harbour", model: .gptImage1, size: .portrait1536))
            let second = try await client.generate(GenerationRequest(prompt: "a mountain", model: .gptImage1, size: .portrait1536))
            let data = try #require(first.images.first?.data)
            #expect(second.images.first?.data == data, "the picture does not depend on the prompt")
            let decoded = try ImageDecoder.decode(data)
            #expect(decoded.info.format == .png && decoded.pixels.width == 1024 && decoded.pixels.height == 1536)
            for (x, y) in [(0, 0), (1023, 1535), (500, 700), (31, 47)] {
                #expect(decoded.pixels[x, y] == picture[x * 32 / 1024, y * 32 / 1536], "pixel (\(x), \(y))")
            }

            let webp = try await client.generate(
                GenerationRequest(prompt: "a harbour", model: .gptImage1, size: .square1024, outputFormat: .webp, outputCompression: 80))
            let webpImage = try ImageDecoder.decode(try #require(webp.images.first?.data))
            #expect(webpImage.info.format == .webp && webpImage.pixels.width == 1024 && !webpImage.info.hasAlphaChannel)
        }
    }
}
