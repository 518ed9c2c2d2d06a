import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// The transport over AsyncHTTPClient. Redirects are not followed (the client decides).
public struct AsyncHTTPClientTransport: HTTPTransport {
    /// One process-wide HTTP client: it lives as long as the process, so it is never shut down.
    static let sharedClient: HTTPClient = {
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.decompression = .disabled
        // The official SDKs give up connecting after 5 s; a little more suits slow networks.
        configuration.timeout = .init(connect: .seconds(10))
        // AsyncHTTPClient keeps 8 HTTP/1 connections per host by default; a batch may run up to
        // 20 requests at once against an HTTP/1 server, and each needs its own connection.
        configuration.connectionPool = .init(
            idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: BatchRunner.maximumWorkers)
        return HTTPClient(eventLoopGroup: HTTPClient.defaultEventLoopGroup, configuration: configuration)
    }()

    private let client: HTTPClient

    /// The shared transport.
    public init() { self.client = Self.sharedClient }

    /// A transport over a client you own (and shut down).
    public init(client: HTTPClient) { self.client = client }

    /// Sends the request through AsyncHTTPClient; maps its failures to ``TransportError``.
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
