//! [`ProjectFlows`]: the flows a project pays out, to be shared between
//! investor and host, and the checks on the investor's outlays.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use super::{Accrual, TerminalValue};
use crate::plan::{MAX_PLAN_YEARS, positive_whole};
use crate::rates::Rate;
use crate::time::Tenor;
use crate::valuation::kernel::to_decimal;
use crate::{Bound, CashFlow, Error, Label, Money, Quantity, Result, Rounding, Schedule, Value};

/// Label of generated project flows.
const PROJECT_LABEL: &str = "project";
/// Label of the terminal value among the project flows.
const TERMINAL_LABEL: &str = "terminal value";

/// The flows a project pays out, to be shared between investor and host.
///
/// - [`ProjectFlows::Yield`]: on each of the first `years` anniversaries of
///   the first outlay, `rate` times the capital that earned during the
///   year ending on it (the *yield period*), rounded half to even to minor
///   units. **Capital earns from the day it is invested**, never before:
///   capital paid on or before the period's start earns the whole period,
///   capital paid on or after its end nothing (a tranche paid on an
///   anniversary earns nothing that day), and capital paid inside the
///   period earns by [`Accrual`]: pro rata by actual days (the default)
///   or from the next period. An optional [`TerminalValue`] adds one more
///   flow at the end. Anniversaries of February 29 fall on February 28 in
///   common years.
/// - [`ProjectFlows::Explicit`]: flows given by the user, in the outlays'
///   currency, in whole minor units, none before the first outlay (any
///   sign: a negative flow is a loss shared by the same split).
///
/// Serialized as `{"yield": {"rate": 0.08, "years": 30, "accrual":
/// "pro_rata"}}` (`accrual` defaults to `"pro_rata"`; an optional
/// `terminal_value`, see [`TerminalValue`]) or `{"explicit": {"currency":
/// "USD", "flows": [...]}}`, validated on deserialization.
///
/// ```
/// use disburse::returns::{Accrual, ProjectFlows};
///
/// let p = ProjectFlows::yield_on_capital(0.08, 30)?;
/// assert_eq!(p, ProjectFlows::Yield { rate: 0.08, years: 30, accrual: Accrual::ProRata, terminal_value: None });
/// let json = serde_json::to_string(&p)?;
/// assert_eq!(json, r#"{"yield":{"rate":0.08,"years":30,"accrual":"pro_rata"}}"#);
/// assert!(serde_json::from_str::<ProjectFlows>(r#"{"yield":{"rate":0.08,"years":0}}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "ProjectFlowsData", into = "ProjectFlowsData")]
pub enum ProjectFlows {
    /// A yearly yield on the capital invested.
    Yield {
        /// The annual yield (`0.08` for 8%), finite and above −100%.
        rate: f64,
        /// The number of yearly payments, 1 to 1,000.
        years: u32,
        /// From when capital paid inside a yield period earns.
        accrual: Accrual,
        /// What the project pays at its end, if anything.
        terminal_value: Option<TerminalValue>,
    },
    /// Flows given explicitly.
    Explicit(Schedule),
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum ProjectFlowsData {
    Yield(YieldData),
    Explicit(Schedule),
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct YieldData {
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    rate: f64,
    years: u32,
    #[serde(default)]
    accrual: Accrual,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    terminal_value: Option<TerminalValue>,
}

impl TryFrom<ProjectFlowsData> for ProjectFlows {
    /// The error's message, its field first
    /// ([`field_message`](crate::input_serde::field_message)) when it is
    /// about one.
    type Error = String;
    fn try_from(d: ProjectFlowsData) -> std::result::Result<Self, String> {
        match d {
            ProjectFlowsData::Yield(y) => {
                let p = ProjectFlows::Yield {
                    rate: y.rate,
                    years: y.years,
                    accrual: y.accrual,
                    terminal_value: y.terminal_value,
                };
                p.validate().map_err(|e| {
                    let field = match &e {
                        Error::InvalidRate {
                            what: Quantity::ProjectYield,
                            ..
                        } => Some("yield.rate"),
                        Error::ZeroCount {
                            what: Quantity::ProjectYears,
                        }
                        | Error::OutOfRange {
                            what: Quantity::ProjectYears,
                            ..
                        } => Some("yield.years"),
                        _ => None,
                    };
                    crate::input_serde::field_message(&e, field)
                })?;
                Ok(p)
            }
            ProjectFlowsData::Explicit(s) => ProjectFlows::explicit(s).map_err(|e| e.to_string()),
        }
    }
}

impl From<ProjectFlows> for ProjectFlowsData {
    fn from(p: ProjectFlows) -> Self {
        match p {
            ProjectFlows::Yield {
                rate,
                years,
                accrual,
                terminal_value,
            } => ProjectFlowsData::Yield(YieldData {
                rate,
                years,
                accrual,
                terminal_value,
            }),
            ProjectFlows::Explicit(s) => ProjectFlowsData::Explicit(s),
        }
    }
}

impl ProjectFlows {
    /// A yearly yield of `rate` on the capital invested, paid on the first
    /// `years` anniversaries of the first outlay; capital paid inside a
    /// yield period earns pro rata ([`Accrual::ProRata`]); no terminal
    /// value. See [`with_accrual`](Self::with_accrual) and
    /// [`with_terminal_value`](Self::with_terminal_value).
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
        let p = ProjectFlows::Yield {
            rate,
            years,
            accrual: Accrual::default(),
            terminal_value: None,
        };
        p.validate()?;
        Ok(p)
    }

    /// The same yield with capital paid inside a period earning by
    /// `accrual`.
    ///
    /// # Errors
    /// [`Error::Invalid`] for explicit flows (they have no yield).
    ///
    /// ```
    /// use disburse::returns::{Accrual, ProjectFlows};
    /// let p = ProjectFlows::yield_on_capital(0.1, 5)?.with_accrual(Accrual::NextPeriod)?;
    /// assert!(matches!(p, ProjectFlows::Yield { accrual: Accrual::NextPeriod, .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_accrual(self, accrual: Accrual) -> Result<ProjectFlows> {
        match self {
            ProjectFlows::Yield {
                rate,
                years,
                terminal_value,
                ..
            } => Ok(ProjectFlows::Yield {
                rate,
                years,
                accrual,
                terminal_value,
            }),
            ProjectFlows::Explicit(_) => Err(Error::Invalid {
                what: Quantity::ProjectYield,
                reason: "an accrual rule applies only to a yield on capital",
            }),
        }
    }

    /// The same yield with a terminal value at the end.
    ///
    /// # Errors
    /// [`Error::Invalid`] for explicit flows (give the terminal flow among
    /// them).
    ///
    /// ```
    /// use disburse::returns::{ProjectFlows, TerminalValue};
    /// use rust_decimal_macros::dec;
    /// let p = ProjectFlows::yield_on_capital(0.1, 5)?.with_terminal_value(TerminalValue::share_of_capital(dec!(1))?)?;
    /// assert!(matches!(p, ProjectFlows::Yield { terminal_value: Some(_), .. }));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_terminal_value(self, terminal: TerminalValue) -> Result<ProjectFlows> {
        match self {
            ProjectFlows::Yield {
                rate, years, accrual, ..
            } => Ok(ProjectFlows::Yield {
                rate,
                years,
                accrual,
                terminal_value: Some(terminal),
            }),
            ProjectFlows::Explicit(_) => Err(Error::Invalid {
                what: Quantity::TerminalValue,
                reason: "applies only to a yield on capital; give explicit flows their terminal flow",
            }),
        }
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
            ProjectFlows::Yield { rate, years, .. } => {
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
    /// yields of [`ProjectFlows::Yield`] (labelled `"project"`) and its
    /// terminal value (labelled `"terminal value"`), or the explicit flows
    /// as given.
    ///
    /// # Errors
    /// The outlay errors of [`share_returns`](super::share_returns); the errors of the
    /// constructors; for the terminal value, [`Error::OutOfRange`] for a
    /// date before the first outlay and [`Error::NotWholeMinorUnits`] for
    /// an amount that is not whole in minor units; [`Error::CurrencyMismatch`] for explicit flows in
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
    /// // The second $100 is paid on the first anniversary: it earns
    /// // nothing that day, and the whole second year.
    /// let flows = ProjectFlows::yield_on_capital(0.05, 2)?.schedule(&outlays)?;
    /// let got: Vec<_> = flows.iter().map(|f| (f.date, f.amount.amount())).collect();
    /// assert_eq!(got, [(d(2027), dec!(5)), (d(2028), dec!(10))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule(&self, outlays: &Schedule) -> Result<Schedule> {
        self.validate()?;
        let first = check_outlays(outlays)?;
        let currency = outlays.currency();
        match self {
            ProjectFlows::Yield {
                rate,
                years,
                accrual,
                terminal_value,
            } => {
                let rate = to_decimal(*rate, Quantity::ProjectYield)?;
                let label: Label = Label::new(PROJECT_LABEL);
                let mut flows = Vec::new();
                let all: Vec<&CashFlow> = outlays.iter().collect();
                // Outlays before `next` have been paid on or before the
                // current period's start: they earn the whole period.
                let mut next = 0;
                let mut invested = Money::zero(currency);
                let mut start = first;
                for k in 1..=*years {
                    let end = Tenor::years(1).add_to(first, i64::from(k))?;
                    while let Some(f) = all.get(next).filter(|f| f.date <= start) {
                        invested = invested.checked_add(f.amount)?;
                        next += 1;
                    }
                    // Capital paid inside the period, weighted by its days
                    // invested: Σ amount × days(paid, end), exact.
                    let mut weighted = Decimal::ZERO;
                    if *accrual == Accrual::ProRata {
                        for f in all.iter().skip(next).take_while(|f| f.date < end) {
                            let days = Decimal::from((end - f.date).num_days());
                            weighted = f
                                .amount
                                .amount()
                                .checked_mul(days)
                                .and_then(|w| weighted.checked_add(w))
                                .ok_or_else(|| Error::overflow("project yield"))?;
                        }
                    }
                    // rate × (invested + weighted / period days), one
                    // division, rounded once.
                    let earning = if weighted.is_zero() {
                        invested.checked_mul(rate)?
                    } else {
                        let period = Decimal::from((end - start).num_days());
                        let yearly = invested
                            .amount()
                            .checked_mul(period)
                            .and_then(|x| x.checked_add(weighted))
                            .and_then(|x| x.checked_mul(rate))
                            .and_then(|x| x.checked_div(period))
                            .ok_or_else(|| Error::overflow("project yield"))?;
                        Money::new(yearly, currency)
                    };
                    let amount = earning.round_to_minor(Rounding::HalfEven);
                    flows.push(CashFlow {
                        date: end,
                        amount,
                        tranche: label.clone(),
                    });
                    start = end;
                }
                if let Some(t) = terminal_value {
                    let (date, amount) = t.resolve(outlays, first, start)?;
                    flows.push(CashFlow::new(date, amount, TERMINAL_LABEL));
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

    fn amounts(p: &ProjectFlows, o: &Schedule) -> Vec<(NaiveDate, Decimal)> {
        p.schedule(o)
            .unwrap()
            .iter()
            .map(|f| (f.date, f.amount.amount()))
            .collect()
    }

    #[test]
    fn capital_earns_from_the_day_it_is_invested() {
        // $100 on 2026-01-01 and $100 mid-year on 2026-07-02, 10% a year.
        // First yield period 2026-01-01 → 2027-01-01: 365 days; the second
        // tranche is invested for 183 of them.
        let o = outlays(&[(d(2026, 1, 1), dec!(100)), (d(2026, 7, 2), dec!(100))]);
        let pro_rata = ProjectFlows::yield_on_capital(0.10, 3).unwrap();
        // 0.10 × (100 + 100 × 183/365) = 10 + 5.0136986… = 15.0136986… → 15.01;
        // then 0.10 × 200 = 20 a year.
        assert_eq!(
            amounts(&pro_rata, &o),
            [
                (d(2027, 1, 1), dec!(15.01)),
                (d(2028, 1, 1), dec!(20)),
                (d(2029, 1, 1), dec!(20))
            ]
        );
        // From the next period: 0.10 × 100 = 10 in the first year.
        let next = pro_rata.clone().with_accrual(Accrual::NextPeriod).unwrap();
        assert_eq!(
            amounts(&next, &o),
            [
                (d(2027, 1, 1), dec!(10)),
                (d(2028, 1, 1), dec!(20)),
                (d(2029, 1, 1), dec!(20))
            ]
        );
        // A tranche paid on an anniversary earns nothing that day, under
        // either rule: $20 on 2026-01-01 and 2027-01-01 at 10% pay 2.00 on
        // 2027-01-01 (not 4.00), then 4.00.
        let o = outlays(&[(d(2026, 1, 1), dec!(20)), (d(2027, 1, 1), dec!(20))]);
        for p in [&pro_rata, &next] {
            let got = amounts(p, &o);
            assert_eq!(got[0], (d(2027, 1, 1), dec!(2)));
            assert_eq!(got[1], (d(2028, 1, 1), dec!(4)));
        }
    }

    #[test]
    fn leap_years_and_leap_day_anniversaries() {
        // The period 2028-01-01 → 2029-01-01 has 366 days: a whole period
        // earns exactly 10% (not 10% × 366/365), and $100 paid on
        // 2028-07-01 earns 10 × 184/366 = 5.0273… → 5.03.
        let o = outlays(&[(d(2026, 1, 1), dec!(100)), (d(2028, 7, 1), dec!(100))]);
        let got = amounts(&ProjectFlows::yield_on_capital(0.10, 3).unwrap(), &o);
        assert_eq!(
            got,
            [
                (d(2027, 1, 1), dec!(10)),
                (d(2028, 1, 1), dec!(10)),
                (d(2029, 1, 1), dec!(15.03))
            ]
        );
        // Leap-day first outlay: anniversaries fall on 28 February.
        // Periods: 2028-02-29 → 2029-02-28 (365 days), 2029-02-28 →
        // 2030-02-28 (365). 3.5% of 100 = 3.50; then of 150 + 50 ×
        // 364/365 = 199.8630… → 6.9952… → 7.00; then of 200 = 7.00.
        let o = outlays(&[
            (d(2028, 2, 29), dec!(100)),
            (d(2029, 2, 28), dec!(50)),
            (d(2029, 3, 1), dec!(50)),
        ]);
        let p = ProjectFlows::yield_on_capital(0.035, 3).unwrap();
        assert_eq!(
            amounts(&p, &o),
            [
                (d(2029, 2, 28), dec!(3.5)),
                (d(2030, 2, 28), dec!(7)),
                (d(2031, 2, 28), dec!(7))
            ]
        );
        // From the next period: 3.50, 5.25 (3.5% of 150), 7.00.
        let p = p.with_accrual(Accrual::NextPeriod).unwrap();
        assert_eq!(
            amounts(&p, &o),
            [
                (d(2029, 2, 28), dec!(3.5)),
                (d(2030, 2, 28), dec!(5.25)),
                (d(2031, 2, 28), dec!(7))
            ]
        );
    }

    #[test]
    fn half_even_rounding_of_each_flow() {
        // 0.5% of 1.00 = 0.005 → 0.00; of 3.00 → 0.015 → 0.02.
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
    fn terminal_value_at_the_end_or_on_a_date() {
        let o = outlays(&[(d(2026, 1, 1), dec!(100)), (d(2026, 7, 2), dec!(50))]);
        // The whole capital (150) back on the last anniversary, after that
        // year's yield (10% of 150 = 15).
        let p = ProjectFlows::yield_on_capital(0.10, 2)
            .unwrap()
            .with_terminal_value(TerminalValue::share_of_capital(dec!(1)).unwrap())
            .unwrap();
        let s = p.schedule(&o).unwrap();
        let got: Vec<_> = s
            .iter()
            .map(|f| (f.date, f.amount.amount(), f.tranche.to_string()))
            .collect();
        // 2027: 10 + 5 × 183/365 = 12.5068… → 12.51.
        assert_eq!(
            got,
            [
                (d(2027, 1, 1), dec!(12.51), "project".to_string()),
                (d(2028, 1, 1), dec!(15), "project".to_string()),
                (d(2028, 1, 1), dec!(150), "terminal value".to_string())
            ]
        );
        // 80% of the capital invested by 2026-03-31 (only the first $100).
        let p = ProjectFlows::yield_on_capital(0.10, 2)
            .unwrap()
            .with_terminal_value(TerminalValue::share_of_capital(dec!(0.8)).unwrap().on(d(2026, 3, 31)))
            .unwrap();
        assert_eq!(p.schedule(&o).unwrap().first_date(), Some(d(2026, 3, 31)));
        assert_eq!(p.schedule(&o).unwrap().iter().next().unwrap().amount, usd(dec!(80)));
        // A fixed amount; bad dates and fractions are typed errors.
        let tv = |t: TerminalValue| {
            ProjectFlows::yield_on_capital(0.1, 2)
                .unwrap()
                .with_terminal_value(t)
                .unwrap()
        };
        let s = tv(TerminalValue::amount(dec!(42.5)).unwrap()).schedule(&o).unwrap();
        assert_eq!(s.total().unwrap(), usd(dec!(42.5) + dec!(12.51) + dec!(15)));
        assert!(matches!(
            tv(TerminalValue::amount(dec!(1)).unwrap().on(d(2025, 12, 31))).schedule(&o),
            Err(Error::OutOfRange {
                what: Quantity::TerminalValueDate,
                ..
            })
        ));
        assert!(matches!(
            tv(TerminalValue::amount(dec!(0.001)).unwrap()).schedule(&o),
            Err(Error::NotWholeMinorUnits {
                what: Quantity::TerminalValue,
                ..
            })
        ));
        // Explicit flows take neither an accrual rule nor a terminal value.
        let e = explicit(&[(d(2027, 1, 1), dec!(10))]);
        assert!(e.clone().with_accrual(Accrual::NextPeriod).is_err());
        assert!(e.with_terminal_value(TerminalValue::amount(dec!(1)).unwrap()).is_err());
    }

    #[test]
    fn serde_round_trips() {
        let p = explicit(&[(d(2027, 1, 1), dec!(10))]);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<ProjectFlows>(&json).unwrap(), p);
        assert!(serde_json::from_str::<ProjectFlows>(r#"{"yield":{"rate":-1.5,"years":3}}"#).is_err());
        // Read from a document, a check names its field first.
        for (doc, message) in [
            (
                r#"{"yield":{"rate":-1.5,"years":3}}"#,
                "field `yield.rate`: invalid rate -1.5: project yield must be above -100%",
            ),
            (
                r#"{"yield":{"rate":0.08,"years":0}}"#,
                "field `yield.years`: project years must be at least 1",
            ),
        ] {
            let e = serde_json::from_str::<ProjectFlows>(doc).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
        let p = ProjectFlows::yield_on_capital(0.1, 3)
            .unwrap()
            .with_accrual(Accrual::NextPeriod)
            .unwrap()
            .with_terminal_value(TerminalValue::share_of_capital(dec!(1)).unwrap())
            .unwrap();
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(
            json,
            r#"{"yield":{"rate":0.1,"years":3,"accrual":"next_period","terminal_value":{"share_of_capital":"1"}}}"#
        );
        assert_eq!(serde_json::from_str::<ProjectFlows>(&json).unwrap(), p);
        for bad in [
            r#"{"yield":{"rate":0.1,"years":3,"accrual":"same_day"}}"#,
            r#"{"yield":{"rate":0.1,"years":3,"terminal_value":{}}}"#,
            r#"{"yield":{"rate":0.1,"years":3,"terminal_value":{"share_of_capital":"-1"}}}"#,
        ] {
            assert!(serde_json::from_str::<ProjectFlows>(bad).is_err(), "{bad}");
        }
    }
}
