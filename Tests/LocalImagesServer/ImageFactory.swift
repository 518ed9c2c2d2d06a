import Codecs
import Foundation

/// What the local server's images look like.
public enum ImageContent: Sendable, Hashable {
    /// A smooth gradient tinted by the prompt: small files, quick to encode.
    case gradient
    /// Random pixels: files about as large as the raw pixels, for tests of big payloads.
    case noise
    /// This picture (a photograph, say) for every prompt, scaled to the asked size by nearest
    /// pixel and encoded with each format's usual settings: files of the size and decoding cost
    /// of real renders, for benchmarks.
    case picture(PixelBuffer)

    /// A short name for cache keys (a picture's pixels are too many to print).
    var label: String {
        switch self {
        case .gradient: "gradient"
        case .noise: "noise"
        case .picture(let picture): "picture \(picture.width)x\(picture.height)"
        }
    }

    /// Whether every prompt gets the same image.
    var ignoresPrompt: Bool {
        if case .picture = self { return true }
        return false
    }
}

/// Draws and encodes the images the local server returns, with the real codecs.
enum ImageFactory {
    /// An image of `width`×`height`; with a transparent background, everything outside a
    /// centred disc has alpha 0. `step` darkens partial images so each differs.
    ///
    /// Rows are assembled from precomputed runs with bulk copies, so a 4K image takes
    /// milliseconds even in a debug build.
    static func make(width: Int, height: Int, prompt: String, transparent: Bool, content: ImageContent, step: Int) -> PixelBuffer {
        var hash: UInt64 = 1469598103934665603
        for byte in prompt.utf8 { hash = (hash ^ UInt64(byte)) &* 1099511628211 }
        let rowBytes = width * 4
        var pixels: [UInt8] = []
        pixels.reserveCapacity(rowBytes * height)
        let bands = 8
        var templates: [[UInt8]] = []
        switch content {
        case .picture(let picture):
            templates = [scaled(picture, width: width, height: height)]
        case .gradient:
            let dim = UInt8(max(0, 255 - step * 40))
            for band in 0..<bands {
                var row = [UInt8](repeating: 255, count: rowBytes)
                let green = UInt8(truncatingIfNeeded: band * 255 / (bands - 1)) / 2 &+ UInt8(truncatingIfNeeded: hash >> 8) / 2
                for x in 0..<width {
                    row[x * 4] = UInt8(truncatingIfNeeded: x * 255 / max(1, width - 1)) / 2 &+ UInt8(truncatingIfNeeded: hash) / 2
                    row[x * 4 + 1] = green
                    row[x * 4 + 2] = UInt8(truncatingIfNeeded: hash >> 16) & dim
                }
                templates.append(row)
            }
        case .noise:
            var random = SeededGenerator(seed: hash &+ UInt64(step))
            var noise = [UInt8](repeating: 255, count: rowBytes * height)
            var index = 0
            while index < noise.count {
                let value = random.next()
                noise[index] = UInt8(truncatingIfNeeded: value)
                noise[index + 1] = UInt8(truncatingIfNeeded: value >> 8)
                noise[index + 2] = UInt8(truncatingIfNeeded: value >> 16)
                index += 4
            }
            templates = [noise]
        }
        let clearRow = [UInt8](repeating: 0, count: rowBytes)
        let radius = Double(min(width, height)) * 0.4
        for y in 0..<height {
            let template: ArraySlice<UInt8>
            switch content {
            case .gradient: template = templates[min(bands - 1, y * bands / height)][...]
            case .noise, .picture: template = templates[0][(y * rowBytes)..<((y + 1) * rowBytes)]
            }
            guard transparent else {
                pixels.append(contentsOf: template)
                continue
            }
            let dy = Double(y) + 0.5 - Double(height) / 2
            let halfSpan = radius * radius - dy * dy
            guard halfSpan > 0 else {
                pixels.append(contentsOf: clearRow)
                continue
            }
            let span = halfSpan.squareRoot()
            let first = max(0, min(width, Int((Double(width) / 2 - span).rounded())))
            let last = max(first, min(width, Int((Double(width) / 2 + span).rounded())))
            pixels.append(contentsOf: clearRow[0..<(first * 4)])
            pixels.append(contentsOf: template[(template.startIndex + first * 4)..<(template.startIndex + last * 4)])
            pixels.append(contentsOf: clearRow[0..<((width - last) * 4)])
        }
        // The sizes are positive and the byte count matches, so this cannot fail.
        return (try? PixelBuffer(width: width, height: height, pixels: pixels)) ?? PixelBuffer(width: width, height: height)
    }

    /// `picture` resampled to `width`×`height` by nearest pixel, as RGBA bytes.
    private static func scaled(_ picture: PixelBuffer, width: Int, height: Int) -> [UInt8] {
        if picture.width == width && picture.height == height { return picture.pixels }
        var bytes = [UInt8](repeating: 0, count: width * height * 4)
        for y in 0..<height {
            let sourceRow = y * picture.height / height * picture.bytesPerRow
            for x in 0..<width {
                let source = sourceRow + x * picture.width / width * 4
                let target = (y * width + x) * 4
                for channel in 0..<4 { bytes[target + channel] = picture.pixels[source + channel] }
            }
        }
        return bytes
    }

    static func encode(_ buffer: PixelBuffer, format: String, compression: Int?, content: ImageContent) throws -> Data {
        // A picture is stored as a real render is, with the encoders' usual settings; the
        // synthetic contents with the fastest ones.
        let realistic: Bool
        if case .picture = content { realistic = true } else { realistic = false }
        return switch format {
        case "jpeg": try ImageEncoder.encode(buffer, as: .jpeg(JPEGOptions(quality: max(1, compression ?? 100))))
        case "webp": try ImageEncoder.encode(buffer, as: .webp(WebPOptions(quality: compression ?? 100, method: realistic ? 4 : 0)))
        default: try ImageEncoder.encode(buffer, as: .png(realistic ? PNGOptions() : PNGOptions(compressionLevel: 1, filter: .none)))
        }
    }
}
