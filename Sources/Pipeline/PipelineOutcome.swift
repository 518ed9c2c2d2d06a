/// What became of one item: the finished item, or where and why it stopped.
public struct PipelineOutcome: Sendable {
    /// The item's position in the input sequence, from 0.
    public var index: Int
    /// The finished item, or the failure.
    public var result: Result<PipelineItem, PipelineFailure>

    /// An outcome from its parts.
    public init(index: Int, result: Result<PipelineItem, PipelineFailure>) {
        self.index = index
        self.result = result
    }

    /// The finished item, or `nil` when it failed.
    public var item: PipelineItem? {
        if case .success(let item) = result { return item }
        return nil
    }

    /// The failure, or `nil` when the item went through.
    public var failure: PipelineFailure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }
}

/// An item that stopped at a stage: which stage, why, and the item as it was before that stage.
public struct PipelineFailure: Error, Sendable, CustomStringConvertible {
    /// The description of the stage that threw.
    public var stage: String
    /// Its position in the pipeline, from 0.
    public var stageIndex: Int
    /// What the stage threw.
    public var error: any Error
    /// The item as the failing stage received it (earlier stages' work included).
    public var item: PipelineItem

    /// A failure from its parts.
    public init(stage: String, stageIndex: Int, error: any Error, item: PipelineItem) {
        self.stage = stage
        self.stageIndex = stageIndex
        self.error = error
        self.item = item
    }

    /// The same failure as a ``PipelineError``.
    public var pipelineError: PipelineError {
        .stageFailed(stage: stage, item: item.origin.description, underlying: error)
    }

    /// `Stage write(...) failed for in/cat.png: ...`
    public var description: String { pipelineError.description }
}
