//! Property tests for money arithmetic, formatting, serde and allocation.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "common/cases.rs"]
mod cases_mod;
use cases_mod::cases;

use disburse::{Currency, Money, allocate};
use proptest::prelude::*;
use rust_decimal::Decimal;
use std::str::FromStr;

/// Decimal places used to build weights: every generated weight is
/// `mantissa · 10^-scale` with `scale <= WEIGHT_SCALE`.
const WEIGHT_SCALE: u32 = 10;

fn currency() -> impl Strategy<Value = Currency> {
    prop_oneof![
        Just(Currency::USD),
        Just(Currency::JPY),
        Just(Currency::KRW),
        Just(Currency::EUR),
        (0u8..=6).prop_map(|mu| Currency::new("XTS", mu).expect("valid test currency")),
    ]
}

/// Totals in minor units: everyday sizes, and sizes near 2^90.
fn total_units() -> impl Strategy<Value = i128> {
    const E15: i128 = 1_000_000_000_000_000;
    const NEAR: i128 = 1 << 90;
    prop_oneof![
        3 => -E15..=E15,
        1 => -1000i128..=1000,
        1 => (NEAR - 1_000_000)..=(NEAR + 1_000_000),
        1 => (-NEAR - 1_000_000)..=(-NEAR + 1_000_000),
    ]
}

/// A weight as (mantissa, scale): zeros, small integers, and decimals with
/// up to ten places.
fn weight() -> impl Strategy<Value = (u64, u32)> {
    prop_oneof![
        1 => Just((0u64, 0u32)),
        2 => (1u64..=10, Just(0u32)),
        3 => (0u64..=1_000_000_000_000, 0u32..=WEIGHT_SCALE),
    ]
}

fn weights() -> impl Strategy<Value = Vec<(u64, u32)>> {
    prop::collection::vec(weight(), 1..24)
        .prop_filter("some weight must be positive", |ws| ws.iter().any(|&(m, _)| m > 0))
}

fn to_decimal(&(mantissa, scale): &(u64, u32)) -> Decimal {
    Decimal::new(i64::try_from(mantissa).expect("mantissa fits i64"), scale)
}

/// The weight as an integer at the common scale WEIGHT_SCALE.
fn to_scaled(&(mantissa, scale): &(u64, u32)) -> u128 {
    u128::from(mantissa) * 10u128.pow(WEIGHT_SCALE - scale)
}

/// 256-bit product as (high, low), independent of the crate's own.
fn wide_mul(a: u128, b: u128) -> (u128, u128) {
    let mask = u128::from(u64::MAX);
    let (a1, a0) = (a >> 64, a & mask);
    let (b1, b0) = (b >> 64, b & mask);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & mask) + (p10 & mask);
    let low = (p00 & mask) | (mid << 64);
    let high = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (high, low)
}

fn money(units: i128, currency: Currency) -> Money {
    Money::from_minor(units, currency).expect("test amounts fit a Decimal")
}

fn units_of(parts: &[Money]) -> Vec<i128> {
    parts
        .iter()
        .map(|p| p.to_minor_units().expect("parts are whole minor units"))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(cases(512)))]

    #[test]
    fn allocation_sums_exactly(units in total_units(), ws in weights(), cur in currency()) {
        let total = money(units, cur);
        let decimals: Vec<Decimal> = ws.iter().map(to_decimal).collect();
        let parts = allocate(total, &decimals).expect("allocation succeeds");
        prop_assert_eq!(parts.len(), ws.len());
        prop_assert!(parts.iter().all(|p| p.currency() == cur));
        let sum: i128 = units_of(&parts).iter().sum();
        prop_assert_eq!(sum, units);
        prop_assert_eq!(Money::checked_sum(&parts, cur).expect("same currency"), total);
    }

    #[test]
    fn allocation_matches_a_naive_hamilton_split(units in -1_000_000_000_000_000i128..=1_000_000_000_000_000, ws in weights(), cur in currency()) {
        // The oracle, written here from the documented rule: each part gets
        // floor(|T|·wᵢ / W) minor units; the units left over go one at a
        // time to the largest remainder |T|·wᵢ mod W, ties to the lower
        // index; a negative total is split as its absolute value and each
        // part negated. |T| ≤ 1e15 and wᵢ ≤ 1e22 keep |T|·wᵢ in a u128.
        let total = money(units, cur);
        let decimals: Vec<Decimal> = ws.iter().map(to_decimal).collect();
        let t = units.unsigned_abs();
        let scaled: Vec<u128> = ws.iter().map(to_scaled).collect();
        let w: u128 = scaled.iter().sum();
        let mut naive: Vec<u128> = scaled.iter().map(|wi| t * wi / w).collect();
        let mut remainders: Vec<(u128, usize)> = scaled.iter().enumerate().map(|(i, wi)| (t * wi % w, i)).collect();
        remainders.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut left = t - naive.iter().sum::<u128>();
        for (_, i) in remainders {
            if left == 0 {
                break;
            }
            naive[i] += 1;
            left -= 1;
        }
        let sign = if units < 0 { -1 } else { 1 };
        let want: Vec<i128> = naive.iter().map(|&p| sign * i128::try_from(p).unwrap()).collect();
        let a = allocate(total, &decimals).expect("allocation succeeds");
        prop_assert_eq!(units_of(&a), want);
        // The method on Money is the same routine.
        prop_assert_eq!(total.allocate(&decimals).expect("allocation succeeds"), a);
    }

    #[test]
    fn each_part_is_floor_or_floor_plus_one(units in total_units(), ws in weights(), cur in currency()) {
        let total = money(units, cur);
        let decimals: Vec<Decimal> = ws.iter().map(to_decimal).collect();
        let parts = allocate(total, &decimals).expect("allocation succeeds");
        let t = units.unsigned_abs();
        let scaled: Vec<u128> = ws.iter().map(to_scaled).collect();
        let w: u128 = scaled.iter().sum();
        // (remainder t·wi mod w, index) of the parts that got a leftover
        // unit and of those that did not.
        let mut bumped = Vec::new();
        let mut not_bumped = Vec::new();
        for (index, (part, wi)) in units_of(&parts).into_iter().zip(scaled).enumerate() {
            // Parts have the sign of the total (or are zero).
            prop_assert!(part == 0 || (part < 0) == (units < 0));
            let p = part.unsigned_abs();
            if wi == 0 {
                prop_assert_eq!(p, 0);
            }
            // p ∈ {q, q + 1} with q = floor(t·wi / w)  ⇔
            // (p - 1)·w <= t·wi  and  t·wi < (p + 1)·w.
            let exact = wide_mul(t, wi);
            if p > 0 {
                prop_assert!(wide_mul(p - 1, w) <= exact, "part {} too large", p);
            }
            prop_assert!(exact < wide_mul(p + 1, w), "part {} too small", p);
            // The floor q is p unless p·w exceeds t·wi; the remainder
            // t·wi - q·w is below w, so the low words give it exactly.
            let got_unit = wide_mul(p, w) > exact;
            let q = if got_unit { p - 1 } else { p };
            let remainder = exact.1.wrapping_sub(wide_mul(q, w).1);
            prop_assert!(remainder < w);
            if got_unit {
                bumped.push((remainder, index));
            } else {
                not_bumped.push((remainder, index));
            }
        }
        // Largest remainders first, ties to the lower index.
        let rank = |&(r, i): &(u128, usize)| (std::cmp::Reverse(r), i);
        if let (Some(worst_bumped), Some(best_other)) = (
            bumped.iter().map(rank).max(),
            not_bumped.iter().map(rank).min(),
        ) {
            prop_assert!(worst_bumped < best_other);
        }
    }

    #[test]
    fn equal_weights_differ_by_at_most_one_unit(
        units in total_units(),
        n in 1usize..40,
        weight in 1u64..1_000_000,
        scale in 0u32..=WEIGHT_SCALE,
        cur in currency(),
    ) {
        let total = money(units, cur);
        let w = Decimal::new(i64::try_from(weight).expect("fits"), scale);
        let parts = units_of(&allocate(total, &vec![w; n]).expect("allocation succeeds"));
        let max = parts.iter().max().copied().unwrap_or(0);
        let min = parts.iter().min().copied().unwrap_or(0);
        prop_assert!(max - min <= 1);
        // Larger parts (in absolute value) come first.
        prop_assert!(parts.windows(2).all(|p| p[0].abs() >= p[1].abs()));
        let even = units_of(&total.split_evenly(n).expect("split succeeds"));
        prop_assert_eq!(parts, even);
    }

    #[test]
    fn add_sub_round_trip(a in -1_000_000_000_000_000i128..=1_000_000_000_000_000, b in -1_000_000_000_000_000i128..=1_000_000_000_000_000, cur in currency()) {
        let x = money(a, cur);
        let y = money(b, cur);
        let sum = x.checked_add(y).expect("no overflow");
        prop_assert_eq!(sum.checked_sub(y).expect("no overflow"), x);
        prop_assert_eq!(sum.to_minor_units().expect("whole"), a + b);
        let diff = x.checked_sub(y).expect("no overflow");
        prop_assert_eq!(diff.checked_add(y).expect("no overflow"), x);
        prop_assert_eq!(x.checked_neg().expect("negation").checked_add(x).expect("no overflow"), Money::zero(cur));
    }

    #[test]
    fn money_serde_round_trip(units in total_units(), extra in 0u32..4, cur in currency()) {
        // Also amounts with more decimals than the minor unit.
        let m = money(units, cur);
        let m = Money::new(m.amount() / Decimal::from(10u32.pow(extra)), cur);
        let json = serde_json::to_string(&m).expect("serializes");
        let back: Money = serde_json::from_str(&json).expect("deserializes");
        prop_assert_eq!(back, m);
        prop_assert_eq!(back.amount().to_string(), m.amount().to_string());
    }

    #[test]
    fn display_parses_back(units in total_units(), cur in currency()) {
        let m = money(units, cur);
        let text = m.to_string();
        let prefix = format!("{} ", cur.code());
        let digits = text.strip_prefix(&prefix).expect("starts with the code");
        let plain: String = digits.chars().filter(|&c| c != ',').collect();
        // Exactly the currency's decimals for whole-minor amounts.
        let decimals = plain.split('.').nth(1).map_or(0, str::len);
        prop_assert_eq!(decimals, usize::from(cur.minor_units()));
        // Groups of three digits between commas.
        let int_part = digits.split('.').next().unwrap_or("").trim_start_matches('-');
        let groups: Vec<&str> = int_part.split(',').collect();
        prop_assert!(groups.iter().skip(1).all(|g| g.len() == 3));
        prop_assert!(groups.first().is_some_and(|g| (1..=3).contains(&g.len())));
        prop_assert_eq!(Decimal::from_str(&plain).expect("parses"), m.amount());
    }
}
