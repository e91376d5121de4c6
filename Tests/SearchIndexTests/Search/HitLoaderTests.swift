import Testing
@testable import SearchIndex

struct HitLoaderTests {
    /// Snippets read with the page (expressions with a prefix) are those read post by post.
    @Test(arguments: ["kettl*", "kettl* garden", "kettl* window dawn*", "\"copper kettles\" whistl*", "kettles"])
    func pageSnippetsAreThoseReadPostByPost(query: String) throws {
        let index = try SearchTests.corpus()
        try Fixtures.importJSONL(ChampionListTests.lines(0..<200), into: index, source: "more")
        try index.reader.read { db in
            let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
            let (_, pool, _) = try Searcher(db: db).rankedPool(compiled, options: SearchOptions())
            let page = Array(pool.prefix(20))
            #expect(!page.isEmpty, "\(query)")
            var prepared = HitLoader(db: db)
            try prepared.prepare(page, compiled: compiled)
            let single = HitLoader(db: db)
            for candidate in page {
                let a = try prepared.hit(candidate, compiled: compiled)
                let b = try single.hit(candidate, compiled: compiled)
                #expect(a == b, "\(query): post \(candidate.id)")
                #expect(a != nil)
            }
        }
    }
}
