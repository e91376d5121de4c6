/// Recognises attribution lines ("On Tue, 3 May 2022, Jane Doe wrote:") and the name in them.
enum Attribution {
    private static let endings: [[UInt8]] = [
        "wrote:", "wrote :", "writes:", "said:", "says:", "a écrit :", "a écrit:", "schrieb:",
        "escribió:", "scrisse:",
    ].map { Array($0.utf8) }

    /// Whether a line (attribution lines are short) ends the way mailers end attributions.
    static func isAttribution(_ line: [UInt8]) -> Bool {
        var end = line.count
        while end > 0, line[end - 1] == 0x20 || line[end - 1] == 0x09 { end -= 1 }
        guard end > 0, end <= 400 else { return false }
        for ending in endings where end >= ending.count {
            if line[(end - ending.count)..<end].elementsEqual(ending) { return true }
        }
        return false
    }

    static func startsWithOn(_ line: [UInt8]) -> Bool {
        var i = 0
        while i < line.count, line[i] == 0x20 || line[i] == 0x09 { i += 1 }
        return line.count - i >= 3 && line[i] == 0x4F && line[i + 1] == 0x6E && line[i + 2] == 0x20
    }

    /// The author named by an attribution line, without the e-mail address when a name is given.
    ///
    /// `On Tue, 3 May 2022, Jane Doe <j@x.org> wrote:` gives `Jane Doe`;
    /// `In article <id@host>, kim@example.org writes:` gives `kim@example.org`.
    ///
    /// Works on the line's UTF-8 bytes: every mark it looks for is ASCII.
    static func author(in attribution: some Collection<UInt8>) -> String? {
        var text = trimmed(ArraySlice(attribution), of: spaces)
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
            text = trimmed(text[(comma + 1)...], of: spaces)
        }
        if let open = text.firstIndex(of: 0x3C), open != text.startIndex {  // <
            let name = trimmed(text[..<open], of: spaces)
            if !name.isEmpty { text = name }
        }
        text = trimmed(text, of: [0x22, 0x27, 0x20])  // " ' and space
        return text.isEmpty ? nil : String(decoding: text, as: UTF8.self)
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
