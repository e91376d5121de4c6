import Foundation

/// Reads the records of a JSON input that is either JSON Lines or one JSON document (an object,
/// an array, or a wrapper such as a topic or a search response), for the web readers.
///
/// The first non-blank line decides: when it is a complete document by itself, the input is
/// read line by line with bounded memory; otherwise the whole input is one document. When the
/// whole input is not a document either, it is read line by line after all, so that one broken
/// line in a JSON Lines file costs that line only.
struct JSONRecordStream<Record> {
    /// One step of the stream.
    enum Step {
        case record(Record, location: String)
        case malformed(location: String, detail: String)
    }

    private enum Mode {
        case undecided, lines, buffered([(number: Int, bytes: Data)]), finished
    }

    private var lines: LineReader
    private let unwrap: (Data) throws -> [Record]
    private var mode = Mode.undecided
    private var queue: [(Record, String)] = []
    private var queueIndex = 0

    /// - Parameter unwrap: the records of one JSON document; throws when it is not one.
    init(_ input: InputFile, unwrap: @escaping (Data) throws -> [Record]) {
        lines = LineReader(input)
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
                if all.count == 1 {
                    mode = .finished
                    return .malformed(location: "line \(first.number)", detail: "malformed JSON")
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

    /// Queues the records of one line, or returns the step that reports it malformed.
    private mutating func decode(_ line: (number: Int, bytes: Data)) -> Step? {
        guard let records = try? unwrap(line.bytes) else {
            return .malformed(location: "line \(line.number)", detail: "malformed JSON")
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
