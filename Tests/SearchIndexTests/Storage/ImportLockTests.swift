import Foundation
import Testing
import TestSupport
@testable import SearchIndex

/// The import lock between two openings of one index file (as two processes would hold it:
/// each opening has its own lock file descriptor).
struct ImportLockTests {
    private let temporary = TemporaryDirectory()

    @Test func anotherOpeningOfTheFileWaitsOrRefuses() throws {
        let path = temporary.path("index.db")
        let first = try SearchIndex(path: path)
        let second = try SearchIndex(path: path)
        let line = Fixtures.line(id: "1", body: "lantern words") + "\n"
        let held: Bool? = try first.withImportLock {
            #expect(throws: IndexError.importRunning(path: path)) { try second.withImportLock(wait: false) {} }
            var waits = 0
            var polls = 0
            let ran = try second.withImportLock(onWait: { waits += 1 }, shouldStop: {
                polls += 1
                return polls == 3
            }) { true }
            #expect(ran == nil && waits == 1 && polls == 3)
            // An import that is told to stop while it waits imports nothing.
            let reader = JSONLReader(try InputFile(path: temporary.write(line, to: "a.jsonl")))
            let stopped = try second.importPosts(from: reader, file: "a.jsonl", format: "jsonl", shouldStop: { true })
            #expect(stopped.stoppedEarly && stopped.added == 0)
            // The holder's own imports go on.
            let (summary, _) = try Fixtures.importJSONL(line, into: first)
            #expect(summary.added == 1)
            return true
        }
        #expect(held == true)
        #expect(try second.withImportLock(wait: false) { 1 } == 1)
        #expect(try second.stats().posts == 1)
    }

    @Test func anIndexInMemoryHasNoLock() throws {
        let index = try SearchIndex()
        #expect(try index.withImportLock(wait: false) { "ran" } == "ran")
    }

    @Test func everyNameOfAnIndexHasOneLockFile() throws {
        let path = temporary.path("index.db")
        _ = try SearchIndex(path: path)
        let link = temporary.path("link.db")
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: path)
        #expect(SearchIndex.importLockPath(forIndex: path) == path + "-import.lock")
        #expect(SearchIndex.importLockPath(forIndex: link) == SearchIndex.importLockPath(forIndex: path))
    }

    @Test func aLockFileThatCannotBeCreatedIsAClearError() throws {
        let folder = temporary.path("gone")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = (folder as NSString).appendingPathComponent("index.db")
        let index = try SearchIndex(path: path)
        try FileManager.default.removeItem(atPath: folder)
        let error = #expect(throws: IndexError.self) { try index.withImportLock {} }
        guard case let .cannotOpen(lockPath, reason)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(lockPath == path + "-import.lock")
        #expect(reason.hasPrefix("cannot create the import lock beside the index ("))
    }
}
