#!/usr/bin/env python3
"""The peers of the side-by-side benchmark, one subcommand per step (side-by-side.sh runs them).

  sidebyside.py prepare OUT FILE.jsonl...          corpus.jsonl (id, title, body) + text size
  sidebyside.py import-fts5 OUT                    raw FTS5: staging table, then INSERT ... SELECT
  sidebyside.py import-sqlite-utils OUT            sqlite-utils insert + enable-fts (its CLI)
  sidebyside.py import-tantivy OUT THREADS         tantivy, en_stem, THREADS writer threads
  sidebyside.py query PEER OUT QUERIES.tsv REPEAT  one JSON line per query with samples in ms
  sidebyside.py report OUT                         the markdown tables from OUT/*.json

Each import prints one JSON object with its own timing; side-by-side.sh runs it under
/usr/bin/time -v for wall clock and peak RSS.
"""
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import time

TOKENIZE = "porter unicode61 remove_diacritics 2"


def emit(obj):
    print(json.dumps(obj), flush=True)


def corpus_rows(out):
    with open(os.path.join(out, "corpus.jsonl"), encoding="utf-8") as f:
        for line in f:
            yield json.loads(line)


def prepare(out, files):
    """One JSONL of (id, title, body) for the peers; text size = title + body bytes."""
    os.makedirs(out, exist_ok=True)
    n = text = 0
    with open(os.path.join(out, "corpus.jsonl"), "w", encoding="utf-8") as dst:
        for path in files:
            with open(path, encoding="utf-8") as src:
                for line in src:
                    if not line.strip():
                        continue
                    r = json.loads(line)
                    n += 1
                    title, body = r.get("title") or "", r.get("body") or ""
                    text += len(title.encode()) + len(body.encode())
                    dst.write(json.dumps({"id": n, "title": title, "body": body}) + "\n")
    emit({"posts": n, "text_bytes": text})


def dir_size(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(path) for f in fs)


def import_fts5(out):
    path = os.path.join(out, "fts5.db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(path + suffix):
            os.remove(path + suffix)
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = NORMAL")
    start = time.perf_counter()
    db.execute("BEGIN")
    db.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
    db.executemany("INSERT INTO post VALUES (?, ?, ?)", ((r["id"], r["title"], r["body"]) for r in corpus_rows(out)))
    db.execute("COMMIT")
    loaded = time.perf_counter()
    db.execute("BEGIN")
    db.execute(f"CREATE VIRTUAL TABLE post_fts USING fts5(title, body, content='post', content_rowid='id', tokenize='{TOKENIZE}')")
    db.execute("INSERT INTO post_fts (rowid, title, body) SELECT id, title, body FROM post")
    db.execute("COMMIT")
    done = time.perf_counter()
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    emit({"load_seconds": loaded - start, "seconds": done - loaded, "size": dir_size(path)})


def import_sqlite_utils(out):
    path = os.path.join(out, "sqlite-utils.db")
    if os.path.exists(path):
        os.remove(path)
    tool = os.path.join(os.path.dirname(sys.executable), "sqlite-utils")
    start = time.perf_counter()
    subprocess.run([tool, "insert", path, "posts", os.path.join(out, "corpus.jsonl"), "--nl", "--pk", "id"], check=True)
    subprocess.run([tool, "enable-fts", path, "posts", "title", "body", "--fts5", "--tokenize", TOKENIZE], check=True)
    emit({"seconds": time.perf_counter() - start, "size": dir_size(path)})


def tantivy_schema():
    import tantivy
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True)
    builder.add_text_field("title", stored=True, tokenizer_name="en_stem")
    builder.add_text_field("body", stored=True, tokenizer_name="en_stem")
    return builder.build()


def import_tantivy(out, threads):
    import tantivy
    path = os.path.join(out, f"tantivy-{threads}")
    shutil.rmtree(path, ignore_errors=True)
    os.makedirs(path)
    index = tantivy.Index(tantivy_schema(), path=path)
    start = time.perf_counter()
    writer = index.writer(heap_size=128_000_000 * threads, num_threads=threads)
    for r in corpus_rows(out):
        writer.add_document(tantivy.Document(id=r["id"], title=r["title"], body=r["body"]))
    writer.commit()
    writer.wait_merging_threads()
    emit({"seconds": time.perf_counter() - start, "size": dir_size(path)})


def timed(fn, repeat, warmup=1):
    for _ in range(warmup):
        fn()
    samples = []
    for _ in range(repeat):
        t = time.perf_counter_ns()
        fn()
        samples.append((time.perf_counter_ns() - t) / 1e6)
    return samples


def read_queries(path):
    with open(path, encoding="utf-8") as f:
        return [tuple(l.rstrip("\n").split("\t", 1)) for l in f if l.strip() and not l.startswith("#")]


def query(peer, out, queries_path, repeat):
    queries = read_queries(queries_path)
    if peer == "fts5":
        db = sqlite3.connect(os.path.join(out, "fts5.db"))
        sql = ("SELECT p.id, p.title, snippet(post_fts, 1, '[', ']', '…', 20) FROM post_fts "
               "JOIN post p ON p.id = post_fts.rowid WHERE post_fts MATCH ? ORDER BY rank LIMIT 20")
        run = lambda q: db.execute(sql, (q,)).fetchall()
    elif peer == "sqlite-utils":
        import sqlite_utils
        table = sqlite_utils.Database(os.path.join(out, "sqlite-utils.db"))["posts"]
        run = lambda q: list(table.search(q, limit=20))
    elif peer.startswith("tantivy"):
        import tantivy
        index = tantivy.Index.open(os.path.join(out, peer))
        searcher = index.searcher()
        schema = tantivy_schema()

        def run(q):
            parsed = index.parse_query(tantivy_syntax(q), ["title", "body"], conjunction_by_default=True, allow_regexes=True)
            result = searcher.search(parsed, 20, count=True)
            snippets = tantivy.SnippetGenerator.create(searcher, parsed, schema, "body")
            docs = [searcher.doc(address) for _, address in result.hits]
            return [(doc["id"], snippets.snippet_from_doc(doc).to_html()) for doc in docs]
    elif peer == "ripgrep":
        corpus = os.path.join(out, "corpus.jsonl")
        run = lambda q: subprocess.run(["bash", "-c", ripgrep_command(q, corpus)], capture_output=True)
    elif peer == "tsearch-cli":
        tsearch = os.environ["TSEARCH"]
        db = os.path.join(out, "tsearch.db")
        run = lambda q: subprocess.run([tsearch, "search", "--db", db, "--limit", "20", "--format", "json", q],
                                       capture_output=True, check=True)
    else:
        raise SystemExit(f"unknown peer {peer}")
    for kind, q in queries:
        emit({"kind": kind, "query": q, "samples_ms": timed(lambda: run(q), repeat)})


def tantivy_syntax(q):
    """FTS5-style query to tantivy's: prefix `pre*` becomes the term regexes
    `(title:/pre.*/ OR body:/pre.*/)` (tantivy's phrase-prefix needs two terms)."""
    return re.sub(r'(?<![\w"])(\w+)\*', r'(title:/\1.*/ OR body:/\1.*/)', q)


def ripgrep_command(q, corpus):
    """A scan that finds the same posts (one a line) without an index: every match is counted."""
    if q.startswith('"'):
        return f"rg -c -i -F {shell(q.strip(chr(34)))} {corpus}"
    words = q.split()
    pattern = lambda w: shell(w[:-1] + r"\w*") if w.endswith("*") else shell(w)
    command = f"rg -i -w {pattern(words[0])} {corpus}"
    for w in words[1:]:
        command += f" | rg -i -w {pattern(w)}"
    return command + " | wc -l"


def shell(s):
    return "'" + s.replace("'", "'\\''") + "'"


def percentile(values, p):
    s = sorted(values)
    rank = max(1, -(-len(s) * p // 100))
    return s[int(min(len(s), rank)) - 1]


def report(out):
    peers = json.load(open(os.path.join(out, "peers.json")))
    corpus = json.load(open(os.path.join(out, "prepare.json")))
    mb = corpus["text_bytes"] / 1e6
    rows = []
    for peer in peers:
        name, imp, qry = peer["name"], peer.get("import"), peer.get("query")
        row = {"name": name}
        if imp:
            stats = json.load(open(os.path.join(out, f"import-{imp}.json")))
            rss = time_field(os.path.join(out, f"import-{imp}.time"), "Maximum resident set size") / 1024
            row |= {"seconds": stats["seconds"], "mbps": mb / stats["seconds"], "size": stats["size"] / 1e6,
                    "size_ratio": stats["size"] / corpus["text_bytes"], "rss": rss}
        if qry:
            samples = [s for line in open(os.path.join(out, f"query-{qry}.jsonl")) for s in json.loads(line)["samples_ms"]]
            row |= {"p50": percentile(samples, 50), "p95": percentile(samples, 95), "p99": percentile(samples, 99)}
        rows.append(row)
    base = next(r for r in rows if r["name"].startswith("raw FTS5"))
    cell = lambda r, k, f: "" if k not in r else f"{r[k]:{f}} ({r[k] / base[k]:.2f}x)" if k in base else f"{r[k]:{f}}"
    lines = [f"Corpus: {corpus['posts']:,} posts, {mb:.1f} MB of text (title + body). "
             "Ratios (in brackets) are to raw FTS5 in the same run.", "",
             "| tool | import s | MB/s | index MB | index/text | peak RSS MB | query p50 ms | p95 ms | p99 ms |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append("| " + " | ".join([r["name"], cell(r, "seconds", ".2f"), cell(r, "mbps", ".1f"), cell(r, "size", ".1f"),
                                         cell(r, "size_ratio", ".2f"), cell(r, "rss", ".0f"), cell(r, "p50", ".2f"),
                                         cell(r, "p95", ".2f"), cell(r, "p99", ".2f")]) + " |")
    lines += ["", "Query latency by kind, p50 / p99 ms (top 20 with snippets where the tool makes them):", "",
              "| tool | " + " | ".join(KINDS) + " |", "|---|" + "---|" * len(KINDS)]
    for peer in peers:
        if not peer.get("query"):
            continue
        by_kind = {}
        for line in open(os.path.join(out, f"query-{peer['query']}.jsonl")):
            d = json.loads(line)
            by_kind.setdefault(d["kind"], []).extend(d["samples_ms"])
        lines.append(f"| {peer['name']} | " + " | ".join(
            f"{percentile(by_kind[k], 50):.2f} / {percentile(by_kind[k], 99):.2f}" if k in by_kind else "" for k in KINDS) + " |")
    print("\n".join(lines))


KINDS = ["single", "and", "phrase", "prefix", "common"]


def time_field(path, field):
    for line in open(path):
        if field in line:
            return float(line.rsplit(":", 1)[1])
    return float("nan")


if __name__ == "__main__":
    cmd, args = sys.argv[1], sys.argv[2:]
    if cmd == "prepare":
        prepare(args[0], args[1:])
    elif cmd == "import-fts5":
        import_fts5(args[0])
    elif cmd == "import-sqlite-utils":
        import_sqlite_utils(args[0])
    elif cmd == "import-tantivy":
        import_tantivy(args[0], int(args[1]))
    elif cmd == "query":
        query(args[0], args[1], args[2], int(args[3]))
    elif cmd == "report":
        report(args[0])
    else:
        raise SystemExit(__doc__)
