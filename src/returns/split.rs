//! [`Split`]: how one phase of the waterfall divides a project flow
//! between investor and host.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Error, Money, Result, allocate};

/// How one phase of the waterfall divides a project flow: the investor's
/// and the host's shares as fractions (`0.5` for 50%), each in `[0, 1]`,
/// summing to exactly 1.
///
/// Serialized as `{"investor": "0.5", "host": "0.5"}`, validated on
/// deserialization.
///
/// ```
/// use disburse::returns::Split;
/// use disburse::Error;
/// use rust_decimal_macros::dec;
///
/// let s = Split::new(dec!(0.1), dec!(0.9))?;
/// assert_eq!((s.investor(), s.host()), (dec!(0.1), dec!(0.9)));
/// assert_eq!(Split::from_percent(dec!(10), dec!(90))?, s);
/// assert_eq!(s.to_string(), "10:90");
/// let err = Split::new(dec!(0.5), dec!(0.6)).unwrap_err();
/// assert!(matches!(err, Error::InvalidSplit { .. }));
/// assert_eq!(err.to_string(), "invalid profit split: shares 0.5 (investor) and 0.6 (host) sum to 1.1, not to 100%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "SplitData", into = "SplitData")]
pub struct Split {
    investor: Decimal,
    host: Decimal,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub(super) struct SplitData {
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    pub(super) investor: Decimal,
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    pub(super) host: Decimal,
}

impl TryFrom<SplitData> for Split {
    type Error = Error;
    fn try_from(d: SplitData) -> Result<Self> {
        Split::in_phase("profit", d.investor, d.host)
    }
}

impl From<Split> for SplitData {
    fn from(s: Split) -> Self {
        SplitData {
            investor: s.investor,
            host: s.host,
        }
    }
}

impl Split {
    /// A split giving the fraction `investor` to the investor and `host` to
    /// the host.
    ///
    /// # Errors
    /// [`Error::InvalidSplit`] when a share is negative or the shares do not
    /// sum to exactly 1.
    ///
    /// ```
    /// use disburse::returns::Split;
    /// use rust_decimal_macros::dec;
    ///
    /// assert!(Split::new(dec!(0.5), dec!(0.5)).is_ok());
    /// assert!(Split::new(dec!(1.1), dec!(-0.1)).is_err());
    /// ```
    pub fn new(investor: Decimal, host: Decimal) -> Result<Split> {
        Split::in_phase("profit", investor, host)
    }

    /// A split given in percent (`50`, `50`).
    ///
    /// # Errors
    /// As [`Split::new`]: the percentages must be non-negative and sum to
    /// exactly 100.
    ///
    /// ```
    /// use disburse::returns::Split;
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Split::from_percent(dec!(50), dec!(50))?.investor(), dec!(0.5));
    /// assert!(Split::from_percent(dec!(50), dec!(40)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_percent(investor: Decimal, host: Decimal) -> Result<Split> {
        let hundred = Decimal::ONE_HUNDRED;
        let fraction = |p: Decimal| {
            p.checked_div(hundred)
                .ok_or_else(|| Error::overflow("percent to fraction"))
        };
        Split::new(fraction(investor)?, fraction(host)?)
    }

    /// An even split, 50:50.
    ///
    /// ```
    /// use disburse::returns::Split;
    /// assert_eq!(Split::even().to_string(), "50:50");
    /// ```
    pub fn even() -> Split {
        Split {
            investor: Decimal::new(5, 1),
            host: Decimal::new(5, 1),
        }
    }

    /// 10:90, investor:host.
    pub(super) fn ninety_to_host() -> Split {
        Split {
            investor: Decimal::new(1, 1),
            host: Decimal::new(9, 1),
        }
    }

    /// Validates a split of `phase`.
    pub(super) fn in_phase(phase: &'static str, investor: Decimal, host: Decimal) -> Result<Split> {
        let negative = |share: Decimal| share.is_sign_negative() && !share.is_zero();
        if negative(investor) || negative(host) || investor.checked_add(host) != Some(Decimal::ONE) {
            // The message says which rule the shares break.
            return Err(Error::InvalidSplit { phase, investor, host });
        }
        Ok(Split {
            investor: investor.normalize(),
            host: host.normalize(),
        })
    }

    /// The investor's share, a fraction in `[0, 1]`.
    ///
    /// ```
    /// use disburse::returns::Split;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Split::even().investor(), dec!(0.5));
    /// ```
    pub fn investor(&self) -> Decimal {
        self.investor
    }

    /// The host's share, a fraction in `[0, 1]`.
    ///
    /// ```
    /// use disburse::returns::Split;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Split::even().host(), dec!(0.5));
    /// ```
    pub fn host(&self) -> Decimal {
        self.host
    }

    /// Divides `flow` into the investor's and the host's parts with
    /// [`allocate`](crate::allocate); they sum exactly to `flow`.
    pub(super) fn divide(&self, flow: Money) -> Result<(Money, Money)> {
        let parts = allocate(flow, &[self.investor, self.host])?;
        match parts.as_slice() {
            [investor, host] => Ok((*investor, *host)),
            _ => Err(Error::overflow("profit split")),
        }
    }
}

impl fmt::Display for Split {
    /// The shares in percent, investor first: `50:50`, `10:90`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: Decimal| (x * Decimal::ONE_HUNDRED).normalize();
        write!(f, "{}:{}", pct(self.investor), pct(self.host))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serde_round_trips() {
        let s: Split = serde_json::from_str(r#"{"investor":"0.25","host":"0.75"}"#).unwrap();
        assert_eq!(s.to_string(), "25:75");
        assert!(serde_json::from_str::<Split>(r#"{"investor":"0.25","host":"0.7"}"#).is_err());
    }
}
