#!/usr/bin/env bash
# What bounds tsearch's import against raw FTS5's: instructions (valgrind --tool=callgrind,
# repeatable on a shared machine) of every thread of `tsearch index` on the ksummit archive,
# with and without quote resolution, beside raw FTS5 indexing the same posts with the same
# tokenizer (python's sqlite3 on the same system SQLite, as in side-by-side.sh).
#
#   benchmarks/import-bound.sh          (about 4 minutes)
#
# Environment: TSEARCH_DATA (default ../shared/data beside the repository), OUT (default
# benchmarks/results/tmp/import-bound). Prints instructions per thread and the best ratio to
# raw FTS5 that two cores allow: raw FTS5 is one thread, and tsearch's wall time is at least
# its busiest thread's and at least half its total.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
DATA=${TSEARCH_DATA:-$ROOT/../shared/data}
OUT=${OUT:-$HERE/results/tmp/import-bound}
command -v valgrind >/dev/null || { apt-get install -y valgrind >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y valgrind >/dev/null; }; }
mkdir -p "$OUT"
(cd "$ROOT" && swift build -c release --product tsearch >&2)
TSEARCH="$(cd "$ROOT" && swift build -c release --show-bin-path)/tsearch"
PY=$(python3 -c 'import sys; print(sys.executable)') # the interpreter itself, not a shim
corpus="$OUT/ksummit.jsonl"
[ -s "$corpus" ] || xz -dc "$DATA/jsonl/ksummit.jsonl.xz" > "$corpus"

cat > "$OUT/fts5.py" <<'PYEOF'
# Raw FTS5 as side-by-side.sh times it: a staging table, then one INSERT ... SELECT. With
# "load" it stops before the INSERT, so that the difference is the indexing alone; with
# "rows" it indexes the rows 1,000 to a transaction, as tsearch's batches do.
import json, os, sqlite3, sys
mode, path, corpus = sys.argv[1:4]
rows = [(i + 1, r.get("title") or "", r.get("body") or "")
        for i, r in enumerate(json.loads(line) for line in open(corpus))]
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix): os.remove(path + suffix)
db = sqlite3.connect(path, isolation_level=None)
db.execute("PRAGMA journal_mode=WAL"); db.execute("PRAGMA synchronous=NORMAL")
db.execute("CREATE TABLE post (id INTEGER PRIMARY KEY, title TEXT, body TEXT)")
db.execute("BEGIN"); db.executemany("INSERT INTO post VALUES (?,?,?)", rows); db.execute("COMMIT")
db.execute("CREATE VIRTUAL TABLE post_fts USING fts5(title, body, content='post', content_rowid='id', "
           "tokenize='porter unicode61 remove_diacritics 2')")
if mode == "select":
    db.execute("BEGIN"); db.execute("INSERT INTO post_fts(rowid, title, body) SELECT id, title, body FROM post"); db.execute("COMMIT")
elif mode == "rows":
    for i in range(0, len(rows), 1000):
        db.execute("BEGIN")
        db.executemany("INSERT INTO post_fts(rowid, title, body) VALUES (?,?,?)", rows[i:i + 1000])
        db.execute("COMMIT")
PYEOF

total() { callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ { gsub(",", "", $1); print $1 }'; }
for mode in load select rows; do
    valgrind --tool=callgrind --callgrind-out-file="$OUT/fts5-$mode.cg" "$PY" "$OUT/fts5.py" "$mode" "$OUT/fts5.db" "$corpus" \
        > /dev/null 2> "$OUT/fts5-$mode.log"
done
for mode in deferred resolved; do
    rm -f "$OUT/$mode.db"* "$OUT/$mode.cg"*
    flag=(); [ "$mode" = deferred ] && flag=(--defer-quotes)
    valgrind --tool=callgrind --separate-threads=yes --callgrind-out-file="$OUT/$mode.cg" \
        "$TSEARCH" index "${flag[@]}" --db "$OUT/$mode.db" "$corpus" > /dev/null 2> "$OUT/$mode.log"
done

load=$(total "$OUT/fts5-load.cg")
select=$(( $(total "$OUT/fts5-select.cg") - load ))
rows=$(( $(total "$OUT/fts5-rows.cg") - load ))
echo "ksummit.jsonl, instructions (M)"
printf "raw FTS5, INSERT ... SELECT in one transaction: %8.1f\n" "$(echo "$select / 1000000" | bc -l)"
printf "raw FTS5, INSERT ... VALUES, 1,000 rows a transaction: %8.1f\n" "$(echo "$rows / 1000000" | bc -l)"
for mode in deferred resolved; do
    writer=0; parser=0; worker=0; other=0
    for file in "$OUT/$mode.cg"-*; do
        count=$(total "$file")
        # Each thread by what it runs: the batch reader, the quote worker, or the writer (the
        # main thread, which writes every batch and links).
        listing=$(callgrind_annotate --inclusive=yes "$file" 2>/dev/null | sed -n 1,40p)
        if grep -q 'ReaderBox' <<< "$listing"; then parser=$((parser + count))
        elif grep -q 'ImportQuoteResolver' <<< "$listing"; then worker=$((worker + count))
        elif grep -q 'tsearch_main' <<< "$listing"; then writer=$((writer + count))
        else other=$((other + count)); fi
    done
    sum=$((writer + parser + worker + other))
    busiest=$(( writer > sum / 2 ? writer : sum / 2 ))
    printf "tsearch %-8s writer %8.1f  reader %8.1f  quote worker %8.1f  other %6.1f  total %8.1f  best ratio on 2 cores %.2fx\n" \
        "$mode" "$(echo "$writer / 1000000" | bc -l)" "$(echo "$parser / 1000000" | bc -l)" \
        "$(echo "$worker / 1000000" | bc -l)" "$(echo "$other / 1000000" | bc -l)" "$(echo "$sum / 1000000" | bc -l)" \
        "$(echo "$select / $busiest" | bc -l)"
done
