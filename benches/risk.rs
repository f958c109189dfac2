//! Risk benches: the Monte Carlo engine on the bench model of
//! `examples/risk_sizes.rs` (Korea-like capacity in won, three correlated
//! factors), linear in paths (500, 1,000, 2,000 paths × 30 years × 4
//! plans) and in years (10, 20, 30 years × 1,000 paths × 1 plan). Run:
//! `cargo bench --features risk --bench risk`.
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
    for paths in [500u64, 1_000, 2_000] {
        let (m, a, s) = sizes::model(paths, 30, 4);
        g.bench_function(format!("paths/{paths}x30yx4"), |b| {
            b.iter(|| black_box(m.simulate(&a, &s).unwrap()))
        });
    }
    for years in [10u32, 20, 30] {
        let (m, a, s) = sizes::model(1_000, years, 1);
        g.bench_function(format!("years/1000x{years}yx1"), |b| {
            b.iter(|| black_box(m.simulate(&a, &s).unwrap()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
