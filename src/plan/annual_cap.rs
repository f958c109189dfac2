//! [`AnnualCap`]: at most a given amount paid per (fiscal) year.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{
    MAX_PLAN_YEARS, cap_too_small, check_cap_horizon, check_payment_count, default_convention, default_tenor,
    is_default_convention, is_null_calendar, push_split, whole_cap,
};
use crate::period::FiscalYear;
use crate::time::{BusinessCalendar, BusinessDayConvention, Calendar, Stepper, Tenor};
use crate::{Error, Money, Quantity, Result};

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
        let eom = false;
        let mut generated = 0u64;
        // `start + k·tenor` adjusted, as `calendar.adjust(tenor.advance(…))`
        // gives it: from the stepper's decoded fields and the calendar's day
        // kernel where they settle it (monthly and yearly tenors), else the
        // general step.
        // Runs of dates come from the month loop (`MonthStepper::fill`) a
        // chunk at a time, from the stepper's position on the date before.
        let mut stepper = Stepper::new(self.start, self.tenor, eom);
        let kernel = self.calendar.day_kernel();
        let mut chunk = [NaiveDate::MIN; 64];
        let (mut next, mut filled) = (0usize, 0usize);
        let mut last = NaiveDate::MIN;
        for k in 0i64.. {
            if next == filled
                && let (Some(kernel), Stepper::Months(m)) = (kernel.as_ref(), &mut stepper)
                && k > 0
                && m.last_k() == k - 1
            {
                filled = m.fill(kernel, self.convention, last, &mut chunk).min(chunk.len());
                next = 0;
            }
            let d = if let Some(&d) = chunk.get(next).filter(|_| next < filled) {
                next += 1;
                d
            } else {
                (next, filled) = (0, 0);
                match stepper.at_adjusted(k, kernel.as_ref(), self.convention) {
                    Some((_, Some(adjusted))) => adjusted,
                    Some((raw, None)) => self.calendar.adjust(raw, self.convention)?,
                    None => self
                        .calendar
                        .adjust(self.tenor.advance(self.start, k, eom)?, self.convention)?,
                }
            };
            last = d;
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
