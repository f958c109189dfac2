//! [`Value`] and [`Bound`]: the offending value and the bound it breaks.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::Money;

/// An offending value, as given.
///
/// ```
/// use disburse::Value;
/// assert_eq!(Value::from(-0.5).to_string(), "-0.5");
/// assert_eq!(Value::from(12u32).to_string(), "12");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Value {
    /// An integer (a count, a month, a number of years…).
    Int(i64),
    /// A floating-point number (a rate, a share…).
    Float(f64),
    /// A decimal number (a ratio, a share, an amount without currency…).
    Decimal(Decimal),
    /// An amount of money.
    Money(Money),
    /// A date.
    Date(NaiveDate),
    /// Text as given (a name…), shown in backquotes.
    Text(Box<str>),
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Int(v) => write!(f, "{v}"),
            Value::Float(v) => write!(f, "{v}"),
            Value::Decimal(v) => write!(f, "{v}"),
            Value::Money(v) => write!(f, "{v}"),
            Value::Date(v) => write!(f, "{v}"),
            Value::Text(v) => write!(f, "`{v}`"),
        }
    }
}

macro_rules! value_from_int {
    ($($t:ty),*) => {$(
        impl From<$t> for Value {
            fn from(v: $t) -> Self {
                Value::Int(i64::from(v))
            }
        }
    )*};
}
value_from_int!(u8, u16, u32, i8, i16, i32, i64);

impl From<usize> for Value {
    /// A count: [`Value::Int`], or beyond `i64::MAX` the exact
    /// [`Value::Decimal`] (the number as given, never a clamped one).
    fn from(v: usize) -> Self {
        Value::from(v as u64)
    }
}

impl From<u64> for Value {
    /// A count: [`Value::Int`], or beyond `i64::MAX` the exact
    /// [`Value::Decimal`] (the number as given, never a clamped one).
    ///
    /// ```
    /// use disburse::Value;
    /// assert_eq!(Value::from(7u64), Value::Int(7));
    /// assert_eq!(Value::from(u64::MAX).to_string(), "18446744073709551615");
    /// ```
    fn from(v: u64) -> Self {
        i64::try_from(v).map_or_else(|_| Value::Decimal(Decimal::from(v)), Value::Int)
    }
}

impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}

impl From<Decimal> for Value {
    fn from(v: Decimal) -> Self {
        Value::Decimal(v)
    }
}

impl From<Money> for Value {
    fn from(v: Money) -> Self {
        Value::Money(v)
    }
}

impl From<NaiveDate> for Value {
    fn from(v: NaiveDate) -> Self {
        Value::Date(v)
    }
}

/// The bound a value breaks. Its `Display` is the rule (`"must be
/// positive"`, `"must be at most 1000"`…).
///
/// ```
/// use disburse::{Bound, Value};
/// assert_eq!(Bound::AtMost(Value::Int(1000)).to_string(), "must be at most 1000");
/// assert_eq!(Bound::AboveMinusOne.to_string(), "must be above -100%");
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Bound {
    /// Greater than zero.
    Positive,
    /// A finite number greater than zero.
    PositiveNumber,
    /// Zero or more.
    NonNegative,
    /// Anything but zero.
    NonZero,
    /// A finite number (not NaN or infinite).
    Finite,
    /// Above -100% (-1).
    AboveMinusOne,
    /// Above `-100%·n` for a rate compounded `n` times a year.
    AboveMinusPeriods(u32),
    /// Greater than zero and at most one.
    UnitInterval,
    /// At least this value.
    AtLeast(Value),
    /// At most this value.
    AtMost(Value),
    /// Between these integers, inclusive.
    Between(i64, i64),
    /// Exactly this value.
    Exactly(Value),
    /// Not before this value (a date).
    NotBefore(Value),
    /// Not empty or blank (a name).
    NonEmpty,
    /// At least this many periods a year (a compounding frequency).
    AtLeastPerYear(u32),
    /// A simple compound factor `1 + r·t` that is positive over `t` years.
    SimpleFactorPositive(f64),
}

impl fmt::Display for Bound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Bound::Positive => f.write_str("must be positive"),
            Bound::PositiveNumber => f.write_str("must be a positive number"),
            Bound::NonNegative => f.write_str("must not be negative"),
            Bound::NonZero => f.write_str("must not be zero"),
            Bound::Finite => f.write_str("must be a finite number"),
            Bound::AboveMinusOne => f.write_str("must be above -100%"),
            Bound::AboveMinusPeriods(n) => {
                let percent = 100 * u64::from(*n);
                match n {
                    1 => write!(f, "must be above -{percent}% when compounded once a year"),
                    2 => write!(f, "must be above -{percent}% when compounded twice a year"),
                    n => write!(f, "must be above -{percent}% when compounded {n} times a year"),
                }
            }
            Bound::UnitInterval => f.write_str("must be in (0, 1]"),
            Bound::AtLeast(v) => write!(f, "must be at least {v}"),
            Bound::AtMost(v) => write!(f, "must be at most {v}"),
            Bound::Between(a, b) => write!(f, "must be {a} to {b}"),
            Bound::Exactly(v) => write!(f, "must be {v}"),
            Bound::NotBefore(v) => write!(f, "must not be before {v}"),
            Bound::NonEmpty => f.write_str("must not be empty"),
            Bound::AtLeastPerYear(1) => f.write_str("must be at least 1 period a year"),
            Bound::AtLeastPerYear(n) => write!(f, "must be at least {n} periods a year"),
            Bound::SimpleFactorPositive(t) => {
                write!(f, "the simple compound factor 1 + r·t must be positive over {t} years")
            }
        }
    }
}
