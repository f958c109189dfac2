//! Rendering money: `Display` for [`Money`] and the compact form [`CompactMoney`].

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};

use super::Money;
use crate::render::{Fit, Unit};

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
/// `value` with thousands separators and its own decimals, no currency
/// (`1,430`, `1.0856`, `-12,345.5`): for rates quoted beside a currency.
pub(crate) fn grouped(value: Decimal) -> String {
    let value = value.normalize();
    let mut out = String::new();
    if shows_minus(value) {
        out.push('-');
    }
    push_abs_decimal(&mut out, value, 0, true);
    out
}

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
/// `₩1.43T`; below a thousand, with the currency's minor units: `$950.00`,
/// `₩950`. When rounding reaches 1000 of a suffix, the next
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
    pub(super) money: Money,
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

impl fmt::Display for CompactMoney {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let precision = f.precision().unwrap_or(2);
        let dp = precision_dp(precision);
        let abs = self.money.amount.abs();
        let thousand = Decimal::from(1000u32);
        let shown_in = |unit: Unit| -> Decimal {
            unit.scale(abs)
                .round_dp_with_strategy(dp, RoundingStrategy::MidpointNearestEven)
        };
        let mut unit = Unit::fitting(abs, Fit::Single);
        let mut shown = shown_in(unit);
        while shown >= thousand {
            let Some(next) = unit.next() else { break };
            unit = next;
            shown = shown_in(unit);
        }
        // Without a suffix (and without a precision asked for), the
        // currency's own minor units: `₩950`, not `₩950.00`.
        let precision = match (unit, f.precision()) {
            (Unit::Ones, None) => {
                let minor = self.money.currency.minor_units();
                shown = abs.round_dp_with_strategy(u32::from(minor), RoundingStrategy::MidpointNearestEven);
                usize::from(minor)
            }
            _ => precision,
        };
        let suffix = unit.suffix();
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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::Currency;
    use super::*;
    use crate::testing::*;
    use rust_decimal_macros::dec;

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
            (Money::new(dec!(950), Currency::KRW), "₩950"),
            (Money::new(dec!(-950), Currency::JPY), "-¥950"),
            (Money::new(dec!(85_840_000_000_000), Currency::KRW), "₩85.84T"),
            (Money::new(dec!(1.5), Currency::new("XAU", 3).unwrap()), "XAU 1.500"),
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
        // An explicit precision wins below a thousand too.
        assert_eq!(
            format!("{:.2}", Money::new(dec!(950), Currency::KRW).compact()),
            "₩950.00"
        );
    }
}
