//! disburse (crate docs are written at the end of the core issue)
#![forbid(unsafe_code)]

mod commitment;
mod error;
mod money;
mod period;
mod plan;
mod schedule;
pub mod time;

pub use commitment::{Commitment, Tranche};
pub use error::{Error, Result};
pub use money::{CompactMoney, Currency, Money, Rounding, allocate};
pub use period::{FiscalYear, FiscalYearLabel, Period, PeriodBasis};
pub use plan::{
    AnnualCap, Call, CapitalCalls, Explicit, ExplicitFlow, Installments, Loading, MAX_PLAN_YEARS, NoticeBasis, Plan,
    Ramp, RampShape, Timing, Upfront, WeightsPlan,
};
pub use schedule::{CashFlow, PeriodTotal, Schedule};
