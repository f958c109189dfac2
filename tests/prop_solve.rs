//! Property tests of the root solver through the public IRR/XIRR API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::{Days, NaiveDate};
use disburse::Error;
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

/// NPV of `(day, cents)` flows at `x = ln(1 + r)` (Act/365F from the
/// earliest date), the sum of the magnitudes of its terms, and its slope in
/// `x`, all scaled by the largest discount factor (so finite at any rate).
fn npv(flows: &[(u64, i64)], x: f64) -> (f64, f64, f64) {
    let origin = flows.iter().map(|f| f.0).min().unwrap_or(0);
    let exponent = |d: u64| -x * (d - origin) as f64 / 365.0;
    let nonzero = || flows.iter().filter(|f| f.1 != 0);
    let top = nonzero().map(|f| exponent(f.0)).fold(f64::NEG_INFINITY, f64::max);
    let (mut v, mut m, mut slope) = (0.0, 0.0, 0.0);
    for (d, c) in nonzero() {
        let t = (d - origin) as f64 / 365.0;
        let term = *c as f64 * (exponent(*d) - top).exp();
        v += term;
        m += term.abs();
        slope += (term * t).abs();
    }
    (v, m, slope)
}

/// Whether `r` is a root of the flows: the NPV vanishes relative to its
/// terms, allowing for the tolerance `1e-12` on `ln(1 + r)` and for the
/// `f64` rate's own resolution of `1 + r` near −1.
fn is_root(flows: &[(u64, i64)], r: f64) -> bool {
    let tolerance = 1e-12 + f64::EPSILON / (1.0 + r);
    let (v, m, slope) = npv(flows, r.ln_1p());
    v.abs() <= 1e-11 * m + 4.0 * tolerance * slope
}

/// The errors a root search may answer for valid flows.
fn expected_error(e: &Error) -> bool {
    matches!(e, Error::AllZeroFlows | Error::RootNotRepresentable { .. })
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
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// The NPV vanishes at every reported root, relative to the magnitude of
    /// its terms (allowing for the tolerance on the rate), and there are
    /// never more roots than sign changes.
    #[test]
    fn roots_zero_the_npv_and_are_at_most_v(flows in dated_flows()) {
        let roots = match xirr(&inputs(&flows, 0)) {
            Ok(roots) => roots,
            Err(e) => {
                prop_assert!(expected_error(&e), "{e} for {flows:?}");
                return Ok(());
            }
        };
        prop_assert!(roots.is_complete(), "at most 24 sign changes: {roots:?}");
        prop_assert!(roots.len() <= sign_changes(&flows), "{roots:?} for {flows:?}");
        for r in roots.roots() {
            prop_assert!(r.is_finite() && *r > -1.0, "root {r} in the domain");
            prop_assert!(is_root(&flows, *r), "NPV at {r}: {:?}", npv(&flows, r.ln_1p()));
        }
    }

    /// The same flows in any unit of money, from 1e-6 to 1e12 times, have
    /// the same roots.
    #[test]
    fn roots_are_scale_invariant(flows in dated_flows(), k in -6i32..=12) {
        match (xirr(&inputs(&flows, 0)), xirr(&inputs(&flows, k))) {
            (Ok(a), Ok(b)) => prop_assert!(same_roots(&a, &b), "scale 1e{k}: {a:?} vs {b:?}"),
            // The same error (a root out of f64's reach moves in its last bits).
            (Err(a), Err(b)) => prop_assert_eq!(std::mem::discriminant(&a), std::mem::discriminant(&b)),
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

    /// One outflow followed by inflows: exactly one root on the whole
    /// domain (the NPV runs from +Σ inflows near −100% to −outlay at ∞),
    /// unless it lies where an f64 rate cannot hold it.
    #[test]
    fn one_sign_change_gives_a_unique_root(
        outlay in 1i64..10_000_000_000,
        ins in prop::collection::vec((1u64..10_950, 1i64..1_000_000_000), 1..30),
    ) {
        let mut flows = vec![(0u64, -outlay)];
        flows.extend(ins);
        match xirr(&inputs(&flows, 0)) {
            Ok(roots) => {
                let r = roots.unique();
                prop_assert!(r.is_some_and(|r| is_root(&flows, r)), "unique root expected: {roots:?}");
            }
            Err(e) => prop_assert!(matches!(e, Error::RootNotRepresentable { .. }), "{e}"),
        }
    }

    /// No sign change: no root, whatever the flows.
    #[test]
    fn no_sign_change_no_root(ins in prop::collection::vec((0u64..10_950, 1i64..1_000_000_000), 1..30), negative in any::<bool>()) {
        let flows: Vec<(u64, i64)> = ins.iter().map(|(d, c)| (*d, if negative { -c } else { *c })).collect();
        prop_assert_eq!(xirr(&inputs(&flows, 0)).unwrap(), Roots::None);
    }

    /// A root planted anywhere in (−99.99%, 10⁷%) — one outflow, then
    /// inflows within three years, the outflow set so that the NPV at the
    /// planted rate is zero — is found, `unique`, to 1e-9 in `ln(1 + r)`
    /// (the flows are rounded to 28 significant digits, which moves the
    /// root by far less).
    #[test]
    fn a_planted_root_is_found(
        x in (-0.9999f64).ln_1p()..1e5f64.ln_1p(),
        ins in prop::collection::vec((1u64..1_096, 1u32..100_000), 1..12),
    ) {
        let inflows: Vec<(u64, Decimal)> = ins.iter().map(|(d, c)| (*d, Decimal::new(i64::from(*c), 2))).collect();
        let outlay: f64 = inflows.iter().map(|(d, a)| {
            let a: f64 = a.to_string().parse().unwrap();
            a * (-x * *d as f64 / 365.0).exp()
        }).sum();
        let outlay = Decimal::from_f64_retain(outlay).unwrap();
        let mut dated = vec![(start(), -outlay)];
        dated.extend(inflows.iter().map(|(d, a)| (start() + Days::new(*d), *a)));
        let roots = xirr(&dated).unwrap();
        let r = roots.unique();
        prop_assert!(r.is_some(), "{roots:?}");
        let found = r.unwrap().ln_1p();
        let representation = f64::EPSILON / x.exp();
        prop_assert!((found - x).abs() <= 1e-9 + representation, "planted {x}, found {found}: {roots:?}");
    }

    /// Narrowing the range keeps exactly the roots inside it.
    #[test]
    fn a_narrower_range_keeps_the_roots_inside(flows in dated_flows(), lower in -0.5f64..0.5, width in 0.01f64..2.0) {
        let dated = inputs(&flows, 0);
        let all = match xirr(&dated) {
            Ok(all) => all,
            Err(e) => {
                prop_assert!(expected_error(&e), "{e}");
                return Ok(());
            }
        };
        let settings = SolverSettings::between(lower, lower + width);
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
