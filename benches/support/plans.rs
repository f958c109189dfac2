//! Plans shared by the schedule bench and `examples/schedule_calls.rs`
//! (included with `#[path]`).

use chrono::NaiveDate;
use disburse::time::{BusinessDayConvention, Calendar, Tenor, WeekendsOnly};
use disburse::{AnnualCap, Call, CapitalCalls, Plan};
use rust_decimal::Decimal;

/// $350B at most $12B a year, paid monthly from 2026-01-01 on
/// WeekendsOnly with ModifiedFollowing: 30 years, 360 flows.
pub(crate) fn annual_cap_monthly() -> Plan {
    Plan::AnnualCap(
        AnnualCap::new(ymd(2026, 1, 1), Decimal::from(12_000_000_000i64))
            .tenor(Tenor::months(1))
            .adjusted(WeekendsOnly, BusinessDayConvention::ModifiedFollowing),
    )
}

/// 120 monthly calls of ~$2.9B (summing to $350B) from 2026-02-18 with 45
/// business days' notice on WeekendsOnly, capped at $20B a year:
/// spill-over carries the excess for years.
pub(crate) fn capital_calls_spill() -> Plan {
    let calls: Vec<Call> = (0..120)
        .map(|k| Call {
            notice: Tenor::months(1).add_to(ymd(2026, 2, 18), k).unwrap(),
            amount: Decimal::from(if k < 119 {
                2_916_666_666i64
            } else {
                350_000_000_000 - 119 * 2_916_666_666
            }),
        })
        .collect();
    Plan::CapitalCalls(
        CapitalCalls::new(calls, 45, Calendar::WeekendsOnly).annual_cap(Decimal::from(20_000_000_000i64)),
    )
}

fn ymd(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}
