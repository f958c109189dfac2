//! Stochastic affordability: the probability that a plan breaks the
//! payer, by year and over the horizon, with its Monte Carlo standard
//! error (feature `risk`).
//!
//! A **path** is the deterministic yearly engine of
//! [`Assessment::assess`] run on shocked inputs (the outlay schedule
//! itself is fixed):
//!
//! - **FX** ([`FxFactor`]): the rate of the assessment's [`FxPath`](crate::affordability::FxPath)
//!   times `e^(X₁+…+X_k)` in the k-th year from the first outlay year
//!   (k = 1 there), `X ~ Normal(drift − σ²/2, σ²)` or bootstrapped from
//!   an annual history; shocked rates are rounded half-even to 6 decimals
//!   (the year before the first outlay year keeps its rate: a rise
//!   trigger compares with it). The deferral clause acts on each path's
//!   rates.
//! - **Rates** ([`RateFactor`]): a discrete Vasicek shift added to the
//!   coupon of new borrowing, new swap drawings and the stock's yield,
//!   rounded to 8 decimals and floored at zero; issued debt keeps its
//!   coupon; the discount rate of the funding cost is not shocked.
//! - **Flow growth** ([`GrowthFactor`]): every `share_of_flow` limit times
//!   `e^(ε₁+…+ε_k)`, rounded to 8 decimals.
//! - The three shocks of a year are correlated through the Cholesky
//!   factor of the model's correlation matrix (order fx, rates, growth).
//!
//! **Reproducible:** path `i` draws from ChaCha8 seeded with the model's
//! seed on stream `i`, and every statistic is merged from integer counts
//! and fixed-point sums, so a seed gives the same report on any machine
//! and any number of threads. **Bounded memory:** the paths stream into
//! per-year accumulators (percentiles from log-bucket sketches within a
//! relative 0.5% and bounded by the least and greatest values seen, means
//! exact); no path's rows are kept.
//!
//! **The baseline beside the fan:** each year of a [`PlanRisk`] also
//! carries the deterministic assessment's figures ([`Baseline`]), and the
//! plan its funding cost: where the assumed path sits among the paths (a
//! plan can cost nothing on its baseline and a great deal on its median
//! path).
//!
//! **Two engines, one answer.** Each path's shocks are drawn once and
//! every plan is evaluated on them. [`Engine::Screened`] (the default)
//! compiles the assessment and each plan once into an integer program
//! (minor units, the exact engine's roundings) and runs it per path
//! without `Decimal` or allocation: every breach, deferral and horizon of
//! a screened path is the exact engine's. A path it cannot decide exactly
//! (a product beyond `Decimal`'s 96 bits, a missing FX rate, a
//! share-of-flow limit shocked by growth within `1e-9·limit + factor/2 +
//! 2` minor units of the outlay it limits — the one `f64` decision), and
//! every path of a configuration it does not support (an FX path quoted
//! payer/outlay, a share-of-flow conversion limit with a growth factor,
//! amounts finer than their minor unit, a third currency), runs on the
//! exact engine, counted in [`PlanRisk::exact_paths`]. [`Engine::Exact`]
//! runs every path on the `Decimal` engine of [`Assessment::assess`].
//! The share used and the adequacy ratio of a screened path are `f64`
//! quotients of its integers, its funding cost an `f64` present value
//! rounded to the minor unit (within 10⁻¹⁵ of the exact engine's).
//!
//! With every volatility zero each path is the deterministic assessment
//! exactly (to the minor unit; the exact engine runs).
//!
//! ```
//! use disburse::affordability::{Assessment, Capacity, Constraint, FxPath, Funding, FundingSource};
//! use disburse::risk::{FxFactor, RiskModel};
//! use disburse::{Currency, FiscalYear, Money, Plan};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//! // $10B a year for 3 years within a cap of ₩15T a year, paid from the
//! // budget, at 1,430 won per dollar (₩14.3T needed): a won 4.9% weaker
//! // breaks the cap.
//! let capacity = Capacity::new(Currency::KRW, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(15e12))])?;
//! let budget = Funding::new(vec![FundingSource::Budget { amount_per_year: dec!(1e15) }], 0.04)?;
//! let a = Assessment::new(capacity).fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?).funding(budget);
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let s = Plan::installments(jan1, 3, disburse::time::Frequency::Annual).schedule(Money::new(dec!(30e9), Currency::USD), "x")?;
//! let model = RiskModel::new().paths(2_000)?.seed(7).fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })?;
//! let r = model.simulate_plan(&a, "x", &s)?;
//! assert!(r.breach_probability > 0.3 && r.breach_probability < 0.9);
//! assert_eq!(r.breach_probability_by_year.len(), 3);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod fast;
mod model;
mod paths;
mod stats;

use std::collections::BTreeMap;
use std::fmt;

use rayon::prelude::*;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub use model::{
    DEFAULT_PATHS, DEFAULT_SEED, DEFAULT_STRAINED, DEFAULT_THRESHOLD, Engine, FxFactor, GrowthFactor, RateFactor,
    RiskModel,
};
pub use stats::{Baseline, Distribution, SKETCH_ACCURACY, YearRisk};

use crate::affordability::{AffordabilityReport, Assessment, Verdict, discounted_service, report_from_rows};
use crate::render::{Align, Column, Digits, Document, Fit, Percent, Table, Unit};
use crate::{Commitment, Currency, Error, Money, Period, PeriodBasis, Result, Schedule};
use fast::{Program, Scratch};
use paths::{Prepared, f};
use stats::Staged;
use stats::{PlanAcc, probability};

/// Paths run between two calls of the progress callback (and merged in
/// this order).
const BLOCK: u64 = 4_096;

/// Most paths a worker runs without offering the rest of its share to an
/// idle worker: small enough that the workers finish a block together
/// (a larger piece leaves one core idle while the other ends it), large
/// enough that the hand-over costs nothing measurable.
const PIECE: usize = 16;

/// One plan under risk.
///
/// Serialized with the fields of the JSON contract (`name`,
/// `breach_probability`, `standard_error`, `breach_probability_by_year`,
/// `verdict`) and the rest.
///
/// ```
/// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource, Verdict};
/// use disburse::risk::RiskModel;
/// use disburse::{Currency, FiscalYear, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(10))])?;
/// let budget = Funding::new(vec![FundingSource::Budget { amount_per_year: dec!(10) }], 0.04)?;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Plan::upfront(jan1).schedule(Money::new(dec!(5), Currency::USD), "x")?;
/// let a = Assessment::new(capacity).funding(budget);
/// let r = RiskModel::new().paths(100)?.simulate(&a, &[("upfront".into(), s)])?;
/// let p = &r.plans[0];
/// // No factor, half the cap, paid from the budget: no path breaches,
/// // with no Monte Carlo error.
/// assert_eq!((p.breach_probability, p.standard_error), (0.0, 0.0));
/// assert_eq!(p.breach_probability_by_year["2026"], 0.0);
/// assert_eq!(p.verdict, Verdict::Affordable);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanRisk {
    /// The plan's name.
    pub name: String,
    /// The payer's currency (of the amounts).
    pub currency: Currency,
    /// The stock's currency (of the reserves), if there is a stock.
    pub stock_currency: Option<Currency>,
    /// Probability of a breach in any year of the horizon.
    pub breach_probability: f64,
    /// Its Monte Carlo standard error `√(p(1 − p)/N)`.
    pub standard_error: f64,
    /// Its 95% confidence interval, `[low, high]`: Wilson's score
    /// interval, which stays inside [0, 1] and is not empty when no path
    /// (or every path) breaches — 0 breaches in 10,000 paths is
    /// `[0, 0.038%]`, where the standard error alone says `0 ± 0`. When
    /// nothing is random (every path the same) it is `[p, p]`.
    pub breach_interval: [f64; 2],
    /// Whether the verdict is settled: no threshold of the verdict lies
    /// within [`PlanRisk::breach_interval`]. When one does, the verdict
    /// could change with the seed or more paths, and the
    /// [`reason`](PlanRisk::reason) says about how many paths would settle
    /// it. Always true when nothing is random.
    pub settled: bool,
    /// Probability of a breach by year (`"2026"` → p).
    pub breach_probability_by_year: BTreeMap<String, f64>,
    /// Probability of any breach without the deferral clause (same
    /// shocks), when the assessment has one.
    pub breach_probability_without_clause: Option<f64>,
    /// Its standard error.
    pub standard_error_without_clause: Option<f64>,
    /// Probability that the deferral clause fires in some year.
    pub deferral_probability: Option<f64>,
    /// The total funding cost (present value, payer's currency; see
    /// [`Summary::funding_cost`](crate::affordability::Summary::funding_cost)).
    pub funding_cost: Distribution,
    /// The 95% expected shortfall of the funding cost: the mean of its
    /// worst 5% (from the sketch, within 0.5%).
    pub funding_cost_es95: f64,
    /// Paths of this plan run on the exact `Decimal` engine: all of them
    /// with [`Engine::Exact`] (or every volatility zero, or a
    /// configuration the screened program does not support), else the
    /// screened paths that fell back.
    pub exact_paths: u64,
    /// The deterministic assessment's verdict.
    pub deterministic_verdict: Verdict,
    /// The deterministic assessment's funding cost (the baseline's; see
    /// [`Baseline`]), to read beside [`PlanRisk::funding_cost`].
    pub baseline_funding_cost: Money,
    /// The verdict under risk.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
    /// Per year.
    pub years: Vec<YearRisk>,
}

/// The result of [`RiskModel::simulate`]: the JSON contract `{"paths": N,
/// "seed": S, "plans": [...]}` plus the model's assumptions.
///
/// ```
/// use disburse::affordability::{Assessment, Capacity, Constraint};
/// use disburse::risk::RiskModel;
/// use disburse::{Currency, FiscalYear, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(10))])?;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Plan::upfront(jan1).schedule(Money::new(dec!(20), Currency::USD), "x")?;
/// let r = RiskModel::new().paths(10)?.seed(7).simulate(&Assessment::new(capacity), &[("upfront".into(), s)])?;
/// let json: serde_json::Value = serde_json::to_value(&r)?;
/// assert_eq!((json["paths"].as_u64(), json["seed"].as_u64()), (Some(10), Some(7)));
/// assert_eq!(json["plans"][0]["name"], "upfront");
/// assert_eq!(json["plans"][0]["breach_probability"], 1.0);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RiskReport {
    /// Paths per plan.
    pub paths: u64,
    /// The seed.
    pub seed: u64,
    /// The engine asked for (see [`PlanRisk::exact_paths`] for the paths
    /// that ran on the exact one).
    pub engine: Engine,
    /// The model's rules, one a line.
    pub assumptions: Vec<String>,
    /// Whether every path is the same (nothing random: no volatility, no
    /// history, no credit events), so that one path per plan ran and
    /// counts for all `paths`.
    #[serde(default)]
    pub identical_paths: bool,
    /// The plans, in order.
    pub plans: Vec<PlanRisk>,
}

impl RiskModel {
    /// Runs every plan (name, schedule) against `assessment`.
    ///
    /// # Errors
    /// As [`RiskModel::simulate_plan`].
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(10))])?;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let s = Plan::upfront(jan1).schedule(Money::new(dec!(20), Currency::USD), "x")?;
    /// let r = RiskModel::new().paths(10)?.simulate(&Assessment::new(capacity), &[("upfront".into(), s)])?;
    /// // No factor: every path is the deterministic breach.
    /// assert_eq!(r.plans[0].breach_probability, 1.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn simulate(&self, assessment: &Assessment, plans: &[(String, Schedule)]) -> Result<RiskReport> {
        self.simulate_with_progress(assessment, plans, &|_, _| {})
    }

    /// [`RiskModel::simulate`], calling `progress(plan index, paths done)`
    /// for every plan every 4,096 paths (each path runs every plan).
    ///
    /// # Errors
    /// As [`RiskModel::simulate_plan`].
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// use std::sync::atomic::{AtomicU64, Ordering};
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(10))])?;
    /// let s = Plan::upfront(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).schedule(Money::new(dec!(5), Currency::USD), "x")?;
    /// let done = AtomicU64::new(0);
    /// RiskModel::new().paths(5)?.simulate_with_progress(&Assessment::new(capacity), &[("x".into(), s)], &|_, n| done.store(n, Ordering::Relaxed))?;
    /// assert_eq!(done.load(Ordering::Relaxed), 5);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn simulate_with_progress(
        &self,
        assessment: &Assessment,
        plans: &[(String, Schedule)],
        progress: &(dyn Fn(usize, u64) + Sync),
    ) -> Result<RiskReport> {
        let mut dets = Vec::with_capacity(plans.len());
        let mut preps = Vec::with_capacity(plans.len());
        for (_, s) in plans {
            dets.push(Deterministic::of(&assessment.assess(s)?)?);
            preps.push(Prepared::new(self, assessment, s)?);
        }
        let names: Vec<&str> = plans.iter().map(|(n, _)| n.as_str()).collect();
        self.report(&names, &preps, &dets, progress)
    }

    /// Runs every plan given as a [`Commitment`]: a plan of equity only as
    /// [`RiskModel::simulate`]; a plan with loans or guarantees by its
    /// instruments, with **credit events sampled on each path** — one
    /// Bernoulli draw per instrument-year from the path's own stream (see
    /// [`EventSampler`](crate::instrument::EventSampler)): a guarantee
    /// called in a bad year is an outlay that year, a loan that defaults
    /// stops paying and returns its recovery; the receipts pay first, as in
    /// [`Assessment::assess_expected`] (whose verdict is the deterministic
    /// one). Events are independent of the FX, rate and growth shocks (a
    /// correlation is not modelled). Such plans run on the exact engine
    /// (counted in [`PlanRisk::exact_paths`]).
    ///
    /// # Errors
    /// As [`RiskModel::simulate_plan`]; the errors of
    /// [`Commitment::expected_flows`].
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
    /// use disburse::instrument::{Guarantee, Instrument, Repayment};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan, Tranche};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// // $100 guaranteed for a year, called with probability 30%, no fee or
    /// // recovery, against a cap of $50: a breach exactly when it is called.
    /// let g = Guarantee::new(dec!(0), 1, Repayment::Bullet, 0, dec!(0.3), dec!(0))?;
    /// let c = Commitment::new("g", usd(dec!(100)), vec![
    ///     Tranche::new("g", usd(dec!(100)), Plan::upfront(jan1)).with_instrument(Instrument::Guarantee(g)),
    /// ])?;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(50))])?;
    /// let a = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::Budget { amount_per_year: dec!(1000) }], 0.0)?);
    /// let r = RiskModel::new().paths(4_000)?.simulate_commitments(&a, &[("g".into(), c)])?;
    /// let p = r.plans[0].breach_probability;
    /// assert!((p - 0.3).abs() < 4.0 * r.plans[0].standard_error, "{p}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn simulate_commitments(&self, assessment: &Assessment, plans: &[(String, Commitment)]) -> Result<RiskReport> {
        self.simulate_commitments_with_progress(assessment, plans, &|_, _| {})
    }

    /// [`RiskModel::simulate_commitments`] with a progress callback as in
    /// [`RiskModel::simulate_with_progress`].
    ///
    /// # Errors
    /// As [`RiskModel::simulate_commitments`].
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(10))])?;
    /// let c = Commitment::single("x", Money::new(dec!(5), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// let r = RiskModel::new().paths(5)?.simulate_commitments_with_progress(&Assessment::new(capacity), &[("x".into(), c)], &|_, _| {})?;
    /// // No funding source: the $5 is unfunded on every path.
    /// assert_eq!(r.plans[0].breach_probability, 1.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn simulate_commitments_with_progress(
        &self,
        assessment: &Assessment,
        plans: &[(String, Commitment)],
        progress: &(dyn Fn(usize, u64) + Sync),
    ) -> Result<RiskReport> {
        let mut dets = Vec::with_capacity(plans.len());
        let mut preps = Vec::with_capacity(plans.len());
        for (_, c) in plans {
            let flows = c.expected_flows()?;
            let det = if flows.has_instruments() {
                assessment.assess_expected(&flows)?
            } else {
                assessment.assess(&c.schedule()?)?
            };
            dets.push(Deterministic::of(&det)?);
            preps.push(Prepared::for_commitment(self, assessment, c)?);
        }
        let names: Vec<&str> = plans.iter().map(|(n, _)| n.as_str()).collect();
        self.report(&names, &preps, &dets, progress)
    }

    /// The report of the prepared plans' paths.
    fn report(
        &self,
        names: &[&str],
        preps: &[Prepared<'_>],
        dets: &[Deterministic],
        progress: &(dyn Fn(usize, u64) + Sync),
    ) -> Result<RiskReport> {
        let accs = self.run_paths(preps, progress)?;
        let plans = names
            .iter()
            .zip(preps)
            .zip(dets)
            .zip(&accs)
            .map(|(((name, prep), det), acc)| self.plan_report(name, prep, acc, det))
            .collect();
        let mut assumptions = self.assumptions();
        if preps.iter().any(|p| p.events.is_some()) {
            assumptions.push(
                "credit events: one draw per loan or guarantee and year while it lasts (its annual default or \
                 call probability), independent of each other and of the factors; a call is an outlay, a \
                 default stops the loan's payments and returns its recovery; receipts pay first"
                    .to_string(),
            );
        } else if !self.is_random() {
            assumptions.push(
                "nothing is random (no factor has a volatility, no plan has credit events): every path is".to_string(),
            );
            assumptions.push(format!(
                "    the same (one is run and counted {} times), so each P(breach) is 0 or 1 exactly, with",
                self.paths
            ));
            assumptions
                .push("    no Monte Carlo error; a factor (`fx = { vol = 0.10 }` in [risk]) shocks them".to_string());
        }
        Ok(RiskReport {
            paths: self.paths,
            seed: self.seed,
            engine: self.engine,
            assumptions,
            identical_paths: self.identical(preps),
            plans,
        })
    }

    /// Runs one plan's paths.
    ///
    /// # Errors
    /// [`Error::Invalid`] naming `risk.fx` for an FX factor without an FX
    /// path between the outlays' and the payer's currencies; the errors of
    /// [`Assessment::assess`] (on the deterministic inputs or on a path's
    /// shocked ones, e.g. an overflow).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::risk::{FxFactor, RiskModel};
    /// use disburse::{Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(10))])?;
    /// let s = Plan::upfront(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).schedule(Money::new(dec!(5), Currency::USD), "x")?;
    /// let m = RiskModel::new().fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })?;
    /// assert_eq!(m.simulate_plan(&Assessment::new(capacity), "x", &s).unwrap_err().to_string(),
    ///     "risk.fx is out of range: an FX factor needs an FX path between the outlays' and the payer's currencies");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn simulate_plan(&self, assessment: &Assessment, name: &str, schedule: &Schedule) -> Result<PlanRisk> {
        let det = Deterministic::of(&assessment.assess(schedule)?)?;
        let prep = Prepared::new(self, assessment, schedule)?;
        let accs = self.run_paths(std::slice::from_ref(&prep), &|_, _| {})?;
        let acc = accs.first().cloned().unwrap_or_default();
        Ok(self.plan_report(name, &prep, &acc, &det))
    }

    /// Whether every path of these plans is the same: no factor varies
    /// and no plan has credit events.
    fn identical(&self, preps: &[Prepared<'_>]) -> bool {
        !self.is_random() && preps.iter().all(|p| p.events.is_none())
    }

    /// Whether a path's shocks vary: some factor has a volatility (or
    /// bootstraps a history).
    fn is_random(&self) -> bool {
        let fx = match &self.fx {
            None => false,
            Some(FxFactor::Lognormal { vol, .. }) => *vol != 0.0,
            Some(FxFactor::History { .. }) => true,
        };
        fx || self.rates.is_some_and(|r| r.vol != 0.0) || self.growth.is_some_and(|g| g.vol != 0.0)
    }

    /// Whether the screened engine runs: asked for, and some factor has a
    /// volatility or the FX factor a drift (with neither, every path is
    /// the deterministic assessment, reproduced exactly by the exact
    /// engine).
    fn screens(&self) -> bool {
        let drifts = matches!(self.fx, Some(FxFactor::Lognormal { drift, .. }) if drift != 0.0);
        self.engine == Engine::Screened && (self.is_random() || drifts)
    }

    /// Runs every plan's paths: each path's shocks drawn once and every
    /// plan evaluated on them, on the screened program where it applies
    /// and on the exact engine otherwise (or where a path falls back).
    ///
    /// When every path is the same (nothing random: no volatility, no
    /// history, no credit events), one path is run and counted `paths`
    /// times: the same accumulators as running each (their sums and
    /// counts are integers), without the time.
    fn run_paths(&self, preps: &[Prepared<'_>], progress: &(dyn Fn(usize, u64) + Sync)) -> Result<Vec<PlanAcc>> {
        if !self.identical(preps) {
            return self.run_each(preps, self.paths, progress);
        }
        let accs = self.run_each(preps, 1.min(self.paths), &|_, _| {})?;
        for k in 0..preps.len() {
            progress(k, self.paths);
        }
        Ok(accs.into_iter().map(|a| a.repeated(self.paths)).collect())
    }

    /// Runs paths `0..count` of every plan.
    fn run_each(
        &self,
        preps: &[Prepared<'_>],
        count: u64,
        progress: &(dyn Fn(usize, u64) + Sync),
    ) -> Result<Vec<PlanAcc>> {
        let screens = self.screens();
        let mut programs: Vec<Option<Program>> = preps
            .iter()
            .map(|p| if screens { Program::compile(p) } else { None })
            .collect();
        for k in 1..programs.len() {
            let (earlier, rest) = programs.split_at_mut(k);
            if let Some(Some(p)) = rest.first_mut() {
                p.share_rates(earlier);
            }
        }
        let any = programs.iter().any(Option::is_some);
        let span = preps.iter().map(|p| p.span).max().unwrap_or(0);
        let history = self.history();
        let n = preps.len();
        // One set of accumulators and buffers per worker thread, kept
        // across blocks (each path adds to its thread's set; the sets are
        // merged by adding integers, so the split does not matter).
        type Slot = (Vec<PlanAcc>, Scratch, Vec<Staged>);
        let slots: Vec<std::sync::Mutex<Slot>> = (0..=rayon::current_num_threads())
            .map(|_| {
                let staged = (0..n).map(|_| Staged::default()).collect();
                std::sync::Mutex::new((vec![PlanAcc::default(); n], Scratch::default(), staged))
            })
            .collect();
        let last = slots.len() - 1;
        let mut start = 0;
        while start < count {
            let end = start.saturating_add(BLOCK).min(count);
            // A block holds at most `BLOCK` paths: its offsets index it.
            let len = (end - start) as usize;
            (0..len).into_par_iter().with_max_len(PIECE).try_for_each(|offset| {
                let i = start + offset as u64;
                let slot = rayon::current_thread_index().map_or(last, |t| t.min(last));
                let mut guard = slots[slot].lock().unwrap_or_else(std::sync::PoisonError::into_inner);
                let (acc, scratch, staged) = &mut *guard;
                let drawn = any && scratch.draw(self, &history, i, span).is_ok();
                for (k, prep) in preps.iter().enumerate() {
                    let screened = match (&programs[k], drawn) {
                        (Some(p), true) => match p.run(scratch) {
                            Ok(r) => {
                                let Scratch { rows, without, .. } = &mut *scratch;
                                let without = p.has_clause().then_some(&without[..]);
                                acc[k].add_screened(rows, without, r.cost, p.units(), &mut staged[k]);
                                true
                            }
                            Err(_) => false,
                        },
                        _ => false,
                    };
                    if !screened {
                        add_path(prep, &mut acc[k], i)?;
                        acc[k].exact += 1;
                    }
                }
                Ok::<_, Error>(())
            })?;
            for k in 0..n {
                progress(k, end);
            }
            start = end;
        }
        let mut accs = vec![PlanAcc::default(); n];
        for slot in slots {
            let (mut acc, _, mut staged) = slot.into_inner().unwrap_or_else(std::sync::PoisonError::into_inner);
            for ((a, stage), program) in acc.iter_mut().zip(&mut staged).zip(&programs) {
                if let Some(p) = program {
                    a.flush(stage, p.units());
                }
            }
            accs = accs.into_iter().zip(acc).map(|(x, y)| x.merge(y)).collect();
        }
        Ok(accs)
    }

    /// The full report of one path (rows, summary, assumptions), as
    /// [`Assessment::assess`] would give on the path's shocked inputs —
    /// to inspect a path, and the proof that a path is the deterministic
    /// engine.
    ///
    /// # Errors
    /// As [`RiskModel::simulate_plan`].
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(10))])?;
    /// let s = Plan::upfront(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).schedule(Money::new(dec!(5), Currency::USD), "x")?;
    /// let a = Assessment::new(capacity);
    /// assert_eq!(RiskModel::new().path_report(&a, &s, 3)?, a.assess(&s)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn path_report(&self, assessment: &Assessment, schedule: &Schedule, path: u64) -> Result<AffordabilityReport> {
        let prep = Prepared::new(self, assessment, schedule)?;
        let (fx, shocks) = prep.draw(path)?;
        let events = prep.sample_events(path);
        let rows = prep.rows(fx.as_ref(), shocks, events.as_ref(), true, false)?;
        let fx_used = if self.fx.is_some() {
            fx.as_ref()
        } else {
            assessment.fx_path()
        };
        report_from_rows(
            rows,
            prep.from,
            assessment.capacity(),
            fx_used,
            assessment.funding_plan(),
            assessment.verdict_thresholds(),
            assessment.deferral_rule(),
        )
    }

    fn plan_report(&self, name: &str, prep: &Prepared<'_>, acc: &PlanAcc, det: &Deterministic) -> PlanRisk {
        let n = acc.paths;
        let clause = prep.assessment.deferral_rule().is_some();
        let basis = PeriodBasis::FiscalYear(prep.assessment.capacity().year());
        let mut period = prep.years.first().map(|p| p.period);
        let mut years = Vec::with_capacity(acc.years.len());
        for y in &acc.years {
            let Some(p) = period else { break };
            let mut year = y.report(p, n, clause);
            year.baseline = det.years.iter().find(|(q, _)| *q == p).map(|(_, b)| b.clone());
            years.push(year);
            period = Some(basis.next(p));
        }
        let by_year = years
            .iter()
            .map(|y| (y.year.to_string(), y.breach_probability))
            .collect();
        let (p, se) = probability(acc.any_breach, n);
        let pct = |x: f64| Percent::new(x, Digits::Fixed(1));
        let peak = years
            .iter()
            .filter(|y| y.breach_probability > 0.0)
            // The first year of the highest probability (`max_by` keeps
            // the last of equals).
            .rev()
            .max_by(|a, b| a.breach_probability.total_cmp(&b.breach_probability))
            .map(|y| format!("; most in {} ({})", y.year, pct(y.breach_probability)))
            .unwrap_or_default();
        let head = format!("P(breach) {} ± {}", pct(p), pct(se));
        // With nothing random every path is the same: `p` is 0 or 1
        // exactly, with no Monte Carlo error to settle.
        let (interval, unsettled) = if self.is_random() || prep.events.is_some() {
            let interval = wilson(acc.any_breach, n);
            (interval, unsettled(interval, p, n, self.threshold, self.strained))
        } else {
            ([p, p], None)
        };
        let (verdict, reason) = if p <= self.threshold {
            (
                Verdict::Affordable,
                format!("{head} ≤ {} (threshold){peak}", pct(self.threshold)),
            )
        } else if p <= self.strained {
            (
                Verdict::Strained,
                format!(
                    "{head} > {} (threshold), ≤ {}{peak}",
                    pct(self.threshold),
                    pct(self.strained)
                ),
            )
        } else {
            (
                Verdict::Unaffordable,
                format!("{head} > {} (strained){peak}", pct(self.strained)),
            )
        };
        let reason = match &unsettled {
            Some(note) => format!("{reason}; {note}"),
            None => reason,
        };
        let (pw, sew) = probability(acc.any_breach_without, n);
        PlanRisk {
            name: name.to_string(),
            currency: prep.assessment.capacity().currency(),
            stock_currency: prep
                .assessment
                .capacity()
                .stock()
                .map(|st| st.currency.unwrap_or(prep.assessment.capacity().currency())),
            breach_probability: p,
            standard_error: se,
            breach_interval: interval,
            settled: unsettled.is_none(),
            breach_probability_by_year: by_year,
            breach_probability_without_clause: clause.then_some(pw),
            standard_error_without_clause: clause.then_some(sew),
            deferral_probability: clause.then(|| probability(acc.any_deferred, n).0),
            funding_cost: acc.cost_distribution(),
            funding_cost_es95: acc.cost_es95(),
            exact_paths: acc.exact,
            deterministic_verdict: det.verdict,
            baseline_funding_cost: det.funding_cost,
            verdict,
            reason,
            years,
        }
    }
}

/// The line under a table whose verdicts carry `?`.
pub(crate) const UNSETTLED_LEGEND: &str =
    "?: not settled, a threshold lies within the 95% interval of P(breach) (see the plan below)";

/// The normal quantile of a two-sided 95% interval.
const Z95: f64 = 1.959_963_984_540_054;

/// Wilson's 95% score interval of a probability from `k` of `n` paths:
/// `(p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n)`, clamped to
/// [0, 1]; `[NaN, NaN]` without paths.
fn wilson(k: u64, n: u64) -> [f64; 2] {
    if n == 0 {
        return [f64::NAN; 2];
    }
    let (n, p) = (n as f64, k as f64 / n as f64);
    let z2 = Z95 * Z95;
    let centre = (p + z2 / (2.0 * n)) / (1.0 + z2 / n);
    let half = Z95 * (p * (1.0 - p) / n + z2 / (4.0 * n * n)).sqrt() / (1.0 + z2 / n);
    // At p = 0 (1) the lower (upper) end is 0 (1) exactly, not the
    // rounding of `centre − half`.
    let lo = if k == 0 { 0.0 } else { (centre - half).max(0.0) };
    let hi = if p == 1.0 { 1.0 } else { (centre + half).min(1.0) };
    [lo, hi]
}

/// When a verdict threshold lies within the 95% interval of the
/// probability `p` of `n` paths: what to print after the reason (the
/// interval, the threshold and about how many paths would settle the
/// verdict if `p` stayed where it is: `z²·t(1 − t)/(p − t)²`, where
/// Wilson's interval at `p` stops holding `t`).
fn unsettled([lo, hi]: [f64; 2], p: f64, n: u64, threshold: f64, strained: f64) -> Option<String> {
    let pct = |x: f64, d: usize| Percent::new(x, Digits::Fixed(d));
    let t = [threshold, strained].into_iter().find(|t| lo <= *t && *t < hi)?;
    let head = format!(
        "not settled: the {} threshold lies within its 95% interval ({}–{})",
        pct(t, 1),
        // Rounded outward, so the shown interval holds the threshold too.
        pct((lo * 1e4).floor() / 1e4, 2),
        pct((hi * 1e4).ceil() / 1e4, 2)
    );
    // Wilson's interval holds `t` while `(p − t)² ≤ z²·t(1 − t)/n`.
    let need = Z95 * Z95 * t * (1.0 - t) / ((p - t) * (p - t));
    Some(if need.is_finite() && need < crate::limits::MAX_RISK_PATHS as f64 {
        // Two significant digits: an estimate.
        let need = need.ceil().max(n as f64 + 1.0);
        let step = 10f64.powi((need.log10().floor() as i32 - 1).max(0));
        let need = ((need / step).ceil() * step) as u64;
        format!(
            "{head}; more paths settle it (about {} if P(breach) stays near {})",
            crate::money::grouped(Decimal::from(need)),
            pct(p, 2)
        )
    } else {
        head
    })
}

/// What a plan's risk report takes from its deterministic assessment.
struct Deterministic {
    verdict: Verdict,
    funding_cost: Money,
    years: Vec<(Period, Baseline)>,
}

impl Deterministic {
    fn of(r: &AffordabilityReport) -> Result<Deterministic> {
        Ok(Deterministic {
            verdict: r.summary.verdict,
            funding_cost: r.summary.funding_cost,
            years: r
                .rows
                .iter()
                .map(|row| Ok((row.year, Baseline::of(row)?)))
                .collect::<Result<_>>()?,
        })
    }
}

/// Runs path `i` and adds it to `acc`.
fn add_path(prep: &Prepared<'_>, acc: &mut PlanAcc, i: u64) -> Result<()> {
    let (fx, shocks) = prep.draw(i)?;
    let events = prep.sample_events(i);
    let rows = prep.rows(fx.as_ref(), shocks.clone(), events.as_ref(), true, true)?;
    let without = match prep.assessment.deferral_rule() {
        Some(_) => Some(prep.rows(fx.as_ref(), shocks, events.as_ref(), false, true)?),
        None => None,
    };
    let payer = prep.assessment.capacity().currency();
    let service = rows
        .iter()
        .map(|r| r.interest.amount().checked_add(r.principal_repaid.amount()))
        .collect::<Option<Vec<Decimal>>>()
        .ok_or_else(|| Error::overflow("funding cost"))?;
    let final_debt = rows.last().map_or(crate::Money::zero(payer), |r| r.debt_after);
    let cost = discounted_service(service, final_debt, prep.assessment.funding_plan(), payer)?;
    acc.add(&rows, without.as_deref(), cost.amount());
    Ok(())
}

impl PlanAcc {
    fn cost_distribution(&self) -> Distribution {
        let c = self.cost();
        Distribution {
            mean: c.mean(),
            p5: c.quantile(0.05),
            p25: c.quantile(0.25),
            p50: c.quantile(0.5),
            p75: c.quantile(0.75),
            p95: c.quantile(0.95),
        }
    }

    fn cost_es95(&self) -> f64 {
        self.cost().tail_mean(0.95)
    }
}

impl fmt::Display for RiskReport {
    /// [`RiskReport::document`] as text.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.document().to_text())
    }
}

impl RiskReport {
    /// The report as a [`Document`]: the assumptions, one row per plan,
    /// then each plan's verdict, reason and years (the text of `Display`,
    /// the Markdown of `--format md`, the HTML report's risk section).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(100))])?;
    /// let a = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?);
    /// let s = Commitment::single("p", Money::new(dec!(50), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let r = RiskModel::default().paths(10)?.simulate(&a, &[("p".into(), s)])?;
    /// assert_eq!(r.document().tables().count(), 2);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document(&self) -> Document {
        let mut d = Document::new();
        for a in &self.assumptions {
            // An indented line continues the rule above it.
            if a.starts_with(' ') {
                d.more(a.clone());
            } else {
                d.line(a.clone());
            }
        }
        d.line("base: the deterministic path (the scenario's inputs, unshocked); p5–p95: percentiles over");
        d.more("    the paths; cost: the funding cost (present value); ES95: the mean of its worst 5%");
        d.blank();
        let pct = |x: f64| Percent::new(x, Digits::Fixed(1)).to_string();
        let opt = |x: Option<f64>| x.map_or_else(|| "–".to_string(), pct);
        let cur = self.plans.first().map(|p| p.currency);
        let largest = self.plans.iter().map(|p| p.funding_cost_es95.abs()).fold(0.0, f64::max);
        let unit = Unit::fitting(Decimal::from_f64_retain(largest).unwrap_or_default(), Fit::Column);
        let scaled = |x: f64| {
            if x.is_finite() {
                format!("{:.1}", x / 10f64.powi(unit.power() as i32))
            } else {
                "∞".to_string()
            }
        };
        let clause = self.plans.iter().any(|p| p.breach_probability_without_clause.is_some());
        let mut cols = vec![
            Column::new(Align::Left)
                .header(["", "plan"])
                .cells(self.plans.iter().map(|p| p.name.clone())),
            Column::new(Align::Right)
                .header(["P(breach)", "any year"])
                .cells(
                    self.plans
                        .iter()
                        .map(|p| format!("{} ±{}", pct(p.breach_probability), pct(p.standard_error))),
                )
                .group(1),
        ];
        if clause {
            cols.push(
                Column::new(Align::Right)
                    .header(["without", "clause"])
                    .cells(self.plans.iter().map(|p| opt(p.breach_probability_without_clause)))
                    .group(1),
            );
            cols.push(
                Column::new(Align::Right)
                    .header(["P(defer)", ""])
                    .cells(self.plans.iter().map(|p| opt(p.deferral_probability)))
                    .group(1),
            );
        }
        cols.extend([
            Column::new(Align::Right)
                .header([
                    cur.map_or_else(|| "cost".to_string(), |c| format!("cost, {}", unit.label(c))),
                    "base".to_string(),
                ])
                .cells(self.plans.iter().map(|p| scaled(f(p.baseline_funding_cost.amount()))))
                .group(2),
            Column::new(Align::Right)
                .header(["", "p50"])
                .cells(self.plans.iter().map(|p| scaled(p.funding_cost.p50)))
                .group(2),
            Column::new(Align::Right)
                .header(["", "ES95"])
                .cells(self.plans.iter().map(|p| scaled(p.funding_cost_es95)))
                .group(2),
            Column::new(Align::Left)
                .header(["verdict", "under risk"])
                .cells(
                    self.plans
                        .iter()
                        .map(|p| format!("{}{}", p.verdict, if p.settled { "" } else { "?" })),
                )
                .group(3),
        ]);
        d.table(Table::new(cols));
        let exact: u64 = self.plans.iter().map(|p| p.exact_paths).sum();
        let all = self.paths.saturating_mul(self.plans.len() as u64);
        d.line(match self.engine {
            _ if self.identical_paths => format!(
                "engine: {}; nothing is random, so one path per plan ran and counts for all {}",
                if exact == all {
                    "exact (Decimal)"
                } else {
                    "screened (integer program)"
                },
                self.paths
            ),
            Engine::Exact => format!("engine: exact (Decimal) on all {all} plan-paths"),
            Engine::Screened => {
                format!("engine: screened (integer program); {exact} of {all} plan-paths ran on the exact engine")
            }
        });
        if self.plans.iter().any(|p| !p.settled) {
            d.line(UNSETTLED_LEGEND);
        }
        for p in &self.plans {
            d.blank();
            d.line(format!(
                "{}: {} under risk ({} on the deterministic path)",
                p.name, p.verdict, p.deterministic_verdict
            ));
            d.line(format!("  {}", p.reason));
            d.table(p.years_table());
            if let Some(note) = p.years_note() {
                d.line(format!("  {note}"));
            }
        }
        d
    }
}

impl PlanRisk {
    /// The plan's paths when some end before its last year (the horizon
    /// runs until the debt left after the last outlay falls due, which
    /// varies with the path), else `None`.
    fn paths_when_some_end(&self) -> Option<u64> {
        let all = self.years.iter().map(|y| y.paths).max()?;
        self.years.iter().any(|y| y.paths < all).then_some(all)
    }

    /// What the years' percentiles are over, when some paths end before
    /// the plan's last year (`None` when every path runs every year): a
    /// line to print under [`PlanRisk::years_table`]. It names the remedy
    /// where one is wanted: a funding with
    /// [`service_years`](crate::affordability::Funding::with_service_years)
    /// ends every path the same number of years after the last outlay.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(100))])?;
    /// let a = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?);
    /// let s = Commitment::single("p", Money::new(dec!(50), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let r = RiskModel::default().paths(10)?.simulate(&a, &[("p".into(), s)])?;
    /// // No shock: every path runs the same years.
    /// assert_eq!(r.plans[0].years_note(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn years_note(&self) -> Option<String> {
        let all = self.paths_when_some_end()?;
        Some(format!(
            "paths running: a path ends when the debt left after its last outlay falls due, so the \
             percentiles of a year are over the paths still running in it; P(breach) is over all {all} paths \
             (the funding's `service_years` gives every path the same horizon)"
        ))
    }

    /// The plan's years as a table: the breach probability with its
    /// standard error, the share of paths still running when some end
    /// early (see [`PlanRisk::years_note`]), percentiles of the share
    /// used, debt and adequacy (as `disburse risk` prints them).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
    /// use disburse::risk::RiskModel;
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(100))])?;
    /// let a = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?);
    /// let s = Commitment::single("p", Money::new(dec!(50), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let r = RiskModel::default().paths(10)?.simulate(&a, &[("p".into(), s)])?;
    /// let t = r.plans[0].years_table().to_string();
    /// assert!(t.contains("P(breach)") && t.contains("2026"), "{t}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn years_table(&self) -> Table {
        let pct = |x: f64| Percent::new(x, Digits::Fixed(1)).to_string();
        let largest = self
            .years
            .iter()
            .filter_map(|y| y.debt.map(|d| d.p95))
            .fold(0.0, f64::max);
        let unit = Unit::fitting(Decimal::from_f64_retain(largest).unwrap_or_default(), Fit::Column);
        let scaled = |x: Option<f64>| match x {
            Some(x) if x.is_finite() => format!("{:.1}", x / 10f64.powi(unit.power() as i32)),
            Some(_) => "∞".to_string(),
            None => "–".to_string(),
        };
        let share = |x: Option<f64>| match x {
            Some(x) if x.is_finite() => pct(x),
            Some(_) => "∞".to_string(),
            None => "–".to_string(),
        };
        let ys = &self.years;
        let clause = self.breach_probability_without_clause.is_some();
        let mut cols = vec![
            Column::new(Align::Left)
                .header(["", "year"])
                .cells(ys.iter().map(|y| y.year.to_string())),
            Column::new(Align::Right)
                .header(["P(breach)", ""])
                .cells(
                    ys.iter()
                        .map(|y| format!("{} ±{}", pct(y.breach_probability), pct(y.standard_error))),
                )
                .group(1),
        ];
        if clause {
            cols.push(
                Column::new(Align::Right)
                    .header(["w/o", "clause"])
                    .cells(
                        ys.iter()
                            .map(|y| y.breach_probability_without_clause.map_or_else(String::new, pct)),
                    )
                    .group(1),
            );
            cols.push(
                Column::new(Align::Right)
                    .header(["P(defer)", ""])
                    .cells(ys.iter().map(|y| y.deferral_probability.map_or_else(String::new, pct)))
                    .group(1),
            );
        }
        if let Some(all) = self.paths_when_some_end() {
            cols.push(
                Column::new(Align::Right)
                    .header(["paths", "running"])
                    .cells(ys.iter().map(|y| pct(y.paths as f64 / all as f64)))
                    .group(5),
            );
        }
        let base = |g: fn(&Baseline) -> Option<f64>| ys.iter().map(move |y| y.baseline.as_ref().and_then(g));
        cols.extend([
            Column::new(Align::Right)
                .header(["share used", "base"])
                .cells(base(|b| Some(b.share_used)).map(share))
                .group(2),
            Column::new(Align::Right)
                .header(["", "p50"])
                .cells(ys.iter().map(|y| share(y.share_used.map(|d| d.p50))))
                .group(2),
            Column::new(Align::Right)
                .header(["", "p95"])
                .cells(ys.iter().map(|y| share(y.share_used.map(|d| d.p95))))
                .group(2),
            Column::new(Align::Right)
                .header([format!("debt, {}", unit.label(self.currency)), "base".to_string()])
                .cells(base(|b| Some(f(b.debt.amount()))).map(scaled))
                .group(3),
            Column::new(Align::Right)
                .header(["", "p5"])
                .cells(ys.iter().map(|y| scaled(y.debt.map(|d| d.p5))))
                .group(3),
            Column::new(Align::Right)
                .header(["", "p50"])
                .cells(ys.iter().map(|y| scaled(y.debt.map(|d| d.p50))))
                .group(3),
            Column::new(Align::Right)
                .header(["", "p95"])
                .cells(ys.iter().map(|y| scaled(y.debt.map(|d| d.p95))))
                .group(3),
            Column::new(Align::Right)
                .header(["adequacy", "p5"])
                .cells(
                    ys.iter()
                        .map(|y| y.adequacy.map_or_else(|| "–".to_string(), |d| format!("{:.2}", d.p5))),
                )
                .group(4),
        ]);
        Table::new(cols)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Wilson's interval, `(p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 +
    /// z²/n)` with z = 1.959964, worked by hand (in Python's floats) for
    /// the cases below; at p = 0 the upper end is `z²/(n + z²)` =
    /// 3.8415/103.8415 for n = 100.
    #[test]
    fn wilson_by_hand() {
        let close = |a: [f64; 2], b: [f64; 2]| (a[0] - b[0]).abs() < 1e-15 && (a[1] - b[1]).abs() < 1e-15;
        assert!(close(wilson(0, 100), [0.0, 0.036_993_498_206_985_68]));
        assert!(close(
            wilson(500, 10_000),
            [0.045_898_482_690_584_77, 0.054_447_115_843_024_16]
        ));
        assert!(close(
            wilson(119, 2_000),
            [0.049_952_606_838_412_23, 0.070_736_311_816_371_58]
        ));
        assert_eq!(wilson(10_000, 10_000)[1], 1.0);
        assert!((wilson(10_000, 10_000)[0] - 0.999_616_001_629_323_4).abs() < 1e-15);
        assert!(wilson(0, 0)[0].is_nan());
    }

    proptest::proptest! {
        /// The interval holds the estimate, stays within [0, 1], and
        /// narrows when four times the paths give the same estimate.
        #[test]
        fn wilson_holds_the_estimate(n in 1u64..1_000_000, k in 0u64..1_000_000) {
            let k = k % (n + 1);
            let p = k as f64 / n as f64;
            let [lo, hi] = wilson(k, n);
            proptest::prop_assert!(0.0 <= lo && lo <= p && p <= hi && hi <= 1.0, "{k}/{n}: [{lo}, {hi}]");
            let [lo4, hi4] = wilson(4 * k, 4 * n);
            proptest::prop_assert!(hi4 - lo4 < hi - lo, "{k}/{n}");
        }
    }

    /// A model with nothing random says so (every path the same); one
    /// with a volatility, or a history to bootstrap, does not.
    #[test]
    fn a_model_without_randomness_says_so() {
        use crate::affordability::{Capacity, Constraint, FxPath};
        use crate::{FiscalYear, Money, Plan};
        let capacity = Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", rust_decimal_macros::dec!(15e12))],
        )
        .unwrap();
        let a =
            Assessment::new(capacity)
                .fx(FxPath::flat(Currency::USD, Currency::KRW, rust_decimal_macros::dec!(1430)).unwrap());
        let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let s = Plan::upfront(jan1)
            .schedule(Money::new(rust_decimal_macros::dec!(5e9), Currency::USD), "x")
            .unwrap();
        let plans = [("x".to_string(), s)];
        let says = |m: RiskModel| {
            m.paths(20)
                .unwrap()
                .simulate(&a, &plans)
                .unwrap()
                .assumptions
                .iter()
                .any(|l| l.starts_with("nothing is random"))
        };
        assert!(says(RiskModel::new()));
        assert!(says(
            RiskModel::new()
                .fx(FxFactor::Lognormal { vol: 0.0, drift: 0.02 })
                .unwrap()
        ));
        assert!(!says(
            RiskModel::new()
                .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
                .unwrap()
        ));
        assert!(!says(
            RiskModel::new()
                .growth(crate::risk::GrowthFactor { vol: 0.02 })
                .unwrap()
        ));
    }

    /// When every path is the same, one path counted `paths` times gives
    /// the accumulators of running every path (on the screened engine,
    /// with an FX drift; on the exact engine; for an odd count and a
    /// power of two), and the report says the count.
    #[test]
    fn identical_paths_are_run_once_and_counted() {
        use crate::affordability::{Capacity, Constraint, Funding, FundingSource, FxPath};
        use crate::{FiscalYear, Money, Plan};
        use rust_decimal_macros::dec;
        let capacity = Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", dec!(20e12))],
        )
        .unwrap();
        let a = Assessment::new(capacity)
            .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
            .funding(Funding::new(vec![FundingSource::borrowing(0.04)], 0.035).unwrap());
        let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let plans = [
            Plan::upfront(jan1)
                .schedule(Money::new(dec!(25e9), Currency::USD), "x")
                .unwrap(),
            Plan::installments(jan1, 5, crate::time::Frequency::Annual)
                .schedule(Money::new(dec!(40e9), Currency::USD), "y")
                .unwrap(),
        ];
        for model in [
            RiskModel::new()
                .fx(FxFactor::Lognormal { vol: 0.0, drift: 0.03 })
                .unwrap(),
            RiskModel::new().engine(Engine::Exact),
        ] {
            for n in [37, 64] {
                let m = model.clone().paths(n).unwrap();
                let preps: Vec<Prepared<'_>> = plans.iter().map(|s| Prepared::new(&m, &a, s).unwrap()).collect();
                let once = m.run_paths(&preps, &|_, _| {}).unwrap();
                let each = m.run_each(&preps, n, &|_, _| {}).unwrap();
                assert_eq!(once, each, "{n} paths");
                assert!(once.iter().all(|acc| acc.paths == n));
                // Not a vacuous comparison: the years' debt varies.
                assert!(once[1].years.len() > 2);
            }
        }
        let report = RiskModel::new()
            .paths(1000)
            .unwrap()
            .simulate(&a, &[("x".into(), plans[0].clone())])
            .unwrap();
        assert_eq!(report.plans[0].years[0].paths, 1000);
        assert!(report.identical_paths);
        assert!(
            report.to_string().contains(
                "engine: exact (Decimal); nothing is random, so one path per plan ran and counts for all 1000"
            ),
            "{report}"
        );
        let shocked = RiskModel::new()
            .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
            .unwrap()
            .paths(10)
            .unwrap()
            .simulate(&a, &[("x".into(), plans[0].clone())])
            .unwrap();
        assert!(!shocked.identical_paths);
        // Ten paths are as settled as a thousand: no Monte Carlo error.
        let ten = RiskModel::new()
            .paths(10)
            .unwrap()
            .simulate(&a, &[("x".into(), plans[0].clone())])
            .unwrap();
        let plan = &ten.plans[0];
        assert!(plan.settled && !plan.reason.contains("settled"), "{}", plan.reason);
        assert_eq!(plan.breach_interval, [plan.breach_probability; 2]);
        assert!(plan.breach_probability == 0.0 || plan.breach_probability == 1.0);
    }

    /// 119 breaches in 2,000 paths (5.95%) against 5% and 25%: the 5%
    /// threshold is inside [4.995%, 7.074%]. Wilson's interval at `p`
    /// excludes `t` once `n > z²·t(1 − t)/(p − t)²` = 3.8415 × 0.05 ×
    /// 0.95 / 0.0095² = 2,021.9 paths, shown to two significant digits
    /// (rounded up) as 2,100. 0 in 10 against 5%: 3.8415 × 0.0475 /
    /// 0.05² = 72.99, so 73 (Wilson's upper end at 0 of 73 is
    /// 3.8415/76.84 = 4.9993%). 0 in 10,000 (at most 0.038%) and 1,000
    /// in 2,000 (50%, [47.8%, 52.2%]) are settled; at the threshold no
    /// number of paths is named.
    #[test]
    fn unsettled_by_hand() {
        let note = unsettled(wilson(119, 2_000), 0.0595, 2_000, 0.05, 0.25).unwrap();
        assert_eq!(
            note,
            "not settled: the 5.0% threshold lies within its 95% interval (4.99%–7.08%); more paths \
             settle it (about 2,100 if P(breach) stays near 5.95%)"
        );
        assert!(
            unsettled(wilson(0, 10), 0.0, 10, 0.05, 0.25)
                .unwrap()
                .ends_with("(about 73 if P(breach) stays near 0.00%)")
        );
        assert!(wilson(0, 73)[1] < 0.05 && wilson(0, 72)[1] > 0.05);
        // 125 of 2,100 (5.952%): settled.
        assert!(wilson(125, 2_100)[0] > 0.05);
        assert_eq!(unsettled(wilson(0, 10_000), 0.0, 10_000, 0.05, 0.25), None);
        assert_eq!(unsettled(wilson(1_000, 2_000), 0.5, 2_000, 0.05, 0.25), None);
        // 500 in 2,000 is 25% exactly: the strained threshold.
        assert_eq!(
            unsettled(wilson(500, 2_000), 0.25, 2_000, 0.05, 0.25).unwrap(),
            "not settled: the 25.0% threshold lies within its 95% interval (23.15%–26.95%)"
        );
    }
}
