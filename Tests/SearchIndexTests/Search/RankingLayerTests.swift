import Foundation
import GRDB
import Testing
import TestSupport
@testable import SearchIndex

/// Filters, credited writers, partial matches, sorting and thread mode on small corpora.
struct RankingLayerTests {
    private let temporary = TemporaryDirectory()

    /// `SearchTests.corpus()` on disk, with the two replies' quotes resolved to the writer (as
    /// the quote resolver does), plus posts by other authors and dates.
    func resolvedCorpus() throws -> SearchIndex {
        let path = temporary.path("index.db")
        let index = try SearchIndex(path: path)
        let posts = [
            Fixtures.line(id: "w", thread: "t", author: "Jane Doe <jane@x.org>", time: 1_700_000_000, title: "Lamps",
                          body: "Copper kettles whistle loudly at dawn."),
            Fixtures.line(id: "q1", thread: "t", parent: "w", author: "echo1", time: 1_700_000_100,
                          body: "> Copper kettles whistle loudly at dawn.\nI agree."),
            Fixtures.line(id: "q2", thread: "t", parent: "q1", author: "echo2", time: 1_700_000_200,
                          body: "> Copper kettles whistle loudly at dawn.\nMe too."),
            Fixtures.line(id: "o", thread: "u", author: "bob", time: 1_710_000_000, title: "Kettles",
                          body: "My kettles whistle too, but only at noon."),
            Fixtures.line(id: "p", thread: "u", parent: "o", author: "carol", time: 1_720_000_000,
                          body: "Copper pans are heavy."),
            Fixtures.filler(40),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(posts, into: index)
        let queue = try DatabaseQueue(path: path)
        try queue.write { db in
            try db.execute(sql: """
                UPDATE quote SET source_id = (SELECT id FROM post WHERE key = 'jsonl:w'), method = 'parent', confidence = 1
                WHERE post_id IN (SELECT id FROM post WHERE key IN ('jsonl:q1', 'jsonl:q2')) AND ordinal = 0
                """)
        }
        return index
    }

    /// The prior used for scoring is the product of the factors `--explain` shows.
    @Test(arguments: [RankingWeights.standard, .bm25Only,
                      RankingWeights(quoted: 0.2, replies: 0.1, threadActivity: 0.05, recencyHalfLifeDays: 30)])
    func priorIsTheProductOfTheExplainedFactors(weights: RankingWeights) {
        let ranker = Ranker(weights: weights, now: 1_700_000_000)
        for signals in [Signals.none, Signals(time: 1_690_000_000, threadPosts: 12, timesQuoted: 3, replies: 2)] {
            #expect(ranker.prior(signals) == ranker.factors(signals).reduce(1) { $0 * $1.value }, "\(signals)")
        }
    }

    @Test func quotingPostsAreCreditedToTheWriter() throws {
        let results = try resolvedCorpus().search("\"kettles whistle loudly\"")
        #expect(results.hits.map(\.id) == ["w"])
        #expect(results.hits[0].quotedBy == ["jsonl:q1", "jsonl:q2"])
        #expect(results.hits[0].timesQuoted == 2)
        let json = JSONRenderer.results(results, options: SearchOptions())
        #expect(json.contains(#""quoted_by":2"#) && json.contains(#""quoted_by_keys":["jsonl:q1","jsonl:q2"]"#))
        let text = HitTextRenderer(style: TextStyle(ansi: false)).render(results, offset: 0)
        #expect(text.contains("quoted by 2: jsonl:q1, jsonl:q2"))
    }

    @Test func onlyQuotedTextQueryKeepsTheQuoters() throws {
        let results = try resolvedCorpus().search("q:kettles")
        #expect(Set(results.hits.map(\.id)) == ["q1", "q2"])
    }

    @Test(arguments: [
        ("kettles author:jane", ["w"]),
        ("kettles @jane@x.org", ["w"]),
        ("kettles from:DOE", ["w"]),
        ("kettles -author:jane", ["o", "q1", "q2"]), // the writer is filtered out: its quoters stay
        ("kettles after:2024", ["o"]),
        ("kettles before:2024", ["w"]),
        ("kettles date:2023-11..2023-11", ["w"]),
        ("author:carol", ["p"]),
        ("is:root kettles", ["w", "o"]),
        ("title:kettles", ["o"]),
        ("nq:kettles", ["w", "o"]),
        ("thread:u", ["o", "p"]),
        ("quotes:jsonl:w", ["q1", "q2"]),
        ("quotes:w agree", ["q1"]),
        ("source:jsonl NEAR(kettles loudly, 1)", ["w"]),
        ("author:nobody kettles", []),
    ])
    func filters(query: String, ids: [String]) throws {
        let results = try resolvedCorpus().search(query, options: SearchOptions(limit: 50, allWords: true))
        #expect(Set(results.hits.map(\.id)) == Set(ids), "hits for \(query)")
    }

    @Test func filtersAloneListNewestFirst() throws {
        let results = try resolvedCorpus().search("after:2023 -author:filler", options: SearchOptions(limit: 3))
        #expect(results.hits.map(\.id) == ["p", "o", "q2"])
    }

    @Test func partialMatchesFillThePage() throws {
        let index = try resolvedCorpus()
        let results = try index.search("kettles noon pans", options: SearchOptions(limit: 10))
        #expect(results.total == 0)
        #expect(results.hits.map(\.id) == ["o"])
        #expect(results.hits[0].partial && results.hits[0].missing == ["pans"])
        let json = JSONRenderer.results(results, options: SearchOptions())
        #expect(json.contains(#""missing":["pans"]"#) && json.contains(#""partial":true"#))
        #expect(try index.search("kettles noon pans", options: SearchOptions(allWords: true)).hits.isEmpty)
        let mixed = try index.search("kettles whistle noon", options: SearchOptions(limit: 10))
        #expect(mixed.hits.first?.id == "o" && mixed.hits.first?.partial == false)
        #expect(mixed.hits.dropFirst().allSatisfy { $0.partial })
    }

    @Test func sortsChangeTheOrderNotTheSet() throws {
        let index = try resolvedCorpus()
        var sets: [Set<String>] = []
        for sort in SearchSort.allCases {
            let hits = try index.search("copper OR kettles", options: SearchOptions(limit: 100, sort: sort)).hits
            sets.append(Set(hits.map(\.key)))
            if sort == .newest { #expect(hits.map(\.time) == hits.map(\.time).sorted { ($0 ?? 0) > ($1 ?? 0) }) }
            if sort == .oldest { #expect(hits.map(\.time) == hits.map(\.time).sorted { ($0 ?? 0) < ($1 ?? 0) }) }
            if sort == .quoted { #expect(hits.first?.id == "w") }
        }
        #expect(Set(sets).count == 1)
    }

    @Test func explainShowsBM25PerColumnAndPriors() throws {
        let hit = try #require(try resolvedCorpus().search("dawn", options: SearchOptions(explain: true)).hits.first)
        let dump = try #require(hit.explanation).dump
        #expect(dump.contains("title only") && dump.contains("own text only") && dump.contains("quoted by (distinct posts) 2"))
        #expect(abs(try #require(hit.explanation).value - hit.score) < 1e-9)
    }

    @Test func threadModeVotesAndDescribesThreads() throws {
        let results = try resolvedCorpus().searchThreads("dawn", options: SearchOptions(limit: 5))
        let first = try #require(results.threads.first)
        #expect(first.thread == "t")
        #expect(first.matched == 3 && first.total == 3)
        #expect(first.best.id == "w")
        #expect(first.authors.first == "Jane Doe <jane@x.org>")
        let json = JSONRenderer.threads(results, options: SearchOptions())
        for key in [#""threads":"#, #""matched":3"#, #""total":3"#, #""best":{"#, #""source":"jsonl""#] {
            #expect(json.contains(key), "JSON has \(key)")
        }
        let text = ThreadTextRenderer(style: TextStyle(ansi: false)).render(results, offset: 0)
        #expect(text.contains("Lamps  [3/3]") && text.contains("open: tsearch thread jsonl:t"))
    }

    @Test(arguments: [ThreadVote.max, .combMNZ, .topSum(3)])
    func votes(vote: ThreadVote) {
        let scores = [3.0, 2.0, 1.0, 0.0, 1.0]
        let expected: Double = switch vote {
        case .max: 3
        case .combMNZ: 7 * 4
        case .topSum: 6
        }
        #expect(vote.combine(scores) == expected)
    }
}
