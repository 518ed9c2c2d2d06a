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
        let squaredError = a.pixels.withUnsafeBufferPointer { first in
            b.pixels.withUnsafeBufferPointer { second in
                var sum = 0
                for index in first.indices where index & 3 != 3 {
                    let difference = Int(first[index]) - Int(second[index])
                    sum += difference * difference
                }
                return Double(sum)
            }
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

    static let photographs = ["photo_rgb_1024x1024.png", "photo_rgb_1024x1536.png", "photo_rgb_1536x1024.png"]

    @Test(arguments: photographs)
    func jpegQuality85KeepsPhotographsClose(name: String) throws {
        let original = try ImageDecoder.decode(Data(contentsOf: SharedData.folder("bench-corpus").appendingPathComponent(name))).pixels
        let data = try ImageEncoder.encode(original, as: .jpeg(JPEGOptions(quality: 85)))
        let decoded = try ImageDecoder.decode(data)
        #expect(decoded.info.storage == "ycbcr baseline")
        #expect(decoded.pixels.width == original.width && decoded.pixels.height == original.height)
        let quality = Self.psnr(original, decoded.pixels)
        #expect(quality >= 32, "JPEG q85 of \(name): PSNR \(quality) dB")
    }

    @Test(arguments: photographs)
    func webpQuality80KeepsPhotographsClose(name: String) throws {
        let original = try ImageDecoder.decode(Data(contentsOf: SharedData.folder("bench-corpus").appendingPathComponent(name))).pixels
        let data = try ImageEncoder.encode(original, as: .webp(WebPOptions(quality: 80)))
        let decoded = try ImageDecoder.decode(data)
        #expect(decoded.info.storage == "lossy")
        let quality = Self.psnr(original, decoded.pixels)
        #expect(quality >= 32, "WebP q80 of \(name): PSNR \(quality) dB")
    }

    @Test func jpegKnobsReachTheFile() throws {
        let image = Self.sampleImage(width: 64, height: 48, transparent: false)
        let progressive = try ImageEncoder.encode(image, as: .jpeg(JPEGOptions(quality: 90, progressive: true)))
        #expect(try ImageDecoder.info(of: progressive).storage == "ycbcr progressive")
        let low = try ImageEncoder.encode(image, as: .jpeg(JPEGOptions(quality: 20)))
        let high = try ImageEncoder.encode(image, as: .jpeg(JPEGOptions(quality: 95)))
        #expect(low.count < high.count)
        let full = try ImageEncoder.encode(image, as: .jpeg(JPEGOptions(quality: 90, chromaSubsampling: .yuv444)))
        let half = try ImageEncoder.encode(image, as: .jpeg(JPEGOptions(quality: 90, chromaSubsampling: .yuv420)))
        #expect(half.count < full.count)
        #expect(Self.psnr(image, try ImageDecoder.decode(full).pixels) > Self.psnr(image, try ImageDecoder.decode(half).pixels))
    }

    @Test func jpegLargerThanTheEncodersFirstBufferIsWhole() throws {
        // Noise at quality 100 without subsampling needs far more than the 4 bits a pixel the
        // encoder reserves at first, so its output buffer has to grow, here several times.
        var noise = PixelBuffer(width: 256, height: 256)
        var state: UInt32 = 99
        noise.pixels.withUnsafeMutableBufferPointer { bytes in
            for index in bytes.indices {
                state = state &* 1_664_525 &+ 1_013_904_223
                bytes[index] = index & 3 == 3 ? 255 : UInt8(truncatingIfNeeded: state >> 24)
            }
        }
        let data = try ImageEncoder.encode(noise, as: .jpeg(JPEGOptions(quality: 100, chromaSubsampling: .yuv444)))
        #expect(data.count > 4 * (256 * 256 / 2 + 16384))
        let decoded = try ImageDecoder.decode(data)
        #expect(decoded.pixels.width == 256 && decoded.pixels.height == 256)
        #expect(Self.psnr(noise, decoded.pixels) >= 40)
    }

    @Test func webpKeepsAlphaWhenLossy() throws {
        let image = Self.sampleImage()
        let decoded = try ImageDecoder.decode(ImageEncoder.encode(image, as: .webp(WebPOptions(quality: 90))))
        #expect(decoded.info.storage == "lossy +alpha")
        #expect(decoded.pixels.transparentPixelCount() == image.transparentPixelCount())
    }
}
