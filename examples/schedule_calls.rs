//! The schedule bench's plans and date schedules, called a fixed number of
//! times, for instruction counts: `cargo build --profile bench --example
//! schedule_calls`, then `valgrind --tool=callgrind
//! target/release/examples/schedule_calls CASE 1000` minus the same with
//! `0` calls. CASE is one of `fresh360` ($350B in 360 monthly installments
//! on WeekendsOnly, ModifiedFollowing, a new `Schedule` each call),
//! `into360` (the same into a reused schedule), `ten` (10 annual
//! installments, a new schedule), `cap360` ($350B at most $12B a year,
//! paid monthly on WeekendsOnly, ModifiedFollowing: 360 flows),
//! `calls120` (120 capital calls, 45 business days' notice, $20B a year),
//! `weekends121` and `target121` (10-year
//! monthly dates, ModifiedFollowing, end of month, on WeekendsOnly and on a
//! calendar with TARGET's closing days), `daily30` and `dailytarget30`
//! (30-year daily dates, Following, on WeekendsOnly and on the TARGET-like
//! calendar). Prints the length of the last result.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::hint::black_box;

use chrono::NaiveDate;
use disburse::time::{BusinessDayConvention as C, DateSchedule, Tenor, WeekendsOnly};
use disburse::{Currency, Installments, Label, Money, Plan, Schedule};
use rust_decimal::Decimal;

#[path = "../benches/support/plans.rs"]
mod plans;
#[path = "../benches/support/target_like.rs"]
mod target_like;
use target_like::target_like;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let case = args.get(1).map_or("fresh360", String::as_str);
    let calls: usize = args.get(2).map_or(1_000, |s| s.parse().unwrap());
    let headline = Money::new(Decimal::from(350_000_000_000i64), Currency::USD);
    let monthly_mf = Plan::Installments(
        Installments::count(d(2026, 1, 1), 360, Tenor::months(1)).adjusted(WeekendsOnly, C::ModifiedFollowing),
    );
    let ten = Plan::installments(d(2026, 1, 1), 10, Tenor::years(1));
    let spill = plans::capital_calls_spill();
    let cap = plans::annual_cap_monthly();
    let monthly = DateSchedule::builder(d(2026, 1, 31), d(2036, 1, 31), Tenor::months(1))
        .calendar(&WeekendsOnly)
        .convention(C::ModifiedFollowing)
        .end_of_month(true);
    let target = target_like(2020, 2060);
    let monthly_target = monthly.calendar(&target);
    let daily = DateSchedule::builder(d(2026, 1, 2), d(2056, 1, 2), Tenor::days(1))
        .calendar(&WeekendsOnly)
        .convention(C::Following);
    let daily_target = daily.calendar(&target);
    let label: Label = Label::new("p");
    let mut reused = Schedule::empty(Currency::USD);
    let mut last = 0;
    for _ in 0..calls {
        last = match case {
            "fresh360" => black_box(&monthly_mf).schedule(headline, "p").unwrap().len(),
            "into360" => {
                black_box(&monthly_mf)
                    .schedule_into(headline, &label, &mut reused)
                    .unwrap();
                reused.len()
            }
            "ten" => black_box(&ten).schedule(headline, "p").unwrap().len(),
            "cap360" => black_box(&cap).schedule(headline, "p").unwrap().len(),
            "calls120" => black_box(&spill).schedule(headline, "p").unwrap().len(),
            "weekends121" => black_box(&monthly).build().unwrap().len(),
            "target121" => black_box(&monthly_target).build().unwrap().len(),
            "daily30" => black_box(&daily).build().unwrap().len(),
            "dailytarget30" => black_box(&daily_target).build().unwrap().len(),
            other => panic!("unknown case {other}"),
        };
    }
    println!("{last}");
}
