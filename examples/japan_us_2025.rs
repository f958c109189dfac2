//! The Japan–US strategic investment of 2025: $550B by capital calls.
//!
//! Run with `cargo run --release --example japan_us_2025`.
//!
//! Sourced figures (see `shared/reference/deals_2025.md` for every source):
//! - MOU signed 2025-09-04; $550B funded "from time to time" until
//!   2029-01-19, not upfront (AFP 2025-10-01; Bloomberg 2025-09);
//! - the US notifies a capital call and Japan funds at least 45 days later
//!   (Reuters Japanese summary, 2025-09-05; the wording is uncertain, so the
//!   notice is counted in calendar days here);
//! - profits 50:50 until the deemed allocation (principal plus deemed
//!   interest) is recovered, then 90:10 to the US (CSIS; St. Louis Fed,
//!   2025-11);
//! - deemed interest: six-month SOFR (about 4%) plus a spread set by project
//!   risk and length (Katz, 2025-09);
//! - the first tranche, $36B, announced 2026-02-18: a $33B Ohio gas plant,
//!   a $2.1B Texas crude terminal, a $0.6B Georgia diamond plant (several
//!   outlets, 2026-02-18).
//!
//! Assumptions (not sourced): the $36B is noticed on 2026-02-18; the other
//! $514B is called in eleven equal quarterly calls noticed on the 15th of
//! February, May, August and November from May 2026 to November 2028, so the
//! last one falls due before 2029-01-19; notices and due dates on a
//! weekends-only calendar; a spread of 1% over SOFR (deemed interest 5%);
//! project yields of 8% and 12% a year on the capital invested (each payment
//! earning from the day it is paid); present values
//! at 4.5%.

use std::error::Error;

use chrono::NaiveDate;
use disburse::returns::{ProjectFlows, Split, Waterfall, share_returns};
use disburse::time::{Calendar, Tenor};
use disburse::valuation::present_value_whole_periods;
use disburse::{Call, CapitalCalls, Commitment, Currency, Money, NoticeBasis, PeriodBasis, Plan};
use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn Error>> {
    let date = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).ok_or("bad date");
    let billion = Decimal::from(1_000_000_000i64);
    let usd = |x: Decimal| Money::new(x, Currency::USD);
    let headline = usd(Decimal::from(550) * billion);
    let first = usd(Decimal::from(36) * billion);

    // The first tranche, then eleven equal quarterly calls (assumption).
    let mut calls = vec![Call {
        notice: date(2026, 2, 18)?,
        amount: first.amount(),
    }];
    let rest = headline.checked_sub(first)?.split_evenly(11)?;
    let mut notice = date(2026, 5, 15)?;
    for part in rest {
        calls.push(Call {
            notice,
            amount: part.amount(),
        });
        notice = Tenor::months(3).add_to(notice, 1)?;
    }
    let plan = CapitalCalls::new(calls.clone(), 45, Calendar::WeekendsOnly).notice_basis(NoticeBasis::CalendarDays);
    let commitment = Commitment::single(
        "Japan-US strategic investment",
        headline,
        Plan::CapitalCalls(plan.clone()),
    )?;
    let schedule = commitment.schedule()?;

    println!("Japan–US strategic investment, 2025: $550B by capital calls until 2029-01-19");
    println!("(call pattern, notice basis, spread and yields are assumptions; see the source)");
    println!();
    println!("{:<12} {:<12} {:>12}", "notice", "due", "amount");
    for c in &calls {
        println!(
            "{:<12} {:<12} {:>12}",
            c.notice.to_string(),
            plan.due_date(c.notice)?.to_string(),
            usd(c.amount).compact().to_string()
        );
    }
    let deadline = date(2029, 1, 19)?;
    let last = schedule.last_date().ok_or("no flows")?;
    println!();
    println!(
        "last payment {last}: {} the 2029-01-19 deadline",
        if last <= deadline { "within" } else { "after" }
    );
    println!();
    println!("{:<6} {:>10} {:>12}", "year", "paid", "cumulative");
    let mut cumulative = Money::zero(Currency::USD);
    for y in schedule.aggregate(PeriodBasis::CalendarYear)? {
        cumulative = cumulative.checked_add(y.total)?;
        println!(
            "{:<6} {:>10} {:>12}",
            y.period.to_string(),
            y.total.compact().to_string(),
            cumulative.compact().to_string()
        );
    }
    let start = date(2026, 1, 1)?;
    let pv = present_value_whole_periods(&schedule, 0.045, start, Tenor::years(1))?;
    println!();
    println!(
        "present value on {start} at 4.5% (whole years): {} of the {} headline",
        pv.compact(),
        headline.compact()
    );
    println!();

    // 50:50 until the deemed allocation is recovered, then 90:10 to the US.
    let deemed = 0.04 + 0.01;
    let waterfall = Waterfall::new(
        Split::even(),
        Split::from_percent(Decimal::from(10), Decimal::from(90))?,
        deemed,
        None,
    )?;
    println!(
        "Return sharing (Japan:US 50:50, then 10:90; deemed interest {:.0}%):",
        deemed * 100.0
    );
    for yield_rate in [0.08, 0.12] {
        let result = share_returns(&schedule, &ProjectFlows::yield_on_capital(yield_rate, 40)?, &waterfall)?;
        let recovered = result
            .recovery_date()
            .map_or_else(|| "not within 40 years".to_string(), |d| d.to_string());
        let irr = result.net_irr()?;
        println!(
            "  yield {:>4.1}%: Japan recovers its deemed allocation {recovered}; to Japan {}, to the US {}; Japan's net PV @4.5% {}; net IRR {}",
            yield_rate * 100.0,
            result.investor_inflows().total()?.compact(),
            result.host_inflows().total()?.compact(),
            result.net_pv(0.045)?.compact(),
            irr.roots()
                .first()
                .map_or_else(|| "none".to_string(), |r| format!("{:.2}%", r * 100.0)),
        );
    }
    Ok(())
}
