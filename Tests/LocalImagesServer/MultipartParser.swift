import Foundation

/// Splits a `multipart/form-data` body into its parts, strictly: a malformed body is an error
/// the server reports as the API would.
enum MultipartParser {
    struct Part {
        var name: String
        var filename: String?
        var contentType: String?
        var data: Data
    }

    enum Failure: Error { case malformed(String) }

    static func boundary(fromContentType contentType: String) -> String? {
        for parameter in contentType.split(separator: ";").dropFirst() {
            let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if pair.count == 2, pair[0].lowercased() == "boundary" {
                return pair[1].trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    static func parse(_ body: Data, boundary: String) throws -> [Part] {
        let bytes = [UInt8](body)
        let delimiter = Array("--\(boundary)".utf8)
        var positions: [Int] = []
        var searchFrom = 0
        while let found = find(delimiter, in: bytes, from: searchFrom) {
            positions.append(found)
            searchFrom = found + delimiter.count
        }
        guard positions.count >= 2 else { throw Failure.malformed("no multipart boundaries found") }
        let last = positions[positions.count - 1]
        guard bytes.count >= last + delimiter.count + 2, bytes[last + delimiter.count] == 0x2D, bytes[last + delimiter.count + 1] == 0x2D else {
            throw Failure.malformed("the closing boundary is missing")
        }
        var parts: [Part] = []
        for (start, end) in zip(positions, positions.dropFirst()) {
            var partStart = start + delimiter.count
            guard partStart + 2 <= end, bytes[partStart] == 0x0D, bytes[partStart + 1] == 0x0A else {
                throw Failure.malformed("a boundary is not followed by CRLF")
            }
            partStart += 2
            guard let headerEnd = find(Array("\r\n\r\n".utf8), in: bytes, from: partStart), headerEnd < end else {
                throw Failure.malformed("a part has no header end")
            }
            let headerText = String(decoding: bytes[partStart..<headerEnd], as: UTF8.self)
            let contentEnd = end - 2
            guard contentEnd >= headerEnd + 4, bytes[contentEnd] == 0x0D, bytes[contentEnd + 1] == 0x0A else {
                throw Failure.malformed("a part does not end with CRLF before the boundary")
            }
            var name: String?
            var filename: String?
            var contentType: String?
            for line in headerText.components(separatedBy: "\r\n") {
                let pieces = line.split(separator: ":", maxSplits: 1)
                guard pieces.count == 2 else { continue }
                let headerName = pieces[0].lowercased()
                let value = pieces[1].trimmingCharacters(in: .whitespaces)
                if headerName == "content-disposition" {
                    name = parameter("name", in: value)
                    filename = parameter("filename", in: value)
                } else if headerName == "content-type" {
                    contentType = value
                }
            }
            guard let name else { throw Failure.malformed("a part has no name") }
            parts.append(Part(name: name, filename: filename, contentType: contentType, data: Data(bytes[(headerEnd + 4)..<contentEnd])))
        }
        return parts
    }

    private static func parameter(_ key: String, in value: String) -> String? {
        for piece in value.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            let pair = piece.split(separator: "=", maxSplits: 1)
            if pair.count == 2, pair[0] == key {
                return String(pair[1]).trimmingCharacters(in: CharacterSet(charactersIn: "\""))
            }
        }
        return nil
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, haystack.count >= needle.count else { return nil }
        var index = start
        let lastStart = haystack.count - needle.count
        while index <= lastStart {
            guard let first = haystack[index...lastStart].firstIndex(of: needle[0]) else { return nil }
            if haystack[first..<(first + needle.count)].elementsEqual(needle) { return first }
            index = first + 1
        }
        return nil
    }
}
