import Foundation

/// Cuts an mbox file into raw messages, one at a time, holding one chunk of input and one
/// message in memory.
///
/// ```
/// From mboxrd@z Thu Jan  1 00:00:00 1970     ← separator: starts message 1 at byte 0
/// Subject: hi
///
/// >From here on                             ← unescaped to "From here on"
///                                            ← the blank line before a separator is dropped
/// From mboxrd@z Thu Jan  1 00:00:00 1970     ← message 2
/// ```
///
/// Leniency:
/// - A separator is a line starting with `From `, a sender and a time of day (`hh:mm`); a blank
///   line before it is usual but not required. Lines that start with `From ` but do not look
///   like that stay in the message.
/// - Blank lines before the first separator are ignored; other text before it is a message of
///   its own (so a single message without any separator, an `.eml` file, reads as one message).
/// - `>From ` unescaping removes one `>` from any line matching `>+From `: right for mboxrd
///   (`>>From ` → `>From `) and for mboxo (`>From ` → `From `), at the price of mboxo lines that
///   were written as `>From ` to begin with.
/// - CRLF line ends become LF.
struct MboxSplitter {
    /// One message as it stood in the file, separator line removed, unescaped, LF line ends.
    struct RawMessage {
        /// 1-based position of the message in the file.
        var number: Int
        /// Byte offset in the file of its separator line (or first line).
        var offset: Int
        var bytes: [UInt8]
    }

    private let input: InputFile
    private var buffer: [UInt8] = []
    /// Start of the next line to look at in `buffer`.
    private var cursor = 0
    /// Start of the bytes in `buffer` that belong to the current message but are not yet copied
    /// into `current`: lines that need no change are copied in runs, not one by one.
    private var copyFrom = 0
    /// Bytes of the input dropped from the front of `buffer` so far.
    private var consumed = 0
    private var atEnd = false
    private var current: [UInt8] = []
    private var currentOffset = 0
    private var haveMessage = false
    private var count = 0

    init(_ input: InputFile) {
        self.input = input
    }

    var fileName: String { input.name }

    /// The next message, or `nil` at the end of the input.
    ///
    /// - Throws: ``ImportError/readFailed(file:reason:)`` when the input cannot be read.
    mutating func next() throws -> RawMessage? {
        while let (start, end) = try nextLine() {
            let next = end < buffer.count ? end + 1 : end
            let first = start < end ? buffer[start] : 0
            if first == 0x46, isSeparator(start, end) {
                flush(upTo: start)
                let finished = haveMessage ? finish() : nil
                currentOffset = consumed + start
                haveMessage = true
                cursor = next
                copyFrom = next
                if let finished { return finished }
                continue
            }
            if !haveMessage {
                if end == start || (end == start + 1 && first == 0x0D) {
                    // Blank lines before the first message are not a message.
                    cursor = next
                    copyFrom = next
                    continue
                }
                haveMessage = true
                currentOffset = consumed + start
            }
            let hasCR = end > start && buffer[end - 1] == 0x0D
            if hasCR || (first == 0x3E && isEscapedFrom(start, end)) {
                // Copy what came before, then this line changed.
                flush(upTo: start)
                let from = first == 0x3E ? start + 1 : start
                current.append(contentsOf: buffer[from..<(hasCR ? end - 1 : end)])
                current.append(0x0A)
                copyFrom = next
            }
            cursor = next
        }
        flush(upTo: buffer.count)
        if haveMessage, current.last != 0x0A, !current.isEmpty { current.append(0x0A) }
        return haveMessage ? finish() : nil
    }

    /// Copies the uncopied bytes of the current message before `end` into `current`.
    private mutating func flush(upTo end: Int) {
        if end > copyFrom { current.append(contentsOf: buffer[copyFrom..<end]) }
        copyFrom = end
    }

    private mutating func finish() -> RawMessage {
        count += 1
        // The blank line that separates messages belongs to the mbox format, not the message.
        if current.count >= 2, current[current.count - 1] == 0x0A, current[current.count - 2] == 0x0A {
            current.removeLast()
        }
        let message = RawMessage(number: count, offset: currentOffset, bytes: current)
        current = []
        current.reserveCapacity(message.bytes.count)
        haveMessage = false
        return message
    }

    /// Whether `buffer[start..<end]` matches `>+From `.
    private func isEscapedFrom(_ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end, buffer[i] == 0x3E { i += 1 }
        return end - i >= 5 && buffer[i] == 0x46 && buffer[i + 1] == 0x72 && buffer[i + 2] == 0x6F
            && buffer[i + 3] == 0x6D && buffer[i + 4] == 0x20
    }

    /// Whether `buffer[start..<end]` is a `From ` separator line.
    private func isSeparator(_ start: Int, _ end: Int) -> Bool {
        guard end - start >= 10, buffer[start] == 0x46, buffer[start + 1] == 0x72,
              buffer[start + 2] == 0x6F, buffer[start + 3] == 0x6D, buffer[start + 4] == 0x20,
              buffer[start + 5] != 0x20
        else { return false }
        // A time of day, hh:mm, somewhere after the sender.
        var i = start + 6
        while i + 2 < end {
            if buffer[i] == 0x3A, isDigit(buffer[i - 1]), isDigit(buffer[i + 1]), isDigit(buffer[i + 2]) {
                return true
            }
            i += 1
        }
        return false
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The next line as `(start, end)` indices into `buffer`, `end` at its LF (or the end of the
    /// input); `nil` at the end of the input. Indices stay valid until the next call.
    private mutating func nextLine() throws -> (Int, Int)? {
        while true {
            let cursor = self.cursor
            let newline = buffer.withUnsafeBufferPointer { pointer -> Int? in
                guard cursor < pointer.count, let base = pointer.baseAddress,
                      let found = memchr(base + cursor, 0x0A, pointer.count - cursor)
                else { return nil }
                return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
            }
            if let newline { return (cursor, newline) }
            if atEnd {
                return cursor < buffer.count ? (cursor, buffer.count) : nil
            }
            let chunk = try input.read()
            if chunk.isEmpty { atEnd = true }
            // Lines before the cursor belong to the current message: copy them out, and keep
            // only the partial line.
            flush(upTo: cursor)
            consumed += cursor
            buffer.removeSubrange(0..<cursor)
            buffer.append(contentsOf: chunk)
            self.cursor = 0
            copyFrom = 0
        }
    }
}
