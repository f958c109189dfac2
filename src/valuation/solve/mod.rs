//! Root finding for IRR, XIRR and break-even rates: every rate `r` in a range
//! at which `NPV(r) = Σ aᵢ (1 + r)^(−tᵢ)` is zero.
//!
//! # Algorithm
//!
//! The solver works in `x = ln(1 + r)`, where the NPV is the exponential sum
//! `f(x) = Σ aᵢ e^(−x·tᵢ)`. Flows are first put in a canonical form: amounts
//! divided by their largest magnitude (so the result does not depend on the
//! unit of money), sorted by time (only if they are not sorted already),
//! flows at equal times merged and zero flows dropped.
//!
//! The search covers the whole domain `−1 < r < ∞` (`x` over the real
//! line) unless the settings narrow it: every real zero lies in an interval
//! computed from the flows themselves (see [`isolate::root_bounds`]: the
//! dated analogue of Cauchy's bound, `f ≠ 0` once the first flow outweighs
//! all later ones together, and symmetrically at the other end), which is
//! then intersected with the settings' bounds.
//!
//! *Descartes' rule of signs* holds for exponential sums: `f` has at most `V`
//! real zeros, `V` the number of sign changes of its coefficients in time
//! order.
//!
//! - `V = 0`: no root, decided without evaluating anything.
//! - `V = 1`: exactly one real zero on the whole domain (`f` takes the sign
//!   of the last flow as `r → −1` and of the first as `r → ∞`); in a
//!   narrowed range when `f` has opposite signs at its two ends; found by a
//!   bracketed solve.
//! - `V ≥ 2`: roots are isolated exactly by Rolle's theorem, the
//!   classic proof of the rule. For a time `c` at a sign change,
//!   `g(x) = e^(c·x) f(x)` has the zeros of `f`, and
//!   `g'(x) = e^(c·x) Σ aᵢ (c − tᵢ) e^(−x·tᵢ)` has coefficients with exactly
//!   one sign change fewer. All zeros of `g'` in the range (its *critical
//!   points*) are found recursively; between two consecutive ones `g` is
//!   monotone and holds at most one zero of `f`, which is solved for where
//!   `f` changes sign. A critical point where `f` vanishes to within
//!   rounding (`|f| ≤ 16 ε · Σ|terms|`) is a double root, reported once.
//!   Coefficients are re-normalised at each level. Used up to 24 sign
//!   changes, and beyond while `V² × flows` stays within a budget (10⁷) and
//!   no level loses a sign change to underflow.
//! - Otherwise the range is subdivided with certificates instead (see
//!   [`Solver::isolate`]): each term of `f` is monotone in `x`, so the
//!   values of its positive and negative parts at an interval's ends bound
//!   them inside it; an interval is dropped where `f` provably keeps one
//!   sign, solved where `g'` provably keeps one sign (one zero at most), and
//!   halved otherwise. Complete for any number of sign changes; where an
//!   interval cannot be decided within the tolerance (a double root, two
//!   roots closer than the tolerance) or a budget of 20,000 halvings, the
//!   outcome is [`Roots::Incomplete`] naming the intervals — never a
//!   silent "none".
//!
//! Each bracketed solve is a safeguarded Newton iteration in `x` on
//! `φ(x) = ln(P(x)/N(x))`, `P` and `N` the sums of the positive and of the
//! negative terms: `φ` has the zeros and signs of `f`, and is nearly linear
//! for typical flows (exactly so when the inflows share one date), so a few
//! steps suffice where Newton on `f` itself overshoots by orders of
//! magnitude. The first iterate is the Newton step of `φ` from `x = 0`,
//! which needs no `exp` (`ln(P₀/N₀)` over the difference of money-weighted
//! mean times: the duration estimate of an IRR). A step that leaves the
//! bracket or does not shrink fast enough is replaced by bisection. The
//! solve stops when the bracket, mapped back to rates, is narrower than
//! `tolerance × max(1, |r|)` (a Newton step shorter than half the tolerance
//! is confirmed by the sign just past it: proven from the same evaluation
//! where its slope is clear of the rounding — see
//! [`Solver::sign_change_proven`] — else by one evaluation there) or when
//! `f` is exactly zero; after `max_iterations` without convergence it returns the
//! bracket's midpoint only if `|f|` there is within `tolerance` of the
//! terms' magnitude, and an error otherwise.
//!
//! Evaluations re-reference time at the first flow (for `x ≥ 0`) or the last
//! (for `x < 0`), so no discount factor exceeds one and nothing overflows
//! anywhere in the range (terms discounted below 1e-200 of their amount
//! relative to the reference flow are skipped). Every test on a function
//! value is relative to the magnitude of its terms, `Σ |aᵢ e^(−x·tᵢ)|`,
//! never absolute.

mod isolate;
mod roots;
mod settings;

pub use roots::{RateInterval, Roots};
pub use settings::SolverSettings;

use super::kernel::{Dated, Evaluator, Flows, SPLIT_CUTOFF, SplitSums, canonical_dated};
use crate::{Bound, Error, Quantity, Result};

/// Up to this many sign changes the Rolle recursion isolates the roots
/// whatever the number of flows.
const MAX_SIGN_CHANGES: usize = 24;

/// Beyond [`MAX_SIGN_CHANGES`], the Rolle recursion is used while
/// `V² × flows` stays within this budget (its cost grows as `V²` solves of
/// the whole sum) and `V` within [`MAX_ROLLE_DEPTH`]; past either, the
/// certified subdivision of [`Solver::isolate`] is used.
const ROLLE_BUDGET: usize = 10_000_000;

/// The deepest Rolle recursion (one level per sign change).
const MAX_ROLLE_DEPTH: usize = 512;

/// Unsorted flows are bucketed by unit (a counting sort) when their span of
/// units is at most this many times their number (or 1,024), else sorted.
const BUCKET_SPAN_PER_FLOW: usize = 8;

/// From this many flows, a solve on the whole domain starts from the
/// root of a coarse model ([`Evaluator::coarse_root`]).
const COARSE_MIN_FLOWS: usize = 128;

/// The largest `x = ln(1 + r)` whose rate `e^x − 1` is a finite `f64`.
const X_REPRESENTABLE: f64 = 709.782_712_893_384;

/// The smallest `x = ln(1 + r)` whose rate `e^x − 1` is above −1 in `f64`
/// (`1 + r ≥ 2^−53`).
const X_REPRESENTABLE_LOW: f64 = -36.736_800_569_677_1;

/// A value is zero to within rounding when it is at most this times the sum
/// of the magnitudes of its terms.
const ZERO_RELATIVE: f64 = 16.0 * f64::EPSILON;

/// Every root `r` of `NPV(r) = Σ aᵢ (1 + r)^(−uᵢ / per_year)` in the
/// settings' range (by default the whole domain `r > −1`), ascending. See
/// the module documentation for the algorithm.
///
/// # Errors
/// Invalid settings (see [`SolverSettings::validate`]); [`Error::Empty`] for
/// no flows; [`Error::NonFinite`] for a NaN or infinite amount;
/// [`Error::AllZeroFlows`] when the flows (merged by time) are all zero;
/// [`Error::OutOfRange`] for units per year that are not positive or a
/// solve that did not converge within `max_iterations`;
/// [`Error::RootNotRepresentable`] for a root beyond the largest `f64` rate.
pub(crate) fn find_roots(flows: &Flows, settings: &SolverSettings) -> Result<Roots> {
    find_roots_counted(flows, settings).map(|(roots, _)| roots)
}

/// [`find_roots`] and the number of evaluations it made (each one pass
/// over the flows).
pub(crate) fn find_roots_counted(flows: &Flows, settings: &SolverSettings) -> Result<(Roots, u32)> {
    settings.validate()?;
    if !(flows.per_year.is_finite() && flows.per_year > 0.0) {
        return Err(Error::out_of_range(
            Quantity::UnitsPerYear,
            flows.per_year,
            Bound::Positive,
        ));
    }
    if flows.units.len() != flows.amounts.len() {
        return Err(Error::LengthMismatch {
            dates: flows.units.len(),
            amounts: flows.amounts.len(),
        });
    }
    if flows.amounts.is_empty() {
        return Err(Error::Empty { what: Quantity::Flows });
    }
    // One folded test (vectorised) before looking for the culprit.
    let all_finite = flows.amounts.iter().fold(true, |ok, a| ok & a.is_finite());
    if let Some((i, a)) = flows
        .amounts
        .iter()
        .enumerate()
        .find(|(_, a)| !all_finite && !a.is_finite())
    {
        return Err(Error::NonFinite {
            what: Quantity::FlowAmount(i),
            value: *a,
        });
    }
    let (units, coefs) = canonical(flows);
    if coefs.is_empty() {
        return Err(Error::AllZeroFlows);
    }
    let changes = sign_changes(&coefs);
    solve_canonical(&units, &coefs, changes, flows.per_year, settings)
}

/// [`find_roots`] of dated flows (days from the earliest date, 365 a
/// year) as [`Flows::dated`] prepares them: the same roots and errors.
/// Flows with strictly increasing dates and no zero amount (the common
/// case) are put in canonical form straight from the input
/// ([`canonical_dated`]), without the intermediate [`Flows`].
///
/// # Errors
/// As [`Flows::dated`], then as [`find_roots`].
pub(crate) fn find_roots_dated(flows: impl Dated, settings: &SolverSettings) -> Result<Roots> {
    flows.check()?;
    if let Some(c) = canonical_dated(flows) {
        settings.validate()?;
        return solve_canonical(&c.units, &c.coefs, c.changes, DAYS_PER_YEAR, settings).map(|(roots, _)| roots);
    }
    let (flows, _) = Flows::dated(flows)?;
    find_roots(&flows, settings)
}

/// Units per year of dated flows (Act/365F days), as [`Flows::dated`]
/// sets them.
const DAYS_PER_YEAR: f64 = 365.0;

/// The roots of flows in canonical form (see [`canonical`]; at least one
/// coefficient) with `changes` sign changes, and the number of
/// evaluations made; the settings validated and `per_year` positive.
fn solve_canonical(
    units: &[u32],
    coefs: &[f64],
    changes: usize,
    per_year: f64,
    settings: &SolverSettings,
) -> Result<(Roots, u32)> {
    if changes == 0 {
        return Ok((Roots::None, 0));
    }
    let (bound_lo, bound_hi) = isolate::root_bounds(units, coefs, per_year);
    let (user_lo, user_hi) = settings.log_range();
    let (x_lo, x_hi) = (bound_lo.max(user_lo), bound_hi.min(user_hi));
    if x_lo > x_hi {
        return Ok((Roots::None, 0));
    }
    let mut solver = Solver {
        ev: Evaluator::default(),
        units,
        coefs,
        per_year,
        settings,
        x_lo,
        x_hi,
        evaluations: 0,
    };
    let to_rate = |x: f64| {
        // `+ 0.0` turns a root of −0 into 0.
        let r = x.exp_m1() + 0.0;
        if !(X_REPRESENTABLE_LOW..=X_REPRESENTABLE).contains(&x) || r <= -1.0 || !r.is_finite() {
            return Err(Error::RootNotRepresentable { log_growth: x });
        }
        Ok(r.clamp(settings.lower.unwrap_or(-1.0), settings.upper.unwrap_or(f64::MAX)))
    };
    if changes == 1 && x_lo == bound_lo && x_hi == bound_hi {
        // One sign change on the whole domain: the root bound fixes the
        // signs at both ends (the last flow's at `x_lo`, the first's at
        // `x_hi`), so the solve starts without evaluating them.
        let x = solver.solve_in_bound(coefs)?;
        return Ok((Roots::Unique(to_rate(x)?), solver.evaluations));
    }
    let rolle = changes <= MAX_SIGN_CHANGES
        || (changes <= MAX_ROLLE_DEPTH && changes.saturating_mul(changes).saturating_mul(coefs.len()) <= ROLLE_BUDGET);
    let exact = if rolle {
        solver.zeros_counted(coefs, changes)?
    } else {
        None
    };
    let (xs, unresolved) = match exact {
        Some(xs) => (xs, Vec::new()),
        None => solver.isolate(coefs)?,
    };
    // Zeros closer than the tolerance (a root at a point where the sum
    // vanishes to within rounding, found again at the next point) are one.
    let mut merged: Vec<f64> = Vec::with_capacity(xs.len());
    for x in xs {
        let apart = |last: &f64| x - last > settings.tolerance.max(8.0 * f64::EPSILON * x.abs());
        if merged.last().is_none_or(apart) {
            merged.push(x);
        }
    }
    let mut roots: Vec<f64> = Vec::with_capacity(merged.len());
    for x in merged {
        let r = to_rate(x)?;
        if roots.last().is_none_or(|last| r > *last) {
            roots.push(r);
        }
    }
    let roots = if unresolved.is_empty() {
        Roots::from_sorted(roots)
    } else {
        let unresolved = unresolved
            .into_iter()
            .map(|(a, b)| {
                Ok(RateInterval {
                    lower: to_rate(a)?,
                    upper: to_rate(b.min(X_REPRESENTABLE))?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        Roots::Incomplete {
            found: roots,
            unresolved,
        }
    };
    Ok((roots, solver.evaluations))
}

/// The flows normalised by their largest magnitude, sorted by time, merged
/// at equal times (summing in ascending order of amount, so any permutation
/// of the same flows gives the same result to the bit), with zeros dropped.
/// Flows already in time order are merged in one pass; others are bucketed
/// by unit when their span allows, else sorted. Amounts must be finite and
/// the two vectors of equal length.
fn canonical(flows: &Flows) -> (Vec<u32>, Vec<f64>) {
    let n = flows.units.len();
    let largest = largest_magnitude(&flows.amounts);
    let mut merged = Merged {
        units: Vec::with_capacity(n),
        coefs: Vec::with_capacity(n),
    };
    if largest == 0.0 {
        return (merged.units, merged.coefs);
    }
    let pairs = || {
        flows
            .units
            .iter()
            .copied()
            .zip(flows.amounts.iter().map(|a| a / largest))
    };
    // The common case (dated flows are merged by date already): units
    // strictly increase, so every run has one flow and only zeros go. A
    // test that folds (and vectorises) rather than exits early.
    let increasing = flows
        .units
        .iter()
        .zip(flows.units.iter().skip(1))
        .fold(true, |ok, (u, v)| ok & (u < v));
    if increasing {
        let mut units = flows.units.clone();
        let mut coefs: Vec<f64> = flows.amounts.iter().map(|a| a / largest).collect();
        if coefs.contains(&0.0) {
            let mut kept = 0;
            for i in 0..coefs.len().min(units.len()) {
                if coefs[i] != 0.0 {
                    coefs[kept] = coefs[i];
                    units[kept] = units[i];
                    kept += 1;
                }
            }
            coefs.truncate(kept);
            units.truncate(kept);
        }
        return (units, coefs);
    }
    let sorted = flows.units.iter().zip(flows.units.iter().skip(1)).all(|(u, v)| u <= v);
    let (lo, hi) = flows
        .units
        .iter()
        .fold((u32::MAX, 0), |(lo, hi), u| (lo.min(*u), hi.max(*u)));
    let span = hi.saturating_sub(lo) as usize;
    if sorted {
        // One pass; only runs of equal units go through a buffer.
        let mut run = Vec::new();
        let mut iter = pairs().peekable();
        while let Some((u, a)) = iter.next() {
            let run_continues = iter.peek().is_some_and(|(v, _)| *v == u);
            if run_continues || !run.is_empty() {
                run.push(a);
                if !run_continues {
                    merged.flush(u, &mut run);
                    run.clear();
                }
            } else if a != 0.0 {
                merged.units.push(u);
                merged.coefs.push(a);
            }
        }
    } else if span <= BUCKET_SPAN_PER_FLOW.saturating_mul(n.max(1_024)) {
        // Counting sort by unit: bucket `j` holds the flows at `lo + j`, in
        // `buf[start[j]..start[j + 1]]`.
        let mut start = vec![0usize; span + 2];
        for u in &flows.units {
            if let Some(c) = start.get_mut((u - lo) as usize + 1) {
                *c += 1;
            }
        }
        let mut total = 0;
        for c in &mut start {
            total += *c;
            *c = total;
        }
        let mut next = start.clone();
        let mut buf = vec![0.0f64; n];
        for (u, a) in pairs() {
            if let Some(p) = next.get_mut((u - lo) as usize) {
                if let Some(slot) = buf.get_mut(*p) {
                    *slot = a;
                }
                *p += 1;
            }
        }
        for (j, (s, e)) in start.iter().zip(start.iter().skip(1)).enumerate() {
            if let Some(run) = buf.get_mut(*s..*e) {
                // `j ≤ span`, so `lo + j` fits in `u32`.
                merged.flush(lo + j as u32, run);
            }
        }
    } else {
        let mut all: Vec<(u32, f64)> = pairs().collect();
        all.sort_unstable_by(|p, q| p.0.cmp(&q.0).then(p.1.total_cmp(&q.1)));
        let mut run = Vec::new();
        let mut current = lo;
        for (u, a) in all {
            if u != current {
                merged.flush(current, &mut run);
                run.clear();
                current = u;
            }
            run.push(a);
        }
        merged.flush(current, &mut run);
    }
    (merged.units, merged.coefs)
}

/// The largest magnitude of finite `amounts` (0 for none), in four lanes
/// so that the loop vectorises.
fn largest_magnitude(amounts: &[f64]) -> f64 {
    let mut lanes = [0.0f64; 4];
    let mut chunks = amounts.chunks_exact(4);
    for c in &mut chunks {
        for i in 0..4 {
            let a = c[i].abs();
            lanes[i] = if a > lanes[i] { a } else { lanes[i] };
        }
    }
    let rest = chunks.remainder().iter().map(|a| a.abs());
    lanes.into_iter().chain(rest).fold(0.0, f64::max)
}

/// Flows merged by unit, zeros dropped.
struct Merged {
    units: Vec<u32>,
    coefs: Vec<f64>,
}

impl Merged {
    /// Adds the flows `run` at unit `u`: their sum in ascending order of
    /// amount (so independent of their input order), if it is not zero.
    fn flush(&mut self, u: u32, run: &mut [f64]) {
        if run.len() > 1 {
            run.sort_unstable_by(f64::total_cmp);
        }
        let sum: f64 = run.iter().sum();
        if sum != 0.0 {
            self.units.push(u);
            self.coefs.push(sum);
        }
    }
}

/// The number of sign changes of `coefs`, zeros skipped.
fn sign_changes(coefs: &[f64]) -> usize {
    // Chunk by chunk. Without zeros (as in canonical form), a change is a
    // differing sign bit between neighbours: one folded pass, no branch.
    // Chunks with a zero (a derivative's coefficients vanish at its
    // reference time) are counted term by term.
    const CHUNK: usize = 256;
    let mut changes = 0usize;
    // The sign bit of the last nonzero coefficient so far.
    let mut last: Option<u64> = None;
    for chunk in coefs.chunks(CHUNK) {
        let no_zero = chunk.iter().fold(true, |ok, c| ok & (*c != 0.0));
        match (no_zero, chunk.first(), chunk.last()) {
            (true, Some(first), Some(end)) => {
                if let Some(l) = last {
                    changes += (l ^ (first.to_bits() >> 63)) as usize;
                }
                changes += chunk
                    .iter()
                    .zip(chunk.iter().skip(1))
                    .fold(0usize, |n, (a, b)| n + ((a.to_bits() ^ b.to_bits()) >> 63) as usize);
                last = Some(end.to_bits() >> 63);
            }
            _ => {
                for c in chunk.iter().filter(|c| **c != 0.0) {
                    let sign = c.to_bits() >> 63;
                    if let Some(l) = last {
                        changes += (l ^ sign) as usize;
                    }
                    last = Some(sign);
                }
            }
        }
    }
    changes
}

/// The coefficients of `g'` for `g(x) = e^(c·x) f(x)`, `c` the time of the
/// middle sign change of `coefs` (the first flow after it), up to a positive
/// factor: `aᵢ (c − uᵢ)`, normalised to a largest magnitude of one. They
/// have exactly one sign change fewer than `coefs`.
#[cfg(test)]
fn derivative_coefs(units: &[u32], coefs: &[f64]) -> Vec<f64> {
    derivative_coefs_counted(units, coefs, sign_changes(coefs))
}

/// [`derivative_coefs`] of `coefs` with `changes` sign changes (known, so
/// not counted again).
fn derivative_coefs_counted(units: &[u32], coefs: &[f64], changes: usize) -> Vec<f64> {
    let target = changes.div_ceil(2);
    let mut last = 0.0f64;
    let mut seen = 0;
    let mut c = 0u32;
    for (u, a) in units.iter().zip(coefs).filter(|(_, a)| **a != 0.0) {
        if last != 0.0 && (a.is_sign_negative() != last.is_sign_negative()) {
            seen += 1;
            if seen == target {
                c = *u;
                break;
            }
        }
        last = *a;
    }
    let mut d: Vec<f64> = units
        .iter()
        .zip(coefs)
        // `c − u` is an integer below 2^32, exact in `f64` either way.
        .map(|(u, a)| a * (f64::from(c) - f64::from(*u)))
        .collect();
    let scale = d.iter().fold(0.0f64, |m, b| m.max(b.abs()));
    if scale > 0.0 {
        d.iter_mut().for_each(|b| *b /= scale);
    }
    d
}

/// The sign of a sum: 0 when it is zero to within rounding.
fn sign_of(t: &SplitSums) -> i8 {
    let value = t.value();
    if value.abs() <= ZERO_RELATIVE * t.magnitude() {
        0
    } else if value > 0.0 {
        1
    } else {
        -1
    }
}

/// The Newton step for `φ = ln(P/N)` at `t`: `−φ/φ'`, `φ' = N'/N − P'/P`
/// (the discounted mean time of the negative terms less that of the
/// positive ones). Not finite when a part is zero or `φ' = 0`.
fn log_newton_step(t: &SplitSums) -> f64 {
    let phi = (t.positive / t.negative).ln();
    let slope = t.negative_moment / t.negative - t.positive_moment / t.positive;
    -phi / slope
}

/// The first Newton step of `φ = ln(P/N)` from `x = 0`, computed without a
/// single `exp`: `ln(P₀/N₀) / (t̄_P − t̄_N)` with undiscounted sums and
/// money-weighted mean times. For one outflow followed by inflows it is
/// the classic duration estimate of the IRR.
fn free_guess(units: &[u32], coefs: &[f64], per_year: f64) -> f64 {
    let mut sums = SplitSums::default();
    for (u, c) in units.iter().zip(coefs) {
        let u = f64::from(*u);
        if *c >= 0.0 {
            sums.positive += c;
            sums.positive_moment += c * u;
        } else {
            sums.negative -= c;
            sums.negative_moment -= c * u;
        }
    }
    sums.positive_moment /= per_year;
    sums.negative_moment /= per_year;
    log_newton_step(&sums)
}

struct Solver<'a> {
    ev: Evaluator,
    /// Canonical (sorted, distinct) units.
    units: &'a [u32],
    /// Canonical coefficients (nonzero, largest magnitude at most one).
    coefs: &'a [f64],
    per_year: f64,
    settings: &'a SolverSettings,
    x_lo: f64,
    x_hi: f64,
    /// Evaluations so far (each one pass over the flows).
    evaluations: u32,
}

impl Solver<'_> {
    /// Evaluates `coefs`: the canonical terms (borrowed for the solver's
    /// whole life) or a derivative's made by [`Solver::derivative`]
    /// (unchanged for as long as it lives), both recognised by address.
    fn eval(&mut self, coefs: &[f64], x: f64) -> SplitSums {
        self.evaluations = self.evaluations.saturating_add(1);
        self.ev.split_borrowed(self.units, coefs, self.per_year, x, true)
    }

    /// [`derivative_coefs`] of `coefs`, made the only way the solver makes
    /// new terms: the evaluator then forgets the slices it recognises by
    /// address (the new terms may sit where a dropped derivative's were).
    fn derivative(&mut self, coefs: &[f64]) -> Vec<f64> {
        self.derivative_counted(coefs, sign_changes(coefs))
    }

    /// [`derivative`](Self::derivative) of `coefs` with `changes` sign
    /// changes.
    fn derivative_counted(&mut self, coefs: &[f64], changes: usize) -> Vec<f64> {
        let d = derivative_coefs_counted(self.units, coefs, changes);
        self.ev.forget_borrowed();
        d
    }

    /// [`zeros_counted`](Self::zeros_counted), counting the sign changes.
    #[cfg(test)]
    fn zeros(&mut self, coefs: &[f64]) -> Result<Option<Vec<f64>>> {
        self.zeros_counted(coefs, sign_changes(coefs))
    }

    /// All zeros in `[x_lo, x_hi]` of `Σ coefs e^(−x·t)` (with `changes`
    /// sign changes), ascending, by the Rolle recursion (one level per sign
    /// change; each level's count made once, for the check of its
    /// derivative, then passed down). `None` when a level's coefficients
    /// lost a sign change to underflow, so the recursion's premise fails
    /// and another method must be used.
    fn zeros_counted(&mut self, coefs: &[f64], changes: usize) -> Result<Option<Vec<f64>>> {
        let (x_lo, x_hi) = (self.x_lo, self.x_hi);
        match changes {
            0 => Ok(Some(Vec::new())),
            1 => self.zeros_between(coefs, &[x_lo, x_hi]).map(Some),
            changes => {
                let derivative = self.derivative_counted(coefs, changes);
                let derivative_changes = sign_changes(&derivative);
                if derivative_changes + 1 != changes {
                    return Ok(None);
                }
                let Some(critical) = self.zeros_counted(&derivative, derivative_changes)? else {
                    return Ok(None);
                };
                let mut points = Vec::with_capacity(critical.len() + 2);
                points.push(x_lo);
                points.extend(critical.into_iter().filter(|p| *p > x_lo && *p < x_hi));
                points.push(x_hi);
                points.dedup();
                self.zeros_between(coefs, &points).map(Some)
            }
        }
    }

    /// The zeros of `Σ coefs e^(−x·t)` at or between the ascending `points`,
    /// assuming at most one zero between consecutive points: points where it
    /// vanishes to within rounding, and a solve in each step where it
    /// changes sign.
    fn zeros_between(&mut self, coefs: &[f64], points: &[f64]) -> Result<Vec<f64>> {
        // Computed when a step changes sign (a pass over the terms).
        let mut guess = None;
        let mut zeros = Vec::new();
        let mut previous: Option<(f64, SplitSums, i8)> = None;
        for &x in points {
            let t = self.eval(coefs, x);
            let s = sign_of(&t);
            if let Some((p, tp, sp)) = previous {
                if sp != 0 && s != 0 && sp != s {
                    // Start from the free guess, else a Newton step from
                    // either end, else the middle.
                    let inside = |z: f64| z > p && z < x;
                    // Many flows: the coarse model's root (as in
                    // `solve_in_bound`), else the free guess.
                    let coarse = if coefs.len() >= COARSE_MIN_FLOWS {
                        self.ev.coarse_root(self.units, coefs, self.per_year, None, p, x)
                    } else {
                        None
                    };
                    let guess = match coarse {
                        Some(c) => c,
                        None => *guess.get_or_insert_with(|| free_guess(self.units, coefs, self.per_year)),
                    };
                    let start = [guess, p + log_newton_step(&tp), x + log_newton_step(&t)]
                        .into_iter()
                        .find(|z| inside(*z))
                        .unwrap_or(p + 0.5 * (x - p));
                    zeros.push(self.solve(coefs, p, x, sp, start)?);
                }
            }
            if s == 0 {
                zeros.push(x);
            }
            previous = Some((x, t, s));
        }
        Ok(zeros)
    }

    /// The one zero of `Σ coefs e^(−x·t)` (one sign change) in the root
    /// bound `[x_lo, x_hi]`, where its signs are the last coefficient's at
    /// `x_lo` and the first's at `x_hi`: no evaluation of the ends.
    fn solve_in_bound(&mut self, coefs: &[f64]) -> Result<f64> {
        let sign_lo = if coefs.last().is_some_and(|c| *c < 0.0) { -1 } else { 1 };
        let (a, b) = (self.x_lo, self.x_hi);
        // Many flows: start from the root of a coarse model of the sum (a
        // few `exp`s a bucket, against one a flow an evaluation), itself
        // started from the free guess its buckets give; any start is safe,
        // the solve brackets the root.
        let coarse = if coefs.len() >= COARSE_MIN_FLOWS && std::ptr::eq(coefs, self.coefs) {
            self.ev.coarse_root(self.units, coefs, self.per_year, None, a, b)
        } else {
            None
        };
        let start = coarse.unwrap_or_else(|| {
            let guess = free_guess(self.units, coefs, self.per_year);
            if guess > a && guess < b {
                guess
            } else {
                a + 0.5 * (b - a)
            }
        });
        self.solve(coefs, a, b, sign_lo, start)
    }

    /// Whether the bracket `[a, b]` is narrower than the tolerance in `x`
    /// (so `1 + r` is known to `tolerance` relative), or cannot be split
    /// further in floating point.
    fn converged(&self, a: f64, b: f64) -> bool {
        let mid = a + 0.5 * (b - a);
        b - a <= self.settings.tolerance || mid <= a || mid >= b
    }

    /// The root reported for a converged bracket `[a, b]`: the Newton
    /// `candidate` inside it, else its middle. A rate of exactly zero
    /// (equal nominal sums, as between two plans for one headline) is
    /// reported as 0, not as rounding noise around it.
    fn bracketed(&mut self, coefs: &[f64], a: f64, b: f64, candidate: Option<f64>) -> f64 {
        if a <= 0.0 && 0.0 <= b && sign_of(&self.eval(coefs, 0.0)) == 0 {
            return 0.0;
        }
        candidate.filter(|c| *c >= a && *c <= b).unwrap_or(a + 0.5 * (b - a))
    }

    /// Whether the sum's sign at `x + h` is proven opposite to its
    /// computed sign at `x` (split sums `t`), from `t` alone: the mean
    /// value theorem on `φ = ln(P/N)`, with `φ(x)` known to within the
    /// rounding of the sums and `φ'` on `[x, x + h]` within its computed
    /// value at `x` plus the rounding of the moments and the drift of the
    /// slope (`|φ''| = |Var_P − Var_N| ≤ L²/4` for terms spanning `L`
    /// years). Used for the step just past a converged Newton iterate,
    /// which then needs no evaluation where the slope is clear of the
    /// rounding (`|φ'| · h` far above it); `false` (evaluate) otherwise.
    ///
    /// The rounding of `φ(x)`: each term is `c·e^(k·o)` from one or two
    /// `exp`s of rounded exponents and one or two products, within
    /// `(4 + 2|k·o|)·ε` relative (`|k·o| ≤ |x|·L`, and at most
    /// [`SPLIT_CUTOFF`] for the terms summed); the compensated sums add
    /// about `3ε`, the logarithm of the ratio `2ε`; twice that in all,
    /// doubled again as a margin, plus `ε·|x|·|φ'|` for `k = −x/per_year`
    /// itself rounded. The moments are plain sums of `n` positive terms
    /// (within `(n + 16 + 4|x|L)·ε` relative, doubled).
    fn sign_change_proven(&self, t: &SplitSums, x: f64, h: f64) -> bool {
        let (p, q) = (t.positive, t.negative);
        if !(p.is_finite() && q.is_finite() && p > 1e-150 && q > 1e-150 && h.is_finite()) {
            return false;
        }
        let span = match (self.units.first(), self.units.last()) {
            (Some(first), Some(last)) => f64::from(last - first) / self.per_year,
            _ => return false,
        };
        let reach = (x.abs() * span).min(SPLIT_CUTOFF);
        let phi = (p / q).ln();
        let (mean_p, mean_q) = (t.positive_moment / p, t.negative_moment / q);
        let slope = mean_q - mean_p;
        let n = self.units.len() as f64;
        let slope_error = 2.0 * (n + 16.0 + 4.0 * reach) * f64::EPSILON * (mean_p.abs() + mean_q.abs())
            + 0.25 * span * span * h.abs();
        let phi_error = 4.0 * (9.0 + 2.0 * reach) * f64::EPSILON + f64::EPSILON * x.abs() * slope.abs();
        let (low, high) = ((slope - slope_error) * h, (slope + slope_error) * h);
        let (low, high) = (low.min(high), low.max(high));
        let proven = if phi > 0.0 {
            phi + phi_error + high < 0.0
        } else if phi < 0.0 {
            phi - phi_error + low > 0.0
        } else {
            false
        };
        proven && slope_error.is_finite() && phi_error.is_finite()
    }

    /// The zero of `Σ coefs e^(−x·t)` in `(a, b)`, where it has sign
    /// `sign_a` at `a` and the opposite sign at `b`, starting from `x`:
    /// safeguarded Newton on `φ = ln(P/N)` (positive over negative terms,
    /// which has the zeros and signs of the sum and is nearly linear in `x`
    /// for typical flows) with bisection.
    fn solve(&mut self, coefs: &[f64], mut a: f64, mut b: f64, sign_a: i8, mut x: f64) -> Result<f64> {
        let negative_at_a = sign_a < 0;
        let (mut step, mut step_before) = (b - a, b - a);
        // A Newton iterate that a step just past it is checking.
        let mut candidate: Option<f64> = None;
        let mut probed = false;
        for _ in 0..self.settings.max_iterations {
            let t = self.eval(coefs, x);
            if t.positive == t.negative {
                return Ok(x);
            }
            let below = (t.positive < t.negative) == negative_at_a;
            if below {
                a = x;
            } else {
                b = x;
            }
            if self.converged(a, b) {
                return Ok(self.bracketed(coefs, a, b, candidate));
            }
            candidate = None;
            let dx = log_newton_step(&t);
            let newton = x + dx;
            let accept = newton.is_finite() && newton > a && newton < b && 2.0 * dx.abs() <= step_before.abs();
            step_before = step;
            if accept {
                step = dx;
                let tol = self.settings.tolerance;
                let at = x;
                x = newton;
                if dx.abs() <= 0.5 * tol {
                    // Step just past the Newton iterate: a sign change there
                    // brackets it within the tolerance.
                    let past = newton + (0.25 * tol).copysign(dx);
                    candidate = Some(newton);
                    if past > a && past < b {
                        if self.sign_change_proven(&t, at, past - at) {
                            // Proven from this evaluation's slope: the bracket
                            // ends at `past` without evaluating there.
                            if below {
                                b = past;
                            } else {
                                a = past;
                            }
                            if self.converged(a, b) {
                                return Ok(self.bracketed(coefs, a, b, candidate));
                            }
                        }
                        x = past;
                    }
                }
            } else if !probed && dx.abs() <= 0.5 * self.settings.tolerance {
                // Newton stays put but points out of the bracket: `x` is a
                // root to rounding noise on the far side of its own sign.
                // Probe once just inside the bracket on the open side,
                // instead of bisecting the whole bracket down to `x`.
                probed = true;
                candidate = Some(x);
                let reach = 0.5 * self.settings.tolerance;
                let probe = if x == a { a + reach } else { b - reach };
                step = reach;
                x = if probe > a && probe < b {
                    probe
                } else {
                    a + 0.5 * (b - a)
                };
            } else {
                step = 0.5 * (b - a);
                x = a + step;
            }
        }
        // Not converged: the bracket's midpoint only if it is a root to
        // within the tolerance relative to the terms' magnitude.
        let mid = a + 0.5 * (b - a);
        let t = self.eval(coefs, mid);
        if t.value().abs() <= self.settings.tolerance * t.magnitude() {
            Ok(mid)
        } else {
            Err(Error::NoConvergence {
                iterations: self.settings.max_iterations,
                lower: a.exp_m1(),
                upper: b.exp_m1(),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn periodic(amounts: &[f64]) -> Flows {
        let n = amounts.len() as u32;
        Flows {
            units: (0..n).collect(),
            amounts: amounts.to_vec(),
            per_year: 1.0,
            max_unit: n.saturating_sub(1),
        }
    }

    fn flows(units: &[u32], amounts: &[f64], per_year: f64) -> Flows {
        Flows {
            units: units.to_vec(),
            amounts: amounts.to_vec(),
            per_year,
            max_unit: units.iter().copied().max().unwrap_or(0),
        }
    }

    fn solve(f: &Flows) -> Roots {
        find_roots(f, &SolverSettings::default()).unwrap()
    }

    /// NPV at `r` and the magnitude of its terms, directly.
    fn npv(f: &Flows, r: f64) -> (f64, f64) {
        let terms = f
            .units
            .iter()
            .zip(&f.amounts)
            .map(|(u, a)| a * (1.0 + r).powf(-f64::from(*u) / f.per_year));
        terms.fold((0.0, 0.0), |(s, m), t| (s + t, m + t.abs()))
    }

    /// Whether `r` is a root: NPV within 1e-12 of the terms' magnitude, plus
    /// what the tolerance on `r` allows (the slope times 2 × tolerance).
    fn is_root(f: &Flows, r: f64, tolerance: f64) -> bool {
        let (v, m) = npv(f, r);
        let slope: f64 = f
            .units
            .iter()
            .zip(&f.amounts)
            .map(|(u, a)| {
                let t = f64::from(*u) / f.per_year;
                (a * t * (1.0 + r).powf(-t - 1.0)).abs()
            })
            .sum();
        v.abs() <= 1e-12 * m + 2.0 * tolerance * r.abs().max(1.0) * slope
    }

    /// Whether `x = ln(1 + r)` is a root: NPV within 1e-10 of the terms'
    /// magnitude, plus what a tolerance on `x` allows (the slope in `x`
    /// times 4 × tolerance). Terms are scaled by their largest factor, so
    /// this holds at any rate.
    fn is_root_x(f: &Flows, x: f64, tolerance: f64) -> bool {
        let exponent = |u: u32| -x * f64::from(u) / f.per_year;
        let nonzero = || f.units.iter().zip(&f.amounts).filter(|(_, a)| **a != 0.0);
        let top = nonzero().map(|(u, _)| exponent(*u)).fold(f64::NEG_INFINITY, f64::max);
        let (mut v, mut m, mut slope) = (0.0, 0.0, 0.0);
        for (u, a) in nonzero() {
            let term = a * (exponent(*u) - top).exp();
            v += term;
            m += term.abs();
            slope += (term * f64::from(*u) / f.per_year).abs();
        }
        v.abs() <= 1e-10 * m + 4.0 * tolerance * slope
    }

    fn close(got: f64, want: f64, rel: f64) -> bool {
        (got - want).abs() <= rel * want.abs().max(1e-300)
    }

    fn excel_xirr() -> Flows {
        // Days from 2008-01-01 to 2008-03-01, 2008-10-30, 2009-02-15, 2009-04-01.
        flows(
            &[0, 60, 303, 411, 456],
            &[-10000.0, 2750.0, 4250.0, 3250.0, 2750.0],
            365.0,
        )
    }

    const EXCEL_IRR: f64 = 0.086_630_948_036_531_614_293_094_202_508_5;
    const EXCEL_XIRR: f64 = 0.373_362_533_518_831_510_308_455_411_914_554_824_171_297_845;

    #[test]
    fn reference_irr_cases() {
        let two = solve(&periodic(&[-100.0, 230.0, -132.0]));
        let r = two.roots();
        assert_eq!(r.len(), 2, "two IRRs: {two:?}");
        assert!((r[0] - 0.1).abs() <= 1e-12, "first IRR 0.1: {}", r[0]);
        assert!((r[1] - 0.2).abs() <= 1e-12, "second IRR 0.2: {}", r[1]);
        assert!(matches!(two, Roots::Multiple(_)), "multiple: {two:?}");

        assert_eq!(
            solve(&periodic(&[100.0, 200.0, 300.0])),
            Roots::None,
            "all positive: no IRR"
        );

        let excel = solve(&periodic(&[-70000.0, 12000.0, 15000.0, 18000.0, 21000.0, 26000.0]));
        let irr = excel.unique().unwrap();
        assert!(close(irr, EXCEL_IRR, 1e-12), "Excel IRR: {irr} vs {EXCEL_IRR}");
    }

    #[test]
    fn excel_xirr_doc_case() {
        let roots = solve(&excel_xirr());
        let x = roots.unique().unwrap();
        assert!(close(x, EXCEL_XIRR, 1e-12), "Excel XIRR: {x} vs {EXCEL_XIRR}");
        assert_eq!(roots.to_string(), "0.3733625335", "display");
    }

    #[test]
    fn scale_invariance() {
        let cases = [
            excel_xirr(),
            periodic(&[-100.0, 230.0, -132.0]),
            periodic(&[-2000.0, 6900.0, -7900.0, 3003.0]),
        ];
        for base in cases {
            let want = solve(&base);
            for scale in [1e-2, 1.0, 1e6, 1e11, 1e12] {
                let mut f = base.clone();
                f.amounts.iter_mut().for_each(|a| *a *= scale);
                let got = solve(&f);
                assert_eq!(got.len(), want.len(), "scale {scale}: {got:?} vs {want:?}");
                for (g, w) in got.roots().iter().zip(want.roots()) {
                    assert!((g - w).abs() <= 1e-12 * w.abs().max(1.0), "scale {scale}: {g} vs {w}");
                }
            }
        }
    }

    #[test]
    fn order_invariance_and_merging() {
        let base = excel_xirr();
        let want = solve(&base);
        let mut reversed = base.clone();
        reversed.units.reverse();
        reversed.amounts.reverse();
        assert_eq!(solve(&reversed), want, "reversed flows");
        let shuffled = flows(
            &[303, 0, 456, 60, 411],
            &[4250.0, -10000.0, 2750.0, 2750.0, 3250.0],
            365.0,
        );
        assert_eq!(solve(&shuffled), want, "shuffled flows");
        // The same flows split into parts at repeated times.
        let split = flows(
            &[456, 0, 60, 303, 0, 411, 303, 456, 60],
            &[2000.0, -4000.0, 2750.0, 4000.0, -6000.0, 3250.0, 250.0, 750.0, 0.0],
            365.0,
        );
        let got = solve(&split).unique().unwrap();
        assert!(close(got, EXCEL_XIRR, 1e-12), "split flows: {got}");
    }

    #[test]
    fn three_known_roots() {
        // (1.05v − 1)(1.1v − 1)(1.3v − 1) × 2000 with v = 1/(1 + r).
        let f = periodic(&[-2000.0, 6900.0, -7900.0, 3003.0]);
        let roots = solve(&f);
        let want = [0.05, 0.1, 0.3];
        assert_eq!(roots.len(), 3, "three roots: {roots:?}");
        for (g, w) in roots.roots().iter().zip(want) {
            assert!((g - w).abs() <= 1e-12, "root {w}: {g}");
        }
        // Restricting the range drops the roots outside it.
        let s = SolverSettings {
            upper: Some(0.2),
            ..SolverSettings::default()
        };
        let low = find_roots(&f, &s).unwrap();
        assert_eq!(low.len(), 2, "roots up to 20%: {low:?}");
        let s = SolverSettings {
            lower: Some(0.07),
            upper: Some(0.2),
            ..SolverSettings::default()
        };
        let mid = find_roots(&f, &s).unwrap().unique().unwrap();
        assert!((mid - 0.1).abs() <= 1e-12, "only 10% in [7%, 20%]: {mid}");
        let s = SolverSettings {
            lower: Some(0.31),
            ..SolverSettings::default()
        };
        assert!(find_roots(&f, &s).unwrap().is_empty(), "none above 31%");
        // Reversed time (a root of the mirrored sum is r' = 1/(1+r) − 1).
        let mirrored = periodic(&[3003.0, -7900.0, 6900.0, -2000.0]);
        let m = solve(&mirrored);
        let want_m = [1.0 / 1.3 - 1.0, 1.0 / 1.1 - 1.0, 1.0 / 1.05 - 1.0];
        assert_eq!(m.len(), 3, "mirrored: {m:?}");
        for (g, w) in m.roots().iter().zip(want_m) {
            assert!((g - w).abs() <= 1e-12, "mirrored root {w}: {g}");
        }
    }

    #[test]
    fn double_roots_are_reported_once() {
        // (1.25v − 1)² = 1.5625v² − 2.5v + 1, exact in binary: double root 25%.
        let exact = solve(&periodic(&[1.0, -2.5, 1.5625]));
        let r = exact.unique().unwrap();
        assert!((r - 0.25).abs() <= 1e-12, "double root 25%: {exact:?}");
        // (1.1v − 1)², coefficients rounded: a double root to within rounding.
        let rounded = solve(&periodic(&[1.0, -2.2, 1.21]));
        let r = rounded.unique().unwrap();
        assert!((r - 0.1).abs() <= 1e-7, "double root 10%: {rounded:?}");
        // A double and a simple root: (1.25v − 1)²(1.5v − 1) × 64.
        let f = periodic(&[-64.0, 256.0, -340.0, 150.0]);
        let roots = solve(&f);
        assert_eq!(roots.len(), 2, "double 25% and simple 50%: {roots:?}");
        assert!((roots.roots()[0] - 0.25).abs() <= 1e-12, "25%: {roots:?}");
        assert!((roots.roots()[1] - 0.5).abs() <= 1e-12, "50%: {roots:?}");
    }

    #[test]
    fn two_sign_changes_without_real_root() {
        // 250v² − 300v + 100: discriminant 90,000 − 100,000 < 0.
        assert_eq!(solve(&periodic(&[100.0, -300.0, 250.0])), Roots::None, "no real root");
        // Roots 0.1 and 0.2 exist, but not in [25%, 10,000%].
        let s = SolverSettings {
            lower: Some(0.25),
            ..SolverSettings::default()
        };
        assert!(
            find_roots(&periodic(&[-100.0, 230.0, -132.0]), &s).unwrap().is_empty(),
            "out of range"
        );
    }

    #[test]
    fn extreme_ranges_do_not_overflow() {
        // 600 periods at −99%: (1 + r)^600 = 1e1200 would overflow.
        let mut amounts = vec![1.0; 600];
        amounts[0] = -100.0;
        let r = solve(&periodic(&amounts)).unique().unwrap();
        assert!(
            is_root(&periodic(&amounts), r, 1e-12),
            "NPV at {r}: {:?}",
            npv(&periodic(&amounts), r)
        );
        // A root below −99% is found by default, and left out of a narrower range.
        let f = periodic(&[-1.0, 0.001]);
        let r = solve(&f).unique().unwrap();
        assert!((r + 0.999).abs() <= 1e-15, "-99.9%: {r}");
        let s = SolverSettings {
            lower: Some(-0.99),
            ..SolverSettings::default()
        };
        assert!(find_roots(&f, &s).unwrap().is_empty(), "root at -99.9% below -99%");
        // Flows starting late: every factor underflows at 10,000% without re-referencing.
        let late = flows(&[400, 401], &[-1.0, 1.5], 1.0);
        let r = solve(&late).unique().unwrap();
        assert!((r - 0.5).abs() <= 1e-12, "late flows: {r}");
        // A root at the range's end is included.
        let s = SolverSettings {
            lower: Some(0.5),
            ..SolverSettings::default()
        };
        assert_eq!(
            find_roots(&late, &s).unwrap().unique(),
            Some(0.5),
            "root at the lower bound"
        );
    }

    /// `Π factors` of integer polynomials (coefficients from the constant up).
    fn product(factors: &[&[i128]]) -> Vec<f64> {
        let mut p = vec![1i128];
        for q in factors {
            let mut r = vec![0i128; p.len() + q.len() - 1];
            for (i, a) in p.iter().enumerate() {
                for (j, b) in q.iter().enumerate() {
                    r[i + j] += a * b;
                }
            }
            p = r;
        }
        p.into_iter().map(|c| c as f64).collect()
    }

    #[test]
    fn two_close_roots_among_28_sign_changes() {
        // (11v − 10)(2201v − 2000)(v² − v + 1)^13, v = 1/(1 + r): 29 integer
        // coefficients (exact in f64), 28 sign changes, real roots exactly
        // 10% and 10.05% and no other (v² − v + 1 has none). NPV is +0.63 at
        // 9%, −3.4e-4 at 10.025%, +0.46 at 11% (exact rationals), against
        // terms up to 1.8e10: the roots are ill-conditioned, known to about
        // ε·Σ|terms| / |NPV'| ≈ 1e-6 in f64.
        let cube: &[i128] = &[1, -1, 1];
        let mut factors: Vec<&[i128]> = vec![&[-10, 11], &[-2000, 2201]];
        factors.extend(std::iter::repeat_n(cube, 13));
        let f = periodic(&product(&factors));
        assert_eq!(sign_changes(&canonical(&f).1), 28);
        let roots = solve(&f);
        assert!(matches!(roots, Roots::Multiple(_)), "two roots, proven: {roots:?}");
        assert_eq!(roots.len(), 2, "{roots:?}");
        assert!((roots.roots()[0] - 0.1).abs() <= 2e-6, "{roots:?}");
        assert!((roots.roots()[1] - 0.1005).abs() <= 2e-6, "{roots:?}");
    }

    #[test]
    fn past_the_rolle_budget_the_outcome_is_proven_or_incomplete() {
        // −1, +1.1 (a root at 10%) then 700 alternating flows of 1e-9: far
        // past the Rolle budget, so the certified subdivision runs. 10% is
        // found, and (as it happens) a root near −2.7% where v^700 = e^19
        // lifts the alternating tail; anything it could not decide would be
        // named, never dropped.
        let mut amounts = vec![-1.0, 1.1];
        amounts.extend((0..700).map(|i| if i % 2 == 0 { 1e-9 } else { -1e-9 }));
        let f = periodic(&amounts);
        let roots = solve(&f);
        let near = |r: &f64| (r - 0.1).abs() <= 1e-8;
        assert!(roots.roots().iter().any(near), "10% found: {roots:?}");
        for i in roots.unresolved() {
            assert!(i.lower <= i.upper && !(i.lower..=i.upper).contains(&0.1), "{i:?}");
        }
        for r in roots.roots() {
            assert!(is_root_x(&f, r.ln_1p(), 1e-12), "{r} is a root");
        }
    }

    #[test]
    fn whole_domain_by_default() {
        // Closed forms for two flows: (1 + r)^(t) = in/out.
        let month = flows(&[0, 30], &[-100.0, 150.0], 365.0);
        let r = solve(&month).unique().unwrap();
        // 1.5^(365/30) − 1 by mpmath (50 digits).
        let want = 137.817_318_773_754_83;
        assert!((r - want).abs() <= 1e-12 * (1.0 + want), "one month at 150%: {r}");
        let loss = solve(&flows(&[0, 365], &[-100.0, 0.1], 365.0)).unique().unwrap();
        assert!((loss + 0.999).abs() <= 1e-15, "write-off: {loss}");
        let at_bound = solve(&flows(&[0, 365], &[-100.0, 1.0], 365.0)).unique().unwrap();
        assert!((at_bound + 0.99).abs() <= 1e-15, "old default bound: {at_bound}");
        // A root on a given bound is included.
        let s = SolverSettings::between(-0.99, 0.0);
        let r = find_roots(&flows(&[0, 365], &[-100.0, 1.0], 365.0), &s).unwrap();
        assert_eq!(r, Roots::Unique(-0.99), "root on the lower bound");
        // Ten times the money in one day: (1 + r) = 10^365, beyond f64.
        let day = flows(&[0, 1], &[-1.0, 10.0], 365.0);
        match find_roots(&day, &SolverSettings::default()) {
            Err(Error::RootNotRepresentable { log_growth }) => {
                assert!((log_growth - 365.0 * 10f64.ln()).abs() <= 1e-9, "{log_growth}")
            }
            other => panic!("expected RootNotRepresentable, got {other:?}"),
        }
        // The same with an upper bound below it: no root there.
        assert!(
            find_roots(&day, &SolverSettings::between(0.0, 1e300))
                .unwrap()
                .is_empty()
        );
    }

    #[test]
    fn many_sign_changes() {
        // (1.05v − 1)(1.1v − 1)(1.3v − 1) plus 40 alternating flows of 1e-12
        // at times 10..50: 43 sign changes, and (for r ≥ 0) roots within
        // about 1e-11 of 5%, 10% and 30%.
        let mut f = periodic(&[-2000.0, 6900.0, -7900.0, 3003.0]);
        for i in 0..40u32 {
            f.units.push(10 + i);
            f.amounts.push(if i % 2 == 0 { 1e-12 } else { -1e-12 });
        }
        f.max_unit = 49;
        assert!(
            sign_changes(&canonical(&f).1) > MAX_SIGN_CHANGES,
            "beyond the first Rolle limit"
        );
        let s = SolverSettings {
            lower: Some(0.0),
            ..SolverSettings::default()
        };
        let roots = find_roots(&f, &s).unwrap();
        assert_eq!(roots.len(), 3, "three roots: {roots:?}");
        assert!(roots.is_complete(), "{roots:?}");
        for (g, w) in roots.roots().iter().zip([0.05, 0.1, 0.3]) {
            assert!((g - w).abs() <= 1e-9, "root {w}: {g}");
            assert!(is_root(&f, *g, s.tolerance), "NPV at root {g}");
        }
    }

    #[test]
    fn large_dated_set() {
        // 100,001 daily-ish flows: −1e9 then positives over 30 years.
        let n = 100_000u32;
        let mut units = vec![0u32];
        let mut amounts = vec![-1e9];
        for i in 0..n {
            units.push(1 + (i * 7919) % 10_950);
            amounts.push(2e4 + f64::from(i % 97));
        }
        let f = flows(&units, &amounts, 365.0);
        let r = solve(&f).unique().unwrap();
        let (v, m) = npv(&f, r);
        assert!(v.abs() <= 1e-11 * m, "NPV at {r}: {v} of {m}");
    }

    #[test]
    fn split_sums_are_referenced_and_never_overflow() {
        let mut ev = Evaluator::default();
        // Direct sums at a moderate rate, referenced at the first unit (x ≥ 0)
        // or the last (x < 0).
        let (units, coefs) = ([2u32, 5, 9], [-1.0, 0.5, 0.75]);
        for x in [-0.3f64, 0.0, 0.2] {
            let s = if x >= 0.0 { 2.0 } else { 9.0 };
            let t = ev.split(&units, &coefs, 2.0, x, true);
            let term = |u: u32, c: f64| c * (-x * (f64::from(u) - s) / 2.0).exp();
            let (p, n) = (term(5, 0.5) + term(9, 0.75), -term(2, -1.0));
            let (pm, nm) = (term(5, 0.5) * 2.5 + term(9, 0.75) * 4.5, -term(2, -1.0) * 1.0);
            for (got, want, what) in [
                (t.positive, p, "P"),
                (t.negative, n, "N"),
                (t.positive_moment, pm, "P moment"),
                (t.negative_moment, nm, "N moment"),
            ] {
                assert!(close(got, want, 1e-14), "x = {x}: {what} {got} vs {want}");
            }
        }
        // Zero coefficients at the ends do not count as the reference: here
        // the sum is e^(4·(u − 10)) at x = −4 over u = 0, 10.
        let t = ev.split(&[0, 10, 5000], &[1.0, -2.0, 0.0], 1.0, -4.0, false);
        assert!(
            close(t.value(), (-40f64).exp() - 2.0, 1e-15),
            "zero end coefficient: {t:?}"
        );
        // The table path with a far zero coefficient: finite, and as the exp path.
        let mut units: Vec<u32> = (0..3000).collect();
        let mut coefs: Vec<f64> = (0..3000).map(|i| if i == 0 { -1.0 } else { 1e-3 }).collect();
        units.push(10_000_000);
        coefs.push(0.0);
        for x in [-4.6f64, -0.01, 0.05, 4.6] {
            let t = ev.split(&units, &coefs, 365.0, x, true);
            let small = ev.split(&units[..3000], &coefs[..3000], 365.0, x, true);
            assert!(t.value().is_finite() && t.magnitude() > 0.0, "x = {x}: {t:?}");
            assert!(close(t.value(), small.value(), 1e-13), "x = {x}: {t:?} vs {small:?}");
        }
    }

    #[test]
    fn errors() {
        let ok = periodic(&[-1.0, 2.0]);
        let d = SolverSettings::default();
        let cases = [
            (SolverSettings { tolerance: 0.0, ..d }, "zero tolerance"),
            (SolverSettings { max_iterations: 0, ..d }, "zero iterations"),
            (
                SolverSettings {
                    lower: Some(1.0),
                    upper: Some(0.5),
                    ..d
                },
                "inverted bounds",
            ),
            (
                SolverSettings {
                    lower: Some(0.5),
                    upper: Some(0.5),
                    ..d
                },
                "empty range",
            ),
        ];
        for (s, what) in cases {
            assert!(
                matches!(
                    find_roots(&ok, &s),
                    Err(Error::OutOfRange { .. } | Error::SolverBounds { .. })
                ),
                "{what}"
            );
        }
        for s in [
            SolverSettings { lower: Some(-1.0), ..d },
            SolverSettings { lower: Some(-2.0), ..d },
        ] {
            assert!(
                matches!(find_roots(&ok, &s), Err(Error::InvalidRate { .. })),
                "lower {:?}",
                s.lower
            );
        }
        for s in [
            SolverSettings {
                tolerance: f64::NAN,
                ..d
            },
            SolverSettings {
                upper: Some(f64::INFINITY),
                ..d
            },
            SolverSettings {
                lower: Some(f64::NEG_INFINITY),
                ..d
            },
        ] {
            assert!(
                matches!(find_roots(&ok, &s), Err(Error::NonFinite { .. })),
                "non-finite {s:?}"
            );
        }
        assert!(
            matches!(find_roots(&periodic(&[]), &d), Err(Error::Empty { .. })),
            "empty"
        );
        assert!(
            matches!(
                find_roots(&periodic(&[-1.0, f64::NAN]), &d),
                Err(Error::NonFinite { .. })
            ),
            "NaN"
        );
        assert!(
            matches!(find_roots(&periodic(&[0.0, -0.0, 0.0]), &d), Err(Error::AllZeroFlows)),
            "all zero"
        );
        let cancel = flows(&[3, 3], &[5.0, -5.0], 1.0);
        assert!(
            matches!(find_roots(&cancel, &d), Err(Error::AllZeroFlows)),
            "merged to zero"
        );
        let bad_year = Flows {
            per_year: 0.0,
            ..ok.clone()
        };
        assert!(
            matches!(find_roots(&bad_year, &d), Err(Error::OutOfRange { .. })),
            "per year"
        );
    }

    #[test]
    fn non_convergence_never_returns_a_non_root() {
        for max_iterations in 1..=3 {
            let s = SolverSettings {
                max_iterations,
                ..SolverSettings::default()
            };
            for f in [excel_xirr(), periodic(&[-2000.0, 6900.0, -7900.0, 3003.0])] {
                match find_roots(&f, &s) {
                    Ok(roots) => {
                        for r in roots.roots() {
                            assert!(is_root(&f, *r, 1e-12), "{max_iterations} iterations: accepted {r}");
                        }
                    }
                    Err(e) => assert!(e.to_string().contains("did not converge"), "error: {e}"),
                }
            }
        }
        let s = SolverSettings {
            max_iterations: 1,
            ..SolverSettings::default()
        };
        let err = find_roots(&excel_xirr(), &s).unwrap_err();
        assert_eq!(
            err.to_string().split(';').next(),
            Some("solver is out of range: did not converge in 1 iterations"),
            "one iteration is too few: {err}"
        );
    }

    /// Daily flows as in the benches (`benches/valuation.rs`): amounts
    /// uniform in [50, 150) from a fixed LCG, the first −½ × the rest.
    fn daily(n: u32) -> Flows {
        let mut state = 20_260_102u64;
        let mut amounts: Vec<f64> = (0..n)
            .map(|_| {
                state = state
                    .wrapping_mul(6_364_136_223_846_793_005)
                    .wrapping_add(1_442_695_040_888_963_407);
                50.0 + 100.0 * ((state >> 11) as f64 / (1u64 << 53) as f64)
            })
            .collect();
        amounts[0] = -0.5 * amounts[1..].iter().sum::<f64>();
        flows(&(0..n).collect::<Vec<_>>(), &amounts, 365.0)
    }

    #[test]
    fn many_flows_solve_in_two_evaluations_from_the_coarse_model() {
        let d = SolverSettings::default();
        for n in [1_000u32, 100_000] {
            let f = daily(n);
            let (roots, count) = find_roots_counted(&f, &d).unwrap();
            let r = roots.unique().unwrap();
            assert!(is_root(&f, r, d.tolerance), "n = {n}: {r}");
            // The coarse model's root is within 1e-6 of the root, so the
            // solve takes one Newton step and one confirming step, whose
            // slope proves the sign just past the root (the step there
            // needs no evaluation: five from the free guess).
            assert_eq!(count, 2, "n = {n}");
            let (units, coefs) = canonical(&f);
            let (lo, hi) = isolate::root_bounds(&units, &coefs, 365.0);
            let guess = free_guess(&units, &coefs, 365.0);
            let coarse = Evaluator::default()
                .coarse_root(&units, &coefs, 365.0, Some(guess), lo, hi)
                .unwrap();
            assert!((coarse - r.ln_1p()).abs() <= 1e-6, "n = {n}: {coarse} vs {}", r.ln_1p());
        }
        // Fewer flows than the model's threshold: the free guess, as before.
        let few = evaluations(&daily(100), &d);
        assert!(few <= 6, "100 flows: {few} evaluations");
    }

    #[test]
    fn borrowed_terms_give_the_same_sums_as_compared_ones() {
        let f = daily(3_000);
        let (units, coefs) = canonical(&f);
        let other: Vec<f64> = coefs.iter().map(|c| -c).collect();
        let (mut a, mut b) = (Evaluator::default(), Evaluator::default());
        for x in [0.3f64, -0.2, 1.5] {
            let want = a.split(&units, &coefs, 365.0, x, true);
            assert_eq!(b.split_borrowed(&units, &coefs, 365.0, x, true), want, "x = {x}");
            // Other terms in between are divided anew, and the borrowed ones
            // after them too.
            let flipped = b.split(&units, &other, 365.0, x, true);
            assert_eq!((flipped.positive, flipped.negative), (want.negative, want.positive));
            assert_eq!(b.split_borrowed(&units, &coefs, 365.0, x, true), want, "x = {x} again");
        }
    }

    /// Dated flows from a generator: dates from late 1999 with gaps of 1
    /// to 400 days (`same_day`: some gaps of 0), amounts with scales 0 to 28
    /// and mantissas below 2^32, 2^53 and 2^96 (a few negative; `zero`: one
    /// zero amount of either sign bit).
    fn dated_case(seed: u64, n: usize, same_day: bool, zero: bool) -> Vec<(chrono::NaiveDate, rust_decimal::Decimal)> {
        let mut state = seed;
        let mut next = move || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state >> 16
        };
        let mut date = chrono::NaiveDate::from_ymd_opt(1999, 12, 20).unwrap();
        let mut flows: Vec<_> = (0..n)
            .map(|i| {
                if i > 0 {
                    let gap = if same_day && next() % 5 == 0 {
                        0
                    } else {
                        1 + next() % 400
                    };
                    date = date + chrono::Days::new(gap);
                }
                let r = next();
                let (lo, mid, hi) = match r % 3 {
                    0 => (next() as u32, 0, 0),
                    1 => (next() as u32, (next() % (1 << 21)) as u32, 0),
                    _ => (next() as u32, next() as u32, (next() % 0x8000_0000) as u32),
                };
                let negative = i == 0 || next() % 4 == 0;
                let amount = rust_decimal::Decimal::from_parts(lo.max(1), mid, hi, negative, (next() % 29) as u32);
                (date, amount)
            })
            .collect();
        if zero {
            let i = (next() as usize) % n;
            flows[i].1 = rust_decimal::Decimal::from_parts(0, 0, 0, next() % 2 == 0, 2);
        }
        flows
    }

    #[test]
    fn sign_changes_count_across_zeros_and_chunks() {
        // Against the definition (zeros dropped, then neighbours compared),
        // for sequences with zeros of either sign bit, in runs and at chunk
        // ends, of lengths around the chunk size.
        let reference = |c: &[f64]| {
            let signs: Vec<bool> = c.iter().filter(|x| **x != 0.0).map(|x| x.is_sign_negative()).collect();
            signs.windows(2).filter(|w| w[0] != w[1]).count()
        };
        let mut state = 7u64;
        for n in [0usize, 1, 2, 3, 255, 256, 257, 511, 512, 513, 1_000] {
            for density in [0u64, 1, 8, 64] {
                let c: Vec<f64> = (0..n)
                    .map(|_| {
                        state = state
                            .wrapping_mul(6_364_136_223_846_793_005)
                            .wrapping_add(1_442_695_040_888_963_407);
                        let r = state >> 33;
                        if density > 0 && r % 64 < density {
                            if r % 2 == 0 { 0.0 } else { -0.0 }
                        } else if (r >> 8) % 7 == 0 {
                            -1.5
                        } else {
                            0.25
                        }
                    })
                    .collect();
                assert_eq!(sign_changes(&c), reference(&c), "n {n}, density {density}");
            }
        }
        let mut c = vec![1.0; 600];
        c[255] = 0.0;
        c[256] = -2.0;
        c[511] = -0.0;
        c[512] = 3.0;
        assert_eq!(sign_changes(&c), 2);
        assert_eq!(sign_changes(&[0.0, -0.0, 0.0]), 0);
    }

    #[test]
    fn dated_canonical_form_made_directly_is_the_general_one() {
        // The direct canonical form of dated flows gives the same units,
        // coefficients (bit for bit) and sign changes as `Flows::dated`
        // followed by `canonical`, and the same roots; it declines flows
        // with a repeated date, an earlier date or a zero amount.
        for seed in 0..300u64 {
            let n = 1 + (seed as usize * 7) % 90;
            for (same_day, zero) in [(false, false), (true, false), (false, true)] {
                let pairs = dated_case(seed, n, same_day, zero);
                let flows = match Flows::dated(&pairs[..]) {
                    Ok((flows, _)) => flows,
                    Err(e) => {
                        // One date's flows summing past `Decimal`'s range.
                        let got = find_roots_dated(&pairs[..], &SolverSettings::default());
                        assert_eq!(format!("{got:?}"), format!("{:?}", Err::<Roots, _>(e)));
                        continue;
                    }
                };
                let fast = canonical_dated(&pairs[..]);
                let increasing = pairs.windows(2).all(|w| w[0].0 < w[1].0);
                let no_zero = pairs.iter().all(|p| !p.1.is_zero());
                assert_eq!(fast.is_some(), increasing && no_zero, "seed {seed}");
                if let Some(c) = fast {
                    let (units, coefs) = canonical(&flows);
                    assert_eq!(c.units, units, "seed {seed}");
                    let bits = |v: &[f64]| v.iter().map(|c| c.to_bits()).collect::<Vec<_>>();
                    assert_eq!(bits(&c.coefs), bits(&coefs), "seed {seed}");
                    assert_eq!(c.changes, sign_changes(&coefs), "seed {seed}");
                }
                let want = find_roots(&flows, &SolverSettings::default());
                let got = find_roots_dated(&pairs[..], &SolverSettings::default());
                match (got, want) {
                    (Ok(g), Ok(w)) => {
                        assert_eq!(format!("{g:?}"), format!("{w:?}"), "seed {seed}");
                        let bits = |r: &Roots| r.roots().iter().map(|x| x.to_bits()).collect::<Vec<_>>();
                        assert_eq!(bits(&g), bits(&w), "seed {seed}");
                    }
                    (g, w) => assert_eq!(format!("{g:?}"), format!("{w:?}"), "seed {seed}"),
                }
            }
        }
        // Dates out of order, and the checks before any conversion.
        let mut pairs = dated_case(7, 20, false, false);
        pairs.swap(3, 4);
        assert!(canonical_dated(&pairs[..]).is_none());
        assert_eq!(
            format!("{:?}", find_roots_dated(&pairs[..], &SolverSettings::default())),
            format!(
                "{:?}",
                find_roots(&Flows::dated(&pairs[..]).unwrap().0, &SolverSettings::default())
            )
        );
        assert!(matches!(
            find_roots_dated(&pairs[..0], &SolverSettings::default()),
            Err(Error::Empty { .. })
        ));
        let bad = SolverSettings {
            tolerance: -1.0,
            ..SolverSettings::default()
        };
        let good = dated_case(7, 20, false, false);
        assert!(canonical_dated(&good[..]).is_some());
        assert!(matches!(
            find_roots_dated(&good[..], &bad),
            Err(Error::OutOfRange { .. })
        ));
    }

    #[test]
    fn runs_in_place_agree_with_the_sign_divided_copies() {
        // Monthly-ish units (not consecutive: the table blocks are read by
        // index) with three sign changes, and daily units with a zero
        // coefficient inside a run (a derivative's): summed in place, run
        // by run, they agree with the sign-divided copies to rounding at
        // rates on both sides of zero (the flipped offsets for x < 0).
        let monthly: Vec<u32> = (0..3_000u32).map(|i| i * 30 + i % 3).collect();
        let coefs: Vec<f64> = (0..3_000)
            .map(|i| match i {
                0..=9 => -1.0,
                10..=1_999 => 1e-3 * (1.0 + f64::from(i % 7)),
                2_000..=2_009 => -0.5,
                _ => 2e-3,
            })
            .collect();
        let f = daily(3_000);
        let (daily_units, mut daily_coefs) = canonical(&f);
        daily_coefs[1] = 0.0;
        for (units, coefs) in [(&monthly, &coefs), (&daily_units, &daily_coefs)] {
            let (mut a, mut b) = (Evaluator::default(), Evaluator::default());
            for x in [0.3f64, -0.2, 1.5, -0.01, 0.0] {
                let want = a.split(units, coefs, 365.0, x, true);
                let got = b.split_units_borrowed(units, coefs, 365.0, x, true);
                for (g, w, what) in [
                    (got.positive, want.positive, "P"),
                    (got.negative, want.negative, "N"),
                    (got.positive_moment, want.positive_moment, "P moment"),
                    (got.negative_moment, want.negative_moment, "N moment"),
                ] {
                    assert!(close(g, w, 1e-14), "x = {x}: {what} {g} vs {w}");
                }
            }
        }
    }

    #[test]
    fn borrowed_slices_are_recognised_until_forgotten() {
        // Two borrowed slices evaluated in turn (the solver's terms and a
        // derivative's) keep their runs in two slots: each evaluation
        // equals a fresh evaluator's, bit for bit. Then one slice's values
        // change in place (same address and length, as a new derivative
        // allocated where a dropped one was): after `forget_borrowed` the
        // evaluation is of the new values; without it, of the old ones
        // (which is why the solver forgets whenever it makes a derivative).
        let f = daily(2_000);
        let (units, coefs) = canonical(&f);
        let mut other = derivative_coefs(&units, &coefs);
        let mut kept = Evaluator::default();
        let fresh = |c: &[f64], x: f64| Evaluator::default().split_borrowed(&units, c, 365.0, x, true);
        for x in [0.3f64, -0.2, 0.5] {
            assert_eq!(kept.split_borrowed(&units, &coefs, 365.0, x, true), fresh(&coefs, x));
            assert_eq!(kept.split_borrowed(&units, &other, 365.0, x, true), fresh(&other, x));
        }
        let before = other.as_ptr();
        for (i, c) in other.iter_mut().enumerate() {
            // Two blocks of the other sign: other runs.
            if (500..600).contains(&i) || (1_500..1_600).contains(&i) {
                *c = -*c;
            }
        }
        assert_eq!(other.as_ptr(), before);
        let x = 0.3;
        let stale = kept.split_borrowed(&units, &other, 365.0, x, true);
        assert_ne!(stale, fresh(&other, x), "the old runs, as documented");
        kept.forget_borrowed();
        assert_eq!(kept.split_borrowed(&units, &other, 365.0, x, true), fresh(&other, x));
        assert_eq!(kept.split_borrowed(&units, &coefs, 365.0, x, true), fresh(&coefs, x));
    }

    #[test]
    fn the_sign_past_a_root_is_proven_only_where_it_holds() {
        // 1,000 daily flows (root r = 0.7968…): at a point just below the
        // root in x, the slope (mean times differing by about 1.4 years)
        // proves the sign 2.5e-13 further on, and a direct evaluation there
        // agrees; towards the other side, or with the step reversed, it is
        // not proven.
        let f = daily(1_000);
        let r = solve(&f).unique().unwrap();
        let (units, coefs) = canonical(&f);
        let settings = SolverSettings::default();
        let mut solver = Solver {
            ev: Evaluator::default(),
            units: &units,
            coefs: &coefs,
            per_year: 365.0,
            settings: &settings,
            x_lo: -10.0,
            x_hi: 10.0,
            evaluations: 0,
        };
        let root = r.ln_1p();
        for (x, h) in [(root - 1e-13, 2.5e-13), (root + 1e-13, -2.5e-13)] {
            let t = solver.eval(&coefs, x);
            assert!(solver.sign_change_proven(&t, x, h), "x = {x}, h = {h}");
            let past = solver.eval(&coefs, x + h);
            assert_ne!(t.positive < t.negative, past.positive < past.negative, "x = {x}");
            // Away from the root, or not far enough to reach it: not proven.
            assert!(!solver.sign_change_proven(&t, x, -h), "x = {x}, −h");
            assert!(!solver.sign_change_proven(&t, x, h * 1e-3), "x = {x}, h/1000");
        }
        // A flat slope (all inflows and outflows at nearly the same mean
        // time: −1 and +1 a day apart, 0.5 around them) proves nothing at
        // this step size.
        let flat = flows(&[0, 1, 2, 3], &[0.5, -1.0, 1.0, -0.5], 365.0);
        let (units, coefs) = canonical(&flat);
        let mut solver = Solver {
            units: &units,
            coefs: &coefs,
            ..solver
        };
        let t = solver.eval(&coefs, 0.1);
        assert!(!solver.sign_change_proven(&t, 0.1, 2.5e-13));
    }

    /// The number of evaluations `find_roots` makes.
    fn evaluations(f: &Flows, s: &SolverSettings) -> u32 {
        find_roots_counted(f, s).unwrap().1
    }

    #[test]
    fn evaluation_counts() {
        let d = SolverSettings::default();
        assert_eq!(
            evaluations(&periodic(&[100.0, 200.0, 300.0]), &d),
            0,
            "V = 0: no evaluation"
        );
        let one = evaluations(&excel_xirr(), &d);
        assert!(one <= 10, "V = 1 (Excel XIRR): {one} evaluations");
        let irr = evaluations(&periodic(&[-70000.0, 12000.0, 15000.0, 18000.0, 21000.0, 26000.0]), &d);
        assert!(irr <= 10, "V = 1 (Excel IRR): {irr} evaluations");
        let none = evaluations(&periodic(&[100.0, -300.0, 250.0]), &d);
        assert!(none <= 3 * one.max(irr), "V = 2 without root: {none} evaluations");
        // Daily flows: +100, −180, +100, then +1 a day (1,000 flows, two
        // sign changes). With v the daily factor, 100 − 180v + 100v² ≥ 19
        // (its minimum, at v = 0.9) and the tail is positive: no root,
        // found in 18 evaluations (the derivative's zero, then the three
        // points it splits the range into).
        let mut amounts = vec![100.0, -180.0, 100.0];
        amounts.extend(std::iter::repeat_n(1.0, 997));
        let daily = Flows {
            units: (0..1000).collect(),
            amounts,
            per_year: 365.0,
            max_unit: 999,
        };
        let none_daily = evaluations(&daily, &d);
        assert!(solve(&daily).is_empty(), "{:?}", solve(&daily));
        assert!(
            none_daily <= 20,
            "V = 2 without root, 1,000 flows: {none_daily} evaluations"
        );
        // The benches' 1,000 daily flows (`benches/valuation.rs`, seed
        // 20260102) made positive, the second paying back 0.9 × the first
        // and third: two sign changes, no root. Near the derivative's zero
        // Newton's step is rounding noise pointing out of the bracket; one
        // probe across it settles the sign where a bisection of the whole
        // bracket took 49 evaluations.
        let mut state: u64 = 20_260_102;
        let mut uniform = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (state >> 11) as f64 / (1u64 << 53) as f64
        };
        let mut amounts: Vec<rust_decimal::Decimal> = (0..1000)
            .map(|_| rust_decimal::Decimal::new((5_000.0 + 10_000.0 * uniform()).round() as i64, 2))
            .collect();
        let rest: rust_decimal::Decimal = amounts[1..].iter().sum();
        amounts[0] = (rest / rust_decimal::Decimal::TWO).round_dp(2);
        amounts[1] = -(amounts[0] + amounts[2]) * rust_decimal::Decimal::new(9, 1);
        let start = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        let dated: Vec<(chrono::NaiveDate, rust_decimal::Decimal)> = amounts
            .iter()
            .enumerate()
            .map(|(i, a)| (start + chrono::Days::new(i as u64), *a))
            .collect();
        let (bench, _) = Flows::dated(&dated[..]).unwrap();
        let probed = evaluations(&bench, &d);
        assert!(probed <= 20, "the benches' no-root case: {probed} evaluations");
        // A root at −99.9% outside a narrowed range: the two ends only.
        let out = evaluations(&periodic(&[-1.0, 0.001]), &SolverSettings::between(-0.99, 1.0));
        assert_eq!(out, 2, "V = 1 out of range: the two ends only");
        // Entirely outside the flows' root bound: nothing to evaluate.
        let beyond = evaluations(&periodic(&[-1.0, 2.0]), &SolverSettings::between(5.0, 10.0));
        assert_eq!(beyond, 0, "range beyond the root bound");
    }

    #[test]
    fn settings_and_roots_serde() {
        let s = SolverSettings {
            tolerance: 1e-10,
            max_iterations: 50,
            lower: Some(-0.5),
            upper: Some(2.0),
        };
        let json = serde_json::to_string(&s).unwrap();
        assert_eq!(
            json,
            r#"{"tolerance":1e-10,"max_iterations":50,"lower":-0.5,"upper":2.0}"#
        );
        assert_eq!(serde_json::from_str::<SolverSettings>(&json).unwrap(), s, "round trip");
        assert_eq!(
            serde_json::from_str::<SolverSettings>("{}").unwrap(),
            SolverSettings::default(),
            "defaults"
        );
        assert!(
            serde_json::from_str::<SolverSettings>(r#"{"lower":-1.5}"#).is_err(),
            "validated"
        );

        let cases = [
            (Roots::None, r#"{"status":"none","roots":[]}"#),
            (Roots::Unique(0.25), r#"{"status":"unique","roots":[0.25]}"#),
            (
                Roots::Multiple(vec![0.1, 0.2]),
                r#"{"status":"multiple","roots":[0.1,0.2]}"#,
            ),
        ];
        for (roots, want) in cases {
            assert_eq!(serde_json::to_string(&roots).unwrap(), want, "serialize {roots:?}");
            assert_eq!(
                serde_json::from_str::<Roots>(want).unwrap(),
                roots,
                "deserialize {want}"
            );
        }
        for bad in [
            r#"{"status":"none","roots":[0.1]}"#,
            r#"{"status":"unique","roots":[]}"#,
            r#"{"status":"multiple","roots":[0.1]}"#,
            r#"{"status":"multiple","roots":[0.2,0.1]}"#,
            r#"{"status":"some","roots":[]}"#,
        ] {
            assert!(serde_json::from_str::<Roots>(bad).is_err(), "rejects {bad}");
        }
        assert_eq!(
            format!("{:.3}", Roots::Multiple(vec![0.1, 0.2])),
            "0.100, 0.200",
            "precision"
        );
    }

    /// Flows `(unit, amount)` with amounts of either sign and varied size.
    fn arb_flows() -> impl Strategy<Value = Vec<(u32, f64)>> {
        prop::collection::vec((0u32..40, -1000.0f64..1000.0), 1..12)
    }

    fn from_pairs(pairs: &[(u32, f64)], per_year: f64) -> Flows {
        let (u, a): (Vec<u32>, Vec<f64>) = pairs.iter().copied().unzip();
        flows(&u, &a, per_year)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(256)))]

        #[test]
        fn prop_roots_are_roots_and_at_most_v(pairs in arb_flows(), per_year in prop::sample::select(vec![1.0, 4.0, 12.0])) {
            let f = from_pairs(&pairs, per_year);
            let Ok(roots) = find_roots(&f, &SolverSettings::default()) else { return Ok(()) };
            let (_, coefs) = canonical(&f);
            prop_assert!(roots.is_complete(), "complete for V ≤ 11: {roots:?}");
            prop_assert!(roots.len() <= sign_changes(&coefs), "{} roots > V for {pairs:?}", roots.len());
            for r in roots.roots() {
                prop_assert!(r.is_finite() && *r > -1.0, "root {r} in the domain");
                // An f64 rate holds 1 + r to 1.1e-16 absolute only.
                let representation = f64::EPSILON / (1.0 + r);
                prop_assert!(is_root_x(&f, r.ln_1p(), 1e-12 + representation), "NPV at {r} for {pairs:?}");
            }
        }

        #[test]
        fn prop_scale_and_order_invariance(pairs in arb_flows(), k in -2i32..=12, seed in any::<u64>()) {
            let f = from_pairs(&pairs, 1.0);
            let base = find_roots(&f, &SolverSettings::default());
            let scale = 10f64.powi(k);
            let scaled: Vec<(u32, f64)> = pairs.iter().map(|(u, a)| (*u, a * scale)).collect();
            let mut shuffled = pairs.clone();
            // A deterministic Fisher–Yates shuffle from the seed.
            let mut state = seed | 1;
            for i in (1..shuffled.len()).rev() {
                state ^= state << 13; state ^= state >> 7; state ^= state << 17;
                shuffled.swap(i, (state % (i as u64 + 1)) as usize);
            }
            prop_assert_eq!(&find_roots(&from_pairs(&shuffled, 1.0), &SolverSettings::default()), &base, "shuffled");
            let other = find_roots(&from_pairs(&scaled, 1.0), &SolverSettings::default());
            match (&base, &other) {
                (Ok(b), Ok(o)) => {
                    prop_assert_eq!(b.len(), o.len(), "scale 1e{}: {:?} vs {:?}", k, b, o);
                    for (x, y) in b.roots().iter().zip(o.roots()) {
                        prop_assert!((x - y).abs() <= 1e-12 * x.abs().max(1.0), "scale 1e{k}: {x} vs {y}");
                    }
                }
                (Err(_), Err(_)) => {}
                _ => prop_assert!(false, "scale 1e{k}: {base:?} vs {other:?}"),
            }
        }

        #[test]
        fn prop_constructed_roots_are_found(
            start in -0.5f64..0.5,
            gaps in prop::collection::vec(0.02f64..0.5, 0..6),
            k in -2i32..=12,
        ) {
            // Flows 10^k ∏ ((1 + rⱼ)v − 1) in v = 1/(1 + r): roots exactly the rⱼ
            // (at least 0.02 apart) up to the rounding of the coefficients.
            let wanted: Vec<f64> = std::iter::once(start)
                .chain(gaps.iter().scan(start, |r, g| {
                    *r += g;
                    Some(*r)
                }))
                .collect();
            let mut coefs = vec![10f64.powi(k)];
            for r in &wanted {
                let mut next = vec![0.0; coefs.len() + 1];
                for (i, c) in coefs.iter().enumerate() {
                    next[i] -= c;
                    next[i + 1] += c * (1.0 + r);
                }
                coefs = next;
            }
            let roots = find_roots(&periodic(&coefs), &SolverSettings::default()).unwrap();
            prop_assert_eq!(roots.len(), wanted.len(), "{:?} vs {:?}", roots, wanted);
            for (g, w) in roots.roots().iter().zip(&wanted) {
                prop_assert!((g - w).abs() <= 1e-4 * w.abs().max(1.0), "{g} vs {w}: {roots:?}");
            }
        }

        #[test]
        fn prop_no_sign_change_is_missed(pairs in arb_flows(), per_year in prop::sample::select(vec![1.0, 12.0])) {
            // Every sign change of the NPV on a fine grid in x holds a reported root.
            let f = from_pairs(&pairs, per_year);
            let Ok(roots) = find_roots(&f, &SolverSettings::default()) else { return Ok(()) };
            let (units, coefs) = canonical(&f);
            let (lo, hi) = ((-0.99f64).ln_1p(), 100f64.ln_1p());
            let mut ev = Evaluator::default();
            let grid = 5_000;
            let mut previous = 0.0f64;
            let mut changes = 0;
            for i in 0..=grid {
                let x = lo + (hi - lo) * f64::from(i) / f64::from(grid);
                let v = ev.split(&units, &coefs, per_year, x, false).value();
                if previous != 0.0 && v != 0.0 && (v < 0.0) != (previous < 0.0) {
                    changes += 1;
                }
                if v != 0.0 {
                    previous = v;
                }
            }
            prop_assert!(changes <= roots.len(), "{changes} sign changes on the grid, roots {roots:?} for {pairs:?}");
        }

        #[test]
        fn prop_one_sign_change_is_unique(
            outlay in 1.0f64..1e6,
            ins in prop::collection::vec((1u32..3650, 0.0f64..1e5), 1..30),
        ) {
            let mut pairs = vec![(0u32, -outlay)];
            pairs.extend(ins);
            let f = from_pairs(&pairs, 365.0);
            let total: f64 = pairs.iter().skip(1).map(|p| p.1).sum();
            let roots = find_roots(&f, &SolverSettings::default());
            if total == 0.0 {
                prop_assert!(roots.unwrap().is_empty());
                return Ok(());
            }
            // One sign change: exactly one root on the whole domain, unless
            // it lies where an f64 rate cannot hold it (tiny inflows far
            // away: 1 + r below 1.1e-16; or a large multiple within days:
            // 1 for 10,553 after one day is ln(1 + r) = 365 × ln 10,553 ≈
            // 3,381, beyond ln(f64::MAX) ≈ 709.8).
            match roots {
                Ok(roots) => {
                    let r = roots.unique();
                    prop_assert!(r.is_some_and(|r| is_root_x(&f, r.ln_1p(), 1e-12 + f64::EPSILON / (1.0 + r))), "{roots:?}");
                }
                Err(e) => prop_assert!(
                    matches!(e, Error::RootNotRepresentable { log_growth }
                        if !(X_REPRESENTABLE_LOW..=X_REPRESENTABLE).contains(&log_growth)
                            && is_root_x(&f, log_growth, 1e-9)),
                    "{e}"
                ),
            }
        }
    }
}
