//! Numbers and dates read from the document's text, not through `f64` or
//! chrono's lenient parser.
//!
//! Before a document is deserialized, its values are walked once:
//!
//! - a string that looks like a date (digits and dashes) must be
//!   `YYYY-MM-DD` with a four-digit year and a real day; the error names
//!   the field and the value;
//! - a TOML local date (`date = 2026-01-01`) becomes the string
//!   `"2026-01-01"`, so native dates are accepted wherever a date is;
//! - a float whose `f64` is not exactly its text
//!   (`12345678901234567.89`), and a number in a string with more digits
//!   than a `Decimal` holds, are *suspicious*.
//!
//! - a string at a date field (`date`, `start`, `end`, `notice`, a
//!   holiday) that is not a date is kept, to name it if chrono's reader
//!   rejects it (chrono's own messages name neither value nor field).
//!
//! When deserialization fails, an error that serde reports at a tagged
//! enum (a plan, a constraint, a funding source: serde buffers them and
//! loses the field) and that quotes the value is moved to the one value
//! under that enum written so, with its path and position; a check of a
//! whole table that names its field first (``field `tenor`: …``, a
//! funding source's) is moved to that field.
//!
//! Without suspicious values (the usual case) the document is deserialized
//! once. Otherwise it is deserialized once to learn which fields are
//! decimals (they serialize as strings; rates are `f64` and serialize as
//! numbers), and then again with every suspicious decimal replaced by its
//! source text — or an error naming the field and the value when the text
//! holds more digits than a `Decimal` can.

use std::ops::Range;
use std::str::FromStr;

use rust_decimal::Decimal;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::error::{Segment, json_error, key, toml_error};
use super::locate::{Position, path_offset};
use super::{Format, Scenario, ScenarioError};
use crate::text::{parse_date, parse_decimal, strip_bom};

/// The deepest nesting walked (serde_json's own limit is 128).
const MAX_DEPTH: usize = 128;

/// A value that may not survive deserialization exactly.
struct Suspect {
    path: Vec<Segment>,
    /// The number as written (without TOML's `_` separators).
    text: String,
    /// Where the value is in the document.
    span: Range<usize>,
    /// Whether it was written as a number (not a string).
    number: bool,
    /// Whether it is a string at a date field that is not a date
    /// (`2026/01/01`): chrono's reader would reject it without naming it.
    date: bool,
}

/// Whether a string is meant as a date: an optional sign, then digits,
/// a dash, digits, a dash, digits.
fn looks_like_date(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let parts: Vec<&str> = body.split('-').collect();
    parts.len() == 3
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// Whether the field at `path` holds free text (never a date).
fn is_free_text(path: &[Segment]) -> bool {
    path.iter()
        .any(|s| matches!(s, Segment::Key(k) if k == "name" || k == "description" || k == "sources"))
}

/// Whether the string `s` at `path` is at a date field (`date`, `end`,
/// `notice`, `start` outside `[risk]`, an element of `holidays`) and is
/// not a date: kept to name it when deserialization fails there.
fn bad_date(path: &[Segment], s: &str) -> bool {
    let date_field = match path {
        [.., Segment::Key(k), Segment::Index(_)] => k == "holidays",
        [first, .., Segment::Key(k)] => {
            matches!(k.as_str(), "date" | "end" | "notice")
                || (k == "start" && !matches!(first, Segment::Key(r) if r == "risk"))
        }
        _ => false,
    };
    date_field && !is_free_text(path) && parse_date(s).is_err()
}

/// The messages of chrono's date reader, which name neither the value nor
/// what is expected.
const CHRONO_MESSAGES: [&str; 7] = [
    "input is out of range",
    "no possible date and time matching input",
    "input is not enough for unique date and time",
    "input contains invalid characters",
    "premature end of input",
    "trailing input",
    "bad or unsupported format string",
];

/// An error of chrono's date reader at or above a bad date string, said
/// again as [`parse_date`]'s error at that string's field and position.
fn blame_date(e: ScenarioError, dates: &[Suspect], text: &str) -> ScenarioError {
    if !CHRONO_MESSAGES.iter().any(|m| e.message.starts_with(m)) {
        return e;
    }
    match dates.iter().find(|d| d.path.starts_with(&e.segments)) {
        Some(d) => match parse_date(&d.text) {
            Err(parse) => at(ScenarioError::from_error(d.path.clone(), parse), text, d.span.start),
            Ok(_) => e,
        },
        None => e,
    }
}

/// The messages of the value readers that quote the value first: serde
/// reports such an error inside a tagged enum (a plan, a constraint, an
/// FX path) at the enum, without the field.
const VALUE_MESSAGES: [(&str, char, bool); 14] = [
    // (the message's start, the quote closing the value, whether the value
    // is a boolean or a number rather than a string)
    ("invalid type: boolean `", '`', true),
    ("invalid type: integer `", '`', true),
    ("invalid type: floating point `", '`', true),
    ("invalid type: string \"", '"', false),
    ("invalid tenor `", '`', false),
    ("invalid amount `", '`', false),
    ("invalid number `", '`', false),
    ("invalid rate `", '`', false),
    ("invalid fraction `", '`', false),
    ("invalid date `", '`', false),
    ("invalid fx pair `", '`', false),
    ("invalid currency `", '`', false),
    ("unknown currency code `", '`', false),
    ("unknown variant `", '`', false),
];

/// A value reader's error at a field above the value (inside a tagged
/// enum), moved to the one string under that field holding the value it
/// quotes; any other error unchanged.
fn blame_value(e: ScenarioError, text: &str, format: Format) -> ScenarioError {
    let Some(&(prefix, quote, scalar)) = VALUE_MESSAGES.iter().find(|(p, _, _)| e.message.starts_with(*p)) else {
        return e;
    };
    let Some(value) = e.message[prefix.len()..].split(quote).next() else {
        return e;
    };
    let doc: Option<serde_json::Value> = match format {
        Format::Toml => toml::from_str(text).ok(),
        Format::Json => serde_json::from_str(text).ok(),
    };
    let Some(under) = doc.as_ref().and_then(|d| lookup(d, &e.segments)) else {
        return e;
    };
    let mut found = Vec::new();
    let mut path = e.segments.clone();
    values_equal(under, value, scalar, &mut path, &mut found);
    match found.as_slice() {
        [one] if one.len() > e.segments.len() => {
            let mut moved = ScenarioError::new(one.clone(), e.message.clone());
            moved.error = e.error;
            match path_offset(text, format, one) {
                Some(offset) => at(moved, text, offset),
                None => moved,
            }
        }
        _ => e,
    }
}

/// The paths of the values under `v` (at `path`) written `value`: the
/// strings, or with `scalar` the booleans and numbers; stops looking after
/// two.
fn values_equal(
    v: &serde_json::Value,
    value: &str,
    scalar: bool,
    path: &mut Vec<Segment>,
    found: &mut Vec<Vec<Segment>>,
) {
    use serde_json::Value as V;
    if found.len() > 1 || path.len() > MAX_DEPTH {
        return;
    }
    match v {
        V::String(s) if !scalar && s == value => found.push(path.clone()),
        // As written: `Value`'s own `== str` compares strings only.
        V::Bool(_) | V::Number(_) if scalar && format!("{v}").as_str() == value => found.push(path.clone()),
        V::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(Segment::Index(i));
                values_equal(x, value, scalar, path, found);
                path.pop();
            }
        }
        V::Object(o) => {
            for (k, x) in o {
                path.push(Segment::Key(k.clone()));
                values_equal(x, value, scalar, path, found);
                path.pop();
            }
        }
        _ => {}
    }
}

/// How a reader's error about one field of the table it read begins
/// (a funding source's `tenor`, checked once the source is whole, is
/// reported at the source): ``field `tenor`: …``.
const FIELD_PREFIX: &str = "field `";

/// An error that names its field first ([`FIELD_PREFIX`]) moved from its
/// table to that field, with the field's position where the document
/// writes it; the prefix is dropped.
fn blame_field(e: ScenarioError, text: &str, format: Format) -> ScenarioError {
    let Some((field, message)) = e
        .message
        .strip_prefix(FIELD_PREFIX)
        .and_then(|rest| rest.split_once("`: "))
    else {
        return e;
    };
    let mut path = e.segments.clone();
    // A nested field is dotted (`adequacy_floor.share`), an element
    // indexed (`rates.rates[2]`).
    for part in field.split('.') {
        match part.strip_suffix(']').and_then(|p| p.split_once('[')) {
            Some((key, index)) => {
                let Ok(i) = index.parse() else { return e };
                path.push(Segment::Key(key.to_string()));
                path.push(Segment::Index(i));
            }
            None => path.push(Segment::Key(part.to_string())),
        }
    }
    let mut moved = ScenarioError::new(path, message);
    moved.error = e.error;
    match path_offset(text, format, &moved.segments) {
        Some(offset) => at(moved, text, offset),
        None => {
            moved.position = e.position;
            moved
        }
    }
}

/// A deserialization error said about what was written: a number as
/// written ([`blame_source`]), a date chrono rejected ([`blame_date`]), a
/// value serde reported at its enclosing enum ([`blame_value`]), a check
/// of a whole table that names its field ([`blame_field`]).
fn blame(e: ScenarioError, suspects: &[Suspect], dates: &[Suspect], text: &str, format: Format) -> ScenarioError {
    let e = blame_value(blame_date(blame_source(e, suspects, text), dates, text), text, format);
    blame_field(e, text, format)
}

/// The bad date strings of `all` (see [`Suspect::date`]), and the rest.
fn split_dates(all: Vec<Suspect>) -> (Vec<Suspect>, Vec<Suspect>) {
    all.into_iter().partition(|s| s.date)
}

/// A date string at `path` that is not a four-digit-year date.
fn check_date(path: &[Segment], s: &str) -> Result<(), ScenarioError> {
    if is_free_text(path) || !looks_like_date(s) {
        return Ok(());
    }
    parse_date(s)
        .map(|_| ())
        .map_err(|e| ScenarioError::from_error(path.to_vec(), e))
}

/// Whether rust_decimal's lenient reading of `s` would round it: a number
/// that reads approximately but not exactly.
fn rounds_as_string(s: &str) -> bool {
    parse_decimal(s).is_err() && (Decimal::from_str(s).is_ok() || Decimal::from_scientific(s).is_ok())
}

/// Whether the float written `raw` reads differently through `f64` (as
/// serde's visitors see it) than from its text.
fn lossy_float(raw: &str) -> bool {
    let Ok(f) = raw.parse::<f64>() else { return false };
    if !f.is_finite() {
        return false;
    }
    let shortest = f.to_string();
    let via_f64 = Decimal::from_str(&shortest).or_else(|_| Decimal::from_scientific(&shortest));
    match (parse_decimal(raw), via_f64) {
        (Ok(exact), Ok(approx)) => exact != approx,
        (Ok(_), Err(_)) => false,
        (Err(_), _) => true,
    }
}

/// The value at `path` of a serialized scenario.
fn lookup<'a>(value: &'a serde_json::Value, path: &[Segment]) -> Option<&'a serde_json::Value> {
    path.iter().try_fold(value, |v, seg| match seg {
        Segment::Key(k) => v.get(k.as_str()),
        Segment::Index(i) => v.get(*i),
    })
}

/// The suspects that are decimal fields of `scenario`: each either
/// readable exactly from its text (`Ok`) or an error naming the field.
fn decimal_suspects<'a>(
    scenario: &Scenario,
    suspects: &'a [Suspect],
) -> Result<Vec<&'a Suspect>, (ScenarioError, Range<usize>)> {
    let Ok(serialized) = serde_json::to_value(scenario) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for s in suspects {
        if !matches!(lookup(&serialized, &s.path), Some(serde_json::Value::String(_))) {
            continue;
        }
        match parse_decimal(&s.text) {
            Ok(_) if s.number => out.push(s),
            Ok(_) => {}
            Err(e) => return Err((ScenarioError::from_error(s.path.clone(), e), s.span.clone())),
        }
    }
    Ok(out)
}

/// An error at a suspect's field, about the number as written rather than
/// the `f64` serde saw (`1e29` beyond a decimal's range).
fn blame_source(e: ScenarioError, suspects: &[Suspect], text: &str) -> ScenarioError {
    // A rate field's own error already names the number as written (a
    // rate is read as a rate, not as a decimal amount).
    if e.message.starts_with("invalid rate") {
        return e;
    }
    match suspects.iter().find(|s| s.number && s.path == e.segments) {
        Some(s) => match parse_decimal(&s.text) {
            Err(parse) => at(ScenarioError::from_error(s.path.clone(), parse), text, s.span.start),
            Ok(_) => e,
        },
        None => e,
    }
}

fn at(mut e: ScenarioError, text: &str, offset: usize) -> ScenarioError {
    e.position = Some(Position::from_offset(text, offset));
    e
}

// ---------------------------------------------------------------------------
// TOML
// ---------------------------------------------------------------------------

/// Parses a TOML scenario, reading numbers and dates from their text.
pub(super) fn from_toml(text: &str) -> Result<Scenario, ScenarioError> {
    let text = strip_bom(text);
    let mut root = DeTable::parse(text).map_err(|e| toml_error(text, Vec::new(), &e))?;
    let mut suspects = Vec::new();
    let mut path = Vec::new();
    walk_toml_table(root.get_mut(), &mut path, &mut suspects).map_err(|(e, offset)| at(e, text, offset))?;
    let (dates, suspects) = split_dates(suspects);
    let blame = |e| blame(e, &suspects, &dates, text, Format::Toml);
    if suspects.is_empty() {
        return deserialize_toml(text, root).map_err(blame);
    }
    let first = deserialize_toml(text, root.clone()).map_err(blame)?;
    let exact = decimal_suspects(&first, &suspects).map_err(|(e, span)| at(e, text, span.start))?;
    if exact.is_empty() {
        return Ok(first);
    }
    for s in exact {
        if let Some(v) = toml_value_mut(root.get_mut(), &s.path) {
            *v = Spanned::new(s.span.clone(), DeValue::String(s.text.clone().into()));
        }
    }
    deserialize_toml(text, root).map_err(blame)
}

fn deserialize_toml(text: &str, root: Spanned<DeTable<'_>>) -> Result<Scenario, ScenarioError> {
    let de = toml::Deserializer::from(root);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let segments = super::error::convert_path(e.path());
        toml_error(text, segments, e.inner())
    })
}

fn toml_value_mut<'a, 'i>(table: &'a mut DeTable<'i>, path: &[Segment]) -> Option<&'a mut Spanned<DeValue<'i>>> {
    let (first, rest) = path.split_first()?;
    let Segment::Key(k) = first else { return None };
    let mut v = table
        .iter_mut()
        .find(|(key, _)| key.get_ref().as_ref() == k.as_str())?
        .1;
    for seg in rest {
        v = match (seg, v.get_mut()) {
            (Segment::Key(k), DeValue::Table(t)) => {
                t.iter_mut().find(|(key, _)| key.get_ref().as_ref() == k.as_str())?.1
            }
            (Segment::Index(i), DeValue::Array(a)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(v)
}

type WalkError = (ScenarioError, usize);

fn walk_toml_table(
    table: &mut DeTable<'_>,
    path: &mut Vec<Segment>,
    suspects: &mut Vec<Suspect>,
) -> Result<(), WalkError> {
    if path.len() > MAX_DEPTH {
        return Ok(());
    }
    for (k, v) in table.iter_mut() {
        path.push(key(k.get_ref()));
        walk_toml_value(v, path, suspects)?;
        path.pop();
    }
    Ok(())
}

fn walk_toml_value(
    value: &mut Spanned<DeValue<'_>>,
    path: &mut Vec<Segment>,
    suspects: &mut Vec<Suspect>,
) -> Result<(), WalkError> {
    let span = value.span();
    match value.get_mut() {
        DeValue::String(s) => {
            check_date(path, s).map_err(|e| (e, span.start))?;
            let date = bad_date(path, s);
            if date || rounds_as_string(s) {
                suspects.push(Suspect {
                    path: path.clone(),
                    text: s.to_string(),
                    span,
                    number: false,
                    date,
                });
            }
        }
        DeValue::Float(f) => {
            if lossy_float(f.as_str()) {
                suspects.push(Suspect {
                    path: path.clone(),
                    text: f.as_str().to_string(),
                    span,
                    number: true,
                    date: false,
                });
            }
        }
        DeValue::Datetime(d) => {
            // A local date (no time, no offset) is a date like any other.
            if let (Some(date), None, None) = (d.date, d.time, d.offset) {
                let text = date.to_string();
                *value = Spanned::new(span, DeValue::String(text.into()));
            }
        }
        DeValue::Array(a) => {
            for (i, v) in a.iter_mut().enumerate() {
                path.push(Segment::Index(i));
                walk_toml_value(v, path, suspects)?;
                path.pop();
            }
        }
        DeValue::Table(t) => walk_toml_table(t, path, suspects)?,
        DeValue::Integer(_) | DeValue::Boolean(_) => {}
    }
    Ok(())
}

// ---------------------------------------------------------------------------
// JSON
// ---------------------------------------------------------------------------

/// Parses a JSON scenario, reading numbers and dates from their text.
pub(super) fn from_json(text: &str) -> Result<Scenario, ScenarioError> {
    let text = strip_bom(text);
    let mut suspects = Vec::new();
    scanner_result(text, &mut suspects)?;
    let (dates, suspects) = split_dates(suspects);
    let blame = |e| blame(e, &suspects, &dates, text, Format::Json);
    if suspects.is_empty() {
        return deserialize_json(text).map_err(blame);
    }
    let first = deserialize_json(text).map_err(blame)?;
    let exact = decimal_suspects(&first, &suspects).map_err(|(e, span)| at(e, text, span.start))?;
    if exact.is_empty() {
        return Ok(first);
    }
    // Quote each exact decimal written as a number; serde reads the string.
    let mut spans: Vec<Range<usize>> = exact.iter().map(|s| s.span.clone()).collect();
    spans.sort_by_key(|r| r.start);
    let mut quoted = String::with_capacity(text.len() + 2 * spans.len());
    let mut last = 0;
    for r in spans {
        quoted.push_str(text.get(last..r.start).unwrap_or(""));
        quoted.push('"');
        quoted.push_str(text.get(r.clone()).unwrap_or(""));
        quoted.push('"');
        last = r.end;
    }
    quoted.push_str(text.get(last..).unwrap_or(""));
    deserialize_json(&quoted).map_err(blame)
}

/// Walks `text` and fills `suspects`; an error for a bad date. A document
/// the scanner does not follow is left to serde_json's errors.
fn scanner_result(text: &str, suspects: &mut Vec<Suspect>) -> Result<(), ScenarioError> {
    let mut scanner = Scanner {
        bytes: text.as_bytes(),
        pos: 0,
        path: Vec::new(),
    };
    match scanner.value(0, suspects) {
        Ok(()) => Ok(()),
        Err(Some((e, offset))) => Err(at(e, text, offset)),
        Err(None) => {
            suspects.clear();
            Ok(())
        }
    }
}

fn deserialize_json(text: &str) -> Result<Scenario, ScenarioError> {
    let mut de = serde_json::Deserializer::from_str(text);
    let scenario: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let segments = super::error::convert_path(e.path());
        json_error(text, segments, e.inner())
    })?;
    de.end().map_err(|e| json_error(text, Vec::new(), &e))?;
    Ok(scenario)
}

/// A recursive walk of a JSON text recording each value's path; `None`
/// on anything it does not follow (serde_json then reports the error).
struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    path: Vec<Segment>,
}

type ScanResult = Result<(), Option<WalkError>>;

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while matches!(self.bytes.get(self.pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        self.skip_ws();
        if self.bytes.get(self.pos) == Some(&b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A string at the cursor, decoded, and its span (with the quotes).
    fn string(&mut self) -> Result<(String, Range<usize>), Option<WalkError>> {
        self.skip_ws();
        let start = self.pos;
        if self.bytes.get(self.pos) != Some(&b'"') {
            return Err(None);
        }
        self.pos += 1;
        loop {
            match self.bytes.get(self.pos) {
                None => return Err(None),
                Some(b'\\') => self.pos += 2,
                Some(b'"') => break,
                Some(_) => self.pos += 1,
            }
        }
        self.pos += 1;
        let raw = self.bytes.get(start..self.pos).ok_or(None)?;
        let raw = std::str::from_utf8(raw).map_err(|_| None)?;
        let decoded = serde_json::from_str::<String>(raw).map_err(|_| None)?;
        Ok((decoded, start..self.pos))
    }

    fn value(&mut self, depth: usize, suspects: &mut Vec<Suspect>) -> ScanResult {
        if depth > MAX_DEPTH {
            return Err(None);
        }
        self.skip_ws();
        match self.bytes.get(self.pos) {
            Some(b'{') => {
                self.pos += 1;
                if self.eat(b'}') {
                    return Ok(());
                }
                loop {
                    let (k, _) = self.string()?;
                    if !self.eat(b':') {
                        return Err(None);
                    }
                    self.path.push(Segment::Key(k));
                    self.value(depth + 1, suspects)?;
                    self.path.pop();
                    if self.eat(b'}') {
                        return Ok(());
                    }
                    if !self.eat(b',') {
                        return Err(None);
                    }
                }
            }
            Some(b'[') => {
                self.pos += 1;
                if self.eat(b']') {
                    return Ok(());
                }
                let mut i = 0;
                loop {
                    self.path.push(Segment::Index(i));
                    self.value(depth + 1, suspects)?;
                    self.path.pop();
                    i += 1;
                    if self.eat(b']') {
                        return Ok(());
                    }
                    if !self.eat(b',') {
                        return Err(None);
                    }
                }
            }
            Some(b'"') => {
                let (s, span) = self.string()?;
                check_date(&self.path, &s).map_err(|e| Some((e, span.start)))?;
                let date = bad_date(&self.path, &s);
                if date || rounds_as_string(&s) {
                    suspects.push(Suspect {
                        path: self.path.clone(),
                        text: s,
                        span,
                        number: false,
                        date,
                    });
                }
                Ok(())
            }
            Some(b'-' | b'0'..=b'9') => {
                let start = self.pos;
                while matches!(
                    self.bytes.get(self.pos),
                    Some(b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9')
                ) {
                    self.pos += 1;
                }
                let raw = std::str::from_utf8(self.bytes.get(start..self.pos).ok_or(None)?).map_err(|_| None)?;
                // serde_json hands integers beyond 64 bits over as f64.
                let float =
                    raw.contains(['.', 'e', 'E']) || (raw.parse::<i64>().is_err() && raw.parse::<u64>().is_err());
                if float && lossy_float(raw) {
                    suspects.push(Suspect {
                        path: self.path.clone(),
                        text: raw.to_string(),
                        span: start..self.pos,
                        number: true,
                        date: false,
                    });
                }
                Ok(())
            }
            Some(b't' | b'f' | b'n') => {
                while matches!(self.bytes.get(self.pos), Some(b'a'..=b'z')) {
                    self.pos += 1;
                }
                Ok(())
            }
            _ => Err(None),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A check that names its field is moved to the field where the
    /// document writes it (TOML and JSON), and keeps its table's position
    /// where it does not; other messages are left alone.
    #[test]
    fn blame_field_moves_to_the_field_written() {
        let seg = |k: &str| Segment::Key(k.to_string());
        let error = |message: &str| {
            let mut e = ScenarioError::new(vec![seg("a")], message);
            e.position = Some(Position::from_offset("x", 0));
            e
        };
        let toml = "[a]\nb = 1\ntenor = 0\n";
        let e = blame_field(error("field `tenor`: bad tenor"), toml, Format::Toml);
        assert_eq!(
            (e.path().as_str(), e.message(), e.line(), e.column()),
            ("a.tenor", "bad tenor", Some(3), Some(9))
        );
        let json = "{\"a\": {\"b\": 1,\n \"tenor\": 0}}";
        let e = blame_field(error("field `tenor`: bad tenor"), json, Format::Json);
        assert_eq!(
            (e.path().as_str(), e.line(), e.column()),
            ("a.tenor", Some(2), Some(11))
        );
        // Not written (a default): the field is named, the table's
        // position kept.
        let e = blame_field(error("field `rollovers`: too many"), toml, Format::Toml);
        assert_eq!(
            (e.path().as_str(), e.message(), e.line(), e.column()),
            ("a.rollovers", "too many", Some(1), Some(1))
        );
        // An element by its index.
        let list = "[a]\nrates = [1, -1]\n";
        let e = blame_field(error("field `rates[1]`: bad rate"), list, Format::Toml);
        assert_eq!(
            (e.path().as_str(), e.line(), e.column()),
            ("a.rates[1]", Some(2), Some(13))
        );
        let e = blame_field(error("invalid funding: x"), toml, Format::Toml);
        assert_eq!((e.path().as_str(), e.message()), ("a", "invalid funding: x"));
    }
}
