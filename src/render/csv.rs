//! CSV text through the `csv` crate (feature `csv`).
//!
//! One writer for every CSV the crate and its command-line tool produce:
//! RFC 4180 quoting as the `csv` crate does it (a field is quoted, its
//! quotes doubled, when it holds a comma, a quote or a line break), lines
//! ending in `\n`, records of any length.

use crate::{Error, Result};

/// The records as CSV text, one line each.
///
/// # Errors
/// [`Error::Render`] if the `csv` crate reports an error (not expected:
/// the text is written to memory and records may differ in length).
///
/// ```
/// use disburse::render::csv::to_string;
/// let text = to_string([vec!["plan", "year"], vec!["now, all", "2026"], vec![r#"say "hi""#, ""]])?;
/// assert_eq!(text, "plan,year\n\"now, all\",2026\n\"say \"\"hi\"\"\",\n");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn to_string<R, F>(records: impl IntoIterator<Item = R>) -> Result<String>
where
    R: IntoIterator<Item = F>,
    F: AsRef<[u8]>,
{
    let mut writer = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::Any(b'\n'))
        .flexible(true)
        .from_writer(Vec::new());
    for record in records {
        writer.write_record(record).map_err(render_error)?;
    }
    let bytes = writer.into_inner().map_err(|e| render_error(e.error()))?;
    String::from_utf8(bytes).map_err(render_error)
}

/// An amount as a CSV cell: rounded half away from zero to its currency's
/// minor units and written with exactly that many decimals, so a column of
/// one currency has one scale (`550000000000.00`, never `550000000000` beside
/// `483235990703.35077`).
///
/// ```
/// use disburse::render::csv::amount;
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// assert_eq!(amount(Money::new(dec!(483235990703.35077), Currency::USD)), "483235990703.35");
/// assert_eq!(amount(Money::new(dec!(550e9), Currency::USD)), "550000000000.00");
/// assert_eq!(amount(Money::new(dec!(-1.5), Currency::KRW)), "-2");
/// ```
pub fn amount(m: crate::Money) -> String {
    let units = u32::from(m.currency().minor_units());
    let rounded = m
        .amount()
        .round_dp_with_strategy(units, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    format!("{:.*}", units as usize, rounded)
}

fn render_error(e: impl std::fmt::Display) -> Error {
    Error::Render {
        format: "csv",
        reason: e.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting_follows_rfc_4180() {
        let cases = [
            ("plain", "plain"),
            ("a, b", "\"a, b\""),
            (r#"a "b", c"#, r#""a ""b"", c""#),
            ("two\nlines", "\"two\nlines\""),
            ("cr\r", "\"cr\r\""),
            (" padded ", " padded "),
            ("", ""),
        ];
        for (field, quoted) in cases {
            let text = to_string([[field, "x"]]).unwrap();
            assert_eq!(text, format!("{quoted},x\n"), "{field:?}");
        }
    }

    #[test]
    fn records_may_differ_in_length() {
        assert_eq!(to_string([vec!["a"], vec!["b", "c"]]).unwrap(), "a\nb,c\n");
    }
}
