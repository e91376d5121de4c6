import Foundation
import GRDB
import Testing
import TestSupport
@testable import SearchIndex

/// Relevance of thread mode on the real data, printed as figures:
///
/// each sampled thread's title is the query, against post bodies only (`nq:` on every word, so
/// the title column is excluded), and we look at where that thread lands in thread mode's top
/// 10: MRR@10, success@1 and success@10, for plain bm25 (the best post standing for its thread)
/// against the ranking layer's priors and votes.
///
/// Run it alone with `swift test --filter RelevanceEvaluation`. The sample is fixed (every
/// thread with a title and at least 3 posts, thinned evenly to at most ``sampleSize``), so the
/// figures are comparable between runs; the weights are never tuned to single queries.
@Suite(.serialized)
struct RelevanceEvaluation {
    private let temporary = TemporaryDirectory()

    /// At most this many queries per data set (60 keeps the test under 30 s in a debug build);
    /// `TSEARCH_EVAL_SAMPLE=120 swift test --filter RelevanceEvaluation` measures more.
    static let sampleSize = ProcessInfo.processInfo.environment["TSEARCH_EVAL_SAMPLE"].flatMap { Int($0) } ?? 60

    /// One ranking to measure.
    struct Variant {
        var name: String
        var weights: RankingWeights
    }

    static let variants: [Variant] = [
        Variant(name: "bm25, best post (baseline)", weights: .bm25Only),
        Variant(name: "bm25, CombMNZ", weights: RankingWeights(quoted: 0, vote: .combMNZ)),
        Variant(name: "bm25, top-3 sum", weights: RankingWeights(quoted: 0, vote: .topSum(3))),
        Variant(name: "top-3 + quoted 0.1", weights: RankingWeights(quoted: 0.1, vote: .topSum(3))),
        Variant(name: "top-3 + replies 0.1", weights: RankingWeights(quoted: 0, replies: 0.1, vote: .topSum(3))),
        Variant(name: "top-3 + thread 0.1", weights: RankingWeights(quoted: 0, threadActivity: 0.1, vote: .topSum(3))),
        Variant(name: "top-3 + recency 365d", weights: RankingWeights(quoted: 0, recencyHalfLifeDays: 365, vote: .topSum(3))),
        Variant(name: "standard (shipped)", weights: .standard),
    ]

    /// The index of a real data set on disk, read through the index's own connections (which
    /// have its SQL functions).
    func open(_ relative: String) throws -> (any DatabaseReader)? {
        guard let path = try RealData.unpacked(relative) else {
            print("skipped: no real data beside the repository (../shared/data)")
            return nil
        }
        let file = temporary.path("index.db")
        let index = try SearchIndex(path: file)
        _ = try index.importPosts(from: JSONLReader(try InputFile(path: path)), file: path, format: "jsonl")
        return index.reader
    }

    /// `nq:"w1" nq:"w2" ...` from a title: its distinct words, at most 10.
    static func query(fromTitle title: String) -> String? {
        var words: [String] = []
        for word in title.lowercased().split(whereSeparator: { !($0.isLetter || $0.isNumber) }) where !words.contains(String(word)) {
            words.append(String(word))
        }
        guard !words.isEmpty else { return nil }
        return words.prefix(10).map { "nq:\"\($0)\"" }.joined(separator: " ")
    }

    @Test(arguments: ["jsonl/delving.jsonl.xz", "jsonl/ksummit.jsonl.xz"])
    func titleQueriesFindTheirThread(data: String) throws {
        let started = Date()
        guard let queue = try open(data) else { return }
        try queue.read { db in
            let threads = try Row.fetchAll(db, sql: """
                SELECT id, title FROM thread WHERE title IS NOT NULL AND post_count >= 3 ORDER BY id
                """)
            let stride = max(1, (threads.count + Self.sampleSize - 1) / Self.sampleSize)
            let sample = threads.enumerated().filter { $0.offset % stride == 0 }.map(\.element)
            let searcher = ThreadSearcher(db: db)
            var lines = ["relevance of thread mode on \(data): \(sample.count) title queries (nq: bodies only), top 10"]
            lines.append("variant                        MRR@10  success@1  success@10")
            var reciprocal = [Double](repeating: 0, count: Self.variants.count)
            var first = [Int](repeating: 0, count: Self.variants.count)
            var inTen = first
            for row in sample {
                guard let text = Self.query(fromTitle: row["title"]) else { continue }
                let compiled = try QueryCompiler.compile(try QueryParser.parse(text), now: 0)
                // The pool does not depend on the weights: gathered once, ranked per variant.
                let options = SearchOptions(limit: 10, now: 1_800_000_000)
                let pool = try searcher.pool(compiled, options: options)
                for (v, variant) in Self.variants.enumerated() {
                    var weighted = options
                    weighted.weights = variant.weights
                    let ranked = ThreadSearcher.rank(pool, ranker: Ranker(weights: variant.weights, now: 1_800_000_000),
                                                     options: weighted).prefix(10)
                    if let at = ranked.firstIndex(where: { $0.thread == row["id"] as Int64 }) {
                        reciprocal[v] += 1 / Double(at + 1)
                        inTen[v] += 1
                        if at == 0 { first[v] += 1 }
                    }
                }
            }
            let n = Double(sample.count)
            var figures: [String: Double] = [:]
            for (v, variant) in Self.variants.enumerated() {
                figures[variant.name] = reciprocal[v] / n
                lines.append(variant.name.padding(toLength: 30, withPad: " ", startingAt: 0)
                    + String(format: "  %.3f   %.3f      %.3f", reciprocal[v] / n, Double(first[v]) / n, Double(inTen[v]) / n))
            }
            lines.append(String(format: "(%.1f s with the import)", Date().timeIntervalSince(started)))
            print(lines.joined(separator: "\n"))
            #expect((figures["standard (shipped)"] ?? 0) > 0.3, "thread mode finds titles' threads")
        }
    }

    /// `--sort` changes the order, never the set: 50 queries (two words of each title) on the
    /// real data, the whole ranked pool compared across the four orders.
    @Test func sortsKeepTheSetOnRealData() throws {
        guard let queue = try open("jsonl/ksummit.jsonl.xz") else { return }
        try queue.read { db in
            let titles = try String.fetchAll(db, sql: "SELECT title FROM thread WHERE title IS NOT NULL ORDER BY id LIMIT 50")
            #expect(titles.count == 50)
            let searcher = Searcher(db: db)
            for title in titles {
                let words = title.split(whereSeparator: { !($0.isLetter || $0.isNumber) }).prefix(2)
                let text = words.map { "\"\($0)\"" }.joined(separator: " ")
                guard !text.isEmpty else { continue }
                let compiled = try QueryCompiler.compile(try QueryParser.parse(text), now: 0)
                var sets: [Set<Int64>] = []
                for sort in SearchSort.allCases {
                    let pool = try searcher.rankedPool(compiled, options: SearchOptions(limit: 20, sort: sort)).pool
                    sets.append(Set(pool.map(\.id)))
                }
                #expect(Set(sets).count == 1, "same set for \(text)")
            }
        }
    }
}
