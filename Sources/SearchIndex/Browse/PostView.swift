import GRDB

/// A post with the exchange around it: what it quotes and who quotes it.
public struct PostView: Sendable, Equatable {
    public struct Summary: Sendable, Equatable {
        public var source: String
        public var id: String
        public var author: String?
        public var time: Int64?
        public var firstLine: String
    }

    public var source: String
    public var id: String
    public var thread: String
    public var threadTitle: String?
    public var title: String?
    public var author: String?
    public var time: Int64?
    public var url: String?
    public var parent: Summary?
    public var ownText: String
    /// Its quotes, in order, each with its source when resolved.
    public var quotes: [(link: QuoteLink, source: Summary?)]
    /// The posts that quote it, oldest first, with the words they quoted.
    public var quotedBy: [(post: Summary, text: String)]
    /// Direct replies.
    public var replies: [Summary]
    /// Where each quote (by ordinal) stood in ``ownText``, as a UTF-8 offset.
    public var quotePositions: [Int: Int] = [:]

    public static func == (a: PostView, b: PostView) -> Bool {
        a.source == b.source && a.id == b.id && a.ownText == b.ownText
            && a.quotes.map(\.link) == b.quotes.map(\.link) && a.quotedBy.map(\.post) == b.quotedBy.map(\.post)
    }

    static func load(_ reference: String, _ db: Database) throws -> PostView {
        let id = try PostLookup.postID(reference, db)
        guard let row = try Row.fetchOne(db, sql: """
            SELECT p.source, p.ref, t.ref, t.title, p.title, p.author, p.time, p.url, p.parent_id, tsearch_text(p.own_text)
            FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.id = ?
            """, arguments: [id])
        else { throw BrowseError.notFound(kind: "post", reference: reference) }
        let quoteRows = try Row.fetchAll(db, sql: QuoteLink.selection + " WHERE q.post_id = ? ORDER BY q.ordinal",
                                         arguments: [id])
        var quotes: [(QuoteLink, Summary?)] = []
        var positions: [Int: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT ordinal, position FROM quote WHERE post_id = ?", arguments: [id]) {
            positions[row[0]] = row[1]
        }
        for quoteRow in quoteRows {
            let link = QuoteLink(row: quoteRow)
            quotes.append((link, try link.sourceID.flatMap { try summary($0, db) }))
        }
        let quoting = try Row.fetchAll(db, sql: """
            SELECT q.post_id, group_concat(\(QuoteLink.textSQL), char(10)) FROM quote q JOIN post p ON p.id = q.post_id
            WHERE q.source_id = ? GROUP BY q.post_id ORDER BY min(p.time), q.post_id
            """, arguments: [id])
        let replies = try Int64.fetchAll(db, sql: "SELECT id FROM post WHERE parent_id = ? ORDER BY time, id",
                                         arguments: [id])
        return PostView(
            source: row[0], id: row[1], thread: row[2], threadTitle: row[3], title: row[4], author: row[5],
            time: row[6], url: row[7], parent: try (row[8] as Int64?).flatMap { try summary($0, db) },
            ownText: row[9], quotes: quotes,
            quotedBy: try quoting.compactMap { r in try summary(r[0], db).map { ($0, r[1] as String) } },
            replies: try replies.compactMap { try summary($0, db) }, quotePositions: positions)
    }

    static func summary(_ id: Int64, _ db: Database) throws -> Summary? {
        guard let row = try Row.fetchOne(db, sql: "SELECT source, ref, author, time, tsearch_text(own_text), tsearch_text(quoted_text) FROM post WHERE id = ?",
                                         arguments: [id])
        else { return nil }
        let own: String = row[4]
        let text = own.isEmpty ? row[5] as String : own
        return Summary(source: row[0], id: row[1], author: row[2], time: row[3], firstLine: firstLine(of: text))
    }

    /// The first non-blank line, cut to 100 characters.
    static func firstLine(of text: String) -> String {
        let line = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? ""
        return line.count > 100 ? String(line.prefix(99)) + "…" : line
    }
}
