/// What the index knows about a post besides its text, stored with the post as it arrives
/// (``SignalStore``) and read for the candidate pool only:
///
/// ```sql
/// SELECT p.id, p.time, t.post_count, s.times_quoted, s.reply_count, s.depth
/// FROM post p JOIN thread t ON t.id = p.thread_id LEFT JOIN post_signal s ON s.post_id = p.id WHERE p.id IN (SELECT value FROM json_each(?))
/// ```
struct Signals: Sendable, Equatable {
    var time: Int64?
    var threadPosts: Int
    /// Distinct posts quoting this one.
    var timesQuoted: Int
    /// Direct replies.
    var replies: Int
    /// Posts above it in its reply chain: 0 for a thread's first post.
    var depth: Int = 0

    static let none = Signals(time: nil, threadPosts: 0, timesQuoted: 0, replies: 0)
}
