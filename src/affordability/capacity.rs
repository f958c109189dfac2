//! What a payer can spend per (fiscal) year: named constraints, the
//! tightest of which binds.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fx::compound;
use crate::rates::Rate;
use crate::render::{Digits, Percent};
use crate::{Bound, Currency, Error, FiscalYear, Money, Quantity, Result, Rounding, Value};

/// A stock that can be spent down to a floor — typically FX reserves. It
/// earns `yield_rate` a year on its level at the start of the year and
/// receives `inflows` a year; what can be spent in a year without falling
/// below the floor is `level + income + inflows − floor`.
///
/// `level` is the stock at the start of `start_year`; during an assessment
/// the level then evolves with the funding (see
/// [`Funding`](super::Funding)).
///
/// ```
/// use disburse::affordability::Stock;
/// use rust_decimal_macros::dec;
/// // Korea's FX reserves at end-October 2025 (Korea JoongAng Daily,
/// // 2025-11-05), earning about 3.5% (an assumption close to the
/// // minister's "about $15 billion a year").
/// let reserves = Stock::new("reserves", 2026, dec!(428.82e9), 0.035);
/// assert_eq!(reserves.floor, dec!(0));
/// assert_eq!(reserves.income_on(dec!(428.82e9), 2)?, dec!(15_008_700_000.00));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Stock {
    /// The constraint's name.
    pub name: String,
    /// The year at whose start `level` is measured.
    pub start_year: i32,
    /// The level at the start of `start_year` (≥ 0).
    pub level: Decimal,
    /// Annual yield on the level at the start of each year (> −1).
    pub yield_rate: f64,
    /// Other inflows a year (≥ 0).
    #[serde(default)]
    pub inflows: Decimal,
    /// The level the stock must not fall below (0 ≤ floor ≤ level).
    #[serde(default)]
    pub floor: Decimal,
}

impl Stock {
    /// A stock with no other inflows and a floor of zero.
    ///
    /// ```
    /// use disburse::affordability::Stock;
    /// use rust_decimal_macros::dec;
    /// let s = Stock::new("reserves", 2026, dec!(100), 0.05).with_floor(dec!(40));
    /// assert_eq!(s.floor, dec!(40));
    /// ```
    pub fn new(name: impl Into<String>, start_year: i32, level: Decimal, yield_rate: f64) -> Self {
        Stock {
            name: name.into(),
            start_year,
            level,
            yield_rate,
            inflows: Decimal::ZERO,
            floor: Decimal::ZERO,
        }
    }

    /// The same stock with a floor.
    ///
    /// ```
    /// use disburse::affordability::Stock;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Stock::new("r", 2026, dec!(10), 0.0).with_floor(dec!(3)).floor, dec!(3));
    /// ```
    pub fn with_floor(mut self, floor: Decimal) -> Self {
        self.floor = floor;
        self
    }

    /// The same stock with other inflows a year.
    ///
    /// ```
    /// use disburse::affordability::Stock;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Stock::new("r", 2026, dec!(10), 0.0).with_inflows(dec!(2)).inflows, dec!(2));
    /// ```
    pub fn with_inflows(mut self, inflows: Decimal) -> Self {
        self.inflows = inflows;
        self
    }

    /// The income of a year that starts at `level`: `level × yield`, with
    /// the yield converted exactly from its shortest decimal form, rounded
    /// half-even to `minor_units` decimals.
    ///
    /// # Errors
    /// [`Error::NonFinite`] for a yield that is not finite;
    /// [`Error::Overflow`].
    ///
    /// ```
    /// use disburse::affordability::Stock;
    /// use rust_decimal_macros::dec;
    /// let s = Stock::new("reserves", 2026, dec!(400e9), 0.0375);
    /// assert_eq!(s.income_on(dec!(400e9), 2)?, dec!(15e9));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn income_on(&self, level: Decimal, minor_units: u8) -> Result<Decimal> {
        let y = f64_to_decimal(self.yield_rate, Quantity::StockYield)?;
        let income = level.checked_mul(y).ok_or_else(|| Error::overflow("stock income"))?;
        Ok(Rounding::HalfEven.round(income, u32::from(minor_units)))
    }

    fn validate(&self) -> Result<()> {
        let bad = |what: Quantity, value: Decimal, bound: Bound| Error::InvalidConstraint {
            name: self.name.clone(),
            what,
            value: Value::Decimal(value),
            bound,
        };
        Rate::new(Quantity::Yield, self.yield_rate)?;
        if self.level < Decimal::ZERO {
            return Err(bad(Quantity::StockLevel, self.level, Bound::NonNegative));
        }
        if self.inflows < Decimal::ZERO {
            return Err(bad(Quantity::Inflows, self.inflows, Bound::NonNegative));
        }
        if self.floor < Decimal::ZERO {
            return Err(bad(Quantity::Floor, self.floor, Bound::NonNegative));
        }
        if self.floor > self.level {
            return Err(bad(
                Quantity::Floor,
                self.floor,
                Bound::AtMost(Value::Decimal(self.level)),
            ));
        }
        Ok(())
    }
}

/// Converts an `f64` rate to the `Decimal` of its shortest representation.
pub(crate) fn f64_to_decimal(x: f64, what: Quantity) -> Result<Decimal> {
    if !x.is_finite() {
        return Err(Error::NonFinite { what, value: x });
    }
    Decimal::try_from(x).map_err(|_| Error::overflow("rate to decimal"))
}

/// One named limit on what the payer can spend in a year, in the
/// capacity's currency.
///
/// Serialized with a `kind` tag (`"fixed_cap"`, `"share_of_flow"`,
/// `"stock"`); validated when the [`Capacity`] is built.
///
/// ```
/// use disburse::affordability::Constraint;
/// use rust_decimal_macros::dec;
/// // "$15–20B a year without market shock" (Chosun Biz, 2025-10-29).
/// let fx_market = Constraint::fixed_cap("fx market", dec!(20e9));
/// assert_eq!(fx_market.name(), "fx market");
/// // 16% of a $123.05B current-account surplus (2025), growing 3% a year
/// // (the growth is an assumption).
/// let surplus = Constraint::share_of_flow("current account", 2025, dec!(123.05e9), 0.03, 0.16);
/// assert_eq!(surplus.limit(2025, None, 2)?, dec!(19_688_000_000.00));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Constraint {
    /// At most `amount` a year.
    FixedCap {
        /// The constraint's name.
        name: String,
        /// The cap (≥ 0).
        amount: Decimal,
    },
    /// At most `share` of a flow that is `base_amount` in `base_year` and
    /// grows by `growth` a year: `share·base·(1+growth)^(y − base_year)`.
    ShareOfFlow {
        /// The constraint's name.
        name: String,
        /// The year of `base_amount`.
        base_year: i32,
        /// The flow in `base_year` (≥ 0).
        base_amount: Decimal,
        /// Annual growth of the flow (> −1).
        growth: f64,
        /// The share that may be spent, in (0, 1].
        share: f64,
    },
    /// A stock spent down to its floor.
    Stock(Stock),
}

impl Constraint {
    /// A [`Constraint::FixedCap`].
    ///
    /// ```
    /// use disburse::affordability::Constraint;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Constraint::fixed_cap("cap", dec!(5)).limit(2030, None, 2)?, dec!(5));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fixed_cap(name: impl Into<String>, amount: Decimal) -> Self {
        Constraint::FixedCap {
            name: name.into(),
            amount,
        }
    }

    /// A [`Constraint::ShareOfFlow`].
    ///
    /// ```
    /// use disburse::affordability::Constraint;
    /// use rust_decimal_macros::dec;
    /// let c = Constraint::share_of_flow("budget", 2026, dec!(100), 0.1, 0.5);
    /// assert_eq!(c.limit(2028, None, 2)?, dec!(60.50));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn share_of_flow(
        name: impl Into<String>,
        base_year: i32,
        base_amount: Decimal,
        growth: f64,
        share: f64,
    ) -> Self {
        Constraint::ShareOfFlow {
            name: name.into(),
            base_year,
            base_amount,
            growth,
            share,
        }
    }

    /// The constraint's name.
    ///
    /// ```
    /// use disburse::affordability::{Constraint, Stock};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Constraint::Stock(Stock::new("reserves", 2026, dec!(1), 0.0)).name(), "reserves");
    /// ```
    pub fn name(&self) -> &str {
        match self {
            Constraint::FixedCap { name, .. } | Constraint::ShareOfFlow { name, .. } => name,
            Constraint::Stock(s) => &s.name,
        }
    }

    /// The limit in `year`, rounded half-even to `minor_units` decimals
    /// where computed from `f64` inputs. For a stock, `stock_level` is its
    /// level at the start of the year (`None`: the given starting level),
    /// and the limit is `level + income + inflows − floor` (negative if
    /// losses take the stock below its floor).
    ///
    /// # Errors
    /// [`Error::OutOfRange`] for a flow compounded over more than 1,000
    /// years; [`Error::Overflow`]; [`Error::NonFinite`].
    ///
    /// ```
    /// use disburse::affordability::{Constraint, Stock};
    /// use rust_decimal_macros::dec;
    /// let c = Constraint::Stock(Stock::new("reserves", 2026, dec!(400e9), 0.0375).with_floor(dec!(300e9)));
    /// assert_eq!(c.limit(2026, None, 2)?, dec!(115e9));
    /// assert_eq!(c.limit(2027, Some(dec!(320e9)), 2)?, dec!(32e9));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn limit(&self, year: i32, stock_level: Option<Decimal>, minor_units: u8) -> Result<Decimal> {
        match self {
            Constraint::FixedCap { amount, .. } => Ok(*amount),
            Constraint::ShareOfFlow {
                base_year,
                base_amount,
                growth,
                share,
                ..
            } => {
                let n = i64::from(year) - i64::from(*base_year);
                let g = f64_to_decimal(*growth, Quantity::FlowGrowth)?;
                let factor = compound(g, n, Quantity::FlowGrowthYears, "flow growth")?;
                let s = f64_to_decimal(*share, Quantity::FlowShare)?;
                let v = base_amount
                    .checked_mul(factor)
                    .and_then(|v| v.checked_mul(s))
                    .ok_or_else(|| Error::overflow("share of flow"))?;
                Ok(Rounding::HalfEven.round(v, u32::from(minor_units)))
            }
            Constraint::Stock(stock) => {
                let level = stock_level.unwrap_or(stock.level);
                let income = stock.income_on(level, minor_units)?;
                level
                    .checked_add(income)
                    .and_then(|v| v.checked_add(stock.inflows))
                    .and_then(|v| v.checked_sub(stock.floor))
                    .ok_or_else(|| Error::overflow("stock capacity"))
            }
        }
    }

    fn validate(&self) -> Result<()> {
        let name = self.name();
        if name.trim().is_empty() {
            return Err(Error::InvalidConstraint {
                name: name.to_string(),
                what: Quantity::Name,
                value: Value::Text(name.into()),
                bound: Bound::NonEmpty,
            });
        }
        match self {
            Constraint::FixedCap { amount, .. } => {
                if *amount < Decimal::ZERO {
                    return Err(Error::InvalidConstraint {
                        name: name.to_string(),
                        what: Quantity::Cap,
                        value: Value::Decimal(*amount),
                        bound: Bound::NonNegative,
                    });
                }
            }
            Constraint::ShareOfFlow {
                base_amount,
                growth,
                share,
                ..
            } => {
                if *base_amount < Decimal::ZERO {
                    return Err(Error::InvalidConstraint {
                        name: name.to_string(),
                        what: Quantity::Flow,
                        value: Value::Decimal(*base_amount),
                        bound: Bound::NonNegative,
                    });
                }
                Rate::new(Quantity::Growth, *growth)?;
                if !share.is_finite() || *share <= 0.0 || *share > 1.0 {
                    return Err(Error::InvalidConstraint {
                        name: name.to_string(),
                        what: Quantity::Share,
                        value: Value::Float(*share),
                        bound: if share.is_finite() {
                            Bound::UnitInterval
                        } else {
                            Bound::Finite
                        },
                    });
                }
            }
            Constraint::Stock(stock) => stock.validate()?,
        }
        Ok(())
    }
}

impl fmt::Display for Constraint {
    /// `fx market: cap 20000000000 a year` and the like.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::FixedCap { name, amount } => write!(f, "{name}: cap {amount} a year"),
            Constraint::ShareOfFlow {
                name,
                base_year,
                base_amount,
                growth,
                share,
            } => write!(
                f,
                "{name}: {} of a flow of {base_amount} in {base_year} growing {} a year",
                Percent::new(*share, Digits::Shortest),
                Percent::new(*growth, Digits::Shortest)
            ),
            Constraint::Stock(s) => write!(
                f,
                "{}: stock of {} at the start of {} yielding {}, inflows {} a year, floor {}",
                s.name,
                s.level,
                s.start_year,
                Percent::new(s.yield_rate, Digits::Shortest),
                s.inflows,
                s.floor
            ),
        }
    }
}

/// A constraint's limit in one year, from [`Capacity::limits`].
///
/// ```
/// use disburse::affordability::Limit;
/// use disburse::{Currency, Money};
/// let l = Limit { name: "cap".into(), amount: Money::zero(Currency::USD) };
/// assert_eq!(l.to_string(), "cap: USD 0.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Limit {
    /// The constraint's name.
    pub name: String,
    /// What it allows in the year.
    pub amount: Money,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.amount)
    }
}

/// What a payer can spend per (fiscal) year in its own currency: the
/// tightest of its named [`Constraint`]s (at least one; names unique; at
/// most one [`Stock`]).
///
/// Serialized as `{"currency": "USD", "year": {"start_month": 1},
/// "constraints": [...]}` (`year` defaults to the calendar year) and
/// validated on deserialization.
///
/// ```
/// use disburse::affordability::{Capacity, Constraint, Stock};
/// use disburse::{Currency, FiscalYear};
/// use rust_decimal_macros::dec;
/// let korea = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![
///     Constraint::fixed_cap("fx market", dec!(20e9)),
///     Constraint::Stock(Stock::new("reserves", 2026, dec!(428.82e9), 0.035)),
/// ])?;
/// let tightest = korea.available(2026, None)?;
/// assert_eq!(tightest.name, "fx market");
/// assert_eq!(tightest.amount.compact().to_string(), "$20.00B");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "CapacityData", into = "CapacityData")]
pub struct Capacity {
    currency: Currency,
    year: FiscalYear,
    constraints: Vec<Constraint>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct CapacityData {
    currency: Currency,
    #[serde(default)]
    year: FiscalYear,
    constraints: Vec<Constraint>,
}

impl TryFrom<CapacityData> for Capacity {
    type Error = Error;
    fn try_from(d: CapacityData) -> Result<Self> {
        Capacity::new(d.currency, d.year, d.constraints)
    }
}

impl From<Capacity> for CapacityData {
    fn from(c: Capacity) -> Self {
        CapacityData {
            currency: c.currency,
            year: c.year,
            constraints: c.constraints,
        }
    }
}

impl Capacity {
    /// A capacity in `currency` per `year` (calendar or fiscal).
    ///
    /// # Errors
    /// [`Error::Empty`] for no constraints; [`Error::DuplicateConstraint`];
    /// [`Error::InvalidRate`] for a growth or yield that is not finite or
    /// at or below −100% (see [`Rate`]); [`Error::InvalidConstraint`] for a
    /// negative amount, stock, inflow or floor, a floor above the starting
    /// stock, a share outside (0, 1], an empty name, or a second stock.
    ///
    /// ```
    /// use disburse::affordability::{Capacity, Constraint};
    /// use disburse::{Currency, Error, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let err = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![
    ///     Constraint::fixed_cap("cap", dec!(1)),
    ///     Constraint::fixed_cap("cap", dec!(2)),
    /// ]).unwrap_err();
    /// assert_eq!(err, Error::DuplicateConstraint { name: "cap".into() });
    /// ```
    pub fn new(currency: Currency, year: FiscalYear, constraints: Vec<Constraint>) -> Result<Self> {
        if constraints.is_empty() {
            return Err(Error::Empty {
                what: Quantity::CapacityConstraints,
            });
        }
        let mut stocks = 0usize;
        for (i, c) in constraints.iter().enumerate() {
            c.validate()?;
            if constraints.iter().take(i).any(|d| d.name() == c.name()) {
                return Err(Error::DuplicateConstraint {
                    name: c.name().to_string(),
                });
            }
            if matches!(c, Constraint::Stock(_)) {
                stocks += 1;
                if stocks > 1 {
                    return Err(Error::InvalidConstraint {
                        name: c.name().to_string(),
                        what: Quantity::Stocks,
                        value: Value::from(stocks),
                        bound: Bound::AtMost(Value::Int(1)),
                    });
                }
            }
        }
        Ok(Capacity {
            currency,
            year,
            constraints,
        })
    }

    /// The payer's currency.
    ///
    /// ```
    /// use disburse::affordability::{Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let c = Capacity::new(Currency::KRW, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert_eq!(c.currency(), Currency::KRW);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn currency(&self) -> Currency {
        self.currency
    }

    /// The (fiscal) year by which outlays are grouped.
    ///
    /// ```
    /// use disburse::affordability::{Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let c = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert!(c.year().is_calendar());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn year(&self) -> FiscalYear {
        self.year
    }

    /// The constraints, in the order given.
    ///
    /// ```
    /// use disburse::affordability::{Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let c = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert_eq!(c.constraints().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn constraints(&self) -> &[Constraint] {
        &self.constraints
    }

    /// The stock, if one of the constraints is a stock.
    ///
    /// ```
    /// use disburse::affordability::{Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let c = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert!(c.stock().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn stock(&self) -> Option<&Stock> {
        self.constraints.iter().find_map(|c| match c {
            Constraint::Stock(s) => Some(s),
            _ => None,
        })
    }

    /// Every constraint's limit in `year`, in order; `stock_level` is the
    /// stock's level at the start of the year (`None`: its given level).
    ///
    /// # Errors
    /// As [`Constraint::limit`].
    ///
    /// ```
    /// use disburse::affordability::{Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let c = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![
    ///     Constraint::fixed_cap("a", dec!(3)), Constraint::fixed_cap("b", dec!(2)),
    /// ])?;
    /// let l = c.limits(2026, None)?;
    /// assert_eq!(l[1].amount.amount(), dec!(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn limits(&self, year: i32, stock_level: Option<Decimal>) -> Result<Vec<Limit>> {
        let mu = self.currency.minor_units();
        self.constraints
            .iter()
            .map(|c| {
                Ok(Limit {
                    name: c.name().to_string(),
                    amount: Money::new(c.limit(year, stock_level, mu)?, self.currency),
                })
            })
            .collect()
    }

    /// The tightest limit in `year` (the first listed on ties): the
    /// capacity and its binding constraint.
    ///
    /// # Errors
    /// As [`Constraint::limit`].
    ///
    /// ```
    /// use disburse::affordability::{Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let c = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![
    ///     Constraint::fixed_cap("a", dec!(2)), Constraint::fixed_cap("b", dec!(2)),
    /// ])?;
    /// assert_eq!(c.available(2026, None)?.name, "a");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn available(&self, year: i32, stock_level: Option<Decimal>) -> Result<Limit> {
        let mut best: Option<Limit> = None;
        for l in self.limits(year, stock_level)? {
            if best.as_ref().is_none_or(|b| l.amount.amount() < b.amount.amount()) {
                best = Some(l);
            }
        }
        best.ok_or(Error::Empty {
            what: Quantity::CapacityConstraints,
        })
    }
}

impl fmt::Display for Capacity {
    /// One line per constraint after a header.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "capacity in {} per {}", self.currency, self.year)?;
        for c in &self.constraints {
            write!(f, "\n  {c}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn cap(cs: Vec<Constraint>) -> Result<Capacity> {
        Capacity::new(Currency::USD, FiscalYear::CALENDAR, cs)
    }

    #[test]
    fn korea_limits() {
        let c = cap(vec![
            Constraint::fixed_cap("fx market", dec!(20e9)),
            Constraint::share_of_flow("current account", 2025, dec!(123.05e9), 0.03, 0.16),
            Constraint::Stock(Stock::new("reserves", 2026, dec!(428.82e9), 0.035)),
        ])
        .unwrap();
        let l = c.limits(2026, None).unwrap();
        assert_eq!(l[0].amount.amount(), dec!(20e9));
        // 123.05e9 × 1.03 × 0.16 = 20,278,640,000
        assert_eq!(l[1].amount.amount(), dec!(20_278_640_000));
        // 428.82e9 × 1.035 = 443,828,700,000
        assert_eq!(l[2].amount.amount(), dec!(443_828_700_000));
        assert_eq!(c.available(2026, None).unwrap().name, "fx market");
        // 2024: one year before the base, 123.05e9 / 1.03 × 0.16.
        assert_eq!(
            c.limits(2024, None).unwrap()[1].amount.amount(),
            dec!(19_114_563_106.80)
        );
        assert!(c.to_string().starts_with("capacity in USD per calendar year"));
    }

    #[test]
    fn validation() {
        let inv = |r: Result<Capacity>| matches!(r, Err(Error::InvalidConstraint { .. }));
        let bad_rate = |r: Result<Capacity>| {
            matches!(
                r,
                Err(Error::InvalidRate {
                    what: Quantity::Growth | Quantity::Yield,
                    ..
                })
            )
        };
        assert!(matches!(cap(vec![]), Err(Error::Empty { .. })));
        assert!(inv(cap(vec![Constraint::fixed_cap("a", dec!(-1))])));
        assert!(inv(cap(vec![Constraint::fixed_cap(" ", dec!(1))])));
        assert!(bad_rate(cap(vec![Constraint::share_of_flow(
            "f",
            2025,
            dec!(1),
            -1.0,
            0.5
        )])));
        assert!(inv(cap(vec![Constraint::share_of_flow("f", 2025, dec!(1), 0.0, 0.0)])));
        assert!(inv(cap(vec![Constraint::share_of_flow("f", 2025, dec!(1), 0.0, 1.1)])));
        assert!(bad_rate(cap(vec![Constraint::share_of_flow(
            "f",
            2025,
            dec!(1),
            f64::NAN,
            0.5
        )])));
        assert!(inv(cap(vec![Constraint::share_of_flow("f", 2025, dec!(-1), 0.0, 0.5)])));
        assert!(inv(cap(vec![Constraint::Stock(
            Stock::new("s", 2026, dec!(1), 0.0).with_floor(dec!(2))
        )])));
        assert!(inv(cap(vec![Constraint::Stock(
            Stock::new("s", 2026, dec!(1), 0.0).with_inflows(dec!(-2))
        )])));
        assert!(inv(cap(vec![Constraint::Stock(Stock::new("s", 2026, dec!(-1), 0.0))])));
        assert!(bad_rate(cap(vec![Constraint::Stock(Stock::new(
            "s",
            2026,
            dec!(1),
            f64::INFINITY
        ))])));
        assert!(inv(cap(vec![
            Constraint::Stock(Stock::new("s", 2026, dec!(1), 0.0)),
            Constraint::Stock(Stock::new("t", 2026, dec!(1), 0.0)),
        ])));
    }

    #[test]
    fn serde_validates() {
        let c = cap(vec![
            Constraint::fixed_cap("fx market", dec!(20e9)),
            Constraint::Stock(Stock::new("reserves", 2026, dec!(400e9), 0.0375)),
        ])
        .unwrap();
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(serde_json::from_str::<Capacity>(&json).unwrap(), c);
        let bad = r#"{"currency":"USD","constraints":[{"kind":"fixed_cap","name":"a","amount":"-1"}]}"#;
        assert!(serde_json::from_str::<Capacity>(bad).is_err());
        let ok = r#"{"currency":"USD","constraints":[{"kind":"stock","name":"r","start_year":2026,"level":"10","yield_rate":0.1}]}"#;
        assert_eq!(
            serde_json::from_str::<Capacity>(ok).unwrap().stock().unwrap().level,
            dec!(10)
        );
    }
}
