#!/usr/bin/env bash
# Scale run: tsearch on seeded synthetic corpora of growing size (import, then queries).
#
#   benchmarks/scale.sh                 100k and 1M posts (about 20-30 minutes on 2 cores)
#   benchmarks/scale.sh 100000          one size; 10000000 is documented, run it only with time
#
# Environment: OUT (default benchmarks/results/tmp/scale), SEED (1), REPEAT (in-process runs
# per query: 20, 5 above 100k posts), CLI_REPEAT (processes per query: 3, 1 above 100k posts).
# For each size: generation time, import time per post (and per 100k-post slice, to see whether
# it stays flat), peak RSS of the import, `tsearch optimize` time, index size per post (after
# optimize), query p50/p95/p99.
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
OUT=${OUT:-$HERE/results/tmp/scale}
SEED=${SEED:-1}
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(100000 1000000)
say() { echo "== $*" >&2; }
[ -x /usr/bin/time ] || apt-get install -y time >/dev/null 2>&1 || { apt-get update >/dev/null && apt-get install -y time >/dev/null; }

say "building tsearch, synth and tsearch-bench (release)"
(cd "$ROOT" && swift build -c release --product tsearch >&2)
TSEARCH="$(cd "$ROOT" && swift build -c release --show-bin-path)/tsearch"
(cd "$HERE" && swift build -c release --product synth >&2 && swift build -c release --product tsearch-bench >&2)
BIN="$(cd "$HERE" && swift build -c release --show-bin-path)"
mkdir -p "$OUT"
"$BIN/synth" --queries > "$OUT/queries.tsv"

for n in "${SIZES[@]}"; do
    corpus="$OUT/synth-$n.jsonl" db="$OUT/synth-$n.db"
    # A common-term query takes seconds at 1M posts: fewer repeats there.
    if [ "$n" -gt 100000 ]; then repeat=${REPEAT:-5} cli_repeat=${CLI_REPEAT:-1} warmup=1; else repeat=${REPEAT:-20} cli_repeat=${CLI_REPEAT:-3} warmup=2; fi
    say "$n posts: generating"
    /usr/bin/time -f '%e' -o "$OUT/gen-$n.time" "$BIN/synth" --posts "$n" --seed "$SEED" > "$corpus"
    rm -f "$db" "$db-wal" "$db-shm"
    sync
    say "$n posts: importing (in-process, $BIN/tsearch-bench import)"
    /usr/bin/time -v -o "$OUT/import-$n.time" "$BIN/tsearch-bench" import --db "$db" --every $((n / 10)) "$corpus" \
        > "$OUT/import-$n.json"
    # Merges the full-text index and makes the champion lists of frequent terms (ChampionList).
    say "$n posts: optimize"
    /usr/bin/time -f '%e' -o "$OUT/optimize-$n.time" "$TSEARCH" optimize --db "$db" >&2
    say "$n posts: queries (library)"
    "$BIN/tsearch-bench" query --db "$db" --queries "$OUT/queries.tsv" --repeat "$repeat" --warmup "$warmup" > "$OUT/query-lib-$n.jsonl"
    say "$n posts: queries (CLI, one process each)"
    : > "$OUT/query-cli-$n.jsonl"
    while IFS=$'\t' read -r kind q; do
        samples=()
        "$TSEARCH" search --db "$db" --limit 20 --format json "$q" > /dev/null
        for _ in $(seq "$cli_repeat"); do
            t0=$(date +%s%N)
            "$TSEARCH" search --db "$db" --limit 20 --format json "$q" > /dev/null
            samples+=("$(( ($(date +%s%N) - t0) / 1000 ))")
        done
        python3 -c 'import json,sys; print(json.dumps({"kind": sys.argv[1], "query": sys.argv[2], "samples_ms": [int(s) / 1000 for s in sys.argv[3:]]}))' \
            "$kind" "$q" "${samples[@]}" >> "$OUT/query-cli-$n.jsonl"
    done < "$OUT/queries.tsv"
done

echo "Scale run, $(date -u +%Y-%m-%d), nproc $(nproc), $(free -g | awk '/Mem:/ {print $2}') GiB, seed $SEED, sizes ${SIZES[*]}"
echo
python3 "$HERE/scale_report.py" "$OUT" "${SIZES[@]}" | tee "$OUT/report.md"
