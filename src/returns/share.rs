//! [`share_returns`]: the waterfall run over outlays and project flows,
//! and the ledger of the investor's unrecovered balance.

use chrono::NaiveDate;

use super::flows::check_outlays;
use super::{ProjectFlows, Split, Waterfall, WaterfallResult};
use crate::rates::Rate;
use crate::time::{DayCount, Tenor};
use crate::valuation::kernel::to_decimal;
use crate::{CashFlow, Currency, Label, Money, Quantity, Result, Rounding, Schedule};

/// Label of the flows shared before recovery.
const BEFORE_LABEL: &str = "before recovery";
/// Label of the flows shared after recovery.
const AFTER_LABEL: &str = "after recovery";

/// Shares the project's flows between investor and host under `waterfall`,
/// tracking the investor's unrecovered balance.
///
/// The balance starts at zero; each outlay adds to it; between events it
/// accrues deemed interest at the waterfall's rate, annually compounded
/// over Act/365F days, rounded half to even to minor units (a positive
/// balance stays at least one minor unit); each project flow reduces it by
/// the investor's before-recovery share. On a date, outlays come before
/// project flows.
///
/// While the balance is positive, flows are shared `before_recovery`. A
/// flow that crosses the recovery point is cut in two: the part
/// `ceil(balance / investor share)` (in minor units, at most the flow) is
/// shared `before_recovery`, so that the investor's share of it covers the
/// balance (allocation rounding may give the investor one minor unit
/// more), and the rest `after_recovery`. While the balance is zero, flows
/// are shared `after_recovery`; a later outlay re-opens the balance. When
/// both phases have the same split, no flow is cut: each is split once,
/// exactly as [`allocate`](crate::allocate) splits it.
/// Negative project flows (losses) are shared the same way and, before
/// recovery, add the investor's share to its balance. With an investor
/// share of zero before recovery, the balance is never recovered. The
/// recovery date is the date the balance last reached zero, if it is zero
/// at the end.
///
/// Every split is an [`allocate`](crate::allocate), so on every date the
/// investor's and host's inflows sum exactly to the project flows. The
/// project flows are those of [`ProjectFlows::schedule`]: the yields
/// (capital earning from the day it is paid, see
/// [`Accrual`](super::Accrual)) and the terminal value, if any, which is
/// shared like any other flow.
///
/// # Errors
/// [`Error::Empty`](crate::Error::Empty) for no outlays; [`Error::NonPositiveAmount`](crate::Error::NonPositiveAmount) or
/// [`Error::NotWholeMinorUnits`](crate::Error::NotWholeMinorUnits) for an outlay that is not positive or not
/// whole in minor units; the errors of [`ProjectFlows::schedule`]
/// (including [`Error::CurrencyMismatch`](crate::Error::CurrencyMismatch) for explicit flows in another
/// currency); [`Error::Overflow`](crate::Error::Overflow) and [`Error::DateOutOfRange`](crate::Error::DateOutOfRange) past the
/// supported ranges.
///
/// ```
/// use disburse::returns::{ProjectFlows, Waterfall, share_returns};
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
///
/// // Korea–US: $200B of cash at most $20B a calendar year from 2026 (joint
/// // fact sheet, 2025-11-14). Assumptions: the cap is filled every year,
/// // projects yield 12% a year for 40 years, deemed interest is 4%.
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let cash = Commitment::single("cash", Money::new(dec!(200e9), Currency::USD), Plan::annual_cap(jan1, dec!(20e9)))?;
/// let outlays = cash.schedule()?;
/// let r = share_returns(&outlays, &ProjectFlows::yield_on_capital(0.12, 40)?, &Waterfall::korea_us_2025(0.04)?)?;
/// // Each $20B earns from the day it is paid (1 January), so from the
/// // next anniversary: recovery after 33 years.
/// assert_eq!(r.recovery_date(), NaiveDate::from_ymd_opt(2059, 1, 1));
/// assert!(r.review_triggered()); // not within 20
/// assert_eq!(
///     r.investor_inflows().total()?.checked_add(r.host_inflows().total()?)?,
///     r.project_flows().total()?,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn share_returns(outlays: &Schedule, project: &ProjectFlows, waterfall: &Waterfall) -> Result<WaterfallResult> {
    // Re-check the waterfall: its fields are private, but a `Copy` of one
    // built by `new` is always valid, so this is cheap insurance.
    Rate::new(Quantity::DeemedRate, waterfall.deemed_rate())?;
    let first_outlay = check_outlays(outlays)?;
    let project_flows = project.schedule(outlays)?;
    let currency = outlays.currency();

    let mut state = Ledger::new(currency, waterfall, first_outlay);
    let mut pending = project_flows.iter().peekable();
    // An overflow names the date of its flow.
    for outlay in outlays {
        while let Some(flow) = pending.next_if(|f| f.date < outlay.date) {
            state.project_flow(flow).map_err(|e| e.on_date(flow.date))?;
        }
        state.outlay(outlay).map_err(|e| e.on_date(outlay.date))?;
    }
    for flow in pending {
        state.project_flow(flow).map_err(|e| e.on_date(flow.date))?;
    }

    let recovery_date = if state.balance.is_zero() {
        state.recovered_on
    } else {
        None
    };
    let review_triggered = match waterfall.review_years() {
        // A deadline past chrono's range is never reached.
        Some(n) => match Tenor::years(n).add_to(first_outlay, 1) {
            Ok(deadline) => recovery_date.is_none_or(|d| d > deadline),
            Err(_) => recovery_date.is_none(),
        },
        None => false,
    };
    let investor_inflows = Schedule::new(currency, state.investor)?;
    let host_inflows = Schedule::new(currency, state.host)?;
    let negated = outlays
        .iter()
        .map(|f| Ok(CashFlow::new(f.date, f.amount.checked_neg()?, f.tranche.clone())))
        .collect::<Result<Vec<_>>>()?;
    let net_flows = Schedule::new(currency, negated)?.merge(&investor_inflows)?;
    Ok(WaterfallResult {
        first_outlay,
        project_flows,
        investor_inflows,
        host_inflows,
        net_flows,
        recovery_date,
        unrecovered_balance: state.balance,
        review_years: waterfall.review_years(),
        review_triggered,
    })
}

/// The running state of the waterfall.
struct Ledger {
    currency: Currency,
    before: Split,
    after: Split,
    /// `ln(1 + deemed rate)`.
    log_growth: f64,
    /// The unrecovered balance, whole minor units, never negative.
    balance: Money,
    /// The date of the last event (accrual runs from it).
    last_date: NaiveDate,
    /// When the balance last reached zero.
    recovered_on: Option<NaiveDate>,
    investor: Vec<CashFlow>,
    host: Vec<CashFlow>,
    before_label: Label,
    after_label: Label,
}

impl Ledger {
    fn new(currency: Currency, waterfall: &Waterfall, start: NaiveDate) -> Ledger {
        Ledger {
            currency,
            before: waterfall.before_recovery(),
            after: waterfall.after_recovery(),
            log_growth: waterfall.deemed_rate().ln_1p(),
            balance: Money::zero(currency),
            last_date: start,
            recovered_on: None,
            investor: Vec::new(),
            host: Vec::new(),
            before_label: Label::new(BEFORE_LABEL),
            after_label: Label::new(AFTER_LABEL),
        }
    }

    /// Accrues deemed interest on the balance up to `date`.
    fn accrue(&mut self, date: NaiveDate) -> Result<()> {
        if date > self.last_date && self.balance.is_positive() {
            let t = DayCount::Actual365Fixed.year_fraction(self.last_date, date).to_f64();
            let growth = to_decimal((self.log_growth * t).exp_m1(), Quantity::DeemedInterestGrowth)?;
            let interest = self.balance.checked_mul(growth)?.round_to_minor(Rounding::HalfEven);
            let grown = self.balance.checked_add(interest)?;
            let unit = Money::new(self.currency.minor_unit(), self.currency);
            self.balance = grown.checked_max(unit)?;
        }
        self.last_date = self.last_date.max(date);
        Ok(())
    }

    fn outlay(&mut self, flow: &CashFlow) -> Result<()> {
        self.accrue(flow.date)?;
        if self.balance.is_zero() {
            self.recovered_on = None;
        }
        self.balance = self.balance.checked_add(flow.amount)?;
        Ok(())
    }

    /// Records the investor's and host's parts of `amount` on `date`.
    fn record(&mut self, date: NaiveDate, before: bool, investor: Money, host: Money) {
        let label = if before { &self.before_label } else { &self.after_label };
        for (out, part) in [(&mut self.investor, investor), (&mut self.host, host)] {
            if !part.is_zero() {
                out.push(CashFlow {
                    date,
                    amount: part,
                    tranche: label.clone(),
                });
            }
        }
    }

    fn project_flow(&mut self, flow: &CashFlow) -> Result<()> {
        self.accrue(flow.date)?;
        let date = flow.date;
        let amount = flow.amount;
        if !self.balance.is_positive() {
            let (i, h) = self.after.divide(amount)?;
            self.record(date, false, i, h);
            return Ok(());
        }
        let share = self.before.investor();
        if !amount.is_positive() || share.is_zero() {
            // A loss (or nothing) before recovery, or an investor without a
            // share: all before recovery; a loss adds to the balance.
            let (i, h) = self.before.divide(amount)?;
            self.record(date, true, i, h);
            self.balance = self.balance.checked_sub(i)?;
            return Ok(());
        }
        // The part of the flow that, shared before recovery, covers the
        // balance: ceil(balance / share), at most the flow.
        let unit = Money::new(self.currency.minor_unit(), self.currency);
        let mut part = self
            .balance
            .checked_div(share)?
            .round_to_minor(Rounding::Ceiling)
            .checked_min(amount)?;
        let (mut i, mut h) = self.before.divide(part)?;
        // Decimal division is rounded at 28 digits; step up if that left
        // the investor's share a unit short (bounded: at most a few units).
        let mut steps = 0;
        while i.amount() < self.balance.amount() && part.amount() < amount.amount() && steps < 4 {
            part = part.checked_add(unit)?.checked_min(amount)?;
            (i, h) = self.before.divide(part)?;
            steps += 1;
        }
        if i.amount() < self.balance.amount() && part.amount() < amount.amount() {
            part = amount;
            (i, h) = self.before.divide(part)?;
        }
        if i.amount() >= self.balance.amount() {
            self.balance = Money::zero(self.currency);
            self.recovered_on = Some(date);
            if self.before == self.after {
                // Nothing to cut: one split of the whole flow.
                let (wi, wh) = self.before.divide(amount)?;
                self.record(date, true, wi, wh);
                return Ok(());
            }
            self.record(date, true, i, h);
            let rest = amount.checked_sub(part)?;
            if !rest.is_zero() {
                let (ri, rh) = self.after.divide(rest)?;
                self.record(date, false, ri, rh);
            }
        } else {
            self.record(date, true, i, h);
            self.balance = self.balance.checked_sub(i)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::returns::testing::{explicit, outlays};
    use crate::returns::{Accrual, TerminalValue};
    use crate::testing::{d, usd};
    use crate::valuation::Roots;
    use crate::{Error, Money};
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    /// Investor and host parts on `date`, by phase label.
    fn parts_on(s: &Schedule, date: NaiveDate) -> Vec<(String, Decimal)> {
        s.iter()
            .filter(|f| f.date == date)
            .map(|f| (f.tranche.to_string(), f.amount.amount()))
            .collect()
    }

    fn assert_conserved(r: &WaterfallResult) {
        let sum = r
            .investor_inflows()
            .total()
            .unwrap()
            .checked_add(r.host_inflows().total().unwrap())
            .unwrap();
        assert_eq!(sum, r.project_flows().total().unwrap());
        for f in r.project_flows() {
            let on = |s: &Schedule| {
                s.iter()
                    .filter(|g| g.date == f.date)
                    .fold(Decimal::ZERO, |a, g| a + g.amount.amount())
            };
            let proj = r
                .project_flows()
                .iter()
                .filter(|g| g.date == f.date)
                .fold(Decimal::ZERO, |a, g| a + g.amount.amount());
            assert_eq!(on(r.investor_inflows()) + on(r.host_inflows()), proj, "{}", f.date);
        }
    }

    #[test]
    fn hundred_dollars_ten_percent_recovers_in_year_twenty() {
        // $100 paid on 2026-01-01, the first day of the first yield period:
        // it earns the whole of every period (either accrual rule), 10 a
        // year, of which the investor's 50% repays 100 in 20 years.
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.10, 30).unwrap(),
            &Waterfall::korea_us_2025(0.0).unwrap(),
        )
        .unwrap();
        assert_eq!(r.project_flows().len(), 30);
        assert!(r.project_flows().iter().all(|f| f.amount == usd(dec!(10))));
        assert_eq!(r.project_flows().first_date(), Some(d(2027, 1, 1)));
        assert_eq!(r.project_flows().last_date(), Some(d(2056, 1, 1)));
        // 20 × $5 = $100: recovered on the 20th anniversary, exactly.
        assert_eq!(r.recovery_date(), Some(d(2046, 1, 1)));
        assert!(!r.review_triggered()); // on the deadline counts as within
        assert_eq!(
            parts_on(r.investor_inflows(), d(2046, 1, 1)),
            [("before recovery".into(), dec!(5))]
        );
        assert_eq!(
            parts_on(r.investor_inflows(), d(2047, 1, 1)),
            [("after recovery".into(), dec!(1))]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2047, 1, 1)),
            [("after recovery".into(), dec!(9))]
        );
        // 20 × 5 + 10 × 1 to the investor, 20 × 5 + 10 × 9 to the host.
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(110)));
        assert_eq!(r.host_inflows().total().unwrap(), usd(dec!(190)));
        assert_eq!(r.net_flows().total().unwrap(), usd(dec!(10)));
        assert_eq!(r.unrecovered_balance(), usd(dec!(0)));
        assert_eq!(
            r.to_string(),
            "recovered on 2046-01-01; to investor USD 110.00, to host USD 190.00; 20-year review not triggered"
        );
        assert_conserved(&r);
    }

    #[test]
    fn deemed_interest_delays_recovery() {
        // With 4% deemed interest, $5 a year repays little more than the
        // interest on $100 ($4) at first (2028, 2032, … are leap years:
        // those accruals run over 366/365 of a year).
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.10, 60).unwrap(),
            &Waterfall::korea_us_2025(0.04).unwrap(),
        )
        .unwrap();
        let recovered = r.recovery_date().unwrap();
        // Without leap days: B_n = 100·1.04^n − 5·(1.04^n − 1)/0.04 hits 0
        // when 1.04^n = 5, n = ln 5 / ln 1.04 = 41.03 → the 42nd flow.
        assert_eq!(recovered, d(2068, 1, 1));
        assert!(r.review_triggered());
        assert_conserved(&r);
        // A replay of the ledger (Python, decimal, same rounding) leaves
        // $0.43 before the 42nd flow: part 0.86 shared 0.43/0.43, rest 9.14
        // at 10:90 → 0.914 → $0.91 and 8.226 → $8.23.
        assert_eq!(
            parts_on(r.investor_inflows(), recovered),
            [
                ("before recovery".into(), dec!(0.43)),
                ("after recovery".into(), dec!(0.91))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), recovered),
            [
                ("before recovery".into(), dec!(0.43)),
                ("after recovery".into(), dec!(8.23))
            ]
        );
        // Later than with no deemed interest (2046).
        let r0 = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.10, 60).unwrap(),
            &Waterfall::korea_us_2025(0.0).unwrap(),
        )
        .unwrap();
        assert_eq!(r0.recovery_date(), Some(d(2046, 1, 1)));
    }

    #[test]
    fn tranche_paid_mid_year() {
        // $100 on 2026-01-01 and $100 on 2026-07-02, 10% a year for 30
        // years, 50:50 then 10:90, no deemed interest.
        let o = outlays(&[(d(2026, 1, 1), dec!(100)), (d(2026, 7, 2), dec!(100))]);
        let w = Waterfall::korea_us_2025(0.0).unwrap();
        // Pro rata: 2027 pays 10 + 10 × 183/365 = 15.0137 → 15.01, split
        // 7.51/7.50 (the tie's cent to the investor, the lower index);
        // balance 200 − 7.51 = 192.49; 19 flows of 20 (2028..2046) repay
        // 190 → 2.49 left; 2047: part ceil(2.49/0.5) = 4.98 shared
        // 2.49/2.49, rest 15.02 at 10:90 → 1.502 → 1.50 and 13.518 → 13.52.
        let pro_rata = ProjectFlows::yield_on_capital(0.10, 30).unwrap();
        let r = share_returns(&o, &pro_rata, &w).unwrap();
        assert_eq!(
            parts_on(r.investor_inflows(), d(2027, 1, 1)),
            [("before recovery".into(), dec!(7.51))]
        );
        assert_eq!(r.recovery_date(), Some(d(2047, 1, 1)));
        assert_eq!(
            parts_on(r.investor_inflows(), d(2047, 1, 1)),
            [
                ("before recovery".into(), dec!(2.49)),
                ("after recovery".into(), dec!(1.5))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2047, 1, 1)),
            [
                ("before recovery".into(), dec!(2.49)),
                ("after recovery".into(), dec!(13.52))
            ]
        );
        assert_conserved(&r);
        // From the next period: 2027 pays 10 → 5; balance 195; 19 × 10
        // → 5 left; 2047: part 10 shared 5/5, rest 10 → 1/9.
        let next = pro_rata.with_accrual(Accrual::NextPeriod).unwrap();
        let r = share_returns(&o, &next, &w).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2047, 1, 1)));
        assert_eq!(
            parts_on(r.investor_inflows(), d(2047, 1, 1)),
            [("before recovery".into(), dec!(5)), ("after recovery".into(), dec!(1))]
        );
        assert_conserved(&r);
    }

    #[test]
    fn terminal_value_brings_capital_back() {
        // $100 on 2026-01-01, 10% for 15 years, the capital (100) back on
        // the last anniversary 2041-01-01, no deemed interest. 15 yields
        // of 10 give the investor 75 → balance 25; the terminal 100 is cut:
        // part 50 shared 25/25 (recovered), rest 50 at 10:90 → 5/45.
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let p = ProjectFlows::yield_on_capital(0.10, 15)
            .unwrap()
            .with_terminal_value(TerminalValue::share_of_capital(dec!(1)).unwrap())
            .unwrap();
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.0).unwrap()).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2041, 1, 1)));
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(105)));
        assert_eq!(r.host_inflows().total().unwrap(), usd(dec!(145)));
        assert_conserved(&r);
        // Net flows −100, +5 × 15, +30 on 2041-01-01. mpmath (Act/365F,
        // annual): IRR 0.4915929%, net PV at 4.5% −30.8188604588.
        let irr = r.net_irr().unwrap().unique().unwrap();
        assert!((irr - 0.004_915_928_921_028_509).abs() < 1e-12, "{irr}");
        let pv = r.net_pv(0.045).unwrap().amount();
        assert!((pv - dec!(-30.8188604588)).abs() < dec!(1e-9), "{pv}");
        // Without it: 15 × 5 = 75 back, 25 never recovered.
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.10, 15).unwrap(),
            &Waterfall::korea_us_2025(0.0).unwrap(),
        )
        .unwrap();
        assert_eq!(r.recovery_date(), None);
        assert_eq!(r.unrecovered_balance(), usd(dec!(25)));
    }

    #[test]
    fn deemed_rate_balance_matches_manual_replay() {
        // One outlay of $100 on 2026-01-01, one project flow of $10 on
        // 2027-01-01 (365 days): balance 100 · 1.04 = 104.00, minus the
        // investor's $5 → 99.00; next flow on 2028-01-01 (365 days):
        // 99 · 1.04 = 102.96 − 5 = 97.96.
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(10)), (d(2028, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.04).unwrap()).unwrap();
        assert_eq!(r.unrecovered_balance(), usd(dec!(97.96)));
        assert_eq!(r.recovery_date(), None);
        // 2028-01-01 → 2029-01-01 is 366 days: 97.96 · 1.04^(366/365).
        let p = explicit(&[
            (d(2027, 1, 1), dec!(10)),
            (d(2028, 1, 1), dec!(10)),
            (d(2029, 1, 1), dec!(0)),
        ]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.04).unwrap()).unwrap();
        let expected = 97.96 * 1.04f64.powf(366.0 / 365.0);
        assert_eq!(
            r.unrecovered_balance().amount(),
            Decimal::from_f64_retain(expected).unwrap().round_dp(2)
        );
    }

    #[test]
    fn crossing_flow_is_cut_at_the_recovery_point() {
        // Balance $1.00 left; 50:50 before, 10:90 after; a $10.00 flow:
        // part = 1.00 / 0.5 = 2.00 shared 1.00/1.00, rest 8.00 → 0.80/7.20.
        let o = outlays(&[(d(2026, 1, 1), dec!(6))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(10)), (d(2028, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.0).unwrap()).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2028, 1, 1)));
        assert_eq!(
            parts_on(r.investor_inflows(), d(2028, 1, 1)),
            [
                ("before recovery".into(), dec!(1)),
                ("after recovery".into(), dec!(0.8))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2028, 1, 1)),
            [
                ("before recovery".into(), dec!(1)),
                ("after recovery".into(), dec!(7.2))
            ]
        );
        assert_conserved(&r);
    }

    #[test]
    fn crossing_split_conserves_cents_with_awkward_shares() {
        // 30:70 before: balance $1.00 needs 1.00 / 0.3 = 3.333… → $3.34,
        // investor 1.002 → $1.00, host $2.34; rest $6.66 at 10:90:
        // 0.666 → $0.67, 5.994 → $5.99.
        let before = Split::new(dec!(0.3), dec!(0.7)).unwrap();
        let after = Split::new(dec!(0.1), dec!(0.9)).unwrap();
        let w = Waterfall::new(before, after, 0.0, None).unwrap();
        let o = outlays(&[(d(2026, 1, 1), dec!(1))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &w).unwrap();
        assert_eq!(
            parts_on(r.investor_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(1)),
                ("after recovery".into(), dec!(0.67))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(2.34)),
                ("after recovery".into(), dec!(5.99))
            ]
        );
        assert_eq!(
            r.to_string(),
            "recovered on 2027-01-01; to investor USD 1.67, to host USD 8.33; no review clause"
        );
        assert_conserved(&r);

        // 90:10 before: 1.00 / 0.9 = 1.111… → $1.12, investor 1.008 → the
        // larger remainder rounds it up to $1.01 (one cent over), host $0.11.
        let w = Waterfall::new(Split::new(dec!(0.9), dec!(0.1)).unwrap(), after, 0.0, None).unwrap();
        let r = share_returns(&o, &p, &w).unwrap();
        assert_eq!(
            parts_on(r.investor_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(1.01)),
                ("after recovery".into(), dec!(0.89))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(0.11)),
                ("after recovery".into(), dec!(7.99))
            ]
        );
        assert_conserved(&r);
    }

    #[test]
    fn capped_part_recovers_through_rounding() {
        // Balance $100.00, 30:70, a flow of $333.33: part 333.34 is capped
        // at the flow; investor 99.999 → $100.00 by the larger remainder.
        let w = Waterfall::new(Split::new(dec!(0.3), dec!(0.7)).unwrap(), Split::even(), 0.0, None).unwrap();
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(&o, &explicit(&[(d(2027, 1, 1), dec!(333.33))]), &w).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2027, 1, 1)));
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(100)));
        assert_eq!(r.host_inflows().total().unwrap(), usd(dec!(233.33)));
    }

    #[test]
    fn korea_like_twenty_billion_a_year() {
        // $20B on 1 January 2026..2035; assumption: 6% yield on invested
        // capital for 40 years, no deemed interest. Each tranche is paid on
        // an anniversary, so it earns from the next one: the flow on
        // anniversary k (2026 + k) is 6% of 20B·min(k, 10).
        let o = outlays(
            &(2026..2036)
                .map(|y| (d(y, 1, 1), dec!(20_000_000_000)))
                .collect::<Vec<_>>(),
        );
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.06, 40).unwrap(),
            &Waterfall::korea_us_2025(0.0).unwrap(),
        )
        .unwrap();
        let flows: Vec<_> = r.project_flows().iter().map(|f| f.amount.amount()).collect();
        assert_eq!(flows.first(), Some(&dec!(1_200_000_000))); // 6% of 20B
        assert_eq!(flows.get(8), Some(&dec!(10_800_000_000))); // 2035: 6% of 180B
        assert_eq!(flows.get(9), Some(&dec!(12_000_000_000))); // 2036: 6% of 200B
        assert_eq!(flows.last(), Some(&dec!(12_000_000_000)));
        // Investor gets 3% of capital a year: 0.6, 1.2, …, 5.4 (2027..2035)
        // = 0.6 × 45 = 27B by 2035, then 6B a year: 200B needs
        // (200 − 27)/6 = 28.83 more years → the 29th from 2036 = 2064.
        assert_eq!(r.recovery_date(), Some(d(2064, 1, 1)));
        assert!(r.review_triggered());
        // 2064: balance 173B − 28·6B = 5B, part 10B before, 2B after at
        // 10:90 → 0.2B to the investor.
        assert_eq!(
            parts_on(r.investor_inflows(), d(2064, 1, 1)),
            [
                ("before recovery".into(), dec!(5_000_000_000)),
                ("after recovery".into(), dec!(200_000_000))
            ]
        );
        assert_conserved(&r);
        let irr = r.net_irr().unwrap().unique().unwrap();
        assert!(irr > 0.0 && irr < 0.01, "{irr}");
        // PV at 0% is the net sum.
        assert_eq!(r.net_pv(0.0).unwrap(), r.net_flows().total().unwrap());
    }

    #[test]
    fn same_split_everywhere_when_phases_agree() {
        let w = Waterfall::new(Split::even(), Split::even(), 0.03, None).unwrap();
        let o = outlays(&[(d(2026, 3, 15), dec!(1000)), (d(2027, 6, 1), dec!(250))]);
        let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.15, 25).unwrap(), &w).unwrap();
        assert!(r.recovery_date().is_some());
        for f in r.project_flows() {
            let (i, _) = Split::even().divide(f.amount).unwrap();
            let parts = parts_on(r.investor_inflows(), f.date);
            assert_eq!(
                parts.iter().map(|p| p.1).collect::<Vec<_>>(),
                [i.amount()],
                "{}",
                f.date
            );
        }
        assert_conserved(&r);
    }

    #[test]
    fn later_outlay_reopens_the_balance() {
        let o = outlays(&[(d(2026, 1, 1), dec!(10)), (d(2029, 1, 1), dec!(10))]);
        let p = explicit(&[
            (d(2027, 1, 1), dec!(40)),
            (d(2028, 1, 1), dec!(10)),
            (d(2030, 1, 1), dec!(40)),
        ]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.0).unwrap()).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2030, 1, 1)));
        assert_eq!(
            parts_on(r.investor_inflows(), d(2028, 1, 1)),
            [("after recovery".into(), dec!(1))]
        );
        assert_eq!(
            parts_on(r.investor_inflows(), d(2030, 1, 1)),
            [("before recovery".into(), dec!(10)), ("after recovery".into(), dec!(2))]
        );
        assert_conserved(&r);
    }

    #[test]
    fn losses_before_recovery_add_to_the_balance() {
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(-10)), (d(2028, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.0).unwrap()).unwrap();
        assert_eq!(r.unrecovered_balance(), usd(dec!(100)));
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(0)));
        assert_conserved(&r);
        // A negative yield gives negative flows too, conserved all the same.
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(-0.05, 5).unwrap(),
            &Waterfall::korea_us_2025(0.02).unwrap(),
        )
        .unwrap();
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(-12.5)));
        assert_conserved(&r);
    }

    #[test]
    fn zero_investor_share_never_recovers() {
        let w = Waterfall::new(Split::new(dec!(0), dec!(1)).unwrap(), Split::even(), 0.0, Some(5)).unwrap();
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(&o, &ProjectFlows::yield_on_capital(1.0, 10).unwrap(), &w).unwrap();
        assert_eq!(r.recovery_date(), None);
        assert!(r.investor_inflows().is_empty());
        assert!(r.review_triggered());
        assert_eq!(r.net_irr().unwrap(), Roots::None);
        // A review horizon past chrono's date range is never reached.
        let far = Waterfall::new(Split::even(), Split::even(), 0.0, Some(u32::MAX)).unwrap();
        let r = share_returns(&o, &ProjectFlows::yield_on_capital(1.0, 10).unwrap(), &far).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2028, 1, 1)));
        assert!(!r.review_triggered());
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let w = Waterfall::korea_us_2025(0.04).unwrap();
        let y = ProjectFlows::yield_on_capital(0.1, 5).unwrap();
        // Splits.
        assert!(matches!(
            Split::new(dec!(0.5), dec!(0.4)),
            Err(Error::InvalidSplit { .. })
        ));
        let err = Split::new(dec!(-0.1), dec!(1.1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid profit split: the investor's share -0.1 is negative"
        );
        let json = r#"{"before_recovery":{"investor":"0.5","host":"0.4"},"after_recovery":{"investor":"0.1","host":"0.9"},"deemed_rate":0.04}"#;
        let err = serde_json::from_str::<Waterfall>(json).unwrap_err().to_string();
        assert!(err.contains("invalid before-recovery split"), "{err}");
        // Rates.
        for bad in [f64::NAN, f64::INFINITY, -1.0, -2.0] {
            assert!(Waterfall::new(Split::even(), Split::even(), bad, None).is_err());
            assert!(ProjectFlows::yield_on_capital(bad, 5).is_err());
            assert!(
                share_returns(
                    &o,
                    &ProjectFlows::Yield {
                        rate: bad,
                        years: 5,
                        accrual: Accrual::ProRata,
                        terminal_value: None
                    },
                    &w
                )
                .is_err()
            );
        }
        assert!(matches!(
            ProjectFlows::yield_on_capital(0.1, 0),
            Err(Error::ZeroCount { .. })
        ));
        assert!(matches!(
            share_returns(
                &o,
                &ProjectFlows::Yield {
                    rate: 0.1,
                    years: 0,
                    accrual: Accrual::ProRata,
                    terminal_value: None
                },
                &w
            ),
            Err(Error::ZeroCount { .. })
        ));
        assert!(matches!(
            Waterfall::new(Split::even(), Split::even(), 0.0, Some(0)),
            Err(Error::ZeroCount { .. })
        ));
        // Outlays.
        assert!(matches!(
            share_returns(&Schedule::empty(Currency::USD), &y, &w),
            Err(Error::Empty { .. })
        ));
        let neg = outlays(&[(d(2026, 1, 1), dec!(100)), (d(2027, 1, 1), dec!(-1))]);
        assert!(matches!(
            share_returns(&neg, &y, &w),
            Err(Error::NonPositiveAmount { .. })
        ));
        let frac = outlays(&[(d(2026, 1, 1), dec!(100.001))]);
        assert!(matches!(
            share_returns(&frac, &y, &w),
            Err(Error::NotWholeMinorUnits { .. })
        ));
        // Explicit flows in another currency, before the first outlay, or
        // fractional.
        let eur = ProjectFlows::Explicit(
            Schedule::new(
                Currency::EUR,
                vec![CashFlow::new(d(2027, 1, 1), Money::new(dec!(1), Currency::EUR), "p")],
            )
            .unwrap(),
        );
        assert!(matches!(
            share_returns(&o, &eur, &w),
            Err(Error::CurrencyMismatch { .. })
        ));
        let early = explicit(&[(d(2025, 1, 1), dec!(1))]);
        assert!(matches!(share_returns(&o, &early, &w), Err(Error::OutOfRange { .. })));
        let frac = ProjectFlows::Explicit(outlays(&[(d(2027, 1, 1), dec!(0.001))]));
        assert!(matches!(
            share_returns(&o, &frac, &w),
            Err(Error::NotWholeMinorUnits { .. })
        ));
        // Too many years.
        assert!(matches!(
            ProjectFlows::yield_on_capital(0.1, 1001),
            Err(Error::OutOfRange { .. })
        ));
        // Net PV at a bad rate.
        let r = share_returns(&o, &y, &w).unwrap();
        assert!(r.net_pv(-1.0).is_err());
        assert!(r.net_pv(f64::NAN).is_err());
    }
}
