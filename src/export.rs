//! A scenario as an Excel workbook (feature `xlsx`), through
//! `rust_xlsxwriter`.
//!
//! [`workbook`] writes a `Summary` sheet — the headline, the valuation, and
//! one row per plan: nominal, PV and PV % of headline at each rate, peak,
//! verdict, the count and the list of years in breach — and one sheet per
//! plan with its dated flows and, with an `[affordability]` section, its
//! yearly affordability table. Numbers are numbers (amounts in a currency
//! format with the currency's minor units, shares as percentages, dates
//! as dates), columns have widths, and totals a reader would check are
//! `SUM` formulas (with their value stored, so viewers that do not
//! recalculate show it).
//!
//! Amounts are stored as Excel numbers (binary doubles): every amount up
//! to 2^53 minor units (USD 90 trillion at cents) reads back to the exact
//! minor unit; the exact decimals are in `disburse schedule --format csv`.
//!
//! ```
//! use disburse::scenario::Scenario;
//! let s = Scenario::from_toml(include_str!("../examples/scenarios/upfront_vs_10y.toml"))?;
//! let bytes = disburse::export::workbook(&s)?;
//! assert_eq!(&bytes[..2], b"PK"); // a zip file, as every .xlsx
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Formula, Workbook, Worksheet, XlsxError};

use crate::affordability::AffordabilityReport;
use crate::compare::compare_with_instruments;
use crate::scenario::{Scenario, ScenarioError};
use crate::{Currency, Error, Money, Result, Schedule};

/// The most characters Excel allows in a sheet name.
const SHEET_NAME_MAX: usize = 31;

/// The scenario as `.xlsx` bytes (see the [module](self)).
///
/// # Errors
/// Whatever the scenario's schedules, valuation, comparison or
/// assessment return; [`Error::Render`] (format `xlsx`) if the workbook
/// cannot be written.
///
/// ```
/// use disburse::scenario::Scenario;
/// let s = Scenario::from_toml(include_str!("../examples/scenarios/upfront_vs_10y.toml"))?;
/// assert!(disburse::export::workbook(&s)?.len() > 1000);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn workbook(scenario: &Scenario) -> std::result::Result<Vec<u8>, ScenarioError> {
    let plans = scenario.schedules()?;
    let settings = scenario.valuation_settings(&plans)?;
    let expected = scenario.expected_flows()?;
    let c = compare_with_instruments(&plans, &expected, &settings, scenario.affordability.as_ref())?;
    // By the plans' instruments where they have any (receipts pay first).
    let mut reports: Vec<Option<_>> = scenario
        .affordability_reports()?
        .into_iter()
        .map(|(_, r)| Some(r))
        .collect();
    reports.resize_with(plans.len(), || None);
    let mut book = Workbook::new();
    let names = sheet_names(plans.iter().map(|(n, _)| n.as_str()));
    let styles = Styles::new();

    // The summary.
    let sheet = book.add_worksheet();
    sheet.set_name("Summary").map_err(xlsx)?;
    let money_fmt = styles.money(c.currency);
    sheet
        .write_string_with_format(0, 0, &scenario.name, &styles.title)
        .map_err(xlsx)?;
    let mut row = 1;
    if let Some(d) = &scenario.description {
        sheet.write_string(row, 0, d).map_err(xlsx)?;
        row += 1;
    }
    row += 1;
    sheet
        .write_string_with_format(row, 0, "headline", &styles.bold)
        .map_err(xlsx)?;
    sheet
        .write_number_with_format(row, 1, number(scenario.headline_money()), &money_fmt)
        .map_err(xlsx)?;
    row += 1;
    sheet
        .write_string_with_format(row, 0, "valuation date", &styles.bold)
        .map_err(xlsx)?;
    sheet
        .write_datetime_with_format(row, 1, date(settings.date())?, &styles.date)
        .map_err(xlsx)?;
    row += 1;
    sheet
        .write_string_with_format(row, 0, "basis", &styles.bold)
        .map_err(xlsx)?;
    sheet.write_string(row, 1, settings.basis().to_string()).map_err(xlsx)?;
    row += 2;
    let mut header: Vec<String> = vec!["plan".into(), format!("nominal ({})", c.currency.code())];
    for r in &c.rates {
        header.push(format!(
            "PV @ {}",
            crate::render::Percent::new(*r, crate::render::Digits::UpTo(4))
        ));
        header.push(format!(
            "PV % of headline @ {}",
            crate::render::Percent::new(*r, crate::render::Digits::UpTo(4))
        ));
    }
    header.extend(
        [
            "peak year",
            "peak amount",
            "verdict",
            "years in breach",
            "which years",
            "reason",
            "sheet",
        ]
        .map(String::from),
    );
    for (i, h) in header.iter().enumerate() {
        sheet
            .write_string_with_format(row, col(i)?, h, &styles.header)
            .map_err(xlsx)?;
    }
    let first_plan_row = row + 1;
    for (p, sheet_name) in c.plans.iter().zip(&names) {
        row += 1;
        let mut k = 0;
        let mut next = || {
            k += 1;
            col(k - 1)
        };
        sheet.write_string(row, next()?, &p.name).map_err(xlsx)?;
        sheet
            .write_number_with_format(row, next()?, number(p.nominal), &money_fmt)
            .map_err(xlsx)?;
        for (pv, share) in p.present_values.iter().zip(&p.pv_shares) {
            sheet
                .write_number_with_format(row, next()?, number(*pv), &money_fmt)
                .map_err(xlsx)?;
            sheet
                .write_number_with_format(row, next()?, *share, &styles.percent)
                .map_err(xlsx)?;
        }
        sheet
            .write_string(row, next()?, p.peak.period.to_string())
            .map_err(xlsx)?;
        sheet
            .write_number_with_format(row, next()?, number(p.peak.total), &money_fmt)
            .map_err(xlsx)?;
        match &p.affordability {
            Some(a) => {
                sheet.write_string(row, next()?, a.verdict.to_string()).map_err(xlsx)?;
                sheet
                    .write_number(row, next()?, a.years_in_breach.len() as f64)
                    .map_err(xlsx)?;
                let ys: Vec<String> = a.years_in_breach.iter().map(ToString::to_string).collect();
                sheet.write_string(row, next()?, ys.join(", ")).map_err(xlsx)?;
                sheet.write_string(row, next()?, &a.reason).map_err(xlsx)?;
            }
            None => {
                for _ in 0..4 {
                    next()?;
                }
            }
        }
        sheet.write_string(row, next()?, sheet_name).map_err(xlsx)?;
    }
    sheet.set_column_width(0, 30).map_err(xlsx)?;
    for i in 1..header.len() {
        sheet.set_column_width(col(i)?, 18).map_err(xlsx)?;
    }
    sheet.set_freeze_panes(first_plan_row, 1).map_err(xlsx)?;
    if !scenario.sources.is_empty() {
        row += 2;
        sheet
            .write_string_with_format(row, 0, "sources", &styles.bold)
            .map_err(xlsx)?;
        for s in &scenario.sources {
            row += 1;
            sheet.write_string(row, 0, s).map_err(xlsx)?;
        }
    }

    // One sheet per plan.
    for (((name, schedule), report), sheet_name) in plans.iter().zip(&reports).zip(&names) {
        let sheet = book.add_worksheet();
        sheet.set_name(sheet_name).map_err(xlsx)?;
        plan_sheet(sheet, name, schedule, report.as_ref(), &styles)?;
    }
    Ok(book.save_to_buffer().map_err(xlsx)?)
}

/// A plan's sheet: its flows with a `SUM` total, then its yearly
/// affordability table with `SUM` totals of the amounts.
fn plan_sheet(
    sheet: &mut Worksheet,
    name: &str,
    schedule: &Schedule,
    report: Option<&AffordabilityReport>,
    styles: &Styles,
) -> Result<()> {
    let money_fmt = styles.money(schedule.currency());
    sheet
        .write_string_with_format(0, 0, name, &styles.title)
        .map_err(xlsx)?;
    sheet
        .write_string_with_format(2, 0, "Dated flows", &styles.bold)
        .map_err(xlsx)?;
    let head = ["date", &format!("amount ({})", schedule.currency().code()), "tranche"];
    for (i, h) in head.iter().enumerate() {
        sheet
            .write_string_with_format(3, col(i)?, *h, &styles.header)
            .map_err(xlsx)?;
    }
    let mut row = 3;
    for cf in schedule.iter() {
        row += 1;
        sheet
            .write_datetime_with_format(row, 0, date(cf.date)?, &styles.date)
            .map_err(xlsx)?;
        sheet
            .write_number_with_format(row, 1, number(cf.amount), &money_fmt)
            .map_err(xlsx)?;
        sheet.write_string(row, 2, cf.tranche.to_string()).map_err(xlsx)?;
    }
    row += 1;
    sheet
        .write_string_with_format(row, 0, "total", &styles.bold)
        .map_err(xlsx)?;
    let total = schedule.total()?;
    sum(
        sheet,
        row,
        1,
        4,
        row - 1,
        number(total),
        &styles.total(schedule.currency()),
    )?;
    sheet.set_column_width(0, 14).map_err(xlsx)?;
    sheet.set_column_width(1, 24).map_err(xlsx)?;
    sheet.set_column_width(2, 22).map_err(xlsx)?;

    let Some(r) = report else {
        return Ok(());
    };
    // The yearly table starts to the right of the flows.
    let left: u16 = 4;
    sheet
        .write_string_with_format(2, left, "Yearly affordability", &styles.bold)
        .map_err(xlsx)?;
    type Pick = fn(&crate::affordability::YearRow) -> Money;
    let amounts: [(&str, Pick); 10] = [
        ("outlay", |y| y.outlay),
        ("outlay in payer's currency", |y| y.outlay_payer),
        ("from income", |y| y.funding.from_income),
        ("borrowed", |y| y.funding.borrowed),
        ("from swap", |y| y.funding.from_swap),
        ("from principal", |y| y.funding.from_principal),
        ("unfunded", |y| y.funding.unfunded),
        ("interest", |y| y.interest),
        ("principal repaid", |y| y.principal_repaid),
        ("converted", |y| y.converted),
    ];
    let mut c = left;
    sheet
        .write_string_with_format(3, c, "year", &styles.header)
        .map_err(xlsx)?;
    for (h, pick) in &amounts {
        c += 1;
        let currency = r.rows.first().map_or(schedule.currency(), |y| pick(y).currency());
        sheet
            .write_string_with_format(3, c, format!("{h} ({})", currency.code()), &styles.header)
            .map_err(xlsx)?;
    }
    let rest = ["debt after", "share of binding limit used", "binding limit", "breach"];
    for h in rest {
        c += 1;
        sheet.write_string_with_format(3, c, h, &styles.header).map_err(xlsx)?;
    }
    let mut row = 3;
    for y in &r.rows {
        row += 1;
        let mut c = left;
        sheet.write_string(row, c, y.year.to_string()).map_err(xlsx)?;
        for (_, pick) in &amounts {
            c += 1;
            let m = pick(y);
            sheet
                .write_number_with_format(row, c, number(m), &styles.money(m.currency()))
                .map_err(xlsx)?;
        }
        c += 1;
        sheet
            .write_number_with_format(row, c, number(y.debt_after), &styles.money(y.debt_after.currency()))
            .map_err(xlsx)?;
        c += 1;
        if let Some(s) = y.share_used.filter(|s| s.is_finite()) {
            sheet
                .write_number_with_format(row, c, s, &styles.percent)
                .map_err(xlsx)?;
        }
        c += 1;
        sheet.write_string(row, c, &y.binding).map_err(xlsx)?;
        c += 1;
        if let Some(b) = &y.breach {
            sheet.write_string(row, c, b.to_string()).map_err(xlsx)?;
        }
    }
    if !r.rows.is_empty() {
        let last = row;
        row += 1;
        sheet
            .write_string_with_format(row, left, "total", &styles.bold)
            .map_err(xlsx)?;
        let mut c = left;
        for (_, pick) in &amounts {
            c += 1;
            let mut t: Option<Money> = None;
            for y in &r.rows {
                let m = pick(y);
                t = Some(match t {
                    None => m,
                    Some(acc) => acc.checked_add(m)?,
                });
            }
            if let Some(t) = t {
                sum(sheet, row, c, 4, last, number(t), &styles.total(t.currency()))?;
            }
        }
    }
    sheet.set_column_width(left, 10).map_err(xlsx)?;
    for k in 1..=(amounts.len() + rest.len()) {
        let k = u16::try_from(k).map_err(|_| too_wide())?;
        sheet.set_column_width(left + k, 20).map_err(xlsx)?;
    }
    sheet.set_freeze_panes(4, 0).map_err(xlsx)?;
    Ok(())
}

/// Writes `=SUM(col first:col last)` at (`row`, `c`) with its value.
fn sum(sheet: &mut Worksheet, row: u32, c: u16, first: u32, last: u32, value: f64, format: &Format) -> Result<()> {
    let letter = rust_xlsxwriter::utility::column_number_to_name(c);
    let formula =
        Formula::new(format!("=SUM({letter}{}:{letter}{})", first + 1, last + 1)).set_result(value.to_string());
    sheet.write_formula_with_format(row, c, formula, format).map_err(xlsx)?;
    Ok(())
}

/// The cell formats.
struct Styles {
    title: Format,
    bold: Format,
    header: Format,
    date: Format,
    percent: Format,
}

impl Styles {
    fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            bold: Format::new().set_bold(),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_background_color("#EEF1F4")
                .set_border_bottom(rust_xlsxwriter::FormatBorder::Thin),
            date: Format::new().set_num_format("yyyy-mm-dd"),
            percent: Format::new().set_num_format("0.0%"),
        }
    }

    /// Thousands separators and the currency's minor units, the code in
    /// front: `USD 1,234.56`, `KRW 1,234`.
    fn money(&self, currency: Currency) -> Format {
        Format::new().set_num_format(money_format(currency))
    }

    /// [`Styles::money`] in bold, over a thin top border.
    fn total(&self, currency: Currency) -> Format {
        self.money(currency)
            .set_bold()
            .set_border_top(rust_xlsxwriter::FormatBorder::Thin)
    }
}

/// The number format of `currency`: `"USD "#,##0.00` (as many decimals as
/// the currency's minor units), negatives with a minus after the code.
fn money_format(currency: Currency) -> String {
    let decimals = usize::from(currency.minor_units());
    let body = if decimals == 0 {
        "#,##0".to_string()
    } else {
        format!("#,##0.{}", "0".repeat(decimals))
    };
    let code = currency.code();
    format!("\"{code} \"{body};\"{code} \"-{body}")
}

/// Sheet names Excel accepts, one per plan: `[]:*?/\` replaced by `-`, at
/// most 31 characters, made unique with ` (2)`, ` (3)`…, never `Summary`.
fn sheet_names<'a>(plans: impl Iterator<Item = &'a str>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for name in plans {
        let clean: String = name
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { '-' } else { c })
            .collect();
        let clean = clean.trim_matches('\'').trim();
        let base: String = if clean.is_empty() {
            "plan".into()
        } else {
            clean.chars().take(SHEET_NAME_MAX).collect()
        };
        let mut candidate = base.clone();
        let mut n = 1;
        while out
            .iter()
            .chain(std::iter::once(&"Summary".to_string()))
            .any(|o| o.eq_ignore_ascii_case(&candidate))
        {
            n += 1;
            let suffix = format!(" ({n})");
            let keep = SHEET_NAME_MAX.saturating_sub(suffix.chars().count());
            candidate = format!("{}{suffix}", base.chars().take(keep).collect::<String>());
        }
        out.push(candidate);
    }
    out
}

/// An amount as an Excel number.
fn number(m: Money) -> f64 {
    decimal(m.amount())
}

fn decimal(d: Decimal) -> f64 {
    d.to_f64().unwrap_or(f64::NAN)
}

/// A date as Excel's.
fn date(d: chrono::NaiveDate) -> Result<ExcelDateTime> {
    use chrono::Datelike;
    let (Ok(y), Ok(m), Ok(day)) = (u16::try_from(d.year()), u8::try_from(d.month()), u8::try_from(d.day())) else {
        return Err(render(format!("date {d} is outside Excel's range")));
    };
    ExcelDateTime::from_ymd(y, m, day).map_err(xlsx)
}

/// Column `i` as Excel's column number.
fn col(i: usize) -> Result<u16> {
    u16::try_from(i).map_err(|_| too_wide())
}

fn too_wide() -> Error {
    render("more columns than a sheet holds".into())
}

fn render(reason: String) -> Error {
    Error::Render { format: "xlsx", reason }
}

fn xlsx(e: XlsxError) -> Error {
    render(e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let names = sheet_names(["a/b", "summary", "x".repeat(40).as_str(), &"x".repeat(40), ""].into_iter());
        assert_eq!(names[0], "a-b");
        assert_eq!(names[1], "summary (2)");
        assert_eq!(names[2], "x".repeat(31));
        assert_eq!(names[3], format!("{} (2)", "x".repeat(27)));
        assert_eq!(names[4], "plan");
    }

    #[test]
    fn money_formats_follow_minor_units() {
        assert_eq!(money_format(Currency::USD), "\"USD \"#,##0.00;\"USD \"-#,##0.00");
        assert_eq!(money_format(Currency::KRW), "\"KRW \"#,##0;\"KRW \"-#,##0");
    }
}
