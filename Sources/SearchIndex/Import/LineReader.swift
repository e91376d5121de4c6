import Foundation

/// Splits an ``InputFile`` into lines without holding more than one chunk and one line.
///
/// Lines end at LF; a CR before the LF is removed. The last line may lack its LF. The search for
/// line ends runs on raw bytes (`memchr`), not through `Data`'s per-byte accessors.
public struct LineReader {
    private let input: InputFile
    private var buffer: [UInt8] = []
    private var cursor = 0
    private var atEnd = false
    /// Bytes dropped from the front of `buffer` so far.
    private var consumed = 0
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Byte offset of the start of the line last returned.
    public private(set) var lineOffset = 0

    public init(_ input: InputFile) {
        self.input = input
    }

    public var fileName: String { input.name }

    /// The next line's bytes, without its line end; `nil` at the end of the input.
    public mutating func next() throws -> Data? {
        while true {
            let start = cursor
            let newline: Int? = buffer.withUnsafeBufferPointer { bytes in
                guard start < bytes.count, let base = bytes.baseAddress else { return nil }
                guard let found = memchr(base + start, 0x0A, bytes.count - start) else { return nil }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if let newline {
                var end = newline
                if end > start, buffer[end - 1] == 0x0D { end -= 1 }
                cursor = newline + 1
                return line(start, end)
            }
            if atEnd {
                guard start < buffer.count else { return nil }
                cursor = buffer.count
                return line(start, buffer.count)
            }
            let chunk = try input.read()
            if chunk.isEmpty { atEnd = true }
            if cursor > 0 {
                buffer.removeFirst(cursor)
                consumed += cursor
                cursor = 0
            }
            buffer.append(contentsOf: chunk)
        }
    }

    private mutating func line(_ start: Int, _ end: Int) -> Data {
        lineNumber += 1
        lineOffset = consumed + start
        return buffer.withUnsafeBufferPointer { Data(UnsafeBufferPointer(rebasing: $0[start..<end])) }
    }
}
