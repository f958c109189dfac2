//! Reading the command line's inputs: cash-flow CSV, holiday lists, dates,
//! rates and names. Every parser is a pure function of its text returning a
//! one-line message that names what is wrong (and the line, for files).

use std::io::Read;
use std::str::FromStr;

use chrono::NaiveDate;
use disburse::limits::MAX_RATE;
use disburse::rates::Rate;
use rust_decimal::Decimal;

use crate::Failure;

/// Cash flows read from a CSV text: amounts, and dates when every line has
/// one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Flows {
    /// The dates, when every flow line is `date,amount`; `None` when every
    /// line is a bare `amount`.
    pub(crate) dates: Option<Vec<NaiveDate>>,
    /// The amounts, in file order.
    pub(crate) amounts: Vec<Decimal>,
}

impl Flows {
    /// The dates and amounts, or an error when the file has bare amounts.
    pub(crate) fn dated(&self, command: &str) -> Result<(&[NaiveDate], &[Decimal]), Failure> {
        match &self.dates {
            Some(d) => Ok((d, &self.amounts)),
            None => Err(Failure::new(format!(
                "{command} needs `date,amount` lines, but the flows have no dates"
            ))),
        }
    }
}

/// Parses cash flows: one flow a line, `date,amount` (date `YYYY-MM-DD`) or
/// a bare `amount`; all lines must have the same shape. An optional first
/// line `date,amount` (or `amount`) is a header and is skipped; blank lines
/// and lines starting with `#` are ignored, as is anything after a `#`.
/// Fields may be surrounded by spaces. Amounts are decimals (`-10000`,
/// `2750.50`, `1e9`).
///
/// # Errors
/// A message naming the (1-based) line: `line 4: invalid amount "12x"`.
pub(crate) fn parse_flows(text: &str) -> Result<Flows, String> {
    let mut dates: Vec<NaiveDate> = Vec::new();
    let mut amounts = Vec::new();
    // Line number of the first flow, and whether it had a date.
    let mut shape: Option<(usize, bool)> = None;
    let mut seen_content = false;
    for (i, raw) in disburse::text::strip_bom(text).lines().enumerate() {
        let n = i + 1;
        let line = strip_comment(raw);
        if line.is_empty() {
            continue;
        }
        let owned = split_fields(line).map_err(|e| format!("line {n}: {e}"))?;
        let fields: Vec<&str> = owned.iter().map(String::as_str).collect();
        if let [one] = fields.as_slice()
            && let Some(sep) = [';', '\t'].into_iter().find(|c| one.contains(*c))
        {
            let sep = if sep == '\t' { "a tab" } else { "`;`" };
            return Err(format!(
                "line {n}: expected fields separated by commas (`date,amount`), found {sep} (save the file as CSV with commas)"
            ));
        }
        if !seen_content {
            seen_content = true;
            if is_header(&fields) {
                continue;
            }
        }
        let (date, amount) = match fields.as_slice() {
            [amount] => (None, *amount),
            [date, amount] => (Some(*date), *amount),
            _ => {
                return Err(format!(
                    "line {n}: expected `date,amount` or `amount`, found {} fields",
                    fields.len()
                ));
            }
        };
        match shape {
            None => shape = Some((n, date.is_some())),
            Some((first, dated)) if dated != date.is_some() => {
                let (this, that) = if dated {
                    ("no date", "`date,amount`")
                } else {
                    ("a date", "a bare `amount`")
                };
                return Err(format!("line {n}: has {this}, but line {first} is {that}"));
            }
            Some(_) => {}
        }
        if let Some(d) = date {
            dates.push(parse_date_field(d).map_err(|e| format!("line {n}: {e}"))?);
        }
        amounts.push(parse_amount(amount).map_err(|e| format!("line {n}: {e}"))?);
    }
    match shape {
        None => Err("no cash flows found".to_string()),
        Some((_, dated)) => Ok(Flows {
            dates: dated.then_some(dates),
            amounts,
        }),
    }
}

/// Parses a holiday list: one `YYYY-MM-DD` date a line; blank lines and `#`
/// comments ignored.
///
/// # Errors
/// A message naming the line of the first bad date.
pub(crate) fn parse_date_list(text: &str) -> Result<Vec<NaiveDate>, String> {
    let mut out = Vec::new();
    for (i, raw) in disburse::text::strip_bom(text).lines().enumerate() {
        let line = strip_comment(raw);
        if line.is_empty() {
            continue;
        }
        out.push(parse_date_field(line).map_err(|e| format!("line {}: {e}", i + 1))?);
    }
    Ok(out)
}

/// The comma-separated fields of `line`, each trimmed of spaces. A field
/// in double quotes (as spreadsheets write one holding a comma) is its
/// text between the quotes, `""` standing for a quote.
fn split_fields(line: &str) -> Result<Vec<String>, String> {
    let mut fields = Vec::new();
    let mut chars = line.chars().peekable();
    loop {
        while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
        let mut field = String::new();
        if chars.next_if_eq(&'"').is_some() {
            loop {
                match chars.next() {
                    None => return Err("a quoted field is not closed".to_string()),
                    Some('"') if chars.next_if_eq(&'"').is_some() => field.push('"'),
                    Some('"') => break,
                    Some(c) => field.push(c),
                }
            }
            while chars.next_if(|c| *c == ' ' || *c == '\t').is_some() {}
            match chars.next() {
                None => {
                    fields.push(field);
                    return Ok(fields);
                }
                Some(',') => fields.push(field),
                Some(c) => return Err(format!("unexpected `{c}` after a quoted field")),
            }
        } else {
            let mut comma = false;
            for c in chars.by_ref() {
                if c == ',' {
                    comma = true;
                    break;
                }
                field.push(c);
            }
            fields.push(field.trim().to_string());
            if !comma {
                return Ok(fields);
            }
        }
    }
}

/// The line without its `#` comment, trimmed.
fn strip_comment(line: &str) -> &str {
    line.split_once('#').map_or(line, |(before, _)| before).trim()
}

/// Whether the fields are the optional header.
fn is_header(fields: &[&str]) -> bool {
    match fields {
        [a] => a.eq_ignore_ascii_case("amount"),
        [d, a] => d.eq_ignore_ascii_case("date") && a.eq_ignore_ascii_case("amount"),
        _ => false,
    }
}

fn parse_date_field(s: &str) -> Result<NaiveDate, String> {
    disburse::text::parse_date(s).map_err(|_| format!("invalid date \"{s}\" (expected YYYY-MM-DD, four-digit year)"))
}

/// An amount read exactly from its digits: more digits than a `Decimal`
/// holds is an error, never a rounded value.
fn parse_amount(s: &str) -> Result<Decimal, String> {
    disburse::text::parse_decimal(s).map_err(|_| {
        if disburse::text::parse_decimal(s.trim_start_matches(['-', '+'])).is_err()
            && (Decimal::from_str(s).is_ok() || Decimal::from_scientific(s).is_ok())
        {
            format!("invalid amount \"{s}\": more digits than a decimal holds exactly (28 significant digits)")
        } else if s.contains(',') {
            format!("invalid amount \"{s}\": write it without thousands separators (such as 1250000.50)")
        } else {
            format!("invalid amount \"{s}\" (expected a decimal such as -10000, 2750.50 or 1e9)")
        }
    })
}

/// Parses a date argument (`YYYY-MM-DD`).
///
/// # Errors
/// `invalid <what> "…" (expected YYYY-MM-DD, four-digit year)`.
pub(crate) fn parse_date(what: &str, s: &str) -> Result<NaiveDate, Failure> {
    disburse::text::parse_date(s.trim())
        .map_err(|_| Failure::new(format!("invalid {what} \"{s}\" (expected YYYY-MM-DD, four-digit year)")))
}

/// Parses a rate: a decimal fraction (`0.09`) or a percentage (`9%`).
///
/// # Errors
/// `invalid rate "…"` for text that is not a number; the library's
/// [`Rate`] error for one that is not finite or at or below −100%; one
/// beyond [`MAX_RATE`] in magnitude is refused with the text as given.
pub(crate) fn parse_rate(s: &str) -> Result<f64, Failure> {
    match s.parse::<Rate>() {
        // A rate beyond 1e15 (10^17 %) is no rate anyone means, and beyond
        // f64's range it reads as infinity: say so with the text as given.
        Ok(rate) if rate.value().abs() > MAX_RATE => Err(Failure::new(format!(
            "invalid rate \"{s}\": must be at most {MAX_RATE:e} in magnitude"
        ))),
        Err(disburse::Error::InvalidRate {
            rate: disburse::Value::Float(r),
            ..
        }) if r.is_infinite() => Err(Failure::new(format!(
            "invalid rate \"{s}\": must be at most {MAX_RATE:e} in magnitude"
        ))),
        // `-0` is 0 (it would print as `-0`).
        Ok(rate) => Ok(rate.value() + 0.0),
        Err(disburse::Error::Parse { .. }) => Err(Failure::new(format!(
            "invalid rate \"{s}\" (expected a fraction such as 0.09, or 9%)"
        ))),
        // The bound, with the rate as written (`-100%`, not `-1`).
        Err(e @ disburse::Error::InvalidRate { .. }) => {
            let message = e.to_string();
            let bound = message.split_once(": ").map_or("", |(_, b)| b);
            Err(Failure::new(format!("invalid rate \"{s}\": {bound}")))
        }
        Err(e) => Err(Failure::from(e)),
    }
}

/// Parses a library type from its name, with the library's message.
///
/// # Errors
/// The library's parse error (`invalid day count `x`: expected …`).
pub(crate) fn parse_name<T>(s: &str) -> Result<T, Failure>
where
    T: FromStr<Err = disburse::Error>,
{
    s.parse::<T>().map_err(Failure::from)
}

/// The `--help` text of an option that takes a name of `T`: `what`, then
/// the names (from the type, so help and parser cannot disagree) and the
/// other spellings the parser takes.
pub(crate) fn name_help<T: disburse::text::Named>(what: &str) -> String {
    format!(
        "{what} [possible values: {}; any case, `-` or `_`, also {}]",
        T::NAMES.join(", "),
        T::ALIASES.join(", ")
    )
}

/// Reads a whole input: a file, or standard input for `-`, of at most
/// [`MAX_INPUT_BYTES`](disburse::limits::MAX_INPUT_BYTES): one byte more
/// is read to tell, so a larger input is refused without being held.
///
/// # Errors
/// `cannot read <path>: <reason>`, or for a larger input `<path>: input
/// size in bytes is out of range: must be at most 67108864, got …` (the
/// file's size; for standard input, the bytes read: one past the limit).
pub(crate) fn read_input(path: &str) -> Result<String, Failure> {
    let limit = disburse::limits::MAX_INPUT_BYTES;
    let name = input_name(path);
    let cannot = |e: std::io::Error| Failure::new(format!("cannot read {name}: {e}"));
    let too_large = |size: u64| {
        let e = disburse::Error::OutOfRange {
            what: disburse::Quantity::InputBytes,
            value: disburse::Value::from(size),
            bound: disburse::Bound::AtMost(disburse::Value::from(limit)),
        };
        Failure::new(format!("{name}: {e}"))
    };
    let mut s = String::new();
    if path == "-" {
        std::io::stdin()
            .take(limit + 1)
            .read_to_string(&mut s)
            .map_err(cannot)?;
    } else {
        let file = std::fs::File::open(path).map_err(cannot)?;
        if let Ok(meta) = file.metadata()
            && meta.is_file()
            && meta.len() > limit
        {
            return Err(too_large(meta.len()));
        }
        file.take(limit + 1).read_to_string(&mut s).map_err(cannot)?;
    }
    let read = u64::try_from(s.len()).unwrap_or(u64::MAX);
    if read > limit {
        return Err(too_large(read));
    }
    // Excel's "CSV UTF-8" and some editors start a file with a byte-order mark.
    if s.starts_with('\u{feff}') {
        s.drain(..'\u{feff}'.len_utf8());
    }
    Ok(s)
}

/// The name of an input for messages (`standard input` for `-`).
pub(crate) fn input_name(path: &str) -> &str {
    if path == "-" { "standard input" } else { path }
}

/// `cases(n)`: `n` cases of a property test, times
/// `DISBURSE_PROPTEST_SCALE` when set (the integration tests' helper).
#[cfg(test)]
#[path = "../../../tests/common/cases.rs"]
mod cases_file;

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn dated_flows_with_header_comments_and_blanks() {
        let text =
            "# Excel XNPV example\ndate,amount\n\n2008-01-01,-10000\n 2008-03-01 , 2750 # first\n2009-04-01,1e3\n";
        let f = parse_flows(text).unwrap();
        assert_eq!(f.dates, Some(vec![d(2008, 1, 1), d(2008, 3, 1), d(2009, 4, 1)]));
        assert_eq!(f.amounts, vec![dec!(-10000), dec!(2750), dec!(1000)]);
        assert!(f.dated("xnpv").is_ok());
    }

    #[test]
    fn bare_amounts_and_amount_header() {
        let f = parse_flows("Amount\n-100\n230\n-132.5\n").unwrap();
        assert_eq!(f.dates, None);
        assert_eq!(f.amounts, vec![dec!(-100), dec!(230), dec!(-132.5)]);
        assert_eq!(
            f.dated("xirr").unwrap_err().to_string(),
            "xirr needs `date,amount` lines, but the flows have no dates"
        );
    }

    #[test]
    fn header_only_on_the_first_content_line() {
        let e = parse_flows("1\ndate,amount\n").unwrap_err();
        assert_eq!(e, "line 2: has a date, but line 1 is a bare `amount`");
        let e = parse_flows("-100\namount\n").unwrap_err();
        assert_eq!(
            e,
            "line 2: invalid amount \"amount\" (expected a decimal such as -10000, 2750.50 or 1e9)"
        );
    }

    #[test]
    fn errors_name_the_line() {
        let e = parse_flows("date,amount\n2008-01-01,-1\n2008-02-01,1\n2008-03-01,12x\n").unwrap_err();
        assert_eq!(
            e,
            "line 4: invalid amount \"12x\" (expected a decimal such as -10000, 2750.50 or 1e9)"
        );
        let e = parse_flows("2008-01-01,-1\n2008-02-30,1\n").unwrap_err();
        assert_eq!(
            e,
            "line 2: invalid date \"2008-02-30\" (expected YYYY-MM-DD, four-digit year)"
        );
        let e = parse_flows("2008-01-01,-1,3\n").unwrap_err();
        assert_eq!(e, "line 1: expected `date,amount` or `amount`, found 3 fields");
        let e = parse_flows("2008-01-01,-1\n5\n").unwrap_err();
        assert_eq!(e, "line 2: has no date, but line 1 is `date,amount`");
        let e = parse_flows("2008-01-01,\n").unwrap_err();
        assert_eq!(
            e,
            "line 1: invalid amount \"\" (expected a decimal such as -10000, 2750.50 or 1e9)"
        );
    }

    #[test]
    fn spreadsheet_exports() {
        // Quoted fields, as spreadsheets write them: a quoted amount reads.
        let f = parse_flows("\"date\",\"amount\"\n\"2008-01-01\", \"-100\"\n2009-01-01,\"110.5\"\n").unwrap();
        assert_eq!(f.amounts, vec![dec!(-100), dec!(110.5)]);
        assert_eq!(split_fields(r#""a ""b"", c",d"#).unwrap(), ["a \"b\", c", "d"]);
        assert_eq!(split_fields("a,,b,").unwrap(), ["a", "", "b", ""]);
        assert_eq!(split_fields(",").unwrap(), ["", ""]);
        // Thousands separators in a quoted amount: said, not guessed.
        let e = parse_flows("2008-01-01,-100\n2009-01-01,\"1,110.00\"\n").unwrap_err();
        assert_eq!(
            e,
            "line 2: invalid amount \"1,110.00\": write it without thousands separators (such as 1250000.50)"
        );
        // A semicolon- or tab-separated export.
        let e = parse_flows("date;amount\n2008-01-01;-100\n").unwrap_err();
        assert_eq!(
            e,
            "line 1: expected fields separated by commas (`date,amount`), found `;` (save the file as CSV with commas)"
        );
        assert!(parse_flows("2008-01-01\t-100\n").unwrap_err().contains("found a tab"));
        assert_eq!(
            parse_flows("2008-01-01,\"-100\n").unwrap_err(),
            "line 1: a quoted field is not closed"
        );
        assert_eq!(
            parse_flows("2008-01-01,\"-100\"x\n").unwrap_err(),
            "line 1: unexpected `x` after a quoted field"
        );
    }

    #[test]
    fn empty_input_is_an_error() {
        assert_eq!(parse_flows("").unwrap_err(), "no cash flows found");
        assert_eq!(
            parse_flows("# nothing\n\ndate,amount\n").unwrap_err(),
            "no cash flows found"
        );
    }

    #[test]
    fn crlf_line_endings() {
        let f = parse_flows("date,amount\r\n2008-01-01,-1\r\n2008-02-01,2\r\n").unwrap();
        assert_eq!(f.amounts, vec![dec!(-1), dec!(2)]);
    }

    #[test]
    fn holiday_lists() {
        assert_eq!(
            parse_date_list("# holidays\n2026-01-01\n\n2026-12-25 # Christmas\n").unwrap(),
            vec![d(2026, 1, 1), d(2026, 12, 25)]
        );
        assert_eq!(
            parse_date_list("2026-01-01\nxmas\n").unwrap_err(),
            "line 2: invalid date \"xmas\" (expected YYYY-MM-DD, four-digit year)"
        );
    }

    #[test]
    fn rates_and_dates() {
        assert_eq!(parse_rate("0.09").unwrap(), 0.09);
        assert_eq!(parse_rate("9%").unwrap(), 0.09);
        assert!(parse_rate("-1").is_err());
        assert!(parse_rate("nine").is_err());
        assert_eq!(parse_date("start date", "2026-01-01").unwrap(), d(2026, 1, 1));
        assert_eq!(
            parse_date("start date", "2026/01/01").unwrap_err().to_string(),
            "invalid start date \"2026/01/01\" (expected YYYY-MM-DD, four-digit year)"
        );
    }

    #[test]
    fn byte_order_marks_are_skipped() {
        let f = parse_flows("\u{feff}date,amount\n2008-01-01,-1\n2009-01-01,2\n").unwrap();
        assert_eq!(f.amounts, vec![dec!(-1), dec!(2)]);
        assert_eq!(parse_date_list("\u{feff}2026-01-01\n").unwrap(), vec![d(2026, 1, 1)]);
    }

    #[test]
    fn amounts_are_exact_or_refused() {
        let e = parse_flows("2008-01-01,-100\n2009-01-01,110.00000000000000000000000000001\n").unwrap_err();
        assert_eq!(
            e,
            "line 2: invalid amount \"110.00000000000000000000000000001\": more digits than a decimal holds exactly (28 significant digits)"
        );
        let f = parse_flows("2008-01-01,-100\n2009-01-01,12345678901234567.89\n").unwrap();
        assert_eq!(f.amounts[1], dec!(12345678901234567.89));
    }

    #[test]
    fn years_have_four_digits() {
        let e = parse_flows("08-01-01,-100\n09-01-01,110\n").unwrap_err();
        assert_eq!(
            e,
            "line 1: invalid date \"08-01-01\" (expected YYYY-MM-DD, four-digit year)"
        );
        assert!(parse_date_list("+12026-01-01\n").is_err());
        assert!(parse_date("start date", "26-01-01").is_err());
    }

    mod robustness {
        use super::super::{parse_date_list, parse_flows};
        use proptest::prelude::*;

        /// Lines that look like flows, plus mutations: junk, wrong field
        /// counts, huge and odd numbers, bad dates, comments, unicode.
        fn line() -> impl Strategy<Value = String> {
            prop_oneof![
                (2000i32..2100, 1u32..13, 1u32..29, -1_000_000_000i64..1_000_000_000)
                    .prop_map(|(y, m, d, a)| format!("{y}-{m:02}-{d:02},{a}")),
                (-1_000_000_000i64..1_000_000_000).prop_map(|a| format!("{a}.25")),
                Just("date,amount".to_string()),
                Just("# comment".to_string()),
                Just(String::new()),
                Just("2026-02-30,1".to_string()),
                Just("2026-01-01,1e400".to_string()),
                Just("2026-01-01,NaN".to_string()),
                Just("99999999999999999999999999999999".to_string()),
                Just(",,,".to_string()),
                Just("2026-01-01,1,2".to_string()),
                Just("\"2026-01-01\",\"1,5\"".to_string()),
                Just("\"unclosed,1".to_string()),
                Just("\"a\"\"b\",1".to_string()),
                Just("\"2026-01-01\" x,1".to_string()),
                Just("2026-01-01;1".to_string()),
                "[\",; 0-9a-]{0,16}",
                "\\PC{0,30}",
            ]
        }

        use super::super::cases_file::cases as proptest_cases;

        proptest! {
            #![proptest_config(ProptestConfig { cases: proptest_cases(2_000), ..ProptestConfig::default() })]

            /// Any text gives flows or a one-line error naming a line, never a panic.
            #[test]
            fn csv_never_panics(lines in prop::collection::vec(line(), 0..40)) {
                let text = lines.join("\n");
                match parse_flows(&text) {
                    Ok(f) => {
                        if let Some(d) = &f.dates {
                            prop_assert_eq!(d.len(), f.amounts.len());
                        }
                    }
                    Err(e) => prop_assert!(!e.contains('\n') && !e.is_empty(), "{}", e),
                }
                let _ = parse_date_list(&text);
            }
        }
    }
}
