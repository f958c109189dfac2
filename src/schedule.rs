//! Cash-flow schedules: dated, exact amounts in one currency.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::period::{Period, PeriodBasis};
use crate::{Currency, Error, Label, Money, Result};

/// One dated payment: an exact amount and the tranche it belongs to.
///
/// ```
/// use disburse::{CashFlow, Currency, Money};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let cf = CashFlow::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Money::new(dec!(35e9), Currency::USD), "cash");
/// assert_eq!(cf.to_string(), "2026-01-01  USD 35,000,000,000.00  cash");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct CashFlow {
    /// Payment date.
    pub date: NaiveDate,
    /// Amount paid (positive for an outlay of the payer).
    pub amount: Money,
    /// Label of the tranche (or source) the flow belongs to.
    pub tranche: Label,
}

impl CashFlow {
    /// A flow on `date` of `amount` for `tranche`.
    ///
    /// ```
    /// use disburse::{CashFlow, Currency, Money};
    /// use rust_decimal_macros::dec;
    /// let cf = CashFlow::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Money::new(dec!(1), Currency::USD), "x");
    /// assert_eq!(&*cf.tranche, "x");
    /// ```
    pub fn new(date: NaiveDate, amount: Money, tranche: impl Into<Label>) -> Self {
        CashFlow {
            date,
            amount,
            tranche: tranche.into(),
        }
    }
}

impl fmt::Display for CashFlow {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}  {}  {}", self.date, self.amount, self.tranche)
    }
}

/// The total of one period, from [`Schedule::aggregate`].
///
/// ```
/// use disburse::{Currency, Money, Period, PeriodTotal};
/// let p = PeriodTotal { period: Period::Year(2026), total: Money::zero(Currency::USD) };
/// assert_eq!(p.to_string(), "2026: USD 0.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct PeriodTotal {
    /// The period.
    pub period: Period,
    /// The sum of its flows.
    pub total: Money,
}

impl fmt::Display for PeriodTotal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.period, self.total)
    }
}

/// A sorted list of [`CashFlow`]s in one currency.
///
/// Invariants, checked on construction and deserialization: every flow is in
/// the schedule's currency; flows are ordered by date (flows on the same date
/// keep their insertion order). Plans produce schedules whose flows are
/// positive and whose total equals the tranche exactly.
///
/// ```
/// use disburse::{CashFlow, Currency, Money, Period, PeriodBasis, Schedule};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// let s = Schedule::new(Currency::USD, vec![
///     CashFlow::new(d(2027, 3, 1), usd(dec!(20)), "a"),
///     CashFlow::new(d(2026, 6, 1), usd(dec!(10)), "a"),
///     CashFlow::new(d(2026, 9, 1), usd(dec!(5)), "b"),
/// ])?;
/// assert_eq!(s.first_date(), Some(d(2026, 6, 1)));
/// assert_eq!(s.total()?, usd(dec!(35)));
/// let years = s.aggregate(PeriodBasis::CalendarYear)?;
/// assert_eq!(years[0].total, usd(dec!(15)));
/// assert_eq!(s.peak(PeriodBasis::CalendarYear)?.unwrap().period, Period::Year(2027));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "ScheduleData", into = "ScheduleData")]
pub struct Schedule {
    currency: Currency,
    flows: Vec<CashFlow>,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct ScheduleData {
    currency: Currency,
    flows: Vec<CashFlow>,
}

impl TryFrom<ScheduleData> for Schedule {
    type Error = Error;
    fn try_from(d: ScheduleData) -> Result<Self> {
        Schedule::new(d.currency, d.flows)
    }
}

impl From<Schedule> for ScheduleData {
    fn from(s: Schedule) -> Self {
        ScheduleData {
            currency: s.currency,
            flows: s.flows,
        }
    }
}

impl Schedule {
    /// A schedule of `flows` (in any order) in `currency`.
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] when a flow is in another currency.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert!(Schedule::new(Currency::USD, vec![])?.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(currency: Currency, mut flows: Vec<CashFlow>) -> Result<Self> {
        if let Some(bad) = flows.iter().find(|f| f.amount.currency() != currency) {
            return Err(Error::CurrencyMismatch {
                expected: currency,
                found: bad.amount.currency(),
            });
        }
        if !flows.windows(2).all(|w| w[0].date <= w[1].date) {
            flows.sort_by_key(|f| f.date);
        }
        Ok(Schedule { currency, flows })
    }

    /// An empty schedule.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert_eq!(Schedule::empty(Currency::KRW).len(), 0);
    /// ```
    pub fn empty(currency: Currency) -> Self {
        Schedule {
            currency,
            flows: Vec::new(),
        }
    }

    /// Builds a schedule from flows already known to be sorted and in
    /// `currency` (crate-internal fast path).
    pub(crate) fn from_sorted(currency: Currency, flows: Vec<CashFlow>) -> Self {
        debug_assert!(flows.windows(2).all(|w| w[0].date <= w[1].date));
        Schedule { currency, flows }
    }

    /// Takes the flows' storage out, leaving an empty schedule (for
    /// generating into a reused buffer).
    pub(crate) fn take_storage(&mut self) -> Vec<CashFlow> {
        std::mem::take(&mut self.flows)
    }

    /// The currency of every flow.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert_eq!(Schedule::empty(Currency::EUR).currency(), Currency::EUR);
    /// ```
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The flows, sorted by date.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert!(Schedule::empty(Currency::EUR).flows().is_empty());
    /// ```
    pub fn flows(&self) -> &[CashFlow] {
        &self.flows
    }

    /// Iterates over the flows in date order.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert_eq!(Schedule::empty(Currency::EUR).iter().count(), 0);
    /// ```
    pub fn iter(&self) -> std::slice::Iter<'_, CashFlow> {
        self.flows.iter()
    }

    /// Number of flows.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert_eq!(Schedule::empty(Currency::EUR).len(), 0);
    /// ```
    pub fn len(&self) -> usize {
        self.flows.len()
    }

    /// Whether there are no flows.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert!(Schedule::empty(Currency::EUR).is_empty());
    /// ```
    pub fn is_empty(&self) -> bool {
        self.flows.is_empty()
    }

    /// Date of the first flow.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert_eq!(Schedule::empty(Currency::EUR).first_date(), None);
    /// ```
    pub fn first_date(&self) -> Option<NaiveDate> {
        self.flows.first().map(|f| f.date)
    }

    /// Date of the last flow.
    ///
    /// ```
    /// use disburse::{Currency, Schedule};
    /// assert_eq!(Schedule::empty(Currency::EUR).last_date(), None);
    /// ```
    pub fn last_date(&self) -> Option<NaiveDate> {
        self.flows.last().map(|f| f.date)
    }

    /// The exact sum of all flows.
    ///
    /// # Errors
    /// [`Error::Overflow`] past `Decimal`'s range.
    ///
    /// ```
    /// use disburse::{Currency, Money, Schedule};
    /// assert_eq!(Schedule::empty(Currency::USD).total()?, Money::zero(Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total(&self) -> Result<Money> {
        Money::checked_sum(self.flows.iter().map(|f| f.amount), self.currency)
    }

    /// This schedule and `other` merged into one, in date order (on equal
    /// dates, this schedule's flows first). Linear in the total length.
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] when the currencies differ.
    ///
    /// ```
    /// use disburse::{CashFlow, Currency, Money, Schedule};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    /// let one = |m, t: &str| CashFlow::new(d(m), Money::new(dec!(1), Currency::USD), t);
    /// let a = Schedule::new(Currency::USD, vec![one(1, "a"), one(3, "a")])?;
    /// let b = Schedule::new(Currency::USD, vec![one(2, "b")])?;
    /// let m = a.merge(&b)?;
    /// assert_eq!(m.flows().iter().map(|f| &*f.tranche).collect::<String>(), "aba");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge(&self, other: &Schedule) -> Result<Schedule> {
        if other.currency != self.currency {
            return Err(Error::CurrencyMismatch {
                expected: self.currency,
                found: other.currency,
            });
        }
        let mut flows = Vec::with_capacity(self.flows.len() + other.flows.len());
        let (mut i, mut j) = (0, 0);
        while i < self.flows.len() && j < other.flows.len() {
            if other.flows[j].date < self.flows[i].date {
                flows.push(other.flows[j].clone());
                j += 1;
            } else {
                flows.push(self.flows[i].clone());
                i += 1;
            }
        }
        flows.extend_from_slice(&self.flows[i..]);
        flows.extend_from_slice(&other.flows[j..]);
        Ok(Schedule::from_sorted(self.currency, flows))
    }

    /// Several schedules in `currency` merged into one, in date order; on
    /// equal dates the flows of earlier schedules come first, each
    /// schedule's own order kept — the result of merging them one after
    /// the other with [`Schedule::merge`], in one stable sort of all the
    /// flows (O(n log n) in the total length, not quadratic in the number
    /// of schedules).
    ///
    /// # Errors
    /// [`Error::CurrencyMismatch`] for a schedule in another currency.
    ///
    /// ```
    /// use disburse::{CashFlow, Currency, Money, Schedule};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    /// let one = |m, t: &str| CashFlow::new(d(m), Money::new(dec!(1), Currency::USD), t);
    /// let a = Schedule::new(Currency::USD, vec![one(1, "a"), one(3, "a")])?;
    /// let b = Schedule::new(Currency::USD, vec![one(2, "b"), one(3, "b")])?;
    /// let c = Schedule::new(Currency::USD, vec![one(1, "c")])?;
    /// let m = Schedule::merge_all(Currency::USD, [a.clone(), b.clone(), c.clone()])?;
    /// assert_eq!(m.flows().iter().map(|f| &*f.tranche).collect::<String>(), "acbab");
    /// assert_eq!(m, a.merge(&b)?.merge(&c)?);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn merge_all(currency: Currency, schedules: impl IntoIterator<Item = Schedule>) -> Result<Schedule> {
        let mut flows = Vec::new();
        for s in schedules {
            if s.currency != currency {
                return Err(Error::CurrencyMismatch {
                    expected: currency,
                    found: s.currency,
                });
            }
            flows.extend(s.flows);
        }
        // Stable: equal dates keep the order of the concatenation.
        if !flows.windows(2).all(|w| w[0].date <= w[1].date) {
            flows.sort_by_key(|f| f.date);
        }
        Ok(Schedule::from_sorted(currency, flows))
    }

    /// The flows of one tranche.
    ///
    /// ```
    /// use disburse::{Commitment, Currency, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let c = Commitment::single("pledge", Money::new(dec!(100), Currency::USD), Plan::upfront(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()))?;
    /// assert_eq!(c.schedule()?.tranche("pledge").len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn tranche(&self, name: &str) -> Schedule {
        let flows = self.flows.iter().filter(|f| &*f.tranche == name).cloned().collect();
        Schedule::from_sorted(self.currency, flows)
    }

    /// Totals per period, for every period from the first flow's to the
    /// last flow's (periods without flows included, with a zero total), in
    /// order. Empty for an empty schedule.
    ///
    /// # Errors
    /// [`Error::Overflow`] past `Decimal`'s range.
    ///
    /// ```
    /// use disburse::{CashFlow, Currency, Money, PeriodBasis, Schedule};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |y| NaiveDate::from_ymd_opt(y, 6, 1).unwrap();
    /// let s = Schedule::new(Currency::USD, vec![
    ///     CashFlow::new(d(2026), Money::new(dec!(1), Currency::USD), "a"),
    ///     CashFlow::new(d(2028), Money::new(dec!(2), Currency::USD), "a"),
    /// ])?;
    /// let y = s.aggregate(PeriodBasis::CalendarYear)?;
    /// assert_eq!(y.iter().map(|p| p.to_string()).collect::<Vec<_>>(), ["2026: USD 1.00", "2027: USD 0.00", "2028: USD 2.00"]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn aggregate(&self, basis: PeriodBasis) -> Result<Vec<PeriodTotal>> {
        let mut out: Vec<PeriodTotal> = Vec::new();
        for f in &self.flows {
            let p = basis.period_of(f.date);
            // Open periods until `p` is the last one (zero totals in gaps).
            loop {
                match out.last_mut() {
                    Some(last) if last.period == p => {
                        last.total = last.total.checked_add(f.amount)?;
                        break;
                    }
                    Some(last) => {
                        let next = basis.next(last.period);
                        out.push(PeriodTotal {
                            period: next,
                            total: Money::zero(self.currency),
                        });
                    }
                    None => out.push(PeriodTotal {
                        period: p,
                        total: Money::zero(self.currency),
                    }),
                }
            }
        }
        Ok(out)
    }

    /// Cumulative totals: for each distinct date, the sum of all flows on
    /// or before it.
    ///
    /// # Errors
    /// [`Error::Overflow`] past `Decimal`'s range.
    ///
    /// ```
    /// use disburse::{CashFlow, Currency, Money, Schedule};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let d = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// let s = Schedule::new(Currency::USD, vec![
    ///     CashFlow::new(d(1), usd(dec!(1)), "a"), CashFlow::new(d(1), usd(dec!(2)), "b"), CashFlow::new(d(2), usd(dec!(4)), "a"),
    /// ])?;
    /// assert_eq!(s.cumulative()?, vec![(d(1), usd(dec!(3))), (d(2), usd(dec!(7)))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn cumulative(&self) -> Result<Vec<(NaiveDate, Money)>> {
        let mut out: Vec<(NaiveDate, Money)> = Vec::new();
        let mut running = Money::zero(self.currency);
        for f in &self.flows {
            running = running.checked_add(f.amount)?;
            match out.last_mut() {
                Some((d, m)) if *d == f.date => *m = running,
                _ => out.push((f.date, running)),
            }
        }
        Ok(out)
    }

    /// The period with the largest total (the earliest on ties), or `None`
    /// for an empty schedule.
    ///
    /// # Errors
    /// [`Error::Overflow`] past `Decimal`'s range.
    ///
    /// ```
    /// use disburse::{Currency, PeriodBasis, Schedule};
    /// assert_eq!(Schedule::empty(Currency::USD).peak(PeriodBasis::Quarter)?, None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn peak(&self, basis: PeriodBasis) -> Result<Option<PeriodTotal>> {
        Ok(peak_of(&self.aggregate(basis)?))
    }
}

/// The period with the largest total, the earliest on ties.
pub(crate) fn peak_of(periods: &[PeriodTotal]) -> Option<PeriodTotal> {
    let mut best: Option<&PeriodTotal> = None;
    for p in periods {
        if best.is_none_or(|b| p.total.amount() > b.total.amount()) {
            best = Some(p);
        }
    }
    best.cloned()
}

impl<'a> IntoIterator for &'a Schedule {
    type Item = &'a CashFlow;
    type IntoIter = std::slice::Iter<'a, CashFlow>;
    fn into_iter(self) -> Self::IntoIter {
        self.flows.iter()
    }
}

impl fmt::Display for Schedule {
    /// One flow per line: date, amount, tranche.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for cf in &self.flows {
            writeln!(f, "{}  {:>28}  {}", cf.date, cf.amount.to_string(), cf.tranche)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use rust_decimal_macros::dec;

    #[test]
    fn new_sorts_stably_and_checks_currency() {
        let s = Schedule::new(
            Currency::USD,
            vec![
                CashFlow::new(d(2027, 1, 1), usd(dec!(1)), "x"),
                CashFlow::new(d(2026, 1, 1), usd(dec!(2)), "a"),
                CashFlow::new(d(2026, 1, 1), usd(dec!(3)), "b"),
            ],
        )
        .unwrap();
        let labels: Vec<_> = s.iter().map(|f| f.tranche.to_string()).collect();
        assert_eq!(labels, ["a", "b", "x"]);
        let err = Schedule::new(
            Currency::USD,
            vec![CashFlow::new(d(2026, 1, 1), Money::new(dec!(1), Currency::EUR), "e")],
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "currency mismatch: expected USD, found EUR");
        assert!(
            Schedule::empty(Currency::USD)
                .merge(&Schedule::empty(Currency::EUR))
                .is_err()
        );
    }

    #[test]
    fn aggregate_quarters_and_peak() {
        let s = Schedule::new(
            Currency::USD,
            vec![
                CashFlow::new(d(2026, 1, 10), usd(dec!(1)), "a"),
                CashFlow::new(d(2026, 3, 31), usd(dec!(2)), "a"),
                CashFlow::new(d(2026, 10, 1), usd(dec!(3)), "a"),
                CashFlow::new(d(2027, 1, 1), usd(dec!(3)), "a"),
            ],
        )
        .unwrap();
        let q = s.aggregate(PeriodBasis::Quarter).unwrap();
        let text: Vec<_> = q.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            text,
            [
                "2026-Q1: USD 3.00",
                "2026-Q2: USD 0.00",
                "2026-Q3: USD 0.00",
                "2026-Q4: USD 3.00",
                "2027-Q1: USD 3.00"
            ]
        );
        // Tie between 2026-Q1, Q4 and 2027-Q1: the earliest wins.
        assert_eq!(
            s.peak(PeriodBasis::Quarter).unwrap().unwrap().period,
            Period::Quarter { year: 2026, quarter: 1 }
        );
        assert_eq!(s.peak(PeriodBasis::CalendarYear).unwrap().unwrap().total, usd(dec!(6)));
    }

    #[test]
    fn serde_round_trip_and_validation() {
        let s = Schedule::new(
            Currency::KRW,
            vec![CashFlow::new(d(2026, 1, 1), Money::new(dec!(1430), Currency::KRW), "w")],
        )
        .unwrap();
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(serde_json::from_str::<Schedule>(&json).unwrap(), s);
        let bad = json.replace("\"currency\":\"KRW\",\"flows\"", "\"currency\":\"USD\",\"flows\"");
        assert!(serde_json::from_str::<Schedule>(&bad).is_err(), "{bad}");
    }
}
