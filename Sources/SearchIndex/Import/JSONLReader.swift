import Foundation

/// Reads tsearch's generic JSON Lines format: one post a line,
/// `{"id","thread","parent","author","time","title","body","url","score","source"}`.
///
/// Leniency:
/// - `id` and `body` are required; every other field may be missing or `null`.
/// - Ids (`id`, `thread`, `parent`) may be strings or numbers; `score` a number or a numeric string.
/// - `time` is unix seconds (number or digits) or ISO 8601; an unreadable time is dropped with the
///   post kept.
/// - `source` defaults to the reader's default source (`jsonl` unless `--source` says otherwise).
/// - Blank lines are ignored; unknown fields are ignored; a UTF-8 byte order mark is ignored.
/// - A line that is not a JSON object, or lacks `id` or `body`, is skipped and reported with its
///   line number; the rest of the file is still read.
/// - `body` is plain text with `>` quoting, split by ``QuoteSplitter``.
/// - An id shown in a message has its control characters escaped and is cut at 40 characters.
public struct JSONLReader: PostReader {
    private var lines: LineReader
    private let defaultSource: String
    private let decoder = JSONDecoder()

    public init(_ input: InputFile, defaultSource: String = "jsonl") {
        lines = LineReader(input)
        self.defaultSource = defaultSource
    }

    public mutating func next() throws -> ReadItem? {
        while var line = try lines.next() {
            if lines.lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 }) { continue }
            return item(from: line)
        }
        return nil
    }

    private func issue(_ reason: String, _ detail: String) -> ReadItem {
        .skipped(ImportIssue(file: lines.fileName, location: "line \(lines.lineNumber)", reason: reason, detail: detail))
    }

    private func item(from line: Data) -> ReadItem {
        let record: Record
        do {
            record = try Record(fast: line) ?? decoder.decode(Record.self, from: line)
        } catch let DecodingError.typeMismatch(_, context) where context.codingPath.isEmpty {
            return issue("malformed JSON", "not a JSON object")
        } catch let DecodingError.typeMismatch(_, context) {
            let field = context.codingPath.first?.stringValue ?? "?"
            return issue("invalid field", "field \"\(field)\" has the wrong type")
        } catch DecodingError.dataCorrupted {
            return issue("malformed JSON", "malformed JSON")
        } catch {
            return issue("malformed JSON", "malformed JSON")
        }
        guard let id = record.id?.string, !id.isEmpty else {
            return issue("missing id", "missing required field \"id\"")
        }
        guard let body = record.body?.string else {
            return issue("missing body", "post \(ImportIssue.shown(id)): missing required field \"body\"")
        }
        let split = QuoteSplitter.split(body)
        let source = record.source?.string.flatMap { $0.isEmpty ? nil : $0 } ?? defaultSource
        return .post(Post(
            source: source,
            id: id,
            thread: record.thread?.string.flatMap { $0.isEmpty ? nil : $0 },
            parent: record.parent?.string.flatMap { $0.isEmpty ? nil : $0 },
            author: record.author?.string,
            time: record.time?.string.flatMap(TimestampParser.parse),
            title: record.title?.string.flatMap { $0.isEmpty ? nil : $0 },
            url: record.url?.string,
            score: record.score?.string.flatMap { Int64($0) },
            ownText: split.ownText,
            quotes: split.quotes
        ))
    }

    private struct Record: Decodable {
        var id: Scalar?
        var thread: Scalar?
        var parent: Scalar?
        var author: Scalar?
        var time: Scalar?
        var title: Scalar?
        var body: Scalar?
        var url: Scalar?
        var score: Scalar?
        var source: Scalar?

        private static let keys = ["id", "thread", "parent", "author", "time", "title", "body", "url", "score", "source"]
            .map { Array($0.utf8) }

        /// The record read by ``FlatJSONObject``, or `nil` when the line needs the decoder.
        init?(fast line: Data) {
            guard let fields = FlatJSONObject.fields(in: line, keys: Self.keys) else { return nil }
            let values = fields.map { field in
                field.map { value in
                    switch value {
                    case .null: Scalar(nil)
                    case let .text(text): Scalar(text)
                    }
                }
            }
            (id, thread, parent, author, time) = (values[0], values[1], values[2], values[3], values[4])
            (title, body, url, score, source) = (values[5], values[6], values[7], values[8], values[9])
        }
    }
}

/// A JSON value that may be a string, a number, a boolean or null, read as text.
struct Scalar: Decodable {
    let string: String?

    init(_ string: String?) {
        self.string = string
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            string = nil
        } else if let s = try? container.decode(String.self) {
            string = s
        } else if let i = try? container.decode(Int64.self) {
            string = String(i)
        } else if let d = try? container.decode(Double.self) {
            string = d.rounded() == d && abs(d) < 1e15 ? String(Int64(d)) : String(d)
        } else if let b = try? container.decode(Bool.self) {
            string = b ? "true" : "false"
        } else {
            throw DecodingError.typeMismatch(
                String.self, .init(codingPath: decoder.codingPath, debugDescription: "not a scalar"))
        }
    }
}
