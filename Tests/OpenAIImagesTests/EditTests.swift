import Codecs
import Foundation
import LocalImagesServer
import Testing

@testable import OpenAIImages

@Suite("Edits: multipart layout and inputs")
struct EditTests {
    @Test("One image[] part per image with its real MIME type, then the mask, then the options")
    func multipartLayout() async throws {
        let png = try makeImage(width: 96, height: 64)
        let jpeg = try makeImage(width: 96, height: 64, format: .jpeg())
        let webp = try makeImage(width: 50, height: 50, format: .webp())
        let mask = try makeMask(width: 96, height: 64)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("edit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        // A misleading extension: the MIME type must come from the bytes.
        let jpegPath = directory.appendingPathComponent("photo.png")
        try jpeg.write(to: jpegPath)
        try await withServer { server, client in
            let request = EditRequest(
                prompt: "Add a red scarf", images: [.data(png), .file(jpegPath.path), .base64("data:image/webp;base64," + webp.base64EncodedString())],
                mask: .base64(mask.base64EncodedString()), model: .gptImage1, n: 2, size: .landscape1536, quality: .medium,
                outputFormat: .jpeg, outputCompression: 80, inputFidelity: .high, user: "designer-7")
            let response = try await client.edit(request)
            #expect(response.images.count == 2)
            #expect(try ImageDecoder.info(of: try #require(response.images[0].data)).format == .jpeg)
            #expect((response.usage?.inputImageTokens ?? 0) > 0)

            let sent = try #require(server.apiRequests.first)
            #expect(sent.status == 200)
            #expect(sent.header("content-type")?.hasPrefix("multipart/form-data; boundary=") == true)
            #expect(sent.files.map(\.name) == ["image[]", "image[]", "image[]", "mask"])
            #expect(sent.files.map(\.contentType) == ["image/png", "image/jpeg", "image/webp", "image/png"])
            #expect(sent.files.map(\.data) == [png, jpeg, webp, mask])
            #expect(sent.files[1].filename == "photo.jpeg")
            #expect(sent.fieldOrder.first == "model")
            #expect(sent.fields == [
                "model": "gpt-image-1", "prompt": "Add a red scarf", "n": "2", "size": "1536x1024", "quality": "medium",
                "output_format": "jpeg", "output_compression": "80", "input_fidelity": "high", "user": "designer-7",
            ])
        }
    }

    @Test("dall-e-2 sends a single `image` part")
    func dallE2Layout() async throws {
        let png = try makeImage(width: 256, height: 256)
        try await withServer { server, client in
            _ = try await client.edit(EditRequest(prompt: "p", images: [.data(png)], model: .dallE2, size: "256x256", responseFormat: .b64JSON))
            let sent = try #require(server.apiRequests.first)
            #expect(sent.files.map(\.name) == ["image"])
            #expect(sent.status == 200)
        }
    }

    @Test("Without options only model, prompt and the image are sent")
    func minimalEdit() async throws {
        try await withServer { server, client in
            _ = try await client.edit(EditRequest(prompt: "p", images: [.data(try makeImage(width: 32, height: 32))]))
            let sent = try #require(server.apiRequests.first)
            #expect(sent.fieldOrder == ["model", "prompt", "image[]"])
            #expect(sent.fields["model"] == "gpt-image-1-mini")
        }
    }

    @Test("The server rejects application/octet-stream parts, as the API does")
    func octetStreamRejected() async throws {
        try await withServer { server, client in
            var form = MultipartFormData()
            form.addField("model", "gpt-image-1")
            form.addField("prompt", "p")
            form.addFile("image[]", filename: "a.png", contentType: "application/octet-stream", data: try makeImage(width: 8, height: 8))
            let request = TransportRequest(
                method: "POST", url: server.baseURL.appendingPathComponent("images/edits"),
                headers: [("Authorization", "Bearer \(fakeKey)"), ("Content-Type", form.contentType)], body: form.finish())
            let error = await apiError { _ = try await client.sendCollecting(request) }
            guard case .badRequest(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.code == "unsupported_file_mimetype")
            #expect(details.param == "image[]")
        }
    }

    @Test("URL inputs are downloaded, following up to 3 redirects, without the API key")
    func urlInputs() async throws {
        let png = try makeImage(width: 40, height: 40)
        try await withServer { server, client in
            server.serve(png, at: "/inputs/cat.png", contentType: "image/png")
            server.redirect("/r1", to: "/r2")
            server.redirect("/r2", to: "/r3")
            server.redirect("/r3", to: "/inputs/cat.png")
            _ = try await client.edit(EditRequest(prompt: "p", images: [.url(server.rootURL.appendingPathComponent("r1"))]))
            let downloads = server.requests.filter { $0.method == "GET" }
            #expect(downloads.map(\.path) == ["/r1", "/r2", "/r3", "/inputs/cat.png"])
            #expect(downloads.allSatisfy { $0.header("authorization") == nil })
            #expect(server.apiRequests.first?.files.first?.data == png)
            #expect(server.apiRequests.first?.files.first?.filename == "cat.png")
        }
    }

    @Test("A fourth redirect, a non-http scheme, a 404 and an oversized download are refused")
    func urlInputLimits() async throws {
        try await withServer { server, client in
            for hop in 1...4 { server.redirect("/loop\(hop)", to: "/loop\(hop + 1)") }
            server.serve(try makeImage(width: 8, height: 8), at: "/loop5", contentType: "image/png")
            server.serve(Data(count: 2_000), at: "/big.png")
            let loader = ImageInputLoader(maxBytes: 1_000)
            let cases: [(URL, String)] = [
                (server.rootURL.appendingPathComponent("loop1"), "more than 3 redirects"),
                (URL(string: "ftp://127.0.0.1/a.png")!, "only http and https"),
                (URL(string: "file:///etc/passwd")!, "only http and https"),
                (server.rootURL.appendingPathComponent("missing.png"), "HTTP 404"),
            ]
            for (url, message) in cases {
                do {
                    _ = try await ImageInputLoader().load(.url(url), field: "image[]")
                    Issue.record("\(url) was accepted")
                } catch let error as RequestValidationError {
                    #expect(error.description.contains(message), "\(error)")
                }
            }
            do {
                _ = try await loader.load(.url(server.rootURL.appendingPathComponent("big.png")), field: "image[]")
                Issue.record("an oversized download was accepted")
            } catch let error as RequestValidationError {
                guard case .inputTooLarge = error else { Issue.record("got \(error)"); return }
            }
            // The edit is refused before it is sent.
            await #expect(throws: RequestValidationError.self) {
                _ = try await client.edit(EditRequest(prompt: "p", images: [.url(server.rootURL.appendingPathComponent("loop1"))]))
            }
            #expect(server.apiRequests.isEmpty)
        }
    }

    @Test("Base64 inputs with or without a data: prefix; invalid base64 is refused")
    func base64Inputs() async throws {
        let webp = try makeImage(width: 8, height: 8, format: .webp())
        let loader = ImageInputLoader()
        let plain = try await loader.load(.base64(webp.base64EncodedString()), field: "image[]")
        let prefixed = try await loader.load(.base64("data:image/webp;base64," + webp.base64EncodedString()), field: "image[]")
        #expect(plain.data == webp)
        #expect(prefixed.data == webp)
        #expect(prefixed.format == .webp)
        let refused: RequestValidationError? = await Self.validationError { _ = try await loader.load(.base64("not base64 at all!"), field: "image[]") }
        #expect(refused?.description.contains("not valid base64") == true)
    }

    @Test("A missing file is named in the error")
    func missingFile() async {
        let refused = await Self.validationError { _ = try await ImageInputLoader().load(.file("/nonexistent/cat.png"), field: "image[]") }
        #expect(refused?.description.contains("/nonexistent/cat.png") == true)
    }

    static func validationError(_ body: () async throws -> Void) async -> RequestValidationError? {
        do {
            try await body()
            return nil
        } catch {
            return error as? RequestValidationError
        }
    }

    @Test("A mask of the wrong size is refused before sending; the server would refuse it too")
    func maskMismatch() async throws {
        let image = try makeImage(width: 64, height: 64)
        let mask = try makeMask(width: 32, height: 32)
        try await withServer { server, client in
            await #expect(throws: RequestValidationError.self) {
                _ = try await client.edit(EditRequest(prompt: "p", images: [.data(image)], mask: .data(mask)))
            }
            #expect(server.apiRequests.isEmpty)
            // Sent anyway, the server answers as the API does.
            var form = MultipartFormData()
            form.addField("model", "gpt-image-1")
            form.addField("prompt", "p")
            form.addFile("image[]", filename: "a.png", contentType: "image/png", data: image)
            form.addFile("mask", filename: "m.png", contentType: "image/png", data: mask)
            let request = TransportRequest(
                method: "POST", url: server.baseURL.appendingPathComponent("images/edits"),
                headers: [("Authorization", "Bearer \(fakeKey)"), ("Content-Type", form.contentType)], body: form.finish())
            let error = await apiError { _ = try await client.sendCollecting(request) }
            #expect(error?.details?.param == "mask")
        }
    }
}
