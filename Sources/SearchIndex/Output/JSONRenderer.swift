import Foundation

/// Renders results as JSON for scripts. The shapes are documented in the README ("JSON output")
/// and stable: fields are only ever added.
public enum JSONRenderer {
    /// `{"query","total","offset","limit","hits":[hit...]}`
    public static func results(_ results: SearchResults, options: SearchOptions) -> String {
        let object: [String: Any] = [
            "query": results.query,
            "total": results.total,
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
        return object
    }

    static func encode(_ object: Any) -> String {
        guard let data = try? JSONSerialization.data(
            withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])
        else { preconditionFailure("JSONRenderer builds only JSON-safe values") }
        return String(decoding: data, as: UTF8.self)
    }
}
