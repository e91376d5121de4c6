import Foundation
import GRDB
import GRDBSQLite

/// What FTS5's bm25 reads of one matching row, without computing it:
/// `tsearch_match_stats(post_fts, 3.0, 1.0, 0.0)`, an FTS5 auxiliary function registered on
/// every connection, returns
///
/// - the row's **weighted frequency**: each instance of the expression's phrases counted with
///   its column's weight (the arguments, as for `bm25()`),
/// - the row's **length** in tokens, all columns (`xColumnSize(-1)`),
/// - the table's **rows** and **tokens** (`xRowCount`, `xColumnTotalSize(-1)`).
///
/// Unlike `bm25()`, it does not count the phrase's matches in the whole table first (bm25's
/// IDF): for a common word that count alone reads the word's whole list of rows. The champion
/// lists (``ChampionList``) score rows with it and ``BM25/score(frequency:length:averageLength:idf:)``.
///
/// ```sql
/// SELECT rowid, tsearch_match_stats(post_fts, 3.0, 1.0, 0.0) FROM post_fts WHERE post_fts MATCH '"kettle"'
/// ```
/// The value is a 32-byte blob of four native-endian doubles, read by ``init(blob:)``.
///
/// **A floor.** A ranking that keeps the best few rows passes, as a fifth argument, a pointer
/// to a ``Floor``: the score (bm25 without the IDF) a row must beat to be kept. A row whose
/// instances could not beat it at any length it can have (in each column, at least up to its
/// last instance; a longer row scores less) is returned as NULL without reading its length,
/// which is most of the function's cost; for a common word or a prefix, most rows once the
/// best are known.
/// ``scan(_:floor:_:_:)`` binds it.
struct MatchStats: Equatable {
    var frequency: Double
    var length: Double
    var rows: Double
    var tokens: Double

    /// The average row length in tokens (bm25's `avgdl`).
    var averageLength: Double { rows > 0 ? tokens / rows : 0 }

    static let functionName = "tsearch_match_stats"

    /// The SQL call with the shipped column weights.
    static var call: String {
        "\(functionName)(post_fts, \(BM25.titleWeight), \(BM25.ownTextWeight), \(BM25.quotedTextWeight))"
    }

    init(frequency: Double, length: Double, rows: Double, tokens: Double) {
        self.frequency = frequency
        self.length = length
        self.rows = rows
        self.tokens = tokens
    }

    /// Reads the function's blob; `nil` for anything else.
    init?(blob: Data?) {
        guard let blob, blob.count == 32 else { return nil }
        var values = [Double](repeating: 0, count: 4)
        _ = values.withUnsafeMutableBytes { blob.copyBytes(to: $0) }
        self.init(frequency: values[0], length: values[1], rows: values[2], tokens: values[3])
    }

    /// The score a row must beat to be kept, as a ranking sees it while it runs: bm25 without
    /// the IDF (``BM25/score(frequency:length:averageLength:idf:)`` with `idf` 1) at
    /// `averageLength`. `-infinity` keeps every row.
    struct Floor {
        var score = -Double.infinity
        var averageLength = 0.0
        /// The table's rows and tokens, kept by the function from its first row.
        var totals: (rows: Double, tokens: Double) = (0, 0)
    }

    /// The pointer type `tsearch_match_stats` accepts for its floor.
    /// (SQLite compares the string by content; it must outlive every statement that binds it.)
    nonisolated(unsafe) private static let floorType: UnsafePointer<CChar> = UnsafePointer(strdup("tsearch_match_floor")!)

    /// What a ``scan(_:floor:_:_:)`` read.
    struct ScanSummary: Equatable {
        /// Rows that match.
        var rows = 0
        /// Rows left out by the floor, their length not read.
        var belowFloor = 0
    }

    /// Steps through every row that matches `match`, calling `body` with its id and stats, or
    /// with `nil` stats for a row that cannot beat `floor` (which `body` may raise as it goes):
    /// ```sql
    /// SELECT rowid, tsearch_match_stats(post_fts, 3.0, 1.0, 0.0, ?) FROM post_fts WHERE post_fts MATCH ?
    /// ```
    @discardableResult
    static func scan(
        _ match: String, floor: UnsafeMutablePointer<Floor>?, _ db: Database,
        _ body: (_ id: Int64, _ stats: MatchStats?) throws -> Void
    ) throws -> ScanSummary {
        let sql = """
            SELECT rowid, \(functionName)(post_fts, \(BM25.titleWeight), \(BM25.ownTextWeight), \(BM25.quotedTextWeight), ?)
            FROM post_fts WHERE post_fts MATCH ?
            """
        var summary = ScanSummary()
        try RankingFunction.scan(sql, match: match, floor: floor.map(UnsafeMutableRawPointer.init), pointerType: floorType, db) { id, blob in
            summary.rows += 1
            guard let blob, blob.count == 32 else {
                summary.belowFloor += 1
                try body(id, nil)
                return
            }
            let value = { RankingFunction.double(blob, $0) }
            try body(id, MatchStats(frequency: value(0), length: value(1), rows: value(2), tokens: value(3)))
        }
        return summary
    }

    /// Registers the function on `db` (every connection of an index does it when it opens).
    static func register(_ db: Database) throws {
        try RankingFunction.register(db, name: functionName, function: function)
    }

    /// The C function FTS5 calls for each row.
    private static let function: fts5_extension_function = { api, fts, context, argumentCount, arguments in
        guard let api = api?.pointee, let context else { return }
        // Each instance of each phrase, weighted by its column, all phrases together.
        let phrases = Int(api.xPhraseCount(fts))
        var frequency = 0.0
        let (shortest, readCode) = withUnsafeTemporaryAllocation(of: Double.self, capacity: max(1, phrases)) { each in
            let read = RankingFunction.readInstances(api, fts, weights: arguments, weightCount: min(argumentCount, 3),
                                                     into: UnsafeMutableBufferPointer(rebasing: each[0..<phrases]))
            frequency = each[0..<phrases].reduce(0, +)
            return read
        }
        let floor = argumentCount > 3
            ? sqlite3_value_pointer(arguments![3], floorType)?.assumingMemoryBound(to: Floor.self) : nil
        let belowFloor = floor.map {
            BM25.score(frequency: frequency, length: shortest, averageLength: $0.pointee.averageLength, idf: 1) < $0.pointee.score
        } ?? false
        var totals: (rows: Double, tokens: Double) = floor?.pointee.totals ?? (0, 0)
        guard let length = RankingFunction.lengthUnlessBelowFloor(
            api, fts, context, readCode: readCode, belowFloor: belowFloor, totals: &totals)
        else { return }
        floor?.pointee.totals = totals
        var values = (frequency, length, totals.rows, totals.tokens)
        withUnsafeBytes(of: &values) { bytes in
            sqlite3_result_blob(context, bytes.baseAddress, 32, unsafeBitCast(-1, to: sqlite3_destructor_type.self))
        }
    }
}
