import ArgumentParser
import Codecs
import Foundation

/// The `gptimg` command: generate, edit and post-process images.
@main
struct Gptimg: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gptimg",
        abstract: "Generate and edit images with OpenAI's GPT Image models, and post-process them with libpng, libjpeg-turbo and libwebp.",
        discussion: """
            EXAMPLES
              A batch of three prompts, each written as it arrives:
                gptimg generate -q high "A sunset over mountains" \\
                  "A futuristic city at night" "A serene lake with reflections"

              A transparent logo:
                gptimg generate -b transparent -s 1024x1024 --thumbnail 256 \\
                  "A minimalist fox logo, flat, orange"

              An edit with a mask drawn in black where the image may change:
                gptimg mask drawing.png --fit-to photo.png -o mask.png
                gptimg edit --image photo.png --mask mask.png "A stormy sky"

              The pipeline alone, no API key needed:
                gptimg process fixtures -o out -f webp -c 80 --thumbnail 128
                gptimg inspect out/*.webp

            ENVIRONMENT
              OPENAI_API_KEY     the key for generate and edit (never printed)
              OPENAI_BASE_URL    another OpenAI-compatible server,
                                 e.g. http://localhost:8080/v1
              OPENAI_ORG_ID, OPENAI_PROJECT_ID
                                 sent as OpenAI-Organization, OpenAI-Project
              NO_COLOR           plain output without colours

            EXIT STATUS
              0 success, 1 some image or file failed (each failure is printed),
              64 bad usage, 130 stopped by Ctrl-C (143 by SIGTERM): what had
              arrived is written; --resume generates the rest.
            """,
        version: "0.1.0",
        subcommands: [GenerateCommand.self, EditCommand.self, MaskCommand.self, ProcessCommand.self, Inspect.self]
    )
}

extension Gptimg {
    /// Sets the allocator up for image work, parses the command line and runs it. A usage
    /// error thrown while a subcommand runs (two flags that do not go together, an input that
    /// does not exist) points at that subcommand's help; ArgumentParser alone would show the
    /// root's usage line, which names no flag at all.
    static func main() async {
        // Every image needs buffers of megabytes; by default glibc maps fresh pages for them
        // (or trims them away after use), so each image pays page faults for the last one's memory.
        PixelBufferAllocation.reuseFreedBuffers()
        let command: any ParsableCommand
        do {
            command = try parseAsRoot()
        } catch {
            exit(withError: error)
        }
        do {
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                var syncCommand = command
                try syncCommand.run()
            }
        } catch {
            let status = exitCode(for: error)
            guard status == .validationFailure, let name = type(of: command).configuration.commandName else {
                exit(withError: error)
            }
            FileHandle.standardError.write(
                Data("Error: \(message(for: error))\n  See 'gptimg \(name) --help' for more information.\n".utf8))
            Foundation.exit(status.rawValue)
        }
    }
}
