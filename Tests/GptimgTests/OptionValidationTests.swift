import ArgumentParser
import Testing

@testable import gptimg

@Suite("Flag validation")
struct OptionValidationTests {
    /// Parses a full command line and returns the message of the usage error it gives.
    private func usageError(_ arguments: [String]) -> String? {
        do {
            _ = try Gptimg.parseAsRoot(arguments)
            return nil
        } catch {
            #expect(Gptimg.exitCode(for: error) == .validationFailure, "not a usage error: \(error)")
            return Gptimg.message(for: error)
        }
    }

    @Test(
        "Out-of-range values are usage errors that quote the flag and what is allowed",
        arguments: [
            (["generate", "-c", "140", "-f", "jpeg", "x"], "--compression must be 0–100 (got 140)"),
            (["generate", "-w", "21", "x"], "--workers must be 1–20 (got 21)"),
            (["generate", "-n", "11", "x"], "-n must be 1–10"),
            (["generate", "-q", "ultra", "x"], "--quality must be one of auto, low, medium, high, standard, hd"),
            (["generate", "-s", "huge", "x"], "--size must be auto, 1024x1024, 1536x1024, 1024x1536"),
            (["generate", "-f", "gif", "x"], "--format must be png, jpeg or webp"),
            (["generate", "-b", "clear", "x"], "--background must be one of auto, transparent, opaque"),
            (["generate", "-b", "transparent", "-f", "jpeg", "x"], "--background transparent needs --format png or webp (got jpeg, which has no alpha channel)."),
            (["generate", "-c", "50", "x"], "--compression 50 applies to jpeg and webp only"),
            (["generate", "--partial-images", "2", "x"], "--partial-images needs --stream"),
            (["generate", "--stream", "--partial-images", "4", "x"], "--partial-images must be 0–3 (got 4)"),
            (["generate", "--moderation", "none", "x"], "--moderation must be one of auto, low"),
            (["generate", "--thumbnail", "4", "x"], "--thumbnail must be 16–4096"),
            (["generate", "--max-cost=-1", "x"], "--max-cost must be a number of dollars, 0 or more (got -1.0)"),
            (["generate"], "Give 1–20 prompts"),
            (["edit", "x"], "--image must be given 1–16 times (got 0)"),
            (["edit", "--image", "a.png", "--input-fidelity", "max", "x"], "--input-fidelity must be one of low, high"),
            (["mask", "a.png"], "Missing -o/--output"),
            (["mask", "a.png", "-o", "m.png", "--threshold", "300"], "--threshold must be 0–255 (got 300)"),
            (["mask", "a.png", "-o", "m.jpeg"], "-o/--output must name a .png file"),
            (["mask", "a.png", "-o", "m.png", "--from", "red"], "--from must be luminance or alpha"),
            (["mask", "a.png", "-o", "m.png", "--size", "10"], "--size must be WIDTHxHEIGHT"),
            (["mask", "a.png", "-o", "m.png", "--from", "alpha", "--threshold", "10"], "--threshold and --soft apply to --from luminance"),
            (["mask", "a.png", "--check", "b.png", "--invert"], "--check only reads SRC and IMAGE"),
            (["process", "a.png", "-o", "out", "--png-level", "10"], "--png-level must be 0–9 (got 10)"),
            (["process", "a.png", "-o", "out", "--transparency", "maybe"], "--transparency must be require, forbid, warn or off"),
            (["process", "a.png", "-o", "out", "--expect-size", "1024"], "--expect-size must be WIDTHxHEIGHT"),
        ] as [([String], String)])
    func outOfRange(arguments: [String], expected: String) {
        let message = usageError(arguments)
        #expect(message?.contains(expected) == true, "got: \(message ?? "no error")")
    }

    @Test("Defaults are those of the batch script")
    func defaults() throws {
        let command = try #require(try Gptimg.parseAsRoot(["generate", "x"]) as? GenerateCommand)
        let settings = try command.image.baseSettings()
        #expect(settings.model == "gpt-image-1-mini")
        #expect(settings.quality == "medium")
        #expect(settings.size == .pixels(width: 1024, height: 1536))
        #expect(settings.format == .png)
        #expect(settings.background == "auto")
        #expect(settings.compression == nil)
        #expect(command.batchRun.batch.workers == 10)
        #expect(command.batchRun.output.output == ".")
    }
}
