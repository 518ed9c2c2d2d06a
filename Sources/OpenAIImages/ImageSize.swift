import Foundation

/// The size of the images to draw: `auto` or `WIDTHxHEIGHT`.
///
/// ```swift
/// let size: ImageSize = "1536x1024"
/// let free = ImageSize(width: 1920, height: 1088)   // gpt-image-2 only
/// ```
public enum ImageSize: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    case auto
    case pixels(width: Int, height: Int)
    /// A value that is not `auto` nor `WxH`; kept so the validator can name it in its error.
    case unparsed(String)

    /// 1024x1024.
    public static let square1024: ImageSize = .pixels(width: 1024, height: 1024)
    /// 1536x1024.
    public static let landscape1536: ImageSize = .pixels(width: 1536, height: 1024)
    /// 1024x1536.
    public static let portrait1536: ImageSize = .pixels(width: 1024, height: 1536)

    /// A size of `width` by `height` pixels.
    public init(width: Int, height: Int) { self = .pixels(width: width, height: height) }

    /// Parses `auto` or `WIDTHxHEIGHT` (an `x` or `×`); anything else is kept as ``unparsed(_:)``.
    public init(rawValue: String) {
        let text = rawValue.trimmingCharacters(in: .whitespaces).lowercased()
        if text == "auto" { self = .auto; return }
        let sides = text.split(separator: "x", omittingEmptySubsequences: false)
        if sides.count == 2, let width = Int(sides[0]), let height = Int(sides[1]) {
            self = .pixels(width: width, height: height)
        } else {
            self = .unparsed(rawValue)
        }
    }

    /// Parses a literal as ``init(rawValue:)`` does.
    public init(stringLiteral value: String) { self.init(rawValue: value) }

    /// The value sent as `size`.
    public var rawValue: String {
        switch self {
        case .auto: "auto"
        case .pixels(let width, let height): "\(width)x\(height)"
        case .unparsed(let text): text
        }
    }

    /// The name as the API spells it.
    public var description: String { rawValue }

    /// Width and height, or `nil` for `auto`.
    public var dimensions: (width: Int, height: Int)? {
        if case .pixels(let width, let height) = self { return (width, height) }
        return nil
    }
}
