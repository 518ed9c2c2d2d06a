

/// Parses a `text/event-stream` from byte chunks split anywhere, per the HTML standard's
/// event-stream rules (lines end in LF, CRLF or CR; `data` lines are joined; a blank line
/// ends an event; lines starting with `:` are comments).
///
/// There is no limit on the size of an event: bytes are appended in place, each byte is
/// looked at once, so a 20 MB image event costs what copying it costs.
///
/// ```swift
/// var parser = ServerSentEventParser()
/// for try await chunk in body { for event in parser.feed(chunk) { handle(event) } }
/// if let last = parser.finish() { handle(last) }
/// ```
public struct ServerSentEventParser: Sendable {
    private var line: [UInt8] = []
    private var data: [UInt8] = []
    private var hasData = false
    private var eventName: String?
    private var lastID: String?
    private var skipLineFeed = false

    /// A parser waiting for the first byte.
    public init() {}

    /// Consumes `bytes` and returns the events they complete.
    public mutating func feed<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [ServerSentEvent] {
        var events: [ServerSentEvent] = []
        var index = bytes.startIndex
        if skipLineFeed, index < bytes.endIndex {
            skipLineFeed = false
            if bytes[index] == 0x0A { index = bytes.index(after: index) }
        }
        while index < bytes.endIndex {
            guard let stop = bytes[index...].firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) else {
                line.append(contentsOf: bytes[index...])
                break
            }
            line.append(contentsOf: bytes[index..<stop])
            endLine(into: &events)
            index = bytes.index(after: stop)
            if bytes[stop] == 0x0D {
                if index == bytes.endIndex {
                    skipLineFeed = true
                } else if bytes[index] == 0x0A {
                    index = bytes.index(after: index)
                }
            }
        }
        return events
    }

    /// Ends the stream: returns the last event when the stream ended without its blank line.
    public mutating func finish() -> ServerSentEvent? {
        var events: [ServerSentEvent] = []
        if !line.isEmpty { endLine(into: &events) }
        endLine(into: &events)
        return events.first
    }

    private mutating func endLine(into events: inout [ServerSentEvent]) {
        defer { line.removeAll(keepingCapacity: line.count < 65_536) }
        if line.isEmpty {
            if hasData {
                events.append(ServerSentEvent(event: eventName ?? "message", data: data, id: lastID))
            }
            data = []
            hasData = false
            eventName = nil
            return
        }
        if line[0] == 0x3A { return }  // a comment
        let colon = line.firstIndex(of: 0x3A)
        let field = colon.map { Array(line[..<$0]) } ?? line
        var valueStart = colon.map { line.index(after: $0) } ?? line.endIndex
        if valueStart < line.endIndex, line[valueStart] == 0x20 { valueStart += 1 }
        switch field {
        case Array("data".utf8):
            if hasData { data.append(0x0A) }
            data.append(contentsOf: line[valueStart...])
            hasData = true
        case Array("event".utf8):
            eventName = String(decoding: line[valueStart...], as: UTF8.self)
        case Array("id".utf8):
            lastID = String(decoding: line[valueStart...], as: UTF8.self)
        default:
            break  // `retry` and unknown fields do not concern a one-shot request
        }
    }
}
