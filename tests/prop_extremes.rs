//! No panic on extreme input: plans, commitments, money, date schedules,
//! curves, valuation, affordability and return sharing driven with amounts
//! up to `Decimal::MAX` and with 28
//! decimal places, caps of one minor unit, counts at and past the
//! documented maxima, dates at the ends of chrono's range, rates near -100%,
//! huge, NaN or infinite. Each call must return a typed error or a correct
//! result (schedules that sum exactly to their amount, sorted positive
//! flows…); a panic fails the property (proptest reports it).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::{Days, NaiveDate};
use disburse::affordability::{
    Assessment, Capacity, Constraint, DebtProfile, Funding, FundingSource, FxPath, Stock, Thresholds,
};
use disburse::limits::{MAX_NOTICE_DAYS, MAX_PLAN_PAYMENTS};
use disburse::rates::{
    Compounding, DiscountCurve, DiscountFactorCurve, Extrapolation, FlatCurve, InterestRate, ZeroCurve,
};
use disburse::returns::{ProjectFlows, Split, Waterfall, share_returns};
use disburse::time::{
    BusinessDayConvention, Calendar, DateGeneration, DateSchedule, DayCount, MAX_SCHEDULE_DATES, Tenor, WeekendsOnly,
};
use disburse::valuation::{
    FirstPeriod, break_even_rate, duration, irr, level_payment, npv, present_value, present_value_whole_periods,
    pv_saving, xirr_columns, xnpv_columns,
};
use disburse::{
    AnnualCap, Call, CapitalCalls, CashFlow, Commitment, Currency, Error, Explicit, ExplicitFlow, Installments,
    Loading, Money, Plan, Quantity, Ramp, RampShape, Rounding, Schedule, Timing, Tranche, WeightsPlan, allocate,
};
use proptest::prelude::*;
use rust_decimal::Decimal;

// ----- strategies ---------------------------------------------------------

/// The largest mantissa a `Decimal` holds: 2^96 - 1.
const MAX_MANTISSA: i128 = (1 << 96) - 1;

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::USD),
        Just(Currency::JPY),
        Just(Currency::KRW),
        Just(Currency::new("XFN", 18).unwrap()),
    ]
}

/// Any decimal, weighted towards the extremes: `±Decimal::MAX`, 28 decimal
/// places, the smallest positive value, and ordinary cents.
fn decimal() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::MAX),
        Just(Decimal::MIN),
        Just(Decimal::ZERO),
        Just(Decimal::new(1, 28)),
        Just(Decimal::from_i128_with_scale(MAX_MANTISSA, 28)),
        (0..=MAX_MANTISSA, 0u32..=28, any::<bool>())
            .prop_map(|(m, s, neg)| Decimal::from_i128_with_scale(if neg { -m } else { m }, s)),
        (MAX_MANTISSA - 1_000..=MAX_MANTISSA, 0u32..=2).prop_map(|(m, s)| Decimal::from_i128_with_scale(m, s)),
        (1i64..1_000_000_000_000_000, 0u32..=2).prop_map(|(m, s)| Decimal::new(m, s)),
    ]
}

/// A positive decimal (plan amounts and caps are usually positive).
fn positive() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        3 => decimal().prop_map(|d| d.abs()).prop_filter("positive", |d| !d.is_zero()),
        1 => decimal(),
    ]
}

/// A cap: down to one minor unit (or less), up to `Decimal::MAX`.
fn cap() -> impl Strategy<Value = Decimal> {
    prop_oneof![
        Just(Decimal::new(1, 2)),
        Just(Decimal::new(1, 18)),
        Just(Decimal::ONE),
        Just(Decimal::new(1, 28)),
        positive(),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    let base = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    prop_oneof![
        Just(NaiveDate::MIN),
        Just(NaiveDate::MAX),
        (0u64..2_000).prop_map(|d| NaiveDate::MIN.checked_add_days(Days::new(d)).unwrap()),
        (0u64..2_000).prop_map(|d| NaiveDate::MAX.checked_sub_days(Days::new(d)).unwrap()),
        (0u64..400_000).prop_map(move |d| base.checked_add_days(Days::new(d)).unwrap()),
        (0u64..400_000).prop_map(move |d| base.checked_sub_days(Days::new(d)).unwrap()),
    ]
}

/// A signed number of days between two dates of a plan: up to 40 years
/// either way (longer spans only make schedules of millions of flows).
fn span() -> impl Strategy<Value = i64> {
    prop_oneof![Just(0i64), Just(1), Just(-1), -14_610i64..14_610]
}

/// `date` moved by `days`, clamped to chrono's range.
fn shift(date: NaiveDate, days: i64) -> NaiveDate {
    let moved = if days >= 0 {
        date.checked_add_days(Days::new(days.unsigned_abs()))
    } else {
        date.checked_sub_days(Days::new(days.unsigned_abs()))
    };
    moved.unwrap_or(if days >= 0 { NaiveDate::MAX } else { NaiveDate::MIN })
}

fn tenor() -> impl Strategy<Value = Tenor> {
    prop_oneof![
        Just(Tenor::years(1)),
        Just(Tenor::months(1)),
        Just(Tenor::months(3)),
        Just(Tenor::weeks(2)),
        Just(Tenor::days(1)),
        Just(Tenor::days(0)),
        Just(Tenor::years(u32::MAX)),
        Just(Tenor::days(u32::MAX)),
        (1u32..=1_000).prop_map(Tenor::years),
        (1u32..=100_000).prop_map(Tenor::months),
    ]
}

/// A payment count: small, or at and past the documented maximum.
fn count() -> impl Strategy<Value = u32> {
    let max = u32::try_from(MAX_SCHEDULE_DATES).unwrap();
    prop_oneof![
        6 => 0u32..40,
        1 => Just(MAX_PLAN_PAYMENTS + 1),
        1 => Just(max + 1),
        1 => Just(u32::MAX),
    ]
}

fn rate() -> impl Strategy<Value = f64> {
    prop_oneof![
        Just(f64::NAN),
        Just(f64::INFINITY),
        Just(f64::NEG_INFINITY),
        Just(-1.0),
        Just(-1.0 + f64::EPSILON),
        Just(-0.999_999_999),
        Just(0.0),
        Just(-0.0),
        Just(1e300),
        Just(f64::MAX),
        Just(f64::MIN),
        Just(f64::MIN_POSITIVE),
        -0.99f64..10.0,
    ]
}

fn calendar() -> impl Strategy<Value = Calendar> {
    prop_oneof![Just(Calendar::Null), Just(Calendar::from(WeekendsOnly))]
}

fn convention() -> impl Strategy<Value = BusinessDayConvention> {
    prop_oneof![
        Just(BusinessDayConvention::Unadjusted),
        Just(BusinessDayConvention::Following),
        Just(BusinessDayConvention::ModifiedFollowing),
        Just(BusinessDayConvention::Preceding),
        Just(BusinessDayConvention::ModifiedPreceding),
    ]
}

fn timing() -> impl Strategy<Value = Timing> {
    prop_oneof![Just(Timing::InAdvance), Just(Timing::InArrears)]
}

fn day_count() -> impl Strategy<Value = DayCount> {
    prop_oneof![
        Just(DayCount::Actual365Fixed),
        Just(DayCount::Actual360),
        Just(DayCount::Thirty360BondBasis),
        Just(DayCount::Thirty360Us),
        Just(DayCount::Thirty360European),
        Just(DayCount::ActualActualIsda),
    ]
}

fn compounding() -> impl Strategy<Value = Compounding> {
    prop_oneof![
        Just(Compounding::Simple),
        Just(Compounding::Continuous),
        Just(Compounding::ANNUAL),
        Just(Compounding::MONTHLY),
        Just(Compounding::Compounded { frequency: 0 }),
        Just(Compounding::Compounded { frequency: u32::MAX }),
    ]
}

/// Every kind of plan, with extreme parameters.
fn plan() -> BoxedStrategy<Plan> {
    let upfront = (date(), calendar(), convention())
        .prop_map(|(d, cal, conv)| {
            Plan::Upfront(disburse::Upfront {
                date: d,
                calendar: cal,
                convention: conv,
            })
        })
        .boxed();
    let installments = (
        date(),
        count(),
        tenor(),
        timing(),
        calendar(),
        convention(),
        any::<bool>(),
    )
        .prop_map(|(start, n, t, timing, cal, conv, eom)| {
            Plan::Installments(
                Installments::count(start, n, t)
                    .timing(timing)
                    .adjusted(cal, conv)
                    .end_of_month(eom),
            )
        })
        .boxed();
    let until = (date(), span(), tenor(), timing(), calendar(), convention())
        .prop_map(|(start, span, t, timing, cal, conv)| {
            let end = shift(start, span);
            Plan::Installments(Installments::until(start, end, t).timing(timing).adjusted(cal, conv))
        })
        .boxed();
    let annual_cap = (date(), cap(), tenor(), 1u32..=12, calendar(), convention())
        .prop_map(|(start, c, t, month, cal, conv)| {
            let year = disburse::FiscalYear::new(month, disburse::FiscalYearLabel::StartYear).unwrap();
            Plan::AnnualCap(AnnualCap::new(start, c).tenor(t).fiscal_year(year).adjusted(cal, conv))
        })
        .boxed();
    let shape = prop_oneof![
        Just(RampShape::Linear),
        decimal().prop_map(|ratio| RampShape::Geometric { ratio }),
        Just(RampShape::Geometric { ratio: Decimal::ONE }),
        Just(RampShape::Geometric { ratio: Decimal::TWO }),
    ];
    let loading = prop_oneof![Just(Loading::Front), Just(Loading::Back)];
    let ramp = (date(), count(), tenor(), loading, shape)
        .prop_map(|(start, n, t, l, s)| Plan::Ramp(Ramp::new(start, n, t, l, s)))
        .boxed();
    let weights = (date(), tenor(), prop::collection::vec(decimal(), 0..8))
        .prop_map(|(start, t, w)| Plan::Weights(WeightsPlan::new(start, t, w)))
        .boxed();
    let explicit = prop::collection::vec((date(), positive()), 0..6)
        .prop_map(|flows| {
            Plan::Explicit(Explicit::new(
                flows
                    .into_iter()
                    .map(|(date, amount)| ExplicitFlow { date, amount })
                    .collect(),
            ))
        })
        .boxed();
    let calls = (
        prop::collection::vec((date(), positive()), 0..6),
        prop_oneof![Just(0u32), Just(10u32), Just(u32::MAX)],
        calendar(),
        proptest::option::of(cap()),
    )
        .prop_map(|(calls, notice, cal, annual_cap)| {
            let calls = calls
                .into_iter()
                .map(|(notice, amount)| Call { notice, amount })
                .collect();
            let mut c = CapitalCalls::new(calls, notice, cal);
            c.annual_cap = annual_cap;
            Plan::CapitalCalls(c)
        })
        .boxed();
    prop_oneof![upfront, installments, until, annual_cap, ramp, weights, explicit, calls].boxed()
}

// ----- checks -------------------------------------------------------------

/// A typed error's message is one non-empty line.
fn check_error(e: &Error) -> Result<(), TestCaseError> {
    let message = e.to_string();
    prop_assert!(!message.is_empty() && !message.contains('\n'), "{message:?}");
    Ok(())
}

/// A schedule that pays `amount`: sorted distinct dates (within a tranche:
/// two tranches may pay on the same day), positive flows in whole minor
/// units of its currency, summing exactly to `amount`.
fn check_pays(s: &Schedule, amount: Money) -> Result<(), TestCaseError> {
    prop_assert_eq!(s.currency(), amount.currency());
    let flows: Vec<&CashFlow> = s.iter().collect();
    prop_assert!(flows.windows(2).all(|w| w[0].date <= w[1].date), "dates not in order");
    let mut by_tranche: std::collections::HashMap<&str, Vec<chrono::NaiveDate>> = std::collections::HashMap::new();
    for f in &flows {
        by_tranche.entry(f.tranche.as_ref()).or_default().push(f.date);
    }
    for dates in by_tranche.values() {
        prop_assert!(
            dates.windows(2).all(|w| w[0] < w[1]),
            "a tranche's dates not increasing"
        );
    }
    prop_assert!(
        flows
            .iter()
            .all(|f| f.amount.is_positive() && f.amount.is_whole_minor())
    );
    prop_assert_eq!(exact_sum(flows.iter().map(|f| f.amount)), carry(split(amount.amount())));
    Ok(())
}

/// The exact sum of `amounts` as (integer part, fraction in 1e-28), where a
/// `Decimal` sum would overflow or round.
fn exact_sum(amounts: impl Iterator<Item = Money>) -> (i128, i128) {
    carry(amounts.fold((0i128, 0i128), |(i, f), m| {
        let (mi, mf) = split(m.amount());
        (i + mi, f + mf)
    }))
}

/// `d` as (integer part, fraction in units of 1e-28), both exact in `i128`.
fn split(d: Decimal) -> (i128, i128) {
    let int = d.trunc();
    let frac = d - int;
    let units = frac.mantissa() * 10i128.pow(28 - frac.scale());
    (int.mantissa() / 10i128.pow(int.scale()), units)
}

/// An (integer, fraction) sum in canonical form: the fraction in [0, 1e28).
fn carry((int, frac): (i128, i128)) -> (i128, i128) {
    let one = 10i128.pow(28);
    (int + frac.div_euclid(one), frac.rem_euclid(one))
}

fn check_schedule(r: disburse::Result<Schedule>, amount: Money) -> Result<(), TestCaseError> {
    match r {
        Ok(s) => check_pays(&s, amount),
        Err(e) => check_error(&e),
    }
}

/// Schedules of up to `n` flows on extreme dates with extreme amounts.
fn schedule(n: usize) -> impl Strategy<Value = Schedule> {
    (currency(), prop::collection::vec((date(), decimal()), 0..n)).prop_map(|(c, flows)| {
        let flows = flows
            .into_iter()
            .map(|(d, a)| CashFlow::new(d, Money::new(a, c), "x"))
            .collect();
        // Merging equal dates may overflow: that is a typed error too.
        Schedule::new(c, flows).unwrap_or_else(|_| Schedule::empty(c))
    })
}

/// One of the crate's curves.
#[derive(Debug, Clone)]
enum AnyCurve {
    Flat(FlatCurve),
    Zero(ZeroCurve),
    Factors(DiscountFactorCurve),
}

impl AnyCurve {
    fn get(&self) -> &dyn DiscountCurve {
        match self {
            AnyCurve::Flat(c) => c,
            AnyCurve::Zero(c) => c,
            AnyCurve::Factors(c) => c,
        }
    }
}

fn pillars() -> impl Strategy<Value = Vec<(NaiveDate, f64)>> {
    prop::collection::vec((date(), rate()), 0..4)
}

fn extrapolation() -> impl Strategy<Value = Extrapolation> {
    prop_oneof![Just(Extrapolation::Flat), Just(Extrapolation::None)]
}

fn curve() -> impl Strategy<Value = AnyCurve> {
    let flat = (date(), rate(), compounding(), day_count()).prop_filter_map("valid rate", |(d, r, c, dc)| {
        InterestRate::new(r, c, dc)
            .ok()
            .map(|rate| AnyCurve::Flat(FlatCurve::new(d, rate)))
    });
    let zero = (date(), pillars(), compounding(), day_count(), extrapolation()).prop_filter_map(
        "valid curve",
        |(d, p, c, dc, x)| {
            ZeroCurve::new(d, p, c, dc)
                .ok()
                .map(|z| AnyCurve::Zero(z.with_extrapolation(x)))
        },
    );
    let factors = (date(), pillars(), day_count(), extrapolation()).prop_filter_map("valid curve", |(d, p, dc, x)| {
        DiscountFactorCurve::new(d, p, dc)
            .ok()
            .map(|z| AnyCurve::Factors(z.with_extrapolation(x)))
    });
    prop_oneof![flat, zero, factors]
}

// ----- properties ---------------------------------------------------------

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// Every plan kind pays an extreme amount exactly, or says why not.
    #[test]
    fn plans_pay_exactly_or_fail_typed(plan in plan(), amount in positive(), c in currency()) {
        let amount = Money::new(amount, c);
        check_schedule(plan.schedule(amount, "t"), amount)?;
        // Display never panics either.
        let _ = plan.to_string();
    }

    /// A commitment of extreme tranches: either invalid (typed) or its
    /// schedule pays the headline exactly.
    #[test]
    fn commitments_pay_the_headline_or_fail_typed(
        tranches in prop::collection::vec((positive(), plan()), 1..4),
        c in currency(),
        extra in decimal(),
    ) {
        let tranches: Vec<Tranche> = tranches
            .into_iter()
            .enumerate()
            .map(|(i, (a, p))| Tranche::new(format!("t{i}"), Money::new(a, c), p))
            .collect();
        let sum = Money::checked_sum(tranches.iter().map(|t| t.amount), c);
        for headline in [sum.ok(), Some(Money::new(extra, c))].into_iter().flatten() {
            match Commitment::new("c", headline, tranches.clone()) {
                Ok(commitment) => check_schedule(commitment.schedule(), headline)?,
                Err(e) => check_error(&e)?,
            }
        }
    }

    /// Checked money arithmetic agrees with `Decimal`'s checked arithmetic
    /// and never panics; rounding, display and conversions neither.
    #[test]
    fn money_operations(a in decimal(), b in decimal(), c in currency(), n in 0usize..50) {
        let (x, y) = (Money::new(a, c), Money::new(b, c));
        // Sums and differences are exact or errors: `Decimal` alone would
        // round MAX + 1e-28 to MAX.
        let exact = |r: Decimal, (bi, bf): (i128, i128)| {
            let (ai, af) = split(a);
            carry((ai + bi, af + bf)) == carry(split(r))
        };
        let neg = |(i, f): (i128, i128)| (-i, -f);
        match x.checked_add(y) {
            Ok(s) => prop_assert!(exact(s.amount(), split(b)), "{a} + {b} = {s:?}"),
            Err(e) => {
                prop_assert!(a.checked_add(b).is_none_or(|s| !exact(s, split(b))), "{a} + {b}");
                check_error(&e)?;
            }
        }
        match x.checked_sub(y) {
            Ok(s) => prop_assert!(exact(s.amount(), neg(split(b))), "{a} - {b} = {s:?}"),
            Err(e) => {
                prop_assert!(a.checked_sub(b).is_none_or(|s| !exact(s, neg(split(b)))), "{a} - {b}");
                check_error(&e)?;
            }
        }
        match x.checked_mul(b) {
            Ok(p) => prop_assert_eq!(Some(p.amount()), a.checked_mul(b)),
            Err(e) => check_error(&e)?,
        }
        match x.checked_div(b) {
            Ok(q) => prop_assert_eq!(Some(q.amount()), a.checked_div(b)),
            Err(e) => check_error(&e)?,
        }
        for r in [
            Rounding::HalfEven, Rounding::HalfUp, Rounding::HalfDown, Rounding::Down,
            Rounding::Up, Rounding::Floor, Rounding::Ceiling,
        ] {
            let rounded = x.round_to_minor(r);
            prop_assert!(rounded.is_whole_minor(), "{rounded:?}");
        }
        let _ = (x.to_string(), x.compact().to_string(), format!("{x:.28}"), format!("{:.0}", x.compact()));
        match x.to_minor_units() {
            // Back from minor units unless the scaled mantissa overflows.
            Ok(units) => match Money::from_minor(units, c) {
                Ok(back) => prop_assert_eq!(back, x),
                Err(e) => check_error(&e)?,
            },
            Err(e) => check_error(&e)?,
        }
        match x.split_evenly(n) {
            Ok(parts) => {
                prop_assert_eq!(parts.len(), n);
                prop_assert_eq!(exact_sum(parts.into_iter()), carry(split(a)));
            }
            Err(e) => check_error(&e)?,
        }
        let _ = Money::from_minor(i128::MAX, c);
        let _ = Money::from_minor(i128::MIN, c);
    }

    /// Allocation over extreme weights sums exactly or fails typed.
    #[test]
    fn allocation(total in decimal(), c in currency(), weights in prop::collection::vec(decimal(), 0..8)) {
        let total = Money::new(total, c);
        match allocate(total, &weights) {
            Ok(parts) => {
                prop_assert_eq!(parts.len(), weights.len());
                prop_assert_eq!(exact_sum(parts.into_iter()), carry(split(total.amount())));
            }
            Err(e) => check_error(&e)?,
        }
    }

    /// Date schedules at the ends of chrono's range.
    #[test]
    fn date_schedules(
        effective in date(), span in span(), t in tenor(), cal in calendar(),
        conv in convention(), term_conv in convention(), eom in any::<bool>(),
        rule in prop_oneof![Just(DateGeneration::Forward), Just(DateGeneration::Backward), Just(DateGeneration::Zero)],
        first in proptest::option::of(date()), next_to_last in proptest::option::of(date()),
    ) {
        let termination = shift(effective, span);
        let mut b = DateSchedule::builder(effective, termination, t)
            .calendar(&cal)
            .convention(conv)
            .termination_convention(term_conv)
            .rule(rule)
            .end_of_month(eom);
        if let Some(d) = first {
            b = b.first_date(d);
        }
        if let Some(d) = next_to_last {
            b = b.next_to_last_date(d);
        }
        match b.build() {
            Ok(s) => {
                let dates = s.dates();
                prop_assert!(dates.len() >= 2 && dates.len() <= MAX_SCHEDULE_DATES);
                prop_assert!(dates.windows(2).all(|w| w[0] < w[1]), "{dates:?}");
            }
            Err(e) => check_error(&e)?,
        }
        for times in [1, -1, i64::MAX, i64::MIN] {
            if let Err(e) = t.add_to(effective, times) {
                check_error(&e)?;
            }
        }
    }

    /// Dated valuation with extreme dates, amounts and rates.
    #[test]
    fn dated_valuation(r in rate(), flows in prop::collection::vec((date(), decimal()), 0..6)) {
        let dates: Vec<NaiveDate> = flows.iter().map(|f| f.0).collect();
        let amounts: Vec<Decimal> = flows.iter().map(|f| f.1).collect();
        match xnpv_columns(r, &dates, &amounts) {
            Ok(v) => {
                if r == 0.0 {
                    // Exact at a rate of zero.
                    let sum = amounts.iter().try_fold(Decimal::ZERO, |s, a| s.checked_add(*a));
                    prop_assert_eq!(Some(v), sum);
                }
            }
            Err(e) => check_error(&e)?,
        }
        match xirr_columns(&dates, &amounts) {
            Ok(roots) => prop_assert!(roots.roots().iter().all(|x| x.is_finite() && *x > -1.0), "{roots:?}"),
            Err(e) => check_error(&e)?,
        }
        // A mismatched pair of slices is an error, not a panic.
        if let Err(e) = xnpv_columns(r, &dates, &amounts[..amounts.len().saturating_sub(1)]) {
            check_error(&e)?;
        }
    }

    /// Periodic valuation with extreme amounts and rates.
    #[test]
    fn periodic_valuation(r in rate(), amounts in prop::collection::vec(decimal(), 0..8)) {
        for first in [FirstPeriod::Zero, FirstPeriod::One] {
            match npv(r, &amounts, first) {
                Ok(v) => {
                    if r == 0.0 {
                        let sum = amounts.iter().try_fold(Decimal::ZERO, |s, a| s.checked_add(*a));
                        prop_assert_eq!(Some(v), sum);
                    }
                }
                Err(e) => check_error(&e)?,
            }
        }
        match irr(&amounts) {
            Ok(roots) => prop_assert!(roots.roots().iter().all(|x| x.is_finite() && *x > -1.0), "{roots:?}"),
            Err(e) => check_error(&e)?,
        }
    }

    /// Present values, savings, break-even rates and durations of extreme
    /// schedules on extreme curves.
    #[test]
    fn curves_and_measures(
        a in schedule(5), b in schedule(5), curve in curve(), r in rate(), t in tenor(),
        d in date(), periods in prop_oneof![Just(0u32), 1u32..400, Just(u32::MAX)], timing in timing(),
        dc in day_count(), c in compounding(),
    ) {
        let curve = curve.get();
        for result in [present_value(&a, curve), pv_saving(&a, &b, curve)] {
            if let Err(e) = result {
                check_error(&e)?;
            }
        }
        for date in [d, NaiveDate::MIN, NaiveDate::MAX, curve.reference_date()] {
            match curve.discount_factor(date) {
                Ok(df) => prop_assert!(df.is_finite() && df > 0.0, "{df}"),
                Err(e) => check_error(&e)?,
            }
            for result in [curve.zero_rate(date, c), curve.forward_rate(curve.reference_date(), date, c)] {
                if let Err(e) = result {
                    check_error(&e)?;
                }
            }
        }
        match break_even_rate(&a, &b) {
            Ok(roots) => prop_assert!(roots.roots().iter().all(|x| x.is_finite() && *x > -1.0), "{roots:?}"),
            Err(e) => check_error(&e)?,
        }
        if let Err(e) = present_value_whole_periods(&a, r, d, t) {
            check_error(&e)?;
        }
        let pv = a.iter().next().map_or(Money::zero(a.currency()), |f| f.amount);
        if let Err(e) = level_payment(pv, r, periods, timing) {
            check_error(&e)?;
        }
        if let Ok(rate) = InterestRate::new(r, c, dc) {
            if let Err(e) = duration(&a, &rate, d) {
                check_error(&e)?;
            }
            for years in [0.0, 1e-300, 1.0, 1e300, f64::NAN, -1.0] {
                for result in [rate.compound_factor_for(years), rate.discount_factor_for(years)] {
                    match result {
                        Ok(f) => prop_assert!(f.is_finite() && f > 0.0, "{f}"),
                        Err(e) => check_error(&e)?,
                    }
                }
            }
            for (from, to) in [(d, NaiveDate::MAX), (NaiveDate::MIN, d), (NaiveDate::MIN, NaiveDate::MAX)] {
                if let Err(e) = rate.discount_factor(from, to) {
                    check_error(&e)?;
                }
            }
        }
    }
}

/// Mostly an ordinary rate, sometimes an extreme one.
fn mild_rate() -> BoxedStrategy<f64> {
    prop_oneof![6 => -0.5f64..0.5, 1 => rate()].boxed()
}

/// Mostly an ordinary non-negative amount, sometimes an extreme decimal.
fn mild_amount() -> BoxedStrategy<Decimal> {
    prop_oneof![3 => (0i64..1_000_000_000_000_000).prop_map(|c| Decimal::new(c, 2)), 1 => decimal()].boxed()
}

fn year() -> impl Strategy<Value = i32> {
    prop_oneof![
        Just(i32::MIN),
        Just(i32::MAX),
        Just(-262_143),
        Just(262_142),
        1_900i32..2_200
    ]
}

fn constraint() -> impl Strategy<Value = Constraint> {
    let share = prop_oneof![3 => 0.01f64..1.0, 1 => rate()];
    prop_oneof![
        2 => mild_amount().prop_map(|a| Constraint::fixed_cap("cap", a)),
        1 => (year(), mild_amount(), mild_rate(), share)
            .prop_map(|(y, a, g, s)| Constraint::share_of_flow("flow", y, a, g, s)),
        1 => (year(), mild_amount(), mild_rate(), mild_amount(), mild_amount()).prop_map(|(y, l, r, f, i)| {
            Constraint::Stock(Stock::new("stock", y, l, r).with_floor(f.min(l)).with_inflows(i))
        }),
    ]
}

fn funding_source() -> impl Strategy<Value = FundingSource> {
    prop_oneof![
        Just(FundingSource::StockIncome),
        Just(FundingSource::StockPrincipal),
        mild_rate().prop_map(FundingSource::borrowing),
        (mild_rate(), proptest::option::of(mild_amount())).prop_map(|(coupon, limit_per_year)| {
            FundingSource::Borrowing {
                coupon,
                limit_per_year,
                currency: None,
                tenor: 10,
                profile: DebtProfile::Bullet,
            }
        }),
        mild_amount().prop_map(|amount_per_year| FundingSource::Budget { amount_per_year }),
    ]
}

fn fx_path() -> impl Strategy<Value = Option<FxPath>> {
    let base = Currency::USD;
    prop_oneof![
        Just(None),
        (currency(), mild_amount()).prop_map(move |(q, r)| FxPath::flat(base, q, r).ok()),
        (currency(), year(), prop::collection::vec(mild_amount(), 0..4))
            .prop_map(move |(q, y, r)| FxPath::series(base, q, y, r).ok()),
        (
            currency(),
            year(),
            mild_amount(),
            prop_oneof![3 => (-50i64..50).prop_map(|p| Decimal::new(p, 2)), 1 => decimal()]
        )
            .prop_map(move |(q, y, r, c)| FxPath::drift(base, q, y, r, c).ok()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    /// Affordability and return sharing of an extreme plan against extreme
    /// capacities, FX paths, funding and splits: typed errors or reports.
    #[test]
    fn affordability_and_returns(
        (plan, amount) in (
            prop_oneof![
                3 => (
                    prop_oneof![3 => (0u64..36_500).prop_map(|d| jan1().checked_add_days(Days::new(d)).unwrap()), 1 => date()],
                    1u32..40,
                    prop_oneof![Just(Tenor::years(1)), Just(Tenor::months(1))],
                )
                    .prop_map(|(start, n, t)| Plan::installments(start, n, t)),
                1 => plan(),
            ],
            prop_oneof![
                positive().prop_map(|d| d.trunc().max(Decimal::ONE)),
                (1i64..1_000_000_000_000_000).prop_map(|c| Decimal::new(c, 2)),
            ],
        ).boxed(),
        (capacity_currency, constraints, month, fx) in (
            prop_oneof![2 => Just(Currency::USD), 1 => currency()],
            prop::collection::vec(constraint(), 1..3).prop_map(|mut v| {
                // Names must differ; a duplicate is its own error.
                for (i, c) in v.iter_mut().enumerate() {
                    match c {
                        Constraint::FixedCap { name, .. } | Constraint::ShareOfFlow { name, .. } => {
                            name.push_str(&i.to_string());
                        }
                        _ => {}
                    }
                }
                v
            }),
            1u32..=12,
            fx_path(),
        ).boxed(),
        (sources, discount, service_years, strained) in (
            prop::collection::vec(funding_source(), 0..3), mild_rate(),
            prop_oneof![Just(0u32), 1u32..5, Just(u32::MAX)], prop_oneof![3 => 0.1f64..1.0, 1 => rate()],
        ).boxed(),
        (yield_rate, years, shares, deemed, review) in (
            mild_rate(), prop_oneof![Just(0u32), 1u32..30, Just(1_000), Just(u32::MAX)],
            prop_oneof![
                3 => (0i64..=100, 0i64..=100).prop_map(|(a, b)| {
                    let (a, b) = (Decimal::from(a), Decimal::from(b));
                    (a, Decimal::ONE_HUNDRED - a, b, Decimal::ONE_HUNDRED - b)
                }),
                1 => (decimal(), decimal(), decimal(), decimal()),
            ],
            mild_rate(),
            proptest::option::of(prop_oneof![Just(0u32), 1u32..10, Just(u32::MAX)]),
        ).boxed(),
    ) {
        let Ok(outlays) = plan.schedule(Money::new(amount, Currency::USD), "t") else {
            return Ok(());
        };
        let year = disburse::FiscalYear::new(month, disburse::FiscalYearLabel::StartYear).unwrap();
        let capacity = Capacity::new(capacity_currency, year, constraints);
        let funding = Funding::new(sources, discount).and_then(|f| f.with_service_years(service_years));
        let thresholds = Thresholds::new(strained);
        match (capacity, funding, thresholds) {
            (Ok(c), Ok(f), Ok(t)) => match Assessment::new(c).fx(fx).funding(f).thresholds(t).assess(&outlays) {
                Ok(report) => {
                    let _ = report.to_string();
                }
                Err(e) => check_error(&e)?,
            },
            (c, f, t) => {
                for e in [c.err(), f.err(), t.err()].into_iter().flatten() {
                    check_error(&e)?;
                }
            }
        }
        let project = ProjectFlows::yield_on_capital(yield_rate, years);
        let split = |a, b| Split::new(a, b).or_else(|_| Split::from_percent(a, b));
        let waterfall = match (split(shares.0, shares.1), split(shares.2, shares.3)) {
            (Ok(before), Ok(after)) => Waterfall::new(before, after, deemed, review),
            (Err(e), _) | (_, Err(e)) => Err(e),
        };
        match (project, waterfall) {
            (Ok(p), Ok(w)) => match share_returns(&outlays, &p, &w) {
                Ok(result) => {
                    let _ = result.to_string();
                    for r in [0.0, 0.05, -0.5, yield_rate] {
                        if let Err(e) = result.net_pv(r) {
                            check_error(&e)?;
                        }
                    }
                }
                Err(e) => check_error(&e)?,
            },
            (p, w) => {
                for e in [p.err(), w.err()].into_iter().flatten() {
                    check_error(&e)?;
                }
            }
        }
    }
}

// ----- regressions ----------------------------------------------------------

fn jan1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

/// `Decimal::MAX` cents at a cap of one cent used to panic dividing the
/// amount by the cap ("Division overflowed"); now the cap is too small.
#[test]
fn huge_amount_tiny_cap_is_cap_too_small() {
    let amount = Money::new(Decimal::MAX, Currency::USD);
    for plan in [
        Plan::annual_cap(jan1(), Decimal::new(1, 2)),
        Plan::CapitalCalls(CapitalCalls {
            annual_cap: Some(Decimal::new(1, 2)),
            ..CapitalCalls::new(
                vec![Call {
                    notice: jan1(),
                    amount: Decimal::MAX,
                }],
                10,
                Calendar::Null,
            )
        }),
    ] {
        let err = plan.schedule(amount, "t").unwrap_err();
        assert!(matches!(err, Error::CapTooSmall { .. }), "{err}");
        assert_eq!(
            err.to_string(),
            "cap USD 0.01 per year cannot pay USD 79,228,162,514,264,337,593,543,950,335.00 within 1000 years"
        );
    }
}

/// Counts past the plan limit used to allocate their weights or dates
/// first (a linear ramp of `u32::MAX` payments needs 64 GiB; 95M daily
/// installments took 33 s and 6.7 GB); now they are out of range at once,
/// counted before anything is generated.
#[test]
fn counts_past_the_maximum_are_out_of_range() {
    let amount = Money::new(Decimal::ONE_HUNDRED, Currency::USD);
    let max = MAX_PLAN_PAYMENTS;
    for n in [max + 1, 95_000_000, u32::MAX] {
        for plan in [
            Plan::installments(jan1(), n, Tenor::days(1)),
            Plan::Ramp(Ramp::new(jan1(), n, Tenor::days(1), Loading::Back, RampShape::Linear)),
            Plan::Ramp(Ramp::new(
                jan1(),
                n,
                Tenor::days(1),
                Loading::Front,
                RampShape::Geometric { ratio: Decimal::ONE },
            )),
        ] {
            let err = plan.schedule(amount, "t").unwrap_err();
            assert!(matches!(err, Error::OutOfRange { .. }), "{err}");
            assert_eq!(
                err.to_string(),
                format!("payment count is out of range: must be at most 100000, got {n}"),
                "{plan}"
            );
        }
        let ramp = Ramp::new(jan1(), n, Tenor::days(1), Loading::Back, RampShape::Linear);
        assert!(matches!(ramp.weights(), Err(Error::OutOfRange { .. })));
    }
    // At the maximum itself the plan is generated.
    let s = Plan::installments(jan1(), max, Tenor::days(1))
        .schedule(amount, "t")
        .unwrap();
    assert_eq!(s.len(), 10_000); // 100 USD is 10,000 cents: the other parts are zero
    // Installments until an end date are counted from the dates: 3.65M
    // daily payments from year 1 to 9999 used to be generated.
    let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    let until = Plan::Installments(Installments::until(d(1, 1, 1), d(9999, 12, 31), Tenor::days(1)));
    assert_eq!(until.payment_count(amount).unwrap(), 3_652_058);
    assert_eq!(
        until.schedule(amount, "t").unwrap_err().to_string(),
        "payment count is out of range: must be at most 100000, got 3652058"
    );
}

/// `split_evenly(usize::MAX)` grew its vector until the process aborted.
#[test]
fn splitting_into_too_many_parts_is_out_of_range() {
    let m = Money::new(Decimal::ONE_HUNDRED, Currency::USD);
    for n in [MAX_SCHEDULE_DATES + 1, usize::MAX] {
        let err = m.split_evenly(n).unwrap_err();
        assert!(
            matches!(
                err,
                Error::OutOfRange {
                    what: Quantity::Parts,
                    ..
                }
            ),
            "{err}"
        );
    }
    assert_eq!(m.split_evenly(3).unwrap().len(), 3);
}

/// A notice of 60 million business days took 0.6 s a call, advanced one
/// day at a time; now notice periods are at most `MAX_NOTICE_DAYS`.
#[test]
fn notice_past_the_maximum_is_out_of_range() {
    let calls: Vec<Call> = (0..100)
        .map(|_| Call {
            notice: jan1(),
            amount: Decimal::ONE,
        })
        .collect();
    let amount = Money::new(Decimal::ONE_HUNDRED, Currency::USD);
    let long = CapitalCalls::new(calls.clone(), 60_000_000, Calendar::WeekendsOnly);
    let err = Plan::CapitalCalls(long.clone()).schedule(amount, "t").unwrap_err();
    assert_eq!(
        err.to_string(),
        "notice days is out of range: must be at most 3650, got 60000000"
    );
    assert!(matches!(long.due_date(jan1()), Err(Error::OutOfRange { .. })));
    let max = CapitalCalls::new(calls, MAX_NOTICE_DAYS, Calendar::WeekendsOnly);
    let s = Plan::CapitalCalls(max).schedule(amount, "t").unwrap();
    // 3,650 business days after Thursday 2026-01-01: 730 weeks later.
    assert_eq!(s.first_date(), NaiveDate::from_ymd_opt(2039, 12, 29));
}

/// Adding `i64::MAX` months overflowed the month index (a panic in debug
/// builds, a wrong date in release).
#[test]
fn adding_huge_tenors_is_out_of_range() {
    for (tenor, times) in [
        (Tenor::months(1), i64::MAX),
        (Tenor::months(1), i64::MIN),
        (Tenor::years(1), i64::MAX / 12 + 1),
        (Tenor::years(u32::MAX), i64::MAX / i64::from(u32::MAX)),
        (Tenor::weeks(u32::MAX), i64::MAX),
    ] {
        let err = tenor.add_to(jan1(), times).unwrap_err();
        assert!(matches!(err, Error::DateOutOfRange { .. }), "{tenor} x {times}: {err}");
    }
}
