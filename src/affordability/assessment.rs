//! [`Assessment`]: everything a schedule is assessed against.

use serde::{Deserialize, Serialize};

use super::report::{AffordabilityReport, Thresholds, assess_parts, assess_with_receipts};
use super::{Capacity, Deferral, Funding, FxPath};
use crate::instrument::ExpectedFlows;
use crate::{Result, Schedule};

/// What a schedule is assessed against: the payer's capacity, an optional
/// FX path from the schedule's currency to the payer's, how outlays are
/// funded, and the verdict thresholds.
///
/// Built with [`Assessment::new`] and the setters; the defaults are no FX
/// path, no funding sources (whatever capacity cannot pay is unfunded)
/// and [`Thresholds::default`]. The solvers, [`compare`](crate::compare)
/// and scenario files all take this one type.
///
/// Serialized as `{"capacity": {...}, "fx": {...}, "funding": {...},
/// "thresholds": {...}, "deferral": {...}}` (`fx`, `funding`, `thresholds`
/// and `deferral` optional; without `funding`, [`Funding::default`]: no
/// sources, so whatever is needed is unfunded): the `[affordability]`
/// section of a scenario file.
///
/// ```
/// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource, Verdict};
/// use disburse::{Currency, FiscalYear, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
///
/// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(20e9))])?;
/// let assessment = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::borrowing(0.04)], 0.045)?);
/// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let s = Plan::installments(jan1, 10, disburse::time::Frequency::Annual)
///     .schedule(Money::new(dec!(150e9), Currency::USD), "x")?;
/// let report = assessment.assess(&s)?;
/// assert!(report.summary.years_in_breach.is_empty());
/// assert_ne!(report.summary.verdict, Verdict::Unaffordable);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    capacity: Capacity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    fx: Option<FxPath>,
    #[serde(default)]
    funding: Funding,
    #[serde(default)]
    thresholds: Thresholds,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    deferral: Option<Deferral>,
}

impl Assessment {
    /// An assessment against `capacity`, with no FX path, no funding
    /// sources and the default thresholds.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Thresholds};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// let a = Assessment::new(capacity);
    /// assert!(a.fx_path().is_none() && a.funding_plan().sources().is_empty());
    /// assert_eq!(a.verdict_thresholds(), &Thresholds::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(capacity: Capacity) -> Self {
        Assessment {
            capacity,
            fx: None,
            funding: Funding::default(),
            thresholds: Thresholds::default(),
            deferral: None,
        }
    }

    /// Sets (or, with `None`, clears) a state-contingent deferral rule,
    /// applied to every schedule assessed.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Deferral, DeferralTrigger};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// let rule = Deferral::new(DeferralTrigger::OutlayAbove { amount: dec!(1) }, dec!(0.5), 2)?;
    /// assert!(Assessment::new(capacity).deferral(rule).deferral_rule().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deferral(mut self, rule: impl Into<Option<Deferral>>) -> Self {
        self.deferral = rule.into();
        self
    }

    /// The deferral rule, if any (see [`Assessment::deferral`] to set it).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert!(Assessment::new(capacity).deferral_rule().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn deferral_rule(&self) -> Option<&Deferral> {
        self.deferral.as_ref()
    }

    /// Sets (or, with `None`, clears) the FX path from the schedule's
    /// currency to the payer's.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, FxPath};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::KRW, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// let a = Assessment::new(capacity).fx(FxPath::flat(Currency::USD, Currency::KRW, dec!(1400))?);
    /// assert!(a.fx_path().is_some());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fx(mut self, fx: impl Into<Option<FxPath>>) -> Self {
        self.fx = fx.into();
        self
    }

    /// Sets how outlays beyond capacity are funded.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// let a = Assessment::new(capacity).funding(Funding::new(vec![FundingSource::borrowing(0.04)], 0.04)?);
    /// assert_eq!(a.funding_plan().sources().len(), 1);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn funding(mut self, funding: Funding) -> Self {
        self.funding = funding;
        self
    }

    /// Sets the verdict thresholds.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Thresholds};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// let a = Assessment::new(capacity).thresholds(Thresholds::new(0.9)?);
    /// assert_eq!(a.verdict_thresholds().strained_share(), 0.9);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn thresholds(mut self, thresholds: Thresholds) -> Self {
        self.thresholds = thresholds;
        self
    }

    /// What the payer can spend each year.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert_eq!(Assessment::new(capacity).capacity().currency(), Currency::USD);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn capacity(&self) -> &Capacity {
        &self.capacity
    }

    /// The FX path, if any (see [`Assessment::fx`] to set it).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert!(Assessment::new(capacity).fx_path().is_none());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn fx_path(&self) -> Option<&FxPath> {
        self.fx.as_ref()
    }

    /// The funding (see [`Assessment::funding`] to set it).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert!(Assessment::new(capacity).funding_plan().sources().is_empty());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn funding_plan(&self) -> &Funding {
        &self.funding
    }

    /// The verdict thresholds (see [`Assessment::thresholds`] to set them).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Thresholds};
    /// use disburse::{Currency, FiscalYear};
    /// use rust_decimal_macros::dec;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1))])?;
    /// assert_eq!(Assessment::new(capacity).verdict_thresholds(), &Thresholds::default());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn verdict_thresholds(&self) -> &Thresholds {
        &self.thresholds
    }

    /// Assesses `schedule` year by year: each fiscal year's outlay and debt
    /// service, in the payer's currency, funded from the sources in order
    /// (the rules are those of [`Funding`]); each constraint's use against
    /// its limit; the verdict. The rows run from the first outlay year to
    /// the horizon (see [`Funding`]). See [`AffordabilityReport`] for what
    /// it holds; its `assumptions` state the rules used.
    ///
    /// **Breach:** a year is in breach when an outlay limit is exceeded,
    /// part of the need is unfunded, or the stock ends the year below its
    /// floor. **Verdict:** unaffordable if any year is in breach; otherwise
    /// strained if any year uses more than the thresholds' strained share
    /// of a limit or any borrowing (or swap drawing) is needed; otherwise
    /// affordable.
    ///
    /// # Errors
    /// [`Error::Empty`](crate::Error::Empty) for an empty schedule;
    /// [`Error::CurrencyMismatch`](crate::Error::CurrencyMismatch) if the
    /// schedule's currency differs from the payer's and no FX path
    /// connects them; [`Error::OutOfRange`](crate::Error::OutOfRange) for a
    /// negative yearly outlay;
    /// [`Error::StockNotStarted`](crate::Error::StockNotStarted) if outlays
    /// start before the stock's start year;
    /// [`Error::SourceCurrency`](crate::Error::SourceCurrency) for a source
    /// or stock in a third currency;
    /// [`Error::DebtNotRepaid`](crate::Error::DebtNotRepaid) for debt due
    /// more than 100 years after the last outlay; the FX path's errors
    /// ([`Error::FxPathTooShort`](crate::Error::FxPathTooShort)…);
    /// [`Error::OverflowInYear`](crate::Error::OverflowInYear) when a
    /// year's amounts pass about 7.9e28 (naming the year),
    /// [`Error::Overflow`](crate::Error::Overflow) otherwise.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Funding, FundingSource, Stock, Verdict};
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// // $200B of cash at most $20B a calendar year (the 2025 Korea–US fact sheet).
    /// let deal = Commitment::single("cash", Money::new(dec!(200e9), Currency::USD), Plan::annual_cap(jan1, dec!(20e9)))?;
    /// // Assumptions: reserves of $400B earning 3.75% ($15B a year), a $20B
    /// // FX-market limit, bonds at 4% for the rest.
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![
    ///     Constraint::fixed_cap("fx market", dec!(20e9)),
    ///     Constraint::Stock(Stock::new("reserves", 2026, dec!(400e9), 0.0375)),
    /// ])?;
    /// let funding = Funding::new(vec![FundingSource::StockIncome, FundingSource::borrowing(0.04)], 0.04)?;
    /// let report = Assessment::new(capacity).funding(funding).assess(&deal.schedule()?)?;
    /// // Ten years of outlays, then ten while the 10-year bonds fall due.
    /// assert_eq!(report.rows.len(), 20);
    /// assert_eq!(report.rows[0].funding.borrowed.compact().to_string(), "$5.00B");
    /// assert_eq!(report.summary.verdict, Verdict::Strained);
    /// println!("{report}");
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assess(&self, schedule: &Schedule) -> Result<AffordabilityReport> {
        assess_parts(
            schedule,
            &self.capacity,
            self.fx.as_ref(),
            &self.funding,
            &self.thresholds,
            self.deferral.as_ref(),
        )
    }

    /// Assesses a plan of instruments by its [`ExpectedFlows`]: the
    /// outlays are the expected outflows (cash and equity payments, loan
    /// drawdowns, a guarantee's expected calls — a guarantee uses no
    /// capacity until called), and the expected **receipts** (loan
    /// interest and repayments, recoveries, guarantee fees) come back as a
    /// funding source ranked before all others:
    ///
    /// - each year's receipts, with any carried from earlier years, pay
    ///   first the year's outlay, then its debt service in the outlays'
    ///   currency, then its debt service in the payer's currency, sold at
    ///   the year's rate (a sale of the outlays' currency, which no
    ///   conversion limit counts);
    /// - an outlay limit ([`Limits::Outlays`](super::Limits::Outlays))
    ///   counts the outlay net of the receipts that paid it;
    /// - what is left is added to the stock when the stock is held in the
    ///   outlays' currency (reserves receiving dollar repayments), else
    ///   carried to the next year, earning nothing;
    /// - the rows cover every year with an outlay or a receipt, then the
    ///   debt service as in [`Assessment::assess`].
    ///
    /// For a plan of cash or equity only this is [`Assessment::assess`] of
    /// its schedule. The report states the rule in its assumptions and
    /// shows `receipts`, `receipts_to_stock` and `receipts_carried` per
    /// year.
    ///
    /// # Errors
    /// As [`Assessment::assess`] (an empty schedule: no outflow and no
    /// receipt).
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, DebtProfile, Funding, FundingSource};
    /// use disburse::instrument::{Instrument, Loan, Repayment};
    /// use disburse::{Commitment, Currency, FiscalYear, Money, Plan, Tranche};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let usd = |x| Money::new(x, Currency::USD);
    /// // Lend $100 for 2 years at 5% (bullet), funded by 2-year bonds at 4%.
    /// let loan = Loan::new(dec!(0.05), 2, Repayment::Bullet, 0, dec!(0), dec!(0))?;
    /// let c = Commitment::new("deal", usd(dec!(100)), vec![
    ///     Tranche::new("loan", usd(dec!(100)), Plan::upfront(jan1)).with_instrument(Instrument::Loan(loan)),
    /// ])?;
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::fixed_cap("cap", dec!(1000))])?;
    /// let bonds = FundingSource::Borrowing { coupon: 0.04, limit_per_year: None, currency: None, tenor: 2, profile: DebtProfile::Bullet };
    /// let a = Assessment::new(capacity).funding(Funding::new(vec![bonds], 0.04)?);
    /// let r = a.assess_expected(&c.expected_flows()?)?;
    /// // 2026: borrow 100. 2027: the loan's interest 5 pays the bonds' 4,
    /// // 1 is carried. 2028: 5 + 100 + 1 carried pay 4 + 100; 2 are left.
    /// assert_eq!(r.rows.len(), 3);
    /// assert_eq!(r.rows[1].funding.from_receipts, usd(dec!(4)));
    /// assert_eq!(r.rows[2].funding.from_receipts, usd(dec!(104)));
    /// assert_eq!(r.summary.total_borrowed, usd(dec!(100)));
    /// assert_eq!(r.summary.receipts_unused, usd(dec!(2)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn assess_expected(&self, flows: &ExpectedFlows) -> Result<AffordabilityReport> {
        let receipts = flows.receipts()?;
        assess_with_receipts(
            &flows.outflows()?,
            (!receipts.is_empty()).then_some(&receipts),
            &self.capacity,
            self.fx.as_ref(),
            &self.funding,
            &self.thresholds,
            self.deferral.as_ref(),
        )
    }
}
