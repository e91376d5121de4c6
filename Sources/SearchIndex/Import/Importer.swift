import Foundation
import GRDB

/// Runs one reader into the index: the reader parses on a thread of its own while this one
/// writes batches, each batch in one transaction (posts, FTS5 rows, quotes; the last batch in
/// parts of ``lastBatchPart`` when quotes are resolved), then links what the new posts name.
struct Importer {
    /// Posts per write transaction.
    static let batchSize = 1000
    /// Posts per write transaction in the last batch of an import that resolves quotes.
    static let lastBatchPart = 250
    /// The writing connection's page cache during an import, in KiB (SQLite's default is
    /// 2,000). Each post goes into the post table's six indexes, most of them in no useful
    /// order, and into FTS5's segments: with the default cache, a large index reads the same
    /// pages back from the operating system over and over.
    static let cacheKiB = 64 * 1024

    let writer: any DatabaseWriter
    let file: String
    let format: String
    /// Whether to resolve quotes by their text after the import (else they stay pending, and
    /// the next import resolves them).
    var resolveQuotes = true

    /// Called on the importing thread for each skipped item, as it is met.
    var onIssue: (ImportIssue) -> Void = { _ in }
    /// Called after each write transaction (each batch, or each part of a last batch written in
    /// parts) with the number of posts written or skipped so far.
    var onProgress: (Int) -> Void = { _ in }
    /// Polled after each write transaction; when it returns `true` the import stops there, and
    /// what was read but not yet written is not written.
    var shouldStop: () -> Bool = { false }

    func run(_ reader: any PostReader) throws -> ImportSummary {
        let started = Date()
        let cacheBefore = try writer.writeWithoutTransaction { db in
            let before = try Int.fetchOne(db, sql: "PRAGMA cache_size") ?? -2000
            try db.execute(sql: "PRAGMA cache_size = \(-Self.cacheKiB)")
            return before
        }
        defer { try? writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA cache_size = \(cacheBefore)") } }
        let threadsBefore = try writer.read { db in try Int.fetchOne(db, sql: "SELECT count(*) FROM thread") ?? 0 }
        var summary = ImportSummary(file: file, format: format)
        let channel = BatchChannel<Result<ReadBatch, ImportFailure>>(capacity: 4)
        let box = ReaderBox(reader)
        let producer = Thread {
            box.drain(into: channel, batchSize: Self.batchSize)
        }
        producer.stackSize = 8 << 20
        producer.start()
        defer { channel.cancel() }

        var postWriter = PostWriter()
        // Quotes are resolved on the other core while batches are written.
        let quoteResolver = resolveQuotes ? ImportQuoteResolver(reader: writer) : nil
        defer { quoteResolver?.cancel() }
        /// Writes `batch` in one transaction, then hands its posts to the quote worker (`isLast`:
        /// they belong to the import's last batch).
        func write(_ batch: ArraySlice<ReadItem>, packed: ArraySlice<PostWriter.PackedText?>, isLast: Bool) throws {
            do {
                let written = try writer.write { db in
                    try quoteResolver?.store(db)
                    var written: [ImportQuoteResolver.Written] = []
                    // For the quotes left unresolved before: the lowest id and time written.
                    var firstID: Int64?
                    var earliest: Int64?
                    for (item, text) in zip(batch, packed) {
                        switch item {
                        case let .post(post):
                            let outcome = try postWriter.write(post, packed: text, in: db)
                            switch outcome {
                            case .added, .updated:
                                if outcome == .added { summary.added += 1 } else { summary.updated += 1 }
                                summary.quotes += post.quotes.count
                                if let last = postWriter.lastWritten {
                                    if let time = post.time {
                                        earliest = min(earliest ?? time, time)
                                        firstID = min(firstID ?? last.id, last.id)
                                    }
                                    if quoteResolver != nil {
                                        written.append(.init(post: post, id: last.id, digest: last.digest, threadID: last.threadID,
                                                             quotedText: text?.quotedText ?? post.quotedText))
                                    }
                                }
                            case .unchanged: summary.unchanged += 1
                            case .olderRevision: summary.skipped["older revision", default: 0] += 1
                            case .deleted: summary.skipped["deleted", default: 0] += 1
                            }
                            summary.textBytes += post.quotes.reduce(post.ownText.utf8.count) { $0 + $1.text.utf8.count }
                        case .skipped:
                            break
                        case let .deleted(source, id, revision, _):
                            if try postWriter.delete(source: source, id: id, revision: revision, in: db) {
                                summary.removed += 1
                            }
                        }
                    }
                    if let firstID, let earliest { try QuoteResolver.noteWritten(firstID: firstID, earliest: earliest, db) }
                    return written
                }
                quoteResolver?.submit(ImportQuoteResolver.prepare(written), isLast: isLast)
            } catch {
                postWriter.reset()
                throw error
            }
            for item in batch {
                switch item {
                case let .skipped(issue), let .deleted(_, _, _, issue):
                    summary.skipped[issue.reason, default: 0] += 1
                    onIssue(issue)
                case .post:
                    break
                }
            }
        }
        var readFailure: ImportFailure?
        reading: while let next = channel.receive() {
            let read: ReadBatch
            switch next {
            case let .success(batch):
                read = batch
            case let .failure(failure):
                readFailure = failure
                continue
            }
            // The quote worker starts on a batch once it commits, and what it has not resolved
            // when the last batch commits is waited for: the last batch is written in smaller
            // transactions, so that the worker has less of it left at the end.
            let parts = quoteResolver != nil && read.isLast
                ? stride(from: 0, to: read.count, by: Self.lastBatchPart).map { $0..<min(read.count, $0 + Self.lastBatchPart) }
                : [0..<read.count]
            for part in parts {
                try write(read.items[part], packed: read.packed[part], isLast: read.isLast)
                onProgress(summary.postsRead + summary.skippedTotal)
                if shouldStop() {
                    summary.stoppedEarly = true
                    break reading
                }
            }
        }
        // Threads are linked, and the quotes resolved so far checked, while the quote worker
        // finishes; then its last results are stored and checked, and what it could not settle
        // is resolved.
        quoteResolver?.close()
        var report = try writer.write { db in
            var report = try Linker.linkThreads(db)
            if let quoteResolver {
                try quoteResolver.store(db)
                try Linker.checkQuotes(db, into: &report)
            }
            return report
        }
        quoteResolver?.finish()
        let threadsAfter = try writer.write { db in
            if let quoteResolver {
                try quoteResolver.store(db)
                // Spans counted as not resolved that a second look linked.
                report.quotesResolved += quoteResolver.lateLinks
                report.quotesUnresolved -= quoteResolver.lateLinks
            }
            try Linker.linkQuotes(db, resolveQuotes: resolveQuotes, into: &report)
            return try Int.fetchOne(db, sql: "SELECT count(*) FROM thread") ?? 0
        }
        summary.newThreads = threadsAfter - threadsBefore
        summary.explicitQuoteLinks = report.explicitQuotesLinked
        summary.quotesResolved = report.quotesResolved
        summary.quotesUnresolved = report.quotesUnresolved
        summary.seconds = Date().timeIntervalSince(started)
        if let readFailure { throw readFailure.error }
        return summary
    }
}

/// An error from the reader thread, carried to the importing thread.
struct ImportFailure: Error, @unchecked Sendable {
    let error: any Error
}

/// Posts as the reader thread hands them over, with their text already compressed for storage
/// (`packed[i]` for `items[i]` when it is a post), which takes that work off the writing thread.
struct ReadBatch: Sendable {
    var items: [ReadItem] = []
    var packed: [PostWriter.PackedText?] = []
    /// Whether the reader had nothing after it.
    var isLast = false

    var count: Int { items.count }
    var isEmpty: Bool { items.isEmpty }

    mutating func append(_ item: ReadItem, using compressor: TextCompressor) {
        items.append(item)
        if case let .post(post) = item {
            packed.append(PostWriter.PackedText(post, using: compressor))
        } else {
            packed.append(nil)
        }
    }
}

/// Hands a reader to the producer thread. The reader is used by that thread alone once the box
/// is made, which is why the box may cross threads although the reader is not `Sendable`.
private final class ReaderBox: @unchecked Sendable {
    private var reader: any PostReader

    init(_ reader: any PostReader) {
        self.reader = reader
    }

    func drain(into channel: BatchChannel<Result<ReadBatch, ImportFailure>>, batchSize: Int) {
        let compressor = TextCompressor()
        var batch = ReadBatch()
        // A full batch waits for the next item, so that the last one is known to be the last.
        var full: ReadBatch?
        do {
            while let item = try reader.next() {
                if let waiting = full {
                    guard channel.send(.success(waiting)) else { return }
                    full = nil
                }
                batch.append(item, using: compressor)
                if batch.count >= batchSize {
                    full = batch
                    batch = ReadBatch()
                }
            }
            var last = full ?? batch
            last.isLast = true
            if !last.isEmpty { _ = channel.send(.success(last)) }
        } catch {
            if let waiting = full { _ = channel.send(.success(waiting)) }
            if !batch.isEmpty { _ = channel.send(.success(batch)) }
            _ = channel.send(.failure(ImportFailure(error: error)))
        }
        channel.close()
    }
}
