/// Mail and news subjects: the reply and forward prefixes that repeat a thread's subject.
enum Subject {
    private static let prefixes = ["re:", "re :", "aw:", "fwd:", "fw:", "sv:", "vs:", "antw:", "odp:"]

    /// Whether `subject` starts with `Re:`, `Fwd:` or a localised equivalent.
    static func hasReplyPrefix(_ subject: String) -> Bool {
        let lowered = subject.prefix(8).lowercased()
        return prefixes.contains { lowered.hasPrefix($0) }
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
