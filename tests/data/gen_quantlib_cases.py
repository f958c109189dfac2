#!/usr/bin/env python3
"""Generate tests/data/quantlib_schedules.json: random cases computed by QuantLib.

The JSON is replayed by tests/quantlib_schedules.rs against disburse's
`DateSchedule` builder, `BusinessCalendar::advance_business_days` and
`DayCount::year_fraction`.

Regenerate (needs QuantLib 1.44 exactly, from PyPI: `pip install QuantLib==1.44`):

    python tests/data/gen_quantlib_cases.py            # writes tests/data/quantlib_schedules.json
    python tests/data/gen_quantlib_cases.py OUT.json   # or elsewhere
    python tests/data/gen_quantlib_cases.py OUT.json SEED SCALE
        # an ad-hoc wider run: another seed, SCALE times as many cases

The output is deterministic for a given seed (SEED below) and QuantLib version.

Contents, one case per line:
- "schedules": `ql.Schedule(effective, termination, tenor, calendar, convention,
  terminationDateConvention, rule, endOfMonth, firstDate, nextToLastDate)`.
  Keys: eff, term, tenor ("6M", "0D", ...), cal ("null" | "weekends" |
  "holidays"), hol (holiday dates of the "holidays" calendar: Saturday and
  Sunday weekends plus these dates, built in QuantLib as a BespokeCalendar),
  conv / tconv ("U", "F", "MF", "P", "MP"), rule ("F", "B", "Z"), eom,
  optional first / ntl; then either dates + reg (one "1"/"0" per period,
  QuantLib's isRegular) or error: true with QuantLib's message in msg.
  QuantLib 1.44 throws "year outside valid range" for the Zero rule with
  endOfMonth on and a tenor of a month or more: it tests its never-set seed,
  the null Date(), for month end. Those cases carry ql_defect:
  "zero_rule_eom" and, in no_eom, QuantLib's result with endOfMonth off,
  which is what disburse gives (the Zero rule has no interior dates for the
  end-of-month rule to move). Cases where QuantLib returns dates that do not
  strictly increase (a first date after the next-to-last date, which it
  does not check, or a date repeated by the end-of-month or termination
  adjustment) carry ql_defect: "not_increasing"; disburse must return an
  error for them.
- "advance": `calendar.advance(date, n, ql.Days)` (default Following when n is 0).
- "year_fractions": QuantLib's float yearFraction(d1, d2) in yf, and the exact
  rational value in exact ("num/den", reduced): the day count (QuantLib's
  dayCount) over 360 or 365, and for Act/Act ISDA QuantLib's own formula
  (y2 - y1 - 1 + days to 1 Jan y1+1 / days in y1 + days from 1 Jan y2 / days
  in y2) evaluated with fractions.Fraction, since QuantLib's float is not
  always the correctly rounded value of that fraction. The last 5% are
  Act/Act ISDA spans of a few days late in a year, where that float is
  least accurate.
Dates are "YYYY-MM-DD".
"""

import datetime as dt
import json
import os
import random
import sys
from fractions import Fraction

import QuantLib as ql

QL_VERSION = "1.44"
SEED = 20260501
N_SCHEDULES = 2000
N_ADVANCE = 500
N_YEAR_FRACTIONS = 2000
# Optional, for wider ad-hoc runs (not the committed file): OUT SEED SCALE.
if len(sys.argv) > 2:
    SEED = int(sys.argv[2])
if len(sys.argv) > 3:
    N_SCHEDULES, N_ADVANCE, N_YEAR_FRACTIONS = (n * int(sys.argv[3]) for n in (N_SCHEDULES, N_ADVANCE, N_YEAR_FRACTIONS))

if ql.__version__ != QL_VERSION:
    sys.exit(f"needs QuantLib {QL_VERSION} (pip install QuantLib=={QL_VERSION}), found {ql.__version__}")

rng = random.Random(SEED)

CONVENTIONS = {
    "U": ql.Unadjusted,
    "F": ql.Following,
    "MF": ql.ModifiedFollowing,
    "P": ql.Preceding,
    "MP": ql.ModifiedPreceding,
}
RULES = {"F": ql.DateGeneration.Forward, "B": ql.DateGeneration.Backward, "Z": ql.DateGeneration.Zero}
UNITS = {"D": ql.Days, "W": ql.Weeks, "M": ql.Months, "Y": ql.Years}
TENORS = ["1D", "1W", "2W", "1M", "2M", "3M", "4M", "6M", "1Y", "2Y"]
TENOR_DAYS = {"D": 1, "W": 7, "M": 30.44, "Y": 365.25}
DAY_COUNTS = {
    "act365f": ql.Actual365Fixed(),
    "act360": ql.Actual360(),
    "30360_bond": ql.Thirty360(ql.Thirty360.BondBasis),
    "30360_us": ql.Thirty360(ql.Thirty360.USA),
    "30e360": ql.Thirty360(ql.Thirty360.European),
    "actact_isda": ql.ActualActual(ql.ActualActual.ISDA),
}


# ---------------------------------------------------------------- dates


def to_ql(d):
    return ql.Date(d.day, d.month, d.year)


def from_ql(d):
    return dt.date(d.year(), d.month(), d.dayOfMonth())


def iso(d):
    return d.isoformat()


def month_end(y, m):
    nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
    return nxt - dt.timedelta(days=1)


def add_months(d, n):
    idx = d.year * 12 + d.month - 1 + n
    y, m = divmod(idx, 12)
    m += 1
    return dt.date(y, m, min(d.day, month_end(y, m).day))


def is_leap(y):
    return y % 4 == 0 and (y % 100 != 0 or y % 400 == 0)


def random_day(lo_year, hi_year):
    lo = dt.date(lo_year, 1, 1).toordinal()
    hi = dt.date(hi_year, 12, 31).toordinal()
    return dt.date.fromordinal(rng.randint(lo, hi))


def interesting_date(lo_year, hi_year):
    """A date biased to month ends, Feb 28/29, 30/31sts, weekends and month starts."""
    r = rng.random()
    d = random_day(lo_year, hi_year)
    if r < 0.35:
        return d
    if r < 0.52:
        return month_end(d.year, d.month)
    if r < 0.62:
        y = d.year
        if rng.random() < 0.5:  # push towards a leap year
            y = y - y % 4 if y - y % 4 >= lo_year else y
        return dt.date(y, 2, rng.choice([28, 29] if is_leap(y) else [28, 27]))
    if r < 0.70:  # 30th of a 31-day month, or a day or two before a month end
        e = month_end(d.year, d.month)
        return e - dt.timedelta(days=rng.choice([1, 1, 2]))
    if r < 0.78:  # the last weekday of a month whose month end is on a weekend
        e = month_end(d.year, d.month)
        while e.weekday() >= 5:
            e -= dt.timedelta(days=1)
        return e
    if r < 0.90:  # a weekend day
        while d.weekday() < 5:
            d += dt.timedelta(days=1)
        return d
    if r < 0.95:
        return d.replace(day=1)
    return d.replace(day=31) if month_end(d.year, d.month).day == 31 else d


# ---------------------------------------------------------------- calendars


def make_calendar(kind, holidays, uid):
    if kind == "null":
        return ql.NullCalendar()
    if kind == "weekends":
        return ql.WeekendsOnly()
    cal = ql.BespokeCalendar(f"holidays-{uid}")
    cal.addWeekend(ql.Saturday)
    cal.addWeekend(ql.Sunday)
    for h in holidays:
        cal.addHoliday(to_ql(h))
    return cal


def holidays_near(anchors, budget):
    """Holidays at or around the anchor dates, some in runs of several days."""
    out = set()
    anchors = sorted(anchors)  # sets of dates iterate in a hash-seed-dependent order
    rng.shuffle(anchors)
    for a in anchors:
        if len(out) >= budget:
            break
        start = a - dt.timedelta(days=rng.choice([0, 0, 0, 1, 2, 3]))
        for k in range(rng.choice([1, 1, 1, 2, 3, 4])):
            out.add(start + dt.timedelta(days=k))
    return sorted(out)[: budget + 4]


# ---------------------------------------------------------------- schedules


def tenor_period(tenor):
    return ql.Period(int(tenor[:-1]), UNITS[tenor[-1]])


def step(d, tenor, k):
    n, u = int(tenor[:-1]), tenor[-1]
    if u == "D":
        return d + dt.timedelta(days=n * k)
    if u == "W":
        return d + dt.timedelta(days=7 * n * k)
    return add_months(d, n * k * (12 if u == "Y" else 1))


def schedule_case(uid):
    tenor = rng.choice(TENORS) if rng.random() > 0.02 else rng.choice(["0D", "0M", "0Y"])
    eff = interesting_date(1999, 2060)
    length = max(int(tenor[:-1]), 1) * TENOR_DAYS[tenor[-1]]
    # Up to ~40 periods mostly, a few long ones; never past 40 years.
    max_periods = 40 if rng.random() < 0.9 else 250
    max_days = min(40 * 366, int(length * max_periods) + 5)
    r = rng.random()
    if r < 0.15:
        term = eff + dt.timedelta(days=rng.randint(1, 40))
    elif r < 0.45 and tenor[0] != "0":  # a whole number of tenors, perhaps jittered
        k = rng.randint(1, max(1, int(max_days / length)))
        term = step(eff, tenor, k) + dt.timedelta(days=rng.choice([0, 0, 0, -1, 1, -2, 2, -3, 3]))
    elif r < 0.60:  # a month end some months later
        t = add_months(eff, rng.randint(1, max(1, min(480, max_days // 30))))
        term = month_end(t.year, t.month)
    else:
        term = eff + dt.timedelta(days=rng.randint(1, max_days))
    if rng.random() < 0.12:  # termination on a weekend
        while term.weekday() < 5:
            term += dt.timedelta(days=1)
    while (term - eff).days > 40 * 366:
        term -= dt.timedelta(days=366)

    case = {
        "eff": eff,
        "term": term,
        "tenor": tenor,
        "cal": rng.choice(["null", "weekends", "holidays", "holidays"]),
        "conv": rng.choice(list(CONVENTIONS)),
        "tconv": rng.choice(list(CONVENTIONS)),
        "rule": rng.choices(["F", "B", "Z"], weights=[45, 45, 10])[0],
        "eom": rng.random() < 0.5,
    }
    span = (term - eff).days
    r = rng.random()
    if span > 2 and r < 0.30:
        lo, hi = eff.toordinal() + 1, term.toordinal() - 1

        def inside():
            # Often a whole tenor from an end, or a month end, else anywhere inside.
            q = rng.random()
            if q < 0.3 and tenor[0] != "0":
                c = step(eff, tenor, 1) if rng.random() < 0.5 else step(term, tenor, -1)
                c += dt.timedelta(days=rng.choice([0, 0, -1, 1]))
            elif q < 0.5:
                c = dt.date.fromordinal(rng.randint(lo, hi))
                c = month_end(c.year, c.month)
            else:
                c = dt.date.fromordinal(rng.randint(lo, hi))
            return c if lo <= c.toordinal() <= hi else dt.date.fromordinal(rng.randint(lo, hi))

        which = rng.choice(["first", "ntl", "both"])
        if which == "both":
            a, b = sorted([inside(), inside()])
            if rng.random() < 0.1:  # first after next-to-last: QuantLib does not check
                a, b = b, a
            if a != b:
                case["first"], case["ntl"] = a, b
        else:
            case[which] = inside()
    elif r < 0.36:  # boundary and out-of-range stubs (ignored or rejected by QuantLib)
        which = rng.choice(["first", "ntl"])
        delta = rng.choice([-20, -1, 0, 0, 1, 20])
        base = rng.choice([eff, term])
        case[which] = base + dt.timedelta(days=delta)
    elif r < 0.39:  # invalid date ranges
        if rng.random() < 0.5:
            case["term"] = eff
        else:
            case["eff"], case["term"] = term, eff

    if case["cal"] == "holidays":
        anchors = [case["eff"], case["term"]] + [case[k] for k in ("first", "ntl") if k in case]
        if tenor[0] != "0":
            seeds = [case.get("first", case["eff"]), case.get("ntl", case["term"])]
            for s in seeds:
                for k in range(-40, 41):
                    c = step(s, tenor, k)
                    if case["eff"] - dt.timedelta(days=10) <= c <= case["term"] + dt.timedelta(days=10):
                        anchors.append(c)
                        anchors.append(month_end(c.year, c.month))
        case["hol"] = holidays_near(set(anchors), rng.choice([3, 8, 15, 25]))
    return case


def run_schedule(case, uid):
    cal = make_calendar(case["cal"], case.get("hol", []), uid)
    args = [
        to_ql(case["eff"]),
        to_ql(case["term"]),
        tenor_period(case["tenor"]),
        cal,
        CONVENTIONS[case["conv"]],
        CONVENTIONS[case["tconv"]],
        RULES[case["rule"]],
        case["eom"],
        to_ql(case["first"]) if "first" in case else ql.Date(),
        to_ql(case["ntl"]) if "ntl" in case else ql.Date(),
    ]
    try:
        s = ql.Schedule(*args)
        dates = [from_ql(d) for d in s.dates()]
        reg = "".join("1" if s.isRegular(i) else "0" for i in range(1, len(dates)))
        if any(b <= a for a, b in zip(dates, dates[1:])):
            # QuantLib returns dates that do not strictly increase: a first
            # date after the next-to-last date (which it does not check), or
            # a date repeated by the end-of-month or termination adjustment
            # that its one-pass safety check does not merge. disburse returns
            # an error instead (its schedules strictly increase).
            return {"dates": dates, "reg": reg, "ql_defect": "not_increasing"}
        return {"dates": dates, "reg": reg}
    except RuntimeError as e:
        out = {"error": True, "msg": str(e).split("\n")[0][:90]}
        if case["rule"] == "Z" and case["eom"] and out["msg"] == "year outside valid range":
            # A QuantLib defect: with the Zero rule the seed date is never
            # set, and the end-of-month test reads the null Date() (serial 0).
            # Record what QuantLib gives without the end-of-month flag, which
            # the Zero rule cannot use anyway (no interior dates).
            out["ql_defect"] = "zero_rule_eom"
            out["no_eom"] = run_schedule({**case, "eom": False}, f"{uid}-noeom")
        return out


def encode(obj):
    if isinstance(obj, dt.date):
        return iso(obj)
    if isinstance(obj, list):
        return [encode(x) for x in obj]
    if isinstance(obj, dict):
        return {k: encode(v) for k, v in obj.items()}
    return obj


def line(obj):
    return json.dumps(encode(obj), separators=(",", ":"))


# ---------------------------------------------------------------- advance


def advance_case(uid):
    kind = rng.choice(["null", "weekends", "holidays", "holidays"])
    d = interesting_date(1999, 2060)
    n = rng.randint(-60, 60) if rng.random() > 0.08 else 0
    case = {"cal": kind, "date": d, "n": n}
    if kind == "holidays":
        lo = min(0, n) * 2 - 10
        hi = max(0, n) * 2 + 10
        anchors = {d + dt.timedelta(days=rng.randint(lo, hi)) for _ in range(12)} | {d}
        anchors |= {month_end(d.year, d.month)}
        case["hol"] = holidays_near(anchors, rng.choice([4, 10, 20]))
    cal = make_calendar(kind, case.get("hol", []), f"a{uid}")
    case["result"] = from_ql(cal.advance(to_ql(d), n, ql.Days))
    return case


# ---------------------------------------------------------------- year fractions


def act_act_isda_exact(d1, d2):
    """QuantLib's ActualActual::ISDA_Impl::yearFraction, evaluated exactly."""
    if d1 == d2:
        return Fraction(0)
    if d1 > d2:
        return -act_act_isda_exact(d2, d1)
    y1, y2 = d1.year, d2.year
    dib1 = 366 if is_leap(y1) else 365
    dib2 = 366 if is_leap(y2) else 365
    s = Fraction(y2 - y1 - 1)
    s += Fraction((dt.date(y1 + 1, 1, 1) - d1).days, dib1)
    s += Fraction((d2 - dt.date(y2, 1, 1)).days, dib2)
    return s


def year_fraction_case(short_act_act=False):
    name = "actact_isda" if short_act_act else rng.choice(list(DAY_COUNTS))
    dc = DAY_COUNTS[name]
    d1 = interesting_date(1999, 2060)
    r = rng.random()
    if short_act_act:
        # A few days late in a year: QuantLib's float Act/Act ISDA loses
        # digits to cancellation here (y2 - y1 - 1 = -1 plus two fractions).
        d1 = dt.date(d1.year, rng.randint(7, 12), rng.randint(1, 28))
        d2 = d1 + dt.timedelta(days=rng.randint(1, 3))
    elif r < 0.25:
        d2 = d1 + dt.timedelta(days=rng.randint(0, 40))
    elif r < 0.50:
        d2 = interesting_date(d1.year, min(d1.year + 3, 2062))
    elif r < 0.70:
        d2 = add_months(d1, rng.randint(1, 36))
        if rng.random() < 0.5:
            d2 = month_end(d2.year, d2.month)
    elif r < 0.85:
        d2 = interesting_date(1999, 2060)
    else:  # long spans
        d1 = interesting_date(1950, 1990)
        d2 = interesting_date(2030, 2100)
    if rng.random() < 0.18:
        d1, d2 = d2, d1
    yf = dc.yearFraction(to_ql(d1), to_ql(d2))
    if name == "actact_isda":
        exact = act_act_isda_exact(d1, d2)
        tol = 1e-13
    else:
        days = dc.dayCount(to_ql(d1), to_ql(d2))
        exact = Fraction(days, 365 if name == "act365f" else 360)
        tol = 1e-15
    assert abs(float(exact) - yf) <= tol * max(1.0, abs(yf)), (name, d1, d2, exact, yf)
    ex = f"{exact.numerator}/{exact.denominator}"
    return {"dc": name, "d1": d1, "d2": d2, "yf": yf, "exact": ex}


# ---------------------------------------------------------------- main


def main():
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(os.path.abspath(__file__)), "quantlib_schedules.json")
    schedules = []
    for uid in range(N_SCHEDULES):
        case = schedule_case(uid)
        case = {"id": uid, **case, **run_schedule(case, uid)}
        schedules.append(case)
    advance = [{"id": i, **advance_case(i)} for i in range(N_ADVANCE)]
    n_short = N_YEAR_FRACTIONS // 20
    year_fractions = [
        {"id": i, **year_fraction_case(short_act_act=i >= N_YEAR_FRACTIONS - n_short)} for i in range(N_YEAR_FRACTIONS)
    ]

    parts = ["{", f'"generator":"tests/data/gen_quantlib_cases.py","quantlib":"{ql.__version__}","seed":{SEED},']
    for key, cases in (("schedules", schedules), ("advance", advance), ("year_fractions", year_fractions)):
        parts.append(f'"{key}":[\n')
        parts.append(",\n".join(line(c) for c in cases))
        parts.append("\n]" + ("," if key != "year_fractions" else "") + "\n")
    parts.append("}\n")
    with open(out, "w") as f:
        f.write("".join(parts))
    n_err = sum(1 for c in schedules if c.get("error") and "ql_defect" not in c)
    n_def = sum(1 for c in schedules if "ql_defect" in c)
    print(
        f"{out}: {len(schedules)} schedules ({len(schedules) - n_err - n_def} ok, {n_err} errors, "
        f"{n_def} QuantLib defects), "
        f"{len(advance)} advance, {len(year_fractions)} year fractions, {os.path.getsize(out)} bytes"
    )


if __name__ == "__main__":
    main()
