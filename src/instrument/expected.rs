//! The expected flows of a commitment's instruments ([`ExpectedFlows`]),
//! year by year, by the model of the [module docs](super).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{Guarantee, Instrument, Loan, Repayment, term_of, times};
use crate::limits::MAX_INSTRUMENT_FLOWS;
use crate::time::Tenor;
use crate::{Bound, CashFlow, Commitment, Currency, Error, Money, PeriodBasis, PeriodTotal, Quantity, Result};
use crate::{Label, Schedule, Tranche, Value};

/// What an expected flow is. Outlays, drawdowns and calls leave the payer
/// (positive amounts); repayments, interest, fees and recoveries come
/// back to it (negative amounts).
///
/// ```
/// use disburse::instrument::FlowKind;
/// assert!(FlowKind::Call.is_outflow() && !FlowKind::Fee.is_outflow());
/// assert_eq!(FlowKind::Repayment.to_string(), "repayment");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FlowKind {
    /// An equity (cash) payment of the plan.
    Outlay,
    /// A loan drawn on a date of the plan.
    Drawdown,
    /// Principal repaid (expected).
    Repayment,
    /// Interest received (expected).
    Interest,
    /// A guarantee fee received (expected).
    Fee,
    /// A guarantee called (expected).
    Call,
    /// Recovered after a default or a call (expected).
    Recovery,
}

impl FlowKind {
    /// Whether the flow leaves the payer (outlay, drawdown, call).
    ///
    /// ```
    /// assert!(disburse::instrument::FlowKind::Drawdown.is_outflow());
    /// ```
    pub fn is_outflow(self) -> bool {
        matches!(self, FlowKind::Outlay | FlowKind::Drawdown | FlowKind::Call)
    }
}

impl fmt::Display for FlowKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            FlowKind::Outlay => "outlay",
            FlowKind::Drawdown => "drawdown",
            FlowKind::Repayment => "repayment",
            FlowKind::Interest => "interest",
            FlowKind::Fee => "fee",
            FlowKind::Call => "call",
            FlowKind::Recovery => "recovery",
        })
    }
}

/// One expected flow: a date, an exact amount from the payer's side
/// (positive out, negative in), what it is and the tranche it belongs to.
///
/// ```
/// use disburse::instrument::{ExpectedFlow, FlowKind};
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// let f = ExpectedFlow { date: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), amount: Money::new(dec!(-5), Currency::USD), kind: FlowKind::Interest, tranche: "loan".into() };
/// assert_eq!(f.to_string(), "2027-01-01  USD -5.00  interest  loan");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedFlow {
    /// The date.
    pub date: NaiveDate,
    /// The expected amount (positive: the payer pays).
    pub amount: Money,
    /// What the flow is.
    pub kind: FlowKind,
    /// The tranche's name.
    pub tranche: Label,
}

impl fmt::Display for ExpectedFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}  {}  {}  {}", self.date, self.amount, self.kind, self.tranche)
    }
}

/// The totals of one tranche's expected flows, which close exactly:
///
/// - equity: `paid = amount`;
/// - loan: `amount = repaid + recovered + written_off` (the drawn amount
///   comes back, is recovered or is lost), interest beside;
/// - guarantee: `amount = called + released` (each guaranteed unit is
///   either called or runs off) and `called = recovered + written_off`,
///   fees beside.
///
/// All amounts are non-negative totals (a written-off total may be a cent
/// below zero only where rounding residues of a near-zero loss add up).
///
/// ```
/// use disburse::instrument::{Instrument, TrancheLedger};
/// use disburse::{Currency, Money};
/// let l = TrancheLedger::new("cash", Instrument::Equity, Money::zero(Currency::USD));
/// assert!(l.closes());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TrancheLedger {
    /// The tranche's name.
    pub tranche: String,
    /// Its instrument.
    pub instrument: Instrument,
    /// The tranche's amount (paid, drawn or guaranteed).
    pub amount: Money,
    /// Equity paid out.
    pub paid: Money,
    /// Loan principal repaid (expected).
    pub repaid: Money,
    /// Loan interest received (expected).
    pub interest: Money,
    /// Guarantee fees received (expected).
    pub fees: Money,
    /// Guarantees called (expected).
    pub called: Money,
    /// Recovered after defaults or calls (expected).
    pub recovered: Money,
    /// Lost: a loan's balance at default or a call, less recoveries
    /// (expected).
    pub written_off: Money,
    /// Guaranteed amounts that ran off without a call (expected).
    pub released: Money,
}

impl TrancheLedger {
    /// An empty ledger of `amount` for the tranche `name` and its
    /// instrument.
    ///
    /// ```
    /// use disburse::instrument::{Instrument, TrancheLedger};
    /// use disburse::{Currency, Money};
    /// assert!(TrancheLedger::new("x", Instrument::Equity, Money::zero(Currency::USD)).paid.is_zero());
    /// ```
    pub fn new(name: impl Into<String>, instrument: Instrument, amount: Money) -> TrancheLedger {
        let zero = Money::zero(amount.currency());
        TrancheLedger {
            tranche: name.into(),
            instrument,
            amount,
            paid: zero,
            repaid: zero,
            interest: zero,
            fees: zero,
            called: zero,
            recovered: zero,
            written_off: zero,
            released: zero,
        }
    }

    /// Whether the ledger's identities hold exactly (see the type's docs).
    ///
    /// ```
    /// use disburse::instrument::{Instrument, TrancheLedger};
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    /// let mut l = TrancheLedger::new("x", Instrument::Equity, Money::new(dec!(5), Currency::USD));
    /// assert!(!l.closes());
    /// l.paid = l.amount;
    /// assert!(l.closes());
    /// ```
    pub fn closes(&self) -> bool {
        let sum = |xs: &[Money]| Money::checked_sum(xs.iter().copied(), self.amount.currency()).ok();
        match self.instrument {
            Instrument::Equity => self.paid == self.amount,
            Instrument::Loan(_) => sum(&[self.repaid, self.recovered, self.written_off]) == Some(self.amount),
            Instrument::Guarantee(_) => {
                sum(&[self.called, self.released]) == Some(self.amount)
                    && sum(&[self.recovered, self.written_off]) == Some(self.called)
            }
        }
    }
}

/// The expected flows of all of a commitment's tranches, from
/// [`Commitment::expected_flows`], in date order (a date's flows in
/// tranche order), with each tranche's [`TrancheLedger`]. See the [module
/// docs](super) for the model.
///
/// ```
/// use disburse::instrument::{FlowKind, Guarantee, Instrument, Repayment};
/// use disburse::{Commitment, Currency, Money, Plan, Tranche};
/// use rust_decimal_macros::dec;
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// // 100 guaranteed for a year, fee 1%, called with probability 5%, 40% recovered.
/// let g = Guarantee::new(dec!(0.01), 1, Repayment::Bullet, 0, dec!(0.05), dec!(0.4))?;
/// let c = Commitment::new("g", usd(dec!(100)), vec![
///     Tranche::new("nexi", usd(dec!(100)), Plan::upfront(jan1)).with_instrument(Instrument::Guarantee(g)),
/// ])?;
/// let f = c.expected_flows()?;
/// assert_eq!(f.total(FlowKind::Fee)?, usd(dec!(-1)));
/// assert_eq!(f.total(FlowKind::Call)?, usd(dec!(5)));
/// assert_eq!(f.total(FlowKind::Recovery)?, usd(dec!(-2)));
/// assert_eq!(f.net()?, usd(dec!(2))); // 5 − 2 − 1
/// assert!(f.ledgers()[0].closes());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExpectedFlows {
    currency: Currency,
    flows: Vec<ExpectedFlow>,
    ledgers: Vec<TrancheLedger>,
}

impl ExpectedFlows {
    /// The flows, in date order.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.expected_flows()?.flows().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn flows(&self) -> &[ExpectedFlow] {
        &self.flows
    }

    /// Each tranche's totals, in tranche order.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.expected_flows()?.ledgers()[0].paid, Money::new(dec!(1), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn ledgers(&self) -> &[TrancheLedger] {
        &self.ledgers
    }

    /// The currency.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.expected_flows()?.currency(), Currency::USD);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// Whether some tranche is a loan or a guarantee (otherwise the flows
    /// are the plan's outlays).
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(1), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert!(!c.expected_flows()?.has_instruments());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn has_instruments(&self) -> bool {
        self.ledgers.iter().any(|l| !l.instrument.is_equity())
    }

    /// The sum of the flows of `kind` (signed as the flows are).
    ///
    /// # Errors
    /// [`Error::Overflow`] past `Decimal`'s range.
    ///
    /// ```
    /// use disburse::instrument::FlowKind;
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(7), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.expected_flows()?.total(FlowKind::Outlay)?, Money::new(dec!(7), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total(&self, kind: FlowKind) -> Result<Money> {
        Money::checked_sum(
            self.flows.iter().filter(|f| f.kind == kind).map(|f| f.amount),
            self.currency,
        )
    }

    /// The net expected outlay: every flow summed (undiscounted).
    ///
    /// # Errors
    /// [`Error::Overflow`] past `Decimal`'s range.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(7), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.expected_flows()?.net()?, Money::new(dec!(7), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net(&self) -> Result<Money> {
        Money::checked_sum(self.flows.iter().map(|f| f.amount), self.currency)
    }

    /// Every flow as a signed [`Schedule`] (labelled by tranche): what the
    /// economic cost discounts.
    ///
    /// # Errors
    /// Not expected (the flows are in one currency).
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(7), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.expected_flows()?.schedule()?.total()?, Money::new(dec!(7), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule(&self) -> Result<Schedule> {
        self.schedule_of(|_| true, false)
    }

    /// The flows that leave the payer (outlays, drawdowns, expected calls),
    /// positive: what uses the payer's capacity.
    ///
    /// # Errors
    /// Not expected (the flows are in one currency).
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(7), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.expected_flows()?.outflows()?.len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn outflows(&self) -> Result<Schedule> {
        self.schedule_of(|k| k.is_outflow(), false)
    }

    /// The equity (cash) payments alone ([`FlowKind::Outlay`]): the
    /// capital a return-sharing waterfall shares the returns of (loans and
    /// guarantees earn their interest and fees instead).
    ///
    /// # Errors
    /// Not expected (the flows are in one currency).
    ///
    /// ```
    /// use disburse::instrument::{Instrument, Loan, Repayment};
    /// use disburse::{Commitment, Currency, Money, Plan, Tranche};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// let loan = Loan::new(dec!(0.05), 2, Repayment::Bullet, 0, dec!(0), dec!(0))?;
    /// let c = Commitment::new("deal", usd(dec!(100)), vec![
    ///     Tranche::new("equity", usd(dec!(30)), Plan::upfront(jan1)),
    ///     Tranche::new("loan", usd(dec!(70)), Plan::upfront(jan1)).with_instrument(Instrument::Loan(loan)),
    /// ])?;
    /// assert_eq!(c.expected_flows()?.equity_outlays()?.total()?, usd(dec!(30)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn equity_outlays(&self) -> Result<Schedule> {
        self.schedule_of(|k| k == FlowKind::Outlay, false)
    }

    /// The flows that come back to the payer (repayments, interest, fees,
    /// recoveries) as positive amounts.
    ///
    /// # Errors
    /// Not expected (the flows are in one currency).
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(7), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert!(c.expected_flows()?.receipts()?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn receipts(&self) -> Result<Schedule> {
        self.schedule_of(|k| !k.is_outflow(), true)
    }

    /// The receipts summed by period of `basis`, only the periods with
    /// receipts, in order.
    ///
    /// # Errors
    /// As [`Schedule::aggregate`].
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, PeriodBasis, Plan};
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("p", Money::new(dec!(7), Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert!(c.expected_flows()?.receipts_by_period(PeriodBasis::CalendarYear)?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn receipts_by_period(&self, basis: PeriodBasis) -> Result<Vec<PeriodTotal>> {
        let r = self.receipts()?;
        if r.is_empty() {
            return Ok(Vec::new());
        }
        Ok(r.aggregate(basis)?.into_iter().filter(|p| !p.total.is_zero()).collect())
    }

    fn schedule_of(&self, keep: impl Fn(FlowKind) -> bool, negate: bool) -> Result<Schedule> {
        let flows = self
            .flows
            .iter()
            .filter(|f| keep(f.kind))
            .map(|f| {
                let amount = if negate { f.amount.checked_neg()? } else { f.amount };
                Ok(CashFlow::new(f.date, amount, f.tranche.clone()))
            })
            .collect::<Result<Vec<_>>>()?;
        Schedule::new(self.currency, flows)
    }
}

/// The contractual run-off of `amount` under `instrument`, year by year:
/// for each loan year `k = 1..=T`, the balance outstanding during the year
/// `Bₖ₋₁` and the principal due at its end `Pₖ` (no credit event). Empty
/// for equity. This is what a per-path sampler applies its drawn events
/// to; the expected flows weight it by survival.
///
/// # Errors
/// [`Error::Overflow`] past `Decimal`'s range (not expected).
///
/// ```
/// use disburse::instrument::{contractual_profile, Instrument, Loan, Repayment};
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// let usd = |x| Money::new(x, Currency::USD);
/// let l = Instrument::Loan(Loan::new(dec!(0.05), 4, Repayment::Amortising, 1, dec!(0), dec!(0))?);
/// let p = contractual_profile(usd(dec!(100)), &l)?;
/// // One year of grace, then 33.34 + 33.33 + 33.33.
/// assert_eq!(p.iter().map(|(_, pk)| pk.amount()).collect::<Vec<_>>(), [dec!(0), dec!(33.34), dec!(33.33), dec!(33.33)]);
/// assert_eq!(p[2].0, usd(dec!(66.66)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn contractual_profile(amount: Money, instrument: &Instrument) -> Result<Vec<(Money, Money)>> {
    let Some((tenor, profile, grace)) = term_of(instrument) else {
        return Ok(Vec::new());
    };
    let zero = Money::zero(amount.currency());
    let principal: Vec<Money> = match profile {
        Repayment::Bullet => {
            let mut p = vec![zero; tenor as usize];
            if let Some(last) = p.last_mut() {
                *last = amount;
            }
            p
        }
        Repayment::Amortising => {
            let weights = vec![Decimal::ONE; (tenor - grace) as usize];
            let mut p = vec![zero; grace as usize];
            p.extend(amount.allocate(&weights)?);
            p
        }
    };
    let mut balance = amount;
    let mut out = Vec::with_capacity(principal.len());
    for pk in principal {
        out.push((balance, pk));
        balance = balance.checked_sub(pk)?;
    }
    Ok(out)
}

/// `a × b`, or an overflow error.
fn mul(a: Decimal, b: Decimal) -> Result<Decimal> {
    a.checked_mul(b)
        .ok_or_else(|| Error::overflow("survival-weighted rate"))
}

/// Appends `amount` (negated when it comes back) unless it is zero.
fn push(out: &mut Vec<ExpectedFlow>, date: NaiveDate, amount: Money, kind: FlowKind, label: &Label) -> Result<()> {
    if amount.is_zero() {
        return Ok(());
    }
    let amount = if kind.is_outflow() {
        amount
    } else {
        amount.checked_neg()?
    };
    out.push(ExpectedFlow {
        date,
        amount,
        kind,
        tranche: label.clone(),
    });
    Ok(())
}

fn add(total: &mut Money, x: Money) -> Result<()> {
    *total = total.checked_add(x)?;
    Ok(())
}

/// One loan of `a` drawn on `d0`.
fn loan_flows(
    d0: NaiveDate,
    a: Money,
    loan: &Loan,
    instrument: &Instrument,
    label: &Label,
    out: &mut Vec<ExpectedFlow>,
    ledger: &mut TrancheLedger,
) -> Result<()> {
    push(out, d0, a, FlowKind::Drawdown, label)?;
    let p = loan.default_probability;
    let survive = Decimal::ONE - p;
    let loss_given_event = mul(p, loan.recovery)?;
    let mut s_prev = Decimal::ONE;
    let mut expected_balance = a;
    for (k, (b, pk)) in contractual_profile(a, instrument)?.into_iter().enumerate() {
        let s = mul(s_prev, survive)?;
        let date = Tenor::years(1).add_to(d0, k as i64 + 1)?;
        let interest = times(b, mul(s, loan.rate)?)?;
        let principal = times(pk, s)?;
        let recovery = times(b, mul(s_prev, loss_given_event)?)?;
        let next = times(b.checked_sub(pk)?, s)?;
        let lost = expected_balance
            .checked_sub(principal)?
            .checked_sub(recovery)?
            .checked_sub(next)?;
        push(out, date, interest, FlowKind::Interest, label)?;
        push(out, date, principal, FlowKind::Repayment, label)?;
        push(out, date, recovery, FlowKind::Recovery, label)?;
        add(&mut ledger.interest, interest)?;
        add(&mut ledger.repaid, principal)?;
        add(&mut ledger.recovered, recovery)?;
        add(&mut ledger.written_off, lost)?;
        expected_balance = next;
        s_prev = s;
    }
    Ok(())
}

/// One guarantee of `a` from `d0`.
fn guarantee_flows(
    d0: NaiveDate,
    a: Money,
    g: &Guarantee,
    instrument: &Instrument,
    label: &Label,
    out: &mut Vec<ExpectedFlow>,
    ledger: &mut TrancheLedger,
) -> Result<()> {
    let q = g.call_probability;
    let survive = Decimal::ONE - q;
    let recovered_share = mul(q, g.recovery)?;
    let mut s_prev = Decimal::ONE;
    let mut expected_balance = a;
    let mut start = d0;
    for (k, (b, pk)) in contractual_profile(a, instrument)?.into_iter().enumerate() {
        let s = mul(s_prev, survive)?;
        let end = Tenor::years(1).add_to(d0, k as i64 + 1)?;
        let fee = times(b, mul(s_prev, g.fee)?)?;
        let call = times(b, mul(s_prev, q)?)?;
        let recovery = times(b, mul(s_prev, recovered_share)?)?;
        let next = times(b.checked_sub(pk)?, s)?;
        let released = expected_balance.checked_sub(call)?.checked_sub(next)?;
        push(out, start, fee, FlowKind::Fee, label)?;
        push(out, end, call, FlowKind::Call, label)?;
        push(out, end, recovery, FlowKind::Recovery, label)?;
        add(&mut ledger.fees, fee)?;
        add(&mut ledger.called, call)?;
        add(&mut ledger.recovered, recovery)?;
        add(&mut ledger.written_off, call.checked_sub(recovery)?)?;
        add(&mut ledger.released, released)?;
        expected_balance = next;
        s_prev = s;
        start = end;
    }
    Ok(())
}

/// One tranche's expected flows, appended to `out`; its ledger.
fn tranche_flows(t: &Tranche, out: &mut Vec<ExpectedFlow>) -> Result<TrancheLedger> {
    let label: Label = Label::new(t.name.as_str());
    let mut ledger = TrancheLedger::new(t.name.clone(), t.instrument.clone(), t.amount);
    for payment in t.schedule()?.flows() {
        let (d0, a) = (payment.date, payment.amount);
        match &t.instrument {
            Instrument::Equity => {
                push(out, d0, a, FlowKind::Outlay, &label)?;
                add(&mut ledger.paid, a)?;
            }
            Instrument::Loan(l) => loan_flows(d0, a, l, &t.instrument, &label, out, &mut ledger)?,
            Instrument::Guarantee(g) => guarantee_flows(d0, a, g, &t.instrument, &label, out, &mut ledger)?,
        }
    }
    Ok(ledger)
}

/// The flows `c`'s instruments make, counted before any is generated,
/// within [`MAX_INSTRUMENT_FLOWS`].
pub(crate) fn check_flow_count(c: &Commitment) -> Result<()> {
    let mut count: u64 = 0;
    for t in c.tranches() {
        let n = t.plan.payment_count(t.amount)?;
        count = count.saturating_add(n.saturating_mul(t.instrument.flows_per_payment()));
    }
    if count > MAX_INSTRUMENT_FLOWS {
        return Err(Error::OutOfRange {
            what: Quantity::InstrumentFlows,
            value: Value::from(count),
            bound: Bound::AtMost(Value::Int(MAX_INSTRUMENT_FLOWS as i64)),
        });
    }
    Ok(())
}

/// The expected flows of every tranche of `c`; see
/// [`Commitment::expected_flows`].
pub(crate) fn of_commitment(c: &Commitment) -> Result<ExpectedFlows> {
    check_flow_count(c)?;
    let mut flows = Vec::new();
    let mut ledgers = Vec::with_capacity(c.tranches().len());
    for t in c.tranches() {
        ledgers.push(tranche_flows(t, &mut flows)?);
    }
    // Stable: a date's flows keep their tranche and generation order.
    flows.sort_by_key(|f| f.date);
    Ok(ExpectedFlows {
        currency: c.headline().currency(),
        flows,
        ledgers,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Plan;
    use crate::testing::*;
    use rust_decimal_macros::dec;

    fn one(amount: Decimal, instrument: Instrument) -> ExpectedFlows {
        let c = Commitment::new(
            "c",
            usd(amount),
            vec![Tranche::new("t", usd(amount), Plan::upfront(jan1())).with_instrument(instrument)],
        )
        .unwrap();
        c.expected_flows().unwrap()
    }

    #[test]
    fn amortising_loan_three_years_by_hand() {
        // 300 drawn 2026-01-01, 6% a year, 3 equal instalments of 100, a
        // default probability of 10% a year, 40% recovered. S = 0.9, 0.81,
        // 0.729; balances during the years 300, 200, 100.
        //   year 1: interest 0.9 × 0.06 × 300 = 16.20; principal 0.9 × 100
        //           = 90.00; recovery 1 × 0.1 × 0.4 × 300 = 12.00;
        //           E₂ = 0.9 × 200 = 180.00; lost 300 − 90 − 12 − 180 = 18.00
        //           (= 0.1 × 0.6 × 300).
        //   year 2: interest 0.81 × 0.06 × 200 = 9.72; principal 81.00;
        //           recovery 0.9 × 0.04 × 200 = 7.20; E₃ = 0.81 × 100 =
        //           81.00; lost 180 − 81 − 7.2 − 81 = 10.80.
        //   year 3: interest 0.729 × 0.06 × 100 = 4.374 → 4.37 (half-even);
        //           principal 72.90; recovery 0.81 × 0.04 × 100 = 3.24;
        //           lost 81 − 72.9 − 3.24 = 4.86.
        // Expected loss 18 + 10.8 + 4.86 = 33.66; repaid 243.90; recovered
        // 22.44; interest 30.29. 243.90 + 22.44 + 33.66 = 300.
        let loan = Loan::new(dec!(0.06), 3, Repayment::Amortising, 0, dec!(0.1), dec!(0.4)).unwrap();
        let f = one(dec!(300), Instrument::Loan(loan));
        let l = &f.ledgers()[0];
        assert_eq!(l.interest, usd(dec!(30.29)));
        assert_eq!(l.repaid, usd(dec!(243.90)));
        assert_eq!(l.recovered, usd(dec!(22.44)));
        assert_eq!(l.written_off, usd(dec!(33.66)));
        assert!(l.closes());
        let y3: Vec<Money> = f
            .flows()
            .iter()
            .filter(|x| x.date == d(2029, 1, 1))
            .map(|x| x.amount)
            .collect();
        assert_eq!(y3, [usd(dec!(-4.37)), usd(dec!(-72.90)), usd(dec!(-3.24))]);
        assert_eq!(f.total(FlowKind::Drawdown).unwrap(), usd(dec!(300)));
        // Net: 300 − 30.29 − 243.90 − 22.44 = 3.37.
        assert_eq!(f.net().unwrap(), usd(dec!(3.37)));
    }

    #[test]
    fn guarantee_fees_in_advance_and_release() {
        // 100 guaranteed 2 years bullet, fee 1%, call 10%, recovery 50%.
        // Year 1: fee 1.00 on 2026-01-01, call 10.00, recovery 5.00 on
        // 2027-01-01; E₂ = 90. Year 2: fee 0.9 × 1 = 0.90 on 2027-01-01,
        // call 0.9 × 0.1 × 100 = 9.00, recovery 4.50 on 2028-01-01; E₃ = 0;
        // released 90 − 9 = 81. Called 19, released 81.
        let g = Guarantee::new(dec!(0.01), 2, Repayment::Bullet, 0, dec!(0.1), dec!(0.5)).unwrap();
        let f = one(dec!(100), Instrument::Guarantee(g));
        let l = &f.ledgers()[0];
        assert_eq!(
            (l.fees, l.called, l.recovered, l.written_off, l.released),
            (
                usd(dec!(1.90)),
                usd(dec!(19)),
                usd(dec!(9.50)),
                usd(dec!(9.50)),
                usd(dec!(81))
            )
        );
        assert!(l.closes());
        assert_eq!(f.flows()[0].amount, usd(dec!(-1)));
        assert_eq!(f.flows()[0].date, jan1());
        assert_eq!(f.outflows().unwrap().total().unwrap(), usd(dec!(19)));
        let receipts = f.receipts_by_period(PeriodBasis::CalendarYear).unwrap();
        // 2026: fee 1; 2027: recovery 5 + fee 0.9; 2028: recovery 4.5.
        let r: Vec<Decimal> = receipts.iter().map(|p| p.total.amount()).collect();
        assert_eq!(r, [dec!(1), dec!(5.90), dec!(4.50)]);
    }

    #[test]
    fn flow_count_limit() {
        let loan = Loan::new(dec!(0.05), 100, Repayment::Bullet, 0, dec!(0), dec!(0)).unwrap();
        let c = Commitment::new(
            "c",
            usd(dec!(1e9)),
            vec![
                Tranche::new(
                    "t",
                    usd(dec!(1e9)),
                    Plan::installments(jan1(), 10_000, crate::time::Frequency::Monthly),
                )
                .with_instrument(Instrument::Loan(loan)),
            ],
        )
        .unwrap();
        let err = c.expected_flows().unwrap_err();
        assert_eq!(
            err.to_string(),
            "expected flows of the instruments is out of range: must be at most 2000000, got 3010000"
        );
    }
}
