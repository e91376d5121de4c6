import Foundation
/// Reads an mbox file (mboxrd or mboxo) into posts, one message at a time.
///
/// Each message becomes a ``Post``:
/// - `id`: the `Message-ID` without angle brackets.
/// - `parent`: the first id in `In-Reply-To`, else the last id in `References`.
/// - `ancestors`: the ids in `References`, oldest first; when the parent is not in the index,
///   the nearest of them that is becomes the parent.
/// - `thread` is left to the index: the root of the reply chain, with chains whose root is
///   missing grouped by subject when that is unambiguous.
/// - `author`: the `From` header with its encoded words decoded, `Name <address>` kept as written.
/// - `time`: the `Date` header (see ``MailDateParser``); `title`: the `Subject`, decoded.
/// - the text: the first `text/plain` part, else the first `text/html` part made plain (see
///   ``MIMEDecoder``), split by ``QuoteSplitter``, with the signature after a `-- ` line removed
///   from the own text (see ``MailSignature``). Patches stay in the own text as written.
///
/// Leniency:
/// - Separators, `>From ` unescaping and CRLF: see ``MboxSplitter``; a file without any `From `
///   line is one message.
/// - Headers: folded lines, raw UTF-8 or Windows-1252 bytes, names in any case (see
///   ``MailHeaders``); encoded words anywhere in `From` and `Subject` (see ``EncodedWords``).
/// - Charsets: UTF-8, US-ASCII, ISO-8859-1..16, Windows-1250..1258 and more; an undecodable byte
///   becomes U+FFFD, never an error (see ``Charsets``).
/// - A message without a `Message-ID` is skipped and reported with its number and byte offset.
/// - `In-Reply-To` may carry comments or several ids (the first is taken); ids folded across
///   lines are joined; a message naming itself as parent or thread gets `nil` there.
/// - A missing or unreadable `Date`, `From` or `Subject` leaves that field `nil`; a message
///   without any text part is kept with empty text.
/// - Duplicate Message-IDs are all returned; the storage layer decides which one stays.
public struct MboxReader: PostReader {
    private var splitter: MboxSplitter
    private let defaultSource: String

    /// A reader of `input` whose posts have the source `defaultSource`.
    /// Whether `prefix` starts like a mailbox: a `From ` separator line, or (a single message
    /// saved as a file) a block of RFC 5322 headers with a `Message-ID` or `From:`.
    public static func looksLike(_ prefix: Data) -> Bool {
        if prefix.starts(with: Array("From ".utf8)) { return true }
        guard let text = String(data: prefix.prefix(4096), encoding: .isoLatin1) else { return false }
        let headerEnd = text.range(of: "\n\n")?.lowerBound ?? text.endIndex
        let headers = text[..<headerEnd].lowercased()
        guard let first = headers.first, first.isLetter else { return false }
        return (headers.contains("\nmessage-id:") || headers.hasPrefix("message-id:"))
            && (headers.contains("\nfrom:") || headers.hasPrefix("from:"))
    }

    public init(_ input: InputFile, defaultSource: String = "mail") {
        splitter = MboxSplitter(input)
        self.defaultSource = defaultSource
    }

    /// The next message as a post, or as a skipped item; `nil` at the end of the input.
    ///
    /// - Throws: ``ImportError/readFailed(file:reason:)`` when the input cannot be read.
    public mutating func next() throws -> ReadItem? {
        guard let message = try splitter.next() else { return nil }
        return item(from: message)
    }

    private func item(from message: MboxSplitter.RawMessage) -> ReadItem {
        let (headers, body) = MailHeaders.parse(message.bytes[...])
        guard let id = headers["message-id"].flatMap(MessageIDParser.id(in:)) else {
            return .skipped(ImportIssue(
                file: splitter.fileName,
                location: "message \(message.number) (byte \(message.offset))",
                reason: "missing Message-ID",
                detail: "message \(message.number) at byte \(message.offset) has no Message-ID header"
            ))
        }
        let inReplyTo = headers["in-reply-to"].map(MessageIDParser.ids(in:)) ?? []
        let references = headers["references"].map(MessageIDParser.ids(in:)) ?? []
        let parent = inReplyTo.first ?? references.last

        var split = QuoteSplitter.Result(ownText: "", quotes: [])
        if let text = MIMEDecoder.text(headers: headers, body: body) {
            split = QuoteSplitter.split(text.isHTML ? HTMLText.toPlainText(text.text) : text.text)
            split = MailSignature.removing(from: split)
        }
        return .post(Post(
            source: defaultSource,
            id: id,
            parent: parent == id ? nil : parent,
            ancestors: references.filter { $0 != id },
            author: headers["from"].map(EncodedWords.decode).flatMap(nonEmpty),
            time: headers["date"].flatMap(MailDateParser.parse),
            title: headers["subject"].map(EncodedWords.decode).flatMap(nonEmpty),
            ownText: split.ownText,
            quotes: split.quotes
        ))
    }

    private func nonEmpty(_ text: String) -> String? {
        let trimmed = text.trimmingSpaces
        return trimmed.isEmpty ? nil : trimmed
    }
}
