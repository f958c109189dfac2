//! Business calendars and business-day conventions.
//!
//! [`BusinessCalendar`] is the one hook (is a date a business day?); every
//! other operation — adjusting with a [`BusinessDayConvention`], advancing
//! by business days, finding a month's last business day — is provided on
//! top of it. Four calendars ship with the crate: [`NullCalendar`] (every
//! day is a business day), [`WeekendsOnly`] (Saturdays and Sundays are
//! holidays), [`HolidayCalendar`] (a weekend plus an explicit list of
//! dates) and [`JointCalendar`] (several calendars combined). [`Calendar`]
//! is the serde-friendly enum over them that plans and scenario files hold.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::{Deserialize, Serialize};

use super::civil;
use crate::{DateOp, Error, Quantity, Result};

mod count;
mod holiday;
mod joint;

pub use holiday::HolidayCalendar;
pub use joint::{JointCalendar, JointRule};

use crate::limits::MAX_HOLIDAY_RUN;

/// How a date that falls on a non-business day is moved (QuantLib's names).
///
/// ```
/// use disburse::time::{BusinessCalendar, BusinessDayConvention, WeekendsOnly};
/// use chrono::NaiveDate;
/// let sat = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
/// let cal = WeekendsOnly;
/// assert_eq!(cal.adjust(sat, BusinessDayConvention::Following)?, NaiveDate::from_ymd_opt(2026, 2, 2).unwrap());
/// assert_eq!(cal.adjust(sat, BusinessDayConvention::ModifiedFollowing)?, NaiveDate::from_ymd_opt(2026, 1, 30).unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BusinessDayConvention {
    /// Keep the date as it is.
    #[default]
    Unadjusted,
    /// The first business day on or after the date.
    Following,
    /// Following, unless that lands in the next month; then Preceding.
    ModifiedFollowing,
    /// The last business day on or before the date.
    Preceding,
    /// Preceding, unless that lands in the previous month; then Following.
    ModifiedPreceding,
}

impl BusinessDayConvention {
    /// All conventions.
    pub const ALL: [BusinessDayConvention; 5] = [
        BusinessDayConvention::Unadjusted,
        BusinessDayConvention::Following,
        BusinessDayConvention::ModifiedFollowing,
        BusinessDayConvention::Preceding,
        BusinessDayConvention::ModifiedPreceding,
    ];

    const fn name(self) -> &'static str {
        match self {
            BusinessDayConvention::Unadjusted => "unadjusted",
            BusinessDayConvention::Following => "following",
            BusinessDayConvention::ModifiedFollowing => "modified_following",
            BusinessDayConvention::Preceding => "preceding",
            BusinessDayConvention::ModifiedPreceding => "modified_preceding",
        }
    }
}

impl fmt::Display for BusinessDayConvention {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for BusinessDayConvention {
    type Err = Error;

    /// Parses the names in any case with `_`, `-` and spaces ignored
    /// (`modified_following`, `ModifiedFollowing` as QuantLib spells it,
    /// `modified-following`), and the short forms `mf`, `mp`, `f`, `p`,
    /// `u` (`none` for unadjusted).
    ///
    /// ```
    /// use disburse::time::BusinessDayConvention as C;
    /// assert_eq!("modified-following".parse::<C>()?, C::ModifiedFollowing);
    /// assert_eq!("ModifiedFollowing".parse::<C>()?, C::ModifiedFollowing);
    /// assert_eq!("MF".parse::<C>()?, C::ModifiedFollowing);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let folded = crate::text::fold_name(s);
        let found = match folded.as_str() {
            "mf" => Some(BusinessDayConvention::ModifiedFollowing),
            "mp" => Some(BusinessDayConvention::ModifiedPreceding),
            "f" => Some(BusinessDayConvention::Following),
            "p" => Some(BusinessDayConvention::Preceding),
            "u" | "none" => Some(BusinessDayConvention::Unadjusted),
            _ => BusinessDayConvention::ALL
                .into_iter()
                .find(|c| crate::text::fold_name(c.name()) == folded),
        };
        found.ok_or_else(|| Error::Parse {
            kind: "business-day convention",
            input: s.to_string(),
            expected: "one of unadjusted, following, modified_following, preceding, modified_preceding \
                       (any case, `-` for `_`, QuantLib's ModifiedFollowing; or mf, mp, f, p, u)",
        })
    }
}

impl crate::text::Named for BusinessDayConvention {
    const KIND: &'static str = "business-day convention";
    const NAMES: &'static [&'static str] = &[
        "unadjusted",
        "following",
        "modified_following",
        "preceding",
        "modified_preceding",
    ];
    const ALIASES: &'static [&'static str] = &[
        "ModifiedFollowing",
        "modified-following",
        "mf",
        "mp",
        "f",
        "p",
        "u",
        "none",
    ];
}

crate::input_serde::named_serde!(BusinessDayConvention);

/// A business calendar: which dates are business days.
///
/// Implement [`is_business_day`](Self::is_business_day); the rest is
/// provided. The provided methods return an error rather than loop for
/// ever on a calendar with no business day for ten years in a row, and
/// when a date would leave chrono's range.
///
/// ```
/// use disburse::time::{BusinessCalendar, BusinessDayConvention};
/// use chrono::{Datelike, NaiveDate, Weekday};
///
/// /// Fridays and Saturdays off.
/// struct FriSat;
/// impl BusinessCalendar for FriSat {
///     fn is_business_day(&self, d: NaiveDate) -> bool {
///         !matches!(d.weekday(), Weekday::Fri | Weekday::Sat)
///     }
/// }
/// let fri = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
/// assert_eq!(FriSat.adjust(fri, BusinessDayConvention::Following)?, NaiveDate::from_ymd_opt(2026, 1, 4).unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait BusinessCalendar {
    /// Whether `date` is a business day.
    fn is_business_day(&self, date: NaiveDate) -> bool;

    /// Whether `date` is a holiday (not a business day).
    ///
    /// ```
    /// use disburse::time::{BusinessCalendar, WeekendsOnly};
    /// assert!(WeekendsOnly.is_holiday(chrono::NaiveDate::from_ymd_opt(2026, 1, 3).unwrap()));
    /// ```
    fn is_holiday(&self, date: NaiveDate) -> bool {
        !self.is_business_day(date)
    }

    /// `date` moved to a business day by `convention`.
    ///
    /// # Errors
    /// [`Error::DateOutOfRange`] when the search leaves chrono's range or
    /// finds no business day within ten years.
    ///
    /// ```
    /// use disburse::time::{BusinessCalendar, BusinessDayConvention as C, WeekendsOnly};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// // 2026-05-30 is a Saturday at the end of May.
    /// assert_eq!(WeekendsOnly.adjust(d(2026, 5, 30), C::Following)?, d(2026, 6, 1));
    /// assert_eq!(WeekendsOnly.adjust(d(2026, 5, 30), C::ModifiedFollowing)?, d(2026, 5, 29));
    /// assert_eq!(WeekendsOnly.adjust(d(2026, 5, 30), C::Preceding)?, d(2026, 5, 29));
    /// assert_eq!(WeekendsOnly.adjust(d(2026, 5, 30), C::Unadjusted)?, d(2026, 5, 30));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[inline]
    fn adjust(&self, date: NaiveDate, convention: BusinessDayConvention) -> Result<NaiveDate> {
        if convention == BusinessDayConvention::Unadjusted || self.is_business_day(date) {
            return Ok(date);
        }
        adjust_holiday(date, convention, |d, step| step_to_business_day(self, d, step))
    }

    /// The date `n` business days after `date` (before it when `n` is
    /// negative), as QuantLib's `Calendar::advance(date, n, Days)`: each
    /// step moves to the next business day, so the start itself need not be
    /// a business day; `n = 0` returns `date` adjusted with Following.
    ///
    /// # Errors
    /// [`Error::DateOutOfRange`] as for [`adjust`](Self::adjust).
    ///
    /// ```
    /// use disburse::time::{BusinessCalendar, WeekendsOnly};
    /// use chrono::NaiveDate;
    /// let fri = NaiveDate::from_ymd_opt(2026, 1, 2).unwrap();
    /// assert_eq!(WeekendsOnly.advance_business_days(fri, 1)?, NaiveDate::from_ymd_opt(2026, 1, 5).unwrap());
    /// assert_eq!(WeekendsOnly.advance_business_days(fri, 45)?, NaiveDate::from_ymd_opt(2026, 3, 6).unwrap());
    /// assert_eq!(WeekendsOnly.advance_business_days(fri, -1)?, NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// The provided method walks day by day (O(n)); the built-in calendars
    /// count business days arithmetically instead (O(1) for weekends,
    /// O(log h) for h holidays) with the same dates and errors.
    fn advance_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        if n == 0 {
            return self.adjust(date, BusinessDayConvention::Following);
        }
        walk_business_days(self, date, n)
    }

    /// Number of business days in `(start, end]` (negative when `end` is
    /// before `start`).
    ///
    /// ```
    /// use disburse::time::{BusinessCalendar, WeekendsOnly};
    /// use chrono::NaiveDate;
    /// let mon = NaiveDate::from_ymd_opt(2026, 1, 5).unwrap();
    /// let next_mon = NaiveDate::from_ymd_opt(2026, 1, 12).unwrap();
    /// assert_eq!(WeekendsOnly.business_days_between(mon, next_mon), 5);
    /// assert_eq!(WeekendsOnly.business_days_between(next_mon, mon), -5);
    /// ```
    fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        walk_business_days_between(self, start, end)
    }

    /// Whether `date` is on or after the last business day of its month
    /// (QuantLib's `Calendar::isEndOfMonth`).
    ///
    /// ```
    /// use disburse::time::{BusinessCalendar, WeekendsOnly};
    /// use chrono::NaiveDate;
    /// // Friday 2026-01-30 is January's last business day.
    /// assert!(WeekendsOnly.is_end_of_month(NaiveDate::from_ymd_opt(2026, 1, 30).unwrap()));
    /// assert!(!WeekendsOnly.is_end_of_month(NaiveDate::from_ymd_opt(2026, 1, 29).unwrap()));
    /// ```
    fn is_end_of_month(&self, date: NaiveDate) -> bool {
        let month = date.month();
        match civil::add_days(date, 1).and_then(|next| self.adjust(next, BusinessDayConvention::Following)) {
            Ok(next) => next.month() != month,
            Err(_) => true,
        }
    }

    /// The last business day of `date`'s month.
    ///
    /// # Errors
    /// [`Error::DateOutOfRange`] as for [`adjust`](Self::adjust).
    ///
    /// ```
    /// use disburse::time::{BusinessCalendar, WeekendsOnly};
    /// use chrono::NaiveDate;
    /// let d = NaiveDate::from_ymd_opt(2026, 5, 4).unwrap();
    /// assert_eq!(WeekendsOnly.end_of_month(d)?, NaiveDate::from_ymd_opt(2026, 5, 29).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn end_of_month(&self, date: NaiveDate) -> Result<NaiveDate> {
        self.adjust(civil::month_end(date), BusinessDayConvention::Preceding)
    }

    /// The calendar's business days as plain integers, when it can give
    /// them: for the crate's schedule loops, which then adjust dates by
    /// integer arithmetic and fall back to [`adjust`](Self::adjust) only
    /// when a date leaves its month or year. `None` (the default) keeps
    /// every adjustment on [`adjust`](Self::adjust); the built-in calendars
    /// override it. Not part of the stable API.
    #[doc(hidden)]
    #[inline]
    fn day_kernel(&self) -> Option<DayKernel<'_>> {
        None
    }
}

/// A calendar's business days as integers: weekend days as a bitmask
/// (Monday = bit 0) and holidays as a bitmap by (year, ordinal), the layout
/// of [`HolidayCalendar`]'s index. Only calendars whose every business-day
/// search ends within [`MAX_HOLIDAY_RUN`] days give one, so a search the
/// kernel cuts short at a month or year end never hides an error.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct DayKernel<'a> {
    weekend: u8,
    /// Days from each weekday (Monday = 0) to the next weekday that is not
    /// a weekend day, and back to the previous one (0 for business days).
    next: [u8; 7],
    prev: [u8; 7],
    first_year: i32,
    bits: &'a [u64],
}

/// Years inside which the kernel adjusts (far inside chrono's range, so a
/// search it finishes could not have left the range).
const KERNEL_YEARS: std::ops::Range<i32> = -200_000..200_000;

/// The kernels of [`NullCalendar`] and [`WeekendsOnly`], built once.
static NO_WEEKEND_KERNEL: DayKernel<'static> = DayKernel::with_holidays(Weekend::NONE, 0, &[]);
static WEEKEND_KERNEL: DayKernel<'static> = DayKernel::with_holidays(Weekend::SATURDAY_SUNDAY, 0, &[]);

/// The adjusted days of month of one seed day under one convention on one
/// weekend (holidays not looked at), for every shape of month: the entry at
/// `(dim & 3) | first << 2`, for a month of `dim` days (28 to 31) whose
/// first day is on weekday `first` (Monday = 0), is the day of month that
/// `convention` moves day `min(seed_day, dim)` to (below 1 or above `dim`
/// when it leaves the month, as Following and Preceding may), or
/// [`NO_DAY`] where the weekend leaves the month no business day, which no
/// weekend allows (a weekend never covers the whole week). The month loops
/// add it to the days of the year before the month: a result outside the
/// year is no valid ordinal, and the loop hands that date to the general
/// step.
pub(crate) type MonthDays = [i16; 32];

/// A day of month far outside any year: never a valid ordinal.
const NO_DAY: i16 = -1024;

/// [`MonthDays`] for a weekend given by its `next` and `prev` offsets (see
/// [`DayKernel`]), `convention` and `seed_day` (1 to 31).
const fn month_days(next: &[u8; 7], prev: &[u8; 7], convention: BusinessDayConvention, seed_day: u32) -> MonthDays {
    use BusinessDayConvention as C;
    let mut t = [NO_DAY; 32];
    let mut first = 0;
    while first < 7 {
        let mut dim = 28;
        while dim <= 31 {
            let day = if seed_day < dim { seed_day } else { dim };
            // The weekday of `day`, Monday = 0 (`day` is at least 1).
            let weekday = (first + day + 6) as usize % 7;
            let (f, b) = (next[weekday] as u32, prev[weekday] as u32);
            let (ahead, behind) = (f <= dim - day, b < day);
            let adjusted = match convention {
                _ if f == 0 => day as i16,
                C::Unadjusted => day as i16,
                C::Following => (day + f) as i16,
                C::Preceding => day as i16 - b as i16,
                C::ModifiedFollowing if ahead => (day + f) as i16,
                C::ModifiedFollowing if behind => day as i16 - b as i16,
                C::ModifiedPreceding if behind => day as i16 - b as i16,
                C::ModifiedPreceding if ahead => (day + f) as i16,
                C::ModifiedFollowing | C::ModifiedPreceding => NO_DAY,
            };
            t[((dim & 3) | first << 2) as usize] = adjusted;
            dim += 1;
        }
        first += 1;
    }
    t
}

/// [`MonthDays`] of the Saturday–Sunday weekend (`WeekendsOnly`, and
/// holiday calendars with the usual weekend), by convention (in the order
/// of [`BusinessDayConvention::ALL`]) and seed day (0 unused), built at
/// compile time.
static SATURDAY_SUNDAY_MONTH_DAYS: [[MonthDays; 32]; 5] = {
    let k = DayKernel::with_holidays(Weekend::SATURDAY_SUNDAY, 0, &[]);
    let mut t = [[[NO_DAY; 32]; 32]; 5];
    let mut c = 0;
    while c < 5 {
        let mut day = 1;
        while day < 32 {
            t[c][day] = month_days(&k.next, &k.prev, BusinessDayConvention::ALL[c], day as u32);
            day += 1;
        }
        c += 1;
    }
    t
};

impl<'a> DayKernel<'a> {
    /// Weekends only (or no weekend at all): no holiday bitmap.
    pub(crate) fn weekend(weekend: Weekend) -> Self {
        if weekend == Weekend::SATURDAY_SUNDAY {
            WEEKEND_KERNEL
        } else if weekend == Weekend::NONE {
            NO_WEEKEND_KERNEL
        } else {
            DayKernel::with_holidays(weekend, 0, &[])
        }
    }

    /// This kernel's weekend with holidays given as a bitmap of 6 words a
    /// year from `first_year` (the weekend's tables copied, not rebuilt).
    pub(crate) fn with_bits<'b>(&self, first_year: i32, bits: &'b [u64]) -> DayKernel<'b> {
        DayKernel {
            weekend: self.weekend,
            next: self.next,
            prev: self.prev,
            first_year,
            bits,
        }
    }

    /// A weekend plus holidays given as a bitmap of 6 words a year from
    /// `first_year`.
    pub(crate) const fn with_holidays(weekend: Weekend, first_year: i32, bits: &'a [u64]) -> Self {
        let (mut next, mut prev) = ([0u8; 7], [0u8; 7]);
        let mut d = 0;
        while d < 7 {
            // A weekend never covers the whole week, so both end.
            let mut j = 0;
            while j < 7 && weekend.0 >> ((d + j) % 7) & 1 != 0 {
                j += 1;
            }
            next[d] = j as u8;
            let mut j = 0;
            while j < 7 && weekend.0 >> ((d + 7 - j) % 7) & 1 != 0 {
                j += 1;
            }
            prev[d] = j as u8;
            d += 1;
        }
        DayKernel {
            weekend: weekend.0,
            next,
            prev,
            first_year,
            bits,
        }
    }

    /// Whether every day is a business day (no weekend, no holidays).
    #[inline(always)]
    pub(crate) fn is_everyday(&self) -> bool {
        self.weekend == 0 && self.bits.is_empty()
    }

    /// Whether the kernel has weekend days.
    #[inline(always)]
    pub(crate) fn has_weekend(&self) -> bool {
        self.weekend != 0
    }

    /// Whether the kernel has holidays besides the weekend.
    #[inline(always)]
    pub(crate) fn has_holidays(&self) -> bool {
        !self.bits.is_empty()
    }

    /// The [`MonthDays`] of this kernel's weekend for `convention` and
    /// `seed_day` (1 to 31): a copy of a table built at compile time for
    /// the Saturday–Sunday weekend, computed (28 entries) for any other.
    #[inline(always)]
    pub(crate) fn month_days(&self, convention: BusinessDayConvention, seed_day: u32) -> MonthDays {
        if self.weekend == Weekend::SATURDAY_SUNDAY.0 {
            // `ALL` is in declaration order: the discriminant is the index.
            SATURDAY_SUNDAY_MONTH_DAYS[convention as usize % 5][seed_day as usize & 31]
        } else {
            month_days(&self.next, &self.prev, convention, seed_day)
        }
    }

    /// The holidays of `year` as a bitmap: bit `o % 64` of word `o / 64`
    /// is set when day `o` of the year is a holiday (words 6 and 7, and
    /// every word outside the indexed years, are clear), for loops that
    /// test many days of one year.
    #[inline]
    pub(crate) fn year_holidays(&self, year: i32) -> [u64; 8] {
        let mut words = [0u64; 8];
        let y = year.wrapping_sub(self.first_year) as u32 as usize;
        let start = y.saturating_mul(6);
        if let Some(w) = self.bits.get(start..start.saturating_add(6)) {
            words[..6].copy_from_slice(w);
        }
        words
    }

    /// `date` adjusted by `convention` as the calendar's own
    /// [`adjust`](BusinessCalendar::adjust) would, by integer arithmetic
    /// ([`shift`](Self::shift)); `None` when the answer needs the
    /// neighbouring year (or lies outside the kernel's years): the caller
    /// then asks the calendar.
    #[inline(always)]
    pub(crate) fn adjust(&self, date: NaiveDate, convention: BusinessDayConvention) -> Option<NaiveDate> {
        let weekday = date.weekday().num_days_from_monday();
        // A weekday of a calendar without holidays stays.
        if convention == BusinessDayConvention::Unadjusted || (self.weekend >> weekday & 1 == 0 && self.bits.is_empty())
        {
            return Some(date);
        }
        self.adjust_closed(date, convention, weekday)
    }

    /// [`adjust`](Self::adjust) past its first test.
    #[inline(never)]
    fn adjust_closed(&self, date: NaiveDate, convention: BusinessDayConvention, weekday: u32) -> Option<NaiveDate> {
        let (year, ordinal) = (date.year(), date.ordinal());
        if self.is_business(year, ordinal, weekday) {
            return Some(date);
        }
        let (day, dim) = (date.day(), civil::days_in_month(year, date.month()));
        let year_len = 365 + u32::from(date.leap_year());
        let shift = self.shift(convention, year, ordinal, day, dim, year_len, weekday)?;
        date.with_ordinal(ordinal.wrapping_add_signed(shift))
    }

    /// Whether day `ordinal` of `year`, a `weekday` (Monday = 0), is a
    /// business day.
    #[inline(always)]
    pub(crate) fn is_business(&self, year: i32, ordinal: u32, weekday: u32) -> bool {
        if self.weekend >> weekday & 1 != 0 {
            return false;
        }
        if self.bits.is_empty() {
            return true;
        }
        let y = year.wrapping_sub(self.first_year) as u32 as usize;
        let word = y.saturating_mul(6).saturating_add(ordinal as usize / 64);
        match self.bits.get(word) {
            Some(w) => w >> (ordinal % 64) & 1 == 0,
            None => true,
        }
    }

    /// The signed number of days `convention` moves day `ordinal` of
    /// `year` — the `day`-th of a month of `dim` days, in a year of
    /// `year_len` days, a `weekday` (Monday = 0) — or `None` when the
    /// answer lies outside the year (Following, Preceding) or needs the
    /// neighbouring month (the modified conventions): the caller then asks
    /// the calendar. Without holidays it is a table lookup; with them each
    /// scan is bounded by the month or year.
    #[inline(always)]
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn shift(
        &self,
        convention: BusinessDayConvention,
        year: i32,
        ordinal: u32,
        day: u32,
        dim: u32,
        year_len: u32,
        weekday: u32,
    ) -> Option<i32> {
        use BusinessDayConvention as C;
        if convention == C::Unadjusted {
            return Some(0);
        }
        // Room in the month and the year after and before the date.
        let (month_after, month_before) = (dim - day, day - 1);
        let (year_after, year_before) = (year_len - ordinal, ordinal - 1);
        if self.bits.is_empty() {
            let wd = weekday as usize % 7;
            let (f, b) = (u32::from(self.next[wd]), u32::from(self.prev[wd]));
            if f == 0 {
                return Some(0);
            }
            if !KERNEL_YEARS.contains(&year) {
                return None;
            }
            let ahead = |room: u32| (f <= room).then_some(f as i32);
            let behind = |room: u32| (b <= room).then_some(-(b as i32));
            return match convention {
                C::Unadjusted => Some(0),
                C::Following => ahead(year_after),
                C::Preceding => behind(year_before),
                C::ModifiedFollowing => ahead(month_after).or(behind(month_before)),
                C::ModifiedPreceding => behind(month_before).or(ahead(month_after)),
            };
        }
        if self.is_business(year, ordinal, weekday) {
            return Some(0);
        }
        if !KERNEL_YEARS.contains(&year) {
            return None;
        }
        // The first business day within `room` days after or before.
        let ahead = |room: u32| {
            let mut j = 1;
            while j <= room && !self.is_business(year, ordinal + j, (weekday + j) % 7) {
                j += 1;
            }
            (j <= room).then_some(j as i32)
        };
        let behind = |room: u32| {
            let mut j = 1;
            while j <= room && !self.is_business(year, ordinal - j, (weekday + 7 - j % 7) % 7) {
                j += 1;
            }
            (j <= room).then_some(-(j as i32))
        };
        match convention {
            C::Unadjusted => Some(0),
            C::Following => ahead(year_after),
            C::Preceding => behind(year_before),
            C::ModifiedFollowing => match ahead(month_after) {
                Some(j) => Some(j),
                None => behind(month_before),
            },
            C::ModifiedPreceding => match behind(month_before) {
                Some(j) => Some(j),
                None => ahead(month_after),
            },
        }
    }
}

/// `date` `n` (≠ 0) business days on, one day at a time: the definition of
/// [`BusinessCalendar::advance_business_days`] (and the oracle the fast
/// paths are tested against).
fn walk_business_days<C: BusinessCalendar + ?Sized>(cal: &C, date: NaiveDate, n: i64) -> Result<NaiveDate> {
    // Each business day is at least one calendar day away: fail at once
    // when even `n` calendar days leave chrono's range.
    civil::add_days(date, n)?;
    let step = n.signum();
    let mut d = date;
    for _ in 0..n.unsigned_abs() {
        d = civil::add_days(d, step)?;
        d = step_to_business_day(cal, d, step)?;
    }
    Ok(d)
}

/// Business days in `(start, end]` counted day by day: the definition of
/// [`BusinessCalendar::business_days_between`].
fn walk_business_days_between<C: BusinessCalendar + ?Sized>(cal: &C, start: NaiveDate, end: NaiveDate) -> i64 {
    let (lo, hi, sign) = if start <= end {
        (start, end, 1)
    } else {
        (end, start, -1)
    };
    // Days in (lo, hi]; `succ_opt` rather than `iter_days`, which stops
    // one day short of chrono's last date.
    let mut count: i64 = 0;
    let mut d = lo;
    while d < hi {
        match d.succ_opt() {
            Some(next) => d = next,
            None => break,
        }
        if cal.is_business_day(d) {
            count += 1;
        }
    }
    sign * count
}

/// Moves a non-business `date` to a business day by `convention`, with
/// `seek(date, step)` the first business day on or after (`step` > 0) or
/// on or before `date`.
#[cold]
fn adjust_holiday(
    date: NaiveDate,
    convention: BusinessDayConvention,
    seek: impl Fn(NaiveDate, i64) -> Result<NaiveDate>,
) -> Result<NaiveDate> {
    use BusinessDayConvention as C;
    match convention {
        C::Unadjusted => Ok(date),
        C::Following => seek(date, 1),
        C::Preceding => seek(date, -1),
        C::ModifiedFollowing => {
            let d = seek(date, 1)?;
            if d.month() == date.month() {
                Ok(d)
            } else {
                seek(date, -1)
            }
        }
        C::ModifiedPreceding => {
            let d = seek(date, -1)?;
            if d.month() == date.month() {
                Ok(d)
            } else {
                seek(date, 1)
            }
        }
    }
}

/// Moves `date` by `step` (±1) days until it is a business day; `date`
/// itself is returned when it already is one.
#[inline]
fn step_to_business_day<C: BusinessCalendar + ?Sized>(cal: &C, date: NaiveDate, step: i64) -> Result<NaiveDate> {
    let mut d = date;
    let mut moved = 0;
    while !cal.is_business_day(d) {
        moved += 1;
        if moved > MAX_HOLIDAY_RUN {
            return Err(Error::date_out_of_range(DateOp::NoBusinessDayWithin {
                date,
                days: MAX_HOLIDAY_RUN,
            }));
        }
        d = if step > 0 { d.succ_opt() } else { d.pred_opt() }
            .ok_or_else(|| Error::date_out_of_range(DateOp::BusinessDaySearch { date }))?;
    }
    Ok(d)
}

/// A calendar in which every day is a business day.
///
/// ```
/// use disburse::time::{BusinessCalendar, NullCalendar};
/// assert!(NullCalendar.is_business_day(chrono::NaiveDate::from_ymd_opt(2026, 1, 3).unwrap()));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct NullCalendar;

impl BusinessCalendar for NullCalendar {
    #[inline]
    fn is_business_day(&self, _date: NaiveDate) -> bool {
        true
    }

    #[inline]
    fn advance_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        civil::add_days(date, n)
    }

    fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        civil::days_between(start, end)
    }

    #[inline]
    fn day_kernel(&self) -> Option<DayKernel<'_>> {
        Some(DayKernel::weekend(Weekend::NONE))
    }
}

/// The `n`-th weekday after `date` (`n` ≥ 1), the counter's answer for a
/// Saturday–Sunday weekend without holidays in closed form: counting from
/// the Monday of `date`'s week, the weekdays up to `date` (weekday `w`,
/// Monday = 0) are `min(w + 1, 5)`, the target is `c = min(w + 1, 5) + n`,
/// and the first day reaching it is `7⌊(c − 1)/5⌋ + (c − 5⌊(c − 1)/5⌋)`
/// days into the count, so `date` moves by `2⌊(c − 1)/5⌋ + c − w − 1`
/// days. `None` (the counter decides, errors included) for `n` outside
/// `1..=2^40` or an answer outside chrono's range.
#[inline]
fn weekdays_forward(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    if !(1..=1 << 40).contains(&n) {
        return None;
    }
    let w = i64::from(date.weekday().num_days_from_monday());
    let c = (w + 1).min(5) + n;
    let weeks = (c - 1) / 5;
    // At least 1: `c − w − 1` ≥ `n` − 2 on a weekend day, where `weeks` ≥ 1.
    let offset = 2 * weeks + c - w - 1;
    date.checked_add_days(chrono::Days::new(u64::try_from(offset).ok()?))
}

/// A calendar whose only holidays are Saturdays and Sundays.
///
/// ```
/// use disburse::time::{BusinessCalendar, WeekendsOnly};
/// use chrono::NaiveDate;
/// assert!(!WeekendsOnly.is_business_day(NaiveDate::from_ymd_opt(2026, 1, 4).unwrap())); // Sunday
/// assert!(WeekendsOnly.is_business_day(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap())); // Monday
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct WeekendsOnly;

impl BusinessCalendar for WeekendsOnly {
    #[inline]
    fn is_business_day(&self, date: NaiveDate) -> bool {
        !matches!(date.weekday(), Weekday::Sat | Weekday::Sun)
    }

    /// Whole weeks arithmetically: O(1).
    fn advance_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        if n == 0 {
            return self.adjust(date, BusinessDayConvention::Following);
        }
        if let Some(d) = weekdays_forward(date, n) {
            return Ok(d);
        }
        count::Counter::new(Weekend::SATURDAY_SUNDAY, &[], &[]).advance(self, date, n)
    }

    fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        count::Counter::new(Weekend::SATURDAY_SUNDAY, &[], &[]).between(start, end)
    }

    #[inline]
    fn day_kernel(&self) -> Option<DayKernel<'_>> {
        Some(DayKernel::weekend(Weekend::SATURDAY_SUNDAY))
    }
}

/// The days of the week that are weekend days, as a set.
///
/// Serialized as a list of English day names (`["saturday", "sunday"]`).
/// A weekend may not cover the whole week.
///
/// ```
/// use disburse::time::Weekend;
/// use chrono::Weekday;
/// let w = Weekend::new([Weekday::Fri, Weekday::Sat])?;
/// assert!(w.contains(Weekday::Fri));
/// assert!(!w.contains(Weekday::Sun));
/// assert!(Weekend::SATURDAY_SUNDAY.contains(Weekday::Sun));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "Vec<String>", into = "Vec<String>")]
pub struct Weekend(u8);

impl Weekend {
    /// Saturday and Sunday.
    pub const SATURDAY_SUNDAY: Weekend = Weekend((1 << 5) | (1 << 6));
    /// No weekend days.
    pub const NONE: Weekend = Weekend(0);

    /// A weekend of the given days.
    ///
    /// # Errors
    /// [`Error::Invalid`] when all seven days are weekend days.
    ///
    /// ```
    /// use disburse::time::Weekend;
    /// assert!(Weekend::new([chrono::Weekday::Sun]).is_ok());
    /// ```
    pub fn new(days: impl IntoIterator<Item = Weekday>) -> Result<Self> {
        let mut bits = 0u8;
        for d in days {
            bits |= 1 << d.num_days_from_monday();
        }
        if bits == 0x7f {
            return Err(Error::Invalid {
                what: Quantity::Weekend,
                reason: "at least one day of the week must be a business day",
            });
        }
        Ok(Weekend(bits))
    }

    /// Whether `day` is a weekend day.
    ///
    /// ```
    /// assert!(disburse::time::Weekend::SATURDAY_SUNDAY.contains(chrono::Weekday::Sat));
    /// ```
    #[inline]
    pub const fn contains(self, day: Weekday) -> bool {
        self.0 & (1 << day.num_days_from_monday()) != 0
    }

    /// The days of the week, Monday first.
    const WEEK: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];

    fn days(self) -> impl Iterator<Item = Weekday> {
        Weekend::WEEK.into_iter().filter(move |d| self.contains(*d))
    }
}

impl Default for Weekend {
    fn default() -> Self {
        Weekend::SATURDAY_SUNDAY
    }
}

fn weekday_name(d: Weekday) -> &'static str {
    match d {
        Weekday::Mon => "monday",
        Weekday::Tue => "tuesday",
        Weekday::Wed => "wednesday",
        Weekday::Thu => "thursday",
        Weekday::Fri => "friday",
        Weekday::Sat => "saturday",
        Weekday::Sun => "sunday",
    }
}

impl TryFrom<Vec<String>> for Weekend {
    type Error = Error;
    fn try_from(names: Vec<String>) -> Result<Self> {
        let days = names
            .iter()
            .map(|n| {
                n.parse::<Weekday>().map_err(|_| Error::Parse {
                    kind: "weekday",
                    input: n.clone(),
                    expected: "a day name such as saturday or sun",
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Weekend::new(days)
    }
}

impl From<Weekend> for Vec<String> {
    fn from(w: Weekend) -> Vec<String> {
        w.days().map(|d| weekday_name(d).to_string()).collect()
    }
}

/// Any of the built-in calendars, as one serde-friendly value.
///
/// Serialized as `"null"`, `"weekends_only"`, `{ "holidays": { … } }` or
/// `{ "joint": { "calendars": [ … ], "rule": "join_holidays" } }`.
///
/// ```
/// use disburse::time::{BusinessCalendar, Calendar};
/// let cal: Calendar = serde_json::from_str(r#"{"holidays": {"name": "x", "holidays": ["2026-01-01"]}}"#)?;
/// assert!(!cal.is_business_day(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
/// assert_eq!(serde_json::to_string(&Calendar::WeekendsOnly)?, "\"weekends_only\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Calendar {
    /// Every day is a business day.
    #[default]
    Null,
    /// Saturdays and Sundays are holidays.
    WeekendsOnly,
    /// Weekends plus listed holidays.
    Holidays(HolidayCalendar),
    /// A combination of calendars.
    Joint(JointCalendar),
}

impl FromStr for Calendar {
    type Err = Error;

    /// Parses the calendars that have a name alone, in any case with `_`,
    /// `-` and spaces ignored: `null` (`none`, QuantLib's `NullCalendar`)
    /// and `weekends_only` (`weekends`, QuantLib's `WeekendsOnly`). Holiday
    /// lists and joint calendars are written as tables in scenario files
    /// (`{ holidays = { … } }`), and with `--holidays FILE` on the command
    /// line.
    ///
    /// ```
    /// use disburse::time::Calendar;
    /// assert_eq!("WeekendsOnly".parse::<Calendar>()?, Calendar::WeekendsOnly);
    /// assert_eq!("none".parse::<Calendar>()?, Calendar::Null);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        match crate::text::fold_name(s).as_str() {
            "null" | "none" | "nullcalendar" => Ok(Calendar::Null),
            "weekendsonly" | "weekends" | "weekend" => Ok(Calendar::WeekendsOnly),
            _ => Err(Error::Parse {
                kind: "calendar",
                input: s.to_string(),
                expected: "one of null (none), weekends_only (weekends), any case; or a table \
                           { holidays = { … } } or { joint = { … } } in a scenario",
            }),
        }
    }
}

impl crate::text::Named for Calendar {
    const KIND: &'static str = "calendar";
    const NAMES: &'static [&'static str] = &["null", "weekends_only"];
    const ALIASES: &'static [&'static str] = &["none", "weekends", "NullCalendar", "WeekendsOnly"];
}

/// The calendars written as tables.
#[derive(Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
enum CalendarTable {
    /// Weekends plus listed holidays.
    Holidays(HolidayCalendar),
    /// A combination of calendars.
    Joint(JointCalendar),
}

impl<'de> Deserialize<'de> for Calendar {
    /// A name (through [`FromStr`]) or a table `{ holidays = … }` /
    /// `{ joint = … }`.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Calendar;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a calendar: null, weekends_only, { holidays = { … } } or { joint = { … } }")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<Calendar, E> {
                v.parse().map_err(E::custom)
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> std::result::Result<Calendar, A::Error> {
                let table = CalendarTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(match table {
                    CalendarTable::Holidays(h) => Calendar::Holidays(h),
                    CalendarTable::Joint(j) => Calendar::Joint(j),
                })
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(feature = "scenario")]
impl schemars::JsonSchema for Calendar {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Calendar".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use crate::text::Named;
        let names = crate::input_serde::schema::name(
            "A calendar by name (any case): null (every day a business day; also none, NullCalendar) or \
             weekends_only (Saturdays and Sundays off; also weekends, WeekendsOnly).",
            Calendar::NAMES,
            Calendar::ALIASES,
        );
        let tables = g.subschema_for::<CalendarTable>();
        schemars::json_schema!({ "anyOf": [names, tables] })
    }
}

impl BusinessCalendar for Calendar {
    #[inline]
    fn is_business_day(&self, date: NaiveDate) -> bool {
        match self {
            Calendar::Null => true,
            Calendar::WeekendsOnly => WeekendsOnly.is_business_day(date),
            Calendar::Holidays(c) => c.is_business_day(date),
            Calendar::Joint(c) => c.is_business_day(date),
        }
    }

    #[inline]
    fn adjust(&self, date: NaiveDate, convention: BusinessDayConvention) -> Result<NaiveDate> {
        match self {
            Calendar::Null => NullCalendar.adjust(date, convention),
            Calendar::WeekendsOnly => WeekendsOnly.adjust(date, convention),
            Calendar::Holidays(c) => c.adjust(date, convention),
            Calendar::Joint(c) => c.adjust(date, convention),
        }
    }

    fn advance_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        match self {
            Calendar::Null => NullCalendar.advance_business_days(date, n),
            Calendar::WeekendsOnly => WeekendsOnly.advance_business_days(date, n),
            Calendar::Holidays(c) => c.advance_business_days(date, n),
            Calendar::Joint(c) => c.advance_business_days(date, n),
        }
    }

    fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        match self {
            Calendar::Null => NullCalendar.business_days_between(start, end),
            Calendar::WeekendsOnly => WeekendsOnly.business_days_between(start, end),
            Calendar::Holidays(c) => c.business_days_between(start, end),
            Calendar::Joint(c) => c.business_days_between(start, end),
        }
    }

    #[inline]
    fn day_kernel(&self) -> Option<DayKernel<'_>> {
        match self {
            Calendar::Null => NullCalendar.day_kernel(),
            Calendar::WeekendsOnly => WeekendsOnly.day_kernel(),
            Calendar::Holidays(c) => c.day_kernel(),
            Calendar::Joint(c) => c.day_kernel(),
        }
    }
}

impl fmt::Display for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Calendar::Null => f.write_str("null"),
            Calendar::WeekendsOnly => f.write_str("weekends only"),
            Calendar::Holidays(c) => write!(f, "{} ({} holidays)", c.name, c.holidays.len()),
            Calendar::Joint(c) => {
                f.write_str("joint(")?;
                for (i, m) in c.calendars.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{m}")?;
                }
                f.write_str(")")
            }
        }
    }
}

impl From<NullCalendar> for Calendar {
    fn from(_: NullCalendar) -> Self {
        Calendar::Null
    }
}

impl From<WeekendsOnly> for Calendar {
    fn from(_: WeekendsOnly) -> Self {
        Calendar::WeekendsOnly
    }
}

impl From<HolidayCalendar> for Calendar {
    fn from(c: HolidayCalendar) -> Self {
        Calendar::Holidays(c)
    }
}

impl From<JointCalendar> for Calendar {
    fn from(c: JointCalendar) -> Self {
        Calendar::Joint(c)
    }
}

impl<C: BusinessCalendar + ?Sized> BusinessCalendar for &C {
    #[inline]
    fn is_business_day(&self, date: NaiveDate) -> bool {
        (**self).is_business_day(date)
    }

    #[inline]
    fn adjust(&self, date: NaiveDate, convention: BusinessDayConvention) -> Result<NaiveDate> {
        (**self).adjust(date, convention)
    }

    fn advance_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        (**self).advance_business_days(date, n)
    }

    fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        (**self).business_days_between(start, end)
    }

    #[inline]
    fn day_kernel(&self) -> Option<DayKernel<'_>> {
        (**self).day_kernel()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    /// The closed form of `WeekendsOnly::advance_business_days` forward
    /// equals the counter's answer (and the day-by-day walk's) for dates
    /// across chrono's range, near its ends included.
    #[test]
    fn weekdays_forward_equals_the_counter() {
        use proptest::prelude::*;
        let (lo, hi) = (NaiveDate::MIN.num_days_from_ce(), NaiveDate::MAX.num_days_from_ce());
        proptest!(|(day in prop_oneof![lo..hi, lo..lo + 100, hi - 2000..hi, 730_000i32..750_000], n in prop_oneof![1i64..100, 1i64..5000])| {
            let date = NaiveDate::from_num_days_from_ce_opt(day).unwrap();
            let counter = count::Counter::new(Weekend::SATURDAY_SUNDAY, &[], &[]).advance(&WeekendsOnly, date, n);
            if n < 100 {
                prop_assert_eq!(&counter, &walk_business_days(&WeekendsOnly, date, n));
            }
            match weekdays_forward(date, n) {
                Some(d) => prop_assert_eq!(Ok(d), counter.clone()),
                None => prop_assert!(counter.is_err(), "{} {} {:?}", date, n, counter),
            }
            prop_assert_eq!(WeekendsOnly.advance_business_days(date, n), counter);
        });
    }

    use crate::time::{
        BusinessDayConvention as C, Calendar, HolidayCalendar, JointCalendar, JointRule, NullCalendar, Weekend,
        WeekendsOnly,
    };

    /// The compile-time Saturday–Sunday tables are indexed by the
    /// convention's discriminant (its place in `ALL`) and equal the tables
    /// computed for that weekend; each entry is the adjusted day of month
    /// of a real month of that shape.
    #[test]
    fn saturday_sunday_month_days() {
        let kernel = DayKernel::weekend(Weekend::SATURDAY_SUNDAY);
        for (i, conv) in C::ALL.into_iter().enumerate() {
            assert_eq!(conv as usize, i);
            for seed_day in 1..=31 {
                let table = kernel.month_days(conv, seed_day);
                assert_eq!(table, month_days(&kernel.next, &kernel.prev, conv, seed_day));
                // Months of every shape: 2020-2027 cover each length with each first weekday.
                for first in d(2020, 1, 1).iter_days().take(8 * 366).filter(|x| x.day() == 1) {
                    let dim = civil::days_in_month(first.year(), first.month());
                    let day = seed_day.min(dim);
                    let date = first.with_day(day).unwrap();
                    let shape = (dim & 3) | first.weekday().num_days_from_monday() << 2;
                    let want = WeekendsOnly.adjust(date, conv).unwrap();
                    let got = civil::add_days(first, i64::from(table[shape as usize]) - 1).unwrap();
                    assert_eq!(got, want, "{date} {conv}");
                }
            }
        }
    }

    #[test]
    fn adjust_all_conventions() {
        let cal = WeekendsOnly;
        // (date, convention, expected) — 2026-02-28 is a Saturday at month end,
        // 2026-08-01 a Saturday at month start, 2026-01-07 a Wednesday.
        let cases = [
            (d(2026, 2, 28), C::Unadjusted, d(2026, 2, 28)),
            (d(2026, 2, 28), C::Following, d(2026, 3, 2)),
            (d(2026, 2, 28), C::ModifiedFollowing, d(2026, 2, 27)),
            (d(2026, 2, 28), C::Preceding, d(2026, 2, 27)),
            (d(2026, 2, 28), C::ModifiedPreceding, d(2026, 2, 27)),
            (d(2026, 8, 1), C::Following, d(2026, 8, 3)),
            (d(2026, 8, 1), C::ModifiedFollowing, d(2026, 8, 3)),
            (d(2026, 8, 1), C::Preceding, d(2026, 7, 31)),
            (d(2026, 8, 1), C::ModifiedPreceding, d(2026, 8, 3)),
            (d(2026, 1, 7), C::Following, d(2026, 1, 7)),
            (d(2026, 1, 7), C::ModifiedPreceding, d(2026, 1, 7)),
        ];
        for (date, conv, want) in cases {
            assert_eq!(cal.adjust(date, conv).unwrap(), want, "{date} {conv}");
        }
    }

    #[test]
    fn null_calendar_never_moves() {
        for conv in C::ALL {
            assert_eq!(NullCalendar.adjust(d(2026, 1, 3), conv).unwrap(), d(2026, 1, 3));
        }
        assert_eq!(
            NullCalendar.advance_business_days(d(2026, 1, 3), 2).unwrap(),
            d(2026, 1, 5)
        );
    }

    #[test]
    fn long_holiday_runs_are_errors_not_hangs() {
        let start = d(2026, 1, 1);
        let days: Vec<_> = start.iter_days().take(5_000).collect();
        let cal = HolidayCalendar::new("closed", days);
        assert!(matches!(
            cal.adjust(start, C::Following),
            Err(Error::DateOutOfRange { .. })
        ));
        assert!(
            WeekendsOnly.adjust(NaiveDate::MAX, C::Following).is_err()
                || NaiveDate::MAX.weekday().num_days_from_monday() < 5
        );
        assert!(
            Weekend::new([
                Weekday::Mon,
                Weekday::Tue,
                Weekday::Wed,
                Weekday::Thu,
                Weekday::Fri,
                Weekday::Sat,
                Weekday::Sun
            ])
            .is_err()
        );
    }

    #[test]
    fn serde_round_trips() {
        let cals = [
            Calendar::Null,
            Calendar::WeekendsOnly,
            Calendar::Holidays(HolidayCalendar::with_weekend(
                "gulf",
                Weekend::new([Weekday::Fri, Weekday::Sat]).unwrap(),
                [d(2026, 1, 1)],
            )),
            Calendar::Joint(JointCalendar::new(
                vec![
                    Calendar::WeekendsOnly,
                    Calendar::Holidays(HolidayCalendar::new("x", [d(2026, 5, 5)])),
                ],
                JointRule::JoinBusinessDays,
            )),
        ];
        for c in cals {
            let json = serde_json::to_string(&c).unwrap();
            assert_eq!(serde_json::from_str::<Calendar>(&json).unwrap(), c, "{json}");
        }
        let json = r#"{"holidays": {"holidays": ["2026-12-25", "2026-01-01"], "weekend": ["sun"]}}"#;
        let cal: Calendar = serde_json::from_str(json).unwrap();
        assert!(cal.is_business_day(d(2026, 1, 3)));
        assert!(!cal.is_business_day(d(2026, 1, 4)));
        assert!(serde_json::from_str::<Calendar>(r#"{"holidays": {"bogus": 1}}"#).is_err());
        assert!(serde_json::from_str::<Calendar>(r#"{"holidays": {"weekend": ["funday"]}}"#).is_err());
    }

    #[test]
    fn convention_names() {
        for c in C::ALL {
            assert_eq!(c.to_string().parse::<C>().unwrap(), c);
        }
        assert!("nearest".parse::<C>().is_err());
    }
}
