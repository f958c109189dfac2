//! The Markdown and CSV outputs of the command-line tool parse back to the
//! numbers of its JSON: CSV amounts are the JSON's rounded to the minor
//! unit (half away from zero), shares the same doubles; Markdown cells are
//! the JSON's in the table's unit, to its shown decimals.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::Command;

use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::Value;

const KOREA: &str = "examples/scenarios/korea_us_2025.toml";

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_disburse"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn dec(s: &str) -> Decimal {
    s.parse().unwrap_or_else(|_| panic!("not a decimal: {s:?}"))
}

/// JSON money's amount rounded to cents, half away from zero.
fn cents(v: &Value) -> Decimal {
    dec(v["amount"].as_str().unwrap()).round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

/// The rows of the first Markdown pipe table after the line containing
/// `after`: header cells, then each row's cells, trimmed.
fn md_table(md: &str, after: &str) -> (Vec<String>, Vec<Vec<String>>) {
    let cells = |l: &str| -> Vec<String> {
        l.trim()
            .trim_start_matches('|')
            .trim_end_matches('|')
            .split(" | ")
            .map(|c| c.trim().to_string())
            .collect()
    };
    let mut lines = md
        .lines()
        .skip_while(|l| !l.contains(after))
        .skip_while(|l| !l.starts_with('|'));
    let header = cells(lines.next().unwrap());
    let align = lines.next().unwrap();
    assert!(align.contains("---"), "{align}");
    let rows = lines.take_while(|l| l.starts_with('|')).map(cells).collect();
    (header, rows)
}

#[test]
fn compare_csv_and_markdown_match_the_json() {
    let json: Value = serde_json::from_str(&run(&["compare", KOREA, "--format", "json"])).unwrap();
    let csv_text = run(&["compare", KOREA, "--format", "csv"]);
    let md = run(&["compare", KOREA, "--format", "md"]);
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no column {name}"))
    };
    let rates: Vec<f64> = json["rates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_f64().unwrap())
        .collect();
    let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let plans = json["plans"].as_array().unwrap();
    assert_eq!(records.len(), plans.len());
    let (md_head, md_rows) = md_table(&md, "PV, its share of the headline");
    assert_eq!(md_head[0], "plan");
    assert_eq!(md_head[1], "PV @ 3%");
    assert_eq!(md_head[4], "share @ 3%");
    for ((p, r), m) in plans.iter().zip(&records).zip(&md_rows) {
        assert_eq!(&r[col("plan")], p["name"].as_str().unwrap());
        assert_eq!(m[0], p["name"].as_str().unwrap());
        assert_eq!(dec(&r[col("nominal")]), cents(&p["nominal"]));
        for (i, rate) in rates.iter().enumerate() {
            let pv = &p["present_values"][i];
            // CSV: exactly the JSON amount at cents, always two decimals.
            let cell = &r[col(&format!("pv_{rate}"))];
            assert_eq!(cell.split('.').nth(1).map(str::len), Some(2), "{cell}");
            assert_eq!(dec(cell), cents(pv));
            let share: f64 = r[col(&format!("pv_share_{rate}"))].parse().unwrap();
            assert_eq!(share, p["pv_shares"][i].as_f64().unwrap());
            // Markdown: USD billions to two decimals, shares to 0.1%.
            let shown = dec(&m[1 + i]) * Decimal::from(1_000_000_000);
            let exact = dec(pv["amount"].as_str().unwrap());
            assert!((shown - exact).abs() <= dec("5000000"), "{shown} vs {exact}");
            let pct: f64 = m[1 + rates.len() + i].trim_end_matches('%').parse().unwrap();
            assert!((pct / 100.0 - share).abs() <= 0.0005, "{pct} vs {share}");
        }
        // Years in breach: the count and the list in separate columns.
        let breach: Vec<String> = p["affordability"]["years_in_breach"]
            .as_array()
            .unwrap()
            .iter()
            .map(|y| y["year"].to_string())
            .collect();
        assert_eq!(r[col("years_in_breach")].parse::<usize>().unwrap(), breach.len());
        assert_eq!(&r[col("breach_years")], breach.join(";"));
        assert_eq!(&r[col("verdict")], p["affordability"]["verdict"].as_str().unwrap());
    }
    // The first plan pays $200B upfront in 2026 and breaches that year.
    assert_eq!(&records[0][col("years_in_breach")], "1");
    assert_eq!(&records[0][col("breach_years")], "2026");
}

#[test]
fn sensitivity_csv_and_markdown_match_the_json() {
    let json: Value = serde_json::from_str(&run(&["sensitivity", KOREA, "--format", "json"])).unwrap();
    let csv_text = run(&["sensitivity", KOREA, "--format", "csv"]);
    let md = run(&["sensitivity", KOREA, "--format", "md"]);
    let (head, rows) = md_table(&md, "basis:");
    let tenors = json["tenors_years"].as_array().unwrap();
    assert_eq!(head.len(), 1 + tenors.len());
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let mut k = 0;
    for (i, row) in json["present_values"].as_array().unwrap().iter().enumerate() {
        for (j, pv) in row.as_array().unwrap().iter().enumerate() {
            let r = &records[k];
            k += 1;
            assert_eq!(r[1].parse::<u64>().unwrap(), tenors[j].as_u64().unwrap());
            assert_eq!(dec(&r[2]), cents(pv), "rate {i} tenor {j}");
            let shown = dec(&rows[i][1 + j]) * Decimal::from(1_000_000_000);
            let exact = dec(pv["amount"].as_str().unwrap());
            assert!((shown - exact).abs() <= dec("5000000"), "{shown} vs {exact}");
        }
    }
    assert_eq!(k, records.len());
    // Hand value: $200B in 5 equal annual installments of $40B from the
    // valuation date at 3%, whole years: 40·(1 + 1/1.03 + 1/1.03² + 1/1.03³
    // + 1/1.03⁴) = 40 × 4.7170984028… = 188.6839361124…B (mpmath); the CSV
    // has it at cents.
    assert_eq!(&records[1][2], "188683936112.41");
}

#[test]
fn afford_and_returns_csv_match_the_json() {
    let json: Value = serde_json::from_str(&run(&["afford", KOREA, "--format", "json"])).unwrap();
    let csv_text = run(&["afford", KOREA, "--format", "csv"]);
    let mut csv = csv::Reader::from_reader(csv_text.as_bytes());
    let header: Vec<String> = csv.headers().unwrap().iter().map(String::from).collect();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let records: Vec<csv::StringRecord> = csv.records().map(Result::unwrap).collect();
    let mut k = 0;
    for p in json["plans"].as_array().unwrap() {
        for y in p["report"]["rows"].as_array().unwrap() {
            let r = &records[k];
            k += 1;
            assert_eq!(&r[col("plan")], p["name"].as_str().unwrap());
            assert_eq!(dec(&r[col("outlay")]), cents(&y["outlay"]));
            // KRW has no minor unit: whole won.
            let borrowed = dec(y["funding"]["borrowed"]["amount"].as_str().unwrap())
                .round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero);
            assert_eq!(dec(&r[col("borrowed")]), borrowed);
            assert!(!r[col("borrowed")].contains('.'));
        }
    }
    assert_eq!(k, records.len());

    let md = run(&["afford", KOREA, "--format", "md"]);
    assert!(md.starts_with("## US demand: all upfront\n"), "{md}");
    assert!(md.contains("| year | "), "{md}");

    let json: Value = serde_json::from_str(&run(&["returns", KOREA, "--format", "json"])).unwrap();
    let md = run(&["returns", KOREA, "--format", "md"]);
    let first = &json["plans"][0];
    let (head, rows) = md_table(&md, first["name"].as_str().unwrap());
    assert_eq!(head, ["year", "outlay", "project", "investor", "host", "investor net"]);
    assert_eq!(rows.len(), first["years"].as_array().unwrap().len());
    assert_eq!(rows[0][0], first["years"][0]["year"].to_string());
}
