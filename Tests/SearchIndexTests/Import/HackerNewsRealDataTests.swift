import Foundation
import Testing
@testable import SearchIndex

/// Reads the 1,000 real HN comments and checks that every paragraph starting with `&gt;` comes
/// out as a quoted span.
@Suite(.enabled(if: RealData.exists("hn-typesense-1000/hn-comments-1000-sample.jsonl")))
struct HackerNewsRealDataTests {
    @Test func readsTheSample() throws {
        let path = RealData.path("hn-typesense-1000/hn-comments-1000-sample.jsonl").path
        let items = try readAll(HackerNewsReader(InputFile(path: path)))
        let posts = items.compactMap(\.post)
        #expect(items.count == 1000)
        #expect(posts.count == 1000)
        #expect(posts.allSatisfy { $0.thread == nil && $0.parent != nil && $0.time != nil && $0.author != nil })
        #expect(posts.allSatisfy { !$0.ownText.contains("&#x27;") && !$0.ownText.contains("<p>") })

        // Count in the raw text: paragraphs (split at <p>) whose text starts with "&gt;".
        struct Line: Decodable { var id: String; var text: String }
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
        // HN writers also put the quote in italics: "<i>&gt; ...</i>" (4 paragraphs, 3 comments).
        var quotedParagraphs = 0, italicQuotedParagraphs = 0
        var commentsWithQuotes = Set<String>(), commentsWithPlainQuotes = Set<String>()
        for line in lines {
            for paragraph in line.text.components(separatedBy: "<p>") {
                let trimmed = paragraph.trimmingCharacters(in: .whitespaces)
                if trimmed.hasPrefix("&gt;") {
                    quotedParagraphs += 1
                    commentsWithQuotes.insert(line.id)
                    commentsWithPlainQuotes.insert(line.id)
                } else if trimmed.hasPrefix("<i>&gt;") {
                    italicQuotedParagraphs += 1
                    commentsWithQuotes.insert(line.id)
                }
            }
        }
        #expect(quotedParagraphs == 197)
        #expect(commentsWithPlainQuotes.count == 118)
        #expect(italicQuotedParagraphs == 4)
        #expect(commentsWithQuotes.count == 121)

        // Each quoted paragraph is its own span: HTMLText separates paragraphs by a blank line,
        // which ends a span, so adjacent quoted paragraphs do not merge.
        let spans = posts.reduce(0) { $0 + $1.quotes.count }
        let postsWithSpans = posts.filter { !$0.quotes.isEmpty }
        print("hn: comments \(posts.count), quoted paragraphs \(quotedParagraphs) in \(commentsWithQuotes.count) comments;"
            + " spans \(spans) in \(postsWithSpans.count) comments")
        #expect(Set(postsWithSpans.map(\.id)) == commentsWithQuotes)
        #expect(spans == quotedParagraphs + italicQuotedParagraphs)
    }
}
