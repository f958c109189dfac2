//! Schedule-date generation and plan benches.
//!
//! Run: `cargo bench --bench schedule`. Peers: `../shared/bench/peer_bench.py`
//! (QuantLib `Schedule`); see BENCHMARKS.md.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "support/calls.rs"]
mod calls;
#[path = "support/plans.rs"]
mod plans;
#[path = "support/target_like.rs"]
mod target_like;
use target_like::target_like;

use std::hint::black_box;

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use disburse::time::{BusinessDayConvention as C, DateSchedule, NullCalendar, Tenor, WeekendsOnly};
use disburse::{Currency, Installments, Money, Plan, Schedule};
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
        b.iter(calls::counted(|| black_box(&monthly).build().unwrap()))
    });
    let mut buf = Vec::new();
    g.bench_function("monthly_10y_eom_mf_weekends_reuse/121", |b| {
        b.iter(calls::counted(|| {
            black_box(&monthly).build_dates_into(&mut buf).unwrap();
            black_box(buf.len())
        }))
    });

    // Into the storage of the previous schedule: after the first call the
    // vectors are large enough, so nothing is allocated (the storage stays
    // where it is, checked here).
    let mut reused = Some(monthly.build().unwrap());
    let at = reused.as_ref().unwrap().dates().as_ptr();
    for _ in 0..3 {
        reused = Some(monthly.build_reusing(reused.take().unwrap()).unwrap());
    }
    assert_eq!(reused.as_ref().unwrap().dates().as_ptr(), at);
    g.bench_function("monthly_10y_eom_mf_weekends_build_reusing/121", |b| {
        b.iter(calls::counted(|| {
            let old = reused.take().unwrap();
            let s = black_box(&monthly).build_reusing(old).unwrap();
            let n = s.len();
            reused = Some(s);
            black_box(n)
        }))
    });

    // The same on a holiday calendar with TARGET's closing days (QuantLib's
    // peer calendar): weekends, New Year, Good Friday, Easter Monday,
    // 1 May, 25 and 26 December.
    let target = target_like(2020, 2060);
    let monthly_target = monthly.calendar(&target);
    assert_eq!(monthly_target.build().unwrap().len(), 121);
    g.bench_function("monthly_10y_eom_mf_target_holidays/121", |b| {
        b.iter(calls::counted(|| black_box(&monthly_target).build().unwrap()))
    });

    // 30-year daily, Following on weekends only (QuantLib peer: TARGET).
    let daily = DateSchedule::builder(d(2026, 1, 2), d(2056, 1, 2), Tenor::days(1))
        .calendar(&WeekendsOnly)
        .convention(C::Following);
    let n = daily.build().unwrap().len() as u64;
    g.throughput(Throughput::Elements(n));
    g.bench_function(format!("daily_30y_following_weekends/{n}"), |b| {
        b.iter(calls::counted(|| black_box(&daily).build().unwrap()))
    });

    let daily_target = daily.calendar(&target);
    let n = daily_target.build().unwrap().len() as u64;
    g.throughput(Throughput::Elements(n));
    g.bench_function(format!("daily_30y_following_target_holidays/{n}"), |b| {
        b.iter(calls::counted(|| black_box(&daily_target).build().unwrap()))
    });

    // Scaling: daily, null calendar, unadjusted (QuantLib peer: the same).
    for years in [1, 3, 10, 30] {
        let s = DateSchedule::builder(d(2026, 1, 2), d(2026 + years, 1, 2), Tenor::days(1)).calendar(&NullCalendar);
        let n = s.build().unwrap().len() as u64;
        g.throughput(Throughput::Elements(n));
        g.bench_with_input(BenchmarkId::new("daily_null", n), &s, |b, s| {
            b.iter(calls::counted(|| black_box(s).build().unwrap()))
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
        b.iter(calls::counted(|| black_box(&ten).schedule(headline, "p").unwrap()))
    });

    // Into a reused schedule with a shared label: no allocation after the
    // first run (the storage pointer is checked not to move).
    let label: disburse::Label = disburse::Label::new("p");
    let mut reused = Schedule::empty(Currency::USD);
    ten.schedule_into(headline, &label, &mut reused).unwrap();
    let storage = reused.flows().as_ptr();
    g.bench_function("installments_10y_annual_into/10", |b| {
        b.iter(calls::counted(|| {
            black_box(&ten).schedule_into(headline, &label, &mut reused).unwrap()
        }))
    });
    assert_eq!(reused.flows().as_ptr(), storage);

    let monthly = Plan::installments(d(2026, 1, 31), 360, Tenor::months(1));
    g.bench_function("installments_30y_monthly/360", |b| {
        b.iter(calls::counted(|| black_box(&monthly).schedule(headline, "p").unwrap()))
    });

    // Like for like with QuantLib's `Schedule` + `FixedRateLeg` (peer:
    // benches/peers/peer_bench.py): 360 monthly payments from 2026-01-01 on
    // WeekendsOnly with ModifiedFollowing.
    let monthly_mf = Plan::Installments(
        Installments::count(d(2026, 1, 1), 360, Tenor::months(1)).adjusted(WeekendsOnly, C::ModifiedFollowing),
    );
    g.bench_function("installments_30y_monthly_weekends_mf/360", |b| {
        b.iter(calls::counted(|| {
            black_box(&monthly_mf).schedule(headline, "p").unwrap()
        }))
    });
    g.bench_function("installments_30y_monthly_weekends_mf_into/360", |b| {
        b.iter(calls::counted(|| {
            black_box(&monthly_mf)
                .schedule_into(headline, &label, &mut reused)
                .unwrap()
        }))
    });

    // $350B at most $12B a year, paid monthly: 30 years, 360 flows.
    let cap = plans::annual_cap_monthly();
    g.bench_function("annual_cap_30y_monthly/360", |b| {
        b.iter(calls::counted(|| black_box(&cap).schedule(headline, "p").unwrap()))
    });

    // 120 monthly calls with 45 business days' notice, at most $20B a year.
    let spill = plans::capital_calls_spill();
    g.bench_function("capital_calls_spill/120", |b| {
        b.iter(calls::counted(|| black_box(&spill).schedule(headline, "p").unwrap()))
    });
    g.finish();
}

criterion_group!(benches, schedule_dates, plans);
fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    calls::report();
}
