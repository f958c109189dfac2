//! State-contingent deferral: the FX-stress clause. In a year of stress the
//! payer pays at most a share of what is due and carries the rest into
//! later years, within a maximum delay.

use std::collections::VecDeque;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::limits::MAX_DEBT_TENOR;
use crate::render::Percent;
use crate::{Bound, Error, Money, Quantity, Result, Value};

/// When a [`Deferral`] applies in a year.
///
/// Serialized with a `kind` tag: `{"kind": "fx_above", "level": "1450"}`,
/// `{"kind": "fx_rise_above", "change": "0.05"}`, `{"kind":
/// "outlay_above", "amount": "28.6e12"}`.
///
/// ```
/// use disburse::affordability::DeferralTrigger;
/// use rust_decimal_macros::dec;
/// assert_eq!(DeferralTrigger::FxAbove { level: dec!(1450) }.to_string(), "the FX rate is above 1,450");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum DeferralTrigger {
    /// The year's FX rate, as the path quotes it (units of its quote
    /// currency per one unit of its base: KRW per USD for `USD/KRW`), is
    /// above `level`.
    FxAbove {
        /// The level (> 0).
        #[serde(deserialize_with = "crate::input_serde::number")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::number"))]
        level: Decimal,
    },
    /// The quoted FX rate rose by more than `change` (0.05 = 5%) from the
    /// year before; never in a year whose previous rate the path lacks.
    FxRiseAbove {
        /// The rise (> 0).
        #[serde(deserialize_with = "crate::input_serde::fraction")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
        change: Decimal,
    },
    /// What is due in the year, converted to the payer's currency, is above
    /// `amount` (a conversion need beyond what the market absorbs).
    OutlayAbove {
        /// The amount in the payer's currency (≥ 0).
        #[serde(deserialize_with = "crate::input_serde::amount")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
        amount: Decimal,
    },
}

impl fmt::Display for DeferralTrigger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DeferralTrigger::FxAbove { level } => write!(f, "the FX rate is above {}", crate::money::grouped(*level)),
            DeferralTrigger::FxRiseAbove { change } => {
                write!(f, "the FX rate rises more than {} in a year", Percent::exact(*change))
            }
            DeferralTrigger::OutlayAbove { amount } => {
                write!(
                    f,
                    "what is due exceeds {} in the payer's currency",
                    crate::money::grouped(*amount)
                )
            }
        }
    }
}

/// A state-contingent deferral rule (Korea's FX-stress clause of
/// 2025-11-14: Korea may ask to lower or delay funding when the won moves
/// disorderly), applied by the yearly engine of
/// [`Assessment::assess`](super::Assessment::assess) to every plan it
/// assesses, on whatever FX path it is given.
///
/// **Rule.** Each year what is *due* is the year's scheduled outlay plus
/// everything carried from earlier years. In a year the trigger fires the
/// payer pays `pay_share` of what is due (rounded down to minor units), but
/// never less than the amounts carried `max_delay` years already, which
/// must be paid; otherwise it pays everything due. Payments settle the
/// oldest amounts first; the rest is carried. Years continue after the
/// schedule until nothing is carried.
///
/// Serialized as `{"trigger": {...}, "pay_share": "0.5", "max_delay": 2}`,
/// validated on deserialization (the `[affordability.deferral]` section of
/// a scenario).
///
/// ```
/// use disburse::affordability::{Deferral, DeferralTrigger};
/// use rust_decimal_macros::dec;
/// let d = Deferral::new(DeferralTrigger::FxAbove { level: dec!(1450) }, dec!(0.5), 2)?;
/// assert_eq!(d.to_string(), "when the FX rate is above 1,450, pay at most 50% of what is due and carry the rest, at most 2 years");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "DeferralData", into = "DeferralData")]
pub struct Deferral {
    trigger: DeferralTrigger,
    pay_share: Decimal,
    max_delay: u32,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct DeferralData {
    trigger: DeferralTrigger,
    #[serde(deserialize_with = "crate::input_serde::fraction")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::fraction"))]
    pay_share: Decimal,
    max_delay: u32,
}

impl TryFrom<DeferralData> for Deferral {
    /// The error's message, its field first ([`field_message`]).
    ///
    /// [`field_message`]: crate::input_serde::field_message
    type Error = String;
    fn try_from(d: DeferralData) -> std::result::Result<Self, String> {
        let field = |e: &Error| match e {
            Error::InvalidFunding { what, .. } => match (what, &d.trigger) {
                (Quantity::PayShare, _) => Some("pay_share"),
                (Quantity::MaxDelay, _) => Some("max_delay"),
                (Quantity::DeferralTrigger, DeferralTrigger::FxAbove { .. }) => Some("trigger.level"),
                (Quantity::DeferralTrigger, DeferralTrigger::FxRiseAbove { .. }) => Some("trigger.change"),
                (Quantity::DeferralTrigger, DeferralTrigger::OutlayAbove { .. }) => Some("trigger.amount"),
                _ => None,
            },
            _ => None,
        };
        Deferral::new(d.trigger.clone(), d.pay_share, d.max_delay)
            .map_err(|e| crate::input_serde::field_message(&e, field(&e)))
    }
}

impl From<Deferral> for DeferralData {
    fn from(d: Deferral) -> Self {
        DeferralData {
            trigger: d.trigger,
            pay_share: d.pay_share,
            max_delay: d.max_delay,
        }
    }
}

impl Deferral {
    /// A rule: when `trigger` fires, pay at most `pay_share` (0 to 1) of
    /// what is due, carrying the rest at most `max_delay` years (1 to 100).
    ///
    /// # Errors
    /// [`Error::InvalidFunding`] for a share outside 0 to 1, a delay
    /// outside 1 to 100, or a trigger level that is not positive (an
    /// amount that is negative).
    ///
    /// ```
    /// use disburse::affordability::{Deferral, DeferralTrigger};
    /// use rust_decimal_macros::dec;
    /// let t = DeferralTrigger::FxAbove { level: dec!(1450) };
    /// assert!(Deferral::new(t.clone(), dec!(1.5), 2).is_err());
    /// assert!(Deferral::new(t, dec!(0), 0).is_err());
    /// ```
    pub fn new(trigger: DeferralTrigger, pay_share: Decimal, max_delay: u32) -> Result<Self> {
        let bad = |what, value, bound| Err(Error::InvalidFunding { what, value, bound });
        if pay_share < Decimal::ZERO || pay_share > Decimal::ONE {
            return bad(Quantity::PayShare, Value::Decimal(pay_share), Bound::Between(0, 1));
        }
        if max_delay == 0 || max_delay > MAX_DEBT_TENOR {
            return bad(
                Quantity::MaxDelay,
                Value::from(max_delay),
                Bound::Between(1, i64::from(MAX_DEBT_TENOR)),
            );
        }
        match &trigger {
            DeferralTrigger::FxAbove { level: v } | DeferralTrigger::FxRiseAbove { change: v }
                if *v <= Decimal::ZERO =>
            {
                return bad(Quantity::DeferralTrigger, Value::Decimal(*v), Bound::Positive);
            }
            DeferralTrigger::OutlayAbove { amount } if *amount < Decimal::ZERO => {
                return bad(Quantity::DeferralTrigger, Value::Decimal(*amount), Bound::NonNegative);
            }
            _ => {}
        }
        Ok(Deferral {
            trigger,
            pay_share,
            max_delay,
        })
    }

    /// When the rule applies.
    ///
    /// ```
    /// use disburse::affordability::{Deferral, DeferralTrigger};
    /// use rust_decimal_macros::dec;
    /// let d = Deferral::new(DeferralTrigger::OutlayAbove { amount: dec!(1) }, dec!(0), 1)?;
    /// assert!(matches!(d.trigger(), DeferralTrigger::OutlayAbove { .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn trigger(&self) -> &DeferralTrigger {
        &self.trigger
    }

    /// The most paid in a year the rule applies, as a share of what is due.
    ///
    /// ```
    /// use disburse::affordability::{Deferral, DeferralTrigger};
    /// use rust_decimal_macros::dec;
    /// let d = Deferral::new(DeferralTrigger::OutlayAbove { amount: dec!(1) }, dec!(0.25), 1)?;
    /// assert_eq!(d.pay_share(), dec!(0.25));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pay_share(&self) -> Decimal {
        self.pay_share
    }

    /// The most years an amount may be carried.
    ///
    /// ```
    /// use disburse::affordability::{Deferral, DeferralTrigger};
    /// use rust_decimal_macros::dec;
    /// let d = Deferral::new(DeferralTrigger::OutlayAbove { amount: dec!(1) }, dec!(0.25), 3)?;
    /// assert_eq!(d.max_delay(), 3);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn max_delay(&self) -> u32 {
        self.max_delay
    }
}

impl fmt::Display for Deferral {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "when {}, pay at most {} of what is due and carry the rest, at most {} year{}",
            self.trigger,
            Percent::exact(self.pay_share),
            self.max_delay,
            if self.max_delay == 1 { "" } else { "s" }
        )
    }
}

/// What the deferral rule did in a year, in the outlays' currency.
///
/// ```
/// use disburse::affordability::DeferralRow;
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// let usd = |x| Money::new(x, Currency::USD);
/// let r = DeferralRow { scheduled: usd(dec!(20)), due: usd(dec!(20)), paid: usd(dec!(10)), carried: usd(dec!(10)), triggered: true };
/// assert_eq!(r.to_string(), "deferred: paid $10.00 of $20.00 due, $10.00 carried");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DeferralRow {
    /// The year's scheduled outlay.
    pub scheduled: Money,
    /// Scheduled plus carried from earlier years.
    pub due: Money,
    /// What was paid (the row's outlay).
    pub paid: Money,
    /// What is carried into later years at the end of the year.
    pub carried: Money,
    /// Whether the trigger fired.
    pub triggered: bool,
}

impl fmt::Display for DeferralRow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: paid {} of {} due, {} carried",
            if self.triggered { "deferred" } else { "paid" },
            self.paid.compact(),
            self.due.compact(),
            self.carried.compact()
        )
    }
}

/// The amounts carried between years, oldest first.
#[derive(Debug, Clone, Default)]
pub(crate) struct Carry {
    items: VecDeque<(i32, Decimal)>,
}

impl Carry {
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    pub(crate) fn total(&self) -> Decimal {
        self.items.iter().map(|(_, a)| *a).sum()
    }

    /// One year: `scheduled` falls due in `year`; if `triggered`, pay at
    /// most `share` of what is due (never less than what is `max_delay`
    /// years old). Returns (due, paid, carried after).
    pub(crate) fn step(
        &mut self,
        rule: &Deferral,
        year: i32,
        scheduled: Decimal,
        triggered: bool,
        minor: u32,
    ) -> Result<(Decimal, Decimal, Decimal)> {
        let due = self
            .total()
            .checked_add(scheduled)
            .ok_or_else(|| Error::overflow("deferral"))?;
        let forced: Decimal = self
            .items
            .iter()
            .filter(|(y, _)| i64::from(*y) + i64::from(rule.max_delay) <= i64::from(year))
            .map(|(_, a)| *a)
            .sum();
        let paid = if triggered {
            let share = due
                .checked_mul(rule.pay_share)
                .ok_or_else(|| Error::overflow("deferral"))?
                .round_dp_with_strategy(minor, rust_decimal::RoundingStrategy::ToZero);
            share.max(forced).min(due)
        } else {
            due
        };
        // Settle the oldest first, then the year's own outlay.
        let mut left = paid;
        while let Some((_, a)) = self.items.front_mut() {
            if left.is_zero() {
                break;
            }
            let take = left.min(*a);
            *a -= take;
            left -= take;
            if a.is_zero() {
                self.items.pop_front();
            }
        }
        let rest = scheduled - left;
        if rest > Decimal::ZERO {
            self.items.push_back((year, rest));
        }
        Ok((due, paid, self.total()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn half_paid_in_stress_years_and_the_rest_within_the_delay() {
        // $20 due each of 3 years; stress in years 1 and 2 (pay half),
        // delay at most 1 year.
        let rule = Deferral::new(DeferralTrigger::FxAbove { level: dec!(1) }, dec!(0.5), 1).unwrap();
        let mut c = Carry::default();
        // Year 1: due 20, pay 10, carry 10 (from year 1).
        assert_eq!(
            c.step(&rule, 2026, dec!(20), true, 2).unwrap(),
            (dec!(20), dec!(10), dec!(10))
        );
        // Year 2: due 30; half is 15 but the 10 of 2026 is a year old and
        // must be paid: 15 ≥ 10, pay 15: the 10 of 2026 and 5 of 2027; carry 15.
        assert_eq!(
            c.step(&rule, 2027, dec!(20), true, 2).unwrap(),
            (dec!(30), dec!(15), dec!(15))
        );
        // Year 3: no stress: pay everything, 35.
        assert_eq!(
            c.step(&rule, 2028, dec!(20), false, 2).unwrap(),
            (dec!(35), dec!(35), dec!(0))
        );
        assert!(c.is_empty());
        // Pay nothing in stress, delay 2: the forced amount is paid anyway.
        let none = Deferral::new(DeferralTrigger::FxAbove { level: dec!(1) }, dec!(0), 2).unwrap();
        let mut c = Carry::default();
        assert_eq!(
            c.step(&none, 2026, dec!(7), true, 2).unwrap(),
            (dec!(7), dec!(0), dec!(7))
        );
        assert_eq!(
            c.step(&none, 2027, dec!(0), true, 2).unwrap(),
            (dec!(7), dec!(0), dec!(7))
        );
        assert_eq!(
            c.step(&none, 2028, dec!(0), true, 2).unwrap(),
            (dec!(7), dec!(7), dec!(0))
        );
        // A third of 10 rounds down to cents.
        let third = Deferral::new(DeferralTrigger::FxAbove { level: dec!(1) }, dec!(0.3333), 5).unwrap();
        let mut c = Carry::default();
        assert_eq!(c.step(&third, 2026, dec!(10), true, 2).unwrap().1, dec!(3.33));
    }

    #[test]
    fn validation_and_serde() {
        let t = DeferralTrigger::FxAbove { level: dec!(1450) };
        assert_eq!(
            Deferral::new(t.clone(), dec!(2), 1).unwrap_err().to_string(),
            "invalid funding: deferral pay share must be 0 to 1, got 2"
        );
        assert_eq!(
            Deferral::new(t.clone(), dec!(0.5), 101).unwrap_err().to_string(),
            "invalid funding: deferral maximum delay must be 1 to 100, got 101"
        );
        assert!(Deferral::new(DeferralTrigger::FxRiseAbove { change: dec!(0) }, dec!(0.5), 1).is_err());
        let d = Deferral::new(t, dec!(0.5), 2).unwrap();
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(
            json,
            r#"{"trigger":{"kind":"fx_above","level":"1450"},"pay_share":"0.5","max_delay":2}"#
        );
        assert_eq!(serde_json::from_str::<Deferral>(&json).unwrap(), d);
        // Read from a document, a check names its field first.
        for (doc, message) in [
            (
                r#"{"trigger":{"kind":"fx_above","level":"1450"},"pay_share":"2","max_delay":2}"#,
                "field `pay_share`: invalid funding: deferral pay share must be 0 to 1, got 2",
            ),
            (
                r#"{"trigger":{"kind":"fx_above","level":"1450"},"pay_share":"0.5","max_delay":0}"#,
                "field `max_delay`: invalid funding: deferral maximum delay must be 1 to 100, got 0",
            ),
            (
                r#"{"trigger":{"kind":"fx_rise_above","change":"-0.1"},"pay_share":"0.5","max_delay":1}"#,
                "field `trigger.change`: invalid funding: deferral trigger must be positive, got -0.1",
            ),
            (
                r#"{"trigger":{"kind":"outlay_above","amount":"-1"},"pay_share":"0.5","max_delay":1}"#,
                "field `trigger.amount`: invalid funding: deferral trigger must not be negative, got -1",
            ),
        ] {
            let e = serde_json::from_str::<Deferral>(doc).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
    }
}
