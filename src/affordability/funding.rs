//! How outlays are funded: the stock's income, new borrowing, the stock's
//! principal, in a given order.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::capacity::{Stock, f64_to_decimal};
use crate::rates::Rate;
use crate::render::{Digits, Percent};
use crate::{Bound, Currency, Error, Money, Quantity, Result, Rounding, Value};

/// One source of funds. Sources are drawn in the order listed in
/// [`Funding`].
///
/// Serialized with a `kind` tag: `{"kind": "stock_income"}`,
/// `{"kind": "borrowing", "coupon": 0.04, "limit_per_year": "10e9"}`,
/// `{"kind": "stock_principal"}`.
///
/// ```
/// use disburse::affordability::FundingSource;
/// assert_eq!(FundingSource::borrowing(0.04).to_string(), "borrowing at 4%");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FundingSource {
    /// The stock's income and other inflows of the year (nothing without a
    /// stock). What is not used stays in the stock.
    StockIncome,
    /// New debt at `coupon` a year, at most `limit_per_year` new debt a
    /// year (unlimited if `None`). Interest, `coupon ×` the debt at the
    /// start of the year, is paid every year; debt is not repaid within the
    /// assessment.
    Borrowing {
        /// Annual coupon (> −1).
        coupon: f64,
        /// The most new debt a year (≥ 0), or no limit.
        #[serde(default)]
        limit_per_year: Option<Decimal>,
    },
    /// Drawing the stock down, never below its floor (nothing without a
    /// stock).
    StockPrincipal,
    /// The payer's own resources of each year — revenue, a budget line —
    /// up to `amount_per_year`, in the capacity's currency. Reported with
    /// the stock's income as current income (`from_income`); what is not
    /// used in a year lapses.
    Budget {
        /// The most available each year (≥ 0).
        amount_per_year: Decimal,
    },
}

impl FundingSource {
    /// Unlimited [`FundingSource::Borrowing`] at `coupon`.
    ///
    /// ```
    /// use disburse::affordability::FundingSource;
    /// assert!(matches!(FundingSource::borrowing(0.04), FundingSource::Borrowing { limit_per_year: None, .. }));
    /// ```
    pub fn borrowing(coupon: f64) -> Self {
        FundingSource::Borrowing {
            coupon,
            limit_per_year: None,
        }
    }
}

impl fmt::Display for FundingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FundingSource::StockIncome => f.write_str("stock income"),
            FundingSource::Borrowing {
                coupon,
                limit_per_year: None,
            } => write!(f, "borrowing at {}", Percent::new(*coupon, Digits::Shortest)),
            FundingSource::Borrowing {
                coupon,
                limit_per_year: Some(l),
            } => write!(
                f,
                "borrowing at {} up to {l} a year",
                Percent::new(*coupon, Digits::Shortest)
            ),
            FundingSource::StockPrincipal => f.write_str("stock principal"),
            FundingSource::Budget { amount_per_year } => write!(f, "budget of {amount_per_year} a year"),
        }
    }
}

/// The funding set-up: ordered sources, and the discount rate for the
/// present value of the interest paid.
///
/// Each year the need — the year's outlay plus the interest due on the
/// debt at the start of the year — is met from the sources in order;
/// whatever they cannot cover is unfunded. Korea's stated plan (Asia
/// Economy, 2025-11-11): reserve income first, then government-guaranteed
/// bonds, reserve principal not used.
///
/// Serialized as `{"sources": [...], "discount_rate": 0.04}`, validated on
/// deserialization.
///
/// ```
/// use disburse::affordability::{Funding, FundingSource};
/// let korea = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04)?;
/// assert_eq!(korea.sources().len(), 2);
/// assert_eq!(korea.to_string(), "stock income, then borrowing at 4%; discounted at 4%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "FundingData", into = "FundingData")]
pub struct Funding {
    sources: Vec<FundingSource>,
    discount_rate: f64,
    service_years: u32,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct FundingData {
    sources: Vec<FundingSource>,
    discount_rate: f64,
    #[serde(default)]
    service_years: u32,
}

impl TryFrom<FundingData> for Funding {
    type Error = Error;
    fn try_from(d: FundingData) -> Result<Self> {
        Ok(Funding::new(d.sources, d.discount_rate)?.with_service_years(d.service_years))
    }
}

impl From<Funding> for FundingData {
    fn from(f: Funding) -> Self {
        FundingData {
            sources: f.sources,
            discount_rate: f.discount_rate,
            service_years: f.service_years,
        }
    }
}

impl Default for Funding {
    /// No sources (whatever capacity cannot pay is unfunded), discounted
    /// at zero, no service years.
    ///
    /// ```
    /// use disburse::affordability::Funding;
    /// assert!(Funding::default().sources().is_empty());
    /// ```
    fn default() -> Self {
        Funding {
            sources: Vec::new(),
            discount_rate: 0.0,
            service_years: 0,
        }
    }
}

impl Funding {
    /// Sources in the order they are drawn (may be empty: everything is
    /// then unfunded) and the discount rate for the PV of interest.
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a coupon or discount rate that is not
    /// finite or at or below −100% (see [`Rate`]);
    /// [`Error::InvalidFunding`] for a negative budget or borrowing limit;
    /// [`Error::DuplicateFundingSource`] for `StockIncome` /
    /// `StockPrincipal` listed twice.
    ///
    /// ```
    /// use disburse::affordability::{Funding, FundingSource};
    /// assert!(Funding::new(vec![FundingSource::borrowing(-1.0)], 0.04).is_err());
    /// assert!(Funding::new(vec![FundingSource::StockIncome, FundingSource::StockIncome], 0.04).is_err());
    /// ```
    pub fn new(sources: Vec<FundingSource>, discount_rate: f64) -> Result<Self> {
        Rate::new(Quantity::DiscountRate, discount_rate)?;
        let mut income = 0;
        let mut principal = 0;
        for s in &sources {
            match s {
                FundingSource::StockIncome => income += 1,
                FundingSource::StockPrincipal => principal += 1,
                FundingSource::Budget { amount_per_year } => {
                    if *amount_per_year < Decimal::ZERO {
                        return Err(Error::InvalidFunding {
                            what: Quantity::Budget,
                            value: Value::Decimal(*amount_per_year),
                            bound: Bound::NonNegative,
                        });
                    }
                }
                FundingSource::Borrowing { coupon, limit_per_year } => {
                    Rate::new(Quantity::Coupon, *coupon)?;
                    if let Some(l) = limit_per_year {
                        if *l < Decimal::ZERO {
                            return Err(Error::InvalidFunding {
                                what: Quantity::BorrowingLimit,
                                value: Value::Decimal(*l),
                                bound: Bound::NonNegative,
                            });
                        }
                    }
                }
            }
            if income > 1 || principal > 1 {
                return Err(Error::DuplicateFundingSource { listed: s.clone() });
            }
        }
        Ok(Funding {
            sources,
            discount_rate,
            service_years: 0,
        })
    }

    /// The sources, in drawing order.
    ///
    /// ```
    /// use disburse::affordability::{Funding, FundingSource};
    /// let f = Funding::new(vec![FundingSource::StockPrincipal], 0.0)?;
    /// assert_eq!(f.sources(), &[FundingSource::StockPrincipal]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sources(&self) -> &[FundingSource] {
        &self.sources
    }

    /// The discount rate for the PV of interest (annual compounding).
    ///
    /// ```
    /// use disburse::affordability::Funding;
    /// assert_eq!(Funding::new(vec![], 0.05)?.discount_rate(), 0.05);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discount_rate(&self) -> f64 {
        self.discount_rate
    }

    /// Keeps servicing the debt for `years` years after the last outlay:
    /// the report gains those years (no outlay; interest paid and funded
    /// like an outlay), so the cost of funding includes them. Default 0:
    /// the report covers the outlay years only.
    ///
    /// ```
    /// use disburse::affordability::{Funding, FundingSource};
    /// let f = Funding::new(vec![FundingSource::borrowing(0.04)], 0.045)?.with_service_years(20);
    /// assert_eq!(f.service_years(), 20);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_service_years(mut self, years: u32) -> Self {
        self.service_years = years.min(crate::MAX_PLAN_YEARS);
        self
    }

    /// Years of debt service reported after the last outlay.
    ///
    /// ```
    /// use disburse::affordability::{Funding, FundingSource};
    /// assert_eq!(Funding::new(vec![FundingSource::StockIncome], 0.04)?.service_years(), 0);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn service_years(&self) -> u32 {
        self.service_years
    }
}

impl fmt::Display for Funding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.sources.is_empty() {
            f.write_str("no sources")?;
        }
        for (i, s) in self.sources.iter().enumerate() {
            if i > 0 {
                f.write_str(", then ")?;
            }
            write!(f, "{s}")?;
        }
        write!(
            f,
            "; discounted at {}",
            Percent::new(self.discount_rate, Digits::Shortest)
        )
    }
}

/// How one year's need was met, from [`YearRow`](super::YearRow).
/// `from_income + borrowed + from_principal + unfunded` is exactly the
/// year's need (outlay plus interest), all in the payer's currency.
///
/// ```
/// use disburse::affordability::FundingBreakdown;
/// use disburse::Currency;
/// let b = FundingBreakdown::zero(Currency::USD);
/// assert!(b.total()?.is_zero());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FundingBreakdown {
    /// From current income: the stock's income and inflows, and any
    /// [`FundingSource::Budget`].
    pub from_income: Money,
    /// New debt.
    pub borrowed: Money,
    /// From the stock's principal.
    pub from_principal: Money,
    /// Not covered by any source.
    pub unfunded: Money,
}

impl FundingBreakdown {
    /// All zero.
    ///
    /// ```
    /// use disburse::affordability::FundingBreakdown;
    /// use disburse::Currency;
    /// assert!(FundingBreakdown::zero(Currency::KRW).unfunded.is_zero());
    /// ```
    pub fn zero(currency: Currency) -> Self {
        let z = Money::zero(currency);
        FundingBreakdown {
            from_income: z,
            borrowed: z,
            from_principal: z,
            unfunded: z,
        }
    }

    /// The sum of the four parts.
    ///
    /// # Errors
    /// [`Error::Overflow`].
    ///
    /// ```
    /// use disburse::affordability::FundingBreakdown;
    /// use disburse::{Currency, Money};
    /// use rust_decimal_macros::dec;
    /// let mut b = FundingBreakdown::zero(Currency::USD);
    /// b.borrowed = Money::new(dec!(5), Currency::USD);
    /// b.unfunded = Money::new(dec!(1), Currency::USD);
    /// assert_eq!(b.total()?.amount(), dec!(6));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn total(&self) -> Result<Money> {
        self.from_income
            .checked_add(self.borrowed)?
            .checked_add(self.from_principal)?
            .checked_add(self.unfunded)
    }
}

/// The funding state carried from year to year.
#[derive(Debug, Clone)]
pub(crate) struct FundingState {
    currency: Currency,
    /// The stock's level at the start of the next year, if there is a stock.
    pub(crate) stock_level: Option<Decimal>,
    /// Debt outstanding per source index (zero for non-borrowing sources).
    debts: Vec<Decimal>,
}

/// One year's result of [`FundingState::fund_year`].
#[derive(Debug, Clone)]
pub(crate) struct YearFunding {
    pub(crate) breakdown: FundingBreakdown,
    pub(crate) interest: Money,
    pub(crate) debt_after: Money,
    pub(crate) stock_after: Option<Money>,
}

fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow(what))
}

fn sub(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| Error::overflow(what))
}

impl FundingState {
    /// The state at the start of the first outlay year, with the stock's
    /// level rolled forward (income and inflows, no spending) from its
    /// start year.
    pub(crate) fn start(currency: Currency, stock: Option<&Stock>, funding: &Funding, first_year: i32) -> Result<Self> {
        let stock_level = match stock {
            None => None,
            Some(s) => {
                if first_year < s.start_year {
                    return Err(Error::StockNotStarted {
                        name: s.name.clone(),
                        start_year: s.start_year,
                        year: first_year,
                    });
                }
                let gap = i64::from(first_year) - i64::from(s.start_year);
                if gap > super::fx::MAX_COMPOUND_YEARS {
                    return Err(Error::out_of_range(
                        Quantity::YearsAfterStockStart(s.name.clone()),
                        gap,
                        Bound::AtMost(Value::from(super::fx::MAX_COMPOUND_YEARS)),
                    ));
                }
                let mut level = s.level;
                for _ in 0..gap {
                    let income = s.income_on(level, currency.minor_units())?;
                    level = add(add(level, income, "stock level")?, s.inflows, "stock level")?;
                }
                Some(level)
            }
        };
        Ok(FundingState {
            currency,
            stock_level,
            debts: vec![Decimal::ZERO; funding.sources.len()],
        })
    }

    /// The stock's level at the start of the year being funded.
    pub(crate) fn level(&self) -> Option<Decimal> {
        self.stock_level
    }

    /// Funds one year's `outlay` (≥ 0, payer currency) and the interest due.
    pub(crate) fn fund_year(
        &mut self,
        outlay: Decimal,
        stock: Option<&Stock>,
        funding: &Funding,
    ) -> Result<YearFunding> {
        let mu = self.currency.minor_units();
        // Interest on the debt at the start of the year.
        let mut interest = Decimal::ZERO;
        for (source, debt) in funding.sources.iter().zip(&self.debts) {
            if let FundingSource::Borrowing { coupon, .. } = source {
                let c = f64_to_decimal(*coupon, Quantity::Coupon)?;
                let i = debt.checked_mul(c).ok_or_else(|| Error::overflow("interest"))?;
                interest = add(interest, Rounding::HalfEven.round(i, u32::from(mu)), "interest")?;
            }
        }
        // A negative coupon is a (rare) receipt: it reduces the need.
        let need = add(outlay, interest, "need")?;
        let mut remaining = need.max(Decimal::ZERO);

        // The stock this year: income and inflows, and what is above the floor.
        let (mut income_avail, mut principal_avail, start_level) = match (stock, self.stock_level) {
            (Some(s), Some(level)) => {
                let income = s.income_on(level, mu)?;
                let additions = add(income, s.inflows, "stock additions")?;
                // Losses (negative additions) are taken from the principal first.
                let after_losses = add(level, additions.min(Decimal::ZERO), "stock level")?;
                let above_floor = sub(after_losses, s.floor, "stock level")?.max(Decimal::ZERO);
                (additions.max(Decimal::ZERO), above_floor, Some((level, additions)))
            }
            _ => (Decimal::ZERO, Decimal::ZERO, None),
        };

        let mut from_income = Decimal::ZERO;
        let mut from_budget = Decimal::ZERO;
        let mut borrowed = Decimal::ZERO;
        let mut from_principal = Decimal::ZERO;
        for (source, debt) in funding.sources.iter().zip(self.debts.iter_mut()) {
            if remaining.is_zero() {
                break;
            }
            match source {
                FundingSource::StockIncome => {
                    let take = remaining.min(income_avail);
                    income_avail = sub(income_avail, take, "stock income")?;
                    from_income = add(from_income, take, "stock income")?;
                    remaining = sub(remaining, take, "need")?;
                }
                FundingSource::StockPrincipal => {
                    let take = remaining.min(principal_avail);
                    principal_avail = sub(principal_avail, take, "stock principal")?;
                    from_principal = add(from_principal, take, "stock principal")?;
                    remaining = sub(remaining, take, "need")?;
                }
                FundingSource::Budget { amount_per_year } => {
                    let take = remaining.min(*amount_per_year);
                    from_budget = add(from_budget, take, "budget")?;
                    remaining = sub(remaining, take, "need")?;
                }
                FundingSource::Borrowing { limit_per_year, .. } => {
                    let take = match limit_per_year {
                        Some(l) => remaining.min(*l),
                        None => remaining,
                    };
                    *debt = add(*debt, take, "debt")?;
                    borrowed = add(borrowed, take, "borrowing")?;
                    remaining = sub(remaining, take, "need")?;
                }
            }
        }
        // A need below zero (a receipt from a negative coupon) is kept as a
        // negative unfunded amount so that the parts still sum to the need.
        let unfunded = if need < Decimal::ZERO { need } else { remaining };

        let stock_after = match start_level {
            Some((level, additions)) => {
                let after = sub(
                    sub(add(level, additions, "stock level")?, from_income, "stock level")?,
                    from_principal,
                    "stock level",
                )?;
                self.stock_level = Some(after);
                Some(Money::new(after, self.currency))
            }
            None => None,
        };
        let mut debt_after = Decimal::ZERO;
        for d in &self.debts {
            debt_after = add(debt_after, *d, "debt")?;
        }
        let m = |x: Decimal| Money::new(x, self.currency);
        Ok(YearFunding {
            breakdown: FundingBreakdown {
                from_income: m(add(from_income, from_budget, "current income")?),
                borrowed: m(borrowed),
                from_principal: m(from_principal),
                unfunded: m(unfunded),
            },
            interest: m(interest),
            debt_after: m(debt_after),
            stock_after,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    #[test]
    fn korea_run_borrows_five_billion_a_year_and_interest_grows() {
        let stock = Stock::new("reserves", 2026, dec!(400e9), 0.0375);
        let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04).unwrap();
        let mut st = FundingState::start(Currency::USD, Some(&stock), &funding, 2026).unwrap();
        let expected = [
            // interest, borrowed, debt after
            (dec!(0), dec!(5e9), dec!(5e9)),
            (dec!(0.2e9), dec!(5.2e9), dec!(10.2e9)),
            (dec!(0.408e9), dec!(5.408e9), dec!(15.608e9)),
        ];
        for (interest, borrowed, debt) in expected {
            let y = st.fund_year(dec!(20e9), Some(&stock), &funding).unwrap();
            assert_eq!(y.breakdown.from_income.amount(), dec!(15e9));
            assert_eq!(y.interest.amount(), interest);
            assert_eq!(y.breakdown.borrowed.amount(), borrowed);
            assert_eq!(y.debt_after.amount(), debt);
            assert!(y.breakdown.unfunded.is_zero());
            assert_eq!(y.stock_after.unwrap().amount(), dec!(400e9));
        }
    }

    #[test]
    fn budget_funds_up_to_its_amount_and_leaves_the_stock_alone() {
        let stock = Stock::new("reserves", 2026, dec!(100), 0.1);
        let funding = Funding::new(
            vec![
                FundingSource::Budget {
                    amount_per_year: dec!(30),
                },
                FundingSource::StockIncome,
            ],
            0.0,
        )
        .unwrap();
        let mut st = FundingState::start(Currency::USD, Some(&stock), &funding, 2026).unwrap();
        // Need 35: 30 from the budget, 5 of the stock's 10 income; 5 income stays.
        let y = st.fund_year(dec!(35), Some(&stock), &funding).unwrap();
        assert_eq!(y.breakdown.from_income.amount(), dec!(35));
        assert!(y.breakdown.unfunded.is_zero());
        assert_eq!(y.stock_after.unwrap().amount(), dec!(105));
        // Need 50 next year: 30 budget (it does not carry over), 10.5 income, 9.5 unfunded.
        let y = st.fund_year(dec!(50), Some(&stock), &funding).unwrap();
        assert_eq!(y.breakdown.from_income.amount(), dec!(40.50));
        assert_eq!(y.breakdown.unfunded.amount(), dec!(9.50));
        let json = serde_json::to_string(&FundingSource::Budget {
            amount_per_year: dec!(76e9),
        })
        .unwrap();
        assert_eq!(json, r#"{"kind":"budget","amount_per_year":"76000000000"}"#);
        let err = Funding::new(
            vec![FundingSource::Budget {
                amount_per_year: dec!(-1),
            }],
            0.0,
        )
        .unwrap_err();
        assert_eq!(err.to_string(), "invalid funding: budget must not be negative, got -1");
    }

    #[test]
    fn principal_stops_at_floor_and_rest_is_unfunded() {
        let stock = Stock::new("r", 2026, dec!(100), 0.0).with_floor(dec!(60));
        let funding = Funding::new(vec![FundingSource::StockPrincipal], 0.0).unwrap();
        let mut st = FundingState::start(Currency::USD, Some(&stock), &funding, 2026).unwrap();
        let y = st.fund_year(dec!(50), Some(&stock), &funding).unwrap();
        assert_eq!(y.breakdown.from_principal.amount(), dec!(40));
        assert_eq!(y.breakdown.unfunded.amount(), dec!(10));
        assert_eq!(y.stock_after.unwrap().amount(), dec!(60));
    }

    #[test]
    fn stock_rolls_forward_and_no_stock_gives_nothing() {
        let stock = Stock::new("r", 2026, dec!(100), 0.1).with_inflows(dec!(5));
        let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::StockPrincipal], 0.0).unwrap();
        let st = FundingState::start(Currency::USD, Some(&stock), &funding, 2028).unwrap();
        // 100 → 115 → 131.5
        assert_eq!(st.level(), Some(dec!(131.5)));
        assert!(matches!(
            FundingState::start(Currency::USD, Some(&stock), &funding, 2025),
            Err(Error::StockNotStarted { .. })
        ));
        let mut none = FundingState::start(Currency::USD, None, &funding, 2026).unwrap();
        let y = none.fund_year(dec!(7), None, &funding).unwrap();
        assert_eq!(y.breakdown.unfunded.amount(), dec!(7));
        assert!(y.stock_after.is_none());
    }

    #[test]
    fn limited_borrowing_and_validation() {
        let funding = Funding::new(
            vec![FundingSource::Borrowing {
                coupon: 0.05,
                limit_per_year: Some(dec!(3)),
            }],
            0.0,
        )
        .unwrap();
        let mut st = FundingState::start(Currency::USD, None, &funding, 2026).unwrap();
        let y = st.fund_year(dec!(10), None, &funding).unwrap();
        assert_eq!(y.breakdown.borrowed.amount(), dec!(3));
        assert_eq!(y.breakdown.unfunded.amount(), dec!(7));
        let y = st.fund_year(dec!(0), None, &funding).unwrap();
        assert_eq!(y.interest.amount(), dec!(0.15));
        assert_eq!(y.breakdown.borrowed.amount(), dec!(0.15));
        assert!(
            Funding::new(
                vec![FundingSource::Borrowing {
                    coupon: 0.05,
                    limit_per_year: Some(dec!(-1))
                }],
                0.0
            )
            .is_err()
        );
        assert!(Funding::new(vec![], f64::NAN).is_err());
        assert!(Funding::new(vec![FundingSource::StockPrincipal, FundingSource::StockPrincipal], 0.0).is_err());
        let json = serde_json::to_string(&funding).unwrap();
        assert_eq!(serde_json::from_str::<Funding>(&json).unwrap(), funding);
        assert!(serde_json::from_str::<Funding>(r#"{"sources":[],"discount_rate":-2}"#).is_err());
    }
}
