// swift-tools-version: 6.1
import PackageDescription

// The release build of `tsearch` on Linux links the Swift runtime and Foundation into the binary:
// a search process then starts in about half the time, without loading a dozen shared libraries
// (benchmarks/README.md, "CLI"). A test bundle cannot be linked that way (XCTest and
// swift-testing exist only as shared libraries), so `swift test -c release` needs
// TSEARCH_SHARED_STDLIB=1; `swift test` (debug) is not concerned.
let staticStdlib: [SwiftSetting] = Context.environment["TSEARCH_SHARED_STDLIB"] == nil
    ? [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))] : []
let staticStdlibLink: [LinkerSetting] = Context.environment["TSEARCH_SHARED_STDLIB"] == nil
    ? [.unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release))] : []

let package = Package(
    name: "tsearch",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "SearchIndex", targets: ["SearchIndex"]),
        .executable(name: "tsearch", targets: ["tsearch"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // Zstandard, which stores the posts' text compressed.
        .systemLibrary(
            name: "CZstd",
            pkgConfig: "libzstd",
            providers: [.apt(["libzstd-dev"])]
        ),
        .target(
            name: "SearchIndex",
            dependencies: [
                "CZstd",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),
        .executableTarget(
            name: "tsearch",
            dependencies: [
                "SearchIndex",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: staticStdlib,
            linkerSettings: staticStdlibLink
        ),
        .target(
            name: "TestSupport",
            path: "Tests/TestSupport"
        ),
        .testTarget(
            name: "SearchIndexTests",
            dependencies: ["SearchIndex", "TestSupport"]
        ),
        .testTarget(
            name: "tsearchTests",
            dependencies: ["tsearch", "TestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
