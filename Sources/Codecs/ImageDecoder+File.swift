import Foundation

extension ImageDecoder {
    /// Decodes the image file at `url` (the format found from its bytes).
    ///
    /// The file is memory-mapped rather than copied, so a huge file costs address space, not RAM.
    ///
    /// ```swift
    /// let image = try ImageDecoder.decode(contentsOf: URL(fileURLWithPath: "logo.png"))
    /// ```
    ///
    /// - Throws: ``CodecError/unreadableFile(path:reason:)`` when the file cannot be read, and
    ///   the errors of ``decode(_:options:)``.
    public static func decode(contentsOf url: URL, options: DecodingOptions = DecodingOptions()) throws(CodecError) -> DecodedImage {
        try decode(readFile(url), options: options)
    }

    /// Reads the header of the image file at `url`: format, size, storage.
    public static func info(ofFileAt url: URL) throws(CodecError) -> ImageInfo {
        try info(of: readFile(url))
    }

    /// The bytes of a file, memory-mapped, or an ``CodecError/unreadableFile(path:reason:)``.
    public static func readFile(_ url: URL) throws(CodecError) -> Data {
        let path = url.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .unreadableFile(path: path, reason: "no such file")
        }
        guard !isDirectory.boolValue else { throw .unreadableFile(path: path, reason: "it is a folder, not a file") }
        do {
            return try Data(contentsOf: url, options: .mappedIfSafe)
        } catch {
            let reason =
                FileManager.default.isReadableFile(atPath: path)
                ? "the file could not be read (\(error.localizedDescription))"
                : "permission denied"
            throw .unreadableFile(path: path, reason: reason)
        }
    }
}
