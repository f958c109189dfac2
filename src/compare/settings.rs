//! The settings of a comparison: how plans are valued
//! ([`ValuationSettings`], [`TimeBasis`], [`DEFAULT_RATES`]) and what they
//! are tested against ([`Assessment`](crate::affordability::Assessment)).

use std::fmt;

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
/// **The default, for the library and the command line alike, is
/// [`TimeBasis::DEFAULT`]: dated, Act/365F year fractions from the
/// valuation date, annual compounding** — Excel's XNPV convention, and the
/// one of [`xirr`](crate::valuation::xirr),
/// [`break_even_rate`](crate::valuation::break_even_rate) and the
/// waterfall's net PV. [`TimeBasis::WholeYears`] is the spreadsheet
/// `NPV` convention, on request. Every comparison and sensitivity output
/// states its basis ([`TimeBasis`]'s `Display`).
///
/// ```
/// use disburse::compare::TimeBasis;
/// use disburse::rates::Compounding;
/// use disburse::time::DayCount;
/// assert_eq!(TimeBasis::default(), TimeBasis::Dated { day_count: DayCount::Actual365Fixed, compounding: Compounding::ANNUAL });
/// assert_eq!(TimeBasis::default().to_string(), "dated, Act/365F from the valuation date, annual compounding");
/// assert_eq!(TimeBasis::WholeYears.to_string(), "whole years from the valuation date, annual compounding");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum TimeBasis {
    /// `(1 + r)^k`, k the whole years elapsed since the valuation date (the
    /// spreadsheet convention; see
    /// [`present_value_whole_periods`](crate::valuation::present_value_whole_periods)).
    WholeYears,
    /// A year fraction by a day count, with a compounding.
    Dated {
        /// Day count of the year fractions.
        day_count: DayCount,
        /// Compounding of the rates.
        compounding: Compounding,
    },
}

impl TimeBasis {
    /// The default basis: dated, Act/365F, annual compounding.
    ///
    /// ```
    /// use disburse::compare::TimeBasis;
    /// assert_eq!(TimeBasis::DEFAULT, TimeBasis::default());
    /// ```
    pub const DEFAULT: TimeBasis = TimeBasis::Dated {
        day_count: DayCount::Actual365Fixed,
        compounding: Compounding::ANNUAL,
    };
}

impl Default for TimeBasis {
    fn default() -> Self {
        TimeBasis::DEFAULT
    }
}

impl fmt::Display for TimeBasis {
    /// `whole years from the valuation date, annual compounding`, or
    /// `dated, <day count> from the valuation date, <compounding>`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TimeBasis::WholeYears => f.write_str("whole years from the valuation date, annual compounding"),
            TimeBasis::Dated { day_count, compounding } => {
                let c = compounding.to_string();
                if c.starts_with("compounded") {
                    write!(f, "dated, {day_count} from the valuation date, {c}")
                } else {
                    write!(f, "dated, {day_count} from the valuation date, {c} compounding")
                }
            }
        }
    }
}

/// The discount rates and conventions of a comparison, and optionally the
/// two parties' own discount rates.
///
/// Serialized as `{ "date": "2026-01-01", "rates": [0.03, 0.045, 0.08],
/// "basis": "whole_years", "payer_rate": 0.05, "recipient_rate": 0.03 }`;
/// `rates` defaults to [`DEFAULT_RATES`], `basis` to
/// [`TimeBasis::DEFAULT`]; `payer_rate` and `recipient_rate` (the
/// two-party view, see [`with_parties`](Self::with_parties)) are optional
/// but go together.
///
/// ```
/// use disburse::compare::ValuationSettings;
/// let v: ValuationSettings = serde_json::from_str(r#"{"date": "2026-01-01"}"#)?;
/// assert_eq!(v.rates(), &[0.03, 0.045, 0.08]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "ValuationSettingsData", into = "ValuationSettingsData")]
pub struct ValuationSettings {
    date: NaiveDate,
    rates: Vec<f64>,
    basis: TimeBasis,
    parties: Option<PartyRates>,
}

/// The discount rates of the two parties of a commitment: the payer's (its
/// cost of funds) and the recipient's. See
/// [`ValuationSettings::with_parties`].
///
/// ```
/// use disburse::compare::PartyRates;
/// let p = PartyRates { payer_rate: 0.05, recipient_rate: 0.03 };
/// assert_eq!(p.payer_rate, 0.05);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct PartyRates {
    /// The payer's discount rate (annual, per the basis).
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    pub payer_rate: f64,
    /// The recipient's discount rate (annual, per the basis).
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    pub recipient_rate: f64,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct ValuationSettingsData {
    date: NaiveDate,
    #[serde(default = "default_rates")]
    #[serde(deserialize_with = "crate::input_serde::rates")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rates"))]
    rates: Vec<f64>,
    #[serde(default)]
    basis: TimeBasis,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::input_serde::opt_rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::opt_rate"))]
    payer_rate: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[serde(deserialize_with = "crate::input_serde::opt_rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::opt_rate"))]
    recipient_rate: Option<f64>,
}

fn default_rates() -> Vec<f64> {
    DEFAULT_RATES.to_vec()
}

impl TryFrom<ValuationSettingsData> for ValuationSettings {
    /// The error's message, its field first
    /// ([`field_message`](crate::input_serde::field_message)) when it is
    /// about one.
    type Error = String;
    fn try_from(d: ValuationSettingsData) -> std::result::Result<Self, String> {
        let rates = d.rates.clone();
        let field = |e: &Error| -> Option<String> {
            let what = match e {
                Error::InvalidRate { what, .. } | Error::Invalid { what, .. } => what,
                Error::Empty {
                    what: Quantity::ValuationRates,
                } => return Some("rates".into()),
                _ => return None,
            };
            match what {
                Quantity::PayerRate => Some("payer_rate".into()),
                Quantity::RecipientRate => Some("recipient_rate".into()),
                Quantity::ValuationRate => rates
                    .iter()
                    .position(|r| Rate::new(Quantity::ValuationRate, *r).is_err())
                    .map(|i| format!("rates[{i}]")),
                _ => None,
            }
        };
        Self::from_data(d).map_err(|e| crate::input_serde::field_message(&e, field(&e).as_deref()))
    }
}

impl ValuationSettings {
    fn from_data(d: ValuationSettingsData) -> Result<Self> {
        let v = ValuationSettings::new(d.date, d.rates, d.basis)?;
        match (d.payer_rate, d.recipient_rate) {
            (Some(p), Some(r)) => v.with_parties(p, r),
            (None, None) => Ok(v),
            (Some(_), None) => Err(Error::Invalid {
                what: Quantity::RecipientRate,
                reason: "missing: give `recipient_rate` with `payer_rate`",
            }),
            (None, Some(_)) => Err(Error::Invalid {
                what: Quantity::PayerRate,
                reason: "missing: give `payer_rate` with `recipient_rate`",
            }),
        }
    }
}

impl From<ValuationSettings> for ValuationSettingsData {
    fn from(v: ValuationSettings) -> Self {
        ValuationSettingsData {
            date: v.date,
            rates: v.rates,
            basis: v.basis,
            payer_rate: v.parties.map(|p| p.payer_rate),
            recipient_rate: v.parties.map(|p| p.recipient_rate),
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
        Ok(ValuationSettings {
            date,
            rates,
            basis,
            parties: None,
        })
    }

    /// The same settings with the two-party view: each plan is also valued
    /// at the payer's rate (its cost of funds: what the plan costs the
    /// payer) and at the recipient's (what it is worth to the recipient),
    /// on the same date and basis, and
    /// [`compare`](super::compare) reports the **negotiation zone**: the
    /// upfront amounts U both prefer to the plan. The payer prefers paying
    /// U now iff U ≤ its cost; the recipient prefers receiving U iff U ≥
    /// its value; so the zone is [value to recipient, cost to payer],
    /// empty when the value exceeds the cost. For payments after the
    /// valuation date that is when the payer's rate exceeds the
    /// recipient's: deferral is then worth more to the payer than it costs
    /// the recipient, and no upfront amount beats the schedule for both.
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a rate that is not finite or at or below
    /// −100%, naming the payer's or the recipient's rate.
    ///
    /// ```
    /// use disburse::compare::{TimeBasis, ValuationSettings};
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let v = ValuationSettings::new(d, vec![0.045], TimeBasis::default())?.with_parties(0.03, 0.08)?;
    /// assert_eq!((v.parties().unwrap().payer_rate, v.parties().unwrap().recipient_rate), (0.03, 0.08));
    /// assert!(ValuationSettings::new(d, vec![0.045], TimeBasis::default())?.with_parties(f64::NAN, 0.03).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_parties(self, payer_rate: f64, recipient_rate: f64) -> Result<Self> {
        Rate::new(Quantity::PayerRate, payer_rate)?;
        Rate::new(Quantity::RecipientRate, recipient_rate)?;
        Ok(ValuationSettings {
            parties: Some(PartyRates {
                payer_rate,
                recipient_rate,
            }),
            ..self
        })
    }

    /// The payer's and recipient's rates, when the two-party view is asked
    /// for.
    ///
    /// ```
    /// use disburse::compare::{TimeBasis, ValuationSettings};
    /// let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// assert!(ValuationSettings::new(d, vec![0.05], TimeBasis::default())?.parties().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn parties(&self) -> Option<PartyRates> {
        self.parties
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Read from a document, a check names its field first (a rate of the
    /// list by its index).
    #[test]
    fn document_errors_name_their_field() {
        for (doc, message) in [
            (
                r#"{"date":"2026-01-01","rates":[0.03,-1.5]}"#,
                "field `rates[1]`: invalid rate -1.5: valuation rate must be above -100%",
            ),
            (
                r#"{"date":"2026-01-01","payer_rate":-2,"recipient_rate":0.03}"#,
                "field `payer_rate`: invalid rate -2: payer rate must be above -100%",
            ),
            (
                r#"{"date":"2026-01-01","rates":[]}"#,
                "field `rates`: valuation rates is empty",
            ),
            (
                r#"{"date":"2026-01-01","payer_rate":0.05}"#,
                "field `recipient_rate`: recipient rate is out of range: missing",
            ),
        ] {
            let e = serde_json::from_str::<ValuationSettings>(doc).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
    }
}
