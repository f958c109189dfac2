//! The settings of a comparison: how plans are valued
//! ([`ValuationSettings`], [`TimeBasis`], [`DEFAULT_RATES`]) and what they
//! are tested against ([`Assessment`](crate::affordability::Assessment)).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rates::{Compounding, Rate};
use crate::time::DayCount;
use crate::{Error, Quantity, Result};

/// The discount rates used when none are given: 3%, 4.5% and 8% a year
/// (illustrative assumptions, not sourced). Read by
/// [`ValuationSettings`]' deserialization, the command-line tool and the
/// examples.
///
/// ```
/// use disburse::compare::{DEFAULT_RATES, TimeBasis, ValuationSettings};
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let v = ValuationSettings::new(d, DEFAULT_RATES.to_vec(), TimeBasis::WholeYears)?;
/// assert_eq!(v.rates(), &[0.03, 0.045, 0.08]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub const DEFAULT_RATES: [f64; 3] = [0.03, 0.045, 0.08];

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
    /// [`present_value_whole_periods`](crate::valuation::present_value_whole_periods)).
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
/// "basis": "whole_years" }`; `rates` defaults to [`DEFAULT_RATES`].
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
    DEFAULT_RATES.to_vec()
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
            Rate::new(Quantity::ValuationRate, *r)?;
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
