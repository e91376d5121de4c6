import GRDB
import Testing
@testable import SearchIndex

/// Champion lists must give the pool the exhaustive ranking gives, or step aside.
struct ChampionListTests {
    /// 1,000 posts: `kettle` in 400 of them, 1 to 5 times, in posts of different lengths (no two
    /// alike, so no ties), a few in titles; the others are filler.
    static func corpus() throws -> SearchIndex {
        let index = try SearchIndex()
        try Fixtures.importJSONL(lines(0..<1000), into: index)
        return index
    }

    static func lines(_ range: Range<Int>, kettles: (Int) -> Int = { 1 + $0 % 5 }) -> String {
        let words = ["garden", "river", "bicycle", "lantern", "harbor", "meadow", "violin", "pepper", "window", "copper"]
        return range.map { i in
            let filler = (0..<(3 + i % 97)).map { words[($0 * 7 + i) % 10] }.joined(separator: " ")
            let body = i % 5 < 2 ? filler + String(repeating: " kettle", count: kettles(i)) : filler
            return Fixtures.line(id: "p\(i)", thread: "t\(i % 50)", title: i % 37 == 0 ? "Kettle \(i)" : nil, body: body)
        }.joined(separator: "\n")
    }

    /// The pool FTS5 ranks from every match: ids and bm25 (sign flipped), best first.
    static func exhaustive(_ index: SearchIndex, _ match: String, limit: Int) throws -> [(Int64, Double)] {
        try index.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT rowid, rank FROM post_fts WHERE post_fts MATCH ? AND rank MATCH ? ORDER BY rank LIMIT ?
                """, arguments: [match, BM25.rankFunction, limit]).map { ($0[0], BM25.score(fromRank: $0[1])) }
        }
    }

    /// The list's pool, or `nil` when it steps aside.
    static func champions(_ index: SearchIndex, _ query: String, limit: Int) throws -> [(Int64, Double)]? {
        try index.reader.read { db in
            let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
            return try ChampionList(db: db).candidates(match: compiled.match!, compiled: compiled, limit: limit)?
                .map { ($0.id, $0.bm25) }
        }
    }

    /// Same posts in the same order, same scores; with `scaled`, scores up to one factor for
    /// all (the IDF, when posts were removed since the lists were made).
    /// The same ids in the same order, with the same scores: to the last bit with `exact`,
    /// else within 1e-9 (after scaling `a` to `b`'s first score with `scaled`).
    static func expectSame(_ a: [(Int64, Double)], _ b: [(Int64, Double)], scaled: Bool = false, exact: Bool = false, _ comment: Comment) {
        #expect(a.map(\.0) == b.map(\.0), comment)
        if exact {
            #expect(a.map(\.1) == b.map(\.1), comment)
            return
        }
        let factor = scaled ? (b.first?.1 ?? 1) / (a.first?.1 ?? 1) : 1
        for (x, y) in zip(a, b) { #expect(abs(x.1 * factor - y.1) <= 1e-9 * max(1, abs(y.1)), comment) }
    }

    @Test func matchStatsGiveFTS5sBM25() throws {
        let index = try Self.corpus()
        let rows = try index.reader.read { db in
            try Row.fetchAll(db, sql: """
                SELECT rank, \(MatchStats.call) FROM post_fts WHERE post_fts MATCH '"kettle"' AND rank MATCH ?
                """, arguments: [BM25.rankFunction])
        }
        #expect(rows.count > 400)  // 400 bodies, some titles
        for row in rows {
            let stats = try #require(MatchStats(blob: row[1]))
            let score = BM25.score(frequency: stats.frequency, length: stats.length, averageLength: stats.averageLength,
                                   idf: BM25.idf(rows: stats.rows, hits: Double(rows.count)))
            #expect(abs(score - BM25.score(fromRank: row[0])) < 1e-12)
        }
    }

    @Test(arguments: [1, 20, 100, 120])
    func listGivesTheExhaustivePool(limit: Int) throws {
        let index = try Self.corpus()
        let summary = try index.makeChampionLists(minHits: 300, size: 150)
        #expect(summary.terms >= 1)
        let pool = try #require(try Self.champions(index, "kettle", limit: limit))
        Self.expectSame(pool, try Self.exhaustive(index, "\"kettle\"", limit: limit), "kettle, limit \(limit)")
        // The same word as a one-word phrase, another form of it, and what a search shows.
        #expect(try Self.champions(index, "\"kettle\"", limit: limit)?.map(\.0) == pool.map(\.0))
        #expect(try Self.champions(index, "kettles", limit: limit)?.map(\.0) == pool.map(\.0))
    }

    @Test func searchResultsAreTheSameWithAndWithoutLists() throws {
        let index = try Self.corpus()
        let options = SearchOptions(limit: 20, countLimit: nil)
        let before = try index.search("kettle", options: options)
        let threadsBefore = try index.searchThreads("kettle", options: SearchOptions(limit: 5))
        try index.makeChampionLists(minHits: 300, size: 600)
        #expect(try Self.champions(index, "kettle", limit: 500) != nil)
        let after = try index.search("kettle", options: options)
        #expect(after.hits.map(\.key) == before.hits.map(\.key))
        #expect(after.hits.map(\.score) == before.hits.map(\.score))
        #expect(after.total == before.total && after.totalIsExact)
        #expect(try index.searchThreads("kettle", options: SearchOptions(limit: 5)) == threadsBefore)
    }

    @Test(arguments: [
        "kettle garden",  // two terms
        "kettl*",  // a prefix
        "\"garden kettle\"",  // a phrase
        "kettle author:ann",  // a filter
        "kettle -garden",  // an exclusion
        "title:kettle",  // a column
        "lantern",  // a term without a list (below minHits)
    ])
    func listStepsAsideForOtherQueries(query: String) throws {
        let index = try Self.corpus()
        try index.makeChampionLists(minHits: 300, size: 150)
        let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
        let pool = try index.reader.read { db in
            try ChampionList(db: db).candidates(match: compiled.match!, compiled: compiled, limit: 100)
        }
        #expect(pool == nil, "\(query)")
    }

    @Test func aPoolLongerThanTheListStepsAside() throws {
        let index = try Self.corpus()
        try index.makeChampionLists(minHits: 300, size: 150)
        #expect(try Self.champions(index, "kettle", limit: 151) == nil)
    }

    /// Posts imported after the lists are scored at search time; one that outranks every listed
    /// post leads the pool.
    @Test func postsImportedLaterJoinThePool() throws {
        let index = try Self.corpus()
        try index.makeChampionLists(minHits: 300, size: 150)
        try Fixtures.importJSONL(Self.lines(1000..<1040, kettles: { 8 + $0 % 7 }), into: index)
        let pool = try #require(try Self.champions(index, "kettle", limit: 100))
        Self.expectSame(pool, try Self.exhaustive(index, "\"kettle\"", limit: 100), "after an import")
        #expect(pool.first.map(\.0)! > 1000)
    }

    /// A word's list counts the posts that hold it, new ones too, until a post changes.
    @Test func aListCountsThePostsOfItsWordUntilAPostChanges() throws {
        let index = try Self.corpus()
        try index.makeChampionLists(minHits: 300, size: 150)
        func counts() throws -> (listed: Int?, counted: Int?) {
            try index.reader.read { db in
                (try ChampionList(db: db).exactHits("\"kettle\""),
                 try Int.fetchOne(db, sql: "SELECT count(*) FROM post_fts WHERE post_fts MATCH '\"kettle\"'"))
            }
        }
        let made = try counts()
        #expect(made.listed != nil && made.listed == made.counted)
        let others = try index.reader.read { db in
            [try ChampionList(db: db).exactHits("\"zebra\""), try ChampionList(db: db).exactHits("\"kettle\"*")]
        }
        #expect(others == [nil, nil])
        try Fixtures.importJSONL(Self.lines(1000..<1040), into: index)
        let imported = try counts()
        #expect(imported.listed == imported.counted && imported.counted! > made.counted!)
        try Fixtures.importJSONL(Fixtures.line(id: "p3", thread: "t3", body: "no longer about that"), into: index)
        #expect(try counts().listed == nil)
    }

    /// A post whose text changed is scored again; a removed post leaves the pool.
    @Test func changedAndRemovedPostsAreFollowed() throws {
        let index = try Self.corpus()
        try index.makeChampionLists(minHits: 300, size: 150)
        let top = try #require(try Self.exhaustive(index, "\"kettle\"", limit: 1).first?.0)
        let last = try #require(try Self.exhaustive(index, "\"kettle\"", limit: 400).last?.0)
        // The lowest-ranked post now says kettle twelve times in few words; the best one is removed.
        try Fixtures.importJSONL(
            Fixtures.line(id: "p\(last - 1)", thread: "t0", body: String(repeating: "kettle ", count: 12)), into: index)
        try index.writer.write { db in
            try db.execute(sql: "DELETE FROM post_fts WHERE rowid = ?", arguments: [top])
            try db.execute(sql: "DELETE FROM post WHERE id = ?", arguments: [top])
        }
        let pool = try #require(try Self.champions(index, "kettle", limit: 100))
        Self.expectSame(pool, try Self.exhaustive(index, "\"kettle\"", limit: 100), scaled: true, "after a change")
        #expect(!pool.contains { $0.0 == top })
    }

    /// When posts grow longer on average than the lists allow for, they step aside.
    @Test func aLongerAverageStepsAside() throws {
        let index = try Self.corpus()
        try index.makeChampionLists(minHits: 300, size: 150)
        let long = (0..<300).map { i in
            Fixtures.line(id: "long\(i)", thread: "long", body: String(repeating: "harbor meadow violin ", count: 60))
        }.joined(separator: "\n")
        try Fixtures.importJSONL(long, into: index)
        #expect(try Self.champions(index, "kettle", limit: 100) == nil)
        #expect(try index.search("kettle").hits.count == 20)
    }

    @Test func optimizeMakesTheLists() throws {
        let index = try Self.corpus()
        try index.optimize()
        let state = try index.reader.read { db in try ChampionList.state(db) }
        #expect(state?.size == ChampionList.defaultSize)
    }

    @Test(arguments: [
        ("\"kettle\"", "kettle"),
        ("\"say \"\"hi\"\"\"", "say \"hi\""),
        ("\"kettle\"*", nil),
        ("\"a\" AND \"b\"", nil),
        ("NEAR(\"a\" \"b\")", nil),
    ] as [(String, String?)])
    func wordOfAMatchExpression(match: String, word: String?) {
        #expect(ChampionList.word(of: match) == word, "\(match)")
    }

    @Test(arguments: [0, 1, 127, 128, 300, 16_383, 16_384, 1_000_000, UInt64(Int64.max), UInt64.max] as [UInt64])
    func varintsRoundTrip(value: UInt64) {
        var bytes: [UInt8] = []
        ChampionList.Varint.append(value, to: &bytes)
        ChampionList.Varint.append(7, to: &bytes)
        #expect(bytes.count == (value < 128 ? 1 : value < 16_384 ? 2 : bytes.count - 1) + 1)
        bytes.withUnsafeBytes { raw in
            var offset = 0
            #expect(ChampionList.Varint.read(raw, at: &offset) == value)
            #expect(ChampionList.Varint.read(raw, at: &offset) == 7)
            #expect(ChampionList.Varint.read(raw, at: &offset) == nil)
        }
    }
}
