//! `disburse report` (the HTML or Markdown report) and `disburse export`
//! (the Excel workbook): thin wrappers that load the scenario, call the
//! library and write the file.

use crate::scenario_cmd::load;
use crate::{ExportArgs, Failure, ReportArgs, input};

/// `disburse report [SCENARIO] -o report.html [--plan NAME] [--paths N] [--format html|md]`.
pub(crate) fn report(args: &ReportArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let (name, bytes) = source(args.scenario.as_deref())?;
    let options = disburse::report::ReportOptions {
        plan: args.plan.clone(),
        risk_paths: args.paths,
        source: name,
        version: env!("CARGO_PKG_VERSION").to_string(),
    };
    let report =
        disburse::report::Report::build(&scenario, &bytes, &options).map_err(|e| Failure::new(e.to_string()))?;
    let text = if args.format == "md" {
        report.to_markdown()
    } else {
        report.to_html()
    };
    write(&args.output, text.as_bytes())?;
    Ok(format!("wrote {}\n", args.output))
}

/// `disburse export [SCENARIO] -o analysis.xlsx`.
pub(crate) fn export(args: &ExportArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let bytes = disburse::export::workbook(&scenario).map_err(|e| Failure::new(e.to_string()))?;
    write(&args.output, &bytes)?;
    Ok(format!("wrote {}\n", args.output))
}

/// The scenario's name for the report and its bytes (for the hash): the
/// file as read, or the built-in scenario's name and TOML text.
fn source(path: Option<&str>) -> Result<(String, Vec<u8>), Failure> {
    match path {
        Some(p) => Ok((p.to_string(), input::read_input(p)?.into_bytes())),
        None => Ok((
            "built-in Korea–US 2025 scenario".to_string(),
            include_str!("../../../examples/scenarios/korea_us_2025.toml")
                .as_bytes()
                .to_vec(),
        )),
    }
}

/// Writes `bytes` to `path`.
fn write(path: &str, bytes: &[u8]) -> Result<(), Failure> {
    std::fs::write(path, bytes).map_err(|e| Failure::new(format!("cannot write {path}: {e}")))
}
