import GRDB
import Testing
@testable import SearchIndex

/// Prefixes spelled out as the terms a page's posts hold mark the words FTS5's prefix marks.
struct PrefixExpansionTests {
    @Test func expressionsAreCutIntoStringsAndSyntax() {
        let pieces = PrefixExpansion.split(#"{title} : "lamp" AND ("kettl"* OR "say ""hi"""*) NOT "x""#)
        #expect(pieces.map(\.source) == [
            "{title} : ", #""lamp""#, " AND (", #""kettl"*"#, " OR ", #""say ""hi"""*"#, ") NOT ", #""x""#,
        ])
        #expect(pieces.filter(\.isPrefix).map(\.text) == ["kettl", #"say "hi""#])
        #expect(pieces.map(\.source).joined() == #"{title} : "lamp" AND ("kettl"* OR "say ""hi"""*) NOT "x""#)
        #expect(PrefixExpansion.split("").isEmpty)
        #expect(PrefixExpansion.split(#""open"#).map(\.text) == ["open"])
    }

    static func corpus() throws -> SearchIndex {
        let index = try SearchIndex()
        let posts = [
            Fixtures.line(id: "a", title: "Lanterns", body: "A lantern and a lanternfish swim past the lanterns."),
            Fixtures.line(id: "b", body: "Only one lantern here, by the garden gate."),
            Fixtures.line(id: "c", body: "The lanternfish glows in the deep garden of the sea."),
            Fixtures.filler(30),
        ].joined(separator: "\n")
        try Fixtures.importJSONL(posts, into: index)
        return index
    }

    static func ids(_ refs: [String], _ db: Database) throws -> [Int64] {
        try refs.map { try #require(try Int64.fetchOne(db, sql: "SELECT id FROM post WHERE ref = ?", arguments: [$0])) }
    }

    @Test func thePagesTermsReplaceThePrefix() throws {
        let index = try Self.corpus()
        try index.reader.read { db in
            let all = try Self.ids(["a", "b", "c"], db)
            #expect(try PrefixExpansion.expand(#""lantern"*"#, posts: all, db) == #"("lantern" OR "lanternfish")"#)
            #expect(try PrefixExpansion.expand(#""lantern"*"#, posts: Self.ids(["b"], db), db) == #"("lantern")"#)
            #expect(try PrefixExpansion.expand(#""garden" AND "lantern"*"#, posts: Self.ids(["c"], db), db)
                == #""garden" AND ("lanternfish")"#)
            // The prefix is the query's token: "lanterns" stems to "lantern".
            #expect(try PrefixExpansion.expand(#""lanterns"*"#, posts: Self.ids(["b"], db), db) == #"("lantern")"#)
            // Left as they are.
            #expect(try PrefixExpansion.expand(#""garden""#, posts: all, db) == nil)
            #expect(try PrefixExpansion.expand(#""the lant"*"#, posts: all, db) == nil)
            #expect(try PrefixExpansion.expand(#"NEAR("garden" "lant"*)"#, posts: all, db) == nil)
            #expect(try PrefixExpansion.expand(#""garden" OR "zebr"*"#, posts: all, db) == nil)
            #expect(try PrefixExpansion.expand(#""lantern"*"#, posts: [], db) == nil)
        }
    }

    /// Past ``PrefixExpansion/maxTerms`` terms the prefix is kept.
    @Test func aPageWithTooManyTermsKeepsThePrefix() throws {
        let index = try SearchIndex()
        let count = PrefixExpansion.maxTerms + 1
        try Fixtures.importJSONL((0..<count).map { Fixtures.line(id: "z\($0)", body: "zeta\($0)q and more") }
            .joined(separator: "\n"), into: index)
        try index.reader.read { db in
            let ids = try Int64.fetchAll(db, sql: "SELECT id FROM post ORDER BY id")
            #expect(try PrefixExpansion.expand(#""zeta"*"#, posts: ids, db) == nil)
            let fewer = try #require(try PrefixExpansion.expand(#""zeta"*"#, posts: Array(ids.prefix(count - 1)), db))
            #expect(fewer.components(separatedBy: " OR ").count == count - 1)
        }
    }

    /// Short posts are shown whole, so their snippets must be the same word for word.
    @Test(arguments: ["lantern*", "lanterns*", "lant* garden", "garden OR lanternf*", "title:lant*"])
    func snippetsMarkTheWordsThePrefixMarks(query: String) throws {
        let index = try Self.corpus()
        try index.reader.read { db in
            let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: 0)
            let (_, pool, _) = try Searcher(db: db).rankedPool(compiled, options: SearchOptions())
            #expect(!pool.isEmpty, "\(query)")
            // The page's snippets are read with the prefix spelled out.
            #expect(try PrefixExpansion.expand(compiled.match!, posts: pool.map(\.id), db) != nil, "\(query)")
            var spelled = HitLoader(db: db)
            try spelled.prepare(pool, compiled: compiled)
            let plain = HitLoader(db: db)
            for candidate in pool {
                let a = try #require(try spelled.hit(candidate, compiled: compiled))
                let b = try plain.hit(candidate, compiled: compiled)
                #expect(a == b, "\(query): post \(candidate.id)")
                #expect(a.snippet.hasMatches)
            }
        }
    }
}
