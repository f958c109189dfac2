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
//!
//! Every number comes from one call, `disburse::compare::compare`; the
//! example only lays the result out (`disburse compare` prints the same
//! comparison as a table, CSV or JSON).

use std::error::Error;

use chrono::NaiveDate;
use disburse::compare::{Comparison, DEFAULT_RATES, TimeBasis, ValuationSettings, compare};
use disburse::render::{Digits, Percent, Unit};
use disburse::time::Frequency;
use disburse::valuation::Roots;
use disburse::{Commitment, Currency, Money, Plan, Schedule};
use rust_decimal::Decimal;

fn main() -> Result<(), Box<dyn Error>> {
    let start = NaiveDate::from_ymd_opt(2026, 1, 1).ok_or("bad start date")?;
    let headline = Money::new(Decimal::from(350_000_000_000i64), Currency::USD);
    let upfront = Commitment::single("Korea-US pledge", headline, Plan::upfront(start))?;
    let plans = vec![
        ("Upfront".to_string(), upfront.schedule()?),
        (
            "10 x annual".to_string(),
            upfront
                .with_plan(Plan::installments(start, 10, Frequency::Annual))
                .schedule()?,
        ),
    ];
    // The discount rates are the library's defaults (assumptions), whole
    // years from the start date, annual compounding.
    let valuation = ValuationSettings::new(start, DEFAULT_RATES.to_vec(), TimeBasis::WholeYears)?;
    let comparison = compare(&plans, &valuation, None)?;

    println!("{}", upfront.name());
    println!("Headline: {} ({})", headline, headline.compact());
    println!();
    print_table(&comparison, &plans)?;
    println!();
    print_values(&comparison);
    Ok(())
}

/// Prints each plan's present value at each rate (USD billions), the saving
/// against the first plan, and the break-even rate against it.
fn print_values(c: &Comparison) {
    let billions = |m: &Money| Unit::Billions.format(m.amount());
    let label = |r: f64| Percent::new(r, Digits::Fixed(1));
    println!(
        "Present value on {}, {} (annual compounding, whole years):",
        c.valuation_date,
        Unit::Billions.label(c.currency)
    );
    print!("{:<14}", "Plan");
    for r in &c.rates {
        print!("{:>12}", format!("PV @ {}", label(*r)));
    }
    for r in &c.rates {
        print!("{:>15}", format!("saving @ {}", label(*r)));
    }
    println!("{:>12}", "break-even");
    for (i, p) in c.plans.iter().enumerate() {
        print!("{:<14}", p.name);
        for pv in &p.present_values {
            print!("{:>12}", billions(pv));
        }
        for saving in &p.savings {
            print!("{:>15}", billions(saving));
        }
        let even = match &p.break_even {
            None if i == 0 => "-".to_string(),
            None => "same".to_string(),
            Some(Roots::None) => "none".to_string(),
            Some(roots) => roots
                .roots()
                .iter()
                .map(|r| Percent::new(*r, Digits::Fixed(2)).to_string())
                .collect::<Vec<_>>()
                .join(", "),
        };
        println!("{even:>12}");
    }
}

/// Prints one row per calendar year: each plan's outlay and cumulative
/// total, then each plan's payments and peak year.
fn print_table(c: &Comparison, plans: &[(String, Schedule)]) -> Result<(), Box<dyn Error>> {
    let years = || c.plans.iter().flat_map(|p| p.yearly.iter().map(|y| y.period.year()));
    let first = years().min().ok_or("no flows")?;
    let last = years().max().ok_or("no flows")?;

    print!("{:<6}", "Year");
    for p in &c.plans {
        print!(" | {:>12} {:>10}", p.name, "cumulative");
    }
    println!();
    println!("{}", "-".repeat(6 + c.plans.len() * 26));
    let zero = Money::zero(c.currency);
    let mut cumulative = vec![zero; c.plans.len()];
    for year in first..=last {
        print!("{year:<6}");
        for (p, total) in c.plans.iter().zip(cumulative.iter_mut()) {
            let paid = p
                .yearly
                .iter()
                .find(|y| y.period.year() == year)
                .map_or(zero, |y| y.total);
            *total = total.checked_add(paid)?;
            let paid = if paid.is_zero() {
                "-".to_string()
            } else {
                paid.compact().to_string()
            };
            print!(" | {paid:>12} {:>10}", total.compact().to_string());
        }
        println!();
    }
    println!("{}", "-".repeat(6 + c.plans.len() * 26));
    print!("{:<6}", "Total");
    for p in &c.plans {
        print!(" | {:>12} {:>10}", p.nominal.compact().to_string(), "");
    }
    println!();
    println!();
    for (p, (_, s)) in c.plans.iter().zip(plans) {
        println!(
            "{}: {} payment(s) from {} to {}; peak year {}: {}",
            p.name,
            s.len(),
            s.first_date().ok_or("empty schedule")?,
            s.last_date().ok_or("empty schedule")?,
            p.peak.period,
            p.peak.total
        );
    }
    Ok(())
}
