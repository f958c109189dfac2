//! One Monte Carlo path: its shocks drawn from its own stream, the yearly
//! engine run on them.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rand_distr::StandardNormal;
use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::model::{FX_DP, FxFactor, RiskModel};
use crate::affordability::shock::{Shocks, YearShock};
use crate::affordability::{Assessment, FundingSource, FxPath, FxRates, YearRow, check_currencies, year_rows};
use crate::instrument::{EventSampler, SampledFlows};
use crate::limits::MAX_DEBT_SERVICE_YEARS;
use crate::{Commitment, Currency, Error, PeriodBasis, PeriodTotal, Quantity, Result, Schedule};

/// Where a path's credit-event draws start in its ChaCha8 stream (in
/// 32-bit words): far past any factor draws (a path draws at most a few
/// thousand normals), so adding instruments leaves the factors' draws,
/// and every plan without instruments, unchanged.
const EVENT_WORDS: u128 = 1 << 40;

/// Decimal places of a shocked rate shift and of a flow factor.
pub(crate) const SHIFT_DP: u32 = 8;
/// Decimal places of an FX factor `e^(X₁+…+X_k)` before it multiplies the
/// rate (the product is then rounded to 6 decimals).
pub(crate) const FACTOR_DP: u32 = 12;

/// A plan prepared for its paths: the yearly outlays and the unshocked FX
/// rates over the longest horizon a path can reach.
pub(crate) struct Prepared<'a> {
    pub(crate) assessment: &'a Assessment,
    pub(crate) model: &'a RiskModel,
    pub(crate) years: Vec<PeriodTotal>,
    pub(crate) from: Currency,
    pub(crate) first_year: i32,
    /// Years of shocks drawn per path (from the first outlay year).
    pub(crate) span: usize,
    /// The unshocked FX rates from `fx_first` (the year before the first
    /// outlay year when the path covers it), while the path has them.
    pub(crate) fx_first: i32,
    pub(crate) fx_base: Vec<Decimal>,
    pub(crate) history: Vec<f64>,
    /// The instruments' contractual receipts (no event), by year, when the
    /// plan holds loans or guarantees that cannot default.
    pub(crate) receipts: Vec<PeriodTotal>,
    /// The credit events drawn per path, when a loan or guarantee of the
    /// plan can default or be called.
    pub(crate) events: Option<EventSampler>,
}

impl<'a> Prepared<'a> {
    pub(crate) fn new(model: &'a RiskModel, assessment: &'a Assessment, schedule: &Schedule) -> Result<Self> {
        let years = schedule.aggregate(PeriodBasis::FiscalYear(assessment.capacity().year()))?;
        Self::from_years(model, assessment, years, schedule.currency())
    }

    /// A plan of instruments: the outlays are the equity payments, loan
    /// drawdowns and (per path) the guarantees called; the receipts are
    /// drawn with the credit events on each path (see [`EventSampler`]).
    /// A plan of equity only is [`Prepared::new`] of its schedule.
    pub(crate) fn for_commitment(model: &'a RiskModel, assessment: &'a Assessment, c: &Commitment) -> Result<Self> {
        if c.tranches().iter().all(|t| t.instrument.is_equity()) {
            return Self::new(model, assessment, &c.schedule()?);
        }
        let sampler = EventSampler::new(c, PeriodBasis::FiscalYear(assessment.capacity().year()))?;
        // The contractual flows (no event) fix the years a path covers.
        let mut contractual = SampledFlows::default();
        sampler.sample(|| 1.0, &mut contractual);
        let years = sampler.totals(&contractual.outflows);
        let mut prep = Self::from_years(model, assessment, years, c.headline().currency())?;
        if sampler.is_random() {
            prep.events = Some(sampler);
        } else {
            prep.receipts = sampler.totals(&contractual.receipts);
        }
        Ok(prep)
    }

    /// The credit events of path `index`, drawn from its own stream (the
    /// path's ChaCha8 stream, far past the factors' draws); `None` when
    /// the plan has no event to draw.
    pub(crate) fn sample_events(&self, index: u64) -> Option<SampledFlows> {
        let sampler = self.events.as_ref()?;
        let mut rng = ChaCha8Rng::seed_from_u64(self.model.seed);
        rng.set_stream(index);
        rng.set_word_pos(EVENT_WORDS);
        let mut out = SampledFlows::default();
        sampler.sample(|| rng.random::<f64>(), &mut out);
        Some(out)
    }

    fn from_years(
        model: &'a RiskModel,
        assessment: &'a Assessment,
        years: Vec<PeriodTotal>,
        from: Currency,
    ) -> Result<Self> {
        let capacity = assessment.capacity();
        check_currencies(from, capacity.currency(), assessment.fx_path())?;
        let first = years.first().ok_or(Error::Empty {
            what: Quantity::Schedule,
        })?;
        let first_year = first.period.year();
        let last_year = years.last().map_or(first_year, |p| p.period.year());
        // The longest horizon: the outlay years, a deferral's delay, then
        // the longest debt (rolled over) or the stated service years.
        let funding = assessment.funding_plan();
        let debt_years = match funding.service_years() {
            Some(n) => i64::from(n),
            None => funding
                .sources()
                .iter()
                .map(|s| match s {
                    FundingSource::Borrowing { tenor, .. } => i64::from(*tenor),
                    FundingSource::SwapLine { tenor, rollovers, .. } => i64::from(*tenor) * (1 + i64::from(*rollovers)),
                    _ => 0,
                })
                .max()
                .unwrap_or(0)
                .min(i64::from(MAX_DEBT_SERVICE_YEARS)),
        };
        let delay = assessment.deferral_rule().map_or(0, |d| i64::from(d.max_delay()));
        let span_years = i64::from(last_year) - i64::from(first_year) + 1 + delay + debt_years + 1;
        let span = usize::try_from(span_years).map_err(|_| Error::overflow("risk horizon"))?;
        let (fx_first, fx_base) = match (&model.fx, assessment.fx_path()) {
            (None, _) => (first_year, Vec::new()),
            (Some(_), Some(path)) if path.connects(from, capacity.currency()) && from != capacity.currency() => {
                let start = if path.rate(first_year - 1).is_ok() {
                    first_year - 1
                } else {
                    first_year
                };
                let mut base = Vec::new();
                let mut y = start;
                while y <= first_year.saturating_add(span as i32) {
                    match path.rate(y) {
                        Ok(r) => base.push(r),
                        Err(Error::FxPathTooShort { .. }) => break,
                        Err(e) => return Err(e),
                    }
                    y += 1;
                }
                (start, base)
            }
            (Some(_), _) => {
                return Err(Error::Invalid {
                    what: Quantity::Risk("fx"),
                    reason: "an FX factor needs an FX path between the outlays' and the payer's currencies",
                });
            }
        };
        let history = model.fx.as_ref().map_or_else(Vec::new, FxFactor::log_changes);
        Ok(Prepared {
            assessment,
            model,
            years,
            from,
            first_year,
            span,
            fx_first,
            fx_base,
            history,
            receipts: Vec::new(),
            events: None,
        })
    }

    /// The shocked FX path and the per-year overrides of path `index`.
    pub(crate) fn draw(&self, index: u64) -> Result<(Option<FxPath>, Option<Shocks>)> {
        let m = self.model;
        let mut raw = Raw::default();
        m.draw_raw(&self.history, index, self.span, &mut raw)?;
        let fx_factors = &raw.fx;
        let shocked = m.rates.is_some() || m.growth.is_some();
        let years: Vec<YearShock> = if shocked {
            (0..self.span)
                .map(|t| YearShock {
                    rate_shift: raw.shift.get(t).map_or(Decimal::ZERO, |s| Decimal::new(*s, SHIFT_DP)),
                    flow_factor: raw.flow.get(t).map_or(Decimal::ONE, |f| Decimal::new(*f, SHIFT_DP)),
                })
                .collect()
        } else {
            Vec::new()
        };
        let fx = match (m.fx.is_some(), self.assessment.fx_path()) {
            (true, Some(path)) => {
                let offset = usize::try_from(self.first_year - self.fx_first).unwrap_or(0);
                let rates = self
                    .fx_base
                    .iter()
                    .enumerate()
                    .map(|(k, base)| {
                        let f = match k.checked_sub(offset) {
                            None => 1.0,
                            Some(t) => fx_factors.get(t).copied().unwrap_or(1.0),
                        };
                        if f == 1.0 {
                            return Ok(*base);
                        }
                        let f = decimal_dp(f, FACTOR_DP, "fx shock")?;
                        let r = base
                            .checked_mul(f)
                            .map(|r| r.round_dp(FX_DP))
                            .ok_or_else(|| Error::overflow("fx shock"))?;
                        if r.is_sign_positive() && !r.is_zero() {
                            Ok(r)
                        } else {
                            // The model's fault, not the FX path's: say which.
                            Err(Error::Invalid {
                                what: Quantity::Risk("fx"),
                                reason: "a shocked fx rate rounds to 0 at 6 decimals \
                                         (a drift or volatility too large for the years shocked)",
                            })
                        }
                    })
                    .collect::<Result<Vec<_>>>()?;
                Some(FxPath::new(
                    path.base(),
                    path.quote(),
                    FxRates::Series {
                        first_year: self.fx_first,
                        rates,
                    },
                )?)
            }
            _ => None,
        };
        let shocks = shocked.then_some(Shocks {
            first_year: self.first_year,
            years,
            lean: false,
        });
        Ok((fx, shocks))
    }

    /// Runs path `index`: the engine's rows with the assessment's deferral
    /// rule (`with_clause`) or without it.
    pub(crate) fn rows(
        &self,
        fx: Option<&FxPath>,
        shocks: Option<Shocks>,
        events: Option<&SampledFlows>,
        with_clause: bool,
        lean: bool,
    ) -> Result<Vec<YearRow>> {
        let a = self.assessment;
        // Counted rows need no FX rule text (`lean`); a path's report does.
        let shocks = match shocks {
            Some(s) => Some(Shocks { lean, ..s }),
            None if lean => Some(Shocks {
                first_year: self.first_year,
                years: Vec::new(),
                lean,
            }),
            None => None,
        };
        let shocks = shocks.as_ref();
        let fx = if self.model.fx.is_some() { fx } else { a.fx_path() };
        let (years, receipts) = match (events, &self.events) {
            (Some(e), Some(sampler)) => (sampler.totals(&e.outflows), sampler.totals(&e.receipts)),
            _ => (self.years.clone(), self.receipts.clone()),
        };
        year_rows(
            years.into_iter().map(Ok),
            self.from,
            a.capacity(),
            fx,
            a.funding_plan(),
            if with_clause { a.deferral_rule() } else { None },
            shocks,
            &receipts,
            |_| true,
        )
    }
}

/// The raw shocks of one path, shared by every plan: the FX factor
/// `e^(X₁+…+X_k)` of each year (empty without an FX factor), the rate
/// shift in 10⁻⁸ (empty without a rate factor) and the flow factor in
/// 10⁻⁸ (empty without a growth factor).
#[derive(Debug, Default, Clone)]
pub(crate) struct Raw {
    pub(crate) fx: Vec<f64>,
    pub(crate) shift: Vec<i64>,
    pub(crate) flow: Vec<i64>,
}

impl RiskModel {
    /// The FX history's annual log-changes (empty without one).
    pub(crate) fn history(&self) -> Vec<f64> {
        self.fx.as_ref().map_or_else(Vec::new, FxFactor::log_changes)
    }

    /// Draws `span` years of path `index` into `raw` (its buffers reused):
    /// ChaCha8 seeded with the model's seed on stream `index`, three
    /// standard normals a year correlated through the Cholesky factor. A
    /// longer span only appends years: the first years are the same.
    pub(crate) fn draw_raw(&self, history: &[f64], index: u64, span: usize, raw: &mut Raw) -> Result<()> {
        let m = self;
        let mut rng = ChaCha8Rng::seed_from_u64(m.seed);
        rng.set_stream(index);
        raw.fx.clear();
        raw.shift.clear();
        raw.flow.clear();
        let chol = m.correlation.chol;
        let mut fx_log = 0.0f64;
        let mut block_start = 0usize;
        let mut x = m.rates.map_or(0.0, |r| r.start.unwrap_or(r.level));
        let x0 = x;
        let mut g_log = 0.0f64;
        for t in 0..span {
            let z: [f64; 3] = [
                rng.sample(StandardNormal),
                rng.sample(StandardNormal),
                rng.sample(StandardNormal),
            ];
            let e = [
                chol[0][0] * z[0],
                chol[1][0] * z[0] + chol[1][1] * z[1],
                chol[2][0] * z[0] + chol[2][1] * z[1] + chol[2][2] * z[2],
            ];
            match &m.fx {
                Some(FxFactor::Lognormal { vol, drift }) => {
                    fx_log += drift - vol * vol / 2.0 + vol * e[0];
                    raw.fx.push(fx_log.exp());
                }
                Some(FxFactor::History { block, .. }) => {
                    let b = *block as usize;
                    let n = history.len();
                    if t % b == 0 {
                        // The block's start through the normal CDF of the
                        // FX shock (a Gaussian copula).
                        let starts = n + 1 - b;
                        block_start = ((normal_cdf(e[0]) * starts as f64) as usize).min(starts - 1);
                    }
                    fx_log += history.get(block_start + t % b).copied().unwrap_or(0.0);
                    raw.fx.push(fx_log.exp());
                }
                None => {}
            }
            if let Some(r) = &m.rates {
                x += r.speed * (r.level - x) + r.vol * e[1];
                raw.shift.push(scaled_dp(x - x0, SHIFT_DP, "rate shift")?);
            }
            if let Some(gf) = &m.growth {
                g_log += gf.vol * e[2];
                raw.flow.push(scaled_dp(g_log.exp(), SHIFT_DP, "flow factor")?);
            }
        }
        Ok(())
    }
}

/// `x` rounded half away from zero to `dp` decimals, as a Decimal.
fn decimal_dp(x: f64, dp: u32, what: &'static str) -> Result<Decimal> {
    Ok(Decimal::new(scaled_dp(x, dp, what)?, dp))
}

/// `x·10^dp` rounded half away from zero, as an integer.
pub(crate) fn scaled_dp(x: f64, dp: u32, what: &'static str) -> Result<i64> {
    const POW10: [f64; 19] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18,
    ];
    let p = POW10.get(dp as usize).copied().unwrap_or_else(|| 10f64.powi(dp as i32));
    if let Some(v) = round_half_away_small(x * p) {
        return Ok(v);
    }
    let scaled = round_half_away(x * p);
    if !scaled.is_finite() || scaled.abs() >= 9.0e18 {
        return Err(Error::overflow(what));
    }
    Ok(scaled as i64)
}

/// [`round_half_away`] of an `x` below 2⁵² in magnitude as an integer
/// (the same value, without the round trip through `f64`); `None` from
/// 2⁵² up and for NaN.
#[inline]
pub(crate) fn round_half_away_small(x: f64) -> Option<i64> {
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return None;
    }
    let t = x as i64;
    let d = x - t as f64;
    Some(t + i64::from(d >= 0.5) - i64::from(d <= -0.5))
}

/// `x.round()` (half away from zero) without a call into libm (which
/// `f64::round` is on x86-64 without SSE4.1): the truncation through
/// `i64` is exact below 2⁵², and every `f64` from 2⁵² up is an integer.
/// Zero's sign is not kept (every caller converts to an integer).
#[inline]
pub(crate) fn round_half_away(x: f64) -> f64 {
    // Also NaN and the infinities.
    if x.is_nan() || x.abs() >= 4_503_599_627_370_496.0 {
        return x;
    }
    let t = (x as i64) as f64;
    let d = x - t;
    if d >= 0.5 {
        t + 1.0
    } else if d <= -0.5 {
        t - 1.0
    } else {
        t
    }
}

/// The standard normal CDF Φ(x) = erfc(−x/√2)/2, with the erfc of
/// Numerical Recipes (Chebyshev fit, relative error below 1.2·10⁻⁷).
pub(crate) fn normal_cdf(x: f64) -> f64 {
    let z = (-x / std::f64::consts::SQRT_2).abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let r = t
        * (-z * z - 1.265_512_23
            + t * (1.000_023_68
                + t * (0.374_091_96
                    + t * (0.096_784_18
                        + t * (-0.186_288_06
                            + t * (0.278_868_07
                                + t * (-1.135_203_98
                                    + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77)))))))))
            .exp();
    let erfc = if -x / std::f64::consts::SQRT_2 >= 0.0 {
        r
    } else {
        2.0 - r
    };
    (erfc / 2.0).clamp(0.0, 1.0)
}

/// An `f64` of a Decimal amount (for statistics only).
pub(crate) fn f(x: Decimal) -> f64 {
    x.to_f64().unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_matches_mpmath() {
        // mpmath: ncdf(1.96) = 0.9750021048517795, ncdf(-1) = 0.15865525393145707.
        assert!((normal_cdf(1.96) - 0.975_002_104_851_779_5).abs() < 2e-7);
        assert!((normal_cdf(-1.0) - 0.158_655_253_931_457_07).abs() < 2e-7);
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
    }

    #[test]
    fn round_half_away_by_hand() {
        // Halves go away from zero; the largest f64 below 0.5 goes to 0.
        for (x, want) in [
            (2.5, 3.0),
            (-2.5, -3.0),
            (0.499_999_999_999_999_94, 0.0),
            (1e300, 1e300),
            (-7.5e15, -7.5e15),
        ] {
            assert_eq!(round_half_away(x), want, "{x}");
        }
        assert!(round_half_away(f64::NAN).is_nan());
    }

    proptest::proptest! {
        #[test]
        fn round_half_away_is_f64_round(x in proptest::num::f64::NORMAL | proptest::num::f64::SUBNORMAL | proptest::num::f64::ZERO, k in -3i32..3) {
            // Also at exact halves and near 2⁵².
            for y in [x, x.trunc() + 0.5, (x.trunc() + 0.5) * 2f64.powi(k), 4_503_599_627_370_495.5f64.copysign(x)] {
                let (got, want) = (round_half_away(y), y.round());
                proptest::prop_assert!(got == want || (got == 0.0 && want == 0.0), "{y}: {got} {want}");
                // The integer form: the same value below 2⁵², none above.
                match round_half_away_small(y) {
                    Some(v) => proptest::prop_assert_eq!(v as f64, want),
                    None => proptest::prop_assert!(y.abs() >= 4_503_599_627_370_496.0),
                }
            }
        }
    }
}
