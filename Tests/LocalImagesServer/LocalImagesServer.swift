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
/// defer { Task { try await server.shutdown() } }
/// // point a client at server.baseURL, then:
/// #expect(server.requests.count == 2)
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

/// A file the server hands out on GET.
struct ServedFile: Sendable {
    var data: Data
    var contentType: String
}

/// The server's shared mutable state. A lock guards it because NIO connection tasks and the
/// test read it from any thread; every access is short and never suspends.
final class ServerState: @unchecked Sendable {
    private let lock = NSLock()
    private var _recorded: [RecordedRequest] = []
    private var _faults: [Fault]
    private var _apiCount = 0
    private var _inFlight = 0
    private var _maxInFlight = 0
    private var _completed = 0
    private var _files: [String: ServedFile] = [:]
    private var _redirects: [String: String] = [:]
    private var _imageCache: [String: Data] = [:]

    init(faults: [Fault]) { _faults = faults }

    private func locked<T>(_ body: () -> T) -> T {
        lock.lock()
        defer { lock.unlock() }
        return body()
    }

    var recorded: [RecordedRequest] { locked { _recorded } }
    var inFlight: Int { locked { _inFlight } }
    var maxInFlight: Int { locked { _maxInFlight } }
    var completed: Int { locked { _completed } }

    func record(_ request: RecordedRequest) { locked { _recorded.append(request) } }
    func add(_ faults: [Fault]) { locked { _faults.append(contentsOf: faults) } }
    func replaceFaults(_ faults: [Fault]) { locked { _faults = faults } }
    func setFile(_ path: String, _ file: ServedFile) { locked { _files[path] = file } }
    func setRedirect(_ path: String, _ location: String) { locked { _redirects[path] = location } }
    func file(_ path: String) -> ServedFile? { locked { _files[path] } }
    func redirect(_ path: String) -> String? { locked { _redirects[path] } }
    func cachedImage(_ key: String) -> Data? { locked { _imageCache[key] } }
    func cacheImage(_ key: String, _ data: Data) { locked { _imageCache[key] = data } }

    /// Counts an API request in and returns its number.
    func begin() -> Int {
        locked {
            _apiCount += 1
            _inFlight += 1
            _maxInFlight = max(_maxInFlight, _inFlight)
            return _apiCount
        }
    }

    func end(completed: Bool) {
        locked {
            _inFlight -= 1
            if completed { _completed += 1 }
        }
    }

    /// The faults that fire for this request: every matching delay, then the first other match.
    func faults(number: Int, endpoint: String, prompt: String?) -> (delays: [Duration], fault: Fault.Kind?) {
        locked {
            var delays: [Duration] = []
            var chosen: Fault.Kind?
            for index in _faults.indices {
                let fault = _faults[index]
                if let times = fault.times, times <= 0 { continue }
                let matches: Bool
                switch fault.trigger {
                case .always: matches = true
                case .requestNumber(let wanted): matches = wanted == number
                case .promptContains(let text): matches = prompt?.contains(text) ?? false
                case .endpoint(let name): matches = name == endpoint
                }
                guard matches else { continue }
                if case .delay(let duration) = fault.kind {
                    delays.append(duration)
                } else if chosen == nil {
                    chosen = fault.kind
                } else {
                    continue
                }
                if let times = fault.times { _faults[index].times = times - 1 }
            }
            return (delays, chosen)
        }
    }
}
