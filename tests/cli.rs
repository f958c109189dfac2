//! The `disburse` command-line tool, run as a user would run it.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::io::Write;
use std::process::{Command, Output, Stdio};

const EXCEL_XNPV: &str =
    "date,amount\n2008-01-01,-10000\n2008-03-01,2750\n2008-10-30,4250\n2009-02-15,3250\n2009-04-01,2750\n";

/// Runs the binary with `args`, feeding `stdin`.
fn run_with_stdin(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_disburse"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A command that fails before reading its input closes the pipe: not
    // an error here.
    let _ = child.stdin.take().unwrap().write_all(stdin.as_bytes());
    child.wait_with_output().unwrap()
}

fn run(args: &[&str]) -> Output {
    run_with_stdin(args, "")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).unwrap()
}

/// Succeeds and returns stdout.
fn ok(args: &[&str]) -> String {
    ok_with_stdin(args, "")
}

fn ok_with_stdin(args: &[&str], input: &str) -> String {
    let o = run_with_stdin(args, input);
    assert_eq!(o.status.code(), Some(0), "{args:?}: stderr {}", stderr(&o));
    assert!(o.stderr.is_empty(), "{args:?}: stderr {}", stderr(&o));
    stdout(&o)
}

/// Fails with status 1 and one line on stderr, which is returned.
fn fails(args: &[&str]) -> String {
    fails_with_stdin(args, "")
}

fn fails_with_stdin(args: &[&str], input: &str) -> String {
    let o = run_with_stdin(args, input);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{args:?}: stdout {} stderr {err}", stdout(&o));
    assert!(o.stdout.is_empty(), "{args:?}: stdout {}", stdout(&o));
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("disburse: "), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    err.trim_end().to_string()
}

fn json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap()
}

/// The decimal in a JSON string, or in the `amount` of a JSON money.
fn decimal(v: &serde_json::Value) -> rust_decimal::Decimal {
    let text = v
        .as_str()
        .or_else(|| v["amount"].as_str())
        .unwrap_or_else(|| panic!("{v}"));
    text.parse().unwrap()
}

/// Asserts a JSON amount within `tolerance` of `want` (a decimal string
/// derived outside the crate).
fn assert_amount(v: &serde_json::Value, want: &str, tolerance: &str, label: &str) {
    let (got, want): (rust_decimal::Decimal, rust_decimal::Decimal) = (decimal(v), want.parse().unwrap());
    let tolerance: rust_decimal::Decimal = tolerance.parse().unwrap();
    assert!((got - want).abs() <= tolerance, "{label}: got {got}, want {want}");
}

#[path = "common/temp_file.rs"]
mod temp_file;
use temp_file::TempFile;

// ----- xnpv and xirr ---------------------------------------------------------

#[test]
fn xnpv_excel_example() {
    let f = TempFile::new("xnpv.csv", EXCEL_XNPV);
    let v = json(&ok(&["xnpv", "--rate", "0.09", f.path(), "--format", "json"]));
    let value = v["value"].as_str().unwrap();
    assert!(value.starts_with("2086.6476"), "{value}");
    assert_eq!(v.as_object().unwrap().len(), 1);
    // The table names the value.
    let t = ok(&["xnpv", "--rate", "9%", f.path()]);
    assert!(t.lines().next().unwrap().starts_with("xnpv"), "{t}");
    assert!(t.contains(value), "{t}");
}

#[test]
fn xirr_excel_example() {
    let f = TempFile::new("xirr.csv", EXCEL_XNPV);
    let v = json(&ok(&["xirr", f.path(), "--format", "json"]));
    assert_eq!(v["status"], "unique");
    let roots = v["roots"].as_array().unwrap();
    assert_eq!(roots.len(), 1);
    let r = roots[0].as_str().unwrap();
    assert!(r.starts_with("0.37336253"), "{r}");
    // Full precision: the string reads back as the root.
    assert!((r.parse::<f64>().unwrap() - 0.373_362_533_518_831_5).abs() < 1e-12);
    let t = ok(&["xirr", f.path()]);
    assert!(t.contains("unique") && t.contains(r), "{t}");
}

#[test]
fn json_keys_in_documented_order() {
    let f = TempFile::new("order.csv", EXCEL_XNPV);
    let out = ok(&["xirr", f.path(), "--format", "json"]);
    assert!(
        out.starts_with("{\"status\":\"unique\",\"roots\":[\"0.37336253"),
        "{out}"
    );
    assert_eq!(out.lines().count(), 1);
}

#[test]
fn stdin_input() {
    let v = json(&ok_with_stdin(
        &["xnpv", "--rate", "0.09", "-", "--format", "json"],
        EXCEL_XNPV,
    ));
    assert!(v["value"].as_str().unwrap().starts_with("2086.6476"));
    let v = json(&ok_with_stdin(&["irr", "--format", "json", "-"], "-100\n230\n-132\n"));
    assert_eq!(v["status"], "multiple");
}

#[test]
fn xirr_on_the_whole_domain() {
    // One month, 150 for 100: 1.5^(365/30) − 1 = 137.81731877375483 (mpmath).
    let out = ok_with_stdin(&["xirr", "-", "--format", "json"], "2026-01-01,-100\n2026-01-31,150\n");
    let v = json(&out);
    assert_eq!(v["status"], "unique", "{out}");
    let r: f64 = v["roots"][0].as_str().unwrap().parse().unwrap();
    assert!((r - 137.817_318_773_754_83).abs() <= 1e-12 * 138.8, "{r}");
    // A write-off: −99.9%.
    let out = ok_with_stdin(&["xirr", "-", "--format", "json"], "2026-01-01,-100\n2027-01-01,0.1\n");
    assert_eq!(out.trim(), r#"{"status":"unique","roots":["-0.999"]}"#);
    // The table says what was searched.
    let t = ok_with_stdin(&["xirr", "-"], "2026-01-01,-100\n2027-01-01,0.1\n");
    assert_eq!(
        t,
        "status    unique\nroot      -0.999  (-99.900000%)\nsearched  every rate above -100%\n"
    );
}

#[test]
fn xirr_lower_and_upper_flags() {
    let flows = "2026-01-01,-100\n2027-01-01,1\n";
    // −99% on the lower bound is included; above it there is none.
    let v = json(&ok_with_stdin(
        &["xirr", "-", "--lower", "-99%", "--format", "json"],
        flows,
    ));
    assert_eq!(v["roots"][0], "-0.99");
    let t = ok_with_stdin(&["xirr", "-", "--lower", "-0.5", "--upper", "2"], flows);
    assert_eq!(
        t,
        "status    none\nroots     no rate makes the value zero\nsearched  from -50% to 200%\n"
    );
    // irr takes the same flags.
    let v = json(&ok_with_stdin(
        &["irr", "-", "--upper", "15%", "--format", "json"],
        "-100\n230\n-132\n",
    ));
    assert_eq!(v["status"], "unique");
    // Bad bounds are one-line errors naming the bound.
    let e = fails_with_stdin(&["xirr", "-", "--lower", "0.5", "--upper", "0.1"], flows);
    assert_eq!(
        e,
        "disburse: solver bounds is out of range: upper bound 0.1 must exceed lower bound 0.5"
    );
    let e = fails_with_stdin(&["xirr", "-", "--lower", "-100%"], flows);
    assert_eq!(e, "disburse: --lower: invalid rate \"-100%\": must be above -100%");
    let e = fails_with_stdin(&["irr", "-", "--upper", "lots"], "-1\n2\n");
    assert_eq!(
        e,
        "disburse: --upper: invalid rate \"lots\" (expected a fraction such as 0.09, or 9%)"
    );
}

#[test]
fn messages_name_the_real_cause() {
    let flows = "2008-01-01,-100\n2009-01-01,110\n";
    for rate in ["1e308", "1e400", "1e16"] {
        let e = fails_with_stdin(&["xnpv", "--rate", rate, "-"], flows);
        assert_eq!(
            e,
            format!("disburse: invalid rate \"{rate}\": must be at most 1e15 in magnitude")
        );
    }
    // Calls 1,474 years apart with an ample cap: the calls' span, not the cap.
    let f = TempFile::new(
        "far-calls.toml",
        "name = \"t\"\ncurrency = \"USD\"\nheadline = \"100\"\n\n[[plans]]\nname = \"far calls\"\n[plans.plan]\n\
         kind = \"capital_calls\"\nnotice_days = 10\nannual_cap = \"1000\"\ncalls = [\n  \
         { notice = \"2026-02-18\", amount = \"50\" },\n  { notice = \"3500-05-15\", amount = \"50\" },\n]\n",
    );
    let e = fails(&["check", f.path()]);
    assert!(
        e.ends_with(
            "far-calls.toml: plans[0].plan.calls: years from the first capital call to the last is out of range: \
             must be at most 1000, got 1474 (line 11, column 9)"
        ),
        "{e}"
    );
    let e = fails(&["compare", "--chart", ".svg"]);
    assert_eq!(
        e,
        "disburse: --chart .svg: the file needs a name before the extension (e.g. chart.svg)"
    );
    let e = fails(&[
        "dates",
        "--from",
        "2026-01-01",
        "--to",
        "2027-01-01",
        "--tenor",
        "1M",
        "--rule",
        "zero",
        "--first-date",
        "2026-03-01",
    ]);
    assert_eq!(
        e,
        "disburse: first date 2026-03-01 cannot be used with the Zero rule (a single period from effective to termination date, no stub)"
    );
}

#[test]
fn xirr_needs_dates() {
    let e = fails_with_stdin(&["xirr", "-"], "-100\n110\n");
    assert_eq!(
        e,
        "disburse: xirr needs `date,amount` lines, but the flows have no dates"
    );
}

// ----- npv and irr -----------------------------------------------------------

#[test]
fn irr_two_roots() {
    let f = TempFile::new("irr2.csv", "# two sign changes\n-100\n230\n-132\n");
    let v = json(&ok(&["irr", f.path(), "--format", "json"]));
    assert_eq!(v["status"], "multiple");
    let roots: Vec<f64> = v["roots"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r.as_str().unwrap().parse().unwrap())
        .collect();
    assert_eq!(roots.len(), 2);
    assert!(
        (roots[0] - 0.1).abs() < 1e-12 && (roots[1] - 0.2).abs() < 1e-12,
        "{roots:?}"
    );
}

#[test]
fn irr_no_root() {
    let f = TempFile::new("irr0.csv", "amount\n100\n200\n300\n");
    let v = json(&ok(&["irr", f.path(), "--format", "json"]));
    assert_eq!(v, json(r#"{"status": "none", "roots": []}"#));
    let t = ok(&["irr", f.path()]);
    assert_eq!(
        t,
        "status    none\nroots     no rate makes the value zero\nsearched  every rate above -100%\n"
    );
}

#[test]
fn irr_ignores_dates() {
    let f = TempFile::new("irr-dated.csv", EXCEL_XNPV);
    let v = json(&ok(&["irr", f.path(), "--format", "json"]));
    assert_eq!(v["status"], "unique");
}

#[test]
fn npv_excel_example() {
    let f = TempFile::new("npv.csv", "-10000\n3000\n4200\n6800\n");
    let v = json(&ok(&[
        "npv",
        "--rate",
        "0.1",
        "--first-period",
        "1",
        f.path(),
        "--format",
        "json",
    ]));
    let value: rust_decimal::Decimal = v["value"].as_str().unwrap().parse().unwrap();
    assert_eq!(value.round_dp(2).to_string(), "1188.44");
    // Default: the first flow at t = 0, undiscounted (1.1 times Excel's).
    let v0 = json(&ok(&["npv", "--rate", "0.1", f.path(), "--format", "json"]));
    let value0: rust_decimal::Decimal = v0["value"].as_str().unwrap().parse().unwrap();
    assert_eq!(value0.round_dp(2).to_string(), "1307.29");
}

// ----- yearfrac and dates ------------------------------------------------------

#[test]
fn yearfrac_act_360() {
    let v = json(&ok(&[
        "yearfrac",
        "--day-count",
        "act/360",
        "2026-01-01",
        "2027-01-01",
        "--format",
        "json",
    ]));
    assert!(v["value"].as_str().unwrap().starts_with("1.0138888888888888"), "{v}");
    assert_eq!(v["fraction"], "365/360");
    let t = ok(&["yearfrac", "--day-count", "act/360", "2026-01-01", "2027-01-01"]);
    assert!(t.contains("1.01388888") && t.contains("365/360"), "{t}");
}

#[test]
fn dates_quantlib_end_of_month() {
    let args = [
        "dates",
        "--from",
        "2026-01-31",
        "--to",
        "2026-06-30",
        "--tenor",
        "1M",
        "--calendar",
        "weekends",
        "--convention",
        "modified-following",
        "--end-of-month",
    ];
    let expected = [
        "2026-01-30",
        "2026-02-27",
        "2026-03-31",
        "2026-04-30",
        "2026-05-29",
        "2026-06-30",
    ];
    let mut with_json = args.to_vec();
    with_json.extend(["--format", "json"]);
    let v = json(&ok(&with_json));
    assert_eq!(v, serde_json::json!({ "dates": expected }));
    let t = ok(&args);
    assert_eq!(t.lines().collect::<Vec<_>>(), expected);
}

#[test]
fn dates_with_holidays_and_backward_stub() {
    let h = TempFile::new("holidays.txt", "# one holiday\n2026-03-31\n");
    let v = json(&ok(&[
        "dates",
        "--from",
        "2026-01-15",
        "--to",
        "2026-03-31",
        "--tenor",
        "1M",
        "--calendar",
        "weekends",
        "--holidays",
        h.path(),
        "--convention",
        "following",
        "--termination-convention",
        "unadjusted",
        "--rule",
        "backward",
        "--format",
        "json",
    ]));
    // Backward from 03-31: 02-28 (Saturday, so 03-02), 01-31 (Saturday →
    // 02-02), and the front stub from 01-15; the termination stays.
    assert_eq!(
        v,
        serde_json::json!({ "dates": ["2026-01-15", "2026-02-02", "2026-03-02", "2026-03-31"] })
    );
}

// ----- bad inputs --------------------------------------------------------------

#[test]
fn missing_file() {
    let e = fails(&["xnpv", "--rate", "0.09", "/nonexistent/disburse-flows.csv"]);
    assert!(
        e.starts_with("disburse: cannot read /nonexistent/disburse-flows.csv: "),
        "{e}"
    );
}

#[test]
fn bad_csv_line_is_named() {
    let f = TempFile::new(
        "bad.csv",
        "date,amount\n2008-01-01,-10000\n2008-03-01,2750\n2008-10-30,12x\n",
    );
    let e = fails(&["xirr", f.path()]);
    assert!(
        e.ends_with("line 4: invalid amount \"12x\" (expected a decimal such as -10000, 2750.50 or 1e9)"),
        "{e}"
    );
    let e = fails_with_stdin(&["xnpv", "--rate", "0.09", "-"], "2008-01-01,-1\n2008-02-30,1\n");
    assert_eq!(
        e,
        "disburse: standard input: line 2: invalid date \"2008-02-30\" (expected YYYY-MM-DD, four-digit year)"
    );
    let e = fails_with_stdin(&["irr", "-"], "# nothing\n");
    assert_eq!(e, "disburse: standard input: no cash flows found");
}

#[test]
fn rate_of_minus_one() {
    let f = TempFile::new("rate.csv", EXCEL_XNPV);
    for rate in [["--rate", "-1"], ["--rate=-1", "--format=table"], ["--rate", "-100%"]] {
        let mut args = vec!["xnpv"];
        args.extend(rate);
        args.push(f.path());
        let e = fails(&args);
        assert!(e.contains("rate") && e.contains("-1"), "{e}");
    }
    let e = fails(&["npv", "--rate", "ten", f.path()]);
    assert!(e.contains("invalid rate \"ten\""), "{e}");
}

#[test]
fn unknown_day_count() {
    let e = fails(&["yearfrac", "--day-count", "act/999", "2026-01-01", "2027-01-01"]);
    assert!(e.starts_with("disburse: invalid day count `act/999`"), "{e}");
    let e = fails(&["yearfrac", "--day-count", "act/360", "2026-01-01", "tomorrow"]);
    assert_eq!(
        e,
        "disburse: invalid end date \"tomorrow\" (expected YYYY-MM-DD, four-digit year)"
    );
}

#[test]
fn unknown_convention_tenor_and_calendar() {
    let base = ["dates", "--from", "2026-01-31", "--to", "2026-06-30"];
    let with = |extra: &[&'static str]| {
        let mut a = base.to_vec();
        a.extend_from_slice(extra);
        fails(&a)
    };
    let e = with(&["--tenor", "1M", "--convention", "sideways"]);
    assert!(
        e.starts_with("disburse: invalid business-day convention `sideways`"),
        "{e}"
    );
    let e = with(&["--tenor", "1Q"]);
    assert!(e.starts_with("disburse: invalid tenor `1Q`"), "{e}");
    let e = with(&["--tenor", "1M", "--calendar", "mars"]);
    assert!(
        e.starts_with("disburse: invalid calendar `mars`: expected one of null (none), weekends_only"),
        "{e}"
    );
    let e = with(&["--tenor", "1M", "--rule", "sideways"]);
    assert_eq!(
        e,
        "disburse: invalid date-generation rule `sideways`: expected one of forward, backward, zero (any case)"
    );
    let e = with(&["--tenor", "1M", "--first-date", "2027-01-01"]);
    assert!(e.contains("first date 2027-01-01 lies outside the schedule"), "{e}");
}

#[test]
fn bad_holiday_file_is_named() {
    let h = TempFile::new("bad-holidays.txt", "2026-01-01\nnew year\n");
    let e = fails(&[
        "dates",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-01",
        "--tenor",
        "1M",
        "--holidays",
        h.path(),
    ]);
    assert!(
        e.ends_with("line 2: invalid date \"new year\" (expected YYYY-MM-DD, four-digit year)"),
        "{e}"
    );
}

#[test]
fn usage_errors_exit_2() {
    let o = run(&["xnpv", "--rate", "0.1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!stderr(&o).contains("panicked"));
    let o = run(&["frobnicate"]);
    assert_eq!(o.status.code(), Some(2));
    let o = run(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("xirr"));
}

// ----- scenarios ---------------------------------------------------------------

/// A scenario file of the repository's examples.
fn example(name: &str) -> String {
    format!("{}/examples/scenarios/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_examples() {
    assert_eq!(ok(&["check", &example("korea_us_2025.toml")]), "ok: 4 plans\n");
    assert_eq!(ok(&["check", &example("upfront_vs_10y.json")]), "ok: 2 plans\n");
    let v = json(&ok(&["check", &example("upfront_vs_10y.toml"), "--format", "json"]));
    assert_eq!(v["status"], "ok");
    assert_eq!(
        v["plans"],
        serde_json::json!(["all upfront", "ten annual installments"])
    );
}

#[test]
fn check_broken_scenario() {
    let f = TempFile::new(
        "broken.toml",
        "name = \"x\"\ncurrency = \"USD\"\nheadline = \"100e9\"\n[[plans]]\nname = \"capped\"\nplan = { kind = \"annual_cap\", start = \"2026-01-01\", cap = \"-5\" }\n",
    );
    let e = fails(&["check", f.path()]);
    assert!(
        e.contains("broken.toml: plans[0].plan.cap: must be positive, got USD -5.00 (line 6, column "),
        "{e}"
    );
    let f = TempFile::new("syntax.json", "{\n  \"name\": 3\n}");
    let e = fails(&["check", f.path()]);
    assert!(e.contains("name: ") && e.contains("line 2"), "{e}");
    let e = fails(&["check", "deal.yaml"]);
    assert!(e.contains("expected a .toml or .json extension"), "{e}");
    let e = fails(&["check", "/nonexistent/deal.toml"]);
    assert!(e.starts_with("disburse: cannot read /nonexistent/deal.toml"), "{e}");
}

#[test]
fn check_reports_errors_as_json_for_editors() {
    // With --format json the error is also one JSON object on stdout
    // (path, message, line, column), the exit status 1 and the usual line
    // on stderr.
    let f = TempFile::new(
        "slashes.toml",
        "name = \"x\"\ncurrency = \"USD\"\nheadline = \"100e9\"\n[[plans]]\nname = \"a\"\nplan = { kind = \"upfront\", date = \"2026/01/01\" }\n",
    );
    let o = run_with_stdin(&["check", f.path(), "--format", "json"], "");
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert_eq!(out.lines().count(), 1, "{out}");
    let v = json(&out);
    assert_eq!(v["status"], "error");
    assert_eq!(v["file"], f.path());
    assert_eq!(v["path"], "plans[0].plan.date");
    assert_eq!(
        v["message"],
        "invalid date `2026/01/01`: expected a date YYYY-MM-DD with a four-digit year"
    );
    assert_eq!((v["line"].as_u64(), v["column"].as_u64()), (Some(6), Some(35)));
    let err = stderr(&o);
    assert!(
        err.starts_with("disburse: ") && err.contains("plans[0].plan.date: invalid date"),
        "{err}"
    );
    // A file that cannot be read: no path, no position.
    let o = run_with_stdin(&["check", "/nonexistent/deal.toml", "--format", "json"], "");
    assert_eq!(o.status.code(), Some(1));
    let v = json(&stdout(&o));
    assert_eq!((v["status"].as_str(), v["path"].as_str()), (Some("error"), Some("")));
    assert!(v["line"].is_null() && v["column"].is_null());
    assert!(
        v["message"]
            .as_str()
            .unwrap()
            .starts_with("cannot read /nonexistent/deal.toml")
    );
}

#[test]
fn schedule_of_a_plan() {
    let path = example("upfront_vs_10y.toml");
    // Every flow of both plans: 350e9 on 2026-01-01, or 35e9 on each
    // 1 January 2026–2035.
    let v = json(&ok(&["schedule", &path, "--format", "json"]));
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 2);
    assert_eq!(plans[0]["name"], "all upfront");
    assert_eq!(plans[1]["name"], "ten annual installments");
    let flows = plans[1]["flows"].as_array().unwrap();
    assert_eq!(flows.len(), 10);
    for (k, f) in flows.iter().enumerate() {
        assert_eq!(f["date"], format!("{}-01-01", 2026 + k));
        assert_eq!(
            decimal(&f["amount"]),
            rust_decimal::Decimal::from(35_000_000_000u64),
            "{f}"
        );
    }
    assert_eq!(
        decimal(&plans[0]["flows"][0]["amount"]),
        rust_decimal::Decimal::from(350_000_000_000u64)
    );
    let csv = ok(&[
        "schedule",
        &path,
        "--plan",
        "ten annual installments",
        "--format",
        "csv",
    ]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines[0], "plan,date,amount,currency,tranche");
    assert_eq!(lines.len(), 11);
    assert!(
        lines[1].starts_with("ten annual installments,2026-01-01,35000000000"),
        "{}",
        lines[1]
    );
    let v = json(&ok(&["schedule", &path, "--plan", "all upfront", "--format", "json"]));
    assert_eq!(v["plans"][0]["name"], "all upfront");
    assert_eq!(v["plans"][0]["flows"][0]["date"], "2026-01-01");
    assert_eq!(v["plans"][0]["flows"].as_array().unwrap().len(), 1);
    let e = fails(&["schedule", &path, "--plan", "nope"]);
    assert!(
        e.starts_with("disburse: no plan named `nope`; the plans are `all upfront`"),
        "{e}"
    );
}

#[test]
fn afford_table_and_json() {
    let path = example("korea_us_2025.toml");
    let t = ok(&["afford", &path, "--plan", "Agreed: at most $20B a year"]);
    assert!(t.starts_with("Agreed: at most $20B a year\n"), "{t}");
    // The rules first: the FX rule, what each limit limits, the funding,
    // the horizon.
    let header: Vec<&str> = t.lines().skip(1).take_while(|l| !l.is_empty()).collect();
    assert_eq!(
        header[0],
        "FX: 1 USD = 1,430 KRW in 2026 (USD/KRW flat 1430, through 2045)"
    );
    assert_eq!(
        header[1],
        "limit `FX market absorption`: at most ₩28.60T a year of KRW converted into USD"
    );
    assert!(header.iter().any(|l| l.starts_with("horizon: to 2045")), "{t}");
    // Two tables: what each year asked and what bound it, then how it was paid.
    let tables: Vec<Vec<&str>> = t
        .lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("year "))
        .map(|(i, _)| t.lines().skip(i).take_while(|l| !l.is_empty()).collect())
        .collect();
    assert_eq!(tables.len(), 2, "{t}");
    let columns: Vec<&str> = tables[0][0].split_whitespace().collect();
    assert_eq!(
        columns,
        [
            "year", "outlay", "in", "payer's", "binding", "share", "stock", "adequacy", "breach"
        ],
        "{t}"
    );
    // Ten years of outlays, then ten while the 10-year bonds fall due.
    assert_eq!(tables[0].len(), 21, "{t}");
    let cells: Vec<&str> = tables[0][2].split_whitespace().collect();
    assert_eq!(
        cells,
        [
            "2027",
            "$20.00B",
            "₩28.60T",
            "FX",
            "reserves",
            "5.4%",
            "$428.82B",
            "255.8%"
        ],
        "{t}"
    );
    let paid: Vec<&str> = tables[1][0].split_whitespace().collect();
    assert_eq!(
        paid,
        [
            "year",
            "income",
            "borrowed",
            "unfunded",
            "interest",
            "repaid",
            "debt",
            "converted"
        ],
        "{t}"
    );
    let cells: Vec<&str> = tables[1][11].split_whitespace().collect();
    // 2036: the 2026 issue (₩7.15T) falls due, paid from reserve income.
    assert_eq!(
        cells,
        ["2036", "₩10.58T", "₩0", "₩0", "₩3.43T", "₩7.15T", "₩78.69T", "₩0"],
        "{t}"
    );
    let v = json(&ok(&["afford", &path, "--format", "json"]));
    let plans = v["plans"].as_array().unwrap();
    assert_eq!(plans.len(), 4);
    // The agreed plan against the independent ledger of
    // tests/data/korea_ledger.py (exact decimals, written from the stated
    // rules, not from the engine).
    let golden: serde_json::Value = serde_json::from_str(include_str!("data/korea_agreed_ledger.json")).unwrap();
    let agreed = plans
        .iter()
        .find(|p| p["name"] == "Agreed: at most $20B a year")
        .unwrap();
    let rows = agreed["report"]["rows"].as_array().unwrap();
    let expected = golden["rows"].as_array().unwrap();
    assert_eq!(rows.len(), expected.len());
    let dec = |v: &serde_json::Value| v.as_str().unwrap().parse::<rust_decimal::Decimal>().unwrap();
    for (row, want) in rows.iter().zip(expected) {
        let year = &want["year"];
        assert_eq!(&row["year"]["year"], year);
        for (field, got) in [
            ("outlay_payer", &row["outlay_payer"]),
            ("interest", &row["interest"]),
            ("principal_repaid", &row["principal_repaid"]),
            ("from_income", &row["funding"]["from_income"]),
            ("borrowed", &row["funding"]["borrowed"]),
            ("unfunded", &row["funding"]["unfunded"]),
            ("debt_after", &row["debt_after"]),
            ("converted", &row["converted"]),
            ("stock_after", &row["stock_after"]),
            ("stock_floor", &row["stock_floor"]),
        ] {
            assert_eq!(dec(&got["amount"]), dec(&want[field]), "{field} in {year}");
        }
        let limits = row["limits"].as_array().unwrap();
        assert_eq!(limits[0]["name"], "FX market absorption");
        assert_eq!(dec(&limits[0]["limit"]["amount"]), dec(&want["fx_cap"]));
        assert_eq!(dec(&limits[0]["used"]["amount"]), rust_decimal::Decimal::ZERO);
        assert_eq!(dec(&limits[1]["limit"]["amount"]), dec(&want["stock_limit"]), "{year}");
        let share = limits[1]["share"].as_f64().unwrap();
        assert!((share - want["stock_share"].as_f64().unwrap()).abs() < 1e-15, "{year}");
        assert_eq!(row["binding"], "FX reserves");
        assert!(row["breach"].is_null());
    }
    let summary = &agreed["report"]["summary"];
    let sum = &golden["summary"];
    for field in ["total_interest", "total_borrowed", "total_repaid", "final_debt"] {
        assert_eq!(dec(&summary[field]["amount"]), dec(&sum[field]), "{field}");
    }
    // Present values go through f64 discount factors: within a won of the
    // exact ₩22.1T and ₩67.2T (1.5e-14 relative).
    for field in ["pv_interest", "funding_cost"] {
        let diff = (dec(&summary[field]["amount"]) - dec(&sum[field])).abs();
        assert!(diff <= rust_decimal::Decimal::ONE, "{field}: off by {diff}");
    }
    assert_eq!(summary["verdict"], "strained");
    let e = fails(&["afford", &example("upfront_vs_10y.toml")]);
    assert!(e.ends_with("has no [affordability] section"), "{e}");
}

#[test]
fn compare_built_in_scenario() {
    let t = ok(&["compare", "--wide"]);
    for plan in [
        "US demand: all upfront",
        "US proposal: $25B a year x 8",
        "Korea: at most $15B a year",
        "Agreed: at most $20B a year",
    ] {
        assert!(t.contains(plan), "{plan} missing from\n{t}");
    }
    // No column of zeros: all plans pay $200B, so no break-even column.
    assert!(!t.contains("break-") && !t.contains("0.00%"), "{t}");
    assert!(
        t.contains("basis: whole years from the valuation date, annual compounding"),
        "{t}"
    );
    // Two-party view (payer 4%, recipient 4.5%, whole years): the agreed
    // 10 × $20B costs Korea 20 × ä(10, 4%) = 168.71 and is worth
    // 20 × ä(10, 4.5%) = 165.38 to the US.
    let agreed = t.lines().rfind(|l| l.starts_with("Agreed")).unwrap();
    assert!(
        agreed.contains("168.71") && agreed.contains("165.38 to 168.71"),
        "{agreed}"
    );
    let v = json(&ok(&["compare", "--format", "json"]));
    assert_eq!(v["plans"].as_array().unwrap().len(), 4);
    // Every PV against exact rationals (Python fractions, whole years,
    // annual compounding at 3%, 4.5%, 8%): 200e9 upfront, 25e9 × 8, 15e9 × 13 + 5e9,
    // 20e9 × 10; f64 discount factors, so within a tenth of a cent.
    let exact = [
        ["200000000000", "200000000000", "200000000000"],
        ["180757073880.5385", "172317523509.7468", "155159251480.5831"],
        ["167714816603.4794", "154600069916.5094", "129879659877.2377"],
        ["175722178437.5821", "165375809901.6025", "144937758217.1352"],
    ];
    for (p, want) in v["plans"].as_array().unwrap().iter().zip(exact) {
        for (k, w) in want.iter().enumerate() {
            assert_amount(&p["present_values"][k], w, "0.001", p["name"].as_str().unwrap());
        }
    }
    // Two-party view: 20 × ä(10, 4%) = 168706632210.5846 to Korea,
    // 20 × ä(10, 4.5%) = 165375809901.6025 to the US (exact rationals).
    let two = &v["plans"][3]["two_party"];
    assert_amount(&two["cost_to_payer"], "168706632210.5846", "0.001", "cost to payer");
    assert_amount(
        &two["value_to_recipient"],
        "165375809901.6025",
        "0.001",
        "value to recipient",
    );
    assert_amount(&two["zone"]["low"], "165375809901.6025", "0.001", "zone low");
    assert_amount(&two["zone"]["high"], "168706632210.5846", "0.001", "zone high");
    assert_eq!(v["parties"]["payer_rate"], 0.04);
    assert_eq!(v["plans"][3]["two_party"]["zone"]["high"]["currency"], "USD");
    assert_eq!(v["reference"], "US demand: all upfront");
    let csv = ok(&["compare", "--format", "csv"]);
    assert_eq!(csv.lines().count(), 5);
    assert!(csv.starts_with("plan,currency,basis,nominal,pv_0.03,"), "{csv}");
    // Equal totals: no break-even column; the two-party columns are there.
    assert!(!csv.contains("break_even") && csv.contains("zone_low"), "{csv}");
}

#[test]
fn compare_a_file() {
    // 35e9 × ä(10, r) at 3%, 4.5%, 8% (exact rationals, Python fractions).
    let v = json(&ok(&["compare", &example("upfront_vs_10y.json"), "--format", "json"]));
    assert_eq!(v["plans"][0]["name"], "all upfront");
    assert_eq!(v["plans"][1]["name"], "ten annual installments");
    for (k, want) in ["307513812265.7687", "289407667327.8043", "253641076879.9866"]
        .iter()
        .enumerate()
    {
        assert_amount(&v["plans"][0]["present_values"][k], "350000000000", "0", "upfront");
        assert_amount(&v["plans"][1]["present_values"][k], want, "0.001", "ten installments");
    }
    // Payer at 5%, recipient at 3%: 283773758647.5419 and 307513812265.7687.
    let two = &v["plans"][1]["two_party"];
    assert_amount(&two["cost_to_payer"], "283773758647.5419", "0.001", "cost to payer");
    assert_amount(
        &two["value_to_recipient"],
        "307513812265.7687",
        "0.001",
        "value to recipient",
    );
    let e = fails(&["compare", "/nonexistent/deal.toml"]);
    assert!(e.starts_with("disburse: cannot read /nonexistent/deal.toml"), "{e}");
}

#[test]
fn compare_writes_charts() {
    let dir = std::env::temp_dir().join(format!("disburse-cli-charts-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let yearly = dir.join("korea.svg");
    let o = run(&["compare", "--chart", yearly.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0));
    // Each file written is named on stderr (stdout stays the table).
    let cumulative = dir.join("korea-cumulative.svg");
    assert_eq!(
        stderr(&o),
        format!("wrote {}\nwrote {}\n", yearly.display(), cumulative.display())
    );
    assert!(stdout(&o).starts_with("Comparison of 4 plans"));
    let svg = std::fs::read_to_string(&yearly).unwrap();
    assert!(svg.starts_with("<svg") && svg.contains("Agreed: at most $20B a year"));
    assert!(svg.contains("capacity (FX market absorption, on conversions): 20.0 a year"));
    let cumulative = std::fs::read_to_string(cumulative).unwrap();
    assert!(cumulative.starts_with("<svg"));
    // PNG by the extension.
    let png = dir.join("korea.png");
    let o = run(&["compare", "--chart", png.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(std::fs::read(&png).unwrap().starts_with(b"\x89PNG"));
    assert!(
        std::fs::read(dir.join("korea-cumulative.png"))
            .unwrap()
            .starts_with(b"\x89PNG")
    );
    let _ = std::fs::remove_dir_all(&dir);
    let e = fails(&["compare", "--chart", "korea.gif"]);
    assert_eq!(
        e,
        "disburse: --chart korea.gif: expected a file name ending in .svg or .png"
    );
}

#[test]
fn sensitivity_grid() {
    let t = ok(&["sensitivity", &example("upfront_vs_10y.toml"), "--tenors", "1,10"]);
    // Upfront is worth its nominal at every rate; ten installments at 4.5% are 289.41.
    assert!(t.contains("350.00") && t.contains("289.41"), "{t}");
    // 35e9 × Σ_{k=0}^{9} 1.045^−k = 289,407,667,327.80… (annuity due,
    // whole years; exact rationals give 289407667327.8043…).
    let v = json(&ok(&[
        "sensitivity",
        &example("upfront_vs_10y.toml"),
        "--tenors",
        "1,10",
        "--format",
        "json",
    ]));
    assert_eq!(v["tenors_years"], serde_json::json!([1, 10]));
    assert_eq!(v["present_values"][0][0]["amount"], "350000000000");
    // Rows are rates (3%, 4.5%, 8%), columns tenors (1, 10 years).
    for (i, want) in ["307513812265.7687", "289407667327.8043", "253641076879.9866"]
        .iter()
        .enumerate()
    {
        assert_amount(&v["present_values"][i][0], "350000000000", "0", "one year");
        assert_amount(&v["present_values"][i][1], want, "0.001", "ten years");
    }
    let csv = ok(&[
        "sensitivity",
        &example("upfront_vs_10y.toml"),
        "--tenors",
        "1,10",
        "--format",
        "csv",
    ]);
    assert_eq!(csv.lines().count(), 1 + 3 * 2);
    // The built-in scenario has affordability: a verdict row.
    assert!(ok(&["sensitivity"]).contains("verdict"));
    let e = fails(&["sensitivity", "--tenors", "0"]);
    assert!(e.starts_with("disburse: "), "{e}");
    // A 950-year plan, within the tenors' bound: the reserves compound at
    // 3.498% a year until, in won, they pass Decimal's range. By hand:
    // 428.82e9 × 1.03498^n × 1,430 > 7.92e28 when n > ln(1.2916e14) /
    // ln(1.03498) ≈ 945.0, i.e. after 946 years of income (2026–2971).
    let e = fails(&["sensitivity", "--tenors", "950"]);
    assert_eq!(
        e.trim_end(),
        "disburse: arithmetic overflow in fx conversion in 2971: an amount outgrew a Decimal (28 significant digits)"
    );
}

#[test]
fn check_reports_every_bad_scenario_of_the_corpus() {
    // tests/data/bad_scenarios: each file's header states the path, the
    // message and the position; `check` prints them on one line.
    let dir = format!("{}/tests/data/bad_scenarios", env!("CARGO_MANIFEST_DIR"));
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let file = entry.unwrap().path();
        let text = std::fs::read_to_string(&file).unwrap();
        let field = |key: &str| {
            let prefix = format!("# {key}: ");
            text.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap().to_string()
        };
        let path = file.to_str().unwrap();
        let e = fails(&["check", path]);
        assert_eq!(
            e,
            format!(
                "disburse: {path}: {}: {} ({})",
                field("path"),
                field("message"),
                field("position")
            )
        );
        count += 1;
    }
    assert_eq!(count, 83);
}

#[test]
fn conversion_cap_binds_unlimited_won_borrowing() {
    // tests/data/conversion_cap.toml, by hand: $10 in 2026 at 1,000 = ₩10,000
    // to convert; the FX market takes at most ₩4,000 a year, so unlimited
    // won borrowing converts ₩4,000 and ₩6,000 is unfunded (a breach). In
    // 2027 the 1-year won bullet falls due: 5% × 4,000 = ₩200 of interest
    // and ₩4,000 of principal, a won need (no conversion) borrowed anew:
    // ₩4,200, outstanding at the horizon. At a 0% discount rate the cost is
    // 200 + 4,000 + 4,200 = ₩8,400.
    let path = format!("{}/tests/data/conversion_cap.toml", env!("CARGO_MANIFEST_DIR"));
    let v = json(&ok(&["afford", &path, "--format", "json"]));
    let report = &v["plans"][0]["report"];
    let rows = report["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    let fields = |r: &serde_json::Value| {
        [
            decimal(&r["outlay_payer"]),
            decimal(&r["converted"]),
            decimal(&r["funding"]["borrowed"]),
            decimal(&r["funding"]["unfunded"]),
            decimal(&r["interest"]),
            decimal(&r["principal_repaid"]),
            decimal(&r["debt_after"]),
        ]
    };
    assert_eq!(
        fields(&rows[0]),
        ["10000", "4000", "4000", "6000", "0", "0", "4000"].map(d)
    );
    assert_eq!(fields(&rows[1]), ["0", "0", "4200", "0", "200", "4000", "4200"].map(d));
    assert_eq!(rows[0]["breach"]["unfunded"], true);
    assert!(rows[1]["breach"].is_null());
    let s = &report["summary"];
    for (field, want) in [
        ("total_interest", "200"),
        ("total_borrowed", "8200"),
        ("total_repaid", "4000"),
        ("final_debt", "4200"),
        ("pv_interest", "200"),
        ("funding_cost", "8400"),
    ] {
        assert_eq!(decimal(&s[field]), d(want), "{field}");
    }
    assert_eq!(s["verdict"], "unaffordable");
}

#[test]
fn returns_year_by_year_with_recovery_review_pv_and_irr() {
    // The built-in Korea scenario: projects yield 12% a year on capital from
    // the day it is paid, split 50:50 until Korea recovers its outlays plus
    // 4% deemed interest, then 10:90. By hand for the agreed plan ($20B each
    // 1 January 2026–2035): the 2026 payment earns 12% = $2.4B at its first
    // anniversary (2027), shared $1.2B each; Korea's cumulative net after
    // 2027 is −40 + 1.2 = −$38.8B. Recovery on 2059-01-01 comes from the
    // independent replay in tests/data/waterfall_replay.py.
    let v = json(&ok(&[
        "returns",
        "--plan",
        "Agreed: at most $20B a year",
        "--format",
        "json",
    ]));
    let plan = &v["plans"][0];
    assert_eq!(plan["name"], "Agreed: at most $20B a year");
    assert_eq!(plan["recovery_date"], "2059-01-01");
    assert_eq!(
        (plan["review_years"].as_u64(), plan["review_triggered"].as_bool()),
        (Some(20), Some(true))
    );
    let years = plan["years"].as_array().unwrap();
    let amount = |y: &serde_json::Value, f: &str| y[f]["amount"].as_str().unwrap().parse::<f64>().unwrap();
    assert_eq!(years[0]["year"], 2026);
    assert_eq!(amount(&years[0], "outlay"), 20e9);
    assert_eq!(amount(&years[0], "project"), 0.0);
    assert_eq!(years[1]["year"], 2027);
    assert_eq!(amount(&years[1], "project"), 2.4e9);
    assert_eq!(
        (amount(&years[1], "investor"), amount(&years[1], "host")),
        (1.2e9, 1.2e9)
    );
    assert_eq!(amount(&years[1], "investor_net_cumulative"), -38.8e9);
    // Every year the shares add up to what the project paid.
    for y in years {
        let (p, i, h) = (amount(y, "project"), amount(y, "investor"), amount(y, "host"));
        assert!((i + h - p).abs() < 0.005, "{y}");
    }
    assert_eq!(plan["net_irr"]["status"], "unique");
    assert_eq!(plan["net_pv"].as_array().unwrap().len(), 3);
    // CSV: one line a plan and year, amounts in cents.
    let csv = ok(&["returns", "--plan", "Agreed: at most $20B a year", "--format", "csv"]);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "plan,year,currency,outlay,project,investor,host,investor_net_cumulative"
    );
    assert_eq!(
        lines[2],
        "Agreed: at most $20B a year,2027,USD,20000000000.00,2400000000.00,1200000000.00,1200000000.00,-38800000000.00"
    );
    assert_eq!(lines.len(), years.len() + 1);
    let e = fails(&["returns", &example("upfront_vs_10y.toml")]);
    assert!(e.ends_with("has no [waterfall] section"), "{e}");
}

#[test]
fn afford_csv_has_one_line_a_plan_and_year_matching_the_json() {
    let path = example("korea_us_2025.toml");
    let plan = "Agreed: at most $20B a year";
    let csv = ok(&["afford", &path, "--plan", plan, "--format", "csv"]);
    let v = json(&ok(&["afford", &path, "--plan", plan, "--format", "json"]));
    let rows = v["plans"][0]["report"]["rows"].as_array().unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), rows.len() + 1);
    let header: Vec<&str> = lines[0].split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let dec = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    for (line, row) in lines[1..].iter().zip(rows) {
        // Plan names here hold no commas.
        let cells: Vec<&str> = line.split(',').collect();
        assert_eq!(cells[col("plan")], plan);
        assert_eq!(cells[col("year")], row["year"]["year"].to_string());
        for (field, got) in [
            ("outlay_payer", &row["outlay_payer"]),
            ("borrowed", &row["funding"]["borrowed"]),
            ("interest", &row["interest"]),
            ("principal_repaid", &row["principal_repaid"]),
            ("debt_after", &row["debt_after"]),
            ("stock_after", &row["stock_after"]),
        ] {
            assert_eq!(dec(cells[col(field)]), dec(got["amount"].as_str().unwrap()), "{field}");
        }
        // Won without decimals, dollars with cents.
        assert!(!cells[col("debt_after")].contains('.'));
        assert_eq!(cells[col("outlay")].split('.').nth(1).map(str::len), Some(2));
    }
}

#[test]
fn solve_answers_with_the_report_that_proves_it() {
    // Korea (built-in): reserve income $15B a year, at most $20B of new
    // dollar bonds a year at 4%. By hand, six installments of $33.33B fail
    // in their fourth year: debt 18.33 + 19.07 + 19.83 = $57.23B carries
    // $2.29B of interest, so the need is 33.33 + 2.29 = $35.62B against
    // 15 + 20 = $35B. Seven ($28.57B a year) fit.
    let v = json(&ok(&["solve", "--shortest-tenor", "--format", "json"]));
    assert_eq!(v["accept"], "strained");
    assert_eq!(v["answer"]["periods"], 7);
    assert!(
        v["answer"]["report"]["summary"]["years_in_breach"]
            .as_array()
            .unwrap()
            .is_empty()
    );
    let six = fails(&["solve", "--shortest-tenor", "--max-periods", "6"]);
    assert!(six.starts_with("disburse: no feasible answer"), "{six}");
    let t = ok(&["solve", "--largest-upfront-share"]);
    let answer = t.lines().find(|l| l.starts_with("answer: ")).unwrap();
    assert!(answer.starts_with("answer: 15% upfront (USD 30,000,000,000.00)"), "{t}");
    let e = fails(&["solve", &example("upfront_vs_10y.toml"), "--shortest-tenor"]);
    assert!(e.ends_with("has no [affordability] section"), "{e}");
    // Capital calls fix their amounts: the largest headline says so and
    // names the plan (found by fuzzing: it failed the calls' sum check
    // against the solver's lower bound, "must sum to USD 0.01").
    let e = fails(&["solve", &example("japan_us_2025.toml"), "--largest-headline"]);
    assert!(
        e.starts_with("disburse: plan `")
            && e.contains("`: plan schedule is out of range: explicit amounts and capital calls do not scale"),
        "{e}"
    );
}

#[test]
fn init_writes_templates_that_check() {
    for template in ["minimal", "full"] {
        let text = ok(&["init", "--template", template]);
        assert!(text.starts_with("# A disburse scenario"), "{text}");
        let file = TempFile::new(&format!("init-{template}.toml"), &text);
        let path = file.path();
        let checked = ok(&["check", path]);
        let plans = if template == "full" { 3 } else { 2 };
        assert_eq!(checked.trim_end(), format!("ok: {plans} plans"), "{template}");
    }
    // -o writes the file once; an existing file is never overwritten.
    let dir = std::env::temp_dir().join(format!("disburse-init-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let out = dir.join("pledge.toml");
    let _ = std::fs::remove_file(&out);
    let path = out.to_str().unwrap();
    let said = ok(&["init", "-o", path]);
    assert_eq!(said, format!("wrote {path}; check it with `disburse check {path}`\n"));
    let e = fails(&["init", "-o", path]);
    assert!(e.starts_with(&format!("disburse: cannot write {path}")), "{e}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn returns_share_only_the_equity_of_a_plan_with_loans_and_guarantees() {
    // Japan's by-instrument plan: $8.25B of equity in 12 quarterly
    // payments from 2026-04-06 ($687.5M each), beside $325.05B of loans and
    // $216.7B of guarantees. The waterfall's capital is the equity only:
    // 2026 holds three payments, $2,062,500,000, and all the outlays sum to
    // $8.25B.
    let v = json(&ok(&[
        "returns",
        &example("japan_us_2025.toml"),
        "--plan",
        "by instrument (JBIC/NEXI)",
        "--format",
        "json",
    ]));
    let years = v["plans"][0]["years"].as_array().unwrap();
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    let outlay = |y: &serde_json::Value| decimal(&y["outlay"]);
    assert_eq!(years[0]["year"], 2026);
    assert_eq!(outlay(&years[0]), d("2062500000"));
    assert_eq!(years.iter().map(outlay).sum::<rust_decimal::Decimal>(), d("8250000000"));
}

#[test]
fn afford_assesses_instruments_by_their_expected_flows() {
    // The shipbuilding file: the loans' and guarantees' receipts pay first
    // (a `receipts` column), and the mix needs less borrowing than the
    // same $150B as cash.
    let d = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
    let path = example("korea_us_2025_shipbuilding.toml");
    let v = json(&ok(&["afford", &path, "--format", "json"]));
    let plans = v["plans"].as_array().unwrap();
    let borrowed = |i: usize| decimal(&plans[i]["report"]["summary"]["total_borrowed"]);
    assert!(borrowed(1) < borrowed(0), "{} vs {}", borrowed(1), borrowed(0));
    assert_eq!(decimal(&plans[0]["report"]["summary"]["total_receipts"]), d("0"));
    assert!(decimal(&plans[1]["report"]["summary"]["total_receipts"]) > d("0"));
    let table = ok(&["afford", &path, "--plan", "equity, loans, guarantees"]);
    assert!(table.contains(" receipts "), "{table}");
    assert!(table.contains("sold at the year's rate"), "{table}");
}

#[test]
fn format_names_in_any_case() {
    // `--format JSON` and `--format Csv` as `json` and `csv`.
    let upper = ok(&["afford", "--plan", "Agreed: at most $20B a year", "--format", "JSON"]);
    let lower = ok(&["afford", "--plan", "Agreed: at most $20B a year", "--format", "json"]);
    assert_eq!(upper, lower);
    assert!(ok(&["compare", "--format", "Csv"]).starts_with("plan,"));
}
