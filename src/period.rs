//! Reporting periods: calendar and fiscal years, quarters and months.

use std::fmt;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::{Bound, DateOp, Error, Quantity, Result};

/// How a fiscal year is labelled when it does not start in January.
///
/// ```
/// use disburse::FiscalYearLabel;
/// assert_eq!(FiscalYearLabel::default(), FiscalYearLabel::EndYear);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum FiscalYearLabel {
    /// By the calendar year in which it ends (US federal: FY2026 runs from
    /// 1 October 2025).
    #[default]
    EndYear,
    /// By the calendar year in which it starts (Japan, Korea's April
    /// budgets: FY2025 runs from 1 April 2025).
    StartYear,
}

/// A (fiscal) year that starts on the first day of a given month. Month 1
/// is the calendar year, the default.
///
/// Serialized as `{ "start_month": 10, "label": "end_year" }`.
///
/// ```
/// use disburse::{FiscalYear, FiscalYearLabel};
/// use chrono::NaiveDate;
/// let us = FiscalYear::new(10, FiscalYearLabel::EndYear)?;
/// assert_eq!(us.year_of(NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()), 2026);
/// assert_eq!(us.year_of(NaiveDate::from_ymd_opt(2025, 9, 30).unwrap()), 2025);
/// assert_eq!(us.start_of(2026)?, NaiveDate::from_ymd_opt(2025, 10, 1).unwrap());
/// assert_eq!(FiscalYear::CALENDAR.year_of(NaiveDate::from_ymd_opt(2025, 10, 1).unwrap()), 2025);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "FiscalYearData", into = "FiscalYearData")]
pub struct FiscalYear {
    start_month: u32,
    label: FiscalYearLabel,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct FiscalYearData {
    start_month: u32,
    #[serde(default)]
    label: FiscalYearLabel,
}

impl TryFrom<FiscalYearData> for FiscalYear {
    type Error = Error;
    fn try_from(d: FiscalYearData) -> Result<Self> {
        FiscalYear::new(d.start_month, d.label)
    }
}

impl From<FiscalYear> for FiscalYearData {
    fn from(f: FiscalYear) -> Self {
        FiscalYearData {
            start_month: f.start_month,
            label: f.label,
        }
    }
}

impl Default for FiscalYear {
    fn default() -> Self {
        FiscalYear::CALENDAR
    }
}

impl FiscalYear {
    /// The calendar year (January to December).
    pub const CALENDAR: FiscalYear = FiscalYear {
        start_month: 1,
        label: FiscalYearLabel::EndYear,
    };

    /// A fiscal year starting on the first of `start_month` (1–12).
    ///
    /// # Errors
    /// [`Error::OutOfRange`] unless `1 <= start_month <= 12`.
    ///
    /// ```
    /// use disburse::{FiscalYear, FiscalYearLabel};
    /// assert!(FiscalYear::new(4, FiscalYearLabel::StartYear).is_ok());
    /// assert!(FiscalYear::new(13, FiscalYearLabel::StartYear).is_err());
    /// ```
    pub fn new(start_month: u32, label: FiscalYearLabel) -> Result<Self> {
        if !(1..=12).contains(&start_month) {
            return Err(Error::out_of_range(
                Quantity::FiscalYearStartMonth,
                start_month,
                Bound::Between(1, 12),
            ));
        }
        Ok(FiscalYear { start_month, label })
    }

    /// The month (1–12) in which the year starts.
    ///
    /// ```
    /// assert_eq!(disburse::FiscalYear::CALENDAR.start_month(), 1);
    /// ```
    pub const fn start_month(&self) -> u32 {
        self.start_month
    }

    /// How years are labelled.
    ///
    /// ```
    /// use disburse::{FiscalYear, FiscalYearLabel};
    /// assert_eq!(FiscalYear::CALENDAR.label(), FiscalYearLabel::EndYear);
    /// ```
    pub const fn label(&self) -> FiscalYearLabel {
        self.label
    }

    /// Whether this is the plain calendar year.
    ///
    /// ```
    /// assert!(disburse::FiscalYear::CALENDAR.is_calendar());
    /// ```
    pub const fn is_calendar(&self) -> bool {
        self.start_month == 1
    }

    /// The label of the year containing `date`.
    ///
    /// ```
    /// use disburse::{FiscalYear, FiscalYearLabel};
    /// use chrono::NaiveDate;
    /// let japan = FiscalYear::new(4, FiscalYearLabel::StartYear)?;
    /// assert_eq!(japan.year_of(NaiveDate::from_ymd_opt(2026, 3, 31).unwrap()), 2025);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn year_of(&self, date: NaiveDate) -> i32 {
        let y = date.year();
        if self.start_month == 1 {
            return y;
        }
        let in_later_part = date.month() >= self.start_month;
        match (self.label, in_later_part) {
            (FiscalYearLabel::EndYear, true) => y + 1,
            (FiscalYearLabel::EndYear, false) => y,
            (FiscalYearLabel::StartYear, true) => y,
            (FiscalYearLabel::StartYear, false) => y - 1,
        }
    }

    /// The first day of the year labelled `year`.
    ///
    /// # Errors
    /// [`Error::DateOutOfRange`] outside chrono's range.
    ///
    /// ```
    /// use disburse::FiscalYear;
    /// use chrono::NaiveDate;
    /// assert_eq!(FiscalYear::CALENDAR.start_of(2027)?, NaiveDate::from_ymd_opt(2027, 1, 1).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn start_of(&self, year: i32) -> Result<NaiveDate> {
        let calendar_year = match (self.start_month, self.label) {
            (1, _) | (_, FiscalYearLabel::StartYear) => Some(year),
            (_, FiscalYearLabel::EndYear) => year.checked_sub(1),
        };
        calendar_year
            .and_then(|y| NaiveDate::from_ymd_opt(y, self.start_month, 1))
            .ok_or_else(|| Error::date_out_of_range(DateOp::FiscalYearStart { year }))
    }
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_calendar() {
            f.write_str("calendar year")
        } else {
            let label = match self.label {
                FiscalYearLabel::EndYear => "named by end year",
                FiscalYearLabel::StartYear => "named by start year",
            };
            write!(f, "fiscal year from month {} ({label})", self.start_month)
        }
    }
}

/// How flows are grouped into periods.
///
/// ```
/// use disburse::{PeriodBasis, Period};
/// use chrono::NaiveDate;
/// let d = NaiveDate::from_ymd_opt(2026, 5, 20).unwrap();
/// assert_eq!(PeriodBasis::Quarter.period_of(d), Period::Quarter { year: 2026, quarter: 2 });
/// assert_eq!(PeriodBasis::Quarter.period_of(d).to_string(), "2026-Q2");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodBasis {
    /// Calendar years.
    #[default]
    CalendarYear,
    /// Fiscal years.
    FiscalYear(FiscalYear),
    /// Calendar quarters.
    Quarter,
    /// Calendar months.
    Month,
}

impl PeriodBasis {
    /// The period containing `date`.
    ///
    /// ```
    /// use disburse::{FiscalYear, FiscalYearLabel, Period, PeriodBasis};
    /// use chrono::NaiveDate;
    /// let fy = PeriodBasis::FiscalYear(FiscalYear::new(10, FiscalYearLabel::EndYear)?);
    /// assert_eq!(fy.period_of(NaiveDate::from_ymd_opt(2025, 12, 1).unwrap()).to_string(), "FY2026");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    pub fn period_of(&self, date: NaiveDate) -> Period {
        match self {
            PeriodBasis::CalendarYear => Period::Year(date.year()),
            PeriodBasis::FiscalYear(fy) if fy.is_calendar() => Period::Year(date.year()),
            PeriodBasis::FiscalYear(fy) => Period::FiscalYear(fy.year_of(date)),
            PeriodBasis::Quarter => Period::Quarter {
                year: date.year(),
                quarter: date.month0() / 3 + 1,
            },
            PeriodBasis::Month => Period::Month {
                year: date.year(),
                month: date.month(),
            },
        }
    }

    /// The period after `p` on this basis.
    pub(crate) fn next(&self, p: Period) -> Period {
        match p {
            Period::Year(y) => Period::Year(y.saturating_add(1)),
            Period::FiscalYear(y) => Period::FiscalYear(y.saturating_add(1)),
            Period::Quarter { year, quarter } if quarter >= 4 => Period::Quarter {
                year: year.saturating_add(1),
                quarter: 1,
            },
            Period::Quarter { year, quarter } => Period::Quarter {
                year,
                quarter: quarter + 1,
            },
            Period::Month { year, month } if month >= 12 => Period::Month {
                year: year.saturating_add(1),
                month: 1,
            },
            Period::Month { year, month } => Period::Month { year, month: month + 1 },
        }
    }
}

/// One reporting period.
///
/// Displayed as `2026`, `FY2026`, `2026-Q1` or `2026-03`.
///
/// ```
/// use disburse::Period;
/// assert_eq!(Period::Month { year: 2026, month: 3 }.to_string(), "2026-03");
/// assert!(Period::Year(2026) < Period::Year(2027));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Period {
    /// A calendar year.
    Year(i32),
    /// A fiscal year, by its label.
    FiscalYear(i32),
    /// A calendar quarter (1–4).
    Quarter {
        /// Year.
        year: i32,
        /// Quarter, 1–4.
        quarter: u32,
    },
    /// A calendar month (1–12).
    Month {
        /// Year.
        year: i32,
        /// Month, 1–12.
        month: u32,
    },
}

impl Period {
    /// The (fiscal) year the period belongs to.
    ///
    /// ```
    /// use disburse::Period;
    /// assert_eq!(Period::Quarter { year: 2027, quarter: 3 }.year(), 2027);
    /// ```
    pub const fn year(&self) -> i32 {
        match *self {
            Period::Year(y) | Period::FiscalYear(y) => y,
            Period::Quarter { year, .. } | Period::Month { year, .. } => year,
        }
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Period::Year(y) => write!(f, "{y}"),
            Period::FiscalYear(y) => write!(f, "FY{y}"),
            Period::Quarter { year, quarter } => write!(f, "{year}-Q{quarter}"),
            Period::Month { year, month } => write!(f, "{year}-{month:02}"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn fiscal_years() {
        let us = FiscalYear::new(10, FiscalYearLabel::EndYear).unwrap();
        let jp = FiscalYear::new(4, FiscalYearLabel::StartYear).unwrap();
        for (fy, date, label, start) in [
            (us, d(2025, 10, 1), 2026, d(2025, 10, 1)),
            (us, d(2026, 9, 30), 2026, d(2025, 10, 1)),
            (jp, d(2026, 4, 1), 2026, d(2026, 4, 1)),
            (jp, d(2026, 3, 31), 2025, d(2025, 4, 1)),
            (FiscalYear::CALENDAR, d(2026, 12, 31), 2026, d(2026, 1, 1)),
        ] {
            assert_eq!(fy.year_of(date), label, "{fy} {date}");
            assert_eq!(fy.start_of(label).unwrap(), start, "{fy} {label}");
            assert!(fy.start_of(label).unwrap() <= date);
            assert!(fy.start_of(label + 1).unwrap() > date);
        }
        assert!(FiscalYear::new(0, FiscalYearLabel::EndYear).is_err());
        assert!(FiscalYear::CALENDAR.start_of(i32::MAX).is_err());
    }

    #[test]
    fn periods() {
        let date = d(2026, 12, 15);
        assert_eq!(PeriodBasis::CalendarYear.period_of(date), Period::Year(2026));
        assert_eq!(PeriodBasis::Month.period_of(date).to_string(), "2026-12");
        let q = PeriodBasis::Quarter.period_of(date);
        assert_eq!(q.to_string(), "2026-Q4");
        assert_eq!(PeriodBasis::Quarter.next(q).to_string(), "2027-Q1");
        assert_eq!(
            PeriodBasis::Month.next(PeriodBasis::Month.period_of(date)).to_string(),
            "2027-01"
        );
        let fy = PeriodBasis::FiscalYear(FiscalYear::new(7, FiscalYearLabel::EndYear).unwrap());
        assert_eq!(fy.period_of(date).to_string(), "FY2027");
        assert_eq!(
            PeriodBasis::FiscalYear(FiscalYear::CALENDAR).period_of(date),
            Period::Year(2026)
        );
    }

    #[test]
    fn serde() {
        let fy = FiscalYear::new(10, FiscalYearLabel::StartYear).unwrap();
        let json = serde_json::to_string(&fy).unwrap();
        assert_eq!(json, r#"{"start_month":10,"label":"start_year"}"#);
        assert_eq!(serde_json::from_str::<FiscalYear>(&json).unwrap(), fy);
        assert!(serde_json::from_str::<FiscalYear>(r#"{"start_month":13}"#).is_err());
        for b in [
            PeriodBasis::CalendarYear,
            PeriodBasis::FiscalYear(fy),
            PeriodBasis::Quarter,
            PeriodBasis::Month,
        ] {
            let json = serde_json::to_string(&b).unwrap();
            assert_eq!(serde_json::from_str::<PeriodBasis>(&json).unwrap(), b);
        }
        let p = Period::Quarter { year: 2026, quarter: 2 };
        assert_eq!(
            serde_json::from_str::<Period>(&serde_json::to_string(&p).unwrap()).unwrap(),
            p
        );
    }
}
