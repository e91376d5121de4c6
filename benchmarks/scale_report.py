#!/usr/bin/env python3
"""Tables of a scale run: scale_report.py OUT SIZE... (reads what scale.sh left in OUT)."""
import json
import os
import sys

KINDS = ["single", "and", "phrase", "prefix", "common"]


def percentile(values, p):
    s = sorted(values)
    rank = max(1, -(-len(s) * p // 100))
    return s[int(min(len(s), rank)) - 1]


def time_field(path, field):
    for line in open(path):
        if field in line:
            return line.rsplit(": ", 1)[1].strip()
    return "nan"


def samples(path):
    by_kind = {}
    for line in open(path):
        d = json.loads(line)
        by_kind.setdefault(d["kind"], []).extend(d["samples_ms"])
    return by_kind


def main(out, sizes):
    rows, slices, kinds = [], [], []
    for n in sizes:
        imp = json.load(open(os.path.join(out, f"import-{n}.json")))
        corpus = os.path.getsize(os.path.join(out, f"synth-{n}.jsonl"))
        db = sum(os.path.getsize(os.path.join(out, f)) for f in os.listdir(out) if f.startswith(f"synth-{n}.db"))
        rss = float(time_field(os.path.join(out, f"import-{n}.time"), "Maximum resident set size")) / 1024
        gen = float(open(os.path.join(out, f"gen-{n}.time")).read().split()[-1])
        optimize_file = os.path.join(out, f"optimize-{n}.time")
        optimize = float(open(optimize_file).read().split()[-1]) if os.path.exists(optimize_file) else float("nan")
        lib, cli = samples(os.path.join(out, f"query-lib-{n}.jsonl")), samples(os.path.join(out, f"query-cli-{n}.jsonl"))
        every = lambda d: [s for v in d.values() for s in v]
        text = imp["text_bytes"]
        rows.append(
            f"| {n:,} | {corpus / 1e6:,.0f} | {text / 1e6:,.0f} | {gen:.0f} | {imp['seconds']:.1f} | "
            f"{imp['seconds'] / n * 1e6:.0f} | {text / 1e6 / imp['seconds']:.1f} | {rss:,.0f} | {optimize:.0f} | {db / 1e6:,.0f} | "
            f"{db / n:,.0f} | {db / text:.2f} | {percentile(every(lib), 50):.2f} | {percentile(every(lib), 95):.2f} | "
            f"{percentile(every(lib), 99):.2f} | {percentile(every(cli), 50):.1f} | {percentile(every(cli), 99):.1f} |")
        kinds.append(f"| {n:,} | " + " | ".join(
            f"{percentile(lib[k], 50):.2f} / {percentile(lib[k], 99):.2f}" for k in KINDS) + " |")
        previous = (0, 0.0)
        cells = []
        for posts, seconds in imp.get("slices", []):
            cells.append(f"{(seconds - previous[1]) / (posts - previous[0]) * 1e6:.0f}")
            previous = (posts, seconds)
        slices.append(f"| {n:,} | " + " | ".join(cells) + " |")
    print("| posts | JSONL MB | text MB | generate s | import s | µs/post | text MB/s | peak RSS MB | optimize s | "
          "index MB | index B/post | index/text | lib p50 ms | lib p95 ms | lib p99 ms | CLI p50 ms | CLI p99 ms |")
    print("|" + "---|" * 17)
    print("\n".join(rows))
    print("\nIn-library query latency by kind, p50 / p99 ms (top 20 with snippets):\n")
    print("| posts | " + " | ".join(KINDS) + " |\n|---|" + "---|" * len(KINDS))
    print("\n".join(kinds))
    print("\nImport µs per post in each tenth of the input (flat = the index size does not slow writes):\n")
    print("| posts | " + " | ".join(f"{i}0%" for i in range(1, 11)) + " |\n|---|" + "---|" * 10)
    print("\n".join(slices))


if __name__ == "__main__":
    main(sys.argv[1], [int(n) for n in sys.argv[2:]])
