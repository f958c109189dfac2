//! Scenario documents: a commitment's plans, valuation, affordability and
//! return sharing in one TOML or JSON file.
//!
//! A [`Scenario`] holds one headline commitment and several ways of paying
//! it ([`PlanSpec`]s), plus optional settings to value the plans
//! ([`ValuationSettings`]), test them against what the payer can afford
//! ([`Assessment`]) and share project returns
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
//! plan = { kind = "upfront", date = "2026-01-01" }   # dates are quoted
//!
//! [[plans]]
//! name = "ten annual installments"
//! plan = { kind = "installments", start = "2026-01-01", count = 10, tenor = "1Y" }
//!
//! ## Optional: discount rates and conventions.
//! [valuation]
//! date = "2026-01-01"
//! rates = [0.03, 0.045, 0.08]                   # default 3%, 4.5%, 8%
//! basis = "whole_years"                         # the default
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
//! `"12.50"`), an integer (`350_000_000_000`) or a float; strings are exact.
//! Dates are quoted `"YYYY-MM-DD"` strings (TOML's bare dates are not
//! accepted).
//!
//! - **top level** — `name` (text), `description` (optional text),
//!   `sources` (optional list of text), `currency` (ISO code such as
//!   `"USD"`, or `{ code, minor_units }`), `headline` (the committed
//!   amount, positive, whole minor units).
//! - **`[[plans]]`** (at least one; names unique) — a [`PlanSpec`]: `name`
//!   and exactly one of
//!   - `plan`: a [`Plan`] paying the whole headline, tagged by `kind`
//!     (`upfront`, `installments`, `annual_cap`, `ramp`, `weights`,
//!     `explicit`, `capital_calls`; the fields are those of the plan types,
//!     e.g. [`Installments`](crate::Installments)), or
//!   - `tranches`: a list of [`TrancheSpec`] `{ name, amount, plan }` whose
//!     amounts sum exactly to the headline.
//! - **`[valuation]`** (optional) — [`ValuationSettings`]: `date`, `rates`
//!   (default `[0.03, 0.045, 0.08]`), `basis` (`"whole_years"`, or
//!   `{ dated = { day_count, compounding } }`).
//! - **`[affordability]`** (optional) — [`Assessment`]:
//!   `capacity` (`currency`, `year`, `constraints` — each with `kind`
//!   `fixed_cap`, `share_of_flow` or `stock`), `fx` (optional `base`,
//!   `quote`, `rates` with `kind` `flat`, `series` or `drift`), `funding`
//!   (`sources` with `kind` `stock_income`, `borrowing` or
//!   `stock_principal`, `discount_rate`, `service_years`), `thresholds`
//!   (`strained_share`, default 0.8). When the capacity's currency differs
//!   from the headline's, `fx` must connect the two.
//! - **`[waterfall]`** (optional) — [`WaterfallSettings`]: `project`
//!   (`{ yield = { rate, years } }` or explicit flows) and `waterfall`
//!   (`before_recovery` and `after_recovery` splits `{ investor, host }`,
//!   `deemed_rate`, optional `review_years`).
//!
//! JSON documents have the same shape (`upfront_vs_10y.json` is the twin of
//! the example above).

use std::fmt;
use std::path::Path;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::affordability::{Assessment, ProjectFlows, Waterfall, share_returns};
use crate::compare::ValuationSettings;
use crate::{Commitment, Currency, Error, Money, Plan, Quantity, Schedule, Tranche};

pub use crate::limits::MAX_SCENARIO_PAYMENTS;

// ---------------------------------------------------------------------------
// The document
// ---------------------------------------------------------------------------

/// A scenario document: one headline commitment, several plans to pay it,
/// and optional valuation, affordability and return-sharing settings.
///
/// Fields are public plain data; [`Scenario::validate`] checks what
/// deserialization cannot (tranche sums, plan parameters against the
/// headline, FX and capacity consistency). See the [module
/// docs](self) for the full schema.
///
/// ```
/// use disburse::scenario::Scenario;
/// let s = Scenario::from_toml(r#"
/// name = "pledge"
/// currency = "USD"
/// headline = "100e9"
/// [[plans]]
/// name = "upfront"
/// plan = { kind = "upfront", date = "2026-01-01" }
/// "#)?;
/// assert_eq!(s.headline_money().compact().to_string(), "$100.00B");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    /// The commitment's name.
    pub name: String,
    /// Free text: what the scenario is about.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Free text: where the figures come from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// The headline's currency.
    pub currency: Currency,
    /// The headline amount, in `currency`.
    pub headline: Decimal,
    /// The ways of paying the headline.
    pub plans: Vec<PlanSpec>,
    /// Discount rates and conventions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valuation: Option<ValuationSettings>,
    /// Capacity, FX, funding and thresholds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub affordability: Option<Assessment>,
    /// Project flows and their sharing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waterfall: Option<WaterfallSettings>,
}

/// One way of paying the headline: a single `plan` for all of it, or
/// `tranches` that sum to it.
///
/// Serialized as `{"name": "...", "plan": {...}}` or `{"name": "...",
/// "tranches": [...]}`; giving both or neither is an error.
///
/// ```
/// use disburse::scenario::PlanSpec;
/// let p: PlanSpec = serde_json::from_str(r#"{"name": "upfront", "plan": {"kind": "upfront", "date": "2026-01-01"}}"#)?;
/// assert_eq!(p.name, "upfront");
/// assert!(p.plan.is_some() && p.tranches.is_empty());
/// assert!(serde_json::from_str::<PlanSpec>(r#"{"name": "neither"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "PlanSpecData", into = "PlanSpecData")]
pub struct PlanSpec {
    /// The plan's name (unique within the scenario).
    pub name: String,
    /// The plan paying the whole headline (exclusive with `tranches`).
    pub plan: Option<Plan>,
    /// Tranches summing to the headline (exclusive with `plan`).
    pub tranches: Vec<TrancheSpec>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct PlanSpecData {
    name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plan: Option<Plan>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    tranches: Option<Vec<TrancheSpec>>,
}

impl TryFrom<PlanSpecData> for PlanSpec {
    type Error = String;
    fn try_from(d: PlanSpecData) -> std::result::Result<Self, String> {
        match (d.plan, d.tranches) {
            (Some(plan), None) => Ok(PlanSpec {
                name: d.name,
                plan: Some(plan),
                tranches: Vec::new(),
            }),
            (None, Some(tranches)) if !tranches.is_empty() => Ok(PlanSpec {
                name: d.name,
                plan: None,
                tranches,
            }),
            (None, Some(_)) => Err(format!("plan `{}`: tranches is empty", d.name)),
            (Some(_), Some(_)) => Err(format!("plan `{}`: give either `plan` or `tranches`, not both", d.name)),
            (None, None) => Err(format!("plan `{}`: missing `plan` or `tranches`", d.name)),
        }
    }
}

impl From<PlanSpec> for PlanSpecData {
    fn from(p: PlanSpec) -> Self {
        PlanSpecData {
            name: p.name,
            plan: p.plan,
            tranches: if p.tranches.is_empty() { None } else { Some(p.tranches) },
        }
    }
}

impl PlanSpec {
    /// A plan paying the whole headline with `plan`.
    ///
    /// ```
    /// use disburse::Plan;
    /// use disburse::scenario::PlanSpec;
    /// let p = PlanSpec::single("upfront", Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
    /// assert!(p.tranches.is_empty());
    /// ```
    pub fn single(name: impl Into<String>, plan: Plan) -> Self {
        PlanSpec {
            name: name.into(),
            plan: Some(plan),
            tranches: Vec::new(),
        }
    }

    /// A plan of several tranches.
    ///
    /// ```
    /// use disburse::Plan;
    /// use disburse::scenario::{PlanSpec, TrancheSpec};
    /// use rust_decimal_macros::dec;
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let p = PlanSpec::tranches("split", vec![
    ///     TrancheSpec { name: "a".into(), amount: dec!(60), plan: Plan::upfront(d) },
    ///     TrancheSpec { name: "b".into(), amount: dec!(40), plan: Plan::upfront(d) },
    /// ]);
    /// assert_eq!(p.tranches.len(), 2);
    /// ```
    pub fn tranches(name: impl Into<String>, tranches: Vec<TrancheSpec>) -> Self {
        PlanSpec {
            name: name.into(),
            plan: None,
            tranches,
        }
    }
}

/// One tranche of a [`PlanSpec`]: a named amount in the scenario's
/// currency, paid by its own plan.
///
/// ```
/// use disburse::scenario::TrancheSpec;
/// let t: TrancheSpec = serde_json::from_str(r#"{"name": "cash", "amount": "200e9", "plan": {"kind": "annual_cap", "start": "2026-01-01", "cap": "20e9"}}"#)?;
/// assert_eq!(t.amount, rust_decimal_macros::dec!(200e9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrancheSpec {
    /// The tranche's name (unique within its plan; labels its flows).
    pub name: String,
    /// The amount, in the scenario's currency.
    pub amount: Decimal,
    /// How it is paid.
    pub plan: Plan,
}

/// How project returns are shared: the project's flows and the
/// waterfall.
///
/// ```
/// use disburse::scenario::WaterfallSettings;
/// let w: WaterfallSettings = serde_json::from_str(r#"{
///   "project": {"yield": {"rate": 0.12, "years": 40}},
///   "waterfall": {"before_recovery": {"investor": "0.5", "host": "0.5"},
///                 "after_recovery": {"investor": "0.1", "host": "0.9"},
///                 "deemed_rate": 0.04, "review_years": 20}}"#)?;
/// assert_eq!(w.waterfall.review_years(), Some(20));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WaterfallSettings {
    /// The flows the project pays out.
    pub project: ProjectFlows,
    /// How they are split between investor and host.
    pub waterfall: Waterfall,
}

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
// Errors
// ---------------------------------------------------------------------------

/// A line and column in a document, both counted from 1 (the column in
/// characters).
///
/// ```
/// use disburse::scenario::Position;
/// let p = Position { line: 3, column: 7 };
/// assert_eq!(p.to_string(), "line 3, column 7");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Position {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl fmt::Display for Position {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "line {}, column {}", self.line, self.column)
    }
}

impl Position {
    /// The position of byte `offset` of `text` (clamped to the text, and
    /// back to a character boundary).
    ///
    /// ```
    /// use disburse::scenario::Position;
    /// assert_eq!(Position::from_offset("ab\ncd", 4), Position { line: 2, column: 2 });
    /// ```
    pub fn from_offset(text: &str, offset: usize) -> Position {
        let mut end = offset.min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let before = &text[..end];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }
}

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Segment {
    Key(String),
    Index(usize),
}

/// What went wrong in a scenario document: the field path, the message,
/// and the line and column of the offending value when known.
///
/// Displayed as `path: message (line L, column C)`; the path is left out
/// for errors about the whole document, the position for errors found
/// after parsing without the text (e.g. by [`Scenario::commitments`]).
///
/// ```
/// use disburse::scenario::Scenario;
/// let err = Scenario::from_toml("name = \"x\"\ncurrency = \"USD\"\nheadline = \"1e9\"\nplans = []\nbogus = 1\n").unwrap_err();
/// assert_eq!(err.path(), "bogus");
/// assert!(err.message().starts_with("unknown field `bogus`"));
/// assert_eq!(err.line(), Some(5));
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub struct ScenarioError {
    segments: Vec<Segment>,
    message: String,
    position: Option<Position>,
    error: Option<Box<Error>>,
}

impl fmt::Display for ScenarioError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        if !path.is_empty() {
            write!(f, "{path}: ")?;
        }
        f.write_str(&self.message)?;
        if let Some(p) = self.position {
            write!(f, " ({p})")?;
        }
        Ok(())
    }
}

impl ScenarioError {
    fn new(segments: Vec<Segment>, message: impl Into<String>) -> Self {
        ScenarioError {
            segments,
            message: message.into(),
            position: None,
            error: None,
        }
    }

    fn from_error(segments: Vec<Segment>, error: Error) -> Self {
        ScenarioError {
            segments,
            message: error.to_string(),
            position: None,
            error: Some(Box::new(error)),
        }
    }

    /// The field path, such as `plans[2].tranches[0].plan`; empty for the
    /// document as a whole.
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let err = Scenario::from_json(r#"{"name": "x", "currency": "USD", "headline": "1", "plans": [{"name": "a"}]}"#).unwrap_err();
    /// assert_eq!(err.path(), "plans[0]");
    /// ```
    pub fn path(&self) -> String {
        let mut out = String::new();
        for s in &self.segments {
            match s {
                Segment::Key(k) => {
                    if !out.is_empty() {
                        out.push('.');
                    }
                    out.push_str(k);
                }
                Segment::Index(i) => {
                    out.push('[');
                    out.push_str(&i.to_string());
                    out.push(']');
                }
            }
        }
        out
    }

    /// The message, without path or position.
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// let err = Scenario::from_toml("name = 3").unwrap_err();
    /// assert!(err.message().contains("invalid type"), "{err}");
    /// ```
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The position of the offending value, when known.
    ///
    /// ```
    /// use disburse::scenario::{Position, Scenario};
    /// let err = Scenario::from_toml("name = 3").unwrap_err();
    /// assert_eq!(err.position(), Some(Position { line: 1, column: 8 }));
    /// ```
    pub fn position(&self) -> Option<Position> {
        self.position
    }

    /// The line of the offending value (from 1), when known.
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// assert_eq!(Scenario::from_toml("\nname = 3").unwrap_err().line(), Some(2));
    /// ```
    pub fn line(&self) -> Option<usize> {
        self.position.map(|p| p.line)
    }

    /// The column of the offending value (from 1, in characters), when known.
    ///
    /// ```
    /// use disburse::scenario::Scenario;
    /// assert_eq!(Scenario::from_toml("name = 3").unwrap_err().column(), Some(8));
    /// ```
    pub fn column(&self) -> Option<usize> {
        self.position.map(|p| p.column)
    }

    /// The crate's typed error behind a semantic error (found after
    /// parsing), if any.
    ///
    /// ```
    /// use disburse::Error;
    /// use disburse::scenario::Scenario;
    /// let s = Scenario::from_toml(r#"
    /// name = "x"
    /// currency = "USD"
    /// headline = "100"
    /// [[plans]]
    /// name = "split"
    /// tranches = [{ name = "a", amount = "40", plan = { kind = "upfront", date = "2026-01-01" } }]
    /// "#)?;
    /// let err = s.commitments().unwrap_err();
    /// assert!(matches!(err.error(), Some(Error::TranchesDoNotSum { .. })));
    /// assert_eq!(err.to_string(), "plans[0]: tranches sum to USD 40.00, but the headline is USD 100.00");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn error(&self) -> Option<&Error> {
        self.error.as_deref()
    }

    /// This error with the position of its path in `text` (a document in
    /// `format`), if it has no position yet and the path can be found.
    ///
    /// ```
    /// use disburse::scenario::{Format, Scenario};
    /// let text = "name = \"x\"\ncurrency = \"USD\"\nheadline = \"-5\"\n[[plans]]\nname = \"u\"\nplan = { kind = \"upfront\", date = \"2026-01-01\" }\n";
    /// let err = Scenario::from_toml(text)?.validate().unwrap_err().locate(text, Format::Toml);
    /// assert_eq!(err.to_string(), "headline: must be positive, got USD -5.00 (line 3, column 12)");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn locate(mut self, text: &str, format: Format) -> Self {
        if self.position.is_none() {
            let offset = match format {
                Format::Toml => toml_offset(text, &self.segments),
                Format::Json => json_offset(text, &self.segments),
            };
            self.position = offset.map(|o| Position::from_offset(text, o));
        }
        self
    }
}

fn key(k: &str) -> Segment {
    Segment::Key(k.to_string())
}

fn convert_path(path: &serde_path_to_error::Path) -> Vec<Segment> {
    use serde_path_to_error::Segment as S;
    // Unknown segments (syntax errors before any field) are left out, so
    // such an error reads as the message and its position alone.
    path.iter()
        .filter_map(|s| match s {
            S::Seq { index } => Some(Segment::Index(*index)),
            S::Map { key } => Some(Segment::Key(key.clone())),
            S::Enum { variant } => Some(Segment::Key(variant.clone())),
            S::Unknown => None,
        })
        .collect()
}

// ---------------------------------------------------------------------------
// Locating a path in the source text
// ---------------------------------------------------------------------------

/// The byte offset of the value at `path` in a TOML document (or of the
/// deepest part of the path that exists).
fn toml_offset(text: &str, path: &[Segment]) -> Option<usize> {
    use toml::de::{DeArray, DeTable};
    let root = DeTable::parse(text).ok()?;
    let mut table: Option<&DeTable<'_>> = Some(root.get_ref());
    let mut array: Option<&DeArray<'_>> = None;
    let mut found: Option<usize> = None;
    for seg in path {
        let next = match (seg, table, array) {
            (Segment::Key(k), Some(t), _) => t
                .iter()
                .find(|(key, _)| key.get_ref().as_ref() == k.as_str())
                .map(|(_, v)| v),
            (Segment::Index(i), _, Some(a)) => a.get(*i),
            _ => None,
        };
        let Some(v) = next else { break };
        found = Some(v.span().start);
        table = v.get_ref().as_table();
        array = v.get_ref().as_array();
    }
    found
}

/// The byte offset of the value at `path` in a JSON document (or of the
/// deepest part of the path that exists).
fn json_offset(text: &str, path: &[Segment]) -> Option<usize> {
    let mut scanner = JsonScanner {
        bytes: text.as_bytes(),
        pos: 0,
    };
    scanner.skip_ws();
    let mut found = None;
    for seg in path {
        let ok = match seg {
            Segment::Key(k) => scanner.enter_key(k),
            Segment::Index(i) => scanner.enter_index(*i),
        };
        if !ok {
            break;
        }
        found = Some(scanner.pos);
    }
    found
}

/// A minimal JSON walker over text that serde_json has already accepted;
/// every step returns `false` rather than failing on anything unexpected.
struct JsonScanner<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl JsonScanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Reads a string at the cursor, returning its raw (escaped) contents.
    fn string(&mut self) -> Option<String> {
        self.skip_ws();
        if self.peek() != Some(b'"') {
            return None;
        }
        self.pos += 1;
        let start = self.pos;
        loop {
            match self.peek()? {
                b'\\' => self.pos += 2,
                b'"' => break,
                _ => self.pos += 1,
            }
        }
        let raw = self.bytes.get(start..self.pos)?;
        self.pos += 1;
        let raw = std::str::from_utf8(raw).ok()?;
        // Keys are compared after decoding escapes.
        serde_json::from_str::<String>(&format!("\"{raw}\"")).ok()
    }

    /// Skips one value, iteratively (no recursion).
    fn skip_value(&mut self) -> bool {
        self.skip_ws();
        let mut depth = 0usize;
        loop {
            let Some(b) = self.peek() else { return false };
            match b {
                b'"' => {
                    if self.string().is_none() {
                        return false;
                    }
                }
                b'{' | b'[' => {
                    depth += 1;
                    self.pos += 1;
                }
                b'}' | b']' => {
                    if depth == 0 {
                        return false;
                    }
                    depth -= 1;
                    self.pos += 1;
                }
                b',' | b':' => {
                    if depth == 0 {
                        return false;
                    }
                    self.pos += 1;
                }
                _ => {
                    self.pos += 1;
                    if depth == 0 {
                        while !matches!(
                            self.peek(),
                            None | Some(b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t')
                        ) {
                            self.pos += 1;
                        }
                    }
                }
            }
            if depth == 0 {
                return true;
            }
            self.skip_ws();
        }
    }

    fn enter_key(&mut self, key: &str) -> bool {
        if !self.eat(b'{') {
            return false;
        }
        loop {
            let Some(k) = self.string() else { return false };
            if !self.eat(b':') {
                return false;
            }
            self.skip_ws();
            if k == key {
                return true;
            }
            if !self.skip_value() || !self.eat(b',') {
                return false;
            }
        }
    }

    fn enter_index(&mut self, index: usize) -> bool {
        if !self.eat(b'[') {
            return false;
        }
        for _ in 0..index {
            if !self.skip_value() || !self.eat(b',') {
                return false;
            }
        }
        self.skip_ws();
        !matches!(self.peek(), None | Some(b']'))
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
    /// assert_eq!(err.path(), "plans[0].plan");
    /// assert_eq!(err.line(), Some(7));
    /// ```
    pub fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
        let de = toml::Deserializer::parse(text).map_err(|e| toml_error(text, Vec::new(), &e))?;
        serde_path_to_error::deserialize(de).map_err(|e| {
            let segments = convert_path(e.path());
            toml_error(text, segments, e.inner())
        })
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
        let mut de = serde_json::Deserializer::from_str(text);
        let scenario: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let segments = convert_path(e.path());
            json_error(segments, e.inner())
        })?;
        de.end().map_err(|e| json_error(Vec::new(), &e))?;
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
        Scenario::from_toml(include_str!("../examples/scenarios/korea_us_2025.toml"))
    }

    /// The headline as money.
    ///
    /// ```
    /// let s = disburse::scenario::Scenario::korea_us_2025()?;
    /// assert_eq!(s.headline_money().compact().to_string(), "$200.00B");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn headline_money(&self) -> Money {
        Money::new(self.headline, self.currency)
    }

    // -----------------------------------------------------------------------
    // Semantics
    // -----------------------------------------------------------------------

    /// Each plan as a [`Commitment`] of the headline, named after the plan
    /// (a single `plan` becomes one tranche named like the plan).
    ///
    /// # Errors
    /// A [`ScenarioError`] (without position) naming the path: no plans,
    /// a duplicate plan name (`plans[i].name`), a headline that is not
    /// positive (`headline`), tranches that do not sum to the headline
    /// (`plans[i]`), a bad tranche amount or name
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
        for (i, spec) in self.plans.iter().enumerate() {
            let at = vec![key("plans"), Segment::Index(i)];
            if self.plans[..i].iter().any(|p| p.name == spec.name) {
                let mut path = at.clone();
                path.push(key("name"));
                return Err(ScenarioError::new(path, format!("duplicate plan name `{}`", spec.name)));
            }
            let tranches: Vec<Tranche> = match &spec.plan {
                Some(plan) => vec![Tranche::new(spec.name.clone(), headline, plan.clone())],
                None => spec
                    .tranches
                    .iter()
                    .map(|t| Tranche::new(t.name.clone(), Money::new(t.amount, self.currency), t.plan.clone()))
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
            let mut merged: Option<Schedule> = None;
            for (j, t) in c.tranches().iter().enumerate() {
                let at = self.tranche_plan_path(i, j);
                let s = t.schedule().map_err(|e| plan_error(&t.plan, at.clone(), e))?;
                merged = Some(match merged {
                    None => s,
                    Some(m) => m
                        .merge(&s)
                        .map_err(|e| ScenarioError::from_error(vec![key("plans"), Segment::Index(i)], e))?,
                });
            }
            let s =
                merged.ok_or_else(|| ScenarioError::new(vec![key("plans"), Segment::Index(i)], "has no tranches"))?;
            out.push((name.clone(), s));
        }
        Ok(out)
    }

    /// The path of the plan of tranche `j` of plan `i`: `plans[i].plan`
    /// or `plans[i].tranches[j].plan`.
    fn tranche_plan_path(&self, i: usize, j: usize) -> Vec<Segment> {
        let mut at = vec![key("plans"), Segment::Index(i)];
        if self.plans.get(i).is_some_and(|p| p.plan.is_none()) {
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

    /// Checks the whole scenario: generates every schedule, checks that the
    /// FX path connects the headline's currency with the capacity's, runs
    /// the affordability assessment and the return sharing on each
    /// schedule. This is what `disburse check` runs.
    ///
    /// # Errors
    /// As [`Scenario::schedules`]; `affordability.fx` when the FX path is
    /// missing or does not connect the currencies; `affordability` or
    /// `waterfall` (with the plan's name) when an assessment fails, e.g. a
    /// stock known only after the first outlay or an FX series too short.
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
                        fx_path,
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
            for (name, s) in &schedules {
                a.assess(s).map_err(|e| {
                    let mut err = ScenarioError::from_error(vec![key("affordability")], e);
                    err.message = format!("plan `{name}`: {}", err.message);
                    err
                })?;
            }
        }
        if let Some(w) = &self.waterfall {
            for (name, s) in &schedules {
                share_returns(s, &w.project, &w.waterfall).map_err(|e| {
                    let mut err = ScenarioError::from_error(vec![key("waterfall")], e);
                    err.message = format!("plan `{name}`: {}", err.message);
                    err
                })?;
            }
        }
        Ok(())
    }
}

/// A commitment error at the path of the plan spec `at`, narrowed to the
/// field it is about.
fn commitment_error(spec: &PlanSpec, at: Vec<Segment>, e: Error) -> ScenarioError {
    let message = match &e {
        Error::NonPositiveAmount {
            what: Quantity::Headline,
            amount,
        } => format!("must be positive, got {amount}"),
        _ => e.to_string(),
    };
    ScenarioError {
        message,
        ..ScenarioError::from_error(commitment_path(spec, at, &e), e)
    }
}

/// The path of the field a commitment error is about, found from the
/// error's variant and [`Quantity`] alone (never from its message).
fn commitment_path(spec: &PlanSpec, mut at: Vec<Segment>, e: &Error) -> Vec<Segment> {
    match e {
        Error::NonPositiveAmount {
            what: Quantity::Headline,
            ..
        }
        | Error::NotWholeMinorUnits {
            what: Quantity::Headline,
            ..
        } => vec![key("headline")],
        Error::NonPositiveAmount {
            what: Quantity::Tranche(name),
            ..
        }
        | Error::NotWholeMinorUnits {
            what: Quantity::Tranche(name),
            ..
        } => {
            if let Some(j) = spec.tranches.iter().position(|t| t.name == *name) {
                at.extend([key("tranches"), Segment::Index(j), key("amount")]);
            }
            at
        }
        Error::DuplicateTranche { name } => {
            if let Some(j) =
                spec.tranches.iter().enumerate().skip(1).find_map(|(j, t)| {
                    (t.name == *name && spec.tranches[..j].iter().any(|u| u.name == *name)).then_some(j)
                })
            {
                at.extend([key("tranches"), Segment::Index(j), key("name")]);
            }
            at
        }
        _ => at,
    }
}

/// A schedule error of `plan` at its path `at`, narrowed to the field when
/// the error names one.
fn plan_error(plan: &Plan, mut at: Vec<Segment>, e: Error) -> ScenarioError {
    let field = plan_field(plan, &e);
    let message = match &e {
        Error::NonPositiveAmount { amount, .. } if field.is_some() => format!("must be positive, got {amount}"),
        _ => e.to_string(),
    };
    if let Some(f) = field {
        at.push(key(f));
    }
    ScenarioError {
        message,
        ..ScenarioError::from_error(at, e)
    }
}

/// The field of `plan` a schedule error is about, found from the error's
/// variant and [`Quantity`] alone (never from its message).
fn plan_field(plan: &Plan, e: &Error) -> Option<&'static str> {
    let cap = matches!(
        e,
        Error::NonPositiveAmount {
            what: Quantity::AnnualCap,
            ..
        } | Error::NotWholeMinorUnits {
            what: Quantity::AnnualCap,
            ..
        } | Error::CapTooSmall { .. }
    );
    let weights = matches!(
        e,
        Error::EmptyWeights | Error::NegativeWeight { .. } | Error::ZeroWeights | Error::WeightsDoNotSumToOne { .. }
    );
    match (plan, e.quantity()) {
        (Plan::AnnualCap(_), _) if cap => Some("cap"),
        (Plan::CapitalCalls(_), _) if cap => Some("annual_cap"),
        (Plan::Weights(_), _) if weights => Some("weights"),
        (
            Plan::Installments(_) | Plan::Ramp(_),
            Some(Quantity::InstallmentCount | Quantity::PaymentCount | Quantity::RampPaymentCount),
        ) if matches!(e, Error::ZeroCount { .. }) => Some("count"),
        (Plan::Installments(i), Some(Quantity::PaymentCount)) => match i.length {
            crate::InstallmentLength::Count(_) => Some("count"),
            crate::InstallmentLength::Until(_) => Some("end"),
        },
        (Plan::Ramp(_), Some(Quantity::PaymentCount | Quantity::RampPaymentCount)) => Some("count"),
        (Plan::Weights(_), Some(Quantity::PaymentCount)) => Some("weights"),
        (Plan::Explicit(_), Some(Quantity::PaymentCount)) => Some("flows"),
        (Plan::AnnualCap(_), Some(Quantity::PaymentCount)) => Some("tenor"),
        (Plan::CapitalCalls(_), Some(Quantity::PaymentCount)) => Some("calls"),
        (Plan::CapitalCalls(_), Some(Quantity::NoticeDays)) => Some("notice_days"),
        (Plan::Explicit(_), Some(Quantity::ExplicitFlows | Quantity::ExplicitPlan)) => Some("flows"),
        (Plan::CapitalCalls(_), Some(Quantity::CapitalCalls)) => Some("calls"),
        _ => None,
    }
}

fn toml_error(text: &str, segments: Vec<Segment>, e: &toml::de::Error) -> ScenarioError {
    let mut err = ScenarioError::new(segments, e.message().trim_end().to_string());
    err.position = e.span().map(|s| Position::from_offset(text, s.start));
    err
}

fn json_error(segments: Vec<Segment>, e: &serde_json::Error) -> ScenarioError {
    // serde_json appends " at line L column C" to its message; keep the
    // bare message and the position apart.
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => full[..i].to_string(),
        _ => full,
    };
    let mut err = ScenarioError::new(segments, message);
    if e.line() > 0 {
        err.position = Some(Position {
            line: e.line(),
            column: e.column().max(1),
        });
    }
    err
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    const MINIMAL: &str = include_str!("../examples/scenarios/upfront_vs_10y.toml");
    const MINIMAL_JSON: &str = include_str!("../examples/scenarios/upfront_vs_10y.json");

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

    #[test]
    fn scenario_position_from_offset_is_total() {
        let text = "é\nab";
        for o in 0..10 {
            let p = Position::from_offset(text, o);
            assert!(p.line >= 1 && p.column >= 1);
        }
        assert_eq!(Position::from_offset(text, 1), Position { line: 1, column: 1 });
        assert_eq!(Position::from_offset(text, 3), Position { line: 2, column: 1 });
    }

    #[test]
    fn scenario_json_locator_finds_nested_values() {
        let text = r#"{"a": [1, {"b": "x"}, {"c": [true, {"d": null}]}], "e\"f": 2}"#;
        let path = [key("a"), Segment::Index(2), key("c"), Segment::Index(1), key("d")];
        let o = json_offset(text, &path).unwrap();
        assert_eq!(&text[o..o + 4], "null");
        let o = json_offset(text, &[key("e\"f")]).unwrap();
        assert_eq!(&text[o..o + 1], "2");
        assert_eq!(json_offset("[", &[Segment::Index(3)]), None);
    }

    /// The field path of an error comes from its variant and `Quantity`
    /// alone: errors built here by hand, never rendered, land on the right
    /// field, and a tranche whose name reads like another field (`headline`,
    /// `annual cap`) does not confuse the mapping.
    #[test]
    fn scenario_error_paths_come_from_typed_fields_not_messages() {
        let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let usd = |x: i64| Money::new(Decimal::from(x), Currency::USD);
        let path = |segments: Vec<Segment>| ScenarioError::new(segments, "").path();
        let tranche = |name: &str| TrancheSpec {
            name: name.into(),
            amount: Decimal::ONE,
            plan: Plan::upfront(jan1),
        };
        let spec = PlanSpec {
            name: "split".into(),
            plan: None,
            tranches: vec![tranche("annual cap"), tranche("headline"), tranche("headline")],
        };
        let at = || vec![key("plans"), Segment::Index(2)];
        let commitment_cases = [
            (
                Error::NonPositiveAmount {
                    what: Quantity::Headline,
                    amount: usd(0),
                },
                "headline",
            ),
            (
                Error::NotWholeMinorUnits {
                    what: Quantity::Headline,
                    amount: Decimal::new(1001, 3),
                    currency: Currency::USD,
                },
                "headline",
            ),
            (
                Error::NonPositiveAmount {
                    what: Quantity::Tranche("headline".into()),
                    amount: usd(-1),
                },
                "plans[2].tranches[1].amount",
            ),
            (
                Error::NotWholeMinorUnits {
                    what: Quantity::Tranche("annual cap".into()),
                    amount: Decimal::new(1, 3),
                    currency: Currency::USD,
                },
                "plans[2].tranches[0].amount",
            ),
            (
                Error::DuplicateTranche {
                    name: "headline".into(),
                },
                "plans[2].tranches[2].name",
            ),
            (
                Error::TranchesDoNotSum {
                    headline: usd(3),
                    sum: usd(2),
                },
                "plans[2]",
            ),
        ];
        for (e, want) in commitment_cases {
            assert_eq!(path(commitment_path(&spec, at(), &e)), want, "{e:?}");
        }

        let cap = Plan::annual_cap(jan1, Decimal::ONE);
        let calls = Plan::CapitalCalls(crate::CapitalCalls::new(vec![], 10, crate::time::Calendar::Null));
        let count = Plan::installments(jan1, 0, crate::time::Tenor::years(1));
        let weights = Plan::Weights(crate::WeightsPlan::new(jan1, crate::time::Tenor::years(1), vec![]));
        let explicit = Plan::Explicit(crate::Explicit::new(vec![]));
        let nonpositive_cap = Error::NonPositiveAmount {
            what: Quantity::AnnualCap,
            amount: usd(0),
        };
        let plan_cases: [(&Plan, Error, Option<&str>); 10] = [
            (&cap, nonpositive_cap.clone(), Some("cap")),
            (&calls, nonpositive_cap.clone(), Some("annual_cap")),
            (
                &cap,
                Error::CapTooSmall {
                    cap: usd(1),
                    amount: usd(10_000),
                    max_years: 1000,
                },
                Some("cap"),
            ),
            (
                &count,
                Error::ZeroCount {
                    what: Quantity::PaymentCount,
                },
                Some("count"),
            ),
            (&weights, Error::EmptyWeights, Some("weights")),
            (
                &explicit,
                Error::Empty {
                    what: Quantity::ExplicitFlows,
                },
                Some("flows"),
            ),
            (
                &calls,
                Error::FlowsDoNotSum {
                    what: Quantity::CapitalCalls,
                    expected: usd(2),
                    sum: usd(1),
                },
                Some("calls"),
            ),
            // A tranche amount is not a field of the plan.
            (
                &cap,
                Error::NonPositiveAmount {
                    what: Quantity::Tranche("annual cap".into()),
                    amount: usd(0),
                },
                None,
            ),
            // An annual cap error means nothing to a plan without one.
            (&count, nonpositive_cap, None),
            (&explicit, Error::ZeroTenor, None),
        ];
        for (plan, e, want) in plan_cases {
            assert_eq!(plan_field(plan, &e), want, "{} {e:?}", plan.kind());
        }
    }
}
