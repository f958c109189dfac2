#!/usr/bin/env python3
"""An independent replay of tests/data/golden_ledger.toml, written from the
documented rules, not from the engine's code:

- `Funding` and `FundingSource` (src/affordability/funding.rs): sources in
  order, interest on each balance at the start of the year (none in the year
  of issue), bullet / equal amortisation, swap-line room and rollovers, the
  horizon, the funding cost;
- `Stock`, `AdequacyFloor`, `IncomePolicy`, `Limits`, `Constraint`
  (capacity.rs): income, inflows, floors, what can be drawn, what each limit
  counts;
- `Deferral` (deferral.rs), `FxPath` (fx.rs), the `Summary` fields
  (report.rs), the telescoped conversion of tests/data/korea_ledger.py.

Exact decimal arithmetic throughout (the present values too, with 60
digits; the engine discounts with f64, so the test allows one minor unit
there).

    python3 tests/data/golden_ledger.py > tests/data/golden_ledger.json

tests/golden_ledger.rs compares every field of every row and the summary
of the CLI's JSON for the scenario with this file.

Readings taken where a doc leaves room:
- an outlay of a source in the payer's currency is met in whole cents
  (the most whole cents whose telescoped cost fits what the source and
  the conversion room have left), unless the whole need fits;
- "equal amortisation, parts in whole minor units, the last takes the
  rest": part k is trunc(original*k/tenor) - trunc(original*(k-1)/tenor)
  (cumulative truncation, so no part differs from another by more than a
  minor unit), the last year takes the balance.
"""
import json
from datetime import date
from decimal import Decimal as D, ROUND_HALF_EVEN, ROUND_DOWN, getcontext

getcontext().prec = 60

# --- the scenario (tests/data/golden_ledger.toml), restated -------------
FY_START_MONTH = 4                    # labelled by the year it starts
FLOWS = [(date(2026, 6, 1), D("1e9")), (date(2028, 4, 1), D("4e9"))]
FLOWS += [(date(2028 + k, 2, 1), D("5e9")) for k in range(5)]
FX_FIRST = 2025
FX = [D(x) for x in ["1390", "1400", "1425", "1530", "1480", "1450", "1440",
                     "1430", "1420", "1410"] + ["1400"] * 13]
TRIGGER = D(1500)                     # deferral: FX above 1,500
PAY_SHARE = D("0.6")
MAX_DELAY = 2
FLOW_BASE_YEAR, FLOW_BASE, FLOW_GROWTH, FLOW_SHARE = 2025, D("100e12"), D("0.03"), D("0.1")
FX_CAP = D("4e12")                    # KRW converted into USD a year
STOCK_START, STOCK_LEVEL, YIELD, INFLOWS = 2025, D("22e9"), D("0.03"), D("0.5e9")
FLOOR = D("10e9")
IMPORTS, IMPORTS_YEAR, IMPORTS_GROWTH, MONTHS = D("60e9"), 2025, D("0.05"), D(3)
SPENT = True                          # income not used leaves the stock
BUDGET = D("1.5e12")
SWAP_LIMIT, SWAP_RATE, SWAP_TENOR, SWAP_ROLLOVERS = D("3e9"), D("0.04"), 1, 2
KRW_COUPON, KRW_LIMIT, KRW_TENOR = D("0.035"), D("3e12"), 3      # bullet
USD_COUPON, USD_LIMIT, USD_TENOR = D("0.05"), D("2.5e9"), 3      # amortising
DISCOUNT = D("0.045")

CENT, WON = D("0.01"), D(1)


def rnd(x, unit):
    return x.quantize(unit, rounding=ROUND_HALF_EVEN)


def trunc(x, unit):
    return x.quantize(unit, rounding=ROUND_DOWN)


def fiscal_year(d):
    return d.year if d.month >= FY_START_MONTH else d.year - 1


def rate(y):
    return FX[y - FX_FIRST]


def to_krw(usd, y):
    return rnd(usd * rate(y), WON)


def stock_floor(y):
    adequacy = rnd(IMPORTS * (1 + IMPORTS_GROWTH) ** (y - IMPORTS_YEAR) * MONTHS / 12, CENT)
    return max(FLOOR, adequacy)


def stock_year(level, y):
    """income, additions, income available, principal available, floor"""
    income = rnd(level * YIELD, CENT)
    additions = income + INFLOWS
    floor = stock_floor(y)
    base = level + min(additions, D(0))
    return additions, max(additions, D(0)), max(base - floor, D(0)), floor


def stock_after(level, additions, income_used, principal_used):
    kept = min(additions, D(0)) if SPENT else additions - income_used
    return level + kept - principal_used


class Telescope:
    """USD amounts taken one after another, converted at the year's rate so
    that the won parts sum to the conversion of the dollar total."""

    def __init__(self, r):
        self.r, self.taken, self.reported = r, D(0), D(0)

    def cost(self, usd):
        return rnd((self.taken + usd) * self.r, WON) - self.reported

    def take(self, usd):
        c = self.cost(usd)
        self.taken += usd
        self.reported += c
        return c

    def most_within(self, want, budget):
        """The most of `want`, in whole cents unless all of it, costing at
        most `budget` won."""
        if self.cost(want) <= budget:
            return want
        # cost(o) is non-decreasing in o: start from the exact quotient and
        # walk to the largest whole-cent o with cost(o) <= budget.
        o = max(D(0), min(want, trunc((self.reported + budget) / self.r - self.taken, CENT)))
        while o > 0 and self.cost(o) > budget:
            o -= CENT
        while o + CENT < want and self.cost(o + CENT) <= budget:
            o += CENT
        return o


class Debt:
    def __init__(self, kind, foreign, coupon, amount, year, tenor, amortising, rollovers):
        self.kind, self.foreign, self.coupon = kind, foreign, coupon
        self.original = self.balance = amount
        self.issued, self.tenor, self.amortising = year, tenor, amortising
        self.maturity, self.rollovers = year + tenor, rollovers

    def unit(self):
        return CENT if self.foreign else WON

    def due(self, y):
        if not self.amortising:
            if y != self.maturity:
                return D(0)
            if self.rollovers > 0:          # rolled over: no cash moves
                self.rollovers -= 1
                self.maturity += self.tenor
                return D(0)
            return self.balance
        k = y - self.issued
        if k < 1 or k > self.tenor:
            return D(0)
        if y == self.maturity:
            return self.balance
        u = self.unit()
        part = trunc(self.original * k / self.tenor, u) - trunc(self.original * (k - 1) / self.tenor, u)
        return min(part, self.balance)

    def final_due(self):
        return self.maturity + self.tenor * self.rollovers


# --- the outlays per fiscal year, then the deferral rule ----------------
scheduled = {}
for d, a in FLOWS:
    scheduled[fiscal_year(d)] = scheduled.get(fiscal_year(d), D(0)) + a
first, last = min(scheduled), max(scheduled)

level = STOCK_LEVEL
for y in range(STOCK_START, first):       # the stock rolled to the first year
    additions, _, _, _ = stock_year(level, y)
    level = stock_after(level, additions, D(0), D(0))

debts = []
carried = []                              # [year carried from, amount], oldest first
rows = []
horizon = None
y = first
while True:
    # deferral
    sched = scheduled.get(y, D(0))
    due_total = sum((a for _, a in carried), D(0)) + sched
    triggered = due_total > 0 and rate(y) > TRIGGER
    if triggered:
        must = sum((a for (c, a) in carried if y - c >= MAX_DELAY), D(0))
        paid = max(trunc(due_total * PAY_SHARE, CENT), must)
    else:
        paid = due_total
    left = paid
    new_carried = []
    for c, a in carried + [[y, sched]]:
        p = min(a, left)
        left -= p
        if a - p > 0:
            new_carried.append([c, a - p])
    carried = new_carried
    carried_after = sum((a for _, a in carried), D(0))

    r = rate(y)
    # 1. debt service due, and the swap line's balance at the year's start
    int_f = int_d = prin_f = prin_d = D(0)
    swap_balance = D(0)
    for dbt in debts:
        interest = rnd(dbt.balance * dbt.coupon, dbt.unit()) if y > dbt.issued else D(0)
        if dbt.kind == "swap":
            swap_balance += dbt.balance
        due = dbt.due(y)
        dbt.balance -= due
        if dbt.foreign:
            int_f += interest
            prin_f += due
        else:
            int_d += interest
            prin_d += due
    debts = [dbt for dbt in debts if dbt.balance != 0]

    # 2. the need, in won (telescoped parts)
    parts = Telescope(r)
    outlay_p = parts.take(paid)
    interest_p = parts.take(int_f) + int_d
    principal_p = parts.take(prin_f) + prin_d
    need_p = outlay_p + interest_p + principal_p
    foreign = paid + int_f + prin_f
    domestic = int_d + prin_d

    # 3. the stock and the limits
    additions, income_avail, principal_avail, floor = stock_year(level, y)
    flow_limit = rnd(FLOW_BASE * (1 + FLOW_GROWTH) ** (y - FLOW_BASE_YEAR) * FLOW_SHARE, WON)
    stock_limit = to_krw(income_avail + principal_avail, y)

    # 4. the sources in order
    tele = Telescope(r)
    room = FX_CAP
    converted = D(0)

    def domestic_source(avail):
        """A won source: the won need directly, then dollars by converting
        within what is left and the conversion room."""
        global domestic, foreign, room, converted
        direct = min(domestic, avail)
        domestic -= direct
        drawn = direct
        if foreign > 0:
            o = tele.most_within(foreign, max(D(0), min(avail - direct, room)))
            if o > 0:
                p = tele.take(o)
                foreign -= o
                converted += p
                room -= p
                drawn += p
        return drawn

    def foreign_source(avail):
        global foreign
        take = min(foreign, max(avail, D(0)))
        foreign -= take
        return take, tele.take(take)

    from_income = domestic_source(BUDGET)
    income_used, p = foreign_source(income_avail)
    from_income += p
    stock_drawn = p
    swap_room = max(SWAP_LIMIT - swap_balance, D(0))
    drawn, from_swap = foreign_source(swap_room)
    if drawn > 0:
        debts.append(Debt("swap", True, SWAP_RATE, drawn, y, SWAP_TENOR, False, SWAP_ROLLOVERS))
    krw = domestic_source(KRW_LIMIT)
    if krw > 0:
        debts.append(Debt("krw", False, KRW_COUPON, krw, y, KRW_TENOR, False, 0))
    drawn, usd_p = foreign_source(USD_LIMIT)
    if drawn > 0:
        debts.append(Debt("usd", True, USD_COUPON, drawn, y, USD_TENOR, True, 0))
    borrowed = krw + usd_p
    principal_used, from_principal = foreign_source(principal_avail)
    stock_drawn += from_principal
    unfunded = need_p - from_income - borrowed - from_swap - from_principal

    # 5. the stock after the year, the debt left
    level = stock_after(level, additions, income_used, principal_used)
    debt_after = sum((d.balance for d in debts if not d.foreign), D(0)) + to_krw(
        sum((d.balance for d in debts if d.foreign), D(0)), y)

    limits = [
        {"name": "current account", "limit": flow_limit, "used": outlay_p},
        {"name": "FX market", "limit": FX_CAP, "used": converted},
        {"name": "reserves", "limit": stock_limit, "used": stock_drawn},
    ]
    for l in limits:
        l["share"] = l["used"] / l["limit"] if l["limit"] > 0 else None
    # binding: the largest share, then the least headroom, then the first
    binding = limits[0]
    for l in limits[1:]:
        if l["share"] > binding["share"] or (
                l["share"] == binding["share"]
                and l["limit"] - l["used"] < binding["limit"] - binding["used"]):
            binding = l
    headroom = binding["limit"] - binding["used"]
    below = level < floor
    breach = None
    if headroom < 0 or unfunded > 0 or below:
        breach = {"capacity": binding["name"] if headroom < 0 else None,
                  "unfunded": unfunded > 0,
                  "stock": "reserves" if below else None}
    rows.append({
        "year": y, "scheduled": sched, "due": due_total, "paid": paid,
        "carried": carried_after, "triggered": triggered,
        "outlay": paid, "outlay_payer": outlay_p, "rate": r,
        "capacity": binding["limit"], "binding": binding["name"],
        "headroom": headroom, "share_used": binding["share"], "limits": limits,
        "funding": {"from_income": from_income, "borrowed": borrowed,
                    "from_swap": from_swap, "from_principal": from_principal,
                    "unfunded": unfunded},
        "interest": interest_p, "principal_repaid": principal_p,
        "debt_after": debt_after, "converted": converted,
        "stock_after": level, "stock_floor": floor, "adequacy": level / floor,
        "breach": breach,
    })

    # the horizon: fixed after the last outlay year (and nothing carried),
    # the year the last debt then outstanding falls due
    if y >= last and not carried:
        if horizon is None:
            horizon = max((d.final_due() for d in debts), default=y)
        if y >= horizon or not debts:
            break
    y += 1


# --- the summary ---------------------------------------------------------
def first_extreme(key, better):
    best = None
    for r in rows:
        v = key(r)
        if v is not None and (best is None or better(v, key(best))):
            best = r
    return best


def pv(values):
    if all(v == 0 for v in values):
        return D(0)
    return rnd(sum(v / (1 + DISCOUNT) ** k for k, v in enumerate(values)), WON)


peak = first_extreme(lambda r: r["outlay_payer"], lambda a, b: a > b)
low_head = first_extreme(lambda r: r["headroom"], lambda a, b: a < b)
low_stock = first_extreme(lambda r: r["stock_after"], lambda a, b: a < b)
low_adeq = first_extreme(lambda r: r["adequacy"], lambda a, b: a < b)
largest = first_extreme(lambda r: r["share_used"], lambda a, b: a > b)
carried_rows = [r for r in rows if r["carried"] > 0]
peak_carried = first_extreme(lambda r: r["carried"] if r["carried"] > 0 else None, lambda a, b: a > b)
interests = [r["interest"] for r in rows]
service = [r["interest"] + r["principal_repaid"] for r in rows]
service[-1] += rows[-1]["debt_after"]
summary = {
    "peak": [peak["year"], peak["outlay_payer"]],
    "years_in_breach": [r["year"] for r in rows if r["breach"]],
    "largest_share": [largest["year"], largest["share_used"]],
    "lowest_headroom": [low_head["year"], low_head["headroom"]],
    "lowest_stock": [low_stock["year"], low_stock["stock_after"]],
    "lowest_adequacy": [low_adeq["year"], low_adeq["adequacy"]],
    "total_interest": sum(interests, D(0)),
    "pv_interest": pv(interests),
    "total_borrowed": sum((r["funding"]["borrowed"] + r["funding"]["from_swap"] for r in rows), D(0)),
    "total_repaid": sum((r["principal_repaid"] for r in rows), D(0)),
    "final_debt": rows[-1]["debt_after"],
    "funding_cost": pv(service),
    "total_converted": sum((r["converted"] for r in rows), D(0)),
    "deferred_years": [r["year"] for r in rows if r["triggered"]],
    "peak_carried": [peak_carried["year"], peak_carried["carried"]] if peak_carried else None,
    "verdict": "unaffordable" if any(r["breach"] for r in rows) else "not checked",
}


def out(x):
    """Amounts as strings (exact), ratios as floats."""
    if isinstance(x, dict):
        return {k: (float(v) if k in ("share", "share_used", "adequacy") and v is not None
                    else out(v)) for k, v in x.items()}
    if isinstance(x, list):
        return [out(v) for v in x]
    if isinstance(x, D):
        return str(x)
    return x


for key in ("largest_share", "lowest_adequacy"):
    summary[key][1] = float(summary[key][1])
print(json.dumps({"rows": out(rows), "summary": out(summary)}, indent=1))
