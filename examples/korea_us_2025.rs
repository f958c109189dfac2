//! The Korea–US strategic investment of 2025: can Korea afford the plans
//! that were on the table?
//!
//! Run with `cargo run --release --example korea_us_2025`.
//!
//! Sourced figures (see `shared/reference/deals_2025.md` for every source):
//! - headline $350B = $200B cash + $150B shipbuilding cooperation (White
//!   House fact sheet via Reuters, 2025-11-14);
//! - the US demanded "$350 billion … upfront" (Reuters, 2025-09-28), asked
//!   for $25B a year for 8 years; Seoul said at most $15B a year (Korea
//!   JoongAng Daily, 2025-10-25); the deal caps cash at $20B per calendar
//!   year (joint fact sheet, 2025-11-14);
//! - FX reserves $428.82B at end-October 2025 (Korea JoongAng Daily,
//!   2025-11-05); income on reserves about $15B a year (finance minister,
//!   Chosun Biz 2025-10-30), $9.5B by an opposition estimate (Asia Today,
//!   2025-11-06); the FX market absorbs $15–20B a year without shock
//!   (Chosun Biz, 2025-10-29); KRW/USD about 1,430 (Chosun Biz, 2025-10-29);
//! - funding: reserve income first, government-guaranteed USD bonds for the
//!   shortfall, reserve principal not used (Asia Economy, 2025-11-11);
//! - profits 50:50 until Korea recovers principal plus deemed interest, then
//!   10:90 (Asia Economy, 2025-10-29); a 20-year review clause (Newspim,
//!   2025-11-14).
//!
//! Assumptions (not sourced; labelled where used): every plan starts on
//! 2026-01-01 with payments each 1 January (a call pattern that fills the cap
//! every year); the $150B shipbuilding part is guarantees, not sovereign
//! cash, so only the cash is tested against capacity except in the
//! full-upfront demand; bonds cost 4% a year (the minister put a currency
//! swap at about 4%) and are rolled over, their interest paid for 20 years
//! after the last outlay; present values at 4.5%; the deemed interest is 4%;
//! project yields of 10% and 12% a year on the capital invested, each
//! payment earning from the day it is paid (pro rata); no terminal value, or
//! the capital back in full after 40 years.

use std::error::Error;

use chrono::NaiveDate;
use disburse::affordability::{
    Assessment, Capacity, Constraint, Funding, FundingSource, FxPath, Stock, Verdict, largest_upfront_share,
    shortest_tenor,
};
use disburse::returns::{Accrual, ProjectFlows, TerminalValue, Waterfall, share_returns};
use disburse::time::Tenor;
use disburse::valuation::present_value_whole_periods;
use disburse::{AnnualCap, Commitment, Currency, FiscalYear, Money, Plan, Schedule};
use rust_decimal::Decimal;

/// Years the bonds are serviced after the last outlay (assumption).
const SERVICE_YEARS: u32 = 20;

/// USD billions as a `Decimal`.
fn usd_bn(x: i64) -> Decimal {
    Decimal::from(x) * Decimal::from(1_000_000_000i64)
}

/// Reserve income as a yield on $428.82B.
fn reserve_yield(income_bn: f64) -> f64 {
    income_bn / 428.82
}

fn main() -> Result<(), Box<dyn Error>> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("bad date")?;
    let krw_per_usd = Decimal::from(1_430);
    let fx = FxPath::flat(Currency::USD, Currency::KRW, krw_per_usd)?;
    let reserves_usd = Decimal::new(42_882, 2) * Decimal::from(1_000_000_000i64);

    // ---- the plans -----------------------------------------------------------
    let usd = |x: Decimal| Money::new(x, Currency::USD);
    let cash = usd(usd_bn(200));
    let upfront = Commitment::single("US demand: $350B upfront", usd(usd_bn(350)), Plan::upfront(start))?;
    let us_proposal = Commitment::single(
        "US proposal: $25B a year for 8 years",
        cash,
        Plan::installments(start, 8, Tenor::years(1)),
    )?;
    let korea_position = Commitment::single(
        "Korea: at most $15B a year",
        cash,
        Plan::AnnualCap(AnnualCap::new(start, usd_bn(15))),
    )?;
    let agreed = Commitment::single(
        "Agreed: at most $20B a year (cap filled)",
        cash,
        Plan::AnnualCap(AnnualCap::new(start, usd_bn(20))),
    )?;
    let plans = [&upfront, &us_proposal, &korea_position, &agreed];

    println!("Korea–US strategic investment, 2025 (figures sourced; assumptions labelled in the source)");
    println!();
    let left = (reserves_usd - usd_bn(350)) / reserves_usd * Decimal::from(100);
    println!(
        "Paying $350B upfront would leave {:.1}% of the $428.82B of reserves (it is {:.1}% of them).",
        left.round_dp(1),
        (Decimal::from(100) - left).round_dp(1)
    );
    println!();

    // ---- capacity: two views of reserve income, the FX market's absorption ----
    for (label, income_bn, absorption_bn) in [
        (
            "minister: reserve income $15B a year; FX absorption $20B a year",
            15.0,
            20,
        ),
        (
            "opposition: reserve income $9.5B a year; FX absorption $20B a year",
            9.5,
            20,
        ),
        (
            "minister: reserve income $15B a year; FX absorption $15B a year",
            15.0,
            15,
        ),
    ] {
        let capacity = Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![
                // The FX market absorbs $15–20B a year (both ends), in won.
                Constraint::fixed_cap("FX market absorption", usd_bn(absorption_bn) * krw_per_usd),
                Constraint::Stock(Stock::new(
                    "FX reserves",
                    2026,
                    reserves_usd * krw_per_usd,
                    reserve_yield(income_bn),
                )),
            ],
        )?;
        // Reserve income first, then guaranteed bonds at 4% (assumption);
        // principal is not used.
        let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.045)?
            .with_service_years(SERVICE_YEARS);
        let assessment = Assessment::new(capacity).fx(fx.clone()).funding(funding);
        println!("== Capacity: {label}; KRW/USD 1,430");
        println!(
            "{:<44} {:>6} {:>10} {:>14} {:>12} {:>14}  verdict",
            "plan", "years", "PV @4.5%", "max share", "bonds", "PV interest*"
        );
        for c in plans {
            let s = c.schedule()?;
            let report = assessment.assess(&s)?;
            let pv = present_value_whole_periods(&s, 0.045, start, Tenor::years(1))?;
            let sm = &report.summary;
            let share = sm
                .largest_share
                .as_ref()
                .and_then(|y| y.share)
                .map_or_else(|| "unbounded".to_string(), |x| format!("{:.0}%", x * 100.0));
            println!(
                "{:<44} {:>6} {:>10} {:>14} {:>12} {:>14}  {:?}",
                c.name(),
                years_to_complete(&s),
                pv.compact().to_string(),
                share,
                in_usd(sm.total_borrowed, &fx)?,
                in_usd(sm.pv_interest, &fx)?,
                sm.verdict
            );
        }
        println!();
    }

    println!("PV: whole years from 2026-01-01, annual compounding (every payment falls on 1 January)");
    println!(
        "* interest on the bonds for {SERVICE_YEARS} years after the last outlay (assumption: rolled over, not repaid), funded from reserve income first"
    );
    println!();

    // ---- the agreed structure, year by year ---------------------------------
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![
            Constraint::fixed_cap("FX market absorption", usd_bn(20) * krw_per_usd),
            Constraint::Stock(Stock::new(
                "FX reserves",
                2026,
                reserves_usd * krw_per_usd,
                reserve_yield(15.0),
            )),
        ],
    )?;
    let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.045)?
        .with_service_years(SERVICE_YEARS);
    let within = Assessment::new(capacity).fx(fx.clone()).funding(funding);
    let agreed_schedule = agreed.schedule()?;
    let report = within.assess(&agreed_schedule)?;
    println!("== The agreed structure against reserve income of $15B and bonds at 4%");
    println!("{report}");
    println!();

    // ---- what would fit: the solvers -----------------------------------------
    println!("== What fits (reserve income $15B, FX absorption $20B, bonds at 4%)");
    let fastest = shortest_tenor(cash, start, Tenor::years(1), 40, &within, Verdict::Strained)?;
    println!(
        "fewest equal annual payments of the $200B without a breach: {}",
        fastest.periods
    );
    let unstrained = shortest_tenor(cash, start, Tenor::years(1), 40, &within, Verdict::Affordable)?;
    println!(
        "fewest with no bonds and at most 80% of capacity used: {}",
        unstrained.periods
    );
    let share = largest_upfront_share(cash, start, 10, Decimal::new(1, 2), &within, Verdict::Strained)?;
    println!("largest upfront share, the rest over 10 years: {}", share);
    println!();

    // ---- who gets the returns: the 50:50 → 10:90 waterfall --------------------
    // Assumptions: project yields of 10% and 12% a year for 40 years on the
    // capital invested, each $20B earning from the day it is paid (pro rata;
    // paid on 1 January, so from the next anniversary); either no terminal
    // value, or the capital returned in full at the end of the 40 years.
    println!("== Return sharing on the $200B of cash (assumed project yields; deemed interest 4%)");
    println!("capital earns from the day it is paid (pro rata by actual days in the yield year)");
    println!(
        "{:>6}  {:<20} {:<35} {:>9} {:>7}  20-year review",
        "yield", "terminal value", "principal + deemed interest", "PV @4.5%", "IRR"
    );
    for yield_rate in [0.10, 0.12] {
        for terminal in [None, Some(TerminalValue::share_of_capital(Decimal::ONE)?)] {
            let mut project = ProjectFlows::yield_on_capital(yield_rate, 40)?.with_accrual(Accrual::ProRata)?;
            if let Some(t) = terminal {
                project = project.with_terminal_value(t)?;
            }
            let result = share_returns(&agreed_schedule, &project, &Waterfall::korea_us_2025(0.04)?)?;
            let recovered = result.recovery_date().map_or_else(
                || format!("not recovered ({} outstanding)", result.unrecovered_balance().compact()),
                |d| format!("recovered {d}"),
            );
            let irr = result.net_irr()?;
            println!(
                "{:>5.1}%  {:<20} {:<35} {:>9} {:>7}  {}",
                yield_rate * 100.0,
                if terminal.is_some() {
                    "capital back at end"
                } else {
                    "none"
                },
                recovered,
                result.net_pv(0.045)?.compact().to_string(),
                irr.roots()
                    .first()
                    .map_or_else(|| "none".to_string(), |r| format!("{:.2}%", r * 100.0)),
                if result.review_triggered() { "triggered" } else { "no" },
            );
        }
    }
    Ok(())
}

/// Calendar years from the first payment to the last, inclusive.
fn years_to_complete(s: &Schedule) -> i32 {
    use chrono::Datelike;
    match (s.first_date(), s.last_date()) {
        (Some(a), Some(b)) => b.year() - a.year() + 1,
        _ => 0,
    }
}

/// A won amount shown in US dollars at the flat rate.
fn in_usd(m: Money, fx: &FxPath) -> Result<String, Box<dyn Error>> {
    Ok(fx.convert(m, 2026)?.compact().to_string())
}
