import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Makes imports into one index take turns: an exclusive advisory lock (`flock`) on the file
/// `<index>-import.lock` beside the index, held for a whole import, linking included.
///
/// Without it, two importing processes rely on SQLite's busy timeout (10 s) between their write
/// transactions, and one long linking step makes the other fail with "database is locked".
///
/// - The operating system releases the lock when the process ends, however it ends (SIGKILL
///   included), so a killed import never leaves a stale lock. The file stays: it is empty, and
///   removing it while no import runs does no harm.
/// - The file is opened close-on-exec, so a decompressor the import starts does not hold it.
/// - It is created with mode 0666 less the user's umask.
/// - Taking it again in the process that holds it only counts (a command holds it while each
///   of its paths imports).
/// - Searches never take it: SQLite's WAL lets them read while an import writes.
final class ImportLock: @unchecked Sendable {
    /// The lock file of the index at `indexPath`: `archive.db` → `archive.db-import.lock`, symbolic
    /// links to the index resolved so that every name of one index has one lock.
    static func path(forIndex indexPath: String) -> String {
        (indexPath as NSString).resolvingSymlinksInPath + "-import.lock"
    }

    /// How often a waiting import looks whether the lock is free, in seconds.
    static let pollInterval = 0.1

    /// The lock file's path.
    let path: String
    private let indexPath: String
    private let mutex = NSLock()
    private var descriptor: Int32 = -1
    private var holders = 0

    init(indexPath: String) {
        self.indexPath = indexPath
        path = Self.path(forIndex: indexPath)
    }

    /// Takes the lock, waiting for an import of another process to end.
    ///
    /// - Parameters:
    ///   - wait: whether to wait; `false` throws at once when another process holds the lock.
    ///   - onWait: called once, before waiting.
    ///   - shouldStop: polled while waiting; `true` gives up.
    /// - Returns: `false` when `shouldStop` gave up; the lock is then not held.
    /// - Throws: ``IndexError/importRunning(path:)`` when `wait` is false and the lock is taken;
    ///   ``IndexError/cannotOpen(path:reason:)`` when the lock file cannot be opened or created.
    func acquire(wait: Bool, onWait: () -> Void, shouldStop: () -> Bool) throws -> Bool {
        mutex.lock()
        defer { mutex.unlock() }
        if holders > 0 {
            holders += 1
            return true
        }
        let fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o666)
        guard fd >= 0 else {
            throw IndexError.cannotOpen(path: path, reason: "cannot create the import lock beside the index (\(String(cString: strerror(errno))))")
        }
        var waited = false
        while true {
            if flock(fd, LOCK_EX | LOCK_NB) == 0 { break }
            let error = errno
            if error == EINTR { continue }
            guard error == EWOULDBLOCK else {
                close(fd)
                throw IndexError.cannotOpen(path: path, reason: "cannot lock the import lock (\(String(cString: strerror(error))))")
            }
            guard wait else {
                close(fd)
                throw IndexError.importRunning(path: indexPath)
            }
            if !waited {
                waited = true
                onWait()
            }
            if shouldStop() {
                close(fd)
                return false
            }
            Thread.sleep(forTimeInterval: Self.pollInterval)
        }
        descriptor = fd
        holders = 1
        return true
    }

    /// Gives back one hold of the lock; the last one unlocks it.
    func release() {
        mutex.lock()
        defer { mutex.unlock() }
        precondition(holders > 0, "ImportLock.release without acquire")
        holders -= 1
        if holders == 0 {
            // Closing the only descriptor of the open file releases the lock.
            close(descriptor)
            descriptor = -1
        }
    }
}
