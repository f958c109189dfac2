//! The [`dec!`](crate::dec) macro: `Decimal` literals checked at compile
//! time, usable with `disburse` as the only dependency.
//!
//! `rust_decimal`'s own `dec!` expands to a path through the
//! `rust_decimal` crate, so it compiles only where that crate is a direct
//! dependency. This one expands through `$crate` instead, into a `const`
//! block that parses the literal's text with [`parse_decimal_literal`].

use rust_decimal::Decimal;

/// A `Decimal` literal, parsed at compile time: `dec!(350e9)`,
/// `dec!(-2750.55)`, `dec!(0.045)`, `dec!(1_000)`.
///
/// The same literals as `rust_decimal_macros::dec!` (without its `radix`
/// and `exp` options), with `disburse` as the only dependency: the macro
/// needs neither `rust_decimal` nor `Decimal` in scope. It expands to a
/// `const` block, so it works in constants too; a literal that is not a
/// decimal, has more than 28 decimal places or does not fit in 96 bits is a
/// compile error.
///
/// ```
/// use disburse::prelude::*;
///
/// const CAP: Decimal = dec!(20e9);
/// assert_eq!(CAP.to_string(), "20000000000");
/// assert_eq!(dec!(-2750.55), Decimal::new(-275_055, 2));
/// assert_eq!(dec!(4.5e-2), Decimal::new(45, 3));
/// assert_eq!(disburse::dec!(1_000), Decimal::ONE_THOUSAND);
/// ```
///
/// ```compile_fail
/// let x = disburse::dec!(1.2.3); // not a decimal: does not compile
/// ```
///
/// ```compile_fail
/// let x = disburse::dec!(1e29); // beyond 96 bits: does not compile
/// ```
#[macro_export]
macro_rules! dec {
    ($($literal:tt)+) => {
        const { $crate::__private::parse_decimal_literal(::core::stringify!($($literal)+)) }
    };
}

/// The largest mantissa a `Decimal` holds: 2^96 − 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// The most decimal places a `Decimal` holds.
const MAX_SCALE: u32 = 28;

/// Parses the text of a decimal literal, as [`dec!`](crate::dec) writes it:
/// an optional `-` (spaces allowed after it), digits with optional `_`
/// separators, an optional fractional part and an optional exponent
/// (`e`/`E`, optional sign).
///
/// # Panics
/// On text that is not such a literal, on more than 28 decimal places and
/// on a mantissa beyond 96 bits. Meant for `const` evaluation only, where
/// a panic is a compile error (as in `rust_decimal_macros`).
#[allow(clippy::panic)]
pub const fn parse_decimal_literal(text: &str) -> Decimal {
    let b = text.as_bytes();
    let mut i = 0;
    let negative = i < b.len() && b[i] == b'-';
    if negative {
        i += 1;
        while i < b.len() && b[i] == b' ' {
            i += 1;
        }
    }
    let mut mantissa: u128 = 0;
    let mut digits = 0u32;
    let mut fraction_digits: u32 = 0;
    let mut in_fraction = false;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_digit() {
            mantissa = match mantissa.checked_mul(10) {
                Some(m) => m + (c - b'0') as u128,
                None => panic!("dec!: the literal does not fit in a Decimal"),
            };
            if mantissa > MAX_MANTISSA {
                panic!("dec!: the literal does not fit in a Decimal");
            }
            digits += 1;
            if in_fraction {
                fraction_digits += 1;
            }
        } else if c == b'.' && !in_fraction {
            in_fraction = true;
        } else if c != b'_' {
            break;
        }
        i += 1;
    }
    if digits == 0 {
        panic!("dec!: not a decimal literal");
    }
    let mut exponent: i64 = 0;
    if i < b.len() && (b[i] == b'e' || b[i] == b'E') {
        i += 1;
        let exponent_negative = i < b.len() && b[i] == b'-';
        if i < b.len() && (b[i] == b'-' || b[i] == b'+') {
            i += 1;
        }
        let mut exponent_digits = 0;
        while i < b.len() && (b[i].is_ascii_digit() || b[i] == b'_') {
            if b[i] != b'_' {
                exponent = exponent * 10 + (b[i] - b'0') as i64;
                exponent_digits += 1;
                if exponent > 100 {
                    panic!("dec!: the exponent is out of range");
                }
            }
            i += 1;
        }
        if exponent_digits == 0 {
            panic!("dec!: not a decimal literal");
        }
        if exponent_negative {
            exponent = -exponent;
        }
    }
    if i != b.len() {
        panic!("dec!: not a decimal literal");
    }
    let mut scale = fraction_digits as i64 - exponent;
    while scale < 0 {
        mantissa *= 10;
        if mantissa > MAX_MANTISSA {
            panic!("dec!: the literal does not fit in a Decimal");
        }
        scale += 1;
    }
    if scale > MAX_SCALE as i64 {
        panic!("dec!: more than 28 decimal places");
    }
    Decimal::from_parts(
        mantissa as u32,
        (mantissa >> 32) as u32,
        (mantissa >> 64) as u32,
        negative,
        scale as u32,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn literals_parse_as_rust_decimal_does() {
        for text in [
            "0",
            "1",
            "-1",
            "- 10000",
            "0.03",
            "0.045",
            "350e9",
            "350E9",
            "1.5e+3",
            "-1.2e-6",
            "12e-6",
            "1_000",
            "1_000.000_1",
            "4.5e-2",
            "1e-28",
            "79228162514264337593543950335",
            "-79228162514264337593543950335",
            "7.9228162514264337593543950335",
            "2086.65",
            "100.",
        ] {
            let want = Decimal::from_str(&text.replace(['_', ' '], ""))
                .or_else(|_| Decimal::from_scientific(&text.replace(['_', ' '], "")))
                .unwrap_or_else(|e| panic!("{text}: {e}"));
            let got = parse_decimal_literal(text);
            assert_eq!(got, want, "{text}");
            assert_eq!(got.scale(), want.scale(), "{text}: scale");
        }
    }

    #[test]
    fn bad_literals_panic() {
        for text in [
            "",
            "-",
            "abc",
            "1.2.3",
            "1e",
            "1f64",
            "79228162514264337593543950336",
            "1e29",
            "1e-29",
            "0.00000000000000000000000000001",
            "1e999",
        ] {
            assert!(
                std::panic::catch_unwind(|| parse_decimal_literal(text)).is_err(),
                "{text:?} should not parse"
            );
        }
    }
}
