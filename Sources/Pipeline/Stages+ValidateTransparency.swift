import Codecs

/// Whether an image must have transparent pixels or must have none.
public enum TransparencyRequirement: String, Sendable, Hashable, Codable {
    /// Some pixel has alpha below 255: what `background=transparent` promises.
    case required
    /// Every pixel is opaque.
    case forbidden
}

extension Stages {
    /// Checks the image's transparency and records the fraction of transparent pixels
    /// (alpha below 255). Decodes the item when it is not decoded yet.
    public struct ValidateTransparency: ItemProcessing {
        /// What is expected.
        public var requirement: TransparencyRequirement
        /// Stop the item, or record a warning and go on.
        public var policy: ValidationPolicy

        /// A transparency check.
        public init(_ requirement: TransparencyRequirement, policy: ValidationPolicy = .fail) {
            self.requirement = requirement
            self.policy = policy
        }

        /// Records the check; throws under the fail policy when it does not pass.
        public func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
            var item = item
            let image = try item.decodedImage()
            let transparent = image.transparentPixelCount()
            let total = image.pixelCount
            let share = StageError.percent(transparent, of: total)
            let passed: Bool
            let failure: StageError?
            switch requirement {
            case .required:
                passed = transparent > 0
                failure = passed ? nil : .transparencyMissing
            case .forbidden:
                passed = transparent == 0
                failure = passed ? nil : .transparencyPresent(transparentPixels: transparent, totalPixels: total)
            }
            let detail = failure?.description ?? "\(transparent) of \(total) pixels (\(share)) are transparent."
            item.validations.append(ValidationResult(check: "transparency", passed: passed, detail: detail))
            if let failure {
                if policy == .fail { throw failure }
                item.warnings.append(detail)
            }
            return item
        }

        /// `validateTransparency(required, warn)`.
        public var description: String { "validateTransparency(\(requirement.rawValue), \(policy.rawValue))" }
    }
}
