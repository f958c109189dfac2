//! Interest rates with a compounding rule and a day count (QuantLib's
//! `InterestRate`).
//!
//! Rates and factors are `f64`: they are measured, not paid. Compound
//! factors use `ln_1p` and `exp_m1` so they stay accurate to a few ulps
//! even for tiny rates and short periods.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::time::{DayCount, Frequency};
use crate::{Bound, Error, Quantity, Result, Value};

/// How interest compounds over a year fraction `t` at rate `r`.
///
/// | variant | compound factor |
/// |---|---|
/// | `Simple` | `1 + r·t` |
/// | `Compounded { frequency: f }` | `(1 + r/f)^(f·t)` |
/// | `Continuous` | `e^(r·t)` |
///
/// The default is annual compounding ([`Compounding::ANNUAL`]).
///
/// Serialized as `"simple"`, `"continuous"`, `"annual"`, `"semiannual"`,
/// `"quarterly"`, `"monthly"`, or `{ "compounded": f }` for any other
/// frequency; deserialization also accepts every name [`FromStr`] does and
/// rejects a frequency of zero.
///
/// ```
/// use disburse::rates::Compounding;
/// assert_eq!(Compounding::default(), Compounding::ANNUAL);
/// assert_eq!("quarterly".parse::<Compounding>()?, Compounding::Compounded { frequency: 4 });
/// assert_eq!(Compounding::Compounded { frequency: 3 }.to_string(), "compounded 3 times a year");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Compounding {
    /// Simple interest: the compound factor is `1 + r·t`.
    Simple,
    /// Interest compounded `frequency` times a year: `(1 + r/f)^(f·t)`.
    Compounded {
        /// Compounding periods per year; at least 1.
        frequency: u32,
    },
    /// Continuous compounding: `e^(r·t)`.
    Continuous,
}

/// How a compounding is written: by name, or as a bare frequency.
enum Named {
    Name(&'static str),
    Frequency(u32),
}

/// The frequencies with a name of their own, as serialized.
const NAMED_FREQUENCIES: [(&str, u32); 4] = [("annual", 1), ("semiannual", 2), ("quarterly", 4), ("monthly", 12)];

impl Compounding {
    /// Compounded once a year.
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// assert_eq!(Compounding::ANNUAL.frequency(), Some(1));
    /// ```
    pub const ANNUAL: Compounding = Compounding::Compounded { frequency: 1 };

    /// Compounded twice a year.
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// assert_eq!(Compounding::SEMIANNUAL.to_string(), "semiannual");
    /// ```
    pub const SEMIANNUAL: Compounding = Compounding::Compounded { frequency: 2 };

    /// Compounded four times a year.
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// assert_eq!(Compounding::QUARTERLY.frequency(), Some(4));
    /// ```
    pub const QUARTERLY: Compounding = Compounding::Compounded { frequency: 4 };

    /// Compounded twelve times a year.
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// assert_eq!(Compounding::MONTHLY.frequency(), Some(12));
    /// ```
    pub const MONTHLY: Compounding = Compounding::Compounded { frequency: 12 };

    /// Compounding `frequency` times a year.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] when `frequency` is zero.
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// assert_eq!(Compounding::compounded(2)?, Compounding::SEMIANNUAL);
    /// assert!(Compounding::compounded(0).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compounded(frequency: u32) -> Result<Self> {
        let c = Compounding::Compounded { frequency };
        c.validate()?;
        Ok(c)
    }

    /// The compounding periods per year, for [`Compounding::Compounded`].
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// assert_eq!(Compounding::SEMIANNUAL.frequency(), Some(2));
    /// assert_eq!(Compounding::Continuous.frequency(), None);
    /// ```
    pub const fn frequency(self) -> Option<u32> {
        match self {
            Compounding::Compounded { frequency } => Some(frequency),
            Compounding::Simple | Compounding::Continuous => None,
        }
    }

    /// Checks that a compounded frequency is at least 1.
    pub(crate) fn validate(self) -> Result<()> {
        match self {
            Compounding::Compounded { frequency: 0 } => Err(Error::out_of_range(
                Quantity::CompoundingFrequency,
                0u32,
                Bound::AtLeastPerYear(1),
            )),
            _ => Ok(()),
        }
    }

    /// The name used in text and serde, or the frequency of a compounding
    /// without a name of its own.
    fn name(self) -> Named {
        match self {
            Compounding::Simple => Named::Name("simple"),
            Compounding::Continuous => Named::Name("continuous"),
            Compounding::Compounded { frequency } => NAMED_FREQUENCIES
                .iter()
                .find(|(_, f)| *f == frequency)
                .map_or(Named::Frequency(frequency), |(name, _)| Named::Name(name)),
        }
    }

    /// The continuously compounded rate with the same compound factor as
    /// `rate` over an infinitesimal period (the `t → 0` limit).
    fn instantaneous(self, rate: f64) -> f64 {
        match self {
            Compounding::Simple | Compounding::Continuous => rate,
            Compounding::Compounded { frequency } => {
                let f = f64::from(frequency);
                f * (rate / f).ln_1p()
            }
        }
    }

    /// The rate under `self` with the same compound factor as the
    /// instantaneous (continuous) rate `c`, in the `t → 0` limit.
    fn rate_from_instantaneous(self, c: f64) -> f64 {
        match self {
            Compounding::Simple | Compounding::Continuous => c,
            Compounding::Compounded { frequency } => {
                let f = f64::from(frequency);
                f * (c / f).exp_m1()
            }
        }
    }

    /// The rate under `self` whose compound factor over `t != 0` years has
    /// logarithm `log_factor`.
    fn rate_from_log_factor(self, log_factor: f64, t: f64) -> f64 {
        match self {
            // A negative t is the inverse of the factor over |t|.
            Compounding::Simple => (log_factor / t.signum()).exp_m1() / t.abs(),
            Compounding::Continuous => log_factor / t,
            Compounding::Compounded { frequency } => {
                let f = f64::from(frequency);
                f * (log_factor / (f * t)).exp_m1()
            }
        }
    }
}

impl Default for Compounding {
    fn default() -> Self {
        Compounding::ANNUAL
    }
}

impl From<Frequency> for Compounding {
    /// Compounding at a payment frequency, with QuantLib's periods per year
    /// for week- and day-based ones (every fourth week 13, biweekly 26,
    /// weekly 52, daily 365).
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// use disburse::time::Frequency;
    /// assert_eq!(Compounding::from(Frequency::Quarterly), Compounding::QUARTERLY);
    /// assert_eq!(Compounding::from(Frequency::Weekly).frequency(), Some(52));
    /// ```
    fn from(f: Frequency) -> Self {
        let frequency = match f.per_year() {
            Some(n) => n,
            None => match f {
                Frequency::EveryFourthWeek => 13,
                Frequency::Biweekly => 26,
                Frequency::Weekly => 52,
                _ => 365,
            },
        };
        Compounding::Compounded { frequency }
    }
}

impl fmt::Display for Compounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.name() {
            Named::Name(name) => f.pad(name),
            Named::Frequency(frequency) => f.pad(&format!("compounded {frequency} times a year")),
        }
    }
}

impl FromStr for Compounding {
    type Err = Error;

    /// Parses, case-insensitively: `simple`, `continuous`, `annual`
    /// (`annually`, `yearly`), `semiannual` (`semi-annual`), `quarterly`,
    /// `monthly`, any [`Frequency`] name (mapped as by
    /// `From<Frequency>`), and `compounded N` or `compounded N times a
    /// year` (N ≥ 1) as [`Display`](fmt::Display) writes it.
    ///
    /// ```
    /// use disburse::rates::Compounding;
    /// assert_eq!("Semi-Annual".parse::<Compounding>()?, Compounding::SEMIANNUAL);
    /// assert_eq!("compounded 3 times a year".parse::<Compounding>()?, Compounding::compounded(3)?);
    /// assert_eq!("CONTINUOUS".parse::<Compounding>()?, Compounding::Continuous);
    /// assert!("compounded 0".parse::<Compounding>().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let err = || Error::Parse {
            kind: "compounding",
            input: s.to_string(),
            expected: "simple, continuous, annual, semiannual, quarterly, monthly, another frequency name, or `compounded N`",
        };
        let words: Vec<&str> = s.split_whitespace().collect();
        let norm = words.join(" ").to_ascii_lowercase().replace('-', "_");
        match norm.as_str() {
            "simple" => return Ok(Compounding::Simple),
            "continuous" | "continuously" => return Ok(Compounding::Continuous),
            "annually" | "yearly" => return Ok(Compounding::ANNUAL),
            "semi_annual" | "semiannually" | "semi_annually" => return Ok(Compounding::SEMIANNUAL),
            _ => {}
        }
        if let Ok(f) = norm.parse::<Frequency>() {
            return Ok(Compounding::from(f));
        }
        let rest = norm.strip_prefix("compounded ").ok_or_else(err)?;
        let count = rest
            .strip_suffix(" times a year")
            .or_else(|| rest.strip_suffix(" times per year"))
            .unwrap_or(rest);
        if count.is_empty() || !count.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let frequency = count.parse::<u32>().map_err(|_| err())?;
        if frequency == 0 {
            return Err(err());
        }
        Ok(Compounding::Compounded { frequency })
    }
}

impl Serialize for Compounding {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        match self.name() {
            Named::Name(name) => serializer.serialize_str(name),
            Named::Frequency(frequency) => {
                let mut map = serializer.serialize_map(Some(1))?;
                map.serialize_entry("compounded", &frequency)?;
                map.end()
            }
        }
    }
}

impl crate::text::Named for Compounding {
    const KIND: &'static str = "compounding";
    const NAMES: &'static [&'static str] = &["simple", "continuous", "annual", "semiannual", "quarterly", "monthly"];
    const ALIASES: &'static [&'static str] = &[
        "Simple",
        "Continuous",
        "annually",
        "yearly",
        "semi-annual",
        "semiannually",
        "every_fourth_month",
        "bimonthly",
        "every_fourth_week",
        "biweekly",
        "weekly",
        "daily",
    ];
}

#[cfg(feature = "scenario")]
impl schemars::JsonSchema for Compounding {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Compounding".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        use crate::text::Named;
        let names = crate::input_serde::schema::name(
            "A compounding (any case): simple, continuous, or a frequency name (annual, semiannual, quarterly, \
             monthly…); or `compounded N` (N periods a year).",
            Compounding::NAMES,
            Compounding::ALIASES,
        );
        schemars::json_schema!({
            "anyOf": [
                names,
                { "type": "string", "pattern": r"^\s*[cC]ompounded\s+[1-9][0-9]*(\s+times\s+(a|per)\s+year)?\s*$" },
                {
                    "type": "object",
                    "properties": { "compounded": { "type": "integer", "minimum": 1 } },
                    "required": ["compounded"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

impl<'de> Deserialize<'de> for Compounding {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Self, D::Error> {
        deserializer.deserialize_any(CompoundingVisitor)
    }
}

struct CompoundingVisitor;

impl<'de> Visitor<'de> for CompoundingVisitor {
    type Value = Compounding;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a compounding name such as \"annual\" or \"continuous\", or { \"compounded\": periods per year }")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Compounding, E> {
        v.parse().map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> std::result::Result<Compounding, A::Error> {
        let mut frequency: Option<u32> = None;
        while let Some(key) = map.next_key::<String>()? {
            if key != "compounded" {
                return Err(de::Error::unknown_field(&key, &["compounded"]));
            }
            if frequency.is_some() {
                return Err(de::Error::duplicate_field("compounded"));
            }
            frequency = Some(map.next_value()?);
        }
        let frequency = frequency.ok_or_else(|| de::Error::missing_field("compounded"))?;
        Compounding::compounded(frequency).map_err(de::Error::custom)
    }
}

/// An interest rate: a rate, how it compounds, and the day count that
/// measures time in years (QuantLib's `InterestRate`).
///
/// Invariants, checked by [`InterestRate::new`] and on deserialization:
/// the rate is finite; a compounded rate has `1 + r/f > 0` (it is above
/// -100% a period) and a frequency of at least 1. Simple and continuous
/// rates accept any finite rate; a simple rate whose factor `1 + r·t` is
/// not positive fails when that factor is asked for.
///
/// Serialized as `{ "rate": 0.045, "compounding": "annual", "day_count":
/// "actual365_fixed" }`.
///
/// ```
/// use disburse::rates::{Compounding, InterestRate};
/// use disburse::time::DayCount;
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let r = InterestRate::annual(0.05, DayCount::Actual365Fixed)?;
/// assert!((r.discount_factor(d(2026, 1, 1), d(2027, 1, 1))? - 1.0 / 1.05).abs() < 1e-15);
/// let c = r.equivalent_rate(Compounding::Continuous, 1.0)?;
/// assert!((c.rate() - 1.05f64.ln()).abs() < 1e-15);
/// assert_eq!(r.to_string(), "5.0000% annual (Act/365F)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "InterestRateData", into = "InterestRateData")]
pub struct InterestRate {
    rate: f64,
    compounding: Compounding,
    day_count: DayCount,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct InterestRateData {
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    rate: f64,
    compounding: Compounding,
    day_count: DayCount,
}

impl TryFrom<InterestRateData> for InterestRate {
    type Error = Error;
    fn try_from(d: InterestRateData) -> Result<Self> {
        InterestRate::new(d.rate, d.compounding, d.day_count)
    }
}

impl From<InterestRate> for InterestRateData {
    fn from(r: InterestRate) -> Self {
        InterestRateData {
            rate: r.rate,
            compounding: r.compounding,
            day_count: r.day_count,
        }
    }
}

impl InterestRate {
    /// A rate (`0.045` for 4.5%) with its compounding and day count.
    ///
    /// # Errors
    /// [`Error::NonFinite`] when `rate` is NaN or infinite;
    /// [`Error::OutOfRange`] for a compounding frequency of zero;
    /// [`Error::InvalidRate`] for a compounded rate with `1 + r/f <= 0`.
    ///
    /// ```
    /// use disburse::rates::{Compounding, InterestRate};
    /// use disburse::time::DayCount;
    /// let r = InterestRate::new(0.03, Compounding::SEMIANNUAL, DayCount::Actual360)?;
    /// assert_eq!(r.rate(), 0.03);
    /// let err = InterestRate::new(-1.0, Compounding::ANNUAL, DayCount::Actual360).unwrap_err();
    /// assert_eq!(err.to_string(), "invalid rate -1: must be above -100% when compounded once a year");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(rate: f64, compounding: Compounding, day_count: DayCount) -> Result<Self> {
        if !rate.is_finite() {
            return Err(Error::NonFinite {
                what: Quantity::InterestRate,
                value: rate,
            });
        }
        compounding.validate()?;
        if let Compounding::Compounded { frequency } = compounding {
            let f = f64::from(frequency);
            if rate / f <= -1.0 {
                return Err(Error::InvalidRate {
                    what: Quantity::Rate,
                    rate: Value::Float(rate),
                    bound: Bound::AboveMinusPeriods(frequency),
                });
            }
        }
        Ok(InterestRate {
            rate,
            compounding,
            day_count,
        })
    }

    /// An annually compounded rate.
    ///
    /// # Errors
    /// As [`InterestRate::new`]: non-finite, or at or below -100%.
    ///
    /// ```
    /// use disburse::rates::{Compounding, InterestRate};
    /// use disburse::time::DayCount;
    /// let r = InterestRate::annual(0.045, DayCount::Actual365Fixed)?;
    /// assert_eq!(r.compounding(), Compounding::ANNUAL);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn annual(rate: f64, day_count: DayCount) -> Result<Self> {
        InterestRate::new(rate, Compounding::ANNUAL, day_count)
    }

    /// A continuously compounded rate.
    ///
    /// # Errors
    /// [`Error::NonFinite`] when `rate` is not finite.
    ///
    /// ```
    /// use disburse::rates::InterestRate;
    /// use disburse::time::DayCount;
    /// let r = InterestRate::continuous(0.05, DayCount::Actual365Fixed)?;
    /// assert!((r.discount_factor_for(2.0)? - (-0.1f64).exp()).abs() < 1e-16);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn continuous(rate: f64, day_count: DayCount) -> Result<Self> {
        InterestRate::new(rate, Compounding::Continuous, day_count)
    }

    /// A simple (uncompounded) rate.
    ///
    /// # Errors
    /// [`Error::NonFinite`] when `rate` is not finite.
    ///
    /// ```
    /// use disburse::rates::InterestRate;
    /// use disburse::time::DayCount;
    /// let r = InterestRate::simple(0.04, DayCount::Actual360)?;
    /// assert_eq!(r.compound_factor_for(0.5)?, 1.02);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn simple(rate: f64, day_count: DayCount) -> Result<Self> {
        InterestRate::new(rate, Compounding::Simple, day_count)
    }

    /// The rate as a fraction (`0.045` for 4.5%).
    ///
    /// ```
    /// use disburse::rates::InterestRate;
    /// use disburse::time::DayCount;
    /// assert_eq!(InterestRate::annual(0.045, DayCount::Actual360)?.rate(), 0.045);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn rate(&self) -> f64 {
        self.rate
    }

    /// How the rate compounds.
    ///
    /// ```
    /// use disburse::rates::{Compounding, InterestRate};
    /// use disburse::time::DayCount;
    /// assert_eq!(InterestRate::simple(0.04, DayCount::Actual360)?.compounding(), Compounding::Simple);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn compounding(&self) -> Compounding {
        self.compounding
    }

    /// The day count that turns dates into year fractions.
    ///
    /// ```
    /// use disburse::rates::InterestRate;
    /// use disburse::time::DayCount;
    /// assert_eq!(InterestRate::annual(0.04, DayCount::Actual360)?.day_count(), DayCount::Actual360);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn day_count(&self) -> DayCount {
        self.day_count
    }

    /// The natural logarithm of the compound factor over `t` years.
    fn log_compound_factor(&self, t: f64) -> Result<f64> {
        check_time(t)?;
        let r = self.rate;
        let log_factor = match self.compounding {
            Compounding::Simple => {
                // A negative t is the inverse of the factor over |t|.
                let rt = r * t.abs();
                if rt <= -1.0 {
                    return Err(self.simple_not_positive(t));
                }
                rt.ln_1p() * t.signum()
            }
            Compounding::Compounded { frequency } => {
                let f = f64::from(frequency);
                f * t * (r / f).ln_1p()
            }
            Compounding::Continuous => r * t,
        };
        if log_factor.is_finite() {
            Ok(log_factor)
        } else {
            Err(self.factor_overflow(t))
        }
    }

    fn simple_not_positive(&self, t: f64) -> Error {
        Error::InvalidRate {
            what: Quantity::Rate,
            rate: Value::Float(self.rate),
            bound: Bound::SimpleFactorPositive(t),
        }
    }

    fn factor_overflow(&self, t: f64) -> Error {
        Error::FactorOverflow { rate: *self, years: t }
    }

    /// `e^x`, rejected when it overflows or underflows to zero.
    fn checked_exp(&self, x: f64, t: f64) -> Result<f64> {
        let v = x.exp();
        if v.is_finite() && v > 0.0 {
            Ok(v)
        } else {
            Err(self.factor_overflow(t))
        }
    }

    /// The compound factor over `t` years: what one unit grows to. A
    /// negative `t` gives the inverse of the factor over `|t|` (for simple
    /// interest `1 / (1 + r·|t|)`, where QuantLib's formula would give
    /// `1 − r·|t|`), so `compound_factor_for(-t) = discount_factor_for(t)`
    /// for every compounding.
    ///
    /// # Errors
    /// [`Error::NonFinite`] when `t` is not finite; [`Error::InvalidRate`]
    /// for a simple rate with `1 + r·t <= 0`; [`Error::FactorOverflow`]
    /// when the factor overflows `f64` or underflows to zero.
    ///
    /// ```
    /// use disburse::rates::{Compounding, InterestRate};
    /// use disburse::time::DayCount;
    /// let r = InterestRate::new(0.05, Compounding::SEMIANNUAL, DayCount::Actual365Fixed)?;
    /// assert!((r.compound_factor_for(1.0)? - 1.050625).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compound_factor_for(&self, t: f64) -> Result<f64> {
        match self.compounding {
            Compounding::Simple => {
                if t < 0.0 {
                    self.simple_factor(-t).map(|v| 1.0 / v)
                } else {
                    self.simple_factor(t)
                }
            }
            _ => self.checked_exp(self.log_compound_factor(t)?, t),
        }
    }

    /// `1 + r·t` for `t >= 0`, checked positive and finite.
    fn simple_factor(&self, t: f64) -> Result<f64> {
        check_time(t)?;
        let rt = self.rate * t;
        if rt <= -1.0 {
            return Err(self.simple_not_positive(t));
        }
        let v = 1.0 + rt;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(self.factor_overflow(t))
        }
    }

    /// The discount factor over `t` years: `1 / compound_factor_for(t)`.
    ///
    /// # Errors
    /// As [`compound_factor_for`](Self::compound_factor_for).
    ///
    /// ```
    /// use disburse::rates::InterestRate;
    /// use disburse::time::DayCount;
    /// let r = InterestRate::annual(0.05, DayCount::Actual365Fixed)?;
    /// assert!((r.discount_factor_for(2.0)? - 1.0 / 1.1025).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discount_factor_for(&self, t: f64) -> Result<f64> {
        match self.compounding {
            Compounding::Simple => {
                let v = if t < 0.0 {
                    self.simple_factor(-t)?
                } else {
                    1.0 / self.simple_factor(t)?
                };
                if v > 0.0 { Ok(v) } else { Err(self.factor_overflow(t)) }
            }
            _ => self.checked_exp(-self.log_compound_factor(t)?, t),
        }
    }

    /// The compound factor from `from` to `to`, over the year fraction of
    /// the rate's day count (an inverse factor when `to` is earlier).
    ///
    /// # Errors
    /// As [`compound_factor_for`](Self::compound_factor_for).
    ///
    /// ```
    /// use disburse::rates::InterestRate;
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let r = InterestRate::simple(0.036, DayCount::Actual360)?;
    /// // 181 days
    /// assert!((r.compound_factor(d(2026, 1, 1), d(2026, 7, 1))? - (1.0 + 0.036 * 181.0 / 360.0)).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn compound_factor(&self, from: NaiveDate, to: NaiveDate) -> Result<f64> {
        self.compound_factor_for(self.day_count.year_fraction(from, to).to_f64())
    }

    /// The discount factor from `to` back to `from`, over the year fraction
    /// of the rate's day count.
    ///
    /// # Errors
    /// As [`compound_factor_for`](Self::compound_factor_for).
    ///
    /// ```
    /// use disburse::rates::InterestRate;
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let r = InterestRate::annual(0.05, DayCount::ActualActualIsda)?;
    /// assert!((r.discount_factor(d(2026, 1, 1), d(2028, 1, 1))? - 1.0 / 1.1025).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discount_factor(&self, from: NaiveDate, to: NaiveDate) -> Result<f64> {
        self.discount_factor_for(self.day_count.year_fraction(from, to).to_f64())
    }

    /// The rate under `compounding` (same day count) with the same compound
    /// factor over `t` years. At `t = 0` the limit `t → 0` is used: both
    /// rates give the same instantaneous growth, so simple and continuous
    /// rates are equal there, and an annual rate `r` is equivalent to the
    /// continuous rate `ln(1 + r)`. The same compounding returns the rate
    /// unchanged.
    ///
    /// # Errors
    /// [`Error::NonFinite`] when `t` (or the result) is not finite;
    /// [`Error::OutOfRange`] for a compounding frequency of zero or a
    /// factor beyond `f64`; [`Error::InvalidRate`] for a simple rate with
    /// `1 + r·t <= 0`.
    ///
    /// ```
    /// use disburse::rates::{Compounding, InterestRate};
    /// use disburse::time::DayCount;
    /// let semi = InterestRate::new(0.05, Compounding::SEMIANNUAL, DayCount::Actual365Fixed)?;
    /// let annual = semi.equivalent_rate(Compounding::ANNUAL, 1.0)?;
    /// assert!((annual.rate() - 0.050625).abs() < 1e-15);
    /// let at_zero = InterestRate::annual(0.05, DayCount::Actual365Fixed)?.equivalent_rate(Compounding::Simple, 0.0)?;
    /// assert!((at_zero.rate() - 1.05f64.ln()).abs() < 1e-16);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn equivalent_rate(&self, compounding: Compounding, t: f64) -> Result<InterestRate> {
        compounding.validate()?;
        check_time(t)?;
        if compounding == self.compounding {
            return Ok(*self);
        }
        let rate = if t == 0.0 {
            compounding.rate_from_instantaneous(self.compounding.instantaneous(self.rate))
        } else {
            compounding.rate_from_log_factor(self.log_compound_factor(t)?, t)
        };
        InterestRate::new(rate, compounding, self.day_count)
    }

    /// The rate under `compounding` and `day_count` whose compound factor
    /// over `t` years is `compound_factor`. At `t = 0` only a factor of 1
    /// has an implied rate, taken as 0 (as QuantLib).
    ///
    /// # Errors
    /// [`Error::NonFinite`] when the factor, `t` or the result is not
    /// finite; [`Error::OutOfRange`] when the factor is not positive or for
    /// a compounding frequency of zero; [`Error::NoImpliedRate`] when `t`
    /// is zero and the factor is not 1.
    ///
    /// ```
    /// use disburse::rates::{Compounding, InterestRate};
    /// use disburse::time::DayCount;
    /// let r = InterestRate::implied_rate(1.1025, 2.0, Compounding::ANNUAL, DayCount::Actual365Fixed)?;
    /// assert!((r.rate() - 0.05).abs() < 1e-15);
    /// let s = InterestRate::implied_rate(1.02, 0.5, Compounding::Simple, DayCount::Actual360)?;
    /// assert!((s.rate() - 0.04).abs() < 1e-15);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn implied_rate(
        compound_factor: f64,
        t: f64,
        compounding: Compounding,
        day_count: DayCount,
    ) -> Result<InterestRate> {
        compounding.validate()?;
        if !compound_factor.is_finite() {
            return Err(Error::NonFinite {
                what: Quantity::CompoundFactor,
                value: compound_factor,
            });
        }
        if compound_factor <= 0.0 {
            return Err(Error::out_of_range(
                Quantity::CompoundFactor,
                compound_factor,
                Bound::Positive,
            ));
        }
        check_time(t)?;
        if t == 0.0 {
            if compound_factor == 1.0 {
                return InterestRate::new(0.0, compounding, day_count);
            }
            return Err(Error::NoImpliedRate { compound_factor });
        }
        let rate = match compounding {
            Compounding::Simple if t > 0.0 => (compound_factor - 1.0) / t,
            _ => compounding.rate_from_log_factor(compound_factor.ln(), t),
        };
        InterestRate::new(rate, compounding, day_count)
    }
}

impl InterestRate {
    /// [`InterestRate::implied_rate`] from the logarithm of the compound
    /// factor, for a factor that leaves `f64` (a forward between two
    /// discount factors of very different size) while its logarithm and
    /// the rate do not. `t != 0`.
    pub(crate) fn implied_rate_from_log(
        log_factor: f64,
        t: f64,
        compounding: Compounding,
        day_count: DayCount,
    ) -> Result<InterestRate> {
        compounding.validate()?;
        check_time(t)?;
        if !log_factor.is_finite() || t == 0.0 {
            return Err(Error::NonFinite {
                what: Quantity::CompoundFactor,
                value: log_factor.exp(),
            });
        }
        InterestRate::new(compounding.rate_from_log_factor(log_factor, t), compounding, day_count)
    }
}

fn check_time(t: f64) -> Result<()> {
    if t.is_finite() {
        Ok(())
    } else {
        Err(Error::NonFinite {
            what: Quantity::YearFraction,
            value: t,
        })
    }
}

impl fmt::Display for InterestRate {
    /// `4.5000% annual (Act/365F)`; the precision, when given, sets the
    /// percentage's decimals (`{:.2}` → `4.50% annual (Act/365F)`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let decimals = f.precision().unwrap_or(4);
        write!(
            f,
            "{:.decimals$}% {} ({})",
            self.rate * 100.0,
            self.compounding,
            self.day_count
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    const DC: DayCount = DayCount::Actual365Fixed;

    #[test]
    fn annual_semiannual_continuous_simple_factors() {
        let annual = InterestRate::annual(0.05, DC).unwrap();
        let semi = InterestRate::new(0.05, Compounding::SEMIANNUAL, DC).unwrap();
        let cont = InterestRate::continuous(0.05, DC).unwrap();
        let simple = InterestRate::simple(0.05, DC).unwrap();
        let monthly = InterestRate::new(0.06, Compounding::MONTHLY, DC).unwrap();
        let cases = [
            ("annual 2y compound", annual.compound_factor_for(2.0).unwrap(), 1.1025),
            (
                "annual 2y discount",
                annual.discount_factor_for(2.0).unwrap(),
                1.0 / 1.1025,
            ),
            ("annual 1/2y", annual.compound_factor_for(0.5).unwrap(), 1.05f64.sqrt()),
            ("semiannual 1y", semi.compound_factor_for(1.0).unwrap(), 1.050625),
            (
                "semiannual 3y",
                semi.discount_factor_for(3.0).unwrap(),
                0.8622968659605043,
            ),
            ("continuous 2y", cont.discount_factor_for(2.0).unwrap(), (-0.1f64).exp()),
            (
                "continuous 2y compound",
                cont.compound_factor_for(2.0).unwrap(),
                0.1f64.exp(),
            ),
            ("simple 1/2y", simple.compound_factor_for(0.5).unwrap(), 1.025),
            (
                "simple 1/2y discount",
                simple.discount_factor_for(0.5).unwrap(),
                1.0 / 1.025,
            ),
            // 1.005^12 and 1.025^-6 from mpmath at 30 digits.
            (
                "monthly 1y",
                monthly.compound_factor_for(1.0).unwrap(),
                1.0616778118644996,
            ),
            // Negative t inverts.
            ("annual -2y", annual.compound_factor_for(-2.0).unwrap(), 1.0 / 1.1025),
            ("simple -1/2y", simple.discount_factor_for(-0.5).unwrap(), 1.025),
            (
                "simple -1/2y compound",
                simple.compound_factor_for(-0.5).unwrap(),
                1.0 / 1.025,
            ),
            ("zero time", annual.compound_factor_for(0.0).unwrap(), 1.0),
        ];
        for (label, got, want) in cases {
            close(label, got, want, 4e-16);
        }
    }

    #[test]
    fn negative_times_invert_for_every_compounding() {
        let rates = [
            InterestRate::simple(-0.02, DC).unwrap(),
            InterestRate::simple(0.07, DC).unwrap(),
            InterestRate::annual(-0.02, DC).unwrap(),
            InterestRate::new(0.07, Compounding::QUARTERLY, DC).unwrap(),
            InterestRate::continuous(-0.02, DC).unwrap(),
        ];
        for r in rates {
            for t in [0.25, 1.0, 7.5] {
                let label = format!("{r} over -{t}");
                close(
                    &label,
                    r.compound_factor_for(-t).unwrap(),
                    r.discount_factor_for(t).unwrap(),
                    2e-16,
                );
                close(
                    &label,
                    r.discount_factor_for(-t).unwrap(),
                    r.compound_factor_for(t).unwrap(),
                    2e-16,
                );
                let c = r.equivalent_rate(Compounding::Continuous, t).unwrap().rate();
                let c_back = r.equivalent_rate(Compounding::Continuous, -t).unwrap().rate();
                close(&label, c_back, c, 1e-15);
            }
        }
        // Simple −2% over one year is continuous ln(0.98) either way.
        let s = InterestRate::simple(-0.02, DC).unwrap();
        for t in [1.0, -1.0] {
            let c = s.equivalent_rate(Compounding::Continuous, t).unwrap();
            close("simple -2%", c.rate(), (-0.02f64).ln_1p(), 2e-16);
        }
    }

    #[test]
    fn factors_between_dates_use_the_day_count() {
        let r = InterestRate::simple(0.04, DayCount::Actual360).unwrap();
        // 2026-01-01 → 2026-07-01 is 181 days.
        let cf = r.compound_factor(d(2026, 1, 1), d(2026, 7, 1)).unwrap();
        close("act/360 simple", cf, 1.0 + 0.04 * 181.0 / 360.0, 3e-16);
        let back = r.discount_factor(d(2026, 7, 1), d(2026, 1, 1)).unwrap();
        close("reversed dates invert", back, cf, 3e-16);
        let a = InterestRate::annual(0.05, DayCount::ActualActualIsda).unwrap();
        close(
            "act/act two years",
            a.discount_factor(d(2026, 1, 1), d(2028, 1, 1)).unwrap(),
            1.0 / 1.1025,
            3e-16,
        );
    }

    #[test]
    fn tiny_rates_keep_full_precision() {
        // ln(1 + 1e-10) = 1e-10 - 5e-21 + ...
        let r = InterestRate::annual(1e-10, DC).unwrap();
        let c = r.equivalent_rate(Compounding::Continuous, 1.0).unwrap();
        close("continuous of tiny annual", c.rate(), 1e-10 - 5e-21, 1e-15);
        let back = c.equivalent_rate(Compounding::ANNUAL, 1.0).unwrap();
        close("back to annual", back.rate(), 1e-10, 1e-15);
        // One day at a tiny rate: the factor is 1 + 1e-12/365 to the ulp.
        let r = InterestRate::continuous(1e-12, DC).unwrap();
        let df = r.discount_factor_for(1.0 / 365.0).unwrap();
        close("one day at 1e-12", df, 1.0 - 1e-12 / 365.0, 2.3e-16);
    }

    #[test]
    fn equivalent_rates_quantlib_style() {
        let c = InterestRate::continuous(0.05, DC).unwrap();
        let e = 0.05f64.exp_m1();
        let cases = [
            ("annual", c.equivalent_rate(Compounding::ANNUAL, 1.0).unwrap().rate(), e),
            (
                "annual over 3y",
                c.equivalent_rate(Compounding::ANNUAL, 3.0).unwrap().rate(),
                e,
            ),
            (
                "semiannual",
                c.equivalent_rate(Compounding::SEMIANNUAL, 1.0).unwrap().rate(),
                2.0 * 0.025f64.exp_m1(),
            ),
            (
                "simple over 2y",
                c.equivalent_rate(Compounding::Simple, 2.0).unwrap().rate(),
                0.1f64.exp_m1() / 2.0,
            ),
            (
                "semiannual to annual",
                InterestRate::new(0.05, Compounding::SEMIANNUAL, DC)
                    .unwrap()
                    .equivalent_rate(Compounding::ANNUAL, 1.0)
                    .unwrap()
                    .rate(),
                0.050625,
            ),
            (
                "annual to quarterly",
                InterestRate::annual(0.08, DC)
                    .unwrap()
                    .equivalent_rate(Compounding::QUARTERLY, 5.0)
                    .unwrap()
                    .rate(),
                4.0 * (1.08f64.powf(0.25) - 1.0),
            ),
        ];
        for (label, got, want) in cases {
            close(label, got, want, 2e-15);
        }
        let same = c.equivalent_rate(Compounding::Continuous, 7.0).unwrap();
        assert_eq!(same, c, "same compounding is the identity");
        assert_eq!(
            c.equivalent_rate(Compounding::ANNUAL, 1.0).unwrap().day_count(),
            DC,
            "day count kept"
        );
    }

    #[test]
    fn equivalent_rates_at_time_zero_use_the_limit() {
        let annual = InterestRate::annual(0.05, DC).unwrap();
        let simple = InterestRate::simple(0.05, DC).unwrap();
        let cont = InterestRate::continuous(0.05, DC).unwrap();
        let cases = [
            (
                "annual → continuous",
                annual.equivalent_rate(Compounding::Continuous, 0.0),
                0.05f64.ln_1p(),
            ),
            (
                "annual → simple",
                annual.equivalent_rate(Compounding::Simple, 0.0),
                0.05f64.ln_1p(),
            ),
            (
                "simple → continuous",
                simple.equivalent_rate(Compounding::Continuous, 0.0),
                0.05,
            ),
            (
                "continuous → simple",
                cont.equivalent_rate(Compounding::Simple, 0.0),
                0.05,
            ),
            (
                "continuous → semiannual",
                cont.equivalent_rate(Compounding::SEMIANNUAL, 0.0),
                2.0 * 0.025f64.exp_m1(),
            ),
            (
                "annual → semiannual",
                annual.equivalent_rate(Compounding::SEMIANNUAL, 0.0),
                // 2(√1.05 − 1), mpmath at 30 digits.
                0.049390153191919674,
            ),
        ];
        for (label, got, want) in cases {
            close(label, got.unwrap().rate(), want, 3e-16);
        }
        // The limit agrees with a very short period.
        let short = annual.equivalent_rate(Compounding::Simple, 1e-9).unwrap().rate();
        close("short period", short, 1.05f64.ln(), 1e-9);
    }

    #[test]
    fn implied_rates() {
        let cases = [
            ("annual", 1.1025, 2.0, Compounding::ANNUAL, 0.05),
            ("semiannual", 1.050625, 1.0, Compounding::SEMIANNUAL, 0.05),
            ("continuous", 0.1f64.exp(), 2.0, Compounding::Continuous, 0.05),
            ("simple", 1.02, 0.5, Compounding::Simple, 0.04),
            ("negative time", 1.0 / 1.1025, -2.0, Compounding::ANNUAL, 0.05),
            ("simple negative time", 1.0 / 1.02, -0.5, Compounding::Simple, 0.04),
            ("negative rate", 0.98, 1.0, Compounding::ANNUAL, -0.02),
        ];
        for (label, cf, t, comp, want) in cases {
            let r = InterestRate::implied_rate(cf, t, comp, DC).unwrap();
            assert_eq!(r.compounding(), comp, "{label}");
            close(label, r.rate(), want, 2e-14);
        }
        let zero = InterestRate::implied_rate(1.0, 0.0, Compounding::Continuous, DC).unwrap();
        assert_eq!(zero.rate(), 0.0);
        let errors = [
            (
                InterestRate::implied_rate(1.01, 0.0, Compounding::ANNUAL, DC),
                "year fraction is out of range: is zero, so compound factor 1.01 has no implied rate",
            ),
            (
                InterestRate::implied_rate(0.0, 1.0, Compounding::ANNUAL, DC),
                "compound factor is out of range: must be positive, got 0",
            ),
            (
                InterestRate::implied_rate(-1.0, 1.0, Compounding::ANNUAL, DC),
                "compound factor is out of range: must be positive, got -1",
            ),
            (
                InterestRate::implied_rate(f64::NAN, 1.0, Compounding::ANNUAL, DC),
                "compound factor NaN is not a finite number",
            ),
            (
                InterestRate::implied_rate(1.1, f64::INFINITY, Compounding::ANNUAL, DC),
                "year fraction inf is not a finite number",
            ),
            (
                InterestRate::implied_rate(1.1, 1.0, Compounding::Compounded { frequency: 0 }, DC),
                "compounding frequency is out of range: must be at least 1 period a year, got 0",
            ),
            (
                InterestRate::implied_rate(f64::MAX, 1e-310, Compounding::Continuous, DC),
                "interest rate inf is not a finite number",
            ),
        ];
        for (got, want) in errors {
            assert_eq!(got.unwrap_err().to_string(), want);
        }
    }

    #[test]
    fn construction_errors() {
        let cases: [(Result<InterestRate>, &str); 6] = [
            (
                InterestRate::annual(f64::NAN, DC),
                "interest rate NaN is not a finite number",
            ),
            (
                InterestRate::continuous(f64::NEG_INFINITY, DC),
                "interest rate -inf is not a finite number",
            ),
            (
                InterestRate::annual(-1.0, DC),
                "invalid rate -1: must be above -100% when compounded once a year",
            ),
            (
                InterestRate::new(-2.0, Compounding::SEMIANNUAL, DC),
                "invalid rate -2: must be above -200% when compounded twice a year",
            ),
            (
                InterestRate::new(-5.0, Compounding::compounded(3).unwrap(), DC),
                "invalid rate -5: must be above -300% when compounded 3 times a year",
            ),
            (
                InterestRate::new(0.05, Compounding::Compounded { frequency: 0 }, DC),
                "compounding frequency is out of range: must be at least 1 period a year, got 0",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got.unwrap_err().to_string(), want);
        }
        assert!(
            InterestRate::new(-1.5, Compounding::SEMIANNUAL, DC).is_ok(),
            "-150% semiannual"
        );
        assert!(InterestRate::simple(-3.0, DC).is_ok(), "simple accepts any finite rate");
        assert!(InterestRate::continuous(-3.0, DC).is_ok());
    }

    #[test]
    fn factor_errors() {
        let simple = InterestRate::simple(-0.5, DC).unwrap();
        assert!(simple.compound_factor_for(1.9).is_ok());
        for t in [2.0, 3.0] {
            for got in [simple.compound_factor_for(t), simple.discount_factor_for(t)] {
                assert!(matches!(got, Err(Error::InvalidRate { .. })), "simple -50% over {t}y");
            }
        }
        assert!(matches!(
            simple.equivalent_rate(Compounding::Continuous, 3.0),
            Err(Error::InvalidRate { .. })
        ));
        let annual = InterestRate::annual(0.05, DC).unwrap();
        for t in [f64::NAN, f64::INFINITY] {
            assert!(matches!(annual.compound_factor_for(t), Err(Error::NonFinite { .. })));
            assert!(matches!(
                annual.equivalent_rate(Compounding::Simple, t),
                Err(Error::NonFinite { .. })
            ));
        }
        let err = annual.compound_factor_for(1e5).unwrap_err();
        assert_eq!(
            err.to_string(),
            "compound factor is out of range: 5.0000% annual (Act/365F) over 100000 years is beyond the range of f64"
        );
        assert!(matches!(
            annual.discount_factor_for(1e5),
            Err(Error::FactorOverflow { .. })
        ));
        let big = InterestRate::simple(1e300, DC).unwrap();
        assert!(matches!(
            big.compound_factor_for(1e10),
            Err(Error::FactorOverflow { .. })
        ));
        let err = simple.compound_factor_for(2.0).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid rate -0.5: the simple compound factor 1 + r·t is not positive over 2 years"
        );
    }

    #[test]
    fn display() {
        let cases = [
            (InterestRate::annual(0.045, DC).unwrap(), "4.5000% annual (Act/365F)"),
            (
                InterestRate::simple(0.03, DayCount::Actual360).unwrap(),
                "3.0000% simple (Act/360)",
            ),
            (
                InterestRate::continuous(-0.005, DC).unwrap(),
                "-0.5000% continuous (Act/365F)",
            ),
            (
                InterestRate::new(0.1, Compounding::compounded(3).unwrap(), DayCount::Thirty360Us).unwrap(),
                "10.0000% compounded 3 times a year (30/360 US)",
            ),
        ];
        for (r, want) in cases {
            assert_eq!(r.to_string(), want);
        }
        let r = InterestRate::new(0.045, Compounding::QUARTERLY, DC).unwrap();
        assert_eq!(format!("{r:.2}"), "4.50% quarterly (Act/365F)");
        assert_eq!(format!("[{:>10}]", Compounding::MONTHLY), "[   monthly]");
    }

    #[test]
    fn compounding_text() {
        let all = [
            Compounding::Simple,
            Compounding::Continuous,
            Compounding::ANNUAL,
            Compounding::SEMIANNUAL,
            Compounding::QUARTERLY,
            Compounding::MONTHLY,
            Compounding::Compounded { frequency: 3 },
            Compounding::Compounded { frequency: 365 },
        ];
        for c in all {
            assert_eq!(c.to_string().parse::<Compounding>().unwrap(), c, "{c}");
        }
        let parsed = [
            ("Annually", Compounding::ANNUAL),
            ("semi-annual", Compounding::SEMIANNUAL),
            ("  Quarterly ", Compounding::QUARTERLY),
            ("every_fourth_month", Compounding::Compounded { frequency: 3 }),
            ("bimonthly", Compounding::Compounded { frequency: 6 }),
            ("weekly", Compounding::Compounded { frequency: 52 }),
            ("daily", Compounding::Compounded { frequency: 365 }),
            ("compounded 7", Compounding::Compounded { frequency: 7 }),
            ("Compounded  7 times per year", Compounding::Compounded { frequency: 7 }),
        ];
        for (text, want) in parsed {
            assert_eq!(text.parse::<Compounding>().unwrap(), want, "{text}");
        }
        for bad in [
            "",
            "compound",
            "compounded",
            "compounded 0",
            "compounded -1",
            "compounded x",
            "hourly",
        ] {
            let err = bad.parse::<Compounding>().unwrap_err();
            assert!(
                matches!(
                    err,
                    Error::Parse {
                        kind: "compounding",
                        ..
                    }
                ),
                "{bad}"
            );
        }
        for f in Frequency::ALL {
            let c = Compounding::from(f);
            assert!(c.frequency().is_some_and(|n| n >= 1), "{f}");
        }
        assert_eq!(Compounding::from(Frequency::EveryFourthWeek).frequency(), Some(13));
        assert_eq!(Compounding::from(Frequency::Biweekly).frequency(), Some(26));
    }

    #[test]
    fn compounding_serde() {
        let cases = [
            (Compounding::Simple, r#""simple""#),
            (Compounding::Continuous, r#""continuous""#),
            (Compounding::ANNUAL, r#""annual""#),
            (Compounding::SEMIANNUAL, r#""semiannual""#),
            (Compounding::QUARTERLY, r#""quarterly""#),
            (Compounding::MONTHLY, r#""monthly""#),
            (Compounding::Compounded { frequency: 3 }, r#"{"compounded":3}"#),
            (Compounding::Compounded { frequency: 365 }, r#"{"compounded":365}"#),
        ];
        for (c, json) in cases {
            assert_eq!(serde_json::to_string(&c).unwrap(), json);
            assert_eq!(serde_json::from_str::<Compounding>(json).unwrap(), c, "{json}");
        }
        assert_eq!(
            serde_json::from_str::<Compounding>(r#"{"compounded":1}"#).unwrap(),
            Compounding::ANNUAL
        );
        assert_eq!(
            serde_json::from_str::<Compounding>(r#""weekly""#).unwrap(),
            Compounding::Compounded { frequency: 52 }
        );
        for bad in [
            r#"{"compounded":0}"#,
            r#"{"compounded":-1}"#,
            r#"{"periods":4}"#,
            r#"{}"#,
            r#"{"compounded":4,"compounded":4}"#,
            r#""bogus""#,
            "4",
        ] {
            assert!(serde_json::from_str::<Compounding>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn interest_rate_serde() {
        let r = InterestRate::annual(0.045, DC).unwrap();
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(
            json,
            r#"{"rate":0.045,"compounding":"annual","day_count":"actual365_fixed"}"#
        );
        assert_eq!(serde_json::from_str::<InterestRate>(&json).unwrap(), r);
        let q = InterestRate::new(
            -0.0125,
            Compounding::Compounded { frequency: 6 },
            DayCount::Thirty360European,
        )
        .unwrap();
        let back: InterestRate = serde_json::from_str(&serde_json::to_string(&q).unwrap()).unwrap();
        assert_eq!(back, q);
        for bad in [
            r#"{"rate":-1.0,"compounding":"annual","day_count":"actual360"}"#,
            r#"{"rate":0.05,"compounding":{"compounded":0},"day_count":"actual360"}"#,
            r#"{"rate":0.05,"compounding":"annual"}"#,
            r#"{"rate":0.05,"compounding":"annual","day_count":"actual360","extra":1}"#,
        ] {
            assert!(serde_json::from_str::<InterestRate>(bad).is_err(), "{bad}");
        }
    }
}
