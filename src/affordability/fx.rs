//! Exchange-rate paths: a rate per (fiscal) year between two currencies.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::{Bound, Currency, Error, Money, Quantity, Result, Rounding, Value};

/// The largest number of years a drift (or a growth) is compounded over.
pub(crate) const MAX_COMPOUND_YEARS: i64 = 1_000;

/// Decimal places to which a drifted FX rate is rounded.
const DRIFT_DP: u32 = 10;

/// How the rates of an [`FxPath`] are given: in units of the quote
/// currency per one unit of the base currency.
///
/// Serialized with a `kind` tag: `{"kind": "flat", "rate": "1430"}`,
/// `{"kind": "series", "first_year": 2026, "rates": ["1430", "1450"]}`,
/// `{"kind": "drift", "first_year": 2026, "rate": "1430", "annual_change": "0.02"}`.
///
/// ```
/// use disburse::affordability::FxRates;
/// use rust_decimal_macros::dec;
/// let r = FxRates::Flat { rate: dec!(1430) };
/// assert_eq!(r.to_string(), "flat 1430");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FxRates {
    /// The same rate in every year.
    Flat {
        /// The rate.
        #[serde(deserialize_with = "crate::input_serde::number")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::number"))]
        rate: Decimal,
    },
    /// One rate per year from `first_year`, consecutive.
    Series {
        /// The year of the first rate.
        first_year: i32,
        /// The rates, one per year.
        #[serde(deserialize_with = "crate::input_serde::numbers")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::numbers"))]
        rates: Vec<Decimal>,
    },
    /// `rate·(1 + annual_change)^(y − first_year)` from `first_year` on.
    Drift {
        /// The year of `rate`.
        first_year: i32,
        /// The rate in `first_year`.
        #[serde(deserialize_with = "crate::input_serde::number")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::number"))]
        rate: Decimal,
        /// The change per year (0.02 = the quote currency weakens 2% a year).
        #[serde(deserialize_with = "crate::input_serde::fraction")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
        annual_change: Decimal,
    },
}

impl fmt::Display for FxRates {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FxRates::Flat { rate } => write!(f, "flat {rate}"),
            FxRates::Series { first_year, rates } => {
                write!(f, "series from {first_year}: ")?;
                for (i, r) in rates.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{r}")?;
                }
                Ok(())
            }
            FxRates::Drift {
                first_year,
                rate,
                annual_change,
            } => write!(f, "{rate} in {first_year}, changing {annual_change} a year"),
        }
    }
}

/// An exchange-rate path: rates in units of `quote` per one unit of `base`
/// (base USD, quote KRW, 1,430 won per dollar), one per (fiscal) year.
///
/// [`FxPath::convert`] converts either way between the two currencies,
/// rounding half-even to the target's minor units.
///
/// **Round trip.** Converting an amount `x` of currency `S` to currency `T`
/// at rate `r` (units of `T` per unit of `S`) and back gives `x'` with
///
/// `|x' − x| ≤ u_S / 2 + u_T / (2·r)`
///
/// where `u_S`, `u_T` are the minor units (0.01 for USD, 1 for KRW): half a
/// minor unit of the source from the way back, plus the first rounding
/// (at most half a minor unit of the target) carried back through the
/// rate — up to `Decimal`'s 28-significant-digit division, about 1e-27
/// relative. If `x` is a whole number of minor units of `S`, `x' − x` is a
/// multiple of `u_S`, so with USD↔KRW at 1,430 the dollar amount comes
/// back exactly (`0.005 + 1/2860 < 0.01`).
///
/// **Direction.** A path is written as a currency pair in market notation,
/// `BASE/QUOTE`, and its rates in units of the quote currency per one unit of
/// the base: `pair = "USD/KRW"` with rate 1,430 means 1 USD = 1,430 KRW. Every
/// report that converts prints this rule once ([`FxPath::rule`]), so a pair
/// written the wrong way round is visible at a glance.
///
/// Serialized as `{"pair": "USD/KRW", "rates": {"kind": "flat", "rate":
/// "1430"}}`, validated on deserialization. The old `base`/`quote` fields are
/// refused with an error that spells out the pair they meant.
///
/// ```
/// use disburse::affordability::FxPath;
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?;
/// let won = fx.convert(Money::new(dec!(20e9), Currency::USD), 2026)?;
/// assert_eq!(won, Money::new(dec!(28_600_000_000_000), Currency::KRW));
/// assert_eq!(won.compact().to_string(), "₩28.60T");
/// assert_eq!(fx.convert(won, 2026)?, Money::new(dec!(20e9), Currency::USD));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "FxPathData", into = "FxPathData")]
pub struct FxPath {
    base: Currency,
    quote: Currency,
    rates: FxRates,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct FxPathData {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pair: Option<String>,
    /// Refused (the old form): kept only to name the pair it meant.
    #[serde(default, skip_serializing)]
    base: Option<Currency>,
    /// Refused (the old form).
    #[serde(default, skip_serializing)]
    quote: Option<Currency>,
    rates: FxRates,
}

impl TryFrom<FxPathData> for FxPath {
    /// The error's message, its field first
    /// ([`field_message`](crate::input_serde::field_message)) when it is
    /// about one.
    type Error = String;
    fn try_from(d: FxPathData) -> std::result::Result<Self, String> {
        let rates = d.rates.clone();
        // The old form is about the field that spells it.
        let old = if d.base.is_some() { "base" } else { "quote" };
        let field = |e: &Error| -> Option<String> {
            match (e, &rates) {
                (Error::InvalidFxPath { .. }, _) => Some("pair".into()),
                (Error::Parse { input, .. }, _) if input.starts_with("base =") => Some(old.into()),
                (Error::Empty { .. }, FxRates::Series { .. }) => Some("rates.rates".into()),
                (
                    Error::InvalidRate {
                        what: Quantity::FxAnnualChange,
                        ..
                    },
                    _,
                ) => Some("rates.annual_change".into()),
                (
                    Error::InvalidRate {
                        what: Quantity::FxRate, ..
                    },
                    FxRates::Series { rates, .. },
                ) => rates
                    .iter()
                    .position(|r| check_rate(*r).is_err())
                    .map(|i| format!("rates.rates[{i}]")),
                (
                    Error::InvalidRate {
                        what: Quantity::FxRate, ..
                    },
                    _,
                ) => Some("rates.rate".into()),
                _ => None,
            }
        };
        Self::from_data(d).map_err(|e| crate::input_serde::field_message(&e, field(&e).as_deref()))
    }
}

impl FxPath {
    fn from_data(d: FxPathData) -> Result<Self> {
        if d.base.is_some() || d.quote.is_some() {
            let code = |c: Option<Currency>| c.map_or_else(|| "?".to_string(), |c| c.code().to_string());
            let (b, q) = (code(d.base), code(d.quote));
            return Err(Error::Parse {
                kind: "fx path",
                input: format!("base = {b}, quote = {q}"),
                expected: "`pair = \"BASE/QUOTE\"`, rates in QUOTE per 1 BASE (base = USD, quote = KRW is now pair = \"USD/KRW\": 1 USD = rate KRW)",
            });
        }
        let Some(pair) = d.pair else {
            return Err(Error::Parse {
                kind: "fx path",
                input: "no pair".to_string(),
                expected: "`pair = \"BASE/QUOTE\"`, e.g. \"USD/KRW\" with rates in KRW per 1 USD",
            });
        };
        let (base, quote) = parse_pair(&pair)?;
        FxPath::new(base, quote, d.rates)
    }
}

impl From<FxPath> for FxPathData {
    fn from(p: FxPath) -> Self {
        FxPathData {
            pair: Some(format!("{}/{}", p.base.code(), p.quote.code())),
            base: None,
            quote: None,
            rates: p.rates,
        }
    }
}

/// Reads a currency pair in market notation, `BASE/QUOTE` (`USD/KRW`).
fn parse_pair(text: &str) -> Result<(Currency, Currency)> {
    let bad = || Error::Parse {
        kind: "fx pair",
        input: text.to_string(),
        expected: "BASE/QUOTE in market notation, e.g. USD/KRW (1 USD = rate KRW)",
    };
    let (b, q) = text.split_once('/').ok_or_else(bad)?;
    let base: Currency = b.trim().parse().map_err(|_| bad())?;
    let quote: Currency = q.trim().parse().map_err(|_| bad())?;
    Ok((base, quote))
}

fn check_rate(rate: Decimal) -> Result<()> {
    if rate <= Decimal::ZERO {
        return Err(Error::InvalidRate {
            what: Quantity::FxRate,
            rate: Value::Decimal(rate),
            bound: Bound::Positive,
        });
    }
    Ok(())
}

/// `(1 + change)^n` for `n` in `-MAX_COMPOUND_YEARS..=MAX_COMPOUND_YEARS`, by
/// repeated `Decimal` multiplication (and one division for negative `n`).
pub(crate) fn compound(change: Decimal, n: i64, years: Quantity, operation: &'static str) -> Result<Decimal> {
    if n.abs() > MAX_COMPOUND_YEARS {
        return Err(Error::out_of_range(
            years,
            n,
            Bound::Between(-MAX_COMPOUND_YEARS, MAX_COMPOUND_YEARS),
        ));
    }
    let factor = Decimal::ONE
        .checked_add(change)
        .ok_or_else(|| Error::overflow(operation))?;
    let mut acc = Decimal::ONE;
    for _ in 0..n.unsigned_abs() {
        acc = acc.checked_mul(factor).ok_or_else(|| Error::overflow(operation))?;
    }
    if n < 0 {
        acc = Decimal::ONE
            .checked_div(acc)
            .ok_or_else(|| Error::overflow(operation))?;
    }
    Ok(acc)
}

impl FxPath {
    /// A path from its currencies and rates.
    ///
    /// # Errors
    /// [`Error::InvalidFxPath`] if `base == quote`; [`Error::InvalidRate`]
    /// for a rate ≤ 0 or an annual change ≤ −100%; [`Error::Empty`] for a
    /// series without rates.
    ///
    /// ```
    /// use disburse::affordability::{FxPath, FxRates};
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::new(Currency::USD, Currency::JPY, FxRates::Flat { rate: dec!(150) })?;
    /// assert_eq!(fx.rate(2030)?, dec!(150));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(base: Currency, quote: Currency, rates: FxRates) -> Result<Self> {
        if base == quote {
            return Err(Error::InvalidFxPath { currency: base });
        }
        match &rates {
            FxRates::Flat { rate } => check_rate(*rate)?,
            FxRates::Series { rates, .. } => {
                if rates.is_empty() {
                    return Err(Error::Empty {
                        what: Quantity::FxRateSeries,
                    });
                }
                for r in rates {
                    check_rate(*r)?;
                }
            }
            FxRates::Drift {
                rate, annual_change, ..
            } => {
                check_rate(*rate)?;
                if *annual_change <= -Decimal::ONE {
                    return Err(Error::InvalidRate {
                        what: Quantity::FxAnnualChange,
                        rate: Value::Decimal(*annual_change),
                        bound: Bound::AboveMinusOne,
                    });
                }
            }
        }
        Ok(FxPath { base, quote, rates })
    }

    /// A path for the pair `base/quote` in market notation: `rates` in
    /// units of `quote` per one `base` (`FxPath::pair(USD, KRW, …)` with
    /// 1,430 means 1 USD = 1,430 KRW). The same as [`FxPath::new`], named
    /// for the notation.
    ///
    /// # Errors
    /// As [`FxPath::new`].
    ///
    /// ```
    /// use disburse::affordability::{FxPath, FxRates};
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::pair(Currency::USD, Currency::KRW, FxRates::Flat { rate: dec!(1430) })?;
    /// assert_eq!(fx.rule(2026)?, "1 USD = 1,430 KRW in 2026");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pair(base: Currency, quote: Currency, rates: FxRates) -> Result<Self> {
        FxPath::new(base, quote, rates)
    }

    /// The conversion rule of `year` as a reader checks it:
    /// `1 USD = 1,430 KRW in 2026`.
    ///
    /// # Errors
    /// As [`FxPath::rate`].
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::flat(Currency::EUR, Currency::USD, dec!(1.0856))?;
    /// assert_eq!(fx.rule(2026)?, "1 EUR = 1.0856 USD in 2026");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rule(&self, year: i32) -> Result<String> {
        let rate = self.rate(year)?;
        Ok(format!(
            "1 {} = {} {} in {year}",
            self.base.code(),
            crate::money::grouped(rate),
            self.quote.code()
        ))
    }

    /// The same `rate` (units of `quote` per `base`) in every year.
    ///
    /// # Errors
    /// As [`FxPath::new`].
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// assert!(FxPath::flat(Currency::USD, Currency::KRW, dec!(0)).is_err());
    /// ```
    pub fn flat(base: Currency, quote: Currency, rate: Decimal) -> Result<Self> {
        FxPath::new(base, quote, FxRates::Flat { rate })
    }

    /// One rate per year from `first_year`.
    ///
    /// # Errors
    /// As [`FxPath::new`].
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::{Currency, Error};
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::series(Currency::USD, Currency::KRW, 2026, vec![dec!(1430), dec!(1450)])?;
    /// assert_eq!(fx.rate(2027)?, dec!(1450));
    /// assert_eq!(fx.rate(2028), Err(Error::FxPathTooShort { year: 2028 }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn series(base: Currency, quote: Currency, first_year: i32, rates: Vec<Decimal>) -> Result<Self> {
        FxPath::new(base, quote, FxRates::Series { first_year, rates })
    }

    /// `rate` in `first_year`, changing by `annual_change` a year:
    /// `rate·(1 + annual_change)^(y − first_year)`, computed by repeated
    /// `Decimal` multiplication and rounded half-even to 10 decimals. Years
    /// before `first_year` are not covered.
    ///
    /// # Errors
    /// As [`FxPath::new`].
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::drift(Currency::USD, Currency::KRW, 2026, dec!(1400), dec!(0.01))?;
    /// assert_eq!(fx.rate(2028)?, dec!(1428.14));
    /// assert!(fx.rate(2025).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn drift(
        base: Currency,
        quote: Currency,
        first_year: i32,
        rate: Decimal,
        annual_change: Decimal,
    ) -> Result<Self> {
        FxPath::new(
            base,
            quote,
            FxRates::Drift {
                first_year,
                rate,
                annual_change,
            },
        )
    }

    /// The base currency (the one quoted per unit).
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?.base(), Currency::USD);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn base(&self) -> Currency {
        self.base
    }

    /// The quote currency (the rate's unit).
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?.quote(), Currency::KRW);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn quote(&self) -> Currency {
        self.quote
    }

    /// The rates as given.
    ///
    /// ```
    /// use disburse::affordability::{FxPath, FxRates};
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?;
    /// assert_eq!(fx.rates(), &FxRates::Flat { rate: dec!(1430) });
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rates(&self) -> &FxRates {
        &self.rates
    }

    /// Whether the path converts between `a` and `b` (in either order).
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?;
    /// assert!(fx.connects(Currency::KRW, Currency::USD));
    /// assert!(!fx.connects(Currency::EUR, Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn connects(&self, a: Currency, b: Currency) -> bool {
        (a == self.base && b == self.quote) || (a == self.quote && b == self.base)
    }

    /// The rate (units of quote per base) in `year`.
    ///
    /// # Errors
    /// [`Error::FxPathTooShort`] for a year the path does not cover;
    /// [`Error::OutOfRange`] for a drift over more than 1,000 years;
    /// [`Error::Overflow`]; [`Error::InvalidRate`] if a drift rounds to 0.
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::drift(Currency::USD, Currency::KRW, 2026, dec!(1430), dec!(-0.1))?;
    /// assert_eq!(fx.rate(2027)?, dec!(1287));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn rate(&self, year: i32) -> Result<Decimal> {
        match &self.rates {
            FxRates::Flat { rate } => Ok(*rate),
            FxRates::Series { first_year, rates } => {
                let k = i64::from(year) - i64::from(*first_year);
                usize::try_from(k)
                    .ok()
                    .and_then(|k| rates.get(k))
                    .copied()
                    .ok_or(Error::FxPathTooShort { year })
            }
            FxRates::Drift {
                first_year,
                rate,
                annual_change,
            } => {
                let n = i64::from(year) - i64::from(*first_year);
                if n < 0 {
                    return Err(Error::FxPathTooShort { year });
                }
                let factor = compound(*annual_change, n, Quantity::FxDriftYears, "fx drift")?;
                let r = rate
                    .checked_mul(factor)
                    .ok_or_else(|| Error::overflow("fx drift"))?
                    .round_dp_with_strategy(DRIFT_DP, Rounding::HalfEven.strategy());
                check_rate(r)?;
                Ok(r)
            }
        }
    }

    /// Converts `money` from one of the path's currencies to the other at
    /// the rate of `year`, rounded half-even to the target's minor units:
    /// base → quote multiplies by the rate, quote → base divides by it.
    ///
    /// # Errors
    /// [`Error::FxCurrencyMismatch`] if `money` is in neither currency; the
    /// errors of [`FxPath::rate`]; [`Error::Overflow`].
    ///
    /// ```
    /// use disburse::affordability::FxPath;
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    /// let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430))?;
    /// let usd = fx.convert(Money::new(dec!(1000), Currency::KRW), 2026)?;
    /// assert_eq!(usd, Money::new(dec!(0.70), Currency::USD)); // 0.6993 rounded
    /// assert!(fx.convert(Money::new(dec!(1), Currency::EUR), 2026).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn convert(&self, money: Money, year: i32) -> Result<Money> {
        let from = money.currency();
        let (target, forward) = if from == self.base {
            (self.quote, true)
        } else if from == self.quote {
            (self.base, false)
        } else {
            return Err(Error::FxCurrencyMismatch {
                base: self.base,
                quote: self.quote,
                found: from,
            });
        };
        let rate = self.rate(year)?;
        let amount = if forward {
            money.amount().checked_mul(rate)
        } else {
            money.amount().checked_div(rate)
        }
        .ok_or_else(|| Error::overflow("fx conversion"))?;
        Ok(Money::new(amount, target).round_to_minor(Rounding::HalfEven))
    }
}

impl fmt::Display for FxPath {
    /// `USD/KRW (KRW per 1 USD): flat 1430`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}/{} ({} per 1 {}): {}",
            self.base, self.quote, self.quote, self.base, self.rates
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    /// Read from a document, a check names its field first (an element
    /// of a series by its index).
    #[test]
    fn document_errors_name_their_field() {
        for (doc, message) in [
            (
                r#"{"pair":"USD/KRW","rates":{"kind":"flat","rate":"-3"}}"#,
                "field `rates.rate`: invalid rate -3: an fx rate must be positive",
            ),
            (
                r#"{"pair":"USD/KRW","rates":{"kind":"series","first_year":2026,"rates":["1400","0"]}}"#,
                "field `rates.rates[1]`: invalid rate 0: an fx rate must be positive",
            ),
            (
                r#"{"pair":"USD/KRW","rates":{"kind":"series","first_year":2026,"rates":[]}}"#,
                "field `rates.rates`: ",
            ),
            (
                r#"{"pair":"USD/USD","rates":{"kind":"flat","rate":"1"}}"#,
                "field `pair`: invalid fx path: base and quote are both USD",
            ),
        ] {
            let e = serde_json::from_str::<FxPath>(doc).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
    }

    #[test]
    fn korea_flat() {
        let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap();
        let won = fx.convert(Money::new(dec!(20e9), Currency::USD), 2026).unwrap();
        assert_eq!(won.amount(), dec!(28_600_000_000_000));
        assert_eq!(won.currency(), Currency::KRW);
        assert_eq!(fx.to_string(), "USD/KRW (KRW per 1 USD): flat 1430");
        assert_eq!(fx.rule(2026).unwrap(), "1 USD = 1,430 KRW in 2026");
    }

    #[test]
    fn drift_and_series() {
        let fx = FxPath::drift(Currency::USD, Currency::KRW, 2026, dec!(1430), dec!(0.03)).unwrap();
        assert_eq!(fx.rate(2026).unwrap(), dec!(1430));
        assert_eq!(fx.rate(2027).unwrap(), dec!(1472.9));
        assert_eq!(fx.rate(2028).unwrap(), dec!(1517.087));
        assert_eq!(fx.rate(2025), Err(Error::FxPathTooShort { year: 2025 }));
        assert!(matches!(fx.rate(5000), Err(Error::OutOfRange { .. })));
        let s = FxPath::series(Currency::USD, Currency::KRW, 2026, vec![dec!(1), dec!(2)]).unwrap();
        assert_eq!(s.rate(2025), Err(Error::FxPathTooShort { year: 2025 }));
        assert_eq!(s.rate(2027).unwrap(), dec!(2));
        assert_eq!(s.rate(i32::MIN), Err(Error::FxPathTooShort { year: i32::MIN }));
    }

    #[test]
    fn bad_inputs() {
        assert!(matches!(
            FxPath::flat(Currency::USD, Currency::USD, dec!(1)),
            Err(Error::InvalidFxPath { .. })
        ));
        assert!(matches!(
            FxPath::flat(Currency::USD, Currency::KRW, dec!(-1)),
            Err(Error::InvalidRate { .. })
        ));
        assert!(matches!(
            FxPath::series(Currency::USD, Currency::KRW, 2026, vec![]),
            Err(Error::Empty { .. })
        ));
        assert!(matches!(
            FxPath::drift(Currency::USD, Currency::KRW, 2026, dec!(1), dec!(-1)),
            Err(Error::InvalidRate { .. })
        ));
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let fx = FxPath::series(Currency::USD, Currency::KRW, 2026, vec![dec!(1430), dec!(1450)]).unwrap();
        let json = serde_json::to_string(&fx).unwrap();
        assert_eq!(
            json,
            r#"{"pair":"USD/KRW","rates":{"kind":"series","first_year":2026,"rates":["1430","1450"]}}"#
        );
        assert_eq!(serde_json::from_str::<FxPath>(&json).unwrap(), fx);
        let bad = r#"{"pair":"USD/KRW","rates":{"kind":"flat","rate":"-3"}}"#;
        assert!(serde_json::from_str::<FxPath>(bad).is_err());
        // The old form is refused, and the message says what it meant.
        let old = r#"{"base":"JPY","quote":"USD","rates":{"kind":"flat","rate":"150"}}"#;
        let err = serde_json::from_str::<FxPath>(old).unwrap_err().to_string();
        assert!(err.contains("base = JPY, quote = USD"), "{err}");
        assert!(err.contains("pair = \"USD/KRW\": 1 USD = rate KRW"), "{err}");
        for bad in ["USDKRW", "USD/", "USD/XX1", ""] {
            let json = format!(r#"{{"pair":"{bad}","rates":{{"kind":"flat","rate":"1"}}}}"#);
            let err = serde_json::from_str::<FxPath>(&json).unwrap_err().to_string();
            assert!(err.contains(&format!("invalid fx pair `{bad}`")), "{err}");
        }
        let missing = serde_json::from_str::<FxPath>(r#"{"rates":{"kind":"flat","rate":"1"}}"#).unwrap_err();
        assert!(missing.to_string().contains("invalid fx path `no pair`"), "{missing}");
    }
}
