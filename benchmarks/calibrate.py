#!/usr/bin/env python3
"""Measures the real JSONL corpora so that the synthetic generator can be calibrated.

Usage: python3 calibrate.py FILE.jsonl[.xz] ... > params.json

Prints one JSON object per input and one for all inputs together (key "all"): thread sizes,
reply depths, the share of replies to the previous post, body lengths, quote rates, quote
block sizes, nesting and the vocabulary's Zipf exponent. The numbers go into synth's defaults
and into README.md.
"""
import collections
import json
import lzma
import math
import re
import statistics
import sys

WORD = re.compile(r"[a-z0-9]+")


def open_text(path):
    return lzma.open(path, "rt", encoding="utf-8") if path.endswith(".xz") else open(path, encoding="utf-8")


def quantiles(values, qs=(0.1, 0.25, 0.5, 0.75, 0.9, 0.99)):
    s = sorted(values)
    if not s:
        return {}
    return {f"p{int(q * 100)}": s[min(len(s) - 1, int(q * len(s)))] for q in qs} | {
        "mean": round(statistics.fmean(s), 2), "max": s[-1]}


def lognormal_fit(values):
    logs = [math.log(v) for v in values if v > 0]
    return {"mu": round(statistics.fmean(logs), 3), "sigma": round(statistics.pstdev(logs), 3)}


def zipf_exponent(counts):
    """Least-squares slope of log frequency on log rank, ranks 10..10,000."""
    freqs = sorted(counts.values(), reverse=True)
    pts = [(math.log(r), math.log(f)) for r, f in enumerate(freqs, 1) if 10 <= r <= 10_000]
    n = len(pts)
    mx = sum(x for x, _ in pts) / n
    my = sum(y for _, y in pts) / n
    slope = sum((x - mx) * (y - my) for x, y in pts) / sum((x - mx) ** 2 for x, _ in pts)
    return round(-slope, 3)


def quote_blocks(lines):
    """Maximal runs of lines starting with '>' -> list of (lines, bytes, max depth)."""
    blocks, cur = [], None
    for line in lines:
        stripped = line.lstrip()
        if stripped.startswith(">"):
            depth = len(re.match(r"^(?:>\s?)+", stripped).group(0).replace(" ", ""))
            if cur is None:
                cur = [0, 0, 0]
                blocks.append(cur)
            cur[0] += 1
            cur[1] += len(line.encode()) + 1
            cur[2] = max(cur[2], depth)
        else:
            cur = None
    return blocks


def measure(records):
    by_id = {r["id"]: r for r in records}
    threads = collections.defaultdict(list)
    for r in records:
        threads[r.get("thread") or r["id"]].append(r)
    depth_cache = {}

    def depth(pid):
        chain, d = [], 0
        while pid in by_id and by_id[pid].get("parent") in by_id and len(chain) < 1000:
            if pid in depth_cache:
                break
            chain.append(pid)
            pid = by_id[pid]["parent"]
        base = depth_cache.get(pid, 0)
        for i, p in enumerate(reversed(chain), 1):
            depth_cache[p] = base + i
        return depth_cache.get(chain[0], base) if chain else base

    depths = [depth(r["id"]) for r in records]
    # Replies whose parent is the post just before them in their thread (by time).
    to_previous = replies = 0
    for posts in threads.values():
        posts.sort(key=lambda r: (r.get("time") or 0))
        for prev, cur in zip(posts, posts[1:]):
            if cur.get("parent") in by_id:
                replies += 1
                to_previous += cur["parent"] == prev["id"]
    body_bytes, own_bytes, quoting, blocks_per, block_lines, block_bytes, nested = [], [], 0, [], [], [], 0
    line_chars, tokens_per_post, attribution = [], [], 0
    vocab = collections.Counter()
    for r in records:
        body = r.get("body") or ""
        lines = body.split("\n")
        body_bytes.append(len(body.encode()))
        blocks = quote_blocks(lines)
        own = [l for l in lines if not l.lstrip().startswith(">")]
        own_text = "\n".join(own)
        own_bytes.append(len(own_text.encode()))
        line_chars.extend(len(l) for l in own if l.strip())
        if blocks:
            quoting += 1
            blocks_per.append(len(blocks))
            block_lines.extend(b[0] for b in blocks)
            block_bytes.extend(b[1] for b in blocks)
            nested += any(b[2] >= 2 for b in blocks)
            attribution += bool(re.search(r"^On .* wrote:\s*$", body, re.M))
        words = WORD.findall(own_text.lower())
        tokens_per_post.append(len(words))
        vocab.update(words)
    sizes = [len(p) for p in threads.values()]
    with_parent = sum(1 for r in records if r.get("parent") in by_id)
    return {
        "posts": len(records),
        "threads": len(threads),
        "text_bytes": sum(body_bytes),
        "thread_size": quantiles(sizes) | {"lognormal": lognormal_fit(sizes)},
        "share_with_parent": round(with_parent / len(records), 3),
        "share_reply_to_previous": round(to_previous / max(1, replies), 3),
        "depth": quantiles(depths),
        "body_bytes": quantiles(body_bytes),
        "own_bytes": quantiles(own_bytes) | {"lognormal": lognormal_fit(own_bytes)},
        "own_line_chars": quantiles(line_chars),
        "share_quoting": round(quoting / len(records), 3),
        "quote_blocks_per_quoting_post": quantiles(blocks_per),
        "quote_block_lines": quantiles(block_lines) | {"lognormal": lognormal_fit(block_lines)},
        "quote_block_bytes": quantiles(block_bytes) | {"lognormal": lognormal_fit(block_bytes)},
        "share_of_quoting_with_nested": round(nested / max(1, quoting), 3),
        "share_of_quoting_with_attribution": round(attribution / max(1, quoting), 3),
        "own_tokens_per_post": quantiles(tokens_per_post),
        "vocabulary": len(vocab),
        "zipf_exponent": zipf_exponent(vocab),
        "top1_word_share": round(vocab.most_common(1)[0][1] / sum(vocab.values()), 4),
        "top10_word_share": round(sum(c for _, c in vocab.most_common(10)) / sum(vocab.values()), 4),
    }


def main(paths):
    out, everything = {}, []
    for path in paths:
        with open_text(path) as f:
            records = [json.loads(line) for line in f if line.strip()]
        name = path.rsplit("/", 1)[-1].split(".")[0]
        for r in records:  # ids are only unique within one file
            for k in ("id", "thread", "parent"):
                if r.get(k) is not None:
                    r[k] = f"{name}:{r[k]}"
        out[name] = measure(records)
        everything.extend(records)
    if len(paths) > 1:
        out["all"] = measure(everything)
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main(sys.argv[1:])
