//! Affordability solvers: answers are feasible and minimal / maximal, and
//! every bad input is a typed error.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::NaiveDate;
use disburse::affordability::{
    Assessment, Capacity, Constraint, DEFAULT_SHARE_STEP, DebtProfile, Funding, FundingSource, Stock, Verdict,
    largest_headline, largest_upfront_share, shortest_tenor,
};
use disburse::time::{Frequency, Tenor};
use disburse::{
    CashFlow, Currency, Error, FiscalYear, Installments, Money, Plan, Quantity, Rounding, Schedule, Timing,
};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn jan1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn fixed(cap: Decimal) -> Capacity {
    Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", cap)],
    )
    .unwrap()
}

/// A fixed cap, optionally with a stock funded first from its income, then
/// from borrowing (limited or not, with interest), then its principal.
fn setup(cap: u32, stock: Option<(u32, u32)>, coupon_bp: u32, limit: Option<u32>) -> (Capacity, Funding) {
    let mut cs = vec![Constraint::fixed_cap("cap", Decimal::from(cap))];
    let mut sources = vec![];
    if let Some((level, floor)) = stock {
        let level = Decimal::from(level);
        let floor = Decimal::from(floor).min(level);
        cs.push(Constraint::Stock(
            Stock::new("reserves", 2026, level, 0.03).with_floor(floor),
        ));
        sources.push(FundingSource::StockIncome);
    }
    sources.push(FundingSource::Borrowing {
        coupon: f64::from(coupon_bp) / 10_000.0,
        limit_per_year: limit.map(Decimal::from),
        currency: None,
        tenor: 10,
        profile: DebtProfile::Bullet,
    });
    if stock.is_some() {
        sources.push(FundingSource::StockPrincipal);
    }
    (
        Capacity::new(Currency::USD, FiscalYear::CALENDAR, cs).unwrap(),
        Funding::new(sources, 0.04).unwrap(),
    )
}

/// The schedule `largest_upfront_share` builds for `share`.
fn share_schedule(amount: Money, years: u32, share: Decimal) -> Schedule {
    let upfront = amount.checked_mul(share).unwrap().round_to_minor(Rounding::HalfEven);
    let rest = amount.checked_sub(upfront).unwrap();
    let mut s = Schedule::empty(Currency::USD);
    if upfront.is_positive() {
        s = Schedule::new(Currency::USD, vec![CashFlow::new(jan1(), upfront, "solve")]).unwrap();
    }
    if rest.is_positive() {
        let plan = Plan::Installments(Installments::count(jan1(), years, Tenor::years(1)).timing(Timing::InArrears));
        s = s.merge(&plan.schedule(rest, "solve").unwrap()).unwrap();
    }
    s
}

fn params() -> impl Strategy<Value = (u32, Option<(u32, u32)>, u32, Option<u32>)> {
    (
        10u32..200,
        prop::option::of((0u32..2_000, 0u32..500)),
        0u32..1_000,
        prop::option::of(0u32..100),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(48), ..ProptestConfig::default() })]

    #[test]
    fn shortest_tenor_is_feasible_and_minimal(
        (cap, stock, coupon, limit) in params(),
        amount in 1u32..3_000,
        quarterly in any::<bool>(),
    ) {
        let (c, f) = setup(cap, stock, coupon, limit);
        let test = Assessment::new(c.clone()).funding(f.clone());
        let tenor: Tenor = if quarterly { Frequency::Quarterly.into() } else { Frequency::Annual.into() };
        let amount = usd(Decimal::from(amount));
        match shortest_tenor(amount, jan1(), tenor, 40, &test, Verdict::Strained) {
            Ok(a) => {
                prop_assert!(a.report.summary.verdict != Verdict::Unaffordable);
                prop_assert!(a.report.summary.years_in_breach.is_empty());
                prop_assert_eq!(a.schedule.total().unwrap(), amount);
                for n in 1..a.periods {
                    let s = Plan::installments(jan1(), n, tenor).schedule(amount, "solve").unwrap();
                    prop_assert!((test.assess(&s).unwrap().summary.verdict == Verdict::Unaffordable), "{} of {} feasible", n, a.periods);
                }
            }
            Err(Error::Infeasible { .. }) => {
                for n in 1..=40 {
                    let s = Plan::installments(jan1(), n, tenor).schedule(amount, "solve").unwrap();
                    prop_assert!((test.assess(&s).unwrap().summary.verdict == Verdict::Unaffordable));
                }
            }
            Err(e) => prop_assert!(false, "{}", e),
        }
    }

    #[test]
    fn largest_share_is_feasible_and_maximal(
        (cap, stock, coupon, limit) in params(),
        amount in 1u32..2_000,
        years in 1u32..12,
        step_pct in prop::sample::select(vec![1u32, 5, 10, 25, 30, 100]),
    ) {
        let (c, f) = setup(cap, stock, coupon, limit);
        let test = Assessment::new(c.clone()).funding(f.clone());
        let amount = usd(Decimal::from(amount));
        let step = Decimal::new(i64::from(step_pct), 2);
        let grid: Vec<Decimal> = (0..=100 / step_pct).map(|k| step * Decimal::from(k)).collect();
        match largest_upfront_share(amount, jan1(), years, step, &test, Verdict::Strained) {
            Ok(a) => {
                prop_assert!(a.report.summary.verdict != Verdict::Unaffordable);
                prop_assert_eq!(&a.schedule, &share_schedule(amount, years, a.share));
                prop_assert!(grid.contains(&a.share));
                for s in grid.iter().filter(|s| **s > a.share) {
                    prop_assert!((test.assess(&share_schedule(amount, years, *s)).unwrap().summary.verdict == Verdict::Unaffordable), "{} feasible", s);
                }
            }
            Err(Error::Infeasible { .. }) => {
                for s in &grid {
                    prop_assert!((test.assess(&share_schedule(amount, years, *s)).unwrap().summary.verdict == Verdict::Unaffordable));
                }
            }
            Err(e) => prop_assert!(false, "{}", e),
        }
    }

    #[test]
    fn largest_headline_is_feasible_and_maximal(
        cap in 1u32..100,
        count in 1u32..15,
        lower in 1u32..50,
        span in 0u32..2_000,
        precision in 1u32..50,
        coupon in 0u32..500,
    ) {
        let (c, f) = setup(cap, None, coupon, Some(cap / 2));
        let test = Assessment::new(c.clone()).funding(f.clone());
        let plan = Plan::installments(jan1(), count, Frequency::Annual);
        let (lo, hi) = (usd(Decimal::from(lower)), usd(Decimal::from(lower + span)));
        let p = usd(Decimal::from(precision));
        match largest_headline(&plan, lo, hi, p, &test, Verdict::Strained) {
            Ok(a) => {
                prop_assert!(a.report.summary.verdict != Verdict::Unaffordable);
                prop_assert!(a.headline >= lo && a.headline <= hi);
                prop_assert_eq!(a.schedule.total().unwrap(), a.headline);
                let above = a.headline.checked_add(p).unwrap();
                if above <= hi {
                    let s = plan.schedule(above, "solve").unwrap();
                    prop_assert!((test.assess(&s).unwrap().summary.verdict == Verdict::Unaffordable), "{} feasible", above);
                }
                match a.infeasible_above {
                    Some(x) => {
                        prop_assert!(x > a.headline && x.checked_sub(a.headline).unwrap() <= p);
                        prop_assert!((test.assess(&plan.schedule(x, "solve").unwrap()).unwrap().summary.verdict == Verdict::Unaffordable));
                    }
                    None => prop_assert_eq!(a.headline, hi),
                }
            }
            Err(Error::Infeasible { .. }) => {
                prop_assert!((test.assess(&plan.schedule(lo, "solve").unwrap()).unwrap().summary.verdict == Verdict::Unaffordable));
            }
            Err(e) => prop_assert!(false, "{}", e),
        }
    }
}

#[test]
fn hand_checked_answers() {
    let f = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0).unwrap();
    let (c20, c25) = (fixed(dec!(20e9)), fixed(dec!(25e9)));
    let t20 = Assessment::new(c20.clone()).funding(f.clone());
    let t25 = Assessment::new(c25.clone()).funding(f.clone());
    let a = shortest_tenor(
        usd(dec!(350e9)),
        jan1(),
        Frequency::Annual,
        100,
        &t20,
        Verdict::Strained,
    )
    .unwrap();
    assert_eq!(a.periods, 18);
    assert_eq!(a.report.summary.verdict, Verdict::Strained);
    assert_eq!(
        shortest_tenor(
            usd(dec!(350e9)),
            jan1(),
            Frequency::Annual,
            100,
            &t25,
            Verdict::Strained
        )
        .unwrap()
        .periods,
        14
    );
    let plan = Plan::installments(jan1(), 10, Frequency::Annual);
    let h = largest_headline(
        &plan,
        usd(dec!(1e9)),
        usd(dec!(1000e9)),
        usd(dec!(0.01)),
        &t20,
        Verdict::Strained,
    )
    .unwrap();
    assert_eq!(h.headline, usd(dec!(200e9)));
    assert_eq!(h.infeasible_above, Some(usd(dec!(200_000_000_000.01))));
    let json = serde_json::to_value(&h).unwrap();
    assert!(json["report"]["summary"]["verdict"].is_string());
}

#[test]
fn zero_max_periods() {
    let f = Funding::new(vec![], 0.0).unwrap();
    let c = fixed(dec!(1));
    let e = shortest_tenor(
        usd(dec!(1)),
        jan1(),
        Frequency::Annual,
        0,
        &Assessment::new(c.clone()).funding(f.clone()),
        Verdict::Strained,
    )
    .unwrap_err();
    assert_eq!(
        e,
        Error::ZeroCount {
            what: Quantity::MaxPeriods
        }
    );
}

#[test]
fn infeasible_everywhere() {
    // No funding source: every outlay is unfunded.
    let f = Funding::new(vec![], 0.0).unwrap();
    let c = fixed(dec!(1e9));
    let t = Assessment::new(c.clone()).funding(f.clone());
    let e = shortest_tenor(usd(dec!(5)), jan1(), Frequency::Annual, 5, &t, Verdict::Strained).unwrap_err();
    assert!(matches!(e, Error::Infeasible { .. }), "{e}");
    let e = largest_upfront_share(usd(dec!(5)), jan1(), 5, DEFAULT_SHARE_STEP, &t, Verdict::Strained).unwrap_err();
    assert!(matches!(e, Error::Infeasible { .. }), "{e}");
    let plan = Plan::installments(jan1(), 3, Frequency::Annual);
    let e = largest_headline(&plan, usd(dec!(1)), usd(dec!(9)), usd(dec!(1)), &t, Verdict::Strained).unwrap_err();
    assert!(matches!(e, Error::Infeasible { .. }), "{e}");
}

#[test]
fn share_step_outside_unit_interval() {
    let f = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0).unwrap();
    let c = fixed(dec!(1e9));
    let t = Assessment::new(c.clone()).funding(f.clone());
    for step in [dec!(0), dec!(-0.01), dec!(1.5), dec!(0.0000001)] {
        let e = largest_upfront_share(usd(dec!(5)), jan1(), 5, step, &t, Verdict::Strained).unwrap_err();
        assert!(
            matches!(
                e,
                Error::OutOfRange {
                    what: Quantity::ShareStep,
                    ..
                }
            ),
            "{step}: {e}"
        );
    }
    let e = largest_upfront_share(usd(dec!(5)), jan1(), 0, DEFAULT_SHARE_STEP, &t, Verdict::Strained).unwrap_err();
    assert!(matches!(e, Error::ZeroCount { .. }));
    // A step of exactly 1 is allowed: all upfront or all spread.
    let a = largest_upfront_share(usd(dec!(5)), jan1(), 5, dec!(1), &t, Verdict::Strained).unwrap();
    assert_eq!(a.share, dec!(1));
}

#[test]
fn empty_headline_bounds() {
    let f = Funding::new(vec![FundingSource::borrowing(0.0)], 0.0).unwrap();
    let c = fixed(dec!(1e9));
    let t = Assessment::new(c.clone()).funding(f.clone());
    let plan = Plan::installments(jan1(), 3, Frequency::Annual);
    for (lo, hi, p) in [
        (dec!(10), dec!(9), dec!(1)),
        (dec!(1), dec!(9), dec!(0)),
        (dec!(1), dec!(9), dec!(-1)),
    ] {
        let e = largest_headline(&plan, usd(lo), usd(hi), usd(p), &t, Verdict::Strained).unwrap_err();
        assert!(matches!(e, Error::EmptyBounds { .. }), "{e}");
        assert!(e.to_string().starts_with("empty solver bounds"), "{e}");
    }
}
