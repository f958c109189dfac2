//! The screened engine: an assessment and a plan compiled once into a flat
//! integer "program", run on each path without `Decimal`, `String` or
//! allocation.
//!
//! **Exact where it decides.** Every amount the yearly engine carries from
//! one year to the next — outlays, deferred amounts, debt balances,
//! interest, principal, the stock, what each source pays, the FX
//! conversions — is an integer of minor units (`i64`, products in `i128`),
//! computed with the same roundings as the `Decimal` engine (half-even to
//! minor units, amortisation and deferral shares truncated). So on a path
//! the program accepts, every breach, every deferral and every year of the
//! horizon is the exact engine's. A path falls back to the exact engine
//! (and is counted in [`PlanRisk::exact_paths`](super::PlanRisk::exact_paths))
//! when:
//! - a product would exceed 2⁹⁵ (where `Decimal` would round) or an amount
//!   2⁶³, a rate has more than 18 decimals, an FX rate is missing in a year
//!   the engine needs it, or the exact engine would fail (an error is then
//!   reported exactly as before);
//! - a share-of-flow limit on the outlays is shocked by the growth factor
//!   (its product is computed in `f64`) and the outlay it limits is within
//!   `1e-9` of the limit plus `0.5·factor + 2` minor units of it (the only
//!   decision taken on an `f64`; the error of the `f64` product is below
//!   `1e-15` of the limit plus half a minor unit times the factor).
//!
//! Whole configurations the program does not support run every path on
//! the exact engine: an FX path quoted the other way round (a division), a
//! share-of-flow *conversion* limit with a growth factor, amounts with more
//! decimals than their currency's minor unit, a third currency.
//!
//! The statistics (sketches, means) of a screened path are computed from
//! the same integers; the share used and the adequacy ratio are `f64`
//! quotients of them (the exact engine's are `Decimal` quotients converted
//! to `f64`), the funding cost an `f64` present value rounded to minor
//! units: within 10⁻¹⁵ of the exact engine's.

use std::sync::Arc;

use rust_decimal::Decimal;

use super::RiskModel;
use super::model::FX_DP;
use super::paths::{FACTOR_DP, Prepared, Raw, SHIFT_DP, round_half_away, scaled_dp};
use crate::Quantity;
use crate::affordability::{
    Constraint, DebtProfile, DeferralTrigger, FundingSource, IncomePolicy, Limits, f64_to_decimal, stock_start_level,
};
use crate::limits::MAX_DEBT_SERVICE_YEARS;

/// Why a path (or a whole plan) leaves the screened engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Fallback;

type Fb<T> = std::result::Result<T, Fallback>;

const POW10: [i128; 39] = {
    let mut t = [1i128; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// Products at or above this magnitude fall back: `Decimal` keeps 96 bits.
const DECIMAL_LIMIT: i128 = 1 << 95;

/// How a quotient is rounded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Round {
    HalfEven,
    ToZero,
}

/// 10^k as f64, k = 0..=38.
const POW10F: [f64; 39] = {
    let mut t = [1.0f64; 39];
    let mut i = 1;
    while i < 39 {
        t[i] = t[i - 1] * 10.0;
        i += 1;
    }
    t
};

/// `n / 10^k` rounded, exactly; `est` an estimate of the quotient within
/// a few units (corrected in `i128`).
fn div_pow10_est(n: i128, k: i32, mode: Round, est: f64) -> Fb<i128> {
    if k <= 0 {
        let p = *POW10.get(usize::try_from(-k).map_err(|_| Fallback)?).ok_or(Fallback)?;
        return n.checked_mul(p).ok_or(Fallback);
    }
    let d = *POW10.get(k as usize).ok_or(Fallback)?;
    if !est.is_finite() || est.abs() > 9.0e18 {
        return Err(Fallback);
    }
    let mut q = i128::from(est as i64);
    let mut r = n - q * d;
    if r.abs() >= d {
        let c = r / d;
        q += c;
        r -= c * d;
    }
    // q = trunc(n / d): the remainder has the sign of n.
    if n >= 0 && r < 0 {
        q -= 1;
        r += d;
    } else if n < 0 && r > 0 {
        q += 1;
        r -= d;
    }
    if mode == Round::HalfEven {
        let twice = 2 * r.abs();
        if twice > d || (twice == d && q & 1 != 0) {
            q += n.signum();
        }
    }
    Ok(q)
}

/// `n / 10^k` rounded, exactly.
fn div_pow10(n: i128, k: i32, mode: Round) -> Fb<i128> {
    let est = if k > 0 {
        n as f64 / POW10F[(k as usize).min(38)]
    } else {
        0.0
    };
    div_pow10_est(n, k, mode, est)
}

/// 10^-k as f64, k = 0..=18 (an estimate's factor; the result is
/// corrected exactly).
const INV10F: [f64; 19] = [
    1e0, 1e-1, 1e-2, 1e-3, 1e-4, 1e-5, 1e-6, 1e-7, 1e-8, 1e-9, 1e-10, 1e-11, 1e-12, 1e-13, 1e-14, 1e-15, 1e-16, 1e-17,
    1e-18,
];

/// 10^k as i64, k = 0..=18.
const POW10_64: [i64; 19] = {
    let mut t = [1i64; 19];
    let mut i = 1;
    while i < 19 {
        t[i] = t[i - 1] * 10;
        i += 1;
    }
    t
};

/// 1.5·2⁵²: `x + ROUND_MAGIC` for |x| < 2⁵¹ is `round(x)` (to nearest)
/// plus the constant, read back from the low bits (the sum lies in
/// (2⁵², 2⁵³), where the spacing of `f64`s is 1).
const ROUND_MAGIC: f64 = 6_755_399_441_055_744.0;

/// The bound on the quotient estimates `mul_round`'s short path takes
/// (strictly below): 2⁵¹, where [`ROUND_MAGIC`] still rounds.
const SHORT_EST: f64 = 2_251_799_813_685_248.0;

/// The largest `k` of `mul_round`'s short path: 2⁵¹·(1 + 2⁻⁵⁰)·10¹³ <
/// 0.57·2⁹⁵.
const SHORT_K: i32 = 13;

/// `a·b·10^-k` rounded, where `Decimal` would compute the product exactly.
///
/// The short path (1 ≤ k ≤ 13, an estimate below 2⁵¹) works in 64 bits:
/// the `f64` estimate `a·b·10^-k` carries five roundings, so it is within
/// `5.01·2⁻⁵³·2⁵¹ < 1.26` of the exact quotient `x`; its nearest integer
/// `q` is within 1.76 of `x`, so the exact remainder `a·b − q·10^k` lies
/// in (−1.76·10^k, 1.76·10^k) ⊂ i64 and wrapping arithmetic computes it
/// exactly. The product is below 2⁵¹·(1 + 2⁻⁵⁰)·10¹³ < 2⁹⁵ (no
/// fallback), and the quotient from the floor `(q, r)` is the same
/// rounding as [`mul_round_wide`]'s. Elsewhere [`mul_round_wide`].
#[inline(always)]
fn mul_round(a: i64, b: i64, k: i32, mode: Round) -> Fb<i64> {
    mul_round_at(a, b, Scale::new(k), mode)
}

/// A power of ten `mul_round` divides by, with its short path's
/// factors looked up once (for a scale used several times a year).
#[derive(Debug, Clone, Copy)]
struct Scale {
    k: i32,
    /// 10^k where `1 ≤ k ≤ SHORT_K` (the short path), else 1 (unused).
    d: i64,
    /// 10^-k as `f64` on the short path, else NaN: the estimate is then
    /// NaN, fails `est.abs() < SHORT_EST` and takes the 128-bit path (no
    /// separate test of `k`).
    inv: f64,
}

impl Scale {
    #[inline(always)]
    fn new(k: i32) -> Scale {
        if (1..=SHORT_K).contains(&k) {
            Scale {
                k,
                d: POW10_64[k as usize],
                inv: INV10F[k as usize],
            }
        } else {
            Scale { k, d: 1, inv: f64::NAN }
        }
    }
}

/// [`mul_round`] at a scale whose factors are looked up ([`Scale`]).
///
/// Written as one `Ok` of the quotient, the wide path's error returned
/// by `?` inside its branch: the short path (and `settle`) then reach
/// the caller's `?` with no error flag to test (returning `Ok` from
/// each branch left a constant flag tested after every inlined call,
/// about 20 instructions a plan-path-year in the lean loop).
#[inline(always)]
fn mul_round_at(a: i64, b: i64, scale: Scale, mode: Round) -> Fb<i64> {
    let d = scale.d;
    let est = a as f64 * b as f64 * scale.inv;
    // False for NaN: `k` outside the short path.
    let q = if est.abs() < SHORT_EST {
        let q = ((est + ROUND_MAGIC).to_bits() as i64).wrapping_sub(ROUND_MAGIC.to_bits() as i64);
        let r = a.wrapping_mul(b).wrapping_sub(q.wrapping_mul(d));
        // |2r| < d (−d < 2r < d, i.e. 0 ≤ 2r + d − 1 < 2d − 1, one
        // unsigned comparison; |2r| < 3.6·10¹³): `q` is the nearest
        // integer, and not a tie.
        if mode == Round::HalfEven && ((2 * r + (d - 1)) as u64) < (2 * d - 1) as u64 {
            q
        } else {
            settle(q, r, d, mode)
        }
    } else {
        mul_round_wide(a, b, scale.k, mode)?
    };
    Ok(q)
}

/// The rest of [`mul_round`]'s short path (out of line: rare in
/// `HalfEven`): the quotient `q` with the exact remainder `r = a·b − q·d`,
/// `|r| < 1.76·d`, rounded by `mode`.
#[cold]
#[inline(never)]
fn settle(mut q: i64, mut r: i64, d: i64, mode: Round) -> i64 {
    // To the floor, 0 ≤ r < d: one step down without a branch (`q` is
    // the nearest integer, so mostly all it takes), then at most two
    // steps each way.
    let neg = r >> 63;
    q += neg;
    r += d & neg;
    if (r as u64) >= (d as u64) {
        while r < 0 {
            q -= 1;
            r += d;
        }
        while r >= d {
            q += 1;
            r -= d;
        }
    }
    q + match mode {
        // Up when 2r > d, or 2r = d and q is odd (ties to even).
        Round::HalfEven => i64::from(2 * r + (q & 1) > d),
        // A negative quotient with a remainder truncates up.
        Round::ToZero => i64::from(r != 0 && q < 0),
    }
}

/// [`mul_round`] by the 128-bit product: an `f64` estimate corrected
/// with the exact remainder.
#[cold]
#[inline(never)]
fn mul_round_wide(a: i64, b: i64, k: i32, mode: Round) -> Fb<i64> {
    let n = i128::from(a) * i128::from(b);
    if n.abs() >= DECIMAL_LIMIT {
        return Err(Fallback);
    }
    if (1..=18).contains(&k) {
        // The quotient from an f64 estimate (a few units off at most),
        // corrected with the exact remainder, all in 64 bits but one
        // product.
        let d = POW10[k as usize] as i64;
        let est = a as f64 * b as f64 * INV10F[k as usize];
        if est.is_nan() || est.abs() >= 9.0e18 {
            return Err(Fallback);
        }
        let mut q = est as i64;
        let r128 = n - i128::from(q) * i128::from(d);
        let Ok(mut r) = i64::try_from(r128) else {
            return i64::try_from(div_pow10(n, k, mode)?).map_err(|_| Fallback);
        };
        if r >= d || r <= -d {
            return i64::try_from(div_pow10(n, k, mode)?).map_err(|_| Fallback);
        }
        if n >= 0 && r < 0 {
            q -= 1;
            r += d;
        } else if n < 0 && r > 0 {
            q += 1;
            r -= d;
        }
        if mode == Round::HalfEven {
            let twice = 2 * r.abs();
            if twice > d || (twice == d && q & 1 != 0) {
                q += if n < 0 { -1 } else { 1 };
            }
        }
        return Ok(q);
    }
    let est = if k > 0 {
        a as f64 * b as f64 / POW10F[(k as usize).min(38)]
    } else {
        0.0
    };
    i64::try_from(div_pow10_est(n, k, mode, est)?).map_err(|_| Fallback)
}

fn add(a: i64, b: i64) -> Fb<i64> {
    a.checked_add(b).ok_or(Fallback)
}

fn sub(a: i64, b: i64) -> Fb<i64> {
    a.checked_sub(b).ok_or(Fallback)
}

/// A decimal as an integer of `units` decimals, if it has no more.
fn minor(d: Decimal, units: u32) -> Option<i64> {
    let d = d.normalize();
    let s = d.scale();
    if s > units {
        return None;
    }
    let m = d.mantissa().checked_mul(*POW10.get((units - s) as usize)?)?;
    i64::try_from(m).ok()
}

/// A rate as (mantissa, scale), scale at most 18.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Dec {
    m: i64,
    s: u32,
}

impl Dec {
    fn from_decimal(d: Decimal) -> Option<Dec> {
        let d = d.normalize();
        (d.scale() <= 18).then_some(())?;
        Some(Dec {
            m: i64::try_from(d.mantissa()).ok()?,
            s: d.scale(),
        })
    }

    fn from_f64(x: f64, what: Quantity) -> Option<Dec> {
        Dec::from_decimal(f64_to_decimal(x, what).ok()?)
    }

    /// `base + shift·10⁻⁸` floored at `min(base, 0)` ([`shift_rate`](crate::affordability::shock::shift_rate)).
    fn shifted(self, shift: i64) -> Fb<Dec> {
        if shift == 0 {
            return Ok(self);
        }
        let s = self.s.max(SHIFT_DP);
        // In 64 bits when every step fits (the same integers).
        let up = |x: i64, k: u32| POW10_64.get(k as usize).and_then(|p| x.checked_mul(*p));
        if let (Some(bm), Some(sm)) = (up(self.m, s - self.s), up(shift, s - SHIFT_DP)) {
            if let Some(sum) = bm.checked_add(sm) {
                return Ok(Dec {
                    m: sum.max(bm.min(0)),
                    s,
                });
            }
        }
        let bm = i128::from(self.m) * POW10[(s - self.s) as usize];
        let sm = i128::from(shift) * POW10[(s - SHIFT_DP) as usize];
        let r = (bm + sm).max(bm.min(0));
        Ok(Dec {
            m: i64::try_from(r).map_err(|_| Fallback)?,
            s,
        })
    }

    fn to_decimal(self) -> Decimal {
        Decimal::new(self.m, self.s)
    }
}

/// A rate the rate factor shifts each year, with the integers of
/// [`Dec::shifted`]'s 64-bit step computed once: the base's mantissa at
/// the shifted scale and the shift's factor (`None` where they do not
/// fit, and [`Dec::shifted`] then does it all).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ShiftRate {
    base: Dec,
    /// (base mantissa at scale `s`, 10^(s − SHIFT_DP), s).
    scaled: Option<(i64, i64, u32)>,
}

impl ShiftRate {
    fn new(base: Dec) -> ShiftRate {
        let s = base.s.max(SHIFT_DP);
        let bm = POW10_64.get((s - base.s) as usize).and_then(|p| base.m.checked_mul(*p));
        let p = POW10_64.get((s - SHIFT_DP) as usize).copied();
        ShiftRate {
            base,
            scaled: bm.zip(p).map(|(bm, p)| (bm, p, s)),
        }
    }

    /// [`Dec::shifted`] of the base: the same integers (its 64-bit step
    /// with the factors computed once, or itself).
    #[inline(always)]
    fn shifted(&self, shift: i64) -> Fb<Dec> {
        if shift == 0 {
            return Ok(self.base);
        }
        if let Some((bm, p, s)) = self.scaled {
            if let Some(sum) = shift.checked_mul(p).and_then(|sm| bm.checked_add(sm)) {
                return Ok(Dec {
                    m: sum.max(bm.min(0)),
                    s,
                });
            }
        }
        self.base.shifted(shift)
    }
}

/// A capacity constraint of the program (a byte tag: matched each year).
#[derive(Debug, Clone)]
#[repr(u8)]
enum Con {
    /// A fixed limit in payer minor units.
    Fixed { limit: i64, limits: Limits },
    /// A share of a flow: its unshocked limit each year from the first
    /// outlay year (payer minor units).
    Flow { by_year: Vec<i64>, limits: Limits },
    /// The stock's drawing limit.
    Stock,
}

#[derive(Debug, Clone, Copy)]
enum Src {
    StockIncome,
    StockPrincipal,
    Budget(i64),
    Borrow {
        /// In the outlays' currency (when there is a rate).
        foreign: bool,
        coupon: ShiftRate,
        /// In the source's minor units.
        limit: Option<i64>,
        tenor: u32,
        profile: DebtProfile,
    },
    Swap {
        limit: i64,
        rate: ShiftRate,
        tenor: u32,
        rollovers: u32,
    },
}

#[derive(Debug, Clone)]
struct StockProg {
    /// Held in the outlays' currency.
    foreign: bool,
    start: i64,
    yield_rate: ShiftRate,
    inflows: i64,
    /// The floor each year from the first outlay year, in its minor units.
    floors: Vec<i64>,
    policy: IncomePolicy,
    /// Its minor units.
    units: u32,
}

#[derive(Debug, Clone)]
enum Trigger {
    FxAbove(Decimal),
    FxRise(Decimal),
    OutlayAbove(Decimal),
}

#[derive(Debug, Clone)]
struct DeferralProg {
    trigger: Trigger,
    pay_share: Dec,
    max_delay: u32,
}

/// An FX rate as an exact decimal.
type Rate = Option<Dec>;

/// An assessment and one plan's schedule compiled for the screened engine.
#[derive(Debug, Clone)]
pub(crate) struct Program {
    first_year: i32,
    /// The outlays each year, in the outlays' minor units.
    outlays: Vec<i64>,
    /// Added to each year's need in the outlays' currency (minor units),
    /// by year from the first outlay year: zero today; the input through
    /// which per-year receipts (negative) or sampled extra outlays enter
    /// once the exact engine has them.
    pub(crate) extra_need: Vec<i64>,
    /// Payer and outlay minor units.
    pm: u32,
    fm: u32,
    /// The outlays are in another currency than the payer's.
    converts: bool,
    constraints: Vec<Con>,
    stock: Option<StockProg>,
    sources: Vec<Src>,
    deferral: Option<DeferralProg>,
    /// Some source is a swap line.
    has_swap: bool,
    /// Bullet bonds are pooled ([`Bullets`]): every borrowing coupon and
    /// swap rate is at least zero, so every interest, principal and
    /// balance the year sums is (see [`Bullets`]).
    pools_bullets: bool,
    service_years: Option<u32>,
    discount: f64,
    /// The unshocked rates from `fx_first` (without an FX factor: the
    /// assessment's rates; with one: the base the factors multiply).
    fx_first: i32,
    /// Shared between the programs of one run whose bases are equal
    /// ([`Program::share_rates`]): a path's rates are then recognised by
    /// the pointer.
    fx_base: Arc<[Rate]>,
    /// Whether the rates are shocked (an FX factor).
    fx_shocked: bool,
    /// Years the arrays cover.
    span: usize,
    /// Years of shocks the exact engine draws for this plan (later years
    /// have none).
    draw_span: usize,
    /// The common case resolved once ([`Lean`]), run by
    /// [`Program::rows_lean`]; `None` runs every path on [`Program::rows`].
    lean: Option<Lean>,
}

/// A program in the common case, its constraints resolved once: the
/// outlays converted at the path's rate every year, a stock, no deferral
/// clause, no swap line and every borrowing a pooled bullet (so no
/// [`Debt`] is ever kept). [`Program::rows_lean`] runs its years without
/// matching the constraints or carrying `Option`s; any year it does not
/// cover (a missing rate, an `f64` limit too close to call, an overflow)
/// sends the whole path back to [`Program::rows`].
#[derive(Debug, Clone)]
struct Lean {
    /// `first_year − fx_first`.
    offset: usize,
    /// The tightest fixed conversion limit, at least zero.
    room: Option<i64>,
    /// Fixed limits: (limit, what it limits).
    fixed: Vec<(i64, Limits)>,
    /// Share-of-flow limits by year (not on conversion), and what they
    /// limit.
    flows: Vec<(Vec<i64>, Limits)>,
    /// The stock's drawing limit is a constraint.
    stock_con: bool,
    /// The stock is in the outlays' minor units: its drawing limit
    /// converts at the year's [`Telescope`] scale.
    stock_at_fx_scale: bool,
}

/// One year of a screened path, as the statistics need it.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct RowStat {
    pub(crate) breach: bool,
    /// (triggered, carried in the outlays' minor units), with a clause.
    pub(crate) deferral: Option<(bool, i64)>,
    pub(crate) share: f64,
    pub(crate) converted: i64,
    pub(crate) borrowing: i64,
    pub(crate) debt: i64,
    pub(crate) stock_after: Option<i64>,
    pub(crate) adequacy: Option<f64>,
    pub(crate) floor: Option<i64>,
}

#[derive(Debug, Clone, Copy)]
struct Debt {
    source: usize,
    /// Drawn on a swap line (its balance counts against the line).
    swap: bool,
    foreign: bool,
    rate: Dec,
    original: i64,
    balance: i64,
    /// A year's interest on `balance` (kept while the balance is: a
    /// bullet's interest is computed once).
    interest: i64,
    issued: i32,
    tenor: u32,
    profile: DebtProfile,
    maturity: i32,
    rollovers_left: u32,
}

impl Debt {
    /// Debt of `amount` issued in `year` by source `source` at `rate`.
    #[allow(clippy::too_many_arguments)]
    fn issue(
        source: usize,
        swap: bool,
        foreign: bool,
        rate: Dec,
        amount: i64,
        year: i32,
        tenor: u32,
        profile: DebtProfile,
        rollovers: u32,
    ) -> Fb<Debt> {
        Ok(Debt {
            source,
            swap,
            foreign,
            rate,
            original: amount,
            balance: amount,
            interest: mul_round(amount, rate.m, rate.s as i32, Round::HalfEven)?,
            issued: year,
            tenor,
            profile,
            maturity: year.saturating_add(tenor as i32),
            rollovers_left: rollovers,
        })
    }
}

/// The borrowing sources' bullet bonds, pooled (when the program
/// [pools them](Program::pools_bullets)): a bond of a borrowing source
/// with the bullet profile and a tenor of 1 to [`POOL_YEARS`] years pays
/// the same interest every year until it repays its whole balance at
/// maturity, so the year's interest of all of them is one running total
/// and the bonds falling due one sum per maturity year (no loop over the
/// bonds). Indexed by the currency (0 the payer's, 1 the outlays').
///
/// The same integers as the loop over [`Debt`]s: every term the year
/// sums (interest, principal, balance) is at least zero when no rate is
/// negative (a shifted rate is floored at `min(base, 0)` = 0), so a
/// checked sum of them overflows in any order exactly when its total
/// does. The interest totals are `i128` (no overflow) and converted to
/// `i64` (falling back) only where the loop would have summed them; a
/// balance total is at most the year's debt outstanding in its currency,
/// which is summed (checked) before a bond joins the pool.
#[derive(Debug, Default, Clone)]
struct Bullets {
    interest: [i128; 2],
    balance: [i64; 2],
    count: [u32; 2],
    /// The latest maturity of a pooled bond.
    last: i32,
    /// (balance, interest, count) by currency of the bonds maturing in
    /// each year from the first outlay year.
    due: Vec<BulletsDue>,
    /// `due` entries that may be nonzero (from 0).
    touched: usize,
}

/// Pooled bonds maturing in one year, by currency.
#[derive(Debug, Default, Clone, Copy)]
struct BulletsDue {
    balance: [i64; 2],
    interest: [i128; 2],
    count: [u32; 2],
}

/// The longest tenor a pooled bond may have (others are kept as
/// [`Debt`]s).
const POOL_YEARS: u32 = 200;

/// A year's service of the pooled bullets ([`Bullets::serve`]): interest
/// and principal due by the currency they are paid in, and the pool's
/// balances after the year by the debt's currency.
#[derive(Debug, Clone, Copy, Default)]
struct Served {
    int_f: i64,
    int_d: i64,
    prin_f: i64,
    prin_d: i64,
    df: i64,
    dd: i64,
}

impl Bullets {
    /// Year `t` of the pool: every bullet pays its interest; those
    /// maturing repay their balance and leave the pool. Foreign bullets
    /// are paid in foreign currency when the year has a rate
    /// (`foreign_payer`), in the payer's otherwise; the balances stay
    /// by the debt's currency.
    #[inline(always)]
    fn serve(&mut self, t: usize, foreign_payer: bool) -> Fb<Served> {
        let mut out = Served::default();
        if !self.any() {
            return Ok(out);
        }
        let Bullets {
            interest,
            balance,
            count,
            due,
            ..
        } = self;
        let mut due = due.get_mut(t);
        let mut pool = (interest, balance, count);
        // Each currency in turn (written out: the sums from zero are
        // the terms themselves).
        let (int_d, prin_d, dd) = Bullets::serve_currency(&mut pool, 0, due.as_deref_mut())?;
        let (int_1, prin_1, df) = Bullets::serve_currency(&mut pool, 1, due)?;
        (out.dd, out.df) = (dd, df);
        if foreign_payer {
            (out.int_d, out.prin_d, out.int_f, out.prin_f) = (int_d, prin_d, int_1, prin_1);
        } else {
            out.int_d = add(int_d, int_1)?;
            out.prin_d = add(prin_d, prin_1)?;
        }
        Ok(out)
    }

    /// Year's service of the pooled bonds in currency `c` (`due` the
    /// year's maturities): (interest, principal, balance after), all
    /// zero without a bond.
    #[inline(always)]
    fn serve_currency(
        (interest, balance, count): &mut (&mut [i128; 2], &mut [i64; 2], &mut [u32; 2]),
        c: usize,
        due: Option<&mut BulletsDue>,
    ) -> Fb<(i64, i64, i64)> {
        if count[c] == 0 {
            return Ok((0, 0, 0));
        }
        let year_interest = i64::try_from(interest[c]).map_err(|_| Fallback)?;
        let mut principal = 0;
        if let Some(d) = due.filter(|d| d.count[c] != 0) {
            principal = d.balance[c];
            interest[c] -= d.interest[c];
            balance[c] -= d.balance[c];
            count[c] -= d.count[c];
            (d.balance[c], d.interest[c], d.count[c]) = (0, 0, 0);
        }
        Ok((year_interest, principal, balance[c]))
    }

    fn clear(&mut self) {
        let t = self.touched.min(self.due.len());
        self.due[..t].iter_mut().for_each(|d| *d = BulletsDue::default());
        self.touched = 0;
        self.interest = [0; 2];
        self.balance = [0; 2];
        self.count = [0; 2];
        self.last = i32::MIN;
    }

    fn any(&self) -> bool {
        self.count[0] != 0 || self.count[1] != 0
    }

    /// Pools a bond of `amount` with a year's interest `interest` issued
    /// in year `t` (from the first outlay year) for `tenor` years.
    #[inline(always)]
    fn issue(&mut self, c: usize, amount: i64, interest: i64, t: usize, tenor: u32, maturity: i32) -> Fb<()> {
        let m = t + tenor as usize;
        if self.due.len() <= m {
            self.due.resize(m + 1, BulletsDue::default());
        }
        self.touched = self.touched.max(m + 1);
        let d = &mut self.due[m];
        // Both at most the pool's balance (checked).
        self.balance[c] = add(self.balance[c], amount)?;
        d.balance[c] += amount;
        d.interest[c] += i128::from(interest);
        d.count[c] += 1;
        self.interest[c] += i128::from(interest);
        self.count[c] += 1;
        self.last = self.last.max(maturity);
        Ok(())
    }
}

/// A constraint's limit in a year (payer minor units), its `f64` value
/// and factor where inexact, and what it limits.
type YearLimit = (i64, Option<(f64, f64)>, Limits);

/// Per-thread buffers, reused from path to path.
#[derive(Debug, Default)]
pub(crate) struct Scratch {
    raw: Raw,
    /// The FX rates last computed from `raw`, for (fx_first,
    /// first_year, draw_span) on `cached_base`: the plans of one
    /// assessment share a path's rates. Forgotten at each new draw.
    cached: Option<(i32, i32, usize)>,
    cached_base: Option<Arc<[Rate]>>,
    cached_rates: Vec<Rate>,
    debts: Vec<Debt>,
    bullets: Bullets,
    carry: Vec<(i32, i64)>,
    swap_balance: Vec<i64>,
    /// Each constraint's limit in the year, its `f64` value and factor
    /// where inexact, and what it limits.
    limits: Vec<YearLimit>,
    pub(crate) rows: Vec<RowStat>,
    pub(crate) without: Vec<bool>,
}

impl Scratch {
    /// Draws path `index` into `raw` ([`RiskModel::draw_raw`]) and
    /// forgets the rates computed from the previous draw.
    pub(crate) fn draw(&mut self, model: &RiskModel, history: &[f64], index: u64, span: usize) -> crate::Result<()> {
        self.cached = None;
        model.draw_raw(history, index, span, &mut self.raw)
    }
}

/// A path's totals: the funding cost (payer minor units).
pub(crate) struct PathResult {
    pub(crate) cost: i64,
}

impl Program {
    /// Compiles `prep`'s assessment and plan, or `None` where the program
    /// does not support them (every path then runs on the exact engine).
    pub(crate) fn compile(prep: &Prepared<'_>) -> Option<Program> {
        // Instruments' receipts and drawn credit events run on the exact
        // engine (not compiled yet).
        if prep.events.is_some() || !prep.receipts.is_empty() {
            return None;
        }
        let a = prep.assessment;
        let capacity = a.capacity();
        let payer = capacity.currency();
        let from = prep.from;
        let pm = u32::from(payer.minor_units());
        let fm = u32::from(from.minor_units());
        let converts = from != payer;
        let first_year = prep.first_year;
        // Contiguous outlay years.
        let mut outlays = Vec::with_capacity(prep.years.len());
        for (k, y) in prep.years.iter().enumerate() {
            if i64::from(y.period.year()) != i64::from(first_year) + k as i64 {
                return None;
            }
            outlays.push(minor(y.total.amount(), fm)?);
        }
        let span = prep.span + 2;
        let years = |k: usize| first_year.checked_add(i32::try_from(k).ok()?);
        // The FX path: quoted OUTLAY/PAYER (a product), never divided.
        let (fx_first, fx_base, fx_shocked) = match a.fx_path() {
            Some(path) if converts => {
                if path.base() != from || path.quote() != payer {
                    return None;
                }
                if prep.model.fx.is_some() {
                    let base: Vec<Rate> = prep.fx_base.iter().map(|r| Dec::from_decimal(*r)).collect();
                    (prep.fx_first, base, true)
                } else {
                    // The year before the first outlay year when the path
                    // has it (a rise trigger compares with it), as far as
                    // any horizon reaches.
                    let before = first_year.checked_sub(1)?;
                    let start = if path.rate(before).is_ok() { before } else { first_year };
                    let mut base = Vec::new();
                    for k in 0..span + MAX_DEBT_SERVICE_YEARS as usize {
                        match path.rate(start.checked_add(i32::try_from(k).ok()?)?) {
                            Ok(r) => base.push(Some(Dec::from_decimal(r)?)),
                            Err(crate::Error::FxPathTooShort { .. }) => break,
                            Err(_) => return None,
                        }
                    }
                    (start, base, false)
                }
            }
            _ => (first_year, Vec::new(), false),
        };
        let stock_units = |c: Option<crate::Currency>| u32::from(c.unwrap_or(payer).minor_units());
        let mut constraints = Vec::new();
        for c in capacity.constraints() {
            constraints.push(match c {
                Constraint::FixedCap { amount, limits, .. } => Con::Fixed {
                    limit: minor(*amount, pm)?,
                    limits: *limits,
                },
                Constraint::ShareOfFlow { limits, .. } => {
                    if *limits == Limits::Conversion && prep.model.growth.is_some() {
                        return None;
                    }
                    let mut by_year = Vec::with_capacity(span);
                    for k in 0..span {
                        by_year.push(minor(c.limit(years(k)?, None, pm as u8).ok()?, pm)?);
                    }
                    Con::Flow {
                        by_year,
                        limits: *limits,
                    }
                }
                Constraint::Stock(_) => Con::Stock,
            });
        }
        let stock = match capacity.stock() {
            None => None,
            Some(s) => {
                let c = s.currency.unwrap_or(payer);
                let foreign = if c == payer {
                    false
                } else if c == from {
                    true
                } else {
                    return None;
                };
                let units = stock_units(s.currency);
                let start = stock_start_level(payer, from, Some(s), a.funding_plan(), first_year).ok()??;
                let mut floors = Vec::with_capacity(span);
                for k in 0..span {
                    floors.push(minor(s.floor_in(years(k)?, units as u8).ok()?, units)?);
                }
                Some(StockProg {
                    foreign,
                    start: minor(start, units)?,
                    yield_rate: ShiftRate::new(Dec::from_f64(s.yield_rate, Quantity::StockYield)?),
                    inflows: minor(s.inflows, units)?,
                    floors,
                    policy: s.income_policy,
                    units,
                })
            }
        };
        if stock.as_ref().is_some_and(|s| s.foreign) && !converts {
            return None;
        }
        let funding = a.funding_plan();
        let mut sources = Vec::new();
        for s in funding.sources() {
            sources.push(match s {
                FundingSource::StockIncome => Src::StockIncome,
                FundingSource::StockPrincipal => Src::StockPrincipal,
                FundingSource::Budget { amount_per_year } => Src::Budget(minor(*amount_per_year, pm)?),
                FundingSource::Borrowing {
                    coupon,
                    limit_per_year,
                    currency,
                    tenor,
                    profile,
                } => {
                    let c = currency.unwrap_or(payer);
                    if c != payer && c != from {
                        return None;
                    }
                    let foreign = c != payer;
                    let units = if foreign { fm } else { pm };
                    Src::Borrow {
                        foreign,
                        coupon: ShiftRate::new(Dec::from_f64(*coupon, Quantity::Coupon)?),
                        limit: match limit_per_year {
                            Some(l) => Some(minor(*l, units)?),
                            None => None,
                        },
                        tenor: *tenor,
                        profile: *profile,
                    }
                }
                FundingSource::SwapLine {
                    limit,
                    rate,
                    tenor,
                    rollovers,
                } => Src::Swap {
                    limit: minor(*limit, fm)?,
                    rate: ShiftRate::new(Dec::from_f64(*rate, Quantity::SwapRate)?),
                    tenor: *tenor,
                    rollovers: *rollovers,
                },
            });
        }
        let deferral = match a.deferral_rule() {
            None => None,
            Some(d) => {
                let trigger = match d.trigger() {
                    DeferralTrigger::FxAbove { level } => Trigger::FxAbove(*level),
                    DeferralTrigger::FxRiseAbove { change } => Trigger::FxRise(*change),
                    DeferralTrigger::OutlayAbove { amount } => Trigger::OutlayAbove(*amount),
                };
                if !matches!(trigger, Trigger::OutlayAbove(_)) && !converts {
                    // The exact engine reports the missing FX path.
                    return None;
                }
                Some(DeferralProg {
                    trigger,
                    pay_share: Dec::from_decimal(d.pay_share())?,
                    max_delay: d.max_delay(),
                })
            }
        };
        let has_swap = sources.iter().any(|s| matches!(s, Src::Swap { .. }));
        let pools_bullets = sources.iter().all(|s| match s {
            Src::Borrow { coupon, .. } => coupon.base.m >= 0,
            Src::Swap { rate, .. } => rate.base.m >= 0,
            _ => true,
        });
        let lean = Lean::resolve(
            converts,
            &constraints,
            stock.is_some(),
            &sources,
            deferral.is_some(),
            pools_bullets,
            first_year,
            fx_first,
        )
        .map(|l| Lean {
            stock_at_fx_scale: stock.as_ref().is_some_and(|s| s.units == fm),
            ..l
        });
        Some(Program {
            lean,
            first_year,
            extra_need: vec![0; span],
            outlays,
            pm,
            fm,
            converts,
            constraints,
            stock,
            sources,
            deferral,
            has_swap,
            pools_bullets,
            service_years: funding.service_years(),
            discount: funding.discount_rate(),
            fx_first,
            fx_base: fx_base.into(),
            fx_shocked,
            span,
            draw_span: prep.span,
        })
    }

    /// Takes the FX base of the first of `earlier` whose base is equal to
    /// its own (the same rates; compared by the pointer from then on).
    pub(crate) fn share_rates(&mut self, earlier: &[Option<Program>]) {
        if let Some(q) = earlier.iter().flatten().find(|q| *q.fx_base == *self.fx_base) {
            self.fx_base = Arc::clone(&q.fx_base);
        }
    }

    /// Whether the assessment has a deferral clause (the rows without it
    /// are then run too).
    pub(crate) fn has_clause(&self) -> bool {
        self.deferral.is_some()
    }

    /// Minor units of the payer's, the outlays' and the stock's currency.
    pub(crate) fn units(&self) -> (u32, u32, u32) {
        (self.pm, self.fm, self.stock.as_ref().map_or(self.pm, |s| s.units))
    }

    /// The rates of one path from `fx_first` (into `out`): the base times
    /// the path's factor `round12(e^…)`, rounded half-even to 6 decimals
    /// (the base itself where the factor is exactly 1), as
    /// [`Prepared::draw`] builds them.
    fn path_rates(&self, raw: &Raw, out: &mut Vec<Rate>) -> Fb<()> {
        out.clear();
        if !self.fx_shocked {
            out.extend_from_slice(&self.fx_base);
            return Ok(());
        }
        let offset = usize::try_from(self.first_year - self.fx_first).unwrap_or(0);
        for (k, base) in self.fx_base.iter().enumerate() {
            let b = base.ok_or(Fallback)?;
            let f = match k.checked_sub(offset) {
                None => 1.0,
                Some(t) if t < self.draw_span => raw.fx.get(t).copied().unwrap_or(1.0),
                Some(_) => 1.0,
            };
            let r = if f == 1.0 {
                b
            } else {
                let f12 = scaled_dp(f, FACTOR_DP, "fx shock").map_err(|_| Fallback)?;
                // base·f rounded half-even to 6 decimals.
                let k = b.s as i32 + FACTOR_DP as i32 - FX_DP as i32;
                Dec {
                    m: mul_round(b.m, f12, k, Round::HalfEven)?,
                    s: FX_DP,
                }
            };
            if r.m <= 0 {
                return Err(Fallback);
            }
            out.push(Some(r));
        }
        Ok(())
    }

    /// Runs one path: its rows into `scratch.rows` (with the clause) and,
    /// when the assessment has a deferral rule, its breaches without the
    /// clause into `scratch.without`.
    pub(crate) fn run(&self, scratch: &mut Scratch) -> Fb<PathResult> {
        let key = (self.fx_first, self.first_year, self.draw_span);
        let same_base = scratch
            .cached_base
            .as_ref()
            .is_some_and(|b| Arc::ptr_eq(b, &self.fx_base) || **b == *self.fx_base);
        if scratch.cached != Some(key) || !same_base {
            scratch.cached = None;
            let mut rates = std::mem::take(&mut scratch.cached_rates);
            let made = self.path_rates(&scratch.raw, &mut rates);
            scratch.cached_rates = rates;
            made?;
            scratch.cached = Some(key);
            scratch.cached_base = Some(Arc::clone(&self.fx_base));
        }
        // The path's rates, read in place (put back below).
        let rates = std::mem::take(&mut scratch.cached_rates);
        // Any path the lean loop does not finish runs on the general one
        // from the start (the same inputs: the same rows).
        let lean = self.lean.as_ref().map(|l| self.rows_lean(l, &rates, scratch));
        let mut go = || {
            scratch.without.clear();
            if self.deferral.is_some() {
                self.rows(&rates, scratch, false)?;
                let Scratch { rows, without, .. } = &mut *scratch;
                without.extend(rows.iter().map(|r| r.breach));
            }
            self.rows(&rates, scratch, true)
        };
        let r = match lean {
            Some(Ok(cost)) => Ok(cost),
            _ => go(),
        };
        scratch.cached_rates = rates;
        r.map(|cost| PathResult { cost })
    }

    /// The year's rate, `None` when the path has none.
    fn rate_at(&self, rates: &[Rate], year: i32) -> Rate {
        let k = usize::try_from(i64::from(year) - i64::from(self.fx_first)).ok()?;
        rates.get(k).copied().flatten()
    }

    /// Payer minor units of `amount` (outlays' minor units) at `rate`.
    fn convert(&self, amount: i64, rate: Dec) -> Fb<i64> {
        mul_round(
            amount,
            rate.m,
            rate.s as i32 + self.fm as i32 - self.pm as i32,
            Round::HalfEven,
        )
    }

    /// The engine's rows of one path; returns the funding cost.
    #[allow(clippy::too_many_lines)]
    #[inline(never)]
    fn rows(&self, rates: &[Rate], scratch: &mut Scratch, with_clause: bool) -> Fb<i64> {
        let raw = &scratch.raw;
        let rows = &mut scratch.rows;
        let debts = &mut scratch.debts;
        let carry = &mut scratch.carry;
        let limits = &mut scratch.limits;
        let swap_balance = &mut scratch.swap_balance;
        rows.clear();
        debts.clear();
        let bullets = &mut scratch.bullets;
        bullets.clear();
        carry.clear();
        swap_balance.clear();
        swap_balance.resize(self.sources.len(), 0);
        limits.clear();
        limits.resize(self.constraints.len(), (0, None, Limits::Outlays));
        let deferral = if with_clause { self.deferral.as_ref() } else { None };
        let mut level = self.stock.as_ref().map(|s| s.start);
        let mut horizon: Option<i64> = None;
        let mut year = self.first_year;
        let mut idx = 0usize;
        let mut last_debt;
        let mut cost = CostPv::new(self.discount);
        loop {
            let t = usize::try_from(year - self.first_year).map_err(|_| Fallback)?;
            let scheduled = self.outlays.get(idx).copied().unwrap_or(0);
            let rate: Rate = if self.converts {
                match self.rate_at(rates, year) {
                    Some(r) => Some(r),
                    None if horizon.is_some()
                        && !(self.stock.as_ref().is_some_and(|s| s.foreign)
                            || debts.iter().any(|d| d.foreign && d.balance != 0)
                            || bullets.count[1] != 0) =>
                    {
                        None
                    }
                    None => return Err(Fallback),
                }
            } else {
                None
            };
            // Deferral.
            let (paid, drow) = match deferral {
                None => (scheduled, None),
                Some(d) => {
                    let total: i64 = carry.iter().map(|c| c.1).sum();
                    let due = add(total, scheduled)?;
                    let triggered = due > 0 && self.triggered(d, rates, year, due, rate)?;
                    let forced: i64 = carry
                        .iter()
                        .filter(|(y, _)| i64::from(*y) + i64::from(d.max_delay) <= i64::from(year))
                        .map(|c| c.1)
                        .sum();
                    let paid = if triggered {
                        let share = mul_round(due, d.pay_share.m, d.pay_share.s as i32, Round::ToZero)?;
                        share.max(forced).min(due)
                    } else {
                        due
                    };
                    let mut left = paid;
                    let mut head = 0;
                    while head < carry.len() && left != 0 {
                        let a = &mut carry[head].1;
                        let take = left.min(*a);
                        *a -= take;
                        left -= take;
                        if *a == 0 {
                            head += 1;
                        }
                    }
                    carry.drain(..head);
                    let rest = scheduled - left;
                    if rest > 0 {
                        carry.push((year, rest));
                    }
                    let carried: i64 = carry.iter().map(|c| c.1).sum();
                    (paid, Some((triggered, carried)))
                }
            };
            let (shift, flow) = if t < self.draw_span {
                (raw.shift.get(t).copied().unwrap_or(0), raw.flow.get(t).copied())
            } else {
                (0, None)
            };
            // The stock's year.
            let stock_year = match (&self.stock, level) {
                (Some(s), Some(lv)) => {
                    let y = s.yield_rate.shifted(shift)?;
                    let income = mul_round(lv, y.m, y.s as i32, Round::HalfEven)?;
                    let additions = add(income, s.inflows)?;
                    let base = add(lv, additions.min(0))?;
                    let floor = *s.floors.get(t).ok_or(Fallback)?;
                    Some((lv, additions, additions.max(0), sub(base, floor)?.max(0), floor))
                }
                _ => None,
            };
            // Limits in the payer's currency (an f64 where inexact), one
            // slot a constraint (sized once a path).
            let mut room: Option<i64> = None;
            for (c, slot) in self.constraints.iter().zip(limits.iter_mut()) {
                let (limit, inexact, kind) = match c {
                    Con::Fixed { limit, limits } => (*limit, None, *limits),
                    Con::Flow { by_year, limits } => {
                        let l = *by_year.get(t).ok_or(Fallback)?;
                        match flow {
                            Some(f) if f != 100_000_000 => {
                                let factor = f as f64 / 1e8;
                                let v = l as f64 * factor;
                                (round_half_away(v) as i64, Some((v, factor)), *limits)
                            }
                            _ => (l, None, *limits),
                        }
                    }
                    Con::Stock => {
                        let s = self.stock.as_ref().ok_or(Fallback)?;
                        let (_, _, ia, pa, _) = stock_year.ok_or(Fallback)?;
                        let native = add(ia, pa)?;
                        let l = if s.foreign {
                            // Converted at the year's rate of the path (a
                            // foreign stock converts: `rate` is that rate).
                            let r = rate.ok_or(Fallback)?;
                            mul_round(
                                native,
                                r.m,
                                r.s as i32 + s.units as i32 - self.pm as i32,
                                Round::HalfEven,
                            )?
                        } else {
                            native
                        };
                        (l, None, Limits::StockDrawing)
                    }
                };
                if kind == Limits::Conversion {
                    room = Some(room.map_or(limit, |r: i64| r.min(limit)).max(0));
                }
                *slot = (limit, inexact, kind);
            }
            let room = if rate.is_some() { room } else { None };
            let extra = self.extra_need.get(t).copied().unwrap_or(0);
            let f = self.fund_year(
                year,
                add(paid, extra)?,
                rate,
                room,
                shift,
                stock_year,
                debts,
                bullets,
                swap_balance,
            )?;
            if stock_year.is_some() {
                level = f.stock_after;
            }
            // Uses, breach, binding share.
            let mut over = false;
            // The binding share: +∞ when a limit at or below zero is used,
            // else the largest use of a positive limit, else 0 (the exact
            // engine's binding use; its tie-break by headroom picks among
            // equal shares).
            let mut unlimited = false;
            let mut ratio = f64::NEG_INFINITY;
            for (limit, inexact, kind) in limits.iter() {
                let used = match kind {
                    Limits::Outlays => f.outlay_payer,
                    Limits::Conversion => f.converted,
                    Limits::StockDrawing => f.stock_drawn,
                };
                let (limit_f, is_over) = match inexact {
                    None => (*limit as f64, used > *limit),
                    Some((v, factor)) => {
                        // |exact limit − v| ≤ 0.5·factor + 0.5 + 10⁻¹⁵·|v|.
                        let margin = 1e-9 * v.abs() + 0.5 * factor + 2.0;
                        if (used as f64 - v).abs() <= margin {
                            return Err(Fallback);
                        }
                        (*v, used as f64 > *v)
                    }
                };
                over |= is_over;
                if limit_f > 0.0 {
                    // Never NaN: a finite integer over a positive limit.
                    let q = used as f64 / limit_f;
                    if q > ratio {
                        ratio = q;
                    }
                } else if used > 0 {
                    unlimited = true;
                }
            }
            let share = if unlimited {
                f64::INFINITY
            } else if ratio == f64::NEG_INFINITY {
                0.0
            } else {
                ratio
            };
            let below =
                matches!((stock_year, f.stock_after), (Some((_, _, _, _, floor)), Some(after)) if after < floor);
            let breach = over || f.unfunded > 0 || below;
            let (adequacy, floor) = match (stock_year, f.stock_after) {
                (Some((_, _, _, _, fl)), Some(after)) => ((fl > 0).then(|| after as f64 / fl as f64), Some(fl)),
                _ => (None, None),
            };
            rows.push(RowStat {
                breach,
                deferral: drow,
                share,
                converted: f.converted,
                borrowing: add(f.borrowed, f.from_swap)?,
                debt: f.debt_after,
                stock_after: f.stock_after,
                adequacy,
                floor,
            });
            cost.year(add(f.interest, f.principal)?);
            last_debt = f.debt_after;
            // The next year.
            idx += 1;
            let next = if idx < self.outlays.len() || !carry.is_empty() {
                true
            } else {
                let end = match horizon {
                    Some(h) => h,
                    None => {
                        let h = match self.service_years {
                            Some(n) => i64::from(year) + i64::from(n),
                            None => debts
                                .iter()
                                .filter(|d| d.balance != 0)
                                .map(|d| i64::from(d.maturity) + i64::from(d.tenor) * i64::from(d.rollovers_left))
                                .chain(bullets.any().then_some(i64::from(bullets.last)))
                                .max()
                                .unwrap_or(i64::from(year)),
                        };
                        if h - i64::from(year) > i64::from(MAX_DEBT_SERVICE_YEARS) {
                            return Err(Fallback);
                        }
                        horizon = Some(h);
                        h
                    }
                };
                i64::from(year) < end
                    && (self.service_years.is_some() || bullets.any() || debts.iter().any(|d| d.balance != 0))
            };
            if !next {
                break;
            }
            year = year.checked_add(1).ok_or(Fallback)?;
            if rows.len() > self.span + usize::try_from(MAX_DEBT_SERVICE_YEARS).unwrap_or(100) {
                return Err(Fallback);
            }
        }
        cost.finish(last_debt)
    }

    /// The deferral trigger of `year` with `due` (outlays' minor units) to
    /// pay, on the path's rates, compared as the exact engine does.
    fn triggered(&self, d: &DeferralProg, rates: &[Rate], year: i32, due: i64, rate: Rate) -> Fb<bool> {
        Ok(match &d.trigger {
            Trigger::FxAbove(level) => {
                let r = self.rate_at(rates, year).ok_or(Fallback)?;
                r.to_decimal() > *level
            }
            Trigger::FxRise(change) => {
                let now = self.rate_at(rates, year).ok_or(Fallback)?.to_decimal();
                let prev_year = year.saturating_sub(1);
                let prev = if i64::from(prev_year) < i64::from(self.fx_first) {
                    None
                } else {
                    match self.rate_at(rates, prev_year) {
                        Some(p) => Some(p.to_decimal()),
                        // Inside the path's years but missing: not produced.
                        None => return Err(Fallback),
                    }
                };
                match prev {
                    None => false,
                    Some(prev) => {
                        let rise = now
                            .checked_sub(prev)
                            .and_then(|x| x.checked_div(prev))
                            .ok_or(Fallback)?;
                        rise > *change
                    }
                }
            }
            Trigger::OutlayAbove(amount) => {
                let in_payer = match rate {
                    None => Decimal::new(due, self.fm),
                    Some(r) => Decimal::new(self.convert(due, r)?, self.pm),
                };
                in_payer > *amount
            }
        })
    }
}

/// What one year of funding did (payer minor units unless said).
struct YearFund {
    outlay_payer: i64,
    interest: i64,
    principal: i64,
    borrowed: i64,
    from_swap: i64,
    unfunded: i64,
    converted: i64,
    stock_drawn: i64,
    debt_after: i64,
    /// The stock's minor units.
    stock_after: Option<i64>,
}

/// Converts cumulative foreign amounts so the parts sum to the
/// conversion of their total (the exact engine's `Telescope`).
#[derive(Clone, Copy)]
struct Telescope {
    rate: Rate,
    scale: Scale,
    taken: i64,
    reported: i64,
}

impl Telescope {
    fn new(rate: Rate, fm: u32, pm: u32) -> Self {
        Telescope::at(rate, Scale::new(rate.map_or(0, |r| r.s as i32 + fm as i32 - pm as i32)))
    }

    /// [`Telescope::new`] with the scale of its conversions (`rate.s +
    /// fm − pm`, or 0 without a rate) already looked up.
    #[inline(always)]
    fn at(rate: Rate, scale: Scale) -> Self {
        Telescope {
            rate,
            scale,
            taken: 0,
            reported: 0,
        }
    }

    #[inline(always)]
    fn convert(&self, amount: i64) -> Fb<i64> {
        match self.rate {
            None => Ok(amount),
            Some(r) => mul_round_at(amount, r.m, self.scale, Round::HalfEven),
        }
    }

    #[inline(always)]
    fn cost(&self, amount: i64) -> Fb<i64> {
        sub(self.convert(add(self.taken, amount)?)?, self.reported)
    }

    #[inline(always)]
    fn take(&mut self, amount: i64) -> Fb<i64> {
        // `reported` is always the conversion of `taken`: nothing costs
        // nothing.
        if amount == 0 {
            return Ok(0);
        }
        // `cost` without summing twice: the new `reported` is the
        // conversion of the new `taken` (= the old `reported` + the
        // cost, with no sum to check).
        let taken = add(self.taken, amount)?;
        let reported = self.convert(taken)?;
        let c = sub(reported, self.reported)?;
        (self.taken, self.reported) = (taken, reported);
        Ok(c)
    }

    /// [`Telescope::take`] given `known`, an amount and its conversion
    /// at this telescope's rate and scale (the year's foreign need and
    /// its conversion, from [`Needs::of_year`]): a cumulative amount
    /// equal to it is not converted again (the same integer: the
    /// conversion is a function of the amount). Mostly the last draw of
    /// a year funded in full, whose cumulative amount is the need.
    #[inline(always)]
    fn take_known(&mut self, amount: i64, known: (i64, i64)) -> Fb<i64> {
        if amount == 0 {
            return Ok(0);
        }
        let taken = add(self.taken, amount)?;
        let reported = if taken == known.0 {
            debug_assert_eq!(self.convert(taken), Ok(known.1));
            known.1
        } else {
            self.convert(taken)?
        };
        let c = sub(reported, self.reported)?;
        (self.taken, self.reported) = (taken, reported);
        Ok(c)
    }

    /// The most of `want` whose cost is at most `budget` (the exact
    /// engine's `most_within`: a guess from the quotient, settled by
    /// steps of one minor unit). Out of line: the lean loop's draws in
    /// the outlays' currency do not need it.
    #[inline(never)]
    fn most_within(&self, want: i64, budget: i64) -> Fb<i64> {
        if self.cost(want)? <= budget {
            return Ok(want);
        }
        let Some(r) = self.rate else {
            return Ok(budget.min(want));
        };
        let target = add(self.reported, budget)?;
        // target / rate in outlay minor units, truncated: target·10^k / m.
        let num = div_pow10(i128::from(target), -self.scale.k, Round::ToZero)?;
        let q = num / i128::from(r.m);
        let guess = i64::try_from(q).map_err(|_| Fallback)? - self.taken;
        let mut o = guess.clamp(0, want);
        for _ in 0..4 {
            if o > 0 && self.cost(o)? > budget {
                o = (o - 1).max(0);
            } else {
                break;
            }
        }
        for _ in 0..4 {
            let next = add(o, 1)?;
            if next < want && self.cost(next)? <= budget {
                o = next;
            } else {
                break;
            }
        }
        Ok(o)
    }
}

struct Needs {
    foreign: i64,
    domestic: i64,
    telescope: Telescope,
    /// The year's foreign need (the parts' cumulative amount) and its
    /// conversion at the telescope's rate, for
    /// [`Telescope::take_known`]. When no part was converted it is
    /// (0, 0), which no draw reaches: every draw takes a positive
    /// amount, so a draw's cumulative amount is positive.
    known: (i64, i64),
    converted: i64,
    room: Option<i64>,
}

impl Needs {
    #[inline(always)]
    fn draw(&mut self, foreign: bool, avail: Option<i64>) -> Fb<(i64, i64)> {
        let cap = |want: i64| avail.map_or(want, |a| want.min(a.max(0)));
        if foreign {
            let take = cap(self.foreign);
            self.foreign = sub(self.foreign, take)?;
            let p = self.telescope.take_known(take, self.known)?;
            return Ok((take, p));
        }
        let direct = cap(self.domestic);
        self.domestic = sub(self.domestic, direct)?;
        let mut drawn = direct;
        let left = match avail {
            Some(a) => Some(sub(a, direct)?),
            None => None,
        };
        if self.foreign > 0 {
            let budget = match (left, self.room) {
                (Some(a), Some(r)) => Some(a.min(r)),
                (Some(a), None) => Some(a),
                (None, Some(r)) => Some(r),
                (None, None) => None,
            };
            let o = match budget {
                None => self.foreign,
                Some(b) => self.telescope.most_within(self.foreign, b.max(0))?,
            };
            if o > 0 {
                let p = self.telescope.take_known(o, self.known)?;
                self.foreign = sub(self.foreign, o)?;
                if self.telescope.rate.is_some() {
                    self.converted = add(self.converted, p)?;
                    if let Some(r) = &mut self.room {
                        *r = sub(*r, p)?;
                    }
                }
                drawn = add(drawn, p)?;
            }
        }
        Ok((drawn, drawn))
    }

    /// The year's needs: the outlay (`outlay_f` foreign, `outlay_d` in
    /// the payer's currency) and the debt service due, left to fund by
    /// currency, and what each comes to in the payer's currency (the
    /// foreign parts telescoped, so the parts sum to the whole).
    #[inline(always)]
    fn of_year(outlay_f: i64, outlay_d: i64, s: &Served, scale: Telescope, room: Option<i64>) -> Fb<(Needs, Due)> {
        let mut parts = scale;
        let outlay = add(parts.take(outlay_f)?, outlay_d)?;
        let interest = add(parts.take(s.int_f)?, s.int_d)?;
        let principal = add(parts.take(s.prin_f)?, s.prin_d)?;
        let need_f = add(add(outlay_f, s.int_f)?, s.prin_f)?;
        let need_d = add(add(outlay_d, s.int_d)?, s.prin_d)?;
        let total = add(add(outlay, interest)?, principal)?;
        let needs = Needs {
            foreign: need_f.max(0),
            domestic: need_d.max(0),
            telescope: scale,
            known: (parts.taken, parts.reported),
            converted: 0,
            room,
        };
        Ok((
            needs,
            Due {
                outlay,
                interest,
                principal,
                total,
            },
        ))
    }
}

/// The funding cost as the years go: each year's debt service (the last
/// one's once the debt left is added) discounted in turn, the same `f64`
/// operations in the same order as over a vector of the years.
struct CostPv {
    v: f64,
    pv: f64,
    df: f64,
    nonzero: bool,
    pending: Option<i64>,
}

impl CostPv {
    fn new(discount: f64) -> CostPv {
        CostPv {
            v: 1.0 / (1.0 + discount),
            pv: 0.0,
            df: 1.0,
            nonzero: false,
            pending: None,
        }
    }

    /// Adds a year's service (payer's minor units).
    #[inline(always)]
    fn year(&mut self, service: i64) {
        if let Some(s) = self.pending {
            self.nonzero |= s != 0;
            self.pv += s as f64 * self.df;
            self.df *= self.v;
        }
        self.pending = Some(service);
    }

    /// The cost in payer's minor units, with the debt left after the last
    /// year added to its service.
    #[inline(always)]
    fn finish(mut self, last_debt: i64) -> Fb<i64> {
        if let Some(l) = self.pending {
            let l = add(l, last_debt)?;
            self.nonzero |= l != 0;
            self.pv += l as f64 * self.df;
        }
        if !self.nonzero {
            return Ok(0);
        }
        let pv = self.pv.round_ties_even();
        if !pv.is_finite() || pv.abs() >= 9.0e18 {
            return Err(Fallback);
        }
        Ok(pv as i64)
    }
}

/// A year's outlay and debt service due, in the payer's currency.
#[derive(Debug, Clone, Copy)]
struct Due {
    outlay: i64,
    interest: i64,
    principal: i64,
    total: i64,
}

/// A year's draws on the stock: what is left of its income and of its
/// principal above the floor, what was used of each (in the stock's
/// currency), and what the draws paid (in the payer's).
#[derive(Debug, Clone, Copy)]
struct StockDraws {
    income_avail: i64,
    principal_avail: i64,
    income_used: i64,
    principal_used: i64,
    /// What the draws paid, in the payer's currency (the stock's own
    /// units when the stock is not foreign).
    drawn: i64,
}

impl StockDraws {
    fn new(income_avail: i64, principal_avail: i64) -> StockDraws {
        StockDraws {
            income_avail,
            principal_avail,
            income_used: 0,
            principal_used: 0,
            drawn: 0,
        }
    }

    /// Draws on the stock's income (`income`) or its principal for what
    /// `needs` still wants.
    #[inline(always)]
    fn draw(&mut self, income: bool, foreign: bool, needs: &mut Needs) -> Fb<()> {
        let avail = if income {
            self.income_avail
        } else {
            self.principal_avail
        };
        let (native, p) = needs.draw(foreign, Some(avail))?;
        let p = if foreign { p } else { native };
        self.drawn = add(self.drawn, p)?;
        if income {
            self.income_avail = sub(self.income_avail, native)?;
            self.income_used = add(self.income_used, native)?;
        } else {
            self.principal_avail = sub(self.principal_avail, native)?;
            self.principal_used = add(self.principal_used, native)?;
        }
        Ok(())
    }

    /// The stock after the year: `level`, plus what it keeps of its
    /// `additions` (income and inflows) under `policy`, less the
    /// principal drawn.
    #[inline(always)]
    fn after(&self, level: i64, additions: i64, policy: IncomePolicy) -> Fb<i64> {
        let kept = match policy {
            IncomePolicy::Kept => sub(additions, self.income_used)?,
            IncomePolicy::Spent => additions.min(0),
        };
        sub(add(level, kept)?, self.principal_used)
    }
}

impl Program {
    /// One year of funding (the exact engine's `fund_year_shocked`).
    #[allow(clippy::too_many_arguments, clippy::too_many_lines)]
    fn fund_year(
        &self,
        year: i32,
        outlay: i64,
        rate: Rate,
        room: Option<i64>,
        shift: i64,
        stock_year: Option<(i64, i64, i64, i64, i64)>,
        debts: &mut Vec<Debt>,
        bullets: &mut Bullets,
        swap_balance: &mut [i64],
    ) -> Fb<YearFund> {
        let (fm, pm) = (self.fm, self.pm);
        let is_foreign = |f: bool| f && rate.is_some();
        // 1. Debt service falling due: the pooled bullets first, then
        // the other debts. Debt outstanding after the year is summed by
        // the debt's currency as the debts are served and issued
        // (balances are positive, so the order of the checked sums does
        // not matter).
        if self.has_swap {
            swap_balance.iter_mut().for_each(|b| *b = 0);
        }
        let t = usize::try_from(i64::from(year) - i64::from(self.first_year)).map_err(|_| Fallback)?;
        let Served {
            mut int_f,
            mut int_d,
            mut prin_f,
            mut prin_d,
            mut df,
            mut dd,
        } = bullets.serve(t, rate.is_some())?;
        // Every debt has a balance here; one paid off is dropped at once
        // (the order of the debts changes nothing: each is served on its
        // own and the rest are sums).
        let mut i = 0;
        while let Some(d) = debts.get_mut(i) {
            let interest = if year > d.issued { d.interest } else { 0 };
            if d.profile == DebtProfile::Bullet && year != d.maturity {
                // Most years of a bullet: its interest, nothing due (the
                // steps below with `due` zero).
                if d.swap {
                    let b = swap_balance.get_mut(d.source).ok_or(Fallback)?;
                    *b = add(*b, d.balance)?;
                }
                if is_foreign(d.foreign) {
                    int_f = add(int_f, interest)?;
                } else {
                    int_d = add(int_d, interest)?;
                }
                if d.foreign {
                    df = add(df, d.balance)?;
                } else {
                    dd = add(dd, d.balance)?;
                }
                i += 1;
                continue;
            }
            let due = match d.profile {
                DebtProfile::Bullet => {
                    if year != d.maturity {
                        0
                    } else if d.rollovers_left > 0 {
                        d.rollovers_left -= 1;
                        d.maturity = d.maturity.saturating_add(d.tenor as i32);
                        0
                    } else {
                        d.balance
                    }
                }
                DebtProfile::Amortising => {
                    let k = i64::from(year) - i64::from(d.issued);
                    if k < 1 || k > i64::from(d.tenor) {
                        0
                    } else if year == d.maturity {
                        d.balance
                    } else {
                        let t = i128::from(d.tenor);
                        let cum = |k: i64| i128::from(d.original) * i128::from(k) / t;
                        i64::try_from(cum(k) - cum(k - 1)).map_err(|_| Fallback)?.min(d.balance)
                    }
                }
            };
            if d.swap {
                let b = swap_balance.get_mut(d.source).ok_or(Fallback)?;
                *b = add(*b, d.balance)?;
            }
            d.balance = sub(d.balance, due)?;
            if due != 0 && d.balance != 0 {
                d.interest = mul_round(d.balance, d.rate.m, d.rate.s as i32, Round::HalfEven)?;
            }
            if is_foreign(d.foreign) {
                int_f = add(int_f, interest)?;
                prin_f = add(prin_f, due)?;
            } else {
                int_d = add(int_d, interest)?;
                prin_d = add(prin_d, due)?;
            }
            if d.balance == 0 {
                debts.swap_remove(i);
            } else {
                if d.foreign {
                    df = add(df, d.balance)?;
                } else {
                    dd = add(dd, d.balance)?;
                }
                i += 1;
            }
        }
        // 2. Needs, at the year's rate and its scale (computed once).
        let (outlay_f, outlay_d) = if rate.is_some() { (outlay, 0) } else { (0, outlay) };
        let scale = Telescope::new(rate, fm, pm);
        let service = Served {
            int_f,
            int_d,
            prin_f,
            prin_d,
            df,
            dd,
        };
        let (mut needs, due) = Needs::of_year(outlay_f, outlay_d, &service, scale, room)?;
        // 3. The stock.
        let stock_foreign = self.stock.as_ref().is_some_and(|s| is_foreign(s.foreign));
        let (income_avail, principal_avail) = stock_year.map_or((0, 0), |y| (y.2, y.3));
        let mut stock = StockDraws::new(income_avail, principal_avail);
        // 4. Sources in order.
        let (mut from_budget, mut borrowed, mut from_swap) = (0i64, 0i64, 0i64);
        for (i, source) in self.sources.iter().enumerate() {
            if needs.foreign == 0 && needs.domestic == 0 {
                break;
            }
            match *source {
                Src::StockIncome | Src::StockPrincipal => {
                    if stock_year.is_none() {
                        continue;
                    }
                    stock.draw(matches!(source, Src::StockIncome), stock_foreign, &mut needs)?;
                }
                Src::Budget(amount) => {
                    let (native, _) = needs.draw(false, Some(amount))?;
                    from_budget = add(from_budget, native)?;
                }
                Src::Borrow {
                    foreign,
                    coupon,
                    limit,
                    tenor,
                    profile,
                } => {
                    let foreign = is_foreign(foreign);
                    let (native, p) = needs.draw(foreign, limit)?;
                    if native > 0 {
                        if foreign {
                            df = add(df, native)?;
                        } else {
                            dd = add(dd, native)?;
                        }
                        let debt = Debt::issue(
                            i,
                            false,
                            foreign,
                            coupon.shifted(shift)?,
                            native,
                            year,
                            tenor,
                            profile,
                            0,
                        )?;
                        if self.pools_bullets && profile == DebtProfile::Bullet && (1..=POOL_YEARS).contains(&tenor) {
                            bullets.issue(usize::from(foreign), native, debt.interest, t, tenor, debt.maturity)?;
                        } else {
                            debts.push(debt);
                        }
                    }
                    borrowed = add(borrowed, if foreign { p } else { native })?;
                }
                Src::Swap {
                    limit,
                    rate: swap_rate,
                    tenor,
                    rollovers,
                } => {
                    let foreign = rate.is_some();
                    let room = sub(limit, swap_balance[i])?.max(0);
                    let (native, p) = needs.draw(foreign, Some(room))?;
                    if native > 0 {
                        if foreign {
                            df = add(df, native)?;
                        } else {
                            dd = add(dd, native)?;
                        }
                        let rate = swap_rate.shifted(shift)?;
                        debts.push(Debt::issue(
                            i,
                            true,
                            foreign,
                            rate,
                            native,
                            year,
                            tenor,
                            DebtProfile::Bullet,
                            rollovers,
                        )?);
                    }
                    from_swap = add(from_swap, if foreign { p } else { native })?;
                }
            }
        }
        // Every draw is at least zero, so the order of the sum does not
        // matter.
        let drawn = add(add(add(stock.drawn, from_budget)?, borrowed)?, from_swap)?;
        let unfunded = sub(due.total, drawn)?;
        // 5. The stock after the year.
        let stock_after = match (&self.stock, stock_year) {
            (Some(s), Some((lv, additions, _, _, _))) => Some(stock.after(lv, additions, s.policy)?),
            _ => None,
        };
        // Debt outstanding in the payer's currency.
        let debt_after = add(dd, scale.convert(df)?)?;
        Ok(YearFund {
            outlay_payer: due.outlay,
            interest: due.interest,
            principal: due.principal,
            borrowed,
            from_swap,
            unfunded,
            converted: needs.converted,
            stock_drawn: stock.drawn,
            debt_after,
            stock_after,
        })
    }
}

impl Lean {
    /// The lean form of a compiled program, or `None` outside the common
    /// case.
    #[allow(clippy::too_many_arguments)]
    fn resolve(
        converts: bool,
        constraints: &[Con],
        has_stock: bool,
        sources: &[Src],
        has_deferral: bool,
        pools_bullets: bool,
        first_year: i32,
        fx_first: i32,
    ) -> Option<Lean> {
        if !converts || !has_stock || has_deferral || !pools_bullets {
            return None;
        }
        let pooled = sources.iter().all(|s| match s {
            Src::Borrow { profile, tenor, .. } => *profile == DebtProfile::Bullet && (1..=POOL_YEARS).contains(tenor),
            Src::Swap { .. } => false,
            _ => true,
        });
        if !pooled {
            return None;
        }
        let offset = usize::try_from(i64::from(first_year) - i64::from(fx_first)).ok()?;
        let (mut room, mut fixed, mut flows, mut stock_con) = (None, Vec::new(), Vec::new(), false);
        for c in constraints {
            match c {
                Con::Fixed { limit, limits } => {
                    if *limits == Limits::Conversion {
                        room = Some(room.map_or(*limit, |r: i64| r.min(*limit)).max(0));
                    }
                    fixed.push((*limit, *limits));
                }
                Con::Flow { by_year, limits } => {
                    if *limits == Limits::Conversion {
                        return None;
                    }
                    flows.push((by_year.clone(), *limits));
                }
                Con::Stock => stock_con = true,
            }
        }
        Some(Lean {
            offset,
            room,
            fixed,
            flows,
            stock_con,
            stock_at_fx_scale: false,
        })
    }
}

impl Program {
    /// [`Program::rows`] with the clause, in the common case ([`Lean`]):
    /// the same integers, roundings and `f64` operations in the same
    /// order; an error sends the path back to [`Program::rows`] (which
    /// then reports it, or the same rows).
    #[allow(clippy::too_many_lines)]
    #[inline(never)]
    fn rows_lean(&self, lean: &Lean, rates: &[Rate], scratch: &mut Scratch) -> Fb<i64> {
        let stock = self.stock.as_ref().ok_or(Fallback)?;
        let raw = &scratch.raw;
        let rows = &mut scratch.rows;
        let bullets = &mut scratch.bullets;
        scratch.without.clear();
        rows.clear();
        scratch.debts.clear();
        bullets.clear();
        let mut level = stock.start;
        let mut horizon: Option<i64> = None;
        let mut year = self.first_year;
        let mut last_debt;
        let mut cost = CostPv::new(self.discount);
        let mut t = 0usize;
        // The scale of the year's conversions, looked up again only when
        // the rate's decimals change (never on a shocked path: every
        // rate has `FX_DP`).
        let mut scale_of = (u32::MAX, Scale::new(0));
        let max_rows = self.span + usize::try_from(MAX_DEBT_SERVICE_YEARS).unwrap_or(100);
        // The year's rate, floor and extra need, read in step (one bound
        // for the three): a year beyond the rates or the floors fell
        // back, and the extra needs cover the floors' years (`span`);
        // past any of them the path falls back (the same rows).
        let mut inputs = rates
            .get(lean.offset..)
            .unwrap_or(&[])
            .iter()
            .zip(&stock.floors)
            .zip(&self.extra_need);
        loop {
            let ((rate, &floor), &extra) = inputs.next().ok_or(Fallback)?;
            let scheduled = self.outlays.get(t).copied().unwrap_or(0);
            let rate = rate.ok_or(Fallback)?;
            let (shift, flow) = if t < self.draw_span {
                (raw.shift.get(t).copied().unwrap_or(0), raw.flow.get(t).copied())
            } else {
                (0, None)
            };
            // The stock's year.
            let y = stock.yield_rate.shifted(shift)?;
            let income = mul_round(level, y.m, y.s as i32, Round::HalfEven)?;
            let additions = add(income, stock.inflows)?;
            let base = add(level, additions.min(0))?;
            let income_avail = additions.max(0);
            let principal_avail = sub(base, floor)?.max(0);
            if scale_of.0 != rate.s {
                scale_of = (rate.s, Scale::new(rate.s as i32 + self.fm as i32 - self.pm as i32));
            }
            let scale = Telescope::at(Some(rate), scale_of.1);
            let f = self.fund_lean(
                year,
                t,
                add(scheduled, extra)?,
                scale,
                lean.room,
                shift,
                (level, additions, income_avail, principal_avail),
                bullets,
            )?;
            level = f.stock_after;
            // Uses, breach, binding share (as in `rows`).
            let mut over = false;
            let mut unlimited = false;
            let mut ratio = f64::NEG_INFINITY;
            #[inline(always)]
            fn exact(limit: i64, used: i64, (over, unlimited, ratio): (&mut bool, &mut bool, &mut f64)) {
                *over |= used > limit;
                if limit as f64 > 0.0 {
                    let q = used as f64 / limit as f64;
                    if q > *ratio {
                        *ratio = q;
                    }
                } else if used > 0 {
                    *unlimited = true;
                }
            }
            for &(limit, k) in &lean.fixed {
                exact(limit, f.used(k), (&mut over, &mut unlimited, &mut ratio));
            }
            if lean.stock_con {
                let native = add(income_avail, principal_avail)?;
                let l = if stock.foreign && lean.stock_at_fx_scale {
                    // The same k (the rate's scale + the outlays' units −
                    // the payer's), its factors looked up once.
                    scale.convert(native)?
                } else if stock.foreign {
                    mul_round(
                        native,
                        rate.m,
                        rate.s as i32 + stock.units as i32 - self.pm as i32,
                        Round::HalfEven,
                    )?
                } else {
                    native
                };
                exact(l, f.stock_drawn, (&mut over, &mut unlimited, &mut ratio));
            }
            for (by_year, k) in &lean.flows {
                let l = *by_year.get(t).ok_or(Fallback)?;
                let used = f.used(*k);
                match flow {
                    Some(fl) if fl != 100_000_000 => {
                        let factor = fl as f64 / 1e8;
                        let v = l as f64 * factor;
                        let margin = 1e-9 * v.abs() + 0.5 * factor + 2.0;
                        if (used as f64 - v).abs() <= margin {
                            return Err(Fallback);
                        }
                        over |= used as f64 > v;
                        if v > 0.0 {
                            let q = used as f64 / v;
                            if q > ratio {
                                ratio = q;
                            }
                        } else if used > 0 {
                            unlimited = true;
                        }
                    }
                    _ => exact(l, used, (&mut over, &mut unlimited, &mut ratio)),
                }
            }
            let share = if unlimited {
                f64::INFINITY
            } else if ratio == f64::NEG_INFINITY {
                0.0
            } else {
                ratio
            };
            let breach = over || f.unfunded > 0 || f.stock_after < floor;
            rows.push(RowStat {
                breach,
                deferral: None,
                share,
                converted: f.converted,
                borrowing: f.borrowed,
                debt: f.debt_after,
                stock_after: Some(f.stock_after),
                adequacy: (floor > 0).then(|| f.stock_after as f64 / floor as f64),
                floor: Some(floor),
            });
            cost.year(add(f.interest, f.principal)?);
            last_debt = f.debt_after;
            let next = if t + 1 < self.outlays.len() {
                true
            } else {
                let end = match horizon {
                    Some(h) => h,
                    None => {
                        let h = match self.service_years {
                            Some(n) => i64::from(year) + i64::from(n),
                            // No debt is kept outside the pool.
                            None if bullets.any() => i64::from(bullets.last),
                            None => i64::from(year),
                        };
                        if h - i64::from(year) > i64::from(MAX_DEBT_SERVICE_YEARS) {
                            return Err(Fallback);
                        }
                        horizon = Some(h);
                        h
                    }
                };
                i64::from(year) < end && (self.service_years.is_some() || bullets.any())
            };
            if !next {
                break;
            }
            year = year.checked_add(1).ok_or(Fallback)?;
            t += 1;
            // One row a year: `rows.len()` is `t`.
            if t > max_rows {
                return Err(Fallback);
            }
        }
        cost.finish(last_debt)
    }

    /// [`Program::fund_year`] in the common case: a rate, a stock, every
    /// debt a pooled bullet, no swap line.
    #[allow(clippy::too_many_arguments)]
    #[inline(always)]
    fn fund_lean(
        &self,
        year: i32,
        t: usize,
        outlay: i64,
        scale: Telescope,
        room: Option<i64>,
        shift: i64,
        (lv, additions, income_avail, principal_avail): (i64, i64, i64, i64),
        bullets: &mut Bullets,
    ) -> Fb<LeanFund> {
        // The lean loop always has a rate: foreign bullets are foreign.
        let served = bullets.serve(t, true)?;
        let (mut df, mut dd) = (served.df, served.dd);
        let (mut needs, due) = Needs::of_year(outlay, 0, &served, scale, room)?;
        let stock_prog = self.stock.as_ref().ok_or(Fallback)?;
        let mut stock = StockDraws::new(income_avail, principal_avail);
        let (mut from_budget, mut borrowed) = (0i64, 0i64);
        for source in &self.sources {
            if needs.foreign == 0 && needs.domestic == 0 {
                break;
            }
            match *source {
                Src::StockIncome | Src::StockPrincipal => {
                    stock.draw(matches!(source, Src::StockIncome), stock_prog.foreign, &mut needs)?;
                }
                Src::Budget(amount) => {
                    let (native, _) = needs.draw(false, Some(amount))?;
                    from_budget = add(from_budget, native)?;
                }
                Src::Borrow {
                    foreign,
                    coupon,
                    limit,
                    tenor,
                    ..
                } => {
                    let (native, p) = needs.draw(foreign, limit)?;
                    if native > 0 {
                        if foreign {
                            df = add(df, native)?;
                        } else {
                            dd = add(dd, native)?;
                        }
                        let r = coupon.shifted(shift)?;
                        let interest = mul_round(native, r.m, r.s as i32, Round::HalfEven)?;
                        let maturity = year.saturating_add(tenor as i32);
                        bullets.issue(usize::from(foreign), native, interest, t, tenor, maturity)?;
                    }
                    borrowed = add(borrowed, if foreign { p } else { native })?;
                }
                Src::Swap { .. } => return Err(Fallback),
            }
        }
        let drawn = add(add(stock.drawn, from_budget)?, borrowed)?;
        let unfunded = sub(due.total, drawn)?;
        let stock_after = stock.after(lv, additions, stock_prog.policy)?;
        let debt_after = add(dd, scale.convert(df)?)?;
        Ok(LeanFund {
            outlay_payer: due.outlay,
            interest: due.interest,
            principal: due.principal,
            borrowed,
            unfunded,
            converted: needs.converted,
            stock_drawn: stock.drawn,
            debt_after,
            stock_after,
        })
    }
}

impl LeanFund {
    /// What a limit of kind `k` limits.
    #[inline(always)]
    fn used(&self, k: Limits) -> i64 {
        match k {
            Limits::Outlays => self.outlay_payer,
            Limits::Conversion => self.converted,
            Limits::StockDrawing => self.stock_drawn,
        }
    }
}

/// What one year of the lean loop funded ([`YearFund`] without the swap
/// line and with a stock).
struct LeanFund {
    outlay_payer: i64,
    interest: i64,
    principal: i64,
    borrowed: i64,
    unfunded: i64,
    converted: i64,
    stock_drawn: i64,
    debt_after: i64,
    stock_after: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::affordability::{AdequacyFloor, Assessment, Capacity, Deferral, Funding, FxPath, Stock, YearRow};
    use crate::risk::{FxFactor, GrowthFactor, RateFactor, RiskModel};
    use crate::{Currency, FiscalYear, Money, Plan, Schedule};
    use proptest::prelude::*;
    use rust_decimal_macros::dec;

    fn minor_of(m: Money) -> i64 {
        minor(m.amount(), u32::from(m.currency().minor_units())).unwrap()
    }

    /// Runs paths `0..n` of `schedule` on both engines and checks that
    /// every screened path has the exact engine's rows: breaches (with
    /// and without the clause), deferrals, horizon and every amount the
    /// statistics read. Returns (screened, fell back).
    fn compare(model: &RiskModel, a: &Assessment, schedule: &Schedule, n: u64) -> (u64, u64) {
        let prep = Prepared::new(model, a, schedule).unwrap();
        let prog = Program::compile(&prep).expect("a supported configuration");
        let history = model.history();
        let mut sc = Scratch::default();
        let (mut screened, mut fell) = (0, 0);
        for i in 0..n {
            // A longer draw (another plan's) leaves the first years alone.
            sc.draw(model, &history, i, prep.span + 7).unwrap();
            let (fx, shocks) = prep.draw(i).unwrap();
            let exact = prep.rows(fx.as_ref(), shocks.clone(), None, true, true);
            let without: Option<Vec<YearRow>> = a
                .deferral_rule()
                .map(|_| prep.rows(fx.as_ref(), shocks.clone(), None, false, true).unwrap());
            match prog.run(&mut sc) {
                Err(Fallback) => fell += 1,
                Ok(r) => {
                    screened += 1;
                    let exact = exact.unwrap();
                    assert_eq!(sc.rows.len(), exact.len(), "path {i}: horizon");
                    for (k, (f, e)) in sc.rows.iter().zip(&exact).enumerate() {
                        assert_eq!(f.breach, e.breach.is_some(), "path {i} year {k}: breach");
                        assert_eq!(f.debt, minor_of(e.debt_after), "path {i} year {k}: debt");
                        assert_eq!(f.converted, minor_of(e.converted), "path {i} year {k}");
                        assert_eq!(
                            f.borrowing,
                            minor_of(e.funding.borrowed) + minor_of(e.funding.from_swap),
                            "path {i} year {k}: borrowing"
                        );
                        assert_eq!(f.stock_after, e.stock_after.map(minor_of), "path {i} year {k}: stock");
                        assert_eq!(
                            f.deferral,
                            e.deferral.as_ref().map(|d| (d.triggered, minor_of(d.carried))),
                            "path {i} year {k}: deferral"
                        );
                        match e.share_used {
                            Some(s) => assert!((f.share - s).abs() <= 1e-12 * s.abs().max(1.0), "path {i} year {k}"),
                            None => assert!(f.share == 0.0 || f.share == f64::INFINITY),
                        }
                    }
                    if let Some(w) = &without {
                        let flags: Vec<bool> = w.iter().map(|r| r.breach.is_some()).collect();
                        assert_eq!(sc.without, flags, "path {i}: breaches without the clause");
                    }
                    let payer = a.capacity().currency();
                    let service: Vec<Decimal> = exact
                        .iter()
                        .map(|r| r.interest.amount() + r.principal_repaid.amount())
                        .collect();
                    let last = exact.last().map_or(Money::zero(payer), |r| r.debt_after);
                    let cost = minor_of(
                        crate::affordability::discounted_service(service, last, a.funding_plan(), payer).unwrap(),
                    );
                    assert!(
                        (r.cost - cost).abs() <= 1 + cost.abs() / 1_000_000_000_000,
                        "path {i}: cost {} {cost}",
                        r.cost
                    );
                }
            }
        }
        (screened, fell)
    }

    fn fx_model(vol: f64, paths: u64) -> RiskModel {
        RiskModel::new()
            .paths(paths)
            .unwrap()
            .seed(3)
            .fx(FxFactor::Lognormal { vol, drift: 0.0 })
            .unwrap()
            .rates(RateFactor {
                speed: 0.3,
                level: 0.035,
                vol: 0.01,
                start: None,
            })
            .unwrap()
            .correlation([[1.0, 0.3, 0.0], [0.3, 1.0, 0.0], [0.0, 0.0, 1.0]])
            .unwrap()
    }

    #[cfg(feature = "scenario")]
    #[test]
    fn korea_scenarios_screen_exactly() {
        use crate::scenario::Scenario;
        let builtin = Scenario::korea_us_2025().unwrap();
        let files = [
            include_str!("../../examples/scenarios/korea_us_2025.toml"),
            include_str!("../../examples/scenarios/korea_us_2025_fx_stress.toml"),
            include_str!("../../examples/scenarios/korea_us_2025_swap.toml"),
            include_str!("../../examples/scenarios/korea_us_2025_shipbuilding.toml"),
        ];
        let mut all = vec![builtin];
        all.extend(files.iter().map(|t| Scenario::from_toml(t).unwrap()));
        let (mut screened, mut fell, mut lean_plans) = (0, 0, 0);
        for s in &all {
            let Some(a) = s.affordability.clone() else { continue };
            // The scenario's own model, and a wilder won (breaches and
            // deferrals on many paths).
            for model in [
                s.risk.clone().unwrap_or_else(|| fx_model(0.047, 60)),
                fx_model(0.15, 60),
            ] {
                for (_, plan) in s.schedules().unwrap() {
                    let (a1, b1) = compare(&model, &a, &plan, 60);
                    screened += a1;
                    fell += b1;
                    let (lean, _) = lean_changes_nothing(&model, &a, &plan, 60);
                    lean_plans += usize::from(lean);
                }
            }
        }
        assert!(screened > 0);
        // Nothing in these scenarios needs the exact engine.
        assert_eq!(fell, 0);
        // The built-in scenario's plans (two models) run the lean loop.
        let builtin_plans = all[0].schedules().unwrap().len();
        assert!(lean_plans >= 2 * builtin_plans, "{lean_plans}");
    }

    /// The bench's model (examples/risk_sizes.rs): a share-of-flow limit
    /// shocked by growth, a fixed service horizon.
    #[test]
    fn bench_model_screens_exactly() {
        let capacity = Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![
                Constraint::conversion_cap("FX market", dec!(28.6e12)),
                Constraint::share_of_flow("current account", 2025, dec!(176e12), 0.03, 0.16),
                Constraint::Stock(Stock::new("reserves", 2026, dec!(428.82e9), 0.035).in_currency(Currency::USD)),
            ],
        )
        .unwrap();
        let funding = Funding::new(
            vec![
                FundingSource::StockIncome,
                FundingSource::Borrowing {
                    coupon: 0.04,
                    limit_per_year: Some(dec!(20e9)),
                    currency: Some(Currency::USD),
                    tenor: 10,
                    profile: DebtProfile::Bullet,
                },
            ],
            0.045,
        )
        .unwrap()
        .with_service_years(20)
        .unwrap();
        let a = Assessment::new(capacity)
            .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
            .funding(funding);
        let m = fx_model(0.1, 100)
            .growth(GrowthFactor { vol: 0.02 })
            .unwrap()
            .correlation([[1.0, 0.3, -0.2], [0.3, 1.0, 0.0], [-0.2, 0.0, 1.0]])
            .unwrap();
        let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for total in [dec!(150e9), dec!(300e9)] {
            let s = Plan::installments(jan1, 10, crate::time::Frequency::Annual)
                .schedule(Money::new(total, Currency::USD), "cash")
                .unwrap();
            let (screened, _) = compare(&m, &a, &s, 100);
            assert!(screened >= 95, "{screened}");
            pooling_changes_nothing(&m, &a, &s, 100);
            let (lean, ran) = lean_changes_nothing(&m, &a, &s, 100);
            assert!(lean && ran >= 95, "{lean} {ran}");
        }
    }

    /// A random assessment of the configurations the program supports.
    #[derive(Debug, Clone)]
    struct Case {
        fx: bool,
        cap: i64,
        conversion: Option<i64>,
        flow: bool,
        stock: Option<(i64, bool, bool)>,
        sources: Vec<u8>,
        amortising: bool,
        clause: Option<u8>,
        service: Option<u32>,
        payments: u32,
        total: i64,
        vol: f64,
        growth: bool,
        seed: u64,
    }

    fn case() -> impl Strategy<Value = Case> {
        (
            (any::<bool>(), 50i64..400, prop::option::of(50i64..300), any::<bool>()),
            prop::option::of((200i64..2000, any::<bool>(), any::<bool>())),
            prop::collection::vec(0u8..5, 0..4),
            (any::<bool>(), prop::option::of(0u8..3), prop::option::of(0u32..6)),
            (1u32..6, 50i64..900, 0.0f64..0.3, any::<bool>(), any::<u64>()),
        )
            .prop_map(
                |(
                    (fx, cap, conversion, flow),
                    stock,
                    sources,
                    (amortising, clause, service),
                    (payments, total, vol, growth, seed),
                )| Case {
                    fx,
                    cap,
                    conversion,
                    flow,
                    stock,
                    sources,
                    amortising,
                    clause,
                    service,
                    payments,
                    total,
                    vol,
                    growth,
                    seed,
                },
            )
    }

    fn build(c: &Case) -> Option<(RiskModel, Assessment, Schedule)> {
        let payer = if c.fx { Currency::KRW } else { Currency::USD };
        let rate = dec!(1430);
        let scale = if c.fx { rate } else { Decimal::ONE };
        let b = |x: i64| Decimal::from(x) * dec!(1e9);
        let mut cs = vec![Constraint::fixed_cap("cap", b(c.cap) * scale)];
        if let Some(cv) = c.conversion {
            cs.push(Constraint::conversion_cap("fx market", b(cv) * scale));
        }
        if c.flow {
            cs.push(Constraint::share_of_flow("flow", 2025, b(1000) * scale, 0.03, 0.16));
        }
        if let Some((level, usd, floor)) = c.stock {
            let mut s = Stock::new("reserves", 2026, b(level), 0.035);
            if usd && c.fx {
                s = s.in_currency(Currency::USD);
            } else {
                s = Stock::new("reserves", 2026, b(level) * scale, 0.035);
            }
            if floor {
                s = s.with_adequacy_floor(AdequacyFloor::ShareOfStart { share: 0.6 });
            }
            cs.push(Constraint::Stock(s));
        }
        let capacity = Capacity::new(payer, FiscalYear::CALENDAR, cs).ok()?;
        let profile = if c.amortising {
            DebtProfile::Amortising
        } else {
            DebtProfile::Bullet
        };
        let mut sources = Vec::new();
        for k in &c.sources {
            let s = match k {
                0 => FundingSource::StockIncome,
                1 => FundingSource::StockPrincipal,
                2 => FundingSource::Budget {
                    amount_per_year: b(30) * scale,
                },
                3 => FundingSource::Borrowing {
                    coupon: 0.04,
                    limit_per_year: Some(b(40)),
                    currency: Some(Currency::USD),
                    tenor: 3,
                    profile,
                },
                _ => FundingSource::Borrowing {
                    coupon: 0.05,
                    limit_per_year: None,
                    currency: None,
                    tenor: 4,
                    profile,
                },
            };
            if !sources.contains(&s) {
                sources.push(s);
            }
        }
        if c.fx && c.sources.len() % 2 == 1 {
            sources.push(FundingSource::swap_line(b(30), 0.04, 1, 2));
        }
        let mut funding = Funding::new(sources, 0.045).ok()?;
        if let Some(n) = c.service {
            funding = funding.with_service_years(n).ok()?;
        }
        let mut a = Assessment::new(capacity).funding(funding);
        if c.fx {
            a = a.fx(FxPath::flat(Currency::USD, Currency::KRW, rate).ok()?);
        }
        a = match c.clause {
            None => a,
            Some(0) if c.fx => {
                a.deferral(Deferral::new(DeferralTrigger::FxAbove { level: dec!(1500) }, dec!(0.5), 2).ok()?)
            }
            Some(1) if c.fx => {
                a.deferral(Deferral::new(DeferralTrigger::FxRiseAbove { change: dec!(0.05) }, dec!(0.3333), 1).ok()?)
            }
            Some(_) => {
                a.deferral(Deferral::new(DeferralTrigger::OutlayAbove { amount: b(60) * scale }, dec!(0.5), 3).ok()?)
            }
        };
        let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        let s = Plan::installments(jan1, c.payments, crate::time::Frequency::Annual)
            .schedule(Money::new(b(c.total), Currency::USD), "x")
            .ok()?;
        let mut m = RiskModel::new().paths(10).ok()?.seed(c.seed);
        if c.fx {
            m = m.fx(FxFactor::Lognormal { vol: c.vol, drift: 0.0 }).ok()?;
        }
        m = m
            .rates(RateFactor {
                speed: 0.3,
                level: 0.035,
                vol: 0.02,
                start: None,
            })
            .ok()?;
        if c.growth {
            m = m.growth(GrowthFactor { vol: 0.05 }).ok()?;
        }
        a.assess(&s).ok()?;
        Some((m, a, s))
    }

    proptest! {
        /// The 64-bit fast path of `mul_round` is the exact quotient.
        #[test]
        fn mul_round_is_exact(a in -(1i64 << 52)..(1i64 << 52), b in -(1i64 << 40)..(1i64 << 40), k in 0i32..19, even in any::<bool>()) {
            let mode = if even { Round::HalfEven } else { Round::ToZero };
            let n = i128::from(a) * i128::from(b);
            let want = div_pow10(n, k, mode).ok().and_then(|q| i64::try_from(q).ok());
            prop_assert_eq!(mul_round(a, b, k, mode).ok(), want);
            // Ties: 10^k/2 multiples round to even.
            if k > 0 {
                let half = POW10[k as usize] / 2;
                let q = div_pow10(half * (2 * i128::from(a % 1000) + 1), k, Round::HalfEven).unwrap();
                prop_assert_eq!(q % 2, 0);
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(4096)))]
        /// The 64-bit short path of `mul_round` against the 128-bit one
        /// (the rounding before it) on products sized so the quotient
        /// straddles the short path's bound 2⁵⁰, on ties and on both
        /// signs; and on any two `i64`s (mostly the wide path and its
        /// fallbacks).
        #[test]
        fn mul_round_short_path_is_the_wide_one(
            k in 0i32..20,
            spread in -4i32..4,
            split in 0.0f64..1.0,
            ma in any::<u64>(),
            mb in any::<u64>(),
            signs in 0u8..4,
            tie in any::<bool>(),
            even in any::<bool>(),
            wild in (any::<i64>(), any::<i64>()),
        ) {
            let mode = if even { Round::HalfEven } else { Round::ToZero };
            // log2 |a·b| ≈ 51 + log2 10^k + spread (the short path's
            // bound).
            let bits = (51.0 + f64::from(k) * std::f64::consts::LOG2_10).round() as i32 + spread;
            let ea = ((f64::from(bits) * split) as i32).clamp(1, 62);
            let eb = (bits - ea).clamp(1, 62);
            let mut a = (ma >> (64 - ea)) as i64 | (1 << (ea - 1));
            let mut b = (mb >> (64 - eb)) as i64 | (1 << (eb - 1));
            if tie && (1..=18).contains(&k) {
                // a·b = (2m + 1)·10^k/2: exactly half a unit.
                a = (a >> 4) | 1;
                b = POW10_64[k as usize] / 2;
            }
            if signs & 1 != 0 {
                a = -a;
            }
            if signs & 2 != 0 {
                b = -b;
            }
            let n = i128::from(a) * i128::from(b);
            let want = div_pow10(n, k, mode).ok().and_then(|q| i64::try_from(q).ok());
            let fits = n.abs() < DECIMAL_LIMIT;
            prop_assert_eq!(mul_round(a, b, k, mode), mul_round_wide(a, b, k, mode));
            if fits {
                prop_assert_eq!(mul_round(a, b, k, mode).ok(), want);
            }
            let (x, y) = wild;
            prop_assert_eq!(mul_round(x, y, k, mode), mul_round_wide(x, y, k, mode));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(48)))]
        /// Random supported assessments: every screened path's breaches
        /// (with and without the clause) and amounts are the exact
        /// engine's.
        #[test]
        fn random_assessments_screen_exactly(c in case()) {
            if let Some((m, a, s)) = build(&c) {
                let prep = Prepared::new(&m, &a, &s).unwrap();
                prop_assert!(Program::compile(&prep).is_some(), "unsupported: {c:?}");
                let (screened, _) = compare(&m, &a, &s, 12);
                prop_assert!(screened > 0);
                pooling_changes_nothing(&m, &a, &s, 12);
            }
        }

        /// A rate's precomputed shift is [`Dec::shifted`].
        #[test]
        fn shift_rate_is_dec_shifted(m in any::<i64>(), s in 0u32..=18, shift in any::<i64>(), small in -1_000_000_000i64..1_000_000_000) {
            let d = Dec { m, s };
            for x in [shift, small, 0] {
                prop_assert_eq!(ShiftRate::new(d).shifted(x), d.shifted(x));
            }
            let d = Dec { m: small, s };
            prop_assert_eq!(ShiftRate::new(d).shifted(shift), d.shifted(shift));
            prop_assert_eq!(ShiftRate::new(d).shifted(small), d.shifted(small));
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(256)))]
        /// `take_known` is `take`: parts of a year's need taken on one
        /// telescope, then draws of positive amounts on a fresh one
        /// given the parts' cumulative amount and conversion, against
        /// the same draws converted each time.
        #[test]
        fn take_known_is_take(
            m in 1i64..10_000_000_000,
            k in -2i32..16,
            parts in proptest::collection::vec(-(1i64 << 40)..(1i64 << 42), 0..4),
            draws in proptest::collection::vec(0i64..(1i64 << 41), 0..5),
            to_need in any::<bool>(),
        ) {
            let fresh = Telescope::at(Some(Dec { m, s: 8 }), Scale::new(k));
            let mut p = fresh;
            for &x in &parts {
                let _ = p.take(x);
            }
            let known = (p.taken, p.reported);
            let (mut a, mut b) = (fresh, fresh);
            let mut draws = draws;
            if to_need && p.taken > 0 {
                // The draws sum to the need (the common case).
                let sum: i64 = draws.iter().sum();
                draws.push((p.taken - sum).max(0));
            }
            for &x in &draws {
                let (ra, rb) = (a.take(x), b.take_known(x, known));
                prop_assert_eq!(ra, rb);
                if ra.is_err() {
                    break;
                }
                prop_assert_eq!((a.taken, a.reported), (b.taken, b.reported));
            }
        }
    }

    /// A random assessment in the lean loop's case: converted outlays, a
    /// stock, no clause, no swap line, bullet borrowing.
    fn lean_case() -> impl Strategy<Value = Case> {
        (case(), 200i64..2000, any::<bool>(), any::<bool>()).prop_map(|(mut c, level, usd, floor)| {
            c.fx = true;
            c.stock = Some(c.stock.unwrap_or((level, usd, floor)));
            c.clause = None;
            c.amortising = false;
            if c.sources.len() % 2 == 1 {
                c.sources.pop();
            }
            c
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(crate::testing::cases(64)))]
        /// The lean loop and the general one side by side on random
        /// assessments in the lean case (and any others): the same rows,
        /// breaches and cost, path by path.
        #[test]
        fn lean_loop_is_the_general_one(c in lean_case(), other in case()) {
            if let Some((m, a, s)) = build(&c) {
                let (lean, _) = lean_changes_nothing(&m, &a, &s, 16);
                prop_assert!(lean, "not lean: {c:?}");
            }
            if let Some((m, a, s)) = build(&other) {
                lean_changes_nothing(&m, &a, &s, 8);
            }
        }
    }

    /// Runs paths `0..n` on the lean loop ([`Program::rows_lean`], also
    /// called directly) and on the general one: the same rows, breaches
    /// and cost. Returns whether the program is lean and on how many
    /// paths the lean loop finished.
    fn lean_changes_nothing(model: &RiskModel, a: &Assessment, schedule: &Schedule, n: u64) -> (bool, u64) {
        let prep = Prepared::new(model, a, schedule).unwrap();
        let prog = Program::compile(&prep).unwrap();
        let mut general = prog.clone();
        general.lean = None;
        let history = model.history();
        let (mut s1, mut s2) = (Scratch::default(), Scratch::default());
        let mut ran = 0;
        for i in 0..n {
            s1.draw(model, &history, i, prep.span).unwrap();
            s2.draw(model, &history, i, prep.span).unwrap();
            let r2 = general.run(&mut s2).map(|r| r.cost);
            let r1 = prog.run(&mut s1).map(|r| r.cost);
            assert_eq!(r1, r2, "path {i}");
            if r1.is_ok() {
                assert_eq!(format!("{:?}", s1.rows), format!("{:?}", s2.rows), "path {i}");
                assert_eq!(s1.without, s2.without, "path {i}");
            }
            if let (Some(l), Some(_)) = (&prog.lean, s1.cached) {
                let rates = s1.cached_rates.clone();
                if let Ok(c) = prog.rows_lean(l, &rates, &mut s1) {
                    ran += 1;
                    assert_eq!(Ok(c), r2, "path {i}: lean");
                    assert_eq!(format!("{:?}", s1.rows), format!("{:?}", s2.rows), "path {i}: lean");
                    assert_eq!(s1.without, s2.without, "path {i}: lean");
                }
            }
        }
        (prog.lean.is_some(), ran)
    }

    /// Runs paths `0..n` with the bullets pooled and looped over: the
    /// same rows, breaches and cost.
    fn pooling_changes_nothing(model: &RiskModel, a: &Assessment, schedule: &Schedule, n: u64) {
        let prep = Prepared::new(model, a, schedule).unwrap();
        let pooled = Program::compile(&prep).unwrap();
        let mut looped = pooled.clone();
        looped.pools_bullets = false;
        let history = model.history();
        let (mut s1, mut s2) = (Scratch::default(), Scratch::default());
        for i in 0..n {
            s1.draw(model, &history, i, prep.span).unwrap();
            s2.draw(model, &history, i, prep.span).unwrap();
            let r1 = pooled.run(&mut s1).map(|r| r.cost);
            let r2 = looped.run(&mut s2).map(|r| r.cost);
            assert_eq!(r1, r2, "path {i}");
            if r1.is_ok() {
                assert_eq!(format!("{:?}", s1.rows), format!("{:?}", s2.rows), "path {i}");
                assert_eq!(s1.without, s2.without, "path {i}");
            }
        }
    }

    #[test]
    fn integer_rounding_matches_decimal() {
        // 2.5 → 2, 3.5 → 4, −2.5 → −2 (half-even); 2.7 → 2 toward zero.
        assert_eq!(div_pow10(25, 1, Round::HalfEven), Ok(2));
        assert_eq!(div_pow10(35, 1, Round::HalfEven), Ok(4));
        assert_eq!(div_pow10(-25, 1, Round::HalfEven), Ok(-2));
        assert_eq!(div_pow10(-35, 1, Round::HalfEven), Ok(-4));
        assert_eq!(div_pow10(27, 1, Round::ToZero), Ok(2));
        assert_eq!(div_pow10(-27, 1, Round::ToZero), Ok(-2));
        assert_eq!(div_pow10(7, -2, Round::HalfEven), Ok(700));
        // $12,345.67 at 1,430.123456 KRW: 17,655,832.0... by hand:
        // 1234567 × 1430123456 = 1,765,583,212,365,952 (10⁻⁸ KRW) → 17,655,832.12 → 17,655,832.
        assert_eq!(mul_round(1_234_567, 1_430_123_456, 8, Round::HalfEven), Ok(17_655_832));
        assert_eq!(minor(Decimal::new(1234500, 4), 2), Some(12345));
        assert_eq!(minor(Decimal::new(12345, 3), 2), None);
        // 0.04 + 0.00123456 = 0.04123456; 0.01 − 0.05 floors at 0.
        let c = Dec { m: 4, s: 2 };
        assert_eq!(c.shifted(123_456), Ok(Dec { m: 4_123_456, s: 8 }));
        assert_eq!(Dec { m: 1, s: 2 }.shifted(-5_000_000), Ok(Dec { m: 0, s: 8 }));
        assert_eq!(c.shifted(0), Ok(c));
        // The 64-bit shift and the 128-bit one: an 18-decimal base, a
        // negative result floored, and a base too large for 64 bits.
        assert_eq!(
            Dec {
                m: 123_456_789_012_345_678,
                s: 18
            }
            .shifted(-1),
            Ok(Dec {
                m: 123_456_789_012_345_678 - 10_000_000_000,
                s: 18
            })
        );
        assert_eq!(Dec { m: -3, s: 2 }.shifted(1), Ok(Dec { m: -2_999_999, s: 8 }));
        assert_eq!(Dec { m: -3, s: 2 }.shifted(-1), Ok(Dec { m: -3_000_000, s: 8 }));
        assert_eq!(Dec { m: i64::MAX / 10, s: 0 }.shifted(1), Err(Fallback));
        // Short-path edges: the largest quotient below 2⁵⁰, ties both ways.
        let two50 = 1i64 << 50;
        assert_eq!(mul_round(two50 - 1, 100_000_000, 8, Round::HalfEven), Ok(two50 - 1));
        assert_eq!(mul_round(250, 1_000_000, 8, Round::HalfEven), Ok(2));
        assert_eq!(mul_round(350, 1_000_000, 8, Round::HalfEven), Ok(4));
        assert_eq!(mul_round(-250, 1_000_000, 8, Round::HalfEven), Ok(-2));
        assert_eq!(mul_round(-350, 1_000_000, 8, Round::HalfEven), Ok(-4));
        assert_eq!(mul_round(-270, 1_000_000, 8, Round::ToZero), Ok(-2));
        assert_eq!(mul_round(-1, 1, 8, Round::ToZero), Ok(0));
        assert_eq!(mul_round(-1, 1, 8, Round::HalfEven), Ok(0));
        assert_eq!(mul_round(-6, 10_000_000, 8, Round::HalfEven), Ok(-1));
        // Around the short path's bound 2⁵¹ (below it the short path,
        // above the wide one): the same roundings as the 128-bit
        // quotient, up to k = 13 where the product nears 2⁹⁵.
        let two51 = 1i64 << 51;
        for k in [1, 8, 12, 13] {
            let d = POW10_64[k as usize];
            for q in [two51 - 3, two51 - 2, two51 - 1, two51, two51 + 1] {
                for (a, b) in [(q, d), (q / 3, 3 * d + 1), (-q, d), (q, d - 1)] {
                    for mode in [Round::HalfEven, Round::ToZero] {
                        let n = i128::from(a) * i128::from(b);
                        let want = div_pow10(n, k, mode).ok().and_then(|x| i64::try_from(x).ok());
                        assert_eq!(mul_round(a, b, k, mode).ok(), want, "{a}·{b}/10^{k}");
                        assert_eq!(mul_round(a, b, k, mode), mul_round_wide(a, b, k, mode));
                    }
                }
                // Exactly half a unit: ties to even.
                let h = mul_round(2 * q + 1, d / 2, k, Round::HalfEven);
                assert_eq!(h, Ok(q + (q & 1)), "tie at {q}, k = {k}");
            }
        }
    }
}
