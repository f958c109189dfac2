//! The affordability report: a schedule tested year by year against a
//! capacity, with its funding, breaches and a verdict.

use std::fmt;

use rust_decimal::prelude::ToPrimitive;
use serde::{Deserialize, Serialize};

use super::capacity::Capacity;
use super::funding::{Funding, FundingBreakdown, FundingState};
use super::fx::FxPath;
use crate::render::{Align, Column, Digits, Percent, Table};
use crate::valuation::{FirstPeriod, npv};
use crate::{Bound, Error, Money, Period, PeriodBasis, PeriodTotal, Quantity, Result, Rounding, Schedule};

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
#[serde(try_from = "ThresholdsData", into = "ThresholdsData")]
pub struct Thresholds {
    strained_share: f64,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ThresholdsData {
    #[serde(default = "default_strained_share")]
    strained_share: f64,
}

fn default_strained_share() -> f64 {
    0.8
}

impl TryFrom<ThresholdsData> for Thresholds {
    type Error = Error;
    fn try_from(d: ThresholdsData) -> Result<Self> {
        Thresholds::new(d.strained_share)
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

/// One year of an [`AffordabilityReport`]. Amounts other than `outlay` are
/// in the payer's currency.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct YearRow {
    /// The (fiscal) year.
    pub year: Period,
    /// The year's outlay in the schedule's currency.
    pub outlay: Money,
    /// The outlay in the payer's currency.
    pub outlay_payer: Money,
    /// What the payer can spend: the tightest constraint's limit.
    pub capacity: Money,
    /// The name of that constraint.
    pub binding: String,
    /// `capacity − outlay_payer` (negative when over capacity).
    pub headroom: Money,
    /// `outlay_payer / capacity`; `None` when the capacity is zero or
    /// negative.
    pub share_used: Option<f64>,
    /// How the need (outlay plus interest) was met.
    pub funding: FundingBreakdown,
    /// Interest paid in the year on the debt at its start.
    pub interest: Money,
    /// Debt outstanding at the end of the year.
    pub debt_after: Money,
    /// The stock at the end of the year, if there is a stock.
    pub stock_after: Option<Money>,
    /// What the year exceeded, if anything.
    pub breach: Option<Breach>,
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
    /// Interest paid over all years.
    pub total_interest: Money,
    /// Present value of the interest at the funding's discount rate,
    /// annual compounding, the interest of the k-th year discounted by
    /// `(1 + rate)^k` (k = 0 in the first outlay year), rounded half-even
    /// to minor units.
    pub pv_interest: Money,
    /// New debt over all years.
    pub total_borrowed: Money,
    /// Debt outstanding after the last year.
    pub final_debt: Money,
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
) -> Result<AffordabilityReport> {
    let payer = capacity.currency();
    let from = schedule.currency();
    if from != payer && !fx.is_some_and(|p| p.connects(from, payer)) {
        return Err(Error::CurrencyMismatch {
            expected: payer,
            found: from,
        });
    }
    let basis = PeriodBasis::FiscalYear(capacity.year());
    let years = schedule.aggregate(basis)?;
    let rows = year_rows(years.into_iter().map(Ok), from, capacity, fx, funding, |_| true)?;
    let summary = summarize(&rows, funding, thresholds, payer)?;
    Ok(AffordabilityReport { rows, summary })
}

/// The rows of the yearly engine for the outlay `years` (totals in `from`,
/// contiguous fiscal years of the capacity, read one at a time), with the
/// debt-service years appended. Stops after the first row for which
/// `keep_going` is false (the solvers' early exit: a candidate fails at its
/// first failing year, and later years are never computed).
pub(crate) fn year_rows(
    years: impl IntoIterator<Item = Result<PeriodTotal>>,
    from: crate::Currency,
    capacity: &Capacity,
    fx: Option<&FxPath>,
    funding: &Funding,
    mut keep_going: impl FnMut(&YearRow) -> bool,
) -> Result<Vec<YearRow>> {
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
    let mut state = FundingState::start(payer, stock, funding, first.period.year())?;
    let mut rows = Vec::new();
    // Years of debt service after the last outlay, with no outlay.
    let mut service_left = funding.service_years();
    let mut next = Some(first);
    while let Some(p) = next.take() {
        let year = p.period.year();
        if p.total.is_negative() {
            return Err(Error::out_of_range(
                Quantity::YearlyOutlay(p.period),
                p.total,
                Bound::NonNegative,
            ));
        }
        let outlay_payer = match fx {
            Some(path) if from != payer => path.convert(p.total, year)?,
            _ => p.total,
        };
        let limit = capacity.available(year, state.level())?;
        let headroom = limit.amount.checked_sub(outlay_payer)?;
        let share_used = if limit.amount.is_positive() {
            outlay_payer
                .amount()
                .checked_div(limit.amount.amount())
                .and_then(|s| s.to_f64())
        } else {
            None
        };
        let funded = state.fund_year(outlay_payer.amount(), stock, funding)?;
        let over = headroom.is_negative();
        let unfunded = funded.breakdown.unfunded.is_positive();
        let below = match (stock, funded.stock_after) {
            (Some(s), Some(after)) if after.amount() < s.floor => Some(s.name.clone()),
            _ => None,
        };
        let breach = if over || unfunded || below.is_some() {
            Some(Breach {
                capacity: if over { Some(limit.name.clone()) } else { None },
                unfunded,
                stock: below,
            })
        } else {
            None
        };
        rows.push(YearRow {
            year: p.period,
            outlay: p.total,
            outlay_payer,
            capacity: limit.amount,
            binding: limit.name,
            headroom,
            share_used,
            funding: funded.breakdown,
            interest: funded.interest,
            debt_after: funded.debt_after,
            stock_after: funded.stock_after,
            breach,
        });
        if rows.last().is_some_and(|r| !keep_going(r)) {
            break;
        }
        next = match outlays.next() {
            Some(q) => Some(q?),
            None if service_left > 0 => {
                service_left -= 1;
                Some(PeriodTotal {
                    period: basis.next(p.period),
                    total: Money::zero(from),
                })
            }
            None => None,
        };
    }
    Ok(rows)
}

fn summarize(rows: &[YearRow], funding: &Funding, thresholds: &Thresholds, payer: crate::Currency) -> Result<Summary> {
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
    let mut largest_share: Option<YearShare> = None;
    let mut years_in_breach = Vec::new();
    let mut total_interest = Money::zero(payer);
    let mut total_borrowed = Money::zero(payer);
    let mut interests = Vec::with_capacity(rows.len());
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
        // Unbounded (None with a positive outlay) beats any finite share.
        let candidate = match r.share_used {
            Some(s) => Some(YearShare {
                year: r.year,
                share: Some(s),
            }),
            None if r.outlay_payer.is_positive() => Some(YearShare {
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
        total_interest = total_interest.checked_add(r.interest)?;
        total_borrowed = total_borrowed.checked_add(r.funding.borrowed)?;
        interests.push(r.interest.amount());
    }
    let pv_interest = if interests.iter().all(|i| i.is_zero()) {
        Money::zero(payer)
    } else {
        let pv = npv(funding.discount_rate(), &interests, FirstPeriod::Zero)?;
        Money::new(pv, payer).round_to_minor(Rounding::HalfEven)
    };
    let final_debt = rows.last().map_or(Money::zero(payer), |r| r.debt_after);

    let (verdict, reason) = if let (Some(y), n) = (years_in_breach.first(), years_in_breach.len()) {
        let what = rows
            .iter()
            .find(|r| r.year == *y)
            .and_then(|r| r.breach.as_ref())
            .map(|b| b.to_string())
            .unwrap_or_default();
        let years = if n == 1 { "year" } else { "years" };
        (
            Verdict::Unaffordable,
            format!("{n} {years} in breach, first {y} ({what})"),
        )
    } else {
        let over = largest_share.filter(|s| s.share.is_none_or(|x| x > thresholds.strained_share()));
        let mut reasons = Vec::new();
        if let Some(s) = over {
            reasons.push(format!(
                "uses {} of capacity in {}, above the {} threshold",
                s.share
                    .map_or_else(|| "unbounded".to_string(), |x| share(x).to_string()),
                s.year,
                share(thresholds.strained_share())
            ));
        }
        if total_borrowed.is_positive() {
            reasons.push(format!("needs borrowing of {} in total", total_borrowed.compact()));
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
        total_interest,
        pv_interest,
        total_borrowed,
        final_debt,
        verdict,
        reason,
    })
}

impl fmt::Display for AffordabilityReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.table())?;
        let s = &self.summary;
        writeln!(f)?;
        writeln!(f, "verdict: {} ({})", s.verdict, s.reason)?;
        writeln!(f, "peak outlay: {}", s.peak)?;
        if s.years_in_breach.is_empty() {
            writeln!(f, "years in breach: none")?;
        } else {
            let ys: Vec<String> = s.years_in_breach.iter().map(Period::to_string).collect();
            writeln!(f, "years in breach: {}", ys.join(", "))?;
        }
        if let Some(sh) = s.largest_share {
            writeln!(f, "largest share of capacity: {sh}")?;
        }
        writeln!(f, "lowest headroom: {}", s.lowest_headroom)?;
        if let Some(st) = s.lowest_stock {
            writeln!(f, "lowest stock: {st}")?;
        }
        writeln!(
            f,
            "borrowed: {}; final debt: {}",
            s.total_borrowed.compact(),
            s.final_debt.compact()
        )?;
        write!(
            f,
            "interest: {} (present value {})",
            s.total_interest.compact(),
            s.pv_interest.compact()
        )
    }
}

impl AffordabilityReport {
    /// The yearly table of `Display`: compact amounts, shares as
    /// percentages; the payer's outlay only when converted, the stock only
    /// when there is one.
    fn table(&self) -> Table {
        let rows = &self.rows;
        let converted = rows.iter().any(|r| r.outlay.currency() != r.outlay_payer.currency());
        let has_stock = rows.iter().any(|r| r.stock_after.is_some());
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
        let mut columns = vec![text("year", |r| r.year.to_string()), money("outlay", |r| r.outlay)];
        if converted {
            columns.push(money("outlay (payer)", |r| r.outlay_payer));
        }
        columns.extend([
            money("capacity", |r| r.capacity),
            text("binding", |r| r.binding.clone()),
            money("headroom", |r| r.headroom),
            number("share", |r| {
                r.share_used.map_or_else(|| "—".to_string(), |s| share(s).to_string())
            }),
            money("income", |r| r.funding.from_income),
            money("borrowed", |r| r.funding.borrowed),
            money("principal", |r| r.funding.from_principal),
            money("unfunded", |r| r.funding.unfunded),
            money("interest", |r| r.interest),
            money("debt", |r| r.debt_after),
        ]);
        if has_stock {
            columns.push(number("stock", |r| {
                r.stock_after
                    .map_or_else(|| "—".to_string(), |m| m.compact().to_string())
            }));
        }
        columns.push(text("breach", |r| {
            r.breach.as_ref().map_or_else(String::new, |b| b.to_string())
        }));
        Table::new(columns)
    }
}

#[cfg(test)]
mod tests {
    use super::assess_parts as assess;
    use super::*;
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
        // With a $100B floor, $350B exceeds the $328.82B above it.
        let r = assess(&s, &korea(dec!(100e9)), None, &funding, &Thresholds::default()).unwrap();
        let b = r.rows[0].breach.clone().unwrap();
        assert_eq!(b.capacity.as_deref(), Some("reserves"));
        assert!(b.unfunded);
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
        let borrowed: Vec<_> = r.rows.iter().map(|x| x.funding.borrowed.amount()).collect();
        assert_eq!(borrowed, [dec!(5e9), dec!(5.2e9), dec!(5.408e9)]);
        let interest: Vec<_> = r.rows.iter().map(|x| x.interest.amount()).collect();
        assert_eq!(interest, [dec!(0), dec!(0.2e9), dec!(0.408e9)]);
        assert_eq!(r.summary.final_debt.amount(), dec!(15.608e9));
        assert_eq!(r.summary.total_borrowed.amount(), dec!(15.608e9));
        assert_eq!(r.summary.total_interest.amount(), dec!(0.608e9));
        // 0.2e9/1.04 + 0.408e9/1.04² = 192,307,692.31 + 377,218,934.91
        assert_eq!(r.summary.pv_interest.amount(), dec!(569_526_627.22));
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
}
