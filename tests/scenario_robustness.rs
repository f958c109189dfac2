//! Robustness of scenario parsing: mutated library documents and random
//! text never make parsing, validation or schedule generation panic.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use disburse::scenario::Scenario;
use proptest::prelude::*;

#[path = "common/mutate.rs"]
mod mutate;
use mutate::{JSON_FILE, TOML_FILES, apply, mutation};

/// Parsing returns; a validated scenario has commitments and schedules;
/// an invalid one says why, and its steps fail in order.
fn exercise(text: &str, json: bool) {
    let parsed = if json {
        Scenario::from_json(text)
    } else {
        Scenario::from_toml(text)
    };
    match parsed {
        Ok(s) => match s.validate() {
            // What `check` accepts, every later step accepts.
            Ok(()) => {
                assert!(s.commitments().is_ok(), "validated but commitments fail");
                assert!(s.schedules().is_ok(), "validated but schedules fail");
            }
            Err(e) => {
                assert!(!e.to_string().is_empty());
                // The steps fail in order: no schedules without commitments.
                if s.commitments().is_err() {
                    assert!(s.schedules().is_err(), "schedules without commitments: {e}");
                }
            }
        },
        Err(e) => {
            let shown = e.to_string();
            assert!(!shown.is_empty());
            if let Some(p) = e.position() {
                assert!(p.line >= 1 && p.column >= 1, "{shown}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(3000), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn mutated_toml_never_panics(file in 0..TOML_FILES.len(), ms in prop::collection::vec(mutation(), 1..4)) {
        let mut text = TOML_FILES[file].to_string();
        for m in &ms {
            text = apply(&text, m);
        }
        exercise(&text, false);
        // The same bytes as JSON must not panic either.
        exercise(&text, true);
    }

    #[test]
    fn mutated_json_never_panics(ms in prop::collection::vec(mutation(), 1..4)) {
        let mut text = JSON_FILE.to_string();
        for m in &ms {
            text = apply(&text, m);
        }
        exercise(&text, true);
        exercise(&text, false);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(500), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_text_never_panics(text in "\\PC{0,200}") {
        exercise(&text, false);
        exercise(&text, true);
    }

    #[test]
    fn generated_documents_never_panic(
        headline in prop_oneof![Just("\"350e9\"".to_string()), Just("-1".to_string()), Just("\"0.001\"".to_string()), "-?[0-9]{1,30}(\\.[0-9]{0,4})?".prop_map(|s| format!("\"{s}\""))],
        count in prop_oneof![0u64..20, Just(4_294_967_295u64), Just(100_001u64)],
        cap in "-?[0-9]{1,14}(\\.[0-9]{1,3})?",
        tenor in prop_oneof![Just("1Y"), Just("1M"), Just("0D"), Just("1W"), Just("x")],
        rate in prop_oneof![Just("0.045"), Just("-1.0"), Just("nan"), Just("inf"), Just("1e300")],
    ) {
        let text = format!(
            "name = \"g\"\ncurrency = \"USD\"\nheadline = {headline}\n\
             [[plans]]\nname = \"i\"\nplan = {{ kind = \"installments\", start = \"2026-01-01\", count = {count}, tenor = \"{tenor}\" }}\n\
             [[plans]]\nname = \"c\"\nplan = {{ kind = \"annual_cap\", start = \"2026-01-01\", cap = \"{cap}\" }}\n\
             [valuation]\ndate = \"2026-01-01\"\nrates = [{rate}]\n\
             [affordability.capacity]\ncurrency = \"USD\"\nconstraints = [{{ kind = \"fixed_cap\", name = \"c\", amount = \"{cap}\" }}]\n\
             [affordability.funding]\nsources = [{{ kind = \"borrowing\", coupon = {rate} }}]\ndiscount_rate = 0.04\n"
        );
        exercise(&text, false);
    }
}
