import Foundation
import Testing
@testable import SearchIndex

@Suite struct DiscourseReaderTests {
    private func read(_ text: String) throws -> [ReadItem] {
        try readAll(text) { DiscourseReader($0) }
    }

    @Test func readsOnePostWithStringValues() throws {
        let items = try read("""
        {
          "id": "7571", "topic_id": "2215", "topic_slug": "batching", "topic_title": "Batching &amp; fees",
          "post_number": "7", "reply_to_post_number": "5", "version": "3", "username": "ann",
          "created_at": "2024-02-01T10:00:00.000Z", "deleted_at": "None", "user_deleted": "False",
          "raw": "[quote=\\"murch, post:36, topic:2215\\"]\\nWe could batch.\\n[/quote]\\n\\nAgreed.",
          "cooked": "<p>ignored when raw is there</p>", "reply_to_user": {"username": "murch"}
        }
        """)
        let post = try #require(items.first?.post)
        #expect(items.count == 1)
        #expect(post.id == "7571" && post.thread == "2215" && post.source == "discourse")
        #expect(post.aliases == ["t/2215/7"] && post.parent == "t/2215/5")
        #expect(post.revision == 3 && post.author == "ann" && post.time == 1_706_781_600)
        #expect(post.title == nil && post.threadTitle == "Batching &amp; fees")
        #expect(post.url == "/t/2215/7")
        #expect(post.ownText == "Agreed.")
        #expect(post.quotes == [QuotedSpan(text: "We could batch.", attributedAuthor: "murch", explicitSource: "t/2215/36")])
    }

    @Test func readsNumbersNullsAndCooked() throws {
        let items = try read("""
        [{"id": 1, "topic_id": 9, "post_number": 1, "reply_to_post_number": null, "version": 1,
          "topic_title": "Hello", "created_at": "not a time", "raw": "",
          "cooked": "<aside class=\\"quote\\" data-post=\\"2\\" data-topic=\\"8\\" data-username=\\"bo\\"><blockquote><p>q</p></blockquote></aside><p>own</p>"}]
        """)
        let post = try #require(items.first?.post)
        #expect(post.parent == nil && post.title == "Hello" && post.time == nil && post.revision == 1)
        #expect(post.ownText == "own")
        #expect(post.quotes == [QuotedSpan(text: "q", attributedAuthor: "bo", explicitSource: "t/8/2")])
    }

    @Test func readsATopicWithItsPostStream() throws {
        let items = try read("""
        {"id": 42, "title": "Topic title", "slug": "topic-title",
         "post_stream": {"posts": [
           {"id": 100, "post_number": 1, "username": "a", "cooked": "<p>first</p>"},
           {"id": 101, "post_number": 2, "reply_to_post_number": 1, "username": "b", "cooked": "<p>second</p>"}
         ]}}
        """)
        let posts = items.compactMap(\.post)
        #expect(posts.map(\.id) == ["100", "101"])
        #expect(posts.allSatisfy { $0.thread == "42" && $0.threadTitle == "Topic title" })
        #expect(posts[0].title == "Topic title" && posts[1].parent == "t/42/1")
        #expect(posts[1].url == "/t/42/2")
    }

    @Test func readsJSONLinesAndReportsSkips() throws {
        let items = try read("""
        {"id": 1, "topic_id": 9, "post_number": 1, "raw": "one"}
        {"id": 2, "topic_id": 9, "post_number": 2, "raw": "gone", "deleted_at": "2024-01-01T00:00:00Z"}
        {"id": 3, "topic_id": 9, "post_number": 3, "raw": "", "cooked": ""}
        {"id": 4, "topic_id": 9, "post_number": 4, "raw": "(post deleted by author)", "user_deleted": true}
        not json
        {"topic_id": 9, "raw": "no id"}

        {"id": 5, "topic_id": 9, "post_number": 5, "raw": "five"}
        """)
        #expect(items.compactMap(\.post).map(\.id) == ["1", "5"])
        #expect(items.compactMap(\.issue).map { "\($0.location): \($0.reason)" } == [
            "line 2: deleted", "line 3: deleted", "line 4: deleted", "line 5: malformed JSON", "line 6: missing id",
        ])
    }

    /// A post file written over many lines with one fault is one issue at the line and column of
    /// the fault, not one per line (found by the fuzz test of real post files).
    @Test func aBrokenDocumentIsOneIssueAtItsFault() throws {
        let items = try read("""
        {
          "id": 18,
          "topic_id": 15,
          "raw": "first line" "second",
          "post_number": 1
        }
        """)
        #expect(items.compactMap(\.issue).map { "\($0.location): \($0.detail)" } == [
            "line 4: malformed JSON at column 23 (the document that starts at line 1 is skipped)",
        ])
        let unpaired = try read("{\n  \"id\": 18,\n  \"raw \\udc00\\ud800\": \"x\"\n}\n")
        #expect(unpaired.compactMap(\.issue).map { "\($0.location): \($0.reason)" } == ["line 3: malformed JSON"])
        let shape = try read("[\n  1,\n  2\n]\n")
        #expect(shape.compactMap(\.issue).map(\.detail) == [
            "valid JSON, but not Discourse posts (the document that starts at line 1 is skipped)",
        ])
    }

    /// Text that is there but cannot be read is said to be so, not "no text" (found by the
    /// fuzz test: an unpaired surrogate escape in `raw` made the post look deleted).
    @Test func unreadableTextIsAnInvalidField() throws {
        let items = try read(#"""
            {"id": 5, "raw": "a \ud800 b"}
            {"id": 6, "raw": {"x": 1}, "cooked": ""}
            {"id": 7, "raw": "", "cooked": ""}
            """#)
        #expect(items.compactMap(\.issue).map { "\($0.location): \($0.reason): \($0.detail)" } == [
            #"line 1: invalid field: post 5: field "raw" is not readable text"#,
            #"line 2: invalid field: post 6: field "raw" is not readable text"#,
            "line 3: deleted: post 7 has no text",
        ])
    }

    /// JSON Lines whose every line is broken stay one issue per line.
    @Test func brokenJSONLinesAreOneIssueEach() throws {
        let items = try read("{\"id\": 1, \"raw\": \"x\"\n{\"id\": 2, \"raw\": }\n")
        #expect(items.compactMap(\.issue).map { "\($0.location): \($0.detail)" } == [
            "line 1: malformed JSON", "line 2: malformed JSON",
        ])
    }

    @Test func baseURLMakesUrlsAbsolute() throws {
        let items = try readAll(#"{"id": 1, "topic_id": 9, "post_number": 1, "raw": "x", "post_url": "/t/s/9/1"}"#) {
            DiscourseReader($0, baseURL: "https://delvingbitcoin.org/")
        }
        #expect(items.first?.post?.url == "https://delvingbitcoin.org/t/s/9/1")
    }
}
