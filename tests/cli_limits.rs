//! The CLI at and past the documented limits (`disburse::limits`): each
//! input that used to exhaust memory or time is a one-line error naming the
//! field and the value, at once.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::process::{Command, Output, Stdio};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disburse"))
        .args(args)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

/// Fails with status 1 and one line on stderr, which is returned.
fn fails(args: &[&str]) -> String {
    let o = run(args);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(o.stdout.is_empty());
    assert_eq!(err.trim_end().lines().count(), 1, "{err}");
    err
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
    String::from_utf8(o.stdout).unwrap()
}

#[path = "common/temp_file.rs"]
mod temp_file;
use temp_file::TempFile;

fn scenario(plans: &[String]) -> String {
    let mut s = String::from("name = \"limits\"\ncurrency = \"USD\"\nheadline = \"350e9\"\n");
    for (i, p) in plans.iter().enumerate() {
        s.push_str(&format!("[[plans]]\nname = \"p{i}\"\nplan = {p}\n"));
    }
    s
}

/// A 6.7 KB scenario of daily installments from year 1 to 9999 made 3.65M
/// payments a plan (2.3 s and 320 MB for one plan, 9 s and 890 MB for
/// five, 60 aborted); they are now counted from the dates first.
#[test]
fn daily_installments_over_millennia_are_counted_not_generated() {
    let daily = r#"{ kind = "installments", start = "0001-01-01", end = "9999-12-31", tenor = "1D" }"#;
    let f = TempFile::new("millennia.toml", &scenario(&vec![daily.to_string(); 60]));
    let e = fails(&["check", f.path()]);
    assert!(
        e.contains("plans[0].plan.end: payment count is out of range: must be at most 100000, got 3652058"),
        "{e}"
    );
}

#[test]
fn payments_of_all_plans_together_are_limited() {
    let plan = r#"{ kind = "installments", start = "2026-01-01", count = 100000, tenor = "1D" }"#;
    let f = TempFile::new("eleven.toml", &scenario(&vec![plan.to_string(); 11]));
    let e = fails(&["check", f.path()]);
    assert!(
        e.contains("plans: the plans make more than 1000000 payments together (1100000 up to plans[10])"),
        "{e}"
    );
    // Ten plans at the plan limit are within the scenario limit.
    let f = TempFile::new("ten.toml", &scenario(&vec![plan.to_string(); 10]));
    assert!(ok(&["check", f.path()]).starts_with("ok: 10 plans"));
}

/// 60 million business days' notice took 62 s for 100 calls.
#[test]
fn notice_past_the_maximum_is_an_error() {
    let calls = |days: u32| {
        let list: Vec<String> = (0..100)
            .map(|i| format!("{{ notice = \"2026-01-{:02}\", amount = \"3.5e9\" }}", i % 28 + 1))
            .collect();
        format!(
            "{{ kind = \"capital_calls\", notice_days = {days}, calendar = \"weekends_only\", calls = [{}] }}",
            list.join(", ")
        )
    };
    let f = TempFile::new("notice.toml", &scenario(&[calls(60_000_000)]));
    let e = fails(&["check", f.path()]);
    assert!(
        e.contains("plans[0].plan.notice_days: notice days is out of range: must be at most 3650, got 60000000"),
        "{e}"
    );
    let f = TempFile::new("notice_max.toml", &scenario(&[calls(3_650)]));
    assert!(ok(&["check", f.path()]).starts_with("ok: 1 plan"));
}

/// A file past `MAX_INPUT_BYTES` is refused before it is read (70 MB of
/// blank lines took 8.9 s and 3.3 GB to be told a field is missing).
#[test]
fn inputs_past_64_mib_are_refused() {
    let f = TempFile::new("huge.toml", "");
    let file = std::fs::OpenOptions::new().write(true).open(f.path()).unwrap();
    file.set_len(disburse::limits::MAX_INPUT_BYTES + 1).unwrap(); // sparse
    let e = fails(&["check", f.path()]);
    assert!(
        e.contains("huge.toml: input size in bytes is out of range: must be at most 67108864, got 67108865"),
        "{e}"
    );
    let e = fails(&[
        "dates",
        "--from",
        "2026-01-01",
        "--to",
        "2027-01-01",
        "--tenor",
        "1M",
        "--holidays",
        f.path(),
    ]);
    assert!(e.contains("input size in bytes is out of range"), "{e}");
}

/// A holiday list spanning more than 4,096 years (no bitmap) with long
/// runs of holidays: each date's adjustment used to walk the run.
#[test]
fn holiday_lists_over_millennia_adjust_as_short_ones() {
    let start = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let mut near: Vec<String> = (0..3_000)
        .filter(|k| k % 1_000 != 999)
        .map(|k| (start + chrono::TimeDelta::days(k)).to_string())
        .collect();
    let short = TempFile::new("short.txt", &near.join("\n"));
    near.extend(["0001-01-01".to_string(), "9000-01-03".to_string()]);
    let long = TempFile::new("long.txt", &near.join("\n"));
    let args = |file: &str| {
        ok(&[
            "dates",
            "--from",
            "2025-12-01",
            "--to",
            "2035-01-01",
            "--tenor",
            "1D",
            "--calendar",
            "weekends",
            "--convention",
            "following",
            "--holidays",
            file,
        ])
    };
    let a = args(short.path());
    assert_eq!(a, args(long.path()));
    assert!(
        a.lines().any(|l| l.starts_with("2028-09-26")),
        "the business day after the first run"
    );
}
