import Testing
@testable import SearchIndex

/// Tree dumps of the field filters and NEAR, and their errors.
struct QueryFieldParserTests {
    @Test(arguments: [
        ("author:jdoe kernel", """
            and
            ├─ filter author "jdoe"
            └─ word "kernel"
            """),
        ("from:jane @bob", """
            and
            ├─ filter author "jane"
            └─ filter author "bob"
            """),
        (#"author:"Jane Doe" x"#, """
            and
            ├─ filter author "Jane Doe"
            └─ word "x"
            """),
        ("title:lamp s:kettle*", """
            and
            ├─ column title
            │  └─ word "lamp"
            └─ column title
               └─ word "kettle" prefix
            """),
        (#"title:"copper kettle""#, """
            column title
            └─ phrase "copper kettle"
            """),
        ("q:(dawn OR dusk) nq:agree", """
            and
            ├─ column q
            │  └─ or
            │     ├─ word "dawn"
            │     └─ word "dusk"
            └─ column nq
               └─ word "agree"
            """),
        ("thread:42 source:hn is:root", """
            and
            ├─ filter thread "42"
            ├─ filter source "hn"
            └─ filter is "root"
            """),
        ("after:2024 before:2024-06-01 date:2023..", """
            and
            ├─ filter after "2024"
            ├─ filter before "2024-06-01"
            └─ filter date "2023.."
            """),
        ("quotes:hn:42 -author:bot", """
            and
            ├─ filter quotes "hn:42"
            └─ not
               └─ filter author "bot"
            """),
        ("NEAR(rust kernel, 5)", """
            near 5
            └─ word "rust"
            └─ word "kernel"
            """.replacingOccurrences(of: "└─ word \"rust\"", with: "├─ word \"rust\"")),
        (#"NEAR("mail client" mutt*) NEAR"#, """
            and
            ├─ near
            │  ├─ phrase "mail client"
            │  └─ word "mutt" prefix
            └─ word "NEAR"
            """),
        ("std::vector foo:bar http://x.org Author:x", """
            and
            ├─ word "std::vector"
            ├─ word "foo:bar"
            ├─ word "http://x.org"
            └─ filter author "x"
            """),
        ("author:jdoe after:2024", """
            and
            ├─ filter author "jdoe"
            └─ filter after "2024"
            """),
    ])
    func parsesTree(query: String, dump: String) throws {
        #expect(try QueryParser.parse(query).dump == dump, "tree of \(query)")
    }

    @Test(arguments: [
        ("author: x", "'author:' at 1 needs a value, as in 'author:word'"),
        ("kernel title:", "'title:' at 8 needs a value, as in 'title:word'"),
        ("author:(a b)", "'author:' at 1 needs a value, as in 'author:word'"),
        ("-author:bot", "the query at 1 only excludes words; add a word to search for"),
        ("title:(-a)", "the query at 8 only excludes words; add a word to search for"),
        ("NEAR(a)", "'NEAR' at 1: needs at least two words"),
        ("NEAR(a b, x)", "'NEAR' at 1: the distance after ',' must be a number, as in NEAR(a b, 5)"),
        ("NEAR(a (b))", #"'NEAR' at 1: only words and phrases can stand inside, as in NEAR(a "b c", 5)"#),
        ("NEAR(a b", "unclosed '(' at 5"),
        ("title:*", "'*' at 7 must end a word, as in 'pre*'"),
        ("a (author:x))", "unexpected ')' at 13"),
    ])
    func refuses(query: String, message: String) {
        do {
            _ = try QueryParser.parse(query)
            Issue.record("\(query) parsed")
        } catch {
            #expect((error as? QueryError)?.errorDescription == message, "message for \(query.debugDescription)")
        }
    }
}
