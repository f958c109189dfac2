//! Streaming statistics of the paths: counts for the probabilities, exact
//! fixed-point sums for the means, log-bucket sketches for the
//! percentiles. Every accumulator merges by adding integers, so the result
//! does not depend on how the paths were split between threads.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fast::RowStat;
use super::paths::f;
use crate::Money;
use crate::affordability::YearRow;

/// Relative accuracy of a sketched percentile: 0.5%.
pub const SKETCH_ACCURACY: f64 = 0.005;
/// Values closer to zero than this count as zero in a sketch.
const SKETCH_ZERO: f64 = 1e-9;
/// 10^k as f64, k = 0..=18.
const POW10F: [f64; 19] = [
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
];
/// Scale of the fixed-point sums: 10⁻⁶ of a unit (or of a ratio).
const SUM_SCALE: f64 = 1e6;

/// Bits of the mantissa a sketch key keeps: 2⁷ buckets an octave.
const SKETCH_BITS: u32 = 7;

/// A log-bucket quantile sketch (the DDSketch idea with its cheap
/// mapping): a value `x > 0` goes to the bucket named by the top bits of
/// its IEEE 754 representation (exponent and the first 7 bits of the
/// mantissa: 128 buckets an octave, found with a shift, no logarithm). A
/// bucket `[lo, hi)` has `hi/lo ≤ 1 + 2⁻⁷` and is read back as the
/// harmonic mean `2·lo·hi/(lo + hi)`, within a relative error
/// `(hi − lo)/(hi + lo) ≤ 1/257 ≈ 0.39%` of every value of the bucket
/// (below [`SKETCH_ACCURACY`]). Negative values mirror, |x| below 10⁻⁹
/// counts as zero, +∞ apart.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct Sketch {
    pos: Buckets,
    neg: Buckets,
    zero: u64,
    inf: u64,
    n: u64,
}

/// Counts of consecutive bucket keys from `offset` (a window that grows
/// to the keys seen: a year's values cluster, so it stays small and an
/// addition is an index).
#[derive(Debug, Clone, Default)]
struct Buckets {
    offset: i32,
    counts: Vec<u32>,
}

impl PartialEq for Buckets {
    fn eq(&self, o: &Buckets) -> bool {
        self.iter().eq(o.iter())
    }
}

impl Buckets {
    #[inline]
    fn add(&mut self, key: i32, count: u32) {
        let k = i64::from(key) - i64::from(self.offset);
        if k >= 0 && (k as usize) < self.counts.len() {
            self.counts[k as usize] += count;
            return;
        }
        self.grow(key);
        self.counts[(key - self.offset) as usize] += count;
    }

    /// [`Buckets::add`] of one value: the same counts, the window
    /// checked with one unsigned comparison (keys and offsets are far
    /// inside `i32`, so `key − offset` does not wrap).
    #[inline(always)]
    fn add_one(&mut self, key: i32) {
        let k = key.wrapping_sub(self.offset) as u32 as usize;
        match self.counts.get_mut(k) {
            Some(c) => *c += 1,
            None => self.grow_add(key),
        }
    }

    /// [`Buckets::add_one`] of a key outside the window.
    #[cold]
    #[inline(never)]
    fn grow_add(&mut self, key: i32) {
        self.add(key, 1);
    }

    /// Widens the window to cover `key`, with room for a few more keys
    /// on that side (so a window grows a logarithmic number of times).
    #[cold]
    fn grow(&mut self, key: i32) {
        let slack = (self.counts.len() / 2).max(8) as i32;
        if self.counts.is_empty() {
            self.offset = key - slack;
            self.counts = vec![0; 2 * slack as usize + 1];
        } else if key < self.offset {
            let start = key - slack;
            let grow = (self.offset - start) as usize;
            self.counts.splice(0..0, std::iter::repeat_n(0, grow));
            self.offset = start;
        } else {
            let end = (key - self.offset + slack) as usize;
            self.counts.resize(end + 1, 0);
        }
    }

    /// (key, count) of the non-empty buckets, ascending.
    fn iter(&self) -> impl DoubleEndedIterator<Item = (i32, u64)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(k, c)| (self.offset + k as i32, u64::from(*c)))
    }

    fn merge(&mut self, o: &Buckets) {
        if o.counts.is_empty() {
            return;
        }
        if self.counts.is_empty() {
            *self = o.clone();
            return;
        }
        // Cover both windows, then add.
        self.add(o.offset, 0);
        self.add(o.offset + o.counts.len() as i32 - 1, 0);
        let start = (o.offset - self.offset) as usize;
        for (a, b) in self.counts[start..].iter_mut().zip(&o.counts) {
            *a += b;
        }
    }
}

impl Sketch {
    /// The bucket of a finite `x > 0`: its bits without the sign and
    /// the low mantissa bits (monotone in `x`; below 2¹⁹).
    #[inline]
    fn key(x: f64) -> i32 {
        (x.to_bits() >> (52 - SKETCH_BITS)) as i32
    }

    /// The value a bucket reads back as: the harmonic mean of its ends.
    fn value(k: i32) -> f64 {
        let lo = f64::from_bits(u64::from(k.max(0) as u32) << (52 - SKETCH_BITS));
        let hi = f64::from_bits(u64::from(k.max(0) as u32 + 1) << (52 - SKETCH_BITS));
        if hi.is_finite() {
            2.0 / (lo.recip() + hi.recip())
        } else {
            lo
        }
    }

    pub(crate) fn add(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        if x == f64::INFINITY {
            self.inf += 1;
        } else if x.abs() < SKETCH_ZERO {
            self.zero += 1;
        } else if x > 0.0 {
            self.pos.add(Self::key(x), 1);
        } else {
            self.neg.add(Self::key(-x.max(f64::MIN)), 1);
        }
    }

    /// [`Sketch::add`] of a finite value (an amount of minor units).
    #[inline]
    fn add_finite(&mut self, x: f64) {
        self.n += 1;
        if x.abs() < SKETCH_ZERO {
            self.zero += 1;
        } else if x > 0.0 {
            self.pos.add(Self::key(x), 1);
        } else {
            self.neg.add(Self::key(-x), 1);
        }
    }

    /// [`Sketch::add_finite`] of `minor / p` (a nonzero amount of at
    /// least 10⁻⁶, or zero) without counting it in `n`: the caller adds
    /// the count of a batch at once. The integer's sign decides the side
    /// (the quotient has it).
    #[inline(always)]
    fn add_minor_uncounted(&mut self, minor: i64, p: f64) {
        if minor > 0 {
            self.pos.add_one(Self::key(minor as f64 / p));
        } else if minor < 0 {
            self.neg.add_one(Self::key(-(minor as f64 / p)));
        } else {
            self.zero += 1;
        }
    }

    pub(crate) fn merge(&mut self, o: &Sketch) {
        self.pos.merge(&o.pos);
        self.neg.merge(&o.neg);
        self.zero += o.zero;
        self.inf += o.inf;
        self.n += o.n;
    }

    /// The values in increasing order as (value, count).
    fn ascending(&self) -> impl Iterator<Item = (f64, u64)> + '_ {
        self.neg
            .iter()
            .rev()
            .map(|(k, c)| (-Self::value(k), c))
            .chain(std::iter::once((0.0, self.zero)))
            .chain(self.pos.iter().map(|(k, c)| (Self::value(k), c)))
            .chain(std::iter::once((f64::INFINITY, self.inf)))
            .filter(|(_, c)| *c > 0)
    }

    /// The `q`-quantile by nearest rank: the value of rank ⌈q·n⌉ (at
    /// least 1); NaN when empty.
    pub(crate) fn quantile(&self, q: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let rank = ((q * self.n as f64).ceil() as u64).clamp(1, self.n);
        let mut seen = 0;
        // Keys in increasing order of value; a bucket's value computed
        // only for the one found.
        for (k, c) in self.neg.iter().rev() {
            seen += c;
            if seen >= rank {
                return -Self::value(k);
            }
        }
        seen += self.zero;
        if seen >= rank && self.zero > 0 {
            return 0.0;
        }
        for (k, c) in self.pos.iter() {
            seen += c;
            if seen >= rank {
                return Self::value(k);
            }
        }
        if self.inf > 0 { f64::INFINITY } else { f64::NAN }
    }

    /// The mean of the largest ⌈(1 − q)·n⌉ values (the expected shortfall
    /// beyond the `q`-quantile), from the buckets' values.
    pub(crate) fn tail_mean(&self, q: f64) -> f64 {
        if self.n == 0 {
            return f64::NAN;
        }
        let m = (((1.0 - q) * self.n as f64).ceil() as u64).clamp(1, self.n);
        let all: Vec<(f64, u64)> = self.ascending().collect();
        let (mut left, mut sum) = (m, 0.0);
        for (v, c) in all.into_iter().rev() {
            let take = c.min(left);
            sum += v * take as f64;
            left -= take;
            if left == 0 {
                break;
            }
        }
        sum / m as f64
    }
}

/// `y` rounded half away from zero, for `|y| < 2⁵²` (see
/// [`Metric::add_f64_uncounted`]).
#[inline(always)]
fn round_half_away_short(y: f64) -> i64 {
    const BELOW_HALF: f64 = 0.499_999_999_999_999_94;
    // Below 2⁵² the truncation is in range of an i64.
    (y + BELOW_HALF.copysign(y)) as i64
}

/// 10^(6 − k): the factor from minor units of 10^-k to 10⁻⁶, k = 0..=6.
const UP: [u32; 7] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];

/// The `f64` nearest `d` (correctly rounded, through its digits; the
/// amount `1234.56` reads as the literal `1234.56` does). For the few
/// reads of a report, not for a path's values.
fn nearest(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or_else(|_| f(d))
}

/// A statistic over the paths: a sketch and an exact fixed-point sum of
/// the finite values.
///
/// The sum at 10⁻⁶ is `sum + raw·10^(6 − raw_scale)`: amounts of minor
/// units added in bulk ([`PlanAcc::flush`]) are summed as they are, in
/// `raw`, and scaled when read or when the scale changes (Σ mᵢ·10^j =
/// 10^j·Σ mᵢ, also modulo 2¹²⁸).
#[derive(Debug, Clone)]
pub(crate) struct Metric {
    sketch: Sketch,
    sum: i128,
    /// Minor units of 10^-`raw_scale` (at most 6): `raw + 2⁶⁴·wraps`.
    raw: i64,
    wraps: i64,
    raw_scale: u32,
    finite: u64,
    /// The least and greatest values given, other than through `raw`.
    range: Range,
    /// The least and greatest values added to `raw`, in its units
    /// (`i64::MAX`, `i64::MIN` before any).
    raw_lo: i64,
    raw_hi: i64,
}

impl Default for Metric {
    fn default() -> Metric {
        Metric {
            sketch: Sketch::default(),
            sum: 0,
            raw: 0,
            wraps: 0,
            raw_scale: 0,
            finite: 0,
            range: Range::default(),
            raw_lo: i64::MAX,
            raw_hi: i64::MIN,
        }
    }
}

impl PartialEq for Metric {
    fn eq(&self, o: &Metric) -> bool {
        self.sketch == o.sketch && self.total() == o.total() && self.finite == o.finite && self.bounds() == o.bounds()
    }
}

/// The least and greatest values a [`Metric`] was given, exactly: amounts
/// as integers of 10⁻⁶ (the sum's, the same from either engine), ratios
/// as the `f64`s given (+∞ included). A percentile read from the sketch
/// is clamped to them, so a quantity that is the same on every path reads
/// back exactly (every volatility zero; a use held at its cap) and no
/// percentile lies outside the values seen.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Range {
    lo_fixed: i128,
    hi_fixed: i128,
    lo: f64,
    hi: f64,
}

impl Default for Range {
    fn default() -> Range {
        Range {
            lo_fixed: i128::MAX,
            hi_fixed: i128::MIN,
            lo: f64::INFINITY,
            hi: f64::NEG_INFINITY,
        }
    }
}

impl Range {
    /// An amount of 10⁻⁶.
    #[inline(always)]
    fn fixed(&mut self, v: i128) {
        if v < self.lo_fixed {
            self.lo_fixed = v;
        }
        if v > self.hi_fixed {
            self.hi_fixed = v;
        }
    }

    /// A ratio (NaN is not a value).
    #[inline(always)]
    fn float(&mut self, x: f64) {
        if x < self.lo {
            self.lo = x;
        }
        if x > self.hi {
            self.hi = x;
        }
    }

    fn merge(&mut self, o: &Range) {
        if o.lo_fixed <= o.hi_fixed {
            self.fixed(o.lo_fixed);
            self.fixed(o.hi_fixed);
        }
        if o.lo <= o.hi {
            self.float(o.lo);
            self.float(o.hi);
        }
    }

    /// (least, greatest) as `f64` (the ratios', else the amounts' read as
    /// the mean is: the `f64` nearest the decimal), or `None` when
    /// nothing was given.
    fn bounds(&self) -> Option<(f64, f64)> {
        let read = |v: i128| Decimal::try_from_i128_with_scale(v, 6).map_or(v as f64 / SUM_SCALE, nearest);
        if self.lo <= self.hi {
            Some((self.lo, self.hi))
        } else if self.lo_fixed <= self.hi_fixed {
            Some((read(self.lo_fixed), read(self.hi_fixed)))
        } else {
            None
        }
    }
}

impl Metric {
    /// The fixed-point sum at 10⁻⁶.
    fn total(&self) -> i128 {
        let up = UP.get(self.raw_scale as usize).copied().unwrap_or(1);
        self.sum + self.raw_sum() * i128::from(up)
    }

    /// The minor units added to `raw`.
    fn raw_sum(&self) -> i128 {
        (i128::from(self.wraps) << 64) + i128::from(self.raw)
    }

    /// Makes `raw` count units of 10^-`scale` (at most 6), folding what
    /// it holds at another scale into `sum`.
    #[inline(always)]
    fn raw_at(&mut self, scale: u32) {
        if self.raw_scale != scale {
            self.sum = self.total();
            self.range = self.full_range();
            self.raw = 0;
            self.wraps = 0;
            self.raw_lo = i64::MAX;
            self.raw_hi = i64::MIN;
            self.raw_scale = scale;
        }
    }

    /// `range` with the values added to `raw`.
    fn full_range(&self) -> Range {
        let mut r = self.range;
        if self.raw_lo <= self.raw_hi {
            let up = i128::from(UP.get(self.raw_scale as usize).copied().unwrap_or(1));
            r.fixed(i128::from(self.raw_lo) * up);
            r.fixed(i128::from(self.raw_hi) * up);
        }
        r
    }

    /// The least and greatest values given, as `f64`.
    fn bounds(&self) -> Option<(f64, f64)> {
        self.full_range().bounds()
    }

    /// `x` (read from the sketch) within the values given.
    fn within(&self, x: f64) -> f64 {
        match self.bounds() {
            Some((lo, hi)) if !x.is_nan() => x.clamp(lo, hi),
            _ => x,
        }
    }

    /// The `q`-quantile of the sketch, within the values given.
    pub(crate) fn quantile(&self, q: f64) -> f64 {
        self.within(self.sketch.quantile(q))
    }

    /// The sketch's mean beyond the `q`-quantile, within the values given.
    pub(crate) fn tail_mean(&self, q: f64) -> f64 {
        self.within(self.sketch.tail_mean(q))
    }

    /// Adds `minor` units (at the scale set by [`Metric::raw_at`], `p` =
    /// 10^scale) to `raw` and the sketch, without counting it: the
    /// caller counts a year's values at once ([`Metric::count`]).
    #[inline(always)]
    fn add_raw_uncounted(&mut self, minor: i64, p: f64) {
        self.add_raw_sum(minor);
        if minor < self.raw_lo {
            self.raw_lo = minor;
        }
        if minor > self.raw_hi {
            self.raw_hi = minor;
        }
        self.sketch.add_minor_uncounted(minor, p);
    }

    /// Adds `minor` to `raw` (its units).
    #[inline(always)]
    fn add_raw_sum(&mut self, minor: i64) {
        let (sum, wrapped) = self.raw.overflowing_add(minor);
        self.raw = sum;
        if wrapped {
            self.wrap(minor);
        }
    }

    /// `raw` passed ±2⁶³ in the direction of `minor`'s sign.
    #[cold]
    #[inline(never)]
    fn wrap(&mut self, minor: i64) {
        self.wraps += minor.signum();
    }

    /// [`Metric::add_raw_uncounted`] counting the value.
    #[inline(always)]
    fn add_raw(&mut self, minor: i64, p: f64) {
        self.add_raw_uncounted(minor, p);
        self.count(1);
    }

    /// Counts `n` values added by the uncounted adds (wrapping: a count
    /// may have been taken back in advance, see
    /// [`Metric::add_f64_uncounted`]).
    #[inline(always)]
    fn count(&mut self, n: u64) {
        self.finite = self.finite.wrapping_add(n);
        self.sketch.n = self.sketch.n.wrapping_add(n);
    }

    fn add_decimal(&mut self, x: Decimal) {
        // x·10⁶ as an integer: exact for up to 6 decimals (every amount of
        // a currency), rounded half away from zero beyond.
        let scaled = match 6u32.checked_sub(x.scale()) {
            Some(k) => x.mantissa() * 10i128.pow(k),
            None => x.round_dp(6).mantissa() * 10i128.pow(6 - x.round_dp(6).scale().min(6)),
        };
        self.sum += scaled;
        self.range.fixed(scaled);
        self.finite += 1;
        self.sketch.add(f(x));
    }

    /// An amount of `minor` units of 10^-`scale` (a screened path's
    /// integer): the same sum as [`Metric::add_decimal`] of the decimal.
    #[inline(always)]
    fn add_minor(&mut self, minor: i64, scale: u32) {
        const UP: [i64; 7] = [1_000_000, 100_000, 10_000, 1_000, 100, 10, 1];
        let m = i128::from(minor);
        let Some(k) = UP.get(scale as usize) else {
            // More than 6 decimals: rounded half away from zero, as
            // `Decimal::round_dp` would not be; no currency has them.
            let d = 10i128.pow(scale - 6);
            let v = (m + m.signum() * d / 2) / d;
            self.sum += v;
            self.range.fixed(v);
            self.finite += 1;
            match POW10F.get(scale as usize) {
                Some(p) => self.sketch.add_finite(minor as f64 / p),
                None => self.sketch.add(f64::NAN),
            }
            return;
        };
        self.range.fixed(m * i128::from(*k));
        if minor == 0 {
            // Adds nothing to the sum; zero to the sketch (as below).
            self.finite += 1;
            self.sketch.n += 1;
            self.sketch.zero += 1;
            return;
        }
        // One 64×64→128 product.
        self.sum += m * i128::from(*k);
        self.finite += 1;
        // At most 6 decimals: a nonzero amount is at least 10⁻⁶ (not
        // zero to the sketch) and has its sign, so the sign of the integer
        // decides as `add_finite` would on the quotient.
        let x = minor as f64 / POW10F[scale as usize];
        let s = &mut self.sketch;
        s.n += 1;
        if minor == 0 {
            s.zero += 1;
        } else if minor > 0 {
            s.pos.add(Sketch::key(x), 1);
        } else {
            s.neg.add(Sketch::key(-x), 1);
        }
    }

    /// The earlier form of [`Metric::add_minor`]'s sketch step (kept for
    /// the test that they agree).
    #[cfg(test)]
    fn add_minor_reference(&mut self, minor: i64, scale: u32) {
        let m = i128::from(minor);
        let v = match [1_000_000i128, 100_000, 10_000, 1_000, 100, 10, 1].get(scale as usize) {
            Some(k) => m * k,
            None => {
                let d = 10i128.pow(scale - 6);
                (m + m.signum() * d / 2) / d
            }
        };
        self.sum += v;
        self.range.fixed(v);
        self.finite += 1;
        match POW10F.get(scale as usize) {
            Some(p) => self.sketch.add_finite(minor as f64 / p),
            None => self.sketch.add(f64::NAN),
        }
    }

    #[inline(always)]
    fn add_f64(&mut self, x: f64) {
        if x.is_finite() {
            let y = x * SUM_SCALE;
            self.sum += match super::paths::round_half_away_small(y) {
                // Below 2⁵²: the same integer, without the float round trip.
                Some(v) => i128::from(v),
                None => {
                    let v = super::paths::round_half_away(y);
                    if v.abs() < 9.0e18 {
                        i128::from(v as i64)
                    } else {
                        v as i128
                    }
                }
            };
            self.finite += 1;
        }
        self.range.float(x);
        self.sketch.add(x);
    }

    /// [`Metric::add_f64`] with a short path for a value whose
    /// fixed-point sum is below 2⁵² (every finite share and ratio in
    /// practice): its integer is added to `raw`, which must count units
    /// of 10⁻⁶ ([`Metric::raw_at`] 6). The caller counts the value
    /// ([`Metric::count`]); the other path counts as [`Metric::add_f64`]
    /// does and takes back the caller's count in advance.
    ///
    /// The rounding half away from zero of `y = x·10⁶` is
    /// `trunc(y + copysign(0.5 − 2⁻⁵⁴, y))` for `|y| < 2⁵²`: for a
    /// fraction below ½ the sum stays below the next integer (the
    /// largest such `y`, `0.5 − 2⁻⁵⁴`, gives `1 − 2⁻⁵³` exactly), for ½
    /// and above it reaches it (`½ + 0.5 − 2⁻⁵⁴` rounds to 1 by ties to
    /// even). No NaN passes the comparison.
    #[inline(always)]
    fn add_f64_uncounted(&mut self, x: f64) {
        debug_assert_eq!(self.raw_scale, 6);
        let y = x * SUM_SCALE;
        if y.abs() < 4_503_599_627_370_496.0 {
            self.add_raw_sum(round_half_away_short(y));
            self.range.float(x);
            // A finite x (|y| < 2⁵²): the sketch's finite branch, the
            // positive side tested first (|x| < 10⁻⁹ is zero).
            if x >= SKETCH_ZERO {
                self.sketch.pos.add_one(Sketch::key(x));
            } else if x <= -SKETCH_ZERO {
                self.sketch.neg.add_one(Sketch::key(-x));
            } else {
                self.sketch.zero += 1;
            }
        } else {
            self.add_f64_cold(x);
        }
    }

    /// [`Metric::add_f64`] out of line, less the count of one value
    /// (see [`Metric::add_f64_uncounted`]).
    #[cold]
    #[inline(never)]
    fn add_f64_cold(&mut self, x: f64) {
        // The counts may have wrapped below zero already (a year's count
        // comes last): `add_f64` counts from zero.
        let (finite, n) = (self.finite, self.sketch.n);
        (self.finite, self.sketch.n) = (0, 0);
        self.add_f64(x);
        self.finite = finite.wrapping_add(self.finite).wrapping_sub(1);
        self.sketch.n = n.wrapping_add(self.sketch.n).wrapping_sub(1);
    }

    /// The earlier form of [`Metric::add_f64`] (kept for the test that
    /// they agree).
    #[cfg(test)]
    fn add_f64_reference(&mut self, x: f64) {
        if x.is_finite() {
            let v = super::paths::round_half_away(x * SUM_SCALE);
            self.sum += if v.abs() < 9.0e18 {
                i128::from(v as i64)
            } else {
                v as i128
            };
            self.finite += 1;
        }
        self.range.float(x);
        self.sketch.add(x);
    }

    fn merge(&mut self, o: &Metric) {
        self.range.merge(&o.full_range());
        self.sketch.merge(&o.sketch);
        if self.raw_scale == o.raw_scale {
            self.sum += o.sum;
            let (sum, wrapped) = self.raw.overflowing_add(o.raw);
            self.raw = sum;
            self.wraps += o.wraps + if wrapped { o.raw.signum() } else { 0 };
        } else {
            self.sum += o.total();
        }
        self.finite += o.finite;
    }

    fn is_empty(&self) -> bool {
        self.sketch.n == 0
    }

    /// The mean of the finite values: exactly in decimal (of the sums at
    /// 10⁻⁶), then once to `f64`, within the values given (a ratio the
    /// same on every path is its mean exactly, not its sum's rounding).
    pub(crate) fn mean(&self) -> f64 {
        if self.finite == 0 {
            f64::NAN
        } else {
            let sum = self.total();
            self.within(
                Decimal::try_from_i128_with_scale(sum, 6)
                    .ok()
                    .and_then(|s| s.checked_div(Decimal::from(self.finite)))
                    .map_or(sum as f64 / SUM_SCALE / self.finite as f64, nearest),
            )
        }
    }

    fn distribution(&self) -> Option<Distribution> {
        (!self.is_empty()).then(|| Distribution {
            mean: self.mean(),
            p5: self.quantile(0.05),
            p25: self.quantile(0.25),
            p50: self.quantile(0.5),
            p75: self.quantile(0.75),
            p95: self.quantile(0.95),
        })
    }
}

/// The mean and the 5th, 25th, 50th, 75th and 95th percentiles of a
/// quantity over the paths. Percentiles are nearest-rank, read from a
/// log-bucket sketch within a relative 0.5% ([`SKETCH_ACCURACY`]) and
/// bounded by the least and greatest values seen (so a quantity the same
/// on every path, or held at a cap, reads back exactly); the mean is exact
/// (fixed-point sums of 10⁻⁶).
///
/// ```
/// use disburse::risk::Distribution;
/// let d = Distribution { mean: 1.0, p5: 0.5, p25: 0.8, p50: 1.0, p75: 1.2, p95: 1.6 };
/// assert_eq!(d.p95 - d.p5, 1.1);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Distribution {
    /// The mean (over finite values).
    pub mean: f64,
    /// 5th percentile.
    pub p5: f64,
    /// 25th percentile.
    pub p25: f64,
    /// Median.
    pub p50: f64,
    /// 75th percentile.
    pub p75: f64,
    /// 95th percentile.
    pub p95: f64,
}

/// One year's accumulators.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct YearAcc {
    pub(crate) n: u64,
    pub(crate) breach: u64,
    pub(crate) breach_without: u64,
    pub(crate) deferred: u64,
    pub(crate) carried: Metric,
    pub(crate) share: Metric,
    pub(crate) converted: Metric,
    pub(crate) borrowing: Metric,
    pub(crate) debt: Metric,
    pub(crate) reserves: Metric,
    pub(crate) adequacy: Metric,
    /// The stock's floor (the same on every path).
    pub(crate) floor: Option<f64>,
}

impl YearAcc {
    fn merge(&mut self, o: &YearAcc) {
        self.floor = match (self.floor, o.floor) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        self.n += o.n;
        self.breach += o.breach;
        self.breach_without += o.breach_without;
        self.deferred += o.deferred;
        for (a, b) in [
            (&mut self.carried, &o.carried),
            (&mut self.share, &o.share),
            (&mut self.converted, &o.converted),
            (&mut self.borrowing, &o.borrowing),
            (&mut self.debt, &o.debt),
            (&mut self.reserves, &o.reserves),
            (&mut self.adequacy, &o.adequacy),
        ] {
            a.merge(b);
        }
    }
}

/// Screened paths added to a plan whose rows wait to be added year by
/// year (see [`PlanAcc::add_screened`]).
#[derive(Debug, Default)]
pub(crate) struct Staged {
    /// Each staged path's rows (the first `len`): buffers traded with the
    /// engine's, not copied.
    paths: Vec<Vec<RowStat>>,
    len: usize,
}

/// Paths staged before their rows are added.
const STAGE_PATHS: usize = 32;

/// A plan's accumulators over the paths run so far.
#[derive(Debug, Clone, Default, PartialEq)]
pub(crate) struct PlanAcc {
    pub(crate) paths: u64,
    pub(crate) any_breach: u64,
    pub(crate) any_breach_without: u64,
    pub(crate) any_deferred: u64,
    pub(crate) cost: Metric,
    pub(crate) years: Vec<YearAcc>,
    /// Paths run on the exact engine (all of them with
    /// [`Engine::Exact`](super::Engine::Exact)).
    pub(crate) exact: u64,
}

impl PlanAcc {
    /// Adds one path: its rows with the clause, and (when the assessment
    /// has a deferral rule) the breach flags of its rows without it.
    pub(crate) fn add(&mut self, rows: &[YearRow], without: Option<&[YearRow]>, cost: Decimal) {
        self.paths += 1;
        if self.years.len() < rows.len() {
            self.years.resize_with(rows.len(), YearAcc::default);
        }
        let mut any = false;
        let mut deferred = false;
        for (y, r) in self.years.iter_mut().zip(rows) {
            y.n += 1;
            if r.breach.is_some() {
                y.breach += 1;
                any = true;
            }
            if let Some(d) = &r.deferral {
                if d.triggered {
                    y.deferred += 1;
                    deferred = true;
                }
                y.carried.add_decimal(d.carried.amount());
            }
            y.share.add_f64(share_of(r));
            y.converted.add_decimal(r.converted.amount());
            y.borrowing
                .add_decimal(r.funding.borrowed.amount() + r.funding.from_swap.amount());
            y.debt.add_decimal(r.debt_after.amount());
            if let Some(s) = r.stock_after {
                y.reserves.add_decimal(s.amount());
            }
            if let Some(a) = r.adequacy {
                y.adequacy.add_f64(a);
            }
            if let Some(fl) = r.stock_floor {
                y.floor = Some(y.floor.map_or(f(fl.amount()), |x: f64| x.max(f(fl.amount()))));
            }
        }
        if any {
            self.any_breach += 1;
        }
        if deferred {
            self.any_deferred += 1;
        }
        if let Some(w) = without {
            if self.years.len() < w.len() {
                self.years.resize_with(w.len(), YearAcc::default);
            }
            let mut any_w = false;
            for (y, r) in self.years.iter_mut().zip(w) {
                if r.breach.is_some() {
                    y.breach_without += 1;
                    any_w = true;
                }
            }
            if any_w {
                self.any_breach_without += 1;
            }
        }
        self.cost.add_decimal(cost);
    }

    /// Adds one screened path: its rows with the clause, the breach
    /// flags of its rows without it (when the assessment has a clause),
    /// its funding cost. The path's own counts are added now; its rows
    /// wait in `stage` and are added year by year with the other staged
    /// paths' ([`PlanAcc::flush`]), so one year's sketches stay in cache
    /// while many paths add to them. `rows` is traded for an earlier
    /// path's buffer (its contents are then stale).
    pub(crate) fn add_screened(
        &mut self,
        rows: &mut Vec<RowStat>,
        without: Option<&[bool]>,
        cost: i64,
        units: (u32, u32, u32),
        stage: &mut Staged,
    ) {
        self.paths += 1;
        if rows.iter().any(|r| r.breach) {
            self.any_breach += 1;
        }
        if rows.iter().any(|r| matches!(r.deferral, Some((true, _)))) {
            self.any_deferred += 1;
        }
        if let Some(w) = without {
            if self.years.len() < w.len() {
                self.years.resize_with(w.len(), YearAcc::default);
            }
            let mut any_w = false;
            for (y, b) in self.years.iter_mut().zip(w) {
                if *b {
                    y.breach_without += 1;
                    any_w = true;
                }
            }
            if any_w {
                self.any_breach_without += 1;
            }
        }
        self.cost.add_minor(cost, units.0);
        if stage.paths.len() <= stage.len {
            stage.paths.push(Vec::new());
        }
        if let Some(slot) = stage.paths.get_mut(stage.len) {
            std::mem::swap(slot, rows);
            stage.len += 1;
        }
        if stage.len >= STAGE_PATHS {
            self.flush(stage, units);
        }
    }

    /// Adds the staged paths' rows, year by year, and empties `stage`;
    /// amounts in minor units (`units`: payer, outlays', stock's).
    ///
    /// A year's rows are added to its sketches one by one; their counts
    /// and their sums of minor units are kept in locals and added once
    /// for the year (the sum scaled to 10⁻⁶ once: the same integer as
    /// scaling each amount). Amounts with more than 6 decimals (no
    /// currency has them) are rounded one by one
    /// ([`PlanAcc::flush_each`]).
    pub(crate) fn flush(&mut self, stage: &mut Staged, units: (u32, u32, u32)) {
        let (pm, fm, sm) = units;
        if pm.max(fm).max(sm) as usize >= UP.len() {
            self.flush_each(stage, units);
            return;
        }
        let (pp, fp, sp) = (POW10F[pm as usize], POW10F[fm as usize], POW10F[sm as usize]);
        let staged = stage.paths.get(..stage.len).unwrap_or_default();
        let longest = staged.iter().map(Vec::len).max().unwrap_or(0);
        if self.years.len() < longest {
            self.years.resize_with(longest, YearAcc::default);
        }
        for (t, y) in self.years.iter_mut().enumerate().take(longest) {
            y.carried.raw_at(fm);
            y.converted.raw_at(pm);
            y.borrowing.raw_at(pm);
            y.debt.raw_at(pm);
            y.reserves.raw_at(sm);
            y.share.raw_at(6);
            y.adequacy.raw_at(6);
            let n0 = y.n;
            // The largest floor of the year's rows, if any (see
            // `flush_each`).
            let mut floor: Option<i64> = None;
            let (mut stocks, mut ratios) = (0, 0);
            for path in staged {
                let Some(r) = path.get(t) else { continue };
                y.n += 1;
                y.breach += u64::from(r.breach);
                if let Some((triggered, c)) = r.deferral {
                    y.deferred += u64::from(triggered);
                    y.carried.add_raw(c, fp);
                }
                y.share.add_f64_uncounted(r.share);
                y.converted.add_raw_uncounted(r.converted, pp);
                y.borrowing.add_raw_uncounted(r.borrowing, pp);
                y.debt.add_raw_uncounted(r.debt, pp);
                if let Some(s) = r.stock_after {
                    stocks += 1;
                    y.reserves.add_raw_uncounted(s, sp);
                }
                if let Some(a) = r.adequacy {
                    ratios += 1;
                    y.adequacy.add_f64_uncounted(a);
                }
                // `None` is below every `Some`.
                floor = floor.max(r.floor);
            }
            // Every row has a share and these three amounts.
            let rows = y.n - n0;
            y.share.count(rows);
            y.reserves.count(stocks);
            y.adequacy.count(ratios);
            y.converted.count(rows);
            y.borrowing.count(rows);
            y.debt.count(rows);
            if let Some(floor) = floor {
                let fl = floor as f64 / sp;
                y.floor = Some(y.floor.map_or(fl, |x: f64| x.max(fl)));
            }
        }
        stage.len = 0;
    }

    /// [`PlanAcc::flush`] adding each amount on its own (the earlier form;
    /// for amounts with more than 6 decimals, and the test that the two
    /// agree).
    fn flush_each(&mut self, stage: &mut Staged, units: (u32, u32, u32)) {
        let (pm, fm, sm) = units;
        let staged = stage.paths.get(..stage.len).unwrap_or_default();
        let longest = staged.iter().map(Vec::len).max().unwrap_or(0);
        if self.years.len() < longest {
            self.years.resize_with(longest, YearAcc::default);
        }
        let scale = POW10F.get(sm as usize).copied().unwrap_or(f64::NAN);
        for (t, y) in self.years.iter_mut().enumerate().take(longest) {
            // The largest floor of the year's rows, converted once: the
            // conversion `fl as f64 / 10^sm` is monotone, so the largest
            // of the converted floors is the converted largest floor.
            let mut floor: Option<i64> = None;
            for path in staged {
                if let Some(r) = path.get(t) {
                    y.n += 1;
                    if r.breach {
                        y.breach += 1;
                    }
                    if let Some((triggered, carried)) = r.deferral {
                        if triggered {
                            y.deferred += 1;
                        }
                        y.carried.add_minor(carried, fm);
                    }
                    y.share.add_f64(r.share);
                    y.converted.add_minor(r.converted, pm);
                    y.borrowing.add_minor(r.borrowing, pm);
                    y.debt.add_minor(r.debt, pm);
                    if let Some(s) = r.stock_after {
                        y.reserves.add_minor(s, sm);
                    }
                    if let Some(a) = r.adequacy {
                        y.adequacy.add_f64(a);
                    }
                    if let Some(fl) = r.floor {
                        floor = Some(floor.map_or(fl, |x| x.max(fl)));
                    }
                }
            }
            if let Some(fl) = floor {
                let fl = fl as f64 / scale;
                y.floor = Some(y.floor.map_or(fl, |x: f64| x.max(fl)));
            }
        }
        stage.len = 0;
    }

    /// The funding cost's statistic.
    pub(crate) fn cost(&self) -> &Metric {
        &self.cost
    }

    /// These accumulators of one path counted `n` times (`n ≥ 1`): the
    /// merge of `n` copies, by doubling (every sum and count an integer,
    /// so the same as adding the path `n` times).
    pub(crate) fn repeated(self, n: u64) -> PlanAcc {
        let (mut total, mut power, mut n) = (PlanAcc::default(), self, n);
        while n > 0 {
            if n & 1 == 1 {
                total = total.merge(power.clone());
            }
            n >>= 1;
            if n > 0 {
                power = power.clone().merge(power);
            }
        }
        total
    }

    pub(crate) fn merge(mut self, o: PlanAcc) -> PlanAcc {
        self.paths += o.paths;
        self.any_breach += o.any_breach;
        self.any_breach_without += o.any_breach_without;
        self.any_deferred += o.any_deferred;
        self.exact += o.exact;
        self.cost.merge(&o.cost);
        if self.years.len() < o.years.len() {
            self.years.resize_with(o.years.len(), YearAcc::default);
        }
        for (a, b) in self.years.iter_mut().zip(&o.years) {
            a.merge(b);
        }
        self
    }
}

/// A probability and its Monte Carlo standard error `√(p(1 − p)/n)`.
pub(crate) fn probability(count: u64, n: u64) -> (f64, f64) {
    if n == 0 {
        return (f64::NAN, f64::NAN);
    }
    let p = count as f64 / n as f64;
    (p, (p * (1.0 - p) / n as f64).sqrt())
}

/// The per-year figures of a plan under risk. Amounts are in the payer's
/// currency (the reserves in the stock's), as `f64` statistics of exact
/// per-path amounts.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRisk {
    /// The (fiscal) year.
    pub year: crate::Period,
    /// How many paths reach the year (the horizon varies with the debt).
    pub paths: u64,
    /// Probability of a breach in the year, over all paths.
    pub breach_probability: f64,
    /// Its Monte Carlo standard error.
    pub standard_error: f64,
    /// The probability of a breach without the deferral clause (same
    /// shocks), when the assessment has one.
    pub breach_probability_without_clause: Option<f64>,
    /// Probability that the deferral clause fires in the year.
    pub deferral_probability: Option<f64>,
    /// Mean amount carried (deferred) at the end of the year, outlays'
    /// currency, over the paths reaching the year.
    pub expected_deferred: Option<f64>,
    /// Share of capacity used by the binding constraint (+∞ for a positive
    /// use of a limit of zero).
    pub share_used: Option<Distribution>,
    /// Payer-currency funds converted into the outlays' currency.
    pub converted: Option<Distribution>,
    /// New debt (borrowing and swap drawings).
    pub borrowing: Option<Distribution>,
    /// Debt outstanding at the end of the year.
    pub debt: Option<Distribution>,
    /// The stock at the end of the year (its own currency).
    pub reserves: Option<Distribution>,
    /// Stock over floor.
    pub adequacy: Option<Distribution>,
    /// The stock's floor in the year (its currency; the same on every
    /// path).
    pub floor: Option<f64>,
    /// The deterministic assessment's figures for the year (the baseline),
    /// when its report has the year.
    pub baseline: Option<Baseline>,
}

/// A year of the **baseline**: the deterministic assessment of the plan
/// ([`Assessment::assess`](crate::affordability::Assessment::assess), the
/// scenario's inputs unshocked), to read beside the year's distributions
/// — where the assumed path sits in the fan. Amounts are the report's
/// exact amounts; the share follows the distributions' convention.
///
/// The baseline is not the median: with `drift = 0` the lognormal FX
/// factor keeps the *mean* rate on the FX path (its median is lower by
/// `e^(−σ²t/2)`), the rates revert from `start` to `level` while the
/// baseline keeps the scenario's rates, and a cap makes a use's
/// distribution lopsided.
///
/// ```
/// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
/// use disburse::risk::RiskModel;
/// use disburse::{Currency, FiscalYear, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// // $50 paid upfront, all borrowed, against a cap of $100 on outlays.
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(100))])?;
/// let a = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?);
/// let s = Plan::upfront(jan1).schedule(Money::new(dec!(50), Currency::USD), "x")?;
/// let r = RiskModel::new().paths(10)?.simulate(&a, &[("x".into(), s)])?;
/// let b = r.plans[0].years[0].baseline.clone().unwrap();
/// assert_eq!((b.breach, b.share_used), (false, 0.5));
/// assert_eq!((b.borrowing, b.debt), (Money::new(dec!(50), Currency::USD), Money::new(dec!(50), Currency::USD)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Baseline {
    /// Whether the year breaches.
    pub breach: bool,
    /// Share of capacity used by the binding constraint (+∞ for a positive
    /// use of a limit of zero, as in [`YearRisk::share_used`]).
    pub share_used: f64,
    /// Payer-currency funds converted into the outlays' currency.
    pub converted: Money,
    /// New debt (borrowing and swap drawings).
    pub borrowing: Money,
    /// Debt outstanding at the end of the year.
    pub debt: Money,
    /// The stock at the end of the year (its own currency).
    pub reserves: Option<Money>,
    /// Stock over floor.
    pub adequacy: Option<f64>,
}

impl Baseline {
    /// The baseline of a deterministic report's row.
    pub(crate) fn of(r: &YearRow) -> crate::Result<Baseline> {
        Ok(Baseline {
            breach: r.breach.is_some(),
            share_used: share_of(r),
            converted: r.converted,
            borrowing: r.funding.borrowed.checked_add(r.funding.from_swap)?,
            debt: r.debt_after,
            reserves: r.stock_after,
            adequacy: r.adequacy,
        })
    }
}

/// A row's share of capacity used as the statistics take it: the binding
/// constraint's share, +∞ for a positive use of a limit of zero (or
/// below), 0 with no use of one.
fn share_of(r: &YearRow) -> f64 {
    match r.share_used {
        Some(s) => s,
        None if r.capacity.amount() - r.headroom.amount() > Decimal::ZERO => f64::INFINITY,
        None => 0.0,
    }
}

impl YearAcc {
    pub(crate) fn report(&self, year: crate::Period, paths: u64, clause: bool) -> YearRisk {
        let (p, se) = probability(self.breach, paths);
        YearRisk {
            year,
            paths: self.n,
            breach_probability: p,
            standard_error: se,
            breach_probability_without_clause: clause.then(|| probability(self.breach_without, paths).0),
            deferral_probability: clause.then(|| probability(self.deferred, paths).0),
            expected_deferred: clause.then(|| self.carried.mean()),
            share_used: self.share.distribution(),
            converted: self.converted.distribution(),
            borrowing: self.borrowing.distribution(),
            debt: self.debt.distribution(),
            reserves: self.reserves.distribution(),
            adequacy: self.adequacy.distribution(),
            floor: self.floor,
            baseline: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sketch_quantiles_within_accuracy_and_merge_is_order_free() {
        // Values 1..=1000: the nearest-rank 5th percentile is 50, the
        // median 500, the 95th 950; the top 5% (951..=1000) average 975.5.
        let mut a = Sketch::default();
        let mut b = Sketch::default();
        for i in 1..=1000 {
            if i % 3 == 0 {
                a.add(f64::from(i))
            } else {
                b.add(f64::from(i))
            }
        }
        let mut ab = a.clone();
        ab.merge(&b);
        let mut ba = b.clone();
        ba.merge(&a);
        assert_eq!(ab, ba);
        for (q, want) in [(0.05, 50.0), (0.5, 500.0), (0.95, 950.0)] {
            let got = ab.quantile(q);
            assert!((got / want - 1.0).abs() <= SKETCH_ACCURACY, "{q}: {got}");
        }
        assert!((ab.tail_mean(0.95) / 975.5 - 1.0).abs() <= SKETCH_ACCURACY);
        // Negative, zero and infinite values order correctly.
        let mut s = Sketch::default();
        for x in [-2.0, 0.0, 3.0, f64::INFINITY] {
            s.add(x);
        }
        assert!((s.quantile(0.25) + 2.0).abs() <= 2.0 * SKETCH_ACCURACY);
        assert_eq!(s.quantile(0.5), 0.0);
        assert_eq!(s.quantile(1.0), f64::INFINITY);
    }

    proptest::proptest! {
        /// `add_minor` (the sign of the integer deciding the sketch side)
        /// adds what its earlier form did, for every scale and sign.
        #[test]
        fn add_minor_is_the_reference(xs in proptest::collection::vec(any_minor(), 1..40), scale in 0u32..9) {
            let (mut a, mut b) = (Metric::default(), Metric::default());
            for x in xs {
                a.add_minor(x, scale);
                b.add_minor_reference(x, scale);
            }
            proptest::prop_assert_eq!(a, b);
        }

        /// `add_f64` (its integer rounding below 2⁵²) adds what its
        /// earlier form did, ties and the edges included.
        #[test]
        fn add_f64_is_the_reference(xs in proptest::collection::vec(any_f64(), 1..40)) {
            let (mut a, mut b) = (Metric::default(), Metric::default());
            for x in xs {
                a.add_f64(x);
                b.add_f64_reference(x);
            }
            proptest::prop_assert_eq!(a.sum, b.sum);
            proptest::prop_assert_eq!(a.finite, b.finite);
            proptest::prop_assert_eq!(a.sketch, b.sketch);
        }
    }

    proptest::proptest! {
        /// Every percentile, the mean and the tail mean lie within the
        /// least and greatest values given, and a value given on every
        /// path reads back exactly: amounts (minor units at any scale,
        /// as the exact engine's decimals or in bulk as the screened
        /// engine's integers) and ratios, merged in either order.
        #[test]
        fn percentiles_lie_within_the_values_given(
            xs in proptest::collection::vec(-(1i64 << 50)..(1 << 50), 1..60),
            rs in proptest::collection::vec(-1e3f64..1e3, 1..60),
            scale in 0u32..7,
            same in any_minor(),
            ratio in -1e9f64..1e9,
        ) {
            let p = POW10F[scale as usize];
            let (mut a, mut b, mut r) = (Metric::default(), Metric::default(), Metric::default());
            for (i, x) in xs.iter().enumerate() {
                if i % 2 == 0 {
                    a.add_decimal(Decimal::new(*x, scale));
                } else {
                    b.raw_at(scale);
                    b.add_raw(*x, p);
                }
            }
            for x in &rs {
                r.add_f64(*x);
            }
            let amounts = |v: i64| Decimal::new(v, scale).to_string().parse::<f64>().unwrap();
            let lo = amounts(*xs.iter().min().unwrap());
            let hi = amounts(*xs.iter().max().unwrap());
            let mut ab = a.clone();
            ab.merge(&b);
            let mut ba = b.clone();
            ba.merge(&a);
            proptest::prop_assert_eq!(&ab, &ba);
            let (rlo, rhi) = rs.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), x| (l.min(*x), h.max(*x)));
            for (m, lo, hi) in [(&ab, lo, hi), (&r, rlo, rhi)] {
                for q in [0.0, 0.05, 0.25, 0.5, 0.75, 0.95, 1.0] {
                    let v = m.quantile(q);
                    proptest::prop_assert!(lo <= v && v <= hi, "{q}: {v} outside [{lo}, {hi}]");
                }
                let (mean, tail) = (m.mean(), m.tail_mean(0.95));
                proptest::prop_assert!(lo <= mean && mean <= hi && lo <= tail && tail <= hi);
            }
            // The same value on every path: exact (the sketch alone is
            // within 0.4%).
            let (mut c, mut d, mut e) = (Metric::default(), Metric::default(), Metric::default());
            d.raw_at(scale);
            for _ in 0..7 {
                c.add_minor(same, scale);
                d.add_raw(same, p);
                e.add_f64(ratio);
            }
            let want = Decimal::try_from_i128_with_scale(i128::from(same), scale).unwrap().to_string().parse::<f64>().unwrap();
            for m in [&c, &d] {
                let dist = m.distribution().unwrap();
                proptest::prop_assert_eq!([dist.mean, dist.p5, dist.p25, dist.p50, dist.p75, dist.p95], [want; 6]);
                proptest::prop_assert_eq!(m.tail_mean(0.95), want);
            }
            let dist = e.distribution().unwrap();
            proptest::prop_assert_eq!([dist.mean, dist.p5, dist.p50, dist.p95, e.tail_mean(0.95)], [ratio; 5]);
        }
    }

    #[test]
    fn the_range_by_hand() {
        // 0.0575 three times: the sketch's bucket reads 0.05748…, the
        // values given bound it to 0.0575.
        let mut m = Metric::default();
        for _ in 0..3 {
            m.add_f64(0.0575);
        }
        assert_ne!(m.sketch.quantile(0.5), 0.0575);
        assert_eq!(m.quantile(0.5), 0.0575);
        // 1, 2 and 1,000 won: the 95th percentile is the largest, 1,000,
        // not its bucket's 1,001.99…; the 5th, 1, reads as its bucket's
        // 1.0039, inside the range, so unchanged.
        let mut w = Metric::default();
        for x in [1, 2, 1000] {
            w.add_minor(x, 0);
        }
        assert_ne!(w.sketch.quantile(0.95), 1000.0);
        assert_eq!(w.quantile(0.95), 1000.0);
        assert_eq!(w.quantile(0.05), w.sketch.quantile(0.05));
        assert!((w.quantile(0.05) - 1.0039).abs() < 1e-4);
        // Nothing given: NaN, not a bound.
        assert!(Metric::default().quantile(0.5).is_nan());
    }

    fn any_f64() -> impl proptest::strategy::Strategy<Value = f64> {
        use proptest::prelude::*;
        // Sums that fit an i128 (both forms overflow alike beyond).
        prop_oneof![
            -1e20f64..1e20,
            -1e10f64..1e10,
            -10.0f64..10.0,
            (-4_503_599_627i64..4_503_599_627).prop_map(|k| k as f64 * 1e-6 + 5e-7),
            (-4_503_599_627i64..4_503_599_627).prop_map(|k| k as f64 * 1e-6),
            Just(4_503_599_627.370_496),
            Just(-4_503_599_627.370_496),
            Just(4_503_599_627.370_495),
            Just(f64::INFINITY),
            Just(f64::NAN),
            Just(-0.0),
        ]
    }

    fn any_row() -> impl proptest::strategy::Strategy<Value = RowStat> {
        use proptest::prelude::*;
        (
            (
                any::<bool>(),
                proptest::option::of((any::<bool>(), any_minor())),
                any_f64(),
            ),
            (any_minor(), any_minor(), any_minor()),
            (
                proptest::option::of(any_minor()),
                proptest::option::of(any_f64()),
                proptest::option::of(any_minor()),
            ),
        )
            .prop_map(
                |((breach, deferral, share), (converted, borrowing, debt), (stock_after, adequacy, floor))| RowStat {
                    breach,
                    deferral,
                    share,
                    converted,
                    borrowing,
                    debt,
                    stock_after,
                    adequacy,
                    floor,
                },
            )
    }

    /// Staged paths (each a few years long) and their units.
    type Batch = (Vec<Vec<RowStat>>, (u32, u32, u32));

    fn any_batches() -> impl proptest::strategy::Strategy<Value = Vec<Batch>> {
        use proptest::prelude::*;
        let units = prop_oneof![
            4 => (0u32..=6, 0u32..=6, 0u32..=6),
            // Above 18 decimals a floor reads as NaN, unequal to itself.
            1 => (0u32..=18, 0u32..=18, 0u32..=18),
        ];
        let paths = proptest::collection::vec(proptest::collection::vec(any_row(), 0..5), 0..2 * STAGE_PATHS);
        proptest::collection::vec((paths, units), 1..4)
    }

    /// Flushes `batches` into a fresh accumulator, with `flush` or its
    /// earlier form.
    fn flushed(batches: &[Batch], each: bool) -> PlanAcc {
        let mut acc = PlanAcc::default();
        for (paths, units) in batches {
            let mut stage = Staged {
                len: paths.len(),
                paths: paths.clone(),
            };
            if each {
                acc.flush_each(&mut stage, *units);
            } else {
                acc.flush(&mut stage, *units);
            }
            assert_eq!(stage.len, 0);
        }
        acc
    }

    proptest::proptest! {
        /// `flush` (sums of minor units scaled once, counts by year, the
        /// short rounding of shares) adds what its earlier form, adding
        /// each amount on its own, did: for every scale (a plan's or a
        /// change between flushes), sign, zero, NaN and infinity, sums
        /// past ±2⁶³, and merged in either order.
        #[test]
        fn flush_is_the_reference(a in any_batches(), b in any_batches()) {
            let (fa, ra) = (flushed(&a, false), flushed(&a, true));
            proptest::prop_assert_eq!(&fa, &ra);
            let (fb, rb) = (flushed(&b, false), flushed(&b, true));
            proptest::prop_assert_eq!(&fb, &rb);
            let merged = fa.clone().merge(fb.clone());
            proptest::prop_assert_eq!(&merged, &ra.clone().merge(rb.clone()));
            proptest::prop_assert_eq!(&merged, &fb.merge(fa));
            // The means read from the sums, too.
            for (x, y) in merged.years.iter().zip(&ra.merge(rb).years) {
                for (m, r) in [(&x.converted, &y.converted), (&x.share, &y.share), (&x.reserves, &y.reserves), (&x.carried, &y.carried)] {
                    proptest::prop_assert_eq!(m.mean().to_bits(), r.mean().to_bits());
                }
            }
        }

        /// One path counted `n` times ([`PlanAcc::repeated`], merges by
        /// doubling) is the path added `n` times, for any rows and units
        /// (sums past ±2⁶³ included) and any `n`.
        #[test]
        fn repeated_is_adding_n_times(
            path in proptest::collection::vec(any_row(), 1..5),
            units in (0u32..=6, 0u32..=6, 0u32..=6),
            n in 1usize..150,
        ) {
            let once = flushed(&[(vec![path.clone()], units)], false);
            let each = flushed(&[(vec![path; n], units)], false);
            proptest::prop_assert_eq!(&once.clone().repeated(n as u64), &each);
            // Not vacuous: the path's first year was counted n times.
            proptest::prop_assert_eq!(each.years.first().map(|y| y.n), Some(n as u64));
        }

        /// The short rounding of `add_f64_uncounted` is half away from
        /// zero below 2⁵² (ties and their neighbours included).
        #[test]
        fn short_rounding_is_half_away(
            k in proptest::prop_oneof![proptest::strategy::Just(0i64), proptest::strategy::Just(-1), -1000i64..1000, -(1i64 << 40)..(1 << 40), -(1i64 << 52)..(1 << 52)],
            f in -1.0f64..1.0,
            d in 0usize..6,
        ) {
            let tie = k as f64 + 0.5;
            let y = [k as f64, tie, k as f64 - 0.5, f64::from_bits(tie.to_bits() + 1), f64::from_bits(tie.to_bits() - 1), k as f64 + f][d];
            if y.abs() < 4_503_599_627_370_496.0 {
                let want = super::super::paths::round_half_away_small(y);
                proptest::prop_assert_eq!(Some(round_half_away_short(y)), want);
            }
        }
    }

    fn any_minor() -> impl proptest::strategy::Strategy<Value = i64> {
        use proptest::prelude::*;
        prop_oneof![Just(0i64), Just(1), Just(-1), -1000i64..1000, any::<i64>()]
    }

    proptest::proptest! {
        /// Every value reads back within (hi − lo)/(hi + lo) ≤ 1/257 of
        /// itself, and the keys are monotone.
        #[test]
        fn sketch_buckets_within_their_bound(e in -29i32..300, m in 1.0f64..2.0, d in 0.0f64..1.0) {
            let x = m * 2f64.powi(e);
            let got = Sketch::value(Sketch::key(x));
            proptest::prop_assert!((got / x - 1.0).abs() <= 1.0 / 257.0 + 1e-15, "{x}: {got}");
            proptest::prop_assert!(1.0 / 257.0 < SKETCH_ACCURACY);
            let y = x * (1.0 + d);
            proptest::prop_assert!(Sketch::key(y) >= Sketch::key(x));
        }
    }

    #[test]
    fn short_rounding_by_hand() {
        // The largest double below ½ and its sum with 0.5 − 2⁻⁵⁴: 1 − 2⁻⁵³.
        for (y, want) in [
            (0.499_999_999_999_999_94, 0),
            (0.5, 1),
            (2.5, 3),
            (1.5, 2),
            (0.0, 0),
            (-0.0, 0),
        ] {
            assert_eq!(round_half_away_short(y), want, "{y}");
            assert_eq!(round_half_away_short(-y), -want, "{y}");
        }
        assert_eq!(round_half_away_short(4_503_599_627_370_495.5), 4_503_599_627_370_496);
    }

    #[test]
    fn sketch_bucket_by_hand() {
        // 1.0 has bits 0x3FF0_0000_0000_0000: key 0x3FF0_0000_0000_0000 >> 45
        // = 0x1FF80 = 130,944; the bucket is [1, 1 + 1/128), read back as
        // 2/(1 + 128/129) = 258/257.
        assert_eq!(Sketch::key(1.0), 0x1FF80);
        assert_eq!(Sketch::value(0x1FF80), 258.0 / 257.0);
        assert_eq!(Sketch::key(1.0 + 1.0 / 128.0), 0x1FF81);
        assert_eq!(Sketch::key(f64::MAX), (0x7FEF_FFFF_FFFF_FFFFu64 >> 45) as i32);
        assert_eq!(
            Sketch::value(Sketch::key(f64::MAX)),
            f64::from_bits(0x7FEF_FFFF_FFFF_FFFFu64 >> 45 << 45)
        );
    }

    #[test]
    fn fixed_point_mean_is_exact() {
        let mut m = Metric::default();
        for x in [Decimal::new(1, 2), Decimal::new(2, 2)] {
            m.add_decimal(x);
        }
        // (0.01 + 0.02)/2 = 0.015
        assert_eq!(m.mean(), 0.015);
        assert_eq!(probability(1, 4), (0.25, (0.25f64 * 0.75 / 4.0).sqrt()));
    }
}
