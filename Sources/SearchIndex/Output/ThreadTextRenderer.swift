/// Renders thread results as text for people.
///
/// ```
/// 1. Patch version changes in commit logs?  [12/40]
///    2019-07-01 – 2019-07-09 · score 9.81 · Thomas Gleixner, Jani Nikula + 9 more
///    best: Thomas Gleixner · 2019-07-03 · ksummit:alpine.DEB.2.21...
///    …we should be able to do **this** without requiring any changes to git…
///    open: tsearch thread ksummit:<thread id>
/// ```
/// `[matched/total]` counts the thread's matching posts and all its posts; the authors of
/// matching posts come first.
public struct ThreadTextRenderer {
    public var style: TextStyle

    public init(style: TextStyle) {
        self.style = style
    }

    public func render(_ results: ThreadResults, offset: Int) -> String {
        guard !results.threads.isEmpty else {
            return results.total == 0
                ? "No threads match \(TextStyle.sanitized(results.query)).\n"
                : "No more results: \(results.total) threads match, this page starts at \(offset + 1).\n"
        }
        let hits = HitTextRenderer(style: style)
        var out = ""
        for (i, thread) in results.threads.enumerated() {
            let title = TextStyle.sanitized(thread.title ?? "(untitled thread \(thread.thread))")
            out += "\(offset + i + 1). " + style.heading(title) + "  [\(thread.matched)/\(thread.total)]\n"
            var meta: [String] = []
            if let start = thread.startedAt {
                let end = thread.lastAt.map(HitTextRenderer.day) ?? ""
                let first = HitTextRenderer.day(start)
                meta.append(end.isEmpty || end == first ? first : first + " – " + end)
            }
            meta.append(String(format: "score %.2f", thread.score))
            let shown = thread.authors.prefix(4).map(TextStyle.sanitized).joined(separator: ", ")
            if !shown.isEmpty {
                meta.append(shown + (thread.authors.count > 4 ? " + \(thread.authors.count - 4) more" : ""))
            }
            out += "   " + style.dim(meta.joined(separator: " · ")) + "\n"
            var best: [String] = []
            if let author = thread.best.author { best.append(TextStyle.sanitized(author)) }
            if let time = thread.best.time { best.append(HitTextRenderer.day(time)) }
            best.append(TextStyle.sanitized(thread.best.key))
            out += "   " + style.dim("best: " + best.joined(separator: " · ")) + "\n"
            if thread.best.partial {
                out += "   " + style.dim("partial: missing " + TextStyle.sanitized(thread.best.missing.joined(separator: ", "))) + "\n"
            }
            let label = thread.best.snippet.column == .quoted ? style.dim("quoted: ") : ""
            out += "   " + label + hits.highlighted(thread.best.snippet) + "\n"
            out += "   " + style.dim("open: tsearch thread " + TextStyle.sanitized(thread.key)) + "\n"
            if let explanation = thread.explanation {
                out += explanation.dump.split(separator: "\n").map { "   " + style.dim(String($0)) + "\n" }.joined()
                if let post = thread.best.explanation {
                    out += post.dump.split(separator: "\n").map { "   " + style.dim(String($0)) + "\n" }.joined()
                }
            }
            out += "\n"
        }
        out += style.dim("\(offset + 1)-\(offset + results.threads.count) of \(results.total) threads") + "\n"
        return out
    }
}
