//! [`ZeroCurve`]: zero rates interpolated linearly in time.

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rates::{Compounding, InterestRate};
use crate::time::DayCount;
use crate::{CurveProblem, Error, Result};

use super::{
    DiscountCurve, Extrapolation, Node, discount_from_log, interpolate, invalid, pillar_time, pillar_times,
    write_summary,
};

/// A curve of zero rates at pillar dates (QuantLib's `ZeroCurve` with
/// linear interpolation on continuously compounded zero rates).
///
/// Each pillar's rate, given under the curve's compounding, is converted
/// to the continuously compounded rate `r(tᵢ)` with the same discount
/// factor at its time `tᵢ` (the curve day count's year fraction from the
/// reference date); `r(t)` is linear in `t` between pillars, and
/// `discount_factor = e^(−r(t)·t)`, so the curve reproduces each pillar's
/// discount factor. Between the reference date and the first pillar the
/// rate is flat at the first pillar's rate. Past the last pillar,
/// **by default the instantaneous forward rate is held flat, as QuantLib
/// 1.44's `InterpolatedZeroCurve` does** ([`Extrapolation::FlatForward`]:
/// `z(t) = (z(T)·T + f·(t − T)) / t` with `f = z(T) + T·z'(T)`, `z'` the
/// last segment's slope); or the zero rate is held flat
/// ([`Extrapolation::Flat`]); or it is an error ([`Extrapolation::None`]).
/// With a rising curve the two differ a lot: 20 years past the last pillar
/// the discount factors of a curve rising by one point over its last
/// three years differ by several percent.
///
/// A pillar *at* the reference date is allowed: its rate is the
/// instantaneous (`t → 0`) rate, converted to continuous compounding as
/// that limit ([`InterestRate::equivalent_rate`] at `t = 0`), and
/// anchors the interpolation there.
///
/// Invariants, checked by [`ZeroCurve::new`] and on deserialization, each
/// failure an [`Error::InvalidCurve`] naming the pillar (numbered from 0)
/// and its date: at least one pillar; dates strictly increasing and none
/// before the reference date; times strictly increasing (30/360 can map
/// two dates to one time); rates finite and valid for the compounding.
///
/// Serialized as `{ "reference_date", "day_count", "compounding",
/// "extrapolation" (optional, default "flat_forward"), "pillars": [{ "date",
/// "rate" }] }`.
///
/// ```
/// use disburse::rates::{Compounding, DiscountCurve, ZeroCurve};
/// use disburse::time::DayCount;
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let curve = ZeroCurve::new(
///     d(2026, 1, 1),
///     [(d(2027, 1, 1), 0.03), (d(2028, 1, 1), 0.04)],
///     Compounding::ANNUAL,
///     DayCount::Actual365Fixed,
/// )?;
/// assert!((curve.discount_factor(d(2028, 1, 1))? - 1.04f64.powi(-2)).abs() < 1e-15);
/// let z = curve.zero_rate(d(2027, 1, 1), Compounding::ANNUAL)?;
/// assert!((z.rate() - 0.03).abs() < 1e-14);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ZeroCurveData", into = "ZeroCurveData")]
pub struct ZeroCurve {
    reference_date: NaiveDate,
    day_count: DayCount,
    compounding: Compounding,
    extrapolation: Extrapolation,
    pillars: Vec<(NaiveDate, f64)>,
    /// Pillar times and continuously compounded zero rates.
    nodes: Vec<Node>,
}

impl ZeroCurve {
    /// A zero curve through `pillars` of (date, zero rate under
    /// `compounding`), times measured with `day_count`, extrapolating
    /// flat (see [`with_extrapolation`](Self::with_extrapolation)).
    ///
    /// # Errors
    /// [`Error::InvalidCurve`] when the invariants above fail;
    /// [`Error::OutOfRange`] for a compounding frequency of zero.
    ///
    /// ```
    /// use disburse::rates::{Compounding, ZeroCurve};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let err = ZeroCurve::new(
    ///     d(2026, 1, 1),
    ///     [(d(2028, 1, 1), 0.03), (d(2027, 1, 1), 0.04)],
    ///     Compounding::Continuous,
    ///     DayCount::Actual365Fixed,
    /// )
    /// .unwrap_err();
    /// assert_eq!(
    ///     err.to_string(),
    ///     "invalid curve: pillar dates must strictly increase, but pillar 1 (2027-01-01) follows pillar 0 (2028-01-01)"
    /// );
    /// ```
    pub fn new(
        reference_date: NaiveDate,
        pillars: impl IntoIterator<Item = (NaiveDate, f64)>,
        compounding: Compounding,
        day_count: DayCount,
    ) -> Result<Self> {
        compounding.validate()?;
        let pillars: Vec<(NaiveDate, f64)> = pillars.into_iter().collect();
        let times = pillar_times(reference_date, day_count, &pillars, true)?;
        let mut nodes = Vec::with_capacity(pillars.len());
        for (i, (&(date, rate), &t)) in pillars.iter().zip(&times).enumerate() {
            if !rate.is_finite() {
                return Err(invalid(CurveProblem::NonFiniteRate { index: i, date }));
            }
            let continuous = InterestRate::new(rate, compounding, day_count)
                .and_then(|r| r.equivalent_rate(Compounding::Continuous, t))
                .map_err(|e| {
                    invalid(CurveProblem::InvalidRate {
                        index: i,
                        date,
                        error: Box::new(e),
                    })
                })?;
            nodes.push(Node {
                t,
                y: continuous.rate(),
            });
        }
        Ok(ZeroCurve {
            reference_date,
            day_count,
            compounding,
            extrapolation: Extrapolation::FlatForward,
            pillars,
            nodes,
        })
    }

    /// The curve with `extrapolation` past its last pillar.
    ///
    /// ```
    /// use disburse::rates::{Compounding, DiscountCurve, Extrapolation, ZeroCurve};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = ZeroCurve::new(d(2026, 1, 1), [(d(2027, 1, 1), 0.03)], Compounding::Continuous, DayCount::Actual365Fixed)?
    ///     .with_extrapolation(Extrapolation::None);
    /// assert!(curve.discount_factor(d(2027, 1, 2)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    #[must_use]
    pub fn with_extrapolation(mut self, extrapolation: Extrapolation) -> Self {
        self.extrapolation = extrapolation;
        self
    }

    /// The pillars as given: (date, zero rate under [`compounding`](Self::compounding)).
    ///
    /// ```
    /// use disburse::rates::{Compounding, ZeroCurve};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = ZeroCurve::new(d(2026, 1, 1), [(d(2027, 1, 1), 0.03)], Compounding::ANNUAL, DayCount::Actual360)?;
    /// assert_eq!(curve.pillars(), &[(d(2027, 1, 1), 0.03)]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn pillars(&self) -> &[(NaiveDate, f64)] {
        &self.pillars
    }

    /// The compounding of the pillar rates.
    ///
    /// ```
    /// use disburse::rates::{Compounding, ZeroCurve};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = ZeroCurve::new(d(2026, 1, 1), [(d(2027, 1, 1), 0.03)], Compounding::SEMIANNUAL, DayCount::Actual360)?;
    /// assert_eq!(curve.compounding(), Compounding::SEMIANNUAL);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn compounding(&self) -> Compounding {
        self.compounding
    }

    /// What the curve does past its last pillar.
    ///
    /// ```
    /// use disburse::rates::{Compounding, Extrapolation, ZeroCurve};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = ZeroCurve::new(d(2026, 1, 1), [(d(2027, 1, 1), 0.03)], Compounding::ANNUAL, DayCount::Actual360)?;
    /// assert_eq!(curve.extrapolation(), Extrapolation::FlatForward);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn extrapolation(&self) -> Extrapolation {
        self.extrapolation
    }
}

impl ZeroCurve {
    /// `ln` of the discount factor at `t` past the last pillar under
    /// QuantLib's flat-forward extrapolation: `−z(T)·T − f·(t − T)` with
    /// `f = z(T) + T·z'(T)`; `None` at or before the last pillar.
    fn flat_forward_log_discount(&self, t: f64) -> Option<f64> {
        let last = *self.nodes.last()?;
        if t <= last.t {
            return None;
        }
        let slope = match self.nodes.len().checked_sub(2).and_then(|i| self.nodes.get(i)) {
            Some(prev) => (last.y - prev.y) / (last.t - prev.t),
            None => 0.0,
        };
        let forward = last.y + last.t * slope;
        Some(-last.y * last.t - forward * (t - last.t))
    }
}

impl DiscountCurve for ZeroCurve {
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
        if self.extrapolation == Extrapolation::FlatForward {
            if let Some(log) = self.flat_forward_log_discount(t) {
                return discount_from_log(log, date);
            }
        }
        let r = interpolate(&self.nodes, t, 0.0);
        discount_from_log(-r * t, date)
    }
}

impl fmt::Display for ZeroCurve {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_summary(
            f,
            "zero curve",
            self.reference_date,
            self.pillars.len(),
            self.pillars.last().map(|p| p.0),
        )?;
        write!(
            f,
            ", {} zero rates ({}), {}",
            self.compounding,
            self.day_count,
            self.extrapolation.phrase()
        )
    }
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZeroCurveData {
    reference_date: NaiveDate,
    day_count: DayCount,
    compounding: Compounding,
    #[serde(default)]
    extrapolation: Extrapolation,
    pillars: Vec<ZeroPillar>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ZeroPillar {
    date: NaiveDate,
    rate: f64,
}

impl TryFrom<ZeroCurveData> for ZeroCurve {
    type Error = Error;
    fn try_from(d: ZeroCurveData) -> Result<Self> {
        let pillars = d.pillars.into_iter().map(|p| (p.date, p.rate));
        Ok(ZeroCurve::new(d.reference_date, pillars, d.compounding, d.day_count)?.with_extrapolation(d.extrapolation))
    }
}

impl From<ZeroCurve> for ZeroCurveData {
    fn from(c: ZeroCurve) -> Self {
        ZeroCurveData {
            reference_date: c.reference_date,
            day_count: c.day_count,
            compounding: c.compounding,
            extrapolation: c.extrapolation,
            pillars: c
                .pillars
                .into_iter()
                .map(|(date, rate)| ZeroPillar { date, rate })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::{Compounding, ZeroCurve};
    use crate::testing::*;

    const DC: DayCount = DayCount::Actual365Fixed;

    #[test]
    fn zero_curve_interpolates_continuous_zeros_linearly_in_time() {
        let curve = three_pillar_zero_curve();
        // Values from mpmath at 40 digits.
        let cases = [
            // At the pillars: e^(-r t).
            ("pillar 0", d(2027, 1, 1), (-0.03f64).exp()),
            ("pillar 1", d(2028, 1, 1), (-0.08f64).exp()),
            ("pillar 2", d(2031, 1, 1), (-0.05 * 1826.0 / 365.0f64).exp()),
            // Day 547: r = 0.03 + 0.01·182/365, DF = e^(-r·547/365).
            ("mid segment 0", d(2027, 7, 2), 0.948919295496823),
            // Day 1277, in the second segment.
            ("segment 1", d(2029, 7, 1), 0.8543567483077293),
            // Before the first pillar: flat at 3%.
            ("before first", d(2026, 7, 1), 0.9852333992470845),
        ];
        for (label, date, want) in cases {
            close(label, curve.discount_factor(date).unwrap(), want, 5e-16);
        }
        assert_eq!(curve.discount_factor(jan1()).unwrap(), 1.0);
        // The zero rate at the reference date is the first pillar's.
        let z0 = curve.zero_rate(jan1(), Compounding::Continuous).unwrap();
        close("zero at reference", z0.rate(), 0.03, 1e-12);
        let z2 = curve.zero_rate(d(2031, 1, 1), Compounding::Continuous).unwrap();
        close("zero at pillar 2", z2.rate(), 0.05, 1e-14);
        // Flat zero extrapolation: after the last pillar, 5% (day 2557);
        // forwards flat at the last zero rate.
        let flat = three_pillar_zero_curve().with_extrapolation(Extrapolation::Flat);
        close(
            "flat extrapolation",
            flat.discount_factor(d(2033, 1, 1)).unwrap(),
            0.7044950509335302,
            5e-16,
        );
        let f = flat
            .forward_rate(d(2032, 1, 1), d(2035, 1, 1), Compounding::Continuous)
            .unwrap();
        close("forward past the end", f.rate(), 0.05, 1e-12);
    }

    #[test]
    fn default_extrapolation_is_quantlib_flat_forward() {
        // QuantLib 1.44 InterpolatedZeroCurve::zeroYieldImpl past the last
        // time T: z(t) = (z(T)·T + f·(t − T)) / t with the instantaneous
        // forward f = z(T) + T·z'(T), z' the last linear segment's slope.
        // Here T = 1826/365, z' = (0.05 − 0.04)/(1826/365 − 2) and
        // f = 0.0666605839416058394160583941605839… (mpmath, 40 digits).
        let curve = three_pillar_zero_curve();
        assert_eq!(curve.extrapolation(), Extrapolation::FlatForward);
        // 2051-01-01, t = 9131/365: DF = e^(−0.05·T − f·(t − T)) =
        // 0.2050991365484938446809824457455… (mpmath); holding the zero
        // rate flat gives e^(−0.05·t) = 0.2862694102130003285708…, 39.6%
        // more.
        close(
            "flat forward 25y",
            curve.discount_factor(d(2051, 1, 1)).unwrap(),
            0.205_099_136_548_493_84,
            2e-15,
        );
        close(
            "flat zero 25y",
            curve
                .clone()
                .with_extrapolation(Extrapolation::Flat)
                .discount_factor(d(2051, 1, 1))
                .unwrap(),
            0.286_269_410_213_000_33,
            2e-15,
        );
        // The forward past the end is f.
        let f = three_pillar_zero_curve()
            .forward_rate(d(2032, 1, 1), d(2035, 1, 1), Compounding::Continuous)
            .unwrap();
        close("forward past the end", f.rate(), 0.066_660_583_941_605_84, 1e-12);
        // Continuous at the last pillar; one pillar: no slope, f = z.
        close(
            "at the last pillar",
            three_pillar_zero_curve().discount_factor(d(2031, 1, 1)).unwrap(),
            (-0.05 * 1826.0 / 365.0f64).exp(),
            5e-16,
        );
        let one = ZeroCurve::new(jan1(), [(d(2027, 1, 1), 0.03)], Compounding::Continuous, DC).unwrap();
        close(
            "one pillar",
            one.discount_factor(d(2036, 1, 1)).unwrap(),
            (-0.03 * 3652.0 / 365.0f64).exp(),
            5e-16,
        );
        assert!(curve.to_string().ends_with("flat-forward extrapolation"), "{curve}");
    }

    #[test]
    fn zero_curve_in_annual_compounding() {
        let curve = ZeroCurve::new(
            jan1(),
            [(d(2027, 1, 1), 0.03), (d(2028, 1, 1), 0.04), (d(2031, 1, 1), 0.05)],
            Compounding::ANNUAL,
            DC,
        )
        .unwrap();
        close(
            "pillar 0",
            curve.discount_factor(d(2027, 1, 1)).unwrap(),
            1.0 / 1.03,
            3e-16,
        );
        close(
            "pillar 1",
            curve.discount_factor(d(2028, 1, 1)).unwrap(),
            1.04f64.powi(-2),
            3e-16,
        );
        close(
            "pillar 2",
            curve.discount_factor(d(2031, 1, 1)).unwrap(),
            1.05f64.powf(-1826.0 / 365.0),
            1e-15,
        );
        // Interpolated on ln(1+r) linearly in t: mpmath at 40 digits.
        close(
            "mid segment 0",
            curve.discount_factor(d(2027, 7, 2)).unwrap(),
            0.9497868460154054,
            5e-16,
        );
        for (date, rate) in curve.pillars().to_vec() {
            let z = curve.zero_rate(date, Compounding::ANNUAL).unwrap();
            close(&format!("zero at {date}"), z.rate(), rate, 1e-13);
        }
        // QuantLib-style forward between pillars: (DF1/DF2)^(1/t) - 1.
        let f = curve
            .forward_rate(d(2027, 1, 1), d(2028, 1, 1), Compounding::ANNUAL)
            .unwrap();
        close("forward 1y→2y", f.rate(), 1.04f64 * 1.04 / 1.03 - 1.0, 1e-13);
    }

    #[test]
    fn zero_curve_with_pillar_at_reference_date() {
        let curve = ZeroCurve::new(
            jan1(),
            [(jan1(), 0.02), (d(2028, 1, 1), 0.04)],
            Compounding::Continuous,
            DC,
        )
        .unwrap();
        // t = 1: r = 0.03.
        close(
            "t=1",
            curve.discount_factor(d(2027, 1, 1)).unwrap(),
            (-0.03f64).exp(),
            3e-16,
        );
        let z0 = curve.zero_rate(jan1(), Compounding::Continuous).unwrap();
        // One day later: r = 0.02 + 0.02·(1/365)/2.
        // Implied over one day, so about 365 times the factor's rounding.
        close("short-step zero", z0.rate(), 0.02 + 0.01 / 365.0, 1e-11);
        // An annual rate at the reference date converts as the t → 0 limit.
        let annual = ZeroCurve::new(jan1(), [(jan1(), 0.05), (d(2027, 1, 1), 0.05)], Compounding::ANNUAL, DC).unwrap();
        close(
            "annual flat",
            annual.discount_factor(d(2026, 7, 2)).unwrap(),
            1.05f64.powf(-182.0 / 365.0),
            3e-16,
        );
    }

    #[test]
    fn zero_curve_without_extrapolation() {
        let curve = three_pillar_zero_curve().with_extrapolation(Extrapolation::None);
        assert_eq!(curve.extrapolation(), Extrapolation::None);
        assert!(curve.discount_factor(d(2031, 1, 1)).is_ok(), "the last pillar itself");
        assert!(
            curve.discount_factor(d(2026, 3, 1)).is_ok(),
            "before the first pillar is still flat"
        );
        let err = curve.discount_factor(d(2031, 1, 2)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "discount date is out of range: 2031-01-02 is after the last pillar 2031-01-01 and the curve does not extrapolate"
        );
        assert!(curve.discount_factor(d(2025, 1, 1)).is_err());
        assert!(curve.zero_rate(d(2032, 1, 1), Compounding::ANNUAL).is_err());
    }

    #[test]
    fn zero_curve_validation() {
        let cont = Compounding::Continuous;
        let cases: Vec<(Result<ZeroCurve>, &str)> = vec![
            (
                ZeroCurve::new(jan1(), Vec::new(), cont, DC),
                "invalid curve: no pillars",
            ),
            (
                ZeroCurve::new(jan1(), [(d(2025, 12, 31), 0.03)], cont, DC),
                "invalid curve: pillar 0 (2025-12-31) is before the reference date 2026-01-01",
            ),
            (
                ZeroCurve::new(jan1(), [(d(2027, 1, 1), 0.03), (d(2027, 1, 1), 0.04)], cont, DC),
                "invalid curve: pillar dates must strictly increase, but pillar 1 (2027-01-01) follows pillar 0 (2027-01-01)",
            ),
            (
                ZeroCurve::new(
                    jan1(),
                    [(d(2027, 1, 1), 0.03), (d(2029, 1, 1), 0.04), (d(2028, 1, 1), 0.04)],
                    cont,
                    DC,
                ),
                "invalid curve: pillar dates must strictly increase, but pillar 2 (2028-01-01) follows pillar 1 (2029-01-01)",
            ),
            (
                ZeroCurve::new(jan1(), [(d(2027, 1, 1), 0.03), (d(2028, 1, 1), f64::NAN)], cont, DC),
                "invalid curve: rate at pillar 1 (2028-01-01) is not a finite number",
            ),
            (
                ZeroCurve::new(jan1(), [(d(2027, 1, 1), -1.0)], Compounding::ANNUAL, DC),
                "invalid curve: pillar 0 (2027-01-01): invalid rate -1: must be above -100% when compounded once a year",
            ),
            (
                ZeroCurve::new(
                    jan1(),
                    [(d(2027, 1, 1), -0.2), (d(2031, 1, 1), -0.2)],
                    Compounding::Simple,
                    DC,
                ),
                "invalid curve: pillar 1 (2031-01-01): invalid rate -0.2: the simple compound factor 1 + r·t is not positive over 5.002739726027397 years",
            ),
            (
                ZeroCurve::new(
                    d(2025, 12, 31),
                    [(d(2026, 1, 30), 0.03), (d(2026, 1, 31), 0.03)],
                    cont,
                    DayCount::Thirty360BondBasis,
                ),
                "invalid curve: pillar 1 (2026-01-31) is zero years after pillar 0 (2026-01-30) under 30/360 Bond Basis",
            ),
            (
                ZeroCurve::new(
                    jan1(),
                    [(d(2027, 1, 1), 0.03)],
                    Compounding::Compounded { frequency: 0 },
                    DC,
                ),
                "compounding frequency is out of range: must be at least 1 period a year, got 0",
            ),
        ];
        for (got, want) in cases {
            assert_eq!(got.unwrap_err().to_string(), want);
        }
    }
}
