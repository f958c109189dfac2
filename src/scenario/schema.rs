//! The on-disk form of a scenario: the serde types of the document.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::affordability::Assessment;
use crate::compare::ValuationSettings;
use crate::instrument::Instrument;
use crate::returns::{ProjectFlows, Waterfall};
use crate::{Currency, Money, Plan};

/// A scenario document: one headline commitment, several plans to pay it,
/// and optional valuation, affordability and return-sharing settings.
///
/// Fields are public plain data; [`Scenario::validate`] checks what
/// deserialization cannot (tranche sums, plan parameters against the
/// headline, FX and capacity consistency). See the [module
/// docs](crate::scenario) for the full schema.
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
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
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
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[schemars(schema_with = "crate::input_serde::schema::amount")]
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
    /// The risk model: the `[risk]` section (`disburse risk`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub risk: Option<crate::risk::RiskModel>,
}

/// One way of paying the headline: a name and a [`PlanStructure`] — a
/// single plan for all of it, or tranches that sum to it.
///
/// Serialized as `{"name": "...", "plan": {...}}` or `{"name": "...",
/// "tranches": [...]}`; giving both or neither, or an empty `tranches`, is
/// an error.
///
/// ```
/// use disburse::scenario::{PlanSpec, PlanStructure};
/// let p: PlanSpec = serde_json::from_str(r#"{"name": "upfront", "plan": {"kind": "upfront", "date": "2026-01-01"}}"#)?;
/// assert_eq!(p.name, "upfront");
/// assert!(matches!(p.structure, PlanStructure::Single(_)));
/// assert!(serde_json::from_str::<PlanSpec>(r#"{"name": "neither"}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "PlanSpecData", into = "PlanSpecData")]
pub struct PlanSpec {
    /// The plan's name (unique within the scenario).
    pub name: String,
    /// How it pays the headline.
    pub structure: PlanStructure,
}

/// How a [`PlanSpec`] pays the headline: exactly one of a single plan or
/// a list of tranches.
///
/// ```
/// use disburse::Plan;
/// use disburse::scenario::{PlanSpec, PlanStructure};
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let p = PlanSpec::single("upfront", Plan::upfront(jan1));
/// assert_eq!(p.structure, PlanStructure::Single(Plan::upfront(jan1)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlanStructure {
    /// One plan paying the whole headline (`plan` in the document); its
    /// tranche takes the plan's name.
    Single(Plan),
    /// Tranches summing to the headline, each paid by its own plan
    /// (`tranches` in the document; not empty when read from one).
    Tranches(Vec<TrancheSpec>),
}

/// The on-disk shape of a [`PlanSpec`]: `plan` and `tranches` as two
/// optional fields, exactly one of which must be given.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
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
        let structure = match (d.plan, d.tranches) {
            (Some(plan), None) => PlanStructure::Single(plan),
            (None, Some(tranches)) if !tranches.is_empty() => PlanStructure::Tranches(tranches),
            (None, Some(_)) => return Err(format!("plan `{}`: tranches is empty", d.name)),
            (Some(_), Some(_)) => {
                return Err(format!("plan `{}`: give either `plan` or `tranches`, not both", d.name));
            }
            (None, None) => return Err(format!("plan `{}`: missing `plan` or `tranches`", d.name)),
        };
        Ok(PlanSpec {
            name: d.name,
            structure,
        })
    }
}

impl From<PlanSpec> for PlanSpecData {
    fn from(p: PlanSpec) -> Self {
        let (plan, tranches) = match p.structure {
            PlanStructure::Single(plan) => (Some(plan), None),
            // An empty list is written as no list, as before the enum.
            PlanStructure::Tranches(t) if t.is_empty() => (None, None),
            PlanStructure::Tranches(t) => (None, Some(t)),
        };
        PlanSpecData {
            name: p.name,
            plan,
            tranches,
        }
    }
}

impl PlanSpec {
    /// A plan paying the whole headline with `plan`.
    ///
    /// ```
    /// use disburse::Plan;
    /// use disburse::scenario::{PlanSpec, PlanStructure};
    /// let p = PlanSpec::single("upfront", Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
    /// assert!(matches!(p.structure, PlanStructure::Single(_)));
    /// ```
    pub fn single(name: impl Into<String>, plan: Plan) -> Self {
        PlanSpec {
            name: name.into(),
            structure: PlanStructure::Single(plan),
        }
    }

    /// A plan of several tranches.
    ///
    /// ```
    /// use disburse::Plan;
    /// use disburse::scenario::{PlanSpec, PlanStructure, TrancheSpec};
    /// use rust_decimal_macros::dec;
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let p = PlanSpec::tranches("split", vec![
    ///     TrancheSpec { name: "a".into(), amount: dec!(60), plan: Plan::upfront(d), instrument: Default::default() },
    ///     TrancheSpec { name: "b".into(), amount: dec!(40), plan: Plan::upfront(d), instrument: Default::default() },
    /// ]);
    /// assert!(matches!(&p.structure, PlanStructure::Tranches(t) if t.len() == 2));
    /// ```
    pub fn tranches(name: impl Into<String>, tranches: Vec<TrancheSpec>) -> Self {
        PlanSpec {
            name: name.into(),
            structure: PlanStructure::Tranches(tranches),
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
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TrancheSpec {
    /// The tranche's name (unique within its plan; labels its flows).
    pub name: String,
    /// The amount, in the scenario's currency.
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[schemars(schema_with = "crate::input_serde::schema::amount")]
    pub amount: Decimal,
    /// How it is paid.
    pub plan: Plan,
    /// What kind of money it is (default equity): `instrument = { kind =
    /// "loan", rate = "0.045", tenor = "10Y", … }`; see
    /// [`Instrument`].
    #[serde(default, skip_serializing_if = "Instrument::is_equity")]
    pub instrument: Instrument,
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
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WaterfallSettings {
    /// The flows the project pays out.
    pub project: ProjectFlows,
    /// How they are split between investor and host.
    pub waterfall: Waterfall,
}

impl Scenario {
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
}
