import GRDB
import GRDBSQLite

/// A page's prefix terms spelled out, for its snippets: `"dala"*` becomes
/// `("dalava" OR "dalaki")`, the indexed terms with that prefix that the page's posts hold.
///
/// FTS5 expands a prefix at every `MATCH`, over the whole index, before it returns a row: for a
/// prefix of frequent words that is most of a search's time, and a snippet statement would do it
/// again. With the terms spelled out, each post's snippet statement seeks its row. The words
/// marked are the same: a post holds no instance of the prefix that is not one of its own terms.
/// The fragment chosen may differ where a post holds two words of the prefix: FTS5's snippet
/// prefers a fragment with more distinct phrases, and each term is now a phrase of its own.
///
/// The posts' terms come from their text as the index holds it (the `post_text` view), cut into
/// tokens by `post_fts`'s tokenizer. `nil` (keep the prefix) for an expression with `NEAR`, a
/// prefix of more than one token (`"the dala"*`), a prefix no post of the page holds, more than
/// ``maxTerms`` terms in all (an OR of thousands of terms costs FTS5 more than the expansion), or
/// a term the tokenizer would not give back unchanged as a query (a stem that stems again).
enum PrefixExpansion {
    /// The most terms spelled out for a page, all prefixes together.
    static let maxTerms = 64

    static func expand(_ expression: String, posts ids: [Int64], _ db: Database) throws -> String? {
        guard !expression.contains("NEAR("), !ids.isEmpty else { return nil }
        let pieces = split(expression)
        guard pieces.contains(where: \.isPrefix) else { return nil }
        let tokenizer = try db.makeTokenizer(ChampionList.tokenizer)

        var prefixes: [String: [UInt8]] = [:]  // the phrase's text -> its token
        for piece in pieces where piece.isPrefix && prefixes[piece.text] == nil {
            let tokens = try tokenizer.tokenize(query: piece.text).filter { !$0.flags.contains(.colocated) }
            guard tokens.count == 1 else { return nil }
            prefixes[piece.text] = Array(tokens[0].token.utf8)
        }

        let collector = Collector(prefixes: prefixes.map { ($0.key, $0.value) })
        let texts = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT title, own_text, quoted_text FROM post_text WHERE id IN (SELECT value FROM json_each(?))
                """),
            arguments: [Searcher.jsonArray(ids)])
        while let row = try texts.next() {
            for column in 0..<3 {
                guard var text = row[column] as String? else { continue }
                try collector.collect(&text, tokenizer)
            }
        }
        let terms = collector.terms

        guard terms.values.reduce(0, { $0 + $1.count }) <= maxTerms else { return nil }
        var replacements: [String: String] = [:]
        for phrase in prefixes.keys {
            guard let found = terms[phrase], !found.isEmpty else { return nil }
            for term in found {
                guard try tokenizer.tokenize(query: term).map(\.token) == [term] else { return nil }
            }
            replacements[phrase] = "(" + found.sorted().map(QueryCompiler.quoted).joined(separator: " OR ") + ")"
        }
        return pieces.map { piece in
            piece.isPrefix ? replacements[piece.text] ?? piece.source : piece.source
        }.joined()
    }

    /// The terms of a text that start with one of the prefixes, read from the tokenizer's
    /// callback without making a string of every token.
    private final class Collector {
        let prefixes: [(phrase: String, token: [UInt8])]
        var terms: [String: Set<String>] = [:]

        init(prefixes: [(phrase: String, token: [UInt8])]) {
            self.prefixes = prefixes
        }

        func collect(_ text: inout String, _ tokenizer: any FTS5Tokenizer) throws {
            let code = text.withUTF8 { bytes -> Int32 in
                guard let base = bytes.baseAddress, bytes.count > 0 else { return SQLITE_OK }
                return base.withMemoryRebound(to: CChar.self, capacity: bytes.count) { chars in
                    tokenizer.tokenize(
                        context: Unmanaged.passUnretained(self).toOpaque(), tokenization: .document,
                        pText: chars, nText: Int32(bytes.count),
                        tokenCallback: { context, _, token, length, _, _ in
                            guard let context, let token, length > 0 else { return SQLITE_OK }
                            let collector = Unmanaged<Collector>.fromOpaque(context).takeUnretainedValue()
                            let bytes = UnsafeRawBufferPointer(start: token, count: Int(length))
                            for (phrase, prefix) in collector.prefixes where bytes.starts(with: prefix) {
                                collector.terms[phrase, default: []].insert(String(decoding: bytes, as: UTF8.self))
                            }
                            return SQLITE_OK
                        })
                }
            }
            guard code == SQLITE_OK else { throw DatabaseError(resultCode: ResultCode(rawValue: code)) }
        }
    }

    /// A stretch of an expression: an FTS5 string (`"..."`, maybe with `*`) or the syntax
    /// between strings.
    struct Piece: Equatable {
        /// As written in the expression.
        var source: String
        /// A string's text, its doubled quotes made single; empty for syntax.
        var text: String
        var isPrefix: Bool
    }

    /// Cuts an expression as ``QueryCompiler`` writes it into strings and the syntax between.
    static func split(_ expression: String) -> [Piece] {
        let bytes = Array(expression.utf8)
        var pieces: [Piece] = []
        var start = 0
        var i = 0
        func piece(_ range: Range<Int>, text: String = "", isPrefix: Bool = false) -> Piece {
            Piece(source: String(decoding: bytes[range], as: UTF8.self), text: text, isPrefix: isPrefix)
        }
        while i < bytes.count {
            guard bytes[i] == UInt8(ascii: "\"") else {
                i += 1
                continue
            }
            if start < i { pieces.append(piece(start..<i)) }
            // The string runs to a quote that is not doubled.
            var end = i + 1
            var text: [UInt8] = []
            while end < bytes.count {
                if bytes[end] == UInt8(ascii: "\"") {
                    if end + 1 < bytes.count, bytes[end + 1] == UInt8(ascii: "\"") {
                        text.append(bytes[end])
                        end += 2
                        continue
                    }
                    break
                }
                text.append(bytes[end])
                end += 1
            }
            end = min(end + 1, bytes.count)
            let isPrefix = end < bytes.count && bytes[end] == UInt8(ascii: "*")
            if isPrefix { end += 1 }
            pieces.append(piece(i..<end, text: String(decoding: text, as: UTF8.self), isPrefix: isPrefix))
            start = end
            i = end
        }
        if start < bytes.count { pieces.append(piece(start..<bytes.count)) }
        return pieces
    }
}
