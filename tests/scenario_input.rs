//! Issue 9, items 8–10: amounts and dates are read from their text exactly,
//! byte-order marks are skipped, and a bad value names its field.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use disburse::scenario::Scenario;
use rust_decimal_macros::dec;

fn toml_with(headline: &str, date: &str) -> String {
    format!(
        "name = \"x\"\ncurrency = \"USD\"\nheadline = {headline}\n[[plans]]\nname = \"a\"\n\
         plan = {{ kind = \"upfront\", date = {date} }}\n[valuation]\ndate = \"2026-01-01\"\n\
         rates = [0.1234567890123456789, 0.05]\n"
    )
}

#[test]
fn unquoted_toml_amounts_are_read_from_their_text() {
    let s = Scenario::from_toml(&toml_with("12345678901234567.89", "\"2026-01-01\"")).unwrap();
    assert_eq!(s.headline, dec!(12345678901234567.89));
    s.validate().unwrap();
    // Rates stay f64, however many digits they are written with.
    let rates = &s.valuation.as_ref().unwrap().rates();
    assert_eq!(rates[0], "0.1234567890123456789".parse::<f64>().unwrap());
    // A float amount that is exact as f64 and as text is unchanged.
    let s = Scenario::from_toml(&toml_with("350e9", "\"2026-01-01\"")).unwrap();
    assert_eq!(s.headline, dec!(350e9));
}

#[test]
fn amounts_with_more_digits_than_a_decimal_are_errors() {
    for headline in [
        "\"350000000000.000000000000000001\"",
        "123456789012345678901234567890.5",
        "1e30",
    ] {
        let err = Scenario::from_toml(&toml_with(headline, "\"2026-01-01\"")).unwrap_err();
        assert_eq!(err.path(), "headline", "{headline}: {err}");
        assert!(err.to_string().contains("invalid amount"), "{err}");
        assert_eq!(err.line(), Some(3));
    }
    // More decimals than the currency's minor units: a typed error at the field.
    let err = Scenario::load(
        &toml_with("12345678901234567.891", "\"2026-01-01\""),
        disburse::scenario::Format::Toml,
    )
    .unwrap_err();
    assert_eq!(err.path(), "headline");
    assert!(err.to_string().contains("12345678901234567.891"), "{err}");
}

#[test]
fn unquoted_json_amounts_are_read_from_their_text() {
    let text = r#"{"name": "x", "currency": "USD", "headline": 12345678901234567.89,
      "plans": [{"name": "a", "tranches": [
        {"name": "t", "amount": 12345678901234566.89, "plan": {"kind": "upfront", "date": "2026-01-01"}},
        {"name": "u", "amount": 1, "plan": {"kind": "upfront", "date": "2026-01-01"}}]}],
      "valuation": {"date": "2026-01-01", "rates": [0.1234567890123456789]}}"#;
    let s = Scenario::from_json(text).unwrap();
    assert_eq!(s.headline, dec!(12345678901234567.89));
    s.validate().unwrap();
    let err =
        Scenario::from_json(&text.replace("12345678901234567.89", "\"350000000000.000000000000000001\"")).unwrap_err();
    assert_eq!(err.path(), "headline");
    let err = Scenario::from_json(&text.replace("12345678901234567.89", "123456789012345678901234567890")).unwrap_err();
    assert_eq!(err.path(), "headline");
    assert!(err.to_string().contains("`123456789012345678901234567890`"), "{err}");
}

#[test]
fn dates_need_four_digit_years_and_name_field_and_value() {
    for (date, value) in [
        ("\"08-01-01\"", "08-01-01"),
        ("\"2026-13-01\"", "2026-13-01"),
        ("\"+12026-01-01\"", "+12026-01-01"),
    ] {
        let err = Scenario::from_toml(&toml_with("100", date)).unwrap_err();
        assert_eq!(err.path(), "plans[0].plan.date", "{err}");
        assert!(err.to_string().contains(value), "{err}");
        assert_eq!(err.line(), Some(6));
    }
    let json = r#"{"name": "x", "currency": "USD", "headline": 1, "plans": [{"name": "a", "plan": {"kind": "upfront", "date": "26-01-01"}}]}"#;
    let err = Scenario::from_json(json).unwrap_err();
    assert_eq!(err.path(), "plans[0].plan.date");
    // A plan named like a date is still a name.
    let named = toml_with("100", "\"2026-01-01\"").replace("name = \"a\"", "name = \"08-01-01\"");
    Scenario::from_toml(&named).unwrap().validate().unwrap();
}

#[test]
fn toml_native_dates_are_dates() {
    let native = Scenario::from_toml(&toml_with("100", "2026-01-01")).unwrap();
    let quoted = Scenario::from_toml(&toml_with("100", "\"2026-01-01\"")).unwrap();
    assert_eq!(native, quoted);
    // A date-time is not a date.
    assert!(Scenario::from_toml(&toml_with("100", "2026-01-01T00:00:00")).is_err());
}

#[test]
fn byte_order_marks_are_skipped() {
    let toml = format!("\u{feff}{}", toml_with("100", "\"2026-01-01\""));
    Scenario::from_toml(&toml).unwrap();
    let json = "\u{feff}{\"name\": \"x\", \"currency\": \"USD\", \"headline\": 1, \"plans\": [{\"name\": \"a\", \"plan\": {\"kind\": \"upfront\", \"date\": \"2026-01-01\"}}]}";
    Scenario::from_json(json).unwrap();
}

fn one_plan(plan_name: &str, valuation: &str) -> String {
    format!(
        "name = \"x\"\ncurrency = \"USD\"\nheadline = \"100\"\n[[plans]]\nname = \"{plan_name}\"\n\
         plan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n{valuation}"
    )
}

#[test]
fn check_fails_where_compare_or_sensitivity_would() {
    use disburse::scenario::Format;
    let err = Scenario::load(&one_plan("", ""), Format::Toml).unwrap_err();
    assert_eq!(err.path(), "plans[0].name");
    let err = Scenario::load(&one_plan("a", "[valuation]\ndate = \"2030-01-01\"\n"), Format::Toml).unwrap_err();
    assert_eq!(err.path(), "valuation");
    assert!(err.to_string().contains("plan `a`"), "{err}");
    assert!(err.to_string().contains("2030-01-01"), "{err}");
    let err = Scenario::load(
        &one_plan("a", "[valuation]\ndate = \"2026-01-01\"\nrates = [1e10, -0.9999999]\n"),
        Format::Toml,
    )
    .unwrap_err();
    assert_eq!(err.path(), "valuation");
    Scenario::load(&one_plan("a", ""), Format::Toml).unwrap();
}
