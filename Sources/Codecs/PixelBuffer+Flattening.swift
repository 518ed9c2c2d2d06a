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
        let red = Int(background.r), green = Int(background.g), blue = Int(background.b)
        // One pass from the source into fresh storage: no copy-on-write copy first, no per-byte checks.
        let blended = [UInt8](unsafeUninitializedCapacity: pixels.count) { output, initializedCount in
            pixels.withUnsafeBufferPointer { input in
                var i = 0
                while i < input.count {
                    let alpha = Int(input[i &+ 3])
                    if alpha == 255 {
                        output[i] = input[i]
                        output[i &+ 1] = input[i &+ 1]
                        output[i &+ 2] = input[i &+ 2]
                    } else {
                        let inverse = 255 &- alpha
                        output[i] = UInt8(truncatingIfNeeded: (Int(input[i]) &* alpha &+ red &* inverse &+ 127) / 255)
                        output[i &+ 1] = UInt8(truncatingIfNeeded: (Int(input[i &+ 1]) &* alpha &+ green &* inverse &+ 127) / 255)
                        output[i &+ 2] = UInt8(truncatingIfNeeded: (Int(input[i &+ 2]) &* alpha &+ blue &* inverse &+ 127) / 255)
                    }
                    output[i &+ 3] = 255
                    i &+= 4
                }
            }
            initializedCount = pixels.count
        }
        var flat = PixelBuffer(validatedWidth: width, height: height, pixels: blended)
        flat.isKnownOpaque = true
        return flat
    }
}
