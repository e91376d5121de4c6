import Foundation

/// Renders posts, threads and quote links, as text for people and JSON for scripts.
public struct BrowseRenderer {
    public var style: TextStyle

    public init(style: TextStyle) {
        self.style = style
    }

    /// ```
    /// coop:103 · marta · 2025-03-02 · in "Tubeless conversion keeps burping air" (coop:101)
    /// reply to coop:102 (joel)
    ///
    /// > Burping almost always means the bead is not seated tightly.
    ///   └ quoted from coop:102 (joel, parent, verbatim)
    /// You were right. …
    ///
    /// Quoted by 1 post:
    ///   coop:104 (priya, 2025-03-03): "Burping almost always means…"
    /// ```
    public func render(_ view: PostView) -> String {
        var out = style.heading(clean("\(view.source):\(view.id)"))
        var meta: [String] = []
        if let author = view.author { meta.append(clean(author)) }
        if let time = view.time { meta.append(HitTextRenderer.day(time)) }
        meta.append("in \"\(clean(view.threadTitle ?? view.thread))\" (\(clean(view.source + ":" + view.thread)))")
        out += " · " + meta.joined(separator: " · ") + "\n"
        if let title = view.title { out += "title: " + clean(title) + "\n" }
        if let url = view.url { out += style.dim(clean(url)) + "\n" }
        if let parent = view.parent { out += style.dim("reply to \(label(parent))") + "\n" }
        out += "\n"
        // Own text with each quote put back where it stood.
        var own = Array(view.ownText.utf8)
        var cursor = 0
        for (link, source) in view.quotes.sorted(by: { $0.link.ordinal < $1.link.ordinal }) {
            let position = min(max(cursor, positionOf(link, in: view)), own.count)
            out += textBlock(String(decoding: own[cursor..<position], as: UTF8.self))
            if let attribution = link.attribution { out += style.dim(clean(attribution)) + "\n" }
            for line in link.text.split(separator: "\n", omittingEmptySubsequences: false) {
                out += style.dim("> " + clean(String(line))) + "\n"
            }
            if let source {
                let how = [link.method, link.match].compactMap { $0 }.joined(separator: ", ")
                out += style.dim("  └ quoted from \(label(source))" + (how.isEmpty ? "" : " [\(how)]")) + "\n"
            } else {
                out += style.dim("  └ source unresolved") + "\n"
            }
            cursor = position
        }
        if cursor < own.count { out += textBlock(String(decoding: own[cursor...], as: UTF8.self)) }
        own.removeAll()
        if !view.quotedBy.isEmpty {
            out += "\nQuoted by \(view.quotedBy.count) post\(view.quotedBy.count == 1 ? "" : "s"):\n"
            for (post, text) in view.quotedBy {
                out += "  \(label(post)): \"\(clean(PostView.firstLine(of: text)))\"\n"
            }
        }
        if !view.replies.isEmpty {
            out += "\nReplies: " + view.replies.map(label).joined(separator: ", ") + "\n"
        }
        return out
    }

    private func positionOf(_ link: QuoteLink, in view: PostView) -> Int {
        view.quotePositions[link.ordinal] ?? 0
    }

    /// ```
    /// Tubeless conversion keeps burping air · coop:101 · 4 posts · 2025-03-02 … 2025-03-03
    /// coop:101 marta 2025-03-02  I converted my gravel wheels to tubeless last week…
    /// └─ coop:102 joel 2025-03-02  ↩coop:101  Burping almost always means…
    /// ```
    public func render(_ view: ThreadView) -> String {
        var out = style.heading(clean(view.title ?? "(untitled)")) + " · " + clean(view.source + ":" + view.thread)
            + " · \(view.postCount) post\(view.postCount == 1 ? "" : "s")"
        if let start = view.startedAt, let end = view.lastAt {
            out += " · " + HitTextRenderer.day(start) + " … " + HitTextRenderer.day(end)
        }
        out += "\n"
        for root in view.roots { renderNode(root, prefix: "", childPrefix: "", into: &out) }
        return out
    }

    private func renderNode(_ node: ThreadView.Node, prefix: String, childPrefix: String, into out: inout String) {
        var line = prefix + clean("\(node.post.source):\(node.post.id)")
        if let author = node.post.author { line += " " + clean(author) }
        if let time = node.post.time { line += " " + HitTextRenderer.day(time) }
        var marks = node.quotes.map { "↩" + $0 }
        if node.unresolvedQuotes > 0 { marks.append("↩?×\(node.unresolvedQuotes)") }
        if !marks.isEmpty { line += "  " + style.dim(marks.joined(separator: " ")) }
        line += "  " + clean(node.post.firstLine)
        out += line + "\n"
        for (i, reply) in node.replies.enumerated() {
            let last = i == node.replies.count - 1
            renderNode(reply, prefix: childPrefix + (last ? "└─ " : "├─ "),
                       childPrefix: childPrefix + (last ? "   " : "│  "), into: &out)
        }
    }

    private func label(_ post: PostView.Summary) -> String {
        var parts: [String] = []
        if let author = post.author { parts.append(author) }
        if let time = post.time { parts.append(HitTextRenderer.day(time)) }
        return clean("\(post.source):\(post.id)") + (parts.isEmpty ? "" : " (" + clean(parts.joined(separator: ", ")) + ")")
    }

    private func textBlock(_ text: String) -> String {
        let trimmed = text.trimmingCharacters(in: "\n ")
        guard !trimmed.isEmpty else { return "" }
        return trimmed.split(separator: "\n", omittingEmptySubsequences: false)
            .map { TextStyle.sanitized(String($0)) }.joined(separator: "\n") + "\n"
    }

    private func clean(_ text: String) -> String { TextStyle.sanitized(text) }

    // MARK: JSON

    /// `{"post","post_source","ordinal","source","method","match","confidence","text"}`: one link.
    public static func json(_ link: QuoteLink) -> String {
        JSONWriter.string([
            "post": .string(link.post),
            "post_source": .string(link.postSource),
            "ordinal": JSONValue(link.ordinal),
            "source": JSONValue(link.source),
            "method": JSONValue(link.method),
            "match": JSONValue(link.match),
            "confidence": JSONValue(link.confidence),
            "depth": JSONValue(link.depth),
            "attribution": JSONValue(link.attribution),
            "text": .string(link.text),
        ])
    }

    public static func json(_ view: ThreadView) -> String {
        func node(_ n: ThreadView.Node) -> JSONValue {
            [
                "source": .string(n.post.source), "id": .string(n.post.id), "author": JSONValue(n.post.author),
                "time": JSONValue(n.post.time.map(DateText.iso8601)), "first_line": .string(n.post.firstLine),
                "quotes": JSONValue(n.quotes), "unresolved_quotes": JSONValue(n.unresolvedQuotes),
                "replies": .array(n.replies.map(node)),
            ]
        }
        return JSONWriter.string([
            "source": .string(view.source), "thread": .string(view.thread), "title": JSONValue(view.title),
            "posts": JSONValue(view.postCount), "started": JSONValue(view.startedAt.map(DateText.iso8601)),
            "last": JSONValue(view.lastAt.map(DateText.iso8601)), "roots": .array(view.roots.map(node)),
        ])
    }

    public static func json(_ view: PostView) -> String {
        func summary(_ s: PostView.Summary) -> JSONValue {
            ["source": .string(s.source), "id": .string(s.id), "author": JSONValue(s.author),
             "time": JSONValue(s.time.map(DateText.iso8601)), "first_line": .string(s.firstLine)]
        }
        return JSONWriter.string([
            "source": .string(view.source), "id": .string(view.id), "thread": .string(view.thread),
            "title": JSONValue(view.threadTitle), "post_title": JSONValue(view.title), "author": JSONValue(view.author),
            "time": JSONValue(view.time.map(DateText.iso8601)), "url": JSONValue(view.url),
            "parent": view.parent.map(summary) ?? .null, "own_text": .string(view.ownText),
            "quotes": .array(view.quotes.map { q in
                ["ordinal": JSONValue(q.link.ordinal), "text": .string(q.link.text), "method": JSONValue(q.link.method),
                 "match": JSONValue(q.link.match), "confidence": JSONValue(q.link.confidence),
                 "source": q.source.map(summary) ?? .null]
            }),
            "quoted_by": .array(view.quotedBy.map { ["post": summary($0.post), "text": .string($0.text)] }),
            "replies": .array(view.replies.map(summary)),
        ])
    }
}
