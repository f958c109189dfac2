//! `disburse risk`: the probability that each plan breaks the payer, by
//! year, from the scenario's `[risk]` section.

use std::io::IsTerminal;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use disburse::render;
use disburse::risk::{PlanRisk, RiskModel, RiskReport};

use crate::scenario_cmd::{load, schedules};
use crate::{Failure, Format, RiskArgs, json_line};

/// `disburse risk [SCENARIO] [--paths N] [--seed S] [--plan NAME]
/// [--format table|json|csv] [--chart FILE.svg] [--fan debt|reserves|share]`.
pub(crate) fn risk(args: &RiskArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let name = args.scenario.as_deref().unwrap_or("built-in scenario");
    let Some(a) = &scenario.affordability else {
        return Err(Failure::new(format!("{name}: has no [affordability] section")));
    };
    let mut model = scenario.risk.clone().unwrap_or_default();
    if let Some(n) = args.paths {
        model = model.paths(n)?;
    }
    if let Some(s) = args.seed {
        model = model.seed(s);
    }
    // Plans by their instruments: loans' defaults and guarantees' calls
    // are drawn on each path.
    let chosen = schedules(&scenario, args.plan.as_deref())?;
    let plans: Vec<(String, disburse::Commitment)> = scenario
        .commitments()
        .map_err(|e| Failure::new(e.to_string()))?
        .into_iter()
        .filter(|(n, _)| chosen.iter().any(|(c, _)| c == n))
        .collect();
    let report = with_progress(&model, plans.len(), |progress| {
        model.simulate_commitments_with_progress(a, &plans, progress)
    })?;
    if let Some(path) = &args.chart {
        write_chart(&report, path, args.fan)?;
    }
    match args.format {
        Format::Table => Ok(report.to_string()),
        Format::Json => json_line(&report),
        Format::Csv => Ok(csv(&report)?),
        Format::Md => Ok(report.document().to_markdown()),
    }
}

/// Runs `f` with a progress bar on stderr when stderr is a terminal, not
/// in CI, and the run has taken more than a second.
fn with_progress<T>(
    model: &RiskModel,
    plans: usize,
    f: impl FnOnce(&(dyn Fn(usize, u64) + Sync)) -> disburse::Result<T>,
) -> Result<T, Failure> {
    let interactive = std::io::stderr().is_terminal() && std::env::var_os("CI").is_none();
    let total = model.path_count().saturating_mul(plans as u64);
    let start = Instant::now();
    let bar: Mutex<Option<indicatif::ProgressBar>> = Mutex::new(None);
    // Paths done per plan (every plan advances with each block of paths).
    let done_by_plan: Vec<std::sync::atomic::AtomicU64> =
        (0..plans).map(|_| std::sync::atomic::AtomicU64::new(0)).collect();
    let progress = |plan: usize, done: u64| {
        if let Some(d) = done_by_plan.get(plan) {
            d.store(done, std::sync::atomic::Ordering::Relaxed);
        }
        if !interactive || start.elapsed() < Duration::from_secs(1) {
            return;
        }
        if let Ok(mut b) = bar.lock() {
            let pb = b.get_or_insert_with(|| {
                let pb = indicatif::ProgressBar::new(total);
                pb.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                pb
            });
            let sum = done_by_plan
                .iter()
                .map(|d| d.load(std::sync::atomic::Ordering::Relaxed))
                .fold(0u64, u64::saturating_add);
            pb.set_position(sum);
        }
    };
    let out = f(&progress);
    if let Ok(mut b) = bar.lock() {
        if let Some(pb) = b.take() {
            pb.finish_and_clear();
        }
    }
    Ok(out?)
}

/// CSV: one line per plan and year.
fn csv(report: &RiskReport) -> disburse::Result<String> {
    let header = [
        "plan",
        "year",
        "paths",
        "breach_probability",
        "standard_error",
        "breach_probability_without_clause",
        "deferral_probability",
        "share_used_p50",
        "share_used_p95",
        "currency",
        "debt_p5",
        "debt_p50",
        "debt_p95",
        "reserves_p5",
        "adequacy_p5",
        "verdict",
        "verdict_settled",
        "reserves_currency",
        "baseline_breach",
        "baseline_share_used",
        "baseline_debt",
        "baseline_reserves",
    ];
    let num = |x: Option<f64>| x.map_or_else(String::new, |v| v.to_string());
    let mut rows: Vec<Vec<String>> = vec![header.iter().map(|s| s.to_string()).collect()];
    for p in &report.plans {
        // Debt at the payer currency's minor units, reserves at the
        // stock's; the baseline's amounts exactly.
        let in_units = |units: u8| {
            let units = usize::from(units);
            move |x: Option<f64>| {
                x.map_or_else(String::new, |v| {
                    if v.is_finite() {
                        format!("{v:.units$}")
                    } else {
                        v.to_string()
                    }
                })
            }
        };
        let money = in_units(p.currency.minor_units());
        let stock = p.stock_currency.unwrap_or(p.currency);
        let reserves = in_units(stock.minor_units());
        for y in &p.years {
            let b = y.baseline.as_ref();
            rows.push(vec![
                p.name.clone(),
                y.year.to_string(),
                y.paths.to_string(),
                y.breach_probability.to_string(),
                y.standard_error.to_string(),
                num(y.breach_probability_without_clause),
                num(y.deferral_probability),
                num(y.share_used.map(|d| d.p50)),
                num(y.share_used.map(|d| d.p95)),
                p.currency.code().to_string(),
                money(y.debt.map(|d| d.p5)),
                money(y.debt.map(|d| d.p50)),
                money(y.debt.map(|d| d.p95)),
                reserves(y.reserves.map(|d| d.p5)),
                num(y.adequacy.map(|d| d.p5)),
                p.verdict.to_string(),
                p.settled.to_string(),
                p.stock_currency.map_or_else(String::new, |c| c.code().to_string()),
                b.map_or_else(String::new, |b| b.breach.to_string()),
                num(b.map(|b| b.share_used)),
                b.map_or_else(String::new, |b| exact(b.debt)),
                b.and_then(|b| b.reserves).map_or_else(String::new, exact),
            ]);
        }
    }
    render::csv::to_string(rows)
}

/// An exact amount at (at least) its currency's minor units.
fn exact(m: disburse::Money) -> String {
    let units = usize::from(m.currency().minor_units()).max(m.amount().scale() as usize);
    format!("{:.units$}", m.amount())
}

/// Writes the fan chart of every plan into one SVG (or PNG) file.
fn write_chart(report: &RiskReport, path: &str, fan: crate::Fan) -> Result<(), Failure> {
    let metric = match fan {
        crate::Fan::Debt => disburse::chart::FanMetric::Debt,
        crate::Fan::Reserves => disburse::chart::FanMetric::Reserves,
        crate::Fan::Share => disburse::chart::FanMetric::ShareUsed,
    };
    let plans: Vec<&PlanRisk> = report.plans.iter().collect();
    let svg = disburse::chart::fan_chart_svg(&plans, metric, report.paths, report.seed, 1000)?;
    let (_, kind) = crate::scenario_cmd::chart_kind(path)?;
    crate::scenario_cmd::write_chart(std::path::Path::new(path), &svg, kind)
}
