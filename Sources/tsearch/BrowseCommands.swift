import ArgumentParser
import SearchIndex

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a post: its text, each quote with the post it came from, and who quotes it."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format.")
    var format: StatsCommand.Format = .text

    @Argument(help: "The post, as SOURCE:ID (search results show it) or its id alone.")
    var post: String

    func run() throws {
        try Terminal.run {
            let view = try database.openForReading().post(post)
            switch format {
            case .text: Terminal.write(BrowseRenderer(style: Terminal.outputStyle).render(view))
            case .json: Terminal.write(BrowseRenderer.json(view) + "\n")
            }
        }
    }
}

struct ThreadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "thread",
        abstract: "Show a thread as a tree: author, date and first line of each post, quote links marked ↩."
    )

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format.")
    var format: StatsCommand.Format = .text

    @Argument(help: "The thread as SOURCE:ID or id, or any post of it.")
    var thread: String

    func run() throws {
        try Terminal.run {
            let view = try database.openForReading().thread(thread)
            switch format {
            case .text: Terminal.write(BrowseRenderer(style: Terminal.outputStyle).render(view))
            case .json: Terminal.write(BrowseRenderer.json(view) + "\n")
            }
        }
    }
}

struct QuotesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quotes",
        abstract: "Print the quote graph, one link a line, for other tools.",
        discussion: """
            Each line: {"post","post_source","ordinal","source","method","match","confidence","depth",\
            "attribution","text"}, ids as the input gave them; "source" is null while unresolved.
            """
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case jsonl
    }

    @OptionGroup var database: DatabaseOptions

    @Option(help: "Output format.")
    var format: Format = .jsonl

    @Argument(help: "Only the quotes of this post (SOURCE:ID or id); every quote of the index without it.")
    var post: String?

    func run() throws {
        try Terminal.run {
            let index = try database.openForReading()
            var buffer = ""
            try index.forEachQuoteLink(of: post) { link in
                buffer += BrowseRenderer.json(link) + "\n"
                if buffer.utf8.count > 1 << 16 {
                    Terminal.write(buffer)
                    buffer = ""
                }
            }
            Terminal.write(buffer)
        }
    }
}
