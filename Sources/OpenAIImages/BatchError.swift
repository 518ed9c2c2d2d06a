/// Why a batch cannot run.
public enum BatchError: Error, Sendable, Hashable, CustomStringConvertible {
    case empty
    case tooManyRequests(Int)
    case invalidWorkers(Int)
    case invalidPace(Int)

    /// A full sentence saying what happened and what to do; never carries a secret.
    public var description: String {
        switch self {
        case .empty: "A batch needs at least one prompt."
        case .tooManyRequests(let count): "A batch takes at most \(ImageBatch.maxRequests) prompts (got \(count)); split it."
        case .invalidWorkers(let workers): "workers must be 1–20 (got \(workers))."
        case .invalidPace(let pace): "The images-per-minute pace must be at least 1 (got \(pace))."
        }
    }
}
