extension Stages {
    /// Appends the item's record to a manifest (see ``ManifestWriter``). Put it last, after
    /// the write stage, so the record lists the files. Failed items are not recorded by this
    /// stage, since they never reach it; the runner's caller records them with
    /// ``ManifestWriter/append(_:)-(PipelineFailure)``.
    public struct RecordManifest: ItemProcessing {
        /// The manifest appended to.
        public var writer: ManifestWriter

        /// A stage appending to `writer`.
        public init(_ writer: ManifestWriter) {
            self.writer = writer
        }

        /// Appends the item's record and returns the item unchanged.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            try await writer.append(item)
            return item
        }

        /// `recordManifest(out/manifest.jsonl)`.
        public var description: String { "recordManifest(\(writer.url.path))" }

        /// Stages appending to the same writer are equal.
        public static func == (lhs: RecordManifest, rhs: RecordManifest) -> Bool { lhs.writer === rhs.writer }
        /// Hashes the writer's identity.
        public func hash(into hasher: inout Hasher) { hasher.combine(ObjectIdentifier(writer)) }
    }
}
