#!/usr/bin/env bash
# Instruction profiles (valgrind --tool=callgrind: counts instructions, repeatable on a noisy
# machine) of tsearch's hot paths on the real data, summarised as text in results/profiles/.
#
#   benchmarks/profile.sh          (about 2 minutes)
#
# 1. import: the first 1,000 posts of ksummit and of delving, in-process (tsearch-bench import)
# 2. raw FTS5 import of the same posts through python's sqlite3, for comparison
# 3. search in-process: 'folio' (35 hits) and 'the' (common term), top 20 with snippets
# 4. the CLI: tsearch search --format json folio, a whole process
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
DATA=${TSEARCH_DATA:-$ROOT/../shared/data}
OUT=${OUT:-$HERE/results/tmp/profile}
SUMMARY=$HERE/results/profiles
command -v valgrind >/dev/null || { apt-get install -y valgrind >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y valgrind >/dev/null; }; }
(cd "$ROOT" && swift build -c release --product tsearch >&2)
TSEARCH="$(cd "$ROOT" && swift build -c release --show-bin-path)/tsearch"
(cd "$HERE" && swift build -c release --product tsearch-bench >&2)
BENCH="$(cd "$HERE" && swift build -c release --show-bin-path)/tsearch-bench"
PY=$(python3 -c 'import sys; print(sys.executable)') # the interpreter itself, not a shim
rm -rf "$OUT"
mkdir -p "$OUT" "$SUMMARY"
for name in ksummit delving; do
    xz -dc "$DATA/jsonl/$name.jsonl.xz" > "$OUT/$name.jsonl"
    head -1000 "$OUT/$name.jsonl" > "$OUT/$name-1k.jsonl"
done

# Paths of this machine are cut out of the summaries, which are committed.
strip_paths() { sed -E -e "s#$ROOT/##g" -e "s#$HOME/[^] ]*/(bin|lib)/#python/\1/#g" -e "s#/tmp/python-build[^/]*/##g"; }
summarise() { # name callgrind-file
    {
        echo "# $1 — $(date -u +%Y-%m-%d), $(grep -m1 '^cmd:' "$2" | cut -c6-)"
        echo "## self (exclusive) instructions, top 25"
        callgrind_annotate "$2" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '1,27p' | cut -c1-220
        echo "## inclusive instructions, top 60"
        callgrind_annotate --inclusive=yes "$2" 2>/dev/null | sed -n '/file:function/,$p' | sed -n '1,62p' | cut -c1-220
    } | strip_paths > "$SUMMARY/$1.txt"
    echo "== $1: $(callgrind_annotate "$2" 2>/dev/null | grep 'PROGRAM TOTALS')" >&2
}
profile() { # name command...
    local name=$1; shift
    valgrind --tool=callgrind --callgrind-out-file="$OUT/$name.callgrind" "$@" > /dev/null 2> "$OUT/$name.log"
    summarise "$name" "$OUT/$name.callgrind"
}

profile import-2k-tsearch "$BENCH" import --db "$OUT/import.db" "$OUT/ksummit-1k.jsonl" "$OUT/delving-1k.jsonl"
cat > "$OUT/fts5.py" <<'PYEOF'
import json, sqlite3, sys
rows = [(i + 1, r.get("title") or "", r.get("body") or "")
        for i, r in enumerate(json.loads(l) for p in sys.argv[2:] for l in open(p))]
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
db.execute("BEGIN"); db.executemany("INSERT INTO post VALUES (?,?,?)", rows); db.execute("COMMIT")
db.execute("CREATE VIRTUAL TABLE post_fts USING fts5(title, body, content='post', content_rowid='id', "
           "tokenize='porter unicode61 remove_diacritics 2')")
db.execute("BEGIN"); db.execute("INSERT INTO post_fts(rowid, title, body) SELECT id, title, body FROM post"); db.execute("COMMIT")
PYEOF
profile import-2k-raw-fts5 "$PY" "$OUT/fts5.py" "$OUT/fts5.db" "$OUT/ksummit-1k.jsonl" "$OUT/delving-1k.jsonl"

"$TSEARCH" index --db "$OUT/real.db" "$OUT/ksummit.jsonl" "$OUT/delving.jsonl" > /dev/null
printf 'single\tfolio\n' > "$OUT/folio.tsv"
printf 'common\tthe\n' > "$OUT/the.tsv"
profile search-lib-folio-x10 "$BENCH" query --db "$OUT/real.db" --queries "$OUT/folio.tsv" --repeat 10 --warmup 0
profile search-lib-the-x3 "$BENCH" query --db "$OUT/real.db" --queries "$OUT/the.tsv" --repeat 3 --warmup 0
profile search-cli-folio "$TSEARCH" search --db "$OUT/real.db" --limit 20 --format json folio
