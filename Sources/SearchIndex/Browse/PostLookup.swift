import GRDB

/// Finds a post or thread from what a user types: `source:id` (the key), or the id alone when
/// only one source has it.
enum PostLookup {
    static func postID(_ reference: String, _ db: Database) throws -> Int64 {
        try find(reference, table: "post", kind: "post", db)
    }

    static func threadID(_ reference: String, _ db: Database) throws -> Int64 {
        try find(reference, table: "thread", kind: "thread", db)
    }

    private static func find(_ reference: String, table: String, kind: String, _ db: Database) throws -> Int64 {
        // `table` is one of two literals above, never user text.
        if let id = try Int64.fetchOne(db, sql: "SELECT id FROM \(table) WHERE key = ?", arguments: [reference]) {
            return id
        }
        let ids = try Int64.fetchAll(db, sql: "SELECT id FROM \(table) WHERE ref = ? LIMIT 2", arguments: [reference])
        if ids.count == 1 { return ids[0] }
        if ids.count > 1 {
            let keys = try String.fetchAll(db, sql: "SELECT key FROM \(table) WHERE ref = ? LIMIT 5", arguments: [reference])
            throw BrowseError.ambiguous(kind: kind, reference: reference, keys: keys)
        }
        if table == "post", let id = try Int64.fetchOne(db, sql: "SELECT post_id FROM alias WHERE key = ?", arguments: [reference]) {
            return id
        }
        throw BrowseError.notFound(kind: kind, reference: reference)
    }
}

/// Why a post or thread cannot be shown.
public enum BrowseError: Error, Equatable, LocalizedError {
    /// No post (or thread) has this key or id.
    case notFound(kind: String, reference: String)
    /// Several sources have this id; the keys say which.
    case ambiguous(kind: String, reference: String, keys: [String])

    public var errorDescription: String? {
        switch self {
        case let .notFound(kind, reference):
            "no \(kind) '\(reference)' in the index (give SOURCE:ID, as search results show it)"
        case let .ambiguous(kind, reference, keys):
            "\(kind) id '\(reference)' is in several sources; give one of: \(keys.joined(separator: ", "))"
        }
    }
}

import Foundation
