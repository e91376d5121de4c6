import BenchSupport
import Benchmark
import Foundation
import SearchIndex

// Import throughput on the real data, per format: the generic JSONL (ksummit + delving), the
// same posts as their sources publish them (the ksummit mailboxes; the Delving Bitcoin posts as
// Discourse API JSON files) and the Hacker News sample, each unpacked once to a temporary folder
// so that decompression is not timed. Throughput is imports per second; README.md divides the
// text size by the wall clock for MB/s.

/// Imports what `readers` opens into a new index, once per iteration; opening the readers and
/// making the index are not timed.
func importEach(_ benchmark: Benchmark, format: String, _ readers: () throws -> [(file: String, reader: any PostReader)]) throws {
    for _ in benchmark.scaledIterations {
        let folder = try TemporaryFolder.make(prefix: "tsearch-bench-import")
        defer { try? FileManager.default.removeItem(at: folder) }
        let index = try SearchIndex(path: folder.appendingPathComponent("bench.db").path)
        let opened = try readers()
        benchmark.startMeasurement()
        for (file, reader) in opened {
            blackHole(try index.importPosts(from: reader, file: file, format: format))
        }
        benchmark.stopMeasurement()
    }
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]
    let large = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)

    Benchmark("import real JSONL (ksummit+delving) into a new index", configuration: large) { benchmark in
        let files = try RealData.unpacked()
        try importEach(benchmark, format: "jsonl") {
            try files.map { ($0.path, JSONLReader(try InputFile(path: $0.path))) }
        }
    }

    Benchmark("import mbox (the two ksummit mailboxes) into a new index", configuration: large) { benchmark in
        let files = try RealData.mailboxes()
        try importEach(benchmark, format: "mbox") {
            try files.map { ($0.path, MboxReader(try InputFile(path: $0.path))) }
        }
    }

    Benchmark("import Discourse JSON (Delving Bitcoin, 4,725 post files) into a new index",
              configuration: large) { benchmark in
        let entries = try RealData.discourseFiles().map { FileSetReader.Entry(path: $0.path, format: .discourse) }
        try importEach(benchmark, format: "discourse") { [("delving", FileSetReader(entries))] }
    }

    Benchmark("import Hacker News items (1,000 comments) into a new index",
              configuration: .init(metrics: metrics, maxDuration: .seconds(30), maxIterations: 20)) { benchmark in
        let file = try RealData.hackerNews()
        try importEach(benchmark, format: "hn") { [(file.path, HackerNewsReader(try InputFile(path: file.path)))] }
    }

    // The reader alone (JSON decoding + quote splitting), to split import time between parsing
    // and writing.
    Benchmark("read + split real JSONL (no index)",
              configuration: .init(metrics: metrics, maxDuration: .seconds(30), maxIterations: 10)) { benchmark in
        let files = try RealData.unpacked()
        for _ in benchmark.scaledIterations {
            for file in files {
                var reader = JSONLReader(try InputFile(path: file.path))
                var posts = 0
                while let item = try reader.next() {
                    if case .post = item { posts += 1 }
                }
                blackHole(posts)
            }
        }
    }
}
