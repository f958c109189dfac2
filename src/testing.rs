//! Helpers shared by the unit tests (compiled only for `cargo test`).

#![allow(clippy::unwrap_used)]

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::{Currency, Money, Schedule};

/// The date `y-m-day`.
pub(crate) fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// 2026-01-01.
pub(crate) fn jan1() -> NaiveDate {
    d(2026, 1, 1)
}

/// `x` US dollars.
pub(crate) fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

/// Asserts `got` is within `rel` of `want`, relatively.
pub(crate) fn close(label: &str, got: f64, want: f64, rel: f64) {
    let err = ((got - want) / want).abs();
    assert!(
        err <= rel,
        "{label}: got {got:e}, want {want:e}, relative error {err:e}"
    );
}

/// A schedule as `date amount` lines.
pub(crate) fn lines(s: &Schedule) -> Vec<String> {
    s.iter().map(|f| format!("{} {}", f.date, f.amount)).collect()
}

/// Continuous zeros 3%, 4%, 5% at 1, 2 and 1826/365 years, Act/365F.
pub(crate) fn three_pillar_zero_curve() -> crate::rates::ZeroCurve {
    crate::rates::ZeroCurve::new(
        jan1(),
        [(d(2027, 1, 1), 0.03), (d(2028, 1, 1), 0.04), (d(2031, 1, 1), 0.05)],
        crate::rates::Compounding::Continuous,
        crate::time::DayCount::Actual365Fixed,
    )
    .unwrap()
}

/// `cases(n)`: `n` cases of a property test, times
/// `DISBURSE_PROPTEST_SCALE` when set (the integration tests' helper).
#[path = "../tests/common/cases.rs"]
mod cases_file;
pub(crate) use cases_file::cases;
