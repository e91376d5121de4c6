import Foundation

/// Reads Discourse posts as the Discourse API returns them: one post object (`/posts/ID.json`),
/// an array of posts, a topic (`/t/ID.json`, posts under `post_stream.posts`), or JSON Lines of
/// any of these.
///
/// A post's id is its Discourse `id`, its thread the `topic_id`; it is also known by the alias
/// `t/TOPIC/POST_NUMBER`, which is what `reply_to_post_number` and `[quote=...]` name, so its
/// parent is `t/TOPIC/REPLY_TO_POST_NUMBER` and a quote's explicit source `t/M/N`.
///
/// Leniency:
/// - Every value may be a string or a number (`"post_number": "7"`); `"None"`, `"null"` and `""`
///   count as missing.
/// - `id` is required; a post without one is skipped (`missing id`).
/// - A post with `deleted_at` set or `user_deleted` true is a deletion (at its `version`): the
///   index drops the post and keeps older versions from bringing it back. A post with neither
///   `raw` nor `cooked` text is skipped (`deleted`); when one of them is there but is not text
///   (an object, a string with an unpaired `\ud800` escape), as `invalid field`.
/// - The own text comes from `raw` when present (BBCode and Markdown quotes), else from `cooked`
///   (HTML); see ``DiscourseQuoteSplitter``.
/// - `version` becomes the post's revision, so an older copy of an edited post never replaces a
///   newer one, whatever the order of the files.
/// - The thread title is the post's `topic_title`, else the topic's `title`; the post title is
///   set on post number 1 only.
/// - `created_at` is ISO 8601 (unix seconds accepted); an unreadable time is dropped with the
///   post kept.
/// - The url is `post_url` (else `/t/TOPIC/NUMBER`), prefixed with `baseURL` when given.
/// - A line or document that is not JSON is skipped (`malformed JSON`): a post file written over
///   many lines is one issue, at the line and column where its JSON breaks (see
///   ``JSONRecordStream``); unknown fields are ignored.
/// - An id shown in a message has its control characters escaped and is cut at 40 characters.
public struct DiscourseReader: PostReader {
    private var records: JSONRecordStream<DiscoursePostRecord>
    private let defaultSource: String
    private let baseURL: String?

    /// - Parameters:
    ///   - defaultSource: the source name of the posts.
    ///   - baseURL: the forum's address (`https://delvingbitcoin.org`), to make urls absolute.
    public init(_ input: InputFile, defaultSource: String = "discourse", baseURL: String? = nil) {
        records = JSONRecordStream(input, expected: "Discourse posts") { data in
            try JSONDecoder().decode(DiscourseDocument.self, from: data).posts
        }
        self.defaultSource = defaultSource
        self.baseURL = baseURL.map { $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
    }

    /// Whether the start of a file looks like Discourse post or topic JSON.
    public static func looksLike(_ prefix: Data) -> Bool {
        guard JSONSniffer.startsLikeJSON(prefix) else { return false }
        if JSONSniffer.hasKey("post_stream", in: prefix) { return true }
        if JSONSniffer.hasKey("topic_id", in: prefix)
            && (JSONSniffer.hasKey("post_number", in: prefix) || JSONSniffer.hasKey("cooked", in: prefix))
        {
            return true
        }
        // A long `cooked` can push `topic_id` past the prefix; these keys come before it.
        return JSONSniffer.hasKey("avatar_template", in: prefix) && JSONSniffer.hasKey("cooked", in: prefix)
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

    private func item(_ record: DiscoursePostRecord, location: String) -> ReadItem {
        func skip(_ reason: String, _ detail: String) -> ReadItem {
            .skipped(ImportIssue(file: records.fileName, location: location, reason: reason, detail: detail))
        }
        guard let id = record.id else { return skip("missing id", "missing required field \"id\"") }
        let raw = record.raw ?? ""
        let cooked = record.cooked ?? ""
        if record.deletedAt != nil || record.userDeleted {
            return .deleted(source: defaultSource, id: id, revision: record.version, ImportIssue(
                file: records.fileName, location: location, reason: "deleted", detail: "post \(ImportIssue.shown(id)) was deleted"))
        }
        if raw.isEmpty && cooked.isEmpty {
            if let field = record.unreadableText {
                return skip("invalid field", "post \(ImportIssue.shown(id)): field \"\(field)\" is not readable text")
            }
            return skip("deleted", "post \(ImportIssue.shown(id)) has no text")
        }
        let topic = record.topic
        let split = raw.isEmpty
            ? DiscourseQuoteSplitter.split(cooked: cooked, topic: topic)
            : DiscourseQuoteSplitter.split(raw: raw, topic: topic)
        var aliases: [String] = []
        var parent: String?
        if let topic {
            if let number = record.postNumber {
                aliases.append(DiscourseQuoteSplitter.alias(topic: topic, postNumber: number))
            }
            if let reply = record.replyTo {
                parent = DiscourseQuoteSplitter.alias(topic: topic, postNumber: reply)
            }
        }
        return .post(Post(
            source: defaultSource,
            id: id,
            thread: topic,
            parent: parent,
            aliases: aliases,
            author: record.username,
            time: record.createdAt.flatMap(TimestampParser.parse),
            title: record.postNumber == "1" ? record.topicTitle : nil,
            threadTitle: record.topicTitle,
            url: url(record),
            score: nil,
            ownText: split.ownText,
            quotes: split.quotes,
            revision: record.version
        ))
    }

    private func url(_ record: DiscoursePostRecord) -> String? {
        var path = record.postURL
        // Without the slug: topics get renamed (the same post is archived under two slugs), and
        // Discourse redirects `/t/TOPIC/NUMBER` to the current one.
        if path == nil, let topic = record.topic, let number = record.postNumber {
            path = "/t/\(topic)/\(number)"
        }
        guard let path else { return nil }
        if let baseURL, path.hasPrefix("/") { return baseURL + path }
        return path
    }
}

/// The fields of one Discourse post that the reader uses.
struct DiscoursePostRecord: Decodable {
    var id: String?
    var topic: String?
    var topicTitle: String?
    var topicSlug: String?
    var postNumber: String?
    var replyTo: String?
    var version: Int64?
    var username: String?
    var createdAt: String?
    var raw: String?
    var cooked: String?
    var deletedAt: String?
    var userDeleted = false
    var postURL: String?
    /// The text field (`raw`, `cooked`) that is there but cannot be read, if any.
    var unreadableText: String?

    enum CodingKeys: String, CodingKey {
        case id, raw, cooked, username, version
        case topic = "topic_id", topicTitle = "topic_title", topicSlug = "topic_slug"
        case postNumber = "post_number", replyTo = "reply_to_post_number"
        case createdAt = "created_at", deletedAt = "deleted_at", userDeleted = "user_deleted"
        case postURL = "post_url"
    }

    init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = c.loose(.id)?.text
        topic = c.loose(.topic)?.text
        topicTitle = c.loose(.topicTitle)?.text
        topicSlug = c.loose(.topicSlug)?.text
        postNumber = c.loose(.postNumber)?.int64.map(String.init)
        replyTo = c.loose(.replyTo)?.int64.map(String.init)
        version = c.loose(.version)?.int64
        username = c.loose(.username)?.text
        createdAt = c.loose(.createdAt)?.text
        raw = c.loose(.raw)?.text
        cooked = c.loose(.cooked)?.text
        deletedAt = c.loose(.deletedAt)?.text
        userDeleted = c.loose(.userDeleted)?.isTrue ?? false
        postURL = c.loose(.postURL)?.text
        unreadableText = c.firstUnreadable(.raw, .cooked)?.stringValue
    }
}

/// A Discourse JSON document: a post, an array of posts, or a topic with its post stream.
private struct DiscourseDocument: Decodable {
    var posts: [DiscoursePostRecord]

    private enum TopicKeys: String, CodingKey {
        case postStream = "post_stream", id, title, slug
    }

    private struct PostStream: Decodable {
        var posts: [DiscoursePostRecord]
    }

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            posts = []
            while !array.isAtEnd { posts.append(try array.decode(DiscoursePostRecord.self)) }
            return
        }
        let topic = try decoder.container(keyedBy: TopicKeys.self)
        guard topic.contains(.postStream) else {
            posts = [try DiscoursePostRecord(from: decoder)]
            return
        }
        posts = try topic.decode(PostStream.self, forKey: .postStream).posts
        let id = topic.loose(.id)?.text
        let title = topic.loose(.title)?.text
        let slug = topic.loose(.slug)?.text
        for index in posts.indices {
            if posts[index].topic == nil { posts[index].topic = id }
            if posts[index].topicTitle == nil { posts[index].topicTitle = title }
            if posts[index].topicSlug == nil { posts[index].topicSlug = slug }
        }
    }
}
