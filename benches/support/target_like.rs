//! A calendar with TARGET's closing days, shared by the schedule bench and
//! `examples/schedule_calls.rs` (included with `#[path]`).

use chrono::NaiveDate;
use disburse::time::HolidayCalendar;

fn ymd(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// Weekends plus TARGET's closing days for `from..=to`.
pub(crate) fn target_like(from: i32, to: i32) -> HolidayCalendar {
    let mut days = Vec::new();
    for y in from..=to {
        let easter = easter_sunday(y);
        days.extend([
            ymd(y, 1, 1),
            easter - chrono::Days::new(2),
            easter + chrono::Days::new(1),
            ymd(y, 5, 1),
            ymd(y, 12, 25),
            ymd(y, 12, 26),
        ]);
    }
    HolidayCalendar::new("TARGET-like", days)
}

/// Gregorian Easter Sunday (anonymous Gregorian algorithm).
fn easter_sunday(y: i32) -> NaiveDate {
    let a = y % 19;
    let b = y / 100;
    let c = y % 100;
    let dd = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - dd - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    ymd(y, month as u32, day as u32)
}
