import Foundation
import GRDB

/// What `tsearch optimize` did about compacting the file (SQLite's `VACUUM`).
///
/// `VACUUM` writes a copy of the live pages to a temporary file, then writes them back through
/// the write-ahead log beside the index: for a moment the disk holds the index about three
/// times. At 10M posts (29 GB) that is more than many disks have free, so the space is checked
/// first and compaction skipped, with the reason, when it would not fit.
public enum Compaction: Sendable, Equatable {
    /// The file was compacted.
    case done
    /// Not asked for (`optimize(compact: false)`).
    case notRequested
    /// The file was not compacted: the disk holding `directory` has `available` bytes free and
    /// compacting needs about `needed`.
    case notEnoughSpace(directory: String, needed: Int64, available: Int64)
    /// An index in memory has no file to compact.
    case inMemory
}

/// Where `VACUUM` would write and whether it fits.
enum CompactionSpace {
    /// The directories SQLite's unix build takes its temporary files from, in its order; the
    /// first writable one is used.
    static func temporaryDirectory(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        let candidates = [environment["SQLITE_TMPDIR"], environment["TMPDIR"], "/var/tmp", "/usr/tmp", "/tmp"]
        for case let directory? in candidates where FileManager.default.isWritableFile(atPath: directory) {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue {
                return directory
            }
        }
        return "."
    }

    /// `nil` when compacting the index at `path`, with `liveBytes` of pages in use, fits on the
    /// disks; else the verdict that it does not. The temporary copy and the log each take
    /// about `liveBytes`, on the same disk or on two.
    static func shortfall(indexPath path: String, liveBytes: Int64,
                          temporaryDirectory: String = temporaryDirectory()) -> Compaction? {
        let indexDirectory = (path as NSString).deletingLastPathComponent.isEmpty
            ? "." : (path as NSString).deletingLastPathComponent
        guard let index = volume(indexDirectory), let temporary = volume(temporaryDirectory) else { return nil }
        // A tenth more for the log's frame headers and what the file gains meanwhile.
        let copy = liveBytes + liveBytes / 10
        if index.id == temporary.id {
            return index.free >= 2 * copy ? nil
                : .notEnoughSpace(directory: indexDirectory, needed: 2 * copy, available: index.free)
        }
        if index.free < copy {
            return .notEnoughSpace(directory: indexDirectory, needed: copy, available: index.free)
        }
        if temporary.free < copy {
            return .notEnoughSpace(directory: temporaryDirectory, needed: copy, available: temporary.free)
        }
        return nil
    }

    /// The file system's identity and free bytes, or `nil` when the system does not say.
    private static func volume(_ directory: String) -> (id: Int, free: Int64)? {
        guard let attributes = try? FileManager.default.attributesOfFileSystem(forPath: directory),
              let free = (attributes[.systemFreeSize] as? NSNumber)?.int64Value,
              let id = (attributes[.systemNumber] as? NSNumber)?.intValue
        else { return nil }
        return (id, free)
    }

    /// The bytes of the pages in use: what `VACUUM` copies.
    static func liveBytes(_ db: Database) throws -> Int64 {
        let pages = try Int64.fetchOne(db, sql: "PRAGMA page_count") ?? 0
        let free = try Int64.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0
        let size = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
        return (pages - free) * size
    }
}
