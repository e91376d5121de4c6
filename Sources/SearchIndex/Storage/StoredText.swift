import CZstd
import Foundation
import GRDB

/// How a post's own and quoted text are stored: compressed with Zstandard when that saves
/// enough, else as plain text.
///
/// The stored text is most of an index (the full-text index itself is about half the size of the
/// text it indexes), and discussion text compresses to about half. A `post.own_text` or
/// `post.quoted_text` value is either TEXT, stored as written, or a BLOB: the UTF-8 text as one
/// Zstandard frame (RFC 8878), whose header records the text's length.
///
/// SQL reads either form through `tsearch_text(x)`, which every connection of a ``SearchIndex``
/// registers, and the full-text index reads its content through the view `post_text`, which
/// applies it; Swift code reads a column with ``string(_:)``.
enum StoredText {
    /// The SQL function that returns the text of a stored value.
    static let functionName = "tsearch_text"

    /// Texts shorter than this are stored as they are: compression saves little on them.
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
    /// - Throws: ``Corrupt`` when a compressed value does not decompress to its recorded length.
    static func string(_ value: DatabaseValue) throws -> String {
        switch value.storage {
        case let .string(text): return text
        case let .blob(data): return try unpack(data)
        case .null: return ""
        case let .int64(number): return String(number)
        case let .double(number): return String(number)
        }
    }

    /// A compressed value that does not decompress to the text it recorded.
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

    /// Calls `body` with the UTF-8 bytes of a stored value, without making a `String` of a
    /// compressed one (which would check every byte again).
    /// - Throws: ``Corrupt`` when a compressed value does not decompress.
    static func withUTF8<T>(_ value: DatabaseValue, _ body: (UnsafeBufferPointer<UInt8>) -> T) throws -> T {
        switch value.storage {
        case var .string(text):
            return text.withUTF8(body)
        case let .blob(data):
            return try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
                let length = try frameLength(raw)
                let bytes = try [UInt8](unsafeUninitializedCapacity: length) { output, count in
                    guard decompress(raw, into: output) else { throw Corrupt() }
                    count = length
                }
                return bytes.withUnsafeBufferPointer(body)
            }
        case .null:
            return body(UnsafeBufferPointer(start: nil, count: 0))
        case .int64, .double:
            var text = try string(value)
            return text.withUTF8(body)
        }
    }

    static func unpack(_ data: Data) throws -> String {
        try data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let length = try frameLength(raw)
            var decompressed = false
            let text = String(unsafeUninitializedCapacity: length) { output in
                decompressed = decompress(raw, into: output)
                return decompressed ? length : 0
            }
            guard decompressed else { throw Corrupt() }
            return text
        }
    }

    /// The text's length in bytes, as the frame's header records it.
    private static func frameLength(_ raw: UnsafeRawBufferPointer) throws -> Int {
        guard let source = raw.baseAddress else { throw Corrupt() }
        let size = ZSTD_getFrameContentSize(source, raw.count)
        guard tsearch_zstd_size_is_known(size) != 0, size < UInt64(Int32.max) else { throw Corrupt() }
        return Int(size)
    }

    /// Decompresses the frame `raw` into `output`, which must hold exactly its recorded length;
    /// `false` when it does not decompress to that length.
    private static func decompress(_ raw: UnsafeRawBufferPointer, into output: UnsafeMutableBufferPointer<UInt8>) -> Bool {
        let written = Decompressors.shared.withContext { context in
            ZSTD_decompressDCtx(context, output.baseAddress, output.count, raw.baseAddress, raw.count)
        }
        return ZSTD_isError(written) == 0 && written == output.count
    }
}

/// Decompression contexts for any thread: setting one up costs more than decompressing a
/// post, so they are kept and shared out.
private final class Decompressors: @unchecked Sendable {
    static let shared = Decompressors()
    // `idle` is guarded by `lock`; a context taken out is used by one thread only.
    private let lock = NSLock()
    private var idle: [OpaquePointer] = []

    func withContext<T>(_ body: (OpaquePointer?) -> T) -> T {
        lock.lock()
        let context = idle.popLast() ?? ZSTD_createDCtx()
        lock.unlock()
        defer {
            if let context {
                lock.lock()
                idle.append(context)
                lock.unlock()
            }
        }
        return body(context)
    }
}

/// A compression context kept for many small texts (Zstandard level 1: on the discussion data
/// it saves as much as deflate at three times its speed, both ways). One thread uses it at a
/// time.
final class TextCompressor {
    private let context = ZSTD_createCCtx()
    private var output: [UInt8] = []

    deinit {
        ZSTD_freeCCtx(context)
    }

    /// `bytes` compressed into a Zstandard frame, or `nil` when that takes more than `limit`
    /// bytes (or compression fails: the text is then stored as it is).
    func pack(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int) -> Data? {
        guard let context, let input = bytes.baseAddress, limit > 0 else { return nil }
        if output.count < limit { output = [UInt8](repeating: 0, count: limit) }
        return output.withUnsafeMutableBufferPointer { out -> Data? in
            // An error, "destination too small" included, when it does not fit in `limit`.
            let written = ZSTD_compressCCtx(context, out.baseAddress, limit, input, bytes.count, 1)
            guard ZSTD_isError(written) == 0 else { return nil }
            return Data(bytes: out.baseAddress!, count: written)
        }
    }
}
