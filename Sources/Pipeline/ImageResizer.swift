import Codecs
import Foundation

/// Resizes pixel buffers with a high-quality separable filter computed in premultiplied alpha,
/// so the hidden colour of fully transparent pixels never bleeds into the edges of what is visible.
///
/// ```swift
/// let thumbnail = try ImageResizer.resize(image, with: ResizeOptions(width: 256, height: 256))
/// let exact = ImageResizer.resample(image, width: 64, height: 64, filter: .area)
/// ```
public enum ImageResizer {
    /// Where the scaled image lands: the size it is resampled to, and the final canvas.
    public struct Geometry: Sendable, Hashable {
        /// The size the whole image is resampled to.
        public var scaled: ImageSize
        /// The size of the result.
        public var output: ImageSize
        /// Where the scaled image's top-left corner lands on the output (negative: cropped).
        public var offsetX: Int
        /// Where the scaled image's top-left corner lands on the output (negative: cropped).
        public var offsetY: Int
    }

    /// The sizes a resize of an image of `source` size with `options` produces, without touching pixels.
    ///
    /// - Throws: ``StageError/invalidOption(name:value:allowed:)`` when a box side is not positive.
    public static func geometry(for source: ImageSize, with options: ResizeOptions) throws(StageError) -> Geometry {
        guard options.width > 0, options.height > 0 else {
            throw .invalidOption(name: "resize box", value: "\(options.width)x\(options.height)", allowed: "at least 1x1")
        }
        let scaleX = Double(options.width) / Double(source.width)
        let scaleY = Double(options.height) / Double(source.height)
        let cap = options.allowsEnlargement ? Double.infinity : 1
        func side(_ length: Int, _ scale: Double) -> Int { max(1, Int((Double(length) * scale).rounded())) }

        switch options.fit {
        case .fill:
            let scaled = ImageSize(width: side(source.width, min(scaleX, cap)), height: side(source.height, min(scaleY, cap)))
            return Geometry(scaled: scaled, output: scaled, offsetX: 0, offsetY: 0)
        case .inside, .contain, .outside, .cover:
            let shrinkToFit = options.fit == .inside || options.fit == .contain
            let scale = min(shrinkToFit ? min(scaleX, scaleY) : max(scaleX, scaleY), cap)
            // The side that decided the scale lands exactly on the box, whatever the rounding.
            var scaled = ImageSize(width: side(source.width, scale), height: side(source.height, scale))
            if scale == scaleX { scaled.width = options.width }
            if scale == scaleY { scaled.height = options.height }
            switch options.fit {
            case .contain:
                let output = ImageSize(width: options.width, height: options.height)
                return Geometry(
                    scaled: scaled, output: output,
                    offsetX: (output.width - scaled.width) / 2, offsetY: (output.height - scaled.height) / 2)
            case .cover:
                let output = ImageSize(width: min(options.width, scaled.width), height: min(options.height, scaled.height))
                return Geometry(
                    scaled: scaled, output: output,
                    offsetX: -((scaled.width - output.width) / 2), offsetY: -((scaled.height - output.height) / 2))
            default:
                return Geometry(scaled: scaled, output: scaled, offsetX: 0, offsetY: 0)
            }
        }
    }

    /// Resizes `image` into the box of `options`.
    ///
    /// - Throws: ``StageError/invalidOption(name:value:allowed:)`` when a box side is not positive.
    public static func resize(_ image: PixelBuffer, with options: ResizeOptions) throws(StageError) -> PixelBuffer {
        let geometry = try geometry(for: ImageSize(width: image.width, height: image.height), with: options)
        let scaled = resample(image, width: geometry.scaled.width, height: geometry.scaled.height, filter: options.filter)
        if geometry.output == geometry.scaled { return scaled }
        var canvas = PixelBuffer(width: geometry.output.width, height: geometry.output.height, filledWith: options.background)
        canvas.place(scaled, atX: geometry.offsetX, y: geometry.offsetY)
        return canvas
    }

    /// `image` resampled to exactly `width` × `height` (aspect ratio not kept), in premultiplied alpha.
    ///
    /// - Precondition: both sides are positive.
    public static func resample(_ image: PixelBuffer, width: Int, height: Int, filter: ResamplingFilter) -> PixelBuffer {
        precondition(width > 0 && height > 0, "resample needs positive sides, got \(width)x\(height)")
        if width == image.width && height == image.height { return image }
        let horizontal = ResamplingWeights(from: image.width, to: width, filter: filter)
        let vertical = ResamplingWeights(from: image.height, to: height, filter: filter)

        // Pass 1: rows, from straight 8-bit to premultiplied floats (width × source height).
        // A pixel is one SIMD4 (r, g, b, a): one load and one multiply-add per tap for all four
        // channels, with a single bounds check, instead of four scalar ones.
        var intermediate = [SIMD4<Float>](repeating: .zero, count: width * image.height)
        var row = [SIMD4<Float>](repeating: .zero, count: image.width)
        let source = image.pixels.span
        let horizontalWeights = horizontal.weights.span
        for y in 0..<image.height {
            let rowStart = y * image.width * 4
            for x in 0..<image.width {
                let i = rowStart + x * 4
                let alpha = Float(source[i + 3])
                let factor = alpha / 255
                let straight = SIMD4<Float>(Float(source[i]), Float(source[i + 1]), Float(source[i + 2]), alpha)
                row[x] = straight * SIMD4<Float>(factor, factor, factor, 1)
            }
            let outStart = y * width
            for x in 0..<width {
                var sum = SIMD4<Float>.zero
                let first = horizontal.first[x]
                let weightStart = x * horizontal.stride
                for tap in 0..<horizontal.count[x] {
                    sum += row[first + tap] * horizontalWeights[weightStart + tap]
                }
                intermediate[outStart + x] = sum
            }
        }

        // Pass 2: columns, accumulated a whole output row at a time, then back to straight 8-bit.
        var output = [UInt8](repeating: 0, count: width * height * 4)
        var accumulator = [SIMD4<Float>](repeating: .zero, count: width)
        let verticalWeights = vertical.weights.span
        for y in 0..<height {
            for x in 0..<width { accumulator[x] = .zero }
            let first = vertical.first[y]
            let weightStart = y * vertical.stride
            for tap in 0..<vertical.count[y] {
                let weight = verticalWeights[weightStart + tap]
                let sourceRow = (first + tap) * width
                for x in 0..<width {
                    accumulator[x] += intermediate[sourceRow + x] * weight
                }
            }
            let outStart = y * width * 4
            for x in 0..<width {
                let sum = accumulator[x]
                let alpha = min(max(sum[3], 0), 255)
                let alphaByte = UInt8(alpha.rounded())
                guard alphaByte > 0 else { continue }  // stays transparent black
                let unpremultiply = 255 / alpha
                let o = outStart + x * 4
                for channel in 0..<3 {
                    // Lanczos lobes can push a premultiplied colour outside 0...alpha; clamp before dividing.
                    let value = min(max(sum[channel], 0), alpha) * unpremultiply
                    output[o + channel] = UInt8(min(value.rounded(), 255))
                }
                output[o + 3] = alphaByte
            }
        }
        // The sizes are positive and the byte count matches by construction.
        return try! PixelBuffer(width: width, height: height, pixels: output)
    }
}

/// Precomputed filter taps for one axis: for each output position, the first source index,
/// how many source pixels contribute and their normalised weights.
struct ResamplingWeights {
    var first: [Int]
    var count: [Int]
    var weights: [Float]
    var stride: Int

    init(from sourceLength: Int, to outputLength: Int, filter: ResamplingFilter) {
        let scale = Double(sourceLength) / Double(outputLength)
        let support: Double
        switch filter {
        case .lanczos3: support = 3 * max(scale, 1)
        case .area: support = max(scale, 1) / 2 + 1
        }
        stride = Int((support * 2).rounded(.up)) + 3
        first = [Int](repeating: 0, count: outputLength)
        count = [Int](repeating: 0, count: outputLength)
        weights = [Float](repeating: 0, count: outputLength * stride)
        var taps = [Double](repeating: 0, count: stride)

        for i in 0..<outputLength {
            let center = (Double(i) + 0.5) * scale
            let low = Int((center - support).rounded(.down))
            let high = Int((center + support).rounded(.up))
            let clampedLow = max(0, min(low, sourceLength - 1))
            let clampedHigh = max(0, min(high, sourceLength - 1))
            let tapCount = clampedHigh - clampedLow + 1
            for t in 0..<tapCount { taps[t] = 0 }
            var total = 0.0
            for j in low...high {
                let weight: Double
                switch filter {
                case .lanczos3:
                    // Distance between pixel centres, in the filter's (possibly stretched) units.
                    weight = Self.lanczos3((Double(j) + 0.5 - center) / max(scale, 1))
                case .area:
                    let start = Double(i) * scale
                    let end = Double(i + 1) * scale
                    weight = max(0, min(Double(j + 1), end) - max(Double(j), start))
                }
                if weight == 0 { continue }
                // Pixels beyond the edge repeat the edge pixel.
                let clamped = max(0, min(j, sourceLength - 1))
                taps[clamped - clampedLow] += weight
                total += weight
            }
            first[i] = clampedLow
            count[i] = tapCount
            for t in 0..<tapCount {
                weights[i * stride + t] = Float(total != 0 ? taps[t] / total : (t == 0 ? 1 : 0))
            }
        }
    }

    static func lanczos3(_ x: Double) -> Double {
        let distance = abs(x)
        if distance < 1e-9 { return 1 }
        if distance >= 3 { return 0 }
        let pix = Double.pi * distance
        return 3 * sin(pix) * sin(pix / 3) / (pix * pix)
    }
}

extension PixelBuffer {
    /// Copies `other` onto this buffer with its top-left corner at (`x`, `y`), replacing pixels;
    /// parts falling outside are cropped.
    mutating func place(_ other: PixelBuffer, atX x: Int, y: Int) {
        let startX = max(0, x), endX = min(width, x + other.width)
        let startY = max(0, y), endY = min(height, y + other.height)
        guard startX < endX, startY < endY else { return }
        for row in startY..<endY {
            let target = (row * width + startX) * 4
            let source = ((row - y) * other.width + (startX - x)) * 4
            let length = (endX - startX) * 4
            pixels.replaceSubrange(target..<target + length, with: other.pixels[source..<source + length])
        }
    }
}
