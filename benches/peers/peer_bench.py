#!/usr/bin/env python3
"""Like-for-like peers for BENCHMARKS.md (schedules, plans, XIRR).

A copy of the shared `../shared/bench/peer_bench.py` timing method, with
the cases our like-for-like rows need: QuantLib's `Schedule` on
WeekendsOnly and on TARGET, `Schedule` + `FixedRateLeg` for 360 monthly
payments on WeekendsOnly with ModifiedFollowing, and `pyxirr.xirr` on the
same daily flows as before.

Run:  ~/.venvs/peers/bin/python benches/peers/peer_bench.py [schedule|xirr|all] [--short]

`--cpu` times by the thread's CPU time instead of the wall clock (compare
with `benches/peers/cpu_time.sh`). `--short` (for a machine shared with other work): batches of ~1 ms, 101 of
them, so that some run without being preempted; compare the MIN with the
minimum of criterion's raw samples (`benches/peers/criterion_min.py`).

Everything runs in ONE process. Each case is timed in R batches; a batch
runs the call k times, with k chosen so a batch lasts >= ~25 ms. We report
the MEDIAN per-call time over the batches plus min/max. Objects (dates,
calendars, numpy arrays) are built outside the timed region; GC is disabled
inside each batch.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import platform
import statistics
import sys
import time

import numpy as np
import pyxirr
import QuantLib as ql

SEED = 20260101
TARGET_BATCH_S = 0.025


def fmt_t(s: float) -> str:
    if s < 1e-6:
        return f"{s * 1e9:8.1f} ns"
    if s < 1e-3:
        return f"{s * 1e6:8.2f} us"
    if s < 1:
        return f"{s * 1e3:8.3f} ms"
    return f"{s:8.3f} s "


SHORT = "--short" in sys.argv
if SHORT:
    TARGET_BATCH_S = 0.001
# `--cpu`: time batches by the thread's CPU time (`time.thread_time`), not
# the wall clock, like `benches/peers/cpu_time.sh` does for ours.
CLOCK = time.thread_time if "--cpu" in sys.argv else time.perf_counter


def bench(label, fn, reps=9, max_k=100000):
    if SHORT:
        reps = 101
    gc.collect()
    t0 = CLOCK()
    fn()
    single = max(CLOCK() - t0, 1e-9)
    k = int(min(max_k, max(1, TARGET_BATCH_S / single)))
    per_call = []
    for _ in range(reps):
        gc.disable()
        try:
            s = CLOCK()
            for _ in range(k):
                fn()
            e = CLOCK()
        finally:
            gc.enable()
        per_call.append((e - s) / k)
    med = statistics.median(per_call)
    print(f"{label:<66s} median {fmt_t(med)}  min {fmt_t(min(per_call))}  "
          f"max {fmt_t(max(per_call))}  (reps={reps}, calls/rep={k})", flush=True)
    return med


def make_flows(n: int, rng):
    """Daily dated flows from 2000-01-01: one investment then n-1 inflows."""
    dates = np.arange(np.datetime64("2000-01-01"), np.datetime64("2000-01-01") + n, dtype="datetime64[D]")
    amounts = rng.uniform(50.0, 150.0, n)
    amounts[0] = -0.5 * amounts[1:].sum()
    return dates, amounts


def header():
    print("# benches/peers/peer_bench.py -- medians of per-call wall time")
    print(f"# date (UTC): {dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()}")
    print(f"# python {sys.version.split()[0]} on {platform.platform()}")
    cpu = "?"
    with open("/proc/cpuinfo") as fh:
        for line in fh:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    print(f"# cpu: {cpu}; loadavg at start={os.getloadavg()}")
    print(f"# numpy {np.__version__}, pyxirr {pyxirr.__version__}, QuantLib {ql.__version__}")


def schedules():
    print("## QuantLib Schedule (objects built outside the loop)")
    start, end10 = ql.Date(31, 1, 2026), ql.Date(31, 1, 2036)
    m = ql.Period(ql.Monthly)
    for name, cal in (("WeekendsOnly", ql.WeekendsOnly()), ("TARGET", ql.TARGET())):
        fn = lambda cal=cal: ql.Schedule(start, end10, m, cal, ql.ModifiedFollowing, ql.ModifiedFollowing,
                                         ql.DateGeneration.Forward, True)
        bench(f"ql.Schedule 10y monthly {name} MF EOM Forward ({len(fn().dates())} dates)", fn)
    start2, end30 = ql.Date(2, 1, 2026), ql.Date(2, 1, 2056)
    day = ql.Period(1, ql.Days)
    for name, cal in (("WeekendsOnly", ql.WeekendsOnly()), ("TARGET", ql.TARGET())):
        fn = lambda cal=cal: ql.Schedule(start2, end30, day, cal, ql.Following, ql.Following,
                                         ql.DateGeneration.Forward, False)
        bench(f"ql.Schedule 30y daily {name} Following Forward ({len(fn().dates())} dates)", fn, reps=5)

    print("## QuantLib Schedule + FixedRateLeg: 360 monthly payments, WeekendsOnly, ModifiedFollowing")
    weekends = ql.WeekendsOnly()
    jan26, jan56 = ql.Date(1, 1, 2026), ql.Date(1, 1, 2056)
    dc = ql.Actual365Fixed()

    def leg360():
        sch = ql.Schedule(jan26, jan56, m, weekends, ql.ModifiedFollowing, ql.ModifiedFollowing,
                          ql.DateGeneration.Forward, False)
        return ql.FixedRateLeg(sch, dc, [350e9 / 360], [0.0])
    bench(f"ql.Schedule + ql.FixedRateLeg 30y monthly WeekendsOnly MF ({len(leg360())} flows)", leg360)

    # The nearest QuantLib equivalent of `capital_calls_spill/120`: 120
    # monthly notice dates, each advanced 45 business days on WeekendsOnly,
    # and a leg of 120 SimpleCashFlows. It does less than ours (no annual
    # cap, no spill-over, float amounts), so the ratio understates ours.
    print("## QuantLib capital calls: 120 notices + 45 business days (WeekendsOnly) + SimpleCashFlow leg")
    notices = [ql.Date(18, 2, 2026) + ql.Period(k, ql.Months) for k in range(120)]
    notice = ql.Period(45, ql.Days)
    per_call = 350e9 / 120

    def calls120():
        return ql.Leg([ql.SimpleCashFlow(per_call, weekends.advance(d, notice)) for d in notices])
    bench(f"ql advance 45 business days + SimpleCashFlow leg ({len(calls120())} flows)", calls120)


def xirrs():
    print("## pyxirr.xirr (datetime64[D] + float64 arrays)")
    rng = np.random.default_rng(SEED)
    for n in (1_000, 100_000):
        dates, amounts = make_flows(n, rng)
        r = pyxirr.xirr(dates, amounts)
        bench(f"pyxirr.xirr n={n:>9,} (root={r:.6g})", lambda d=dates, a=amounts: pyxirr.xirr(d, a),
              reps=9 if n < 100_000 else 7)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    what = args[0] if args else "all"
    header()
    if what in ("schedule", "all"):
        schedules()
    if what in ("xirr", "all"):
        xirrs()
    print(f"# loadavg at end={os.getloadavg()}")


if __name__ == "__main__":
    main()
