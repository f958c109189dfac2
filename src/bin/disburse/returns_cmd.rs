//! `disburse returns`: the return-sharing waterfall of a scenario's plans,
//! year by year.

use std::collections::BTreeMap;

use disburse::render::{Align, Column, Digits, Percent, Table};
use disburse::returns::{WaterfallResult, share_returns};
use disburse::valuation::Roots;
use disburse::{Currency, Money, PeriodBasis, Schedule};
use serde::Serialize;

use crate::scenario_cmd::{load, schedules, valuation};
use crate::{Failure, Format, ReturnsArgs, json_line};

/// One calendar year of the waterfall, in the outlays' currency.
#[derive(Serialize)]
struct YearJson {
    year: i32,
    /// What the investor paid in.
    outlay: Money,
    /// What the project paid out.
    project: Money,
    /// The investor's share.
    investor: Money,
    /// The host's share.
    host: Money,
    /// The investor's receipts less its outlays, from the first year.
    investor_net_cumulative: Money,
}

/// The investor's net present value at one rate.
#[derive(Serialize)]
struct PvJson {
    rate: f64,
    amount: Money,
}

#[derive(Serialize)]
struct PlanJson<'a> {
    name: &'a str,
    /// When the investor recovered its outlays plus deemed interest.
    recovery_date: Option<chrono::NaiveDate>,
    /// What was still unrecovered at the end of the project's flows.
    unrecovered_balance: Money,
    /// The review clause's years, if any, and whether it triggers.
    review_years: Option<u32>,
    review_triggered: bool,
    net_pv: Vec<PvJson>,
    net_irr: Roots,
    years: Vec<YearJson>,
}

#[derive(Serialize)]
struct ReturnsJson<'a> {
    plans: Vec<PlanJson<'a>>,
}

/// The yearly totals of `schedules` (outlays, project, investor, host),
/// every calendar year from the first to the last.
fn years(outlays: &Schedule, r: &WaterfallResult, currency: Currency) -> Result<Vec<YearJson>, Failure> {
    let mut by_year: BTreeMap<i32, [Money; 4]> = BTreeMap::new();
    let zero = Money::zero(currency);
    for (k, s) in [outlays, r.project_flows(), r.investor_inflows(), r.host_inflows()]
        .into_iter()
        .enumerate()
    {
        for p in s.aggregate(PeriodBasis::CalendarYear)? {
            let slot = &mut by_year.entry(p.period.year()).or_insert([zero; 4])[k];
            *slot = slot.checked_add(p.total)?;
        }
    }
    let (Some(first), Some(last)) = (by_year.keys().next().copied(), by_year.keys().last().copied()) else {
        return Ok(Vec::new());
    };
    let mut net = zero;
    let mut out = Vec::with_capacity(by_year.len());
    for year in first..=last {
        let [outlay, project, investor, host] = by_year.get(&year).copied().unwrap_or([zero; 4]);
        net = net.checked_add(investor)?.checked_sub(outlay)?;
        out.push(YearJson {
            year,
            outlay,
            project,
            investor,
            host,
            investor_net_cumulative: net,
        });
    }
    Ok(out)
}

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
    let plans: Vec<&(String, Schedule)> = capital
        .iter()
        .filter(|(n, s)| chosen.iter().any(|(c, _)| c == n) && !s.is_empty())
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
    let mut out = Vec::with_capacity(plans.len());
    for (name, s) in plans.iter().copied() {
        let r = share_returns(s, &w.project, &w.waterfall).map_err(|e| Failure::new(format!("plan `{name}`: {e}")))?;
        let net_pv = rates
            .iter()
            .map(|rate| {
                Ok(PvJson {
                    rate: *rate,
                    amount: r.net_pv(*rate)?,
                })
            })
            .collect::<disburse::Result<Vec<_>>>()?;
        out.push(PlanJson {
            name,
            recovery_date: r.recovery_date(),
            unrecovered_balance: r.unrecovered_balance(),
            review_years: w.waterfall.review_years(),
            review_triggered: r.review_triggered(),
            net_pv,
            net_irr: r.net_irr()?,
            years: years(s, &r, s.currency())?,
        });
    }
    match args.format {
        Format::Json => json_line(&ReturnsJson { plans: out }),
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
            let cell = |m: Money| format!("{:.*}", usize::from(m.currency().minor_units()), m.amount());
            let rows = out.iter().flat_map(|p| {
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
        Format::Table => {
            let (b, a) = (w.waterfall.before_recovery(), w.waterfall.after_recovery());
            let mut text = format!(
                "Return sharing: investor {} / host {} until the investor recovers its outlays plus deemed\n\
                 interest at {}, then {} / {}\n",
                Percent::exact(b.investor()),
                Percent::exact(b.host()),
                Percent::new(w.waterfall.deemed_rate(), Digits::Shortest),
                Percent::exact(a.investor()),
                Percent::exact(a.host())
            );
            text.push_str(
                "capital: each plan's equity (cash) payments; loans and guarantees earn their own interest and fees\n",
            );
            if !without.is_empty() {
                text.push_str(&format!("no equity to share: {}\n", without.join(", ")));
            }
            for p in &out {
                text.push('\n');
                text.push_str(&format!("{}\n", p.name));
                text.push_str(&table(&p.years).to_string());
                let recovery = match p.recovery_date {
                    Some(d) => format!("recovered (outlays plus deemed interest) on {d}"),
                    None => format!(
                        "not recovered: {} outstanding at the end",
                        p.unrecovered_balance.compact()
                    ),
                };
                text.push_str(&format!("{recovery}\n"));
                if let Some(y) = p.review_years {
                    let state = if p.review_triggered {
                        "triggered"
                    } else {
                        "not triggered"
                    };
                    text.push_str(&format!("review after {y} years: {state}\n"));
                }
                let pvs: Vec<String> = p
                    .net_pv
                    .iter()
                    .map(|v| format!("{} at {}", v.amount.compact(), Percent::new(v.rate, Digits::Shortest)))
                    .collect();
                text.push_str(&format!("investor net PV: {}\n", pvs.join(", ")));
                let irr: Vec<String> = p
                    .net_irr
                    .roots()
                    .iter()
                    .map(|r| Percent::new(*r, Digits::Fixed(2)).to_string())
                    .collect();
                text.push_str(&format!(
                    "investor net IRR: {}\n",
                    if irr.is_empty() {
                        "none".to_string()
                    } else {
                        irr.join(", ")
                    }
                ));
            }
            Ok(text)
        }
    }
}

/// The yearly waterfall as a table, compact amounts.
fn table(years: &[YearJson]) -> Table {
    let money = |head: &str, pick: fn(&YearJson) -> Money| {
        Column::new(Align::Right)
            .header([head])
            .cells(years.iter().map(|y| pick(y).compact().to_string()))
    };
    Table::new(vec![
        Column::new(Align::Left)
            .header(["year"])
            .cells(years.iter().map(|y| y.year.to_string())),
        money("outlay", |y| y.outlay),
        money("project", |y| y.project),
        money("investor", |y| y.investor),
        money("host", |y| y.host),
        money("investor net", |y| y.investor_net_cumulative),
    ])
}
