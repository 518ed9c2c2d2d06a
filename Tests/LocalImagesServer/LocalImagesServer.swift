import Codecs
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// An HTTP/1.1 server on 127.0.0.1 that behaves like OpenAI's Images API, for tests.
///
/// It checks the API key and each request against the spec's schemas and the models' rules
/// (answering 400 `invalid_request_error` with `param` as the API does), parses multipart
/// edits, returns real PNG/JPEG/WebP images of the asked size, format and background with
/// usage, streams server-sent events, and plays scripted faults. It records every request
/// and the most requests it had in flight at once.
///
/// ```swift
/// let server = try await LocalImagesServer.start(.init(apiKey: "sk-test", faults: [.init(.serverError(503), times: 1)]))
/// // Point a client (or `gptimg` with OPENAI_BASE_URL=\(server.baseURL), OPENAI_API_KEY=sk-test) at it, then:
/// #expect(server.apiRequests.map(\.status) == [503, 200])
/// #expect(server.maxConcurrentRequests <= 4)
/// try await server.shutdown()
/// ```
public final class LocalImagesServer: Sendable {
    /// How the server behaves.
    public struct Configuration: Sendable {
        /// The only key it accepts (`Authorization: Bearer <key>`).
        public var apiKey: String
        /// A wait before every API answer (a slow model).
        public var responseDelay: Duration
        /// Scripted failures, tried in order; see ``Fault``.
        public var faults: [Fault]
        /// What the images look like.
        public var imageContent: ImageContent
        /// Model names accepted as GPT image models besides the known ones.
        public var extraModels: Set<String>
        /// The largest request body accepted.
        public var maxRequestBytes: Int

        /// Creates one from its parts; what is left unset stays unset.
        public init(
            apiKey: String = "sk-local-test-key", responseDelay: Duration = .zero, faults: [Fault] = [],
            imageContent: ImageContent = .gradient, extraModels: Set<String> = [], maxRequestBytes: Int = 900 << 20
        ) {
            self.apiKey = apiKey
            self.responseDelay = responseDelay
            self.faults = faults
            self.imageContent = imageContent
            self.extraModels = extraModels
            self.maxRequestBytes = maxRequestBytes
        }
    }

    /// The configuration it was made with.
    public let configuration: Configuration
    /// The port it listens on.
    public let port: Int
    /// The API root to give a client: `http://127.0.0.1:<port>/v1`.
    public var baseURL: URL { URL(string: "http://127.0.0.1:\(port)/v1")! }
    /// The server root, for files served with ``serve(_:at:contentType:)``.
    public var rootURL: URL { URL(string: "http://127.0.0.1:\(port)")! }

    let state: ServerState
    private let serverTask: Task<Void, Never>
    private let closeServer: @Sendable () -> Void

    /// Starts a server on 127.0.0.1, on a free port.
    public static func start(_ configuration: Configuration = Configuration()) async throws -> LocalImagesServer {
        let state = ServerState(faults: configuration.faults)
        let channel = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    return try NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>(wrappingChannelSynchronously: channel)
                }
            }
        let port = channel.channel.localAddress?.port ?? 0
        let server = LocalImagesServer(configuration: configuration, port: port, state: state, channel: channel)
        return server
    }

    private init(
        configuration: Configuration, port: Int, state: ServerState,
        channel: NIOAsyncChannel<NIOAsyncChannel<HTTPServerRequestPart, HTTPServerResponsePart>, Never>
    ) {
        self.configuration = configuration
        self.port = port
        self.state = state
        let underlying = channel.channel
        self.closeServer = { underlying.close(promise: nil) }
        let handler = RequestHandler(configuration: configuration, state: state, port: port)
        self.serverTask = Task {
            try? await channel.executeThenClose { connections in
                await withDiscardingTaskGroup { group in
                    do {
                        for try await connection in connections {
                            group.addTask { await handler.serve(connection) }
                        }
                    } catch {
                        // The listening socket closed: shutting down.
                    }
                    group.cancelAll()
                }
            }
        }
    }

    /// Stops listening, cancels the connections, and waits until everything has stopped.
    public func shutdown() async throws {
        closeServer()
        serverTask.cancel()
        await serverTask.value
    }

    // MARK: - What happened

    /// Every request received, in arrival order.
    public var requests: [RecordedRequest] { state.recorded }
    /// The API requests (`POST /v1/images/...`) received.
    public var apiRequests: [RecordedRequest] { state.recorded.filter { $0.number > 0 } }
    /// The most API requests in flight at the same moment.
    public var maxConcurrentRequests: Int { state.maxInFlight }
    /// API requests in flight now.
    public var currentConcurrentRequests: Int { state.inFlight }
    /// API requests answered completely (the whole body written).
    public var completedResponses: Int { state.completed }

    // MARK: - Scripting

    /// Adds faults after the configured ones.
    public func inject(_ faults: Fault...) { state.add(faults) }

    /// Removes every fault.
    public func clearFaults() { state.replaceFaults([]) }

    /// Serves `data` at `path` (e.g. `/inputs/cat.png`) for GET requests (URL inputs of edits).
    public func serve(_ data: Data, at path: String, contentType: String = "application/octet-stream") {
        state.setFile(path, ServedFile(data: data, contentType: contentType))
    }

    /// Answers GET `path` with a 302 to `location`.
    public func redirect(_ path: String, to location: String) {
        state.setRedirect(path, location)
    }
}
