/// A `WIDTHxHEIGHT` size given on the command line (`1024x1536`), or the API's `auto`.
enum SizeArgument: Sendable, Hashable, CustomStringConvertible {
    case auto
    case pixels(width: Int, height: Int)

    /// The three sizes every GPT Image model draws; `auto` may return any of them.
    static let standardSizes: [SizeArgument] = [
        .pixels(width: 1024, height: 1024), .pixels(width: 1536, height: 1024), .pixels(width: 1024, height: 1536),
    ]

    /// Parses `auto` or `WxH` (also `W×H`), both sides 1–100 000.
    init?(parsing text: String) {
        let lowered = text.lowercased()
        if lowered == "auto" {
            self = .auto
            return
        }
        let parts = lowered.split(separator: "x", omittingEmptySubsequences: false)
        let alternative = lowered.split(separator: "×", omittingEmptySubsequences: false)
        let sides = parts.count == 2 ? parts : alternative
        guard sides.count == 2, let width = Int(sides[0]), let height = Int(sides[1]),
            (1...100_000).contains(width), (1...100_000).contains(height)
        else { return nil }
        self = .pixels(width: width, height: height)
    }

    var description: String {
        switch self {
        case .auto: "auto"
        case .pixels(let width, let height): "\(width)x\(height)"
        }
    }

    /// The sizes an image asked for at this size may come back with.
    var acceptedDimensions: [(width: Int, height: Int)] {
        switch self {
        case .auto: SizeArgument.standardSizes.compactMap(\.dimensions)
        case .pixels(let width, let height): [(width, height)]
        }
    }

    /// Width and height, or nil for `auto`.
    var dimensions: (width: Int, height: Int)? {
        if case .pixels(let width, let height) = self { return (width, height) }
        return nil
    }
}
