//! Comparing plans of one commitment side by side.
//!
//! [`compare`] values several schedules of one commitment at a set of
//! discount rates ([`ValuationSettings`]) and, optionally, tests each
//! against a payer's capacity ([`AffordabilitySettings`]). The result, a
//! [`Comparison`], renders as an aligned text table (`Display`), CSV
//! ([`Comparison::to_csv_summary`], [`Comparison::to_csv_yearly`]), JSON
//! (`Comparison::to_json`, feature `scenario`) and SVG charts (the
//! `chart` module, feature `charts`).
//!
//! [`sensitivity`] answers the companion question "what is the headline
//! worth if paid over n years?" as a grid of present values by rate and
//! tenor ([`SensitivityGrid`]).
//!
//! ```
//! use disburse::compare::{compare, TimeBasis, ValuationSettings};
//! use disburse::time::Frequency;
//! use disburse::{Commitment, Currency, Money, Plan};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//!
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let pledge = Commitment::single("pledge", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1))?;
//! let plans = vec![
//!     ("upfront".to_string(), pledge.schedule()?),
//!     ("ten years".to_string(), pledge.with_plan(Plan::installments(jan1, 10, Frequency::Annual)).schedule()?),
//! ];
//! let valuation = ValuationSettings::new(jan1, vec![0.03, 0.045, 0.08], TimeBasis::WholeYears)?;
//! let c = compare(&plans, &valuation, None)?;
//! assert_eq!(c.plans[1].savings[1].compact().to_string(), "$60.59B");
//! println!("{c}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::collections::HashSet;
use std::fmt;

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::affordability::{Capacity, Funding, FxPath, Thresholds, Verdict, YearAmount, assess};
use crate::rates::{Compounding, FlatCurve, InterestRate};
use crate::time::{DayCount, Tenor};
use crate::valuation::{Roots, break_even_rate, present_value, present_value_whole_periods};
use crate::{Bound, Error, Quantity, Result, Value};
use crate::{Currency, Money, Period, PeriodBasis, PeriodTotal, Plan, Schedule};

/// How time is measured when discounting at a flat rate.
///
/// ```
/// use disburse::compare::TimeBasis;
/// assert_eq!(TimeBasis::default(), TimeBasis::WholeYears);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TimeBasis {
    /// `(1 + r)^k`, k the whole years elapsed since the valuation date (the
    /// spreadsheet convention; see
    /// [`present_value_whole_periods`]).
    #[default]
    WholeYears,
    /// A year fraction by a day count, with a compounding.
    Dated {
        /// Day count of the year fractions.
        day_count: DayCount,
        /// Compounding of the rates.
        compounding: Compounding,
    },
}

/// The discount rates and conventions of a comparison.
///
/// Serialized as `{ "date": "2026-01-01", "rates": [0.03, 0.045, 0.08],
/// "basis": "whole_years" }`; `rates` defaults to 3%, 4.5% and 8%.
///
/// ```
/// use disburse::compare::ValuationSettings;
/// let v: ValuationSettings = serde_json::from_str(r#"{"date": "2026-01-01"}"#)?;
/// assert_eq!(v.rates(), &[0.03, 0.045, 0.08]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ValuationSettingsData", into = "ValuationSettingsData")]
pub struct ValuationSettings {
    date: NaiveDate,
    rates: Vec<f64>,
    basis: TimeBasis,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ValuationSettingsData {
    date: NaiveDate,
    #[serde(default = "default_rates")]
    rates: Vec<f64>,
    #[serde(default)]
    basis: TimeBasis,
}

fn default_rates() -> Vec<f64> {
    vec![0.03, 0.045, 0.08]
}

impl TryFrom<ValuationSettingsData> for ValuationSettings {
    type Error = Error;
    fn try_from(d: ValuationSettingsData) -> Result<Self> {
        ValuationSettings::new(d.date, d.rates, d.basis)
    }
}

impl From<ValuationSettings> for ValuationSettingsData {
    fn from(v: ValuationSettings) -> Self {
        ValuationSettingsData {
            date: v.date,
            rates: v.rates,
            basis: v.basis,
        }
    }
}

impl ValuationSettings {
    /// Settings valuing on `date` at each of `rates` (annual, per the basis).
    ///
    /// # Errors
    /// [`Error::Empty`] for no rates; [`Error::NonFinite`] or
    /// [`Error::InvalidRate`] for a rate that is not finite or is at or
    /// below −100%.
    ///
    /// ```
    /// use disburse::compare::{TimeBasis, ValuationSettings};
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// assert!(ValuationSettings::new(d, vec![0.045], TimeBasis::WholeYears).is_ok());
    /// assert!(ValuationSettings::new(d, vec![-1.0], TimeBasis::WholeYears).is_err());
    /// ```
    pub fn new(date: NaiveDate, rates: Vec<f64>, basis: TimeBasis) -> Result<Self> {
        if rates.is_empty() {
            return Err(Error::Empty {
                what: Quantity::ValuationRates,
            });
        }
        for r in &rates {
            if !r.is_finite() {
                return Err(Error::NonFinite {
                    what: Quantity::ValuationRate,
                    value: *r,
                });
            }
            if *r <= -1.0 {
                return Err(Error::InvalidRate {
                    what: Quantity::ValuationRate,
                    rate: Value::Float(*r),
                    bound: Bound::AboveMinusOne,
                });
            }
        }
        Ok(ValuationSettings { date, rates, basis })
    }

    /// The valuation date.
    ///
    /// ```
    /// use disburse::compare::{TimeBasis, ValuationSettings};
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// assert_eq!(ValuationSettings::new(d, vec![0.05], TimeBasis::WholeYears)?.date(), d);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn date(&self) -> NaiveDate {
        self.date
    }

    /// The discount rates.
    ///
    /// ```
    /// use disburse::compare::{TimeBasis, ValuationSettings};
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// assert_eq!(ValuationSettings::new(d, vec![0.05], TimeBasis::WholeYears)?.rates(), &[0.05]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rates(&self) -> &[f64] {
        &self.rates
    }

    /// How time is measured.
    ///
    /// ```
    /// use disburse::compare::{TimeBasis, ValuationSettings};
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// assert_eq!(ValuationSettings::new(d, vec![0.05], TimeBasis::WholeYears)?.basis(), TimeBasis::WholeYears);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn basis(&self) -> TimeBasis {
        self.basis
    }
}

/// What a comparison tests each plan against: capacity, an optional FX
/// path, funding and verdict thresholds.
///
/// ```
/// use disburse::affordability::{Capacity, Constraint, Funding, FundingSource, Thresholds};
/// use disburse::compare::AffordabilitySettings;
/// use disburse::{Currency, FiscalYear};
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(20e9))])?;
/// let a = AffordabilitySettings { capacity, fx: None, funding: Funding::new(vec![FundingSource::borrowing(0.04)], 0.045)?, thresholds: Thresholds::default() };
/// assert!(a.fx.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AffordabilitySettings {
    /// What the payer can spend each year.
    pub capacity: Capacity,
    /// Conversion between the schedules' currency and the payer's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fx: Option<FxPath>,
    /// How outlays are funded.
    pub funding: Funding,
    /// Verdict thresholds.
    #[serde(default)]
    pub thresholds: Thresholds,
}

// ---------------------------------------------------------------------------
// Comparison
// ---------------------------------------------------------------------------

/// One plan of a [`Comparison`].
///
/// Amounts are in the plans' currency; present values are unrounded (the
/// shortest decimal of the computed `f64`, see
/// [`valuation`](crate::valuation)); nominal amounts, savings' inputs and
/// yearly outlays are exact.
///
/// ```
/// use disburse::compare::{compare, TimeBasis, ValuationSettings};
/// use disburse::{Commitment, Currency, Money, Period, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Commitment::single("p", Money::new(dec!(100), Currency::USD), Plan::upfront(jan1))?.schedule()?;
/// let c = compare(&[("now".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
/// let p = &c.plans[0];
/// assert_eq!((p.name.as_str(), p.peak.period, p.break_even.is_none()), ("now", Period::Year(2026), true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanSummary {
    /// The plan's name, as given.
    pub name: String,
    /// The sum of its flows.
    pub nominal: Money,
    /// Present value at each of the comparison's rates, in order.
    pub present_values: Vec<Money>,
    /// Saving against the reference plan at each rate: reference PV − this
    /// PV (positive when this plan costs less today; zero for the
    /// reference).
    pub savings: Vec<Money>,
    /// The discount rates at which this plan and the reference have the same
    /// present value ([`break_even_rate`]: dated, Act/365F, annual
    /// compounding, whatever the valuation basis); `None` for the reference
    /// itself, and for a plan whose flows are the reference's date by date
    /// (equal at every rate).
    pub break_even: Option<Roots>,
    /// The year with the largest outlay (the earliest on ties).
    pub peak: PeriodTotal,
    /// The outlays of each year from the first to the last (calendar years,
    /// or the capacity's fiscal years when affordability is tested), zero
    /// in years between with no flow.
    pub yearly: Vec<PeriodTotal>,
    /// The affordability test's outcome, when one was asked for.
    pub affordability: Option<PlanVerdict>,
}

/// The outcome of testing a plan against capacity (see
/// [`assess`]).
///
/// ```
/// use disburse::affordability::Verdict;
/// use disburse::compare::PlanVerdict;
/// let v = PlanVerdict { years_in_breach: vec![], verdict: Verdict::Affordable, reason: "within capacity".into() };
/// assert_eq!(v.verdict.to_string(), "affordable");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanVerdict {
    /// The years with a breach, in order.
    pub years_in_breach: Vec<Period>,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
}

/// Several plans of one commitment side by side, from [`compare`].
///
/// The first plan is the **reference**: savings and break-even rates are
/// measured against it.
///
/// `Display` renders an aligned text table (see [`compare`] for an
/// example); [`to_csv_summary`](Comparison::to_csv_summary),
/// [`to_csv_yearly`](Comparison::to_csv_yearly) and
/// `to_json` (feature `scenario`) render it for machines.
///
/// ```
/// use disburse::compare::{compare, TimeBasis, ValuationSettings};
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Commitment::single("p", Money::new(dec!(100), Currency::USD), Plan::upfront(jan1))?.schedule()?;
/// let c = compare(&[("now".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
/// assert_eq!((c.reference.as_str(), c.currency, c.capacity_by_year.is_none()), ("now", Currency::USD, true));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparison {
    /// The discount rates (annual, per the basis).
    pub rates: Vec<f64>,
    /// The name of the reference plan (the first).
    pub reference: String,
    /// The valuation date.
    pub valuation_date: NaiveDate,
    /// How time is measured when discounting.
    pub basis: TimeBasis,
    /// The plans' currency.
    pub currency: Currency,
    /// The plans, in the order given.
    pub plans: Vec<PlanSummary>,
    /// The payer's capacity in each year, converted to the plans' currency
    /// (at the FX path's rate of the year) when it is another, for charts.
    /// Each year's capacity is taken from the first plan whose
    /// affordability table covers that year: with a stock-limited capacity
    /// the level depends on each plan's funding, so this is the reference
    /// plan's view where it has one. `None` without affordability.
    pub capacity_by_year: Option<Vec<YearAmount>>,
}

/// Compares `plans` (name, schedule) of one commitment.
///
/// **The first plan is the reference:** every plan's savings are the
/// reference's present value minus its own, at each rate, and its
/// break-even rate is where its present value equals the reference's.
///
/// Present values follow `valuation.basis()`: with
/// [`TimeBasis::WholeYears`], [`present_value_whole_periods`] with a
/// one-year tenor from the valuation date; with [`TimeBasis::Dated`],
/// [`present_value`] on a [`FlatCurve`] at
/// `InterestRate::new(rate, compounding, day_count)`. Flows before the
/// valuation date are ignored. Yearly outlays and the peak are by calendar
/// year, or by the capacity's fiscal year when `affordability` is given,
/// in which case each plan is also [`assess`]ed.
///
/// # Errors
/// [`Error::Empty`] for no plans or a plan with no flows;
/// [`Error::Invalid`] for an empty name; [`Error::DuplicatePlan`] for
/// two plans of one name; [`Error::CurrencyMismatch`] when a plan's
/// currency differs from the first plan's; the errors of valuation
/// ([`Error::NoFlowsAfterValuationDate`]…) and of
/// [`assess`].
///
/// ```
/// use disburse::compare::{compare, TimeBasis, ValuationSettings};
/// use disburse::time::Frequency;
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let pledge = Commitment::single("pledge", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1))?;
/// let plans = vec![
///     ("upfront".to_string(), pledge.schedule()?),
///     ("ten years".to_string(), pledge.with_plan(Plan::installments(jan1, 10, Frequency::Annual)).schedule()?),
/// ];
/// let valuation = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
/// let c = compare(&plans, &valuation, None)?;
/// assert_eq!(c.plans[0].present_values[0].compact().to_string(), "$350.00B");
/// assert_eq!(c.plans[1].present_values[0].compact().to_string(), "$289.41B");
/// let text = c.to_string();
/// assert!(text.contains("USD billions") && text.contains("289.41"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare(
    plans: &[(String, Schedule)],
    valuation: &ValuationSettings,
    affordability: Option<&AffordabilitySettings>,
) -> Result<Comparison> {
    let (reference_name, reference) = plans.first().ok_or(Error::Empty { what: Quantity::Plans })?;
    let currency = reference.currency();
    let mut names = HashSet::with_capacity(plans.len());
    for (name, schedule) in plans {
        if name.trim().is_empty() {
            return Err(Error::Invalid {
                what: Quantity::PlanName,
                reason: "must not be empty",
            });
        }
        if !names.insert(name.as_str()) {
            return Err(Error::DuplicatePlan { name: name.clone() });
        }
        if schedule.currency() != currency {
            return Err(Error::CurrencyMismatch {
                expected: currency,
                found: schedule.currency(),
            });
        }
        if schedule.is_empty() {
            return Err(Error::Empty {
                what: Quantity::PlanSchedule,
            });
        }
    }
    let basis = affordability.map_or(PeriodBasis::CalendarYear, |a| {
        PeriodBasis::FiscalYear(a.capacity.year())
    });
    let reference_pvs = present_values(reference, valuation.rates(), valuation)?;
    let mut summaries = Vec::with_capacity(plans.len());
    let mut capacity: Option<Vec<YearAmount>> = affordability.map(|_| Vec::new());
    let mut capacity_convertible = true;
    for (i, (name, schedule)) in plans.iter().enumerate() {
        let pvs = if i == 0 {
            reference_pvs.clone()
        } else {
            present_values(schedule, valuation.rates(), valuation)?
        };
        let savings = reference_pvs
            .iter()
            .zip(&pvs)
            .map(|(r, p)| r.checked_sub(*p))
            .collect::<Result<Vec<_>>>()?;
        let break_even = if i == 0 {
            None
        } else {
            match break_even_rate(reference, schedule) {
                Ok(roots) => Some(roots),
                // The flows cancel date by date: equal at every rate.
                Err(Error::AllZeroFlows) => None,
                Err(e) => return Err(e),
            }
        };
        let yearly = schedule.aggregate(basis)?;
        let peak = peak_of(&yearly).ok_or(Error::Empty {
            what: Quantity::PlanSchedule,
        })?;
        let verdict = match affordability {
            Some(a) => {
                let report = assess(schedule, &a.capacity, a.fx.as_ref(), &a.funding, &a.thresholds)?;
                if let Some(cap) = capacity.as_mut() {
                    for row in &report.rows {
                        if cap.iter().any(|c| c.year == row.year) {
                            continue;
                        }
                        let amount = if row.capacity.currency() == currency {
                            Some(row.capacity)
                        } else {
                            match &a.fx {
                                Some(fx) if fx.connects(row.capacity.currency(), currency) => {
                                    Some(fx.convert(row.capacity, row.year.year())?)
                                }
                                _ => None,
                            }
                        };
                        match amount {
                            Some(amount) => cap.push(YearAmount { year: row.year, amount }),
                            None => capacity_convertible = false,
                        }
                    }
                }
                Some(PlanVerdict {
                    years_in_breach: report.summary.years_in_breach,
                    verdict: report.summary.verdict,
                    reason: report.summary.reason,
                })
            }
            None => None,
        };
        summaries.push(PlanSummary {
            name: name.clone(),
            nominal: schedule.total()?,
            present_values: pvs,
            savings,
            break_even,
            peak,
            yearly,
            affordability: verdict,
        });
    }
    let capacity_by_year = capacity.filter(|_| capacity_convertible).map(|mut c| {
        c.sort_by_key(|y| y.year);
        c
    });
    Ok(Comparison {
        rates: valuation.rates().to_vec(),
        reference: reference_name.clone(),
        valuation_date: valuation.date(),
        basis: valuation.basis(),
        currency,
        plans: summaries,
        capacity_by_year,
    })
}

/// The present value of `schedule` at `rate` under the valuation's basis.
fn present_value_at(schedule: &Schedule, rate: f64, valuation: &ValuationSettings) -> Result<Money> {
    match valuation.basis() {
        TimeBasis::WholeYears => present_value_whole_periods(schedule, rate, valuation.date(), Tenor::years(1)),
        TimeBasis::Dated { day_count, compounding } => {
            let curve = FlatCurve::new(valuation.date(), InterestRate::new(rate, compounding, day_count)?);
            present_value(schedule, &curve)
        }
    }
}

fn present_values(schedule: &Schedule, rates: &[f64], valuation: &ValuationSettings) -> Result<Vec<Money>> {
    rates
        .iter()
        .map(|r| present_value_at(schedule, *r, valuation))
        .collect()
}

/// The largest total, the earliest on ties.
fn peak_of(yearly: &[PeriodTotal]) -> Option<PeriodTotal> {
    let mut best: Option<&PeriodTotal> = None;
    for p in yearly {
        if best.is_none_or(|b| p.total.amount() > b.total.amount()) {
            best = Some(p);
        }
    }
    best.cloned()
}

// ---------------------------------------------------------------------------
// Units and formatting helpers
// ---------------------------------------------------------------------------

/// The scale amounts are shown in: units, millions, billions or trillions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Unit {
    power: u32,
    name: &'static str,
}

impl Unit {
    /// The unit that fits `largest` (an absolute amount): billions from
    /// 1e9, millions from 1e6, trillions from 1e14 (where billions would
    /// need six digits), plain units below a million.
    pub(crate) fn fitting(largest: Decimal) -> Unit {
        let tiers = [(14, 12, "trillions"), (9, 9, "billions"), (6, 6, "millions")];
        for (from, power, name) in tiers {
            if largest >= Decimal::from(10u64.pow(from)) {
                return Unit { power, name };
            }
        }
        Unit { power: 0, name: "" }
    }

    /// `USD billions`, or `USD` for plain units.
    pub(crate) fn label(&self, currency: Currency) -> String {
        if self.name.is_empty() {
            currency.code().to_string()
        } else {
            format!("{} {}", currency.code(), self.name)
        }
    }

    /// `amount` in this unit.
    pub(crate) fn scale(&self, amount: Decimal) -> Decimal {
        let divisor = Decimal::from(10u64.pow(self.power));
        amount.checked_div(divisor).unwrap_or(amount)
    }

    /// `amount` in this unit as an `f64` (for charts).
    #[cfg(feature = "charts")]
    pub(crate) fn scale_f64(&self, amount: Decimal) -> f64 {
        rust_decimal::prelude::ToPrimitive::to_f64(&self.scale(amount)).unwrap_or(0.0)
    }

    /// `amount` in this unit with two decimals, half-even (`350.00`).
    pub(crate) fn format(&self, amount: Decimal) -> String {
        let mut d = self
            .scale(amount)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
        if d.is_zero() {
            d = Decimal::ZERO;
        }
        d.rescale(2);
        d.to_string()
    }
}

/// A rate as a short percentage label: `4.5%`, `3%`, `-0.25%`.
fn rate_label(rate: f64) -> String {
    let text = format!("{:.4}", rate * 100.0);
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.')
    } else {
        text.as_str()
    };
    let text = if text == "-0" { "0" } else { text };
    format!("{text}%")
}

/// A rate as a percentage with two decimals (`4.50%`).
fn percent2(rate: f64) -> String {
    let v = rate * 100.0;
    if v.abs() < 0.005 {
        "0.00%".to_string()
    } else {
        format!("{v:.2}%")
    }
}

fn break_even_label(roots: Option<&Roots>, is_reference: bool) -> String {
    match roots {
        None if is_reference => "ref".to_string(),
        None => "same".to_string(),
        Some(Roots::None) => "none".to_string(),
        Some(Roots::Unique(r)) => percent2(*r),
        Some(Roots::Multiple(v)) => format!("{} roots", v.len()),
    }
}

fn basis_label(basis: TimeBasis) -> String {
    match basis {
        TimeBasis::WholeYears => "whole years, annual compounding".to_string(),
        TimeBasis::Dated { day_count, compounding } => format!("{day_count}, {compounding}"),
    }
}

/// Splits `text` at spaces into lines of at most `width` characters (a
/// longer word stays whole), continuation lines starting with `indent`.
fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let lead = text.len() - text.trim_start().len();
    current.push_str(&text[..lead]);
    let mut fresh = true;
    for word in text.split_whitespace() {
        let needed = current.chars().count() + usize::from(!fresh) + word.chars().count();
        if !fresh && needed > width {
            lines.push(std::mem::replace(&mut current, indent.to_string()));
            fresh = true;
        }
        if !fresh {
            current.push(' ');
        }
        current.push_str(word);
        fresh = false;
    }
    lines.push(current);
    lines
}

/// One CSV field, quoted (with quotes doubled) when it holds a comma, a
/// quote, a line break, or leading or trailing spaces (RFC 4180).
fn csv_field(field: &str) -> String {
    let needs = field.contains([',', '"', '\n', '\r']) || field.starts_with(' ') || field.ends_with(' ');
    if needs {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Appends one CSV record (CRLF-free: `\n` line ends).
fn csv_row<S: AsRef<str>>(out: &mut String, fields: &[S]) {
    for (i, f) in fields.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&csv_field(f.as_ref()));
    }
    out.push('\n');
}

/// An aligned text table: two header lines, left-aligned first column,
/// right-aligned others; columns of one group are separated by one space,
/// groups by two.
struct Table {
    columns: Vec<Column>,
}

struct Column {
    head: [String; 2],
    cells: Vec<String>,
    group: usize,
}

impl Table {
    fn width(c: &Column) -> usize {
        c.head
            .iter()
            .chain(&c.cells)
            .map(|s| s.chars().count())
            .max()
            .unwrap_or(0)
    }

    fn render(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths: Vec<usize> = self.columns.iter().map(Table::width).collect();
        let rows = self.columns.first().map_or(0, |c| c.cells.len());
        let mut lines: Vec<Vec<&str>> = Vec::with_capacity(rows + 2);
        for h in 0..2 {
            if self.columns.iter().any(|c| !c.head[h].is_empty()) {
                lines.push(self.columns.iter().map(|c| c.head[h].as_str()).collect());
            }
        }
        for r in 0..rows {
            lines.push(
                self.columns
                    .iter()
                    .map(|c| c.cells.get(r).map_or("", String::as_str))
                    .collect(),
            );
        }
        for line in lines {
            let mut out = String::new();
            for (i, (cell, w)) in line.iter().zip(&widths).enumerate() {
                if i == 0 {
                    out.push_str(&format!("{cell:<w$}"));
                } else {
                    let same = self.columns[i].group == self.columns[i - 1].group;
                    out.push_str(if same { " " } else { "  " });
                    out.push_str(&format!("{cell:>w$}"));
                }
            }
            writeln!(f, "{}", out.trim_end())?;
        }
        Ok(())
    }
}

impl Comparison {
    /// The unit that fits the largest amount shown in the table.
    pub(crate) fn unit(&self) -> Unit {
        let mut largest = Decimal::ZERO;
        for p in &self.plans {
            let amounts = std::iter::once(p.nominal)
                .chain(p.present_values.iter().copied())
                .chain(p.savings.iter().copied())
                .chain(std::iter::once(p.peak.total));
            for m in amounts {
                largest = largest.max(m.amount().abs());
            }
        }
        Unit::fitting(largest)
    }

    /// One row per plan, with a header row, decimals in full precision.
    ///
    /// Columns: `plan`, `currency`, `nominal`, `pv_<rate>` and
    /// `saving_<rate>` for each rate (the rate as a decimal fraction:
    /// `pv_0.045`), `break_even` (empty for the reference, `none` without a
    /// root, roots as decimal fractions separated by `;`), `peak_year`,
    /// `peak_amount`, `years_in_breach` (separated by `;`), `verdict` and
    /// `reason` (the last three empty without affordability). Fields with
    /// commas, quotes or line breaks are quoted, quotes doubled; lines end
    /// with `\n`.
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100.00), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let c = compare(&[("now, all".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// let csv = c.to_csv_summary();
    /// let mut lines = csv.lines();
    /// assert_eq!(lines.next(), Some("plan,currency,nominal,pv_0.05,saving_0.05,break_even,peak_year,peak_amount,years_in_breach,verdict,reason"));
    /// assert_eq!(lines.next(), Some("\"now, all\",USD,100.00,100.00,0.00,,2026,100.00,,,"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv_summary(&self) -> String {
        let mut out = String::new();
        let mut header = vec!["plan".to_string(), "currency".into(), "nominal".into()];
        header.extend(self.rates.iter().map(|r| format!("pv_{r}")));
        header.extend(self.rates.iter().map(|r| format!("saving_{r}")));
        for h in [
            "break_even",
            "peak_year",
            "peak_amount",
            "years_in_breach",
            "verdict",
            "reason",
        ] {
            header.push(h.to_string());
        }
        csv_row(&mut out, &header);
        for p in &self.plans {
            let mut row = vec![
                p.name.clone(),
                p.nominal.currency().code().to_string(),
                p.nominal.amount().to_string(),
            ];
            row.extend(p.present_values.iter().map(|m| m.amount().to_string()));
            row.extend(p.savings.iter().map(|m| m.amount().to_string()));
            row.push(match &p.break_even {
                None => String::new(),
                Some(Roots::None) => "none".to_string(),
                Some(r) => r.roots().iter().map(|x| x.to_string()).collect::<Vec<_>>().join(";"),
            });
            row.push(p.peak.period.to_string());
            row.push(p.peak.total.amount().to_string());
            match &p.affordability {
                Some(a) => {
                    row.push(
                        a.years_in_breach
                            .iter()
                            .map(|y| y.to_string())
                            .collect::<Vec<_>>()
                            .join(";"),
                    );
                    row.push(a.verdict.to_string());
                    row.push(a.reason.clone());
                }
                None => row.extend([String::new(), String::new(), String::new()]),
            }
            csv_row(&mut out, &row);
        }
        out
    }

    /// Yearly outlays in long format: a header `plan,year,outlay`, then one
    /// row per plan and year (`2026` or `FY2026`), the outlay in the plans'
    /// currency in full precision.
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::time::Frequency;
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100), Currency::USD), Plan::installments(jan1, 2, Frequency::Annual))?.schedule()?;
    /// let c = compare(&[("two".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// assert_eq!(c.to_csv_yearly(), "plan,year,outlay\ntwo,2026,50.00\ntwo,2027,50.00\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv_yearly(&self) -> String {
        let mut out = String::new();
        csv_row(&mut out, &["plan", "year", "outlay"]);
        for p in &self.plans {
            for y in &p.yearly {
                csv_row(
                    &mut out,
                    &[p.name.clone(), y.period.to_string(), y.total.amount().to_string()],
                );
            }
        }
        out
    }

    /// The comparison as pretty-printed JSON (feature `scenario`).
    ///
    /// The schema is stable; amounts are `Money` objects with the decimal
    /// as a string, rates and roots are numbers, dates `YYYY-MM-DD`,
    /// periods `{"year": 2026}` or `{"fiscal_year": 2026}`:
    ///
    /// ```text
    /// {
    ///   "rates": [0.03, 0.045, 0.08],            // decimal fractions
    ///   "reference": "upfront",                   // the first plan's name
    ///   "valuation_date": "2026-01-01",
    ///   "basis": "whole_years"                    // or {"dated": {"day_count": …, "compounding": …}}
    ///   "currency": "USD",
    ///   "plans": [{
    ///     "name": "upfront",
    ///     "nominal": {"amount": "350000000000.00", "currency": "USD"},
    ///     "present_values": [Money, …],           // one per rate, in order
    ///     "savings": [Money, …],                  // reference PV − this PV, per rate
    ///     "break_even": null                      // for the reference, else
    ///                 | {"status": "none" | "unique" | "multiple", "roots": [0.0, …]},
    ///     "peak": {"period": {"year": 2026}, "total": Money},
    ///     "yearly": [{"period": {"year": 2026}, "total": Money}, …],
    ///     "affordability": null                   // without affordability, else
    ///                    | {"years_in_breach": [{"year": 2026}, …],
    ///                       "verdict": "affordable" | "strained" | "unaffordable",
    ///                       "reason": "…"}
    ///   }, …],
    ///   "capacity_by_year": null | [{"year": {"year": 2026}, "amount": Money}, …]
    /// }
    /// ```
    ///
    /// The document reads back into a [`Comparison`] with `serde_json`.
    ///
    /// # Errors
    /// [`Error::Render`] if serialization fails (not expected: every
    /// number in a comparison is finite).
    ///
    /// ```
    /// use disburse::compare::{compare, TimeBasis, ValuationSettings};
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Commitment::single("p", Money::new(dec!(100.00), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let c = compare(&[("now".into(), s)], &ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?, None)?;
    /// let json: serde_json::Value = serde_json::from_str(&c.to_json()?)?;
    /// assert_eq!(json["plans"][0]["nominal"]["amount"], "100.00");
    /// assert_eq!(json["rates"][0], 0.05);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[cfg(feature = "scenario")]
    pub fn to_json(&self) -> Result<String> {
        serde_json::to_string_pretty(self).map_err(|e| Error::Render {
            format: "json",
            reason: e.to_string(),
        })
    }
}

impl fmt::Display for Comparison {
    /// A title, an aligned table (amounts in the unit that fits the
    /// largest: `USD billions`), and the verdicts' reasons.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = self.unit();
        let n = self.plans.len();
        writeln!(
            f,
            "Comparison of {n} plan{}, amounts in {}",
            if n == 1 { "" } else { "s" },
            unit.label(self.currency)
        )?;
        writeln!(
            f,
            "valued at {} ({}); savings and break-even against `{}`",
            self.valuation_date,
            basis_label(self.basis),
            self.reference
        )?;
        let mut columns = Vec::new();
        let column = |a: &str, b: &str, group: usize, cells: Vec<String>| Column {
            head: [a.to_string(), b.to_string()],
            cells,
            group,
        };
        columns.push(column(
            "",
            "plan",
            0,
            self.plans.iter().map(|p| p.name.clone()).collect(),
        ));
        columns.push(column(
            "",
            "nominal",
            1,
            self.plans.iter().map(|p| unit.format(p.nominal.amount())).collect(),
        ));
        for (i, r) in self.rates.iter().enumerate() {
            let cells = self
                .plans
                .iter()
                .map(|p| {
                    p.present_values
                        .get(i)
                        .map_or(String::new(), |m| unit.format(m.amount()))
                })
                .collect();
            columns.push(column("PV", &format!("@ {}", rate_label(*r)), 2, cells));
        }
        for (i, r) in self.rates.iter().enumerate() {
            let cells = self
                .plans
                .iter()
                .map(|p| p.savings.get(i).map_or(String::new(), |m| unit.format(m.amount())))
                .collect();
            columns.push(column("saving", &format!("@ {}", rate_label(*r)), 3, cells));
        }
        columns.push(column(
            "break-",
            "even",
            4,
            self.plans
                .iter()
                .enumerate()
                .map(|(i, p)| break_even_label(p.break_even.as_ref(), i == 0))
                .collect(),
        ));
        columns.push(column(
            "peak year",
            "(amount)",
            5,
            self.plans
                .iter()
                .map(|p| format!("{} ({})", p.peak.period, unit.format(p.peak.total.amount())))
                .collect(),
        ));
        let assessed = self.plans.iter().any(|p| p.affordability.is_some());
        if assessed {
            columns.push(column(
                "years in",
                "breach",
                6,
                self.plans
                    .iter()
                    .map(|p| {
                        p.affordability
                            .as_ref()
                            .map_or("-".to_string(), |a| a.years_in_breach.len().to_string())
                    })
                    .collect(),
            ));
            columns.push(column(
                "",
                "verdict",
                7,
                self.plans
                    .iter()
                    .map(|p| {
                        p.affordability
                            .as_ref()
                            .map_or("-".to_string(), |a| a.verdict.to_string())
                    })
                    .collect(),
            ));
        }
        Table { columns }.render(f)?;
        for p in &self.plans {
            if let Some(Roots::Multiple(roots)) = &p.break_even {
                let list: Vec<String> = roots.iter().map(|r| percent2(*r)).collect();
                writeln!(f, "break-even rates of {}: {}", p.name, list.join(", "))?;
            }
        }
        if assessed {
            writeln!(f, "verdicts:")?;
            for p in &self.plans {
                if let Some(a) = &p.affordability {
                    let line = format!("  {}: {} ({})", p.name, a.verdict, a.reason);
                    for l in wrap(&line, 120, "      ") {
                        writeln!(f, "{l}")?;
                    }
                }
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Sensitivity
// ---------------------------------------------------------------------------

/// Present values of one amount paid in equal annual installments over
/// several tenors, at several rates, from [`sensitivity`].
///
/// `Display` renders rates as rows and tenors as columns (amounts in the
/// unit that fits the amount, as for [`Comparison`]), with a verdict row
/// when affordability was tested; [`to_csv`](SensitivityGrid::to_csv)
/// renders it in long format.
///
/// ```
/// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
/// use disburse::{Currency, Money};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let v = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
/// let g = sensitivity(Money::new(dec!(350e9), Currency::USD), jan1, &[0.0, 0.045], &[1, 10], &v, None)?;
/// assert_eq!(g.present_values[1][1].compact().to_string(), "$289.41B");
/// assert!(g.verdicts.is_none());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SensitivityGrid {
    /// The amount paid.
    pub amount: Money,
    /// The date of the first installment.
    pub start: NaiveDate,
    /// The valuation date.
    pub valuation_date: NaiveDate,
    /// How time is measured when discounting.
    pub basis: TimeBasis,
    /// The discount rates (rows).
    pub rates: Vec<f64>,
    /// The tenors in years (columns); 1 is upfront.
    pub tenors_years: Vec<u32>,
    /// `present_values[i][j]`: the present value at `rates[i]` over
    /// `tenors_years[j]`.
    pub present_values: Vec<Vec<Money>>,
    /// The verdict of each tenor, when affordability was tested.
    pub verdicts: Option<Vec<Verdict>>,
}

/// Values `amount` paid in equal annual installments from `start` over
/// each of `tenors_years` (1 = upfront; the installments differ by at most
/// a minor unit, see [`allocate`](crate::allocate)) at each of `rates`, on
/// `valuation`'s date and basis (its own rates are not used), and tests
/// each tenor against `affordability` when given.
///
/// # Errors
/// [`Error::Empty`] for no rates or no tenors; [`Error::ZeroCount`] for a
/// tenor of zero years; [`Error::NonFinite`] / [`Error::InvalidRate`] for
/// a bad rate; the plan's errors for the amount
/// ([`Error::NonPositiveAmount`], [`Error::NotWholeMinorUnits`]);
/// valuation and [`assess`] errors.
///
/// ```
/// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
/// use disburse::{Currency, Money};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let v = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
/// let g = sensitivity(Money::new(dec!(350e9), Currency::USD), jan1, &[0.03, 0.08], &[1, 5, 10], &v, None)?;
/// assert_eq!(g.present_values[0][0].amount(), dec!(350e9)); // upfront: nominal
/// assert!(g.present_values[1][2] < g.present_values[1][1]); // longer is cheaper
/// println!("{g}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn sensitivity(
    amount: Money,
    start: NaiveDate,
    rates: &[f64],
    tenors_years: &[u32],
    valuation: &ValuationSettings,
    affordability: Option<&AffordabilitySettings>,
) -> Result<SensitivityGrid> {
    let settings = ValuationSettings::new(valuation.date(), rates.to_vec(), valuation.basis())?;
    if tenors_years.is_empty() {
        return Err(Error::Empty { what: Quantity::Tenors });
    }
    if tenors_years.contains(&0) {
        return Err(Error::ZeroCount {
            what: Quantity::TenorYears,
        });
    }
    let mut columns = Vec::with_capacity(tenors_years.len());
    let mut verdicts = affordability.map(|_| Vec::with_capacity(tenors_years.len()));
    for &n in tenors_years {
        let plan = if n == 1 {
            Plan::upfront(start)
        } else {
            Plan::installments(start, n, Tenor::years(1))
        };
        let schedule = plan.schedule(amount, &format!("{n}y"))?;
        columns.push(present_values(&schedule, settings.rates(), &settings)?);
        if let (Some(a), Some(v)) = (affordability, verdicts.as_mut()) {
            let report = assess(&schedule, &a.capacity, a.fx.as_ref(), &a.funding, &a.thresholds)?;
            v.push(report.summary.verdict);
        }
    }
    let present_values = (0..rates.len())
        .map(|i| columns.iter().filter_map(|c| c.get(i).copied()).collect())
        .collect();
    Ok(SensitivityGrid {
        amount,
        start,
        valuation_date: settings.date(),
        basis: settings.basis(),
        rates: rates.to_vec(),
        tenors_years: tenors_years.to_vec(),
        present_values,
        verdicts,
    })
}

impl SensitivityGrid {
    /// The grid in long format: a header `rate,tenor_years,present_value,verdict`,
    /// then one row per rate and tenor (rates as decimal fractions, present
    /// values in full precision, the verdict empty without affordability).
    ///
    /// ```
    /// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
    /// use disburse::{Currency, Money};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let v = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
    /// let g = sensitivity(Money::new(dec!(100.00), Currency::USD), jan1, &[0.05], &[1], &v, None)?;
    /// assert_eq!(g.to_csv(), "rate,tenor_years,present_value,verdict\n0.05,1,100.00,\n");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_csv(&self) -> String {
        let mut out = String::new();
        csv_row(&mut out, &["rate", "tenor_years", "present_value", "verdict"]);
        for (rate, row) in self.rates.iter().zip(&self.present_values) {
            for (j, (tenor, pv)) in self.tenors_years.iter().zip(row).enumerate() {
                let verdict = self
                    .verdicts
                    .as_ref()
                    .and_then(|v| v.get(j))
                    .map_or(String::new(), |v| v.to_string());
                csv_row(
                    &mut out,
                    &[rate.to_string(), tenor.to_string(), pv.amount().to_string(), verdict],
                );
            }
        }
        out
    }
}

impl fmt::Display for SensitivityGrid {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let unit = Unit::fitting(self.amount.amount().abs());
        writeln!(
            f,
            "Present value of {} in equal annual installments from {} (1y = upfront)",
            self.amount.compact(),
            self.start
        )?;
        writeln!(
            f,
            "amounts in {}, valued at {} ({})",
            unit.label(self.amount.currency()),
            self.valuation_date,
            basis_label(self.basis)
        )?;
        let mut columns = vec![Column {
            head: [String::new(), "rate".into()],
            cells: self.rates.iter().map(|r| rate_label(*r)).collect(),
            group: 0,
        }];
        if self.verdicts.is_some() {
            if let Some(c) = columns.first_mut() {
                c.cells.push("verdict".into());
            }
        }
        for (j, tenor) in self.tenors_years.iter().enumerate() {
            let mut cells: Vec<String> = self
                .present_values
                .iter()
                .map(|row| row.get(j).map_or(String::new(), |m| unit.format(m.amount())))
                .collect();
            if let Some(v) = &self.verdicts {
                cells.push(v.get(j).map_or(String::new(), |v| v.to_string()));
            }
            columns.push(Column {
                head: [String::new(), format!("{tenor}y")],
                cells,
                group: 1 + j,
            });
        }
        Table { columns }.render(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Commitment;
    use crate::affordability::{Constraint, FundingSource};
    use crate::time::Frequency;
    use rust_decimal_macros::dec;

    fn jan1() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
    }

    fn usd(x: Decimal) -> Money {
        Money::new(x, Currency::USD)
    }

    fn korea() -> Vec<(String, Schedule)> {
        let c = Commitment::single("pledge", usd(dec!(350e9)), Plan::upfront(jan1())).unwrap();
        vec![
            ("upfront".to_string(), c.schedule().unwrap()),
            (
                "ten installments".to_string(),
                c.with_plan(Plan::installments(jan1(), 10, Frequency::Annual))
                    .schedule()
                    .unwrap(),
            ),
        ]
    }

    fn valuation(rates: Vec<f64>) -> ValuationSettings {
        ValuationSettings::new(jan1(), rates, TimeBasis::WholeYears).unwrap()
    }

    fn affordability() -> AffordabilitySettings {
        AffordabilitySettings {
            capacity: Capacity::new(
                Currency::USD,
                crate::FiscalYear::CALENDAR,
                vec![Constraint::fixed_cap("fx market", dec!(40e9))],
            )
            .unwrap(),
            fx: None,
            funding: Funding::new(vec![FundingSource::borrowing(0.04)], 0.045).unwrap(),
            thresholds: Thresholds::default(),
        }
    }

    #[test]
    fn upfront_vs_ten_installments() {
        let c = compare(&korea(), &valuation(vec![0.045]), None).unwrap();
        let unit = c.unit();
        assert_eq!(unit.label(Currency::USD), "USD billions");
        assert_eq!(unit.format(c.plans[0].present_values[0].amount()), "350.00");
        assert_eq!(unit.format(c.plans[1].present_values[0].amount()), "289.41");
        assert_eq!(unit.format(c.plans[1].savings[0].amount()), "60.59");
        assert!(c.plans[0].savings[0].is_zero());
        assert_eq!(c.plans[0].break_even, None);
        let r = c.plans[1].break_even.as_ref().unwrap().unique().unwrap();
        assert!(r.abs() < 1e-10, "{r}");
        assert_eq!(c.plans[1].peak.period, Period::Year(2026));
        assert_eq!(c.plans[1].yearly.len(), 10);
        assert_eq!(c.plans[0].nominal, usd(dec!(350e9)));
    }

    #[test]
    fn dated_basis_uses_the_day_count() {
        let v = ValuationSettings::new(
            jan1(),
            vec![0.045],
            TimeBasis::Dated {
                day_count: DayCount::Actual365Fixed,
                compounding: Compounding::ANNUAL,
            },
        )
        .unwrap();
        let c = compare(&korea(), &v, None).unwrap();
        assert_eq!(c.plans[1].present_values[0].compact().to_string(), "$289.38B");
    }

    #[test]
    fn display_table() {
        let c = compare(&korea(), &valuation(vec![0.03, 0.045, 0.08]), Some(&affordability())).unwrap();
        let text = c.to_string();
        assert!(text.contains("USD billions"), "{text}");
        let lines: Vec<&str> = text.lines().collect();
        let header = lines.iter().position(|l| l.starts_with("plan")).unwrap();
        assert!(lines[header].contains("verdict"));
        assert!(lines[header + 1].starts_with("upfront "));
        assert!(lines[header + 2].starts_with("ten installments "));
        assert!(lines[header + 2].contains("289.41") && lines[header + 2].contains("0.00%"));
        assert!(lines[header + 1].contains("unaffordable") && lines[header + 1].contains("ref"));
        assert!(lines.iter().all(|l| l.chars().count() <= 120), "{text}");
        // Right-aligned columns end at the same place on every row.
        assert_eq!(lines[header].len(), lines[header + 1].len().max(lines[header].len()));
    }

    #[test]
    fn units_fit_the_largest_amount() {
        assert_eq!(Unit::fitting(dec!(350e9)).label(Currency::USD), "USD billions");
        assert_eq!(Unit::fitting(dec!(5e6)).label(Currency::EUR), "EUR millions");
        assert_eq!(Unit::fitting(dec!(500e12)).label(Currency::KRW), "KRW trillions");
        assert_eq!(Unit::fitting(dec!(999)).label(Currency::USD), "USD");
        assert_eq!(Unit::fitting(dec!(1e9)).format(dec!(-0.001)), "0.00");
        assert_eq!(rate_label(0.045), "4.5%");
        assert_eq!(rate_label(0.03), "3%");
        assert_eq!(rate_label(-0.0025), "-0.25%");
    }

    #[test]
    fn csv_quoting() {
        assert_eq!(csv_field(r#"a "b", c"#), r#""a ""b"", c""#);
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        let mut plans = korea();
        plans[1].0 = r#"a "b", c"#.to_string();
        let c = compare(&plans, &valuation(vec![0.045]), None).unwrap();
        let csv = c.to_csv_summary();
        let row = csv.lines().nth(2).unwrap();
        assert!(row.starts_with(r#""a ""b"", c",USD,350000000000.00,"#), "{row}");
        let yearly = c.to_csv_yearly();
        assert_eq!(yearly.lines().count(), 1 + 1 + 10);
        assert!(yearly.contains("\"a \"\"b\"\", c\",2035,35000000000.00"));
    }

    #[cfg(feature = "scenario")]
    #[test]
    fn json_field_names() {
        let c = compare(&korea(), &valuation(vec![0.045]), Some(&affordability())).unwrap();
        let json = c.to_json().unwrap();
        let v: serde_json::Value = serde_json::from_str(&json).unwrap();
        for key in [
            "rates",
            "reference",
            "valuation_date",
            "basis",
            "currency",
            "plans",
            "capacity_by_year",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        let p = &v["plans"][1];
        for key in [
            "name",
            "nominal",
            "present_values",
            "savings",
            "break_even",
            "peak",
            "yearly",
            "affordability",
        ] {
            assert!(p.get(key).is_some(), "{key}");
        }
        assert_eq!(v["rates"][0], 0.045);
        assert_eq!(v["basis"], "whole_years");
        assert_eq!(v["valuation_date"], "2026-01-01");
        assert!(v["plans"][0]["break_even"].is_null());
        assert_eq!(p["break_even"]["status"], "unique");
        assert!(p["break_even"]["roots"][0].is_number());
        assert_eq!(p["nominal"]["amount"], "350000000000.00");
        assert_eq!(p["peak"]["period"]["year"], 2026);
        assert_eq!(p["affordability"]["verdict"], "strained");
        assert_eq!(v["plans"][0]["affordability"]["years_in_breach"][0]["year"], 2026);
        assert_eq!(v["capacity_by_year"][0]["amount"]["amount"], "40000000000");
        assert_eq!(v["capacity_by_year"][0]["year"]["year"], 2026);
        let back: Comparison = serde_json::from_str(&json).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn errors() {
        let v = valuation(vec![0.045]);
        assert!(matches!(
            compare(&[], &v, None),
            Err(Error::Empty { what: Quantity::Plans })
        ));
        let mut dup = korea();
        dup[1].0 = "upfront".into();
        assert!(matches!(compare(&dup, &v, None), Err(Error::DuplicatePlan { name }) if name == "upfront"));
        let mut eur = korea();
        let e = Commitment::single("e", Money::new(dec!(1), Currency::EUR), Plan::upfront(jan1())).unwrap();
        eur[1].1 = e.schedule().unwrap();
        assert!(matches!(compare(&eur, &v, None), Err(Error::CurrencyMismatch { .. })));
        let mut empty = korea();
        empty[1].1 = Schedule::empty(Currency::USD);
        assert!(matches!(compare(&empty, &v, None), Err(Error::Empty { .. })));
        let mut blank = korea();
        blank[1].0 = " ".into();
        assert!(matches!(compare(&blank, &v, None), Err(Error::Invalid { .. })));
    }

    #[test]
    fn sensitivity_grid() {
        let v = valuation(vec![0.045]);
        let rates = [0.0, 0.03, 0.045, 0.08];
        let g = sensitivity(
            usd(dec!(350e9)),
            jan1(),
            &rates,
            &[1, 5, 10, 20],
            &v,
            Some(&affordability()),
        )
        .unwrap();
        for row in &g.present_values {
            assert_eq!(row[0], usd(dec!(350e9)));
        }
        assert_eq!(g.present_values[2][2].compact().to_string(), "$289.41B");
        for row in g.present_values.iter().skip(1) {
            assert!(row.windows(2).all(|w| w[1] < w[0]));
        }
        assert_eq!(
            g.verdicts.as_deref(),
            Some(
                &[
                    Verdict::Unaffordable,
                    Verdict::Unaffordable,
                    Verdict::Strained,
                    Verdict::Strained
                ][..]
            )
        );
        let text = g.to_string();
        assert!(
            text.contains("10y") && text.contains("verdict") && text.contains("289.41"),
            "{text}"
        );
        assert_eq!(g.to_csv().lines().count(), 1 + 4 * 4);
        assert!(matches!(
            sensitivity(usd(dec!(1)), jan1(), &[0.05], &[], &v, None),
            Err(Error::Empty { what: Quantity::Tenors })
        ));
        assert!(matches!(
            sensitivity(usd(dec!(1)), jan1(), &[0.05], &[0], &v, None),
            Err(Error::ZeroCount { .. })
        ));
        assert!(matches!(
            sensitivity(usd(dec!(1)), jan1(), &[], &[1], &v, None),
            Err(Error::Empty { .. })
        ));
        assert!(sensitivity(usd(dec!(0)), jan1(), &[0.05], &[1], &v, None).is_err());
    }

    #[test]
    fn identical_plans_have_no_break_even() {
        let mut plans = korea();
        plans[1] = ("copy".into(), plans[0].1.clone());
        let c = compare(&plans, &valuation(vec![0.045]), None).unwrap();
        assert_eq!(c.plans[1].break_even, None);
        assert!(c.plans[1].savings[0].is_zero());
        assert!(c.to_string().contains(" same "));
    }

    #[test]
    fn wrapping() {
        assert_eq!(wrap("  a bb ccc", 6, "    "), ["  a bb", "    ccc"]);
        assert_eq!(wrap("short", 80, " "), ["short"]);
    }
}
