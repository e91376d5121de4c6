import Foundation
import GRDB

/// Errors of the index file itself. Messages never carry SQL or SQLite's own wording.
public enum IndexError: Error, Equatable, LocalizedError {
    /// The file cannot be opened or created.
    case cannotOpen(path: String, reason: String)
    /// The file is an SQLite database that tsearch did not make, or not a database at all.
    case notAnIndex(path: String)
    /// The file was written by a newer tsearch with a schema this build does not know.
    case newerSchema(path: String)
    /// Another process is writing to the index and did not finish in time.
    case busy
    /// Another process is importing into the index, and the caller chose not to wait for it.
    case importRunning(path: String)
    /// The storage failed during `operation` (`import`, `search`, ...), for the reason given.
    case storage(operation: String, reason: String)

    public var errorDescription: String? {
        switch self {
        case let .cannotOpen(path, reason): "cannot open index \(path): \(reason)"
        case let .notAnIndex(path): "\(path) is not a tsearch index"
        case let .newerSchema(path): "\(path) was written by a newer tsearch; upgrade tsearch to read it"
        case .busy: "the index is busy: another tsearch process is writing to it; try again when it is done"
        case let .importRunning(path): "another import into \(path) is running; try again when it has finished"
        case let .storage(operation, reason): "\(operation) failed: \(reason)"
        }
    }

    /// Translates an SQLite error into words for the user, without SQL.
    static func from(_ error: DatabaseError, operation: String) -> IndexError {
        switch error.resultCode {
        case .SQLITE_BUSY, .SQLITE_LOCKED: .busy
        case .SQLITE_FULL: .storage(operation: operation, reason: "the disk is full")
        case .SQLITE_READONLY: .storage(operation: operation, reason: "the index file is read-only")
        case .SQLITE_CORRUPT: .storage(operation: operation, reason: "the index file is damaged; run 'tsearch check'")
        case .SQLITE_NOTADB: .storage(operation: operation, reason: "the file is not a tsearch index")
        case .SQLITE_IOERR, .SQLITE_CANTOPEN: .storage(operation: operation, reason: "the index file cannot be read or written")
        case .SQLITE_INTERRUPT: .storage(operation: operation, reason: "interrupted")
        default: .storage(operation: operation, reason: "internal storage error (SQLite code \(error.extendedResultCode.rawValue))")
        }
    }
}

/// Runs `body`, turning SQLite errors into ``IndexError``s.
func translatingStorageErrors<T>(_ operation: String, _ body: () throws -> T) throws -> T {
    do {
        return try body()
    } catch let error as DatabaseError {
        throw IndexError.from(error, operation: operation)
    }
}
