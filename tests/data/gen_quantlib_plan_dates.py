#!/usr/bin/env python3
"""Generate tests/data/quantlib_plan_dates.json: plan-level payment dates
computed with QuantLib, replayed by tests/quantlib_plan_dates.rs against
`Plan::schedule`.

Regenerate (needs QuantLib 1.44 exactly, `pip install QuantLib==1.44`):

    python tests/data/gen_quantlib_plan_dates.py   # writes tests/data/quantlib_plan_dates.json

Deterministic for the seed below. Calendars: QuantLib's `WeekendsOnly`, and
`TARGET`, whose holidays from 2025 to 2045 (QuantLib's `holidayList`, week
days only) are written once into the file and given to disburse as a
holiday calendar. Each case carries the plan in disburse's serde form
(`"calendar": "target"` stands for that holiday calendar) and:

- "until": installments until an end date, in advance or in arrears: the
  dates of `ql.Schedule(start, end, Period(tenor), cal, conv, conv,
  DateGeneration.Forward, eom)` without the last (in advance) or the first
  (in arrears). Expected: the dates.
- "annual_cap": at most `cap` a (fiscal) year, paying every `tenor` (1M or
  3M) from `start`: dates `cal.adjust(start + k*tenor, conv)` (QuantLib
  month arithmetic, clamped to month end), grouped by the fiscal year of
  the adjusted date; each year pays min(cap, what is left), the year that
  pays the last of the amount with all its dates. Expected: the dates and
  each fiscal year's total.
- "capital_calls": each call due `cal.advance(notice, n, Days)` (business
  days) or `cal.adjust(notice + n, Following)` (calendar days); with an
  annual cap, what exceeds the cap in a fiscal year spills into the next,
  paid first on `cal.adjust(start of that fiscal year, Following)`, oldest
  first, and on until paid. Expected: the flows (date, amount), equal
  dates merged.
"""

import datetime as dt
import json
import os
import random
import sys
from decimal import Decimal as D

import QuantLib as ql

QL_VERSION = "1.44"
SEED = 20260716
if ql.__version__ != QL_VERSION:
    sys.exit(f"needs QuantLib {QL_VERSION} (pip install QuantLib=={QL_VERSION}), found {ql.__version__}")
rng = random.Random(SEED)

CONV = {
    "following": ql.Following,
    "modified_following": ql.ModifiedFollowing,
    "preceding": ql.Preceding,
    "modified_preceding": ql.ModifiedPreceding,
}
CALS = {"weekends_only": ql.WeekendsOnly(), "target": ql.TARGET()}
TARGET_HOLIDAYS = [
    d.ISO() for d in ql.TARGET().holidayList(ql.Date(1, 1, 2025), ql.Date(31, 12, 2045))
]


def qd(d):
    return ql.Date(d.day, d.month, d.year)


def pd(d):
    return dt.date(d.year(), d.month(), d.dayOfMonth())


def iso(d):
    return d.isoformat()


def rand_date(y0=2026, y1=2030):
    return dt.date(y0, 1, 1) + dt.timedelta(days=rng.randrange((dt.date(y1, 12, 31) - dt.date(y0, 1, 1)).days))


def month_end(d):
    nxt = dt.date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def year_of(d, start_month, label):
    if start_month == 1:
        return d.year
    later = d.month >= start_month
    if label == "end_year":
        return d.year + 1 if later else d.year
    return d.year if later else d.year - 1


def start_of(y, start_month, label):
    if start_month == 1:
        return dt.date(y, 1, 1)
    return dt.date(y - 1 if label == "end_year" else y, start_month, 1)


def until_cases(n):
    out = []
    for i in range(n):
        start = rand_date(2026, 2027)
        eom = i % 4 == 3
        if eom:
            start = month_end(start)
        tenor = rng.choice(["1M", "3M", "6M", "1Y"])
        end = start + dt.timedelta(days=rng.randrange(200, 1500))
        cal = rng.choice(list(CALS))
        conv = rng.choice(list(CONV))
        timing = rng.choice(["in_advance", "in_arrears"])
        s = ql.Schedule(qd(start), qd(end), ql.Period(tenor), CALS[cal], CONV[conv], CONV[conv],
                        ql.DateGeneration.Forward, eom)
        dates = [iso(pd(d)) for d in s]
        dates = dates[:-1] if timing == "in_advance" else dates[1:]
        plan = {"kind": "installments", "start": iso(start), "end": iso(end), "tenor": tenor,
                "timing": timing, "calendar": cal, "convention": conv, "end_of_month": eom}
        out.append({"id": f"until-{i}", "plan": plan, "amount": "1000000.00", "dates": dates})
    return out


def annual_cap_cases(n):
    out = []
    for i in range(n):
        start = rand_date(2026, 2027)
        if i % 3 == 0:
            start = month_end(start)
        tenor = rng.choice(["1M", "3M"])
        months = int(tenor[:-1])
        start_month, label = rng.choice([(1, "end_year"), (4, "start_year"), (4, "end_year"), (10, "end_year")])
        cal = rng.choice(list(CALS))
        conv = rng.choice(list(CONV))
        cap = D(rng.choice([250, 400, 600, 1000])) * 1000
        amount = D(rng.randrange(5, 25)) * D(100000)
        # QuantLib: start + k*tenor (clamped month end), adjusted.
        years = {}
        order = []
        k = 0
        left = amount
        while True:
            d = pd(CALS[cal].adjust(qd(start) + ql.Period(k * months, ql.Months), CONV[conv]))
            y = year_of(d, start_month, label)
            if order and y != order[-1]:
                left -= min(cap, left)
                if left == 0:
                    break
            if not order or y != order[-1]:
                order.append(y)
                years[y] = []
            years[y].append(d)
            k += 1
        totals = []
        left = amount
        for y in order:
            pay = min(cap, left)
            totals.append([y, str(pay)])
            left -= pay
        dates = sorted({iso(d) for y in order for d in years[y]})
        plan = {"kind": "annual_cap", "start": iso(start), "cap": str(cap), "tenor": tenor,
                "year": {"start_month": start_month, "label": label}, "calendar": cal,
                "convention": conv}
        out.append({"id": f"cap-{i}", "plan": plan, "amount": str(amount), "dates": dates,
                    "year_totals": totals})
    return out


def capital_call_cases(n):
    out = []
    for i in range(n):
        cal = rng.choice(list(CALS))
        basis = "calendar_days" if i % 4 == 3 else "business_days"
        notice_days = rng.choice([0, 1, 5, 10, 30, 45, 90]) if i else 0
        calls = []
        for _ in range(rng.randrange(2, 6)):
            notice = rand_date(2026, 2028)
            if rng.random() < 0.3:       # a notice on a weekend or holiday
                notice = notice + dt.timedelta(days=(5 - notice.weekday()) % 7)
            calls.append({"notice": iso(notice), "amount": str(D(rng.randrange(1, 9)) * 1000)})
        amount = sum(D(c["amount"]) for c in calls)
        capped = i % 2 == 1
        start_month, label = rng.choice([(1, "end_year"), (4, "start_year"), (10, "end_year")])
        cap = D(rng.choice([3000, 5000, 8000])) if capped else None
        c = CALS[cal]
        due = []
        for call in calls:
            nd = qd(dt.date.fromisoformat(call["notice"]))
            if basis == "business_days":
                d = c.advance(nd, notice_days, ql.Days)
            else:
                d = c.adjust(nd + notice_days, ql.Following)
            due.append((pd(d), D(call["amount"])))
        due.sort(key=lambda x: x[0])
        flows = {}

        def pay(d, a):
            if a > 0:
                flows[d] = flows.get(d, D(0)) + a

        if cap is None:
            for d, a in due:
                pay(d, a)
        else:
            spill = []                      # amounts carried, oldest first
            queue = list(due)
            year = year_of(queue[0][0], start_month, label)
            while queue or spill:
                if not spill:
                    year = max(year, year_of(queue[0][0], start_month, label))
                room = cap
                if spill:
                    first_day = pd(c.adjust(qd(start_of(year, start_month, label)), ql.Following))
                    carried = sum(spill)
                    p = min(carried, room)
                    pay(first_day, p)
                    room -= p
                    spill = [carried - p] if carried - p > 0 else []
                while queue and year_of(queue[0][0], start_month, label) == year:
                    d, a = queue.pop(0)
                    p = min(a, room)
                    pay(d, p)
                    room -= p
                    if a - p > 0:
                        spill.append(a - p)
                year += 1
        plan = {"kind": "capital_calls", "calls": calls, "notice_days": notice_days,
                "notice_basis": basis, "calendar": cal,
                "year": {"start_month": start_month, "label": label}}
        if cap is not None:
            plan["annual_cap"] = str(cap)
        out.append({"id": f"calls-{i}", "plan": plan, "amount": str(amount),
                    "flows": [[iso(d), str(a)] for d, a in sorted(flows.items())]})
    return out


data = {
    "quantlib": QL_VERSION,
    "seed": SEED,
    "target_holidays": TARGET_HOLIDAYS,
    "until": until_cases(12),
    "annual_cap": annual_cap_cases(10),
    "capital_calls": capital_call_cases(12),
}
path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "quantlib_plan_dates.json")
with open(path, "w") as f:
    json.dump(data, f, indent=1)
    f.write("\n")
