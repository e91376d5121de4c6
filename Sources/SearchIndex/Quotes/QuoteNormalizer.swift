/// Turns quoted spans and candidate posts into the word sequences ``QuoteMatcher`` compares.
///
/// `"Don't **ship** it&hellip; [yet](https://x.org)!"` reads as the words
/// `don t ship it | yet`, where `|` is an elision break.
///
/// Leniency, so that a quote as it was rendered, copied and re-wrapped still reads like its
/// source:
/// - Words are runs of letters and digits; everything else (whitespace, line ends, punctuation,
///   Markdown markers such as `**`, `_`, `` ` ``, `#`, `>` and list bullets) only separates words.
///   ASCII letters are lowercased; other letters are kept as written.
/// - Typographic punctuation (curly quotes, dashes, no-break space, `…`, arrows, emoji) separates
///   words like ASCII punctuation does, so `don’t` reads like `don't`.
/// - HTML entities (`&amp;`, `&quot;`, `&#8217;`, `&#x2019;`, `&nbsp;`) read as the character
///   they name.
/// - A Markdown link or image keeps its text, and its target is noted beside the text's words:
///   `[text](url)` reads `text`, linked to `url`. A bare `http://` or `https://` address reads as
///   one word (scheme, `www.` and a trailing `/` ignored), linked to itself, so that a quote
///   showing a link by its page title can still be matched by its address.
/// - HTML tags (`<br>`, `</sub>`) are dropped, as a rendered quote does not show them;
///   an autolink `<https://x.org>` reads as its address.
/// - `...` (two or more dots) and `…`, bracketed or not, are elisions: they separate words and,
///   in a quote, mark a break across which the words need not be adjacent in the source.
/// - In a quote, a line's `>` markers give its words a nesting level (0 for the span's own
///   lines, 1 for a quote inside it); a change of level is a break too.
///
/// Words are kept as 64-bit hashes: collisions are rare enough not to matter for matching.
/// The pass runs once over the UTF-8 bytes.
enum QuoteNormalizer {
    /// The words of a text, as hashes, with the breaks and levels that matter in a quote.
    struct Words: Sendable, Equatable {
        /// One hash per word, in order.
        var hashes: [UInt64] = []
        /// Per word: whether a break (elision, level change, start of text) stands before it.
        /// This and the two arrays below are left empty when a source's words are read
        /// (``sourceWords(in:)``): the matcher needs them only for the quote.
        var breakBefore: [Bool] = []
        /// Per word: its nesting level in a quote; always 0 for a candidate's text.
        var levels: [UInt8] = []
        /// Per word: the hash of the address it links to (the target of the link whose text it
        /// is, or the bare URL it is), else 0.
        var linkTargets: [UInt64] = []
        /// The hashes of every address in the text, bare or as a link target.
        var urls: [UInt64] = []
        /// The number of bytes in all words together: how much text there is to match.
        var byteCount = 0
        /// Whether the text has an elision (`...`, `…`) between two of its words.
        var hasElision = false

        var count: Int { hashes.count }
    }

    /// The words of `text`.
    ///
    /// - Parameters:
    ///   - text: a quoted span's text (with one level of `>` removed) or a post's text.
    ///   - readingLevels: whether leading `>` markers give each line a nesting level.
    static func words(in text: String, readingLevels: Bool = false) -> Words {
        var text = text
        return text.withUTF8 { words(in: $0, readingLevels: readingLevels) }
    }

    static func words(in bytes: UnsafeBufferPointer<UInt8>, readingLevels: Bool) -> Words {
        var scanner = Scanner(bytes: bytes, readingLevels: readingLevels, keepsDetail: true)
        scanner.run()
        return scanner.words
    }

    /// The words of a text that quotes may come from: only the hashes, the addresses and the
    /// byte count, since breaks, levels and link targets matter only in a quote.
    static func sourceWords(in bytes: UnsafeBufferPointer<UInt8>) -> Words {
        var scanner = Scanner(bytes: bytes, readingLevels: false, keepsDetail: false)
        scanner.run()
        return scanner.words
    }

    /// The hash of a word's normalized bytes, as ``words(in:readingLevels:)`` computes it.
    static func hash(of word: String) -> UInt64 {
        var h = fnvOffset
        for byte in word.utf8 { h = (h ^ UInt64(lowercased(byte))) &* fnvPrime }
        return h
    }

    /// The hash of a web address, ignoring case, the `http://` or `https://` scheme, a leading
    /// `www.` and a trailing `/`.
    static func addressHash(_ address: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var start = 0
        var end = address.count
        func hasPrefix(_ prefix: StaticString) -> Bool {
            let p = UnsafeBufferPointer(start: prefix.utf8Start, count: prefix.utf8CodeUnitCount)
            guard end - start >= p.count else { return false }
            for k in 0..<p.count where lowercased(address[start + k]) != p[k] { return false }
            return true
        }
        if hasPrefix("https://") { start += 8 } else if hasPrefix("http://") { start += 7 }
        if hasPrefix("www.") { start += 4 }
        while end > start, address[end - 1] == 0x2F { end -= 1 }
        var h = fnvOffset ^ 0x55  // apart from word hashes
        for k in start..<end { h = (h ^ UInt64(lowercased(address[k]))) &* fnvPrime }
        return h
    }

    static let fnvOffset: UInt64 = 0xCBF2_9CE4_8422_2325
    static let fnvPrime: UInt64 = 0x0000_0100_0000_01B3

    /// Per byte: its lowercase form when it is an ASCII letter or digit, else 0. One load per
    /// byte in the scanner's word loop instead of three range tests and a case fold. Filled once
    /// when first used and only read after, so threads may share it.
    nonisolated(unsafe) static let foldedWordBytes: UnsafePointer<UInt8> = {
        let table = UnsafeMutablePointer<UInt8>.allocate(capacity: 256)
        for byte in 0...255 {
            let b = UInt8(byte)
            table[byte] = isASCIIAlphanumeric(b) ? lowercased(b) : 0
        }
        return UnsafePointer(table)
    }()

    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    @inline(__always)
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= 0x30 && byte <= 0x39) || (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }

    /// Whether a non-ASCII scalar separates words rather than belonging to one.
    static func isSeparator(_ scalar: UInt32) -> Bool {
        switch scalar {
        case 0x80...0xBF, 0xD7, 0xF7: true  // C1 controls, Latin-1 punctuation, × ÷
        case 0x2000...0x2BFF: true  // general punctuation, symbols, arrows, math, shapes
        case 0x3000...0x303F: true  // CJK punctuation
        case 0xFE00...0xFE0F, 0xFEFF, 0xFF00...0xFF0F: true  // variation selectors, BOM
        case 0x1F000...0x1FAFF: true  // emoji
        default: false
        }
    }
}

extension QuoteNormalizer {
    /// The single pass over a text's bytes.
    fileprivate struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        let readingLevels: Bool
        /// Whether breaks, levels and link targets are kept per word.
        let keepsDetail: Bool
        var words = Words()
        private var hash = QuoteNormalizer.fnvOffset
        private var inWord = false
        private var pendingBreak = true
        private var pendingElision = false
        private var level: UInt8 = 0
        /// The word counts at the `[` of the links (or brackets) still open.
        private var linkStarts: [Int] = []

        init(bytes: UnsafeBufferPointer<UInt8>, readingLevels: Bool, keepsDetail: Bool) {
            self.bytes = bytes
            self.readingLevels = readingLevels
            self.keepsDetail = keepsDetail
            // About one word in six bytes of English text.
            let expected = bytes.count / 6 + 4
            words.hashes.reserveCapacity(expected)
            guard keepsDetail else { return }
            words.breakBefore.reserveCapacity(expected)
            words.levels.reserveCapacity(expected)
            words.linkTargets.reserveCapacity(expected)
        }

        mutating func run() {
            var i = 0
            let count = bytes.count
            let folding = QuoteNormalizer.foldedWordBytes
            var atLineStart = true
            while i < count {
                if atLineStart {
                    atLineStart = false
                    if readingLevels { i = readLevel(at: i) }
                    continue
                }
                let byte = bytes[i]
                if byte < 0x80 {
                    if byte == 0x20 {  // the usual separator
                        endWord()
                        i += 1
                        continue
                    }
                    if folding[Int(byte)] != 0 {
                        if !inWord, isURLStart(at: i) {
                            i = readURL(from: i)
                            continue
                        }
                        // The common case: a run of ASCII letters and digits, hashed in one go.
                        var h = hash
                        var j = i
                        while j < count {
                            let folded = folding[Int(bytes[j])]
                            if folded == 0 { break }
                            h = (h ^ UInt64(folded)) &* QuoteNormalizer.fnvPrime
                            j += 1
                        }
                        hash = h
                        words.byteCount += j - i
                        inWord = true
                        i = j
                        continue
                    }
                    if byte == 0x26 {  // &, which may stand for a letter inside a word
                        if let next = readEntity(at: i) {
                            i = next
                        } else {
                            endWord()
                            i += 1
                        }
                        continue
                    }
                    endWord()
                    switch byte {
                    case 0x0A:
                        atLineStart = true
                        i += 1
                    case 0x2E:  // .
                        if i + 1 < count, bytes[i + 1] == 0x2E {
                            pendingBreak = true
                            pendingElision = true
                            while i < count, bytes[i] == 0x2E { i += 1 }
                        } else {
                            i += 1
                        }
                    case 0x5B:  // [
                        if linkStarts.count < 8 { linkStarts.append(words.count) }
                        i += 1
                    case 0x5D:  // ]
                        i = readLinkTarget(at: i)
                    case 0x3C:  // <
                        i = skipTag(at: i)
                    default:
                        i += 1
                    }
                    continue
                }
                let (scalar, length) = decodeScalar(at: i)
                if QuoteNormalizer.isSeparator(scalar) {
                    endWord()
                    if scalar == 0x2026 { pendingBreak = true; pendingElision = true }  // …
                } else {
                    for k in i..<min(i + length, count) { feed(bytes[k]) }
                }
                i += length
            }
            endWord()
        }

        @inline(__always)
        private mutating func feed(_ byte: UInt8) {
            hash = (hash ^ UInt64(byte)) &* QuoteNormalizer.fnvPrime
            words.byteCount += 1
            inWord = true
        }

        private mutating func endWord() {
            guard inWord else { return }
            words.hashes.append(hash)
            if keepsDetail {
                words.breakBefore.append(pendingBreak)
                words.levels.append(level)
                words.linkTargets.append(0)
            }
            if pendingElision, words.count > 1 { words.hasElision = true }
            pendingElision = false
            hash = QuoteNormalizer.fnvOffset
            inWord = false
            pendingBreak = false
        }

        /// Reads the `>` markers at a line start; returns the index after them.
        private mutating func readLevel(at start: Int) -> Int {
            var i = start
            var depth: UInt8 = 0
            while i < bytes.count {
                if bytes[i] == 0x3E {
                    depth &+= 1
                } else if depth == 0 || (bytes[i] != 0x20 && bytes[i] != 0x09) {
                    break
                }
                i += 1
            }
            if depth != level {
                level = depth
                pendingBreak = true
            }
            return i
        }

        /// `&name;` or `&#digits;` or `&#xhex;`: feeds an alphanumeric character, else separates;
        /// returns the index after the entity, or `nil` when `&` starts none.
        private mutating func readEntity(at start: Int) -> Int? {
            var end = start + 1
            while end < bytes.count, end - start <= 10,
                  QuoteNormalizer.isASCIIAlphanumeric(bytes[end]) || bytes[end] == 0x23
            {
                end += 1
            }
            guard end < bytes.count, bytes[end] == 0x3B, end > start + 1 else { return nil }
            let name = UnsafeBufferPointer(rebasing: bytes[(start + 1)..<end])
            var scalar: UInt32?
            if name[0] == 0x23 {
                var value: UInt32 = 0
                let hex = name.count > 1 && (name[1] == 0x78 || name[1] == 0x58)
                for b in name.dropFirst(hex ? 2 : 1) {
                    guard let digit = Self.digitValue(b, hex: hex) else { return nil }
                    value = value &* (hex ? 16 : 10) &+ digit
                    if value > 0x10FFFF { return nil }
                }
                scalar = value
            } else {
                scalar = Self.namedEntities.first { $0.name.elementsEqual(name) }?.scalar
            }
            guard let scalar else { return nil }
            if scalar < 0x80, QuoteNormalizer.isASCIIAlphanumeric(UInt8(scalar)) {
                feed(QuoteNormalizer.lowercased(UInt8(scalar)))
            } else if scalar < 0x80 || QuoteNormalizer.isSeparator(scalar) {
                endWord()
                if scalar == 0x2026 { pendingBreak = true; pendingElision = true }
            } else if let unicode = Unicode.Scalar(scalar) {
                for b in String(Character(unicode)).utf8 { feed(b) }
            }
            return end + 1
        }

        private static let namedEntities: [(name: [UInt8], scalar: UInt32)] = [
            ("amp", 0x26), ("lt", 0x3C), ("gt", 0x3E), ("quot", 0x22), ("apos", 0x27),
            ("nbsp", 0xA0), ("hellip", 0x2026), ("mdash", 0x2014), ("ndash", 0x2013),
            ("lsquo", 0x2018), ("rsquo", 0x2019), ("ldquo", 0x201C), ("rdquo", 0x201D),
            ("laquo", 0xAB), ("raquo", 0xBB), ("middot", 0xB7), ("bull", 0x2022), ("copy", 0xA9),
        ].map { (Array($0.0.utf8), $0.1) }

        private static func digitValue(_ b: UInt8, hex: Bool) -> UInt32? {
            switch b {
            case 0x30...0x39: UInt32(b - 0x30)
            case 0x61...0x66 where hex: UInt32(b - 0x61 + 10)
            case 0x41...0x46 where hex: UInt32(b - 0x41 + 10)
            default: nil
            }
        }

        /// After `]`: when `(` follows, reads the link target up to its closing `)` and gives
        /// its address to the words since the matching `[`.
        private mutating func readLinkTarget(at start: Int) -> Int {
            let textStart = linkStarts.popLast()
            var i = start + 1
            guard i < bytes.count, bytes[i] == 0x28 else { return i }
            var depth = 0
            var addressEnd: Int?
            let limit = min(bytes.count, start + 2048)
            while i < limit {
                switch bytes[i] {
                case 0x28: depth += 1
                case 0x29:
                    depth -= 1
                    if depth == 0 {
                        let address = UnsafeBufferPointer(rebasing: bytes[(start + 2)..<(addressEnd ?? i)])
                        let hash = QuoteNormalizer.addressHash(address)
                        words.urls.append(hash)
                        guard keepsDetail else { return i + 1 }
                        for w in (textStart ?? words.count)..<words.count where words.linkTargets[w] == 0 {
                            words.linkTargets[w] = hash
                        }
                        return i + 1
                    }
                case 0x20: if addressEnd == nil { addressEnd = i }  // a title follows
                case 0x0A: return start + 1  // not a link target after all
                default: break
                }
                i += 1
            }
            return start + 1
        }

        /// At `<`: skips an HTML tag or autolink (`<br>`, `</sub>`, `<https://x.org>`) on one line.
        private func skipTag(at start: Int) -> Int {
            var i = start + 1
            guard i < bytes.count else { return i }
            let first = bytes[i]
            guard first == 0x2F || (first | 0x20 >= 0x61 && first | 0x20 <= 0x7A), !isURLStart(at: i) else {
                return i
            }
            let limit = min(bytes.count, start + 512)
            while i < limit {
                if bytes[i] == 0x3E { return i + 1 }
                if bytes[i] == 0x0A || bytes[i] == 0x3C { break }
                i += 1
            }
            return start + 1
        }

        /// Whether `http://` or `https://` starts at `i`.
        private func isURLStart(at i: Int) -> Bool {
            guard bytes[i] | 0x20 == 0x68, i + 7 <= bytes.count,  // h
                  bytes[i + 1] | 0x20 == 0x74, bytes[i + 2] | 0x20 == 0x74, bytes[i + 3] | 0x20 == 0x70  // ttp
            else { return false }
            var j = i + 4
            if j < bytes.count, bytes[j] | 0x20 == 0x73 { j += 1 }
            return j + 3 <= bytes.count && bytes[j] == 0x3A && bytes[j + 1] == 0x2F && bytes[j + 2] == 0x2F
        }

        /// Reads a bare URL as one word whose hash is its address's; returns the index after it.
        /// The URL ends at whitespace or `<`, `>`, `"`, `)`, `]`, and does not take sentence
        /// punctuation at its end.
        private mutating func readURL(from start: Int) -> Int {
            var end = start
            scan: while end < bytes.count {
                switch bytes[end] {
                case 0x20, 0x09, 0x0A, 0x0D, 0x3C, 0x3E, 0x22, 0x29, 0x5D: break scan
                default: end += 1
                }
            }
            var last = end
            while last > start, [0x2E, 0x2C, 0x3B, 0x3A, 0x21, 0x3F, 0x27].contains(bytes[last - 1]) { last -= 1 }
            let hash = QuoteNormalizer.addressHash(UnsafeBufferPointer(rebasing: bytes[start..<last]))
            words.hashes.append(hash)
            if keepsDetail {
                words.breakBefore.append(pendingBreak)
                words.levels.append(level)
                words.linkTargets.append(hash)
            }
            words.urls.append(hash)
            words.byteCount += min(last - start, 12)
            if pendingElision, words.count > 1 { words.hasElision = true }
            pendingElision = false
            pendingBreak = false
            return end
        }

        /// The scalar at `i` and its length in bytes; a malformed sequence reads as one letter byte.
        private func decodeScalar(at i: Int) -> (UInt32, Int) {
            let lead = bytes[i]
            let length: Int
            var value: UInt32
            switch lead {
            case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
            case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
            case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
            default: return (0xFFFD, 1)
            }
            guard i + length <= bytes.count else { return (0xFFFD, 1) }
            for k in 1..<length {
                let b = bytes[i + k]
                guard b & 0xC0 == 0x80 else { return (0xFFFD, 1) }
                value = value << 6 | UInt32(b & 0x3F)
            }
            return (value, length)
        }
    }
}
