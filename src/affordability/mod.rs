//! Affordability: what the payer can spend each year, how outlays are
//! funded, whether a schedule fits. Return sharing is in
//! [`returns`](crate::returns).

mod assessment;
mod capacity;
mod deferral;
mod funding;
mod fx;
mod report;
pub(crate) mod shock;
mod solve;

pub use assessment::Assessment;
pub use capacity::{AdequacyFloor, Capacity, Constraint, IncomePolicy, Limit, Limits, Stock};
pub use deferral::{Deferral, DeferralRow, DeferralTrigger};
pub use funding::{DEFAULT_DEBT_TENOR, DebtProfile, Funding, FundingBreakdown, FundingSource};
pub use fx::{FxPath, FxRates};
pub use report::{AffordabilityReport, Breach, LimitUse, Summary, Thresholds, Verdict, YearAmount, YearRow, YearShare};
pub use solve::{
    DEFAULT_SHARE_STEP, HeadlineAnswer, ShareAnswer, TenorAnswer, largest_headline, largest_upfront_share,
    shortest_tenor,
};

#[cfg(feature = "risk")]
pub(crate) use report::{check_currencies, discounted_service, report_from_rows, year_rows};
#[cfg(feature = "risk")]
pub(crate) use {capacity::f64_to_decimal, funding::stock_start_level};
