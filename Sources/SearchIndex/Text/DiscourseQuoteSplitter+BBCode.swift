/// The `[quote]` blocks of a Discourse post's Markdown source.
extension DiscourseQuoteSplitter {
    /// One matched `[quote ...]` ... `[/quote]` pair.
    private struct Pair {
        var open: Range<Int>
        var close: Range<Int>
        var depth: Int
        var parameters: Parameters
    }

    /// What a `[quote=...]` tag says.
    struct Parameters: Equatable {
        var author: String?
        var post: String?
        var topic: String?
    }

    static func bbcodeSegments(_ raw: String) -> [Segment] {
        let bytes = Array(raw.utf8)
        let pairs = quotePairs(bytes)
        guard !pairs.isEmpty else { return [.text(raw)] }
        var segments: [Segment] = []
        var cursor = 0
        for (index, pair) in pairs.enumerated() where pair.depth == 0 {
            if cursor < pair.open.lowerBound {
                segments.append(.text(text(bytes, cursor..<pair.open.lowerBound)))
            }
            let text = render(index, pairs: pairs, bytes: bytes)
            if !text.isEmpty {
                segments.append(.quote(
                    text: String(decoding: text, as: UTF8.self), author: pair.parameters.author,
                    post: pair.parameters.post, topic: pair.parameters.topic))
            }
            cursor = pair.close.upperBound
        }
        if cursor < bytes.count {
            segments.append(.text(text(bytes, cursor..<bytes.count)))
        }
        return segments
    }

    /// The text between quote blocks, without the spaces that followed a closing tag on its line.
    private static func text(_ bytes: [UInt8], _ range: Range<Int>) -> String {
        var start = range.lowerBound
        if start > 0, bytes[start - 1] == 0x5D {
            while start < range.upperBound, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        }
        return String(decoding: bytes[start..<range.upperBound], as: UTF8.self)
    }

    /// The content of pair `index`, its nested pairs rendered as `> ` lines.
    private static func render(_ index: Int, pairs: [Pair], bytes: [UInt8]) -> [UInt8] {
        let pair = pairs[index]
        var out: [UInt8] = []
        var cursor = pair.open.upperBound
        var child = index + 1
        while child < pairs.count, pairs[child].open.lowerBound < pair.close.lowerBound {
            if pairs[child].depth == pair.depth + 1 {
                out.append(contentsOf: bytes[cursor..<pairs[child].open.lowerBound])
                if let last = out.last, last != 0x0A { out.append(0x0A) }
                out.append(contentsOf: quoting(render(child, pairs: pairs, bytes: bytes)))
                out.append(0x0A)
                cursor = pairs[child].close.upperBound
                // The line break that ends the closing tag's line is already written.
                if cursor < pair.close.lowerBound, bytes[cursor] == 0x0A { cursor += 1 }
            }
            child += 1
        }
        out.append(contentsOf: bytes[cursor..<pair.close.lowerBound])
        return trimmedLines(out)
    }

    /// The matched quote pairs in order of their opening tags, outside fenced code.
    private static func quotePairs(_ bytes: [UInt8]) -> [Pair] {
        let fences = fencedRanges(bytes)
        var fenceIndex = 0
        var pairs: [Pair] = []
        var stack: [(open: Range<Int>, parameters: Parameters)] = []
        var i = 0
        while i < bytes.count {
            guard bytes[i] == 0x5B else {
                i += 1
                continue
            }
            while fenceIndex < fences.count, fences[fenceIndex].upperBound <= i { fenceIndex += 1 }
            if fenceIndex < fences.count, fences[fenceIndex].contains(i) {
                i = fences[fenceIndex].upperBound
                continue
            }
            if let (end, parameters) = openingTag(bytes, at: i) {
                stack.append((i..<end, parameters))
                i = end
            } else if matchesIgnoringCase(bytes, "[/quote]", at: i) {
                let end = i + 8
                if let open = stack.popLast() {
                    pairs.append(Pair(open: open.open, close: i..<end, depth: stack.count,
                                      parameters: open.parameters))
                }
                i = end
            } else {
                i += 1
            }
        }
        // An unclosed opening tag is text; pairs inside it move one level up.
        if !stack.isEmpty {
            for index in pairs.indices {
                let enclosing = stack.filter {
                    $0.open.lowerBound < pairs[index].open.lowerBound
                }.count
                pairs[index].depth -= enclosing
            }
        }
        return pairs.sorted { $0.open.lowerBound < $1.open.lowerBound }
    }

    /// Parses `[quote]` or `[quote=...]` at `start`: the index after it and its parameters.
    static func openingTag(_ bytes: [UInt8], at start: Int) -> (Int, Parameters)? {
        guard matchesIgnoringCase(bytes, "[quote", at: start) else { return nil }
        var i = start + 6
        guard i < bytes.count else { return nil }
        if bytes[i] == 0x5D { return (i + 1, Parameters()) }
        guard bytes[i] == 0x3D else { return nil }
        i += 1
        let limit = min(bytes.count, i + 400)
        var value: Range<Int>
        if let closer = openingQuoteLength(bytes, at: i) {
            let valueStart = i + closer
            var j = valueStart
            while j < limit, bytes[j] != 0x0A, closingQuoteLength(bytes, at: j) == nil, bytes[j] != 0x5D { j += 1 }
            guard j < limit, bytes[j] != 0x0A else { return nil }
            value = valueStart..<j
            if let length = closingQuoteLength(bytes, at: j) { j += length }
            while j < limit, bytes[j] == 0x20 { j += 1 }
            guard j < limit, bytes[j] == 0x5D else { return nil }
            i = j + 1
        } else {
            var j = i
            while j < limit, bytes[j] != 0x5D, bytes[j] != 0x0A { j += 1 }
            guard j < limit, bytes[j] == 0x5D else { return nil }
            value = i..<j
            i = j + 1
        }
        return (i, parameters(bytes[value]))
    }

    /// Reads `name, post:N, topic:M, username:u, full:true`.
    static func parameters(_ value: ArraySlice<UInt8>) -> Parameters {
        var result = Parameters()
        var username: String?
        for (index, part) in value.split(separator: 0x2C, omittingEmptySubsequences: false).enumerated() {
            let text = trimmedSpaces(part)
            guard !text.isEmpty else { continue }
            if let colon = text.firstIndex(of: 0x3A), text[..<colon].allSatisfy(isLetter) {
                let key = String(decoding: text[..<colon], as: UTF8.self).lowercased()
                let raw = trimmedSpaces(text[(colon + 1)...])
                let val = String(decoding: raw, as: UTF8.self)
                switch key {
                case "post": result.post = raw.allSatisfy(isDigit) && !raw.isEmpty ? val : nil
                case "topic": result.topic = raw.allSatisfy(isDigit) && !raw.isEmpty ? val : nil
                case "username": username = val.isEmpty ? nil : val
                default:
                    if index == 0 { result.author = String(decoding: text, as: UTF8.self) }
                }
            } else if index == 0 {
                result.author = String(decoding: text, as: UTF8.self)
            }
        }
        if let username { result.author = username }
        return result
    }

    /// Ranges of fenced code blocks (``` or ~~~ at the start of a line, up to three spaces in).
    static func fencedRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var open: (start: Int, marker: UInt8, length: Int)?
        var lineStart = 0
        while lineStart < bytes.count {
            var lineEnd = lineStart
            while lineEnd < bytes.count, bytes[lineEnd] != 0x0A { lineEnd += 1 }
            var i = lineStart
            while i < lineEnd, i - lineStart < 3, bytes[i] == 0x20 { i += 1 }
            if i < lineEnd, bytes[i] == 0x60 || bytes[i] == 0x7E {
                let marker = bytes[i]
                var run = 0
                while i + run < lineEnd, bytes[i + run] == marker { run += 1 }
                if run >= 3 {
                    if let fence = open {
                        if fence.marker == marker, run >= fence.length {
                            ranges.append(fence.start..<min(lineEnd + 1, bytes.count))
                            open = nil
                        }
                    } else {
                        open = (lineStart, marker, run)
                    }
                }
            }
            lineStart = lineEnd + 1
        }
        if let fence = open { ranges.append(fence.start..<bytes.count) }
        return ranges
    }

    private static func trimmedSpaces(_ bytes: ArraySlice<UInt8>) -> [UInt8] {
        var start = bytes.startIndex
        var end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return Array(bytes[start..<end])
    }

    private static func openingQuoteLength(_ bytes: [UInt8], at i: Int) -> Int? {
        if bytes[i] == 0x22 || bytes[i] == 0x27 { return 1 }
        // “ or ” (some editors curl the quotes).
        if i + 2 < bytes.count, bytes[i] == 0xE2, bytes[i + 1] == 0x80, bytes[i + 2] == 0x9C || bytes[i + 2] == 0x9D {
            return 3
        }
        return nil
    }

    private static func closingQuoteLength(_ bytes: [UInt8], at i: Int) -> Int? {
        openingQuoteLength(bytes, at: i)
    }

    static func matchesIgnoringCase(_ bytes: [UInt8], _ literal: StaticString, at start: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { needle in
            for k in 0..<count {
                let b = bytes[start + k]
                let lower = b >= 0x41 && b <= 0x5A ? b + 0x20 : b
                if lower != needle[k] { return false }
            }
            return true
        }
    }

    private static func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
}
