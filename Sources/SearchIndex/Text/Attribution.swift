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
    static func author(in attribution: String) -> String? {
        var text = attribution.trimmingSpaces
        for verb in ["wrote:", "wrote :", "writes:", "said:", "says:", "a écrit :", "a écrit:", "schrieb:",
                     "escribió:", "scrisse:"] where text.hasSuffix(verb)
        {
            text = String(text.dropLast(verb.count)).trimmingSpaces
            break
        }
        if text.hasPrefix("On ") || text.hasPrefix("In article ") || text.hasPrefix("Le ")
            || text.hasPrefix("Am ")
        {
            // The name follows the last comma outside angle brackets and double quotes.
            var depth = 0
            var inQuotes = false
            var lastComma: String.Index?
            for index in text.indices {
                switch text[index] {
                case "\"": inQuotes.toggle()
                case "<": depth += 1
                case ">": depth = max(0, depth - 1)
                case "," where depth == 0 && !inQuotes: lastComma = index
                default: break
                }
            }
            guard let comma = lastComma else { return nil }
            text = String(text[text.index(after: comma)...]).trimmingSpaces
        }
        if let open = text.firstIndex(of: "<"), open != text.startIndex {
            let name = String(text[..<open]).trimmingSpaces
            if !name.isEmpty { text = name }
        }
        text = text.trimmingCharacters(in: "\"' ")
        return text.isEmpty ? nil : text
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
