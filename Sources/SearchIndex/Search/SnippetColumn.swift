import GRDB
import GRDBSQLite

/// The FTS5 auxiliary function `tsearch_snippet_column(post_fts)`: the column a hit's snippet is
/// cut from, so that one `snippet()` call per hit is enough. The own text when the query's
/// words are found there, else the title, else the quoted text; the own text when none holds
/// them (a row can match without an instance, through `NOT`).
///
/// ```sql
/// SELECT tsearch_snippet_column(post_fts),
///     snippet(post_fts, tsearch_snippet_column(post_fts), '⟦', '⟧', '…', 20)
/// FROM post_fts WHERE post_fts MATCH ? AND rowid = ?
/// ```
enum SnippetColumn {
    static let functionName = "tsearch_snippet_column"

    /// The columns of `post_fts`, as `snippet()` numbers them.
    static let title: Int32 = 0
    static let own: Int32 = 1
    static let quoted: Int32 = 2

    /// Registers the function on `db` (every connection of an index does it when it opens).
    static func register(_ db: Database) throws {
        try RankingFunction.register(db, name: functionName, function: function)
    }

    /// The C function FTS5 calls for the row: each phrase's position list, until an instance in
    /// the own text is met.
    private static let function: fts5_extension_function = { api, fts, context, _, _ in
        guard let api = api?.pointee, let context else { return }
        var found: UInt32 = 0
        var code = SQLITE_OK
        for phrase in 0..<api.xPhraseCount(fts) where code == SQLITE_OK && found & (1 << own) == 0 {
            var iterator = Fts5PhraseIter()
            var column: Int32 = 0, offset: Int32 = 0
            code = api.xPhraseFirst(fts, phrase, &iterator, &column, &offset)
            while code == SQLITE_OK, column >= 0 {
                if column < 32 { found |= 1 << UInt32(column) }
                api.xPhraseNext(fts, &iterator, &column, &offset)
            }
        }
        guard code == SQLITE_OK else {
            sqlite3_result_error_code(context, code)
            return
        }
        let column = [own, title, quoted].first { found & (1 << UInt32($0)) != 0 } ?? own
        sqlite3_result_int(context, column)
    }
}
