import CZlib
import Foundation
import GRDB

/// How a post's own and quoted text are stored: compressed with deflate when that saves enough,
/// else as plain text.
///
/// The stored text is most of an index (the full-text index itself is about half the size of the
/// text it indexes), and discussion text compresses to about half. A `post.own_text` or
/// `post.quoted_text` value is either TEXT, stored as written, or a BLOB:
///
/// ```
/// varint   the text's length in UTF-8 bytes (7 bits a byte, low first, high bit = more)
/// bytes    the text as a raw deflate stream (RFC 1951)
/// ```
///
/// SQL reads either form through `tsearch_text(x)`, which every connection of a ``SearchIndex``
/// registers, and the full-text index reads its content through the view `post_text`, which
/// applies it; Swift code reads a column with ``string(_:)``.
enum StoredText {
    /// The SQL function that returns the text of a stored value.
    static let functionName = "tsearch_text"

    /// Texts shorter than this are stored as they are: deflate saves little on them.
    static let minimumCompressedLength = 96

    /// The value to store for `text`: the compressed form when it is at most 7/8 of the text.
    static func value(_ text: String, using compressor: TextCompressor) -> DatabaseValue {
        var bytes = text
        let packed = bytes.withUTF8 { bytes in
            bytes.count >= minimumCompressedLength ? compressor.pack(bytes, limit: bytes.count - bytes.count / 8) : nil
        }
        return packed?.databaseValue ?? text.databaseValue
    }

    /// The text of a stored value (`NULL` reads as the empty text).
    /// - Throws: ``Corrupt`` when a compressed value does not inflate to its recorded length.
    static func string(_ value: DatabaseValue) throws -> String {
        switch value.storage {
        case let .string(text): return text
        case let .blob(data): return try unpack(data)
        case .null: return ""
        case let .int64(number): return String(number)
        case let .double(number): return String(number)
        }
    }

    /// A compressed value that does not inflate to the text it recorded.
    struct Corrupt: Error, CustomStringConvertible {
        var description: String { "a post's stored text is damaged (it does not decompress)" }
    }

    /// Registers `tsearch_text(x)` on `db`.
    static func register(_ db: Database) {
        db.add(function: DatabaseFunction(functionName, argumentCount: 1, pure: true) { values in
            let value = values[0]
            if value.isNull { return nil }
            return try string(value)
        })
    }

    static func unpack(_ data: Data) throws -> String {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            // The length prefix.
            var length = 0
            var shift = 0
            var offset = 0
            while true {
                guard offset < bytes.count, shift < 35 else { throw Corrupt() }
                let byte = bytes[offset]
                offset += 1
                length |= Int(byte & 0x7F) << shift
                if byte & 0x80 == 0 { break }
                shift += 7
            }
            let body = UnsafeBufferPointer(rebasing: bytes[offset...])
            var failed = false
            let text = String(unsafeUninitializedCapacity: length) { output in
                var stream = z_stream()
                guard inflateInit2_(&stream, -MAX_WBITS, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                    failed = true
                    return 0
                }
                defer { inflateEnd(&stream) }
                stream.next_in = UnsafeMutablePointer(mutating: body.baseAddress)
                stream.avail_in = UInt32(body.count)
                stream.next_out = output.baseAddress
                stream.avail_out = UInt32(length)
                let status = CZlib.inflate(&stream, Z_FINISH)
                guard status == Z_STREAM_END, Int(stream.total_out) == length else {
                    failed = true
                    return 0
                }
                return length
            }
            if failed { throw Corrupt() }
            return text
        }
    }
}

/// A deflate stream kept for many small texts: resetting it costs far less than setting one up
/// (which allocates and clears a quarter of a megabyte). The fastest level, and a hash table of
/// 8K entries (memory level 6), which a reset clears for every text: on the discussion data,
/// level 6 saves 2% more of the text at three times the time, and the default table (32K
/// entries) 0.1%. One thread uses it at a time.
final class TextCompressor {
    private var stream = z_stream()
    private var ready = false
    private var output: [UInt8] = []

    init() {
        ready = deflateInit2_(
            &stream, Z_BEST_SPEED, Z_DEFLATED, -MAX_WBITS, 6, Z_DEFAULT_STRATEGY,
            ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK
    }

    deinit {
        if ready { deflateEnd(&stream) }
    }

    /// `bytes` with its length prefix, compressed, or `nil` when that takes more than `limit`
    /// bytes (or zlib fails: the text is then stored as it is).
    func pack(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Data? {
        guard ready, let input = bytes.baseAddress else { return nil }
        var prefix: [UInt8] = []
        var length = bytes.count
        repeat {
            prefix.append(UInt8(length & 0x7F) | (length >= 0x80 ? 0x80 : 0))
            length >>= 7
        } while length > 0
        let room = limit - prefix.count
        guard room > 0 else { return nil }
        if output.count < room { output = [UInt8](repeating: 0, count: room) }
        guard deflateReset(&stream) == Z_OK else { return nil }
        return output.withUnsafeMutableBufferPointer { out -> Data? in
            stream.next_in = UnsafeMutablePointer(mutating: input)
            stream.avail_in = UInt32(bytes.count)
            stream.next_out = out.baseAddress
            stream.avail_out = UInt32(room)
            // Z_STREAM_END only when all of it fit in `room`.
            guard deflate(&stream, Z_FINISH) == Z_STREAM_END else { return nil }
            var packed = Data(prefix)
            packed.append(out.baseAddress!, count: Int(stream.total_out))
            return packed
        }
    }
}
