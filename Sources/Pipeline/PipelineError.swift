import Codecs
import Foundation

/// Why an item stopped or a pipeline could not go on, naming the stage and the item.
public enum PipelineError: Error, Sendable, CustomStringConvertible {
    /// A stage threw while processing an item.
    case stageFailed(stage: String, item: String, underlying: any Error)
    /// The parallelism asked for is not a positive number.
    case invalidParallelism(Int)

    /// A full sentence naming the stage, the item and the cause.
    public var description: String {
        switch self {
        case .stageFailed(let stage, let item, let underlying):
            "Stage \(stage) failed for \(item): \(underlying)"
        case .invalidParallelism(let value):
            "Parallelism must be at least 1 (got \(value))."
        }
    }
}

/// What a built-in stage throws, with the context a user needs to act on it.
public enum StageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The item's bytes could not be decoded.
    case decodingFailed(CodecError)
    /// The item's pixels could not be encoded.
    case encodingFailed(CodecError)
    /// The image is not of an expected size.
    case dimensionMismatch(expected: [ImageSize], actual: ImageSize)
    /// Transparency was required and every pixel is opaque.
    case transparencyMissing
    /// Transparency was forbidden and some pixels are transparent.
    case transparencyPresent(transparentPixels: Int, totalPixels: Int)
    /// A mask could not be built: `reason` says why.
    case maskFailed(reason: String)
    /// A size, count or option given to a stage is out of its range.
    case invalidOption(name: String, value: String, allowed: String)
    /// Neither the write stage nor the item names a folder to write into.
    case noOutputFolder(item: String)
    /// The output folder does not exist and could not be made.
    case cannotCreateFolder(folder: String, reason: String)
    /// A file of that name exists and the policy is not to overwrite or rename.
    case fileExists(name: String, folder: String)
    /// Writing a file failed; nothing was left behind under its name.
    case writeFailed(name: String, folder: String, reason: String)
    /// Appending to the manifest failed.
    case manifestFailed(path: String, reason: String)
    /// An existing manifest could not be read.
    case manifestUnreadable(path: String, reason: String)

    /// A full sentence with what to do where it helps.
    public var description: String {
        switch self {
        case .decodingFailed(let error):
            "The image could not be decoded. \(error)"
        case .encodingFailed(let error):
            "The image could not be encoded. \(error)"
        case .dimensionMismatch(let expected, let actual):
            expected.count == 1
                ? "The image is \(actual), expected \(expected[0])."
                : "The image is \(actual), expected one of \(expected.map(\.description).joined(separator: ", "))."
        case .transparencyMissing:
            "Transparency was required but every pixel of the image is opaque."
        case .transparencyPresent(let transparent, let total):
            "Transparency was forbidden but \(transparent) of \(total) pixels "
                + "(\(Self.percent(transparent, of: total))) are transparent."
        case .maskFailed(let reason):
            "The mask could not be built: \(reason)."
        case .invalidOption(let name, let value, let allowed):
            "\(name) must be \(allowed) (got \(value))."
        case .noOutputFolder(let item):
            "No output folder was given for \(item): set one on the write stage or on the item."
        case .cannotCreateFolder(let folder, let reason):
            "The output folder \(folder) could not be created: \(reason)."
        case .fileExists(let name, let folder):
            "The file \(name) already exists in \(folder); choose another name or allow overwriting."
        case .writeFailed(let name, let folder, let reason):
            "Writing \(name) in \(folder) failed (nothing was left behind): \(reason)."
        case .manifestFailed(let path, let reason):
            "Could not append to the manifest \(path): \(reason)."
        case .manifestUnreadable(let path, let reason):
            "Could not read the manifest \(path): \(reason); move it aside to start afresh."
        }
    }

    static func percent(_ part: Int, of total: Int) -> String {
        guard total > 0 else { return "0%" }
        let value = Double(part) * 100 / Double(total)
        return String(format: "%.1f%%", value)
    }
}
