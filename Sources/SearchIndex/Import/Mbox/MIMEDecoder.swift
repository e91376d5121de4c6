/// Finds the readable text of a message: the first `text/plain` part, else the first `text/html`
/// part (to be made plain), through nested multiparts, undoing transfer encodings and charsets.
///
/// ```
/// Content-Type: multipart/alternative; boundary=b      MIMEDecoder.text(headers:body:)
/// --b                                                  gives "Hello", not the HTML part,
/// Content-Type: text/plain                             and isHTML false.
///
/// Hello
/// --b
/// Content-Type: text/html
/// ...
/// ```
///
/// Leniency:
/// - A part without `Content-Type` is `text/plain`; one without a charset is UTF-8 when valid,
///   else Windows-1252 (see ``Charsets``).
/// - Multiparts nest to any depth up to 32; deeper parts are ignored.
/// - A delimiter line may carry trailing whitespace; a missing closing delimiter ends the part at
///   the end of the body; a multipart without a boundary, or whose boundary never appears, is read
///   as one text/plain body.
/// - Parts with `Content-Disposition: attachment` come last: an attached text/plain file is the
///   text only when there is no inline text/plain or text/html part; attached HTML is never used.
/// - `message/rfc822` parts (forwarded or bounced messages) and non-text parts are not searched.
/// - Transfer encodings: quoted-printable, base64; anything else (7bit, 8bit, binary, unknown) is
///   taken as is.
/// - A message with no text part at all gives `nil`.
enum MIMEDecoder {
    /// The text found in a message.
    struct Text: Equatable {
        /// The decoded text: plain text as written, or the HTML source when ``isHTML``.
        var text: String
        /// Whether the text came from a `text/html` part.
        var isHTML: Bool
    }

    private static let maxDepth = 32

    /// The readable text of an entity with `headers` and the raw `body` that follows them.
    static func text(headers: MailHeaders, body: ArraySlice<UInt8>) -> Text? {
        var found = Found()
        if let plain = find(Part(headers: headers, body: body), depth: 0, found: &found) {
            return Text(text: plain.decoded(), isHTML: false)
        }
        if let html = found.html { return Text(text: html.decoded(), isHTML: true) }
        return found.attachedPlain.map { Text(text: $0.decoded(), isHTML: false) }
    }

    /// The fallbacks met while looking for an inline text/plain part.
    private struct Found {
        var html: Part?
        var attachedPlain: Part?
    }

    /// One MIME entity: its header and its still-encoded body.
    private struct Part {
        var headers: MailHeaders
        var body: ArraySlice<UInt8>
        var contentType: ContentType { ContentType(parsing: headers["content-type"]) }

        /// Whether `Content-Disposition` says `attachment`.
        var isAttachment: Bool {
            guard let disposition = headers["content-disposition"] else { return false }
            return disposition.lowercased().hasPrefix("attachment")
        }

        /// The body with its transfer encoding and charset undone.
        func decoded() -> String {
            let encoding = (headers["content-transfer-encoding"] ?? "").lowercased()
                .trimmingCharacters(in: " \t\"")
            let bytes: [UInt8]
            switch encoding {
            case "quoted-printable": bytes = QuotedPrintable.decode(body)
            case "base64": bytes = Base64.decode(body)
            default: bytes = Array(body)
            }
            return Charsets.decode(bytes, charset: contentType.parameters["charset"])
        }
    }

    /// The first inline text/plain part under `part`, depth first; records the first inline
    /// text/html part and the first attached text/plain part in `found`.
    private static func find(_ part: Part, depth: Int, found: inout Found) -> Part? {
        let type = part.contentType
        if type.isMultipart {
            guard depth < maxDepth else { return nil }
            guard let boundary = type.parameters["boundary"], !boundary.isEmpty,
                  let children = split(part.body, boundary: Array(boundary.utf8))
            else {
                return Part(headers: MailHeaders(), body: part.body)
            }
            for child in children {
                let (headers, body) = MailHeaders.parse(child)
                if let plain = find(Part(headers: headers, body: body), depth: depth + 1, found: &found) {
                    return plain
                }
            }
            return nil
        }
        switch type.mediaType {
        case "text/plain":
            guard part.isAttachment else { return part }
            if found.attachedPlain == nil { found.attachedPlain = part }
            return nil
        case "text/html":
            if found.html == nil, !part.isAttachment { found.html = part }
            return nil
        default: return nil
        }
    }

    /// The parts of a multipart body, each with its header; `nil` when no delimiter line appears.
    static func split(_ body: ArraySlice<UInt8>, boundary: [UInt8]) -> [ArraySlice<UInt8>]? {
        var parts: [ArraySlice<UInt8>] = []
        var partStart: Int?
        var lineStart = body.startIndex
        while lineStart < body.endIndex {
            let newline = body[lineStart...].firstIndex(of: 0x0A)
            let lineEnd = newline ?? body.endIndex
            let next = newline.map { $0 + 1 } ?? body.endIndex
            if let kind = delimiter(body[lineStart..<lineEnd], boundary: boundary) {
                if let start = partStart {
                    parts.append(body[start..<lineBreakStart(before: lineStart, in: body, after: start)])
                }
                if kind == .close { return parts }
                partStart = next
            }
            lineStart = next
        }
        guard let start = partStart else { return nil }
        parts.append(body[start...])
        return parts
    }

    private enum Delimiter { case open, close }

    /// Whether `line` is `--boundary` (a part follows) or `--boundary--` (the end).
    private static func delimiter(_ line: ArraySlice<UInt8>, boundary: [UInt8]) -> Delimiter? {
        guard line.count >= boundary.count + 2, line.first == 0x2D,
              line[line.startIndex + 1] == 0x2D,
              line[(line.startIndex + 2)...].starts(with: boundary)
        else { return nil }
        var rest = line[(line.startIndex + 2 + boundary.count)...]
        var kind = Delimiter.open
        if rest.starts(with: [0x2D, 0x2D]) {
            kind = .close
            rest = rest.dropFirst(2)
        }
        return rest.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D } ? kind : nil
    }

    /// Where the line break before a delimiter line starts (it belongs to the delimiter).
    private static func lineBreakStart(before lineStart: Int, in body: ArraySlice<UInt8>, after start: Int) -> Int {
        var end = lineStart
        if end > start, body[end - 1] == 0x0A { end -= 1 }
        if end > start, body[end - 1] == 0x0D { end -= 1 }
        return end
    }
}
