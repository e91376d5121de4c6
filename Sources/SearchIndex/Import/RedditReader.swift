import Foundation

/// Reads Reddit comments and submissions as Pushshift and Arctic Shift dump them: JSON Lines,
/// one object a line (an array or one object also reads).
///
/// A post's id is its fullname (`t1_abc` for a comment, `t3_xyz` for a submission), so that
/// `parent_id` and `link_id`, which are fullnames, name it directly.
///
/// Leniency:
/// - Every value may be a string or a number; `created_utc` unix seconds as a number, digits,
///   or ISO 8601; `"None"`, `"null"` and `""` count as missing.
/// - The kind: a `name` starting with `t1_` or `t3_`; else a `title` (or `selftext` without
///   `body`) makes a submission; else a comment. The fullname is `name`, else built from `id`
///   (an `id` that already has a `tN_` prefix is kept as it is).
/// - A comment's parent is `parent_id`, its thread `link_id`; a submission is its own thread and
///   carries its `title`. Comments carry `link_title` as the thread title when a dump gives it.
/// - A comment whose body is `[deleted]` or `[removed]` is skipped (`deleted`, `removed`); so is
///   a comment without a body (`missing text`), or with a body that is not text (`invalid field`). A submission whose selftext is `[deleted]` or
///   `[removed]` is kept with its title and no text, because its comments still hang off it.
/// - An author of `[deleted]` is dropped with the post kept.
/// - Bodies are Markdown with `&gt;`, `&lt;` and `&amp;` escaped, as Reddit's API gives them;
///   those three are decoded (in one pass, so `&amp;gt;` becomes `&gt;`), then ``QuoteSplitter``
///   finds the `>` quotes.
/// - The url is `https://www.reddit.com` + `permalink` when given.
/// - A line that is not JSON is skipped (`malformed JSON`), an item without `id` or `name`
///   (`missing id`); unknown fields are ignored.
/// - An id shown in a message has its control characters escaped and is cut at 40 characters.
public struct RedditReader: PostReader {
    private var records: JSONRecordStream<RedditRecord>
    private let defaultSource: String

    public init(_ input: InputFile, defaultSource: String = "reddit") {
        records = JSONRecordStream(input, expected: "Reddit comments or submissions") { data in
            try JSONDecoder().decode(RedditDocument.self, from: data).items
        }
        self.defaultSource = defaultSource
    }

    /// Whether the start of a file looks like Reddit comments or submissions.
    public static func looksLike(_ prefix: Data) -> Bool {
        guard JSONSniffer.startsLikeJSON(prefix) else { return false }
        return JSONSniffer.hasKey("created_utc", in: prefix)
            && (JSONSniffer.hasKey("subreddit", in: prefix) || JSONSniffer.hasKey("link_id", in: prefix)
                || JSONSniffer.hasKey("selftext", in: prefix))
    }

    public mutating func next() throws -> ReadItem? {
        guard let step = try records.next() else { return nil }
        switch step {
        case let .issue(location, reason, detail):
            return .skipped(ImportIssue(file: records.fileName, location: location, reason: reason, detail: detail))
        case let .record(record, location):
            return item(record, location: location)
        }
    }

    private func item(_ record: RedditRecord, location: String) -> ReadItem {
        func skip(_ reason: String, _ detail: String) -> ReadItem {
            .skipped(ImportIssue(file: records.fileName, location: location, reason: reason, detail: detail))
        }
        guard let id = record.fullname else { return skip("missing id", "missing required field \"id\"") }
        let isSubmission = id.hasPrefix("t3_")
        var body = isSubmission ? record.selftext : record.body
        if body == "[deleted]" || body == "[removed]" {
            let reason = String(body?.dropFirst().dropLast() ?? "")
            guard isSubmission else { return skip(reason, "comment \(ImportIssue.shown(id)) was \(reason)") }
            body = nil
        }
        if !isSubmission, body == nil {
            if record.bodyUnreadable {
                return skip("invalid field", "comment \(ImportIssue.shown(id)): field \"body\" is not readable text")
            }
            return skip("missing text", "comment \(ImportIssue.shown(id)) has no body")
        }
        let split = QuoteSplitter.split(Self.decodingEscapes(body ?? ""))
        let title = record.title.map(Self.decodingEscapes)
        return .post(Post(
            source: defaultSource,
            id: id,
            thread: isSubmission ? id : record.linkID,
            parent: isSubmission ? nil : record.parentID,
            author: record.author == "[deleted]" ? nil : record.author,
            time: record.created.flatMap(TimestampParser.parse),
            title: isSubmission ? title : nil,
            threadTitle: isSubmission ? title : record.linkTitle.map(Self.decodingEscapes),
            url: record.permalink.map { $0.hasPrefix("/") ? "https://www.reddit.com" + $0 : $0 },
            score: record.score,
            ownText: split.ownText,
            quotes: split.quotes
        ))
    }

    /// Decodes `&gt;`, `&lt;` and `&amp;` in one pass over the bytes.
    static func decodingEscapes(_ raw: String) -> String {
        guard raw.utf8.contains(0x26) else { return raw }
        let bytes = Array(raw.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x26 {
                if matches(bytes, i, "&gt;") {
                    out.append(0x3E)
                    i += 4
                    continue
                }
                if matches(bytes, i, "&lt;") {
                    out.append(0x3C)
                    i += 4
                    continue
                }
                if matches(bytes, i, "&amp;") {
                    out.append(0x26)
                    i += 5
                    continue
                }
            }
            out.append(bytes[i])
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func matches(_ bytes: [UInt8], _ start: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard start + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { bytes[start..<(start + count)].elementsEqual($0) }
    }
}

/// One Reddit comment or submission, fields merged.
struct RedditRecord: Decodable {
    var id: String?
    var name: String?
    var parentID: String?
    var linkID: String?
    var linkTitle: String?
    var author: String?
    var body: String?
    var selftext: String?
    var title: String?
    var created: String?
    var score: Int64?
    var permalink: String?
    /// Whether `body` is there but cannot be read.
    var bodyUnreadable = false

    enum CodingKeys: String, CodingKey {
        case id, name, author, body, selftext, title, score, permalink
        case parentID = "parent_id", linkID = "link_id", linkTitle = "link_title", created = "created_utc"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.loose(.id)?.text
        name = c.loose(.name)?.text
        parentID = c.loose(.parentID)?.text
        linkID = c.loose(.linkID)?.text
        linkTitle = c.loose(.linkTitle)?.text
        author = c.loose(.author)?.text
        body = c.loose(.body)?.text
        selftext = c.loose(.selftext)?.text
        title = c.loose(.title)?.text
        created = c.loose(.created)?.text
        score = c.loose(.score)?.int64
        permalink = c.loose(.permalink)?.text
        bodyUnreadable = c.firstUnreadable(.body) != nil
    }

    /// `t1_…` or `t3_…`: `name`, else `id` with the prefix its kind needs.
    var fullname: String? {
        if let name, name.hasPrefix("t1_") || name.hasPrefix("t3_") { return name }
        guard let id = id ?? name else { return nil }
        if id.count > 3, id.hasPrefix("t"), id.dropFirst(2).hasPrefix("_") { return id }
        let isSubmission = title != nil || (selftext != nil && body == nil)
        return (isSubmission ? "t3_" : "t1_") + id
    }
}

/// A Reddit JSON document: one item or an array of items.
private struct RedditDocument: Decodable {
    var items: [RedditRecord]

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            items = []
            while !array.isAtEnd { items.append(try array.decode(RedditRecord.self)) }
        } else {
            items = [try RedditRecord(from: decoder)]
        }
    }
}
