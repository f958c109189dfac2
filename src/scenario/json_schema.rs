//! The JSON Schema of scenario documents, derived from the serde types
//! (with `schemars`), so it cannot drift from what the parser accepts.

use super::Scenario;

/// The JSON Schema (draft 2020-12) of a scenario document, TOML or JSON:
/// every section and field with its description, the accepted forms of
/// amounts (`"550B"`), rates and shares (`"3%"`), tenors (`"10Y"`), names
/// (conventions, day counts, calendars in any case) and which fields are
/// required. `disburse schema` prints it.
///
/// What a schema cannot say is checked by [`Scenario::validate`]: tranche
/// sums, plan parameters against the headline, currencies that must
/// connect, a date's calendar validity (the schema checks its shape).
///
/// ```
/// let schema = disburse::scenario::json_schema();
/// assert_eq!(schema["title"], "Scenario");
/// let required = schema["required"].as_array().unwrap();
/// assert!(required.iter().any(|r| r == "headline"));
/// assert_eq!(schema["properties"]["headline"]["examples"][0], "550B");
/// // Descriptions are the types' docs, without their Rust examples.
/// assert!(!schema["description"].as_str().unwrap().contains("```"));
/// ```
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    let mut schema = generator.into_root_schema_for::<Scenario>().to_value();
    tidy(&mut schema);
    schema
}

/// Descriptions for an editor's hover: the types' doc comments without
/// their Rust examples (fenced code blocks) and with rustdoc links
/// (`` [`Plan`](crate::Plan) ``) as their text.
fn tidy(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            for (k, x) in m.iter_mut() {
                if k == "description" {
                    if let serde_json::Value::String(s) = x {
                        *s = plain(s);
                    }
                } else {
                    tidy(x);
                }
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(tidy),
        _ => {}
    }
}

/// `doc` without fenced code blocks, links as their text, trimmed.
fn plain(doc: &str) -> String {
    let mut out = String::new();
    let mut fenced = false;
    for line in doc.lines() {
        if line.trim_start().starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if !fenced {
            out.push_str(line);
            out.push('\n');
        }
    }
    // `[text](target)` → `text`; an intra-doc link `` [`X`] `` → `` `X` ``.
    let mut text = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(open) = rest.find('[') {
        let Some(close) = rest[open..].find(']').map(|c| open + c) else {
            break;
        };
        let inner = &rest[open + 1..close];
        let after = &rest[close + 1..];
        let target = after.starts_with('(').then(|| after.find(')')).flatten();
        text.push_str(&rest[..open]);
        if target.is_none() && !inner.starts_with('`') {
            // Not a link (`[0, 1]`, `[[plans]]`): kept as written.
            text.push('[');
            rest = &rest[open + 1..];
            continue;
        }
        text.push_str(inner);
        rest = match target {
            Some(end) => &after[end + 1..],
            None => after,
        };
    }
    text.push_str(rest);
    text.trim().to_string()
}
