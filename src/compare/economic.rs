//! The economic cost of a plan ([`EconomicCost`]): the present value of
//! all its expected flows — outlays, drawdowns and expected calls, less
//! repayments, interest, fees and recoveries — beside the nominal headline
//! and the PV of the outlays alone.

use serde::{Deserialize, Serialize};

use super::two_party::share_of;
use super::{ValuationSettings, present_value_at};
use crate::instrument::ExpectedFlows;
use crate::{Money, Result};

/// What a plan really costs the payer, from
/// [`compare_with_instruments`](super::compare_with_instruments): the
/// present value of every expected flow of its instruments (see
/// [`instrument`](crate::instrument)), on the comparison's basis and from
/// its valuation date.
///
/// Beside it, the comparison shows the nominal headline and the PV of the
/// outlays as if all were cash (the plan's `present_values`). For an
/// all-equity plan the economic cost equals the PV of the outlays; a loan
/// repaid with interest at the discount rate costs about nothing; a
/// guarantee costs its expected calls net of recoveries, less its fees.
///
/// ```
/// use disburse::compare::{compare_with_instruments, TimeBasis, ValuationSettings};
/// use disburse::instrument::{Instrument, Loan, Repayment};
/// use disburse::{Commitment, Currency, Money, Plan, Tranche};
/// use rust_decimal_macros::dec;
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// let loan = Loan::new(dec!(0.05), 1, Repayment::Bullet, 0, dec!(0), dec!(0))?;
/// let c = Commitment::new("c", usd(dec!(100)), vec![
///     Tranche::new("loan", usd(dec!(100)), Plan::upfront(jan1)).with_instrument(Instrument::Loan(loan)),
/// ])?;
/// let v = ValuationSettings::new(jan1, vec![0.05], TimeBasis::WholeYears)?;
/// let cmp = compare_with_instruments(&[("loan".into(), c.schedule()?)], &[c.expected_flows()?], &v, None)?;
/// let e = cmp.plans[0].economic.as_ref().unwrap();
/// // 100 out, 105 back a year later, at 5%: nothing.
/// assert!(e.at_rates[0].amount().abs() < dec!(0.000001));
/// assert_eq!(e.net, usd(dec!(-5)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EconomicCost {
    /// Whether some tranche is a loan or a guarantee (otherwise the
    /// economic cost is the PV of the outlays).
    pub instruments: bool,
    /// The net expected outlay, undiscounted: every expected flow summed.
    pub net: Money,
    /// The economic cost at each of the comparison's rates, in order.
    pub at_rates: Vec<Money>,
    /// Each as a share of the headline.
    pub shares: Vec<f64>,
    /// The economic cost at the payer's rate (its cost of funds), when the
    /// valuation has party rates.
    pub to_payer: Option<Money>,
    /// Its share of the headline.
    pub to_payer_share: Option<f64>,
    /// The same flows at the recipient's rate: what the recipient side
    /// receives net, valued by it, when the valuation has party rates.
    pub to_recipient: Option<Money>,
    /// Its share of the headline.
    pub to_recipient_share: Option<f64>,
}

impl EconomicCost {
    /// The economic cost of `flows` under `valuation`, shares of
    /// `headline`.
    pub(super) fn new(flows: &ExpectedFlows, valuation: &ValuationSettings, headline: Money) -> Result<EconomicCost> {
        let schedule = flows.schedule()?;
        let at = |rate: f64| -> Result<Money> {
            if schedule.is_empty() {
                return Ok(Money::zero(schedule.currency()));
            }
            present_value_at(&schedule, rate, valuation)
        };
        let at_rates = valuation.rates().iter().map(|r| at(*r)).collect::<Result<Vec<_>>>()?;
        let shares = at_rates
            .iter()
            .map(|m| share_of(*m, headline))
            .collect::<Result<Vec<_>>>()?;
        let (to_payer, to_recipient) = match valuation.parties() {
            Some(p) => (Some(at(p.payer_rate)?), Some(at(p.recipient_rate)?)),
            None => (None, None),
        };
        let share = |m: Option<Money>| m.map(|m| share_of(m, headline)).transpose();
        Ok(EconomicCost {
            instruments: flows.has_instruments(),
            net: flows.net()?,
            at_rates,
            shares,
            to_payer_share: share(to_payer)?,
            to_payer,
            to_recipient_share: share(to_recipient)?,
            to_recipient,
        })
    }
}
