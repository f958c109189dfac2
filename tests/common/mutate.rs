//! Mutations of the library's scenario documents, shared by the scenario
//! property tests (`scenario_robustness.rs`, `prop_check.rs`).
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use proptest::prelude::*;

/// The library's TOML scenarios.
pub(crate) const TOML_FILES: [&str; 5] = [
    include_str!("../../examples/scenarios/upfront_vs_10y.toml"),
    include_str!("../../examples/scenarios/korea_us_2025.toml"),
    include_str!("../../examples/scenarios/japan_us_2025.toml"),
    include_str!("../../examples/scenarios/eu_pledge_2025.toml"),
    include_str!("../../examples/scenarios/eu_investment_2025.toml"),
];
/// The JSON twin of `upfront_vs_10y.toml`.
pub(crate) const JSON_FILE: &str = include_str!("../../examples/scenarios/upfront_vs_10y.json");

/// Replacement values for numbers and strings.
pub(crate) const VALUES: [&str; 14] = [
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

/// One edit of a document's text.
#[derive(Debug, Clone)]
pub(crate) enum Mutation {
    DeleteLine(usize),
    DuplicateLine(usize),
    SwapLines(usize, usize),
    FlipByte(usize, u8),
    ReplaceNumber(usize, usize),
    InsertUnknownField(usize),
    Truncate(usize),
}

/// Any [`Mutation`].
pub(crate) fn mutation() -> impl Strategy<Value = Mutation> {
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

/// `text` with `m` applied (always valid UTF-8).
pub(crate) fn apply(text: &str, m: &Mutation) -> String {
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
