//! Affordability solvers: the shortest installment tenor, the largest
//! upfront share and the largest headline that pass the affordability test.
//!
//! Each solver generates candidate schedules and runs
//! [`Assessment::assess`] on each; a candidate is *feasible* when its
//! report's verdict is no worse than the accepted one ([`Verdict::Strained`]:
//! no year in breach; [`Verdict::Affordable`]: stricter, no borrowing and
//! no year above the strained share). Every answer carries the schedule and
//! the [`AffordabilityReport`] that proves it feasible. When no candidate
//! in the search range is feasible the solver returns
//! [`Error::Infeasible`]; empty bounds give [`Error::EmptyBounds`].
//!
//! The break-even *rate* solver is
//! [`valuation::break_even_rate`](crate::valuation::break_even_rate).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::assessment::Assessment;
use super::report::{AffordabilityReport, Summary, Verdict, YearRow, year_rows};
use crate::money::minor_to_money;
use crate::render::Percent;
use crate::time::Tenor;
use crate::{
    Attempt, Bound, CashFlow, Currency, Error, Installments, Money, Period, PeriodBasis, PeriodTotal, Plan, Quantity,
    Question, Result, Rounding, Schedule, Timing, Value,
};

/// The label of the flows of the schedules the solvers generate.
const TRANCHE: &str = "solve";

/// The default grid step of [`largest_upfront_share`]: 1%.
///
/// ```
/// use rust_decimal_macros::dec;
/// assert_eq!(disburse::affordability::DEFAULT_SHARE_STEP, dec!(0.01));
/// ```
pub const DEFAULT_SHARE_STEP: Decimal = Decimal::from_parts(1, 0, 0, false, 2);

/// The most grid points [`largest_upfront_share`] accepts (a step of at
/// least 1e-6).
const MAX_GRID: u64 = 1_000_000;

fn rank(v: Verdict) -> u8 {
    match v {
        Verdict::Affordable => 0,
        Verdict::Strained => 1,
        Verdict::Unaffordable => 2,
    }
}

/// The test the solvers apply to each candidate schedule: its
/// [`Assessment`] report's verdict is no worse than `accept`.
#[derive(Debug, Clone, Copy)]
struct Feasibility<'a> {
    assessment: &'a Assessment,
    accept: Verdict,
}

impl Feasibility<'_> {
    /// Whether `report` passes: its verdict is no worse than the
    /// acceptance (with [`Verdict::Strained`], no year is in breach).
    fn passes(&self, report: &AffordabilityReport) -> bool {
        rank(report.summary.verdict) <= rank(self.accept)
    }

    /// Assesses `schedule` and tells whether it passes.
    fn check(&self, schedule: &Schedule) -> Result<(bool, AffordabilityReport)> {
        let report = self.assessment.assess(schedule)?;
        Ok((self.passes(&report), report))
    }

    /// Whether one year's row passes on its own (a year-local part of
    /// [`Feasibility::passes`]).
    fn row_passes(&self, row: &YearRow) -> bool {
        if row.breach.is_some() {
            return false;
        }
        match self.accept {
            Verdict::Affordable => {
                let over = match row.share_used {
                    Some(s) => s > self.assessment.verdict_thresholds().strained_share(),
                    None => row.outlay_payer.is_positive(),
                };
                !over && !row.funding.borrowed.is_positive()
            }
            _ => true,
        }
    }
}

/// The answer of [`shortest_tenor`]: the fewest feasible installments.
///
/// `Display` gives `"18 installments every 1Y from 2026-01-01 (strained)"`.
///
/// ```
/// use disburse::affordability::{shortest_tenor, Capacity, Constraint, Assessment, Funding, FundingSource};
/// use disburse::affordability::Verdict;
/// use disburse::{Currency, FiscalYear, Money};
/// use disburse::time::Frequency;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(20e9))])?;
/// let funding = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let a = shortest_tenor(Money::new(dec!(350e9), Currency::USD), jan1, Frequency::Annual, 50, &Assessment::new(capacity).funding(funding), Verdict::Strained)?;
/// assert_eq!(a.to_string(), "18 installments every 1Y from 2026-01-01 (strained)");
/// let json = serde_json::to_value(&a)?;
/// assert_eq!(json["periods"], 18);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TenorAnswer {
    /// The fewest equal installments that are feasible.
    pub periods: u32,
    /// The time between installments.
    pub tenor: Tenor,
    /// The first installment's date.
    pub start: NaiveDate,
    /// The schedule of `periods` installments.
    pub schedule: Schedule,
    /// Its affordability report, which passes the test.
    pub report: AffordabilityReport,
    /// How many candidate schedules were assessed.
    pub checks: u32,
}

impl fmt::Display for TenorAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} installments every {} from {} ({})",
            self.periods, self.tenor, self.start, self.report.summary.verdict
        )
    }
}

/// The fewest equal installments, every `tenor` from `start` in advance,
/// that pay `amount` feasibly; counts `1..=max_periods` are tried, and
/// never more than the plan limits allow: at most
/// [`MAX_PLAN_PAYMENTS`](crate::limits::MAX_PLAN_PAYMENTS) payments within
/// [`MAX_PLAN_YEARS`](crate::MAX_PLAN_YEARS) years of `start`.
///
/// Feasibility need not be monotone in the count (interest on borrowing,
/// a stock's income, fiscal-year boundaries), so the counts are scanned
/// upward from 1 and the scan stops at the first feasible one: the answer
/// is the minimal feasible count, and every smaller count is infeasible.
///
/// Each step is cheap: the yearly totals of `n` equal installments are
/// computed from the year boundaries of the dates (kept as the count
/// grows) without generating the schedule, and the yearly test stops at
/// the candidate's first failing year. Only the answer's schedule is
/// generated and assessed in full. The test of the start year alone is
/// monotone in the count (more installments never pay more in the first
/// year), so when the start year fails at the largest count, the solver
/// fails at once without scanning.
///
/// # Errors
/// [`Error::ZeroCount`] for `max_periods == 0`; [`Error::Infeasible`] when
/// no count up to `max_periods` (or the plan limits) is feasible, with the
/// largest count tried and its summary; the errors of [`Plan::schedule`]
/// (a non-positive or fractional amount, a zero tenor…) and of
/// [`Assessment::assess`].
///
/// ```
/// use disburse::affordability::{shortest_tenor, Capacity, Constraint, Assessment, Funding, FundingSource};
/// use disburse::affordability::Verdict;
/// use disburse::{Currency, Error, FiscalYear, Money};
/// use disburse::time::Frequency;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(25e9))])?;
/// let funding = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?;
/// let test = Assessment::new(capacity).funding(funding);
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = Money::new(dec!(350e9), Currency::USD);
/// assert_eq!(shortest_tenor(usd, jan1, Frequency::Annual, 30, &test, Verdict::Strained)?.periods, 14);
/// let err = shortest_tenor(usd, jan1, Frequency::Annual, 13, &test, Verdict::Strained).unwrap_err();
/// assert!(matches!(err, Error::Infeasible { .. }));
/// // Nothing can be paid: a fast failure, not a scan of 4 billion counts.
/// let zero = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(0))])?;
/// let err = shortest_tenor(usd, jan1, Frequency::Annual, u32::MAX, &Assessment::new(zero), Verdict::Strained).unwrap_err();
/// assert!(err.to_string().contains("1000 installments"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn shortest_tenor(
    amount: Money,
    start: NaiveDate,
    tenor: impl Into<Tenor>,
    max_periods: u32,
    assessment: &Assessment,
    accept: Verdict,
) -> Result<TenorAnswer> {
    let test = Feasibility { assessment, accept };
    let tenor = tenor.into();
    if max_periods == 0 {
        return Err(Error::ZeroCount {
            what: Quantity::MaxPeriods,
        });
    }
    let candidate = |n: u32| -> Result<(bool, Schedule, AffordabilityReport)> {
        let schedule = Plan::installments(start, n, tenor).schedule(amount, TRANCHE)?;
        let (ok, report) = test.check(&schedule)?;
        Ok((ok, schedule, report))
    };
    let answer = |n: u32, schedule: Schedule, report: AffordabilityReport, checks: u32| TenorAnswer {
        periods: n,
        tenor,
        start,
        schedule,
        report,
        checks,
    };
    // One installment, in full: validates the amount and the currencies.
    let (ok, schedule, report) = candidate(1)?;
    if ok {
        return Ok(answer(1, schedule, report, 1));
    }
    let last = max_periods.min(horizon_periods(start, tenor));
    let infeasible = |n: u32| -> Result<TenorAnswer> {
        let (_, _, report) = candidate(n)?;
        Err(Error::Infeasible {
            question: Question::ShortestTenor { amount, tenor, start },
            attempt: Attempt::Installments(n),
            summary: Box::new(report.summary),
        })
    };
    if last == 1 {
        return infeasible(1);
    }
    if tenor.length() == 0 {
        // Plan::schedule's own error (a zero tenor).
        candidate(2)?;
        return infeasible(last);
    }
    let mut years = YearTotals::new(amount, start, tenor, assessment)?;
    if !years.start_year_passes(last, &test)? {
        return infeasible(last);
    }
    let mut checks = 1;
    for n in 2..=last {
        checks += 1;
        if !years.passes(n, &test)? {
            continue;
        }
        // The cheap test passed: confirm on the schedule itself.
        let (ok, schedule, report) = candidate(n)?;
        if ok {
            return Ok(answer(n, schedule, report, checks));
        }
    }
    infeasible(last)
}

/// The most installments the plan limits allow from `start` every
/// `tenor`: at most `MAX_PLAN_PAYMENTS`, within `MAX_PLAN_YEARS` years.
fn horizon_periods(start: NaiveDate, tenor: Tenor) -> u32 {
    let most = crate::limits::MAX_PLAN_PAYMENTS;
    if tenor.length() == 0 {
        return most;
    }
    let years = i64::from(crate::MAX_PLAN_YEARS);
    let Ok(end) = Tenor::years(1).add_to(start, years) else {
        return most;
    };
    let horizon = Plan::Installments(Installments::until(start, end, tenor));
    // Counting installments until a date never fails for a non-zero tenor.
    let one = Money::new(Decimal::ONE, Currency::USD);
    let n = horizon.payment_count(one).unwrap_or(u64::from(most));
    u32::try_from(n).unwrap_or(most).clamp(1, most)
}

/// The yearly outlays of `n` equal installments, for growing `n`, without
/// generating the schedules: the dates' (fiscal) years are kept as the
/// count grows, and the allocation's parts are known in closed form
/// (`U` minor units in `n` parts: `⌊U/n⌋` each, one more for the first
/// `U mod n`), so a year's total is `⌊U/n⌋·c + min(max(U mod n − k, 0), c)`
/// for its `c` payments from index `k`.
struct YearTotals<'a> {
    units: u128,
    currency: Currency,
    start: NaiveDate,
    tenor: Tenor,
    basis: PeriodBasis,
    assessment: &'a Assessment,
    /// Each period (contiguous, gaps included) and its first payment index.
    periods: Vec<(Period, u64)>,
    /// Payments whose period is known.
    dated: u64,
}

impl<'a> YearTotals<'a> {
    fn new(amount: Money, start: NaiveDate, tenor: Tenor, assessment: &'a Assessment) -> Result<Self> {
        let units = u128::try_from(amount.to_minor_units()?).map_err(|_| Error::overflow("installments"))?;
        Ok(YearTotals {
            units,
            currency: amount.currency(),
            start,
            tenor,
            basis: PeriodBasis::FiscalYear(assessment.capacity().year()),
            assessment,
            periods: Vec::new(),
            dated: 0,
        })
    }

    /// Dates the payments before index `n`.
    fn date_until(&mut self, n: u64) -> Result<()> {
        while self.dated < n {
            let k = i64::try_from(self.dated).map_err(|_| Error::overflow("installments"))?;
            let p = self.basis.period_of(self.tenor.add_to(self.start, k)?);
            loop {
                match self.periods.last() {
                    Some((last, _)) if *last == p => break,
                    Some((last, _)) => {
                        let next = self.basis.next(*last);
                        self.periods.push((next, self.dated));
                    }
                    None => self.periods.push((p, 0)),
                }
            }
            self.dated += 1;
        }
        Ok(())
    }

    /// The yearly totals of `n` installments, one at a time, years with
    /// only zero parts at the end left out (as the schedule drops zero
    /// flows). The dates must be known up to the last non-zero part
    /// ([`YearTotals::date_until`]).
    fn totals(&self, n: u32) -> impl Iterator<Item = Result<PeriodTotal>> + '_ {
        let paid = self.paid(n);
        let n = u128::from(n);
        let (base, extra) = (self.units / n, self.units % n);
        self.periods
            .iter()
            .enumerate()
            .take_while(move |(_, (_, first))| *first < paid)
            .map(move |(i, (period, first))| {
                let end = self.periods.get(i + 1).map_or(paid, |(_, f)| (*f).min(paid));
                let c = u128::from(end - first);
                let bumped = extra.saturating_sub(u128::from(*first)).min(c);
                let total = base
                    .checked_mul(c)
                    .and_then(|t| t.checked_add(bumped))
                    .ok_or_else(|| Error::overflow("installments"))?;
                Ok(PeriodTotal {
                    period: *period,
                    total: minor_to_money(total, false, self.currency)?,
                })
            })
    }

    /// The number of non-zero parts of `n` installments.
    fn paid(&self, n: u32) -> u64 {
        let n = u64::from(n);
        u64::try_from(self.units).map_or(n, |u| n.min(u))
    }

    /// Whether `n` installments pass the yearly test, stopping at the
    /// first failing year (later years are not computed).
    fn passes(&mut self, n: u32, test: &Feasibility<'_>) -> Result<bool> {
        self.date_until(self.paid(n))?;
        self.rows_pass(self.totals(n), test, true)
    }

    /// Whether the start year alone passes with `n` installments.
    fn start_year_passes(&mut self, n: u32, test: &Feasibility<'_>) -> Result<bool> {
        let paid = self.paid(n);
        // The start year's payments: at most a year of dates.
        let period = self.basis.period_of(self.start);
        let mut c = 1u64;
        while c < paid {
            let k = i64::try_from(c).map_err(|_| Error::overflow("installments"))?;
            if self.basis.period_of(self.tenor.add_to(self.start, k)?) != period {
                break;
            }
            c += 1;
        }
        let (base, extra) = (self.units / u128::from(n), self.units % u128::from(n));
        let total = base
            .checked_mul(u128::from(c))
            .and_then(|t| t.checked_add(extra.min(u128::from(c))))
            .ok_or_else(|| Error::overflow("installments"))?;
        let year = PeriodTotal {
            period,
            total: minor_to_money(total, false, self.currency)?,
        };
        self.rows_pass([Ok(year)], test, false)
    }

    fn rows_pass(
        &self,
        years: impl IntoIterator<Item = Result<PeriodTotal>>,
        test: &Feasibility<'_>,
        all: bool,
    ) -> Result<bool> {
        let a = self.assessment;
        let mut ok = true;
        year_rows(
            years,
            self.currency,
            a.capacity(),
            a.fx_path(),
            a.funding_plan(),
            a.deferral_rule(),
            None,
            &[],
            |row| {
                ok = test.row_passes(row);
                ok && all
            },
        )?;
        Ok(ok)
    }
}

/// The answer of [`largest_upfront_share`].
///
/// `Display` gives `"28% upfront (USD 98,000,000,000.00), the rest over
/// 10 years (strained)"`.
///
/// ```
/// use disburse::affordability::{largest_upfront_share, Capacity, Constraint, Assessment, Funding, FundingSource, DEFAULT_SHARE_STEP};
/// use disburse::affordability::Verdict;
/// use disburse::{Currency, FiscalYear, Money};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(20e9))])?;
/// let funding = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let a = largest_upfront_share(Money::new(dec!(150e9), Currency::USD), jan1, 10, DEFAULT_SHARE_STEP, &Assessment::new(capacity).funding(funding), Verdict::Strained)?;
/// assert_eq!(a.share, dec!(0.13));
/// assert_eq!(a.to_string(), "13% upfront (USD 19,500,000,000.00), the rest over 10 years (strained)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ShareAnswer {
    /// The largest feasible share paid upfront, a multiple of the step.
    pub share: Decimal,
    /// The upfront payment: `share × amount`, rounded half-even to minor
    /// units.
    pub upfront: Money,
    /// The number of annual installments of the rest.
    pub years: u32,
    /// The schedule: the upfront payment, then the installments.
    pub schedule: Schedule,
    /// Its affordability report, which passes the test.
    pub report: AffordabilityReport,
    /// How many candidate schedules were assessed.
    pub checks: u32,
}

impl fmt::Display for ShareAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} upfront ({}), the rest over {} years ({})",
            Percent::exact(self.share),
            self.upfront,
            self.years,
            self.report.summary.verdict
        )
    }
}

/// `share × amount` on `start`, the rest in `years` equal annual
/// installments, the first one year after `start`.
fn share_schedule(amount: Money, start: NaiveDate, years: u32, share: Decimal) -> Result<(Money, Schedule)> {
    let upfront = amount.checked_mul(share)?.round_to_minor(Rounding::HalfEven);
    let rest = amount.checked_sub(upfront)?;
    let mut schedule = Schedule::empty(amount.currency());
    if upfront.is_positive() {
        schedule = Schedule::new(amount.currency(), vec![CashFlow::new(start, upfront, TRANCHE)])?;
    }
    if rest.is_positive() {
        let plan = Plan::Installments(Installments::count(start, years, Tenor::years(1)).timing(Timing::InArrears));
        schedule = schedule.merge(&plan.schedule(rest, TRANCHE)?)?;
    }
    Ok((upfront, schedule))
}

/// The largest share of `amount`, on a grid of `step` (use
/// [`DEFAULT_SHARE_STEP`], 1%), paid upfront on `start`, with the rest in
/// `years` equal annual installments (the first one year after `start`),
/// that is feasible.
///
/// The feasible shares need not start at 0: a small year-one cap bounds the
/// share above, small later caps bound it below (all spread can be
/// infeasible while 15%–28% upfront is feasible). The search uses that the
/// start year's own test (its outlay is the upfront payment, and nothing
/// before it) is monotone in the share: a bisection finds the largest grid
/// share whose start year passes, and from there shares are scanned
/// downward to the first that is feasible as a whole. The answer is the
/// largest feasible grid share; cost `O(log(1/step))` assessments plus one
/// per share scanned.
///
/// # Errors
/// [`Error::OutOfRange`] for a step outside (0, 1] or finer than 1e-6;
/// [`Error::ZeroCount`] for `years == 0`; [`Error::Infeasible`] when no
/// share on the grid is feasible; the errors of [`Plan::schedule`] for the
/// amount and of [`Assessment::assess`].
///
/// ```
/// use disburse::affordability::{largest_upfront_share, Capacity, Constraint, Assessment, Funding, FundingSource};
/// use disburse::affordability::Verdict;
/// use disburse::{Currency, Error, FiscalYear, Money};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(20e9))])?;
/// let funding = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?;
/// let test = Assessment::new(capacity).funding(funding);
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let a = largest_upfront_share(Money::new(dec!(100e9), Currency::USD), jan1, 10, dec!(0.05), &test, Verdict::Strained)?;
/// assert_eq!(a.share, dec!(0.2)); // $20B upfront, $8B a year after
/// let err = largest_upfront_share(Money::new(dec!(300e9), Currency::USD), jan1, 10, dec!(0.05), &test, Verdict::Strained).unwrap_err();
/// assert!(matches!(err, Error::Infeasible { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn largest_upfront_share(
    amount: Money,
    start: NaiveDate,
    years: u32,
    step: Decimal,
    assessment: &Assessment,
    accept: Verdict,
) -> Result<ShareAnswer> {
    let test = Feasibility { assessment, accept };
    if step <= Decimal::ZERO || step > Decimal::ONE {
        return Err(Error::out_of_range(Quantity::ShareStep, step, Bound::UnitInterval));
    }
    if years == 0 {
        return Err(Error::ZeroCount {
            what: Quantity::InstallmentYears,
        });
    }
    // Validates the amount (positive, whole minor units).
    Plan::upfront(start).schedule(amount, TRANCHE)?;
    let points = (Decimal::ONE / step).floor();
    let n = u64::try_from(points).ok().filter(|&n| n <= MAX_GRID).ok_or_else(|| {
        let min_step = Decimal::ONE / Decimal::from(MAX_GRID);
        Error::out_of_range(Quantity::ShareStep, step, Bound::AtLeast(Value::Decimal(min_step)))
    })?;
    let share = |k: u64| step * Decimal::from(k);
    let start_year = assessment.capacity().year().year_of(start);
    let mut checks = 0u32;
    // Largest k whose start year passes; k = 0 pays nothing that year.
    let (mut lo, mut hi) = (0u64, n + 1);
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let (_, schedule) = share_schedule(amount, start, years, share(mid))?;
        let (_, report) = test.check(&schedule)?;
        checks += 1;
        let first_ok = report
            .rows
            .iter()
            .find(|r| r.year.year() == start_year)
            .is_none_or(|r| test.row_passes(r));
        if first_ok {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    // The failure of the largest share tried (k = lo, the first) is the
    // one reported.
    let mut failure: Option<Box<Summary>> = None;
    let mut k = lo;
    loop {
        let (upfront, schedule) = share_schedule(amount, start, years, share(k))?;
        let (ok, report) = test.check(&schedule)?;
        checks += 1;
        if ok {
            return Ok(ShareAnswer {
                share: share(k).normalize(),
                upfront,
                years,
                schedule,
                report,
                checks,
            });
        }
        let summary = failure.take().unwrap_or_else(|| Box::new(report.summary));
        if k == 0 {
            return Err(Error::Infeasible {
                question: Question::LargestUpfrontShare { amount, start, years },
                attempt: Attempt::UpfrontShare {
                    step,
                    share: share(lo).normalize(),
                },
                summary,
            });
        }
        failure = Some(summary);
        k -= 1;
    }
}

/// The answer of [`largest_headline`].
///
/// `Display` gives `"headline USD 200,000,000,000.00 (strained)"`.
///
/// ```
/// use disburse::affordability::{largest_headline, Capacity, Constraint, Assessment, Funding, FundingSource};
/// use disburse::affordability::Verdict;
/// use disburse::{Currency, FiscalYear, Money, Plan};
/// use disburse::time::Frequency;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(20e9))])?;
/// let funding = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// let plan = Plan::installments(jan1, 10, Frequency::Annual);
/// let a = largest_headline(&plan, usd(dec!(1e9)), usd(dec!(200e9)), usd(dec!(1e6)), &Assessment::new(capacity).funding(funding), Verdict::Strained)?;
/// assert_eq!(a.to_string(), "headline USD 200,000,000,000.00 (strained)");
/// assert_eq!(a.infeasible_above, None); // the upper bound itself is feasible
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct HeadlineAnswer {
    /// The largest feasible headline found.
    pub headline: Money,
    /// The smallest headline tested and found infeasible, at most
    /// `precision` above `headline`; `None` when `upper` is feasible.
    pub infeasible_above: Option<Money>,
    /// The plan's schedule for `headline`.
    pub schedule: Schedule,
    /// Its affordability report, which passes the test.
    pub report: AffordabilityReport,
    /// How many candidate schedules were assessed.
    pub checks: u32,
}

impl fmt::Display for HeadlineAnswer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "headline {} ({})", self.headline, self.report.summary.verdict)
    }
}

/// The largest headline in `[lower, upper]` that `plan` pays feasibly, by
/// bisection to `precision`.
///
/// **Assumes feasibility is monotone in the headline**: if a headline is
/// feasible, so is every smaller one (true when the plan scales its flows
/// with the headline, e.g. installments, weights, ramps, upfront; not for
/// an explicit plan, whose flows must sum to one amount). `lower` is tried
/// first, then `upper` (the answer when feasible), then midpoints rounded
/// down to minor units until the feasible and infeasible brackets are at
/// most `precision` apart, so the answer is feasible and (under the
/// assumption) `answer + precision` is infeasible or above `upper`. Cost:
/// `2 + ⌈log2((upper − lower) / precision)⌉` assessments at most.
///
/// # Errors
/// [`Error::Invalid`] for an explicit or capital-calls plan (their amounts
/// are given, so no other headline can be tried);
/// [`Error::CurrencyMismatch`] when the bounds and precision differ in
/// currency; [`Error::EmptyBounds`] for `lower > upper` or a precision that
/// is not positive; [`Error::Infeasible`] when `lower` is infeasible; the
/// errors of [`Plan::schedule`] (a non-positive or fractional bound…) and
/// of [`Assessment::assess`].
///
/// ```
/// use disburse::affordability::{largest_headline, Capacity, Constraint, Assessment, Funding, FundingSource};
/// use disburse::affordability::Verdict;
/// use disburse::{Currency, Error, FiscalYear, Money, Plan};
/// use disburse::time::Frequency;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(20e9))])?;
/// let funding = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?;
/// let test = Assessment::new(capacity).funding(funding);
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// let plan = Plan::installments(jan1, 10, Frequency::Annual);
/// let a = largest_headline(&plan, usd(dec!(1e9)), usd(dec!(1000e9)), usd(dec!(1e6)), &test, Verdict::Strained)?;
/// assert!(a.headline <= usd(dec!(200e9)) && a.headline > usd(dec!(199.999e9)));
/// let err = largest_headline(&plan, usd(dec!(5)), usd(dec!(1)), usd(dec!(1)), &test, Verdict::Strained).unwrap_err();
/// assert!(matches!(err, Error::EmptyBounds { .. }));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn largest_headline(
    plan: &Plan,
    lower: Money,
    upper: Money,
    precision: Money,
    assessment: &Assessment,
    accept: Verdict,
) -> Result<HeadlineAnswer> {
    let test = Feasibility { assessment, accept };
    let question = || Question::LargestHeadline { plan: plan.kind() };
    // Their amounts are given, not derived from the headline: any other
    // headline fails their sum check, which named the solver's bound.
    if matches!(plan, Plan::Explicit(_) | Plan::CapitalCalls(_)) {
        return Err(Error::Invalid {
            what: Quantity::PlanSchedule,
            reason: "explicit amounts and capital calls do not scale with the headline; \
                     the largest headline needs a plan that does (upfront, installments, \
                     annual cap, ramp, weights)",
        });
    }
    let currency = lower.currency();
    for m in [upper, precision] {
        if m.currency() != currency {
            return Err(Error::CurrencyMismatch {
                expected: currency,
                found: m.currency(),
            });
        }
    }
    if !precision.is_positive() {
        return Err(Error::EmptyBounds {
            question: question(),
            what: Quantity::Precision,
            value: Value::Money(precision),
            bound: Bound::Positive,
        });
    }
    if lower.amount() > upper.amount() {
        return Err(Error::EmptyBounds {
            question: question(),
            what: Quantity::LowerBound,
            value: Value::Money(lower),
            bound: Bound::AtMost(Value::Money(upper)),
        });
    }
    let check = |h: Money| -> Result<(bool, Schedule, AffordabilityReport)> {
        let schedule = plan.schedule(h, TRANCHE)?;
        let (ok, report) = test.check(&schedule)?;
        Ok((ok, schedule, report))
    };
    let (ok, mut schedule, mut report) = check(lower)?;
    if !ok {
        return Err(Error::Infeasible {
            question: question(),
            attempt: Attempt::LowerBound(lower),
            summary: Box::new(report.summary),
        });
    }
    let mut checks = 1u32;
    if upper != lower {
        let (ok, s, r) = check(upper)?;
        checks += 1;
        if ok {
            return Ok(HeadlineAnswer {
                headline: upper,
                infeasible_above: None,
                schedule: s,
                report: r,
                checks,
            });
        }
    } else {
        return Ok(HeadlineAnswer {
            headline: lower,
            infeasible_above: None,
            schedule,
            report,
            checks,
        });
    }
    let (mut lo, mut hi) = (lower, upper);
    while hi.checked_sub(lo)?.amount() > precision.amount() {
        let half = hi
            .checked_sub(lo)?
            .checked_div(Decimal::TWO)?
            .round_to_minor(Rounding::Down);
        let mid = lo.checked_add(half)?;
        if mid.amount() <= lo.amount() || mid.amount() >= hi.amount() {
            break; // no whole minor unit strictly between
        }
        let (ok, s, r) = check(mid)?;
        checks += 1;
        if ok {
            lo = mid;
            schedule = s;
            report = r;
        } else {
            hi = mid;
        }
    }
    Ok(HeadlineAnswer {
        headline: lo,
        infeasible_above: Some(hi),
        schedule,
        report,
        checks,
    })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

    use super::*;
    use crate::affordability::{Capacity, Constraint, Funding, FundingSource, FxPath};
    use crate::time::Frequency;
    use crate::{Currency, FiscalYear};
    use rust_decimal_macros::dec;

    fn jan1() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    proptest::proptest! {
        /// The closed-form yearly totals are the generated schedule's,
        /// year by year, whatever the amount, count, tenor and fiscal year.
        #[test]
        fn year_totals_are_the_schedules(
            cents in proptest::prop_oneof![1i64..500, 1i64..100_000],
            n in 1u32..400,
            days in 0i64..800,
            tenor in proptest::prop_oneof![
                proptest::strategy::Just(Tenor::months(1)),
                proptest::strategy::Just(Tenor::years(1)),
                proptest::strategy::Just(Tenor::weeks(1)),
                proptest::strategy::Just(Tenor::days(3)),
                proptest::strategy::Just(Tenor::months(17)),
            ],
            month in 1u32..=12,
        ) {
            let fy = FiscalYear::new(month, crate::FiscalYearLabel::EndYear).unwrap();
            let capacity = Capacity::new(Currency::USD, fy, vec![Constraint::fixed_cap("c", dec!(1))]).unwrap();
            let a = Assessment::new(capacity);
            let start = jan1() + chrono::TimeDelta::days(days);
            let amount = Money::new(Decimal::new(cents, 2), Currency::USD);
            let mut years = YearTotals::new(amount, start, tenor, &a).unwrap();
            // Grow the count past `n` first, then ask for `n` (as the scan
            // never does, to test the cut at `n`).
            years.date_until(u64::from(n) + 7).unwrap();
            let got: Vec<PeriodTotal> = years.totals(n).collect::<Result<_>>().unwrap();
            let s = Plan::installments(start, n, tenor).schedule(amount, "t").unwrap();
            let want = s.aggregate(PeriodBasis::FiscalYear(fy)).unwrap();
            proptest::prop_assert_eq!(got, want);
        }
    }

    fn usd(x: Decimal) -> Money {
        Money::new(x, Currency::USD)
    }

    fn cap(x: Decimal) -> Capacity {
        Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", x)],
        )
        .unwrap()
    }

    fn borrow() -> Funding {
        Funding::new(vec![FundingSource::borrowing(0.0)], 0.0).unwrap()
    }

    /// 350 against a yearly cap of 20 needs 18 equal years (17.5 rounded
    /// up), against 25 exactly 14; shortest_tenor tries each count once.
    #[test]
    fn tenor_350_against_a_cap() {
        for (cap_usd, years) in [(dec!(20e9), 18u32), (dec!(25e9), 14)] {
            let a = shortest_tenor(
                usd(dec!(350e9)),
                jan1(),
                Frequency::Annual,
                60,
                &Assessment::new(cap(cap_usd)).funding(borrow()),
                Verdict::Strained,
            )
            .unwrap();
            assert_eq!(a.periods, years, "cap {cap_usd}: periods");
            assert_eq!(a.checks, years, "cap {cap_usd}: checks");
            assert!(a.report.summary.years_in_breach.is_empty(), "cap {cap_usd}: breaches");
            assert_eq!(a.schedule.len(), years as usize, "cap {cap_usd}: flows");
        }
    }

    #[test]
    fn tenor_zero_max_and_infeasible() {
        let (c, f) = (cap(dec!(20e9)), borrow());
        let t = Assessment::new(c).funding(f);
        assert_eq!(
            shortest_tenor(usd(dec!(1)), jan1(), Frequency::Annual, 0, &t, Verdict::Strained).unwrap_err(),
            Error::ZeroCount {
                what: Quantity::MaxPeriods
            }
        );
        let e = shortest_tenor(usd(dec!(350e9)), jan1(), Frequency::Annual, 17, &t, Verdict::Strained).unwrap_err();
        assert!(matches!(e, Error::Infeasible { .. }), "{e}");
        assert!(
            e.to_string().starts_with("no feasible answer for shortest tenor"),
            "{e}"
        );
    }

    #[test]
    fn tenor_affordable_acceptance_is_stricter() {
        // A $20B cap with unlimited borrowing: every year borrows, so
        // nothing is affordable.
        let (c, f) = (cap(dec!(20e9)), borrow());
        let t = Assessment::new(c).funding(f);
        let e = shortest_tenor(usd(dec!(350e9)), jan1(), Frequency::Annual, 40, &t, Verdict::Affordable).unwrap_err();
        assert!(matches!(e, Error::Infeasible { .. }));
    }

    /// $350B over 10 years, $100B of room in year one and $30B after: a
    /// $30B cap in the payer's currency EUR, and EUR 0.30 per USD in 2026,
    /// EUR 1 per USD later. Year one: 350·s ≤ 100 ⇒ s ≤ 28.57%; later:
    /// 35·(1 − s) ≤ 30 ⇒ s ≥ 14.29%. Largest share on the 1% grid: 28%.
    #[test]
    fn share_350_with_100_then_30() {
        let c = Capacity::new(
            Currency::EUR,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", dec!(30e9))],
        )
        .unwrap();
        let mut rates = vec![dec!(0.3)];
        rates.extend(std::iter::repeat_n(dec!(1), 20));
        let fx = FxPath::series(Currency::USD, Currency::EUR, 2026, rates).unwrap();
        let f = borrow();
        let t = Assessment::new(c).funding(f).fx(fx);
        let a = largest_upfront_share(usd(dec!(350e9)), jan1(), 10, DEFAULT_SHARE_STEP, &t, Verdict::Strained).unwrap();
        assert_eq!(a.share, dec!(0.28));
        assert_eq!(a.upfront, usd(dec!(98e9)));
        assert_eq!(a.schedule.len(), 11);
        assert_eq!(a.schedule.flows()[1].amount, usd(dec!(25.2e9)));
        // All spread (share 0) is infeasible here, yet 15%..28% are feasible.
        let feasibility = Feasibility {
            assessment: &t,
            accept: Verdict::Strained,
        };
        for (share, feasible) in [(Decimal::ZERO, false), (dec!(0.15), true), (dec!(0.29), false)] {
            let (_, s) = share_schedule(usd(dec!(350e9)), jan1(), 10, share).unwrap();
            assert_eq!(feasibility.check(&s).unwrap().0, feasible, "share {share}");
        }
    }

    #[test]
    fn share_bad_inputs() {
        let (c, f) = (cap(dec!(20e9)), borrow());
        let t = Assessment::new(c).funding(f);
        for step in [dec!(0), dec!(-0.1), dec!(1.01), dec!(1e-7)] {
            let e = largest_upfront_share(usd(dec!(100)), jan1(), 10, step, &t, Verdict::Strained).unwrap_err();
            assert!(
                matches!(
                    e,
                    Error::OutOfRange {
                        what: Quantity::ShareStep,
                        ..
                    }
                ),
                "{step}: {e}"
            );
        }
        let e =
            largest_upfront_share(usd(dec!(100)), jan1(), 0, DEFAULT_SHARE_STEP, &t, Verdict::Strained).unwrap_err();
        assert!(matches!(e, Error::ZeroCount { .. }));
        let e = largest_upfront_share(usd(dec!(0)), jan1(), 5, DEFAULT_SHARE_STEP, &t, Verdict::Strained).unwrap_err();
        assert!(matches!(e, Error::NonPositiveAmount { .. }));
    }

    #[test]
    fn share_one_is_all_upfront() {
        let (c, f) = (cap(dec!(20e9)), borrow());
        let t = Assessment::new(c).funding(f);
        let a = largest_upfront_share(usd(dec!(10e9)), jan1(), 5, DEFAULT_SHARE_STEP, &t, Verdict::Strained).unwrap();
        assert_eq!(a.share, dec!(1));
        assert_eq!(a.schedule.len(), 1);
    }

    #[test]
    fn headline_10_installments_under_20_is_200() {
        let (c, f) = (cap(dec!(20e9)), borrow());
        let t = Assessment::new(c).funding(f);
        let plan = Plan::installments(jan1(), 10, Frequency::Annual);
        let p = usd(dec!(1e6));
        let a = largest_headline(&plan, usd(dec!(1e9)), usd(dec!(1000e9)), p, &t, Verdict::Strained).unwrap();
        assert!(a.headline <= usd(dec!(200e9)), "{a}");
        assert!(a.headline.checked_add(p).unwrap() > usd(dec!(200e9)), "{a}");
        let hi = a.infeasible_above.unwrap();
        assert!(hi.checked_sub(a.headline).unwrap() <= p);
        assert!(a.checks <= 2 + 20);
        // To the cent.
        let a = largest_headline(
            &plan,
            usd(dec!(1e9)),
            usd(dec!(1000e9)),
            usd(dec!(0.01)),
            &t,
            Verdict::Strained,
        )
        .unwrap();
        assert_eq!(a.headline, usd(dec!(200e9)));
    }

    #[test]
    fn headline_bad_inputs() {
        let (c, f) = (cap(dec!(20e9)), borrow());
        let t = Assessment::new(c).funding(f);
        let plan = Plan::installments(jan1(), 10, Frequency::Annual);
        // Found by fuzzing the CLI: a capital-calls plan failed with its
        // sum check against the solver's lower bound ("flows sum to USD
        // 100.00, but must sum to USD 0.01").
        let calls = Plan::CapitalCalls(crate::CapitalCalls::new(
            vec![crate::Call {
                notice: crate::testing::jan1(),
                amount: dec!(100),
            }],
            10,
            crate::time::Calendar::WeekendsOnly,
        ));
        let e = largest_headline(
            &calls,
            usd(dec!(0.01)),
            usd(dec!(1000)),
            usd(dec!(0.01)),
            &t,
            Verdict::Strained,
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("plan schedule is out of range: explicit amounts and capital calls do not scale"),
            "{e}"
        );
        let e = largest_headline(&plan, usd(dec!(2)), usd(dec!(1)), usd(dec!(1)), &t, Verdict::Strained).unwrap_err();
        assert!(matches!(e, Error::EmptyBounds { .. }));
        let e = largest_headline(&plan, usd(dec!(1)), usd(dec!(2)), usd(dec!(0)), &t, Verdict::Strained).unwrap_err();
        assert!(matches!(e, Error::EmptyBounds { .. }));
        let e = largest_headline(
            &plan,
            usd(dec!(300e9)),
            usd(dec!(400e9)),
            usd(dec!(1)),
            &t,
            Verdict::Strained,
        )
        .unwrap_err();
        assert!(matches!(e, Error::Infeasible { .. }));
        let eur = Money::new(dec!(1), Currency::EUR);
        let e = largest_headline(&plan, usd(dec!(1)), usd(dec!(2)), eur, &t, Verdict::Strained).unwrap_err();
        assert!(matches!(e, Error::CurrencyMismatch { .. }));
        let a = largest_headline(&plan, usd(dec!(10)), usd(dec!(10)), usd(dec!(1)), &t, Verdict::Strained).unwrap();
        assert_eq!(a.headline, usd(dec!(10)));
    }
}
