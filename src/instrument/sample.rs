//! Credit events drawn per path: the realised flows of a commitment's
//! instruments when each loan defaults, and each guarantee is called, in a
//! year drawn at random (for the risk engine; the expected flows weight
//! the same contractual run-off by survival instead).

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::expected::check_flow_count;
use super::{Instrument, contractual_profile, times};
use crate::time::Tenor;
use crate::{Commitment, Currency, Error, Money, Period, PeriodBasis, PeriodTotal, Quantity, Result};

/// One year of one loan or guarantee, with its dates mapped to year slots.
#[derive(Debug, Clone)]
struct UnitYear {
    /// The slot of the year's start (a guarantee's fee is paid then).
    start: usize,
    /// The slot of the year's end (interest, principal, an event).
    end: usize,
    /// The balance outstanding during the year, `Bₖ₋₁`.
    balance: Decimal,
    /// The principal due at its end, `Pₖ`.
    principal: Decimal,
    /// A loan's interest `r·Bₖ₋₁` or a guarantee's fee `f·Bₖ₋₁`, rounded.
    income: Decimal,
    /// What is recovered after an event, `R·Bₖ₋₁`, rounded.
    recovered: Decimal,
}

/// One loan or one guarantee: a payment of a tranche.
#[derive(Debug, Clone)]
struct Unit {
    /// The annual event probability, for comparison with a uniform draw.
    probability: f64,
    /// A guarantee (an event is a call), or a loan (a default).
    guarantee: bool,
    years: Vec<UnitYear>,
}

/// The realised flows of one path, by year slot (see
/// [`EventSampler::first_period`]), positive amounts in the commitment's
/// currency.
///
/// ```
/// use disburse::instrument::SampledFlows;
/// let s = SampledFlows::default();
/// assert!(s.outflows.is_empty() && s.events == 0);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SampledFlows {
    /// What left the payer each year: equity payments, loan drawdowns and
    /// guarantees called.
    pub outflows: Vec<Decimal>,
    /// What came back each year: loan interest and principal, guarantee
    /// fees, recoveries.
    pub receipts: Vec<Decimal>,
    /// How many defaults and calls the path drew.
    pub events: u32,
}

/// Draws the credit events of a commitment's instruments, path by path:
/// **one Bernoulli draw per instrument-year** (per loan or guarantee —
/// each payment of a tranche is one — and per year of its tenor while it
/// survives), with the instrument's annual event probability.
///
/// The rules are those of [the module](super) with the survival
/// factors replaced by the draws: in year `k` of a **loan** that has not
/// defaulted, a default (probability `p`) at the year's end pays the
/// recovery `R·Bₖ₋₁` and nothing after; otherwise the year's interest
/// `r·Bₖ₋₁` and principal `Pₖ` are paid. A **guarantee** that has not been
/// called pays its fee `f·Bₖ₋₁` at the start of year `k`; a call
/// (probability `q`) at the year's end costs `Bₖ₋₁` and recovers `R·Bₖ₋₁`,
/// and ends it. Equity payments and drawdowns are fixed. Each amount is
/// rounded half-even to the minor unit, as in the expected flows, so with
/// every probability zero a path's flows are the expected flows exactly.
///
/// Events are independent of each other and of the risk factors (a
/// correlation with FX, defaults bunching in bad years, is not modelled).
///
/// ```
/// use disburse::instrument::{EventSampler, Instrument, Loan, Repayment, SampledFlows};
/// use disburse::{Commitment, Currency, Money, PeriodBasis, Plan, Tranche};
/// use rust_decimal_macros::dec;
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// // $100 lent for 2 years at 5%, 10% default a year, 40% recovered.
/// let loan = Loan::new(dec!(0.05), 2, Repayment::Bullet, 0, dec!(0.1), dec!(0.4))?;
/// let c = Commitment::new("deal", usd(dec!(100)), vec![
///     Tranche::new("loan", usd(dec!(100)), Plan::upfront(jan1)).with_instrument(Instrument::Loan(loan)),
/// ])?;
/// let sampler = EventSampler::new(&c, PeriodBasis::CalendarYear)?;
/// let mut path = SampledFlows::default();
/// // A default in the second year: interest 5 in 2027, then 40 recovered in 2028.
/// let mut draws = [0.5, 0.05].into_iter();
/// sampler.sample(|| draws.next().unwrap_or(1.0), &mut path);
/// assert_eq!(path.receipts, [dec!(0), dec!(5), dec!(40)]);
/// assert_eq!(path.outflows, [dec!(100), dec!(0), dec!(0)]);
/// assert_eq!(path.events, 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct EventSampler {
    currency: Currency,
    basis: PeriodBasis,
    first: Period,
    slots: usize,
    fixed: Vec<Decimal>,
    units: Vec<Unit>,
}

impl EventSampler {
    /// The sampler of `c`'s instruments, with dates mapped to the years of
    /// `basis` (a calendar or fiscal year basis).
    ///
    /// # Errors
    /// [`Error::Invalid`] for a basis of quarters or months;
    /// [`Error::OutOfRange`] when the instruments would make more than
    /// [`MAX_INSTRUMENT_FLOWS`](crate::limits::MAX_INSTRUMENT_FLOWS) flows; the errors of the tranches'
    /// schedules and of date arithmetic.
    ///
    /// ```
    /// use disburse::instrument::EventSampler;
    /// use disburse::{Commitment, Currency, Money, Period, PeriodBasis, Plan};
    /// use rust_decimal_macros::dec;
    /// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let c = Commitment::single("cash", Money::new(dec!(5), Currency::USD), Plan::upfront(jan1))?;
    /// let s = EventSampler::new(&c, PeriodBasis::CalendarYear)?;
    /// assert_eq!((s.first_period(), s.years()), (Period::Year(2026), 1));
    /// assert!(EventSampler::new(&c, PeriodBasis::Quarter).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(c: &Commitment, basis: PeriodBasis) -> Result<Self> {
        if !matches!(basis, PeriodBasis::CalendarYear | PeriodBasis::FiscalYear(_)) {
            return Err(Error::Invalid {
                what: Quantity::PeriodBasis,
                reason: "credit events are sampled by year: a calendar or fiscal year basis",
            });
        }
        check_flow_count(c)?;
        // Dated flows first, then slots from the first year to the last.
        let mut fixed_dated = Vec::new();
        let mut units_dated = Vec::new();
        for t in c.tranches() {
            for payment in t.schedule()?.flows() {
                let (d0, a) = (payment.date, payment.amount);
                fixed_dated.push((d0, a.amount()));
                let (probability, recovery, rate, guarantee) = match &t.instrument {
                    Instrument::Equity => continue,
                    Instrument::Loan(l) => (l.default_probability, l.recovery, l.rate, false),
                    Instrument::Guarantee(g) => (g.call_probability, g.recovery, g.fee, true),
                };
                if guarantee {
                    // A guarantee pays nothing out on its start date.
                    fixed_dated.pop();
                }
                let mut years = Vec::new();
                let mut start = d0;
                for (k, (b, pk)) in contractual_profile(a, &t.instrument)?.into_iter().enumerate() {
                    let end = Tenor::years(1).add_to(d0, k as i64 + 1)?;
                    years.push((
                        start,
                        end,
                        b.amount(),
                        pk.amount(),
                        times(b, rate)?.amount(),
                        times(b, recovery)?.amount(),
                    ));
                    start = end;
                }
                units_dated.push((probability.to_f64().unwrap_or(1.0), guarantee, years));
            }
        }
        let year_of = |d: chrono::NaiveDate| basis.period_of(d);
        let mut first: Option<Period> = None;
        let mut last: Option<Period> = None;
        let mut see = |p: Period| {
            first = Some(first.map_or(p, |f| f.min(p)));
            last = Some(last.map_or(p, |l| l.max(p)));
        };
        for (d, _) in &fixed_dated {
            see(year_of(*d));
        }
        for (_, _, ys) in &units_dated {
            for (s, e, ..) in ys {
                see(year_of(*s));
                see(year_of(*e));
            }
        }
        let first = first.ok_or(Error::Empty {
            what: Quantity::Schedule,
        })?;
        let last = last.unwrap_or(first);
        let slot = |p: Period| usize::try_from(i64::from(p.year()) - i64::from(first.year())).unwrap_or(0);
        let slots = slot(last) + 1;
        let mut fixed = vec![Decimal::ZERO; slots];
        for (d, a) in fixed_dated {
            let s = &mut fixed[slot(year_of(d))];
            *s = s.checked_add(a).ok_or_else(|| Error::overflow("outflows"))?;
        }
        let units = units_dated
            .into_iter()
            .map(|(probability, guarantee, ys)| Unit {
                probability,
                guarantee,
                years: ys
                    .into_iter()
                    .map(|(s, e, balance, principal, income, recovered)| UnitYear {
                        start: slot(year_of(s)),
                        end: slot(year_of(e)),
                        balance,
                        principal,
                        income,
                        recovered,
                    })
                    .collect(),
            })
            .collect();
        Ok(EventSampler {
            currency: c.headline().currency(),
            basis,
            first,
            slots,
            fixed,
            units,
        })
    }

    /// The year of slot 0 of every [`SampledFlows`].
    ///
    /// ```
    /// # use disburse::instrument::EventSampler;
    /// # use disburse::{Commitment, Currency, Money, Period, PeriodBasis, Plan};
    /// # let c = Commitment::single("c", Money::new(rust_decimal::Decimal::ONE, Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2030, 6, 1).unwrap()))?;
    /// assert_eq!(EventSampler::new(&c, PeriodBasis::CalendarYear)?.first_period(), Period::Year(2030));
    /// # Ok::<(), disburse::Error>(())
    /// ```
    pub fn first_period(&self) -> Period {
        self.first
    }

    /// How many year slots a path's flows span (from the first payment to
    /// the last contractual date).
    ///
    /// ```
    /// # use disburse::instrument::EventSampler;
    /// # use disburse::{Commitment, Currency, Money, PeriodBasis, Plan};
    /// # let c = Commitment::single("c", Money::new(rust_decimal::Decimal::ONE, Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2030, 6, 1).unwrap()))?;
    /// assert_eq!(EventSampler::new(&c, PeriodBasis::CalendarYear)?.years(), 1);
    /// # Ok::<(), disburse::Error>(())
    /// ```
    pub fn years(&self) -> usize {
        self.slots
    }

    /// Whether any instrument can have an event (a loan or guarantee with
    /// a positive probability): without one every path is the same.
    ///
    /// ```
    /// # use disburse::instrument::EventSampler;
    /// # use disburse::{Commitment, Currency, Money, PeriodBasis, Plan};
    /// # let c = Commitment::single("c", Money::new(rust_decimal::Decimal::ONE, Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2030, 6, 1).unwrap()))?;
    /// assert!(!EventSampler::new(&c, PeriodBasis::CalendarYear)?.is_random());
    /// # Ok::<(), disburse::Error>(())
    /// ```
    pub fn is_random(&self) -> bool {
        self.units.iter().any(|u| u.probability > 0.0)
    }

    /// Draws one path into `out` (its vectors are cleared and reused).
    /// `uniform` gives independent draws in `[0, 1)`; an event happens in a
    /// year when the draw is below the probability. Draws are taken in a
    /// fixed order (instrument by instrument, year by year, only while it
    /// survives), so a seeded stream gives the same path anywhere.
    ///
    /// ```
    /// # use disburse::instrument::{EventSampler, SampledFlows};
    /// # use disburse::{Commitment, Currency, Money, PeriodBasis, Plan};
    /// # let c = Commitment::single("c", Money::new(rust_decimal::Decimal::ONE, Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2030, 6, 1).unwrap()))?;
    /// let mut out = SampledFlows::default();
    /// EventSampler::new(&c, PeriodBasis::CalendarYear)?.sample(|| 0.0, &mut out);
    /// assert_eq!(out.outflows, [rust_decimal::Decimal::ONE]);
    /// # Ok::<(), disburse::Error>(())
    /// ```
    pub fn sample(&self, mut uniform: impl FnMut() -> f64, out: &mut SampledFlows) {
        out.outflows.clear();
        out.outflows.extend_from_slice(&self.fixed);
        out.receipts.clear();
        out.receipts.resize(self.slots, Decimal::ZERO);
        out.events = 0;
        // Sums stay within the commitment's amounts (each flow at most a
        // balance or a rounded product checked at construction): the
        // additions cannot overflow a Decimal of ≤ 28 digits in practice,
        // and saturate if they did.
        let add = |slot: &mut Decimal, x: Decimal| *slot = slot.saturating_add(x);
        for u in &self.units {
            for y in &u.years {
                if u.guarantee {
                    add(&mut out.receipts[y.start], y.income);
                }
                if u.probability > 0.0 && uniform() < u.probability {
                    out.events += 1;
                    if u.guarantee {
                        add(&mut out.outflows[y.end], y.balance);
                    }
                    add(&mut out.receipts[y.end], y.recovered);
                    break;
                }
                if !u.guarantee {
                    add(&mut out.receipts[y.end], y.income.saturating_add(y.principal));
                }
            }
        }
    }

    /// A path's yearly amounts (`out.outflows` or `out.receipts`) as
    /// period totals in the commitment's currency, every year included.
    ///
    /// ```
    /// # use disburse::instrument::{EventSampler, SampledFlows};
    /// # use disburse::{Commitment, Currency, Money, Period, PeriodBasis, Plan};
    /// # let c = Commitment::single("c", Money::new(rust_decimal::Decimal::ONE, Currency::USD), Plan::upfront(chrono::NaiveDate::from_ymd_opt(2030, 6, 1).unwrap()))?;
    /// let s = EventSampler::new(&c, PeriodBasis::CalendarYear)?;
    /// let mut out = SampledFlows::default();
    /// s.sample(|| 0.0, &mut out);
    /// assert_eq!(s.totals(&out.outflows)[0].period, Period::Year(2030));
    /// # Ok::<(), disburse::Error>(())
    /// ```
    pub fn totals(&self, amounts: &[Decimal]) -> Vec<PeriodTotal> {
        let mut p = self.first;
        let mut out = Vec::with_capacity(amounts.len());
        for a in amounts {
            out.push(PeriodTotal {
                period: p,
                total: Money::new(*a, self.currency),
            });
            p = self.basis.next(p);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instrument::{Guarantee, Loan, Repayment};
    use crate::testing::*;
    use crate::{Plan, Tranche};
    use rust_decimal_macros::dec;

    fn commitment(instrument: Instrument) -> Commitment {
        Commitment::new(
            "c",
            usd(dec!(300)),
            vec![
                Tranche::new(
                    "t",
                    usd(dec!(300)),
                    Plan::installments(jan1(), 2, crate::time::Frequency::Annual),
                )
                .with_instrument(instrument),
            ],
        )
        .unwrap()
    }

    /// With every probability zero a path is the expected flows, year by
    /// year, exactly.
    #[test]
    fn no_events_is_the_expected_flows() {
        let loan = Loan::new(dec!(0.06), 3, Repayment::Amortising, 1, dec!(0), dec!(0.4)).unwrap();
        let g = Guarantee::new(dec!(0.005), 4, Repayment::Bullet, 0, dec!(0), dec!(0.3)).unwrap();
        for i in [Instrument::Loan(loan), Instrument::Guarantee(g), Instrument::Equity] {
            let c = commitment(i);
            let s = EventSampler::new(&c, PeriodBasis::CalendarYear).unwrap();
            let mut out = SampledFlows::default();
            s.sample(|| 0.0, &mut out);
            let f = c.expected_flows().unwrap();
            let by_year = |sched: crate::Schedule| {
                let mut v = vec![Decimal::ZERO; s.years()];
                for p in sched.aggregate(PeriodBasis::CalendarYear).unwrap() {
                    v[(p.period.year() - 2026) as usize] += p.total.amount();
                }
                v
            };
            assert_eq!(out.outflows, by_year(f.outflows().unwrap()));
            assert_eq!(out.receipts, by_year(f.receipts().unwrap()));
            assert_eq!(out.events, 0);
        }
    }

    /// A guarantee called in its first year: 150 guaranteed on each of
    /// 2026-01-01 and 2027-01-01, fee 1%, recovery 30%, every draw an
    /// event. By hand: fees 1.50 in 2026 and 2027; calls of 150 at the end
    /// of each first year (2027, 2028) with 45 recovered each.
    #[test]
    fn every_guarantee_called_at_once() {
        let g = Guarantee::new(dec!(0.01), 4, Repayment::Bullet, 0, dec!(0.5), dec!(0.3)).unwrap();
        let c = commitment(Instrument::Guarantee(g));
        let s = EventSampler::new(&c, PeriodBasis::CalendarYear).unwrap();
        let mut out = SampledFlows::default();
        s.sample(|| 0.0, &mut out);
        assert_eq!(out.events, 2);
        assert_eq!(&out.outflows[..3], [dec!(0), dec!(150), dec!(150)]);
        assert_eq!(&out.receipts[..3], [dec!(1.50), dec!(1.50) + dec!(45), dec!(45)]);
        assert!(out.outflows[3..].iter().chain(&out.receipts[3..]).all(|x| x.is_zero()));
    }

    /// The mean of many paths is the expected flows: 200,000 paths of two
    /// $150 loans (2026 and 2027), 3-year bullets at 5%, 10% default a
    /// year, 40% recovered; each year's mean receipt is within 4 standard
    /// errors (plus a cent of rounding) of the expected receipt.
    #[test]
    fn the_mean_path_is_the_expected_flows() {
        let loan = Loan::new(dec!(0.05), 3, Repayment::Bullet, 0, dec!(0.1), dec!(0.4)).unwrap();
        let c = commitment(Instrument::Loan(loan));
        let s = EventSampler::new(&c, PeriodBasis::CalendarYear).unwrap();
        // A small xorshift generator: the test needs independent uniforms,
        // not a particular stream.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut uniform = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 11) as f64 / (1u64 << 53) as f64
        };
        let n = 200_000;
        let mut sum = vec![0.0; s.years()];
        let mut sum2 = vec![0.0; s.years()];
        let mut out = SampledFlows::default();
        for _ in 0..n {
            s.sample(&mut uniform, &mut out);
            for (k, r) in out.receipts.iter().enumerate() {
                let r = r.to_f64().unwrap();
                sum[k] += r;
                sum2[k] += r * r;
            }
        }
        let f = c.expected_flows().unwrap();
        for p in f.receipts().unwrap().aggregate(PeriodBasis::CalendarYear).unwrap() {
            let k = (p.period.year() - 2026) as usize;
            let mean = sum[k] / n as f64;
            let var = sum2[k] / n as f64 - mean * mean;
            let se = (var / n as f64).sqrt();
            let want = p.total.amount().to_f64().unwrap();
            assert!(
                (mean - want).abs() < 4.0 * se + 0.01,
                "{}: {mean} vs {want} (se {se})",
                p.period
            );
        }
    }
}
