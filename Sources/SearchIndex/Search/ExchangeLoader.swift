import Foundation
import GRDB

/// The words a reply answers: the quoted line that stands just before the matched words of a
/// post's own text, with who wrote it.
public struct Exchange: Sendable, Equatable {
    /// The last line of the quote that precedes the match, quoting markers removed.
    public var quotedLine: String
    /// The author of the quoted post, when the quote is resolved; else the name its attribution
    /// line gives, if any.
    public var quotedAuthor: String?
    /// The quoted post's key, when resolved.
    public var quotedKey: String?
}

/// Finds the ``Exchange`` of a hit whose snippet comes from its own text.
///
/// ```sql
/// SELECT substr(p.quoted_text, q.text_start + 1, q.text_length), s.author, s.key, q.attributed_author
/// FROM quote q JOIN post p ON p.id = q.post_id LEFT JOIN post s ON s.id = q.source_id
/// WHERE q.post_id = ? AND q.position <= ? ORDER BY q.position DESC, q.ordinal DESC LIMIT 1
/// ```
struct ExchangeLoader {
    let db: Database

    /// The exchange around `snippet`'s first match in post `postID`, or `nil` when no quote
    /// precedes it.
    func exchange(postID: Int64, snippet: Snippet) throws -> Exchange? {
        guard snippet.column == .own, let first = snippet.matches.first else { return nil }
        let scalars = Array(snippet.text.unicodeScalars)
        guard first.upperBound <= scalars.count else { return nil }
        let word = String(String.UnicodeScalarView(scalars[first]))
        guard let own = try String.fetchOne(db.cachedStatement(sql: "SELECT own_text FROM post WHERE id = ?"),
                                            arguments: [postID]),
              let found = own.range(of: word)
        else { return nil }
        let offset = own.utf8.distance(from: own.startIndex, to: found.lowerBound)
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT \(QuoteLink.textSQL), s.author, s.key, q.attributed_author
                FROM quote q JOIN post p ON p.id = q.post_id LEFT JOIN post s ON s.id = q.source_id
                WHERE q.post_id = ? AND q.position <= ? ORDER BY q.position DESC, q.ordinal DESC LIMIT 1
                """),
            arguments: [postID, offset])
        else { return nil }
        let text: String = row[0]
        let line = QuoteSplitter.removingAllQuoteMarkers(text)
            .split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .last { !$0.isEmpty } ?? ""
        guard !line.isEmpty else { return nil }
        let shown = line.count > 160 ? "…" + line.suffix(159) : line
        return Exchange(quotedLine: String(shown), quotedAuthor: row[1] ?? row[3], quotedKey: row[2])
    }
}
