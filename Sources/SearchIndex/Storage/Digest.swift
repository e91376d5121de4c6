/// A stable 64-bit FNV-1a hash of a post's imported content.
///
/// Swift's `Hasher` is seeded per process, so it cannot tell whether a re-imported post changed;
/// this one is the same in every run.
struct Digest {
    private(set) var value: UInt64 = 0xcbf2_9ce4_8422_2325

    mutating func add(_ bytes: UnsafeBufferPointer<UInt8>) {
        var h = value
        for b in bytes {
            h ^= UInt64(b)
            h &*= 0x0000_0100_0000_01B3
        }
        value = h
    }

    mutating func add(byte: UInt8) {
        value ^= UInt64(byte)
        value &*= 0x0000_0100_0000_01B3
    }

    mutating func add(_ string: String?) {
        if var string {
            add(byte: 1)
            string.withUTF8 { add($0) }
        } else {
            add(byte: 0)
        }
        add(byte: 0xFF)
    }

    mutating func add(_ number: Int64?) {
        add(number.map(String.init))
    }

    static func of(_ post: Post) -> Int64 {
        var d = Digest()
        d.add(post.thread)
        d.add(post.parent)
        d.add(post.ancestors.joined(separator: "\u{1F}"))
        d.add(post.aliases.joined(separator: "\u{1F}"))
        d.add(post.author)
        d.add(post.time)
        d.add(post.title)
        d.add(post.threadTitle)
        d.add(post.url)
        d.add(post.score)
        d.add(post.ownText)
        d.add(post.revision)
        for quote in post.quotes {
            d.add(quote.text)
            d.add(Int64(quote.depth))
            d.add(Int64(quote.position))
            d.add(quote.attribution)
            d.add(quote.attributedAuthor)
            d.add(quote.explicitSource)
        }
        return Int64(bitPattern: d.value)
    }
}
