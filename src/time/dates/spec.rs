//! [`DateScheduleSpec`]: a date schedule's inputs as data.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::time::{BusinessDayConvention, Calendar, Tenor};

use super::{DateGeneration, DateSchedule, DateScheduleBuilder};

/// A date schedule's parameters as plain data, for storing or sending them
/// (serde); [`generate`](Self::generate) builds the dates.
///
/// ```
/// use disburse::time::{DateScheduleSpec, Tenor};
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let spec: DateScheduleSpec = serde_json::from_str(r#"{
///     "effective": "2026-01-31", "termination": "2026-04-30", "tenor": "1M",
///     "calendar": "weekends_only", "convention": "modified_following", "end_of_month": true
/// }"#)?;
/// assert_eq!(spec.generate()?.dates(), &[d(2026, 1, 30), d(2026, 2, 27), d(2026, 3, 31), d(2026, 4, 30)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DateScheduleSpec {
    /// First date of the schedule.
    pub effective: NaiveDate,
    /// Last date of the schedule.
    pub termination: NaiveDate,
    /// Time between regular dates.
    pub tenor: Tenor,
    /// Calendar for adjustments.
    #[serde(default)]
    pub calendar: Calendar,
    /// Convention for all dates but the termination date.
    #[serde(default)]
    pub convention: BusinessDayConvention,
    /// Convention for the termination date (default: `convention`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub termination_convention: Option<BusinessDayConvention>,
    /// Generation rule.
    #[serde(default)]
    pub rule: DateGeneration,
    /// End-of-month rule.
    #[serde(default)]
    pub end_of_month: bool,
    /// Optional explicit first date after the effective date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_date: Option<NaiveDate>,
    /// Optional explicit next-to-last date.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_to_last_date: Option<NaiveDate>,
}

impl DateScheduleSpec {
    /// A spec with the builder's defaults.
    ///
    /// ```
    /// use disburse::time::{DateScheduleSpec, Tenor};
    /// use chrono::NaiveDate;
    /// let s = DateScheduleSpec::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), Tenor::months(6));
    /// assert_eq!(s.generate()?.len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(effective: NaiveDate, termination: NaiveDate, tenor: impl Into<Tenor>) -> Self {
        DateScheduleSpec {
            effective,
            termination,
            tenor: tenor.into(),
            calendar: Calendar::Null,
            convention: BusinessDayConvention::Unadjusted,
            termination_convention: None,
            rule: DateGeneration::Forward,
            end_of_month: false,
            first_date: None,
            next_to_last_date: None,
        }
    }

    /// A builder over this spec, borrowing its calendar.
    ///
    /// ```
    /// use disburse::time::{DateScheduleSpec, Tenor};
    /// use chrono::NaiveDate;
    /// let s = DateScheduleSpec::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), Tenor::years(1));
    /// assert_eq!(s.builder().build()?.len(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn builder(&self) -> DateScheduleBuilder<'_, Calendar> {
        DateScheduleBuilder {
            effective: self.effective,
            termination: self.termination,
            tenor: self.tenor,
            calendar: &self.calendar,
            convention: self.convention,
            termination_convention: self.termination_convention,
            rule: self.rule,
            end_of_month: self.end_of_month,
            first_date: self.first_date,
            next_to_last_date: self.next_to_last_date,
        }
    }

    /// Generates the dates.
    ///
    /// # Errors
    /// As [`DateScheduleBuilder::build`].
    pub fn generate(&self) -> Result<DateSchedule> {
        self.builder().build()
    }
}
