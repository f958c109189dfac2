//! Rates of return and comparative measures: IRR, XIRR, break-even rates,
//! PV savings, level annuities, duration and DV01.

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::kernel::{Columns, CompensatedSum, Flows, decimal_to_f64, log_growth, to_decimal};
use super::present::present_value;
use super::solve::{Roots, SolverSettings, find_roots, find_roots_dated};
use crate::plan::Timing;
use crate::rates::{Compounding, DiscountCurve, InterestRate};
use crate::{Error, Money, Quantity, Result, Schedule};

/// Every internal rate of return of periodic flows (the first at t = 0) in
/// the whole domain (every rate above −100% per period), as a typed outcome.
///
/// # Errors
/// [`Error::Empty`], [`Error::AllZeroFlows`], or a solver failure.
///
/// ```
/// use disburse::valuation::{irr, Roots};
/// use rust_decimal_macros::dec;
/// let r = irr(&[dec!(-100), dec!(230), dec!(-132)])?; // two IRRs
/// assert_eq!(r.roots().len(), 2);
/// assert!((r.roots()[0] - 0.1).abs() < 1e-12 && (r.roots()[1] - 0.2).abs() < 1e-12);
/// assert_eq!(irr(&[dec!(100), dec!(200)])?, Roots::None);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn irr(amounts: &[Decimal]) -> Result<Roots> {
    irr_with(amounts, &SolverSettings::default())
}

/// [`irr`] with explicit solver settings.
///
/// # Errors
/// As [`irr`], plus invalid settings.
///
/// ```
/// use disburse::valuation::{irr_with, SolverSettings};
/// use rust_decimal_macros::dec;
/// let narrow = SolverSettings { lower: Some(0.15), ..SolverSettings::default() };
/// assert_eq!(irr_with(&[dec!(-100), dec!(230), dec!(-132)], &narrow)?.roots().len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn irr_with(amounts: &[Decimal], settings: &SolverSettings) -> Result<Roots> {
    find_roots(&Flows::periodic(amounts, 0)?, settings)
}

/// Every internal rate of return of dated `(date, amount)` flows with
/// Excel's `XIRR` semantics (annual compounding, Act/365F years from the
/// earliest date; order irrelevant; same-date flows summed exactly), on
/// the whole domain (every rate above −100%), as a typed outcome. A short
/// holding period can have an enormous rate — 150 back for 100 after 30
/// days is 137.82 (13,782% a year) — and it is found. Scale-invariant:
/// the same flows in cents or in trillions give the same roots. For dates
/// and amounts in two columns, see [`xirr_columns`].
///
/// # Errors
/// [`Error::Empty`], [`Error::AllZeroFlows`], or a solver failure.
///
/// ```
/// use disburse::valuation::xirr;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let flows = [
///     (d(2008, 1, 1), dec!(-10000)),
///     (d(2008, 3, 1), dec!(2750)),
///     (d(2008, 10, 30), dec!(4250)),
///     (d(2009, 2, 15), dec!(3250)),
///     (d(2009, 4, 1), dec!(2750)),
/// ];
/// let r = xirr(&flows)?.unique().unwrap();
/// assert!((r - 0.373362533518831510).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn xirr(flows: &[(NaiveDate, Decimal)]) -> Result<Roots> {
    xirr_with(flows, &SolverSettings::default())
}

/// [`xirr`] with explicit solver settings.
///
/// # Errors
/// As [`xirr`], plus invalid settings.
///
/// ```
/// use disburse::valuation::{xirr_with, SolverSettings};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
/// // -100, +230, -132 a year apart: roots near 10% and 20%.
/// let flows = [(d(2025), dec!(-100)), (d(2026), dec!(230)), (d(2027), dec!(-132))];
/// let above_15 = SolverSettings { lower: Some(0.15), ..SolverSettings::default() };
/// assert_eq!(xirr_with(&flows, &above_15)?.len(), 1);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn xirr_with(flows: &[(NaiveDate, Decimal)], settings: &SolverSettings) -> Result<Roots> {
    find_roots_dated(flows, settings)
}

/// [`xirr`] of flows given as two parallel columns, dates and amounts, as
/// in a spreadsheet's `XIRR(values, dates)`; read in place, not copied into
/// pairs.
///
/// # Errors
/// [`Error::LengthMismatch`] when the columns differ in length; otherwise
/// as [`xirr`].
///
/// ```
/// use disburse::valuation::xirr_columns;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let dates = [d(2008, 1, 1), d(2008, 3, 1), d(2008, 10, 30), d(2009, 2, 15), d(2009, 4, 1)];
/// let amounts = [dec!(-10000), dec!(2750), dec!(4250), dec!(3250), dec!(2750)];
/// let r = xirr_columns(&dates, &amounts)?.unique().unwrap();
/// assert!((r - 0.373362533518831510).abs() < 1e-12);
/// assert!(xirr_columns(&dates[..4], &amounts).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn xirr_columns(dates: &[NaiveDate], amounts: &[Decimal]) -> Result<Roots> {
    find_roots_dated(Columns { dates, amounts }, &SolverSettings::default())
}

/// The discount rates (annual compounding, Act/365F) at which two
/// schedules have equal present values: the roots of `PV_a(r) − PV_b(r)`,
/// with the same typed outcome as [`xirr`]. The valuation date does not
/// move the roots.
///
/// # Errors
/// [`Error::CurrencyMismatch`]; [`Error::AllZeroFlows`] when the schedules
/// are identical (every rate is a break-even rate); solver failures.
///
/// ```
/// use disburse::valuation::break_even_rate;
/// use disburse::{CashFlow, Currency, Money, Schedule};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
/// let usd = |x| Money::new(x, Currency::USD);
/// // 100 now, or 121 in two years: equal at 10%.
/// let now = Schedule::new(Currency::USD, vec![CashFlow::new(d(2026), usd(dec!(100)), "a")])?;
/// let later = Schedule::new(Currency::USD, vec![CashFlow::new(d(2028), usd(dec!(121)), "b")])?;
/// let r = break_even_rate(&now, &later)?.unique().unwrap();
/// assert!((r - 0.1).abs() < 2e-3); // 2028-01-01 is 730 days: (1+r)^(730/365) = 1.21
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn break_even_rate(a: &Schedule, b: &Schedule) -> Result<Roots> {
    break_even_rate_with(a, b, &SolverSettings::default())
}

/// [`break_even_rate`] with explicit solver settings.
///
/// # Errors
/// As [`break_even_rate`], plus invalid settings.
pub fn break_even_rate_with(a: &Schedule, b: &Schedule, settings: &SolverSettings) -> Result<Roots> {
    if a.currency() != b.currency() {
        return Err(Error::CurrencyMismatch {
            expected: a.currency(),
            found: b.currency(),
        });
    }
    let difference: Vec<(NaiveDate, Decimal)> = a
        .iter()
        .map(|f| (f.date, f.amount.amount()))
        .chain(b.iter().map(|f| (f.date, -f.amount.amount())))
        .collect();
    find_roots_dated(&difference[..], settings)
}

/// How much cheaper `plan` is than `reference` in present value on
/// `curve`: `PV(reference) − PV(plan)` (positive when the plan costs less
/// today, e.g. deferral against paying upfront at a positive rate).
///
/// # Errors
/// As [`present_value`], and currency mismatch.
///
/// ```
/// use disburse::rates::{FlatCurve, InterestRate};
/// use disburse::time::{DayCount, Frequency};
/// use disburse::valuation::pv_saving;
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let upfront = Commitment::single("p", Money::new(dec!(350e9), Currency::USD), Plan::upfront(jan1))?;
/// let ten = upfront.with_plan(Plan::installments(jan1, 10, Frequency::Annual));
/// let curve = FlatCurve::new(jan1, InterestRate::annual(0.05, DayCount::Actual365Fixed)?);
/// let saving = pv_saving(&ten.schedule()?, &upfront.schedule()?, &curve)?;
/// assert_eq!(saving.compact().to_string(), "$66.26B");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn pv_saving(plan: &Schedule, reference: &Schedule, curve: &(impl DiscountCurve + ?Sized)) -> Result<Money> {
    present_value(reference, curve)?.checked_sub(present_value(plan, curve)?)
}

/// The level payment that has present value `pv` over `periods` periods at
/// `rate` per period, paid at the end (`InArrears`, an ordinary annuity) or
/// the start (`InAdvance`, an annuity due) of each period — Excel's `PMT`
/// with the sign reversed. At a rate of zero it is `pv / periods`.
///
/// # Errors
/// [`Error::ZeroCount`] for no periods; rate errors.
///
/// ```
/// use disburse::valuation::level_payment;
/// use disburse::{Currency, Money, Timing};
/// use rust_decimal_macros::dec;
/// let pv = Money::new(dec!(100000), Currency::USD);
/// let pmt = level_payment(pv, 0.05, 10, Timing::InArrears)?;
/// assert_eq!(pmt.round_to_minor(disburse::Rounding::HalfEven).amount(), dec!(12950.46));
/// assert_eq!(level_payment(pv, 0.0, 10, Timing::InAdvance)?.amount(), dec!(10000));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn level_payment(pv: Money, rate: f64, periods: u32, timing: Timing) -> Result<Money> {
    if periods == 0 {
        return Err(Error::ZeroCount {
            what: Quantity::AnnuityPeriods,
        });
    }
    let x = log_growth(rate)?;
    let n = f64::from(periods);
    let value = decimal_to_f64(pv.amount());
    if rate == 0.0 {
        return pv.checked_div(Decimal::from(periods));
    }
    // Annuity factor in arrears: (1 − v^n) / r with v^n = e^(−n·x); −expm1
    // keeps it accurate for small rates.
    let factor = -(-n * x).exp_m1() / rate;
    let factor = match timing {
        Timing::InArrears => factor,
        Timing::InAdvance => factor * (1.0 + rate),
    };
    Ok(Money::new(
        to_decimal(value / factor, Quantity::LevelPayment)?,
        pv.currency(),
    ))
}

/// Interest-rate sensitivities of a schedule at a flat yield, as computed
/// by [`duration`]: Macaulay and modified duration and DV01.
///
/// ```
/// use disburse::valuation::DurationMeasures;
/// let d = DurationMeasures { macaulay: 2.0, modified: 1.9, dv01: 0.01 };
/// assert!(d.to_string().contains("Macaulay 2.0000"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct DurationMeasures {
    /// PV-weighted average time to the flows, in years of the rate's day count.
    pub macaulay: f64,
    /// −(1/PV)·dPV/dy: the relative PV change per unit of yield.
    pub modified: f64,
    /// The PV change for a one-basis-point **fall** in the yield,
    /// −dPV/dy × 0.0001, in the schedule's currency (positive for positive
    /// flows).
    pub dv01: f64,
}

impl fmt::Display for DurationMeasures {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Macaulay {:.4}y, modified {:.4}, DV01 {:.2}",
            self.macaulay, self.modified, self.dv01
        )
    }
}

/// Macaulay and modified duration and DV01 of a schedule at the flat
/// `rate` (its compounding and day count) from `valuation_date`; flows
/// before it are ignored. Derivatives are analytic, not bumped.
///
/// # Errors
/// [`Error::NoFlowsAfterValuationDate`]; [`Error::AllZeroFlows`] when the
/// present value is zero (duration undefined); rate errors.
///
/// ```
/// use disburse::rates::InterestRate;
/// use disburse::time::DayCount;
/// use disburse::valuation::duration;
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
/// let c = Commitment::single("zero", Money::new(dec!(100), Currency::USD), Plan::upfront(d(2031)))?;
/// let r = InterestRate::annual(0.05, DayCount::ActualActualIsda)?;
/// let dur = duration(&c.schedule()?, &r, d(2026))?;
/// assert!((dur.macaulay - 5.0).abs() < 1e-12);
/// assert!((dur.modified - 5.0 / 1.05).abs() < 1e-12);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn duration(schedule: &Schedule, rate: &InterestRate, valuation_date: NaiveDate) -> Result<DurationMeasures> {
    let y = rate.rate();
    let mut pv = CompensatedSum::default();
    let mut weighted = CompensatedSum::default();
    let mut slope = CompensatedSum::default();
    let mut counted = 0usize;
    for f in schedule.iter().filter(|f| f.date >= valuation_date) {
        let t = rate.day_count().year_fraction(valuation_date, f.date).to_f64();
        let df = rate.discount_factor(valuation_date, f.date)?;
        let v = decimal_to_f64(f.amount.amount()) * df;
        // d(DF)/dy for each compounding.
        let d_df = match rate.compounding() {
            Compounding::Simple => -t * df * df,
            Compounding::Compounded { frequency } => -t * df / (1.0 + y / f64::from(frequency)),
            Compounding::Continuous => -t * df,
        };
        pv.add(v);
        weighted.add(t * v);
        slope.add(decimal_to_f64(f.amount.amount()) * d_df);
        counted += 1;
    }
    if counted == 0 {
        return Err(Error::NoFlowsAfterValuationDate { valuation_date });
    }
    let pv = pv.value();
    if pv == 0.0 {
        return Err(Error::AllZeroFlows);
    }
    Ok(DurationMeasures {
        macaulay: weighted.value() / pv,
        modified: -slope.value() / pv,
        dv01: -slope.value() * 1e-4,
    })
}
