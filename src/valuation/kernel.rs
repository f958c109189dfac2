//! The numeric core of valuation: flows as `(integer time unit, f64 amount)`
//! pairs and fast, accurate sums `Σ aᵢ · (1 + r)^(−uᵢ / units_per_year)`.
//!
//! Times are whole units (days for dated flows, periods for periodic ones)
//! from an origin, so a discount factor is `vᵘ` for the per-unit factor
//! `v = (1 + r)^(−1/units_per_year)`. For many flows, `vᵘ` comes from two
//! tables — `v^(1024·h)` and `v^l` for `l < 1024`, each entry one `exp` —
//! multiplied together: two loads and a multiply per flow instead of an
//! `exp`, with the same accuracy (a few ulps: each entry is `exp` of a
//! correctly rounded exponent). Sums are compensated (Neumaier), so the
//! result is accurate to about 1e-15 relative unless the flows cancel.

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;

use crate::{Error, Quantity, Result};

/// Below this many flows, discount factors are computed with one `exp`
/// each; from it on, with the two power tables.
const TABLE_MIN_FLOWS: usize = 2_048;

/// Width of the low power table (a power of two).
const LOW_BITS: u32 = 10;
const LOW_LEN: usize = 1 << LOW_BITS;

/// Reciprocals of the powers of ten, each correctly rounded; indexed by a
/// scale's five bits, so the entries past 28 (no `Decimal` has such a
/// scale) repeat the last.
const INV_POW10: [f64; 32] = [
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17,
    1e-18, 1e-19, 1e-20, 1e-21, 1e-22, 1e-23, 1e-24, 1e-25, 1e-26, 1e-27, 1e-28, 1e-28, 1e-28, 1e-28,
];

/// A `Decimal` as an `f64` within about 3.3e-16 relative (three roundings:
/// the mantissa, the reciprocal power of ten, the product; integers up to
/// 2^53 are exact). Several times faster than `ToPrimitive::to_f64`.
#[inline]
pub(crate) fn decimal_to_f64(d: Decimal) -> f64 {
    let (magnitude, sign) = decimal_magnitude(d);
    // The sign bit set without a branch (the magnitude is not negative).
    f64::from_bits(magnitude.to_bits() | sign)
}

/// The magnitude of a `Decimal` as [`decimal_to_f64`] converts it, and its
/// sign as an `f64` sign bit (bit 63; set for a negative zero too).
#[inline(always)]
fn decimal_magnitude(d: Decimal) -> (f64, u64) {
    let b = d.serialize();
    let scale = usize::from(b[2]);
    // The sign byte's top bit moved to bit 63 (shifts, no test).
    let sign = u64::from(b[3] & 0x80) << 56;
    let lo = u32::from_le_bytes([b[4], b[5], b[6], b[7]]);
    let mid = u32::from_le_bytes([b[8], b[9], b[10], b[11]]);
    let hi = u32::from_le_bytes([b[12], b[13], b[14], b[15]]);
    // `mid·2^32` and `lo` are exact, so their sum is the low 64 bits
    // rounded once (as a `u64` to `f64` conversion would round them), from
    // two signed conversions instead of an unsigned one; no branch on the
    // scale (multiplying by an exact one changes nothing).
    let magnitude = if (hi | mid) == 0 {
        // Below 2^32 (amounts to about $42M in cents): the same value, one
        // conversion (the general form adds exact zeros).
        f64::from(lo)
    } else {
        let low64 = f64::from(mid) * 4_294_967_296.0 + f64::from(lo);
        f64::from(hi) * 18_446_744_073_709_551_616.0 + low64
    };
    (magnitude * INV_POW10[scale & 31], sign)
}

/// Days from 0001-01-01 (day 1) to `date`, from its year and ordinal.
#[inline]
pub(crate) fn day_number(date: NaiveDate) -> i64 {
    let y = i64::from(date.year()) - 1;
    365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) + i64::from(date.ordinal())
}

/// Days from an origin, with the first day of the current year cached:
/// a date of the same year costs one addition (the passes over dated
/// flows, which are mostly in order).
struct DaysFrom {
    base: i64,
    year: i32,
    year_base: i64,
}

impl DaysFrom {
    fn new(origin: NaiveDate) -> Self {
        DaysFrom {
            base: day_number(origin),
            year: origin.year(),
            year_base: -i64::from(origin.ordinal()),
        }
    }

    /// `date`'s day number minus the origin's.
    #[inline(always)]
    fn days(&mut self, date: NaiveDate) -> i64 {
        if date.year() != self.year {
            self.year = date.year();
            let y = i64::from(self.year) - 1;
            self.year_base = 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) - self.base;
        }
        self.year_base + i64::from(date.ordinal())
    }
}

/// Flows prepared for valuation: non-negative integer times from an origin
/// and `f64` amounts.
#[derive(Debug, Clone, Default)]
pub(crate) struct Flows {
    pub(crate) units: Vec<u32>,
    pub(crate) amounts: Vec<f64>,
    /// Units per year: 365 for Act/365F days, 1 for annual periods.
    pub(crate) per_year: f64,
    pub(crate) max_unit: u32,
}

/// Dated flows as the kernels read them: one slice of `(date, amount)`
/// pairs, or two parallel columns ([`Columns`]). Generic, so each form is
/// read in place, without copying.
pub(crate) trait Dated: Copy + Send + Sync {
    /// The number of flows (of dates, for columns of different lengths).
    fn len(self) -> usize;
    /// The flows, in order.
    fn iter(self) -> impl Iterator<Item = (NaiveDate, Decimal)>;
    /// Flows `start..end` (within `len`).
    fn slice(self, start: usize, end: usize) -> Self;
    /// Checks the input: [`Error::LengthMismatch`] for columns of different
    /// lengths, then [`Error::Empty`] for no flows.
    fn check(self) -> Result<()> {
        if self.len() == 0 {
            return Err(Error::Empty { what: Quantity::Flows });
        }
        Ok(())
    }
}

impl Dated for &[(NaiveDate, Decimal)] {
    #[inline]
    fn len(self) -> usize {
        <[_]>::len(self)
    }

    #[inline]
    fn iter(self) -> impl Iterator<Item = (NaiveDate, Decimal)> {
        <[_]>::iter(self).copied()
    }

    fn slice(self, start: usize, end: usize) -> Self {
        self.get(start..end).unwrap_or_default()
    }
}

/// Dated flows as two parallel columns, as in a spreadsheet.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns<'a> {
    pub(crate) dates: &'a [NaiveDate],
    pub(crate) amounts: &'a [Decimal],
}

impl Dated for Columns<'_> {
    #[inline]
    fn len(self) -> usize {
        self.dates.len()
    }

    #[inline]
    fn iter(self) -> impl Iterator<Item = (NaiveDate, Decimal)> {
        self.dates.iter().copied().zip(self.amounts.iter().copied())
    }

    fn slice(self, start: usize, end: usize) -> Self {
        Columns {
            dates: self.dates.get(start..end).unwrap_or_default(),
            amounts: self.amounts.get(start..end).unwrap_or_default(),
        }
    }

    fn check(self) -> Result<()> {
        if self.dates.len() != self.amounts.len() {
            return Err(Error::LengthMismatch {
                dates: self.dates.len(),
                amounts: self.amounts.len(),
            });
        }
        if self.dates.is_empty() {
            return Err(Error::Empty { what: Quantity::Flows });
        }
        Ok(())
    }
}

impl Flows {
    /// Dated flows in days from the earliest date (Excel's XNPV/XIRR origin),
    /// sorted by date, with the flows of each date summed **exactly** in
    /// `Decimal` before conversion to `f64` (so same-day flows that cancel,
    /// such as `1e20` and `−1e20`, leave exactly what remains).
    ///
    /// # Errors
    /// Empty or mismatched inputs; [`Error::Overflow`] when one date's flows
    /// sum beyond `Decimal`'s range; a span beyond `u32` days (impossible in
    /// chrono's range, checked anyway).
    pub(crate) fn dated(flows: impl Dated) -> Result<(Flows, NaiveDate)> {
        flows.check()?;
        if let Some(fast) = Flows::dated_increasing(flows) {
            return Ok(fast);
        }
        let origin = flows.iter().map(|(d, _)| d).min().unwrap_or(NaiveDate::MIN);
        let base = day_number(origin);
        let unit =
            |d: NaiveDate| u32::try_from(day_number(d) - base).map_err(|_| Error::overflow("day count of a flow"));
        let sorted = flows.iter().zip(flows.iter().skip(1)).all(|((d, _), (e, _))| d <= e);
        let mut merged = DecimalRuns::with_capacity(flows.len());
        if sorted {
            for (d, a) in flows.iter() {
                merged.push(unit(d)?, a)?;
            }
        } else {
            let mut pairs = Vec::with_capacity(flows.len());
            for (d, a) in flows.iter() {
                pairs.push((unit(d)?, a));
            }
            // Stable, so the exact sums do not depend on the sort.
            pairs.sort_by_key(|p| p.0);
            for (u, a) in pairs {
                merged.push(u, a)?;
            }
        }
        Ok((merged.finish(), origin))
    }

    /// The common case in one pass: dates strictly increasing (so sorted,
    /// no two on one date, the first the earliest). Day numbers come from
    /// the year and ordinal bit fields with the year's first day cached,
    /// and each amount is converted once, as the general path would convert
    /// it. `None` when some date does not follow its predecessor (found
    /// after the pass): the caller then takes the general path (sort, exact
    /// same-date sums).
    fn dated_increasing(flows: impl Dated) -> Option<(Flows, NaiveDate)> {
        let (origin, _) = flows.iter().next()?;
        // Two collecting passes over the input (exact-size iterators: no
        // capacity test and no zeroing), the order test folded into a flag
        // rather than an exit per flow; no branch in the loops but the
        // (rare) change of year.
        let mut days = DaysFrom::new(origin);
        let mut last = -1i64;
        let mut increasing = true;
        let units: Vec<u32> = flows
            .iter()
            .map(|(d, _)| {
                let u = days.days(d);
                // Increasing from 0, so within `u32` when the last is
                // (checked after the pass).
                increasing &= u > last;
                last = u;
                u as u32
            })
            .collect();
        let amounts: Vec<f64> = flows.iter().map(|(_, a)| decimal_to_f64(a)).collect();
        if !increasing {
            return None;
        }
        Some((
            Flows {
                units,
                amounts,
                per_year: 365.0,
                max_unit: u32::try_from(last).ok()?,
            },
            origin,
        ))
    }

    /// Periodic flows at times `first, first + 1, …` periods.
    ///
    /// # Errors
    /// [`Error::Empty`] for no flows; [`Error::Overflow`] past `u32` periods.
    pub(crate) fn periodic(amounts: &[Decimal], first: u32) -> Result<Flows> {
        if amounts.is_empty() {
            return Err(Error::Empty { what: Quantity::Flows });
        }
        let n = u32::try_from(amounts.len()).map_err(|_| Error::overflow("number of periods"))?;
        let max_unit = first
            .checked_add(n - 1)
            .ok_or_else(|| Error::overflow("number of periods"))?;
        Ok(Flows {
            units: (first..=max_unit).collect(),
            amounts: amounts.iter().map(|a| decimal_to_f64(*a)).collect(),
            per_year: 1.0,
            max_unit,
        })
    }

    pub(crate) fn len(&self) -> usize {
        self.units.len()
    }
}

/// Dated flows in the root solver's canonical form, made by
/// [`canonical_dated`] straight from the input.
#[derive(Debug, Clone)]
pub(crate) struct CanonicalDated {
    /// Days from the first date, strictly increasing.
    pub(crate) units: Vec<u32>,
    /// The amounts as `f64` divided by their largest magnitude; none is
    /// zero.
    pub(crate) coefs: Vec<f64>,
    /// The number of sign changes of `coefs`.
    pub(crate) changes: usize,
}

/// The common case of dated flows for the root solver, straight from the
/// input (a pass for the days, one for the amounts, then folded passes
/// over the outputs): dates strictly increasing and no amount zero. The units and
/// coefficients are those [`Flows::dated`] and the solver's canonical form
/// make from the same flows, bit for bit (the same day numbers, the same
/// conversion of each amount, the same division by the largest magnitude,
/// no flow to merge or drop), with their sign changes counted on the way;
/// without the intermediate vectors and the passes that check them.
/// `None` when some date does not follow its predecessor or some amount is
/// zero: the caller then takes the general path. The input must be
/// checked ([`Dated::check`]).
pub(crate) fn canonical_dated(flows: impl Dated) -> Option<CanonicalDated> {
    let (origin, _) = flows.iter().next()?;
    // Two collecting passes over the input, as in `Flows::dated_increasing`
    // (exact-size iterators: no capacity test and no zeroing; one pass
    // doing both keeps too many values live), each doing only what needs
    // the input; the tests that can be folded over the outputs (which
    // vectorise) come after. The year's first day is cached.
    let mut days = DaysFrom::new(origin);
    let units: Vec<u32> = flows
        .iter()
        .map(|(d, _)| {
            // Any date is within 2^31 days of another in chrono's range,
            // so as `i32` a date before the origin is negative.
            days.days(d) as u32
        })
        .collect();
    // Strictly increasing as `i32` from 0: dates strictly increasing, none
    // before the origin, the last within `u32`.
    let increasing = units
        .iter()
        .zip(units.iter().skip(1))
        .fold(true, |ok, (u, v)| ok & ((*u as i32) < (*v as i32)));
    if !increasing {
        return None;
    }
    let mut largest = 0.0f64;
    let mut coefs: Vec<f64> = flows
        .iter()
        .map(|(_, a)| {
            let (magnitude, sign) = decimal_magnitude(a);
            largest = if magnitude > largest { magnitude } else { largest };
            f64::from_bits(magnitude.to_bits() | sign)
        })
        .collect();
    // One folded pass over neighbours: the zero amounts (dropped by the
    // canonical form, so the general path takes them; all zero is its
    // error) and, when there are none, the sign changes: differing sign
    // bits (the quotients below keep the amounts' signs).
    let first_zero = coefs.first().is_some_and(|c| *c == 0.0);
    let (zeros, changes) =
        coefs
            .iter()
            .zip(coefs.iter().skip(1))
            .fold((usize::from(first_zero), 0usize), |(zeros, changes), (a, b)| {
                (
                    zeros + usize::from(*b == 0.0),
                    changes + ((a.to_bits() ^ b.to_bits()) >> 63) as usize,
                )
            });
    if zeros > 0 {
        return None;
    }
    // `largest` is the largest magnitude of the converted amounts, as the
    // canonical form finds it. No quotient is zero: magnitudes are within
    // [1e-28, 8e28], so quotients are at least about 1e-57.
    coefs.iter_mut().for_each(|c| *c /= largest);
    Some(CanonicalDated { units, coefs, changes })
}

/// Dated flows being collected in date order: runs of flows on one day are
/// summed exactly in `Decimal`, then converted to `f64` once.
struct DecimalRuns {
    units: Vec<u32>,
    amounts: Vec<f64>,
    /// The current day and the exact sum of its flows.
    current: Option<(u32, Decimal)>,
}

impl DecimalRuns {
    fn with_capacity(n: usize) -> Self {
        DecimalRuns {
            units: Vec::with_capacity(n),
            amounts: Vec::with_capacity(n),
            current: None,
        }
    }

    /// Adds a flow at unit `u`, not before the previous one.
    fn push(&mut self, u: u32, amount: Decimal) -> Result<()> {
        match &mut self.current {
            Some((v, sum)) if *v == u => {
                *sum = sum
                    .checked_add(amount)
                    .ok_or_else(|| Error::overflow("sum of the flows of one date"))?;
            }
            _ => {
                self.flush();
                self.current = Some((u, amount));
            }
        }
        Ok(())
    }

    fn flush(&mut self) {
        if let Some((u, sum)) = self.current.take() {
            self.units.push(u);
            self.amounts.push(decimal_to_f64(sum));
        }
    }

    fn finish(mut self) -> Flows {
        self.flush();
        let max_unit = self.units.last().copied().unwrap_or(0);
        Flows {
            units: self.units,
            amounts: self.amounts,
            per_year: 365.0,
            max_unit,
        }
    }
}

/// Fills the power tables for factor `e^(k·u)`, `u ≤ max_unit`: `low[l] =
/// e^(k·l)` for `l < 2^bits` (of `LOW_LEN` entries), `high[h] =
/// e^(k·h·2^bits)`.
fn fill(low: &mut Vec<f64>, high: &mut Vec<f64>, table_bits: &mut u32, k: f64, max_unit: u32, bits: u32) {
    *table_bits = bits;
    let width = 1usize << bits;
    // The low table keeps its full width (entries past `width` unused), so
    // that a masked index needs no bounds test.
    if low.len() != LOW_LEN {
        low.clear();
        low.resize(LOW_LEN, f64::NAN);
    }
    for (l, slot) in low.iter_mut().take(width).enumerate() {
        *slot = (k * l as f64).exp();
    }
    let n_high = (max_unit >> bits) as usize + 1;
    high.clear();
    high.extend((0..n_high).map(|h| (k * (h * width) as f64).exp()));
}

/// `e^(k·u)` from the tables [`fill`] made (NaN past them, which the
/// callers' bounds rule out).
#[inline(always)]
fn power(low: &[f64], high: &[f64], bits: u32, u: u32) -> f64 {
    let h = (u >> bits) as usize;
    let l = (u as usize) & ((1usize << bits) - 1);
    match (high.get(h), low.get(l)) {
        (Some(a), Some(b)) => a * b,
        _ => f64::NAN,
    }
}

/// Evaluates `Σ aᵢ e^(−x·uᵢ/per_year)` and its derivative in `x = ln(1+r)`,
/// reusing its power tables' storage between calls.
#[derive(Debug, Default)]
pub(crate) struct Evaluator {
    low: Vec<f64>,
    high: Vec<f64>,
    /// log2 of the low table's length.
    bits: u32,
    /// The last polynomial [`split`](Self::split) saw, divided by sign.
    signed: SignedTerms,
    /// Address and lengths of the borrowed terms `signed` holds, if any
    /// (see [`split_borrowed`](Self::split_borrowed)).
    borrowed: Option<(usize, usize, usize, usize)>,
    /// The terms of one sign of one evaluation.
    scratch: Vec<f64>,
    /// Borrowed terms with few sign changes, summed in place run by run
    /// (see [`split_borrowed`](Self::split_borrowed)).
    runs: SignRuns,
    /// The runs of the borrowed terms used before `runs`' (the solver
    /// alternates between its terms and a derivative's): a second slot.
    spare: SignRuns,
}

/// Most runs of one sign for which borrowed terms are summed in place, run
/// by run, instead of being divided by sign into copies.
const MAX_RUNS: usize = 16;

/// Borrowed terms as runs of one sign, recognised by address and length
/// as in [`Evaluator::split_borrowed`]: no copy of the terms, only where
/// each run starts and ends and the units as `f64` (the times of the
/// moments).
#[derive(Debug, Default)]
struct SignRuns {
    /// Address and lengths of the borrowed terms the runs are of, if the
    /// coefficients are borrowed too.
    key: Option<(usize, usize, usize, usize)>,
    /// The nonzero span of the terms (see [`nonzero_span`]).
    start: usize,
    end: usize,
    /// `(start, end, negative)` of each run, within the nonzero span.
    runs: Vec<(usize, usize, bool)>,
    /// Address and length of the borrowed units `times` holds.
    times_key: Option<(usize, usize)>,
    /// The units as `f64`.
    times: Vec<f64>,
}

/// The number of leading `coefs` of the sign `negative` (below zero or
/// not): whole chunks by a folded test (which vectorises), then term by
/// term.
fn run_length(coefs: &[f64], negative: bool) -> usize {
    const CHUNK: usize = 16;
    let mut done = 0;
    for chunk in coefs.chunks_exact(CHUNK) {
        if chunk.iter().fold(false, |other, c| other | ((*c < 0.0) != negative)) {
            break;
        }
        done += CHUNK;
    }
    let rest = coefs.get(done..).unwrap_or_default();
    done + rest.iter().position(|c| (*c < 0.0) != negative).unwrap_or(rest.len())
}

impl SignRuns {
    /// Records the runs of one sign of `coefs` (the nonzero span
    /// `start..end` of the terms), or returns `false` when they have more
    /// than [`MAX_RUNS`] runs.
    fn build(&mut self, coefs: &[f64], start: usize, end: usize) -> bool {
        self.runs.clear();
        let mut i = 0;
        let n = coefs.len();
        while i < n {
            let negative = coefs.get(i).is_some_and(|c| *c < 0.0);
            let len = run_length(coefs.get(i..n).unwrap_or_default(), negative);
            if self.runs.len() == MAX_RUNS {
                self.runs.clear();
                return false;
            }
            self.runs.push((i, i + len, negative));
            i += len.max(1);
        }
        (self.start, self.end) = (start, end);
        true
    }
}

/// A polynomial's terms divided by sign once, so that each evaluation sums
/// two arrays of one sign each without a test per term. Kept with a copy of
/// the terms it was built from and rebuilt whenever other terms come in
/// (compared by value, so it can never serve stale terms).
#[derive(Debug, Default)]
struct SignedTerms {
    units: Vec<u32>,
    coefs: Vec<f64>,
    /// The last unit less the first.
    span: u32,
    positive: Part,
    /// Magnitudes of the negative coefficients.
    negative: Part,
}

/// The terms of one sign: offsets from the first unit, coefficient
/// magnitudes, and the units as `f64` (the times of the moments).
#[derive(Debug, Default)]
struct Part {
    offsets: Vec<u32>,
    coefs: Vec<f64>,
    times: Vec<f64>,
}

impl SignedTerms {
    fn prepare(&mut self, units: &[u32], coefs: &[f64]) {
        // Compared bit for bit with one branch-free pass (a fold of XORs,
        // which vectorises), not an early exit per term.
        let same = self.units == units
            && self.coefs.len() == coefs.len()
            && self
                .coefs
                .iter()
                .zip(coefs)
                .fold(0u64, |acc, (a, b)| acc | (a.to_bits() ^ b.to_bits()))
                == 0;
        if same {
            return;
        }
        self.units.clear();
        self.units.extend_from_slice(units);
        self.coefs.clear();
        self.coefs.extend_from_slice(coefs);
        let first = units.first().copied().unwrap_or(0);
        self.span = units.last().copied().unwrap_or(0).saturating_sub(first);
        // Filled as local vectors (taken out and put back), whose lengths
        // the compiler keeps in registers.
        let mut p = std::mem::take(&mut self.positive);
        let mut q = std::mem::take(&mut self.negative);
        let (mut po, mut pc, mut pt) = (p.offsets, p.coefs, p.times);
        let (mut no, mut nc, mut nt) = (q.offsets, q.coefs, q.times);
        for v in [&mut po, &mut no] {
            v.clear();
            v.reserve(units.len());
        }
        for v in [&mut pc, &mut pt, &mut nc, &mut nt] {
            v.clear();
            v.reserve(units.len());
        }
        for (u, c) in units.iter().zip(coefs) {
            let offset = u.saturating_sub(first);
            // NaN goes to the negative terms, as a test `c * f >= 0` would
            // send it.
            if *c >= 0.0 {
                po.push(offset);
                pc.push(*c);
                pt.push(f64::from(*u));
            } else {
                no.push(offset);
                nc.push(-*c);
                nt.push(f64::from(*u));
            }
        }
        (p.offsets, p.coefs, p.times) = (po, pc, pt);
        (q.offsets, q.coefs, q.times) = (no, nc, nt);
        self.positive = p;
        self.negative = q;
    }
}

/// The low-table width (log2) for `n` flows spanning `span` units, or
/// `None` when one `exp` per flow is cheaper than filling the tables: the
/// width near √span minimises the `2^b + span/2^b` entries to compute.
fn table_bits(n: usize, span: u32) -> Option<u32> {
    let log2_span = 32 - span.leading_zeros();
    let bits = log2_span.div_ceil(2).clamp(3, LOW_BITS);
    let entries = (1usize << bits) + (span >> bits) as usize + 1;
    (2 * entries <= n).then_some(bits)
}

/// A Neumaier compensated sum.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct CompensatedSum {
    sum: f64,
    carry: f64,
}

impl CompensatedSum {
    #[inline(always)]
    pub(crate) fn add(&mut self, x: f64) {
        let t = self.sum + x;
        if self.sum.abs() >= x.abs() {
            self.carry += (self.sum - t) + x;
        } else {
            self.carry += (x - t) + self.sum;
        }
        self.sum = t;
    }

    #[inline(always)]
    pub(crate) fn value(self) -> f64 {
        self.sum + self.carry
    }
}

impl Evaluator {
    /// Fills the tables for the per-unit log factor `k` (so `v^u = e^(k·u)`).
    /// Fills tables of `2^bits` low powers and `(max_unit >> bits) + 1`
    /// high ones for the per-unit log factor `k` (so `v^u = e^(k·u)`).
    fn fill(&mut self, k: f64, max_unit: u32, bits: u32) {
        fill(&mut self.low, &mut self.high, &mut self.bits, k, max_unit, bits);
    }

    #[inline(always)]
    fn power(&self, u: u32) -> f64 {
        power(&self.low, &self.high, self.bits, u)
    }

    /// `Σ aᵢ e^(−x·tᵢ)`, tᵢ = uᵢ / per_year.
    pub(crate) fn value(&mut self, flows: &Flows, x: f64) -> f64 {
        let k = -x / flows.per_year;
        let mut s = CompensatedSum::default();
        if let Some(bits) = table_bits(flows.len(), flows.max_unit) {
            self.fill(k, flows.max_unit, bits);
            for (u, a) in flows.units.iter().zip(&flows.amounts) {
                s.add(a * self.power(*u));
            }
        } else {
            for (u, a) in flows.units.iter().zip(&flows.amounts) {
                s.add(a * (k * f64::from(*u)).exp());
            }
        }
        s.value()
    }
}

/// Flows per chunk of a dated sum. Chunks' partial sums are combined in
/// chunk order, so the result is the same whatever the number of threads.
const CHUNK: usize = 1 << 16;

/// Chunks needed before a dated sum is spread over threads.
const PARALLEL_MIN_CHUNKS: usize = 4;

/// `Σ aᵢ e^(−k·uᵢ)` for dated flows, `uᵢ` = days from the **earliest** date:
/// the XNPV kernel. One fused pass over the inputs (no intermediate arrays)
/// taking the first date as the origin; if an earlier date turns up, a
/// second pass from the true earliest date. Large inputs are split into
/// fixed chunks summed on up to `available_parallelism` threads.
pub(crate) fn dated_sum(k: f64, flows: impl Dated) -> f64 {
    let Some((first, _)) = flows.iter().next() else {
        return 0.0;
    };
    let base = day_number(first);
    match dated_sum_from(k, base, flows) {
        Ok(v) => v,
        // The second pass starts at the earliest date, so it cannot fail.
        Err(min_u) => dated_sum_from(k, base + min_u, flows).unwrap_or(f64::NAN),
    }
}

/// The dated sum with days counted from day number `base`, or `Err(min_u)`
/// (the most negative day offset) when a date precedes `base`.
fn dated_sum_from<D: Dated>(k: f64, base: i64, flows: D) -> std::result::Result<f64, i64> {
    let n = flows.len();
    let low: Vec<f64> = if n >= TABLE_MIN_FLOWS {
        (0..LOW_LEN).map(|l| (-k * l as f64).exp()).collect()
    } else {
        Vec::new()
    };
    let chunks: Vec<D> = (0..n)
        .step_by(CHUNK)
        .map(|start| flows.slice(start, n.min(start + CHUNK)))
        .collect();
    // `available_parallelism` is a system call: ask only for large inputs.
    let threads = if chunks.len() >= PARALLEL_MIN_CHUNKS {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(chunks.len())
            .min(8)
    } else {
        1
    };
    let parts: Vec<(CompensatedSum, i64)> = if threads > 1 {
        let results = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..threads)
                .map(|w| {
                    let (chunks, low) = (&chunks, &low);
                    scope.spawn(move || {
                        chunks
                            .iter()
                            .enumerate()
                            .skip(w)
                            .step_by(threads)
                            .map(|(i, chunk)| (i, chunk_sum(k, base, low, *chunk)))
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers
                .into_iter()
                .map(|h| h.join())
                .collect::<std::result::Result<Vec<_>, _>>()
        });
        match results {
            Ok(per_worker) => {
                let mut all: Vec<(usize, (CompensatedSum, i64))> = per_worker.into_iter().flatten().collect();
                all.sort_by_key(|(i, _)| *i);
                all.into_iter().map(|(_, p)| p).collect()
            }
            // A worker cannot panic; if one did, compute in this thread.
            Err(_) => chunks.iter().map(|chunk| chunk_sum(k, base, &low, *chunk)).collect(),
        }
    } else {
        chunks.iter().map(|chunk| chunk_sum(k, base, &low, *chunk)).collect()
    };
    let min_u = parts.iter().map(|(_, m)| *m).min().unwrap_or(0);
    if min_u < 0 {
        return Err(min_u);
    }
    let mut total = CompensatedSum::default();
    for (p, _) in parts {
        total.add(p.sum);
        total.add(p.carry);
    }
    Ok(total.value())
}

/// One chunk of a dated sum: the compensated sum and the most negative day
/// offset seen (0 if none). With an empty `low` table, one `exp` per flow;
/// otherwise two table lookups, the high table grown as days require.
fn chunk_sum(k: f64, base: i64, low: &[f64], flows: impl Dated) -> (CompensatedSum, i64) {
    let mut s = CompensatedSum::default();
    let mut min_u = 0i64;
    let mut high: Vec<f64> = Vec::new();
    let (mut year, mut year_base) = (i32::MIN, 0i64);
    for (d, a) in flows.iter() {
        if d.year() != year {
            year = d.year();
            let y = i64::from(year) - 1;
            year_base = 365 * y + y.div_euclid(4) - y.div_euclid(100) + y.div_euclid(400) - base;
        }
        let u = year_base + i64::from(d.ordinal());
        if u < 0 {
            min_u = min_u.min(u);
            continue;
        }
        let df = if low.len() == LOW_LEN {
            let h = (u >> LOW_BITS) as usize;
            while high.len() <= h {
                high.push((-k * (high.len() * LOW_LEN) as f64).exp());
            }
            high[h] * low[(u as usize) & (LOW_LEN - 1)]
        } else {
            (-k * u as f64).exp()
        };
        s.add(decimal_to_f64(a) * df);
    }
    (s, min_u)
}

/// Terms whose discount factor (relative to the reference time) is below
/// `e^(−SPLIT_CUTOFF)` ≈ 1e-200 are left out of [`Evaluator::split`].
pub(crate) const SPLIT_CUTOFF: f64 = 460.0;

/// The positive and negative parts of an exponential sum and their first
/// moments in time, as returned by [`Evaluator::split`]. All four share one
/// positive factor `e^(x·s)` (see there), which cancels in every ratio.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct SplitSums {
    /// `P = Σ cᵢ e^(…)` over the positive terms.
    pub(crate) positive: f64,
    /// `N = Σ |cᵢ| e^(…)` over the negative terms.
    pub(crate) negative: f64,
    /// `Σ cᵢ tᵢ e^(…)` over the positive terms (`−P'`; 0 unless asked for).
    pub(crate) positive_moment: f64,
    /// `Σ |cᵢ| tᵢ e^(…)` over the negative terms (`−N'`; 0 unless asked for).
    pub(crate) negative_moment: f64,
}

impl SplitSums {
    /// The sum, `P − N`.
    pub(crate) fn value(&self) -> f64 {
        self.positive - self.negative
    }

    /// The sum of the terms' magnitudes, `P + N`.
    pub(crate) fn magnitude(&self) -> f64 {
        self.positive + self.negative
    }
}

impl Evaluator {
    /// The parts of `Σ cᵢ e^(−x·(uᵢ − s)/per_year)` for units sorted
    /// ascending and coefficients `coefs` (zip of the two slices), with the
    /// reference time `s` = the first unit with a nonzero coefficient for
    /// `x ≥ 0` and the last one for `x < 0`: every discount factor is then in (0, 1], so nothing overflows
    /// at any rate and the largest term is never lost to underflow. The sum
    /// is `e^(x·s/per_year)·f(x)` for `f(x) = Σ cᵢ e^(−x·uᵢ/per_year)`: the
    /// same sign and the same zeros. Moments use the times `tᵢ = uᵢ/per_year`
    /// themselves. `P` and `N` are compensated sums, so `P − N` is as
    /// accurate as a compensated sum of all terms. Uses the same power
    /// tables as [`Evaluator::value`] when they are cheaper than an `exp`
    /// per flow.
    #[cfg(test)]
    pub(crate) fn split(
        &mut self,
        units: &[u32],
        coefs: &[f64],
        per_year: f64,
        x: f64,
        with_moments: bool,
    ) -> SplitSums {
        self.prepare(units, coefs, false);
        self.split_prepared(per_year, x, with_moments)
    }

    /// [`split`](Self::split) for terms that stay borrowed, unchanged, for
    /// as long as this evaluator is used with them (the solver's canonical
    /// terms): they are recognised by address and length, without
    /// comparing their values again. A slice at the same address and of
    /// the same length that is still borrowed holds the same values; a
    /// caller that drops such a slice and makes another (the solver's
    /// derivatives) calls [`forget_borrowed`](Self::forget_borrowed)
    /// first. The last two slices are kept.
    pub(crate) fn split_borrowed(
        &mut self,
        units: &[u32],
        coefs: &[f64],
        per_year: f64,
        x: f64,
        with_moments: bool,
    ) -> SplitSums {
        if let Some(t) = self.split_in_runs(units, coefs, true, per_year, x, with_moments) {
            return t;
        }
        self.prepare(units, coefs, true);
        self.split_prepared(per_year, x, with_moments)
    }

    /// The split sums of `coefs` summed in place, run by run, when they
    /// have at most [`MAX_RUNS`] runs of one sign (`kept`: recognised by
    /// address as in [`split_borrowed`](Self::split_borrowed)).
    fn split_in_runs(
        &mut self,
        units: &[u32],
        coefs: &[f64],
        kept: bool,
        per_year: f64,
        x: f64,
        with_moments: bool,
    ) -> Option<SplitSums> {
        if !self.prepare_runs(units, coefs, kept) {
            return None;
        }
        let (start, end) = (self.runs.start, self.runs.end);
        Some(self.split_runs(
            units.get(start..end).unwrap_or_default(),
            coefs.get(start..end).unwrap_or_default(),
            per_year,
            x,
            with_moments,
        ))
    }

    /// [`split`](Self::split) for units that stay borrowed, unchanged, as
    /// in [`split_borrowed`](Self::split_borrowed), and coefficients that
    /// may change between calls (the solver's derivatives): the runs of
    /// one sign are found anew at each call, the terms summed in place.
    #[cfg(test)]
    pub(crate) fn split_units_borrowed(
        &mut self,
        units: &[u32],
        coefs: &[f64],
        per_year: f64,
        x: f64,
        with_moments: bool,
    ) -> SplitSums {
        match self.split_in_runs(units, coefs, false, per_year, x, with_moments) {
            Some(t) => t,
            None => self.split(units, coefs, per_year, x, with_moments),
        }
    }

    /// Forgets every borrowed slice it recognises by address and length
    /// ([`split_borrowed`](Self::split_borrowed)): to be called whenever a
    /// new slice may take the address of one it saw before (a derivative's
    /// coefficients computed after another's was dropped), so that a
    /// slice it recognises is always one that has not changed since.
    pub(crate) fn forget_borrowed(&mut self) {
        self.borrowed = None;
        self.runs.key = None;
        self.spare.key = None;
    }

    /// Divides the terms by sign unless they are the ones divided last:
    /// compared by address when `borrowed` (see
    /// [`split_borrowed`](Self::split_borrowed)), else by value.
    fn prepare(&mut self, units: &[u32], coefs: &[f64], borrowed: bool) {
        let key = (
            units.as_ptr() as usize,
            coefs.as_ptr() as usize,
            units.len(),
            coefs.len(),
        );
        if borrowed && self.borrowed == Some(key) {
            return;
        }
        let (u, c) = nonzero_span(units, coefs);
        self.signed.prepare(u, c);
        self.borrowed = borrowed.then_some(key);
    }

    /// Prepares borrowed terms (units sorted ascending) as runs of one
    /// sign (see [`SignRuns`]); `false` when they have too many runs (then
    /// they are divided by sign, as [`prepare`](Self::prepare) does).
    fn prepare_runs(&mut self, units: &[u32], coefs: &[f64], coefs_borrowed: bool) -> bool {
        let key = (
            units.as_ptr() as usize,
            coefs.as_ptr() as usize,
            units.len(),
            coefs.len(),
        );
        if coefs_borrowed {
            if self.runs.key == Some(key) {
                return true;
            }
            std::mem::swap(&mut self.runs, &mut self.spare);
            if self.runs.key == Some(key) {
                return true;
            }
        }
        self.runs.key = None;
        let times_key = (units.as_ptr() as usize, units.len());
        if self.runs.times_key != Some(times_key) {
            self.runs.times.clear();
            // Through `i32` where every unit fits (a signed conversion,
            // which vectorises; the same exact value): the units are sorted
            // ascending, so the last is the largest.
            debug_assert!(units.is_sorted(), "units must be sorted ascending");
            if units.last().is_none_or(|u| *u >> 31 == 0) {
                self.runs.times.extend(units.iter().map(|u| f64::from(*u as i32)));
            } else {
                self.runs.times.extend(units.iter().map(|u| f64::from(*u)));
            }
            self.runs.times_key = Some(times_key);
        }
        let n_all = units.len().min(coefs.len());
        let end = coefs.iter().rposition(|c| *c != 0.0).map_or(0, |i| i + 1).min(n_all);
        let start = coefs.iter().position(|c| *c != 0.0).unwrap_or(0).min(end);
        let c = coefs.get(start..end).unwrap_or_default();
        if !self.runs.build(c, start, end) {
            return false;
        }
        self.runs.key = coefs_borrowed.then_some(key);
        true
    }

    /// The split sums of the terms last prepared.
    fn split_prepared(&mut self, per_year: f64, x: f64, with_moments: bool) -> SplitSums {
        // Every factor is e^(−|x|·d/per_year) with d = |u − s|; terms with a
        // factor below e^(−SPLIT_CUTOFF) are left out (they are below
        // 1e-200 of their coefficient and would only cost subnormal
        // arithmetic). The units are sorted, so those form a tail (x ≥ 0) or
        // a head (x < 0) of the slice.
        let k = -x.abs() / per_year;
        let reach = if k < 0.0 {
            (SPLIT_CUTOFF / -k).min(f64::from(u32::MAX)) as u32
        } else {
            u32::MAX
        };
        let signed = &self.signed;
        let span = signed.span;
        // Terms within reach: a prefix (x ≥ 0) or a suffix (x < 0) of
        // each part, since the offsets are sorted.
        let within = |part: &Part| {
            let os = &part.offsets;
            if x >= 0.0 {
                0..os.partition_point(|o| *o <= reach)
            } else {
                os.partition_point(|o| span - *o > reach)..os.len()
            }
        };
        let (pr, nr) = (within(&signed.positive), within(&signed.negative));
        let n = pr.len() + nr.len();
        let table_span = span.min(reach);
        let flip = x < 0.0;
        let ((p, pm), (q, qm)) = if let Some(bits) = table_bits(n, table_span) {
            fill(&mut self.low, &mut self.high, &mut self.bits, k, table_span, bits);
            let (high, bits) = (&self.high[..], self.bits);
            let Ok(low) = <&[f64; LOW_LEN]>::try_from(&self.low[..]) else {
                return SplitSums::default();
            };
            let mask = ((1u32 << bits) - 1) & (LOW_LEN as u32 - 1);
            let factor = |o: u32| {
                let h = high.get((o >> bits) as usize).copied().unwrap_or(f64::NAN);
                h * low[(o & mask) as usize]
            };
            let scratch = &mut self.scratch;
            (
                one_sign_sum(&signed.positive, pr, span, flip, with_moments, scratch, factor),
                one_sign_sum(&signed.negative, nr, span, flip, with_moments, scratch, factor),
            )
        } else {
            let factor = |o: u32| (k * f64::from(o)).exp();
            let scratch = &mut self.scratch;
            (
                one_sign_sum(&signed.positive, pr, span, flip, with_moments, scratch, factor),
                one_sign_sum(&signed.negative, nr, span, flip, with_moments, scratch, factor),
            )
        };
        SplitSums {
            positive: p,
            negative: q,
            positive_moment: pm / per_year,
            negative_moment: qm / per_year,
        }
    }
}

impl Evaluator {
    /// The split sums of borrowed terms prepared as runs
    /// ([`prepare_runs`](Self::prepare_runs)): `units`, `coefs` their
    /// nonzero span. The same sums as [`split_prepared`](Self::split_prepared)
    /// (bit for bit when each sign is one run, as with one sign change:
    /// the same terms in the same lanes), without the copies: a negative
    /// run is summed as it is and its sum negated, which rounding to
    /// nearest makes exact.
    fn split_runs(&mut self, units: &[u32], coefs: &[f64], per_year: f64, x: f64, with_moments: bool) -> SplitSums {
        let n = units.len().min(coefs.len());
        let (units, coefs) = (units.get(..n).unwrap_or_default(), coefs.get(..n).unwrap_or_default());
        let k = -x.abs() / per_year;
        let reach = if k < 0.0 {
            (SPLIT_CUTOFF / -k).min(f64::from(u32::MAX)) as u32
        } else {
            u32::MAX
        };
        let first = units.first().copied().unwrap_or(0);
        let last = units.last().copied().unwrap_or(0);
        let span = last.saturating_sub(first);
        let flip = x < 0.0;
        // As in `split_prepared`: the terms within reach of the reference
        // unit, a prefix (x ≥ 0) or a suffix (x < 0).
        let within = if flip {
            units.partition_point(|u| last - u > reach)..n
        } else {
            0..units.partition_point(|u| u - first <= reach)
        };
        let origin = if flip { last } else { first };
        let table = table_bits(within.len(), span.min(reach));
        if let Some(bits) = table {
            fill(&mut self.low, &mut self.high, &mut self.bits, k, span.min(reach), bits);
        }
        // The power tables when they were made (else one `exp` a term).
        let low = match (table, <&[f64; LOW_LEN]>::try_from(&self.low[..])) {
            (Some(_), Ok(low)) => Some(low),
            (Some(_), Err(_)) => return SplitSums::default(),
            (None, _) => None,
        };
        let (high, bits) = (&self.high[..], self.bits);
        let mut sums = [CompensatedSum::default(); 2];
        let mut moments = [0.0f64; 2];
        for &(a, b, negative) in &self.runs.runs {
            let (a, b) = (a.max(within.start), b.min(within.end));
            if a >= b {
                continue;
            }
            let (us, cs) = (units.get(a..b).unwrap_or_default(), coefs.get(a..b).unwrap_or_default());
            let ts = self
                .runs
                .times
                .get(self.runs.start + a..self.runs.start + b)
                .unwrap_or_default();
            let out = &mut self.scratch;
            out.clear();
            match low {
                Some(low) => table_terms(out, us, cs, origin, flip, high, low, bits),
                None => exp_terms(out, us, cs, origin, flip, k),
            }
            let side = usize::from(negative);
            add_lanes(&mut sums[side], &mut moments[side], out, ts, with_moments);
        }
        SplitSums {
            positive: sums[0].value(),
            negative: -sums[1].value(),
            positive_moment: moments[0] / per_year,
            negative_moment: -moments[1] / per_year,
        }
    }
}

/// Adds the lane sums of the terms `v` (times `t`) to `total` and their
/// moment to `moment`, as [`one_sign_sum`] combines them.
#[inline(always)]
fn add_lanes(total: &mut CompensatedSum, moment: &mut f64, v: &[f64], t: &[f64], with_moments: bool) {
    let lanes = if with_moments {
        lane_sum::<true>(v, t)
    } else {
        lane_sum::<false>(v, t)
    };
    for (s, e) in lanes.sum.iter().zip(&lanes.carry) {
        total.add(*s);
        total.add(*e);
    }
    *moment += lanes.moment.iter().sum::<f64>();
}

/// The offset of unit `u` from `origin`: `u − origin`, or `origin − u`
/// when `flip`.
#[inline(always)]
fn offset(u: u32, origin: u32, flip: bool) -> u32 {
    if flip {
        origin.wrapping_sub(u)
    } else {
        u.wrapping_sub(origin)
    }
}

/// The terms `cᵢ·e^(k·oᵢ)` into `out`, `oᵢ` the offsets of the units from
/// `origin` ([`offset`]), one `exp` each.
fn exp_terms(out: &mut Vec<f64>, units: &[u32], coefs: &[f64], origin: u32, flip: bool, k: f64) {
    out.extend(
        units
            .iter()
            .zip(coefs)
            .map(|(u, c)| c * (k * f64::from(offset(*u, origin, flip))).exp()),
    );
}

/// The terms `cᵢ·(high[oᵢ >> bits]·low[oᵢ mod 2^bits])` into `out`, `oᵢ`
/// the offsets of the sorted units from `origin` ([`offset`]; all within
/// the tables), the same products as [`power`] gives. Block by block of
/// the high table (the offsets are monotone, so each block is a slice):
/// its factor is loaded once, and where a block's units are consecutive
/// (daily flows) the low factors are a slice of the low table, read in
/// order.
#[allow(clippy::too_many_arguments)]
fn table_terms(
    out: &mut Vec<f64>,
    units: &[u32],
    coefs: &[f64],
    origin: u32,
    flip: bool,
    high: &[f64],
    low: &[f64; LOW_LEN],
    bits: u32,
) {
    let n = units.len().min(coefs.len());
    let mask = ((1u32 << bits) - 1) & (LOW_LEN as u32 - 1);
    out.reserve(n);
    // Consecutive units (daily flows; one comparison tells): every block
    // is dense, so it is found without a search, as the general loop below
    // would find it, and its products are the same.
    let dense = match (units.first(), units.get(n.wrapping_sub(1))) {
        (Some(a), Some(b)) => b.wrapping_sub(*a) as usize == n - 1,
        _ => false,
    };
    if dense {
        dense_table_terms(
            out,
            coefs.get(..n).unwrap_or_default(),
            units.first().map_or(0, |u| offset(*u, origin, flip)),
            flip,
            high,
            low,
            mask,
        );
        return;
    }
    let mut i = 0;
    while i < n {
        let rest = units.get(i..n).unwrap_or_default();
        let Some(&u0) = rest.first() else { break };
        let o0 = offset(u0, origin, flip);
        let h = o0 >> bits;
        let l0 = (o0 & mask) as usize;
        // The block holds at most the offsets from `o0` to its end (the
        // units are distinct): all of them when the block is dense, which
        // one comparison tells; else a binary search among them.
        let slots = if flip { l0 + 1 } else { (mask as usize) - l0 + 1 };
        let m = slots.min(rest.len());
        let full = rest
            .get(m.wrapping_sub(1))
            .is_some_and(|u| (offset(*u, origin, flip).abs_diff(o0)) as usize == m - 1);
        let len = if full {
            m
        } else {
            rest.get(..m)
                .unwrap_or_default()
                .partition_point(|u| offset(*u, origin, flip) >> bits == h)
                .max(1)
        };
        let hv = high.get(h as usize).copied().unwrap_or(f64::NAN);
        let end = i + len;
        let (us, cs) = (
            units.get(i..end).unwrap_or_default(),
            coefs.get(i..end).unwrap_or_default(),
        );
        i = end;
        if full {
            // Consecutive units: low indices l0, l0 + 1, … (or l0, l0 − 1,
            // … when flipped), all within the block.
            if !flip {
                if let Some(ls) = low.get(l0..l0 + len) {
                    out.extend(cs.iter().zip(ls).map(|(c, l)| c * (hv * l)));
                    continue;
                }
            } else if let Some(ls) = (l0 + 1).checked_sub(len).and_then(|s| low.get(s..=l0)) {
                out.extend(cs.iter().zip(ls.iter().rev()).map(|(c, l)| c * (hv * l)));
                continue;
            }
        }
        out.extend(
            cs.iter()
                .zip(us)
                .map(|(c, u)| c * (hv * low[(offset(*u, origin, flip) & mask) as usize])),
        );
    }
}

/// [`table_terms`] for consecutive units, the first at offset `o0`
/// (offsets `o0 + i`, or `o0 − i` when `flip`): block by block of the high
/// table, each block's low factors a slice of the low table read in order
/// (backwards when flipped); `mask` is the low table's width less one.
fn dense_table_terms(
    out: &mut Vec<f64>,
    coefs: &[f64],
    o0: u32,
    flip: bool,
    high: &[f64],
    low: &[f64; LOW_LEN],
    mask: u32,
) {
    let n = coefs.len();
    let (o0, width, bits) = (o0 as usize, mask as usize + 1, mask.count_ones());
    let mut i = 0;
    while i < n {
        let o = if flip { o0.wrapping_sub(i) } else { o0 + i };
        let l = o & (width - 1);
        let len = if flip { l + 1 } else { width - l }.min(n - i);
        let hv = high.get(o >> bits).copied().unwrap_or(f64::NAN);
        let cs = coefs.get(i..i + len).unwrap_or_default();
        if flip {
            let ls = low.get(l + 1 - len..=l).unwrap_or_default();
            out.extend(cs.iter().zip(ls.iter().rev()).map(|(c, l)| c * (hv * l)));
        } else {
            let ls = low.get(l..l + len).unwrap_or_default();
            out.extend(cs.iter().zip(ls).map(|(c, l)| c * (hv * l)));
        }
        i += len;
    }
}

/// Buckets of the coarse model of [`Evaluator::coarse_root`].
const COARSE_BUCKETS: u32 = 16;

/// One bucket of the coarse model: `ln C`, the mean time `τ` and the
/// variance `σ²` of its terms' times (in years), so that the bucket's sum
/// is about `C·e^(−x·τ + x²σ²/2)` (its first two cumulants).
#[derive(Clone, Copy)]
struct Bucket {
    /// The sum of the bucket's coefficients, `C`.
    c: f64,
    log_c: f64,
    tau: f64,
    var: f64,
}

/// The buckets of one sign's terms, at units `units` (sorted) with
/// coefficients `sign × coefs` (positive): offsets `u − base` cut into
/// [`COARSE_BUCKETS`] equal ranges of `span` (each a slice).
#[allow(clippy::too_many_arguments)]
fn buckets(
    units: &[u32],
    times: &[f64],
    coefs: &[f64],
    base: u32,
    sign: f64,
    span: u32,
    per_year: f64,
    out: &mut Vec<Bucket>,
) {
    let width = span / COARSE_BUCKETS + 1;
    let mut start = 0usize;
    for b in 1..=COARSE_BUCKETS {
        let limit = b.saturating_mul(width);
        let end = start
            + units
                .get(start..)
                .unwrap_or_default()
                .partition_point(|u| u.wrapping_sub(base) < limit);
        let (os, ts, cs) = (
            units.get(start..end).unwrap_or_default(),
            times.get(start..end).unwrap_or_default(),
            coefs.get(start..end).unwrap_or_default(),
        );
        start = end;
        let (Some(&first), Some(&t0)) = (os.first(), ts.first()) else {
            continue;
        };
        let origin = f64::from(first.wrapping_sub(base));
        // Times from the bucket's first unit: `t − t0` is an exact integer
        // (the times are the units as `f64`). The sums are of the
        // coefficients as they are, their sign applied to the totals (a
        // negation, exact).
        let lanes = cumulant_lanes(ts, cs, t0);
        let [c, m, v] = lanes.map(|l| sign * l.iter().sum::<f64>());
        if c > 0.0 {
            let mean = m / c;
            out.push(Bucket {
                c,
                log_c: c.ln(),
                tau: (origin + mean) / per_year,
                var: (v / c - mean * mean).max(0.0) / (per_year * per_year),
            });
        }
    }
}

/// `Σ cᵢ`, `Σ cᵢ·dᵢ` and `Σ cᵢ·dᵢ²` for `dᵢ = tᵢ − t0`, in four lanes
/// each (the remainder in the first), unreduced. The whole chunks are
/// summed by [`cumulant_chunks`], not inlined and written lane by lane, so
/// that the compiler keeps the lanes in vector registers (as in
/// [`lane_sum`]).
fn cumulant_lanes(t: &[f64], c: &[f64], t0: f64) -> [[f64; 4]; 3] {
    let [mut s0, mut s1, mut s2] = cumulant_chunks(t, c, t0);
    let (tc, cc) = (t.chunks_exact(4), c.chunks_exact(4));
    for (t, k) in tc.remainder().iter().zip(cc.remainder()) {
        let (d, kd) = (t - t0, k * (t - t0));
        s0[0] += k;
        s1[0] += kd;
        s2[0] += kd * d;
    }
    [s0, s1, s2]
}

/// The whole chunks of [`cumulant_lanes`]: apart from the remainder's
/// scalar additions to the first lane, so that every lane stays in vector
/// registers.
#[inline(never)]
fn cumulant_chunks(t: &[f64], c: &[f64], t0: f64) -> [[f64; 4]; 3] {
    let (mut s0, mut s1, mut s2) = ([0.0f64; 4], [0.0f64; 4], [0.0f64; 4]);
    for (t4, c4) in t.chunks_exact(4).zip(c.chunks_exact(4)) {
        let (Ok(t4), Ok(c4)) = (<[f64; 4]>::try_from(t4), <[f64; 4]>::try_from(c4)) else {
            continue;
        };
        let d = lanewise(t4, [t0; 4], |a, b| a - b);
        let kd = lanewise(c4, d, |a, b| a * b);
        s0 = lanewise(s0, c4, |a, b| a + b);
        s1 = lanewise(s1, kd, |a, b| a + b);
        s2 = lanewise(s2, lanewise(kd, d, |a, b| a * b), |a, b| a + b);
    }
    [s0, s1, s2]
}

impl Evaluator {
    /// A starting point for a solve: the zero in `(lo, hi)` of a coarse
    /// model of `ln(P/N)` (each sign's terms in [`COARSE_BUCKETS`] buckets
    /// by time, each bucket by its first two cumulants), by Newton from
    /// `start`, or when it is `None` from the Newton step of `ln(P/N)` at
    /// `x = 0` that the buckets give (the solver's free guess, without a
    /// pass of its own; the middle of `(lo, hi)` when that is outside);
    /// `None` when the iteration leaves `(lo, hi)` or does not settle. The terms must stay borrowed as for
    /// [`split_borrowed`](Self::split_borrowed). Only a guess: the solve that follows brackets and certifies
    /// the root on the exact sums, from any start. For daily flows the
    /// guess is within about 1e-7 of the root, so the solve needs about
    /// two evaluations instead of five.
    pub(crate) fn coarse_root(
        &mut self,
        units: &[u32],
        coefs: &[f64],
        per_year: f64,
        start: Option<f64>,
        lo: f64,
        hi: f64,
    ) -> Option<f64> {
        let buckets_each = COARSE_BUCKETS as usize;
        let (mut pos, mut neg) = (Vec::with_capacity(buckets_each), Vec::with_capacity(buckets_each));
        if self.prepare_runs(units, coefs, true) && self.runs.runs.len() == 2 {
            // One run of each sign (one sign change), read in place.
            let (start, end) = (self.runs.start, self.runs.end);
            let (us, cs) = (
                units.get(start..end).unwrap_or_default(),
                coefs.get(start..end).unwrap_or_default(),
            );
            let first = us.first().copied().unwrap_or(0);
            let span = us.last().copied().unwrap_or(0).saturating_sub(first);
            for &(a, b, negative) in &self.runs.runs {
                let (run_units, run_coefs) = (us.get(a..b).unwrap_or_default(), cs.get(a..b).unwrap_or_default());
                let run_times = self.runs.times.get(start + a..start + b).unwrap_or_default();
                let (sign, out) = if negative { (-1.0, &mut neg) } else { (1.0, &mut pos) };
                buckets(run_units, run_times, run_coefs, first, sign, span, per_year, out);
            }
        } else {
            self.prepare(units, coefs, true);
            let signed = &self.signed;
            let (p, q) = (&signed.positive, &signed.negative);
            buckets(&p.offsets, &p.times, &p.coefs, 0, 1.0, signed.span, per_year, &mut pos);
            buckets(&q.offsets, &q.times, &q.coefs, 0, 1.0, signed.span, per_year, &mut neg);
        }
        if pos.is_empty() || neg.is_empty() {
            return None;
        }
        // ln Σ w and d/dx ln Σ w, w = C·e^(−xτ + x²σ²/2), shifted by the
        // largest exponent `top` (common to both signs).
        let exponent = |b: &Bucket, x: f64| b.log_c - x * b.tau + 0.5 * x * x * b.var;
        let part = |bs: &[Bucket], x: f64, top: f64| {
            let (mut w, mut dw) = (0.0, 0.0);
            for b in bs {
                let e = (exponent(b, x) - top).exp();
                w += e;
                dw += e * (x * b.var - b.tau);
            }
            (w.ln(), dw / w)
        };
        let start = start.unwrap_or_else(|| {
            // ln(P₀/N₀) over the difference of the mean times: the sums
            // and first moments at x = 0 are the buckets' `C` and `C·τ`.
            let moments = |bs: &[Bucket]| bs.iter().fold((0.0, 0.0), |(c, m), b| (c + b.c, m + b.c * b.tau));
            let ((p, pm), (q, qm)) = (moments(&pos), moments(&neg));
            let guess = -(p / q).ln() / (qm / q - pm / p);
            if guess > lo && guess < hi {
                guess
            } else {
                lo + 0.5 * (hi - lo)
            }
        });
        let mut x = start;
        for _ in 0..16 {
            let top = pos
                .iter()
                .chain(&neg)
                .map(|b| exponent(b, x))
                .fold(f64::NEG_INFINITY, f64::max);
            let (lp, dp) = part(&pos, x, top);
            let (ln, dn) = part(&neg, x, top);
            let dx = -(lp - ln) / (dp - dn);
            let next = x + dx;
            if !(next.is_finite() && next > lo && next < hi) {
                return None;
            }
            x = next;
            // Newton converges quadratically: after a step of 1e-7 the
            // model's root is within about 1e-14, far inside the model's
            // own accuracy (about 1e-7 for daily flows), so no step to
            // confirm it.
            if dx.abs() <= 1e-7 * x.abs().max(1.0) {
                return Some(x);
            }
        }
        None
    }
}

/// Lanes of [`one_sign_sum`]: terms are dealt round-robin to independent
/// accumulators, which breaks the dependency chain of one running sum so
/// the loop pipelines (and the compiler may vectorise it).
const LANES: usize = 4;

/// `(Σ cᵢ·f(oᵢ), Σ cᵢ·f(oᵢ)·uᵢ)` over the terms `range` of `part`, with
/// `oᵢ` the offset from the first unit (from the last, `span − oᵢ`, when
/// `flip`) and `uᵢ` the unit: the first a compensated sum in `LANES`
/// lanes, the second plain (it only steers Newton). In two passes: the
/// terms into `scratch` (table lookups or `exp`, scalar), then the sums
/// over plain arrays, which vectorise.
#[inline(always)]
fn one_sign_sum(
    part: &Part,
    range: std::ops::Range<usize>,
    span: u32,
    flip: bool,
    with_moments: bool,
    scratch: &mut Vec<f64>,
    factor: impl Fn(u32) -> f64,
) -> (f64, f64) {
    let offsets = part.offsets.get(range.clone()).unwrap_or_default();
    let coefs = part.coefs.get(range.clone()).unwrap_or_default();
    let times = part.times.get(range).unwrap_or_default();
    if scratch.len() < offsets.len() {
        scratch.resize(offsets.len(), 0.0);
    }
    let scratch = scratch.get_mut(..offsets.len()).unwrap_or_default();
    let terms = scratch.iter_mut().zip(offsets.iter().zip(coefs));
    if flip {
        for (v, (o, c)) in terms {
            *v = c * factor(span.wrapping_sub(*o));
        }
    } else {
        for (v, (o, c)) in terms {
            *v = c * factor(*o);
        }
    }
    let lanes = if with_moments {
        lane_sum::<true>(scratch, times)
    } else {
        lane_sum::<false>(scratch, times)
    };
    let mut total = CompensatedSum::default();
    for (s, e) in lanes.sum.iter().zip(&lanes.carry) {
        total.add(*s);
        total.add(*e);
    }
    (total.value(), lanes.moment.iter().sum())
}

/// The lane sums of [`one_sign_sum`] over its terms `v` (non-negative)
/// and times `t`; the last chunk is padded with zero terms. Not inlined,
/// and returning the lanes unreduced: so the compiler keeps the lanes in
/// vector registers (inlined, or reducing them here, it did not).
#[inline(never)]
fn lane_sum<const MOMENTS: bool>(v: &[f64], t: &[f64]) -> Lanes {
    let n = v.len().min(t.len());
    let whole = n - n % LANES;
    let mut lanes = Lanes::default();
    let (v_whole, t_whole) = (v.get(..whole).unwrap_or_default(), t.get(..whole).unwrap_or_default());
    for (x, u) in v_whole.chunks_exact(LANES).zip(t_whole.chunks_exact(LANES)) {
        let (Ok(x), Ok(u)) = (<[f64; LANES]>::try_from(x), <[f64; LANES]>::try_from(u)) else {
            continue;
        };
        lanes = lanes.add::<MOMENTS>(x, u);
    }
    if whole < n {
        let x: [f64; LANES] = std::array::from_fn(|i| v.get(whole + i).copied().unwrap_or(0.0));
        let u: [f64; LANES] = std::array::from_fn(|i| t.get(whole + i).copied().unwrap_or(0.0));
        lanes = lanes.add::<MOMENTS>(x, u);
    }
    lanes
}

/// The accumulators of [`lane_sum`], combined lane by lane (whole arrays
/// element by element, which the compiler turns into vector
/// instructions).
#[derive(Default, Clone, Copy)]
struct Lanes {
    sum: [f64; LANES],
    carry: [f64; LANES],
    moment: [f64; LANES],
}

/// `f` lane by lane.
#[inline(always)]
fn lanewise(a: [f64; LANES], b: [f64; LANES], f: impl Fn(f64, f64) -> f64) -> [f64; LANES] {
    std::array::from_fn(|i| f(a[i], b[i]))
}

impl Lanes {
    /// Adds the terms `x`, and `x·u` to the moments. Knuth's TwoSum gives
    /// the rounding error of each `s + x` exactly (as Neumaier's test
    /// would), without a comparison.
    #[inline(always)]
    fn add<const MOMENTS: bool>(self, x: [f64; LANES], u: [f64; LANES]) -> Lanes {
        let s = self.sum;
        let next = lanewise(s, x, |a, b| a + b);
        let back = lanewise(next, s, |a, b| a - b);
        let err = lanewise(
            lanewise(s, lanewise(next, back, |a, b| a - b), |a, b| a - b),
            lanewise(x, back, |a, b| a - b),
            |a, b| a + b,
        );
        Lanes {
            sum: next,
            carry: lanewise(self.carry, err, |a, b| a + b),
            moment: if MOMENTS {
                lanewise(self.moment, lanewise(x, u, |a, b| a * b), |a, b| a + b)
            } else {
                self.moment
            },
        }
    }
}

/// The flows from the first to the last nonzero coefficient.
fn nonzero_span<'a>(units: &'a [u32], coefs: &'a [f64]) -> (&'a [u32], &'a [f64]) {
    let n_all = units.len().min(coefs.len());
    let end = coefs.iter().rposition(|c| *c != 0.0).map_or(0, |i| i + 1).min(n_all);
    let start = coefs.iter().position(|c| *c != 0.0).unwrap_or(0).min(end);
    (
        units.get(start..end).unwrap_or_default(),
        coefs.get(start..end).unwrap_or_default(),
    )
}

/// The reference unit `s` of [`Evaluator::split`] at `x`: the first unit
/// with a nonzero coefficient for `x ≥ 0`, the last one for `x < 0`. The
/// split sums are `e^(x·s/per_year)` times the true ones.
pub(crate) fn split_reference(units: &[u32], coefs: &[f64], x: f64) -> u32 {
    let (units, _) = nonzero_span(units, coefs);
    let end = if x >= 0.0 { units.first() } else { units.last() };
    end.copied().unwrap_or(0)
}

/// A present-value accumulator that is exact where discounting is not:
/// amounts with a discount factor of exactly 1 (on the valuation date, or at
/// a rate of zero) are summed in `Decimal`; the rest in a compensated `f64`
/// sum. So the PV at rate zero is the nominal sum, to the last digit.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct PvSum {
    exact: Decimal,
    float: CompensatedSum,
}

impl PvSum {
    #[inline]
    pub(crate) fn add(&mut self, amount: Decimal, df: f64) {
        if df == 1.0 {
            match self.exact.checked_add(amount) {
                Some(e) => self.exact = e,
                None => self.float.add(decimal_to_f64(amount)),
            }
        } else {
            self.float.add(decimal_to_f64(amount) * df);
        }
    }

    /// The total as a `Decimal`.
    ///
    /// # Errors
    /// Non-finite or out-of-range results.
    pub(crate) fn value(self, what: Quantity) -> Result<Decimal> {
        let float = self.float.value();
        if float == 0.0 {
            return Ok(self.exact);
        }
        self.exact
            .checked_add(to_decimal(float, what)?)
            .ok_or_else(|| Error::overflow("present value"))
    }
}

/// The exact sum of `amounts` (the present value at a rate of zero).
///
/// # Errors
/// [`Error::Overflow`] past `Decimal`'s range.
pub(crate) fn exact_sum(amounts: impl IntoIterator<Item = Decimal>) -> Result<Decimal> {
    amounts
        .into_iter()
        .try_fold(Decimal::ZERO, |s, a| s.checked_add(a))
        .ok_or_else(|| Error::overflow("sum of flows"))
}

/// `ln(1 + r)`, checking that `r` is a finite rate above −100%
/// (see [`Rate`](crate::rates::Rate)).
pub(crate) fn log_growth(rate: f64) -> Result<f64> {
    Ok(crate::rates::Rate::new(Quantity::Rate, rate)?.ln_1p())
}

/// An `f64` result as a `Decimal`: the shortest decimal that reads back as
/// the same `f64` (at most 17 significant digits).
///
/// # Errors
/// [`Error::NonFinite`] for NaN or infinity; [`Error::Overflow`] past
/// `Decimal`'s range.
pub(crate) fn to_decimal(x: f64, what: Quantity) -> Result<Decimal> {
    if !x.is_finite() {
        return Err(Error::NonFinite { what, value: x });
    }
    let shortest = x.to_string();
    shortest
        .parse::<Decimal>()
        .ok()
        .or_else(|| Decimal::from_f64_retain(x).map(|d| d.round_sf(17).unwrap_or(d)))
        .map(|d| d.normalize())
        .ok_or_else(|| Error::overflow("conversion of a result to Decimal"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::prelude::ToPrimitive;
    use std::str::FromStr;

    #[test]
    fn dense_table_terms_are_the_table_products() {
        // Consecutive units (the block-by-block fast path) and units with a
        // gap (the searched blocks), both directions, several table widths
        // and origins before the run: every term is exactly
        // `c·(high[o >> bits]·low[o mod 2^bits])`, as `power` gives it.
        let (mut low, mut high, mut bits) = (Vec::new(), Vec::new(), 0);
        for table_bits in [3u32, 5, 10] {
            for (first, n) in [(0u32, 1usize), (0, 1_000), (7, 300), (1_023, 2_050), (5_000, 33)] {
                for gap in [false, true] {
                    let mut units: Vec<u32> = (first..first + n as u32).collect();
                    if gap {
                        units.iter_mut().skip(n / 2).for_each(|u| *u += 5);
                    }
                    let coefs: Vec<f64> = (0..n).map(|i| 1.0 + (i as f64) * 0.37).collect();
                    let (lo, hi) = (units[0], units[n - 1]);
                    for flip in [false, true] {
                        let origin = if flip { hi + 3 } else { lo.saturating_sub(3) };
                        let span = if flip { origin - lo } else { hi - origin };
                        fill(&mut low, &mut high, &mut bits, -0.001_37, span, table_bits);
                        let table = <&[f64; LOW_LEN]>::try_from(&low[..]).unwrap();
                        let mut out = Vec::new();
                        table_terms(&mut out, &units, &coefs, origin, flip, &high, table, bits);
                        let want: Vec<u64> = units
                            .iter()
                            .zip(&coefs)
                            .map(|(u, c)| (c * power(&low, &high, bits, offset(*u, origin, flip))).to_bits())
                            .collect();
                        let got: Vec<u64> = out.iter().map(|v| v.to_bits()).collect();
                        assert_eq!(
                            got, want,
                            "bits {table_bits}, first {first}, n {n}, gap {gap}, flip {flip}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn decimal_conversion_matches_to_f64() {
        for s in [
            "0",
            "1",
            "-1",
            "0.1",
            "350000000000",
            "283773758647.541860",
            "-2750.55",
            "79228162514264337593543950335",
            "1e-28",
            "123456789.123456789123456789",
        ] {
            let d = Decimal::from_str(s).or_else(|_| Decimal::from_scientific(s)).unwrap();
            let want = d.to_f64().unwrap();
            let got = decimal_to_f64(d);
            assert!((got - want).abs() <= want.abs() * 4.5e-16, "{s}: {got} vs {want}");
        }
    }

    #[test]
    fn decimal_conversion_is_within_its_bound_on_random_inputs() {
        // Mantissas of up to 96 bits and every scale: within 3.3e-16 of
        // rust_decimal's own conversion (and exact for integers below 2^53).
        let mut state = 7u64;
        let mut next = || {
            state = state
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            state
        };
        for i in 0..20_000u32 {
            let (lo, mid, hi) = (next() as u32, next() as u32, (next() >> (32 + i % 32)) as u32);
            let d = Decimal::from_parts(lo, mid, hi, i % 2 == 0, i % 29);
            let want = d.to_f64().unwrap();
            let got = decimal_to_f64(d);
            assert!((got - want).abs() <= want.abs() * 4.5e-16, "{d}: {got} vs {want}");
            // Bit for bit the one-conversion form of the low 64 bits.
            let low64 = (u64::from(mid) << 32) | u64::from(lo);
            let direct = (f64::from(hi) * 18_446_744_073_709_551_616.0 + low64 as f64) * INV_POW10[(i % 29) as usize];
            assert_eq!(
                got.to_bits(),
                if i % 2 == 0 { -direct } else { direct }.to_bits(),
                "{d}"
            );
        }
        for k in [0i64, 1, -7, 123_456_789, (1 << 53) - 1, -(1 << 53)] {
            assert_eq!(decimal_to_f64(Decimal::from(k)), k as f64, "{k}");
        }
    }

    #[test]
    fn lane_sums_are_compensated() {
        // 1 followed by 4,000 terms of 1e-17 (each below half an ulp of 1):
        // a plain running sum stays at 1; the compensated lanes keep them.
        let mut v = vec![1.0];
        v.extend(std::iter::repeat_n(1e-17, 4_000));
        let t = vec![2.0; v.len()];
        let lanes = lane_sum::<true>(&v, &t);
        let mut total = CompensatedSum::default();
        for (s, e) in lanes.sum.iter().zip(&lanes.carry) {
            total.add(*s);
            total.add(*e);
        }
        assert_eq!(total.value(), 1.0 + 4e-14);
        // Moments are plain sums (they only steer Newton).
        assert!((lanes.moment.iter().sum::<f64>() - 2.0 * (1.0 + 4e-14)).abs() <= 1e-13);
        // An odd count: the padded last chunk adds nothing.
        let lanes = lane_sum::<false>(&[1.0, 2.0, 3.0, 4.0, 5.0], &[0.0; 5]);
        assert_eq!(lanes.sum.iter().sum::<f64>(), 15.0);
        assert_eq!(lanes.moment, [0.0; LANES]);
    }

    #[test]
    fn day_numbers_match_chrono() {
        for d in [
            NaiveDate::from_ymd_opt(1, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
            NaiveDate::from_ymd_opt(2400, 12, 31).unwrap(),
        ] {
            assert_eq!(day_number(d), i64::from(d.num_days_from_ce()), "{d}");
        }
    }

    #[test]
    fn tables_agree_with_exp() {
        let n = TABLE_MIN_FLOWS + 10;
        let flows = Flows {
            units: (0..n as u32).map(|i| i * 97).collect(),
            amounts: (0..n).map(|i| if i == 0 { -1e11 } else { 1e8 + i as f64 }).collect(),
            per_year: 365.0,
            max_unit: (n as u32 - 1) * 97,
        };
        let x = 0.05f64.ln_1p();
        let mut ev = Evaluator::default();
        let fast = ev.value(&flows, x);
        let slow: f64 = flows
            .units
            .iter()
            .zip(&flows.amounts)
            .map(|(u, a)| a * (-x * f64::from(*u) / 365.0).exp())
            .sum();
        assert!((fast - slow).abs() <= slow.abs() * 1e-13, "{fast} vs {slow}");
        // The small-n path (one exp per flow) agrees with the tables.
        let few = Flows {
            units: flows.units[..100].to_vec(),
            amounts: flows.amounts[..100].to_vec(),
            per_year: 365.0,
            max_unit: 99 * 97,
        };
        let direct: f64 = few
            .units
            .iter()
            .zip(&few.amounts)
            .map(|(u, a)| a * (-x * f64::from(*u) / 365.0).exp())
            .sum();
        assert!((ev.value(&few, x) - direct).abs() <= direct.abs() * 1e-13);
    }

    #[test]
    fn dated_sum_any_order_any_size() {
        let start = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        for n in [10usize, 5_000, 300_000] {
            let dates: Vec<NaiveDate> = (0..n as u64)
                .map(|i| start + chrono::Days::new(i * 3 % 20_000))
                .collect();
            let amounts: Vec<Decimal> = (0..n).map(|i| Decimal::new(12_345 + i as i64 * 7, 2)).collect();
            let k = 0.05f64.ln_1p() / 365.0;
            let earliest = dates.iter().min().copied().unwrap();
            let direct: f64 = dates
                .iter()
                .zip(&amounts)
                .map(|(d, a)| decimal_to_f64(*a) * (-k * (day_number(*d) - day_number(earliest)) as f64).exp())
                .sum();
            let pairs: Vec<(NaiveDate, Decimal)> = dates.iter().copied().zip(amounts.iter().copied()).collect();
            let got = dated_sum(k, &pairs[..]);
            // Columns and pairs read the same flows.
            assert_eq!(
                dated_sum(
                    k,
                    Columns {
                        dates: &dates,
                        amounts: &amounts
                    }
                ),
                got,
                "n={n} columns"
            );
            assert!((got - direct).abs() <= direct.abs() * 1e-13, "n={n}: {got} vs {direct}");
            // Reversed: the first date is no longer the earliest (second pass).
            let mut reversed = pairs.clone();
            reversed.reverse();
            let rev = dated_sum(k, &reversed[..]);
            assert!(
                (rev - direct).abs() <= direct.abs() * 1e-13,
                "n={n} reversed: {rev} vs {direct}"
            );
            // Deterministic.
            assert_eq!(dated_sum(k, &pairs[..]), got);
        }
    }

    #[test]
    fn rates_and_conversion() {
        assert!(log_growth(-1.0).is_err());
        assert!(log_growth(f64::NAN).is_err());
        assert_eq!(log_growth(0.0).unwrap(), 0.0);
        for x in [2086.6476020315367, 0.1, 283773758647.5419, -1e-7, 1e27] {
            assert_eq!(to_decimal(x, Quantity::Rate).unwrap().to_string(), x.to_string(), "{x}");
        }
        // Below Decimal's 28 decimal places: rounded, not an error.
        assert_eq!(to_decimal(1e-30, Quantity::Rate).unwrap(), Decimal::ZERO);
        assert!(to_decimal(f64::INFINITY, Quantity::Rate).is_err());
        assert!(to_decimal(1e40, Quantity::Rate).is_err());
    }
}
