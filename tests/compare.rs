//! End-to-end comparison of the 2025 Korea–US positions: renderers,
//! sensitivity grid and errors.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::NaiveDate;
use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource, FxPath, Stock, Verdict};
use disburse::compare::{Comparison, TimeBasis, ValuationSettings, compare, sensitivity};
use disburse::time::Tenor;
use disburse::{Commitment, Currency, Error, FiscalYear, Money, Period, Plan, Quantity, Schedule};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn jan1() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn schedule(amount: Decimal, plan: Plan) -> Schedule {
    Commitment::single("korea", usd(amount), plan)
        .unwrap()
        .schedule()
        .unwrap()
}

/// The positions as a caller would pass them: upfront $350B, the US
/// proposal of $25B a year for eight years (of $200B), Korea's $15B a year
/// and the agreed $20B a year cap (of $200B).
fn korea_plans() -> Vec<(String, Schedule)> {
    vec![
        ("upfront".into(), schedule(dec!(350e9), Plan::upfront(jan1()))),
        (
            "US $25B x 8".into(),
            schedule(dec!(200e9), Plan::installments(jan1(), 8, Tenor::years(1))),
        ),
        (
            "Korea $15B/yr".into(),
            schedule(dec!(200e9), Plan::annual_cap(jan1(), dec!(15e9))),
        ),
        (
            "agreed $20B/yr".into(),
            schedule(dec!(200e9), Plan::annual_cap(jan1(), dec!(20e9))),
        ),
    ]
}

fn valuation() -> ValuationSettings {
    ValuationSettings::new(jan1(), vec![0.03, 0.045, 0.08], TimeBasis::WholeYears).unwrap()
}

/// Korea's capacity in KRW (assumptions as in tests/deals_2025.rs): a $20B
/// FX-market limit and reserves of $428.82B earning $15B a year.
fn affordability() -> Assessment {
    let reserves = dec!(428.82e9) * dec!(1430);
    let yield_rate: f64 = (dec!(15) / dec!(428.82)).to_string().parse().unwrap();
    Assessment::new(
        Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![
                Constraint::fixed_cap("FX market absorption", dec!(20e9) * dec!(1430)),
                Constraint::Stock(Stock::new("FX reserves", 2026, reserves, yield_rate)),
            ],
        )
        .unwrap(),
    )
    .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
    .funding(Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.045).unwrap())
}

fn korea() -> Comparison {
    compare(&korea_plans(), &valuation(), Some(&affordability())).unwrap()
}

#[test]
fn end_to_end() {
    let c = korea();
    assert_eq!(c.reference, "upfront");
    assert_eq!(c.rates, [0.03, 0.045, 0.08]);
    assert_eq!(c.plans.len(), 4);
    let [up, us, kr, agreed] = &c.plans[..] else { panic!() };
    assert_eq!(up.nominal, usd(dec!(350e9)));
    assert_eq!(us.nominal, usd(dec!(200e9)));
    // Upfront on the valuation date: PV = nominal at every rate.
    assert!(up.present_values.iter().all(|pv| *pv == usd(dec!(350e9))));
    // Deferral is cheaper at positive rates, more so at higher rates.
    for p in [us, kr, agreed] {
        assert!(p.present_values.windows(2).all(|w| w[1] < w[0]), "{}", p.name);
        assert!(p.savings.iter().all(Money::is_positive));
    }
    // The longer the plan, the lower its PV.
    assert!(kr.present_values[1] < agreed.present_values[1]);
    assert!(agreed.present_values[1] < us.present_values[1]);
    // Every PV and saving against exact rationals (Python fractions):
    // Σ aₖ / (1 + r)^k over whole years k, the US plan 25e9 × 8, Korea's
    // 15e9 × 13 + 5e9, the agreed 20e9 × 10. Discount factors are f64:
    // within a tenth of a cent of the exact value.
    let exact = [
        ["180757073880.5385", "172317523509.7468", "155159251480.5831"],
        ["167714816603.4794", "154600069916.5094", "129879659877.2377"],
        ["175722178437.5821", "165375809901.6025", "144937758217.1352"],
    ];
    for (p, want) in [us, kr, agreed].into_iter().zip(exact) {
        for (k, w) in want.iter().enumerate() {
            let w: Decimal = w.parse().unwrap();
            let pv = p.present_values[k].amount();
            assert!((pv - w).abs() <= dec!(0.001), "{} PV {k}: {pv} vs {w}", p.name);
            let saving = p.savings[k].amount();
            assert!(
                (saving - (dec!(350e9) - w)).abs() <= dec!(0.001),
                "{} saving {k}: {saving}",
                p.name
            );
        }
    }
    assert!(up.savings.iter().all(|s| s.is_zero()));
    // Verdicts as in tests/deals_2025.rs.
    let verdicts: Vec<Verdict> = c
        .plans
        .iter()
        .map(|p| p.affordability.as_ref().unwrap().verdict)
        .collect();
    assert_eq!(verdicts[0], Verdict::Unaffordable);
    assert_eq!(verdicts[1], Verdict::Unaffordable);
    assert_eq!(verdicts[2], Verdict::Affordable);
    assert_eq!(us.affordability.as_ref().unwrap().years_in_breach.len(), 8);
    assert_eq!(kr.yearly.len(), 14);
    assert_eq!(agreed.peak.period, Period::Year(2026));
    assert_eq!(agreed.peak.total, usd(dec!(20e9)));
    // Capacity for charts, in USD.
    let cap = c.capacity_by_year.as_ref().unwrap();
    assert_eq!(cap[0].year, Period::Year(2026));
    assert!(cap.iter().all(|y| y.amount.currency() == Currency::USD));
    assert!(cap.len() >= 14);
}

#[test]
fn display_table() {
    let c = korea();
    let text = c.to_string();
    println!("{text}");
    assert!(text.contains("USD billions; headline 350.00"), "{text}");
    assert!(text.contains("basis: whole years from the valuation date, annual compounding"));
    let lines: Vec<&str> = text.lines().collect();
    let headers: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.starts_with("plan "))
        .map(|(i, _)| i)
        .collect();
    let (values, plans) = (headers[0], headers[1]);
    for h in ["@ 3%", "@ 4.5%", "@ 8%"] {
        assert!(lines[values].contains(h), "{h}");
    }
    for h in ["PV", "share", "discount"] {
        assert!(lines[values - 1].contains(h), "{h}");
    }
    for h in ["nominal", "even", "(amount)", "breach", "verdict"] {
        assert!(lines[plans].contains(h), "{h}");
    }
    for header in [values, plans] {
        let rows = &lines[header + 1..header + 5];
        let width = lines[header].chars().count();
        for (row, p) in rows.iter().zip(&c.plans) {
            assert!(row.starts_with(&p.name), "{row}");
            // Aligned: the last column is right-aligned.
            assert_eq!(row.chars().count(), width, "{row}");
        }
    }
    // The US plan at 4.5%: 25 × ä(8, 4.5%) = 172.3175 (mpmath), 49.2% of
    // the 350 headline, a discount of 177.68.
    let us = lines[values + 2];
    assert!(
        us.contains("172.32") && us.contains("49.2%") && us.contains("177.68"),
        "{us}"
    );
    // Totals differ (350 against 200): the break-even rate is shown.
    assert!(lines[plans + 1].contains("350.00") && lines[plans + 1].contains("ref"));
    assert!(text.contains("verdicts:"));
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "{text}");
}

/// Splits CSV text into records of fields (RFC 4180, no line breaks in
/// fields needed here).
#[cfg(feature = "csv")]
fn parse_csv(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|line| {
            let mut fields = vec![String::new()];
            let mut quoted = false;
            let mut chars = line.chars().peekable();
            while let Some(ch) = chars.next() {
                match (ch, quoted) {
                    ('"', true) if chars.peek() == Some(&'"') => {
                        chars.next();
                        fields.last_mut().unwrap().push('"');
                    }
                    ('"', _) => quoted = !quoted,
                    (',', false) => fields.push(String::new()),
                    (c, _) => fields.last_mut().unwrap().push(c),
                }
            }
            fields
        })
        .collect()
}

#[cfg(feature = "csv")]
#[test]
fn csv_parses_back() {
    let mut plans = korea_plans();
    plans[1].0 = r#"US "$25B", 8 years"#.into();
    let c = compare(&plans, &valuation(), Some(&affordability())).unwrap();
    let summary = parse_csv(&c.to_csv_summary().unwrap());
    assert_eq!(summary.len(), 5);
    // plan, currency, basis, nominal; 5 measures × 3 rates; break_even
    // (the totals differ); peak year and amount, the count and the list of
    // years in breach, verdict, reason.
    let columns = 4 + 5 * 3 + 1 + 6;
    assert!(summary.iter().all(|r| r.len() == columns), "{summary:?}");
    assert_eq!(summary[0][4], "pv_0.03");
    assert_eq!(summary[0][7], "pv_share_0.03");
    assert_eq!(summary[0][10], "discount_0.03");
    assert_eq!(summary[0][13], "discount_share_0.03");
    assert_eq!(summary[0][16], "saving_0.03");
    assert_eq!(summary[0][19], "break_even");
    assert_eq!(summary[2][0], r#"US "$25B", 8 years"#);
    assert_eq!(summary[2][2], "whole years from the valuation date, annual compounding");
    assert_eq!(summary[2][3], "200000000000.00");
    assert_eq!(summary[1][16].parse::<Decimal>().unwrap(), Decimal::ZERO); // saving of the reference
    // 25e9 × Σ_{k=0}^{7} 1.045^−k = 172317523509.7468 (exact rationals),
    // at cents.
    assert_eq!(summary[2][5], "172317523509.75");
    // 172.3175235…/350 = 0.4923357815 (mpmath).
    let share: f64 = summary[2][8].parse().unwrap();
    assert!((share - 0.492_335_781_456_419_4).abs() < 1e-12, "{share}");
    assert_eq!(summary[0][22], "years_in_breach");
    assert_eq!(summary[0][23], "breach_years");
    assert_eq!(summary[2][24], "unaffordable");
    assert_eq!(summary[2][22], "8");
    assert_eq!(summary[2][23].split(';').count(), 8);
    assert!(summary[1][19].is_empty()); // the reference has no break-even
    assert!(!summary[2][19].is_empty());

    let yearly = parse_csv(&c.to_csv_yearly().unwrap());
    assert_eq!(yearly[0], ["plan", "year", "outlay"]);
    let rows: usize = c.plans.iter().map(|p| p.yearly.len()).sum();
    assert_eq!(yearly.len(), rows + 1);
    assert!(yearly.iter().all(|r| r.len() == 3));
    let us_total: Decimal = yearly
        .iter()
        .filter(|r| r[0] == r#"US "$25B", 8 years"#)
        .map(|r| r[2].parse::<Decimal>().unwrap())
        .sum();
    assert_eq!(us_total, dec!(200e9));
}

#[cfg(feature = "scenario")]
#[test]
fn json_round_trip() {
    let c = korea();
    let json = c.to_json().unwrap();
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v["reference"], "upfront");
    assert_eq!(v["plans"][3]["name"], "agreed $20B/yr");
    assert!(v["plans"][1]["present_values"][0]["amount"].is_string());
    let mut back: Comparison = serde_json::from_str(&json).unwrap();
    // Roots read back to within an ulp (serde_json's float parsing).
    for (b, p) in back.plans.iter_mut().zip(&c.plans) {
        let (x, y) = (b.break_even.take(), p.break_even.as_ref());
        match (x, y) {
            (None, None) => {}
            (Some(x), Some(y)) => {
                assert_eq!(x.len(), y.len());
                for (a, b) in x.roots().iter().zip(y.roots()) {
                    assert!((a - b).abs() <= 1e-15, "{a} {b}");
                }
            }
            other => panic!("{other:?}"),
        }
        b.break_even = p.break_even.clone();
    }
    assert_eq!(back, c);
}

#[test]
fn sensitivity_grid() {
    let rates = [0.0, 0.03, 0.045, 0.08];
    let tenors = [1, 5, 8, 10, 14];
    let g = sensitivity(
        usd(dec!(350e9)),
        jan1(),
        &rates,
        &tenors,
        &valuation(),
        Some(&affordability()),
    )
    .unwrap();
    assert_eq!(g.present_values.len(), rates.len());
    for (i, row) in g.present_values.iter().enumerate() {
        assert_eq!(row.len(), tenors.len());
        assert_eq!(row[0], usd(dec!(350e9)), "upfront at {}", rates[i]);
        if rates[i] == 0.0 {
            assert!(row.iter().all(|pv| *pv == usd(dec!(350e9))));
        } else {
            assert!(row.windows(2).all(|w| w[1] < w[0]), "{row:?}");
        }
    }
    // Higher rates, lower PVs, for every deferred tenor.
    for j in 1..tenors.len() {
        assert!(g.present_values.windows(2).all(|w| w[1][j] < w[0][j]));
    }
    assert_eq!(g.present_values[2][3].compact().to_string(), "$289.41B");
    let verdicts = g.verdicts.as_ref().unwrap();
    assert_eq!(verdicts[0], Verdict::Unaffordable);
    let text = g.to_string();
    assert!(text.contains("rate") && text.contains("14y") && text.contains("verdict"));
    #[cfg(feature = "csv")]
    {
        let csv = parse_csv(&g.to_csv().unwrap());
        assert_eq!(csv.len(), 1 + rates.len() * tenors.len());
        assert!(csv.iter().all(|r| r.len() == 5));
        assert_eq!(csv[0][4], "basis");
    }
}

#[test]
fn every_error() {
    let v = valuation();
    assert!(matches!(
        compare(&[], &v, None),
        Err(Error::Empty { what: Quantity::Plans })
    ));

    let mut dup = korea_plans();
    dup[2].0 = "upfront".into();
    match compare(&dup, &v, None) {
        Err(Error::DuplicatePlan { name }) => assert_eq!(name, "upfront"),
        other => panic!("{other:?}"),
    }

    let mut mixed = korea_plans();
    mixed[1].1 = Commitment::single("eur", Money::new(dec!(1e9), Currency::EUR), Plan::upfront(jan1()))
        .unwrap()
        .schedule()
        .unwrap();
    match compare(&mixed, &v, None) {
        Err(Error::CurrencyMismatch { expected, found }) => {
            assert_eq!((expected, found), (Currency::USD, Currency::EUR))
        }
        other => panic!("{other:?}"),
    }

    let mut empty = korea_plans();
    empty[1].1 = Schedule::empty(Currency::USD);
    assert!(matches!(compare(&empty, &v, None), Err(Error::Empty { .. })));

    let mut unnamed = korea_plans();
    unnamed[0].0 = String::new();
    let err = compare(&unnamed, &v, None).unwrap_err();
    assert!(
        matches!(
            err,
            Error::Invalid {
                what: Quantity::PlanName,
                ..
            }
        ),
        "{err}"
    );
    assert_eq!(err.to_string(), "plan name is out of range: must not be empty");

    // All flows before the valuation date.
    let late = ValuationSettings::new(
        NaiveDate::from_ymd_opt(2060, 1, 1).unwrap(),
        vec![0.05],
        TimeBasis::WholeYears,
    )
    .unwrap();
    assert!(matches!(
        compare(&korea_plans(), &late, None),
        Err(Error::NoFlowsAfterValuationDate { .. })
    ));

    // A KRW capacity with no FX path cannot judge USD outlays.
    let a = affordability().fx(None);
    assert!(matches!(
        compare(&korea_plans(), &v, Some(&a)),
        Err(Error::CurrencyMismatch { .. })
    ));

    let amount = usd(dec!(350e9));
    assert!(matches!(
        sensitivity(amount, jan1(), &[], &[1], &v, None),
        Err(Error::Empty { .. })
    ));
    assert!(matches!(
        sensitivity(amount, jan1(), &[0.05], &[], &v, None),
        Err(Error::Empty { what: Quantity::Tenors })
    ));
    assert!(matches!(
        sensitivity(amount, jan1(), &[0.05], &[0, 1], &v, None),
        Err(Error::ZeroCount { .. })
    ));
    assert!(matches!(
        sensitivity(amount, jan1(), &[f64::NAN], &[1], &v, None),
        Err(Error::InvalidRate { .. })
    ));
    assert!(matches!(
        sensitivity(amount, jan1(), &[-1.5], &[1], &v, None),
        Err(Error::InvalidRate { .. })
    ));
    assert!(matches!(
        sensitivity(usd(dec!(-1)), jan1(), &[0.05], &[1], &v, None),
        Err(Error::NonPositiveAmount { .. })
    ));
}

#[cfg(feature = "charts")]
#[test]
fn charts_of_the_korea_plans() {
    let c = korea();
    let data = disburse::chart::ChartData::try_from(&c).unwrap();
    let svg = disburse::chart::yearly_outlays_svg(&data, 1000, 560).unwrap();
    for name in ["upfront", "US $25B x 8", "Korea $15B/yr", "agreed $20B/yr"] {
        assert!(svg.contains(&format!(">\n{name}\n</text>")), "{name}");
    }
    // The capacity line is labelled with its constraint and value.
    assert!(svg.contains(">\ncapacity ("), "capacity");
    let svg = disburse::chart::cumulative_svg(&data, 1000, 560).unwrap();
    assert!(svg.contains("Cumulative outlays by plan (USD billions)"));
}
