import Foundation

/// Items from an ordinary sequence as an async sequence, so a ``Pipeline`` can run over them.
/// Lazy sequences stay lazy: each item is made only when the pipeline pulls it.
///
/// ```swift
/// for try await outcome in pipeline.outcomes(for: ItemSequence(items)) { ... }
/// ```
public struct ItemSequence<Base: Sequence>: AsyncSequence where Base.Element == PipelineItem {
    /// Always ``PipelineItem``.
    public typealias Element = PipelineItem

    /// The wrapped sequence.
    public var base: Base

    /// Wraps `base`.
    public init(_ base: Base) {
        self.base = base
    }

    /// An iterator over the wrapped sequence.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeIterator())
    }

    /// Pulls from the wrapped sequence's iterator.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var base: Base.Iterator

        /// The next item of the wrapped sequence.
        public mutating func next() async -> PipelineItem? { base.next() }
    }
}

extension ItemSequence: Sendable where Base: Sendable {}

/// Items read from files one at a time, only when the pipeline pulls them, so a folder of
/// any size is processed with flat memory.
///
/// ```swift
/// let files = FileItems(urls: inputs, outputFolder: URL(fileURLWithPath: "out"))
/// for try await outcome in pipeline.outcomes(for: files) { ... }
/// ```
public struct FileItems: AsyncSequence, Sendable {
    /// Always ``PipelineItem``.
    public typealias Element = PipelineItem

    /// The files, in the order they are read.
    public var urls: [URL]
    /// The output folder set on every item.
    public var outputFolder: URL?

    /// Items for `urls`, each written into `outputFolder` unless the write stage names one.
    public init(urls: [URL], outputFolder: URL? = nil) {
        self.urls = urls
        self.outputFolder = outputFolder
    }

    /// An iterator reading the files in order.
    public func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(urls: urls, outputFolder: outputFolder)
    }

    /// Reads the next file when asked.
    public struct AsyncIterator: AsyncIteratorProtocol {
        var urls: [URL]
        var outputFolder: URL?
        var position = 0

        /// The next file's item. An unreadable file gives an item with no bytes and the
        /// read error recorded as a warning, so it fails at decoding without stopping the others.
        public mutating func next() async throws -> PipelineItem? {
            guard position < urls.count else { return nil }
            let url = urls[position]
            position += 1
            do {
                return try PipelineItem(contentsOf: url, outputFolder: outputFolder)
            } catch {
                var item = PipelineItem(
                    data: Data(), origin: .file(path: url.path), outputName: url.deletingPathExtension().lastPathComponent,
                    outputFolder: outputFolder)
                item.warnings.append("The file \(url.path) could not be read: \(error.localizedDescription)")
                return item
            }
        }
    }
}
