#!/usr/bin/env bash
# What resolving quotes adds to an import: the ksummit archive imported into a new index with
# and without quote resolution, runs interleaved so that both see the same machine noise.
#
#   benchmarks/quote-cost.sh            5 runs of each
#   RUNS=9 benchmarks/quote-cost.sh
#
# Environment: TSEARCH_DATA (default ../shared/data beside the repository), RUNS (5), OUT
# (default benchmarks/results/tmp/quote-cost). Prints wall and CPU seconds (median, min-max)
# and the ratio of the medians.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
DATA=${TSEARCH_DATA:-$ROOT/../shared/data}
RUNS=${RUNS:-5}
OUT=${OUT:-$HERE/results/tmp/quote-cost}
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }
mkdir -p "$OUT"

(cd "$ROOT" && swift build -c release --product tsearch >&2)
TSEARCH="$(cd "$ROOT" && swift build -c release --show-bin-path)/tsearch"
corpus="$OUT/ksummit.jsonl"
[ -s "$corpus" ] || xz -dc "$DATA/jsonl/ksummit.jsonl.xz" > "$corpus"

: > "$OUT/times.tsv"
for run in $(seq "$RUNS"); do
    for mode in deferred resolved; do
        db="$OUT/$mode.db"
        rm -f "$db" "$db-wal" "$db-shm"
        flag=()
        [ "$mode" = deferred ] && flag=(--defer-quotes)
        /usr/bin/time -f "%e %U %S" -o "$OUT/one.time" "$TSEARCH" index --db "$db" "${flag[@]}" "$corpus" > "$OUT/$mode.out"
        read -r wall user sys < "$OUT/one.time"
        printf '%s\t%s\t%s\t%s\n' "$mode" "$run" "$wall" "$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')" >> "$OUT/times.tsv"
    done
done

count() { python3 -c 'import sqlite3, sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$OUT/resolved.db" "$1"; }
resolved=$(count "SELECT count(*) FROM quote WHERE source_id IS NOT NULL")
quotes=$(count "SELECT count(*) FROM quote")
python3 - "$OUT/times.tsv" "$RUNS" "$resolved" "$quotes" <<'EOF'
import statistics, sys
rows = [line.split("\t") for line in open(sys.argv[1]) if line.strip()]
def pick(mode, col):
    return sorted(float(r[col]) for r in rows if r[0] == mode)
print(f"ksummit.jsonl, {sys.argv[2]} runs each, interleaved; {sys.argv[3]} of {sys.argv[4]} quotes resolved")
print()
print("| import | wall s median (min-max) | CPU s median (min-max) |")
print("|---|---|---|")
for mode, label in (("deferred", "--defer-quotes"), ("resolved", "with quote resolution")):
    w, c = pick(mode, 2), pick(mode, 3)
    print(f"| {label} | {statistics.median(w):.2f} ({w[0]:.2f}-{w[-1]:.2f}) | {statistics.median(c):.2f} ({c[0]:.2f}-{c[-1]:.2f}) |")
ratio_w = statistics.median(pick("resolved", 2)) / statistics.median(pick("deferred", 2))
ratio_c = statistics.median(pick("resolved", 3)) / statistics.median(pick("deferred", 3))
print()
print(f"ratio of medians: wall {ratio_w:.3f}x, CPU {ratio_c:.3f}x (target: wall within 1.3x)")
EOF
