//! [`Money`]: an exact amount of a currency, and its checked arithmetic.

use std::borrow::Borrow;
use std::cmp::Ordering;

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize};

use super::allocate::{allocate, minor_to_money};
use super::{CompactMoney, Currency, Rounding};
use crate::error::{Bound, Error, Quantity, Result, Value};
use crate::limits::MAX_SCHEDULE_DATES;

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
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Money {
    #[serde(
        serialize_with = "rust_decimal::serde::str::serialize",
        deserialize_with = "deserialize_amount"
    )]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
    pub(super) amount: Decimal,
    pub(super) currency: Currency,
}

/// Reads an amount from a number or a string (`"12.50"`, `"1.25e1"`,
/// `"550B"`; exactly, see [`parse_amount`](crate::text::parse_amount)).
fn deserialize_amount<'de, D: Deserializer<'de>>(deserializer: D) -> std::result::Result<Decimal, D::Error> {
    crate::input_serde::amount(deserializer)
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
    pub(crate) fn minor_units_of(&self, what: Quantity) -> Result<i128> {
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
    /// [`Error::ZeroCount`] if `n` is zero, [`Error::OutOfRange`] on
    /// [`Quantity::Parts`] for more than
    /// [`MAX_SCHEDULE_DATES`](crate::limits::MAX_SCHEDULE_DATES) parts
    /// (checked before anything is allocated),
    /// [`Error::NotWholeMinorUnits`] if the amount is not a whole number of
    /// minor units, [`Error::Overflow`] if a part cannot be represented.
    pub fn split_evenly(&self, n: usize) -> Result<Vec<Money>> {
        let (high, low, extra) = self.even_parts(n)?;
        Ok((0..n).map(|i| if i < extra { high } else { low }).collect())
    }

    /// [`Money::split_evenly`] without the vector: the larger part, the
    /// smaller part and how many parts (the first) are the larger one. The
    /// same checks and errors; the larger part is only made (and can only
    /// fail) when some part is larger.
    pub(crate) fn even_parts(&self, n: usize) -> Result<(Money, Money, usize)> {
        if n == 0 {
            return Err(Error::ZeroCount { what: Quantity::Parts });
        }
        if n > MAX_SCHEDULE_DATES {
            return Err(Error::out_of_range(
                Quantity::Parts,
                n,
                Bound::AtMost(Value::from(MAX_SCHEDULE_DATES)),
            ));
        }
        let units = self.minor_units_of(Quantity::AllocationTotal)?;
        let negative = units < 0;
        let total = units.unsigned_abs();
        let count = n as u128; // usize is at most 128 bits wide
        let base = total / count;
        let extra = total % count; // < n
        let low = minor_to_money(base, negative, self.currency)?;
        let high = if extra > 0 {
            minor_to_money(base + 1, negative, self.currency)?
        } else {
            low
        };
        // extra < n, so it fits a usize.
        Ok((high, low, usize::try_from(extra).unwrap_or(n)))
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;
    use crate::error::Error;
    use crate::testing::*;
    use rust_decimal_macros::dec;

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
}
