//! [`ScenarioError`]: what went wrong in a scenario document, where; and
//! the mapping of the crate's typed errors to the field they are about.

use std::fmt;

use super::locate::{Position, json_container_start, path_offset};
use super::{Format, PlanSpec, PlanStructure, TrancheSpec};
use crate::{Error, Plan, Quantity};

/// One step of a field path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum Segment {
    /// A field of a table or object.
    Key(String),
    /// An element of an array.
    Index(usize),
}

/// What went wrong in a scenario document: the field path, the message,
/// and the line and column of the offending value when known.
///
/// Displayed as `path: message (line L, column C)`; the path is left out
/// for errors about the whole document, the position for errors found
/// after parsing without the text (e.g. by [`Scenario::commitments`](super::Scenario::commitments)).
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
    pub(super) segments: Vec<Segment>,
    pub(super) message: String,
    pub(super) position: Option<Position>,
    pub(super) error: Option<Box<Error>>,
}

impl From<Error> for ScenarioError {
    /// An error of the engine about the scenario as a whole (no field
    /// path), keeping the typed [`Error`] ([`ScenarioError::error`]).
    ///
    /// ```
    /// use disburse::scenario::ScenarioError;
    /// let e = ScenarioError::from(disburse::Error::Render { format: "html", reason: "x".into() });
    /// assert!(e.error().is_some());
    /// assert_eq!(e.path(), "");
    /// ```
    fn from(error: Error) -> Self {
        ScenarioError::from_error(Vec::new(), error)
    }
}

impl fmt::Display for ScenarioError {
    /// `path: message (line L, column C)`, with over-long values cut short
    /// ([`clip_values`](crate::text::clip_values)).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let path = self.path();
        let mut line = String::with_capacity(path.len() + self.message.len() + 32);
        if !path.is_empty() {
            line.push_str(&path);
            line.push_str(": ");
        }
        line.push_str(&self.message);
        if let Some(p) = self.position {
            line.push_str(&format!(" ({p})"));
        }
        f.write_str(&crate::text::clip_values(&line))
    }
}

impl ScenarioError {
    pub(super) fn new(segments: Vec<Segment>, message: impl Into<String>) -> Self {
        ScenarioError {
            segments,
            message: message.into(),
            position: None,
            error: None,
        }
    }

    pub(super) fn from_error(segments: Vec<Segment>, error: Error) -> Self {
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
    /// assert_eq!(err.to_string(), "plans[0].tranches: tranches sum to USD 40.00, but the headline is USD 100.00");
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
            self.position = path_offset(text, format, &self.segments).map(|o| Position::from_offset(text, o));
        }
        self
    }

    /// This error with its message prefixed by the sensitivity grid.
    pub(super) fn in_sensitivity(mut self) -> Self {
        self.message = format!("sensitivity grid: {}", self.message);
        self
    }

    /// This error with its message prefixed by the plan it happened in.
    pub(super) fn in_plan(mut self, name: &str) -> Self {
        self.message = format!("plan `{name}`: {}", self.message);
        self
    }
}

/// A key segment.
pub(super) fn key(k: &str) -> Segment {
    Segment::Key(k.to_string())
}

/// The segments of a serde path.
pub(super) fn convert_path(path: &serde_path_to_error::Path) -> Vec<Segment> {
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

/// A commitment error at the path of the plan spec `at`, narrowed to the
/// field it is about.
pub(super) fn commitment_error(spec: &PlanSpec, at: Vec<Segment>, e: Error) -> ScenarioError {
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

/// The tranches of `spec` (none for a single plan).
fn tranche_specs(spec: &PlanSpec) -> &[TrancheSpec] {
    match &spec.structure {
        PlanStructure::Single(_) => &[],
        PlanStructure::Tranches(t) => t,
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
            if let Some(j) = tranche_specs(spec).iter().position(|t| t.name == *name) {
                at.extend([key("tranches"), Segment::Index(j), key("amount")]);
            }
            at
        }
        Error::DuplicateTranche { name } => {
            // The second tranche of that name is the duplicate.
            if let Some((j, _)) = tranche_specs(spec)
                .iter()
                .enumerate()
                .filter(|(_, t)| t.name == *name)
                .nth(1)
            {
                at.extend([key("tranches"), Segment::Index(j), key("name")]);
            }
            at
        }
        // The tranches as a whole (the headline is one number; the
        // tranches are where the amounts are written).
        Error::TranchesDoNotSum { .. } if !tranche_specs(spec).is_empty() => {
            at.push(key("tranches"));
            at
        }
        _ => at,
    }
}

/// A schedule error of `plan` at its path `at`, narrowed to the field when
/// the error names one.
pub(super) fn plan_error(plan: &Plan, mut at: Vec<Segment>, e: Error) -> ScenarioError {
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
        (Plan::Explicit(_), Some(Quantity::ExplicitFlows | Quantity::ExplicitPlan)) => Some("flows"),
        (Plan::CapitalCalls(_), Some(Quantity::CapitalCalls | Quantity::CapitalCallYears)) => Some("calls"),
        (Plan::Installments(i), Some(Quantity::PaymentCount)) => match i.length {
            crate::InstallmentLength::Count(_) => Some("count"),
            crate::InstallmentLength::Until(_) => Some("end"),
        },
        (Plan::Ramp(_), Some(Quantity::PaymentCount | Quantity::RampPaymentCount)) => Some("count"),
        (Plan::Weights(_), Some(Quantity::PaymentCount)) => Some("weights"),
        (Plan::AnnualCap(_), Some(Quantity::PaymentCount)) => Some("tenor"),
        (Plan::CapitalCalls(_), Some(Quantity::PaymentCount)) => Some("calls"),
        (Plan::CapitalCalls(_), Some(Quantity::NoticeDays)) => Some("notice_days"),
        (Plan::Explicit(_), Some(Quantity::PaymentCount)) => Some("flows"),
        _ => None,
    }
}

/// A TOML parse error at `segments`, with its position in `text`.
pub(super) fn toml_error(text: &str, segments: Vec<Segment>, e: &toml::de::Error) -> ScenarioError {
    let message = super::hints::explain(&segments, e.message().trim_end().to_string());
    // The span toml gives, or, when the error's path is a value inside it
    // (a `try_from` check of one element, reported at its array), where
    // that value starts.
    let position = e.span().map(|s| match path_offset(text, Format::Toml, &segments) {
        Some(o) if o > s.start && o < s.end => o,
        _ => s.start,
    });
    let mut err = ScenarioError::new(segments, message);
    err.position = position.map(|o| Position::from_offset(text, o));
    err
}

/// A JSON parse error at `segments` of `text`, with the position
/// serde_json gives — or, for an error about a whole object or array that
/// serde_json reports at its end (a `try_from` check, a missing field, a
/// tagged enum), the position where that value starts, as TOML gives it.
pub(super) fn json_error(text: &str, segments: Vec<Segment>, e: &serde_json::Error) -> ScenarioError {
    // serde_json appends " at line L column C" to its message; keep the
    // bare message and the position apart.
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => full[..i].to_string(),
        _ => full,
    };
    let position = (e.line() > 0).then(|| {
        json_container_start(text, &segments, e.line(), e.column()).unwrap_or(Position {
            line: e.line(),
            column: e.column().max(1),
        })
    });
    let message = super::hints::explain(&segments, message);
    let mut err = ScenarioError::new(segments, message);
    err.position = position;
    err
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;
    use crate::{Currency, Money};
    use rust_decimal::Decimal;

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
            instrument: Default::default(),
        };
        let spec = PlanSpec::tranches(
            "split",
            vec![tranche("annual cap"), tranche("headline"), tranche("headline")],
        );
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
                "plans[2].tranches",
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
