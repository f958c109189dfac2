//! Return sharing: the profit-split waterfall of the 2025 strategic
//! investment deals.
//!
//! The Korea–US and Japan–US deals of 2025 share project profits 50:50
//! until the investor (Korea, Japan) has recovered its principal plus a
//! deemed interest, then 10:90 in favour of the US host (Asia Economy,
//! 2025-10-29; MBC, 2025-11-14; CSIS and St. Louis Fed, 2025-11). The
//! Korea–US text adds that the split may be adjusted if recovery within 20
//! years is not reasonably apparent (Newspim, 2025-11-14).
//!
//! [`share_returns`] runs that waterfall over an investor's outlays and the
//! project's flows ([`ProjectFlows`]) under a [`Waterfall`] of two
//! [`Split`]s, and reports who receives what and when in a
//! [`WaterfallResult`]. Every split goes through [`allocate`](crate::allocate),
//! so investor and host shares always add up exactly, to the minor unit, to
//! the project flow they divide.
//!
//! ```
//! use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
//! use disburse::{CashFlow, Currency, Money, Schedule};
//! use chrono::NaiveDate;
//! use rust_decimal_macros::dec;
//!
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let outlay = Schedule::new(Currency::USD, vec![CashFlow::new(jan1, Money::new(dec!(100), Currency::USD), "cash")])?;
//! // Assumptions: a 10% yield for 30 years, no deemed interest.
//! let project = ProjectFlows::yield_on_capital(0.10, 30)?;
//! let result = share_returns(&outlay, &project, &Waterfall::korea_us_2025(0.0)?)?;
//! // The investor's 50% of $10 a year repays $100 after 20 years.
//! assert_eq!(result.recovery_date(), NaiveDate::from_ymd_opt(2046, 1, 1));
//! assert_eq!(result.investor_inflows().total()?, Money::new(dec!(110), Currency::USD));
//! assert_eq!(result.host_inflows().total()?, Money::new(dec!(190), Currency::USD));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::plan::{MAX_PLAN_YEARS, positive_whole};
use crate::rates::{FlatCurve, InterestRate, Rate};
use crate::time::{DayCount, Tenor};
use crate::valuation::kernel::to_decimal;
use crate::valuation::{Roots, present_value, xirr};
use crate::{Bound, CashFlow, Currency, Error, Money, Quantity, Result, Rounding, Schedule, Value, allocate};

/// Label of the flows shared before recovery.
const BEFORE_LABEL: &str = "before recovery";
/// Label of the flows shared after recovery.
const AFTER_LABEL: &str = "after recovery";
/// Label of generated project flows.
const PROJECT_LABEL: &str = "project";

// ---------------------------------------------------------------------------
// Project flows
// ---------------------------------------------------------------------------

/// The flows a project pays out, to be shared between investor and host.
///
/// - [`ProjectFlows::Yield`]: on each of the first `years` anniversaries of
///   the first outlay, `rate` times the capital deployed by then (the
///   cumulative outlays dated on or before the anniversary), rounded half
///   to even to minor units. Anniversaries of February 29 fall on
///   February 28 in common years.
/// - [`ProjectFlows::Explicit`]: flows given by the user, in the outlays'
///   currency, in whole minor units, none before the first outlay (any
///   sign: a negative flow is a loss shared by the same split).
///
/// Serialized as `{"yield": {"rate": 0.08, "years": 30}}` or
/// `{"explicit": {"currency": "USD", "flows": [...]}}`, validated on
/// deserialization.
///
/// ```
/// use disburse::affordability::ProjectFlows;
///
/// let p = ProjectFlows::yield_on_capital(0.08, 30)?;
/// assert_eq!(p, ProjectFlows::Yield { rate: 0.08, years: 30 });
/// let json = serde_json::to_string(&p)?;
/// assert_eq!(json, r#"{"yield":{"rate":0.08,"years":30}}"#);
/// assert!(serde_json::from_str::<ProjectFlows>(r#"{"yield":{"rate":0.08,"years":0}}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ProjectFlowsData", into = "ProjectFlowsData")]
pub enum ProjectFlows {
    /// A yearly yield on the capital deployed.
    Yield {
        /// The annual yield (`0.08` for 8%), finite and above −100%.
        rate: f64,
        /// The number of yearly payments, 1 to 1,000.
        years: u32,
    },
    /// Flows given explicitly.
    Explicit(Schedule),
}

#[derive(Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
enum ProjectFlowsData {
    Yield { rate: f64, years: u32 },
    Explicit(Schedule),
}

impl TryFrom<ProjectFlowsData> for ProjectFlows {
    type Error = Error;
    fn try_from(d: ProjectFlowsData) -> Result<Self> {
        match d {
            ProjectFlowsData::Yield { rate, years } => ProjectFlows::yield_on_capital(rate, years),
            ProjectFlowsData::Explicit(s) => ProjectFlows::explicit(s),
        }
    }
}

impl From<ProjectFlows> for ProjectFlowsData {
    fn from(p: ProjectFlows) -> Self {
        match p {
            ProjectFlows::Yield { rate, years } => ProjectFlowsData::Yield { rate, years },
            ProjectFlows::Explicit(s) => ProjectFlowsData::Explicit(s),
        }
    }
}

/// Checks an annual rate: finite and above −100% (see [`Rate`]).
fn check_rate(rate: f64, what: Quantity) -> Result<()> {
    Rate::new(what, rate).map(|_| ())
}

impl ProjectFlows {
    /// A yearly yield of `rate` on the capital deployed, paid on the first
    /// `years` anniversaries of the first outlay.
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a rate that is not
    /// finite or at or below −100%; [`Error::ZeroCount`] for zero years;
    /// [`Error::OutOfRange`] for more than 1,000 years.
    ///
    /// ```
    /// use disburse::affordability::ProjectFlows;
    /// use disburse::Error;
    ///
    /// assert!(ProjectFlows::yield_on_capital(0.05, 20).is_ok());
    /// assert!(matches!(ProjectFlows::yield_on_capital(0.05, 0), Err(Error::ZeroCount { .. })));
    /// assert!(matches!(ProjectFlows::yield_on_capital(-1.0, 5), Err(Error::InvalidRate { .. })));
    /// assert!(matches!(ProjectFlows::yield_on_capital(f64::NAN, 5), Err(Error::InvalidRate { .. })));
    /// ```
    pub fn yield_on_capital(rate: f64, years: u32) -> Result<ProjectFlows> {
        let p = ProjectFlows::Yield { rate, years };
        p.validate()?;
        Ok(p)
    }

    /// Explicit project flows. Their currency is checked against the
    /// outlays' when the waterfall runs.
    ///
    /// # Errors
    /// [`Error::NotWholeMinorUnits`] when a flow is not a whole number of
    /// minor units.
    ///
    /// ```
    /// use disburse::affordability::ProjectFlows;
    /// use disburse::{CashFlow, Currency, Money, Schedule};
    /// use rust_decimal_macros::dec;
    ///
    /// let d = chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
    /// let ok = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(12.5), Currency::USD), "p")])?;
    /// assert!(ProjectFlows::explicit(ok).is_ok());
    /// let bad = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(0.005), Currency::USD), "p")])?;
    /// assert!(ProjectFlows::explicit(bad).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn explicit(flows: Schedule) -> Result<ProjectFlows> {
        let p = ProjectFlows::Explicit(flows);
        p.validate()?;
        Ok(p)
    }

    /// Checks the invariants documented on the type that do not depend on
    /// the outlays.
    fn validate(&self) -> Result<()> {
        match self {
            ProjectFlows::Yield { rate, years } => {
                check_rate(*rate, Quantity::ProjectYield)?;
                if *years == 0 {
                    return Err(Error::ZeroCount {
                        what: Quantity::ProjectYears,
                    });
                }
                if *years > MAX_PLAN_YEARS {
                    return Err(Error::out_of_range(
                        Quantity::ProjectYears,
                        *years,
                        Bound::AtMost(Value::from(MAX_PLAN_YEARS)),
                    ));
                }
                Ok(())
            }
            ProjectFlows::Explicit(s) => {
                for f in s {
                    if !f.amount.is_whole_minor() {
                        return Err(Error::NotWholeMinorUnits {
                            what: Quantity::ProjectFlow(f.date),
                            amount: f.amount.amount(),
                            currency: f.amount.currency(),
                        });
                    }
                }
                Ok(())
            }
        }
    }

    /// The project's flows for these outlays, in date order: the yearly
    /// yields of [`ProjectFlows::Yield`] (labelled `"project"`), or the
    /// explicit flows as given.
    ///
    /// # Errors
    /// The outlay errors of [`share_returns`]; the errors of the
    /// constructors; [`Error::CurrencyMismatch`] for explicit flows in
    /// another currency than the outlays; [`Error::OutOfRange`] for an
    /// explicit flow before the first outlay; [`Error::Overflow`] and
    /// [`Error::DateOutOfRange`] past the supported ranges.
    ///
    /// ```
    /// use disburse::affordability::ProjectFlows;
    /// use disburse::{CashFlow, Currency, Money, Schedule};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    ///
    /// let d = |y| NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// let outlays = Schedule::new(Currency::USD, vec![
    ///     CashFlow::new(d(2026), usd(dec!(100)), "cash"),
    ///     CashFlow::new(d(2027), usd(dec!(100)), "cash"),
    /// ])?;
    /// // Capital deployed on or before each anniversary: 200, then 200.
    /// let flows = ProjectFlows::yield_on_capital(0.05, 2)?.schedule(&outlays)?;
    /// let got: Vec<_> = flows.iter().map(|f| (f.date, f.amount.amount())).collect();
    /// assert_eq!(got, [(d(2027), dec!(10)), (d(2028), dec!(10))]);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn schedule(&self, outlays: &Schedule) -> Result<Schedule> {
        self.validate()?;
        let first = check_outlays(outlays)?;
        let currency = outlays.currency();
        match self {
            ProjectFlows::Yield { rate, years } => {
                let rate = to_decimal(*rate, Quantity::ProjectYield)?;
                let cumulative = outlays.cumulative()?;
                let mut next_outlay = cumulative.iter().peekable();
                let mut deployed = Money::zero(currency);
                let mut flows = Vec::new();
                let label: Arc<str> = Arc::from(PROJECT_LABEL);
                for k in 1..=*years {
                    let date = Tenor::years(1).add_to(first, i64::from(k))?;
                    while let Some((_, total)) = next_outlay.next_if(|(d, _)| *d <= date) {
                        deployed = *total;
                    }
                    let amount = deployed.checked_mul(rate)?.round_to_minor(Rounding::HalfEven);
                    flows.push(CashFlow {
                        date,
                        amount,
                        tranche: Arc::clone(&label),
                    });
                }
                Schedule::new(currency, flows)
            }
            ProjectFlows::Explicit(s) => {
                if s.currency() != currency {
                    return Err(Error::CurrencyMismatch {
                        expected: currency,
                        found: s.currency(),
                    });
                }
                if let Some(early) = s.first_date().filter(|d| *d < first) {
                    return Err(Error::out_of_range(
                        Quantity::ProjectFlowDate,
                        early,
                        Bound::NotBefore(Value::Date(first)),
                    ));
                }
                Ok(s.clone())
            }
        }
    }
}

/// Checks the outlays (not empty, every one positive and in whole minor
/// units) and returns the date of the first.
fn check_outlays(outlays: &Schedule) -> Result<NaiveDate> {
    let first = outlays.first_date().ok_or(Error::Empty {
        what: Quantity::Outlays,
    })?;
    for f in outlays {
        positive_whole(f.amount.amount(), outlays.currency(), || Quantity::Outlay(f.date))?;
    }
    Ok(first)
}

// ---------------------------------------------------------------------------
// Splits and the waterfall
// ---------------------------------------------------------------------------

/// How one phase of the waterfall divides a project flow: the investor's
/// and the host's shares as fractions (`0.5` for 50%), each in `[0, 1]`,
/// summing to exactly 1.
///
/// Serialized as `{"investor": "0.5", "host": "0.5"}`, validated on
/// deserialization.
///
/// ```
/// use disburse::affordability::Split;
/// use disburse::Error;
/// use rust_decimal_macros::dec;
///
/// let s = Split::new(dec!(0.1), dec!(0.9))?;
/// assert_eq!((s.investor(), s.host()), (dec!(0.1), dec!(0.9)));
/// assert_eq!(Split::from_percent(dec!(10), dec!(90))?, s);
/// assert_eq!(s.to_string(), "10:90");
/// let err = Split::new(dec!(0.5), dec!(0.6)).unwrap_err();
/// assert!(matches!(err, Error::InvalidSplit { .. }));
/// assert_eq!(err.to_string(), "invalid profit split: shares 0.5 (investor) and 0.6 (host) sum to 1.1, not to 100%");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "SplitData", into = "SplitData")]
pub struct Split {
    investor: Decimal,
    host: Decimal,
}

#[derive(Clone, Copy, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct SplitData {
    investor: Decimal,
    host: Decimal,
}

impl TryFrom<SplitData> for Split {
    type Error = Error;
    fn try_from(d: SplitData) -> Result<Self> {
        Split::in_phase("profit", d.investor, d.host)
    }
}

impl From<Split> for SplitData {
    fn from(s: Split) -> Self {
        SplitData {
            investor: s.investor,
            host: s.host,
        }
    }
}

impl Split {
    /// A split giving the fraction `investor` to the investor and `host` to
    /// the host.
    ///
    /// # Errors
    /// [`Error::InvalidSplit`] when a share is negative or the shares do not
    /// sum to exactly 1.
    ///
    /// ```
    /// use disburse::affordability::Split;
    /// use rust_decimal_macros::dec;
    ///
    /// assert!(Split::new(dec!(0.5), dec!(0.5)).is_ok());
    /// assert!(Split::new(dec!(1.1), dec!(-0.1)).is_err());
    /// ```
    pub fn new(investor: Decimal, host: Decimal) -> Result<Split> {
        Split::in_phase("profit", investor, host)
    }

    /// A split given in percent (`50`, `50`).
    ///
    /// # Errors
    /// As [`Split::new`]: the percentages must be non-negative and sum to
    /// exactly 100.
    ///
    /// ```
    /// use disburse::affordability::Split;
    /// use rust_decimal_macros::dec;
    ///
    /// assert_eq!(Split::from_percent(dec!(50), dec!(50))?.investor(), dec!(0.5));
    /// assert!(Split::from_percent(dec!(50), dec!(40)).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn from_percent(investor: Decimal, host: Decimal) -> Result<Split> {
        let hundred = Decimal::ONE_HUNDRED;
        let fraction = |p: Decimal| {
            p.checked_div(hundred)
                .ok_or_else(|| Error::overflow("percent to fraction"))
        };
        Split::new(fraction(investor)?, fraction(host)?)
    }

    /// An even split, 50:50.
    ///
    /// ```
    /// use disburse::affordability::Split;
    /// assert_eq!(Split::even().to_string(), "50:50");
    /// ```
    pub fn even() -> Split {
        Split {
            investor: Decimal::new(5, 1),
            host: Decimal::new(5, 1),
        }
    }

    /// Validates a split of `phase`.
    fn in_phase(phase: &'static str, investor: Decimal, host: Decimal) -> Result<Split> {
        let negative = |share: Decimal| share.is_sign_negative() && !share.is_zero();
        if negative(investor) || negative(host) || investor.checked_add(host) != Some(Decimal::ONE) {
            // The message says which rule the shares break.
            return Err(Error::InvalidSplit { phase, investor, host });
        }
        Ok(Split {
            investor: investor.normalize(),
            host: host.normalize(),
        })
    }

    /// The investor's share, a fraction in `[0, 1]`.
    ///
    /// ```
    /// use disburse::affordability::Split;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Split::even().investor(), dec!(0.5));
    /// ```
    pub fn investor(&self) -> Decimal {
        self.investor
    }

    /// The host's share, a fraction in `[0, 1]`.
    ///
    /// ```
    /// use disburse::affordability::Split;
    /// use rust_decimal_macros::dec;
    /// assert_eq!(Split::even().host(), dec!(0.5));
    /// ```
    pub fn host(&self) -> Decimal {
        self.host
    }

    /// Divides `flow` into the investor's and the host's parts with
    /// [`allocate`](crate::allocate); they sum exactly to `flow`.
    fn divide(&self, flow: Money) -> Result<(Money, Money)> {
        let parts = allocate(flow, &[self.investor, self.host])?;
        match parts.as_slice() {
            [investor, host] => Ok((*investor, *host)),
            _ => Err(Error::overflow("profit split")),
        }
    }
}

impl fmt::Display for Split {
    /// The shares in percent, investor first: `50:50`, `10:90`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |x: Decimal| (x * Decimal::ONE_HUNDRED).normalize();
        write!(f, "{}:{}", pct(self.investor), pct(self.host))
    }
}

/// The return-sharing waterfall: one split until the investor has recovered
/// its principal plus deemed interest, another afterwards, and an optional
/// review horizon.
///
/// Invariants, checked by [`Waterfall::new`] and on deserialization: the
/// splits are valid (an [`Error::InvalidSplit`] names the phase), the
/// deemed rate is finite and above −100%, and review years, if given, are
/// at least 1.
///
/// Serialized as `{"before_recovery": {...}, "after_recovery": {...},
/// "deemed_rate": 0.04, "review_years": 20}` (`review_years` may be
/// omitted or null).
///
/// ```
/// use disburse::affordability::{Split, Waterfall};
/// use disburse::Error;
/// use rust_decimal_macros::dec;
///
/// let korea = Waterfall::korea_us_2025(0.04)?;
/// assert_eq!(korea.after_recovery(), Split::new(dec!(0.1), dec!(0.9))?);
/// assert_eq!(korea.review_years(), Some(20));
/// let json = r#"{"before_recovery": {"investor": "0.5", "host": "0.5"},
///                "after_recovery": {"investor": "0.1", "host": "0.8"},
///                "deemed_rate": 0.04}"#;
/// let err = serde_json::from_str::<Waterfall>(json).unwrap_err();
/// assert!(err.to_string().contains("invalid after-recovery split"), "{err}");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "WaterfallData", into = "WaterfallData")]
pub struct Waterfall {
    before_recovery: Split,
    after_recovery: Split,
    deemed_rate: f64,
    review_years: Option<u32>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct WaterfallData {
    before_recovery: SplitData,
    after_recovery: SplitData,
    deemed_rate: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    review_years: Option<u32>,
}

impl TryFrom<WaterfallData> for Waterfall {
    type Error = Error;
    fn try_from(d: WaterfallData) -> Result<Self> {
        let before = Split::in_phase("before-recovery", d.before_recovery.investor, d.before_recovery.host)?;
        let after = Split::in_phase("after-recovery", d.after_recovery.investor, d.after_recovery.host)?;
        Waterfall::new(before, after, d.deemed_rate, d.review_years)
    }
}

impl From<Waterfall> for WaterfallData {
    fn from(w: Waterfall) -> Self {
        WaterfallData {
            before_recovery: w.before_recovery.into(),
            after_recovery: w.after_recovery.into(),
            deemed_rate: w.deemed_rate,
            review_years: w.review_years,
        }
    }
}

impl Waterfall {
    /// A waterfall sharing project flows by `before_recovery` until the
    /// investor has recovered its outlays plus deemed interest at
    /// `deemed_rate` (annual compounding, Act/365F), then by
    /// `after_recovery`; `review_years` is the horizon from the first outlay
    /// within which recovery is expected (the Korea–US 20-year clause).
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a deemed rate that
    /// is not finite or at or below −100%; [`Error::ZeroCount`] for review
    /// years of zero.
    ///
    /// ```
    /// use disburse::affordability::{Split, Waterfall};
    /// use rust_decimal_macros::dec;
    ///
    /// let w = Waterfall::new(Split::even(), Split::from_percent(dec!(10), dec!(90))?, 0.045, Some(20))?;
    /// assert_eq!(w.deemed_rate(), 0.045);
    /// assert!(Waterfall::new(Split::even(), Split::even(), -1.0, None).is_err());
    /// assert!(Waterfall::new(Split::even(), Split::even(), f64::INFINITY, None).is_err());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(
        before_recovery: Split,
        after_recovery: Split,
        deemed_rate: f64,
        review_years: Option<u32>,
    ) -> Result<Waterfall> {
        check_rate(deemed_rate, Quantity::DeemedRate)?;
        if review_years == Some(0) {
            return Err(Error::ZeroCount {
                what: Quantity::ReviewYears,
            });
        }
        Ok(Waterfall {
            before_recovery,
            after_recovery,
            deemed_rate,
            review_years,
        })
    }

    /// The Korea–US split of 2025: 50:50 until Korea recovers principal
    /// plus deemed interest, then 10:90 (Korea:US) (Asia Economy,
    /// 2025-10-29; MBC, 2025-11-14), with the 20-year review clause
    /// (Newspim, 2025-11-14). The deemed rate is not public: it is the
    /// caller's assumption.
    ///
    /// # Errors
    /// As [`Waterfall::new`] for the deemed rate.
    ///
    /// ```
    /// use disburse::affordability::Waterfall;
    /// let w = Waterfall::korea_us_2025(0.04)?;
    /// assert_eq!((w.before_recovery().to_string(), w.after_recovery().to_string()), ("50:50".into(), "10:90".into()));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn korea_us_2025(deemed_rate: f64) -> Result<Waterfall> {
        Waterfall::new(Split::even(), Split::ninety_to_host(), deemed_rate, Some(20))
    }

    /// The Japan–US split of 2025: 50:50 until Japan recovers its deemed
    /// allocation (principal plus deemed interest), then 90% to the US, i.e.
    /// 10:90 (Japan:US) (CSIS; St. Louis Fed, 2025-11). No review clause is
    /// reported. The deemed rate — reported as six-month SOFR (about 4%)
    /// plus a project spread (Katz, 2025-09) — is the caller's assumption.
    ///
    /// # Errors
    /// As [`Waterfall::new`] for the deemed rate.
    ///
    /// ```
    /// use disburse::affordability::Waterfall;
    /// let w = Waterfall::japan_us_2025(0.045)?;
    /// assert_eq!(w.after_recovery().to_string(), "10:90");
    /// assert_eq!(w.review_years(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn japan_us_2025(deemed_rate: f64) -> Result<Waterfall> {
        Waterfall::new(Split::even(), Split::ninety_to_host(), deemed_rate, None)
    }

    /// The split before recovery.
    ///
    /// ```
    /// use disburse::affordability::{Split, Waterfall};
    /// assert_eq!(Waterfall::korea_us_2025(0.0)?.before_recovery(), Split::even());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn before_recovery(&self) -> Split {
        self.before_recovery
    }

    /// The split after recovery.
    ///
    /// ```
    /// use disburse::affordability::Waterfall;
    /// assert_eq!(Waterfall::korea_us_2025(0.0)?.after_recovery().to_string(), "10:90");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn after_recovery(&self) -> Split {
        self.after_recovery
    }

    /// The annual deemed interest rate on the unrecovered balance.
    ///
    /// ```
    /// use disburse::affordability::Waterfall;
    /// assert_eq!(Waterfall::korea_us_2025(0.04)?.deemed_rate(), 0.04);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deemed_rate(&self) -> f64 {
        self.deemed_rate
    }

    /// The review horizon in years from the first outlay, if any.
    ///
    /// ```
    /// use disburse::affordability::Waterfall;
    /// assert_eq!(Waterfall::korea_us_2025(0.04)?.review_years(), Some(20));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn review_years(&self) -> Option<u32> {
        self.review_years
    }
}

impl Split {
    /// 10:90, investor:host.
    fn ninety_to_host() -> Split {
        Split {
            investor: Decimal::new(1, 1),
            host: Decimal::new(9, 1),
        }
    }
}

// ---------------------------------------------------------------------------
// The result
// ---------------------------------------------------------------------------

/// What [`share_returns`] reports: who receives what and when, when the
/// investor recovered, and the investor's net flows.
///
/// Inflow schedules hold one flow per phase part of each project flow,
/// labelled `"before recovery"` or `"after recovery"` (a project flow that
/// crosses the recovery point gives two); parts of zero are left out.
/// Serialized (not deserialized) as a map of the accessors' values.
///
/// ```
/// use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
/// use disburse::{CashFlow, Currency, Money, Schedule};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
///
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let outlay = Schedule::new(Currency::USD, vec![CashFlow::new(jan1, Money::new(dec!(100), Currency::USD), "cash")])?;
/// let r = share_returns(&outlay, &ProjectFlows::yield_on_capital(0.10, 10)?, &Waterfall::korea_us_2025(0.0)?)?;
/// assert_eq!(r.recovery_date(), None); // $50 of $100 back after 10 years
/// assert!(r.review_triggered());
/// assert_eq!(r.unrecovered_balance(), Money::new(dec!(50), Currency::USD));
/// assert_eq!(r.to_string(), "not recovered; to investor USD 50.00, to host USD 50.00; 20-year review triggered");
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WaterfallResult {
    first_outlay: NaiveDate,
    project_flows: Schedule,
    investor_inflows: Schedule,
    host_inflows: Schedule,
    net_flows: Schedule,
    recovery_date: Option<NaiveDate>,
    unrecovered_balance: Money,
    review_years: Option<u32>,
    review_triggered: bool,
}

impl WaterfallResult {
    /// The date of the first outlay (the start of the review horizon and
    /// the valuation date of [`net_pv`](Self::net_pv)).
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.first_outlay(), d);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn first_outlay(&self) -> NaiveDate {
        self.first_outlay
    }

    /// The project flows that were shared.
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.project_flows().total()?, Money::new(dec!(30), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn project_flows(&self) -> &Schedule {
        &self.project_flows
    }

    /// The investor's inflows.
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.investor_inflows().total()?, Money::new(dec!(15), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn investor_inflows(&self) -> &Schedule {
        &self.investor_inflows
    }

    /// The host's inflows.
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.host_inflows().total()?, Money::new(dec!(15), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn host_inflows(&self) -> &Schedule {
        &self.host_inflows
    }

    /// The investor's net flows: the outlays negated (with their labels)
    /// and the inflows, in date order (outlays first on a date).
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.net_flows().total()?, Money::new(dec!(-85), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_flows(&self) -> &Schedule {
        &self.net_flows
    }

    /// The date on which the investor's balance was brought to zero for
    /// good, or `None` if it is still positive after the last project flow.
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.recovery_date(), None);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn recovery_date(&self) -> Option<NaiveDate> {
        self.recovery_date
    }

    /// The investor's unrecovered balance (outlays plus deemed interest
    /// minus its shares) after the last event; zero once recovered.
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.unrecovered_balance(), Money::new(dec!(85), Currency::USD));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn unrecovered_balance(&self) -> Money {
        self.unrecovered_balance
    }

    /// Whether the review clause is triggered: the waterfall has review
    /// years and the investor has not recovered within them of the first
    /// outlay (recovery on the last day of the horizon counts as within).
    /// Always `false` without review years.
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::korea_us_2025(0.0)?)?;
    /// assert!(r.review_triggered());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn review_triggered(&self) -> bool {
        self.review_triggered
    }

    /// The present value of the net flows at the first outlay date, at an
    /// annually compounded `rate` with Act/365F year fractions.
    ///
    /// # Errors
    /// [`Error::InvalidRate`] for a rate that is not
    /// finite or at or below −100%; [`Error::Overflow`] past `Decimal`'s
    /// range.
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 3)?, &Waterfall::japan_us_2025(0.0)?)?;
    /// assert_eq!(r.net_pv(0.0)?, Money::new(dec!(-85), Currency::USD));
    /// assert!(r.net_pv(0.05)?.amount() < dec!(-85));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_pv(&self, rate: f64) -> Result<Money> {
        let curve = FlatCurve::new(self.first_outlay, InterestRate::annual(rate, DayCount::Actual365Fixed)?);
        present_value(&self.net_flows, &curve)
    }

    /// The investor's internal rates of return on the net flows, with
    /// [`xirr`](crate::valuation::xirr) (annual compounding, Act/365F):
    /// none, one, or several roots.
    ///
    /// # Errors
    /// The errors of [`xirr`](crate::valuation::xirr) (every net flow zero,
    /// solver failures).
    ///
    /// ```
    /// # use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
    /// # use disburse::{CashFlow, Currency, Money, Schedule};
    /// # use rust_decimal_macros::dec;
    /// # let d = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// # let o = Schedule::new(Currency::USD, vec![CashFlow::new(d, Money::new(dec!(100), Currency::USD), "c")])?;
    /// // Assumption: a 10% yield for 30 years, deemed interest 0%.
    /// let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.1, 30)?, &Waterfall::korea_us_2025(0.0)?)?;
    /// let irr = r.net_irr()?.unique().unwrap();
    /// assert!(irr > 0.0 && irr < 0.01); // $110 back for $100 over 30 years
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn net_irr(&self) -> Result<Roots> {
        let flows: Vec<(NaiveDate, Decimal)> = self.net_flows.iter().map(|f| (f.date, f.amount.amount())).collect();
        xirr(&flows)
    }
}

impl fmt::Display for WaterfallResult {
    /// A one-line summary: the recovery date or "not recovered", the totals
    /// to investor and host, and the review flag.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.recovery_date {
            Some(d) => write!(f, "recovered on {d}")?,
            None => f.write_str("not recovered")?,
        }
        let total = |s: &Schedule| s.total().map_or_else(|_| "(overflow)".to_string(), |m| m.to_string());
        write!(
            f,
            "; to investor {}, to host {}",
            total(&self.investor_inflows),
            total(&self.host_inflows)
        )?;
        match self.review_years {
            Some(n) if self.review_triggered => write!(f, "; {n}-year review triggered"),
            Some(n) => write!(f, "; {n}-year review not triggered"),
            None => f.write_str("; no review clause"),
        }
    }
}

// ---------------------------------------------------------------------------
// The waterfall
// ---------------------------------------------------------------------------

/// Shares the project's flows between investor and host under `waterfall`,
/// tracking the investor's unrecovered balance.
///
/// The balance starts at zero; each outlay adds to it; between events it
/// accrues deemed interest at the waterfall's rate, annually compounded
/// over Act/365F days, rounded half to even to minor units (a positive
/// balance stays at least one minor unit); each project flow reduces it by
/// the investor's before-recovery share. On a date, outlays come before
/// project flows.
///
/// While the balance is positive, flows are shared `before_recovery`. A
/// flow that crosses the recovery point is cut in two: the part
/// `ceil(balance / investor share)` (in minor units, at most the flow) is
/// shared `before_recovery`, so that the investor's share of it covers the
/// balance (allocation rounding may give the investor one minor unit
/// more), and the rest `after_recovery`. While the balance is zero, flows
/// are shared `after_recovery`; a later outlay re-opens the balance. When
/// both phases have the same split, no flow is cut: each is split once,
/// exactly as [`allocate`](crate::allocate) splits it.
/// Negative project flows (losses) are shared the same way and, before
/// recovery, add the investor's share to its balance. With an investor
/// share of zero before recovery, the balance is never recovered. The
/// recovery date is the date the balance last reached zero, if it is zero
/// at the end.
///
/// Every split is an [`allocate`](crate::allocate), so on every date the
/// investor's and host's inflows sum exactly to the project flows.
///
/// # Errors
/// [`Error::Empty`] for no outlays; [`Error::NonPositiveAmount`] or
/// [`Error::NotWholeMinorUnits`] for an outlay that is not positive or not
/// whole in minor units; the errors of [`ProjectFlows::schedule`]
/// (including [`Error::CurrencyMismatch`] for explicit flows in another
/// currency); [`Error::Overflow`] and [`Error::DateOutOfRange`] past the
/// supported ranges.
///
/// ```
/// use disburse::affordability::{ProjectFlows, Waterfall, share_returns};
/// use disburse::{Commitment, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
///
/// // Korea–US: $200B of cash at most $20B a calendar year from 2026 (joint
/// // fact sheet, 2025-11-14). Assumptions: the cap is filled every year,
/// // projects yield 12% a year for 40 years, deemed interest is 4%.
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let cash = Commitment::single("cash", Money::new(dec!(200e9), Currency::USD), Plan::annual_cap(jan1, dec!(20e9)))?;
/// let outlays = cash.schedule()?;
/// let r = share_returns(&outlays, &ProjectFlows::yield_on_capital(0.12, 40)?, &Waterfall::korea_us_2025(0.04)?)?;
/// assert_eq!(r.recovery_date(), NaiveDate::from_ymd_opt(2056, 1, 1)); // after 30 years
/// assert!(r.review_triggered()); // not within 20
/// assert_eq!(
///     r.investor_inflows().total()?.checked_add(r.host_inflows().total()?)?,
///     r.project_flows().total()?,
/// );
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
pub fn share_returns(outlays: &Schedule, project: &ProjectFlows, waterfall: &Waterfall) -> Result<WaterfallResult> {
    // Re-check the waterfall: its fields are private, but a `Copy` of one
    // built by `new` is always valid, so this is cheap insurance.
    check_rate(waterfall.deemed_rate, Quantity::DeemedRate)?;
    let first_outlay = check_outlays(outlays)?;
    let project_flows = project.schedule(outlays)?;
    let currency = outlays.currency();

    let mut state = Ledger::new(currency, waterfall, first_outlay);
    let mut pending = project_flows.iter().peekable();
    for outlay in outlays {
        while let Some(flow) = pending.next_if(|f| f.date < outlay.date) {
            state.project_flow(flow)?;
        }
        state.outlay(outlay)?;
    }
    for flow in pending {
        state.project_flow(flow)?;
    }

    let recovery_date = if state.balance.is_zero() {
        state.recovered_on
    } else {
        None
    };
    let review_triggered = match waterfall.review_years {
        // A deadline past chrono's range is never reached.
        Some(n) => match Tenor::years(n).add_to(first_outlay, 1) {
            Ok(deadline) => recovery_date.is_none_or(|d| d > deadline),
            Err(_) => recovery_date.is_none(),
        },
        None => false,
    };
    let investor_inflows = Schedule::new(currency, state.investor)?;
    let host_inflows = Schedule::new(currency, state.host)?;
    let negated = outlays
        .iter()
        .map(|f| Ok(CashFlow::new(f.date, f.amount.checked_neg()?, Arc::clone(&f.tranche))))
        .collect::<Result<Vec<_>>>()?;
    let net_flows = Schedule::new(currency, negated)?.merge(&investor_inflows)?;
    Ok(WaterfallResult {
        first_outlay,
        project_flows,
        investor_inflows,
        host_inflows,
        net_flows,
        recovery_date,
        unrecovered_balance: state.balance,
        review_years: waterfall.review_years,
        review_triggered,
    })
}

/// The running state of the waterfall.
struct Ledger {
    currency: Currency,
    before: Split,
    after: Split,
    /// `ln(1 + deemed rate)`.
    log_growth: f64,
    /// The unrecovered balance, whole minor units, never negative.
    balance: Money,
    /// The date of the last event (accrual runs from it).
    last_date: NaiveDate,
    /// When the balance last reached zero.
    recovered_on: Option<NaiveDate>,
    investor: Vec<CashFlow>,
    host: Vec<CashFlow>,
    before_label: Arc<str>,
    after_label: Arc<str>,
}

impl Ledger {
    fn new(currency: Currency, waterfall: &Waterfall, start: NaiveDate) -> Ledger {
        Ledger {
            currency,
            before: waterfall.before_recovery,
            after: waterfall.after_recovery,
            log_growth: waterfall.deemed_rate.ln_1p(),
            balance: Money::zero(currency),
            last_date: start,
            recovered_on: None,
            investor: Vec::new(),
            host: Vec::new(),
            before_label: Arc::from(BEFORE_LABEL),
            after_label: Arc::from(AFTER_LABEL),
        }
    }

    /// Accrues deemed interest on the balance up to `date`.
    fn accrue(&mut self, date: NaiveDate) -> Result<()> {
        if date > self.last_date && self.balance.is_positive() {
            let t = DayCount::Actual365Fixed.year_fraction(self.last_date, date).to_f64();
            let growth = to_decimal((self.log_growth * t).exp_m1(), Quantity::DeemedInterestGrowth)?;
            let interest = self.balance.checked_mul(growth)?.round_to_minor(Rounding::HalfEven);
            let grown = self.balance.checked_add(interest)?;
            let unit = Money::new(self.currency.minor_unit(), self.currency);
            self.balance = grown.checked_max(unit)?;
        }
        self.last_date = self.last_date.max(date);
        Ok(())
    }

    fn outlay(&mut self, flow: &CashFlow) -> Result<()> {
        self.accrue(flow.date)?;
        if self.balance.is_zero() {
            self.recovered_on = None;
        }
        self.balance = self.balance.checked_add(flow.amount)?;
        Ok(())
    }

    /// Records the investor's and host's parts of `amount` on `date`.
    fn record(&mut self, date: NaiveDate, before: bool, investor: Money, host: Money) {
        let label = if before { &self.before_label } else { &self.after_label };
        for (out, part) in [(&mut self.investor, investor), (&mut self.host, host)] {
            if !part.is_zero() {
                out.push(CashFlow {
                    date,
                    amount: part,
                    tranche: Arc::clone(label),
                });
            }
        }
    }

    fn project_flow(&mut self, flow: &CashFlow) -> Result<()> {
        self.accrue(flow.date)?;
        let date = flow.date;
        let amount = flow.amount;
        if !self.balance.is_positive() {
            let (i, h) = self.after.divide(amount)?;
            self.record(date, false, i, h);
            return Ok(());
        }
        let share = self.before.investor;
        if !amount.is_positive() || share.is_zero() {
            // A loss (or nothing) before recovery, or an investor without a
            // share: all before recovery; a loss adds to the balance.
            let (i, h) = self.before.divide(amount)?;
            self.record(date, true, i, h);
            self.balance = self.balance.checked_sub(i)?;
            return Ok(());
        }
        // The part of the flow that, shared before recovery, covers the
        // balance: ceil(balance / share), at most the flow.
        let unit = Money::new(self.currency.minor_unit(), self.currency);
        let mut part = self
            .balance
            .checked_div(share)?
            .round_to_minor(Rounding::Ceiling)
            .checked_min(amount)?;
        let (mut i, mut h) = self.before.divide(part)?;
        // Decimal division is rounded at 28 digits; step up if that left
        // the investor's share a unit short (bounded: at most a few units).
        let mut steps = 0;
        while i.amount() < self.balance.amount() && part.amount() < amount.amount() && steps < 4 {
            part = part.checked_add(unit)?.checked_min(amount)?;
            (i, h) = self.before.divide(part)?;
            steps += 1;
        }
        if i.amount() < self.balance.amount() && part.amount() < amount.amount() {
            part = amount;
            (i, h) = self.before.divide(part)?;
        }
        if i.amount() >= self.balance.amount() {
            self.balance = Money::zero(self.currency);
            self.recovered_on = Some(date);
            if self.before == self.after {
                // Nothing to cut: one split of the whole flow.
                let (wi, wh) = self.before.divide(amount)?;
                self.record(date, true, wi, wh);
                return Ok(());
            }
            self.record(date, true, i, h);
            let rest = amount.checked_sub(part)?;
            if !rest.is_zero() {
                let (ri, rh) = self.after.divide(rest)?;
                self.record(date, false, ri, rh);
            }
        } else {
            self.record(date, true, i, h);
            self.balance = self.balance.checked_sub(i)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn usd(x: Decimal) -> Money {
        Money::new(x, Currency::USD)
    }

    fn outlays(flows: &[(NaiveDate, Decimal)]) -> Schedule {
        Schedule::new(
            Currency::USD,
            flows
                .iter()
                .map(|(dt, a)| CashFlow::new(*dt, usd(*a), "cash"))
                .collect(),
        )
        .unwrap()
    }

    fn explicit(flows: &[(NaiveDate, Decimal)]) -> ProjectFlows {
        ProjectFlows::explicit(
            Schedule::new(
                Currency::USD,
                flows.iter().map(|(dt, a)| CashFlow::new(*dt, usd(*a), "p")).collect(),
            )
            .unwrap(),
        )
        .unwrap()
    }

    /// Investor and host parts on `date`, by phase label.
    fn parts_on(s: &Schedule, date: NaiveDate) -> Vec<(String, Decimal)> {
        s.iter()
            .filter(|f| f.date == date)
            .map(|f| (f.tranche.to_string(), f.amount.amount()))
            .collect()
    }

    fn assert_conserved(r: &WaterfallResult) {
        let sum = r
            .investor_inflows()
            .total()
            .unwrap()
            .checked_add(r.host_inflows().total().unwrap())
            .unwrap();
        assert_eq!(sum, r.project_flows().total().unwrap());
        for f in r.project_flows() {
            let on = |s: &Schedule| {
                s.iter()
                    .filter(|g| g.date == f.date)
                    .fold(Decimal::ZERO, |a, g| a + g.amount.amount())
            };
            let proj = r
                .project_flows()
                .iter()
                .filter(|g| g.date == f.date)
                .fold(Decimal::ZERO, |a, g| a + g.amount.amount());
            assert_eq!(on(r.investor_inflows()) + on(r.host_inflows()), proj, "{}", f.date);
        }
    }

    #[test]
    fn hundred_dollars_ten_percent_recovers_in_year_twenty() {
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.10, 30).unwrap(),
            &Waterfall::korea_us_2025(0.0).unwrap(),
        )
        .unwrap();
        assert_eq!(r.project_flows().len(), 30);
        assert!(r.project_flows().iter().all(|f| f.amount == usd(dec!(10))));
        assert_eq!(r.project_flows().first_date(), Some(d(2027, 1, 1)));
        assert_eq!(r.project_flows().last_date(), Some(d(2056, 1, 1)));
        // 20 × $5 = $100: recovered on the 20th anniversary, exactly.
        assert_eq!(r.recovery_date(), Some(d(2046, 1, 1)));
        assert!(!r.review_triggered()); // on the deadline counts as within
        assert_eq!(
            parts_on(r.investor_inflows(), d(2046, 1, 1)),
            [("before recovery".into(), dec!(5))]
        );
        assert_eq!(
            parts_on(r.investor_inflows(), d(2047, 1, 1)),
            [("after recovery".into(), dec!(1))]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2047, 1, 1)),
            [("after recovery".into(), dec!(9))]
        );
        // 20 × 5 + 10 × 1 to the investor, 20 × 5 + 10 × 9 to the host.
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(110)));
        assert_eq!(r.host_inflows().total().unwrap(), usd(dec!(190)));
        assert_eq!(r.net_flows().total().unwrap(), usd(dec!(10)));
        assert_eq!(r.unrecovered_balance(), usd(dec!(0)));
        assert_eq!(
            r.to_string(),
            "recovered on 2046-01-01; to investor USD 110.00, to host USD 190.00; 20-year review not triggered"
        );
        assert_conserved(&r);
    }

    #[test]
    fn deemed_interest_delays_recovery() {
        // With 4% deemed interest, $5 a year repays little more than the
        // interest on $100 ($4) at first (2028, 2032, … are leap years:
        // those accruals run over 366/365 of a year).
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.10, 60).unwrap(),
            &Waterfall::korea_us_2025(0.04).unwrap(),
        )
        .unwrap();
        let recovered = r.recovery_date().unwrap();
        // Without leap days: B_n = 100·1.04^n − 5·(1.04^n − 1)/0.04 hits 0
        // when 1.04^n = 5, n = ln 5 / ln 1.04 = 41.03 → the 42nd flow.
        assert_eq!(recovered, d(2068, 1, 1));
        assert!(r.review_triggered());
        assert_conserved(&r);
        // A replay of the ledger (Python, decimal, same rounding) leaves
        // $0.43 before the 42nd flow: part 0.86 shared 0.43/0.43, rest 9.14
        // at 10:90 → 0.914 → $0.91 and 8.226 → $8.23.
        assert_eq!(
            parts_on(r.investor_inflows(), recovered),
            [
                ("before recovery".into(), dec!(0.43)),
                ("after recovery".into(), dec!(0.91))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), recovered),
            [
                ("before recovery".into(), dec!(0.43)),
                ("after recovery".into(), dec!(8.23))
            ]
        );
        // Later than with no deemed interest (2046).
        let r0 = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.10, 60).unwrap(),
            &Waterfall::korea_us_2025(0.0).unwrap(),
        )
        .unwrap();
        assert_eq!(r0.recovery_date(), Some(d(2046, 1, 1)));
    }

    #[test]
    fn deemed_rate_balance_matches_manual_replay() {
        // One outlay of $100 on 2026-01-01, one project flow of $10 on
        // 2027-01-01 (365 days): balance 100 · 1.04 = 104.00, minus the
        // investor's $5 → 99.00; next flow on 2028-01-01 (365 days):
        // 99 · 1.04 = 102.96 − 5 = 97.96.
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(10)), (d(2028, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.04).unwrap()).unwrap();
        assert_eq!(r.unrecovered_balance(), usd(dec!(97.96)));
        assert_eq!(r.recovery_date(), None);
        // 2028-01-01 → 2029-01-01 is 366 days: 97.96 · 1.04^(366/365).
        let p = explicit(&[
            (d(2027, 1, 1), dec!(10)),
            (d(2028, 1, 1), dec!(10)),
            (d(2029, 1, 1), dec!(0)),
        ]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.04).unwrap()).unwrap();
        let expected = 97.96 * 1.04f64.powf(366.0 / 365.0);
        assert_eq!(
            r.unrecovered_balance().amount(),
            Decimal::from_f64_retain(expected).unwrap().round_dp(2)
        );
    }

    #[test]
    fn crossing_flow_is_cut_at_the_recovery_point() {
        // Balance $1.00 left; 50:50 before, 10:90 after; a $10.00 flow:
        // part = 1.00 / 0.5 = 2.00 shared 1.00/1.00, rest 8.00 → 0.80/7.20.
        let o = outlays(&[(d(2026, 1, 1), dec!(6))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(10)), (d(2028, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.0).unwrap()).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2028, 1, 1)));
        assert_eq!(
            parts_on(r.investor_inflows(), d(2028, 1, 1)),
            [
                ("before recovery".into(), dec!(1)),
                ("after recovery".into(), dec!(0.8))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2028, 1, 1)),
            [
                ("before recovery".into(), dec!(1)),
                ("after recovery".into(), dec!(7.2))
            ]
        );
        assert_conserved(&r);
    }

    #[test]
    fn crossing_split_conserves_cents_with_awkward_shares() {
        // 30:70 before: balance $1.00 needs 1.00 / 0.3 = 3.333… → $3.34,
        // investor 1.002 → $1.00, host $2.34; rest $6.66 at 10:90:
        // 0.666 → $0.67, 5.994 → $5.99.
        let before = Split::new(dec!(0.3), dec!(0.7)).unwrap();
        let after = Split::new(dec!(0.1), dec!(0.9)).unwrap();
        let w = Waterfall::new(before, after, 0.0, None).unwrap();
        let o = outlays(&[(d(2026, 1, 1), dec!(1))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &w).unwrap();
        assert_eq!(
            parts_on(r.investor_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(1)),
                ("after recovery".into(), dec!(0.67))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(2.34)),
                ("after recovery".into(), dec!(5.99))
            ]
        );
        assert_eq!(
            r.to_string(),
            "recovered on 2027-01-01; to investor USD 1.67, to host USD 8.33; no review clause"
        );
        assert_conserved(&r);

        // 90:10 before: 1.00 / 0.9 = 1.111… → $1.12, investor 1.008 → the
        // larger remainder rounds it up to $1.01 (one cent over), host $0.11.
        let w = Waterfall::new(Split::new(dec!(0.9), dec!(0.1)).unwrap(), after, 0.0, None).unwrap();
        let r = share_returns(&o, &p, &w).unwrap();
        assert_eq!(
            parts_on(r.investor_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(1.01)),
                ("after recovery".into(), dec!(0.89))
            ]
        );
        assert_eq!(
            parts_on(r.host_inflows(), d(2027, 1, 1)),
            [
                ("before recovery".into(), dec!(0.11)),
                ("after recovery".into(), dec!(7.99))
            ]
        );
        assert_conserved(&r);
    }

    #[test]
    fn capped_part_recovers_through_rounding() {
        // Balance $100.00, 30:70, a flow of $333.33: part 333.34 is capped
        // at the flow; investor 99.999 → $100.00 by the larger remainder.
        let w = Waterfall::new(Split::new(dec!(0.3), dec!(0.7)).unwrap(), Split::even(), 0.0, None).unwrap();
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(&o, &explicit(&[(d(2027, 1, 1), dec!(333.33))]), &w).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2027, 1, 1)));
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(100)));
        assert_eq!(r.host_inflows().total().unwrap(), usd(dec!(233.33)));
    }

    #[test]
    fn korea_like_twenty_billion_a_year() {
        // $20B on 1 January 2026..2035; assumption: 6% yield on deployed
        // capital for 40 years, no deemed interest. Capital deployed on or
        // before anniversary k (2026 + k): 20B·min(k + 1, 10).
        let o = outlays(
            &(2026..2036)
                .map(|y| (d(y, 1, 1), dec!(20_000_000_000)))
                .collect::<Vec<_>>(),
        );
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(0.06, 40).unwrap(),
            &Waterfall::korea_us_2025(0.0).unwrap(),
        )
        .unwrap();
        let flows: Vec<_> = r.project_flows().iter().map(|f| f.amount.amount()).collect();
        assert_eq!(flows.first(), Some(&dec!(2_400_000_000))); // 6% of 40B
        assert_eq!(flows.get(8), Some(&dec!(12_000_000_000))); // 2035: 6% of 200B
        assert_eq!(flows.last(), Some(&dec!(12_000_000_000)));
        // Investor gets 3% of capital a year: 1.2, 1.8, …, 5.4 (2027..2034)
        // = 26.4B by 2034, then 6B a year: 200B needs (200 − 26.4)/6 =
        // 28.93 more years → the 29th from 2035 = 2063.
        assert_eq!(r.recovery_date(), Some(d(2063, 1, 1)));
        assert!(r.review_triggered());
        // 2063: balance 173.6B − 28·6B = 5.6B, part 11.2B before, 0.8B after.
        assert_eq!(
            parts_on(r.investor_inflows(), d(2063, 1, 1)),
            [
                ("before recovery".into(), dec!(5_600_000_000)),
                ("after recovery".into(), dec!(80_000_000))
            ]
        );
        assert_conserved(&r);
        let irr = r.net_irr().unwrap().unique().unwrap();
        assert!(irr > 0.0 && irr < 0.01, "{irr}");
        // PV at 0% is the net sum.
        assert_eq!(r.net_pv(0.0).unwrap(), r.net_flows().total().unwrap());
    }

    #[test]
    fn same_split_everywhere_when_phases_agree() {
        let w = Waterfall::new(Split::even(), Split::even(), 0.03, None).unwrap();
        let o = outlays(&[(d(2026, 3, 15), dec!(1000)), (d(2027, 6, 1), dec!(250))]);
        let r = share_returns(&o, &ProjectFlows::yield_on_capital(0.15, 25).unwrap(), &w).unwrap();
        assert!(r.recovery_date().is_some());
        for f in r.project_flows() {
            let (i, _) = Split::even().divide(f.amount).unwrap();
            let parts = parts_on(r.investor_inflows(), f.date);
            assert_eq!(
                parts.iter().map(|p| p.1).collect::<Vec<_>>(),
                [i.amount()],
                "{}",
                f.date
            );
        }
        assert_conserved(&r);
    }

    #[test]
    fn later_outlay_reopens_the_balance() {
        let o = outlays(&[(d(2026, 1, 1), dec!(10)), (d(2029, 1, 1), dec!(10))]);
        let p = explicit(&[
            (d(2027, 1, 1), dec!(40)),
            (d(2028, 1, 1), dec!(10)),
            (d(2030, 1, 1), dec!(40)),
        ]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.0).unwrap()).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2030, 1, 1)));
        assert_eq!(
            parts_on(r.investor_inflows(), d(2028, 1, 1)),
            [("after recovery".into(), dec!(1))]
        );
        assert_eq!(
            parts_on(r.investor_inflows(), d(2030, 1, 1)),
            [("before recovery".into(), dec!(10)), ("after recovery".into(), dec!(2))]
        );
        assert_conserved(&r);
    }

    #[test]
    fn losses_before_recovery_add_to_the_balance() {
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let p = explicit(&[(d(2027, 1, 1), dec!(-10)), (d(2028, 1, 1), dec!(10))]);
        let r = share_returns(&o, &p, &Waterfall::korea_us_2025(0.0).unwrap()).unwrap();
        assert_eq!(r.unrecovered_balance(), usd(dec!(100)));
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(0)));
        assert_conserved(&r);
        // A negative yield gives negative flows too, conserved all the same.
        let r = share_returns(
            &o,
            &ProjectFlows::yield_on_capital(-0.05, 5).unwrap(),
            &Waterfall::korea_us_2025(0.02).unwrap(),
        )
        .unwrap();
        assert_eq!(r.investor_inflows().total().unwrap(), usd(dec!(-12.5)));
        assert_conserved(&r);
    }

    #[test]
    fn zero_investor_share_never_recovers() {
        let w = Waterfall::new(Split::new(dec!(0), dec!(1)).unwrap(), Split::even(), 0.0, Some(5)).unwrap();
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let r = share_returns(&o, &ProjectFlows::yield_on_capital(1.0, 10).unwrap(), &w).unwrap();
        assert_eq!(r.recovery_date(), None);
        assert!(r.investor_inflows().is_empty());
        assert!(r.review_triggered());
        assert_eq!(r.net_irr().unwrap(), Roots::None);
        // A review horizon past chrono's date range is never reached.
        let far = Waterfall::new(Split::even(), Split::even(), 0.0, Some(u32::MAX)).unwrap();
        let r = share_returns(&o, &ProjectFlows::yield_on_capital(1.0, 10).unwrap(), &far).unwrap();
        assert_eq!(r.recovery_date(), Some(d(2028, 1, 1)));
        assert!(!r.review_triggered());
    }

    #[test]
    fn bad_inputs_are_typed_errors() {
        let o = outlays(&[(d(2026, 1, 1), dec!(100))]);
        let w = Waterfall::korea_us_2025(0.04).unwrap();
        let y = ProjectFlows::yield_on_capital(0.1, 5).unwrap();
        // Splits.
        assert!(matches!(
            Split::new(dec!(0.5), dec!(0.4)),
            Err(Error::InvalidSplit { .. })
        ));
        let err = Split::new(dec!(-0.1), dec!(1.1)).unwrap_err();
        assert_eq!(
            err.to_string(),
            "invalid profit split: the investor's share -0.1 is negative"
        );
        let json = r#"{"before_recovery":{"investor":"0.5","host":"0.4"},"after_recovery":{"investor":"0.1","host":"0.9"},"deemed_rate":0.04}"#;
        let err = serde_json::from_str::<Waterfall>(json).unwrap_err().to_string();
        assert!(err.contains("invalid before-recovery split"), "{err}");
        // Rates.
        for bad in [f64::NAN, f64::INFINITY, -1.0, -2.0] {
            assert!(Waterfall::new(Split::even(), Split::even(), bad, None).is_err());
            assert!(ProjectFlows::yield_on_capital(bad, 5).is_err());
            assert!(share_returns(&o, &ProjectFlows::Yield { rate: bad, years: 5 }, &w).is_err());
        }
        assert!(matches!(
            ProjectFlows::yield_on_capital(0.1, 0),
            Err(Error::ZeroCount { .. })
        ));
        assert!(matches!(
            share_returns(&o, &ProjectFlows::Yield { rate: 0.1, years: 0 }, &w),
            Err(Error::ZeroCount { .. })
        ));
        assert!(matches!(
            Waterfall::new(Split::even(), Split::even(), 0.0, Some(0)),
            Err(Error::ZeroCount { .. })
        ));
        // Outlays.
        assert!(matches!(
            share_returns(&Schedule::empty(Currency::USD), &y, &w),
            Err(Error::Empty { .. })
        ));
        let neg = outlays(&[(d(2026, 1, 1), dec!(100)), (d(2027, 1, 1), dec!(-1))]);
        assert!(matches!(
            share_returns(&neg, &y, &w),
            Err(Error::NonPositiveAmount { .. })
        ));
        let frac = outlays(&[(d(2026, 1, 1), dec!(100.001))]);
        assert!(matches!(
            share_returns(&frac, &y, &w),
            Err(Error::NotWholeMinorUnits { .. })
        ));
        // Explicit flows in another currency, before the first outlay, or
        // fractional.
        let eur = ProjectFlows::Explicit(
            Schedule::new(
                Currency::EUR,
                vec![CashFlow::new(d(2027, 1, 1), Money::new(dec!(1), Currency::EUR), "p")],
            )
            .unwrap(),
        );
        assert!(matches!(
            share_returns(&o, &eur, &w),
            Err(Error::CurrencyMismatch { .. })
        ));
        let early = explicit(&[(d(2025, 1, 1), dec!(1))]);
        assert!(matches!(share_returns(&o, &early, &w), Err(Error::OutOfRange { .. })));
        let frac = ProjectFlows::Explicit(outlays(&[(d(2027, 1, 1), dec!(0.001))]));
        assert!(matches!(
            share_returns(&o, &frac, &w),
            Err(Error::NotWholeMinorUnits { .. })
        ));
        // Too many years.
        assert!(matches!(
            ProjectFlows::yield_on_capital(0.1, 1001),
            Err(Error::OutOfRange { .. })
        ));
        // Net PV at a bad rate.
        let r = share_returns(&o, &y, &w).unwrap();
        assert!(r.net_pv(-1.0).is_err());
        assert!(r.net_pv(f64::NAN).is_err());
    }

    #[test]
    fn serde_round_trips() {
        let w = Waterfall::korea_us_2025(0.04).unwrap();
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(
            json,
            r#"{"before_recovery":{"investor":"0.5","host":"0.5"},"after_recovery":{"investor":"0.1","host":"0.9"},"deemed_rate":0.04,"review_years":20}"#
        );
        assert_eq!(serde_json::from_str::<Waterfall>(&json).unwrap(), w);
        let p = explicit(&[(d(2027, 1, 1), dec!(10))]);
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<ProjectFlows>(&json).unwrap(), p);
        let s: Split = serde_json::from_str(r#"{"investor":"0.25","host":"0.75"}"#).unwrap();
        assert_eq!(s.to_string(), "25:75");
        assert!(serde_json::from_str::<Split>(r#"{"investor":"0.25","host":"0.7"}"#).is_err());
        assert!(serde_json::from_str::<ProjectFlows>(r#"{"yield":{"rate":-1.5,"years":3}}"#).is_err());
    }

    #[test]
    fn yield_counts_capital_deployed_on_or_before_each_anniversary() {
        // Leap-day first outlay: anniversaries fall on 28 February.
        let o = outlays(&[
            (d(2028, 2, 29), dec!(100)),
            (d(2029, 2, 28), dec!(50)),
            (d(2029, 3, 1), dec!(50)),
        ]);
        let s = ProjectFlows::yield_on_capital(0.035, 3).unwrap().schedule(&o).unwrap();
        let got: Vec<_> = s.iter().map(|f| (f.date, f.amount.amount())).collect();
        // 3.5% of 150 = 5.25; of 200 = 7.00.
        assert_eq!(
            got,
            [
                (d(2029, 2, 28), dec!(5.25)),
                (d(2030, 2, 28), dec!(7)),
                (d(2031, 2, 28), dec!(7))
            ]
        );
        // Half-even rounding: 0.5% of 1.00 = 0.005 → 0.00; of 3.00 → 0.015 → 0.02.
        let s = ProjectFlows::yield_on_capital(0.005, 1)
            .unwrap()
            .schedule(&outlays(&[(d(2026, 1, 1), dec!(1))]))
            .unwrap();
        assert_eq!(s.total().unwrap(), usd(dec!(0)));
        let s = ProjectFlows::yield_on_capital(0.005, 1)
            .unwrap()
            .schedule(&outlays(&[(d(2026, 1, 1), dec!(3))]))
            .unwrap();
        assert_eq!(s.total().unwrap(), usd(dec!(0.02)));
    }
}
