//! Affordability scenarios through the public API.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::affordability::{
    AffordabilityReport, Assessment, Capacity, Constraint, DebtProfile, Funding, FundingSource, FxPath, Stock,
    Thresholds, Verdict,
};
use disburse::{
    Bound, CashFlow, Commitment, Currency, Error, FiscalYear, FiscalYearLabel, Money, Period, Plan, Quantity, Schedule,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// The assessment of `s` against these parts (one [`Assessment`]).
fn assess(
    s: &Schedule,
    cap: &Capacity,
    fx: Option<&FxPath>,
    f: &Funding,
    t: &Thresholds,
) -> disburse::Result<AffordabilityReport> {
    Assessment::new(cap.clone())
        .fx(fx.cloned())
        .funding(f.clone())
        .thresholds(*t)
        .assess(s)
}

fn jan1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn korea_capacity() -> Capacity {
    Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![
            Constraint::fixed_cap("fx market", dec!(20e9)),
            Constraint::share_of_flow("current account", 2025, dec!(123.05e9), 0.03, 0.16),
            Constraint::Stock(Stock::new("reserves", 2026, dec!(400e9), 0.0375)),
        ],
    )
    .unwrap()
}

fn korea_funding() -> Funding {
    Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04).unwrap()
}

#[test]
fn korea_cash_tranche_at_the_cap() {
    let deal = Commitment::single("cash", usd(dec!(200e9)), Plan::annual_cap(jan1(), dec!(20e9))).unwrap();
    let r = assess(
        &deal.schedule().unwrap(),
        &korea_capacity(),
        None,
        &korea_funding(),
        &Thresholds::default(),
    )
    .unwrap();
    println!("{r}");
    // Ten outlay years, then ten while the 10-year bullets fall due.
    assert_eq!(r.rows.len(), 20);
    assert_eq!(r.rows[0].year, Period::Year(2026));
    assert_eq!(r.rows[0].binding, "fx market");
    // The stock stays at $400B while outlays last: all of its income is spent.
    assert!(r.rows[..10].iter().all(|x| x.stock_after == Some(usd(dec!(400e9)))));
    // Borrowing: 5, then 5 + 4% of the debt each year. Each year's issue
    // pays its own coupon, rounded half-even to cents.
    let coupons = |issues: &[Decimal]| issues.iter().map(|b| (b * dec!(0.04)).round_dp(2)).sum::<Decimal>();
    let mut issues: Vec<Decimal> = Vec::new();
    let mut debt = dec!(0);
    for row in &r.rows[..10] {
        let interest = coupons(&issues);
        assert_eq!(row.interest.amount(), interest);
        assert_eq!(row.funding.borrowed.amount(), dec!(5e9) + interest);
        debt += row.funding.borrowed.amount();
        issues.push(row.funding.borrowed.amount());
        assert_eq!(row.debt_after.amount(), debt);
    }
    // Then each issue is repaid ten years on, from reserve income (which
    // covers interest and principal: no new bonds).
    for k in 0..10 {
        let (issue, due) = (&r.rows[k], &r.rows[10 + k]);
        assert_eq!(due.principal_repaid, issue.funding.borrowed);
        assert_eq!(due.interest.amount(), coupons(&issues[k..]));
        assert!(due.funding.borrowed.is_zero() && due.funding.unfunded.is_zero());
        debt -= issue.funding.borrowed.amount();
        assert_eq!(due.debt_after.amount(), debt);
    }
    assert!(r.summary.final_debt.is_zero());
    assert_eq!(r.summary.verdict, Verdict::Strained);
    assert!(r.summary.years_in_breach.is_empty());
    let text = r.to_string();
    assert!(text.contains("fx market"));
    assert!(text.contains("100.0%"));
}

#[test]
fn upfront_350_breaches_the_market_cap() {
    let deal = Commitment::single("cash", usd(dec!(350e9)), Plan::upfront(jan1())).unwrap();
    let r = assess(
        &deal.schedule().unwrap(),
        &korea_capacity(),
        None,
        &korea_funding(),
        &Thresholds::default(),
    )
    .unwrap();
    let row = &r.rows[0];
    assert_eq!(row.headroom.amount(), dec!(-330e9));
    let breach = row.breach.as_ref().unwrap();
    assert_eq!(breach.capacity.as_deref(), Some("fx market"));
    assert!(!breach.unfunded); // unlimited borrowing covers it
    assert_eq!(r.summary.verdict, Verdict::Unaffordable);
    assert_eq!(r.summary.peak.amount.amount(), dec!(350e9));
    assert!(r.to_string().contains("over `fx market`"));
}

#[test]
fn won_payer_with_fx_series_and_fiscal_years() {
    // Korea's budget-year view in won (FY named by start year, April).
    let fy = FiscalYear::new(4, FiscalYearLabel::StartYear).unwrap();
    let cap = Capacity::new(Currency::KRW, fy, vec![Constraint::fixed_cap("budget", dec!(30e12))]).unwrap();
    let d = |y, m| NaiveDate::from_ymd_opt(y, m, 1).unwrap();
    let s = Schedule::new(
        Currency::USD,
        vec![
            CashFlow::new(d(2026, 2), usd(dec!(10e9)), "cash"), // FY2025
            CashFlow::new(d(2026, 5), usd(dec!(20e9)), "cash"), // FY2026
        ],
    )
    .unwrap();
    let fx = FxPath::series(Currency::USD, Currency::KRW, 2025, vec![dec!(1400), dec!(1430)]).unwrap();
    let funding = Funding::new(vec![FundingSource::borrowing(0.03)], 0.03).unwrap();
    let r = assess(&s, &cap, Some(&fx), &funding, &Thresholds::default()).unwrap();
    assert_eq!(r.rows[0].year, Period::FiscalYear(2025));
    assert_eq!(r.rows[0].outlay_payer, Money::new(dec!(14e12), Currency::KRW));
    assert_eq!(r.rows[1].outlay_payer, Money::new(dec!(28.6e12), Currency::KRW));
    // 3% on ₩14T borrowed in FY2025.
    assert_eq!(r.rows[1].interest.amount(), dec!(420e9));
    // A path that stops too early.
    let short = FxPath::series(Currency::USD, Currency::KRW, 2025, vec![dec!(1400)]).unwrap();
    assert_eq!(
        assess(&s, &cap, Some(&short), &funding, &Thresholds::default()).unwrap_err(),
        Error::FxPathTooShort { year: 2026 }
    );
    // A path between other currencies.
    let eur = FxPath::flat(Currency::EUR, Currency::KRW, dec!(1600)).unwrap();
    assert!(matches!(
        assess(&s, &cap, Some(&eur), &funding, &Thresholds::default()),
        Err(Error::CurrencyMismatch { .. })
    ));
}

#[test]
fn negative_yield_takes_the_stock_below_its_floor() {
    let cap = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::Stock(
            Stock::new("reserves", 2026, dec!(100), -0.5).with_floor(dec!(80)),
        )],
    )
    .unwrap();
    let s = Schedule::new(Currency::USD, vec![CashFlow::new(jan1(), usd(dec!(0)), "x")]).unwrap();
    let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::StockPrincipal], 0.0).unwrap();
    let r = assess(&s, &cap, None, &funding, &Thresholds::default()).unwrap();
    assert_eq!(r.rows[0].stock_after, Some(usd(dec!(50))));
    let b = r.rows[0].breach.as_ref().unwrap();
    assert_eq!(b.stock.as_deref(), Some("reserves"));
    // The stock's limit is what can be drawn from it (nothing: the loss
    // leaves it at 50, below its floor); nothing was drawn, so no limit is
    // exceeded — the breach is the floor.
    assert_eq!(b.capacity, None);
    assert_eq!(r.rows[0].capacity.amount(), dec!(0));
    assert_eq!(r.summary.verdict, Verdict::Unaffordable);
}

#[test]
fn stock_rolls_forward_to_the_first_outlay_year() {
    let cap = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::Stock(Stock::new("reserves", 2024, dec!(100), 0.1))],
    )
    .unwrap();
    let s = Schedule::new(Currency::USD, vec![CashFlow::new(jan1(), usd(dec!(10)), "x")]).unwrap();
    let funding = Funding::new(vec![FundingSource::StockIncome], 0.0).unwrap();
    let r = assess(&s, &cap, None, &funding, &Thresholds::default()).unwrap();
    // 100 → 110 → 121 at the start of 2026; capacity 121 + 12.1.
    assert_eq!(r.rows[0].capacity.amount(), dec!(133.1));
    assert_eq!(r.rows[0].funding.from_income.amount(), dec!(10));
    assert_eq!(r.rows[0].stock_after, Some(usd(dec!(123.1))));
    let late = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::Stock(Stock::new("reserves", 2027, dec!(100), 0.1))],
    )
    .unwrap();
    assert_eq!(
        assess(&s, &late, None, &funding, &Thresholds::default()).unwrap_err(),
        Error::StockNotStarted {
            name: "reserves".into(),
            start_year: 2027,
            year: 2026
        }
    );
}

#[test]
fn every_bad_input_is_a_typed_error() {
    let cal = FiscalYear::CALENDAR;
    let c = |cs: Vec<Constraint>| Capacity::new(Currency::USD, cal, cs).unwrap_err();
    assert_eq!(
        c(vec![]),
        Error::Empty {
            what: Quantity::CapacityConstraints
        }
    );
    assert!(matches!(
        c(vec![Constraint::fixed_cap("a", dec!(-1))]),
        Error::InvalidConstraint { .. }
    ));
    assert_eq!(
        c(vec![
            Constraint::fixed_cap("a", dec!(1)),
            Constraint::fixed_cap("a", dec!(1))
        ]),
        Error::DuplicateConstraint { name: "a".into() }
    );
    for (growth, share) in [
        (-1.0, 0.5),
        (-2.0, 0.5),
        (0.0, 0.0),
        (0.0, -0.1),
        (0.0, 1.5),
        (f64::NAN, 0.5),
        (0.0, f64::INFINITY),
    ] {
        let e = c(vec![Constraint::share_of_flow("f", 2025, dec!(1), growth, share)]);
        // A bad growth rate is a bad rate (one error for every rate input).
        assert!(
            matches!(
                e,
                Error::InvalidConstraint { .. }
                    | Error::InvalidRate {
                        what: Quantity::Growth,
                        ..
                    }
            ),
            "{growth} {share}: {e}"
        );
    }
    assert!(matches!(
        c(vec![Constraint::share_of_flow("f", 2025, dec!(-1), 0.0, 0.5)]),
        Error::InvalidConstraint { .. }
    ));
    for s in [
        Stock::new("s", 2026, dec!(-1), 0.0),
        Stock::new("s", 2026, dec!(1), -1.0),
        Stock::new("s", 2026, dec!(1), f64::NAN),
        Stock::new("s", 2026, dec!(1), 0.0).with_inflows(dec!(-1)),
        Stock::new("s", 2026, dec!(1), 0.0).with_floor(dec!(2)),
        Stock::new("s", 2026, dec!(1), 0.0).with_floor(dec!(-1)),
        Stock::new("", 2026, dec!(1), 0.0),
    ] {
        let e = c(vec![Constraint::Stock(s)]);
        assert!(
            matches!(
                e,
                Error::InvalidConstraint { .. }
                    | Error::InvalidRate {
                        what: Quantity::Yield,
                        ..
                    }
            ),
            "{e}"
        );
        let msg = e.to_string();
        assert!(!msg.ends_with('.') && msg.starts_with(char::is_lowercase), "{msg}");
    }

    assert!(matches!(
        Funding::new(vec![], f64::NAN),
        Err(Error::InvalidRate {
            what: Quantity::DiscountRate,
            bound: Bound::Finite,
            ..
        })
    ));
    assert!(matches!(
        Funding::new(vec![], -1.0),
        Err(Error::InvalidRate {
            what: Quantity::DiscountRate,
            ..
        })
    ));
    assert!(matches!(
        Funding::new(vec![FundingSource::borrowing(-1.5)], 0.0),
        Err(Error::InvalidRate {
            what: Quantity::Coupon,
            ..
        })
    ));
    assert!(matches!(
        Funding::new(
            vec![FundingSource::Borrowing {
                coupon: 0.04,
                limit_per_year: Some(dec!(-1)),
                currency: None,
                tenor: 10,
                profile: DebtProfile::Bullet,
            }],
            0.0
        ),
        Err(Error::InvalidFunding { .. })
    ));
    let err = Funding::new(vec![FundingSource::StockIncome, FundingSource::StockIncome], 0.0).unwrap_err();
    assert!(matches!(err, Error::DuplicateFundingSource { .. }), "{err}");
    assert_eq!(err.to_string(), "invalid funding: stock income is listed twice");

    assert!(matches!(
        FxPath::flat(Currency::USD, Currency::USD, dec!(1)),
        Err(Error::InvalidFxPath { .. })
    ));
    assert!(matches!(
        FxPath::flat(Currency::USD, Currency::KRW, dec!(0)),
        Err(Error::InvalidRate { .. })
    ));
    assert!(matches!(
        FxPath::series(Currency::USD, Currency::KRW, 2026, vec![dec!(1), dec!(-1)]),
        Err(Error::InvalidRate { .. })
    ));
    assert!(matches!(
        FxPath::series(Currency::USD, Currency::KRW, 2026, vec![]),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        FxPath::drift(Currency::USD, Currency::KRW, 2026, dec!(1), dec!(-1)),
        Err(Error::InvalidRate { .. })
    ));
    let fx = FxPath::drift(Currency::USD, Currency::KRW, 2026, dec!(1430), dec!(0.01)).unwrap();
    assert_eq!(fx.rate(2025), Err(Error::FxPathTooShort { year: 2025 }));
    let err = fx.convert(Money::new(dec!(1), Currency::EUR), 2026).unwrap_err();
    assert!(matches!(err, Error::FxCurrencyMismatch { .. }), "{err}");
    assert_eq!(err.to_string(), "currency mismatch: expected USD or KRW, found EUR");

    assert!(matches!(Thresholds::new(0.0), Err(Error::OutOfRange { .. })));
    assert!(matches!(Thresholds::new(f64::NAN), Err(Error::OutOfRange { .. })));

    // assess: empty schedule, currency without a path, negative outlays.
    let cap = korea_capacity();
    let f = korea_funding();
    let t = Thresholds::default();
    assert_eq!(
        assess(&Schedule::empty(Currency::USD), &cap, None, &f, &t).unwrap_err(),
        Error::Empty {
            what: Quantity::Schedule
        }
    );
    let eur = Schedule::new(
        Currency::EUR,
        vec![CashFlow::new(jan1(), Money::new(dec!(1), Currency::EUR), "x")],
    )
    .unwrap();
    assert!(matches!(
        assess(&eur, &cap, None, &f, &t),
        Err(Error::CurrencyMismatch { .. })
    ));
    let neg = Schedule::new(Currency::USD, vec![CashFlow::new(jan1(), usd(dec!(-1)), "x")]).unwrap();
    assert!(matches!(
        assess(&neg, &cap, None, &f, &t),
        Err(Error::OutOfRange { .. })
    ));
}

#[test]
fn serde_rejects_invalid_documents() {
    let cap = korea_capacity();
    let json = serde_json::to_string(&cap).unwrap();
    assert_eq!(serde_json::from_str::<Capacity>(&json).unwrap(), cap);
    for bad in [
        r#"{"currency":"USD","constraints":[]}"#,
        r#"{"currency":"USD","constraints":[{"kind":"share_of_flow","name":"f","base_year":2025,"base_amount":"1","growth":0.0,"share":2.0}]}"#,
        r#"{"currency":"USD","constraints":[{"kind":"stock","name":"r","start_year":2026,"level":"1","yield_rate":0.0,"floor":"5"}]}"#,
    ] {
        assert!(serde_json::from_str::<Capacity>(bad).is_err(), "{bad}");
    }
    let f = korea_funding();
    assert_eq!(
        serde_json::from_str::<Funding>(&serde_json::to_string(&f).unwrap()).unwrap(),
        f
    );
    assert!(
        serde_json::from_str::<Funding>(r#"{"sources":[{"kind":"borrowing","coupon":-3.0}],"discount_rate":0.0}"#)
            .is_err()
    );
    assert!(serde_json::from_str::<Thresholds>(r#"{"strained_share":-1}"#).is_err());
    assert_eq!(serde_json::from_str::<Thresholds>("{}").unwrap(), Thresholds::default());
    assert!(serde_json::from_str::<FxPath>(r#"{"pair":"USD/USD","rates":{"kind":"flat","rate":"1"}}"#).is_err());
    // Reports serialize.
    let deal = Commitment::single("cash", usd(dec!(40e9)), Plan::annual_cap(jan1(), dec!(20e9))).unwrap();
    let r = assess(&deal.schedule().unwrap(), &cap, None, &f, &Thresholds::default()).unwrap();
    let back: disburse::affordability::AffordabilityReport =
        serde_json::from_str(&serde_json::to_string(&r).unwrap()).unwrap();
    assert_eq!(back, r);
}
