//! Instruments: exact expected flows (hand-computed cases, conservation
//! properties) and the economic cost of a plan.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::instrument::{FlowKind, Guarantee, Instrument, Loan, Repayment, contractual_profile};
use disburse::rates::{FlatCurve, InterestRate};
use disburse::time::{DayCount, Frequency};
use disburse::valuation::{present_value, present_value_whole_periods};
use disburse::{Commitment, Currency, Money, Plan, Tranche};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn single(amount: Decimal, plan: Plan, instrument: Instrument) -> Commitment {
    Commitment::new(
        "c",
        usd(amount),
        vec![Tranche::new("t", usd(amount), plan).with_instrument(instrument)],
    )
    .unwrap()
}

/// PV on whole years from `date` at `rate` (annual).
fn pv_whole_years(c: &Commitment, rate: f64, date: NaiveDate) -> Money {
    let s = c.expected_flows().unwrap().schedule().unwrap();
    present_value_whole_periods(&s, rate, date, disburse::time::Tenor::years(1)).unwrap()
}

/// PV, dated, at `rate` compounded annually on `dc` year fractions.
fn pv_dated(c: &Commitment, rate: f64, date: NaiveDate, dc: DayCount) -> Money {
    let s = c.expected_flows().unwrap().schedule().unwrap();
    let curve = FlatCurve::new(
        date,
        InterestRate::new(rate, disburse::rates::Compounding::ANNUAL, dc).unwrap(),
    );
    present_value(&s, &curve).unwrap()
}

#[test]
fn bullet_loan_at_its_own_rate_costs_nothing() {
    // 1,000 drawn on 2026-01-01 at 4.5% for 10 years, no default: −1000 +
    // Σ 45/1.045ᵏ + 1000/1.045¹⁰ = 0 exactly in whole years. Interest 45.00
    // a year is whole cents, so nothing is rounded.
    let loan = Loan::new(dec!(0.045), 10, Repayment::Bullet, 0, dec!(0), dec!(0)).unwrap();
    let c = single(dec!(1000), Plan::upfront(d(2026, 1, 1)), Instrument::Loan(loan));
    let f = c.expected_flows().unwrap();
    assert_eq!(f.total(FlowKind::Interest).unwrap(), usd(dec!(-450)));
    assert_eq!(f.net().unwrap(), usd(dec!(-450)));
    let cost = pv_whole_years(&c, 0.045, d(2026, 1, 1));
    assert!(cost.amount().abs() < dec!(0.000001), "{cost}");
    // 30/360 year fractions: each loan year is one year, zero again.
    let cost = pv_dated(&c, 0.045, d(2026, 1, 1), DayCount::Thirty360BondBasis);
    assert!(cost.amount().abs() < dec!(0.000001), "{cost}");
    // Act/365F (the default basis) counts the loan years with a 29 February
    // (2028, 2032) as 366/365 years: the flows at or after 2029-01-01 are
    // discounted a day more per leap year. mpmath: 1000 − Σ 45·1.045^(−tₖ)
    // − 1000·1.045^(−t₁₀), tₖ = days/365 = 0.2030120961812786… — not zero,
    // about 0.2 basis points of the loan; documented.
    let cost = pv_dated(&c, 0.045, d(2026, 1, 1), DayCount::Actual365Fixed);
    assert!((cost.amount() - dec!(0.203012096181)).abs() < dec!(0.000001), "{cost}");
}

#[test]
fn one_year_guarantee_costs_p_times_loss_discounted_minus_fee() {
    // 1,000 guaranteed for one year from 2026-01-01, fee 0.5% (paid at the
    // start), call probability 3%, recovery 40%. Cost at 5% in whole years:
    // 0.03 × 0.6 × 1000 / 1.05 − 0.005 × 1000 = 17.142857… − 5 = 12.142857…
    let g = Guarantee::new(dec!(0.005), 1, Repayment::Bullet, 0, dec!(0.03), dec!(0.4)).unwrap();
    let c = single(dec!(1000), Plan::upfront(d(2026, 1, 1)), Instrument::Guarantee(g));
    let cost = pv_whole_years(&c, 0.05, d(2026, 1, 1));
    assert!((cost.amount() - dec!(12.142857142857)).abs() < dec!(0.000001), "{cost}");
    let f = c.expected_flows().unwrap();
    let l = &f.ledgers()[0];
    assert_eq!((l.called, l.released), (usd(dec!(30)), usd(dec!(970))));
}

#[test]
fn profile_with_grace() {
    let l = Instrument::Loan(Loan::new(dec!(0.05), 5, Repayment::Amortising, 2, dec!(0), dec!(0)).unwrap());
    let p = contractual_profile(usd(dec!(100)), &l).unwrap();
    let due: Vec<Decimal> = p.iter().map(|(_, pk)| pk.amount()).collect();
    assert_eq!(due, [dec!(0), dec!(0), dec!(33.34), dec!(33.33), dec!(33.33)]);
    let bal: Vec<Decimal> = p.iter().map(|(b, _)| b.amount()).collect();
    assert_eq!(bal, [dec!(100), dec!(100), dec!(100), dec!(66.66), dec!(33.33)]);
}

fn fraction(max_basis_points: u32) -> impl Strategy<Value = Decimal> {
    (0..=max_basis_points).prop_map(|bp| Decimal::new(i64::from(bp), 4))
}

fn instrument() -> impl Strategy<Value = Instrument> {
    let term = (1u32..=15, any::<bool>(), 0u32..5);
    prop_oneof![
        Just(Instrument::Equity),
        (fraction(1500), term.clone(), fraction(10_000), fraction(10_000)).prop_map(|(r, (t, am, g), p, rec)| {
            let (profile, grace) = if am {
                (Repayment::Amortising, g.min(t - 1))
            } else {
                (Repayment::Bullet, 0)
            };
            Instrument::Loan(Loan::new(r, t, profile, grace, p, rec).unwrap())
        }),
        (fraction(300), term, fraction(10_000), fraction(10_000)).prop_map(|(fee, (t, am, g), q, rec)| {
            let (profile, grace) = if am {
                (Repayment::Amortising, g.min(t - 1))
            } else {
                (Repayment::Bullet, 0)
            };
            Instrument::Guarantee(Guarantee::new(fee, t, profile, grace, q, rec).unwrap())
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Every ledger closes exactly, and the flows of each kind sum to what
    /// the ledgers say.
    #[test]
    fn expected_flows_conserve_money(
        cents in 1i64..1_000_000_000_000,
        n in 1u32..8,
        a in instrument(),
        b in instrument(),
    ) {
        let total = Decimal::new(cents, 2);
        let half = Decimal::new(cents / 2, 2);
        let c = Commitment::new("c", usd(total), vec![
            Tranche::new("a", usd(total - half), Plan::installments(d(2026, 3, 31), n, Frequency::Annual)).with_instrument(a),
            Tranche::new("b", usd(half), Plan::upfront(d(2027, 2, 28))).with_instrument(b),
        ].into_iter().filter(|t| !t.amount.is_zero()).collect()).unwrap();
        let f = c.expected_flows().unwrap();
        let mut by_kind = std::collections::HashMap::new();
        for x in f.flows() {
            prop_assert!(x.amount.is_whole_minor());
            let e = by_kind.entry(x.kind).or_insert(usd(dec!(0)));
            *e = e.checked_add(x.amount).unwrap();
        }
        let get = |k| by_kind.get(&k).copied().unwrap_or(usd(dec!(0)));
        let mut sums = [usd(dec!(0)); 7];
        for l in f.ledgers() {
            prop_assert!(l.closes(), "{l:?}");
            prop_assert!(l.written_off.amount() >= dec!(-0.05), "{l:?}");
            let parts = [l.paid, l.interest, l.repaid, l.fees, l.called, l.recovered,
                if l.instrument.kind() == "loan" { l.amount } else { usd(dec!(0)) }];
            for (s, p) in sums.iter_mut().zip(parts) { *s = s.checked_add(p).unwrap(); }
        }
        let neg = |m: Money| m.checked_neg().unwrap();
        prop_assert_eq!(get(FlowKind::Outlay), sums[0]);
        prop_assert_eq!(neg(get(FlowKind::Interest)), sums[1]);
        prop_assert_eq!(neg(get(FlowKind::Repayment)), sums[2]);
        prop_assert_eq!(neg(get(FlowKind::Fee)), sums[3]);
        prop_assert_eq!(get(FlowKind::Call), sums[4]);
        prop_assert_eq!(neg(get(FlowKind::Recovery)), sums[5]);
        prop_assert_eq!(get(FlowKind::Drawdown), sums[6]);
        prop_assert_eq!(f.outflows().unwrap().total().unwrap().checked_sub(f.receipts().unwrap().total().unwrap()).unwrap(), f.net().unwrap());
    }

    /// With no default and the loan's rate as the discount rate, the
    /// economic cost is zero up to the rounding of the interest to cents
    /// (at most half a cent a flow, discounted) and the f64 discounting
    /// (relative 1e-12 of the flows).
    #[test]
    fn loan_at_the_discount_rate_costs_zero(
        cents in 100i64..1_000_000_000_000,
        rate_bp in 0u32..1500,
        tenor in 1u32..30,
        amortising in any::<bool>(),
        n in 1u32..5,
    ) {
        let rate = Decimal::new(i64::from(rate_bp), 4);
        let profile = if amortising { Repayment::Amortising } else { Repayment::Bullet };
        let loan = Loan::new(rate, tenor, profile, 0, dec!(0), dec!(0.3)).unwrap();
        let total = Decimal::new(cents, 2);
        let c = single(total, Plan::installments(d(2026, 1, 1), n, Frequency::Annual), Instrument::Loan(loan));
        let flows = c.expected_flows().unwrap().flows().len();
        let cost = pv_whole_years(&c, f64::from(rate_bp) / 10_000.0, d(2026, 1, 1));
        let bound = Decimal::new(5, 3) * Decimal::from(flows) + total * dec!(0.000000000002) * Decimal::from(flows);
        prop_assert!(cost.amount().abs() <= bound, "cost {cost}, bound {bound}");
    }
}
