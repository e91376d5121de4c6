/// Renders results as JSON for scripts. The shapes are documented in the README ("JSON output")
/// and stable: fields are only ever added.
public enum JSONRenderer {
    /// `{"query","total","total_exact","offset","limit","hits":[hit...]}`; `total_exact` is
    /// `false` when `total` is a lower bound (counting stopped there).
    public static func results(_ results: SearchResults, options: SearchOptions) -> String {
        JSONWriter.string([
            "query": .string(results.query),
            "total": JSONValue(results.total),
            "total_exact": .bool(results.totalIsExact),
            "offset": JSONValue(options.offset),
            "limit": JSONValue(options.limit),
            "hits": .array(results.hits.map(hitValue)),
        ])
    }

    /// One hit per line.
    public static func hitLines(_ results: SearchResults) -> String {
        results.hits.map { JSONWriter.string(hitValue($0)) + "\n" }.joined()
    }

    /// `{"posts","threads","quotes","resolved_quotes","sources","schema"}`
    public static func stats(_ stats: IndexStats) -> String {
        JSONWriter.string([
            "posts": JSONValue(stats.posts),
            "threads": JSONValue(stats.threads),
            "quotes": JSONValue(stats.quotes),
            "resolved_quotes": JSONValue(stats.resolvedQuotes),
            "sources": .object(stats.sources.mapValues(JSONValue.init)),
            "schema": .string(stats.schemaVersion),
        ])
    }

    /// A hit: ids as given by the source, `time` as ISO 8601 UTC and `timestamp` as unix
    /// seconds, `snippet.matches` as `[start, end)` offsets in Unicode code points.
    static func hitValue(_ hit: SearchHit) -> JSONValue {
        var object: [String: JSONValue] = [
            "source": .string(hit.source),
            "id": .string(hit.id),
            "key": .string(hit.source + ":" + hit.id),
            "thread": .string(hit.thread),
            "title": JSONValue(hit.threadTitle),
            "post_title": JSONValue(hit.title),
            "author": JSONValue(hit.author),
            "time": JSONValue(hit.time.map(DateText.iso8601)),
            "timestamp": JSONValue(hit.time),
            "url": JSONValue(hit.url),
            "score": .double((hit.score * 10000).rounded() / 10000),
            "snippet": [
                "text": .string(hit.snippet.text),
                "column": .string(hit.snippet.column.rawValue),
                "matches": .array(hit.snippet.matches.map { JSONValue([$0.lowerBound, $0.upperBound]) }),
            ],
        ]
        object["quoted_match"] = .bool(hit.snippet.column == .quoted)
        if let exchange = hit.exchange {
            object["exchange"] = [
                "quoted_line": .string(exchange.quotedLine),
                "quoted_author": JSONValue(exchange.quotedAuthor),
                "quoted_key": JSONValue(exchange.quotedKey),
            ]
        }
        object["partial"] = .bool(hit.partial)
        if hit.partial { object["missing"] = JSONValue(hit.missing) }
        object["quoted_by"] = JSONValue(hit.quotedBy.count)
        object["quoted_by_keys"] = JSONValue(hit.quotedBy)
        object["times_quoted"] = JSONValue(hit.timesQuoted)
        object["replies"] = JSONValue(hit.replies)
        object["depth"] = JSONValue(hit.depth)
        if let explanation = hit.explanation { object["explain"] = explanationValue(explanation) }
        return .object(object)
    }

    /// `{"value","label","children":[...]}`.
    static func explanationValue(_ node: ScoreExplanation) -> JSONValue {
        var object: [String: JSONValue] = [
            "value": .double((node.value * 10000).rounded() / 10000), "label": .string(node.label),
        ]
        if !node.children.isEmpty { object["children"] = .array(node.children.map(explanationValue)) }
        return .object(object)
    }

    /// `{"query","total","offset","limit","threads":[{"source","thread","key","title","matched","total",
    /// "score","started","last","authors","matching_authors","best":{hit}}]}`
    public static func threads(_ results: ThreadResults, options: SearchOptions) -> String {
        JSONWriter.string([
            "query": .string(results.query),
            "total": JSONValue(results.total),
            "offset": JSONValue(options.offset),
            "limit": JSONValue(options.limit),
            "threads": .array(results.threads.map(threadValue)),
        ])
    }

    /// One thread per line.
    public static func threadLines(_ results: ThreadResults) -> String {
        results.threads.map { JSONWriter.string(threadValue($0)) + "\n" }.joined()
    }

    static func threadValue(_ thread: ThreadHit) -> JSONValue {
        var object: [String: JSONValue] = [
            "source": .string(thread.source),
            "thread": .string(thread.thread),
            "key": .string(thread.key),
            "title": JSONValue(thread.title),
            "matched": JSONValue(thread.matched),
            "total": JSONValue(thread.total),
            "score": .double((thread.score * 10000).rounded() / 10000),
            "started": JSONValue(thread.startedAt.map(DateText.iso8601)),
            "last": JSONValue(thread.lastAt.map(DateText.iso8601)),
            "authors": JSONValue(thread.authors),
            "matching_authors": JSONValue(thread.matchingAuthors),
            "best": hitValue(thread.best),
        ]
        if let explanation = thread.explanation { object["explain"] = explanationValue(explanation) }
        return .object(object)
    }
}
