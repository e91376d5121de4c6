/// Turns the HTML of a web post (Hacker News `text`, Discourse `cooked`) into readable plain text
/// with `>` quoting, ready for ``QuoteSplitter``.
///
/// ```
/// <p>&gt; No one knows why.<p>We do.   →   > No one knows why.
///                                          (blank line)
///                                          We do.
/// ```
///
/// Leniency and rules:
/// - `<p>`, `<div>`, headings and lists break paragraphs (a blank line); `<br>` breaks a line;
///   `<li>` starts a `- ` line. Other tags (`<i>`, `<b>`, `<code>`, `<span>`, unknown ones) are
///   dropped and their text kept.
/// - Outside `<pre>`, runs of white space collapse into one space and lines are trimmed; inside
///   `<pre>` the text is kept verbatim, line breaks included.
/// - `<a href="U">T</a>` becomes `T (U)` when `U` is an absolute URL different from `T`, and `U`
///   alone when `T` is `U` cut short (HN writes `https://example.com/lo...`); relative links
///   (Discourse mentions, anchors) keep only `T`.
/// - `<blockquote>` content becomes `> ` lines (nested blockquotes `> > `), its paragraphs joined
///   by a `>` line so that one blockquote stays one quoted span.
/// - Entities: the common named ones, `&#39;` and `&#x27;` forms; an unknown or unterminated
///   entity stays as written; a code point that is not a scalar value becomes U+FFFD.
/// - `<script>`, `<style>`, `<template>`, comments, `<!DOCTYPE>` and `<img>` are dropped.
/// - Broken HTML never traps: a `<` that does not start a tag is text, an unclosed tag at the end
///   of the input is dropped, stray closing tags are ignored.
///
/// The whole pass works on UTF-8 bytes.
public enum HTMLText {
    /// The plain text of `html`.
    public static func toPlainText(_ html: String) -> String {
        var html = html
        return html.withUTF8 { bytes in
            var converter = HTMLTextConverter(bytes)
            return converter.run()
        }
    }

    /// Decodes the entities in `raw` (no tags are interpreted).
    static func decodingEntities(_ raw: String) -> String {
        var raw = raw
        return raw.withUTF8 { bytes in
            guard bytes.contains(0x26) else { return String(decoding: bytes, as: UTF8.self) }
            var out = [UInt8]()
            out.reserveCapacity(bytes.count)
            var i = 0
            while i < bytes.count {
                if bytes[i] == 0x26, let (decoded, length) = HTMLEntities.decode(bytes, at: i) {
                    out.append(contentsOf: decoded)
                    i += length
                } else {
                    out.append(bytes[i])
                    i += 1
                }
            }
            return String(decoding: out, as: UTF8.self)
        }
    }
}

/// The state of one ``HTMLText/toPlainText(_:)`` pass.
private struct HTMLTextConverter {
    private let input: UnsafeBufferPointer<UInt8>
    private var out: [UInt8] = []
    private var quoteDepth = 0
    private var preDepth = 0
    /// Whether a space is owed before the next word (collapsed white space).
    private var pendingSpace = false
    /// Line breaks owed before the next text: 1 for a line break, 2 for a paragraph break.
    private var pendingBreaks = 0
    private var atLineStart = true
    /// The quote depth of the last line started.
    private var lastLineDepth = 0
    /// Open links: the href and where the link text starts in `out`.
    private var links: [(href: [UInt8], start: Int)] = []

    init(_ input: UnsafeBufferPointer<UInt8>) {
        self.input = input
        out.reserveCapacity(input.count)
    }

    mutating func run() -> String {
        var i = 0
        let n = input.count
        while i < n {
            let b = input[i]
            if b == 0x3C, let next = tag(at: i) {
                i = next
            } else if b == 0x26, let (decoded, length) = HTMLEntities.decode(input, at: i) {
                text(decoded)
                i += length
            } else {
                var end = i + 1
                while end < n, input[end] != 0x3C, input[end] != 0x26 { end += 1 }
                text(UnsafeBufferPointer(rebasing: input[i..<end]))
                i = end
            }
        }
        while let last = out.last, last == 0x20 || last == 0x0A { out.removeLast() }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Text

    private mutating func text<C: Collection<UInt8>>(_ bytes: C) {
        if preDepth > 0 {
            for b in bytes {
                if b == 0x0A {
                    if pendingBreaks > 0 || atLineStart { startLine() }
                    pendingBreaks = 1
                } else if b != 0x0D {
                    writeByte(b)
                }
            }
            return
        }
        for b in bytes {
            if b == 0x20 || b == 0x0A || b == 0x09 || b == 0x0D || b == 0x0C {
                pendingSpace = true
            } else {
                writeByte(b)
            }
        }
    }

    /// Writes one visible byte, first settling owed breaks, quote markers and spaces.
    private mutating func writeByte(_ b: UInt8) {
        if pendingBreaks > 0 || atLineStart {
            startLine()
            pendingSpace = false
        } else if pendingSpace {
            if let last = out.last, last != 0x20 { out.append(0x20) }
            pendingSpace = false
        }
        out.append(b)
    }

    /// Emits owed line breaks, then the quote markers of the new line.
    ///
    /// A paragraph break between two quoted lines is a line of `>` markers (as many as both
    /// lines share), so that one blockquote stays one quoted span; elsewhere it is a blank line.
    private mutating func startLine() {
        if !out.isEmpty, pendingBreaks > 0 {
            while out.last == 0x20 { out.removeLast() }
            out.append(0x0A)
            if pendingBreaks >= 2 {
                for _ in 0..<min(lastLineDepth, quoteDepth) { out.append(0x3E) }
                out.append(0x0A)
            }
        }
        pendingBreaks = 0
        for _ in 0..<quoteDepth { out.append(contentsOf: [0x3E, 0x20]) }
        lastLineDepth = quoteDepth
        atLineStart = false
    }

    private mutating func lineBreak(_ count: Int) {
        pendingSpace = false
        if out.isEmpty { return }
        pendingBreaks = max(pendingBreaks, count)
    }

    // MARK: Tags

    /// Handles the tag, comment or declaration at `start` and returns the index after it, or
    /// `nil` when the `<` is plain text.
    private mutating func tag(at start: Int) -> Int? {
        let n = input.count
        var i = start + 1
        guard i < n else { return nil }
        if input[i] == 0x21 {
            // Comment or declaration.
            if matches("<!--", at: start) {
                return find("-->", from: start + 4).map { $0 + 3 } ?? n
            }
            return (firstIndex(of: 0x3E, from: i) ?? n - 1) + 1
        }
        var closing = false
        if input[i] == 0x2F {
            closing = true
            i += 1
        }
        guard i < n, isLetter(input[i]) else { return nil }
        let nameStart = i
        while i < n, isLetter(input[i]) || isDigit(input[i]) { i += 1 }
        let name = lowercased(nameStart..<i)
        let attributesStart = i
        guard let end = tagEnd(from: i) else { return n }
        let attributes = attributesStart..<end
        let after = end + 1
        if closing {
            closeTag(name)
        } else {
            if let rawEnd = openTag(name, attributes: attributes, after: after) { return rawEnd }
        }
        return after
    }

    /// The index of the `>` that ends a tag, quoted attribute values skipped.
    private func tagEnd(from start: Int) -> Int? {
        var i = start
        var quote: UInt8 = 0
        while i < input.count {
            let b = input[i]
            if quote != 0 {
                if b == quote { quote = 0 }
            } else if b == 0x22 || b == 0x27 {
                quote = b
            } else if b == 0x3E {
                return i
            }
            i += 1
        }
        return nil
    }

    /// Opens a tag; returns where to continue when the tag's content is skipped whole.
    private mutating func openTag(_ name: [UInt8], attributes: Range<Int>, after: Int) -> Int? {
        switch name {
        case Tag.p, Tag.div, Tag.ul, Tag.ol, Tag.table, Tag.h1, Tag.h2, Tag.h3, Tag.h4, Tag.h5, Tag.h6,
             Tag.hr, Tag.aside, Tag.details, Tag.figure:
            lineBreak(2)
        case Tag.br:
            // Two line breaks in a row make a paragraph break.
            lineBreak(pendingBreaks >= 1 ? 2 : 1)
        case Tag.li, Tag.tr, Tag.summary:
            lineBreak(1)
            if name == Tag.li {
                writeByte(0x2D)
                pendingSpace = true
            }
        case Tag.td, Tag.th:
            pendingSpace = true
        case Tag.pre:
            lineBreak(2)
            preDepth += 1
        case Tag.blockquote:
            lineBreak(2)
            quoteDepth += 1
        case Tag.a:
            let href = attribute(Tag.href, in: attributes) ?? []
            links.append((href, out.count))
        case Tag.script, Tag.style, Tag.template:
            var closer: [UInt8] = [0x3C, 0x2F]
            closer.append(contentsOf: name)
            return findCaseInsensitive(closer, from: after).map { position in
                (firstIndex(of: 0x3E, from: position) ?? input.count - 1) + 1
            } ?? input.count
        default:
            break
        }
        return nil
    }

    private mutating func closeTag(_ name: [UInt8]) {
        switch name {
        case Tag.p, Tag.div, Tag.ul, Tag.ol, Tag.table, Tag.h1, Tag.h2, Tag.h3, Tag.h4, Tag.h5, Tag.h6,
             Tag.aside, Tag.details, Tag.figure:
            lineBreak(2)
        case Tag.li, Tag.tr, Tag.summary:
            lineBreak(1)
        case Tag.pre:
            if preDepth > 0 { preDepth -= 1 }
            lineBreak(2)
        case Tag.blockquote:
            lineBreak(2)
            if quoteDepth > 0 { quoteDepth -= 1 }
        case Tag.a:
            guard let link = links.popLast() else { return }
            closeLink(link)
        default:
            break
        }
    }

    private mutating func closeLink(_ link: (href: [UInt8], start: Int)) {
        let href = decodedEntities(link.href)
        guard isAbsoluteURL(href), link.start <= out.count else { return }
        var start = link.start
        while start < out.count, out[start] == 0x20 || out[start] == 0x0A { start += 1 }
        let shown = Array(out[start...])
        if shown == href { return }
        // HN shortens long link texts: "https://example.com/lo..." stands for the whole URL.
        if shown.count > 3, shown.suffix(3).elementsEqual([0x2E, 0x2E, 0x2E]),
           href.starts(with: shown.dropLast(3))
        {
            out.removeSubrange(start...)
            text(href)
            return
        }
        if shown.isEmpty || shown.allSatisfy({ $0 == 0x20 || $0 == 0x0A }) {
            text(href)
            return
        }
        text([0x20, 0x28])
        text(href)
        text([0x29])
    }

    // MARK: Attributes and bytes

    /// The value of attribute `name` in the tag's attribute bytes, entities not yet decoded.
    private func attribute(_ name: [UInt8], in range: Range<Int>) -> [UInt8]? {
        var i = range.lowerBound
        let end = range.upperBound
        while i < end {
            while i < end, !isLetter(input[i]) { i += 1 }
            let nameStart = i
            while i < end, input[i] != 0x3D, input[i] != 0x20, input[i] != 0x2F, input[i] != 0x3E,
                  input[i] != 0x09, input[i] != 0x0A
            {
                i += 1
            }
            let found = lowercased(nameStart..<i) == name
            while i < end, input[i] == 0x20 || input[i] == 0x09 || input[i] == 0x0A { i += 1 }
            guard i < end, input[i] == 0x3D else {
                if i == nameStart { i += 1 }
                continue
            }
            i += 1
            while i < end, input[i] == 0x20 || input[i] == 0x09 { i += 1 }
            var valueStart = i
            var valueEnd = i
            if i < end, input[i] == 0x22 || input[i] == 0x27 {
                let quote = input[i]
                valueStart = i + 1
                valueEnd = valueStart
                while valueEnd < end, input[valueEnd] != quote { valueEnd += 1 }
                i = min(valueEnd + 1, end)
            } else {
                while valueEnd < end, input[valueEnd] != 0x20, input[valueEnd] != 0x3E { valueEnd += 1 }
                i = valueEnd
            }
            if found { return Array(input[valueStart..<valueEnd]) }
        }
        return nil
    }

    private func decodedEntities(_ bytes: [UInt8]) -> [UInt8] {
        guard bytes.contains(0x26) else { return bytes }
        return Array(HTMLText.decodingEntities(String(decoding: bytes, as: UTF8.self)).utf8)
    }

    private func isAbsoluteURL(_ href: [UInt8]) -> Bool {
        href.starts(with: Array("http://".utf8)) || href.starts(with: Array("https://".utf8))
            || href.starts(with: Array("ftp://".utf8)) || href.starts(with: Array("mailto:".utf8))
    }

    private func lowercased(_ range: Range<Int>) -> [UInt8] {
        input[range].map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : $0 }
    }

    private func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7A }
    private func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    private func matches(_ literal: String, at start: Int) -> Bool {
        let bytes = Array(literal.utf8)
        guard start + bytes.count <= input.count else { return false }
        return input[start..<(start + bytes.count)].elementsEqual(bytes)
    }

    private func firstIndex(of byte: UInt8, from start: Int) -> Int? {
        var i = start
        while i < input.count {
            if input[i] == byte { return i }
            i += 1
        }
        return nil
    }

    private func find(_ literal: String, from start: Int) -> Int? {
        findCaseInsensitive(Array(literal.utf8), from: start)
    }

    private func findCaseInsensitive(_ needle: [UInt8], from start: Int) -> Int? {
        guard !needle.isEmpty, input.count >= needle.count else { return nil }
        var i = start
        while i + needle.count <= input.count {
            var k = 0
            while k < needle.count, lowerByte(input[i + k]) == lowerByte(needle[k]) { k += 1 }
            if k == needle.count { return i }
            i += 1
        }
        return nil
    }

    private func lowerByte(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
}

/// Lower-case tag and attribute names as bytes.
private enum Tag {
    static let p = bytes("p"), div = bytes("div"), ul = bytes("ul"), ol = bytes("ol")
    static let table = bytes("table"), tr = bytes("tr"), td = bytes("td"), th = bytes("th")
    static let h1 = bytes("h1"), h2 = bytes("h2"), h3 = bytes("h3"), h4 = bytes("h4")
    static let h5 = bytes("h5"), h6 = bytes("h6"), hr = bytes("hr"), br = bytes("br")
    static let li = bytes("li"), pre = bytes("pre"), blockquote = bytes("blockquote")
    static let a = bytes("a"), href = bytes("href"), aside = bytes("aside")
    static let details = bytes("details"), summary = bytes("summary"), figure = bytes("figure")
    static let script = bytes("script"), style = bytes("style"), template = bytes("template")

    private static func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }
}
