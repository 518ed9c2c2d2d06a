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
    public static func build(from image: consuming PixelBuffer, options: MaskOptions = MaskOptions()) throws(StageError) -> PixelBuffer {
        if let size = options.size, size.width < 1 || size.height < 1 {
            throw .invalidOption(name: "mask size", value: size.description, allowed: "at least 1x1")
        }
        // Each pixel becomes white with its mask alpha, in place: when the caller hands over the
        // only reference to the pixels (as the mask stage does) no second buffer is allocated;
        // otherwise copy-on-write makes the one copy. Spans write without per-byte
        // copy-on-write checks, and the source and inversion are decided once, not per pixel.
        let width = image.width, height = image.height
        var bytes = (consume image).pixels
        let flip: UInt8 = options.inverted ? 255 : 0
        do {
            var pixels = bytes.mutableSpan
            var i = 0
            switch options.source {
            case .alpha:
                while i < pixels.count {
                    let alpha = pixels[i + 3] ^ flip
                    pixels[i] = 255; pixels[i + 1] = 255; pixels[i + 2] = 255; pixels[i + 3] = alpha
                    i += 4
                }
            case .luminance(let threshold):
                while i < pixels.count {
                    let luminance = luminanceOverWhite(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3])
                    pixels[i] = 255; pixels[i + 1] = 255; pixels[i + 2] = 255
                    pixels[i + 3] = (luminance < threshold ? 0 : 255) ^ flip
                    i += 4
                }
            case .softLuminance:
                while i < pixels.count {
                    let alpha = luminanceOverWhite(pixels[i], pixels[i + 1], pixels[i + 2], pixels[i + 3]) ^ flip
                    pixels[i] = 255; pixels[i + 1] = 255; pixels[i + 2] = 255; pixels[i + 3] = alpha
                    i += 4
                }
            }
        }
        // Same size as the image, so the byte count matches by construction.
        let mask = try! PixelBuffer(width: width, height: height, pixels: bytes)
        guard let size = options.size, size.width != width || size.height != height else { return mask }
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

    /// Rec. 601 luminance of a pixel, composited over white.
    @inline(__always)
    static func luminanceOverWhite(_ red: UInt8, _ green: UInt8, _ blue: UInt8, _ alpha: UInt8) -> UInt8 {
        let luminance = (77 &* Int(red) &+ 150 &* Int(green) &+ 29 &* Int(blue) &+ 128) &>> 8
        if alpha == 255 { return UInt8(truncatingIfNeeded: luminance) }
        let opacity = Int(alpha)
        return UInt8(truncatingIfNeeded: (luminance &* opacity &+ 255 &* (255 &- opacity) &+ 127) / 255)
    }
}
