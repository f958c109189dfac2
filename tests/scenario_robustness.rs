//! Robustness of scenario parsing: mutated library documents and random
//! text never make parsing, validation or schedule generation panic.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use disburse::scenario::Scenario;
use proptest::prelude::*;

const TOML_FILES: [&str; 5] = [
    include_str!("../examples/scenarios/upfront_vs_10y.toml"),
    include_str!("../examples/scenarios/korea_us_2025.toml"),
    include_str!("../examples/scenarios/japan_us_2025.toml"),
    include_str!("../examples/scenarios/eu_pledge_2025.toml"),
    include_str!("../examples/scenarios/eu_investment_2025.toml"),
];
// The JSON twin of upfront_vs_10y.toml is fed below.
const JSON_FILE: &str = include_str!("../examples/scenarios/upfront_vs_10y.json");

/// Replacement values for numbers and strings.
const VALUES: [&str; 14] = [
    "-5",
    "\"-5\"",
    "0",
    "\"NaN\"",
    "NaN",
    "inf",
    "-inf",
    "1e308",
    "\"1e28\"",
    "\"79228162514264337593543950336\"",
    "99999999999999999999",
    "4294967295",
    "\"2026-02-30\"",
    "\"\"",
];

#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    FlipByte(usize, u8),
    ReplaceNumber(usize, usize),
    InsertUnknownField(usize),
    Truncate(usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::DeleteLine),
        any::<usize>().prop_map(Mutation::DuplicateLine),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<usize>(), any::<u8>()).prop_map(|(a, b)| Mutation::FlipByte(a, b)),
        (any::<usize>(), 0..VALUES.len()).prop_map(|(a, b)| Mutation::ReplaceNumber(a, b)),
        any::<usize>().prop_map(Mutation::InsertUnknownField),
        any::<usize>().prop_map(Mutation::Truncate),
    ]
}

fn apply(text: &str, m: &Mutation) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let n = lines.len().max(1);
    match *m {
        Mutation::DeleteLine(i) => {
            if !lines.is_empty() {
                lines.remove(i % n);
            }
        }
        Mutation::DuplicateLine(i) => {
            if !lines.is_empty() {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
        }
        Mutation::SwapLines(a, b) => {
            if !lines.is_empty() {
                lines.swap(a % n, b % n);
            }
        }
        Mutation::FlipByte(i, b) => {
            let mut bytes = text.as_bytes().to_vec();
            if !bytes.is_empty() {
                let k = i % bytes.len();
                bytes[k] = b;
            }
            return String::from_utf8_lossy(&bytes).into_owned();
        }
        Mutation::ReplaceNumber(i, v) => {
            // Replace the i-th value after an `=` or `:` with a hostile one.
            let mut spots = Vec::new();
            for (li, l) in lines.iter().enumerate() {
                for (ci, c) in l.char_indices() {
                    if c == '=' || c == ':' {
                        spots.push((li, ci));
                    }
                }
            }
            if !spots.is_empty() {
                let (li, ci) = spots[i % spots.len()];
                let rest = &lines[li][ci + 1..];
                let end = rest.find([',', '}', ']']).unwrap_or(rest.len());
                let new = format!("{} {}{}", &lines[li][..=ci], VALUES[v], &rest[end..]);
                lines[li] = new;
            }
        }
        Mutation::InsertUnknownField(i) => {
            lines.insert(i % (lines.len() + 1), "bogus_field = 1".to_string());
        }
        Mutation::Truncate(i) => {
            let mut k = i % (text.len() + 1);
            while !text.is_char_boundary(k) {
                k -= 1;
            }
            return text[..k].to_string();
        }
    }
    lines.join("\n")
}

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
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

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
    #![proptest_config(ProptestConfig { cases: 500, failure_persistence: None, ..ProptestConfig::default() })]

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
