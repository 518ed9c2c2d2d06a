import ArgumentParser
import Codecs
import Foundation
import OpenAIImages
import Pipeline

/// Loads an edit's input images and mask once, before any request, so twenty prompts do not
/// download a URL twenty times, and puts a mask that is not yet in the API's form into it.
struct EditInputPreparation: Sendable {
    /// The loaded inputs, sent with every prompt.
    struct Prepared: Sendable {
        var images: [ImageInput]
        var mask: ImageInput?
        /// How each input was given, for the dry run (`photo.png`, `https://…`, `standard input`).
        var imageSources: [String]
        var maskSource: String?
    }

    var inputs: EditInputs
    var loader = ImageInputLoader()

    /// Loads every input. A problem with one is a usage error naming `--image` or `--mask`.
    func prepare(reporter: GenerationReporter) async throws -> Prepared {
        var images: [LoadedImage] = []
        var sources: [String] = []
        for (offset, text) in inputs.images.enumerated() {
            let input = try Self.input(from: text, flag: "--image")
            do {
                images.append(try await loader.load(input, field: "image", number: offset))
            } catch {
                throw ValidationError("--image \(Self.label(text)): \(error.description)")
            }
            sources.append(Self.label(text))
        }
        var prepared = Prepared(images: images.map { .data($0.data) }, imageSources: sources)
        guard let maskText = inputs.mask else { return prepared }

        let maskInput = try Self.input(from: maskText, flag: "--mask")
        let mask: LoadedImage
        do {
            mask = try await loader.load(maskInput, field: "mask")
        } catch {
            throw ValidationError("--mask \(Self.label(maskText)): \(error.description)")
        }
        let first = try ImageDecoder.info(of: images[0].data)
        let target = PipelineSize(width: first.width, height: first.height)
        prepared.mask = .data(try await fit(mask: mask.data, label: Self.label(maskText), to: target, reporter: reporter))
        prepared.maskSource = Self.label(maskText)
        return prepared
    }

    /// The mask as the API wants it: converted (with a notice) when it is not, or refused
    /// under --strict.
    private func fit(mask data: Data, label: String, to target: PipelineSize, reporter: GenerationReporter) async throws -> Data {
        let report: MaskReport
        do {
            report = try MaskCheck.check(maskData: data, against: target)
        } catch {
            throw ValidationError("--mask \(label) is not a readable image: \(error)")
        }
        let needsConversion = report.problems.contains { problem in
            switch problem {
            case .sizeMismatch, .noAlphaChannel, .notPNG: true
            case .nothingToEdit, .everythingToEdit: false
            }
        }
        var result = data
        var finalReport = report
        if needsConversion {
            let reasons = report.problems.map(\.description).joined(separator: " ")
            if inputs.strict {
                throw ValidationError(
                    "--mask \(label) is not in the API's form (\(reasons)) and --strict forbids converting it; "
                        + "prepare it with `gptimg mask \(label) --fit-to IMAGE -o mask.png`.")
            }
            let decoded: DecodedImage
            do {
                decoded = try ImageDecoder.decode(data)
            } catch {
                throw ValidationError("--mask \(label) cannot be decoded: \(error)")
            }
            let source: MaskSource = decoded.pixels.hasTransparency ? .alpha : .blackAndWhite
            let pixels = try MaskBuilder.build(from: decoded.pixels, options: MaskOptions(source: source, fittingTo: target))
            result = try ImageEncoder.encode(pixels, as: MaskBuilder.encoding)
            finalReport = MaskCheck.check(pixels, against: target)
            let how = source == .alpha ? "its transparent pixels mark the area to edit" : "its dark pixels mark the area to edit"
            await reporter.notice(
                "--mask \(label) converted to the API's form, an RGBA PNG of \(target) (\(how)): \(reasons)")
        }
        let emptiness = finalReport.problems.filter { problem in
            if case .nothingToEdit = problem { return true }
            if case .everythingToEdit = problem { return true }
            return false
        }
        if !emptiness.isEmpty {
            let reasons = emptiness.map(\.description).joined(separator: " ")
            if inputs.strict { throw ValidationError("--mask \(label): \(reasons)") }
            await reporter.notice("--mask \(label): \(reasons)")
        }
        return result
    }

    /// What a command-line value names: standard input, a URL, base64 text or a file.
    static func input(from text: String, flag: String) throws -> ImageInput {
        if text == "-" {
            let data = FileHandle.standardInput.readDataToEndOfFile()
            guard !data.isEmpty else { throw ValidationError("\(flag) -: standard input is empty.") }
            return .data(data)
        }
        if text.lowercased().hasPrefix("data:") { return .base64(text) }
        if text.contains("://") {
            guard let url = URL(string: text) else { throw ValidationError("\(flag) \(label(text)) is not a valid URL.") }
            return .url(url)
        }
        if FileManager.default.fileExists(atPath: text) { return .file(text) }
        if looksLikeBase64(text) { return .base64(text) }
        return .file(text)
    }

    /// A short label for messages: base64 text is not repeated whole.
    static func label(_ text: String) -> String {
        if text == "-" { return "- (standard input)" }
        if text.lowercased().hasPrefix("data:") || (text.count > 80 && looksLikeBase64(text)) {
            return "base64 (\(text.utf8.count) characters)"
        }
        return text
    }

    private static func looksLikeBase64(_ text: String) -> Bool {
        text.utf8.count >= 64
            && text.utf8.allSatisfy { byte in
                (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39)
                    || byte == 0x2B || byte == 0x2F || byte == 0x3D || byte == 0x0A || byte == 0x0D
            }
    }
}
