//! `disburse returns`: the return-sharing waterfall of a scenario's plans,
//! year by year.

use disburse::returns::ReturnsReport;

use crate::scenario_cmd::{load, schedules, valuation};
use crate::{Failure, Format, ReturnsArgs, json_line};

/// `disburse returns [SCENARIO] [--plan NAME] [--format table|json|csv]`.
pub(crate) fn returns(args: &ReturnsArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let Some(w) = &scenario.waterfall else {
        return Err(Failure::new(format!(
            "{}: has no [waterfall] section",
            args.scenario.as_deref().unwrap_or("the built-in scenario")
        )));
    };
    let all = schedules(&scenario, None)?;
    let rates = valuation(&scenario, &all)?.rates().to_vec();
    let chosen = schedules(&scenario, args.plan.as_deref())?;
    // The waterfall shares the returns of the equity (cash) payments only:
    // loans and guarantees earn their interest and fees instead.
    let capital = scenario.waterfall_outlays().map_err(|e| Failure::new(e.to_string()))?;
    let plans: Vec<(String, disburse::Schedule)> = capital
        .iter()
        .filter(|(n, s)| chosen.iter().any(|(c, _)| c == n) && !s.is_empty())
        .cloned()
        .collect();
    let without: Vec<&str> = capital
        .iter()
        .filter(|(n, s)| chosen.iter().any(|(c, _)| c == n) && s.is_empty())
        .map(|(n, _)| n.as_str())
        .collect();
    if plans.is_empty() {
        return Err(Failure::new(format!(
            "no plan has equity (cash) to share the returns of: {}",
            without.join(", ")
        )));
    }
    let report = ReturnsReport::new(&plans, &w.project, &w.waterfall, &rates)?;
    let document = || {
        let mut d = report.document();
        if !without.is_empty() {
            d.blank();
            d.line(format!("no equity to share: {}", without.join(", ")));
        }
        d
    };
    match args.format {
        Format::Json => json_line(&report),
        Format::Csv => {
            let header = [
                "plan",
                "year",
                "currency",
                "outlay",
                "project",
                "investor",
                "host",
                "investor_net_cumulative",
            ]
            .map(String::from)
            .to_vec();
            // Amounts at the currency's minor units, one scale per column.
            let cell = disburse::render::csv::amount;
            let rows = report.plans.iter().flat_map(|p| {
                p.years.iter().map(move |y| {
                    vec![
                        p.name.to_string(),
                        y.year.to_string(),
                        y.outlay.currency().code().to_string(),
                        cell(y.outlay),
                        cell(y.project),
                        cell(y.investor),
                        cell(y.host),
                        cell(y.investor_net_cumulative),
                    ]
                })
            });
            Ok(disburse::render::csv::to_string(std::iter::once(header).chain(rows))?)
        }
        Format::Table => Ok(document().to_text()),
        Format::Md => Ok(document().to_markdown()),
    }
}
