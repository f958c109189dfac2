//! Valuation: present values, NPV/XNPV, IRR/XIRR, break-even rates,
//! annuities and risk measures.
//!
//! Money comes in and goes out as exact `Decimal`; inside, discounting runs
//! in `f64` (discount factors are not exact numbers anyway), with
//! compensated sums and discount factors from `exp` of correctly rounded
//! exponents, so every present value is accurate to about 1e-15 relative to
//! the sum of the absolute discounted flows, and exact where no discounting
//! happens (flows on the valuation date, or a rate of zero). Results are
//! returned as the shortest `Decimal` that reads back as the computed
//! `f64`; round them to the currency's minor unit where they are paid or
//! reported.
//!
//! Rates of return are typed outcomes ([`Roots`]): none, one, or every root
//! on the whole domain −100% < r < ∞ (or a range the caller narrows to),
//! each with `1 + r` converged to `1e-12` relative; where a search cannot
//! prove its count, [`Roots::Incomplete`] names the intervals left; never
//! a number that is not a root, never an unproven "none".
//!
//! ```
//! use disburse::rates::{FlatCurve, InterestRate};
//! use disburse::time::{DayCount, Frequency};
//! use disburse::valuation::{present_value, xirr};
//! use disburse::{Commitment, Currency, Money, Plan};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//!
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let pledge = Commitment::single("pledge", Money::new(dec!(350e9), Currency::USD), Plan::installments(jan1, 10, Frequency::Annual))?;
//! let curve = FlatCurve::new(jan1, InterestRate::annual(0.045, DayCount::Actual365Fixed)?);
//! let pv = present_value(&pledge.schedule()?, &curve)?;
//! assert_eq!(pv.compact().to_string(), "$289.38B"); // Act/365F: 2028 and 2032 have 366 days
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub(crate) mod kernel;
mod measures;
mod present;
mod solve;

pub use measures::{
    DurationMeasures, break_even_rate, break_even_rate_with, duration, irr, irr_with, level_payment, pv_saving, xirr,
    xirr_columns, xirr_with,
};
pub use present::{
    FirstPeriod, npv, present_value, present_value_whole_periods, xnpv, xnpv_at_interest_rate, xnpv_columns,
};
pub use solve::{RateInterval, Roots, SolverSettings};
