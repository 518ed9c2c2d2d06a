/// Tokens and cost the caller knows for an item (from the API's usage report), recorded in the manifest.
public struct ItemUsage: Sendable, Hashable, Codable {
    /// Input tokens (text and image) billed for the item, when known.
    public var inputTokens: Int?
    /// Output (image) tokens billed for the item, when known.
    public var outputTokens: Int?
    /// Total tokens billed for the item, when known.
    public var totalTokens: Int?
    /// Estimated cost in US dollars, when known.
    public var costUSD: Double?

    /// Usage from its parts; every part defaults to unknown.
    public init(inputTokens: Int? = nil, outputTokens: Int? = nil, totalTokens: Int? = nil, costUSD: Double? = nil) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens
        self.costUSD = costUSD
    }
}
