import Codecs

/// Turns a drawing or an image's alpha into the mask the Images API's edits endpoint wants:
/// RGBA, alpha 0 where the image is to be edited and 255 where it is kept. Every mask pixel
/// is white; only alpha carries the mask.
///
/// ```swift
/// // Black strokes on white paper mark what to repaint:
/// let mask = try MaskBuilder.build(from: drawing, options: MaskOptions(fittingTo: ImageSize(width: 1024, height: 1024)))
/// let png = try ImageEncoder.encode(mask, as: .png(PNGOptions(dropsOpaqueAlpha: false)))
/// ```
public enum MaskBuilder {
    /// The PNG options a mask is written with: the alpha channel is always kept.
    public static let encoding = EncodingOptions.png(PNGOptions(dropsOpaqueAlpha: false))

    /// Builds a mask from `image`.
    ///
    /// For the luminance sources, a pixel's luminance is `(77 R + 150 G + 29 B + 128) >> 8`
    /// (Rec. 601 weights; exact for grays) after compositing it over white, so transparent
    /// parts of a drawing count as paper.
    ///
    /// - Throws: ``StageError/invalidOption(name:value:allowed:)`` when the target size has a side below 1.
    public static func build(from image: PixelBuffer, options: MaskOptions = MaskOptions()) throws(StageError) -> PixelBuffer {
        if let size = options.size, size.width < 1 || size.height < 1 {
            throw .invalidOption(name: "mask size", value: size.description, allowed: "at least 1x1")
        }
        var mask = PixelBuffer(width: image.width, height: image.height, filledWith: RGBA(r: 255, g: 255, b: 255, a: 0))
        let source = image.pixels
        var i = 0
        while i < source.count {
            let alpha: UInt8
            switch options.source {
            case .alpha:
                alpha = source[i + 3]
            case .luminance(let threshold):
                alpha = luminanceOverWhite(source, at: i) < threshold ? 0 : 255
            case .softLuminance:
                alpha = luminanceOverWhite(source, at: i)
            }
            mask.pixels[i + 3] = options.inverted ? 255 - alpha : alpha
            i += 4
        }
        guard let size = options.size, size.width != image.width || size.height != image.height else { return mask }
        var fitted = ImageResizer.resample(mask, width: size.width, height: size.height, filter: .area)
        let isHard: Bool
        if case .luminance = options.source { isHard = true } else { isHard = false }
        var j = 0
        while j < fitted.pixels.count {
            // Resampling in premultiplied alpha zeroes the colour of transparent pixels; masks are white throughout.
            fitted.pixels[j] = 255
            fitted.pixels[j + 1] = 255
            fitted.pixels[j + 2] = 255
            if isHard { fitted.pixels[j + 3] = fitted.pixels[j + 3] < 128 ? 0 : 255 }
            j += 4
        }
        return fitted
    }

    /// Rec. 601 luminance of the pixel at byte offset `i`, composited over white.
    static func luminanceOverWhite(_ pixels: [UInt8], at i: Int) -> UInt8 {
        let luminance = (77 * Int(pixels[i]) + 150 * Int(pixels[i + 1]) + 29 * Int(pixels[i + 2]) + 128) >> 8
        let alpha = Int(pixels[i + 3])
        if alpha == 255 { return UInt8(luminance) }
        return UInt8((luminance * alpha + 255 * (255 - alpha) + 127) / 255)
    }
}
