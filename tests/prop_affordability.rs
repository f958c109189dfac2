//! Property tests for the affordability engine: capacity breaches, verdicts,
//! funding arithmetic, FX round trips and the stock floor.
//!
//! Amounts are generated as whole minor units (cents), so sums are exact.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use chrono::NaiveDate;
use disburse::affordability::{
    AffordabilityReport, Assessment, Capacity, Constraint, DebtProfile, Funding, FundingSource, FxPath, Limits, Stock,
    Thresholds, Verdict,
};
use disburse::{CashFlow, Currency, FiscalYear, Money, Schedule};
use proptest::prelude::*;
use rust_decimal::Decimal;

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

fn cents(c: i64) -> Decimal {
    Decimal::new(c, 2)
}

fn usd(c: i64) -> Money {
    Money::new(cents(c), Currency::USD)
}

/// Yearly outlays from 2026 (zeros allowed), in cents up to $1M.
fn outlays() -> impl Strategy<Value = Vec<i64>> {
    prop::collection::vec(prop_oneof![Just(0i64), 0i64..100_000_000], 1..7)
}

fn schedule(amounts: &[i64]) -> Schedule {
    let flows = amounts
        .iter()
        .enumerate()
        .map(|(i, a)| {
            let date = NaiveDate::from_ymd_opt(2026 + i as i32, 6, 30).unwrap();
            CashFlow::new(date, usd(*a), "x")
        })
        .collect();
    Schedule::new(Currency::USD, flows).unwrap()
}

prop_compose! {
    fn capacity()(
        cap in prop::option::of(0i64..80_000_000),
        flow in prop::option::of((0i64..200_000_000, -0.2f64..0.2, 0.01f64..=1.0)),
        stock in prop::option::of((0i64..300_000_000, -0.3f64..0.15, 0i64..10_000_000, 0.0f64..=1.0)),
    ) -> Capacity {
        let mut cs = Vec::new();
        if let Some(c) = cap {
            cs.push(Constraint::fixed_cap("cap", cents(c)));
        }
        if let Some((base, g, share)) = flow {
            cs.push(Constraint::share_of_flow("flow", 2025, cents(base), g, share));
        }
        if let Some((level, y, inflows, floor_frac)) = stock {
            let floor = (level as f64 * floor_frac) as i64;
            cs.push(Constraint::Stock(
                Stock::new("stock", 2025, cents(level), y)
                    .with_inflows(cents(inflows))
                    .with_floor(cents(floor.min(level))),
            ));
        }
        if cs.is_empty() {
            cs.push(Constraint::fixed_cap("cap", cents(50_000_000)));
        }
        Capacity::new(Currency::USD, FiscalYear::CALENDAR, cs).unwrap()
    }
}

fn source() -> impl Strategy<Value = FundingSource> {
    prop_oneof![
        Just(FundingSource::StockIncome),
        Just(FundingSource::StockPrincipal),
        (
            -0.05f64..0.15,
            prop::option::of(0i64..50_000_000),
            1u32..15,
            any::<bool>()
        )
            .prop_map(|(coupon, limit, tenor, amortising)| FundingSource::Borrowing {
                coupon,
                limit_per_year: limit.map(cents),
                currency: None,
                tenor,
                profile: if amortising {
                    DebtProfile::Amortising
                } else {
                    DebtProfile::Bullet
                },
            }),
        (0i64..50_000_000).prop_map(|b| FundingSource::Budget {
            amount_per_year: cents(b)
        }),
        (0i64..50_000_000, -0.02f64..0.1, 1u32..4, 0u32..3)
            .prop_map(|(limit, rate, tenor, rollovers)| FundingSource::swap_line(cents(limit), rate, tenor, rollovers)),
    ]
}

prop_compose! {
    fn funding()(sources in prop::collection::vec(source(), 0..4), rate in -0.05f64..0.2) -> Funding {
        // Keep at most one StockIncome and one StockPrincipal.
        let mut seen_income = false;
        let mut seen_principal = false;
        let sources = sources
            .into_iter()
            .filter(|s| match s {
                FundingSource::StockIncome => !std::mem::replace(&mut seen_income, true),
                FundingSource::StockPrincipal => !std::mem::replace(&mut seen_principal, true),
                _ => true,
            })
            .collect();
        Funding::new(sources, rate).unwrap()
    }
}

fn run(amounts: &[i64], cap: &Capacity, f: &Funding, threshold: f64) -> AffordabilityReport {
    assess(&schedule(amounts), cap, None, f, &Thresholds::new(threshold).unwrap()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(256), ..ProptestConfig::default() })]

    #[test]
    fn capacity_breach_exactly_when_an_outlay_limit_is_exceeded(
        amounts in outlays(), cap in capacity(), f in funding(), t in 0.1f64..1.5,
    ) {
        let r = run(&amounts, &cap, &f, t);
        prop_assert!(r.rows.len() >= amounts.len());
        for row in &r.rows {
            let over = row.limits.iter().any(|u| u.limits == Limits::Outlays && u.used.amount() > u.limit.amount());
            let flagged = row.breach.as_ref().is_some_and(|b| b.capacity.is_some());
            prop_assert_eq!(over, flagged, "{:?}", row);
            if flagged {
                prop_assert_eq!(row.breach.as_ref().unwrap().capacity.as_deref(), Some(row.binding.as_str()));
            }
            let b = row.limits.iter().find(|u| u.name == row.binding).unwrap();
            prop_assert_eq!(row.headroom.amount(), b.limit.amount() - b.used.amount());
            prop_assert_eq!(row.capacity, b.limit);
            let budgets = f.sources().iter().any(|s| matches!(s, FundingSource::Budget { .. }));
            for u in &row.limits {
                // What each limit counts: the outlay, or what the stock gave
                // (its income and principal; current income also holds
                // budgets, when there are any).
                let from_stock = row.funding.from_principal.amount() + row.funding.from_income.amount();
                match u.limits {
                    Limits::Outlays => prop_assert_eq!(u.used, row.outlay_payer),
                    Limits::StockDrawing if budgets => prop_assert!(
                        u.used.amount() >= row.funding.from_principal.amount() && u.used.amount() <= from_stock
                    ),
                    Limits::StockDrawing => prop_assert_eq!(u.used.amount(), from_stock, "{:?}", u),
                    Limits::Conversion => prop_assert_eq!(u.used, row.converted),
                }
                // The binding limit has the largest share.
                if let (Some(x), Some(y)) = (u.share, row.share_used) {
                    prop_assert!(x <= y, "{:?} above the binding {:?}", u, row.share_used);
                }
            }
        }
    }

    #[test]
    fn affordable_means_no_breach_and_share_within_threshold(
        amounts in outlays(), cap in capacity(), f in funding(), t in 0.1f64..1.5,
    ) {
        let r = run(&amounts, &cap, &f, t);
        let any_breach = r.rows.iter().any(|x| x.breach.is_some());
        prop_assert_eq!(any_breach, r.summary.verdict == Verdict::Unaffordable);
        prop_assert_eq!(any_breach, !r.summary.years_in_breach.is_empty());
        if r.summary.verdict == Verdict::Affordable {
            prop_assert!(!any_breach);
            prop_assert!(r.summary.total_borrowed.is_zero());
            for row in &r.rows {
                if row.outlay_payer.is_positive() {
                    let share = row.share_used;
                    prop_assert!(share.is_some_and(|s| s <= t), "{:?} > {}", share, t);
                }
            }
            if let Some(s) = r.summary.largest_share {
                prop_assert!(s.share.is_some_and(|x| x <= t));
            }
        }
    }

    #[test]
    fn funding_parts_sum_exactly_to_the_need_and_debt_is_never_negative(
        amounts in outlays(), cap in capacity(), f in funding(),
    ) {
        let r = run(&amounts, &cap, &f, 0.8);
        let mut debt = Decimal::ZERO;
        for row in &r.rows {
            let need = row.outlay_payer.amount() + row.interest.amount() + row.principal_repaid.amount();
            prop_assert_eq!(row.funding.total().unwrap().amount(), need, "{:?}", row);
            prop_assert!(row.funding.from_income.amount() >= Decimal::ZERO);
            prop_assert!(row.funding.borrowed.amount() >= Decimal::ZERO);
            prop_assert!(row.funding.from_swap.amount() >= Decimal::ZERO);
            prop_assert!(row.funding.from_principal.amount() >= Decimal::ZERO);
            prop_assert!(row.principal_repaid.amount() >= Decimal::ZERO);
            debt += row.funding.borrowed.amount() + row.funding.from_swap.amount() - row.principal_repaid.amount();
            prop_assert_eq!(row.debt_after.amount(), debt);
            prop_assert!(debt >= Decimal::ZERO);
            prop_assert_eq!(row.breach.as_ref().is_some_and(|b| b.unfunded), row.funding.unfunded.is_positive());
        }
        prop_assert_eq!(r.summary.final_debt.amount(), debt);
        prop_assert_eq!(r.summary.total_borrowed.amount() - r.summary.total_repaid.amount(), debt);
        // The horizon ends when the debt is gone, or at the last due date.
        if r.rows.len() > amounts.len() {
            prop_assert!(r.rows[r.rows.len() - 2].debt_after.is_positive());
        }
    }

    #[test]
    fn with_every_rate_zero_the_funding_cost_is_what_was_borrowed(
        amounts in outlays(), cap in capacity(), f in funding(),
    ) {
        let zero: Vec<FundingSource> = f
            .sources()
            .iter()
            .cloned()
            .map(|s| match s {
                FundingSource::Borrowing { limit_per_year, tenor, profile, currency, .. } => {
                    FundingSource::Borrowing { coupon: 0.0, limit_per_year, currency, tenor, profile }
                }
                FundingSource::SwapLine { limit, tenor, rollovers, .. } => {
                    FundingSource::swap_line(limit, 0.0, tenor, rollovers)
                }
                other => other,
            })
            .collect();
        let f = Funding::new(zero, 0.0).unwrap();
        let r = run(&amounts, &cap, &f, 0.8);
        prop_assert!(r.summary.total_interest.is_zero());
        prop_assert_eq!(r.summary.funding_cost, r.summary.total_borrowed);
    }

    #[test]
    fn stock_stays_above_floor_unless_a_breach_is_reported(
        amounts in outlays(), cap in capacity(), f in funding(),
    ) {
        let r = run(&amounts, &cap, &f, 0.8);
        if let Some(stock) = cap.stock() {
            for row in &r.rows {
                let after = row.stock_after.unwrap().amount();
                let floor = row.stock_floor.unwrap().amount();
                prop_assert_eq!(floor, stock.floor);
                let flagged = row.breach.as_ref().is_some_and(|b| b.stock.is_some());
                prop_assert_eq!(after < floor, flagged, "{:?}", row);
            }
        } else {
            // Without a stock, current income can only come from budgets.
            let budgets: Decimal = f
                .sources()
                .iter()
                .map(|s| match s {
                    FundingSource::Budget { amount_per_year } => *amount_per_year,
                    _ => Decimal::ZERO,
                })
                .sum();
            prop_assert!(r.rows.iter().all(|x| x.stock_after.is_none()
                && x.funding.from_income.amount() <= budgets
                && x.funding.from_principal.is_zero()));
        }
    }

    #[test]
    fn fx_round_trip_within_bound(
        minor in -1_000_000_000_000i64..1_000_000_000_000,
        rate_milli in 1i64..5_000_000_000,
        usd_is_base in any::<bool>(),
        from_base in any::<bool>(),
        other in prop::sample::select(vec![Currency::KRW, Currency::JPY, Currency::EUR, Currency::new("XAU", 3).unwrap()]),
    ) {
        let rate = Decimal::new(rate_milli, 3);
        let (base, quote) = if usd_is_base { (Currency::USD, other) } else { (other, Currency::USD) };
        let fx = FxPath::flat(base, quote, rate).unwrap();
        let (src, tgt, r_st) = if from_base { (base, quote, rate) } else { (quote, base, Decimal::ONE / rate) };
        let x = Money::from_minor(i128::from(minor), src).unwrap();
        let there = fx.convert(x, 2026).unwrap();
        prop_assert_eq!(there.currency(), tgt);
        let back = fx.convert(there, 2026).unwrap();
        prop_assert_eq!(back.currency(), src);
        // |x' − x| ≤ u_S/2 + u_T/(2·r), r in units of T per S (plus Decimal's
        // 28-digit division error).
        let bound = src.minor_unit() / Decimal::TWO + tgt.minor_unit() / (Decimal::TWO * r_st);
        let err = (back.amount() - x.amount()).abs();
        prop_assert!(err <= bound + Decimal::new(1, 20), "{} > {}", err, bound);
    }

    #[test]
    fn reversing_the_fx_pair_and_inverting_its_rate_gives_the_same_report(
        amounts in outlays(), f in funding(), k in 0usize..5, cap_won in 0i64..2_000_000_000,
        reserves in 0i64..300_000_000, dollar_bonds in any::<bool>(),
    ) {
        // Rates whose inverse is an exact decimal, so both quotations are exact.
        let (rate, inverse) = [
            (Decimal::new(1250, 0), Decimal::new(8, 4)),
            (Decimal::new(1600, 0), Decimal::new(625, 6)),
            (Decimal::new(2000, 0), Decimal::new(5, 4)),
            (Decimal::new(1000, 0), Decimal::new(1, 3)),
            (Decimal::new(8, 0), Decimal::new(125, 3)),
        ][k];
        let sources: Vec<FundingSource> = f
            .sources()
            .iter()
            .cloned()
            .map(|s| match s {
                FundingSource::Borrowing { coupon, limit_per_year, tenor, profile, .. } => FundingSource::Borrowing {
                    coupon,
                    limit_per_year,
                    currency: dollar_bonds.then_some(Currency::USD),
                    tenor,
                    profile,
                },
                other => other,
            })
            .collect();
        let f = Funding::new(sources, f.discount_rate()).unwrap();
        let cap = Capacity::new(Currency::KRW, FiscalYear::CALENDAR, vec![
            Constraint::conversion_cap("fx market", Decimal::from(cap_won)),
            Constraint::Stock(Stock::new("reserves", 2025, cents(reserves), 0.03).in_currency(Currency::USD)),
        ]).unwrap();
        let there = FxPath::flat(Currency::USD, Currency::KRW, rate).unwrap();
        let back = FxPath::flat(Currency::KRW, Currency::USD, inverse).unwrap();
        let a = assess(&schedule(&amounts), &cap, Some(&there), &f, &Thresholds::default()).unwrap();
        let b = assess(&schedule(&amounts), &cap, Some(&back), &f, &Thresholds::default()).unwrap();
        prop_assert_eq!(a.rows.len(), b.rows.len());
        for (x, y) in a.rows.iter().zip(&b.rows) {
            // Only the printed rule differs: "1 USD = 1,250 KRW" and "1 KRW = 0.0008 USD".
            let (mut x, mut y) = (x.clone(), y.clone());
            prop_assert!(x.fx.is_some() && y.fx.is_some());
            x.fx = None;
            y.fx = None;
            prop_assert_eq!(x, y);
        }
        prop_assert_eq!(&a.summary, &b.summary);
    }
}
