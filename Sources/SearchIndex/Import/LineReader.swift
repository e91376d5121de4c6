import Foundation

/// Splits an ``InputFile`` into lines without holding more than one chunk and one line.
///
/// Lines end at LF; a CR before the LF is removed. The last line may lack its LF.
public struct LineReader {
    private let input: InputFile
    private var buffer = Data()
    private var cursor = 0
    private var atEnd = false
    /// The 1-based number of the line last returned.
    public private(set) var lineNumber = 0
    /// Byte offset of the start of the line last returned.
    public private(set) var lineOffset = 0
    private var consumed = 0

    public init(_ input: InputFile) {
        self.input = input
    }

    public var fileName: String { input.name }

    /// The next line's bytes, without its line end; `nil` at the end of the input.
    public mutating func next() throws -> Data? {
        while true {
            if let newline = buffer[cursor...].firstIndex(of: 0x0A) {
                var end = newline
                if end > cursor, buffer[end - 1] == 0x0D { end -= 1 }
                let line = buffer.subdata(in: cursor..<end)
                lineOffset = consumed + (cursor - buffer.startIndex)
                cursor = newline + 1
                lineNumber += 1
                return line
            }
            if atEnd {
                guard cursor < buffer.endIndex else { return nil }
                let line = buffer.subdata(in: cursor..<buffer.endIndex)
                lineOffset = consumed + (cursor - buffer.startIndex)
                cursor = buffer.endIndex
                lineNumber += 1
                return line
            }
            let chunk = try input.read()
            if chunk.isEmpty { atEnd = true }
            consumed += cursor - buffer.startIndex
            buffer = buffer.subdata(in: cursor..<buffer.endIndex)
            buffer.append(chunk)
            cursor = buffer.startIndex
        }
    }
}
