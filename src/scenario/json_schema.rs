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
/// ```
pub fn json_schema() -> serde_json::Value {
    let generator = schemars::generate::SchemaSettings::draft2020_12()
        .for_deserialize()
        .into_generator();
    generator.into_root_schema_for::<Scenario>().to_value()
}
