import Testing
@testable import SearchIndex

struct JSONLReaderTests {
    private func read(_ text: String) throws -> [ReadItem] {
        try readAll(text, name: "posts.jsonl") { JSONLReader($0, defaultSource: "test") }
    }

    @Test func readsEveryField() throws {
        let items = try read("""
            {"id": 7, "thread": "t1", "parent": 6, "author": "ann", "time": "2022-05-03T10:00:00Z", "title": "T", "body": "> q\\nhello", "url": "https://x", "score": 5, "source": "forum"}
            """)
        #expect(items == [.post(Post(
            source: "forum", id: "7", thread: "t1", parent: "6", author: "ann", time: 1_651_572_000,
            title: "T", url: "https://x", score: 5, ownText: "hello", quotes: [QuotedSpan(text: "q", position: 0)]))])
    }

    @Test(arguments: [
        ("{\"id\":\"1\"}", "line 1: post 1: missing required field \"body\""),
        ("{\"body\":\"x\"}", "line 1: missing required field \"id\""),
        ("[1,2]", "line 1: not a JSON object"),
        ("{\"id\":\"1\",\"body\":", "line 1: malformed JSON"),
        ("{\"id\":{\"a\":1},\"body\":\"x\"}", "line 1: field \"id\" has the wrong type"),
    ])
    func reportsBadLines(line: String, message: String) throws {
        let items = try read(line)
        guard case let .skipped(issue)? = items.first else {
            Issue.record("expected a skipped item for \(line)")
            return
        }
        #expect(issue.description.hasSuffix(message), "message for \(line): \(issue.description)")
    }

    @Test func goesOnAfterABadLine() throws {
        let items = try read("{\"id\":\"1\",\"body\":\"a\"}\nnot json\n\n{\"id\":\"2\",\"body\":\"b\"}\n")
        #expect(items.count == 3)
        if case let .skipped(issue) = items[1] { #expect(issue.location == "line 2") } else { Issue.record("line 2 not skipped") }
        if case let .post(post) = items[2] { #expect(post.id == "2") } else { Issue.record("line 4 not read") }
    }

    @Test func defaultSourceAndNullFields() throws {
        let items = try read("{\"id\":\"1\",\"body\":\"a\",\"thread\":null,\"time\":null}")
        #expect(items == [.post(Post(source: "test", id: "1", ownText: "a"))])
    }
}

struct TimestampParserTests {
    @Test(arguments: [
        ("1665022937", 1_665_022_937),
        ("1665022937.5", 1_665_022_937),
        ("2022-10-06T02:22:17Z", 1_665_022_937),
        ("2022-10-06T02:22:17.123Z", 1_665_022_937),
        ("2022-10-06 04:22:17+02:00", 1_665_022_937),
        ("2022-10-05T21:22:17-0500", 1_665_022_937),
        ("2022-10-06T02:22:17", 1_665_022_937),
        ("2022-10-06", 1_665_014_400),
        ("1970-01-01T00:00:00Z", 0),
        ("1969-12-31T23:59:59Z", -1),
    ] as [(String, Int64)])
    func parses(raw: String, expected: Int64) {
        #expect(TimestampParser.parse(raw) == expected, "parsing \(raw)")
    }

    @Test(arguments: ["", "yesterday", "2022-13-01", "2022-10-06T25:00", "2022-10-06Tjunk"])
    func refuses(raw: String) {
        #expect(TimestampParser.parse(raw) == nil, "parsing \(raw)")
    }
}
