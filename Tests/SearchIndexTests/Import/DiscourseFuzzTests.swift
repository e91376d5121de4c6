import Foundation
import Testing
import TestSupport
@testable import SearchIndex

/// Mutated Discourse posts (seeded; see ``FuzzRun``): as JSON Lines, and as real post files of a
/// folder, one document each.
struct DiscourseFuzzTests {
    /// A post of topic 900 + number / 5: raw with a BBCode quote naming the post before it, raw
    /// with Markdown quotes, cooked HTML with an aside quote, a topic's first post with its title.
    static func post(_ number: Int) -> FuzzUnit {
        let topic = 900 + number / 5
        let postNumber = 1 + number % 5
        let marker = "zmark\(number)"
        var object: [String: Any] = [
            "id": 71000 + number, "topic_id": topic, "post_number": postNumber, "username": "user\(number % 7)",
            "created_at": "2024-03-\(String(format: "%02d", 1 + number % 28))T10:00:00.000Z", "version": 1 + number % 3,
            "topic_slug": "fuzz-topic-\(topic)", "topic_title": "Fuzz topic \(topic) &amp; friends",
        ]
        if postNumber > 1 { object["reply_to_post_number"] = postNumber - 1 }
        let own = "the words of post \(number) with \(marker) in them"
        switch number % 4 {
        case 0:
            object["raw"] = "[quote=\"user1, post:\(max(1, postNumber - 1)), topic:\(topic)\"]\nquoted words [b]bold[/b]\n[/quote]\n\n\(own)"
            object["cooked"] = "<p>\(own)</p>"
        case 1:
            object["raw"] = "> a markdown quote\n>> nested deeper\n\n\(own) with `code` and **bold**"
        case 2:
            object["raw"] = ""
            object["cooked"] = """
                <aside class="quote no-group" data-username="user2" data-post="\(postNumber)" data-topic="\(topic)">
                <div class="title">user2:</div><blockquote><p>aside quoted words</p></blockquote></aside>
                <p>\(own) &lt;escaped&gt;</p>
                """
        default:
            object["raw"] = "[quote]\nbare quote\n[/quote]\n\(own)\n[quote=\"user3\"]\nuser quote\n[/quote]"
            object["post_url"] = "/t/fuzz-topic-\(topic)/\(topic)/\(postNumber)"
        }
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.sortedKeys])
        return FuzzUnit(String(decoding: data, as: UTF8.self) + "\n", keepSuffix: 1, marker: marker)
    }

    static let pieces: [[UInt8]] = Mutator.common + [
        "[quote=\\\"x, post:1, topic:900\\\"]", "[quote=\\\"x, post:99999999999999999999, topic:-1\\\"]", "[quote=",
        "[/quote]", "[quote]", "\\n[/quote]\\n", "<aside class=\\\"quote\\\" data-post=\\\"1\\\" data-topic=\\\"900\\\">",
        "<aside class=\\\"quote\\\">", "</aside>", "<blockquote>", "</blockquote>", "<p>", "&lt;", "\"raw\": \"",
        "\"cooked\":", "\"deleted_at\": \"2024-01-01\",", "\"user_deleted\": true,", "\"post_stream\": {\"posts\": [",
        "\"topic_id\": null,", "\"version\": \"x\",", "\"id\": 71003,", "\"post_number\": 1e400,",
    ].map { Array($0.utf8) } + [
        Array(String(repeating: "[quote]", count: 500).utf8),
        Array(String(repeating: "<aside class=\\\"quote\\\"><blockquote>", count: 300).utf8),
    ]

    @Test func mutatedJSONLinesNeverBreakTheIndex() throws {
        let fuzz = ReaderFuzz(format: .discourse, units: (0..<30).map(Self.post), pieces: Self.pieces,
                              fileName: "posts.jsonl", locationPattern: /line \d+(?: item \d+)?/)
        let tally = try fuzz.run(base: 7200)
        #expect(tally.rounds == FuzzRun.rounds)
        #expect(tally.intactChecked >= tally.rounds)
        #expect(tally.reasons["malformed JSON", default: 0] > 0, "the mutations broke some lines")
    }

    /// Real post files, one pretty-printed document each, read as one folder: a broken file is
    /// one issue that names the file and the line where its JSON breaks.
    @Test(.enabled(if: RealData.exists("discourse-delving-bitcoin/delving-bitcoin-archive-posts.tar.xz")))
    func mutatedRealPostFilesNeverBreakTheIndex() throws {
        let folder = try RealData.unpack("discourse-delving-bitcoin/delving-bitcoin-archive-posts.tar.xz",
                                         members: ["archive/posts/2022-08-August", "archive/posts/2023-01-January"])
        defer { try? FileManager.default.removeItem(at: folder) }
        let files = RealData.files(under: folder)
        try #require(files.count >= 12)
        let units = try files.map { FuzzUnit(bytes: [UInt8](try Data(contentsOf: $0))) }
        let fuzz = ReaderFuzz(format: .discourse, units: units, pieces: Self.pieces, fileNames: { "post-\($0).json" },
                              locationPattern: /document|line \d+(?: item \d+)?/, maxIssuesPerFile: 1)
        let tally = try fuzz.run(base: 7300)
        #expect(tally.intactChecked >= tally.rounds)
    }
}
