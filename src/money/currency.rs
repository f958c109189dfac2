//! [`Currency`]: an ISO-4217-style code and its minor units.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Error, Result};

/// A currency: an ISO-4217-style code of three ASCII uppercase letters and
/// the number of decimal places of its minor unit (`0..=18`).
///
/// The common currencies are associated constants ([`Currency::USD`],
/// [`Currency::JPY`], …); others are defined with [`Currency::new`].
/// Parsing a string (`"USD".parse()`) looks up a built-in currency.
///
/// With serde, a built-in currency is written as its plain code (`"USD"`);
/// any other currency as a map `{"code": "XAU", "minor_units": 3}`. Both
/// forms are accepted when reading.
///
/// ```
/// use disburse::Currency;
///
/// let usd: Currency = "USD".parse()?;
/// assert_eq!(usd, Currency::USD);
/// assert_eq!(usd.minor_units(), 2);
/// assert_eq!(usd.symbol(), Some("$"));
/// assert_eq!(usd.to_string(), "USD");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Debug)]
pub struct Currency {
    code: [u8; 3],
    pub(super) minor_units: u8,
}

/// The largest number of minor-unit decimal places a currency may have.
const MAX_MINOR_UNITS: u8 = 18;

impl Currency {
    /// United States dollar, 2 decimals, symbol `$`.
    pub const USD: Currency = Currency::builtin_const(*b"USD", 2);
    /// Euro, 2 decimals, symbol `€`.
    pub const EUR: Currency = Currency::builtin_const(*b"EUR", 2);
    /// Japanese yen, 0 decimals, symbol `¥`.
    pub const JPY: Currency = Currency::builtin_const(*b"JPY", 0);
    /// South Korean won, 0 decimals, symbol `₩`.
    pub const KRW: Currency = Currency::builtin_const(*b"KRW", 0);
    /// Pound sterling, 2 decimals, symbol `£`.
    pub const GBP: Currency = Currency::builtin_const(*b"GBP", 2);
    /// Chinese yuan renminbi, 2 decimals, symbol `CN¥`.
    pub const CNY: Currency = Currency::builtin_const(*b"CNY", 2);
    /// Swiss franc, 2 decimals, no symbol (shown as `CHF`).
    pub const CHF: Currency = Currency::builtin_const(*b"CHF", 2);
    /// Canadian dollar, 2 decimals, symbol `C$`.
    pub const CAD: Currency = Currency::builtin_const(*b"CAD", 2);
    /// Australian dollar, 2 decimals, symbol `A$`.
    pub const AUD: Currency = Currency::builtin_const(*b"AUD", 2);

    const BUILTINS: [Currency; 9] = [
        Currency::USD,
        Currency::EUR,
        Currency::JPY,
        Currency::KRW,
        Currency::GBP,
        Currency::CNY,
        Currency::CHF,
        Currency::CAD,
        Currency::AUD,
    ];

    const fn builtin_const(code: [u8; 3], minor_units: u8) -> Currency {
        Currency { code, minor_units }
    }

    /// Defines a currency from a three-letter code and its number of minor
    /// unit decimals. Lowercase letters are upper-cased.
    ///
    /// A currency defined this way with the code and minor units of a
    /// built-in one is equal to it.
    ///
    /// ```
    /// use disburse::Currency;
    ///
    /// let gold = Currency::new("xau", 3)?;
    /// assert_eq!(gold.code(), "XAU");
    /// assert_eq!(gold.minor_units(), 3);
    /// assert_eq!(Currency::new("USD", 2)?, Currency::USD);
    /// assert!(Currency::new("US", 2).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::InvalidCurrency`] if `code` is not exactly three ASCII
    /// letters or `minor_units` is greater than 18.
    pub fn new(code: &str, minor_units: u8) -> Result<Currency> {
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(Error::InvalidCurrency {
                code: code.to_string(),
                reason: "code must be exactly three ASCII letters",
            });
        }
        if minor_units > MAX_MINOR_UNITS {
            return Err(Error::InvalidCurrency {
                code: code.to_string(),
                reason: "minor units must be at most 18",
            });
        }
        let mut bytes = [0u8; 3];
        for (dst, src) in bytes.iter_mut().zip(code.bytes()) {
            *dst = src.to_ascii_uppercase();
        }
        Ok(Currency {
            code: bytes,
            minor_units,
        })
    }

    /// Looks up a built-in currency by its code (case-insensitive).
    ///
    /// ```
    /// use disburse::Currency;
    ///
    /// assert_eq!(Currency::builtin("KRW")?, Currency::KRW);
    /// assert_eq!(Currency::builtin("eur")?, Currency::EUR);
    /// assert!(Currency::builtin("XYZ").is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::UnknownCurrency`] if no built-in currency has this code.
    pub fn builtin(code: &str) -> Result<Currency> {
        let found = if code.len() == 3 {
            Currency::BUILTINS
                .iter()
                .copied()
                .find(|c| c.code().eq_ignore_ascii_case(code))
        } else {
            None
        };
        found.ok_or_else(|| Error::UnknownCurrency { code: code.to_string() })
    }

    /// All built-in currencies, in a fixed order.
    ///
    /// ```
    /// use disburse::Currency;
    ///
    /// assert!(Currency::builtins().contains(&Currency::CHF));
    /// ```
    pub fn builtins() -> &'static [Currency] {
        &Currency::BUILTINS
    }

    /// Whether this currency is one of the built-in ones (same code and
    /// same minor units).
    ///
    /// ```
    /// use disburse::Currency;
    ///
    /// assert!(Currency::USD.is_builtin());
    /// assert!(!Currency::new("USD", 3)?.is_builtin());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn is_builtin(&self) -> bool {
        Currency::BUILTINS.contains(self)
    }

    /// The three-letter code, e.g. `"USD"`.
    ///
    /// ```
    /// assert_eq!(disburse::Currency::JPY.code(), "JPY");
    /// ```
    pub fn code(&self) -> &str {
        // The bytes are ASCII letters by construction.
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// The number of decimal places of the minor unit (2 for USD, 0 for JPY).
    ///
    /// ```
    /// assert_eq!(disburse::Currency::KRW.minor_units(), 0);
    /// ```
    pub fn minor_units(&self) -> u8 {
        self.minor_units
    }

    /// The minor unit as an amount: `0.01` for USD, `1` for JPY.
    ///
    /// ```
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Currency::USD.minor_unit(), dec!(0.01));
    /// assert_eq!(Currency::JPY.minor_unit(), dec!(1));
    /// ```
    pub fn minor_unit(&self) -> Decimal {
        Decimal::new(1, u32::from(self.minor_units))
    }

    /// The usual symbol of a built-in currency (by code), if it has one:
    /// `$` (USD), `€` (EUR), `¥` (JPY), `₩` (KRW), `£` (GBP), `CN¥` (CNY),
    /// `C$` (CAD), `A$` (AUD). CHF and user-defined codes have none.
    ///
    /// ```
    /// use disburse::Currency;
    ///
    /// assert_eq!(Currency::EUR.symbol(), Some("€"));
    /// assert_eq!(Currency::CHF.symbol(), None);
    /// ```
    pub fn symbol(&self) -> Option<&'static str> {
        match &self.code {
            b"USD" => Some("$"),
            b"EUR" => Some("€"),
            b"JPY" => Some("¥"),
            b"KRW" => Some("₩"),
            b"GBP" => Some("£"),
            b"CNY" => Some("CN¥"),
            b"CAD" => Some("C$"),
            b"AUD" => Some("A$"),
            _ => None,
        }
    }
}

impl FromStr for Currency {
    type Err = Error;

    /// Same as [`Currency::builtin`].
    fn from_str(s: &str) -> Result<Currency> {
        Currency::builtin(s)
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.code())
    }
}

impl Serialize for Currency {
    fn serialize<S: Serializer>(&self, serializer: S) -> std::result::Result<S::Ok, S::Error> {
        if self.is_builtin() {
            serializer.serialize_str(self.code())
        } else {
            let mut map = serializer.serialize_struct("Currency", 2)?;
            map.serialize_field("code", self.code())?;
            map.serialize_field("minor_units", &self.minor_units)?;
            map.end()
        }
    }
}

/// The map form of a currency, validated by [`Currency::new`] afterwards.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CurrencyMap {
    code: String,
    minor_units: u8,
}

struct CurrencyVisitor;

impl<'de> Visitor<'de> for CurrencyVisitor {
    type Value = Currency;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a built-in currency code such as \"USD\" or a map with `code` and `minor_units`")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Currency, E> {
        Currency::builtin(v).map_err(E::custom)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> std::result::Result<Currency, A::Error> {
        let raw = CurrencyMap::deserialize(de::value::MapAccessDeserializer::new(map))?;
        Currency::new(&raw.code, raw.minor_units).map_err(de::Error::custom)
    }
}

impl<'de> Deserialize<'de> for Currency {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Currency, D::Error> {
        deserializer.deserialize_any(CurrencyVisitor)
    }
}

#[cfg(feature = "scenario")]
impl schemars::JsonSchema for Currency {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Currency".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let builtins: Vec<&str> = Currency::builtins().iter().map(|c| c.code()).collect();
        schemars::json_schema!({
            "description": format!(
                "A currency: a built-in ISO code ({}, any case), or {{ code, minor_units }} for another.",
                builtins.join(", ")
            ),
            "anyOf": [
                { "type": "string", "pattern": "^[A-Za-z]{3}$", "examples": builtins },
                {
                    "type": "object",
                    "properties": {
                        "code": { "type": "string", "pattern": "^[A-Z]{3}$" },
                        "minor_units": { "type": "integer", "minimum": 0, "maximum": 18 }
                    },
                    "required": ["code", "minor_units"],
                    "additionalProperties": false
                }
            ]
        })
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn builtin_currencies() {
        assert_eq!(Currency::builtin("USD").unwrap(), Currency::USD);
        assert_eq!(Currency::builtin("jpy").unwrap(), Currency::JPY);
        assert_eq!("CNY".parse::<Currency>().unwrap(), Currency::CNY);
        assert_eq!(Currency::JPY.minor_units(), 0);
        assert_eq!(Currency::KRW.minor_units(), 0);
        for c in Currency::builtins() {
            assert_eq!(Currency::builtin(c.code()).unwrap(), *c);
            assert!(c.is_builtin());
            assert_eq!(c.to_string(), c.code());
        }
        assert_eq!(Currency::builtins().len(), 9);
    }

    #[test]
    fn unknown_and_invalid_currencies() {
        let err = Currency::builtin("XYZ").unwrap_err();
        assert_eq!(err, Error::UnknownCurrency { code: "XYZ".into() });
        assert_eq!(err.to_string(), "unknown currency code `XYZ`");
        assert!(matches!(Currency::builtin(""), Err(Error::UnknownCurrency { .. })));
        assert!(matches!(Currency::builtin("USDX"), Err(Error::UnknownCurrency { .. })));
        assert!(matches!(Currency::builtin("€€"), Err(Error::UnknownCurrency { .. })));

        for bad in ["", "US", "USDX", "U1D", "US ", "ÄBC", "€"] {
            let err = Currency::new(bad, 2).unwrap_err();
            assert!(matches!(err, Error::InvalidCurrency { .. }), "{bad}: {err}");
        }
        let err = Currency::new("XAU", 19).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid currency `XAU`: minor units must be at most 18"
        );
        assert!(Currency::new("XAU", 18).is_ok());
    }

    #[test]
    fn custom_currency() {
        let xau = Currency::new("xau", 3).unwrap();
        assert_eq!(xau.code(), "XAU");
        assert_eq!(xau.minor_units(), 3);
        assert_eq!(xau.minor_unit(), dec!(0.001));
        assert_eq!(xau.symbol(), None);
        assert!(!xau.is_builtin());
        assert_eq!(Currency::new("usd", 2).unwrap(), Currency::USD);
        assert_ne!(Currency::new("USD", 3).unwrap(), Currency::USD);
        assert_eq!(format!("{xau:>5}"), "  XAU");
    }

    #[test]
    fn symbols() {
        let expected = [
            (Currency::USD, Some("$")),
            (Currency::EUR, Some("€")),
            (Currency::JPY, Some("¥")),
            (Currency::KRW, Some("₩")),
            (Currency::GBP, Some("£")),
            (Currency::CNY, Some("CN¥")),
            (Currency::CHF, None),
            (Currency::CAD, Some("C$")),
            (Currency::AUD, Some("A$")),
        ];
        for (c, s) in expected {
            assert_eq!(c.symbol(), s, "{c}");
        }
    }

    #[test]
    fn currency_serde() {
        assert_eq!(serde_json::to_string(&Currency::USD).unwrap(), "\"USD\"");
        let xau = Currency::new("XAU", 3).unwrap();
        let json = serde_json::to_string(&xau).unwrap();
        assert_eq!(json, r#"{"code":"XAU","minor_units":3}"#);
        assert_eq!(serde_json::from_str::<Currency>(&json).unwrap(), xau);
        assert_eq!(serde_json::from_str::<Currency>("\"KRW\"").unwrap(), Currency::KRW);
        // A map naming a built-in with its own minor units is the built-in.
        let usd: Currency = serde_json::from_str(r#"{"code":"usd","minor_units":2}"#).unwrap();
        assert_eq!(usd, Currency::USD);
        // A non-standard USD keeps the map form.
        let odd = Currency::new("USD", 4).unwrap();
        let json = serde_json::to_string(&odd).unwrap();
        assert_eq!(json, r#"{"code":"USD","minor_units":4}"#);
        assert_eq!(serde_json::from_str::<Currency>(&json).unwrap(), odd);
    }

    #[test]
    fn currency_serde_errors() {
        let err = serde_json::from_str::<Currency>("\"XYZ\"").unwrap_err();
        assert!(err.to_string().contains("unknown currency code `XYZ`"), "{err}");
        let err = serde_json::from_str::<Currency>(r#"{"code":"X1Z","minor_units":2}"#).unwrap_err();
        assert!(err.to_string().contains("invalid currency `X1Z`"), "{err}");
        let err = serde_json::from_str::<Currency>(r#"{"code":"XAU","minor_units":30}"#).unwrap_err();
        assert!(err.to_string().contains("minor units must be at most 18"), "{err}");
        assert!(serde_json::from_str::<Currency>(r#"{"code":"XAU"}"#).is_err());
        assert!(serde_json::from_str::<Currency>(r#"{"code":"XAU","minor_units":2,"x":1}"#).is_err());
        assert!(serde_json::from_str::<Currency>("12").is_err());
    }
}
