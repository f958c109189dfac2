//! Scenario benches: `disburse check` (parse and validate) on large
//! generated documents — 100,000 plans, and one plan of 100,000 tranches —
//! to keep validation linear. Run: `cargo bench --features scenario --bench
//! scenario`.
#![allow(clippy::unwrap_used, clippy::expect_used, missing_docs)]

use std::fmt::Write;
use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use disburse::scenario::{Format, Scenario};

/// The `i`-th of 3,650 days from 2026-01-01, stepping by `step` days.
fn day(i: u64, step: u64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + Days::new((i * step) % 3_650)
}

/// `n` plans, each paying the headline upfront on its own day.
fn many_plans(n: u64) -> String {
    let mut text = String::from("name = \"many plans\"\ncurrency = \"USD\"\nheadline = \"1000\"\n");
    for i in 0..n {
        let date = day(i, 1);
        write!(
            text,
            "[[plans]]\nname = \"p{i}\"\nplan = {{ kind = \"upfront\", date = \"{date}\" }}\n"
        )
        .unwrap();
    }
    text
}

/// One plan of `n` tranches of one dollar, each upfront on a scattered day.
fn many_tranches(n: u64) -> String {
    let mut text = format!(
        "name = \"many tranches\"\ncurrency = \"USD\"\nheadline = \"{n}\"\n[[plans]]\nname = \"split\"\ntranches = [\n"
    );
    for i in 0..n {
        let date = day(i, 7_919);
        writeln!(
            text,
            "  {{ name = \"t{i}\", amount = \"1\", plan = {{ kind = \"upfront\", date = \"{date}\" }} }},"
        )
        .unwrap();
    }
    text.push_str("]\n");
    text
}

fn check(c: &mut Criterion) {
    let mut g = c.benchmark_group("scenario");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    for (name, text, plans) in [
        ("check/plans/100000", many_plans(100_000), 100_000),
        ("check/tranches/100000", many_tranches(100_000), 1),
    ] {
        assert_eq!(Scenario::load(&text, Format::Toml).unwrap().plans.len(), plans);
        g.bench_function(name, |b| {
            b.iter(|| Scenario::load(black_box(&text), Format::Toml).unwrap())
        });
    }
    g.finish();
}

criterion_group!(benches, check);
criterion_main!(benches);
