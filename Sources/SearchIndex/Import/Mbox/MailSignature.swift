/// Removes a mail signature — the lines after a line that is exactly `-- ` — from own text.
///
/// ```
/// Thanks,                          own text "Thanks,\nJane"
/// Jane
/// --                               ← "-- " (dash dash space): the signature starts here
/// Jane Doe, Example Corp           ← removed
/// ```
///
/// The signature runs from the separator to the next quoted span (or the end), so own text
/// written below a later quote is kept; quote positions after the cut move with the text.
/// Only the exact separator counts: `--` without the space (common in diffs) does not.
enum MailSignature {
    /// `split` with every signature removed from its own text.
    static func removing(from split: QuoteSplitter.Result) -> QuoteSplitter.Result {
        guard split.ownText.hasPrefix("-- \n") || split.ownText.contains("\n-- \n")
            || split.ownText.hasSuffix("\n-- ")
        else { return split }
        var own = Array(split.ownText.utf8)
        var quotes = split.quotes
        var searchFrom = 0
        while let separator = findSeparator(in: own, from: searchFrom) {
            // The signature ends where the next quoted span was cut out.
            let next = quotes.first { $0.position > separator }
            let end = next.map { min($0.position, own.count) } ?? own.count
            var start = separator
            while start > 0, own[start - 1] == 0x0A || own[start - 1] == 0x20 || own[start - 1] == 0x09 {
                start -= 1
            }
            var keepFrom = end
            // Keep one line break between the text before and after the signature.
            let joiner: [UInt8] = start > 0 && end < own.count ? [0x0A] : []
            if end < own.count {
                while keepFrom < own.count, own[keepFrom] == 0x0A { keepFrom += 1 }
            }
            own.replaceSubrange(start..<keepFrom, with: joiner)
            let removed = keepFrom - start - joiner.count
            for index in quotes.indices where quotes[index].position > start {
                quotes[index].position = max(start, quotes[index].position - removed)
            }
            searchFrom = start + joiner.count
        }
        while let last = own.last, last == 0x0A || last == 0x20 || last == 0x09 { own.removeLast() }
        return QuoteSplitter.Result(ownText: String(decoding: own, as: UTF8.self), quotes: quotes)
    }

    /// The offset of the next `-- ` line at or after `from`, or `nil`.
    private static func findSeparator(in own: [UInt8], from: Int) -> Int? {
        var lineStart = from
        while lineStart < own.count {
            let lineEnd = own[lineStart...].firstIndex(of: 0x0A) ?? own.count
            if lineEnd - lineStart == 3, own[lineStart] == 0x2D, own[lineStart + 1] == 0x2D,
               own[lineStart + 2] == 0x20
            {
                return lineStart
            }
            lineStart = lineEnd + 1
        }
        return nil
    }
}
