import Foundation

/// The outcome of one request of a batch: its prompt and number, the images or the error, and when it ran.
public struct BatchResult: Sendable {
    /// The position of the request in the batch, from 0.
    public var index: Int
    /// The request as sent.
    public var request: GenerationRequest
    /// The response, or why it failed (``RequestValidationError``, ``ImagesAPIError`` or `CancellationError`).
    public var outcome: Result<ImagesResponse, any Error>
    /// When it was queued, started and finished.
    public var timing: BatchTiming

    /// Creates one from its parts; what is left unset stays unset.
    public init(index: Int, request: GenerationRequest, outcome: Result<ImagesResponse, any Error>, timing: BatchTiming) {
        self.index = index
        self.request = request
        self.outcome = outcome
        self.timing = timing
    }

    /// The prompt.
    public var prompt: String { request.prompt }
    /// The images, empty when it failed.
    public var images: [GeneratedImage] { (try? outcome.get())?.images ?? [] }
    /// The tokens used, when it succeeded and the API said.
    public var usage: Usage? { (try? outcome.get())?.usage }
    /// The response, when it succeeded.
    public var response: ImagesResponse? { try? outcome.get() }
    /// The error, when it failed.
    public var error: (any Error)? {
        if case .failure(let error) = outcome { return error }
        return nil
    }
}
