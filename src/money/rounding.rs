//! [`Rounding`]: how an amount is rounded to fewer decimal places.

use std::fmt;
use std::str::FromStr;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

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

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::{Currency, Money};
    use super::*;
    use crate::testing::*;
    use rust_decimal_macros::dec;

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
}
