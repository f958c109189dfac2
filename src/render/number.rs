//! Numbers for people: percentages ([`Percent`]) and amounts scaled to a
//! unit ([`Unit`]: thousands, millions, billions, trillions).
//!
//! Every percentage the crate prints goes through [`Percent`], and every
//! amount shown in a unit — a table column in `USD billions`, a compact
//! `$350.00B` — through [`Unit`]; the differences between the places that
//! use them are the named parameters [`Digits`] and [`Fit`].

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use crate::{Currency, Money};

// ---------------------------------------------------------------------------
// Percent
// ---------------------------------------------------------------------------

/// How many decimals a [`Percent`] shows.
///
/// ```
/// use disburse::render::{Digits, Percent};
/// assert_eq!(Percent::new(0.045, Digits::Shortest).to_string(), "4.5%");
/// assert_eq!(Percent::new(0.045, Digits::Fixed(2)).to_string(), "4.50%");
/// assert_eq!(Percent::new(0.03, Digits::UpTo(4)).to_string(), "3%");
/// assert_eq!(Percent::new(-0.0, Digits::Signed(2)).to_string(), "-0.00%");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Digits {
    /// The shortest text that reads back as `fraction × 100` (`f64`'s
    /// `Display`): `4%`, `3.75%`, and any binary artefact of the product
    /// (`7.000000000000001%` for `0.07`). For echoing inputs.
    Shortest,
    /// Exactly this many decimals, rounded; a value that rounds to zero
    /// is shown without a sign (`0.00%`, never `-0.00%`).
    Fixed(usize),
    /// Exactly this many decimals as `{:.n}` formats an `f64`: a negative
    /// value that rounds to zero keeps its sign (`-0.000000%`), so the
    /// text agrees with the number printed beside it (roots).
    Signed(usize),
    /// At most this many decimals, trailing zeros and a trailing point
    /// removed (`4.5%`, `3%`, `-0.25%`); zero has no sign. For labels.
    UpTo(usize),
}

/// A fraction shown as a percentage: `0.045` → `4.5%`.
///
/// The one routine for percentages in the crate; [`Digits`] says how
/// many decimals. An exact [`Decimal`] fraction ([`Percent::exact`]) is
/// shown multiplied by 100 and normalized (`0.25` → `25%`).
///
/// ```
/// use disburse::render::{Digits, Percent};
/// use rust_decimal_macros::dec;
/// assert_eq!(Percent::new(0.816, Digits::Fixed(1)).to_string(), "81.6%");
/// assert_eq!(Percent::new(-0.0025, Digits::UpTo(4)).to_string(), "-0.25%");
/// assert_eq!(Percent::exact(dec!(0.25)).to_string(), "25%");
/// ```
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Percent {
    value: Value,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Value {
    Float(f64, Digits),
    Exact(Decimal),
}

impl Percent {
    /// `fraction` as a percentage with `digits`.
    ///
    /// ```
    /// use disburse::render::{Digits, Percent};
    /// assert_eq!(Percent::new(0.04, Digits::Shortest).to_string(), "4%");
    /// assert_eq!(Percent::new(0.03498, Digits::Shortest).to_string(), "3.498%");
    /// ```
    pub fn new(fraction: f64, digits: Digits) -> Percent {
        Percent {
            value: Value::Float(fraction, digits),
        }
    }

    /// An exact fraction as a percentage, all its digits kept
    /// (`0.125` → `12.5%`). A fraction too large to multiply by 100 is
    /// shown as it is followed by `×100%`.
    ///
    /// ```
    /// use disburse::render::Percent;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Percent::exact(dec!(0.125)).to_string(), "12.5%");
    /// ```
    pub fn exact(fraction: Decimal) -> Percent {
        Percent {
            value: Value::Exact(fraction),
        }
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.value {
            Value::Exact(d) => match d.checked_mul(Decimal::ONE_HUNDRED) {
                Some(p) => write!(f, "{}%", p.normalize()),
                None => write!(f, "{d}×100%"),
            },
            Value::Float(fraction, digits) => {
                let v = fraction * 100.0;
                match digits {
                    // The shortest decimal form of the fraction, scaled
                    // exactly (0.03498 → 3.498%, not 3.4979999999999998%).
                    Digits::Shortest => match Decimal::from_str_exact(&format!("{fraction}"))
                        .ok()
                        .and_then(|d| d.checked_mul(Decimal::ONE_HUNDRED))
                    {
                        Some(p) => write!(f, "{}%", p.normalize()),
                        None => write!(f, "{v}%"),
                    },
                    Digits::Signed(n) => write!(f, "{v:.n$}%"),
                    Digits::Fixed(n) => {
                        let text = format!("{v:.n$}");
                        write!(f, "{}%", unsigned_zero(&text))
                    }
                    Digits::UpTo(n) => {
                        let text = format!("{v:.n$}");
                        let trimmed = if text.contains('.') {
                            text.trim_end_matches('0').trim_end_matches('.')
                        } else {
                            text.as_str()
                        };
                        write!(f, "{}%", unsigned_zero(trimmed))
                    }
                }
            }
        }
    }
}

/// `text` without its minus sign when every digit in it is zero.
fn unsigned_zero(text: &str) -> &str {
    match text.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest,
        _ => text,
    }
}

// ---------------------------------------------------------------------------
// Unit
// ---------------------------------------------------------------------------

/// How a [`Unit`] is chosen for amounts.
///
/// The two differ on purpose, and both are kept so that no output changes:
///
/// ```
/// use disburse::render::{Fit, Unit};
/// use rust_decimal_macros::dec;
/// // 1.43 trillion: `₩1.43T` on its own, `1430.00` in a column of billions.
/// assert_eq!(Unit::fitting(dec!(1.43e12), Fit::Single), Unit::Trillions);
/// assert_eq!(Unit::fitting(dec!(1.43e12), Fit::Column), Unit::Billions);
/// // 5,000: `$5.00K` on its own, plain units in a column.
/// assert_eq!(Unit::fitting(dec!(5000), Fit::Single), Unit::Thousands);
/// assert_eq!(Unit::fitting(dec!(5000), Fit::Column), Unit::Ones);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Fit {
    /// One amount shown on its own with a suffix (`$350.00B`,
    /// [`Money::compact`](crate::Money::compact)): the largest unit the
    /// amount reaches, thousands from 1e3, millions from 1e6, billions
    /// from 1e9, trillions from 1e12.
    Single,
    /// A column of amounts under one heading (`USD billions`): the unit
    /// that fits the column's largest amount, without thousands (a column
    /// below a million is in plain units), and trillions only from 1e14,
    /// so that amounts under 100 trillion keep at most five integer digits
    /// in billions and small ones keep their precision.
    Column,
}

/// The scale amounts are shown in: plain units, thousands, millions,
/// billions or trillions.
///
/// ```
/// use disburse::render::{Fit, Unit};
/// use disburse::Currency;
/// use rust_decimal_macros::dec;
/// let unit = Unit::fitting(dec!(350e9), Fit::Column);
/// assert_eq!(unit.label(Currency::USD), "USD billions");
/// assert_eq!(unit.format(dec!(289_408_000_000)), "289.41");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Unit {
    /// Plain units.
    Ones,
    /// Thousands (`K`).
    Thousands,
    /// Millions (`M`).
    Millions,
    /// Billions (`B`).
    Billions,
    /// Trillions (`T`).
    Trillions,
}

impl Unit {
    /// Every unit, ascending.
    const ALL: [Unit; 5] = [
        Unit::Ones,
        Unit::Thousands,
        Unit::Millions,
        Unit::Billions,
        Unit::Trillions,
    ];

    /// The unit that fits `largest` (an absolute amount) under `fit`.
    ///
    /// ```
    /// use disburse::render::{Fit, Unit};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Unit::fitting(dec!(500e12), Fit::Column), Unit::Trillions);
    /// assert_eq!(Unit::fitting(dec!(999), Fit::Column), Unit::Ones);
    /// ```
    pub fn fitting(largest: Decimal, fit: Fit) -> Unit {
        Unit::ALL
            .iter()
            .rev()
            .copied()
            .find(|u| {
                u.threshold(fit)
                    .is_some_and(|power| largest >= Decimal::from(10u64.pow(power)))
            })
            .unwrap_or(Unit::Ones)
    }

    /// The power of ten from which `fit` uses this unit; `None` if never.
    fn threshold(self, fit: Fit) -> Option<u32> {
        match (self, fit) {
            (Unit::Thousands, Fit::Column) => None,
            (Unit::Trillions, Fit::Column) => Some(14),
            _ => Some(self.power()),
        }
    }

    /// The power of ten of the unit (`9` for billions).
    ///
    /// ```
    /// assert_eq!(disburse::render::Unit::Billions.power(), 9);
    /// ```
    pub fn power(self) -> u32 {
        match self {
            Unit::Ones => 0,
            Unit::Thousands => 3,
            Unit::Millions => 6,
            Unit::Billions => 9,
            Unit::Trillions => 12,
        }
    }

    /// The next larger unit, if any.
    ///
    /// ```
    /// use disburse::render::Unit;
    /// assert_eq!(Unit::Billions.next(), Some(Unit::Trillions));
    /// assert_eq!(Unit::Trillions.next(), None);
    /// ```
    pub fn next(self) -> Option<Unit> {
        Unit::ALL.iter().copied().find(|u| u.power() > self.power())
    }

    /// The suffix of a compact amount: `""`, `K`, `M`, `B`, `T`.
    ///
    /// ```
    /// assert_eq!(disburse::render::Unit::Trillions.suffix(), "T");
    /// ```
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::Ones => "",
            Unit::Thousands => "K",
            Unit::Millions => "M",
            Unit::Billions => "B",
            Unit::Trillions => "T",
        }
    }

    /// The unit's name in a heading: `""`, `thousands`, `millions`…
    ///
    /// ```
    /// assert_eq!(disburse::render::Unit::Millions.name(), "millions");
    /// ```
    pub fn name(self) -> &'static str {
        match self {
            Unit::Ones => "",
            Unit::Thousands => "thousands",
            Unit::Millions => "millions",
            Unit::Billions => "billions",
            Unit::Trillions => "trillions",
        }
    }

    /// `USD billions`, or `USD` for plain units.
    ///
    /// ```
    /// use disburse::render::Unit;
    /// use disburse::Currency;
    /// assert_eq!(Unit::Ones.label(Currency::EUR), "EUR");
    /// assert_eq!(Unit::Trillions.label(Currency::KRW), "KRW trillions");
    /// ```
    pub fn label(self, currency: Currency) -> String {
        match self {
            Unit::Ones => currency.code().to_string(),
            _ => format!("{} {}", currency.code(), self.name()),
        }
    }

    /// `amount` in this unit, exact (or `amount` itself in the
    /// impossible case that the division fails).
    ///
    /// ```
    /// use disburse::render::Unit;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Unit::Millions.scale(dec!(2_500_000)), dec!(2.5));
    /// ```
    pub fn scale(self, amount: Decimal) -> Decimal {
        let divisor = Decimal::from(10u64.pow(self.power()));
        amount.checked_div(divisor).unwrap_or(amount)
    }

    /// `amount` in this unit as an `f64` (for charts; `0.0` if it cannot
    /// be represented).
    ///
    /// ```
    /// use disburse::render::Unit;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Unit::Billions.scale_f64(dec!(2.5e9)), 2.5);
    /// ```
    pub fn scale_f64(self, amount: Decimal) -> f64 {
        rust_decimal::prelude::ToPrimitive::to_f64(&self.scale(amount)).unwrap_or(0.0)
    }

    /// `amount` in this unit with two decimals, rounded half-even, never
    /// `-0.00` (`350.00`).
    ///
    /// ```
    /// use disburse::render::Unit;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Unit::Billions.format(dec!(-0.001)), "0.00");
    /// assert_eq!(Unit::Billions.format(dec!(350e9)), "350.00");
    /// ```
    pub fn format(self, amount: Decimal) -> String {
        let mut d = self
            .scale(amount)
            .round_dp_with_strategy(2, RoundingStrategy::MidpointNearestEven);
        if d.is_zero() {
            d = Decimal::ZERO;
        }
        d.rescale(2);
        d.to_string()
    }

    /// `money` scaled to this unit like [`format`](Self::format), but in
    /// ones with the currency's own minor units: `KRW 1,234` is `1234`,
    /// not `1234.00`; `USD 1.5` is `1.50`. Scaled units keep two decimals.
    ///
    /// ```
    /// use disburse::render::Unit;
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Unit::Ones.format_money(Money::new(dec!(1234), Currency::KRW)), "1234");
    /// assert_eq!(Unit::Ones.format_money(Money::new(dec!(1.5), Currency::USD)), "1.50");
    /// assert_eq!(Unit::Billions.format_money(Money::new(dec!(85.84e12), Currency::KRW)), "85840.00");
    /// ```
    pub fn format_money(self, money: Money) -> String {
        let decimals = match self {
            Unit::Ones => u32::from(money.currency().minor_units()),
            _ => 2,
        };
        let mut d = self
            .scale(money.amount())
            .round_dp_with_strategy(decimals, RoundingStrategy::MidpointNearestEven);
        if d.is_zero() {
            d = Decimal::ZERO;
        }
        d.rescale(decimals);
        d.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn column_units_fit_the_largest_amount() {
        let label = |x: Decimal, c: Currency| Unit::fitting(x, Fit::Column).label(c);
        assert_eq!(label(dec!(350e9), Currency::USD), "USD billions");
        assert_eq!(label(dec!(5e6), Currency::EUR), "EUR millions");
        assert_eq!(label(dec!(500e12), Currency::KRW), "KRW trillions");
        assert_eq!(label(dec!(99e12), Currency::KRW), "KRW billions");
        assert_eq!(label(dec!(999), Currency::USD), "USD");
        assert_eq!(label(dec!(0.5), Currency::USD), "USD");
        assert_eq!(Unit::fitting(dec!(1e9), Fit::Column).format(dec!(-0.001)), "0.00");
    }

    #[test]
    fn single_units_reach_every_suffix() {
        let cases = [
            (dec!(0), Unit::Ones),
            (dec!(999.99), Unit::Ones),
            (dec!(1000), Unit::Thousands),
            (dec!(1e6), Unit::Millions),
            (dec!(1e9), Unit::Billions),
            (dec!(1e12), Unit::Trillions),
            (dec!(1e20), Unit::Trillions),
        ];
        for (amount, unit) in cases {
            assert_eq!(Unit::fitting(amount, Fit::Single), unit, "{amount}");
        }
    }

    #[test]
    fn percentages() {
        let p = |x: f64, d: Digits| Percent::new(x, d).to_string();
        assert_eq!(p(0.045, Digits::UpTo(4)), "4.5%");
        assert_eq!(p(0.03, Digits::UpTo(4)), "3%");
        assert_eq!(p(-0.0025, Digits::UpTo(4)), "-0.25%");
        assert_eq!(p(-1e-9, Digits::UpTo(4)), "0%");
        assert_eq!(p(-1e-9, Digits::Fixed(2)), "0.00%");
        assert_eq!(p(-0.00005, Digits::Fixed(2)), "-0.01%");
        assert_eq!(p(-0.0, Digits::Signed(6)), "-0.000000%");
        assert_eq!(p(0.2, Digits::Signed(6)), "20.000000%");
        assert_eq!(p(0.07, Digits::Shortest), "7%");
        assert_eq!(p(0.03498, Digits::Shortest), "3.498%");
        assert_eq!(p(1e-7, Digits::Shortest), "0.00001%");
        assert_eq!(p(10.0, Digits::Fixed(1)), "1000.0%");
        assert_eq!(
            Percent::exact(Decimal::MAX).to_string(),
            format!("{}×100%", Decimal::MAX)
        );
    }
}
