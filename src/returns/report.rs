//! [`ReturnsReport`]: the return-sharing waterfall of several plans, year
//! by year, with recovery, review, the investor's net PV and IRR — what
//! `disburse returns` prints and the HTML report's return-sharing section
//! shows.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;

use super::{ProjectFlows, Waterfall, WaterfallResult, share_returns};
use crate::render::{Align, Column, Digits, Document, Percent, Table};
use crate::valuation::Roots;
use crate::{Currency, Money, PeriodBasis, Result, Schedule};

/// One calendar year of a plan's waterfall, in the outlays' currency.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnsYear {
    /// The calendar year.
    pub year: i32,
    /// What the investor paid in.
    pub outlay: Money,
    /// What the project paid out.
    pub project: Money,
    /// The investor's share.
    pub investor: Money,
    /// The host's share.
    pub host: Money,
    /// The investor's receipts less its outlays, from the first year.
    pub investor_net_cumulative: Money,
}

/// The investor's net present value at one rate.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NetPv {
    /// The discount rate (a fraction).
    pub rate: f64,
    /// The net PV of the investor's receipts less its outlays.
    pub amount: Money,
}

/// One plan's waterfall.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PlanReturns {
    /// The plan's name.
    pub name: String,
    /// When the investor recovered its outlays plus deemed interest.
    pub recovery_date: Option<NaiveDate>,
    /// What was still unrecovered at the end of the project's flows.
    pub unrecovered_balance: Money,
    /// The review clause's years, if any.
    pub review_years: Option<u32>,
    /// Whether the review clause triggers.
    pub review_triggered: bool,
    /// The investor's net PV at each rate.
    pub net_pv: Vec<NetPv>,
    /// The investor's net IRR.
    pub net_irr: Roots,
    /// Every calendar year from the first flow to the last.
    pub years: Vec<ReturnsYear>,
}

/// The waterfall of several plans, year by year, with recovery, review,
/// the investor's net PV and IRR: what `disburse returns` prints and the
/// HTML report's return-sharing section shows.
///
/// ```
/// use disburse::returns::{ProjectFlows, ReturnsReport, Waterfall};
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Commitment::single("p", Money::new(dec!(100.00), Currency::USD), Plan::upfront(jan1))?.schedule()?;
/// let project = ProjectFlows::yield_on_capital(0.10, 5)?;
/// let w = Waterfall::korea_us_2025(0.0)?;
/// let r = ReturnsReport::new(&[("p".into(), s)], &project, &w, &[0.05])?;
/// assert_eq!(r.plans[0].years[0].outlay.amount(), dec!(100.00));
/// assert!(r.document().to_text().starts_with("Return sharing: investor 50% / host 50%"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ReturnsReport {
    /// The terms, in words.
    #[serde(skip)]
    pub terms: String,
    /// One entry per plan, in order.
    pub plans: Vec<PlanReturns>,
}

impl ReturnsReport {
    /// Runs `waterfall` on `project` for each plan, with the investor's
    /// net PV at each of `rates`.
    ///
    /// # Errors
    /// What [`share_returns`], [`WaterfallResult::net_pv`] and
    /// [`WaterfallResult::net_irr`] return, and
    /// [`Error::Overflow`](crate::Error::Overflow) if a year's total does
    /// not fit.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, ReturnsReport, Waterfall};
    /// # use disburse::{Commitment, Currency, Money, Plan};
    /// # use rust_decimal_macros::dec;
    /// # let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let s = Commitment::single("p", Money::new(dec!(100.00), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let w = Waterfall::korea_us_2025(0.0)?;
    /// let r = ReturnsReport::new(&[("p".into(), s)], &ProjectFlows::yield_on_capital(0.10, 5)?, &w, &[])?;
    /// assert!(r.plans[0].net_pv.is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        plans: &[(String, Schedule)],
        project: &ProjectFlows,
        waterfall: &Waterfall,
        rates: &[f64],
    ) -> Result<ReturnsReport> {
        let mut out = Vec::with_capacity(plans.len());
        for (name, s) in plans {
            let r = share_returns(s, project, waterfall)?;
            let net_pv = rates
                .iter()
                .map(|rate| {
                    Ok(NetPv {
                        rate: *rate,
                        amount: r.net_pv(*rate)?,
                    })
                })
                .collect::<Result<Vec<_>>>()?;
            out.push(PlanReturns {
                name: name.clone(),
                recovery_date: r.recovery_date(),
                unrecovered_balance: r.unrecovered_balance(),
                review_years: waterfall.review_years(),
                review_triggered: r.review_triggered(),
                net_pv,
                net_irr: r.net_irr()?,
                years: years(s, &r, s.currency())?,
            });
        }
        let (b, a) = (waterfall.before_recovery(), waterfall.after_recovery());
        let terms = format!(
            "Return sharing: investor {} / host {} until the investor recovers its outlays plus deemed interest at {}, then {} / {}; \
             the capital is each plan's equity (cash) payments (loans and guarantees earn their own interest and fees)",
            Percent::exact(b.investor()),
            Percent::exact(b.host()),
            Percent::new(waterfall.deemed_rate(), Digits::Shortest),
            Percent::exact(a.investor()),
            Percent::exact(a.host())
        );
        Ok(ReturnsReport { terms, plans: out })
    }

    /// The report as a [`Document`]: the terms, then per plan its yearly
    /// table, the recovery, the review, the net PV and IRR.
    ///
    /// ```
    /// # use disburse::returns::{ProjectFlows, ReturnsReport, Waterfall};
    /// # use disburse::{Commitment, Currency, Money, Plan};
    /// # use rust_decimal_macros::dec;
    /// # let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let s = Commitment::single("p", Money::new(dec!(100.00), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// # let w = Waterfall::korea_us_2025(0.0)?;
    /// let r = ReturnsReport::new(&[("p".into(), s)], &ProjectFlows::yield_on_capital(0.10, 5)?, &w, &[0.05])?;
    /// assert_eq!(r.document().tables().count(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document(&self) -> Document {
        let mut d = Document::new();
        d.line(self.terms.clone());
        for p in &self.plans {
            d.blank();
            d.line(p.name.clone());
            d.table(table(&p.years));
            d.line(match p.recovery_date {
                Some(date) => format!("recovered (outlays plus deemed interest) on {date}"),
                None => format!(
                    "not recovered: {} outstanding at the end",
                    p.unrecovered_balance.compact()
                ),
            });
            if let Some(y) = p.review_years {
                let state = if p.review_triggered {
                    "triggered"
                } else {
                    "not triggered"
                };
                d.line(format!("review after {y} years: {state}"));
            }
            let pvs: Vec<String> = p
                .net_pv
                .iter()
                .map(|v| format!("{} at {}", v.amount.compact(), Percent::new(v.rate, Digits::Shortest)))
                .collect();
            d.line(format!("investor net PV: {}", pvs.join(", ")));
            let irr: Vec<String> = p
                .net_irr
                .roots()
                .iter()
                .map(|r| Percent::new(*r, Digits::Fixed(2)).to_string())
                .collect();
            d.line(format!(
                "investor net IRR: {}",
                if irr.is_empty() {
                    "none".to_string()
                } else {
                    irr.join(", ")
                }
            ));
        }
        d
    }
}

/// The yearly totals (outlays, project, investor, host), every calendar
/// year from the first to the last.
fn years(outlays: &Schedule, r: &WaterfallResult, currency: Currency) -> Result<Vec<ReturnsYear>> {
    let mut by_year: BTreeMap<i32, [Money; 4]> = BTreeMap::new();
    let zero = Money::zero(currency);
    for (k, s) in [outlays, r.project_flows(), r.investor_inflows(), r.host_inflows()]
        .into_iter()
        .enumerate()
    {
        for p in s.aggregate(PeriodBasis::CalendarYear)? {
            if let Some(slot) = by_year.entry(p.period.year()).or_insert([zero; 4]).get_mut(k) {
                *slot = slot.checked_add(p.total)?;
            }
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
        out.push(ReturnsYear {
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

/// The yearly waterfall as a table, compact amounts.
fn table(years: &[ReturnsYear]) -> Table {
    let money = |head: &str, pick: fn(&ReturnsYear) -> Money| {
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
