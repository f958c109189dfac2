//! Fast civil-calendar arithmetic on `NaiveDate` used by the hot paths.

use chrono::{Datelike, NaiveDate};

use crate::{DateOp, Error, Result};

/// Whether `year` is a Gregorian leap year.
#[inline]
pub(crate) const fn is_leap_year(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

/// Number of days in `month` (1..=12) of `year`.
#[inline]
pub(crate) const fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 => {
            if is_leap_year(year) {
                29
            } else {
                28
            }
        }
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Whether `date` is the last calendar day of its month.
#[inline]
pub(crate) fn is_month_end(date: NaiveDate) -> bool {
    date.day() == days_in_month(date.year(), date.month())
}

/// The last calendar day of `date`'s month.
#[inline]
pub(crate) fn month_end(date: NaiveDate) -> NaiveDate {
    let last = days_in_month(date.year(), date.month());
    // Day `last` always exists in the same month and year as `date`.
    date.with_day(last).unwrap_or(date)
}

/// `date` moved by `months` calendar months (negative moves back), the day
/// clamped to the target month's length, as QuantLib's `Date + n*Months`.
/// With `to_month_end`, the result is the last day of the target month.
#[inline]
pub(crate) fn add_months(date: NaiveDate, months: i64, to_month_end: bool) -> Result<NaiveDate> {
    let out_of_range = || Error::date_out_of_range(DateOp::AddMonths { date, months });
    // |year · 12 + month0| is below 2^40: only adding `months` can overflow.
    let index = (i64::from(date.year()) * 12 + i64::from(date.month0()))
        .checked_add(months)
        .ok_or_else(out_of_range)?;
    let year = i32::try_from(index.div_euclid(12)).map_err(|_| out_of_range())?;
    // rem_euclid(12) is in 0..12, so the cast cannot truncate.
    let month = index.rem_euclid(12) as u32 + 1;
    let dim = days_in_month(year, month);
    let day = if to_month_end { dim } else { date.day().min(dim) };
    NaiveDate::from_ymd_opt(year, month, day).ok_or_else(out_of_range)
}

/// `date` moved by `days` days.
#[inline]
pub(crate) fn add_days(date: NaiveDate, days: i64) -> Result<NaiveDate> {
    chrono::Duration::try_days(days)
        .and_then(|d| date.checked_add_signed(d))
        .ok_or_else(|| Error::date_out_of_range(DateOp::AddDays { date, days }))
}

/// Days from `start` to `end` (negative when `end` is earlier).
#[inline]
pub(crate) fn days_between(start: NaiveDate, end: NaiveDate) -> i64 {
    i64::from(end.num_days_from_ce()) - i64::from(start.num_days_from_ce())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2024));
        assert!(is_leap_year(2000));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2026));
    }

    #[test]
    fn add_months_clamps_like_quantlib() {
        assert_eq!(add_months(d(2026, 1, 31), 1, false).unwrap(), d(2026, 2, 28));
        assert_eq!(add_months(d(2028, 1, 31), 1, false).unwrap(), d(2028, 2, 29));
        assert_eq!(add_months(d(2026, 3, 31), -1, false).unwrap(), d(2026, 2, 28));
        assert_eq!(add_months(d(2026, 2, 28), 1, true).unwrap(), d(2026, 3, 31));
        assert_eq!(add_months(d(2026, 11, 15), 14, false).unwrap(), d(2028, 1, 15));
        assert_eq!(add_months(d(2026, 1, 15), -13, false).unwrap(), d(2024, 12, 15));
        assert!(add_months(NaiveDate::MAX, 1, false).is_err());
        assert!(add_months(d(2026, 1, 1), i64::MAX / 2, false).is_err());
    }

    #[test]
    fn month_ends() {
        assert!(is_month_end(d(2028, 2, 29)));
        assert!(!is_month_end(d(2026, 2, 27)));
        assert_eq!(month_end(d(2026, 2, 3)), d(2026, 2, 28));
    }

    #[test]
    fn days() {
        assert_eq!(days_between(d(2026, 1, 1), d(2036, 1, 1)), 3652);
        assert_eq!(days_between(d(2036, 1, 1), d(2026, 1, 1)), -3652);
        assert_eq!(add_days(d(2026, 12, 31), 1).unwrap(), d(2027, 1, 1));
        assert!(add_days(NaiveDate::MAX, 1).is_err());
    }
}
