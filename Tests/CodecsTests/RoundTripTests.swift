import Codecs
import Foundation
import Testing

/// Encoding then decoding gives back the pixels (exactly for lossless, closely for lossy).
@Suite struct RoundTripTests {
    /// A deterministic image with gradients, noise-like detail and a band of partial transparency.
    static func sampleImage(width: Int = 97, height: Int = 61, transparent: Bool = true) -> PixelBuffer {
        var buffer = PixelBuffer(width: width, height: height)
        var state: UInt32 = 12345
        for y in 0..<height {
            for x in 0..<width {
                state = state &* 1_103_515_245 &+ 12345
                let alpha: UInt8 = transparent && y < height / 3 ? UInt8((x * 255) / max(width - 1, 1)) : 255
                buffer[x, y] = RGBA(
                    r: UInt8((x * 255) / width), g: UInt8((y * 255) / height), b: UInt8(truncatingIfNeeded: state >> 16),
                    a: alpha)
            }
        }
        return buffer
    }

    /// Peak signal-to-noise ratio of the RGB channels, in dB.
    static func psnr(_ a: PixelBuffer, _ b: PixelBuffer) -> Double {
        precondition(a.width == b.width && a.height == b.height)
        var squaredError = 0.0
        for index in a.pixels.indices where index % 4 != 3 {
            let difference = Double(a.pixels[index]) - Double(b.pixels[index])
            squaredError += difference * difference
        }
        let mean = squaredError / Double(a.pixelCount * 3)
        return mean == 0 ? .infinity : 10 * log10(255 * 255 / mean)
    }

    @Test(arguments: PNGFilter.allCases, [0, 6, 9])
    func pngKeepsEveryPixel(filter: PNGFilter, level: Int) throws {
        let original = Self.sampleImage()
        let data = try ImageEncoder.encode(original, as: .png(PNGOptions(compressionLevel: level, filter: filter)))
        #expect(ImageFormat(sniffing: data) == .png)
        let decoded = try ImageDecoder.decode(data)
        #expect(decoded.pixels == original)
        #expect(decoded.info.storage == "rgba 8-bit")
    }

    @Test func pngDropsAlphaOnlyWhenEveryPixelIsOpaque() throws {
        let opaque = Self.sampleImage(transparent: false)
        let rgb = try ImageDecoder.decode(ImageEncoder.encode(opaque, as: .png()))
        #expect(rgb.info.storage == "rgb 8-bit")
        #expect(rgb.pixels == opaque)
        let kept = try ImageDecoder.decode(ImageEncoder.encode(opaque, as: .png(PNGOptions(dropsOpaqueAlpha: false))))
        #expect(kept.info.storage == "rgba 8-bit")
        #expect(kept.pixels == opaque)
    }

    @Test func losslessWebPKeepsEveryPixel() throws {
        var original = Self.sampleImage()
        // libwebp may change the hidden colour of fully transparent pixels unless `exact` is set.
        let exact = try ImageDecoder.decode(
            ImageEncoder.encode(original, as: .webp(WebPOptions(lossless: true, exact: true))))
        #expect(exact.pixels == original)
        #expect(exact.info.storage.hasPrefix("lossless"))
        for y in 0..<original.height { for x in 0..<original.width where original[x, y].a == 0 { original[x, y] = .clear } }
        let plain = try ImageDecoder.decode(ImageEncoder.encode(original, as: .webp(WebPOptions(lossless: true))))
        #expect(plain.pixels == original)
    }
}
