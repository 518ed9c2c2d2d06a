import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends one HTTP request and returns the answer's head and a body to stream. The only door
/// the client has to the network, so tests can put anything behind it.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; the whole exchange, body included, must end within `timeout`.
    ///
    /// - Throws: ``TransportError`` for network failures and timeouts, `CancellationError` when cancelled.
    func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse
}

/// A request as the transport sends it. Its description names the headers but never shows
/// their values, so the `Authorization` header cannot leak through a log line.
public struct TransportRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible {
    public var method: String
    public var url: URL
    public var headers: [(String, String)]
    public var body: Data?

    public init(method: String, url: URL, headers: [(String, String)] = [], body: Data? = nil) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public var description: String {
        "\(method) \(url.absoluteString) headers: [\(headers.map(\.0).joined(separator: ", "))] body: \(body?.count ?? 0) bytes"
    }

    public var debugDescription: String { description }
}

/// The head of an answer and its body as a stream of byte chunks.
public struct TransportResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: ResponseBody

    public init(status: Int, headers: [(String, String)], body: ResponseBody) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The value of a header (case-insensitive name).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first { $0.0.lowercased() == lowered }?.1
    }
}

/// A response body: chunks of bytes as they arrive, in order, with no assumption about where
/// one chunk ends.
public struct ResponseBody: AsyncSequence, Sendable {
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

/// Why the transport could not complete an exchange.
public enum TransportError: Error, Sendable, Hashable, CustomStringConvertible {
    /// No complete answer within the timeout.
    case timedOut
    /// The connection could not be made or broke; `reason` says how.
    case connectionFailed(reason: String)
    /// The request could not be built (a malformed URL, say).
    case invalidRequest(reason: String)

    public var description: String {
        switch self {
        case .timedOut: "The request timed out."
        case .connectionFailed(let reason): "The connection failed: \(reason)."
        case .invalidRequest(let reason): "The request could not be sent: \(reason)."
        }
    }
}

/// The transport over AsyncHTTPClient. Redirects are not followed (the client decides).
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// One process-wide HTTP client: it lives as long as the process, so it is never shut down.
    static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.decompression = .disabled
        // The official SDKs give up connecting after 5 s; a little more suits slow networks.
        configuration.timeout = .init(connect: .seconds(10))
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    private let client: HTTPClient

    /// The shared transport.
    public init() { self.client = Self.sharedClient }

    /// A transport over a client you own (and shut down).
    public init(client: HTTPClient) { self.client = client }

    public func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse {
        var outgoing = HTTPClientRequest(url: request.url.absoluteString)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if let body = request.body {
            outgoing.body = .bytes(ByteBuffer(bytes: body))
        }
        let deadline = NIODeadline.now() + .nanoseconds(Int64(timeout.seconds * 1e9))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(outgoing, deadline: deadline)
        } catch {
            throw Self.map(error)
        }
        let body = response.body
        let (stream, continuation) = AsyncThrowingStream<[UInt8], any Error>.makeStream()
        // The reading task ends with the body or when the reader stops listening.
        let reader = Task {
            do {
                for try await buffer in body { continuation.yield(Array(buffer.readableBytesView)) }
                continuation.finish()
            } catch {
                continuation.finish(throwing: Self.map(error))
            }
        }
        continuation.onTermination = { _ in reader.cancel() }
        return TransportResponse(
            status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
            body: ResponseBody(stream))
    }

    static func map(_ error: any Error) -> any Error {
        if error is CancellationError { return error }
        if let error = error as? HTTPClientError {
            switch error {
            case .deadlineExceeded, .readTimeout, .writeTimeout, .connectTimeout, .tlsHandshakeTimeout:
                return TransportError.timedOut
            case .cancelled:
                return CancellationError()
            case .invalidURL, .emptyHost, .emptyScheme:
                return TransportError.invalidRequest(reason: String(describing: error))
            case .remoteConnectionClosed:
                return TransportError.connectionFailed(reason: "the server closed the connection before the answer was complete")
            default:
                return TransportError.connectionFailed(reason: String(describing: error))
            }
        }
        return TransportError.connectionFailed(reason: String(describing: error))
    }
}

