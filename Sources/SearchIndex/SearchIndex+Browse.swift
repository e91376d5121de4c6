import GRDB

extension SearchIndex {
    /// A post with what it quotes and who quotes it.
    ///
    /// - Parameter reference: `SOURCE:ID` as search results show it, or the id alone when only
    ///   one source has it.
    /// - Throws: ``BrowseError`` when no post, or several, answer to `reference`.
    public func post(_ reference: String) throws -> PostView {
        try translatingStorageErrors("show") { try reader.read { db in try PostView.load(reference, db) } }
    }

    /// A thread as a tree. `reference` is a thread's `SOURCE:ID` or id, or any of its posts'.
    public func thread(_ reference: String) throws -> ThreadView {
        try translatingStorageErrors("thread") { try reader.read { db in try ThreadView.load(reference, db) } }
    }

    /// Calls `body` with every quote link of the index, or of one post, in index order,
    /// without holding them all in memory.
    public func forEachQuoteLink(of post: String? = nil, _ body: (QuoteLink) throws -> Void) throws {
        try translatingStorageErrors("quotes") {
            try reader.read { db in
                let cursor: RowCursor
                if let post {
                    let id = try PostLookup.postID(post, db)
                    cursor = try Row.fetchCursor(db, sql: QuoteLink.selection + " WHERE q.post_id = ? ORDER BY q.ordinal",
                                                 arguments: [id])
                } else {
                    cursor = try Row.fetchCursor(db, sql: QuoteLink.selection + " ORDER BY q.post_id, q.ordinal")
                }
                while let row = try cursor.next() { try body(QuoteLink(row: row)) }
            }
        }
    }

    /// Every quote link of the index, or of one post.
    public func quoteLinks(of post: String? = nil) throws -> [QuoteLink] {
        var links: [QuoteLink] = []
        try forEachQuoteLink(of: post) { links.append($0) }
        return links
    }
}
