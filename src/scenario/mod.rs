//! Scenario documents: a commitment's plans, valuation, affordability and
//! return sharing in one TOML or JSON file.
//!
//! A [`Scenario`] holds one headline commitment and several ways of paying
//! it ([`PlanSpec`]s), plus optional settings to value the plans
//! ([`ValuationSettings`](crate::compare::ValuationSettings)), test them against what the payer can afford
//! ([`Assessment`](crate::affordability::Assessment)) and share project returns
//! ([`WaterfallSettings`]). Parse one with [`Scenario::from_toml`],
//! [`Scenario::from_json`] or [`Scenario::parse`]; every error is a
//! [`ScenarioError`] naming the field path and, when the text is known,
//! the line and column of the offending value:
//!
//! ```text
//! plans[2].tranches[0].plan.cap: must be positive, got USD -5.00 (line 14, column 7)
//! ```
//!
//! ## A complete example
//!
//! The minimal scenario of the library (`examples/scenarios/upfront_vs_10y.toml`),
//! annotated:
//!
//! ```
//! use disburse::scenario::Scenario;
//!
//! let text = r#"
//! ## Top level: what is committed.
//! name = "Upfront vs ten installments"         # required
//! description = "One headline, two timings."    # optional free text
//! sources = ["Reuters, 2025-09-28"]             # optional list of free text
//! currency = "USD"                              # ISO code of the headline
//! headline = "350e9"                            # string, integer or float
//!
//! ## One [[plans]] table per way of paying the headline.
//! [[plans]]
//! name = "all upfront"
//! plan = { kind = "upfront", date = "2026-01-01" }   # or date = 2026-01-01
//!
//! [[plans]]
//! name = "ten annual installments"
//! plan = { kind = "installments", start = "2026-01-01", count = 10, tenor = "1Y" }
//!
//! ## Optional: discount rates and conventions.
//! [valuation]
//! date = "2026-01-01"
//! rates = [0.03, 0.045, 0.08]                   # default 3%, 4.5%, 8%
//! basis = "whole_years"                         # default: dated, Act/365F, annual
//! payer_rate = 0.05                             # optional, with recipient_rate
//! recipient_rate = 0.03
//! "#;
//! let scenario = Scenario::from_toml(text)?;
//! scenario.validate()?;
//! let schedules = scenario.schedules()?;
//! assert_eq!(schedules.len(), 2);
//! assert_eq!(schedules[1].1.len(), 10);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Sections and fields
//!
//! Unknown fields are rejected everywhere. Amounts (`headline`, tranche
//! `amount`, caps…) are decimals written as a string (`"350e9"`,
//! `"12.50"`), an integer (`350_000_000_000`) or a float, all read exactly
//! from the text (never through `f64`); more digits than a `Decimal` holds
//! is an error naming the field. Dates are `"YYYY-MM-DD"` strings or TOML
//! dates (`date = 2026-01-01`), with a four-digit year. A leading UTF-8
//! byte-order mark is skipped.
//!
//! - **top level** — `name` (text), `description` (optional text),
//!   `sources` (optional list of text), `currency` (ISO code such as
//!   `"USD"`, or `{ code, minor_units }`), `headline` (the committed
//!   amount, positive, whole minor units).
//! - **`[[plans]]`** (at least one; names unique) — a [`PlanSpec`]: `name`
//!   and exactly one of
//!   - `plan`: a [`Plan`](crate::Plan) paying the whole headline, tagged by `kind`
//!     (`upfront`, `installments`, `annual_cap`, `ramp`, `weights`,
//!     `explicit`, `capital_calls`; the fields are those of the plan types,
//!     e.g. [`Installments`](crate::Installments)), or
//!   - `tranches`: a list of [`TrancheSpec`] `{ name, amount, plan }` whose
//!     amounts sum exactly to the headline; each may add `instrument`
//!     ([`Instrument`](crate::instrument::Instrument), default equity):
//!     `{ kind = "loan", rate, tenor = "10Y", profile = "bullet" |
//!     "amortising", grace = "2Y", default_probability, recovery }` or
//!     `{ kind = "guarantee", fee, tenor, profile, grace,
//!     call_probability, recovery }` (decimal fractions a year; errors at
//!     `plans[i].tranches[j].instrument`).
//! - **`[valuation]`** (optional) — [`ValuationSettings`](crate::compare::ValuationSettings): `date`, `rates`
//!   (default `[0.03, 0.045, 0.08]`), `basis` (`"whole_years"`, or
//!   `{ dated = { day_count, compounding } }`; the default is dated,
//!   Act/365F, annual compounding, [`TimeBasis::DEFAULT`](crate::compare::TimeBasis::DEFAULT)),
//!   and optionally the two-party view's `payer_rate` and
//!   `recipient_rate` (both or neither; see
//!   [`ValuationSettings::with_parties`](crate::compare::ValuationSettings::with_parties)).
//! - **`[affordability]`** (optional) — [`Assessment`](crate::affordability::Assessment):
//!   `capacity` (`currency`, `year`, `constraints` — each with `kind`
//!   `fixed_cap`, `share_of_flow` or `stock`), `fx` (optional `base`,
//!   `quote`, `rates` with `kind` `flat`, `series` or `drift`), `funding`
//!   (`sources` with `kind` `stock_income`, `borrowing` or
//!   `stock_principal`, `discount_rate`, `service_years`), `thresholds`
//!   (`strained_share`, default 0.8). When the capacity's currency differs
//!   from the headline's, `fx` must connect the two.
//! - **`[waterfall]`** (optional) — [`WaterfallSettings`]: `project`
//!   (`{ yield = { rate, years, accrual, terminal_value } }` or explicit
//!   flows; `accrual` is `"pro_rata"` (the default: capital earns from the
//!   day it is paid, by actual days in the yield year) or `"next_period"`;
//!   the optional `terminal_value` is `{ share_of_capital = "1" }` or
//!   `{ amount = "100e9" }`, with an optional `date` (default: the last
//!   anniversary), e.g. `yield = { rate = 0.12, years = 40, terminal_value
//!   = { share_of_capital = "1" } }`) and `waterfall`
//!   (`before_recovery` and `after_recovery` splits `{ investor, host }`,
//!   `deemed_rate`, optional `review_years`).
//! - **`[risk]`** (optional, needs `[affordability]`) —
//!   [`RiskModel`](crate::risk::RiskModel): `paths` (default 10,000, at
//!   most 10⁸), `seed` (default 2025), `threshold` (default 0.05) and
//!   `strained` (0.25) of the verdict under risk, and the optional factors
//!   `fx = { vol, drift }` or `fx = { history = ["1100", …], block = 1 }`
//!   (needs `[affordability.fx]`), `rates = { speed, level, vol, start }`,
//!   `growth = { vol }`, `correlation` (3×3, order fx, rates, growth),
//!   and `engine` (`"screened"`, the default, or `"exact"`; see
//!   [`Engine`](crate::risk::Engine)). `disburse risk` runs it.
//!
//! JSON documents have the same shape (`upfront_vs_10y.json` is the twin of
//! the example above).
//!
//! ## Layout
//!
//! The serde types of the document are in `schema.rs`, the checks after
//! parsing ([`Scenario::validate`] and the steps it runs) in `check.rs`,
//! [`ScenarioError`] and the mapping of the crate's errors to fields in
//! `error.rs`, and the search for a field's line and column in `locate.rs`.

mod check;
mod dollar;
mod error;
mod hints;
mod json_schema;
mod locate;
mod schema;
mod source;

use std::fmt;
use std::path::Path;

pub use check::{DEFAULT_TENORS, MAX_SCENARIO_PAYMENTS};
pub use error::ScenarioError;
pub use json_schema::json_schema;
pub use locate::Position;
pub use schema::{PlanSpec, PlanStructure, Scenario, TrancheSpec, WaterfallSettings};

// ---------------------------------------------------------------------------
// Formats
// ---------------------------------------------------------------------------

/// A scenario file format.
///
/// ```
/// use disburse::scenario::Format;
/// use std::path::Path;
/// assert_eq!(Format::from_path(Path::new("deal.toml"))?, Format::Toml);
/// assert_eq!(Format::from_path(Path::new("deal.JSON"))?, Format::Json);
/// assert!(Format::from_path(Path::new("deal.yaml")).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// TOML 1.0.
    Toml,
    /// JSON.
    Json,
}

impl Format {
    /// The format of a file by its extension (`.toml` or `.json`, any case).
    ///
    /// # Errors
    /// A [`ScenarioError`] for any other extension or none.
    ///
    /// ```
    /// use disburse::scenario::Format;
    /// let err = Format::from_path(std::path::Path::new("deal")).unwrap_err();
    /// assert_eq!(err.to_string(), "unsupported scenario file `deal`: expected a .toml or .json extension");
    /// ```
    pub fn from_path(path: &Path) -> Result<Format, ScenarioError> {
        let ext = path.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("toml") => Ok(Format::Toml),
            Some("json") => Ok(Format::Json),
            _ => Err(ScenarioError::new(
                Vec::new(),
                format!(
                    "unsupported scenario file `{}`: expected a .toml or .json extension",
                    path.display()
                ),
            )),
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Format::Toml => "toml",
            Format::Json => "json",
        })
    }
}

// ---------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------

impl Scenario {
    /// Parses a TOML document.
    ///
    /// # Errors
    /// A [`ScenarioError`] with the field path and the line and column of
    /// the offending value for a syntax error, a missing or unknown field,
    /// a value of the wrong type, or a value our types reject (a negative
    /// FX rate, shares that do not sum to one…).
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let text = "name = \"x\"\ncurrency = \"USD\"\nheadline = \"1e9\"\n\n[[plans]]\nname = \"a\"\nplan = { kind = \"upfront\", date = \"2026-13-01\" }\n";
    /// let err = Scenario::from_toml(text).unwrap_err();
    /// assert_eq!(err.path(), "plans[0].plan.date");
    /// assert_eq!(err.to_string(), "plans[0].plan.date: invalid date `2026-13-01`: expected a date YYYY-MM-DD with a four-digit year (line 7, column 35)");
    /// ```
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario = source::from_toml(text)?;
        dollar::check(crate::text::strip_bom(text), Format::Toml)?;
        Ok(scenario)
    }

    /// Parses a JSON document (same schema as TOML).
    ///
    /// # Errors
    /// As [`Scenario::from_toml`].
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let err = Scenario::from_json("{\n  \"name\": 3\n}").unwrap_err();
    /// assert_eq!(err.path(), "name");
    /// assert_eq!(err.line(), Some(2));
    /// ```
    pub fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
        let scenario = source::from_json(text)?;
        dollar::check(crate::text::strip_bom(text), Format::Json)?;
        Ok(scenario)
    }

    /// Parses a document in `format`.
    ///
    /// # Errors
    /// As [`Scenario::from_toml`].
    ///
    /// ```
    /// use disburse::scenario::{Format, Scenario};
    /// assert!(Scenario::parse("{}", Format::Json).is_err());
    /// ```
    pub fn parse(text: &str, format: Format) -> Result<Scenario, ScenarioError> {
        match format {
            Format::Toml => Scenario::from_toml(text),
            Format::Json => Scenario::from_json(text),
        }
    }

    /// Parses and [validates](Scenario::validate) a document; semantic
    /// errors get the position of their path in `text`.
    ///
    /// # Errors
    /// As [`Scenario::parse`] and [`Scenario::validate`].
    ///
    /// ```
    /// use disburse::scenario::{Format, Scenario};
    /// let text = r#"name = "x"
    /// currency = "USD"
    /// headline = "100e9"
    /// [[plans]]
    /// name = "capped"
    /// plan = { kind = "annual_cap", start = "2026-01-01", cap = "-5" }
    /// "#;
    /// let err = Scenario::load(text, Format::Toml).unwrap_err();
    /// assert_eq!(err.to_string(), "plans[0].plan.cap: must be positive, got USD -5.00 (line 6, column 59)");
    /// ```
    pub fn load(text: &str, format: Format) -> Result<Scenario, ScenarioError> {
        let scenario = Scenario::parse(text, format)?;
        scenario.validate().map_err(|e| e.locate(text, format))?;
        Ok(scenario)
    }

    /// The built-in Korea–US 2025 scenario
    /// (`examples/scenarios/korea_us_2025.toml`).
    ///
    /// # Errors
    /// None in practice: the file is tested; a parse error would be a bug.
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let s = Scenario::korea_us_2025()?;
    /// assert_eq!(s.plans.len(), 4);
    /// s.validate()?;
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn korea_us_2025() -> Result<Scenario, ScenarioError> {
        Scenario::from_toml(include_str!("../../examples/scenarios/korea_us_2025.toml"))
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const MINIMAL: &str = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
    const MINIMAL_JSON: &str = include_str!("../../examples/scenarios/upfront_vs_10y.json");

    #[test]
    fn scenario_toml_and_json_twins_agree() {
        let a = Scenario::from_toml(MINIMAL).unwrap();
        let b = Scenario::from_json(MINIMAL_JSON).unwrap();
        assert_eq!(a, b);
        a.validate().unwrap();
    }

    #[test]
    fn scenario_round_trips_through_json_and_toml() {
        let s = Scenario::korea_us_2025().unwrap();
        let json = serde_json::to_string_pretty(&s).unwrap();
        assert_eq!(Scenario::from_json(&json).unwrap(), s);
        let toml_text = toml::to_string(&s).unwrap();
        assert_eq!(Scenario::from_toml(&toml_text).unwrap(), s);
    }
}
