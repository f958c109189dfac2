//! Reference tests against `tests/data/reference_values.json`, a copy of the
//! project's shared reference file (mpmath values at 50 digits and QuantLib
//! 1.44 schedule dates). When the shared original is present beside the
//! repository (`../shared/reference/values.json`), the copy must match it.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::time::{
    BusinessDayConvention, DateGeneration, DateSchedule, DayCount, NullCalendar, Tenor, WeekendsOnly,
};
use disburse::{Commitment, Currency, Money, PeriodBasis, Plan};
use rust_decimal::Decimal;
use serde_json::Value;
use std::str::FromStr;

fn reference() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/reference_values.json");
    let text = std::fs::read_to_string(path).expect("reference file");
    serde_json::from_str(&text).expect("reference json")
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::parse_from_str(v.as_str().unwrap(), "%Y-%m-%d").unwrap()
}

fn dates(v: &Value) -> Vec<NaiveDate> {
    v.as_array().unwrap().iter().map(date).collect()
}

/// FNV-1a (64-bit) of `bytes`: a fingerprint to pin the vendored copy.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// Length and FNV-1a of `../shared/reference/values.json` as of
/// 2026-12-02, when it was vendored.
const SHARED_FINGERPRINT: (usize, u64) = (8156, 0x0c46_02f5_cf4e_24da);

#[test]
fn vendored_copy_matches_shared_original() {
    let vendored = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/reference_values.json")).unwrap();
    // Always: the copy is byte for byte the shared file it was taken from.
    assert_eq!(
        (vendored.len(), fnv1a(&vendored)),
        SHARED_FINGERPRINT,
        "tests/data/reference_values.json is not the vendored shared file"
    );
    // Where the shared original is present (not in a clean clone), it has
    // not moved on since.
    let shared = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/reference/values.json");
    if let Ok(original) = std::fs::read(shared) {
        assert_eq!(original, vendored, "the shared reference file changed: vendor it again");
    }
}

#[test]
fn quantlib_monthly_eom_schedule() {
    let r = reference();
    let case = &r["schedule_monthly_eom"];
    let p = &case["params"];
    assert_eq!(p["tenor"], "1M (Monthly)");
    assert_eq!(p["convention"], "ModifiedFollowing");
    assert_eq!(p["terminationDateConvention"], "ModifiedFollowing");
    assert_eq!(p["rule"], "Forward");
    assert_eq!(p["endOfMonth"], true);
    let (effective, termination) = (date(&p["effective"]), date(&p["termination"]));
    let builder = DateSchedule::builder(effective, termination, Tenor::months(1))
        .convention(BusinessDayConvention::ModifiedFollowing)
        .termination_convention(BusinessDayConvention::ModifiedFollowing)
        .rule(DateGeneration::Forward)
        .end_of_month(true);

    let unadjusted = builder.calendar(&NullCalendar).build().unwrap();
    let want = dates(&case["dates_unadjusted"]);
    assert_eq!(unadjusted.dates().len(), want.len());
    for (i, (got, want)) in unadjusted.dates().iter().zip(&want).enumerate() {
        assert_eq!(got, want, "null calendar, date #{i}");
    }

    let weekends = builder.calendar(&WeekendsOnly).build().unwrap();
    let want = dates(&case["dates_weekends_only"]);
    assert_eq!(weekends.dates().len(), want.len());
    for (i, (got, want)) in weekends.dates().iter().zip(&want).enumerate() {
        assert_eq!(got, want, "weekends-only calendar, date #{i}");
    }
}

#[test]
fn year_fractions_to_twenty_digits() {
    let r = reference();
    let mut checked = 0;
    for case in r["year_fractions"].as_array().unwrap() {
        let (start, end) = (date(&case["start"]), date(&case["end"]));
        for (name, want) in case["values"].as_object().unwrap() {
            let dc = match name.as_str() {
                "Act/365F" => DayCount::Actual365Fixed,
                "Act/360" => DayCount::Actual360,
                "30/360 BondBasis (ISDA)" => DayCount::Thirty360BondBasis,
                "Act/Act ISDA" => DayCount::ActualActualIsda,
                other => panic!("unknown day count {other}"),
            };
            let got = dc.year_fraction(start, end).to_decimal().round_dp(20);
            let want = Decimal::from_str(want.as_str().unwrap()).unwrap();
            assert_eq!(got, want, "{name} from {start} to {end} ({})", case["note"]);
            checked += 1;
        }
    }
    assert_eq!(checked, 16);
}

#[test]
fn commitment_350b_plans() {
    let r = reference();
    let c = &r["commitment_350b"];
    let headline = Money::new(
        Decimal::from_str(c["headline_usd"].as_str().unwrap()).unwrap(),
        Currency::USD,
    );
    let start = date(&c["valuation_date"]);
    let upfront = Commitment::single("upfront", headline, Plan::upfront(start))
        .unwrap()
        .schedule()
        .unwrap();
    assert_eq!(upfront.len(), 1);
    assert_eq!(upfront.flows()[0].amount, headline);
    assert_eq!(upfront.flows()[0].date, start);

    // "35e9 on each 1 January 2026..2035"
    let ten = Commitment::single("ten", headline, Plan::installments(start, 10, Tenor::years(1))).unwrap();
    let s = ten.schedule().unwrap();
    let years = s.aggregate(PeriodBasis::CalendarYear).unwrap();
    assert_eq!(years.len(), 10);
    for (k, (flow, year)) in s.iter().zip(&years).enumerate() {
        let y = 2026 + k as i32;
        assert_eq!(flow.date, NaiveDate::from_ymd_opt(y, 1, 1).unwrap());
        assert_eq!(flow.amount.amount(), Decimal::from(35_000_000_000i64), "year {y}");
        assert_eq!(year.total, flow.amount);
    }
    assert_eq!(s.total().unwrap(), headline);
}

// ----- valuation -------------------------------------------------------------

use disburse::rates::{FlatCurve, InterestRate};
use disburse::valuation::{irr, present_value, present_value_whole_periods, xirr, xirr_columns, xnpv, xnpv_columns};

/// Relative error of `got` against a 50-digit reference.
fn rel_err(got: f64, reference: &str) -> f64 {
    let want: f64 = reference.parse().unwrap();
    ((got - want) / want).abs()
}

fn decimals(v: &Value) -> Vec<Decimal> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| Decimal::from_str(&x.to_string()).unwrap())
        .collect()
}

#[test]
fn excel_xnpv_and_xirr() {
    let r = reference();
    let case = &r["xnpv_excel_doc"];
    let inputs = &case["inputs"];
    let rate: f64 = inputs["rate"].as_str().unwrap().parse().unwrap();
    let (d, a) = (dates(&inputs["dates"]), decimals(&inputs["amounts"]));
    let v = xnpv_columns(rate, &d, &a).unwrap();
    let pairs: Vec<_> = d.iter().copied().zip(a.iter().copied()).collect();
    assert_eq!(xnpv(rate, &pairs).unwrap(), v);
    let exact = case["mpmath_50"].as_str().unwrap();
    let err = rel_err(v.to_string().parse().unwrap(), exact);
    eprintln!("reference error: xnpv_excel_doc {err:e}");
    assert!(err < 1e-14, "xnpv {v} vs {exact}: relative error {err:e}");
    assert_eq!(v.round_dp(2), Decimal::from_str("2086.65").unwrap());

    let case = &r["xirr_excel_doc"];
    let (d, a) = (dates(&case["inputs"]["dates"]), decimals(&case["inputs"]["amounts"]));
    let pairs: Vec<_> = d.iter().copied().zip(a.iter().copied()).collect();
    let root = xirr(&pairs).unwrap().unique().expect("one root");
    assert_eq!(xirr_columns(&d, &a).unwrap().unique(), Some(root));
    let exact = case["mpmath_50"].as_str().unwrap();
    let err = rel_err(root, exact);
    eprintln!("reference error: xirr_excel_doc {err:e}");
    assert!(err < 1e-13, "xirr {root} vs {exact}: relative error {err:e}");
    // Excel's documented 0.373362535 is its own stopping point, 1.5e-9 away.
    assert!((root - 0.373362535).abs() < 2e-9);
}

#[test]
fn commitment_350b_present_values() {
    let r = reference();
    let c = &r["commitment_350b"];
    let start = date(&c["valuation_date"]);
    let headline = Money::new(
        Decimal::from_str(c["headline_usd"].as_str().unwrap()).unwrap(),
        Currency::USD,
    );
    let upfront = Commitment::single("p", headline, Plan::upfront(start)).unwrap();
    let ten = upfront.with_plan(Plan::installments(start, 10, Tenor::years(1)));
    let curve = FlatCurve::new(start, InterestRate::annual(0.05, DayCount::Actual365Fixed).unwrap());
    let pv = &c["pv_at_0.05"];
    for (name, commitment) in [("upfront", &upfront), ("ten_equal_annual", &ten)] {
        let s = commitment.schedule().unwrap();
        let whole = present_value_whole_periods(&s, 0.05, start, Tenor::years(1)).unwrap();
        let act = present_value(&s, &curve).unwrap();
        // The Excel-style dated form must agree with the curve form.
        let flows: Vec<_> = s.iter().map(|f| (f.date, f.amount.amount())).collect();
        let dated = xnpv(0.05, &flows).unwrap();
        for (method, got) in [
            ("period_count", whole.amount()),
            ("act365f", act.amount()),
            ("act365f", dated),
        ] {
            let exact = pv[name][method].as_str().unwrap();
            let err = rel_err(got.to_string().parse().unwrap(), exact);
            eprintln!("reference error: 350b {name} {method} {err:e}");
            assert!(err < 1e-14, "{name} {method}: {got} vs {exact} ({err:e})");
            let cents = Decimal::from_str(exact).unwrap().round_dp(2);
            assert_eq!(got.round_dp(2), cents, "{name} {method} to the cent");
        }
    }
}

#[test]
fn irr_cases_every_root() {
    let r = reference();
    for case in r["irr_cases"].as_array().unwrap() {
        let flows = decimals(&case["periodic_flows"]);
        let want: Vec<String> = case["all_real_irrs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_str().unwrap().to_string())
            .collect();
        let got = irr(&flows).unwrap();
        assert_eq!(got.roots().len(), want.len(), "{}: {got}", case["name"]);
        for (g, w) in got.roots().iter().zip(&want) {
            let wf: f64 = w.parse().unwrap();
            eprintln!("reference error: irr {} {:e}", case["name"], ((g - wf) / wf).abs());
            assert!(
                (g - wf).abs() <= 1e-12 * wf.abs().max(1.0),
                "{}: {g} vs {w}",
                case["name"]
            );
        }
    }
}
