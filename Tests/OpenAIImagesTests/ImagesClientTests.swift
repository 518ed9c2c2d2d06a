import Codecs
import Foundation
import LocalImagesServer
import Testing

@testable import OpenAIImages

@Suite("Generations: requests, responses and errors")
struct ImagesClientTests {
    @Test("A generation returns real images of the asked size and format, with usage")
    func generationReturnsRealImages() async throws {
        try await withServer { server, client in
            let request = GenerationRequest(
                prompt: "A lighthouse at dawn", model: .gptImage1, n: 2, size: .landscape1536, quality: .low, outputFormat: .webp,
                outputCompression: 70)
            let response = try await client.generate(request)
            #expect(response.images.count == 2)
            for image in response.images {
                let data = try #require(image.data)
                let decoded = try ImageDecoder.decode(data)
                #expect(decoded.info.format == .webp)
                #expect(decoded.pixels.width == 1536 && decoded.pixels.height == 1024)
            }
            #expect(response.outputFormat == .webp)
            #expect(response.size == .landscape1536)
            #expect(response.quality == .low)
            #expect(response.background == .opaque)
            let usage = try #require(response.usage)
            #expect(usage.outputTokens > 0 && usage.inputTextTokens > 0)
            #expect(usage.totalTokens == usage.inputTokens + usage.outputTokens)
            #expect(usage.outputImageTokens == usage.outputTokens)
            #expect(response.requestID?.hasPrefix("req_") == true)
            #expect(response.created > 1_700_000_000)
        }
    }

    @Test("A transparent background arrives as real transparent pixels")
    func transparentBackground() async throws {
        try await withServer { _, client in
            let response = try await client.generate(GenerationRequest(prompt: "A sticker", background: .transparent))
            let decoded = try ImageDecoder.decode(try #require(response.images.first?.data))
            #expect(decoded.info.format == .png)
            #expect(decoded.pixels.hasTransparency)
            #expect(decoded.pixels[0, 0].a == 0)
            #expect(decoded.pixels[512, 512].a == 255)
            #expect(response.background == .transparent)
        }
    }

    @Test("model is always sent; only the options set are sent; the body conforms to the spec")
    func onlyWhatIsSet() async throws {
        try await withServer { server, client in
            _ = try await client.generate(GenerationRequest(prompt: "A cat"))
            _ = try await client.generate(GenerationRequest(prompt: "A dog", model: .gptImage1, quality: .high, outputFormat: .jpeg, outputCompression: 55, user: "u-1"))
            let sent = server.apiRequests
            #expect(sent.map(\.status) == [200, 200])
            #expect(sent[0].fieldOrder == ["model", "prompt"])
            #expect(sent[0].fields["model"] == "gpt-image-1-mini")
            #expect(sent[1].fieldOrder == ["model", "output_compression", "output_format", "prompt", "quality", "user"])
            #expect(sent[1].fields["output_compression"] == "55")
            #expect(sent[1].header("content-type") == "application/json")
            #expect(sent[1].header("authorization") == "Bearer \(fakeKey)")
        }
    }

    @Test("Organization and project headers are sent when configured")
    func organizationAndProject() async throws {
        try await withServer { server, _ in
            var configuration = ImagesClient.Configuration(apiKey: fakeKey, baseURL: server.baseURL)
            configuration.organization = "org-123"
            configuration.project = "proj_456"
            _ = try await ImagesClient(configuration: configuration).generate(GenerationRequest(prompt: "p"))
            let sent = try #require(server.apiRequests.first)
            #expect(sent.header("openai-organization") == "org-123")
            #expect(sent.header("openai-project") == "proj_456")
        }
    }

    @Test("Configuration from the environment, like the SDKs")
    func configurationFromEnvironment() throws {
        let configuration = try ImagesClient.Configuration.fromEnvironment([
            "OPENAI_API_KEY": fakeKey, "OPENAI_BASE_URL": "http://127.0.0.1:9/v1", "OPENAI_ORG_ID": "org-1", "OPENAI_PROJECT_ID": "proj-2",
        ])
        #expect(configuration.apiKey == fakeKey)
        #expect(configuration.baseURL.absoluteString == "http://127.0.0.1:9/v1")
        #expect(configuration.organization == "org-1")
        #expect(configuration.project == "proj-2")
        #expect(configuration.timeout == .seconds(600))
        #expect(configuration.maxRetries == 2)
        let defaults = try ImagesClient.Configuration.fromEnvironment(["OPENAI_API_KEY": "k"])
        #expect(defaults.baseURL.absoluteString == "https://api.openai.com/v1")
        #expect(throws: ImagesAPIError.missingAPIKey) { try ImagesClient.Configuration.fromEnvironment([:]) }
        #expect(throws: ImagesAPIError.self) { try ImagesClient.Configuration.fromEnvironment(["OPENAI_API_KEY": "k", "OPENAI_BASE_URL": "api.openai.com"]) }
        #expect(!configuration.description.contains(fakeKey))
    }

    @Test("dall-e-3: URL answers with the revised prompt; no usage")
    func dallE3() async throws {
        try await withServer { _, client in
            let response = try await client.generate(GenerationRequest(prompt: "A bridge", model: .dallE3, quality: .hd, style: .natural))
            let image = try #require(response.images.first)
            #expect(image.data == nil)
            let url = try #require(image.url)
            #expect(url.absoluteString.hasPrefix("http://127.0.0.1"))
            #expect(image.revisedPrompt?.contains("A bridge") == true)
            #expect(response.usage == nil)
        }
    }

    @Test("dall-e-2 with b64_json returns the bytes")
    func dallE2Base64() async throws {
        try await withServer { _, client in
            let response = try await client.generate(GenerationRequest(prompt: "A bridge", model: .dallE2, size: "256x256", responseFormat: .b64JSON))
            let decoded = try ImageDecoder.decode(try #require(response.images.first?.data))
            #expect(decoded.pixels.width == 256)
        }
    }

    @Test("Another model name is passed through")
    func otherModelPassedThrough() async throws {
        var configuration = serverConfiguration()
        configuration.extraModels = ["house-model-7"]
        try await withServer(configuration) { server, client in
            _ = try await client.generate(GenerationRequest(prompt: "p", model: "house-model-7"))
            #expect(server.apiRequests.first?.fields["model"] == "house-model-7")
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p", model: "no-such-model")) }
            guard case .notFound(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.code == "model_not_found")
        }
    }

    @Test("Malformed JSON is an invalidResponse, not retried")
    func malformedJSON() async throws {
        try await withServer(serverConfiguration([Fault(.malformedJSON)])) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .invalidResponse(let reason, let requestID)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(reason.contains("not a valid images response"))
            #expect(requestID != nil)
            #expect(server.apiRequests.count == 1)
        }
    }

    @Test("Truncated base64 is an invalidResponse naming the image")
    func truncatedBase64() async throws {
        try await withServer(serverConfiguration([Fault(.truncatedBase64)])) { _, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .invalidResponse(let reason, _)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(reason.contains("image 0 is not valid base64"))
        }
    }

    @Test("A wrong-size image is returned as is (the pipeline checks sizes)")
    func wrongSizeImage() async throws {
        try await withServer(serverConfiguration([Fault(.wrongSize(width: 512, height: 512))])) { _, client in
            let response = try await client.generate(GenerationRequest(prompt: "p", size: .square1024))
            let info = try ImageDecoder.info(of: try #require(response.images.first?.data))
            #expect(info.width == 512)
        }
    }

    @Test("401: authentication, with what to do")
    func authentication() async throws {
        try await withServer(.init(apiKey: "sk-the.right-key-000000")) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .authentication(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.status == 401)
            #expect(details.code == "invalid_api_key")
            #expect(error?.description.contains("OPENAI_API_KEY") == true)
            #expect(server.apiRequests.count == 1)
        }
    }

    @Test("403 organization not verified is recognised")
    func organizationNotVerified() async throws {
        try await withServer(serverConfiguration([Fault(.organizationNotVerified)])) { _, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p", model: .gptImage1)) }
            guard case .organizationNotVerified? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(error?.description.contains("settings/organization") == true)
        }
    }

    @Test("moderation_blocked is recognised and not retried")
    func moderationBlocked() async throws {
        try await withServer(serverConfiguration([Fault(.moderationBlocked, when: .promptContains("forbidden"))])) { server, client in
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "something forbidden")) }
            guard case .moderationBlocked(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.code == "moderation_blocked")
            #expect(error?.description.contains("Rephrase") == true)
            #expect(server.apiRequests.count == 1)
            _ = try await client.generate(GenerationRequest(prompt: "something fine"))
        }
    }

    @Test("A missing key fails before anything is sent")
    func missingKey() async throws {
        try await withServer { server, _ in
            let client = ImagesClient(configuration: .init(apiKey: "", baseURL: server.baseURL))
            await #expect(throws: ImagesAPIError.missingAPIKey) { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            #expect(server.apiRequests.isEmpty)
        }
    }

    @Test("The response limit is enforced")
    func responseTooLarge() async throws {
        try await withServer { server, _ in
            let client = ImagesClient(configuration: .init(apiKey: fakeKey, baseURL: server.baseURL, maxResponseBytes: 1000))
            let error = await apiError { _ = try await client.generate(GenerationRequest(prompt: "p")) }
            guard case .responseTooLarge(1000, _)? = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test("Response decoding: every field, base64 with or without a data: prefix")
    func responseDecoding() throws {
        let png = try makeImage(width: 4, height: 4)
        let json = """
            {"created": 1713833628, "data": [{"b64_json": "\(png.base64EncodedString())"}, {"b64_json": "data:image/png;base64,\(png.base64EncodedString())", "revised_prompt": "r"}],
             "background": "transparent", "output_format": "png", "size": "1024x1536", "quality": "high",
             "usage": {"total_tokens": 100, "input_tokens": 50, "output_tokens": 50, "input_tokens_details": {"text_tokens": 10, "image_tokens": 40},
                       "output_tokens_details": {"image_tokens": 48, "text_tokens": 2}}}
            """
        let response = try ImagesResponse.decode(Data(json.utf8), requestID: "req_1")
        #expect(response.created == 1_713_833_628)
        #expect(response.images.map(\.data) == [png, png])
        #expect(response.images[1].revisedPrompt == "r")
        #expect(response.background == .transparent && response.outputFormat == .png && response.quality == .high)
        #expect(response.size == .portrait1536)
        #expect(response.usage == Usage(inputTokens: 50, outputTokens: 50, totalTokens: 100, inputTextTokens: 10, inputImageTokens: 40, outputImageTokens: 48, outputTextTokens: 2))
    }

    @Test("Base64 of a multi-megabyte image decodes exactly")
    func largeBase64() throws {
        let pattern = (0..<251).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) }
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        bytes.reserveCapacity(12_000_000 + 251)
        while bytes.count < 12_000_000 { bytes.append(contentsOf: pattern) }
        let data = Data(bytes)
        let decoded = try Base64.decodeImage(data.base64EncodedString(), what: "image", requestID: nil)
        #expect(decoded == data)
    }
}
