//! The affordability report: a schedule tested year by year against a
//! capacity, with its funding, breaches and a verdict.

use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use rust_decimal::Decimal;

use super::capacity::{AdequacyFloor, Capacity, Constraint, Limits};
use super::deferral::{Carry, Deferral, DeferralRow, DeferralTrigger};
use super::funding::{Conv, Currencies, Funding, FundingBreakdown, FundingSource, FundingState, YearInputs};
use super::fx::FxPath;
use super::shock::{Shocks, YearShock};
use crate::limits::MAX_DEBT_SERVICE_YEARS;
use crate::render::{Align, Column, Digits, Document, Percent, Table};
use crate::valuation::{FirstPeriod, npv};
use crate::{Bound, Currency, Error, Money, Period, PeriodBasis, PeriodTotal, Quantity, Result, Rounding, Schedule};

/// Thresholds of the verdict.
///
/// Serialized as `{"strained_share": 0.8}` (the field defaults to 0.8),
/// validated on deserialization.
///
/// ```
/// use disburse::affordability::Thresholds;
/// assert_eq!(Thresholds::default().strained_share(), 0.8);
/// assert!(Thresholds::new(0.0).is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(try_from = "ThresholdsData", into = "ThresholdsData")]
pub struct Thresholds {
    strained_share: f64,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct ThresholdsData {
    #[serde(default = "default_strained_share")]
    #[serde(deserialize_with = "crate::input_serde::rate")]
    #[cfg_attr(feature = "scenario", schemars(schema_with = "crate::input_serde::schema::rate"))]
    strained_share: f64,
}

fn default_strained_share() -> f64 {
    0.8
}

impl TryFrom<ThresholdsData> for Thresholds {
    /// The error's message, its field first
    /// ([`field_message`](crate::input_serde::field_message)).
    type Error = String;
    fn try_from(d: ThresholdsData) -> std::result::Result<Self, String> {
        Thresholds::new(d.strained_share).map_err(|e| crate::input_serde::field_message(&e, Some("strained_share")))
    }
}

impl From<Thresholds> for ThresholdsData {
    fn from(t: Thresholds) -> Self {
        ThresholdsData {
            strained_share: t.strained_share,
        }
    }
}

impl Default for Thresholds {
    fn default() -> Self {
        Thresholds {
            strained_share: default_strained_share(),
        }
    }
}

impl Thresholds {
    /// A year using more than `strained_share` of its capacity strains the
    /// payer. Must be finite and positive (values above 1 are allowed and
    /// mean "only a breach counts").
    ///
    /// # Errors
    /// [`Error::OutOfRange`] otherwise.
    ///
    /// ```
    /// use disburse::affordability::Thresholds;
    /// assert_eq!(Thresholds::new(0.9)?.strained_share(), 0.9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(strained_share: f64) -> Result<Self> {
        if !strained_share.is_finite() || strained_share <= 0.0 {
            return Err(Error::out_of_range(
                Quantity::StrainedShare,
                strained_share,
                Bound::PositiveNumber,
            ));
        }
        Ok(Thresholds { strained_share })
    }

    /// The share of capacity above which a year is strained.
    ///
    /// ```
    /// assert_eq!(disburse::affordability::Thresholds::default().strained_share(), 0.8);
    /// ```
    pub fn strained_share(&self) -> f64 {
        self.strained_share
    }
}

/// What a year exceeded.
///
/// ```
/// use disburse::affordability::Breach;
/// let b = Breach { capacity: Some("fx market".into()), unfunded: true, stock: None };
/// assert_eq!(b.to_string(), "over `fx market`, unfunded");
/// assert_eq!(b.names(), ["fx market", "funding"]);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Breach {
    /// The binding constraint, when the outlay exceeds the capacity.
    pub capacity: Option<String>,
    /// Whether part of the need could not be funded.
    pub unfunded: bool,
    /// The stock, when it ends the year below its floor.
    pub stock: Option<String>,
}

impl Breach {
    /// The names of what was exceeded: the binding constraint, `"funding"`,
    /// the stock.
    ///
    /// ```
    /// use disburse::affordability::Breach;
    /// let b = Breach { capacity: None, unfunded: false, stock: Some("reserves".into()) };
    /// assert_eq!(b.names(), ["reserves"]);
    /// ```
    pub fn names(&self) -> Vec<&str> {
        let mut v = Vec::new();
        if let Some(c) = &self.capacity {
            v.push(c.as_str());
        }
        if self.unfunded {
            v.push("funding");
        }
        if let Some(s) = &self.stock {
            v.push(s.as_str());
        }
        v
    }
}

impl fmt::Display for Breach {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(c) = &self.capacity {
            parts.push(format!("over `{c}`"));
        }
        if self.unfunded {
            parts.push("unfunded".to_string());
        }
        if let Some(s) = &self.stock {
            parts.push(format!("`{s}` below floor"));
        }
        f.write_str(&parts.join(", "))
    }
}

/// One constraint's use in a year, in the payer's currency.
///
/// ```
/// use disburse::affordability::{LimitUse, Limits};
/// use disburse::{Currency, Money};
/// use rust_decimal_macros::dec;
/// let u = LimitUse { name: "fx market".into(), limits: Limits::Conversion,
///     limit: Money::new(dec!(20), Currency::USD), used: Money::new(dec!(5), Currency::USD), share: Some(0.25) };
/// assert_eq!(u.to_string(), "fx market (conversion): $5.00 of $20.00, 25.0%");
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LimitUse {
    /// The constraint's name.
    pub name: String,
    /// What it limits.
    pub limits: Limits,
    /// Its limit in the year.
    pub limit: Money,
    /// What the year used of it: the outlay, the amount converted, or what
    /// was drawn from the stock.
    pub used: Money,
    /// `used / limit`; `None` when the limit is zero or negative.
    pub share: Option<f64>,
}

impl fmt::Display for LimitUse {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} ({}): {} of {}, {}",
            self.name,
            self.limits,
            self.used.compact(),
            self.limit.compact(),
            self.share
                .map_or_else(|| "unbounded".to_string(), |s| share(s).to_string())
        )
    }
}

/// One year of an [`AffordabilityReport`]. Amounts other than `outlay` and
/// the stock's are in the payer's currency (amounts in the outlays'
/// currency converted at the year's rate).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRow {
    /// The (fiscal) year.
    pub year: Period,
    /// The year's outlay in the schedule's currency: what is paid (with a
    /// deferral rule, after deferral).
    pub outlay: Money,
    /// What a deferral rule did, if the assessment has one.
    pub deferral: Option<DeferralRow>,
    /// The outlay in the payer's currency.
    pub outlay_payer: Money,
    /// The rule converting the outlays' currency that year
    /// (`1 USD = 1,430 KRW in 2026`), when it differs from the payer's.
    pub fx: Option<String>,
    /// The binding constraint's limit.
    pub capacity: Money,
    /// The binding constraint: the one with the largest share used (ties:
    /// the least headroom, then the first listed).
    pub binding: String,
    /// `capacity − used` of the binding constraint (negative when over).
    pub headroom: Money,
    /// The binding constraint's share used; `None` when its limit is zero
    /// or negative.
    pub share_used: Option<f64>,
    /// Every constraint's limit and use, in the capacity's order.
    pub limits: Vec<LimitUse>,
    /// How the need (outlay plus debt service) was met.
    pub funding: FundingBreakdown,
    /// Interest paid in the year on the debt at its start.
    pub interest: Money,
    /// Principal repaid in the year.
    pub principal_repaid: Money,
    /// Debt outstanding at the end of the year (borrowing and swap lines).
    pub debt_after: Money,
    /// Payer-currency funds converted into the outlays' currency.
    pub converted: Money,
    /// The stock at the end of the year, in its own currency.
    pub stock_after: Option<Money>,
    /// The stock's floor in the year, in its own currency.
    pub stock_floor: Option<Money>,
    /// `stock_after / stock_floor`; `None` without a stock or with a zero
    /// floor.
    pub adequacy: Option<f64>,
    /// What the year exceeded, if anything.
    pub breach: Option<Breach>,
    /// The instruments' expected receipts of the year (loan interest and
    /// repayments, guarantee fees, recoveries), in the outlays' currency;
    /// zero for a plan of cash or equity only. They pay the year's outlay,
    /// then its debt service in that currency, before any source (see
    /// [`Assessment::assess_expected`](super::Assessment::assess_expected)).
    #[serde(default = "zero_usd")]
    pub receipts: Money,
    /// Receipts left over and added to the stock (held in the outlays'
    /// currency), in that currency.
    #[serde(default = "zero_usd")]
    pub receipts_to_stock: Money,
    /// Receipts left over and carried to the next year (when the stock is
    /// not held in the outlays' currency), in that currency.
    #[serde(default = "zero_usd")]
    pub receipts_carried: Money,
}

/// The serde default of the fields added with instruments: zero (a report
/// written before them had no receipts).
fn zero_usd() -> Money {
    Money::zero(Currency::USD)
}

/// An amount in a given year.
///
/// ```
/// use disburse::affordability::YearAmount;
/// use disburse::{Currency, Money, Period};
/// let y = YearAmount { year: Period::Year(2026), amount: Money::zero(Currency::USD) };
/// assert_eq!(y.to_string(), "$0.00 in 2026");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YearAmount {
    /// The year.
    pub year: Period,
    /// The amount.
    pub amount: Money,
}

impl fmt::Display for YearAmount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} in {}", self.amount.compact(), self.year)
    }
}

/// A share of capacity in a given year; `share: None` means a positive
/// outlay against a capacity of zero or less (an unbounded share).
///
/// ```
/// use disburse::affordability::YearShare;
/// use disburse::Period;
/// assert_eq!(YearShare { year: Period::Year(2026), share: Some(0.816) }.to_string(), "81.6% in 2026");
/// assert_eq!(YearShare { year: Period::Year(2026), share: None }.to_string(), "unbounded in 2026");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct YearShare {
    /// The year.
    pub year: Period,
    /// The share, or `None` if unbounded.
    pub share: Option<f64>,
}

impl fmt::Display for YearShare {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.share {
            Some(s) => write!(f, "{} in {}", share(s), self.year),
            None => write!(f, "unbounded in {}", self.year),
        }
    }
}

/// A share of capacity as a percentage with one decimal (`81.6%`).
fn share(s: f64) -> Percent {
    Percent::new(s, Digits::Fixed(1))
}

/// The overall judgement.
///
/// ```
/// use disburse::affordability::Verdict;
/// assert_eq!(Verdict::Strained.to_string(), "strained");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// No breach, no borrowing, no year above the strained share.
    Affordable,
    /// No breach, but borrowing is needed or some year uses more than the
    /// strained share of its capacity.
    Strained,
    /// Some year is in breach.
    Unaffordable,
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Verdict::Affordable => "affordable",
            Verdict::Strained => "strained",
            Verdict::Unaffordable => "unaffordable",
        })
    }
}

/// The summary of an [`AffordabilityReport`]; amounts in the payer's
/// currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// The year of the largest outlay (the earliest on ties).
    pub peak: YearAmount,
    /// The years with a breach, in order.
    pub years_in_breach: Vec<Period>,
    /// The largest share of capacity used (unbounded shares count as the
    /// largest); `None` if no year has a positive outlay or a share.
    pub largest_share: Option<YearShare>,
    /// The lowest headroom (the earliest on ties).
    pub lowest_headroom: YearAmount,
    /// The lowest end-of-year stock, if there is a stock.
    pub lowest_stock: Option<YearAmount>,
    /// The lowest adequacy ratio (stock over floor), if there is a stock
    /// with a floor.
    pub lowest_adequacy: Option<YearShare>,
    /// Interest paid over all years.
    pub total_interest: Money,
    /// Present value of the interest at the funding's discount rate,
    /// annual compounding, the interest of the k-th year discounted by
    /// `(1 + rate)^k` (k = 0 in the first outlay year), rounded half-even
    /// to minor units.
    pub pv_interest: Money,
    /// New debt over all years (borrowing and swap drawings).
    pub total_borrowed: Money,
    /// Principal repaid over all years.
    pub total_repaid: Money,
    /// Debt outstanding after the last year (the horizon).
    pub final_debt: Money,
    /// The total funding cost: the present value, discounted as
    /// `pv_interest`, of interest, principal repaid and the debt
    /// outstanding at the horizon (discounted with the last year). With
    /// every rate zero it is `total_borrowed`.
    pub funding_cost: Money,
    /// Payer-currency funds converted into the outlays' currency over all
    /// years.
    pub total_converted: Money,
    /// The years a deferral rule fired, in order (empty without one).
    pub deferred_years: Vec<Period>,
    /// The largest amount carried at the end of a year by a deferral rule
    /// (outlays' currency), if any was carried.
    pub peak_carried: Option<YearAmount>,
    /// The instruments' receipts over all years (outlays' currency); zero
    /// for cash or equity only.
    #[serde(default = "zero_usd")]
    pub total_receipts: Money,
    /// Receipts never used: carried at the end of the last year (outlays'
    /// currency).
    #[serde(default = "zero_usd")]
    pub receipts_unused: Money,
    /// The verdict.
    pub verdict: Verdict,
    /// Why.
    pub reason: String,
}

/// The result of [`Assessment::assess`](super::Assessment::assess): one [`YearRow`] per year from the first to
/// the last outlay year, and a [`Summary`].
///
/// `Display` renders an aligned table (compact amounts, shares as
/// percentages) followed by the summary.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AffordabilityReport {
    /// The rules the assessment used, one line each (the FX rule, each
    /// debt's terms, the stock's floor and income policy, the horizon), as
    /// printed above the table.
    pub assumptions: Vec<String>,
    /// The rows, in year order.
    pub rows: Vec<YearRow>,
    /// The summary.
    pub summary: Summary,
}

/// The engine of [`Assessment::assess`](super::Assessment::assess), whose
/// documentation states the rules and the errors.
pub(crate) fn assess_parts(
    schedule: &Schedule,
    capacity: &Capacity,
    fx: Option<&FxPath>,
    funding: &Funding,
    thresholds: &Thresholds,
    deferral: Option<&Deferral>,
) -> Result<AffordabilityReport> {
    assess_with_receipts(schedule, None, capacity, fx, funding, thresholds, deferral)
}

/// [`assess_parts`] with the instruments' `receipts` (positive amounts in
/// the outlays' currency, `None` for none): the rows cover every year with
/// an outlay or a receipt.
pub(crate) fn assess_with_receipts(
    schedule: &Schedule,
    receipts: Option<&Schedule>,
    capacity: &Capacity,
    fx: Option<&FxPath>,
    funding: &Funding,
    thresholds: &Thresholds,
    deferral: Option<&Deferral>,
) -> Result<AffordabilityReport> {
    let payer = capacity.currency();
    let from = schedule.currency();
    check_currencies(from, payer, fx)?;
    let basis = PeriodBasis::FiscalYear(capacity.year());
    let years = schedule.aggregate(basis)?;
    let received = match receipts {
        Some(r) if r.currency() != from => {
            return Err(Error::CurrencyMismatch {
                expected: from,
                found: r.currency(),
            });
        }
        Some(r) => r.aggregate(basis)?,
        None => Vec::new(),
    };
    if let Some(neg) = received.iter().find(|r| r.total.is_negative()) {
        return Err(Error::out_of_range(
            Quantity::YearlyReceipts(neg.period),
            neg.total,
            Bound::NonNegative,
        ));
    }
    let years = cover(years, &received, basis, from)?;
    let rows = year_rows(
        years.into_iter().map(Ok),
        from,
        capacity,
        fx,
        funding,
        deferral,
        None,
        &received,
        |_| true,
    )?;
    report_from_rows(rows, from, capacity, fx, funding, thresholds, deferral)
}

/// The outlay `years` extended with zero outlays to cover every period of
/// `receipts` (both contiguous and in order), so that a year with only
/// receipts has its row.
fn cover(
    years: Vec<PeriodTotal>,
    receipts: &[PeriodTotal],
    basis: PeriodBasis,
    from: Currency,
) -> Result<Vec<PeriodTotal>> {
    let (Some(rf), Some(rl)) = (receipts.first(), receipts.last()) else {
        return Ok(years);
    };
    let first = years.first().map_or(rf.period, |y| y.period.min(rf.period));
    let last = years.last().map_or(rl.period, |y| y.period.max(rl.period));
    let mut out = Vec::with_capacity(years.len() + receipts.len());
    let mut given = years.into_iter().peekable();
    let mut p = first;
    loop {
        match given.peek() {
            Some(y) if y.period == p => out.extend(given.next()),
            _ => out.push(PeriodTotal {
                period: p,
                total: Money::zero(from),
            }),
        }
        if p >= last {
            break;
        }
        // Both ends come from dated schedules: the walk is bounded.
        p = basis.next(p);
    }
    Ok(out)
}

/// The report of the engine's `rows`: the summary and the assumptions.
pub(crate) fn report_from_rows(
    rows: Vec<YearRow>,
    from: Currency,
    capacity: &Capacity,
    fx: Option<&FxPath>,
    funding: &Funding,
    thresholds: &Thresholds,
    deferral: Option<&Deferral>,
) -> Result<AffordabilityReport> {
    let payer = capacity.currency();
    let summary = summarize(&rows, funding, thresholds, payer)?;
    let mut assumptions = assumptions(&rows, from, capacity, fx, funding);
    if let Some(d) = deferral {
        assumptions.push(format!("deferral: {d}"));
    }
    Ok(AffordabilityReport {
        assumptions,
        rows,
        summary,
    })
}

/// The outlays' currency must be the payer's, or an FX path connect them.
pub(crate) fn check_currencies(from: Currency, payer: Currency, fx: Option<&FxPath>) -> Result<()> {
    if from != payer && !fx.is_some_and(|p| p.connects(from, payer)) {
        return Err(Error::CurrencyMismatch {
            expected: payer,
            found: from,
        });
    }
    Ok(())
}

/// The conversion of `year` from `from` to `payer`.
fn conversion(fx: Option<&FxPath>, from: Currency, payer: Currency, year: i32) -> Result<Option<Conv>> {
    match fx {
        Some(path) if from != payer => Ok(Some(Conv {
            rate: path.rate(year)?,
            divide: path.base() != from,
        })),
        _ => Ok(None),
    }
}

fn to_payer(amount: Money, payer: Currency, fx: Option<&FxPath>, year: i32) -> Result<Money> {
    match fx {
        Some(path) if amount.currency() != payer => path.convert(amount, year),
        _ => Ok(amount),
    }
}

fn ratio(used: Decimal, limit: Decimal) -> Option<f64> {
    if limit > Decimal::ZERO {
        used.checked_div(limit).and_then(|s| s.to_f64())
    } else {
        None
    }
}

/// The rows of the yearly engine for the outlay `years` (totals in `from`,
/// contiguous fiscal years of the capacity, read one at a time), with the
/// debt-service years appended. Stops after the first row for which
/// `keep_going` is false (the solvers' early exit: a candidate fails at its
/// first failing year, and later years are never computed). `shocks`, a
/// Monte Carlo path's per-year overrides, is `None` for the deterministic
/// engine.
#[allow(clippy::too_many_arguments)]
pub(crate) fn year_rows(
    years: impl IntoIterator<Item = Result<PeriodTotal>>,
    from: Currency,
    capacity: &Capacity,
    fx: Option<&FxPath>,
    funding: &Funding,
    deferral: Option<&Deferral>,
    shocks: Option<&Shocks>,
    receipts: &[PeriodTotal],
    mut keep_going: impl FnMut(&YearRow) -> bool,
) -> Result<Vec<YearRow>> {
    if let Some(d) = deferral {
        let fx_trigger = !matches!(d.trigger(), DeferralTrigger::OutlayAbove { .. });
        if fx_trigger && (from == capacity.currency() || fx.is_none()) {
            return Err(Error::Invalid {
                what: Quantity::DeferralTrigger,
                reason: "an FX trigger needs an FX path between the outlays' and the payer's currencies",
            });
        }
    }
    let mut carry = Carry::default();
    let payer = capacity.currency();
    let basis = PeriodBasis::FiscalYear(capacity.year());
    let mut outlays = years.into_iter();
    let first = match outlays.next() {
        Some(p) => p?,
        None => {
            return Err(Error::Empty {
                what: Quantity::Schedule,
            });
        }
    };
    let stock = capacity.stock();
    let currencies = Currencies { payer, outlay: from };
    let mut state = FundingState::start(currencies, stock, funding, first.period.year())?;
    let mut rows = Vec::new();
    // The horizon, fixed when the outlays end: a number of years after the
    // last outlay, or the year the last debt then outstanding falls due.
    let mut horizon: Option<i64> = None;
    let mut next = Some(first);
    // One fiscal year: its row, then the next year to compute (`None`
    // after the last). An arithmetic overflow names its year.
    let mut step = |p: PeriodTotal| -> Result<Option<PeriodTotal>> {
        let year = p.period.year();
        if p.total.is_negative() {
            return Err(Error::out_of_range(
                Quantity::YearlyOutlay(p.period),
                p.total,
                Bound::NonNegative,
            ));
        }
        let received = receipts
            .binary_search_by(|r| r.period.cmp(&p.period))
            .map_or(Decimal::ZERO, |i| receipts[i].total.amount());
        // After the outlays, a rate nothing needs may be missing.
        let rate = match conversion(fx, from, payer, year) {
            Err(Error::FxPathTooShort { .. }) if horizon.is_some() && !state.holds_foreign() && received.is_zero() => {
                None
            }
            r => r?,
        };
        // The deferral rule turns what is scheduled into what is paid.
        let (paid, deferral_row) = match deferral {
            None => (p.total, None),
            Some(d) => {
                let due = carry
                    .total()
                    .checked_add(p.total.amount())
                    .ok_or_else(|| Error::overflow("deferral"))?;
                let triggered =
                    due.is_sign_positive() && !due.is_zero() && triggered(d.trigger(), fx, year, due, rate, payer)?;
                let minor = u32::from(from.minor_units());
                let (due, paid, carried) = carry.step(d, year, p.total.amount(), triggered, minor)?;
                let m = |x| Money::new(x, from);
                (
                    m(paid),
                    Some(DeferralRow {
                        scheduled: p.total,
                        due: m(due),
                        paid: m(paid),
                        carried: m(carried),
                        triggered,
                    }),
                )
            }
        };
        let shock = shocks.map_or(YearShock::NONE, |s| s.at(year));
        let limits = capacity.limits_shocked(year, state.level(), shock)?;
        let mut room: Option<Decimal> = None;
        let mut in_payer = Vec::with_capacity(limits.len());
        for l in limits {
            let amount = to_payer(l.amount, payer, fx, year)?;
            if l.limits == Limits::Conversion {
                room = Some(
                    room.map_or(amount.amount(), |r| r.min(amount.amount()))
                        .max(Decimal::ZERO),
                );
            }
            in_payer.push((l.name, l.limits, amount));
        }
        let input = YearInputs {
            year,
            outlay: paid.amount(),
            rate,
            conversion_room: if rate.is_some() { room } else { None },
            receipts: received,
        };
        let funded = state.fund_year_shocked(input, stock, funding, shock)?;
        let uses: Vec<LimitUse> = in_payer
            .into_iter()
            .map(|(name, limits, limit)| {
                let used = match limits {
                    Limits::Outlays => funded.net_outlay_payer,
                    Limits::Conversion => funded.converted,
                    Limits::StockDrawing => funded.stock_drawn,
                };
                LimitUse {
                    name,
                    limits,
                    limit,
                    used,
                    share: ratio(used.amount(), limit.amount()),
                }
            })
            .collect();
        let binding = binding(&uses)?;
        let headroom = binding.limit.checked_sub(binding.used)?;
        let unfunded = funded.breakdown.unfunded.is_positive();
        let below = match (stock, funded.stock_after, funded.stock_floor) {
            (Some(s), Some(after), Some(floor)) if after.amount() < floor.amount() => Some(s.name.clone()),
            _ => None,
        };
        let adequacy = match (funded.stock_after, funded.stock_floor) {
            (Some(a), Some(f)) => ratio(a.amount(), f.amount()),
            _ => None,
        };
        let over = headroom.is_negative();
        let breach = (over || unfunded || below.is_some()).then(|| Breach {
            capacity: over.then(|| binding.name.clone()),
            unfunded,
            stock: below,
        });
        let fx_rule = match fx {
            Some(path) if rate.is_some() && !shocks.is_some_and(|s| s.lean) => Some(path.rule(year)?),
            _ => None,
        };
        rows.push(YearRow {
            year: p.period,
            outlay: paid,
            deferral: deferral_row,
            outlay_payer: funded.outlay_payer,
            fx: fx_rule,
            capacity: binding.limit,
            binding: binding.name.clone(),
            headroom,
            share_used: binding.share,
            limits: uses,
            funding: funded.breakdown,
            interest: funded.interest,
            principal_repaid: funded.principal_repaid,
            debt_after: funded.debt_after,
            converted: funded.converted,
            stock_after: funded.stock_after,
            stock_floor: funded.stock_floor,
            adequacy,
            breach,
            receipts: Money::new(received, from),
            receipts_to_stock: Money::new(funded.receipts_to_stock, from),
            receipts_carried: Money::new(funded.receipts_carried, from),
        });
        if rows.last().is_some_and(|r| !keep_going(r)) {
            return Ok(None);
        }
        Ok(match outlays.next() {
            Some(q) => Some(q?),
            // Amounts still carried extend the outlay years.
            None if !carry.is_empty() => Some(PeriodTotal {
                period: basis.next(p.period),
                total: Money::zero(from),
            }),
            None => {
                let end = match horizon {
                    Some(h) => h,
                    None => {
                        let h = match funding.service_years() {
                            Some(n) => i64::from(year) + i64::from(n),
                            None => state.final_due().unwrap_or(i64::from(year)),
                        };
                        let years = h - i64::from(year);
                        if years > i64::from(MAX_DEBT_SERVICE_YEARS) {
                            return Err(Error::DebtNotRepaid {
                                years: u32::try_from(years).unwrap_or(u32::MAX),
                                outstanding: funded.debt_after,
                            });
                        }
                        horizon = Some(h);
                        h
                    }
                };
                let more = i64::from(year) < end && (funding.service_years().is_some() || funded.debt_left);
                more.then(|| PeriodTotal {
                    period: basis.next(p.period),
                    total: Money::zero(from),
                })
            }
        })
    };
    while let Some(p) = next.take() {
        let period = p.period;
        next = step(p).map_err(|e| e.in_year(period))?;
    }
    Ok(rows)
}

/// Whether a deferral trigger fires in `year` with `due` (outlays'
/// currency) to pay.
fn triggered(
    trigger: &DeferralTrigger,
    fx: Option<&FxPath>,
    year: i32,
    due: Decimal,
    rate: Option<Conv>,
    payer: Currency,
) -> Result<bool> {
    Ok(match (trigger, fx) {
        (DeferralTrigger::FxAbove { level }, Some(path)) => path.rate(year)? > *level,
        (DeferralTrigger::FxRiseAbove { change }, Some(path)) => match path.rate(year.saturating_sub(1)) {
            Ok(prev) => {
                let now = path.rate(year)?;
                let rise = now
                    .checked_sub(prev)
                    .and_then(|d| d.checked_div(prev))
                    .ok_or_else(|| Error::overflow("fx rise"))?;
                rise > *change
            }
            Err(Error::FxPathTooShort { .. }) => false,
            Err(e) => return Err(e),
        },
        (DeferralTrigger::OutlayAbove { amount }, _) => {
            let in_payer = match rate {
                None => due,
                Some(c) => Money::new(c.apply(due).ok_or_else(|| Error::overflow("fx conversion"))?, payer)
                    .round_to_minor(Rounding::HalfEven)
                    .amount(),
            };
            in_payer > *amount
        }
        _ => false,
    })
}

/// The binding constraint: the largest share used (an unbounded share —
/// a positive use of a limit of zero or less — first), then the least
/// headroom, then the first listed.
fn binding(uses: &[LimitUse]) -> Result<&LimitUse> {
    let key = |u: &LimitUse| -> (u8, f64) {
        match u.share {
            None if u.used.is_positive() => (2, 0.0),
            None => (0, 0.0),
            Some(s) => (1, s),
        }
    };
    let mut best: Option<&LimitUse> = None;
    for u in uses {
        best = match best {
            None => Some(u),
            Some(b) => {
                let (ku, kb) = (key(u), key(b));
                let better = ku.0 > kb.0
                    || (ku.0 == kb.0 && ku.1 > kb.1)
                    || (ku == kb && u.limit.checked_sub(u.used)?.amount() < b.limit.checked_sub(b.used)?.amount());
                if better { Some(u) } else { Some(b) }
            }
        };
    }
    best.ok_or(Error::Empty {
        what: Quantity::CapacityConstraints,
    })
}

/// One line stating what a constraint limits, amounts with their currency.
fn constraint_lines(c: &Constraint, payer: Currency, from: Currency) -> Vec<String> {
    let money = |amount: Decimal, currency: Currency| Money::new(amount, currency).compact().to_string();
    let target = |l: Limits| match l {
        Limits::Outlays => "of outlays".to_string(),
        Limits::Conversion => format!("of {payer} converted into {from}"),
        Limits::StockDrawing => "drawn from the stock".to_string(),
    };
    let pct = |x: f64| Percent::new(x, Digits::Shortest);
    match c {
        Constraint::FixedCap { name, amount, limits } => {
            vec![format!(
                "limit `{name}`: at most {} a year {}",
                money(*amount, payer),
                target(*limits)
            )]
        }
        Constraint::ShareOfFlow {
            name,
            base_year,
            base_amount,
            growth,
            share,
            limits,
        } => vec![format!(
            "limit `{name}`: {} of a flow of {} in {base_year} growing {} a year, {}",
            pct(*share),
            money(*base_amount, payer),
            pct(*growth),
            target(*limits)
        )],
        Constraint::Stock(st) => {
            let cur = st.currency.unwrap_or(payer);
            let mut first = format!(
                "stock `{}`: {} at the start of {}, yielding {}",
                st.name,
                money(st.level, cur),
                st.start_year,
                pct(st.yield_rate)
            );
            if !st.inflows.is_zero() {
                first.push_str(&format!(", inflows {} a year", money(st.inflows, cur)));
            }
            first.push_str(&format!("; {}", st.income_policy));
            let mut line = format!("stock `{}` floor: {}", st.name, money(st.floor, cur));
            match &st.adequacy_floor {
                Some(AdequacyFloor::ShareOfStart { share }) => {
                    line.push_str(&format!(" or {} of the starting level", pct(*share)));
                }
                Some(AdequacyFloor::MonthsOfImports {
                    months,
                    imports,
                    base_year,
                    growth,
                }) => line.push_str(&format!(
                    " or {months} months of imports ({} in {base_year}, growing {} a year)",
                    money(*imports, cur),
                    pct(*growth)
                )),
                None => {}
            }
            vec![first, line]
        }
    }
}

/// The funding sources in order, amounts with their currency.
fn funding_lines(funding: &Funding, capacity: &Capacity, from: Currency) -> Vec<String> {
    let payer = capacity.currency();
    let stock = capacity.stock().map(|s| s.currency.unwrap_or(payer));
    let pct = |x: f64| Percent::new(x, Digits::Shortest);
    let money = |a: Decimal, c: Currency| Money::new(a, c).compact().to_string();
    let parts: Vec<String> = funding
        .sources()
        .iter()
        .map(|s| match s {
            FundingSource::StockIncome => match stock {
                Some(c) => format!("stock income ({c})"),
                None => "stock income (no stock)".to_string(),
            },
            FundingSource::StockPrincipal => match stock {
                Some(c) => format!("stock principal ({c})"),
                None => "stock principal (no stock)".to_string(),
            },
            FundingSource::Budget { amount_per_year } => {
                format!("budget of {} a year", money(*amount_per_year, payer))
            }
            FundingSource::Borrowing {
                coupon,
                limit_per_year,
                currency,
                tenor,
                profile,
            } => {
                let c = currency.unwrap_or(payer);
                let limit = limit_per_year.map_or_else(String::new, |l| format!(", at most {} a year", money(l, c)));
                format!("{c} borrowing at {}, {tenor}-year {profile}{limit}", pct(*coupon))
            }
            FundingSource::SwapLine {
                limit,
                rate,
                tenor,
                rollovers,
            } => format!(
                "swap line of {} at {}, {tenor}-year drawings rolled up to {rollovers} times",
                money(*limit, from),
                pct(*rate)
            ),
        })
        .collect();
    let mut lines: Vec<String> = parts
        .into_iter()
        .enumerate()
        .map(|(i, p)| format!("funding {}: {p}", i + 1))
        .collect();
    if lines.is_empty() {
        lines.push("funding: no sources (whatever is needed is unfunded)".to_string());
    }
    lines.push(format!("funding cost: discounted at {}", pct(funding.discount_rate())));
    lines
}

/// The rules the engine used, as lines for the report's header.
fn assumptions(
    rows: &[YearRow],
    from: Currency,
    capacity: &Capacity,
    fx: Option<&FxPath>,
    funding: &Funding,
) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(path), Some(first)) = (fx, rows.first()) {
        if from != capacity.currency() {
            let last = rows.last().map_or(first.year, |r| r.year);
            let rule = first.fx.clone().unwrap_or_default();
            out.push(format!(
                "FX: {rule} ({}/{} {}, through {last})",
                path.base(),
                path.quote(),
                path.rates()
            ));
        }
    }
    for c in capacity.constraints() {
        out.extend(constraint_lines(c, capacity.currency(), from));
    }
    out.extend(funding_lines(funding, capacity, from));
    out.push("debt: interest on each balance at the start of the year, none in the year of issue".to_string());
    out.push("debt service: funded like an outlay, from the same sources in order".to_string());
    let horizon = match (funding.service_years(), rows.last()) {
        (Some(n), Some(r)) => format!("horizon: to {}, {n} years after the last outlay", r.year),
        (None, Some(r)) => format!(
            "horizon: to {}, when the debt outstanding after the last outlay is due",
            r.year
        ),
        _ => "horizon: none".to_string(),
    };
    out.push(horizon);
    if rows.iter().any(|r| r.receipts.is_positive()) {
        let stock_holds_them = capacity
            .stock()
            .is_some_and(|st| st.currency.unwrap_or(capacity.currency()) == from);
        let sold = if from == capacity.currency() {
            String::new()
        } else {
            format!(
                " ({} sold at the year's rate for debt in {})",
                from.code(),
                capacity.currency().code()
            )
        };
        out.push(format!(
            "instruments: expected flows (a guarantee's expected calls and a loan's drawdowns are outlays); \
             receipts (interest, repayments, fees, recoveries) pay the year's outlay, then its debt service{sold}, \
             before any source; an outlay limit counts the outlay net of them; what is left {}",
            if stock_holds_them {
                "is added to the stock"
            } else {
                "is carried to the next year, earning nothing"
            }
        ));
    }
    out
}

/// The total funding cost of [`Summary::funding_cost`]: the yearly debt
/// `service` (interest plus principal, in the payer's currency), the debt
/// left at the horizon added to the last year, discounted at the funding's
/// rate with the first year undiscounted, rounded half-even to minor units.
pub(crate) fn discounted_service(
    mut service: Vec<Decimal>,
    final_debt: Money,
    funding: &Funding,
    payer: Currency,
) -> Result<Money> {
    if let Some(last) = service.last_mut() {
        *last = last
            .checked_add(final_debt.amount())
            .ok_or_else(|| Error::overflow("funding cost"))?;
    }
    if service.iter().all(|i| i.is_zero()) {
        return Ok(Money::zero(payer));
    }
    let v = npv(funding.discount_rate(), &service, FirstPeriod::Zero)?;
    Ok(Money::new(v, payer).round_to_minor(Rounding::HalfEven))
}

fn summarize(rows: &[YearRow], funding: &Funding, thresholds: &Thresholds, payer: Currency) -> Result<Summary> {
    let first = rows.first().ok_or(Error::Empty {
        what: Quantity::Schedule,
    })?;
    let mut peak = YearAmount {
        year: first.year,
        amount: first.outlay_payer,
    };
    let mut lowest_headroom = YearAmount {
        year: first.year,
        amount: first.headroom,
    };
    let mut lowest_stock: Option<YearAmount> = None;
    let mut lowest_adequacy: Option<YearShare> = None;
    let mut largest_share: Option<YearShare> = None;
    let mut years_in_breach = Vec::new();
    let mut deferred_years = Vec::new();
    let mut peak_carried: Option<YearAmount> = None;
    let zero = Money::zero(payer);
    let (mut total_interest, mut total_borrowed, mut total_repaid, mut total_converted) = (zero, zero, zero, zero);
    let from = first.outlay.currency();
    let mut total_receipts = Money::zero(from);
    let mut interests = Vec::with_capacity(rows.len());
    let mut service = Vec::with_capacity(rows.len());
    for r in rows {
        if r.outlay_payer.amount() > peak.amount.amount() {
            peak = YearAmount {
                year: r.year,
                amount: r.outlay_payer,
            };
        }
        if r.headroom.amount() < lowest_headroom.amount.amount() {
            lowest_headroom = YearAmount {
                year: r.year,
                amount: r.headroom,
            };
        }
        if let Some(s) = r.stock_after {
            if lowest_stock.is_none_or(|l| s.amount() < l.amount.amount()) {
                lowest_stock = Some(YearAmount {
                    year: r.year,
                    amount: s,
                });
            }
        }
        if let Some(a) = r.adequacy {
            if lowest_adequacy.is_none_or(|l| l.share.is_some_and(|x| a < x)) {
                lowest_adequacy = Some(YearShare {
                    year: r.year,
                    share: Some(a),
                });
            }
        }
        // Unbounded (None with a positive use) beats any finite share.
        let candidate = match r.share_used {
            Some(s) => Some(YearShare {
                year: r.year,
                share: Some(s),
            }),
            None if r.capacity.checked_sub(r.headroom)?.is_positive() => Some(YearShare {
                year: r.year,
                share: None,
            }),
            None => None,
        };
        if let Some(c) = candidate {
            let better = match (largest_share, c.share) {
                (None, _) => true,
                (Some(YearShare { share: None, .. }), _) => false,
                (Some(_), None) => true,
                (Some(YearShare { share: Some(a), .. }), Some(b)) => b > a,
            };
            if better {
                largest_share = Some(c);
            }
        }
        if r.breach.is_some() {
            years_in_breach.push(r.year);
        }
        if let Some(d) = r.deferral {
            if d.triggered {
                deferred_years.push(r.year);
            }
            if d.carried.is_positive() && peak_carried.is_none_or(|p| d.carried.amount() > p.amount.amount()) {
                peak_carried = Some(YearAmount {
                    year: r.year,
                    amount: d.carried,
                });
            }
        }
        total_interest = total_interest.checked_add(r.interest)?;
        total_borrowed = total_borrowed
            .checked_add(r.funding.borrowed)?
            .checked_add(r.funding.from_swap)?;
        total_repaid = total_repaid.checked_add(r.principal_repaid)?;
        total_converted = total_converted.checked_add(r.converted)?;
        total_receipts = total_receipts.checked_add(r.receipts)?;
        interests.push(r.interest.amount());
        service.push(r.interest.checked_add(r.principal_repaid)?.amount());
    }
    let final_debt = rows.last().map_or(zero, |r| r.debt_after);
    let pv = |flows: &[Decimal]| -> Result<Money> {
        if flows.iter().all(|i| i.is_zero()) {
            return Ok(zero);
        }
        let v = npv(funding.discount_rate(), flows, FirstPeriod::Zero)?;
        Ok(Money::new(v, payer).round_to_minor(Rounding::HalfEven))
    };
    let pv_interest = pv(&interests)?;
    let funding_cost = discounted_service(service, final_debt, funding, payer)?;

    let (verdict, reason) = if let (Some(y), n) = (years_in_breach.first(), years_in_breach.len()) {
        let row = rows.iter().find(|r| r.year == *y);
        let what = row
            .and_then(|r| r.breach.as_ref().map(|b| (r, b)))
            .map(|(r, b)| {
                if b.unfunded {
                    format!("{} {}", b, r.funding.unfunded.compact())
                } else {
                    b.to_string()
                }
            })
            .unwrap_or_default();
        let bound = row
            .filter(|r| r.breach.as_ref().is_some_and(|b| b.unfunded && b.capacity.is_none()))
            .and_then(|r| {
                r.limits
                    .iter()
                    .find(|u| u.limits == Limits::Conversion && u.share.is_some_and(|s| s >= 1.0))
            })
            .map(|u| format!("; `{}` fully used", u.name))
            .unwrap_or_default();
        let years = if n == 1 { "year" } else { "years" };
        (
            Verdict::Unaffordable,
            format!("{n} {years} in breach, first {y} ({what}{bound})"),
        )
    } else {
        let over = largest_share.filter(|s| s.share.is_none_or(|x| x > thresholds.strained_share()));
        let mut reasons = Vec::new();
        if let Some(s) = over {
            let name = rows
                .iter()
                .find(|r| r.year == s.year)
                .map(|r| format!(" (`{}`)", r.binding))
                .unwrap_or_default();
            reasons.push(format!(
                "uses {} of capacity{name} in {}, above the {} threshold",
                s.share
                    .map_or_else(|| "unbounded".to_string(), |x| share(x).to_string()),
                s.year,
                share(thresholds.strained_share())
            ));
        }
        if total_borrowed.is_positive() {
            // Why: the first year that borrows, and what current income and
            // the stock covered of its need.
            let first = rows
                .iter()
                .find(|r| r.funding.borrowed.is_positive() || r.funding.from_swap.is_positive());
            let why = match first {
                Some(r) => {
                    let need = r.funding.total()?;
                    let own = r.funding.from_income.checked_add(r.funding.from_principal)?;
                    format!(
                        ", first in {}: own resources {} of a {} need",
                        r.year,
                        own.compact(),
                        need.compact()
                    )
                }
                None => String::new(),
            };
            reasons.push(format!("needs borrowing of {} in total{why}", total_borrowed.compact()));
        }
        if reasons.is_empty() {
            let reason = match largest_share {
                Some(s) => format!("within capacity, at most {s}"),
                None => "within capacity".to_string(),
            };
            (Verdict::Affordable, reason)
        } else {
            (Verdict::Strained, reasons.join("; "))
        }
    };
    Ok(Summary {
        peak,
        years_in_breach,
        largest_share,
        lowest_headroom,
        lowest_stock,
        lowest_adequacy,
        total_interest,
        pv_interest,
        total_borrowed,
        total_repaid,
        final_debt,
        funding_cost,
        total_converted,
        deferred_years,
        peak_carried,
        total_receipts,
        receipts_unused: rows.last().map_or(Money::zero(from), |r| r.receipts_carried),
        verdict,
        reason,
    })
}

impl fmt::Display for AffordabilityReport {
    /// [`AffordabilityReport::document`] as text (without a newline at the
    /// end).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.document().to_text();
        f.write_str(text.strip_suffix('\n').unwrap_or(&text))
    }
}

impl AffordabilityReport {
    /// The report as a [`Document`]: the assumptions, the two yearly
    /// tables (what each year asked and what bound it; how it was paid),
    /// the summary (verdict, peak, years in breach, headroom, stock, debt
    /// and funding cost).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(100))])?;
    /// let a = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::borrowing(0.0)], 0.0)?);
    /// let s = Commitment::single("p", Money::new(dec!(150), Currency::USD), Plan::upfront(jan1))?.schedule()?;
    /// let r = a.assess(&s)?;
    /// assert_eq!(r.document().tables().count(), 2);
    /// assert!(r.document().to_markdown().contains("| year |"));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn document(&self) -> Document {
        let mut d = Document::new();
        for a in &self.assumptions {
            d.line(a.to_string());
        }
        if !self.assumptions.is_empty() {
            d.blank();
        }
        let [asked, paid] = self.tables();
        let payer = self.summary.peak.amount.currency();
        d.line("Each year: the outlay, the binding limit and the share of it used, the stock");
        d.table(asked);
        d.blank();
        d.line(format!(
            "How each year's need (outlay and debt service) was met, in {}",
            payer.code()
        ));
        d.table(paid);
        let s = &self.summary;
        d.blank();
        d.line(format!("verdict: {} ({})", s.verdict, s.reason));
        d.line(format!("peak outlay: {}", s.peak));
        if s.years_in_breach.is_empty() {
            d.line("years in breach: none");
        } else {
            let ys: Vec<String> = s.years_in_breach.iter().map(Period::to_string).collect();
            d.line(format!("years in breach: {}", ys.join(", ")));
        }
        if let Some(sh) = s.largest_share {
            d.line(format!("largest share of capacity: {sh}"));
        }
        d.line(format!("lowest headroom: {}", s.lowest_headroom));
        if let Some(st) = s.lowest_stock {
            d.line(format!("lowest stock: {st}"));
        }
        if let Some(a) = s.lowest_adequacy {
            d.line(format!("lowest adequacy (stock / floor): {a}"));
        }
        if !s.deferred_years.is_empty() {
            let ys: Vec<String> = s.deferred_years.iter().map(Period::to_string).collect();
            d.line(match s.peak_carried {
                Some(p) => format!("deferral applied in: {}; most carried: {p}", ys.join(", ")),
                None => format!("deferral applied in: {}", ys.join(", ")),
            });
        }
        if s.total_converted.is_positive() {
            d.line(format!("converted: {}", s.total_converted.compact()));
        }
        if s.total_receipts.is_positive() {
            d.line(format!(
                "instruments' receipts: {} (unused at the end: {})",
                s.total_receipts.compact(),
                s.receipts_unused.compact()
            ));
        }
        d.line(format!(
            "debt (at each year's FX rate): borrowed {}, repaid {}, outstanding at the horizon {}",
            s.total_borrowed.compact(),
            s.total_repaid.compact(),
            s.final_debt.compact()
        ));
        d.line(format!(
            "interest: {} (present value {})",
            s.total_interest.compact(),
            s.pv_interest.compact()
        ));
        d.line(format!(
            "total funding cost: {} (present value of interest, principal repaid and debt at the horizon)",
            s.funding_cost.compact()
        ));
        d
    }
}

impl AffordabilityReport {
    /// The yearly rows as two tables, each at most about 100 columns wide:
    /// what each year asked and what bound it, then how it was paid.
    fn tables(&self) -> [Table; 2] {
        let rows = &self.rows;
        let converted = rows.iter().any(|r| r.outlay.currency() != r.outlay_payer.currency());
        let any = |pick: fn(&YearRow) -> Money| rows.iter().any(|r| !pick(r).is_zero());
        let has_stock = rows.iter().any(|r| r.stock_after.is_some());
        let has_adequacy = rows.iter().any(|r| r.adequacy.is_some());
        let text = |head: &str, cell: fn(&YearRow) -> String| {
            Column::new(Align::Left).header([head]).cells(rows.iter().map(cell))
        };
        let number = |head: &str, cell: fn(&YearRow) -> String| {
            Column::new(Align::Right).header([head]).cells(rows.iter().map(cell))
        };
        let money = |head: &str, amount: fn(&YearRow) -> Money| {
            Column::new(Align::Right)
                .header([head])
                .cells(rows.iter().map(|r| amount(r).compact().to_string()))
        };
        // What the year asked and what bound it.
        let mut asked = vec![text("year", |r| r.year.to_string())];
        if rows.iter().any(|r| r.deferral.is_some()) {
            asked.push(money("due", |r| {
                r.deferral.map_or(Money::zero(r.outlay.currency()), |d| d.due)
            }));
            asked.push(money("paid", |r| r.outlay));
            asked.push(money("carried", |r| {
                r.deferral.map_or(Money::zero(r.outlay.currency()), |d| d.carried)
            }));
        } else {
            asked.push(money("outlay", |r| r.outlay));
        }
        if converted {
            asked.push(money("in payer's", |r| r.outlay_payer));
        }
        asked.extend([
            text("binding", |r| r.binding.clone()),
            number("share", |r| {
                r.share_used.map_or_else(|| "—".to_string(), |s| share(s).to_string())
            }),
        ]);
        if has_stock {
            asked.push(number("stock", |r| {
                r.stock_after
                    .map_or_else(|| "—".to_string(), |m| m.compact().to_string())
            }));
        }
        if has_adequacy {
            asked.push(number("adequacy", |r| {
                r.adequacy.map_or_else(|| "—".to_string(), |a| share(a).to_string())
            }));
        }
        asked.push(text("breach", |r| {
            r.breach.as_ref().map_or_else(String::new, |b| b.to_string())
        }));
        // How the need (outlay and debt service) was paid, in the payer's
        // currency.
        let mut paid = vec![
            text("year", |r| r.year.to_string()),
            money("income", |r| r.funding.from_income),
            money("borrowed", |r| r.funding.borrowed),
        ];
        if any(|r| r.funding.from_swap) {
            paid.push(money("swap", |r| r.funding.from_swap));
        }
        if any(|r| r.funding.from_principal) {
            paid.push(money("principal", |r| r.funding.from_principal));
        }
        if any(|r| r.funding.from_receipts) {
            paid.push(money("receipts", |r| r.funding.from_receipts));
        }
        paid.push(money("unfunded", |r| r.funding.unfunded));
        paid.push(money("interest", |r| r.interest));
        if any(|r| r.principal_repaid) {
            paid.push(money("repaid", |r| r.principal_repaid));
        }
        paid.push(money("debt", |r| r.debt_after));
        if any(|r| r.converted)
            || rows
                .iter()
                .any(|r| r.limits.iter().any(|u| u.limits == Limits::Conversion))
        {
            paid.push(money("converted", |r| r.converted));
        }
        [Table::new(asked), Table::new(paid)]
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn thresholds_from_a_document_name_their_field() {
        let e = serde_json::from_str::<Thresholds>(r#"{"strained_share":0}"#)
            .unwrap_err()
            .to_string();
        assert!(
            e.starts_with("field `strained_share`: strained share is out of range"),
            "{e}"
        );
    }

    use super::*;
    use crate::affordability::AdequacyFloor;

    fn assess(
        s: &Schedule,
        c: &Capacity,
        fx: Option<&FxPath>,
        f: &Funding,
        t: &Thresholds,
    ) -> Result<AffordabilityReport> {
        assess_parts(s, c, fx, f, t, None)
    }
    use crate::affordability::{Constraint, FundingSource, Stock};
    use crate::{CashFlow, Currency, FiscalYear};
    use chrono::NaiveDate;
    use rust_decimal::Decimal;
    use rust_decimal_macros::dec;

    fn usd(x: Decimal) -> Money {
        Money::new(x, Currency::USD)
    }

    fn yearly(amounts: &[(i32, Decimal)]) -> Schedule {
        let flows = amounts
            .iter()
            .map(|(y, a)| CashFlow::new(NaiveDate::from_ymd_opt(*y, 3, 1).unwrap(), usd(*a), "cash"))
            .collect();
        Schedule::new(Currency::USD, flows).unwrap()
    }

    fn korea(floor: Decimal) -> Capacity {
        Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::Stock(
                Stock::new("reserves", 2026, dec!(428.82e9), 0.0).with_floor(floor),
            )],
        )
        .unwrap()
    }

    #[test]
    fn upfront_350_is_81_6_percent_of_reserves() {
        let s = yearly(&[(2026, dec!(350e9))]);
        let funding = Funding::new(vec![FundingSource::StockPrincipal], 0.04).unwrap();
        let r = assess(&s, &korea(dec!(0)), None, &funding, &Thresholds::default()).unwrap();
        let row = &r.rows[0];
        let share = row.share_used.unwrap();
        assert!((share - 0.816_193_3).abs() < 1e-7, "{share}");
        assert_eq!(format!("{:.1}", share * 100.0), "81.6");
        assert_eq!(row.stock_after.unwrap().amount(), dec!(78.82e9));
        assert_eq!(r.summary.verdict, Verdict::Strained);
        assert!(r.summary.reason.contains("81.6%"), "{}", r.summary.reason);
        // With a $100B floor, $350B exceeds the $328.82B above it: the
        // reserves are drawn to the floor (100% of what they allow) and the
        // rest is unfunded.
        let r = assess(&s, &korea(dec!(100e9)), None, &funding, &Thresholds::default()).unwrap();
        let b = r.rows[0].breach.clone().unwrap();
        assert_eq!(
            (r.rows[0].binding.as_str(), r.rows[0].share_used),
            ("reserves", Some(1.0))
        );
        assert_eq!(b.capacity, None);
        assert!(b.unfunded);
        assert_eq!(r.rows[0].adequacy, Some(1.0));
        assert_eq!(r.rows[0].funding.unfunded.amount(), dec!(21.18e9));
        assert_eq!(r.summary.verdict, Verdict::Unaffordable);
        assert_eq!(r.summary.years_in_breach, vec![Period::Year(2026)]);
    }

    fn twenty_a_year_capacity() -> Capacity {
        Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![
                Constraint::fixed_cap("fx market", dec!(20e9)),
                Constraint::Stock(Stock::new("reserves", 2026, dec!(400e9), 0.0375)),
            ],
        )
        .unwrap()
    }

    #[test]
    fn twenty_a_year_affordable_or_strained_per_threshold() {
        let s = yearly(&[(2026, dec!(20e9)), (2027, dec!(20e9)), (2028, dec!(20e9))]);
        let cap = twenty_a_year_capacity();
        let self_funded = Funding::new(vec![FundingSource::StockIncome, FundingSource::StockPrincipal], 0.04).unwrap();
        let r = assess(&s, &cap, None, &self_funded, &Thresholds::default()).unwrap();
        assert_eq!(r.rows[0].binding, "fx market");
        assert_eq!(r.rows[0].share_used, Some(1.0));
        assert!(r.rows[0].headroom.is_zero());
        assert_eq!(r.rows[0].funding.from_income.amount(), dec!(15e9));
        assert_eq!(r.rows[0].funding.from_principal.amount(), dec!(5e9));
        // 400 + 15 − 20 = 395, then 395 × 1.0375 − 20 = 389.8125
        assert_eq!(r.rows[1].stock_after.unwrap().amount(), dec!(389.8125e9));
        assert_eq!(r.summary.verdict, Verdict::Strained);
        let r = assess(&s, &cap, None, &self_funded, &Thresholds::new(1.0).unwrap()).unwrap();
        assert_eq!(r.summary.verdict, Verdict::Affordable);
        assert_eq!(r.summary.lowest_stock.unwrap().year, Period::Year(2028));
        // $15B a year: 75% of the cap, all from income.
        let s15 = yearly(&[(2026, dec!(15e9)), (2027, dec!(15e9))]);
        let r = assess(&s15, &cap, None, &self_funded, &Thresholds::default()).unwrap();
        assert_eq!(r.summary.verdict, Verdict::Affordable);
        assert_eq!(r.rows[1].stock_after.unwrap().amount(), dec!(400e9));
    }

    #[test]
    fn korea_like_funding_run() {
        let s = yearly(&[(2026, dec!(20e9)), (2027, dec!(20e9)), (2028, dec!(20e9))]);
        let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04).unwrap();
        let r = assess(
            &s,
            &twenty_a_year_capacity(),
            None,
            &funding,
            &Thresholds::new(1.0).unwrap(),
        )
        .unwrap();
        // Each year $5B (plus the interest) is borrowed as a 10-year
        // bullet: $5B due 2036, $5.2B 2037, $5.408B 2038; the horizon runs
        // to 2038. After 2028 the $15B of reserve income pays interest
        // (4% of $15.608B = $0.62432B) and, when due, principal.
        assert_eq!(r.rows.len(), 13);
        let borrowed: Vec<_> = r.rows.iter().map(|x| x.funding.borrowed.amount()).collect();
        assert_eq!(borrowed[..3], [dec!(5e9), dec!(5.2e9), dec!(5.408e9)]);
        assert!(borrowed[3..].iter().all(|b| b.is_zero()));
        let interest: Vec<_> = r.rows.iter().map(|x| x.interest.amount()).collect();
        let mut expected = vec![dec!(0), dec!(0.2e9), dec!(0.408e9)];
        expected.extend([dec!(0.62432e9); 8]);
        expected.extend([dec!(0.42432e9), dec!(0.21632e9)]);
        assert_eq!(interest, expected);
        let repaid: Vec<_> = r.rows.iter().map(|x| x.principal_repaid.amount()).collect();
        assert_eq!(repaid[10..], [dec!(5e9), dec!(5.2e9), dec!(5.408e9)]);
        assert!(r.summary.final_debt.is_zero());
        assert_eq!(r.summary.total_borrowed.amount(), dec!(15.608e9));
        assert_eq!(r.summary.total_repaid.amount(), dec!(15.608e9));
        // 0.2 + 0.408 + 8 × 0.62432 + 0.42432 + 0.21632 = 6.24320
        assert_eq!(r.summary.total_interest.amount(), dec!(6.2432e9));
        // At a discount rate equal to the coupon the debt costs what it
        // raised: 5 + 5.2/1.04 + 5.408/1.04² = $15B (to the cent).
        assert_eq!(r.summary.funding_cost.amount(), dec!(15e9));
        assert_eq!(r.summary.verdict, Verdict::Strained);
        assert!(r.summary.reason.contains("borrowing"), "{}", r.summary.reason);
        let text = r.to_string();
        assert!(text.contains("$5.20B"), "{text}");
        assert!(text.contains("verdict: strained"), "{text}");
    }

    #[test]
    fn fx_conversion_into_won() {
        let s = yearly(&[(2026, dec!(20e9))]);
        let cap = Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("budget", dec!(30e12))],
        )
        .unwrap();
        let fx = FxPath::flat(Currency::USD, Currency::KRW, dec!(1430)).unwrap();
        let funding = Funding::new(vec![FundingSource::borrowing(0.03)], 0.03).unwrap();
        let r = assess(&s, &cap, Some(&fx), &funding, &Thresholds::default()).unwrap();
        assert_eq!(r.rows[0].outlay_payer.amount(), dec!(28_600_000_000_000));
        assert!(r.to_string().contains("₩28.60T"));
        assert!(matches!(
            assess(&s, &cap, None, &funding, &Thresholds::default()),
            Err(Error::CurrencyMismatch { .. })
        ));
    }

    #[test]
    fn gaps_zero_capacity_and_errors() {
        let s = yearly(&[(2026, dec!(1)), (2028, dec!(1))]);
        let cap = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("nothing", dec!(0))],
        )
        .unwrap();
        let funding = Funding::new(vec![], 0.0).unwrap();
        let r = assess(&s, &cap, None, &funding, &Thresholds::default()).unwrap();
        assert_eq!(r.rows.len(), 3);
        assert_eq!(r.rows[0].share_used, None);
        assert!(r.rows[1].breach.is_none());
        assert_eq!(r.summary.largest_share.unwrap().share, None);
        assert_eq!(r.summary.years_in_breach.len(), 2);
        assert!(matches!(
            assess(
                &Schedule::empty(Currency::USD),
                &cap,
                None,
                &funding,
                &Thresholds::default()
            ),
            Err(Error::Empty { .. })
        ));
        let neg = yearly(&[(2026, dec!(-1))]);
        assert!(matches!(
            assess(&neg, &cap, None, &funding, &Thresholds::default()),
            Err(Error::OutOfRange { .. })
        ));
    }

    #[test]
    fn fx_stress_defers_half_and_pays_the_rest_within_two_years() {
        // $20B a year 2026–2028 paid in won; USD/KRW 1,430, 1,474, 1,500,
        // 1,500, 1,500. Above 1,450 only half of what is due is paid, the
        // rest carried at most 2 years. By hand: 2026 pays 20 (no stress);
        // 2027 pays 10 of 20; 2028 pays 15 of 30 (the 10 of 2027 first);
        // 2029 pays 7.5 of 15; 2030 must pay the last 7.5 (2028's, two
        // years old).
        let s = Schedule::new(
            Currency::USD,
            (2026..=2028)
                .map(|y| CashFlow::new(NaiveDate::from_ymd_opt(y, 1, 1).unwrap(), usd(dec!(20e9)), "cash"))
                .collect(),
        )
        .unwrap();
        let cap = Capacity::new(
            Currency::KRW,
            FiscalYear::CALENDAR,
            vec![Constraint::conversion_cap("fx market", dec!(40e12))],
        )
        .unwrap();
        let fx = FxPath::series(
            Currency::USD,
            Currency::KRW,
            2026,
            vec![dec!(1430), dec!(1474), dec!(1500), dec!(1500), dec!(1500)],
        )
        .unwrap();
        let budget = Funding::new(
            vec![FundingSource::Budget {
                amount_per_year: dec!(1e15),
            }],
            0.0,
        )
        .unwrap();
        let rule = Deferral::new(DeferralTrigger::FxAbove { level: dec!(1450) }, dec!(0.5), 2).unwrap();
        let r = assess_parts(&s, &cap, Some(&fx), &budget, &Thresholds::default(), Some(&rule)).unwrap();
        let paid: Vec<_> = r.rows.iter().map(|x| x.outlay.amount()).collect();
        assert_eq!(paid, [dec!(20e9), dec!(10e9), dec!(15e9), dec!(7.5e9), dec!(7.5e9)]);
        let carried: Vec<_> = r.rows.iter().map(|x| x.deferral.unwrap().carried.amount()).collect();
        assert_eq!(carried, [dec!(0), dec!(10e9), dec!(15e9), dec!(7.5e9), dec!(0)]);
        let won: Vec<_> = r.rows.iter().map(|x| x.outlay_payer.amount()).collect();
        assert_eq!(
            won,
            [
                dec!(28.6e12),
                dec!(14.74e12),
                dec!(22.5e12),
                dec!(11.25e12),
                dec!(11.25e12)
            ]
        );
        assert_eq!(r.rows.iter().map(|x| x.converted.amount()).collect::<Vec<_>>(), won);
        assert_eq!(
            r.summary.deferred_years,
            [2027, 2028, 2029, 2030].map(Period::Year).to_vec()
        );
        assert_eq!(r.summary.peak_carried.unwrap().year, Period::Year(2028));
        assert!(
            r.assumptions
                .iter()
                .any(|a| a.starts_with("deferral: when the FX rate is above 1,450"))
        );
        let text = r.to_string();
        assert!(
            text.contains("deferral applied in: 2027, 2028, 2029, 2030; most carried: $15.00B in 2028"),
            "{text}"
        );
        // An FX trigger needs an FX path.
        let usd_cap = Capacity::new(
            Currency::USD,
            FiscalYear::CALENDAR,
            vec![Constraint::fixed_cap("c", dec!(1))],
        )
        .unwrap();
        assert!(matches!(
            assess_parts(&s, &usd_cap, None, &budget, &Thresholds::default(), Some(&rule)),
            Err(Error::Invalid { .. })
        ));
    }

    #[test]
    fn a_stock_breaches_its_growing_adequacy_floor() {
        // Reserves of 100 (no yield) drawn for 30 a year; floor: 3 months
        // of imports of 240 in 2026 growing 10% → 60, 66, 72.6. After 2026
        // the stock is 70 (≥ 60); in 2027 only 70 − 66 = 4 can be drawn
        // (26 unfunded), the stock ends at 66; in 2028 nothing can be drawn
        // and the stock (66) is below the floor (72.6): a breach twice.
        let s = yearly(&[(2026, dec!(30)), (2027, dec!(30)), (2028, dec!(0))]);
        let stock = Stock::new("reserves", 2026, dec!(100), 0.0).with_adequacy_floor(AdequacyFloor::MonthsOfImports {
            months: dec!(3),
            imports: dec!(240),
            base_year: 2026,
            growth: 0.1,
        });
        let cap = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::Stock(stock)]).unwrap();
        let funding = Funding::new(vec![FundingSource::StockPrincipal], 0.0).unwrap();
        let r = assess(&s, &cap, None, &funding, &Thresholds::default()).unwrap();
        let after: Vec<_> = r.rows.iter().map(|x| x.stock_after.unwrap().amount()).collect();
        assert_eq!(after, [dec!(70), dec!(66), dec!(66)]);
        let floors: Vec<_> = r.rows.iter().map(|x| x.stock_floor.unwrap().amount()).collect();
        assert_eq!(floors, [dec!(60), dec!(66), dec!(72.6)]);
        assert_eq!(r.rows[1].funding.unfunded.amount(), dec!(26));
        assert!(r.rows[0].breach.is_none());
        assert!(
            r.rows[1]
                .breach
                .as_ref()
                .is_some_and(|b| b.unfunded && b.stock.is_none())
        );
        assert_eq!(r.rows[2].breach.as_ref().unwrap().stock.as_deref(), Some("reserves"));
        // 66 / 72.6 = 0.909…
        let low = r.summary.lowest_adequacy.unwrap();
        assert_eq!(low.year, Period::Year(2028));
        assert!((low.share.unwrap() - 66.0 / 72.6).abs() < 1e-15);
        assert_eq!(r.summary.verdict, Verdict::Unaffordable);
    }
}
