import ArgumentParser
import SearchIndex

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case text
    case json
    case jsonl
}

extension SearchSort: ExpressibleByArgument {}

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
              NEAR(a b, 5)   the words within 5 words of each other (10 without a number)

            Field filters (no space after ':'):
              author:jane    author contains 'jane', any case (also from:jane, @jane)
              title:word     the word in the title (also s:word, title:"a phrase")
              q:word         the word in quoted text only; nq:word in the post's own text only
              thread:ID      posts of one thread; source:NAME posts of one source
              after:2024     from 2024 on; before:2024-03 before March 2024; after:7d (2w, 3m, 1y)
              date:2023..2024-06   from 2023 to the end of June 2024; either end may be empty
              is:root        posts without a parent
              quotes:POST    posts quoting POST (source:id or id)
            Filters alone are a query: 'author:jane after:2024' lists her posts, newest first.
            A word with another name before ':' stays a word: std::vector.

            A post that only quotes the words gives way to the post it quotes when that post \
            matches too ('quoted by N'); otherwise it ranks below the writers, labelled 'quoted:'. \
            When posts with every word do not fill the page, posts with most of them follow, \
            marked 'partial' (--all-words turns this off).

            Examples:
              tsearch search folio memdesc
              tsearch search '"maintainer burnout"' -rust
              tsearch search 'rust OR zig' kernel --format json
              tsearch search --threads open weight models export
              tsearch search author:torvalds after:2024 --sort newest
            """
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Hits (or threads) per page.")
    var limit = 20

    @Option(help: "Hits (or threads) to skip (for the next pages).")
    var offset = 0

    @Option(help: "Result order; every order ranks the same results.")
    var sort: SearchSort = .relevance

    @Option(help: "Output format.")
    var format: OutputFormat = .text

    @Flag(help: "Rank threads by their matching posts, with the best entry post of each.")
    var threads = false

    @Flag(help: "Show every score as a tree of its parts.")
    var explain = false

    @Option(name: .customLong("time-limit"), help: "Seconds after which a search is stopped (0 for no limit).")
    var timeLimit: Double = 10

    @Option(name: .customLong("count-limit"), help: "Matching posts counted for the total before it is shown as a lower bound, 1000+ (0 counts them all).")
    var countLimit = 1000

    @Flag(help: "Only posts with every word: no partial matches.")
    var allWords = false

    @Argument(parsing: .allUnrecognized, help: "The query; several arguments are joined with spaces.")
    var query: [String] = []

    /// The query's words: `--` ends the options (a query may start with `-word`), and the
    /// parser hands it over too.
    private var words: [String] { query.filter { $0 != "--" } }

    func validate() throws {
        if words.isEmpty { throw ValidationError("give a query, for example: tsearch search quote graph") }
        if limit < 1 || limit > 10_000 { throw ValidationError("--limit must be between 1 and 10000") }
        if offset < 0 { throw ValidationError("--offset must not be negative") }
        if timeLimit < 0 { throw ValidationError("--time-limit must not be negative") }
        if countLimit < 0 { throw ValidationError("--count-limit must not be negative") }
    }

    func run() throws {
        try Terminal.run {
            let index = try database.openForReading()
            let options = SearchOptions(limit: limit, offset: offset, sort: sort, allWords: allWords, explain: explain,
                                        timeLimit: timeLimit > 0 ? timeLimit : nil, countLimit: countLimit > 0 ? countLimit : nil)
            let text = words.joined(separator: " ")
            if threads {
                let results = try index.searchThreads(text, options: options)
                switch format {
                case .text: Terminal.write(ThreadTextRenderer(style: Terminal.outputStyle).render(results, offset: offset))
                case .json: Terminal.write(JSONRenderer.threads(results, options: options) + "\n")
                case .jsonl: Terminal.write(JSONRenderer.threadLines(results))
                }
                return
            }
            let results = try index.search(text, options: options)
            switch format {
            case .text: Terminal.write(HitTextRenderer(style: Terminal.outputStyle).render(results, offset: offset))
            case .json: Terminal.write(JSONRenderer.results(results, options: options) + "\n")
            case .jsonl: Terminal.write(JSONRenderer.hitLines(results))
            }
        }
    }
}
