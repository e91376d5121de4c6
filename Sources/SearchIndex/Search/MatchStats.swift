import Foundation
import GRDB
import GRDBSQLite

/// What FTS5's bm25 reads of one matching row, without computing it:
/// `tsearch_match_stats(post_fts, 3.0, 1.0, 0.0)`, an FTS5 auxiliary function registered on
/// every connection, returns
///
/// - the row's **weighted frequency**: each instance of the expression's phrases counted with
///   its column's weight (the arguments, as for `bm25()`),
/// - the row's **length** in tokens, all columns (`xColumnSize(-1)`),
/// - the table's **rows** and **tokens** (`xRowCount`, `xColumnTotalSize(-1)`).
///
/// Unlike `bm25()`, it does not count the phrase's matches in the whole table first (bm25's
/// IDF): for a common word that count alone reads the word's whole list of rows. The champion
/// lists (``ChampionList``) score rows with it and ``BM25/score(frequency:length:averageLength:idf:)``.
///
/// ```sql
/// SELECT rowid, tsearch_match_stats(post_fts, 3.0, 1.0, 0.0) FROM post_fts WHERE post_fts MATCH '"kettle"'
/// ```
/// The value is a 32-byte blob of four native-endian doubles, read by ``init(blob:)``.
struct MatchStats: Equatable {
    var frequency: Double
    var length: Double
    var rows: Double
    var tokens: Double

    /// The average row length in tokens (bm25's `avgdl`).
    var averageLength: Double { rows > 0 ? tokens / rows : 0 }

    static let functionName = "tsearch_match_stats"

    /// The SQL call with the shipped column weights.
    static var call: String {
        "\(functionName)(post_fts, \(BM25.titleWeight), \(BM25.ownTextWeight), \(BM25.quotedTextWeight))"
    }

    init(frequency: Double, length: Double, rows: Double, tokens: Double) {
        self.frequency = frequency
        self.length = length
        self.rows = rows
        self.tokens = tokens
    }

    /// Reads the function's blob; `nil` for anything else.
    init?(blob: Data?) {
        guard let blob, blob.count == 32 else { return nil }
        var values = [Double](repeating: 0, count: 4)
        _ = values.withUnsafeMutableBytes { blob.copyBytes(to: $0) }
        self.init(frequency: values[0], length: values[1], rows: values[2], tokens: values[3])
    }

    /// Steps `statement` (`SELECT rowid, <call> FROM post_fts WHERE post_fts MATCH ?`, its
    /// arguments set) to its end, calling `body` with each row's id and stats, then resets it.
    /// Reads the columns straight from SQLite: a search or `tsearch optimize` may step through
    /// every post that has a common word.
    static func forEachRow(
        of statement: Statement, _ db: Database, _ body: (_ id: Int64, _ stats: MatchStats) throws -> Void
    ) throws {
        let sqlite = statement.sqliteStatement
        defer { sqlite3_reset(sqlite) }
        while true {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            guard sqlite3_column_bytes(sqlite, 1) == 32, let blob = sqlite3_column_blob(sqlite, 1) else { continue }
            let values = blob.assumingMemoryBound(to: Double.self)
            try body(sqlite3_column_int64(sqlite, 0),
                     MatchStats(frequency: values[0], length: values[1], rows: values[2], tokens: values[3]))
        }
    }

    /// Registers the function on `db` (every connection of an index does it when it opens).
    static func register(_ db: Database) throws {
        let api = FTS5.api(db)
        guard let create = api.pointee.xCreateFunction else { return }
        let code = create(UnsafeMutablePointer(mutating: api), functionName, nil, function, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(functionName)")
        }
    }

    /// The C function FTS5 calls for each row.
    private static let function: fts5_extension_function = { api, fts, context, argumentCount, arguments in
        guard let api = api?.pointee, let context else { return }
        var code = SQLITE_OK
        var count: Int32 = 0
        code = api.xInstCount(fts, &count)
        var frequency = 0.0
        var i: Int32 = 0
        while code == SQLITE_OK, i < count {
            var phrase: Int32 = 0, column: Int32 = 0, offset: Int32 = 0
            code = api.xInst(fts, i, &phrase, &column, &offset)
            frequency += column < argumentCount ? sqlite3_value_double(arguments![Int(column)]) : 1.0
            i += 1
        }
        var length: Int32 = 0
        var rows: sqlite3_int64 = 0
        var tokens: sqlite3_int64 = 0
        if code == SQLITE_OK { code = api.xColumnSize(fts, -1, &length) }
        if code == SQLITE_OK { code = api.xRowCount(fts, &rows) }
        if code == SQLITE_OK { code = api.xColumnTotalSize(fts, -1, &tokens) }
        guard code == SQLITE_OK else {
            sqlite3_result_error_code(context, code)
            return
        }
        var values = (frequency, Double(length), Double(rows), Double(tokens))
        withUnsafeBytes(of: &values) { bytes in
            sqlite3_result_blob(context, bytes.baseAddress, 32, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }
}
