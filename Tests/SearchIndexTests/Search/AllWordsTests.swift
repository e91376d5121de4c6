import GRDB
import Testing
@testable import SearchIndex

/// A query of several phrases that must all be there, ranked in one pass, gives the pool
/// `ORDER BY rank` gives.
struct AllWordsTests {
    @Test(arguments: [
        ("kettle garden", "\"kettle\" AND \"garden\""),
        ("kettl* window", "\"kettl\"* AND \"window\""),
        ("\"garden kettle\" river", "\"garden kettle\" AND \"river\""),
        // Two phrases on the same tokens: a row has fewer tokens than the instances of both.
        ("kettle kettl*", "\"kettle\" AND \"kettl\"*"),
        ("lantern meadow copper", "\"lantern\" AND \"meadow\" AND \"copper\""),
    ])
    func onePassGivesTheExhaustivePool(query: String, match: String) throws {
        let index = try ChampionListTests.corpus()
        // Without champion lists, then with them (the phrases' counts then come from the lists).
        for (lists, limit) in [(false, 1), (false, 20), (false, 100), (true, 20), (true, 100)] {
            if lists { try index.makeChampionLists(minHits: 300, size: 150) }
            let (pool, hits, count) = try index.reader.read { db in
                let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
                #expect(compiled.match == match)
                let phrases = try #require(Searcher.allWordsPhrases(compiled.match!, compiled: compiled))
                let (pool, hits, phraseHits) = try Searcher(db: db).allWordsCandidates(match: match, phrases: phrases, limit: limit)
                func count(_ expression: String) throws -> Int? {
                    try Int.fetchOne(db, sql: "SELECT count(*) FROM post_fts WHERE post_fts MATCH ?", arguments: [expression])
                }
                #expect(try phraseHits == phrases.map { try count($0) })
                // With lists, the words in at least 300 posts take their counts from them.
                let listed = try phrases.filter { try ChampionList(db: db).exactHits($0) != nil }
                #expect(listed.isEmpty == !lists, "\(query)")
                return (pool.map { ($0.id, $0.bm25) }, hits, try count(match))
            }
            #expect(hits == count)
            let exhaustive = try ChampionListTests.exhaustive(index, match, limit: limit)
            #expect(!pool.isEmpty)
            ChampionListTests.expectSame(pool, exhaustive, exact: true, "\(query), limit \(limit)")
        }
    }

    @Test(arguments: [
        ("kettle garden", true), ("kettle", false), ("kettle -garden", false), ("kettle garden author:ann", false),
        ("title:kettle garden", false), ("kettle OR garden", false), ("NEAR(kettle garden) river", false),
        ("(kettle OR lamp) garden", false), ("\"a b\" ket*", true),
    ])
    func allWordsQueries(query: String, all: Bool) throws {
        let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
        #expect((Searcher.allWordsPhrases(compiled.match!, compiled: compiled) != nil) == all, "\(query)")
    }

    /// With a floor, every row still comes, a row returned has the stats it has without the
    /// floor, and a row left out scores below the floor; `kettle` is in a post 1 to 5 times:
    /// with the best score as the floor, most rows are left out unread.
    @Test(arguments: [("\"kettle\" AND \"garden\"", true), ("\"kettle\" AND \"kettl\"*", true), ("\"garden\" AND \"river\"", false)])
    func aFloorLeavesOutOnlyRowsBelowIt(match: String, mostBelowTheBest: Bool) throws {
        let index = try ChampionListTests.corpus()
        try index.reader.read { db in
            var all: [Int64: PhraseStats] = [:]
            try PhraseStats.scan(match, floor: nil, db) { id, stats in
                let stats: PhraseStats = try #require(stats)
                all[id] = stats
            }
            let first = try #require(all.values.first)
            #expect(first.frequencies.count == 2)
            let idf = [2.5, 0.75]
            let scores = all.values.map { $0.score(idf: idf) }.sorted(by: >)
            for rank in [0, 4, scores.count / 2] {
                let buffer = UnsafeMutableBufferPointer<Double>.allocate(capacity: 2)
                _ = buffer.initialize(from: idf)
                let floor = UnsafeMutablePointer<PhraseStats.Floor>.allocate(capacity: 1)
                defer {
                    floor.deallocate()
                    buffer.deallocate()
                }
                floor.initialize(to: PhraseStats.Floor(score: scores[rank], averageLength: first.averageLength, idf: buffer))
                var seen = 0
                var left = 0
                try PhraseStats.scan(match, floor: floor, db) { id, stats in
                    seen += 1
                    let expected = try #require(all[id])
                    if let stats { #expect(stats == expected) } else {
                        left += 1
                        #expect(expected.score(idf: idf) < scores[rank])
                    }
                }
                #expect(seen == all.count)
                #expect(left <= all.count - (rank + 1))
                if rank == 0, mostBelowTheBest { #expect(left > all.count / 2, "\(match): \(left) of \(all.count)") }
            }
        }
    }
}
