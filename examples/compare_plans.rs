//! The main example: one $350B commitment, two ways to pay it.
//!
//! Run with `cargo run --release --example compare_plans`.
//!
//! The headline is the 2025 Korea–US pledge (see the README): the US asked
//! for everything upfront; the alternative here is ten equal annual
//! installments from the same date. The example prints each plan's flows
//! side by side per calendar year, with the cumulative amounts paid.
//! (Present values join this table with the valuation layer.)

use std::error::Error;

use chrono::NaiveDate;
use disburse::time::Frequency;
use disburse::{Commitment, Currency, Money, PeriodBasis, Plan, Schedule};
use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn Error>> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("bad start date")?;
    let headline = Money::new(Decimal::from(350_000_000_000i64), Currency::USD);
    let upfront = Commitment::single("Korea-US pledge", headline, Plan::upfront(start))?;
    let plans = [
        ("Upfront", upfront.schedule()?),
        (
            "10 x annual",
            upfront
                .with_plan(Plan::installments(start, 10, Frequency::Annual))
                .schedule()?,
        ),
    ];

    println!("{}", upfront.name());
    println!("Headline: {} ({})", headline, headline.compact());
    println!();
    print_table(&plans)?;
    Ok(())
}

/// Prints one row per calendar year: each plan's outlay and cumulative total.
fn print_table(plans: &[(&str, Schedule)]) -> Result<(), Box<dyn Error>> {
    let years: Vec<_> = plans
        .iter()
        .map(|(_, s)| s.aggregate(PeriodBasis::CalendarYear))
        .collect::<Result<_, _>>()?;
    let first = years
        .iter()
        .filter_map(|y| y.first().map(|p| p.period.year()))
        .min()
        .ok_or("no flows")?;
    let last = years
        .iter()
        .filter_map(|y| y.last().map(|p| p.period.year()))
        .max()
        .ok_or("no flows")?;

    print!("{:<6}", "Year");
    for (name, _) in plans {
        print!(" | {name:>12} {:>10}", "cumulative");
    }
    println!();
    println!("{}", "-".repeat(6 + plans.len() * 26));
    let zero = Money::zero(Currency::USD);
    let mut cumulative = vec![zero; plans.len()];
    for year in first..=last {
        print!("{year:<6}");
        for (i, y) in years.iter().enumerate() {
            let paid = y.iter().find(|p| p.period.year() == year).map_or(zero, |p| p.total);
            cumulative[i] = cumulative[i].checked_add(paid)?;
            let paid = if paid.is_zero() {
                "-".to_string()
            } else {
                paid.compact().to_string()
            };
            print!(" | {paid:>12} {:>10}", cumulative[i].compact().to_string());
        }
        println!();
    }
    println!("{}", "-".repeat(6 + plans.len() * 26));
    print!("{:<6}", "Total");
    for (_, s) in plans {
        print!(" | {:>12} {:>10}", s.total()?.compact().to_string(), "");
    }
    println!();
    println!();
    for (name, s) in plans {
        let peak = s.peak(PeriodBasis::CalendarYear)?.ok_or("empty schedule")?;
        println!(
            "{name}: {} payment(s) from {} to {}; peak year {}: {}",
            s.len(),
            s.first_date().ok_or("empty schedule")?,
            s.last_date().ok_or("empty schedule")?,
            peak.period,
            peak.total
        );
    }
    Ok(())
}
