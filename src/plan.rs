//! Disbursement plans: how a tranche is paid.
//!
//! A [`Plan`] turns a tranche amount into a [`Schedule`] whose flows are
//! positive, dated on business days of the plan's calendar (when it has a
//! convention other than Unadjusted), and sum **exactly** to the tranche:
//! every split goes through [`allocate`](crate::allocate), the
//! largest-remainder method on minor units. Flows that land on the same
//! date are merged; zero parts (possible only when an amount has fewer
//! minor units than there are payments) are dropped.
//!
//! Plan amounts (caps, explicit flows, calls) are plain `Decimal`s in the
//! tranche's currency. Plans are data (they come from scenario files); they
//! are validated when a schedule is generated, each problem reported as a
//! typed [`Error`].

use std::collections::VecDeque;
use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::period::FiscalYear;
use crate::schedule::{CashFlow, Schedule};
use crate::time::{BusinessCalendar, BusinessDayConvention, Calendar, DateSchedule, MAX_SCHEDULE_DATES, Tenor, civil};
use crate::{Bound, Currency, DateOp, Error, Money, Quantity, Result, Value, allocate};

/// The longest horizon, in years, that a capped plan may take to pay out.
pub const MAX_PLAN_YEARS: u32 = 1_000;

/// Whether installments are paid at the start or the end of each period.
///
/// ```
/// use disburse::Timing;
/// assert_eq!(Timing::default(), Timing::InAdvance);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Timing {
    /// At the start of each period: the first payment is on the start date.
    #[default]
    InAdvance,
    /// At the end of each period: the first payment is one tenor after the start.
    InArrears,
}

/// Which end of a [`Ramp`] carries the larger payments.
///
/// ```
/// use disburse::Loading;
/// assert_eq!(Loading::default(), Loading::Back);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Loading {
    /// Payments decrease over time.
    Front,
    /// Payments increase over time.
    #[default]
    Back,
}

/// The shape of a [`Ramp`]'s weights.
///
/// ```
/// use disburse::RampShape;
/// use rust_decimal_macros::dec;
/// let s = RampShape::Geometric { ratio: dec!(1.5) };
/// assert_eq!(s.to_string(), "geometric x1.5");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RampShape {
    /// Weights 1, 2, …, n (reversed when front-loaded).
    #[default]
    Linear,
    /// Weights 1, r, r², …, rⁿ⁻¹ with `ratio` r > 0 (reversed when
    /// front-loaded).
    Geometric {
        /// The ratio between consecutive payments.
        ratio: Decimal,
    },
}

impl fmt::Display for RampShape {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RampShape::Linear => f.write_str("linear"),
            RampShape::Geometric { ratio } => write!(f, "geometric x{ratio}"),
        }
    }
}

/// How a capital call's notice period is counted.
///
/// ```
/// use disburse::NoticeBasis;
/// assert_eq!(NoticeBasis::default(), NoticeBasis::BusinessDays);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeBasis {
    /// Funds are due `n` business days after the notice.
    #[default]
    BusinessDays,
    /// Funds are due `n` calendar days after the notice, moved to the next
    /// business day if needed.
    CalendarDays,
}

fn default_convention() -> BusinessDayConvention {
    BusinessDayConvention::Following
}

fn default_tenor() -> Tenor {
    Tenor::years(1)
}

fn is_default_convention(c: &BusinessDayConvention) -> bool {
    *c == BusinessDayConvention::Following
}

fn is_null_calendar(c: &Calendar) -> bool {
    *c == Calendar::Null
}

fn is_false(b: &bool) -> bool {
    !*b
}

/// Everything paid on one date.
///
/// ```
/// use disburse::{Plan, Upfront};
/// use chrono::NaiveDate;
/// let p = Plan::Upfront(Upfront::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()));
/// assert_eq!(p.kind(), "upfront");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Upfront {
    /// The payment date (before adjustment).
    pub date: NaiveDate,
    /// Calendar for adjusting the date (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl Upfront {
    /// One payment on `date`, on the null calendar.
    ///
    /// ```
    /// use disburse::Upfront;
    /// let u = Upfront::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    /// assert_eq!(u.date.to_string(), "2026-01-01");
    /// ```
    pub fn new(date: NaiveDate) -> Self {
        Upfront {
            date,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }
}

/// Equal payments at a regular tenor, for a number of payments or until an
/// end date.
///
/// With `count`, payment k (0-based) is on `start + k·tenor` in advance or
/// `start + (k+1)·tenor` in arrears. With `end`, the dates are those of a
/// Forward [`DateSchedule`] from `start` to `end` (QuantLib semantics, any
/// short stub at the end), without its last date in advance or its first
/// in arrears. Give exactly one of `count` and `end`.
///
/// ```
/// use disburse::{Currency, Installments, Money, Plan, Timing};
/// use disburse::time::Tenor;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let start = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let plan = Plan::Installments(Installments::count(start, 3, Tenor::years(1)).timing(Timing::InArrears));
/// let s = plan.schedule(Money::new(dec!(100), Currency::USD), "x")?;
/// let amounts: Vec<String> = s.iter().map(|f| format!("{} {}", f.date, f.amount)).collect();
/// assert_eq!(amounts, ["2027-01-01 USD 33.34", "2028-01-01 USD 33.33", "2029-01-01 USD 33.33"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Installments {
    /// Start of the first period.
    pub start: NaiveDate,
    /// Number of payments (exclusive with `end`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    /// End of the last period (exclusive with `count`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Time between payments (default 1Y).
    #[serde(default = "default_tenor")]
    pub tenor: Tenor,
    /// In advance (default) or in arrears.
    #[serde(default)]
    pub timing: Timing,
    /// Calendar for adjusting dates (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
    /// End-of-month rule: from a month-end start, pay on month ends.
    #[serde(default, skip_serializing_if = "is_false")]
    pub end_of_month: bool,
}

impl Installments {
    /// `count` equal payments every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::Installments;
    /// use disburse::time::Tenor;
    /// let i = Installments::count(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 10, Tenor::years(1));
    /// assert_eq!(i.count, Some(10));
    /// ```
    pub fn count(start: NaiveDate, count: u32, tenor: impl Into<Tenor>) -> Self {
        Installments {
            start,
            count: Some(count),
            end: None,
            tenor: tenor.into(),
            timing: Timing::InAdvance,
            calendar: Calendar::Null,
            convention: default_convention(),
            end_of_month: false,
        }
    }

    /// Equal payments every `tenor` from `start` until `end`, in advance.
    ///
    /// ```
    /// use disburse::Installments;
    /// use disburse::time::Tenor;
    /// let d = |y| chrono::NaiveDate::from_ymd_opt(y, 1, 1).unwrap();
    /// let i = Installments::until(d(2026), d(2036), Tenor::years(1));
    /// assert_eq!(i.end, Some(d(2036)));
    /// ```
    pub fn until(start: NaiveDate, end: NaiveDate, tenor: impl Into<Tenor>) -> Self {
        Installments {
            count: None,
            end: Some(end),
            ..Installments::count(start, 0, tenor)
        }
    }

    /// Sets the timing.
    pub fn timing(mut self, timing: Timing) -> Self {
        self.timing = timing;
        self
    }

    /// Sets the calendar and convention.
    pub fn adjusted(mut self, calendar: impl Into<Calendar>, convention: BusinessDayConvention) -> Self {
        self.calendar = calendar.into();
        self.convention = convention;
        self
    }

    /// Sets the end-of-month rule.
    pub fn end_of_month(mut self, on: bool) -> Self {
        self.end_of_month = on;
        self
    }

    fn dates(&self) -> Result<Vec<NaiveDate>> {
        match (self.count, self.end) {
            (Some(n), None) => {
                let first = match self.timing {
                    Timing::InAdvance => 0,
                    Timing::InArrears => 1,
                };
                regular_dates(
                    self.start,
                    self.tenor,
                    first,
                    n,
                    self.end_of_month,
                    &self.calendar,
                    self.convention,
                )
            }
            (None, Some(end)) => {
                if self.tenor.length() == 0 {
                    return Err(Error::ZeroTenor);
                }
                let mut dates = DateSchedule::builder(self.start, end, self.tenor)
                    .calendar(&self.calendar)
                    .convention(self.convention)
                    .end_of_month(self.end_of_month)
                    .build()?
                    .into_dates();
                match self.timing {
                    Timing::InAdvance => {
                        dates.pop();
                    }
                    Timing::InArrears => {
                        dates.remove(0);
                    }
                }
                Ok(dates)
            }
            _ => Err(Error::Invalid {
                what: Quantity::Installments,
                reason: "give exactly one of `count` and `end`",
            }),
        }
    }
}

/// At most `cap` per (fiscal) year until the tranche is paid.
///
/// Payment dates are `start + k·tenor` (adjusted); each year's dates share
/// that year's payment, `min(cap, remaining)`, equally; the last year takes
/// the remainder. The cap is rounded down to whole minor units.
///
/// ```
/// use disburse::{AnnualCap, Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let plan = Plan::AnnualCap(AnnualCap::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(20e9)));
/// let s = plan.schedule(Money::new(dec!(200e9), Currency::USD), "cash")?;
/// assert_eq!(s.len(), 10);
/// assert_eq!(s.last_date(), NaiveDate::from_ymd_opt(2035, 1, 1));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AnnualCap {
    /// First payment date.
    pub start: NaiveDate,
    /// The most that may be paid in one year, in the tranche's currency.
    pub cap: Decimal,
    /// Time between payments within a year (default 1Y: one per year).
    #[serde(default = "default_tenor")]
    pub tenor: Tenor,
    /// The year the cap applies to (default: calendar year).
    #[serde(default)]
    pub year: FiscalYear,
    /// Calendar for adjusting dates (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl AnnualCap {
    /// One payment a calendar year of at most `cap`, from `start`.
    ///
    /// ```
    /// use disburse::AnnualCap;
    /// use rust_decimal_macros::dec;
    /// let c = AnnualCap::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(20e9));
    /// assert_eq!(c.cap, dec!(20e9));
    /// ```
    pub fn new(start: NaiveDate, cap: Decimal) -> Self {
        AnnualCap {
            start,
            cap,
            tenor: default_tenor(),
            year: FiscalYear::CALENDAR,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }

    /// Sets the payment tenor within each year.
    pub fn tenor(mut self, tenor: impl Into<Tenor>) -> Self {
        self.tenor = tenor.into();
        self
    }

    /// Sets the (fiscal) year the cap applies to.
    pub fn fiscal_year(mut self, year: FiscalYear) -> Self {
        self.year = year;
        self
    }

    /// Sets the calendar and convention.
    pub fn adjusted(mut self, calendar: impl Into<Calendar>, convention: BusinessDayConvention) -> Self {
        self.calendar = calendar.into();
        self.convention = convention;
        self
    }

    fn flows(&self, amount: Money) -> Result<Vec<(NaiveDate, Money)>> {
        if self.tenor.length() == 0 {
            return Err(Error::ZeroTenor);
        }
        let cap = whole_cap(self.cap, amount.currency(), Quantity::AnnualCap)?;
        check_cap_horizon(cap, amount)?;
        let mut out = Vec::new();
        let mut remaining = amount;
        let mut bucket: Vec<NaiveDate> = Vec::new();
        let mut bucket_year = None;
        let first_year = self.year.year_of(self.start);
        let eom = false;
        for k in 0i64.. {
            let d = self
                .calendar
                .adjust(self.tenor.advance(self.start, k, eom)?, self.convention)?;
            let y = self.year.year_of(d);
            if bucket_year.is_some_and(|by| by != y) {
                let pay = remaining.checked_min(cap)?;
                push_split(&mut out, &bucket, pay)?;
                remaining = remaining.checked_sub(pay)?;
                bucket.clear();
                if remaining.is_zero() {
                    break;
                }
            }
            if i64::from(y) - i64::from(first_year) > i64::from(MAX_PLAN_YEARS) {
                return Err(cap_too_small(cap, amount));
            }
            bucket_year = Some(y);
            bucket.push(d);
        }
        Ok(out)
    }
}

/// Payments that grow (back-loaded) or shrink (front-loaded) linearly or
/// geometrically.
///
/// ```
/// use disburse::{Currency, Loading, Money, Plan, Ramp, RampShape};
/// use disburse::time::Tenor;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let ramp = Ramp::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 4, Tenor::years(1), Loading::Back, RampShape::Linear);
/// let s = Plan::Ramp(ramp).schedule(Money::new(dec!(100), Currency::USD), "r")?;
/// let amounts: Vec<String> = s.iter().map(|f| f.amount.to_string()).collect();
/// assert_eq!(amounts, ["USD 10.00", "USD 20.00", "USD 30.00", "USD 40.00"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ramp {
    /// Start of the first period.
    pub start: NaiveDate,
    /// Number of payments.
    pub count: u32,
    /// Time between payments (default 1Y).
    #[serde(default = "default_tenor")]
    pub tenor: Tenor,
    /// Front- or back-loaded.
    #[serde(default)]
    pub loading: Loading,
    /// Linear or geometric.
    #[serde(default)]
    pub shape: RampShape,
    /// In advance (default) or in arrears.
    #[serde(default)]
    pub timing: Timing,
    /// Calendar for adjusting dates (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl Ramp {
    /// A ramp of `count` payments every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::{Loading, Ramp, RampShape};
    /// use disburse::time::Tenor;
    /// let r = Ramp::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 5, Tenor::years(1), Loading::Front, RampShape::Linear);
    /// assert_eq!(r.weights()?.first(), Some(&rust_decimal::Decimal::from(5)));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn new(start: NaiveDate, count: u32, tenor: impl Into<Tenor>, loading: Loading, shape: RampShape) -> Self {
        Ramp {
            start,
            count,
            tenor: tenor.into(),
            loading,
            shape,
            timing: Timing::InAdvance,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }

    /// The (unnormalised) weight of each payment, in date order.
    ///
    /// # Errors
    /// [`Error::ZeroCount`] for no payments, [`Error::OutOfRange`] for a
    /// ratio ≤ 0 or more than [`MAX_SCHEDULE_DATES`] payments,
    /// [`Error::Overflow`] when rⁿ⁻¹ leaves `Decimal`'s range.
    pub fn weights(&self) -> Result<Vec<Decimal>> {
        if self.count == 0 {
            return Err(Error::ZeroCount {
                what: Quantity::RampPaymentCount,
            });
        }
        check_payment_count(Quantity::RampPaymentCount, self.count)?;
        let n = self.count as usize;
        let mut w: Vec<Decimal> = match self.shape {
            RampShape::Linear => (1..=self.count).map(Decimal::from).collect(),
            RampShape::Geometric { ratio } => {
                if ratio <= Decimal::ZERO {
                    return Err(Error::out_of_range(Quantity::RampRatio, ratio, Bound::Positive));
                }
                let mut v = Vec::with_capacity(n);
                let mut x = Decimal::ONE;
                for _ in 0..n {
                    v.push(x);
                    x = x
                        .checked_mul(ratio)
                        .ok_or_else(|| Error::overflow("geometric ramp weights"))?;
                }
                v
            }
        };
        if self.loading == Loading::Front {
            w.reverse();
        }
        Ok(w)
    }
}

/// Explicit fractions of the tranche per period; they must sum to 1.
///
/// Payment k is on `start + k·tenor` (in advance) or `start + (k+1)·tenor`
/// (in arrears). The sum must equal 1 within 1e-12 (so that thirds written
/// to 28 digits pass); the allocation then uses the weights as given, so the
/// parts still sum exactly to the tranche.
///
/// ```
/// use disburse::{Currency, Money, Plan, WeightsPlan};
/// use disburse::time::Tenor;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let p = WeightsPlan::new(NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Tenor::years(1), vec![dec!(0.5), dec!(0.3), dec!(0.2)]);
/// let s = Plan::Weights(p).schedule(Money::new(dec!(350e9), Currency::USD), "w")?;
/// assert_eq!(s.flows()[1].amount, Money::new(dec!(105e9), Currency::USD));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeightsPlan {
    /// Start of the first period.
    pub start: NaiveDate,
    /// Time between payments (default 1Y).
    #[serde(default = "default_tenor")]
    pub tenor: Tenor,
    /// Fraction paid in each period, in order; non-negative, summing to 1.
    pub weights: Vec<Decimal>,
    /// In advance (default) or in arrears.
    #[serde(default)]
    pub timing: Timing,
    /// Calendar for adjusting dates (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Business-day convention (default: Following).
    #[serde(default = "default_convention", skip_serializing_if = "is_default_convention")]
    pub convention: BusinessDayConvention,
}

impl WeightsPlan {
    /// Fractions `weights` every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::WeightsPlan;
    /// use disburse::time::Tenor;
    /// use rust_decimal_macros::dec;
    /// let w = WeightsPlan::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), Tenor::years(1), vec![dec!(1)]);
    /// assert_eq!(w.weights.len(), 1);
    /// ```
    pub fn new(start: NaiveDate, tenor: impl Into<Tenor>, weights: Vec<Decimal>) -> Self {
        WeightsPlan {
            start,
            tenor: tenor.into(),
            weights,
            timing: Timing::InAdvance,
            calendar: Calendar::Null,
            convention: default_convention(),
        }
    }

    fn check(&self) -> Result<()> {
        if self.weights.is_empty() {
            return Err(Error::EmptyWeights);
        }
        let mut sum = Decimal::ZERO;
        for (index, w) in self.weights.iter().enumerate() {
            if w.is_sign_negative() && !w.is_zero() {
                return Err(Error::NegativeWeight { index, value: *w });
            }
            sum = sum.checked_add(*w).ok_or_else(|| Error::overflow("weights sum"))?;
        }
        let tolerance = Decimal::new(1, 12);
        if (sum - Decimal::ONE).abs() > tolerance {
            return Err(Error::WeightsDoNotSumToOne { sum: sum.normalize() });
        }
        Ok(())
    }
}

/// One user-given dated amount of an [`Explicit`] plan.
///
/// ```
/// use disburse::ExplicitFlow;
/// use rust_decimal_macros::dec;
/// let f = ExplicitFlow { date: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), amount: dec!(5) };
/// assert_eq!(f.amount, dec!(5));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExplicitFlow {
    /// Payment date (used as given).
    pub date: NaiveDate,
    /// Amount in the tranche's currency; positive, whole minor units.
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

/// One capital call: notice given on `notice`, `amount` due after the
/// plan's notice period.
///
/// ```
/// use disburse::Call;
/// use rust_decimal_macros::dec;
/// let c = Call { notice: chrono::NaiveDate::from_ymd_opt(2026, 2, 18).unwrap(), amount: dec!(36e9) };
/// assert_eq!(c.amount, dec!(36e9));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Call {
    /// Date the notice is given.
    pub notice: NaiveDate,
    /// Amount called, in the tranche's currency; positive, whole minor units.
    pub amount: Decimal,
}

/// Capital calls: each call is due `notice_days` (business or calendar)
/// days after its notice; with an `annual_cap`, what exceeds the cap in a
/// (fiscal) year spills into the next year, paid on that year's first
/// business day ahead of its own calls (oldest first), and on until paid.
///
/// ```
/// use disburse::{Call, CapitalCalls, Currency, Money, Plan};
/// use disburse::time::Calendar;
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let calls = vec![
///     Call { notice: d(2026, 2, 18), amount: dec!(30e9) },
///     Call { notice: d(2026, 9, 1), amount: dec!(10e9) },
/// ];
/// let plan = CapitalCalls::new(calls, 45, Calendar::WeekendsOnly).annual_cap(dec!(20e9));
/// let s = Plan::CapitalCalls(plan).schedule(Money::new(dec!(40e9), Currency::USD), "cash")?;
/// let text: Vec<String> = s.iter().map(|f| format!("{} {}", f.date, f.amount.compact())).collect();
/// assert_eq!(text, ["2026-04-22 $20.00B", "2027-01-01 $20.00B"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapitalCalls {
    /// The calls, in any order; their amounts must sum to the tranche.
    pub calls: Vec<Call>,
    /// Length of the notice period.
    pub notice_days: u32,
    /// Business days (default) or calendar days.
    #[serde(default)]
    pub notice_basis: NoticeBasis,
    /// Calendar for business days and adjustments (default: none).
    #[serde(default, skip_serializing_if = "is_null_calendar")]
    pub calendar: Calendar,
    /// Optional ceiling on what is paid per (fiscal) year.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub annual_cap: Option<Decimal>,
    /// The year the cap applies to (default: calendar year).
    #[serde(default)]
    pub year: FiscalYear,
}

impl CapitalCalls {
    /// Calls due `notice_days` business days after notice on `calendar`, uncapped.
    ///
    /// ```
    /// use disburse::CapitalCalls;
    /// use disburse::time::Calendar;
    /// let c = CapitalCalls::new(vec![], 45, Calendar::WeekendsOnly);
    /// assert_eq!(c.notice_days, 45);
    /// ```
    pub fn new(calls: Vec<Call>, notice_days: u32, calendar: impl Into<Calendar>) -> Self {
        CapitalCalls {
            calls,
            notice_days,
            notice_basis: NoticeBasis::BusinessDays,
            calendar: calendar.into(),
            annual_cap: None,
            year: FiscalYear::CALENDAR,
        }
    }

    /// Sets the annual cap.
    pub fn annual_cap(mut self, cap: Decimal) -> Self {
        self.annual_cap = Some(cap);
        self
    }

    /// Sets the notice basis.
    pub fn notice_basis(mut self, basis: NoticeBasis) -> Self {
        self.notice_basis = basis;
        self
    }

    /// Sets the (fiscal) year the cap applies to.
    pub fn fiscal_year(mut self, year: FiscalYear) -> Self {
        self.year = year;
        self
    }

    /// The date a call noticed on `notice` is due.
    ///
    /// # Errors
    /// [`Error::DateOutOfRange`] past chrono's range.
    ///
    /// ```
    /// use disburse::{CapitalCalls, NoticeBasis};
    /// use disburse::time::Calendar;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let business = CapitalCalls::new(vec![], 45, Calendar::WeekendsOnly);
    /// assert_eq!(business.due_date(d(2026, 2, 18))?, d(2026, 4, 22));
    /// let calendar = business.clone().notice_basis(NoticeBasis::CalendarDays);
    /// assert_eq!(calendar.due_date(d(2026, 2, 18))?, d(2026, 4, 6)); // 4 April is a Saturday
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn due_date(&self, notice: NaiveDate) -> Result<NaiveDate> {
        let n = i64::from(self.notice_days);
        match self.notice_basis {
            NoticeBasis::BusinessDays => self.calendar.advance_business_days(notice, n),
            NoticeBasis::CalendarDays => self
                .calendar
                .adjust(civil::add_days(notice, n)?, BusinessDayConvention::Following),
        }
    }

    fn flows(&self, amount: Money) -> Result<Vec<(NaiveDate, Money)>> {
        let currency = amount.currency();
        if self.calls.is_empty() {
            return Err(Error::Empty {
                what: Quantity::CapitalCalls,
            });
        }
        let mut due: Vec<(NaiveDate, Money)> = Vec::with_capacity(self.calls.len());
        for c in &self.calls {
            let m = positive_whole(c.amount, currency, || Quantity::CapitalCall(c.notice))?;
            due.push((self.due_date(c.notice)?, m));
        }
        check_sum(Quantity::CapitalCalls, due.iter().map(|(_, m)| *m), amount)?;
        due.sort_by_key(|(d, _)| *d);
        let Some(cap) = self.annual_cap else {
            return Ok(due);
        };
        let cap = whole_cap(cap, currency, Quantity::AnnualCap)?;
        check_cap_horizon(cap, amount)?;

        let mut queue: VecDeque<(NaiveDate, Money)> = due.into();
        let mut out = Vec::new();
        let mut carry = Money::zero(currency);
        let first_year = queue.front().map_or(0, |(d, _)| self.year.year_of(*d));
        let mut year = first_year;
        while !queue.is_empty() || !carry.is_zero() {
            if carry.is_zero() {
                // Skip years without calls.
                if let Some((d, _)) = queue.front() {
                    year = year.max(self.year.year_of(*d));
                }
            }
            if i64::from(year) - i64::from(first_year) > i64::from(MAX_PLAN_YEARS) {
                return Err(cap_too_small(cap, amount));
            }
            let mut left = cap;
            if !carry.is_zero() {
                let date = self
                    .calendar
                    .adjust(self.year.start_of(year)?, BusinessDayConvention::Following)?;
                let pay = carry.checked_min(left)?;
                out.push((date, pay));
                carry = carry.checked_sub(pay)?;
                left = left.checked_sub(pay)?;
            }
            while let Some(&(d, m)) = queue.front() {
                if self.year.year_of(d) != year {
                    break;
                }
                queue.pop_front();
                let pay = m.checked_min(left)?;
                if !pay.is_zero() {
                    out.push((d, pay));
                }
                left = left.checked_sub(pay)?;
                carry = carry.checked_add(m.checked_sub(pay)?)?;
            }
            year = year
                .checked_add(1)
                .ok_or_else(|| Error::date_out_of_range(DateOp::YearAfterLastCall))?;
        }
        Ok(out)
    }
}

/// How a tranche is paid. Serialized with a `kind` tag:
/// `{ "kind": "annual_cap", "start": "2026-01-01", "cap": "20000000000" }`.
///
/// ```
/// use disburse::{Currency, Money, Plan};
/// use chrono::NaiveDate;
/// use rust_decimal_macros::dec;
/// let plan: Plan = serde_json::from_str(r#"{"kind": "installments", "start": "2026-01-01", "count": 10}"#)?;
/// let s = plan.schedule(Money::new(dec!(350e9), Currency::USD), "pledge")?;
/// assert_eq!(s.len(), 10);
/// assert!(s.iter().all(|f| f.amount == Money::new(dec!(35e9), Currency::USD)));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Plan {
    /// Everything on one date.
    Upfront(Upfront),
    /// Equal payments at a tenor.
    Installments(Installments),
    /// At most a cap per year.
    AnnualCap(AnnualCap),
    /// Growing or shrinking payments.
    Ramp(Ramp),
    /// Explicit fractions per period.
    Weights(WeightsPlan),
    /// Explicit dated amounts.
    Explicit(Explicit),
    /// Capital calls on notice, optionally capped per year.
    CapitalCalls(CapitalCalls),
}

impl Plan {
    /// Everything on `date`.
    ///
    /// ```
    /// let p = disburse::Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap());
    /// assert_eq!(p.kind(), "upfront");
    /// ```
    pub fn upfront(date: NaiveDate) -> Plan {
        Plan::Upfront(Upfront::new(date))
    }

    /// `count` equal payments every `tenor` from `start`, in advance.
    ///
    /// ```
    /// use disburse::time::Frequency;
    /// let p = disburse::Plan::installments(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), 10, Frequency::Annual);
    /// assert_eq!(p.kind(), "installments");
    /// ```
    pub fn installments(start: NaiveDate, count: u32, tenor: impl Into<Tenor>) -> Plan {
        Plan::Installments(Installments::count(start, count, tenor))
    }

    /// At most `cap` a calendar year, one payment a year from `start`.
    ///
    /// ```
    /// use rust_decimal_macros::dec;
    /// let p = disburse::Plan::annual_cap(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(20e9));
    /// assert_eq!(p.kind(), "annual_cap");
    /// ```
    pub fn annual_cap(start: NaiveDate, cap: Decimal) -> Plan {
        Plan::AnnualCap(AnnualCap::new(start, cap))
    }

    /// The plan's kind, as in its serde tag.
    ///
    /// ```
    /// assert_eq!(disburse::Plan::upfront(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()).kind(), "upfront");
    /// ```
    pub fn kind(&self) -> &'static str {
        match self {
            Plan::Upfront(_) => "upfront",
            Plan::Installments(_) => "installments",
            Plan::AnnualCap(_) => "annual_cap",
            Plan::Ramp(_) => "ramp",
            Plan::Weights(_) => "weights",
            Plan::Explicit(_) => "explicit",
            Plan::CapitalCalls(_) => "capital_calls",
        }
    }

    /// The schedule that pays `amount` by this plan, each flow labelled
    /// `tranche`. Its flows are positive, sorted, one per date, and sum
    /// exactly to `amount`.
    ///
    /// # Errors
    /// - [`Error::NonPositiveAmount`] / [`Error::NotWholeMinorUnits`] for
    ///   the amount, a cap or a user-given flow;
    /// - [`Error::ZeroCount`], [`Error::ZeroTenor`], [`Error::Empty`] for
    ///   plans with nothing to pay on;
    /// - [`Error::EmptyWeights`], [`Error::NegativeWeight`],
    ///   [`Error::WeightsDoNotSumToOne`] for bad weights;
    /// - [`Error::FlowsDoNotSum`] when explicit flows or calls do not sum
    ///   to the amount;
    /// - [`Error::CapTooSmall`] when a cap cannot pay within
    ///   [`MAX_PLAN_YEARS`];
    /// - [`Error::OutOfRange`] for more than
    ///   [`MAX_SCHEDULE_DATES`](crate::time::MAX_SCHEDULE_DATES) payments;
    /// - date errors from the calendar or schedule generation.
    pub fn schedule(&self, amount: Money, tranche: &str) -> Result<Schedule> {
        let currency = amount.currency();
        positive_whole(amount.amount(), currency, || Quantity::Tranche(tranche.to_string()))?;
        let flows: Vec<(NaiveDate, Money)> = match self {
            Plan::Upfront(u) => vec![(u.calendar.adjust(u.date, u.convention)?, amount)],
            Plan::Installments(i) => {
                let dates = i.dates()?;
                if dates.is_empty() {
                    return Err(Error::ZeroCount {
                        what: Quantity::InstallmentCount,
                    });
                }
                split(&dates, amount, &vec![Decimal::ONE; dates.len()])?
            }
            Plan::AnnualCap(c) => c.flows(amount)?,
            Plan::Ramp(r) => {
                let weights = r.weights()?;
                let first = match r.timing {
                    Timing::InAdvance => 0,
                    Timing::InArrears => 1,
                };
                let dates = regular_dates(r.start, r.tenor, first, r.count, false, &r.calendar, r.convention)?;
                split(&dates, amount, &weights)?
            }
            Plan::Weights(w) => {
                w.check()?;
                let first = match w.timing {
                    Timing::InAdvance => 0,
                    Timing::InArrears => 1,
                };
                let n = u32::try_from(w.weights.len()).map_err(|_| Error::overflow("weights count"))?;
                let dates = regular_dates(w.start, w.tenor, first, n, false, &w.calendar, w.convention)?;
                split(&dates, amount, &w.weights)?
            }
            Plan::Explicit(e) => {
                if e.flows.is_empty() {
                    return Err(Error::Empty {
                        what: Quantity::ExplicitFlows,
                    });
                }
                let flows = e
                    .flows
                    .iter()
                    .map(|f| {
                        Ok((
                            f.date,
                            positive_whole(f.amount, currency, || Quantity::ExplicitFlow(f.date))?,
                        ))
                    })
                    .collect::<Result<Vec<_>>>()?;
                check_sum(Quantity::ExplicitPlan, flows.iter().map(|(_, m)| *m), amount)?;
                flows
            }
            Plan::CapitalCalls(c) => c.flows(amount)?,
        };
        to_schedule(currency, tranche, flows)
    }
}

impl fmt::Display for Plan {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Plan::Upfront(u) => write!(f, "upfront on {}", u.date),
            Plan::Installments(i) => match (i.count, i.end) {
                (Some(n), _) => write!(f, "{n} installments every {} from {}", i.tenor, i.start),
                (None, Some(end)) => write!(f, "installments every {} from {} to {end}", i.tenor, i.start),
                (None, None) => write!(f, "installments every {} from {}", i.tenor, i.start),
            },
            Plan::AnnualCap(c) => write!(f, "at most {} a year from {}", c.cap.normalize(), c.start),
            Plan::Ramp(r) => {
                let l = match r.loading {
                    Loading::Front => "front",
                    Loading::Back => "back",
                };
                write!(
                    f,
                    "{l}-loaded {} ramp of {} payments every {} from {}",
                    r.shape, r.count, r.tenor, r.start
                )
            }
            Plan::Weights(w) => write!(
                f,
                "{} weighted payments every {} from {}",
                w.weights.len(),
                w.tenor,
                w.start
            ),
            Plan::Explicit(e) => write!(f, "{} explicit flows", e.flows.len()),
            Plan::CapitalCalls(c) => {
                write!(f, "{} capital calls, {} days' notice", c.calls.len(), c.notice_days)?;
                if let Some(cap) = c.annual_cap {
                    write!(f, ", at most {} a year", cap.normalize())?;
                }
                Ok(())
            }
        }
    }
}

/// `count` adjusted dates `start + k·tenor` for k = first, first+1, ….
fn regular_dates(
    start: NaiveDate,
    tenor: Tenor,
    first: i64,
    count: u32,
    end_of_month: bool,
    calendar: &Calendar,
    convention: BusinessDayConvention,
) -> Result<Vec<NaiveDate>> {
    if count == 0 {
        return Err(Error::ZeroCount {
            what: Quantity::PaymentCount,
        });
    }
    check_payment_count(Quantity::PaymentCount, count)?;
    if tenor.length() == 0 && count > 1 {
        return Err(Error::ZeroTenor);
    }
    let eom = end_of_month && tenor.is_monthly() && civil::is_month_end(start);
    (first..first + i64::from(count))
        .map(|k| calendar.adjust(tenor.advance(start, k, eom)?, convention))
        .collect()
}

/// Rejects more payments than a date schedule may have, before anything
/// is allocated for them.
fn check_payment_count(what: Quantity, count: u32) -> Result<()> {
    if usize::try_from(count).map_or(true, |n| n > MAX_SCHEDULE_DATES) {
        return Err(Error::out_of_range(
            what,
            count,
            Bound::AtMost(Value::from(MAX_SCHEDULE_DATES)),
        ));
    }
    Ok(())
}

/// `amount` split over `dates` by `weights` (same length).
fn split(dates: &[NaiveDate], amount: Money, weights: &[Decimal]) -> Result<Vec<(NaiveDate, Money)>> {
    let parts = allocate(amount, weights)?;
    Ok(dates.iter().copied().zip(parts).collect())
}

/// Appends `pay` split equally over `dates`.
fn push_split(out: &mut Vec<(NaiveDate, Money)>, dates: &[NaiveDate], pay: Money) -> Result<()> {
    let parts = pay.split_evenly(dates.len())?;
    out.extend(dates.iter().copied().zip(parts));
    Ok(())
}

/// Sorts flows by date (stably), merges equal dates, drops zeros.
fn to_schedule(currency: Currency, tranche: &str, mut flows: Vec<(NaiveDate, Money)>) -> Result<Schedule> {
    flows.sort_by_key(|(d, _)| *d);
    let label: Arc<str> = Arc::from(tranche);
    let mut out: Vec<CashFlow> = Vec::with_capacity(flows.len());
    for (date, amount) in flows {
        match out.last_mut() {
            Some(last) if last.date == date => last.amount = last.amount.checked_add(amount)?,
            _ => out.push(CashFlow {
                date,
                amount,
                tranche: Arc::clone(&label),
            }),
        }
    }
    out.retain(|f| !f.amount.is_zero());
    Ok(Schedule::from_sorted(currency, out))
}

/// `value` as money, checked positive and whole in minor units.
pub(crate) fn positive_whole(value: Decimal, currency: Currency, what: impl Fn() -> Quantity) -> Result<Money> {
    let m = Money::new(value, currency);
    if !m.is_positive() {
        return Err(Error::NonPositiveAmount {
            what: what(),
            amount: m,
        });
    }
    if !m.is_whole_minor() {
        return Err(Error::NotWholeMinorUnits {
            what: what(),
            amount: value,
            currency,
        });
    }
    Ok(m)
}

/// A cap as money, rounded down to whole minor units, at least one unit.
fn whole_cap(cap: Decimal, currency: Currency, what: Quantity) -> Result<Money> {
    let m = Money::new(cap, currency).round_to_minor(crate::Rounding::Down);
    if !m.is_positive() {
        return Err(Error::NonPositiveAmount {
            what,
            amount: Money::new(cap, currency),
        });
    }
    Ok(m)
}

fn cap_too_small(cap: Money, amount: Money) -> Error {
    Error::CapTooSmall {
        cap,
        amount,
        max_years: MAX_PLAN_YEARS,
    }
}

/// Fails fast when paying `amount` at `cap` a year needs more than
/// [`MAX_PLAN_YEARS`] years: `ceil(amount / cap) > MAX_PLAN_YEARS`, that is
/// `amount > cap · MAX_PLAN_YEARS`, compared without dividing (the quotient
/// of a huge amount by a tiny cap overflows `Decimal`). Both are positive;
/// a product beyond `Decimal`'s range exceeds every amount.
fn check_cap_horizon(cap: Money, amount: Money) -> Result<()> {
    let limit = cap.amount().checked_mul(Decimal::from(MAX_PLAN_YEARS));
    if limit.is_some_and(|limit| amount.amount() > limit) {
        return Err(cap_too_small(cap, amount));
    }
    Ok(())
}

fn check_sum(what: Quantity, parts: impl Iterator<Item = Money>, expected: Money) -> Result<()> {
    let sum = Money::checked_sum(parts, expected.currency())?;
    if sum != expected {
        return Err(Error::FlowsDoNotSum { what, expected, sum });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{HolidayCalendar, WeekendsOnly};
    use rust_decimal_macros::dec;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn usd(x: Decimal) -> Money {
        Money::new(x, Currency::USD)
    }

    fn lines(s: &Schedule) -> Vec<String> {
        s.iter().map(|f| format!("{} {}", f.date, f.amount)).collect()
    }

    #[test]
    fn upfront_adjusts() {
        let p = Plan::Upfront(Upfront {
            calendar: Calendar::WeekendsOnly,
            ..Upfront::new(d(2026, 1, 3))
        });
        assert_eq!(lines(&p.schedule(usd(dec!(5)), "u").unwrap()), ["2026-01-05 USD 5.00"]);
    }

    #[test]
    fn installments_until_end_date() {
        let p = Plan::Installments(Installments::until(d(2026, 1, 1), d(2026, 7, 1), Tenor::months(2)));
        // Dates 2026-01-01, 03-01, 05-01, 07-01: in advance drops the last.
        assert_eq!(
            lines(&p.schedule(usd(dec!(100)), "i").unwrap()),
            ["2026-01-01 USD 33.34", "2026-03-01 USD 33.33", "2026-05-01 USD 33.33"]
        );
        let p = Plan::Installments(
            Installments::until(d(2026, 1, 1), d(2026, 7, 1), Tenor::months(2)).timing(Timing::InArrears),
        );
        assert_eq!(
            p.schedule(usd(dec!(100)), "i").unwrap().first_date(),
            Some(d(2026, 3, 1))
        );
        let both = Installments {
            count: Some(3),
            ..Installments::until(d(2026, 1, 1), d(2027, 1, 1), Tenor::years(1))
        };
        assert!(matches!(
            Plan::Installments(both).schedule(usd(dec!(1)), "i"),
            Err(Error::Invalid {
                what: Quantity::Installments,
                ..
            })
        ));
    }

    #[test]
    fn installments_merge_dates_that_adjust_together() {
        let p = Plan::Installments(
            Installments::count(d(2026, 1, 2), 3, Tenor::days(1))
                .adjusted(WeekendsOnly, BusinessDayConvention::Following),
        );
        // Fri, Sat→Mon, Sun→Mon.
        assert_eq!(
            lines(&p.schedule(usd(dec!(3)), "i").unwrap()),
            ["2026-01-02 USD 1.00", "2026-01-05 USD 2.00"]
        );
    }

    #[test]
    fn annual_cap_quarterly_from_mid_year() {
        let p = Plan::AnnualCap(AnnualCap::new(d(2026, 7, 1), dec!(20)).tenor(Tenor::months(3)));
        let s = p.schedule(usd(dec!(50)), "c").unwrap();
        assert_eq!(
            lines(&s),
            [
                "2026-07-01 USD 10.00",
                "2026-10-01 USD 10.00",
                "2027-01-01 USD 5.00",
                "2027-04-01 USD 5.00",
                "2027-07-01 USD 5.00",
                "2027-10-01 USD 5.00",
                "2028-01-01 USD 2.50",
                "2028-04-01 USD 2.50",
                "2028-07-01 USD 2.50",
                "2028-10-01 USD 2.50",
            ]
        );
    }

    #[test]
    fn annual_cap_fiscal_year_and_errors() {
        let fy = FiscalYear::new(10, crate::FiscalYearLabel::EndYear).unwrap();
        let p = Plan::AnnualCap(
            AnnualCap::new(d(2026, 1, 1), dec!(10))
                .tenor(Tenor::months(6))
                .fiscal_year(fy),
        );
        // FY2026 holds 2026-01-01 and 2026-07-01; FY2027 holds 2027-01-01 and 2027-07-01.
        assert_eq!(
            lines(&p.schedule(usd(dec!(15)), "c").unwrap()),
            [
                "2026-01-01 USD 5.00",
                "2026-07-01 USD 5.00",
                "2027-01-01 USD 2.50",
                "2027-07-01 USD 2.50"
            ]
        );
        let zero = Plan::annual_cap(d(2026, 1, 1), dec!(0.001));
        assert!(matches!(
            zero.schedule(usd(dec!(1)), "c"),
            Err(Error::NonPositiveAmount { .. })
        ));
        let tiny = Plan::annual_cap(d(2026, 1, 1), dec!(0.01));
        let err = tiny.schedule(usd(dec!(350e9)), "c").unwrap_err();
        assert!(matches!(err, Error::CapTooSmall { .. }), "{err}");
    }

    #[test]
    fn ramps() {
        let r = Ramp::new(
            d(2026, 1, 1),
            3,
            Tenor::years(1),
            Loading::Front,
            RampShape::Geometric { ratio: dec!(2) },
        );
        assert_eq!(r.weights().unwrap(), vec![dec!(4), dec!(2), dec!(1)]);
        assert_eq!(
            lines(&Plan::Ramp(r).schedule(usd(dec!(70)), "r").unwrap()),
            ["2026-01-01 USD 40.00", "2027-01-01 USD 20.00", "2028-01-01 USD 10.00"]
        );
        let bad = Ramp::new(
            d(2026, 1, 1),
            3,
            Tenor::years(1),
            Loading::Back,
            RampShape::Geometric { ratio: dec!(0) },
        );
        assert!(matches!(bad.weights(), Err(Error::OutOfRange { .. })));
        let zero = Ramp::new(d(2026, 1, 1), 0, Tenor::years(1), Loading::Back, RampShape::Linear);
        assert!(matches!(
            Plan::Ramp(zero).schedule(usd(dec!(1)), "r"),
            Err(Error::ZeroCount { .. })
        ));
        let huge = Ramp::new(
            d(2026, 1, 1),
            200,
            Tenor::days(1),
            Loading::Back,
            RampShape::Geometric { ratio: dec!(10) },
        );
        assert!(matches!(huge.weights(), Err(Error::Overflow { .. })));
    }

    #[test]
    fn weights_validation() {
        let w = |v: Vec<Decimal>| {
            Plan::Weights(WeightsPlan::new(d(2026, 1, 1), Tenor::years(1), v)).schedule(usd(dec!(9)), "w")
        };
        assert!(matches!(w(vec![]), Err(Error::EmptyWeights)));
        assert!(matches!(
            w(vec![dec!(1.5), dec!(-0.5)]),
            Err(Error::NegativeWeight { index: 1, .. })
        ));
        assert_eq!(
            w(vec![dec!(0.5), dec!(0.4)]).unwrap_err().to_string(),
            "weights must sum to 1, they sum to 0.9"
        );
        let third = Decimal::ONE / Decimal::from(3);
        assert_eq!(lines(&w(vec![third, third, third]).unwrap()).len(), 3);
        // A zero weight yields no flow.
        assert_eq!(w(vec![dec!(0.5), dec!(0), dec!(0.5)]).unwrap().len(), 2);
    }

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

    #[test]
    fn capital_calls_spill_over_several_years() {
        let calls = vec![
            Call {
                notice: d(2026, 11, 2),
                amount: dec!(50),
            },
            Call {
                notice: d(2027, 3, 1),
                amount: dec!(5),
            },
        ];
        let cal = Calendar::Holidays(HolidayCalendar::new("t", [d(2027, 1, 1), d(2028, 1, 3)]));
        let plan = CapitalCalls::new(calls, 10, cal).annual_cap(dec!(20));
        let s = Plan::CapitalCalls(plan).schedule(usd(dec!(55)), "k").unwrap();
        assert_eq!(
            lines(&s),
            [
                "2026-11-16 USD 20.00", // due 10 business days after 2 Nov; capped at 20
                "2027-01-04 USD 20.00", // 30 spills: 20 on 2027's first business day; 2027 is full
                "2028-01-04 USD 15.00", // the last 10 and all of 2027's call spill into 2028
            ]
        );
    }

    #[test]
    fn capital_calls_errors() {
        let calls = vec![Call {
            notice: d(2026, 1, 1),
            amount: dec!(5),
        }];
        let plan = Plan::CapitalCalls(CapitalCalls::new(calls.clone(), 45, WeekendsOnly));
        assert!(matches!(
            plan.schedule(usd(dec!(6)), "k"),
            Err(Error::FlowsDoNotSum { .. })
        ));
        let empty = Plan::CapitalCalls(CapitalCalls::new(vec![], 45, WeekendsOnly));
        assert!(matches!(empty.schedule(usd(dec!(6)), "k"), Err(Error::Empty { .. })));
        let capped = Plan::CapitalCalls(CapitalCalls::new(calls, 45, WeekendsOnly).annual_cap(dec!(-1)));
        assert!(matches!(
            capped.schedule(usd(dec!(5)), "k"),
            Err(Error::NonPositiveAmount { .. })
        ));
    }

    #[test]
    fn bad_tranche_amounts() {
        let p = Plan::upfront(d(2026, 1, 1));
        assert_eq!(
            p.schedule(usd(dec!(0)), "x").unwrap_err().to_string(),
            "tranche `x` must be positive, got USD 0.00"
        );
        assert!(matches!(
            p.schedule(usd(dec!(1.001)), "x"),
            Err(Error::NotWholeMinorUnits { .. })
        ));
    }

    #[test]
    fn serde_every_plan_kind() {
        let plans = vec![
            Plan::upfront(d(2026, 1, 1)),
            Plan::Installments(Installments::count(d(2026, 1, 31), 12, Tenor::months(1)).end_of_month(true)),
            Plan::AnnualCap(
                AnnualCap::new(d(2026, 1, 1), dec!(20e9))
                    .adjusted(WeekendsOnly, BusinessDayConvention::ModifiedFollowing),
            ),
            Plan::Ramp(Ramp::new(
                d(2026, 1, 1),
                5,
                Tenor::years(1),
                Loading::Front,
                RampShape::Geometric { ratio: dec!(1.1) },
            )),
            Plan::Weights(WeightsPlan::new(
                d(2026, 1, 1),
                Tenor::years(1),
                vec![dec!(0.25), dec!(0.75)],
            )),
            Plan::Explicit(Explicit::new(vec![ExplicitFlow {
                date: d(2026, 1, 1),
                amount: dec!(1),
            }])),
            Plan::CapitalCalls(
                CapitalCalls::new(
                    vec![Call {
                        notice: d(2026, 1, 1),
                        amount: dec!(1),
                    }],
                    45,
                    WeekendsOnly,
                )
                .annual_cap(dec!(1)),
            ),
        ];
        for p in plans {
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(serde_json::from_str::<Plan>(&json).unwrap(), p, "{json}");
            assert!(json.contains(&format!("\"kind\":\"{}\"", p.kind())));
            assert!(!p.to_string().is_empty());
        }
        let bad = r#"{"kind": "upfront", "date": "2026-01-01", "bogus": 1}"#;
        assert!(serde_json::from_str::<Plan>(bad).is_err());
    }
}
