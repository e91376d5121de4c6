import GRDB
import Testing

@testable import SearchIndex

/// One tolerance of the matcher: a source post whose quoted part is marked `⟦…⟧`, the body of
/// the post that quotes it, and how the match should be found.
struct MarkedQuoteCase: Sendable, CustomTestStringConvertible {
    var name: String
    /// The source post's body, with `>` quoting of its own; the quoted part marked `⟦…⟧`.
    var markedSource: String
    /// The quoting post's body; its first span is the quote under test.
    var quotingBody: String
    var method: QuoteMatch.Method

    var testDescription: String { name }

    /// The source without marks.
    var source: String { markedSource.replacingOccurrences(of: "⟦", with: "").replacingOccurrences(of: "⟧", with: "") }

    /// The source without the marked part: the quote must not match it.
    var sourceWithoutMarkedPart: String {
        guard let open = markedSource.range(of: "⟦"), let close = markedSource.range(of: "⟧") else { return source }
        return String(markedSource[..<open.lowerBound]) + String(markedSource[close.upperBound...])
    }

    var span: QuotedSpan { QuoteSplitter.split(quotingBody).quotes[0] }
}

/// A candidate made from a post body the way the resolver makes it: split into own and quoted text.
func candidate(
    _ id: Int64, _ relation: QuoteCandidate.Relation, body: String, time: Int64? = nil
) -> QuoteCandidate {
    let split = QuoteSplitter.split(body)
    return QuoteCandidate(
        postID: id, relation: relation, ownText: split.ownText,
        quotedText: split.quotes.map(\.text).joined(separator: "\n"), time: time)
}

let unrelatedPost = """
    Package relay is still the missing piece for lightning channels. Without it, a commitment \
    transaction below the minimum feerate never reaches a miner, whatever the child pays.
    """

@Suite struct QuoteMatcherTests {
    static let tolerances: [MarkedQuoteCase] = [
        MarkedQuoteCase(
            name: "re-wrapped lines",
            markedSource: """
                Intro line here.

                ⟦The attacker needs low-feerate ancestors, which will be dropped from a fraction of the network's mempools.⟧ That is the point.
                """,
            quotingBody: """
                > The attacker needs low-feerate
                > ancestors, which will be dropped
                > from a fraction of the network's mempools.

                Agreed.
                """,
            method: .verbatim),
        MarkedQuoteCase(
            name: "collapsed whitespace",
            markedSource: "Well. ⟦Validity is  necessarily\tmeaningful only at   transaction level,\n\n  not per input.⟧ Next.",
            quotingBody: "> Validity is necessarily meaningful only at transaction level, not per input.\n\nWhy?",
            method: .verbatim),
        MarkedQuoteCase(
            name: "changed punctuation and case",
            markedSource: "⟦Don't you think it's \"wrong\" -- really, in this case?⟧ I do.",
            quotingBody: "> DON’T you think it’s “wrong” — really; in this case\n\nNo.",
            method: .verbatim),
        MarkedQuoteCase(
            name: "HTML entities",
            markedSource: "⟦Fees & feerates aren't the same thing at all, \"obviously\".⟧ Moving on.",
            quotingBody: "> Fees &amp; feerates aren&#39;t the same thing at all, &quot;obviously&#x22;.\n\nSure.",
            method: .verbatim),
        MarkedQuoteCase(
            name: "elision with ...",
            markedSource: """
                ⟦The first sentence is about fees. The second one is about pinning attacks in general. \
                And the third sentence is about mempool policy changes.⟧
                """,
            quotingBody: "> The first sentence is about fees ... the third sentence is about mempool policy changes.\n\nOK.",
            method: .elided),
        MarkedQuoteCase(
            name: "elision with [...]",
            markedSource: """
                ⟦The first sentence is about fees. The second one is about pinning attacks in general. \
                And the third sentence is about mempool policy changes.⟧
                """,
            quotingBody: "> The first sentence is about fees. [...] And the third sentence is about mempool policy\n\nOK.",
            method: .elided),
        MarkedQuoteCase(
            name: "elision with …",
            markedSource: """
                ⟦The first sentence is about fees. The second one is about pinning attacks in general. \
                And the third sentence is about mempool policy changes.⟧
                """,
            quotingBody: "> The first sentence is about fees…And the third sentence is about mempool policy changes\n\nOK.",
            method: .elided),
        MarkedQuoteCase(
            name: "part of a sentence",
            markedSource: "Honestly, ⟦that doesn't seem very bad, considering the variability⟧ of going feerates.",
            quotingBody: "> that doesn't seem very bad, considering the variability\n\nIt is bad.",
            method: .verbatim),
        MarkedQuoteCase(
            name: "selection starting mid-word",
            markedSource: "I agree. Inst⟦ead, the spender provides the usual SPV proof of inclusion⟧ in its block.",
            quotingBody: "> ead, the spender provides the usual SPV proof of inclusion\n\nWhich proof?",
            method: .elided),
        MarkedQuoteCase(
            name: "selection ending mid-word",
            markedSource: "⟦So the blockchain itself acts as a commit⟧ment of outputs.",
            quotingBody: "> So the blockchain itself acts as a commit\n\nHow?",
            method: .elided),
        MarkedQuoteCase(
            name: "Markdown shown rendered",
            markedSource: """
                ⟦I agree, that's why I'm **not** proposing a `utxo_set` commitment; see \
                [the BIP](https://github.com/bitcoin/bips/blob/master/bip-0065.mediawiki) and _the thread_.⟧
                """,
            quotingBody: "> I agree, that’s why I’m not proposing a utxo_set commitment; see the BIP and the thread.\n\nGood.",
            method: .verbatim),
        MarkedQuoteCase(
            name: "quote of a quote: the inner part comes from one level further up",
            markedSource: """
                > agree to coordinate automatic mild price cuts via their national central bank

                ⟦Do you think this type of agreement won't arise from the free market?⟧
                """,
            quotingBody: """
                > > agree to coordinate automatic mild price cuts via their national central bank
                >
                > Do you think this type of agreement won't arise from the free market?

                No.
                """,
            method: .verbatim),
        MarkedQuoteCase(
            name: "quote of a reply with its attribution lines",
            markedSource: """
                On Tue, 2 Jul 2019, Kim Lee wrote:
                > Package relay needs a new P2P message before anything else.

                ⟦I doubt it: the existing transaction relay can carry a package as it is.⟧
                """,
            quotingBody: """
                On Wed, 3 Jul 2019, Jane Doe <jd@example.org> wrote:
                > On Tue, 2 Jul 2019,
                > Kim Lee wrote:
                > > Package relay needs a new P2P message before anything else.
                >
                > I doubt it: the existing transaction relay can carry a package as it is.

                Let's measure it.
                """,
            method: .verbatim),
        MarkedQuoteCase(
            name: "edited quote: a few words changed",
            markedSource: """
                Thanks! ⟦I'll focus on the non-assumevalid version with my reply for now, since I still \
                haven't fully processed the assumevalid one yet.⟧
                """,
            quotingBody: """
                > I’ll focus on the first version with my reply for now, since I still haven’t fully \
                processed the second one yet.

                Reworded.
                """,
            method: .fuzzy),
        MarkedQuoteCase(
            name: "link shown by its page title",
            markedSource: "⟦In case you missed it, please consider: https://rusty.ozlabs.org/2023/12/30/arithmetic-opcodes.html⟧",
            quotingBody: """
                > In case you missed it, please consider: [Arithmetic Opcodes: What Could They Look Like? | \
                Rusty Russell’s Quiet Corner of The Internet ](https://rusty.ozlabs.org/2023/12/30/arithmetic-opcodes.html)

                Read it.
                """,
            method: .verbatim),
    ]

    @Test(arguments: tolerances)
    func toleratedQuoteFindsItsSource(_ c: MarkedQuoteCase) throws {
        let source = candidate(1, .parent, body: c.source, time: 10)
        let other = candidate(2, .thread, body: unrelatedPost, time: 20)
        let match = try #require(
            QuoteMatcher.bestMatch(for: c.span, among: [other, source]), "no match for \(c.quotingBody.debugDescription)")
        #expect(match.candidate.postID == 1, "wrong source for \(c.quotingBody.debugDescription)")
        #expect(match.method == c.method, "method for \(c.quotingBody.debugDescription)")
        #expect(match.confidence >= QuoteMatcher.minimumConfidence && match.confidence <= 1)
        #expect((match.coverage == 1) == (c.method != .fuzzy), "coverage \(match.coverage)")
    }

    @Test(arguments: tolerances)
    func quoteDoesNotMatchTheSourceWithoutItsMarkedPart(_ c: MarkedQuoteCase) {
        let rest = candidate(1, .parent, body: c.sourceWithoutMarkedPart, time: 10)
        let match = QuoteMatcher.bestMatch(for: c.span, among: [rest])
        #expect(match == nil, "matched \(c.sourceWithoutMarkedPart.debugDescription) at \(match?.coverage ?? 0)")
    }

    // MARK: - Which of several sources

    static let sharedText = "Cluster mempool makes every replacement decision incentive compatible by construction."

    @Test func nearerAncestorWinsOverFartherOne() throws {
        let span = QuotedSpan(text: Self.sharedText)
        let grandparent = candidate(1, .ancestor(distance: 2), body: Self.sharedText, time: 30)
        let parent = candidate(2, .parent, body: "As I said: " + Self.sharedText, time: 10)
        let match = try #require(QuoteMatcher.bestMatch(for: span, among: [grandparent, parent]))
        #expect(match.candidate.postID == 2)
    }

    @Test func ancestorWinsOverOtherPostOfTheThread() throws {
        let span = QuotedSpan(text: Self.sharedText)
        let threadPost = candidate(1, .thread, body: Self.sharedText, time: 50)
        let ancestor = candidate(2, .ancestor(distance: 4), body: Self.sharedText, time: 10)
        let match = try #require(QuoteMatcher.bestMatch(for: span, among: [threadPost, ancestor]))
        #expect(match.candidate.postID == 2)
    }

    @Test func laterPostWinsBetweenEquallyNearOnes() throws {
        let span = QuotedSpan(text: Self.sharedText)
        let earlier = candidate(1, .thread, body: Self.sharedText, time: 10)
        let later = candidate(2, .thread, body: Self.sharedText + " Really.", time: 20)
        #expect(QuoteMatcher.bestMatch(for: span, among: [earlier, later])?.candidate.postID == 2)
        #expect(QuoteMatcher.bestMatch(for: span, among: [later, earlier])?.candidate.postID == 2)
    }

    @Test func postThatWroteTheWordsWinsOverNearerPostThatRequotesThem() throws {
        let span = QuotedSpan(text: Self.sharedText)
        let author = candidate(1, .thread, body: Self.sharedText, time: 10)
        let requoter = candidate(2, .parent, body: "> \(Self.sharedText)\n\nI doubt it.", time: 20)
        let match = try #require(QuoteMatcher.bestMatch(for: span, among: [requoter, author]))
        #expect(match.candidate.postID == 1)
    }

    @Test func postThatRequotesTheWordsMatchesWhenTheirAuthorIsAbsent() throws {
        let span = QuotedSpan(text: Self.sharedText)
        let requoter = candidate(2, .parent, body: "> \(Self.sharedText)\n\nI doubt it.", time: 20)
        let match = try #require(QuoteMatcher.bestMatch(for: span, among: [requoter]))
        #expect(match.candidate.postID == 2)
        #expect(match.method == .requoted)
        #expect(abs(match.coverage - QuoteMatcher.repeatedWordWeight) < 1e-9)
    }

    @Test func attributedAuthorWinsATie() throws {
        let span = QuotedSpan(text: Self.sharedText, attributedAuthor: "Jane Doe")
        var jane = candidate(1, .thread, body: Self.sharedText, time: 10)
        jane.author = "jane doe"
        let parent = candidate(2, .parent, body: Self.sharedText, time: 20)
        #expect(QuoteMatcher.bestMatch(for: span, among: [parent, jane])?.candidate.postID == 1)
    }

    @Test func aWholeMatchEndsTheReadingOfCandidatesItIsPreferredTo() throws {
        let span = QuotedSpan(text: Self.sharedText)
        let parent = candidate(1, .parent, body: Self.sharedText, time: 30)
        let older = candidate(2, .thread, body: Self.sharedText + "\n\n" + unrelatedPost, time: 10)
        var matcher = QuoteMatcher()
        #expect(matcher.bestMatch(for: span, among: [parent, older])?.candidate.postID == 1)
        var parentOnly = QuoteMatcher()
        _ = parentOnly.bestMatch(for: span, among: [parent])
        #expect(matcher.cachedWords == parentOnly.cachedWords, "the thread post was not read")
        // The order of the list does not change the answer: read first, the thread post loses.
        var reversed = QuoteMatcher()
        #expect(reversed.bestMatch(for: span, among: [older, parent])?.candidate.postID == 1)
        #expect(reversed.cachedWords > parentOnly.cachedWords)
    }

    // MARK: - Unresolved, never a guess

    @Test(arguments: [
        ("> Package relay is still missing for channels, and that is the whole problem.", "few words in common"),
        ("> Yes.", "too short to tell"),
        (">", "no words"),
    ])
    func spanStaysUnresolved(_ body: String, _ why: String) {
        let span = QuoteSplitter.split(body).quotes[0]
        let parent = candidate(1, .parent, body: "Yes. " + unrelatedPost, time: 10)
        let match = QuoteMatcher.bestMatch(for: span, among: [parent])
        #expect(match == nil, "\(why): \(body.debugDescription) matched at \(match?.confidence ?? 0)")
    }

    @Test func noCandidatesNoMatch() {
        #expect(QuoteMatcher.bestMatch(for: QuotedSpan(text: Self.sharedText), among: []) == nil)
    }

    // MARK: - Documentation and cache

    @Test func typeDocumentationExample() throws {
        var matcher = QuoteMatcher()
        let span = QuoteSplitter.split("> we should ship it\n\nNo.").quotes[0]
        let parent = QuoteCandidate(postID: 7, relation: .parent, ownText: "We should *ship* it, now.")
        let found = matcher.bestMatch(for: span, among: [parent])
        let match = try #require(found)
        #expect(match.candidate.postID == 7)
        #expect(match.method == .verbatim)
        #expect(abs(match.confidence - 0.73) < 0.005, "confidence \(match.confidence)")
    }

    @Test func matcherReusesCachedWordsByPostID() {
        var matcher = QuoteMatcher()
        let span = QuotedSpan(text: Self.sharedText)
        let post = candidate(1, .parent, body: Self.sharedText)
        #expect(matcher.bestMatch(for: span, among: [post]) != nil)
        // Same key, other text: the cached words stand until the matcher forgets them.
        var edited = post
        edited.storedOwnText = unrelatedPost.databaseValue
        #expect(matcher.bestMatch(for: span, among: [edited]) != nil)
        matcher.forget(postID: 1)
        #expect(matcher.bestMatch(for: span, among: [edited]) == nil)
    }

    @Test func trimmingKeepsTheCandidatesOfTheCurrentRound() {
        var matcher = QuoteMatcher()
        let span = QuotedSpan(text: Self.sharedText)
        matcher.startRound()
        _ = matcher.bestMatch(for: span, among: [candidate(1, .parent, body: Self.sharedText)])
        matcher.startRound()
        _ = matcher.bestMatch(for: span, among: [candidate(2, .parent, body: Self.sharedText)])
        let bothRounds = matcher.cachedWords
        matcher.trim(toWords: bothRounds)
        #expect(matcher.cachedWords == bothRounds, "under the limit nothing goes")
        matcher.trim(toWords: 0)
        #expect(matcher.cachedWords == bothRounds / 2, "the first round's candidate goes")
        // Post 2 is still cached: its words stand although the text offered now differs.
        var edited = candidate(2, .parent, body: unrelatedPost)
        #expect(matcher.bestMatch(for: span, among: [edited]) != nil)
        edited.postID = 1
        #expect(matcher.bestMatch(for: span, among: [edited]) == nil)
    }

    @Test func recentTextsStandInForTheStoredTextOfTheSameVersion() {
        var matcher = QuoteMatcher()
        let span = QuotedSpan(text: Self.sharedText)
        // The stored text does not hold the quote; the text just written (same version) does.
        var stored = candidate(1, .parent, body: unrelatedPost)
        stored.version = 5
        matcher.addRecentTexts([1: .init(version: 5, own: Self.sharedText, quoted: "")])
        #expect(matcher.bestMatch(for: span, among: [stored])?.candidate.postID == 1)
        // Another version is read from what is stored.
        stored.postID = 2
        matcher.addRecentTexts([2: .init(version: 4, own: Self.sharedText, quoted: "")])
        #expect(matcher.bestMatch(for: span, among: [stored]) == nil)
        // The batch before the last is still kept, the one before that is not.
        stored.postID = 3
        stored.version = 1
        matcher.addRecentTexts([3: .init(version: 1, own: Self.sharedText, quoted: "")])
        matcher.addRecentTexts([:])
        #expect(matcher.bestMatch(for: span, among: [stored]) != nil)
        stored.postID = 4
        matcher.addRecentTexts([4: .init(version: 1, own: Self.sharedText, quoted: "")])
        matcher.addRecentTexts([:])
        matcher.addRecentTexts([:])
        #expect(matcher.bestMatch(for: span, among: [stored]) == nil)
    }
}
