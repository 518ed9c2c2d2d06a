import Foundation

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
    /// Encoded images in base64, by what they depend on.
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
    func cacheImage(_ key: String, _ base64: Data) { locked { _imageCache[key] = base64 } }

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
