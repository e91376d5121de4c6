import Foundation
import GRDB
import Testing
import TestSupport
@testable import SearchIndex

/// `optimize`'s last step: compacting the file, when asked and when the disks have room.
struct CompactionTests {
    private let temporary = TemporaryDirectory()

    /// An index file with posts, a third of them deleted by a re-import, so that it has free pages.
    private func indexWithFreePages() throws -> SearchIndex {
        let index = try SearchIndex(path: temporary.path("index-\(UUID().uuidString.prefix(8)).db"))
        try Fixtures.importJSONL(Fixtures.filler(3000), into: index)
        let long = (0..<1000).map { i in
            Fixtures.line(id: "f\(i)", thread: "filler", body: String(repeating: "replaced words \(i) ", count: 40))
        }.joined(separator: "\n")
        try Fixtures.importJSONL(long, into: index)
        try Fixtures.importJSONL(Fixtures.filler(1000), into: index)
        return index
    }

    private func freePages(_ index: SearchIndex) throws -> Int {
        try index.reader.read { db in try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0 }
    }

    @Test func optimizeCompactsUnlessToldNot() throws {
        let index = try indexWithFreePages()
        #expect(try freePages(index) > 0)
        #expect(try index.optimize(compact: false) == .notRequested)
        #expect(try freePages(index) > 0, "the file is left as it is")
        let state = try index.reader.read { db in try ChampionList.state(db) }
        #expect(state != nil, "the lists are made all the same")
        #expect(try index.optimize() == .done)
        #expect(try freePages(index) == 0)
        #expect(try index.search("replaced").hits.isEmpty)
        #expect(try index.search("garden").hits.count == 20)
    }

    @Test func anIndexInMemoryHasNoFileToCompact() throws {
        let index = try SearchIndex()
        try Fixtures.importJSONL(Fixtures.filler(10), into: index)
        #expect(try index.optimize() == .inMemory)
    }

    @Test func compactingIsSkippedWhenTheDiskCannotHoldTwoCopies() throws {
        let path = temporary.path("big.db")
        let directory = (path as NSString).deletingLastPathComponent
        #expect(CompactionSpace.shortfall(indexPath: path, liveBytes: 4096, temporaryDirectory: directory) == nil)
        // More than any disk has: one copy for the temporary file and one for the log.
        let huge: Int64 = 1 << 60
        guard case .notEnoughSpace(let named, let needed, let available)? =
            CompactionSpace.shortfall(indexPath: path, liveBytes: huge, temporaryDirectory: directory)
        else {
            Issue.record("a copy of 1 EiB fits")
            return
        }
        #expect(named == directory)
        #expect(needed >= 2 * huge)
        #expect(available < needed)
    }

    @Test func theTemporaryDirectoryFollowsSQLitesOrder() {
        let directory = temporary.path("")
        #expect(CompactionSpace.temporaryDirectory(environment: ["SQLITE_TMPDIR": directory, "TMPDIR": "/tmp"]) == directory)
        #expect(CompactionSpace.temporaryDirectory(environment: ["SQLITE_TMPDIR": "/no/such/dir", "TMPDIR": directory]) == directory)
        #expect(CompactionSpace.temporaryDirectory(environment: [:]) == "/var/tmp")
    }
}
