import Foundation

/// Renders results as JSON for scripts. The shapes are documented in the README ("JSON output")
/// and stable: fields are only ever added.
public enum JSONRenderer {
    /// `{"query","total","total_exact","offset","limit","hits":[hit...]}`; `total_exact` is
    /// `false` when `total` is a lower bound (counting stopped there).
    public static func results(_ results: SearchResults, options: SearchOptions) -> String {
        let object: [String: Any] = [
            "query": results.query,
            "total": results.total,
            "total_exact": results.totalIsExact,
            "offset": options.offset,
            "limit": options.limit,
            "hits": results.hits.map(hitObject),
        ]
        return encode(object)
    }

    /// One hit per line.
    public static func hitLines(_ results: SearchResults) -> String {
        results.hits.map { encode(hitObject($0)) + "\n" }.joined()
    }

    /// `{"posts","threads","quotes","resolved_quotes","sources","schema"}`
    public static func stats(_ stats: IndexStats) -> String {
        encode([
            "posts": stats.posts,
            "threads": stats.threads,
            "quotes": stats.quotes,
            "resolved_quotes": stats.resolvedQuotes,
            "sources": stats.sources,
            "schema": stats.schemaVersion,
        ])
    }

    /// A hit: ids as given by the source, `time` as ISO 8601 UTC and `timestamp` as unix
    /// seconds, `snippet.matches` as `[start, end)` offsets in Unicode code points.
    static func hitObject(_ hit: SearchHit) -> [String: Any] {
        var object: [String: Any] = [
            "source": hit.source,
            "id": hit.id,
            "key": hit.source + ":" + hit.id,
            "thread": hit.thread,
            "title": hit.threadTitle ?? NSNull(),
            "post_title": hit.title ?? NSNull(),
            "author": hit.author ?? NSNull(),
            "time": hit.time.map(DateText.iso8601) ?? NSNull(),
            "timestamp": hit.time ?? NSNull(),
            "url": hit.url ?? NSNull(),
            "score": (hit.score * 10000).rounded() / 10000,
            "snippet": [
                "text": hit.snippet.text,
                "column": hit.snippet.column.rawValue,
                "matches": hit.snippet.matches.map { [$0.lowerBound, $0.upperBound] },
            ] as [String: Any],
        ]
        object["quoted_match"] = hit.snippet.column == .quoted
        if let exchange = hit.exchange {
            object["exchange"] = [
                "quoted_line": exchange.quotedLine,
                "quoted_author": exchange.quotedAuthor ?? NSNull(),
                "quoted_key": exchange.quotedKey ?? NSNull(),
            ] as [String: Any]
        }
        object["partial"] = hit.partial
        if hit.partial { object["missing"] = hit.missing }
        object["quoted_by"] = hit.quotedBy.count
        object["quoted_by_keys"] = hit.quotedBy
        object["times_quoted"] = hit.timesQuoted
        object["replies"] = hit.replies
        object["depth"] = hit.depth
        if let explanation = hit.explanation { object["explain"] = explanationObject(explanation) }
        return object
    }

    /// `{"value","label","children":[...]}`.
    static func explanationObject(_ node: ScoreExplanation) -> [String: Any] {
        var object: [String: Any] = ["value": (node.value * 10000).rounded() / 10000, "label": node.label]
        if !node.children.isEmpty { object["children"] = node.children.map(explanationObject) }
        return object
    }

    /// `{"query","total","offset","limit","threads":[{"source","thread","key","title","matched","total",
    /// "score","started","last","authors","matching_authors","best":{hit}}]}`
    public static func threads(_ results: ThreadResults, options: SearchOptions) -> String {
        encode([
            "query": results.query,
            "total": results.total,
            "offset": options.offset,
            "limit": options.limit,
            "threads": results.threads.map(threadObject),
        ] as [String: Any])
    }

    /// One thread per line.
    public static func threadLines(_ results: ThreadResults) -> String {
        results.threads.map { encode(threadObject($0)) + "\n" }.joined()
    }

    static func threadObject(_ thread: ThreadHit) -> [String: Any] {
        var object: [String: Any] = [
            "source": thread.source,
            "thread": thread.thread,
            "key": thread.key,
            "title": thread.title ?? NSNull(),
            "matched": thread.matched,
            "total": thread.total,
            "score": (thread.score * 10000).rounded() / 10000,
            "started": thread.startedAt.map(DateText.iso8601) ?? NSNull(),
            "last": thread.lastAt.map(DateText.iso8601) ?? NSNull(),
            "authors": thread.authors,
            "matching_authors": thread.matchingAuthors,
            "best": hitObject(thread.best),
        ]
        if let explanation = thread.explanation { object["explain"] = explanationObject(explanation) }
        return object
    }

    static func encode(_ object: Any) -> String {
        JSONWriter.string(object)
    }
}
