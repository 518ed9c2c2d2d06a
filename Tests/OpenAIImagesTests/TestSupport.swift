import Codecs
import Foundation
import LocalImagesServer
import Testing

@testable import OpenAIImages

/// A fake key that is easy to spot in any text it might leak into.
let fakeKey = "sk-test.LEAKCANARY.7f3a9c2e51b84d06"

/// Starts a local server, runs `body` with it and a client pointed at it, and shuts it down.
func withServer<T>(
    _ configuration: LocalImagesServer.Configuration = .init(apiKey: fakeKey),
    retry: RetryPolicy = .exponential(maxRetries: 2, initialDelay: .milliseconds(10), maxDelay: .milliseconds(40)),
    timeout: Duration = .seconds(30),
    _ body: (LocalImagesServer, ImagesClient) async throws -> T
) async throws -> T {
    let server = try await LocalImagesServer.start(configuration)
    do {
        let client = ImagesClient(configuration: .init(apiKey: fakeKey, baseURL: server.baseURL, timeout: timeout, retryPolicy: retry))
        let result = try await body(server, client)
        try await server.shutdown()
        return result
    } catch {
        try await server.shutdown()
        throw error
    }
}

/// The configuration of a server with faults.
func serverConfiguration(_ faults: [Fault] = [], delay: Duration = .zero, content: ImageContent = .gradient) -> LocalImagesServer.Configuration {
    .init(apiKey: fakeKey, responseDelay: delay, faults: faults, imageContent: content)
}

/// Encodes a test image with the real codecs.
func makeImage(width: Int, height: Int, format: EncodingOptions = .png(), alpha: UInt8 = 255, transparentLeftHalf: Bool = false) throws -> Data {
    var buffer = PixelBuffer(width: width, height: height, filledWith: RGBA(r: 40, g: 120, b: 200, a: alpha))
    if transparentLeftHalf {
        for y in 0..<height { for x in 0..<(width / 2) { buffer[x, y] = .clear } }
    }
    return try ImageEncoder.encode(buffer, as: format)
}

/// A PNG mask with an alpha channel (transparent left half).
func makeMask(width: Int, height: Int) throws -> Data {
    try makeImage(width: width, height: height, format: .png(PNGOptions(dropsOpaqueAlpha: false)), transparentLeftHalf: true)
}

/// Expects `body` to throw a ``RequestValidationError`` about `field` whose description contains every one of `mentions`.
func expectInvalid(
    _ field: String, mentions: [String] = [], sourceLocation: SourceLocation = #_sourceLocation, _ body: () throws -> Void
) {
    do {
        try body()
        Issue.record("expected a validation error about \(field)", sourceLocation: sourceLocation)
    } catch let error as RequestValidationError {
        #expect(error.field == field, "\(error)", sourceLocation: sourceLocation)
        for text in mentions {
            #expect(error.description.contains(text), "\(error.description) should mention \(text)", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
    }
}

/// Runs `body` and returns the ``ImagesAPIError`` it throws.
func apiError(sourceLocation: SourceLocation = #_sourceLocation, _ body: () async throws -> Void) async -> ImagesAPIError? {
    do {
        try await body()
        Issue.record("expected an API error", sourceLocation: sourceLocation)
        return nil
    } catch let error as ImagesAPIError {
        return error
    } catch {
        Issue.record("unexpected error \(error)", sourceLocation: sourceLocation)
        return nil
    }
}

