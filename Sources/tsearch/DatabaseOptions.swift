import ArgumentParser
import Foundation
import SearchIndex

/// The `--db` option shared by every subcommand.
struct DatabaseOptions: ParsableArguments {
    @Option(name: .long, help: "The index file (default: $TSEARCH_DB, else ./tsearch.db).")
    var db: String?

    var path: String {
        db ?? ProcessInfo.processInfo.environment["TSEARCH_DB"].flatMap { $0.isEmpty ? nil : $0 } ?? "tsearch.db"
    }

    /// Opens the index for commands that write (creating it when `create` is true).
    func open(create: Bool = false) throws -> SearchIndex {
        if !create { try requireFile() }
        return try SearchIndex(path: path)
    }

    /// Opens the index for commands that only read (`search`, `show`, ...): nothing is written
    /// when it opens and closes, unless the index needs migrating to this version's schema.
    func openForReading() throws -> SearchIndex {
        try requireFile()
        return try SearchIndex(path: path, mode: .readOnly)
    }

    private func requireFile() throws {
        if !FileManager.default.fileExists(atPath: path) {
            throw CLIError("no index at \(path): create one with 'tsearch index FILE' or give --db")
        }
    }
}
