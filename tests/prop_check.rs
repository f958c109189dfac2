//! Issue 9: `check` succeeds ⇒ every other scenario command succeeds.
//! For generated and mutated scenarios, when [`Scenario::validate`] (what
//! `disburse check` runs) accepts a document, the library calls behind
//! `compare`, `schedule`, `afford` and `sensitivity` succeed too.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use disburse::scenario::{DEFAULT_TENORS, Scenario};
use proptest::prelude::*;

#[path = "common/mutate.rs"]
mod mutate;
use mutate::{JSON_FILE, TOML_FILES, apply, mutation};

/// When `check` accepts `text`, every other command's library calls succeed.
fn check_implies_the_rest(text: &str, json: bool) -> Result<(), TestCaseError> {
    let parsed = if json {
        Scenario::from_json(text)
    } else {
        Scenario::from_toml(text)
    };
    let Ok(s) = parsed else { return Ok(()) };
    if s.validate().is_err() {
        return Ok(());
    }
    // schedule
    let plans = s.schedules();
    prop_assert!(
        plans.is_ok(),
        "schedule failed after check: {:?}\n{}",
        plans.err(),
        text
    );
    let plans = plans.unwrap();
    // compare
    let settings = s.valuation_settings(&plans);
    prop_assert!(
        settings.is_ok(),
        "valuation failed after check: {:?}\n{}",
        settings.err(),
        text
    );
    let settings = settings.unwrap();
    let c = disburse::compare::compare(&plans, &settings, s.affordability.as_ref());
    prop_assert!(c.is_ok(), "compare failed after check: {:?}\n{}", c.err(), text);
    let c = c.unwrap();
    prop_assert!(c.to_csv_summary().is_ok());
    prop_assert!(serde_json::to_string(&c).is_ok());
    // afford
    if let Some(a) = &s.affordability {
        for (name, plan) in &plans {
            let r = a.assess(plan);
            prop_assert!(
                r.is_ok(),
                "afford failed for `{}` after check: {:?}\n{}",
                name,
                r.err(),
                text
            );
        }
    }
    // sensitivity
    let g = disburse::compare::sensitivity(
        s.headline_money(),
        settings.date(),
        settings.rates(),
        &DEFAULT_TENORS,
        &settings,
        s.affordability.as_ref(),
    );
    prop_assert!(g.is_ok(), "sensitivity failed after check: {:?}\n{}", g.err(), text);
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(400), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_documents(file in 0..TOML_FILES.len(), ms in prop::collection::vec(mutation(), 1..3)) {
        let mut text = TOML_FILES[file].to_string();
        for m in &ms {
            text = apply(&text, m);
        }
        check_implies_the_rest(&text, false)?;
        let mut text = JSON_FILE.to_string();
        for m in &ms {
            text = apply(&text, m);
        }
        check_implies_the_rest(&text, true)?;
    }

    #[test]
    fn generated_documents(
        headline in prop_oneof![Just("\"350e9\"".to_string()), Just("\"0.01\"".to_string()), "[1-9][0-9]{0,20}(\\.[0-9]{0,2})?".prop_map(|s| format!("\"{s}\""))],
        count in 1u64..30,
        cap in "[1-9][0-9]{0,14}(\\.[0-9]{1,2})?",
        tenor in prop_oneof![Just("1Y"), Just("1M"), Just("100Y"), Just("1W")],
        start in prop_oneof![Just("2026-01-01"), Just("0001-01-01"), Just("9990-12-31"), Just("2000-02-29")],
        date in prop_oneof![Just("2026-01-01"), Just("2030-01-01"), Just("0001-01-01"), Just("9999-12-31")],
        rates in prop_oneof![Just("0.045"), Just("1e10, -0.9999999"), Just("-0.99"), Just("1e300"), Just("0.0, 5.0")],
        name in prop_oneof![Just("i"), Just(""), Just(" ")],
        affordable in any::<bool>(),
    ) {
        let mut text = format!(
            "name = \"g\"\ncurrency = \"USD\"\nheadline = {headline}\n\
             [[plans]]\nname = \"{name}\"\nplan = {{ kind = \"installments\", start = \"{start}\", count = {count}, tenor = \"{tenor}\" }}\n\
             [[plans]]\nname = \"c\"\nplan = {{ kind = \"annual_cap\", start = \"{start}\", cap = \"{cap}\" }}\n\
             [valuation]\ndate = \"{date}\"\nrates = [{rates}]\n"
        );
        if affordable {
            text.push_str(&format!(
                "[affordability.capacity]\ncurrency = \"USD\"\nconstraints = [{{ kind = \"fixed_cap\", name = \"c\", amount = \"{cap}\" }}]\n"
            ));
        }
        check_implies_the_rest(&text, false)?;
    }
}
