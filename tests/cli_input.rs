//! The CLI's input side, run as a user would: the scenario schema, amounts
//! and rates as people write them, names in QuantLib's and Excel's
//! spellings, errors that say how to mend a document, one fallback rule,
//! examples in every `--help`, and the narrow `compare`.
#![cfg(feature = "cli")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;
use std::process::{Command, Output};

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_disburse"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap()
}

fn ok(args: &[&str]) -> String {
    let o = run(args);
    let err = String::from_utf8(o.stderr.clone()).unwrap();
    assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
    assert!(err.is_empty(), "{args:?}: {err}");
    String::from_utf8(o.stdout).unwrap()
}

fn fails(args: &[&str]) -> String {
    let o = run(args);
    assert_eq!(o.status.code(), Some(1), "{args:?}");
    let err = String::from_utf8(o.stderr).unwrap();
    assert_eq!(err.lines().count(), 1, "{err}");
    err.trim_end().to_string()
}

/// A scenario file in a fresh temporary directory.
struct Temp(std::path::PathBuf);

impl Temp {
    fn new(name: &str, text: &str) -> Temp {
        let dir = std::env::temp_dir().join(format!("disburse-cli-input-{}-{name}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join(name);
        std::fs::write(&path, text).unwrap();
        Temp(path)
    }

    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for Temp {
    fn drop(&mut self) {
        if let Some(dir) = self.0.parent() {
            let _ = std::fs::remove_dir_all(dir);
        }
    }
}

const JAPAN_LIKE: &str = r#"name = "pledge"
currency = "USD"
headline = "$550B"

[[plans]]
name = "upfront"
plan = { kind = "upfront", date = "2026-01-01" }

[[plans]]
name = "twenty years"
plan = { kind = "installments", start = "2026-01-01", count = 20, tenor = "1Y", convention = "ModifiedFollowing", calendar = "WeekendsOnly" }

[valuation]
date = "2026-01-01"
rates = ["3%", 0.045, "8 %"]
basis = { dated = { day_count = "Actual365Fixed", compounding = "Annual" } }
"#;

#[test]
fn schema_is_printed_and_written() {
    let text = ok(&["schema"]);
    let schema: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(schema["$schema"], "https://json-schema.org/draft/2020-12/schema");
    assert_eq!(schema["title"], "Scenario");
    // The snapshot shipped for editors is what the command prints.
    let shipped =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenario.schema.json")).unwrap();
    assert_eq!(text, shipped);
    let t = Temp::new("existing.json", "{}");
    let e = fails(&["schema", "-o", t.path()]);
    assert!(e.starts_with(&format!("disburse: cannot write {}", t.path())), "{e}");
    // Written to a new file, with the line that says how to use it.
    let new = t.0.with_file_name("scenario.schema.json");
    let said = ok(&["schema", "-o", new.to_str().unwrap()]);
    assert!(said.contains("`#:schema ./"), "{said}");
    assert_eq!(std::fs::read_to_string(&new).unwrap(), text);
}

#[test]
fn amounts_rates_and_names_as_people_write_them() {
    let t = Temp::new("pledge.toml", JAPAN_LIKE);
    assert_eq!(ok(&["check", t.path()]), "ok: 2 plans\n");
    // The same document with plain numbers and canonical names gives the
    // same comparison, byte for byte.
    let plain = JAPAN_LIKE
        .replace("\"$550B\"", "\"550e9\"")
        .replace("[\"3%\", 0.045, \"8 %\"]", "[0.03, 0.045, 0.08]")
        .replace("\"ModifiedFollowing\"", "\"modified_following\"")
        .replace("\"WeekendsOnly\"", "\"weekends_only\"")
        .replace("\"Actual365Fixed\"", "\"actual365_fixed\"")
        .replace("\"Annual\"", "\"annual\"");
    assert_ne!(plain, JAPAN_LIKE);
    let p = Temp::new("plain.toml", &plain);
    assert_eq!(
        ok(&["compare", t.path(), "--format", "json"]),
        ok(&["compare", p.path(), "--format", "json"])
    );
    let json = ok(&["compare", t.path(), "--format", "json"]);
    assert!(json.contains("\"headline\":{\"amount\":\"550000000000\""), "{json}");
    // A `$` on a won amount is refused, naming the field and the line.
    let krw = Temp::new("krw.toml", &JAPAN_LIKE.replace("\"USD\"", "\"KRW\""));
    let e = fails(&["check", krw.path()]);
    assert_eq!(
        e,
        format!(
            "disburse: {}: headline: `$550B`: `$` marks US dollars, but this amount is in KRW; write the amount \
             without `$` (line 3, column 12)",
            krw.path()
        )
    );
    // An amount that cannot be exact, and a percentage where an amount
    // belongs, are errors naming the field.
    let inexact = Temp::new(
        "inexact.toml",
        &JAPAN_LIKE.replace("\"$550B\"", "\"1.00000000000000000000000000001T\""),
    );
    let e = fails(&["check", inexact.path()]);
    assert!(
        e.contains("headline: invalid amount `1.00000000000000000000000000001T`"),
        "{e}"
    );
    let percent = Temp::new("percent.toml", &JAPAN_LIKE.replace("\"$550B\"", "\"5%\""));
    let e = fails(&["check", percent.path()]);
    assert!(
        e.contains("headline: invalid amount `5%`: expected an exact amount"),
        "{e}"
    );
}

#[test]
fn name_options_take_quantlib_and_excel_spellings() {
    let dates = |convention: &str, calendar: &str, rule: &str| {
        ok(&[
            "dates",
            "--from",
            "2026-01-31",
            "--to",
            "2026-06-30",
            "--tenor",
            "1M",
            "--calendar",
            calendar,
            "--convention",
            convention,
            "--rule",
            rule,
            "--end-of-month",
            "--format",
            "json",
        ])
    };
    let want =
        "{\"dates\":[\"2026-01-30\",\"2026-02-27\",\"2026-03-31\",\"2026-04-30\",\"2026-05-29\",\"2026-06-30\"]}\n";
    for (convention, calendar, rule) in [
        ("modified-following", "weekends", "forward"),
        ("ModifiedFollowing", "WeekendsOnly", "Forward"),
        ("modified_following", "weekends_only", "FORWARD"),
        ("MF", "Weekends-Only", "forward"),
    ] {
        assert_eq!(
            dates(convention, calendar, rule),
            want,
            "{convention} {calendar} {rule}"
        );
    }
    // Day counts: QuantLib's class names, Excel's bases and the usual
    // abbreviations, one parser. 2026-01-01 to 2026-07-01 is 181 days:
    // 181/365, 181/360; 30/360 counts 6 × 30 = 180 days: 180/360.
    for (name, fraction) in [
        ("Actual365Fixed", "181/365"),
        ("act/365", "181/365"),
        ("3", "181/365"),
        ("ACT/360", "181/360"),
        ("Actual360", "181/360"),
        ("30/360", "180/360"),
        ("Thirty360", "180/360"),
        ("0", "180/360"),
    ] {
        let out = ok(&[
            "yearfrac",
            "--day-count",
            name,
            "2026-01-01",
            "2026-07-01",
            "--format",
            "json",
        ]);
        assert!(out.contains(&format!("\"fraction\":\"{fraction}\"")), "{name}: {out}");
    }
    // The errors list the possible values, as `--help` does.
    let e = fails(&["yearfrac", "--day-count", "act/999", "2026-01-01", "2027-01-01"]);
    assert!(e.contains("expected one of act/365f, act/360, 30/360"), "{e}");
    // Help is wrapped at 100 columns: compare its words, not its lines.
    let squash = |t: String| t.split_whitespace().collect::<Vec<_>>().join(" ");
    let help = squash(ok(&["dates", "--help"]));
    assert!(
        help.contains("[possible values: unadjusted, following, modified_following, preceding, modified_preceding;"),
        "{help}"
    );
    assert!(help.contains("[possible values: null, weekends_only;"), "{help}");
    assert!(help.contains("[possible values: forward, backward, zero;"), "{help}");
    let help = squash(ok(&["yearfrac", "--help"]));
    assert!(
        help.contains("[possible values: actual365_fixed, actual360, thirty360_bond_basis"),
        "{help}"
    );
}

/// Every subcommand.
const COMMANDS: [&str; 18] = [
    "xnpv",
    "xirr",
    "npv",
    "irr",
    "yearfrac",
    "dates",
    "compare",
    "schedule",
    "afford",
    "check",
    "sensitivity",
    "returns",
    "solve",
    "init",
    "schema",
    "risk",
    "report",
    "export",
];

#[test]
fn help_fits_100_columns() {
    // Wrapped by clap (feature `wrap_help`, at most 100 columns; piped, as
    // here, exactly 100); only a usage line, which clap cannot break, may
    // be longer.
    let top = ok(&["--help"]);
    let helps = COMMANDS.map(|c| (c, ok(&[c, "--help"])));
    for (c, help) in std::iter::once(("", top)).chain(helps) {
        for line in help.lines().filter(|l| !l.starts_with("Usage:")) {
            assert!(line.chars().count() <= 100, "disburse {c} --help: {line}");
        }
    }
}

#[test]
fn every_subcommand_help_has_an_example() {
    let top = ok(&["--help"]);
    for pointer in [
        "disburse init",
        "disburse schema",
        "\"Scenario files\"",
        "examples/scenarios/",
        "built-in",
    ] {
        assert!(top.contains(pointer), "{pointer}: {top}");
    }
    for c in COMMANDS {
        let help = ok(&[c, "--help"]);
        // An example besides the usage line (which always names it).
        let call = format!("disburse {c}");
        assert!(
            help.lines().any(|l| !l.starts_with("Usage:") && l.contains(&call)),
            "{c} --help has no example:\n{help}"
        );
    }
}

#[test]
fn the_readme_excel_example_runs() {
    assert_eq!(
        ok(&["xirr", "examples/data/excel.csv", "--format", "json"]),
        "{\"status\":\"unique\",\"roots\":[\"0.37336253351883153\"]}\n"
    );
    // Excel's XNPV example: 2,086.65 at 9%.
    let out = ok(&["xnpv", "--rate", "0.09", "examples/data/excel.csv"]);
    assert!(out.starts_with("xnpv   2086.6476020315367\n"), "{out}");
}

#[test]
fn every_scenario_command_falls_back_to_the_built_in_scenario() {
    let built_in = "examples/scenarios/korea_us_2025.toml";
    for args in [
        vec!["compare"],
        vec!["compare", "--format", "json"],
        vec!["schedule", "--format", "csv"],
        vec!["afford", "--format", "json"],
        vec!["check", "--format", "json"],
        vec!["sensitivity", "--format", "json"],
        vec!["returns", "--format", "json"],
        vec!["solve", "--shortest-tenor", "--format", "json"],
        vec!["risk", "--paths", "200", "--format", "json"],
    ] {
        let mut with_file = args.clone();
        with_file.insert(1, built_in);
        assert_eq!(ok(&args), ok(&with_file), "{args:?}");
    }
}

#[test]
fn compare_is_narrow_unless_wide() {
    let width = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
    for e in std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios")).unwrap() {
        let p = e.unwrap().path();
        if !matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "json")) {
            continue;
        }
        let path = p.to_str().unwrap();
        let narrow = ok(&["compare", path]);
        assert!(width(&narrow) <= 100, "{path}: {} columns:\n{narrow}", width(&narrow));
        assert!(narrow.contains("\n--wide: every rate"), "{narrow}");
        let wide = ok(&["compare", path, "--wide"]);
        assert!(wide.contains("discount"), "{path}: {wide}");
    }
    // The built-in scenario at its central rate, 4.5%: the values of the
    // wide table's `@ 4.5%` columns (README: 172.32 and 86.2% for the US
    // proposal, 154.60 and 77.3% for Korea's offer).
    let narrow = ok(&["compare"]);
    let line = |name: &str| narrow.lines().find(|l| l.starts_with(name)).unwrap().to_string();
    let us = line("US proposal");
    assert!(
        us.contains(" 172.32 ") && us.contains(" 86.2% ") && us.ends_with("strained"),
        "{us}"
    );
    let korea = line("Korea: at most $15B a year");
    assert!(
        korea.contains(" 154.60 ") && korea.contains(" 77.3% ") && korea.ends_with("affordable"),
        "{korea}"
    );
}

#[test]
fn missing_fields_say_what_they_mean_and_where() {
    let t = Temp::new(
        "missing.toml",
        "name = \"x\"\ncurrency = \"USD\"\nheadline = \"550B\"\n[[plans]]\nname = \"split\"\ntranches = [\n  { name = \"a\", amount = \"300B\", plan = { kind = \"upfront\", date = \"2026-01-01\" } },\n  { name = \"b\", plan = { kind = \"upfront\", date = \"2026-01-01\" } },\n]\n",
    );
    let e = fails(&["check", t.path()]);
    assert_eq!(
        e,
        format!(
            "disburse: {}: plans[0].tranches[1]: missing field `amount`: the tranche's amount; tranches sum to \
             the headline, e.g. `amount = \"200B\"` (line 8, column 3)",
            t.path()
        )
    );
}

#[test]
fn affordability_without_funding_is_accepted_and_says_so() {
    // Ten installments of $10B against a $20B cap and no funding section:
    // no sources, so each year's $10B is unfunded and each year a breach.
    let t = Temp::new(
        "no-funding.toml",
        "name = \"x\"\ncurrency = \"USD\"\nheadline = \"100B\"\n[[plans]]\nname = \"ten\"\n\
         plan = { kind = \"installments\", start = \"2026-01-01\", count = 10, tenor = \"1Y\" }\n\
         [affordability.capacity]\ncurrency = \"USD\"\n\
         constraints = [{ kind = \"fixed_cap\", name = \"budget\", amount = \"20B\" }]\n",
    );
    assert_eq!(ok(&["check", t.path()]), "ok: 1 plan\n");
    let text = ok(&["afford", t.path()]);
    assert!(
        text.contains("funding: no sources (whatever is needed is unfunded)"),
        "{text}"
    );
    assert!(
        text.contains("verdict: unaffordable (10 years in breach, first 2026 (unfunded $10.00B))"),
        "{text}"
    );
}
