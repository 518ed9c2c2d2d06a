import Codecs

extension PixelBuffer {
    /// The image composited over an opaque `background` colour: every pixel becomes opaque,
    /// transparent ones take the background's colour, half-transparent ones a blend.
    ///
    /// JPEG has no alpha channel; flattening first decides what transparent areas look
    /// like instead of leaving it to whatever colour hides under alpha 0 (often black).
    ///
    /// ```swift
    /// let opaque = image.flattened(onto: .white)
    /// ```
    public func flattened(onto background: RGBA = .white) -> PixelBuffer {
        guard hasTransparency else { return self }
        var result = self
        let backgroundChannels = [Int(background.r), Int(background.g), Int(background.b)]
        var i = 0
        let count = pixels.count
        while i < count {
            let alpha = Int(pixels[i + 3])
            if alpha != 255 {
                let inverse = 255 - alpha
                for channel in 0..<3 {
                    let value = Int(pixels[i + channel]) * alpha + backgroundChannels[channel] * inverse
                    result.pixels[i + channel] = UInt8((value + 127) / 255)
                }
                result.pixels[i + 3] = 255
            }
            i += 4
        }
        return result
    }
}
