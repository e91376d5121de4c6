// swift-tools-version: 6.1
import PackageDescription

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
            ]
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
