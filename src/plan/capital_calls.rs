//! [`CapitalCalls`]: amounts called with notice, optionally capped per year.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{MAX_PLAN_YEARS, cap_too_small, check_cap_horizon, check_sum, is_null_calendar, positive_whole, whole_cap};
use crate::limits::MAX_NOTICE_DAYS;
use crate::period::FiscalYear;
use crate::time::{BusinessCalendar, BusinessDayConvention, Calendar, civil};
use crate::{Bound, DateOp, Error, Money, Quantity, Result, Value};
use std::collections::VecDeque;

/// How a capital call's notice period is counted.
///
/// ```
/// use disburse::NoticeBasis;
/// assert_eq!(NoticeBasis::default(), NoticeBasis::BusinessDays);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum NoticeBasis {
    /// Funds are due `n` business days after the notice.
    #[default]
    BusinessDays,
    /// Funds are due `n` calendar days after the notice, moved to the next
    /// business day if needed.
    CalendarDays,
}

/// One capital call: notice given on `notice`, `amount` due after the
/// plan's notice period.
///
/// ```
/// use disburse::Call;
/// use rust_decimal_macros::dec;
/// let c = Call { notice: chrono::NaiveDate::from_ymd_opt(2026, 2, 18).unwrap(), amount: dec!(36e9) };
/// assert_eq!(c.amount, dec!(36e9));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// Date the notice is given.
    pub notice: NaiveDate,
    /// Amount called, in the tranche's currency; positive, whole minor units.
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
    pub amount: Decimal,
}

/// Capital calls: each call is due `notice_days` (business or calendar)
/// days after its notice; with an `annual_cap`, what exceeds the cap in a
/// (fiscal) year spills into the next year, paid on that year's first
/// business day ahead of its own calls (oldest first), and on until paid.
///
/// ```
/// use disburse::{Call, CapitalCalls, Currency, Money, Plan};
/// use disburse::time::Calendar;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let calls = vec![
///     Call { notice: d(2026, 2, 18), amount: dec!(30e9) },
///     Call { notice: d(2026, 9, 1), amount: dec!(10e9) },
/// ];
/// let plan = CapitalCalls::new(calls, 45, Calendar::WeekendsOnly).annual_cap(dec!(20e9));
/// let s = Plan::CapitalCalls(plan).schedule(Money::new(dec!(40e9), Currency::USD), "cash")?;
/// let text: Vec<String> = s.iter().map(|f| format!("{} {}", f.date, f.amount.compact())).collect();
/// assert_eq!(text, ["2026-04-22 $20.00B", "2027-01-01 $20.00B"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CapitalCalls {
    /// The calls, in any order; their amounts must sum to the tranche.
    pub calls: Vec<Call>,
    /// Length of the notice period, at most
    /// [`MAX_NOTICE_DAYS`](crate::limits::MAX_NOTICE_DAYS).
    pub notice_days: u32,
    /// Business days (default) or calendar days.
    #[serde(default)]
    pub notice_basis: NoticeBasis,
    /// Calendar for business days and adjustments (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Optional ceiling on what is paid per (fiscal) year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::input_serde::opt_amount")]
    #[cfg_attr(
        feature = "scenario",
        schemars(schema_with = "crate::input_serde::schema::opt_amount")
    )]
    pub annual_cap: Option<Decimal>,
    /// The year the cap applies to (default: calendar year).
    #[serde(default)]
    pub year: FiscalYear,
}

impl CapitalCalls {
    /// Calls due `notice_days` business days after notice on `calendar`, uncapped.
    ///
    /// ```
    /// use disburse::CapitalCalls;
    /// use disburse::time::Calendar;
    /// let c = CapitalCalls::new(vec![], 45, Calendar::WeekendsOnly);
    /// assert_eq!(c.notice_days, 45);
    /// ```
    pub fn new(calls: Vec<Call>, notice_days: u32, calendar: impl Into<Calendar>) -> Self {
        CapitalCalls {
            calls,
            notice_days,
            notice_basis: NoticeBasis::BusinessDays,
            calendar: calendar.into(),
            annual_cap: None,
            year: FiscalYear::CALENDAR,
        }
    }

    /// Sets the annual cap.
    pub fn annual_cap(mut self, cap: Decimal) -> Self {
        self.annual_cap = Some(cap);
        self
    }

    /// Sets the notice basis.
    pub fn notice_basis(mut self, basis: NoticeBasis) -> Self {
        self.notice_basis = basis;
        self
    }

    /// Sets the (fiscal) year the cap applies to.
    pub fn fiscal_year(mut self, year: FiscalYear) -> Self {
        self.year = year;
        self
    }

    /// The date a call noticed on `notice` is due.
    ///
    /// A long business-day notice costs no more than a short one: the
    /// built-in calendars count business days arithmetically
    /// ([`BusinessCalendar::advance_business_days`]).
    ///
    /// # Errors
    /// [`Error::OutOfRange`] on [`Quantity::NoticeDays`] for a notice
    /// period longer than [`MAX_NOTICE_DAYS`]; [`Error::DateOutOfRange`]
    /// past chrono's range.
    ///
    /// ```
    /// use disburse::{CapitalCalls, NoticeBasis};
    /// use disburse::time::Calendar;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let business = CapitalCalls::new(vec![], 45, Calendar::WeekendsOnly);
    /// assert_eq!(business.due_date(d(2026, 2, 18))?, d(2026, 4, 22));
    /// let calendar = business.clone().notice_basis(NoticeBasis::CalendarDays);
    /// assert_eq!(calendar.due_date(d(2026, 2, 18))?, d(2026, 4, 6)); // 4 April is a Saturday
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn due_date(&self, notice: NaiveDate) -> Result<NaiveDate> {
        self.check_notice()?;
        let n = i64::from(self.notice_days);
        match self.notice_basis {
            NoticeBasis::BusinessDays => self.calendar.advance_business_days(notice, n),
            NoticeBasis::CalendarDays => self
                .calendar
                .adjust(civil::add_days(notice, n)?, BusinessDayConvention::Following),
        }
    }

    /// Rejects a notice period longer than [`MAX_NOTICE_DAYS`].
    fn check_notice(&self) -> Result<()> {
        if self.notice_days > MAX_NOTICE_DAYS {
            return Err(Error::out_of_range(
                Quantity::NoticeDays,
                self.notice_days,
                Bound::AtMost(Value::from(MAX_NOTICE_DAYS)),
            ));
        }
        Ok(())
    }

    pub(super) fn flows(&self, amount: Money) -> Result<Vec<(NaiveDate, Money)>> {
        let currency = amount.currency();
        if self.calls.is_empty() {
            return Err(Error::Empty {
                what: Quantity::CapitalCalls,
            });
        }
        self.check_notice()?;
        let mut due: Vec<(NaiveDate, Money)> = Vec::with_capacity(self.calls.len());
        for c in &self.calls {
            let m = positive_whole(c.amount, currency, || Quantity::CapitalCall(c.notice))?;
            due.push((self.due_date(c.notice)?, m));
        }
        check_sum(Quantity::CapitalCalls, due.iter().map(|(_, m)| *m), amount)?;
        due.sort_by_key(|(d, _)| *d);
        // The calls themselves must fit the plan horizon, cap or no cap.
        if let (Some((first, _)), Some((last, _))) = (due.first(), due.last()) {
            let span = i64::from(self.year.year_of(*last)) - i64::from(self.year.year_of(*first));
            if span > i64::from(MAX_PLAN_YEARS) {
                return Err(Error::out_of_range(
                    Quantity::CapitalCallYears,
                    span,
                    Bound::AtMost(Value::from(MAX_PLAN_YEARS)),
                ));
            }
        }
        let Some(cap) = self.annual_cap else {
            return Ok(due);
        };
        let cap = whole_cap(cap, currency, Quantity::AnnualCap)?;
        check_cap_horizon(cap, amount)?;

        let mut queue: VecDeque<(NaiveDate, Money)> = due.into();
        let mut out = Vec::new();
        let mut carry = Money::zero(currency);
        let first_year = queue.front().map_or(0, |(d, _)| self.year.year_of(*d));
        let mut year = first_year;
        while !queue.is_empty() || !carry.is_zero() {
            if carry.is_zero() {
                // Skip years without calls.
                if let Some((d, _)) = queue.front() {
                    year = year.max(self.year.year_of(*d));
                }
            }
            if i64::from(year) - i64::from(first_year) > i64::from(MAX_PLAN_YEARS) {
                return Err(cap_too_small(cap, amount));
            }
            let mut left = cap;
            if !carry.is_zero() {
                let date = self
                    .calendar
                    .adjust(self.year.start_of(year)?, BusinessDayConvention::Following)?;
                let pay = carry.checked_min(left)?;
                out.push((date, pay));
                carry = carry.checked_sub(pay)?;
                left = left.checked_sub(pay)?;
            }
            while let Some(&(d, m)) = queue.front() {
                if self.year.year_of(d) != year {
                    break;
                }
                queue.pop_front();
                let pay = m.checked_min(left)?;
                if !pay.is_zero() {
                    out.push((d, pay));
                }
                left = left.checked_sub(pay)?;
                carry = carry.checked_add(m.checked_sub(pay)?)?;
            }
            year = year
                .checked_add(1)
                .ok_or_else(|| Error::date_out_of_range(DateOp::YearAfterLastCall))?;
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    use crate::Plan;
    use crate::time::{HolidayCalendar, WeekendsOnly};
    use rust_decimal_macros::dec;

    #[test]
    fn capital_calls_spill_over_several_years() {
        let calls = vec![
            Call {
                notice: d(2026, 11, 2),
                amount: dec!(50),
            },
            Call {
                notice: d(2027, 3, 1),
                amount: dec!(5),
            },
        ];
        let cal = Calendar::Holidays(HolidayCalendar::new("t", [d(2027, 1, 1), d(2028, 1, 3)]));
        let plan = CapitalCalls::new(calls, 10, cal).annual_cap(dec!(20));
        let s = Plan::CapitalCalls(plan).schedule(usd(dec!(55)), "k").unwrap();
        assert_eq!(
            lines(&s),
            [
                "2026-11-16 USD 20.00", // due 10 business days after 2 Nov; capped at 20
                "2027-01-04 USD 20.00", // 30 spills: 20 on 2027's first business day; 2027 is full
                "2028-01-04 USD 15.00", // the last 10 and all of 2027's call spill into 2028
            ]
        );
    }

    #[test]
    fn capital_calls_errors() {
        let calls = vec![Call {
            notice: d(2026, 1, 1),
            amount: dec!(5),
        }];
        let plan = Plan::CapitalCalls(CapitalCalls::new(calls.clone(), 45, WeekendsOnly));
        assert!(matches!(
            plan.schedule(usd(dec!(6)), "k"),
            Err(Error::FlowsDoNotSum { .. })
        ));
        let empty = Plan::CapitalCalls(CapitalCalls::new(vec![], 45, WeekendsOnly));
        assert!(matches!(empty.schedule(usd(dec!(6)), "k"), Err(Error::Empty { .. })));
        let capped = Plan::CapitalCalls(CapitalCalls::new(calls, 45, WeekendsOnly).annual_cap(dec!(-1)));
        assert!(matches!(
            capped.schedule(usd(dec!(5)), "k"),
            Err(Error::NonPositiveAmount { .. })
        ));
    }
}
