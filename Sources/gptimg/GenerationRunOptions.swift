import Codecs

/// The flags of `generate` and `edit` that shape a run, gathered as plain values.
struct GenerationRunOptions: Sendable {
    var workers: Int
    var imagesPerMinute: Int?
    var maxCost: Double?
    var dryRun: Bool
    var overwrite: Bool
    var resume: Bool
    var json: Bool
    var thumbnailEdge: Int?
    var thumbnailFormat: ImageFormat?
    var strict: Bool
    var contactSheet: Bool

    init(batch: BatchOptions, output: OutputOptions, thumbnails: ThumbnailOptions, postProcessing: PostProcessingOptions) throws {
        workers = batch.workers
        imagesPerMinute = batch.ipm
        maxCost = batch.maxCost
        dryRun = batch.dryRun
        overwrite = output.overwrite
        resume = output.resume
        json = output.json
        thumbnailEdge = thumbnails.thumbnail
        thumbnailFormat = try thumbnails.format
        strict = postProcessing.strict
        contactSheet = postProcessing.contactSheet
    }
}
