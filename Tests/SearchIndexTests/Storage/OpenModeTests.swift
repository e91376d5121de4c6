import Foundation
import GRDB
import Testing
import TestSupport
@testable import SearchIndex

/// Opening an index file read-write and read-only: what each writes, which schemas each
/// accepts, and the errors for files that are not a current index.
struct OpenModeTests {
    private let temporary = TemporaryDirectory()

    /// An index file with a thread of two posts (the reply quotes the first) and filler, closed:
    /// its write-ahead log checkpointed and removed.
    private func indexFile() throws -> String {
        let path = temporary.path("index.db")
        let index = try SearchIndex(path: path)
        let lines = [
            Fixtures.line(id: "1", thread: "t", body: "quokka words"),
            Fixtures.line(id: "2", thread: "t", parent: "1", body: "> quokka words\nmy reply"),
            Fixtures.filler(6),
        ]
        _ = try Fixtures.importJSONL(lines.joined(separator: "\n") + "\n", into: index)
        return path
    }

    @Test func readOnlySearchesAndBrowsesWithoutWritingTheFile() throws {
        let path = try indexFile()
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        do {
            let index = try SearchIndex(path: path, mode: .readOnly)
            #expect(index.isReadOnly)
            #expect(try index.search("quokka").hits.map(\.id) == ["1"])
            #expect(try index.stats().posts == 8)
            #expect(try index.post("2").quotes.count == 1)
            #expect(try index.thread("t").postCount == 2)
            #expect(try index.quoteLinks().count == 1)
        }
        // Closed: the file is as it was; SQLite leaves an empty log beside it, no checkpoint ran.
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
        #expect(try FileManager.default.attributesOfItem(atPath: path + "-wal")[.size] as? Int == 0)
        // The next read-write opening takes the log back.
        _ = try SearchIndex(path: path)
        #expect(!FileManager.default.fileExists(atPath: path + "-wal"))
    }

    @Test func readOnlyReadsWhileAnotherConnectionWrites() throws {
        let path = try indexFile()
        let writer = try SearchIndex(path: path)
        try writer.writer.write { db in
            try db.execute(sql: "UPDATE post SET author = 'someone' WHERE ref = '1'")
            // The write lock is held and not committed: a read-only opening neither waits nor sees it.
            let reader = try SearchIndex(path: path, mode: .readOnly)
            #expect(reader.isReadOnly)
            #expect(try reader.search("quokka").hits.first?.author != "someone")
        }
        #expect(try SearchIndex(path: path, mode: .readOnly).search("quokka").hits.first?.author == "someone")
    }

    @Test func anIndexOfAnOlderSchemaIsMigratedFirst() throws {
        let path = try indexFile()
        // Take the file back to the schema before v3-search: no champion tables, triggers or row.
        try DatabaseQueue(path: path).write { db in
            try db.execute(sql: """
                DROP TRIGGER champion_post_update; DROP TRIGGER champion_post_delete;
                DROP TABLE champion_changed; DROP TABLE champion; DROP TABLE champion_state;
                DELETE FROM grdb_migrations WHERE identifier = 'v3-search';
                """)
        }
        let migrated = try SearchIndex(path: path, mode: .readOnly)
        #expect(!migrated.isReadOnly)
        #expect(try migrated.stats().schemaVersion == Schema.currentVersion)
        #expect(try migrated.search("quokka").hits.map(\.id) == ["1"])
        #expect(try SearchIndex(path: path, mode: .readOnly).isReadOnly)
    }

    @Test func anEmptyFileBecomesAnIndex() throws {
        let path = temporary.write("", to: "empty.db")
        let index = try SearchIndex(path: path, mode: .readOnly)
        #expect(!index.isReadOnly)
        #expect(try index.stats().schemaVersion == Schema.currentVersion)
    }

    /// Each case: a file that is not a current index, how it was made, and the error both modes give.
    static let badFiles: [(name: String, make: @Sendable (String) throws -> Void, error: @Sendable (String) -> IndexError)] = [
        ("newer.db", { path in
            _ = try SearchIndex(path: path)
            try DatabaseQueue(path: path).write { db in
                try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')")
            }
        }, { .newerSchema(path: $0) }),
        ("other.db", { path in
            try DatabaseQueue(path: path).write { db in try db.execute(sql: "CREATE TABLE notes (text)") }
        }, { .notAnIndex(path: $0) }),
        ("text.db", { path in
            try Data(String(repeating: "not a database\n", count: 100).utf8).write(to: URL(fileURLWithPath: path))
        }, { .notAnIndex(path: $0) }),
    ]

    @Test func filesThatAreNotACurrentIndexAreClearErrors() throws {
        for (name, make, error) in Self.badFiles {
            let path = temporary.path(name)
            try make(path)
            for mode in [SearchIndex.OpenMode.readOnly, .readWrite] {
                #expect(throws: error(path), "\(name), \(mode)") { try SearchIndex(path: path, mode: mode) }
            }
        }
    }

    @Test func readOnlyNeedsTheFile() throws {
        let path = temporary.path("missing.db")
        #expect(throws: IndexError.cannotOpen(path: path, reason: "cannot create or read the file")) {
            try SearchIndex(path: path, mode: .readOnly)
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }
}
