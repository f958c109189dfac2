//! [`DateScheduleBuilder`]: QuantLib `MakeSchedule`-style date generation.

use chrono::{Datelike, NaiveDate};

use crate::time::calendar::{DayKernel, MonthDays};
use crate::time::civil;
use crate::time::{BusinessCalendar, BusinessDayConvention, Tenor, TimeUnit};
use crate::{DateOp, Error, Quantity, Result};

use super::{DateGeneration, DateSchedule, MAX_SCHEDULE_DATES, check_increasing};

/// A builder for [`DateSchedule`], in the manner of QuantLib's
/// `MakeSchedule`. Create it with [`DateSchedule::builder`].
///
/// ```
/// use disburse::time::{BusinessDayConvention as C, DateGeneration, DateSchedule, Tenor, WeekendsOnly};
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// // A long first stub: a first date of 2026-06-15, then every six months.
/// let s = DateSchedule::builder(d(2026, 1, 15), d(2028, 6, 15), Tenor::months(6))
///     .calendar(&WeekendsOnly)
///     .convention(C::Following)
///     .rule(DateGeneration::Backward)
///     .first_date(d(2026, 12, 15))
///     .build()?;
/// assert_eq!(s.dates(), &[d(2026, 1, 15), d(2026, 12, 15), d(2027, 6, 15), d(2027, 12, 15), d(2028, 6, 15)]);
/// assert!(!s.is_regular(0));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy)]
pub struct DateScheduleBuilder<'c, C: ?Sized> {
    pub(super) effective: NaiveDate,
    pub(super) termination: NaiveDate,
    pub(super) tenor: Tenor,
    pub(super) calendar: &'c C,
    pub(super) convention: BusinessDayConvention,
    pub(super) termination_convention: Option<BusinessDayConvention>,
    pub(super) rule: DateGeneration,
    pub(super) end_of_month: bool,
    pub(super) first_date: Option<NaiveDate>,
    pub(super) next_to_last_date: Option<NaiveDate>,
}

impl<'c, C: BusinessCalendar + ?Sized> DateScheduleBuilder<'c, C> {
    /// The calendar that adjusts dates.
    pub fn calendar<'d, D: BusinessCalendar + ?Sized>(self, calendar: &'d D) -> DateScheduleBuilder<'d, D> {
        DateScheduleBuilder {
            effective: self.effective,
            termination: self.termination,
            tenor: self.tenor,
            calendar,
            convention: self.convention,
            termination_convention: self.termination_convention,
            rule: self.rule,
            end_of_month: self.end_of_month,
            first_date: self.first_date,
            next_to_last_date: self.next_to_last_date,
        }
    }

    /// The convention for every date but the termination date.
    pub fn convention(mut self, convention: BusinessDayConvention) -> Self {
        self.convention = convention;
        self
    }

    /// The convention for the termination date (default: the convention).
    pub fn termination_convention(mut self, convention: BusinessDayConvention) -> Self {
        self.termination_convention = Some(convention);
        self
    }

    /// The generation rule.
    pub fn rule(mut self, rule: DateGeneration) -> Self {
        self.rule = rule;
        self
    }

    /// Shorthand for `rule(DateGeneration::Forward)`.
    pub fn forwards(self) -> Self {
        self.rule(DateGeneration::Forward)
    }

    /// Shorthand for `rule(DateGeneration::Backward)`.
    pub fn backwards(self) -> Self {
        self.rule(DateGeneration::Backward)
    }

    /// The end-of-month rule (ignored for tenors shorter than a month).
    pub fn end_of_month(mut self, on: bool) -> Self {
        self.end_of_month = on;
        self
    }

    /// An explicit first date after the effective date (a custom first stub).
    pub fn first_date(mut self, date: NaiveDate) -> Self {
        self.first_date = Some(date);
        self
    }

    /// An explicit next-to-last date (a custom last stub).
    pub fn next_to_last_date(mut self, date: NaiveDate) -> Self {
        self.next_to_last_date = Some(date);
        self
    }

    /// Generates the schedule.
    ///
    /// # Errors
    /// - [`Error::TerminationNotAfterEffective`] unless effective < termination;
    /// - [`Error::StubOutOfRange`] when a first date is not in
    ///   (effective, termination] or a next-to-last date not in
    ///   [effective, termination) (QuantLib's ranges);
    /// - [`Error::StubWithZeroRule`] when either is given with the Zero rule
    ///   (one period, so no stub);
    /// - [`Error::UnorderedDates`] where QuantLib would return dates that do
    ///   not strictly increase (a first date after the next-to-last date, or
    ///   a date repeated by the end-of-month or termination adjustment);
    /// - [`Error::DateOutOfRange`] when a date leaves chrono's range or the
    ///   calendar has no business day near one;
    /// - [`Error::TooManyDates`] when the schedule would exceed
    ///   [`MAX_SCHEDULE_DATES`] dates, [`Error::DegenerateSchedule`] when
    ///   it collapses to a single date.
    pub fn build(&self) -> Result<DateSchedule> {
        // Allocated at their size at once (cheaper than growing empty
        // vectors); `build_into` then has room.
        let capacity = self.estimate_len();
        let mut dates = Vec::with_capacity(capacity);
        let mut regular = Vec::with_capacity(capacity);
        self.generate(&mut dates, &mut regular, capacity)?;
        Ok(DateSchedule { dates, regular })
    }

    /// Generates the schedule into the vectors of `old`, a schedule no
    /// longer needed: once they are large enough, building allocates
    /// nothing. For callers that build many schedules (sweeps, solvers,
    /// risk paths). The dates and flags are those of [`build`](Self::build).
    ///
    /// # Errors
    /// As [`build`](Self::build) (`old`'s storage is then dropped).
    ///
    /// ```
    /// use disburse::time::{BusinessDayConvention as C, DateSchedule, Tenor, WeekendsOnly};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let mut s = DateSchedule::builder(d(2026, 1, 31), d(2036, 1, 31), Tenor::months(1)).build()?;
    /// let storage = s.dates().as_ptr();
    /// for years in 1..=10 {
    ///     // Reuses the 121-date storage of the first schedule: no allocation.
    ///     s = DateSchedule::builder(d(2026, 1, 31), d(2026 + years, 1, 31), Tenor::months(1))
    ///         .calendar(&WeekendsOnly)
    ///         .convention(C::ModifiedFollowing)
    ///         .end_of_month(true)
    ///         .build_reusing(s)?;
    ///     assert_eq!(s.len(), 12 * years as usize + 1);
    /// }
    /// assert_eq!(s.dates()[1], d(2026, 2, 27));
    /// assert_eq!(s.dates().as_ptr(), storage); // the same storage throughout
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_reusing(&self, old: DateSchedule) -> Result<DateSchedule> {
        let DateSchedule { mut dates, mut regular } = old;
        self.build_into(&mut dates, &mut regular)?;
        Ok(DateSchedule { dates, regular })
    }

    /// Generates only the dates into `out` (cleared first), reusing its
    /// allocation: the fast path for callers that build many schedules.
    ///
    /// # Errors
    /// As [`build`](Self::build).
    ///
    /// ```
    /// use disburse::time::{DateSchedule, Tenor};
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let mut buf = Vec::new();
    /// DateSchedule::builder(d(2026, 1, 1), d(2026, 4, 1), Tenor::months(1)).build_dates_into(&mut buf)?;
    /// assert_eq!(buf.len(), 4);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build_dates_into(&self, out: &mut Vec<NaiveDate>) -> Result<()> {
        let mut regular = Vec::new();
        self.build_into(out, &mut regular)
    }

    /// QuantLib 1.44 takes a first date in (effective, termination] and a
    /// next-to-last date in [effective, termination), neither with Zero.
    fn check_stub(&self, which: &'static str, date: Option<NaiveDate>) -> Result<()> {
        let outside = |d: NaiveDate| {
            if which == "first date" {
                d <= self.effective || d > self.termination
            } else {
                d < self.effective || d >= self.termination
            }
        };
        match date {
            Some(d) if self.rule == DateGeneration::Zero => Err(Error::StubWithZeroRule { which, date: d }),
            Some(d) if outside(d) => Err(Error::StubOutOfRange {
                which,
                date: d,
                effective: self.effective,
                termination: self.termination,
            }),
            _ => Ok(()),
        }
    }

    fn estimate_len(&self) -> usize {
        let days = civil::days_between(self.effective, self.termination).max(0);
        let step = match self.tenor.unit() {
            TimeUnit::Days => 1,
            TimeUnit::Weeks => 7,
            TimeUnit::Months => 28,
            TimeUnit::Years => 365,
        } * i64::from(self.tenor.length().max(1));
        usize::try_from(days / step + 3)
            .unwrap_or(MAX_SCHEDULE_DATES)
            .min(MAX_SCHEDULE_DATES)
    }

    fn build_into(&self, dates: &mut Vec<NaiveDate>, regular: &mut Vec<bool>) -> Result<()> {
        self.generate(dates, regular, self.estimate_len())
    }

    /// [`build_into`](Self::build_into) with the capacity to reserve,
    /// [`estimate_len`](Self::estimate_len).
    #[inline(always)]
    fn generate(&self, dates: &mut Vec<NaiveDate>, regular: &mut Vec<bool>, capacity: usize) -> Result<()> {
        let (effective, termination) = (self.effective, self.termination);
        if effective >= termination {
            return Err(Error::TerminationNotAfterEffective { effective, termination });
        }
        let rule = if self.tenor.length() == 0 {
            DateGeneration::Zero
        } else {
            self.rule
        };
        // QuantLib ignores a first date equal to the effective date, and a
        // next-to-last date equal to the termination date.
        let first = self.first_date.filter(|d| *d != effective);
        let next_to_last = self.next_to_last_date.filter(|d| *d != termination);
        let builder = DateScheduleBuilder { rule, ..*self };
        builder.check_stub("first date", first)?;
        builder.check_stub("next-to-last date", next_to_last)?;

        let cal = self.calendar;
        let conv = self.convention;
        let term_conv = self.termination_convention.unwrap_or(conv);
        let kernel = cal.day_kernel();
        // A date adjusted by the kernel where it can (integer arithmetic),
        // else by the calendar: the same date (a kernel comes only from the
        // built-in calendars, whose `adjust` it reproduces).
        let adjust = |date: NaiveDate, convention: BusinessDayConvention| -> Result<NaiveDate> {
            match kernel.as_ref().and_then(|k| k.adjust(date, convention)) {
                Some(adjusted) => Ok(adjusted),
                None => cal.adjust(date, convention),
            }
        };
        let eom = self.end_of_month && self.tenor.is_monthly();
        let tenor = self.tenor;
        dates.clear();
        regular.clear();
        dates.reserve(capacity);
        regular.reserve(capacity);
        let too_many = || Error::TooManyDates {
            effective,
            termination,
            tenor,
            max: MAX_SCHEDULE_DATES,
        };
        let out_of_range = || {
            Error::date_out_of_range(DateOp::ScheduleDate {
                effective,
                termination,
                tenor,
            })
        };
        let degenerate = || Error::DegenerateSchedule {
            effective,
            termination,
            tenor,
        };

        // QuantLib generates unadjusted dates, then adjusts them in a second
        // pass. Here each interior date is stored already in its final form
        // — `adjust(d, convention)`, or `adjust(month_end(d), convention)`
        // under the end-of-month rule — in one pass; only the raw value of
        // the current far end is kept, since it is adjusted differently
        // (with the termination convention) if it stays the far end.
        let seed = match rule {
            DateGeneration::Zero => effective,
            DateGeneration::Forward => first.unwrap_or(effective),
            DateGeneration::Backward => next_to_last.unwrap_or(termination),
        };
        // QuantLib's `isEndOfMonth`: with a kernel (a built-in calendar, which
        // keeps the provided `BusinessCalendar::is_end_of_month`), that
        // method's test with the kernel's adjustment — the next business
        // day after the seed is in another month; else the calendar's own.
        let to_month_end = eom
            && match kernel {
                Some(_) => {
                    match civil::add_days(seed, 1).and_then(|next| adjust(next, BusinessDayConvention::Following)) {
                        Ok(next) => next.month() != seed.month(),
                        Err(_) => true,
                    }
                }
                None => cal.is_end_of_month(seed),
            };
        // Generated dates are already month ends when the seed is one.
        let to_month_end_generated = to_month_end && !civil::is_month_end(seed);
        let interior = |raw: NaiveDate, adjusted: NaiveDate| -> Result<NaiveDate> {
            if to_month_end && !civil::is_month_end(raw) {
                adjust(civil::month_end(raw), conv)
            } else {
                Ok(adjusted)
            }
        };

        // `dates[..verified]` strictly increase by construction (the
        // first run of the dedicated loop from the effective date), so the
        // final check starts at its end.
        let mut verified = 0usize;
        match rule {
            DateGeneration::Zero => {
                dates.extend([adjust(effective, conv)?, adjust(termination, term_conv)?]);
                regular.push(true);
            }
            DateGeneration::Forward => {
                dates.push(effective);
                let mut seed = effective;
                let mut last_raw = effective;
                let effective_adjusted = adjust(effective, conv)?;
                let mut last_adjusted = effective_adjusted;
                if let Some(f) = first {
                    regular.push(tenor.advance(seed, 1, eom && civil::is_month_end(seed))? == f);
                    last_adjusted = adjust(f, conv)?;
                    dates.push(interior(f, last_adjusted)?);
                    last_raw = f;
                    seed = f;
                }
                let mut stepper = Stepper::new(seed, tenor, eom && civil::is_month_end(seed));
                let exit = next_to_last.unwrap_or(termination);
                let mut periods = 1i64;
                // `dates[0]` becomes `adjust(effective)`, the first
                // `last_adjusted`: without a first date, the dates pushed
                // after the last one verified, each after the one before,
                // extend the verified run.
                if first.is_none() {
                    verified = 1;
                }
                loop {
                    // Runs of monthly or daily dates the kernel settles go
                    // in one tight loop; it stops at the first date past
                    // `exit` or one it cannot settle, which the general
                    // step below handles.
                    if let (Some(kernel), false) = (kernel.as_ref(), to_month_end_generated) {
                        let base = dates.len();
                        let run = match &mut stepper {
                            Stepper::Months(m) => {
                                m.run_forward(kernel, conv, exit, dates, &mut last_adjusted, &mut last_raw)
                            }
                            &mut Stepper::Days { seed, step } => run_days(
                                (seed, step, periods),
                                kernel,
                                conv,
                                exit,
                                dates,
                                &mut last_adjusted,
                                &mut last_raw,
                            ),
                        };
                        regular.resize(regular.len() + run.pushed, true);
                        // It pushed only dates after the one before, the
                        // first after `dates[base - 1]` (`last_adjusted`).
                        if verified == base {
                            verified = dates.len();
                        }
                        if let Some(next) = run.next {
                            periods = next;
                        }
                    }
                    let (temp, fast) = stepper
                        .at_adjusted(periods, kernel.as_ref(), conv)
                        .ok_or_else(out_of_range)?;
                    if temp > exit {
                        if let Some(n) = next_to_last {
                            let adjusted = adjust(n, conv)?;
                            if last_adjusted != adjusted {
                                dates.push(interior(n, adjusted)?);
                                // Regular if exactly one tenor after its neighbour.
                                regular.push(tenor.advance(last_raw, 1, eom && civil::is_month_end(last_raw))? == n);
                                last_raw = n;
                            }
                        }
                        break;
                    }
                    let adjusted = match fast {
                        Some(a) => a,
                        None => adjust(temp, conv)?,
                    };
                    if adjusted != last_adjusted {
                        if dates.len() >= MAX_SCHEDULE_DATES {
                            return Err(too_many());
                        }
                        if verified == dates.len() && !to_month_end_generated && adjusted > last_adjusted {
                            verified += 1;
                        }
                        dates.push(if to_month_end_generated {
                            interior(temp, adjusted)?
                        } else {
                            adjusted
                        });
                        regular.push(true);
                        last_adjusted = adjusted;
                        last_raw = temp;
                    }
                    periods += 1;
                }
                // The last date adjusted with the termination convention,
                // each adjustment made once.
                let mut last = adjust(last_raw, term_conv)?;
                let termination_adjusted = adjust(termination, term_conv)?;
                if last != termination_adjusted {
                    dates.push(termination);
                    regular.push(false);
                    last = termination_adjusted;
                }
                if dates.len() < 2 {
                    return Err(degenerate());
                }
                dates[0] = effective_adjusted;
                let n = dates.len();
                dates[n - 1] = last;
                verified = verified.min(n - 1);
            }
            DateGeneration::Backward => {
                // Built back to front, then reversed once.
                dates.push(termination);
                let mut seed = termination;
                let mut first_raw = termination;
                let mut last_adjusted = adjust(termination, conv)?;
                if let Some(n) = next_to_last {
                    regular.push(tenor.advance(seed, -1, eom && civil::is_month_end(seed))? == n);
                    last_adjusted = adjust(n, conv)?;
                    dates.push(interior(n, last_adjusted)?);
                    first_raw = n;
                    seed = n;
                }
                let mut stepper = Stepper::new(seed, tenor, eom && civil::is_month_end(seed));
                let exit = first.unwrap_or(effective);
                let mut periods = 1i64;
                loop {
                    let (temp, fast) = stepper
                        .at_adjusted(-periods, kernel.as_ref(), conv)
                        .ok_or_else(out_of_range)?;
                    if temp < exit {
                        if let Some(f) = first {
                            let adjusted = adjust(f, conv)?;
                            if last_adjusted != adjusted {
                                dates.push(interior(f, adjusted)?);
                                // Regular if exactly one tenor before its neighbour.
                                regular.push(tenor.advance(first_raw, -1, eom && civil::is_month_end(first_raw))? == f);
                                first_raw = f;
                            }
                        }
                        break;
                    }
                    let adjusted = match fast {
                        Some(a) => a,
                        None => adjust(temp, conv)?,
                    };
                    if adjusted != last_adjusted {
                        if dates.len() >= MAX_SCHEDULE_DATES {
                            return Err(too_many());
                        }
                        dates.push(if to_month_end_generated {
                            interior(temp, adjusted)?
                        } else {
                            adjusted
                        });
                        regular.push(true);
                        last_adjusted = adjusted;
                        first_raw = temp;
                    }
                    periods += 1;
                }
                if adjust(first_raw, conv)? != adjust(effective, conv)? {
                    dates.push(effective);
                    regular.push(tenor.advance(first_raw, -1, eom && civil::is_month_end(first_raw))? == effective);
                    first_raw = effective;
                }
                if dates.len() < 2 {
                    return Err(degenerate());
                }
                dates.reverse();
                regular.reverse();
                dates[0] = adjust(first_raw, conv)?;
                let n = dates.len();
                dates[n - 1] = adjust(termination, term_conv)?;
            }
        }

        // Safety checks: merge a penultimate date on or after the last, and
        // a second date on or before the first.
        let n = dates.len();
        if n >= 2 && dates[n - 2] >= dates[n - 1] {
            verified = verified.min(n - 2);
            if regular.len() >= 2 {
                let r = regular.len();
                regular[r - 2] = dates[n - 2] == dates[n - 1];
            }
            dates[n - 2] = dates[n - 1];
            dates.pop();
            regular.pop();
        }
        if dates.len() >= 2 && dates[1] <= dates[0] {
            if regular.len() >= 2 {
                regular[1] = dates[1] == dates[0];
            }
            verified = 0;
            dates[1] = dates[0];
            dates.remove(0);
            regular.remove(0);
        }
        if dates.len() < 2 {
            return Err(degenerate());
        }
        // QuantLib can return dates out of order (a first date after the
        // next-to-last date) or repeated (a date moved onto its neighbour by
        // the end-of-month or termination adjustment, which the single merge
        // above misses); a schedule here strictly increases, so that is an
        // error.
        check_increasing(
            Quantity::Schedule,
            dates.get(verified.saturating_sub(1)..).unwrap_or(dates),
        )
    }
}

/// The daily (or weekly) dates `seed + k·step` days for k from `from` on,
/// not past `exit`, adjusted by `kernel` and `convention` as the general
/// loop of `generate` does (`DayKernel::adjust`: a business day stays, a
/// closed one moves by [`DayKernel::shift`]), pushed to `dates` when after
/// the last pushed date (`last_adjusted`, its first raw date in
/// `last_raw`), merged when on it. The date is decoded once; the loop then
/// moves its ordinal, day of month and weekday by the step, so a business
/// day costs a few integer operations and a bit test. It stops, leaving
/// the date to the general step, at one the kernel cannot settle (an
/// answer in another month or year), one before the last pushed, a step
/// above a year, or at [`MAX_SCHEDULE_DATES`]; `next` is the `k` of the
/// first date not served.
#[inline(never)]
fn run_days(
    (seed, step, from): (i64, i64, i64),
    kernel: &DayKernel<'_>,
    convention: BusinessDayConvention,
    exit: NaiveDate,
    dates: &mut Vec<NaiveDate>,
    last_adjusted: &mut NaiveDate,
    last_raw: &mut NaiveDate,
) -> Run {
    let none = Run { pushed: 0, next: None };
    if !(1..=366).contains(&step) {
        return none;
    }
    let Some(days) = step.checked_mul(from).and_then(|d| d.checked_add(seed)) else {
        return none;
    };
    let Some(date) = i32::try_from(days).ok().and_then(NaiveDate::from_num_days_from_ce_opt) else {
        return none;
    };
    // Raw dates not past `exit`.
    let count = (i64::from(exit.num_days_from_ce()) - days).div_euclid(step) + 1;
    let room = MAX_SCHEDULE_DATES.saturating_sub(dates.len());
    let Ok(count) = usize::try_from(count) else {
        return none;
    };
    let step = step as u32; // 1..=366
    let (mut year, mut ordinal, mut month0, mut day) = (date.year(), date.ordinal(), date.month0(), date.day());
    let mut weekday = date.weekday().num_days_from_monday();
    let Some(mut jan1) = date.with_ordinal(1) else {
        return none;
    };
    let mut leap = jan1.leap_year();
    let mut year_len = 365 + u32::from(leap);
    let mut dim = DAYS_IN_MONTH[month0 as usize % 12] + u32::from(leap && month0 == 1);
    let base = dates.len();
    dates.resize(base + count.min(room), NaiveDate::MIN);
    let slots = dates.get_mut(base..).unwrap_or(&mut []);
    let (mut written, mut k, mut last_k) = (0usize, from, None);
    let mut last = *last_adjusted;
    let unadjusted = convention == BusinessDayConvention::Unadjusted;
    let safe_years = -200_000..200_000;
    'run: for _ in 0..count {
        let adjusted_ordinal = if unadjusted || kernel.is_business(year, ordinal, weekday) {
            ordinal
        } else {
            match kernel.shift(convention, year, ordinal, day, dim, year_len, weekday) {
                // Within the year.
                Some(j) => ordinal.wrapping_add_signed(j),
                None => break,
            }
        };
        let Some(adjusted) = jan1.with_ordinal(adjusted_ordinal) else {
            break;
        };
        if adjusted > last {
            let Some(slot) = slots.get_mut(written) else {
                break 'run;
            };
            *slot = adjusted;
            written += 1;
            last = adjusted;
            last_k = Some(k);
        } else if adjusted < last {
            break;
        }
        k += 1;
        // The next raw date.
        (ordinal, day, weekday) = (ordinal + step, day + step, (weekday + step) % 7);
        while day > dim {
            day -= dim;
            month0 += 1;
            if month0 == 12 {
                month0 = 0;
                ordinal -= year_len;
                year += 1;
                let next = if safe_years.contains(&year) {
                    NaiveDate::from_yo_opt(year, 1)
                } else {
                    None
                };
                let Some(next) = next else {
                    // Past chrono's range: the general step says so.
                    break 'run;
                };
                jan1 = next;
                leap = jan1.leap_year();
                year_len = 365 + u32::from(leap);
            }
            dim = DAYS_IN_MONTH[month0 as usize] + u32::from(leap && month0 == 1);
        }
    }
    dates.truncate(base + written);
    if let Some(last_k) = last_k {
        *last_adjusted = last;
        // The raw date of the last pushed (the first of those merged into it).
        if let Some(raw) = i64::from(step)
            .checked_mul(last_k)
            .and_then(|d| d.checked_add(seed))
            .and_then(|d| i32::try_from(d).ok())
            .and_then(NaiveDate::from_num_days_from_ce_opt)
        {
            *last_raw = raw;
        }
    }
    Run {
        pushed: written,
        next: Some(k),
    }
}

/// Days in a common year before the first of each month.
static DAYS_BEFORE_MONTH: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/// Unadjusted dates `seed + k·tenor` on the null calendar, with the seed's
/// fields decoded once. Each date is `seed + k·tenor` with the seed's day
/// clamped to the target month (or the month end): the month index
/// `seed_month + k·step` is exact integer arithmetic, updated in O(1) when
/// `k` advances by one, and the current year's first day and its weekday
/// are cached, so a date's weekday and its business-day adjustment on a
/// calendar with a [`DayKernel`] are integer arithmetic too.
pub(crate) enum Stepper {
    Days { seed: i64, step: i64 },
    Months(MonthStepper),
}

pub(crate) struct MonthStepper {
    /// Month index (year·12 + month0) of the seed.
    seed_index: i64,
    /// Day of month of the seed, clamped to each month's length: 31 when
    /// the dates go to month ends.
    day: u32,
    /// Months per tenor (negative steps are handled by `k`), and as whole
    /// years (saturated: a step of more than `i32::MAX` years leaves the
    /// range anyway, which the checked year arithmetic reports) and months.
    step: i64,
    step_years: i32,
    step_months: u32,
    /// The last `k` served and its year and zero-based month.
    k: i64,
    year: i32,
    month0: u32,
    /// First day of `year`, its weekday (Monday = 0), and whether `year`
    /// is a leap year.
    jan1: NaiveDate,
    jan1_weekday: u32,
    leap: bool,
}

/// A date's fields as the month stepper computes them.
struct Fields {
    ordinal: u32,
    day: u32,
    dim: u32,
}

impl Stepper {
    #[inline(always)]
    pub(crate) fn new(seed: NaiveDate, tenor: Tenor, to_month_end: bool) -> Self {
        let n = i64::from(tenor.length());
        match tenor.unit() {
            TimeUnit::Days => Stepper::Days {
                seed: i64::from(seed.num_days_from_ce()),
                step: n,
            },
            TimeUnit::Weeks => Stepper::Days {
                seed: i64::from(seed.num_days_from_ce()),
                step: 7 * n,
            },
            TimeUnit::Months | TimeUnit::Years => {
                let jan1 = seed.with_ordinal(1).unwrap_or(seed);
                let step = if tenor.unit() == TimeUnit::Years { 12 * n } else { n };
                Stepper::Months(MonthStepper {
                    seed_index: i64::from(seed.year()) * 12 + i64::from(seed.month0()),
                    day: if to_month_end { 31 } else { seed.day() },
                    step,
                    step_years: i32::try_from(step / 12).unwrap_or(i32::MAX),
                    // In 0..12: the step is not negative.
                    step_months: (step % 12) as u32,
                    k: 0,
                    year: seed.year(),
                    month0: seed.month0(),
                    jan1,
                    jan1_weekday: jan1.weekday().num_days_from_monday(),
                    leap: jan1.leap_year(),
                })
            }
        }
    }

    /// The date `k` tenors from the seed; `None` outside chrono's range.
    #[inline(always)]
    pub(crate) fn at(&mut self, k: i64) -> Option<NaiveDate> {
        match self {
            Stepper::Days { seed, step } => {
                let days = step.checked_mul(k)?.checked_add(*seed)?;
                NaiveDate::from_num_days_from_ce_opt(i32::try_from(days).ok()?)
            }
            Stepper::Months(m) => {
                let f = m.fields(k)?;
                m.jan1.with_ordinal(f.ordinal)
            }
        }
    }

    /// The date `k` tenors from the seed and, when `kernel` settles it
    /// without leaving the month (modified conventions) or the year, that
    /// date adjusted by `convention`: `Some((raw, None))` asks the caller
    /// to adjust `raw` with the calendar. `None` outside chrono's range.
    #[inline(always)]
    pub(crate) fn at_adjusted(
        &mut self,
        k: i64,
        kernel: Option<&DayKernel<'_>>,
        convention: BusinessDayConvention,
    ) -> Option<(NaiveDate, Option<NaiveDate>)> {
        let (Stepper::Months(m), Some(kernel)) = (&mut *self, kernel) else {
            return Some((self.at(k)?, None));
        };
        let f = m.fields(k)?;
        let raw = m.jan1.with_ordinal(f.ordinal)?;
        if kernel.is_everyday() {
            return Some((raw, Some(raw)));
        }
        let weekday = (m.jan1_weekday + f.ordinal - 1) % 7;
        let year_len = 365 + u32::from(m.leap);
        let adjusted = match kernel.shift(convention, m.year, f.ordinal, f.day, f.dim, year_len, weekday) {
            Some(0) => Some(raw),
            // Within the year: the ordinal stays in 1..=year_len.
            Some(j) => m.jan1.with_ordinal(f.ordinal.wrapping_add_signed(j)),
            None => None,
        };
        Some((raw, adjusted))
    }
}

/// What [`MonthStepper::run_forward`] did.
pub(crate) struct Run {
    /// Dates pushed (each a regular period, each after the one before it,
    /// the first after `last_adjusted` as it was on entry).
    pub(crate) pushed: usize,
    /// The `k` of the date after the last one served, for the general
    /// step; `None` when it did not start.
    pub(crate) next: Option<i64>,
}

impl MonthStepper {
    /// From the last `k` served on, the dates `seed + k·tenor` adjusted by
    /// `kernel` and `convention` whose unadjusted date is not past `exit`,
    /// pushed to `dates` after the last pushed date (`last_adjusted`, with
    /// its raw date in `last_raw`), as the general loop of `build_into`
    /// does: the loop of [`fill`](Self::fill) into a slice sized for them
    /// (counted once from the months to `exit`). It stops early, leaving
    /// the date to the general step, at one the kernel cannot settle, one
    /// that does not come after the last pushed (merged or out of order),
    /// or at [`MAX_SCHEDULE_DATES`].
    #[inline]
    pub(crate) fn run_forward(
        &mut self,
        kernel: &DayKernel<'_>,
        convention: BusinessDayConvention,
        exit: NaiveDate,
        dates: &mut Vec<NaiveDate>,
        last_adjusted: &mut NaiveDate,
        last_raw: &mut NaiveDate,
    ) -> Run {
        if self.k == i64::MIN {
            return Run { pushed: 0, next: None };
        }
        let start = self.k;
        let room = MAX_SCHEDULE_DATES.saturating_sub(dates.len());
        let base = dates.len();
        dates.resize(base + self.periods_until(exit).min(room), NaiveDate::MIN);
        let pushed = self.fill(
            kernel,
            convention,
            *last_adjusted,
            dates.get_mut(base..).unwrap_or(&mut []),
        );
        dates.truncate(base + pushed);
        if let (true, Some(&last)) = (pushed > 0, dates.last()) {
            *last_adjusted = last;
            // The unadjusted date from the stepper, on it or (when it lost
            // its position) recomputed from the seed.
            // `pushed` ≤ MAX_SCHEDULE_DATES: the conversion is exact.
            let k = start.saturating_add(pushed as i64);
            if let Some(raw) = self.fields(k).and_then(|f| self.jan1.with_ordinal(f.ordinal)) {
                *last_raw = raw;
            }
        }
        Run {
            pushed,
            // `pushed` ≤ MAX_SCHEDULE_DATES: the conversion is exact.
            next: Some(start.saturating_add(pushed as i64).saturating_add(1)),
        }
    }

    /// How many dates after the last `k` served are not past `exit`
    /// (unadjusted): the periods whose month is before `exit`'s, plus the
    /// one in `exit`'s month when its day (the seed's, clamped) is not
    /// after `exit`'s.
    #[inline(always)]
    fn periods_until(&self, exit: NaiveDate) -> usize {
        let at = i64::from(self.year) * 12 + i64::from(self.month0);
        let to = i64::from(exit.year()) * 12 + i64::from(exit.month0());
        if self.step <= 0 || to <= at {
            return 0;
        }
        let mut n = (to - at) / self.step;
        if (to - at) % self.step == 0 {
            let dim = civil::days_in_month(exit.year(), exit.month());
            if self.day.min(dim) > exit.day() {
                n -= 1;
            }
        }
        usize::try_from(n).unwrap_or(usize::MAX)
    }

    /// The last `k` served (`i64::MIN`: no position).
    #[inline(always)]
    pub(crate) fn last_k(&self) -> i64 {
        self.k
    }

    /// The month loop of the schedule builder ([`run_forward`](Self::run_forward))
    /// and of counted installments, with any step of months or years: from
    /// the last `k` served on, writes into `out` the dates `seed + k·tenor`
    /// adjusted by `kernel` and `convention`, in order, each after the one
    /// before it and the first after `last`, and returns how many with the
    /// shift (in days, within its year) of the last one written: all of
    /// `out`, or fewer when it stopped before a date the kernel cannot
    /// settle (its adjustment leaves the month under a modified convention,
    /// or the year), one outside the kernel's years, or one that does not
    /// come after the date before it (two payments merged, or out of
    /// order), which the caller's general step handles. The stepper stays
    /// on the last date written, or (when it had moved its cached year past
    /// it) recomputes from the seed. Writes nothing when the stepper has no
    /// position to run from.
    #[inline]
    pub(crate) fn fill(
        &mut self,
        kernel: &DayKernel<'_>,
        convention: BusinessDayConvention,
        last: NaiveDate,
        out: &mut [NaiveDate],
    ) -> usize {
        if self.k == i64::MIN {
            return 0;
        }
        // One loop for each case, so that each keeps its state in
        // registers: holidays or not, weekend days or not, steps of whole
        // years or within a year.
        match (kernel.has_holidays(), kernel.has_weekend(), self.step_years != 0) {
            (true, _, false) => self.fill_with::<true, true, false>(kernel, convention, last, out),
            (true, _, true) => self.fill_with::<true, true, true>(kernel, convention, last, out),
            (false, true, false) => self.fill_with::<false, true, false>(kernel, convention, last, out),
            (false, true, true) => self.fill_with::<false, true, true>(kernel, convention, last, out),
            (false, false, false) => self.fill_with::<false, false, false>(kernel, convention, last, out),
            (false, false, true) => self.fill_with::<false, false, true>(kernel, convention, last, out),
        }
    }

    /// [`fill`](Self::fill) with everything the loop touches in locals:
    /// each date is one lookup in the year's row of [`MONTHS`] (the days of
    /// the year before the month, its length, the weekday of its first
    /// day) and, with weekend days (`WEEKENDS`), one in the weekend's
    /// [`MonthDays`] for the seed day and convention (the adjusted day of
    /// month for that shape of month), so a date costs a few integer
    /// operations whatever its weekday. With holidays (`HOLIDAYS`) the
    /// weekend's answer stands unless it is a holiday (one bit of the
    /// year's bitmap, [`DayKernel::year_holidays`]): a holiday on a weekend
    /// day changes nothing, and a holiday on a weekday is its own answer
    /// under the weekend alone; only then does [`DayKernel::shift`] scan.
    /// An adjusted ordinal outside the year is no valid `NaiveDate`
    /// ordinal: that date goes to the general step. `YEARS`: the step has
    /// whole years (else it is below a year).
    #[inline(never)]
    fn fill_with<const HOLIDAYS: bool, const WEEKENDS: bool, const YEARS: bool>(
        &mut self,
        kernel: &DayKernel<'_>,
        convention: BusinessDayConvention,
        mut last: NaiveDate,
        out: &mut [NaiveDate],
    ) -> usize {
        // A month end is the seed's day clamped from 31.
        let (step_years, step, seed_day) = (self.step_years, self.step_months, self.day);
        let days: MonthDays = if WEEKENDS {
            kernel.month_days(convention, seed_day)
        } else {
            [0; 32]
        };
        let (mut month0, mut year) = (self.month0, self.year);
        let (mut jan1, mut jan1_weekday, mut leap) = (self.jan1, self.jan1_weekday, usize::from(self.leap));
        let mut row = &MONTHS[year_type(leap, jan1_weekday)];
        let mut holidays = if HOLIDAYS { kernel.year_holidays(year) } else { [0; 8] };
        // Outside these years the general step takes over (see `DayKernel`).
        let safe_years = -200_000..200_000;
        let mut written = 0usize;
        // Whether the loop stopped with the cached year moved to that of a
        // date not written. The outer loop moves to the year of the next
        // date, the inner one serves that year's dates.
        let moved = 'run: loop {
            if written >= out.len() {
                break false;
            }
            let mut m = month0 + step;
            let mut next_year = year;
            if YEARS {
                next_year = match next_year.checked_add(step_years) {
                    Some(y) => y,
                    None => break false,
                };
            }
            if m >= 12 {
                m -= 12;
                // Past `i32::MAX` it wraps out of the safe years: stops.
                next_year = next_year.wrapping_add(1);
            }
            // Whether the cached year moves, and the dates written before
            // this year's (read only when the loop stops).
            let (moves, before_year) = (next_year != year, written);
            if moves {
                if !safe_years.contains(&next_year) {
                    break false;
                }
                year = next_year;
                let Some((j, w, l)) = year_start(year) else {
                    break true;
                };
                (jan1, jan1_weekday, leap) = (j, w, l);
                // `leap` is 0 or 1, the weekday below 7.
                row = &MONTHS[leap * 7 + jan1_weekday as usize];
                if HOLIDAYS {
                    holidays = kernel.year_holidays(year);
                }
            }
            // This year's dates: months `m`, `m + step`, … below 12 (one
            // with whole-year steps), as many as `out` has room for.
            let in_year = if YEARS {
                1
            } else {
                usize::from(DATES_IN_YEAR[step as usize & 15][m as usize & 15])
            };
            let end = written + in_year.min(out.len() - written);
            // The date of month `m` of this year, adjusted; `None` where
            // the general step must take it.
            let date_in = |m: u32| -> Option<NaiveDate> {
                let month = row[(m & 15) as usize];
                let before = month & 511;
                let day = if WEEKENDS {
                    i32::from(days[(month >> 17) as usize & 31])
                } else {
                    // Below 32.
                    seed_day.min((month >> 9) & 31) as i32
                };
                let mut ordinal = before.wrapping_add_signed(day);
                // Ordinals are below 384 (or wrapped, and then invalid), so
                // a masked word index is below 8.
                if HOLIDAYS && (holidays[(ordinal >> 6) as usize & 7] >> (ordinal & 63)) & 1 != 0 {
                    let dim = (month >> 9) & 31;
                    let day = seed_day.min(dim);
                    let raw = before + day;
                    // The weekday: `first + day - 1` (below 64) modulo 7.
                    let weekday = MOD7[(((month >> 14) & 7) + day + 6) as usize & 63];
                    let shift = kernel.shift(convention, year, raw, day, dim, 365 + leap as u32, weekday)?;
                    ordinal = raw.wrapping_add_signed(shift);
                }
                jan1.with_ordinal(ordinal)
            };
            let mut stopped = false;
            if YEARS {
                // One date a year.
                match (out.get_mut(written), date_in(m)) {
                    (Some(slot), Some(adjusted)) if adjusted > last => {
                        *slot = adjusted;
                        last = adjusted;
                        written += 1;
                        m += step;
                    }
                    _ => stopped = true,
                }
            } else {
                for slot in out.get_mut(written..end).unwrap_or(&mut []) {
                    match date_in(m) {
                        Some(adjusted) if adjusted > last => {
                            *slot = adjusted;
                            last = adjusted;
                            written += 1;
                            m += step;
                        }
                        _ => {
                            stopped = true;
                            break;
                        }
                    }
                }
            }
            if written > before_year {
                // The month of the last date written.
                month0 = m - step;
            }
            if stopped || written < end {
                break 'run moves && written == before_year;
            }
        };
        if moved {
            self.k = i64::MIN;
        } else {
            // `written` ≤ `out.len()`: the conversion is exact.
            self.k = self.k.saturating_add(written as i64);
            (self.month0, self.year) = (month0, year);
            (self.jan1, self.jan1_weekday, self.leap) = (jan1, jan1_weekday, leap != 0);
        }
        written
    }

    #[inline(always)]
    fn fields(&mut self, k: i64) -> Option<Fields> {
        // One step either way: whole years, then months carried into the
        // year.
        let (years, months) = (self.step_years, self.step_months);
        let (year, month0) = if Some(k) == self.k.checked_add(1) {
            let m = self.month0 + months;
            if m >= 12 {
                (self.year.checked_add(years)?.checked_add(1)?, m - 12)
            } else {
                (self.year.checked_add(years)?, m)
            }
        } else if Some(k) == self.k.checked_sub(1) {
            if self.month0 < months {
                (self.year.checked_sub(years)?.checked_sub(1)?, self.month0 + 12 - months)
            } else {
                (self.year.checked_sub(years)?, self.month0 - months)
            }
        } else {
            let target = self.step.checked_mul(k)?.checked_add(self.seed_index)?;
            // rem_euclid(12) is in 0..12.
            (i32::try_from(target.div_euclid(12)).ok()?, target.rem_euclid(12) as u32)
        };
        if year != self.year {
            self.set_year(year)?;
        }
        self.k = k;
        self.month0 = month0;
        let m = month0 as usize;
        let dim = DAYS_IN_MONTH[m] + u32::from(self.leap && m == 1);
        let day = self.day.min(dim);
        let ordinal = DAYS_BEFORE_MONTH[m] + u32::from(self.leap && m >= 2) + day;
        Some(Fields { ordinal, day, dim })
    }

    #[inline]
    fn set_year(&mut self, year: i32) -> Option<()> {
        self.jan1 = NaiveDate::from_yo_opt(year, 1)?;
        self.jan1_weekday = self.jan1.weekday().num_days_from_monday();
        self.leap = civil::is_leap_year(year);
        self.year = year;
        Some(())
    }
}

/// `i mod 7` for every `i` below 366.
static MOD7: [u32; 366] = {
    let mut t = [0u32; 366];
    let mut i = 0;
    while i < 366 {
        t[i] = (i % 7) as u32;
        i += 1;
    }
    t
};

/// The first year of [`YEAR_STARTS`].
const YEAR_STARTS_FROM: i32 = 1900;

/// For each year from [`YEAR_STARTS_FROM`] on (512 years), its first day
/// and its row of [`MONTHS`] (`leap · 7 + weekday of its first day`),
/// built at compile time: a month loop moving to the next year looks them
/// up instead of computing them.
static YEAR_STARTS: [(NaiveDate, u8); 512] = {
    let mut t = [(NaiveDate::MIN, 0u8); 512];
    let mut i = 0;
    while i < 512 {
        let year = YEAR_STARTS_FROM + i as i32;
        let jan1 = match NaiveDate::from_yo_opt(year, 1) {
            Some(d) => d,
            None => NaiveDate::MIN,
        };
        // Gauss: the weekday of 1 January (Sunday 0), made Monday 0.
        let y = year - 1;
        let sunday0 = (1 + 5 * (y % 4) + 4 * (y % 100) + 6 * (y % 400)) % 7;
        let weekday = (sunday0 + 6) % 7;
        t[i] = (jan1, (civil::is_leap_year(year) as i32 * 7 + weekday) as u8);
        i += 1;
    }
    t
};

/// The first day of `year`, its weekday (Monday 0) and whether it is a
/// leap year (0 or 1): from [`YEAR_STARTS`] inside its years, else from
/// chrono; `None` outside chrono's range.
#[inline(always)]
fn year_start(year: i32) -> Option<(NaiveDate, u32, usize)> {
    if let Some(&(jan1, row)) = YEAR_STARTS.get(year.wrapping_sub(YEAR_STARTS_FROM) as u32 as usize) {
        let leap = usize::from(row >= 7);
        return Some((jan1, u32::from(row) - 7 * leap as u32, leap));
    }
    let jan1 = NaiveDate::from_yo_opt(year, 1)?;
    Some((
        jan1,
        jan1.weekday().num_days_from_monday(),
        usize::from(jan1.leap_year()),
    ))
}

/// For a step of `s` months (1 to 11) and a first month `m` (0 to 11),
/// the dates in the year: `m`, `m + s`, … below 12 (one for the unused
/// step 0; zero past month 11).
static DATES_IN_YEAR: [[u8; 16]; 16] = {
    let mut t = [[0u8; 16]; 16];
    let mut m = 0;
    while m < 12 {
        t[0][m] = 1;
        let mut s = 1;
        while s < 16 {
            t[s][m] = ((11 - m) / s + 1) as u8;
            s += 1;
        }
        m += 1;
    }
    t
};

/// Days in each month, of a common year (row 0) and a leap year (row 1),
/// padded to 16 months.
static DIM: [[u32; 16]; 2] = [
    [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0, 0],
    [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31, 0, 0, 0, 0],
];

/// Days of the year before each month, common and leap, padded as [`DIM`].
static BEFORE: [[u32; 16]; 2] = [
    [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 0, 0, 0, 0],
    [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 0, 0, 0, 0],
];

/// For each type of year (a common or leap year starting on each weekday:
/// [`year_type`]), each month packed in one word: the days of the year
/// before it (bits 0–8), its length (bits 9–13) and the weekday of its
/// first day (Monday 0, bits 14–16), and the index of its shape in a
/// [`MonthDays`] table (`(length & 3) | first weekday << 2`, bits 17–21);
/// padded to 16 months with zeros, so a month index masked to 4 bits needs
/// no check.
static MONTHS: [[u32; 16]; 14] = {
    let mut t = [[0u32; 16]; 14];
    let mut y = 0;
    while y < 14 {
        let (leap, jan1_weekday) = (y / 7, (y % 7) as u32);
        let mut m = 0;
        while m < 12 {
            let before = BEFORE[leap][m];
            let first = (jan1_weekday + before) % 7;
            let shape = (DIM[leap][m] & 3) | (first << 2);
            t[y][m] = before | (DIM[leap][m] << 9) | (first << 14) | (shape << 17);
            m += 1;
        }
        y += 1;
    }
    t
};

/// The row of [`MONTHS`] for a year that is `leap` (0 or 1) and starts on
/// `jan1_weekday` (Monday 0).
#[inline(always)]
fn year_type(leap: usize, jan1_weekday: u32) -> usize {
    (leap & 1) * 7 + jan1_weekday as usize % 7
}

/// Days in each month of a common year.
static DAYS_IN_MONTH: [u32; 12] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::time::{BusinessDayConvention as C, HolidayCalendar, WeekendsOnly};
    use crate::time::{DateGeneration, DateSchedule, Tenor};

    #[test]
    fn year_starts_are_chronos() {
        for year in YEAR_STARTS_FROM - 3..YEAR_STARTS_FROM + 515 {
            let jan1 = NaiveDate::from_yo_opt(year, 1).unwrap();
            let want = (
                jan1,
                jan1.weekday().num_days_from_monday(),
                usize::from(jan1.leap_year()),
            );
            assert_eq!(year_start(year), Some(want), "{year}");
        }
        assert_eq!(year_start(i32::MAX), None);
    }

    #[test]
    fn forward_short_final_stub() {
        let s = DateSchedule::builder(d(2026, 1, 15), d(2027, 3, 1), Tenor::months(6))
            .build()
            .unwrap();
        assert_eq!(
            s.dates(),
            &[d(2026, 1, 15), d(2026, 7, 15), d(2027, 1, 15), d(2027, 3, 1)]
        );
        assert_eq!(s.regular, vec![true, true, false]);
    }

    #[test]
    fn backward_short_initial_stub() {
        let s = DateSchedule::builder(d(2026, 1, 1), d(2027, 3, 15), Tenor::months(6))
            .backwards()
            .build()
            .unwrap();
        assert_eq!(
            s.dates(),
            &[d(2026, 1, 1), d(2026, 3, 15), d(2026, 9, 15), d(2027, 3, 15)]
        );
        assert_eq!(s.regular, vec![false, true, true]);
    }

    #[test]
    fn regularity_flags_follow_quantlib() {
        let s = DateSchedule::builder(d(2026, 1, 1), d(2028, 1, 1), Tenor::years(1))
            .build()
            .unwrap();
        // The termination date falls on a generated date: no stub, all regular.
        assert_eq!(s.regular, vec![true, true]);
        // A termination that adjusts differently is added as an irregular stub.
        let s = DateSchedule::builder(d(2026, 1, 1), d(2027, 1, 1), Tenor::months(6))
            .calendar(&WeekendsOnly)
            .convention(C::Unadjusted)
            .termination_convention(C::Following)
            .next_to_last_date(d(2026, 7, 1))
            .build()
            .unwrap();
        assert_eq!(s.regular, vec![true, false]);
    }

    #[test]
    fn next_to_last_gives_long_final_stub() {
        let s = DateSchedule::builder(d(2026, 1, 15), d(2027, 3, 1), Tenor::months(6))
            .next_to_last_date(d(2026, 7, 15))
            .build()
            .unwrap();
        assert_eq!(s.dates(), &[d(2026, 1, 15), d(2026, 7, 15), d(2027, 3, 1)]);
        assert_eq!(s.regular, vec![true, false]);
    }

    #[test]
    fn eom_rule_with_following_rolls_into_next_month() {
        // Seed 2026-04-30 (Thursday); 2026-05-31 is a Sunday: Following gives 1 June.
        let s = DateSchedule::builder(d(2026, 4, 30), d(2026, 7, 31), Tenor::months(1))
            .calendar(&WeekendsOnly)
            .convention(C::Following)
            .end_of_month(true)
            .build()
            .unwrap();
        assert_eq!(
            s.dates(),
            &[d(2026, 4, 30), d(2026, 6, 1), d(2026, 6, 30), d(2026, 7, 31)]
        );
    }

    #[test]
    fn eom_uses_last_business_day_for_the_seed_test() {
        // 2026-02-27 is the last business day of February, not the month end:
        // the rule still moves interior dates to month ends.
        let s = DateSchedule::builder(d(2026, 2, 27), d(2026, 6, 27), Tenor::months(1))
            .calendar(&WeekendsOnly)
            .convention(C::Unadjusted)
            .end_of_month(true)
            .build()
            .unwrap();
        assert_eq!(
            s.dates(),
            &[
                d(2026, 2, 27),
                d(2026, 3, 31),
                d(2026, 4, 30),
                d(2026, 5, 31),
                d(2026, 6, 27)
            ]
        );
    }

    #[test]
    fn eom_asks_a_calendar_without_kernel_its_own_end_of_month() {
        // A calendar of its own that never counts a date as its month's
        // end: the seed 2026-02-27 (February's last business day) does not
        // move interior dates to month ends.
        struct NeverEnd;
        impl BusinessCalendar for NeverEnd {
            fn is_business_day(&self, date: NaiveDate) -> bool {
                WeekendsOnly.is_business_day(date)
            }
            fn is_end_of_month(&self, _date: NaiveDate) -> bool {
                false
            }
        }
        let s = DateSchedule::builder(d(2026, 2, 27), d(2026, 4, 27), Tenor::months(1))
            .calendar(&NeverEnd)
            .convention(C::Unadjusted)
            .end_of_month(true)
            .build()
            .unwrap();
        assert_eq!(s.dates(), &[d(2026, 2, 27), d(2026, 3, 27), d(2026, 4, 27)]);
    }

    #[test]
    fn eom_ignored_for_weeks() {
        let s = DateSchedule::builder(d(2026, 1, 31), d(2026, 2, 21), Tenor::weeks(1))
            .end_of_month(true)
            .build()
            .unwrap();
        assert_eq!(
            s.dates(),
            &[d(2026, 1, 31), d(2026, 2, 7), d(2026, 2, 14), d(2026, 2, 21)]
        );
    }

    #[test]
    fn duplicates_after_adjustment_are_skipped() {
        // Daily dates over a weekend with Following: Sat and Sun adjust to Monday.
        let s = DateSchedule::builder(d(2026, 1, 2), d(2026, 1, 6), Tenor::days(1))
            .calendar(&WeekendsOnly)
            .convention(C::Following)
            .build()
            .unwrap();
        assert_eq!(s.dates(), &[d(2026, 1, 2), d(2026, 1, 5), d(2026, 1, 6)]);
    }

    #[test]
    fn zero_rule_and_zero_tenor() {
        let s = DateSchedule::builder(d(2026, 1, 1), d(2030, 1, 1), Tenor::years(0))
            .build()
            .unwrap();
        assert_eq!(s.dates(), &[d(2026, 1, 1), d(2030, 1, 1)]);
        let err = DateSchedule::builder(d(2026, 1, 1), d(2030, 1, 1), Tenor::years(1))
            .rule(DateGeneration::Zero)
            .first_date(d(2027, 1, 1))
            .build()
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "first date 2027-01-01 cannot be used with the Zero rule (a single period from effective to termination date, no stub)"
        );
    }

    #[test]
    fn bad_input() {
        let e = DateSchedule::builder(d(2026, 1, 1), d(2026, 1, 1), Tenor::years(1))
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::TerminationNotAfterEffective { .. }));
        let e = DateSchedule::builder(d(2026, 1, 1), d(2027, 1, 1), Tenor::months(1))
            .first_date(d(2027, 2, 1))
            .build()
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "first date 2027-02-01 lies outside the schedule 2026-01-01..2027-01-01"
        );
        let e = DateSchedule::builder(d(2026, 1, 1), d(2027, 1, 1), Tenor::months(1))
            .next_to_last_date(d(2025, 12, 1))
            .build()
            .unwrap_err();
        assert!(matches!(
            e,
            Error::StubOutOfRange {
                which: "next-to-last date",
                ..
            }
        ));
        let e = DateSchedule::builder(d(2026, 1, 1), NaiveDate::MAX, Tenor::years(1))
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::DateOutOfRange { .. }), "{e}");
        // Every day a holiday for longer than the search limit.
        let cal = HolidayCalendar::new("closed", d(2026, 1, 1).iter_days().take(4_000));
        let e = DateSchedule::builder(d(2026, 1, 1), d(2027, 1, 1), Tenor::months(1))
            .calendar(&cal)
            .convention(C::Following)
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::DateOutOfRange { .. }));
    }

    #[test]
    fn degenerate_schedule_is_an_error() {
        // Both dates adjust to the same Monday.
        let e = DateSchedule::builder(d(2026, 1, 3), d(2026, 1, 4), Tenor::days(1))
            .calendar(&WeekendsOnly)
            .convention(C::Following)
            .build()
            .unwrap_err();
        assert!(matches!(e, Error::DegenerateSchedule { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            "schedule is out of range: degenerate single-date schedule from 2026-01-03 to 2026-01-04 every 1D"
        );
    }

    /// A calendar with only the `is_business_day` hook: every adjustment
    /// takes the provided day-by-day path (no kernel).
    struct Plain<'a, K: BusinessCalendar>(&'a K);
    impl<K: BusinessCalendar> BusinessCalendar for Plain<'_, K> {
        fn is_business_day(&self, date: NaiveDate) -> bool {
            self.0.is_business_day(date)
        }
    }

    /// Calendars with a kernel: weekends, a Friday–Saturday weekend with
    /// holidays, holidays that close whole months (so that every modified
    /// convention has to leave the month and the kernel hands over), and
    /// holidays around New Year (searches that leave the year).
    fn kernel_calendars() -> Vec<crate::time::Calendar> {
        use crate::time::{Calendar, Weekend};
        use chrono::Weekday;
        let mut closed = Vec::new();
        for y in 2020..2040 {
            closed.extend(d(y, 3, 1).iter_days().take(31));
            closed.extend(d(y, 12, 24).iter_days().take(12));
            closed.push(d(y, 6, 30));
            closed.push(d(y, 7, 1));
        }
        vec![
            Calendar::Null,
            Calendar::WeekendsOnly,
            Calendar::Holidays(HolidayCalendar::with_weekend(
                "gulf",
                Weekend::new([Weekday::Fri, Weekday::Sat]).unwrap(),
                [d(2026, 4, 3), d(2027, 1, 1)],
            )),
            Calendar::Holidays(HolidayCalendar::new("closed months", closed)),
        ]
    }

    /// QuantLib 1.44's Forward schedule without stubs, written plainly as
    /// its `Schedule` constructor does it, for comparison: unadjusted dates
    /// `effective + k·tenor` up to the termination date (each skipped when
    /// it adjusts onto the previous one), the termination date added when
    /// its adjustment differs, then every date adjusted one by one with the
    /// calendar's day-by-day `adjust` (interior ones at their month end
    /// under the end-of-month rule when the effective date is at its
    /// month's last business day), then the two merges. `None` where an
    /// adjustment fails.
    #[allow(clippy::too_many_arguments)]
    fn reference_forward<K: BusinessCalendar>(
        cal: &K,
        effective: NaiveDate,
        termination: NaiveDate,
        tenor: Tenor,
        conv: C,
        term_conv: C,
        eom: bool,
    ) -> Option<(Vec<NaiveDate>, Vec<bool>)> {
        let eom = eom && tenor.is_monthly();
        let (mut dates, mut regular) = (vec![effective], Vec::new());
        for k in 1.. {
            let raw = tenor
                .advance(effective, k, eom && civil::is_month_end(effective))
                .ok()?;
            if raw > termination {
                break;
            }
            if cal.adjust(*dates.last()?, conv).ok()? != cal.adjust(raw, conv).ok()? {
                dates.push(raw);
                regular.push(true);
            }
        }
        if cal.adjust(*dates.last()?, term_conv).ok()? != cal.adjust(termination, term_conv).ok()? {
            dates.push(termination);
            regular.push(false);
        }
        let n = dates.len();
        let to_month_end = eom && cal.is_end_of_month(effective);
        for (i, d) in dates.iter_mut().enumerate() {
            *d = if i == 0 {
                cal.adjust(*d, conv).ok()?
            } else if i == n - 1 {
                cal.adjust(*d, term_conv).ok()?
            } else if to_month_end {
                cal.adjust(civil::month_end(*d), conv).ok()?
            } else {
                cal.adjust(*d, conv).ok()?
            };
        }
        let n = dates.len();
        if n >= 2 && dates[n - 2] >= dates[n - 1] {
            // As QuantLib: the flag of the period before the last (which
            // the merge extends to the termination), when there is one.
            if let Some(k) = regular.len().checked_sub(2) {
                regular[k] = dates[n - 2] == dates[n - 1];
            }
            dates[n - 2] = dates[n - 1];
            dates.pop();
            regular.pop();
        }
        if dates.len() >= 2 && dates[1] <= dates[0] {
            regular[1] = dates[1] == dates[0];
            dates[1] = dates[0];
            dates.remove(0);
            regular.remove(0);
        }
        Some((dates, regular))
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(256)))]

        /// The integer-day adjustment of the stepper equals the calendar's
        /// own `adjust` for every date, convention and calendar.
        #[test]
        fn stepper_kernel_adjusts_as_the_calendar(
            y in 2018i32..2042, m in 1u32..=12, day in 1u32..=31,
            months in 1u32..=25, years in proptest::bool::ANY, eom in proptest::bool::ANY,
        ) {
            let seed = d(y, m, day.min(civil::days_in_month(y, m)));
            let tenor = if years { Tenor::years(months % 3 + 1) } else { Tenor::months(months) };
            for cal in kernel_calendars() {
                let kernel = cal.day_kernel();
                proptest::prop_assert!(kernel.is_some());
                for conv in C::ALL {
                    let mut stepper = Stepper::new(seed, tenor, eom && civil::is_month_end(seed));
                    // Forward, then a jump, then backward: every branch of the stepper.
                    for k in (0..30).chain([-7]).chain((-30..-8).rev()) {
                        let (raw, fast) = stepper.at_adjusted(k, kernel.as_ref(), conv).unwrap();
                        proptest::prop_assert_eq!(raw, tenor.advance(seed, k, eom && civil::is_month_end(seed)).unwrap());
                        let want = cal.adjust(raw, conv).unwrap();
                        proptest::prop_assert_eq!(want, Plain(&cal).adjust(raw, conv).unwrap());
                        if let Some(a) = fast {
                            proptest::prop_assert_eq!(a, want, "{} {} {}", raw, conv, cal);
                        }
                    }
                }
            }
        }

        /// The dedicated monthly loop on random holiday calendars (random
        /// weekends, holidays clustered so that runs cross month and year
        /// ends) gives the schedule of the general path, which adjusts every
        /// date with the calendar's own `adjust` (no kernel), including its
        /// errors and the final order check with a termination convention
        /// of its own.
        #[test]
        fn dedicated_holiday_loop_equals_the_general_adjust(
            y in 2019i32..2031, m in 1u32..=12, day in 1u32..=31, len in 1i64..150,
            months in 1u32..=30, eom in proptest::bool::ANY,
            weekend in 0u8..0x7f, holidays in proptest::collection::vec((0i64..16 * 366, 0u64..5), 0..120),
            conv in 0usize..5, term in 0usize..5,
        ) {
            use crate::time::{Calendar, Weekend};
            use chrono::Weekday;
            let start = d(y, m, day.min(civil::days_in_month(y, m)));
            let end = start + chrono::Days::new(len as u64 * 29);
            // Any weekend but the whole week (bit i: i days after Monday).
            let week = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
            let weekend = Weekend::new((0..7).filter(|i| weekend >> i & 1 != 0).map(|i| week[i])).unwrap();
            let days: Vec<NaiveDate> = holidays
                .iter()
                .flat_map(|&(o, run)| (0..=run).map(move |j| d(2018, 1, 1) + chrono::Days::new((o as u64) + j)))
                .collect();
            let cal = Calendar::Holidays(HolidayCalendar::with_weekend("random", weekend, days));
            let (conv, term) = (C::ALL[conv], C::ALL[term]);
            let b = DateSchedule::builder(start, end, Tenor::months(months))
                .convention(conv)
                .termination_convention(term)
                .end_of_month(eom);
            let fast = b.calendar(&cal).build().map_err(|e| e.to_string());
            let slow = b.calendar(&Plain(&cal)).build().map_err(|e| e.to_string());
            proptest::prop_assert_eq!(fast, slow, "{} {}", cal, conv);
        }

        /// The dedicated day loop (`run_days`: daily and weekly tenors,
        /// Forward) on WeekendsOnly, the null calendar and random holiday
        /// calendars (random weekends, clustered holidays across month and
        /// year ends) gives the schedule of the general path, which adjusts
        /// every date with the calendar's own `adjust` (no kernel): every
        /// date and flag, or the error, with a termination convention and
        /// stubs of their own.
        #[test]
        fn dedicated_day_loop_equals_the_general_adjust(
            y in 2019i32..2031, m in 1u32..=12, day in 1u32..=31, len in 1u64..1200,
            step in 1u32..=15, weeks in proptest::bool::ANY, cal in 0usize..3,
            weekend in 0u8..0x7f, holidays in proptest::collection::vec((0i64..16 * 366, 0u64..5), 0..120),
            conv in 0usize..5, term in 0usize..5, stub in 0u64..4,
        ) {
            use crate::time::{Calendar, Weekend};
            use chrono::Weekday;
            let start = d(y, m, day.min(civil::days_in_month(y, m)));
            let end = start + chrono::Days::new(len);
            let week = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
            let weekend = Weekend::new((0..7).filter(|i| weekend >> i & 1 != 0).map(|i| week[i])).unwrap();
            let days: Vec<NaiveDate> = holidays
                .iter()
                .flat_map(|&(o, run)| (0..=run).map(move |j| d(2018, 1, 1) + chrono::Days::new((o as u64) + j)))
                .collect();
            let cal = match cal {
                0 => Calendar::WeekendsOnly,
                1 => Calendar::Null,
                _ => Calendar::Holidays(HolidayCalendar::with_weekend("random", weekend, days)),
            };
            let (conv, term) = (C::ALL[conv], C::ALL[term]);
            let tenor = if weeks { Tenor::weeks(step % 3 + 1) } else { Tenor::days(step) };
            let mut b = DateSchedule::builder(start, end, tenor)
                .convention(conv)
                .termination_convention(term);
            // Sometimes a first date or a next-to-last date.
            if stub == 1 && len > 3 {
                b = b.first_date(start + chrono::Days::new(len / 3));
            } else if stub == 2 && len > 3 {
                b = b.next_to_last_date(start + chrono::Days::new(len - len / 3));
            }
            let fast = b.calendar(&cal).build().map_err(|e| e.to_string());
            let slow = b.calendar(&Plain(&cal)).build().map_err(|e| e.to_string());
            proptest::prop_assert_eq!(fast, slow, "{} {} {}", cal, conv, tenor);
        }

        /// Forward schedules of monthly and yearly tenors (the dedicated
        /// month loop with its weekend tables, holiday bitmaps and year
        /// changes) equal the plain QuantLib-style reference above, on
        /// WeekendsOnly, a TARGET-like calendar and random weekends with
        /// holidays, for every pair of conventions, with and without the
        /// end-of-month rule; where the reference gives dates that do not
        /// strictly increase, the builder errs.
        #[test]
        fn forward_schedules_equal_the_plain_reference(
            y in 2019i32..2031, m in 1u32..=12, day in 1u32..=31, len in 1i64..400,
            months in 1u32..=26, years in proptest::bool::ANY, eom in proptest::bool::ANY,
            weekend in 0u8..0x7f, holidays in proptest::collection::vec((0i64..16 * 366, 0u64..3), 0..60),
            conv in 0usize..5, term in 0usize..5,
        ) {
            use crate::time::{Calendar, Weekend};
            use chrono::Weekday;
            let start = d(y, m, day.min(civil::days_in_month(y, m)));
            let end = start + chrono::Days::new(len as u64 * 11);
            let tenor = if years { Tenor::years(months % 3 + 1) } else { Tenor::months(months) };
            let week = [Weekday::Mon, Weekday::Tue, Weekday::Wed, Weekday::Thu, Weekday::Fri, Weekday::Sat, Weekday::Sun];
            let weekend = Weekend::new((0..7).filter(|i| weekend >> i & 1 != 0).map(|i| week[i])).unwrap();
            let days: Vec<NaiveDate> = holidays
                .iter()
                .flat_map(|&(o, run)| (0..=run).map(move |j| d(2018, 1, 1) + chrono::Days::new((o as u64) + j)))
                .collect();
            let mut target = Vec::new();
            for y in 2018..2036 {
                target.extend([d(y, 1, 1), d(y, 5, 1), d(y, 12, 25), d(y, 12, 26)]);
            }
            let (conv, term) = (C::ALL[conv], C::ALL[term]);
            for cal in [
                Calendar::WeekendsOnly,
                Calendar::Holidays(HolidayCalendar::new("TARGET-like", target)),
                Calendar::Holidays(HolidayCalendar::new("random", days.clone())),
                Calendar::Holidays(HolidayCalendar::with_weekend("random weekend", weekend, days.clone())),
            ] {
                let got = DateSchedule::builder(start, end, tenor)
                    .calendar(&cal)
                    .convention(conv)
                    .termination_convention(term)
                    .end_of_month(eom)
                    .build();
                let Some((dates, regular)) = reference_forward(&Plain(&cal), start, end, tenor, conv, term, eom) else {
                    proptest::prop_assert!(got.is_err(), "{} {}", cal, conv);
                    continue;
                };
                if dates.windows(2).all(|w| w[0] < w[1]) {
                    let got = got.unwrap();
                    proptest::prop_assert_eq!(got.dates(), &dates[..], "{} {} {}", cal, conv, term);
                    proptest::prop_assert_eq!(&got.regular, &regular, "{} {} {}", cal, conv, term);
                } else {
                    proptest::prop_assert!(got.is_err(), "{} {} {}", cal, conv, term);
                }
            }
        }

        /// Whole schedules on calendars with a kernel equal those on the same
        /// calendars without one.
        #[test]
        fn schedules_with_and_without_kernel_agree(
            y in 2020i32..2030, m in 1u32..=12, day in 1u32..=31, len in 1i64..120,
            months in 1u32..=13, eom in proptest::bool::ANY, backward in proptest::bool::ANY,
        ) {
            let start = d(y, m, day.min(civil::days_in_month(y, m)));
            let end = start + chrono::Days::new(len as u64 * 29);
            let rule = if backward { DateGeneration::Backward } else { DateGeneration::Forward };
            for cal in kernel_calendars() {
                for conv in C::ALL {
                    let b = DateSchedule::builder(start, end, Tenor::months(months)).convention(conv).end_of_month(eom).rule(rule);
                    let fast = b.calendar(&cal).build().map_err(|e| e.to_string());
                    let slow = b.calendar(&Plain(&cal)).build().map_err(|e| e.to_string());
                    proptest::prop_assert_eq!(fast, slow, "{} {}", cal, conv);
                }
            }
        }
    }
}
