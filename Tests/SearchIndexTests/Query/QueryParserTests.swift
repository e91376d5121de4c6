import Testing
@testable import SearchIndex

struct QueryParserTests {
    @Test(arguments: [
        ("folio", #"word "folio""#),
        ("quote graph", """
            and
            ├─ word "quote"
            └─ word "graph"
            """),
        (#""mail client" OR mutt"#, """
            or
            ├─ phrase "mail client"
            └─ word "mutt"
            """),
        ("merge OR rebase -squash", """
            and
            ├─ or
            │  ├─ word "merge"
            │  └─ word "rebase"
            └─ not
               └─ word "squash"
            """),
        ("inter* NOT draft", """
            and
            ├─ word "inter" prefix
            └─ not
               └─ word "draft"
            """),
        ("(a OR b) AND c", """
            and
            ├─ or
            │  ├─ word "a"
            │  └─ word "b"
            └─ word "c"
            """),
        ("e-mail foo:bar or", """
            and
            ├─ word "e-mail"
            ├─ word "foo:bar"
            └─ word "or"
            """),
        ("a -(b OR c)", """
            and
            ├─ word "a"
            └─ not
               └─ or
                  ├─ word "b"
                  └─ word "c"
            """),
    ])
    func parsesTree(query: String, dump: String) throws {
        #expect(try QueryParser.parse(query).dump == dump, "tree of \(query)")
    }

    @Test(arguments: [
        ("", "the query is empty: give at least one word"),
        ("   ", "the query is empty: give at least one word"),
        (#"say "hello"#, #"unclosed '"' at 5: close the phrase with another '"'"#),
        ("OR", "'OR' at 1 needs a term on each side"),
        ("a OR", "'OR' at 3 needs a term on each side"),
        ("a OR OR b", "'OR' at 3 needs a term on each side"),
        ("AND a", "'AND' at 1 needs a term on each side"),
        ("*", "'*' at 1 must end a word, as in 'pre*'"),
        ("a**", "'*' at 2 must end a word, as in 'pre*'"),
        ("a*b", "'*' at 2 must end a word, as in 'pre*'"),
        ("-foo", "the query at 1 only excludes words; add a word to search for"),
        ("-foo -bar", "the query at 1 only excludes words; add a word to search for"),
        ("a OR -b", "the query at 6 only excludes words; add a word to search for"),
        ("NOT", "'NOT' at 1 has nothing after it to exclude"),
        ("a NOT OR b", "'NOT' at 3 has nothing after it to exclude"),
        ("a -", "'-' at 3 has no letters or digits to search for"),
        ("^", "'^' at 1 has no letters or digits to search for"),
        (":", "':' at 1 has no letters or digits to search for"),
        (#""""#, "empty phrase at 1"),
        (#"" ^ ""#, #"'" ^ "' at 1 has no letters or digits to search for"#),
        ("(a", "unclosed '(' at 1"),
        ("a)", "unexpected ')' at 2"),
        ("()", "unexpected ')' at 2"),
        ("(a OR b) c)", "unexpected ')' at 11"),
    ])
    func refuses(query: String, message: String) {
        #expect(throws: (any Error).self, "query \(query)") { try QueryParser.parse(query) }
        do {
            _ = try QueryParser.parse(query)
        } catch {
            #expect((error as? QueryError)?.errorDescription == message, "message for \(query.debugDescription)")
        }
    }
}

struct QueryCompilerTests {
    @Test(arguments: [
        ("quote graph", #""quote" AND "graph""#),
        (#""mail client" OR mutt"#, #""mail client" OR "mutt""#),
        ("folio -page", #""folio" NOT "page""#),
        ("a b -c -d", #"("a" AND "b") NOT "c" NOT "d""#),
        ("inter*", #""inter"*"#),
        ("(a OR b) c", #"("a" OR "b") AND "c""#),
        ("a -(b OR c)", #""a" NOT ("b" OR "c")"#),
        ("x (a -b)", #""x" AND ("a" NOT "b")"#),
        ("foo:bar ^x NEAR", #""foo:bar" AND "^x" AND "NEAR""#),
    ])
    func compiles(query: String, match: String) throws {
        #expect(QueryCompiler.matchExpression(for: try QueryParser.parse(query)) == match, "MATCH for \(query)")
    }
}
