/// An image in memory: 8-bit RGBA pixels, row by row, tightly packed.
///
/// Every decoder produces one and every encoder takes one, so stages can be chained
/// without caring where the pixels came from. Colour is stored straight (not
/// premultiplied); alpha 255 is opaque.
///
/// ```swift
/// var canvas = PixelBuffer(width: 2, height: 1, filledWith: RGBA(r: 255, g: 0, b: 0, a: 255))
/// canvas[1, 0] = RGBA(r: 0, g: 0, b: 0, a: 0)
/// canvas.hasTransparency   // true
/// ```
public struct PixelBuffer: Sendable, Hashable {
    /// Width in pixels, at least 1.
    public let width: Int
    /// Height in pixels, at least 1.
    public let height: Int
    /// The pixels as R, G, B, A bytes, `bytesPerRow * height` of them.
    public var pixels: [UInt8] {
        get { storage }
        set {
            storage = newValue
            isKnownOpaque = false
        }
        // A change may bring transparency in; only a decoder's word that there is none can be
        // kept. Writes through `pixels[i]` go to the bytes in place: a `didSet` here would make
        // unoptimised builds copy the whole image for every byte written.
        _modify {
            isKnownOpaque = false
            yield &storage
        }
    }

    /// The bytes behind ``pixels``; initializers set it directly.
    var storage: [UInt8]

    /// Set by a decoder whose output cannot hold transparency (JPEG, PNG without alpha or
    /// tRNS): the opacity checks answer without scanning every pixel again. Any change to
    /// ``pixels`` clears it; it is no part of equality.
    var isKnownOpaque = false

    /// The distance in bytes from one row to the next (the stride): always `width * 4`.
    public var bytesPerRow: Int { width * 4 }

    /// The number of pixels, `width * height`.
    public var pixelCount: Int { width * height }

    /// Wraps existing RGBA bytes.
    ///
    /// - Throws: ``CodecError/invalidPixelBuffer(reason:)`` when a side is not positive or the
    ///   byte count is not `width * height * 4`.
    public init(width: Int, height: Int, pixels: [UInt8]) throws(CodecError) {
        guard width > 0, height > 0 else {
            throw .invalidPixelBuffer(reason: "the size \(width)x\(height) has a side that is not positive")
        }
        let (count, overflow) = width.multipliedReportingOverflow(by: height * 4)
        guard !overflow, pixels.count == count else {
            throw .invalidPixelBuffer(
                reason: "\(width)x\(height) RGBA needs \(overflow ? "more than Int.max" : String(count)) bytes, got \(pixels.count)")
        }
        self.width = width
        self.height = height
        self.storage = pixels
    }

    /// A buffer of the given size with every pixel set to `color` (transparent black by default).
    ///
    /// - Precondition: both sides are positive.
    public init(width: Int, height: Int, filledWith color: RGBA = RGBA(r: 0, g: 0, b: 0, a: 0)) {
        precondition(width > 0 && height > 0, "PixelBuffer needs positive sides, got \(width)x\(height)")
        self.width = width
        self.height = height
        if color == RGBA(r: 0, g: 0, b: 0, a: 0) {
            self.storage = [UInt8](repeating: 0, count: width * height * 4)
        } else {
            var bytes = [UInt8](repeating: 0, count: width * height * 4)
            bytes.withUnsafeMutableBufferPointer { out in
                var i = 0
                while i < out.count {
                    out[i] = color.r; out[i + 1] = color.g; out[i + 2] = color.b; out[i + 3] = color.a
                    i += 4
                }
            }
            self.storage = bytes
        }
    }

    /// The pixel at column `x`, row `y` (0-based, from the top left).
    public subscript(x: Int, y: Int) -> RGBA {
        get {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside \(width)x\(height)")
            let i = (y * width + x) * 4
            return RGBA(r: pixels[i], g: pixels[i + 1], b: pixels[i + 2], a: pixels[i + 3])
        }
        set {
            precondition(x >= 0 && x < width && y >= 0 && y < height, "pixel (\(x), \(y)) is outside \(width)x\(height)")
            let i = (y * width + x) * 4
            pixels[i] = newValue.r; pixels[i + 1] = newValue.g; pixels[i + 2] = newValue.b; pixels[i + 3] = newValue.a
        }
    }

    /// Whether any pixel has alpha below 255. Stops at the first block of pixels holding one.
    public var hasTransparency: Bool {
        if isKnownOpaque { return false }
        return pixels.withUnsafeBytes { bytes in
            // Whole pixels as 32-bit words, alpha in the byte at offset 3 whatever the byte order;
            // AND-ing a block at a time lets the compiler vectorise, and opaque images are the common case.
            let alpha = UInt32(littleEndian: 0xFF00_0000)
            let words = bytes.count / 4
            let block = 256
            var start = 0
            while start < words {
                let end = min(start + block, words)
                var all = alpha
                for word in start..<end {
                    all &= bytes.loadUnaligned(fromByteOffset: word &* 4, as: UInt32.self)
                }
                if all & alpha != alpha { return true }
                start = end
            }
            return false
        }
    }

    /// How many pixels have alpha below 255.
    public func transparentPixelCount() -> Int {
        if isKnownOpaque { return 0 }
        return pixels.withUnsafeBytes { bytes in
            let alpha = UInt32(littleEndian: 0xFF00_0000)
            var count = 0
            for word in 0..<(bytes.count / 4) {
                let pixel = bytes.loadUnaligned(fromByteOffset: word &* 4, as: UInt32.self)
                count &+= pixel & alpha != alpha ? 1 : 0
            }
            return count
        }
    }

    /// Equal when the sizes and pixels are.
    public static func == (lhs: PixelBuffer, rhs: PixelBuffer) -> Bool {
        lhs.width == rhs.width && lhs.height == rhs.height && lhs.pixels == rhs.pixels
    }

    /// Hashes the size and pixels, like ``==(_:_:)``.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(width)
        hasher.combine(height)
        hasher.combine(pixels)
    }
}

/// One straight-alpha 8-bit colour.
public struct RGBA: Sendable, Hashable, CustomStringConvertible {
    /// Red, 0–255.
    public var r: UInt8
    /// Green, 0–255.
    public var g: UInt8
    /// Blue, 0–255.
    public var b: UInt8
    /// Alpha: 0 fully transparent, 255 opaque.
    public var a: UInt8

    /// A colour from its four channels; alpha defaults to opaque.
    public init(r: UInt8, g: UInt8, b: UInt8, a: UInt8 = 255) {
        self.r = r; self.g = g; self.b = b; self.a = a
    }

    /// Opaque white.
    public static let white = RGBA(r: 255, g: 255, b: 255)
    /// Opaque black.
    public static let black = RGBA(r: 0, g: 0, b: 0)
    /// Fully transparent black.
    public static let clear = RGBA(r: 0, g: 0, b: 0, a: 0)

    /// `#rrggbbaa`.
    public var description: String {
        "#" + [r, g, b, a].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
    }
}

extension String {
    fileprivate func leftPadded(to length: Int) -> String {
        count >= length ? self : String(repeating: "0", count: length - count) + self
    }
}
