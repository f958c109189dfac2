//! The bad-scenario corpus: each file of `tests/data/bad_scenarios/` is
//! `tests/data/corpus_base.toml` with one field broken, one validation path
//! a file (plans, tranches, valuation, capacity, stock, FX, deferral,
//! funding, thresholds, waterfall). Its header states the error expected:
//!
//! ```text
//! # path: plans[0].plan.count
//! # message: payment count must be at least 1
//! # position: line 11, column 63
//! ```
//!
//! The test parses and validates every file as `disburse check` does and
//! asserts the path, the message, the line and the column.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::path::Path;

use disburse::scenario::{Format, Scenario};

fn dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/bad_scenarios")
}

/// The value of the header line `# key: value`.
fn header<'a>(text: &'a str, key: &str) -> &'a str {
    let prefix = format!("# {key}: ");
    text.lines()
        .take_while(|l| l.starts_with('#'))
        .find_map(|l| l.strip_prefix(&prefix))
        .unwrap_or_else(|| panic!("no `# {key}:` header"))
}

/// Parses and validates as `disburse check` does: semantic errors get
/// the position of their path.
fn parse_and_validate(text: &str) -> Result<Scenario, disburse::scenario::ScenarioError> {
    Scenario::load(text, Format::Toml)
}

#[test]
fn the_base_document_is_valid() {
    let text =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus_base.toml")).unwrap();
    let s = parse_and_validate(&text).unwrap();
    assert_eq!(s.plans.len(), 2);
}

#[test]
fn every_bad_scenario_fails_where_its_header_says() {
    let mut files: Vec<_> = std::fs::read_dir(dir())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    // One file per validation path; a file lost from the corpus fails.
    assert_eq!(files.len(), 83, "{files:?}");
    let base =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus_base.toml")).unwrap();
    let body = |t: &str| {
        t.lines()
            .skip_while(|l| l.starts_with('#'))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let mut failures = Vec::new();
    for file in &files {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(file).unwrap();
        // Each file differs from the base document, in its body only.
        assert_ne!(body(&text), body(&base), "{name} is the valid base");
        let (path, message) = (header(&text, "path"), header(&text, "message"));
        let position = header(&text, "position");
        let (line, column) = position
            .strip_prefix("line ")
            .and_then(|p| p.split_once(", column "))
            .map(|(l, c)| (l.parse::<usize>().unwrap(), c.parse::<usize>().unwrap()))
            .unwrap_or_else(|| panic!("{name}: bad position header {position}"));
        let err = match parse_and_validate(&text) {
            Ok(_) => {
                failures.push(format!("{name}: accepted"));
                continue;
            }
            Err(e) => e,
        };
        let got = (err.path(), err.message(), err.line(), err.column());
        let want = (path.to_string(), message, Some(line), Some(column));
        if (got.0.as_str(), got.1, got.2, got.3) != (want.0.as_str(), want.1, want.2, want.3) {
            failures.push(format!("{name}:\n  got  {got:?}\n  want {want:?}"));
            continue;
        }
        // Displayed as one line: path, message, position.
        let shown = if path.is_empty() {
            format!("{message} (line {line}, column {column})")
        } else {
            format!("{path}: {message} (line {line}, column {column})")
        };
        assert_eq!(err.to_string(), shown, "{name}");
    }
    assert!(
        failures.is_empty(),
        "{} of {} files:\n{}",
        failures.len(),
        files.len(),
        failures.join("\n")
    );
}
