/// Something that processes a ``PipelineItem``: one stage of a ``Pipeline``.
///
/// A custom stage is one conformance away:
///
/// ```swift
/// struct Grayscale: ItemProcessing {
///     func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
///         var item = item
///         var pixels = try item.decodedImage()
///         // ... change pixels ...
///         item.replaceImage(with: pixels)
///         return item
///     }
/// }
/// let pipeline = Pipeline([.decode(), Grayscale(), .write()])
/// ```
///
/// Stages are values: `Sendable`, `Hashable`, with a readable ``description`` used in
/// errors, timings and logs, and an ``identifier`` that is stable across runs.
public protocol ItemProcessing: Sendable, Hashable, CustomStringConvertible {
    /// Returns the item changed, or throws to stop it; the pipeline names the stage in the error.
    func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem

    /// A stable identifier naming the stage and its settings. Defaults to ``description``.
    var identifier: String { get }
}

extension ItemProcessing {
    /// The stage's description.
    public var identifier: String { description }

    /// The type's name with its settings, as Swift prints the value.
    public var description: String { String(describing: Self.self) }
}

/// What travels with each stage call besides the item, so stage signatures do not grow.
public struct ProcessingContext: Sendable, Hashable {
    /// The item's position in the input sequence, from 0.
    public var itemIndex: Int
    /// The stage's position in the pipeline, from 0.
    public var stageIndex: Int
    /// The description of the stage being run.
    public var stageDescription: String

    /// A context from its parts.
    public init(itemIndex: Int = 0, stageIndex: Int = 0, stageDescription: String = "") {
        self.itemIndex = itemIndex
        self.stageIndex = stageIndex
        self.stageDescription = stageDescription
    }
}
