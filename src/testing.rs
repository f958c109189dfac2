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
