//! The risk bench's model at one size, timed once: `cargo run --release
//! --features risk --example risk_sizes -- PATHS YEARS PLANS` (see
//! BENCHMARKS.md; run it under `/usr/bin/time -v` for the peak memory).
//! Prints the wall time, the path-years and the breach probabilities; with
//! a fourth argument `dump`, prints the whole report (`{:#?}`) instead, to
//! compare two builds' reports bit for bit.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::Instant;

use chrono::NaiveDate;
use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource, FxPath, Stock};
use disburse::risk::{FxFactor, GrowthFactor, RateFactor, RiskModel};
use disburse::{Currency, FiscalYear, Money, Plan, Schedule};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The bench's assessment and plans: Korea-like capacity in won (an FX
/// market cap on conversion, a share of a flow on outlays, dollar
/// reserves with their income), USD bonds; `plans` plans of ten annual
/// installments ($150B, $200B, …), `years` rows each (ten outlay years,
/// then debt service to a fixed horizon).
pub(crate) fn model(paths: u64, years: u32, plans: usize) -> (RiskModel, Assessment, Vec<(String, Schedule)>) {
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![
            Constraint::conversion_cap("FX market", dec!(28.6e12)),
            Constraint::share_of_flow("current account", 2025, dec!(176e12), 0.03, 0.16),
            Constraint::Stock(Stock::new("reserves", 2026, dec!(428.82e9), 0.035).in_currency(Currency::USD)),
        ],
    )
    .unwrap();
    let funding = Funding::new(
        vec![
            FundingSource::StockIncome,
            FundingSource::Borrowing {
                coupon: 0.04,
                limit_per_year: Some(dec!(20e9)),
                currency: Some(Currency::USD),
                tenor: 10,
                profile: disburse::affordability::DebtProfile::Bullet,
            },
        ],
        0.045,
    )
    .unwrap()
    .with_service_years(years.saturating_sub(10))
    .unwrap();
    let a = Assessment::new(capacity)
        .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
        .funding(funding);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let schedules = (0..plans)
        .map(|i| {
            let total = Decimal::from(150 + 50 * i as i64) * dec!(1e9);
            let s = Plan::installments(jan1, 10, disburse::time::Frequency::Annual)
                .schedule(Money::new(total, Currency::USD), "cash")
                .unwrap();
            (format!("plan {i}"), s)
        })
        .collect();
    let m = RiskModel::new()
        .paths(paths)
        .unwrap()
        .seed(7)
        .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
        .unwrap()
        .rates(RateFactor {
            speed: 0.3,
            level: 0.035,
            vol: 0.01,
            start: None,
        })
        .unwrap()
        .growth(GrowthFactor { vol: 0.02 })
        .unwrap()
        .correlation([[1.0, 0.3, -0.2], [0.3, 1.0, 0.0], [-0.2, 0.0, 1.0]])
        .unwrap();
    (m, a, schedules)
}

fn main() {
    let args: Vec<u64> = std::env::args().skip(1).take(3).map(|a| a.parse().unwrap()).collect();
    let (paths, years, plans) = (
        args.first().copied().unwrap_or(10_000),
        args.get(1).copied().unwrap_or(30) as u32,
        args.get(2).copied().unwrap_or(4) as usize,
    );
    let (m, a, s) = model(paths, years, plans);
    let t = Instant::now();
    let r = m.simulate(&a, &s).unwrap();
    let secs = t.elapsed().as_secs_f64();
    if std::env::args().nth(4).as_deref() == Some("dump") {
        println!("{r:#?}");
        return;
    }
    let rows: usize = r.plans.iter().map(|p| p.years.len()).sum();
    println!(
        "{paths} paths x {years} years x {plans} plans: {secs:.3} s, {:.0} ns per path-year ({rows} plan-years)",
        secs * 1e9 / (paths as f64 * rows as f64)
    );
    for p in &r.plans {
        println!(
            "{}: P(breach) {:.4} ± {:.4}, {} paths on the exact engine",
            p.name, p.breach_probability, p.standard_error, p.exact_paths
        );
    }
}
