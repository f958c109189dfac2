//! Comparing plans of one commitment side by side.
//!
//! [`compare`] values several schedules of one commitment at a set of
//! discount rates ([`ValuationSettings`]) and, optionally, tests each
//! against a payer's capacity ([`Assessment`]). The result, a
//! [`Comparison`], renders as an aligned text table (`Display`), CSV
//! (`Comparison::to_csv_summary`, `Comparison::to_csv_yearly`, feature
//! `csv`), JSON (`Comparison::to_json`, feature `scenario`) and SVG charts
//! (the `chart` module, feature `charts`).
//!
//! [`sensitivity`] answers the companion question "what is the headline
//! worth if paid over n years?" as a grid of present values by rate and
//! tenor ([`SensitivityGrid`]).
//!
//! The module's files: `settings.rs` (what a comparison is asked),
//! this file (the comparison and its steps), `output.rs` (its table, CSV
//! and JSON) and `sensitivity.rs` (the grid).
//!
//! ```
//! use disburse::compare::{compare, TimeBasis, ValuationSettings, DEFAULT_RATES};
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
//! let valuation = ValuationSettings::new(jan1, DEFAULT_RATES.to_vec(), TimeBasis::WholeYears)?;
//! let c = compare(&plans, &valuation, None)?;
//! assert_eq!(c.plans[1].savings[1].compact().to_string(), "$60.59B");
//! println!("{c}");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod economic;
mod narrow;
mod output;
mod sensitivity;
mod settings;
mod two_party;

use std::collections::HashSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::affordability::{AffordabilityReport, Assessment, FxPath, Limits, Verdict, YearAmount};
use crate::instrument::ExpectedFlows;
use crate::rates::{FlatCurve, InterestRate};
use crate::schedule::peak_of;
use crate::time::Tenor;
use crate::valuation::{Roots, break_even_rate, present_value, present_value_whole_periods};
use crate::{Currency, Money, Period, PeriodBasis, PeriodTotal, Schedule};
use crate::{Error, Quantity, Result};
use two_party::share_of;

pub use economic::EconomicCost;
pub use narrow::NarrowComparison;
pub use sensitivity::{SensitivityGrid, sensitivity};
pub use settings::{DEFAULT_RATES, PartyRates, TimeBasis, ValuationSettings};
pub use two_party::{NegotiationZone, TwoPartyValue};

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
    /// Each present value as a share of the headline (`0.827` for 82.7%).
    pub pv_shares: Vec<f64>,
    /// The discount against paying the headline upfront on the valuation
    /// date, at each rate: headline − PV.
    pub discounts: Vec<Money>,
    /// Each discount as a share of the headline (1 − the PV's share).
    pub discount_shares: Vec<f64>,
    /// Saving against the reference plan at each rate: reference PV − this
    /// PV (positive when this plan costs less today; zero for the
    /// reference). Equal to the discount when the reference is the
    /// headline paid upfront on the valuation date.
    pub savings: Vec<Money>,
    /// The discount rates at which this plan and the reference have the
    /// same present value ([`break_even_rate`]: dated, Act/365F, annual
    /// compounding, whatever the valuation basis). **Only meaningful when
    /// the nominal totals differ** (e.g. 350 now against 10 × 40): with
    /// equal totals the present values agree at a rate of zero and the
    /// root says nothing, so it is `None` then — as for the reference
    /// itself and for a plan whose flows are the reference's date by date.
    pub break_even: Option<Roots>,
    /// The plan's cost to the payer and value to the recipient, and the
    /// negotiation zone, when the valuation has [`PartyRates`].
    pub two_party: Option<TwoPartyValue>,
    /// The economic cost (the PV of all the expected flows of the plan's
    /// instruments), when compared by [`compare_with_instruments`].
    #[serde(default)]
    pub economic: Option<EconomicCost>,
    /// The year with the largest outlay (the earliest on ties).
    pub peak: PeriodTotal,
    /// The outlays of each year from the first to the last (calendar years,
    /// or the capacity's fiscal years when affordability is tested), zero
    /// in years between with no flow.
    pub yearly: Vec<PeriodTotal>,
    /// For a plan with instruments (compared by
    /// [`compare_with_instruments`]): its **expected outflows** by year
    /// (equity payments, loan drawdowns, a guarantee's expected calls — the
    /// outlays affordability tests), on the basis of
    /// [`PlanSummary::yearly`]. `None` for cash plans, whose outflows are
    /// their outlays. The chart draws these bars instead of the nominal
    /// tranches (a guarantee's face value leaves nothing until called).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expected_outflows: Option<Vec<PeriodTotal>>,
    /// The affordability test's outcome, when one was asked for.
    pub affordability: Option<PlanVerdict>,
}

/// The outcome of testing a plan against capacity (see
/// [`Assessment::assess`]).
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
/// example); `to_csv_summary`, `to_csv_yearly` (feature `csv`) and
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
    /// The headline: the reference plan's nominal total (the scenario's
    /// headline when, as there, every plan pays it in full). Shares and
    /// discounts are measured against it.
    pub headline: Money,
    /// The payer's and recipient's rates of the two-party view, if asked
    /// for.
    pub parties: Option<PartyRates>,
    /// The plans, in the order given.
    pub plans: Vec<PlanSummary>,
    /// The payer's capacity in each year for charts: the tightest limit on
    /// the outlays or on the payer's currency converted (a stock's drawing
    /// limit is not a limit on a year's outlays), converted to the plans'
    /// currency (at the FX path's rate of the year) when it is another.
    /// Each year's capacity is taken from the first plan whose
    /// affordability table covers that year. `None` without affordability
    /// or without such a limit.
    pub capacity_by_year: Option<Vec<YearAmount>>,
    /// The names of the limits that make up [`Comparison::capacity_by_year`]
    /// (the tightest limit of each year), in the order first met: the
    /// chart labels its capacity line with them. A limit on conversions
    /// is named with `, on conversions` appended (`"FX market, on
    /// conversions"`): it limits the payer's currency converted, which
    /// outlays funded in their own currency (a dollar stock, dollar
    /// bonds) do not use, so bars above its line are not breaches.
    /// Empty without affordability.
    #[serde(default)]
    pub capacity_limits: Vec<String>,
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
/// in which case each plan is also assessed ([`Assessment::assess`]).
///
/// # Errors
/// [`Error::Empty`] for no plans or a plan with no flows;
/// [`Error::Invalid`] for an empty name; [`Error::DuplicatePlan`] for
/// two plans of one name; [`Error::CurrencyMismatch`] when a plan's
/// currency differs from the first plan's; the errors of valuation
/// ([`Error::NoFlowsAfterValuationDate`]…) and of
/// [`Assessment::assess`].
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
    affordability: Option<&Assessment>,
) -> Result<Comparison> {
    compare_plans(plans, None, valuation, affordability)
}

/// [`compare`], with each plan's expected flows under its instruments
/// (from [`Commitment::expected_flows`](crate::Commitment::expected_flows),
/// in the order of `plans`): every plan also gets its
/// [`EconomicCost`] — the PV of all its expected flows at each rate, and
/// at the payer's and the recipient's rates when the valuation has
/// [`PartyRates`] — beside the nominal and the PV of the outlays.
///
/// The schedules in `plans` stay the headline's outlays (every tranche
/// paid as if cash): the present values, discounts, savings, break-even
/// and two-party columns are theirs, as in [`compare`].
///
/// # Errors
/// As [`compare`]; [`Error::Invalid`] when `expected` does not hold one
/// entry per plan; [`Error::CurrencyMismatch`] when a plan's expected
/// flows are in another currency.
///
/// ```
/// use disburse::compare::{compare_with_instruments, TimeBasis, ValuationSettings};
/// use disburse::instrument::{Guarantee, Instrument, Repayment};
/// use disburse::{Commitment, Currency, Money, Plan, Tranche};
/// use rust_decimal_macros::dec;
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// // 1,000 guaranteed for a year, fee 0.5%, called with 3%, 40% recovered:
/// // 0.03 × 0.6 × 1000 / 1.05 − 5 = 12.14 at 5%.
/// let g = Guarantee::new(dec!(0.005), 1, Repayment::Bullet, 0, dec!(0.03), dec!(0.4))?;
/// let c = Commitment::new("c", usd(dec!(1000)), vec![
///     Tranche::new("nexi", usd(dec!(1000)), Plan::upfront(jan1)).with_instrument(Instrument::Guarantee(g)),
/// ])?;
/// let v = ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?;
/// let cmp = compare_with_instruments(&[("g".into(), c.schedule()?)], &[c.expected_flows()?], &v, None)?;
/// let e = cmp.plans[0].economic.as_ref().unwrap();
/// assert_eq!(e.at_rates[0].round_to_minor(disburse::Rounding::HalfEven), usd(dec!(12.14)));
/// assert_eq!(cmp.plans[0].present_values[0], usd(dec!(1000)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn compare_with_instruments(
    plans: &[(String, Schedule)],
    expected: &[ExpectedFlows],
    valuation: &ValuationSettings,
    affordability: Option<&Assessment>,
) -> Result<Comparison> {
    if expected.len() != plans.len() {
        return Err(Error::Invalid {
            what: Quantity::ExpectedFlows,
            reason: "must hold one entry per plan, in the plans' order",
        });
    }
    compare_plans(plans, Some(expected), valuation, affordability)
}

/// [`compare`] and [`compare_with_instruments`], in named steps.
fn compare_plans(
    plans: &[(String, Schedule)],
    expected: Option<&[ExpectedFlows]>,
    valuation: &ValuationSettings,
    affordability: Option<&Assessment>,
) -> Result<Comparison> {
    let (reference_name, reference) = check_plans(plans)?;
    let currency = reference.currency();
    let basis = affordability.map_or(PeriodBasis::CalendarYear, |a| {
        PeriodBasis::FiscalYear(a.capacity().year())
    });
    let reference_pvs = present_values(reference, valuation.rates(), valuation)?;
    let headline = reference.total()?;
    let mut capacity = CapacityByYear::new(currency);
    let mut summaries = Vec::with_capacity(plans.len());
    for (i, (name, schedule)) in plans.iter().enumerate() {
        let is_reference = i == 0;
        let pvs = if is_reference {
            reference_pvs.clone()
        } else {
            present_values(schedule, valuation.rates(), valuation)?
        };
        let savings = savings(&reference_pvs, &pvs)?;
        let nominal = schedule.total()?;
        let break_even = if is_reference || nominal == headline {
            None
        } else {
            break_even(reference, schedule)?
        };
        let discounts = pvs
            .iter()
            .map(|pv| headline.checked_sub(*pv))
            .collect::<Result<Vec<_>>>()?;
        let pv_shares = pvs
            .iter()
            .map(|pv| share_of(*pv, headline))
            .collect::<Result<Vec<_>>>()?;
        let discount_shares = discounts
            .iter()
            .map(|d| share_of(*d, headline))
            .collect::<Result<Vec<_>>>()?;
        let two_party = match valuation.parties() {
            Some(p) => Some(TwoPartyValue::new(
                present_value_at(schedule, p.payer_rate, valuation)?,
                present_value_at(schedule, p.recipient_rate, valuation)?,
            )?),
            None => None,
        };
        let yearly = schedule.aggregate(basis)?;
        let peak = peak_of(&yearly).ok_or(Error::Empty {
            what: Quantity::PlanSchedule,
        })?;
        let flows = expected.and_then(|e| e.get(i));
        if let Some(f) = flows.filter(|f| f.currency() != currency) {
            return Err(Error::CurrencyMismatch {
                expected: currency,
                found: f.currency(),
            });
        }
        let economic = flows.map(|f| EconomicCost::new(f, valuation, headline)).transpose()?;
        let expected_outflows = match flows.filter(|f| f.has_instruments()) {
            Some(f) => Some(f.outflows()?.aggregate(basis)?),
            None => None,
        };
        let verdict = match affordability {
            Some(a) => Some(assess_plan(schedule, flows, a, &mut capacity)?),
            None => None,
        };
        summaries.push(PlanSummary {
            name: name.clone(),
            nominal,
            present_values: pvs,
            pv_shares,
            discounts,
            discount_shares,
            savings,
            break_even,
            two_party,
            economic,
            peak,
            yearly,
            expected_outflows,
            affordability: verdict,
        });
    }
    Ok(Comparison {
        rates: valuation.rates().to_vec(),
        reference: reference_name.clone(),
        valuation_date: valuation.date(),
        basis: valuation.basis(),
        currency,
        headline,
        parties: valuation.parties(),
        plans: summaries,
        capacity_limits: capacity.names.clone(),
        capacity_by_year: affordability.and_then(|_| capacity.finish()),
    })
}

/// Step 1 of [`compare`]: the plans are valid together (at least one,
/// names not blank and distinct, one currency, no empty schedule); returns
/// the reference, the first.
fn check_plans(plans: &[(String, Schedule)]) -> Result<(&String, &Schedule)> {
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
    Ok((reference_name, reference))
}

/// The reference's present value minus the plan's, rate by rate.
fn savings(reference: &[Money], plan: &[Money]) -> Result<Vec<Money>> {
    reference.iter().zip(plan).map(|(r, p)| r.checked_sub(*p)).collect()
}

/// The rates at which `plan` costs what `reference` does; `None` when
/// their flows cancel date by date (equal at every rate).
fn break_even(reference: &Schedule, plan: &Schedule) -> Result<Option<Roots>> {
    match break_even_rate(reference, plan) {
        Ok(roots) => Ok(Some(roots)),
        Err(Error::AllZeroFlows) => Ok(None),
        Err(e) => Err(e),
    }
}

/// Tests `schedule` against `a` and keeps the capacity of the years it
/// covers, for the chart.
/// The plan's affordability: by its expected flows when it holds
/// instruments ([`Assessment::assess_expected`]), else its schedule.
fn assess_plan(
    schedule: &Schedule,
    flows: Option<&ExpectedFlows>,
    a: &Assessment,
    capacity: &mut CapacityByYear,
) -> Result<PlanVerdict> {
    let report = match flows.filter(|f| f.has_instruments()) {
        Some(f) => a.assess_expected(f)?,
        None => a.assess(schedule)?,
    };
    capacity.add(&report, a.fx_path())?;
    Ok(PlanVerdict {
        years_in_breach: report.summary.years_in_breach,
        verdict: report.summary.verdict,
        reason: report.summary.reason,
    })
}

/// [`Comparison::capacity_by_year`] as it is gathered from the plans'
/// reports: each year's capacity from the first report that covers it,
/// converted to the plans' currency.
struct CapacityByYear {
    currency: Currency,
    years: Vec<YearAmount>,
    /// The names of the limits taken, in the order first met.
    names: Vec<String>,
    convertible: bool,
}

impl CapacityByYear {
    fn new(currency: Currency) -> Self {
        CapacityByYear {
            currency,
            years: Vec::new(),
            names: Vec::new(),
            convertible: true,
        }
    }

    /// Adds the years of `report` not seen yet, converted with `fx` when
    /// the payer's currency is another.
    fn add(&mut self, report: &AffordabilityReport, fx: Option<&FxPath>) -> Result<()> {
        for row in &report.rows {
            if self.years.iter().any(|c| c.year == row.year) {
                continue;
            }
            let Some((name, limits, limit)) = row
                .limits
                .iter()
                .filter(|u| matches!(u.limits, Limits::Outlays | Limits::Conversion))
                .map(|u| (&u.name, u.limits, u.limit))
                .min_by_key(|(_, _, m)| m.amount())
            else {
                self.convertible = false;
                continue;
            };
            // A conversion limit says so: it limits the payer's currency
            // converted, not the outlays drawn against it.
            let name = match limits {
                Limits::Conversion => format!("{name}, on conversions"),
                _ => name.clone(),
            };
            if !self.names.contains(&name) {
                self.names.push(name);
            }
            let amount = if limit.currency() == self.currency {
                Some(limit)
            } else {
                match fx {
                    Some(fx) if fx.connects(limit.currency(), self.currency) => {
                        Some(fx.convert(limit, row.year.year())?)
                    }
                    _ => None,
                }
            };
            match amount {
                Some(amount) => self.years.push(YearAmount { year: row.year, amount }),
                None => self.convertible = false,
            }
        }
        Ok(())
    }

    /// The capacity by year in order, or `None` if some year could not be
    /// converted.
    fn finish(mut self) -> Option<Vec<YearAmount>> {
        self.years.sort_by_key(|y| y.year);
        self.convertible.then_some(self.years)
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::affordability::{Capacity, Constraint, Funding, FundingSource};
    use crate::rates::Compounding;
    use crate::time::{DayCount, Frequency};
    use crate::{Commitment, Plan};
    use rust_decimal::Decimal;
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

    fn affordability() -> Assessment {
        Assessment::new(
            Capacity::new(
                Currency::USD,
                crate::FiscalYear::CALENDAR,
                vec![Constraint::fixed_cap("fx market", dec!(40e9))],
            )
            .unwrap(),
        )
        .funding(Funding::new(vec![FundingSource::borrowing(0.04)], 0.045).unwrap())
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
        // Equal totals: the PVs agree only at 0%, so no break-even is given.
        assert_eq!(c.plans[1].break_even, None);
        // 35 × ä(10, 4.5%) = 289.4076673278… (mpmath): 82.688% of 350,
        // a discount of 60.5923326722 (17.312%).
        assert_eq!(c.headline, usd(dec!(350e9)));
        assert!((c.plans[1].pv_shares[0] - 289.407_667_327_804_32 / 350.0).abs() < 1e-12);
        assert_eq!(c.plans[0].pv_shares[0], 1.0);
        assert_eq!(unit.format(c.plans[1].discounts[0].amount()), "60.59");
        assert_eq!(c.plans[1].discounts, c.plans[1].savings);
        assert!((c.plans[1].discount_shares[0] - 60.592_332_672_195_68 / 350.0).abs() < 1e-12);
        assert_eq!(c.plans[1].two_party, None);
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
        assert!(text.contains("USD billions; headline 350.00"), "{text}");
        assert!(
            text.contains("basis: whole years from the valuation date, annual compounding"),
            "{text}"
        );
        let lines: Vec<&str> = text.lines().collect();
        let header = lines.iter().position(|l| l.starts_with("plan")).unwrap();
        assert!(lines[header].contains("@ 4.5%"));
        assert!(lines[header + 1].starts_with("upfront "));
        let ten = lines[header + 2];
        // PV 289.41, share 82.7%, discount 60.59 at 4.5%.
        assert!(ten.starts_with("ten installments ") && ten.contains("289.41"), "{ten}");
        assert!(ten.contains("82.7%") && ten.contains("60.59"), "{ten}");
        let second = lines.iter().rposition(|l| l.starts_with("plan")).unwrap();
        assert!(lines[second].contains("verdict"));
        assert!(lines[second + 1].contains("unaffordable"));
        // Equal totals: no break-even column, no column of zeros.
        assert!(!text.contains("break-"), "{text}");
        assert!(!text.contains("0.00%"), "{text}");
        // Savings equal the discounts (the reference is upfront): not repeated.
        assert!(!text.contains("saving"), "{text}");
        assert!(lines.iter().all(|l| l.chars().count() <= 100), "{text}");
    }

    #[test]
    fn break_even_only_when_totals_differ() {
        // 350 now against ten annual payments of 40 (400 in all): the PVs
        // agree where 350 = Σ 40 (1 + r)^(−days/365), r = 3.0978974232%
        // (mpmath, dated Act/365F, annual).
        let now = Commitment::single("a", usd(dec!(350)), Plan::upfront(jan1())).unwrap();
        let forty = Commitment::single("b", usd(dec!(400)), Plan::installments(jan1(), 10, Frequency::Annual)).unwrap();
        let plans = vec![
            ("350 now".to_string(), now.schedule().unwrap()),
            ("10 x 40".to_string(), forty.schedule().unwrap()),
        ];
        let c = compare(&plans, &valuation(vec![0.045]), None).unwrap();
        let r = c.plans[1].break_even.as_ref().unwrap().unique().unwrap();
        assert!((r - 0.030_978_974_231_669_73).abs() < 1e-10, "{r}");
        let text = c.to_string();
        assert!(text.contains("break-") && text.contains("3.10%"), "{text}");
        // Against the headline 350: 40 × ä(10, 4.5%) = 330.75162… is
        // 94.50% of it.
        assert!((c.plans[1].pv_shares[0] - 330.751_619_803_204_9 / 350.0).abs() < 1e-9);
        #[cfg(feature = "csv")]
        {
            let csv = c.to_csv_summary().unwrap();
            assert!(csv.lines().next().unwrap().contains(",break_even,"), "{csv}");
        }
    }

    #[test]
    fn two_party_view_and_negotiation_zone() {
        // 10 × 35 from 2026-01-01, whole years. At the payer's 3%: 35 ×
        // ä(10, 3%) = 307.5138122658 (its cost); at the recipient's 8%:
        // 35 × ä(10, 8%) = 253.6410768800 (its value). Upfront amounts in
        // [253.64, 307.51] beat the plan for both.
        let v = valuation(vec![0.045]).with_parties(0.03, 0.08).unwrap();
        let c = compare(&korea(), &v, None).unwrap();
        let t = c.plans[1].two_party.as_ref().unwrap();
        let near = |m: Money, x: Decimal| (m.amount() - x).abs() < dec!(0.001);
        assert!(near(t.cost_to_payer, dec!(307_513_812_265.7687)), "{}", t.cost_to_payer);
        assert!(
            near(t.value_to_recipient, dec!(253_641_076_879.9866)),
            "{}",
            t.value_to_recipient
        );
        let z = t.zone.unwrap();
        assert_eq!((z.low, z.high), (t.value_to_recipient, t.cost_to_payer));
        // Upfront on the valuation date: both see 350, a single point.
        let up = c.plans[0].two_party.as_ref().unwrap();
        assert_eq!(
            up.zone.map(|z| (z.low, z.high)),
            Some((usd(dec!(350e9)), usd(dec!(350e9))))
        );
        let text = c.to_string();
        assert!(
            text.contains("the payer discounts at 3%, the recipient at 8%"),
            "{text}"
        );
        assert!(text.contains("253.64 to 307.51"), "{text}");
        // The payer's rate above the recipient's: deferral is worth more to
        // the payer than it costs the recipient; no upfront amount beats the
        // plan for both.
        let v = valuation(vec![0.045]).with_parties(0.08, 0.03).unwrap();
        let c = compare(&korea(), &v, None).unwrap();
        assert_eq!(c.plans[1].two_party.as_ref().unwrap().zone, None);
        assert!(c.to_string().contains("none"));
    }

    #[cfg(feature = "csv")]
    #[test]
    fn csv_quoting() {
        let mut plans = korea();
        plans[1].0 = r#"a "b", c"#.to_string();
        let c = compare(&plans, &valuation(vec![0.045]), None).unwrap();
        let csv = c.to_csv_summary().unwrap();
        let row = csv.lines().nth(2).unwrap();
        assert!(
            row.starts_with(
                r#""a ""b"", c",USD,"whole years from the valuation date, annual compounding",350000000000.00,"#
            ),
            "{row}"
        );
        // Equal totals: no break-even column (never a 2e-17 "root").
        assert!(!csv.contains("break_even"), "{csv}");
        let yearly = c.to_csv_yearly().unwrap();
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
            "headline",
            "parties",
            "plans",
            "capacity_by_year",
            "capacity_limits",
        ] {
            assert!(v.get(key).is_some(), "{key}");
        }
        let p = &v["plans"][1];
        for key in [
            "name",
            "nominal",
            "present_values",
            "pv_shares",
            "discounts",
            "discount_shares",
            "savings",
            "break_even",
            "two_party",
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
        assert!(p["break_even"].is_null()); // equal totals
        assert_eq!(v["headline"]["amount"], "350000000000");
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
        #[cfg(feature = "csv")]
        assert_eq!(g.to_csv().unwrap().lines().count(), 1 + 4 * 4);
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
        assert!(!c.to_string().contains("break-"));
    }
}
