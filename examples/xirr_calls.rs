//! XIRR on the valuation bench's daily flows, called a fixed number of
//! times, for instruction counts: `cargo build --profile bench --example
//! xirr_calls`, then `valgrind --tool=callgrind
//! target/release/examples/xirr_calls 1000 200` (flows, calls; `none` as a
//! third argument makes every amount positive, `two` adds a second sign
//! change without a root, as the bench does). Prints the roots of the last
//! call.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::hint::black_box;

use chrono::{Days, NaiveDate};
use disburse::valuation::xirr;
use rust_decimal::Decimal;

/// The bench's generator (64-bit LCG, top bits).
fn uniform(state: &mut u64) -> f64 {
    *state = state
        .wrapping_mul(6_364_136_223_846_793_005)
        .wrapping_add(1_442_695_040_888_963_407);
    (*state >> 11) as f64 / (1u64 << 53) as f64
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args.get(1).map_or(1_000, |s| s.parse().unwrap());
    let calls: usize = args.get(2).map_or(100, |s| s.parse().unwrap());
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let mut state = 20_260_102u64;
    let mut amounts: Vec<Decimal> = (0..n)
        .map(|_| Decimal::new((5_000.0 + 10_000.0 * uniform(&mut state)).round() as i64, 2))
        .collect();
    let rest: Decimal = amounts[1..].iter().sum();
    amounts[0] = -(rest / Decimal::TWO).round_dp(2);
    let mut flows: Vec<(NaiveDate, Decimal)> = (0..n as u64).map(|i| start + Days::new(i)).zip(amounts).collect();
    match args.get(3).map(String::as_str) {
        Some("none") => flows.iter_mut().for_each(|f| f.1 = f.1.abs()),
        Some("two") => {
            flows.iter_mut().for_each(|f| f.1 = f.1.abs());
            flows[1].1 = -(flows[0].1 + flows[2].1) * Decimal::new(9, 1);
        }
        _ => {}
    }
    let mut last = None;
    for _ in 0..calls {
        last = Some(xirr(black_box(&flows)).unwrap());
    }
    println!("{last:?}");
}
