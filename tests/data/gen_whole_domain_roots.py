"""Reference roots for tests/whole_domain_roots.rs, by mpmath at 60 digits.

Each case is dated flows (Act/365F from the earliest date, annual
compounding, as XIRR): the root r solves sum(a_i * (1 + r)^(-d_i/365)) = 0.
Closed forms are used where the flows allow; otherwise bisection in
x = ln(1 + r) (400 halvings at 60 digits) on a bracket holding the only
root (one sign change).
Run: python3 tests/data/gen_whole_domain_roots.py > tests/data/whole_domain_roots.json
"""
import datetime
import json

from mpmath import exp, log, mp, mpf

mp.dps = 60


def days(a, b):
    return (datetime.date.fromisoformat(b) - datetime.date.fromisoformat(a)).days


def root(flows):
    origin = min(d for d, _ in flows)
    terms = [(mpf(days(origin, d)) / 365, mpf(a)) for d, a in flows]
    f = lambda x: sum(a * exp(-x * t) for t, a in terms)
    if len(terms) == 2:
        (t0, a0), (t1, a1) = sorted(terms)
        x = log(-a1 / a0) / (t1 - t0)
    else:
        lo, hi = mpf(-60), mpf(60)
        assert f(lo) * f(hi) < 0
        for _ in range(400):
            mid = (lo + hi) / 2
            if f(mid) * f(lo) > 0:
                lo = mid
            else:
                hi = mid
        x = (lo + hi) / 2
    assert abs(f(x)) < mpf(10) ** -40
    return exp(x) - 1, x


CASES = {
    "one_month_150_for_100": [("2026-01-01", "-100"), ("2026-01-31", "150")],
    "write_off_99_9": [("2026-01-01", "-100"), ("2027-01-01", "0.1")],
    "loss_at_old_bound_99": [("2026-01-01", "-100"), ("2027-01-01", "1")],
    "loss_99_99_over_two_years": [("2026-01-01", "-100"), ("2028-01-01", "0.000001")],
    "one_year_million_fold": [("2026-01-01", "-1"), ("2027-01-01", "1000000")],
    "two_weeks_then_a_month": [("2026-01-01", "-100"), ("2026-01-15", "60"), ("2026-02-01", "60")],
    "near_total_loss_three_flows": [("2026-01-01", "-1000"), ("2026-07-01", "0.5"), ("2027-01-01", "0.25")],
}

out = {}
for name, flows in CASES.items():
    r, x = root(flows)
    out[name] = {
        "flows": [[d, a] for d, a in flows],
        "rate": mp.nstr(r, 40),
        "log_growth": mp.nstr(x, 40),
    }
print(json.dumps(out, indent=2))
