import Foundation
import Testing
import TestSupport
@testable import SearchIndex

/// Mutated Hacker News items and Reddit comments (seeded; see ``FuzzRun``), as JSON Lines.
struct WebReaderFuzzTests {
    static func jsonLine(_ object: [String: Any]) -> String {
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// A story every 6 items, then comments in its thread: API items with HN's HTML (`&gt;`
    /// quotes, links, code, entities), every third one an Algolia hit.
    static func hackerNewsItem(_ number: Int) -> FuzzUnit {
        let id = 8_100_000 + number
        let story = 8_100_000 + number / 6 * 6
        let marker = "zmark\(number)"
        let object: [String: Any]
        if number % 6 == 0 {
            object = ["id": id, "type": "story", "by": "author\(number)", "time": 1_700_000_000 + number * 60,
                      "title": "Story \(number) &amp; more", "url": "https://example.com/\(number)", "score": number,
                      "text": "<p>story text with \(marker)</p>"]
        } else if number % 3 == 0 {
            object = ["objectID": "\(id)", "_tags": ["comment", "author_a\(number)"], "author": "a\(number)",
                      "created_at_i": 1_700_000_000 + number * 60, "parent_id": id - 1, "story_id": story,
                      "story_title": "Story \(number / 6 * 6)",
                      "comment_text": "&gt; quoted from the parent<p>algolia words \(marker) &#x27;here&#x27;"]
        } else {
            object = ["id": "\(id)", "by": "user\(number)", "time": "\(1_700_000_000 + number * 60)", "parent": "\(id - 1)",
                      "text": "&gt; an earlier line<p>reply \(marker) with <a href=\"https://x.org/\(number)\">a link</a>"
                          + "<p><pre><code>let x = 1 &lt; 2\n</code></pre><p><i>emphasis</i>"]
        }
        return FuzzUnit(jsonLine(object), keepSuffix: 1, marker: marker)
    }

    /// A submission every 5 items, then comments quoting with `&gt;`, escaped `&amp;` and
    /// `&lt;`, and Markdown.
    static func redditItem(_ number: Int) -> FuzzUnit {
        let marker = "zmark\(number)"
        let submission = "s\(number / 5 * 5)k"
        let object: [String: Any]
        if number % 5 == 0 {
            object = ["id": submission, "title": "Submission \(number) &amp; co", "selftext": "self text \(marker)",
                      "author": "op\(number)", "created_utc": 1_650_000_000 + number * 60, "score": number,
                      "subreddit": "fuzz", "permalink": "/r/fuzz/comments/\(submission)/x/"]
        } else {
            object = ["id": "c\(number)k", "parent_id": number % 5 == 1 ? "t3_\(submission)" : "t1_c\(number - 1)k",
                      "link_id": "t3_\(submission)", "author": number % 4 == 0 ? "[deleted]" : "user\(number)",
                      "body": "&gt; quoted line\n\ncomment \(marker) with **bold** &amp; &lt;tags&gt;",
                      "created_utc": "\(1_650_000_000 + number * 60)", "score": "\(number)", "subreddit": "fuzz"]
        }
        return FuzzUnit(jsonLine(object), keepSuffix: 1, marker: marker)
    }

    static let hackerNewsPieces: [[UInt8]] = Mutator.common + [
        "<p>", "<p>&gt; ", "</p>", "<pre><code>", "</code></pre>", "<a href=\\\"", "</a>", "<i>", "&#x2F;",
        "&quot;", "\"deleted\": true,", "\"dead\": \"true\",", "\"type\": \"story\",", "\"parent\": \"8100000\",",
        "\"_tags\": [1, {}],", "\"hits\": [", "\"objectID\":",
    ].map { Array($0.utf8) } + [Array(String(repeating: "<p>&gt; <i>", count: 2000).utf8)]

    static let redditPieces: [[UInt8]] = Mutator.common + [
        "\\n&gt; ", "&lt;", "&amp;amp;", "[deleted]", "[removed]", "t1_", "t3_", "\"name\": \"t3_",
        "\"body\": \"[deleted]\",", "\"selftext\":", "**", "\\n\\n>", "\"created_utc\": 1e400,",
    ].map { Array($0.utf8) } + [Array(String(repeating: "\\n&gt;", count: 5000).utf8)]

    @Test func mutatedHackerNewsItemsNeverBreakTheIndex() throws {
        let fuzz = ReaderFuzz(format: .hn, units: (0..<30).map(Self.hackerNewsItem), pieces: Self.hackerNewsPieces,
                              fileName: "items.jsonl", locationPattern: /line \d+(?: item \d+)?/)
        let tally = try fuzz.run(base: 7400)
        #expect(tally.rounds == FuzzRun.rounds)
        #expect(tally.intactChecked >= tally.rounds)
    }

    /// The first comments of the real sample, mutated the same way.
    @Test(.enabled(if: RealData.exists("hn-typesense-1000/hn-comments-1000-sample.jsonl")))
    func mutatedRealHackerNewsCommentsNeverBreakTheIndex() throws {
        let text = try String(contentsOf: RealData.path("hn-typesense-1000/hn-comments-1000-sample.jsonl"), encoding: .utf8)
        let units = text.split(separator: "\n").prefix(40).map { FuzzUnit(String($0) + "\n", keepSuffix: 1) }
        let fuzz = ReaderFuzz(format: .hn, units: units, pieces: Self.hackerNewsPieces, fileName: "sample.jsonl",
                              locationPattern: /line \d+(?: item \d+)?/)
        let tally = try fuzz.run(base: 7500)
        #expect(tally.intactChecked >= tally.rounds)
    }

    @Test func mutatedRedditItemsNeverBreakTheIndex() throws {
        let fuzz = ReaderFuzz(format: .reddit, units: (0..<30).map(Self.redditItem),
                              pieces: Self.redditPieces, fileName: "comments.ndjson", locationPattern: /line \d+(?: item \d+)?/)
        let tally = try fuzz.run(base: 7600)
        #expect(tally.rounds == FuzzRun.rounds)
        #expect(tally.intactChecked >= tally.rounds)
    }
}
