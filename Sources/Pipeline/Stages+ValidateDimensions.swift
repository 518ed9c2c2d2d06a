import Codecs

extension Stages {
    /// Checks that the image is of an expected size, or of one of several (the API's `auto`
    /// size may return 1024x1024, 1536x1024 or 1024x1536).
    ///
    /// Reads the size from the file's header when the pixels have not been changed, so it
    /// needs no decode; after a resize it checks the resized pixels.
    public struct ValidateDimensions: ItemProcessing {
        /// The accepted sizes.
        public var expected: [ImageSize]
        /// Stop the item, or record a warning and go on.
        public var policy: ValidationPolicy

        /// A check against `expected` sizes (at least one).
        public init(_ expected: [ImageSize], policy: ValidationPolicy = .fail) {
            self.expected = expected
            self.policy = policy
        }

        /// Records the check; throws ``StageError/dimensionMismatch(expected:actual:)`` under the fail policy.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            let actual: ImageSize
            if item.imageIsNewerThanData, let image = item.image {
                actual = ImageSize(width: image.width, height: image.height)
            } else {
                let info = try item.imageInfo()
                actual = ImageSize(width: info.width, height: info.height)
            }
            let passed = expected.contains(actual)
            let detail =
                passed
                ? "The image is \(actual), as expected."
                : StageError.dimensionMismatch(expected: expected, actual: actual).description
            item.validations.append(ValidationResult(check: "dimensions", passed: passed, detail: detail))
            if !passed {
                if policy == .fail { throw StageError.dimensionMismatch(expected: expected, actual: actual) }
                item.warnings.append(detail)
            }
            return item
        }

        /// `validateDimensions(1024x1024|1536x1024, fail)`.
        public var description: String {
            "validateDimensions(\(expected.map(\.description).joined(separator: "|")), \(policy.rawValue))"
        }
    }
}
