import Foundation

/// Reads Hacker News items: the official API's `/v0/item/ID.json` objects and Algolia search
/// hits, one object, an array, a search response (`{"hits": [...]}`) or JSON Lines of these.
///
/// Leniency:
/// - Every value may be a string or a number (`"time": "1665022937"`); `"None"`, `"null"` and
///   `""` count as missing.
/// - API fields `id`, `by`, `time`, `text`, `parent`, `title`, `url`, `score`, `type`; Algolia
///   fields `objectID`, `author`, `created_at_i` (else `created_at`), `comment_text` or
///   `story_text`, `parent_id`, `story_id`, `story_title`, `points`, `_tags`.
/// - The kind comes from `type` or `_tags`, else: a title and no parent make a story, anything
///   else is a comment. Jobs and polls read as stories.
/// - A story is its own thread and carries its title; a comment's thread is `story_id` when
///   given, else left for storage to find by walking the parent chain.
/// - `deleted` or `dead` items are skipped (`deleted`, `dead`); a comment without text is
///   skipped (`missing text`), or `invalid field` when its text is there but is not text (an
///   object, a string with an unpaired `\ud800` escape); a story without text is kept (a link post).
/// - `text` is HN's HTML: through ``HTMLText`` (paragraphs starting with `&gt;` become `>` lines),
///   then ``QuoteSplitter``.
/// - An item without an id is skipped (`missing id`); a line or document that is not JSON is
///   skipped (`malformed JSON`; a document written over many lines is one issue, at the line and
///   column where it breaks); unknown fields are ignored.
/// - An id shown in a message has its control characters escaped and is cut at 40 characters.
public struct HackerNewsReader: PostReader {
    private var records: JSONRecordStream<HackerNewsRecord>
    private let defaultSource: String

    public init(_ input: InputFile, defaultSource: String = "hn") {
        records = JSONRecordStream(input, expected: "Hacker News items") { data in
            try JSONDecoder().decode(HackerNewsDocument.self, from: data).items
        }
        self.defaultSource = defaultSource
    }

    /// Whether the start of a file looks like HN API items or Algolia hits.
    public static func looksLike(_ prefix: Data) -> Bool {
        guard JSONSniffer.startsLikeJSON(prefix) else { return false }
        if JSONSniffer.hasKey("objectID", in: prefix) {
            return JSONSniffer.hasKey("created_at_i", in: prefix) || JSONSniffer.hasKey("story_id", in: prefix)
                || JSONSniffer.hasKey("_tags", in: prefix)
        }
        return JSONSniffer.hasKey("by", in: prefix) && JSONSniffer.hasKey("time", in: prefix)
            && JSONSniffer.hasKey("id", in: prefix)
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

    private func item(_ record: HackerNewsRecord, location: String) -> ReadItem {
        func skip(_ reason: String, _ detail: String) -> ReadItem {
            .skipped(ImportIssue(file: records.fileName, location: location, reason: reason, detail: detail))
        }
        guard let id = record.id else { return skip("missing id", "missing required field \"id\"") }
        if record.deleted { return skip("deleted", "item \(ImportIssue.shown(id)) was deleted") }
        if record.dead { return skip("dead", "item \(ImportIssue.shown(id)) is dead") }
        let isStory = record.isStory
        if !isStory, record.text == nil {
            if let field = record.unreadableText {
                return skip("invalid field", "comment \(ImportIssue.shown(id)): field \"\(field)\" is not readable text")
            }
            return skip("missing text", "comment \(ImportIssue.shown(id)) has no text")
        }
        let split = QuoteSplitter.split(HTMLText.toPlainText(record.text ?? ""))
        return .post(Post(
            source: defaultSource,
            id: id,
            thread: isStory ? id : record.storyID,
            parent: isStory ? nil : record.parent,
            author: record.author,
            time: record.time.flatMap(TimestampParser.parse),
            title: isStory ? record.title.map(HTMLText.decodingEntities) : nil,
            threadTitle: (isStory ? record.title : record.storyTitle).map(HTMLText.decodingEntities),
            url: record.url,
            score: record.score,
            ownText: split.ownText,
            quotes: split.quotes
        ))
    }
}

/// One HN item in either the API's or Algolia's shape, fields merged.
struct HackerNewsRecord: Decodable {
    var id: String?
    var type: String?
    var tags: [String] = []
    var author: String?
    var time: String?
    var text: String?
    var parent: String?
    var storyID: String?
    var title: String?
    var storyTitle: String?
    var url: String?
    var score: Int64?
    var deleted = false
    var dead = false
    /// The text field that is there but cannot be read, if any.
    var unreadableText: String?

    enum CodingKeys: String, CodingKey {
        case id, type, by, time, text, parent, title, url, score, deleted, dead
        case objectID, author, points
        case createdAtI = "created_at_i", createdAt = "created_at", commentText = "comment_text"
        case storyText = "story_text", parentID = "parent_id", storyID = "story_id"
        case storyTitle = "story_title", tags = "_tags"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.loose(.id)?.text ?? c.loose(.objectID)?.text
        type = c.loose(.type)?.text
        tags = (try? c.decodeIfPresent([String].self, forKey: .tags)) ?? []
        author = c.loose(.by)?.text ?? c.loose(.author)?.text
        time = c.loose(.time)?.text ?? c.loose(.createdAtI)?.text ?? c.loose(.createdAt)?.text
        text = c.loose(.text)?.text ?? c.loose(.commentText)?.text ?? c.loose(.storyText)?.text
        parent = c.loose(.parent)?.text ?? c.loose(.parentID)?.text
        storyID = c.loose(.storyID)?.text
        title = c.loose(.title)?.text
        storyTitle = c.loose(.storyTitle)?.text
        url = c.loose(.url)?.text
        score = c.loose(.score)?.int64 ?? c.loose(.points)?.int64
        deleted = c.loose(.deleted)?.isTrue ?? false
        dead = c.loose(.dead)?.isTrue ?? false
        unreadableText = c.firstUnreadable(.text, .commentText, .storyText)?.stringValue
    }

    /// Whether the item starts a thread (story, job, poll) rather than replying.
    var isStory: Bool {
        if let type { return type != "comment" && type != "pollopt" }
        if tags.contains("comment") { return false }
        if tags.contains("story") || tags.contains("job") || tags.contains("poll") { return true }
        return title != nil && parent == nil
    }
}

/// An HN JSON document: an item, an array of items, or a search response with `hits`.
private struct HackerNewsDocument: Decodable {
    var items: [HackerNewsRecord]

    private enum Keys: String, CodingKey { case hits }

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            items = []
            while !array.isAtEnd { items.append(try array.decode(HackerNewsRecord.self)) }
            return
        }
        let container = try decoder.container(keyedBy: Keys.self)
        if container.contains(.hits) {
            items = try container.decode([HackerNewsRecord].self, forKey: .hits)
        } else {
            items = [try HackerNewsRecord(from: decoder)]
        }
    }
}
