import GRDB

/// What a span's resolution depends on besides the span itself: the earlier posts of the
/// quoting post's thread (how many, and a sum of their digests, so that an edit shows too) and
/// its parent chain. A link made while an import was still writing stands when the basis is
/// the same once the import is done; otherwise the span is resolved again.
///
/// "Earlier" is the rule of ``QuoteResolver``'s thread scan: written before the quoting post,
/// by id when either time is missing.
struct ResolutionBasis: Equatable, Sendable {
    var earlierCount: Int
    var earlierSum: Int64
    /// A hash of the chain's post ids, nearest first (as text: it is stored in a text column).
    var chain: String

    /// A post of a thread, as much of it as the basis needs.
    struct Member: Sendable {
        var id: Int64
        var parent: Int64?
        var time: Int64?
        var digest: Int64
    }

    /// The low 40 bits of each digest are summed: a thread of up to 2^23 posts cannot overflow.
    static let digestMask: Int64 = (1 << 40) - 1

    /// One thread's posts sorted so that the earlier posts of any of them are a prefix: by
    /// (time, id) for posts with a time, by id for those without, by id for all; each with
    /// running counts and digest sums. Building it is O(n log n), each basis O(log n).
    struct Thread {
        private let timed: [(time: Int64, id: Int64, sum: Int64)]
        private let untimed: [(id: Int64, sum: Int64)]
        private let all: [(id: Int64, sum: Int64)]
        private let members: [Int64: Member]

        init(_ posts: [Member]) {
            var members: [Int64: Member] = [:]
            for post in posts { members[post.id] = post }
            self.members = members
            func running<T>(_ items: [T], digest: (T) -> Int64) -> [Int64] {
                var total: Int64 = 0
                return items.map { total += digest($0) & ResolutionBasis.digestMask; return total }
            }
            let timedPosts = posts.filter { $0.time != nil }.sorted { ($0.time!, $0.id) < ($1.time!, $1.id) }
            let timedSums = running(timedPosts, digest: \.digest)
            timed = zip(timedPosts, timedSums).map { ($0.time!, $0.id, $1) }
            let untimedPosts = posts.filter { $0.time == nil }.sorted { $0.id < $1.id }
            untimed = zip(untimedPosts, running(untimedPosts, digest: \.digest)).map { ($0.id, $1) }
            let byID = posts.sorted { $0.id < $1.id }
            all = zip(byID, running(byID, digest: \.digest)).map { ($0.id, $1) }
        }

        /// The basis of member `id`; `parentOf` finds the parent of a chain post outside the thread.
        func basis(of id: Int64, parentOf: (Int64) throws -> Int64?) rethrows -> ResolutionBasis? {
            guard let post = members[id] else { return nil }
            var count = 0
            var sum: Int64 = 0
            if let time = post.time {
                let n = Self.prefix(timed.count) { (timed[$0].time, timed[$0].id) < (time, id) }
                let m = Self.prefix(untimed.count) { untimed[$0].id < id }
                count = n + m
                sum = (n > 0 ? timed[n - 1].sum : 0) &+ (m > 0 ? untimed[m - 1].sum : 0)
            } else {
                count = Self.prefix(all.count) { all[$0].id < id }
                sum = count > 0 ? all[count - 1].sum : 0
            }
            // The walk stops at the first post met again; chains are short, so the posts met
            // are looked for in a list.
            var chain: [Int64] = []
            var hash: UInt64 = 0xCBF2_9CE4_8422_2325  // FNV-1a over the ids' bytes
            var next = post.parent
            while let parent = next, chain.count < QuoteResolver.ancestorLimit, parent != id, !chain.contains(parent) {
                chain.append(parent)
                var bits = UInt64(bitPattern: parent)
                for _ in 0..<8 {
                    hash = (hash ^ (bits & 0xFF)) &* 0x0000_0100_0000_01B3
                    bits >>= 8
                }
                next = try members[parent].map(\.parent) ?? parentOf(parent)
            }
            return ResolutionBasis(earlierCount: count, earlierSum: sum, chain: String(hash, radix: 16))
        }

        /// How many leading indexes of `0..<count` satisfy `isBefore` (which holds for a prefix).
        private static func prefix(_ count: Int, _ isBefore: (Int) -> Bool) -> Int {
            var low = 0
            var high = count
            while low < high {
                let mid = (low + high) / 2
                if isBefore(mid) { low = mid + 1 } else { high = mid }
            }
            return low
        }
    }

    /// The posts of a thread as the basis needs them.
    static func members(ofThread threadID: Int64, _ db: Database) throws -> [Member] {
        var members: [Member] = []
        let rows = try Row.fetchCursor(
            db.cachedStatement(sql: "SELECT id, parent_id, time, digest FROM post WHERE thread_id = ?"),
            arguments: [threadID])
        while let row = try rows.next() {
            members.append(Member(id: row[0], parent: row[1], time: row[2], digest: row[3]))
        }
        return members
    }

    /// The parent of a post outside the thread at hand.
    static func parent(of id: Int64, _ db: Database) throws -> Int64? {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT parent_id FROM post WHERE id = ?"), arguments: [id])
    }
}
