//! The types of a first program, for a glob import:
//! `use disburse::prelude::*;`.
//!
//! Commitments and plans ([`Commitment`], [`Tranche`], [`Plan`]), money
//! ([`Money`], [`Currency`], [`Rounding`]), schedules ([`Schedule`],
//! [`CashFlow`], [`PeriodBasis`]), rates and curves ([`InterestRate`],
//! [`FlatCurve`] and the [`DiscountCurve`] trait), dates ([`DateSchedule`],
//! [`DayCount`], [`Frequency`], [`Tenor`], [`BusinessDayConvention`],
//! [`WeekendsOnly`] and the [`BusinessCalendar`] trait), [`Roots`], and
//! from the re-exported crates `NaiveDate`, `Decimal` and the
//! [`dec!`](crate::dec) macro — so `disburse` is the only dependency a
//! program needs. Functions stay in their modules (`disburse::valuation`,
//! `disburse::affordability`); `disburse::Result` is left out so as not to
//! shadow `std`'s.
//!
//! ```
//! use disburse::prelude::*;
//! use disburse::valuation::present_value;
//!
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let pledge = Commitment::single("pledge", Money::new(dec!(350e9), Currency::USD), Plan::installments(jan1, 10, Frequency::Annual))?;
//! let curve = FlatCurve::new(jan1, InterestRate::annual(0.045, DayCount::Actual365Fixed)?);
//! assert_eq!(present_value(&pledge.schedule()?, &curve)?.compact().to_string(), "$289.38B");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

pub use crate::dec;
pub use crate::rates::{DiscountCurve, FlatCurve, InterestRate};
pub use crate::time::{
    BusinessCalendar, BusinessDayConvention, DateSchedule, DayCount, Frequency, Tenor, WeekendsOnly,
};
pub use crate::valuation::Roots;
pub use crate::{CashFlow, Commitment, Currency, Money, PeriodBasis, Plan, Rounding, Schedule, Tranche};
pub use chrono::NaiveDate;
pub use rust_decimal::Decimal;
