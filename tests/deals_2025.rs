//! Hand-checked figures of the 2025 deal examples (`examples/korea_us_2025.rs`,
//! `examples/japan_us_2025.rs`), under the same labelled assumptions.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::affordability::{
    AffordabilityReport, Assessment, Capacity, Constraint, Funding, FundingSource, FxPath, Stock, Thresholds, Verdict,
};
use disburse::returns::{ProjectFlows, Waterfall, share_returns};
use disburse::time::Tenor;
use disburse::{AnnualCap, Commitment, Currency, FiscalYear, Money, Plan, Schedule};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The assessment of `s` against these parts (one [`Assessment`]).
fn assess(
    s: &Schedule,
    cap: &Capacity,
    fx: Option<&FxPath>,
    f: &Funding,
    t: &Thresholds,
) -> disburse::Result<AffordabilityReport> {
    Assessment::new(cap.clone())
        .fx(fx.cloned())
        .funding(f.clone())
        .thresholds(*t)
        .assess(s)
}

fn jan1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn krw_capacity(income_bn: Decimal) -> Capacity {
    let reserves = dec!(428.82e9) * dec!(1430);
    let yield_rate: f64 = (income_bn / dec!(428.82)).to_string().parse().unwrap();
    Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![
            Constraint::fixed_cap("FX market absorption", dec!(20e9) * dec!(1430)),
            Constraint::Stock(Stock::new("FX reserves", 2026, reserves, yield_rate)),
        ],
    )
    .unwrap()
}

fn run(s: &Schedule, income_bn: Decimal) -> disburse::affordability::AffordabilityReport {
    let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap();
    let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.045).unwrap();
    assess(s, &krw_capacity(income_bn), Some(&fx), &funding, &Thresholds::default()).unwrap()
}

fn cash(plan: Plan) -> Schedule {
    Commitment::single("cash", usd(dec!(200e9)), plan)
        .unwrap()
        .schedule()
        .unwrap()
}

#[test]
fn upfront_uses_most_of_the_reserves() {
    // 350 / 428.82 = 81.62%; 18.38% left.
    let share = dec!(350) / dec!(428.82) * dec!(100);
    assert_eq!(share.round_dp(1), dec!(81.6));
    let s = Commitment::single("all", usd(dec!(350e9)), Plan::upfront(jan1()))
        .unwrap()
        .schedule()
        .unwrap();
    let r = run(&s, dec!(15));
    assert_eq!(r.summary.verdict, Verdict::Unaffordable);
    // 350 against a $20B absorption cap: 17.5 times capacity.
    let share = r.summary.largest_share.as_ref().unwrap().share.unwrap();
    assert!((share - 17.5).abs() < 1e-12, "{share}");
    // $15B of income, $335B of 10-year bonds in 2026; they fall due in 2036
    // (the horizon), when income repays part and new bonds the rest, which
    // are left at the horizon.
    let bonds = dec!(335e9) * dec!(1430);
    assert_eq!(r.rows[0].funding.borrowed.amount(), bonds);
    assert_eq!(r.rows.len(), 11);
    assert_eq!(r.rows[10].principal_repaid.amount(), bonds);
    assert!(r.rows[1..10].iter().all(|x| x.funding.borrowed.is_zero()));
    assert_eq!(r.summary.final_debt, r.rows[10].funding.borrowed);
    assert_eq!(
        r.summary.total_borrowed.amount(),
        bonds + r.rows[10].funding.borrowed.amount()
    );
}

#[test]
fn the_four_positions() {
    // US proposal: $25B > $20B cap every year.
    let us = run(&cash(Plan::installments(jan1(), 8, Tenor::years(1))), dec!(15));
    assert_eq!(us.summary.verdict, Verdict::Unaffordable);
    assert_eq!(us.summary.years_in_breach.len(), 8);
    // Korea's $15B a year: 14 years (13 x 15 + 5), within income: affordable.
    let kr = cash(Plan::AnnualCap(AnnualCap::new(jan1(), dec!(15e9))));
    assert_eq!(kr.len(), 14);
    assert_eq!(run(&kr, dec!(15)).summary.verdict, Verdict::Affordable);
    // With the opposition's $9.5B of income it needs bonds: strained.
    assert_eq!(run(&kr, dec!(9.5)).summary.verdict, Verdict::Strained);
    // Agreed: $20B a year for 10 years at the cap, $5B a year of bonds plus interest.
    let agreed = cash(Plan::AnnualCap(AnnualCap::new(jan1(), dec!(20e9))));
    let r = run(&agreed, dec!(15));
    assert_eq!(r.summary.verdict, Verdict::Strained);
    assert!(r.summary.years_in_breach.is_empty());
    // Bonds: 5B x 1.04^k summed over k = 0..9 = 5B x 12.006107… = $60.03B.
    let borrowed_usd = r.summary.total_borrowed.amount() / dec!(1430);
    assert_eq!((borrowed_usd / dec!(1e9)).round_dp(2), dec!(60.03));
}

#[test]
fn korea_recovers_only_with_high_project_yields() {
    let agreed = cash(Plan::AnnualCap(AnnualCap::new(jan1(), dec!(20e9))));
    let w = Waterfall::korea_us_2025(0.04).unwrap();
    let at = |y: f64| share_returns(&agreed, &ProjectFlows::yield_on_capital(y, 40).unwrap(), &w).unwrap();
    // At 8% Korea's half (4%) only pays the 4% deemed interest: never recovered.
    assert_eq!(at(0.08).recovery_date(), None);
    // Each $20B earns from the day it is paid (tests/data/waterfall_replay.py
    // replays the ledger): 2059, not the 2056 of a same-day yield.
    assert_eq!(at(0.12).recovery_date(), NaiveDate::from_ymd_opt(2059, 1, 1));
    assert!(at(0.12).review_triggered());
}

#[test]
fn debt_service_after_the_last_outlay() {
    let agreed = cash(Plan::AnnualCap(AnnualCap::new(jan1(), dec!(20e9))));
    let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap();
    let base = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.045).unwrap();
    let serviced = base.clone().with_service_years(20).unwrap();
    let cap = krw_capacity(dec!(15));
    let short = assess(&agreed, &cap, Some(&fx), &base, &Thresholds::default()).unwrap();
    let long = assess(&agreed, &cap, Some(&fx), &serviced, &Thresholds::default()).unwrap();
    // The default horizon: the 10-year bullets issued 2026–2035 fall due
    // 2036–2045, so it runs to 2045; `service_years = 20` runs to 2055.
    assert_eq!(short.rows.len(), 20);
    assert_eq!(short.rows[19].year, disburse::Period::Year(2045));
    assert_eq!(long.rows.len(), 30);
    assert_eq!(long.rows[..20], short.rows[..20]);
    // Each year's issue falls due ten years later, in full.
    for k in 0..10 {
        assert_eq!(
            short.rows[10 + k].principal_repaid,
            short.rows[k].funding.borrowed,
            "year {k}"
        );
        assert!(short.rows[10 + k].outlay.is_zero());
    }
    // Reserve income repays it all: nothing is left at either horizon.
    assert!(short.summary.final_debt.is_zero() && long.summary.final_debt.is_zero());
    assert_eq!(short.summary.total_repaid, short.summary.total_borrowed);
    for row in &long.rows[20..] {
        assert!(row.interest.is_zero() && row.funding.borrowed.is_zero() && row.debt_after.is_zero());
    }
    // The serde form keeps the horizon.
    let json = serde_json::to_string(&serviced).unwrap();
    assert_eq!(serde_json::from_str::<Funding>(&json).unwrap(), serviced);
}
