import Codecs
import Foundation

/// Checks a mask against the image it is for, the way the edits endpoint will judge it:
/// same size, an alpha channel, and some — but not all — of the area marked for editing.
///
/// ```swift
/// let report = try MaskCheck.check(maskData: maskPNG, against: ImageSize(width: 1024, height: 1024))
/// if !report.isUsable { print(report) }
/// ```
public enum MaskCheck {
    /// Checks decoded mask pixels. `fileHasAlphaChannel` says whether the file they came from had one.
    public static func check(_ mask: PixelBuffer, against imageSize: ImageSize, fileHasAlphaChannel: Bool = true) -> MaskReport {
        var transparent = 0
        var partial = 0
        var i = 3
        let pixels = mask.pixels
        while i < pixels.count {
            let alpha = pixels[i]
            if alpha == 0 {
                transparent += 1
            } else if alpha != 255 {
                partial += 1
            }
            i += 4
        }
        let maskSize = ImageSize(width: mask.width, height: mask.height)
        var problems = [MaskProblem]()
        if maskSize != imageSize { problems.append(.sizeMismatch(mask: maskSize, image: imageSize)) }
        if !fileHasAlphaChannel { problems.append(.noAlphaChannel) }
        if transparent + partial == 0 && fileHasAlphaChannel { problems.append(.nothingToEdit) }
        if transparent == mask.pixelCount { problems.append(.everythingToEdit) }
        return MaskReport(
            maskSize: maskSize, imageSize: imageSize, hasAlphaChannel: fileHasAlphaChannel,
            transparentPixels: transparent, partiallyTransparentPixels: partial, totalPixels: mask.pixelCount,
            problems: problems)
    }

    /// Decodes an encoded mask (PNG, as the API wants, or any format Codecs reads) and checks it.
    ///
    /// - Throws: ``StageError/decodingFailed(_:)`` when the bytes are not a decodable image.
    public static func check(maskData: Data, against imageSize: ImageSize) throws(StageError) -> MaskReport {
        let decoded: DecodedImage
        do {
            decoded = try ImageDecoder.decode(maskData)
        } catch {
            throw .decodingFailed(error)
        }
        var report = check(decoded.pixels, against: imageSize, fileHasAlphaChannel: decoded.info.hasAlphaChannel)
        if decoded.info.format != .png { report.problems.append(.notPNG(decoded.info.format)) }
        return report
    }
}

/// What ``MaskCheck`` found.
public struct MaskReport: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The mask's size.
    public var maskSize: ImageSize
    /// The size of the image it is for.
    public var imageSize: ImageSize
    /// Whether the mask file has an alpha channel.
    public var hasAlphaChannel: Bool
    /// Pixels with alpha 0: edited.
    public var transparentPixels: Int
    /// Pixels with alpha strictly between 0 and 255.
    public var partiallyTransparentPixels: Int
    /// All pixels of the mask.
    public var totalPixels: Int
    /// Everything that keeps the mask from being usable; empty when it is.
    public var problems: [MaskProblem]

    /// Whether the edits endpoint can use the mask with the image.
    public var isUsable: Bool { problems.isEmpty }

    /// The share of pixels marked for editing (alpha below 255), 0...1.
    public var editFraction: Double {
        totalPixels == 0 ? 0 : Double(transparentPixels + partiallyTransparentPixels) / Double(totalPixels)
    }

    /// One sentence per finding.
    public var description: String {
        let area = "The mask is \(maskSize) and marks \(StageError.percent(transparentPixels + partiallyTransparentPixels, of: totalPixels)) of its pixels for editing."
        return problems.isEmpty ? area + " It is usable." : ([area] + problems.map(\.description)).joined(separator: " ")
    }
}

/// One reason a mask cannot be used with its image.
public enum MaskProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The mask and the image differ in size.
    case sizeMismatch(mask: ImageSize, image: ImageSize)
    /// The mask file has no alpha channel, so it marks nothing.
    case noAlphaChannel
    /// Every pixel is opaque: nothing would be edited.
    case nothingToEdit
    /// Every pixel is transparent: the whole image would be redrawn; no mask is needed for that.
    case everythingToEdit
    /// The edits endpoint takes PNG masks only.
    case notPNG(ImageFormat)

    /// A full sentence saying what is wrong and what to do.
    public var description: String {
        switch self {
        case .sizeMismatch(let mask, let image):
            "The mask is \(mask) but the image is \(image); fit the mask to the image's size."
        case .noAlphaChannel:
            "The mask has no alpha channel; build it with an alpha channel (alpha 0 marks the area to edit)."
        case .nothingToEdit:
            "Every pixel of the mask is opaque, so nothing would be edited; mark the area to edit with alpha 0."
        case .everythingToEdit:
            "Every pixel of the mask is transparent, so the whole image would be redrawn; mark some area to keep."
        case .notPNG(let format):
            "The mask is a \(format.rawValue.uppercased()) file; the edits endpoint takes PNG masks only."
        }
    }
}
