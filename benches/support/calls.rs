//! A count of the benchmarked calls, for measuring CPU time per call on a
//! busy machine: `benches/peers/cpu_time.sh` runs a bench under
//! `perf stat -e task-clock` (CPU time, which other processes do not
//! inflate the way they inflate wall time) in criterion's `--profile-time`
//! mode and divides by the count printed here.

use std::cell::Cell;

thread_local! {
    static CALLS: Cell<u64> = const { Cell::new(0) };
}

/// `f`, counting each call.
pub(crate) fn counted<R>(mut f: impl FnMut() -> R) -> impl FnMut() -> R {
    move || {
        CALLS.with(|c| c.set(c.get() + 1));
        f()
    }
}

/// Prints the count when `DISBURSE_COUNT_CALLS` is set.
pub(crate) fn report() {
    if std::env::var_os("DISBURSE_COUNT_CALLS").is_some() {
        eprintln!("disburse-bench-calls: {}", CALLS.with(Cell::get));
    }
}
