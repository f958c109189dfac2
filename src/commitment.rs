//! Commitments: a headline amount split into tranches, each with a plan.

use std::collections::HashSet;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::instrument::{ExpectedFlows, Instrument};
use crate::plan::{Plan, positive_whole};
use crate::schedule::Schedule;
use crate::{Error, Money, Quantity, Result};

/// One part of a commitment, paid by its own plan.
///
/// ```
/// use disburse::{Currency, Money, Plan, Tranche};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let t = Tranche::new("cash", Money::new(dec!(200e9), Currency::USD), Plan::annual_cap(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(20e9)));
/// assert_eq!(t.schedule()?.len(), 10);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tranche {
    /// Name, used as the label of the tranche's flows.
    pub name: String,
    /// Amount of the tranche.
    pub amount: Money,
    /// How it is paid.
    pub plan: Plan,
    /// What kind of money it is: equity (the default), a loan or a
    /// guarantee (see [`instrument`](crate::instrument)).
    #[serde(default, skip_serializing_if = "Instrument::is_equity")]
    pub instrument: Instrument,
}

impl Tranche {
    /// A tranche named `name` of `amount` paid by `plan`.
    ///
    /// ```
    /// use disburse::{Currency, Money, Plan, Tranche};
    /// use rust_decimal_macros::dec;
    /// let t = Tranche::new("x", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
    /// assert_eq!(t.name, "x");
    /// ```
    pub fn new(name: impl Into<String>, amount: Money, plan: Plan) -> Self {
        Tranche {
            name: name.into(),
            amount,
            plan,
            instrument: Instrument::Equity,
        }
    }

    /// The same tranche as `instrument` (a loan, a guarantee or equity).
    ///
    /// ```
    /// use disburse::instrument::{Instrument, Loan, Repayment};
    /// use disburse::{Currency, Money, Plan, Tranche};
    /// use rust_decimal_macros::dec;
    /// let loan = Loan::new(dec!(0.045), 10, Repayment::Bullet, 0, dec!(0.01), dec!(0.4))?;
    /// let t = Tranche::new("jbic", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))
    ///     .with_instrument(Instrument::Loan(loan));
    /// assert_eq!(t.instrument.kind(), "loan");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_instrument(self, instrument: Instrument) -> Self {
        Tranche { instrument, ..self }
    }

    /// The tranche's schedule (see [`Plan::schedule`]).
    ///
    /// # Errors
    /// As [`Plan::schedule`].
    pub fn schedule(&self) -> Result<Schedule> {
        self.plan.schedule(self.amount, &self.name)
    }
}

/// A headline commitment: a name, a headline amount and one or more
/// tranches whose amounts sum exactly to it.
///
/// Invariants, checked by [`Commitment::new`] and on deserialization: the
/// headline is positive and in whole minor units; there is at least one
/// tranche; tranche names are unique; every tranche is positive, in the
/// headline's currency, and the tranches sum to the headline exactly.
///
/// ```
/// use disburse::{Commitment, Currency, Money, Plan, Tranche, PeriodBasis};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// let deal = Commitment::new("Korea-US 2025", usd(dec!(350e9)), vec![
///     Tranche::new("cash", usd(dec!(200e9)), Plan::annual_cap(jan1, dec!(20e9))),
///     Tranche::new("shipbuilding", usd(dec!(150e9)), Plan::installments(jan1, 10, disburse::time::Frequency::Annual)),
/// ])?;
/// let s = deal.schedule()?;
/// assert_eq!(s.total()?, usd(dec!(350e9)));
/// assert_eq!(s.aggregate(PeriodBasis::CalendarYear)?[0].total, usd(dec!(35e9)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "CommitmentData", into = "CommitmentData")]
pub struct Commitment {
    name: String,
    headline: Money,
    tranches: Vec<Tranche>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CommitmentData {
    name: String,
    headline: Money,
    tranches: Vec<Tranche>,
}

impl TryFrom<CommitmentData> for Commitment {
    type Error = Error;
    fn try_from(d: CommitmentData) -> Result<Self> {
        Commitment::new(d.name, d.headline, d.tranches)
    }
}

impl From<Commitment> for CommitmentData {
    fn from(c: Commitment) -> Self {
        CommitmentData {
            name: c.name,
            headline: c.headline,
            tranches: c.tranches,
        }
    }
}

impl Commitment {
    /// A commitment of `headline` split into `tranches`.
    ///
    /// # Errors
    /// [`Error::NonPositiveAmount`], [`Error::NotWholeMinorUnits`],
    /// [`Error::NoTranches`], [`Error::DuplicateTranche`],
    /// [`Error::CurrencyMismatch`], [`Error::TranchesDoNotSum`] or
    /// [`Error::Overflow`], as the invariants above require.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Error, Money, Plan, Tranche};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// let err = Commitment::new("x", usd(dec!(10)), vec![Tranche::new("a", usd(dec!(4)), Plan::upfront(jan1))]).unwrap_err();
    /// assert_eq!(err.to_string(), "tranches sum to USD 4.00, but the headline is USD 10.00");
    /// ```
    pub fn new(name: impl Into<String>, headline: Money, tranches: Vec<Tranche>) -> Result<Self> {
        let name = name.into();
        positive_whole(headline.amount(), headline.currency(), || Quantity::Headline)?;
        if tranches.is_empty() {
            return Err(Error::NoTranches { name });
        }
        let mut sum = Money::zero(headline.currency());
        let mut names = HashSet::with_capacity(tranches.len());
        for t in &tranches {
            if !names.insert(t.name.as_str()) {
                return Err(Error::DuplicateTranche { name: t.name.clone() });
            }
            if t.amount.currency() != headline.currency() {
                return Err(Error::CurrencyMismatch {
                    expected: headline.currency(),
                    found: t.amount.currency(),
                });
            }
            positive_whole(t.amount.amount(), t.amount.currency(), || {
                Quantity::Tranche(t.name.clone())
            })?;
            sum = sum.checked_add(t.amount)?;
        }
        if sum != headline {
            return Err(Error::TranchesDoNotSum { headline, sum });
        }
        Ok(Commitment {
            name,
            headline,
            tranches,
        })
    }

    /// A single-tranche commitment; the tranche takes the commitment's name.
    ///
    /// # Errors
    /// As [`Commitment::new`].
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("pledge", Money::new(dec!(350e9), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.tranches().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn single(name: impl Into<String>, headline: Money, plan: Plan) -> Result<Self> {
        let name = name.into();
        let tranche = Tranche::new(name.clone(), headline, plan);
        Commitment::new(name, headline, vec![tranche])
    }

    /// The commitment's name.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.name(), "p");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The headline amount.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.headline().amount(), dec!(1));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn headline(&self) -> Money {
        self.headline
    }

    /// The tranches.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.tranches()[0].name, "p");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tranches(&self) -> &[Tranche] {
        &self.tranches
    }

    /// The same commitment with every tranche paid by `plan` instead: the
    /// way to compare plans for one headline.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let c = Commitment::single("p", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1))?;
    /// let ten = c.with_plan(Plan::installments(jan1, 10, disburse::time::Frequency::Annual));
    /// assert_eq!(ten.schedule()?.len(), 10);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_plan(&self, plan: Plan) -> Commitment {
        let tranches = self
            .tranches
            .iter()
            .map(|t| Tranche {
                plan: plan.clone(),
                ..t.clone()
            })
            .collect();
        Commitment {
            tranches,
            ..self.clone()
        }
    }

    /// The merged schedule of every tranche; it sums exactly to the headline.
    ///
    /// # Errors
    /// The first tranche's error from [`Plan::schedule`].
    pub fn schedule(&self) -> Result<Schedule> {
        let parts = self
            .tranches
            .iter()
            .map(Tranche::schedule)
            .collect::<Result<Vec<_>>>()?;
        Schedule::merge_all(self.headline.currency(), parts)
    }

    /// The expected flows of every tranche under its instrument, in date
    /// order, with each tranche's ledger (see
    /// [`instrument`](crate::instrument) for the model). A commitment of
    /// equity tranches gives its schedule's flows as outlays.
    ///
    /// # Errors
    /// [`Error::OutOfRange`] when the instruments would make more than
    /// [`MAX_INSTRUMENT_FLOWS`](crate::limits::MAX_INSTRUMENT_FLOWS)
    /// flows (counted before any is generated); the errors of
    /// [`Plan::schedule`]; [`Error::DateOutOfRange`] for a loan year past
    /// chrono's range; [`Error::Overflow`] (not expected).
    ///
    /// ```
    /// use disburse::instrument::{FlowKind, Instrument, Loan, Repayment};
    /// use disburse::{Commitment, Currency, Money, Plan, Tranche};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// let loan = Loan::new(dec!(0.04), 1, Repayment::Bullet, 0, dec!(0), dec!(0))?;
    /// let c = Commitment::new("c", usd(dec!(100)), vec![
    ///     Tranche::new("equity", usd(dec!(10)), Plan::upfront(jan1)),
    ///     Tranche::new("loan", usd(dec!(90)), Plan::upfront(jan1)).with_instrument(Instrument::Loan(loan)),
    /// ])?;
    /// let f = c.expected_flows()?;
    /// assert_eq!(f.total(FlowKind::Interest)?, usd(dec!(-3.60)));
    /// assert_eq!(f.net()?, usd(dec!(6.40))); // 10 + 90 − 90 − 3.60
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn expected_flows(&self) -> Result<ExpectedFlows> {
        crate::instrument::expected_flows_of(self)
    }
}

impl fmt::Display for Commitment {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.headline)?;
        for t in &self.tranches {
            write!(f, "\n  {}: {} ({})", t.name, t.amount, t.plan)?;
            if !t.instrument.is_equity() {
                write!(f, " as a {}", t.instrument)?;
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Currency;
    use crate::testing::*;

    use rust_decimal_macros::dec;

    #[test]
    fn validation() {
        let t = |n: &str, x| Tranche::new(n, usd(x), Plan::upfront(jan1()));
        assert!(matches!(
            Commitment::new("c", usd(dec!(0)), vec![t("a", dec!(0))]),
            Err(Error::NonPositiveAmount { .. })
        ));
        assert!(matches!(
            Commitment::new("c", usd(dec!(1)), vec![]),
            Err(Error::NoTranches { .. })
        ));
        assert!(matches!(
            Commitment::new("c", usd(dec!(2)), vec![t("a", dec!(1)), t("a", dec!(1))]),
            Err(Error::DuplicateTranche { .. })
        ));
        assert!(matches!(
            Commitment::new("c", usd(dec!(2)), vec![t("a", dec!(3)), t("b", dec!(-1))]),
            Err(Error::NonPositiveAmount { .. })
        ));
        let eur = Tranche::new("e", Money::new(dec!(1), Currency::EUR), Plan::upfront(jan1()));
        assert!(matches!(
            Commitment::new("c", usd(dec!(1)), vec![eur]),
            Err(Error::CurrencyMismatch { .. })
        ));
        assert!(matches!(
            Commitment::new("c", usd(dec!(1.005)), vec![t("a", dec!(1.005))]),
            Err(Error::NotWholeMinorUnits { .. })
        ));
    }

    #[test]
    fn serde_validates() {
        let c = Commitment::single("p", usd(dec!(350e9)), Plan::upfront(jan1())).unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Commitment>(&json).unwrap(), c);
        let bad = json.replace(
            "\"headline\":{\"amount\":\"350000000000\"",
            "\"headline\":{\"amount\":\"1\"",
        );
        assert_ne!(bad, json);
        let err = serde_json::from_str::<Commitment>(&bad).unwrap_err();
        assert!(err.to_string().contains("tranches sum to"), "{err}");
    }

    #[test]
    fn display() {
        let c = Commitment::single("p", usd(dec!(350e9)), Plan::upfront(jan1())).unwrap();
        assert_eq!(
            c.to_string(),
            "p: USD 350,000,000,000.00\n  p: USD 350,000,000,000.00 (upfront on 2026-01-01)"
        );
    }
}
