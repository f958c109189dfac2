//! Risk benches: the Monte Carlo engine on the bench model of
//! `examples/risk_sizes.rs` (Korea-like capacity in won, three correlated
//! factors), linear in paths (10,000, 20,000, 40,000 paths × 30 years × 4
//! plans, and the 100,000), in years (10, 20, 30 years × 10,000
//! paths × 1 plan), the exact engine at 1,000 paths for the ratio, and a
//! model with nothing random at 100,000 paths (one path, counted).
//! Run: `cargo bench --features risk --bench risk`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};

#[path = "../examples/risk_sizes.rs"]
#[allow(dead_code)]
mod sizes;

fn bench(c: &mut Criterion) {
    let mut g = c.benchmark_group("risk");
    g.sample_size(10).measurement_time(Duration::from_secs(8));
    for paths in [10_000u64, 20_000, 40_000, 100_000] {
        let (m, a, s) = sizes::model(paths, 30, 4);
        g.bench_function(format!("paths/{paths}x30yx4"), |b| {
            b.iter(|| black_box(m.simulate(&a, &s).unwrap()))
        });
    }
    let (m, a, s) = sizes::model(1_000, 30, 4);
    let exact = m.engine(disburse::risk::Engine::Exact);
    g.bench_function("exact/1000x30yx4", |b| {
        b.iter(|| black_box(exact.simulate(&a, &s).unwrap()))
    });
    // Nothing random (no factor): every path is the same, one is run and
    // counted 100,000 times.
    let (_, a, s) = sizes::model(100_000, 30, 4);
    let still = disburse::risk::RiskModel::new().paths(100_000).unwrap();
    g.bench_function("unshocked/100000x30yx4", |b| {
        b.iter(|| black_box(still.simulate(&a, &s).unwrap()))
    });
    for years in [10u32, 20, 30] {
        let (m, a, s) = sizes::model(10_000, years, 1);
        g.bench_function(format!("years/10000x{years}yx1"), |b| {
            b.iter(|| black_box(m.simulate(&a, &s).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
