//! Settings of the root finder.

use serde::{Deserialize, Serialize};

use crate::{Bound, Error, Quantity, Result, Value};

/// Settings of the root finder.
///
/// By default the search covers the **whole domain** of rates, `−1 < r < ∞`
/// (annual for XIRR, per period for IRR): the solver bounds the roots from
/// the flows themselves, so no root is left out. `lower` and `upper` narrow
/// it; a root exactly on a given bound is included.
///
/// ```
/// use disburse::valuation::SolverSettings;
///
/// let s = SolverSettings::default();
/// assert_eq!((s.tolerance, s.max_iterations, s.lower, s.upper), (1e-12, 100, None, None));
/// assert!(s.validate().is_ok());
/// assert!(SolverSettings { lower: Some(-1.0), ..s }.validate().is_err());
/// assert!(SolverSettings::between(0.0, 0.5).validate().is_ok());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "SolverSettingsData", into = "SolverSettingsData")]
pub struct SolverSettings {
    /// Convergence tolerance: a root `r` is known when `ln(1 + r)` is known
    /// to within `tolerance`, i.e. `1 + r` to within `tolerance` relative
    /// (about `tolerance × max(1, |r|)` in `r` for `r ≥ 0`, and tighter
    /// than that below zero). Default `1e-12`.
    pub tolerance: f64,
    /// Iterations allowed per root. Default 100.
    pub max_iterations: u32,
    /// Lowest rate searched, above −1 (−100%). Default `None`: no bound
    /// but −1 itself.
    pub lower: Option<f64>,
    /// Highest rate searched. Default `None`: no bound.
    pub upper: Option<f64>,
}

impl Default for SolverSettings {
    fn default() -> Self {
        SolverSettings {
            tolerance: 1e-12,
            max_iterations: 100,
            lower: None,
            upper: None,
        }
    }
}

impl SolverSettings {
    /// The default settings with the search narrowed to `[lower, upper]`.
    ///
    /// ```
    /// use disburse::valuation::SolverSettings;
    /// let s = SolverSettings::between(-0.5, 2.0);
    /// assert_eq!((s.lower, s.upper), (Some(-0.5), Some(2.0)));
    /// ```
    pub fn between(lower: f64, upper: f64) -> Self {
        SolverSettings {
            lower: Some(lower),
            upper: Some(upper),
            ..SolverSettings::default()
        }
    }

    /// Checks the settings: all given values finite, `−1 < lower < upper`,
    /// `upper > −1`, `tolerance > 0`, `max_iterations ≥ 1`.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a NaN or infinite value,
    /// [`Error::InvalidRate`] for a bound at or below −1,
    /// [`Error::SolverBounds`] for `upper ≤ lower`, [`Error::OutOfRange`] for
    /// a tolerance that is not positive or zero iterations.
    ///
    /// ```
    /// use disburse::valuation::SolverSettings;
    /// let err = SolverSettings::between(0.5, 0.1).validate().unwrap_err();
    /// assert_eq!(err.to_string(), "solver bounds is out of range: upper bound 0.1 must exceed lower bound 0.5");
    /// ```
    pub fn validate(&self) -> Result<()> {
        let bounds = [(Quantity::LowerBound, self.lower), (Quantity::UpperBound, self.upper)];
        for (what, value) in [(Quantity::SolverTolerance, Some(self.tolerance))]
            .into_iter()
            .chain(bounds.clone())
        {
            if let Some(value) = value.filter(|v| !v.is_finite()) {
                return Err(Error::NonFinite { what, value });
            }
        }
        if self.tolerance <= 0.0 {
            return Err(Error::out_of_range(
                Quantity::SolverTolerance,
                self.tolerance,
                Bound::Positive,
            ));
        }
        if self.max_iterations == 0 {
            return Err(Error::out_of_range(
                Quantity::SolverIterations,
                self.max_iterations,
                Bound::AtLeast(Value::Int(1)),
            ));
        }
        for (what, value) in bounds {
            if let Some(rate) = value.filter(|v| *v <= -1.0) {
                return Err(Error::InvalidRate {
                    what,
                    rate: Value::Float(rate),
                    bound: Bound::AboveMinusOne,
                });
            }
        }
        if let (Some(lower), Some(upper)) = (self.lower, self.upper) {
            if upper <= lower {
                return Err(Error::SolverBounds { lower, upper });
            }
        }
        Ok(())
    }

    /// The searched range in `x = ln(1 + r)`: `(−∞, ∞)` without bounds.
    pub(crate) fn log_range(&self) -> (f64, f64) {
        (
            self.lower.map_or(f64::NEG_INFINITY, f64::ln_1p),
            self.upper.map_or(f64::INFINITY, f64::ln_1p),
        )
    }
}

/// Serialized form of [`SolverSettings`]: missing fields take their defaults
/// (no bound for `lower` and `upper`).
#[derive(Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
struct SolverSettingsData {
    tolerance: f64,
    max_iterations: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    lower: Option<f64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    upper: Option<f64>,
}

impl Default for SolverSettingsData {
    fn default() -> Self {
        SolverSettings::default().into()
    }
}

impl From<SolverSettings> for SolverSettingsData {
    fn from(s: SolverSettings) -> Self {
        SolverSettingsData {
            tolerance: s.tolerance,
            max_iterations: s.max_iterations,
            lower: s.lower,
            upper: s.upper,
        }
    }
}

impl TryFrom<SolverSettingsData> for SolverSettings {
    type Error = Error;

    fn try_from(d: SolverSettingsData) -> Result<Self> {
        let s = SolverSettings {
            tolerance: d.tolerance,
            max_iterations: d.max_iterations,
            lower: d.lower,
            upper: d.upper,
        };
        s.validate()?;
        Ok(s)
    }
}
