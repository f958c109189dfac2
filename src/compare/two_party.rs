//! The measures of a plan against its headline and, when the parties'
//! rates are given, the two-party view ([`TwoPartyValue`],
//! [`NegotiationZone`]).

use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use crate::{Error, Money, Quantity, Result};

/// One plan seen by both parties, from
/// [`compare`](super::compare) when the valuation has
/// [`PartyRates`](super::PartyRates).
///
/// ```
/// use disburse::compare::{NegotiationZone, TwoPartyValue};
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// let usd = |x| Money::new(x, Currency::USD);
/// let v = TwoPartyValue::new(usd(dec!(307.5)), usd(dec!(253.6)))?;
/// assert_eq!(v.zone, Some(NegotiationZone { low: usd(dec!(253.6)), high: usd(dec!(307.5)) }));
/// assert_eq!(TwoPartyValue::new(usd(dec!(253.6)), usd(dec!(307.5)))?.zone, None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TwoPartyValue {
    /// The plan's present value at the payer's rate: what paying on the
    /// schedule costs the payer today.
    pub cost_to_payer: Money,
    /// The plan's present value at the recipient's rate: what receiving
    /// on the schedule is worth to the recipient today.
    pub value_to_recipient: Money,
    /// The upfront amounts (paid on the valuation date) that both prefer
    /// to the schedule, or `None` when there are none.
    pub zone: Option<NegotiationZone>,
}

/// The negotiation zone of a plan: every upfront amount U with `low ≤ U ≤
/// high` is preferred to the schedule by both parties — by the payer
/// because U is at most what the schedule costs it (`high`, the cost to
/// the payer), by the recipient because U is at least what the schedule
/// is worth to it (`low`, the value to the recipient).
///
/// ```
/// use disburse::compare::NegotiationZone;
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// let z = NegotiationZone { low: Money::new(dec!(1), Currency::USD), high: Money::new(dec!(2), Currency::USD) };
/// assert_eq!(z.to_string(), "USD 1.00 to USD 2.00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NegotiationZone {
    /// The least upfront amount the recipient prefers to the schedule.
    pub low: Money,
    /// The most upfront amount the payer prefers to the schedule.
    pub high: Money,
}

impl std::fmt::Display for NegotiationZone {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} to {}", self.low, self.high)
    }
}

impl TwoPartyValue {
    /// The two-party view of a plan that costs the payer `cost_to_payer`
    /// and is worth `value_to_recipient` to the recipient: the zone is
    /// `[value_to_recipient, cost_to_payer]`, `None` when the value exceeds
    /// the cost.
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] for amounts in two currencies.
    ///
    /// ```
    /// use disburse::compare::TwoPartyValue;
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    /// let usd = Money::new(dec!(100), Currency::USD);
    /// // Equal rates: one upfront amount, the PV itself.
    /// assert_eq!(TwoPartyValue::new(usd, usd)?.zone.map(|z| (z.low, z.high)), Some((usd, usd)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(cost_to_payer: Money, value_to_recipient: Money) -> Result<TwoPartyValue> {
        if cost_to_payer.currency() != value_to_recipient.currency() {
            return Err(Error::CurrencyMismatch {
                expected: cost_to_payer.currency(),
                found: value_to_recipient.currency(),
            });
        }
        let zone = (value_to_recipient.amount() <= cost_to_payer.amount()).then_some(NegotiationZone {
            low: value_to_recipient,
            high: cost_to_payer,
        });
        Ok(TwoPartyValue {
            cost_to_payer,
            value_to_recipient,
            zone,
        })
    }
}

/// `part / whole` as an `f64` (a share of the headline).
///
/// # Errors
/// [`Error::NonPositiveAmount`] for a headline that is not positive.
pub(super) fn share_of(part: Money, whole: Money) -> Result<f64> {
    if !whole.is_positive() {
        return Err(Error::NonPositiveAmount {
            what: Quantity::Headline,
            amount: whole,
        });
    }
    part.amount()
        .checked_div(whole.amount())
        .and_then(|r| r.to_f64())
        .ok_or_else(|| Error::overflow("share of the headline"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;
    use rust_decimal_macros::dec;

    #[test]
    fn shares_and_zones() {
        let usd = |x| Money::new(x, Currency::USD);
        assert_eq!(
            share_of(usd(dec!(289.41)), usd(dec!(350))).unwrap(),
            0.826_885_714_285_714_3
        );
        assert!(share_of(usd(dec!(1)), usd(dec!(0))).is_err());
        let v = TwoPartyValue::new(usd(dec!(2)), usd(dec!(3))).unwrap();
        assert_eq!(v.zone, None);
        assert!(TwoPartyValue::new(usd(dec!(2)), Money::new(dec!(2), Currency::EUR)).is_err());
    }
}
