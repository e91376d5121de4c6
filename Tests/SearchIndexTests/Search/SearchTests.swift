import Testing
@testable import SearchIndex

struct SearchTests {
    /// A writer, two replies that quote the writer, and filler posts so that bm25's IDF does
    /// not floor the words under test.
    static func corpus() throws -> SearchIndex {
        let index = try SearchIndex()
        let posts = [
            Fixtures.line(id: "w", thread: "t", author: "writer", title: "Lamps", body: "Copper kettles whistle loudly at dawn."),
            Fixtures.line(id: "q1", thread: "t", parent: "w", author: "echo1", body: "> Copper kettles whistle loudly at dawn.\nI agree."),
            Fixtures.line(id: "q2", thread: "t", parent: "q1", author: "echo2", body: "> > Copper kettles whistle loudly at dawn.\n> I agree.\nMe too."),
            Fixtures.filler(40),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(posts, into: index)
        return index
    }

    /// Both replies only echo the writer's words (q2 through q1's quote): the writer is the
    /// one result, with the echoes attached.
    @Test func writerIsCreditedWithTheEchoes() throws {
        let results = try Self.corpus().search("\"kettles whistle\"")
        #expect(results.total == 3)
        #expect(results.hits.map(\.id) == ["w"])
        #expect(Set(results.hits[0].quotedBy) == ["jsonl:q1", "jsonl:q2"])
        #expect(results.hits[0].snippet.column == .own)
    }

    /// Without resolved quotes (the quoted post is not in the index), an echo stays a result
    /// of its own, ranked below the writer and labelled quoted.
    @Test func unresolvedEchoRanksBelowTheWriter() throws {
        let index = try SearchIndex()
        let posts = [
            Fixtures.line(id: "w", thread: "t", body: "Copper kettles whistle loudly at dawn."),
            Fixtures.line(id: "e", thread: "u", body: "> Copper kettles whistle loudly at sunset.\nNo."),
            Fixtures.filler(40),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(posts, into: index)
        let results = try index.search("\"kettles whistle\"")
        #expect(results.hits.map(\.id) == ["w", "e"])
        #expect(results.hits[0].score > results.hits[1].score)
        #expect(results.hits[1].snippet.column == .quoted)
    }

    /// The snippet comes from the own text when the words are there, else from the title, else
    /// from the quoted text; each marks the words.
    @Test func snippetComesFromTheColumnThatHoldsTheWords() throws {
        let index = try SearchIndex()
        let posts = [
            Fixtures.line(id: "own", thread: "a", title: "Lanterns", body: "Brass lanterns glow at night."),
            Fixtures.line(id: "title", thread: "b", title: "Brass fittings", body: "They tarnish in the rain."),
            Fixtures.line(id: "quoted", thread: "c", body: "> Brass is an alloy.\nNot steel, then."),
            Fixtures.line(id: "both", thread: "d", title: "Brass bells", body: "> Brass rings.\nBrass bells ring true."),
            Fixtures.filler(40),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(posts, into: index)
        let hits = try index.search("brass").hits
        let columns = Dictionary(uniqueKeysWithValues: hits.map { ($0.id, $0.snippet.column) })
        #expect(columns == ["own": .own, "title": .title, "quoted": .quoted, "both": .own])
        for hit in hits {
            let scalars = Array(hit.snippet.text.unicodeScalars)
            #expect(Set(hit.snippet.matches.map { String(String.UnicodeScalarView(scalars[$0])).lowercased() }) == ["brass"])
        }
    }

    @Test func snippetMarksMatches() throws {
        let hit = try #require(try Self.corpus().search("whistle").hits.first)
        let scalars = Array(hit.snippet.text.unicodeScalars)
        let marked = hit.snippet.matches.map { String(String.UnicodeScalarView(scalars[$0])) }
        #expect(marked == ["whistle"])
    }

    @Test(arguments: [
        ("kettles", ["w", "q1", "q2"]),
        ("agree", ["q1", "q2"]),
        ("agree -too", ["q1"]),
        ("dawn OR garden", nil),
        ("kettl*", ["w", "q1", "q2"]),
        ("\"dawn copper\"", []),
        ("whistling", ["w", "q1", "q2"]),
    ] as [(String, [String]?)])
    func finds(query: String, ids: [String]?) throws {
        let results = try Self.corpus().search(query, options: SearchOptions(limit: 100))
        // Echoes credited to their writer are attached to it, not lost.
        let found = results.hits.map(\.id) + results.hits.flatMap(\.quotedBy).map { String($0.dropFirst("jsonl:".count)) }
        if let ids {
            #expect(Set(found) == Set(ids), "hits for \(query)")
        } else {
            #expect(results.total > 3, "hits for \(query)")
        }
        #expect(results.total == found.count, "total for \(query)")
    }

    @Test func pagesWithLimitAndOffset() throws {
        let index = try Self.corpus()
        let all = try index.search("note", options: SearchOptions(limit: 40)).hits.map(\.id)
        let page2 = try index.search("note", options: SearchOptions(limit: 10, offset: 10)).hits.map(\.id)
        #expect(all.count == 40)
        #expect(page2 == Array(all[10..<20]))
    }

    @Test func badQueryThrowsQueryError() throws {
        #expect(throws: QueryError.unclosedQuote(position: 1)) { try Self.corpus().search("\"open") }
    }
}

struct TotalTests {
    /// Counting stops at the limit: the total is then a lower bound, and says so.
    @Test(arguments: [
        // (query, count limit, total, exact)
        ("note", nil, 3000, true),
        ("note", 3000, 3000, true),
        ("note", 2999, 2999, false),
        ("note", 1000, 1000, false),
        ("garden", 1000, 900, true),
        ("note after:2020", 25, 25, false),
        ("author:ann", 25, 25, false),
        ("author:ann", nil, 3000, true),
    ] as [(String, Int?, Int, Bool)])
    func totalIsExactOrFlaggedAsALowerBound(query: String, countLimit: Int?, total: Int, exact: Bool) throws {
        let results = try Self.index.search(query, options: SearchOptions(countLimit: countLimit))
        #expect(results.total == total, "total for \(query), limit \(String(describing: countLimit))")
        #expect(results.totalIsExact == exact, "exact for \(query), limit \(String(describing: countLimit))")
        #expect(results.hits.count == 20)
    }

    /// The limit never cuts below the page asked for.
    @Test func aLimitBelowThePageCountsAtLeastThePage() throws {
        let results = try Self.index.search("note", options: SearchOptions(limit: 20, offset: 40, countLimit: 10))
        #expect(results.total == 60 && !results.totalIsExact)
        #expect(results.hits.count == 20)
    }

    @Test func renderersSayWhenTheTotalIsALowerBound() throws {
        let bounded = try Self.index.search("note", options: SearchOptions(countLimit: 1000))
        #expect(HitTextRenderer(style: TextStyle(ansi: false)).render(bounded, offset: 0).contains("1-20 of 1000+ posts"))
        #expect(JSONRenderer.results(bounded, options: SearchOptions()).contains(#""total":1000,"total_exact":false"#))
        let exact = try Self.index.search("garden")
        #expect(HitTextRenderer(style: TextStyle(ansi: false)).render(exact, offset: 0).contains("1-20 of 900 posts"))
        #expect(JSONRenderer.results(exact, options: SearchOptions()).contains(#""total":900,"total_exact":true"#))
    }

    static let index: SearchIndex = {
        let index = try! SearchIndex()
        try! Fixtures.importJSONL(Fixtures.filler(3000), into: index)
        return index
    }()
}

struct TimeLimitTests {
    @Test func aSearchPastItsLimitStopsWithAClearError() throws {
        let index = try SearchIndex()
        try Fixtures.importJSONL(Fixtures.filler(3000), into: index)
        #expect(throws: QueryError.tooSlow(seconds: 0)) {
            try index.search("note", options: SearchOptions(timeLimit: 0))
        }
        #expect(QueryError.tooSlow(seconds: 10).errorDescription?.hasPrefix("the search took more than 10 s and was stopped") == true)
        // Without a limit, and with the default one, the same search answers.
        #expect(try index.search("note", options: SearchOptions(timeLimit: nil, countLimit: nil)).total == 3000)
        #expect(try index.search("note", options: SearchOptions(countLimit: nil)).total == 3000)
        #expect(try index.searchThreads("note", options: SearchOptions(timeLimit: nil)).total > 0)
    }
}
