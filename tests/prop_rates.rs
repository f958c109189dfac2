//! Property tests for interest rates and discount curves.
//!
//! Rates are generated as integer hundredths of a basis point and dates as
//! day offsets, so every input has a short exact decimal form (and JSON
//! round-trips bit for bit).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::{Days, NaiveDate};
use disburse::Error;
use disburse::rates::{
    Compounding, DiscountCurve, DiscountFactorCurve, Extrapolation, FlatCurve, InterestRate, ZeroCurve,
};
use disburse::time::DayCount;
use proptest::prelude::*;
use proptest::test_runner::TestCaseError;

type TestResult = Result<(), TestCaseError>;

fn reference() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn after(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap()
}

fn close(label: &str, got: f64, want: f64, rel: f64) -> TestResult {
    let err = if want == 0.0 {
        got.abs()
    } else {
        ((got - want) / want).abs()
    };
    prop_assert!(
        err <= rel,
        "{}: got {:e}, want {:e}, relative error {:e}",
        label,
        got,
        want,
        err
    );
    Ok(())
}

/// The compound factor over `t` years written from the documented
/// formulas: `1 + r·t` (simple; its inverse for negative `t`),
/// `(1 + r/f)^(f·t)`, `e^(r·t)`.
fn closed_form_factor(r: f64, c: Compounding, t: f64) -> f64 {
    match c {
        Compounding::Simple if t < 0.0 => 1.0 / (1.0 - r * t),
        Compounding::Simple => 1.0 + r * t,
        Compounding::Compounded { frequency } => {
            let f = f64::from(frequency);
            (1.0 + r / f).powf(f * t)
        }
        Compounding::Continuous => (r * t).exp(),
    }
}

/// The year fraction written from each convention's definition, day by
/// day for Act/Act ISDA, independent of the crate's day counts.
fn naive_year_fraction(dc: DayCount, from: NaiveDate, to: NaiveDate) -> f64 {
    use chrono::Datelike;
    let days = (to - from).num_days() as f64;
    let thirty = |d1: u32, d2: u32, from: NaiveDate, to: NaiveDate| {
        let v =
            360 * (to.year() - from.year()) + 30 * (to.month() as i32 - from.month() as i32) + d2 as i32 - d1 as i32;
        f64::from(v) / 360.0
    };
    let last_of_feb = |d: NaiveDate| d.month() == 2 && d.succ_opt().unwrap().month() == 3;
    match dc {
        DayCount::Actual365Fixed => days / 365.0,
        DayCount::Actual360 => days / 360.0,
        DayCount::ActualActualIsda => {
            // Count the days in leap and other years, start day in, end
            // day out.
            let (mut leap, mut other) = (0u32, 0u32);
            let mut d = from;
            while d < to {
                if d.leap_year() {
                    leap += 1;
                } else {
                    other += 1;
                }
                d = d.succ_opt().unwrap();
            }
            f64::from(other) / 365.0 + f64::from(leap) / 366.0
        }
        DayCount::Thirty360European => thirty(from.day().min(30), to.day().min(30), from, to),
        DayCount::Thirty360BondBasis => {
            let d1 = from.day().min(30);
            let d2 = if to.day() == 31 && d1 == 30 { 30 } else { to.day() };
            thirty(d1, d2, from, to)
        }
        DayCount::Thirty360Us => {
            let (mut d1, mut d2) = (from.day(), to.day());
            if last_of_feb(from) {
                if last_of_feb(to) {
                    d2 = 30;
                }
                d1 = 30;
            }
            if d1 == 31 {
                d1 = 30;
            }
            if d2 == 31 && d1 == 30 {
                d2 = 30;
            }
            thirty(d1, d2, from, to)
        }
    }
}

fn day_count() -> impl Strategy<Value = DayCount> {
    prop::sample::select(DayCount::ALL.to_vec())
}

fn compounding() -> impl Strategy<Value = Compounding> {
    prop_oneof![
        Just(Compounding::Simple),
        Just(Compounding::Continuous),
        Just(Compounding::ANNUAL),
        Just(Compounding::SEMIANNUAL),
        Just(Compounding::QUARTERLY),
        Just(Compounding::MONTHLY),
        (1u32..=400).prop_map(|frequency| Compounding::Compounded { frequency }),
    ]
}

/// A rate from -5% to 30% in hundredths of a basis point.
fn rate() -> impl Strategy<Value = f64> {
    (-50_000i32..=300_000).prop_map(|units| f64::from(units) / 1e6)
}

/// A positive rate from 0.01 bp to 30%.
fn positive_rate() -> impl Strategy<Value = f64> {
    (1i32..=300_000).prop_map(|units| f64::from(units) / 1e6)
}

/// A year fraction of up to 50 years, in days.
fn time() -> impl Strategy<Value = f64> {
    (0u32..=50 * 365).prop_map(|days| f64::from(days) / 365.0)
}

fn interest_rate() -> impl Strategy<Value = InterestRate> {
    (rate(), compounding(), day_count()).prop_map(|(r, c, dc)| InterestRate::new(r, c, dc).unwrap())
}

/// Strictly increasing day offsets after the reference date: `count`
/// gaps of 1 to 2000 days.
fn offsets(count: std::ops::RangeInclusive<usize>) -> impl Strategy<Value = Vec<u64>> {
    prop::collection::vec(1u64..=2000, count).prop_map(|gaps| {
        gaps.iter()
            .scan(0u64, |acc, g| {
                *acc += g;
                Some(*acc)
            })
            .collect()
    })
}

/// Day counts whose year fraction strictly increases with the date (the
/// 30/360 family can give equal times to consecutive days).
fn actual_day_count() -> impl Strategy<Value = DayCount> {
    prop::sample::select(vec![
        DayCount::Actual365Fixed,
        DayCount::Actual360,
        DayCount::ActualActualIsda,
    ])
}

fn extrapolation() -> impl Strategy<Value = Extrapolation> {
    prop_oneof![
        Just(Extrapolation::FlatForward),
        Just(Extrapolation::Flat),
        Just(Extrapolation::None)
    ]
}

fn zero_curve() -> impl Strategy<Value = ZeroCurve> {
    (offsets(1..=8), actual_day_count(), compounding(), extrapolation())
        .prop_flat_map(|(days, dc, c, e)| {
            let n = days.len();
            (
                Just(days),
                Just(dc),
                Just(c),
                Just(e),
                prop::collection::vec(-50_000i32..=300_000, n),
            )
        })
        .prop_map(|(days, dc, c, e, units)| {
            let pillars: Vec<_> = days
                .iter()
                .zip(units)
                .map(|(&k, u)| {
                    // Simple rates below -100%/t are invalid at long
                    // tenors: keep simple curves positive.
                    let u = if c == Compounding::Simple { u.abs() + 1 } else { u };
                    (after(reference(), k), f64::from(u) / 1e6)
                })
                .collect();
            ZeroCurve::new(reference(), pillars, c, dc)
                .unwrap()
                .with_extrapolation(e)
        })
}

/// A discount-factor curve built from segments of 1 to 1000 days at
/// forward rates from -2% to 15%, each discount factor rounded to nine
/// decimals.
fn df_curve() -> impl Strategy<Value = DiscountFactorCurve> {
    (
        prop::collection::vec((1u64..=1000, -20_000i32..=150_000), 1..=8),
        actual_day_count(),
        extrapolation(),
    )
        .prop_map(|(segments, dc, e)| {
            let (mut day, mut log_df) = (0u64, 0.0f64);
            let mut pillars = Vec::new();
            for (gap, forward_units) in segments {
                day += gap;
                log_df -= f64::from(forward_units) / 1e6 * gap as f64 / 365.0;
                let df = (log_df.exp() * 1e9).round() / 1e9;
                pillars.push((after(reference(), day), df));
            }
            DiscountFactorCurve::new(reference(), pillars, dc)
                .unwrap()
                .with_extrapolation(e)
        })
}

/// How far a forward implied from two discount factors can be from the
/// exact one: a few ulps of each log discount factor (at most `max_log`
/// in size) and of each time (at most `t_end`, scaled by the forward),
/// over the period `t`.
fn forward_tolerance(max_log: f64, forward: f64, t_end: f64, t: f64) -> f64 {
    1e-14 * (1.0 + max_log + forward.abs() * t_end) / t
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn discount_factors_decrease_in_time_for_positive_rates(
        r in positive_rate(),
        c in compounding(),
        t1 in time(),
        extra in 1u32..=3650,
    ) {
        let rate = InterestRate::new(r, c, DayCount::Actual365Fixed).unwrap();
        let t2 = t1 + f64::from(extra) / 365.0;
        let df1 = rate.discount_factor_for(t1).unwrap();
        let df2 = rate.discount_factor_for(t2).unwrap();
        prop_assert!(df2 < df1, "{rate}: DF({t2}) = {df2} is not below DF({t1}) = {df1}");
        prop_assert!(df1 <= 1.0 && df2 > 0.0);
    }

    #[test]
    fn compound_times_discount_is_one(rate in interest_rate(), days in -18_250i32..=18_250) {
        let t = f64::from(days) / 365.0;
        // Simple rates need 1 + r·|t| > 0.
        prop_assume!(rate.compounding() != Compounding::Simple || rate.rate() * t.abs() > -1.0);
        let cf = rate.compound_factor_for(t).unwrap();
        let df = rate.discount_factor_for(t).unwrap();
        close("cf·df", cf * df, 1.0, 1e-15)?;
        // A negative time inverts.
        let back = rate.compound_factor_for(-t).unwrap();
        close("cf(-t)", back, df, 1e-15 * (1.0 + cf.ln().abs()))?;
    }

    #[test]
    fn dates_and_year_fractions_agree(rate in interest_rate(), start in 0u64..=3650, days in 0u64..=7300) {
        prop_assume!(rate.compounding() != Compounding::Simple || rate.rate() > -0.03);
        let from = after(reference(), start);
        let to = after(from, days);
        // The oracle: each convention's year fraction and compounding
        // formula, written here.
        let t = naive_year_fraction(rate.day_count(), from, to);
        let want = closed_form_factor(rate.rate(), rate.compounding(), t);
        close("compound factor", rate.compound_factor(from, to).unwrap(), want, 1e-12)?;
        close("discount factor", rate.discount_factor(from, to).unwrap(), 1.0 / want, 1e-12)?;
    }

    #[test]
    fn equivalent_rates_round_trip(
        r in rate(),
        a in compounding(),
        b in compounding(),
        days in 0u32..=30 * 365,
    ) {
        let t = f64::from(days) / 365.0;
        // Simple rates need 1 + r·t > 0.
        prop_assume!(a != Compounding::Simple || r * t > -0.9);
        let original = InterestRate::new(r, a, DayCount::Actual365Fixed).unwrap();
        let there = original.equivalent_rate(b, t).unwrap();
        prop_assert_eq!(there.compounding(), b);
        let back = there.equivalent_rate(a, t).unwrap();
        prop_assert_eq!(back.compounding(), a);
        prop_assert!(
            (back.rate() - r).abs() <= 1e-12,
            "{} → {} → {}",
            original,
            there,
            back
        );
        // Same compound factor over t.
        if t > 0.0 {
            close(
                "same factor",
                there.compound_factor_for(t).unwrap(),
                original.compound_factor_for(t).unwrap(),
                1e-13,
            )?;
        }
    }

    #[test]
    fn implied_rate_inverts_the_compound_factor(rate in interest_rate(), days in 1u32..=30 * 365) {
        let t = f64::from(days) / 365.0;
        prop_assume!(rate.compounding() != Compounding::Simple || rate.rate() * t > -0.9);
        let cf = rate.compound_factor_for(t).unwrap();
        let implied = InterestRate::implied_rate(cf, t, rate.compounding(), rate.day_count()).unwrap();
        prop_assert!((implied.rate() - rate.rate()).abs() <= 1e-12, "{} vs {}", implied, rate);
    }

    #[test]
    fn zero_curve_reproduces_its_pillars(curve in zero_curve()) {
        let dc = curve.day_count();
        for &(date, r) in curve.pillars() {
            let t = dc.year_fraction(reference(), date).to_f64();
            let t_naive = naive_year_fraction(dc, reference(), date);
            prop_assert!((t - t_naive).abs() <= 1e-12 * t_naive.max(1.0), "{} vs {}", t, t_naive);
            let want = 1.0 / closed_form_factor(r, curve.compounding(), t_naive);
            // (1 + r/n)^(n·t): the rounding of 1 + r/n (half an ulp) is
            // raised to the power n·t, so the tolerance grows with it
            // (frequency 396 over 23.8 years: about 1e-12).
            let periods = match curve.compounding() {
                Compounding::Compounded { frequency } => f64::from(frequency) * t_naive,
                _ => 1.0,
            };
            let rel = 1e-12 + 2.0 * f64::EPSILON * periods;
            close(&format!("DF at {date}"), curve.discount_factor(date).unwrap(), want, rel)?;
        }
    }

    #[test]
    fn zero_curve_is_flat_before_the_first_pillar(curve in zero_curve(), frac in 0.0f64..1.0) {
        let (first, _) = curve.pillars()[0];
        let dc = curve.day_count();
        let span = u64::try_from(dc.day_count(reference(), first)).unwrap();
        let date = after(reference(), (frac * span as f64) as u64);
        prop_assume!(date > reference());
        let z = curve.zero_rate(date, Compounding::Continuous).unwrap();
        let z_first = curve.zero_rate(first, Compounding::Continuous).unwrap();
        prop_assert!((z.rate() - z_first.rate()).abs() <= 1e-10, "{} vs {}", z, z_first);
    }

    #[test]
    fn zero_curve_extrapolation(curve in zero_curve(), beyond in 1u64..=5000) {
        let &(last, _) = curve.pillars().last().unwrap();
        let date = after(last, beyond);
        match curve.extrapolation() {
            Extrapolation::None => prop_assert!(curve.discount_factor(date).is_err()),
            Extrapolation::Flat => {
                let z_last = curve.zero_rate(last, Compounding::Continuous).unwrap();
                let z = curve.zero_rate(date, Compounding::Continuous).unwrap();
                prop_assert!((z.rate() - z_last.rate()).abs() <= 1e-11, "{} vs {}", z, z_last);
            }
            Extrapolation::FlatForward => {
                // QuantLib: the forward from the last pillar on is
                // f = z(T) + T·z'(T), z' the last segment's slope.
                let dc = curve.day_count();
                let pillars = curve.pillars();
                let zt = |d| curve.zero_rate(d, Compounding::Continuous).unwrap().rate();
                let t = |d| dc.year_fraction(reference(), d).to_f64();
                let slope = if pillars.len() >= 2 {
                    let (prev, _) = pillars[pillars.len() - 2];
                    (zt(last) - zt(prev)) / (t(last) - t(prev))
                } else {
                    0.0
                };
                let want = zt(last) + t(last) * slope;
                // A steep last segment can give a forward whose discount
                // factor leaves f64: a typed error, as QuantLib's would be inf.
                let f = match curve.forward_rate(last, date, Compounding::Continuous) {
                    Ok(f) => f,
                    Err(Error::DiscountFactorOverflow { .. }) => return Ok(()),
                    Err(e) => return Err(TestCaseError::fail(e.to_string())),
                };
                let tolerance = 1e-9 * (1.0 + want.abs()) * (1.0 + t(date) / dc.year_fraction(last, date).to_f64());
                prop_assert!((f.rate() - want).abs() <= tolerance, "{} vs {}", f.rate(), want);
            }
        }
    }

    #[test]
    fn discount_factor_curve_reproduces_its_pillars(curve in df_curve()) {
        for &(date, df) in curve.pillars() {
            close(&format!("DF at {date}"), curve.discount_factor(date).unwrap(), df, 1e-14)?;
        }
        prop_assert_eq!(curve.discount_factor(reference()).unwrap(), 1.0);
    }

    /// Log-linear discount factors are piecewise flat forwards: any
    /// forward inside a segment equals the segment's forward.
    #[test]
    fn discount_factor_curve_forwards_are_constant_in_segments(
        curve in df_curve(),
        segment in any::<prop::sample::Index>(),
        a in 0.0f64..1.0,
        b in 0.0f64..1.0,
    ) {
        let mut nodes = vec![(reference(), 1.0)];
        nodes.extend_from_slice(curve.pillars());
        let i = segment.index(nodes.len() - 1);
        let ((d0, df0), (d1, df1)) = (nodes[i], nodes[i + 1]);
        let dc = curve.day_count();
        let t01 = dc.year_fraction(d0, d1).to_f64();
        let segment_forward = (df0 / df1).ln() / t01;
        let span = u64::try_from((d1 - d0).num_days()).unwrap();
        let (lo, hi) = (a.min(b), a.max(b));
        let start = after(d0, (lo * span as f64) as u64);
        let end = after(d0, (hi * span as f64).ceil() as u64);
        prop_assume!(end > start);
        let f = curve.forward_rate(start, end, Compounding::Continuous).unwrap();
        let t = dc.year_fraction(start, end).to_f64();
        let t_end = dc.year_fraction(reference(), d1).to_f64();
        let tolerance = forward_tolerance(df0.ln().abs().max(df1.ln().abs()), segment_forward, t_end, t);
        prop_assert!(
            (f.rate() - segment_forward).abs() <= tolerance,
            "segment {} ({} to {}): forward {} vs {}",
            i, d0, d1, f.rate(), segment_forward
        );
    }

    #[test]
    fn discount_factor_curve_extrapolates_the_last_forward(curve in df_curve(), gap in 1u64..=3000, len in 1u64..=3000) {
        let &(last, _) = curve.pillars().last().unwrap();
        let start = after(last, gap);
        let end = after(start, len);
        match curve.extrapolation() {
            Extrapolation::None => prop_assert!(curve.discount_factor(start).is_err()),
            Extrapolation::Flat | Extrapolation::FlatForward => {
                let pillars = curve.pillars();
                let (d0, df0) = if pillars.len() >= 2 { pillars[pillars.len() - 2] } else { (reference(), 1.0) };
                let &(d1, df1) = pillars.last().unwrap();
                let dc = curve.day_count();
                let t01 = dc.year_fraction(d0, d1).to_f64();
                let last_forward = (df0 / df1).ln() / t01;
                let f = curve.forward_rate(start, end, Compounding::Continuous).unwrap();
                let t_end = dc.year_fraction(reference(), end).to_f64();
                let max_log = df1.ln().abs() + last_forward.abs() * t_end;
                // Both the curve's forward (over start..end) and the
                // expected one (over the last segment) carry rounding.
                let t = dc.year_fraction(start, end).to_f64().min(t01);
                let tolerance = forward_tolerance(max_log, last_forward, t_end, t);
                prop_assert!(
                    (f.rate() - last_forward).abs() <= tolerance,
                    "{} vs {} (tolerance {:e})",
                    f.rate(),
                    last_forward,
                    tolerance
                );
            }
        }
    }

    #[test]
    fn curves_discount_monotonically_for_positive_flat_rates(r in positive_rate(), c in compounding(), dc in day_count(), a in 0u64..=10_000, b in 1u64..=10_000) {
        let curve = FlatCurve::new(reference(), InterestRate::new(r, c, dc).unwrap());
        let d1 = after(reference(), a);
        let d2 = after(d1, b);
        prop_assert!(curve.discount_factor(d2).unwrap() <= curve.discount_factor(d1).unwrap());
    }

    #[test]
    fn serde_round_trips(rate in interest_rate(), zero in zero_curve(), dfs in df_curve(), c in compounding()) {
        let json = serde_json::to_string(&c).unwrap();
        prop_assert_eq!(serde_json::from_str::<Compounding>(&json).unwrap(), c);
        let json = serde_json::to_string(&rate).unwrap();
        prop_assert_eq!(serde_json::from_str::<InterestRate>(&json).unwrap(), rate);
        let flat = FlatCurve::new(reference(), rate);
        let json = serde_json::to_string(&flat).unwrap();
        prop_assert_eq!(serde_json::from_str::<FlatCurve>(&json).unwrap(), flat);
        let json = serde_json::to_string(&zero).unwrap();
        prop_assert_eq!(serde_json::from_str::<ZeroCurve>(&json).unwrap(), zero);
        let json = serde_json::to_string(&dfs).unwrap();
        prop_assert_eq!(serde_json::from_str::<DiscountFactorCurve>(&json).unwrap(), dfs);
        // Display and FromStr agree for compounding.
        prop_assert_eq!(c.to_string().parse::<Compounding>().unwrap(), c);
    }
}

/// A steep last segment (the quarterly zero rate from −2.8542% to
/// 29.1033% in 16 days) extrapolated flat-forward for 4,388 days: both
/// discount factors are in `f64` but their ratio is not, and the forward
/// still is. Hand computation (mpmath, 30 digits; Act/Act ISDA from
/// 2026-01-01): T = 8 + 119/365, T₀ = 8 + 103/365; continuous zeros
/// z(T) = 4·ln(1 + 0.291033/4) = 0.2809325415, z(T₀) = 4·ln(1 − 0.028542/4)
/// = −0.0286443177; slope (z(T) − z(T₀))/(16/365) = 7.0622221013; the
/// forward f = z(T) + T·slope = 59.0811872427. (Found by
/// `zero_curve_extrapolation`, which had failed on it.)
#[test]
fn steep_flat_forward_whose_factor_ratio_leaves_f64() {
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let curve = ZeroCurve::new(
        reference(),
        vec![
            (d(2030, 3, 30), 0.0),
            (d(2033, 12, 24), 0.0),
            (d(2034, 4, 14), -0.028542),
            (d(2034, 4, 30), 0.291033),
        ],
        Compounding::Compounded { frequency: 4 },
        DayCount::ActualActualIsda,
    )
    .unwrap()
    .with_extrapolation(Extrapolation::FlatForward);
    let last = d(2034, 4, 30);
    let f = curve
        .forward_rate(last, after(last, 4388), Compounding::Continuous)
        .unwrap();
    assert!((f.rate() - 59.081_187_242_699_25).abs() <= 1e-7, "{}", f.rate());
}
