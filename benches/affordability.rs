//! Affordability benches: the report and each solver on a 30-year monthly
//! schedule. Run: `cargo bench --bench affordability`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "support/calls.rs"]
mod calls;

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{Criterion, criterion_group};
use disburse::affordability::{
    Assessment, Capacity, Constraint, Funding, FundingSource, FxPath, Stock, Verdict, largest_headline,
    largest_upfront_share, shortest_tenor,
};
use disburse::time::Tenor;
use disburse::{Commitment, Currency, FiscalYear, Money, Plan};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn bench(c: &mut Criterion) {
    let start = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
    let usd = |x: Decimal| Money::new(x, Currency::USD);
    let monthly = Plan::installments(start, 360, Tenor::months(1));
    let schedule = Commitment::single("p", usd(dec!(350e9)), monthly.clone())
        .unwrap()
        .schedule()
        .unwrap();
    // Korea-like capacity in won: FX absorption $20B, reserves with $15B income.
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![
            Constraint::fixed_cap("FX market absorption", dec!(20e9) * dec!(1430)),
            Constraint::Stock(Stock::new("FX reserves", 2026, dec!(428.82e9) * dec!(1430), 0.035)),
        ],
    )
    .unwrap();
    let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap();
    let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.045).unwrap();
    let assessment = Assessment::new(capacity).fx(fx).funding(funding.clone());
    let mut g = c.benchmark_group("affordability");
    g.bench_function("assess/monthly_30y/360", |b| {
        b.iter(calls::counted(|| assessment.assess(black_box(&schedule)).unwrap()))
    });

    // Solvers against a $12B annual cap in dollars (about 30 years of months).
    let cap = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(12e9))],
    )
    .unwrap();
    let test = Assessment::new(cap).funding(funding.clone());
    let found = shortest_tenor(usd(dec!(350e9)), start, Tenor::months(1), 360, &test, Verdict::Strained).unwrap();
    assert_eq!(found.periods, 350);
    g.bench_function("shortest_tenor/monthly_max_360", |b| {
        b.iter(calls::counted(|| {
            shortest_tenor(
                usd(dec!(350e9)),
                start,
                Tenor::months(1),
                black_box(360),
                &test,
                Verdict::Strained,
            )
            .unwrap()
        }))
    });
    // The whole scan to 2,000 monthly periods: $350B at $2.1B a year needs
    // 2,000 months, so every count from 1 to 2,000 is tried.
    let thin = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(2.1e9))],
    )
    .unwrap();
    let thin_test = Assessment::new(thin).funding(funding.clone());
    let found = shortest_tenor(
        usd(dec!(350e9)),
        start,
        Tenor::months(1),
        2_000,
        &thin_test,
        Verdict::Strained,
    )
    .unwrap();
    assert_eq!(found.periods, 2_000);
    g.bench_function("shortest_tenor/monthly_to_2000/2000", |b| {
        b.iter(calls::counted(|| {
            shortest_tenor(
                usd(dec!(350e9)),
                start,
                Tenor::months(1),
                black_box(2_000),
                &thin_test,
                Verdict::Strained,
            )
            .unwrap()
        }))
    });
    let year_one = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(25e9))],
    )
    .unwrap();
    let share_test = Assessment::new(year_one).funding(funding);
    g.bench_function("largest_upfront_share/30y_step_1pct", |b| {
        b.iter(calls::counted(|| {
            largest_upfront_share(
                usd(dec!(350e9)),
                start,
                black_box(30),
                dec!(0.01),
                &share_test,
                Verdict::Strained,
            )
            .unwrap()
        }))
    });
    g.bench_function("largest_headline/monthly_30y_to_1m", |b| {
        b.iter(calls::counted(|| {
            largest_headline(
                black_box(&monthly),
                usd(dec!(1e9)),
                usd(dec!(1000e9)),
                usd(dec!(1e6)),
                &test,
                Verdict::Strained,
            )
            .unwrap()
        }))
    });
    g.finish();
}

criterion_group!(benches, bench);
fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    calls::report();
}
