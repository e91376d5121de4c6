import Foundation

/// Turns bytes in one of the charsets mail declares into a `String`, never failing.
///
/// ```
/// Charsets.decode([0x63, 0x61, 0x66, 0xE9], charset: "iso-8859-1")   // "café"
/// ```
///
/// Leniency:
/// - Names are matched case-insensitively, with or without quotes, `x-` prefixes, dashes or
///   underscores (`ISO_8859-1`, `iso8859-15`, `cp1252`, `x-cp1250`, `latin1`).
/// - UTF-8 and US-ASCII are read as UTF-8; an invalid sequence becomes U+FFFD.
/// - An unlabelled part, or one labelled US-ASCII or ISO-8859-1, that is not valid UTF-8 is read as
///   Windows-1252 (a superset of ISO-8859-1 that mailers often mislabel as either).
/// - ISO-8859-1..16, Windows-1250..1258 and KOI8-R/U are single-byte tables built once from
///   Foundation; a byte the charset leaves undefined becomes U+FFFD.
/// - GB2312/GBK/GB18030, Big5, Shift_JIS, EUC-JP, ISO-2022-JP and EUC-KR go through Foundation
///   whole; when it refuses the bytes, they are read as UTF-8 with replacement.
/// - An unknown charset is read as UTF-8 with replacement.
enum Charsets {
    /// A charset the decoder knows how to read.
    enum Kind: Hashable, Sendable {
        /// UTF-8, strict: invalid sequences become U+FFFD.
        case utf8
        /// US-ASCII, ISO-8859-1 or no label: UTF-8 when valid, else Windows-1252.
        case utf8OrWindows1252
        /// A single-byte charset, by its CoreFoundation encoding number.
        case singleByte(UInt)
        /// A multi-byte charset Foundation converts as a whole.
        case multiByte(String.Encoding)
    }

    /// Decodes `bytes` written in `charset` (a MIME charset name as written, or `nil` for none).
    static func decode(_ bytes: some Collection<UInt8>, charset: String?) -> String {
        decode(bytes, kind: kind(named: charset))
    }

    /// Decodes `bytes` written in a charset already looked up with ``kind(named:)``.
    static func decode(_ bytes: some Collection<UInt8>, kind: Kind?) -> String {
        let kind = kind ?? .utf8
        if case let .multiByte(encoding) = kind {
            // Not ASCII-compatible as a whole (UTF-16, the escapes of ISO-2022-JP): no shortcut.
            return String(bytes: Array(bytes), encoding: encoding) ?? String(decoding: bytes, as: UTF8.self)
        }
        if bytes.allSatisfy({ $0 < 0x80 }) { return String(decoding: bytes, as: UTF8.self) }
        switch kind {
        case .utf8:
            return String(decoding: bytes, as: UTF8.self)
        case .utf8OrWindows1252:
            if isValidUTF8(bytes) { return String(decoding: bytes, as: UTF8.self) }
            return decodeSingleByte(bytes, table: table(for: windows1252))
        case let .singleByte(code):
            return decodeSingleByte(bytes, table: table(for: code))
        case .multiByte:
            preconditionFailure("multi-byte charsets are decoded above")
        }
    }

    /// The decoder for a MIME charset name; `nil` for a name it does not know (read as UTF-8).
    static func kind(named rawName: String?) -> Kind? {
        guard let rawName else { return .utf8OrWindows1252 }
        var name = rawName.lowercased().trimmingCharacters(in: "\"' \t")
        if name.isEmpty { return .utf8OrWindows1252 }
        if name.hasPrefix("x-") { name.removeFirst(2) }
        let compact = String(name.unicodeScalars.filter { $0 != "-" && $0 != "_" && $0 != " " })
        switch compact {
        case "utf8", "unicode11utf8": return .utf8
        case "usascii", "ascii", "ansix3.41968", "us", "iso646us", "iso88591", "latin1", "l1",
             "unknown", "unknown8bit":
            return .utf8OrWindows1252
        case "gb2312", "gbk", "gb18030", "euccn", "cp936", "gb231280": return .multiByte(gb18030)
        case "big5", "big5hkscs", "cp950": return .multiByte(String.Encoding(rawValue: 0x8000_0A03))
        case "shiftjis", "sjis", "cp932", "windows31j", "mskanji": return .multiByte(.shiftJIS)
        case "eucjp": return .multiByte(.japaneseEUC)
        case "iso2022jp": return .multiByte(.iso2022JP)
        case "euckr", "ksc56011987", "cp949": return .multiByte(String.Encoding(rawValue: 0x8000_0940))
        case "utf16": return .multiByte(.utf16)
        case "utf16le": return .multiByte(.utf16LittleEndian)
        case "utf16be": return .multiByte(.utf16BigEndian)
        case "koi8r": return .singleByte(0x0A02)
        case "koi8u": return .singleByte(0x0A08)
        default: break
        }
        for prefix in ["iso8859", "latin"] where compact.hasPrefix(prefix) {
            let rest = compact.dropFirst(prefix.count)
            let digits = rest.prefix { $0.isASCII && $0.isNumber }
            guard let number = Int(digits) else { continue }
            if prefix == "latin" {
                // latin2..latin10 are not numbered like the ISO parts they name.
                let parts = [2: 2, 3: 3, 4: 4, 5: 9, 6: 10, 7: 13, 8: 14, 9: 15, 10: 16]
                if let part = parts[number] { return .singleByte(0x0200 + UInt(part)) }
            } else if number == 1 {
                return .utf8OrWindows1252
            } else if (2...16).contains(number), number != 12 {
                return .singleByte(0x0200 + UInt(number))
            }
        }
        for prefix in ["windows", "cp", "win"] where compact.hasPrefix(prefix) {
            if let number = Int(compact.dropFirst(prefix.count)), let code = windowsCodes[number] {
                return .singleByte(code)
            }
        }
        return nil
    }

    /// Whether `bytes` are well-formed UTF-8.
    static func isValidUTF8(_ bytes: some Collection<UInt8>) -> Bool {
        let failed = transcode(
            bytes.makeIterator(), from: UTF8.self, to: UTF32.self, stoppingOnError: true, into: { _ in })
        return !failed
    }

    // MARK: - Single-byte tables

    private static let windows1252: UInt = 0x0500
    /// CoreFoundation numbers of the Windows code pages, which do not follow the page numbers.
    private static let windowsCodes: [Int: UInt] = [
        1250: 0x0501, 1251: 0x0502, 1252: 0x0500, 1253: 0x0503, 1254: 0x0504, 1255: 0x0505,
        1256: 0x0506, 1257: 0x0507, 1258: 0x0508,
    ]
    private static let gb18030 = String.Encoding(rawValue: 0x8000_0632)

    /// Every single-byte charset ``kind(named:)`` can return, by CoreFoundation number.
    private static let singleByteCodes: [UInt] =
        [0x0201, 0x0202, 0x0203, 0x0204, 0x0205, 0x0206, 0x0207, 0x0208, 0x0209, 0x020A, 0x020B,
         0x020D, 0x020E, 0x020F, 0x0210, 0x0500, 0x0501, 0x0502, 0x0503, 0x0504, 0x0505, 0x0506,
         0x0507, 0x0508, 0x0A02, 0x0A08]

    /// The upper halves (bytes 0x80...0xFF) of every single-byte charset, built once.
    private static let tables: [UInt: [Unicode.Scalar]] = {
        var tables: [UInt: [Unicode.Scalar]] = [:]
        for code in singleByteCodes {
            let encoding = String.Encoding(rawValue: 0x8000_0000 | code)
            tables[code] = (0x80...0xFF).map { (byte: Int) -> Unicode.Scalar in
                let decoded = String(bytes: [UInt8(byte)], encoding: encoding)?.unicodeScalars
                guard let decoded, decoded.count == 1, let scalar = decoded.first else { return "\u{FFFD}" }
                return scalar
            }
        }
        return tables
    }()

    private static func table(for code: UInt) -> [Unicode.Scalar] {
        tables[code] ?? tables[windows1252]!
    }

    private static func decodeSingleByte(_ bytes: some Collection<UInt8>, table: [Unicode.Scalar]) -> String {
        var scalars = String.UnicodeScalarView()
        for byte in bytes {
            scalars.append(byte < 0x80 ? Unicode.Scalar(byte) : table[Int(byte) - 0x80])
        }
        return String(scalars)
    }
}
