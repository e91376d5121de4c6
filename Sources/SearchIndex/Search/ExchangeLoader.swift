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
/// SELECT substr(tsearch_text(p.quoted_text), q.text_start + 1, q.text_length), s.author, s.key, q.attributed_author
/// FROM quote q JOIN post p ON p.id = q.post_id LEFT JOIN post s ON s.id = q.source_id
/// WHERE q.post_id = ? AND q.position <= ? ORDER BY q.position DESC, q.ordinal DESC LIMIT 1
/// ```
struct ExchangeLoader {
    let db: Database

    /// The exchange around `snippet`'s first match in post `postID`, or `nil` when no quote
    /// precedes it. A post without quotes costs one index lookup.
    func exchange(postID: Int64, snippet: Snippet) throws -> Exchange? {
        guard snippet.column == .own, let first = snippet.matches.first else { return nil }
        let scalars = Array(snippet.text.unicodeScalars)
        guard first.upperBound <= scalars.count,
              try Bool.fetchOne(db.cachedStatement(sql: "SELECT 1 FROM quote WHERE post_id = ? LIMIT 1"),
                                arguments: [postID]) == true
        else { return nil }
        let word = String(String.UnicodeScalarView(scalars[first]))
        guard let own = try String.fetchOne(db.cachedStatement(sql: "SELECT tsearch_text(own_text) FROM post WHERE id = ?"),
                                            arguments: [postID]),
              let offset = Self.utf8Offset(of: word, in: own)
        else { return nil }
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT \(QuoteLink.textSQL), s.author, s.key, q.attributed_author
                FROM quote q JOIN post p ON p.id = q.post_id LEFT JOIN post s ON s.id = q.source_id
                WHERE q.post_id = ? AND q.position <= ? ORDER BY q.position DESC, q.ordinal DESC LIMIT 1
                """),
            arguments: [postID, offset])
        else { return nil }
        let text: String = row[0]
        guard let line = Self.lastLine(of: QuoteSplitter.removingAllQuoteMarkers(text)) else { return nil }
        let shown = line.count > 160 ? "…" + line.suffix(159) : line
        return Exchange(quotedLine: String(shown), quotedAuthor: row[1] ?? row[3], quotedKey: row[2])
    }

    /// The last line of `text` that is not blank, trimmed of Foundation's
    /// `CharacterSet.whitespaces`; `nil` when every line is blank.
    ///
    /// Lines end at a line feed that is a character of its own: `\r\n` is one character, as for
    /// `split(separator: "\n")`, and does not end a line. Read backwards on UTF-8 bytes, so a long
    /// quote costs only its last lines (splitting the whole text into characters was a quarter
    /// of a rare-word search).
    static func lastLine(of text: String) -> String? {
        var text = text
        return text.withUTF8 { bytes -> String? in
            var end = bytes.count
            while end > 0 {
                var start = end
                while start > 0, !(bytes[start - 1] == 0x0A && (start < 2 || bytes[start - 2] != 0x0D)) { start -= 1 }
                let line = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self)
                    .trimmingCharacters(in: .whitespaces)
                if !line.isEmpty { return line }
                end = start - 1
            }
            return nil
        }
    }

    /// The UTF-8 offset of the first occurrence of `word`'s bytes in `text`.
    static func utf8Offset(of word: String, in text: String) -> Int? {
        var text = text
        var word = word
        return text.withUTF8 { haystack in
            word.withUTF8 { needle -> Int? in
                guard let first = needle.first, needle.count <= haystack.count else { return nil }
                let last = haystack.count - needle.count
                var i = 0
                while i <= last {
                    if haystack[i] == first, memcmp(haystack.baseAddress! + i, needle.baseAddress!, needle.count) == 0 {
                        return i
                    }
                    i += 1
                }
                return nil
            }
        }
    }
}
