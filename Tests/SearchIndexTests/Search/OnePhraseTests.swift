import GRDB
import Testing
@testable import SearchIndex

/// A one-phrase query ranked in one pass gives the pool `ORDER BY rank` gives.
struct OnePhraseTests {
    @Test(arguments: [
        ("kettle", "\"kettle\""),
        ("kettl*", "\"kettl\"*"),
        ("\"garden kettle\"", "\"garden kettle\""),
        ("lantern", "\"lantern\""),
    ])
    func onePassGivesTheExhaustivePool(query: String, match: String) throws {
        let index = try ChampionListTests.corpus()
        for limit in [1, 20, 100] {
            let (pool, hits, count) = try index.reader.read { db in
                let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
                #expect(Searcher.isOnePhrase(compiled.match!, compiled: compiled))
                let (pool, hits) = try Searcher(db: db).onePhraseCandidates(match: compiled.match!, limit: limit)
                let count = try Int.fetchOne(db, sql: "SELECT count(*) FROM post_fts WHERE post_fts MATCH ?", arguments: [match])
                return (pool.map { ($0.id, $0.bm25) }, hits, count)
            }
            #expect(hits == count)
            let exhaustive = try ChampionListTests.exhaustive(index, match, limit: limit)
            #expect(!pool.isEmpty)
            ChampionListTests.expectSame(pool, exhaustive, exact: true, "\(query), limit \(limit)")
        }
    }

    @Test(arguments: [
        ("kettle garden", false), ("kettle -garden", false), ("kettle author:ann", false), ("title:kettle", false),
        ("kettle OR garden", false), ("NEAR(kettle garden)", false), ("kettle", true), ("\"a b\"", true), ("ket*", true),
    ])
    func onePhraseQueries(query: String, one: Bool) throws {
        let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
        #expect(Searcher.isOnePhrase(compiled.match!, compiled: compiled) == one, "\(query)")
    }

    /// With a floor, every row still counts, a row returned has the stats it has without the
    /// floor, and a row left out scores below the floor. `kettle` is in a post 1 to 5 times:
    /// with the best score as the floor, the posts with one or two are left out unread.
    @Test(arguments: [("\"kettle\"", true), ("\"kettl\"*", true), ("\"garden\"", false), ("\"garden kettle\"", false)])
    func aFloorLeavesOutOnlyRowsBelowIt(match: String, mostBelowTheBest: Bool) throws {
        let index = try ChampionListTests.corpus()
        try index.reader.read { db in
            var all: [Int64: MatchStats] = [:]
            let plain = try MatchStats.scan(match, floor: nil, db) { id, stats in
                let stats: MatchStats = try #require(stats)
                all[id] = stats
            }
            #expect(plain == MatchStats.ScanSummary(rows: all.count, belowFloor: 0))
            let average = try #require(all.values.first).averageLength
            func g(_ stats: MatchStats) -> Double {
                BM25.score(frequency: stats.frequency, length: stats.length, averageLength: average, idf: 1)
            }
            let scores = all.values.map(g).sorted(by: >)
            for rank in [0, 4, scores.count / 2] {
                let floor = UnsafeMutablePointer<MatchStats.Floor>.allocate(capacity: 1)
                defer { floor.deallocate() }
                floor.initialize(to: MatchStats.Floor(score: scores[rank], averageLength: average))
                var seen = 0
                let summary = try MatchStats.scan(match, floor: floor, db) { id, stats in
                    seen += 1
                    let expected = try #require(all[id])
                    if let stats { #expect(stats == expected) } else { #expect(g(expected) < scores[rank]) }
                }
                #expect(seen == all.count && summary.rows == all.count)
                #expect(summary.belowFloor <= all.count - (rank + 1))
                if rank == 0, mostBelowTheBest { #expect(summary.belowFloor > all.count / 2, "\(match): \(summary)") }
            }
        }
    }

    /// A writer credited is scored as the query scores it: its scores, made from its stats and
    /// the pool's counts, are FTS5's bm25 for the query's own expression; the posts are those
    /// that match in their title or own text.
    @Test(arguments: ["kettles", "\"copper kettles\"", "kettl*", "dawn", "kettles dawn", "kettl* whistl* copper"])
    func writersAreScoredAsTheQueryScoresThem(query: String) throws {
        let index = try SearchTests.corpus()
        try Fixtures.importJSONL(ChampionListTests.lines(0..<200), into: index, source: "more")
        let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
        let match = try #require(compiled.match)
        let count = try index.reader.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM post") ?? 0 }
        let scored = Dictionary(uniqueKeysWithValues: try ChampionListTests.exhaustive(index, match, limit: count))
        try index.reader.read { db in
            let ownMatch = "{title own_text} : (" + match + ")"
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM post ORDER BY id")
            let searcher = Searcher(db: db)
            let first = try searcher.firstPool(match: match, compiled: compiled, limit: 20)
            let hits = try #require(first.phraseHits)
            #expect(hits.count == compiled.terms.count)
            let made = try searcher.writerCandidates(ownMatch, among: ids, compiled: compiled, phraseHits: hits)
            let own = try searcher.matching(ownMatch, among: ids)
            #expect(!made.isEmpty)
            #expect(Set(made.map(\.id)) == own)
            for writer in made {
                let expected = try #require(scored[writer.id])
                #expect(writer.bm25 == expected, "\(query): post \(writer.id)")
            }
        }
    }
}
