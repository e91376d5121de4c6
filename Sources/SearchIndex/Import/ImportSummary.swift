/// What one import did, for the summary line and for scripts.
public struct ImportSummary: Sendable, Equatable {
    /// The input's name as shown in messages.
    public var file: String
    /// The format that read it (`jsonl`, `mbox`, ...).
    public var format: String
    public var added = 0
    public var updated = 0
    /// Posts already in the index with the same content.
    public var unchanged = 0
    /// Posts removed because the source now says they were deleted.
    public var removed = 0
    /// Skipped items by reason (`malformed JSON`, `missing body`, `older revision`, ...).
    public var skipped: [String: Int] = [:]
    /// Quoted spans written with the added and updated posts.
    public var quotes = 0
    /// Quotes linked to the post their markup names during this import.
    public var explicitQuoteLinks = 0
    /// Quotes linked to their source by their text during this import, and those left unresolved.
    public var quotesResolved = 0
    public var quotesUnresolved = 0
    /// Threads the index holds now that it did not before.
    public var newThreads = 0
    /// Bytes of post text read (own and quoted text).
    public var textBytes = 0
    public var seconds = 0.0
    /// Whether the import stopped before the end of the input (interrupted).
    public var stoppedEarly = false

    public init(file: String, format: String) {
        self.file = file
        self.format = format
    }

    public var skippedTotal: Int { skipped.values.reduce(0, +) }
    public var postsRead: Int { added + updated + unchanged + (skipped["older revision"] ?? 0) }
}
