import Foundation
import Testing
import TestSupport
@testable import SearchIndex

/// Broken and awkward input for the readers other than JSONL, through the index: each is
/// reported with its place or absorbed, the good posts around it are searchable, and the index
/// stays consistent.
struct BadReaderInputTests {
    private let temporary = TemporaryDirectory()

    /// Imports `text` (a file named `name`) in `format` into `index`.
    @discardableResult
    private func load(_ text: String, _ format: InputFormat, name: String, into index: SearchIndex) throws -> (ImportSummary, [String]) {
        try load(Data(text.utf8), format, name: name, into: index)
    }

    @discardableResult
    private func load(_ data: Data, _ format: InputFormat, name: String, into index: SearchIndex) throws -> (ImportSummary, [String]) {
        let path = temporary.write(data, to: name)
        let issues = IssueLog()
        let summary = try index.importPosts(from: try format.makeReader(for: InputFile(path: path), source: nil),
                                            file: name, format: format.rawValue, onIssue: { issues.add($0) })
        return (summary, issues.all.map { "\($0.location): \($0.reason): \($0.detail)" })
    }

    private func ids(_ index: SearchIndex, _ query: String) throws -> [String] {
        try index.search(query).hits.map(\.id).sorted()
    }

    // MARK: - Mail

    private static func mail(_ headers: [String], _ body: String) -> String {
        "From fuzz@example.org Thu Jan  1 00:00:00 1970\n" + headers.joined(separator: "\n") + "\n\n" + body + "\n\n"
    }

    @Test func mailWithBrokenBoundariesUnknownCharsetAndDuplicates() throws {
        let index = try SearchIndex()
        // A charset nobody knows: read as UTF-8, the byte 0xE9 ('é' in Latin-1) replaced.
        var unknownCharset = Array(Self.mail(["Message-ID: <five@x>", "Content-Type: text/plain; charset=x-klingon"],
                                             "echo caf# words").utf8)
        unknownCharset[try #require(unknownCharset.firstIndex(of: UInt8(ascii: "#")))] = 0xE9
        let messages = [
            Array(Self.mail(["Message-ID: <one@x>", "Subject: first"], "alpha words").utf8),
            // The boundary never appears: the body is read as text.
            Array(Self.mail(["Message-ID: <two@x>", "Content-Type: multipart/mixed; boundary=\"never\""], "bravo words").utf8),
            // No closing delimiter: the part ends with the body.
            Array(Self.mail(["Message-ID: <three@x>", "Content-Type: multipart/alternative; boundary=b"],
                            "--b\nContent-Type: text/plain\n\ncharlie words").utf8),
            // An empty boundary: one text body.
            Array(Self.mail(["Message-ID: <four@x>", "Content-Type: multipart/mixed; boundary=\"\""], "--\ndelta words").utf8),
            unknownCharset,
            Array(Self.mail(["Subject: no id"], "foxtrot words").utf8),
            // Its parent is in no archive.
            Array(Self.mail(["Message-ID: <six@x>", "In-Reply-To: <absent@x>", "Subject: Re: lost"], "golf words").utf8),
            // No text at all: kept, found by its subject.
            Array(Self.mail(["Message-ID: <seven@x>", "Subject: hotel subject", "Content-Type: multipart/mixed; boundary=b"],
                            "--b\nContent-Type: image/png\n\nxx\n--b--").utf8),
            // The same Message-ID again with other text: the later one stays.
            Array(Self.mail(["Message-ID: <one@x>", "Subject: first"], "india words").utf8),
            // An empty body: kept, found by its subject.
            Array(Self.mail(["Message-ID: <eight@x>", "Subject: kilo subject"], "").utf8),
        ]
        let (summary, issues) = try load(Data(messages.joined()), .mbox, name: "list.mbox", into: index)
        let offset = messages[..<5].map(\.count).reduce(0, +)
        #expect(issues == ["message 6 (byte \(offset)): missing Message-ID: message 6 at byte \(offset) has no Message-ID header"])
        #expect((summary.added, summary.updated, summary.skippedTotal) == (8, 1, 1))
        for (word, id) in [("bravo", "two@x"), ("charlie", "three@x"), ("delta", "four@x"), ("echo", "five@x"),
                           ("golf", "six@x"), ("hotel", "seven@x"), ("india", "one@x"), ("kilo", "eight@x")] {
            #expect(try ids(index, word) == [id], "\(word)")
        }
        #expect(try ids(index, "alpha").isEmpty && ids(index, "foxtrot").isEmpty)
        #expect(try index.post("mail:five@x").ownText == "echo caf\u{FFFD} words")
        #expect(try index.post("mail:seven@x").ownText == "" && index.post("mail:eight@x").ownText == "")
        #expect(try index.post("mail:six@x").parent == nil)
        #expect(try index.check().passed)

        // The parent arrives later: the reply links to it and joins its thread.
        try load(Self.mail(["Message-ID: <absent@x>", "Subject: lost"], "juliet words"), .mbox, name: "later.mbox", into: index)
        #expect(try index.post("mail:six@x").parent?.id == "absent@x")
        #expect(try index.thread("mail:six@x").postCount == 2)
        #expect(try index.check().passed)
    }

    // MARK: - Discourse

    private static func post(_ fields: [String: Any]) -> String {
        String(decoding: try! JSONSerialization.data(withJSONObject: fields, options: [.sortedKeys]), as: UTF8.self)
    }

    @Test func discourseMissingParentEmptyPostAndEditedCopies() throws {
        let lines = [
            Self.post(["id": 501, "topic_id": 50, "post_number": 1, "topic_title": "Fees", "raw": "kilo words"]),
            Self.post(["id": 502, "topic_id": 50, "post_number": 2, "reply_to_post_number": 9, "raw": "lima words"]),
            Self.post(["id": 503, "topic_id": 50, "post_number": 3, "raw": "", "cooked": ""]),
            Self.post(["id": 504, "topic_id": 50, "post_number": 4, "version": 2, "raw": "mike second"]),
            Self.post(["id": 504, "topic_id": 50, "post_number": 4, "version": 1, "raw": "mike first"]),
            "{\"id\": 505, \"raw\": ",
            Self.post(["id": 506, "topic_id": 50, "post_number": 6, "raw": "november words"]),
        ]
        for order in [lines, lines.reversed()] {
            let index = try SearchIndex()
            let (summary, issues) = try load(order.joined(separator: "\n"), .discourse, name: "posts.jsonl", into: index)
            let first = order == lines
            #expect(issues == (first
                ? ["line 3: deleted: post 503 has no text", "line 6: malformed JSON: malformed JSON"]
                : ["line 2: malformed JSON: malformed JSON", "line 5: deleted: post 503 has no text"]))
            #expect(summary.added == 4)
            // The older copy of 504 never replaces the newer, whichever comes first.
            #expect(summary.skipped["older revision"] ?? 0 == (first ? 1 : 0) && summary.updated == (first ? 0 : 1))
            #expect(try ids(index, "mike") == ["504"])
            #expect(try index.post("discourse:504").ownText == "mike second")
            for (word, id) in [("kilo", "501"), ("lima", "502"), ("november", "506")] {
                #expect(try ids(index, word) == [id], "\(word)")
            }
            #expect(try index.post("discourse:502").parent == nil)
            #expect(try index.check().passed)

            // The missing parent (post number 9 of topic 50) arrives in a later import.
            try load(Self.post(["id": 509, "topic_id": 50, "post_number": 9, "raw": "oscar words"]), .discourse,
                     name: "later.json", into: index)
            #expect(try index.post("discourse:502").parent?.id == "509")
        }
    }

    /// `[quote="ghost, post:7, topic:50"]` names a post the index does not have: the span is
    /// imported, its link stays pending (method null, "source unresolved" in `show`), `check`
    /// sees no damage, and the link is made when the post arrives.
    @Test func discourseQuoteOfAPostThatDoesNotExist() throws {
        let index = try SearchIndex()
        let lines = [
            Self.post(["id": 601, "topic_id": 60, "post_number": 1, "topic_title": "Ghosts", "raw": "papa opening words"]),
            Self.post(["id": 602, "topic_id": 60, "post_number": 2, "raw":
                "[quote=\"ghost, post:7, topic:60\"]\nquebec words from a post that is gone\n[/quote]\n\nromeo reply"]),
        ]
        let (summary, issues) = try load(lines.joined(separator: "\n"), .discourse, name: "posts.jsonl", into: index)
        #expect(issues.isEmpty)
        #expect((summary.added, summary.quotes, summary.explicitQuoteLinks) == (2, 1, 0))

        let links = try index.quoteLinks(of: "discourse:602")
        #expect(links.map(\.text) == ["quebec words from a post that is gone"])
        #expect(links.map(\.source) == [nil] && links.map(\.method) == [nil])
        let json = BrowseRenderer.json(try #require(links.first))
        #expect(json.contains("\"method\":null") && json.contains("\"source\":null"))
        let view = try index.post("discourse:602")
        #expect(BrowseRenderer(style: TextStyle(ansi: false)).render(view).contains("> quebec words from a post that is gone\n  └ source unresolved"))
        #expect(try index.thread("discourse:602").roots.first { $0.post.id == "602" }?.unresolvedQuotes == 1)
        #expect(try index.search("quebec").hits.map(\.id) == ["602"])
        #expect(try index.search("quebec").hits.first?.snippet.column == .quoted)
        let check = try index.check()
        #expect(check.passed && check.notes.isEmpty, "\(check)")

        // Another import that does not bring the post leaves the link pending, untouched.
        try load(Self.post(["id": 603, "topic_id": 60, "post_number": 3, "raw": "sierra words"]), .discourse,
                 name: "more.json", into: index)
        #expect(try index.quoteLinks(of: "discourse:602").map(\.method) == [nil])

        // The post arrives: the link is made, explicitly.
        let (later, _) = try load(Self.post(["id": 607, "topic_id": 60, "post_number": 7, "raw": "quebec words from a post that is gone"]),
                                  .discourse, name: "ghost.json", into: index)
        #expect(later.explicitQuoteLinks == 1)
        let resolved = try index.quoteLinks(of: "discourse:602")
        #expect(resolved.map(\.source) == ["607"] && resolved.map(\.method) == ["explicit"])
        #expect(BrowseRenderer(style: TextStyle(ansi: false)).render(try index.post("discourse:602")).contains("quoted from discourse:607"))
        #expect(try index.check().passed)
    }

    // MARK: - Hacker News and Reddit

    @Test func hackerNewsMissingParentEmptyTextAndDuplicates() throws {
        let index = try SearchIndex()
        let lines = [
            #"{"id": 701, "by": "a", "time": 1700000000, "parent": 700, "text": "tango words"}"#,
            #"{"id": 702, "by": "b", "time": 1700000100, "parent": 701, "text": ""}"#,
            #"{"id": 703, "by": "c", "time": 1700000200, "parent": 701, "text": "uniform first"}"#,
            #"{"id": 703, "by": "c", "time": 1700000200, "parent": 701, "text": "uniform second"}"#,
            #"{"id": 704, "by": "d", "time": 1700000300, "parent": 701, "deleted": true}"#,
        ]
        let (summary, issues) = try load(lines.joined(separator: "\n"), .hn, name: "items.jsonl", into: index)
        #expect(issues == ["line 2: missing text: comment 702 has no text", "line 5: deleted: item 704 was deleted"])
        #expect((summary.added, summary.updated, summary.skippedTotal) == (2, 1, 2))
        #expect(try ids(index, "tango") == ["701"] && ids(index, "uniform") == ["703"])
        #expect(try index.post("hn:703").ownText == "uniform second")
        #expect(try index.post("hn:701").parent == nil)
        #expect(try index.check().passed)

        // The story arrives: the comments join its thread.
        try load(#"{"id": 700, "type": "story", "by": "s", "time": 1699999000, "title": "Victor story"}"#, .hn,
                 name: "story.json", into: index)
        #expect(try index.post("hn:701").parent?.id == "700")
        #expect(try index.post("hn:703").thread == "700")
        #expect(try index.check().passed)
    }

    @Test func redditMissingParentEmptyBodyAndDuplicates() throws {
        let index = try SearchIndex()
        let lines = [
            #"{"id": "r1", "parent_id": "t3_gone", "link_id": "t3_gone", "author": "a", "body": "whiskey words", "created_utc": 1650000000}"#,
            #"{"id": "r2", "parent_id": "t1_r1", "link_id": "t3_gone", "author": "b", "body": "", "created_utc": 1650000100}"#,
            #"{"id": "r3", "parent_id": "t1_r1", "link_id": "t3_gone", "author": "c", "body": "xray first", "created_utc": 1650000200}"#,
            #"{"id": "r3", "parent_id": "t1_r1", "link_id": "t3_gone", "author": "c", "body": "xray second", "created_utc": 1650000200}"#,
        ]
        let (summary, issues) = try load(lines.joined(separator: "\n"), .reddit, name: "comments.ndjson", into: index)
        #expect(issues == ["line 2: missing text: comment t1_r2 has no body"])
        #expect((summary.added, summary.updated, summary.skippedTotal) == (2, 1, 1))
        #expect(try ids(index, "whiskey") == ["t1_r1"] && ids(index, "xray") == ["t1_r3"])
        #expect(try index.post("reddit:t1_r3").ownText == "xray second")
        #expect(try index.post("reddit:t1_r1").parent == nil)
        #expect(try index.check().passed)
    }
}
