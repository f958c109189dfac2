//! What a payer can spend per (fiscal) year: named constraints, the
//! tightest of which binds.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::fx::compound;
use super::shock::{YearShock, shift_rate};
use crate::rates::Rate;
use crate::render::{Digits, Percent};
use crate::{Bound, Currency, Error, FiscalYear, Money, Quantity, Result, Rounding, Value};

/// A stock that can be spent down to a floor — typically FX reserves. It
/// earns `yield_rate` a year on its level at the start of the year and
/// receives `inflows` a year; what can be drawn in a year without falling
/// below the floor is `income + inflows + (level − floor)`.
///
/// `level` is the stock at the start of `start_year`, in `currency` (the
/// payer's if `None`; FX reserves are usually held in the outlays'
/// currency); during an assessment the level then evolves with the funding
/// (see [`Funding`](super::Funding)).
///
/// **Floor.** The stock must not end a year below its floor: the larger
/// of `floor` (an amount) and the [`AdequacyFloor`] of that year (a share
/// of the starting level, or months of imports). Drawing principal stops
/// at the floor; ending a year below it (a floor that grows with imports,
/// losses) is a breach. The report shows the adequacy ratio, level over
/// floor, each year.
///
/// **Income.** Under [`IncomePolicy::Kept`] (the default) income not used
/// for the outlays stays in the stock; under [`IncomePolicy::Spent`] it
/// leaves the stock (the government spends it elsewhere), so the stock
/// only falls.
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
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Stock {
    /// The constraint's name.
    pub name: String,
    /// The year at whose start `level` is measured.
    pub start_year: i32,
    /// The level at the start of `start_year` (≥ 0).
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
    pub level: Decimal,
    /// Annual yield on the level at the start of each year (> −1).
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    pub yield_rate: f64,
    /// Other inflows a year (≥ 0).
    #[serde(default)]
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
    pub inflows: Decimal,
    /// The level the stock must not fall below (0 ≤ floor ≤ level).
    #[serde(default)]
    #[serde(deserialize_with = "crate::input_serde::amount")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
    pub floor: Decimal,
    /// The currency the stock is held in; the payer's if `None`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// A floor that moves with the year (on top of `floor`, the larger
    /// binds).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adequacy_floor: Option<AdequacyFloor>,
    /// What happens to income not used for the outlays.
    #[serde(default)]
    pub income_policy: IncomePolicy,
}

/// What happens to a stock's income (and inflows) not used for the
/// outlays.
///
/// ```
/// use disburse::affordability::IncomePolicy;
/// assert_eq!(IncomePolicy::default(), IncomePolicy::Kept);
/// assert_eq!(IncomePolicy::Spent.to_string(), "income not used is spent");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum IncomePolicy {
    /// Reinvested: it stays in the stock.
    #[default]
    Kept,
    /// Spent elsewhere: it leaves the stock.
    Spent,
}

impl fmt::Display for IncomePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            IncomePolicy::Kept => "income not used is kept",
            IncomePolicy::Spent => "income not used is spent",
        })
    }
}

/// A reserve-adequacy floor that depends on the year.
///
/// Serialized with a `kind` tag: `{"kind": "share_of_start", "share":
/// 0.5}`, `{"kind": "months_of_imports", "months": "3", "imports":
/// "630e9", "base_year": 2025, "growth": 0.03}`.
///
/// ```
/// use disburse::affordability::AdequacyFloor;
/// use rust_decimal_macros::dec;
/// // Three months of $600B of imports a year growing 3%: $154.5B in 2026.
/// let f = AdequacyFloor::MonthsOfImports { months: dec!(3), imports: dec!(600e9), base_year: 2025, growth: 0.03 };
/// assert_eq!(f.floor(2026, dec!(400e9), 2)?, dec!(154.5e9));
/// assert_eq!(AdequacyFloor::ShareOfStart { share: 0.5 }.floor(2030, dec!(400e9), 2)?, dec!(200e9));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum AdequacyFloor {
    /// A share (0 to 1) of the stock's level at the start of its start
    /// year.
    ShareOfStart {
        /// The share.
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        share: f64,
    },
    /// `months / 12` of a year's imports, the imports given for
    /// `base_year` and growing at `growth` a year (the IMF's traditional
    /// three-months-of-imports metric uses `months = 3`).
    MonthsOfImports {
        /// Months of imports (0 to 120).
        #[serde(deserialize_with = "crate::input_serde::number")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::number"))]
        months: Decimal,
        /// Imports of `base_year`, in the stock's currency (≥ 0).
        #[serde(deserialize_with = "crate::input_serde::amount")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
        imports: Decimal,
        /// The year of `imports`.
        base_year: i32,
        /// Annual growth of imports (> −1).
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        growth: f64,
    },
}

impl AdequacyFloor {
    /// The floor in `year` for a stock that started at `start_level`,
    /// rounded half-even to `minor_units`.
    ///
    /// # Errors
    /// [`Error::NonFinite`], [`Error::OutOfRange`] for more than 1,000
    /// years of growth, [`Error::Overflow`].
    ///
    /// ```
    /// use disburse::affordability::AdequacyFloor;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(AdequacyFloor::ShareOfStart { share: 0.25 }.floor(2026, dec!(10), 0)?, dec!(2));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn floor(&self, year: i32, start_level: Decimal, minor_units: u8) -> Result<Decimal> {
        let v = match self {
            AdequacyFloor::ShareOfStart { share } => start_level
                .checked_mul(f64_to_decimal(*share, Quantity::AdequacyShare)?)
                .ok_or_else(|| Error::overflow("adequacy floor"))?,
            AdequacyFloor::MonthsOfImports {
                months,
                imports,
                base_year,
                growth,
            } => {
                let n = i64::from(year) - i64::from(*base_year);
                let g = f64_to_decimal(*growth, Quantity::ImportGrowth)?;
                let factor = compound(g, n, Quantity::ImportGrowth, "import growth")?;
                imports
                    .checked_mul(factor)
                    .and_then(|v| v.checked_mul(*months))
                    .and_then(|v| v.checked_div(Decimal::from(12)))
                    .ok_or_else(|| Error::overflow("adequacy floor"))?
            }
        };
        Ok(Rounding::HalfEven.round(v, u32::from(minor_units)))
    }

    fn validate(&self, name: &str) -> Result<()> {
        let bad = |what: Quantity, value: Value, bound: Bound| {
            Err(Error::InvalidConstraint {
                name: name.to_string(),
                what,
                value,
                bound,
            })
        };
        match self {
            AdequacyFloor::ShareOfStart { share } => {
                if !share.is_finite() || !(0.0..=1.0).contains(share) {
                    return bad(Quantity::AdequacyShare, Value::Float(*share), Bound::UnitInterval);
                }
            }
            AdequacyFloor::MonthsOfImports {
                months,
                imports,
                growth,
                ..
            } => {
                if *months < Decimal::ZERO || *months > Decimal::from(120) {
                    return bad(
                        Quantity::AdequacyMonths,
                        Value::Decimal(*months),
                        Bound::Between(0, 120),
                    );
                }
                if *imports < Decimal::ZERO {
                    return bad(Quantity::Imports, Value::Decimal(*imports), Bound::NonNegative);
                }
                Rate::new(Quantity::ImportGrowth, *growth)?;
            }
        }
        Ok(())
    }
}

impl fmt::Display for AdequacyFloor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AdequacyFloor::ShareOfStart { share } => {
                write!(f, "{} of the starting level", Percent::new(*share, Digits::Shortest))
            }
            AdequacyFloor::MonthsOfImports {
                months,
                imports,
                base_year,
                growth,
            } => write!(
                f,
                "{months} months of imports ({imports} in {base_year}, growing {} a year)",
                Percent::new(*growth, Digits::Shortest)
            ),
        }
    }
}

/// One year of a stock, in its own currency.
#[derive(Debug, Clone, Copy)]
pub(crate) struct StockYear {
    pub(crate) level: Decimal,
    pub(crate) additions: Decimal,
    pub(crate) income_available: Decimal,
    pub(crate) principal_available: Decimal,
    pub(crate) floor: Decimal,
    policy: IncomePolicy,
}

impl StockYear {
    /// The level at the end of the year after drawing `income_used` and
    /// `principal_used`.
    pub(crate) fn after(&self, income_used: Decimal, principal_used: Decimal) -> Result<Decimal> {
        let kept = match self.policy {
            IncomePolicy::Kept => self.additions.checked_sub(income_used),
            // Losses stay with the stock; gains not used leave it.
            IncomePolicy::Spent => Some(self.additions.min(Decimal::ZERO)),
        };
        kept.and_then(|k| self.level.checked_add(k))
            .and_then(|v| v.checked_sub(principal_used))
            .ok_or_else(|| Error::overflow("stock level"))
    }
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
            currency: None,
            adequacy_floor: None,
            income_policy: IncomePolicy::Kept,
        }
    }

    /// The same stock held in `currency`.
    ///
    /// ```
    /// use disburse::affordability::Stock;
    /// use disburse::Currency;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Stock::new("r", 2026, dec!(10), 0.0).in_currency(Currency::USD).currency, Some(Currency::USD));
    /// ```
    pub fn in_currency(mut self, currency: Currency) -> Self {
        self.currency = Some(currency);
        self
    }

    /// The same stock with an adequacy floor.
    ///
    /// ```
    /// use disburse::affordability::{AdequacyFloor, Stock};
    /// use rust_decimal_macros::dec;
    /// let s = Stock::new("r", 2026, dec!(10), 0.0).with_adequacy_floor(AdequacyFloor::ShareOfStart { share: 0.5 });
    /// assert!(s.adequacy_floor.is_some());
    /// ```
    pub fn with_adequacy_floor(mut self, floor: AdequacyFloor) -> Self {
        self.adequacy_floor = Some(floor);
        self
    }

    /// The same stock with an income policy.
    ///
    /// ```
    /// use disburse::affordability::{IncomePolicy, Stock};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Stock::new("r", 2026, dec!(10), 0.0).with_income_policy(IncomePolicy::Spent).income_policy, IncomePolicy::Spent);
    /// ```
    pub fn with_income_policy(mut self, policy: IncomePolicy) -> Self {
        self.income_policy = policy;
        self
    }

    /// The floor in `year`: the larger of `floor` and the adequacy floor.
    ///
    /// # Errors
    /// As [`AdequacyFloor::floor`].
    ///
    /// ```
    /// use disburse::affordability::{AdequacyFloor, Stock};
    /// use rust_decimal_macros::dec;
    /// let s = Stock::new("r", 2026, dec!(100), 0.0).with_floor(dec!(30))
    ///     .with_adequacy_floor(AdequacyFloor::ShareOfStart { share: 0.5 });
    /// assert_eq!(s.floor_in(2027, 2)?, dec!(50));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn floor_in(&self, year: i32, minor_units: u8) -> Result<Decimal> {
        match &self.adequacy_floor {
            None => Ok(self.floor),
            Some(a) => Ok(self.floor.max(a.floor(year, self.level, minor_units)?)),
        }
    }

    /// The stock's year that starts at `level`: income, what can be drawn,
    /// the floor.
    pub(crate) fn year(&self, level: Decimal, year: i32, minor_units: u32) -> Result<StockYear> {
        self.year_shifted(level, year, minor_units, Decimal::ZERO)
    }

    /// [`Stock::year`] with the yield shifted by `shift` (see
    /// [`shift_rate`]; a zero shift is the unshifted year).
    pub(crate) fn year_shifted(
        &self,
        level: Decimal,
        year: i32,
        minor_units: u32,
        shift: Decimal,
    ) -> Result<StockYear> {
        let mu = u8::try_from(minor_units).unwrap_or(u8::MAX);
        let income = self.income_shifted(level, mu, shift)?;
        let additions = income
            .checked_add(self.inflows)
            .ok_or_else(|| Error::overflow("stock additions"))?;
        // Losses (negative additions) are taken from the principal first.
        let base = level
            .checked_add(additions.min(Decimal::ZERO))
            .ok_or_else(|| Error::overflow("stock level"))?;
        let floor = self.floor_in(year, mu)?;
        Ok(StockYear {
            level,
            additions,
            income_available: additions.max(Decimal::ZERO),
            principal_available: (base - floor).max(Decimal::ZERO),
            floor,
            policy: self.income_policy,
        })
    }

    /// The level a year later with nothing drawn.
    pub(crate) fn roll_forward(&self, level: Decimal, minor_units: u8) -> Result<Decimal> {
        self.year(level, self.start_year, u32::from(minor_units))?
            .after(Decimal::ZERO, Decimal::ZERO)
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
        self.income_shifted(level, minor_units, Decimal::ZERO)
    }

    fn income_shifted(&self, level: Decimal, minor_units: u8, shift: Decimal) -> Result<Decimal> {
        let y = shift_rate(f64_to_decimal(self.yield_rate, Quantity::StockYield)?, shift);
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
        if let Some(a) = &self.adequacy_floor {
            a.validate(&self.name)?;
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
///
/// The conversion is slow next to the engine's other steps and the same
/// few rates are converted every year, so the last results are kept per
/// thread (a pure function: the cache never changes an answer).
pub(crate) fn f64_to_decimal(x: f64, what: Quantity) -> Result<Decimal> {
    use std::cell::Cell;
    thread_local! {
        static RECENT: Cell<[(u64, Decimal); 8]> = const { Cell::new([(u64::MAX, Decimal::ZERO); 8]) };
    }
    if !x.is_finite() {
        return Err(Error::NonFinite { what, value: x });
    }
    let bits = x.to_bits();
    // u64::MAX is a NaN pattern, never a finite key.
    let slot = ((bits ^ (bits >> 29)) % 8) as usize;
    let hit = RECENT.with(|c| {
        let table = c.get();
        (table[slot].0 == bits).then_some(table[slot].1)
    });
    if let Some(d) = hit {
        return Ok(d);
    }
    let d = Decimal::try_from(x).map_err(|_| Error::overflow("rate to decimal"))?;
    RECENT.with(|c| {
        let mut table = c.get();
        table[slot] = (bits, d);
        c.set(table);
    });
    Ok(d)
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
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Constraint {
    /// At most `amount` a year of what `limits` says.
    FixedCap {
        /// The constraint's name.
        name: String,
        /// The cap (≥ 0).
        #[serde(deserialize_with = "crate::input_serde::amount")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
        amount: Decimal,
        /// What the cap limits; default the outlays.
        #[serde(default)]
        limits: Limits,
    },
    /// At most `share` of a flow that is `base_amount` in `base_year` and
    /// grows by `growth` a year: `share·base·(1+growth)^(y − base_year)`.
    ShareOfFlow {
        /// The constraint's name.
        name: String,
        /// The year of `base_amount`.
        base_year: i32,
        /// The flow in `base_year` (≥ 0).
        #[serde(deserialize_with = "crate::input_serde::amount")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
        base_amount: Decimal,
        /// Annual growth of the flow (> −1).
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        growth: f64,
        /// The share that may be spent, in (0, 1].
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        share: f64,
        /// What the share limits; default the outlays.
        #[serde(default)]
        limits: Limits,
    },
    /// A stock spent down to its floor: limits what is drawn from it.
    Stock(Stock),
}

/// What a capacity constraint limits each year, in the payer's currency.
///
/// ```
/// use disburse::affordability::Limits;
/// assert_eq!(Limits::default(), Limits::Outlays);
/// assert_eq!(Limits::Conversion.to_string(), "conversion");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Limits {
    /// The year's outlays, converted to the payer's currency (a budget
    /// ceiling on the programme).
    #[default]
    Outlays,
    /// The payer's currency converted into the outlays' currency in the
    /// year (an FX-market absorption limit): only what sources in the
    /// payer's currency pay for outlays in another currency counts, and
    /// the funding engine converts no more than the tightest such limit.
    Conversion,
    /// What is drawn from a stock (income and principal): a stock's own
    /// limit.
    StockDrawing,
}

impl fmt::Display for Limits {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Limits::Outlays => "outlays",
            Limits::Conversion => "conversion",
            Limits::StockDrawing => "stock drawing",
        })
    }
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
            limits: Limits::Outlays,
        }
    }

    /// At most `amount` a year of payer-currency funds converted into the
    /// outlays' currency ([`Limits::Conversion`]).
    ///
    /// ```
    /// use disburse::affordability::{Constraint, Limits};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Constraint::conversion_cap("fx market", dec!(28.6e12)).limits(), Limits::Conversion);
    /// ```
    pub fn conversion_cap(name: impl Into<String>, amount: Decimal) -> Self {
        Constraint::FixedCap {
            name: name.into(),
            amount,
            limits: Limits::Conversion,
        }
    }

    /// What the constraint limits.
    ///
    /// ```
    /// use disburse::affordability::{Constraint, Limits, Stock};
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Constraint::fixed_cap("cap", dec!(1)).limits(), Limits::Outlays);
    /// assert_eq!(Constraint::Stock(Stock::new("r", 2026, dec!(1), 0.0)).limits(), Limits::StockDrawing);
    /// ```
    pub fn limits(&self) -> Limits {
        match self {
            Constraint::FixedCap { limits, .. } | Constraint::ShareOfFlow { limits, .. } => *limits,
            Constraint::Stock(_) => Limits::StockDrawing,
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
            limits: Limits::Outlays,
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
    /// and the limit is what can be drawn from it that year: `income +
    /// inflows + (level − floor)`, the part above the floor counted only
    /// when positive, losses taken from the principal first. The amount is
    /// in the stock's currency.
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
        self.limit_shocked(year, stock_level, minor_units, YearShock::NONE)
    }

    /// [`Constraint::limit`] with a path's overrides: a flow multiplied by
    /// `flow_factor` before rounding, a stock's yield shifted.
    pub(crate) fn limit_shocked(
        &self,
        year: i32,
        stock_level: Option<Decimal>,
        minor_units: u8,
        shock: YearShock,
    ) -> Result<Decimal> {
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
                let mut v = base_amount
                    .checked_mul(factor)
                    .and_then(|v| v.checked_mul(s))
                    .ok_or_else(|| Error::overflow("share of flow"))?;
                if shock.flow_factor != Decimal::ONE {
                    v = v
                        .checked_mul(shock.flow_factor)
                        .ok_or_else(|| Error::overflow("share of flow"))?;
                }
                Ok(Rounding::HalfEven.round(v, u32::from(minor_units)))
            }
            Constraint::Stock(stock) => {
                let level = stock_level.unwrap_or(stock.level);
                let y = stock.year_shifted(level, year, u32::from(minor_units), shock.rate_shift)?;
                y.income_available
                    .checked_add(y.principal_available)
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

impl Constraint {
    /// The field (as written in a document, dotted when nested) that a
    /// [`validate`](Constraint::validate) error of this constraint is
    /// about.
    fn field_of(&self, e: &Error) -> Option<&'static str> {
        let what = match e {
            Error::InvalidConstraint { what, .. } | Error::InvalidRate { what, .. } => what,
            _ => return None,
        };
        Some(match (self, what) {
            (_, Quantity::Name) => "name",
            (Constraint::FixedCap { .. }, Quantity::Cap) => "amount",
            (Constraint::ShareOfFlow { .. }, Quantity::Flow) => "base_amount",
            (Constraint::ShareOfFlow { .. }, Quantity::Growth) => "growth",
            (Constraint::ShareOfFlow { .. }, Quantity::Share) => "share",
            (Constraint::Stock(_), Quantity::Yield) => "yield_rate",
            (Constraint::Stock(_), Quantity::StockLevel) => "level",
            (Constraint::Stock(_), Quantity::Inflows) => "inflows",
            (Constraint::Stock(_), Quantity::Floor) => "floor",
            (Constraint::Stock(_), Quantity::AdequacyShare) => "adequacy_floor.share",
            (Constraint::Stock(_), Quantity::AdequacyMonths) => "adequacy_floor.months",
            (Constraint::Stock(_), Quantity::Imports) => "adequacy_floor.imports",
            (Constraint::Stock(_), Quantity::ImportGrowth) => "adequacy_floor.growth",
            _ => return None,
        })
    }
}

impl fmt::Display for Constraint {
    /// `fx market: cap 20000000000 a year` and the like.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Constraint::FixedCap { name, amount, limits } => write!(f, "{name}: cap {amount} a year on {limits}"),
            Constraint::ShareOfFlow {
                name,
                base_year,
                base_amount,
                growth,
                share,
                limits,
            } => write!(
                f,
                "{name}: {} of a flow of {base_amount} in {base_year} growing {} a year, on {limits}",
                Percent::new(*share, Digits::Shortest),
                Percent::new(*growth, Digits::Shortest)
            ),
            Constraint::Stock(s) => {
                write!(
                    f,
                    "{}: stock of {}{} at the start of {} yielding {}, inflows {} a year, floor {}",
                    s.name,
                    s.level,
                    s.currency.map_or_else(String::new, |c| format!(" {c}")),
                    s.start_year,
                    Percent::new(s.yield_rate, Digits::Shortest),
                    s.inflows,
                    s.floor
                )?;
                if let Some(a) = &s.adequacy_floor {
                    write!(f, " or {a}")?;
                }
                write!(f, "; {}", s.income_policy)
            }
        }
    }
}

/// A constraint's limit in one year, from [`Capacity::limits`].
///
/// ```
/// use disburse::affordability::Limit;
/// use disburse::{Currency, Money};
/// use disburse::affordability::Limits;
/// let l = Limit { name: "cap".into(), limits: Limits::Outlays, amount: Money::zero(Currency::USD) };
/// assert_eq!(l.to_string(), "cap: USD 0.00");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Limit {
    /// The constraint's name.
    pub name: String,
    /// What it limits.
    pub limits: Limits,
    /// What it allows in the year.
    pub amount: Money,
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.name, self.amount)
    }
}

/// What a payer can spend per (fiscal) year in its own currency: named
/// [`Constraint`]s (at least one; names unique; at most one [`Stock`]),
/// each limiting what it says ([`Limits`]): the outlays, the payer's
/// currency converted, or what is drawn from the stock. A report's binding
/// constraint is the one with the largest share used.
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
/// let tightest = korea.available(2026, None)?.ok_or("no limit on outlays")?;
/// assert_eq!(tightest.name, "fx market");
/// assert_eq!(tightest.amount.compact().to_string(), "$20.00B");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "CapacityData", into = "CapacityData")]
pub struct Capacity {
    currency: Currency,
    year: FiscalYear,
    constraints: Vec<Constraint>,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct CapacityData {
    currency: Currency,
    #[serde(default)]
    year: FiscalYear,
    #[serde(deserialize_with = "checked_constraints")]
    constraints: Vec<Constraint>,
}

/// The constraints, each checked as it is read: an error is reported at
/// the constraint (its index and line), not at the capacity, and names
/// its field first (``field `share`: …``) for a document reader to place
/// it there. Names repeated across constraints and a second stock are
/// checked by [`Capacity::new`].
fn checked_constraints<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<Constraint>, D::Error> {
    struct Checked(Constraint);
    impl<'de> Deserialize<'de> for Checked {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            let c = Constraint::deserialize(d)?;
            c.validate()
                .map_err(|e| serde::de::Error::custom(crate::input_serde::field_message(&e, c.field_of(&e))))?;
            Ok(Checked(c))
        }
    }
    Vec::<Checked>::deserialize(d).map(|v| v.into_iter().map(|c| c.0).collect())
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
        self.limits_shocked(year, stock_level, YearShock::NONE)
    }

    /// [`Capacity::limits`] with a path's overrides (see
    /// [`Constraint::limit_shocked`]).
    pub(crate) fn limits_shocked(
        &self,
        year: i32,
        stock_level: Option<Decimal>,
        shock: YearShock,
    ) -> Result<Vec<Limit>> {
        self.constraints
            .iter()
            .map(|c| {
                // A stock's limit is in its own currency.
                let currency = match c {
                    Constraint::Stock(s) => s.currency.unwrap_or(self.currency),
                    _ => self.currency,
                };
                Ok(Limit {
                    name: c.name().to_string(),
                    limits: c.limits(),
                    amount: Money::new(
                        c.limit_shocked(year, stock_level, currency.minor_units(), shock)?,
                        currency,
                    ),
                })
            })
            .collect()
    }

    /// The tightest limit on the outlays ([`Limits::Outlays`]) in `year`
    /// (the first listed on ties), or `None` if no constraint limits the
    /// outlays.
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
    ///     Constraint::conversion_cap("fx", dec!(1)),
    /// ])?;
    /// assert_eq!(c.available(2026, None)?.unwrap().name, "a");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn available(&self, year: i32, stock_level: Option<Decimal>) -> Result<Option<Limit>> {
        let mut best: Option<Limit> = None;
        for l in self.limits(year, stock_level)? {
            if l.limits == Limits::Outlays && best.as_ref().is_none_or(|b| l.amount.amount() < b.amount.amount()) {
                best = Some(l);
            }
        }
        Ok(best)
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
        assert_eq!(c.available(2026, None).unwrap().unwrap().name, "fx market");
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
        // Each constraint is checked as it is read, its field named first.
        for (constraint, message) in [
            (
                r#"{"kind":"fixed_cap","name":"a","amount":"-1"}"#,
                "field `amount`: invalid constraint `a`: cap must not be negative, got -1",
            ),
            (
                r#"{"kind":"fixed_cap","name":" ","amount":"1"}"#,
                "field `name`: invalid constraint ` `:",
            ),
            (
                r#"{"kind":"share_of_flow","name":"f","base_year":2025,"base_amount":"10","growth":-2,"share":0.5}"#,
                "field `growth`: invalid rate -2: growth must be above -100%",
            ),
            (
                r#"{"kind":"stock","name":"r","start_year":2026,"level":"10","yield_rate":0.1,"floor":"11"}"#,
                "field `floor`: invalid constraint `r`: floor must be at most 10, got 11",
            ),
            (
                r#"{"kind":"stock","name":"r","start_year":2026,"level":"10","yield_rate":0.1,"adequacy_floor":{"kind":"share_of_start","share":2}}"#,
                "field `adequacy_floor.share`: invalid constraint `r`: adequacy floor share must be in (0, 1], got 2",
            ),
        ] {
            let json = format!(r#"{{"currency":"USD","constraints":[{constraint}]}}"#);
            let e = serde_json::from_str::<Capacity>(&json).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
        let ok = r#"{"currency":"USD","constraints":[{"kind":"stock","name":"r","start_year":2026,"level":"10","yield_rate":0.1}]}"#;
        assert_eq!(
            serde_json::from_str::<Capacity>(ok).unwrap().stock().unwrap().level,
            dec!(10)
        );
    }

    #[test]
    fn adequacy_floor_months_of_imports_grows_and_income_policy() {
        // 3 months of imports of 600 in 2025 growing 10%: 2026 floor =
        // 600 × 1.1 × 3/12 = 165; 2027: 600 × 1.21 / 4 = 181.5.
        let s = Stock::new("r", 2026, dec!(200), 0.05).with_adequacy_floor(AdequacyFloor::MonthsOfImports {
            months: dec!(3),
            imports: dec!(600),
            base_year: 2025,
            growth: 0.1,
        });
        assert_eq!(s.floor_in(2026, 2).unwrap(), dec!(165));
        assert_eq!(s.floor_in(2027, 2).unwrap(), dec!(181.5));
        // 2026: level 200, income 10, above floor 35 → 45 drawable.
        let y = s.year(dec!(200), 2026, 2).unwrap();
        assert_eq!((y.income_available, y.principal_available), (dec!(10), dec!(35)));
        // Kept: 200 + 10 − 4 (income used) − 5 (principal) = 201.
        assert_eq!(y.after(dec!(4), dec!(5)).unwrap(), dec!(201));
        // Spent: the unused income leaves too: 200 − 5 = 195.
        let spent = s.clone().with_income_policy(IncomePolicy::Spent);
        assert_eq!(
            spent.year(dec!(200), 2026, 2).unwrap().after(dec!(4), dec!(5)).unwrap(),
            dec!(195)
        );
        let bad =
            Stock::new("r", 2026, dec!(200), 0.05).with_adequacy_floor(AdequacyFloor::ShareOfStart { share: 1.5 });
        let err = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::Stock(bad)]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid constraint `r`: adequacy floor share must be in (0, 1], got 1.5"
        );
        let json = r#"{"kind":"stock","name":"r","start_year":2026,"level":"1","yield_rate":0.0,"currency":"USD","adequacy_floor":{"kind":"share_of_start","share":0.5},"income_policy":"spent"}"#;
        let c: Constraint = serde_json::from_str(json).unwrap();
        assert_eq!(
            serde_json::from_str::<Constraint>(&serde_json::to_string(&c).unwrap()).unwrap(),
            c
        );
        let c: Constraint =
            serde_json::from_str(r#"{"kind":"fixed_cap","name":"fx","amount":"1","limits":"conversion"}"#).unwrap();
        assert_eq!(c.limits(), Limits::Conversion);
        assert_eq!(c.to_string(), "fx: cap 1 a year on conversion");
    }
}
