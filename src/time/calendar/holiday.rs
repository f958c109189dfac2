//! [`HolidayCalendar`]: a weekend plus an explicit list of holidays.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::{BusinessCalendar, BusinessDayConvention, DayKernel, Weekend, adjust_holiday, count};
use crate::Result;

/// A calendar of weekend days plus an explicit list of holiday dates.
///
/// The list is kept sorted and free of duplicates. Whether a date is a
/// business day is O(1) (a bitmap over the holidays' years, for lists
/// spanning up to 4,096 years) or O(log n) (a binary search, for longer
/// spans); adjusting a date and advancing by business days count business
/// days arithmetically (whole weeks, then the holidays before a date by
/// binary search), so they cost O(log(span) · log n) however long the
/// holiday runs they cross. Serialized as `{ "name": …, "weekend": [...], "holidays": [...] }`
/// with `weekend` defaulting to Saturday and Sunday.
///
/// ```
/// use disburse::time::{BusinessCalendar, HolidayCalendar};
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let cal = HolidayCalendar::new("US federal (part)", [d(2026, 1, 1), d(2026, 7, 3), d(2026, 12, 25)]);
/// assert!(!cal.is_business_day(d(2026, 7, 3)));
/// assert!(!cal.is_business_day(d(2026, 7, 4))); // Saturday
/// assert!(cal.is_business_day(d(2026, 7, 6)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(from = "HolidayCalendarData", into = "HolidayCalendarData")]
pub struct HolidayCalendar {
    pub(super) name: String,
    weekend: Weekend,
    pub(super) holidays: Vec<NaiveDate>,
    /// A bitmap of the holidays, derived from `holidays`, for O(1) lookups.
    index: HolidayIndex,
    /// The holidays on business weekdays, as day numbers (derived).
    closed: Vec<i32>,
    /// Runs of non-business days longer than `MAX_HOLIDAY_RUN` (derived).
    long_runs: Vec<(i64, i64)>,
}

/// The longest span of years, first holiday to last, kept as a bitmap
/// (48 bytes a year); longer lists fall back to a binary search.
const MAX_BITMAP_YEARS: i64 = 4_096;

/// Words of the bitmap per year: 6 × 64 bits cover ordinals 1..=366.
const WORDS_PER_YEAR: usize = 6;

/// One bit per day of each year from the first holiday's year to the
/// last's, indexed by (year, ordinal): both are bit fields of a `NaiveDate`,
/// so a lookup needs no calendar arithmetic.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
struct HolidayIndex {
    first_year: i32,
    bits: Vec<u64>,
}

impl HolidayIndex {
    fn new(sorted: &[NaiveDate]) -> Self {
        let (Some(first), Some(last)) = (sorted.first(), sorted.last()) else {
            return HolidayIndex::default();
        };
        let first_year = first.year();
        let years = i64::from(last.year()) - i64::from(first_year) + 1;
        if years > MAX_BITMAP_YEARS {
            return HolidayIndex::default();
        }
        let mut bits = vec![0u64; years as usize * WORDS_PER_YEAR];
        for d in sorted {
            let (word, bit) = Self::position(first_year, *d);
            bits[word] |= 1 << bit;
        }
        HolidayIndex { first_year, bits }
    }

    /// Word and bit of `date`; the word is out of range for dates outside
    /// the indexed years.
    #[inline]
    fn position(first_year: i32, date: NaiveDate) -> (usize, u32) {
        let year = date.year().wrapping_sub(first_year) as u32 as usize;
        let ordinal = date.ordinal() as usize;
        (
            year.saturating_mul(WORDS_PER_YEAR).saturating_add(ordinal / 64),
            (ordinal % 64) as u32,
        )
    }
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct HolidayCalendarData {
    #[serde(default)]
    name: String,
    #[serde(default)]
    weekend: Weekend,
    #[serde(default)]
    holidays: Vec<NaiveDate>,
}

impl From<HolidayCalendarData> for HolidayCalendar {
    fn from(d: HolidayCalendarData) -> Self {
        HolidayCalendar::with_weekend(d.name, d.weekend, d.holidays)
    }
}

impl From<HolidayCalendar> for HolidayCalendarData {
    fn from(c: HolidayCalendar) -> Self {
        HolidayCalendarData {
            name: c.name,
            weekend: c.weekend,
            holidays: c.holidays,
        }
    }
}

impl HolidayCalendar {
    /// Saturday–Sunday weekends plus `holidays` (in any order; duplicates
    /// are dropped).
    ///
    /// ```
    /// use disburse::time::HolidayCalendar;
    /// let cal = HolidayCalendar::new("none", []);
    /// assert_eq!(cal.holidays().len(), 0);
    /// ```
    pub fn new(name: impl Into<String>, holidays: impl IntoIterator<Item = NaiveDate>) -> Self {
        HolidayCalendar::with_weekend(name, Weekend::SATURDAY_SUNDAY, holidays)
    }

    /// A calendar with a custom weekend.
    ///
    /// ```
    /// use disburse::time::{BusinessCalendar, HolidayCalendar, Weekend};
    /// use chrono::{NaiveDate, Weekday};
    /// let cal = HolidayCalendar::with_weekend("gulf", Weekend::new([Weekday::Fri, Weekday::Sat])?, []);
    /// assert!(cal.is_business_day(NaiveDate::from_ymd_opt(2026, 1, 4).unwrap())); // Sunday
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_weekend(
        name: impl Into<String>,
        weekend: Weekend,
        holidays: impl IntoIterator<Item = NaiveDate>,
    ) -> Self {
        let mut holidays: Vec<NaiveDate> = holidays.into_iter().collect();
        holidays.sort_unstable();
        holidays.dedup();
        let index = HolidayIndex::new(&holidays);
        let closed = count::closed_days(weekend, &holidays);
        let long_runs = count::long_runs(weekend, &closed);
        HolidayCalendar {
            name: name.into(),
            weekend,
            holidays,
            index,
            closed,
            long_runs,
        }
    }

    /// The calendar's name.
    ///
    /// ```
    /// assert_eq!(disburse::time::HolidayCalendar::new("x", []).name(), "x");
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The weekend days.
    ///
    /// ```
    /// use disburse::time::{HolidayCalendar, Weekend};
    /// assert_eq!(HolidayCalendar::new("x", []).weekend(), Weekend::SATURDAY_SUNDAY);
    /// ```
    pub fn weekend(&self) -> Weekend {
        self.weekend
    }

    /// The holiday dates, sorted.
    ///
    /// ```
    /// use disburse::time::HolidayCalendar;
    /// use chrono::NaiveDate;
    /// let a = NaiveDate::from_ymd_opt(2026, 12, 25).unwrap();
    /// let b = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// assert_eq!(HolidayCalendar::new("x", [a, b, a]).holidays(), &[b, a]);
    /// ```
    pub fn holidays(&self) -> &[NaiveDate] {
        &self.holidays
    }
}

impl HolidayCalendar {
    fn counter(&self) -> count::Counter<'_> {
        count::Counter::new(self.weekend, &self.closed, &self.long_runs)
    }
}

impl BusinessCalendar for HolidayCalendar {
    /// O(log(run) · log n): the next business day found by counting.
    #[inline]
    fn adjust(&self, date: NaiveDate, convention: BusinessDayConvention) -> Result<NaiveDate> {
        if convention == BusinessDayConvention::Unadjusted || self.is_business_day(date) {
            return Ok(date);
        }
        let counter = self.counter();
        adjust_holiday(date, convention, |d, step| counter.seek(self, d, step))
    }

    /// O(log(span) · log n), whatever `n`.
    fn advance_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        if n == 0 {
            return self.adjust(date, BusinessDayConvention::Following);
        }
        self.counter().advance(self, date, n)
    }

    fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        self.counter().between(start, end)
    }

    /// The bitmap, when the holidays fit one and no run of closed days
    /// is longer than the search limit.
    #[inline]
    fn day_kernel(&self) -> Option<DayKernel<'_>> {
        if !self.long_runs.is_empty() {
            None
        } else if self.holidays.is_empty() {
            Some(DayKernel::weekend(self.weekend))
        } else if self.index.bits.is_empty() {
            None
        } else {
            Some(DayKernel::weekend(self.weekend).with_bits(self.index.first_year, &self.index.bits))
        }
    }

    #[inline]
    fn is_business_day(&self, date: NaiveDate) -> bool {
        if self.weekend.contains(date.weekday()) {
            return false;
        }
        if self.index.bits.is_empty() {
            return self.holidays.binary_search(&date).is_err();
        }
        let (word, bit) = HolidayIndex::position(self.index.first_year, date);
        match self.index.bits.get(word) {
            Some(w) => w & (1 << bit) == 0,
            None => true,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::time::{BusinessDayConvention as C, HolidayCalendar, WeekendsOnly};

    #[test]
    fn holiday_calendar_and_advance() {
        let cal = HolidayCalendar::new("t", [d(2026, 1, 1), d(2026, 1, 2)]);
        assert_eq!(cal.adjust(d(2026, 1, 1), C::Following).unwrap(), d(2026, 1, 5));
        assert_eq!(cal.advance_business_days(d(2025, 12, 31), 1).unwrap(), d(2026, 1, 5));
        assert_eq!(cal.advance_business_days(d(2026, 1, 5), -1).unwrap(), d(2025, 12, 31));
        assert_eq!(cal.advance_business_days(d(2026, 1, 3), 0).unwrap(), d(2026, 1, 5));
        assert_eq!(cal.business_days_between(d(2025, 12, 31), d(2026, 1, 9)), 5);
        assert_eq!(cal.end_of_month(d(2026, 1, 1)).unwrap(), d(2026, 1, 30));
        assert!(cal.is_end_of_month(d(2026, 1, 31)));
        assert!(cal.is_end_of_month(d(2026, 1, 30)));
        assert!(!cal.is_end_of_month(d(2026, 1, 29)));
    }

    #[test]
    fn holiday_lookup_bitmap_and_binary_search_agree() {
        // A short span uses the bitmap; a span of millennia falls back to a search.
        let near = HolidayCalendar::new("near", [d(2026, 1, 1), d(2026, 12, 25)]);
        let far = HolidayCalendar::new("far", [d(1, 1, 1), d(2026, 1, 1), d(2026, 12, 25), d(9000, 1, 3)]);
        assert!(!near.index.bits.is_empty());
        assert!(far.index.bits.is_empty());
        for day in d(2025, 12, 1).iter_days().take(500) {
            let want = WeekendsOnly.is_business_day(day) && day != d(2026, 1, 1) && day != d(2026, 12, 25);
            assert_eq!(near.is_business_day(day), want, "{day}");
            assert_eq!(far.is_business_day(day), want, "{day}");
        }
        assert!(!far.is_business_day(d(9000, 1, 3)));
        assert!(near.is_business_day(d(1, 1, 1)) == WeekendsOnly.is_business_day(d(1, 1, 1)));
    }
}
