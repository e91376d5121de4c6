#!/usr/bin/env python3
"""Wall time of whole processes, interleaved, for comparing builds of the tsearch CLI.

    cli_latency.py [--runs 40] [--warmup 3] NAME=COMMAND [NAME=COMMAND ...]

Each COMMAND is split like a shell would (shlex) and run with stdout and stderr to /dev/null.
The commands take turns (one run of each, in a rotated order, per round), so the machine's
noise falls on all of them alike. Prints per command: wall time median, p10-p90, min-max, and
the median CPU time (user + system, from wait4; 1 ms resolution on most kernels), in ms.
Names with slashes are pooled: for `old/single/folio` and `old/and/rust kernel`, the samples of
all `old/...` commands and of all `old/single/...` commands are also summarised together
(p50, p95, p99 over every sample, as the side-by-side reports them).

Example:

    benchmarks/cli_latency.py --runs 40 \\
        true=/bin/true help='tsearch --help' folio='tsearch search --db idx.db --limit 20 --format json folio'

`benchmarks/cli-latency.sh` runs it on the side-by-side's 25 queries for two builds.
"""
import argparse
import os
import shlex
import statistics
import sys
import time


def run_once(argv, devnull):
    start = time.perf_counter_ns()
    pid = os.posix_spawnp(argv[0], argv, os.environ,
                          file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1), (os.POSIX_SPAWN_DUP2, devnull, 2)])
    _, status, usage = os.wait4(pid, 0)
    elapsed = (time.perf_counter_ns() - start) / 1e6
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"{shlex.join(argv)}: exit code {os.waitstatus_to_exitcode(status)}")
    return elapsed, (usage.ru_utime + usage.ru_stime) * 1e3


def percentile(values, p):
    """Nearest rank, as benchmarks/sidebyside.py computes it."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * p // 100))
    return ordered[int(min(len(ordered), rank)) - 1]


def quantile(samples, q):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--warmup", type=int, default=3)
    parser.add_argument("commands", nargs="+", metavar="NAME=COMMAND")
    args = parser.parse_args()
    commands = []
    for spec in args.commands:
        name, _, command = spec.partition("=")
        commands.append((name, shlex.split(command)))
    devnull = os.open(os.devnull, os.O_WRONLY)
    samples = {name: [] for name, _ in commands}
    cpu = {name: [] for name, _ in commands}
    for round_ in range(args.warmup + args.runs):
        shift = round_ % len(commands)
        for name, argv in commands[shift:] + commands[:shift]:
            elapsed, cpu_ms = run_once(argv, devnull)
            if round_ >= args.warmup:
                samples[name].append(elapsed)
                cpu[name].append(cpu_ms)
    width = max(len(name) for name, _ in commands)
    groups = {}
    for name, _ in commands:
        parts = name.split("/")
        for i in range(1, len(parts)):
            groups.setdefault("/".join(parts[:i]), []).extend(samples[name])
    if groups:
        gwidth = max(len(g) for g in groups)
        print(f"{'pooled':<{gwidth}}  samples  p50 ms   p95 ms   p99 ms")
        for group, pooled in groups.items():
            print(f"{group:<{gwidth}}  {len(pooled):>7}  {percentile(pooled, 50):>6.2f}  {percentile(pooled, 95):>7.2f}  "
                  f"{percentile(pooled, 99):>7.2f}")
        print()
    print(f"{'command':<{width}}  runs  wall median ms  p10-p90 ms     min-max ms     CPU median ms")
    for name, _ in commands:
        s = samples[name]
        print(f"{name:<{width}}  {len(s):>4}  {statistics.median(s):>14.2f}  "
              f"{quantile(s, 0.1):>5.2f}-{quantile(s, 0.9):<7.2f}  {min(s):>6.2f}-{max(s):<7.2f}  "
              f"{statistics.median(cpu[name]):>13.1f}")


if __name__ == "__main__":
    main()
