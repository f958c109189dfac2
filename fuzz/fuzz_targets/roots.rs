//! Arbitrary dated and periodic flows through XIRR, IRR and XNPV: nothing
//! may panic or hang, and every reported root must make the NPV vanish
//! (checked independently in `f64`, in `ln(1 + r)`, terms scaled by the
//! largest discount factor).
#![no_main]

use chrono::{Days, NaiveDate};
use disburse::valuation::{irr, xirr, xnpv};
use libfuzzer_sys::fuzz_target;
use rust_decimal::Decimal;

/// Whether `x = ln(1 + r)` zeroes `Σ aᵢ e^(−x·tᵢ)`, allowing the solver's
/// tolerance and the `f64` rate's resolution of `1 + r`.
fn is_root(flows: &[(f64, f64)], r: f64) -> bool {
    let x = r.ln_1p();
    let top = flows
        .iter()
        .filter(|(_, a)| *a != 0.0)
        .map(|(t, _)| -x * t)
        .fold(f64::NEG_INFINITY, f64::max);
    let (mut v, mut m, mut slope) = (0.0f64, 0.0f64, 0.0f64);
    for (t, a) in flows.iter().filter(|(_, a)| *a != 0.0) {
        let term = a * (-x * t - top).exp();
        v += term;
        m += term.abs();
        slope += (term * t).abs();
    }
    let tolerance = 1e-12 + f64::EPSILON / (1.0 + r);
    // Rounding of the amounts to f64 and of the sums: 1e-9 of the terms.
    v.abs() <= 1e-9 * m + 8.0 * tolerance * slope
}

fuzz_target!(|data: &[u8]| {
    // Each flow: 2 bytes of day offset, 8 bytes of mantissa, 1 byte of scale.
    let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let mut dated = Vec::new();
    for chunk in data.chunks_exact(11).take(64) {
        let day = u16::from_le_bytes([chunk[0], chunk[1]]);
        let mut m = [0u8; 8];
        m.copy_from_slice(&chunk[2..10]);
        let mantissa = i64::from_le_bytes(m);
        let scale = u32::from(chunk[10] % 29);
        let Some(date) = start.checked_add_days(Days::new(u64::from(day))) else {
            continue;
        };
        dated.push((date, Decimal::new(mantissa, scale)));
    }
    if dated.is_empty() {
        return;
    }
    let as_f64 = |d: &Decimal| d.to_string().parse::<f64>().unwrap_or(0.0);
    let origin = dated.iter().map(|(d, _)| *d).min().unwrap_or(start);
    let years: Vec<(f64, f64)> = dated
        .iter()
        .map(|(d, a)| ((*d - origin).num_days() as f64 / 365.0, as_f64(a)))
        .collect();
    if let Ok(roots) = xirr(&dated) {
        for r in roots.roots() {
            assert!(r.is_finite() && *r > -1.0, "root {r} outside the domain");
            assert!(is_root(&years, *r), "xirr root {r} is not a root of {dated:?}");
            let _ = xnpv(*r, &dated);
        }
    }
    let amounts: Vec<Decimal> = dated.iter().map(|(_, a)| *a).collect();
    let periods: Vec<(f64, f64)> = amounts.iter().enumerate().map(|(i, a)| (i as f64, as_f64(a))).collect();
    if let Ok(roots) = irr(&amounts) {
        for r in roots.roots() {
            assert!(r.is_finite() && *r > -1.0, "root {r} outside the domain");
            assert!(is_root(&periods, *r), "irr root {r} is not a root of {amounts:?}");
        }
    }
});
