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
            let pool = try index.reader.read { db in
                let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
                #expect(Searcher.isOnePhrase(compiled.match!, compiled: compiled))
                return try Searcher(db: db).onePhraseCandidates(match: compiled.match!, limit: limit).map { ($0.id, $0.bm25) }
            }
            let exhaustive = try ChampionListTests.exhaustive(index, match, limit: limit)
            #expect(!pool.isEmpty)
            ChampionListTests.expectSame(pool, exhaustive, "\(query), limit \(limit)")
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
}
