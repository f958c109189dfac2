//! Integration tests of the return-sharing waterfall, through the public
//! `disburse::returns` API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::returns::{Accrual, ProjectFlows, Split, Waterfall, WaterfallResult, share_returns};
use disburse::{CashFlow, Commitment, Currency, Error, Money, Plan, Schedule};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn single_outlay(amount: Decimal) -> Schedule {
    Schedule::new(Currency::USD, vec![CashFlow::new(d(2026, 1, 1), usd(amount), "cash")]).unwrap()
}

fn by_date(s: &Schedule, date: NaiveDate) -> Decimal {
    s.iter().filter(|f| f.date == date).map(|f| f.amount.amount()).sum()
}

fn assert_conserved(r: &WaterfallResult) {
    for f in r.project_flows() {
        assert_eq!(
            by_date(r.investor_inflows(), f.date) + by_date(r.host_inflows(), f.date),
            by_date(r.project_flows(), f.date),
            "{}",
            f.date
        );
    }
    assert_eq!(
        r.investor_inflows()
            .total()
            .unwrap()
            .checked_add(r.host_inflows().total().unwrap())
            .unwrap(),
        r.project_flows().total().unwrap()
    );
}

#[test]
fn textbook_case_recovers_in_year_twenty() {
    let r = share_returns(
        &single_outlay(dec!(100)),
        &ProjectFlows::yield_on_capital(0.10, 30).unwrap(),
        &Waterfall::korea_us_2025(0.0).unwrap(),
    )
    .unwrap();
    assert_eq!(r.recovery_date(), Some(d(2046, 1, 1)));
    assert!(!r.review_triggered());
    assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(110)));
    assert_eq!(r.host_inflows().total().unwrap(), usd(dec!(190)));
    assert_eq!(r.net_flows().total().unwrap(), usd(dec!(10)));
    assert_eq!(r.net_pv(0.0).unwrap(), usd(dec!(10)));
    assert!(r.net_pv(0.05).unwrap().is_negative());
    let irr = r.net_irr().unwrap().unique().unwrap();
    // The IRR prices the net flows at zero.
    assert!(r.net_pv(irr).unwrap().amount().abs() < dec!(0.000001));
    assert_conserved(&r);
}

#[test]
fn korea_us_cash_tranche_under_stated_assumptions() {
    // $200B of cash, at most $20B a calendar year from 2026 (joint fact
    // sheet, 2025-11-14). Assumptions (not sourced): the cap is filled every
    // year; projects yield 12% a year on invested capital for 40 years; the
    // deemed interest is 4%. (At 8%, the investor's 4% share only pays the
    // deemed interest: never recovered.) Each $20B is paid on 1 January,
    // an anniversary of the first outlay, so it earns from the next one
    // (under either accrual rule): the first payout is 12% of $20B.
    let jan1 = d(2026, 1, 1);
    let cash = Commitment::single("cash", usd(dec!(200e9)), Plan::annual_cap(jan1, dec!(20e9))).unwrap();
    let outlays = cash.schedule().unwrap();
    assert_eq!(outlays.len(), 10);
    let korea = share_returns(
        &outlays,
        &ProjectFlows::yield_on_capital(0.12, 40).unwrap(),
        &Waterfall::korea_us_2025(0.04).unwrap(),
    )
    .unwrap();
    let japan_terms = share_returns(
        &outlays,
        &ProjectFlows::yield_on_capital(0.12, 40).unwrap(),
        &Waterfall::japan_us_2025(0.04).unwrap(),
    )
    .unwrap();
    assert_conserved(&korea);
    // Same splits: the same flows; only the review clause differs.
    assert_eq!(korea.investor_inflows(), japan_terms.investor_inflows());
    assert!(korea.review_triggered());
    assert!(!japan_terms.review_triggered());
    assert!(korea.to_string().contains("20-year review triggered"), "{korea}");
    assert!(japan_terms.to_string().ends_with("no review clause"), "{japan_terms}");
    assert_eq!(korea.project_flows().iter().next().unwrap().amount, usd(dec!(2.4e9)));
    // Recovered, but after the 20-year horizon (2046). A decimal replay of
    // the ledger (tests/data/waterfall_replay.py: outlays, yields, deemed interest
    // (1.04)^(days/365) rounded half-even to cents, investor's 50%) gives
    // 2059-01-01 — the issue's figure; with the old same-day yield it gave
    // 2056-01-01.
    let recovered = korea.recovery_date().unwrap();
    assert_eq!(recovered, d(2059, 1, 1));
    // At a 10% yield the balance still outstanding after the 40th payout
    // (2066-01-01) is $47,847,751,858.10 by the same replay (with the old
    // same-day yield: $12,116,190,945.51).
    let ten = share_returns(
        &outlays,
        &ProjectFlows::yield_on_capital(0.10, 40).unwrap(),
        &Waterfall::korea_us_2025(0.04).unwrap(),
    )
    .unwrap();
    assert_eq!(ten.recovery_date(), None);
    assert_eq!(ten.unrecovered_balance(), usd(dec!(47_847_751_858.10)));
    // A higher deemed rate does not recover earlier.
    let higher = share_returns(
        &outlays,
        &ProjectFlows::yield_on_capital(0.12, 40).unwrap(),
        &Waterfall::korea_us_2025(0.05).unwrap(),
    )
    .unwrap();
    // At 5% the balance is not repaid within the 40 years: $12,204,116,298.95
    // left by the replay.
    assert_eq!(higher.recovery_date(), None);
    assert_eq!(higher.unrecovered_balance(), usd(dec!(12_204_116_298.95)));
    // At 8% the investor's half only covers the deemed interest.
    let low_yield = share_returns(
        &outlays,
        &ProjectFlows::yield_on_capital(0.08, 40).unwrap(),
        &Waterfall::korea_us_2025(0.04).unwrap(),
    )
    .unwrap();
    assert_eq!(low_yield.recovery_date(), None);
    assert!(low_yield.to_string().starts_with("not recovered"));
}

#[test]
fn explicit_flows_and_crossing_split() {
    let p = ProjectFlows::explicit(
        Schedule::new(
            Currency::USD,
            vec![
                CashFlow::new(d(2027, 6, 30), usd(dec!(150)), "dividend"),
                CashFlow::new(d(2028, 6, 30), usd(dec!(150)), "dividend"),
            ],
        )
        .unwrap(),
    )
    .unwrap();
    let w = Waterfall::new(
        Split::even(),
        Split::from_percent(dec!(10), dec!(90)).unwrap(),
        0.0,
        None,
    )
    .unwrap();
    let r = share_returns(&single_outlay(dec!(100)), &p, &w).unwrap();
    // 75 then 25 of 150 needed: part 50 shared 25/25, rest 100 at 10:90.
    assert_eq!(r.recovery_date(), Some(d(2028, 6, 30)));
    assert_eq!(by_date(r.investor_inflows(), d(2028, 6, 30)), dec!(35));
    assert_eq!(by_date(r.host_inflows(), d(2028, 6, 30)), dec!(115));
    assert_conserved(&r);
}

#[test]
fn errors_are_typed() {
    let o = single_outlay(dec!(100));
    let w = Waterfall::korea_us_2025(0.04).unwrap();
    assert!(matches!(
        Split::new(dec!(0.6), dec!(0.6)),
        Err(Error::InvalidSplit { .. })
    ));
    assert!(matches!(
        share_returns(
            &Schedule::empty(Currency::USD),
            &ProjectFlows::yield_on_capital(0.1, 3).unwrap(),
            &w
        ),
        Err(Error::Empty { .. })
    ));
    let jpy = Schedule::new(
        Currency::JPY,
        vec![CashFlow::new(d(2027, 1, 1), Money::new(dec!(100), Currency::JPY), "p")],
    )
    .unwrap();
    assert!(matches!(
        share_returns(&o, &ProjectFlows::explicit(jpy).unwrap(), &w),
        Err(Error::CurrencyMismatch { .. })
    ));
    assert!(Waterfall::korea_us_2025(f64::NAN).is_err());
    assert!(Waterfall::japan_us_2025(-1.0).is_err());
}

#[test]
fn serde_validates() {
    let w: Waterfall = serde_json::from_str(
        r#"{"before_recovery":{"investor":"0.5","host":"0.5"},"after_recovery":{"investor":"0.1","host":"0.9"},"deemed_rate":0.045}"#,
    )
    .unwrap();
    assert_eq!(w, Waterfall::japan_us_2025(0.045).unwrap());
    let bad = r#"{"before_recovery":{"investor":"0.5","host":"0.5"},"after_recovery":{"investor":"0.1","host":"0.9"},"deemed_rate":-1}"#;
    assert!(serde_json::from_str::<Waterfall>(bad).is_err());
    let p: ProjectFlows = serde_json::from_str(r#"{"yield":{"rate":0.06,"years":25}}"#).unwrap();
    assert_eq!(p, ProjectFlows::yield_on_capital(0.06, 25).unwrap());
    assert!(matches!(
        p,
        ProjectFlows::Yield {
            accrual: Accrual::ProRata,
            terminal_value: None,
            ..
        }
    ));
    let r = share_returns(&single_outlay(dec!(100)), &p, &w).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert!(json.get("investor_inflows").is_some() && json.get("recovery_date").is_some());
}
