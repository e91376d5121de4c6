import Foundation

// Streams a seeded, deterministic synthetic corpus of discussion threads as tsearch JSONL.
//
//   synth [--posts N] [--seed S]     the corpus, to standard output
//   synth --queries                  the query set for synthetic corpora, as TSV (kind, query)
//   synth --word RANK                the vocabulary's word at RANK
//
// The defaults are calibrated on the real data (see Parameters.swift and README.md).

func value(_ name: String) -> String? {
    let arguments = CommandLine.arguments
    guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
    return arguments[i + 1]
}

func w(_ rank: Int) -> String { Vocabulary.word(rank: rank) }

if let rank = value("--word").flatMap(Int.init) {
    print(w(rank))
} else if CommandLine.arguments.contains("--queries") {
    // Words named by rank: the query set means the same thing at every corpus size.
    // Prefixes of three letters or more: "da*" (two letters) expands to tens of thousands of
    // terms here and took 27 s a query at 100k posts (README.md, "Where the time goes").
    let prefix2 = String(w(3_000).prefix(4)), prefix1 = String(w(800).prefix(3))
    let set: [(String, String)] = [
        ("single", w(300)), ("single", w(1_000)), ("single", w(3_000)), ("single", w(10_000)), ("single", w(30_000)),
        ("and", "\(w(200)) \(w(500))"), ("and", "\(w(1_000)) \(w(2_000))"), ("and", "\(w(150)) \(w(3_000))"),
        ("and", "\(w(400)) \(w(800))"), ("and", "\(w(2_500)) \(w(5_000))"),
        ("phrase", "\"\(w(1)) \(w(150))\""), ("phrase", "\"\(w(3)) \(w(400))\""), ("phrase", "\"\(w(120)) \(w(130))\""),
        ("phrase", "\"\(w(2)) \(w(1)) \(w(200))\""), ("phrase", "\"\(w(5)) \(w(1_000))\""),
        ("prefix", "\(prefix2)*"), ("prefix", "\(prefix1)*"), ("prefix", "\(String(w(20_000).prefix(4)))*"),
        ("prefix", "\(String(w(500).prefix(3)))*"), ("prefix", "\(String(w(50_000).prefix(6)))*"),
        ("common", w(1)), ("common", w(2)), ("common", w(5)), ("common", w(60)), ("common", w(100)),
    ]
    for (kind, query) in set { print("\(kind)\t\(query)") }
} else {
    var parameters = Parameters()
    if let posts = value("--posts").flatMap(Int.init) { parameters.posts = posts }
    if let seed = value("--seed").flatMap(UInt64.init) { parameters.seed = seed }
    var generator = Generator(parameters: parameters, output: Output())
    generator.run()
}
