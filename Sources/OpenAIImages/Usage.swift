/// Tokens a request used (GPT image models), as the API reports them. Add them up with `+`.
///
/// ```swift
/// let total = results.compactMap(\.usage).reduce(Usage.zero, +)
/// ```
public struct Usage: Sendable, Hashable, Codable {
    /// Input tokens: text and images.
    public var inputTokens: Int
    /// Output tokens (the drawn images).
    public var outputTokens: Int
    /// All tokens, as the API counts them.
    public var totalTokens: Int
    /// The text part of the input tokens (the prompt).
    public var inputTextTokens: Int
    /// The image part of the input tokens (edits' input images).
    public var inputImageTokens: Int
    /// The image part of the output tokens, when the API details it.
    public var outputImageTokens: Int?
    /// The text part of the output tokens, when the API details it.
    public var outputTextTokens: Int?

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        inputTokens: Int, outputTokens: Int, totalTokens: Int? = nil, inputTextTokens: Int = 0, inputImageTokens: Int = 0,
        outputImageTokens: Int? = nil, outputTextTokens: Int? = nil
    ) {
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.totalTokens = totalTokens ?? inputTokens + outputTokens
        self.inputTextTokens = inputTextTokens
        self.inputImageTokens = inputImageTokens
        self.outputImageTokens = outputImageTokens
        self.outputTextTokens = outputTextTokens
    }

    /// No tokens.
    public static let zero = Usage(inputTokens: 0, outputTokens: 0)

    /// The sum of two usages, detail by detail.
    public static func + (lhs: Usage, rhs: Usage) -> Usage {
        func add(_ a: Int?, _ b: Int?) -> Int? { a == nil && b == nil ? nil : (a ?? 0) + (b ?? 0) }
        return Usage(
            inputTokens: lhs.inputTokens + rhs.inputTokens, outputTokens: lhs.outputTokens + rhs.outputTokens,
            totalTokens: lhs.totalTokens + rhs.totalTokens, inputTextTokens: lhs.inputTextTokens + rhs.inputTextTokens,
            inputImageTokens: lhs.inputImageTokens + rhs.inputImageTokens,
            outputImageTokens: add(lhs.outputImageTokens, rhs.outputImageTokens),
            outputTextTokens: add(lhs.outputTextTokens, rhs.outputTextTokens))
    }

    private enum CodingKeys: String, CodingKey {
        case inputTokens = "input_tokens", outputTokens = "output_tokens", totalTokens = "total_tokens"
        case inputDetails = "input_tokens_details", outputDetails = "output_tokens_details"
    }

    private enum DetailKeys: String, CodingKey {
        case textTokens = "text_tokens", imageTokens = "image_tokens"
    }

    /// Decodes the API's `usage` object, details included.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        inputTokens = try container.decodeIfPresent(Int.self, forKey: .inputTokens) ?? 0
        outputTokens = try container.decodeIfPresent(Int.self, forKey: .outputTokens) ?? 0
        totalTokens = try container.decodeIfPresent(Int.self, forKey: .totalTokens) ?? inputTokens + outputTokens
        if container.contains(.inputDetails), try !container.decodeNil(forKey: .inputDetails) {
            let details = try container.nestedContainer(keyedBy: DetailKeys.self, forKey: .inputDetails)
            inputTextTokens = try details.decodeIfPresent(Int.self, forKey: .textTokens) ?? 0
            inputImageTokens = try details.decodeIfPresent(Int.self, forKey: .imageTokens) ?? 0
        } else {
            inputTextTokens = 0
            inputImageTokens = 0
        }
        if container.contains(.outputDetails), try !container.decodeNil(forKey: .outputDetails) {
            let details = try container.nestedContainer(keyedBy: DetailKeys.self, forKey: .outputDetails)
            outputImageTokens = try details.decodeIfPresent(Int.self, forKey: .imageTokens)
            outputTextTokens = try details.decodeIfPresent(Int.self, forKey: .textTokens)
        } else {
            outputImageTokens = nil
            outputTextTokens = nil
        }
    }

    /// Encodes in the API's own shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(inputTokens, forKey: .inputTokens)
        try container.encode(outputTokens, forKey: .outputTokens)
        try container.encode(totalTokens, forKey: .totalTokens)
        var input = container.nestedContainer(keyedBy: DetailKeys.self, forKey: .inputDetails)
        try input.encode(inputTextTokens, forKey: .textTokens)
        try input.encode(inputImageTokens, forKey: .imageTokens)
        if outputImageTokens != nil || outputTextTokens != nil {
            var output = container.nestedContainer(keyedBy: DetailKeys.self, forKey: .outputDetails)
            try output.encodeIfPresent(outputImageTokens, forKey: .imageTokens)
            try output.encodeIfPresent(outputTextTokens, forKey: .textTokens)
        }
    }
}
