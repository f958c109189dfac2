//! The argument parsers of `disburse dates` and `yearfrac` — tenors, day
//! counts, conventions, rates and dates from arbitrary text — and the
//! schedule and year fraction built from whatever parses; and the cell
//! readers of the CSV and holiday inputs (`disburse::text`). Nothing may
//! panic or hang; an amount that parses reads back as the same number.
#![no_main]

use disburse::rates::Rate;
use disburse::time::{BusinessDayConvention, DateGeneration, DateSchedule, DayCount, Tenor, WeekendsOnly};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let text = disburse::text::strip_bom(text);
    for cell in text.split([',', '|', '\n']) {
        if let Ok(amount) = disburse::text::parse_decimal(cell) {
            let again = disburse::text::parse_decimal(&amount.to_string());
            assert_eq!(again.ok(), Some(amount), "{cell:?} does not read back");
        }
        let _ = disburse::text::parse_date(cell);
    }
    let mut fields = text.split('|');
    let mut next = || fields.next().unwrap_or("");
    let (from, to, tenor, convention, day_count, rate, first, rule) =
        (next(), next(), next(), next(), next(), next(), next(), next());
    let _ = rate.parse::<Rate>();
    let date = |s: &str| disburse::text::parse_date(s).ok();
    let (Some(from), Some(to)) = (date(from), date(to)) else {
        let _ = tenor.parse::<Tenor>();
        let _ = convention.parse::<BusinessDayConvention>();
        let _ = day_count.parse::<DayCount>();
        return;
    };
    if let Ok(dc) = day_count.parse::<DayCount>() {
        let yf = dc.year_fraction(from, to);
        let _ = (yf.to_decimal(), yf.to_string(), dc.day_count(from, to));
    }
    let (Ok(tenor), Ok(convention)) = (tenor.parse::<Tenor>(), convention.parse::<BusinessDayConvention>()) else {
        return;
    };
    let rule = match rule.trim() {
        "backward" => DateGeneration::Backward,
        "zero" => DateGeneration::Zero,
        _ => DateGeneration::Forward,
    };
    let mut builder = DateSchedule::builder(from, to, tenor)
        .convention(convention)
        .rule(rule)
        .end_of_month(true);
    if let Some(f) = date(first) {
        builder = builder.first_date(f);
    }
    if let Ok(s) = builder.calendar(&WeekendsOnly).build() {
        assert!(s.dates().windows(2).all(|w| w[0] < w[1]), "dates must increase");
    }
});
