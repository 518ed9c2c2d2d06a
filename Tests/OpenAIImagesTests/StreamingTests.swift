import Codecs
import Foundation
import LocalImagesServer
import Testing

@testable import OpenAIImages

@Suite("Server-sent events and streamed images")
struct StreamingTests {
    /// Splits `bytes` at random places (seeded, so a failure can be replayed).
    static func randomChunks(_ bytes: [UInt8], seed: UInt64, maxChunk: Int) -> [[UInt8]] {
        var generator = SeededGenerator(seed: seed)
        var chunks: [[UInt8]] = []
        var index = 0
        while index < bytes.count {
            let length = Int.random(in: 1...maxChunk, using: &generator)
            chunks.append(Array(bytes[index..<min(bytes.count, index + length)]))
            index += length
        }
        return chunks
    }

    static func parse(_ chunks: [[UInt8]]) -> [ServerSentEvent] {
        var parser = ServerSentEventParser()
        var events: [ServerSentEvent] = []
        for chunk in chunks { events += parser.feed(chunk) }
        if let last = parser.finish() { events.append(last) }
        return events
    }

    @Test("Events split at every possible place parse the same", arguments: ["\n", "\r\n", "\r"])
    func everySplit(lineEnding: String) {
        let text = [
            ": keep-alive", "event: image_generation.partial_image", "data: {\"a\":1}", "", "id: 7", "data:first", "data: second", "",
            "event: image_generation.completed", "data: {\"b\":2}", "", "",
        ].joined(separator: lineEnding)
        let bytes = Array(text.utf8)
        let expected = [
            ServerSentEvent(event: "image_generation.partial_image", data: Array("{\"a\":1}".utf8)),
            ServerSentEvent(event: "message", data: Array("first\nsecond".utf8), id: "7"),
            ServerSentEvent(event: "image_generation.completed", data: Array("{\"b\":2}".utf8), id: "7"),
        ]
        #expect(Self.parse([bytes]) == expected)
        for first in 0...bytes.count {
            for second in first...bytes.count where second - first < 6 || second == bytes.count {
                let chunks = [Array(bytes[0..<first]), Array(bytes[first..<second]), Array(bytes[second...])]
                #expect(Self.parse(chunks) == expected, "split at \(first), \(second)")
            }
        }
        #expect(Self.parse(bytes.map { [$0] }) == expected)
    }

    @Test("An event over 8 MiB, split at random, arrives whole", arguments: [UInt64(1), 2, 3])
    func hugeEvent(seed: UInt64) {
        // Base64-like text built with bulk copies, with a few random marks so any misplaced
        // byte would show.
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)
        var payload: [UInt8] = []
        payload.reserveCapacity(9 * 1024 * 1024 + 64)
        while payload.count < 9 * 1024 * 1024 { payload.append(contentsOf: alphabet) }
        var generator = SeededGenerator(seed: seed)
        for _ in 0..<1000 { payload[Int(generator.next() % UInt64(payload.count))] = alphabet[Int(generator.next() % 64)] }
        let stream = Array("event: image_generation.completed\r\ndata: {\"b64_json\":\"".utf8) + payload + Array("\"}\r\n\r\nevent: done\ndata: x\n\n".utf8)
        let events = Self.parse(Self.randomChunks(stream, seed: seed, maxChunk: 300_000))
        #expect(events.count == 2)
        #expect(events.first?.data.count == payload.count + 15)
        #expect(events.first.map { Array($0.data[13..<(13 + payload.count)]) == payload } == true)
        #expect(events.last?.event == "done")
    }

    @Test("A stream that ends without a blank line still yields its last event")
    func unterminatedLastEvent() {
        #expect(Self.parse([Array("data: tail".utf8)]) == [ServerSentEvent(data: Array("tail".utf8))])
        #expect(Self.parse([Array("data: x\n".utf8)]) == [ServerSentEvent(data: Array("x".utf8))])
        #expect(Self.parse([Array(": only a comment\n\n".utf8)]).isEmpty)
    }

    @Test("Streamed generation: partial images with their index, then the completed image with usage")
    func streamedGeneration() async throws {
        try await withServer { server, client in
            var events: [ImageStreamEvent] = []
            for try await event in client.generateStream(GenerationRequest(prompt: "A comet", n: 2, size: .portrait1536, partialImages: 2)) {
                events.append(event)
            }
            let partials = events.compactMap { event -> StreamedImage? in
                if case .partial(let image) = event { return image }
                return nil
            }
            let completed = events.compactMap { event -> (StreamedImage, Usage?)? in
                if case .completed(let image, let usage) = event { return (image, usage) }
                return nil
            }
            #expect(partials.map(\.partialIndex) == [0, 1, 0, 1])
            #expect(completed.count == 2)
            for (image, usage) in completed {
                let info = try ImageDecoder.info(of: image.data)
                #expect(info.width == 1024 && info.height == 1536)
                #expect(image.partialIndex == nil)
                #expect(usage?.outputTokens ?? 0 > 0)
            }
            for partial in partials { #expect(try ImageDecoder.info(of: partial.data).height == 1536) }
            let sent = try #require(server.apiRequests.first)
            #expect(sent.fields["stream"] == "true")
            #expect(sent.fields["partial_images"] == "2")
            #expect(sent.header("accept") == "text/event-stream")
        }
    }

    @Test("Streamed edit uses image_edit events")
    func streamedEdit() async throws {
        try await withServer { _, client in
            let png = try makeImage(width: 64, height: 64)
            var completed = 0
            for try await event in client.editStream(EditRequest(prompt: "Add a hat", images: [.data(png)], model: .gptImage1, partialImages: 1)) {
                if case .completed = event { completed += 1 }
            }
            #expect(completed == 1)
        }
    }

    @Test("An image event over 8 MiB streams through the real HTTP stack")
    func hugeImageOverHTTP() async throws {
        try await withServer(serverConfiguration(content: .noise)) { _, client in
            var sizes: [Int] = []
            for try await event in client.generateStream(GenerationRequest(prompt: "static", model: .gptImage2, size: "2048x2048")) {
                if case .completed(let image, _) = event { sizes.append(image.data.count) }
            }
            let size = try #require(sizes.first)
            #expect(size * 4 / 3 > 8 * 1024 * 1024, "the event carried only \(size) bytes of image")
        }
    }

    @Test("An error event ends the stream with streamError")
    func errorEvent() async throws {
        try await withServer(serverConfiguration([Fault(.streamError)])) { _, client in
            var partials = 0
            let error = await apiError {
                for try await event in client.generateStream(GenerationRequest(prompt: "p", partialImages: 2)) {
                    if case .partial = event { partials += 1 }
                }
            }
            guard case .streamError(let details)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(details.code == "image_generation_failed")
            #expect(partials == 1)
        }
    }

    @Test("A stream without its completed event is an error")
    func endsEarly() async throws {
        try await withServer(serverConfiguration([Fault(.streamEndsEarly)])) { _, client in
            let error = await apiError {
                for try await _ in client.generateStream(GenerationRequest(prompt: "p", partialImages: 2)) {}
            }
            guard case .streamEndedEarly(let partials, _)? = error else { Issue.record("got \(String(describing: error))"); return }
            #expect(partials == 2)
        }
    }

    @Test("A stream cut mid-body is a connection error")
    func droppedStream() async throws {
        try await withServer(serverConfiguration([Fault(.dropConnection, when: .requestNumber(1))])) { _, client in
            let error = await apiError {
                for try await _ in client.generateStream(GenerationRequest(prompt: "p", partialImages: 1)) {}
            }
            guard case .connection? = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test("A streamed request is retried before the stream starts")
    func streamRetriedBeforeStart() async throws {
        try await withServer(serverConfiguration([Fault(.serverError(503), times: 1)])) { server, client in
            var completed = 0
            for try await event in client.generateStream(GenerationRequest(prompt: "p")) {
                if case .completed = event { completed += 1 }
            }
            #expect(completed == 1)
            #expect(server.apiRequests.map(\.status) == [503, 200])
        }
    }

    @Test("Stream event decoding rejects an event without its image")
    func eventWithoutImage() throws {
        let event = ServerSentEvent(event: "image_generation.completed", data: Array(#"{"type":"image_generation.completed"}"#.utf8))
        #expect(throws: ImagesAPIError.self) { try ImageStreamEvent.decode(event, requestID: nil, redacting: fakeKey) }
        let unknown = ServerSentEvent(event: "image_generation.thinking", data: Array(#"{"type":"image_generation.thinking"}"#.utf8))
        #expect(try ImageStreamEvent.decode(unknown, requestID: nil, redacting: fakeKey) == nil)
    }
}
