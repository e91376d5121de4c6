/// The `<aside class="quote">` blocks of a Discourse post's rendered HTML.
extension DiscourseQuoteSplitter {
    static func cookedSegments(_ cooked: String) -> [Segment] {
        let html = Array(cooked.utf8)
        var segments: [Segment] = []
        var cursor = 0
        var search = 0
        func appendText(_ range: Range<Int>) {
            guard !range.isEmpty else { return }
            segments.append(.text(HTMLText.toPlainText(String(decoding: html[range], as: UTF8.self))))
        }
        while let open = HTMLScan.nextTag("aside", in: html, from: search) {
            search = open.upperBound
            guard !open.isClosing, HTMLScan.attribute("class", in: html, tag: open.range)
                .map({ $0.split(separator: 0x20).contains { $0.elementsEqual("quote".utf8) } }) == true
            else { continue }
            guard let close = HTMLScan.matchingClose("aside", in: html, after: open.upperBound) else { break }
            appendText(cursor..<open.lowerBound)
            let inner = quoteText(html, open.upperBound..<close.lowerBound)
            if !inner.isEmpty {
                func value(_ name: String) -> String? {
                    HTMLScan.attribute(name, in: html, tag: open.range)
                        .map { HTMLText.decodingEntities(String(decoding: $0, as: UTF8.self)) }
                        .flatMap { $0.isEmpty ? nil : $0 }
                }
                segments.append(.quote(
                    text: inner, author: value("data-username"), post: value("data-post"),
                    topic: value("data-topic")))
            }
            cursor = close.upperBound
            search = cursor
        }
        appendText(cursor..<html.count)
        return segments
    }

    /// The text of a quote aside's content: its `<blockquote>` (or all of it when there is none),
    /// with the title lines of nested quotes removed.
    private static func quoteText(_ html: [UInt8], _ range: Range<Int>) -> String {
        var content = range
        if let open = HTMLScan.nextTag("blockquote", in: html, from: range.lowerBound),
           open.upperBound <= range.upperBound, !open.isClosing,
           let close = HTMLScan.matchingClose("blockquote", in: html, after: open.upperBound),
           close.upperBound <= range.upperBound
        {
            content = open.upperBound..<close.lowerBound
        }
        var kept: [UInt8] = []
        var cursor = content.lowerBound
        var search = cursor
        while let div = HTMLScan.nextTag("div", in: html, from: search), div.upperBound <= content.upperBound {
            search = div.upperBound
            guard !div.isClosing, HTMLScan.attribute("class", in: html, tag: div.range)
                .map({ $0.elementsEqual("title".utf8) }) == true,
                let close = HTMLScan.matchingClose("div", in: html, after: div.upperBound),
                close.upperBound <= content.upperBound
            else { continue }
            kept.append(contentsOf: html[cursor..<div.lowerBound])
            cursor = close.upperBound
            search = cursor
        }
        kept.append(contentsOf: html[cursor..<content.upperBound])
        return HTMLText.toPlainText(String(decoding: kept, as: UTF8.self))
    }
}
