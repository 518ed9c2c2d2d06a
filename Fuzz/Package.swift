// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for gptimg's decoders. Built on their own (they need sanitizer flags
/// that the main package must not get); see README.md and run.sh.
let package = Package(
    name: "gptimg-fuzz",
    dependencies: [
        .package(name: "gptimg", path: "..")
    ],
    targets: [
        .target(name: "LibFuzzerDriver"),
        .target(name: "FuzzSupport", dependencies: ["LibFuzzerDriver", .product(name: "Codecs", package: "gptimg")]),
        .executableTarget(name: "FuzzPNG", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzJPEG", dependencies: ["FuzzSupport"]),
        .executableTarget(name: "FuzzWebP", dependencies: ["FuzzSupport"]),
        .executableTarget(
            name: "FuzzDecode",
            dependencies: ["FuzzSupport", .product(name: "Codecs", package: "gptimg")]
        ),
    ]
)
