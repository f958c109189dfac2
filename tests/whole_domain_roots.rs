//! IRR/XIRR on the whole domain −1 < r < ∞ against arbitrary-precision
//! references (`tests/data/whole_domain_roots.json`, from mpmath at 60
//! digits by `tests/data/gen_whole_domain_roots.py`), and same-date flows
//! that cancel exactly.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::valuation::{Roots, SolverSettings, break_even_rate, irr, xirr, xirr_with};
use disburse::{CashFlow, Currency, Error, Money, Schedule};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn flows(case: &Value) -> Vec<(NaiveDate, Decimal)> {
    case["flows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                date(f[0].as_str().unwrap()),
                Decimal::from_str(f[1].as_str().unwrap()).unwrap(),
            )
        })
        .collect()
}

#[test]
fn references_on_the_whole_domain() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/whole_domain_roots.json");
    let cases: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    let cases = cases.as_object().unwrap();
    assert_eq!(cases.len(), 7, "every reference case is checked");
    for (name, case) in cases {
        let want: f64 = case["rate"].as_str().unwrap().parse().unwrap();
        let want_x: f64 = case["log_growth"].as_str().unwrap().parse().unwrap();
        let roots = xirr(&flows(case)).unwrap();
        let Roots::Unique(r) = roots else {
            panic!("{name}: one root expected, got {roots:?}")
        };
        // 1e-12 relative in 1 + r, or the f64 rate's own resolution near −1.
        let allowed = 1e-12 + f64::EPSILON / want_x.exp();
        assert!(
            (r.ln_1p() - want_x).abs() <= allowed,
            "{name}: {r} vs {want} (ln(1+r) {} vs {want_x})",
            r.ln_1p()
        );
    }
}

#[test]
fn the_issue_examples_print_the_right_rate() {
    let month = [
        (date("2026-01-01"), Decimal::from(-100)),
        (date("2026-01-31"), Decimal::from(150)),
    ];
    let r = xirr(&month).unwrap().unique().unwrap();
    assert!((r - 137.817_318_773_754_83).abs() <= 1e-12 * 138.8, "{r}");
    let write_off = [
        (date("2026-01-01"), Decimal::from(-100)),
        (date("2027-01-01"), Decimal::new(1, 1)),
    ];
    assert_eq!(xirr(&write_off).unwrap(), Roots::Unique(-0.999));
    // Periodic: −1 then 0.0001 one period later.
    let r = irr(&[Decimal::from(-1), Decimal::new(1, 4)]).unwrap().unique().unwrap();
    assert!((r + 0.9999).abs() <= 1e-16, "{r}");
    // A root on a user's bound is included, on either side.
    let at = [
        (date("2026-01-01"), Decimal::from(-100)),
        (date("2027-01-01"), Decimal::ONE),
    ];
    assert_eq!(
        xirr_with(&at, &SolverSettings::between(-0.99, 1.0)).unwrap(),
        Roots::Unique(-0.99)
    );
    assert_eq!(
        xirr_with(&at, &SolverSettings::between(-0.999, -0.99)).unwrap(),
        Roots::Unique(-0.99)
    );
    assert_eq!(
        xirr_with(&at, &SolverSettings::between(-0.98, 1.0)).unwrap(),
        Roots::None
    );
}

#[test]
fn rates_beyond_f64_are_a_typed_error() {
    // Ten times the money in one day: 1 + r = 10^365.
    let day = [
        (date("2026-01-01"), Decimal::from(-1)),
        (date("2026-01-02"), Decimal::from(10)),
    ];
    match xirr(&day) {
        Err(Error::RootNotRepresentable { log_growth }) => {
            assert!((log_growth - 365.0 * 10f64.ln()).abs() <= 1e-9, "{log_growth}")
        }
        other => panic!("expected RootNotRepresentable, got {other:?}"),
    }
    // 1 + r = 1e-20: r rounds to −1 in f64.
    let gone = [
        (date("2026-01-01"), Decimal::from(-1)),
        (date("2027-01-01"), Decimal::new(1, 20)),
    ];
    assert!(matches!(xirr(&gone), Err(Error::RootNotRepresentable { .. })));
}

#[test]
fn same_date_flows_cancel_exactly() {
    // −100, then on one date 1e20, −1e20 and 110: the 110 alone remains.
    let big = Decimal::from_str("100000000000000000000").unwrap();
    let (d0, d1) = (date("2008-01-01"), date("2009-01-01"));
    let flows = [
        (d0, Decimal::from(-100)),
        (d1, big),
        (d1, -big),
        (d1, Decimal::from(110)),
    ];
    let r = xirr(&flows).unwrap().unique().unwrap();
    let alone = xirr(&[(d0, Decimal::from(-100)), (d1, Decimal::from(110))])
        .unwrap()
        .unique()
        .unwrap();
    assert_eq!(r, alone, "same root as the pre-summed flows");
    // 2008 has 366 days: 1.1^(365/366) − 1 (mpmath).
    assert!((r - 0.099_713_585_934_141_24).abs() <= 1e-12, "{r}");
    // In any order.
    let shuffled = [
        (d1, big),
        (d1, Decimal::from(110)),
        (d0, Decimal::from(-100)),
        (d1, -big),
    ];
    assert_eq!(xirr(&shuffled).unwrap().unique(), Some(r));
}

#[test]
fn break_even_of_schedules_with_cancelling_flows() {
    // A: 100 on 2026-01-01. B: 1e20 − 1e20 + 121 on 2028-01-01 (730 days).
    let usd = |x: Decimal| Money::new(x, Currency::USD);
    let big = Decimal::from_str("100000000000000000000").unwrap();
    let a = Schedule::new(
        Currency::USD,
        vec![CashFlow::new(date("2026-01-01"), usd(Decimal::from(100)), "a")],
    )
    .unwrap();
    let later = date("2028-01-01");
    let b = Schedule::new(
        Currency::USD,
        vec![
            CashFlow::new(later, usd(big), "b1"),
            CashFlow::new(later, usd(-big), "b2"),
            CashFlow::new(later, usd(Decimal::from(121)), "b3"),
        ],
    )
    .unwrap();
    let r = break_even_rate(&a, &b).unwrap().unique().unwrap();
    // (1 + r)^(730/365) = 1.21: r = 10%.
    assert!((r - 0.1).abs() <= 1e-12, "{r}");
}

#[test]
fn millions_of_flows_on_two_dates_are_exact() {
    // 5 million × −1 then 5 million × 1.01 a year later: exactly 1% (was
    // 0.0099999999206 when same-date flows were summed in f64).
    let n = 5_000_000;
    let (d0, d1) = (date("2025-01-01"), date("2026-01-01"));
    let mut flows = vec![(d0, Decimal::from(-1)); n];
    flows.extend(std::iter::repeat_n((d1, Decimal::new(101, 2)), n));
    let r = xirr(&flows).unwrap().unique().unwrap();
    assert!((r - 0.01).abs() <= 1e-12, "{r}");
}
