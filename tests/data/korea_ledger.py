#!/usr/bin/env python3
"""An independent model of the Korea scenario's agreed plan, written from the
rules stated in the docs (src/affordability/funding.rs, `Funding`) and the
scenario file, not from the engine's code. Exact decimal arithmetic.

    python3 tests/data/korea_ledger.py > tests/data/korea_agreed_ledger.json

The integration test `tests/cli.rs::afford_table_and_json` compares the
CLI's JSON for `examples/scenarios/korea_us_2025.toml` with this file,
row by row.
"""
import json
from decimal import Decimal as D, ROUND_HALF_EVEN, ROUND_DOWN, getcontext

getcontext().prec = 60

RATE = D(1430)            # 1 USD = 1,430 KRW, flat
CENT = D("0.01")
WON = D(1)


def usd(x):
    return x.quantize(CENT, rounding=ROUND_HALF_EVEN)


def won(x):
    return x.quantize(WON, rounding=ROUND_HALF_EVEN)


class Telescope:
    """Dollar amounts taken one after another, converted so that the won
    parts sum to the conversion of the dollar total."""

    def __init__(self):
        self.taken = D(0)
        self.reported = D(0)

    def take(self, amount):
        after = self.taken + amount
        part = won(after * RATE) - self.reported
        self.taken = after
        self.reported += part
        return part


outlays = {2026 + k: D("20e9") for k in range(10)}   # the $20B cap filled
level = D("428820000000")                             # reserves, USD
YIELD = D("0.03498")
COUPON = D("0.04")
TENOR = 10
LIMIT = D("20e9")                                     # new bonds a year
DISCOUNT = D("0.045")
CAP = D("28600000000000")                             # FX absorption, won


def floor(year):
    # three months of $632B of imports in 2024, growing 2% a year
    return usd(D("632e9") * D("1.02") ** (year - 2024) * D(3) / D(12))


issues = []   # [issued, balance]
rows = []
year = 2026
horizon = None
while True:
    outlay = outlays.get(year, D(0))
    # debt service falling due: interest on each issue's balance at the start
    # of the year (none in the year of issue), principal at maturity
    interest = sum((usd(b * COUPON) for (y, b) in issues if year > y), D(0))
    principal = sum((b for (y, b) in issues if year == y + TENOR), D(0))
    issues = [(y, b) for (y, b) in issues if year != y + TENOR]
    parts = Telescope()
    outlay_p = parts.take(outlay)
    interest_p = parts.take(interest)
    principal_p = parts.take(principal)
    need = outlay + interest + principal
    need_p = outlay_p + interest_p + principal_p
    income = usd(level * YIELD)
    fl = floor(year)
    principal_avail = max(D(0), level - fl)
    tele = Telescope()
    from_income = min(need, income)
    from_income_p = tele.take(from_income)
    rest = need - from_income
    borrowed = min(rest, LIMIT)
    borrowed_p = tele.take(borrowed)
    if borrowed > 0:
        issues.append((year, borrowed))
    unfunded_p = need_p - from_income_p - borrowed_p
    level = level + income - from_income
    debt = sum((b for (_, b) in issues), D(0))
    stock_limit = won((income + principal_avail) * RATE)
    stock_used = from_income_p
    # binding: the largest share; the FX cap converts nothing here
    rows.append({
        "year": year,
        "outlay_payer": str(outlay_p),
        "interest": str(interest_p),
        "principal_repaid": str(principal_p),
        "from_income": str(from_income_p),
        "borrowed": str(borrowed_p),
        "unfunded": str(unfunded_p),
        "debt_after": str(won(debt * RATE)),
        "converted": "0",
        "stock_after": str(level),
        "stock_floor": str(fl),
        "stock_limit": str(stock_limit),
        "stock_share": float(stock_used / stock_limit),
        "fx_cap": str(CAP),
    })
    if year == max(outlays):
        horizon = max((y + TENOR for (y, _) in issues), default=year)
    if horizon is not None and (year >= horizon or debt == 0):
        break
    year += 1


def pv(values):
    return won(sum(v / (1 + DISCOUNT) ** k for k, v in enumerate(values)))


interests = [D(r["interest"]) for r in rows]
service = [D(r["interest"]) + D(r["principal_repaid"]) for r in rows]
service[-1] += D(rows[-1]["debt_after"])
summary = {
    "rows": len(rows),
    "total_interest": str(sum(interests)),
    "total_borrowed": str(sum(D(r["borrowed"]) for r in rows)),
    "total_repaid": str(sum(D(r["principal_repaid"]) for r in rows)),
    "final_debt": rows[-1]["debt_after"],
    "pv_interest": str(pv(interests)),
    "funding_cost": str(pv(service)),
}
print(json.dumps({"rows": rows, "summary": summary}, indent=1))
