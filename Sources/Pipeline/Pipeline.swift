import Foundation

/// An ordered list of stages that every item runs through; an item stops at the first stage
/// that throws, with an error naming that stage.
///
/// ## Compose your own pipeline
///
/// ```swift
/// import Pipeline
///
/// let pipeline = Pipeline([
///     .decode(),
///     .validateTransparency(.required),
///     .reencode(.webp(WebPOptions(quality: 80))),
///     .thumbnail(256),
///     .write(into: URL(fileURLWithPath: "out")),
/// ])
///
/// let inputs = try FileManager.default.contentsOfDirectory(
///     at: URL(fileURLWithPath: "in"), includingPropertiesForKeys: nil)
/// for try await outcome in pipeline.outcomes(for: FileItems(urls: inputs)) {
///     switch outcome.result {
///     case .success(let item): print("wrote", item.files.map(\.path))
///     case .failure(let failure): print(failure)
///     }
/// }
/// ```
///
/// With conditions, build the list one stage per line (full type names, since a line
/// starting with `.` would continue the line before):
///
/// ```swift
/// let pipeline = Pipeline {
///     Stages.Decode()
///     if wantsThumbnails { Stages.Thumbnail(ResizeOptions(width: 256, height: 256)) }
///     Stages.Write(into: output)
/// }
/// ```
///
/// A custom stage is any type conforming to ``ItemProcessing``, or a closure given an id:
/// `.custom("stamp") { item, _ in ... }`.
public struct Pipeline: Sendable, CustomStringConvertible {
    /// The stages, in the order they run.
    public var stages: [any ItemProcessing]

    /// A pipeline from a list of stages.
    public init(_ stages: [any ItemProcessing]) {
        self.stages = stages
    }

    /// A pipeline from stages listed one per line.
    public init(@PipelineBuilder _ stages: () -> [any ItemProcessing]) {
        self.stages = stages()
    }

    /// `decode → thumbnail(256x256 inside) → write`.
    public var description: String {
        stages.isEmpty ? "(no stages)" : stages.map(\.description).joined(separator: " → ")
    }

    /// Runs one item through every stage, recording each stage's time in ``PipelineItem/timings``.
    ///
    /// Never throws: a failing stage gives a ``PipelineFailure`` holding the item as it was
    /// before that stage.
    public func process(_ item: PipelineItem, index: Int = 0) async -> PipelineOutcome {
        var current = item
        let clock = ContinuousClock()
        for (stageIndex, stage) in stages.enumerated() {
            let context = ProcessingContext(itemIndex: index, stageIndex: stageIndex, stageDescription: stage.description)
            let start = clock.now
            do {
                try Task.checkCancellation()
                var next = try await stage.process(current, context: context)
                next.timings.append(StageTiming(stage: stage.description, seconds: (clock.now - start).seconds))
                current = next
            } catch {
                let failure = PipelineFailure(
                    stage: stage.description, stageIndex: stageIndex, error: error, item: current)
                return PipelineOutcome(index: index, result: .failure(failure))
            }
        }
        return PipelineOutcome(index: index, result: .success(current))
    }
}

/// Builds the stage list of a ``Pipeline`` from one stage per line, with `if` and `for`.
@resultBuilder
public enum PipelineBuilder {
    /// One stage is a list of one.
    public static func buildExpression(_ stage: any ItemProcessing) -> [any ItemProcessing] { [stage] }
    /// A list of stages (from a helper function, say) is spliced in.
    public static func buildExpression(_ stages: [any ItemProcessing]) -> [any ItemProcessing] { stages }
    /// The lines of the block, in order.
    public static func buildBlock(_ parts: [any ItemProcessing]...) -> [any ItemProcessing] { parts.flatMap { $0 } }
    /// An `if` without `else` adds its stages only when true.
    public static func buildOptional(_ part: [any ItemProcessing]?) -> [any ItemProcessing] { part ?? [] }
    /// The branch taken.
    public static func buildEither(first part: [any ItemProcessing]) -> [any ItemProcessing] { part }
    /// The branch taken.
    public static func buildEither(second part: [any ItemProcessing]) -> [any ItemProcessing] { part }
    /// One list from the stages of every pass of a `for` loop.
    public static func buildArray(_ parts: [[any ItemProcessing]]) -> [any ItemProcessing] { parts.flatMap { $0 } }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
