//! [`WaterfallResult`]: what [`share_returns`](super::share_returns)
//! reports — who receives what and when, recovery, review, net PV and IRR.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use crate::rates::{FlatCurve, InterestRate};
use crate::time::DayCount;
use crate::valuation::{Roots, present_value, xirr};
use crate::{Money, Result, Schedule};

/// What [`share_returns`](super::share_returns) reports: who receives what and when, when the
/// investor recovered, and the investor's net flows.
///
/// Inflow schedules hold one flow per phase part of each project flow,
/// labelled `"before recovery"` or `"after recovery"` (a project flow that
/// crosses the recovery point gives two); parts of zero are left out.
/// Serialized (not deserialized) as a map of the accessors' values.
///
/// ```
/// use disburse::returns::{ProjectFlows, Waterfall, share_returns};
/// use disburse::{CashFlow, Currency, Money, Schedule};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
///
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let outlay = Schedule::new(Currency::USD, vec![CashFlow::new(jan1, Money::new(dec!(100), Currency::USD), "cash")])?;
/// let r = share_returns(&outlay, &ProjectFlows::yield_on_capital(0.10, 10)?, &Waterfall::korea_us_2025(0.0)?)?;
/// assert_eq!(r.recovery_date(), None); // $50 of $100 back after 10 years
/// assert!(r.review_triggered());
/// assert_eq!(r.unrecovered_balance(), Money::new(dec!(50), Currency::USD));
/// assert_eq!(r.to_string(), "not recovered; to investor USD 50.00, to host USD 50.00; 20-year review triggered");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaterfallResult {
    pub(super) first_outlay: NaiveDate,
    pub(super) project_flows: Schedule,
    pub(super) investor_inflows: Schedule,
    pub(super) host_inflows: Schedule,
    pub(super) net_flows: Schedule,
    pub(super) recovery_date: Option<NaiveDate>,
    pub(super) unrecovered_balance: Money,
    pub(super) review_years: Option<u32>,
    pub(super) review_triggered: bool,
}

impl WaterfallResult {
    /// The date of the first outlay (the start of the review horizon and
    /// the valuation date of [`net_pv`](Self::net_pv)).
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.first_outlay(), d);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn first_outlay(&self) -> NaiveDate {
        self.first_outlay
    }

    /// The project flows that were shared.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.project_flows().total()?, Money::new(dec!(30), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn project_flows(&self) -> &Schedule {
        &self.project_flows
    }

    /// The investor's inflows.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.investor_inflows().total()?, Money::new(dec!(15), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn investor_inflows(&self) -> &Schedule {
        &self.investor_inflows
    }

    /// The host's inflows.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.host_inflows().total()?, Money::new(dec!(15), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn host_inflows(&self) -> &Schedule {
        &self.host_inflows
    }

    /// The investor's net flows: the outlays negated (with their labels)
    /// and the inflows, in date order (outlays first on a date).
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.net_flows().total()?, Money::new(dec!(-85), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_flows(&self) -> &Schedule {
        &self.net_flows
    }

    /// The date on which the investor's balance was brought to zero for
    /// good, or `None` if it is still positive after the last project flow.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.recovery_date(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recovery_date(&self) -> Option<NaiveDate> {
        self.recovery_date
    }

    /// The investor's unrecovered balance (outlays plus deemed interest
    /// minus its shares) after the last event; zero once recovered.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.unrecovered_balance(), Money::new(dec!(85), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unrecovered_balance(&self) -> Money {
        self.unrecovered_balance
    }

    /// Whether the review clause is triggered: the waterfall has review
    /// years and the investor has not recovered within them of the first
    /// outlay (recovery on the last day of the horizon counts as within).
    /// Always `false` without review years.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::korea_us_2025(0.0)?)?;
    /// assert!(r.review_triggered());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn review_triggered(&self) -> bool {
        self.review_triggered
    }

    /// The present value of the net flows at the first outlay date, at an
    /// annually compounded `rate` with Act/365F year fractions.
    ///
    /// # Errors
    /// [`Error::InvalidRate`](crate::Error::InvalidRate) for a rate that is not
    /// finite or at or below −100%; [`Error::Overflow`](crate::Error::Overflow) past `Decimal`'s
    /// range.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.net_pv(0.0)?, Money::new(dec!(-85), Currency::USD));
    /// assert!(r.net_pv(0.05)?.amount() < dec!(-85));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_pv(&self, rate: f64) -> Result<Money> {
        let curve = FlatCurve::new(self.first_outlay, InterestRate::annual(rate, DayCount::Actual365Fixed)?);
        present_value(&self.net_flows, &curve)
    }

    /// The investor's internal rates of return on the net flows, with
    /// [`xirr`](crate::valuation::xirr) (annual compounding, Act/365F):
    /// none, one, or several roots.
    ///
    /// # Errors
    /// The errors of [`xirr`](crate::valuation::xirr) (every net flow zero,
    /// solver failures).
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// // Assumption: a 10% yield for 30 years, deemed interest 0%.
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 30)?, &Waterfall::korea_us_2025(0.0)?)?;
    /// let irr = r.net_irr()?.unique().unwrap();
    /// assert!(irr > 0.0 && irr < 0.01); // $110 back for $100 over 30 years
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_irr(&self) -> Result<Roots> {
        let flows: Vec<(NaiveDate, Decimal)> = self.net_flows.iter().map(|f| (f.date, f.amount.amount())).collect();
        xirr(&flows)
    }
}

impl fmt::Display for WaterfallResult {
    /// A one-line summary: the recovery date or "not recovered", the totals
    /// to investor and host, and the review flag.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.recovery_date {
            Some(d) => write!(f, "recovered on {d}")?,
            None => f.write_str("not recovered")?,
        }
        let total = |s: &Schedule| s.total().map_or_else(|_| "(overflow)".to_string(), |m| m.to_string());
        write!(
            f,
            "; to investor {}, to host {}",
            total(&self.investor_inflows),
            total(&self.host_inflows)
        )?;
        match self.review_years {
            Some(n) if self.review_triggered => write!(f, "; {n}-year review triggered"),
            Some(n) => write!(f, "; {n}-year review not triggered"),
            None => f.write_str("; no review clause"),
        }
    }
}
