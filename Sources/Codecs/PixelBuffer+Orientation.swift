extension PixelBuffer {
    /// The pixels as they are meant to be shown, given an EXIF orientation (1–8).
    ///
    /// Orientations 5–8 swap width and height. 1 and values outside 1–8 return the buffer unchanged.
    ///
    /// ```swift
    /// let upright = image.pixels.applyingEXIFOrientation(image.info.orientation ?? 1)
    /// ```
    public func applyingEXIFOrientation(_ orientation: Int) -> PixelBuffer {
        guard (2...8).contains(orientation) else { return self }
        let swapsSides = orientation >= 5
        let outputWidth = swapsSides ? height : width
        let outputHeight = swapsSides ? width : height
        let sourceWidth = width
        let sourceHeight = height
        // Where output pixel (x, y) comes from in the stored image.
        let source: (Int, Int) -> (Int, Int) =
            switch orientation {
            case 2: { x, y in (sourceWidth - 1 - x, y) }
            case 3: { x, y in (sourceWidth - 1 - x, sourceHeight - 1 - y) }
            case 4: { x, y in (x, sourceHeight - 1 - y) }
            case 5: { x, y in (y, x) }
            case 6: { x, y in (y, sourceHeight - 1 - x) }
            case 7: { x, y in (sourceWidth - 1 - y, sourceHeight - 1 - x) }
            default: { x, y in (sourceWidth - 1 - y, x) }
            }
        var output = [UInt8](repeating: 0, count: pixels.count)
        pixels.withUnsafeBytes { input in
            let inputPixels = input.bindMemory(to: UInt32.self)
            output.withUnsafeMutableBytes { out in
                let outputPixels = out.bindMemory(to: UInt32.self)
                for y in 0..<outputHeight {
                    for x in 0..<outputWidth {
                        let (sx, sy) = source(x, y)
                        outputPixels[y * outputWidth + x] = inputPixels[sy * sourceWidth + sx]
                    }
                }
            }
        }
        var turned = PixelBuffer(validatedWidth: outputWidth, height: outputHeight, pixels: output)
        turned.isKnownOpaque = isKnownOpaque  // the same pixels, moved
        return turned
    }
}
