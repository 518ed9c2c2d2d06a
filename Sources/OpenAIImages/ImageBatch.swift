/// Up to 20 generations to run together, each with its own prompt and `n`.
///
/// ```swift
/// let batch = try ImageBatch(prompts: ["A sunset", "A city at night"], template: GenerationRequest(prompt: "", quality: .low))
/// ```
public struct ImageBatch: Sendable, Hashable {
    /// The most requests in one batch.
    public static let maxRequests = 20

    /// The requests, in the order their results are numbered.
    public let requests: [GenerationRequest]

    /// A batch of these requests.
    ///
    /// - Throws: ``BatchError`` when there are none or more than 20.
    public init(requests: [GenerationRequest]) throws(BatchError) {
        guard !requests.isEmpty else { throw .empty }
        guard requests.count <= Self.maxRequests else { throw .tooManyRequests(requests.count) }
        self.requests = requests
    }

    /// One request per prompt, each a copy of `template` with its prompt replaced.
    public init(prompts: [String], template: GenerationRequest) throws(BatchError) {
        try self.init(requests: prompts.map { prompt in
            var request = template
            request.prompt = prompt
            return request
        })
    }

    /// The images the whole batch asks for.
    public var imageCount: Int { requests.reduce(0) { $0 + $1.imageCount } }
}
