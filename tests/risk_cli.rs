//! `disburse risk` end to end: the built-in scenario's four plans with a
//! probability, a standard error and a verdict each; the same JSON bytes
//! on one thread and on two; typed errors for bad options.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::process::{Command, Output};

fn run(args: &[&str], threads: &str) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disburse"))
        .args(args)
        .env("RAYON_NUM_THREADS", threads)
        .env("CI", "1")
        .output()
        .unwrap()
}

#[test]
fn built_in_scenario_json_is_byte_identical_on_one_and_two_threads() {
    let args = ["risk", "--paths", "300", "--seed", "7", "--format", "json"];
    let one = run(&args, "1");
    let two = run(&args, "2");
    assert!(one.status.success(), "{}", String::from_utf8_lossy(&one.stderr));
    assert_eq!(one.stdout, two.stdout);
    assert!(one.stderr.is_empty() && two.stderr.is_empty());
    let v: serde_json::Value = serde_json::from_slice(&one.stdout).unwrap();
    assert_eq!((v["paths"].as_u64(), v["seed"].as_u64()), (Some(300), Some(7)));
    let plans = v["plans"].as_array().unwrap();
    let names: Vec<&str> = plans.iter().map(|p| p["name"].as_str().unwrap()).collect();
    assert_eq!(
        names,
        [
            "US demand: all upfront",
            "US proposal: $25B a year x 8",
            "Korea: at most $15B a year",
            "Agreed: at most $20B a year"
        ]
    );
    for p in plans {
        let prob = p["breach_probability"].as_f64().unwrap();
        let se = p["standard_error"].as_f64().unwrap();
        // se = √(p(1 − p)/300)
        assert!((se - (prob * (1.0 - prob) / 300.0).sqrt()).abs() < 1e-12);
        assert!(p["breach_probability_by_year"]["2026"].as_f64().is_some());
        assert!(["affordable", "strained", "unaffordable"].contains(&p["verdict"].as_str().unwrap()));
    }
    // $200B upfront against $20B of new bonds a year: unfunded on every path.
    assert_eq!(plans[0]["breach_probability"].as_f64(), Some(1.0));
    assert_eq!(plans[0]["verdict"], "unaffordable");
}

#[test]
fn table_csv_and_bad_options() {
    let t = run(&["risk", "--paths", "100", "--plan", "Korea: at most $15B a year"], "2");
    assert!(t.status.success());
    let text = String::from_utf8(t.stdout).unwrap();
    assert!(text.starts_with("100 paths, seed 2025 ("));
    assert!(
        text.contains(
            "Korea: at most $15B a year: affordable under risk (affordable on the deterministic path)\n  P(breach) "
        ),
        "{text}"
    );
    assert!(text.contains("Korea: at most $15B a year:"));
    assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
    let c = run(&["risk", "--paths", "50", "--format", "csv"], "1");
    let csv = String::from_utf8(c.stdout).unwrap();
    assert!(csv.starts_with("plan,year,paths,breach_probability,standard_error,"));
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("US demand: all upfront,2026,50,1,0,")
    );
    let bad = run(&["risk", "--paths", "0"], "1");
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(bad.stderr).unwrap(),
        "disburse: risk.paths is out of range: must be 1 to 100000000, got 0\n"
    );
    // The number as given, not one clamped to i64 (found by fuzzing:
    // this printed 9223372036854775807).
    let bad = run(&["risk", "--paths", "18446744073709551615"], "1");
    assert_eq!(
        String::from_utf8(bad.stderr).unwrap(),
        "disburse: risk.paths is out of range: must be 1 to 100000000, got 18446744073709551615\n"
    );
    // `report --paths` is checked even for a scenario without `[risk]`
    // (found by fuzzing: it was ignored there, refused elsewhere).
    let no_risk = format!("{}/examples/scenarios/upfront_vs_10y.toml", env!("CARGO_MANIFEST_DIR"));
    let out = std::env::temp_dir().join(format!("disburse-risk-cli-{}.html", std::process::id()));
    let bad = run(&["report", "--paths", "0", "-o", out.to_str().unwrap(), &no_risk], "1");
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(bad.stderr).unwrap(),
        "disburse: risk.paths is out of range: must be 1 to 100000000, got 0\n"
    );
    assert!(!out.exists());
}
