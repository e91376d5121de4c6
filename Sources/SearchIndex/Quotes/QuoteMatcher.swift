import GRDB

/// Finds which earlier post a quoted span came from, by its words alone.
///
/// ```swift
/// var matcher = QuoteMatcher()          // one per thread (or import batch): it caches
/// let span = QuoteSplitter.split("> we should ship it\n\nNo.").quotes[0]
/// let parent = QuoteCandidate(postID: 7, relation: .parent, ownText: "We should *ship* it, now.")
/// matcher.bestMatch(for: span, among: [parent])   // parent 7, .verbatim, confidence 0.73
/// ```
///
/// How a candidate is scored:
/// 1. Span and candidate are read as words by ``QuoteNormalizer`` (case, punctuation,
///    whitespace, line wrapping, entities and Markdown markup ignored; elisions noted). The
///    span's attribution lines above deeper quotes (`On ..., Jane wrote:` above `> > ...`) are
///    left out: the quoted post holds them as its quote's attribution, in none of its texts
///    (``QuoteSplitter/removingNestedAttributions(_:)``).
/// 2. A word of the span counts as found when it lies inside a run of three consecutive span
///    words that also stand consecutively in the candidate. Runs never cross an elision or a
///    change of nesting level; a stretch of one or two words between breaks must stand as a
///    whole in the candidate. So a partial quote, a quote with `...` cuts and a lightly edited
///    quote (a changed word costs itself and the runs through it, rarely its neighbours) keep
///    most of their words. The text of a Markdown link counts as found when the candidate shows
///    or links the same address (a forum renders a bare URL as its page's title).
/// 3. The span's own lines are looked for in the candidate's own text, its nested `>` lines in
///    the candidate's quoted text (a quote of a quote: the inner part came from one level
///    further up). A word found only on the other side counts ``repeatedWordWeight``: the
///    candidate merely shows words someone else wrote, which is still where the quoting post
///    may have copied them from when their author is not a candidate.
/// 4. A stretch's first or last word that is not found, next to one that is, counts as found
///    when the stretch has four words or more: the selection began or ended inside a word.
/// 5. ``QuoteMatch/coverage`` is the weighted share of found words. ``QuoteMatch/confidence``
///    is the coverage scaled down for spans of fewer than ``fullConfidenceBytes`` letters and
///    digits, which match by chance more often: by 0.5 for a span of no letters, rising
///    linearly to 1.
///
/// The best candidate has the highest coverage; candidates within ``tieMargin`` of it are
/// equally good, and among those the one the span's attribution names wins, then the nearest
/// relation (``QuoteCandidate/Relation/nearness``), then the latest post.
///
/// **Unresolved, never a guess**: a best match whose coverage is under ``minimumCoverage``
/// (0.7) or whose confidence is under ``minimumConfidence`` (0.6) is no match, and the span
/// stays unresolved. So a span needs 70% of its words found; a span of a single short word
/// (`Yes.`, fewer than 6 letters) never resolves; a span of two or three words resolves only when
/// found whole. On the Delving Bitcoin truth set, precision hardly moves with the confidence
/// threshold (0.997 from 0.3 to 0.8) while recall falls from 0.985 at 0.6 to 0.976 at 0.8;
/// what the thresholds mainly decide is how often a span whose source is absent resolves to
/// another post that shows most of its words (142 of 2,661 with these values, mostly posts
/// that quote the same words, as ``QuoteMatch/Method/requoted``).
///
/// The matcher caches each candidate's words under its ``QuoteCandidate/postID``, so a post is
/// normalized once however many quotes are tested against it. Use one matcher for posts whose
/// texts do not change while it lives (a thread, an import batch), or call ``forget(postID:)``
/// or ``removeAll()``.
struct QuoteMatcher {
    /// The confidence under which a span stays unresolved (see the type's discussion).
    static let minimumConfidence = 0.6
    /// The share of a span's words that must be found, whatever its length.
    static let minimumCoverage = 0.7
    /// The coverage difference under which two candidates count as equally good.
    static let tieMargin = 0.02
    /// What a word found only on the other side (own text against quoted text) counts for.
    static let repeatedWordWeight = 0.8
    /// The number of letters and digits from which a span's confidence is its full coverage.
    static let fullConfidenceBytes = 30

    /// The confidence under which this matcher leaves a span unresolved.
    let threshold: Double
    /// The coverage under which this matcher leaves a span unresolved.
    let coverageThreshold: Double
    private var cache: [Int64: CachedSource] = [:]

    /// - Parameter threshold: the confidence under which a span stays unresolved; lower it
    ///   only to study the matcher (the evaluation prints precision and recall by threshold).
    /// - Parameter coverageThreshold: the share of words under which a span stays unresolved.
    init(threshold: Double = QuoteMatcher.minimumConfidence, coverageThreshold: Double = QuoteMatcher.minimumCoverage) {
        self.threshold = threshold
        self.coverageThreshold = coverageThreshold
    }

    /// The post a span most likely came from, or `nil` when none is likely enough.
    ///
    /// - Parameters:
    ///   - span: the quoted span, its nested lines still marked with `>`.
    ///   - candidates: earlier posts it may come from, in any order.
    /// - Returns: the best match, with a confidence of at least ``minimumConfidence`` and a
    ///   coverage of at least ``minimumCoverage``.
    static func bestMatch(for span: QuotedSpan, among candidates: [QuoteCandidate]) -> QuoteMatch? {
        var matcher = QuoteMatcher()
        return matcher.bestMatch(for: span, among: candidates)
    }

    /// The post a span most likely came from, or `nil` when none is likely enough; caches the
    /// candidates' words for the next calls.
    ///
    /// - Parameters:
    ///   - span: the quoted span, its nested lines still marked with `>`.
    ///   - candidates: earlier posts it may come from, in any order.
    /// - Returns: the best match, with a confidence of at least ``threshold`` and a coverage of
    ///   at least ``coverageThreshold``.
    mutating func bestMatch(for span: QuotedSpan, among candidates: [QuoteCandidate]) -> QuoteMatch? {
        bestMatch(for: PreparedQuote(span), among: candidates)
    }

    /// A span read once for matching against several sets of candidates.
    struct PreparedQuote {
        let span: QuotedSpan
        let words: QuoteNormalizer.Words
        let segments: [Range<Int>]
        let sample: [UInt64]

        init(_ span: QuotedSpan) {
            self.span = span
            words = QuoteNormalizer.words(in: QuoteSplitter.removingNestedAttributions(span.text), readingLevels: true)
            segments = QuoteMatcher.segments(of: words)
            sample = QuoteMatcher.sampleRuns(words, segments: segments)
        }
    }

    /// ``bestMatch(for:among:)`` for a span already read.
    mutating func bestMatch(for prepared: PreparedQuote, among candidates: [QuoteCandidate]) -> QuoteMatch? {
        let span = prepared.span
        let quote = prepared.words
        guard quote.count > 0, !candidates.isEmpty else { return nil }
        let segments = prepared.segments
        let sample = prepared.sample
        var best: (index: Int, score: Score)?
        var scores = [Score]()
        scores.reserveCapacity(candidates.count)
        // The first candidate that holds the whole quote: no other can have more coverage, so
        // only those preferred over it (``isPreferred(_:named:over:named:)``, an ordering) could
        // still be chosen, and the others are not read at all.
        var whole: Int?
        // Whether the span's attribution names each candidate's author, read only for the
        // candidates compared with another.
        var named = [Bool?](repeating: nil, count: span.attributedAuthor == nil ? 0 : candidates.count)
        func isNamed(_ index: Int) -> Bool {
            guard let author = span.attributedAuthor else { return false }
            if let known = named[index] { return known }
            let answer = candidates[index].author.map { Attribution.isSameAuthor($0, as: author) } ?? false
            named[index] = answer
            return answer
        }
        func isPreferred(_ a: Int, over b: Int) -> Bool {
            Self.isPreferred(candidates[a], named: isNamed(a), over: candidates[b], named: isNamed(b))
        }
        for (index, candidate) in candidates.enumerated() {
            if let whole, !isPreferred(index, over: whole) {
                scores.append(Score(coverage: 0, allFoundInPlace: false, allFound: false, forgaveFragment: false))
                continue
            }
            let source = cachedSource(for: candidate)
            // A cheap look at a few runs first: a candidate that holds under a quarter of them
            // cannot reach the minimum coverage, and most posts of a thread are such.
            if !sample.isEmpty {
                let hits = sample.reduce(0) { $0 + (source.own.runs.contains($1) || source.quoted.runs.contains($1) ? 1 : 0) }
                if hits * 4 < sample.count {
                    scores.append(Score(coverage: 0, allFoundInPlace: false, allFound: false, forgaveFragment: false))
                    continue
                }
            }
            let score = Self.score(quote, segments: segments, against: source)
            scores.append(score)
            if score.coverage > (best?.score.coverage ?? 0) { best = (index, score) }
            if whole == nil, score.coverage >= 1 { whole = index }
        }
        guard let best else { return nil }
        let lengthFactor = Self.lengthFactor(bytes: quote.byteCount)
        func isResolved(_ coverage: Double) -> Bool {
            coverage > 0 && coverage >= coverageThreshold && coverage * lengthFactor >= threshold
        }
        guard isResolved(best.score.coverage) else { return nil }
        var chosen = best.index
        for index in candidates.indices where index != best.index {
            if scores[index].coverage >= best.score.coverage - Self.tieMargin, isResolved(scores[index].coverage),
               isPreferred(index, over: chosen)
            {
                chosen = index
            }
        }
        let score = scores[chosen]
        return QuoteMatch(
            candidate: candidates[chosen],
            method: score.method(quoteHasElision: quote.hasElision),
            confidence: min(1, score.coverage * lengthFactor),
            coverage: score.coverage
        )
    }

    /// Forgets every cached candidate.
    mutating func removeAll() {
        cache.removeAll()
        cachedWords = 0
    }

    /// Starts a round of use (the worker's chunk): ``trim(toWords:)`` keeps what the current
    /// round met.
    mutating func startRound() {
        round += 1
    }

    /// When the cached candidates hold more than `limit` words, forgets those that the current
    /// round did not meet: the threads the import has moved past, not those it is in.
    mutating func trim(toWords limit: Int) {
        guard cachedWords > limit else { return }
        cache = cache.filter { $0.value.lastRound == round }
        cachedWords = cache.values.reduce(0) { $0 + $1.wordCount }
    }

    /// Forgets one cached candidate, for instance after its post was edited.
    mutating func forget(postID: Int64) {
        if let gone = cache.removeValue(forKey: postID) { cachedWords -= gone.wordCount }
    }

    // MARK: - Scoring

    /// How well one candidate covers a span.
    struct Score {
        var coverage: Double
        var allFoundInPlace: Bool
        var allFound: Bool
        var forgaveFragment: Bool

        func method(quoteHasElision: Bool) -> QuoteMatch.Method {
            if !allFoundInPlace { return allFound ? .requoted : .fuzzy }
            return quoteHasElision || forgaveFragment ? .elided : .verbatim
        }
    }

    /// Up to ``sampleSize`` three-word runs spread evenly over the span, for the quick look at
    /// each candidate; none for spans with fewer runs than that (they are scored in full).
    static func sampleRuns(_ quote: QuoteNormalizer.Words, segments: [Range<Int>]) -> [UInt64] {
        let h = quote.hashes
        var runs: [UInt64] = []
        for segment in segments where segment.count >= 3 {
            for i in segment.lowerBound...(segment.upperBound - 3) {
                runs.append(SourceText.runHash(h[i], h[i + 1], h[i + 2]))
            }
        }
        guard runs.count >= sampleSize else { return [] }
        return (0..<sampleSize).map { runs[$0 * runs.count / sampleSize] }
    }

    /// The number of runs looked at before a candidate is scored in full.
    static let sampleSize = 8

    /// 0.5 for an empty span, rising to 1 at ``fullConfidenceBytes``.
    static func lengthFactor(bytes: Int) -> Double {
        min(1, 0.5 + Double(bytes) / Double(2 * fullConfidenceBytes))
    }

    /// The half-open word ranges between breaks.
    static func segments(of quote: QuoteNormalizer.Words) -> [Range<Int>] {
        var result = [Range<Int>]()
        var start = 0
        for i in 1..<max(1, quote.count) where quote.breakBefore[i] {
            result.append(start..<i)
            start = i
        }
        if quote.count > 0 { result.append(start..<quote.count) }
        return result
    }

    static func score(
        _ quote: QuoteNormalizer.Words, segments: [Range<Int>], against source: CachedSource
    ) -> Score {
        // Per word: found in its home text (the candidate's own text for the span's own lines,
        // its quoted text for a quote inside the span), and found in the other one. A segment
        // has one level (a change of level is a break), and the other text is read only for a
        // segment that the home text does not hold whole.
        var inHome = [Bool](repeating: false, count: quote.count)
        var inOther = inHome
        for segment in segments {
            let (home, other) = quote.levels[segment.lowerBound] == 0 ? (source.own, source.quoted) : (source.quoted, source.own)
            home.mark(quote, segment: segment, in: &inHome)
            if segment.contains(where: { !inHome[$0] }) { other.mark(quote, segment: segment, in: &inOther) }
        }
        var weights = [Double](repeating: 0, count: quote.count)
        var allInPlace = true
        for i in 0..<quote.count {
            let (home, other) = (inHome[i], inOther[i])
            if home {
                weights[i] = 1
            } else {
                allInPlace = false
                if other { weights[i] = repeatedWordWeight }
            }
        }
        var forgave = false
        for segment in segments where segment.count >= 4 {
            let first = segment.lowerBound
            let last = segment.upperBound - 1
            if weights[first] == 0, weights[first + 1] > 0 {
                weights[first] = weights[first + 1]
                forgave = true
            }
            if weights[last] == 0, weights[last - 1] > 0 {
                weights[last] = weights[last - 1]
                forgave = true
            }
        }
        if forgave {
            allInPlace = !weights.contains { $0 < 1 }
        }
        let total = weights.reduce(0, +)
        return Score(
            coverage: total / Double(quote.count), allFoundInPlace: allInPlace,
            allFound: !weights.contains(0), forgaveFragment: forgave)
    }

    /// Whether `a` beats `b` when both cover the span equally well; `aNamed` and `bNamed` say
    /// whether the span's attribution names their authors.
    static func isPreferred(_ a: QuoteCandidate, named aNamed: Bool, over b: QuoteCandidate, named bNamed: Bool) -> Bool {
        if aNamed != bNamed { return aNamed }
        let (na, nb) = (a.relation.nearness, b.relation.nearness)
        if na != nb { return na < nb }
        return (a.time ?? .min) > (b.time ?? .min)
    }

    // MARK: - Cache

    private mutating func cachedSource(for candidate: QuoteCandidate) -> CachedSource {
        if let cached = cache[candidate.postID], cached.version == candidate.version {
            if cached.lastRound != round { cache[candidate.postID]?.lastRound = round }
            return cached
        }
        var source = if let recent = recentText(of: candidate) {
            CachedSource(own: recent.own, quoted: recent.quoted, version: recent.version)
        } else {
            CachedSource(candidate)
        }
        source.lastRound = round
        if let replaced = cache.updateValue(source, forKey: candidate.postID) { cachedWords -= replaced.wordCount }
        cachedWords += source.wordCount
        return source
    }

    /// The text of a post as an import just wrote it, with the version it was written with.
    struct RecentText: Sendable {
        let version: Int64
        let own: String
        let quoted: String
    }

    /// The texts of the posts of the last two batches ``addRecentTexts(_:)`` was given.
    private var recentTexts: [[Int64: RecentText]] = []

    /// Keeps the texts of a batch of posts just written, and of the batch before, for the
    /// candidates among them that are not cached yet: they are read from memory instead of
    /// being decompressed from the index.
    mutating func addRecentTexts(_ texts: [Int64: RecentText]) {
        recentTexts = Array(recentTexts.suffix(1)) + [texts]
    }

    private func recentText(of candidate: QuoteCandidate) -> RecentText? {
        for texts in recentTexts.reversed() {
            if let text = texts[candidate.postID], text.version == candidate.version { return text }
        }
        return nil
    }

    /// How many words the cached candidates hold (about 30 bytes of memory each).
    private(set) var cachedWords = 0
    /// The current round of use (``startRound()``).
    private var round = 0

    /// A candidate's own and quoted text, normalized once.
    struct CachedSource: Sendable {
        var own: SourceText
        var quoted: SourceText
        /// The candidate's ``QuoteCandidate/version`` the texts were read from.
        var version: Int64
        /// The last round of use that met the candidate.
        var lastRound = 0
        var wordCount: Int { own.words.count + quoted.words.count }

        init(own: String, quoted: String, version: Int64 = 0) {
            self.own = SourceText(Self.words(own))
            self.quoted = SourceText(Self.words(quoted))
            self.version = version
        }

        private static func words(_ text: String) -> QuoteNormalizer.Words {
            var text = text
            return text.withUTF8(QuoteNormalizer.sourceWords(in:))
        }

        /// Normalizes the candidate's text from its stored bytes (compressed text is read
        /// without making a `String` of it). Text that does not decompress has no words.
        init(_ candidate: QuoteCandidate) {
            own = SourceText(Self.words(candidate.storedOwnText))
            quoted = SourceText(Self.words(candidate.storedQuotedText))
            version = candidate.version
        }

        private static func words(_ stored: DatabaseValue) -> QuoteNormalizer.Words {
            (try? StoredText.withUTF8(stored, QuoteNormalizer.sourceWords(in:))) ?? QuoteNormalizer.Words()
        }
    }

    /// One text of a candidate: its words and the set of its three-word runs.
    struct SourceText: Sendable {
        var words: [UInt64]
        var runs: QuoteRunSet
        /// The addresses the text links to or shows.
        var urls: Set<UInt64>

        init(_ words: QuoteNormalizer.Words) {
            self.words = words.hashes
            urls = Set(words.urls)
            runs = QuoteRunSet(runsOf: words.hashes, runHash: Self.runHash)
        }

        @inline(__always)
        static func runHash(_ a: UInt64, _ b: UInt64, _ c: UInt64) -> UInt64 {
            let x = a &* 0x9E37_79B9_7F4A_7C15
            let y = b &* 0xBF58_476D_1CE4_E5B9
            let z = c &* 0x94D0_49BB_1331_11EB
            return x ^ (y << 21 | y >> 43) ^ (z << 42 | z >> 22)
        }

        /// Marks the words of one segment of the quote that are found here (see step 2 of
        /// ``QuoteMatcher``).
        func mark(_ quote: QuoteNormalizer.Words, segment: Range<Int>, in found: inout [Bool]) {
            guard !words.isEmpty else { return }
            let h = quote.hashes
            if segment.count >= 3 {
                h.withUnsafeBufferPointer { h in
                    found.withUnsafeMutableBufferPointer { found in
                        for i in segment.lowerBound...(segment.upperBound - 3)
                        where runs.contains(Self.runHash(h[i], h[i + 1], h[i + 2])) {
                            found[i] = true
                            found[i + 1] = true
                            found[i + 2] = true
                        }
                    }
                }
            } else if contains(h[segment]) {
                for i in segment { found[i] = true }
            }
            if !urls.isEmpty {
                for i in segment where !found[i] && quote.linkTargets[i] != 0 {
                    found[i] = urls.contains(quote.linkTargets[i])
                }
            }
        }

        /// Whether `run` (one or two words) stands consecutively in the text.
        private func contains(_ run: ArraySlice<UInt64>) -> Bool {
            guard let first = run.first, run.count <= words.count else { return false }
            let rest = run.dropFirst()
            for i in 0...(words.count - run.count) where words[i] == first {
                if words[(i + 1)..<(i + run.count)].elementsEqual(rest) { return true }
            }
            return false
        }
    }
}
