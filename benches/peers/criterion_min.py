"""Per-call minimum and median of criterion's raw samples, for busy machines.

Criterion times each sample (a batch of calls) by wall clock; on a machine
shared with other work, batches that were preempted are slow and drag the
mean. The fastest batch's time per call is the best estimate of the
uncontended cost; `peer_bench.py --short` reports the same statistic for
the peers (short batches, many repetitions).

Run after `cargo bench ...`:
    python3 benches/peers/criterion_min.py [substring ...] [--base]
`--base` reads the previous run (criterion's `base/`) instead of `new/`.
"""
import glob
import json
import os
import statistics
import sys


def fmt(ns: float) -> str:
    if ns < 1e3:
        return f"{ns:8.1f} ns"
    if ns < 1e6:
        return f"{ns / 1e3:8.3f} us"
    return f"{ns / 1e6:8.3f} ms"


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    which = "base" if "--base" in sys.argv else "new"
    root = os.path.join(os.path.dirname(__file__), "..", "..", "target", "criterion")
    for path in sorted(glob.glob(os.path.join(root, "**", which, "sample.json"), recursive=True)):
        name = os.path.relpath(os.path.dirname(os.path.dirname(path)), root)
        if args and not any(a in name for a in args):
            continue
        with open(path) as fh:
            d = json.load(fh)
        # Batches of at least 1 µs, so the clock's own cost does not count.
        per = [t / n for n, t in zip(d["iters"], d["times"]) if t >= 1e3]
        if not per:
            continue
        print(f"{name:<66s} min {fmt(min(per))}  median {fmt(statistics.median(per))}  ({which})")


if __name__ == "__main__":
    main()
