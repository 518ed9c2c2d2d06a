import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// A bare HTTP source on 127.0.0.1 for what the local API server cannot play: a server that
/// accepts and never answers, and a body without a length that never ends.
final class RawHTTPSource: @unchecked Sendable {
    // @unchecked: `sent` and `stopped` are only touched under `lock`; the descriptors never change.
    enum Behaviour { case silent, endlessBody }

    let port: Int
    private let listener: Int32
    private let behaviour: Behaviour
    private let lock = NSLock()
    private var sent = 0
    private var stopped = false

    var bytesSent: Int { lock.withLock { sent } }

    init(_ behaviour: Behaviour) throws {
        self.behaviour = behaviour
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard descriptor >= 0, bound == 0, listen(descriptor, 8) == 0 else { throw POSIXError(.EADDRNOTAVAIL) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(descriptor, $0, &length) }
        }
        listener = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
        Thread.detachNewThread { [self] in acceptLoop() }
    }

    func stop() {
        lock.withLock { stopped = true }
        shutdown(listener, Int32(SHUT_RDWR))
        close(listener)
    }

    private func acceptLoop() {
        while true {
            let connection = accept(listener, nil, nil)
            guard connection >= 0 else { return }
            Thread.detachNewThread { [self] in serve(connection) }
        }
    }

    private func serve(_ connection: Int32) {
        defer { close(connection) }
        var buffer = [UInt8](repeating: 0, count: 65_536)
        // Read the request head; what it asks for does not matter.
        _ = recv(connection, &buffer, buffer.count, 0)
        switch behaviour {
        case .silent:
            // Wait until the client hangs up (recv returns 0) or the source stops.
            while recv(connection, &buffer, buffer.count, 0) > 0 {}
        case .endlessBody:
            let head = Array("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nConnection: close\r\n\r\n".utf8)
            guard send(connection, head, head.count, Int32(MSG_NOSIGNAL)) == head.count else { return }
            var chunk = [UInt8](repeating: 0, count: 65_536)
            chunk.replaceSubrange(0..<8, with: [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
            var total = 0
            while total < 400_000_000, !lock.withLock({ stopped }) {
                let written = send(connection, chunk, chunk.count, Int32(MSG_NOSIGNAL))
                guard written > 0 else { return }
                total += written
                lock.withLock { sent = total }
                chunk[0] = 0
            }
        }
    }
}
