//! The golden affordability ledger: the CLI's JSON for
//! `tests/data/golden_ledger.toml` (share-of-flow growth, a USD stock with
//! inflows, a floor and a months-of-imports floor, income spent, an FX
//! series, an April fiscal year labelled by its start, a deferral that
//! fires, a budget, a swap line with rollovers, a KRW bullet and a USD
//! amortising loan, stock principal, a conversion cap that binds, unfunded
//! years and a stock below its floor) against an independent replay,
//! `tests/data/golden_ledger.py`, written from the documented rules with
//! exact decimals (`python3 tests/data/golden_ledger.py >
//! tests/data/golden_ledger.json`).
//!
//! Every amount of every row and the summary totals must agree exactly;
//! ratios (limit shares, share used, adequacy) within 1e-12 relative; the
//! two present values within one won (the engine discounts with f64).
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;
use std::str::FromStr;

use rust_decimal::Decimal;
use serde_json::Value;

fn engine() -> Value {
    let out = Command::new(env!("CARGO_BIN_EXE_disburse"))
        .args(["afford", "tests/data/golden_ledger.toml", "--format", "json"])
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 1);
    assert_eq!(plans[0]["name"], "installments and a top-up");
    plans[0]["report"].clone()
}

fn golden() -> Value {
    serde_json::from_str(include_str!("data/golden_ledger.json")).unwrap()
}

fn dec(v: &Value) -> Decimal {
    Decimal::from_str(v.as_str().unwrap_or_else(|| panic!("not a decimal string: {v}"))).unwrap()
}

/// A `Money` of the engine's JSON, checked to be in `currency`.
fn money(v: &Value, currency: &str, what: &str) -> Decimal {
    assert_eq!(v["currency"], currency, "{what}: {v}");
    dec(&v["amount"])
}

fn close(engine: &Value, golden: &Value, what: &str) {
    match (engine.as_f64(), golden.as_f64()) {
        (Some(e), Some(g)) => assert!((e - g).abs() <= 1e-12 * g.abs(), "{what}: engine {e}, replay {g}"),
        _ => assert!(engine.is_null() && golden.is_null(), "{what}: {engine} vs {golden}"),
    }
}

#[test]
fn every_field_of_every_row_matches_the_replay() {
    let report = engine();
    let golden = golden();
    let rows = report["rows"].as_array().unwrap();
    let want = golden["rows"].as_array().unwrap();
    // FY2026–FY2031 outlays, then service to the horizon FY2034.
    assert_eq!(rows.len(), 9);
    assert_eq!(rows.len(), want.len());
    for (r, g) in rows.iter().zip(want) {
        let y = g["year"].as_i64().unwrap();
        let w = |k: &str| format!("FY{y} {k}");
        assert_eq!(r["year"]["fiscal_year"].as_i64(), Some(y));
        for k in ["scheduled", "due", "paid", "carried"] {
            assert_eq!(money(&r["deferral"][k], "USD", &w(k)), dec(&g[k]), "{}", w(k));
        }
        assert_eq!(r["deferral"]["triggered"], g["triggered"], "{}", w("triggered"));
        assert_eq!(
            money(&r["outlay"], "USD", &w("outlay")),
            dec(&g["outlay"]),
            "{}",
            w("outlay")
        );
        assert_eq!(
            r["fx"].as_str().unwrap(),
            format!("1 USD = {} KRW in {y}", group(g["rate"].as_str().unwrap())),
            "{}",
            w("fx")
        );
        for k in [
            "outlay_payer",
            "capacity",
            "headroom",
            "interest",
            "principal_repaid",
            "debt_after",
            "converted",
        ] {
            assert_eq!(money(&r[k], "KRW", &w(k)), dec(&g[k]), "{}", w(k));
        }
        for k in ["stock_after", "stock_floor"] {
            assert_eq!(money(&r[k], "USD", &w(k)), dec(&g[k]), "{}", w(k));
        }
        assert_eq!(r["binding"], g["binding"], "{}", w("binding"));
        close(&r["share_used"], &g["share_used"], &w("share_used"));
        close(&r["adequacy"], &g["adequacy"], &w("adequacy"));
        let limits = r["limits"].as_array().unwrap();
        let want_limits = g["limits"].as_array().unwrap();
        assert_eq!(limits.len(), want_limits.len());
        for (l, gl) in limits.iter().zip(want_limits) {
            let n = w(gl["name"].as_str().unwrap());
            assert_eq!(l["name"], gl["name"], "{n}");
            assert_eq!(money(&l["limit"], "KRW", &n), dec(&gl["limit"]), "{n} limit");
            assert_eq!(money(&l["used"], "KRW", &n), dec(&gl["used"]), "{n} used");
            close(&l["share"], &gl["share"], &format!("{n} share"));
        }
        for k in ["from_income", "borrowed", "from_swap", "from_principal", "unfunded"] {
            assert_eq!(money(&r["funding"][k], "KRW", &w(k)), dec(&g["funding"][k]), "{}", w(k));
        }
        assert_eq!(r["breach"], g["breach"], "{}", w("breach"));
    }
}

#[test]
fn the_summary_matches_the_replay() {
    let s = engine()["summary"].clone();
    let g = golden()["summary"].clone();
    for k in [
        "total_interest",
        "total_borrowed",
        "total_repaid",
        "final_debt",
        "total_converted",
    ] {
        assert_eq!(money(&s[k], "KRW", k), dec(&g[k]), "{k}");
    }
    // Present values: the engine's f64 discount factors, the replay's
    // 60-digit decimals; at most one won apart.
    for k in ["pv_interest", "funding_cost"] {
        let d = (money(&s[k], "KRW", k) - dec(&g[k])).abs();
        assert!(d <= Decimal::ONE, "{k}: engine {}, replay {}", s[k], g[k]);
    }
    let year_of = |v: &Value| v["year"]["fiscal_year"].as_i64().unwrap();
    for (k, currency, field) in [
        ("peak", "KRW", "amount"),
        ("lowest_headroom", "KRW", "amount"),
        ("lowest_stock", "USD", "amount"),
        ("peak_carried", "USD", "amount"),
    ] {
        assert_eq!(year_of(&s[k]), g[k][0].as_i64().unwrap(), "{k} year");
        assert_eq!(money(&s[k][field], currency, k), dec(&g[k][1]), "{k}");
    }
    for k in ["largest_share", "lowest_adequacy"] {
        assert_eq!(year_of(&s[k]), g[k][0].as_i64().unwrap(), "{k} year");
        close(&s[k]["share"], &g[k][1], k);
    }
    for k in ["years_in_breach", "deferred_years"] {
        let years: Vec<i64> = s[k]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y["fiscal_year"].as_i64().unwrap())
            .collect();
        let want: Vec<i64> = g[k].as_array().unwrap().iter().map(|y| y.as_i64().unwrap()).collect();
        assert_eq!(years, want, "{k}");
    }
    assert_eq!(s["verdict"], g["verdict"]);
}

/// `1530` → `1,530`, as the FX rule prints a rate.
fn group(rate: &str) -> String {
    let (int, frac) = rate.split_once('.').map_or((rate, None), |(i, f)| (i, Some(f)));
    let mut out = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    out
}
