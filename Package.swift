// swift-tools-version:6.0
import PackageDescription

let package = Package(
    name: "portal",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "portal", targets: ["portal"]),
        .library(name: "PortalCore", targets: ["PortalCore"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        // Reads the parts of .xlsx and .docx attachments for the privacy scan.
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20"),
    ],
    targets: [
        // The system cmark library (Debian: libcmark-dev).
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        // The system libdeflate (Debian: libdeflate-dev), for the .gz siblings nginx's gzip_static
        // sends: whole-buffer gzip, twice as fast as zlib at the same level and size.
        .systemLibrary(
            name: "CDeflate",
            pkgConfig: "libdeflate",
            providers: [.apt(["libdeflate-dev"])]
        ),
        // The whole engine: content model, validation, rendering, output.
        .target(
            name: "PortalCore",
            dependencies: [
                "CCmark",
                "CDeflate",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            ],
            // templates/ carried in the binary for `portal init`.
            plugins: ["EmbedTemplates"]
        ),
        // Writes templates/ as a Swift source; run by the EmbedTemplates plugin at build time.
        .executableTarget(name: "EmbedTemplatesTool"),
        // The top-level templates/ is outside every target's folder, so it cannot be a SwiftPM
        // resource; a build-tool plugin may read it and follows every change to it.
        .plugin(name: "EmbedTemplates", capability: .buildTool(), dependencies: ["EmbedTemplatesTool"]),
        // The thin command line on top of the engine.
        .executableTarget(
            name: "portal",
            dependencies: [
                "PortalCore",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(
            name: "PortalCoreTests",
            // ZIPFoundation builds the .xlsx and .docx attachments of the privacy tests.
            dependencies: ["PortalCore", .product(name: "ZIPFoundation", package: "ZIPFoundation")]
        ),
        // Runs the real `portal` binary on fixture sites (the dependency makes sure it is built).
        .testTarget(
            name: "PortalEndToEndTests",
            dependencies: ["PortalCore", "portal"]
        ),
    ]
)
