//! Scenario documents: the library files parse and validate, errors name
//! the field path and position.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use disburse::Error;
use disburse::returns::{Accrual, ProjectFlows, TerminalValue};
use disburse::scenario::{Format, Scenario};
use rust_decimal_macros::dec;

fn library() -> Vec<(String, String, Format)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/scenarios");
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        // The directory also holds a rendered chart.
        if path.extension().is_some_and(|e| e == "svg") {
            continue;
        }
        let format = Format::from_path(&path).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        out.push((path.display().to_string(), text, format));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn every_library_file_parses_and_validates() {
    let files = library();
    assert!(files.len() >= 6, "{files:?}");
    for (path, text, format) in files {
        let s = Scenario::load(&text, format).unwrap_or_else(|e| panic!("{path}: {e}"));
        assert!(s.plans.len() >= 2, "{path}");
        for (name, schedule) in s.schedules().unwrap() {
            assert_eq!(schedule.total().unwrap(), s.headline_money(), "{path}: {name}");
        }
        assert!(s.valuation.is_some(), "{path}");
    }
}

/// The `{`…`}` depth change of a TOML line, outside strings and comments.
fn brace_balance(line: &str) -> i32 {
    let (mut depth, mut quote) = (0, None);
    let mut chars = line.chars();
    while let Some(c) = chars.next() {
        match (quote, c) {
            (Some('"'), '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '#') => break,
            (None, '{') => depth += 1,
            (None, '}') => depth -= 1,
            _ => {}
        }
    }
    depth
}

#[test]
fn shipped_toml_is_toml_1_0() {
    // TOML 1.0 (Python's tomllib, most editors) closes an inline table on
    // its line; the `toml` crate also reads 1.1's multi-line ones, so a
    // file could parse here and nowhere else (the full template did).
    assert_eq!(brace_balance(r#"a = { b = "{", c = 1 } # {"#), 0);
    assert_eq!(brace_balance("a = { b = 1,"), 1);
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files = 0;
    for dir in [
        "examples/scenarios",
        "examples/templates",
        "tests/data",
        "tests/data/bad_scenarios",
    ] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_none_or(|e| e != "toml") {
                continue;
            }
            files += 1;
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, line) in text.lines().enumerate() {
                assert_eq!(
                    brace_balance(line),
                    0,
                    "{}:{}: an inline table across lines",
                    path.display(),
                    i + 1
                );
            }
        }
    }
    assert!(files > 90, "{files}");
}

#[test]
fn korea_builtin_matches_the_sourced_figures() {
    let s = Scenario::korea_us_2025().unwrap();
    assert_eq!(s.headline, dec!(200e9));
    let names: Vec<&str> = s.plans.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names.len(), 4);
    let schedules = s.schedules().unwrap();
    assert_eq!(schedules[0].1.len(), 1);
    let a = s.affordability.as_ref().unwrap();
    assert_eq!(a.capacity().currency().code(), "KRW");
    assert_eq!(a.fx_path().unwrap().rate(2030).unwrap(), dec!(1430));
    assert_eq!(a.funding_plan().service_years(), None);
    let w = s.waterfall.as_ref().unwrap();
    assert_eq!(w.waterfall.review_years(), Some(20));
    assert_eq!(s.valuation.as_ref().unwrap().rates(), &[0.03, 0.045, 0.08]);
}

#[test]
fn japan_calls_sum_to_the_headline_and_end_before_the_deadline() {
    let text = include_str!("../examples/scenarios/japan_us_2025.toml");
    let s = Scenario::from_toml(text).unwrap();
    let schedules = s.schedules().unwrap();
    let calls = &schedules[0].1;
    assert_eq!(calls.len(), 12);
    assert!(calls.last_date().unwrap() <= chrono::NaiveDate::from_ymd_opt(2029, 1, 19).unwrap());
}

#[test]
fn json_twin_equals_toml() {
    let t = Scenario::from_toml(include_str!("../examples/scenarios/upfront_vs_10y.toml")).unwrap();
    let j = Scenario::from_json(include_str!("../examples/scenarios/upfront_vs_10y.json")).unwrap();
    assert_eq!(t, j);
}

const BASE: &str = r#"name = "x"
currency = "USD"
headline = "100e9"
"#;

#[test]
fn plan_field_error_has_path_and_position() {
    let text = format!(
        "{BASE}\n[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n\n[[plans]]\nname = \"b\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n\n[[plans]]\nname = \"c\"\ntranches = [\n  {{ name = \"t\", amount = \"100e9\", plan = {{ kind = \"annual_cap\", start = \"2026-01-01\",\n      cap = \"-5\" }} }},\n]\n"
    );
    let err = Scenario::load(&text, Format::Toml).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plans[2].tranches[0].plan.cap: must be positive, got USD -5.00 (line 17, column 13)"
    );
    assert_eq!(err.path(), "plans[2].tranches[0].plan.cap");
    assert!(matches!(err.error(), Some(Error::NonPositiveAmount { .. })));
    // Without the text: path, no position.
    let err = Scenario::from_toml(&text).unwrap().validate().unwrap_err();
    assert_eq!(
        err.to_string(),
        "plans[2].tranches[0].plan.cap: must be positive, got USD -5.00"
    );
    assert_eq!(err.line(), None);
}

#[test]
fn tranche_sum_mismatch_names_the_plan() {
    let text = format!(
        "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n[[plans]]\nname = \"split\"\ntranches = [\n  {{ name = \"t\", amount = \"60e9\", plan = {{ kind = \"upfront\", date = \"2026-01-01\" }} }},\n  {{ name = \"u\", amount = \"30e9\", plan = {{ kind = \"upfront\", date = \"2027-01-01\" }} }},\n]\n"
    );
    let s = Scenario::from_toml(&text).unwrap();
    let err = s.commitments().unwrap_err();
    assert_eq!(
        err.to_string(),
        "plans[1].tranches: tranches sum to USD 90,000,000,000.00, but the headline is USD 100,000,000,000.00"
    );
    let err = err.locate(&text, Format::Toml);
    // The `tranches = [` line (the `[[plans]]` header is line 7).
    assert_eq!(err.line(), Some(9));
}

#[test]
fn validation_error_from_try_from_keeps_message_path_and_position() {
    let text = format!(
        "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n\n[affordability.capacity]\ncurrency = \"USD\"\nconstraints = [{{ kind = \"fixed_cap\", name = \"cap\", amount = \"20e9\" }}]\n\n[affordability.fx]\npair = \"USD/KRW\"\nrates = {{ kind = \"flat\", rate = \"-3\" }}\n\n[affordability.funding]\nsources = []\ndiscount_rate = 0.04\n"
    );
    // The check, made once the FX path is whole, names its field: the
    // error is at the rate, on its line and column.
    let err = Scenario::from_toml(&text).unwrap_err();
    assert_eq!(err.path(), "affordability.fx.rates.rate");
    assert_eq!(err.message(), "invalid rate -3: an fx rate must be positive");
    assert_eq!(err.line(), Some(14));
    assert_eq!(
        err.to_string(),
        "affordability.fx.rates.rate: invalid rate -3: an fx rate must be positive (line 14, column 33)"
    );
}

#[test]
fn unknown_field_and_type_errors() {
    let err = Scenario::from_toml(&format!(
        "{BASE}plans = []\n[valuation]\ndate = \"2026-01-01\"\nrate = 0.05\n"
    ))
    .unwrap_err();
    assert_eq!(err.path(), "valuation.rate");
    assert!(err.message().starts_with("unknown field `rate`"), "{err}");
    assert_eq!(err.line(), Some(7));

    let err = Scenario::from_json("{\"name\": \"x\", \"currency\": \"USD\",\n \"headline\": true}").unwrap_err();
    assert_eq!(err.path(), "headline");
    assert_eq!(err.line(), Some(2));

    let err = Scenario::from_toml("name = \"x\"\ncurrency = \"XYZ\"\n").unwrap_err();
    assert_eq!(err.path(), "currency");
    assert_eq!(
        err.to_string(),
        "currency: unknown currency code `XYZ` (line 2, column 12)"
    );

    let err = Scenario::from_toml("name = ").unwrap_err();
    assert_eq!(err.path(), "");
    assert_eq!(err.line(), Some(1));
}

#[test]
fn dates_chrono_cannot_read_are_named_with_their_field() {
    // Slashes, words, a time, nothing: chrono's reader rejects them with
    // "input contains invalid characters" and the like, naming neither the
    // value nor the field inside a tagged plan; the scenario names both.
    for (date, json) in [
        ("2026/01/01", false),
        ("1 January 2026", true),
        ("2026-01-01T00:00", false),
        ("", true),
    ] {
        let text = format!("{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"{date}\" }}\n");
        let err = Scenario::load(&text, Format::Toml).unwrap_err();
        let want = format!(
            "plans[0].plan.date: invalid date `{date}`: expected a date YYYY-MM-DD with a four-digit year (line 6, column 35)"
        );
        assert_eq!(err.to_string(), want);
        if json {
            let doc = format!(
                "{{\"name\": \"x\", \"currency\": \"USD\", \"headline\": \"1e9\",\n\"valuation\": {{\"date\": \"{date}\"}}, \"plans\": []}}"
            );
            let err = Scenario::from_json(&doc).unwrap_err();
            assert_eq!(err.path(), "valuation.date");
            assert_eq!(err.line(), Some(2));
            assert!(err.message().starts_with(&format!("invalid date `{date}`")), "{err}");
        }
    }
    // A holiday list, and a rate named `start` under [risk] that is not a date.
    let text = format!(
        "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"installments\", start = \"2026-01-05\", count = 2, tenor = \"1M\", calendar = {{ holidays = {{ holidays = [\"2026-01-01\", \"25/12/2026\"] }} }} }}\n"
    );
    let err = Scenario::load(&text, Format::Toml).unwrap_err();
    assert_eq!(err.path(), "plans[0].plan.calendar.holidays.holidays[1]");
    assert!(err.message().starts_with("invalid date `25/12/2026`"), "{err}");
}

#[test]
fn numbers_and_factors_name_their_field_and_value() {
    let plan = "[[plans]]\nname = \"a\"\nplan = { kind = \"upfront\", date = \"2026-01-01\" }\n";
    let err = |tail: &str| Scenario::from_toml(&format!("{BASE}{plan}{tail}")).unwrap_err();
    // serde's untagged reader said "data did not match any variant of
    // untagged enum FxFactor"; rust_decimal's, "expected a Decimal type".
    let e = err("[risk]\nfx = { vol = 0.1, drift = true }\n");
    assert_eq!(e.path(), "risk.fx.drift");
    assert!(
        e.message().starts_with("invalid type: boolean `true`, expected a rate"),
        "{e}"
    );
    let e = err("[risk]\nfx = { vol = 0.1, history = [\"1100\", \"1200\"] }\n");
    assert_eq!(e.path(), "risk.fx");
    assert!(
        e.message()
            .starts_with("give either `vol` and `drift` (lognormal) or `history`"),
        "{e}"
    );
    let e = err("[risk]\nfx = { history = [\"1100\", \"1,200\"] }\n");
    assert_eq!(e.path(), "risk.fx.history[1]");
    assert!(
        e.message().starts_with("invalid number `1,200`: expected a decimal"),
        "{e}"
    );
    let e = err("[affordability.fx]\npair = \"USD/KRW\"\nrates = { kind = \"flat\", rate = \"1,430\" }\n");
    assert!(
        e.to_string()
            .starts_with("affordability.fx.rates.rate: invalid number `1,430`"),
        "{e}"
    );
    let e = Scenario::from_toml(&format!(
        "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"ramp\", start = \"2026-01-01\", count = 3, tenor = \"1Y\", shape = {{ geometric = {{ ratio = \"1,1\" }} }} }}\n"
    ))
    .unwrap_err();
    assert_eq!(e.path(), "plans[0].plan.shape.geometric.ratio");
    assert!(e.message().starts_with("invalid number `1,1`"), "{e}");
    // A value serde reports at a tagged enum is found under it (plans,
    // constraints and sources are tagged): path and position of the value.
    let e = Scenario::from_toml(&format!(
        "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"installments\", start = \"2026-01-01\", count = true, tenor = \"1Q\" }}\n"
    ))
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "plans[0].plan.count: invalid type: boolean `true`, expected u32 (line 6, column 63)"
    );
}

#[test]
fn long_values_are_cut_short_in_messages() {
    let code = "Q".repeat(5000);
    let err = Scenario::from_toml(&format!("name = \"x\"\ncurrency = \"{code}\"\n")).unwrap_err();
    // The typed error keeps the value whole; the line shows 60 characters.
    assert_eq!(err.message(), format!("unknown currency code `{code}`"));
    assert_eq!(
        err.to_string(),
        format!(
            "currency: unknown currency code `{}…` (5000 characters) (line 2, column 12)",
            "Q".repeat(60)
        )
    );
}

#[test]
fn plan_spec_needs_exactly_one_of_plan_and_tranches() {
    let both = format!(
        "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\ntranches = [{{ name = \"t\", amount = \"100e9\", plan = {{ kind = \"upfront\", date = \"2026-01-01\" }} }}]\n"
    );
    let err = Scenario::from_toml(&both).unwrap_err();
    assert_eq!(err.path(), "plans[0]");
    assert!(err.message().contains("not both"), "{err}");
}

#[test]
fn semantic_errors_in_json_are_located() {
    let text = "{\n  \"name\": \"x\",\n  \"currency\": \"USD\",\n  \"headline\": \"100\",\n  \"plans\": [\n    {\"name\": \"a\", \"plan\": {\"kind\": \"installments\", \"start\": \"2026-01-01\", \"count\": 0}}\n  ]\n}";
    let err = Scenario::load(text, Format::Json).unwrap_err();
    assert_eq!(err.path(), "plans[0].plan.count");
    assert_eq!(err.line(), Some(6));
}

#[test]
fn fx_must_connect_the_currencies() {
    let mut s = Scenario::korea_us_2025().unwrap();
    let a = s
        .affordability
        .take()
        .unwrap()
        .fx(
            disburse::affordability::FxPath::flat(disburse::Currency::EUR, disburse::Currency::KRW, dec!(1500))
                .unwrap(),
        );
    s.affordability = Some(a);
    let err = s.validate().unwrap_err();
    assert_eq!(err.path(), "affordability.fx.pair");
}

#[test]
fn duplicate_plan_names_are_rejected() {
    let text = format!(
        "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"2027-01-01\" }}\n"
    );
    let err = Scenario::load(&text, Format::Toml).unwrap_err();
    assert_eq!(
        err.to_string(),
        "plans[1].name: duplicate plan name `a` (line 8, column 8)"
    );
}

/// An `installments` plan with both or neither of `count` and `end` is
/// rejected by the plan's own check once the whole plan object is read;
/// the error points at the start of that object in JSON, as in TOML (not
/// at its closing brace).
#[test]
fn installments_count_or_end_error_points_at_the_plan() {
    let json = |fields: &str| {
        format!(
            "{{\n  \"name\": \"x\",\n  \"currency\": \"USD\",\n  \"headline\": \"100\",\n  \"plans\": [\n    {{\"name\": \"a\", \"plan\": {{\"kind\": \"installments\", \"start\": \"2026-01-01\"{fields}, \"tenor\": \"1Y\"}}}}\n  ]\n}}\n"
        )
    };
    let toml = |fields: &str| {
        format!(
            "name = \"x\"\ncurrency = \"USD\"\nheadline = \"100\"\n[[plans]]\nname = \"a\"\nplan = {{ kind = \"installments\", start = \"2026-01-01\"{fields}, tenor = \"1Y\" }}\n"
        )
    };
    let message = "installments is out of range: give exactly one of `count` and `end`";
    for (label, json_fields, toml_fields) in [
        (
            "both",
            ", \"count\": 3, \"end\": \"2030-01-01\"",
            ", count = 3, end = \"2030-01-01\"",
        ),
        ("neither", "", ""),
    ] {
        let err = Scenario::from_json(&json(json_fields)).unwrap_err();
        assert_eq!(err.path(), "plans[0].plan", "json {label}");
        assert_eq!(err.message(), message, "json {label}");
        assert_eq!((err.line(), err.column()), (Some(6), Some(27)), "json {label}");
        let err = Scenario::from_toml(&toml(toml_fields)).unwrap_err();
        assert_eq!(err.path(), "plans[0].plan", "toml {label}");
        assert_eq!(err.message(), message, "toml {label}");
        assert_eq!((err.line(), err.column()), (Some(6), Some(8)), "toml {label}");
    }
}

/// Duplicate names are found with one pass over the plans (and over the
/// tranches of a plan) and reported as before: the second plan of a name,
/// or the second tranche of a name, with the same message.
#[test]
fn duplicate_names_among_many_are_reported_at_the_second_one() {
    let upfront = |name: &str, date: &str| {
        format!("[[plans]]\nname = \"{name}\"\nplan = {{ kind = \"upfront\", date = \"{date}\" }}\n")
    };
    let mut text = String::from(BASE);
    for i in 0..2_000 {
        text.push_str(&upfront(&format!("p{i}"), "2026-01-01"));
    }
    text.push_str(&upfront("p1234", "2027-01-01"));
    text.push_str(&upfront("p7", "2027-01-01"));
    let err = Scenario::load(&text, Format::Toml).unwrap_err();
    assert_eq!(err.path(), "plans[2000].name");
    assert_eq!(err.message(), "duplicate plan name `p1234`");
    assert_eq!(err.line(), Some(3 + 3 * 2_000 + 2));

    let tranches: Vec<String> = (0..2_000)
        .chain([1_999, 5])
        .map(|i| {
            format!(
                "  {{ name = \"t{i}\", amount = \"1\", plan = {{ kind = \"upfront\", date = \"2026-01-01\" }} }},\n"
            )
        })
        .collect();
    let text = format!(
        "name = \"x\"\ncurrency = \"USD\"\nheadline = \"2002\"\n[[plans]]\nname = \"split\"\ntranches = [\n{}]\n",
        tranches.concat()
    );
    let err = Scenario::load(&text, Format::Toml).unwrap_err();
    assert_eq!(err.path(), "plans[0].tranches[2000].name");
    assert!(
        matches!(err.error(), Some(Error::DuplicateTranche { name }) if name == "t1999"),
        "{err}"
    );
    assert_eq!(err.message(), "duplicate tranche name `t1999`");
}

#[test]
fn waterfall_accrual_and_terminal_value() {
    let plan = "[[plans]]\nname = \"a\"\nplan = { kind = \"annual_cap\", start = \"2026-01-01\", cap = \"20e9\" }\n";
    let terms = "[waterfall.waterfall]\nbefore_recovery = { investor = \"0.5\", host = \"0.5\" }\nafter_recovery = { investor = \"0.1\", host = \"0.9\" }\ndeemed_rate = 0.04\n";
    let doc = |project: &str| format!("{BASE}{plan}\n[waterfall.project]\n{project}\n{terms}");
    // Defaults: pro rata, no terminal value.
    let s = Scenario::from_toml(&doc("yield = { rate = 0.12, years = 40 }")).unwrap();
    assert_eq!(
        s.waterfall.unwrap().project,
        ProjectFlows::yield_on_capital(0.12, 40).unwrap()
    );
    let s = Scenario::from_toml(&doc(
        "yield = { rate = 0.12, years = 40, accrual = \"next_period\", terminal_value = { share_of_capital = \"1\", date = \"2066-01-01\" } }",
    ))
    .unwrap();
    s.validate().unwrap();
    let expected = ProjectFlows::yield_on_capital(0.12, 40)
        .unwrap()
        .with_accrual(Accrual::NextPeriod)
        .unwrap()
        .with_terminal_value(
            TerminalValue::share_of_capital(dec!(1))
                .unwrap()
                .on(chrono::NaiveDate::from_ymd_opt(2066, 1, 1).unwrap()),
        )
        .unwrap();
    assert_eq!(s.waterfall.unwrap().project, expected);
    // Errors name the field.
    let err = Scenario::from_toml(&doc("yield = { rate = 0.12, years = 40, accrual = \"same_day\" }")).unwrap_err();
    assert!(err.path().starts_with("waterfall.project"), "{err}");
    assert!(err.message().contains("same_day"), "{err}");
    let err = Scenario::from_toml(&doc(
        "yield = { rate = 0.12, years = 40, terminal_value = { share_of_capital = \"-0.5\" } }",
    ))
    .unwrap_err();
    assert!(err.path().starts_with("waterfall.project"), "{err}");
    assert!(
        err.message().contains("terminal value share of capital") && err.message().contains("-0.5"),
        "{err}"
    );
    // A terminal date before the first outlay is found by validation.
    let s = Scenario::from_toml(&doc(
        "yield = { rate = 0.12, years = 40, terminal_value = { amount = \"1e9\", date = \"2020-01-01\" } }",
    ))
    .unwrap();
    let err = s.validate().unwrap_err();
    assert_eq!(err.path(), "waterfall.project.yield.terminal_value.date");
    assert!(err.message().contains("terminal value date"), "{err}");
}

#[test]
fn valuation_two_party_rates() {
    let plan = "[[plans]]\nname = \"a\"\nplan = { kind = \"upfront\", date = \"2026-01-01\" }\n";
    let doc = |v: &str| format!("{BASE}{plan}\n[valuation]\ndate = \"2026-01-01\"\n{v}");
    let s = Scenario::from_toml(&doc("payer_rate = 0.05\nrecipient_rate = 0.03\n")).unwrap();
    let p = s.valuation.unwrap().parties().unwrap();
    assert_eq!((p.payer_rate, p.recipient_rate), (0.05, 0.03));
    // The missing rate is named (at the table, where it would go).
    let err = Scenario::from_toml(&doc("payer_rate = 0.05\n")).unwrap_err();
    assert_eq!(err.path(), "valuation.recipient_rate");
    assert!(err.message().contains("recipient rate"), "{err}");
    let err = Scenario::from_toml(&doc("payer_rate = -1.5\nrecipient_rate = 0.03\n")).unwrap_err();
    assert_eq!(err.path(), "valuation.payer_rate");
    assert!(
        err.message().contains("payer rate") && err.message().contains("-1.5"),
        "{err}"
    );
}

/// The affordability model's new fields: each bad value is a one-line
/// error naming the field path, with the line and column of the section
/// or value that is wrong.
#[test]
fn affordability_model_fields_name_their_path_and_position() {
    let doc = |capacity: &str, fx: &str, funding: &str, extra: &str| {
        format!(
            "{BASE}[[plans]]\nname = \"a\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n\n\
             [affordability.capacity]\ncurrency = \"KRW\"\nconstraints = [{capacity}]\n\n\
             [affordability.fx]\n{fx}\n\n[affordability.funding]\nsources = [{funding}]\ndiscount_rate = 0.04\n{extra}"
        )
    };
    let cap = "{ kind = \"fixed_cap\", name = \"fx\", amount = \"1e12\", limits = \"conversion\" }";
    let fx = "pair = \"USD/KRW\"\nrates = { kind = \"flat\", rate = \"1430\" }";
    let borrow = "{ kind = \"borrowing\", coupon = 0.04, currency = \"USD\", tenor = 10 }";
    // The good document loads.
    let good = Scenario::from_toml(&doc(cap, fx, borrow, "")).unwrap();
    assert!(good.affordability.is_some());
    let cases: [(String, &str, &str, usize); 7] = [
        (
            // Each source is checked as it is read, and the check names
            // its field: the error is at the field and on its line.
            doc(cap, fx, "{ kind = \"borrowing\", coupon = 0.04, tenor = 0 }", ""),
            "affordability.funding.sources[0].tenor",
            "invalid funding: debt tenor must be 1 to 100, got 0",
            17,
        ),
        (
            doc(
                cap,
                fx,
                "{ kind = \"swap_line\", limit = \"1e9\", rate = 0.04, tenor = 1, rollovers = 101 }",
                "",
            ),
            "affordability.funding.sources[0].rollovers",
            "invalid funding: rollovers must be at most 100, got 101",
            17,
        ),
        (
            doc(
                cap,
                "base = \"JPY\"\nquote = \"USD\"\nrates = { kind = \"flat\", rate = \"150\" }",
                borrow,
                "",
            ),
            // The old form is refused at the field that spells it.
            "affordability.fx.base",
            "invalid fx path `base = JPY, quote = USD`: expected `pair = \"BASE/QUOTE\"`, rates in QUOTE per 1 BASE (base = USD, quote = KRW is now pair = \"USD/KRW\": 1 USD = rate KRW)",
            13,
        ),
        (
            doc(
                "{ kind = \"stock\", name = \"r\", start_year = 2026, level = \"1\", yield_rate = 0.0, adequacy_floor = { kind = \"share_of_start\", share = 1.5 } }",
                fx,
                borrow,
                "",
            ),
            // A constraint's check names its (nested) field.
            "affordability.capacity.constraints[0].adequacy_floor.share",
            "invalid constraint `r`: adequacy floor share must be in (0, 1], got 1.5",
            10,
        ),
        (
            doc(
                cap,
                fx,
                borrow,
                "\n[affordability.deferral]\ntrigger = { kind = \"fx_above\", level = \"1450\" }\npay_share = \"2\"\nmax_delay = 1\n",
            ),
            "affordability.deferral.pay_share",
            "invalid funding: deferral pay share must be 0 to 1, got 2",
            22,
        ),
        (
            doc(
                cap,
                "pair = \"USDKRW\"\nrates = { kind = \"flat\", rate = \"1430\" }",
                borrow,
                "",
            ),
            "affordability.fx.pair",
            "invalid fx pair `USDKRW`: expected BASE/QUOTE in market notation, e.g. USD/KRW (1 USD = rate KRW)",
            13,
        ),
        (
            doc(
                cap,
                fx,
                "{ kind = \"borrowing\", coupon = 0.04, profile = \"balloon\" }",
                "",
            ),
            // Inside a tagged source serde's path stops at the source (it
            // buffers tagged enums); the value it quotes is found under it.
            "affordability.funding.sources[0].profile",
            "unknown variant `balloon`, expected `bullet` or `amortising`",
            17,
        ),
    ];
    for (text, path, message, line) in cases {
        let err = Scenario::from_toml(&text).unwrap_err();
        assert_eq!(
            (err.path().as_str(), err.message(), err.line()),
            (path, message, Some(line)),
            "{text}"
        );
        assert!(!err.to_string().contains('\n'));
    }
}
