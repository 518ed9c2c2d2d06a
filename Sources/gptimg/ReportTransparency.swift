import Codecs
import Foundation
import Pipeline

/// `--transparency warn`: records how much of the image is transparent, and warns when that
/// transparency is about to be flattened into a JPEG.
struct ReportTransparency: ItemProcessing {
    var outputFormat: ImageFormat?

    func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
        var item = item
        let image = try item.decodedImage()
        let transparent = image.transparentPixelCount()
        let share = Double(transparent) / Double(max(1, image.pixelCount)) * 100
        let detail =
            transparent == 0
            ? "No pixel is transparent."
            : "\(transparent) of \(image.pixelCount) pixels (\(String(format: "%.1f", share))%) are transparent."
        item.validations.append(ValidationResult(check: "transparency", passed: true, detail: detail))
        let target = outputFormat ?? item.format
        if transparent > 0, target == .jpeg {
            item.warnings.append(
                "\(String(format: "%.1f", share))% of the pixels are transparent and JPEG has none: they are flattened onto white.")
        }
        return item
    }

    var description: String { "reportTransparency" }
}
