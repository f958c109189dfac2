//! End-to-end scenarios with exact, hand-checked values, and one bad input
//! for each error kind reachable through the public API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::time::{
    BusinessCalendar, BusinessDayConvention, Calendar, DateSchedule, DayCount, Frequency, HolidayCalendar, Tenor,
    Weekend, WeekendsOnly,
};
use disburse::{
    AnnualCap, Call, CapitalCalls, Commitment, Currency, Error, Explicit, ExplicitFlow, FiscalYear, FiscalYearLabel,
    Installments, Loading, MAX_PLAN_YEARS, Money, Period, PeriodBasis, Plan, Quantity, Ramp, RampShape, Rounding,
    Schedule, Tranche, WeightsPlan, allocate,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn krw(x: Decimal) -> Money {
    Money::new(x, Currency::KRW)
}

/// `date amount tranche` for each flow.
fn lines(s: &Schedule) -> Vec<String> {
    s.iter()
        .map(|f| format!("{} {} {}", f.date, f.amount, f.tranche))
        .collect()
}

/// `period: total` for each period.
fn totals(s: &Schedule, basis: PeriodBasis) -> Vec<String> {
    s.aggregate(basis).unwrap().iter().map(ToString::to_string).collect()
}

fn us_federal() -> FiscalYear {
    FiscalYear::new(10, FiscalYearLabel::EndYear).unwrap()
}

// ---------------------------------------------------------------------------
// $350B: upfront versus ten equal annual installments
// ---------------------------------------------------------------------------

#[test]
fn headline_350b_upfront_vs_ten_installments() {
    let jan1 = d(2026, 1, 1);
    let headline = usd(dec!(350_000_000_000));
    let upfront = Commitment::single("pledge", headline, Plan::upfront(jan1)).unwrap();
    let ten = upfront.with_plan(Plan::installments(jan1, 10, Frequency::Annual));

    // Upfront: everything on 2026-01-01 (a Thursday; the null calendar moves nothing anyway).
    let s = upfront.schedule().unwrap();
    assert_eq!(lines(&s), ["2026-01-01 USD 350,000,000,000.00 pledge"]);
    assert_eq!(totals(&s, PeriodBasis::CalendarYear), ["2026: USD 350,000,000,000.00"]);

    // Ten installments: 350e9 / 10 = 35e9 exactly, on 1 January 2026 … 2035.
    let s = ten.schedule().unwrap();
    let want: Vec<String> = (2026..=2035)
        .map(|y| format!("{y}-01-01 USD 35,000,000,000.00 pledge"))
        .collect();
    assert_eq!(lines(&s), want);
    let want: Vec<String> = (2026..=2035).map(|y| format!("{y}: USD 35,000,000,000.00")).collect();
    assert_eq!(totals(&s, PeriodBasis::CalendarYear), want);
    assert_eq!(s.total().unwrap(), headline);
    // Quarters: only the first quarter of each year pays; 2026-Q1 … 2035-Q1 is 37 quarters.
    let q = s.aggregate(PeriodBasis::Quarter).unwrap();
    assert_eq!(q.len(), 37);
    assert_eq!(q[1].to_string(), "2026-Q2: USD 0.00");
    assert_eq!(q[4].to_string(), "2027-Q1: USD 35,000,000,000.00");
    // Cumulative: 35e9 · k after the k-th payment.
    let cum = s.cumulative().unwrap();
    assert_eq!(cum[4], (d(2030, 1, 1), usd(dec!(175_000_000_000))));
    assert_eq!(cum[9], (d(2035, 1, 1), headline));
    // Every year ties at 35e9: the earliest is the peak.
    let peak = s.peak(PeriodBasis::CalendarYear).unwrap().unwrap();
    assert_eq!(peak.period, Period::Year(2026));
    assert_eq!(peak.total.compact().to_string(), "$35.00B");

    // The same ten payments on weekdays with Modified Following: 1 January
    // falls on a Saturday in 2028 and 2033 (→ Monday 3rd) and on a Sunday in
    // 2034 (→ Monday 2nd); the amounts are unchanged.
    let weekdays = Plan::Installments(
        Installments::count(jan1, 10, Tenor::years(1)).adjusted(WeekendsOnly, BusinessDayConvention::ModifiedFollowing),
    );
    let s = weekdays.schedule(headline, "pledge").unwrap();
    assert!(s.iter().all(|f| f.amount == usd(dec!(35_000_000_000))));
    let dates: Vec<String> = s.iter().map(|f| f.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2026-01-01", // Thu
            "2027-01-01", // Fri
            "2028-01-03", // Sat 1st → Mon 3rd
            "2029-01-01", // Mon
            "2030-01-01", // Tue
            "2031-01-01", // Wed
            "2032-01-01", // Thu
            "2033-01-03", // Sat 1st → Mon 3rd
            "2034-01-02", // Sun 1st → Mon 2nd
            "2035-01-01", // Mon
        ]
    );
}

// ---------------------------------------------------------------------------
// Korea–US: $200B cash capped at $20B a year + $150B shipbuilding over ten years
// ---------------------------------------------------------------------------

#[test]
fn korea_us_structure() {
    let jan1 = d(2026, 1, 1);
    let deal = Commitment::new(
        "Korea-US 2025",
        usd(dec!(350_000_000_000)),
        vec![
            Tranche::new(
                "cash",
                usd(dec!(200_000_000_000)),
                Plan::annual_cap(jan1, dec!(20_000_000_000)),
            ),
            Tranche::new(
                "shipbuilding",
                usd(dec!(150_000_000_000)),
                Plan::installments(jan1, 10, Frequency::Annual),
            ),
        ],
    )
    .unwrap();
    assert_eq!(
        deal.to_string(),
        "Korea-US 2025: USD 350,000,000,000.00\n  \
         cash: USD 200,000,000,000.00 (at most 20000000000 a year from 2026-01-01)\n  \
         shipbuilding: USD 150,000,000,000.00 (10 installments every 1Y from 2026-01-01)"
    );
    let s = deal.schedule().unwrap();
    // Cash: 200e9 / 20e9 = 10 years of exactly the cap; shipbuilding: 150e9 / 10 = 15e9.
    // On each 1 January the cash flow comes first (tranche order).
    assert_eq!(s.len(), 20);
    assert_eq!(
        lines(&s)[..4],
        [
            "2026-01-01 USD 20,000,000,000.00 cash",
            "2026-01-01 USD 15,000,000,000.00 shipbuilding",
            "2027-01-01 USD 20,000,000,000.00 cash",
            "2027-01-01 USD 15,000,000,000.00 shipbuilding",
        ]
    );
    assert_eq!(s.last_date(), Some(d(2035, 1, 1)));
    // 20e9 + 15e9 = 35e9 in each of 2026 … 2035.
    let want: Vec<String> = (2026..=2035).map(|y| format!("{y}: USD 35,000,000,000.00")).collect();
    assert_eq!(totals(&s, PeriodBasis::CalendarYear), want);
    assert_eq!(s.total().unwrap(), usd(dec!(350_000_000_000)));
    let cash = s.tranche("cash");
    assert_eq!(cash.len(), 10);
    assert!(cash.iter().all(|f| f.amount == usd(dec!(20_000_000_000))));
    assert_eq!(cash.total().unwrap(), usd(dec!(200_000_000_000)));
    assert_eq!(s.tranche("shipbuilding").total().unwrap(), usd(dec!(150_000_000_000)));

    // A cap that does not divide the tranche: 200e9 at 30e9 a year is six
    // years of 30e9 (180e9) and 20e9 in the seventh.
    let cash = Plan::annual_cap(jan1, dec!(30_000_000_000))
        .schedule(usd(dec!(200_000_000_000)), "cash")
        .unwrap();
    let years = totals(&cash, PeriodBasis::CalendarYear);
    assert_eq!(years.len(), 7);
    assert_eq!(years[5], "2031: USD 30,000,000,000.00");
    assert_eq!(years[6], "2032: USD 20,000,000,000.00");
}

// ---------------------------------------------------------------------------
// KRW: no minor units, an amount that does not divide evenly
// ---------------------------------------------------------------------------

#[test]
fn krw_uneven_split() {
    let jan1 = d(2026, 1, 1);
    // 1,000,000,001 = 3 × 333,333,333 + 2: the two leftover won go one each
    // to the earliest payments (equal remainders, ties to the lower index).
    let c = Commitment::single(
        "won",
        krw(dec!(1_000_000_001)),
        Plan::installments(jan1, 3, Frequency::Annual),
    )
    .unwrap();
    let s = c.schedule().unwrap();
    assert_eq!(
        lines(&s),
        [
            "2026-01-01 KRW 333,333,334 won",
            "2027-01-01 KRW 333,333,334 won",
            "2028-01-01 KRW 333,333,333 won",
        ]
    );
    assert_eq!(
        s.to_string(),
        "2026-01-01               KRW 333,333,334  won\n\
         2027-01-01               KRW 333,333,334  won\n\
         2028-01-01               KRW 333,333,333  won\n"
    );
    assert_eq!(s.total().unwrap(), krw(dec!(1_000_000_001)));
    assert!(s.iter().all(|f| f.amount.amount().scale() == 0));

    // In arrears the same amounts move one year later.
    let arrears = Plan::Installments(Installments::count(jan1, 3, Tenor::years(1)).timing(disburse::Timing::InArrears));
    let s = arrears.schedule(krw(dec!(1_000_000_001)), "won").unwrap();
    assert_eq!(s.first_date(), Some(d(2027, 1, 1)));
    assert_eq!(s.flows()[0].amount, krw(dec!(333_333_334)));

    // 2 won over 3 payments: the third part is zero and is dropped.
    let s = Plan::installments(jan1, 3, Frequency::Annual)
        .schedule(krw(dec!(2)), "won")
        .unwrap();
    assert_eq!(lines(&s), ["2026-01-01 KRW 1 won", "2027-01-01 KRW 1 won"]);

    // A back-loaded linear ramp of 1,000,000,001 won over 4 years: weights
    // 1:2:3:4 of 10 give 100,000,000.1 / 200,000,000.2 / 300,000,000.3 /
    // 400,000,000.4; the floors sum to 1,000,000,000, and the one leftover
    // won goes to the largest remainder (0.4, the last payment).
    let ramp = Ramp::new(jan1, 4, Tenor::years(1), Loading::Back, RampShape::Linear);
    let s = Plan::Ramp(ramp).schedule(krw(dec!(1_000_000_001)), "won").unwrap();
    let amounts: Vec<String> = s.iter().map(|f| f.amount.to_string()).collect();
    assert_eq!(
        amounts,
        [
            "KRW 100,000,000",
            "KRW 200,000,000",
            "KRW 300,000,000",
            "KRW 400,000,001"
        ]
    );
}

// ---------------------------------------------------------------------------
// Japan-like capital calls: $550B on 45 business days' notice until 2029-01-19
// ---------------------------------------------------------------------------

/// Eleven calls of $50B, noticed on the 15th of January, April, July and
/// October from 2026-01-15 to 2028-07-15.
fn japan_calls() -> Vec<Call> {
    let mut calls = Vec::new();
    for (y, m) in [
        (2026, 1),
        (2026, 4),
        (2026, 7),
        (2026, 10),
        (2027, 1),
        (2027, 4),
        (2027, 7),
        (2027, 10),
        (2028, 1),
        (2028, 4),
        (2028, 7),
    ] {
        calls.push(Call {
            notice: d(y, m, 15),
            amount: dec!(50_000_000_000),
        });
    }
    calls
}

#[test]
fn japan_capital_calls_uncapped() {
    let total = usd(dec!(550_000_000_000));
    let plan = CapitalCalls::new(japan_calls(), 45, Calendar::WeekendsOnly);
    // 45 business days on a weekends-only calendar are 9 weeks: from a
    // weekday the due date is the same weekday 63 days later. From a
    // Saturday the count starts as if from the Friday before (QuantLib's
    // advance), so the due date is that Friday 9 weeks on (62 days later).
    assert_eq!(plan.due_date(d(2026, 1, 15)).unwrap(), d(2026, 3, 19)); // Thu → Thu
    assert_eq!(plan.due_date(d(2028, 1, 15)).unwrap(), d(2028, 3, 17)); // Sat → Fri
    let s = Plan::CapitalCalls(plan).schedule(total, "japan").unwrap();
    let dates: Vec<String> = s.iter().map(|f| f.date.to_string()).collect();
    assert_eq!(
        dates,
        [
            "2026-03-19", // notice Thu 2026-01-15
            "2026-06-17", // Wed 2026-04-15
            "2026-09-16", // Wed 2026-07-15
            "2026-12-17", // Thu 2026-10-15
            "2027-03-19", // Fri 2027-01-15
            "2027-06-17", // Thu 2027-04-15
            "2027-09-16", // Thu 2027-07-15
            "2027-12-17", // Fri 2027-10-15
            "2028-03-17", // Sat 2028-01-15
            "2028-06-16", // Sat 2028-04-15
            "2028-09-15", // Sat 2028-07-15
        ]
    );
    assert!(s.iter().all(|f| f.amount == usd(dec!(50_000_000_000))));
    assert!(s.iter().all(|f| WeekendsOnly.is_business_day(f.date)));
    // Everything is paid before 2029-01-19: 200e9 in 2026, 200e9 in 2027, 150e9 in 2028.
    assert!(s.last_date().unwrap() < d(2029, 1, 19));
    assert_eq!(
        totals(&s, PeriodBasis::CalendarYear),
        [
            "2026: USD 200,000,000,000.00",
            "2027: USD 200,000,000,000.00",
            "2028: USD 150,000,000,000.00"
        ]
    );
}

#[test]
fn japan_capital_calls_capped_at_100b_a_year() {
    let total = usd(dec!(550_000_000_000));
    let plan = CapitalCalls::new(japan_calls(), 45, Calendar::WeekendsOnly).annual_cap(dec!(100_000_000_000));
    let s = Plan::CapitalCalls(plan).schedule(total, "japan").unwrap();
    // 2026: the first two calls (100e9) fill the cap; the other two (100e9) carry.
    // 2027: the carry fills the cap on the first business day, Fri 1 January;
    //       all four 2027 calls carry (carry 200e9).
    // 2028: 100e9 of carry on Mon 3 January (1 January is a Saturday); the
    //       three 2028 calls carry (carry 100e9 + 150e9 = 250e9).
    // 2029, 2030: 100e9 each on 1 January (Mon, Tue); 2031: the last 50e9 (Wed).
    assert_eq!(
        lines(&s),
        [
            "2026-03-19 USD 50,000,000,000.00 japan",
            "2026-06-17 USD 50,000,000,000.00 japan",
            "2027-01-01 USD 100,000,000,000.00 japan",
            "2028-01-03 USD 100,000,000,000.00 japan",
            "2029-01-01 USD 100,000,000,000.00 japan",
            "2030-01-01 USD 100,000,000,000.00 japan",
            "2031-01-01 USD 50,000,000,000.00 japan",
        ]
    );
    assert_eq!(
        totals(&s, PeriodBasis::CalendarYear),
        [
            "2026: USD 100,000,000,000.00",
            "2027: USD 100,000,000,000.00",
            "2028: USD 100,000,000,000.00",
            "2029: USD 100,000,000,000.00",
            "2030: USD 100,000,000,000.00",
            "2031: USD 50,000,000,000.00",
        ]
    );
    assert_eq!(s.total().unwrap(), total);
    // By 2029-01-19 only 400e9 of the 550e9 has been paid.
    let paid = s
        .cumulative()
        .unwrap()
        .into_iter()
        .take_while(|(date, _)| *date <= d(2029, 1, 19))
        .last()
        .unwrap()
        .1;
    assert_eq!(paid, usd(dec!(400_000_000_000)));
}

// ---------------------------------------------------------------------------
// Fiscal-year caps (US federal: FY2026 runs from 1 October 2025)
// ---------------------------------------------------------------------------

#[test]
fn fiscal_year_cap_us_federal() {
    let plan = Plan::AnnualCap(
        AnnualCap::new(d(2025, 10, 1), dec!(20_000_000_000))
            .tenor(Tenor::months(3))
            .fiscal_year(us_federal()),
    );
    let s = plan.schedule(usd(dec!(70_000_000_000)), "fy").unwrap();
    // Quarterly dates from 2025-10-01; four per fiscal year. FY2026–FY2028
    // pay the 20e9 cap as 4 × 5e9; FY2029 pays the remaining 10e9 as 4 × 2.5e9.
    assert_eq!(s.len(), 16);
    let fy_totals = totals(&s, PeriodBasis::FiscalYear(us_federal()));
    assert_eq!(
        fy_totals,
        [
            "FY2026: USD 20,000,000,000.00",
            "FY2027: USD 20,000,000,000.00",
            "FY2028: USD 20,000,000,000.00",
            "FY2029: USD 10,000,000,000.00",
        ]
    );
    assert_eq!(s.flows()[0].date, d(2025, 10, 1));
    assert_eq!(s.flows()[0].amount, usd(dec!(5_000_000_000)));
    assert_eq!(s.flows()[12].date, d(2028, 10, 1));
    assert_eq!(s.flows()[12].amount, usd(dec!(2_500_000_000)));
    assert_eq!(s.last_date(), Some(d(2029, 7, 1)));
    // The same flows by calendar year straddle the fiscal years:
    // 2025: Oct (5); 2026: Jan–Jul of FY2026 (15) + Oct of FY2027 (5);
    // 2027: 15 + 5; 2028: 15 + Oct of FY2029 (2.5); 2029: 3 × 2.5.
    assert_eq!(
        totals(&s, PeriodBasis::CalendarYear),
        [
            "2025: USD 5,000,000,000.00",
            "2026: USD 20,000,000,000.00",
            "2027: USD 20,000,000,000.00",
            "2028: USD 17,500,000,000.00",
            "2029: USD 7,500,000,000.00",
        ]
    );
}

#[test]
fn capital_calls_with_fiscal_cap_spill_into_october() {
    // Two $15B calls due Fri 2026-07-03 and Mon 2026-08-03 (45 business
    // days = 9 weeks after Fri 1 May and Mon 1 June), both in FY2026.
    let calls = vec![
        Call {
            notice: d(2026, 5, 1),
            amount: dec!(15_000_000_000),
        },
        Call {
            notice: d(2026, 6, 1),
            amount: dec!(15_000_000_000),
        },
    ];
    let base = CapitalCalls::new(calls, 45, Calendar::WeekendsOnly).annual_cap(dec!(20_000_000_000));
    let total = usd(dec!(30_000_000_000));
    // US federal year: 15 + 5 in FY2026; the 10 left spills to FY2027,
    // which starts on Thu 2026-10-01.
    let fiscal = Plan::CapitalCalls(base.clone().fiscal_year(us_federal()))
        .schedule(total, "calls")
        .unwrap();
    assert_eq!(
        lines(&fiscal),
        [
            "2026-07-03 USD 15,000,000,000.00 calls",
            "2026-08-03 USD 5,000,000,000.00 calls",
            "2026-10-01 USD 10,000,000,000.00 calls",
        ]
    );
    // Calendar year: the spill waits until Fri 2027-01-01.
    let calendar = Plan::CapitalCalls(base).schedule(total, "calls").unwrap();
    assert_eq!(calendar.last_date(), Some(d(2027, 1, 1)));
    assert_eq!(calendar.flows()[2].amount, usd(dec!(10_000_000_000)));
}

// ---------------------------------------------------------------------------
// Other plan kinds end to end
// ---------------------------------------------------------------------------

#[test]
fn weights_explicit_and_geometric_ramp() {
    let jan1 = d(2026, 1, 1);
    // 350e9 × (0.1, 0.2, 0.3, 0.4).
    let w = Plan::Weights(WeightsPlan::new(
        jan1,
        Tenor::years(1),
        vec![dec!(0.1), dec!(0.2), dec!(0.3), dec!(0.4)],
    ));
    let s = w.schedule(usd(dec!(350_000_000_000)), "w").unwrap();
    let compact: Vec<String> = s.iter().map(|f| f.amount.compact().to_string()).collect();
    assert_eq!(compact, ["$35.00B", "$70.00B", "$105.00B", "$140.00B"]);

    // Explicit flows, given out of order and with a repeated date.
    let e = Plan::Explicit(Explicit::new(vec![
        ExplicitFlow {
            date: d(2027, 6, 30),
            amount: dec!(100),
        },
        ExplicitFlow {
            date: d(2026, 6, 30),
            amount: dec!(0.01),
        },
        ExplicitFlow {
            date: d(2027, 6, 30),
            amount: dec!(49.99),
        },
    ]));
    let s = e.schedule(usd(dec!(150)), "e").unwrap();
    assert_eq!(lines(&s), ["2026-06-30 USD 0.01 e", "2027-06-30 USD 149.99 e"]);

    // Front-loaded geometric ramp, ratio 2: weights 8:4:2:1 of 15 over USD 100:
    // 53.333… / 26.666… / 13.333… / 6.666… → floors 53.33 / 26.66 / 13.33 / 6.66
    // (99.98); the two leftover cents go to the largest remainders (2/3 of a
    // cent each for the second and fourth, 1/3 for the others).
    let r = Ramp::new(
        jan1,
        4,
        Tenor::months(6),
        Loading::Front,
        RampShape::Geometric { ratio: dec!(2) },
    );
    let s = Plan::Ramp(r).schedule(usd(dec!(100)), "r").unwrap();
    assert_eq!(
        lines(&s),
        [
            "2026-01-01 USD 53.33 r",
            "2026-07-01 USD 26.67 r",
            "2027-01-01 USD 13.33 r",
            "2027-07-01 USD 6.67 r",
        ]
    );
}

#[test]
fn day_counts_over_the_ten_year_schedule() {
    let s = DateSchedule::builder(d(2026, 1, 1), d(2036, 1, 1), Frequency::Annual)
        .build()
        .unwrap();
    assert_eq!(s.len(), 11);
    let (a, b) = (s.dates()[0], s.dates()[10]);
    // 3652 days (2028 and 2032 are leap years).
    assert_eq!(DayCount::Actual365Fixed.year_fraction(a, b).to_string(), "3652/365");
    assert_eq!(DayCount::Actual360.year_fraction(a, b).to_string(), "3652/360");
    assert_eq!(DayCount::Thirty360BondBasis.year_fraction(a, b).to_string(), "3600/360");
    assert_eq!(DayCount::ActualActualIsda.year_fraction(a, b).to_f64(), 10.0);
}

// ---------------------------------------------------------------------------
// Errors: one bad input per reachable variant
// ---------------------------------------------------------------------------

#[test]
fn money_errors() {
    let e = usd(dec!(1))
        .checked_add(Money::new(dec!(1), Currency::EUR))
        .unwrap_err();
    assert_eq!(
        e,
        Error::CurrencyMismatch {
            expected: Currency::USD,
            found: Currency::EUR
        }
    );
    assert_eq!(e.to_string(), "currency mismatch: expected USD, found EUR");

    let e = "ZZZ".parse::<Currency>().unwrap_err();
    assert_eq!(e, Error::UnknownCurrency { code: "ZZZ".into() });
    assert_eq!(e.to_string(), "unknown currency code `ZZZ`");

    let e = Currency::new("US", 2).unwrap_err();
    assert_eq!(
        e.to_string(),
        "invalid currency `US`: code must be exactly three ASCII letters"
    );
    assert!(matches!(Currency::new("XAU", 19), Err(Error::InvalidCurrency { .. })));

    let e = usd(Decimal::MAX).checked_add(usd(dec!(1))).unwrap_err();
    assert_eq!(
        e,
        Error::Overflow {
            operation: "money addition"
        }
    );
    assert_eq!(e.to_string(), "arithmetic overflow in money addition");

    let e = usd(dec!(0.001)).to_minor_units().unwrap_err();
    assert!(matches!(e, Error::NotWholeMinorUnits { .. }));
    let e = usd(dec!(1)).checked_div(dec!(0)).unwrap_err();
    assert_eq!(e.to_string(), "divisor is out of range: must not be zero");

    let e = "banker".parse::<Rounding>().unwrap_err();
    assert!(matches!(e, Error::Parse { kind: "rounding", .. }));
}

#[test]
fn allocation_errors() {
    let total = usd(dec!(10));
    assert_eq!(allocate(total, &[]).unwrap_err().to_string(), "weights are empty");
    let e = allocate(total, &[dec!(1), dec!(-0.5)]).unwrap_err();
    assert_eq!(
        e,
        Error::NegativeWeight {
            index: 1,
            value: dec!(-0.5)
        }
    );
    assert_eq!(e.to_string(), "weight #1 is negative (-0.5)");
    let e = allocate(total, &[dec!(0), dec!(0)]).unwrap_err();
    assert_eq!(e, Error::ZeroWeights);
    assert_eq!(e.to_string(), "weights sum to zero");
    assert_eq!(
        total.split_evenly(0).unwrap_err().to_string(),
        "parts must be at least 1"
    );
}

#[test]
fn commitment_errors() {
    let jan1 = d(2026, 1, 1);
    let t = |name: &str, x: Decimal| Tranche::new(name, usd(x), Plan::upfront(jan1));

    let e = Commitment::new("deal", usd(dec!(10)), vec![]).unwrap_err();
    assert_eq!(e, Error::NoTranches { name: "deal".into() });
    assert_eq!(e.to_string(), "commitment `deal` has no tranches");

    let e = Commitment::new("deal", usd(dec!(10)), vec![t("a", dec!(5)), t("a", dec!(5))]).unwrap_err();
    assert_eq!(e.to_string(), "duplicate tranche name `a`");
    assert!(matches!(e, Error::DuplicateTranche { .. }));

    let e = Commitment::new("deal", usd(dec!(10)), vec![t("a", dec!(4))]).unwrap_err();
    assert_eq!(e.to_string(), "tranches sum to USD 4.00, but the headline is USD 10.00");
    assert!(matches!(e, Error::TranchesDoNotSum { .. }));

    let e = Commitment::new("deal", usd(dec!(-1)), vec![t("a", dec!(-1))]).unwrap_err();
    assert_eq!(e.to_string(), "headline must be positive, got USD -1.00");
    assert!(matches!(e, Error::NonPositiveAmount { .. }));

    let eur = Tranche::new("e", Money::new(dec!(10), Currency::EUR), Plan::upfront(jan1));
    let e = Commitment::new("deal", usd(dec!(10)), vec![eur]).unwrap_err();
    assert!(matches!(e, Error::CurrencyMismatch { .. }));

    // Invalid commitments are rejected on deserialization too.
    let json = r#"{"name":"deal","headline":{"amount":"10","currency":"USD"},"tranches":[]}"#;
    let e = serde_json::from_str::<Commitment>(json).unwrap_err();
    assert!(e.to_string().contains("commitment `deal` has no tranches"), "{e}");
}

#[test]
fn plan_amount_and_count_errors() {
    let jan1 = d(2026, 1, 1);
    let e = Plan::upfront(jan1).schedule(usd(dec!(0)), "x").unwrap_err();
    assert_eq!(e.to_string(), "tranche `x` must be positive, got USD 0.00");

    let e = Plan::upfront(jan1).schedule(krw(dec!(1.5)), "x").unwrap_err();
    assert_eq!(
        e,
        Error::NotWholeMinorUnits {
            what: Quantity::Tranche("x".into()),
            amount: dec!(1.5),
            currency: Currency::KRW
        }
    );
    assert_eq!(
        e.to_string(),
        "tranche `x`: 1.5 is not a whole number of minor units of KRW"
    );

    let e = Plan::installments(jan1, 0, Frequency::Annual)
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert_eq!(
        e,
        Error::ZeroCount {
            what: Quantity::PaymentCount
        }
    );
    assert_eq!(e.to_string(), "payment count must be at least 1");

    let zero = Ramp::new(jan1, 0, Tenor::years(1), Loading::Back, RampShape::Linear);
    let e = Plan::Ramp(zero).schedule(usd(dec!(1)), "x").unwrap_err();
    assert_eq!(e.to_string(), "ramp payment count must be at least 1");

    let e = Plan::Installments(Installments::until(jan1, d(2030, 1, 1), Tenor::months(0)))
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert_eq!(e, Error::ZeroTenor);
    assert_eq!(e.to_string(), "tenor must be longer than zero");
    let e = Plan::AnnualCap(AnnualCap::new(jan1, dec!(1)).tenor(Tenor::days(0)))
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert_eq!(e, Error::ZeroTenor);

    // Both or neither of `count` and `end` cannot be written down; reading
    // them is an error.
    for fields in [r#", "count": 3, "end": "2030-01-01""#, ""] {
        let json = format!(r#"{{"kind": "installments", "start": "2026-01-01"{fields}}}"#);
        let e = serde_json::from_str::<Plan>(&json).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("installments is out of range: give exactly one of `count` and `end`"),
            "{json}: {e}"
        );
    }

    let bad_ratio = Ramp::new(
        jan1,
        3,
        Tenor::years(1),
        Loading::Back,
        RampShape::Geometric { ratio: dec!(-1) },
    );
    let e = Plan::Ramp(bad_ratio).schedule(usd(dec!(1)), "x").unwrap_err();
    assert_eq!(e.to_string(), "ramp ratio is out of range: must be positive, got -1");

    let huge = Ramp::new(
        jan1,
        40,
        Tenor::years(1),
        Loading::Back,
        RampShape::Geometric { ratio: dec!(10) },
    );
    let e = Plan::Ramp(huge).schedule(usd(dec!(1)), "x").unwrap_err();
    assert_eq!(e.to_string(), "arithmetic overflow in geometric ramp weights");
}

#[test]
fn plan_weight_flow_and_cap_errors() {
    let jan1 = d(2026, 1, 1);
    let weights = |w: Vec<Decimal>| Plan::Weights(WeightsPlan::new(jan1, Tenor::years(1), w));
    let e = weights(vec![]).schedule(usd(dec!(1)), "x").unwrap_err();
    assert_eq!(e, Error::EmptyWeights);
    let e = weights(vec![dec!(1.5), dec!(-0.5)])
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert!(matches!(e, Error::NegativeWeight { index: 1, .. }));
    let e = weights(vec![dec!(0.5), dec!(0.4)])
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert_eq!(e, Error::WeightsDoNotSumToOne { sum: dec!(0.9) });
    assert_eq!(e.to_string(), "weights must sum to 1, they sum to 0.9");

    let e = Plan::Explicit(Explicit::new(vec![]))
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert_eq!(
        e,
        Error::Empty {
            what: Quantity::ExplicitFlows
        }
    );
    assert_eq!(e.to_string(), "explicit flows is empty");
    let e = Plan::Explicit(Explicit::new(vec![ExplicitFlow {
        date: jan1,
        amount: dec!(4),
    }]))
    .schedule(usd(dec!(10)), "x")
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        "explicit plan: flows sum to USD 4.00, but must sum to USD 10.00"
    );

    // Japan's calls summing to 550e9, for a 500e9 tranche.
    let calls = CapitalCalls::new(japan_calls(), 45, Calendar::WeekendsOnly);
    let e = Plan::CapitalCalls(calls)
        .schedule(usd(dec!(500_000_000_000)), "x")
        .unwrap_err();
    assert_eq!(
        e,
        Error::FlowsDoNotSum {
            what: Quantity::CapitalCalls,
            expected: usd(dec!(500e9)),
            sum: usd(dec!(550e9))
        }
    );
    let e = Plan::CapitalCalls(CapitalCalls::new(vec![], 45, Calendar::WeekendsOnly))
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert_eq!(e.to_string(), "capital calls is empty");
    let negative_call = CapitalCalls::new(
        vec![Call {
            notice: jan1,
            amount: dec!(-5),
        }],
        45,
        Calendar::WeekendsOnly,
    );
    let e = Plan::CapitalCalls(negative_call)
        .schedule(usd(dec!(5)), "x")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "call noticed on 2026-01-01 must be positive, got USD -5.00"
    );

    // A cap of a tenth of a cent rounds down to nothing.
    let e = Plan::annual_cap(jan1, dec!(0.001))
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert!(matches!(e, Error::NonPositiveAmount { .. }));
    // One cent a year cannot pay $350B within MAX_PLAN_YEARS.
    let e = Plan::annual_cap(jan1, dec!(0.01))
        .schedule(usd(dec!(350_000_000_000)), "x")
        .unwrap_err();
    assert_eq!(
        e,
        Error::CapTooSmall {
            cap: usd(dec!(0.01)),
            amount: usd(dec!(350e9)),
            max_years: MAX_PLAN_YEARS
        }
    );
    assert_eq!(
        e.to_string(),
        "cap USD 0.01 per year cannot pay USD 350,000,000,000.00 within 1000 years"
    );
}

#[test]
fn date_errors() {
    let jan1 = d(2026, 1, 1);
    let e = DateSchedule::builder(jan1, jan1, Tenor::years(1)).build().unwrap_err();
    assert_eq!(
        e,
        Error::TerminationNotAfterEffective {
            effective: jan1,
            termination: jan1
        }
    );
    assert_eq!(
        e.to_string(),
        "termination date 2026-01-01 must be after effective date 2026-01-01"
    );
    // Through a plan: installments until a date before the start.
    let e = Plan::Installments(Installments::until(jan1, d(2025, 1, 1), Tenor::years(1)))
        .schedule(usd(dec!(1)), "x")
        .unwrap_err();
    assert!(matches!(e, Error::TerminationNotAfterEffective { .. }));

    let e = DateSchedule::builder(jan1, d(2027, 1, 1), Tenor::months(1))
        .first_date(d(2027, 2, 1))
        .build()
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "first date 2027-02-01 lies outside the schedule 2026-01-01..2027-01-01"
    );
    assert!(matches!(
        e,
        Error::StubOutOfRange {
            which: "first date",
            ..
        }
    ));

    // Saturday to Sunday, both adjusted to Monday: a single date.
    let e = DateSchedule::builder(d(2026, 1, 3), d(2026, 1, 4), Tenor::days(1))
        .calendar(&WeekendsOnly)
        .convention(BusinessDayConvention::Following)
        .build()
        .unwrap_err();
    assert!(matches!(e, Error::DegenerateSchedule { .. }), "{e}");

    let e = Tenor::years(1).add_to(NaiveDate::MAX, 1).unwrap_err();
    assert!(matches!(e, Error::DateOutOfRange { .. }), "{e}");
    // A calendar closed for more than ten years: adjustment gives up.
    let closed = HolidayCalendar::new("closed", jan1.iter_days().take(4_000));
    let plan = Plan::Upfront(disburse::Upfront {
        date: jan1,
        calendar: Calendar::Holidays(closed),
        convention: BusinessDayConvention::Following,
    });
    let e = plan.schedule(usd(dec!(1)), "x").unwrap_err();
    assert_eq!(
        e.to_string(),
        "date out of range: no business day within 3660 days of 2026-01-01"
    );

    let e = FiscalYear::new(13, FiscalYearLabel::EndYear).unwrap_err();
    assert_eq!(
        e.to_string(),
        "fiscal year start month is out of range: must be 1 to 12, got 13"
    );
    let all = [
        chrono::Weekday::Mon,
        chrono::Weekday::Tue,
        chrono::Weekday::Wed,
        chrono::Weekday::Thu,
        chrono::Weekday::Fri,
        chrono::Weekday::Sat,
        chrono::Weekday::Sun,
    ];
    assert!(matches!(
        Weekend::new(all),
        Err(Error::Invalid {
            what: Quantity::Weekend,
            ..
        })
    ));

    // Unordered dates are reachable through deserialization only. (The
    // message's order of the two dates is not asserted: see the report.)
    let bad = r#"{"dates": ["2026-02-01", "2026-01-01"], "regular": [true]}"#;
    let e = serde_json::from_str::<DateSchedule>(bad).unwrap_err().to_string();
    assert!(e.starts_with("schedule: dates must increase, but "), "{e}");
    assert!(e.contains("2026-01-01") && e.contains("2026-02-01"), "{e}");
}

#[test]
fn parse_errors() {
    let e = "1Q".parse::<Tenor>().unwrap_err();
    assert_eq!(
        e,
        Error::Parse {
            kind: "tenor",
            input: "1Q".into(),
            expected: "a count and a unit such as 45D, 2W, 3M or 1Y"
        }
    );
    assert_eq!(
        e.to_string(),
        "invalid tenor `1Q`: expected a count and a unit such as 45D, 2W, 3M or 1Y"
    );
    assert!(matches!(
        "fortnightly".parse::<Frequency>(),
        Err(Error::Parse { kind: "frequency", .. })
    ));
    assert!(matches!(
        "act/364".parse::<DayCount>(),
        Err(Error::Parse { kind: "day count", .. })
    ));
    assert!(matches!(
        "nearest".parse::<BusinessDayConvention>(),
        Err(Error::Parse {
            kind: "business-day convention",
            ..
        })
    ));
    // Serde reports the same messages.
    let e = serde_json::from_str::<Tenor>("\"1Q\"").unwrap_err();
    assert!(e.to_string().contains("invalid tenor `1Q`"), "{e}");
}

// ---------------------------------------------------------------------------
// A scenario file, end to end through serde
// ---------------------------------------------------------------------------

#[test]
fn scenario_from_json() {
    let json = r#"{
        "name": "Korea-US 2025",
        "headline": {"amount": "350000000000", "currency": "USD"},
        "tranches": [
            {"name": "cash", "amount": {"amount": "200000000000", "currency": "USD"},
             "plan": {"kind": "annual_cap", "start": "2026-01-01", "cap": "20000000000",
                      "calendar": "weekends_only", "convention": "modified_following"}},
            {"name": "shipbuilding", "amount": {"amount": "150000000000", "currency": "USD"},
             "plan": {"kind": "installments", "start": "2026-01-01", "count": 10}}
        ]
    }"#;
    let deal: Commitment = serde_json::from_str(json).unwrap();
    let s = deal.schedule().unwrap();
    // Cash on weekdays: 2028-01-01 (Sat) → 01-03, 2033-01-01 (Sat) → 01-03,
    // 2034-01-01 (Sun) → 01-02; shipbuilding stays on 1 January.
    let cash: Vec<String> = s.tranche("cash").iter().map(|f| f.date.to_string()).collect();
    assert_eq!(cash[2], "2028-01-03");
    assert_eq!(cash[7], "2033-01-03");
    assert_eq!(cash[8], "2034-01-02");
    let want: Vec<String> = (2026..=2035).map(|y| format!("{y}: USD 35,000,000,000.00")).collect();
    assert_eq!(totals(&s, PeriodBasis::CalendarYear), want);
    // The commitment round-trips.
    let back: Commitment = serde_json::from_str(&serde_json::to_string(&deal).unwrap()).unwrap();
    assert_eq!(back, deal);
    assert_eq!(back.tranches()[0].plan.kind(), "annual_cap");
}
