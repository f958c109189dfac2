//! [`RiskModel`]: the risk factors, their correlation, the number of paths
//! and the seed — the `[risk]` section of a scenario file.

use std::fmt;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::limits::MAX_RISK_PATHS;
use crate::render::{Digits, Percent};
use crate::{Bound, Error, Quantity, Result, Value};

/// The default number of paths: 10,000.
pub const DEFAULT_PATHS: u64 = 10_000;
/// The default seed: 2025 (fixed, printed with every result).
pub const DEFAULT_SEED: u64 = 2025;
/// The default threshold of the verdict under risk: a probability of a
/// breach of at most 5% is still `affordable`.
pub const DEFAULT_THRESHOLD: f64 = 0.05;
/// The default second threshold: up to a 25% probability of a breach the
/// plan is `strained`, above it `unaffordable`.
pub const DEFAULT_STRAINED: f64 = 0.25;
/// The most years of FX history a bootstrap takes: 1,000.
const MAX_HISTORY: usize = 1_000;

fn risk(field: &'static str) -> Quantity {
    Quantity::Risk(field)
}

/// A finite number at least zero.
fn non_negative(field: &'static str, x: f64) -> Result<()> {
    if !x.is_finite() {
        return Err(Error::NonFinite {
            what: risk(field),
            value: x,
        });
    }
    if x < 0.0 {
        return Err(Error::out_of_range(risk(field), Value::Float(x), Bound::NonNegative));
    }
    Ok(())
}

fn finite(field: &'static str, x: f64) -> Result<()> {
    if x.is_finite() {
        Ok(())
    } else {
        Err(Error::NonFinite {
            what: risk(field),
            value: x,
        })
    }
}

/// The FX factor: how the rate of the assessment's FX path (units of its
/// quote currency per unit of its base) is shocked, year by year.
///
/// Serialized untagged: `{"vol": 0.10, "drift": 0.0}` (lognormal) or
/// `{"history": ["1100", "1180", …], "block": 1}` (bootstrap).
///
/// ```
/// use disburse::risk::FxFactor;
/// let f: FxFactor = serde_json::from_str(r#"{"vol": 0.1}"#)?;
/// assert_eq!(f, FxFactor::Lognormal { vol: 0.1, drift: 0.0 });
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A document gives one of the two shapes; a field of the other shape is an
/// error naming both, and each field's error names the field.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(untagged, deny_unknown_fields)]
pub enum FxFactor {
    /// Each year's log-change of the rate is Normal(drift − vol²/2, vol²),
    /// so the rate is lognormal around the path with mean
    /// `path·e^(drift·k)` after `k` years.
    Lognormal {
        /// Annual volatility of the log-change (≥ 0).
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        vol: f64,
        /// Annual drift of the mean (default 0).
        #[serde(default)]
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        drift: f64,
    },
    /// Each year's log-change is drawn from the log-changes of `history`
    /// (consecutive annual rates, at least two), in blocks of `block`
    /// consecutive years (default 1: independent draws).
    History {
        /// Consecutive annual rates (> 0), oldest first.
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::numbers"))]
        history: Vec<Decimal>,
        /// Block length of the bootstrap (≥ 1, at most the number of
        /// changes).
        #[serde(default = "one")]
        block: u32,
    },
}

fn one() -> u32 {
    1
}

/// Both shapes of [`FxFactor`] in one, for errors that name the field
/// (serde's untagged enums say only that no variant matched).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FxFactorIn {
    #[serde(default, deserialize_with = "crate::input_serde::opt_rate")]
    vol: Option<f64>,
    #[serde(default, deserialize_with = "crate::input_serde::opt_rate")]
    drift: Option<f64>,
    #[serde(default, deserialize_with = "opt_numbers")]
    history: Option<Vec<Decimal>>,
    #[serde(default)]
    block: Option<u32>,
}

fn opt_numbers<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Option<Vec<Decimal>>, D::Error> {
    crate::input_serde::numbers(d).map(Some)
}

impl<'de> Deserialize<'de> for FxFactor {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
        use serde::de::Error as _;
        let f = FxFactorIn::deserialize(d)?;
        match (f.vol, f.drift, f.history, f.block) {
            (Some(vol), drift, None, None) => Ok(FxFactor::Lognormal {
                vol,
                drift: drift.unwrap_or(0.0),
            }),
            (None, None, Some(history), block) => Ok(FxFactor::History {
                history,
                block: block.unwrap_or_else(one),
            }),
            (None, None, None, _) | (None, Some(_), None, None) => Err(D::Error::custom(
                "expected `vol` (and `drift`) for a lognormal factor, or `history` (and `block`) to bootstrap",
            )),
            _ => Err(D::Error::custom(
                "give either `vol` and `drift` (lognormal) or `history` and `block` (bootstrap), not both",
            )),
        }
    }
}

impl FxFactor {
    fn validate(&self) -> Result<()> {
        match self {
            FxFactor::Lognormal { vol, drift } => {
                non_negative("fx.vol", *vol)?;
                finite("fx.drift", *drift)?;
                if *vol > 1.0 {
                    return Err(Error::out_of_range(
                        risk("fx.vol"),
                        Value::Float(*vol),
                        Bound::AtMost(Value::Float(1.0)),
                    ));
                }
                if drift.abs() > 1.0 {
                    return Err(Error::out_of_range(
                        risk("fx.drift"),
                        Value::Float(*drift),
                        Bound::Between(-1, 1),
                    ));
                }
            }
            FxFactor::History { history, block } => {
                if history.len() < 2 {
                    return Err(Error::out_of_range(
                        risk("fx.history"),
                        Value::Int(history.len() as i64),
                        Bound::AtLeast(Value::Int(2)),
                    ));
                }
                if history.len() > MAX_HISTORY {
                    return Err(Error::out_of_range(
                        risk("fx.history"),
                        Value::Int(history.len() as i64),
                        Bound::AtMost(Value::Int(MAX_HISTORY as i64)),
                    ));
                }
                if let Some(bad) = history.iter().find(|r| **r <= Decimal::ZERO) {
                    return Err(Error::out_of_range(
                        risk("fx.history"),
                        Value::Decimal(*bad),
                        Bound::Positive,
                    ));
                }
                let changes = history.len() - 1;
                if *block == 0 || *block as usize > changes {
                    return Err(Error::out_of_range(
                        risk("fx.block"),
                        Value::Int(i64::from(*block)),
                        Bound::Between(1, changes as i64),
                    ));
                }
            }
        }
        Ok(())
    }

    /// The log-changes of a history (empty for a lognormal factor).
    pub(crate) fn log_changes(&self) -> Vec<f64> {
        match self {
            FxFactor::Lognormal { .. } => Vec::new(),
            FxFactor::History { history, .. } => history
                .windows(2)
                .map(|w| (w[1].to_f64().unwrap_or(f64::NAN) / w[0].to_f64().unwrap_or(f64::NAN)).ln())
                .collect(),
        }
    }
}

impl fmt::Display for FxFactor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: f64| Percent::new(x, Digits::Shortest);
        match self {
            FxFactor::Lognormal { vol, drift } => write!(
                f,
                "lognormal, annual log-change ~ Normal({} − σ²/2, σ = {})",
                pct(*drift),
                pct(*vol)
            ),
            FxFactor::History { history, block } => write!(
                f,
                "bootstrapped from {} annual log-changes of a history, blocks of {block} year{}",
                history.len() - 1,
                if *block == 1 { "" } else { "s" }
            ),
        }
    }
}

/// The interest-rate factor: a discrete Vasicek process
/// `x(t) = x(t−1) + speed·(level − x(t−1)) + vol·ε(t)`, from `start`
/// (default `level`) before the first year. Each year's shift
/// `x(t) − start` is added to the coupon of new borrowing, the rate of new
/// swap drawings and the stock's yield; debt already issued keeps its
/// coupon (fixed rate); the funding's discount rate is not shocked. A
/// shocked rate is floored at zero (at its unshocked value when that is
/// already negative).
///
/// ```
/// use disburse::risk::RateFactor;
/// let r: RateFactor = serde_json::from_str(r#"{"speed": 0.3, "level": 0.035, "vol": 0.01}"#)?;
/// assert_eq!(r.start, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct RateFactor {
    /// Mean-reversion speed per year, in [0, 1].
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    pub speed: f64,
    /// Long-run level, in (−1, 1).
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    pub level: f64,
    /// Annual volatility (≥ 0, at most 1).
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    pub vol: f64,
    /// The level before the first year; `level` if `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::input_serde::opt_rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::opt_rate"))]
    pub start: Option<f64>,
}

impl RateFactor {
    fn validate(&self) -> Result<()> {
        finite("rates.speed", self.speed)?;
        if !(0.0..=1.0).contains(&self.speed) {
            return Err(Error::out_of_range(
                risk("rates.speed"),
                Value::Float(self.speed),
                Bound::UnitInterval,
            ));
        }
        for (field, x) in [("rates.level", Some(self.level)), ("rates.start", self.start)] {
            if let Some(x) = x {
                finite(field, x)?;
                if x <= -1.0 || x >= 1.0 {
                    return Err(Error::out_of_range(risk(field), Value::Float(x), Bound::Between(-1, 1)));
                }
            }
        }
        non_negative("rates.vol", self.vol)?;
        if self.vol > 1.0 {
            return Err(Error::out_of_range(
                risk("rates.vol"),
                Value::Float(self.vol),
                Bound::AtMost(Value::Float(1.0)),
            ));
        }
        Ok(())
    }
}

/// The flow-growth factor: each year the flows of every `share_of_flow`
/// limit are multiplied by `e^ε`, ε ~ Normal(0, vol²), on top of their
/// stated growth (the shocks accumulate: a bad year stays in the level).
///
/// ```
/// use disburse::risk::GrowthFactor;
/// assert_eq!(serde_json::from_str::<GrowthFactor>(r#"{"vol": 0.02}"#)?.vol, 0.02);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct GrowthFactor {
    /// Annual volatility of the log-growth (≥ 0, at most 1).
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    pub vol: f64,
}

/// The correlation of the factors' shocks, in the order fx, rates, growth:
/// symmetric, unit diagonal, entries in [−1, 1], positive semi-definite.
/// With a bootstrapped FX factor the FX shock picks the block through its
/// normal CDF (a Gaussian copula), so the correlation holds in rank.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Correlation {
    matrix: [[f64; 3]; 3],
    /// Lower-triangular: `chol·chol' = matrix` (a zero column for a
    /// factor perfectly correlated with earlier ones).
    pub(crate) chol: [[f64; 3]; 3],
}

const IDENTITY: [[f64; 3]; 3] = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]];

const ENTRY: [[&str; 3]; 3] = [
    ["correlation[0][0]", "correlation[0][1]", "correlation[0][2]"],
    ["correlation[1][0]", "correlation[1][1]", "correlation[1][2]"],
    ["correlation[2][0]", "correlation[2][1]", "correlation[2][2]"],
];

const NOT_PSD: [&str; 3] = [
    "not positive semi-definite: the leading 1×1 block (fx) fails",
    "not positive semi-definite: the leading 2×2 block (fx, rates) fails its Cholesky step",
    "not positive semi-definite: the 3×3 matrix (fx, rates, growth) fails its Cholesky step",
];

impl Correlation {
    /// Validates `matrix` and factors it.
    pub(crate) fn new(matrix: [[f64; 3]; 3]) -> Result<Self> {
        for i in 0..3 {
            for j in 0..3 {
                let x = matrix[i][j];
                finite(ENTRY[i][j], x)?;
                if !(-1.0..=1.0).contains(&x) {
                    return Err(Error::out_of_range(
                        risk(ENTRY[i][j]),
                        Value::Float(x),
                        Bound::Between(-1, 1),
                    ));
                }
            }
            if matrix[i][i] != 1.0 {
                return Err(Error::out_of_range(
                    risk(ENTRY[i][i]),
                    Value::Float(matrix[i][i]),
                    Bound::Exactly(Value::Float(1.0)),
                ));
            }
            for j in 0..i {
                if (matrix[i][j] - matrix[j][i]).abs() > 1e-12 {
                    return Err(Error::Invalid {
                        what: risk(ENTRY[i][j]),
                        reason: "the correlation matrix must be symmetric",
                    });
                }
            }
        }
        // Cholesky for a positive semi-definite matrix: a pivot within
        // 1e-10 of zero gives a zero column, which the rest of that column
        // must match (within 1e-9).
        let mut l = [[0.0; 3]; 3];
        for j in 0..3 {
            let d = matrix[j][j] - (0..j).map(|k| l[j][k] * l[j][k]).sum::<f64>();
            if d < -1e-10 {
                return Err(Error::Invalid {
                    what: risk("correlation"),
                    reason: NOT_PSD[j],
                });
            }
            let pivot = if d <= 1e-10 { 0.0 } else { d.sqrt() };
            l[j][j] = pivot;
            for i in j + 1..3 {
                let v = matrix[i][j] - (0..j).map(|k| l[i][k] * l[j][k]).sum::<f64>();
                if pivot == 0.0 {
                    if v.abs() > 1e-9 {
                        return Err(Error::Invalid {
                            what: risk("correlation"),
                            reason: NOT_PSD[i],
                        });
                    }
                } else {
                    l[i][j] = v / pivot;
                }
            }
        }
        Ok(Correlation { matrix, chol: l })
    }

    /// The matrix as given.
    pub(crate) fn matrix(&self) -> [[f64; 3]; 3] {
        self.matrix
    }
}

/// A risk model: which inputs of the yearly engine are shocked and how,
/// the number of paths, the seed and the thresholds of the verdict under
/// risk. Every factor is optional; with none, every path is the
/// deterministic assessment.
///
/// Serialized as the `[risk]` section of a scenario file:
/// `{"paths": 100000, "seed": 7, "threshold": 0.05, "strained": 0.25,
/// "fx": {"vol": 0.1, "drift": 0.0}, "rates": {"speed": 0.3, "level":
/// 0.035, "vol": 0.01}, "growth": {"vol": 0.02}, "correlation": [[1, 0.3,
/// -0.2], [0.3, 1, 0], [-0.2, 0, 1]]}` (all fields optional; the
/// correlation's order is fx, rates, growth); validated on
/// deserialization.
///
/// ```
/// use disburse::risk::{FxFactor, RiskModel};
/// let m = RiskModel::new()
///     .paths(1_000)?
///     .seed(7)
///     .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })?
///     .correlation([[1.0, 0.3, 0.0], [0.3, 1.0, 0.0], [0.0, 0.0, 1.0]])?;
/// assert_eq!((m.path_count(), m.seed_value()), (1_000, 7));
/// assert!(RiskModel::new().paths(0).is_err());
/// assert!(RiskModel::new().correlation([[1.0, 0.9, 0.9], [0.9, 1.0, -0.9], [0.9, -0.9, 1.0]]).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "RiskModelData", into = "RiskModelData")]
pub struct RiskModel {
    pub(crate) paths: u64,
    pub(crate) seed: u64,
    pub(crate) threshold: f64,
    pub(crate) strained: f64,
    pub(crate) fx: Option<FxFactor>,
    pub(crate) rates: Option<RateFactor>,
    pub(crate) growth: Option<GrowthFactor>,
    pub(crate) correlation: Correlation,
    pub(crate) engine: Engine,
}

/// Which engine runs the paths.
///
/// Serialized as `"screened"` or `"exact"` (the `[risk]` section's
/// `engine` key, default `"screened"`).
///
/// ```
/// use disburse::risk::Engine;
/// assert_eq!(Engine::default(), Engine::Screened);
/// assert_eq!(Engine::Exact.to_string(), "exact");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Engine {
    /// The assessment compiled once into an integer program run on each
    /// path (no `Decimal`, no allocation), with the exact engine's
    /// roundings: breaches, deferrals and horizons are the exact
    /// engine's. A path the program cannot decide exactly, and every path
    /// of a configuration it does not support, runs on the exact engine
    /// (counted in [`PlanRisk::exact_paths`](super::PlanRisk::exact_paths)).
    /// With every volatility zero the exact engine runs.
    #[default]
    Screened,
    /// Every path on the `Decimal` yearly engine of
    /// [`Assessment::assess`](crate::affordability::Assessment::assess).
    Exact,
}

impl fmt::Display for Engine {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Engine::Screened => "screened",
            Engine::Exact => "exact",
        })
    }
}

fn is_screened(e: &Engine) -> bool {
    *e == Engine::Screened
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct RiskModelData {
    #[serde(default = "default_paths")]
    paths: u64,
    #[serde(default = "default_seed")]
    seed: u64,
    #[serde(default = "default_threshold")]
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    threshold: f64,
    #[serde(default = "default_strained")]
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    strained: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fx: Option<FxFactor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    rates: Option<RateFactor>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    growth: Option<GrowthFactor>,
    #[serde(default = "identity")]
    correlation: [[f64; 3]; 3],
    #[serde(default, skip_serializing_if = "is_screened")]
    engine: Engine,
}

fn default_paths() -> u64 {
    DEFAULT_PATHS
}
fn default_seed() -> u64 {
    DEFAULT_SEED
}
fn default_threshold() -> f64 {
    DEFAULT_THRESHOLD
}
fn default_strained() -> f64 {
    DEFAULT_STRAINED
}
fn identity() -> [[f64; 3]; 3] {
    IDENTITY
}

impl TryFrom<RiskModelData> for RiskModel {
    type Error = Error;
    fn try_from(d: RiskModelData) -> Result<Self> {
        let mut m = RiskModel::new()
            .paths(d.paths)?
            .seed(d.seed)
            .thresholds(d.threshold, d.strained)?
            .correlation(d.correlation)?
            .engine(d.engine);
        if let Some(fx) = d.fx {
            m = m.fx(fx)?;
        }
        if let Some(r) = d.rates {
            m = m.rates(r)?;
        }
        if let Some(g) = d.growth {
            m = m.growth(g)?;
        }
        Ok(m)
    }
}

impl From<RiskModel> for RiskModelData {
    fn from(m: RiskModel) -> Self {
        RiskModelData {
            paths: m.paths,
            seed: m.seed,
            threshold: m.threshold,
            strained: m.strained,
            fx: m.fx,
            rates: m.rates,
            growth: m.growth,
            correlation: m.correlation.matrix(),
            engine: m.engine,
        }
    }
}

impl Default for RiskModel {
    fn default() -> Self {
        RiskModel::new()
    }
}

impl RiskModel {
    /// No factor, [`DEFAULT_PATHS`] paths, [`DEFAULT_SEED`], the default
    /// thresholds, uncorrelated shocks.
    ///
    /// ```
    /// let m = disburse::risk::RiskModel::new();
    /// assert_eq!(m.path_count(), 10_000);
    /// ```
    pub fn new() -> Self {
        RiskModel {
            paths: DEFAULT_PATHS,
            seed: DEFAULT_SEED,
            threshold: DEFAULT_THRESHOLD,
            strained: DEFAULT_STRAINED,
            fx: None,
            rates: None,
            growth: None,
            correlation: Correlation {
                matrix: IDENTITY,
                chol: IDENTITY,
            },
            engine: Engine::Screened,
        }
    }

    /// Sets the engine (default [`Engine::Screened`]).
    ///
    /// ```
    /// use disburse::risk::{Engine, RiskModel};
    /// assert_eq!(RiskModel::new().engine(Engine::Exact).engine_kind(), Engine::Exact);
    /// ```
    pub fn engine(mut self, engine: Engine) -> Self {
        self.engine = engine;
        self
    }

    /// The engine.
    ///
    /// ```
    /// use disburse::risk::{Engine, RiskModel};
    /// assert_eq!(RiskModel::new().engine_kind(), Engine::Screened);
    /// ```
    pub fn engine_kind(&self) -> Engine {
        self.engine
    }

    /// Sets the number of paths.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] naming `risk.paths` for 0 or more than
    /// [`MAX_RISK_PATHS`].
    ///
    /// ```
    /// use disburse::risk::RiskModel;
    /// assert_eq!(RiskModel::new().paths(5)?.path_count(), 5);
    /// assert_eq!(RiskModel::new().paths(100_000_001).unwrap_err().to_string(),
    ///     "risk.paths is out of range: must be 1 to 100000000, got 100000001");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn paths(mut self, paths: u64) -> Result<Self> {
        if paths == 0 || paths > MAX_RISK_PATHS {
            return Err(Error::out_of_range(
                risk("paths"),
                Value::from(paths),
                Bound::Between(1, MAX_RISK_PATHS as i64),
            ));
        }
        self.paths = paths;
        Ok(self)
    }

    /// Sets the seed.
    ///
    /// ```
    /// assert_eq!(disburse::risk::RiskModel::new().seed(7).seed_value(), 7);
    /// ```
    pub fn seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets the thresholds of the verdict under risk: `affordable` when the
    /// probability of any breach is at most `threshold`, `strained` up to
    /// `strained`, `unaffordable` above. A verdict whose threshold lies
    /// within the 95% interval of the probability is reported as not
    /// settled ([`PlanRisk::settled`](super::PlanRisk::settled)), with
    /// about how many paths would settle it.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] naming `risk.threshold` or `risk.strained`
    /// for a value outside [0, 1] or `strained < threshold`.
    ///
    /// ```
    /// use disburse::risk::RiskModel;
    /// assert!(RiskModel::new().thresholds(0.01, 0.1).is_ok());
    /// assert!(RiskModel::new().thresholds(0.2, 0.1).is_err());
    /// ```
    pub fn thresholds(mut self, threshold: f64, strained: f64) -> Result<Self> {
        for (f, x) in [("threshold", threshold), ("strained", strained)] {
            finite(f, x)?;
            if !(0.0..=1.0).contains(&x) {
                return Err(Error::out_of_range(risk(f), Value::Float(x), Bound::UnitInterval));
            }
        }
        if strained < threshold {
            return Err(Error::out_of_range(
                risk("strained"),
                Value::Float(strained),
                Bound::AtLeast(Value::Float(threshold)),
            ));
        }
        self.threshold = threshold;
        self.strained = strained;
        Ok(self)
    }

    /// Sets the FX factor.
    ///
    /// # Errors
    /// A negative or non-finite volatility, a drift or volatility above 1,
    /// a history shorter than two years or with a rate that is not
    /// positive, a block outside 1 to the number of changes: typed errors
    /// naming the field (`risk.fx.vol`…).
    ///
    /// ```
    /// use disburse::risk::{FxFactor, RiskModel};
    /// assert!(RiskModel::new().fx(FxFactor::Lognormal { vol: -0.1, drift: 0.0 }).is_err());
    /// ```
    pub fn fx(mut self, fx: FxFactor) -> Result<Self> {
        fx.validate()?;
        self.fx = Some(fx);
        Ok(self)
    }

    /// Sets the interest-rate factor.
    ///
    /// # Errors
    /// Typed errors naming `risk.rates.speed`, `.level`, `.start` or `.vol`
    /// (see [`RateFactor`] for the ranges).
    ///
    /// ```
    /// use disburse::risk::{RateFactor, RiskModel};
    /// assert!(RiskModel::new().rates(RateFactor { speed: 2.0, level: 0.03, vol: 0.01, start: None }).is_err());
    /// ```
    pub fn rates(mut self, rates: RateFactor) -> Result<Self> {
        rates.validate()?;
        self.rates = Some(rates);
        Ok(self)
    }

    /// Sets the flow-growth factor.
    ///
    /// # Errors
    /// A negative, non-finite or above-1 volatility, naming
    /// `risk.growth.vol`.
    ///
    /// ```
    /// use disburse::risk::{GrowthFactor, RiskModel};
    /// assert!(RiskModel::new().growth(GrowthFactor { vol: f64::NAN }).is_err());
    /// ```
    pub fn growth(mut self, growth: GrowthFactor) -> Result<Self> {
        non_negative("growth.vol", growth.vol)?;
        if growth.vol > 1.0 {
            return Err(Error::out_of_range(
                risk("growth.vol"),
                Value::Float(growth.vol),
                Bound::AtMost(Value::Float(1.0)),
            ));
        }
        self.growth = Some(growth);
        Ok(self)
    }

    /// Sets the correlation of the shocks (order fx, rates, growth).
    ///
    /// # Errors
    /// An entry that is not finite or outside [−1, 1], a diagonal entry
    /// other than 1 ([`Error::OutOfRange`] naming `risk.correlation[i][j]`);
    /// an asymmetric matrix; a matrix that is not positive semi-definite
    /// ([`Error::Invalid`] naming `risk.correlation` and the leading block
    /// whose Cholesky step fails).
    ///
    /// ```
    /// use disburse::risk::RiskModel;
    /// let e = RiskModel::new().correlation([[1.0, 0.9, 0.9], [0.9, 1.0, -0.9], [0.9, -0.9, 1.0]]).unwrap_err();
    /// assert!(e.to_string().contains("3×3"));
    /// ```
    pub fn correlation(mut self, matrix: [[f64; 3]; 3]) -> Result<Self> {
        self.correlation = Correlation::new(matrix)?;
        Ok(self)
    }

    /// The number of paths.
    ///
    /// ```
    /// assert_eq!(disburse::risk::RiskModel::new().path_count(), 10_000);
    /// ```
    pub fn path_count(&self) -> u64 {
        self.paths
    }

    /// The seed.
    ///
    /// ```
    /// assert_eq!(disburse::risk::RiskModel::new().seed_value(), 2025);
    /// ```
    pub fn seed_value(&self) -> u64 {
        self.seed
    }

    /// The FX factor, if any.
    ///
    /// ```
    /// assert!(disburse::risk::RiskModel::new().fx_factor().is_none());
    /// ```
    pub fn fx_factor(&self) -> Option<&FxFactor> {
        self.fx.as_ref()
    }

    /// The rules of the model, one line each, as printed above a report.
    ///
    /// ```
    /// use disburse::risk::RiskModel;
    /// let lines = RiskModel::new().assumptions();
    /// assert!(lines[0].starts_with("10000 paths, seed 2025"));
    /// assert!(lines.iter().all(|l| l.chars().count() <= 100));
    /// ```
    pub fn assumptions(&self) -> Vec<String> {
        let pct = |x: f64| Percent::new(x, Digits::Shortest);
        let mut out = vec![format!(
            "{} paths, seed {} (ChaCha8, one stream per path: the same on any thread count)",
            self.paths, self.seed
        )];
        match &self.fx {
            Some(fx) => {
                out.push(format!("FX: {fx}"));
                out.push(format!(
                    "    around the FX path from the first outlay year; shocked rates rounded to {FX_DP} decimals"
                ));
            }
            None => out.push("FX: not shocked".to_string()),
        }
        match &self.rates {
            Some(r) => {
                out.push(format!(
                    "rates: Vasicek (speed {}, level {}, vol {}, from {}) shifts new bond and swap",
                    r.speed,
                    pct(r.level),
                    pct(r.vol),
                    pct(r.start.unwrap_or(r.level))
                ));
                out.push(
                    "    rates and the stock's yield, floored at 0; issued debt keeps its coupon; discount fixed"
                        .to_string(),
                );
            }
            None => out.push("rates: not shocked".to_string()),
        }
        match &self.growth {
            Some(g) => out.push(format!(
                "growth: share-of-flow flows times e^ε a year, ε ~ Normal(0, {}²), accumulated",
                pct(g.vol)
            )),
            None => out.push("growth: not shocked".to_string()),
        }
        let m = self.correlation.matrix();
        if m != IDENTITY {
            out.push(format!(
                "correlation: fx–rates {}, fx–growth {}, rates–growth {}",
                m[0][1], m[0][2], m[1][2]
            ));
        }
        out.push(format!(
            "verdict: affordable if P(any breach) ≤ {}, strained if ≤ {}, else unaffordable",
            pct(self.threshold),
            pct(self.strained)
        ));
        out
    }
}

/// Decimal places of a shocked FX rate (half-even).
pub(crate) const FX_DP: u32 = 6;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_of_a_hand_matrix() {
        // [[1, .5, 0], [.5, 1, 0], [0, 0, 1]]: L = [[1,0,0],[.5, √.75, 0],[0,0,1]].
        let c = Correlation::new([[1.0, 0.5, 0.0], [0.5, 1.0, 0.0], [0.0, 0.0, 1.0]]).unwrap();
        assert_eq!(c.chol[1][0], 0.5);
        assert!((c.chol[1][1] - 0.75f64.sqrt()).abs() < 1e-15);
        // Perfect correlation is semi-definite: a zero column.
        let p = Correlation::new([[1.0, 1.0, 0.0], [1.0, 1.0, 0.0], [0.0, 0.0, 1.0]]).unwrap();
        assert_eq!(p.chol[1], [1.0, 0.0, 0.0]);
        // det of [[1,.9,.9],[.9,1,-.9],[.9,-.9,1]] = 1 − .81·3 − 2·.729 < 0:
        // the 2×2 block is fine (1 − .81 > 0), the 3×3 fails.
        let e = Correlation::new([[1.0, 0.9, 0.9], [0.9, 1.0, -0.9], [0.9, -0.9, 1.0]]).unwrap_err();
        assert_eq!(
            e,
            Error::Invalid {
                what: Quantity::Risk("correlation"),
                reason: NOT_PSD[2]
            }
        );
        let e = Correlation::new([[1.0, 1.5, 0.0], [1.5, 1.0, 0.0], [0.0, 0.0, 1.0]]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "risk.correlation[0][1] is out of range: must be -1 to 1, got 1.5"
        );
        assert!(Correlation::new([[1.0, 0.5, 0.0], [0.4, 1.0, 0.0], [0.0, 0.0, 1.0]]).is_err());
    }

    #[test]
    fn validation_names_fields() {
        let e = RiskModel::new()
            .fx(FxFactor::History {
                history: vec![Decimal::ONE],
                block: 1,
            })
            .unwrap_err();
        assert_eq!(
            e.to_string(),
            "risk.fx.history is out of range: must be at least 2, got 1"
        );
        let e = RiskModel::new()
            .fx(FxFactor::Lognormal {
                vol: f64::INFINITY,
                drift: 0.0,
            })
            .unwrap_err();
        assert_eq!(e.to_string(), "risk.fx.vol inf is not a finite number");
        assert!(RiskModel::new().paths(0).is_err());
        let m: RiskModel =
            serde_json::from_str(r#"{"paths": 3, "fx": {"history": ["1100", "1180", "1150"]}}"#).unwrap();
        assert_eq!(m.fx.unwrap().log_changes().len(), 2);
        assert!(serde_json::from_str::<RiskModel>(r#"{"paths": 0}"#).is_err());
    }

    #[test]
    fn fx_factor_errors_name_the_field() {
        let err = |json: &str| serde_json::from_str::<FxFactor>(json).unwrap_err().to_string();
        assert!(err(r#"{"vol": 0.1, "drift": true}"#).starts_with("invalid type: boolean `true`, expected a rate"));
        assert!(err(r#"{"vol": "ten"}"#).starts_with("invalid rate `ten`"));
        assert!(err(r#"{"history": ["1100", "1,180"]}"#).starts_with("invalid number `1,180`"));
        assert!(err(r#"{"vol": 0.1, "history": ["1100", "1180"]}"#).starts_with("give either `vol` and `drift`"));
        assert!(err(r#"{"drift": 0.1}"#).starts_with("expected `vol` (and `drift`)"));
        assert!(err(r#"{"sigma": 0.1}"#).starts_with("unknown field `sigma`"));
        // Both shapes still read, with their defaults.
        assert_eq!(
            serde_json::from_str::<FxFactor>(r#"{"vol": "10%"}"#).unwrap(),
            FxFactor::Lognormal { vol: 0.1, drift: 0.0 }
        );
        assert_eq!(
            serde_json::from_str::<FxFactor>(r#"{"history": [1100, "1180.5"], "block": 2}"#).unwrap(),
            FxFactor::History {
                history: vec![rust_decimal_macros::dec!(1100), rust_decimal_macros::dec!(1180.5)],
                block: 2
            }
        );
    }
}
