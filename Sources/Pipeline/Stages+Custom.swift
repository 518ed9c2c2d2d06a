extension Stages {
    /// A stage made from a closure. Closures cannot be compared, so it is given an id that
    /// stands for what it does: two custom stages are equal when their ids are.
    ///
    /// ```swift
    /// let stamp = Stages.Custom("stamp-prompt") { item, _ in
    ///     var item = item
    ///     item.warnings.append("reviewed")
    ///     return item
    /// }
    /// ```
    public struct Custom: ItemProcessing {
        /// The stage's identifier, used in descriptions, errors and equality.
        public let id: String
        private let body: @Sendable (PipelineItem, ProcessingContext) async throws -> PipelineItem

        /// A stage running `body`, identified by `id`.
        public init(_ id: String, _ body: @escaping @Sendable (PipelineItem, ProcessingContext) async throws -> PipelineItem) {
            self.id = id
            self.body = body
        }

        /// Runs the closure.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            try await body(item, context)
        }

        /// The id.
        public var description: String { id }

        /// Custom stages are equal when their ids are.
        public static func == (lhs: Custom, rhs: Custom) -> Bool { lhs.id == rhs.id }
        /// Hashes the id.
        public func hash(into hasher: inout Hasher) { hasher.combine(id) }
    }
}
