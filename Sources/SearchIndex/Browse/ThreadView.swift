import GRDB

/// A thread as a tree of posts, replies under the post they answer.
public struct ThreadView: Sendable, Equatable {
    public struct Node: Sendable, Equatable {
        public var post: PostView.Summary
        /// Ids (as given) of the posts this one quotes, resolved.
        public var quotes: [String]
        /// Number of quoted spans left unresolved.
        public var unresolvedQuotes: Int
        public var replies: [Node]
    }

    public var source: String
    public var thread: String
    public var title: String?
    public var postCount: Int
    public var startedAt: Int64?
    public var lastAt: Int64?
    /// Posts whose parent is not in the thread (the root, and replies to missing posts), oldest first.
    public var roots: [Node]

    static func load(_ reference: String, _ db: Database) throws -> ThreadView {
        let threadID: Int64
        do {
            threadID = try PostLookup.threadID(reference, db)
        } catch BrowseError.notFound {
            // A post's key also opens its thread.
            let post = try PostLookup.postID(reference, db)
            threadID = try Int64.fetchOne(db, sql: "SELECT thread_id FROM post WHERE id = ?", arguments: [post]) ?? -1
        }
        guard let thread = try Row.fetchOne(db, sql: """
            SELECT source, ref, title, post_count, started_at, last_at FROM thread WHERE id = ?
            """, arguments: [threadID])
        else { throw BrowseError.notFound(kind: "thread", reference: reference) }

        let rows = try Row.fetchAll(db, sql: """
            SELECT p.id, p.parent_id, p.source, p.ref, p.author, p.time, tsearch_text(p.own_text), tsearch_text(p.quoted_text),
                (SELECT group_concat(s.ref, char(10)) FROM quote q JOIN post s ON s.id = q.source_id WHERE q.post_id = p.id),
                (SELECT count(*) FROM quote q WHERE q.post_id = p.id AND q.source_id IS NULL)
            FROM post p WHERE p.thread_id = ? ORDER BY p.time, p.id
            """, arguments: [threadID])
        var children: [Int64: [Int64]] = [:]
        var nodes: [Int64: Node] = [:]
        var order: [Int64] = []
        let ids = Set(rows.map { $0[0] as Int64 })
        var roots: [Int64] = []
        for row in rows {
            let id: Int64 = row[0]
            let own: String = row[6]
            let summary = PostView.Summary(
                source: row[2], id: row[3], author: row[4], time: row[5],
                firstLine: PostView.firstLine(of: own.isEmpty ? row[7] : own))
            var quoted: [String] = []
            for ref in (row[8] as String?)?.split(separator: "\n").map(String.init) ?? [] where !quoted.contains(ref) {
                quoted.append(ref)
            }
            nodes[id] = Node(post: summary, quotes: quoted, unresolvedQuotes: row[9], replies: [])
            order.append(id)
            if let parent: Int64 = row[1], ids.contains(parent), parent != id {
                children[parent, default: []].append(id)
            } else {
                roots.append(id)
            }
        }
        // Builds subtrees without recursion limits on deep threads; cycles cannot occur because
        // each post is placed once.
        var placed = Set<Int64>()
        func build(_ id: Int64, depth: Int) -> Node {
            placed.insert(id)
            var node = nodes[id]!
            if depth < 500 {
                node.replies = (children[id] ?? []).filter { !placed.contains($0) }.map { build($0, depth: depth + 1) }
            }
            return node
        }
        var tree = roots.map { build($0, depth: 0) }
        // Posts caught in a parent cycle hang from nothing: show them at the top level.
        for id in order where !placed.contains(id) { tree.append(build(id, depth: 0)) }
        return ThreadView(source: thread[0], thread: thread[1], title: thread[2], postCount: thread[3],
                          startedAt: thread[4], lastAt: thread[5], roots: tree)
    }
}
