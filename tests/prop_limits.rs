//! The limits (`disburse::limits`) and the fast paths that keep work
//! bounded: payment counts from the dates equal the generated payments,
//! business days advanced arithmetically equal the step-by-step walk, and
//! holiday lookups agree with the list whatever its span.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::{NaiveDate, Weekday};
use disburse::time::{
    BusinessCalendar, BusinessDayConvention, Calendar, HolidayCalendar, JointCalendar, JointRule, NullCalendar, Tenor,
    TimeUnit, Weekend, WeekendsOnly,
};
use disburse::{AnnualCap, Currency, Installments, Money, Plan, Timing};
use proptest::prelude::*;
use rust_decimal::Decimal;

fn date() -> impl Strategy<Value = NaiveDate> {
    (-30_000i64..30_000).prop_map(|k| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::TimeDelta::days(k))
}

fn tenor() -> impl Strategy<Value = Tenor> {
    (
        1u32..40,
        prop_oneof![
            Just(TimeUnit::Days),
            Just(TimeUnit::Weeks),
            Just(TimeUnit::Months),
            Just(TimeUnit::Years)
        ],
    )
        .prop_map(|(n, unit)| Tenor::new(n, unit))
}

fn big() -> Money {
    Money::new(Decimal::from(1_000_000_000_000i64), Currency::USD)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(400)))]

    /// Installments until an end date: the count from the dates is the
    /// number of payments generated (unadjusted, no end-of-month rule), and
    /// an upper bound with them.
    #[test]
    fn payment_count_is_the_generated_count(
        start in date(), span in 0i64..4_000, tenor in tenor(), arrears: bool, eom: bool,
    ) {
        let end = start + chrono::TimeDelta::days(span);
        let timing = if arrears { Timing::InArrears } else { Timing::InAdvance };
        let plain = Plan::Installments(Installments::until(start, end, tenor).timing(timing));
        let adjusted = Plan::Installments(
            Installments::until(start, end, tenor)
                .timing(timing)
                .end_of_month(eom)
                .adjusted(WeekendsOnly, BusinessDayConvention::ModifiedFollowing),
        );
        for (plan, exact) in [(plain, true), (adjusted, false)] {
            let count = plan.payment_count(big()).unwrap();
            match plan.schedule(big(), "t") {
                Ok(s) => {
                    let n = u64::try_from(s.len()).unwrap();
                    if exact {
                        prop_assert_eq!(n, count, "{}", plan);
                    } else {
                        prop_assert!(n <= count, "{}: {} > {}", plan, n, count);
                    }
                }
                // A span shorter than a tenor has no payment (or a
                // degenerate schedule): the count says at most one.
                Err(_) => prop_assert!(count <= 1, "{}: {}", plan, count),
            }
        }
    }

    /// An annual cap's count bounds its payments.
    #[test]
    fn annual_cap_count_is_an_upper_bound(start in date(), tenor in tenor(), years in 1i64..40) {
        let cap = Decimal::from(1_000_000i64);
        let amount = Money::new(cap * Decimal::from(years) - Decimal::ONE, Currency::USD);
        let plan = Plan::AnnualCap(AnnualCap::new(start, cap).tenor(tenor));
        let count = plan.payment_count(amount).unwrap();
        if let Ok(s) = plan.schedule(amount, "t") {
            prop_assert!(u64::try_from(s.len()).unwrap() <= count, "{} > {}", s.len(), count);
        }
    }
}

// ----- business days: arithmetic == the day-by-day walk ------------------

/// The trait's provided methods only: the day-by-day walk, the oracle.
struct Walk<'a>(&'a Calendar);

impl BusinessCalendar for Walk<'_> {
    fn is_business_day(&self, date: NaiveDate) -> bool {
        self.0.is_business_day(date)
    }
}

/// Where the dates of a case sit: around today, or near either end of
/// chrono's range.
fn anchor() -> impl Strategy<Value = NaiveDate> {
    prop_oneof![
        4 => Just(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()),
        1 => Just(NaiveDate::MIN + chrono::TimeDelta::days(30)),
        1 => Just(NaiveDate::MAX - chrono::TimeDelta::days(30)),
    ]
}

fn shift(d: NaiveDate, days: i64) -> NaiveDate {
    d.checked_add_signed(chrono::TimeDelta::days(days))
        .unwrap_or(if days < 0 { NaiveDate::MIN } else { NaiveDate::MAX })
}

/// A weekend (never the whole week) and holidays around `anchor`:
/// scattered days, short runs, and now and then a run longer than the
/// searches may cross (`MAX_HOLIDAY_RUN`).
fn calendar(anchor: NaiveDate) -> impl Strategy<Value = Calendar> {
    let weekend = prop::collection::vec(0u8..7, 0..4).prop_map(|days| {
        let week = [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
            Weekday::Sat,
            Weekday::Sun,
        ];
        Weekend::new(days.into_iter().map(|i| week[usize::from(i)])).unwrap()
    });
    let scattered = prop::collection::vec(-6_000i64..6_000, 0..300);
    let runs = prop::collection::vec((-6_000i64..6_000, 1i64..40), 0..20);
    let long = proptest::option::weighted(0.3, (-6_000i64..6_000, 3_600i64..3_700));
    (weekend, scattered, runs, long).prop_map(move |(weekend, scattered, runs, long)| {
        let mut days: Vec<NaiveDate> = scattered.into_iter().map(|k| shift(anchor, k)).collect();
        for (start, len) in runs.into_iter().chain(long) {
            days.extend((0..len).map(|k| shift(anchor, start + k)));
        }
        if days.is_empty() && weekend == Weekend::SATURDAY_SUNDAY {
            return Calendar::WeekendsOnly;
        }
        Calendar::Holidays(HolidayCalendar::with_weekend("p", weekend, days))
    })
}

/// A calendar, or two joined (by holidays: counted on the joined list; by
/// business days: walked).
fn any_calendar(anchor: NaiveDate) -> impl Strategy<Value = Calendar> {
    (calendar(anchor), calendar(anchor), 0u8..4).prop_map(|(a, b, how)| match how {
        0 | 1 => a,
        2 => Calendar::Joint(JointCalendar::new(vec![a, b], JointRule::JoinHolidays)),
        _ => Calendar::Joint(JointCalendar::new(vec![a, b], JointRule::JoinBusinessDays)),
    })
}

fn case() -> impl Strategy<Value = (Calendar, NaiveDate)> {
    anchor().prop_flat_map(|a| (any_calendar(a), (-7_000i64..7_000).prop_map(move |k| shift(a, k))))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(300)))]

    /// Advancing by business days: the same date, or the same error, as
    /// the walk.
    #[test]
    fn advance_equals_the_walk(
        (cal, date) in case(),
        n in prop_oneof![-20i64..20, -12_000i64..12_000],
    ) {
        let fast = cal.advance_business_days(date, n);
        let slow = Walk(&cal).advance_business_days(date, n);
        prop_assert_eq!(fast, slow, "{} {} on {}", date, n, cal);
    }

    /// Adjusting and counting business days: the same as the walk.
    #[test]
    fn adjust_and_count_equal_the_walk((cal, date) in case(), span in -9_000i64..9_000) {
        for convention in BusinessDayConvention::ALL {
            prop_assert_eq!(
                cal.adjust(date, convention),
                Walk(&cal).adjust(date, convention),
                "{} {} on {}", date, convention, cal
            );
        }
        let end = shift(date, span);
        prop_assert_eq!(
            cal.business_days_between(date, end),
            Walk(&cal).business_days_between(date, end)
        );
    }
}

#[test]
fn null_and_weekends_advance_as_the_walk() {
    let cals = [Calendar::Null, Calendar::WeekendsOnly];
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    for cal in &cals {
        for start in [jan1, NaiveDate::MIN, NaiveDate::MAX, shift(NaiveDate::MAX, -3)] {
            for n in [-1_000, -8, -7, -6, -5, -1, 0, 1, 4, 5, 6, 7, 1_000, 2_000_000] {
                let start = shift(start, 0);
                assert_eq!(
                    cal.advance_business_days(start, n),
                    Walk(cal).advance_business_days(start, n),
                    "{start} {n} on {cal}"
                );
            }
        }
    }
    let joint = Calendar::Joint(JointCalendar::new(
        vec![Calendar::WeekendsOnly],
        JointRule::JoinHolidays,
    ));
    assert_eq!(
        joint.advance_business_days(jan1, 45).unwrap(),
        NullCalendar.advance_business_days(jan1, 63).unwrap()
    );
}

// ----- shortest_tenor: the cheap scan == assessing every candidate ---------

mod solver {
    use super::*;
    use disburse::affordability::{
        Assessment, Capacity, Constraint, DebtProfile, Funding, FundingSource, Stock, Verdict, shortest_tenor,
    };
    use disburse::{Error, FiscalYear, FiscalYearLabel};

    /// The first feasible count by generating and assessing every
    /// candidate: the solver's definition.
    fn oracle(amount: Money, start: NaiveDate, tenor: Tenor, max: u32, a: &Assessment, accept: Verdict) -> Option<u32> {
        let rank = |v: Verdict| match v {
            Verdict::Affordable => 0,
            Verdict::Strained => 1,
            Verdict::Unaffordable => 2,
        };
        (1..=max).find(|&n| {
            let s = Plan::installments(start, n, tenor).schedule(amount, "solve").unwrap();
            rank(a.assess(&s).unwrap().summary.verdict) <= rank(accept)
        })
    }

    fn assessment() -> impl Strategy<Value = Assessment> {
        (
            1i64..400,
            proptest::option::of((0i64..3_000, 0i64..500)),
            proptest::option::of(0i64..50),
            1u32..=12,
            0.0f64..0.9,
        )
            .prop_map(|(cap, stock, limit, month, threshold)| {
                let mut cs = vec![Constraint::fixed_cap("cap", Decimal::new(cap, 0))];
                let mut sources = vec![];
                if let Some((level, floor)) = stock {
                    cs.push(Constraint::Stock(
                        Stock::new("reserves", 2026, Decimal::new(level, 0), 0.03)
                            .with_floor(Decimal::new(floor.min(level), 0)),
                    ));
                    sources.push(FundingSource::StockIncome);
                }
                sources.push(FundingSource::Borrowing {
                    coupon: 0.05,
                    limit_per_year: limit.map(|l| Decimal::new(l, 0)),
                    currency: None,
                    tenor: 10,
                    profile: DebtProfile::Bullet,
                });
                let fy = FiscalYear::new(month, FiscalYearLabel::EndYear).unwrap();
                let capacity = Capacity::new(Currency::USD, fy, cs).unwrap();
                let thresholds = disburse::affordability::Thresholds::new(threshold.max(0.01)).unwrap();
                Assessment::new(capacity)
                    .funding(Funding::new(sources, 0.04).unwrap())
                    .thresholds(thresholds)
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(64)))]

        #[test]
        fn shortest_tenor_equals_assessing_every_count(
            a in assessment(),
            cents in 1i64..400_000,
            start in (0i64..730).prop_map(|k| NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::TimeDelta::days(k)),
            tenor in prop_oneof![
                Just(Tenor::months(1)), Just(Tenor::months(3)), Just(Tenor::years(1)),
                Just(Tenor::weeks(2)), Just(Tenor::days(10)), Just(Tenor::months(15)),
            ],
            max in 1u32..150,
            affordable: bool,
        ) {
            let amount = Money::new(Decimal::new(cents, 2), Currency::USD);
            let accept = if affordable { Verdict::Affordable } else { Verdict::Strained };
            let want = oracle(amount, start, tenor, max, &a, accept);
            match shortest_tenor(amount, start, tenor, max, &a, accept) {
                Ok(got) => prop_assert_eq!(Some(got.periods), want),
                Err(Error::Infeasible { .. }) => prop_assert_eq!(None, want),
                Err(e) => prop_assert!(false, "{}", e),
            }
        }
    }

    /// Zero capacity and `u32::MAX` periods used to scan for ever (still
    /// running after 120 s); the start year fails at every count.
    #[test]
    fn nothing_payable_fails_fast() {
        let zero = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", Decimal::ZERO)],
        )
        .unwrap();
        let a = Assessment::new(zero);
        let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        for tenor in [Tenor::years(1), Tenor::months(1), Tenor::days(1)] {
            let err = shortest_tenor(big(), jan1, tenor, u32::MAX, &a, Verdict::Strained).unwrap_err();
            assert!(matches!(err, Error::Infeasible { .. }), "{err}");
        }
        // Affordable in year one only: every later year fails; the scan is
        // bounded by the plan horizon (1000 annual installments).
        let first_year_only = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::Stock(Stock::new("s", 2026, Decimal::new(1, 0), 0.0))],
        )
        .unwrap();
        let err = shortest_tenor(
            big(),
            jan1,
            Tenor::years(1),
            u32::MAX,
            &Assessment::new(first_year_only),
            Verdict::Strained,
        )
        .unwrap_err();
        assert!(err.to_string().contains("1000 installments"), "{err}");
        // Daily: a stock that pays the first year at the largest count but
        // not the whole: 100,000 counts (the plan limit) are scanned, each
        // failing in its first or second year.
        let first_year_only = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::Stock(Stock::new(
                "s",
                2026,
                Decimal::new(4_000_000_000, 0),
                0.0,
            ))],
        )
        .unwrap();
        let principal = Funding::new(vec![FundingSource::StockPrincipal], 0.0).unwrap();
        let err = shortest_tenor(
            big(),
            jan1,
            Tenor::days(1),
            u32::MAX,
            &Assessment::new(first_year_only).funding(principal),
            Verdict::Strained,
        )
        .unwrap_err();
        assert!(err.to_string().contains("100000 installments"), "{err}");
    }
}

/// Long advances are arithmetic: 60 million business days (the notice that
/// took 0.6 s a call, one day at a time) is 12 million whole weeks.
#[test]
fn long_advances_are_counted() {
    let thursday = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    assert_eq!(
        WeekendsOnly.advance_business_days(thursday, 60_000_000).unwrap(),
        shift(thursday, 84_000_000)
    );
    assert_eq!(
        WeekendsOnly.advance_business_days(thursday, -60_000_000).unwrap(),
        shift(thursday, -84_000_000)
    );
    // A holiday list over ten millennia (no bitmap), with a holiday every
    // 9 days: the same date as the walk, far away.
    let holidays: Vec<NaiveDate> = (0..400_000)
        .map(|k| shift(NaiveDate::from_ymd_opt(1, 1, 1).unwrap(), 9 * k))
        .collect();
    let cal = Calendar::Holidays(HolidayCalendar::new("every ninth day", holidays));
    for n in [1, 250_000, -250_000] {
        assert_eq!(
            cal.advance_business_days(thursday, n),
            Walk(&cal).advance_business_days(thursday, n),
            "{n}"
        );
    }
}

/// The walk counted days with `iter_days`, which stops one day short of
/// chrono's last date: between the last two dates of the range it found no
/// day to count (found by the property above).
#[test]
fn the_walk_counts_chronos_last_day() {
    let last = NaiveDate::MAX;
    let before = shift(last, -1);
    assert_eq!(Walk(&Calendar::Null).business_days_between(before, last), 1);
    assert_eq!(Walk(&Calendar::Null).business_days_between(last, before), -1);
    assert_eq!(Calendar::Null.business_days_between(last, before), -1);
}
