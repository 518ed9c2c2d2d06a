// Temporary: the runs are wired once the client and pipeline modules land.
struct GenerationRun {
    enum Kind { case generation, edit(EditInputs) }
    var plan: BatchPlan
    var kind: Kind
    var batch: BatchOptions
    var output: OutputOptions
    var thumbnails: ThumbnailOptions
    var postProcessing: PostProcessingOptions
    func execute() async throws {}
}
struct MaskRun { var command: MaskCommand; func execute() async throws {} }
struct ProcessRun { var command: ProcessCommand; func execute() async throws {} }
