/// Finds tags in HTML bytes, for the few places that need structure rather than text.
enum HTMLScan {
    struct Tag {
        var range: Range<Int>
        var isClosing: Bool
        var lowerBound: Int { range.lowerBound }
        var upperBound: Int { range.upperBound }
    }

    /// The next opening or closing tag named `name` (any case) at or after `start`.
    static func nextTag(_ name: String, in html: [UInt8], from start: Int) -> Tag? {
        let name = Array(name.utf8)
        var i = start
        while i < html.count {
            guard html[i] == 0x3C else {
                i += 1
                continue
            }
            var j = i + 1
            let closing = j < html.count && html[j] == 0x2F
            if closing { j += 1 }
            if j + name.count <= html.count,
               zip(html[j..<(j + name.count)], name).allSatisfy({ lower($0) == $1 }),
               j + name.count < html.count,
               [0x20, 0x3E, 0x2F, 0x09, 0x0A, 0x0D].contains(html[j + name.count])
            {
                var end = j + name.count
                var quote: UInt8 = 0
                while end < html.count {
                    let b = html[end]
                    if quote != 0 {
                        if b == quote { quote = 0 }
                    } else if b == 0x22 || b == 0x27 {
                        quote = b
                    } else if b == 0x3E {
                        break
                    }
                    end += 1
                }
                guard end < html.count else { return nil }
                return Tag(range: i..<(end + 1), isClosing: closing)
            }
            i += 1
        }
        return nil
    }

    /// The closing tag that matches an opening tag of `name` ending at `start`, nesting counted.
    static func matchingClose(_ name: String, in html: [UInt8], after start: Int) -> Tag? {
        var depth = 1
        var search = start
        while let tag = nextTag(name, in: html, from: search) {
            search = tag.upperBound
            depth += tag.isClosing ? -1 : 1
            if depth == 0 { return tag }
        }
        return nil
    }

    /// The raw value of attribute `name` in the tag at `range`.
    static func attribute(_ name: String, in html: [UInt8], tag range: Range<Int>) -> [UInt8]? {
        let needle = Array(name.utf8)
        var i = range.lowerBound + 1
        while i < range.upperBound {
            // An attribute name starts after white space.
            guard [0x20, 0x09, 0x0A, 0x0D].contains(html[i - 1]),
                  i + needle.count < range.upperBound,
                  zip(html[i..<(i + needle.count)], needle).allSatisfy({ lower($0) == $1 }),
                  html[i + needle.count] == 0x3D
            else {
                i += 1
                continue
            }
            var j = i + needle.count + 1
            guard j < range.upperBound else { return nil }
            if html[j] == 0x22 || html[j] == 0x27 {
                let quote = html[j]
                j += 1
                let valueStart = j
                while j < range.upperBound, html[j] != quote { j += 1 }
                return Array(html[valueStart..<j])
            }
            let valueStart = j
            while j < range.upperBound, html[j] != 0x20, html[j] != 0x3E { j += 1 }
            return Array(html[valueStart..<j])
        }
        return nil
    }

    private static func lower(_ b: UInt8) -> UInt8 { b >= 0x41 && b <= 0x5A ? b + 0x20 : b }
}
