import Foundation

/// Sends one HTTP request and returns the answer's head and a body to stream. The only door
/// the client has to the network, so tests can put anything behind it.
public protocol HTTPTransport: Sendable {
    /// Sends `request`; the whole exchange, body included, must end within `timeout`.
    ///
    /// - Throws: ``TransportError`` for network failures and timeouts, `CancellationError` when cancelled.
    func send(_ request: TransportRequest, timeout: Duration) async throws -> TransportResponse
}
