//! Plan-level payment dates against QuantLib 1.44: installments until an
//! end date, annual caps paying monthly or quarterly in fiscal years, and
//! capital calls due a notice of business (or calendar) days after each
//! call, on `WeekendsOnly` and `TARGET` (its holidays listed by QuantLib).
//! Fixture and rules: `tests/data/gen_quantlib_plan_dates.py` →
//! `tests/data/quantlib_plan_dates.json`.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use disburse::{Currency, FiscalYear, Money, Plan, Schedule};
use rust_decimal::Decimal;
use serde_json::Value;

fn data() -> &'static Value {
    static DATA: OnceLock<Value> = OnceLock::new();
    DATA.get_or_init(|| serde_json::from_str(include_str!("data/quantlib_plan_dates.json")).unwrap())
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap()).unwrap()
}

fn date(v: &Value) -> NaiveDate {
    NaiveDate::from_str(v.as_str().unwrap()).unwrap()
}

/// The case's plan with `"calendar": "target"` replaced by QuantLib's
/// TARGET holidays, and its schedule for the case's amount in USD.
fn schedule(case: &Value) -> (Value, Schedule) {
    let mut plan = case["plan"].clone();
    if plan["calendar"] == "target" {
        plan["calendar"] = serde_json::json!({"holidays": {
            "name": "TARGET (QuantLib 1.44)",
            "holidays": data()["target_holidays"].clone(),
        }});
    }
    let p: Plan = serde_json::from_value(plan.clone()).unwrap_or_else(|e| panic!("{}: {e}", case["id"]));
    let s = p
        .schedule(Money::new(dec(&case["amount"]), Currency::USD), "q")
        .unwrap_or_else(|e| panic!("{}: {e}", case["id"]));
    (plan, s)
}

fn dates(s: &Schedule) -> Vec<NaiveDate> {
    s.iter().map(|f| f.date).collect()
}

fn cases(kind: &str) -> &'static [Value] {
    let c = data()[kind].as_array().unwrap();
    assert!(c.len() >= 10, "{kind}: {} cases", c.len());
    c
}

#[test]
fn installments_until_an_end_date_match_quantlib() {
    for c in cases("until") {
        let (_, s) = schedule(c);
        let want: Vec<NaiveDate> = c["dates"].as_array().unwrap().iter().map(date).collect();
        assert_eq!(dates(&s), want, "{}", c["id"]);
        // Equal parts of the amount, to the cent.
        assert_eq!(s.total().unwrap().amount(), dec(&c["amount"]), "{}", c["id"]);
    }
}

#[test]
fn annual_caps_in_fiscal_years_match_quantlib() {
    for c in cases("annual_cap") {
        let (plan, s) = schedule(c);
        let want: Vec<NaiveDate> = c["dates"].as_array().unwrap().iter().map(date).collect();
        assert_eq!(dates(&s), want, "{}", c["id"]);
        let fy: FiscalYear = serde_json::from_value(plan["year"].clone()).unwrap();
        let mut totals: BTreeMap<i32, Decimal> = BTreeMap::new();
        for f in s.iter() {
            *totals.entry(fy.year_of(f.date)).or_default() += f.amount.amount();
        }
        let want: BTreeMap<i32, Decimal> = c["year_totals"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| (i32::try_from(t[0].as_i64().unwrap()).unwrap(), dec(&t[1])))
            .collect();
        assert_eq!(totals, want, "{}", c["id"]);
    }
}

#[test]
fn capital_calls_on_notice_match_quantlib() {
    let mut capped = 0;
    let mut spilled = 0;
    for c in cases("capital_calls") {
        let (plan, s) = schedule(c);
        let got: Vec<(NaiveDate, Decimal)> = s.iter().map(|f| (f.date, f.amount.amount())).collect();
        let want: Vec<(NaiveDate, Decimal)> = c["flows"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (date(&f[0]), dec(&f[1])))
            .collect();
        assert_eq!(got, want, "{}", c["id"]);
        if plan.get("annual_cap").is_some() {
            capped += 1;
            let calls = plan["calls"].as_array().unwrap().len();
            if want.len() > calls {
                spilled += 1;
            }
        }
    }
    // The fixture exercises the cap, and spill-overs onto a first business
    // day of a fiscal year.
    assert!(capped >= 4 && spilled >= 2, "capped {capped}, spilled {spilled}");
}
