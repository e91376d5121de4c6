/// Reads several files one after the other as one input, so that a folder of thousands of files
/// (a Discourse export has one file per post) imports and links as one import.
///
/// A file that cannot be opened or whose format cannot be told is reported as a skipped item
/// (reason `unreadable file` or `unknown format`) and the next file is read.
public struct FileSetReader: PostReader {
    /// One file and the format to read it with (`.auto`: tell it from the content).
    public struct Entry: Sendable, Equatable {
        public var path: String
        public var format: InputFormat

        public init(path: String, format: InputFormat) {
            self.path = path
            self.format = format
        }
    }

    private var pending: ArraySlice<Entry>
    private let source: String?
    private var current: (any PostReader)?

    public init(_ entries: [Entry], source: String? = nil) {
        pending = entries[...]
        self.source = source
    }

    public mutating func next() throws -> ReadItem? {
        while true {
            if current != nil, let item = try current!.next() { return item }
            current = nil
            guard let entry = pending.popFirst() else { return nil }
            do {
                var format = entry.format
                if format == .auto {
                    guard let detected = try InputFormat.detect(path: entry.path) else {
                        return .skipped(ImportIssue(
                            file: entry.path, location: "start", reason: "unknown format",
                            detail: "cannot tell the format from the content; give --format"))
                    }
                    format = detected
                }
                current = try format.makeReader(for: InputFile(path: entry.path), source: source)
            } catch let error as ImportError {
                return .skipped(ImportIssue(
                    file: entry.path, location: "start", reason: "unreadable file",
                    detail: error.errorDescription ?? "cannot be read"))
            }
        }
    }
}
