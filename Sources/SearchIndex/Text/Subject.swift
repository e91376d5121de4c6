/// Mail and news subjects: the reply and forward prefixes that repeat a thread's subject.
enum Subject {
    private static let prefixes = ["re:", "re :", "aw:", "fwd:", "fw:", "sv:", "vs:", "antw:", "odp:"]

    /// Whether `subject` starts with `Re:`, `Fwd:` or a localised equivalent.
    static func hasReplyPrefix(_ subject: String) -> Bool {
        let lowered = subject.prefix(8).lowercased()
        return prefixes.contains { lowered.hasPrefix($0) }
    }

    /// The key under which threads with the same subject are grouped: reply and forward
    /// prefixes and leading `[list]` tags removed, whitespace collapsed, lowercased.
    /// `Re: [Ksummit-discuss] [TECH TOPIC]  Rust` gives `rust`. `nil` when nothing is left.
    static func key(_ subject: String) -> String? {
        var text = Substring(subject)
        var changed = true
        while changed {
            changed = false
            let stripped = Substring(withoutReplyPrefixes(String(text)))
            if stripped != text {
                text = stripped
                changed = true
            }
            if text.first == "[", let close = text.firstIndex(of: "]") {
                text = text[text.index(after: close)...].drop { $0 == " " || $0 == "\t" }
                changed = true
            }
        }
        let words = text.lowercased().split { $0 == " " || $0 == "\t" || $0 == "\n" }
        return words.isEmpty ? nil : words.joined(separator: " ")
    }

    /// `subject` without any leading reply or forward prefixes: `Re: Re: Fwd: x` gives `x`.
    static func withoutReplyPrefixes(_ subject: String) -> String {
        var text = Substring(subject)
        var changed = true
        while changed {
            changed = false
            text = text.drop { $0 == " " || $0 == "\t" }
            let lowered = text.prefix(8).lowercased()
            if let prefix = prefixes.first(where: { lowered.hasPrefix($0) }) {
                text = text.dropFirst(prefix.count)
                changed = true
            }
        }
        return String(text)
    }
}
