import GRDB
import Testing
@testable import SearchIndex

struct BoundStatementTests {
    @Test func bindsEachKindOfValueAndReadsBack() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, n INTEGER, x REAL, s TEXT)")
            let insert = BoundStatement(try db.cachedStatement(sql: "INSERT INTO t (id, n, x, s) VALUES (?, ?, ?, ?)"), db)
            try insert.execute { $0.bind(1, Int64(1)); $0.bind(2, 7); $0.bind(3, 2.5); $0.bind(4, "café ☕") }
            // The same statement again: bindings of the last use do not linger.
            try insert.execute { $0.bind(1, Int64(2)); $0.bind(4, "") }
            try insert.execute { $0.bind(1, Int64(3)); $0.bind(2, nil as Int64?); $0.bind(3, nil as Double?); $0.bind(4, nil as String?) }
            let rows = try Row.fetchAll(db, sql: "SELECT n, x, s, typeof(s) FROM t ORDER BY id")
            #expect(rows[0][0] as Int64? == 7 && rows[0][1] as Double? == 2.5 && rows[0][2] as String? == "café ☕")
            #expect(rows[1][0] as Int64? == nil && rows[1][2] as String? == "" && rows[1][3] as String? == "text")
            #expect(rows[2][0] as Int64? == nil && rows[2][1] as Double? == nil && rows[2][3] as String? == "null")

            let read = BoundStatement(try db.cachedStatement(sql: "SELECT n FROM t WHERE id = ?"), db)
            #expect(try read.int64 { $0.bind(1, Int64(1)) } == 7)
            #expect(try read.int64 { $0.bind(1, Int64(2)) } == nil, "NULL")
            #expect(try read.int64 { $0.bind(1, Int64(9)) } == nil, "no row")
        }
    }

    @Test func anErrorIsRaisedAndTheStatementStaysUsable() throws {
        let queue = try DatabaseQueue()
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT NOT NULL)")
            let insert = BoundStatement(try db.cachedStatement(sql: "INSERT INTO t (id, s) VALUES (?, ?)"), db)
            try insert.execute { $0.bind(1, Int64(1)); $0.bind(2, "a") }
            #expect(throws: DatabaseError.self) { try insert.execute { $0.bind(1, Int64(1)); $0.bind(2, "b") } }
            #expect(throws: DatabaseError.self) { try insert.execute { $0.bind(1, Int64(2)) } }
            try insert.execute { $0.bind(1, Int64(2)); $0.bind(2, "c") }
            #expect(try String.fetchAll(db, sql: "SELECT s FROM t ORDER BY id") == ["a", "c"])
        }
    }
}
