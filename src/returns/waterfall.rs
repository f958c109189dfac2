//! [`Waterfall`]: the terms of return sharing — the split before and after
//! the investor recovers, the deemed rate, the review horizon.

use serde::{Deserialize, Serialize};

use super::split::{Split, SplitData};
use crate::rates::Rate;
use crate::{Error, Quantity, Result};

/// The return-sharing waterfall: one split until the investor has recovered
/// its principal plus deemed interest, another afterwards, and an optional
/// review horizon.
///
/// Invariants, checked by [`Waterfall::new`] and on deserialization: the
/// splits are valid (an [`Error::InvalidSplit`] names the phase), the
/// deemed rate is finite and above −100%, and review years, if given, are
/// at least 1.
///
/// Serialized as `{"before_recovery": {...}, "after_recovery": {...},
/// "deemed_rate": 0.04, "review_years": 20}` (`review_years` may be
/// omitted or null).
///
/// ```
/// use disburse::returns::{Split, Waterfall};
/// use disburse::Error;
/// use rust_decimal_macros::dec;
///
/// let korea = Waterfall::korea_us_2025(0.04)?;
/// assert_eq!(korea.after_recovery(), Split::new(dec!(0.1), dec!(0.9))?);
/// assert_eq!(korea.review_years(), Some(20));
/// let json = r#"{"before_recovery": {"investor": "0.5", "host": "0.5"},
///                "after_recovery": {"investor": "0.1", "host": "0.8"},
///                "deemed_rate": 0.04}"#;
/// let err = serde_json::from_str::<Waterfall>(json).unwrap_err();
/// assert!(err.to_string().contains("invalid after-recovery split"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "WaterfallData", into = "WaterfallData")]
pub struct Waterfall {
    before_recovery: Split,
    after_recovery: Split,
    deemed_rate: f64,
    review_years: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct WaterfallData {
    before_recovery: SplitData,
    after_recovery: SplitData,
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    deemed_rate: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    review_years: Option<u32>,
}

impl TryFrom<WaterfallData> for Waterfall {
    /// The error's message, its field first
    /// ([`field_message`](crate::input_serde::field_message)) when it is
    /// about one.
    type Error = String;
    fn try_from(d: WaterfallData) -> std::result::Result<Self, String> {
        let named = |e: Error| {
            let field = match &e {
                Error::InvalidRate {
                    what: Quantity::DeemedRate,
                    ..
                } => Some("deemed_rate"),
                Error::ZeroCount {
                    what: Quantity::ReviewYears,
                } => Some("review_years"),
                _ => None,
            };
            crate::input_serde::field_message(&e, field)
        };
        let phase = |field: &'static str| move |e: Error| crate::input_serde::field_message(&e, Some(field));
        let before = Split::in_phase("before-recovery", d.before_recovery.investor, d.before_recovery.host)
            .map_err(phase("before_recovery"))?;
        let after = Split::in_phase("after-recovery", d.after_recovery.investor, d.after_recovery.host)
            .map_err(phase("after_recovery"))?;
        Waterfall::new(before, after, d.deemed_rate, d.review_years).map_err(named)
    }
}

impl From<Waterfall> for WaterfallData {
    fn from(w: Waterfall) -> Self {
        WaterfallData {
            before_recovery: w.before_recovery.into(),
            after_recovery: w.after_recovery.into(),
            deemed_rate: w.deemed_rate,
            review_years: w.review_years,
        }
    }
}

impl Waterfall {
    /// A waterfall sharing project flows by `before_recovery` until the
    /// investor has recovered its outlays plus deemed interest at
    /// `deemed_rate` (annual compounding, Act/365F), then by
    /// `after_recovery`; `review_years` is the horizon from the first outlay
    /// within which recovery is expected (the Korea–US 20-year clause).
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a deemed rate that
    /// is not finite or at or below −100%; [`Error::ZeroCount`] for review
    /// years of zero.
    ///
    /// ```
    /// use disburse::returns::{Split, Waterfall};
    /// use rust_decimal_macros::dec;
    ///
    /// let w = Waterfall::new(Split::even(), Split::from_percent(dec!(10), dec!(90))?, 0.045, Some(20))?;
    /// assert_eq!(w.deemed_rate(), 0.045);
    /// assert!(Waterfall::new(Split::even(), Split::even(), -1.0, None).is_err());
    /// assert!(Waterfall::new(Split::even(), Split::even(), f64::INFINITY, None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        before_recovery: Split,
        after_recovery: Split,
        deemed_rate: f64,
        review_years: Option<u32>,
    ) -> Result<Waterfall> {
        Rate::new(Quantity::DeemedRate, deemed_rate)?;
        if review_years == Some(0) {
            return Err(Error::ZeroCount {
                what: Quantity::ReviewYears,
            });
        }
        Ok(Waterfall {
            before_recovery,
            after_recovery,
            deemed_rate,
            review_years,
        })
    }

    /// The Korea–US split of 2025: 50:50 until Korea recovers principal
    /// plus deemed interest, then 10:90 (Korea:US) (Asia Economy,
    /// 2025-10-29; MBC, 2025-11-14), with the 20-year review clause
    /// (Newspim, 2025-11-14). The deemed rate is not public: it is the
    /// caller's assumption.
    ///
    /// # Errors
    /// As [`Waterfall::new`] for the deemed rate.
    ///
    /// ```
    /// use disburse::returns::Waterfall;
    /// let w = Waterfall::korea_us_2025(0.04)?;
    /// assert_eq!((w.before_recovery().to_string(), w.after_recovery().to_string()), ("50:50".into(), "10:90".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn korea_us_2025(deemed_rate: f64) -> Result<Waterfall> {
        Waterfall::new(Split::even(), Split::ninety_to_host(), deemed_rate, Some(20))
    }

    /// The Japan–US split of 2025: 50:50 until Japan recovers its deemed
    /// allocation (principal plus deemed interest), then 90% to the US, i.e.
    /// 10:90 (Japan:US) (CSIS; St. Louis Fed, 2025-11). No review clause is
    /// reported. The deemed rate — reported as six-month SOFR (about 4%)
    /// plus a project spread (Katz, 2025-09) — is the caller's assumption.
    ///
    /// # Errors
    /// As [`Waterfall::new`] for the deemed rate.
    ///
    /// ```
    /// use disburse::returns::Waterfall;
    /// let w = Waterfall::japan_us_2025(0.045)?;
    /// assert_eq!(w.after_recovery().to_string(), "10:90");
    /// assert_eq!(w.review_years(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn japan_us_2025(deemed_rate: f64) -> Result<Waterfall> {
        Waterfall::new(Split::even(), Split::ninety_to_host(), deemed_rate, None)
    }

    /// The split before recovery.
    ///
    /// ```
    /// use disburse::returns::{Split, Waterfall};
    /// assert_eq!(Waterfall::korea_us_2025(0.0)?.before_recovery(), Split::even());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn before_recovery(&self) -> Split {
        self.before_recovery
    }

    /// The split after recovery.
    ///
    /// ```
    /// use disburse::returns::Waterfall;
    /// assert_eq!(Waterfall::korea_us_2025(0.0)?.after_recovery().to_string(), "10:90");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn after_recovery(&self) -> Split {
        self.after_recovery
    }

    /// The annual deemed interest rate on the unrecovered balance.
    ///
    /// ```
    /// use disburse::returns::Waterfall;
    /// assert_eq!(Waterfall::korea_us_2025(0.04)?.deemed_rate(), 0.04);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deemed_rate(&self) -> f64 {
        self.deemed_rate
    }

    /// The review horizon in years from the first outlay, if any.
    ///
    /// ```
    /// use disburse::returns::Waterfall;
    /// assert_eq!(Waterfall::korea_us_2025(0.04)?.review_years(), Some(20));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn review_years(&self) -> Option<u32> {
        self.review_years
    }
}

#[cfg(test)]
mod tests {
    /// Read from a document, a check names its field first.
    #[test]
    fn document_errors_name_their_field() {
        let doc = |deemed: &str, review: &str| {
            format!(
                r#"{{"before_recovery":{{"investor":"0.5","host":"0.5"}},"after_recovery":{{"investor":"0.1","host":"0.9"}},"deemed_rate":{deemed},"review_years":{review}}}"#
            )
        };
        for (json, message) in [
            (
                doc("-1.5", "20"),
                "field `deemed_rate`: invalid rate -1.5: deemed rate must be above -100%",
            ),
            (
                doc("0.04", "0"),
                "field `review_years`: review years must be at least 1",
            ),
        ] {
            let e = serde_json::from_str::<Waterfall>(&json).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
    }

    use super::*;

    #[test]
    fn serde_round_trips() {
        let w = Waterfall::korea_us_2025(0.04).unwrap();
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(
            json,
            r#"{"before_recovery":{"investor":"0.5","host":"0.5"},"after_recovery":{"investor":"0.1","host":"0.9"},"deemed_rate":0.04,"review_years":20}"#
        );
        assert_eq!(serde_json::from_str::<Waterfall>(&json).unwrap(), w);
    }
}
