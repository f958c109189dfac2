//! [`DiscountFactorCurve`]: discount factors interpolated log-linearly.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::time::DayCount;
use crate::{CurveProblem, Error, Result};

use super::{
    DiscountCurve, Extrapolation, Node, discount_from_log, interpolate, invalid, pillar_time, pillar_times,
    write_summary,
};

/// A curve of discount factors at pillar dates, interpolated log-linearly
/// in time (QuantLib's `DiscountCurve` with `LogLinear` interpolation):
/// piecewise flat forward rates between pillars, with an implicit node of
/// discount factor 1 at the reference date.
///
/// Past the last pillar the curve continues the last segment's forward
/// rate ([`Extrapolation::FlatForward`], the default, as QuantLib; `Flat`
/// does the same here) or is an
/// error ([`Extrapolation::None`]).
///
/// Invariants, checked by [`DiscountFactorCurve::new`] and on
/// deserialization, each failure an [`Error::InvalidCurve`] naming the
/// pillar (numbered from 0) and its date: at least one pillar; dates
/// strictly increasing and after the reference date; times strictly
/// increasing and positive; discount factors finite and positive.
///
/// Serialized as `{ "reference_date", "day_count", "extrapolation"
/// (optional, default "flat_forward"), "pillars": [{ "date", "discount" }] }`.
///
/// ```
/// use disburse::rates::{DiscountCurve, DiscountFactorCurve};
/// use disburse::time::DayCount;
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let curve = DiscountFactorCurve::new(
///     d(2026, 1, 1),
///     [(d(2026, 4, 11), 0.99), (d(2026, 10, 28), 0.96)], // days 100 and 300
///     DayCount::Actual365Fixed,
/// )?;
/// // Day 200, halfway in time: the geometric mean.
/// assert!((curve.discount_factor(d(2026, 7, 20))? - (0.99f64 * 0.96).sqrt()).abs() < 1e-15);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DiscountFactorCurveData", into = "DiscountFactorCurveData")]
pub struct DiscountFactorCurve {
    reference_date: NaiveDate,
    day_count: DayCount,
    extrapolation: Extrapolation,
    pillars: Vec<(NaiveDate, f64)>,
    /// Times and log discount factors, from the implicit node (0, 0).
    nodes: Vec<Node>,
    /// The last segment's slope of the log discount factor (minus its
    /// forward rate), continued past the last pillar.
    tail_slope: f64,
}

impl DiscountFactorCurve {
    /// A curve through `pillars` of (date, discount factor), times
    /// measured with `day_count`, extrapolating flat forwards (see
    /// [`with_extrapolation`](Self::with_extrapolation)).
    ///
    /// # Errors
    /// [`Error::InvalidCurve`] when the invariants above fail.
    ///
    /// ```
    /// use disburse::rates::DiscountFactorCurve;
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let err = DiscountFactorCurve::new(
    ///     d(2026, 1, 1),
    ///     [(d(2026, 7, 1), 0.98), (d(2027, 1, 1), 0.96), (d(2028, 1, 1), 0.0)],
    ///     DayCount::Actual365Fixed,
    /// )
    /// .unwrap_err();
    /// assert_eq!(err.to_string(), "invalid curve: non-positive discount factor at pillar 2 (2028-01-01)");
    /// ```
    pub fn new(
        reference_date: NaiveDate,
        pillars: impl IntoIterator<Item = (NaiveDate, f64)>,
        day_count: DayCount,
    ) -> Result<Self> {
        let pillars: Vec<(NaiveDate, f64)> = pillars.into_iter().collect();
        let times = pillar_times(reference_date, day_count, &pillars, false)?;
        let mut nodes = Vec::with_capacity(pillars.len() + 1);
        nodes.push(Node { t: 0.0, y: 0.0 });
        for (i, (&(date, df), &t)) in pillars.iter().zip(&times).enumerate() {
            if !df.is_finite() {
                return Err(invalid(CurveProblem::NonFiniteDiscountFactor { index: i, date }));
            }
            if df <= 0.0 {
                return Err(invalid(CurveProblem::NonPositiveDiscountFactor { index: i, date }));
            }
            nodes.push(Node { t, y: df.ln() });
        }
        let tail_slope = match nodes.as_slice() {
            [.., a, b] => (b.y - a.y) / (b.t - a.t),
            _ => 0.0,
        };
        Ok(DiscountFactorCurve {
            reference_date,
            day_count,
            extrapolation: Extrapolation::FlatForward,
            pillars,
            nodes,
            tail_slope,
        })
    }

    /// The curve with `extrapolation` past its last pillar.
    ///
    /// ```
    /// use disburse::rates::{DiscountCurve, DiscountFactorCurve, Extrapolation};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = DiscountFactorCurve::new(d(2026, 1, 1), [(d(2027, 1, 1), 0.97)], DayCount::Actual365Fixed)?
    ///     .with_extrapolation(Extrapolation::None);
    /// assert!(curve.discount_factor(d(2027, 1, 2)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_extrapolation(mut self, extrapolation: Extrapolation) -> Self {
        self.extrapolation = extrapolation;
        self
    }

    /// The pillars as given: (date, discount factor).
    ///
    /// ```
    /// use disburse::rates::DiscountFactorCurve;
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = DiscountFactorCurve::new(d(2026, 1, 1), [(d(2027, 1, 1), 0.97)], DayCount::Actual360)?;
    /// assert_eq!(curve.pillars(), &[(d(2027, 1, 1), 0.97)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pillars(&self) -> &[(NaiveDate, f64)] {
        &self.pillars
    }

    /// What the curve does past its last pillar.
    ///
    /// ```
    /// use disburse::rates::{DiscountFactorCurve, Extrapolation};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = DiscountFactorCurve::new(d(2026, 1, 1), [(d(2027, 1, 1), 0.97)], DayCount::Actual360)?;
    /// assert_eq!(curve.extrapolation(), Extrapolation::FlatForward);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn extrapolation(&self) -> Extrapolation {
        self.extrapolation
    }
}

impl DiscountCurve for DiscountFactorCurve {
    fn reference_date(&self) -> NaiveDate {
        self.reference_date
    }

    fn day_count(&self) -> DayCount {
        self.day_count
    }

    fn discount_factor(&self, date: NaiveDate) -> Result<f64> {
        let t = pillar_time(
            self.reference_date,
            self.day_count,
            self.extrapolation,
            &self.pillars,
            date,
        )?;
        discount_from_log(interpolate(&self.nodes, t, self.tail_slope), date)
    }
}

impl fmt::Display for DiscountFactorCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_summary(
            f,
            "discount factor curve",
            self.reference_date,
            self.pillars.len(),
            self.pillars.last().map(|p| p.0),
        )?;
        write!(f, " ({}), {}", self.day_count, self.extrapolation.phrase())
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscountFactorCurveData {
    reference_date: NaiveDate,
    day_count: DayCount,
    #[serde(default)]
    extrapolation: Extrapolation,
    pillars: Vec<DiscountPillar>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DiscountPillar {
    date: NaiveDate,
    discount: f64,
}

impl TryFrom<DiscountFactorCurveData> for DiscountFactorCurve {
    type Error = Error;
    fn try_from(d: DiscountFactorCurveData) -> Result<Self> {
        let pillars = d.pillars.into_iter().map(|p| (p.date, p.discount));
        Ok(DiscountFactorCurve::new(d.reference_date, pillars, d.day_count)?.with_extrapolation(d.extrapolation))
    }
}

impl From<DiscountFactorCurve> for DiscountFactorCurveData {
    fn from(c: DiscountFactorCurve) -> Self {
        DiscountFactorCurveData {
            reference_date: c.reference_date,
            day_count: c.day_count,
            extrapolation: c.extrapolation,
            pillars: c
                .pillars
                .into_iter()
                .map(|(date, discount)| DiscountPillar { date, discount })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::{Compounding, DiscountFactorCurve};
    use crate::testing::*;

    const DC: DayCount = DayCount::Actual365Fixed;

    fn after(days: u64) -> NaiveDate {
        jan1() + chrono::Days::new(days)
    }

    /// Discount factors 0.99 and 0.96 at days 100 and 300.
    fn df_curve() -> DiscountFactorCurve {
        DiscountFactorCurve::new(jan1(), [(after(100), 0.99), (after(300), 0.96)], DC).unwrap()
    }

    #[test]
    fn discount_factor_curve_is_log_linear() {
        let curve = df_curve();
        let cases = [
            ("reference", jan1(), 1.0),
            ("pillar 0", after(100), 0.99),
            ("pillar 1", after(300), 0.96),
            // Halfway in time: geometric means.
            ("day 50", after(50), 0.99498743710662),
            ("day 200", after(200), 0.9748846085563152),
            // Flat forward past the end: day 500 = 0.96²/0.99.
            ("day 500", after(500), 0.9309090909090909),
        ];
        for (label, date, want) in cases {
            close(label, curve.discount_factor(date).unwrap(), want, 3e-16);
        }
        // The forward is constant inside each segment and continues past the end.
        let tail = (0.99f64 / 0.96).ln() / (200.0 / 365.0);
        let cont = Compounding::Continuous;
        for (a, b) in [(300, 301), (310, 450), (500, 900), (120, 299), (101, 102), (150, 250)] {
            let f = curve.forward_rate(after(a), after(b), cont).unwrap();
            close(&format!("forward {a}→{b}"), f.rate(), tail, 1e-12);
        }
        let first = -(0.99f64.ln()) / (100.0 / 365.0);
        for (a, b) in [(0, 100), (0, 1), (30, 70), (99, 100)] {
            let f = curve.forward_rate(after(a), after(b), cont).unwrap();
            close(&format!("forward {a}→{b}"), f.rate(), first, 1e-12);
        }
        let z = curve.zero_rate(jan1(), cont).unwrap();
        close("instantaneous zero", z.rate(), first, 1e-12);
        let z = curve.zero_rate(after(300), cont).unwrap();
        close("zero at pillar 1", z.rate(), -(0.96f64.ln()) / (300.0 / 365.0), 1e-14);
    }

    #[test]
    fn discount_factor_curve_without_extrapolation() {
        let curve = df_curve().with_extrapolation(Extrapolation::None);
        assert_eq!(curve.discount_factor(after(300)).unwrap(), 0.96);
        let err = curve.discount_factor(after(301)).unwrap_err();
        assert!(matches!(err, Error::AfterLastPillar { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "discount date is out of range: 2026-10-29 is after the last pillar 2026-10-28 and the curve does not extrapolate"
        );
        let err = curve.discount_factor(d(2025, 12, 1)).unwrap_err();
        assert!(matches!(err, Error::BeforeReferenceDate { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "discount date is out of range: 2025-12-01 is before the curve's reference date 2026-01-01"
        );
    }

    #[test]
    fn discount_factor_curve_validation() {
        let cases: Vec<(Result<DiscountFactorCurve>, &str)> = vec![
            (DiscountFactorCurve::new(jan1(), [], DC), "invalid curve: no pillars"),
            (
                DiscountFactorCurve::new(jan1(), [(jan1(), 1.0)], DC),
                "invalid curve: pillar 0 (2026-01-01) is not after the reference date 2026-01-01",
            ),
            (
                DiscountFactorCurve::new(jan1(), [(d(2027, 1, 1), 0.97), (d(2026, 6, 1), 0.98)], DC),
                "invalid curve: pillar dates must strictly increase, but pillar 1 (2026-06-01) follows pillar 0 (2027-01-01)",
            ),
            (
                DiscountFactorCurve::new(
                    jan1(),
                    [(d(2026, 7, 1), 0.98), (d(2027, 1, 1), 0.96), (d(2028, 1, 1), -0.5)],
                    DC,
                ),
                "invalid curve: non-positive discount factor at pillar 2 (2028-01-01)",
            ),
            (
                DiscountFactorCurve::new(jan1(), [(d(2027, 1, 1), f64::INFINITY)], DC),
                "invalid curve: discount factor at pillar 0 (2027-01-01) is not a finite number",
            ),
            (
                DiscountFactorCurve::new(d(2026, 1, 30), [(d(2026, 1, 31), 0.99)], DayCount::Thirty360BondBasis),
                "invalid curve: pillar 0 (2026-01-31) is zero years after the reference date 2026-01-30 under 30/360 Bond Basis",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got.unwrap_err().to_string(), want);
        }
        // Discount factors above 1 (negative rates) are fine.
        assert!(DiscountFactorCurve::new(jan1(), [(d(2027, 1, 1), 1.005)], DC).is_ok());
    }
}
