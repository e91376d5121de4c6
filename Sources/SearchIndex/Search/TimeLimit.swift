import Dispatch
import GRDB
import GRDBSQLite

/// Stops a search that runs past its time limit, through SQLite's progress handler on the
/// search's own connection (so an import on another connection is never touched).
enum TimeLimit {
    /// The deadline the C callback reads.
    private final class Deadline {
        let nanoseconds: UInt64

        init(seconds: Double) {
            nanoseconds = DispatchTime.now().uptimeNanoseconds + UInt64(max(0, seconds) * 1e9)
        }
    }

    /// Virtual machine steps between two looks at the clock.
    static let checkEvery: Int32 = 20_000

    /// Runs `body`; when it outlasts `seconds`, SQLite interrupts it and this throws
    /// ``QueryError/tooSlow(seconds:)``.
    static func run<T>(_ seconds: Double?, _ db: Database, _ body: () throws -> T) throws -> T {
        guard let seconds, let connection = db.sqliteConnection else { return try body() }
        let deadline = Unmanaged.passRetained(Deadline(seconds: seconds))
        sqlite3_progress_handler(connection, checkEvery, { context in
            guard let context else { return 0 }
            let deadline = Unmanaged<Deadline>.fromOpaque(context).takeUnretainedValue()
            return DispatchTime.now().uptimeNanoseconds > deadline.nanoseconds ? 1 : 0
        }, deadline.toOpaque())
        defer {
            sqlite3_progress_handler(connection, 0, nil, nil)
            deadline.release()
        }
        do {
            return try body()
        } catch let error as DatabaseError where error.resultCode == .SQLITE_INTERRUPT {
            throw QueryError.tooSlow(seconds: seconds)
        }
    }
}
