#!/usr/bin/env bash
# Whole-process latency of `tsearch search --limit 20 --format json QUERY` on the real data, for
# one or two builds of tsearch, interleaved: the side-by-side's 25 queries (5 of each kind),
# RUNS processes each (default 20) after 2 warm-ups; p50/p95/p99 over all samples and by kind.
#
#   benchmarks/cli-latency.sh [OLD_TSEARCH]     (about 1 minute with RUNS=20)
#
# The new build is this checkout's release build. Each build searches its own copy of the
# index (a build that writes to the index on open or close then cannot slow the other).
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/.." && pwd)
DATA=${TSEARCH_DATA:-$ROOT/../shared/data}
OUT=${OUT:-$HERE/results/tmp/cli-latency}
RUNS=${RUNS:-20}
OLD=${1:-}
(cd "$ROOT" && swift build -c release --product tsearch >&2)
NEW="$(cd "$ROOT" && swift build -c release --show-bin-path)/tsearch"
mkdir -p "$OUT"
if [ ! -f "$OUT/new.db" ]; then
    "$NEW" index --db "$OUT/new.db" "$DATA/jsonl/ksummit.jsonl.xz" "$DATA/jsonl/delving.jsonl.xz" >&2
fi
[ -z "$OLD" ] || cp "$OUT/new.db" "$OUT/old.db"
queries=(
    single folio single taproot single maintainer single rust single mempool
    and 'rust kernel' and 'fee rate' and 'patch review' and 'cluster mempool' and 'stable backport'
    phrase '"code review"' phrase '"cluster mempool"' phrase '"pull request"' phrase '"maintainer summit"'
    phrase '"fee rate"'
    prefix 'sched*' prefix 'covenant*' prefix 'maint*' prefix 'sig*' prefix 'regress*'
    common the common is common bitcoin common patch common think
)
args=(true=/bin/true help-new="$NEW --help")
[ -z "$OLD" ] || args+=(help-old="$OLD --help")
for ((i = 0; i < ${#queries[@]}; i += 2)); do
    kind=${queries[i]}
    q=${queries[i + 1]}
    args+=("new/$kind/$q=$NEW search --db $OUT/new.db --limit 20 --format json '$q'")
    [ -z "$OLD" ] || args+=("old/$kind/$q=$OLD search --db $OUT/old.db --limit 20 --format json '$q'")
done
echo "$(date -u +%Y-%m-%d) $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"
python3 "$HERE/cli_latency.py" --runs "$RUNS" --warmup 2 "${args[@]}"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
