//! Disbursement plans: how a tranche is paid.
//!
//! A [`Plan`] turns a tranche amount into a [`Schedule`] whose flows are
//! positive, dated on business days of the plan's calendar (when it has a
//! convention other than Unadjusted), and sum **exactly** to the tranche:
//! every split goes through [`allocate`](crate::allocate), the
//! largest-remainder method on minor units. Flows that land on the same
//! date are merged; zero parts (possible only when an amount has fewer
//! minor units than there are payments) are dropped.
//!
//! Plan amounts (caps, explicit flows, calls) are plain `Decimal`s in the
//! tranche's currency. Plans are data (they come from scenario files); they
//! are validated when a schedule is generated, each problem reported as a
//! typed [`Error`].

use std::fmt;
use std::sync::Arc;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::Label;
use crate::limits::MAX_PLAN_PAYMENTS;
use crate::schedule::{CashFlow, Schedule};
use crate::time::{BusinessCalendar, BusinessDayConvention, Calendar, Stepper, Tenor, TimeUnit, civil};
use crate::{Bound, Currency, Error, Money, Quantity, Result, Value, allocate};

mod annual_cap;
mod capital_calls;
mod explicit;
mod regular;

pub use annual_cap::AnnualCap;
pub use capital_calls::{Call, CapitalCalls, NoticeBasis};
pub use explicit::{Explicit, ExplicitFlow};
pub use regular::{InstallmentLength, Installments, Loading, Ramp, RampShape, Upfront, WeightsPlan};

/// The longest horizon, in years, that a capped plan may take to pay out
/// (one of the [`limits`](crate::limits)).
///
/// ```
/// assert_eq!(disburse::MAX_PLAN_YEARS, disburse::limits::MAX_PLAN_YEARS);
/// ```
pub const MAX_PLAN_YEARS: u32 = 1_000;

/// Whether installments are paid at the start or the end of each period.
///
/// ```
/// use disburse::Timing;
/// assert_eq!(Timing::default(), Timing::InAdvance);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// At the start of each period: the first payment is on the start date.
    #[default]
    InAdvance,
    /// At the end of each period: the first payment is one tenor after the start.
    InArrears,
}

fn default_convention() -> BusinessDayConvention {
    BusinessDayConvention::Following
}

fn default_tenor() -> Tenor {
    Tenor::years(1)
}

fn is_default_convention(c: &BusinessDayConvention) -> bool {
    *c == BusinessDayConvention::Following
}

fn is_null_calendar(c: &Calendar) -> bool {
    *c == Calendar::Null
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// How a tranche is paid. Serialized with a `kind` tag:
/// `{ "kind": "annual_cap", "start": "2026-01-01", "cap": "20000000000" }`.
///
/// ```
/// use disburse::{Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let plan: Plan = serde_json::from_str(r#"{"kind": "installments", "start": "2026-01-01", "count": 10}"#)?;
/// let s = plan.schedule(Money::new(dec!(350e9), Currency::USD), "pledge")?;
/// assert_eq!(s.len(), 10);
/// assert!(s.iter().all(|f| f.amount == Money::new(dec!(35e9), Currency::USD)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plan {
    /// Everything on one date.
    Upfront(Upfront),
    /// Equal payments at a tenor.
    Installments(Installments),
    /// At most a cap per year.
    AnnualCap(AnnualCap),
    /// Growing or shrinking payments.
    Ramp(Ramp),
    /// Explicit fractions per period.
    Weights(WeightsPlan),
    /// Explicit dated amounts.
    Explicit(Explicit),
    /// Capital calls on notice, optionally capped per year.
    CapitalCalls(CapitalCalls),
}

impl Plan {
    /// Everything on `date`.
    ///
    /// ```
    /// let p = disburse::Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    /// assert_eq!(p.kind(), "upfront");
    /// ```
    pub fn upfront(date: NaiveDate) -> Plan {
        Plan::Upfront(Upfront::new(date))
    }

    /// `count` equal payments every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::time::Frequency;
    /// let p = disburse::Plan::installments(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 10, Frequency::Annual);
    /// assert_eq!(p.kind(), "installments");
    /// ```
    pub fn installments(start: NaiveDate, count: u32, tenor: impl Into<Tenor>) -> Plan {
        Plan::Installments(Installments::count(start, count, tenor))
    }

    /// At most `cap` a calendar year, one payment a year from `start`.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// let p = disburse::Plan::annual_cap(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(20e9));
    /// assert_eq!(p.kind(), "annual_cap");
    /// ```
    pub fn annual_cap(start: NaiveDate, cap: Decimal) -> Plan {
        Plan::AnnualCap(AnnualCap::new(start, cap))
    }

    /// The plan's kind, as in its serde tag.
    ///
    /// ```
    /// assert_eq!(disburse::Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).kind(), "upfront");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Plan::Upfront(_) => "upfront",
            Plan::Installments(_) => "installments",
            Plan::AnnualCap(_) => "annual_cap",
            Plan::Ramp(_) => "ramp",
            Plan::Weights(_) => "weights",
            Plan::Explicit(_) => "explicit",
            Plan::CapitalCalls(_) => "capital_calls",
        }
    }

    /// The schedule that pays `amount` by this plan, each flow labelled
    /// `tranche`. Its flows are positive, sorted, one per date, and sum
    /// exactly to `amount`.
    ///
    /// # Errors
    /// - [`Error::NonPositiveAmount`] / [`Error::NotWholeMinorUnits`] for
    ///   the amount, a cap or a user-given flow;
    /// - [`Error::ZeroCount`], [`Error::ZeroTenor`], [`Error::Empty`] for
    ///   plans with nothing to pay on;
    /// - [`Error::EmptyWeights`], [`Error::NegativeWeight`],
    ///   [`Error::WeightsDoNotSumToOne`] for bad weights;
    /// - [`Error::FlowsDoNotSum`] when explicit flows or calls do not sum
    ///   to the amount;
    /// - [`Error::CapTooSmall`] when a cap cannot pay within
    ///   [`MAX_PLAN_YEARS`];
    /// - [`Error::OutOfRange`] on [`Quantity::PaymentCount`] when the plan
    ///   would make more than
    ///   [`MAX_PLAN_PAYMENTS`](crate::limits::MAX_PLAN_PAYMENTS) payments
    ///   (counted by [`Plan::payment_count`] before any date is generated),
    ///   on [`Quantity::NoticeDays`] for a notice period longer than
    ///   [`MAX_NOTICE_DAYS`](crate::limits::MAX_NOTICE_DAYS);
    /// - date errors from the calendar or schedule generation.
    ///
    /// Every flow carries the label: inline when it has at most
    /// [`Label::INLINE_BYTES`] bytes, else shared by the flows, and a
    /// thread keeps the last long label it made, so a run of schedules with
    /// the same long label allocates it once.
    pub fn schedule(&self, amount: Money, tranche: &str) -> Result<Schedule> {
        let mut out = Schedule::empty(amount.currency());
        self.schedule_into(amount, &shared_label(tranche), &mut out)?;
        Ok(out)
    }

    /// [`Plan::schedule`] into `out`, whose storage is reused (it is
    /// replaced whatever it held), every flow labelled with the shared
    /// `tranche`: for sweeps, solvers and risk paths that generate many
    /// schedules. Upfront plans, installments by count and annual caps
    /// whose dates increase strictly allocate nothing once `out` has room
    /// for their flows; capital calls allocate only their due dates; other
    /// plans reuse `out` for the result but allocate their intermediate
    /// dates and splits. On an error
    /// `out` is left empty.
    ///
    /// # Errors
    /// As [`Plan::schedule`].
    ///
    /// ```
    /// use disburse::{Currency, Label, Money, Plan, Schedule};
    /// use disburse::time::Tenor;
    /// use rust_decimal_macros::dec;
    /// let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let label = Label::new("cash");
    /// let mut out = Schedule::empty(Currency::USD);
    /// let plan = Plan::installments(start, 10, Tenor::years(1));
    /// plan.schedule_into(Money::new(dec!(350e9), Currency::USD), &label, &mut out)?;
    /// let storage = out.flows().as_ptr();
    /// // The second run reuses the storage: no allocation.
    /// plan.schedule_into(Money::new(dec!(200e9), Currency::USD), &label, &mut out)?;
    /// assert_eq!(out.flows().as_ptr(), storage);
    /// assert_eq!(out.len(), 10);
    /// assert_eq!(out.total()?.amount(), dec!(200e9));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule_into(&self, amount: Money, tranche: &Label, out: &mut Schedule) -> Result<()> {
        let currency = amount.currency();
        // The old flows stay in `buf` so that slots labelled with the same
        // `tranche` are overwritten in place (no reference counting per
        // flow); plans that do not reuse slots clear it.
        let buf = out.take_storage();
        *out = Schedule::empty(currency);
        // Counted installments: the amount's checks and its conversion to
        // minor units at once (the same errors, in the same order).
        if let Plan::Installments(
            i @ Installments {
                length: InstallmentLength::Count(count),
                ..
            },
        ) = self
        {
            let units = positive_whole_units(amount, || Quantity::Tranche(tranche.to_string()))?;
            check_payment_count(Quantity::PaymentCount, u64::from(*count))?;
            *out = equal_installments(i, *count, amount, units, tranche, buf)?;
            return Ok(());
        }
        *out = self.schedule_other(amount, tranche, buf)?;
        Ok(())
    }

    /// [`Plan::schedule_into`] for every plan but installments by count
    /// (kept out of line, so that their path stays lean), into `buf`.
    #[inline(never)]
    fn schedule_other(&self, amount: Money, tranche: &Label, mut buf: Vec<CashFlow>) -> Result<Schedule> {
        let currency = amount.currency();
        positive_whole(amount.amount(), currency, || Quantity::Tranche(tranche.to_string()))?;
        let bound = self.payment_count(amount)?;
        check_payment_count(Quantity::PaymentCount, bound)?;
        let flows: Vec<(NaiveDate, Money)> = match self {
            Plan::Upfront(u) => {
                let date = u.calendar.adjust(u.date, u.convention)?;
                buf.truncate(1);
                put(&mut buf, 0, date, amount, tranche);
                return Ok(Schedule::from_sorted(currency, buf));
            }
            Plan::Installments(i) => {
                let dates = i.dates()?;
                if dates.is_empty() {
                    return Err(Error::ZeroCount {
                        what: Quantity::InstallmentCount,
                    });
                }
                split(&dates, amount, &vec![Decimal::ONE; dates.len()])?
            }
            Plan::AnnualCap(c) => {
                if c.write_schedule(amount, tranche, &mut buf, bound).is_some() {
                    return Ok(Schedule::from_sorted(currency, buf));
                }
                c.flows(amount)?
            }
            Plan::Ramp(r) => {
                let weights = r.weights()?;
                let first = match r.timing {
                    Timing::InAdvance => 0,
                    Timing::InArrears => 1,
                };
                let dates = regular_dates(r.start, r.tenor, first, r.count, false, &r.calendar, r.convention)?;
                split(&dates, amount, &weights)?
            }
            Plan::Weights(w) => {
                w.check()?;
                let first = match w.timing {
                    Timing::InAdvance => 0,
                    Timing::InArrears => 1,
                };
                let n = u32::try_from(w.weights.len()).map_err(|_| Error::overflow("weights count"))?;
                let dates = regular_dates(w.start, w.tenor, first, n, false, &w.calendar, w.convention)?;
                split(&dates, amount, &w.weights)?
            }
            Plan::Explicit(e) => {
                if e.flows.is_empty() {
                    return Err(Error::Empty {
                        what: Quantity::ExplicitFlows,
                    });
                }
                let flows = e
                    .flows
                    .iter()
                    .map(|f| {
                        Ok((
                            f.date,
                            positive_whole(f.amount, currency, || Quantity::ExplicitFlow(f.date))?,
                        ))
                    })
                    .collect::<Result<Vec<_>>>()?;
                check_sum(Quantity::ExplicitPlan, flows.iter().map(|(_, m)| *m), amount)?;
                flows
            }
            Plan::CapitalCalls(c) => {
                if c.write_schedule(amount, tranche, &mut buf).is_some() {
                    return Ok(Schedule::from_sorted(currency, buf));
                }
                c.flows(amount)?
            }
        };
        to_schedule(currency, tranche, flows, buf)
    }
}

impl Plan {
    /// How many payments the plan makes when it pays `amount`, counted
    /// from its parameters without generating a date: O(1) for every plan
    /// but those given as lists (weights, explicit flows, calls), whose
    /// count is their length.
    ///
    /// Exact before business-day adjustment (payments that adjust to the
    /// same date are merged, so a schedule may have fewer flows): a count,
    /// the number of weights or flows, or, for installments until an end
    /// date, the tenors that fit (months between the dates for month and
    /// year tenors, days for day and week tenors). For plans whose length
    /// depends on the amount it is an upper bound: an annual cap pays in
    /// ⌈amount / cap⌉ years, each with at most ⌈366 days / tenor⌉ + 1
    /// dates; capital calls make their calls plus at most one spill-over
    /// payment in each of those years.
    ///
    /// # Errors
    /// [`Error::ZeroTenor`] for installments until a date with a zero
    /// tenor; for capped plans the cap's errors ([`Error::NonPositiveAmount`],
    /// [`Error::CapTooSmall`]).
    ///
    /// ```
    /// use disburse::{Currency, Installments, Money, Plan};
    /// use disburse::time::Tenor;
    /// let d = |y, m, dd| chrono::NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let one = Money::new(rust_decimal::Decimal::ONE, Currency::USD);
    /// let daily = Plan::Installments(Installments::until(d(1, 1, 1), d(9999, 12, 31), Tenor::days(1)));
    /// assert_eq!(daily.payment_count(one)?, 3_652_058);
    /// assert!(daily.schedule(one, "t").is_err()); // more than 100,000 payments
    /// let monthly = Plan::Installments(Installments::until(d(2026, 1, 31), d(2027, 1, 31), Tenor::months(1)));
    /// assert_eq!(monthly.payment_count(one)?, 12);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn payment_count(&self, amount: Money) -> Result<u64> {
        let len = |n: usize| u64::try_from(n).unwrap_or(u64::MAX);
        Ok(match self {
            Plan::Upfront(_) => 1,
            Plan::Installments(i) => match i.length {
                InstallmentLength::Count(n) => u64::from(n),
                InstallmentLength::Until(end) => {
                    if i.tenor.length() == 0 {
                        return Err(Error::ZeroTenor);
                    }
                    tenors_before(i.start, end, i.tenor)
                }
            },
            Plan::Ramp(r) => u64::from(r.count),
            Plan::Weights(w) => len(w.weights.len()),
            Plan::Explicit(e) => len(e.flows.len()),
            Plan::AnnualCap(c) => {
                if c.tenor.length() == 0 {
                    return Err(Error::ZeroTenor);
                }
                u64::from(cap_years(c.cap, amount)?).saturating_mul(most_per_year(c.tenor))
            }
            Plan::CapitalCalls(c) => {
                let spills = match c.annual_cap {
                    Some(cap) => u64::from(cap_years(cap, amount)?),
                    None => 0,
                };
                len(c.calls.len()).saturating_add(spills)
            }
        })
    }
}

/// ⌈amount / cap⌉ for a cap (rounded down to whole minor units), at most
/// [`MAX_PLAN_YEARS`] (checked first, so the division cannot overflow).
fn cap_years(cap: Decimal, amount: Money) -> Result<u32> {
    let cap = whole_cap(cap, amount.currency(), Quantity::AnnualCap)?;
    check_cap_horizon(cap, amount)?;
    let years = amount
        .amount()
        .checked_div(cap.amount())
        .map(|q| q.ceil())
        .and_then(|q| u32::try_from(q).ok())
        .unwrap_or(MAX_PLAN_YEARS);
    Ok(years.min(MAX_PLAN_YEARS))
}

/// The most dates `start + k·tenor` that fall in one (fiscal) year of at
/// most 366 days: ⌈366 days / tenor⌉ + 1. `tenor` is not zero.
fn most_per_year(tenor: Tenor) -> u64 {
    let step = u64::from(tenor.length());
    match tenor.unit() {
        TimeUnit::Days => 366u64.div_ceil(step) + 1,
        TimeUnit::Weeks => 366u64.div_ceil(step.saturating_mul(7)) + 1,
        TimeUnit::Months => 12u64.div_ceil(step) + 1,
        TimeUnit::Years => 2,
    }
}

/// The number of k ≥ 0 with `start + k·tenor < end` (unadjusted, month
/// days clamped): the dates a Forward schedule from `start` to `end` has
/// before `end`, in O(1). `tenor` is not zero.
fn tenors_before(start: NaiveDate, end: NaiveDate, tenor: Tenor) -> u64 {
    if end <= start {
        return 0;
    }
    let step = u64::from(tenor.length());
    match tenor.unit() {
        TimeUnit::Days | TimeUnit::Weeks => {
            let per = if tenor.unit() == TimeUnit::Weeks { 7 } else { 1 };
            let days = u64::try_from((end - start).num_days()).unwrap_or(0);
            days.div_ceil(step * per)
        }
        TimeUnit::Months | TimeUnit::Years => {
            let per = if tenor.unit() == TimeUnit::Years { 12 } else { 1 };
            let month = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            let months = u64::try_from(month(end) - month(start)).unwrap_or(0);
            // Dates k < k0 fall in an earlier month than `end`; k0 may fall
            // in `end`'s month, before or after it; k0 + 1 is past it.
            let k0 = months / (step * per);
            let before = i64::try_from(k0)
                .ok()
                .and_then(|k| tenor.add_to(start, k).ok())
                .is_some_and(|d| d < end);
            k0 + u64::from(before)
        }
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Plan::Upfront(u) => write!(f, "upfront on {}", u.date),
            Plan::Installments(i) => match i.length {
                InstallmentLength::Count(n) => write!(f, "{n} installments every {} from {}", i.tenor, i.start),
                InstallmentLength::Until(end) => write!(f, "installments every {} from {} to {end}", i.tenor, i.start),
            },
            Plan::AnnualCap(c) => write!(f, "at most {} a year from {}", c.cap.normalize(), c.start),
            Plan::Ramp(r) => {
                let l = match r.loading {
                    Loading::Front => "front",
                    Loading::Back => "back",
                };
                write!(
                    f,
                    "{l}-loaded {} ramp of {} payments every {} from {}",
                    r.shape, r.count, r.tenor, r.start
                )
            }
            Plan::Weights(w) => write!(
                f,
                "{} weighted payments every {} from {}",
                w.weights.len(),
                w.tenor,
                w.start
            ),
            Plan::Explicit(e) => write!(f, "{} explicit flows", e.flows.len()),
            Plan::CapitalCalls(c) => {
                write!(f, "{} capital calls, {} days' notice", c.calls.len(), c.notice_days)?;
                if let Some(cap) = c.annual_cap {
                    write!(f, ", at most {} a year", cap.normalize())?;
                }
                Ok(())
            }
        }
    }
}

/// `count` adjusted dates `start + k·tenor` for k = first, first+1, ….
fn regular_dates(
    start: NaiveDate,
    tenor: Tenor,
    first: i64,
    count: u32,
    end_of_month: bool,
    calendar: &Calendar,
    convention: BusinessDayConvention,
) -> Result<Vec<NaiveDate>> {
    if count == 0 {
        return Err(Error::ZeroCount {
            what: Quantity::PaymentCount,
        });
    }
    check_payment_count(Quantity::PaymentCount, u64::from(count))?;
    if tenor.length() == 0 && count > 1 {
        return Err(Error::ZeroTenor);
    }
    let eom = end_of_month && tenor.is_monthly() && civil::is_month_end(start);
    (first..first + i64::from(count))
        .map(|k| calendar.adjust(tenor.advance(start, k, eom)?, convention))
        .collect()
}

/// Rejects more payments than a plan may make
/// ([`MAX_PLAN_PAYMENTS`](crate::limits::MAX_PLAN_PAYMENTS)), before
/// anything is allocated for them.
/// [`Plan::schedule`] of `count` installments paying `amount`, `units`
/// minor units (`None`: too many to count, an error), built in one pass:
/// each date is adjusted as [`regular_dates`] would, each amount is one of
/// the two values of the equal split (`⌊t/n⌋` minor units, one more for the
/// first `t mod n` payments, exactly what [`allocate`] gives equal weights:
/// no per-part multiplication or division), and the cash flows go straight
/// into the schedule's vector, payments that land on one date merged and
/// zero parts dropped, as [`to_schedule`] does. Runs of monthly or yearly
/// dates on a calendar with a day kernel come from the stepper's dedicated
/// loop (`MonthStepper::fill`).
fn equal_installments(
    i: &Installments,
    count: u32,
    amount: Money,
    units: Option<u128>,
    label: &Label,
    mut out: Vec<CashFlow>,
) -> Result<Schedule> {
    if count == 0 {
        return Err(Error::ZeroCount {
            what: Quantity::PaymentCount,
        });
    }
    if i.tenor.length() == 0 && count > 1 {
        return Err(Error::ZeroTenor);
    }
    let first = match i.timing {
        Timing::InAdvance => 0,
        Timing::InArrears => 1,
    };
    let eom = i.end_of_month && i.tenor.is_monthly() && civil::is_month_end(i.start);
    let currency = amount.currency();
    let total = units.ok_or_else(|| Error::overflow("conversion to minor units"))?;
    // One machine division when the total fits 64 bits (any amount below
    // about 1.8e17 in cents).
    let (base, extra) = match u64::try_from(total) {
        Ok(t) => (u128::from(t / u64::from(count)), u128::from(t % u64::from(count))),
        Err(_) => (total / u128::from(count), total % u128::from(count)),
    };
    let low = crate::money::minor_to_money(base, false, currency)?;
    let high = if extra > 0 {
        crate::money::minor_to_money(base + 1, false, currency)?
    } else {
        low
    };
    let count = count as usize;
    if out.len() < count {
        out.reserve(count - out.len());
    }
    // The first `extra` payments are `high`, the rest `low`.
    let extra = usize::try_from(extra).unwrap_or(usize::MAX).min(count);
    // Flows written so far (slots past it hold the old flows), and
    // payments placed.
    let (mut len, mut j) = (0usize, 0usize);
    // `start + k·tenor` from the start's decoded fields, as `Tenor::advance`
    // computes it; outside chrono's range, `advance` names the error.
    let mut stepper = Stepper::new(i.start, i.tenor, eom);
    let kernel = i.calendar.day_kernel();
    let mut placed = Placed::Yes;
    if first == 0 {
        // Payment 0 is on the start itself (a month end when the
        // end-of-month rule applies), where the stepper stands.
        let date = match &kernel {
            // Every day a business day: the start as it is.
            Some(k) if k.is_everyday() => i.start,
            _ => i.calendar.adjust(i.start, i.convention)?,
        };
        place(&mut out, &mut len, date, if extra > 0 { high } else { low }, label)?;
        j = 1;
    }
    // Dates from the dedicated loop, a chunk at a time.
    let mut chunk = [NaiveDate::MIN; 64];
    while j < count {
        // The dedicated loop from the stepper's position, when it is on
        // the payment before this one.
        if let (Some(kernel), Stepper::Months(m)) = (kernel.as_ref(), &mut stepper)
            && m.last_k() == first + j as i64 - 1
        {
            let want = chunk.len().min(count - j);
            let last = len
                .checked_sub(1)
                .and_then(|l| out.get(l))
                .map_or(NaiveDate::MIN, |f| f.date);
            let got = m.fill(kernel, i.convention, last, chunk.get_mut(..want).unwrap_or(&mut []));
            // Dates strictly increasing from the last flow written (the
            // loop stops before one that is not): no payment merges, so
            // the chunk is written in two runs, the `high` payments, then
            // the `low`, each amount staying in registers across its run.
            let dates = chunk.get(..got.min(want)).unwrap_or(&[]);
            let highs = extra.saturating_sub(j).min(dates.len());
            let (h, l) = dates.split_at(highs);
            write_run(&mut out, &mut len, h, high, label);
            write_run(&mut out, &mut len, l, low, label);
            j += dates.len();
            if j == count {
                break;
            }
            if got == want {
                continue;
            }
        }
        // j < count ≤ u32::MAX.
        let k = first + j as i64;
        let date = match stepper.at_adjusted(k, kernel.as_ref(), i.convention) {
            Some((_, Some(adjusted))) => adjusted,
            Some((raw, None)) => i.calendar.adjust(raw, i.convention)?,
            None => i.calendar.adjust(i.tenor.advance(i.start, k, eom)?, i.convention)?,
        };
        let part = if j < extra { high } else { low };
        placed = place(&mut out, &mut len, date, part, label)?;
        j += 1;
        if placed == Placed::Before {
            break;
        }
    }
    if placed == Placed::Before {
        // Adjusted regular dates never go back; if a calendar made them,
        // the general path sorts.
        let dates = i.dates()?;
        return to_schedule(
            currency,
            label,
            split(&dates, amount, &vec![Decimal::ONE; dates.len()])?,
            out,
        );
    }
    out.truncate(len);
    if base == 0 {
        out.retain(|f| !f.amount.is_zero());
    }
    Ok(Schedule::from_sorted(currency, out))
}

/// What [`place`] did with a payment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Placed {
    /// Written, or added to the last flow on the same date.
    Yes,
    /// Not placed: its date is before the last flow's.
    Before,
}

/// `text` as a label: inline when short; a long one shares the last long
/// label made on this thread when it has the same text (a reference count,
/// no allocation), else is allocated and replaces it. Keeps at most one
/// label per thread.
fn shared_label(text: &str) -> Label {
    if text.len() <= Label::INLINE_BYTES {
        return Label::new(text);
    }
    thread_local! {
        static LAST: std::cell::RefCell<Option<Arc<str>>> = const { std::cell::RefCell::new(None) };
    }
    LAST.try_with(|last| {
        let mut last = last.try_borrow_mut().ok()?;
        match &*last {
            Some(label) if **label == *text => Some(Arc::clone(label)),
            _ => {
                let label: Arc<str> = Arc::from(text);
                *last = Some(Arc::clone(&label));
                Some(label)
            }
        }
    })
    .ok()
    .flatten()
    .map_or_else(|| Label::new(text), Label::from)
}

/// Sets a reused flow's label, kept when it is already `label` (a
/// comparison of 16 bytes for a short label, of pointers for the same
/// shared one), so reusing a buffer writes no label and touches no
/// reference count.
#[inline(always)]
fn set_label(slot: &mut Label, label: &Label) {
    if slot != label {
        *slot = label.clone();
    }
}

/// Places a payment of `part` on `date` after the `len` flows written:
/// added to the last when on its date, else written at `len`.
#[inline(always)]
fn place(out: &mut Vec<CashFlow>, len: &mut usize, date: NaiveDate, part: Money, label: &Label) -> Result<Placed> {
    match len.checked_sub(1).and_then(|l| out.get_mut(l)) {
        Some(last) if last.date == date => {
            last.amount = last.amount.checked_add(part)?;
            Ok(Placed::Yes)
        }
        Some(last) if last.date > date => Ok(Placed::Before),
        _ => {
            put(out, *len, date, part, label);
            *len += 1;
            Ok(Placed::Yes)
        }
    }
}

/// Writes a flow of `amount` on each of `dates` after the `len` flows
/// written (the dates increasing, none on the last flow's date): over the
/// old flows where there are any, as [`put`] does, then pushed.
#[inline(always)]
fn write_run(out: &mut Vec<CashFlow>, len: &mut usize, dates: &[NaiveDate], amount: Money, label: &Label) {
    let start = *len;
    let over = out.len().saturating_sub(start).min(dates.len());
    let (old, new) = dates.split_at(over);
    if let Some(slots) = out.get_mut(start..start + over) {
        for (slot, &date) in slots.iter_mut().zip(old) {
            slot.date = date;
            slot.amount = amount;
            set_label(&mut slot.tranche, label);
        }
    }
    // Past the old flows (`out` ends at `start + over` when `new` is not
    // empty): pushed into the room reserved for `count` flows.
    if !new.is_empty() {
        out.extend(new.iter().map(|&date| CashFlow {
            date,
            amount,
            tranche: label.clone(),
        }));
    }
    *len = start + dates.len();
}

/// `amount` in minor units, checked positive and whole as
/// [`positive_whole`] does (the same errors, in the same order) and
/// converted as [`Money::to_minor_units`] does, without normalizing the
/// decimal: one multiplication by a power of ten, or, for an amount with
/// more decimals than the currency, one division checked exact. `Ok(None)`
/// when the count does not fit a `u128`.
fn positive_whole_units(amount: Money, what: impl Fn() -> Quantity) -> Result<Option<u128>> {
    let (value, currency) = (amount.amount(), amount.currency());
    let mantissa = value.mantissa();
    if mantissa <= 0 {
        return Err(Error::NonPositiveAmount { what: what(), amount });
    }
    // A mantissa fits 96 bits; a scale is at most 28.
    let mantissa = mantissa.unsigned_abs();
    let (scale, minor) = (value.scale(), u32::from(currency.minor_units()));
    if scale <= minor {
        return Ok(10u128.checked_pow(minor - scale).and_then(|f| mantissa.checked_mul(f)));
    }
    let divisor = 10u128.pow(scale - minor);
    if mantissa % divisor != 0 {
        return Err(Error::NotWholeMinorUnits {
            what: what(),
            amount: value,
            currency,
        });
    }
    Ok(Some(mantissa / divisor))
}

/// Writes a flow at `index` (at most `out.len()`): over the old flow there,
/// keeping its label when it is already `label` (no reference counting),
/// or pushed.
#[inline(always)]
fn put(out: &mut Vec<CashFlow>, index: usize, date: NaiveDate, amount: Money, label: &Label) {
    match out.get_mut(index) {
        Some(slot) => {
            slot.date = date;
            slot.amount = amount;
            set_label(&mut slot.tranche, label);
        }
        None => out.push(CashFlow {
            date,
            amount,
            tranche: label.clone(),
        }),
    }
}

pub(super) fn check_payment_count(what: Quantity, count: u64) -> Result<()> {
    if count > u64::from(MAX_PLAN_PAYMENTS) {
        return Err(Error::out_of_range(
            what,
            count,
            Bound::AtMost(Value::from(MAX_PLAN_PAYMENTS)),
        ));
    }
    Ok(())
}

/// `amount` split over `dates` by `weights` (same length).
fn split(dates: &[NaiveDate], amount: Money, weights: &[Decimal]) -> Result<Vec<(NaiveDate, Money)>> {
    let parts = allocate(amount, weights)?;
    Ok(dates.iter().copied().zip(parts).collect())
}

/// Appends `pay` split equally over `dates`.
fn push_split(out: &mut Vec<(NaiveDate, Money)>, dates: &[NaiveDate], pay: Money) -> Result<()> {
    let (high, low, extra) = pay.even_parts(dates.len())?;
    out.reserve(dates.len());
    let (h, l) = dates.split_at(extra.min(dates.len()));
    out.extend(h.iter().map(|&d| (d, high)));
    out.extend(l.iter().map(|&d| (d, low)));
    Ok(())
}

/// Sorts flows by date (stably), merges equal dates, drops zeros.
fn to_schedule(
    currency: Currency,
    label: &Label,
    mut flows: Vec<(NaiveDate, Money)>,
    mut out: Vec<CashFlow>,
) -> Result<Schedule> {
    flows.sort_by_key(|(d, _)| *d);
    out.clear();
    out.reserve(flows.len());
    for (date, amount) in flows {
        match out.last_mut() {
            Some(last) if last.date == date => last.amount = last.amount.checked_add(amount)?,
            _ => out.push(CashFlow {
                date,
                amount,
                tranche: label.clone(),
            }),
        }
    }
    out.retain(|f| !f.amount.is_zero());
    Ok(Schedule::from_sorted(currency, out))
}

/// `value` as money, checked positive and whole in minor units.
pub(crate) fn positive_whole(value: Decimal, currency: Currency, what: impl Fn() -> Quantity) -> Result<Money> {
    let m = Money::new(value, currency);
    if !m.is_positive() {
        return Err(Error::NonPositiveAmount {
            what: what(),
            amount: m,
        });
    }
    if !m.is_whole_minor() {
        return Err(Error::NotWholeMinorUnits {
            what: what(),
            amount: value,
            currency,
        });
    }
    Ok(m)
}

/// A cap as money, rounded down to whole minor units, at least one unit.
fn whole_cap(cap: Decimal, currency: Currency, what: Quantity) -> Result<Money> {
    let m = Money::new(cap, currency).round_to_minor(crate::Rounding::Down);
    if !m.is_positive() {
        return Err(Error::NonPositiveAmount {
            what,
            amount: Money::new(cap, currency),
        });
    }
    Ok(m)
}

fn cap_too_small(cap: Money, amount: Money) -> Error {
    Error::CapTooSmall {
        cap,
        amount,
        max_years: MAX_PLAN_YEARS,
    }
}

/// Fails fast when paying `amount` at `cap` a year needs more than
/// [`MAX_PLAN_YEARS`] years: `ceil(amount / cap) > MAX_PLAN_YEARS`, that is
/// `amount > cap · MAX_PLAN_YEARS`, compared without dividing (the quotient
/// of a huge amount by a tiny cap overflows `Decimal`). Both are positive;
/// a product beyond `Decimal`'s range exceeds every amount.
fn check_cap_horizon(cap: Money, amount: Money) -> Result<()> {
    let limit = cap.amount().checked_mul(Decimal::from(MAX_PLAN_YEARS));
    if limit.is_some_and(|limit| amount.amount() > limit) {
        return Err(cap_too_small(cap, amount));
    }
    Ok(())
}

fn check_sum(what: Quantity, parts: impl Iterator<Item = Money>, expected: Money) -> Result<()> {
    let sum = Money::checked_sum(parts, expected.currency())?;
    if sum != expected {
        return Err(Error::FlowsDoNotSum { what, expected, sum });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::time::WeekendsOnly;
    use rust_decimal_macros::dec;

    /// Generating into a reused schedule gives what a fresh one does,
    /// whatever the buffer held (longer, shorter, another label, another
    /// kind of plan).
    #[test]
    fn schedule_into_reuses_the_buffer_and_equals_a_fresh_schedule() {
        use crate::time::BusinessDayConvention as C;
        let a: Label = Label::new("a");
        let b: Label = Label::new("b");
        // Longer than 15 bytes: shared, not inline.
        let long: Label = Label::new("the second tranche, paid in monthly installments");
        assert!(!long.is_inline() && a.is_inline());
        let plans = [
            Plan::installments(d(2026, 1, 31), 360, Tenor::months(1)),
            Plan::installments(d(2026, 1, 1), 10, Tenor::years(1)),
            Plan::Installments(
                Installments::count(d(2026, 1, 1), 30, Tenor::days(1)).adjusted(WeekendsOnly, C::Following),
            ),
            Plan::upfront(d(2026, 3, 1)),
            Plan::annual_cap(d(2026, 1, 1), dec!(20)),
            Plan::installments(d(2026, 1, 1), 400, Tenor::days(1)),
        ];
        let mut out = Schedule::empty(Currency::USD);
        for (round, label) in [&a, &b, &long, &long, &a].into_iter().enumerate() {
            for plan in &plans {
                for amount in [usd(dec!(350)), usd(dec!(1.23))] {
                    let fresh = plan.schedule(amount, label).unwrap();
                    plan.schedule_into(amount, label, &mut out).unwrap();
                    assert_eq!(out, fresh, "round {round}, {plan:?}, {amount}");
                    assert!(out.iter().all(|f| f.tranche == *label));
                }
            }
        }
        // An error leaves the buffer empty.
        assert!(plans[0].schedule_into(usd(dec!(-1)), &a, &mut out).is_err());
        assert!(out.is_empty());
    }

    /// Schedules made one after another with short and long labels (a long
    /// one is shared with the previous schedule of the same text on the
    /// thread) each carry their own text.
    #[test]
    fn schedules_carry_their_own_label() {
        let plan = Plan::installments(d(2026, 1, 1), 3, Tenor::years(1));
        let long = "the second tranche, paid in three installments";
        for text in [
            "same",
            long,
            long,
            "other",
            "same",
            long,
            "a different long tranche name",
        ] {
            let s = plan.schedule(usd(dec!(3)), text).unwrap();
            assert!(s.iter().all(|f| f.tranche == text), "{text}");
            assert_eq!(s.flows()[0].tranche.is_inline(), text.len() <= 15);
        }
    }

    /// A run of payments written partly over the old flows of a shorter
    /// buffer (another label) and partly pushed: the same schedule as a
    /// fresh one. 100.00 over 12 payments is 10,000 cents = 12 × 833 + 4,
    /// so the first 4 pay 8.34 and the other 8 pay 8.33 (4 × 8.34 + 8 ×
    /// 8.33 = 33.36 + 66.64 = 100.00).
    #[test]
    fn installments_over_a_shorter_buffer_equal_a_fresh_schedule() {
        let (a, b): (Label, Label) = (Label::new("a"), Label::new("b"));
        let plan = Plan::installments(d(2026, 1, 31), 12, Tenor::months(1));
        let mut out = Schedule::empty(Currency::USD);
        Plan::installments(d(2030, 1, 1), 5, Tenor::months(1))
            .schedule_into(usd(dec!(5)), &b, &mut out)
            .unwrap();
        assert_eq!(out.len(), 5);
        plan.schedule_into(usd(dec!(100)), &a, &mut out).unwrap();
        assert_eq!(out, plan.schedule(usd(dec!(100)), "a").unwrap());
        assert!(out.iter().all(|f| f.tranche == a));
        let amounts: Vec<Decimal> = out.iter().map(|f| f.amount.amount()).collect();
        assert_eq!(amounts[..4], [dec!(8.34); 4]);
        assert_eq!(amounts[4..], [dec!(8.33); 8]);
        // Month ends clamped from the 31st: Feb 28, Apr 30, Dec 31.
        assert_eq!(out.flows()[1].date, d(2026, 2, 28));
        assert_eq!(out.flows()[3].date, d(2026, 4, 30));
        assert_eq!(out.flows()[11].date, d(2026, 12, 31));
    }

    /// The one-pass installments equal the general path: dates from
    /// `regular_dates`, parts from `allocate` with equal weights, merged by
    /// `to_schedule`.
    #[test]
    fn equal_installments_match_the_general_path() {
        use crate::time::BusinessDayConvention as C;
        let general = |i: &Installments, amount: Money| {
            let dates = i.dates().unwrap();
            to_schedule(
                amount.currency(),
                &Label::new("t"),
                split(&dates, amount, &vec![Decimal::ONE; dates.len()]).unwrap(),
                Vec::new(),
            )
            .unwrap()
        };
        let jpy = |x| Money::new(x, Currency::JPY);
        let cases = [
            // 350e9 / 360 = 972,222,222.22 remainder 80 cents: the first 80
            // payments get 972,222,222.23.
            (
                Installments::count(d(2026, 1, 1), 360, Tenor::months(1)).adjusted(WeekendsOnly, C::ModifiedFollowing),
                usd(dec!(350_000_000_000)),
            ),
            // Daily with Following: Saturday and Sunday merge into Monday.
            (
                Installments::count(d(2026, 1, 1), 20, Tenor::days(1)).adjusted(WeekendsOnly, C::Following),
                usd(dec!(100)),
            ),
            // Fewer minor units than payments: zero parts are dropped.
            (Installments::count(d(2026, 1, 1), 7, Tenor::months(1)), jpy(dec!(3))),
            // In arrears, end of month, preceding.
            (
                Installments::count(d(2026, 2, 28), 13, Tenor::months(1))
                    .timing(Timing::InArrears)
                    .end_of_month(true)
                    .adjusted(WeekendsOnly, C::Preceding),
                usd(dec!(1000.01)),
            ),
            // March closed: February's payment (on a Saturday) and March's
            // both go on to 1 April, where the dedicated loop stops and the
            // payments merge.
            (
                Installments::count(d(2026, 1, 30), 15, Tenor::months(1)).adjusted(
                    crate::time::HolidayCalendar::new(
                        "march closed",
                        (2026..2028).flat_map(|y| d(y, 3, 1).iter_days().take(31)),
                    ),
                    C::Following,
                ),
                usd(dec!(1500.07)),
            ),
        ];
        for (i, amount) in &cases {
            let fast = Plan::Installments(i.clone()).schedule(*amount, "t").unwrap();
            assert_eq!(fast, general(i, *amount), "{i:?}");
        }
        let march = Plan::Installments(cases[4].0.clone())
            .schedule(usd(dec!(1500)), "t")
            .unwrap();
        assert_eq!(march.len(), 13);
        assert_eq!(march.flows()[1].date, d(2026, 4, 1));
        assert_eq!(march.flows()[1].amount, usd(dec!(200)));
        let s = Plan::Installments(cases_first())
            .schedule(usd(dec!(350_000_000_000)), "t")
            .unwrap();
        assert_eq!(s.flows()[79].amount, usd(dec!(972_222_222.23)));
        assert_eq!(s.flows()[80].amount, usd(dec!(972_222_222.22)));
        // Zero payments: the same error as before.
        let zero = Plan::installments(d(2026, 1, 1), 0, Tenor::months(1));
        assert_eq!(
            zero.schedule(usd(dec!(1)), "t").unwrap_err(),
            Error::ZeroCount {
                what: Quantity::PaymentCount
            }
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(200)))]

        /// Counted installments from the dedicated loop and the one-pass
        /// split equal the general path (every date adjusted by the
        /// calendar's own `adjust`, then `allocate` with equal weights,
        /// sorted and merged), on calendars with and without holidays,
        /// monthly to multi-year tenors, any timing and convention; and an
        /// amount that is not positive or not whole fails as
        /// `positive_whole` does.
        #[test]
        fn counted_installments_equal_the_general_path(
            y in 2020i32..2030, m in 1u32..=12, day in 1u32..=31, count in 1u32..400,
            months in 1u32..=30, days in proptest::bool::ANY, arrears in proptest::bool::ANY,
            eom in proptest::bool::ANY, conv in 0usize..5, cal in 0usize..5,
            mantissa in -5i64..2_000_000_000_000, scale in 0u32..5,
        ) {
            use crate::time::{BusinessDayConvention as C, HolidayCalendar};
            let start = d(y, m, day.min(civil::days_in_month(y, m)));
            let tenor = if days { Tenor::days(months) } else { Tenor::months(months) };
            // TARGET-like closing days plus runs across month and year ends.
            let mut closed = Vec::new();
            for yy in 2019..2080 {
                closed.extend([d(yy, 1, 1), d(yy, 5, 1), d(yy, 12, 25), d(yy, 12, 26), d(yy, 12, 31), d(yy, 6, 30), d(yy, 7, 1)]);
            }
            // Whole months closed: monthly payments adjust onto the same
            // date (merged) or out of order, where the dedicated loop stops.
            let mut months_closed = Vec::new();
            for yy in 2019..2080 {
                months_closed.extend(d(yy, 3, 1).iter_days().take(31));
                months_closed.extend(d(yy, 12, 20).iter_days().take(20));
            }
            let calendar = [
                Calendar::Null,
                Calendar::WeekendsOnly,
                Calendar::Holidays(HolidayCalendar::new("closed", closed)),
                Calendar::Holidays(HolidayCalendar::new("one", [d(2027, 3, 1)])),
                Calendar::Holidays(HolidayCalendar::new("closed months", months_closed)),
            ][cal].clone();
            let timing = if arrears { Timing::InArrears } else { Timing::InAdvance };
            let i = Installments::count(start, count, tenor).timing(timing).end_of_month(eom).adjusted(calendar, C::ALL[conv]);
            let amount = usd(Decimal::new(mantissa, scale));
            let fast = Plan::Installments(i.clone()).schedule(amount, "t");
            let checked = positive_whole(amount.amount(), Currency::USD, || Quantity::Tranche("t".into()));
            match checked {
                Err(e) => proptest::prop_assert_eq!(fast.unwrap_err(), e),
                Ok(_) => {
                    let dates = i.dates().unwrap();
                    let want = to_schedule(
                        Currency::USD,
                        &Label::new("t"),
                        split(&dates, amount, &vec![Decimal::ONE; dates.len()]).unwrap(),
                        Vec::new(),
                    )
                    .unwrap();
                    proptest::prop_assert_eq!(fast.unwrap(), want);
                }
            }
        }
    }

    fn cases_first() -> Installments {
        Installments::count(d(2026, 1, 1), 360, Tenor::months(1))
    }

    #[test]
    fn bad_tranche_amounts() {
        let p = Plan::upfront(d(2026, 1, 1));
        assert_eq!(
            p.schedule(usd(dec!(0)), "x").unwrap_err().to_string(),
            "tranche `x` must be positive, got USD 0.00"
        );
        assert!(matches!(
            p.schedule(usd(dec!(1.001)), "x"),
            Err(Error::NotWholeMinorUnits { .. })
        ));
    }

    #[test]
    fn serde_every_plan_kind() {
        let plans = vec![
            Plan::upfront(d(2026, 1, 1)),
            Plan::Installments(Installments::count(d(2026, 1, 31), 12, Tenor::months(1)).end_of_month(true)),
            Plan::AnnualCap(
                AnnualCap::new(d(2026, 1, 1), dec!(20e9))
                    .adjusted(WeekendsOnly, BusinessDayConvention::ModifiedFollowing),
            ),
            Plan::Ramp(Ramp::new(
                d(2026, 1, 1),
                5,
                Tenor::years(1),
                Loading::Front,
                RampShape::Geometric { ratio: dec!(1.1) },
            )),
            Plan::Weights(WeightsPlan::new(
                d(2026, 1, 1),
                Tenor::years(1),
                vec![dec!(0.25), dec!(0.75)],
            )),
            Plan::Explicit(Explicit::new(vec![ExplicitFlow {
                date: d(2026, 1, 1),
                amount: dec!(1),
            }])),
            Plan::CapitalCalls(
                CapitalCalls::new(
                    vec![Call {
                        notice: d(2026, 1, 1),
                        amount: dec!(1),
                    }],
                    45,
                    WeekendsOnly,
                )
                .annual_cap(dec!(1)),
            ),
        ];
        for p in plans {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), p, "{json}");
            assert!(json.contains(&format!("\"kind\":\"{}\"", p.kind())));
            assert!(!p.to_string().is_empty());
        }
        let bad = r#"{"kind": "upfront", "date": "2026-01-01", "bogus": 1}"#;
        assert!(serde_json::from_str::<Plan>(bad).is_err());
    }
}
