import ArgumentParser

/// The `gptimg` command: generate, edit and post-process images.
@main
struct Gptimg: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gptimg",
        abstract: "Generate and edit images with OpenAI's GPT Image models, and post-process them with libpng, libjpeg-turbo and libwebp.",
        version: "0.1.0",
        subcommands: [Inspect.self]
    )
}
