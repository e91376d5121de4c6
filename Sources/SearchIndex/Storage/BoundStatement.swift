import GRDB
import GRDBSQLite

/// A prepared statement run with its values bound straight through SQLite's C API.
///
/// For the statements an import runs once per quote: there, building `StatementArguments`
/// from an array of existentials and GRDB's checks around each step cost about as much as
/// SQLite's own work (storing the quote worker's results: 0.32 G instructions for ksummit,
/// half of it outside SQLite). The statement is reset and its bindings cleared before each use,
/// and an error is raised as GRDB raises it.
///
/// ```swift
/// let update = BoundStatement(try db.cachedStatement(sql: "UPDATE quote SET method = ? WHERE post_id = ?"), db)
/// try update.execute { $0.bind(1, "parent"); $0.bind(2, postID) }
/// ```
struct BoundStatement {
    private let statement: Statement
    private let db: Database

    init(_ statement: Statement, _ db: Database) {
        self.statement = statement
        self.db = db
    }

    /// The values of one use, by position from 1.
    struct Values {
        fileprivate let sqlite: OpaquePointer

        func bind(_ index: Int32, _ value: Int64?) {
            if let value { sqlite3_bind_int64(sqlite, index, value) } else { sqlite3_bind_null(sqlite, index) }
        }

        func bind(_ index: Int32, _ value: Int) {
            sqlite3_bind_int64(sqlite, index, Int64(value))
        }

        func bind(_ index: Int32, _ value: Double?) {
            if let value { sqlite3_bind_double(sqlite, index, value) } else { sqlite3_bind_null(sqlite, index) }
        }

        func bind(_ index: Int32, _ value: String?) {
            guard let value else {
                sqlite3_bind_null(sqlite, index)
                return
            }
            // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
            let transient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
            var text = value
            text.withUTF8 { bytes in
                guard let base = bytes.baseAddress, bytes.count > 0 else {
                    _ = sqlite3_bind_text(sqlite, index, "", 0, transient)
                    return
                }
                base.withMemoryRebound(to: CChar.self, capacity: bytes.count) {
                    _ = sqlite3_bind_text(sqlite, index, $0, Int32(bytes.count), transient)
                }
            }
        }
    }

    /// Binds with `bind` and steps the statement to its end.
    func execute(_ bind: (Values) -> Void) throws {
        let sqlite = prepared(bind)
        defer { sqlite3_reset(sqlite) }
        var code = sqlite3_step(sqlite)
        while code == SQLITE_ROW { code = sqlite3_step(sqlite) }
        guard code == SQLITE_DONE else { throw error(code) }
    }

    /// Binds with `bind` and returns the first column of the first row as an integer, `nil`
    /// when there is no row or the value is NULL.
    func int64(_ bind: (Values) -> Void) throws -> Int64? {
        let sqlite = prepared(bind)
        defer { sqlite3_reset(sqlite) }
        let code = sqlite3_step(sqlite)
        if code == SQLITE_DONE { return nil }
        guard code == SQLITE_ROW else { throw error(code) }
        return sqlite3_column_type(sqlite, 0) == SQLITE_NULL ? nil : sqlite3_column_int64(sqlite, 0)
    }

    private func prepared(_ bind: (Values) -> Void) -> OpaquePointer {
        let sqlite = statement.sqliteStatement
        sqlite3_reset(sqlite)
        sqlite3_clear_bindings(sqlite)
        bind(Values(sqlite: sqlite))
        return sqlite
    }

    private func error(_ code: Int32) -> DatabaseError {
        DatabaseError(resultCode: ResultCode(rawValue: code), message: String(cString: sqlite3_errmsg(db.sqliteConnection)),
                      sql: statement.sql)
    }
}
