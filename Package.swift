// swift-tools-version:6.1
import PackageDescription

/// gptimg: generate and edit images with OpenAI's GPT Image models, and run every result
/// through a post-processing pipeline built on libpng, libjpeg-turbo and libwebp.
let package = Package(
    name: "gptimg",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gptimg", targets: ["gptimg"]),
        .library(name: "Codecs", targets: ["Codecs"]),
        .library(name: "OpenAIImages", targets: ["OpenAIImages"]),
        .library(name: "Pipeline", targets: ["Pipeline"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/swift-server/async-http-client.git", from: "1.24.0"),
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
        .package(url: "https://github.com/apple/swift-crypto.git", from: "3.0.0"),
    ],
    targets: [
        // C bindings: each shim owns every setjmp/longjmp of its library.
        .target(name: "CPNG", linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("z")]),
        .target(name: "CJPEG", linkerSettings: [.linkedLibrary("jpeg")]),
        .target(name: "CWebP", linkerSettings: [.linkedLibrary("webp"), .linkedLibrary("webpdemux")]),

        .target(name: "Codecs", dependencies: ["CPNG", "CJPEG", "CWebP"]),
        .target(
            name: "OpenAIImages",
            dependencies: [
                "Codecs",
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "Pipeline",
            dependencies: ["Codecs", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .executableTarget(
            name: "gptimg",
            dependencies: [
                "Codecs", "OpenAIImages", "Pipeline",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // The benchmark's floor: each task as a minimal C program on the same libraries.
        .executableTarget(
            name: "cfloor",
            path: "Benchmarks/CFloor",
            linkerSettings: [.linkedLibrary("png16"), .linkedLibrary("jpeg"), .linkedLibrary("webp"), .linkedLibrary("m")]
        ),
        // The same tasks through gptimg's own stages, timed like the floor.
        .executableTarget(name: "gptimg-bench", dependencies: ["Codecs", "Pipeline"], path: "Benchmarks/GptimgBench"),
        // The Images API with a fixed delay and real pictures, for timing `gptimg generate`.
        .executableTarget(
            name: "images-api-server", dependencies: ["Codecs", "LocalImagesServer"], path: "Benchmarks/ImagesAPIServer"),

        // A local server that behaves like the Images API, for the client's and the tool's tests.
        .target(
            name: "LocalImagesServer",
            dependencies: [
                "Codecs",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            path: "Tests/LocalImagesServer"
        ),
        // Decodes one file in a child process, so the tests can measure a decode's peak memory.
        .executableTarget(name: "DecodeProbe", dependencies: ["Codecs"], path: "Tests/DecodeProbe"),
        .testTarget(
            name: "CodecsTests",
            dependencies: ["Codecs", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "OpenAIImagesTests", dependencies: ["OpenAIImages", "LocalImagesServer", "Codecs"]),
        .testTarget(name: "PipelineTests", dependencies: ["Pipeline", "Codecs"]),
        .testTarget(
            name: "GptimgTests",
            dependencies: ["gptimg", "LocalImagesServer", "Codecs", .product(name: "Crypto", package: "swift-crypto")]
        ),
    ]
)
