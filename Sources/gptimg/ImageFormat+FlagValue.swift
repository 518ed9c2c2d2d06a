import ArgumentParser
import Codecs

extension ImageFormat {
    /// The format a flag or prompts-file value names: png, jpeg (or jpg) or webp, in any case.
    /// Anything else is a usage error naming `source`.
    init(flagValue value: String, source: String) throws {
        let name = value.lowercased() == "jpg" ? "jpeg" : value.lowercased()
        guard let format = ImageFormat(rawValue: name) else {
            throw ValidationError("\(source) must be png, jpeg or webp (got \"\(value)\").")
        }
        self = format
    }
}
