//! Valuation benches: XNPV, XIRR, IRR and curve PV.
//!
//! Run: `cargo bench --bench valuation`. Inputs mirror
//! `../shared/bench/peer_bench.py`: daily dated flows from 2000-01-01,
//! amounts uniform in [50, 150) (here in cents) with the first set to
//! −0.5 × the sum of the rest, so there is exactly one sign change.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

#[path = "support/calls.rs"]
mod calls;

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use criterion::{BenchmarkId, Criterion, Throughput, criterion_group};
use disburse::rates::{Compounding, ZeroCurve};
use disburse::time::{DayCount, Tenor};
use disburse::valuation::{irr, present_value, xirr, xnpv};
use disburse::{Commitment, Currency, Money, Plan};
use rust_decimal::Decimal;

/// A small deterministic generator (64-bit LCG, top bits).
struct Lcg(u64);

impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 11) as f64 / (1u64 << 53) as f64
    }
}

fn flows(n: usize, seed: u64) -> (Vec<NaiveDate>, Vec<Decimal>) {
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let dates: Vec<NaiveDate> = (0..n as u64).map(|i| start + Days::new(i)).collect();
    let mut rng = Lcg(seed);
    let mut amounts: Vec<Decimal> = (0..n)
        .map(|_| Decimal::new((5_000.0 + 10_000.0 * rng.uniform()).round() as i64, 2))
        .collect();
    let rest: Decimal = amounts[1..].iter().sum();
    amounts[0] = -(rest / Decimal::TWO).round_dp(2);
    (dates, amounts)
}

/// [`flows`] as `(date, amount)` pairs.
fn pairs(n: usize, seed: u64) -> Vec<(NaiveDate, Decimal)> {
    let (dates, amounts) = flows(n, seed);
    dates.into_iter().zip(amounts).collect()
}

fn xnpv_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("xnpv");
    for n in [1_000, 100_000, 1_000_000] {
        let dated = pairs(n, 20_260_101);
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("daily", n), &dated, |b, f| {
            b.iter(calls::counted(|| xnpv(black_box(0.05), f).unwrap()))
        });
    }
    g.finish();
}

fn xirr_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("xirr");
    for n in [1_000, 100_000] {
        let dated = pairs(n, 20_260_102);
        assert!(xirr(&dated).unwrap().unique().is_some());
        g.throughput(Throughput::Elements(n as u64));
        g.bench_with_input(BenchmarkId::new("daily", n), &dated, |b, f| {
            b.iter(calls::counted(|| xirr(black_box(f)).unwrap()))
        });
        // No root, same size: every amount positive (no sign change) ...
        let positive: Vec<(NaiveDate, Decimal)> = dated.iter().map(|(d, a)| (*d, a.abs())).collect();
        assert!(xirr(&positive).unwrap().is_empty());
        g.bench_with_input(BenchmarkId::new("none_same_sign", n), &positive, |b, f| {
            b.iter(calls::counted(|| xirr(black_box(f)).unwrap()))
        });
        // ... and two sign changes without a real root (the second flow
        // pays back 0.9 × the first and third: the sum stays positive).
        let mut two = positive.clone();
        two[1].1 = -(two[0].1 + two[2].1) * Decimal::new(9, 1);
        assert!(xirr(&two).unwrap().is_empty());
        g.bench_with_input(BenchmarkId::new("none_two_sign_changes", n), &two, |b, f| {
            b.iter(calls::counted(|| xirr(black_box(f)).unwrap()))
        });
    }
    g.finish();
}

fn irr_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("irr");
    for n in [50, 200, 800] {
        let (_, amounts) = flows(n, 20_260_103);
        g.bench_with_input(BenchmarkId::new("unique", n), &amounts, |b, a| {
            b.iter(calls::counted(|| irr(black_box(a)).unwrap()))
        });
        // No root: all flows positive (no sign change) ...
        let positive: Vec<Decimal> = amounts.iter().map(|a| a.abs()).collect();
        assert!(irr(&positive).unwrap().is_empty());
        g.bench_with_input(BenchmarkId::new("none_same_sign", n), &positive, |b, a| {
            b.iter(calls::counted(|| irr(black_box(a)).unwrap()))
        });
        // ... and two sign changes without a real root: a loan of 100 repaid
        // with 1.3x too little then topped up (the polynomial stays positive).
        let mut two = positive.clone();
        two[1] = -(two[0] + two[2]) * Decimal::new(9, 1);
        g.bench_with_input(BenchmarkId::new("none_two_sign_changes", n), &two, |b, a| {
            b.iter(calls::counted(|| irr(black_box(a)).unwrap()))
        });
    }
    g.finish();
}

fn curve_pv_bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("pv");
    let start = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
    let commitment = Commitment::single(
        "monthly",
        Money::new(Decimal::from(350_000_000_000i64), Currency::USD),
        Plan::installments(start, 360, Tenor::months(1)),
    )
    .unwrap();
    let schedule = commitment.schedule().unwrap();
    let pillars: Vec<(NaiveDate, f64)> = [1u32, 2, 3, 5, 7, 10, 15, 20, 30]
        .iter()
        .map(|y| (Tenor::years(*y).add_to(start, 1).unwrap(), 0.03 + 0.001 * f64::from(*y)))
        .collect();
    let curve = ZeroCurve::new(start, pillars, Compounding::Continuous, DayCount::Actual365Fixed).unwrap();
    g.bench_function("monthly_30y_zero_curve/360", |b| {
        b.iter(calls::counted(|| present_value(black_box(&schedule), &curve).unwrap()))
    });
    g.finish();
}

criterion_group!(benches, xnpv_bench, xirr_bench, irr_bench, curve_pv_bench);
fn main() {
    benches();
    Criterion::default().configure_from_args().final_summary();
    calls::report();
}
