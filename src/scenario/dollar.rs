//! A leading `$` on an amount (`headline = "$550B"`) is a reading aid
//! that must not lie: it is accepted only where the amount is in US
//! dollars, by the currency rules of the document.
//!
//! The currency of an amount is the scenario's `currency`, except under
//! `[affordability]`, where it is the nearest enclosing `currency` (a
//! stock's, a borrowing source's), else the capacity's (the payer's); a
//! swap line's `limit` is in the outlays' currency, the scenario's.

use serde_json::Value;

use super::error::Segment;
use super::{Format, ScenarioError};
use crate::text::has_dollar;

/// The currency code a `currency` value names (`"usd"` or `{ code }`).
fn code(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.trim().to_ascii_uppercase()),
        Value::Object(m) => m
            .get("code")
            .and_then(Value::as_str)
            .map(|s| s.trim().to_ascii_uppercase()),
        _ => None,
    }
}

/// The currency of the amount at `path` of `doc`.
fn currency_at(doc: &Value, path: &[Segment]) -> Option<String> {
    let top = doc.get("currency").and_then(code);
    let in_affordability = matches!(path.first(), Some(Segment::Key(k)) if k == "affordability");
    if !in_affordability {
        return top;
    }
    // The values along the path, outermost first, with the key that leads
    // into each.
    let mut chain = Vec::new();
    let mut v = doc;
    for seg in path {
        chain.push(v);
        v = match seg {
            Segment::Key(k) => v.get(k.as_str())?,
            Segment::Index(i) => v.get(*i)?,
        };
    }
    let parent = chain.last().copied();
    let is_swap_limit = matches!(path.last(), Some(Segment::Key(k)) if k == "limit")
        && parent.and_then(|p| p.get("kind")).and_then(Value::as_str) == Some("swap_line");
    if is_swap_limit {
        return top;
    }
    // The nearest enclosing table below `affordability` with a currency.
    if let Some(c) = chain
        .iter()
        .skip(2)
        .rev()
        .find_map(|t| t.get("currency").and_then(code))
    {
        return Some(c);
    }
    doc.pointer("/affordability/capacity/currency").and_then(code).or(top)
}

fn walk(doc: &Value, v: &Value, path: &mut Vec<Segment>, text: &str, format: Format) -> Result<(), ScenarioError> {
    match v {
        Value::String(s) if has_dollar(s) => {
            let free_text = path
                .iter()
                .any(|s| matches!(s, Segment::Key(k) if k == "name" || k == "description" || k == "sources"));
            if free_text {
                return Ok(());
            }
            match currency_at(doc, path) {
                Some(c) if c == "USD" => Ok(()),
                c => {
                    let message = format!(
                        "`{s}`: `$` marks US dollars, but this amount is in {}; write the amount without `$`",
                        c.as_deref().unwrap_or("an unknown currency")
                    );
                    Err(ScenarioError::new(path.clone(), message).locate(text, format))
                }
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(Segment::Index(i));
                walk(doc, x, path, text, format)?;
                path.pop();
            }
            Ok(())
        }
        Value::Object(m) => {
            for (k, x) in m {
                path.push(Segment::Key(k.clone()));
                walk(doc, x, path, text, format)?;
                path.pop();
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// Refuses a `$` amount whose currency is not USD (see the module docs).
/// Only documents with a `$` are read again.
pub(super) fn check(text: &str, format: Format) -> Result<(), ScenarioError> {
    if !text.contains('$') {
        return Ok(());
    }
    let doc: Option<Value> = match format {
        Format::Toml => toml::from_str(text).ok(),
        Format::Json => serde_json::from_str(text).ok(),
    };
    match doc {
        Some(doc) => walk(&doc, &doc, &mut Vec::new(), text, format),
        None => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::super::Scenario;

    const BASE: &str = "name = \"x\"\ncurrency = \"USD\"\nheadline = \"$550B\"\n[[plans]]\nname = \"u\"\nplan = { kind = \"upfront\", date = \"2026-01-01\" }\n";

    #[test]
    fn dollars_only_where_the_amount_is_in_dollars() {
        let s = Scenario::from_toml(BASE).unwrap();
        assert_eq!(s.headline, rust_decimal_macros::dec!(550e9));
        let krw = BASE.replace("\"USD\"", "\"KRW\"");
        let err = Scenario::from_toml(&krw).unwrap_err();
        assert_eq!(
            err.to_string(),
            "headline: `$550B`: `$` marks US dollars, but this amount is in KRW; write the amount without `$` (line 3, column 12)"
        );
        // A stock held in dollars under a won payer.
        let afford = format!(
            "{krw}[affordability.capacity]\ncurrency = \"KRW\"\nconstraints = [{{ kind = \"stock\", name = \"r\", start_year = 2026, level = \"$400B\", yield_rate = 0.03, currency = \"USD\" }}]\n"
        )
        .replace("\"$550B\"", "\"550B\"");
        // The stock's own currency makes `$` right: no `$` error (the
        // document may still lack an FX path for `validate`).
        if let Err(err) = Scenario::from_toml(&afford) {
            assert!(!err.to_string().contains("marks US dollars"), "{err}");
        }
        let wrong = afford.replace(", currency = \"USD\" }", " }");
        let err = Scenario::from_toml(&wrong).unwrap_err();
        assert!(
            err.to_string().starts_with(
                "affordability.capacity.constraints[0].level: `$400B`: `$` marks US dollars, but this amount is in KRW"
            ),
            "{err}"
        );
    }
}
