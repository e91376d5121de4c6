/// Writes threads of posts as tsearch JSONL, one thread after the other.
struct Generator {
    let parameters: Parameters
    let vocabulary: Vocabulary
    private var random: SeededRandom
    private var output: Output
    private let authorCount: Int
    private let authorCumulative: [Double]

    init(parameters: Parameters, output: Output) {
        self.parameters = parameters
        vocabulary = Vocabulary(size: parameters.vocabularySize, exponent: parameters.zipfExponent,
                                shift: parameters.zipfShift)
        random = SeededRandom(seed: parameters.seed)
        self.output = output
        authorCount = max(50, parameters.posts / parameters.postsPerAuthor)
        var sum = 0.0
        var cumulative: [Double] = []
        cumulative.reserveCapacity(authorCount)
        for rank in 1...authorCount {
            sum += 1 / Double(rank)
            cumulative.append(sum)
        }
        authorCumulative = cumulative.map { $0 / sum }
    }

    mutating func run() {
        var written = 0
        while written < parameters.posts {
            let wanted = Int(random.logNormal(mu: parameters.threadSizeMu, sigma: parameters.threadSizeSigma).rounded())
            let size = min(parameters.posts - written, min(parameters.maxThreadSize, max(1, wanted)))
            thread(firstID: written + 1, size: size)
            written += size
        }
        output.flush()
    }

    /// One thread: post ids `firstID ..< firstID + size`, the first the root.
    private mutating func thread(firstID: Int, size: Int) {
        var bodies: [[UInt8]] = []
        var authors: [[UInt8]] = []
        bodies.reserveCapacity(size)
        var time = 1_300_000_000 + Double(random.below(400_000_000))
        for i in 0..<size {
            var parent: Int?
            var quoted: Int?
            if i > 0 {
                time += random.exponential(mean: parameters.replyGapMean)
                if random.chance(parameters.replyHasParent) {
                    parent = random.chance(parameters.parentIsPrevious) ? i - 1 : random.below(i)
                    if random.chance(parameters.quoteWhenParent) { quoted = parent }
                } else if random.chance(parameters.quoteWithoutParent) {
                    quoted = random.below(i)
                }
            }
            let author = authorName()
            var body: [UInt8] = []
            let own = ownText()
            if let quoted {
                body = quoting(bodies[quoted], author: authors[quoted], time: Int(time), own: own)
            } else {
                body = own.joined(separator: [0x0A, 0x0A]).map { $0 }
            }
            output.post(id: firstID + i, thread: firstID, parent: parent.map { firstID + $0 },
                        author: author, time: Int(time), title: i == 0 ? title() : nil, body: body)
            bodies.append(body)
            authors.append(author)
        }
    }

    private mutating func authorName() -> [UInt8] {
        let u = random.unit()
        var low = 0, high = authorCount - 1
        while low < high {
            let mid = (low + high) / 2
            if authorCumulative[mid] < u { low = mid + 1 } else { high = mid }
        }
        let first = Vocabulary.word(rank: 1_000 + low * 7 % 5_000)
        let last = Vocabulary.word(rank: 6_000 + low)
        return Array((first.capitalized + " " + last.capitalized).utf8)
    }

    private mutating func title() -> [UInt8] {
        var title: [UInt8] = []
        for n in 0..<(4 + random.below(6)) {
            if n > 0 { title.append(0x20) }
            title += vocabulary.bytes[vocabulary.sample(&random) - 1]
        }
        if let first = title.first, first >= 0x61, first <= 0x7A { title[0] = first - 32 }
        return title
    }

    /// The post's own text as paragraphs (each already wrapped for mail style).
    private mutating func ownText() -> [[UInt8]] {
        let target = min(Double(parameters.maxOwnBytes),
                         max(20, random.logNormal(mu: parameters.ownBytesMu, sigma: parameters.ownBytesSigma)))
        let wrap = random.chance(parameters.mailStyle) ? 72 : Int.max
        var paragraphs: [[UInt8]] = []
        var total = 0
        while Double(total) < target {
            var paragraph: [UInt8] = []
            var column = 0
            for _ in 0..<(1 + random.below(5)) where Double(total + paragraph.count) < target {
                var startOfSentence = true
                for n in 0..<(6 + random.below(16)) {
                    var word = vocabulary.bytes[vocabulary.sample(&random) - 1]
                    if startOfSentence, let first = word.first, first >= 0x61, first <= 0x7A { word[0] = first - 32 }
                    startOfSentence = false
                    if n > 0 || !paragraph.isEmpty {
                        if column + 1 + word.count > wrap {
                            paragraph.append(0x0A)
                            column = 0
                        } else {
                            paragraph.append(0x20)
                            column += 1
                        }
                    }
                    paragraph += word
                    column += word.count
                }
                paragraph.append(0x2E) // "."
                column += 1
            }
            total += paragraph.count + 2
            paragraphs.append(paragraph)
        }
        return paragraphs
    }

    /// A reply body: optional attribution, then quote blocks taken from `source` interleaved
    /// with the own paragraphs. Quoted lines that were quotes already nest one level deeper.
    private mutating func quoting(_ source: [UInt8], author: [UInt8], time: Int, own: [[UInt8]]) -> [UInt8] {
        let lines = source.split(separator: 0x0A, omittingEmptySubsequences: false)
        let blocks = random.geometric(mean: parameters.quoteBlocksMean)
        var body: [UInt8] = []
        if random.chance(parameters.attribution) {
            body += Array("On \(time), ".utf8) + author + Array(" wrote:\n".utf8)
        }
        var start = 0
        for block in 0..<blocks {
            guard start < lines.count else { break }
            let wanted = Int(random.logNormal(mu: parameters.quoteBytesMu, sigma: parameters.quoteBytesSigma))
            start += random.below(max(1, min(4, lines.count - start)))
            var taken = 0
            while start < lines.count, taken < wanted {
                let line = lines[start]
                body += line.isEmpty ? [0x3E] : (line.first == 0x3E ? [0x3E] : [0x3E, 0x20]) + line
                body.append(0x0A)
                taken += line.count + 2
                start += 1
            }
            if block < own.count {
                body.append(0x0A)
                body += own[block]
                body += [0x0A, 0x0A]
            }
        }
        for paragraph in own.dropFirst(blocks) {
            body += paragraph
            body += [0x0A, 0x0A]
        }
        while body.last == 0x0A { body.removeLast() }
        return body
    }
}
