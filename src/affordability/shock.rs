//! Per-year overrides of the yearly engine for one Monte Carlo path
//! (crate-internal): a shift of the rates of new debt and of the stock's
//! yield, and a factor on the flows of `share_of_flow` limits. With no
//! overrides the engine is exactly the deterministic one.

use rust_decimal::Decimal;

/// One year's overrides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct YearShock {
    /// Added to the coupon of new borrowing, the rate of new swap drawings
    /// and the stock's yield (see [`shift_rate`] for the floor).
    pub(crate) rate_shift: Decimal,
    /// Multiplies every `share_of_flow` limit before it is rounded.
    pub(crate) flow_factor: Decimal,
}

impl YearShock {
    /// No override: the deterministic engine.
    pub(crate) const NONE: YearShock = YearShock {
        rate_shift: Decimal::ZERO,
        flow_factor: Decimal::ONE,
    };
}

/// The overrides of consecutive fiscal years from `first_year`; years
/// outside the list have none.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Shocks {
    pub(crate) first_year: i32,
    pub(crate) years: Vec<YearShock>,
    /// Leave out what only a person reads (the FX rule text of each row):
    /// a path whose rows are only counted.
    pub(crate) lean: bool,
}

impl Shocks {
    /// The overrides of `year`.
    pub(crate) fn at(&self, year: i32) -> YearShock {
        usize::try_from(i64::from(year) - i64::from(self.first_year))
            .ok()
            .and_then(|k| self.years.get(k))
            .copied()
            .unwrap_or(YearShock::NONE)
    }
}

/// `base + shift`, floored at zero (a shocked rate does not turn
/// negative), or at `base` itself when `base` is already negative; `base`
/// unchanged for a zero shift.
pub(crate) fn shift_rate(base: Decimal, shift: Decimal) -> Decimal {
    if shift.is_zero() {
        return base;
    }
    base.saturating_add(shift).max(base.min(Decimal::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn shifts_floor_at_zero_and_years_outside_have_none() {
        assert_eq!(shift_rate(dec!(0.04), dec!(0.01)), dec!(0.05));
        // 0.04 − 0.05 = −0.01, floored at 0.
        assert_eq!(shift_rate(dec!(0.04), dec!(-0.05)), dec!(0));
        // A negative base is kept as its own floor: −0.01 − 0.02 → −0.01.
        assert_eq!(shift_rate(dec!(-0.01), dec!(-0.02)), dec!(-0.01));
        assert_eq!(shift_rate(dec!(-0.01), dec!(0)), dec!(-0.01));
        let s = Shocks {
            first_year: 2026,
            years: vec![YearShock {
                rate_shift: dec!(0.01),
                flow_factor: dec!(1.1),
            }],
            lean: false,
        };
        assert_eq!(s.at(2026).rate_shift, dec!(0.01));
        assert_eq!(s.at(2025), YearShock::NONE);
        assert_eq!(s.at(2027), YearShock::NONE);
    }
}
