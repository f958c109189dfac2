//! [`allocate`]: the one allocation routine of the crate.

use rust_decimal::{Decimal, RoundingStrategy};

use super::{Currency, Money};
use crate::error::{Error, Quantity, Result};

/// Splits `total` over `weights` by the largest-remainder (Hamilton) method
/// on whole minor units. This is the one allocation routine of the crate.
///
/// With `T` the total in minor units and `W` the sum of the weights, part
/// `i` gets `floor(T·wᵢ / W)` minor units; the units left over (fewer than
/// the number of weights) go one each to the parts with the largest
/// remainders `T·wᵢ mod W`, ties to the lower index. So:
///
/// - the parts always sum **exactly** to `total`;
/// - each part is within one minor unit of its exact share (the floor or
///   the floor plus one);
/// - equal weights give parts differing by at most one minor unit, the
///   larger ones first; a zero weight gives a zero part;
/// - the result is deterministic;
/// - a negative total is allocated as its absolute value and each part
///   negated; a zero total gives zero parts.
///
/// The computation is done in integers: each weight is normalized (trailing
/// zeros dropped) and scaled to an integer by a common power of ten. If the
/// scaled weights or their sum would not fit in a `u128` (weights spanning
/// more than about 38 orders of magnitude), the common scale is reduced by
/// rounding the weights half-even to fewer decimal places until they fit;
/// this changes the proportions by less than 1e-20 relative in any
/// realistic case. Products `T·wᵢ` are computed exactly with 256-bit
/// intermediates. Runs in O(n log n) at most with two vectors.
///
/// ```
/// use disburse::{Currency, Money, allocate};
/// use rust_decimal_macros::dec;
///
/// let total = Money::new(dec!(100.00), Currency::USD);
/// let parts = allocate(total, &[dec!(0.5), dec!(0.3), dec!(0.2)])?;
/// let amounts: Vec<_> = parts.iter().map(|m| m.amount()).collect();
/// assert_eq!(amounts, [dec!(50.00), dec!(30.00), dec!(20.00)]);
///
/// let yen = Money::new(dec!(1), Currency::JPY);
/// let parts = allocate(yen, &[dec!(1), dec!(1), dec!(1)])?;
/// let amounts: Vec<_> = parts.iter().map(|m| m.amount()).collect();
/// assert_eq!(amounts, [dec!(1), dec!(0), dec!(0)]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// # Errors
///
/// - [`Error::EmptyWeights`] if `weights` is empty;
/// - [`Error::NegativeWeight`] for the first negative weight;
/// - [`Error::ZeroWeights`] if all weights are zero;
/// - [`Error::NotWholeMinorUnits`] (what = `"allocation total"`) if
///   `total` is not a whole number of minor units;
/// - [`Error::Overflow`] if the weights cannot be scaled to integers even
///   at scale zero, or a part cannot be represented as a `Decimal`.
pub fn allocate(total: Money, weights: &[Decimal]) -> Result<Vec<Money>> {
    if weights.is_empty() {
        return Err(Error::EmptyWeights);
    }
    let mut max_scale = 0u32;
    let mut any_positive = false;
    for (index, weight) in weights.iter().enumerate() {
        if weight.is_zero() {
            continue;
        }
        if weight.is_sign_negative() {
            return Err(Error::NegativeWeight { index, value: *weight });
        }
        any_positive = true;
        max_scale = max_scale.max(weight.normalize().scale());
    }
    if !any_positive {
        return Err(Error::ZeroWeights);
    }

    let currency = total.currency;
    let units = total.minor_units_of(Quantity::AllocationTotal)?;
    let negative = units < 0;
    let t = units.unsigned_abs();
    if t == 0 {
        return weights.iter().map(|_| minor_to_money(0, false, currency)).collect();
    }

    let (scale, sum) = common_scale(weights, max_scale)?;

    let mut parts = Vec::with_capacity(weights.len());
    // (remainder, index, quotient) of each part with a remainder.
    let mut remainders: Vec<(u128, usize, u128)> = Vec::with_capacity(weights.len());
    let mut assigned: u128 = 0;
    for (index, weight) in weights.iter().enumerate() {
        let scaled = scaled_weight(*weight, scale).ok_or_else(|| Error::overflow("allocation"))?;
        // scaled <= sum, so the quotient is at most t.
        let (quotient, remainder) = mul_div_rem(t, scaled, sum);
        parts.push(minor_to_money(quotient, negative, currency)?);
        assigned = assigned
            .checked_add(quotient)
            .ok_or_else(|| Error::overflow("allocation"))?;
        if remainder > 0 {
            remainders.push((remainder, index, quotient));
        }
    }

    // leftover * sum == sum of remainders, each < sum: leftover < n and at
    // least `leftover` remainders are nonzero.
    let leftover = t
        .checked_sub(assigned)
        .and_then(|l| usize::try_from(l).ok())
        .ok_or_else(|| Error::overflow("allocation"))?;
    if leftover > 0 {
        let by_rank = |a: &(u128, usize, u128), b: &(u128, usize, u128)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if leftover < remainders.len() {
            remainders.select_nth_unstable_by(leftover - 1, by_rank);
        }
        // One more minor unit, counted in minor units: adding it to the
        // `Decimal` part could round it away at 28 significant digits.
        for &(_, index, quotient) in remainders.iter().take(leftover) {
            if let Some(part) = parts.get_mut(index) {
                let bumped = quotient.checked_add(1).ok_or_else(|| Error::overflow("allocation"))?;
                *part = minor_to_money(bumped, negative, currency)?;
            }
        }
    }
    Ok(parts)
}

/// `units` minor units of `currency` (negated if `negative`) as money,
/// stripping trailing zeros if that is needed to fit a `Decimal`.
pub(crate) fn minor_to_money(units: u128, negative: bool, currency: Currency) -> Result<Money> {
    const MAX_MANTISSA: u128 = (1u128 << 96) - 1;
    let mut units = units;
    let mut scale = u32::from(currency.minor_units);
    while units > MAX_MANTISSA && scale > 0 && units % 10 == 0 {
        units /= 10;
        scale -= 1;
    }
    let signed = i128::try_from(units).map_err(|_| Error::overflow("allocation"))?;
    let signed = if negative { -signed } else { signed };
    Decimal::try_from_i128_with_scale(signed, scale)
        .map(|amount| Money::new(amount, currency))
        .map_err(|_| Error::overflow("allocation"))
}

/// A non-negative weight as an integer at `scale` decimals (rounded
/// half-even if it has more), or `None` if it does not fit a `u128`.
fn scaled_weight(weight: Decimal, scale: u32) -> Option<u128> {
    let rounded = if weight.scale() > scale {
        weight.round_dp_with_strategy(scale, RoundingStrategy::MidpointNearestEven)
    } else {
        weight
    };
    let normalized = rounded.normalize();
    let mantissa = u128::try_from(normalized.mantissa()).ok()?;
    let factor = 10u128.checked_pow(scale.checked_sub(normalized.scale())?)?;
    mantissa.checked_mul(factor)
}

/// The largest scale `<= max_scale` at which all weights and their sum fit
/// in a `u128`, with that sum.
fn common_scale(weights: &[Decimal], max_scale: u32) -> Result<(u32, u128)> {
    let mut scale = max_scale;
    loop {
        let sum = weights.iter().try_fold(0u128, |acc, w| {
            scaled_weight(*w, scale).and_then(|s| acc.checked_add(s))
        });
        match sum {
            Some(0) => return Err(Error::ZeroWeights),
            Some(sum) => return Ok((scale, sum)),
            None if scale == 0 => return Err(Error::overflow("allocation weights")),
            None => scale -= 1,
        }
    }
}

/// `(floor(a·b / c), a·b mod c)`, exact, for `c > 0`.
///
/// The quotient must fit in a `u128`, which holds whenever `b <= c` (as in
/// allocation, where it is at most `a`); otherwise only its low 128 bits
/// are returned. For `c == 0` returns `(0, 0)`.
fn mul_div_rem(a: u128, b: u128, c: u128) -> (u128, u128) {
    if c == 0 {
        return (0, 0);
    }
    if let Some(product) = a.checked_mul(b) {
        return (product / c, product % c);
    }
    let (hi, lo) = widening_mul(a, b);
    // Long division of hi·2^128 + lo by c. hi % c < c starts the remainder;
    // the quotient's high word (hi / c) is zero when the quotient fits.
    let mut rem = hi % c;
    let mut quotient: u128 = 0;
    for bit in (0..128).rev() {
        // rem < c < 2^128, so 2·rem + 1 < 2^129: keep the carried-out bit.
        let carry = rem >> 127;
        rem = (rem << 1) | ((lo >> bit) & 1);
        quotient <<= 1;
        if carry == 1 || rem >= c {
            // The true value carry·2^128 + rem is < 2c, so one subtraction
            // (modulo 2^128) gives the exact remainder.
            rem = rem.wrapping_sub(c);
            quotient |= 1;
        }
    }
    (quotient, rem)
}

/// The full 256-bit product `a·b` as `(high, low)` 128-bit words.
fn widening_mul(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a_hi, a_lo) = (a >> 64, a & MASK);
    let (b_hi, b_lo) = (b >> 64, b & MASK);
    let ll = a_lo * b_lo;
    let lh = a_lo * b_hi;
    let hl = a_hi * b_lo;
    let hh = a_hi * b_hi;
    // Middle column: each term < 2^128 - 2^65 + 1, their sum of three
    // 64-bit halves fits comfortably.
    let mid = (ll >> 64) + (lh & MASK) + (hl & MASK);
    let low = (ll & MASK) | (mid << 64);
    let high = hh + (lh >> 64) + (hl >> 64) + (mid >> 64);
    (high, low)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::super::Currency;
    use super::*;
    use crate::testing::*;
    use rust_decimal_macros::dec;

    fn amounts(parts: &[Money]) -> Vec<Decimal> {
        parts.iter().map(Money::amount).collect()
    }

    #[test]
    fn allocate_examples() {
        let parts = allocate(usd(dec!(350_000_000_000)), &[dec!(1); 10]).unwrap();
        assert_eq!(amounts(&parts), vec![dec!(35_000_000_000); 10]);

        let parts = allocate(usd(dec!(100.00)), &[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(33.34), dec!(33.33), dec!(33.33)]);

        let yen = Money::new(dec!(1), Currency::JPY);
        let parts = allocate(yen, &[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(1), dec!(0), dec!(0)]);

        // Largest remainder wins, not the lowest index.
        let parts = allocate(usd(dec!(1.00)), &[dec!(1), dec!(2), dec!(3)]).unwrap();
        // exact: 0.1666.., 0.3333.., 0.5 → 0.16, 0.33, 0.50 + 1 cent to the first
        assert_eq!(amounts(&parts), [dec!(0.17), dec!(0.33), dec!(0.50)]);

        let parts = allocate(usd(dec!(0.05)), &[dec!(0.3), dec!(0.7)]).unwrap();
        // 1.5 and 3.5 cents: tie, lower index first
        assert_eq!(amounts(&parts), [dec!(0.02), dec!(0.03)]);
    }

    #[test]
    fn allocate_signs_zero_and_zero_weights() {
        let parts = allocate(usd(dec!(-100)), &[dec!(1), dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(-33.34), dec!(-33.33), dec!(-33.33)]);

        let parts = allocate(usd(dec!(0)), &[dec!(1), dec!(2)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(0), dec!(0)]);
        assert_eq!(parts[0].amount().to_string(), "0.00");

        let parts = allocate(usd(dec!(10)), &[dec!(0), dec!(1), dec!(0), dec!(3)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(0), dec!(2.50), dec!(0), dec!(7.50)]);
        assert!(parts.iter().all(|p| p.currency() == Currency::USD));
    }

    #[test]
    fn allocate_errors() {
        let total = usd(dec!(10));
        assert_eq!(allocate(total, &[]).unwrap_err(), Error::EmptyWeights);
        assert_eq!(
            allocate(total, &[dec!(1), dec!(-0.5)]).unwrap_err(),
            Error::NegativeWeight {
                index: 1,
                value: dec!(-0.5)
            }
        );
        assert_eq!(allocate(total, &[dec!(0), dec!(0.00)]).unwrap_err(), Error::ZeroWeights);
        let err = allocate(usd(dec!(10.001)), &[dec!(1)]).unwrap_err();
        assert_eq!(
            err,
            Error::NotWholeMinorUnits {
                what: Quantity::AllocationTotal,
                amount: dec!(10.001),
                currency: Currency::USD,
            }
        );
        // A negative zero weight is zero, not negative.
        let neg_zero = -dec!(0);
        assert!(allocate(total, &[neg_zero, dec!(1)]).is_ok());
    }

    #[test]
    fn allocate_decimal_weights_are_exact() {
        // 1/3 as a 28-digit decimal three times: equal weights.
        let third = dec!(0.3333333333333333333333333333);
        let parts = allocate(usd(dec!(100)), &[third, third, third]).unwrap();
        assert_eq!(amounts(&parts), [dec!(33.34), dec!(33.33), dec!(33.33)]);
        // Trailing zeros do not matter.
        let a = allocate(usd(dec!(7.77)), &[dec!(0.250), dec!(0.75)]).unwrap();
        let b = allocate(usd(dec!(7.77)), &[dec!(1), dec!(3)]).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn allocate_with_scale_reduction() {
        // Weights spanning 56 orders of magnitude need the scale reduced.
        let big = Decimal::MAX;
        let tiny = dec!(0.0000000000000000000000000001);
        let total = usd(dec!(1_000_000));
        let parts = allocate(total, &[big, tiny, big]).unwrap();
        assert_eq!(amounts(&parts), [dec!(500_000), dec!(0), dec!(500_000)]);
        let many = vec![big; 1000];
        let parts = allocate(total, &many).unwrap();
        assert_eq!(Money::checked_sum(&parts, Currency::USD).unwrap(), total);
        // Huge quotas need the 256-bit path.
        let total = Money::new(dec!(79_228_162_514_264_337_593_543_950_335), Currency::JPY);
        let parts = allocate(total, &[big, dec!(12345.6789), big]).unwrap();
        assert_eq!(Money::checked_sum(&parts, Currency::JPY).unwrap(), total);
    }

    #[test]
    fn allocate_huge_total() {
        let total = usd(Decimal::MAX);
        // 7.9e30 minor units: parts of an eleventh are not representable.
        assert!(matches!(allocate(total, &[dec!(1); 11]), Err(Error::Overflow { .. })));
        // But halves of a whole amount with trailing zeros are.
        let total = usd(dec!(70_000_000_000_000_000_000_000_000_000));
        let parts = allocate(total, &[dec!(1), dec!(1)]).unwrap();
        assert_eq!(amounts(&parts), [dec!(35_000_000_000_000_000_000_000_000_000); 2]);
        // The leftover cent goes to a 28-digit part in minor units: as a
        // `Decimal` addition it was rounded away (parts summed to .87 of .90).
        let total = usd(dec!(7922816251426433759354394938.9));
        match allocate(total, &[dec!(1), dec!(2), dec!(4)]) {
            Ok(parts) => {
                let units: i128 = parts.iter().map(|p| p.to_minor_units().unwrap()).sum();
                assert_eq!(units, total.to_minor_units().unwrap());
            }
            Err(e) => assert!(matches!(e, Error::Overflow { .. }), "{e}"),
        }
    }

    #[test]
    fn split_evenly_matches_allocate() {
        for (total, n) in [
            (usd(dec!(100)), 3),
            (usd(dec!(-0.07)), 4),
            (Money::new(dec!(1), Currency::JPY), 3),
            (usd(dec!(0)), 2),
            (usd(dec!(350_000_000_000)), 7),
        ] {
            let even = total.split_evenly(n).unwrap();
            let weighted = total.allocate(&vec![dec!(1); n]).unwrap();
            assert_eq!(even, weighted);
            assert_eq!(amounts(&even), amounts(&weighted));
        }
        assert_eq!(
            usd(dec!(1)).split_evenly(0).unwrap_err(),
            Error::ZeroCount { what: Quantity::Parts }
        );
        assert!(matches!(
            usd(dec!(0.001)).split_evenly(2),
            Err(Error::NotWholeMinorUnits { .. })
        ));
    }

    /// A small deterministic generator (xorshift64*), enough for tests.
    struct Rng(u64);

    impl Rng {
        fn next_u64(&mut self) -> u64 {
            self.0 ^= self.0 >> 12;
            self.0 ^= self.0 << 25;
            self.0 ^= self.0 >> 27;
            self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
        }

        fn next_u128(&mut self) -> u128 {
            (u128::from(self.next_u64()) << 64) | u128::from(self.next_u64())
        }

        /// A value of a random bit width, so small and large values occur.
        fn any_width(&mut self) -> u128 {
            let bits = self.next_u64() % 129;
            if bits == 0 { 0 } else { self.next_u128() >> (128 - bits) }
        }
    }

    /// a·b + c as 256 bits (high, low), for checking.
    fn mul_add(a: u128, b: u128, c: u128) -> (u128, u128) {
        let (hi, lo) = widening_mul(a, b);
        let (lo, carry) = lo.overflowing_add(c);
        (hi + u128::from(carry), lo)
    }

    #[test]
    fn widening_mul_known() {
        assert_eq!(widening_mul(0, u128::MAX), (0, 0));
        assert_eq!(widening_mul(u128::MAX, 1), (0, u128::MAX));
        assert_eq!(widening_mul(1 << 64, 1 << 64), (1, 0));
        // (2^128 - 1)^2 = 2^256 - 2^129 + 1
        assert_eq!(widening_mul(u128::MAX, u128::MAX), (u128::MAX - 1, 1));
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        for _ in 0..10_000 {
            let a = u128::from(rng.next_u64());
            let b = rng.next_u128() >> 64;
            assert_eq!(widening_mul(a, b), (0, a * b));
        }
    }

    #[test]
    fn mul_div_rem_matches_reference_when_product_fits() {
        let mut rng = Rng(0xDEAD_BEEF_CAFE_F00D);
        let mut checked = 0;
        while checked < 20_000 {
            let a = rng.any_width();
            let b = rng.any_width();
            let c = rng.any_width();
            if c == 0 {
                continue;
            }
            if let Some(p) = a.checked_mul(b) {
                assert_eq!(mul_div_rem(a, b, c), (p / c, p % c), "{a} {b} {c}");
                checked += 1;
            }
        }
    }

    #[test]
    fn mul_div_rem_big_cases() {
        let max = u128::MAX;
        assert_eq!(mul_div_rem(max, max, max), (max, 0));
        assert_eq!(mul_div_rem(max, max - 1, max), (max - 1, 0));
        assert_eq!(mul_div_rem(max, 3, max), (3, 0));
        // 2^129 = 2·(2^128 - 1) + 2
        assert_eq!(mul_div_rem(1 << 127, 4, max), (2, 2));
        // 2^254 = (2^127 + 1)(2^127 - 1) + 1, with c > 2^127.
        let c = (1u128 << 127) + 1;
        assert_eq!(mul_div_rem(1 << 127, 1 << 127, c), ((1 << 127) - 1, 1));
        assert_eq!(mul_div_rem(max, 1 << 127, 1 << 127), (max, 0));
        // 10^30 · 10^20 / 10^25 = 10^25
        let p = |e: u32| 10u128.pow(e);
        assert_eq!(mul_div_rem(p(30), p(20), p(25)), (p(25), 0));
        // (10^30 + 7) = (10^20 + 1)·10^10 - 10^10 + 7
        assert_eq!(mul_div_rem(p(30) + 7, p(20), p(20) + 1).0, p(30) - p(10) + 7);
        assert_eq!(mul_div_rem(0, max, 5), (0, 0));
        assert_eq!(mul_div_rem(5, 7, 0), (0, 0));
    }

    #[test]
    fn mul_div_rem_random_big_products() {
        let mut rng = Rng(0x0123_4567_89AB_CDEF);
        for _ in 0..20_000 {
            let a = rng.any_width();
            let x = rng.any_width();
            let y = rng.any_width();
            // b <= c, as in allocation, so the quotient fits.
            let (b, c) = if x <= y { (x, y) } else { (y, x) };
            if c == 0 {
                continue;
            }
            let (q, r) = mul_div_rem(a, b, c);
            assert!(r < c);
            assert!(q <= a);
            assert_eq!(mul_add(q, c, r), widening_mul(a, b), "{a} {b} {c}");
        }
        // Force the top bit of c to be set often.
        for _ in 0..20_000 {
            let a = rng.next_u128();
            let c = rng.next_u128() | (1 << 127);
            let b = rng.next_u128() % c;
            let (q, r) = mul_div_rem(a, b, c);
            assert!(r < c);
            assert_eq!(mul_add(q, c, r), widening_mul(a, b), "{a} {b} {c}");
        }
    }
}
