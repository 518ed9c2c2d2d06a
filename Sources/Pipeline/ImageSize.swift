/// A width × height in pixels, written `1024x1024`.
///
/// ```swift
/// let size = ImageSize("1536x1024")   // ImageSize(width: 1536, height: 1024)
/// ```
public struct ImageSize: Sendable, Hashable, Codable, CustomStringConvertible {
    /// Width in pixels.
    public var width: Int
    /// Height in pixels.
    public var height: Int

    /// A size from its two sides.
    public init(width: Int, height: Int) {
        self.width = width
        self.height = height
    }

    /// Parses `WIDTHxHEIGHT` (`x` or `×`, either case); `nil` when the text is not two positive integers.
    public init?(_ text: String) {
        let parts = text.lowercased().split(whereSeparator: { $0 == "x" || $0 == "×" })
        guard parts.count == 2, let width = Int(parts[0]), let height = Int(parts[1]), width > 0, height > 0 else {
            return nil
        }
        self.init(width: width, height: height)
    }

    /// `1024x1024`.
    public var description: String { "\(width)x\(height)" }
}
