/// One server-sent event: its `event` name (default `message`), its `data` lines joined by
/// newlines, and its `id`.
public struct ServerSentEvent: Sendable, Hashable {
    /// The `event` field; `message` when the event names none.
    public var event: String
    /// The bytes.
    public var data: [UInt8]
    /// The last `id` field seen, when there was one.
    public var id: String?

    /// Creates one from its parts; what is left unset stays unset.
    public init(event: String = "message", data: [UInt8], id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }

    /// The data as text.
    public var text: String { String(decoding: data, as: UTF8.self) }
}
