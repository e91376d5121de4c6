import Foundation
import GRDB
import GRDBSQLite

extension ChampionList {
    /// What a build made.
    struct BuildSummary: Equatable {
        /// Terms given a list.
        var terms: Int
        /// Posts listed, all lists together.
        var entries: Int
    }

    /// Makes every list again, in the caller's write transaction:
    ///
    /// ```sql
    /// -- the terms in at least minHits posts (FTS5's vocabulary table reads the whole index once)
    /// CREATE VIRTUAL TABLE temp.tsearch_vocab USING fts5vocab(main, post_fts, row);
    /// SELECT term, doc FROM temp.tsearch_vocab WHERE doc >= ?
    /// -- per term: every post with it, what its score is made of (no IDF count, no sorting)
    /// SELECT rowid, tsearch_match_stats(post_fts, 3.0, 1.0, 0.0, ?) FROM post_fts WHERE post_fts MATCH '"term"'
    /// ```
    /// The best `size` posts of each term by bm25 at `average_limit` are kept (a heap of
    /// `size + 1`; the one more gives the threshold); once the heap is full, a post that cannot
    /// beat its worst is counted without reading its length (``MatchStats/Floor``). A term that the tokenizer would not give
    /// back unchanged (a stem that stems again) gets no list.
    @discardableResult
    static func build(_ db: Database, minHits: Int = defaultMinHits, size: Int = defaultSize) throws -> BuildSummary {
        try db.execute(sql: """
            DELETE FROM champion; DELETE FROM champion_changed; DELETE FROM champion_state;
            """)
        guard let maxPostID = try Int64.fetchOne(db, sql: "SELECT max(id) FROM post") else {
            return BuildSummary(terms: 0, entries: 0)
        }
        try db.execute(sql: "CREATE VIRTUAL TABLE IF NOT EXISTS temp.tsearch_vocab USING fts5vocab(main, post_fts, row)")
        let terms = try Row.fetchAll(db, sql: "SELECT term, doc FROM temp.tsearch_vocab WHERE doc >= ?", arguments: [max(1, minHits)])
            .map { (term: $0[0] as String, hits: $0[1] as Int) }
        try db.execute(sql: "DROP TABLE temp.tsearch_vocab")

        let tokenizer = try db.makeTokenizer(tokenizer)
        let insert = try db.makeStatement(sql: "INSERT INTO champion (term, hits, threshold, posts) VALUES (?, ?, ?, ?)")
        var averageLimit: Double?
        // The one more kept gives the threshold: a post that cannot beat the worst kept is
        // below it too.
        let floor = UnsafeMutablePointer<MatchStats.Floor>.allocate(capacity: 1)
        floor.initialize(to: MatchStats.Floor())
        defer { floor.deallocate() }
        var summary = BuildSummary(terms: 0, entries: 0)
        for (term, hits) in terms {
            guard try tokenizer.tokenize(query: term).map(\.token) == [term] else { continue }
            var best = BoundedHeap(capacity: size + 1)
            floor.pointee = MatchStats.Floor(score: -.infinity, averageLength: averageLimit ?? 0)
            try MatchStats.scan(QueryCompiler.quoted(term), floor: floor, db) { id, stats in
                guard let stats else { return }
                let limit: Double
                if let averageLimit { limit = averageLimit } else {
                    limit = stats.averageLength * averageSlack
                    averageLimit = limit
                    floor.pointee.averageLength = limit
                }
                let g = BM25.score(frequency: stats.frequency, length: stats.length, averageLength: limit, idf: 1)
                best.insert(Entry(id: id, frequency: stats.frequency, length: stats.length, g: g))
                if let worst = best.worstWhenFull { floor.pointee.score = worst.g }
            }
            let ranked = best.sortedDescending()
            let kept = ranked.prefix(size)
            // Whole-number column weights make whole-number frequencies; anything else is not
            // what the encoding holds.
            guard kept.allSatisfy({ $0.frequency == $0.frequency.rounded() && $0.frequency >= 0 }) else { continue }
            var posts: [UInt8] = []
            posts.reserveCapacity(kept.count * 6)
            for entry in kept {
                Varint.append(UInt64(entry.id), to: &posts)
                Varint.append(UInt64(entry.frequency), to: &posts)
                Varint.append(UInt64(entry.length), to: &posts)
            }
            try insert.execute(arguments: [term, hits, ranked.count > size ? ranked[size].g : 0, Data(posts)])
            summary.terms += 1
            summary.entries += kept.count
        }
        try db.execute(
            sql: "INSERT INTO champion_state (id, max_post_id, average_limit, min_hits, size) VALUES (1, ?, ?, ?, ?)",
            arguments: [maxPostID, averageLimit ?? 0, minHits, size])
        return summary
    }

    /// A post's score on one term, as the build ranks it.
    struct Entry {
        var id: Int64
        var frequency: Double
        var length: Double
        /// bm25 without the IDF, at `average_limit`.
        var g: Double

        /// Higher score first; ties by lower id.
        func isBetter(than other: Entry) -> Bool {
            g != other.g ? g > other.g : id < other.id
        }
    }

    /// Unsigned LEB128: seven bits a byte, low bits first, the high bit set on all but the last.
    enum Varint {
        static func append(_ value: UInt64, to bytes: inout [UInt8]) {
            var value = value
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            bytes.append(UInt8(value))
        }

        /// The value at `offset`, which moves past it; `nil` past the end.
        static func read(_ bytes: UnsafeRawBufferPointer, at offset: inout Int) -> UInt64? {
            var value: UInt64 = 0
            var shift: UInt64 = 0
            while offset < bytes.count, shift < 64 {
                let byte = bytes[offset]
                offset += 1
                value |= UInt64(byte & 0x7F) << shift
                if byte < 0x80 { return value }
                shift += 7
            }
            return nil
        }
    }

    /// The best `capacity` entries seen: a binary min-heap whose root is the worst kept.
    struct BoundedHeap {
        let capacity: Int
        private var items: [Entry] = []

        init(capacity: Int) {
            self.capacity = capacity
            items.reserveCapacity(capacity)
        }

        mutating func insert(_ entry: Entry) {
            if items.count < capacity {
                items.append(entry)
                var child = items.count - 1
                while child > 0 {
                    let parent = (child - 1) / 2
                    guard items[parent].isBetter(than: items[child]) else { break }
                    items.swapAt(parent, child)
                    child = parent
                }
            } else if let worst = items.first, entry.isBetter(than: worst) {
                items[0] = entry
                var parent = 0
                while true {
                    let left = 2 * parent + 1, right = left + 1
                    var worstChild = parent
                    if left < items.count, items[worstChild].isBetter(than: items[left]) { worstChild = left }
                    if right < items.count, items[worstChild].isBetter(than: items[right]) { worstChild = right }
                    guard worstChild != parent else { break }
                    items.swapAt(parent, worstChild)
                    parent = worstChild
                }
            }
        }

        /// The worst entry kept, once `capacity` entries are kept: an entry must be better to
        /// get in.
        var worstWhenFull: Entry? {
            items.count == capacity ? items.first : nil
        }

        func sortedDescending() -> [Entry] {
            items.sorted { $0.isBetter(than: $1) }
        }
    }
}
