//! Regular plans: [`Upfront`], [`Installments`], [`Ramp`] and [`WeightsPlan`].

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{
    Timing, check_payment_count, default_convention, default_tenor, is_default_convention, is_false, is_null_calendar,
    regular_dates,
};
use crate::time::{BusinessDayConvention, Calendar, DateSchedule, Tenor};
use crate::{Bound, Error, Quantity, Result};
use std::fmt;

/// Which end of a [`Ramp`] carries the larger payments.
///
/// ```
/// use disburse::Loading;
/// assert_eq!(Loading::default(), Loading::Back);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Loading {
    /// Payments decrease over time.
    Front,
    /// Payments increase over time.
    #[default]
    Back,
}

/// The shape of a [`Ramp`]'s weights.
///
/// ```
/// use disburse::RampShape;
/// use rust_decimal_macros::dec;
/// let s = RampShape::Geometric { ratio: dec!(1.5) };
/// assert_eq!(s.to_string(), "geometric x1.5");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum RampShape {
    /// Weights 1, 2, …, n (reversed when front-loaded).
    #[default]
    Linear,
    /// Weights 1, r, r², …, rⁿ⁻¹ with `ratio` r > 0 (reversed when
    /// front-loaded).
    Geometric {
        /// The ratio between consecutive payments.
        #[serde(deserialize_with = "crate::input_serde::number")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::number"))]
        ratio: Decimal,
    },
}

impl fmt::Display for RampShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RampShape::Linear => f.write_str("linear"),
            RampShape::Geometric { ratio } => write!(f, "geometric x{ratio}"),
        }
    }
}

/// Everything paid on one date.
///
/// ```
/// use disburse::{Plan, Upfront};
/// use chrono::NaiveDate;
/// let p = Plan::Upfront(Upfront::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
/// assert_eq!(p.kind(), "upfront");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Upfront {
    /// The payment date (before adjustment).
    pub date: NaiveDate,
    /// Calendar for adjusting the date (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl Upfront {
    /// One payment on `date`, on the null calendar.
    ///
    /// ```
    /// use disburse::Upfront;
    /// let u = Upfront::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    /// assert_eq!(u.date.to_string(), "2026-01-01");
    /// ```
    pub fn new(date: NaiveDate) -> Self {
        Upfront {
            date,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }
}

/// How long [`Installments`] run: a number of payments, or until an end
/// date. Serialized as the installments' `count` or `end` field (exactly
/// one of them): `{ "count": 10 }` or `{ "end": "2036-01-01" }`.
///
/// ```
/// use disburse::{InstallmentLength, Installments};
/// use disburse::time::Tenor;
/// let d = |y| chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
/// assert_eq!(Installments::count(d(2026), 10, Tenor::years(1)).length, InstallmentLength::Count(10));
/// assert_eq!(Installments::until(d(2026), d(2036), Tenor::years(1)).length, InstallmentLength::Until(d(2036)));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
pub enum InstallmentLength {
    /// This many payments (`count`).
    Count(u32),
    /// Payments until this date, the end of the last period (`end`).
    Until(NaiveDate),
}

/// Equal payments at a regular tenor, for a number of payments or until an
/// end date ([`InstallmentLength`]).
///
/// With a count, payment k (0-based) is on `start + k·tenor` in advance or
/// `start + (k+1)·tenor` in arrears. Until an end date, the dates are those
/// of a Forward [`DateSchedule`] from `start` to `end` (QuantLib semantics,
/// any short stub at the end), without its last date in advance or its
/// first in arrears. Serialized with exactly one of `count` and `end`.
///
/// ```
/// use disburse::{Currency, Installments, Money, Plan, Timing};
/// use disburse::time::Tenor;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let plan = Plan::Installments(Installments::count(start, 3, Tenor::years(1)).timing(Timing::InArrears));
/// let s = plan.schedule(Money::new(dec!(100), Currency::USD), "x")?;
/// let amounts: Vec<String> = s.iter().map(|f| format!("{} {}", f.date, f.amount)).collect();
/// assert_eq!(amounts, ["2027-01-01 USD 33.34", "2028-01-01 USD 33.33", "2029-01-01 USD 33.33"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "InstallmentsData", into = "InstallmentsData")]
pub struct Installments {
    /// Start of the first period.
    pub start: NaiveDate,
    /// A number of payments, or an end date.
    pub length: InstallmentLength,
    /// Time between payments (default 1Y).
    pub tenor: Tenor,
    /// In advance (default) or in arrears.
    pub timing: Timing,
    /// Calendar for adjusting dates (default: none).
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    pub convention: BusinessDayConvention,
    /// End-of-month rule: from a month-end start, pay on month ends.
    pub end_of_month: bool,
}

/// The serde form of [`Installments`]: the length as two exclusive fields.
#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct InstallmentsData {
    start: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    end: Option<NaiveDate>,
    #[serde(default = "default_tenor")]
    tenor: Tenor,
    #[serde(default)]
    timing: Timing,
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    calendar: Calendar,
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    convention: BusinessDayConvention,
    #[serde(default, skip_serializing_if = "is_false")]
    end_of_month: bool,
}

impl TryFrom<InstallmentsData> for Installments {
    type Error = Error;

    fn try_from(d: InstallmentsData) -> Result<Self> {
        let length = match (d.count, d.end) {
            (Some(n), None) => InstallmentLength::Count(n),
            (None, Some(end)) => InstallmentLength::Until(end),
            _ => {
                return Err(Error::Invalid {
                    what: Quantity::Installments,
                    reason: "give exactly one of `count` and `end`",
                });
            }
        };
        Ok(Installments {
            start: d.start,
            length,
            tenor: d.tenor,
            timing: d.timing,
            calendar: d.calendar,
            convention: d.convention,
            end_of_month: d.end_of_month,
        })
    }
}

impl From<Installments> for InstallmentsData {
    fn from(i: Installments) -> Self {
        let (count, end) = match i.length {
            InstallmentLength::Count(n) => (Some(n), None),
            InstallmentLength::Until(end) => (None, Some(end)),
        };
        InstallmentsData {
            start: i.start,
            count,
            end,
            tenor: i.tenor,
            timing: i.timing,
            calendar: i.calendar,
            convention: i.convention,
            end_of_month: i.end_of_month,
        }
    }
}

impl Installments {
    /// `count` equal payments every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::Installments;
    /// use disburse::time::Tenor;
    /// use disburse::InstallmentLength;
    /// let i = Installments::count(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 10, Tenor::years(1));
    /// assert_eq!(i.length, InstallmentLength::Count(10));
    /// ```
    pub fn count(start: NaiveDate, count: u32, tenor: impl Into<Tenor>) -> Self {
        Installments {
            start,
            length: InstallmentLength::Count(count),
            tenor: tenor.into(),
            timing: Timing::InAdvance,
            calendar: Calendar::Null,
            convention: default_convention(),
            end_of_month: false,
        }
    }

    /// Equal payments every `tenor` from `start` until `end`, in advance.
    ///
    /// ```
    /// use disburse::Installments;
    /// use disburse::time::Tenor;
    /// let d = |y| chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    /// use disburse::InstallmentLength;
    /// let i = Installments::until(d(2026), d(2036), Tenor::years(1));
    /// assert_eq!(i.length, InstallmentLength::Until(d(2036)));
    /// ```
    pub fn until(start: NaiveDate, end: NaiveDate, tenor: impl Into<Tenor>) -> Self {
        Installments {
            length: InstallmentLength::Until(end),
            ..Installments::count(start, 0, tenor)
        }
    }

    /// Sets the timing.
    pub fn timing(mut self, timing: Timing) -> Self {
        self.timing = timing;
        self
    }

    /// Sets the calendar and convention.
    pub fn adjusted(mut self, calendar: impl Into<Calendar>, convention: BusinessDayConvention) -> Self {
        self.calendar = calendar.into();
        self.convention = convention;
        self
    }

    /// Sets the end-of-month rule.
    pub fn end_of_month(mut self, on: bool) -> Self {
        self.end_of_month = on;
        self
    }

    pub(super) fn dates(&self) -> Result<Vec<NaiveDate>> {
        match self.length {
            InstallmentLength::Count(n) => {
                let first = match self.timing {
                    Timing::InAdvance => 0,
                    Timing::InArrears => 1,
                };
                regular_dates(
                    self.start,
                    self.tenor,
                    first,
                    n,
                    self.end_of_month,
                    &self.calendar,
                    self.convention,
                )
            }
            InstallmentLength::Until(end) => {
                if self.tenor.length() == 0 {
                    return Err(Error::ZeroTenor);
                }
                let mut dates = DateSchedule::builder(self.start, end, self.tenor)
                    .calendar(&self.calendar)
                    .convention(self.convention)
                    .end_of_month(self.end_of_month)
                    .build()?
                    .into_dates();
                match self.timing {
                    Timing::InAdvance => {
                        dates.pop();
                    }
                    Timing::InArrears => {
                        dates.remove(0);
                    }
                }
                Ok(dates)
            }
        }
    }
}

/// Payments that grow (back-loaded) or shrink (front-loaded) linearly or
/// geometrically.
///
/// ```
/// use disburse::{Currency, Loading, Money, Plan, Ramp, RampShape};
/// use disburse::time::Tenor;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let ramp = Ramp::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 4, Tenor::years(1), Loading::Back, RampShape::Linear);
/// let s = Plan::Ramp(ramp).schedule(Money::new(dec!(100), Currency::USD), "r")?;
/// let amounts: Vec<String> = s.iter().map(|f| f.amount.to_string()).collect();
/// assert_eq!(amounts, ["USD 10.00", "USD 20.00", "USD 30.00", "USD 40.00"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Ramp {
    /// Start of the first period.
    pub start: NaiveDate,
    /// Number of payments.
    pub count: u32,
    /// Time between payments (default 1Y).
    #[serde(default = "default_tenor")]
    pub tenor: Tenor,
    /// Front- or back-loaded.
    #[serde(default)]
    pub loading: Loading,
    /// Linear or geometric.
    #[serde(default)]
    pub shape: RampShape,
    /// In advance (default) or in arrears.
    #[serde(default)]
    pub timing: Timing,
    /// Calendar for adjusting dates (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl Ramp {
    /// A ramp of `count` payments every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::{Loading, Ramp, RampShape};
    /// use disburse::time::Tenor;
    /// let r = Ramp::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 5, Tenor::years(1), Loading::Front, RampShape::Linear);
    /// assert_eq!(r.weights()?.first(), Some(&rust_decimal::Decimal::from(5)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(start: NaiveDate, count: u32, tenor: impl Into<Tenor>, loading: Loading, shape: RampShape) -> Self {
        Ramp {
            start,
            count,
            tenor: tenor.into(),
            loading,
            shape,
            timing: Timing::InAdvance,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }

    /// The (unnormalised) weight of each payment, in date order.
    ///
    /// # Errors
    /// [`Error::ZeroCount`] for no payments, [`Error::OutOfRange`] for a
    /// ratio ≤ 0 or more than [`MAX_PLAN_PAYMENTS`](crate::limits::MAX_PLAN_PAYMENTS) payments
    /// (checked before anything is allocated),
    /// [`Error::Overflow`] when rⁿ⁻¹ leaves `Decimal`'s range.
    pub fn weights(&self) -> Result<Vec<Decimal>> {
        if self.count == 0 {
            return Err(Error::ZeroCount {
                what: Quantity::RampPaymentCount,
            });
        }
        check_payment_count(Quantity::RampPaymentCount, u64::from(self.count))?;
        let n = self.count as usize;
        let mut w: Vec<Decimal> = match self.shape {
            RampShape::Linear => (1..=self.count).map(Decimal::from).collect(),
            RampShape::Geometric { ratio } => {
                if ratio <= Decimal::ZERO {
                    return Err(Error::out_of_range(Quantity::RampRatio, ratio, Bound::Positive));
                }
                let mut v = Vec::with_capacity(n);
                let mut x = Decimal::ONE;
                for _ in 0..n {
                    v.push(x);
                    x = x
                        .checked_mul(ratio)
                        .ok_or_else(|| Error::overflow("geometric ramp weights"))?;
                }
                v
            }
        };
        if self.loading == Loading::Front {
            w.reverse();
        }
        Ok(w)
    }
}

/// Explicit fractions of the tranche per period; they must sum to 1.
///
/// Payment k is on `start + k·tenor` (in advance) or `start + (k+1)·tenor`
/// (in arrears). The sum must equal 1 within 1e-12 (so that thirds written
/// to 28 digits pass); the allocation then uses the weights as given, so the
/// parts still sum exactly to the tranche.
///
/// ```
/// use disburse::{Currency, Money, Plan, WeightsPlan};
/// use disburse::time::Tenor;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let p = WeightsPlan::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Tenor::years(1), vec![dec!(0.5), dec!(0.3), dec!(0.2)]);
/// let s = Plan::Weights(p).schedule(Money::new(dec!(350e9), Currency::USD), "w")?;
/// assert_eq!(s.flows()[1].amount, Money::new(dec!(105e9), Currency::USD));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct WeightsPlan {
    /// Start of the first period.
    pub start: NaiveDate,
    /// Time between payments (default 1Y).
    #[serde(default = "default_tenor")]
    pub tenor: Tenor,
    /// Fraction paid in each period, in order; non-negative, summing to 1.
    #[serde(deserialize_with = "crate::input_serde::fractions")]
    #[cfg_attr(
        feature = "scenario",
        schemars(schema_with = "crate::input_serde::schema::fractions")
    )]
    pub weights: Vec<Decimal>,
    /// In advance (default) or in arrears.
    #[serde(default)]
    pub timing: Timing,
    /// Calendar for adjusting dates (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl WeightsPlan {
    /// Fractions `weights` every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::WeightsPlan;
    /// use disburse::time::Tenor;
    /// use rust_decimal_macros::dec;
    /// let w = WeightsPlan::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Tenor::years(1), vec![dec!(1)]);
    /// assert_eq!(w.weights.len(), 1);
    /// ```
    pub fn new(start: NaiveDate, tenor: impl Into<Tenor>, weights: Vec<Decimal>) -> Self {
        WeightsPlan {
            start,
            tenor: tenor.into(),
            weights,
            timing: Timing::InAdvance,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }

    pub(super) fn check(&self) -> Result<()> {
        if self.weights.is_empty() {
            return Err(Error::EmptyWeights);
        }
        let mut sum = Decimal::ZERO;
        for (index, w) in self.weights.iter().enumerate() {
            if w.is_sign_negative() && !w.is_zero() {
                return Err(Error::NegativeWeight { index, value: *w });
            }
            sum = sum.checked_add(*w).ok_or_else(|| Error::overflow("weights sum"))?;
        }
        let tolerance = Decimal::new(1, 12);
        if (sum - Decimal::ONE).abs() > tolerance {
            return Err(Error::WeightsDoNotSumToOne { sum: sum.normalize() });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    use crate::Plan;
    use crate::time::WeekendsOnly;
    use rust_decimal_macros::dec;

    #[test]
    fn upfront_adjusts() {
        let p = Plan::Upfront(Upfront {
            calendar: Calendar::WeekendsOnly,
            ..Upfront::new(d(2026, 1, 3))
        });
        assert_eq!(lines(&p.schedule(usd(dec!(5)), "u").unwrap()), ["2026-01-05 USD 5.00"]);
    }

    #[test]
    fn installments_until_end_date() {
        let p = Plan::Installments(Installments::until(d(2026, 1, 1), d(2026, 7, 1), Tenor::months(2)));
        // Dates 2026-01-01, 03-01, 05-01, 07-01: in advance drops the last.
        assert_eq!(
            lines(&p.schedule(usd(dec!(100)), "i").unwrap()),
            ["2026-01-01 USD 33.34", "2026-03-01 USD 33.33", "2026-05-01 USD 33.33"]
        );
        let p = Plan::Installments(
            Installments::until(d(2026, 1, 1), d(2026, 7, 1), Tenor::months(2)).timing(Timing::InArrears),
        );
        assert_eq!(
            p.schedule(usd(dec!(100)), "i").unwrap().first_date(),
            Some(d(2026, 3, 1))
        );
        // Both or neither of `count` and `end`: rejected when read.
        for fields in [r#""count": 3, "end": "2027-01-01""#, ""] {
            let json = format!(r#"{{"kind": "installments", "start": "2026-01-01", {fields}}}"#).replace(", }", "}");
            let e = serde_json::from_str::<Plan>(&json).unwrap_err().to_string();
            assert!(e.contains("give exactly one of `count` and `end`"), "{json}: {e}");
        }
    }

    #[test]
    fn installments_merge_dates_that_adjust_together() {
        let p = Plan::Installments(
            Installments::count(d(2026, 1, 2), 3, Tenor::days(1))
                .adjusted(WeekendsOnly, BusinessDayConvention::Following),
        );
        // Fri, Sat→Mon, Sun→Mon.
        assert_eq!(
            lines(&p.schedule(usd(dec!(3)), "i").unwrap()),
            ["2026-01-02 USD 1.00", "2026-01-05 USD 2.00"]
        );
    }

    #[test]
    fn ramps() {
        let r = Ramp::new(
            d(2026, 1, 1),
            3,
            Tenor::years(1),
            Loading::Front,
            RampShape::Geometric { ratio: dec!(2) },
        );
        assert_eq!(r.weights().unwrap(), vec![dec!(4), dec!(2), dec!(1)]);
        assert_eq!(
            lines(&Plan::Ramp(r).schedule(usd(dec!(70)), "r").unwrap()),
            ["2026-01-01 USD 40.00", "2027-01-01 USD 20.00", "2028-01-01 USD 10.00"]
        );
        let bad = Ramp::new(
            d(2026, 1, 1),
            3,
            Tenor::years(1),
            Loading::Back,
            RampShape::Geometric { ratio: dec!(0) },
        );
        assert!(matches!(bad.weights(), Err(Error::OutOfRange { .. })));
        let zero = Ramp::new(d(2026, 1, 1), 0, Tenor::years(1), Loading::Back, RampShape::Linear);
        assert!(matches!(
            Plan::Ramp(zero).schedule(usd(dec!(1)), "r"),
            Err(Error::ZeroCount { .. })
        ));
        let huge = Ramp::new(
            d(2026, 1, 1),
            200,
            Tenor::days(1),
            Loading::Back,
            RampShape::Geometric { ratio: dec!(10) },
        );
        assert!(matches!(huge.weights(), Err(Error::Overflow { .. })));
    }

    #[test]
    fn weights_validation() {
        let w = |v: Vec<Decimal>| {
            Plan::Weights(WeightsPlan::new(d(2026, 1, 1), Tenor::years(1), v)).schedule(usd(dec!(9)), "w")
        };
        assert!(matches!(w(vec![]), Err(Error::EmptyWeights)));
        assert!(matches!(
            w(vec![dec!(1.5), dec!(-0.5)]),
            Err(Error::NegativeWeight { index: 1, .. })
        ));
        assert_eq!(
            w(vec![dec!(0.5), dec!(0.4)]).unwrap_err().to_string(),
            "weights must sum to 1, they sum to 0.9"
        );
        let third = Decimal::ONE / Decimal::from(3);
        assert_eq!(lines(&w(vec![third, third, third]).unwrap()).len(), 3);
        // A zero weight yields no flow.
        assert_eq!(w(vec![dec!(0.5), dec!(0), dec!(0.5)]).unwrap().len(), 2);
    }
}
