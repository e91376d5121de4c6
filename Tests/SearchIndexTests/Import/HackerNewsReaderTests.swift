import Foundation
import Testing
@testable import SearchIndex

@Suite struct HackerNewsReaderTests {
    private func read(_ text: String) throws -> [ReadItem] {
        try readAll(text) { HackerNewsReader($0) }
    }

    @Test func readsAPIItems() throws {
        let items = try read("""
        {"id":"33103581","by":"puffoflogic","time":"1665022937","text":"&gt; No one is quite sure why.<p>On the contrary, we&#x27;re just not allowed to say.","parent":"33103150"}
        {"id":8863,"type":"story","by":"dhouston","time":1175714200,"title":"My YC app: Dropbox &amp; more","url":"http://www.getdropbox.com/u/2/screencast.html","score":111,"kids":[8952]}
        {"id":1,"type":"comment","deleted":true,"time":1}
        {"id":2,"type":"comment","dead":"true","by":"x","text":"spam","parent":8863}
        {"id":3,"type":"comment","by":"x","parent":8863}
        {"by":"x","text":"no id"}
        """)
        let posts = items.compactMap(\.post)
        #expect(posts.count == 2)
        let comment = posts[0]
        #expect(comment.id == "33103581" && comment.source == "hn" && comment.thread == nil)
        #expect(comment.parent == "33103150" && comment.author == "puffoflogic" && comment.time == 1_665_022_937)
        #expect(comment.ownText == "On the contrary, we're just not allowed to say.")
        #expect(comment.quotes.map(\.text) == ["No one is quite sure why."])
        let story = posts[1]
        #expect(story.thread == "8863" && story.parent == nil && story.title == "My YC app: Dropbox & more")
        #expect(story.score == 111 && story.url == "http://www.getdropbox.com/u/2/screencast.html" && story.ownText == "")
        #expect(items.compactMap(\.issue).map(\.reason) == ["deleted", "dead", "missing text", "missing id"])
    }

    @Test func readsAlgoliaHits() throws {
        let items = try read("""
        {"hits": [
          {"objectID": "200", "_tags": ["comment", "author_kim"], "author": "kim", "created_at_i": 1700000000,
           "comment_text": "<p>see <a href=\\"https://example.com/x\\">this</a></p>", "parent_id": 150, "story_id": 100,
           "story_title": "Ask HN: anything?"},
          {"objectID": "100", "_tags": ["story"], "author": "lee", "created_at": "2023-11-14T22:13:20Z",
           "title": "Ask HN: anything?", "story_text": "Body", "points": "42", "url": null}
        ]}
        """)
        let posts = items.compactMap(\.post)
        #expect(posts.map(\.id) == ["200", "100"])
        #expect(posts[0].thread == "100" && posts[0].parent == "150" && posts[0].threadTitle == "Ask HN: anything?")
        #expect(posts[0].ownText == "see this (https://example.com/x)" && posts[0].time == 1_700_000_000)
        #expect(posts[1].thread == "100" && posts[1].title == "Ask HN: anything?" && posts[1].score == 42)
        #expect(posts[1].time == 1_700_000_000 && posts[1].ownText == "Body")
    }

    @Test func readsAnArrayAndGuessesKinds() throws {
        let items = try read("""
        [
          {"id": 10, "by": "a", "time": 5, "title": "A story without type"},
          {"id": 11, "by": "b", "time": 6, "text": "a reply", "parent": 10}
        ]
        """)
        let posts = items.compactMap(\.post)
        #expect(posts.map(\.thread) == ["10", nil] && posts.map(\.parent) == [nil, "10"])
        #expect(items.compactMap(\.issue).isEmpty)
    }

    @Test func unreadableTextIsAnInvalidField() throws {
        let items = try read(#"""
            {"id": 7, "by": "x", "parent": 1, "text": "a \udc00 b"}
            {"id": 8, "by": "x", "parent": 1, "text": ["a"]}
            """#)
        #expect(items.compactMap(\.issue).map { "\($0.reason): \($0.detail)" } == [
            #"invalid field: comment 7: field "text" is not readable text"#,
            #"invalid field: comment 8: field "text" is not readable text"#,
        ])
    }

    /// An id from the input is shown escaped and cut in a message, so that it cannot break the
    /// line or drive the terminal (found by the fuzz test: a mutated id held a line break).
    @Test func idsInMessagesAreEscapedAndCut() throws {
        let long = String(repeating: "9", count: 60)
        let items = try read("""
        {"id":"332\\n48171\\u001b[2J","by":"x","parent":"1"}
        {"id":"\(long)","by":"x","parent":"1"}
        """)
        #expect(items.compactMap(\.issue).map(\.detail) == [
            "comment 332\\u{A}48171\\u{1B}[2J has no text",
            "comment " + String(repeating: "9", count: 40) + "… has no text",
        ])
    }
}
