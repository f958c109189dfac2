//! Schedule date generation with QuantLib `Schedule` semantics.
//!
//! [`DateSchedule::builder`] mirrors QuantLib's `MakeSchedule`: effective and
//! termination dates, a tenor, a calendar, a convention for regular dates and
//! one for the termination date, Forward, Backward or Zero generation,
//! optional first and next-to-last dates for custom stubs, and the
//! end-of-month rule. Each unadjusted date is `seed ± k·tenor`, computed in
//! one jump from the seed — never by stepping from the previous date — so
//! month ends do not drift and the cost is linear in the number of dates.
//!
//! The rules, as QuantLib 1.44 applies them:
//! - The seed is the effective date (or the first date, when given) for
//!   Forward, the termination date (or the next-to-last date) for Backward.
//! - End-of-month applies only to tenors of at least one month; with it on
//!   and the seed at its calendar month end, generated dates are month ends.
//! - A generated date whose adjusted value equals the previously kept one's
//!   is skipped; the far end is added as a stub only if its adjusted value
//!   differs from its neighbour's.
//! - The first date is adjusted with the convention, the last with the
//!   termination-date convention; if end-of-month is on and the seed is on
//!   or after the last *business* day of its month, every interior date
//!   becomes `adjust(month_end(d), convention)`, else `adjust(d, convention)`.
//! - Finally a penultimate date on or after the last merges into it, and a
//!   second date on or before the first merges into it.
//! - A period is regular when generated; a first date, next-to-last date or
//!   Backward effective date added as a stub is regular only if exactly one
//!   tenor from its neighbour (the Forward termination stub never is).
//! - Where QuantLib would still return dates that do not strictly increase,
//!   this is an error.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::{BusinessDayConvention, NullCalendar, Tenor};
use crate::{Bound, Error, Quantity, Result, Value};

mod builder;
mod spec;

pub use builder::DateScheduleBuilder;
pub(crate) use builder::Stepper;
pub use spec::DateScheduleSpec;

/// The most dates one schedule may hold; more is an error, not an
/// out-of-memory abort.
pub const MAX_SCHEDULE_DATES: usize = 10_000_000;

/// Which end of a schedule the dates are generated from.
///
/// ```
/// use disburse::time::DateGeneration;
/// assert_eq!(DateGeneration::default(), DateGeneration::Forward);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateGeneration {
    /// From the effective date forward; any stub falls at the end. The
    /// default here, since disbursements are anchored at their start
    /// (QuantLib's `MakeSchedule` defaults to Backward: say so explicitly
    /// when reproducing a QuantLib schedule built without a rule).
    #[default]
    Forward,
    /// From the termination date backward; any stub falls at the start.
    Backward,
    /// Only the effective and termination dates (QuantLib's `Zero`); also
    /// used when the tenor has length zero.
    Zero,
}

impl std::str::FromStr for DateGeneration {
    type Err = Error;

    /// Parses `forward`, `backward` or `zero` in any case (QuantLib's
    /// `DateGeneration::Forward`, `Backward`, `Zero`).
    ///
    /// ```
    /// use disburse::time::DateGeneration;
    /// assert_eq!("Backward".parse::<DateGeneration>()?, DateGeneration::Backward);
    /// let err = "twentieth".parse::<DateGeneration>().unwrap_err();
    /// assert_eq!(err.to_string(), "invalid date-generation rule `twentieth`: expected one of forward, backward, zero (any case)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match crate::text::fold_name(s).as_str() {
            "forward" => Ok(DateGeneration::Forward),
            "backward" => Ok(DateGeneration::Backward),
            "zero" => Ok(DateGeneration::Zero),
            _ => Err(Error::Parse {
                kind: "date-generation rule",
                input: s.to_string(),
                expected: "one of forward, backward, zero (any case)",
            }),
        }
    }
}

impl crate::text::Named for DateGeneration {
    const KIND: &'static str = "date-generation rule";
    const NAMES: &'static [&'static str] = &["forward", "backward", "zero"];
    const ALIASES: &'static [&'static str] = &["Forward", "Backward", "Zero"];
}

crate::input_serde::named_serde!(DateGeneration);

/// A generated sequence of schedule dates: strictly increasing, at least
/// two, with a regular/irregular flag for each period between them.
///
/// ```
/// use disburse::time::{BusinessDayConvention, DateSchedule, Tenor, WeekendsOnly};
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let s = DateSchedule::builder(d(2026, 1, 31), d(2026, 6, 15), Tenor::months(1))
///     .calendar(&WeekendsOnly)
///     .convention(BusinessDayConvention::ModifiedFollowing)
///     .end_of_month(true)
///     .build()?;
/// assert_eq!(s.dates(), &[d(2026, 1, 30), d(2026, 2, 27), d(2026, 3, 31), d(2026, 4, 30), d(2026, 5, 29), d(2026, 6, 15)]);
/// assert!(s.is_regular(0) && !s.is_regular(4)); // the last period is a short stub
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "DateScheduleData", into = "DateScheduleData")]
pub struct DateSchedule {
    dates: Vec<NaiveDate>,
    regular: Vec<bool>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DateScheduleData {
    dates: Vec<NaiveDate>,
    regular: Vec<bool>,
}

impl TryFrom<DateScheduleData> for DateSchedule {
    type Error = Error;
    fn try_from(d: DateScheduleData) -> Result<Self> {
        if d.dates.len() < 2 {
            return Err(Error::Invalid {
                what: Quantity::Schedule,
                reason: "needs at least two dates",
            });
        }
        if d.regular.len() != d.dates.len() - 1 {
            return Err(Error::out_of_range(
                Quantity::RegularityFlags,
                d.regular.len(),
                Bound::Exactly(Value::from(d.dates.len() - 1)),
            ));
        }
        check_increasing(Quantity::Schedule, &d.dates)?;
        Ok(DateSchedule {
            dates: d.dates,
            regular: d.regular,
        })
    }
}

impl From<DateSchedule> for DateScheduleData {
    fn from(s: DateSchedule) -> Self {
        DateScheduleData {
            dates: s.dates,
            regular: s.regular,
        }
    }
}

/// Checks that `dates` strictly increase.
fn check_increasing(what: Quantity, dates: &[NaiveDate]) -> Result<()> {
    for w in dates.windows(2) {
        if w[1] <= w[0] {
            return Err(Error::UnorderedDates {
                what,
                previous: w[0],
                next: w[1],
            });
        }
    }
    Ok(())
}

impl DateSchedule {
    /// Starts a schedule from `effective` to `termination` every `tenor`,
    /// with defaults: [`NullCalendar`], Unadjusted, termination convention
    /// equal to the convention, [`DateGeneration::Forward`], no
    /// end-of-month rule, no stubs given.
    ///
    /// ```
    /// use disburse::time::{DateSchedule, Frequency};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let s = DateSchedule::builder(d(2026, 1, 1), d(2029, 1, 1), Frequency::Annual).build()?;
    /// assert_eq!(s.len(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(
        effective: NaiveDate,
        termination: NaiveDate,
        tenor: impl Into<Tenor>,
    ) -> DateScheduleBuilder<'static, NullCalendar> {
        DateScheduleBuilder {
            effective,
            termination,
            tenor: tenor.into(),
            calendar: &NullCalendar,
            convention: BusinessDayConvention::Unadjusted,
            termination_convention: None,
            rule: DateGeneration::Forward,
            end_of_month: false,
            first_date: None,
            next_to_last_date: None,
        }
    }

    /// The dates, strictly increasing.
    ///
    /// ```
    /// use disburse::time::{DateSchedule, Tenor};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let s = DateSchedule::builder(d(2026, 1, 1), d(2026, 3, 1), Tenor::months(1)).build()?;
    /// assert_eq!(s.dates(), &[d(2026, 1, 1), d(2026, 2, 1), d(2026, 3, 1)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn dates(&self) -> &[NaiveDate] {
        &self.dates
    }

    /// Consumes the schedule, returning its dates.
    ///
    /// ```
    /// use disburse::time::{DateSchedule, Tenor};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let v = DateSchedule::builder(d(2026, 1, 1), d(2027, 1, 1), Tenor::years(1)).build()?.into_dates();
    /// assert_eq!(v.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn into_dates(self) -> Vec<NaiveDate> {
        self.dates
    }

    /// Number of dates (at least two).
    ///
    /// ```
    /// use disburse::time::{DateSchedule, Tenor};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// assert_eq!(DateSchedule::builder(d(2026, 1, 1), d(2026, 1, 15), Tenor::weeks(1)).build()?.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> usize {
        self.dates.len()
    }

    /// Whether period `i` (from `dates()[i]` to `dates()[i + 1]`) is a
    /// regular full tenor; `false` for stubs and for `i` out of range.
    ///
    /// ```
    /// use disburse::time::{DateSchedule, Tenor};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let s = DateSchedule::builder(d(2026, 1, 1), d(2026, 2, 10), Tenor::months(1)).build()?;
    /// assert!(s.is_regular(0));
    /// assert!(!s.is_regular(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_regular(&self, i: usize) -> bool {
        self.regular.get(i).copied().unwrap_or(false)
    }

    /// The periods as `(start, end, is_regular)`.
    ///
    /// ```
    /// use disburse::time::{DateSchedule, Tenor};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let s = DateSchedule::builder(d(2026, 1, 1), d(2027, 9, 1), Tenor::years(1)).build()?;
    /// let p: Vec<_> = s.periods().collect();
    /// assert_eq!(p[0], (d(2026, 1, 1), d(2027, 1, 1), true));
    /// assert_eq!(p[1], (d(2027, 1, 1), d(2027, 9, 1), false)); // Forward: the short stub is last
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn periods(&self) -> impl Iterator<Item = (NaiveDate, NaiveDate, bool)> + '_ {
        self.dates.windows(2).zip(&self.regular).map(|(w, r)| (w[0], w[1], *r))
    }
}

#[cfg(test)]
mod tests {

    use crate::testing::*;
    use crate::time::BusinessDayConvention as C;
    use crate::time::{DateSchedule, DateScheduleSpec, Tenor};

    #[test]
    fn serde_round_trip_validates() {
        let s = DateSchedule::builder(d(2026, 1, 1), d(2027, 1, 1), Tenor::months(3))
            .build()
            .unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<DateSchedule>(&json).unwrap(), s);
        let bad = r#"{"dates": ["2026-02-01", "2026-01-01"], "regular": [true]}"#;
        let err = serde_json::from_str::<DateSchedule>(bad).unwrap_err().to_string();
        assert!(
            err.starts_with("schedule: dates must increase, but 2026-01-01 follows 2026-02-01"),
            "{err}"
        );
        let bad = r#"{"dates": ["2026-01-01", "2026-02-01"], "regular": []}"#;
        assert!(serde_json::from_str::<DateSchedule>(bad).is_err());
        let spec = DateScheduleSpec {
            first_date: Some(d(2026, 2, 15)),
            termination_convention: Some(C::Preceding),
            ..DateScheduleSpec::new(d(2026, 1, 1), d(2027, 1, 1), Tenor::months(3))
        };
        let json = serde_json::to_string(&spec).unwrap();
        assert_eq!(serde_json::from_str::<DateScheduleSpec>(&json).unwrap(), spec);
    }
}
