import BenchSupport
import Benchmark
import Foundation
import GRDB
import SearchIndex

// Query latency on an index of the real JSONL data (built once, in a temporary folder): one
// benchmark per kind of query, each iteration running every query of that kind once (top 20
// with snippets, as `tsearch search` does). "snippet cost" compares the same queries without
// snippets (FTS5 ranked rowids only, through GRDB on the same file).

/// The index every query benchmark reads, built on first use.
let sharedIndex: Result<SearchIndex, any Error> = Result {
    let folder = try TemporaryFolder.make(prefix: "tsearch-bench-query")
    let index = try SearchIndex(path: folder.appendingPathComponent("bench.db").path)
    for file in try RealData.unpacked() {
        _ = try index.importPosts(from: JSONLReader(try InputFile(path: file.path)), file: file.path, format: "jsonl")
    }
    return index
}

let benchmarks: @Sendable () -> Void = {
    let metrics: [BenchmarkMetric] = [.wallClock, .throughput, .mallocCountTotal]
    let configuration = Benchmark.Configuration(metrics: metrics, maxDuration: .seconds(5), maxIterations: 200)
    let options = SearchOptions(limit: 20)

    for kind in BenchQueries.Kind.allCases {
        let queries = BenchQueries.queries(kind)
        Benchmark("search \(kind.rawValue) (\(queries.count) queries, top 20 + snippets)",
                  configuration: configuration) { benchmark in
            let index = try sharedIndex.get()
            for _ in benchmark.scaledIterations {
                for query in queries { blackHole(try index.search(query, options: options)) }
            }
        }
    }

    Benchmark("search filtered (\(BenchQueries.filtered.count) queries: words with author, date or root filters)",
              configuration: configuration) { benchmark in
        let index = try sharedIndex.get()
        for _ in benchmark.scaledIterations {
            for query in BenchQueries.filtered { blackHole(try index.search(query, options: options)) }
        }
    }

    // Thread mode: threads ranked by their matching posts, as `tsearch search --threads` does.
    let single = BenchQueries.queries(.single)
    Benchmark("search thread mode (\(single.count) single-word queries, top 20 threads)",
              configuration: configuration) { benchmark in
        let index = try sharedIndex.get()
        for _ in benchmark.scaledIterations {
            for query in single { blackHole(try index.searchThreads(query, options: options)) }
        }
    }

    // Snippet cost: the same FTS5 MATCH, ranked top 20, without and with snippet() on the page.
    let all = BenchQueries.real.filter { $0.kind != .common }.map(\.query)
    let ranked = "SELECT rowid FROM post_fts WHERE post_fts MATCH ? AND rank MATCH 'bm25(3.0, 1.0, 0.0)' ORDER BY rank LIMIT 20"
    let withSnippets = """
        SELECT rowid, snippet(post_fts, 1, '[', ']', '…', 20) FROM post_fts
        WHERE post_fts MATCH ? AND rank MATCH 'bm25(3.0, 1.0, 0.0)' ORDER BY rank LIMIT 20
        """
    for (name, sql) in [("ranked rowids only", ranked), ("ranked rowids + snippet()", withSnippets)] {
        Benchmark("snippet cost: \(name) (\(all.count) queries, raw FTS5 on the tsearch file)",
                  configuration: configuration) { benchmark in
            let index = try sharedIndex.get()
            var rawConfiguration = Configuration()
            rawConfiguration.prepareDatabase { db in SearchIndex.registerFunctions(db) }
            let queue = try DatabaseQueue(path: index.path, configuration: rawConfiguration)
            for _ in benchmark.scaledIterations {
                try queue.read { db in
                    for query in all {
                        // The tsearch query syntax of these queries is also valid FTS5 syntax.
                        blackHole(try Row.fetchAll(db.cachedStatement(sql: sql), arguments: [query]))
                    }
                }
            }
        }
    }
}
