import Foundation

/// A response body: chunks of bytes as they arrive, in order, with no assumption about where
/// one chunk ends.
public struct ResponseBody: AsyncSequence, Sendable {
    /// A chunk of bytes.
    public typealias Element = [UInt8]
    private let stream: AsyncThrowingStream<[UInt8], any Error>

    /// A body read from a stream of chunks.
    public init(_ stream: AsyncThrowingStream<[UInt8], any Error>) {
        self.stream = stream
    }

    /// A body made of the given chunks.
    public init(chunks: [[UInt8]]) {
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        for chunk in chunks { continuation.yield(chunk) }
        continuation.finish()
        self.stream = stream
    }

    /// Iterates the chunks in order.
    public func makeAsyncIterator() -> AsyncThrowingStream<[UInt8], any Error>.AsyncIterator { stream.makeAsyncIterator() }

    /// Collects the whole body, or returns `nil` as soon as it exceeds `limit` bytes.
    public func collect(upTo limit: Int) async throws -> Data? {
        var data = Data()
        for try await chunk in self {
            if data.count + chunk.count > limit { return nil }
            data.append(contentsOf: chunk)
        }
        return data
    }
}
