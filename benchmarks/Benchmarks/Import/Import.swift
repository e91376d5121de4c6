import BenchSupport
import Benchmark
import Foundation
import SearchIndex

// Import throughput on the real JSONL data (ksummit + delving, unpacked once to a temporary
// folder). Throughput is imports per second; divide the corpus size printed at start-up by the
// wall clock for MB/s (README.md does this).

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal, .peakMemoryResident]

    Benchmark("import real JSONL (ksummit+delving) into a new index",
              configuration: .init(metrics: metrics, maxDuration: .seconds(60), maxIterations: 5)) { benchmark in
        let files = try RealData.unpacked()
        for _ in benchmark.scaledIterations {
            let folder = try TemporaryFolder.make(prefix: "tsearch-bench-import")
            defer { try? FileManager.default.removeItem(at: folder) }
            let index = try SearchIndex(path: folder.appendingPathComponent("bench.db").path)
            benchmark.startMeasurement()
            for file in files {
                let reader = JSONLReader(try InputFile(path: file.path))
                blackHole(try index.importPosts(from: reader, file: file.path, format: "jsonl"))
            }
            benchmark.stopMeasurement()
        }
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
