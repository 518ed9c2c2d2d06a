import Codecs
import Foundation
import Testing

@testable import OpenAIImages

@Suite("Request validation, per model")
struct RequestValidatorTests {
    @Test("GPT image models take the three standard sizes and auto, nothing else")
    func gptSizes() throws {
        for model in [ImageModel.gptImage1, .gptImage1Mini, .gptImage15] {
            for size in ["1024x1024", "1536x1024", "1024x1536", "auto"] {
                try RequestValidator.validate(GenerationRequest(prompt: "p", model: model, size: ImageSize(rawValue: size)))
            }
            expectInvalid("size", mentions: ["1792x1024", model.rawValue, "1024x1024, 1536x1024, 1024x1536 or auto"]) {
                try RequestValidator.validate(GenerationRequest(prompt: "p", model: model, size: "1792x1024"))
            }
            expectInvalid("size", mentions: ["big"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", model: model, size: "big")) }
        }
    }

    @Test("gpt-image-2 also takes free sizes: sides divisible by 16, ratio 1:3 to 3:1, at most 3840x2160")
    func gptImage2Sizes() throws {
        for size in ["1536x864", "3840x2160", "2160x3840", "1536x512", "512x1536", "16x16"] {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .gptImage2, size: ImageSize(rawValue: size)))
        }
        try RequestValidator.validate(GenerationRequest(prompt: "p", model: "gpt-image-2-2026-04-21", size: "1920x1088"))
        for size in ["1000x1000", "1536x500", "1600x512", "4096x2160", "3840x2176", "0x16"] {
            expectInvalid("size", mentions: [size, "divisible by 16"]) {
                try RequestValidator.validate(GenerationRequest(prompt: "p", model: .gptImage2, size: ImageSize(rawValue: size)))
            }
        }
        // Free sizes belong to gpt-image-2 only.
        expectInvalid("size") { try RequestValidator.validate(GenerationRequest(prompt: "p", model: .gptImage1, size: "1536x864")) }
    }

    @Test("dall-e-2 takes 256, 512 and 1024 squares; dall-e-3 1024x1024, 1792x1024, 1024x1792")
    func dallESizes() throws {
        for size in ["256x256", "512x512", "1024x1024"] {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE2, size: ImageSize(rawValue: size)))
        }
        for size in ["1024x1024", "1792x1024", "1024x1792"] {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3, size: ImageSize(rawValue: size)))
        }
        expectInvalid("size", mentions: ["256x256, 512x512 or 1024x1024"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE2, size: "1536x1024"))
        }
        expectInvalid("size", mentions: ["1792x1024"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3, size: "512x512")) }
    }

    @Test("Qualities: low/medium/high/auto for GPT models, standard/hd for dall-e-3, standard for dall-e-2")
    func qualities() throws {
        for quality in [ImageQuality.low, .medium, .high, .auto] {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .gptImage1Mini, quality: quality))
        }
        expectInvalid("quality", mentions: ["hd", "low, medium, high, auto"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .gptImage1, quality: .hd))
        }
        try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3, quality: .hd))
        expectInvalid("quality", mentions: ["high"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3, quality: .high)) }
        try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE2, quality: .standard))
        expectInvalid("quality", mentions: ["hd"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE2, quality: .hd)) }
    }

    @Test("n is 1 to 10, and exactly 1 for dall-e-3")
    func imageCount() throws {
        try RequestValidator.validate(GenerationRequest(prompt: "p", n: 10))
        expectInvalid("n", mentions: ["11", "1 to 10"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", n: 11)) }
        expectInvalid("n", mentions: ["0"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", n: 0)) }
        expectInvalid("n", mentions: ["2", "exactly 1"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3, n: 2)) }
        expectInvalid("n", mentions: ["11"]) {
            try RequestValidator.validate(EditRequest(prompt: "p", images: [.data(Data())], n: 11))
        }
    }

    @Test("Prompt length: 32000 for GPT models, 4000 for dall-e-3, 1000 for dall-e-2; never empty")
    func promptLength() throws {
        let cases: [(ImageModel, Int)] = [(.gptImage1Mini, 32_000), (.gptImage2, 32_000), (.dallE3, 4_000), (.dallE2, 1_000)]
        for (model, limit) in cases {
            try RequestValidator.validate(GenerationRequest(prompt: String(repeating: "a", count: limit), model: model))
            expectInvalid("prompt", mentions: ["\(limit + 1) characters", "at most \(limit)"]) {
                try RequestValidator.validate(GenerationRequest(prompt: String(repeating: "a", count: limit + 1), model: model))
            }
        }
        expectInvalid("prompt", mentions: ["empty"]) { try RequestValidator.validate(GenerationRequest(prompt: "  \n")) }
        expectInvalid("prompt", mentions: ["1001"]) {
            try RequestValidator.validate(EditRequest(prompt: String(repeating: "b", count: 1001), images: [.data(Data())], model: .dallE2))
        }
    }

    @Test("A transparent background needs png or webp")
    func transparency() throws {
        try RequestValidator.validate(GenerationRequest(prompt: "p", background: .transparent))
        try RequestValidator.validate(GenerationRequest(prompt: "p", background: .transparent, outputFormat: .webp))
        expectInvalid("background", mentions: ["jpeg", "png or webp"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", background: .transparent, outputFormat: .jpeg))
        }
        expectInvalid("background") {
            try RequestValidator.validate(EditRequest(prompt: "p", images: [.data(Data())], background: .transparent, outputFormat: .jpeg))
        }
    }

    @Test("output_compression is 0 to 100 and only with jpeg or webp")
    func compression() throws {
        try RequestValidator.validate(GenerationRequest(prompt: "p", outputFormat: .jpeg, outputCompression: 0))
        try RequestValidator.validate(GenerationRequest(prompt: "p", outputFormat: .webp, outputCompression: 100))
        expectInvalid("output_compression", mentions: ["140", "0 to 100"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", outputFormat: .jpeg, outputCompression: 140))
        }
        expectInvalid("output_compression", mentions: ["png", "jpeg and webp"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", outputFormat: .png, outputCompression: 50))
        }
        // Unset output_format means png.
        expectInvalid("output_compression", mentions: ["png"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", outputCompression: 50)) }
    }

    @Test("GPT-only options are refused for dall-e models")
    func gptOnlyOptions() {
        expectInvalid("background", mentions: ["GPT image models"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3, background: .opaque))
        }
        expectInvalid("output_format") { try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE2, outputFormat: .png)) }
        expectInvalid("moderation") { try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3, moderation: .low)) }
        expectInvalid("style", mentions: ["dall-e-3"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", style: .vivid)) }
        expectInvalid("response_format", mentions: ["base64"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .gptImage1, responseFormat: .url))
        }
        expectInvalid("stream", mentions: ["GPT image model"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", model: .dallE3), streaming: true)
        }
    }

    @Test("partial_images is 0 to 3 and needs streaming")
    func partialImages() throws {
        try RequestValidator.validate(GenerationRequest(prompt: "p", partialImages: 3), streaming: true)
        expectInvalid("partial_images", mentions: ["4", "0 to 3"]) {
            try RequestValidator.validate(GenerationRequest(prompt: "p", partialImages: 4), streaming: true)
        }
        expectInvalid("partial_images", mentions: ["streaming"]) { try RequestValidator.validate(GenerationRequest(prompt: "p", partialImages: 1)) }
    }

    @Test("input_fidelity is refused on gpt-image-1-mini and dall-e-2, accepted on gpt-image-1")
    func inputFidelity() throws {
        try RequestValidator.validate(EditRequest(prompt: "p", images: [.data(Data())], model: .gptImage1, inputFidelity: .high))
        expectInvalid("input_fidelity", mentions: ["gpt-image-1-mini", "high"]) {
            try RequestValidator.validate(EditRequest(prompt: "p", images: [.data(Data())], model: .gptImage1Mini, inputFidelity: .high))
        }
        expectInvalid("input_fidelity") {
            try RequestValidator.validate(EditRequest(prompt: "p", images: [.data(Data())], model: .dallE2, inputFidelity: .low))
        }
    }

    @Test("moderation is only for generations")
    func moderationOnlyOnGenerations() throws {
        try RequestValidator.validate(GenerationRequest(prompt: "p", moderation: .low))
        expectInvalid("moderation", mentions: ["only accepted by generations"]) {
            try RequestValidator.validate(EditRequest(prompt: "p", images: [.data(Data())], moderation: .low))
        }
    }

    @Test("Edits take 1 to 16 images (dall-e-2: one) and no dall-e-3")
    func editImageCount() throws {
        let image = ImageInput.data(Data())
        try RequestValidator.validate(EditRequest(prompt: "p", images: Array(repeating: image, count: 16)))
        expectInvalid("image", mentions: ["17 image(s)", "1 to 16"]) {
            try RequestValidator.validate(EditRequest(prompt: "p", images: Array(repeating: image, count: 17)))
        }
        expectInvalid("image", mentions: ["0 image(s)"]) { try RequestValidator.validate(EditRequest(prompt: "p", images: [])) }
        expectInvalid("image", mentions: ["exactly 1"]) { try RequestValidator.validate(EditRequest(prompt: "p", images: [image, image], model: .dallE2)) }
        expectInvalid("model", mentions: ["dall-e-3"]) { try RequestValidator.validate(EditRequest(prompt: "p", images: [image], model: .dallE3)) }
    }

    @Test("Unknown models pass through with only the API-wide limits")
    func unknownModel() throws {
        try RequestValidator.validate(GenerationRequest(prompt: "p", model: "my-own-model", size: "640x480", quality: .hd))
        expectInvalid("n") { try RequestValidator.validate(GenerationRequest(prompt: "p", model: "my-own-model", n: 12)) }
        #expect(ImageModel(rawValue: "my-own-model") == .other("my-own-model"))
        #expect(ImageModel(rawValue: "gpt-image-1") == .gptImage1)
        #expect(ImageModel("gpt-image-2-2026-04-21").family == .gptImage2)
    }

    // MARK: Loaded images and masks

    @Test("Each input image must be under 50 MB")
    func imageByteLimit() async throws {
        let loader = ImageInputLoader(maxBytes: RequestValidator.maxImageBytes)
        let big = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + Data(count: RequestValidator.maxImageBytes)
        do {
            _ = try await loader.load(.data(big), field: "image[]")
            Issue.record("a 50 MB input was accepted")
        } catch {
            #expect(error.field == "image[]")
            #expect(error.description.contains("50"))
            guard case .inputTooLarge = error else { Issue.record("wrong error \(error)"); return }
        }
        // Base64 is refused from its length, before it is decoded.
        do {
            _ = try await ImageInputLoader(maxBytes: 1_000).load(.base64(Data(count: 3_000).base64EncodedString()), field: "image[]")
            Issue.record("oversized base64 was accepted")
        } catch {
            guard case .inputTooLarge = error else { Issue.record("wrong error \(error)"); return }
        }
        // A file is refused from its size, before it is read.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("big-\(UUID().uuidString).png")
        try big.write(to: path)
        defer { try? FileManager.default.removeItem(at: path) }
        await #expect(throws: RequestValidationError.self) { _ = try await loader.load(.file(path.path), field: "image[]") }
    }

    @Test("Input images must be PNG, JPEG or WebP, found from the bytes")
    func imageFormats() async throws {
        let loader = ImageInputLoader()
        for options in [EncodingOptions.png(), .jpeg(), .webp()] {
            let loaded = try await loader.load(.data(try makeImage(width: 8, height: 8, format: options)), field: "image[]")
            #expect(loaded.format == options.format)
        }
        do {
            _ = try await loader.load(.data(Data("GIF89a not really".utf8)), field: "image[0]")
            Issue.record("a GIF was accepted")
        } catch {
            #expect(error.field == "image[0]")
            #expect(error.description.contains("PNG, JPEG or WebP"))
        }
    }

    @Test("The mask must be a PNG with an alpha channel and the first image's dimensions")
    func maskRules() throws {
        let request = EditRequest(prompt: "p", images: [.data(Data())], model: .gptImage1)
        let image = LoadedImage(data: try makeImage(width: 64, height: 48, format: .jpeg()), format: .jpeg, filename: "a.jpeg", source: "a")
        let goodMask = LoadedImage(data: try makeMask(width: 64, height: 48), format: .png, filename: "m.png", source: "m")
        try RequestValidator.validate(request, images: [image], mask: goodMask)

        let jpegMask = LoadedImage(data: try makeImage(width: 64, height: 48, format: .jpeg()), format: .jpeg, filename: "m.jpeg", source: "m")
        expectInvalid("mask", mentions: ["JPEG", "PNG with an alpha channel"]) { try RequestValidator.validate(request, images: [image], mask: jpegMask) }

        let opaque = try makeImage(width: 64, height: 48, format: .png(PNGOptions(dropsOpaqueAlpha: true)))
        #expect(try ImageDecoder.info(of: opaque).hasAlphaChannel == false)
        let noAlpha = LoadedImage(data: opaque, format: .png, filename: "m.png", source: "m")
        expectInvalid("mask", mentions: ["without alpha", "alpha channel"]) { try RequestValidator.validate(request, images: [image], mask: noAlpha) }

        let wrongSize = LoadedImage(data: try makeMask(width: 48, height: 48), format: .png, filename: "m.png", source: "m")
        expectInvalid("mask", mentions: ["48x48", "64x48"]) { try RequestValidator.validate(request, images: [image], mask: wrongSize) }
    }

    @Test("dall-e-2 edits one square PNG under 4 MB")
    func dallE2Inputs() throws {
        let request = EditRequest(prompt: "p", images: [.data(Data())], model: .dallE2)
        let square = LoadedImage(data: try makeImage(width: 32, height: 32), format: .png, filename: "a.png", source: "a")
        try RequestValidator.validate(request, images: [square], mask: nil)
        let oblong = LoadedImage(data: try makeImage(width: 32, height: 16), format: .png, filename: "a.png", source: "a")
        expectInvalid("image", mentions: ["32x16", "square"]) { try RequestValidator.validate(request, images: [oblong], mask: nil) }
        let jpeg = LoadedImage(data: try makeImage(width: 32, height: 32, format: .jpeg()), format: .jpeg, filename: "a.jpeg", source: "a")
        expectInvalid("image", mentions: ["PNG"]) { try RequestValidator.validate(request, images: [jpeg], mask: nil) }
    }

    @Test("Nothing is sent when validation fails")
    func nothingSent() async throws {
        try await withServer { server, client in
            await #expect(throws: RequestValidationError.self) {
                _ = try await client.generate(GenerationRequest(prompt: "p", model: .dallE3, n: 3))
            }
            await #expect(throws: RequestValidationError.self) {
                _ = try await client.edit(EditRequest(prompt: "p", images: [.data(Data("nope".utf8))]))
            }
            #expect(server.apiRequests.isEmpty)
        }
    }
}
