//! End-to-end valuation tests: hand-checked values and every bad input.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::rates::{Compounding, DiscountCurve, DiscountFactorCurve, FlatCurve, InterestRate, ZeroCurve};
use disburse::time::{DayCount, Frequency, Tenor};
use disburse::valuation::{
    FirstPeriod, Roots, SolverSettings, break_even_rate, duration, irr, irr_with, level_payment, npv, present_value,
    present_value_whole_periods, pv_saving, xirr, xirr_columns, xnpv, xnpv_at_interest_rate, xnpv_columns,
};
use disburse::{CashFlow, Commitment, Currency, Error, Money, Plan, Schedule, Timing};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn pledge(plan: Plan) -> Schedule {
    Commitment::single("pledge", usd(dec!(350e9)), plan)
        .unwrap()
        .schedule()
        .unwrap()
}

#[test]
fn plans_350b_at_three_rates_whole_years() {
    // 35e9 · Σ_{k=0}^{9} (1+r)^-k, checked by hand (annuity due factors).
    let ten = pledge(Plan::installments(d(2026, 1, 1), 10, Frequency::Annual));
    for (rate, billions) in [(0.03, dec!(307.51)), (0.045, dec!(289.41)), (0.08, dec!(253.64))] {
        let pv = present_value_whole_periods(&ten, rate, d(2026, 1, 1), Tenor::years(1)).unwrap();
        assert_eq!((pv.amount() / dec!(1e9)).round_dp(2), billions, "rate {rate}");
    }
    // The agreed structure: $20B a year for the $200B of cash.
    let capped = pledge(Plan::annual_cap(d(2026, 1, 1), dec!(20e9)));
    let pv = present_value_whole_periods(&capped, 0.045, d(2026, 1, 1), Tenor::years(1)).unwrap();
    // $350B at $20B a year: 17 payments of 20e9 (2026–2042) and 10e9 in
    // 2043. Σ_{k=0}^{16} 20e9·1.045^−k + 10e9·1.045^−17 in exact rationals
    // (Python `fractions`): 249,412,064,836.581604…
    assert_eq!(capped.len(), 18);
    let want = dec!(249412064836.581604);
    assert!((pv.amount() - want).abs() < dec!(0.001), "{pv} vs {want}");
}

#[test]
fn saving_break_even_and_duration() {
    let jan1 = d(2026, 1, 1);
    let upfront = pledge(Plan::upfront(jan1));
    let ten = pledge(Plan::installments(jan1, 10, Frequency::Annual));
    let curve = FlatCurve::new(jan1, InterestRate::annual(0.05, DayCount::Actual365Fixed).unwrap());
    let saving = pv_saving(&ten, &upfront, &curve).unwrap();
    // 350e9 − 283,739,700,119.572506 (the reference Act/365F PV).
    assert_eq!(saving.amount().round_dp(2), dec!(66260299880.43));
    // Upfront and ten installments cost the same only at a zero rate.
    let be = break_even_rate(&upfront, &ten).unwrap();
    assert_eq!(be.len(), 1);
    assert!(be.roots()[0].abs() < 1e-12, "{be}");
    // Duration of the upfront payment on its own date is zero.
    let r = InterestRate::annual(0.05, DayCount::ActualActualIsda).unwrap();
    assert_eq!(duration(&upfront, &r, jan1).unwrap().macaulay, 0.0);
    let dur = duration(&ten, &r, jan1).unwrap();
    // Act/Act ISDA from 1 January: the k-th payment is exactly k years
    // out, so Macaulay = Σ k·1.05^−k / Σ 1.05^−k over k = 0..9 =
    // 4.099085006908661 (exact rationals, Python `fractions`).
    assert!((dur.macaulay - 4.099_085_006_908_661).abs() < 1e-12, "{dur}");
    assert!((dur.modified - dur.macaulay / 1.05).abs() < 1e-12);
    // DV01 ≈ PV · modified · 1bp.
    let pv: f64 = present_value(&ten, &FlatCurve::new(jan1, r))
        .unwrap()
        .amount()
        .to_string()
        .parse()
        .unwrap();
    assert!((dur.dv01 - pv * dur.modified * 1e-4).abs() < 1.0, "{dur}");
}

#[test]
fn curves_value_schedules() {
    let jan1 = d(2026, 1, 1);
    let ten = pledge(Plan::installments(jan1, 10, Frequency::Annual));
    // A flat zero curve equals the flat rate with the same conventions.
    let zero = ZeroCurve::new(
        jan1,
        [(d(2030, 1, 1), 0.04), (d(2040, 1, 1), 0.04)],
        Compounding::Continuous,
        DayCount::Actual365Fixed,
    )
    .unwrap();
    let flat = FlatCurve::new(jan1, InterestRate::continuous(0.04, DayCount::Actual365Fixed).unwrap());
    let (a, b) = (present_value(&ten, &zero).unwrap(), present_value(&ten, &flat).unwrap());
    assert!((a.amount() - b.amount()).abs() < dec!(0.001), "{a} vs {b}");
    // A discount-factor curve through the flat curve's factors agrees at its pillars.
    let pillars: Vec<_> = (1..=10)
        .map(|y| (d(2026 + y, 1, 1), flat.discount_factor(d(2026 + y, 1, 1)).unwrap()))
        .collect();
    let dfc = DiscountFactorCurve::new(jan1, pillars, DayCount::Actual365Fixed).unwrap();
    let c = present_value(&ten, &dfc).unwrap();
    assert!((c.amount() - b.amount()).abs() < dec!(0.001), "{c} vs {b}");
}

#[test]
fn excel_npv_conventions_differ_by_one_period() {
    let flows = [dec!(-10000), dec!(3000), dec!(4200), dec!(6800)];
    let excel = npv(0.1, &flows, FirstPeriod::One).unwrap();
    let numpy = npv(0.1, &flows, FirstPeriod::Zero).unwrap();
    assert_eq!(excel.round_dp(2), dec!(1188.44));
    assert_eq!((numpy / dec!(1.1)).round_dp(6), excel.round_dp(6));
}

#[test]
fn level_payments() {
    let pv = usd(dec!(289_407_700_000));
    let arrears = level_payment(pv, 0.045, 10, Timing::InArrears).unwrap();
    let advance = level_payment(pv, 0.045, 10, Timing::InAdvance).unwrap();
    assert!((arrears.amount() / advance.amount() - dec!(1.045)).abs() < dec!(1e-14));
    // 289.4077e9 is the PV of 35e9 a year in advance at 4.5%.
    assert_eq!((advance.amount() / dec!(1e9)).round_dp(2), dec!(35.00));
}

#[test]
fn irr_outcomes_serialize_as_the_cli_expects() {
    let r = irr(&[dec!(-100), dec!(230), dec!(-132)]).unwrap();
    let json = serde_json::to_value(&r).unwrap();
    assert_eq!(json["status"], "multiple");
    assert_eq!(json["roots"].as_array().unwrap().len(), 2);
    let none = serde_json::to_value(Roots::None).unwrap();
    assert_eq!(none["status"], "none");
}

#[test]
fn bad_input_is_a_typed_error() {
    let dates = [d(2026, 1, 1), d(2027, 1, 1)];
    let amounts = [dec!(-100), dec!(110)];
    let flows = [(dates[0], amounts[0]), (dates[1], amounts[1])];
    // Empty flows and mismatched lengths.
    assert!(matches!(xnpv(0.1, &[]), Err(Error::Empty { .. })));
    assert!(matches!(xnpv_columns(0.1, &[], &[]), Err(Error::Empty { .. })));
    assert!(matches!(xirr(&[]), Err(Error::Empty { .. })));
    assert!(matches!(npv(0.1, &[], FirstPeriod::Zero), Err(Error::Empty { .. })));
    assert!(matches!(irr(&[]), Err(Error::Empty { .. })));
    assert!(matches!(
        xnpv_columns(0.1, &dates, &amounts[..1]),
        Err(Error::LengthMismatch { dates: 2, amounts: 1 })
    ));
    assert!(matches!(
        xirr_columns(&dates[..1], &amounts),
        Err(Error::LengthMismatch { .. })
    ));
    // All-zero flows have no rate of return.
    assert!(matches!(irr(&[dec!(0), dec!(0)]), Err(Error::AllZeroFlows)));
    assert!(matches!(
        xirr(&flows.map(|(d, _)| (d, dec!(0)))),
        Err(Error::AllZeroFlows)
    ));
    // Rates at or below −100% and non-finite rates, from every f64 entry point.
    for bad in [-1.0, -2.5, f64::NAN, f64::INFINITY, f64::NEG_INFINITY] {
        assert!(xnpv(bad, &flows).is_err(), "xnpv {bad}");
        assert!(xnpv_columns(bad, &dates, &amounts).is_err(), "xnpv_columns {bad}");
        assert!(npv(bad, &amounts, FirstPeriod::One).is_err(), "npv {bad}");
        assert!(
            level_payment(usd(dec!(1)), bad, 3, Timing::InArrears).is_err(),
            "pmt {bad}"
        );
        assert!(
            InterestRate::annual(bad, DayCount::Actual365Fixed).is_err(),
            "rate {bad}"
        );
        let s = Schedule::new(Currency::USD, vec![CashFlow::new(d(2027, 1, 1), usd(dec!(1)), "x")]).unwrap();
        assert!(
            present_value_whole_periods(&s, bad, d(2026, 1, 1), Tenor::years(1)).is_err(),
            "whole {bad}"
        );
    }
    assert_eq!(
        xnpv(-1.0, &flows).unwrap_err().to_string(),
        "invalid rate -1: must be above -100%"
    );
    // Valuation date after every flow.
    let s = pledge(Plan::upfront(d(2026, 1, 1)));
    let late = FlatCurve::new(
        d(2030, 1, 1),
        InterestRate::annual(0.05, DayCount::Actual365Fixed).unwrap(),
    );
    assert!(matches!(
        present_value(&s, &late),
        Err(Error::NoFlowsAfterValuationDate { .. })
    ));
    let r = InterestRate::annual(0.05, DayCount::Actual365Fixed).unwrap();
    assert!(matches!(
        duration(&s, &r, d(2030, 1, 1)),
        Err(Error::NoFlowsAfterValuationDate { .. })
    ));
    // Curves: unsorted, duplicate pillars, non-positive discount factors, NaN rates.
    let jan1 = d(2026, 1, 1);
    let unsorted = ZeroCurve::new(
        jan1,
        [(d(2030, 1, 1), 0.03), (d(2028, 1, 1), 0.03)],
        Compounding::ANNUAL,
        DayCount::Actual365Fixed,
    );
    assert!(matches!(unsorted, Err(Error::InvalidCurve { .. })));
    let duplicate = DiscountFactorCurve::new(
        jan1,
        [(d(2028, 1, 1), 0.9), (d(2028, 1, 1), 0.8)],
        DayCount::Actual365Fixed,
    );
    assert!(matches!(duplicate, Err(Error::InvalidCurve { .. })));
    for df in [0.0, -0.5, f64::NAN] {
        let c = DiscountFactorCurve::new(jan1, [(d(2028, 1, 1), df)], DayCount::Actual365Fixed);
        assert!(c.is_err(), "df {df}");
    }
    let nan = ZeroCurve::new(
        jan1,
        [(d(2028, 1, 1), f64::NAN)],
        Compounding::ANNUAL,
        DayCount::Actual365Fixed,
    );
    assert!(nan.is_err());
    // Solver settings.
    let bad = SolverSettings {
        lower: Some(0.5),
        upper: Some(0.1),
        ..SolverSettings::default()
    };
    assert!(irr_with(&amounts, &bad).is_err());
    let nan = SolverSettings {
        tolerance: f64::NAN,
        ..SolverSettings::default()
    };
    assert!(irr_with(&amounts, &nan).is_err());
    // Break-even across currencies.
    let eur = Schedule::new(
        Currency::EUR,
        vec![CashFlow::new(jan1, Money::new(dec!(1), Currency::EUR), "e")],
    )
    .unwrap();
    assert!(matches!(break_even_rate(&s, &eur), Err(Error::CurrencyMismatch { .. })));
    // An annuity over no periods.
    assert!(matches!(
        level_payment(usd(dec!(1)), 0.05, 0, Timing::InArrears),
        Err(Error::ZeroCount { .. })
    ));
    // A simple rate whose factor is not positive.
    let simple = InterestRate::simple(-0.5, DayCount::Actual365Fixed).unwrap();
    let flows = [(d(2026, 1, 1), amounts[0]), (d(2030, 1, 1), amounts[1])];
    assert!(xnpv_at_interest_rate(&simple, &flows).is_err());
}
