#!/usr/bin/env bash
# Side-by-side benchmark: tsearch against raw SQLite FTS5, sqlite-utils, tantivy and ripgrep, on
# the same corpus (../shared/data/jsonl ksummit + delving) and the same queries, in one run.
#
#   benchmarks/side-by-side.sh            (about 5 minutes on 2 cores)
#
# Environment: TSEARCH_DATA (default: shared/data beside the repository), OUT (default:
# benchmarks/results/tmp/side-by-side), REPEAT (in-process runs per query, 20), CLI_REPEAT
# (processes per query for tsearch's CLI and ripgrep, 5).
# Prints the results tables (markdown) and keeps every raw sample in $OUT.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
DATA=${TSEARCH_DATA:-$ROOT/../shared/data}
OUT=${OUT:-$HERE/results/tmp/side-by-side}
REPEAT=${REPEAT:-20}
CLI_REPEAT=${CLI_REPEAT:-5}
say() { echo "== $*" >&2; }

# Benchmark tools only, never dependencies of tsearch.
apt_install() {
    apt-get install -y "$@" >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y "$@" >/dev/null; }
}
command -v rg >/dev/null || { say "installing ripgrep"; apt_install ripgrep; }
[ -x /usr/bin/time ] || { say "installing time"; apt_install time; }
command -v xz >/dev/null || { say "installing xz-utils"; apt_install xz-utils; }
VENV=$HERE/.venv
if [ ! -x "$VENV/bin/sqlite-utils" ] || ! "$VENV/bin/python" -c 'import tantivy' 2>/dev/null; then
    say "installing sqlite-utils and tantivy into $VENV"
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q 'sqlite-utils==4.2.1' 'tantivy==0.27.0'
fi
PY="$VENV/bin/python"

say "building tsearch and tsearch-bench (release)"
(cd "$ROOT" && swift build -c release --product tsearch >&2)
TSEARCH="$(cd "$ROOT" && swift build -c release --show-bin-path)/tsearch"
(cd "$HERE" && swift build -c release --product tsearch-bench >&2)
BENCH="$(cd "$HERE" && swift build -c release --show-bin-path)/tsearch-bench"
export TSEARCH

rm -rf "$OUT"
mkdir -p "$OUT"
say "unpacking the corpus into $OUT"
for name in ksummit delving; do xz -dc "$DATA/jsonl/$name.jsonl.xz" > "$OUT/$name.jsonl"; done
"$PY" "$HERE/sidebyside.py" prepare "$OUT" "$OUT/ksummit.jsonl" "$OUT/delving.jsonl" > "$OUT/prepare.json"
"$BENCH" queries > "$OUT/queries.tsv"

# Imports, one at a time, each under /usr/bin/time -v for peak RSS.
timed() { local name=$1; shift; say "import: $name"; /usr/bin/time -v -o "$OUT/import-$name.time" "$@" > "$OUT/import-$name.json"; }
sync
timed fts5 "$PY" "$HERE/sidebyside.py" import-fts5 "$OUT"
timed sqlite-utils "$PY" "$HERE/sidebyside.py" import-sqlite-utils "$OUT"
timed tantivy-1 "$PY" "$HERE/sidebyside.py" import-tantivy "$OUT" 1
timed tantivy-2 "$PY" "$HERE/sidebyside.py" import-tantivy "$OUT" 2
say "import: tsearch"
/usr/bin/time -v -o "$OUT/import-tsearch.time" "$TSEARCH" index --db "$OUT/tsearch.db" \
    "$OUT/ksummit.jsonl" "$OUT/delving.jsonl" > "$OUT/import-tsearch.log"
"$PY" - "$OUT" > "$OUT/import-tsearch.json" <<'PYEOF'
import json, os, sys
out = sys.argv[1]
wall = next(l for l in open(os.path.join(out, "import-tsearch.time")) if "Elapsed (wall clock)" in l)
parts = [float(p) for p in wall.rsplit(" ", 1)[1].split(":")]
seconds = sum(p * 60 ** i for i, p in enumerate(reversed(parts)))
size = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out) if f.startswith("tsearch.db"))
print(json.dumps({"seconds": seconds, "size": size}))
PYEOF

# Queries, one tool at a time.
for peer in fts5 sqlite-utils tantivy-1; do
    say "queries: $peer"
    "$PY" "$HERE/sidebyside.py" query "$peer" "$OUT" "$OUT/queries.tsv" "$REPEAT" > "$OUT/query-$peer.jsonl"
done
say "queries: tsearch (library, in-process)"
"$BENCH" query --db "$OUT/tsearch.db" --queries "$OUT/queries.tsv" --repeat "$REPEAT" > "$OUT/query-tsearch-lib.jsonl"
for peer in tsearch-cli ripgrep; do
    say "queries: $peer (one process per query)"
    "$PY" "$HERE/sidebyside.py" query "$peer" "$OUT" "$OUT/queries.tsv" "$CLI_REPEAT" > "$OUT/query-$peer.jsonl"
done

cat > "$OUT/peers.json" <<'JSON'
[
 {"name": "raw FTS5 (python sqlite3, INSERT...SELECT)", "import": "fts5", "query": "fts5"},
 {"name": "sqlite-utils (insert + enable-fts; search)", "import": "sqlite-utils", "query": "sqlite-utils"},
 {"name": "tantivy, 1 writer thread", "import": "tantivy-1", "query": "tantivy-1"},
 {"name": "tantivy, 2 writer threads", "import": "tantivy-2"},
 {"name": "ripgrep (no index, full scan per query)", "query": "ripgrep"},
 {"name": "tsearch library (in-process search)", "import": "tsearch", "query": "tsearch-lib"},
 {"name": "tsearch CLI (one process per query)", "query": "tsearch-cli"}
]
JSON
echo "Side by side, $(date -u +%Y-%m-%d), nproc $(nproc), $(free -g | awk '/Mem:/ {print $2}') GiB, SQLite $("$PY" -c 'import sqlite3; print(sqlite3.sqlite_version)')"
echo
"$PY" "$HERE/sidebyside.py" report "$OUT" | tee "$OUT/report.md"
