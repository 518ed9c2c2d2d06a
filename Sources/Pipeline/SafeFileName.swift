import Foundation

/// Makes file names that can never leave their folder, whatever text they are made from.
///
/// Path separators, `..`, NUL and other control characters, emoji and symbols become `-`;
/// runs of `-` and `.` collapse; leading and trailing `-`, `_` and `.` are trimmed (no hidden
/// files, no `.` or `..`); the result is cut to a length every file system takes; an empty
/// result becomes the fallback name.
///
/// ```swift
/// SafeFileName.sanitize("../../etc/passwd")      // "etc-passwd"
/// SafeFileName.sanitize("🌅🌅🌅")                 // "image"
/// SafeFileName.slug("A sunset over Paris, 1900")  // "a-sunset-over-paris-1900"
/// ```
public enum SafeFileName {
    /// The most characters a sanitized name keeps (before any `-2` suffix and extension).
    public static let maximumLength = 100
    /// The most UTF-8 bytes a sanitized name keeps, well below the usual 255-byte limit so
    /// suffixes, `.thumb` and extensions still fit.
    public static let maximumBytes = 200

    /// A safe file name (stem) from `text`, keeping letters of any script, digits, `-`, `_` and `.`.
    ///
    /// - Parameters:
    ///   - text: any text: a prompt, a user-given name, a file name from elsewhere.
    ///   - fallback: the name used when nothing usable is left; itself assumed safe. Default `image`.
    ///   - maximumLength: the most characters kept, 1 or more. Default ``maximumLength``.
    public static func sanitize(_ text: String, fallback: String = "image", maximumLength: Int = maximumLength) -> String {
        var scalars = String.UnicodeScalarView()
        var previous: Unicode.Scalar?
        for scalar in text.precomposedStringWithCanonicalMapping.unicodeScalars {
            let kept: Unicode.Scalar
            if scalar == "-" || scalar == "_" || scalar == "." || isWordScalar(scalar) {
                kept = scalar
            } else {
                kept = "-"
            }
            // Runs of separators or dots collapse, so ".." can never survive.
            if (kept == "-" || kept == "."), previous == kept { continue }
            scalars.append(kept)
            previous = kept
        }
        var name = trimmed(String(scalars))
        let limit = max(1, maximumLength)
        if name.unicodeScalars.count > limit || name.utf8.count > maximumBytes {
            var cut = String.UnicodeScalarView()
            var bytes = 0
            for scalar in name.unicodeScalars {
                let size = String(scalar).utf8.count
                if cut.count == limit || bytes + size > maximumBytes { break }
                cut.append(scalar)
                bytes += size
            }
            name = trimmed(String(cut))
        }
        return name.isEmpty ? fallback : name
    }

    /// A lowercase, dash-separated name for a prompt or title, at most `maximumLength` characters
    /// (default 60), cut at a word boundary when it can be.
    public static func slug(_ text: String, fallback: String = "image", maximumLength: Int = 60) -> String {
        let dashed = sanitize(text.lowercased().replacingOccurrences(of: ".", with: " "), fallback: fallback, maximumLength: .max)
        guard dashed.count > maximumLength else { return dashed }
        let cut = String(dashed.prefix(maximumLength))
        if let lastDash = cut.lastIndex(of: "-"), cut.distance(from: cut.startIndex, to: lastDash) >= maximumLength / 2 {
            return trimmed(String(cut[..<lastDash]))
        }
        let result = trimmed(cut)
        return result.isEmpty ? fallback : result
    }

    /// Letters of any script and digits; not emoji, symbols, marks on their own or controls.
    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || (scalar >= "0" && scalar <= "9")
        }
        let properties = scalar.properties
        if properties.isEmojiPresentation || properties.isEmoji { return false }
        switch properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
            .decimalNumber, .letterNumber, .otherNumber, .nonspacingMark, .spacingMark:
            return true
        default:
            return false
        }
    }

    private static func trimmed(_ name: String) -> String {
        var view = Substring(name)
        while let first = view.first, first == "-" || first == "." || first == "_" { view = view.dropFirst() }
        while let last = view.last, last == "-" || last == "." || last == "_" { view = view.dropLast() }
        // A lone combining mark left at the start would attach to nothing; drop it.
        while let first = view.unicodeScalars.first, first.properties.generalCategory == .nonspacingMark {
            view = Substring(view.unicodeScalars.dropFirst())
        }
        return String(view)
    }
}
