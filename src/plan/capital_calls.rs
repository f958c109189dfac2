//! [`CapitalCalls`]: amounts called with notice, optionally capped per year.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{
    MAX_PLAN_YEARS, cap_too_small, check_cap_horizon, check_sum, is_null_calendar, positive_whole, put, whole_cap,
};
use crate::limits::MAX_NOTICE_DAYS;
use crate::period::FiscalYear;
use crate::schedule::CashFlow;
use crate::time::{BusinessCalendar, BusinessDayConvention, Calendar, civil};
use crate::{Bound, Currency, DateOp, Error, Label, Money, Quantity, Result, Value};
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

impl CapitalCalls {
    /// The schedule of [`CapitalCalls::flows`], sorted and merged, written
    /// straight into `out` (its old flows' slots and labels reused) without
    /// `Decimal` arithmetic and without the queue: every amount is an
    /// integer in minor units with the scale its `Decimal` would have on
    /// the general path ([`Amount`]), so each flow gets the same `Decimal`,
    /// mantissa and scale. The calls' due dates are sorted only when they
    /// are not already in order; flows on the date of the flow before are
    /// merged as the general path merges them. `None` (and `out` in any
    /// state) where the general path must decide: amounts with more
    /// decimals than the currency or beyond 96 bits in minor units, flows
    /// that would go back in time, any error or limit.
    pub(super) fn write_schedule(&self, amount: Money, label: &Label, out: &mut Vec<CashFlow>) -> Option<()> {
        let currency = amount.currency();
        let minor = u32::from(currency.minor_units());
        if self.calls.is_empty() {
            return None;
        }
        self.check_notice().ok()?;
        let mut due: Vec<(NaiveDate, Amount)> = Vec::with_capacity(self.calls.len());
        // Each amount is below 2^96 minor units (checked below through the
        // sum) and there are at most MAX_PLAN_PAYMENTS calls: the sum fits.
        let mut sum = 0i128;
        for c in &self.calls {
            let a = Amount::new(c.amount, minor)?;
            if a.units <= 0 {
                return None;
            }
            sum = sum.checked_add(a.units)?;
            due.push((self.due_date(c.notice).ok()?, a));
        }
        // Every amount below is at most the tranche or the cap, so below
        // 2^96 minor units: `Decimal` computes them exactly, at the larger
        // of its operands' scales.
        if (Amount {
            units: sum,
            scale: minor,
        })
        .money(minor, currency)?
            != amount
        {
            return None;
        }
        if !due.is_sorted_by_key(|&(d, _)| d) {
            due.sort_by_key(|&(d, _)| d);
        }
        let (&(first, _), &(last, _)) = (due.first()?, due.last()?);
        let first_year = self.year.year_of(first);
        if i64::from(self.year.year_of(last)) - i64::from(first_year) > i64::from(MAX_PLAN_YEARS) {
            return None;
        }
        // Flows written; the last one's date and amount.
        let mut len = 0usize;
        let mut tail = (NaiveDate::MIN, Amount::ZERO);
        let mut emit = |out: &mut Vec<CashFlow>, date: NaiveDate, a: Amount| -> Option<()> {
            if len > 0 && date == tail.0 {
                tail.1 = tail.1.add(a);
                out.get_mut(len - 1)?.amount = tail.1.money(minor, currency)?;
            } else if len > 0 && date < tail.0 {
                return None;
            } else {
                put(out, len, date, a.money(minor, currency)?, label);
                len += 1;
                tail = (date, a);
            }
            Some(())
        };
        if out.len() < due.len() {
            out.reserve(due.len() - out.len());
        }
        match self.annual_cap {
            None => {
                for &(d, a) in &due {
                    emit(out, d, a)?;
                }
            }
            Some(cap) => {
                let cap = whole_cap(cap, currency, Quantity::AnnualCap).ok()?;
                check_cap_horizon(cap, amount).ok()?;
                let cap = Amount::new(cap.amount(), minor)?;
                let (mut year, mut carry, mut i) = (first_year, Amount::ZERO, 0usize);
                while i < due.len() || carry.units != 0 {
                    if carry.units == 0
                        && let Some(&(d, _)) = due.get(i)
                    {
                        // Skip years without calls.
                        year = year.max(self.year.year_of(d));
                    }
                    if i64::from(year) - i64::from(first_year) > i64::from(MAX_PLAN_YEARS) {
                        return None;
                    }
                    let mut left = cap;
                    if carry.units != 0 {
                        let start = self.year.start_of(year).ok()?;
                        let date = self.calendar.adjust(start, BusinessDayConvention::Following).ok()?;
                        let pay = carry.min(left);
                        emit(out, date, pay)?;
                        (carry, left) = (carry.sub(pay), left.sub(pay));
                    }
                    while let Some(&(d, m)) = due.get(i) {
                        if self.year.year_of(d) != year {
                            break;
                        }
                        i += 1;
                        let pay = m.min(left);
                        if pay.units != 0 {
                            emit(out, d, pay)?;
                        }
                        (left, carry) = (left.sub(pay), carry.add(m.sub(pay)));
                    }
                    year = year.checked_add(1)?;
                }
            }
        }
        out.truncate(len);
        Some(())
    }
}

/// `10^k` for k = 0..=19 (the powers that fit a `u64`).
const POW10: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut k = 1;
    while k < 20 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// An amount as [`CapitalCalls::write_schedule`] computes it: `units`
/// minor units, and the scale of the `Decimal` the general path holds for
/// it (at most the currency's minor units). A sum or difference takes the
/// larger scale (with a zero operand, the other operand's), and the lesser
/// of two the scale of the one chosen, as `Decimal` and
/// [`Money::checked_min`] give them when the result fits.
#[derive(Clone, Copy)]
struct Amount {
    units: i128,
    scale: u32,
}

impl Amount {
    /// `Money::zero`: scale 0.
    const ZERO: Amount = Amount { units: 0, scale: 0 };

    /// `value` in minor units; `None` with more decimals than `minor`, a
    /// factor beyond `10^19` or a product beyond `i128`.
    fn new(value: Decimal, minor: u32) -> Option<Amount> {
        let scale = value.scale();
        let factor = *POW10.get(minor.checked_sub(scale)? as usize)?;
        // A mantissa is below 2^96: times at most 10^9 (below 2^30) it
        // fits; larger factors are checked.
        let units = if factor <= 1_000_000_000 {
            value.mantissa() * i128::from(factor)
        } else {
            value.mantissa().checked_mul(i128::from(factor))?
        };
        Some(Amount { units, scale })
    }

    /// `self` unless `other` is less (`Money::checked_min`).
    fn min(self, other: Amount) -> Amount {
        if other.units < self.units { other } else { self }
    }

    /// `self + other` at the scale `Decimal` gives it: the larger of the
    /// two, except that adding to or from a zero gives the other operand
    /// as it is (`0 + 1.00` is `1.00` and `1 + 0.00` is `1`, not `1.00`).
    fn add(self, other: Amount) -> Amount {
        Amount {
            units: self.units + other.units,
            scale: self.scale_with(other),
        }
    }

    /// `self − other` at the scale `Decimal` gives it, as in
    /// [`Amount::add`] (`1 − 0.00` is `1`; `0 − 1.00` is `−1.00`).
    fn sub(self, other: Amount) -> Amount {
        Amount {
            units: self.units - other.units,
            scale: self.scale_with(other),
        }
    }

    /// The scale of `Decimal`'s sum or difference of `self` and `other`.
    fn scale_with(self, other: Amount) -> u32 {
        if self.units == 0 {
            other.scale
        } else if other.units == 0 {
            self.scale
        } else {
            self.scale.max(other.scale)
        }
    }

    /// The `Decimal` at `scale`: the units over `10^(minor - scale)`,
    /// exact (the amount has that many decimals); `None` beyond 96 bits.
    fn money(self, minor: u32, currency: Currency) -> Option<Money> {
        let mantissa = match minor - self.scale {
            0 => self.units,
            k => {
                let p = *POW10.get(k as usize)?;
                match u64::try_from(self.units) {
                    Ok(u) => i128::from(u / p),
                    Err(_) => self.units / i128::from(p),
                }
            }
        };
        Decimal::try_from_i128_with_scale(mantissa, self.scale)
            .ok()
            .map(|d| Money::new(d, currency))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    use crate::Plan;
    use crate::time::{HolidayCalendar, WeekendsOnly};
    use rust_decimal_macros::dec;

    /// The direct writer gives the general path's schedule (`flows`, then
    /// sorted, merged and zeros dropped), every date, amount (mantissa and
    /// scale) and label, or its error: calls in any order, of mixed scales,
    /// on shared dates, with and without a cap (of its own scale), notice
    /// in business or calendar days (zero included), fiscal years; fresh
    /// and into a reused schedule.
    #[test]
    fn schedules_are_the_general_paths() {
        use crate::{FiscalYearLabel, Label, Schedule};
        use proptest::prelude::*;
        let holidays = (2024..2060)
            .flat_map(|y| (1..=12).map(move |m| d(y, m, 1)).chain([d(y, 12, 31)]))
            .collect::<Vec<_>>();
        let calendars: [Calendar; 3] = [
            WeekendsOnly.into(),
            HolidayCalendar::new("firsts", holidays).into(),
            Calendar::Null,
        ];
        let label = Label::new("calls");
        let show = |s: &Schedule| {
            s.flows()
                .iter()
                .map(|f| {
                    let a = f.amount.amount();
                    format!("{} {} {} {}", f.date, a.mantissa(), a.scale(), f.tranche)
                })
                .collect::<Vec<_>>()
        };
        let call = (0u32..2500, 1i64..5000, 0u32..3);
        proptest!(|(raw in proptest::collection::vec(call, 1..12), notice in prop_oneof![Just(0u32), 1u32..60],
                    basis in 0u32..2, cal in 0usize..3, cap in proptest::option::of((1i64..8000, 0u32..3)),
                    fy in 0u32..2, off in prop_oneof![Just(0i64), Just(0i64), -1i64..2])| {
            let calls: Vec<Call> = raw
                .iter()
                .map(|&(day, units, scale)| Call {
                    notice: d(2024, 1, 1) + chrono::Days::new(u64::from(day)),
                    amount: Decimal::new(units * 10i64.pow(scale), scale),
                })
                .collect();
            let total: Decimal = calls.iter().map(|c| c.amount).sum();
            let amount = usd(total + Decimal::from(off));
            let mut plan = CapitalCalls::new(calls, notice, calendars[cal].clone())
                .notice_basis(if basis == 0 { NoticeBasis::BusinessDays } else { NoticeBasis::CalendarDays });
            if fy == 1 {
                plan = plan.fiscal_year(FiscalYear::new(7, FiscalYearLabel::EndYear).unwrap());
            }
            if let Some((units, scale)) = cap {
                plan = plan.annual_cap(Decimal::new(units * 10i64.pow(scale), scale));
            }
            // `Plan::schedule` checks the amount and counts the payments
            // from the plan's parameters (the calls and ⌈amount / cap⌉
            // spill-overs) before the calls: a cap too small for the
            // amount is refused before the calls' sum is checked.
            let want = positive_whole(amount.amount(), amount.currency(), || Quantity::Tranche("calls".into()))
                .and_then(|_| crate::Plan::CapitalCalls(plan.clone()).payment_count(amount))
                .and_then(|n| super::super::check_payment_count(Quantity::PaymentCount, n))
                .and_then(|()| plan.flows(amount))
                .and_then(|flows| super::super::to_schedule(amount.currency(), &label, flows, Vec::new()));
            let mut direct = Vec::new();
            let got = plan
                .write_schedule(amount, &label, &mut direct)
                .map(|()| Schedule::from_sorted(amount.currency(), direct));
            match (&want, &got) {
                (Ok(want), Some(got)) => prop_assert_eq!(show(got), show(want)),
                (Err(_), Some(got)) => prop_assert!(false, "the writer gave {:?} where the general path fails", show(got)),
                (_, None) => {}
            }
            let plan = Plan::CapitalCalls(plan);
            let fresh = plan.schedule(amount, "calls");
            let mut reused = Plan::installments(d(2020, 1, 1), 50, crate::time::Tenor::days(1))
                .schedule(usd(dec!(7)), "other")
                .unwrap();
            let into = plan.schedule_into(amount, &label, &mut reused).map(|()| reused);
            match (&want, &fresh, &into) {
                (Ok(want), Ok(fresh), Ok(into)) => {
                    prop_assert_eq!(show(fresh), show(want));
                    prop_assert_eq!(show(into), show(want));
                }
                _ => {
                    prop_assert_eq!(format!("{:?}", fresh.as_ref().err()), format!("{:?}", want.as_ref().err()));
                    prop_assert_eq!(format!("{:?}", into.as_ref().err()), format!("{:?}", want.as_ref().err()));
                }
            }
        });
    }

    /// A call carried past a spent cap keeps the scale `Decimal` gives it:
    /// the cap (whole, held at the currency's 2 decimals) is spent to
    /// 0.00, so the call of 1 pays min(1, 0.00) = 0.00 this year and
    /// carries 1 − 0.00, which `Decimal` leaves as `1` (a zero operand
    /// returns the other as it is), not `1.00`. Found by the proptest
    /// above (its regression file keeps the case).
    #[test]
    fn a_carry_past_a_spent_cap_keeps_its_scale() {
        let calls = vec![
            Call {
                notice: d(2026, 3, 2),
                amount: dec!(20),
            },
            Call {
                notice: d(2026, 6, 1),
                amount: dec!(1),
            },
        ];
        let plan = CapitalCalls::new(calls, 0, Calendar::Null)
            .notice_basis(NoticeBasis::CalendarDays)
            .annual_cap(dec!(20));
        let amount = usd(dec!(21));
        let label = Label::new("k");
        let mut direct = Vec::new();
        plan.write_schedule(amount, &label, &mut direct).unwrap();
        let general = plan.flows(amount).unwrap();
        let parts = |a: Decimal| (a.mantissa(), a.scale());
        assert_eq!(general.len(), 2);
        assert_eq!(direct.len(), 2);
        assert_eq!((general[0].0, parts(general[0].1.amount())), (d(2026, 3, 2), (20, 0)));
        assert_eq!((general[1].0, parts(general[1].1.amount())), (d(2027, 1, 1), (1, 0)));
        for (g, w) in general.iter().zip(&direct) {
            assert_eq!((g.0, parts(g.1.amount())), (w.date, parts(w.amount.amount())));
        }
    }

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
