/// What the index knows about a post besides its text, read for the candidate pool only:
///
/// ```sql
/// SELECT p.id, p.time, t.post_count,
///   (SELECT count(DISTINCT q.post_id) FROM quote q WHERE q.source_id = p.id),
///   (SELECT count(*) FROM post c WHERE c.parent_id = p.id)
/// FROM post p JOIN thread t ON t.id = p.thread_id WHERE p.id IN (SELECT value FROM json_each(?))
/// ```
struct Signals: Sendable, Equatable {
    var time: Int64?
    var threadPosts: Int
    var timesQuoted: Int
    var replies: Int

    static let none = Signals(time: nil, threadPosts: 0, timesQuoted: 0, replies: 0)
}
