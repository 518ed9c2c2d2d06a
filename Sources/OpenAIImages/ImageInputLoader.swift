import Codecs
import Foundation

/// Reads ``ImageInput``s: files, http(s) URLs (at most 3 redirects, a size limit, a timeout;
/// the API key is never sent to them), base64 text and bytes.
public struct ImageInputLoader: Sendable {
    /// Refuse inputs of this many bytes or more. Default 50 MB, the API's limit.
    public var maxBytes: Int
    /// The most redirects a download follows. Default 3.
    public var maxRedirects: Int
    /// The longest a download may take. Default 60 s.
    public var downloadTimeout: Duration
    let transport: any HTTPTransport

    /// Creates one from its parts; what is left unset stays unset.
    public init(
        transport: any HTTPTransport = AsyncHTTPClientTransport(), maxBytes: Int = RequestValidator.maxImageBytes,
        maxRedirects: Int = 3, downloadTimeout: Duration = .seconds(60)
    ) {
        self.transport = transport
        self.maxBytes = maxBytes
        self.maxRedirects = maxRedirects
        self.downloadTimeout = downloadTimeout
    }

    /// Reads `input` for the request field `field` (`image[0]`, `mask`...), `number` naming
    /// the part when the input has no file name of its own.
    public func load(_ input: ImageInput, field: String, number: Int = 0) async throws(RequestValidationError) -> LoadedImage {
        let data: Data
        var filename: String?
        switch input {
        case .file(let path):
            data = try readFile(path, input: input, field: field)
            filename = URL(fileURLWithPath: path).lastPathComponent
        case .url(let url):
            let (body, finalURL) = try await download(url, input: input, field: field)
            data = body
            let last = finalURL.lastPathComponent
            filename = last.isEmpty || last == "/" ? nil : last
        case .base64(let text):
            // Refuse from the length alone: decoding 100 MB of text only to refuse it wastes memory.
            let estimated = text.utf8.count / 4 * 3
            if estimated > maxBytes + 3 {
                throw .inputTooLarge(field: field, input: input.description, bytes: estimated, limit: maxBytes)
            }
            guard let decoded = Base64.decode(text) else {
                throw .unreadableInput(field: field, input: input.description, reason: "it is not valid base64")
            }
            data = decoded
        case .data(let bytes):
            data = bytes
        }
        if data.count >= maxBytes {
            throw .inputTooLarge(field: field, input: input.description, bytes: data.count, limit: maxBytes)
        }
        guard let format = ImageFormat(sniffing: data) else {
            let found = data.isEmpty ? "empty" : "not a PNG, JPEG or WebP image"
            throw .unsupportedInputFormat(field: field, input: input.description, found: found, allowed: "PNG, JPEG or WebP images")
        }
        let name = filename.map { Self.withExtension($0, format) } ?? "\(field.hasPrefix("mask") ? "mask" : "image-\(number + 1)").\(format.fileExtension)"
        return LoadedImage(data: data, format: format, filename: name, source: input.description)
    }

    /// Keeps a file name but makes sure its extension matches the bytes (servers look at both).
    static func withExtension(_ name: String, _ format: ImageFormat) -> String {
        let url = URL(fileURLWithPath: name)
        let ext = url.pathExtension.lowercased()
        let matches = ext == format.fileExtension || (format == .jpeg && ext == "jpg")
        return matches ? name : url.deletingPathExtension().lastPathComponent + "." + format.fileExtension
    }

    private func readFile(_ path: String, input: ImageInput, field: String) throws(RequestValidationError) -> Data {
        let attributes: [FileAttributeKey: Any]
        do {
            attributes = try FileManager.default.attributesOfItem(atPath: path)
        } catch {
            throw .unreadableInput(field: field, input: input.description, reason: "no such file or it cannot be opened")
        }
        if attributes[.type] as? FileAttributeType == .typeDirectory {
            throw .unreadableInput(field: field, input: input.description, reason: "it is a directory")
        }
        if let size = (attributes[.size] as? NSNumber)?.intValue, size >= maxBytes {
            throw .inputTooLarge(field: field, input: input.description, bytes: size, limit: maxBytes)
        }
        do {
            return try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw .unreadableInput(field: field, input: input.description, reason: error.localizedDescription)
        }
    }

    private func download(_ start: URL, input: ImageInput, field: String) async throws(RequestValidationError) -> (Data, URL) {
        var url = start
        var redirects = 0
        while true {
            guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
                throw .unreadableInput(field: field, input: input.description, reason: "only http and https URLs are downloaded (got \(url.scheme ?? "no scheme"))")
            }
            let response: TransportResponse
            do {
                response = try await transport.send(TransportRequest(method: "GET", url: url, headers: [("Accept", "image/*")]), timeout: downloadTimeout)
            } catch is CancellationError {
                throw .unreadableInput(field: field, input: input.description, reason: "the download was cancelled")
            } catch {
                throw .unreadableInput(field: field, input: input.description, reason: "the download failed: \(error)")
            }
            if [301, 302, 303, 307, 308].contains(response.status) {
                guard let location = response.header("location"), let next = URL(string: location, relativeTo: url)?.absoluteURL else {
                    throw .unreadableInput(field: field, input: input.description, reason: "HTTP \(response.status) without a Location")
                }
                redirects += 1
                if redirects > maxRedirects {
                    throw .unreadableInput(field: field, input: input.description, reason: "more than \(maxRedirects) redirects")
                }
                url = next
                continue
            }
            guard (200..<300).contains(response.status) else {
                throw .unreadableInput(field: field, input: input.description, reason: "the server answered HTTP \(response.status)")
            }
            if let length = response.header("content-length").flatMap(Int.init), length >= maxBytes {
                throw .inputTooLarge(field: field, input: input.description, bytes: length, limit: maxBytes)
            }
            do {
                guard let body = try await response.body.collect(upTo: maxBytes - 1) else {
                    throw RequestValidationError.inputTooLarge(field: field, input: input.description, bytes: maxBytes, limit: maxBytes)
                }
                return (body, url)
            } catch let error as RequestValidationError {
                throw error
            } catch {
                throw .unreadableInput(field: field, input: input.description, reason: "the download failed: \(error)")
            }
        }
    }
}
