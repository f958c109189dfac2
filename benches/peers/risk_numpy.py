#!/usr/bin/env python3
"""NumPy peer of the `risk` bench: the same model, vectorised over paths.

The model of `examples/risk_sizes.rs` (and `benches/risk.rs`): a payer in
won with a share of a flow limiting its outlays (16% of a ₩176T flow in
2025 growing 3% a year, times the flow shock), dollar reserves of $428.82B
earning 3.5% + the rate shift (floored at 0), income kept; funding: reserve
income first, then 10-year USD bullet bonds at 4% + the rate shift at
issue, at most $20B of new bonds a year; debt service funded like an
outlay; horizon fixed at YEARS rows. Plans: ten annual installments of
$150B, $200B, … in total. Shocks per year, correlated through the Cholesky
factor of [[1, .3, -.2], [.3, 1, 0], [-.2, 0, 1]]: FX log-change
Normal(−σ²/2, σ²), σ = 0.10, around 1,430 won per dollar; Vasicek rate
(speed .3, level 3.5%, vol 1%) whose shift from 3.5% moves new coupons and
the reserve yield; flow log-growth Normal(0, 0.02²). A breach: the outlay
in won above the flow limit, or need left unfunded.

Differences from the Rust engine (which is exact): float64 money, no
rounding to cents or to 6-decimal FX rates, no conversion limit (nothing
here converts won), statistics as full arrays (np.percentile) rather than
streaming sketches. The breach probabilities agree within Monte Carlo
error (printed by both).

Run:  ~/.venvs/peers/bin/python benches/peers/risk_numpy.py [PATHS [YEARS [PLANS]]]
Times one full run (draws, recursion, statistics) as the median of 3
(1 for 100,000 paths or more), after one warm-up at 1,000 paths.
"""

from __future__ import annotations

import statistics
import sys
import time

import numpy as np

CHOL = np.linalg.cholesky(np.array([[1.0, 0.3, -0.2], [0.3, 1.0, 0.0], [-0.2, 0.0, 1.0]]))
FX0, FX_VOL = 1430.0, 0.10
SPEED, LEVEL, R_VOL = 0.3, 0.035, 0.01
G_VOL = 0.02
FLOW0, FLOW_G, FLOW_SHARE, FLOW_BASE_YEAR = 176e12, 0.03, 0.16, 2025
STOCK0, YIELD0 = 428.82e9, 0.035
COUPON, BOND_LIMIT, TENOR = 0.04, 20e9, 10
DISCOUNT = 0.045
FIRST = 2026


def simulate(paths: int, years: int, total: float, rng: np.random.Generator) -> dict:
    z = rng.standard_normal((paths, years, 3)) @ CHOL.T
    fx = FX0 * np.exp(np.cumsum(-FX_VOL**2 / 2 + FX_VOL * z[:, :, 0], axis=1))
    x = np.empty((paths, years))
    xt = np.full(paths, LEVEL)
    for t in range(years):
        xt = xt + SPEED * (LEVEL - xt) + R_VOL * z[:, t, 1]
        x[:, t] = xt
    shift = x - LEVEL
    flow = np.exp(np.cumsum(G_VOL * z[:, :, 2], axis=1))
    limit = FLOW_SHARE * FLOW0 * (1 + FLOW_G) ** (np.arange(FIRST, FIRST + years) - FLOW_BASE_YEAR) * flow

    outlay = np.zeros(years)
    outlay[: min(10, years)] = total / 10
    stock = np.full(paths, STOCK0)
    issued = np.zeros((paths, years))  # balance of each year's issue
    coupon = np.zeros((paths, years))
    breach = np.zeros((paths, years), dtype=bool)
    debt = np.zeros((paths, years))
    service = np.zeros((paths, years))
    owed = np.zeros(paths)  # interest a year on the bonds outstanding
    balance = np.zeros(paths)
    for t in range(years):
        interest = owed.copy()
        principal = issued[:, t - TENOR].copy() if t >= TENOR else np.zeros(paths)
        if t >= TENOR:
            owed -= issued[:, t - TENOR] * coupon[:, t - TENOR]
            balance -= principal
            issued[:, t - TENOR] = 0.0
        need = outlay[t] + interest + principal
        income = stock * np.maximum(YIELD0 + shift[:, t], 0.0)
        from_income = np.minimum(need, income)
        rest = need - from_income
        borrowed = np.minimum(rest, BOND_LIMIT)
        issued[:, t] = borrowed
        coupon[:, t] = np.maximum(COUPON + shift[:, t], 0.0)
        owed += borrowed * coupon[:, t]
        balance += borrowed
        unfunded = rest - borrowed
        stock = stock + income - from_income
        breach[:, t] = (outlay[t] * fx[:, t] > limit[:, t]) | (unfunded > 1e-6)
        debt[:, t] = balance * fx[:, t]
        service[:, t] = (interest + principal) * fx[:, t]
    service[:, -1] += debt[:, -1]
    disc = (1 + DISCOUNT) ** -np.arange(years)
    cost = service @ disc
    any_b = breach.any(axis=1)
    p = any_b.mean()
    q = np.percentile(debt, [5, 25, 50, 75, 95], axis=0)
    c5, c50, c95 = np.percentile(cost, [5, 50, 95])
    es = cost[cost >= c95].mean()
    return {
        "p": p,
        "se": np.sqrt(p * (1 - p) / paths),
        "by_year": breach.mean(axis=0),
        "debt_q": q,
        "cost": (cost.mean(), c5, c50, c95, es),
    }


def run(paths: int, years: int, plans: int, seed: int = 7) -> list[dict]:
    rng = np.random.default_rng(seed)
    return [simulate(paths, years, (150 + 50 * i) * 1e9, rng) for i in range(plans)]


def main() -> None:
    paths = int(sys.argv[1]) if len(sys.argv) > 1 else 2000
    years = int(sys.argv[2]) if len(sys.argv) > 2 else 30
    plans = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    run(1000, years, plans)
    times = []
    for _ in range(1 if paths >= 100_000 else 3):
        t = time.perf_counter()
        out = run(paths, years, plans)
        times.append(time.perf_counter() - t)
    med = statistics.median(times)
    print(
        f"numpy {np.__version__}: {paths} paths x {years} years x {plans} plans: median {med:.3f} s "
        f"(min {min(times):.3f}, max {max(times):.3f}), {med * 1e9 / (paths * years * plans):.0f} ns per path-year"
    )
    for i, r in enumerate(out):
        print(f"plan {i}: P(breach) {r['p']:.4f} ± {r['se']:.4f}")


if __name__ == "__main__":
    main()
