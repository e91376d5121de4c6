import GRDB
import GRDBSQLite

/// What the ranking's FTS5 auxiliary functions (``MatchStats``, ``PhraseStats``) share: how a
/// row's instances and length are read, how a function is registered, and how a scan binds its
/// floor and expression and steps through the rows.
enum RankingFunction {
    /// Writes each phrase's instances, weighted by column (`weights`, the function's arguments
    /// from the first; a column past them weighs 1), into `frequencies` (one a phrase), and
    /// returns the fewest tokens the row can have: in each column, the end of its last instance.
    /// A row this short scores its best; reading its real length costs a lookup. Instances are
    /// read phrase by phrase (`xPhraseFirst`/`xPhraseNext`: the phrase's own position list,
    /// without the sorted list of every instance that `xInstCount` builds).
    static func readInstances(
        _ api: Fts5ExtensionApi, _ fts: OpaquePointer?, weights: UnsafeMutablePointer<OpaquePointer?>?, weightCount: Int32,
        into frequencies: UnsafeMutableBufferPointer<Double>
    ) -> (shortest: Double, code: Int32) {
        let columns = Int(api.xColumnCount(fts))
        let weighted = min(Int(weightCount), columns)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, columns)) { ends in
            ends.initialize(repeating: 0)
            var code = SQLITE_OK
            for phrase in 0..<frequencies.count where code == SQLITE_OK {
                let size = api.xPhraseSize(fts, Int32(phrase))
                var frequency = 0.0
                var iterator = Fts5PhraseIter()
                var column: Int32 = 0, offset: Int32 = 0
                code = api.xPhraseFirst(fts, Int32(phrase), &iterator, &column, &offset)
                while code == SQLITE_OK, column >= 0 {
                    let at = Int(column)
                    frequency += at < weighted ? sqlite3_value_double(weights![at]) : 1.0
                    if at < columns { ends[at] = max(ends[at], offset + size) }
                    api.xPhraseNext(fts, &iterator, &column, &offset)
                }
                frequencies[phrase] = frequency
            }
            return (Double(ends.reduce(0) { $0 + Int($1) }), code)
        }
    }

    /// The row's length in tokens (`xColumnSize(-1)`), with the table's rows and tokens read
    /// into `totals` while it holds none (reading them again costs as much as the rest of a row
    /// left out); `nil` once the function's result is set: NULL for a row `belowFloor`, or the
    /// error of `readCode` or of the reads.
    static func lengthUnlessBelowFloor(
        _ api: Fts5ExtensionApi, _ fts: OpaquePointer?, _ context: OpaquePointer, readCode: Int32, belowFloor: Bool,
        totals: inout (rows: Double, tokens: Double)
    ) -> Double? {
        var code = readCode
        if code == SQLITE_OK, belowFloor {
            sqlite3_result_null(context)
            return nil
        }
        var length: Int32 = 0
        if code == SQLITE_OK { code = api.xColumnSize(fts, -1, &length) }
        if code == SQLITE_OK, totals.rows == 0 {
            var rows: sqlite3_int64 = 0
            var tokens: sqlite3_int64 = 0
            code = api.xRowCount(fts, &rows)
            if code == SQLITE_OK { code = api.xColumnTotalSize(fts, -1, &tokens) }
            totals = (Double(rows), Double(tokens))
        }
        guard code == SQLITE_OK else {
            sqlite3_result_error_code(context, code)
            return nil
        }
        return Double(length)
    }

    /// Registers `function` as `name` on `db`.
    static func register(_ db: Database, name: String, function: fts5_extension_function) throws {
        let api = FTS5.api(db)
        guard let create = api.pointee.xCreateFunction else { return }
        let code = create(UnsafeMutablePointer(mutating: api), name, nil, function, nil)
        guard code == SQLITE_OK else {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: "cannot register \(name)")
        }
    }

    /// Runs `sql` (`SELECT rowid, <function>(post_fts, …, ?1) FROM post_fts WHERE post_fts
    /// MATCH ?2 [AND rowid = ?3]`) with `floor` bound as a pointer of `pointerType`, `match`
    /// and `rowid`, calling `body` with each row's id and the function's blob (`nil` for NULL).
    /// Reads the columns straight from SQLite: a search or `tsearch optimize` may step through
    /// every post that has a common word. The cached statement is reset and its bindings
    /// cleared before and after; a scan inside another of the same SQL gets a statement of its
    /// own.
    static func scan(
        _ sql: String, match: String, floor: UnsafeMutableRawPointer?, pointerType: UnsafePointer<CChar>,
        rowid: Int64? = nil, _ db: Database, _ body: (_ id: Int64, _ blob: UnsafeRawBufferPointer?) throws -> Void
    ) throws {
        let cached = try db.cachedStatement(sql: sql)
        let statement = sqlite3_stmt_busy(cached.sqliteStatement) != 0 ? try db.makeStatement(sql: sql) : cached
        let sqlite = statement.sqliteStatement
        sqlite3_reset(sqlite)
        sqlite3_clear_bindings(sqlite)
        defer {
            sqlite3_reset(sqlite)
            sqlite3_clear_bindings(sqlite)
        }
        if let floor { sqlite3_bind_pointer(sqlite, 1, floor, pointerType, nil) }
        var text = match
        text.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { chars in
                // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns (an empty
                // text still needs a pointer).
                _ = sqlite3_bind_text(sqlite, 2, chars.baseAddress ?? pointerType, Int32(chars.count),
                                      unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
        }
        if let rowid { sqlite3_bind_int64(sqlite, 3, rowid) }
        while true {
            let code = sqlite3_step(sqlite)
            if code == SQLITE_DONE { return }
            guard code == SQLITE_ROW else {
                throw DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)))
            }
            let id = sqlite3_column_int64(sqlite, 0)
            let bytes = Int(sqlite3_column_bytes(sqlite, 1))
            guard bytes > 0, let blob = sqlite3_column_blob(sqlite, 1) else {
                try body(id, nil)
                continue
            }
            try body(id, UnsafeRawBufferPointer(start: blob, count: bytes))
        }
    }

    /// The `index`th native-endian double of a function's blob.
    static func double(_ blob: UnsafeRawBufferPointer, _ index: Int) -> Double {
        blob.loadUnaligned(fromByteOffset: 8 * index, as: Double.self)
    }
}
