//! The number of cases of a property test: its own count, times
//! `DISBURSE_PROPTEST_SCALE` when set (a whole number ≥ 1), for hunts:
//! `DISBURSE_PROPTEST_SCALE=20 cargo test --release --all-features`.
//! (`PROPTEST_CASES` only sets the default count, which the properties
//! with a count of their own do not use.)

/// `n` cases, scaled by `DISBURSE_PROPTEST_SCALE`.
pub(crate) fn cases(n: u32) -> u32 {
    let scale = std::env::var("DISBURSE_PROPTEST_SCALE")
        .ok()
        .and_then(|s| s.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1);
    n.saturating_mul(scale)
}
