import Codecs
import Foundation
import Testing

/// Decoders that cannot produce transparency (JPEG, PNG without alpha or tRNS) let the
/// opacity checks skip their scan; a change to the pixels must bring the scan back.
@Suite struct KnownOpacityTests {
    static func decodedJPEG() throws -> PixelBuffer {
        let opaque = RoundTripTests.sampleImage(width: 40, height: 30, transparent: false)
        return try ImageDecoder.decode(ImageEncoder.encode(opaque, as: .jpeg())).pixels
    }

    static func decodedRGBPNG() throws -> PixelBuffer {
        let opaque = RoundTripTests.sampleImage(width: 40, height: 30, transparent: false)
        let decoded = try ImageDecoder.decode(ImageEncoder.encode(opaque, as: .png()))
        try #require(decoded.info.storage == "rgb 8-bit")
        return decoded.pixels
    }

    @Test func decodedJPEGAndRGBPNGAreOpaque() throws {
        for pixels in [try Self.decodedJPEG(), try Self.decodedRGBPNG()] {
            #expect(!pixels.hasTransparency)
            #expect(pixels.transparentPixelCount() == 0)
            #expect(pixels.flattened(onto: .black) == pixels)
        }
    }

    @Test func aPixelMadeTransparentIsSeen() throws {
        for var pixels in [try Self.decodedJPEG(), try Self.decodedRGBPNG()] {
            pixels[39, 29] = RGBA(r: 10, g: 20, b: 30, a: 0)
            #expect(pixels.hasTransparency)
            #expect(pixels.transparentPixelCount() == 1)
            #expect(pixels.flattened(onto: .white)[39, 29] == .white)
        }
    }

    @Test func bytesChangedInPlaceAreSeen() throws {
        var pixels = try Self.decodedJPEG()
        pixels.pixels.withUnsafeMutableBufferPointer { bytes in
            bytes[3] = 128
            bytes[7] = 0
        }
        #expect(pixels.hasTransparency)
        #expect(pixels.transparentPixelCount() == 2)
        let flat = pixels.flattened(onto: .black)
        #expect(flat[1, 0] == .black)
        #expect(!flat.hasTransparency)
    }

    @Test func replacedBytesAreSeen() throws {
        var pixels = try Self.decodedRGBPNG()
        pixels.pixels = [UInt8](repeating: 0, count: pixels.pixels.count)
        #expect(pixels.transparentPixelCount() == pixels.pixelCount)
    }

    @Test func decodedPNGWithAlphaIsScanned() throws {
        let image = RoundTripTests.sampleImage()
        let decoded = try ImageDecoder.decode(ImageEncoder.encode(image, as: .png())).pixels
        #expect(decoded.hasTransparency)
        #expect(decoded.transparentPixelCount() == image.transparentPixelCount())
    }

    @Test func knowingDoesNotChangeEquality() throws {
        let decoded = try Self.decodedJPEG()
        let rebuilt = try PixelBuffer(width: decoded.width, height: decoded.height, pixels: decoded.pixels)
        #expect(decoded == rebuilt)
        #expect(Set([decoded, rebuilt]).count == 1)
    }
}
