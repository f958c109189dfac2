//! The Excel workbook read back with `calamine`: every flow, every total
//! and the yearly table against the schedule and the assessment, to the
//! minor unit.
#![cfg(feature = "xlsx")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use disburse::scenario::Scenario;
use rust_decimal::Decimal;

fn workbook(text: &str) -> (Scenario, Xlsx<Cursor<Vec<u8>>>) {
    let s = Scenario::from_toml(text).unwrap();
    let bytes = disburse::export::workbook(&s).unwrap();
    (s.clone(), Xlsx::new(Cursor::new(bytes)).unwrap())
}

/// A cell's number rounded to `units` decimals, as an exact decimal (the
/// workbook holds doubles; every amount here is far below 2^53 minor
/// units, so the rounding recovers the exact amount).
fn amount(cell: Option<&Data>, units: u32) -> Decimal {
    match cell {
        Some(Data::Float(x)) => Decimal::from_f64_retain(*x).unwrap().round_dp(units),
        Some(Data::Int(x)) => Decimal::from(*x),
        other => panic!("not a number: {other:?}"),
    }
}

fn text(cell: Option<&Data>) -> String {
    match cell {
        Some(Data::String(s)) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

/// Every plan sheet: the flows cell by cell, the `SUM` total (formula and
/// stored value) equal to the schedule's total.
fn check_flows(toml: &str) {
    let (s, mut book) = workbook(toml);
    let names = book.sheet_names();
    assert_eq!(names.first().map(String::as_str), Some("Summary"));
    let plans = s.schedules().unwrap();
    assert_eq!(names.len(), plans.len() + 1);
    for ((name, schedule), sheet) in plans.iter().zip(names.iter().skip(1)) {
        let units = u32::from(schedule.currency().minor_units());
        let values = book.worksheet_range(sheet).unwrap();
        let formulas = book.worksheet_formula(sheet).unwrap();
        assert_eq!(text(values.get_value((0, 0))), *name);
        assert_eq!(
            text(values.get_value((3, 1))),
            format!("amount ({})", schedule.currency().code())
        );
        let mut row = 4;
        let mut sum = Decimal::ZERO;
        for cf in schedule.iter() {
            let got = amount(values.get_value((row, 1)), units);
            assert_eq!(got, cf.amount.amount(), "{sheet} row {row}");
            // Dates are Excel dates.
            assert!(
                matches!(values.get_value((row, 0)), Some(Data::DateTime(_))),
                "{sheet} row {row}"
            );
            sum += got;
            row += 1;
        }
        assert_eq!(text(values.get_value((row, 0))), "total");
        let total = schedule.total().unwrap().amount();
        assert_eq!(sum, total, "{sheet}");
        assert_eq!(
            amount(values.get_value((row, 1)), units),
            total,
            "{sheet}: the stored SUM"
        );
        assert_eq!(
            formulas.get_value((row, 1)).map(String::as_str),
            Some(format!("SUM(B5:B{row})").as_str()),
            "{sheet}"
        );
    }
}

#[test]
fn japan_flows_and_totals_read_back_to_the_cent() {
    check_flows(include_str!("../examples/scenarios/japan_us_2025.toml"));
}

#[test]
fn every_shipped_scenario_reads_back() {
    for text in [
        include_str!("../examples/scenarios/korea_us_2025.toml"),
        include_str!("../examples/scenarios/korea_us_2025_swap.toml"),
        include_str!("../examples/scenarios/eu_pledge_2025.toml"),
        include_str!("../examples/scenarios/upfront_vs_10y.toml"),
    ] {
        check_flows(text);
    }
}

/// The yearly affordability table: each year's outlay and borrowing as
/// the assessment has them, the totals' formulas and stored values equal
/// to the sums of the rows, and the outlays' total equal to the schedule's.
#[test]
fn korea_yearly_table_reads_back() {
    let (s, mut book) = workbook(include_str!("../examples/scenarios/korea_us_2025.toml"));
    let a = s.affordability.clone().unwrap();
    let names = book.sheet_names();
    for ((_, schedule), sheet) in s.schedules().unwrap().iter().zip(names.iter().skip(1)) {
        let report = a.assess(schedule).unwrap();
        let values = book.worksheet_range(sheet).unwrap();
        let formulas = book.worksheet_formula(sheet).unwrap();
        // Columns E.. : year, outlay, outlay in payer's currency, income,
        // borrowed…
        assert_eq!(text(values.get_value((3, 4))), "year");
        assert_eq!(text(values.get_value((3, 5))), "outlay (USD)");
        assert_eq!(text(values.get_value((3, 8))), "borrowed (KRW)");
        let mut row = 4;
        let (mut outlays, mut borrowed) = (Decimal::ZERO, Decimal::ZERO);
        for y in &report.rows {
            assert_eq!(text(values.get_value((row, 4))), y.year.to_string());
            let o = amount(values.get_value((row, 5)), 2);
            let b = amount(values.get_value((row, 8)), 0);
            assert_eq!(o, y.outlay.amount(), "{sheet} {}", y.year);
            assert_eq!(b, y.funding.borrowed.amount(), "{sheet} {}", y.year);
            outlays += o;
            borrowed += b;
            row += 1;
        }
        assert_eq!(text(values.get_value((row, 4))), "total");
        assert_eq!(amount(values.get_value((row, 5)), 2), outlays);
        assert_eq!(amount(values.get_value((row, 8)), 0), borrowed);
        // The yearly outlays add up to the plan's flows.
        assert_eq!(outlays, schedule.total().unwrap().amount(), "{sheet}");
        assert_eq!(
            formulas.get_value((row, 5)).map(String::as_str),
            Some(format!("SUM(F5:F{row})").as_str())
        );
    }
    // The summary: one row per plan, the years in breach as a count and a
    // list in separate columns.
    let summary = book.worksheet_range("Summary").unwrap();
    let header: Vec<String> = (0..30)
        .filter_map(|c| match summary.get_value((7, c)) {
            Some(Data::String(s)) => Some(s.clone()),
            _ => None,
        })
        .collect();
    let count = header.iter().position(|h| h == "years in breach").unwrap() as u32;
    assert_eq!(header.get(count as usize + 1).map(String::as_str), Some("which years"));
    // "US demand: all upfront" breaches in 2026 only.
    assert_eq!(text(summary.get_value((8, 0))), "US demand: all upfront");
    assert_eq!(summary.get_value((8, count)), Some(&Data::Float(1.0)));
    assert_eq!(text(summary.get_value((8, count + 1))), "2026");
}
