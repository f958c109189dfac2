//! The scenario commands: `compare`, `sensitivity`, `schedule`, `afford`
//! and `check`, and the scenario loading they share.

use std::path::Path;

use disburse::affordability::AffordabilityReport;
use disburse::chart::ChartData;
use disburse::compare::{Comparison, SensitivityGrid, ValuationSettings};
use disburse::scenario::{Format as FileFormat, Scenario};
use disburse::{Schedule, chart, render};
use serde::Serialize;

use crate::input;
use crate::{AffordArgs, CheckArgs, CompareArgs, Failure, Format, ScheduleArgs, SensitivityArgs, json_line};

/// Loads and validates a scenario file (TOML or JSON by extension), or the
/// built-in Korea–US 2025 scenario when `path` is `None`.
pub(crate) fn load(path: Option<&str>) -> Result<Scenario, Failure> {
    let Some(path) = path else {
        let s = Scenario::korea_us_2025().map_err(|e| Failure::new(format!("built-in scenario: {e}")))?;
        s.validate()
            .map_err(|e| Failure::new(format!("built-in scenario: {e}")))?;
        return Ok(s);
    };
    let format = FileFormat::from_path(Path::new(path)).map_err(|e| Failure::new(e.to_string()))?;
    let text = input::read_input(path)?;
    Scenario::load(&text, format).map_err(|e| Failure::new(format!("{path}: {e}")))
}

/// [`load`] for `check --format json`: a scenario that does not load also
/// gets its error as one JSON object on standard output, `{"status":
/// "error", "file", "path", "message", "line", "column"}` (path empty for
/// the whole document, line and column null when unknown).
fn load_reporting(path: &str) -> Result<Scenario, Failure> {
    #[derive(Serialize)]
    struct ErrorJson<'a> {
        status: &'static str,
        file: &'a str,
        path: String,
        message: String,
        line: Option<usize>,
        column: Option<usize>,
    }
    let report = |path_in_file: String, message: String, line, column| {
        json_line(&ErrorJson {
            status: "error",
            file: path,
            path: path_in_file,
            message,
            line,
            column,
        })
    };
    let loaded = FileFormat::from_path(Path::new(path))
        .map_err(|e| e.to_string())
        .and_then(|format| Ok((format, input::read_input(path).map_err(|e| e.to_string())?)));
    let (format, text) = match loaded {
        Ok(ft) => ft,
        Err(message) => {
            let failure = Failure::new(message.clone());
            return Err(match report(String::new(), message, None, None) {
                Ok(json) => failure.with_report(json),
                Err(_) => failure,
            });
        }
    };
    Scenario::load(&text, format).map_err(|e| {
        let failure = Failure::new(format!("{path}: {e}"));
        match report(e.path(), e.message().to_string(), e.line(), e.column()) {
            Ok(json) => failure.with_report(json),
            Err(_) => failure,
        }
    })
}

/// The scenario's schedules, or only the one named `plan`.
pub(crate) fn schedules(scenario: &Scenario, plan: Option<&str>) -> Result<Vec<(String, Schedule)>, Failure> {
    let all = scenario.schedules().map_err(|e| Failure::new(e.to_string()))?;
    match plan {
        None => Ok(all),
        Some(name) => {
            let names: Vec<String> = all.iter().map(|(n, _)| format!("`{n}`")).collect();
            let found: Vec<(String, Schedule)> = all.iter().filter(|(n, _)| n == name).cloned().collect();
            if found.is_empty() {
                Err(Failure::new(format!(
                    "no plan named `{name}`; the plans are {}",
                    names.join(", ")
                )))
            } else {
                Ok(found)
            }
        }
    }
}

/// The scenario's valuation settings (the library's, as `check` runs them).
pub(crate) fn valuation(scenario: &Scenario, plans: &[(String, Schedule)]) -> Result<ValuationSettings, Failure> {
    scenario
        .valuation_settings(plans)
        .map_err(|e| Failure::new(e.to_string()))
}

/// `disburse compare [SCENARIO] [--format table|json|csv] [--chart FILE.svg]`.
pub(crate) fn compare(args: &CompareArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let plans = schedules(&scenario, None)?;
    let settings = valuation(&scenario, &plans)?;
    let expected = scenario.expected_flows().map_err(|e| Failure::new(e.to_string()))?;
    let c = disburse::compare::compare_with_instruments(&plans, &expected, &settings, scenario.affordability.as_ref())?;
    if let Some(path) = &args.chart {
        write_charts(&c, path)?;
    }
    if args.format == Format::Table && !args.wide {
        return Ok(c.narrow().to_string());
    }
    report(&c, args.format, Comparison::to_csv_summary, Comparison::document)
}

/// A report in `format`: its `Display` ending in a newline, its CSV
/// (by `csv`), or its JSON on one line (the library's `to_json` is
/// pretty-printed; one line here, as every other command).
fn report<T: std::fmt::Display + Serialize>(
    value: &T,
    format: Format,
    csv: impl FnOnce(&T) -> disburse::Result<String>,
    document: impl FnOnce(&T) -> render::Document,
) -> Result<String, Failure> {
    Ok(match format {
        Format::Table => {
            let mut s = value.to_string();
            if !s.ends_with('\n') {
                s.push('\n');
            }
            s
        }
        Format::Csv => csv(value)?,
        Format::Json => json_line(value)?,
        Format::Md => document(value).to_markdown(),
    })
}

/// `disburse sensitivity [SCENARIO] [--tenors 1,5,10] [--format …]`: the
/// headline paid upfront (tenor 1) or in equal annual installments from the
/// valuation date, at the scenario's rates.
pub(crate) fn sensitivity(args: &SensitivityArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let plans = schedules(&scenario, None)?;
    let settings = valuation(&scenario, &plans)?;
    let grid = disburse::compare::sensitivity(
        scenario.headline_money(),
        settings.date(),
        settings.rates(),
        &args.tenors,
        &settings,
        scenario.affordability.as_ref(),
    )?;
    report(&grid, args.format, SensitivityGrid::to_csv, SensitivityGrid::document)
}

/// Width and height of the charts, in pixels.
const CHART_SIZE: (u32, u32) = (900, 500);

/// Writes the charts of `--chart FILE.svg` (or `FILE.png`): the yearly
/// outlays to `path`, the cumulative outlays to `FILE-cumulative.svg`
/// (`.png`) beside it; says on standard error which files it wrote.
fn write_charts(c: &Comparison, path: &str) -> Result<(), Failure> {
    let yearly = Path::new(path);
    let (stem, kind) = chart_kind(path)?;
    let cumulative = yearly.with_file_name(format!("{stem}-cumulative.{}", kind.extension()));
    let (w, h) = CHART_SIZE;
    let data = ChartData::try_from(c)?;
    write_chart(yearly, &chart::yearly_outlays_svg(&data, w, h)?, kind)?;
    write_chart(&cumulative, &chart::cumulative_svg(&data, w, h)?, kind)
}

/// A chart file's kind, by its extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChartKind {
    Svg,
    Png,
}

impl ChartKind {
    fn extension(self) -> &'static str {
        match self {
            ChartKind::Svg => "svg",
            ChartKind::Png => "png",
        }
    }
}

/// The stem and kind of a `--chart` file name (`.svg` or `.png`).
pub(crate) fn chart_kind(path: &str) -> Result<(String, ChartKind), Failure> {
    let p = Path::new(path);
    let kind = |ext: &std::ffi::OsStr| {
        if ext.eq_ignore_ascii_case("svg") {
            Some(ChartKind::Svg)
        } else if ext.eq_ignore_ascii_case("png") {
            Some(ChartKind::Png)
        } else {
            None
        }
    };
    match (p.file_stem(), p.extension().and_then(kind)) {
        (Some(stem), Some(k)) => Ok((stem.to_string_lossy().into_owned(), k)),
        (Some(name), None) if name.eq_ignore_ascii_case(".svg") || name.eq_ignore_ascii_case(".png") => {
            Err(Failure::new(format!(
                "--chart {path}: the file needs a name before the extension (e.g. chart.svg)"
            )))
        }
        _ => Err(Failure::new(format!(
            "--chart {path}: expected a file name ending in .svg or .png"
        ))),
    }
}

/// Writes `svg` to `file` as SVG, or rendered as PNG (twice the SVG's
/// size, for sharp text); says so on standard error.
pub(crate) fn write_chart(file: &Path, svg: &str, kind: ChartKind) -> Result<(), Failure> {
    let bytes = match kind {
        ChartKind::Svg => svg.as_bytes().to_vec(),
        ChartKind::Png => chart::png::svg_to_png(svg, 2.0)?,
    };
    std::fs::write(file, bytes).map_err(|e| Failure::new(format!("cannot write {}: {e}", file.display())))?;
    eprintln!("wrote {}", file.display());
    Ok(())
}

/// `disburse check SCENARIO`.
pub(crate) fn check(args: &CheckArgs) -> Result<String, Failure> {
    let s = match (args.format, args.scenario.as_deref()) {
        (Format::Json, Some(path)) => load_reporting(path)?,
        (_, path) => load(path)?,
    };
    let n = s.plans.len();
    match args.format {
        Format::Table => Ok(format!("ok: {n} plan{}\n", if n == 1 { "" } else { "s" })),
        Format::Json => {
            #[derive(Serialize)]
            struct CheckJson<'a> {
                status: &'static str,
                name: &'a str,
                plans: Vec<&'a str>,
            }
            json_line(&CheckJson {
                status: "ok",
                name: &s.name,
                plans: s.plans.iter().map(|p| p.name.as_str()).collect(),
            })
        }
        Format::Csv | Format::Md => Err(args.format.unsupported("check")),
    }
}

/// One flow of `disburse schedule --format json`.
#[derive(Serialize)]
struct FlowJson<'a> {
    date: String,
    amount: String,
    currency: String,
    tranche: &'a str,
}

/// One plan of `disburse schedule --format json`.
#[derive(Serialize)]
struct PlanJson<'a> {
    name: &'a str,
    total: String,
    flows: Vec<FlowJson<'a>>,
}

/// `{"plans": [...]}` of `disburse schedule --format json`.
#[derive(Serialize)]
struct SchedulesJson<'a> {
    plans: Vec<PlanJson<'a>>,
}

/// `disburse schedule SCENARIO [--plan NAME]`.
pub(crate) fn schedule(args: &ScheduleArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let plans = schedules(&scenario, args.plan.as_deref())?;
    match args.format {
        Format::Table => {
            let mut out = String::new();
            for (i, (name, s)) in plans.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                let total = s.total()?;
                out.push_str(&format!(
                    "{name}: {} flow{}, total {total}\n",
                    s.len(),
                    if s.len() == 1 { "" } else { "s" }
                ));
                out.push_str(&s.to_string());
            }
            Ok(out)
        }
        Format::Csv => {
            let header = ["plan", "date", "amount", "currency", "tranche"].map(String::from);
            let rows = plans.iter().flat_map(|(name, s)| {
                s.iter().map(move |cf| {
                    [
                        name.clone(),
                        cf.date.to_string(),
                        cf.amount.amount().to_string(),
                        cf.amount.currency().code().to_string(),
                        cf.tranche.to_string(),
                    ]
                })
            });
            Ok(render::csv::to_string(std::iter::once(header).chain(rows))?)
        }
        Format::Md => Err(args.format.unsupported("schedule")),
        Format::Json => {
            let mut list = Vec::with_capacity(plans.len());
            for (name, s) in &plans {
                list.push(PlanJson {
                    name,
                    total: s.total()?.amount().to_string(),
                    flows: s
                        .iter()
                        .map(|cf| FlowJson {
                            date: cf.date.to_string(),
                            amount: cf.amount.amount().to_string(),
                            currency: cf.amount.currency().code().to_string(),
                            tranche: &cf.tranche,
                        })
                        .collect(),
                });
            }
            json_line(&SchedulesJson { plans: list })
        }
    }
}

/// One plan of `disburse afford --format json`.
#[derive(Serialize)]
struct PlanReport<'a> {
    name: &'a str,
    report: &'a AffordabilityReport,
}

/// `{"plans": [{"name": …, "report": …}]}` of `disburse afford --format json`.
#[derive(Serialize)]
struct ReportsJson<'a> {
    plans: Vec<PlanReport<'a>>,
}

/// `disburse afford SCENARIO [--plan NAME]`.
pub(crate) fn afford(args: &AffordArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    if scenario.affordability.is_none() {
        return Err(Failure::new(format!(
            "{}: has no [affordability] section",
            args.scenario.as_deref().unwrap_or("the built-in scenario")
        )));
    }
    let plans = schedules(&scenario, args.plan.as_deref())?;
    let all = scenario
        .affordability_reports()
        .map_err(|e| Failure::new(e.to_string()))?;
    let reports: Vec<(&String, AffordabilityReport)> = all
        .into_iter()
        .filter_map(|(name, r)| plans.iter().find(|(n, _)| *n == name).map(|(n, _)| (n, r)))
        .collect();
    match args.format {
        Format::Table => {
            let mut out = String::new();
            for (i, (name, r)) in reports.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&format!("{name}\n{r}"));
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            Ok(out)
        }
        Format::Json => {
            let plans = reports
                .iter()
                .map(|(name, report)| PlanReport { name, report })
                .collect();
            json_line(&ReportsJson { plans })
        }
        Format::Csv => afford_csv(&reports),
        Format::Md => {
            let mut out = String::new();
            for (i, (name, r)) in reports.iter().enumerate() {
                if i > 0 {
                    out.push('\n');
                }
                out.push_str(&format!("## {name}\n\n{}", r.document().to_markdown()));
            }
            Ok(out)
        }
    }
}

/// `afford --format csv`: one line a plan and year; amounts at their
/// currency's minor units, one currency per column (named beside it),
/// shares and ratios as fractions.
fn afford_csv(reports: &[(&String, AffordabilityReport)]) -> Result<String, Failure> {
    let cell = render::csv::amount;
    let fraction = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    let header = [
        "plan",
        "year",
        "outlay_currency",
        "outlay",
        "payer_currency",
        "outlay_payer",
        "binding",
        "share_used",
        "from_income",
        "borrowed",
        "from_swap",
        "from_principal",
        "unfunded",
        "interest",
        "principal_repaid",
        "debt_after",
        "converted",
        "stock_currency",
        "stock_after",
        "adequacy",
        "breach",
    ]
    .map(String::from)
    .to_vec();
    let rows = reports.iter().flat_map(|(name, r)| {
        r.rows.iter().map(move |y| {
            vec![
                name.to_string(),
                y.year.to_string(),
                y.outlay.currency().code().to_string(),
                cell(y.outlay),
                y.outlay_payer.currency().code().to_string(),
                cell(y.outlay_payer),
                y.binding.clone(),
                fraction(y.share_used),
                cell(y.funding.from_income),
                cell(y.funding.borrowed),
                cell(y.funding.from_swap),
                cell(y.funding.from_principal),
                cell(y.funding.unfunded),
                cell(y.interest),
                cell(y.principal_repaid),
                cell(y.debt_after),
                cell(y.converted),
                y.stock_after
                    .map_or_else(String::new, |s| s.currency().code().to_string()),
                y.stock_after.map_or_else(String::new, cell),
                fraction(y.adequacy),
                y.breach.as_ref().map_or_else(String::new, |b| b.to_string()),
            ]
        })
    });
    Ok(render::csv::to_string(std::iter::once(header).chain(rows))?)
}
