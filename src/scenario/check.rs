//! The semantic checks of a scenario, after parsing: commitments,
//! schedules, FX and affordability, return sharing — what `disburse check`
//! runs.

use std::collections::HashSet;

use chrono::{Datelike, NaiveDate};

use super::error::{Segment, commitment_error, key, plan_error};
use super::{PlanStructure, Scenario, ScenarioError};
use crate::affordability::{AffordabilityReport, Assessment, Constraint, FundingSource, FxPath, FxRates};
use crate::compare::{DEFAULT_RATES, TimeBasis, ValuationSettings, compare_with_instruments, sensitivity};
use crate::instrument::ExpectedFlows;
use crate::returns::{ProjectFlows, share_returns};
use crate::{Commitment, Error, Money, Quantity, Schedule, Tranche};

pub use crate::limits::MAX_SCENARIO_PAYMENTS;

/// The tenors (in years) of `disburse sensitivity` when none are given,
/// and those [`Scenario::validate`] runs the sensitivity grid with.
///
/// ```
/// assert_eq!(disburse::scenario::DEFAULT_TENORS, [1, 5, 8, 10, 14, 20]);
/// ```
pub const DEFAULT_TENORS: [u32; 6] = [1, 5, 8, 10, 14, 20];

/// Where in `[affordability]` an assessment's error is: the end of an FX
/// path that has no rate for a year (a series' `first_year` or its
/// `rates`, a drift's `first_year`), a borrowing source or stock in a third
/// currency (its `currency`); else the section.
fn assessment_path(a: &Assessment, e: &Error) -> Vec<Segment> {
    let mut at = vec![key("affordability")];
    match e {
        Error::FxPathTooShort { year } => {
            at.extend([key("fx"), key("rates")]);
            match a.fx_path().map(FxPath::rates) {
                Some(FxRates::Series { first_year, .. }) if year >= first_year => at.push(key("rates")),
                Some(FxRates::Series { .. } | FxRates::Drift { .. }) => at.push(key("first_year")),
                _ => {}
            }
        }
        Error::SourceCurrency {
            source_name,
            stock: false,
            found,
            ..
        } => {
            let source = a.funding_plan().sources().iter().position(
                |s| matches!(s, FundingSource::Borrowing { currency: Some(c), .. } if c == found && s.to_string() == *source_name),
            );
            if let Some(i) = source {
                at.extend([key("funding"), key("sources"), Segment::Index(i), key("currency")]);
            }
        }
        Error::SourceCurrency {
            source_name,
            stock: true,
            found,
            ..
        } => {
            let stock = a.capacity().constraints().iter().position(
                |c| matches!(c, Constraint::Stock(s) if s.name == *source_name && s.currency == Some(*found)),
            );
            if let Some(j) = stock {
                at.extend([key("capacity"), key("constraints"), Segment::Index(j), key("currency")]);
            }
        }
        _ => {}
    }
    at
}

/// Where in `[waterfall]` a return-sharing error is: a terminal value
/// dated before the first outlay at its `date`; else the section.
fn waterfall_path(project: &ProjectFlows, e: &Error) -> Vec<Segment> {
    let mut at = vec![key("waterfall")];
    if let (
        Error::OutOfRange {
            what: Quantity::TerminalValueDate,
            ..
        },
        ProjectFlows::Yield {
            terminal_value: Some(_),
            ..
        },
    ) = (e, project)
    {
        at.extend([key("project"), key("yield"), key("terminal_value"), key("date")]);
    }
    at
}

impl Scenario {
    /// Each plan as a [`Commitment`] of the headline, named after the plan
    /// (a single `plan` becomes one tranche named like the plan).
    ///
    /// # Errors
    /// A [`ScenarioError`] (without position) naming the path: no plans,
    /// a duplicate plan name (`plans[i].name`), a headline that is not
    /// positive (`headline`), tranches that do not sum to the headline
    /// (`plans[i].tranches`), a bad tranche amount or name
    /// (`plans[i].tranches[j]…`).
    ///
    /// ```
    /// let s = disburse::scenario::Scenario::korea_us_2025()?;
    /// let c = s.commitments()?;
    /// assert_eq!(c[0].1.headline(), s.headline_money());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn commitments(&self) -> Result<Vec<(String, Commitment)>, ScenarioError> {
        if self.plans.is_empty() {
            return Err(ScenarioError::new(vec![key("plans")], "is empty"));
        }
        let headline = self.headline_money();
        let mut out = Vec::with_capacity(self.plans.len());
        let mut names = HashSet::with_capacity(self.plans.len());
        for (i, spec) in self.plans.iter().enumerate() {
            let at = vec![key("plans"), Segment::Index(i)];
            if spec.name.trim().is_empty() {
                let mut path = at.clone();
                path.push(key("name"));
                return Err(ScenarioError::new(
                    path,
                    format!("plan name must not be empty, got {:?}", spec.name),
                ));
            }
            if !names.insert(spec.name.as_str()) {
                let mut path = at.clone();
                path.push(key("name"));
                return Err(ScenarioError::new(path, format!("duplicate plan name `{}`", spec.name)));
            }
            let tranches: Vec<Tranche> = match &spec.structure {
                PlanStructure::Single(plan) => vec![Tranche::new(spec.name.clone(), headline, plan.clone())],
                PlanStructure::Tranches(tranches) => tranches
                    .iter()
                    .map(|t| {
                        Tranche::new(t.name.clone(), Money::new(t.amount, self.currency), t.plan.clone())
                            .with_instrument(t.instrument.clone())
                    })
                    .collect(),
            };
            let c =
                Commitment::new(spec.name.clone(), headline, tranches).map_err(|e| commitment_error(spec, at, e))?;
            out.push((spec.name.clone(), c));
        }
        Ok(out)
    }

    /// Each plan's schedule: the dated flows of all its tranches.
    ///
    /// # Errors
    /// As [`Scenario::commitments`], and a plan that cannot generate its
    /// schedule, at the plan's path (`plans[i].plan` or
    /// `plans[i].tranches[j].plan`, down to the field when it is known:
    /// `plans[0].plan.cap: must be positive, got USD -5.00`).
    ///
    /// ```
    /// let s = disburse::scenario::Scenario::korea_us_2025()?;
    /// let schedules = s.schedules()?;
    /// assert_eq!(schedules[0].1.len(), 1); // all upfront
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedules(&self) -> Result<Vec<(String, Schedule)>, ScenarioError> {
        let commitments = self.commitments()?;
        self.check_payment_counts(&commitments)?;
        let mut out = Vec::with_capacity(commitments.len());
        for (i, (name, c)) in commitments.iter().enumerate() {
            let mut parts = Vec::with_capacity(c.tranches().len());
            for (j, t) in c.tranches().iter().enumerate() {
                let at = self.tranche_plan_path(i, j);
                parts.push(t.schedule().map_err(|e| plan_error(&t.plan, at, e))?);
            }
            let at = vec![key("plans"), Segment::Index(i)];
            if parts.is_empty() {
                return Err(ScenarioError::new(at, "has no tranches"));
            }
            // All tranches at once, with the tie-breaking of merging them one
            // by one (earlier tranches first on a date).
            let s = Schedule::merge_all(self.currency, parts).map_err(|e| ScenarioError::from_error(at, e))?;
            out.push((name.clone(), s));
        }
        Ok(out)
    }

    /// Each plan's expected flows under its tranches' instruments (see
    /// [`Commitment::expected_flows`]), in the order of the plans.
    ///
    /// # Errors
    /// As [`Scenario::commitments`]; a plan whose schedule or instruments
    /// fail (too many flows, dates past the supported range), at
    /// `plans[i]` — call [`Scenario::schedules`] first for a plan's errors
    /// at the plan's own field.
    ///
    /// ```
    /// let s = disburse::scenario::Scenario::korea_us_2025()?;
    /// let flows = s.expected_flows()?;
    /// assert_eq!(flows.len(), s.plans.len());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expected_flows(&self) -> Result<Vec<ExpectedFlows>, ScenarioError> {
        self.commitments()?
            .iter()
            .enumerate()
            .map(|(i, (name, c))| {
                c.expected_flows()
                    .map_err(|e| ScenarioError::from_error(vec![key("plans"), Segment::Index(i)], e).in_plan(name))
            })
            .collect()
    }

    /// Each plan's affordability report under the `[affordability]`
    /// section (empty without one): by its expected flows when the plan
    /// holds instruments ([`Assessment::assess_expected`]: receipts pay
    /// first, a guarantee uses capacity only when called), else by its
    /// schedule ([`Assessment::assess`]).
    ///
    /// # Errors
    /// `affordability` with the plan's name when a plan cannot be assessed;
    /// the errors of [`Scenario::expected_flows`].
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let s = Scenario::korea_us_2025()?;
    /// let reports = s.affordability_reports()?;
    /// assert_eq!(reports.len(), s.plans.len());
    /// assert_eq!(reports[0].0, s.plans[0].name);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// [`Assessment::assess_expected`]: crate::affordability::Assessment::assess_expected
    /// [`Assessment::assess`]: crate::affordability::Assessment::assess
    pub fn affordability_reports(&self) -> Result<Vec<(String, AffordabilityReport)>, ScenarioError> {
        let Some(a) = &self.affordability else {
            return Ok(Vec::new());
        };
        let flows = self.expected_flows()?;
        self.schedules()?
            .into_iter()
            .zip(flows)
            .map(|((name, s), f)| {
                let r = if f.has_instruments() {
                    a.assess_expected(&f)
                } else {
                    a.assess(&s)
                };
                r.map(|r| (name.clone(), r))
                    .map_err(|e| ScenarioError::from_error(assessment_path(a, &e), e).in_plan(&name))
            })
            .collect()
    }

    /// Each plan's capital for the return-sharing waterfall: its equity
    /// (cash) payments — the whole schedule for a plan without instruments,
    /// only the equity tranches' payments for one with loans or guarantees
    /// (empty when it has none: nothing is shared).
    ///
    /// # Errors
    /// As [`Scenario::expected_flows`].
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let s = Scenario::korea_us_2025()?;
    /// let w = s.waterfall_outlays()?;
    /// assert_eq!(w, s.schedules()?); // cash only
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn waterfall_outlays(&self) -> Result<Vec<(String, Schedule)>, ScenarioError> {
        let flows = self.expected_flows()?;
        self.schedules()?
            .into_iter()
            .zip(flows)
            .enumerate()
            .map(|(i, ((name, s), f))| {
                if !f.has_instruments() {
                    return Ok((name, s));
                }
                f.equity_outlays()
                    .map(|e| (name.clone(), e))
                    .map_err(|e| ScenarioError::from_error(vec![key("plans"), Segment::Index(i)], e).in_plan(&name))
            })
            .collect()
    }

    /// The path of the plan of tranche `j` of plan `i`: `plans[i].plan`
    /// or `plans[i].tranches[j].plan`.
    fn tranche_plan_path(&self, i: usize, j: usize) -> Vec<Segment> {
        let mut at = vec![key("plans"), Segment::Index(i)];
        if self
            .plans
            .get(i)
            .is_some_and(|p| matches!(p.structure, PlanStructure::Tranches(_)))
        {
            at.push(key("tranches"));
            at.push(Segment::Index(j));
        }
        at.push(key("plan"));
        at
    }

    /// Counts every plan's payments from its parameters, before any is
    /// generated: each plan at most
    /// [`MAX_PLAN_PAYMENTS`](crate::limits::MAX_PLAN_PAYMENTS) (at its
    /// path), all together at most [`MAX_SCENARIO_PAYMENTS`] (at `plans`).
    fn check_payment_counts(&self, commitments: &[(String, Commitment)]) -> Result<(), ScenarioError> {
        let plan_limit = u64::from(crate::limits::MAX_PLAN_PAYMENTS);
        let mut total: u64 = 0;
        for (i, (_, c)) in commitments.iter().enumerate() {
            for (j, t) in c.tranches().iter().enumerate() {
                let at = self.tranche_plan_path(i, j);
                let n = t
                    .plan
                    .payment_count(t.amount)
                    .map_err(|e| plan_error(&t.plan, at.clone(), e))?;
                if n > plan_limit {
                    let e = Error::OutOfRange {
                        what: Quantity::PaymentCount,
                        value: n.into(),
                        bound: crate::Bound::AtMost(plan_limit.into()),
                    };
                    return Err(plan_error(&t.plan, at, e));
                }
                total = total.saturating_add(n);
                if total > MAX_SCENARIO_PAYMENTS {
                    return Err(ScenarioError::new(
                        vec![key("plans")],
                        format!(
                            "the plans make more than {MAX_SCENARIO_PAYMENTS} payments together \
                             ({total} up to plans[{i}]); at most {MAX_SCENARIO_PAYMENTS} are supported"
                        ),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The valuation settings of the scenario's commands: its `[valuation]`
    /// section, or without one the default rates ([`DEFAULT_RATES`]) on the
    /// default basis ([`TimeBasis::DEFAULT`]: dated, Act/365F, annual
    /// compounding — the library's) from January 1 of the year of the
    /// earliest flow of `schedules`.
    ///
    /// # Errors
    /// At `plans` when no plan has a flow; at `valuation` when the default
    /// settings cannot be made.
    ///
    /// ```
    /// let s = disburse::scenario::Scenario::korea_us_2025()?;
    /// let v = s.valuation_settings(&s.schedules()?)?;
    /// assert_eq!(v.rates().len(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn valuation_settings(&self, schedules: &[(String, Schedule)]) -> Result<ValuationSettings, ScenarioError> {
        if let Some(v) = &self.valuation {
            return Ok(v.clone());
        }
        let first = schedules
            .iter()
            .filter_map(|(_, s)| s.first_date())
            .min()
            .ok_or_else(|| ScenarioError::new(vec![key("plans")], "the plans have no flows"))?;
        let jan1 = NaiveDate::from_ymd_opt(first.year(), 1, 1).unwrap_or(first);
        ValuationSettings::new(jan1, DEFAULT_RATES.to_vec(), TimeBasis::default())
            .map_err(|e| ScenarioError::from_error(vec![key("valuation")], e))
    }

    /// Runs the comparison of `disburse compare` and the sensitivity grid
    /// of `disburse sensitivity` (with [`DEFAULT_TENORS`]) on `schedules`;
    /// an error names the plan that fails alone, at `valuation`.
    fn check_comparisons(&self, schedules: &[(String, Schedule)]) -> Result<(), ScenarioError> {
        let settings = self.valuation_settings(schedules)?;
        // Without a [valuation] section the settings are the defaults.
        let at = || {
            if self.valuation.is_some() {
                vec![key("valuation")]
            } else {
                Vec::new()
            }
        };
        let affordability = self.affordability.as_ref();
        let expected = self.expected_flows()?;
        if let Err(e) = compare_with_instruments(schedules, &expected, &settings, affordability) {
            for (i, plan) in schedules.iter().enumerate() {
                let one = std::slice::from_ref(&expected[i]);
                if let Err(e) = compare_with_instruments(std::slice::from_ref(plan), one, &settings, affordability) {
                    let path = if self.valuation.is_some() {
                        at()
                    } else {
                        vec![key("plans"), Segment::Index(i)]
                    };
                    return Err(ScenarioError::from_error(path, e).in_plan(&plan.0));
                }
            }
            return Err(ScenarioError::from_error(at(), e));
        }
        sensitivity(
            self.headline_money(),
            settings.date(),
            settings.rates(),
            &DEFAULT_TENORS,
            &settings,
            affordability,
        )
        .map_err(|e| ScenarioError::from_error(at(), e).in_sensitivity())?;
        Ok(())
    }

    /// Checks the whole scenario: generates every schedule, checks that the
    /// FX path connects the headline's currency with the capacity's, runs
    /// the affordability assessment and the return sharing on each
    /// schedule, then the comparison and the sensitivity grid (with
    /// [`DEFAULT_TENORS`]). This is what `disburse check` runs: when it
    /// succeeds, `compare`, `schedule`, `afford` and `sensitivity` do too.
    ///
    /// # Errors
    /// As [`Scenario::schedules`]; `affordability.fx` when the FX path is
    /// missing or does not connect the currencies; `affordability` or
    /// `waterfall` (with the plan's name) when an assessment fails, e.g. a
    /// stock known only after the first outlay or an FX series too short;
    /// `valuation` (with the plan's name) when a plan cannot be valued,
    /// e.g. a valuation date after its last flow or rates whose discount
    /// factors overflow.
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let mut s = Scenario::korea_us_2025()?;
    /// s.validate()?;
    /// s.affordability = s.affordability.map(|a| a.fx(None)); // capacity is in KRW
    /// let err = s.validate().unwrap_err();
    /// assert_eq!(err.path(), "affordability.fx");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn validate(&self) -> Result<(), ScenarioError> {
        let schedules = self.schedules()?;
        if let Some(a) = &self.affordability {
            let theirs = a.capacity().currency();
            let fx_path = vec![key("affordability"), key("fx")];
            match a.fx_path() {
                None if theirs != self.currency => {
                    return Err(ScenarioError::new(
                        fx_path,
                        format!(
                            "missing: the capacity is in {theirs} but the headline is in {}",
                            self.currency
                        ),
                    ));
                }
                Some(fx) if theirs != self.currency && !fx.connects(self.currency, theirs) => {
                    return Err(ScenarioError::new(
                        [fx_path, vec![key("pair")]].concat(),
                        format!(
                            "converts {} to {}, but the headline is in {} and the capacity in {theirs}",
                            fx.base(),
                            fx.quote(),
                            self.currency
                        ),
                    ));
                }
                _ => {}
            }
            self.affordability_reports()?;
        }
        if let Some(r) = &self.risk {
            // What a path needs beyond the deterministic assessment: an FX
            // path for an FX factor (one path per plan; the full run is
            // `disburse risk`).
            let Some(a) = &self.affordability else {
                return Err(ScenarioError::new(
                    vec![key("risk")],
                    "needs an [affordability] section to shock".to_string(),
                ));
            };
            for (name, s) in &schedules {
                r.path_report(a, s, 0)
                    .map_err(|e| ScenarioError::from_error(vec![key("risk")], e).in_plan(name))?;
            }
        }
        if let Some(w) = &self.waterfall {
            for (name, s) in self.waterfall_outlays()?.iter().filter(|(_, s)| !s.is_empty()) {
                share_returns(s, &w.project, &w.waterfall)
                    .map_err(|e| ScenarioError::from_error(waterfall_path(&w.project, &e), e).in_plan(name))?;
            }
        }
        self.check_comparisons(&schedules)
    }
}
