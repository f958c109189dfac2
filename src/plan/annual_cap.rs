//! [`AnnualCap`]: at most a given amount paid per (fiscal) year.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{
    MAX_PLAN_YEARS, cap_too_small, check_cap_horizon, check_payment_count, default_convention, default_tenor,
    is_default_convention, is_null_calendar, positive_whole_units, push_split, whole_cap, write_run,
};
use crate::money::minor_to_money;
use crate::period::FiscalYear;
use crate::schedule::CashFlow;
use crate::time::{BusinessCalendar, BusinessDayConvention, Calendar, DayKernel, Stepper, Tenor};
use crate::{Error, Label, Money, Quantity, Result};

/// At most `cap` per (fiscal) year until the tranche is paid.
///
/// Payment dates are `start + k·tenor` (adjusted); each year's dates share
/// that year's payment, `min(cap, remaining)`, equally; the last year takes
/// the remainder. The cap is rounded down to whole minor units.
///
/// ```
/// use disburse::{AnnualCap, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let plan = Plan::AnnualCap(AnnualCap::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(20e9)));
/// let s = plan.schedule(Money::new(dec!(200e9), Currency::USD), "cash")?;
/// assert_eq!(s.len(), 10);
/// assert_eq!(s.last_date(), NaiveDate::from_ymd_opt(2035, 1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct AnnualCap {
    /// First payment date.
    pub start: NaiveDate,
    /// The most that may be paid in one year, in the tranche's currency.
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
    pub cap: Decimal,
    /// Time between payments within a year (default 1Y: one per year).
    #[serde(default = "default_tenor")]
    pub tenor: Tenor,
    /// The year the cap applies to (default: calendar year).
    #[serde(default)]
    pub year: FiscalYear,
    /// Calendar for adjusting dates (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl AnnualCap {
    /// One payment a calendar year of at most `cap`, from `start`.
    ///
    /// ```
    /// use disburse::AnnualCap;
    /// use rust_decimal_macros::dec;
    /// let c = AnnualCap::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(20e9));
    /// assert_eq!(c.cap, dec!(20e9));
    /// ```
    pub fn new(start: NaiveDate, cap: Decimal) -> Self {
        AnnualCap {
            start,
            cap,
            tenor: default_tenor(),
            year: FiscalYear::CALENDAR,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }

    /// Sets the payment tenor within each year.
    pub fn tenor(mut self, tenor: impl Into<Tenor>) -> Self {
        self.tenor = tenor.into();
        self
    }

    /// Sets the (fiscal) year the cap applies to.
    pub fn fiscal_year(mut self, year: FiscalYear) -> Self {
        self.year = year;
        self
    }

    /// Sets the calendar and convention.
    pub fn adjusted(mut self, calendar: impl Into<Calendar>, convention: BusinessDayConvention) -> Self {
        self.calendar = calendar.into();
        self.convention = convention;
        self
    }

    /// The flows `(date, part)` in the order generated: the general path
    /// ([`Plan::schedule`](crate::Plan::schedule) sorts and merges them),
    /// taken when [`AnnualCap::write_schedule`] declines.
    pub(super) fn flows(&self, amount: Money) -> Result<Vec<(NaiveDate, Money)>> {
        if self.tenor.length() == 0 {
            return Err(Error::ZeroTenor);
        }
        let cap = whole_cap(self.cap, amount.currency(), Quantity::AnnualCap)?;
        check_cap_horizon(cap, amount)?;
        let mut out = Vec::new();
        let mut remaining = amount;
        let mut bucket: Vec<NaiveDate> = Vec::new();
        let mut bucket_year = None;
        let first_year = self.year.year_of(self.start);
        let mut generated = 0u64;
        let mut dates = AdjustedDates::new(self);
        for k in 0i64.. {
            let d = dates.at(k)?;
            let y = self.year.year_of(d);
            if bucket_year.is_some_and(|by| by != y) {
                let pay = remaining.checked_min(cap)?;
                push_split(&mut out, &bucket, pay)?;
                remaining = remaining.checked_sub(pay)?;
                bucket.clear();
                if remaining.is_zero() {
                    break;
                }
            }
            if i64::from(y) - i64::from(first_year) > i64::from(MAX_PLAN_YEARS) {
                return Err(cap_too_small(cap, amount));
            }
            bucket_year = Some(y);
            bucket.push(d);
            // Counted before generation as an upper bound; this keeps the
            // limit exact whatever the calendar does to the dates.
            generated += 1;
            check_payment_count(Quantity::PaymentCount, generated)?;
        }
        Ok(out)
    }

    /// The schedule of [`AnnualCap::flows`], sorted and merged, written
    /// straight into `out` (its old flows' slots and labels reused, room
    /// for `bound` flows reserved once). Dates come a run at a time (the
    /// month loop's, or one from the general step) into a buffer on the
    /// stack; each year whose last date is known (a date of the next year
    /// follows it) is written in two runs, its larger parts then its
    /// smaller ones, computed in minor units as [`Money::even_parts`]
    /// splits the year's payment `min(cap, remaining)`: one division by the
    /// year's number of dates, the first `remainder` parts one unit larger.
    /// No intermediate vector, no sort. `None` (and `out` in any state)
    /// where the general path must decide: dates that are not strictly
    /// increasing (a merge, or a calendar that goes back), a year with more
    /// dates than the buffer holds, any error or limit, amounts beyond
    /// `u128` minor units, more dates than `bound`.
    pub(super) fn write_schedule(
        &self,
        amount: Money,
        label: &Label,
        out: &mut Vec<CashFlow>,
        bound: u64,
    ) -> Option<()> {
        if self.tenor.length() == 0 {
            return None;
        }
        let currency = amount.currency();
        let cap_money = whole_cap(self.cap, currency, Quantity::AnnualCap).ok()?;
        check_cap_horizon(cap_money, amount).ok()?;
        let cap = u128::try_from(cap_money.minor_units_of(Quantity::AnnualCap).ok()?).ok()?;
        let mut remaining = positive_whole_units(amount, || Quantity::AnnualCap).ok()??;
        let bound = usize::try_from(bound).ok()?;
        if out.len() < bound {
            out.reserve(bound - out.len());
        }
        let first_year = i64::from(self.year.year_of(self.start));
        let mut dates = AdjustedDates::new(self);
        let mut buf = [NaiveDate::MIN; 512];
        // Dates in `buf` not yet written (a year not known complete), the
        // dates generated, the flows written.
        let (mut have, mut k, mut len) = (0usize, 0usize, 0usize);
        let mut zeros = false;
        loop {
            // The flows written are at most `bound`, the dates generated at
            // most one more.
            let room = (bound + 1).saturating_sub(k).min(buf.len() - have);
            let got = dates.run(k as i64, buf.get_mut(have..have + room)?)?;
            (have, k) = (have + got, k + got);
            let mut from = 0;
            while let Some(&first) = buf.get(from).filter(|_| from < have) {
                let y = self.year.year_of(first);
                if i64::from(y) - first_year > i64::from(MAX_PLAN_YEARS) {
                    return None;
                }
                // The year's dates (increasing, so the years too).
                let run = buf.get(from..have)?.partition_point(|&d| self.year.year_of(d) == y);
                if from + run == have {
                    break;
                }
                let year = buf.get(from..from + run)?;
                let pay = remaining.min(cap);
                // `run` ≥ 1.
                let n = run as u128;
                let (base, extra) = (pay / n, pay % n);
                let low = minor_to_money(base, false, currency).ok()?;
                let high = if extra > 0 {
                    minor_to_money(base + 1, false, currency).ok()?
                } else {
                    low
                };
                // extra < n.
                let (h, l) = year.split_at(extra as usize);
                write_run(out, &mut len, h, high, label);
                write_run(out, &mut len, l, low, label);
                zeros |= base == 0;
                remaining -= pay;
                if remaining == 0 {
                    out.truncate(len);
                    if zeros {
                        out.retain(|f| !f.amount.is_zero());
                    }
                    return Some(());
                }
                from += run;
            }
            // The open year's dates move to the front.
            buf.copy_within(from..have, 0);
            have -= from;
        }
    }
}

/// `start + k·tenor` adjusted for k = 0, 1, … in turn, as
/// `calendar.adjust(tenor.advance(…))` gives it: from the stepper's decoded
/// fields and the calendar's day kernel where they settle it (monthly and
/// yearly tenors), else the general step. Runs of dates come from the
/// month loop (`MonthStepper::fill`) a chunk at a time, from the stepper's
/// position on the date before.
struct AdjustedDates<'a> {
    plan: &'a AnnualCap,
    stepper: Stepper,
    kernel: Option<DayKernel<'a>>,
    chunk: [NaiveDate; 64],
    next: usize,
    filled: usize,
    last: NaiveDate,
}

impl<'a> AdjustedDates<'a> {
    fn new(plan: &'a AnnualCap) -> Self {
        AdjustedDates {
            plan,
            stepper: Stepper::new(plan.start, plan.tenor, false),
            kernel: plan.calendar.day_kernel(),
            chunk: [NaiveDate::MIN; 64],
            next: 0,
            filled: 0,
            last: NaiveDate::MIN,
        }
    }

    /// Dates `k`, `k + 1`, … into `out` (not empty; `k` follows the last
    /// date given): a run from the month loop, or one date from the
    /// general step, each strictly after the date before. How many; `None`
    /// on an error or a date not after the one before.
    fn run(&mut self, k: i64, out: &mut [NaiveDate]) -> Option<usize> {
        let plan = self.plan;
        if let (Some(kernel), Stepper::Months(m)) = (self.kernel.as_ref(), &mut self.stepper)
            && k > 0
            && m.last_k() == k - 1
        {
            let got = m.fill(kernel, plan.convention, self.last, out).min(out.len());
            if let Some(&d) = got.checked_sub(1).and_then(|i| out.get(i)) {
                self.last = d;
                return Some(got);
            }
        }
        let d = match self.stepper.at_adjusted(k, self.kernel.as_ref(), plan.convention) {
            Some((_, Some(adjusted))) => adjusted,
            Some((raw, None)) => plan.calendar.adjust(raw, plan.convention).ok()?,
            None => plan
                .calendar
                .adjust(plan.tenor.advance(plan.start, k, false).ok()?, plan.convention)
                .ok()?,
        };
        if d <= self.last {
            return None;
        }
        *out.first_mut()? = d;
        self.last = d;
        Some(1)
    }

    /// Date `k`, called with k = 0, 1, 2, … in turn.
    #[inline(always)]
    fn at(&mut self, k: i64) -> Result<NaiveDate> {
        let plan = self.plan;
        if self.next == self.filled
            && let (Some(kernel), Stepper::Months(m)) = (self.kernel.as_ref(), &mut self.stepper)
            && k > 0
            && m.last_k() == k - 1
        {
            self.filled = m
                .fill(kernel, plan.convention, self.last, &mut self.chunk)
                .min(self.chunk.len());
            self.next = 0;
        }
        let d = if let Some(&d) = self.chunk.get(self.next).filter(|_| self.next < self.filled) {
            self.next += 1;
            d
        } else {
            (self.next, self.filled) = (0, 0);
            match self.stepper.at_adjusted(k, self.kernel.as_ref(), plan.convention) {
                Some((_, Some(adjusted))) => adjusted,
                Some((raw, None)) => plan.calendar.adjust(raw, plan.convention)?,
                None => plan
                    .calendar
                    .adjust(plan.tenor.advance(plan.start, k, false)?, plan.convention)?,
            }
        };
        self.last = d;
        Ok(d)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    use crate::Plan;
    use rust_decimal_macros::dec;

    /// The flows' dates are `calendar.adjust(tenor.advance(start, k))`,
    /// the general step, whatever the start, tenor, calendar and
    /// convention (the stepper and the day kernel only make them faster).
    #[test]
    fn dates_are_the_general_steps() {
        use crate::time::{BusinessDayConvention as C, HolidayCalendar, WeekendsOnly};
        use proptest::prelude::*;
        let conventions = [
            C::Following,
            C::ModifiedFollowing,
            C::Preceding,
            C::ModifiedPreceding,
            C::Unadjusted,
        ];
        // Weekends and, on the first of each month and on 30 and 31
        // December, holidays (so adjustments cross months and years).
        let holidays = (2024..2060)
            .flat_map(|y| (1..=12).map(move |m| d(y, m, 1)).chain([d(y, 12, 30), d(y, 12, 31)]))
            .collect::<Vec<_>>();
        let calendars: [Calendar; 2] = [WeekendsOnly.into(), HolidayCalendar::new("firsts", holidays).into()];
        proptest!(|(day in 0u32..3000, months in prop_oneof![Just(1u32), Just(3), Just(6), Just(12), 1u32..25], ci in 0usize..5, cal in 0usize..2, cap in 1i64..40)| {
            let start = d(2024, 1, 1) + chrono::Days::new(u64::from(day));
            let calendar = &calendars[cal];
            let plan = AnnualCap::new(start, Decimal::from(cap))
                .tenor(Tenor::months(months))
                .adjusted(calendar.clone(), conventions[ci]);
            let flows = plan.flows(usd(dec!(100))).unwrap();
            for (k, (date, _)) in flows.iter().enumerate() {
                let raw = Tenor::months(months).advance(start, k as i64, false).unwrap();
                prop_assert_eq!(*date, calendar.adjust(raw, conventions[ci]).unwrap(), "payment {}", k);
            }
        });
    }

    /// The whole schedule, every date, amount (to its scale) and label,
    /// or the error, equals the general path's: payment k on
    /// `calendar.adjust(tenor.advance(start, k))`, each (fiscal) year's
    /// dates sharing `min(cap, remaining)` by [`Money::split_evenly`], then
    /// sorted, merged and zeros dropped as `to_schedule` does; fresh and
    /// into a reused schedule that held other flows. Monthly tenors take
    /// the direct writer; day and week tenors (merges on weekends) and
    /// holidays that push dates together take the general path.
    #[test]
    fn schedules_are_the_general_paths() {
        use crate::time::{BusinessDayConvention as C, HolidayCalendar, WeekendsOnly};
        use crate::{FiscalYearLabel, Schedule};
        use proptest::prelude::*;
        let conventions = [
            C::Following,
            C::ModifiedFollowing,
            C::Preceding,
            C::ModifiedPreceding,
            C::Unadjusted,
        ];
        let holidays = (2024..2140)
            .flat_map(|y| (1..=12).map(move |m| d(y, m, 1)).chain([d(y, 12, 30), d(y, 12, 31)]))
            .collect::<Vec<_>>();
        let calendars: [Calendar; 3] = [
            WeekendsOnly.into(),
            HolidayCalendar::new("firsts", holidays).into(),
            Calendar::Null,
        ];
        let tenors = [
            Tenor::months(1),
            Tenor::months(3),
            Tenor::months(12),
            Tenor::years(1),
            Tenor::months(5),
            Tenor::days(1),
            Tenor::weeks(1),
            Tenor::days(10),
        ];
        let label = Label::new("cap");
        let general = |plan: &AnnualCap, amount: Money| -> Result<Vec<(NaiveDate, Money)>> {
            // `Plan::schedule` counts the payments first, from the plan's
            // parameters (an upper bound: ⌈amount / cap⌉ years of at most
            // ⌈366 days / tenor⌉ + 1 dates), and refuses beyond the limit
            // even where fewer dates would come.
            check_payment_count(
                Quantity::PaymentCount,
                crate::Plan::AnnualCap(plan.clone()).payment_count(amount)?,
            )?;
            let cap = whole_cap(plan.cap, amount.currency(), Quantity::AnnualCap)?;
            check_cap_horizon(cap, amount)?;
            let first_year = plan.year.year_of(plan.start);
            let (mut out, mut bucket, mut remaining) = (Vec::new(), Vec::new(), amount);
            let mut bucket_year = None;
            for k in 0i64.. {
                let date = plan
                    .calendar
                    .adjust(plan.tenor.advance(plan.start, k, false)?, plan.convention)?;
                let y = plan.year.year_of(date);
                if bucket_year.is_some_and(|by| by != y) {
                    let pay = remaining.checked_min(cap)?;
                    let parts = pay.split_evenly(bucket.len())?;
                    out.extend(bucket.iter().copied().zip(parts));
                    remaining = remaining.checked_sub(pay)?;
                    bucket.clear();
                    if remaining.is_zero() {
                        break;
                    }
                }
                if i64::from(y) - i64::from(first_year) > i64::from(MAX_PLAN_YEARS) {
                    return Err(cap_too_small(cap, amount));
                }
                bucket_year = Some(y);
                bucket.push(date);
                check_payment_count(Quantity::PaymentCount, (out.len() + bucket.len()) as u64)?;
            }
            Ok(out)
        };
        let show = |s: &Schedule| {
            s.flows()
                .iter()
                .map(|f| format!("{} {:?} {}", f.date, f.amount, f.tranche))
                .collect::<Vec<_>>()
        };
        proptest!(|(day in 0u32..3000, ti in 0usize..8, ci in 0usize..5, cal in 0usize..3,
                    cap in prop_oneof![1i64..40, Just(100i64)], cents in prop_oneof![Just(0i64), 1i64..100],
                    units in prop_oneof![Just(100i64), 1i64..400, Just(1i64)], fy in 0u32..3)| {
            let start = d(2024, 1, 1) + chrono::Days::new(u64::from(day));
            let year = match fy {
                0 => FiscalYear::CALENDAR,
                1 => FiscalYear::new(4, FiscalYearLabel::StartYear).unwrap(),
                _ => FiscalYear::new(10, FiscalYearLabel::EndYear).unwrap(),
            };
            let plan = AnnualCap::new(start, Decimal::new(cap * 100 + cents, 2))
                .tenor(tenors[ti])
                .fiscal_year(year)
                .adjusted(calendars[cal].clone(), conventions[ci]);
            let amount = usd(Decimal::from(units));
            let want = general(&plan, amount)
                .and_then(|flows| super::super::to_schedule(amount.currency(), &label, flows, Vec::new()));
            let plan = crate::Plan::AnnualCap(plan);
            let fresh = plan.schedule(amount, "cap");
            let mut reused = crate::Plan::installments(d(2020, 1, 1), 500, Tenor::days(1))
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

    #[test]
    fn annual_cap_quarterly_from_mid_year() {
        let p = Plan::AnnualCap(AnnualCap::new(d(2026, 7, 1), dec!(20)).tenor(Tenor::months(3)));
        let s = p.schedule(usd(dec!(50)), "c").unwrap();
        assert_eq!(
            lines(&s),
            [
                "2026-07-01 USD 10.00",
                "2026-10-01 USD 10.00",
                "2027-01-01 USD 5.00",
                "2027-04-01 USD 5.00",
                "2027-07-01 USD 5.00",
                "2027-10-01 USD 5.00",
                "2028-01-01 USD 2.50",
                "2028-04-01 USD 2.50",
                "2028-07-01 USD 2.50",
                "2028-10-01 USD 2.50",
            ]
        );
    }

    #[test]
    fn annual_cap_fiscal_year_and_errors() {
        let fy = FiscalYear::new(10, crate::FiscalYearLabel::EndYear).unwrap();
        let p = Plan::AnnualCap(
            AnnualCap::new(d(2026, 1, 1), dec!(10))
                .tenor(Tenor::months(6))
                .fiscal_year(fy),
        );
        // FY2026 holds 2026-01-01 and 2026-07-01; FY2027 holds 2027-01-01 and 2027-07-01.
        assert_eq!(
            lines(&p.schedule(usd(dec!(15)), "c").unwrap()),
            [
                "2026-01-01 USD 5.00",
                "2026-07-01 USD 5.00",
                "2027-01-01 USD 2.50",
                "2027-07-01 USD 2.50"
            ]
        );
        let zero = Plan::annual_cap(d(2026, 1, 1), dec!(0.001));
        assert!(matches!(
            zero.schedule(usd(dec!(1)), "c"),
            Err(Error::NonPositiveAmount { .. })
        ));
        let tiny = Plan::annual_cap(d(2026, 1, 1), dec!(0.01));
        let err = tiny.schedule(usd(dec!(350e9)), "c").unwrap_err();
        assert!(matches!(err, Error::CapTooSmall { .. }), "{err}");
    }
}
