import Foundation
import Testing
@testable import SearchIndex

@Suite struct RedditReaderTests {
    private func read(_ text: String) throws -> [ReadItem] {
        try readAll(text) { RedditReader($0) }
    }

    /// A small thread as Pushshift and Arctic Shift dump it: a submission, then comments.
    static let thread = """
    {"id":"xyz12","title":"Is SQLite FTS5 fast enough?","selftext":"Asking for &lt;reasons&gt; &amp; more.","author":"op_user","created_utc":1650000000,"score":57,"subreddit":"swift","permalink":"/r/swift/comments/xyz12/is_sqlite_fts5_fast_enough/"}
    {"id":"abc01","name":"t1_abc01","parent_id":"t3_xyz12","link_id":"t3_xyz12","author":"alice","body":"&gt; Is SQLite FTS5 fast enough?\\n\\nYes, for millions of rows.","created_utc":"1650000100","score":"12","subreddit":"swift"}
    {"id":"abc02","parent_id":"t1_abc01","link_id":"t3_xyz12","author":"[deleted]","body":"Quoting &amp;gt; literally","created_utc":1650000200.0,"score":-2}
    {"id":"abc03","parent_id":"t1_abc01","link_id":"t3_xyz12","author":"[deleted]","body":"[deleted]","created_utc":1650000300}
    {"id":"abc04","parent_id":"t1_abc01","link_id":"t3_xyz12","author":"bob","body":"[removed]","created_utc":1650000400}
    {"name":"t3_gone1","title":"Removed post","selftext":"[removed]","author":"[deleted]","created_utc":1650000500}
    {"id":"t1_abc05","parent_id":"t3_xyz12","link_id":"t3_xyz12","link_title":"Is SQLite FTS5 fast enough?","author":"carol","created_utc":"2022-04-15T05:20:00Z","body":"Prefixed id."}
    {"parent_id":"t3_xyz12","body":"no id"}
    {"id":"abc06","parent_id":"t3_xyz12","link_id":"t3_xyz12","author":"dan","created_utc":1650000600}
    {broken
    """

    @Test func readsAThread() throws {
        let items = try read(Self.thread)
        let posts = items.compactMap(\.post)
        #expect(posts.map(\.id) == ["t3_xyz12", "t1_abc01", "t1_abc02", "t3_gone1", "t1_abc05"])
        let submission = posts[0]
        #expect(submission.source == "reddit" && submission.thread == "t3_xyz12" && submission.parent == nil)
        #expect(submission.title == "Is SQLite FTS5 fast enough?" && submission.threadTitle == submission.title)
        #expect(submission.ownText == "Asking for <reasons> & more." && submission.score == 57)
        #expect(submission.url == "https://www.reddit.com/r/swift/comments/xyz12/is_sqlite_fts5_fast_enough/")
        let reply = posts[1]
        #expect(reply.thread == "t3_xyz12" && reply.parent == "t3_xyz12" && reply.score == 12 && reply.time == 1_650_000_100)
        #expect(reply.ownText == "Yes, for millions of rows." && reply.quotes.map(\.text) == ["Is SQLite FTS5 fast enough?"])
        #expect(posts[2].author == nil && posts[2].ownText == "Quoting &gt; literally" && posts[2].time == 1_650_000_200)
        #expect(posts[3].title == "Removed post" && posts[3].ownText == "" && posts[3].author == nil)
        #expect(posts[4].threadTitle == "Is SQLite FTS5 fast enough?" && posts[4].time == 1_650_000_000)
        #expect(items.compactMap(\.issue).map { "\($0.location): \($0.reason)" } == [
            "line 4: deleted", "line 5: removed", "line 8: missing id", "line 9: missing text", "line 10: malformed JSON",
        ])
    }

    @Test func unreadableBodyIsAnInvalidField() throws {
        let items = try read(#"{"id": "r9", "parent_id": "t3_x", "body": "a \ud800 b", "created_utc": 1}"#)
        #expect(items.compactMap(\.issue).map { "\($0.reason): \($0.detail)" } == [
            #"invalid field: comment t1_r9: field "body" is not readable text"#,
        ])
    }

    @Test(arguments: [
        ("&gt;", ">"), ("&lt;&gt;&amp;", "<>&"), ("&amp;gt;", "&gt;"), ("&quot;", "&quot;"), ("a & b", "a & b"),
    ])
    func decodesRedditEscapes(raw: String, decoded: String) {
        #expect(RedditReader.decodingEscapes(raw) == decoded, "input: \(raw)")
    }
}
