import Foundation
import Testing
@testable import SearchIndex

/// Each reader's `looksLike(_:)` accepts its own format and no other.
@Suite struct FormatSnifferTests {
    enum Format: String, CaseIterable { case discourse, hn, reddit, other }

    static let samples: [(String, Format)] = [
        (#"{"id": 7561, "username": "rob", "cooked": "<p>x</p>", "post_number": 8, "topic_id": 2428}"#, .discourse),
        ("{\n  \"id\": 1,\n  \"topic_id\" : 9,\n  \"post_number\": 1\n}", .discourse),
        (#"{"post_stream": {"posts": []}, "id": 42}"#, .discourse),
        (#"{"id":"33103581","by":"puffoflogic","time":"1665022937","text":"x","parent":"33103150"}"#, .hn),
        (#"[{"id": 8863, "type": "story", "by": "dhouston", "time": 1175714200}]"#, .hn),
        (#"{"hits":[{"objectID":"1","created_at_i":1,"comment_text":"x"}]}"#, .hn),
        (#"{"id":"abc","parent_id":"t3_x","link_id":"t3_x","body":"x","created_utc":1,"subreddit":"swift"}"#, .reddit),
        (#"{"id":"x","title":"t","selftext":"","created_utc":"1650000000"}"#, .reddit),
        (#"{"id": "1", "thread": "1", "author": "a", "time": 1, "body": "generic"}"#, .other),
        ("From jane@example.org Tue May  3 10:00:00 2022\nSubject: hi", .other),
        ("", .other),
    ]

    @Test(arguments: samples)
    func sniffs(sample: String, format: Format) {
        let data = Data(sample.utf8)
        #expect(DiscourseReader.looksLike(data) == (format == .discourse), "input: \(sample)")
        #expect(HackerNewsReader.looksLike(data) == (format == .hn), "input: \(sample)")
        #expect(RedditReader.looksLike(data) == (format == .reddit), "input: \(sample)")
    }
}
