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
//! full-upfront demand; the bonds are in dollars, cost 4% a year (the
//! minister put a currency swap at about 4%) and are 10-year bullets, at
//! most $20B of new bonds a year, repaid from reserve income when due and
//! refinanced where it falls short;
//! reserves must stay above three months of imports (about $632B of goods
//! imports in 2024, growing 2% a year); the swap-line variant (no swap was
//! agreed) assumes a $50B line at 4% with one-year drawings rolled up to
//! four times; present values at 4.5%; the deemed interest is 4%; project
//! yields of 10% and 12% a year on the capital invested, each payment
//! earning from the day it is paid (pro rata); no terminal value, or the
//! capital back in full after 40 years.

use std::error::Error;

use chrono::NaiveDate;
use disburse::affordability::{
    AdequacyFloor, Assessment, Capacity, Constraint, DebtProfile, Funding, FundingSource, FxPath, Stock, Verdict,
    largest_upfront_share, shortest_tenor,
};
use disburse::returns::{Accrual, ProjectFlows, TerminalValue, Waterfall, share_returns};
use disburse::time::Tenor;
use disburse::valuation::present_value_whole_periods;
use disburse::{AnnualCap, Commitment, Currency, FiscalYear, Money, Plan, Schedule};
use rust_decimal::Decimal;

/// Government-guaranteed dollar bonds at 4%, 10-year bullets, at most $20B
/// of new bonds a year (assumptions; the dollar denomination is sourced).
fn dollar_bonds() -> FundingSource {
    FundingSource::Borrowing {
        coupon: 0.04,
        limit_per_year: Some(usd_bn(20)),
        currency: Some(Currency::USD),
        tenor: 10,
        profile: DebtProfile::Bullet,
    }
}

/// Korea's capacity in won: the FX market absorbs `absorption_bn` dollars a
/// year of won converted; the reserves are held in dollars, earn
/// `income_bn` a year on $428.82B and must stay above three months of
/// imports (assumption).
fn korea_capacity(
    reserves_usd: Decimal,
    income_bn: f64,
    absorption_bn: i64,
    krw_per_usd: Decimal,
) -> Result<Capacity, Box<dyn Error>> {
    let floor = AdequacyFloor::MonthsOfImports {
        months: Decimal::from(3),
        imports: usd_bn(632),
        base_year: 2024,
        growth: 0.02,
    };
    Ok(Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![
            Constraint::conversion_cap("FX market absorption", usd_bn(absorption_bn) * krw_per_usd),
            Constraint::Stock(
                Stock::new("FX reserves", 2026, reserves_usd, reserve_yield(income_bn))
                    .in_currency(Currency::USD)
                    .with_adequacy_floor(floor),
            ),
        ],
    )?)
}

/// USD billions as a `Decimal`.
fn usd_bn(x: i64) -> Decimal {
    Decimal::from(x) * Decimal::from(1_000_000_000i64)
}

/// Reserve income as a yield on $428.82B, to five decimals (3.498% for
/// $15B).
fn reserve_yield(income_bn: f64) -> f64 {
    (income_bn / 428.82 * 1e5).round() / 1e5
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
    // The third view pays the shortfall in won instead of dollar bonds: a
    // budget of ₩30T a year (assumption), converted into dollars within the
    // FX market's absorption.
    let won_budget = FundingSource::Budget {
        amount_per_year: Decimal::from(30_000_000_000_000i64),
    };
    for (label, income_bn, absorption_bn, shortfall) in [
        (
            "minister: reserve income $15B a year; the rest in dollar bonds",
            15.0,
            20,
            dollar_bonds(),
        ),
        (
            "opposition: reserve income $9.5B a year; the rest in dollar bonds",
            9.5,
            20,
            dollar_bonds(),
        ),
        (
            "minister: reserve income $15B a year; the rest in won, FX absorption $15B a year",
            15.0,
            15,
            won_budget.clone(),
        ),
    ] {
        let capacity = korea_capacity(reserves_usd, income_bn, absorption_bn, krw_per_usd)?;
        // Reserve income first, then the shortfall source; reserve
        // principal is not used.
        let funding = Funding::new(vec![FundingSource::StockIncome, shortfall], 0.045)?;
        let assessment = Assessment::new(capacity).fx(fx.clone()).funding(funding);
        println!("== Capacity: {label}; KRW/USD 1,430");
        println!(
            "{:<44} {:>5} {:>9} {:>9} {:>9} {:>9} {:>9}  verdict",
            "plan", "years", "PV @4.5%", "bonds", "repaid", "left*", "cost**"
        );
        let mut converted = Vec::new();
        for c in plans {
            let s = c.schedule()?;
            let report = assessment.assess(&s)?;
            let pv = present_value_whole_periods(&s, 0.045, start, Tenor::years(1))?;
            let sm = &report.summary;
            println!(
                "{:<44} {:>5} {:>9} {:>9} {:>9} {:>9} {:>9}  {:?}",
                c.name(),
                years_to_complete(&s),
                pv.compact().to_string(),
                in_usd(sm.total_borrowed, &fx)?,
                in_usd(sm.total_repaid, &fx)?,
                in_usd(sm.final_debt, &fx)?,
                in_usd(sm.funding_cost, &fx)?,
                sm.verdict
            );
            if sm.total_converted.is_positive() {
                converted.push(format!(
                    "{}: {} of won converted{}",
                    c.name(),
                    sm.total_converted.compact(),
                    sm.years_in_breach
                        .first()
                        .map_or_else(String::new, |y| format!(", first unfunded year {y}"))
                ));
            }
        }
        for line in converted {
            println!("   {line}");
        }
        println!();
    }

    println!("PV: whole years from 2026-01-01, annual compounding (every payment falls on 1 January)");
    println!("*  bonds still outstanding when the last bond issued during the outlays falls due (the horizon)");
    println!("** total funding cost: PV at 4.5% of interest, principal repaid and the debt left at the horizon");
    println!();

    // ---- the agreed structure, year by year ---------------------------------
    let capacity = korea_capacity(reserves_usd, 15.0, 20, krw_per_usd)?;
    let funding = Funding::new(vec![FundingSource::StockIncome, dollar_bonds()], 0.045)?;
    let within = Assessment::new(capacity).fx(fx.clone()).funding(funding);
    let agreed_schedule = agreed.schedule()?;
    let report = within.assess(&agreed_schedule)?;
    println!("== The agreed structure against reserve income of $15B and dollar bonds at 4%");
    println!("{report}");
    println!();

    // ---- a variant: a currency swap line (asked for, not agreed) ------------
    // ASSUMPTION: a $50B line at 4% (the minister's figure for a swap), one-
    // year drawings rolled over up to four times, drawn after reserve
    // income and before bonds.
    let capacity = korea_capacity(reserves_usd, 15.0, 20, krw_per_usd)?;
    let with_swap = Funding::new(
        vec![
            FundingSource::StockIncome,
            FundingSource::swap_line(usd_bn(50), 0.04, 1, 4),
            dollar_bonds(),
        ],
        0.045,
    )?;
    let swap = Assessment::new(capacity)
        .fx(fx.clone())
        .funding(with_swap)
        .assess(&agreed_schedule)?;
    println!("== The agreed structure with a $50B swap line (assumption) before the bonds");
    println!("{swap}");
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
