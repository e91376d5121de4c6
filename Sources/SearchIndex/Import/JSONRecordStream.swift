import Foundation

/// Reads the records of a JSON input that is either JSON Lines or one JSON document (an object,
/// an array, or a wrapper such as a topic or a search response), for the web readers.
///
/// The first non-blank line decides: when it is a complete document by itself, the input is
/// read line by line with bounded memory; otherwise the whole input is one document. When the
/// whole input is not a document either, it is read line by line after all, so that one broken
/// line in a JSON Lines file costs that line only; but when no line is a document and most lines
/// do not start with `{` or `[`, the input is one broken document (written over many lines),
/// reported once at the line and column where it breaks.
struct JSONRecordStream<Record> {
    /// One step of the stream.
    enum Step {
        case record(Record, location: String)
        /// An item that cannot be read: where, a short category (`malformed JSON`), what exactly.
        case issue(location: String, reason: String, detail: String)
    }

    private enum Mode {
        case undecided, lines, buffered([(number: Int, bytes: Data)]), finished
    }

    private var lines: LineReader
    private let unwrap: (Data) throws -> [Record]
    /// What the records are, for messages: `Discourse posts`.
    private let expected: String
    private var mode = Mode.undecided
    private var queue: [(Record, String)] = []
    private var queueIndex = 0

    /// - Parameters:
    ///   - expected: what the records are, for messages (`Discourse posts`).
    ///   - unwrap: the records of one JSON document; throws when it is not one.
    init(_ input: InputFile, expected: String, unwrap: @escaping (Data) throws -> [Record]) {
        lines = LineReader(input)
        self.expected = expected
        self.unwrap = unwrap
    }

    var fileName: String { lines.fileName }

    mutating func next() throws -> Step? {
        while true {
            if queueIndex < queue.count {
                let (record, location) = queue[queueIndex]
                queueIndex += 1
                if queueIndex == queue.count {
                    queue.removeAll(keepingCapacity: true)
                    queueIndex = 0
                }
                return .record(record, location: location)
            }
            switch mode {
            case .finished:
                return nil
            case .undecided:
                guard let first = try nextNonBlankLine() else {
                    mode = .finished
                    return nil
                }
                if let records = try? unwrap(first.bytes) {
                    mode = .lines
                    enqueue(records, line: first.number)
                    continue
                }
                var all = [first]
                var whole = first.bytes
                while let line = try nextNonBlankLine() {
                    all.append(line)
                    whole.append(0x0A)
                    whole.append(line.bytes)
                }
                if let records = try? unwrap(whole) {
                    mode = .finished
                    for (index, record) in records.enumerated() {
                        queue.append((record, records.count == 1 ? "document" : "item \(index + 1)"))
                    }
                    continue
                }
                // JSON Lines with bad lines, or one document that is broken: the second when no
                // line is a document and most lines do not start like one.
                if all.count > 1, !Self.looksLikeJSONLines(all), all.allSatisfy({ (try? unwrap($0.bytes)) == nil }) {
                    mode = .finished
                    return brokenDocument(all, whole: whole)
                }
                mode = .buffered(all)
            case .lines:
                guard let line = try nextNonBlankLine() else {
                    mode = .finished
                    return nil
                }
                if let step = decode(line) { return step }
            case var .buffered(rest):
                guard !rest.isEmpty else {
                    mode = .finished
                    return nil
                }
                let line = rest.removeFirst()
                mode = .buffered(rest)
                if let step = decode(line) { return step }
            }
        }
    }

    /// The one step that reports a document of several lines that is not JSON (at the line and
    /// column where it breaks), or not the records of this format.
    private func brokenDocument(_ lines: [(number: Int, bytes: Data)], whole: Data) -> Step {
        let start = "the document that starts at line \(lines[0].number) is skipped"
        guard let offset = JSONSyntax.firstError(in: [UInt8](whole)) else {
            return .issue(location: "line \(lines[0].number)", reason: "unexpected JSON",
                              detail: "valid JSON, but not \(expected) (\(start))")
        }
        // The line that holds the fault; the lines were joined with one line break each.
        var lineStart = 0
        var faulty = lines[lines.count - 1]
        for line in lines {
            if offset <= lineStart + line.bytes.count {
                faulty = line
                break
            }
            lineStart += line.bytes.count + 1
        }
        return .issue(location: "line \(faulty.number)", reason: "malformed JSON",
                      detail: "malformed JSON at column \(offset - lineStart + 1) (\(start))")
    }

    /// Whether at least half of `lines` start like a JSON object or array (JSON Lines, some of
    /// them broken), rather than like the inside of a document written over several lines.
    private static func looksLikeJSONLines(_ lines: [(number: Int, bytes: Data)]) -> Bool {
        let opening = lines.count { line in
            let first = line.bytes.first { $0 != 0x20 && $0 != 0x09 }
            return first == 0x7B || first == 0x5B
        }
        return opening * 2 >= lines.count
    }

    /// Queues the records of one line, or returns the step that reports it malformed.
    private mutating func decode(_ line: (number: Int, bytes: Data)) -> Step? {
        guard let records = try? unwrap(line.bytes) else {
            return .issue(location: "line \(line.number)", reason: "malformed JSON", detail: "malformed JSON")
        }
        enqueue(records, line: line.number)
        return nil
    }

    private mutating func enqueue(_ records: [Record], line: Int) {
        for (index, record) in records.enumerated() {
            queue.append((record, records.count == 1 ? "line \(line)" : "line \(line) item \(index + 1)"))
        }
    }

    private mutating func nextNonBlankLine() throws -> (number: Int, bytes: Data)? {
        while var line = try lines.next() {
            if lines.lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line.removeFirst(3) }
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            return (lines.lineNumber, line)
        }
        return nil
    }
}

/// Content sniffing helpers for the readers' `looksLike(_:)`.
enum JSONSniffer {
    /// Whether `prefix` contains `"key"` followed by optional white space and a colon.
    static func hasKey(_ key: String, in prefix: Data) -> Bool {
        let needle = Array("\"\(key)\"".utf8)
        return prefix.withUnsafeBytes { raw -> Bool in
            let bytes = raw.bindMemory(to: UInt8.self)
            var i = 0
            while i + needle.count <= bytes.count {
                if bytes[i] == needle[0], bytes[i..<(i + needle.count)].elementsEqual(needle) {
                    var j = i + needle.count
                    while j < bytes.count, bytes[j] == 0x20 || bytes[j] == 0x09 || bytes[j] == 0x0A || bytes[j] == 0x0D {
                        j += 1
                    }
                    if j < bytes.count, bytes[j] == 0x3A { return true }
                }
                i += 1
            }
            return false
        }
    }

    /// Whether the first non-blank byte of `prefix` opens a JSON object or array.
    static func startsLikeJSON(_ prefix: Data) -> Bool {
        for b in prefix.prefix(4096) {
            switch b {
            case 0x20, 0x09, 0x0A, 0x0D, 0xEF, 0xBB, 0xBF: continue
            case 0x7B, 0x5B: return true
            default: return false
            }
        }
        return false
    }
}
