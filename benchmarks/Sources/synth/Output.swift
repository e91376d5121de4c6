import Foundation

/// Buffers JSONL lines and writes them to standard output in large chunks.
struct Output {
    private var buffer: [UInt8] = []

    init() {
        buffer.reserveCapacity(1 << 21)
    }

    mutating func post(id: Int, thread: Int, parent: Int?, author: [UInt8], time: Int, title: [UInt8]?, body: [UInt8]) {
        buffer += Array("{\"id\":\"\(id)\",\"thread\":\"\(thread)\",\"parent\":".utf8)
        if let parent { buffer += Array("\"\(parent)\"".utf8) } else { buffer += Array("null".utf8) }
        buffer += Array(",\"author\":".utf8)
        string(author)
        buffer += Array(",\"time\":\(time),\"title\":".utf8)
        if let title { string(title) } else { buffer += Array("null".utf8) }
        buffer += Array(",\"body\":".utf8)
        string(body)
        buffer += Array(",\"source\":\"synth\"}\n".utf8)
        if buffer.count >= 1 << 20 { flush() }
    }

    /// A JSON string: the generator's text has only letters, spaces, punctuation and newlines.
    private mutating func string(_ bytes: [UInt8]) {
        buffer.append(0x22)
        for byte in bytes {
            switch byte {
            case 0x0A: buffer += [0x5C, 0x6E]
            case 0x22, 0x5C: buffer += [0x5C, byte]
            default: buffer.append(byte)
            }
        }
        buffer.append(0x22)
    }

    mutating func flush() {
        FileHandle.standardOutput.write(Data(buffer))
        buffer.removeAll(keepingCapacity: true)
    }
}
