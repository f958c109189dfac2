//! Property tests of the valuation layer.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::{Days, NaiveDate};
use disburse::rates::{FlatCurve, InterestRate};
use disburse::time::{DayCount, Tenor};
use disburse::valuation::{
    FirstPeriod, level_payment, npv, present_value, present_value_whole_periods, xirr, xirr_columns, xnpv, xnpv_columns,
};
use disburse::{CashFlow, Currency, Error, Money, Schedule, Timing};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// Non-negative flows in cents on dates 0..20 years after the start.
fn dated_flows(max: usize) -> impl Strategy<Value = Vec<(u64, i64)>> {
    prop::collection::vec((0u64..7_300, 0i64..10_000_000_000), 1..max)
}

fn to_schedule(flows: &[(u64, i64)]) -> Schedule {
    let cfs = flows
        .iter()
        .map(|(d, c)| {
            CashFlow::new(
                start() + Days::new(*d),
                Money::new(Decimal::new(*c, 2), Currency::USD),
                "p",
            )
        })
        .collect();
    Schedule::new(Currency::USD, cfs).unwrap()
}

fn pv_at(s: &Schedule, rate: f64) -> Decimal {
    let curve = FlatCurve::new(start(), InterestRate::annual(rate, DayCount::Actual365Fixed).unwrap());
    present_value(s, &curve).unwrap().amount()
}

/// Whether the XNPV of `dated` vanishes at `r`, relative to its terms,
/// allowing for the tolerance 1e-12 on `ln(1 + r)` and for the `f64` rate's
/// own resolution of `1 + r` near −1. Computed here in `f64`, terms scaled by
/// the largest discount factor (finite at any rate), Act/365F from the
/// earliest date.
fn zeroes_the_xnpv(dated: &[(NaiveDate, Decimal)], r: f64) -> bool {
    let x = r.ln_1p();
    let origin = dated.iter().map(|(d, _)| *d).min().unwrap();
    let years = |d: NaiveDate| (d - origin).num_days() as f64 / 365.0;
    let nonzero = || dated.iter().filter(|(_, a)| !a.is_zero());
    let top = nonzero().map(|(d, _)| -x * years(*d)).fold(f64::NEG_INFINITY, f64::max);
    let (mut v, mut m, mut slope) = (0.0f64, 0.0f64, 0.0f64);
    for (d, a) in nonzero() {
        let a: f64 = a.to_string().parse().unwrap();
        let term = a * (-x * years(*d) - top).exp();
        v += term;
        m += term.abs();
        slope += (term * years(*d)).abs();
    }
    let tolerance = 1e-12 + f64::EPSILON / (1.0 + r);
    v.abs() <= 1e-10 * m + 4.0 * tolerance * slope
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// PV strictly falls as the rate rises, for non-negative flows with
    /// something paid after the valuation date.
    #[test]
    fn pv_strictly_decreasing_in_rate(flows in dated_flows(40), r in -0.5f64..0.5, dr in 0.001f64..0.5) {
        let s = to_schedule(&flows);
        let later = flows.iter().any(|(d, c)| *d > 0 && *c > 0);
        let (lo, hi) = (pv_at(&s, r), pv_at(&s, r + dr));
        if later {
            prop_assert!(hi < lo, "pv({}) = {hi} not below pv({r}) = {lo}", r + dr);
        } else {
            prop_assert_eq!(hi, lo);
        }
    }

    /// Paying everything on the first date is never cheaper in PV than
    /// deferring any part of it, at non-negative rates.
    #[test]
    fn upfront_costs_at_least_deferred(flows in dated_flows(30), r in 0.0f64..0.3) {
        let deferred = to_schedule(&flows);
        let total = deferred.total().unwrap();
        let upfront = Schedule::new(Currency::USD, vec![CashFlow::new(start(), total, "u")]).unwrap();
        prop_assert!(pv_at(&upfront, r) >= pv_at(&deferred, r));
    }

    /// At a rate of zero the PV is the nominal sum, to the last digit, in
    /// every entry point.
    #[test]
    fn pv_at_zero_is_the_exact_sum(flows in dated_flows(60)) {
        let s = to_schedule(&flows);
        let total = s.total().unwrap().amount();
        prop_assert_eq!(pv_at(&s, 0.0), total);
        prop_assert_eq!(present_value_whole_periods(&s, 0.0, start(), Tenor::years(1)).unwrap().amount(), total);
        let dated: Vec<_> = s.iter().map(|f| (f.date, f.amount.amount())).collect();
        prop_assert_eq!(xnpv(0.0, &dated).unwrap(), total);
        let (d, a): (Vec<_>, Vec<_>) = dated.into_iter().unzip();
        prop_assert_eq!(xnpv_columns(0.0, &d, &a).unwrap(), total);
        prop_assert_eq!(npv(0.0, &a, FirstPeriod::Zero).unwrap(), total);
        prop_assert_eq!(npv(0.0, &a, FirstPeriod::One).unwrap(), total);
    }

    /// XNPV ignores the order of the flows and matches the curve PV.
    #[test]
    fn xnpv_order_free_and_matches_curve(flows in dated_flows(60), r in -0.5f64..2.0, seed in any::<u64>()) {
        let s = to_schedule(&flows);
        let mut dated: Vec<_> = s.iter().map(|f| (f.date, f.amount.amount())).collect();
        let sorted = xnpv(r, &dated).unwrap();
        // Deterministic shuffle.
        let n = dated.len();
        let mut x = seed;
        for i in (1..n).rev() {
            x = x.wrapping_mul(6364136223846793005).wrapping_add(1);
            let j = (x >> 33) as usize % (i + 1);
            dated.swap(i, j);
        }
        let shuffled = xnpv(r, &dated).unwrap();
        // The same flows in two columns give the same value, to the bit.
        let (d, a): (Vec<_>, Vec<_>) = dated.iter().copied().unzip();
        prop_assert_eq!(xnpv_columns(r, &d, &a).unwrap(), shuffled);
        // Discounted terms can exceed the nominal ones at negative rates.
        let growth = Decimal::try_from((1.0 + r).powf(-20.0).max(1.0)).unwrap();
        let scale = a.iter().map(|v| v.abs()).sum::<Decimal>().max(Decimal::ONE) * growth;
        prop_assert!((sorted - shuffled).abs() / scale < Decimal::new(1, 14));
        // The earliest flow is the origin of XNPV; on a curve from that date the PV agrees.
        let origin = d.iter().min().copied().unwrap();
        let curve = FlatCurve::new(origin, InterestRate::annual(r, DayCount::Actual365Fixed).unwrap());
        let on_curve = present_value(&s, &curve).unwrap().amount();
        prop_assert!((sorted - on_curve).abs() / scale < Decimal::new(1, 13), "{sorted} vs {on_curve}");
        // An independent evaluation, the definition term by term in f64:
        // Σ aᵢ / (1 + r)^((dᵢ − d₀)/365).
        let naive: f64 = d
            .iter()
            .zip(&a)
            .map(|(day, amount)| {
                let years = (*day - origin).num_days() as f64 / 365.0;
                amount.to_string().parse::<f64>().unwrap() / (1.0 + r).powf(years)
            })
            .sum();
        let got: f64 = sorted.to_string().parse().unwrap();
        let scale: f64 = scale.to_string().parse().unwrap();
        prop_assert!((got - naive).abs() / scale < 1e-12, "{got} vs {naive}");
    }

    /// The level payment for a PV, discounted back, gives the PV.
    #[test]
    fn level_payment_round_trips(pv in 100i64..1_000_000_000_000, r in -0.05f64..1.0, n in 1u32..400, advance in any::<bool>()) {
        let timing = if advance { Timing::InAdvance } else { Timing::InArrears };
        let pv = Money::new(Decimal::new(pv, 2), Currency::USD);
        let pmt = level_payment(pv, r, n, timing).unwrap();
        // Closed form: PV·r / (1 − (1 + r)^−n), divided by (1 + r) when
        // paid in advance; PV / n at a zero rate.
        let (pv_f, nf): (f64, f64) = (pv.amount().to_string().parse().unwrap(), f64::from(n));
        let closed = if r == 0.0 {
            pv_f / nf
        } else {
            let arrears = pv_f * r / (1.0 - (1.0 + r).powf(-nf));
            if advance { arrears / (1.0 + r) } else { arrears }
        };
        let got: f64 = pmt.amount().to_string().parse().unwrap();
        prop_assert!((got - closed).abs() <= 1e-11 * closed.abs() + 0.005, "pmt {got} vs closed form {closed}");
        let flows = vec![pmt.amount(); n as usize];
        let first = if advance { FirstPeriod::Zero } else { FirstPeriod::One };
        let back = npv(r, &flows, first).unwrap();
        let err = ((back - pv.amount()) / pv.amount()).abs();
        prop_assert!(err < Decimal::new(1, 12), "pv {pv}, pmt {pmt}, back {back}");
    }

    /// XIRR roots make the XNPV vanish, relative to the flows' size.
    #[test]
    fn xirr_roots_zero_the_xnpv(flows in dated_flows(30), invest in 1i64..10_000_000_000_000) {
        let s = to_schedule(&flows);
        let mut dated: Vec<_> = s.iter().map(|f| (f.date, f.amount.amount())).collect();
        dated.push((start(), -Decimal::new(invest, 2)));
        let (d, a): (Vec<_>, Vec<_>) = dated.iter().copied().unzip();
        let roots = xirr(&dated);
        prop_assert_eq!(&xirr_columns(&d, &a), &roots);
        match roots {
            Ok(roots) => {
                for r in roots.roots() {
                    prop_assert!(zeroes_the_xnpv(&dated, *r), "xnpv({r}) is not zero: {dated:?}");
                }
            }
            Err(e) => prop_assert!(matches!(e, Error::AllZeroFlows | Error::RootNotRepresentable { .. }), "{e}"),
        }
    }
}
