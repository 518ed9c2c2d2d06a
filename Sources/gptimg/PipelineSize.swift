import Pipeline

/// The pipeline's width×height, named apart from the API client's `ImageSize` (`auto` or
/// `WxH`) so files that use both modules can say which they mean.
typealias PipelineSize = ImageSize
