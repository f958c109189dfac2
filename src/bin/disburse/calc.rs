//! The calculators: `xnpv`, `xirr`, `npv`, `irr`, `yearfrac` and `dates`.

use chrono::NaiveDate;
use disburse::render::{Digits, Percent, Table};
use disburse::time::{
    BusinessDayConvention, Calendar, DateGeneration, DateSchedule, DayCount, HolidayCalendar, Tenor, Weekend,
};
use disburse::valuation::{self, FirstPeriod, Roots, SolverSettings};
use serde::Serialize;

use crate::input::{self, Flows};
use crate::{DatesArgs, Failure, FlowFileArgs, Format, NpvArgs, XnpvArgs, YearfracArgs, json_line};

/// `{"value": "…"}` of xnpv and npv.
#[derive(Serialize)]
struct ValueJson {
    value: String,
}

/// `{"status": "unique", "roots": ["…"]}` of xirr and irr; an incomplete
/// search adds `"unresolved": [["lower", "upper"], …]`.
#[derive(Serialize)]
struct RootsJson {
    status: &'static str,
    roots: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    unresolved: Vec<[String; 2]>,
}

/// `{"value": "…", "fraction": "365/360", "day_count": "Act/360"}` of yearfrac.
#[derive(Serialize)]
struct YearfracJson {
    value: String,
    fraction: String,
    day_count: &'static str,
}

/// `{"dates": ["YYYY-MM-DD", …]}` of dates.
#[derive(Serialize)]
struct DatesJson {
    dates: Vec<String>,
}

fn read_flows(file: &str) -> Result<Flows, Failure> {
    let text = input::read_input(file)?;
    input::parse_flows(&text).map_err(|e| Failure::new(format!("{}: {e}", input::input_name(file))))
}

/// `disburse xnpv --rate R FILE`.
pub(crate) fn xnpv(args: &XnpvArgs) -> Result<String, Failure> {
    let rate = input::parse_rate(&args.rate)?;
    let flows = read_flows(&args.file)?;
    let (dates, amounts) = flows.dated("xnpv")?;
    let value = valuation::xnpv_columns(rate, dates, amounts)?;
    Ok(match args.format {
        Format::Json => json_line(&ValueJson {
            value: value.to_string(),
        })?,
        Format::Table => Table::key_value([
            ("xnpv", value.to_string()),
            ("rate", format!("{rate} (annual, Act/365F from the earliest date)")),
            ("flows", flow_summary(dates)),
        ])
        .to_string(),
        Format::Csv | Format::Md => return Err(args.format.unsupported("xnpv")),
    })
}

/// `disburse npv --rate R [--first-period 0|1] FILE`.
pub(crate) fn npv(args: &NpvArgs) -> Result<String, Failure> {
    let rate = input::parse_rate(&args.rate)?;
    let first = match args.first_period.trim() {
        "0" => FirstPeriod::Zero,
        "1" => FirstPeriod::One,
        other => {
            return Err(Failure::new(format!(
                "invalid first period \"{other}\" (expected 0 or 1)"
            )));
        }
    };
    let flows = read_flows(&args.file)?;
    let value = valuation::npv(rate, &flows.amounts, first)?;
    Ok(match args.format {
        Format::Json => json_line(&ValueJson {
            value: value.to_string(),
        })?,
        Format::Table => Table::key_value([
            ("npv", value.to_string()),
            ("rate", format!("{rate} per period, {first}")),
            ("flows", flows.amounts.len().to_string()),
        ])
        .to_string(),
        Format::Csv | Format::Md => return Err(args.format.unsupported("npv")),
    })
}

/// `disburse xirr FILE`.
pub(crate) fn xirr(args: &FlowFileArgs) -> Result<String, Failure> {
    let flows = read_flows(&args.file)?;
    let (dates, amounts) = flows.dated("xirr")?;
    let settings = solver_settings(args)?;
    let pairs: Vec<_> = dates.iter().copied().zip(amounts.iter().copied()).collect();
    let roots = valuation::xirr_with(&pairs, &settings)?;
    render_roots(&roots, &settings, args.format, "xirr")
}

/// `disburse irr FILE`.
pub(crate) fn irr(args: &FlowFileArgs) -> Result<String, Failure> {
    let settings = solver_settings(args)?;
    let flows = read_flows(&args.file)?;
    let roots = valuation::irr_with(&flows.amounts, &settings)?;
    render_roots(&roots, &settings, args.format, "irr")
}

/// The solver settings of `--lower`/`--upper` (the whole domain without them).
fn solver_settings(args: &FlowFileArgs) -> Result<SolverSettings, Failure> {
    let bound = |flag: &str, s: &Option<String>| {
        s.as_deref()
            .map(|text| input::parse_rate(text).map_err(|e| Failure::new(format!("{flag}: {e}"))))
            .transpose()
    };
    let settings = SolverSettings {
        lower: bound("--lower", &args.lower)?,
        upper: bound("--upper", &args.upper)?,
        ..SolverSettings::default()
    };
    settings.validate()?;
    Ok(settings)
}

/// The searched range in words.
fn range_label(settings: &SolverSettings) -> String {
    let rate = |r: f64| Percent::new(r, Digits::UpTo(6)).to_string();
    match (settings.lower, settings.upper) {
        (None, None) => "every rate above -100%".to_string(),
        (Some(l), None) => format!("from {} up", rate(l)),
        (None, Some(u)) => format!("above -100% up to {}", rate(u)),
        (Some(l), Some(u)) => format!("from {} to {}", rate(l), rate(u)),
    }
}

fn render_roots(roots: &Roots, settings: &SolverSettings, format: Format, command: &str) -> Result<String, Failure> {
    match format {
        Format::Json => {
            let list: Vec<String> = roots.roots().iter().map(|r| format!("{r}")).collect();
            json_line(&RootsJson {
                status: roots.status(),
                roots: list,
                unresolved: roots
                    .unresolved()
                    .iter()
                    .map(|i| [format!("{}", i.lower), format!("{}", i.upper)])
                    .collect(),
            })
        }
        Format::Table => {
            let mut rows = vec![("status", roots.status().to_string())];
            if roots.is_empty() {
                rows.push(("roots", "no rate makes the value zero".to_string()));
            }
            for r in roots.roots() {
                rows.push(("root", format!("{r}  ({})", Percent::new(*r, Digits::Signed(6)))));
            }
            for i in roots.unresolved() {
                rows.push(("unresolved", format!("roots may lie in [{}, {}]", i.lower, i.upper)));
            }
            rows.push(("searched", range_label(settings)));
            Ok(Table::key_value(rows).to_string())
        }
        Format::Csv | Format::Md => Err(format.unsupported(command)),
    }
}

fn flow_summary(dates: &[NaiveDate]) -> String {
    match (dates.iter().min(), dates.iter().max()) {
        (Some(first), Some(last)) => format!("{} from {first} to {last}", dates.len()),
        _ => dates.len().to_string(),
    }
}

/// `disburse yearfrac --day-count NAME START END`.
pub(crate) fn yearfrac(args: &YearfracArgs) -> Result<String, Failure> {
    let dc: DayCount = input::parse_name(&args.day_count)?;
    let start = input::parse_date("start date", &args.start)?;
    let end = input::parse_date("end date", &args.end)?;
    let yf = dc.year_fraction(start, end);
    let value = yf.to_decimal();
    Ok(match args.format {
        Format::Json => json_line(&YearfracJson {
            value: value.to_string(),
            fraction: yf.to_string(),
            day_count: dc.name(),
        })?,
        Format::Table => Table::key_value([
            ("year fraction", value.to_string()),
            ("exact", yf.to_string()),
            ("day count", dc.name().to_string()),
            ("days", dc.day_count(start, end).to_string()),
        ])
        .to_string(),
        Format::Csv | Format::Md => return Err(args.format.unsupported("yearfrac")),
    })
}

/// `disburse dates …`: QuantLib-style schedule dates.
pub(crate) fn dates(args: &DatesArgs) -> Result<String, Failure> {
    let from = input::parse_date("--from date", &args.from)?;
    let to = input::parse_date("--to date", &args.to)?;
    let tenor: Tenor = input::parse_name(&args.tenor)?;
    let convention: BusinessDayConvention = input::parse_name(&args.convention)?;
    let termination_convention: Option<BusinessDayConvention> = args
        .termination_convention
        .as_deref()
        .map(input::parse_name)
        .transpose()?;
    let rule: DateGeneration = input::parse_name(&args.rule)?;
    let weekends = matches!(input::parse_name::<Calendar>(&args.calendar)?, Calendar::WeekendsOnly);
    let calendar = match &args.holidays {
        Some(path) => {
            let text = input::read_input(path)?;
            let days =
                input::parse_date_list(&text).map_err(|e| Failure::new(format!("{}: {e}", input::input_name(path))))?;
            let weekend = if weekends {
                Weekend::SATURDAY_SUNDAY
            } else {
                Weekend::NONE
            };
            Calendar::Holidays(HolidayCalendar::with_weekend(input::input_name(path), weekend, days))
        }
        None if weekends => Calendar::WeekendsOnly,
        None => Calendar::Null,
    };
    let mut builder = DateSchedule::builder(from, to, tenor)
        .calendar(&calendar)
        .convention(convention)
        .rule(rule)
        .end_of_month(args.end_of_month);
    if let Some(c) = termination_convention {
        builder = builder.termination_convention(c);
    }
    if let Some(s) = &args.first_date {
        builder = builder.first_date(input::parse_date("--first-date", s)?);
    }
    if let Some(s) = &args.next_to_last {
        builder = builder.next_to_last_date(input::parse_date("--next-to-last date", s)?);
    }
    let schedule = builder.build()?;
    Ok(match args.format {
        Format::Json => {
            let list: Vec<String> = schedule.dates().iter().map(NaiveDate::to_string).collect();
            json_line(&DatesJson { dates: list })?
        }
        Format::Table => {
            let mut out = String::new();
            let n = schedule.dates().len();
            for (i, d) in schedule.dates().iter().enumerate() {
                out.push_str(&d.to_string());
                // Mark the end of an irregular (stub) period.
                if i > 0 && i < n && !schedule.is_regular(i - 1) {
                    out.push_str("  (stub period ends)");
                }
                out.push('\n');
            }
            out
        }
        Format::Csv | Format::Md => return Err(args.format.unsupported("dates")),
    })
}
