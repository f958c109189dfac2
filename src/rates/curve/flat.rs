//! [`FlatCurve`]: one constant rate.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::rates::InterestRate;
use crate::time::DayCount;

use super::{DiscountCurve, before_reference};

/// A curve at one interest rate: `discount_factor(date)` is the rate's discount
/// factor from the reference date to `date` (QuantLib's `FlatForward`).
/// The curve's day count is the rate's.
///
/// Serialized as `{ "reference_date": "2026-01-01", "rate": { "rate":
/// 0.045, "compounding": "annual", "day_count": "actual365_fixed" } }`.
///
/// ```
/// use disburse::rates::{DiscountCurve, FlatCurve, InterestRate};
/// use disburse::time::DayCount;
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let curve = FlatCurve::new(d(2026, 1, 1), InterestRate::annual(0.05, DayCount::Actual365Fixed)?);
/// assert!((curve.discount_factor(d(2027, 1, 1))? - 1.0 / 1.05).abs() < 1e-15);
/// assert_eq!(curve.to_string(), "flat curve from 2026-01-01 at 5.0000% annual (Act/365F)");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FlatCurve {
    reference_date: NaiveDate,
    rate: InterestRate,
}

impl FlatCurve {
    /// A flat curve at `rate` from `reference_date`.
    ///
    /// ```
    /// use disburse::rates::{DiscountCurve, FlatCurve, InterestRate};
    /// use disburse::time::DayCount;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let curve = FlatCurve::new(jan1, InterestRate::simple(0.04, DayCount::Actual360)?);
    /// assert_eq!(curve.discount_factor(jan1)?, 1.0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn new(reference_date: NaiveDate, rate: InterestRate) -> Self {
        FlatCurve { reference_date, rate }
    }

    /// The curve's rate.
    ///
    /// ```
    /// use disburse::rates::{FlatCurve, InterestRate};
    /// use disburse::time::DayCount;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let rate = InterestRate::annual(0.05, DayCount::Actual365Fixed)?;
    /// assert_eq!(FlatCurve::new(jan1, rate).rate(), rate);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn rate(&self) -> InterestRate {
        self.rate
    }
}

impl DiscountCurve for FlatCurve {
    fn reference_date(&self) -> NaiveDate {
        self.reference_date
    }

    fn day_count(&self) -> DayCount {
        self.rate.day_count()
    }

    fn discount_factor(&self, date: NaiveDate) -> Result<f64> {
        if date < self.reference_date {
            return Err(before_reference(date, self.reference_date));
        }
        self.rate.discount_factor(self.reference_date, date)
    }
}

impl fmt::Display for FlatCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "flat curve from {} at {}", self.reference_date, self.rate)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::{Compounding, FlatCurve};
    use crate::testing::*;

    const DC: DayCount = DayCount::Actual365Fixed;

    #[test]
    fn flat_curve() {
        let annual = FlatCurve::new(jan1(), InterestRate::annual(0.05, DC).unwrap());
        close("1y", annual.discount_factor(d(2027, 1, 1)).unwrap(), 1.0 / 1.05, 3e-16);
        close(
            "2y",
            annual.discount_factor(d(2028, 1, 1)).unwrap(),
            1.0 / 1.1025,
            3e-16,
        );
        assert_eq!(annual.discount_factor(jan1()).unwrap(), 1.0);
        let err = annual.discount_factor(d(2025, 12, 31)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "discount date is out of range: 2025-12-31 is before the curve's reference date 2026-01-01"
        );
        // Zero and forward rates of a flat curve are its rate, at any date.
        for date in [jan1(), d(2026, 1, 2), d(2026, 7, 1), d(2040, 3, 15)] {
            let z = annual.zero_rate(date, Compounding::ANNUAL).unwrap();
            close(&format!("zero at {date}"), z.rate(), 0.05, 1e-12);
            assert_eq!(z.day_count(), DC);
        }
        let f = annual
            .forward_rate(d(2030, 2, 1), d(2030, 8, 1), Compounding::ANNUAL)
            .unwrap();
        close("forward", f.rate(), 0.05, 1e-13);
        // QuantLib-style: a 5% continuous flat curve quoted annually.
        let cont = FlatCurve::new(jan1(), InterestRate::continuous(0.05, DC).unwrap());
        let z = cont.zero_rate(d(2031, 1, 1), Compounding::ANNUAL).unwrap();
        close("continuous as annual", z.rate(), 0.05f64.exp_m1(), 1e-14);
        let s = cont.zero_rate(d(2028, 1, 1), Compounding::Simple).unwrap();
        close("continuous as simple over 2y", s.rate(), 0.1f64.exp_m1() / 2.0, 1e-14);
        let f = cont
            .forward_rate(d(2027, 1, 1), d(2029, 1, 1), Compounding::Continuous)
            .unwrap();
        close("continuous forward", f.rate(), 0.05, 1e-14);
        assert_eq!(
            annual.to_string(),
            "flat curve from 2026-01-01 at 5.0000% annual (Act/365F)"
        );
    }
}
