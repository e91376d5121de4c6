import GRDB
import Testing
@testable import SearchIndex

/// `tsearch_snippet`: which window of a post a hit shows, and how its words are marked.
struct SnippetFunctionTests {
    /// An index of `body` (post "p") among filler posts.
    private static func index(_ body: String, title: String? = nil) throws -> SearchIndex {
        let index = try SearchIndex()
        try Fixtures.importJSONL([Fixtures.line(id: "p", thread: "t", title: title, body: body), Fixtures.filler(30)]
            .joined(separator: "\n"), into: index)
        return index
    }

    /// `tsearch_snippet` of `column` for `match` on post "p", with `[`, `]` and `…`.
    private static func snippet(_ index: SearchIndex, _ match: String, column: Int = 1, tokens: Int = 8) throws -> String? {
        try index.reader.read { db in
            try String.fetchOne(db, sql: """
                SELECT tsearch_snippet(post_fts, ?, '[', ']', '…', ?) FROM post_fts
                WHERE post_fts MATCH ? AND rowid = (SELECT id FROM post WHERE ref = 'p')
                """, arguments: [column, tokens, match])
        }
    }

    /// Expects `snippet(index, match, column:)` to be `expected`, showing what it was.
    private static func expect(_ index: SearchIndex, _ match: String, column: Int = 1, _ expected: String,
                               sourceLocation: SourceLocation = #_sourceLocation) throws {
        let actual = try snippet(index, match, column: column)
        #expect(actual == expected, sourceLocation: sourceLocation)
    }

    private static let words = (1...40).map { "w\($0)" }

    @Test func aShortTextIsShownWhole() throws {
        let index = try Self.index("Hi, the kettle sang.")
        try Self.expect(index, "kettle", "Hi, the [kettle] sang.")
    }

    @Test func theFirstMentionIsShownWithTheTextAroundIt() throws {
        var body = Self.words
        body[20] = "kettle"
        body[30] = "kettle"
        let index = try Self.index(body.joined(separator: " "))
        // Centred on the first mention: 8 tokens, three before it.
        try Self.expect(index, "kettle", "…w18 w19 w20 [kettle] w22 w23 w24 w25…")
    }

    @Test func aMentionNearTheStartShowsTheStart() throws {
        var body = Self.words
        body[2] = "kettle"
        let index = try Self.index("Hi, " + body.joined(separator: " "))
        try Self.expect(index, "kettle", "Hi, w1 w2 [kettle] w4 w5 w6 w7…")
    }

    @Test func aMentionNearTheEndShowsTheEnd() throws {
        var body = Self.words
        body[38] = "kettle"
        let index = try Self.index(body.joined(separator: " ") + ".")
        try Self.expect(index, "kettle", "…w33 w34 w35 w36 w37 w38 [kettle] w40.")
    }

    @Test func theWindowStartsAtASentenceWhenOneStartsCloseBefore() throws {
        var body = Self.words
        body[19] += "."
        body[22] = "kettle"
        let index = try Self.index(body.joined(separator: " "))
        try Self.expect(index, "kettle", "…w21 w22 [kettle] w24 w25 w26 w27 w28…")
    }

    @Test func theWindowHoldsEveryWordWhereTheyMeet() throws {
        var body = Self.words
        body[3] = "kettle"  // alone
        body[25] = "copper"
        body[27] = "kettle"  // with copper
        let index = try Self.index(body.joined(separator: " "))
        try Self.expect(index, "kettle copper", "…w24 w25 [copper] w27 [kettle] w29 w30 w31…")
        try Self.expect(index, "kettle OR copper", "…w24 w25 [copper] w27 [kettle] w29 w30 w31…")
    }

    @Test func aPhraseIsMarkedAsOneAndAdjacentWordsEachOnTheirOwn() throws {
        let index = try Self.index("The quote graph links posts. Copper kettle here.")
        try Self.expect(index, "\"quote graph\"", "The [quote graph] links posts. Copper kettle here.")
        try Self.expect(index, "copper kettle", "The quote graph links posts. [Copper] [kettle] here.")
    }

    @Test func markedBytesFollowTheTokenizerNotTheQuery() throws {
        let index = try Self.index("Un café crème, s'il vous plaît.")
        try Self.expect(index, "cafe", "Un [café] crème, s'il vous plaît.")
        try Self.expect(index, "creme*", "Un café [crème], s'il vous plaît.")
    }

    @Test func aColumnWithoutTheWordsShowsItsStart() throws {
        let index = try Self.index(Self.words.joined(separator: " "), title: "Kettle news")
        try Self.expect(index, "kettle", column: 1, "w1 w2 w3 w4 w5 w6 w7 w8…")
        try Self.expect(index, "kettle", column: 0, "[Kettle] news")
    }

    @Test(arguments: [
        ([(5, 6, 0)], (5, 6)),
        ([(1, 2, 0), (30, 31, 0)], (1, 2)),
        ([(1, 2, 0), (30, 31, 1), (33, 34, 0)], (30, 34)),
        ([(1, 3, 0), (2, 3, 1)], (1, 3)),
        ([(0, 25, 0)], (0, 25)),  // a phrase longer than the window
    ] as [([(Int32, Int32, Int32)], (Int32, Int32))])
    func windowIsTheEarliestWithTheMostPhrases(instances: [(Int32, Int32, Int32)], expected: (Int32, Int32)) {
        let list = instances.map { SnippetFunction.Instance(start: $0.0, end: $0.1, phrase: $0.2) }
        let window = SnippetFunction.window(list, tokens: 20)
        #expect(window?.first == expected.0 && window?.end == expected.1)
    }
}

/// Arguments from other SQL than tsearch's own: clear errors or FTS5's limits, never a trap.
struct SnippetFunctionArgumentTests {
    @Test func argumentsOutOfRange() throws {
        let index = try SearchIndex()
        let words = (1...100).map { "w\($0)" }.joined(separator: " ")
        try Fixtures.importJSONL([Fixtures.line(id: "p", thread: "t", body: words + " kettle"), Fixtures.filler(30)]
            .joined(separator: "\n"), into: index)
        try index.reader.read { db in
            let huge = try String.fetchOne(db, sql: """
                SELECT tsearch_snippet(post_fts, 1, '[', ']', '…', 2000000000) FROM post_fts WHERE post_fts MATCH 'kettle'
                """)
            // At most 64 tokens, as FTS5's snippet() allows.
            #expect(huge?.hasPrefix("…w38 ") == true && huge?.hasSuffix("[kettle]") == true)
            #expect(throws: DatabaseError.self) {
                try String.fetchOne(db, sql: "SELECT tsearch_snippet(post_fts, 7, '[', ']', '…', 8) FROM post_fts WHERE post_fts MATCH 'kettle'")
            }
            #expect(throws: DatabaseError.self) {
                try String.fetchOne(db, sql: "SELECT tsearch_snippet(post_fts, 1) FROM post_fts WHERE post_fts MATCH 'kettle'")
            }
        }
    }
}
