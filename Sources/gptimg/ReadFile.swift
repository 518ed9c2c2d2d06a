import Foundation
import Pipeline

/// Reads an item's bytes from the file it came from, so a folder of large images is never
/// held in memory at once.
struct ReadFile: ItemProcessing {
    func process(_ item: PipelineItem, context: ProcessingContext) async throws -> PipelineItem {
        guard case .file(let path) = item.origin else { return item }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw InputFileError.unreadable(path: path, reason: (error as NSError).localizedDescription)
        }
        var read = PipelineItem(data: data, origin: item.origin, outputName: item.outputName, outputFolder: item.outputFolder)
        read.timings = item.timings
        return read
    }

    var description: String { "read" }
}
