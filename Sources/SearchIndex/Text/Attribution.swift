/// Recognises attribution lines ("On Tue, 3 May 2022, Jane Doe wrote:") and the name in them.
enum Attribution {
    private static let endings: [[UInt8]] = [
        "wrote:", "wrote :", "writes:", "said:", "says:", "a écrit :", "a écrit:", "schrieb:",
        "escribió:", "scrisse:",
    ].map { Array($0.utf8) }

    /// Whether a line (attribution lines are short) ends the way mailers end attributions.
    static func isAttribution<Line: RandomAccessCollection<UInt8>>(_ line: Line) -> Bool where Line.Index == Int {
        var end = line.endIndex
        while end > line.startIndex, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        let length = end - line.startIndex
        guard length > 0, length <= 400, line[end - 1] == 0x3A else { return false }  // every ending ends with ':'
        for ending in endings where length >= ending.count {
            if line[(end - ending.count)..<end].elementsEqual(ending) { return true }
        }
        return false
    }

    /// Whether a line starts with `On `, after spaces.
    static func startsWithOn<Line: RandomAccessCollection<UInt8>>(_ line: Line) -> Bool where Line.Index == Int {
        var i = line.startIndex
        while i < line.endIndex, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        return line.endIndex - i >= 3 && line[i] == 0x4F && line[i + 1] == 0x6E && line[i + 2] == 0x20
    }

    /// The author named by an attribution line, without the e-mail address when a name is given.
    ///
    /// `On Tue, 3 May 2022, Jane Doe <j@x.org> wrote:` gives `Jane Doe`;
    /// `In article <id@host>, kim@example.org writes:` gives `kim@example.org`.
    ///
    /// Works on the line's UTF-8 bytes: every mark it looks for is ASCII.
    static func author(in attribution: some Collection<UInt8>) -> String? {
        var text = trimmed(ArraySlice(withPlainSpaces(attribution)), of: spaces)
        if let ending = endings.first(where: { text.count >= $0.count && text.suffix($0.count).elementsEqual($0) }) {
            text = trimmed(text.dropLast(ending.count), of: spaces)
        }
        if prefixes.contains(where: { text.starts(with: $0) }) {
            // The name follows the last comma outside angle brackets and double quotes.
            var depth = 0
            var inQuotes = false
            var lastComma: Int?
            for index in text.indices {
                switch text[index] {
                case 0x22: inQuotes.toggle()
                case 0x3C: depth += 1
                case 0x3E: depth = max(0, depth - 1)
                case 0x2C where depth == 0 && !inQuotes: lastComma = index
                default: break
                }
            }
            guard let comma = lastComma else { return nil }
            text = droppingDate(trimmed(text[(comma + 1)...], of: spaces))
        }
        if let open = text.firstIndex(of: 0x3C), open != text.startIndex {  // <
            let name = trimmed(text[..<open], of: spaces)
            if !name.isEmpty { text = name }
        }
        text = trimmed(text, of: [0x22, 0x27, 0x20])  // " ' and space
        return text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
    }

    /// Whether a post's author as its source gives it (`Jane Doe <j@x.org>`, `jane`) is the one
    /// an attribution names (`Jane Doe`, `j@x.org`), ignoring case.
    static func isSameAuthor(_ author: String, as attributed: String) -> Bool {
        // Most names are ASCII: compared on their bytes, without making lowercased copies (the
        // quote matcher compares every candidate of a thread with a span's attribution).
        var (author, attributed) = (author, attributed)
        if let same = author.withUTF8({ a in attributed.withUTF8 { b in isSameASCIIAuthor(a, as: b) } }) {
            return same
        }
        return isSameAuthorUnicode(author, as: attributed)
    }

    /// ``isSameAuthor(_:as:)`` on ASCII bytes; `nil` when either name is not ASCII.
    private static func isSameASCIIAuthor(_ author: UnsafeBufferPointer<UInt8>, as attributed: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard author.allSatisfy({ $0 < 0x80 }), attributed.allSatisfy({ $0 < 0x80 }) else { return nil }
        func lower(_ byte: UInt8) -> UInt8 { byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte }
        func equal(_ a: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
            a.count == attributed.count && zip(a, attributed).allSatisfy { lower($0) == lower($1) }
        }
        if equal(author[...]) { return true }
        guard let open = author.firstIndex(of: 0x3C), let close = author[open...].firstIndex(of: 0x3E) else { return false }
        var name = author[..<open]
        let trimmed: (UInt8) -> Bool = { $0 == 0x22 || $0 == 0x27 || $0 == 0x20 || $0 == 0x09 }  // " ' space tab
        while let first = name.first, trimmed(first) { name = name.dropFirst() }
        while let last = name.last, trimmed(last) { name = name.dropLast() }
        return (!name.isEmpty && equal(name)) || equal(author[(open + 1)..<close])
    }

    private static func isSameAuthorUnicode(_ author: String, as attributed: String) -> Bool {
        let author = author.lowercased()
        let attributed = attributed.lowercased()
        if author == attributed { return true }
        guard let open = author.firstIndex(of: "<"), let close = author[open...].firstIndex(of: ">") else { return false }
        let name = String(author[..<open]).trimmingCharacters(in: "\"' \t")
        let address = author[author.index(after: open)..<close]
        return (!name.isEmpty && name == attributed) || address == attributed
    }

    /// The text after the date and time that a mailer wrote before the name, when there is a
    /// name after them: `2019 at 1:04 AM Jane Doe`, `6 Jul 2019 16:27:38 +0200 Jane Doe`,
    /// `2019 11:31:45 PM CEST Jane Doe` and `21:17 Jane Doe` all give `Jane Doe`.
    private static func droppingDate(_ text: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var rest = text
        var dropped = false
        var sawTime = false
        var afterTime = false
        while let end = rest.firstIndex(of: 0x20) {
            let kind = DateToken(rest[..<end])
            switch kind {
            case .number, .time, .month, .offset: break
            case .at where dropped: break
            case .meridiem where afterTime, .zone where afterTime: break
            default: return sawTime ? rest : text
            }
            dropped = true
            sawTime = sawTime || kind == .time
            afterTime = kind == .time || kind == .meridiem || kind == .offset
            rest = trimmed(rest[end...], of: spaces)
        }
        // A date without a time is left alone: it may be the name (`7 of 9`).
        return sawTime ? rest : text
    }

    /// The words a mailer writes in the date of an attribution line.
    private enum DateToken {
        case number, time, month, offset, at, meridiem, zone, other

        init(_ token: ArraySlice<UInt8>) {
            let lower = token.map { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }
            let isDigit = { (b: UInt8) in b >= 0x30 && b <= 0x39 }
            if lower.contains(where: isDigit), lower.allSatisfy({ isDigit($0) || $0 == 0x3A }), lower.contains(0x3A) {
                self = .time  // 1:04, 16:27:38
            } else if lower.contains(where: isDigit), lower.allSatisfy({ isDigit($0) || $0 == 0x2D || $0 == 0x2F || $0 == 0x2E }) {
                self = .number  // 2019, 6, 2019-07-03, 03.07.2019
            } else if lower.count == 5, lower[0] == 0x2B || lower[0] == 0x2D, lower.dropFirst().allSatisfy(isDigit) {
                self = .offset  // +0200
            } else if lower.elementsEqual("at".utf8) {
                self = .at
            } else if Self.meridiems.contains(where: { lower.elementsEqual($0) }) {
                self = .meridiem
            } else if Self.months.contains(where: { lower.elementsEqual($0) }) {
                self = .month  // jul, jul., july
            } else if (3...5).contains(token.count), token.allSatisfy({ $0 >= 0x41 && $0 <= 0x5A }),
                      token.last == 0x54 || token.elementsEqual("UTC".utf8)
            {
                self = .zone  // CEST, PDT, GMT, UTC
            } else {
                self = .other
            }
        }

        private static let meridiems: [[UInt8]] = ["am", "pm", "a.m.", "p.m."].map { Array($0.utf8) }

        /// Month names and abbreviations, each also with a period.
        private static let months: [[UInt8]] = [
            "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
            "january", "february", "march", "april", "june", "july", "august", "september", "october",
            "november", "december",
        ].flatMap { [Array($0.utf8), Array($0.utf8) + [0x2E]] }
    }

    /// The bytes with no-break spaces (U+00A0, and U+202F that mailers put before `AM`/`PM`)
    /// made plain spaces.
    private static func withPlainSpaces(_ bytes: some Collection<UInt8>) -> [UInt8] {
        let input = Array(bytes)
        guard input.contains(where: { $0 >= 0x80 }) else { return input }
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        var i = 0
        while i < input.count {
            if input[i] == 0xC2, i + 1 < input.count, input[i + 1] == 0xA0 {
                out.append(0x20)
                i += 2
            } else if input[i] == 0xE2, i + 2 < input.count, input[i + 1] == 0x80, input[i + 2] == 0xAF {
                out.append(0x20)
                i += 3
            } else {
                out.append(input[i])
                i += 1
            }
        }
        return out
    }

    private static let spaces: [UInt8] = [0x20, 0x09]
    private static let prefixes: [[UInt8]] = ["On ", "In article ", "Le ", "Am "].map { Array($0.utf8) }

    private static func trimmed(_ text: ArraySlice<UInt8>, of set: [UInt8]) -> ArraySlice<UInt8> {
        var text = text
        while let first = text.first, set.contains(first) { text.removeFirst() }
        while let last = text.last, set.contains(last) { text.removeLast() }
        return text
    }
}

extension String {
    var trimmingSpaces: String { trimmingCharacters(in: " \t") }

    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        var s = startIndex
        var e = endIndex
        while s < e, chars.contains(self[s]) { s = index(after: s) }
        while e > s, chars.contains(self[index(before: e)]) { e = index(before: e) }
        return String(self[s..<e])
    }
}
