//! Schedule-date generation and plan benches.
//!
//! Run: `cargo bench --bench schedule`. Peers: `../shared/bench/peer_bench.py`
//! (QuantLib `Schedule`); see BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use disburse::time::{BusinessDayConvention as C, Calendar, DateSchedule, NullCalendar, Tenor, WeekendsOnly};
use disburse::{AnnualCap, Call, CapitalCalls, Currency, Money, Plan};
use rust_decimal::Decimal;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn schedule_dates(c: &mut Criterion) {
    let mut g = c.benchmark_group("schedule");
    // QuantLib's peer: 10-year monthly, ModifiedFollowing, end-of-month, Forward.
    let monthly = DateSchedule::builder(d(2026, 1, 31), d(2036, 1, 31), Tenor::months(1))
        .calendar(&WeekendsOnly)
        .convention(C::ModifiedFollowing)
        .end_of_month(true);
    assert_eq!(monthly.build().unwrap().len(), 121);
    g.throughput(Throughput::Elements(121));
    g.bench_function("monthly_10y_eom_mf_weekends/121", |b| {
        b.iter(|| black_box(&monthly).build().unwrap())
    });
    let mut buf = Vec::new();
    g.bench_function("monthly_10y_eom_mf_weekends_reuse/121", |b| {
        b.iter(|| {
            black_box(&monthly).build_dates_into(&mut buf).unwrap();
            black_box(buf.len())
        })
    });

    // 30-year daily, Following on weekends only (QuantLib peer: TARGET).
    let daily = DateSchedule::builder(d(2026, 1, 2), d(2056, 1, 2), Tenor::days(1))
        .calendar(&WeekendsOnly)
        .convention(C::Following);
    let n = daily.build().unwrap().len() as u64;
    g.throughput(Throughput::Elements(n));
    g.bench_function(format!("daily_30y_following_weekends/{n}"), |b| {
        b.iter(|| black_box(&daily).build().unwrap())
    });

    // Scaling: daily, null calendar, unadjusted (QuantLib peer: the same).
    for years in [1, 3, 10, 30] {
        let s = DateSchedule::builder(d(2026, 1, 2), d(2026 + years, 1, 2), Tenor::days(1)).calendar(&NullCalendar);
        let n = s.build().unwrap().len() as u64;
        g.throughput(Throughput::Elements(n));
        g.bench_with_input(BenchmarkId::new("daily_null", n), &s, |b, s| {
            b.iter(|| black_box(s).build().unwrap())
        });
    }
    g.finish();
}

fn plans(c: &mut Criterion) {
    let mut g = c.benchmark_group("plan");
    let usd = |x: i64| Money::new(Decimal::from(x), Currency::USD);
    let headline = usd(350_000_000_000);

    let ten = Plan::installments(d(2026, 1, 1), 10, Tenor::years(1));
    g.bench_function("installments_10y_annual/10", |b| {
        b.iter(|| black_box(&ten).schedule(headline, "p").unwrap())
    });

    let monthly = Plan::installments(d(2026, 1, 31), 360, Tenor::months(1));
    g.bench_function("installments_30y_monthly/360", |b| {
        b.iter(|| black_box(&monthly).schedule(headline, "p").unwrap())
    });

    // $350B at most $12B a year, paid monthly: 30 years, 360 flows.
    let cap = Plan::AnnualCap(
        AnnualCap::new(d(2026, 1, 1), Decimal::from(12_000_000_000i64))
            .tenor(Tenor::months(1))
            .adjusted(WeekendsOnly, C::ModifiedFollowing),
    );
    g.bench_function("annual_cap_30y_monthly/360", |b| {
        b.iter(|| black_box(&cap).schedule(headline, "p").unwrap())
    });

    // 120 monthly calls of ~$2.9B with 45 business days' notice, capped at
    // $20B a year: spill-over carries the excess for years.
    let calls: Vec<Call> = (0..120)
        .map(|k| Call {
            notice: Tenor::months(1).add_to(d(2026, 2, 18), k).unwrap(),
            amount: Decimal::from(if k < 119 {
                2_916_666_666i64
            } else {
                350_000_000_000 - 119 * 2_916_666_666
            }),
        })
        .collect();
    let spill = Plan::CapitalCalls(
        CapitalCalls::new(calls, 45, Calendar::WeekendsOnly).annual_cap(Decimal::from(20_000_000_000i64)),
    );
    g.bench_function("capital_calls_spill/120", |b| {
        b.iter(|| black_box(&spill).schedule(headline, "p").unwrap())
    });
    g.finish();
}

criterion_group!(benches, schedule_dates, plans);
criterion_main!(benches);
