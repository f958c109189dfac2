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

use super::rate::{Compounding, InterestRate};
use crate::time::DayCount;
use crate::time::civil;
use crate::{CurveProblem, Error, Quantity, Result};

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
        InterestRate::implied_rate(df1 / df2, t, compounding, day_count)
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
/// Serialized as `"flat"` or `"none"`; the default is `Flat`.
///
/// ```
/// use disburse::rates::Extrapolation;
/// assert_eq!(Extrapolation::default(), Extrapolation::Flat);
/// assert_eq!(serde_json::to_string(&Extrapolation::None)?, "\"none\"");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Extrapolation {
    /// Extend flat: a zero curve keeps its last zero rate, a
    /// discount-factor curve its last segment's forward rate.
    #[default]
    Flat,
    /// No extrapolation: dates after the last pillar are an error.
    None,
}

impl Extrapolation {
    /// How a curve summary names it.
    const fn phrase(self) -> &'static str {
        match self {
            Extrapolation::Flat => "flat extrapolation",
            Extrapolation::None => "no extrapolation",
        }
    }
}

impl fmt::Display for Extrapolation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
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

/// A curve of zero rates at pillar dates (QuantLib's `ZeroCurve` with
/// linear interpolation on continuously compounded zero rates).
///
/// Each pillar's rate, given under the curve's compounding, is converted
/// to the continuously compounded rate `r(tᵢ)` with the same discount
/// factor at its time `tᵢ` (the curve day count's year fraction from the
/// reference date); `r(t)` is linear in `t` between pillars, and
/// `discount_factor = e^(−r(t)·t)`, so the curve reproduces each pillar's
/// discount factor. Between the reference date and the first pillar the
/// rate is flat at the first pillar's rate; past the last pillar it is
/// flat ([`Extrapolation::Flat`], the default) or an error
/// ([`Extrapolation::None`]).
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
/// "extrapolation" (optional, default "flat"), "pillars": [{ "date",
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
            extrapolation: Extrapolation::Flat,
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
    /// assert_eq!(curve.extrapolation(), Extrapolation::Flat);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub const fn extrapolation(&self) -> Extrapolation {
        self.extrapolation
    }
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

/// A curve of discount factors at pillar dates, interpolated log-linearly
/// in time (QuantLib's `DiscountCurve` with `LogLinear` interpolation):
/// piecewise flat forward rates between pillars, with an implicit node of
/// discount factor 1 at the reference date.
///
/// Past the last pillar the curve continues the last segment's forward
/// rate ([`Extrapolation::Flat`], the default: flat forwards) or is an
/// error ([`Extrapolation::None`]).
///
/// Invariants, checked by [`DiscountFactorCurve::new`] and on
/// deserialization, each failure an [`Error::InvalidCurve`] naming the
/// pillar (numbered from 0) and its date: at least one pillar; dates
/// strictly increasing and after the reference date; times strictly
/// increasing and positive; discount factors finite and positive.
///
/// Serialized as `{ "reference_date", "day_count", "extrapolation"
/// (optional, default "flat"), "pillars": [{ "date", "discount" }] }`.
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
            extrapolation: Extrapolation::Flat,
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
    /// assert_eq!(curve.extrapolation(), Extrapolation::Flat);
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

    const DC: DayCount = DayCount::Actual365Fixed;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn jan1() -> NaiveDate {
        d(2026, 1, 1)
    }

    fn close(label: &str, got: f64, want: f64, rel: f64) {
        let err = ((got - want) / want).abs();
        assert!(
            err <= rel,
            "{label}: got {got:e}, want {want:e}, relative error {err:e}"
        );
    }

    fn after(days: u64) -> NaiveDate {
        jan1() + chrono::Days::new(days)
    }

    /// Continuous zeros 3%, 4%, 5% at 1, 2 and 1826/365 years.
    fn three_pillar_zero_curve() -> ZeroCurve {
        ZeroCurve::new(
            jan1(),
            [(d(2027, 1, 1), 0.03), (d(2028, 1, 1), 0.04), (d(2031, 1, 1), 0.05)],
            Compounding::Continuous,
            DC,
        )
        .unwrap()
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
            // After the last: flat at 5% (day 2557).
            ("flat extrapolation", d(2033, 1, 1), 0.7044950509335302),
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
        // Past the last pillar, forwards are flat at the last zero rate.
        let f = curve
            .forward_rate(d(2032, 1, 1), d(2035, 1, 1), Compounding::Continuous)
            .unwrap();
        close("forward past the end", f.rate(), 0.05, 1e-12);
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
            "zero curve from 2026-01-01: 3 pillars to 2031-01-01, continuous zero rates (Act/365F), flat extrapolation"
        );
        assert_eq!(
            df_curve().with_extrapolation(Extrapolation::None).to_string(),
            "discount factor curve from 2026-01-01: 2 pillars to 2026-10-28 (Act/365F), no extrapolation"
        );
        let one = DiscountFactorCurve::new(jan1(), [(d(2027, 1, 1), 0.97)], DayCount::Actual360).unwrap();
        assert_eq!(
            one.to_string(),
            "discount factor curve from 2026-01-01: 1 pillar to 2027-01-01 (Act/360), flat extrapolation"
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
            r#"{"reference_date":"2026-01-01","day_count":"actual365_fixed","compounding":"quarterly","extrapolation":"flat","pillars":[{"date":"2027-01-01","rate":0.03},{"date":"2028-01-01","rate":0.04}]}"#
        );
        assert_eq!(serde_json::from_str::<ZeroCurve>(&json).unwrap(), zero);

        let df = df_curve().with_extrapolation(Extrapolation::None);
        let json = serde_json::to_string(&df).unwrap();
        assert_eq!(
            json,
            r#"{"reference_date":"2026-01-01","day_count":"actual365_fixed","extrapolation":"none","pillars":[{"date":"2026-04-11","discount":0.99},{"date":"2026-10-28","discount":0.96}]}"#
        );
        assert_eq!(serde_json::from_str::<DiscountFactorCurve>(&json).unwrap(), df);

        // Extrapolation defaults to flat.
        let json = r#"{"reference_date":"2026-01-01","day_count":"actual360","pillars":[{"date":"2027-01-01","discount":0.97}]}"#;
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
