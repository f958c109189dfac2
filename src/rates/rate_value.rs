//! [`Rate`]: an annual rate that is finite and above −100%.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::{Bound, Error, Quantity, Result, Value};

/// An annual rate as a fraction (`0.045` for 4.5%), checked once to be a
/// finite number above −100%.
///
/// Every input the crate takes in that sense (discount rates, coupons,
/// yields, growth rates, a waterfall's deemed rate) goes through
/// [`Rate::new`], so a bad rate always answers with the same error,
/// [`Error::InvalidRate`], naming the [`Quantity`] at fault.
///
/// It parses from `0.045` or `4.5%`, serializes as the plain number and
/// deserializes through [`TryFrom<f64>`], so files keep their format and a
/// bad rate in one is rejected with the typed error.
///
/// ```
/// use disburse::rates::Rate;
///
/// let r: Rate = "4.5%".parse()?;
/// assert_eq!(r.value(), 0.045);
/// assert_eq!("0.045".parse::<Rate>()?, r);
/// assert_eq!("-0.5%".parse::<Rate>()?.value(), -0.005);
/// assert_eq!(Rate::try_from(0.03)?.to_string(), "0.03");
///
/// let err = Rate::try_from(-1.0).unwrap_err();
/// assert_eq!(err.to_string(), "invalid rate -1: must be above -100%");
/// assert!(Rate::try_from(f64::NAN).is_err());
///
/// assert_eq!(serde_json::to_string(&r)?, "0.045");
/// assert!(serde_json::from_str::<Rate>("-2").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize)]
#[serde(into = "f64")]
pub struct Rate(f64);

impl<'de> Deserialize<'de> for Rate {
    /// A number (`0.045`) or a string (`"0.045"`, `"4.5%"`), checked as
    /// [`Rate::try_from`].
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Rate, D::Error> {
        let value = crate::input_serde::rate(d)?;
        Rate::try_from(value).map_err(serde::de::Error::custom)
    }
}

#[cfg(feature = "scenario")]
impl schemars::JsonSchema for Rate {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Rate".into()
    }

    fn json_schema(g: &mut schemars::SchemaGenerator) -> schemars::Schema {
        crate::input_serde::schema::rate(g)
    }
}

impl Rate {
    /// A rate of zero.
    ///
    /// ```
    /// assert_eq!(disburse::rates::Rate::ZERO.value(), 0.0);
    /// ```
    pub const ZERO: Rate = Rate(0.0);

    /// The rate `value`, checked as the input `what`.
    ///
    /// # Errors
    /// [`Error::InvalidRate`] naming `what`, with [`Bound::Finite`] for NaN
    /// or infinity and [`Bound::AboveMinusOne`] at or below −100%.
    ///
    /// ```
    /// use disburse::rates::Rate;
    /// use disburse::{Bound, Error, Quantity};
    ///
    /// assert_eq!(Rate::new(Quantity::Coupon, 0.05)?.value(), 0.05);
    /// let err = Rate::new(Quantity::Coupon, -1.5).unwrap_err();
    /// assert!(matches!(err, Error::InvalidRate { what: Quantity::Coupon, bound: Bound::AboveMinusOne, .. }));
    /// assert_eq!(err.to_string(), "invalid rate -1.5: coupon must be above -100%");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(what: Quantity, value: f64) -> Result<Rate> {
        let bound = if !value.is_finite() {
            Bound::Finite
        } else if value <= -1.0 {
            Bound::AboveMinusOne
        } else {
            return Ok(Rate(value));
        };
        Err(Error::InvalidRate {
            what,
            rate: Value::Float(value),
            bound,
        })
    }

    /// The rate as a fraction (`0.045` for 4.5%).
    ///
    /// ```
    /// use disburse::rates::Rate;
    /// assert_eq!(Rate::try_from(0.045)?.value(), 0.045);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn value(self) -> f64 {
        self.0
    }

    /// `ln(1 + r)`, finite since the rate is above −100%.
    pub(crate) fn ln_1p(self) -> f64 {
        self.0.ln_1p()
    }
}

impl TryFrom<f64> for Rate {
    type Error = Error;

    /// As [`Rate::new`] with [`Quantity::Rate`].
    fn try_from(value: f64) -> Result<Rate> {
        Rate::new(Quantity::Rate, value)
    }
}

impl From<Rate> for f64 {
    fn from(r: Rate) -> f64 {
        r.0
    }
}

impl FromStr for Rate {
    type Err = Error;

    /// A fraction (`0.045`) or a percentage (`4.5%`, `-0.5%`), surrounding
    /// spaces ignored.
    ///
    /// # Errors
    /// [`Error::Parse`] for text that is not a number; as
    /// [`Rate::try_from`] for a number out of range.
    fn from_str(s: &str) -> Result<Rate> {
        let err = || Error::Parse {
            kind: "rate",
            input: s.to_string(),
            expected: "a fraction such as 0.09, or a percentage such as 9%",
        };
        let t = s.trim();
        let value = match t.strip_suffix('%') {
            // The f64 nearest the exact fraction (`1.1%` is 0.011, not
            // 1.1 / 100 = 0.011000000000000001).
            Some(_) => crate::text::parse_fraction(t)
                .ok()
                .and_then(|d| d.to_string().parse::<f64>().ok())
                .ok_or_else(err)?,
            None => t.parse::<f64>().map_err(|_| err())?,
        };
        Rate::try_from(value)
    }
}

impl fmt::Display for Rate {
    /// The plain fraction, as it serializes (`0.045`); honours precision.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_fractions_and_percentages() {
        for (text, want) in [
            ("0.045", 0.045),
            ("4.5%", 0.045),
            (" 9 % ", 0.09),
            ("-0.5%", -0.005),
            ("0", 0.0),
        ] {
            assert_eq!(text.parse::<Rate>().map(Rate::value), Ok(want), "{text}");
        }
        for text in ["", "%", "nine", "4.5%%", "-100%", "-1", "NaN", "inf"] {
            assert!(text.parse::<Rate>().is_err(), "{text}");
        }
    }

    #[test]
    fn one_error_for_every_bad_rate() {
        for (x, want) in [
            (f64::NAN, Bound::Finite),
            (f64::INFINITY, Bound::Finite),
            (-1.0, Bound::AboveMinusOne),
        ] {
            let err = Rate::new(Quantity::DiscountRate, x).unwrap_err();
            assert!(
                matches!(&err, Error::InvalidRate { what: Quantity::DiscountRate, bound, .. } if *bound == want),
                "{x}: {err:?}"
            );
        }
        assert_eq!(
            Rate::new(Quantity::DiscountRate, f64::NAN).unwrap_err().to_string(),
            "invalid rate NaN: discount rate must be a finite number"
        );
    }

    #[test]
    fn serde_round_trip() {
        let r = Rate::try_from(0.045).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(json, "0.045");
        assert_eq!(serde_json::from_str::<Rate>(&json).unwrap(), r);
        let err = serde_json::from_str::<Rate>("-1").unwrap_err().to_string();
        assert!(err.contains("must be above -100%"), "{err}");
    }
}
