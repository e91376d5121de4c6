import GRDB
import GRDBSQLite

/// What the auxiliary functions read of a matching row's instances, phrase by phrase, through
/// FTS5's API (`xPhraseFirst`/`xPhraseNext`: the phrase's own position list, without the
/// sorted list of every instance that `xInstCount` builds).
enum RowInstances {
    /// Writes each phrase's instances, weighted by column (`weights`, the function's arguments
    /// from the first; a column past them weighs 1), into `frequencies` (one a phrase), and
    /// returns the fewest tokens the row can have: in each column, the end of its last instance.
    /// A row this short scores its best; reading its real length costs a lookup.
    static func read(
        _ api: Fts5ExtensionApi, _ fts: OpaquePointer?, weights: UnsafeMutablePointer<OpaquePointer?>?, weightCount: Int32,
        into frequencies: UnsafeMutableBufferPointer<Double>
    ) -> (shortest: Double, code: Int32) {
        let columns = Int(api.xColumnCount(fts))
        let weighted = min(Int(weightCount), columns)
        return withUnsafeTemporaryAllocation(of: Int32.self, capacity: max(1, columns)) { ends in
            ends.initialize(repeating: 0)
            var code = SQLITE_OK
            for phrase in 0..<frequencies.count where code == SQLITE_OK {
                let size = api.xPhraseSize(fts, Int32(phrase))
                var frequency = 0.0
                var iterator = Fts5PhraseIter()
                var column: Int32 = 0, offset: Int32 = 0
                code = api.xPhraseFirst(fts, Int32(phrase), &iterator, &column, &offset)
                while code == SQLITE_OK, column >= 0 {
                    let at = Int(column)
                    frequency += at < weighted ? sqlite3_value_double(weights![at]) : 1.0
                    if at < columns { ends[at] = max(ends[at], offset + size) }
                    api.xPhraseNext(fts, &iterator, &column, &offset)
                }
                frequencies[phrase] = frequency
            }
            return (Double(ends.reduce(0) { $0 + Int($1) }), code)
        }
    }
}
