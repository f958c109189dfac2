//! Amounts and fractions as people write them (`550B`, `1.2T`, `$20M`,
//! `3.5%`) are read exactly: every suffix times every value is the
//! integer arithmetic of its digits, and the text a `Decimal` prints reads
//! back to it, with or without a scale suffix.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use disburse::rust_decimal::Decimal;
use disburse::text::{parse_amount, parse_decimal, parse_fraction};
use proptest::prelude::*;

/// The suffixes and the powers of ten they stand for (the README's table).
const SUFFIXES: [(&str, u32); 11] = [
    ("K", 3),
    ("thousand", 3),
    ("M", 6),
    ("mn", 6),
    ("million", 6),
    ("B", 9),
    ("bn", 9),
    ("billion", 9),
    ("T", 12),
    ("tn", 12),
    ("trillion", 12),
];

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(2_000)))]

    /// `m·10^-s` followed by a suffix of power `p` is `m·10^(p−s)`,
    /// computed here in integers, whatever the case and spacing.
    #[test]
    fn suffix_times_value_is_exact(
        m in -999_999_999_999i64..=999_999_999_999,
        s in 0u32..=6,
        k in 0usize..SUFFIXES.len(),
        space in any::<bool>(),
        upper in any::<bool>(),
        dollar in any::<bool>(),
    ) {
        let (suffix, p) = SUFFIXES[k];
        let value = Decimal::from_i128_with_scale(i128::from(m), s);
        let suffix = if upper { suffix.to_uppercase() } else { suffix.to_lowercase() };
        let sign = if m < 0 { "-" } else { "" };
        let text = format!(
            "{sign}{}{}{}{suffix}",
            if dollar { "$" } else { "" },
            value.abs(),
            if space { " " } else { "" }
        );
        let want = if p >= s {
            Decimal::from_i128_with_scale(i128::from(m) * 10i128.pow(p - s), 0)
        } else {
            Decimal::from_i128_with_scale(i128::from(m), s - p)
        };
        prop_assert_eq!(parse_amount(&text).unwrap(), want, "{}", text);
    }

    /// A decimal's text reads back to it, plain or scaled down by a suffix
    /// (`1234567000` is `1.234567B`).
    #[test]
    fn amounts_round_trip(m in any::<i64>(), s in 0u32..=10, k in 0usize..SUFFIXES.len()) {
        let d = Decimal::from_i128_with_scale(i128::from(m), s);
        prop_assert_eq!(parse_amount(&d.to_string()).unwrap(), d);
        let (suffix, p) = SUFFIXES[k];
        let scaled = Decimal::from_i128_with_scale(i128::from(m), s + p);
        prop_assert_eq!(parse_amount(&format!("{scaled}{suffix}")).unwrap(), d);
    }

    /// `x%` is `x / 100` exactly: the digits shifted, never through `f64`.
    #[test]
    fn percentages_are_exact(m in -9_999_999_999i64..=9_999_999_999, s in 0u32..=8) {
        let x = Decimal::from_i128_with_scale(i128::from(m), s);
        let want = Decimal::from_i128_with_scale(i128::from(m), s + 2);
        prop_assert_eq!(parse_fraction(&format!("{x}%")).unwrap(), want);
        prop_assert_eq!(parse_fraction(&x.to_string()).unwrap(), x);
        // A rate in a scenario is the f64 nearest that exact fraction.
        let rate: disburse::rates::Rate = serde_json::from_str(&format!("\"{x}%\"")).unwrap_or(disburse::rates::Rate::ZERO);
        if want > Decimal::NEGATIVE_ONE {
            prop_assert_eq!(rate.value(), want.to_string().parse::<f64>().unwrap());
        }
    }

    /// Any text is an amount or an error, never a panic; an amount is what
    /// its digits say (the plain form agrees with `parse_decimal`).
    #[test]
    fn any_text_is_an_amount_or_an_error(text in "\\PC{0,40}") {
        let amount = parse_amount(&text);
        if let Ok(plain) = parse_decimal(&text) {
            prop_assert_eq!(amount.unwrap(), plain);
        }
        let _ = parse_fraction(&text);
    }
}

#[test]
fn amounts_that_cannot_be_exact_are_errors() {
    for text in [
        "1.00000000000000000000000000001T",
        "79228162514264337593543950336",
        "100000000000000000000T",
        "0.0000000000000000000000000001K5",
        "5%",
        "$",
        "B",
        "5 B B",
        "--5B",
        "5e",
        "five billion",
    ] {
        assert!(parse_amount(text).is_err(), "{text}");
    }
}
