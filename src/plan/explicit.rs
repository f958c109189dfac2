//! [`Explicit`]: flows given date by date.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// One user-given dated amount of an [`Explicit`] plan.
///
/// ```
/// use disburse::ExplicitFlow;
/// use rust_decimal_macros::dec;
/// let f = ExplicitFlow { date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), amount: dec!(5) };
/// assert_eq!(f.amount, dec!(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ExplicitFlow {
    /// Payment date (used as given).
    pub date: NaiveDate,
    /// Amount in the tranche's currency; positive, whole minor units.
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
    pub amount: Decimal,
}

/// User-given dated amounts that must sum exactly to the tranche.
///
/// ```
/// use disburse::{Currency, Explicit, ExplicitFlow, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
/// let plan = Plan::Explicit(Explicit::new(vec![
///     ExplicitFlow { date: d(2027), amount: dec!(60) },
///     ExplicitFlow { date: d(2026), amount: dec!(40) },
/// ]));
/// let s = plan.schedule(Money::new(dec!(100), Currency::USD), "e")?;
/// assert_eq!(s.first_date(), Some(d(2026)));
/// assert!(plan.schedule(Money::new(dec!(101), Currency::USD), "e").is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Explicit {
    /// The flows, in any order.
    pub flows: Vec<ExplicitFlow>,
}

impl Explicit {
    /// A plan of the given flows.
    ///
    /// ```
    /// assert!(disburse::Explicit::new(vec![]).flows.is_empty());
    /// ```
    pub fn new(flows: Vec<ExplicitFlow>) -> Self {
        Explicit { flows }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    use crate::{Error, Plan};
    use rust_decimal_macros::dec;

    #[test]
    fn explicit_validation() {
        let e = |v: Vec<(NaiveDate, Decimal)>| {
            Plan::Explicit(Explicit::new(
                v.into_iter()
                    .map(|(date, amount)| ExplicitFlow { date, amount })
                    .collect(),
            ))
            .schedule(usd(dec!(10)), "e")
        };
        assert!(matches!(e(vec![]), Err(Error::Empty { .. })));
        assert!(matches!(
            e(vec![(d(2026, 1, 1), dec!(-1)), (d(2026, 1, 2), dec!(11))]),
            Err(Error::NonPositiveAmount { .. })
        ));
        assert!(matches!(
            e(vec![(d(2026, 1, 1), dec!(10.001))]),
            Err(Error::NotWholeMinorUnits { .. })
        ));
        let err = e(vec![(d(2026, 1, 1), dec!(4))]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "explicit plan: flows sum to USD 4.00, but must sum to USD 10.00"
        );
        // Same dates merge.
        assert_eq!(
            lines(&e(vec![(d(2026, 1, 1), dec!(4)), (d(2026, 1, 1), dec!(6))]).unwrap()),
            ["2026-01-01 USD 10.00"]
        );
    }
}
