import GRDB

/// What a span's resolution depends on besides the span itself: the earlier posts of the
/// quoting post's thread (how many, and a sum of their digests, so that an edit shows too) and
/// its parent chain. A link made while an import was still writing stands when the basis is
/// the same once the import is done; otherwise the span is resolved again.
///
/// "Earlier" is the rule of ``QuoteResolver``'s thread scan: written before the quoting post
/// (by id when a time is missing).
struct ResolutionBasis: Equatable, Sendable {
    var earlierCount: Int
    var earlierSum: Int64
    /// The chain's post ids, nearest first, joined by commas.
    var chain: String

    /// The basis of the post `postID` as the database holds it now, `nil` if it is missing.
    static func of(_ postID: Int64, _ db: Database) throws -> ResolutionBasis? {
        guard let row = try Row.fetchOne(
            db.cachedStatement(sql: """
                SELECT count(e.id), coalesce(sum(e.digest & \(digestMask)), 0)
                FROM post q LEFT JOIN post e ON e.thread_id = q.thread_id AND e.id <> q.id
                  AND CASE WHEN e.time IS NOT NULL AND q.time IS NOT NULL
                           THEN e.time < q.time OR (e.time = q.time AND e.id < q.id)
                           ELSE e.id < q.id END
                WHERE q.id = ?
                GROUP BY q.id
                """),
            arguments: [postID])
        else { return nil }
        var chain: [Int64] = []
        var seen: Set<Int64> = [postID]
        let parent = try db.cachedStatement(sql: "SELECT parent_id FROM post WHERE id = ?")
        var next = try Int64.fetchOne(parent, arguments: [postID])
        while let id = next, chain.count < QuoteResolver.ancestorLimit, seen.insert(id).inserted {
            chain.append(id)
            next = try Int64.fetchOne(parent, arguments: [id])
        }
        return ResolutionBasis(earlierCount: row[0], earlierSum: row[1], chain: chain.map(String.init).joined(separator: ","))
    }

    /// The low 40 bits of each digest are summed: a thread of up to 2^23 posts cannot overflow.
    static let digestMask: Int64 = (1 << 40) - 1
}
