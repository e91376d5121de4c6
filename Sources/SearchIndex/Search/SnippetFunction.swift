import GRDB
import GRDBSQLite

/// The FTS5 auxiliary function `tsearch_snippet(post_fts, column, open, close, ellipsis, tokens)`:
/// a fragment of one column around the query's words, in the shape of FTS5's `snippet()` (the
/// words between `open` and `close`, `ellipsis` where the text was cut), from one partial pass of
/// the tokenizer.
///
/// ```sql
/// SELECT tsearch_snippet(post_fts, tsearch_snippet_column(post_fts), '⟦', '⟧', '…', 20)
/// FROM post_fts WHERE post_fts MATCH ? AND rowid = ?
/// ```
/// FTS5's `snippet()` tokenizes the whole column twice (once to find where sentences start, once
/// to mark the words) and scores a window at every instance of every phrase: on a long post
/// with a common word it was most of a search (86 M of the 154 M instructions of one
/// `tsearch search the` on ksummit and Delving Bitcoin). Here the window is chosen from the
/// phrases' position lists alone (``window(_:tokens:)``: the earliest with the most distinct
/// phrases), and the tokenizer runs from the column's start only to the window's furthest
/// possible end, keeping the byte ranges of the tokens the window may hold. The window starts
/// at the column's start when the words fit there, else at a sentence start just before them,
/// else with the words centred (``placement(first:end:tokens:columnTokens:sentenceStart:)``).
enum SnippetFunction {
    static let functionName = "tsearch_snippet"

    /// Registers the function on `db` (every connection of an index does it when it opens).
    static func register(_ db: Database) throws {
        try RankingFunction.register(db, name: functionName, function: function)
    }

    /// A phrase instance: its tokens `start..<end` in the column.
    struct Instance: Equatable {
        var start: Int32
        var end: Int32
        var phrase: Int32
    }

    /// The instances a window of `tokens` tokens should hold, as the first instance's start and
    /// the end of the instance by which every phrase of the window has been met: the earliest
    /// window starting at an instance that holds the most distinct phrases (a post's first
    /// mention of the words, as a reader meets them). `instances` are sorted by start. `nil`
    /// when there are none.
    static func window(_ instances: [Instance], tokens: Int32) -> (first: Int32, end: Int32)? {
        guard let head = instances.first else { return nil }
        let present = Set(instances.map(\.phrase)).count  // no window holds more
        var counts = [Int](repeating: 0, count: Int(instances.map(\.phrase).max() ?? 0) + 1)
        var distinct = 0
        var best = (phrases: 0, first: head.start, end: head.end)
        var last = 0  // instances[i..<last] are in the window starting at instances[i]
        func enter() {
            counts[Int(instances[last].phrase)] += 1
            if counts[Int(instances[last].phrase)] == 1 { distinct += 1 }
            last += 1
        }
        for i in instances.indices {
            let limit = instances[i].start + tokens
            if last == i { enter() }  // the window's own instance, even when longer than the window
            while last < instances.count, instances[last].end <= limit { enter() }
            if distinct > best.phrases {
                // The span ends where the window's phrases have all been met: further instances
                // are marked when they fall in the window, but do not push it on.
                var seen = Set<Int32>()
                var end = instances[i].end
                for instance in instances[i..<last] where seen.count < distinct {
                    seen.insert(instance.phrase)
                    end = max(end, instance.end)
                }
                best = (distinct, instances[i].start, end)
                if distinct == present { break }
            }
            counts[Int(instances[i].phrase)] -= 1
            if counts[Int(instances[i].phrase)] == 0 { distinct -= 1 }
        }
        return (best.first, best.end)
    }

    /// Where a window of `tokens` tokens holding `first..<end` starts, in a column of
    /// `columnTokens` tokens: at the column's start when the column fits in the window, or when
    /// the window holds `end` and a quarter of its length after it from there; else at the latest
    /// sentence start at or before `first` from which the window still holds `end`; else with the
    /// words centred, never so late that the window would run past the column's end (it would
    /// show less) nor before its start.
    static func placement(first: Int32, end: Int32, tokens: Int32, columnTokens: Int32,
                          sentenceStart: (Int32) -> Bool) -> Int32 {
        if columnTokens <= tokens || end <= tokens - tokens / 4 { return 0 }
        let earliest = max(0, min(first, end - tokens))
        var start = first
        while start >= earliest {
            if sentenceStart(start) { return start }
            start -= 1
        }
        let centred = first - max(0, tokens - (end - first)) / 2
        return max(0, min(centred, columnTokens - tokens, first))
    }

    /// The byte ranges of the tokens `low..<high` of a text, and which of them start a sentence,
    /// filled by the tokenizer's callback; the callback stops the tokenizer at `high`.
    private final class TokenScan {
        let text: UnsafeBufferPointer<UInt8>
        let low: Int32
        let high: Int32
        var position: Int32 = 0
        var previousEnd = 0
        var starts: [Int] = []
        var ends: [Int] = []
        var sentence: [Bool] = []
        var stopped = false

        init(text: UnsafeBufferPointer<UInt8>, low: Int32, high: Int32) {
            self.text = text
            self.low = low
            self.high = high
            starts.reserveCapacity(Int(high - low))
            ends.reserveCapacity(Int(high - low))
            sentence.reserveCapacity(Int(high - low))
        }

        /// Whether the text between two tokens ends a sentence: `.`, `!` or `?` followed by
        /// white space, or a blank line.
        func gapEndsSentence(_ from: Int, _ to: Int) -> Bool {
            var stop = false
            var newlines = 0
            for index in from..<to {
                switch text[index] {
                case UInt8(ascii: "."), UInt8(ascii: "!"), UInt8(ascii: "?"): stop = true
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"):
                    if stop { return true }
                case UInt8(ascii: "\n"):
                    if stop { return true }
                    newlines += 1
                    if newlines == 2 { return true }
                default: stop = false
                }
            }
            return false
        }
    }

    private static let onToken: @convention(c) (UnsafeMutableRawPointer?, Int32, UnsafePointer<CChar>?, Int32, Int32, Int32) -> Int32 = {
        context, flags, _, _, start, end in
        let scan = Unmanaged<TokenScan>.fromOpaque(context!).takeUnretainedValue()
        if flags & 0x0001 != 0 { return SQLITE_OK }  // FTS5_TOKEN_COLOCATED: no position of its own
        let position = scan.position
        if position >= scan.high {
            scan.stopped = true
            return SQLITE_DONE
        }
        if position >= scan.low {
            scan.starts.append(Int(start))
            scan.ends.append(Int(end))
            scan.sentence.append(position == 0 || scan.gapEndsSentence(scan.previousEnd, Int(start)))
        }
        scan.previousEnd = Int(end)
        scan.position = position + 1
        return SQLITE_OK
    }

    /// The C function FTS5 calls for the row.
    private static let function: fts5_extension_function = { api, fts, context, count, values in
        guard let api = api?.pointee, let context else { return }
        guard count == 5, let values else {
            sqlite3_result_error(context, "tsearch_snippet: expected (post_fts, column, open, close, ellipsis, tokens)", -1)
            return
        }
        let column = sqlite3_value_int(values[0])
        let tokens = min(64, max(1, sqlite3_value_int(values[4])))  // as FTS5's snippet() caps it
        func bytes(_ value: OpaquePointer?) -> [UInt8] {
            guard let text = sqlite3_value_text(value) else { return [] }
            return Array(UnsafeBufferPointer(start: text, count: Int(sqlite3_value_bytes(value))))
        }
        let open = bytes(values[1]), close = bytes(values[2]), ellipsis = bytes(values[3])

        var code = SQLITE_OK
        var instances: [Instance] = []
        for phrase in 0..<api.xPhraseCount(fts) where code == SQLITE_OK {
            let size = max(1, api.xPhraseSize(fts, phrase))
            var iterator = Fts5PhraseIter()
            var at: Int32 = 0, offset: Int32 = 0
            code = api.xPhraseFirst(fts, phrase, &iterator, &at, &offset)
            while code == SQLITE_OK, at >= 0 {
                if at == column { instances.append(Instance(start: offset, end: offset + size, phrase: phrase)) }
                api.xPhraseNext(fts, &iterator, &at, &offset)
            }
        }
        var columnTokens: Int32 = 0
        if code == SQLITE_OK { code = api.xColumnSize(fts, column, &columnTokens) }
        var textPointer: UnsafePointer<CChar>?
        var textBytes: Int32 = 0
        if code == SQLITE_OK { code = api.xColumnText(fts, column, &textPointer, &textBytes) }
        guard code == SQLITE_OK else {
            sqlite3_result_error_code(context, code)
            return
        }
        instances.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        let (first, end) = window(instances, tokens: tokens) ?? (0, 0)
        let text = UnsafeRawBufferPointer(start: textPointer, count: Int(textBytes)).bindMemory(to: UInt8.self)
        let scan = TokenScan(text: text, low: max(0, min(first, end - tokens)), high: first + tokens)
        if textBytes > 0 {
            code = withExtendedLifetime(scan) {
                api.xTokenize(fts, textPointer, textBytes, Unmanaged.passUnretained(scan).toOpaque(), onToken)
            }
            if code == SQLITE_DONE { code = SQLITE_OK }
        }
        guard code == SQLITE_OK else {
            sqlite3_result_error_code(context, code)
            return
        }
        // The column's length as stored, or as far as the tokenizer went when they differ.
        let total = scan.stopped ? max(columnTokens, scan.position + 1) : scan.position
        let low = scan.low
        // Not before the tokens kept (a stored length shorter than the positions, in a damaged
        // index, would place it there).
        let start = max(low, placement(first: first, end: end, tokens: tokens, columnTokens: total) { position in
            let index = Int(position - low)
            return index >= 0 && index < scan.sentence.count && scan.sentence[index]
        })
        let stop = min(start + tokens, total, low + Int32(scan.starts.count))

        var out: [UInt8] = []
        out.reserveCapacity(Int(tokens) * 12)
        var cursor = 0
        if start > 0, Int(start - low) < scan.starts.count {
            out.append(contentsOf: ellipsis)
            cursor = scan.starts[Int(start - low)]
        }
        let to = stop < total && stop > start ? scan.ends[Int(stop - 1 - low)] : text.count
        var index = 0
        while index < instances.count, cursor < to {
            let a = max(instances[index].start, start)
            var b = min(instances[index].end, stop)
            index += 1
            // Overlapping instances are marked as one (adjacent ones each on their own).
            while index < instances.count, instances[index].start < b {
                b = max(b, min(instances[index].end, stop))
                index += 1
            }
            guard a < b else { continue }
            let from = scan.starts[Int(a - low)], through = scan.ends[Int(b - 1 - low)]
            guard from >= cursor else { continue }
            out.append(contentsOf: text[cursor..<from])
            out.append(contentsOf: open)
            out.append(contentsOf: text[from..<through])
            out.append(contentsOf: close)
            cursor = through
        }
        if cursor < to { out.append(contentsOf: text[cursor..<to]) }
        if stop < total { out.append(contentsOf: ellipsis) }
        out.append(0)  // an empty text still needs a pointer
        out.withUnsafeBufferPointer { buffer in
            buffer.withMemoryRebound(to: CChar.self) { chars in
                // SQLITE_TRANSIENT: SQLite copies the bytes before the call returns.
                sqlite3_result_text(context, chars.baseAddress, Int32(chars.count - 1),
                                    unsafeBitCast(-1, to: sqlite3_destructor_type.self))
            }
        }
    }
}
