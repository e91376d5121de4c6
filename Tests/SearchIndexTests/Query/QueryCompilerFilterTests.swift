import GRDB
import Testing
@testable import SearchIndex

/// The exact MATCH expression and bound filter SQL each construct compiles to.
struct QueryCompilerFilterTests {
    /// 2024-06-15T00:00:00Z, what relative dates count back from here.
    static let now: Int64 = 1_718_409_600

    @Test(arguments: [
        ("kettle", #""kettle""#, nil, []),
        ("NEAR(rust kernel, 5)", #"NEAR("rust" "kernel", 5)"#, nil, []),
        (#"NEAR("a b" c*)"#, #"NEAR("a b" "c"*)"#, nil, []),
        ("title:lamp q:kettle", #"({title} : "lamp") AND ({quoted_text} : "kettle")"#, nil, []),
        ("nq:(a OR b) -c", #"({own_text} : ("a" OR "b")) NOT "c""#, nil, []),
        ("s:lamp", #"{title} : "lamp""#, nil, []),
        ("@jane folio", #""folio""#, #"p.author LIKE ? ESCAPE '\'"#, ["%jane%"]),
        ("author:50%_off x", #""x""#, #"p.author LIKE ? ESCAPE '\'"#, [#"%50\%\_off%"#]),
        ("thread:42 x", #""x""#, "(t.ref = ? OR t.key = ?)", ["42", "42"]),
        ("source:hn x", #""x""#, "p.source = ?", ["hn"]),
        ("after:2024", nil, "p.time >= ?", [1_704_067_200]),
        ("before:2024-03", nil, "p.time < ?", [1_709_251_200]),
        ("after:2024-02-29", nil, "p.time >= ?", [1_709_164_800]),
        ("after:7d", nil, "p.time >= ?", [now - 7 * 86400]),
        ("before:1y", nil, "p.time < ?", [now - 365 * 86400]),
        ("date:2023..2023-06", nil, "(p.time >= ? AND p.time < ?)", [1_672_531_200, 1_688_169_600]),
        ("date:..2024", nil, "(p.time < ?)", [1_735_689_600]),
        ("is:root x", #""x""#, "(p.parent_ref IS NULL AND p.parent_id IS NULL)", []),
        ("quotes:hn:42", nil,
         "EXISTS (SELECT 1 FROM quote qf WHERE qf.post_id = p.id AND qf.source_id IN (SELECT id FROM post WHERE key = ? OR ref = ? UNION SELECT post_id FROM alias WHERE key = ?))",
         ["hn:42", "hn:42", "hn:42"]),
        ("x -author:bot", #""x""#, "NOT coalesce(p.author LIKE ? ESCAPE '\\', 0)", ["%bot%"]),
        ("(author:a OR author:b) x", #""x""#, "(p.author LIKE ? ESCAPE '\\' OR p.author LIKE ? ESCAPE '\\')", ["%a%", "%b%"]),
        ("author:jdoe -rust", nil,
         "p.author LIKE ? ESCAPE '\\' AND p.id NOT IN (SELECT rowid FROM post_fts WHERE post_fts MATCH ?)",
         ["%jdoe%", #""rust""#]),
        ("a b -c author:x after:2024", #"("a" AND "b") NOT "c""#,
         "p.author LIKE ? ESCAPE '\\' AND p.time >= ?", ["%x%", 1_704_067_200]),
    ] as [(String, String?, String?, [DatabaseValueConvertible & Sendable])])
    func compiles(query: String, match: String?, sql: String?, arguments: [DatabaseValueConvertible & Sendable]) throws {
        let compiled = try QueryCompiler.compile(try QueryParser.parse(query), now: Self.now)
        #expect(compiled.match == match, "MATCH for \(query)")
        #expect(compiled.filterSQL == sql, "SQL for \(query)")
        #expect(compiled.arguments == arguments.map(\.databaseValue), "arguments for \(query)")
    }

    @Test func partialExpression() throws {
        let compiled = try QueryCompiler.compile(try QueryParser.parse("a \"b c\" -d"), now: Self.now)
        #expect(compiled.terms.map(\.label) == ["a", "\"b c\""])
        #expect(compiled.partialMatch == #"(("a" OR "b c") NOT ("a" AND "b c")) NOT "d""#)
    }

    @Test(arguments: [
        ("after:yesterday", "'after:yesterday' at 1: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, or a time ago as 7d, 2w, 3m or 1y"),
        ("x before:2024-13", "'before:2024-13' at 3: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, or a time ago as 7d, 2w, 3m or 1y"),
        ("before:2023-02-29", "'before:2023-02-29' at 1: expected a date as YYYY, YYYY-MM or YYYY-MM-DD, or a time ago as 7d, 2w, 3m or 1y"),
        ("date:2024", "'date:2024' at 1: expected SINCE..UNTIL, either end may be empty, as in date:2023..2024-06"),
        ("date:..", "'date:..' at 1: give at least one end, as in date:2024.."),
        ("is:open", "'is:open' at 1: the only value is 'root' (posts without a parent)"),
        ("author:x OR kernel", "the group at 1 joins field filters and words by OR or NOT; field filters only combine with words by AND"),
        ("k -(author:x y)", "the group at 3 joins field filters and words by OR or NOT; field filters only combine with words by AND"),
    ])
    func refuses(query: String, message: String) throws {
        do {
            _ = try QueryCompiler.compile(try QueryParser.parse(query), now: Self.now)
            Issue.record("\(query) compiled")
        } catch {
            #expect((error as? QueryError)?.errorDescription == message, "message for \(query)")
        }
    }
}
