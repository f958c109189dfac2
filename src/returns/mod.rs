//! Return sharing: the profit-split waterfall of the 2025 strategic
//! investment deals.
//!
//! The Korea–US and Japan–US deals of 2025 share project profits 50:50
//! until the investor (Korea, Japan) has recovered its principal plus a
//! deemed interest, then 10:90 in favour of the US host (Asia Economy,
//! 2025-10-29; MBC, 2025-11-14; CSIS and St. Louis Fed, 2025-11). The
//! Korea–US text adds that the split may be adjusted if recovery within 20
//! years is not reasonably apparent (Newspim, 2025-11-14).
//!
//! [`share_returns`] runs that waterfall over an investor's outlays and the
//! project's flows ([`ProjectFlows`]) under a [`Waterfall`] of two
//! [`Split`]s, and reports who receives what and when in a
//! [`WaterfallResult`]. Every split goes through [`allocate`](crate::allocate),
//! so investor and host shares always add up exactly, to the minor unit, to
//! the project flow they divide.
//!
//! ```
//! use disburse::returns::{ProjectFlows, Waterfall, share_returns};
//! use disburse::{CashFlow, Currency, Money, Schedule};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//!
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let outlay = Schedule::new(Currency::USD, vec![CashFlow::new(jan1, Money::new(dec!(100), Currency::USD), "cash")])?;
//! // Assumptions: a 10% yield for 30 years, no deemed interest.
//! let project = ProjectFlows::yield_on_capital(0.10, 30)?;
//! let result = share_returns(&outlay, &project, &Waterfall::korea_us_2025(0.0)?)?;
//! // The investor's 50% of $10 a year repays $100 after 20 years.
//! assert_eq!(result.recovery_date(), NaiveDate::from_ymd_opt(2046, 1, 1));
//! assert_eq!(result.investor_inflows().total()?, Money::new(dec!(110), Currency::USD));
//! assert_eq!(result.host_inflows().total()?, Money::new(dec!(190), Currency::USD));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Layout
//!
//! - [`ProjectFlows`] (`flows.rs`): what the project pays out — a yearly
//!   yield on the capital invested, or explicit flows.
//! - [`Accrual`], [`TerminalValue`] (`terminal.rs`): from when capital
//!   earns (pro rata from the day it is paid, by default, or from the next
//!   yield period), and what the project is worth at its end.
//! - [`Split`] (`split.rs`): how one phase divides a flow, investor and host.
//! - [`Waterfall`] (`waterfall.rs`): the terms — the split before and after
//!   recovery, the deemed rate, the review horizon.
//! - [`share_returns`] (`share.rs`): the run, with the ledger of the
//!   investor's unrecovered balance; [`WaterfallResult`] (`result.rs`):
//!   what it reports.

mod flows;
mod report;
mod result;
mod share;
mod split;
mod terminal;
mod waterfall;

pub use flows::ProjectFlows;
pub use report::{NetPv, PlanReturns, ReturnsReport, ReturnsYear};
pub use result::WaterfallResult;
pub use share::share_returns;
pub use split::Split;
pub use terminal::{Accrual, TerminalAmount, TerminalValue};
pub use waterfall::Waterfall;

#[cfg(test)]
mod testing {
    //! Helpers shared by the return-sharing unit tests.
    #![allow(clippy::unwrap_used)]

    use chrono::NaiveDate;
    use rust_decimal::Decimal;

    use super::ProjectFlows;
    use crate::testing::usd;
    use crate::{CashFlow, Currency, Schedule};

    /// Outlays in US dollars, labelled `"cash"`.
    pub(super) fn outlays(flows: &[(NaiveDate, Decimal)]) -> Schedule {
        Schedule::new(
            Currency::USD,
            flows
                .iter()
                .map(|(dt, a)| CashFlow::new(*dt, usd(*a), "cash"))
                .collect(),
        )
        .unwrap()
    }

    /// Explicit project flows in US dollars, labelled `"p"`.
    pub(super) fn explicit(flows: &[(NaiveDate, Decimal)]) -> ProjectFlows {
        ProjectFlows::explicit(
            Schedule::new(
                Currency::USD,
                flows.iter().map(|(dt, a)| CashFlow::new(*dt, usd(*a), "p")).collect(),
            )
            .unwrap(),
        )
        .unwrap()
    }
}
