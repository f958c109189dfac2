//! Property tests of the return-sharing waterfall.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::{Days, NaiveDate};
use disburse::returns::{Accrual, ProjectFlows, Split, TerminalValue, Waterfall, WaterfallResult, share_returns};
use disburse::{CashFlow, Currency, Money, Schedule};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

fn start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn cents(c: i64) -> Money {
    Money::new(Decimal::new(c, 2), Currency::USD)
}

/// Outlays: 1..6 positive amounts in cents on days 0..3650 after the start
/// (the first exactly at the start).
fn outlays() -> impl Strategy<Value = Schedule> {
    prop::collection::vec((0u64..3_650, 1i64..10_000_000_000), 1..6).prop_map(|v| {
        let flows = v
            .iter()
            .enumerate()
            .map(|(i, (day, c))| {
                let day = if i == 0 { 0 } else { *day };
                CashFlow::new(start() + Days::new(day), cents(*c), "cash")
            })
            .collect();
        Schedule::new(Currency::USD, flows).unwrap()
    })
}

/// Project flows: a yield (−20%..40%, 1..40 years, either accrual rule,
/// optionally a terminal value of 0–150% of capital) or explicit flows of
/// any sign in cents on days 0..14600 after the start.
fn project() -> impl Strategy<Value = ProjectFlows> {
    prop_oneof![
        (-0.2f64..0.4, 1u32..40, any::<bool>(), prop::option::of(0u32..150)).prop_map(|(r, y, next, tv)| {
            let accrual = if next { Accrual::NextPeriod } else { Accrual::ProRata };
            let p = ProjectFlows::yield_on_capital(r, y)
                .unwrap()
                .with_accrual(accrual)
                .unwrap();
            match tv {
                Some(pct) => p
                    .with_terminal_value(TerminalValue::share_of_capital(Decimal::new(i64::from(pct), 2)).unwrap())
                    .unwrap(),
                None => p,
            }
        }),
        prop::collection::vec((0u64..14_600, -1_000_000_000i64..5_000_000_000), 1..30).prop_map(|v| {
            let flows = v
                .iter()
                .map(|(day, c)| CashFlow::new(start() + Days::new(*day), cents(*c), "p"))
                .collect();
            ProjectFlows::explicit(Schedule::new(Currency::USD, flows).unwrap()).unwrap()
        }),
    ]
}

/// A split with the investor's share in steps of 0.0001 (0..=1).
fn split() -> impl Strategy<Value = Split> {
    (0i64..=10_000).prop_map(|i| {
        let inv = Decimal::new(i, 4);
        Split::new(inv, Decimal::ONE - inv).unwrap()
    })
}

fn by_date(s: &Schedule, date: NaiveDate) -> Decimal {
    s.iter().filter(|f| f.date == date).map(|f| f.amount.amount()).sum()
}

fn check_conservation(r: &WaterfallResult) -> Result<(), TestCaseError> {
    for f in r.project_flows() {
        prop_assert_eq!(
            by_date(r.investor_inflows(), f.date) + by_date(r.host_inflows(), f.date),
            by_date(r.project_flows(), f.date)
        );
    }
    // No inflow on a date without a project flow.
    for f in r.investor_inflows().iter().chain(r.host_inflows()) {
        prop_assert!(r.project_flows().iter().any(|p| p.date == f.date));
    }
    let total = r
        .investor_inflows()
        .total()
        .unwrap()
        .checked_add(r.host_inflows().total().unwrap())
        .unwrap();
    prop_assert_eq!(total, r.project_flows().total().unwrap());
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(128)))]

    #[test]
    fn investor_plus_host_is_the_project(
        o in outlays(), p in project(), before in split(), after in split(),
        deemed in -0.05f64..0.15, review in prop::option::of(1u32..40),
    ) {
        let w = Waterfall::new(before, after, deemed, review).unwrap();
        let r = share_returns(&o, &p, &w).unwrap();
        check_conservation(&r)?;
        // Every inflow is a whole number of cents.
        for f in r.investor_inflows().iter().chain(r.host_inflows()) {
            prop_assert!(f.amount.is_whole_minor());
        }
        // The recovery date, if any, is a project-flow date; the balance is
        // zero exactly when recovered.
        if let Some(rd) = r.recovery_date() {
            prop_assert!(r.project_flows().iter().any(|f| f.date == rd));
            prop_assert!(r.unrecovered_balance().is_zero());
        } else {
            prop_assert!(r.unrecovered_balance().is_positive());
        }
        // The review flag follows the recovery date.
        if review.is_none() {
            prop_assert!(!r.review_triggered());
        }
        if r.recovery_date().is_none() && review.is_some() {
            prop_assert!(r.review_triggered());
        }
    }

    #[test]
    fn net_flows_are_inflows_minus_outlays(o in outlays(), p in project(), deemed in 0.0f64..0.1) {
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(deemed).unwrap()).unwrap();
        let expected = r.investor_inflows().total().unwrap().checked_sub(o.total().unwrap()).unwrap();
        prop_assert_eq!(r.net_flows().total().unwrap(), expected);
        prop_assert_eq!(r.net_flows().len(), o.len() + r.investor_inflows().len());
        prop_assert_eq!(r.net_pv(0.0).unwrap(), expected);
    }

    #[test]
    fn recovery_is_not_earlier_at_a_higher_deemed_rate(
        o in outlays(), p in project(), before in split(), after in split(),
        low in -0.05f64..0.15, extra in 0.0f64..0.1,
    ) {
        let run = |rate: f64| share_returns(&o, &p, &Waterfall::new(before, after, rate, None).unwrap()).unwrap();
        let (lo, hi) = (run(low), run(low + extra));
        match (lo.recovery_date(), hi.recovery_date()) {
            (Some(a), Some(b)) => prop_assert!(b >= a, "{} < {}", b, a),
            (None, Some(b)) => prop_assert!(false, "recovered on {} only at the higher rate", b),
            _ => {}
        }
        prop_assert!(hi.unrecovered_balance().amount() >= lo.unrecovered_balance().amount());
    }

    #[test]
    fn equal_phases_split_the_same_everywhere(o in outlays(), p in project(), s in split(), deemed in -0.05f64..0.15) {
        let r = share_returns(&o, &p, &Waterfall::new(s, s, deemed, None).unwrap()).unwrap();
        check_conservation(&r)?;
        // Each project flow is split once, whatever the recovery state, by
        // the largest remainder over (investor, host), investor first. With
        // two weights i + h = 1 the remainders sum to 0 or 1 cent, so the
        // investor's part is |F|·i rounded half up, with the sign of F:
        // written here in integers (i in ten-thousandths).
        let i = (s.investor() * Decimal::from(10_000)).to_i128().unwrap();
        let mut dates: Vec<NaiveDate> = r.project_flows().iter().map(|f| f.date).collect();
        dates.dedup();
        for date in dates {
            let expected: Decimal = r
                .project_flows()
                .iter()
                .filter(|f| f.date == date)
                .map(|f| {
                    let c = f.amount.to_minor_units().unwrap();
                    let part = (2 * c.abs() * i + 10_000) / 20_000;
                    Decimal::new(i64::try_from(c.signum() * part).unwrap(), 2)
                })
                .sum();
            prop_assert_eq!(by_date(r.investor_inflows(), date), expected);
        }
    }

    #[test]
    fn pro_rata_earns_at_least_next_period(o in outlays(), r in 0.0f64..0.4, y in 1u32..40) {
        // Capital paid inside a yield period earns part of it pro rata and
        // nothing from the next period: flow by flow, never less.
        let pro = ProjectFlows::yield_on_capital(r, y).unwrap().schedule(&o).unwrap();
        let next = ProjectFlows::yield_on_capital(r, y)
            .unwrap()
            .with_accrual(Accrual::NextPeriod)
            .unwrap()
            .schedule(&o)
            .unwrap();
        prop_assert_eq!(pro.len(), next.len());
        for (a, b) in pro.iter().zip(next.iter()) {
            prop_assert_eq!(a.date, b.date);
            prop_assert!(a.amount >= b.amount, "{} < {}", a.amount, b.amount);
        }
    }
}
