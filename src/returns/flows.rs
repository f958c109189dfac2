//! [`ProjectFlows`]: the flows a project pays out, to be shared between
//! investor and host, and the checks on the investor's outlays.

use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::plan::{MAX_PLAN_YEARS, positive_whole};
use crate::rates::Rate;
use crate::time::Tenor;
use crate::valuation::kernel::to_decimal;
use crate::{Bound, CashFlow, Error, Money, Quantity, Result, Rounding, Schedule, Value};

/// Label of generated project flows.
const PROJECT_LABEL: &str = "project";

/// The flows a project pays out, to be shared between investor and host.
///
/// - [`ProjectFlows::Yield`]: on each of the first `years` anniversaries of
///   the first outlay, `rate` times the capital deployed by then (the
///   cumulative outlays dated on or before the anniversary), rounded half
///   to even to minor units. Anniversaries of February 29 fall on
///   February 28 in common years.
/// - [`ProjectFlows::Explicit`]: flows given by the user, in the outlays'
///   currency, in whole minor units, none before the first outlay (any
///   sign: a negative flow is a loss shared by the same split).
///
/// Serialized as `{"yield": {"rate": 0.08, "years": 30}}` or
/// `{"explicit": {"currency": "USD", "flows": [...]}}`, validated on
/// deserialization.
///
/// ```
/// use disburse::returns::ProjectFlows;
///
/// let p = ProjectFlows::yield_on_capital(0.08, 30)?;
/// assert_eq!(p, ProjectFlows::Yield { rate: 0.08, years: 30 });
/// let json = serde_json::to_string(&p)?;
/// assert_eq!(json, r#"{"yield":{"rate":0.08,"years":30}}"#);
/// assert!(serde_json::from_str::<ProjectFlows>(r#"{"yield":{"rate":0.08,"years":0}}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ProjectFlowsData", into = "ProjectFlowsData")]
pub enum ProjectFlows {
    /// A yearly yield on the capital deployed.
    Yield {
        /// The annual yield (`0.08` for 8%), finite and above −100%.
        rate: f64,
        /// The number of yearly payments, 1 to 1,000.
        years: u32,
    },
    /// Flows given explicitly.
    Explicit(Schedule),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum ProjectFlowsData {
    Yield { rate: f64, years: u32 },
    Explicit(Schedule),
}

impl TryFrom<ProjectFlowsData> for ProjectFlows {
    type Error = Error;
    fn try_from(d: ProjectFlowsData) -> Result<Self> {
        match d {
            ProjectFlowsData::Yield { rate, years } => ProjectFlows::yield_on_capital(rate, years),
            ProjectFlowsData::Explicit(s) => ProjectFlows::explicit(s),
        }
    }
}

impl From<ProjectFlows> for ProjectFlowsData {
    fn from(p: ProjectFlows) -> Self {
        match p {
            ProjectFlows::Yield { rate, years } => ProjectFlowsData::Yield { rate, years },
            ProjectFlows::Explicit(s) => ProjectFlowsData::Explicit(s),
        }
    }
}

impl ProjectFlows {
    /// A yearly yield of `rate` on the capital deployed, paid on the first
    /// `years` anniversaries of the first outlay.
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a rate that is not
    /// finite or at or below −100%; [`Error::ZeroCount`] for zero years;
    /// [`Error::OutOfRange`] for more than 1,000 years.
    ///
    /// ```
    /// use disburse::returns::ProjectFlows;
    /// use disburse::Error;
    ///
    /// assert!(ProjectFlows::yield_on_capital(0.05, 20).is_ok());
    /// assert!(matches!(ProjectFlows::yield_on_capital(0.05, 0), Err(Error::ZeroCount { .. })));
    /// assert!(matches!(ProjectFlows::yield_on_capital(-1.0, 5), Err(Error::InvalidRate { .. })));
    /// assert!(matches!(ProjectFlows::yield_on_capital(f64::NAN, 5), Err(Error::InvalidRate { .. })));
    /// ```
    pub fn yield_on_capital(rate: f64, years: u32) -> Result<ProjectFlows> {
        let p = ProjectFlows::Yield { rate, years };
        p.validate()?;
        Ok(p)
    }

    /// Explicit project flows. Their currency is checked against the
    /// outlays' when the waterfall runs.
    ///
    /// # Errors
    /// [`Error::NotWholeMinorUnits`] when a flow is not a whole number of
    /// minor units.
    ///
    /// ```
    /// use disburse::returns::ProjectFlows;
    /// use disburse::{CashFlow, Currency, Money, Schedule};
    /// use rust_decimal_macros::dec;
    ///
    /// let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    /// let ok = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(12.5), Currency::USD), "p")])?;
    /// assert!(ProjectFlows::explicit(ok).is_ok());
    /// let bad = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(0.005), Currency::USD), "p")])?;
    /// assert!(ProjectFlows::explicit(bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explicit(flows: Schedule) -> Result<ProjectFlows> {
        let p = ProjectFlows::Explicit(flows);
        p.validate()?;
        Ok(p)
    }

    /// Checks the invariants documented on the type that do not depend on
    /// the outlays.
    fn validate(&self) -> Result<()> {
        match self {
            ProjectFlows::Yield { rate, years } => {
                Rate::new(Quantity::ProjectYield, *rate)?;
                if *years == 0 {
                    return Err(Error::ZeroCount {
                        what: Quantity::ProjectYears,
                    });
                }
                if *years > MAX_PLAN_YEARS {
                    return Err(Error::out_of_range(
                        Quantity::ProjectYears,
                        *years,
                        Bound::AtMost(Value::from(MAX_PLAN_YEARS)),
                    ));
                }
                Ok(())
            }
            ProjectFlows::Explicit(s) => {
                for f in s {
                    if !f.amount.is_whole_minor() {
                        return Err(Error::NotWholeMinorUnits {
                            what: Quantity::ProjectFlow(f.date),
                            amount: f.amount.amount(),
                            currency: f.amount.currency(),
                        });
                    }
                }
                Ok(())
            }
        }
    }

    /// The project's flows for these outlays, in date order: the yearly
    /// yields of [`ProjectFlows::Yield`] (labelled `"project"`), or the
    /// explicit flows as given.
    ///
    /// # Errors
    /// The outlay errors of [`share_returns`](super::share_returns); the errors of the
    /// constructors; [`Error::CurrencyMismatch`] for explicit flows in
    /// another currency than the outlays; [`Error::OutOfRange`] for an
    /// explicit flow before the first outlay; [`Error::Overflow`] and
    /// [`Error::DateOutOfRange`] past the supported ranges.
    ///
    /// ```
    /// use disburse::returns::ProjectFlows;
    /// use disburse::{CashFlow, Currency, Money, Schedule};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    ///
    /// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// let outlays = Schedule::new(Currency::USD, vec![
    ///     CashFlow::new(d(2026), usd(dec!(100)), "cash"),
    ///     CashFlow::new(d(2027), usd(dec!(100)), "cash"),
    /// ])?;
    /// // Capital deployed on or before each anniversary: 200, then 200.
    /// let flows = ProjectFlows::yield_on_capital(0.05, 2)?.schedule(&outlays)?;
    /// let got: Vec<_> = flows.iter().map(|f| (f.date, f.amount.amount())).collect();
    /// assert_eq!(got, [(d(2027), dec!(10)), (d(2028), dec!(10))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule(&self, outlays: &Schedule) -> Result<Schedule> {
        self.validate()?;
        let first = check_outlays(outlays)?;
        let currency = outlays.currency();
        match self {
            ProjectFlows::Yield { rate, years } => {
                let rate = to_decimal(*rate, Quantity::ProjectYield)?;
                let cumulative = outlays.cumulative()?;
                let mut next_outlay = cumulative.iter().peekable();
                let mut deployed = Money::zero(currency);
                let mut flows = Vec::new();
                let label: Arc<str> = Arc::from(PROJECT_LABEL);
                for k in 1..=*years {
                    let date = Tenor::years(1).add_to(first, i64::from(k))?;
                    while let Some((_, total)) = next_outlay.next_if(|(d, _)| *d <= date) {
                        deployed = *total;
                    }
                    let amount = deployed.checked_mul(rate)?.round_to_minor(Rounding::HalfEven);
                    flows.push(CashFlow {
                        date,
                        amount,
                        tranche: Arc::clone(&label),
                    });
                }
                Schedule::new(currency, flows)
            }
            ProjectFlows::Explicit(s) => {
                if s.currency() != currency {
                    return Err(Error::CurrencyMismatch {
                        expected: currency,
                        found: s.currency(),
                    });
                }
                if let Some(early) = s.first_date().filter(|d| *d < first) {
                    return Err(Error::out_of_range(
                        Quantity::ProjectFlowDate,
                        early,
                        Bound::NotBefore(Value::Date(first)),
                    ));
                }
                Ok(s.clone())
            }
        }
    }
}

/// Checks the outlays (not empty, every one positive and in whole minor
/// units) and returns the date of the first.
pub(super) fn check_outlays(outlays: &Schedule) -> Result<NaiveDate> {
    let first = outlays.first_date().ok_or(Error::Empty {
        what: Quantity::Outlays,
    })?;
    for f in outlays {
        positive_whole(f.amount.amount(), outlays.currency(), || Quantity::Outlay(f.date))?;
    }
    Ok(first)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::testing::{explicit, outlays};
    use crate::testing::{d, usd};
    use rust_decimal_macros::dec;

    #[test]
    fn yield_counts_capital_deployed_on_or_before_each_anniversary() {
        // Leap-day first outlay: anniversaries fall on 28 February.
        let o = outlays(&[
            (d(2028, 2, 29), dec!(100)),
            (d(2029, 2, 28), dec!(50)),
            (d(2029, 3, 1), dec!(50)),
        ]);
        let s = ProjectFlows::yield_on_capital(0.035, 3).unwrap().schedule(&o).unwrap();
        let got: Vec<_> = s.iter().map(|f| (f.date, f.amount.amount())).collect();
        // 3.5% of 150 = 5.25; of 200 = 7.00.
        assert_eq!(
            got,
            [
                (d(2029, 2, 28), dec!(5.25)),
                (d(2030, 2, 28), dec!(7)),
                (d(2031, 2, 28), dec!(7))
            ]
        );
        // Half-even rounding: 0.5% of 1.00 = 0.005 → 0.00; of 3.00 → 0.015 → 0.02.
        let s = ProjectFlows::yield_on_capital(0.005, 1)
            .unwrap()
            .schedule(&outlays(&[(d(2026, 1, 1), dec!(1))]))
            .unwrap();
        assert_eq!(s.total().unwrap(), usd(dec!(0)));
        let s = ProjectFlows::yield_on_capital(0.005, 1)
            .unwrap()
            .schedule(&outlays(&[(d(2026, 1, 1), dec!(3))]))
            .unwrap();
        assert_eq!(s.total().unwrap(), usd(dec!(0.02)));
    }

    #[test]
    fn serde_round_trips() {
        let p = explicit(&[(d(2027, 1, 1), dec!(10))]);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<ProjectFlows>(&json).unwrap(), p);
        assert!(serde_json::from_str::<ProjectFlows>(r#"{"yield":{"rate":-1.5,"years":3}}"#).is_err());
    }
}
