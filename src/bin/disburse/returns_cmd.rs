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
    let plans = schedules(&scenario, args.plan.as_deref())?;
    let report = ReturnsReport::new(&plans, &w.project, &w.waterfall, &rates)?;
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
        Format::Table => Ok(report.document().to_text()),
        Format::Md => Ok(report.document().to_markdown()),
    }
}
