//! Instruments: exact expected flows (hand-computed cases, conservation
//! properties) and the economic cost of a plan.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::NaiveDate;
use disburse::instrument::{FlowKind, Guarantee, Instrument, Loan, Repayment, contractual_profile};
use disburse::rates::{FlatCurve, InterestRate};
use disburse::time::{DayCount, Frequency};
use disburse::valuation::{present_value, present_value_whole_periods};
use disburse::{Commitment, Currency, Money, Plan, Tranche};
use proptest::prelude::*;
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn usd(x: Decimal) -> Money {
    Money::new(x, Currency::USD)
}

fn single(amount: Decimal, plan: Plan, instrument: Instrument) -> Commitment {
    Commitment::new(
        "c",
        usd(amount),
        vec![Tranche::new("t", usd(amount), plan).with_instrument(instrument)],
    )
    .unwrap()
}

/// PV on whole years from `date` at `rate` (annual).
fn pv_whole_years(c: &Commitment, rate: f64, date: NaiveDate) -> Money {
    let s = c.expected_flows().unwrap().schedule().unwrap();
    present_value_whole_periods(&s, rate, date, disburse::time::Tenor::years(1)).unwrap()
}

/// PV, dated, at `rate` compounded annually on `dc` year fractions.
fn pv_dated(c: &Commitment, rate: f64, date: NaiveDate, dc: DayCount) -> Money {
    let s = c.expected_flows().unwrap().schedule().unwrap();
    let curve = FlatCurve::new(
        date,
        InterestRate::new(rate, disburse::rates::Compounding::ANNUAL, dc).unwrap(),
    );
    present_value(&s, &curve).unwrap()
}

#[test]
fn bullet_loan_at_its_own_rate_costs_nothing() {
    // 1,000 drawn on 2026-01-01 at 4.5% for 10 years, no default: −1000 +
    // Σ 45/1.045ᵏ + 1000/1.045¹⁰ = 0 exactly in whole years. Interest 45.00
    // a year is whole cents, so nothing is rounded.
    let loan = Loan::new(dec!(0.045), 10, Repayment::Bullet, 0, dec!(0), dec!(0)).unwrap();
    let c = single(dec!(1000), Plan::upfront(d(2026, 1, 1)), Instrument::Loan(loan));
    let f = c.expected_flows().unwrap();
    assert_eq!(f.total(FlowKind::Interest).unwrap(), usd(dec!(-450)));
    assert_eq!(f.net().unwrap(), usd(dec!(-450)));
    let cost = pv_whole_years(&c, 0.045, d(2026, 1, 1));
    assert!(cost.amount().abs() < dec!(0.000001), "{cost}");
    // 30/360 year fractions: each loan year is one year, zero again.
    let cost = pv_dated(&c, 0.045, d(2026, 1, 1), DayCount::Thirty360BondBasis);
    assert!(cost.amount().abs() < dec!(0.000001), "{cost}");
    // Act/365F (the default basis) counts the loan years with a 29 February
    // (2028, 2032) as 366/365 years: the flows at or after 2029-01-01 are
    // discounted a day more per leap year. mpmath: 1000 − Σ 45·1.045^(−tₖ)
    // − 1000·1.045^(−t₁₀), tₖ = days/365 = 0.2030120961812786… — not zero,
    // about 0.2 basis points of the loan; documented.
    let cost = pv_dated(&c, 0.045, d(2026, 1, 1), DayCount::Actual365Fixed);
    assert!((cost.amount() - dec!(0.203012096181)).abs() < dec!(0.000001), "{cost}");
}

#[test]
fn one_year_guarantee_costs_p_times_loss_discounted_minus_fee() {
    // 1,000 guaranteed for one year from 2026-01-01, fee 0.5% (paid at the
    // start), call probability 3%, recovery 40%. Cost at 5% in whole years:
    // 0.03 × 0.6 × 1000 / 1.05 − 0.005 × 1000 = 17.142857… − 5 = 12.142857…
    let g = Guarantee::new(dec!(0.005), 1, Repayment::Bullet, 0, dec!(0.03), dec!(0.4)).unwrap();
    let c = single(dec!(1000), Plan::upfront(d(2026, 1, 1)), Instrument::Guarantee(g));
    let cost = pv_whole_years(&c, 0.05, d(2026, 1, 1));
    assert!((cost.amount() - dec!(12.142857142857)).abs() < dec!(0.000001), "{cost}");
    let f = c.expected_flows().unwrap();
    let l = &f.ledgers()[0];
    assert_eq!((l.called, l.released), (usd(dec!(30)), usd(dec!(970))));
}

#[test]
fn profile_with_grace() {
    let l = Instrument::Loan(Loan::new(dec!(0.05), 5, Repayment::Amortising, 2, dec!(0), dec!(0)).unwrap());
    let p = contractual_profile(usd(dec!(100)), &l).unwrap();
    let due: Vec<Decimal> = p.iter().map(|(_, pk)| pk.amount()).collect();
    assert_eq!(due, [dec!(0), dec!(0), dec!(33.34), dec!(33.33), dec!(33.33)]);
    let bal: Vec<Decimal> = p.iter().map(|(b, _)| b.amount()).collect();
    assert_eq!(bal, [dec!(100), dec!(100), dec!(100), dec!(66.66), dec!(33.33)]);
}

fn fraction(max_basis_points: u32) -> impl Strategy<Value = Decimal> {
    (0..=max_basis_points).prop_map(|bp| Decimal::new(i64::from(bp), 4))
}

fn instrument() -> impl Strategy<Value = Instrument> {
    let term = (1u32..=15, any::<bool>(), 0u32..5);
    prop_oneof![
        Just(Instrument::Equity),
        (fraction(1500), term.clone(), fraction(10_000), fraction(10_000)).prop_map(|(r, (t, am, g), p, rec)| {
            let (profile, grace) = if am {
                (Repayment::Amortising, g.min(t - 1))
            } else {
                (Repayment::Bullet, 0)
            };
            Instrument::Loan(Loan::new(r, t, profile, grace, p, rec).unwrap())
        }),
        (fraction(300), term, fraction(10_000), fraction(10_000)).prop_map(|(fee, (t, am, g), q, rec)| {
            let (profile, grace) = if am {
                (Repayment::Amortising, g.min(t - 1))
            } else {
                (Repayment::Bullet, 0)
            };
            Instrument::Guarantee(Guarantee::new(fee, t, profile, grace, q, rec).unwrap())
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(200)))]

    /// Every ledger closes exactly, and the flows of each kind sum to what
    /// the ledgers say.
    #[test]
    fn expected_flows_conserve_money(
        cents in 1i64..1_000_000_000_000,
        n in 1u32..8,
        a in instrument(),
        b in instrument(),
    ) {
        let total = Decimal::new(cents, 2);
        let half = Decimal::new(cents / 2, 2);
        let c = Commitment::new("c", usd(total), vec![
            Tranche::new("a", usd(total - half), Plan::installments(d(2026, 3, 31), n, Frequency::Annual)).with_instrument(a),
            Tranche::new("b", usd(half), Plan::upfront(d(2027, 2, 28))).with_instrument(b),
        ].into_iter().filter(|t| !t.amount.is_zero()).collect()).unwrap();
        let f = c.expected_flows().unwrap();
        let mut by_kind = std::collections::HashMap::new();
        for x in f.flows() {
            prop_assert!(x.amount.is_whole_minor());
            let e = by_kind.entry(x.kind).or_insert(usd(dec!(0)));
            *e = e.checked_add(x.amount).unwrap();
        }
        let get = |k| by_kind.get(&k).copied().unwrap_or(usd(dec!(0)));
        let mut sums = [usd(dec!(0)); 7];
        for l in f.ledgers() {
            prop_assert!(l.closes(), "{l:?}");
            prop_assert!(l.written_off.amount() >= dec!(-0.05), "{l:?}");
            let parts = [l.paid, l.interest, l.repaid, l.fees, l.called, l.recovered,
                if l.instrument.kind() == "loan" { l.amount } else { usd(dec!(0)) }];
            for (s, p) in sums.iter_mut().zip(parts) { *s = s.checked_add(p).unwrap(); }
        }
        let neg = |m: Money| m.checked_neg().unwrap();
        prop_assert_eq!(get(FlowKind::Outlay), sums[0]);
        prop_assert_eq!(neg(get(FlowKind::Interest)), sums[1]);
        prop_assert_eq!(neg(get(FlowKind::Repayment)), sums[2]);
        prop_assert_eq!(neg(get(FlowKind::Fee)), sums[3]);
        prop_assert_eq!(get(FlowKind::Call), sums[4]);
        prop_assert_eq!(neg(get(FlowKind::Recovery)), sums[5]);
        prop_assert_eq!(get(FlowKind::Drawdown), sums[6]);
        prop_assert_eq!(f.outflows().unwrap().total().unwrap().checked_sub(f.receipts().unwrap().total().unwrap()).unwrap(), f.net().unwrap());
    }

    /// With no default and the loan's rate as the discount rate, the
    /// economic cost is zero up to the rounding of the interest to cents
    /// (at most half a cent a flow, discounted) and the f64 discounting
    /// (relative 1e-12 of the flows).
    #[test]
    fn loan_at_the_discount_rate_costs_zero(
        cents in 100i64..1_000_000_000_000,
        rate_bp in 0u32..1500,
        tenor in 1u32..30,
        amortising in any::<bool>(),
        n in 1u32..5,
    ) {
        let rate = Decimal::new(i64::from(rate_bp), 4);
        let profile = if amortising { Repayment::Amortising } else { Repayment::Bullet };
        let loan = Loan::new(rate, tenor, profile, 0, dec!(0), dec!(0.3)).unwrap();
        let total = Decimal::new(cents, 2);
        let c = single(total, Plan::installments(d(2026, 1, 1), n, Frequency::Annual), Instrument::Loan(loan));
        let flows = c.expected_flows().unwrap().flows().len();
        let cost = pv_whole_years(&c, f64::from(rate_bp) / 10_000.0, d(2026, 1, 1));
        let bound = Decimal::new(5, 3) * Decimal::from(flows) + total * dec!(0.000000000002) * Decimal::from(flows);
        prop_assert!(cost.amount().abs() <= bound, "cost {cost}, bound {bound}");
    }
}

#[cfg(feature = "scenario")]
mod scenario {
    use super::*;
    use disburse::scenario::{Format, Scenario};

    const BASE: &str = "name = \"t\"\ncurrency = \"USD\"\nheadline = \"1000\"\n\n[valuation]\ndate = \"2026-01-01\"\nrates = [0.05]\nbasis = \"whole_years\"\npayer_rate = 0.05\nrecipient_rate = 0.08\n\n";

    fn doc(instrument: &str) -> String {
        format!(
            "{BASE}[[plans]]\nname = \"cash\"\nplan = {{ kind = \"upfront\", date = \"2026-01-01\" }}\n\n[[plans]]\nname = \"mix\"\ntranches = [\n  {{ name = \"equity\", amount = \"100\", plan = {{ kind = \"upfront\", date = \"2026-01-01\" }} }},\n  {{ name = \"other\", amount = \"900\", plan = {{ kind = \"upfront\", date = \"2026-01-01\" }},\n    instrument = {instrument} }},\n]\n"
        )
    }

    #[test]
    fn instrument_field_errors_name_path_message_and_line() {
        let cases = [
            (
                "{ kind = \"loan\", rate = \"0.05\", tenor = \"10Y\", recovery = \"1.5\" }",
                "recovery rate is out of range: must be 0 to 1, got 1.5",
            ),
            (
                "{ kind = \"loan\", rate = \"0.05\", tenor = \"0Y\" }",
                "instrument tenor is out of range: must be 1 to 100, got 0",
            ),
            (
                "{ kind = \"loan\", rate = \"0.05\", tenor = \"18M\" }",
                "instrument tenor is out of range: must be whole years, such as `10Y`",
            ),
            (
                "{ kind = \"guarantee\", fee = \"-0.01\", tenor = \"5Y\" }",
                "guarantee fee is out of range: must be 0 to 1, got -0.01",
            ),
            (
                "{ kind = \"loan\", rate = \"0.05\", tenor = \"5Y\", grace = \"2Y\" }",
                "grace period is out of range: applies to an amortising profile only",
            ),
        ];
        for (instrument, message) in cases {
            let err = Scenario::load(&doc(instrument), Format::Toml).unwrap_err();
            assert_eq!(
                (err.path().as_str(), err.message(), err.line()),
                ("plans[1].tranches[1].instrument", message, Some(21)),
                "{instrument}"
            );
        }
        let err = Scenario::load(&doc("{ kind = \"swap\" }"), Format::Toml).unwrap_err();
        assert_eq!(err.path(), "plans[1].tranches[1].instrument.kind");
        assert!(err.message().contains("unknown variant `swap`"), "{err}");
        let err = Scenario::load(
            &doc("{ kind = \"loan\", rate = \"0.05\", tenor = \"5Y\", rat = \"1\" }"),
            Format::Toml,
        )
        .unwrap_err();
        assert_eq!(err.path(), "plans[1].tranches[1].instrument");
        assert!(err.message().contains("unknown field `rat`"), "{err}");
    }

    #[test]
    fn compare_shows_nominal_pv_of_outlays_and_economic_cost() {
        // "mix": 100 equity on 2026-01-01 and 900 guaranteed for one year,
        // fee 0.5%, call 3%, recovery 40%. At the payer's 5% (whole years):
        // 100 + 0.03 × 0.6 × 900 / 1.05 − 0.005 × 900 = 100 + 15.428571…
        // − 4.5 = 110.928571…; at the recipient's 8%: 100 + 16.2/1.08 − 4.5
        // = 110.5. Net undiscounted: 100 + 27 − 10.8 − 4.5 = 111.70.
        let g = "{ kind = \"guarantee\", fee = \"0.005\", tenor = \"1Y\", call_probability = \"0.03\", recovery = \"0.4\" }";
        let s = Scenario::load(&doc(g), Format::Toml).unwrap();
        s.validate().unwrap();
        let schedules = s.schedules().unwrap();
        let expected = s.expected_flows().unwrap();
        let v = s.valuation.clone().unwrap();
        let c = disburse::compare::compare_with_instruments(&schedules, &expected, &v, None).unwrap();
        let e = c.plans[1].economic.as_ref().unwrap();
        assert!(e.instruments);
        // The expected outflows by year: the equity 100 in 2026 and the
        // expected call 0.03 × 900 = 27 at the guarantee's end, 2027; a
        // cash plan has none (its outflows are its outlays).
        let outflows: Vec<(i32, Decimal)> = c.plans[1]
            .expected_outflows
            .as_ref()
            .unwrap()
            .iter()
            .map(|y| (y.period.year(), y.total.amount()))
            .collect();
        assert_eq!(outflows, [(2026, dec!(100)), (2027, dec!(27))]);
        assert!(c.plans[0].expected_outflows.is_none());
        #[cfg(feature = "charts")]
        {
            // The chart draws them, and its legend says so.
            let data = disburse::chart::ChartData::try_from(&c).unwrap();
            let svg = disburse::chart::yearly_outlays_svg(&data, 800, 450).unwrap();
            assert!(svg.contains("mix (expected outflows)"), "{svg}");
        }
        assert_eq!(e.net, usd(dec!(111.70)));
        let near = |m: Option<Money>, x: Decimal| (m.unwrap().amount() - x).abs() < dec!(0.000001);
        assert!(near(e.to_payer, dec!(110.928571428571)), "{:?}", e.to_payer);
        assert!(near(e.to_recipient, dec!(110.5)), "{:?}", e.to_recipient);
        assert!((e.to_payer_share.unwrap() - 0.110_928_571_428_571).abs() < 1e-12);
        assert_eq!(c.plans[1].present_values[0], usd(dec!(1000)));
        let cash = c.plans[0].economic.as_ref().unwrap();
        assert!(!cash.instruments);
        assert_eq!(cash.at_rates, c.plans[0].present_values);
        let text = c.to_string();
        assert!(text.contains("Economic cost: PV of all expected flows"), "{text}");
        assert!(
            text.contains("at the payer's rate 5% (its cost of funds) and the recipient's rate 8%"),
            "{text}"
        );
        let mix = text.lines().rfind(|l| l.starts_with("mix")).unwrap();
        // nominal, net expected, PV of outlays @5%, economic cost @5%, share, to recipient @8%, share.
        let cells: Vec<&str> = mix.split_whitespace().collect();
        assert_eq!(
            cells,
            [
                "mix", "1000.00", "111.70", "1000.00", "110.93", "11.1%", "110.50", "11.1%"
            ],
            "{mix}"
        );
        assert!(text.lines().all(|l| l.chars().count() <= 100), "{text}");
        #[cfg(feature = "csv")]
        {
            let csv = c.to_csv_summary().unwrap();
            let header = csv.lines().next().unwrap();
            assert!(header.contains(",economic_net,economic_cost_0.05,economic_share_0.05,economic_cost_to_payer,economic_share_to_payer,economic_value_to_recipient,economic_share_to_recipient,peak_year"), "{header}");
            assert!(csv.lines().nth(2).unwrap().contains(",111.70,"), "{csv}");
        }
        let json: serde_json::Value = serde_json::from_str(&c.to_json().unwrap()).unwrap();
        assert_eq!(json["plans"][1]["economic"]["net"]["amount"], "111.70");
        assert_eq!(json["plans"][1]["economic"]["instruments"], true);
    }

    #[test]
    fn japan_scenario_splits_the_headline_by_instrument() {
        let text = include_str!("../examples/scenarios/japan_us_2025.toml");
        let s = Scenario::from_toml(text).unwrap();
        s.validate().unwrap();
        let i = s
            .plans
            .iter()
            .position(|p| p.name.starts_with("by instrument"))
            .unwrap();
        let flows = &s.expected_flows().unwrap()[i];
        let kinds: Vec<&str> = flows.ledgers().iter().map(|l| l.instrument.kind()).collect();
        assert_eq!(kinds, ["equity", "loan", "guarantee"]);
        assert!(flows.ledgers().iter().all(|l| l.closes()));
        // Equity is 1.5% of the headline (the sourced "about 1–2%").
        assert_eq!(flows.ledgers()[0].amount, usd(dec!(8.25e9)));
    }
}

// ---- Affordability sees the instruments (issue 15, item 3) ----

mod affordability {
    use super::*;
    use disburse::affordability::{
        Assessment, Capacity, Constraint, DebtProfile, Funding, FundingSource, FxPath, Stock,
    };
    use disburse::{Currency, FiscalYear, Period};

    fn krw(x: Decimal) -> Money {
        Money::new(x, Currency::KRW)
    }

    fn loan(rate: Decimal, years: u32) -> Instrument {
        Instrument::Loan(Loan::new(rate, years, Repayment::Bullet, 0, dec!(0), dec!(0)).unwrap())
    }

    /// A won payer lends $100 for one year at 10% and borrows the ₩100,000
    /// in won for one year at 5%, at ₩1,000 a dollar. By hand:
    /// 2026: outlay $100 = ₩100,000, all borrowed.
    /// 2027: the won debt asks 5% × 100,000 = ₩5,000 of interest and the
    /// ₩100,000 back: ₩105,000. The loan pays $10 + $100 = $110; $105 sold
    /// at 1,000 pay the ₩105,000 (a sale: no conversion limit counts it),
    /// $5 are left and carried (the payer has no dollar stock). No new
    /// debt, so the rows end in 2027.
    #[test]
    fn dollar_receipts_are_sold_to_service_won_debt() {
        let c = single(dec!(100), Plan::upfront(d(2026, 1, 1)), loan(dec!(0.10), 1));
        let capacity = Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", dec!(1000000))],
        )
        .unwrap();
        let won_bonds = FundingSource::Borrowing {
            coupon: 0.05,
            limit_per_year: None,
            currency: None,
            tenor: 1,
            profile: DebtProfile::Bullet,
        };
        let a = Assessment::new(capacity)
            .fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1000)).unwrap())
            .funding(Funding::new(vec![won_bonds], 0.05).unwrap());
        let r = a.assess_expected(&c.expected_flows().unwrap()).unwrap();
        assert_eq!(r.rows.len(), 2);
        let (y26, y27) = (&r.rows[0], &r.rows[1]);
        assert_eq!(y26.funding.borrowed, krw(dec!(100000)));
        assert!(y26.receipts.is_zero());
        assert_eq!(y27.year, Period::Year(2027));
        assert_eq!(y27.receipts, usd(dec!(110)));
        assert_eq!(y27.interest, krw(dec!(5000)));
        assert_eq!(y27.principal_repaid, krw(dec!(100000)));
        assert_eq!(y27.funding.from_receipts, krw(dec!(105000)));
        assert!(y27.funding.borrowed.is_zero());
        assert!(y27.converted.is_zero());
        assert_eq!(y27.receipts_carried, usd(dec!(5)));
        assert_eq!(r.summary.receipts_unused, usd(dec!(5)));
        assert_eq!(r.summary.total_receipts, usd(dec!(110)));
        assert!(r.summary.final_debt.is_zero());
        assert!(
            r.assumptions.iter().any(|l| l.contains("sold at the year's rate")),
            "{:?}",
            r.assumptions
        );
    }

    /// A dollar payer with $1,000 of dollar reserves yielding nothing, a
    /// budget, and an outlay cap of $100: a $100 one-year loan at 10% in
    /// 2026 and $50 of equity in 2027. By hand:
    /// 2026: outlay 100 from the budget; the cap is fully used.
    /// 2027: outlay 50; the loan pays 10 + 100 = 110, which pays the 50
    /// (the cap counts 50 − 50 = 0) and the 60 left go into the reserves:
    /// 1,000 → 1,060.
    #[test]
    fn receipts_net_the_outlay_limit_and_the_rest_goes_to_a_dollar_stock() {
        let c = Commitment::new(
            "c",
            usd(dec!(150)),
            vec![
                Tranche::new("loan", usd(dec!(100)), Plan::upfront(d(2026, 1, 1))).with_instrument(loan(dec!(0.10), 1)),
                Tranche::new("equity", usd(dec!(50)), Plan::upfront(d(2027, 1, 1))),
            ],
        )
        .unwrap();
        let capacity = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![
                Constraint::fixed_cap("cap", dec!(100)),
                Constraint::Stock(Stock::new("reserves", 2026, dec!(1000), 0.0)),
            ],
        )
        .unwrap();
        let budget = FundingSource::Budget {
            amount_per_year: dec!(1000),
        };
        let a = Assessment::new(capacity).funding(Funding::new(vec![budget], 0.0).unwrap());
        let r = a.assess_expected(&c.expected_flows().unwrap()).unwrap();
        assert_eq!(r.rows.len(), 2);
        let cap = |i: usize| r.rows[i].limits.iter().find(|u| u.name == "cap").unwrap().used;
        assert_eq!(r.rows[0].funding.from_income, usd(dec!(100)));
        assert_eq!(cap(0), usd(dec!(100)));
        let y27 = &r.rows[1];
        assert_eq!(y27.outlay, usd(dec!(50)));
        assert_eq!(y27.funding.from_receipts, usd(dec!(50)));
        assert!(y27.funding.from_income.is_zero());
        assert!(cap(1).is_zero());
        assert_eq!(y27.receipts_to_stock, usd(dec!(60)));
        assert!(y27.receipts_carried.is_zero());
        assert_eq!(y27.stock_after, Some(usd(dec!(1060))));
        assert!(r.summary.receipts_unused.is_zero());
    }

    /// A guarantee uses capacity only through its expected calls: $1,000
    /// guaranteed for 2 years from 2026-01-01, 10% call probability, no
    /// recovery, 1% fee. By hand: fee 10 on 2026-01-01 and
    /// 0.9 × 1,000 × 1% = 9 on 2027-01-01; expected calls 100 at the end of
    /// year 1 (2027-01-01) and 0.9 × 100 = 90 at the end of year 2
    /// (2028-01-01). Rows: 2026 no outlay (fee 10 carried, no stock),
    /// 2027 outlay 100 paid 10 + 9 from receipts, 81 from the budget;
    /// 2028 outlay 90 from the budget.
    #[test]
    fn a_guarantee_uses_capacity_only_when_called() {
        let g = Guarantee::new(dec!(0.01), 2, Repayment::Bullet, 0, dec!(0.1), dec!(0)).unwrap();
        let c = single(dec!(1000), Plan::upfront(d(2026, 1, 1)), Instrument::Guarantee(g));
        let capacity = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", dec!(95))],
        )
        .unwrap();
        let budget = FundingSource::Budget {
            amount_per_year: dec!(1000),
        };
        let a = Assessment::new(capacity).funding(Funding::new(vec![budget], 0.0).unwrap());
        let r = a.assess_expected(&c.expected_flows().unwrap()).unwrap();
        let got: Vec<_> = r
            .rows
            .iter()
            .map(|x| {
                (
                    x.year,
                    x.outlay.amount(),
                    x.receipts.amount(),
                    x.funding.from_receipts.amount(),
                    x.funding.from_income.amount(),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (Period::Year(2026), dec!(0), dec!(10), dec!(0), dec!(0)),
                (Period::Year(2027), dec!(100), dec!(9), dec!(19), dec!(81)),
                (Period::Year(2028), dec!(90), dec!(0), dec!(0), dec!(90)),
            ]
        );
        // The cap of 95 counts the outlay net of receipts: 81 in 2027.
        assert!(r.summary.years_in_breach.is_empty(), "{}", r);
    }

    fn small_capacity() -> impl Strategy<Value = (Decimal, Decimal, bool)> {
        (1i64..10_000, 0i64..5_000, any::<bool>())
            .prop_map(|(cap, budget, stock)| (Decimal::new(cap, 0), Decimal::new(budget, 0), stock))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(cases(120)))]

        /// Receipts are conserved: what came in is what paid needs, went
        /// to the stock or is left; every row's funding sums to its need;
        /// an outlay limit never counts more than the outlay; a plan of
        /// equity only is assessed as its schedule.
        #[test]
        fn receipts_are_conserved_and_funding_sums_to_the_need(
            cents in 100i64..100_000_000,
            n in 1u32..5,
            a in instrument(),
            b in instrument(),
            (cap, budget, with_stock) in small_capacity(),
        ) {
            let total = Decimal::new(cents, 2);
            let half = Decimal::new(cents / 2, 2);
            let c = Commitment::new("c", usd(total), vec![
                Tranche::new("a", usd(total - half), Plan::installments(d(2026, 3, 31), n, Frequency::Annual)).with_instrument(a),
                Tranche::new("b", usd(half), Plan::upfront(d(2027, 2, 28))).with_instrument(b),
            ]).unwrap();
            let mut constraints = vec![Constraint::fixed_cap("cap", cap * dec!(1000))];
            if with_stock {
                constraints.push(Constraint::Stock(Stock::new("reserves", 2026, dec!(1e9), 0.03)));
            }
            let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, constraints).unwrap();
            let sources = vec![
                FundingSource::Budget { amount_per_year: budget * dec!(100) },
                FundingSource::Borrowing { coupon: 0.04, limit_per_year: None, currency: None, tenor: 3, profile: DebtProfile::Amortising },
            ];
            let assessment = Assessment::new(capacity).funding(Funding::new(sources, 0.04).unwrap());
            let flows = c.expected_flows().unwrap();
            let r = assessment.assess_expected(&flows).unwrap();
            let zero = usd(dec!(0));
            let (mut used, mut to_stock, mut received) = (zero, zero, zero);
            for row in &r.rows {
                let need = row.outlay_payer.amount() + row.interest.amount() + row.principal_repaid.amount();
                prop_assert_eq!(row.funding.total().unwrap().amount(), need, "{:?}", row);
                prop_assert!(row.funding.from_receipts.amount() >= dec!(0));
                let cap_used = row.limits.iter().find(|u| u.name == "cap").unwrap().used;
                prop_assert!(cap_used.amount() <= row.outlay_payer.amount());
                used = used.checked_add(row.funding.from_receipts).unwrap();
                to_stock = to_stock.checked_add(row.receipts_to_stock).unwrap();
                received = received.checked_add(row.receipts).unwrap();
            }
            let receipts = flows.receipts().unwrap().total().unwrap();
            // Receipts after the last row (none: the rows cover every
            // receipt year) would be missing here.
            prop_assert_eq!(received, receipts);
            prop_assert_eq!(r.summary.total_receipts, receipts);
            prop_assert_eq!(used.checked_add(to_stock).unwrap().checked_add(r.summary.receipts_unused).unwrap(), receipts);
            if !flows.has_instruments() {
                prop_assert_eq!(&r, &assessment.assess(&c.schedule().unwrap()).unwrap());
            }
        }
    }
}

/// Credit events sampled per path in the risk engine (issue 15, item 4).
#[cfg(feature = "risk")]
mod risk {
    use super::*;
    use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
    use disburse::risk::RiskModel;
    use disburse::{Currency, FiscalYear};

    /// A one-year guarantee with call probability `q`, no recovery, a fee
    /// of 0.1% (10 cents on $100, received on the start date).
    fn guarantee(q: Decimal) -> Instrument {
        Instrument::Guarantee(Guarantee::new(dec!(0.001), 1, Repayment::Bullet, 0, q, dec!(0)).unwrap())
    }

    /// Two $100 one-year guarantees from 2026-01-01, each called with
    /// probability 20% independently, no recovery, a 0.1% fee; a cap of $150 a
    /// year. A breach needs both called (2027 outlay 200 > 150): by hand
    /// P = 0.2 × 0.2 = 0.04, and P(one call or more) = 1 − 0.8² = 0.36
    /// shows in the cost. With N = 40,000 the simulated probability is
    /// within 4 standard errors of 0.04; the same seed gives the same
    /// report; with both probabilities zero no path breaches and every
    /// path is the deterministic assessment of the expected flows.
    #[test]
    fn breach_needs_both_guarantees_called() {
        let plan = |q| {
            Commitment::new(
                "g",
                usd(dec!(200)),
                vec![
                    Tranche::new("a", usd(dec!(100)), Plan::upfront(d(2026, 1, 1))).with_instrument(guarantee(q)),
                    Tranche::new("b", usd(dec!(100)), Plan::upfront(d(2026, 1, 1))).with_instrument(guarantee(q)),
                ],
            )
            .unwrap()
        };
        let capacity = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("cap", dec!(150))],
        )
        .unwrap();
        let budget = FundingSource::Budget {
            amount_per_year: dec!(1000),
        };
        let a = Assessment::new(capacity).funding(Funding::new(vec![budget], 0.0).unwrap());
        let model = RiskModel::new().paths(40_000).unwrap().seed(11);
        let r = model
            .simulate_commitments(&a, &[("g".into(), plan(dec!(0.2)))])
            .unwrap();
        let p = &r.plans[0];
        assert!(
            (p.breach_probability - 0.04).abs() < 4.0 * p.standard_error,
            "{}",
            p.breach_probability
        );
        assert!(p.exact_paths == 40_000);
        assert!(r.assumptions.iter().any(|l| l.starts_with("credit events")));
        let again = model
            .simulate_commitments(&a, &[("g".into(), plan(dec!(0.2)))])
            .unwrap();
        assert_eq!(r, again);
        let none = model.simulate_commitments(&a, &[("g".into(), plan(dec!(0)))]).unwrap();
        assert_eq!(none.plans[0].breach_probability, 0.0);
        let c = plan(dec!(0));
        let det = a.assess_expected(&c.expected_flows().unwrap()).unwrap();
        assert_eq!(none.plans[0].deterministic_verdict, det.summary.verdict);
    }
}
