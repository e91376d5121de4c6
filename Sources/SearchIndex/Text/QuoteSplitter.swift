/// Splits a plain-text body with `>` quoting into the author's own text and quoted spans.
///
/// ```
/// On Tue, 3 May 2022, Jane Doe wrote:     ─┐ attribution of span 0
/// > We should ship it.                    ─┘ span 0, depth 1: "We should ship it."
/// I disagree.                             ── own text
/// ```
///
/// Leniency, in the order the rules apply:
/// - A quoted line starts with `>` in its first column; `>>`, `> >` and `>\t>` all count as
///   depth 2. A `>` anywhere else in a line is ordinary text.
/// - A span is a maximal run of quoted lines; a blank line ends it. Its text keeps the order of
///   its lines with one level of markers (and one following space) removed.
/// - The attribution line directly before a span (a blank line may stand between) belongs to the
///   span, not to the own text: a line ending in `wrote:`, `writes:` or `said:` (also `wrote :`,
///   `a écrit :`, `schrieb:`), or `In article <id>, x writes:`. An `On ...` line directly above
///   such a line joins it, for attributions that the mailer wrapped.
/// - CRLF and lone CR line ends become LF; control characters other than tab and LF are dropped.
/// - Runs of blank lines in the own text collapse into one; leading blank lines and trailing
///   whitespace are dropped.
///
/// The whole pass works on UTF-8 bytes: no per-character work on `String`.
public enum QuoteSplitter {
    /// The result of ``split(_:)``.
    public struct Result: Sendable, Equatable {
        public var ownText: String
        public var quotes: [QuotedSpan]
    }

    /// Splits `rawBody` into own text and quoted spans.
    ///
    /// - Parameter rawBody: plain text as the author wrote it, with `>` quoting.
    /// - Returns: the own text and the spans, in order.
    public static func split(_ rawBody: String) -> Result {
        var body = rawBody
        return body.withUTF8 { split(bytes: $0) }
    }

    static func split(bytes: UnsafeBufferPointer<UInt8>) -> Result {
        var lines = LineCollector(capacity: bytes.count)
        var start = 0
        let count = bytes.count
        while start <= count {
            var end = start
            while end < count, bytes[end] != 0x0A, bytes[end] != 0x0D { end += 1 }
            lines.add(UnsafeBufferPointer(rebasing: bytes[start..<end]))
            if end >= count { break }
            // CRLF counts as one line end.
            if bytes[end] == 0x0D, end + 1 < count, bytes[end + 1] == 0x0A { end += 1 }
            start = end + 1
        }
        return lines.finish()
    }

    /// Removes every level of leading `>` markers from each line of `text`.
    public static func removingAllQuoteMarkers(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String in
            if !bytes.contains(0x3E) { return String(decoding: bytes, as: UTF8.self) }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var atLineStart = true
            var i = 0
            while i < bytes.count {
                if atLineStart {
                    var j = i
                    var sawMarker = false
                    while j < bytes.count {
                        if bytes[j] == 0x3E {
                            sawMarker = true
                            j += 1
                        } else if sawMarker, bytes[j] == 0x20 || bytes[j] == 0x09 {
                            j += 1
                        } else {
                            break
                        }
                    }
                    if sawMarker { i = j }
                    atLineStart = false
                    continue
                }
                out.append(bytes[i])
                if bytes[i] == 0x0A { atLineStart = true }
                i += 1
            }
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// Removes the span's own attribution lines, those that introduce its deeper quotes:
    ///
    /// ```
    /// On Tue, Jane wrote:           ─ removed: "> ..." follows it
    /// > On Mon, Kim wrote:          ─ kept: it is Jane's quoted text
    /// > > We should ship it.
    /// > Agreed.
    /// ```
    ///
    /// The post that wrote such a line (Jane's) keeps it as the attribution of its quote, in
    /// neither its own nor its quoted text, so a matcher would look for it there in vain.
    /// Deeper attribution lines are different: Jane's quoted text holds `On Mon, Kim wrote:`.
    /// A line is an attribution line by the splitter's rule: one ending like `wrote:`,
    /// followed by a deeper quote, one blank line allowed between, and an `On ...` line above
    /// a `... wrote:` line goes with it. Text without such lines is returned as it is.
    static func removingNestedAttributions(_ text: String) -> String {
        var text = text
        return text.withUTF8 { bytes -> String? in
            func lineEnd(from start: Int) -> Int {
                var end = start
                while end < bytes.count, bytes[end] != 0x0A { end += 1 }
                return end
            }
            func line(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> { UnsafeBufferPointer(rebasing: bytes[range]) }
            func isBlank(_ range: Range<Int>) -> Bool {
                let whole = line(range)
                return whole.dropFirst(markerLength(of: whole)).allSatisfy { $0 == 0x20 || $0 == 0x09 }
            }
            var removed: [Range<Int>] = []
            var previous: Range<Int>?
            var start = 0
            while start <= bytes.count {
                let current = start..<lineEnd(from: start)
                defer {
                    previous = current
                    start = current.upperBound + 1
                }
                // `isAttribution` turns most lines away at their last byte (every ending is a colon).
                guard depth(of: line(current)) == 0, Attribution.isAttribution(line(current)) else { continue }
                var next = current.upperBound + 1
                if next <= bytes.count {
                    let blank = next..<lineEnd(from: next)
                    if isBlank(blank) { next = blank.upperBound + 1 }
                }
                guard next <= bytes.count, depth(of: line(next..<lineEnd(from: next))) > 0 else { continue }
                if let previous, removed.last != previous, depth(of: line(previous)) == 0,
                   !Attribution.startsWithOn(line(current)), Attribution.startsWithOn(line(previous))
                {
                    removed.append(previous)
                }
                removed.append(current)
            }
            guard !removed.isEmpty else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count)
            var kept = 0  // where the text after the last removed line starts
            for range in removed {
                out.append(contentsOf: line(kept..<range.lowerBound))
                kept = min(bytes.count, range.upperBound + 1)
            }
            out.append(contentsOf: line(kept..<bytes.count))
            if out.last == 0x0A, bytes.last != 0x0A { out.removeLast() }
            return String(decoding: out, as: UTF8.self)
        } ?? text
    }

    /// The number of bytes of a line's leading `>` markers and the spaces between and after them.
    static func markerLength(of line: UnsafeBufferPointer<UInt8>) -> Int {
        var i = 0
        var sawMarker = false
        while i < line.count {
            if line[i] == 0x3E {
                sawMarker = true
            } else if !sawMarker || (line[i] != 0x20 && line[i] != 0x09) {
                break
            }
            i += 1
        }
        return sawMarker ? i : 0
    }

    /// The quoting depth of a line: the number of `>` markers at its start, spaces between them
    /// allowed. Zero for a line that is not quoted.
    static func depth(of line: UnsafeBufferPointer<UInt8>) -> Int {
        var depth = 0
        var i = 0
        while i < line.count {
            if line[i] == 0x3E {
                depth += 1
            } else if depth == 0 || (line[i] != 0x20 && line[i] != 0x09) {
                break
            }
            i += 1
        }
        return depth
    }
}

/// Gathers lines into own text and spans as the splitter walks the body.
private struct LineCollector {
    private var own: [UInt8] = []
    /// Own lines not yet written: held back while they might still be an attribution.
    private var pending: [[UInt8]] = []
    private var spanLines: [UInt8] = []
    private var spanDepth = 0
    private var spanAttribution: [[UInt8]] = []
    private var inSpan = false
    private var quotes: [QuotedSpan] = []

    /// - Parameter capacity: the length of the body, which the own text does not exceed.
    init(capacity: Int) {
        own.reserveCapacity(capacity)
    }

    mutating func add(_ line: UnsafeBufferPointer<UInt8>) {
        if line.contains(where: Self.isDropped) {
            Self.clean(line).withUnsafeBufferPointer { addClean($0) }
        } else {
            addClean(line)
        }
    }

    /// Adds a line without control characters other than tab.
    private mutating func addClean(_ line: UnsafeBufferPointer<UInt8>) {
        let depth = QuoteSplitter.depth(of: line)
        if depth > 0 {
            if !inSpan { openSpan() }
            spanDepth = min(spanDepth, depth)
            if !spanLines.isEmpty { spanLines.append(0x0A) }
            spanLines.append(contentsOf: Self.removingOneLevel(line))
        } else {
            if inSpan { closeSpan() }
            pending.append(Array(line))
            // Only the last three own lines can belong to an attribution.
            if pending.count > 3 { writeOwn(pending.removeFirst()) }
        }
    }

    mutating func finish() -> QuoteSplitter.Result {
        if inSpan { closeSpan() }
        for line in pending { writeOwn(line) }
        pending.removeAll()
        while let last = own.last, last == 0x0A || last == 0x20 || last == 0x09 { own.removeLast() }
        return .init(ownText: String(decoding: own, as: UTF8.self), quotes: quotes)
    }

    private mutating func openSpan() {
        inSpan = true
        spanDepth = Int.max
        spanLines.removeAll(keepingCapacity: true)
        spanAttribution = Self.takeAttribution(from: &pending)
        for line in pending { writeOwn(line) }
        pending.removeAll()
    }

    private mutating func closeSpan() {
        inSpan = false
        let attribution = spanAttribution.isEmpty ? nil : Array(spanAttribution.joined(separator: [0x20]))
        quotes.append(QuotedSpan(
            text: String(decoding: spanLines, as: UTF8.self),
            depth: spanDepth,
            position: ownLengthWithoutTrailingBlank,
            attribution: attribution.map { String(decoding: $0, as: UTF8.self) },
            attributedAuthor: attribution.flatMap(Attribution.author(in:))
        ))
    }

    private var ownLengthWithoutTrailingBlank: Int {
        var n = own.count
        while n > 0, own[n - 1] == 0x0A { n -= 1 }
        return n
    }

    /// Appends one own line, collapsing runs of blank lines and dropping leading blank lines.
    private mutating func writeOwn(_ line: [UInt8]) {
        let blank = line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
        if blank {
            if own.isEmpty || own.last == 0x0A && own.count >= 2 && own[own.count - 2] == 0x0A {
                return
            }
            own.append(0x0A)
            return
        }
        if !own.isEmpty, own.last != 0x0A { own.append(0x0A) }
        own.append(contentsOf: line)
        own.append(0x0A)
    }

    /// Removes the attribution lines at the end of `pending` (a blank line may follow them).
    private static func takeAttribution(from pending: inout [[UInt8]]) -> [[UInt8]] {
        var end = pending.count
        if end > 0, isBlank(pending[end - 1]) { end -= 1 }
        guard end > 0, Attribution.isAttribution(pending[end - 1]) else { return [] }
        var first = end - 1
        if first > 0, !Attribution.startsWithOn(pending[first]), Attribution.startsWithOn(pending[first - 1]),
           !isBlank(pending[first - 1])
        {
            first -= 1
        }
        let taken = Array(pending[first..<end]).map(trimmed)
        pending.removeSubrange(first..<pending.count)
        return taken
    }

    private static func isBlank(_ line: [UInt8]) -> Bool {
        line.allSatisfy { $0 == 0x20 || $0 == 0x09 }
    }

    private static func trimmed(_ line: [UInt8]) -> [UInt8] {
        var s = 0
        var e = line.count
        while s < e, line[s] == 0x20 || line[s] == 0x09 { s += 1 }
        while e > s, line[e - 1] == 0x20 || line[e - 1] == 0x09 { e -= 1 }
        return Array(line[s..<e])
    }

    /// Whether a byte is a control character other than tab, which lines lose.
    private static func isDropped(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    /// The line without control characters other than tab.
    private static func clean(_ line: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        line.filter { !isDropped($0) }
    }

    /// Removes the first `>` and one space or tab after it.
    private static func removingOneLevel(_ line: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        guard let marker = line.firstIndex(of: 0x3E) else { return line[...] }
        var start = marker + 1
        if start < line.count, line[start] == 0x20 || line[start] == 0x09 { start += 1 }
        return line[start...]
    }
}
