#!/usr/bin/env python3
"""Independent replay of the Korea-US return-sharing ledger (tests/waterfall.rs).

$20B paid on 1 January 2026..2035; a project yield on each anniversary
(2027..2066) on the capital invested before it (`same_day=False`: capital
earns from the day it is paid, so a tranche paid on an anniversary earns
nothing that day) or on or before it (`same_day=True`: the old rule).
Deemed interest (1 + deemed)^(days/365) on the balance, rounded half-even
to cents; the investor's 50% before recovery repays the balance.
"""
from decimal import Decimal as D, ROUND_HALF_EVEN, getcontext
import datetime as dt
import math

getcontext().prec = 40


def cents(x):
    return x.quantize(D("0.01"), rounding=ROUND_HALF_EVEN)


def run(rate, deemed, same_day, years=40):
    outlays = [(dt.date(y, 1, 1), D(20_000_000_000)) for y in range(2026, 2036)]
    flows = []
    for k in range(1, years + 1):
        d = dt.date(2026 + k, 1, 1)
        cap = sum(a for (od, a) in outlays if (od <= d if same_day else od < d))
        flows.append((d, cents(cap * D(str(rate)))))
    events = sorted([(d, 0, a) for d, a in outlays] + [(d, 1, a) for d, a in flows])
    balance, last, recovered = D(0), outlays[0][0], None
    for d, kind, a in events:
        if d > last and balance > 0:
            growth = D(repr(math.expm1(math.log1p(deemed) * (d - last).days / 365)))
            balance = max(balance + cents(balance * growth), D("0.01"))
        last = max(last, d)
        if kind == 0:
            if balance == 0:
                recovered = None
            balance += a
        elif balance > 0:
            if a / 2 >= balance:
                balance, recovered = D(0), d
            else:
                balance -= a / 2
    return recovered, balance


if __name__ == "__main__":
    for same_day in (True, False):
        for rate, deemed in ((0.10, 0.04), (0.12, 0.04), (0.12, 0.05), (0.08, 0.04)):
            print("same-day" if same_day else "from payment", rate, deemed, run(rate, deemed, same_day))
