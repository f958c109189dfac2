//! The risk engine against hand computations: zero volatility is the
//! deterministic assessment exactly; a lognormal FX factor against a fixed
//! won cap matches its closed form; a seed gives the same report on one
//! thread and on two.
#![cfg(feature = "scenario")]
#![allow(clippy::unwrap_used, clippy::expect_used)]

use chrono::NaiveDate;
use disburse::affordability::{
    Assessment, Capacity, Constraint, Deferral, DeferralTrigger, Funding, FundingSource, FxPath, Verdict,
};
use disburse::risk::{Distribution, FxFactor, GrowthFactor, RateFactor, RiskModel};
use disburse::scenario::Scenario;
use disburse::{Currency, Error, FiscalYear, Money, Plan, Quantity, Schedule};
use rust_decimal_macros::dec;

fn korea() -> (Assessment, Vec<(String, Schedule)>) {
    let s = Scenario::korea_us_2025().unwrap();
    (s.affordability.clone().unwrap(), s.schedules().unwrap())
}

/// Every factor present with zero volatility (the rate process starts at
/// its level, so its shift stays 0; the FX drift is 0, so e^0 = 1).
fn zero_vol(paths: u64) -> RiskModel {
    RiskModel::new()
        .paths(paths)
        .unwrap()
        .seed(11)
        .fx(FxFactor::Lognormal { vol: 0.0, drift: 0.0 })
        .unwrap()
        .rates(RateFactor {
            speed: 0.3,
            level: 0.035,
            vol: 0.0,
            start: None,
        })
        .unwrap()
        .growth(GrowthFactor { vol: 0.0 })
        .unwrap()
        .correlation([[1.0, 0.3, -0.2], [0.3, 1.0, 0.0], [-0.2, 0.0, 1.0]])
        .unwrap()
}

#[test]
fn zero_volatility_paths_are_the_deterministic_assessment() {
    let (a, plans) = korea();
    // Korea, the same with a share-of-flow limit (the growth factor's
    // target) and with the FX-stress deferral clause (the FX trigger on
    // each path's rates).
    let mut cs = a.capacity().constraints().to_vec();
    cs.push(Constraint::share_of_flow(
        "current account",
        2025,
        dec!(123.05e9) * dec!(1430),
        0.03,
        0.16,
    ));
    let flow = Assessment::new(Capacity::new(Currency::KRW, FiscalYear::CALENDAR, cs).unwrap())
        .fx(a.fx_path().cloned())
        .funding(a.funding_plan().clone());
    let clause = a
        .clone()
        .deferral(Deferral::new(DeferralTrigger::FxAbove { level: dec!(1400) }, dec!(0.5), 2).unwrap());
    let model = zero_vol(8);
    for assessment in [&a, &flow, &clause] {
        for (_, s) in &plans {
            let det = assessment.assess(s).unwrap();
            for path in [0, 5] {
                let p = model.path_report(assessment, s, path).unwrap();
                assert_eq!(p.rows, det.rows);
                assert_eq!(p.summary, det.summary);
            }
            // The streamed statistics: probabilities 0 or 1 as the
            // deterministic breaches; the mean and every percentile of each
            // quantity are the deterministic value exactly (the sketch
            // alone reads back within 0.4%: the values seen bound it), and
            // the baseline is the deterministic row.
            let r = model.simulate_plan(assessment, "p", s).unwrap();
            assert_eq!(r.years.len(), det.rows.len());
            let every = |d: Option<Distribution>| {
                let d = d.unwrap();
                [d.mean, d.p5, d.p25, d.p50, d.p75, d.p95]
            };
            let read = |m: Money| -> f64 { m.amount().to_string().parse().unwrap() };
            for (y, row) in r.years.iter().zip(&det.rows) {
                assert_eq!(y.breach_probability, if row.breach.is_some() { 1.0 } else { 0.0 });
                let borrowed = row.funding.borrowed.checked_add(row.funding.from_swap).unwrap();
                for (got, want) in [
                    (every(y.debt), read(row.debt_after)),
                    (every(y.converted), read(row.converted)),
                    (every(y.borrowing), read(borrowed)),
                    (every(y.reserves), read(row.stock_after.unwrap())),
                    (every(y.share_used), row.share_used.unwrap()),
                    (every(y.adequacy), row.adequacy.unwrap()),
                ] {
                    assert_eq!(got, [want; 6], "{}", y.year);
                }
                let b = y.baseline.as_ref().unwrap();
                assert_eq!(b.breach, row.breach.is_some());
                assert_eq!(
                    (b.debt, b.converted, b.borrowing),
                    (row.debt_after, row.converted, borrowed)
                );
                assert_eq!((b.reserves, b.adequacy), (row.stock_after, row.adequacy));
                assert_eq!(b.share_used, row.share_used.unwrap());
            }
            let cost = read(det.summary.funding_cost);
            assert_eq!(every(Some(r.funding_cost)), [cost; 6]);
            assert_eq!(r.funding_cost_es95, cost);
            assert_eq!(r.baseline_funding_cost, det.summary.funding_cost);
            assert_eq!(r.deterministic_verdict, det.summary.verdict);
        }
    }
}

#[test]
fn lognormal_fx_against_a_fixed_won_cap_matches_the_closed_form() {
    // $10B a year for 3 years (1 January 2026–2028) against a cap of ₩15T
    // a year on the outlays, paid from an unlimited won budget: the year-k
    // rate is 1,430·e^(S_k), S_k ~ Normal(−kσ²/2, kσ²), σ = 0.1. A breach
    // in year k is 1,430·e^(S_k)·10^10 > 1.5·10^13, so
    //   P_k = 1 − Φ((ln(1.5·10^13 / 1.43·10^13) + kσ²/2) / (σ√k)),
    // ln(15/14.3) = 0.0477906638; mpmath (dps 30):
    //   P_1 = 1 − Φ(0.5279066) = 0.2987820685,
    //   P_2 = 1 − Φ(0.4086417) = 0.3414013108,
    //   P_3 = 1 − Φ(0.3625221) = 0.3584809683.
    // (The rate rounded to 6 decimals moves the boundary by < 10⁻⁹.)
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(15e12))],
    )
    .unwrap();
    let budget = Funding::new(
        vec![FundingSource::Budget {
            amount_per_year: dec!(1e15),
        }],
        0.04,
    )
    .unwrap();
    let a = Assessment::new(capacity)
        .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
        .funding(budget);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let s = Plan::installments(jan1, 3, disburse::time::Frequency::Annual)
        .schedule(Money::new(dec!(30e9), Currency::USD), "x")
        .unwrap();
    let n = 100_000;
    let model = RiskModel::new()
        .paths(n)
        .unwrap()
        .seed(2025)
        .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
        .unwrap();
    let r = model.simulate_plan(&a, "x", &s).unwrap();
    let want = [0.298_782_068_5, 0.341_401_310_8, 0.358_480_968_3];
    for (k, p) in want.iter().enumerate() {
        let got = r.years[k].breach_probability;
        let se = (p * (1.0 - p) / n as f64).sqrt();
        assert!((got - p).abs() < 3.0 * se, "year {k}: {got} vs {p} (se {se})");
        assert!((r.years[k].standard_error - se).abs() < 1e-4);
    }
    let by_year: Vec<&String> = r.breach_probability_by_year.keys().collect();
    assert_eq!(by_year, ["2026", "2027", "2028"]);
}

#[test]
fn same_seed_same_report_on_one_and_two_threads() {
    let (a, plans) = korea();
    let a = a.deferral(Deferral::new(DeferralTrigger::FxRiseAbove { change: dec!(0.1) }, dec!(0.5), 2).unwrap());
    let model = RiskModel::new()
        .paths(600)
        .unwrap()
        .seed(7)
        .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
        .unwrap()
        .rates(RateFactor {
            speed: 0.3,
            level: 0.035,
            vol: 0.01,
            start: None,
        })
        .unwrap()
        .correlation([[1.0, 0.3, 0.0], [0.3, 1.0, 0.0], [0.0, 0.0, 1.0]])
        .unwrap();
    let run = |threads| {
        let pool = rayon::ThreadPoolBuilder::new().num_threads(threads).build().unwrap();
        pool.install(|| serde_json::to_string(&model.simulate(&a, &plans).unwrap()).unwrap())
    };
    let one = run(1);
    assert_eq!(one, run(2));
    // A different seed gives a different report.
    let other = model.clone().seed(8);
    assert_ne!(
        one,
        serde_json::to_string(&other.simulate(&a, &plans).unwrap()).unwrap()
    );
    let r: serde_json::Value = serde_json::from_str(&one).unwrap();
    assert_eq!(r["paths"], 600);
    assert_eq!(r["seed"], 7);
    assert_eq!(r["plans"].as_array().unwrap().len(), 4);
    assert!(r["plans"][0]["breach_probability_by_year"]["2026"].is_number());
}

#[test]
fn an_fx_factor_needs_an_fx_path() {
    let capacity = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(10))],
    )
    .unwrap();
    let s = Plan::upfront(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap())
        .schedule(Money::new(dec!(5), Currency::USD), "x")
        .unwrap();
    let m = RiskModel::new()
        .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
        .unwrap();
    let e = m.simulate_plan(&Assessment::new(capacity), "x", &s).unwrap_err();
    assert!(matches!(
        e,
        Error::Invalid {
            what: Quantity::Risk("fx"),
            ..
        }
    ));
    // No factor at all: the deterministic verdict with certainty.
    let capacity = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(10))],
    )
    .unwrap();
    let r = RiskModel::new()
        .paths(3)
        .unwrap()
        .simulate_plan(&Assessment::new(capacity), "x", &s)
        .unwrap();
    assert_eq!((r.breach_probability, r.verdict), (1.0, Verdict::Unaffordable));
}

#[test]
fn a_one_change_history_is_a_known_path() {
    // History [100, 110]: the only log-change is ln 1.1, so every path's
    // rate is 1,430·1.1^k in the k-th year: 1,573 (2026), 1,730.3 (2027),
    // 1,903.33 (2028). $10B a year against a ₩16T cap: ₩15.73T fits,
    // ₩17.303T and ₩19.0333T do not, so P = 0, 1, 1 by year.
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(16e12))],
    )
    .unwrap();
    let budget = Funding::new(
        vec![FundingSource::Budget {
            amount_per_year: dec!(1e15),
        }],
        0.04,
    )
    .unwrap();
    let a = Assessment::new(capacity)
        .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
        .funding(budget);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let s = Plan::installments(jan1, 3, disburse::time::Frequency::Annual)
        .schedule(Money::new(dec!(30e9), Currency::USD), "x")
        .unwrap();
    let m = RiskModel::new()
        .paths(20)
        .unwrap()
        .fx(FxFactor::History {
            history: vec![dec!(100), dec!(110)],
            block: 1,
        })
        .unwrap();
    let r = m.simulate_plan(&a, "x", &s).unwrap();
    let p: Vec<f64> = r.years.iter().map(|y| y.breach_probability).collect();
    assert_eq!(p, [0.0, 1.0, 1.0]);
    let report = m.path_report(&a, &s, 3).unwrap();
    assert_eq!(report.rows[0].outlay_payer.amount(), dec!(15_730_000_000_000));
    assert_eq!(report.rows[1].outlay_payer.amount(), dec!(17_303_000_000_000));
    assert_eq!(report.rows[2].outlay_payer.amount(), dec!(19_033_300_000_000));
}

#[test]
fn a_rate_shift_moves_new_coupons_and_the_yield_not_issued_debt() {
    // Vasicek with no volatility from 2% towards 4% at speed 0.5:
    // x = 3%, 3.5%, 3.75%: shifts from the start of +1, +1.5, +1.75 points.
    // Reserves of $1,000 yielding 5% → 6%, 6.5%, 6.75%; new bonds at 4% →
    // 5%, 5.5%, 5.75%. $1,000 a year, income first, then bonds:
    //   2026: income 60.00, borrow 940.00 at 5%;
    //   2027: interest 940 × 5% = 47.00; income 65.00; borrow 982.00 at 5.5%;
    //   2028: interest 47.00 + 982 × 5.5% = 101.01 (the 2026 bond keeps 5%);
    //         income 67.50; borrow 1,033.51.
    let capacity = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![
            Constraint::fixed_cap("cap", dec!(1e9)),
            Constraint::Stock(disburse::affordability::Stock::new("reserves", 2026, dec!(1000), 0.05)),
        ],
    )
    .unwrap();
    let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04).unwrap();
    let a = Assessment::new(capacity).funding(funding);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let s = Plan::installments(jan1, 3, disburse::time::Frequency::Annual)
        .schedule(Money::new(dec!(3000), Currency::USD), "x")
        .unwrap();
    let m = RiskModel::new()
        .rates(RateFactor {
            speed: 0.5,
            level: 0.04,
            vol: 0.0,
            start: Some(0.02),
        })
        .unwrap();
    let r = m.path_report(&a, &s, 0).unwrap();
    let income: Vec<_> = r.rows[..3].iter().map(|y| y.funding.from_income.amount()).collect();
    let borrowed: Vec<_> = r.rows[..3].iter().map(|y| y.funding.borrowed.amount()).collect();
    let interest: Vec<_> = r.rows[..3].iter().map(|y| y.interest.amount()).collect();
    assert_eq!(income, [dec!(60.00), dec!(65.00), dec!(67.50)]);
    assert_eq!(borrowed, [dec!(940.00), dec!(982.00), dec!(1033.51)]);
    assert_eq!(interest, [dec!(0), dec!(47.00), dec!(101.01)]);
}

/// Korea's four plans with the FX-stress clause and a wild won: the
/// screened engine's breach and deferral probabilities (every year, with
/// and without the clause) are the exact engine's, and no path needed
/// the exact engine.
#[test]
fn screened_and_exact_engines_count_the_same_breaches() {
    use disburse::risk::Engine;
    let (a, plans) = korea();
    let a = a.deferral(Deferral::new(DeferralTrigger::FxAbove { level: dec!(1500) }, dec!(0.5), 2).unwrap());
    let model = RiskModel::new()
        .paths(150)
        .unwrap()
        .seed(5)
        .fx(FxFactor::Lognormal { vol: 0.12, drift: 0.0 })
        .unwrap()
        .rates(RateFactor {
            speed: 0.3,
            level: 0.035,
            vol: 0.01,
            start: None,
        })
        .unwrap();
    let fast = model.simulate(&a, &plans).unwrap();
    let exact = model.clone().engine(Engine::Exact).simulate(&a, &plans).unwrap();
    assert_eq!(fast.engine, Engine::Screened);
    for (f, e) in fast.plans.iter().zip(&exact.plans) {
        assert_eq!(f.exact_paths, 0, "{}", f.name);
        assert_eq!(e.exact_paths, 150);
        assert_eq!(f.breach_probability, e.breach_probability, "{}", f.name);
        assert_eq!(f.breach_probability_by_year, e.breach_probability_by_year);
        assert_eq!(f.breach_probability_without_clause, e.breach_probability_without_clause);
        assert_eq!(f.deferral_probability, e.deferral_probability);
        assert_eq!(f.verdict, e.verdict);
        // The funding cost is an `f64` present value rounded to the minor
        // unit on either engine, in a different order: a path's cost may
        // differ by a won.
        assert!((f.funding_cost.mean - e.funding_cost.mean).abs() <= 1.0, "{}", f.name);
        assert_eq!(f.baseline_funding_cost, e.baseline_funding_cost);
        for (yf, ye) in f.years.iter().zip(&e.years) {
            assert_eq!(yf.paths, ye.paths);
            assert_eq!(yf.deferral_probability, ye.deferral_probability);
            // Amounts are the same integers: the same means, sketches and
            // least and greatest values, so the same distributions. The
            // ratios are `f64` quotients on the screened engine, `Decimal`
            // ones read as `f64` on the exact: within an ulp or two.
            assert_eq!(yf.debt, ye.debt);
            assert_eq!(yf.converted, ye.converted);
            assert_eq!(yf.borrowing, ye.borrowing);
            assert_eq!(yf.reserves, ye.reserves);
            for (a, b) in [(yf.share_used, ye.share_used), (yf.adequacy, ye.adequacy)] {
                let (a, b) = (a.unwrap(), b.unwrap());
                for (x, y) in [
                    (a.mean, b.mean),
                    (a.p5, b.p5),
                    (a.p25, b.p25),
                    (a.p50, b.p50),
                    (a.p75, b.p75),
                    (a.p95, b.p95),
                ] {
                    assert!((x - y).abs() <= 1e-15 * y.abs(), "{} {x} {y}", yf.year);
                }
            }
            assert_eq!(yf.baseline, ye.baseline);
            assert_eq!(yf.expected_deferred, ye.expected_deferred);
        }
    }
    // Some breach and some deferral, so the comparison compares something.
    assert!(
        fast.plans
            .iter()
            .any(|p| p.breach_probability > 0.0 && p.breach_probability < 1.0)
    );
    assert!(fast.plans.iter().any(|p| p.deferral_probability.unwrap() > 0.0));
}

/// A configuration the screened program does not support (an FX path
/// quoted the other way round: conversions divide) runs every path on the
/// exact engine, and says so.
#[test]
fn an_unsupported_configuration_runs_every_path_exactly() {
    use disburse::risk::Engine;
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(15e12))],
    )
    .unwrap();
    let budget = Funding::new(
        vec![FundingSource::Budget {
            amount_per_year: dec!(1e15),
        }],
        0.04,
    )
    .unwrap();
    // KRW/USD: dollars per won; a dollar outlay is divided by the rate.
    let fx = FxPath::flat(Currency::KRW, Currency::USD, dec!(0.0007)).unwrap();
    let a = Assessment::new(capacity).fx(fx).funding(budget);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let s = Plan::installments(jan1, 3, disburse::time::Frequency::Annual)
        .schedule(Money::new(dec!(30e9), Currency::USD), "x")
        .unwrap();
    let m = RiskModel::new()
        .paths(40)
        .unwrap()
        .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
        .unwrap();
    let screened = m.simulate_plan(&a, "x", &s).unwrap();
    assert_eq!(screened.exact_paths, 40);
    let exact = m.clone().engine(Engine::Exact).simulate_plan(&a, "x", &s).unwrap();
    assert_eq!(screened, exact);
    // ₩14.3T needed at 1/0.0007 ≈ 1,428.6 won per dollar: some paths
    // breach the ₩15T cap.
    assert!(screened.breach_probability > 0.0);
}

#[test]
fn percentiles_are_over_the_paths_still_running_and_the_reports_say_so() {
    // $10B on 1 January 2026 against a won budget of ₩15T, the rest
    // borrowed in won for 2 years (bullet): a path borrows exactly when
    // 1,430·e^(S_1)·10^10 > 1.5·10^13, S_1 ~ Normal(−σ²/2, σ²), σ = 0.1,
    //   P = 1 − Φ((ln(15/14.3) + σ²/2) / σ) = 0.2987820685 (mpmath),
    // and only those paths run on to 2027 and 2028 (the horizon runs until
    // the debt left after the last outlay falls due); the others end in 2026.
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(1e15))],
    )
    .unwrap();
    let funding = Funding::new(
        vec![
            FundingSource::Budget {
                amount_per_year: dec!(15e12),
            },
            FundingSource::Borrowing {
                coupon: 0.04,
                limit_per_year: None,
                currency: None,
                tenor: 2,
                profile: disburse::affordability::DebtProfile::Bullet,
            },
        ],
        0.04,
    )
    .unwrap();
    let a = Assessment::new(capacity)
        .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
        .funding(funding);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let s = Plan::upfront(jan1)
        .schedule(Money::new(dec!(10e9), Currency::USD), "x")
        .unwrap();
    let n = 40_000;
    let model = RiskModel::new()
        .paths(n)
        .unwrap()
        .seed(3)
        .fx(FxFactor::Lognormal { vol: 0.1, drift: 0.0 })
        .unwrap();
    let r = model.simulate(&a, &[("x".into(), s)]).unwrap();
    let plan = &r.plans[0];
    let running: Vec<(i32, u64)> = plan.years.iter().map(|y| (y.year.year(), y.paths)).collect();
    assert_eq!(running.len(), 3, "{running:?}");
    assert_eq!(running[0], (2026, n));
    assert_eq!(running[1].1, running[2].1, "{running:?}");
    let p = 0.298_782_068_5;
    let got = running[1].1 as f64 / n as f64;
    let se = (p * (1.0 - p) / n as f64).sqrt();
    assert!((got - p).abs() < 3.0 * se, "{got} vs {p} (se {se})");
    // Every path still running in 2027 owes debt: its percentiles are
    // over those paths only, so even the 5th is positive.
    assert!(plan.years[1].debt.unwrap().p5 > 0.0);
    // The table shows the share running and the note says what the
    // percentiles are over.
    let table = plan.years_table().to_string();
    assert!(table.contains("running"), "{table}");
    assert!(table.contains("100.0%"), "{table}");
    assert!(table.contains(&format!("{:.1}%", got * 100.0)), "{table}");
    let note = plan.years_note().unwrap();
    assert!(note.contains(&format!("over all {n} paths")), "{note}");
    assert!(note.contains("`service_years`"), "{note}");
    assert!(r.document().to_text().contains("paths still running"));
    // The fan chart draws the share running on a right-hand axis.
    #[cfg(feature = "charts")]
    let fan = |r: &disburse::risk::RiskReport| {
        let plans: Vec<&disburse::risk::PlanRisk> = r.plans.iter().collect();
        disburse::chart::fan_chart_svg(&plans, disburse::chart::FanMetric::Debt, r.paths, r.seed, 900).unwrap()
    };
    #[cfg(feature = "charts")]
    assert!(fan(&r).contains("paths running (right axis)"));
    // With every path on the same years there is neither.
    let fixed = model.clone().fx(FxFactor::Lognormal { vol: 0.0, drift: 0.0 }).unwrap();
    let s = Plan::upfront(jan1)
        .schedule(Money::new(dec!(10e9), Currency::USD), "x")
        .unwrap();
    let r = fixed.simulate(&a, &[("x".into(), s)]).unwrap();
    assert!(r.plans[0].years_note().is_none());
    assert!(!r.plans[0].years_table().to_string().contains("running"));
    #[cfg(feature = "charts")]
    assert!(!fan(&r).contains("paths running (right axis)"));
    // The remedy the note names: a horizon 2 years after the last outlay
    // for every path. All 40,000 run 2026–2028 and the 2027 percentiles
    // are over all of them: the 5th is a path that did not borrow (no
    // debt), the 95th one that did.
    let common = a
        .clone()
        .funding(a.funding_plan().clone().with_service_years(2).unwrap());
    let s = Plan::upfront(jan1)
        .schedule(Money::new(dec!(10e9), Currency::USD), "x")
        .unwrap();
    let r = model.simulate(&common, &[("x".into(), s)]).unwrap();
    let plan = &r.plans[0];
    let running: Vec<(i32, u64)> = plan.years.iter().map(|y| (y.year.year(), y.paths)).collect();
    assert_eq!(running, vec![(2026, n), (2027, n), (2028, n)]);
    let debt = plan.years[1].debt.unwrap();
    assert_eq!(debt.p5, 0.0);
    assert!(debt.p95 > 0.0);
    assert!(plan.years_note().is_none());
}

#[test]
fn the_reason_names_the_first_year_of_the_highest_probability() {
    // A cap of $0 a year against $250B a year for three years: every path
    // breaches every year (P = 1 in 2026, 2027 and 2028); the reason
    // names the first of them (it named the last: `max_by` keeps the last
    // of equals; found by fuzzing).
    let capacity = Capacity::new(
        Currency::USD,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(0))],
    )
    .unwrap();
    let funding = Funding::new(
        vec![FundingSource::Budget {
            amount_per_year: dec!(76e9),
        }],
        0.045,
    )
    .unwrap();
    let a = Assessment::new(capacity).funding(funding);
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let s = Plan::installments(jan1, 3, disburse::time::Frequency::Annual)
        .schedule(Money::new(dec!(750e9), Currency::USD), "x")
        .unwrap();
    let r = RiskModel::new()
        .paths(50)
        .unwrap()
        .simulate(&a, &[("x".into(), s)])
        .unwrap();
    let p = &r.plans[0];
    assert_eq!(
        p.breach_probability_by_year.values().copied().collect::<Vec<_>>(),
        vec![1.0, 1.0, 1.0]
    );
    assert!(p.reason.ends_with("; most in 2026 (100.0%)"), "{}", p.reason);
}

/// The baseline is the deterministic assessment, and it is not the median:
/// $10B paid upfront in 2026, all borrowed in won, at a flat 1,430 won per
/// dollar. The baseline's debt at the end of 2026 is ₩14.3T exactly. Under
/// a lognormal won (σ = 30%, drift 0) the 2026 rate is
/// `1430·e^(σZ − σ²/2)`: its mean is 1,430, its median
/// `1430·e^(−0.045)` = 1,367.07. So the mean debt is ₩14.3T within
/// Monte Carlo error (standard error `σ_debt/√N`, σ_debt =
/// `14.3T·√(e^(σ²) − 1)` = 4.40T) and the median ₩13.67T, 4.4% below
/// the baseline, within the sketch's 0.5% and its sampling error.
#[test]
fn the_baseline_is_the_deterministic_path_not_the_median() {
    let n = 20_000u64;
    let capacity = Capacity::new(
        Currency::KRW,
        FiscalYear::CALENDAR,
        vec![Constraint::fixed_cap("cap", dec!(1e15))],
    )
    .unwrap();
    let a = Assessment::new(capacity)
        .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap())
        .funding(Funding::new(vec![FundingSource::borrowing(0.04)], 0.04).unwrap());
    let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let s = Plan::upfront(jan1)
        .schedule(Money::new(dec!(10e9), Currency::USD), "x")
        .unwrap();
    let model = RiskModel::new()
        .paths(n)
        .unwrap()
        .seed(3)
        .fx(FxFactor::Lognormal { vol: 0.3, drift: 0.0 })
        .unwrap();
    let r = model.simulate_plan(&a, "x", &s).unwrap();
    let y = &r.years[0];
    let b = y.baseline.as_ref().unwrap();
    assert_eq!(b.debt, Money::new(dec!(14.3e12), Currency::KRW));
    assert_eq!(b.borrowing, b.debt);
    assert_eq!(r.baseline_funding_cost, a.assess(&s).unwrap().summary.funding_cost);
    let debt = y.debt.unwrap();
    let sd = 14.3e12 * (0.09f64.exp() - 1.0).sqrt();
    let se = sd / (n as f64).sqrt();
    assert!(
        (debt.mean - 14.3e12).abs() < 3.0 * se,
        "mean {} vs 14.3e12 ± {se}",
        debt.mean
    );
    let median = 14.3e12 * (-0.045f64).exp();
    // The median's sampling error: 1/(2·f(median)·√N), f the lognormal
    // density at its median, 1/(median·σ·√(2π)).
    let se_median = median * 0.3 * (2.0 * std::f64::consts::PI).sqrt() / 2.0 / (n as f64).sqrt();
    let tol = median * disburse::risk::SKETCH_ACCURACY + 3.0 * se_median;
    assert!(
        (debt.p50 - median).abs() < tol,
        "median {} vs {median} ± {tol}",
        debt.p50
    );
    assert!(debt.p50 < 14.3e12 * 0.97);
}

/// Every plan's 95% interval is Wilson's, computed here from its count
/// (`(p + z²/2n ± z·√(p(1 − p)/n + z²/4n²)) / (1 + z²/n)`), and its
/// verdict is settled exactly when neither threshold (5%, 25%) lies in
/// it. At 2,000 paths the agreed plan's 5.95% is within Monte Carlo error
/// of 5%, and its reason and the table say so; at 20,000 paths it is not.
#[test]
fn a_verdict_within_monte_carlo_error_of_a_threshold_is_not_settled() {
    let s = Scenario::korea_us_2025().unwrap();
    let (a, plans) = korea();
    let base = s.risk.clone().unwrap();
    let z: f64 = 1.959_963_984_540_054;
    for (n, agreed_settled) in [(2_000u64, false), (20_000, true)] {
        let r = base.clone().paths(n).unwrap().simulate(&a, &plans).unwrap();
        for p in &r.plans {
            let k = (p.breach_probability * n as f64).round();
            let (nf, q) = (n as f64, k / n as f64);
            let centre = (q + z * z / (2.0 * nf)) / (1.0 + z * z / nf);
            let half = z * (q * (1.0 - q) / nf + z * z / (4.0 * nf * nf)).sqrt() / (1.0 + z * z / nf);
            let [lo, hi] = p.breach_interval;
            assert!((lo - (centre - half).max(0.0)).abs() < 1e-12, "{}: {lo}", p.name);
            assert!((hi - (centre + half).min(1.0)).abs() < 1e-12, "{}: {hi}", p.name);
            let straddles = [0.05, 0.25].iter().any(|t| lo <= *t && *t < hi);
            assert_eq!(p.settled, !straddles, "{} at {n}", p.name);
            assert_eq!(p.reason.contains("not settled"), !p.settled);
        }
        let agreed = r.plans.iter().find(|p| p.name.starts_with("Agreed")).unwrap();
        assert_eq!(agreed.settled, agreed_settled, "{n}: {}", agreed.reason);
        let text = r.to_string();
        assert_eq!(text.contains("strained?"), !agreed_settled, "{text}");
        assert_eq!(text.contains("?: not settled"), !agreed_settled);
    }
}
