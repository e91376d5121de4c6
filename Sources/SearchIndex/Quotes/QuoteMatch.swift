/// The source ``QuoteMatcher`` found for a quoted span, with how it was found and how sure
/// the matcher is.
struct QuoteMatch: Sendable, Equatable {
    /// How the span's words were found in the candidate.
    enum Method: String, Sendable, Equatable, CaseIterable {
        /// Every word of the span stands in the candidate in runs, once both are normalized
        /// (case, punctuation, whitespace, entities and Markdown ignored).
        case verbatim
        /// Every word was found, but the span skips text (`...`, `[...]`, `…`) or starts or
        /// ends in the middle of a word.
        case elided
        /// Every word was found, but some only on the other side of the candidate: the span's
        /// own lines in the candidate's quoted text (the quoting post copied them from the
        /// candidate's quote of someone else), or its nested lines in the candidate's own text.
        case requoted
        /// Some words were not found: the quote was edited, or the source changed since.
        case fuzzy
    }

    var candidate: QuoteCandidate
    var method: Method
    /// How sure the match is, from 0 to 1; never below ``QuoteMatcher/minimumConfidence``.
    var confidence: Double
    /// The share of the span's words found in the candidate, from 0 to 1, before the length
    /// of the span is taken into account.
    var coverage: Double
}
