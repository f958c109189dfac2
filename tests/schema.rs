//! The JSON Schema of scenario documents (`disburse schema`): every shipped
//! scenario and both `init` templates validate against it (with the
//! `jsonschema` crate, as an editor would), documents the parser refuses
//! for their shape fail it too, and the schema is the checked-in snapshot
//! `examples/scenario.schema.json` (a change to the scenario types shows up
//! as a diff to review).
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::{Path, PathBuf};

use disburse::scenario::json_schema;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A TOML value as the JSON an editor validates: dates as strings.
fn toml_to_json(v: toml::Value) -> Value {
    match v {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(a) => Value::Array(a.into_iter().map(toml_to_json).collect()),
        toml::Value::Table(t) => Value::Object(t.into_iter().map(|(k, v)| (k, toml_to_json(v))).collect()),
    }
}

fn document(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap();
    match path.extension().and_then(|e| e.to_str()) {
        Some("toml") => toml_to_json(toml::from_str(&text).unwrap()),
        Some("json") => serde_json::from_str(&text).unwrap(),
        _ => panic!("{}", path.display()),
    }
}

fn shipped() -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in ["examples/scenarios", "examples/templates"] {
        for e in std::fs::read_dir(root().join(dir)).unwrap() {
            let p = e.unwrap().path();
            if matches!(p.extension().and_then(|e| e.to_str()), Some("toml" | "json")) {
                files.push(p);
            }
        }
    }
    files.sort();
    files
}

fn validator() -> jsonschema::Validator {
    jsonschema::validator_for(&json_schema()).unwrap()
}

#[test]
fn every_shipped_scenario_and_template_validates() {
    let files = shipped();
    // 8 TOML and 1 JSON scenarios, 2 templates.
    assert_eq!(files.len(), 11, "{files:?}");
    let v = validator();
    let mut failures = Vec::new();
    for f in &files {
        let doc = document(f);
        for e in v.iter_errors(&doc) {
            failures.push(format!("{}: {} at {}", f.display(), e, e.instance_path()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn documents_of_the_wrong_shape_fail_the_schema() {
    let v = validator();
    let base = document(&root().join("examples/scenarios/upfront_vs_10y.toml"));
    assert!(v.is_valid(&base));
    let with = |f: &dyn Fn(&mut Value)| {
        let mut d = base.clone();
        f(&mut d);
        d
    };
    let cases: Vec<(&str, Value, bool)> = vec![
        (
            "no headline",
            with(&|d| drop(d.as_object_mut().unwrap().remove("headline"))),
            false,
        ),
        ("unknown field", with(&|d| d["colour"] = "red".into()), false),
        ("headline 550B", with(&|d| d["headline"] = "550B".into()), true),
        ("headline $550 bn", with(&|d| d["headline"] = "$550 bn".into()), true),
        ("headline 1.2T", with(&|d| d["headline"] = "1.2T".into()), true),
        ("headline 550X", with(&|d| d["headline"] = "550X".into()), false),
        ("rate 3%", with(&|d| d["valuation"]["rates"][0] = "3%".into()), true),
        (
            "rate three",
            with(&|d| d["valuation"]["rates"][0] = "three".into()),
            false,
        ),
        (
            "plan kind",
            with(&|d| d["plans"][0]["plan"]["kind"] = "lump".into()),
            false,
        ),
        (
            "tenor 10Y",
            with(&|d| d["plans"][1]["plan"]["tenor"] = "10y".into()),
            true,
        ),
        (
            "tenor ten",
            with(&|d| d["plans"][1]["plan"]["tenor"] = "ten years".into()),
            false,
        ),
        (
            "convention ModifiedFollowing",
            with(&|d| d["plans"][1]["plan"]["convention"] = "ModifiedFollowing".into()),
            true,
        ),
        (
            "convention modified-following",
            with(&|d| d["plans"][1]["plan"]["convention"] = "modified-following".into()),
            true,
        ),
        (
            "convention nearest",
            with(&|d| d["plans"][1]["plan"]["convention"] = "nearest".into()),
            false,
        ),
    ];
    for (what, doc, valid) in cases {
        assert_eq!(v.is_valid(&doc), valid, "{what}: {doc}");
        // The schema and the parser agree on each case.
        let text = serde_json::to_string(&doc).unwrap();
        let parsed = disburse::scenario::Scenario::from_json(&text);
        assert_eq!(parsed.is_ok(), valid, "{what}: {parsed:?}");
    }
}

#[test]
fn the_schema_matches_its_snapshot() {
    let path = root().join("examples/scenario.schema.json");
    let mut now = serde_json::to_string_pretty(&json_schema()).unwrap();
    now.push('\n');
    let stored = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        stored == now,
        "the scenario schema changed: review the change and regenerate the snapshot with\n  \
         cargo run --features cli -- schema > examples/scenario.schema.json"
    );
}
