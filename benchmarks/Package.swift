// swift-tools-version: 6.1
import PackageDescription

// tsearch's benchmarks, a package of their own so that they never slow the main build.
// Run with `swift package benchmark` from this folder; see README.md for the side-by-side and
// scale scripts.
let package = Package(
    name: "tsearch-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        // Named, so that the dependency does not depend on the name of the clone's folder.
        .package(name: "tsearch", path: ".."),
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(
            name: "BenchSupport",
            dependencies: [.product(name: "SearchIndex", package: "tsearch")]
        ),
        // Streams a seeded synthetic corpus as tsearch JSONL to standard output.
        .executableTarget(name: "synth"),
        // Times `SearchIndex.search` in-process, for the side-by-side and scale scripts.
        .executableTarget(
            name: "tsearch-bench",
            dependencies: ["BenchSupport", .product(name: "SearchIndex", package: "tsearch")]
        ),
        .executableTarget(
            name: "Import",
            dependencies: [
                "BenchSupport",
                .product(name: "SearchIndex", package: "tsearch"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Import",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "Query",
            dependencies: [
                "BenchSupport",
                .product(name: "SearchIndex", package: "tsearch"),
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/Query",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
