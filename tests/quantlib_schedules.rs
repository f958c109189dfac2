//! Cross-check against QuantLib 1.44: replays `tests/data/quantlib_schedules.json`
//! (written by `tests/data/gen_quantlib_cases.py`, which documents how to
//! regenerate it) through disburse's schedule builder, business-day
//! `advance` and day counts.
//!
//! - Schedules: the same dates, the same regular/irregular flags, and an
//!   `Err` exactly where QuantLib throws, except for two QuantLib defects.
//!   With the Zero rule, end-of-month on and a tenor of a month or more
//!   (`ql_defect: "zero_rule_eom"`), QuantLib 1.44 tests its never-set seed
//!   (the null `Date()`) for month end and throws "year outside valid
//!   range"; there disburse must give what QuantLib gives with end-of-month
//!   off (the Zero rule has no interior dates for the rule to move). And
//!   where QuantLib returns dates that do not strictly increase
//!   (`ql_defect: "not_increasing"`: a first date after the next-to-last
//!   date, which it does not check, or a date repeated by the end-of-month
//!   or termination adjustment), disburse must return an error, as its
//!   schedules strictly increase.
//! - Advance: `calendar.advance(date, n, Days)` equals
//!   `advance_business_days(date, n)`.
//! - Year fractions: the exact rational equals the generator's (QuantLib's
//!   day count over 360/365, or QuantLib's Act/Act ISDA formula evaluated
//!   with `fractions.Fraction`), and the float is within 1e-14 relative of
//!   QuantLib's; for Act/Act ISDA, whose QuantLib float is not always the
//!   correctly rounded value, a larger float difference is accepted only if
//!   our `Decimal` equals the exact fraction and QuantLib's float is within
//!   1e-13 of it (relative, or absolute below 1).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::fmt::Write as _;
use std::str::FromStr;
use std::sync::OnceLock;

use chrono::NaiveDate;
use disburse::time::{
    BusinessCalendar, BusinessDayConvention, DateGeneration, DateSchedule, DayCount, HolidayCalendar, NullCalendar,
    Tenor, WeekendsOnly,
};
use rust_decimal::Decimal;
use serde::Deserialize;

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/quantlib_schedules.json");

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Data {
    generator: String,
    quantlib: String,
    seed: u64,
    schedules: Vec<ScheduleCase>,
    advance: Vec<AdvanceCase>,
    year_fractions: Vec<YearFractionCase>,
}

/// QuantLib's outcome for one schedule: dates and regularity, or an error.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Outcome {
    #[serde(default)]
    error: bool,
    #[serde(default)]
    msg: Option<String>,
    #[serde(default)]
    dates: Option<Vec<NaiveDate>>,
    /// One `1` (regular) or `0` per period.
    #[serde(default)]
    reg: Option<String>,
}

// No deny_unknown_fields here: serde does not support it with flatten.
#[derive(Debug, Clone, Deserialize)]
struct ScheduleCase {
    id: u32,
    eff: NaiveDate,
    term: NaiveDate,
    tenor: String,
    cal: String,
    #[serde(default)]
    hol: Vec<NaiveDate>,
    conv: String,
    tconv: String,
    rule: String,
    eom: bool,
    #[serde(default)]
    first: Option<NaiveDate>,
    #[serde(default)]
    ntl: Option<NaiveDate>,
    #[serde(flatten)]
    outcome: Outcome,
    #[serde(default)]
    ql_defect: Option<String>,
    #[serde(default)]
    no_eom: Option<Outcome>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct AdvanceCase {
    id: u32,
    cal: String,
    #[serde(default)]
    hol: Vec<NaiveDate>,
    date: NaiveDate,
    n: i64,
    result: NaiveDate,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct YearFractionCase {
    id: u32,
    dc: String,
    d1: NaiveDate,
    d2: NaiveDate,
    yf: f64,
    exact: String,
}

fn data() -> &'static Data {
    static DATA_CELL: OnceLock<Data> = OnceLock::new();
    DATA_CELL.get_or_init(|| {
        let text = std::fs::read_to_string(DATA).unwrap_or_else(|e| panic!("reading {DATA}: {e}"));
        let data: Data = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {DATA}: {e}"));
        assert_eq!(
            data.quantlib, "1.44",
            "{DATA} was generated with QuantLib {}",
            data.quantlib
        );
        assert_eq!(
            data.generator, "tests/data/gen_quantlib_cases.py",
            "unexpected generator"
        );
        data
    })
}

fn convention(code: &str) -> BusinessDayConvention {
    match code {
        "U" => BusinessDayConvention::Unadjusted,
        "F" => BusinessDayConvention::Following,
        "MF" => BusinessDayConvention::ModifiedFollowing,
        "P" => BusinessDayConvention::Preceding,
        "MP" => BusinessDayConvention::ModifiedPreceding,
        other => panic!("unknown convention code {other:?}"),
    }
}

fn rule(code: &str) -> DateGeneration {
    match code {
        "F" => DateGeneration::Forward,
        "B" => DateGeneration::Backward,
        "Z" => DateGeneration::Zero,
        other => panic!("unknown rule code {other:?}"),
    }
}

fn day_count(code: &str) -> DayCount {
    match code {
        "act365f" => DayCount::Actual365Fixed,
        "act360" => DayCount::Actual360,
        "30360_bond" => DayCount::Thirty360BondBasis,
        "30360_us" => DayCount::Thirty360Us,
        "30e360" => DayCount::Thirty360European,
        "actact_isda" => DayCount::ActualActualIsda,
        other => panic!("unknown day count code {other:?}"),
    }
}

fn list(dates: &[NaiveDate]) -> String {
    let v: Vec<String> = dates.iter().map(NaiveDate::to_string).collect();
    format!("[{}]", v.join(", "))
}

fn describe(c: &ScheduleCase) -> String {
    let mut s = format!(
        "schedule case {}: effective {} termination {} tenor {} calendar {}",
        c.id, c.eff, c.term, c.tenor, c.cal
    );
    if c.cal == "holidays" {
        let _ = write!(s, " (weekends + {})", list(&c.hol));
    }
    let _ = write!(
        s,
        " convention {} termination convention {} rule {} end-of-month {}",
        c.conv, c.tconv, c.rule, c.eom
    );
    if let Some(f) = c.first {
        let _ = write!(s, " first date {f}");
    }
    if let Some(n) = c.ntl {
        let _ = write!(s, " next-to-last date {n}");
    }
    s
}

fn build_with<C: BusinessCalendar + ?Sized>(c: &ScheduleCase, cal: &C) -> disburse::Result<DateSchedule> {
    let tenor = Tenor::from_str(&c.tenor).unwrap_or_else(|e| panic!("case {}: tenor {}: {e}", c.id, c.tenor));
    let mut b = DateSchedule::builder(c.eff, c.term, tenor)
        .calendar(cal)
        .convention(convention(&c.conv))
        .termination_convention(convention(&c.tconv))
        .rule(rule(&c.rule))
        .end_of_month(c.eom);
    if let Some(f) = c.first {
        b = b.first_date(f);
    }
    if let Some(n) = c.ntl {
        b = b.next_to_last_date(n);
    }
    b.build()
}

/// Whether our error is the kind QuantLib's message names.
fn same_kind(quantlib: &str, e: &disburse::Error) -> bool {
    use disburse::Error;
    if quantlib.starts_with("QuantLib returns dates that do not increase") {
        matches!(e, Error::UnorderedDates { .. })
    } else if quantlib.contains("later than or equal to termination") {
        matches!(e, Error::TerminationNotAfterEffective { .. })
    } else if quantlib.contains("incompatible with Zero date generation rule") {
        matches!(e, Error::StubWithZeroRule { .. })
    } else if quantlib.contains("out of effective-termination date range") {
        matches!(e, Error::StubOutOfRange { .. })
    } else if quantlib.starts_with("degenerate single date") {
        matches!(e, Error::DegenerateSchedule { .. })
    } else if quantlib.starts_with("year outside valid range") {
        matches!(e, Error::DateOutOfRange { .. } | Error::TooManyDates { .. })
    } else {
        false
    }
}

fn build(c: &ScheduleCase) -> disburse::Result<DateSchedule> {
    match c.cal.as_str() {
        "null" => build_with(c, &NullCalendar),
        "weekends" => build_with(c, &WeekendsOnly),
        "holidays" => build_with(
            c,
            &HolidayCalendar::new(format!("case-{}", c.id), c.hol.iter().copied()),
        ),
        other => panic!("case {}: unknown calendar {other:?}", c.id),
    }
}

/// Replays one schedule case; `Err` describes the case and the disagreement.
fn check_schedule(c: &ScheduleCase) -> Result<(), String> {
    let not_increasing;
    let expected = match c.ql_defect.as_deref() {
        None => &c.outcome,
        Some("zero_rule_eom") => {
            if !(c.outcome.error && c.rule == "Z" && c.eom) {
                return Err(format!("{}: ql_defect on a case it cannot apply to", describe(c)));
            }
            c.no_eom
                .as_ref()
                .ok_or_else(|| format!("{}: ql_defect without no_eom", describe(c)))?
        }
        Some("not_increasing") => {
            let qd = c.outcome.dates.as_deref().unwrap_or_default();
            if c.outcome.error || qd.windows(2).all(|w| w[0] < w[1]) {
                return Err(format!(
                    "{}: not_increasing on increasing dates {}",
                    describe(c),
                    list(qd)
                ));
            }
            not_increasing = Outcome {
                error: true,
                msg: Some(format!("QuantLib returns dates that do not increase: {}", list(qd))),
                ..Outcome::default()
            };
            &not_increasing
        }
        Some(other) => return Err(format!("{}: unknown ql_defect {other:?}", describe(c))),
    };
    let ours = build(c);
    match (expected.error, ours) {
        (true, Err(e)) => {
            let msg = expected.msg.as_deref().unwrap_or("");
            if same_kind(msg, &e) {
                Ok(())
            } else {
                Err(format!(
                    "{}\n  QuantLib throws ({msg}), disburse errs differently: {e:?}",
                    describe(c)
                ))
            }
        }
        (true, Ok(s)) => Err(format!(
            "{}\n  QuantLib throws ({}), disburse gives {}",
            describe(c),
            expected.msg.as_deref().unwrap_or("?"),
            list(s.dates())
        )),
        (false, Err(e)) => Err(format!(
            "{}\n  QuantLib gives {}, disburse errs: {e}",
            describe(c),
            list(expected.dates.as_deref().unwrap_or_default())
        )),
        (false, Ok(s)) => {
            let want = expected
                .dates
                .as_deref()
                .ok_or_else(|| format!("{}: no dates recorded", describe(c)))?;
            let want_reg = expected
                .reg
                .as_deref()
                .ok_or_else(|| format!("{}: no regularity recorded", describe(c)))?;
            let got_reg: String = (0..s.len() - 1)
                .map(|i| if s.is_regular(i) { '1' } else { '0' })
                .collect();
            if s.dates() != want {
                Err(format!(
                    "{}\n  QuantLib: {}\n  disburse: {}",
                    describe(c),
                    list(want),
                    list(s.dates())
                ))
            } else if got_reg != want_reg {
                Err(format!(
                    "{}\n  dates agree {}, but regularity differs: QuantLib {want_reg}, disburse {got_reg}",
                    describe(c),
                    list(want)
                ))
            } else {
                Ok(())
            }
        }
    }
}

fn check_advance(c: &AdvanceCase) -> Result<(), String> {
    let got = match c.cal.as_str() {
        "null" => NullCalendar.advance_business_days(c.date, c.n),
        "weekends" => WeekendsOnly.advance_business_days(c.date, c.n),
        "holidays" => {
            HolidayCalendar::new(format!("advance-{}", c.id), c.hol.iter().copied()).advance_business_days(c.date, c.n)
        }
        other => panic!("advance case {}: unknown calendar {other:?}", c.id),
    };
    let describe = || {
        let hol = if c.cal == "holidays" {
            format!(" (weekends + {})", list(&c.hol))
        } else {
            String::new()
        };
        format!(
            "advance case {}: {} {} business days on {}{hol}",
            c.id, c.date, c.n, c.cal
        )
    };
    match got {
        Ok(d) if d == c.result => Ok(()),
        Ok(d) => Err(format!("{}: QuantLib {}, disburse {d}", describe(), c.result)),
        Err(e) => Err(format!("{}: QuantLib {}, disburse errs: {e}", describe(), c.result)),
    }
}

/// How a year-fraction case passed: by the float, or (Act/Act ISDA only)
/// by the exact value when QuantLib's float is off by more than 1e-14.
#[derive(Debug, PartialEq, Eq)]
enum YfPass {
    Float,
    Exact,
}

fn check_year_fraction(c: &YearFractionCase) -> Result<YfPass, String> {
    let dc = day_count(&c.dc);
    let describe = || format!("year-fraction case {}: {} from {} to {}", c.id, dc.name(), c.d1, c.d2);
    let ours = dc.year_fraction(c.d1, c.d2);
    let (num, den) = c
        .exact
        .split_once('/')
        .and_then(|(n, d)| Some((n.parse::<i64>().ok()?, d.parse::<i64>().ok()?)))
        .ok_or_else(|| format!("{}: bad exact fraction {:?}", describe(), c.exact))?;
    // Exact rational equality, by cross-multiplication.
    if i128::from(ours.numerator()) * i128::from(den) != i128::from(num) * i128::from(ours.denominator()) {
        return Err(format!(
            "{}: exact value {num}/{den} (QuantLib float {:e}), disburse {ours} = {:e}",
            describe(),
            c.yf,
            ours.to_f64()
        ));
    }
    let x = ours.to_f64();
    let close = if c.yf == 0.0 {
        x == 0.0
    } else {
        ((x - c.yf) / c.yf).abs() <= 1e-14
    };
    if close {
        return Ok(YfPass::Float);
    }
    if dc != DayCount::ActualActualIsda {
        return Err(format!(
            "{}: QuantLib {:e}, disburse {x:e} ({ours}): relative difference above 1e-14",
            describe(),
            c.yf
        ));
    }
    let exact = Decimal::from(num) / Decimal::from(den);
    let exact_f = num as f64 / den as f64;
    if ours.to_decimal() != exact {
        return Err(format!(
            "{}: disburse {} differs from the exact {exact}",
            describe(),
            ours.to_decimal()
        ));
    }
    if (c.yf - exact_f).abs() > 1e-13 * c.yf.abs().max(1.0) {
        return Err(format!(
            "{}: QuantLib's float {:e} is far from the exact {exact}",
            describe(),
            c.yf
        ));
    }
    Ok(YfPass::Exact)
}

fn report(what: &str, total: usize, failures: &[String]) -> String {
    let shown: Vec<&str> = failures.iter().take(usize::MAX).map(String::as_str).collect();
    format!(
        "{} of {total} {what} cases disagree with QuantLib 1.44 (first {} shown):\n{}",
        failures.len(),
        shown.len(),
        shown.join("\n")
    )
}

#[test]
fn schedules_match_quantlib() {
    let data = data();
    let cases = &data.schedules;
    assert!(cases.len() >= 1_500, "only {} schedule cases in {DATA}", cases.len());
    let errors = cases
        .iter()
        .filter(|c| c.outcome.error && c.ql_defect.is_none())
        .count();
    let defects = cases.iter().filter(|c| c.ql_defect.is_some()).count();
    for kind in ["zero_rule_eom", "not_increasing"] {
        let n = cases.iter().filter(|c| c.ql_defect.as_deref() == Some(kind)).count();
        assert!(n >= 5, "only {n} {kind} cases");
    }
    assert!(errors >= 50, "only {errors} QuantLib error cases");
    assert!(cases.len() - errors - defects >= 1_000, "too few successful cases");
    let failures: Vec<String> = cases.iter().filter_map(|c| check_schedule(c).err()).collect();
    eprintln!(
        "schedules (seed {}): {} cases, {} ok in QuantLib, {errors} errors, {defects} QuantLib defects; {} disagree",
        data.seed,
        cases.len(),
        cases.len() - errors - defects,
        failures.len()
    );
    assert!(failures.is_empty(), "{}", report("schedule", cases.len(), &failures));
}

#[test]
fn advance_matches_quantlib() {
    let cases = &data().advance;
    assert!(cases.len() >= 400, "only {} advance cases in {DATA}", cases.len());
    let failures: Vec<String> = cases.iter().filter_map(|c| check_advance(c).err()).collect();
    eprintln!("advance: {} cases; {} disagree", cases.len(), failures.len());
    assert!(failures.is_empty(), "{}", report("advance", cases.len(), &failures));
}

#[test]
fn year_fractions_match_quantlib() {
    let cases = &data().year_fractions;
    assert!(
        cases.len() >= 1_500,
        "only {} year-fraction cases in {DATA}",
        cases.len()
    );
    for dc in DayCount::ALL {
        let n = cases.iter().filter(|c| day_count(&c.dc) == dc).count();
        assert!(n >= 100, "only {n} year-fraction cases for {dc}");
    }
    let mut failures = Vec::new();
    let mut exact_only = 0;
    for c in cases {
        match check_year_fraction(c) {
            Ok(YfPass::Float) => {}
            Ok(YfPass::Exact) => exact_only += 1,
            Err(e) => failures.push(e),
        }
    }
    eprintln!(
        "year fractions: {} cases; {exact_only} Act/Act ISDA cases where QuantLib's float is off by more than 1e-14 \
         and the exact value was checked; {} disagree",
        cases.len(),
        failures.len()
    );
    assert!(
        failures.is_empty(),
        "{}",
        report("year-fraction", cases.len(), &failures)
    );
    assert!(
        exact_only > 0,
        "no Act/Act ISDA case exercised the exact-value check (the data has short late-year spans for it)"
    );
}

/// The checkers above must be able to fail: a perturbed expectation is caught.
#[test]
fn checkers_reject_wrong_expectations() {
    let data = data();
    let ok = data
        .schedules
        .iter()
        .find(|c| !c.outcome.error && c.outcome.dates.as_ref().is_some_and(|d| d.len() >= 3))
        .expect("a successful case with three dates");
    let mut bad = ok.clone();
    if let Some(d) = bad.outcome.dates.as_mut() {
        d[1] = d[1].succ_opt().unwrap();
    }
    assert!(check_schedule(&bad).is_err(), "a shifted date went unnoticed");
    let mut bad = ok.clone();
    bad.outcome.reg = bad
        .outcome
        .reg
        .as_ref()
        .map(|r| r.chars().map(|ch| if ch == '1' { '0' } else { '1' }).collect());
    assert!(check_schedule(&bad).is_err(), "flipped regularity went unnoticed");
    let mut bad = ok.clone();
    bad.outcome.error = true;
    assert!(check_schedule(&bad).is_err(), "a missing error went unnoticed");
    let err = data
        .schedules
        .iter()
        .find(|c| c.outcome.error && c.ql_defect.is_none())
        .expect("an error case");
    let mut bad = err.clone();
    bad.outcome.error = false;
    bad.outcome.dates = Some(vec![err.eff, err.term]);
    bad.outcome.reg = Some("0".into());
    assert!(check_schedule(&bad).is_err(), "a spurious error went unnoticed");

    let mut bad = data.advance[0].clone();
    bad.result = bad.result.succ_opt().unwrap();
    assert!(check_advance(&bad).is_err(), "a wrong advance went unnoticed");

    for c in data.year_fractions.iter().filter(|c| c.yf != 0.0).take(50) {
        let mut bad = c.clone();
        bad.yf *= 1.0 + 1e-9;
        assert!(
            check_year_fraction(&bad).is_err(),
            "a float off by 1e-9 went unnoticed: {c:?}"
        );
        let mut bad = c.clone();
        let (n, d) = c.exact.split_once('/').unwrap();
        bad.exact = format!("{}/{d}", n.parse::<i64>().unwrap() + 1);
        assert!(
            check_year_fraction(&bad).is_err(),
            "a wrong exact value went unnoticed: {c:?}"
        );
    }
}
