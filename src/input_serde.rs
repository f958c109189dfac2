//! How documents write amounts, fractions and rates: the serde readers
//! behind every such field of the input types, and (feature `scenario`)
//! the JSON Schema of each form.
//!
//! - **amounts** ([`amount`]): a number, or a string read exactly by
//!   [`parse_amount`] — `"350e9"`, `"550B"`, `"550 bn"`, `"1.2T"`,
//!   `"$20M"`;
//! - **fractions** ([`fraction`]: shares, probabilities, recoveries,
//!   weights; exact decimals) and **rates** ([`rate`]: discount rates,
//!   coupons, yields, growth, volatilities; `f64`): a number, or a string
//!   `"0.035"` or `"3.5%"` read exactly by [`parse_fraction`] (a rate is
//!   then the `f64` nearest that exact decimal, as `"0.035"` would give).
//!
//! Numbers in a document reach these readers through serde as `f64` or
//! integers; the scenario layer first replaces a float whose `f64` would
//! change its digits by its text (`scenario/source.rs`), so an amount is
//! never rounded on the way in.

use std::fmt;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde::de::{self, Deserialize, Deserializer, Visitor};

use crate::limits::MAX_RATE;
use crate::text::{parse_amount, parse_decimal, parse_fraction};

/// The kind of number a reader takes.
#[derive(Clone, Copy)]
enum Kind {
    Amount,
    Fraction,
    Number,
}

impl Kind {
    fn parse(self, v: &str) -> crate::Result<Decimal> {
        match self {
            Kind::Amount => parse_amount(v),
            Kind::Fraction => parse_fraction(v),
            // parse_decimal names its input an amount; this one is a
            // plain number (an FX rate, a count of months).
            Kind::Number => parse_decimal(v).map_err(|e| match e {
                crate::Error::Parse { input, expected, .. } => crate::Error::Parse {
                    kind: "number",
                    input,
                    expected,
                },
                e => e,
            }),
        }
    }
}

struct DecimalVisitor(Kind);

impl Visitor<'_> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self.0 {
            Kind::Amount => "an amount: a number, or a string such as \"350e9\", \"550B\" or \"1.2T\"",
            Kind::Fraction => "a fraction: a number such as 0.035, or a string such as \"0.035\" or \"3.5%\"",
            Kind::Number => "a number, or a string such as \"1430.5\" read exactly",
        })
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Decimal, E> {
        // Exactly, or not at all: more digits than a Decimal holds is an
        // error, never a rounded amount.
        self.0.parse(v).map_err(E::custom)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Decimal, E> {
        Ok(Decimal::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Decimal, E> {
        Decimal::try_from_i128_with_scale(v, 0).map_err(|_| E::custom(format_args!("number {v} is out of range")))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Decimal, E> {
        i128::try_from(v)
            .ok()
            .and_then(|v| Decimal::try_from_i128_with_scale(v, 0).ok())
            .ok_or_else(|| E::custom(format_args!("number {v} is out of range")))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Decimal, E> {
        // The shortest representation that round-trips, then parsed exactly.
        let text = v.to_string();
        Decimal::from_str(&text)
            .or_else(|_| Decimal::from_scientific(&text))
            .map_err(|_| E::invalid_value(de::Unexpected::Float(v), &self))
    }
}

/// An amount as a document writes it (see the [module docs](self)).
pub(crate) struct AmountIn(pub(crate) Decimal);

impl<'de> Deserialize<'de> for AmountIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor(Kind::Amount)).map(AmountIn)
    }
}

/// An exact fraction as a document writes it (see the [module docs](self)).
pub(crate) struct FractionIn(pub(crate) Decimal);

impl<'de> Deserialize<'de> for FractionIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor(Kind::Fraction)).map(FractionIn)
    }
}

struct RateVisitor;

impl Visitor<'_> for RateVisitor {
    type Value = f64;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a rate: a number such as 0.035, or a string such as \"0.035\" or \"3.5%\"")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<f64, E> {
        let exact = parse_fraction(v).map_err(|e| E::custom(e.to_string().replace("fraction", "rate")))?;
        let r = decimal_to_f64(exact).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))?;
        within_max_rate(r, v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<f64, E> {
        // Rates are small: an integer rate is exact in f64 up to 2^53
        // (and one beyond `MAX_RATE` is refused).
        #[allow(clippy::cast_precision_loss)]
        within_max_rate(v as f64, v)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<f64, E> {
        #[allow(clippy::cast_precision_loss)]
        within_max_rate(v as f64, v)
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<f64, E> {
        within_max_rate(v, format!("{v:e}"))
    }
}

/// `r` when at most [`MAX_RATE`] in magnitude (NaN passes, for the
/// field's own check to name); else the rate as given and the bound.
/// A rate of `-0` is 0 (it would print as `-0`).
fn within_max_rate<E: de::Error>(r: f64, given: impl fmt::Display) -> Result<f64, E> {
    if r.abs() > MAX_RATE {
        Err(E::custom(format!(
            "invalid rate {given}: must be at most {MAX_RATE:e} in magnitude"
        )))
    } else {
        Ok(r + 0.0)
    }
}

/// The `f64` nearest an exact decimal (through its text, correctly rounded).
fn decimal_to_f64(d: Decimal) -> Option<f64> {
    d.to_string().parse::<f64>().ok().filter(|f| f.is_finite())
}

/// An exact decimal number as a document writes it: a number, or a
/// string read exactly by [`parse_decimal`] (no suffixes, no `%`).
pub(crate) struct NumberIn(pub(crate) Decimal);

impl<'de> Deserialize<'de> for NumberIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(DecimalVisitor(Kind::Number)).map(NumberIn)
    }
}

/// A rate (`f64`) as a document writes it (see the [module docs](self)).
pub(crate) struct RateIn(pub(crate) f64);

impl<'de> Deserialize<'de> for RateIn {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(RateVisitor).map(RateIn)
    }
}

/// An amount field: `#[serde(deserialize_with = "crate::input_serde::amount")]`.
pub(crate) fn amount<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    AmountIn::deserialize(d).map(|a| a.0)
}

/// An optional amount field (with `#[serde(default)]`).
pub(crate) fn opt_amount<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Option::<AmountIn>::deserialize(d).map(|a| a.map(|a| a.0))
}

/// An exact fraction field (share, probability, recovery, weight).
pub(crate) fn fraction<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    FractionIn::deserialize(d).map(|a| a.0)
}

/// An optional exact fraction field (with `#[serde(default)]`).
pub(crate) fn opt_fraction<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Decimal>, D::Error> {
    Option::<FractionIn>::deserialize(d).map(|a| a.map(|a| a.0))
}

/// A list of exact fractions (weights).
pub(crate) fn fractions<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
    Vec::<FractionIn>::deserialize(d).map(|v| v.into_iter().map(|a| a.0).collect())
}

/// An exact number field (an FX rate, months): `1430`, `"1430.5"`.
pub(crate) fn number<'de, D: Deserializer<'de>>(d: D) -> Result<Decimal, D::Error> {
    NumberIn::deserialize(d).map(|a| a.0)
}

/// A list of exact numbers (an FX series or history).
pub(crate) fn numbers<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<Decimal>, D::Error> {
    Vec::<NumberIn>::deserialize(d).map(|v| v.into_iter().map(|a| a.0).collect())
}

/// A rate field (`f64`): `0.035` or `"3.5%"`.
pub(crate) fn rate<'de, D: Deserializer<'de>>(d: D) -> Result<f64, D::Error> {
    RateIn::deserialize(d).map(|r| r.0)
}

/// An optional rate field (with `#[serde(default)]`).
pub(crate) fn opt_rate<'de, D: Deserializer<'de>>(d: D) -> Result<Option<f64>, D::Error> {
    Option::<RateIn>::deserialize(d).map(|r| r.map(|r| r.0))
}

/// A list of rates.
pub(crate) fn rates<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<f64>, D::Error> {
    Vec::<RateIn>::deserialize(d).map(|v| v.into_iter().map(|r| r.0).collect())
}

/// `Deserialize` through the type's `FromStr` and (feature `scenario`) its
/// JSON Schema, for a [`Named`](crate::text::Named) type: one parser per
/// name type, shared by scenario files and the CLI.
macro_rules! named_serde {
    ($t:ty) => {
        impl<'de> serde::Deserialize<'de> for $t {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
                struct V;
                impl serde::de::Visitor<'_> for V {
                    type Value = $t;
                    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                        write!(
                            f,
                            "a {}: one of {}",
                            <$t as $crate::text::Named>::KIND,
                            <$t as $crate::text::Named>::NAMES.join(", ")
                        )
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> std::result::Result<$t, E> {
                        v.parse().map_err(E::custom)
                    }
                }
                d.deserialize_str(V)
            }
        }

        #[cfg(feature = "scenario")]
        impl schemars::JsonSchema for $t {
            fn schema_name() -> std::borrow::Cow<'static, str> {
                stringify!($t).into()
            }

            fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
                $crate::input_serde::schema::name(
                    &format!(
                        "A {} (any case; `_`, `-` and spaces ignored): {}; also {}.",
                        <$t as $crate::text::Named>::KIND,
                        <$t as $crate::text::Named>::NAMES.join(", "),
                        <$t as $crate::text::Named>::ALIASES.join(", ")
                    ),
                    <$t as $crate::text::Named>::NAMES,
                    <$t as $crate::text::Named>::ALIASES,
                )
            }
        }
    };
}
pub(crate) use named_serde;

/// The JSON Schema of each form, for `#[schemars(schema_with = …)]`.
#[cfg(feature = "scenario")]
pub(crate) mod schema {
    use schemars::{Schema, SchemaGenerator, json_schema};

    /// An unsigned decimal number as text: digits, point, exponent.
    const UNSIGNED: &str = r"(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?";

    /// A case-insensitive regular expression for a word (ECMA 262 has no
    /// inline `(?i)`).
    pub(crate) fn any_case(word: &str) -> String {
        let mut out = String::new();
        for c in word.chars() {
            if c.is_ascii_alphabetic() {
                out.push('[');
                out.push(c.to_ascii_lowercase());
                out.push(c.to_ascii_uppercase());
                out.push(']');
            } else if c.is_ascii_alphanumeric() || c == ' ' || c == '_' || c == '-' {
                out.push(c);
            } else {
                out.push('\\');
                out.push(c);
            }
        }
        out
    }

    /// The pattern of an amount string.
    pub(crate) fn amount_pattern() -> String {
        let suffixes = [
            "thousand", "k", "million", "mn", "m", "billion", "bn", "b", "trillion", "tn", "t",
        ]
        .map(any_case)
        .join("|");
        format!(r"^\s*[+-]?\$?{UNSIGNED}\s*({suffixes})?\s*$")
    }

    /// An amount: a number or a string with an optional scale suffix.
    pub(crate) fn amount(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact amount: a number, or a string such as \"350e9\", \"12.50\", \"550B\", \
                            \"550 bn\", \"1.2T\", \"20M\" or \"$550B\" (suffixes K/thousand, M/mn/million, \
                            B/bn/billion, T/tn/trillion, any case; at most 28 significant digits).",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": amount_pattern() }
            ],
            "examples": ["550B", "350e9", "1.2T", "20M"]
        })
    }

    /// An exact number (an FX rate, months).
    pub(crate) fn number(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "description": "An exact number: a number, or a string such as \"1430.5\" (at most 28 significant digits).",
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": format!(r"^[+-]?{UNSIGNED}$") }
            ]
        })
    }

    /// A list of exact numbers.
    pub(crate) fn numbers(g: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": number(g) })
    }

    /// An optional amount.
    pub(crate) fn opt_amount(g: &mut SchemaGenerator) -> Schema {
        amount(g)
    }

    fn fraction_like(what: &str, example: &str) -> Schema {
        json_schema!({
            "description": format!("{what}: a number such as {example}, or a string such as \"{example}\" or a \
                                    percentage \"{}%\".", percent_of(example)),
            "anyOf": [
                { "type": "number" },
                { "type": "string", "pattern": format!(r"^\s*[+-]?{UNSIGNED}\s*%?\s*$") }
            ]
        })
    }

    fn percent_of(example: &str) -> String {
        crate::text::parse_decimal(example)
            .map(|d| (d * rust_decimal::Decimal::ONE_HUNDRED).normalize().to_string())
            .unwrap_or_default()
    }

    /// An exact fraction (share, probability, recovery, weight).
    pub(crate) fn fraction(_: &mut SchemaGenerator) -> Schema {
        fraction_like("A fraction", "0.5")
    }

    /// An optional exact fraction.
    pub(crate) fn opt_fraction(g: &mut SchemaGenerator) -> Schema {
        fraction(g)
    }

    /// A list of exact fractions.
    pub(crate) fn fractions(g: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": fraction(g) })
    }

    /// A rate.
    pub(crate) fn rate(_: &mut SchemaGenerator) -> Schema {
        fraction_like("A rate a year", "0.035")
    }

    /// An optional rate.
    pub(crate) fn opt_rate(g: &mut SchemaGenerator) -> Schema {
        rate(g)
    }

    /// A list of rates.
    pub(crate) fn rates(g: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "array", "items": rate(g) })
    }

    /// A name from a fixed list, any case, with the other spellings the
    /// parser takes: completion offers `names`; validation accepts `names`
    /// and `aliases` in any case with `_`, `-`, spaces and parentheses
    /// anywhere, as [`fold_name`](crate::text::fold_name) ignores them.
    pub(crate) fn name(description: &str, names: &[&str], aliases: &[&str]) -> Schema {
        let loose = |word: &str| -> String {
            crate::text::fold_name(word)
                .chars()
                .map(|c| any_case(&c.to_string()))
                .collect::<Vec<_>>()
                .join(SEPARATORS)
        };
        let mut all: Vec<String> = names.iter().chain(aliases).map(|n| loose(n)).collect();
        all.dedup();
        json_schema!({
            "description": description,
            "anyOf": [
                { "enum": names },
                { "type": "string", "pattern": format!("^{SEPARATORS}({}){SEPARATORS}$", all.join("|")) }
            ]
        })
    }

    /// What [`fold_name`](crate::text::fold_name) ignores, as a pattern.
    const SEPARATORS: &str = r"[-_()\s]*";

    #[cfg(test)]
    mod tests {
        #[test]
        fn patterns() {
            assert_eq!(super::any_case("a/b 1"), "[aA]\\/[bB] 1");
            assert!(
                super::amount_pattern().starts_with(r"^\s*[+-]?\$?(\d+"),
                "{}",
                super::amount_pattern()
            );
        }
    }
}

/// A check's error as serde reports it: its field named first
/// (``field `tenor`: …``) when known, so that a document reader can
/// place the error at the field (see `scenario::source`), and a library
/// user reading the message sees which field it is about.
pub(crate) fn field_message(e: &crate::Error, field: Option<&str>) -> String {
    match field {
        Some(f) => format!("field `{f}`: {e}"),
        None => e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn readers_take_numbers_and_strings() {
        let a: AmountIn = serde_json::from_str("\"550 bn\"").unwrap();
        assert_eq!(a.0, dec!(550_000_000_000));
        let a: AmountIn = serde_json::from_str("12").unwrap();
        assert_eq!(a.0, dec!(12));
        let f: FractionIn = serde_json::from_str("\"12.5%\"").unwrap();
        assert_eq!(f.0, dec!(0.125));
        let r: RateIn = serde_json::from_str("\"1.1%\"").unwrap();
        // The f64 nearest 0.011, as "0.011" parses; 1.1 / 100 in f64 is
        // 0.011000000000000001 (python3: 1.1/100 == 0.011 is False).
        assert_eq!(r.0, 0.011);
        let r: RateIn = serde_json::from_str("0.03").unwrap();
        assert_eq!(r.0, 0.03);
        let e = serde_json::from_str::<AmountIn>("\"3%\"").err().unwrap();
        assert!(e.to_string().starts_with("invalid amount `3%`"), "{e}");
        let e = serde_json::from_str::<RateIn>("\"3 percent\"").err().unwrap();
        assert!(e.to_string().starts_with("invalid rate `3 percent`"), "{e}");
    }

    #[test]
    fn rates_are_bounded_and_minus_zero_is_zero() {
        // At most 10¹⁵ in magnitude, in every form; the rate as written.
        let r: RateIn = serde_json::from_str("1e15").unwrap();
        assert_eq!(r.0, 1e15);
        let r: RateIn = serde_json::from_str("\"-1e15\"").unwrap();
        assert_eq!(r.0, -1e15);
        for (text, shown) in [
            ("1e308", "invalid rate 1e308: "),
            ("-2e15", "invalid rate -2e15: "),
            ("10000000000000001", "invalid rate 10000000000000001: "),
            ("\"1e16\"", "invalid rate 1e16: "),
        ] {
            let e = serde_json::from_str::<RateIn>(text).err().unwrap().to_string();
            assert!(
                e.starts_with(&format!("{shown}must be at most 1e15 in magnitude")),
                "{text}: {e}"
            );
        }
        // `-0` would print as `-0`.
        let r: RateIn = serde_json::from_str("-0.0").unwrap();
        assert!(r.0 == 0.0 && r.0.is_sign_positive());
    }
}
