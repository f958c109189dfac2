//! Where the roots can be: a bound on every real zero computed from the
//! flows, and a certified isolation by subdivision for sums with many sign
//! changes.
//!
//! Both work on an exponential sum `f(x) = Σ cᵢ e^(−x·uᵢ/p)` in canonical
//! form (units `uᵢ ≥ 0` ascending and distinct, coefficients nonzero), `p`
//! the units per year.

use super::{Solver, log_newton_step, sign_of};
use crate::Result;
use crate::valuation::kernel::{SplitSums, split_reference};

/// At most this many intervals are split by [`Solver::isolate`] before the
/// remaining ones are reported unresolved (fewer for many flows: see
/// [`SPLIT_TERMS`]).
const MAX_SPLITS: u32 = 20_000;

/// Budget of term evaluations for the halvings of [`Solver::isolate`]: with
/// `n` flows, at most `SPLIT_TERMS / (2n)` halvings (and at least 64).
const SPLIT_TERMS: usize = 100_000_000;

/// Margin on logarithms of sums in the certificates: far above the rounding
/// of a compensated sum of terms each a few ulps off, far below any gap a
/// certificate needs.
const LOG_MARGIN: f64 = 1e-12;

/// An interval `[x_min, x_max]` holding every real zero of `f`.
///
/// For `x > 0`, `e^(x·u₀/p) f(x) = c₀ + Σ_{i≥1} cᵢ e^(−x(uᵢ−u₀)/p)`, and the
/// sum is at most `S·e^(−x·g/p)` in magnitude, `S = Σ_{i≥1} |cᵢ|` and `g =
/// u₁ − u₀ ≥ 1` the first gap: so `f ≠ 0` once `x > p·ln(S/|c₀|)/g` (the
/// dated analogue of Cauchy's bound on the roots of a polynomial in
/// `v = 1/(1 + r)`). Symmetrically for `x < 0` with the last flow. The
/// ratio is inflated by the rounding of `S` (at most `(n + 2)·ε` relative),
/// so the bound holds in floating point too. Both ends are finite for
/// finite nonzero coefficients.
pub(super) fn root_bounds(units: &[u32], coefs: &[f64], per_year: f64) -> (f64, f64) {
    let n = units.len().min(coefs.len());
    let inflate = 1.0 + 4.0 * (n as f64 + 2.0) * f64::EPSILON;
    let end_bound = |end: f64, rest: f64, gap: u32| {
        if end == 0.0 || gap == 0 {
            return 0.0;
        }
        (rest * inflate / end.abs()).ln().max(0.0) * per_year / f64::from(gap)
    };
    // In four lanes (independent additions pipeline); the bound's inflation
    // covers the rounding of any order of summation.
    let magnitude = |c: &[f64]| {
        let mut lanes = [0.0f64; 4];
        let mut chunks = c.chunks_exact(4);
        for ch in &mut chunks {
            for (l, x) in lanes.iter_mut().zip(ch) {
                *l += x.abs();
            }
        }
        lanes.iter().sum::<f64>() + chunks.remainder().iter().map(|c| c.abs()).sum::<f64>()
    };
    let gap = |i: usize, j: usize| match (units.get(i), units.get(j)) {
        (Some(a), Some(b)) => b.saturating_sub(*a),
        _ => 0,
    };
    let first = coefs.first().copied().unwrap_or(0.0);
    let last = coefs.get(n.saturating_sub(1)).copied().unwrap_or(0.0);
    // One pass over the terms between the ends; each end's rest is that
    // sum plus the other end (another order of the same additions).
    let (rest_first, rest_last) = if n >= 2 {
        let middle = magnitude(coefs.get(1..n - 1).unwrap_or_default());
        (middle + last.abs(), middle + first.abs())
    } else {
        (0.0, 0.0)
    };
    let x_max = end_bound(first, rest_first, gap(0, 1));
    let x_min = -end_bound(last, rest_last, gap(n.saturating_sub(2), n.saturating_sub(1)));
    (x_min, x_max)
}

/// Proven zeros and unresolved intervals `(a, b)`, both ascending, in `x`.
pub(super) type Isolated = (Vec<f64>, Vec<(f64, f64)>);

/// What is known of a sum at one point: its split sums (for signs and
/// Newton steps) and the logarithms of its true positive and negative
/// parts (for the certificates).
#[derive(Clone, Copy)]
struct Probe {
    x: f64,
    f: SplitSums,
    /// `(ln P, ln N)` of `f`.
    f_log: (f64, f64),
    /// `(ln P, ln N)` of the derivative sum.
    d_log: (f64, f64),
}

/// Whether a sum with log parts `lo` at `a` and `hi` at `b > a` keeps one
/// sign on `[a, b]`. Every term `cᵢ e^(−x·uᵢ/p)` (`uᵢ ≥ 0`) decreases in
/// magnitude as `x` grows, so `P(b) ≤ P(x) ≤ P(a)` and likewise `N`: the sum
/// is positive throughout when `P(b) > N(a)`, negative when `N(b) > P(a)`.
fn one_sign(lo: (f64, f64), hi: (f64, f64)) -> bool {
    hi.0 > lo.1 + LOG_MARGIN || hi.1 > lo.0 + LOG_MARGIN
}

impl Solver<'_> {
    /// `(ln P, ln N)` of `Σ coefs e^(−x·u/p)` themselves (not referenced),
    /// from split sums referenced at `split_reference`.
    fn log_parts(&self, coefs: &[f64], t: &SplitSums, x: f64) -> (f64, f64) {
        let shift = x * f64::from(split_reference(self.units, coefs, x)) / self.per_year;
        (t.positive.ln() - shift, t.negative.ln() - shift)
    }

    fn probe(&mut self, coefs: &[f64], derivative: &[f64], x: f64) -> Probe {
        let f = self.eval(coefs, x);
        self.evaluations = self.evaluations.saturating_add(1);
        let d = self.ev.split_borrowed(self.units, derivative, self.per_year, x, false);
        Probe {
            x,
            f,
            f_log: self.log_parts(coefs, &f, x),
            d_log: self.log_parts(derivative, &d, x),
        }
    }

    /// Every zero of `Σ coefs e^(−x·t)` in `[x_lo, x_hi]` that can be
    /// proven, and the intervals where zeros may lie but could not be
    /// resolved, both ascending — complete for any number of sign changes.
    ///
    /// An interval is dropped when the sum is certified to keep one sign on
    /// it ([`one_sign`]); when instead the derivative sum `g'` of
    /// [`derivative_coefs`](super::derivative_coefs) keeps one sign, `g = e^(c·x) f` is monotone, so
    /// the interval holds one zero if the ends differ in sign (solved for),
    /// or none. Otherwise it is halved. An interval narrower than the
    /// tolerance that is still undecided (a double root, or roots closer
    /// than the tolerance), and every interval left once [`MAX_SPLITS`]
    /// halvings are spent, is reported unresolved.
    pub(super) fn isolate(&mut self, coefs: &[f64]) -> Result<Isolated> {
        let derivative = self.derivative(coefs);
        let mut found = Vec::new();
        let mut unresolved: Vec<(f64, f64)> = Vec::new();
        let mut splits = 0u32;
        let budget =
            u32::try_from(SPLIT_TERMS / (2 * coefs.len().max(1))).map_or(MAX_SPLITS, |b| b.clamp(64, MAX_SPLITS));
        let lo = self.probe(coefs, &derivative, self.x_lo);
        let hi = self.probe(coefs, &derivative, self.x_hi);
        // Depth first, left before right: intervals come off in order.
        let mut stack = vec![(lo, hi)];
        while let Some((a, b)) = stack.pop() {
            if one_sign(a.f_log, b.f_log) {
                continue;
            }
            let (sa, sb) = (sign_of(&a.f), sign_of(&b.f));
            if one_sign(a.d_log, b.d_log) {
                if sa == 0 {
                    found.push(a.x);
                }
                if sa != 0 && sb != 0 && sa != sb {
                    let start = a.x + log_newton_step(&a.f);
                    let start = if start > a.x && start < b.x {
                        start
                    } else {
                        a.x + 0.5 * (b.x - a.x)
                    };
                    found.push(self.solve(coefs, a.x, b.x, sa, start)?);
                }
                if sb == 0 {
                    found.push(b.x);
                }
                continue;
            }
            let mid = a.x + 0.5 * (b.x - a.x);
            let narrow = b.x - a.x <= 4.0 * self.settings.tolerance || mid <= a.x || mid >= b.x;
            if narrow || splits >= budget {
                match unresolved.last_mut() {
                    Some(last) if last.1 >= a.x => last.1 = b.x,
                    _ => unresolved.push((a.x, b.x)),
                }
                continue;
            }
            splits += 1;
            let m = self.probe(coefs, &derivative, mid);
            stack.push((m, b));
            stack.push((a, m));
        }
        found.sort_by(f64::total_cmp);
        found.dedup();
        // A proven root inside an unresolved interval is kept as found; the
        // interval still says more may lie there.
        Ok((found, unresolved))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounds_hold_the_roots_of_two_flows() {
        // −1 now, +k after g units: the root is x = p·ln(k)/g exactly, and
        // the bound on that side is the same number (inflated by rounding).
        for (k, g, p) in [(1.5f64, 30u32, 365.0), (1e-3, 365, 365.0), (2.0, 1, 1.0)] {
            let (lo, hi) = root_bounds(&[0, g], &[-1.0, k], p);
            let x = p * k.ln() / f64::from(g);
            assert!(lo <= x && x <= hi, "{k} after {g}: {x} in [{lo}, {hi}]");
            let side = if x > 0.0 { hi } else { lo };
            assert!((side - x).abs() <= 1e-12 * x.abs(), "tight: {side} vs {x}");
        }
        // Ends that dominate: no room on that side.
        assert_eq!(root_bounds(&[0, 1, 2], &[-10.0, 1.0, 1.0], 1.0).1, 0.0);
    }

    #[test]
    fn isolation_agrees_with_rolle_where_both_apply() {
        use super::super::{Evaluator, SolverSettings, canonical};
        use crate::valuation::kernel::Flows;
        // (1.05v − 1)(1.1v − 1)(1.3v − 1) × 2000, and the Excel XIRR flows.
        let cases = [
            (vec![0u32, 1, 2, 3], vec![-2000.0, 6900.0, -7900.0, 3003.0], 1.0),
            (
                vec![0, 60, 303, 411, 456],
                vec![-10000.0, 2750.0, 4250.0, 3250.0, 2750.0],
                365.0,
            ),
        ];
        for (units, amounts, per_year) in cases {
            let max_unit = units.iter().copied().max().unwrap_or(0);
            let f = Flows {
                units,
                amounts,
                per_year,
                max_unit,
            };
            let (units, coefs) = canonical(&f);
            let s = SolverSettings::default();
            let (x_lo, x_hi) = root_bounds(&units, &coefs, per_year);
            let mut solver = Solver {
                ev: Evaluator::default(),
                units: &units,
                coefs: &coefs,
                per_year,
                settings: &s,
                x_lo,
                x_hi,
                evaluations: 0,
            };
            let (found, unresolved) = solver.isolate(&coefs).unwrap();
            let rolle = solver.zeros(&coefs).unwrap().unwrap();
            assert!(unresolved.is_empty(), "all resolved: {unresolved:?}");
            assert_eq!(found.len(), rolle.len(), "{found:?} vs {rolle:?}");
            for (a, b) in found.iter().zip(&rolle) {
                assert!((a - b).abs() <= 1e-12, "{a} vs {b}");
            }
        }
    }

    #[test]
    fn one_sign_certificates() {
        // P(b) = 2 > N(a) = 1: positive throughout.
        assert!(one_sign((0.0, 0.0), (2f64.ln(), f64::NEG_INFINITY)));
        // Overlapping ranges: undecided.
        assert!(!one_sign((1.0, 1.0), (0.5, 0.5)));
        // No positive part anywhere: negative throughout.
        assert!(one_sign((f64::NEG_INFINITY, 0.0), (f64::NEG_INFINITY, -1.0)));
    }
}
