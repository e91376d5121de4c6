/// A score as a tree of its parts, for `--explain`:
/// ```
/// 2.31 score = text × priors
/// ├─ 1.92 bm25 (title 3, own text 1, quoted 0)
/// │  ├─ 0.00 title only
/// │  ├─ 1.92 own text only
/// │  └─ 0.00 quoted text only (weight 0)
/// └─ 1.20 priors
///    ├─ 1.20 quoted by 3 posts: 1 + 0.15 × ln(1 + 3)
///    └─ 1.00 0 replies: 1 + 0.00 × ln(1 + 0)
/// ```
/// bm25 saturates term frequency, so the one-column parts need not add up to the whole.
public struct ScoreExplanation: Sendable, Equatable {
    public var value: Double
    public var label: String
    public var children: [ScoreExplanation]

    public init(_ value: Double, _ label: String, _ children: [ScoreExplanation] = []) {
        self.value = value
        self.label = label
        self.children = children
    }

    /// The tree as indented lines.
    public var dump: String {
        var lines: [String] = []
        dump(into: &lines, prefix: "", childPrefix: "")
        return lines.joined(separator: "\n")
    }

    private func dump(into lines: inout [String], prefix: String, childPrefix: String) {
        lines.append(prefix + Self.number(value) + " " + label)
        for (i, child) in children.enumerated() {
            let last = i == children.count - 1
            child.dump(into: &lines, prefix: childPrefix + (last ? "└─ " : "├─ "),
                       childPrefix: childPrefix + (last ? "   " : "│  "))
        }
    }

    static func number(_ value: Double) -> String {
        let rounded = (value * 100).rounded() / 100
        var text = String(rounded)
        if let dot = text.firstIndex(of: "."), text.distance(from: dot, to: text.endIndex) == 2 { text += "0" }
        return text
    }
}
