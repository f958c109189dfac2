//! The main example: one $350B commitment, two ways to pay it.
//!
//! Run with `cargo run --release --example compare_plans`.
//!
//! The headline is the 2025 Korea–US pledge (see the README): the US asked
//! for everything upfront; the alternative here is ten equal annual
//! installments from the same date. The example prints each plan's flows
//! side by side per calendar year, with the cumulative amounts paid, then
//! what each plan is worth today: its present value at 3%, 4.5% and 8%
//! (annual compounding, whole years from 2026-01-01 — the rates are
//! illustrative assumptions, not sourced), the saving against paying
//! upfront, and the break-even discount rate at which the two cost the same.

use std::error::Error;

use chrono::NaiveDate;
use disburse::time::{Frequency, Tenor};
use disburse::valuation::{break_even_rate, present_value_whole_periods};
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
    println!();
    print_values(&plans, start)?;
    Ok(())
}

/// Discount rates of the comparison (assumptions).
const RATES: [f64; 3] = [0.03, 0.045, 0.08];

/// Prints each plan's present value at each rate (USD billions), the saving
/// against the first plan, and the break-even rate against it.
fn print_values(plans: &[(&str, Schedule)], start: NaiveDate) -> Result<(), Box<dyn Error>> {
    // Rounded half-even to the hundredth of a billion (Decimal formatting
    // with a precision truncates).
    let billions = |m: Money| (m.amount() / Decimal::from(1_000_000_000i64)).round_dp(2);
    println!("Present value on {start}, USD billions (annual compounding, whole years):");
    print!("{:<14}", "Plan");
    for r in RATES {
        print!("{:>12}", format!("PV @ {:.1}%", r * 100.0));
    }
    for r in RATES {
        print!("{:>15}", format!("saving @ {:.1}%", r * 100.0));
    }
    println!("{:>12}", "break-even");
    let (_, reference) = plans.first().ok_or("no plans")?;
    for (name, schedule) in plans {
        print!("{name:<14}");
        let mut pvs = Vec::new();
        for r in RATES {
            let pv = present_value_whole_periods(schedule, r, start, Tenor::years(1))?;
            print!("{:>12}", format!("{:.2}", billions(pv)));
            pvs.push(pv);
        }
        for (r, pv) in RATES.iter().zip(&pvs) {
            let upfront = present_value_whole_periods(reference, *r, start, Tenor::years(1))?;
            print!("{:>15}", format!("{:.2}", billions(upfront.checked_sub(*pv)?)));
        }
        let even = if std::ptr::eq(schedule, reference) {
            "-".to_string()
        } else {
            match break_even_rate(reference, schedule)?.roots() {
                [] => "none".to_string(),
                roots => roots
                    .iter()
                    .map(|r| format!("{:.2}%", r * 100.0))
                    .collect::<Vec<_>>()
                    .join(", "),
            }
        };
        println!("{even:>12}");
    }
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
