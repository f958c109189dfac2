//! Property tests of the root solver through the public IRR/XIRR API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{Days, NaiveDate};
use disburse::valuation::{Roots, SolverSettings, irr, xirr, xirr_with};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// Dated flows in cents of either sign, 0..30 years after the start.
fn dated_flows() -> impl Strategy<Value = Vec<(u64, i64)>> {
    prop::collection::vec((0u64..10_950, -10_000_000_000i64..10_000_000_000), 1..25)
}

/// Dated flows of `(day, cents)` pairs, amounts times `10^k`.
fn inputs(flows: &[(u64, i64)], k: i32) -> Vec<(NaiveDate, Decimal)> {
    let factor = if k >= 0 {
        Decimal::from(10i64.pow(k.unsigned_abs()))
    } else {
        Decimal::new(1, k.unsigned_abs())
    };
    flows
        .iter()
        .map(|(d, c)| (start() + Days::new(*d), Decimal::new(*c, 2) * factor))
        .collect()
}

/// NPV of `(day, cents)` flows at `r` (Act/365F from the earliest date),
/// the sum of the magnitudes of its terms, and its slope in `r`.
fn npv(flows: &[(u64, i64)], r: f64) -> (f64, f64, f64) {
    let origin = flows.iter().map(|f| f.0).min().unwrap_or(0);
    let (mut v, mut m, mut slope) = (0.0, 0.0, 0.0);
    for (d, c) in flows {
        let t = (d - origin) as f64 / 365.0;
        let term = *c as f64 * (1.0 + r).powf(-t);
        v += term;
        m += term.abs();
        slope += (term * t / (1.0 + r)).abs();
    }
    (v, m, slope)
}

/// Sign changes of the flows merged by day, in time order.
fn sign_changes(flows: &[(u64, i64)]) -> usize {
    let mut merged = std::collections::BTreeMap::new();
    for (d, c) in flows {
        *merged.entry(*d).or_insert(0i128) += i128::from(*c);
    }
    let signs: Vec<bool> = merged.values().filter(|c| **c != 0).map(|c| *c < 0).collect();
    signs.iter().zip(signs.iter().skip(1)).filter(|(a, b)| a != b).count()
}

fn same_roots(a: &Roots, b: &Roots) -> bool {
    a.len() == b.len()
        && a.roots()
            .iter()
            .zip(b.roots())
            .all(|(x, y)| (x - y).abs() <= 1e-12 * x.abs().max(1.0))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// The NPV vanishes at every reported root, relative to the magnitude of
    /// its terms (allowing for the tolerance on the rate), and there are
    /// never more roots than sign changes.
    #[test]
    fn roots_zero_the_npv_and_are_at_most_v(flows in dated_flows()) {
        let Ok(roots) = xirr(&inputs(&flows, 0)) else { return Ok(()) };
        prop_assert!(roots.len() <= sign_changes(&flows), "{roots:?} for {flows:?}");
        for r in roots.roots() {
            prop_assert!(r.is_finite() && (-0.99..=100.0).contains(r), "root {r} in range");
            let (v, m, slope) = npv(&flows, *r);
            prop_assert!(v.abs() <= 1e-11 * m + 2e-12 * r.abs().max(1.0) * slope, "NPV at {r}: {v} of {m}");
        }
    }

    /// The same flows in any unit of money, from 1e-2 to 1e12 times, have
    /// the same roots.
    #[test]
    fn roots_are_scale_invariant(flows in dated_flows(), k in -2i32..=12) {
        match (xirr(&inputs(&flows, 0)), xirr(&inputs(&flows, k))) {
            (Ok(a), Ok(b)) => prop_assert!(same_roots(&a, &b), "scale 1e{k}: {a:?} vs {b:?}"),
            (Err(a), Err(b)) => prop_assert_eq!(a, b),
            (a, b) => prop_assert!(false, "scale 1e{k}: {a:?} vs {b:?}"),
        }
    }

    /// The order of the flows does not matter, to the bit.
    #[test]
    fn roots_are_order_invariant(flows in dated_flows(), seed in any::<u64>()) {
        let mut shuffled = flows.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        prop_assert_eq!(xirr(&inputs(&flows, 0)), xirr(&inputs(&shuffled, 0)));
    }

    /// One outflow followed by inflows: exactly one root whenever the NPV
    /// changes sign across the range, none otherwise.
    #[test]
    fn one_sign_change_gives_a_unique_root(
        outlay in 1i64..10_000_000_000,
        ins in prop::collection::vec((1u64..10_950, 1i64..1_000_000_000), 1..30),
    ) {
        let mut flows = vec![(0u64, -outlay)];
        flows.extend(ins);
        let roots = xirr(&inputs(&flows, 0)).unwrap();
        let (lo, _, _) = npv(&flows, -0.99);
        let (hi, _, _) = npv(&flows, 100.0);
        if lo > 0.0 && hi < 0.0 {
            prop_assert!(roots.unique().is_some(), "unique root expected: {roots:?}");
        } else {
            prop_assert!(roots.len() <= 1, "{roots:?}");
        }
    }

    /// Narrowing the range keeps exactly the roots inside it.
    #[test]
    fn a_narrower_range_keeps_the_roots_inside(flows in dated_flows(), lower in -0.5f64..0.5, width in 0.01f64..2.0) {
        let dated = inputs(&flows, 0);
        let Ok(all) = xirr(&dated) else { return Ok(()) };
        let settings = SolverSettings { lower, upper: lower + width, ..SolverSettings::default() };
        let some = xirr_with(&dated, &settings).unwrap();
        // Roots within the tolerance of an end may fall either side of it.
        let margin = 1e-9;
        let inside: Vec<f64> = all.roots().iter().copied().filter(|r| *r > lower + margin && *r < lower + width - margin).collect();
        let near_end = all.roots().iter().any(|r| (r - lower).abs() <= margin || (r - lower - width).abs() <= margin);
        if !near_end {
            prop_assert_eq!(some.len(), inside.len(), "{:?} in [{}, {}] vs {:?}", some, lower, lower + width, all);
            for (x, y) in some.roots().iter().zip(&inside) {
                prop_assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "{x} vs {y}");
            }
        }
    }

    /// Periodic flows: roots of polynomial NPVs built from chosen rates are
    /// found, every one.
    #[test]
    fn periodic_irrs_from_chosen_rates(start in -0.5f64..0.5, gaps in prop::collection::vec(0.05f64..0.5, 0..4)) {
        let wanted: Vec<f64> = std::iter::once(start)
            .chain(gaps.iter().scan(start, |r, g| {
                *r += g;
                Some(*r)
            }))
            .collect();
        // ∏ ((1 + rⱼ)v − 1) with rates rounded to 4 decimals, in exact decimals.
        let mut coefs = vec![Decimal::ONE];
        for r in &wanted {
            let growth = Decimal::ONE + Decimal::from_f64_retain(*r).unwrap().round_dp(4);
            let mut next = vec![Decimal::ZERO; coefs.len() + 1];
            for (i, c) in coefs.iter().enumerate() {
                next[i] -= c;
                next[i + 1] += c * growth;
            }
            coefs = next;
        }
        let roots = irr(&coefs).unwrap();
        prop_assert_eq!(roots.len(), wanted.len(), "{:?} vs {:?}", roots, wanted);
        for (g, w) in roots.roots().iter().zip(&wanted) {
            let w4 = (w * 1e4).round() / 1e4;
            prop_assert!((g - w4).abs() <= 1e-6, "{g} vs {w4}: {roots:?}");
        }
    }
}
