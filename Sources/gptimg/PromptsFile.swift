import ArgumentParser
import Foundation

/// Reads the prompts of `--prompts-file`: a `.txt` file holds a prompt per line (blank lines
/// skipped); a `.jsonl` file holds an object per line with a `prompt` and optional per-prompt
/// overrides (`model`, `quality`, `size`, `format`, `background`, `compression`, `n`,
/// `moderation`); `-` reads standard input, JSON lines when its first line starts with `{`.
///
/// ```
/// {"prompt": "A company logo, flat, two colours", "background": "transparent", "size": "1024x1024"}
/// {"prompt": "The same logo on a blue poster", "format": "jpeg", "compression": 80}
/// ```
enum PromptsFile {
    /// The largest prompts file read (prompts are at most 32 000 characters, 20 of them).
    static let maximumBytes = 4 << 20

    /// Reads the prompts of `path` (`-` for standard input).
    static func read(path: String) throws -> [PromptEntry] {
        let data: Data
        let name: String
        if path == "-" {
            data = FileHandle.standardInput.readDataToEndOfFile()
            name = "standard input"
        } else {
            let url = URL(fileURLWithPath: path)
            name = url.lastPathComponent
            do {
                let attributes = try FileManager.default.attributesOfItem(atPath: path)
                if let size = attributes[.size] as? Int, size > maximumBytes {
                    throw ValidationError("--prompts-file \(path) is \(size) bytes; a prompts file may hold at most \(maximumBytes) bytes.")
                }
                data = try Data(contentsOf: url)
            } catch let error as ValidationError {
                throw error
            } catch {
                throw ValidationError("--prompts-file \(path) cannot be read: \((error as NSError).localizedDescription)")
            }
        }
        guard data.count <= maximumBytes else {
            throw ValidationError("--prompts-file: \(name) holds more than \(maximumBytes) bytes.")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ValidationError("--prompts-file: \(name) is not UTF-8 text.")
        }
        let isJSONLines: Bool
        if path == "-" {
            isJSONLines = text.drop(while: \.isWhitespace).first == "{"
        } else {
            isJSONLines = path.lowercased().hasSuffix(".jsonl") || path.lowercased().hasSuffix(".ndjson")
        }
        return isJSONLines ? try parseJSONLines(text, name: name) : parseLines(text, name: name)
    }

    /// A prompt per non-blank line, trimmed.
    static func parseLines(_ text: String, name: String) -> [PromptEntry] {
        var entries: [PromptEntry] = []
        for (offset, line) in lines(of: text).enumerated() {
            let prompt = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if prompt.isEmpty { continue }
            entries.append(PromptEntry(text: prompt, origin: "line \(offset + 1) of \(name)"))
        }
        return entries
    }

    /// A JSON object per non-blank line.
    static func parseJSONLines(_ text: String, name: String) throws -> [PromptEntry] {
        var entries: [PromptEntry] = []
        for (offset, line) in lines(of: text).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
            if trimmed.isEmpty { continue }
            let origin = "line \(offset + 1) of \(name)"
            entries.append(try parseObject(trimmed, origin: origin))
        }
        return entries
    }

    private static func parseObject(_ line: String, origin: String) throws -> PromptEntry {
        let object: [String: JSONScalar]
        do {
            object = try JSONDecoder().decode([String: JSONScalar].self, from: Data(line.utf8))
        } catch {
            throw ValidationError("--prompts-file: \(origin) is not a JSON object of strings and numbers (\(error.localizedDescription)).")
        }
        for key in object.keys.sorted() where PromptOverrides.keys[key] == nil {
            let known = Set(PromptOverrides.keys.keys).sorted().joined(separator: ", ")
            throw ValidationError("--prompts-file: \(origin) has an unknown key \"\(key)\"; the keys are \(known).")
        }
        func string(_ key: String) throws -> String? {
            guard let value = object[key] else { return nil }
            guard case .string(let text) = value else {
                throw ValidationError("--prompts-file: \"\(key)\" on \(origin) must be a string.")
            }
            return text
        }
        func integer(_ key: String) throws -> Int? {
            guard let value = object[key] else { return nil }
            guard case .integer(let number) = value else {
                throw ValidationError("--prompts-file: \"\(key)\" on \(origin) must be a whole number.")
            }
            return number
        }
        guard let prompt = try string("prompt")?.trimmingCharacters(in: .whitespacesAndNewlines), !prompt.isEmpty else {
            throw ValidationError("--prompts-file: \(origin) needs a non-empty \"prompt\" string.")
        }
        var overrides = PromptOverrides()
        overrides.model = try string("model")
        overrides.quality = try string("quality")
        overrides.size = try string("size")
        overrides.format = try string("format") ?? string("output_format")
        overrides.background = try string("background")
        overrides.compression = try integer("compression") ?? integer("output_compression")
        overrides.imageCount = try integer("n")
        overrides.moderation = try string("moderation")
        return PromptEntry(text: prompt, origin: origin, overrides: overrides)
    }

    private static func lines(of text: String) -> [Substring] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }
}

/// One value of a prompts-file object: what the keys may hold, and what they may not.
private enum JSONScalar: Decodable {
    case string(String)
    case integer(Int)
    case other

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let text = try? container.decode(String.self) {
            self = .string(text)
        } else if (try? container.decode(Bool.self)) != nil {
            self = .other
        } else if let number = try? container.decode(Int.self) {
            self = .integer(number)
        } else {
            self = .other
        }
    }
}
