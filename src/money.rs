//! Exact money: currencies, rounding strategies, amounts and allocation.
//!
//! Amounts are [`rust_decimal::Decimal`]s, never floating point. Arithmetic
//! is checked: every operation that can overflow or mix currencies returns a
//! [`Result`]. The one allocation routine of the crate, [`allocate`], splits
//! an amount over weights by the largest-remainder method on whole minor
//! units, so the parts always add up exactly to the total.

use std::borrow::Borrow;
use std::cmp::Ordering;
use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::error::{Bound, Error, Quantity, Result};

// ---------------------------------------------------------------------------
// Currency
// ---------------------------------------------------------------------------

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
    minor_units: u8,
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

// ---------------------------------------------------------------------------
// Rounding
// ---------------------------------------------------------------------------

/// How to round an amount to fewer decimal places.
///
/// Serialized (and displayed, and parsed) as the snake-case name:
/// `"half_even"`, `"half_up"`, … The default is [`Rounding::HalfEven`].
///
/// ```
/// use disburse::Rounding;
/// use rust_decimal_macros::dec;
///
/// assert_eq!(Rounding::HalfUp.round(dec!(2.345), 2), dec!(2.35));
/// assert_eq!(Rounding::default(), Rounding::HalfEven);
/// assert_eq!("floor".parse::<Rounding>()?, Rounding::Floor);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Rounding {
    /// Round to nearest; ties to the even neighbour (banker's rounding).
    /// 2.345 → 2.34, 2.355 → 2.36, −2.345 → −2.34.
    #[default]
    HalfEven,
    /// Round to nearest; ties away from zero.
    /// 2.345 → 2.35, −2.345 → −2.35.
    HalfUp,
    /// Round to nearest; ties toward zero.
    /// 2.345 → 2.34, 2.346 → 2.35, −2.345 → −2.34.
    HalfDown,
    /// Toward zero (truncate). 2.349 → 2.34, −2.349 → −2.34.
    Down,
    /// Away from zero. 2.341 → 2.35, −2.341 → −2.35.
    Up,
    /// Toward negative infinity. 2.349 → 2.34, −2.341 → −2.35.
    Floor,
    /// Toward positive infinity. 2.341 → 2.35, −2.349 → −2.34.
    Ceiling,
}

impl Rounding {
    /// Every strategy, in declaration order.
    pub const ALL: [Rounding; 7] = [
        Rounding::HalfEven,
        Rounding::HalfUp,
        Rounding::HalfDown,
        Rounding::Down,
        Rounding::Up,
        Rounding::Floor,
        Rounding::Ceiling,
    ];

    /// The equivalent `rust_decimal` strategy.
    ///
    /// ```
    /// use disburse::Rounding;
    /// use rust_decimal::RoundingStrategy;
    ///
    /// assert_eq!(Rounding::Down.strategy(), RoundingStrategy::ToZero);
    /// ```
    pub fn strategy(self) -> RoundingStrategy {
        match self {
            Rounding::HalfEven => RoundingStrategy::MidpointNearestEven,
            Rounding::HalfUp => RoundingStrategy::MidpointAwayFromZero,
            Rounding::HalfDown => RoundingStrategy::MidpointTowardZero,
            Rounding::Down => RoundingStrategy::ToZero,
            Rounding::Up => RoundingStrategy::AwayFromZero,
            Rounding::Floor => RoundingStrategy::ToNegativeInfinity,
            Rounding::Ceiling => RoundingStrategy::ToPositiveInfinity,
        }
    }

    /// Rounds `value` to `dp` decimal places with this strategy. A value
    /// with at most `dp` decimals is returned unchanged.
    ///
    /// ```
    /// use disburse::Rounding;
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Rounding::Ceiling.round(dec!(-2.349), 2), dec!(-2.34));
    /// ```
    pub fn round(self, value: Decimal, dp: u32) -> Decimal {
        value.round_dp_with_strategy(dp, self.strategy())
    }

    /// The snake-case name, as used by serde and `Display`.
    ///
    /// ```
    /// assert_eq!(disburse::Rounding::HalfEven.name(), "half_even");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Rounding::HalfEven => "half_even",
            Rounding::HalfUp => "half_up",
            Rounding::HalfDown => "half_down",
            Rounding::Down => "down",
            Rounding::Up => "up",
            Rounding::Floor => "floor",
            Rounding::Ceiling => "ceiling",
        }
    }
}

impl From<Rounding> for RoundingStrategy {
    fn from(rounding: Rounding) -> RoundingStrategy {
        rounding.strategy()
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl FromStr for Rounding {
    type Err = Error;

    /// Parses the snake-case name (`"half_even"`, `"ceiling"`, …).
    fn from_str(s: &str) -> Result<Rounding> {
        Rounding::ALL
            .iter()
            .copied()
            .find(|r| r.name() == s)
            .ok_or_else(|| Error::Parse {
                kind: "rounding",
                input: s.to_string(),
                expected: "one of half_even, half_up, half_down, down, up, floor, ceiling",
            })
    }
}

// ---------------------------------------------------------------------------
// Money
// ---------------------------------------------------------------------------

/// An exact amount of a currency.
///
/// Any sign and any number of decimals is allowed; [`Money::round_to_minor`]
/// rounds to the currency's minor unit. Arithmetic is checked and never
/// panics. Amounts of different currencies are never equal and are not
/// ordered (`partial_cmp` returns `None`). Equality ignores the decimal
/// scale: `1.0 USD == 1.00 USD`.
///
/// `Display` shows the code and the amount with thousands separators and at
/// least the currency's number of decimals: `USD 350,000,000,000.00`.
/// With serde, a money is `{"amount": "350000000000.00", "currency": "USD"}`
/// (a JSON number is also accepted for the amount when reading).
///
/// ```
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
///
/// let headline = Money::new(dec!(350_000_000_000), Currency::USD);
/// assert_eq!(headline.to_string(), "USD 350,000,000,000.00");
/// assert_eq!(headline.compact().to_string(), "$350.00B");
/// let fee = Money::new(dec!(1_234.5), Currency::USD);
/// assert_eq!(headline.checked_sub(fee)?.to_string(), "USD 349,999,998,765.50");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    #[serde(
        serialize_with = "rust_decimal::serde::str::serialize",
        deserialize_with = "deserialize_amount"
    )]
    amount: Decimal,
    currency: Currency,
}

/// Reads an amount from a string (`"12.50"`, also `"1.25e1"`) or a number.
fn deserialize_amount<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Decimal, D::Error> {
    struct AmountVisitor;

    impl Visitor<'_> for AmountVisitor {
        type Value = Decimal;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a decimal amount as a string or a number")
        }

        fn visit_str<E: de::Error>(self, v: &str) -> std::result::Result<Decimal, E> {
            Decimal::from_str(v)
                .or_else(|_| Decimal::from_scientific(v))
                .map_err(|_| E::invalid_value(de::Unexpected::Str(v), &self))
        }

        fn visit_i64<E: de::Error>(self, v: i64) -> std::result::Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_u64<E: de::Error>(self, v: u64) -> std::result::Result<Decimal, E> {
            Ok(Decimal::from(v))
        }

        fn visit_i128<E: de::Error>(self, v: i128) -> std::result::Result<Decimal, E> {
            Decimal::try_from_i128_with_scale(v, 0).map_err(|_| E::custom(format_args!("amount {v} is out of range")))
        }

        fn visit_u128<E: de::Error>(self, v: u128) -> std::result::Result<Decimal, E> {
            i128::try_from(v)
                .ok()
                .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
                .ok_or_else(|| E::custom(format_args!("amount {v} is out of range")))
        }

        fn visit_f64<E: de::Error>(self, v: f64) -> std::result::Result<Decimal, E> {
            // The shortest representation that round-trips, then parsed exactly.
            let text = v.to_string();
            Decimal::from_str(&text)
                .or_else(|_| Decimal::from_scientific(&text))
                .map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))
        }
    }

    deserializer.deserialize_any(AmountVisitor)
}

impl Money {
    /// An amount of `currency` (any sign, any number of decimals).
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let m = Money::new(dec!(-12.5), Currency::EUR);
    /// assert_eq!(m.amount(), dec!(-12.5));
    /// ```
    pub const fn new(amount: Decimal, currency: Currency) -> Money {
        Money { amount, currency }
    }

    /// Zero of `currency`.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    ///
    /// assert!(Money::zero(Currency::USD).is_zero());
    /// ```
    pub const fn zero(currency: Currency) -> Money {
        Money {
            amount: Decimal::ZERO,
            currency,
        }
    }

    /// An amount given as a whole number of minor units: `from_minor(1234,
    /// USD)` is 12.34 USD.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Money::from_minor(1234, Currency::USD)?.amount(), dec!(12.34));
    /// assert_eq!(Money::from_minor(-5, Currency::JPY)?.amount(), dec!(-5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the amount does not fit in a `Decimal` (more
    /// than 96 bits of mantissa).
    pub fn from_minor(units: i128, currency: Currency) -> Result<Money> {
        Decimal::try_from_i128_with_scale(units, u32::from(currency.minor_units))
            .map(|amount| Money { amount, currency })
            .map_err(|_| Error::overflow("money from minor units"))
    }

    /// The amount.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Money::new(dec!(3), Currency::USD).amount(), dec!(3.00));
    /// ```
    pub const fn amount(&self) -> Decimal {
        self.amount
    }

    /// The currency.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    ///
    /// assert_eq!(Money::zero(Currency::KRW).currency(), Currency::KRW);
    /// ```
    pub const fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether the amount is zero.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert!(Money::new(dec!(0.00), Currency::USD).is_zero());
    /// ```
    pub fn is_zero(&self) -> bool {
        self.amount.is_zero()
    }

    /// Whether the amount is greater than zero.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert!(Money::new(dec!(0.01), Currency::USD).is_positive());
    /// assert!(!Money::zero(Currency::USD).is_positive());
    /// ```
    pub fn is_positive(&self) -> bool {
        self.amount > Decimal::ZERO
    }

    /// Whether the amount is less than zero.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert!(Money::new(dec!(-0.01), Currency::USD).is_negative());
    /// ```
    pub fn is_negative(&self) -> bool {
        self.amount < Decimal::ZERO
    }

    /// The absolute value.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Money::new(dec!(-2.5), Currency::USD).abs().amount(), dec!(2.5));
    /// ```
    pub fn abs(&self) -> Money {
        Money::new(self.amount.abs(), self.currency)
    }

    fn same_currency(&self, other: &Money) -> Result<()> {
        if self.currency == other.currency {
            Ok(())
        } else {
            Err(Error::CurrencyMismatch {
                expected: self.currency,
                found: other.currency,
            })
        }
    }

    /// `self + other`.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let a = Money::new(dec!(1.10), Currency::USD);
    /// let b = Money::new(dec!(2.25), Currency::USD);
    /// assert_eq!(a.checked_add(b)?.amount(), dec!(3.35));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ (expected is
    /// `self`'s), [`Error::Overflow`] if the sum does not fit in a
    /// `Decimal` exactly (`Decimal` would round a sum that needs more than
    /// its 96-bit mantissa; money is never rounded silently).
    pub fn checked_add(&self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        exact(self.amount, other.amount, self.amount.checked_add(other.amount))
            .map(|amount| Money::new(amount, self.currency))
            .ok_or_else(|| Error::overflow("money addition"))
    }

    /// `self - other`.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let a = Money::new(dec!(1.10), Currency::USD);
    /// let b = Money::new(dec!(2.25), Currency::USD);
    /// assert_eq!(a.checked_sub(b)?.amount(), dec!(-1.15));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ (expected is
    /// `self`'s), [`Error::Overflow`] if the difference does not fit in a
    /// `Decimal` exactly.
    pub fn checked_sub(&self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        exact(self.amount, -other.amount, self.amount.checked_sub(other.amount))
            .map(|amount| Money::new(amount, self.currency))
            .ok_or_else(|| Error::overflow("money subtraction"))
    }

    /// `self × factor`, exact as far as `Decimal` allows (the result is not
    /// rounded to minor units; see [`Money::round_to_minor`]).
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let m = Money::new(dec!(100.00), Currency::USD);
    /// assert_eq!(m.checked_mul(dec!(0.125))?.amount(), dec!(12.5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::Overflow`] if the product does not fit in a `Decimal`.
    pub fn checked_mul(&self, factor: Decimal) -> Result<Money> {
        self.amount
            .checked_mul(factor)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or_else(|| Error::overflow("money multiplication"))
    }

    /// `self ÷ divisor`, to `Decimal`'s 28-digit precision (not rounded to
    /// minor units; to split an amount exactly use [`Money::allocate`] or
    /// [`Money::split_evenly`]).
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let m = Money::new(dec!(100.00), Currency::USD);
    /// assert_eq!(m.checked_div(dec!(8))?.amount(), dec!(12.5));
    /// assert!(m.checked_div(dec!(0)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::OutOfRange`] if `divisor` is zero, [`Error::Overflow`] if
    /// the quotient does not fit.
    pub fn checked_div(&self, divisor: Decimal) -> Result<Money> {
        if divisor.is_zero() {
            return Err(Error::out_of_range(Quantity::Divisor, divisor, Bound::NonZero));
        }
        self.amount
            .checked_div(divisor)
            .map(|amount| Money::new(amount, self.currency))
            .ok_or_else(|| Error::overflow("money division"))
    }

    /// `-self`.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let m = Money::new(dec!(7.25), Currency::GBP);
    /// assert_eq!(m.checked_neg()?.amount(), dec!(-7.25));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// None today: `Decimal`'s range is symmetric, so negation cannot
    /// overflow. The `Result` keeps the checked API uniform; the `-`
    /// operator ([`std::ops::Neg`]) is also implemented.
    pub fn checked_neg(&self) -> Result<Money> {
        Ok(-*self)
    }

    /// The sum of `items`, all of which must be in `currency`. An empty
    /// iterator sums to zero.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let parts = [
    ///     Money::new(dec!(33.34), Currency::USD),
    ///     Money::new(dec!(33.33), Currency::USD),
    ///     Money::new(dec!(33.33), Currency::USD),
    /// ];
    /// assert_eq!(Money::checked_sum(&parts, Currency::USD)?.amount(), dec!(100));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if an item is not in `currency`,
    /// [`Error::Overflow`] if the sum does not fit in a `Decimal` exactly.
    pub fn checked_sum<I>(items: I, currency: Currency) -> Result<Money>
    where
        I: IntoIterator,
        I::Item: Borrow<Money>,
    {
        let mut total = Money::zero(currency);
        for item in items {
            let item = item.borrow();
            total.same_currency(item)?;
            total.amount = exact(total.amount, item.amount, total.amount.checked_add(item.amount))
                .ok_or_else(|| Error::overflow("money sum"))?;
        }
        Ok(total)
    }

    /// The smaller of two amounts of the same currency (`self` on a tie).
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let a = Money::new(dec!(1), Currency::USD);
    /// let b = Money::new(dec!(2), Currency::USD);
    /// assert_eq!(a.checked_min(b)?, a);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ.
    pub fn checked_min(&self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        Ok(if other.amount < self.amount { other } else { *self })
    }

    /// The larger of two amounts of the same currency (`self` on a tie).
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let a = Money::new(dec!(1), Currency::USD);
    /// let b = Money::new(dec!(2), Currency::USD);
    /// assert_eq!(a.checked_max(b)?, b);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::CurrencyMismatch`] if the currencies differ.
    pub fn checked_max(&self, other: Money) -> Result<Money> {
        self.same_currency(&other)?;
        Ok(if other.amount > self.amount { other } else { *self })
    }

    /// Rounds to the currency's minor unit with `rounding`. The result has
    /// exactly `minor_units` decimal places.
    ///
    /// ```
    /// use disburse::{Currency, Money, Rounding};
    /// use rust_decimal_macros::dec;
    ///
    /// let m = Money::new(dec!(2.345), Currency::USD);
    /// assert_eq!(m.round_to_minor(Rounding::HalfEven).amount(), dec!(2.34));
    /// assert_eq!(m.round_to_minor(Rounding::HalfUp).amount(), dec!(2.35));
    /// let yen = Money::new(dec!(1234.5), Currency::JPY);
    /// assert_eq!(yen.round_to_minor(Rounding::Down).amount(), dec!(1234));
    /// ```
    pub fn round_to_minor(&self, rounding: Rounding) -> Money {
        self.round_dp(u32::from(self.currency.minor_units), rounding)
    }

    /// Rounds to `dp` decimal places with `rounding` (useful for coarser
    /// steps than the minor unit, e.g. whole dollars).
    ///
    /// ```
    /// use disburse::{Currency, Money, Rounding};
    /// use rust_decimal_macros::dec;
    ///
    /// let m = Money::new(dec!(1234.56), Currency::USD);
    /// assert_eq!(m.round_dp(0, Rounding::Floor).amount(), dec!(1234));
    /// ```
    pub fn round_dp(&self, dp: u32, rounding: Rounding) -> Money {
        let mut amount = rounding.round(self.amount, dp);
        if amount.scale() < dp {
            // Pad with zeros to `dp` decimals (as many as fit); never
            // changes the value.
            amount.rescale(dp.min(Decimal::MAX_SCALE));
        }
        Money::new(amount, self.currency)
    }

    /// Whether the amount is a whole number of minor units (12.34 USD yes,
    /// 12.345 USD no, 12.340 USD yes).
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert!(Money::new(dec!(12.340), Currency::USD).is_whole_minor());
    /// assert!(!Money::new(dec!(12.345), Currency::USD).is_whole_minor());
    /// ```
    pub fn is_whole_minor(&self) -> bool {
        self.amount.normalize().scale() <= u32::from(self.currency.minor_units)
    }

    /// The amount as a whole number of minor units: 12.34 USD → 1234.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Money::new(dec!(12.34), Currency::USD).to_minor_units()?, 1234);
    /// assert_eq!(Money::new(dec!(-5), Currency::USD).to_minor_units()?, -500);
    /// assert!(Money::new(dec!(0.001), Currency::USD).to_minor_units().is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::NotWholeMinorUnits`] if the amount has more decimals than
    /// the currency's minor unit, [`Error::Overflow`] if the count does not
    /// fit in an `i128` (possible only with many minor-unit decimals).
    pub fn to_minor_units(&self) -> Result<i128> {
        self.minor_units_of(Quantity::Amount)
    }

    /// [`Money::to_minor_units`] with `what` naming the amount in errors.
    fn minor_units_of(&self, what: Quantity) -> Result<i128> {
        let normalized = self.amount.normalize();
        let minor = u32::from(self.currency.minor_units);
        let scale = normalized.scale();
        if scale > minor {
            return Err(Error::NotWholeMinorUnits {
                what,
                amount: self.amount,
                currency: self.currency,
            });
        }
        10i128
            .checked_pow(minor - scale)
            .and_then(|factor| normalized.mantissa().checked_mul(factor))
            .ok_or_else(|| Error::overflow("conversion to minor units"))
    }

    /// Splits this amount over `weights`; see the free function
    /// [`allocate`](crate::allocate) for the method and guarantees.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let total = Money::new(dec!(100.00), Currency::USD);
    /// let parts = total.allocate(&[dec!(1), dec!(1), dec!(1)])?;
    /// let amounts: Vec<_> = parts.iter().map(|m| m.amount()).collect();
    /// assert_eq!(amounts, [dec!(33.34), dec!(33.33), dec!(33.33)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// As [`allocate`](crate::allocate).
    pub fn allocate(&self, weights: &[Decimal]) -> Result<Vec<Money>> {
        allocate(*self, weights)
    }

    /// Splits this amount into `n` parts differing by at most one minor
    /// unit, the larger parts first. Same result as [`Money::allocate`]
    /// with `n` equal weights.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let parts = Money::new(dec!(10), Currency::JPY).split_evenly(3)?;
    /// let amounts: Vec<_> = parts.iter().map(|m| m.amount()).collect();
    /// assert_eq!(amounts, [dec!(4), dec!(3), dec!(3)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    ///
    /// # Errors
    ///
    /// [`Error::ZeroCount`] if `n` is zero, [`Error::NotWholeMinorUnits`]
    /// if the amount is not a whole number of minor units,
    /// [`Error::Overflow`] if a part cannot be represented.
    pub fn split_evenly(&self, n: usize) -> Result<Vec<Money>> {
        if n == 0 {
            return Err(Error::ZeroCount { what: Quantity::Parts });
        }
        let units = self.minor_units_of(Quantity::AllocationTotal)?;
        let negative = units < 0;
        let total = units.unsigned_abs();
        let count = n as u128; // usize is at most 128 bits wide
        let base = total / count;
        let extra = total % count; // < n
        (0..n)
            .map(|i| {
                let bump = u128::from((i as u128) < extra);
                minor_to_money(base + bump, negative, self.currency)
            })
            .collect()
    }

    /// A compact rendering for headlines: `$350.00B`, `₩1.43T`, `€12.50M`.
    ///
    /// The amount is scaled by the largest suffix it reaches — `K` (≥ 1e3),
    /// `M` (≥ 1e6), `B` (≥ 1e9), `T` (≥ 1e12) — and shown with two decimals
    /// rounded half-even, or the formatter's precision (`{:.1}`), after the
    /// currency symbol; below 1,000 there is no suffix (`$950.00`). When
    /// rounding reaches 1000 of a suffix, the next one is used. Negative
    /// amounts read `-$1.20B`; currencies without a symbol show the code
    /// (`CHF 1.20B`, `CHF -1.20B`).
    ///
    /// ```
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    ///
    /// let m = Money::new(dec!(1_430_000_000_000), Currency::KRW);
    /// assert_eq!(m.compact().to_string(), "₩1.43T");
    /// assert_eq!(format!("{:.1}", m.compact()), "₩1.4T");
    /// ```
    pub fn compact(&self) -> CompactMoney {
        CompactMoney { money: *self }
    }
}

impl std::ops::Neg for Money {
    type Output = Money;

    /// Negation never overflows (`Decimal`'s range is symmetric).
    fn neg(self) -> Money {
        Money::new(-self.amount, self.currency)
    }
}

impl PartialOrd for Money {
    /// Compares amounts of the same currency; `None` across currencies.
    fn partial_cmp(&self, other: &Money) -> Option<Ordering> {
        if self.currency == other.currency {
            Some(self.amount.cmp(&other.amount))
        } else {
            None
        }
    }
}

/// `result`, the sum `a + b` computed by `Decimal`, if it is exact.
/// `Decimal` adds at the larger scale `s` of its operands unless the
/// mantissa would need more than 96 bits; then it rounds to a smaller
/// scale, dropping the last `k` digits of the exact sum. The sum is exact
/// when those digits are zero: `(a + b)·10^s ≡ 0 (mod 10^k)`, computed from
/// each operand's last digits (`k ≤ 28`, so everything fits in `i128`).
fn exact(a: Decimal, b: Decimal, result: Option<Decimal>) -> Option<Decimal> {
    let r = result?;
    let s = a.scale().max(b.scale());
    if r.scale() >= s {
        return Some(r);
    }
    let k = s - r.scale();
    let low = |d: Decimal| {
        let shift = s - d.scale();
        if shift >= k {
            0
        } else {
            d.mantissa().rem_euclid(10i128.pow(k - shift)) * 10i128.pow(shift)
        }
    };
    ((low(a) + low(b)) % 10i128.pow(k) == 0).then_some(r)
}

/// Appends `|value|` with at least `min_decimals` decimals (more if `value`
/// has more), optionally with comma thousands separators.
fn push_abs_decimal(out: &mut String, value: Decimal, min_decimals: usize, group: bool) {
    let scale = value.scale() as usize;
    let digits = value.mantissa().unsigned_abs().to_string();
    let len = digits.len();
    let int_len = len.saturating_sub(scale);
    if int_len == 0 {
        out.push('0');
    } else {
        for (i, ch) in digits.chars().take(int_len).enumerate() {
            if group && i > 0 && (int_len - i) % 3 == 0 {
                out.push(',');
            }
            out.push(ch);
        }
    }
    let decimals = scale.max(min_decimals);
    if decimals > 0 {
        out.push('.');
        out.extend(std::iter::repeat_n('0', scale.saturating_sub(len)));
        out.extend(digits.chars().skip(int_len));
        out.extend(std::iter::repeat_n('0', decimals - scale));
    }
}

/// Whether `value` should be shown with a minus sign (negative and not zero).
fn shows_minus(value: Decimal) -> bool {
    value.is_sign_negative() && !value.is_zero()
}

/// Clamps a formatter precision to `u32` for `round_dp`.
fn precision_dp(precision: usize) -> u32 {
    u32::try_from(precision).unwrap_or(u32::MAX)
}

impl fmt::Display for Money {
    /// `USD 1,234.50`: at least the currency's decimals, all of them if the
    /// amount has more (never rounded silently). With a precision
    /// (`{:.0}`), rounds half-even to exactly that many decimals.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (value, min_decimals) = match f.precision() {
            Some(p) => (
                self.amount
                    .round_dp_with_strategy(precision_dp(p), RoundingStrategy::MidpointNearestEven)
                    .normalize(),
                p,
            ),
            None => (self.amount.normalize(), usize::from(self.currency.minor_units)),
        };
        let mut out = String::with_capacity(48);
        out.push_str(self.currency.code());
        out.push(' ');
        if shows_minus(value) {
            out.push('-');
        }
        push_abs_decimal(&mut out, value, min_decimals, true);
        f.write_str(&out)
    }
}

/// A compact, human-friendly rendering of a [`Money`], made by
/// [`Money::compact`].
///
/// The amount is scaled by the largest suffix it reaches — `K` (thousand,
/// ≥ 1e3), `M` (million, ≥ 1e6), `B` (billion, ≥ 1e9), `T` (trillion,
/// ≥ 1e12) — and shown with two decimals rounded half-even (or the
/// formatter's precision, `{:.1}`), after the currency symbol: `$350.00B`,
/// `₩1.43T`, `$950.00`. When rounding reaches 1000 of a suffix, the next
/// suffix is used (`$999,999.999` → `$1.00M`). Negative amounts put the
/// sign before the symbol (`-$1.20B`). Currencies without a symbol show
/// the code and a space instead, with the sign after it, as `Display` for
/// [`Money`] does (`CHF 1.20B`, `CHF -1.20B`).
///
/// ```
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
///
/// let m = Money::new(dec!(-1_200_000_000), Currency::USD);
/// assert_eq!(m.compact().to_string(), "-$1.20B");
/// let m = Money::new(dec!(1_200_000_000), Currency::CHF);
/// assert_eq!(m.compact().to_string(), "CHF 1.20B");
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct CompactMoney {
    money: Money,
}

impl CompactMoney {
    /// The money being rendered.
    ///
    /// ```
    /// use disburse::{Currency, Money};
    ///
    /// let m = Money::zero(Currency::USD);
    /// assert_eq!(m.compact().money(), m);
    /// ```
    pub fn money(&self) -> Money {
        self.money
    }
}

/// Suffix tiers of [`CompactMoney`], ascending: (power of ten, suffix).
const COMPACT_TIERS: [(u32, &str); 5] = [(0, ""), (3, "K"), (6, "M"), (9, "B"), (12, "T")];

impl fmt::Display for CompactMoney {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(2);
        let dp = precision_dp(precision);
        let abs = self.money.amount.abs();
        let thousand = Decimal::from(1000u32);
        let scaled_by = |power: u32| -> Decimal {
            let divisor = Decimal::from(10u64.pow(power));
            abs.checked_div(divisor)
                .unwrap_or(abs)
                .round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
        };
        let mut tier = COMPACT_TIERS
            .iter()
            .rposition(|&(power, _)| abs >= Decimal::from(10u64.pow(power)))
            .unwrap_or(0);
        let mut shown = scaled_by(COMPACT_TIERS.get(tier).map_or(0, |t| t.0));
        while shown >= thousand && tier + 1 < COMPACT_TIERS.len() {
            tier += 1;
            shown = scaled_by(COMPACT_TIERS.get(tier).map_or(0, |t| t.0));
        }
        let suffix = COMPACT_TIERS.get(tier).map_or("", |t| t.1);
        let minus = self.money.amount.is_sign_negative() && !shown.is_zero();

        let mut out = String::with_capacity(24);
        match self.money.currency.symbol() {
            Some(symbol) => {
                if minus {
                    out.push('-');
                }
                out.push_str(symbol);
            }
            None => {
                out.push_str(self.money.currency.code());
                out.push(' ');
                if minus {
                    out.push('-');
                }
            }
        }
        push_abs_decimal(&mut out, shown.normalize(), precision, true);
        out.push_str(suffix);
        f.write_str(&out)
    }
}

// ---------------------------------------------------------------------------
// Allocation
// ---------------------------------------------------------------------------

/// Splits `total` over `weights` by the largest-remainder (Hamilton) method
/// on whole minor units. This is the one allocation routine of the crate.
///
/// With `T` the total in minor units and `W` the sum of the weights, part
/// `i` gets `floor(T·wᵢ / W)` minor units; the units left over (fewer than
/// the number of weights) go one each to the parts with the largest
/// remainders `T·wᵢ mod W`, ties to the lower index. So:
///
/// - the parts always sum **exactly** to `total`;
/// - each part is within one minor unit of its exact share (the floor or
///   the floor plus one);
/// - equal weights give parts differing by at most one minor unit, the
///   larger ones first; a zero weight gives a zero part;
/// - the result is deterministic;
/// - a negative total is allocated as its absolute value and each part
///   negated; a zero total gives zero parts.
///
/// The computation is done in integers: each weight is normalized (trailing
/// zeros dropped) and scaled to an integer by a common power of ten. If the
/// scaled weights or their sum would not fit in a `u128` (weights spanning
/// more than about 38 orders of magnitude), the common scale is reduced by
/// rounding the weights half-even to fewer decimal places until they fit;
/// this changes the proportions by less than 1e-20 relative in any
/// realistic case. Products `T·wᵢ` are computed exactly with 256-bit
/// intermediates. Runs in O(n log n) at most with two vectors.
///
/// ```
/// use disburse::{Currency, Money, allocate};
/// use rust_decimal_macros::dec;
///
/// let total = Money::new(dec!(100.00), Currency::USD);
/// let parts = allocate(total, &[dec!(0.5), dec!(0.3), dec!(0.2)])?;
/// let amounts: Vec<_> = parts.iter().map(|m| m.amount()).collect();
/// assert_eq!(amounts, [dec!(50.00), dec!(30.00), dec!(20.00)]);
///
/// let yen = Money::new(dec!(1), Currency::JPY);
/// let parts = allocate(yen, &[dec!(1), dec!(1), dec!(1)])?;
/// let amounts: Vec<_> = parts.iter().map(|m| m.amount()).collect();
/// assert_eq!(amounts, [dec!(1), dec!(0), dec!(0)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// - [`Error::EmptyWeights`] if `weights` is empty;
/// - [`Error::NegativeWeight`] for the first negative weight;
/// - [`Error::ZeroWeights`] if all weights are zero;
/// - [`Error::NotWholeMinorUnits`] (what = `"allocation total"`) if
///   `total` is not a whole number of minor units;
/// - [`Error::Overflow`] if the weights cannot be scaled to integers even
///   at scale zero, or a part cannot be represented as a `Decimal`.
pub fn allocate(total: Money, weights: &[Decimal]) -> Result<Vec<Money>> {
    if weights.is_empty() {
        return Err(Error::EmptyWeights);
    }
    let mut max_scale = 0u32;
    let mut any_positive = false;
    for (index, weight) in weights.iter().enumerate() {
        if weight.is_zero() {
            continue;
        }
        if weight.is_sign_negative() {
            return Err(Error::NegativeWeight { index, value: *weight });
        }
        any_positive = true;
        max_scale = max_scale.max(weight.normalize().scale());
    }
    if !any_positive {
        return Err(Error::ZeroWeights);
    }

    let currency = total.currency;
    let units = total.minor_units_of(Quantity::AllocationTotal)?;
    let negative = units < 0;
    let t = units.unsigned_abs();
    if t == 0 {
        return weights.iter().map(|_| minor_to_money(0, false, currency)).collect();
    }

    let (scale, sum) = common_scale(weights, max_scale)?;

    let mut parts = Vec::with_capacity(weights.len());
    // (remainder, index, quotient) of each part with a remainder.
    let mut remainders: Vec<(u128, usize, u128)> = Vec::with_capacity(weights.len());
    let mut assigned: u128 = 0;
    for (index, weight) in weights.iter().enumerate() {
        let scaled = scaled_weight(*weight, scale).ok_or_else(|| Error::overflow("allocation"))?;
        // scaled <= sum, so the quotient is at most t.
        let (quotient, remainder) = mul_div_rem(t, scaled, sum);
        parts.push(minor_to_money(quotient, negative, currency)?);
        assigned = assigned
            .checked_add(quotient)
            .ok_or_else(|| Error::overflow("allocation"))?;
        if remainder > 0 {
            remainders.push((remainder, index, quotient));
        }
    }

    // leftover * sum == sum of remainders, each < sum: leftover < n and at
    // least `leftover` remainders are nonzero.
    let leftover = t
        .checked_sub(assigned)
        .and_then(|l| usize::try_from(l).ok())
        .ok_or_else(|| Error::overflow("allocation"))?;
    if leftover > 0 {
        let by_rank = |a: &(u128, usize, u128), b: &(u128, usize, u128)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if leftover < remainders.len() {
            remainders.select_nth_unstable_by(leftover - 1, by_rank);
        }
        // One more minor unit, counted in minor units: adding it to the
        // `Decimal` part could round it away at 28 significant digits.
        for &(_, index, quotient) in remainders.iter().take(leftover) {
            if let Some(part) = parts.get_mut(index) {
                let bumped = quotient.checked_add(1).ok_or_else(|| Error::overflow("allocation"))?;
                *part = minor_to_money(bumped, negative, currency)?;
            }
        }
    }
    Ok(parts)
}

/// `units` minor units of `currency` (negated if `negative`) as money,
/// stripping trailing zeros if that is needed to fit a `Decimal`.
fn minor_to_money(units: u128, negative: bool, currency: Currency) -> Result<Money> {
    const MAX_MANTISSA: u128 = (1u128 << 96) - 1;
    let mut units = units;
    let mut scale = u32::from(currency.minor_units);
    while units > MAX_MANTISSA && scale > 0 && units % 10 == 0 {
        units /= 10;
        scale -= 1;
    }
    let signed = i128::try_from(units).map_err(|_| Error::overflow("allocation"))?;
    let signed = if negative { -signed } else { signed };
    Decimal::try_from_i128_with_scale(signed, scale)
        .map(|amount| Money::new(amount, currency))
        .map_err(|_| Error::overflow("allocation"))
}

/// A non-negative weight as an integer at `scale` decimals (rounded
/// half-even if it has more), or `None` if it does not fit a `u128`.
fn scaled_weight(weight: Decimal, scale: u32) -> Option<u128> {
    let rounded = if weight.scale() > scale {
        weight.round_dp_with_strategy(scale, RoundingStrategy::MidpointNearestEven)
    } else {
        weight
    };
    let normalized = rounded.normalize();
    let mantissa = u128::try_from(normalized.mantissa()).ok()?;
    let factor = 10u128.checked_pow(scale.checked_sub(normalized.scale())?)?;
    mantissa.checked_mul(factor)
}

/// The largest scale `<= max_scale` at which all weights and their sum fit
/// in a `u128`, with that sum.
fn common_scale(weights: &[Decimal], max_scale: u32) -> Result<(u32, u128)> {
    let mut scale = max_scale;
    loop {
        let sum = weights.iter().try_fold(0u128, |acc, w| {
            scaled_weight(*w, scale).and_then(|s| acc.checked_add(s))
        });
        match sum {
            Some(0) => return Err(Error::ZeroWeights),
            Some(sum) => return Ok((scale, sum)),
            None if scale == 0 => return Err(Error::overflow("allocation weights")),
            None => scale -= 1,
        }
    }
}

/// `(floor(a·b / c), a·b mod c)`, exact, for `c > 0`.
///
/// The quotient must fit in a `u128`, which holds whenever `b <= c` (as in
/// allocation, where it is at most `a`); otherwise only its low 128 bits
/// are returned. For `c == 0` returns `(0, 0)`.
fn mul_div_rem(a: u128, b: u128, c: u128) -> (u128, u128) {
    if c == 0 {
        return (0, 0);
    }
    if let Some(product) = a.checked_mul(b) {
        return (product / c, product % c);
    }
    let (hi, lo) = widening_mul(a, b);
    // Long division of hi·2^128 + lo by c. hi % c < c starts the remainder;
    // the quotient's high word (hi / c) is zero when the quotient fits.
    let mut rem = hi % c;
    let mut quotient: u128 = 0;
    for bit in (0..128).rev() {
        // rem < c < 2^128, so 2·rem + 1 < 2^129: keep the carried-out bit.
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || rem >= c {
            // The true value carry·2^128 + rem is < 2c, so one subtraction
            // (modulo 2^128) gives the exact remainder.
            rem = rem.wrapping_sub(c);
            quotient |= 1;
        }
    }
    (quotient, rem)
}

/// The full 256-bit product `a·b` as `(high, low)` 128-bit words.
fn widening_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & MASK);
    let (b_hi, b_lo) = (b >> 64, b & MASK);
    let ll = a_lo * b_lo;
    let lh = a_lo * b_hi;
    let hl = a_hi * b_lo;
    let hh = a_hi * b_hi;
    // Middle column: each term < 2^128 - 2^65 + 1, their sum of three
    // 64-bit halves fits comfortably.
    let mid = (ll >> 64) + (lh & MASK) + (hl & MASK);
    let low = (ll & MASK) | (mid << 64);
    let high = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
    (high, low)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn usd(amount: Decimal) -> Money {
        Money::new(amount, Currency::USD)
    }

    fn amounts(parts: &[Money]) -> Vec<Decimal> {
        parts.iter().map(Money::amount).collect()
    }

    // ----- currency ---------------------------------------------------------

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

    // ----- rounding ---------------------------------------------------------

    #[test]
    fn rounding_every_strategy() {
        use Rounding::*;
        // (strategy, input, expected at 2 dp)
        let cases = [
            (HalfEven, dec!(2.345), dec!(2.34)),
            (HalfEven, dec!(2.355), dec!(2.36)),
            (HalfEven, dec!(2.346), dec!(2.35)),
            (HalfEven, dec!(-2.345), dec!(-2.34)),
            (HalfEven, dec!(-2.355), dec!(-2.36)),
            (HalfUp, dec!(2.345), dec!(2.35)),
            (HalfUp, dec!(2.344), dec!(2.34)),
            (HalfUp, dec!(-2.345), dec!(-2.35)),
            (HalfDown, dec!(2.345), dec!(2.34)),
            (HalfDown, dec!(2.346), dec!(2.35)),
            (HalfDown, dec!(-2.345), dec!(-2.34)),
            (HalfDown, dec!(-2.346), dec!(-2.35)),
            (Down, dec!(2.349), dec!(2.34)),
            (Down, dec!(2.345), dec!(2.34)),
            (Down, dec!(-2.349), dec!(-2.34)),
            (Up, dec!(2.341), dec!(2.35)),
            (Up, dec!(2.345), dec!(2.35)),
            (Up, dec!(-2.341), dec!(-2.35)),
            (Floor, dec!(2.349), dec!(2.34)),
            (Floor, dec!(2.345), dec!(2.34)),
            (Floor, dec!(-2.341), dec!(-2.35)),
            (Ceiling, dec!(2.341), dec!(2.35)),
            (Ceiling, dec!(2.345), dec!(2.35)),
            (Ceiling, dec!(-2.349), dec!(-2.34)),
        ];
        for (rounding, input, expected) in cases {
            assert_eq!(rounding.round(input, 2), expected, "{rounding} {input}");
            let m = usd(input).round_to_minor(rounding);
            assert_eq!(m.amount(), expected, "{rounding} {input}");
            assert_eq!(m.amount().scale(), 2);
        }
        // Already-exact values are unchanged by every strategy.
        for rounding in Rounding::ALL {
            assert_eq!(rounding.round(dec!(-2.34), 2), dec!(-2.34));
        }
    }

    #[test]
    fn round_to_minor_pads_and_handles_yen() {
        let m = usd(dec!(5)).round_to_minor(Rounding::HalfEven);
        assert_eq!(m.amount().to_string(), "5.00");
        let yen = Money::new(dec!(2.5), Currency::JPY);
        assert_eq!(yen.round_to_minor(Rounding::HalfEven).amount(), dec!(2));
        assert_eq!(yen.round_to_minor(Rounding::HalfUp).amount(), dec!(3));
        let m = usd(dec!(1234.56)).round_dp(0, Rounding::Ceiling);
        assert_eq!(m.amount(), dec!(1235));
    }

    #[test]
    fn rounding_names_and_serde() {
        for rounding in Rounding::ALL {
            let json = serde_json::to_string(&rounding).unwrap();
            assert_eq!(json, format!("\"{}\"", rounding.name()));
            assert_eq!(serde_json::from_str::<Rounding>(&json).unwrap(), rounding);
            assert_eq!(rounding.to_string().parse::<Rounding>().unwrap(), rounding);
            assert_eq!(RoundingStrategy::from(rounding), rounding.strategy());
        }
        assert_eq!(serde_json::to_string(&Rounding::HalfEven).unwrap(), "\"half_even\"");
        assert_eq!(Rounding::default(), Rounding::HalfEven);
        assert!(serde_json::from_str::<Rounding>("\"HalfEven\"").is_err());
        let err = "banker".parse::<Rounding>().unwrap_err();
        assert!(err.to_string().starts_with("invalid rounding `banker`"), "{err}");
    }

    // ----- money basics -----------------------------------------------------

    #[test]
    fn constructors_and_predicates() {
        let m = Money::from_minor(1234, Currency::USD).unwrap();
        assert_eq!(m.amount(), dec!(12.34));
        assert_eq!(m.currency(), Currency::USD);
        assert!(m.is_positive() && !m.is_negative() && !m.is_zero());
        let z = Money::zero(Currency::EUR);
        assert!(z.is_zero() && !z.is_positive() && !z.is_negative());
        let n = Money::from_minor(-1, Currency::JPY).unwrap();
        assert!(n.is_negative());
        assert_eq!(n.abs().amount(), dec!(1));
        assert!(matches!(
            Money::from_minor(i128::MAX, Currency::USD),
            Err(Error::Overflow { .. })
        ));
        assert!(Money::from_minor((1 << 96) - 1, Currency::JPY).is_ok());
        assert!(Money::from_minor(1 << 96, Currency::JPY).is_err());
    }

    #[test]
    fn equality_ignores_scale_but_not_currency() {
        assert_eq!(usd(dec!(1.0)), usd(dec!(1.00)));
        assert_ne!(usd(dec!(1)), Money::new(dec!(1), Currency::CAD));
        assert_eq!(usd(dec!(1)).partial_cmp(&Money::new(dec!(1), Currency::CAD)), None);
        assert!(usd(dec!(1)) < usd(dec!(1.01)));
        assert_eq!(usd(dec!(2.0)).partial_cmp(&usd(dec!(2))), Some(Ordering::Equal));
        use std::collections::HashSet;
        let set: HashSet<Money> = [usd(dec!(1.0)), usd(dec!(1.00))].into_iter().collect();
        assert_eq!(set.len(), 1);
    }

    #[test]
    fn checked_arithmetic() {
        let a = usd(dec!(10.50));
        let b = usd(dec!(0.25));
        assert_eq!(a.checked_add(b).unwrap().amount(), dec!(10.75));
        assert_eq!(a.checked_sub(b).unwrap().amount(), dec!(10.25));
        assert_eq!(a.checked_mul(dec!(3)).unwrap().amount(), dec!(31.50));
        assert_eq!(a.checked_div(dec!(4)).unwrap().amount(), dec!(2.625));
        assert_eq!(a.checked_neg().unwrap().amount(), dec!(-10.50));
        assert_eq!((-a).amount(), dec!(-10.50));
        assert_eq!(a.checked_min(b).unwrap(), b);
        assert_eq!(a.checked_max(b).unwrap(), a);
    }

    #[test]
    fn checked_arithmetic_errors() {
        let a = usd(dec!(1));
        let e = Money::new(dec!(1), Currency::EUR);
        let mismatch = Error::CurrencyMismatch {
            expected: Currency::USD,
            found: Currency::EUR,
        };
        assert_eq!(a.checked_add(e).unwrap_err(), mismatch);
        assert_eq!(a.checked_sub(e).unwrap_err(), mismatch);
        assert_eq!(a.checked_min(e).unwrap_err(), mismatch);
        assert_eq!(a.checked_max(e).unwrap_err(), mismatch);
        assert_eq!(
            e.checked_add(a).unwrap_err().to_string(),
            "currency mismatch: expected EUR, found USD"
        );

        let big = usd(Decimal::MAX);
        assert!(matches!(big.checked_add(a), Err(Error::Overflow { .. })));
        assert!(matches!((-big).checked_sub(a), Err(Error::Overflow { .. })));
        assert!(matches!(big.checked_mul(dec!(2)), Err(Error::Overflow { .. })));
        assert!(matches!(big.checked_div(dec!(0.5)), Err(Error::Overflow { .. })));
        let err = a.checked_div(Decimal::ZERO).unwrap_err();
        assert!(matches!(
            err,
            Error::OutOfRange {
                what: Quantity::Divisor,
                bound: Bound::NonZero,
                ..
            }
        ));
        assert_eq!(err.to_string(), "divisor is out of range: must not be zero");
    }

    #[test]
    fn checked_sum() {
        let items = [usd(dec!(1.10)), usd(dec!(2.20)), usd(dec!(-0.30))];
        assert_eq!(Money::checked_sum(items, Currency::USD).unwrap().amount(), dec!(3.00));
        assert_eq!(
            Money::checked_sum(items.iter(), Currency::USD).unwrap().amount(),
            dec!(3)
        );
        assert!(
            Money::checked_sum(Vec::<Money>::new(), Currency::JPY)
                .unwrap()
                .is_zero()
        );
        let mixed = [usd(dec!(1)), Money::new(dec!(1), Currency::EUR)];
        assert!(matches!(
            Money::checked_sum(mixed, Currency::USD),
            Err(Error::CurrencyMismatch { .. })
        ));
        assert!(matches!(
            Money::checked_sum([usd(dec!(1))], Currency::EUR),
            Err(Error::CurrencyMismatch { .. })
        ));
        assert!(matches!(
            Money::checked_sum([usd(Decimal::MAX), usd(dec!(1))], Currency::USD),
            Err(Error::Overflow { .. })
        ));
    }

    #[test]
    fn minor_units() {
        assert_eq!(usd(dec!(12.34)).to_minor_units().unwrap(), 1234);
        assert_eq!(usd(dec!(12.3400)).to_minor_units().unwrap(), 1234);
        assert_eq!(usd(dec!(-7)).to_minor_units().unwrap(), -700);
        assert_eq!(Money::new(dec!(1430), Currency::KRW).to_minor_units().unwrap(), 1430);
        assert!(usd(dec!(12.340)).is_whole_minor());
        assert!(!usd(dec!(12.345)).is_whole_minor());
        let err = usd(dec!(12.345)).to_minor_units().unwrap_err();
        assert_eq!(
            err.to_string(),
            "amount: 12.345 is not a whole number of minor units of USD"
        );
        let fine = Money::new(Decimal::MAX, Currency::new("XFN", 18).unwrap());
        assert!(matches!(fine.to_minor_units(), Err(Error::Overflow { .. })));
    }

    // ----- display ----------------------------------------------------------

    #[test]
    fn display() {
        let cases = [
            (usd(dec!(350_000_000_000)), "USD 350,000,000,000.00"),
            (usd(dec!(-1234.5)), "USD -1,234.50"),
            (usd(dec!(0)), "USD 0.00"),
            (usd(dec!(0.05)), "USD 0.05"),
            (usd(dec!(-0.05)), "USD -0.05"),
            (usd(dec!(999)), "USD 999.00"),
            (usd(dec!(1000)), "USD 1,000.00"),
            (usd(dec!(123456.7)), "USD 123,456.70"),
            (usd(dec!(1.23456)), "USD 1.23456"),
            (usd(dec!(1.2340)), "USD 1.234"),
            (usd(dec!(0.0001)), "USD 0.0001"),
            (usd(dec!(1.000)), "USD 1.00"),
            (Money::new(dec!(1430), Currency::KRW), "KRW 1,430"),
            (
                Money::new(dec!(1_430_000_000_000), Currency::KRW),
                "KRW 1,430,000,000,000",
            ),
            (Money::new(dec!(-5), Currency::JPY), "JPY -5"),
            (Money::new(dec!(5.5), Currency::JPY), "JPY 5.5"),
            (
                Money::new(dec!(1234.5), Currency::new("XAU", 3).unwrap()),
                "XAU 1,234.500",
            ),
            (usd(Decimal::MAX), "USD 79,228,162,514,264,337,593,543,950,335.00"),
        ];
        for (m, s) in cases {
            assert_eq!(m.to_string(), s);
        }
    }

    #[test]
    fn display_precision() {
        let m = usd(dec!(1234.5));
        assert_eq!(format!("{m:.0}"), "USD 1,234");
        assert_eq!(format!("{:.0}", usd(dec!(1235.5))), "USD 1,236");
        assert_eq!(format!("{:.1}", usd(dec!(2.25))), "USD 2.2");
        assert_eq!(format!("{m:.4}"), "USD 1,234.5000");
        assert_eq!(format!("{:.2}", usd(dec!(1.23456))), "USD 1.23");
        assert_eq!(format!("{:.0}", usd(dec!(-0.4))), "USD 0");
        assert_eq!(format!("{:.3}", Money::new(dec!(7), Currency::JPY)), "JPY 7.000");
        assert_eq!(format!("{:.30}", usd(dec!(1))).len(), "USD 1.".len() + 30);
    }

    #[test]
    fn compact() {
        let cases = [
            (usd(dec!(350_000_000_000)), "$350.00B"),
            (Money::new(dec!(1_430_000_000_000), Currency::KRW), "₩1.43T"),
            (Money::new(dec!(12_500_000), Currency::EUR), "€12.50M"),
            (usd(dec!(950)), "$950.00"),
            (usd(dec!(0)), "$0.00"),
            (usd(dec!(999.994)), "$999.99"),
            (usd(dec!(999.995)), "$1.00K"),
            (usd(dec!(1000)), "$1.00K"),
            (usd(dec!(1_234)), "$1.23K"),
            (usd(dec!(999_999_999)), "$1.00B"),
            (usd(dec!(-1_200_000_000)), "-$1.20B"),
            (usd(dec!(-0.001)), "$0.00"),
            (Money::new(dec!(1_200_000_000), Currency::CHF), "CHF 1.20B"),
            (Money::new(dec!(-1_200_000_000), Currency::CHF), "CHF -1.20B"),
            (Money::new(dec!(2_500), Currency::GBP), "£2.50K"),
            (Money::new(dec!(8_000_000), Currency::CNY), "CN¥8.00M"),
            (Money::new(dec!(3_000_000_000_000_000), Currency::JPY), "¥3,000.00T"),
            (Money::new(dec!(15_000), Currency::new("XAU", 3).unwrap()), "XAU 15.00K"),
        ];
        for (m, s) in cases {
            assert_eq!(m.compact().to_string(), s);
        }
        let m = Money::new(dec!(1_434_000_000_000), Currency::KRW);
        assert_eq!(format!("{:.1}", m.compact()), "₩1.4T");
        assert_eq!(format!("{:.0}", m.compact()), "₩1T");
        assert_eq!(format!("{:.3}", m.compact()), "₩1.434T");
        assert_eq!(format!("{:.0}", usd(dec!(999_600)).compact()), "$1M");
    }

    // ----- serde ------------------------------------------------------------

    #[test]
    fn money_serde() {
        let m = usd(dec!(350_000_000_000.00));
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(json, r#"{"amount":"350000000000.00","currency":"USD"}"#);
        assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);

        let xau = Money::new(dec!(-1.250), Currency::new("XAU", 3).unwrap());
        let json = serde_json::to_string(&xau).unwrap();
        assert_eq!(json, r#"{"amount":"-1.250","currency":{"code":"XAU","minor_units":3}}"#);
        let back: Money = serde_json::from_str(&json).unwrap();
        assert_eq!(back, xau);
        assert_eq!(back.amount().to_string(), "-1.250");
    }

    #[test]
    fn money_serde_accepts_numbers() {
        let m: Money = serde_json::from_str(r#"{"amount":12,"currency":"JPY"}"#).unwrap();
        assert_eq!(m, Money::new(dec!(12), Currency::JPY));
        let m: Money = serde_json::from_str(r#"{"amount":-3,"currency":"JPY"}"#).unwrap();
        assert_eq!(m.amount(), dec!(-3));
        let m: Money = serde_json::from_str(r#"{"amount":0.1,"currency":"USD"}"#).unwrap();
        assert_eq!(m.amount(), dec!(0.1));
        let m: Money = serde_json::from_str(r#"{"amount":"1e3","currency":"USD"}"#).unwrap();
        assert_eq!(m.amount(), dec!(1000));
    }

    #[test]
    fn money_serde_errors() {
        for bad in [
            r#"{"amount":"abc","currency":"USD"}"#,
            r#"{"amount":"1","currency":"ZZZ"}"#,
            r#"{"amount":"1"}"#,
            r#"{"currency":"USD"}"#,
            r#"{"amount":"1","currency":"USD","extra":true}"#,
            r#"{"amount":true,"currency":"USD"}"#,
        ] {
            assert!(serde_json::from_str::<Money>(bad).is_err(), "{bad}");
        }
        let err = serde_json::from_str::<Money>(r#"{"amount":"1","currency":"ZZZ"}"#).unwrap_err();
        assert!(err.to_string().contains("unknown currency code `ZZZ`"), "{err}");
    }

    // ----- allocation -------------------------------------------------------

    #[test]
    fn allocate_examples() {
        let parts = allocate(usd(dec!(350_000_000_000)), &[dec!(1); 10]).unwrap();
        assert_eq!(amounts(&parts), vec![dec!(35_000_000_000); 10]);

        let parts = allocate(usd(dec!(100.00)), &[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(33.34), dec!(33.33), dec!(33.33)]);

        let yen = Money::new(dec!(1), Currency::JPY);
        let parts = allocate(yen, &[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(1), dec!(0), dec!(0)]);

        // Largest remainder wins, not the lowest index.
        let parts = allocate(usd(dec!(1.00)), &[dec!(1), dec!(2), dec!(3)]).unwrap();
        // exact: 0.1666.., 0.3333.., 0.5 → 0.16, 0.33, 0.50 + 1 cent to the first
        assert_eq!(amounts(&parts), [dec!(0.17), dec!(0.33), dec!(0.50)]);

        let parts = allocate(usd(dec!(0.05)), &[dec!(0.3), dec!(0.7)]).unwrap();
        // 1.5 and 3.5 cents: tie, lower index first
        assert_eq!(amounts(&parts), [dec!(0.02), dec!(0.03)]);
    }

    #[test]
    fn allocate_signs_zero_and_zero_weights() {
        let parts = allocate(usd(dec!(-100)), &[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(-33.34), dec!(-33.33), dec!(-33.33)]);

        let parts = allocate(usd(dec!(0)), &[dec!(1), dec!(2)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(0), dec!(0)]);
        assert_eq!(parts[0].amount().to_string(), "0.00");

        let parts = allocate(usd(dec!(10)), &[dec!(0), dec!(1), dec!(0), dec!(3)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(0), dec!(2.50), dec!(0), dec!(7.50)]);
        assert!(parts.iter().all(|p| p.currency() == Currency::USD));
    }

    #[test]
    fn allocate_errors() {
        let total = usd(dec!(10));
        assert_eq!(allocate(total, &[]).unwrap_err(), Error::EmptyWeights);
        assert_eq!(
            allocate(total, &[dec!(1), dec!(-0.5)]).unwrap_err(),
            Error::NegativeWeight {
                index: 1,
                value: dec!(-0.5)
            }
        );
        assert_eq!(allocate(total, &[dec!(0), dec!(0.00)]).unwrap_err(), Error::ZeroWeights);
        let err = allocate(usd(dec!(10.001)), &[dec!(1)]).unwrap_err();
        assert_eq!(
            err,
            Error::NotWholeMinorUnits {
                what: Quantity::AllocationTotal,
                amount: dec!(10.001),
                currency: Currency::USD,
            }
        );
        // A negative zero weight is zero, not negative.
        let neg_zero = -dec!(0);
        assert!(allocate(total, &[neg_zero, dec!(1)]).is_ok());
    }

    #[test]
    fn allocate_decimal_weights_are_exact() {
        // 1/3 as a 28-digit decimal three times: equal weights.
        let third = dec!(0.3333333333333333333333333333);
        let parts = allocate(usd(dec!(100)), &[third, third, third]).unwrap();
        assert_eq!(amounts(&parts), [dec!(33.34), dec!(33.33), dec!(33.33)]);
        // Trailing zeros do not matter.
        let a = allocate(usd(dec!(7.77)), &[dec!(0.250), dec!(0.75)]).unwrap();
        let b = allocate(usd(dec!(7.77)), &[dec!(1), dec!(3)]).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn allocate_with_scale_reduction() {
        // Weights spanning 56 orders of magnitude need the scale reduced.
        let big = Decimal::MAX;
        let tiny = dec!(0.0000000000000000000000000001);
        let total = usd(dec!(1_000_000));
        let parts = allocate(total, &[big, tiny, big]).unwrap();
        assert_eq!(amounts(&parts), [dec!(500_000), dec!(0), dec!(500_000)]);
        let many = vec![big; 1000];
        let parts = allocate(total, &many).unwrap();
        assert_eq!(Money::checked_sum(&parts, Currency::USD).unwrap(), total);
        // Huge quotas need the 256-bit path.
        let total = Money::new(dec!(79_228_162_514_264_337_593_543_950_335), Currency::JPY);
        let parts = allocate(total, &[big, dec!(12345.6789), big]).unwrap();
        assert_eq!(Money::checked_sum(&parts, Currency::JPY).unwrap(), total);
    }

    #[test]
    fn allocate_huge_total() {
        let total = usd(Decimal::MAX);
        // 7.9e30 minor units: parts of an eleventh are not representable.
        assert!(matches!(allocate(total, &[dec!(1); 11]), Err(Error::Overflow { .. })));
        // But halves of a whole amount with trailing zeros are.
        let total = usd(dec!(70_000_000_000_000_000_000_000_000_000));
        let parts = allocate(total, &[dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(35_000_000_000_000_000_000_000_000_000); 2]);
        // The leftover cent goes to a 28-digit part in minor units: as a
        // `Decimal` addition it was rounded away (parts summed to .87 of .90).
        let total = usd(dec!(7922816251426433759354394938.9));
        match allocate(total, &[dec!(1), dec!(2), dec!(4)]) {
            Ok(parts) => {
                let units: i128 = parts.iter().map(|p| p.to_minor_units().unwrap()).sum();
                assert_eq!(units, total.to_minor_units().unwrap());
            }
            Err(e) => assert!(matches!(e, Error::Overflow { .. }), "{e}"),
        }
    }

    #[test]
    fn sums_never_round_silently() {
        let max = usd(Decimal::MAX);
        let tiny = usd(Decimal::new(1, 28));
        // `Decimal` alone gives MAX + 1e-28 = MAX.
        assert_eq!(Decimal::MAX.checked_add(tiny.amount()), Some(Decimal::MAX));
        for e in [
            max.checked_add(tiny).unwrap_err(),
            max.checked_sub(-tiny).unwrap_err(),
            Money::checked_sum([max, tiny], Currency::USD).unwrap_err(),
        ] {
            assert!(matches!(e, Error::Overflow { .. }), "{e}");
        }
        // Rounding that drops only zeros is exact: 2 × 7.92…335 (28 places)
        // needs 29 digits, but its last digit is 0.
        let x = usd(Decimal::from_i128_with_scale((1 << 96) - 1, 28));
        assert_eq!(x.checked_add(x).unwrap().amount(), dec!(15.845632502852867518708790067));
        assert_eq!(
            x.checked_sub(-x).unwrap().amount(),
            dec!(15.845632502852867518708790067)
        );
        assert_eq!(
            usd(dec!(1.10)).checked_add(usd(dec!(2.25))).unwrap().amount(),
            dec!(3.35)
        );
    }

    #[test]
    fn split_evenly_matches_allocate() {
        for (total, n) in [
            (usd(dec!(100)), 3),
            (usd(dec!(-0.07)), 4),
            (Money::new(dec!(1), Currency::JPY), 3),
            (usd(dec!(0)), 2),
            (usd(dec!(350_000_000_000)), 7),
        ] {
            let even = total.split_evenly(n).unwrap();
            let weighted = total.allocate(&vec![dec!(1); n]).unwrap();
            assert_eq!(even, weighted);
            assert_eq!(amounts(&even), amounts(&weighted));
        }
        assert_eq!(
            usd(dec!(1)).split_evenly(0).unwrap_err(),
            Error::ZeroCount { what: Quantity::Parts }
        );
        assert!(matches!(
            usd(dec!(0.001)).split_evenly(2),
            Err(Error::NotWholeMinorUnits { .. })
        ));
    }

    // ----- mul_div_rem ------------------------------------------------------

    /// A small deterministic generator (xorshift64*), enough for tests.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn next_u128(&mut self) -> u128 {
            (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64())
        }

        /// A value of a random bit width, so small and large values occur.
        fn any_width(&mut self) -> u128 {
            let bits = self.next_u64() % 129;
            if bits == 0 { 0 } else { self.next_u128() >> (128 - bits) }
        }
    }

    /// a·b + c as 256 bits (high, low), for checking.
    fn mul_add(a: u128, b: u128, c: u128) -> (u128, u128) {
        let (hi, lo) = widening_mul(a, b);
        let (lo, carry) = lo.overflowing_add(c);
        (hi + u128::from(carry), lo)
    }

    #[test]
    fn widening_mul_known() {
        assert_eq!(widening_mul(0, u128::MAX), (0, 0));
        assert_eq!(widening_mul(u128::MAX, 1), (0, u128::MAX));
        assert_eq!(widening_mul(1 << 64, 1 << 64), (1, 0));
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1
        assert_eq!(widening_mul(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..10_000 {
            let a = u128::from(rng.next_u64());
            let b = rng.next_u128() >> 64;
            assert_eq!(widening_mul(a, b), (0, a * b));
        }
    }

    #[test]
    fn mul_div_rem_matches_reference_when_product_fits() {
        let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
        let mut checked = 0;
        while checked < 20_000 {
            let a = rng.any_width();
            let b = rng.any_width();
            let c = rng.any_width();
            if c == 0 {
                continue;
            }
            if let Some(p) = a.checked_mul(b) {
                assert_eq!(mul_div_rem(a, b, c), (p / c, p % c), "{a} {b} {c}");
                checked += 1;
            }
        }
    }

    #[test]
    fn mul_div_rem_big_cases() {
        let max = u128::MAX;
        assert_eq!(mul_div_rem(max, max, max), (max, 0));
        assert_eq!(mul_div_rem(max, max - 1, max), (max - 1, 0));
        assert_eq!(mul_div_rem(max, 3, max), (3, 0));
        // 2^129 = 2·(2^128 - 1) + 2
        assert_eq!(mul_div_rem(1 << 127, 4, max), (2, 2));
        // 2^254 = (2^127 + 1)(2^127 - 1) + 1, with c > 2^127.
        let c = (1u128 << 127) + 1;
        assert_eq!(mul_div_rem(1 << 127, 1 << 127, c), ((1 << 127) - 1, 1));
        assert_eq!(mul_div_rem(max, 1 << 127, 1 << 127), (max, 0));
        // 10^30 · 10^20 / 10^25 = 10^25
        let p = |e: u32| 10u128.pow(e);
        assert_eq!(mul_div_rem(p(30), p(20), p(25)), (p(25), 0));
        // (10^30 + 7) = (10^20 + 1)·10^10 - 10^10 + 7
        assert_eq!(mul_div_rem(p(30) + 7, p(20), p(20) + 1).0, p(30) - p(10) + 7);
        assert_eq!(mul_div_rem(0, max, 5), (0, 0));
        assert_eq!(mul_div_rem(5, 7, 0), (0, 0));
    }

    #[test]
    fn mul_div_rem_random_big_products() {
        let mut rng = Rng(0x0123_4567_89AB_CDEF);
        for _ in 0..20_000 {
            let a = rng.any_width();
            let x = rng.any_width();
            let y = rng.any_width();
            // b <= c, as in allocation, so the quotient fits.
            let (b, c) = if x <= y { (x, y) } else { (y, x) };
            if c == 0 {
                continue;
            }
            let (q, r) = mul_div_rem(a, b, c);
            assert!(r < c);
            assert!(q <= a);
            assert_eq!(mul_add(q, c, r), widening_mul(a, b), "{a} {b} {c}");
        }
        // Force the top bit of c to be set often.
        for _ in 0..20_000 {
            let a = rng.next_u128();
            let c = rng.next_u128() | (1 << 127);
            let b = rng.next_u128() % c;
            let (q, r) = mul_div_rem(a, b, c);
            assert!(r < c);
            assert_eq!(mul_add(q, c, r), widening_mul(a, b), "{a} {b} {c}");
        }
    }
}
