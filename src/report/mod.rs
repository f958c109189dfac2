//! One self-contained report of a scenario, as HTML or Markdown (feature
//! `report`).
//!
//! [`Report::build`] runs everything the command-line tool can say about a
//! scenario — the comparison (with the economic cost when plans carry
//! instruments), the verdicts and their reasons, the yearly affordability
//! table of one plan, the charts, the sensitivity grid, the return-sharing
//! waterfall (with a `[waterfall]` section) and the Monte Carlo risk (with a
//! `[risk]` section) — into [`Section`]s of [`Document`]s. The HTML
//! ([`Report::to_html`]) and the Markdown ([`Report::to_markdown`]) render
//! the same documents, so they show the same table cells as `disburse
//! compare`, `afford`, `sensitivity`, `returns` and `risk`.
//!
//! The HTML is one file: the CSS and the SVG charts are inline, there are no
//! scripts, links, fonts or images to fetch (no `http` in the file). It
//! carries print CSS (A4, tables kept whole where they fit, no navigation)
//! and a phone layout (wide tables scroll sideways inside their box).
//!
//! Every assumption is listed with where it comes from (the scenario's
//! section or the tool's default), with the scenario's sources, the tool
//! version and the SHA-256 of the scenario file's bytes, so a reader can
//! tell which file produced the report.
//!
//! ```
//! use disburse::report::{Report, ReportOptions};
//! use disburse::scenario::Scenario;
//! let text = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
//! let scenario = Scenario::from_toml(text)?;
//! let report = Report::build(&scenario, text.as_bytes(), &ReportOptions::default())?;
//! let html = report.to_html();
//! assert!(html.starts_with("<!DOCTYPE html>"));
//! assert!(html.contains("<h2 id=\"plans\">"));
//! assert!(!html.contains("http"));
//! assert!(report.to_markdown().contains("## The plans side by side"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod html;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::chart::{self, ChartData};
use crate::compare::{Comparison, compare_with_instruments, sensitivity};
use crate::render::{Align, Column, Digits, Document, Percent, Table};
use crate::returns::ReturnsReport;
use crate::scenario::{DEFAULT_TENORS, Scenario, ScenarioError};
use crate::{Result, Schedule};

/// The most Monte Carlo paths the report runs by default (the scenario's
/// `[risk]` paths when fewer; the same as a risk model's default, so that
/// the report and `disburse risk` agree on the scenarios that ship);
/// [`ReportOptions::risk_paths`] overrides it.
///
/// ```
/// assert_eq!(disburse::report::DEFAULT_REPORT_PATHS, 10_000);
/// ```
pub const DEFAULT_REPORT_PATHS: u64 = 10_000;

/// Width and height of the report's outlay charts, in pixels.
const CHART_SIZE: (u32, u32) = (900, 500);

/// What [`Report::build`] shows and how it names its source.
///
/// ```
/// let o = disburse::report::ReportOptions::default();
/// assert_eq!(o.plan, None);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ReportOptions {
    /// The plan whose yearly affordability table is shown (default: the
    /// first affordable plan, else the first).
    pub plan: Option<String>,
    /// Monte Carlo paths of the risk section (default: the scenario's,
    /// at most [`DEFAULT_REPORT_PATHS`]); checked (1 to
    /// [`MAX_RISK_PATHS`](crate::limits::MAX_RISK_PATHS)) even when the
    /// scenario has no `[risk]` section.
    pub risk_paths: Option<u64>,
    /// The scenario's file name, as shown in the report.
    pub source: String,
    /// The tool's version, as shown in the report.
    pub version: String,
}

/// A chart of a [`Section`]: an SVG drawing and its caption.
///
/// ```
/// use disburse::report::{Report, ReportOptions};
/// use disburse::scenario::Scenario;
/// let text = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
/// let r = Report::build(&Scenario::from_toml(text)?, text.as_bytes(), &ReportOptions::default())?;
/// let figures: Vec<_> = r.sections.iter().flat_map(|s| &s.figures).collect();
/// assert!(!figures.is_empty());
/// assert!(figures.iter().all(|f| f.svg.starts_with("<svg") && !f.caption.is_empty()));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Figure {
    /// What the chart shows.
    pub caption: String,
    /// The SVG, without an XML declaration or namespace URL (inline SVG
    /// in HTML needs neither), scaling to its box.
    pub svg: String,
}

/// One section of a [`Report`].
///
/// ```
/// use disburse::report::{Report, ReportOptions};
/// use disburse::scenario::Scenario;
/// let text = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
/// let r = Report::build(&Scenario::from_toml(text)?, text.as_bytes(), &ReportOptions::default())?;
/// // Each section is an anchor, a heading and its text; the HTML links them.
/// let plans = r.sections.iter().find(|s| s.id == "plans").expect("a plans section");
/// assert!(r.to_html().contains(&format!("id=\"{}\"", plans.id)));
/// assert!(!plans.document.blocks().is_empty());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Section {
    /// The HTML anchor (`plans`, `affordability`…).
    pub id: &'static str,
    /// The heading.
    pub title: String,
    /// The text and tables.
    pub document: Document,
    /// The charts, after the text.
    pub figures: Vec<Figure>,
}

/// A scenario's report (see the [module](self)).
///
/// ```
/// use disburse::report::{Report, ReportOptions};
/// use disburse::scenario::Scenario;
/// let text = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
/// let r = Report::build(&Scenario::from_toml(text)?, text.as_bytes(), &ReportOptions::default())?;
/// assert_eq!(r.title, "Upfront vs ten installments");
/// // The provenance names the scenario's SHA-256.
/// let sha = disburse::report::sha256_hex(text.as_bytes());
/// assert!(r.provenance.iter().any(|(_, v)| v.contains(&sha)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The scenario's name.
    pub title: String,
    /// The scenario's description, if any.
    pub description: Option<String>,
    /// The sections, in order.
    pub sections: Vec<Section>,
    /// The tool version, the scenario file and its SHA-256.
    pub provenance: Vec<(String, String)>,
}

impl Report {
    /// Runs the scenario and assembles the report. `source` is the
    /// scenario file's bytes, hashed (SHA-256) into the report.
    ///
    /// # Errors
    /// Whatever the scenario's schedules, valuation, comparison,
    /// assessment, sensitivity, waterfall, risk run or charts return; a
    /// [`Error::Render`](crate::Error::Render) naming `--plan` when
    /// [`ReportOptions::plan`] names no plan.
    ///
    /// ```
    /// use disburse::report::{Report, ReportOptions};
    /// use disburse::scenario::Scenario;
    /// let text = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
    /// let s = Scenario::from_toml(text)?;
    /// let r = Report::build(&s, text.as_bytes(), &ReportOptions::default())?;
    /// assert_eq!(r.sections[0].id, "question");
    /// let bad = ReportOptions { plan: Some("nope".into()), ..ReportOptions::default() };
    /// assert!(Report::build(&s, text.as_bytes(), &bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn build(
        scenario: &Scenario,
        source: &[u8],
        options: &ReportOptions,
    ) -> std::result::Result<Report, ScenarioError> {
        // The paths asked for are checked whether or not the scenario has
        // a `[risk]` section to run them on (never silently ignored).
        if let Some(n) = options.risk_paths {
            crate::risk::RiskModel::default().paths(n)?;
        }
        let plans = scenario.schedules()?;
        let settings = scenario.valuation_settings(&plans)?;
        let expected = scenario.expected_flows()?;
        let c = compare_with_instruments(&plans, &expected, &settings, scenario.affordability.as_ref())?;
        let central = settings.rates().len() / 2;
        let chosen = chosen_plan(&c, &plans, options.plan.as_deref())?;

        let mut sections = vec![question(scenario, &c, central), plans_section(&c, central)];
        if let Some(v) = verdicts(&c) {
            sections.push(v);
        }
        let mut afford_assumptions = Vec::new();
        let reports = scenario.affordability_reports()?;
        if let Some((name, r)) = chosen.and_then(|(n, _)| reports.iter().find(|(m, _)| m == n)) {
            afford_assumptions = r.assumptions.iter().map(ToString::to_string).collect();
            let mut d = Document::new();
            d.line(format!(
                "The plan shown: `{name}` ({}; `--plan NAME` picks another).",
                if options.plan.is_some() {
                    "chosen"
                } else {
                    "the first affordable plan, else the first"
                }
            ));
            d.blank();
            for t in r.document().blocks() {
                push_block(&mut d, t);
            }
            sections.push(Section {
                id: "years",
                title: format!("Year by year: {name}"),
                document: d,
                figures: Vec::new(),
            });
        }
        sections.push(charts(&c)?);
        let grid = sensitivity(
            scenario.headline_money(),
            settings.date(),
            settings.rates(),
            &DEFAULT_TENORS,
            &settings,
            scenario.affordability.as_ref(),
        )?;
        sections.push(Section {
            id: "sensitivity",
            title: "Sensitivity: tenor and discount rate".into(),
            document: grid.document(),
            figures: Vec::new(),
        });
        if let Some(w) = &scenario.waterfall {
            // The waterfall's capital: each plan's equity (cash) payments.
            let capital: Vec<(String, Schedule)> = scenario
                .waterfall_outlays()?
                .into_iter()
                .filter(|(_, s)| !s.is_empty())
                .collect();
            let chosen_capital = chosen.and_then(|(n, _)| capital.iter().find(|(m, _)| m == n));
            if !capital.is_empty() {
                sections.push(returns_section(&capital, chosen_capital, w, settings.rates(), central)?);
            }
        }
        if let (Some(model), Some(a)) = (&scenario.risk, &scenario.affordability) {
            sections.push(risk_section(
                model,
                a,
                &scenario.commitments()?,
                options.risk_paths,
                chosen.map(|(n, _)| n.as_str()),
            )?);
        }
        sections.push(assumptions(scenario, &settings, &afford_assumptions));
        let provenance = vec![
            ("tool".to_string(), format!("disburse {}", options.version)),
            (
                "scenario".to_string(),
                if options.source.is_empty() {
                    scenario.name.clone()
                } else {
                    options.source.clone()
                },
            ),
            ("SHA-256 of the scenario file".to_string(), sha256_hex(source)),
        ];
        Ok(Report {
            title: scenario.name.clone(),
            description: scenario.description.clone(),
            sections,
            provenance,
        })
    }

    /// The report as one HTML file (see the [module](self)).
    ///
    /// ```
    /// # use disburse::report::{Report, ReportOptions};
    /// # use disburse::scenario::Scenario;
    /// # let text = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
    /// # let r = Report::build(&Scenario::from_toml(text)?, text.as_bytes(), &ReportOptions::default())?;
    /// let html = r.to_html();
    /// assert!(html.contains("<style>") && html.contains("@media print"));
    /// assert!(!html.contains("<script") && !html.contains("<link"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_html(&self) -> String {
        html::render(self)
    }

    /// The report as Markdown: the same sections and tables, the charts
    /// left out (named, with a pointer to the HTML report).
    ///
    /// ```
    /// # use disburse::report::{Report, ReportOptions};
    /// # use disburse::scenario::Scenario;
    /// # let text = include_str!("../../examples/scenarios/upfront_vs_10y.toml");
    /// # let r = Report::build(&Scenario::from_toml(text)?, text.as_bytes(), &ReportOptions::default())?;
    /// assert!(r.to_markdown().starts_with("# "));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn to_markdown(&self) -> String {
        let mut out = format!("# {}\n\n", self.title);
        if let Some(d) = &self.description {
            out.push_str(&format!("{d}\n\n"));
        }
        for s in &self.sections {
            out.push_str(&format!("## {}\n\n", s.title));
            out.push_str(&s.document.to_markdown());
            for f in &s.figures {
                out.push_str(&format!("\n*Chart: {} (in the HTML report).*\n", f.caption));
            }
            out.push('\n');
        }
        out.push_str("---\n\n");
        for (k, v) in &self.provenance {
            out.push_str(&format!("- {k}: {v}\n"));
        }
        out
    }
}

/// The hexadecimal SHA-256 of `bytes`.
///
/// ```
/// assert_eq!(
///     disburse::report::sha256_hex(b"abc"),
///     "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
/// );
/// ```
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// Appends a copy of block `b` to `d`.
fn push_block(d: &mut Document, b: &crate::render::Block) {
    use crate::render::Block;
    match b {
        Block::Line(t) => d.line(t.clone()),
        Block::More(t) => d.more(t.clone()),
        Block::Item(t) => d.item(t.clone()),
        Block::Blank => d.blank(),
        Block::Table(t) => d.table(t.clone()),
    };
}

/// The plan whose years are shown: the named one, else the first
/// affordable, else the first.
fn chosen_plan<'a>(
    c: &Comparison,
    plans: &'a [(String, Schedule)],
    name: Option<&str>,
) -> Result<Option<&'a (String, Schedule)>> {
    if let Some(name) = name {
        return plans.iter().find(|(n, _)| n == name).map(Some).ok_or_else(|| {
            let names: Vec<String> = plans.iter().map(|(n, _)| format!("`{n}`")).collect();
            crate::Error::Render {
                format: "html",
                reason: format!("--plan: no plan named `{name}`; the plans are {}", names.join(", ")),
            }
        });
    }
    let affordable = c.plans.iter().position(|p| {
        p.affordability
            .as_ref()
            .is_some_and(|a| a.verdict == crate::affordability::Verdict::Affordable)
    });
    Ok(plans.get(affordable.unwrap_or(0)))
}

/// The question the report answers, in words, with the headline and the
/// plans.
fn question(s: &Scenario, c: &Comparison, central: usize) -> Section {
    let mut d = Document::new();
    let headline = s.headline_money();
    let rate = c.rates.get(central).copied().unwrap_or_default();
    d.line(format!(
        "What does a headline of {} really cost, paid in each of {} way{}, and can the payer afford it?",
        headline.compact(),
        c.plans.len(),
        if c.plans.len() == 1 { "" } else { "s" }
    ));
    d.line(format!(
        "Present values (PV) are discounted to {} ({}); the central rate is {}.",
        c.valuation_date,
        c.basis,
        Percent::new(rate, Digits::UpTo(4))
    ));
    if s.affordability.is_none() {
        d.line("The scenario has no [affordability] section, so no plan is tested against a capacity.");
    }
    d.blank();
    for p in &c.plans {
        let pv = p
            .present_values
            .get(central)
            .map_or_else(String::new, |m| m.compact().to_string());
        d.item(format!(
            "{}: {} nominal, PV {pv} at {}",
            p.name,
            p.nominal.compact(),
            Percent::new(rate, Digits::UpTo(4))
        ));
    }
    Section {
        id: "question",
        title: "The question".into(),
        document: d,
        figures: Vec::new(),
    }
}

/// The plans side by side at the central rate (and the full comparison).
fn plans_section(c: &Comparison, central: usize) -> Section {
    let unit = c.unit();
    let rate = c.rates.get(central).copied().unwrap_or_default();
    let at = format!("@ {}", Percent::new(rate, Digits::UpTo(4)));
    let plans = &c.plans;
    let right = || Column::new(Align::Right);
    let pct = |x: Option<f64>| x.map_or_else(|| "—".to_string(), |v| Percent::new(v, Digits::Fixed(1)).to_string());
    // The economic cost only when some plan carries instruments (without
    // them it equals the PV of the outlays).
    let instruments = plans.iter().any(|p| p.economic.as_ref().is_some_and(|e| e.instruments));
    let mut columns = vec![
        Column::new(Align::Left)
            .header(["", "plan"])
            .cells(plans.iter().map(|p| p.name.clone())),
        right()
            .header([String::new(), format!("nominal, {}", unit.label(c.currency))])
            .cells(plans.iter().map(|p| unit.format_money(p.nominal))),
        right()
            .header(["PV".to_string(), at.clone()])
            .cells(plans.iter().map(|p| {
                p.present_values
                    .get(central)
                    .map_or_else(String::new, |m| unit.format_money(*m))
            })),
        right()
            .header(["PV % of".to_string(), "headline".to_string()])
            .cells(plans.iter().map(|p| pct(p.pv_shares.get(central).copied()))),
    ];
    if instruments {
        columns.push(
            right()
                .header(["economic".to_string(), format!("cost {at}")])
                .cells(plans.iter().map(|p| {
                    p.economic
                        .as_ref()
                        .and_then(|e| e.at_rates.get(central))
                        .map_or_else(|| "—".to_string(), |m| unit.format_money(*m))
                })),
        );
        columns.push(
            right().header(["economic", "% of headline"]).cells(
                plans
                    .iter()
                    .map(|p| pct(p.economic.as_ref().and_then(|e| e.shares.get(central).copied()))),
            ),
        );
    }
    columns.push(
        right().header(["peak year", "(amount)"]).cells(
            plans
                .iter()
                .map(|p| format!("{} ({})", p.peak.period, unit.format_money(p.peak.total))),
        ),
    );
    if plans.iter().any(|p| p.affordability.is_some()) {
        columns.push(
            Column::new(Align::Left)
                .header(["", "verdict"])
                .cells(plans.iter().map(|p| {
                    p.affordability
                        .as_ref()
                        .map_or_else(|| "—".to_string(), |a| a.verdict.to_string())
                })),
        );
    }
    let mut d = Document::new();
    d.line(format!(
        "At the central rate {}; amounts in {}. PV % of headline: the plan's present value over the headline (100% = paying it all on the valuation date).",
        Percent::new(rate, Digits::UpTo(4)),
        unit.label(c.currency)
    ));
    if instruments {
        d.line("Economic cost: the PV of all expected flows of the plan's instruments (outlays, drawdowns and expected calls, less repayments, interest, fees and recoveries).");
    }
    d.table(Table::new(columns));
    d.blank();
    d.line("Every rate:");
    d.blank();
    for b in c.document().blocks() {
        push_block(&mut d, b);
    }
    Section {
        id: "plans",
        title: "The plans side by side".into(),
        document: d,
        figures: Vec::new(),
    }
}

/// The verdicts and their reasons, when plans were assessed.
fn verdicts(c: &Comparison) -> Option<Section> {
    if c.plans.iter().all(|p| p.affordability.is_none()) {
        return None;
    }
    let mut d = Document::new();
    let mut t_plan = Vec::new();
    let mut t_verdict = Vec::new();
    let mut t_count = Vec::new();
    let mut t_years = Vec::new();
    let mut t_reason = Vec::new();
    for p in &c.plans {
        if let Some(a) = &p.affordability {
            t_plan.push(p.name.clone());
            t_verdict.push(a.verdict.to_string());
            t_count.push(a.years_in_breach.len().to_string());
            let ys: Vec<String> = a.years_in_breach.iter().map(ToString::to_string).collect();
            t_years.push(if ys.is_empty() {
                "—".to_string()
            } else {
                ys.join(", ")
            });
            t_reason.push(a.reason.clone());
        }
    }
    d.table(Table::new(vec![
        Column::new(Align::Left).header(["plan"]).cells(t_plan),
        Column::new(Align::Left).header(["verdict"]).cells(t_verdict),
        Column::new(Align::Right).header(["years in breach"]).cells(t_count),
        Column::new(Align::Left).header(["which years"]).cells(t_years),
        Column::new(Align::Left).header(["why"]).cells(t_reason),
    ]));
    Some(Section {
        id: "affordability",
        title: "Can the payer afford it?".into(),
        document: d,
        figures: Vec::new(),
    })
}

/// The outlay charts.
fn charts(c: &Comparison) -> Result<Section> {
    let data = ChartData::try_from(c)?;
    let (w, h) = CHART_SIZE;
    let mut d = Document::new();
    d.line(format!(
        "Outlays by year and cumulative, in {}{}.",
        data.unit().label(c.currency),
        if c.capacity_by_year.is_some() {
            "; the red line is the payer's capacity (its tightest limit on outlays or on conversion, named in the legend)"
        } else {
            ""
        }
    ));
    Ok(Section {
        id: "charts",
        title: "Charts".into(),
        document: d,
        figures: vec![
            Figure {
                caption: "Yearly outlays by plan".into(),
                svg: inline_svg(&chart::yearly_outlays_svg(&data, w, h)?),
            },
            Figure {
                caption: "Cumulative outlays by plan".into(),
                svg: inline_svg(&chart::cumulative_svg(&data, w, h)?),
            },
        ],
    })
}

/// The return-sharing section: every plan's recovery, review, net PV and
/// IRR in one table, then the chosen plan's waterfall year by year.
fn returns_section(
    plans: &[(String, Schedule)],
    chosen: Option<&(String, Schedule)>,
    w: &crate::scenario::WaterfallSettings,
    rates: &[f64],
    central: usize,
) -> Result<Section> {
    let all = ReturnsReport::new(plans, &w.project, &w.waterfall, rates)?;
    let mut d = Document::new();
    d.line(all.terms.clone());
    let rate = rates.get(central).copied().unwrap_or_default();
    let p = &all.plans;
    d.table(Table::new(vec![
        Column::new(Align::Left)
            .header(["plan"])
            .cells(p.iter().map(|p| p.name.clone())),
        Column::new(Align::Left)
            .header(["recovered on"])
            .cells(p.iter().map(|p| {
                p.recovery_date.map_or_else(
                    || format!("not recovered ({} outstanding)", p.unrecovered_balance.compact()),
                    |d| d.to_string(),
                )
            })),
        Column::new(Align::Left)
            .header(["review"])
            .cells(p.iter().map(|p| match p.review_years {
                None => "—".to_string(),
                Some(y) if p.review_triggered => format!("after {y} years: triggered"),
                Some(y) => format!("after {y} years: not triggered"),
            })),
        Column::new(Align::Right)
            .header([format!("investor net PV @ {}", Percent::new(rate, Digits::UpTo(4)))])
            .cells(p.iter().map(|p| {
                p.net_pv
                    .get(central)
                    .map_or_else(String::new, |v| v.amount.compact().to_string())
            })),
        Column::new(Align::Right)
            .header(["investor net IRR"])
            .cells(p.iter().map(|p| {
                let roots: Vec<String> = p
                    .net_irr
                    .roots()
                    .iter()
                    .map(|r| Percent::new(*r, Digits::Fixed(2)).to_string())
                    .collect();
                if roots.is_empty() {
                    "none".to_string()
                } else {
                    roots.join(", ")
                }
            })),
    ]));
    if let Some(one) = chosen {
        let r = ReturnsReport::new(std::slice::from_ref(one), &w.project, &w.waterfall, rates)?;
        d.blank();
        d.line(format!(
            "Year by year, `{}` (`disburse returns` shows every plan):",
            one.0
        ));
        if let Some(t) = r.document().tables().next() {
            d.table(t.clone());
        }
    }
    Ok(Section {
        id: "returns",
        title: "Return sharing".into(),
        document: d,
        figures: Vec::new(),
    })
}

/// The risk section: the scenario's `[risk]` model on every plan, with
/// the fan chart of debt.
fn risk_section(
    model: &crate::risk::RiskModel,
    a: &crate::affordability::Assessment,
    plans: &[(String, crate::Commitment)],
    paths: Option<u64>,
    chosen: Option<&str>,
) -> Result<Section> {
    let own = model.path_count();
    let n = paths.unwrap_or_else(|| own.min(DEFAULT_REPORT_PATHS));
    let model = model.clone().paths(n)?;
    let r = model.simulate_commitments(a, plans)?;
    let mut d = Document::new();
    let which = if paths.is_some() {
        format!("the number given with --paths; the scenario asks for {own}")
    } else if n == own {
        "the scenario's [risk] paths".to_string()
    } else {
        format!(
            "the scenario asks for {own}; the report runs at most {DEFAULT_REPORT_PATHS} — `disburse risk` or \
             `disburse report --paths N` runs more"
        )
    };
    d.line(format!("{n} Monte Carlo paths ({which}), seed {}.", r.seed));
    d.blank();
    // The assumptions and the one-line-a-plan table, then each plan's
    // verdict under risk; the years of the chosen plan only.
    let full = r.document();
    let mut blocks = full.blocks().iter();
    for b in blocks.by_ref() {
        push_block(&mut d, b);
        if matches!(b, crate::render::Block::Table(_)) {
            break;
        }
    }
    if r.plans.iter().any(|p| !p.settled) {
        d.line(crate::risk::UNSETTLED_LEGEND);
    }
    d.blank();
    for p in &r.plans {
        d.item(format!(
            "{}: {} under risk ({} on the deterministic path); {}",
            p.name, p.verdict, p.deterministic_verdict, p.reason
        ));
    }
    if let Some(p) = r.plans.iter().find(|p| Some(p.name.as_str()) == chosen) {
        d.blank();
        d.line(format!(
            "Year by year, `{}` (`disburse risk` shows every plan):",
            p.name
        ));
        d.table(p.years_table());
        if let Some(note) = p.years_note() {
            d.line(note);
        }
    }
    let refs: Vec<&crate::risk::PlanRisk> = r.plans.iter().collect();
    let fan = chart::fan_chart_svg(&refs, chart::FanMetric::Debt, r.paths, r.seed, 1000)?;
    Ok(Section {
        id: "risk",
        title: "Risk".into(),
        document: d,
        figures: vec![Figure {
            caption: "Debt outstanding: median, 25–75 and 5–95 percentile bands, the deterministic path, and the \
                      breach probability by year"
                .into(),
            svg: inline_svg(&fan),
        }],
    })
}

/// Every assumption with where it comes from, then the scenario's
/// sources.
fn assumptions(s: &Scenario, settings: &crate::compare::ValuationSettings, affordability: &[String]) -> Section {
    let mut d = Document::new();
    let from = |present: bool, section: &str| {
        if present {
            format!("scenario [{section}]")
        } else {
            format!("tool default (no [{section}] section)")
        }
    };
    let valuation = from(s.valuation.is_some(), "valuation");
    let rates: Vec<String> = settings
        .rates()
        .iter()
        .map(|r| Percent::new(*r, Digits::UpTo(4)).to_string())
        .collect();
    let mut what = vec![
        "discount rates".to_string(),
        "valuation date".into(),
        "time basis".into(),
    ];
    let mut value = vec![
        rates.join(", "),
        settings.date().to_string(),
        settings.basis().to_string(),
    ];
    let mut source = vec![valuation.clone(), valuation.clone(), valuation];
    what.push("sensitivity tenors (years)".into());
    value.push(DEFAULT_TENORS.map(|t| t.to_string()).join(", "));
    source.push("tool default (`disburse sensitivity --tenors`)".into());
    what.push("headline".into());
    value.push(s.headline_money().to_string());
    source.push("scenario `headline`".into());
    for p in &s.plans {
        what.push(format!("plan `{}`", p.name));
        value.push(match &p.structure {
            crate::scenario::PlanStructure::Single(plan) => plan.to_string(),
            crate::scenario::PlanStructure::Tranches(ts) => ts
                .iter()
                .map(|t| format!("{} {}: {}", t.name, t.amount.normalize(), t.plan))
                .collect::<Vec<_>>()
                .join("; "),
        });
        source.push("scenario [[plans]]".into());
    }
    // The assessment states its own assumptions (capacity, FX, funding,
    // thresholds) in words.
    for line in affordability {
        what.push("affordability".into());
        value.push(line.clone());
        source.push("scenario [affordability]".into());
    }
    if let Some(w) = &s.waterfall {
        what.push("return sharing".into());
        value.push(format!(
            "deemed rate {}, review {}",
            Percent::new(w.waterfall.deemed_rate(), Digits::Shortest),
            w.waterfall
                .review_years()
                .map_or_else(|| "none".to_string(), |y| format!("after {y} years"))
        ));
        source.push("scenario [waterfall]".into());
    }
    d.table(Table::new(vec![
        Column::new(Align::Left).header(["assumption"]).cells(what),
        Column::new(Align::Left).header(["value"]).cells(value),
        Column::new(Align::Left).header(["from"]).cells(source),
    ]));
    if !s.sources.is_empty() {
        d.blank();
        d.line("Sources named by the scenario:");
        for src in &s.sources {
            d.item(src.clone());
        }
    }
    Section {
        id: "assumptions",
        title: "Assumptions and sources".into(),
        document: d,
        figures: Vec::new(),
    }
}

/// An SVG made fit for inline HTML: no XML declaration, no namespace URL
/// (the HTML parser puts `<svg>` in the SVG namespace itself), a `viewBox`
/// so it scales to its box.
fn inline_svg(svg: &str) -> String {
    let body = svg.find("<svg").map_or(svg, |i| &svg[i..]);
    let mut body = body.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1);
    if !body.contains("viewBox") {
        let dim = |name: &str| {
            let key = format!("{name}=\"");
            body.find(&key).and_then(|i| {
                let rest = &body[i + key.len()..];
                rest.find('"').map(|j| rest[..j].to_string())
            })
        };
        if let (Some(w), Some(h)) = (dim("width"), dim("height")) {
            body = body.replacen("<svg", &format!("<svg viewBox=\"0 0 {w} {h}\""), 1);
        }
    }
    body
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn svg_is_made_inline() {
        let svg =
            "<?xml version=\"1.0\"?>\n<svg width=\"10\" height=\"5\" xmlns=\"http://www.w3.org/2000/svg\"><g/></svg>";
        assert_eq!(
            inline_svg(svg),
            "<svg viewBox=\"0 0 10 5\" width=\"10\" height=\"5\"><g/></svg>"
        );
    }
}
