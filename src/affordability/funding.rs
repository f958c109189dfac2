//! How outlays and debt service are funded: ordered sources, each in a
//! currency, and the debts they leave.
//!
//! The yearly engine ([`FundingState::fund_year`]) states its rules in the
//! documentation of [`Funding`]; they are repeated in every report's
//! assumptions.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::capacity::{Stock, f64_to_decimal};
use super::shock::{YearShock, shift_rate};
use crate::limits::{MAX_DEBT_SERVICE_YEARS, MAX_DEBT_TENOR, MAX_ROLLOVERS};
use crate::rates::Rate;
use crate::render::{Digits, Percent};
use crate::{Bound, Currency, Error, Money, Quantity, Result, Rounding, Value};

/// The tenor of a borrowing source when none is given: 10 years.
///
/// ```
/// assert_eq!(disburse::affordability::DEFAULT_DEBT_TENOR, 10);
/// ```
pub const DEFAULT_DEBT_TENOR: u32 = 10;

fn default_tenor() -> u32 {
    DEFAULT_DEBT_TENOR
}

/// A tenor in whole years, written `10` or `"10Y"` (as instruments and
/// plans write tenors).
fn years<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<u32, D::Error> {
    struct V;
    fn invalid<E: serde::de::Error>(given: impl fmt::Display) -> E {
        E::custom(format!("invalid tenor {given}: expected whole years, `10` or \"10Y\""))
    }
    impl serde::de::Visitor<'_> for V {
        type Value = u32;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a tenor in whole years, `10` or \"10Y\"")
        }
        fn visit_u64<E: serde::de::Error>(self, n: u64) -> std::result::Result<u32, E> {
            u32::try_from(n).map_err(|_| invalid(n))
        }
        fn visit_i64<E: serde::de::Error>(self, n: i64) -> std::result::Result<u32, E> {
            u32::try_from(n).map_err(|_| invalid(n))
        }
        fn visit_f64<E: serde::de::Error>(self, x: f64) -> std::result::Result<u32, E> {
            Err(if x.abs() < 1e15 {
                invalid(x)
            } else {
                invalid(format_args!("{x:e}"))
            })
        }
        fn visit_str<E: serde::de::Error>(self, t: &str) -> std::result::Result<u32, E> {
            t.trim()
                .strip_suffix(['Y', 'y'])
                .and_then(|n| n.trim().parse().ok())
                .ok_or_else(|| invalid(format_args!("`{t}`")))
        }
    }
    d.deserialize_any(V)
}

/// How a debt's principal is repaid.
///
/// ```
/// use disburse::affordability::DebtProfile;
/// assert_eq!(DebtProfile::default(), DebtProfile::Bullet);
/// assert_eq!(DebtProfile::Amortising.to_string(), "equal amortisation");
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum DebtProfile {
    /// All principal at maturity, `tenor` years after the year of issue.
    #[default]
    Bullet,
    /// Equal parts of principal in each of the `tenor` years after the year
    /// of issue, in whole minor units: the k-th part is `k/tenor` of the
    /// original truncated to minor units less the same for `k − 1` (so
    /// parts differ by at most one minor unit); the last takes the rest.
    Amortising,
}

impl fmt::Display for DebtProfile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            DebtProfile::Bullet => "bullet",
            DebtProfile::Amortising => "equal amortisation",
        })
    }
}

/// One source of funds. Sources are drawn in the order listed in
/// [`Funding`].
///
/// Each source has a currency: the stock's sources that of the stock
/// ([`Stock::currency`]), a swap line the outlays' currency, a budget the
/// payer's, borrowing its `currency` (the payer's if not given). A source
/// in the payer's currency pays an outlay in another currency by
/// converting, within the capacity's conversion limits; a source in the
/// outlays' currency needs no conversion (and pays only needs in that
/// currency).
///
/// Serialized with a `kind` tag: `{"kind": "stock_income"}`,
/// `{"kind": "borrowing", "coupon": 0.04, "currency": "USD", "tenor": 10,
/// "profile": "bullet"}`, `{"kind": "stock_principal"}`, `{"kind":
/// "budget", "amount_per_year": "76e9"}`, `{"kind": "swap_line", "limit":
/// "20e9", "rate": 0.04, "tenor": 1, "rollovers": 2}`.
///
/// ```
/// use disburse::affordability::FundingSource;
/// assert_eq!(FundingSource::borrowing(0.04).to_string(), "borrowing at 4%, 10-year bullet");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum FundingSource {
    /// The stock's income and other inflows of the year (nothing without a
    /// stock). What is not used stays in the stock or is spent, per the
    /// stock's [`IncomePolicy`](super::IncomePolicy).
    StockIncome,
    /// New debt at `coupon` a year, at most `limit_per_year` new debt a
    /// year (unlimited if `None`), in `currency` (the payer's if `None`).
    /// Each year's new debt is one issue: interest, `coupon ×` its balance
    /// at the start of each later year, and principal per `profile` over
    /// `tenor` years are debt service, funded like an outlay in the year
    /// they fall due (and so may need new borrowing).
    Borrowing {
        /// Annual coupon (> −1).
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        coupon: f64,
        /// The most new debt a year (≥ 0), in the source's currency, or no
        /// limit.
        #[serde(default)]
        #[serde(deserialize_with = "crate::input_serde::opt_amount")]
        #[cfg_attr(
            feature = "scenario",
            schemars(schema_with = "crate::input_serde::schema::opt_amount")
        )]
        limit_per_year: Option<Decimal>,
        /// The currency borrowed in; the payer's if `None`.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        currency: Option<Currency>,
        /// Years to final maturity, 1 to
        /// [`MAX_DEBT_TENOR`](crate::limits::MAX_DEBT_TENOR); default
        /// [`DEFAULT_DEBT_TENOR`].
        #[serde(default = "default_tenor", deserialize_with = "years")]
        tenor: u32,
        /// How principal is repaid; default [`DebtProfile::Bullet`].
        #[serde(default)]
        profile: DebtProfile,
    },
    /// Drawing the stock down, never below its floor (nothing without a
    /// stock).
    StockPrincipal,
    /// The payer's own resources of each year — revenue, a budget line —
    /// up to `amount_per_year`, in the payer's currency. Reported with
    /// the stock's income as current income (`from_income`); what is not
    /// used in a year lapses.
    Budget {
        /// The most available each year (≥ 0).
        #[serde(deserialize_with = "crate::input_serde::amount")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
        amount_per_year: Decimal,
    },
    /// A currency swap line in the outlays' currency: drawings of at most
    /// `limit` outstanding at once, at `rate` a year on the balance at the
    /// start of each year, each drawing due `tenor` years after the year it
    /// is drawn and rolled over (no cash moves) up to `rollovers` times
    /// before it must be repaid. The room in a year is `limit` less the
    /// balance at its start (drawings falling due that year included), so
    /// a drawing falling due is refinanced from the line only out of room
    /// the line has besides it.
    SwapLine {
        /// The most outstanding at once (≥ 0), in the outlays' currency.
        #[serde(deserialize_with = "crate::input_serde::amount")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::amount"))]
        limit: Decimal,
        /// Annual rate on the balance (> −1).
        #[serde(deserialize_with = "crate::input_serde::rate")]
        #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
        rate: f64,
        /// Years from a drawing to its repayment (or rollover), 1 to
        /// [`MAX_DEBT_TENOR`](crate::limits::MAX_DEBT_TENOR).
        #[serde(deserialize_with = "years")]
        tenor: u32,
        /// How often each drawing may be rolled over, at most
        /// [`MAX_ROLLOVERS`](crate::limits::MAX_ROLLOVERS).
        #[serde(default)]
        rollovers: u32,
    },
}

impl FundingSource {
    /// Unlimited [`FundingSource::Borrowing`] at `coupon` in the payer's
    /// currency, repaid in one bullet after [`DEFAULT_DEBT_TENOR`] years.
    ///
    /// ```
    /// use disburse::affordability::{DebtProfile, FundingSource};
    /// assert!(matches!(
    ///     FundingSource::borrowing(0.04),
    ///     FundingSource::Borrowing { limit_per_year: None, currency: None, tenor: 10, profile: DebtProfile::Bullet, .. }
    /// ));
    /// ```
    pub fn borrowing(coupon: f64) -> Self {
        FundingSource::Borrowing {
            coupon,
            limit_per_year: None,
            currency: None,
            tenor: DEFAULT_DEBT_TENOR,
            profile: DebtProfile::Bullet,
        }
    }

    /// A [`FundingSource::SwapLine`].
    ///
    /// ```
    /// use disburse::affordability::FundingSource;
    /// use rust_decimal_macros::dec;
    /// let s = FundingSource::swap_line(dec!(20e9), 0.04, 1, 2);
    /// assert_eq!(s.to_string(), "swap line of 20000000000 at 4%, 1-year drawings rolled over up to 2 times");
    /// ```
    pub fn swap_line(limit: Decimal, rate: f64, tenor: u32, rollovers: u32) -> Self {
        FundingSource::SwapLine {
            limit,
            rate,
            tenor,
            rollovers,
        }
    }

    fn validate(&self) -> Result<()> {
        let bad = |what: Quantity, value: Value, bound: Bound| Err(Error::InvalidFunding { what, value, bound });
        let tenor_ok = |t: u32| {
            if t == 0 || t > MAX_DEBT_TENOR {
                bad(
                    Quantity::DebtTenor,
                    Value::from(t),
                    Bound::Between(1, i64::from(MAX_DEBT_TENOR)),
                )
            } else {
                Ok(())
            }
        };
        match self {
            FundingSource::StockIncome | FundingSource::StockPrincipal => Ok(()),
            FundingSource::Budget { amount_per_year } if *amount_per_year < Decimal::ZERO => {
                bad(Quantity::Budget, Value::Decimal(*amount_per_year), Bound::NonNegative)
            }
            FundingSource::Budget { .. } => Ok(()),
            FundingSource::Borrowing {
                coupon,
                limit_per_year,
                tenor,
                ..
            } => {
                Rate::new(Quantity::Coupon, *coupon)?;
                if let Some(l) = limit_per_year {
                    if *l < Decimal::ZERO {
                        return bad(Quantity::BorrowingLimit, Value::Decimal(*l), Bound::NonNegative);
                    }
                }
                tenor_ok(*tenor)
            }
            FundingSource::SwapLine {
                limit,
                rate,
                tenor,
                rollovers,
            } => {
                Rate::new(Quantity::SwapRate, *rate)?;
                if *limit < Decimal::ZERO {
                    return bad(Quantity::SwapLimit, Value::Decimal(*limit), Bound::NonNegative);
                }
                if *rollovers > MAX_ROLLOVERS {
                    return bad(
                        Quantity::Rollovers,
                        Value::from(*rollovers),
                        Bound::AtMost(Value::from(MAX_ROLLOVERS)),
                    );
                }
                tenor_ok(*tenor)
            }
        }
    }
}

impl FundingSource {
    /// The field (as written in a document) that a [`validate`] error of
    /// this source is about.
    ///
    /// [`validate`]: FundingSource::validate
    fn field_of(&self, e: &Error) -> Option<&'static str> {
        let what = match e {
            Error::InvalidFunding { what, .. } | Error::InvalidRate { what, .. } => what,
            _ => return None,
        };
        Some(match (self, what) {
            (FundingSource::Budget { .. }, Quantity::Budget) => "amount_per_year",
            (FundingSource::Borrowing { .. }, Quantity::Coupon) => "coupon",
            (FundingSource::Borrowing { .. }, Quantity::BorrowingLimit) => "limit_per_year",
            (FundingSource::Borrowing { .. } | FundingSource::SwapLine { .. }, Quantity::DebtTenor) => "tenor",
            (FundingSource::SwapLine { .. }, Quantity::SwapRate) => "rate",
            (FundingSource::SwapLine { .. }, Quantity::SwapLimit) => "limit",
            (FundingSource::SwapLine { .. }, Quantity::Rollovers) => "rollovers",
            _ => return None,
        })
    }
}

impl fmt::Display for FundingSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FundingSource::StockIncome => f.write_str("stock income"),
            FundingSource::Borrowing {
                coupon,
                limit_per_year,
                currency,
                tenor,
                profile,
            } => {
                write!(f, "borrowing at {}", Percent::new(*coupon, Digits::Shortest))?;
                if let Some(c) = currency {
                    write!(f, " in {c}")?;
                }
                write!(f, ", {tenor}-year {profile}")?;
                if let Some(l) = limit_per_year {
                    write!(f, ", up to {l} a year")?;
                }
                Ok(())
            }
            FundingSource::StockPrincipal => f.write_str("stock principal"),
            FundingSource::Budget { amount_per_year } => write!(f, "budget of {amount_per_year} a year"),
            FundingSource::SwapLine {
                limit,
                rate,
                tenor,
                rollovers,
            } => write!(
                f,
                "swap line of {limit} at {}, {tenor}-year drawings rolled over up to {rollovers} times",
                Percent::new(*rate, Digits::Shortest)
            ),
        }
    }
}

/// The funding set-up: ordered sources, the discount rate for the cost of
/// the debt, and how long debt service runs.
///
/// **Rules of the yearly engine** (each stated again in a report's
/// assumptions):
/// - Each year's *need* is the outlay plus the debt service falling due:
///   interest (rate × each debt's balance at the start of the year,
///   rounded half-even to minor units; nothing in the year of issue) and
///   principal due (bullet or amortising, per source). The need is met
///   from the sources in order; whatever they cannot cover is unfunded (a
///   breach). Principal that falls due is settled even when part of it is
///   unfunded, so the ledger ends.
/// - A source in the payer's currency pays a need in the outlays' currency
///   by converting at the year's FX rate, within the capacity's conversion
///   limits; a source in the outlays' currency pays only needs in that
///   currency. Debts are kept in their own currency and their service
///   converted at the rate of the year it falls due.
/// - The horizon runs from the first outlay year to the year the last debt
///   outstanding after the last outlay year falls due (after its
///   rollovers), ending sooner once no debt is left; debt drawn in those
///   years to refinance is what remains at the horizon, reported and
///   costed. A horizon of more than [`MAX_DEBT_SERVICE_YEARS`] years after
///   the last outlay is an error ([`Error::DebtNotRepaid`]). With
///   `service_years` the horizon is exactly that many years after the last
///   outlay.
/// - The **total funding cost** is the present value at `discount_rate`
///   of interest, principal repaid and debt outstanding at the horizon,
///   the k-th year's amounts (k = 0 in the first outlay year) discounted
///   by `(1 + rate)^k`; with every rate zero it is what was borrowed.
///
/// Korea's stated plan (Asia Economy, 2025-11-11): reserve income first,
/// then government-guaranteed bonds, reserve principal not used.
///
/// Serialized as `{"sources": [...], "discount_rate": 0.04,
/// "service_years": 20}` (`service_years` optional), validated on
/// deserialization.
///
/// ```
/// use disburse::affordability::{Funding, FundingSource};
/// let korea = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04)?;
/// assert_eq!(korea.sources().len(), 2);
/// assert_eq!(korea.to_string(), "stock income, then borrowing at 4%, 10-year bullet; discounted at 4%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "FundingData", into = "FundingData")]
pub struct Funding {
    sources: Vec<FundingSource>,
    discount_rate: f64,
    service_years: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct FundingData {
    #[serde(deserialize_with = "checked_sources")]
    #[cfg_attr(feature = "scenario", schemars(with = "Vec<FundingSource>"))]
    sources: Vec<FundingSource>,
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    discount_rate: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    service_years: Option<u32>,
}

/// The sources, each validated as it is read: a bad one is reported at
/// its own index (`sources[2]`), not at the funding as a whole.
fn checked_sources<'de, D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Vec<FundingSource>, D::Error> {
    struct Checked(FundingSource);
    impl<'de> Deserialize<'de> for Checked {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> std::result::Result<Self, D::Error> {
            let source = FundingSource::deserialize(d)?;
            source
                .validate()
                .map_err(|e| serde::de::Error::custom(crate::input_serde::field_message(&e, source.field_of(&e))))?;
            Ok(Checked(source))
        }
    }
    Vec::<Checked>::deserialize(d).map(|v| v.into_iter().map(|c| c.0).collect())
}

impl TryFrom<FundingData> for Funding {
    /// The error's message, its field first ([`field_message`]).
    ///
    /// [`field_message`]: crate::input_serde::field_message
    type Error = String;
    fn try_from(d: FundingData) -> std::result::Result<Self, String> {
        let named = |e: Error| {
            let field = match &e {
                Error::InvalidRate {
                    what: Quantity::DiscountRate,
                    ..
                } => Some("discount_rate"),
                Error::InvalidFunding {
                    what: Quantity::ServiceYears,
                    ..
                } => Some("service_years"),
                _ => None,
            };
            crate::input_serde::field_message(&e, field)
        };
        let f = Funding::new(d.sources, d.discount_rate).map_err(named)?;
        match d.service_years {
            Some(y) => f.with_service_years(y).map_err(named),
            None => Ok(f),
        }
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
    /// at zero, the horizon until all debt is repaid.
    ///
    /// ```
    /// use disburse::affordability::Funding;
    /// assert!(Funding::default().sources().is_empty());
    /// ```
    fn default() -> Self {
        Funding {
            sources: Vec::new(),
            discount_rate: 0.0,
            service_years: None,
        }
    }
}

impl Funding {
    /// Sources in the order they are drawn (may be empty: everything is
    /// then unfunded) and the discount rate for the cost of the debt.
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a coupon, swap rate or discount rate that
    /// is not finite or at or below −100% (see [`Rate`]);
    /// [`Error::InvalidFunding`] for a negative budget, borrowing limit or
    /// swap limit, a tenor outside 1 to 100 years, more than 100 rollovers;
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
            s.validate()?;
            match s {
                FundingSource::StockIncome => income += 1,
                FundingSource::StockPrincipal => principal += 1,
                _ => {}
            }
            if income > 1 || principal > 1 {
                return Err(Error::DuplicateFundingSource { listed: s.clone() });
            }
        }
        Ok(Funding {
            sources,
            discount_rate,
            service_years: None,
        })
    }

    /// The sources, in order.
    ///
    /// ```
    /// use disburse::affordability::{Funding, FundingSource};
    /// let f = Funding::new(vec![FundingSource::StockIncome], 0.0)?;
    /// assert_eq!(f.sources(), [FundingSource::StockIncome]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn sources(&self) -> &[FundingSource] {
        &self.sources
    }

    /// The annual rate at which debt service is discounted.
    ///
    /// ```
    /// use disburse::affordability::Funding;
    /// assert_eq!(Funding::new(vec![], 0.045)?.discount_rate(), 0.045);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn discount_rate(&self) -> f64 {
        self.discount_rate
    }

    /// Ends the horizon exactly `years` years after the last outlay year
    /// instead of when all debt is repaid; debt outstanding then is
    /// reported and included in the total funding cost.
    ///
    /// # Errors
    /// [`Error::InvalidFunding`] for more than
    /// [`MAX_DEBT_SERVICE_YEARS`] years.
    ///
    /// ```
    /// use disburse::affordability::Funding;
    /// assert_eq!(Funding::new(vec![], 0.04)?.with_service_years(20)?.service_years(), Some(20));
    /// assert!(Funding::new(vec![], 0.04)?.with_service_years(101).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn with_service_years(mut self, years: u32) -> Result<Self> {
        if years > MAX_DEBT_SERVICE_YEARS {
            return Err(Error::InvalidFunding {
                what: Quantity::ServiceYears,
                value: Value::from(years),
                bound: Bound::AtMost(Value::from(MAX_DEBT_SERVICE_YEARS)),
            });
        }
        self.service_years = Some(years);
        Ok(self)
    }

    /// Years of debt service after the last outlay, when fixed; `None`:
    /// until all debt is repaid.
    ///
    /// ```
    /// use disburse::affordability::Funding;
    /// assert_eq!(Funding::default().service_years(), None);
    /// ```
    pub fn service_years(&self) -> Option<u32> {
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
        )?;
        if let Some(y) = self.service_years {
            write!(f, "; serviced for {y} years after the last outlay")?;
        }
        Ok(())
    }
}

/// How a year's need (outlay plus debt service) was met, in the payer's
/// currency (amounts in the outlays' currency at the year's rate). The
/// parts sum exactly to the need.
///
/// ```
/// use disburse::affordability::FundingBreakdown;
/// use disburse::Currency;
/// assert!(FundingBreakdown::zero(Currency::USD).total()?.is_zero());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FundingBreakdown {
    /// From current income: the stock's income and inflows, and budgets.
    pub from_income: Money,
    /// New borrowing.
    pub borrowed: Money,
    /// Drawn on swap lines.
    pub from_swap: Money,
    /// Drawn from the stock's principal.
    pub from_principal: Money,
    /// Paid from the instruments' receipts (loan interest and repayments,
    /// guarantee fees, recoveries) of the year and those carried from
    /// earlier years; zero for a plan of cash or equity only.
    #[serde(default = "zero_usd")]
    pub from_receipts: Money,
    /// Not funded (negative for a net receipt, from a negative coupon).
    pub unfunded: Money,
}

impl FundingBreakdown {
    /// All parts zero.
    ///
    /// ```
    /// use disburse::affordability::FundingBreakdown;
    /// use disburse::Currency;
    /// assert!(FundingBreakdown::zero(Currency::KRW).borrowed.is_zero());
    /// ```
    pub fn zero(currency: Currency) -> Self {
        let z = Money::zero(currency);
        FundingBreakdown {
            from_income: z,
            borrowed: z,
            from_swap: z,
            from_principal: z,
            from_receipts: z,
            unfunded: z,
        }
    }

    /// The sum of the parts: the need.
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
            .checked_add(self.from_swap)?
            .checked_add(self.from_principal)?
            .checked_add(self.from_receipts)?
            .checked_add(self.unfunded)
    }
}

/// The serde default of a field added after the first release: zero (in
/// dollars; a report written before it has no receipts).
fn zero_usd() -> Money {
    Money::zero(Currency::USD)
}

fn add(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
    a.checked_add(b).ok_or_else(|| Error::overflow(what))
}

fn sub(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
    a.checked_sub(b).ok_or_else(|| Error::overflow(what))
}

fn mul(a: Decimal, b: Decimal, what: &'static str) -> Result<Decimal> {
    a.checked_mul(b).ok_or_else(|| Error::overflow(what))
}

/// The two currencies of an assessment and the year's rate between them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Currencies {
    /// The payer's currency.
    pub(crate) payer: Currency,
    /// The outlays' currency.
    pub(crate) outlay: Currency,
}

impl Currencies {
    /// Whether an amount in `c` is "foreign": in the outlays' currency
    /// where that differs from the payer's. Errors for a third currency.
    pub(crate) fn foreign(&self, c: Currency, source_name: &str, stock: bool) -> Result<bool> {
        if c == self.payer {
            Ok(false)
        } else if c == self.outlay {
            Ok(true)
        } else {
            Err(Error::SourceCurrency {
                source_name: source_name.to_string(),
                stock,
                found: c,
                payer: self.payer,
                outlay: self.outlay,
            })
        }
    }
}

/// A year's conversion from the outlays' currency to the payer's:
/// multiply by `rate` (the path is quoted OUTLAY/PAYER) or divide by it
/// (quoted PAYER/OUTLAY), so that either quotation is exact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Conv {
    pub(crate) rate: Decimal,
    pub(crate) divide: bool,
}

impl Conv {
    pub(crate) fn apply(&self, amount: Decimal) -> Option<Decimal> {
        if self.divide {
            amount.checked_div(self.rate)
        } else {
            amount.checked_mul(self.rate)
        }
    }

    fn unapply(&self, amount: Decimal) -> Option<Decimal> {
        if self.divide {
            amount.checked_mul(self.rate)
        } else {
            amount.checked_div(self.rate)
        }
    }
}

/// Converts cumulative foreign amounts to the payer's currency so that
/// the converted parts always sum to the conversion of their total: the
/// k-th part is `round(x·(a₁+…+a_k)) − round(x·(a₁+…+a_{k−1}))`.
#[derive(Debug, Clone, Copy)]
struct Telescope {
    rate: Option<Conv>,
    minor: u32,
    taken: Decimal,
    reported: Decimal,
}

impl Telescope {
    fn new(rate: Option<Conv>, minor: u32) -> Self {
        Telescope {
            rate,
            minor,
            taken: Decimal::ZERO,
            reported: Decimal::ZERO,
        }
    }

    fn convert(&self, amount: Decimal) -> Result<Decimal> {
        match self.rate {
            None => Ok(amount),
            Some(x) => Ok(Rounding::HalfEven.round(
                x.apply(amount).ok_or_else(|| Error::overflow("fx conversion"))?,
                self.minor,
            )),
        }
    }

    /// The payer-currency cost of taking `amount` more.
    fn cost(&self, amount: Decimal) -> Result<Decimal> {
        sub(
            self.convert(add(self.taken, amount, "fx conversion")?)?,
            self.reported,
            "fx conversion",
        )
    }

    fn take(&mut self, amount: Decimal) -> Result<Decimal> {
        let c = self.cost(amount)?;
        self.taken = add(self.taken, amount, "fx conversion")?;
        self.reported = add(self.reported, c, "fx conversion")?;
        Ok(c)
    }

    /// The most of `want` (in whole `foreign_minor` units unless all of it)
    /// whose cost is at most `budget`.
    fn most_within(&self, want: Decimal, budget: Decimal, foreign_minor: u32) -> Result<Decimal> {
        if self.cost(want)? <= budget {
            return Ok(want);
        }
        let Some(x) = self.rate else {
            return Ok(budget.min(want));
        };
        let target = add(self.reported, budget, "fx conversion")?;
        let guess = x
            .unapply(target)
            .and_then(|v| v.checked_sub(self.taken))
            .ok_or_else(|| Error::overflow("fx conversion"))?;
        let unit = Decimal::new(1, foreign_minor);
        let mut o = guess
            .round_dp_with_strategy(foreign_minor, rust_decimal::RoundingStrategy::ToZero)
            .clamp(Decimal::ZERO, want);
        // The rounding of the conversion can put the guess a unit over or
        // under; a few steps settle it.
        for _ in 0..4 {
            if o > Decimal::ZERO && self.cost(o)? > budget {
                o = sub(o, unit, "fx conversion")?.max(Decimal::ZERO);
            } else {
                break;
            }
        }
        for _ in 0..4 {
            let next = add(o, unit, "fx conversion")?;
            if next < want && self.cost(next)? <= budget {
                o = next;
            } else {
                break;
            }
        }
        Ok(o)
    }
}

/// One debt: a year's issue of a borrowing source, or a swap drawing.
#[derive(Debug, Clone)]
struct Debt {
    source: usize,
    foreign: bool,
    rate: Decimal,
    original: Decimal,
    balance: Decimal,
    issued: i32,
    tenor: u32,
    profile: DebtProfile,
    /// Year the balance (bullet) or the last part (amortising) falls due.
    maturity: i32,
    rollovers_left: u32,
}

impl Debt {
    /// Principal due in `year`, rolling a due swap drawing over instead
    /// while it may be.
    fn due(&mut self, year: i32, minor: u32) -> Result<Decimal> {
        match self.profile {
            DebtProfile::Bullet => {
                if year != self.maturity {
                    return Ok(Decimal::ZERO);
                }
                if self.rollovers_left > 0 {
                    self.rollovers_left -= 1;
                    self.maturity = self.maturity.saturating_add(self.tenor as i32);
                    return Ok(Decimal::ZERO);
                }
                Ok(self.balance)
            }
            DebtProfile::Amortising => {
                let k = i64::from(year) - i64::from(self.issued);
                if k < 1 || k > i64::from(self.tenor) {
                    return Ok(Decimal::ZERO);
                }
                if year == self.maturity {
                    return Ok(self.balance);
                }
                let t = Decimal::from(self.tenor);
                let cum = |k: i64| -> Result<Decimal> {
                    let v = mul(self.original, Decimal::from(k), "amortisation")?
                        .checked_div(t)
                        .ok_or_else(|| Error::overflow("amortisation"))?;
                    Ok(v.round_dp_with_strategy(minor, rust_decimal::RoundingStrategy::ToZero))
                };
                Ok(sub(cum(k)?, cum(k - 1)?, "amortisation")?.min(self.balance))
            }
        }
    }
}

/// The funding engine's state between years: the stock's level and the
/// debts.
#[derive(Debug, Clone)]
pub(crate) struct FundingState {
    currencies: Currencies,
    stock_foreign: bool,
    pub(crate) stock_level: Option<Decimal>,
    debts: Vec<Debt>,
    /// Receipts not yet used, in the outlays' currency (kept when the
    /// stock is not held in that currency; earning nothing).
    receipts_carried: Decimal,
}

/// What one year of the engine did. Amounts in the payer's currency unless
/// said otherwise.
#[derive(Debug, Clone)]
pub(crate) struct YearFunding {
    pub(crate) breakdown: FundingBreakdown,
    /// The outlay converted.
    pub(crate) outlay_payer: Money,
    pub(crate) interest: Money,
    pub(crate) principal_repaid: Money,
    pub(crate) debt_after: Money,
    /// Payer-currency funds converted into the outlays' currency.
    pub(crate) converted: Money,
    /// Drawn from the stock (income and principal), converted.
    pub(crate) stock_drawn: Money,
    /// The stock at the end of the year, in its own currency.
    pub(crate) stock_after: Option<Money>,
    /// The stock's floor this year, in its own currency.
    pub(crate) stock_floor: Option<Money>,
    /// Whether any debt is left.
    pub(crate) debt_left: bool,
    /// The part of the outlay not paid from receipts, converted (what an
    /// outlay limit counts; the outlay itself without receipts).
    pub(crate) net_outlay_payer: Money,
    /// Receipts added to the stock this year (outlays' currency).
    pub(crate) receipts_to_stock: Decimal,
    /// Receipts carried to the next year (outlays' currency).
    pub(crate) receipts_carried: Decimal,
}

/// The year's inputs that do not change with the sources.
#[derive(Debug, Clone, Copy)]
pub(crate) struct YearInputs {
    pub(crate) year: i32,
    /// The outlay, in the outlays' currency.
    pub(crate) outlay: Decimal,
    /// The conversion from the outlays' currency to the payer's; `None`
    /// when they are the same currency.
    pub(crate) rate: Option<Conv>,
    /// The most payer-currency funds that may be converted this year.
    pub(crate) conversion_room: Option<Decimal>,
    /// The instruments' receipts of the year, in the outlays' currency.
    pub(crate) receipts: Decimal,
}

/// The running totals of one year, per need.
struct Needs {
    /// The foreign need left (outlays' currency).
    foreign: Decimal,
    /// The domestic need left (payer's currency).
    domestic: Decimal,
    telescope: Telescope,
    converted: Decimal,
    room: Option<Decimal>,
    foreign_minor: u32,
}

impl Needs {
    /// Draws up to `avail` (in the source's currency; `None` = unlimited)
    /// from a source. Returns (drawn in the source's currency, payer
    /// equivalent).
    fn draw(&mut self, foreign: bool, avail: Option<Decimal>) -> Result<(Decimal, Decimal)> {
        let cap = |want: Decimal| avail.map_or(want, |a| want.min(a.max(Decimal::ZERO)));
        if foreign {
            let take = cap(self.foreign);
            self.foreign = sub(self.foreign, take, "need")?;
            let p = self.telescope.take(take)?;
            return Ok((take, p));
        }
        // Domestic: the domestic need directly, then the foreign need by
        // converting within the room.
        let direct = cap(self.domestic);
        self.domestic = sub(self.domestic, direct, "need")?;
        let mut drawn = direct;
        let left = avail.map(|a| a - direct);
        if self.foreign > Decimal::ZERO {
            let budget = match (left, self.room) {
                (Some(a), Some(r)) => Some(a.min(r)),
                (Some(a), None) => Some(a),
                (None, Some(r)) => Some(r),
                (None, None) => None,
            };
            let o = match budget {
                None => self.foreign,
                Some(b) => self
                    .telescope
                    .most_within(self.foreign, b.max(Decimal::ZERO), self.foreign_minor)?,
            };
            if o > Decimal::ZERO {
                let p = self.telescope.take(o)?;
                self.foreign = sub(self.foreign, o, "need")?;
                if self.telescope.rate.is_some() {
                    self.converted = add(self.converted, p, "conversion")?;
                    if let Some(r) = &mut self.room {
                        *r = sub(*r, p, "conversion")?;
                    }
                }
                drawn = add(drawn, p, "need")?;
            }
        }
        Ok((drawn, drawn))
    }
}

/// The stock's level at the start of `first_year` as the engine starts it
/// (rolled forward from its start year), for the risk engine's compiled
/// programs.
#[cfg(feature = "risk")]
pub(crate) fn stock_start_level(
    payer: Currency,
    outlay: Currency,
    stock: Option<&Stock>,
    funding: &Funding,
    first_year: i32,
) -> Result<Option<Decimal>> {
    Ok(FundingState::start(Currencies { payer, outlay }, stock, funding, first_year)?.level())
}

impl FundingState {
    pub(crate) fn start(
        currencies: Currencies,
        stock: Option<&Stock>,
        funding: &Funding,
        first_year: i32,
    ) -> Result<Self> {
        for s in &funding.sources {
            if let FundingSource::Borrowing { currency: Some(c), .. } = s {
                currencies.foreign(*c, &s.to_string(), false)?;
            }
        }
        let (stock_level, stock_foreign) = match stock {
            None => (None, false),
            Some(s) => {
                let foreign = currencies.foreign(s.currency.unwrap_or(currencies.payer), &s.name, true)?;
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
                let mu = s.currency.unwrap_or(currencies.payer).minor_units();
                let mut level = s.level;
                for _ in 0..gap {
                    level = s.roll_forward(level, mu)?;
                }
                (Some(level), foreign)
            }
        };
        Ok(FundingState {
            currencies,
            stock_foreign,
            stock_level,
            debts: Vec::new(),
            receipts_carried: Decimal::ZERO,
        })
    }

    pub(crate) fn level(&self) -> Option<Decimal> {
        self.stock_level
    }

    /// Whether any debt is outstanding.
    pub(crate) fn has_debt(&self) -> bool {
        self.debts.iter().any(|d| !d.balance.is_zero())
    }

    /// The last year in which a debt outstanding now falls due (after all
    /// its rollovers), if any debt is outstanding.
    pub(crate) fn final_due(&self) -> Option<i64> {
        self.debts
            .iter()
            .filter(|d| !d.balance.is_zero())
            .map(|d| i64::from(d.maturity) + i64::from(d.tenor) * i64::from(d.rollovers_left))
            .max()
    }

    /// Whether anything needs the year's FX rate besides the outlay: debt
    /// or a stock in the outlays' currency.
    pub(crate) fn holds_foreign(&self) -> bool {
        self.stock_foreign
            || self.receipts_carried > Decimal::ZERO
            || self.debts.iter().any(|d| d.foreign && !d.balance.is_zero())
    }

    /// Debt outstanding in the payer's currency at `rate`.
    pub(crate) fn debt_payer(&self, rate: Option<Conv>) -> Result<Decimal> {
        let minor = u32::from(self.currencies.payer.minor_units());
        let mut foreign = Decimal::ZERO;
        let mut domestic = Decimal::ZERO;
        for d in &self.debts {
            if d.foreign {
                foreign = add(foreign, d.balance, "debt")?;
            } else {
                domestic = add(domestic, d.balance, "debt")?;
            }
        }
        add(domestic, Telescope::new(rate, minor).convert(foreign)?, "debt")
    }

    #[cfg(test)]
    pub(crate) fn fund_year(
        &mut self,
        input: YearInputs,
        stock: Option<&Stock>,
        funding: &Funding,
    ) -> Result<YearFunding> {
        self.fund_year_shocked(input, stock, funding, YearShock::NONE)
    }

    /// One year of the engine; `shock` shifts the rate of new debt and the
    /// stock's yield ([`YearShock::NONE`]: the deterministic year).
    pub(crate) fn fund_year_shocked(
        &mut self,
        input: YearInputs,
        stock: Option<&Stock>,
        funding: &Funding,
        shock: YearShock,
    ) -> Result<YearFunding> {
        let payer = self.currencies.payer;
        let pm = u32::from(payer.minor_units());
        let fm = u32::from(self.currencies.outlay.minor_units());
        let rate = if self.currencies.payer == self.currencies.outlay {
            None
        } else {
            input.rate
        };
        let is_foreign = |f: bool| f && rate.is_some();

        // 1. Debt service falling due, in each debt's currency.
        let (mut int_f, mut int_d, mut prin_f, mut prin_d) =
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let mut swap_balance = vec![Decimal::ZERO; funding.sources.len()];
        for d in &mut self.debts {
            let minor = if is_foreign(d.foreign) { fm } else { pm };
            let interest = if input.year > d.issued {
                Rounding::HalfEven.round(mul(d.balance, d.rate, "interest")?, minor)
            } else {
                Decimal::ZERO
            };
            let due = d.due(input.year, minor)?;
            if let Some(b) = swap_balance.get_mut(d.source) {
                if matches!(funding.sources[d.source], FundingSource::SwapLine { .. }) {
                    *b = add(*b, d.balance, "swap balance")?;
                }
            }
            d.balance = sub(d.balance, due, "debt")?;
            if is_foreign(d.foreign) {
                int_f = add(int_f, interest, "interest")?;
                prin_f = add(prin_f, due, "principal")?;
            } else {
                int_d = add(int_d, interest, "interest")?;
                prin_d = add(prin_d, due, "principal")?;
            }
        }
        self.debts.retain(|d| !d.balance.is_zero());

        // 2. The needs, and their payer-currency equivalents (telescoped so
        // that outlay, interest and principal sum to the need exactly).
        let (outlay_f, outlay_d) = if rate.is_some() {
            (input.outlay, Decimal::ZERO)
        } else {
            (Decimal::ZERO, input.outlay)
        };
        let mut parts = Telescope::new(rate, pm);
        let outlay_payer = add(parts.take(outlay_f)?, outlay_d, "outlay")?;
        let interest_payer = add(parts.take(int_f)?, int_d, "interest")?;
        let principal_payer = add(parts.take(prin_f)?, prin_d, "principal")?;
        let need_f = add(add(outlay_f, int_f, "need")?, prin_f, "need")?;
        let need_d = add(add(outlay_d, int_d, "need")?, prin_d, "need")?;
        let need_payer = add(add(outlay_payer, interest_payer, "need")?, principal_payer, "need")?;

        // 3. The stock this year, in its own currency.
        let stock_minor = if is_foreign(self.stock_foreign) { fm } else { pm };
        let year_stock = match (stock, self.stock_level) {
            (Some(s), Some(level)) => Some(s.year_shifted(level, input.year, stock_minor, shock.rate_shift)?),
            _ => None,
        };
        let (mut income_avail, mut principal_avail) = year_stock.map_or((Decimal::ZERO, Decimal::ZERO), |y| {
            (y.income_available, y.principal_available)
        });

        // 4. The sources in order.
        let mut needs = Needs {
            foreign: need_f.max(Decimal::ZERO),
            domestic: need_d.max(Decimal::ZERO),
            telescope: Telescope::new(rate, pm),
            converted: Decimal::ZERO,
            room: input.conversion_room,
            foreign_minor: fm,
        };
        // 4a. The instruments' receipts (this year's and those carried)
        // pay first: the outlay, then the debt service in the outlays'
        // currency, then (sold at the year's rate) the debt service in the
        // payer's.
        let same = self.currencies.payer == self.currencies.outlay;
        let receipts_avail = add(self.receipts_carried, input.receipts, "receipts")?;
        let (receipts_native, from_receipts) = if receipts_avail > Decimal::ZERO && (same || rate.is_some()) {
            needs.draw(rate.is_some(), Some(receipts_avail))?
        } else {
            (Decimal::ZERO, Decimal::ZERO)
        };
        let net_outlay = sub(input.outlay, receipts_native.min(input.outlay), "outlay")?;
        let mut receipts_left = sub(receipts_avail, receipts_native, "receipts")?;
        let mut from_receipts = from_receipts;
        // Then the debt service in the payer's currency, selling receipts at
        // the year's rate (a sale of the outlays' currency: no conversion
        // limit counts it): the most whole minor units whose value fits.
        if rate.is_some() && receipts_left > Decimal::ZERO && needs.domestic > Decimal::ZERO {
            let mut sale = Telescope::new(rate, pm);
            let sold = sale.most_within(receipts_left, needs.domestic, fm)?;
            let value = sale.take(sold)?;
            needs.domestic = sub(needs.domestic, value, "need")?;
            from_receipts = add(from_receipts, value, "receipts")?;
            receipts_left = sub(receipts_left, sold, "receipts")?;
        }
        // Left over: into the stock when it is held in the outlays'
        // currency, else carried to the next year.
        let to_stock = match (stock, self.stock_level) {
            (Some(_), Some(_)) if same || is_foreign(self.stock_foreign) => receipts_left,
            _ => Decimal::ZERO,
        };
        self.receipts_carried = sub(receipts_left, to_stock, "receipts")?;
        let (mut from_income, mut borrowed, mut from_swap, mut from_principal) =
            (Decimal::ZERO, Decimal::ZERO, Decimal::ZERO, Decimal::ZERO);
        let (mut income_used, mut principal_used) = (Decimal::ZERO, Decimal::ZERO);
        let mut stock_drawn = Decimal::ZERO;
        for (i, source) in funding.sources.iter().enumerate() {
            if needs.foreign.is_zero() && needs.domestic.is_zero() {
                break;
            }
            match source {
                FundingSource::StockIncome | FundingSource::StockPrincipal => {
                    if year_stock.is_none() {
                        continue;
                    }
                    let income = matches!(source, FundingSource::StockIncome);
                    let avail = if income { income_avail } else { principal_avail };
                    let (native, p) = needs.draw(is_foreign(self.stock_foreign), Some(avail))?;
                    let p = if is_foreign(self.stock_foreign) { p } else { native };
                    stock_drawn = add(stock_drawn, p, "stock")?;
                    if income {
                        income_avail = sub(income_avail, native, "stock income")?;
                        income_used = add(income_used, native, "stock income")?;
                        from_income = add(from_income, p, "stock income")?;
                    } else {
                        principal_avail = sub(principal_avail, native, "stock principal")?;
                        principal_used = add(principal_used, native, "stock principal")?;
                        from_principal = add(from_principal, p, "stock principal")?;
                    }
                }
                FundingSource::Budget { amount_per_year } => {
                    let (native, _) = needs.draw(false, Some(*amount_per_year))?;
                    from_income = add(from_income, native, "budget")?;
                }
                FundingSource::Borrowing {
                    coupon,
                    limit_per_year,
                    currency,
                    tenor,
                    profile,
                } => {
                    let foreign = is_foreign(currency.is_some_and(|c| c != payer));
                    let (native, p) = needs.draw(foreign, *limit_per_year)?;
                    if native > Decimal::ZERO {
                        self.debts.push(Debt {
                            source: i,
                            foreign,
                            rate: shift_rate(f64_to_decimal(*coupon, Quantity::Coupon)?, shock.rate_shift),
                            original: native,
                            balance: native,
                            issued: input.year,
                            tenor: *tenor,
                            profile: *profile,
                            maturity: input.year.saturating_add(*tenor as i32),
                            rollovers_left: 0,
                        });
                    }
                    borrowed = add(borrowed, if foreign { p } else { native }, "borrowing")?;
                }
                FundingSource::SwapLine {
                    limit,
                    rate: swap_rate,
                    tenor,
                    rollovers,
                } => {
                    let foreign = rate.is_some();
                    let room = sub(*limit, swap_balance[i], "swap line")?.max(Decimal::ZERO);
                    let (native, p) = needs.draw(foreign, Some(room))?;
                    if native > Decimal::ZERO {
                        self.debts.push(Debt {
                            source: i,
                            foreign,
                            rate: shift_rate(f64_to_decimal(*swap_rate, Quantity::SwapRate)?, shock.rate_shift),
                            original: native,
                            balance: native,
                            issued: input.year,
                            tenor: *tenor,
                            profile: DebtProfile::Bullet,
                            maturity: input.year.saturating_add(*tenor as i32),
                            rollovers_left: *rollovers,
                        });
                    }
                    from_swap = add(from_swap, if foreign { p } else { native }, "swap line")?;
                }
            }
        }
        let drawn = add(
            add(
                add(add(from_income, borrowed, "need")?, from_swap, "need")?,
                from_principal,
                "need",
            )?,
            from_receipts,
            "need",
        )?;
        let unfunded = sub(need_payer, drawn, "need")?;

        // 5. The stock after the year.
        let (stock_after, stock_floor) = match (stock, year_stock) {
            (Some(s), Some(y)) => {
                let after = add(y.after(income_used, principal_used)?, to_stock, "stock")?;
                self.stock_level = Some(after);
                let c = s.currency.unwrap_or(payer);
                (Some(Money::new(after, c)), Some(Money::new(y.floor, c)))
            }
            _ => (None, None),
        };
        let m = |x: Decimal| Money::new(x, payer);
        Ok(YearFunding {
            breakdown: FundingBreakdown {
                from_income: m(from_income),
                borrowed: m(borrowed),
                from_swap: m(from_swap),
                from_principal: m(from_principal),
                from_receipts: m(from_receipts),
                unfunded: m(unfunded),
            },
            outlay_payer: m(outlay_payer),
            interest: m(interest_payer),
            principal_repaid: m(principal_payer),
            debt_after: m(self.debt_payer(rate)?),
            converted: m(needs.converted),
            stock_drawn: m(stock_drawn),
            stock_after,
            stock_floor,
            debt_left: self.has_debt(),
            net_outlay_payer: if net_outlay == input.outlay {
                m(outlay_payer)
            } else {
                m(Telescope::new(rate, pm).convert(net_outlay)?)
            },
            receipts_to_stock: to_stock,
            receipts_carried: self.receipts_carried,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn usd_only() -> Currencies {
        Currencies {
            payer: Currency::USD,
            outlay: Currency::USD,
        }
    }

    fn year(year: i32, outlay: Decimal) -> YearInputs {
        YearInputs {
            year,
            outlay,
            rate: None,
            conversion_room: None,
            receipts: Decimal::ZERO,
        }
    }

    #[test]
    fn korea_run_borrows_five_billion_a_year_and_interest_grows() {
        let stock = Stock::new("reserves", 2026, dec!(400e9), 0.0375);
        let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04).unwrap();
        let mut st = FundingState::start(usd_only(), Some(&stock), &funding, 2026).unwrap();
        let expected = [
            // interest, borrowed, debt after
            (dec!(0), dec!(5e9), dec!(5e9)),
            (dec!(0.2e9), dec!(5.2e9), dec!(10.2e9)),
            (dec!(0.408e9), dec!(5.408e9), dec!(15.608e9)),
        ];
        for (i, (interest, borrowed, debt)) in expected.into_iter().enumerate() {
            let y = st
                .fund_year(year(2026 + i as i32, dec!(20e9)), Some(&stock), &funding)
                .unwrap();
            assert_eq!(y.breakdown.from_income.amount(), dec!(15e9));
            assert_eq!(y.interest.amount(), interest);
            assert_eq!(y.breakdown.borrowed.amount(), borrowed);
            assert_eq!(y.debt_after.amount(), debt);
            assert!(y.breakdown.unfunded.is_zero());
            assert_eq!(y.stock_after.unwrap().amount(), dec!(400e9));
        }
    }

    #[test]
    fn bullet_bond_repaid_at_five_years_with_interest_funded_by_new_borrowing() {
        // Borrow 100 in 2026 at 5%, 5-year bullet, only borrowing as a
        // source. 2027–2030: interest 5, 5.25, 5.5125, 5.788125 → rounded
        // half-even to cents, each borrowed anew (its own 5-year bullet).
        // By hand: balance b₀ = 100; interest of year k = 5% of all debt at
        // its start; new debt = the interest; in 2031 the first 100 falls
        // due and is refinanced too.
        let funding = Funding::new(
            vec![FundingSource::Borrowing {
                coupon: 0.05,
                limit_per_year: None,
                currency: None,
                tenor: 5,
                profile: DebtProfile::Bullet,
            }],
            0.0,
        )
        .unwrap();
        let mut st = FundingState::start(usd_only(), None, &funding, 2026).unwrap();
        let y = st.fund_year(year(2026, dec!(100)), None, &funding).unwrap();
        assert_eq!(y.breakdown.borrowed.amount(), dec!(100));
        let mut debt = dec!(100);
        for (k, interest) in [dec!(5), dec!(5.25), dec!(5.51), dec!(5.79)].into_iter().enumerate() {
            let y = st.fund_year(year(2027 + k as i32, dec!(0)), None, &funding).unwrap();
            assert_eq!(y.interest.amount(), interest, "year {}", 2027 + k);
            assert!(y.principal_repaid.is_zero());
            assert_eq!(y.breakdown.borrowed.amount(), interest);
            debt += interest;
            assert_eq!(y.debt_after.amount(), debt);
        }
        // 2031: interest 5% of 121.55 = 6.0775 → 6.08; the 100 falls due.
        let y = st.fund_year(year(2031, dec!(0)), None, &funding).unwrap();
        assert_eq!(y.interest.amount(), dec!(6.08));
        assert_eq!(y.principal_repaid.amount(), dec!(100));
        assert_eq!(y.breakdown.borrowed.amount(), dec!(106.08));
        assert_eq!(y.debt_after.amount(), dec!(127.63));
        assert_eq!(y.breakdown.total().unwrap().amount(), dec!(106.08));
    }

    #[test]
    fn amortising_debt_is_repaid_in_equal_parts_from_income() {
        // Borrow 100 in 2026 at 0%, 3-year amortising; a budget of 50 a
        // year repays 33.33, 33.33, 33.34.
        let funding = Funding::new(
            vec![
                FundingSource::Budget {
                    amount_per_year: dec!(50),
                },
                FundingSource::Borrowing {
                    coupon: 0.0,
                    limit_per_year: None,
                    currency: None,
                    tenor: 3,
                    profile: DebtProfile::Amortising,
                },
            ],
            0.0,
        )
        .unwrap();
        let mut st = FundingState::start(usd_only(), None, &funding, 2026).unwrap();
        let y = st.fund_year(year(2026, dec!(150)), None, &funding).unwrap();
        assert_eq!(y.breakdown.borrowed.amount(), dec!(100));
        let repaid: Vec<_> = (2027..=2029)
            .map(|yr| st.fund_year(year(yr, dec!(0)), None, &funding).unwrap())
            .map(|y| {
                (
                    y.principal_repaid.amount(),
                    y.breakdown.from_income.amount(),
                    y.debt_left,
                )
            })
            .collect();
        assert_eq!(
            repaid,
            [
                (dec!(33.33), dec!(33.33), true),
                (dec!(33.33), dec!(33.33), true),
                (dec!(33.34), dec!(33.34), false)
            ]
        );
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
        let mut st = FundingState::start(usd_only(), Some(&stock), &funding, 2026).unwrap();
        // Need 35: 30 from the budget, 5 of the stock's 10 income; 5 income stays.
        let y = st.fund_year(year(2026, dec!(35)), Some(&stock), &funding).unwrap();
        assert_eq!(y.breakdown.from_income.amount(), dec!(35));
        assert!(y.breakdown.unfunded.is_zero());
        assert_eq!(y.stock_after.unwrap().amount(), dec!(105));
        // Need 50 next year: 30 budget (it does not carry over), 10.5 income, 9.5 unfunded.
        let y = st.fund_year(year(2027, dec!(50)), Some(&stock), &funding).unwrap();
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
        let mut st = FundingState::start(usd_only(), Some(&stock), &funding, 2026).unwrap();
        let y = st.fund_year(year(2026, dec!(50)), Some(&stock), &funding).unwrap();
        assert_eq!(y.breakdown.from_principal.amount(), dec!(40));
        assert_eq!(y.breakdown.unfunded.amount(), dec!(10));
        assert_eq!(y.stock_after.unwrap().amount(), dec!(60));
    }

    #[test]
    fn stock_rolls_forward_and_no_stock_gives_nothing() {
        let stock = Stock::new("r", 2026, dec!(100), 0.1).with_inflows(dec!(5));
        let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::StockPrincipal], 0.0).unwrap();
        let st = FundingState::start(usd_only(), Some(&stock), &funding, 2028).unwrap();
        // 100 → 115 → 131.5
        assert_eq!(st.level(), Some(dec!(131.5)));
        assert!(matches!(
            FundingState::start(usd_only(), Some(&stock), &funding, 2025),
            Err(Error::StockNotStarted { .. })
        ));
        let mut none = FundingState::start(usd_only(), None, &funding, 2026).unwrap();
        let y = none.fund_year(year(2026, dec!(7)), None, &funding).unwrap();
        assert_eq!(y.breakdown.unfunded.amount(), dec!(7));
        assert!(y.stock_after.is_none());
    }

    #[test]
    fn half_reserve_income_in_dollars_half_converted_won_against_a_won_cap() {
        // Payer KRW, outlay $20 at 1,430 won: reserves (USD) give $10 of
        // income; the budget (won) pays the other $10 by converting
        // ₩14,300 — within a ₩20,000 conversion cap. With a ₩7,150 cap only
        // $5 can be converted and $5 (₩7,150) is unfunded.
        let cur = Currencies {
            payer: Currency::KRW,
            outlay: Currency::USD,
        };
        let stock = Stock::new("reserves", 2026, dec!(100), 0.1).in_currency(Currency::USD);
        let funding = Funding::new(
            vec![
                FundingSource::StockIncome,
                FundingSource::Budget {
                    amount_per_year: dec!(1_000_000),
                },
            ],
            0.0,
        )
        .unwrap();
        let input = |room| YearInputs {
            year: 2026,
            outlay: dec!(20),
            rate: Some(Conv {
                rate: dec!(1430),
                divide: false,
            }),
            conversion_room: Some(room),
            receipts: Decimal::ZERO,
        };
        let mut st = FundingState::start(cur, Some(&stock), &funding, 2026).unwrap();
        let y = st.fund_year(input(dec!(20_000)), Some(&stock), &funding).unwrap();
        assert_eq!(y.outlay_payer.amount(), dec!(28_600));
        assert_eq!(y.breakdown.from_income.amount(), dec!(28_600));
        assert_eq!(y.converted.amount(), dec!(14_300));
        assert_eq!(y.stock_drawn.amount(), dec!(14_300));
        assert!(y.breakdown.unfunded.is_zero());
        // Reserves: 100 + 10 income − 10 drawn = $100.
        assert_eq!(y.stock_after.unwrap(), Money::new(dec!(100), Currency::USD));
        let mut st = FundingState::start(cur, Some(&stock), &funding, 2026).unwrap();
        let y = st.fund_year(input(dec!(7_150)), Some(&stock), &funding).unwrap();
        assert_eq!(y.converted.amount(), dec!(7_150));
        assert_eq!(y.breakdown.unfunded.amount(), dec!(7_150));
        assert_eq!(y.breakdown.total().unwrap().amount(), dec!(28_600));
    }

    #[test]
    fn swap_line_drawn_rolled_once_and_repaid() {
        // A $10 swap line at 2%, 1-year drawings, one rollover. 2026: $10
        // drawn. 2027: interest $0.20 (paid from the budget), the drawing
        // rolls over. 2028: interest $0.20 and the $10 falls due; the line
        // has no room (its balance at the start of 2028 is $10), so the
        // budget pays $10.20.
        let funding = Funding::new(
            vec![
                FundingSource::swap_line(dec!(10), 0.02, 1, 1),
                FundingSource::Budget {
                    amount_per_year: dec!(100),
                },
            ],
            0.0,
        )
        .unwrap();
        let mut st = FundingState::start(usd_only(), None, &funding, 2026).unwrap();
        let y = st.fund_year(year(2026, dec!(10)), None, &funding).unwrap();
        assert_eq!(y.breakdown.from_swap.amount(), dec!(10));
        let y = st.fund_year(year(2027, dec!(0)), None, &funding).unwrap();
        assert_eq!(
            (y.interest.amount(), y.principal_repaid.amount(), y.debt_after.amount()),
            (dec!(0.20), dec!(0), dec!(10))
        );
        assert!(y.breakdown.from_swap.is_zero());
        let y = st.fund_year(year(2028, dec!(0)), None, &funding).unwrap();
        assert_eq!(
            (y.interest.amount(), y.principal_repaid.amount(), y.debt_after.amount()),
            (dec!(0.20), dec!(10), dec!(0))
        );
        assert_eq!(y.breakdown.from_income.amount(), dec!(10.20));
        assert!(y.breakdown.from_swap.is_zero());
        assert!(!y.debt_left);
    }

    #[test]
    fn limited_borrowing_and_validation() {
        let funding = Funding::new(
            vec![FundingSource::Borrowing {
                coupon: 0.05,
                limit_per_year: Some(dec!(3)),
                currency: None,
                tenor: 10,
                profile: DebtProfile::Bullet,
            }],
            0.0,
        )
        .unwrap();
        let mut st = FundingState::start(usd_only(), None, &funding, 2026).unwrap();
        let y = st.fund_year(year(2026, dec!(10)), None, &funding).unwrap();
        assert_eq!(y.breakdown.borrowed.amount(), dec!(3));
        assert_eq!(y.breakdown.unfunded.amount(), dec!(7));
        let y = st.fund_year(year(2027, dec!(0)), None, &funding).unwrap();
        assert_eq!(y.interest.amount(), dec!(0.15));
        assert_eq!(y.breakdown.borrowed.amount(), dec!(0.15));
        let bad = |s: FundingSource| Funding::new(vec![s], 0.0).unwrap_err().to_string();
        assert_eq!(
            bad(FundingSource::Borrowing {
                coupon: 0.05,
                limit_per_year: Some(dec!(-1)),
                currency: None,
                tenor: 10,
                profile: DebtProfile::Bullet,
            }),
            "invalid funding: borrowing limit must not be negative, got -1"
        );
        assert_eq!(
            bad(FundingSource::Borrowing {
                coupon: 0.05,
                limit_per_year: None,
                currency: None,
                tenor: 0,
                profile: DebtProfile::Bullet,
            }),
            "invalid funding: debt tenor must be 1 to 100, got 0"
        );
        assert_eq!(
            bad(FundingSource::swap_line(dec!(-1), 0.0, 1, 0)),
            "invalid funding: swap line limit must not be negative, got -1"
        );
        assert_eq!(
            bad(FundingSource::swap_line(dec!(1), 0.0, 1, 101)),
            "invalid funding: rollovers must be at most 100, got 101"
        );
        assert!(Funding::new(vec![], f64::NAN).is_err());
        assert!(Funding::new(vec![FundingSource::StockPrincipal, FundingSource::StockPrincipal], 0.0).is_err());
        let json = serde_json::to_string(&funding).unwrap();
        assert_eq!(serde_json::from_str::<Funding>(&json).unwrap(), funding);
        assert!(serde_json::from_str::<Funding>(r#"{"sources":[],"discount_rate":-2}"#).is_err());
        // A source's check names its field first (a document reader
        // places the error there); a swap line's rate is its rate.
        for (source, message) in [
            (
                r#"{"kind":"swap_line","limit":"1e9","rate":-1.5,"tenor":1}"#,
                "field `rate`: invalid rate -1.5: swap line rate must be above -100%",
            ),
            (
                r#"{"kind":"swap_line","limit":"-1","rate":0.01,"tenor":1}"#,
                "field `limit`: invalid funding: swap line limit must not be negative, got -1",
            ),
            (
                r#"{"kind":"borrowing","coupon":-2}"#,
                "field `coupon`: invalid rate -2: coupon must be above -100%",
            ),
            (
                r#"{"kind":"borrowing","coupon":0.04,"limit_per_year":"-5"}"#,
                "field `limit_per_year`: invalid funding: borrowing limit must not be negative, got -5",
            ),
            (
                r#"{"kind":"budget","amount_per_year":"-3"}"#,
                "field `amount_per_year`: invalid funding: budget must not be negative, got -3",
            ),
        ] {
            let json = format!(r#"{{"sources":[{source}],"discount_rate":0.04}}"#);
            let e = serde_json::from_str::<Funding>(&json).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
        for (json, message) in [
            (
                r#"{"sources":[],"discount_rate":-2}"#,
                "field `discount_rate`: invalid rate -2: discount rate must be above -100%",
            ),
            (
                r#"{"sources":[],"discount_rate":0.04,"service_years":1000}"#,
                "field `service_years`: invalid funding: service years must be at most 100, got 1000",
            ),
        ] {
            let e = serde_json::from_str::<Funding>(json).unwrap_err().to_string();
            assert!(e.starts_with(message), "{e}");
        }
        let d: Funding =
            serde_json::from_str(r#"{"sources":[{"kind":"borrowing","coupon":0.04}],"discount_rate":0.04}"#).unwrap();
        assert_eq!(d.sources()[0], FundingSource::borrowing(0.04));
        // A tenor is whole years, as a number or as "10Y".
        let y: Funding = serde_json::from_str(
            r#"{"sources":[{"kind":"borrowing","coupon":0.04,"tenor":"10Y"},{"kind":"swap_line","limit":"1","rate":0.0,"tenor":"2y"}],"discount_rate":0.04}"#,
        )
        .unwrap();
        assert!(matches!(y.sources()[0], FundingSource::Borrowing { tenor: 10, .. }));
        assert!(matches!(y.sources()[1], FundingSource::SwapLine { tenor: 2, .. }));
        let bad = serde_json::from_str::<Funding>(
            r#"{"sources":[{"kind":"borrowing","coupon":0.04,"tenor":"6M"}],"discount_rate":0.04}"#,
        )
        .unwrap_err();
        assert!(
            bad.to_string().contains("invalid tenor `6M`: expected whole years"),
            "{bad}"
        );
        // A number that is not a whole count of years names itself (serde's
        // untagged reader said only "data did not match any variant").
        for (tenor, shown) in [("-1", "-1"), ("2.5", "2.5"), ("1e30", "1e30")] {
            let bad = serde_json::from_str::<Funding>(&format!(
                r#"{{"sources":[{{"kind":"borrowing","coupon":0.04,"tenor":{tenor}}}],"discount_rate":0.04}}"#
            ))
            .unwrap_err();
            assert!(
                bad.to_string()
                    .starts_with(&format!("invalid tenor {shown}: expected whole years, `10` or \"10Y\"")),
                "{bad}"
            );
        }
        assert!(serde_json::from_str::<Funding>(r#"{"sources":[],"discount_rate":0.04,"service_years":101}"#).is_err());
    }

    #[test]
    fn a_third_currency_is_refused() {
        let funding = Funding::new(
            vec![FundingSource::Borrowing {
                coupon: 0.05,
                limit_per_year: None,
                currency: Some(Currency::EUR),
                tenor: 10,
                profile: DebtProfile::Bullet,
            }],
            0.0,
        )
        .unwrap();
        let err = FundingState::start(usd_only(), None, &funding, 2026).unwrap_err();
        assert!(
            matches!(
                err,
                Error::SourceCurrency {
                    found: Currency::EUR,
                    stock: false,
                    ..
                }
            ),
            "{err}"
        );
        assert_eq!(
            err.to_string(),
            "funding source `borrowing at 5% in EUR, 10-year bullet` is in EUR, but must be in the payer's currency \
             USD or the outlays' USD"
        );
        // A stock is named as one.
        let stock = crate::affordability::Stock::new("reserves", 2026, rust_decimal_macros::dec!(1), 0.0)
            .in_currency(Currency::EUR);
        let none = Funding::new(vec![], 0.0).unwrap();
        let err = FundingState::start(usd_only(), Some(&stock), &none, 2026).unwrap_err();
        assert_eq!(
            err.to_string(),
            "stock `reserves` is in EUR, but must be in the payer's currency USD or the outlays' USD"
        );
    }
}
