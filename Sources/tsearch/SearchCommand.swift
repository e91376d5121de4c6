import ArgumentParser
import SearchIndex

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case jsonl
}

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search posts, best matches first.",
        discussion: """
            Query syntax:
              word word      posts with every word (words are stemmed: 'quoting' finds 'quoted')
              "a phrase"     the words next to each other, in this order
              a OR b         posts with either (OR in capitals)
              -word          posts without the word (also NOT word)
              pre*           words starting with 'pre'
              (a OR b) c     grouping

            A post that only quotes the words still matches, but ranks below the post that wrote \
            them; its snippet is labelled 'quoted:'.

            Examples:
              tsearch search folio memdesc
              tsearch search '"maintainer burnout"' -rust
              tsearch search 'rust OR zig' kernel --format json
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Hits per page.")
    var limit = 20

    @Option(help: "Hits to skip (for the next pages).")
    var offset = 0

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Argument(parsing: .allUnrecognized, help: "The query; several arguments are joined with spaces.")
    var query: [String] = []

    func validate() throws {
        if query.isEmpty { throw ValidationError("give a query, for example: tsearch search quote graph") }
        if limit < 1 || limit > 10_000 { throw ValidationError("--limit must be between 1 and 10000") }
        if offset < 0 { throw ValidationError("--offset must not be negative") }
    }

    func run() throws {
        try Terminal.run {
            let index = try database.open()
            let options = SearchOptions(limit: limit, offset: offset)
            let results = try index.search(query.joined(separator: " "), options: options)
            switch format {
            case .text: Terminal.write(HitTextRenderer(style: Terminal.outputStyle).render(results, offset: offset))
            case .json: Terminal.write(JSONRenderer.results(results, options: options) + "\n")
            case .jsonl: Terminal.write(JSONRenderer.hitLines(results))
            }
        }
    }
}
