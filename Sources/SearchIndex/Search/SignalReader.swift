import GRDB

/// Reads ``Signals`` for a set of posts in one statement; they are stored with each post, so
/// this is two rowid lookups per post:
/// ```sql
/// SELECT p.id, p.time, t.post_count, s.times_quoted, s.reply_count, s.depth
/// FROM post p JOIN thread t ON t.id = p.thread_id LEFT JOIN post_signal s ON s.post_id = p.id WHERE p.id IN (SELECT value FROM json_each(?))
/// ```
struct SignalReader {
    let db: Database

    func signals(for ids: [Int64]) throws -> [Int64: Signals] {
        guard !ids.isEmpty else { return [:] }
        var out: [Int64: Signals] = [:]
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: """
                SELECT p.id, p.time, t.post_count,
                  coalesce(s.times_quoted, 0), coalesce(s.reply_count, 0), coalesce(s.depth, 0)
                FROM post p JOIN thread t ON t.id = p.thread_id LEFT JOIN post_signal s ON s.post_id = p.id WHERE p.id IN (SELECT value FROM json_each(?))
                """),
            arguments: [Searcher.jsonArray(ids)])
        while let row = try rows.next() {
            out[row[0]] = Signals(time: row[1], threadPosts: row[2], timesQuoted: row[3], replies: row[4], depth: row[5])
        }
        return out
    }
}
