//! Business days counted arithmetically, for calendars made of a weekend
//! and a sorted holiday list: O(1) for the weekend (whole weeks), O(log n)
//! for the holidays (a binary search in the sorted list). Adjusting and
//! advancing by business days then cost O(log(span) · log n) instead of a
//! day-by-day walk, with the walk's results and errors (the walk stays
//! the definition, and the oracle of the tests).

use chrono::{Datelike, NaiveDate};

use super::{BusinessCalendar, Weekend, step_to_business_day};
use crate::Result;
use crate::limits::MAX_HOLIDAY_RUN;
use crate::time::civil;

/// Non-business days a search walks before it counts instead: more than a
/// weekend (at most six days) and a holiday or two beside it.
const SHORT_RUN: usize = 10;

/// A date as a day number (0001-01-01 is 1, a Monday).
#[inline]
pub(super) fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}

fn from_day_number(n: i64) -> Option<NaiveDate> {
    i32::try_from(n).ok().and_then(NaiveDate::from_num_days_from_ce_opt)
}

/// The day numbers of chrono's first and last dates.
fn range() -> (i64, i64) {
    (day_number(NaiveDate::MIN), day_number(NaiveDate::MAX))
}

/// A weekend plus the holidays that fall on its business weekdays (sorted
/// day numbers), and the runs of non-business days longer than
/// [`MAX_HOLIDAY_RUN`] (where a search gives up).
#[derive(Debug, Clone, Copy)]
pub(super) struct Counter<'a> {
    /// Business weekdays among the first k weekdays from Monday, k = 0..=7.
    prefix: [i64; 8],
    /// Holidays on business weekdays, as sorted day numbers.
    closed: &'a [i32],
    /// Maximal runs of non-business days longer than `MAX_HOLIDAY_RUN`, as
    /// sorted, disjoint (first, last) day numbers.
    long_runs: &'a [(i64, i64)],
}

impl<'a> Counter<'a> {
    pub(super) fn new(weekend: Weekend, closed: &'a [i32], long_runs: &'a [(i64, i64)]) -> Self {
        let mut prefix = [0i64; 8];
        for (k, day) in Weekend::WEEK.iter().enumerate() {
            prefix[k + 1] = prefix[k] + i64::from(!weekend.contains(*day));
        }
        Counter {
            prefix,
            closed,
            long_runs,
        }
    }

    /// Business days with day number at most `n` (from an arbitrary
    /// origin: only differences mean anything). Non-decreasing in `n`.
    #[inline]
    fn count(&self, n: i64) -> i64 {
        let t = n - 1; // 0 is a Monday
        let weekdays = t.div_euclid(7) * self.prefix[7] + self.prefix[t.rem_euclid(7) as usize + 1];
        let holidays = self.closed.partition_point(|&h| i64::from(h) <= n);
        weekdays - holidays as i64
    }

    /// The smallest day number whose business weekdays (holidays aside)
    /// reach `target`: with `t = n − 1 = 7w + r`, the count is
    /// `w·prefix[7] + prefix[r + 1]`, so `w` is `⌊(target − 1) / prefix[7]⌋`
    /// and `r` the first with `prefix[r + 1]` reaching the rest.
    #[inline]
    fn first_weekday_reaching(&self, target: i64) -> i64 {
        let per_week = self.prefix[7]; // at least 1: a weekend is not the whole week
        let weeks = (target - 1).div_euclid(per_week);
        let rest = target - weeks * per_week; // in 1..=per_week
        let r = self.prefix[1..].iter().position(|&p| p >= rest).unwrap_or(6) as i64;
        weeks.saturating_mul(7).saturating_add(r + 1)
    }

    /// Business days in `(start, end]`, negative when `end` is before
    /// `start`.
    pub(super) fn between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        self.count(day_number(end)) - self.count(day_number(start))
    }

    /// The smallest day number in `[lo, hi]` whose count reaches `target`,
    /// if any: galloping up from `lo` (the answer is usually near), then
    /// bisecting, O(log(answer − lo)) counts.
    fn first_reaching(&self, mut lo: i64, mut hi: i64, target: i64) -> Option<i64> {
        if lo > hi || self.count(hi) < target {
            return None;
        }
        // The answer is at least the first day whose weekdays alone reach
        // `target` (holidays only lower the count): start there, where a
        // calendar without holidays in the way has its answer.
        let start = self.first_weekday_reaching(target).max(lo);
        if start >= hi {
            return Some(hi);
        }
        if self.count(start) >= target {
            return Some(start);
        }
        lo = start + 1;
        let mut step = 8i64;
        loop {
            let probe = lo.saturating_add(step).min(hi);
            if self.count(probe) >= target {
                hi = probe;
                break;
            }
            lo = probe + 1;
            step = step.saturating_mul(2);
        }
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            if self.count(mid) >= target {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Some(lo)
    }

    /// The first business day on or after `date` (`step` > 0) or on or
    /// before it, as `step_to_business_day` finds it, errors included.
    pub(super) fn seek<C: BusinessCalendar + ?Sized>(&self, cal: &C, date: NaiveDate, step: i64) -> Result<NaiveDate> {
        // Short runs (a weekend, a holiday beside it) are walked: a few
        // O(1) lookups, and the walk's own answer.
        let mut d = date;
        for _ in 0..SHORT_RUN {
            if cal.is_business_day(d) {
                return Ok(d);
            }
            match if step > 0 { d.succ_opt() } else { d.pred_opt() } {
                Some(next) => d = next,
                None => break,
            }
        }
        let n = day_number(date);
        let (min, max) = range();
        let found = if step > 0 {
            let hi = (n + MAX_HOLIDAY_RUN).min(max);
            self.first_reaching(n, hi, self.count(n - 1) + 1)
        } else {
            let lo = (n - MAX_HOLIDAY_RUN).max(min);
            let here = self.count(n);
            (here > self.count(lo - 1))
                .then(|| self.first_reaching(lo, n, here))
                .flatten()
        };
        match found.and_then(from_day_number) {
            Some(d) => Ok(d),
            // No business day within reach: the walk gives the error after
            // at most `MAX_HOLIDAY_RUN` + 1 steps.
            None => step_to_business_day(cal, date, step),
        }
    }

    /// The date `k` business days after `date` (before it when `k` < 0),
    /// as the default `advance_business_days` walks to it, errors
    /// included. `k` is not zero.
    pub(super) fn advance<C: BusinessCalendar + ?Sized>(&self, cal: &C, date: NaiveDate, k: i64) -> Result<NaiveDate> {
        let n = day_number(date);
        let (min, max) = range();
        // `date + k` calendar days must exist (chrono's range, as
        // `civil::add_days` checks it, whose error this is).
        if !n.checked_add(k).is_some_and(|e| (min..=max).contains(&e)) {
            civil::add_days(date, k)?;
        }
        if k > 0 {
            // The k-th business day after `date`: the first reaching
            // count(n) + k.
            let target = self.count(n).saturating_add(k);
            let found = self.first_reaching(n + 1, max, target);
            // The walk stops at the first run it cannot cross.
            let end = found.unwrap_or(max);
            if let Some(start) = self.blocking_run_after(n, end) {
                return self.walk_from(cal, start, 1);
            }
            match found.and_then(from_day_number) {
                Some(d) => Ok(d),
                None => {
                    // Past chrono's last date: the walk fails stepping on
                    // from the last business day it reaches.
                    let last = self.first_reaching(n, max, self.count(max)).unwrap_or(n);
                    match from_day_number(last) {
                        Some(d) => civil::add_days(d, 1).and_then(|next| self.walk_from(cal, next, 1)),
                        None => civil::add_days(date, k),
                    }
                }
            }
        } else {
            let back = k.unsigned_abs();
            let target = self.count(n - 1) - i64::try_from(back).unwrap_or(i64::MAX) + 1;
            let found = if target > self.count(min - 1) {
                self.first_reaching(min, n - 1, target)
            } else {
                None
            };
            let end = found.unwrap_or(min);
            if let Some(start) = self.blocking_run_before(n, end) {
                return self.walk_from(cal, start, -1);
            }
            match found.and_then(from_day_number) {
                Some(d) => Ok(d),
                None => {
                    // Before chrono's first date: the walk fails stepping
                    // back from the first business day it reaches.
                    let first = self.first_reaching(min, n - 1, self.count(min - 1) + 1).unwrap_or(n);
                    match from_day_number(first) {
                        Some(d) => civil::add_days(d, -1).and_then(|prev| self.walk_from(cal, prev, -1)),
                        None => civil::add_days(date, k),
                    }
                }
            }
        }
    }

    /// The walk from `date` in direction `step` (it fails within
    /// `MAX_HOLIDAY_RUN` + 1 days, or at chrono's range).
    fn walk_from<C: BusinessCalendar + ?Sized>(&self, cal: &C, date: NaiveDate, step: i64) -> Result<NaiveDate> {
        step_to_business_day(cal, date, step)
    }

    /// Where a forward walk from day `n` to day `end` meets a run of more
    /// than `MAX_HOLIDAY_RUN` non-business days it cannot cross: the first
    /// day of the run it enters (the day after `n` when it starts inside).
    fn blocking_run_after(&self, n: i64, end: i64) -> Option<NaiveDate> {
        let i = self.long_runs.partition_point(|&(_, last)| last <= n);
        self.long_runs[i..]
            .iter()
            .take(2)
            .map(|&(first, last)| (first.max(n + 1), last))
            .take_while(|&(first, _)| first <= end)
            .find(|&(first, last)| last - first + 1 > MAX_HOLIDAY_RUN)
            .and_then(|(first, _)| from_day_number(first))
    }

    /// As [`blocking_run_after`](Self::blocking_run_after), walking back
    /// from day `n` to day `end`: the last day of the run it enters.
    fn blocking_run_before(&self, n: i64, end: i64) -> Option<NaiveDate> {
        let i = self.long_runs.partition_point(|&(first, _)| first < n);
        self.long_runs[..i]
            .iter()
            .rev()
            .take(2)
            .map(|&(first, last)| (first, last.min(n - 1)))
            .take_while(|&(_, last)| last >= end)
            .find(|&(first, last)| last - first + 1 > MAX_HOLIDAY_RUN)
            .and_then(|(_, last)| from_day_number(last))
    }
}

/// The holidays of a sorted, duplicate-free list that fall on business
/// weekdays of `weekend`, as day numbers.
pub(super) fn closed_days(weekend: Weekend, sorted: &[NaiveDate]) -> Vec<i32> {
    sorted
        .iter()
        .filter(|d| !weekend.contains(d.weekday()))
        .map(|d| d.num_days_from_ce())
        .collect()
}

/// The maximal runs of non-business days (weekend days and the `closed`
/// holidays) longer than [`MAX_HOLIDAY_RUN`] days, in one pass over the
/// holidays. A run of weekend days alone is at most six days long.
pub(super) fn long_runs(weekend: Weekend, closed: &[i32]) -> Vec<(i64, i64)> {
    let off = |n: i64| weekend.contains(Weekend::WEEK[(n - 1).rem_euclid(7) as usize]);
    // Extends a run's end over the weekend days after it (at most six).
    let stretch = |mut n: i64| {
        while off(n + 1) {
            n += 1;
        }
        n
    };
    let mut runs = Vec::new();
    let mut current: Option<(i64, i64)> = None;
    for &h in closed {
        let h = i64::from(h);
        match current {
            Some((first, last)) if h == last + 1 => current = Some((first, stretch(h))),
            _ => {
                if let Some((first, last)) = current.take()
                    && last - first + 1 > MAX_HOLIDAY_RUN
                {
                    runs.push((first, last));
                }
                let mut first = h;
                while off(first - 1) {
                    first -= 1;
                }
                current = Some((first, stretch(h)));
            }
        }
    }
    if let Some((first, last)) = current
        && last - first + 1 > MAX_HOLIDAY_RUN
    {
        runs.push((first, last));
    }
    runs
}
