import Foundation
import GRDB
import GRDBSQLite

/// What FTS5's bm25 reads of one matching row, phrase by phrase: the expression's phrases
/// each with its own weighted frequency, for expressions of several phrases (`"quote" AND
/// "graph"`), whose bm25 is a sum over the phrases, each with its own IDF.
///
/// `tsearch_phrase_stats(post_fts, 3.0, 1.0, 0.0, ?)`, an FTS5 auxiliary function registered on
/// every connection, returns a blob of native-endian doubles: the row's length in tokens, the
/// table's rows and tokens, then each phrase's instances weighted by column (the arguments, as
/// for `bm25()`).
///
/// **A floor**, as for ``MatchStats``: a pointer to a ``Floor`` holding the score a row must
/// beat and each phrase's IDF. A row whose instances could not beat it at any length it can have
/// (the sum over the phrases, each scored at the shortest length the row can have: in each
/// column, up to its last instance) is returned as NULL without reading its length.
struct PhraseStats: Equatable {
    var frequencies: [Double]
    var length: Double
    var rows: Double
    var tokens: Double

    var averageLength: Double { rows > 0 ? tokens / rows : 0 }

    /// bm25 as FTS5 computes it (sign flipped): each phrase's score with its IDF, summed in
    /// the phrases' order.
    func score(idf: [Double]) -> Double {
        var total = 0.0
        for (frequency, idf) in zip(frequencies, idf) {
            total += BM25.score(frequency: frequency, length: length, averageLength: averageLength, idf: idf)
        }
        return total
    }

    static let functionName = "tsearch_phrase_stats"

    /// The score to beat and the phrases' IDFs, which the function reads at every row.
    struct Floor {
        var score = -Double.infinity
        var averageLength = 0.0
        /// One IDF a phrase; with another count of phrases, no row is left out.
        var idf: UnsafeMutableBufferPointer<Double>
        /// The table's rows and tokens, kept by the function from its first row.
        var totals: (rows: Double, tokens: Double) = (0, 0)
    }

    /// SQLite compares the pointer type by content; it must outlive every statement that binds it.
    nonisolated(unsafe) private static let floorType: UnsafePointer<CChar> = UnsafePointer(strdup("tsearch_phrase_floor")!)

    /// Steps through every row that matches `match`, calling `body` with its id and stats, or
    /// with `nil` for a row that cannot beat `floor`:
    /// ```sql
    /// SELECT rowid, tsearch_phrase_stats(post_fts, 3.0, 1.0, 0.0, ?) FROM post_fts WHERE post_fts MATCH ? [AND rowid = ?]
    /// ```
    /// With `rowid`, only that row is read (a seek).
    static func scan(
        _ match: String, rowid: Int64? = nil, floor: UnsafeMutablePointer<Floor>?, _ db: Database,
        _ body: (_ id: Int64, _ stats: PhraseStats?) throws -> Void
    ) throws {
        let call = "\(functionName)(post_fts, \(BM25.titleWeight), \(BM25.ownTextWeight), \(BM25.quotedTextWeight), ?)"
        let sql = rowid == nil
            ? "SELECT rowid, \(call) FROM post_fts WHERE post_fts MATCH ?"
            : "SELECT rowid, \(call) FROM post_fts WHERE post_fts MATCH ? AND rowid = ?"
        try RankingFunction.scan(sql, match: match, floor: floor.map(UnsafeMutableRawPointer.init), pointerType: floorType,
                                 rowid: rowid, db) { id, blob in
            guard let blob, blob.count >= 24, blob.count % 8 == 0 else {
                try body(id, nil)
                return
            }
            let value = { RankingFunction.double(blob, $0) }
            try body(id, PhraseStats(frequencies: (3..<(blob.count / 8)).map(value), length: value(0), rows: value(1), tokens: value(2)))
        }
    }

    /// Registers the function on `db` (every connection of an index does it when it opens).
    static func register(_ db: Database) throws {
        try RankingFunction.register(db, name: functionName, function: function)
    }

    /// The C function FTS5 calls for each row.
    private static let function: fts5_extension_function = { api, fts, context, argumentCount, arguments in
        guard let api = api?.pointee, let context else { return }
        let phrases = Int(api.xPhraseCount(fts))
        withUnsafeTemporaryAllocation(of: Double.self, capacity: 3 + phrases) { values in
            // Each instance of each phrase, weighted by its column.
            let (shortest, readCode) = RankingFunction.readInstances(
                api, fts, weights: arguments, weightCount: min(argumentCount, 3),
                into: UnsafeMutableBufferPointer(rebasing: values[3..<(3 + phrases)]))
            let floor = argumentCount > 3
                ? sqlite3_value_pointer(arguments![3], floorType)?.assumingMemoryBound(to: Floor.self) : nil
            var belowFloor = false
            if readCode == SQLITE_OK, let floor = floor?.pointee, floor.idf.count == phrases {
                var best = 0.0
                for phrase in 0..<phrases {
                    best += BM25.score(frequency: values[3 + phrase], length: shortest,
                                       averageLength: floor.averageLength, idf: floor.idf[phrase])
                }
                belowFloor = best < floor.score
            }
            var totals: (rows: Double, tokens: Double) = floor?.pointee.totals ?? (0, 0)
            guard let length = RankingFunction.lengthUnlessBelowFloor(
                api, fts, context, readCode: readCode, belowFloor: belowFloor, totals: &totals)
            else { return }
            floor?.pointee.totals = totals
            values[0] = length
            values[1] = totals.rows
            values[2] = totals.tokens
            sqlite3_result_blob(context, values.baseAddress, Int32(8 * (3 + phrases)),
                                unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }
}
