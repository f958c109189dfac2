//! Discount curves: the [`DiscountCurve`] trait and three curves — flat,
//! interpolated zero rates, and interpolated discount factors.
//!
//! As in QuantLib's term structures, the one hook is the discount factor;
//! zero and forward rates derive from it. Curves precompute each pillar's
//! time (an `f64` year fraction under the curve's day count) and the
//! interpolated quantity at construction, so a look-up is a year fraction,
//! a binary search and a few flops. They hold no mutable state and are
//! `Send + Sync`.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::rates::{Compounding, InterestRate};
use crate::time::DayCount;
use crate::time::civil;
use crate::{CurveProblem, Error, Quantity, Result};

mod discount_factor;
mod flat;
mod zero;

pub use discount_factor::DiscountFactorCurve;
pub use flat::FlatCurve;
pub use zero::ZeroCurve;

/// How many days [`DiscountCurve::zero_rate`] steps forward at most to
/// find a positive year fraction (30/360 counts can give zero for a day).
const MAX_PROBE_DAYS: usize = 7;

/// A discount curve: discount factors from a reference date, under a day
/// count. Zero and forward rates are derived from [`discount_factor`](Self::discount_factor).
///
/// The trait is object safe: valuation code can take `&dyn DiscountCurve`
/// or `&impl DiscountCurve`; it is also implemented for `&C`, `Box<C>`
/// and `Arc<C>`.
///
/// ```
/// use disburse::rates::{Compounding, DiscountCurve, FlatCurve, InterestRate};
/// use disburse::time::DayCount;
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
///
/// fn pv(curve: &dyn DiscountCurve, date: NaiveDate, amount: f64) -> disburse::Result<f64> {
///     Ok(amount * curve.discount_factor(date)?)
/// }
/// let curve = FlatCurve::new(d(2026, 1, 1), InterestRate::annual(0.05, DayCount::Actual365Fixed)?);
/// assert!((pv(&curve, d(2027, 1, 1), 105.0)? - 100.0).abs() < 1e-12);
/// let fwd = curve.forward_rate(d(2030, 1, 1), d(2031, 1, 1), Compounding::ANNUAL)?;
/// assert!((fwd.rate() - 0.05).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait DiscountCurve {
    /// The date whose discount factor is 1.
    ///
    /// ```
    /// use disburse::rates::{DiscountCurve, FlatCurve, InterestRate};
    /// use disburse::time::DayCount;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let curve = FlatCurve::new(jan1, InterestRate::annual(0.05, DayCount::Actual365Fixed)?);
    /// assert_eq!(curve.reference_date(), jan1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn reference_date(&self) -> NaiveDate;

    /// The day count that turns dates into the curve's times.
    ///
    /// ```
    /// use disburse::rates::{DiscountCurve, FlatCurve, InterestRate};
    /// use disburse::time::DayCount;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let curve = FlatCurve::new(jan1, InterestRate::annual(0.05, DayCount::Actual360)?);
    /// assert_eq!(curve.day_count(), DayCount::Actual360);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn day_count(&self) -> DayCount;

    /// The discount factor for `date`: the value at the reference date of
    /// one unit paid on `date`.
    ///
    /// # Errors
    /// [`Error::BeforeReferenceDate`] when `date` is before the reference
    /// date, [`Error::AfterLastPillar`] after the last pillar of a curve
    /// that does not extrapolate, [`Error::DiscountFactorOverflow`] or
    /// [`Error::FactorOverflow`] when the factor leaves `f64`'s range; the
    /// curve's own rate errors.
    ///
    /// ```
    /// use disburse::rates::{DiscountCurve, FlatCurve, InterestRate};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = FlatCurve::new(d(2026, 1, 1), InterestRate::continuous(0.05, DayCount::Actual365Fixed)?);
    /// assert!((curve.discount_factor(d(2028, 1, 1))? - (-0.1f64).exp()).abs() < 1e-15);
    /// assert!(curve.discount_factor(d(2025, 12, 31)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn discount_factor(&self, date: NaiveDate) -> Result<f64>;

    /// The zero rate to `date` under `compounding`, implied by its discount
    /// factor over the curve's year fraction. At the reference date (or
    /// any date whose year fraction from it is zero, as 30/360 can give)
    /// the rate is the limit of a short step: the zero rate to the first
    /// later day with a positive year fraction.
    ///
    /// # Errors
    /// As [`discount_factor`](Self::discount_factor), and as
    /// [`InterestRate::implied_rate`].
    ///
    /// ```
    /// use disburse::rates::{Compounding, DiscountCurve, FlatCurve, InterestRate};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = FlatCurve::new(d(2026, 1, 1), InterestRate::continuous(0.05, DayCount::Actual365Fixed)?);
    /// let z = curve.zero_rate(d(2031, 1, 1), Compounding::ANNUAL)?;
    /// assert!((z.rate() - 0.05f64.exp_m1()).abs() < 1e-14);
    /// let z0 = curve.zero_rate(d(2026, 1, 1), Compounding::Continuous)?;
    /// assert!((z0.rate() - 0.05).abs() < 1e-13);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn zero_rate(&self, date: NaiveDate, compounding: Compounding) -> Result<InterestRate> {
        let reference = self.reference_date();
        let day_count = self.day_count();
        if date < reference {
            return Err(before_reference(date, reference));
        }
        let mut probe = date;
        let mut t = day_count.year_fraction(reference, probe).to_f64();
        for _ in 0..MAX_PROBE_DAYS {
            if t > 0.0 {
                break;
            }
            probe = civil::add_days(probe, 1)?;
            t = day_count.year_fraction(reference, probe).to_f64();
        }
        if t <= 0.0 {
            return Err(Error::NoPositiveYearFraction {
                date,
                reference,
                day_count,
            });
        }
        let df = self.discount_factor(probe)?;
        InterestRate::implied_rate(1.0 / df, t, compounding, day_count)
    }

    /// The forward rate from `d1` to `d2` under `compounding`, implied by
    /// `discount_factor(d1) / discount_factor(d2)` over the curve's year fraction from
    /// `d1` to `d2`.
    ///
    /// # Errors
    /// [`Error::UnorderedDates`] unless `d2` is after `d1`;
    /// [`Error::ZeroYearPeriod`] when the year fraction from `d1` to `d2` is
    /// zero (30/360 across a month's 30th and 31st); as
    /// [`discount_factor`](Self::discount_factor) and [`InterestRate::implied_rate`].
    ///
    /// ```
    /// use disburse::rates::{Compounding, DiscountCurve, DiscountFactorCurve};
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let curve = DiscountFactorCurve::new(
    ///     d(2026, 1, 1),
    ///     [(d(2027, 1, 1), 0.97), (d(2028, 1, 1), 0.93)],
    ///     DayCount::Actual365Fixed,
    /// )?;
    /// let f = curve.forward_rate(d(2027, 1, 1), d(2028, 1, 1), Compounding::ANNUAL)?;
    /// assert!((f.rate() - (0.97 / 0.93 - 1.0)).abs() < 1e-14);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn forward_rate(&self, d1: NaiveDate, d2: NaiveDate, compounding: Compounding) -> Result<InterestRate> {
        if d2 <= d1 {
            return Err(Error::UnorderedDates {
                what: Quantity::ForwardRate,
                previous: d1,
                next: d2,
            });
        }
        let day_count = self.day_count();
        let t = day_count.year_fraction(d1, d2).to_f64();
        if t <= 0.0 {
            return Err(Error::ZeroYearPeriod {
                start: d1,
                end: d2,
                day_count,
            });
        }
        let df1 = self.discount_factor(d1)?;
        let df2 = self.discount_factor(d2)?;
        let ratio = df1 / df2;
        if ratio.is_finite() && ratio > 0.0 {
            InterestRate::implied_rate(ratio, t, compounding, day_count)
        } else {
            // Both factors are in f64 but their ratio is not (a steep
            // forward over a long period): the rate from its logarithm.
            InterestRate::implied_rate_from_log(df1.ln() - df2.ln(), t, compounding, day_count)
        }
    }
}

macro_rules! delegate_discount_curve {
    () => {
        fn reference_date(&self) -> NaiveDate {
            (**self).reference_date()
        }
        fn day_count(&self) -> DayCount {
            (**self).day_count()
        }
        fn discount_factor(&self, date: NaiveDate) -> Result<f64> {
            (**self).discount_factor(date)
        }
        fn zero_rate(&self, date: NaiveDate, compounding: Compounding) -> Result<InterestRate> {
            (**self).zero_rate(date, compounding)
        }
        fn forward_rate(&self, d1: NaiveDate, d2: NaiveDate, compounding: Compounding) -> Result<InterestRate> {
            (**self).forward_rate(d1, d2, compounding)
        }
    };
}

impl<C: DiscountCurve + ?Sized> DiscountCurve for &C {
    delegate_discount_curve!();
}

impl<C: DiscountCurve + ?Sized> DiscountCurve for Box<C> {
    delegate_discount_curve!();
}

impl<C: DiscountCurve + ?Sized> DiscountCurve for Arc<C> {
    delegate_discount_curve!();
}

fn before_reference(date: NaiveDate, reference: NaiveDate) -> Error {
    Error::BeforeReferenceDate { date, reference }
}

fn after_last_pillar(date: NaiveDate, last: NaiveDate) -> Error {
    Error::AfterLastPillar { date, last }
}

fn invalid(problem: CurveProblem) -> Error {
    Error::InvalidCurve { problem }
}

/// `e^x` as a discount factor, rejected when it overflows or underflows.
fn discount_from_log(x: f64, date: NaiveDate) -> Result<f64> {
    let v = x.exp();
    if v.is_finite() && v > 0.0 {
        Ok(v)
    } else {
        Err(Error::DiscountFactorOverflow { date })
    }
}

/// What a curve does beyond its last pillar.
///
/// Serialized as `"flat_forward"`, `"flat"` or `"none"`; **the default is
/// `FlatForward`, QuantLib 1.44's rule** (`InterpolatedZeroCurve` and
/// `InterpolatedDiscountCurve` hold the instantaneous forward rate at the
/// last pillar flat).
///
/// ```
/// use disburse::rates::Extrapolation;
/// assert_eq!(Extrapolation::default(), Extrapolation::FlatForward);
/// assert_eq!(serde_json::to_string(&Extrapolation::None)?, "\"none\"");
/// assert_eq!(serde_json::to_string(&Extrapolation::FlatForward)?, "\"flat_forward\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Extrapolation {
    /// Hold the instantaneous forward rate at the last pillar (QuantLib's
    /// flat-forward extrapolation, the default). On a zero curve linear in
    /// continuous zeros that forward is `f = z(T) + T·z'(T)` (the last
    /// segment's slope), so past the last pillar time `T`,
    /// `discount_factor = e^(−z(T)·T − f·(t − T))`; on a discount-factor
    /// curve it is the last segment's forward rate.
    #[default]
    FlatForward,
    /// Hold the zero rate: a zero curve keeps its last zero rate (the rule
    /// before flat forwards became the default); a discount-factor curve
    /// keeps its last segment's forward rate, as with `FlatForward`.
    Flat,
    /// No extrapolation: dates after the last pillar are an error.
    None,
}

impl Extrapolation {
    /// How a curve summary names it.
    const fn phrase(self) -> &'static str {
        match self {
            Extrapolation::FlatForward => "flat-forward extrapolation",
            Extrapolation::Flat => "flat extrapolation",
            Extrapolation::None => "no extrapolation",
        }
    }
}

impl fmt::Display for Extrapolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Extrapolation::FlatForward => "flat forward",
            Extrapolation::Flat => "flat",
            Extrapolation::None => "none",
        })
    }
}

/// A node of a piecewise-linear function of time.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Node {
    t: f64,
    y: f64,
}

/// The piecewise-linear interpolant through `nodes` (times strictly
/// increasing) at `t`: flat before the first node, and past the last node
/// continued with slope `tail_slope`. Exact at the nodes.
fn interpolate(nodes: &[Node], t: f64, tail_slope: f64) -> f64 {
    let i = nodes.partition_point(|n| n.t < t);
    let before = i.checked_sub(1).and_then(|j| nodes.get(j));
    match (before, nodes.get(i)) {
        (Some(a), Some(b)) => {
            let w = (t - a.t) / (b.t - a.t);
            (1.0 - w) * a.y + w * b.y
        }
        (None, Some(b)) => b.y,
        (Some(a), None) => a.y + (t - a.t) * tail_slope,
        // Curves always have nodes.
        (None, None) => 0.0,
    }
}

/// Validates pillar dates and returns their times from `reference`:
/// non-empty, dates strictly increasing, on or after the reference date
/// (strictly after unless `at_reference_allowed`), times strictly
/// increasing (and the first positive unless `at_reference_allowed`).
fn pillar_times<V>(
    reference: NaiveDate,
    day_count: DayCount,
    pillars: &[(NaiveDate, V)],
    at_reference_allowed: bool,
) -> Result<Vec<f64>> {
    if pillars.is_empty() {
        return Err(invalid(CurveProblem::NoPillars));
    }
    let mut times = Vec::with_capacity(pillars.len());
    let mut previous: Option<(usize, NaiveDate, f64)> = None;
    for (i, (date, _)) in pillars.iter().enumerate() {
        let date = *date;
        let t = day_count.year_fraction(reference, date).to_f64();
        match previous {
            None => {
                if date < reference || (!at_reference_allowed && date == reference) {
                    return Err(invalid(CurveProblem::PillarBeforeReference {
                        index: i,
                        date,
                        reference,
                        at_reference_allowed,
                    }));
                }
                if !at_reference_allowed && t <= 0.0 {
                    return Err(invalid(CurveProblem::PillarAtReference {
                        index: i,
                        date,
                        reference,
                        day_count,
                    }));
                }
            }
            Some((j, previous_date, previous_t)) => {
                if date <= previous_date {
                    return Err(invalid(CurveProblem::UnorderedPillars {
                        index: i,
                        date,
                        previous: j,
                        previous_date,
                    }));
                }
                if t <= previous_t {
                    return Err(invalid(CurveProblem::ZeroYearsAfterPrevious {
                        index: i,
                        date,
                        previous: j,
                        previous_date,
                        day_count,
                    }));
                }
            }
        }
        times.push(t);
        previous = Some((i, date, t));
    }
    Ok(times)
}

/// The year fraction of `date` on a pillar curve, checking that it is not
/// before the reference date nor, without extrapolation, after the last
/// pillar.
fn pillar_time(
    reference: NaiveDate,
    day_count: DayCount,
    extrapolation: Extrapolation,
    pillars: &[(NaiveDate, f64)],
    date: NaiveDate,
) -> Result<f64> {
    if date < reference {
        return Err(before_reference(date, reference));
    }
    if let (Extrapolation::None, Some(&(last, _))) = (extrapolation, pillars.last()) {
        if date > last {
            return Err(after_last_pillar(date, last));
        }
    }
    Ok(day_count.year_fraction(reference, date).to_f64())
}

fn write_summary(
    f: &mut fmt::Formatter<'_>,
    kind: &str,
    reference: NaiveDate,
    count: usize,
    last: Option<NaiveDate>,
) -> fmt::Result {
    let plural = if count == 1 { "" } else { "s" };
    write!(f, "{kind} from {reference}: {count} pillar{plural}")?;
    match last {
        Some(last) => write!(f, " to {last}"),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rates::{DiscountFactorCurve, FlatCurve, ZeroCurve};
    use crate::testing::*;

    const DC: DayCount = DayCount::Actual365Fixed;

    fn after(days: u64) -> NaiveDate {
        jan1() + chrono::Days::new(days)
    }

    /// Discount factors 0.99 and 0.96 at days 100 and 300.
    fn df_curve() -> DiscountFactorCurve {
        DiscountFactorCurve::new(jan1(), [(after(100), 0.99), (after(300), 0.96)], DC).unwrap()
    }

    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn curves_are_send_and_sync() {
        assert_send_sync::<FlatCurve>();
        assert_send_sync::<ZeroCurve>();
        assert_send_sync::<DiscountFactorCurve>();
    }

    #[test]
    fn rate_errors_from_the_trait() {
        let curve = three_pillar_zero_curve();
        let err = curve
            .forward_rate(d(2028, 1, 1), d(2027, 1, 1), Compounding::ANNUAL)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "forward rate: dates must increase, but 2027-01-01 follows 2028-01-01"
        );
        assert!(matches!(
            curve.forward_rate(d(2027, 1, 1), d(2027, 1, 1), Compounding::ANNUAL),
            Err(Error::UnorderedDates { .. })
        ));
        assert!(matches!(
            curve.forward_rate(d(2025, 1, 1), d(2027, 1, 1), Compounding::ANNUAL),
            Err(Error::BeforeReferenceDate { .. })
        ));
        assert!(matches!(
            curve.zero_rate(d(2025, 1, 1), Compounding::ANNUAL),
            Err(Error::BeforeReferenceDate { .. })
        ));
        // 30/360: the 30th to the 31st is zero years.
        let thirty = FlatCurve::new(
            d(2026, 1, 30),
            InterestRate::annual(0.05, DayCount::Thirty360BondBasis).unwrap(),
        );
        let err = thirty
            .forward_rate(d(2026, 3, 30), d(2026, 3, 31), Compounding::ANNUAL)
            .unwrap_err();
        assert_eq!(
            err.to_string(),
            "forward period is out of range: 2026-03-30 to 2026-03-31 is zero years under 30/360 Bond Basis"
        );
        // …and the zero rate at the 31st steps to 1 February.
        let z = thirty.zero_rate(d(2026, 1, 31), Compounding::ANNUAL).unwrap();
        close("30/360 zero at a zero-time date", z.rate(), 0.05, 1e-12);
        // Overflowing discount factors are errors, not zeros.
        let steep = FlatCurve::new(jan1(), InterestRate::continuous(10.0, DC).unwrap());
        assert!(matches!(
            steep.discount_factor(d(2200, 1, 1)),
            Err(Error::FactorOverflow { .. } | Error::DiscountFactorOverflow { .. })
        ));
        let steep_zero = ZeroCurve::new(jan1(), [(d(2027, 1, 1), 10.0)], Compounding::Continuous, DC).unwrap();
        let err = steep_zero.discount_factor(d(2200, 1, 1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "discount factor is out of range: at 2200-01-01 it is beyond the range of f64"
        );
    }

    #[test]
    fn trait_objects_and_wrappers() {
        let zero = three_pillar_zero_curve();
        let curves: Vec<Box<dyn DiscountCurve>> = vec![
            Box::new(FlatCurve::new(jan1(), InterestRate::annual(0.04, DC).unwrap())),
            Box::new(zero.clone()),
            Box::new(df_curve()),
        ];
        fn by_impl(curve: &impl DiscountCurve, date: NaiveDate) -> f64 {
            curve.discount_factor(date).unwrap()
        }
        let date = d(2027, 3, 1);
        for curve in &curves {
            let direct = curve.discount_factor(date).unwrap();
            assert_eq!(by_impl(curve, date), direct, "Box<dyn>");
            assert_eq!(by_impl(&curve.as_ref(), date), direct, "&dyn");
            assert_eq!(curve.reference_date(), jan1());
        }
        let shared: Arc<dyn DiscountCurve + Send + Sync> = Arc::new(zero.clone());
        let by_ref: &dyn DiscountCurve = &zero;
        assert_eq!(by_impl(&shared, date), zero.discount_factor(date).unwrap());
        assert_eq!(
            shared.zero_rate(date, Compounding::ANNUAL).unwrap(),
            zero.zero_rate(date, Compounding::ANNUAL).unwrap()
        );
        assert_eq!(
            <&dyn DiscountCurve as DiscountCurve>::forward_rate(&by_ref, date, d(2029, 1, 1), Compounding::Simple)
                .unwrap(),
            zero.forward_rate(date, d(2029, 1, 1), Compounding::Simple).unwrap()
        );
        assert_eq!(shared.day_count(), DC);
    }

    #[test]
    fn display_summaries() {
        assert_eq!(
            three_pillar_zero_curve().to_string(),
            "zero curve from 2026-01-01: 3 pillars to 2031-01-01, continuous zero rates (Act/365F), flat-forward extrapolation"
        );
        assert_eq!(
            df_curve().with_extrapolation(Extrapolation::None).to_string(),
            "discount factor curve from 2026-01-01: 2 pillars to 2026-10-28 (Act/365F), no extrapolation"
        );
        let one = DiscountFactorCurve::new(jan1(), [(d(2027, 1, 1), 0.97)], DayCount::Actual360).unwrap();
        assert_eq!(
            one.to_string(),
            "discount factor curve from 2026-01-01: 1 pillar to 2027-01-01 (Act/360), flat-forward extrapolation"
        );
    }

    #[test]
    fn serde_forms() {
        let flat = FlatCurve::new(jan1(), InterestRate::annual(0.045, DC).unwrap());
        let json = serde_json::to_string(&flat).unwrap();
        assert_eq!(
            json,
            r#"{"reference_date":"2026-01-01","rate":{"rate":0.045,"compounding":"annual","day_count":"actual365_fixed"}}"#
        );
        assert_eq!(serde_json::from_str::<FlatCurve>(&json).unwrap(), flat);

        let zero = ZeroCurve::new(
            jan1(),
            [(d(2027, 1, 1), 0.03), (d(2028, 1, 1), 0.04)],
            Compounding::QUARTERLY,
            DC,
        )
        .unwrap();
        let json = serde_json::to_string(&zero).unwrap();
        assert_eq!(
            json,
            r#"{"reference_date":"2026-01-01","day_count":"actual365_fixed","compounding":"quarterly","extrapolation":"flat_forward","pillars":[{"date":"2027-01-01","rate":0.03},{"date":"2028-01-01","rate":0.04}]}"#
        );
        assert_eq!(serde_json::from_str::<ZeroCurve>(&json).unwrap(), zero);

        let df = df_curve().with_extrapolation(Extrapolation::None);
        let json = serde_json::to_string(&df).unwrap();
        assert_eq!(
            json,
            r#"{"reference_date":"2026-01-01","day_count":"actual365_fixed","extrapolation":"none","pillars":[{"date":"2026-04-11","discount":0.99},{"date":"2026-10-28","discount":0.96}]}"#
        );
        assert_eq!(serde_json::from_str::<DiscountFactorCurve>(&json).unwrap(), df);

        // Extrapolation defaults to QuantLib's flat forward; "flat" reads.
        let json = r#"{"reference_date":"2026-01-01","day_count":"actual360","pillars":[{"date":"2027-01-01","discount":0.97}]}"#;
        let c: DiscountFactorCurve = serde_json::from_str(json).unwrap();
        assert_eq!(c.extrapolation(), Extrapolation::FlatForward);
        let json = r#"{"reference_date":"2026-01-01","day_count":"actual360","extrapolation":"flat","pillars":[{"date":"2027-01-01","discount":0.97}]}"#;
        let c: DiscountFactorCurve = serde_json::from_str(json).unwrap();
        assert_eq!(c.extrapolation(), Extrapolation::Flat);

        // Validated on deserialization.
        let bad = [
            r#"{"reference_date":"2026-01-01","day_count":"actual360","pillars":[]}"#,
            r#"{"reference_date":"2026-01-01","day_count":"actual360","pillars":[{"date":"2027-01-01","discount":-0.97}]}"#,
            r#"{"reference_date":"2026-01-01","day_count":"actual360","pillars":[{"date":"2027-01-01","discount":0.97,"rate":1}]}"#,
        ];
        for json in bad {
            assert!(serde_json::from_str::<DiscountFactorCurve>(json).is_err(), "{json}");
        }
        let bad_zero = r#"{"reference_date":"2026-01-01","day_count":"actual360","compounding":"annual","pillars":[{"date":"2028-01-01","rate":0.03},{"date":"2027-01-01","rate":0.03}]}"#;
        let err = serde_json::from_str::<ZeroCurve>(bad_zero).unwrap_err();
        assert!(err.to_string().contains("pillar 1 (2027-01-01)"), "{err}");
        let bad_flat =
            r#"{"reference_date":"2026-01-01","rate":{"rate":-2,"compounding":"annual","day_count":"actual360"}}"#;
        assert!(serde_json::from_str::<FlatCurve>(bad_flat).is_err());
    }
}
