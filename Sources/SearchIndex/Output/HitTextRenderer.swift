import Foundation

/// Renders search results as text for people.
///
/// ```
/// 1. Re: Patch version changes in commit logs?
///    Thomas Gleixner · 2019-07-03 · score 7.41 · ksummit:alpine.DEB.2.21...
///    …we should be able to do **this** without requiring any changes to git…
/// ```
/// A snippet from quoted text is labelled `quoted:`; a partial match says which words it lacks
/// (`partial: missing dawn`); a post credited with its quoters says `quoted by 2: coop:103, …`;
/// with `--explain` the score's tree follows.
public struct HitTextRenderer {
    public var style: TextStyle

    public init(style: TextStyle) {
        self.style = style
    }

    public func render(_ results: SearchResults, offset: Int) -> String {
        guard !results.hits.isEmpty else {
            return results.total == 0
                ? "No posts match \(TextStyle.sanitized(results.query)).\n"
                : "No more results: \(Self.total(results)) posts match, this page starts at \(offset + 1).\n"
        }
        var out = ""
        for (i, hit) in results.hits.enumerated() {
            out += render(hit, number: offset + i + 1)
        }
        let last = offset + results.hits.count
        let partial = results.hits.contains(where: \.partial)
        let attached = results.hits.reduce(0) { $0 + $1.quotedBy.count }
        var footer = "\(offset + 1)-\(last) of \(Self.total(results)) posts"
        if attached > 0 { footer += " (\(attached) on this page shown as quotes of the post that wrote the words)" }
        if partial { footer += " with every word, then partial matches" }
        out += style.dim(footer) + "\n"
        return out
    }

    /// The total as people read it: `1000+` when counting stopped there.
    static func total(_ results: SearchResults) -> String {
        results.totalIsExact ? String(results.total) : "\(results.total)+"
    }

    func render(_ hit: SearchHit, number: Int) -> String {
        let title = TextStyle.sanitized(hit.threadTitle ?? hit.title ?? "(untitled thread \(hit.thread))")
        var meta: [String] = []
        if let author = hit.author { meta.append(TextStyle.sanitized(author)) }
        if let time = hit.time { meta.append(Self.day(time)) }
        meta.append(String(format: "score %.2f", hit.score))
        meta.append(TextStyle.sanitized(hit.source + ":" + hit.id))
        var out = "\(number). " + style.heading(title) + "\n"
        out += "   " + style.dim(meta.joined(separator: " · ")) + "\n"
        if hit.partial {
            out += "   " + style.dim("partial: missing " + TextStyle.sanitized(hit.missing.joined(separator: ", "))) + "\n"
        }
        let label = hit.snippet.column == .quoted ? style.dim("quoted: ") : ""
        if let exchange = hit.exchange {
            // The exchange: the line being answered, then the answer, each with its author.
            let who = exchange.quotedAuthor.map { TextStyle.sanitized($0) + ": " } ?? ""
            out += "   " + style.dim("> " + who + TextStyle.sanitized(exchange.quotedLine)) + "\n"
            let author = hit.author.map { TextStyle.sanitized($0) + ": " } ?? ""
            out += "   " + author + highlighted(hit.snippet) + "\n"
        } else {
            out += "   " + label + highlighted(hit.snippet) + "\n"
        }
        if !hit.quotedBy.isEmpty {
            let keys = hit.quotedBy.prefix(3).map(TextStyle.sanitized).joined(separator: ", ")
                + (hit.quotedBy.count > 3 ? ", …" : "")
            out += "   " + style.dim("quoted by \(hit.quotedBy.count): " + keys) + "\n"
        }
        if let explanation = hit.explanation {
            out += explanation.dump.split(separator: "\n").map { "   " + style.dim(String($0)) + "\n" }.joined()
        }
        out += "\n"
        return out
    }

    /// The snippet's text with its matches marked in this style.
    func highlighted(_ snippet: Snippet) -> String {
        let scalars = Array(snippet.text.unicodeScalars)
        var out = ""
        var cursor = 0
        for range in snippet.matches where range.lowerBound >= cursor && range.upperBound <= scalars.count {
            out += TextStyle.sanitized(String(String.UnicodeScalarView(scalars[cursor..<range.lowerBound])))
            out += style.match(TextStyle.sanitized(String(String.UnicodeScalarView(scalars[range]))))
            cursor = range.upperBound
        }
        out += TextStyle.sanitized(String(String.UnicodeScalarView(scalars[cursor...])))
        return out
    }

    /// `2019-07-03`, in UTC.
    static func day(_ time: Int64) -> String {
        String(DateText.iso8601(time).prefix(10))
    }
}

/// Formats unix seconds as ISO 8601 in UTC, without Foundation's formatters or `String(format:)`
/// (whose variadic arguments made ~480 conformance lookups in the Swift runtime for the 20 dates
/// of a page: 1.8 M instructions, 2% of a `tsearch search` process).
///
/// ```swift
/// DateText.iso8601(1_562_112_000) // "2019-07-03T00:00:00Z"
/// ```
enum DateText {
    static func iso8601(_ time: Int64) -> String {
        let days = Int(time >= 0 ? time / 86400 : (time - 86399) / 86400)
        let seconds = Int(time - Int64(days) * 86400)
        let (y, m, d) = civil(fromDays: days)
        var out = ""
        out.reserveCapacity(20)
        append(y, width: 4, to: &out)
        out += "-"
        append(m, width: 2, to: &out)
        out += "-"
        append(d, width: 2, to: &out)
        out += "T"
        append(seconds / 3600, width: 2, to: &out)
        out += ":"
        append(seconds / 60 % 60, width: 2, to: &out)
        out += ":"
        append(seconds % 60, width: 2, to: &out)
        out += "Z"
        return out
    }

    /// `value` in decimal, padded with zeros to `width` characters, the sign included (as
    /// `printf`'s `%04d`: `-5` is `-005`).
    private static func append(_ value: Int, width: Int, to out: inout String) {
        let digits = String(value.magnitude)
        let sign = value < 0 ? 1 : 0
        if value < 0 { out += "-" }
        if digits.utf8.count + sign < width { out += String(repeating: "0", count: width - sign - digits.utf8.count) }
        out += digits
    }

    /// Howard Hinnant's days-to-civil algorithm.
    static func civil(fromDays z0: Int) -> (Int, Int, Int) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let y = yoe + era * 400
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? y + 1 : y, m, d)
    }
}
