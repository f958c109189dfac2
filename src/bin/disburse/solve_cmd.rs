//! `disburse solve`: the affordability solvers on a scenario — the shortest
//! affordable tenor, the largest upfront share, the largest headline.

use disburse::affordability::{AffordabilityReport, Verdict, largest_headline, largest_upfront_share, shortest_tenor};
use disburse::time::Tenor;
use disburse::{Money, Schedule};
use rust_decimal::Decimal;
use serde::Serialize;

use crate::scenario_cmd::{load, schedules};
use crate::{Failure, Format, SolveArgs, json_line};

#[derive(Serialize)]
struct SolveJson<'a, T: Serialize> {
    question: &'a str,
    accept: Verdict,
    answer: &'a T,
}

/// The answer as text: one line, then the report that proves it.
fn text(question: &str, answer: &str, schedule: &Schedule, report: &AffordabilityReport) -> String {
    let mut s = disburse::text::wrap(question, 100, "    ").join("\n");
    s.push_str(&format!("\nanswer: {answer}\n"));
    s.push_str(&format!(
        "payments: {} from {} to {}\n\n",
        schedule.len(),
        schedule.first_date().map_or_else(String::new, |d| d.to_string()),
        schedule.last_date().map_or_else(String::new, |d| d.to_string())
    ));
    s.push_str(&report.to_string());
    if !s.ends_with('\n') {
        s.push('\n');
    }
    s
}

fn out<T: Serialize>(
    format: Format,
    question: &str,
    accept: Verdict,
    answer: &T,
    line: String,
    schedule: &Schedule,
    report: &AffordabilityReport,
) -> Result<String, Failure> {
    match format {
        Format::Json => json_line(&SolveJson {
            question,
            accept,
            answer,
        }),
        _ => Ok(text(question, &line, schedule, report)),
    }
}

/// `disburse solve [SCENARIO] (--shortest-tenor | --largest-upfront-share |
/// --largest-headline) [...]`.
pub(crate) fn solve(args: &SolveArgs) -> Result<String, Failure> {
    let scenario = load(args.scenario.as_deref())?;
    let Some(assessment) = &scenario.affordability else {
        return Err(Failure::new(format!(
            "{}: has no [affordability] section",
            args.scenario.as_deref().unwrap_or("the built-in scenario")
        )));
    };
    let plans = schedules(&scenario, args.plan.as_deref())?;
    let (plan_name, first) = plans.first().ok_or_else(|| Failure::new("the scenario has no plans"))?;
    let headline = scenario.headline_money();
    // The start: as given, else the first payment of the (first) plan.
    let start = match &args.start {
        Some(s) => crate::input::parse_date("--start", s)?,
        None => first
            .first_date()
            .ok_or_else(|| Failure::new(format!("plan `{plan_name}` has no payment")))?,
    };
    let accept = if args.affordable {
        Verdict::Affordable
    } else {
        Verdict::Strained
    };
    let rule = match accept {
        Verdict::Affordable => "no breach, no borrowing, no year above the strained share",
        _ => "no year in breach",
    };
    if args.shortest_tenor {
        let tenor: Tenor = args
            .tenor
            .parse()
            .map_err(|e: disburse::Error| Failure::new(format!("--tenor: {e}")))?;
        let question = format!(
            "The fewest equal installments of {} every {tenor} from {start} with {rule}",
            headline.compact()
        );
        let a = shortest_tenor(headline, start, tenor, args.max_periods, assessment, accept)?;
        let line = format!("{a}; {} feasibility checks", a.checks);
        return out(args.format, &question, accept, &a, line, &a.schedule, &a.report);
    }
    if args.largest_upfront_share {
        let step: Decimal =
            disburse::text::parse_fraction(&args.step).map_err(|e| Failure::new(format!("--step: {e}")))?;
        let question = format!(
            "The largest share of {} paid on {start}, the rest in {} equal annual installments, with {rule}",
            headline.compact(),
            args.years
        );
        let a = largest_upfront_share(headline, start, args.years, step, assessment, accept)?;
        let line = a.to_string();
        return out(args.format, &question, accept, &a, line, &a.schedule, &a.report);
    }
    // --largest-headline: the plan as written, scaled.
    let plan = scenario
        .plans
        .iter()
        .find(|p| &p.name == plan_name)
        .and_then(|p| match &p.structure {
            disburse::scenario::PlanStructure::Single(plan) => Some(plan),
            disburse::scenario::PlanStructure::Tranches(_) => None,
        })
        .ok_or_else(|| {
            Failure::new(format!(
                "plan `{plan_name}` has tranches; --largest-headline needs a plan with one `plan`"
            ))
        })?;
    let upper = match &args.upper {
        Some(u) => Money::new(
            disburse::text::parse_amount(u).map_err(|e| Failure::new(format!("--upper: {e}")))?,
            headline.currency(),
        ),
        None => headline,
    };
    let precision = Money::new(
        Decimal::new(1, 0)
            .max(upper.amount() / Decimal::from(1_000_000))
            .round_dp(0),
        headline.currency(),
    );
    let minor = Money::new(
        Decimal::new(1, u32::from(headline.currency().minor_units())),
        headline.currency(),
    );
    let question = format!(
        "The largest headline that plan `{plan_name}` can carry, up to {}, with {rule}",
        upper.compact()
    );
    let a = largest_headline(plan, minor, upper, precision, assessment, accept)
        .map_err(|e| Failure::new(format!("plan `{plan_name}`: {e}")))?;
    let line = match a.infeasible_above {
        Some(above) => format!("{a}; {} is not feasible", above.compact()),
        None => format!("{a}; the upper bound itself is feasible"),
    };
    out(args.format, &question, accept, &a, line, &a.schedule, &a.report)
}
