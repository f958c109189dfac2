//! Reading amounts and dates from text exactly, as every input of the
//! crate does (scenario documents, the CLI's CSV files, holiday lists and
//! flags).
//!
//! - [`parse_decimal`] reads a decimal from its digits, never through
//!   `f64` and never rounding: a number with more significant digits than a
//!   [`Decimal`] holds (28, or 96 bits of mantissa) is an error, not a
//!   nearby value.
//! - [`parse_date`] reads `YYYY-MM-DD` with a four-digit year: `08-01-01`
//!   is an error, not the year 8.
//! - [`strip_bom`] drops the UTF-8 byte-order mark that spreadsheet
//!   programs write at the start of "CSV UTF-8" files.
//!
//! ```
//! use disburse::text::{parse_date, parse_decimal};
//! assert_eq!(parse_decimal("12345678901234567.89")?.to_string(), "12345678901234567.89");
//! assert!(parse_decimal("350000000000.000000000000000001").is_err());
//! assert!(parse_date("08-01-01").is_err());
//! assert_eq!(parse_date("2008-01-01")?.to_string(), "2008-01-01");
//! # Ok::<(), disburse::Error>(())
//! ```

use chrono::NaiveDate;
use rust_decimal::Decimal;

use crate::{Error, Result};

/// The largest mantissa a `Decimal` holds: 2^96 − 1.
const MAX_MANTISSA: u128 = (1 << 96) - 1;

/// The most decimal places a `Decimal` holds.
const MAX_SCALE: i64 = 28;

/// What [`parse_decimal`] accepts, for its error.
const DECIMAL_EXPECTED: &str = "a decimal of at most 28 significant digits, such as 12.50, -3 or 1e9, \
                                read exactly (more digits would be rounded)";

/// What [`parse_date`] accepts, for its error.
const DATE_EXPECTED: &str = "a date YYYY-MM-DD with a four-digit year";

/// Parses a decimal exactly: an optional sign, digits with an optional
/// fractional part, and an optional exponent (`e` or `E`). Surrounding
/// spaces are not accepted.
///
/// Trailing zeros that a `Decimal` cannot hold are dropped
/// (`1.000…0` with 40 zeros is 1); any other digit that does not fit is an
/// error rather than rounded.
///
/// # Errors
/// [`Error::Parse`] (kind `amount`) naming the input, for text that is
/// not such a number or needs more than 28 decimal places or a mantissa
/// beyond 96 bits.
///
/// ```
/// use disburse::text::parse_decimal;
/// use rust_decimal_macros::dec;
/// assert_eq!(parse_decimal("350e9")?, dec!(350_000_000_000));
/// assert_eq!(parse_decimal("-2750.50")?, dec!(-2750.50));
/// assert_eq!(parse_decimal("110.00000000000000000000000000000000")?, dec!(110));
/// let err = parse_decimal("110.00000000000000000000000000001").unwrap_err();
/// assert!(err.to_string().starts_with("invalid amount `110.00000000000000000000000000001`"));
/// assert!(parse_decimal("1e400").is_err());
/// assert!(parse_decimal("twelve").is_err());
/// # Ok::<(), disburse::Error>(())
/// ```
pub fn parse_decimal(text: &str) -> Result<Decimal> {
    parse_decimal_opt(text).ok_or_else(|| Error::Parse {
        kind: "amount",
        input: text.to_string(),
        expected: DECIMAL_EXPECTED,
    })
}

fn parse_decimal_opt(text: &str) -> Option<Decimal> {
    parse_shifted(text, 0)
}

/// What [`parse_amount`] accepts, for its error.
const AMOUNT_EXPECTED: &str = "an exact amount such as 350e9, 12.50, 550B, 550 bn, 1.2T, 20M or $550B \
                               (suffixes K/thousand, M/mn/million, B/bn/billion, T/tn/trillion; \
                               at most 28 significant digits)";

/// What [`parse_fraction`] accepts, for its error.
const FRACTION_EXPECTED: &str = "a fraction such as 0.035 or a percentage such as 3.5%, read exactly";

/// The scale suffixes of [`parse_amount`], lower case, with their power of ten.
const AMOUNT_SUFFIXES: [(&str, i64); 11] = [
    ("thousand", 3),
    ("k", 3),
    ("million", 6),
    ("mn", 6),
    ("m", 6),
    ("billion", 9),
    ("bn", 9),
    ("b", 9),
    ("trillion", 12),
    ("tn", 12),
    ("t", 12),
];

/// Parses an amount exactly, as scenario files and the CLI's flags take
/// it: a decimal as [`parse_decimal`] reads it (`350e9`, `12.50`), or a
/// decimal and a scale suffix, with or without a space, in any case:
/// `K`/`thousand` (10³), `M`/`mn`/`million` (10⁶), `B`/`bn`/`billion`
/// (10⁹), `T`/`tn`/`trillion` (10¹²). A leading `$` is allowed after the
/// sign (`$550B`, `-$5M`); it is a reading aid that neither sets nor checks
/// the currency (scenario files check it against the field's currency).
///
/// The scale is applied to the digits as written (`1.2T` is
/// 1,200,000,000,000 exactly), never through `f64`; a value that a
/// [`Decimal`] cannot hold exactly is an error.
///
/// # Errors
/// [`Error::Parse`] (kind `amount`) naming the input and listing the
/// accepted forms.
///
/// ```
/// use disburse::text::parse_amount;
/// use rust_decimal_macros::dec;
/// assert_eq!(parse_amount("550B")?, dec!(550_000_000_000));
/// assert_eq!(parse_amount("550 bn")?, dec!(550_000_000_000));
/// assert_eq!(parse_amount("1.2T")?, dec!(1_200_000_000_000));
/// assert_eq!(parse_amount("$20M")?, dec!(20_000_000));
/// assert_eq!(parse_amount("-2.5 thousand")?, dec!(-2500));
/// assert_eq!(parse_amount("550e9")?, dec!(550_000_000_000));
/// assert!(parse_amount("3%").is_err());
/// // 10^29 + 1 needs 30 digits: more than a Decimal holds.
/// assert!(parse_amount("1.00000000000000000000000000001T").is_err());
/// let err = parse_amount("550X").unwrap_err();
/// assert!(err.to_string().starts_with("invalid amount `550X`: expected an exact amount such as 350e9"));
/// # Ok::<(), disburse::Error>(())
/// ```
pub fn parse_amount(text: &str) -> Result<Decimal> {
    amount_opt(text).ok_or_else(|| Error::Parse {
        kind: "amount",
        input: text.to_string(),
        expected: AMOUNT_EXPECTED,
    })
}

/// The number and the power of ten of its scale suffix, `$` dropped.
fn split_amount(text: &str) -> Option<(String, i64)> {
    let t = text.trim();
    let (sign, rest) = match t.as_bytes().first()? {
        b'-' => ("-", &t[1..]),
        b'+' => ("", &t[1..]),
        _ => ("", t),
    };
    let rest = rest.strip_prefix('$').unwrap_or(rest);
    let lower = rest.to_ascii_lowercase();
    let (number, shift) = AMOUNT_SUFFIXES
        .iter()
        .find_map(|&(suffix, power)| {
            let n = lower.strip_suffix(suffix)?;
            // `1e9` ends in a digit, never in a suffix: only strip a suffix
            // after a digit, a point or a space.
            let last = n.trim_end().bytes().last()?;
            (last.is_ascii_digit() || last == b'.').then(|| (n.trim_end(), power))
        })
        .unwrap_or((lower.as_str(), 0));
    if number.is_empty() || number.starts_with(['+', '-']) {
        return None;
    }
    Some((format!("{sign}{number}"), shift))
}

fn amount_opt(text: &str) -> Option<Decimal> {
    let (number, shift) = split_amount(text)?;
    parse_shifted(&number, shift)
}

/// Whether `text` is written with a leading `$` (after an optional sign),
/// as [`parse_amount`] allows.
#[cfg(feature = "scenario")]
pub(crate) fn has_dollar(text: &str) -> bool {
    let t = text.trim();
    t.strip_prefix(['-', '+']).unwrap_or(t).starts_with('$')
}

/// Parses a fraction exactly: a decimal (`0.035`) or a percentage
/// (`3.5%`, the digits shifted two places, never through `f64`), as
/// scenario files take shares, probabilities and rates.
///
/// # Errors
/// [`Error::Parse`] (kind `fraction`) naming the input, for text that is
/// neither, or that a [`Decimal`] cannot hold exactly.
///
/// ```
/// use disburse::text::parse_fraction;
/// use rust_decimal_macros::dec;
/// assert_eq!(parse_fraction("3.5%")?, dec!(0.035));
/// assert_eq!(parse_fraction(" 50 % ")?, dec!(0.5));
/// assert_eq!(parse_fraction("0.1")?, dec!(0.1));
/// assert!(parse_fraction("3%%").is_err());
/// # Ok::<(), disburse::Error>(())
/// ```
pub fn parse_fraction(text: &str) -> Result<Decimal> {
    let t = text.trim();
    let parsed = match t.strip_suffix('%') {
        Some(p) => parse_shifted(p.trim_end(), -2),
        None => parse_shifted(t, 0),
    };
    parsed.ok_or_else(|| Error::Parse {
        kind: "fraction",
        input: text.to_string(),
        expected: FRACTION_EXPECTED,
    })
}

/// A decimal from its digits, times `10^shift`, exactly or not at all.
fn parse_shifted(text: &str, shift: i64) -> Option<Decimal> {
    let (negative, rest) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match rest.find(['e', 'E']) {
        Some(i) => (&rest[..i], Some(&rest[i + 1..])),
        None => (rest, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int) || !all_digits(frac) || int.len() + frac.len() == 0 {
        return None;
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(e) => {
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !all_digits(digits) {
                return None;
            }
            // Past 100 the value is out of range unless it is zero.
            let trimmed = digits.trim_start_matches('0');
            let magnitude: i64 = if trimmed.len() > 4 {
                10_000
            } else {
                trimmed.parse().unwrap_or(0)
            };
            if e.starts_with('-') { -magnitude } else { magnitude }
        }
    } + shift;
    // The significant digits and the scale of the value they make.
    let digits: Vec<u8> = int.bytes().chain(frac.bytes()).collect();
    let first = digits.iter().position(|&d| d != b'0');
    let Some(first) = first else {
        return Some(Decimal::ZERO);
    };
    let last = digits.iter().rposition(|&d| d != b'0').unwrap_or(first);
    let significant = digits.get(first..=last)?;
    let trailing = i64::try_from(digits.len() - 1 - last).ok()?;
    let frac_len = i64::try_from(frac.len()).ok()?;
    // value = significant × 10^(trailing − frac_len + exponent)
    let power = trailing - frac_len + exponent;
    if significant.len() > 29 || !(-MAX_SCALE..=29).contains(&power) {
        return None;
    }
    let mut m: u128 = 0;
    for &d in significant {
        m = m * 10 + u128::from(d - b'0');
    }
    if power > 0 {
        m = m.checked_mul(10u128.checked_pow(u32::try_from(power).ok()?)?)?;
    }
    if m > MAX_MANTISSA {
        return None;
    }
    let mut scale = if power < 0 { -power } else { 0 };
    // Keep the scale the text was written with (`12.50` stays 12.50) when it fits.
    let written = (frac_len - exponent).clamp(0, MAX_SCALE);
    while scale < written && m * 10 <= MAX_MANTISSA {
        m *= 10;
        scale += 1;
    }
    let signed = if negative {
        -i128::try_from(m).ok()?
    } else {
        i128::try_from(m).ok()?
    };
    Decimal::try_from_i128_with_scale(signed, u32::try_from(scale).ok()?).ok()
}

/// Parses a date `YYYY-MM-DD`: a four-digit year (0000 to 9999), then a
/// month and a day of one or two digits.
///
/// # Errors
/// [`Error::Parse`] (kind `date`) naming the input, for any other shape
/// (a two-digit or signed year, `2026/01/01`) or a day that does not exist
/// (`2026-02-30`).
///
/// ```
/// use disburse::text::parse_date;
/// assert_eq!(parse_date("2026-01-01")?, chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
/// let err = parse_date("08-01-01").unwrap_err();
/// assert_eq!(err.to_string(), "invalid date `08-01-01`: expected a date YYYY-MM-DD with a four-digit year");
/// assert!(parse_date("+12026-01-01").is_err());
/// assert!(parse_date("2026-02-30").is_err());
/// # Ok::<(), disburse::Error>(())
/// ```
pub fn parse_date(text: &str) -> Result<NaiveDate> {
    parse_date_opt(text).ok_or_else(|| Error::Parse {
        kind: "date",
        input: text.to_string(),
        expected: DATE_EXPECTED,
    })
}

fn parse_date_opt(text: &str) -> Option<NaiveDate> {
    let mut parts = text.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 || !(1..=2).contains(&m.len()) || !(1..=2).contains(&d.len()) {
        return None;
    }
    if ![y, m, d].iter().all(|s| s.bytes().all(|b| b.is_ascii_digit())) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// `text` without a leading UTF-8 byte-order mark (`U+FEFF`), which
/// Excel's "CSV UTF-8" and some editors write at the start of a file.
///
/// ```
/// use disburse::text::strip_bom;
/// assert_eq!(strip_bom("\u{feff}date,amount"), "date,amount");
/// assert_eq!(strip_bom("date,amount"), "date,amount");
/// ```
pub fn strip_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// Splits `text` at spaces into lines of at most `width` characters (a
/// longer word stays whole), continuation lines starting with `indent`:
/// how reports keep their prose within 100 columns.
///
/// ```
/// assert_eq!(disburse::text::wrap("  a bb ccc", 6, "    "), ["  a bb", "    ccc"]);
/// ```
pub fn wrap(text: &str, width: usize, indent: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut current = String::new();
    let lead = text.len() - text.trim_start().len();
    current.push_str(&text[..lead]);
    let mut fresh = true;
    for word in text.split_whitespace() {
        let needed = current.chars().count() + usize::from(!fresh) + word.chars().count();
        if !fresh && needed > width {
            lines.push(std::mem::replace(&mut current, indent.to_string()));
            fresh = true;
        }
        if !fresh {
            current.push(' ');
        }
        current.push_str(word);
        fresh = false;
    }
    lines.push(current);
    lines
}

/// The characters of an echoed value [`clip_values`] keeps.
const CLIP_KEEP: usize = 60;

/// `message` with every over-long value it echoes cut short, so that an
/// error stays a readable line however much was given: a span in
/// backticks or double quotes of more than 200 characters keeps its first
/// 60, then `…`, and says after the closing quote how many characters it
/// had; a run of more than 200 characters without spaces or quotes (a
/// field path, a bare value) is cut the same way. Shorter messages come
/// back unchanged (borrowed). The CLI and
/// [`ScenarioError`](crate::scenario::ScenarioError)'s `Display` pass
/// their messages through it; the typed errors keep the values whole.
///
/// ```
/// use disburse::text::clip_values;
/// assert_eq!(clip_values("unknown currency code `ZZZ`"), "unknown currency code `ZZZ`");
/// let long = format!("unknown currency code `{}`", "A".repeat(5000));
/// assert_eq!(
///     clip_values(&long),
///     format!("unknown currency code `{}…` (5000 characters)", "A".repeat(60))
/// );
/// let path = format!("valuation.{}: unknown field", "b".repeat(500));
/// assert_eq!(clip_values(&path), format!("valuation.{}… (510 characters): unknown field", "b".repeat(50)));
/// ```
pub fn clip_values(message: &str) -> std::borrow::Cow<'_, str> {
    const QUOTED: usize = 200;
    const WORD: usize = 200;
    if message.len() <= QUOTED {
        return std::borrow::Cow::Borrowed(message);
    }
    let is_quote = |c: char| c == '`' || c == '"';
    let mut out = String::with_capacity(message.len().min(4096));
    let mut clipped = false;
    let mut rest = message;
    while let Some(c) = rest.chars().next() {
        if is_quote(c) {
            let inner = &rest[1..];
            if let Some(end) = inner.find(c) {
                let value = &inner[..end];
                let n = value.chars().count();
                out.push(c);
                if n > QUOTED {
                    out.extend(value.chars().take(CLIP_KEEP));
                    out.push('…');
                    out.push(c);
                    out.push_str(&format!(" ({n} characters)"));
                    clipped = true;
                } else {
                    out.push_str(value);
                    out.push(c);
                }
                rest = &inner[end + 1..];
                continue;
            }
        }
        if c.is_whitespace() || is_quote(c) {
            out.push(c);
            rest = &rest[c.len_utf8()..];
            continue;
        }
        let end = rest
            .find(|ch: char| ch.is_whitespace() || is_quote(ch))
            .unwrap_or(rest.len());
        let word = &rest[..end];
        // A path's colon (`valuation.…:`) stays after the note.
        let (body, tail) = match word.strip_suffix([':', ',', ';']) {
            Some(b) => word.split_at(b.len()),
            None => (word, ""),
        };
        let n = body.chars().count();
        if n > WORD {
            out.extend(body.chars().take(CLIP_KEEP));
            out.push_str(&format!("… ({n} characters)"));
            out.push_str(tail);
            clipped = true;
        } else {
            out.push_str(word);
        }
        rest = &rest[end..];
    }
    if clipped {
        std::borrow::Cow::Owned(out)
    } else {
        std::borrow::Cow::Borrowed(message)
    }
}

/// A type named by a word from a fixed list — a business-day convention,
/// a day count, a calendar, a frequency, a compounding, a date-generation
/// rule — parsed by its [`FromStr`](std::str::FromStr) case-insensitively
/// with `_`, `-` and spaces ignored, so QuantLib's spellings
/// (`ModifiedFollowing`, `Actual365Fixed`) and Excel's (`act/365`, basis
/// `3`) read as ours. Scenario files and the CLI's flags parse through that
/// one `FromStr`; [`NAMES`](Named::NAMES) lists the canonical names (as
/// serialized), which the CLI's `--help` and every parse error show.
///
/// ```
/// use disburse::text::Named;
/// use disburse::time::{BusinessDayConvention, DayCount};
/// assert_eq!("ModifiedFollowing".parse::<BusinessDayConvention>()?, BusinessDayConvention::ModifiedFollowing);
/// assert_eq!("modified-following".parse::<BusinessDayConvention>()?, BusinessDayConvention::ModifiedFollowing);
/// assert_eq!("Actual365Fixed".parse::<DayCount>()?, DayCount::Actual365Fixed);
/// assert!(BusinessDayConvention::NAMES.contains(&"modified_following"));
/// let err = "nearest".parse::<BusinessDayConvention>().unwrap_err();
/// assert!(err.to_string().contains("modified_following"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub trait Named: std::str::FromStr<Err = Error> + Sized {
    /// What the name is of (`business-day convention`).
    const KIND: &'static str;
    /// The canonical names, as serialized.
    const NAMES: &'static [&'static str];
    /// Other spellings accepted besides the canonical names in any case and
    /// with `_`, `-` or spaces (QuantLib's and Excel's), as documentation.
    const ALIASES: &'static [&'static str];
}

/// A name folded for comparison: lower case, without `_`, `-`, spaces
/// and parentheses (`Modified_Following` and `modified-following` are both
/// `modifiedfollowing`; `Actual/365 (Fixed)` is `actual/365fixed`).
pub(crate) fn fold_name(s: &str) -> String {
    s.chars()
        .filter(|c| !matches!(c, '_' | '-' | '(' | ')') && !c.is_whitespace())
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn decimals_are_exact_or_errors() {
        let ok = [
            ("0", dec!(0)),
            ("-0.00", dec!(0)),
            ("12.50", dec!(12.50)),
            ("+7", dec!(7)),
            (".5", dec!(0.5)),
            ("5.", dec!(5)),
            ("1e9", dec!(1_000_000_000)),
            ("1.5E-3", dec!(0.0015)),
            ("350e9", dec!(350e9)),
            ("12345678901234567.89", dec!(12345678901234567.89)),
            ("79228162514264337593543950335", Decimal::MAX),
            ("-79228162514264337593543950335", Decimal::MIN),
            ("0.0000000000000000000000000001", dec!(0.0000000000000000000000000001)),
            ("0e999999999", dec!(0)),
            (
                "1000000000000000000000000000000e-2",
                dec!(10000000000000000000000000000),
            ),
        ];
        for (text, want) in ok {
            let got = parse_decimal(text).unwrap();
            assert_eq!(got, want, "{text}");
        }
        assert_eq!(parse_decimal("12.50").unwrap().scale(), 2);
        let bad = [
            "",
            "-",
            ".",
            "e5",
            "1e",
            "1e+",
            "12x",
            "1.2.3",
            " 1",
            "1_000",
            "NaN",
            "inf",
            "1e400",
            "79228162514264337593543950336",
            "0.00000000000000000000000000001",
            "350000000000.000000000000000001",
            "110.00000000000000000000000000001",
        ];
        for text in bad {
            assert!(parse_decimal(text).is_err(), "{text}");
        }
    }

    #[test]
    fn dates_need_four_digit_years() {
        assert_eq!(
            parse_date("2026-1-5").unwrap(),
            NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()
        );
        for bad in [
            "08-01-01",
            "208-01-01",
            "+12026-01-01",
            "-2026-01-01",
            "2026-001-01",
            "2026/01/01",
            "",
            "2026-01-01-",
        ] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    /// The longest quoted span and the longest run without spaces or
    /// quotes of `s`, in characters.
    fn longest(s: &str) -> (usize, usize) {
        let quoted = s
            .split('`')
            .skip(1)
            .step_by(2)
            .chain(s.split('"').skip(1).step_by(2))
            .map(|q| q.chars().count())
            .max()
            .unwrap_or(0);
        let word = s
            .split(|c: char| c.is_whitespace() || c == '`' || c == '"')
            .map(|w| w.chars().count())
            .max()
            .unwrap_or(0);
        (quoted, word)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(crate::testing::cases(512)))]
        /// Messages built of short words and long runs, quoted or not:
        /// clipping never lengthens them, leaves no span or run beyond the
        /// bounds (a clipped one keeps its first 60 characters), leaves
        /// short messages alone and is idempotent.
        #[test]
        fn clipping_bounds_every_value(
            parts in proptest::collection::vec(
                (0u8..4, "[a-zé:,.]{1,8}", 0usize..600),
                0..8,
            ),
        ) {
            let mut message = String::new();
            for (kind, word, n) in &parts {
                let long = word.repeat(1 + n / word.chars().count().max(1));
                match kind {
                    0 => message.push_str(word),
                    1 => message.push_str(&format!("`{long}`")),
                    2 => message.push_str(&format!("\"{long}\"")),
                    _ => message.push_str(&long),
                }
                message.push(' ');
            }
            let clipped = clip_values(&message);
            proptest::prop_assert!(clipped.chars().count() <= message.chars().count());
            let (quoted, word) = longest(&clipped);
            proptest::prop_assert!(quoted <= 200 && word <= 201, "{clipped}");
            if message.len() <= 200 {
                proptest::prop_assert_eq!(&*clipped, &message);
            }
            proptest::prop_assert_eq!(&*clip_values(&clipped), &*clipped);
            // Every word of the message that survives is a prefix of a
            // word of the message (clipping only cuts).
            for w in clipped.split(|c: char| c.is_whitespace() || c == '`' || c == '"') {
                let w = w.trim_end_matches([':', ',', ';']).trim_end_matches('…');
                proptest::prop_assert!(message.contains(w) || w.starts_with('(') || w == "characters)", "{w}");
            }
        }
    }
}
