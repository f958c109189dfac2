//! The crate's error type.
//!
//! Every fallible operation in `disburse` returns [`Result<T>`], whose error
//! is the single [`Error`] enum below. Each variant names what was wrong
//! with typed parts: the [`Quantity`] (the input or field) at fault, the
//! offending [`Value`], the [`Bound`] it broke, amounts as [`Money`],
//! currencies as [`Currency`], dates as [`NaiveDate`]. Programs match on
//! those parts (a scenario file maps each error to its field by its
//! `Quantity`); people read the message, which is lowercase, one line,
//! without a trailing period, and names the value and the bound.

mod bound;
mod context;
mod quantity;

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

pub use self::bound::{Bound, Value};
pub use self::context::{Attempt, CurveProblem, DateOp, Question};
pub use self::quantity::Quantity;
use crate::affordability::{FundingSource, Summary};
use crate::rates::InterestRate;
use crate::time::{DayCount, Tenor};
use crate::{Currency, Money};

/// The result type of every fallible operation in this crate.
///
/// ```
/// fn parse(code: &str) -> disburse::Result<disburse::Currency> {
///     code.parse()
/// }
/// assert!(parse("USD").is_ok());
/// assert!(parse("ZZZ").is_err());
/// ```
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in `disburse`.
///
/// The enum is `#[non_exhaustive]`: later versions may add variants. It is
/// `Clone` and `PartialEq` but not `Eq`, since some payloads are `f64`
/// (rates, year fractions) that may be NaN.
///
/// ```
/// use disburse::{Currency, Error, Money, Quantity};
/// use rust_decimal_macros::dec;
///
/// let usd = Money::new(dec!(1), Currency::USD);
/// let eur = Money::new(dec!(1), Currency::EUR);
/// let err = usd.checked_add(eur).unwrap_err();
/// assert_eq!(err, Error::CurrencyMismatch { expected: Currency::USD, found: Currency::EUR });
/// assert_eq!(err.to_string(), "currency mismatch: expected USD, found EUR");
///
/// let err = usd.checked_div(dec!(0)).unwrap_err();
/// assert!(matches!(err, Error::OutOfRange { what: Quantity::Divisor, .. }));
/// assert_eq!(err.to_string(), "divisor is out of range: must not be zero");
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ----- money -------------------------------------------------------
    /// Two amounts of different currencies were combined.
    #[error("currency mismatch: expected {expected}, found {found}")]
    CurrencyMismatch {
        /// The currency that was expected (the left operand, the schedule's currency…).
        expected: Currency,
        /// The currency that was found.
        found: Currency,
    },
    /// An amount to convert along an FX path is in neither of its currencies.
    #[error("currency mismatch: expected {base} or {quote}, found {found}")]
    FxCurrencyMismatch {
        /// The path's base currency.
        base: Currency,
        /// The path's quote currency.
        quote: Currency,
        /// The currency that was found.
        found: Currency,
    },
    /// A currency code that is not built in was used where only built-in
    /// currencies are accepted (define it with [`Currency::new`](crate::Currency::new)).
    #[error("unknown currency code `{code}`")]
    UnknownCurrency {
        /// The code as given.
        code: String,
    },
    /// A currency code that is not three ASCII letters, or a minor-unit
    /// count outside 0..=18.
    #[error("invalid currency `{code}`: {reason}")]
    InvalidCurrency {
        /// The code as given.
        code: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An arithmetic result does not fit in a `Decimal` (about ±7.9e28) or
    /// in the integer type used for minor units.
    #[error("arithmetic overflow in {operation}")]
    Overflow {
        /// The operation that overflowed.
        operation: &'static str,
    },
    /// An amount of the yearly affordability engine does not fit in a
    /// `Decimal` (a 96-bit integer of minor units or decimals, about
    /// ±7.9e28) in one fiscal year: a stock compounding,
    /// or debt and interest growing, over a very long horizon.
    ///
    /// ```
    /// use disburse::affordability::{Assessment, Capacity, Constraint, Stock};
    /// use disburse::{Currency, Error, FiscalYear, Money, Plan};
    /// use disburse::time::Tenor;
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// // Reserves earning 100% a year double every year of a 1,000-year plan.
    /// let reserves = Stock::new("reserves", 2026, dec!(400e9), 1.0);
    /// let capacity = Capacity::new(Currency::USD, FiscalYear::CALENDAR, vec![Constraint::Stock(reserves)])?;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let plan = Plan::installments(jan1, 1000, Tenor::years(1));
    /// let schedule = plan.schedule(Money::new(dec!(350e9), Currency::USD), "cash")?;
    /// let err = Assessment::new(capacity).assess(&schedule).unwrap_err();
    /// assert!(matches!(err, Error::OverflowInYear { .. }));
    /// // 400e9 × 2^58 ≈ 1.15e29 is the first level past 7.9e28: the end of 2083.
    /// assert_eq!(err.to_string(), "arithmetic overflow in stock capacity in 2083: an amount outgrew a Decimal (28 significant digits)");
    /// # Ok::<(), disburse::Error>(())
    /// ```
    #[error("arithmetic overflow in {operation} in {year}: an amount outgrew a Decimal (28 significant digits)")]
    OverflowInYear {
        /// The operation that overflowed.
        operation: &'static str,
        /// The fiscal year it overflowed in.
        year: crate::Period,
    },
    /// An amount of the return-sharing waterfall does not fit in a
    /// `Decimal` (about ±7.9e28) at one of its dated flows: a deemed rate
    /// compounding an unrecovered balance over a long horizon.
    ///
    /// ```
    /// use disburse::returns::{share_returns, ProjectFlows, Waterfall};
    /// use disburse::{Currency, Error, Money, Plan};
    /// use chrono::NaiveDate;
    /// use rust_decimal_macros::dec;
    /// let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    /// let outlays = Plan::upfront(jan1).schedule(Money::new(dec!(200e9), Currency::USD), "cash")?;
    /// // Deemed interest of 1,000% a year on a project that yields nothing.
    /// let err = share_returns(&outlays, &ProjectFlows::yield_on_capital(0.0, 40)?, &Waterfall::korea_us_2025(10.0)?)
    ///     .unwrap_err();
    /// // By hand: the balance is $200B × 11^n, 8.35e28 cents after 15 years,
    /// // past the 2^96 ≈ 7.92e28 a Decimal's digits hold (7.6e27 after 14).
    /// assert_eq!(
    ///     err.to_string(),
    ///     "arithmetic overflow in money addition on 2041-01-01: an amount outgrew a Decimal (28 significant digits)"
    /// );
    /// # Ok::<(), disburse::Error>(())
    /// ```
    #[error("arithmetic overflow in {operation} on {date}: an amount outgrew a Decimal (28 significant digits)")]
    OverflowOnDate {
        /// The operation that overflowed.
        operation: &'static str,
        /// The date of the flow it overflowed at.
        date: NaiveDate,
    },
    /// An amount has more decimal places than its currency's minor unit
    /// where a whole number of minor units is required.
    #[error("{what}: {amount} is not a whole number of minor units of {currency}")]
    NotWholeMinorUnits {
        /// What the amount is.
        what: Quantity,
        /// The amount as given.
        amount: Decimal,
        /// Its currency.
        currency: Currency,
    },
    /// An amount that must be positive is zero or negative.
    #[error("{what} must be positive, got {amount}")]
    NonPositiveAmount {
        /// What the amount is ([`Quantity::Headline`],
        /// [`Quantity::Tranche`], [`Quantity::AnnualCap`]…).
        what: Quantity,
        /// The amount as given.
        amount: Money,
    },

    // ----- weights and allocation ----------------------------------------
    /// An allocation or plan was given no weights.
    #[error("weights are empty")]
    EmptyWeights,
    /// A weight is negative.
    #[error("weight #{index} is negative ({value})")]
    NegativeWeight {
        /// Zero-based position of the weight.
        index: usize,
        /// The weight as given.
        value: Decimal,
    },
    /// All weights are zero, so nothing can be allocated.
    #[error("weights sum to zero")]
    ZeroWeights,
    /// Weights that must sum to one do not.
    #[error("weights must sum to 1, they sum to {sum}")]
    WeightsDoNotSumToOne {
        /// The actual sum.
        sum: Decimal,
    },

    // ----- commitments and plans -------------------------------------
    /// A commitment has no tranches.
    #[error("commitment `{name}` has no tranches")]
    NoTranches {
        /// The commitment's name.
        name: String,
    },
    /// Two tranches of one commitment have the same name.
    #[error("duplicate tranche name `{name}`")]
    DuplicateTranche {
        /// The repeated name.
        name: String,
    },
    /// The tranches of a commitment do not add up to its headline.
    #[error("tranches sum to {sum}, but the headline is {headline}")]
    TranchesDoNotSum {
        /// The headline amount.
        headline: Money,
        /// The sum of the tranches.
        sum: Money,
    },
    /// User-given flows do not add up to the amount they must pay.
    #[error("{what}: flows sum to {sum}, but must sum to {expected}")]
    FlowsDoNotSum {
        /// Whose flows ([`Quantity::ExplicitPlan`], [`Quantity::CapitalCalls`]).
        what: Quantity,
        /// The amount they must sum to.
        expected: Money,
        /// Their actual sum.
        sum: Money,
    },
    /// A count that must be at least one is zero.
    #[error("{what} must be at least 1")]
    ZeroCount {
        /// What is counted.
        what: Quantity,
    },
    /// A list that must not be empty is empty.
    #[error("{what} is empty")]
    Empty {
        /// What is empty.
        what: Quantity,
    },
    /// An annual cap is so small that paying the amount would take longer
    /// than the supported horizon.
    #[error("cap {cap} per year cannot pay {amount} within {max_years} years")]
    CapTooSmall {
        /// The cap.
        cap: Money,
        /// The amount to pay.
        amount: Money,
        /// The longest horizon supported.
        max_years: u32,
    },
    /// A parameter is outside its valid range.
    ///
    /// ```
    /// use disburse::{Bound, Error, FiscalYear, FiscalYearLabel, Quantity, Value};
    /// let err = FiscalYear::new(13, FiscalYearLabel::StartYear).unwrap_err();
    /// assert_eq!(err, Error::OutOfRange {
    ///     what: Quantity::FiscalYearStartMonth,
    ///     value: Value::Int(13),
    ///     bound: Bound::Between(1, 12),
    /// });
    /// assert_eq!(err.to_string(), "fiscal year start month is out of range: must be 1 to 12, got 13");
    /// ```
    #[error("{what} is out of range: {}", Broken(.bound, .value))]
    OutOfRange {
        /// The parameter.
        what: Quantity,
        /// The value as given.
        value: Value,
        /// The bound it breaks.
        bound: Bound,
    },
    /// A parameter is invalid in a way no [`Bound`] describes (a weekend
    /// of seven days, installments with both a count and an end…).
    #[error("{what} is out of range: {reason}")]
    Invalid {
        /// The parameter.
        what: Quantity,
        /// What is wrong with it.
        reason: &'static str,
    },

    // ----- dates ---------------------------------------------------------
    /// A schedule's termination date is not after its effective date.
    #[error("termination date {termination} must be after effective date {effective}")]
    TerminationNotAfterEffective {
        /// The effective (start) date.
        effective: NaiveDate,
        /// The termination (end) date.
        termination: NaiveDate,
    },
    /// A date computation left chrono's supported range.
    #[error("date out of range: {what}")]
    DateOutOfRange {
        /// The computation that left the range.
        what: DateOp,
    },
    /// An explicit first date or next-to-last date lies outside the schedule.
    #[error("{which} {date} lies outside the schedule {effective}..{termination}")]
    StubOutOfRange {
        /// `"first date"` or `"next-to-last date"`.
        which: &'static str,
        /// The stub date as given.
        date: NaiveDate,
        /// The schedule's effective date.
        effective: NaiveDate,
        /// The schedule's termination date.
        termination: NaiveDate,
    },
    /// An explicit first date or next-to-last date was given with the Zero
    /// rule, whose schedule is one period with no stub.
    #[error(
        "{which} {date} cannot be used with the Zero rule (a single period from effective to termination date, no stub)"
    )]
    StubWithZeroRule {
        /// `"first date"` or `"next-to-last date"`.
        which: &'static str,
        /// The stub date as given.
        date: NaiveDate,
    },
    /// A tenor of length zero was used where a period is required.
    #[error("tenor must be longer than zero")]
    ZeroTenor,
    /// Dates that must be in increasing order are not.
    #[error("{what}: dates must increase, but {next} follows {previous}")]
    UnorderedDates {
        /// Which dates.
        what: Quantity,
        /// The date listed first.
        previous: NaiveDate,
        /// The date listed after it, which is not later.
        next: NaiveDate,
    },
    /// A date schedule would have more dates than supported.
    #[error("schedule is out of range: more than {max} dates from {effective} to {termination} every {tenor}")]
    TooManyDates {
        /// The effective date.
        effective: NaiveDate,
        /// The termination date.
        termination: NaiveDate,
        /// The tenor.
        tenor: Tenor,
        /// The most dates supported.
        max: usize,
    },
    /// A date schedule collapses to a single date.
    #[error(
        "schedule is out of range: degenerate single-date schedule from {effective} to {termination} every {tenor}"
    )]
    DegenerateSchedule {
        /// The effective date.
        effective: NaiveDate,
        /// The termination date.
        termination: NaiveDate,
        /// The tenor.
        tenor: Tenor,
    },

    // ----- rates, curves and valuation --------------------------------------
    /// A rate, yield, flow or parameter is not a finite number.
    #[error("{what} {value} is not a finite number")]
    NonFinite {
        /// The input.
        what: Quantity,
        /// The value as given (NaN or infinite).
        value: f64,
    },
    /// A rate is outside the range where it is defined: at or below -100%
    /// (or `-100%·n` when compounded `n` times a year), a simple rate whose
    /// compound factor is not positive, or an FX rate that is not positive.
    #[error("invalid rate {rate}: {}", RateBound(.what, .bound))]
    InvalidRate {
        /// The rate ([`Quantity::Rate`] for a rate with no other name).
        what: Quantity,
        /// The rate as given.
        rate: Value,
        /// The bound it breaks.
        bound: Bound,
    },
    /// A compound or discount factor is beyond the range of `f64`.
    #[error("compound factor is out of range: {rate} over {years} years is beyond the range of f64")]
    FactorOverflow {
        /// The rate.
        rate: InterestRate,
        /// The year fraction.
        years: f64,
    },
    /// A curve's discount factor at a date is beyond the range of `f64`.
    #[error("discount factor is out of range: at {date} it is beyond the range of f64")]
    DiscountFactorOverflow {
        /// The date.
        date: NaiveDate,
    },
    /// A compound factor other than 1 over a year fraction of zero.
    #[error("year fraction is out of range: is zero, so compound factor {compound_factor} has no implied rate")]
    NoImpliedRate {
        /// The compound factor.
        compound_factor: f64,
    },
    /// No day near a date has a positive year fraction from a curve's
    /// reference date (a zero rate is undefined).
    #[error(
        "zero rate date is out of range: no day near {date} has a positive year fraction from {reference} under {day_count}"
    )]
    NoPositiveYearFraction {
        /// The date asked for.
        date: NaiveDate,
        /// The curve's reference date.
        reference: NaiveDate,
        /// The curve's day count.
        day_count: DayCount,
    },
    /// A period of zero years (a forward rate is undefined).
    #[error("forward period is out of range: {start} to {end} is zero years under {day_count}")]
    ZeroYearPeriod {
        /// The period's start.
        start: NaiveDate,
        /// The period's end.
        end: NaiveDate,
        /// The day count.
        day_count: DayCount,
    },
    /// A date before a curve's reference date.
    #[error("discount date is out of range: {date} is before the curve's reference date {reference}")]
    BeforeReferenceDate {
        /// The date asked for.
        date: NaiveDate,
        /// The curve's reference date.
        reference: NaiveDate,
    },
    /// A date after the last pillar of a curve that does not extrapolate.
    #[error("discount date is out of range: {date} is after the last pillar {last} and the curve does not extrapolate")]
    AfterLastPillar {
        /// The date asked for.
        date: NaiveDate,
        /// The last pillar's date.
        last: NaiveDate,
    },
    /// A curve's pillars or values are invalid.
    #[error("invalid curve: {problem}")]
    InvalidCurve {
        /// What is wrong.
        problem: CurveProblem,
    },
    /// Dates and amounts given side by side differ in length.
    #[error("{dates} dates but {amounts} amounts")]
    LengthMismatch {
        /// Number of dates.
        dates: usize,
        /// Number of amounts.
        amounts: usize,
    },
    /// Every flow is zero, so the measure is undefined.
    #[error("every flow is zero")]
    AllZeroFlows,
    /// No flow falls on or after the valuation date where one is needed.
    #[error("no flow on or after the valuation date {valuation_date}")]
    NoFlowsAfterValuationDate {
        /// The valuation date.
        valuation_date: NaiveDate,
    },
    /// A root solver's upper bound does not exceed its lower bound.
    #[error("solver bounds is out of range: upper bound {upper} must exceed lower bound {lower}")]
    SolverBounds {
        /// The lower bound.
        lower: f64,
        /// The upper bound.
        upper: f64,
    },
    /// A root solver did not converge.
    #[error(
        "solver is out of range: did not converge in {iterations} iterations; a root lies between {lower} and {upper}"
    )]
    NoConvergence {
        /// The iterations allowed.
        iterations: u32,
        /// The bracket's lower end.
        lower: f64,
        /// The bracket's upper end.
        upper: f64,
    },
    /// A root exists at a rate an `f64` cannot hold: above about 1.8e308,
    /// or so close to −100% that `r` rounds to −1 (`1 + r` below about
    /// 1.1e-16). `ln(1 + r)` is given instead.
    #[error("root is out of range: a root lies at ln(1 + r) = {log_growth}, where an f64 rate cannot hold it")]
    RootNotRepresentable {
        /// `ln(1 + r)` at the root.
        log_growth: f64,
    },
    /// Serialized roots whose status does not match their number.
    #[error("roots is out of range: status {status} does not match {roots} roots")]
    RootsMismatch {
        /// The status as given (`"none"`, `"unique"` or `"multiple"`).
        status: &'static str,
        /// The number of roots given.
        roots: usize,
    },

    // ----- parsing -----------------------------------------------------------
    /// A name (tenor, day count, convention…) could not be parsed.
    #[error("invalid {kind} `{input}`: expected {expected}")]
    Parse {
        /// What was being parsed.
        kind: &'static str,
        /// The input as given.
        input: String,
        /// What would have been accepted.
        expected: &'static str,
    },

    // ----- affordability -------------------------------------------------------
    /// An FX path has no rate for a year (before its first year, or after
    /// the last rate of a series).
    #[error("fx path has no rate for year {year}")]
    FxPathTooShort {
        /// The year asked for.
        year: i32,
    },
    /// An FX path whose base and quote currencies are the same.
    #[error("invalid fx path: base and quote are both {currency}")]
    InvalidFxPath {
        /// The currency given as both base and quote.
        currency: Currency,
    },
    /// A capacity constraint is invalid (negative amount, floor above the
    /// stock, share outside (0, 1], growth or yield at or below -100%, a
    /// number that is not finite, an empty name…).
    #[error("invalid constraint `{name}`: {}", Violation(.what, .value, .bound))]
    InvalidConstraint {
        /// The constraint's name.
        name: String,
        /// The field at fault.
        what: Quantity,
        /// Its value.
        value: Value,
        /// The bound it breaks.
        bound: Bound,
    },
    /// Two constraints of one capacity have the same name.
    #[error("duplicate constraint name `{name}`")]
    DuplicateConstraint {
        /// The repeated name.
        name: String,
    },
    /// A funding set-up is invalid (a coupon or discount rate that is not
    /// finite or at or below -100%, a negative budget or borrowing limit).
    #[error("invalid funding: {}", Violation(.what, .value, .bound))]
    InvalidFunding {
        /// The field at fault.
        what: Quantity,
        /// Its value.
        value: Value,
        /// The bound it breaks.
        bound: Bound,
    },
    /// A funding source that may be listed once is listed twice.
    #[error("invalid funding: {listed} is listed twice")]
    DuplicateFundingSource {
        /// The source listed twice.
        listed: FundingSource,
    },
    /// Outlays start before the year in which a stock's level is known.
    #[error("stock `{name}` is known from {start_year}, but outlays start in {year}")]
    StockNotStarted {
        /// The stock's name.
        name: String,
        /// The year at whose start the stock's level is given.
        start_year: i32,
        /// The first outlay year.
        year: i32,
    },
    /// Debt outstanding after the last outlay falls due more than
    /// [`MAX_DEBT_SERVICE_YEARS`](crate::limits::MAX_DEBT_SERVICE_YEARS)
    /// years later (long tenors times rollovers).
    #[error(
        "debt of {outstanding} outstanding after the last outlay falls due {years} years later, beyond the 100-year horizon limit: shorten tenors or rollovers, or set `service_years`"
    )]
    DebtNotRepaid {
        /// Years after the last outlay when it falls due.
        years: u32,
        /// The debt outstanding then, in the payer's currency.
        outstanding: Money,
    },
    /// A funding source or stock in a currency that is neither the payer's
    /// nor the outlays'.
    #[error(
        "{} `{source_name}` is in {found}, but must be in the payer's currency {payer} or the outlays' {outlay}",
        if *stock { "stock" } else { "funding source" }
    )]
    SourceCurrency {
        /// The source (or stock) as written.
        source_name: String,
        /// Whether it is the stock (else a funding source).
        stock: bool,
        /// Its currency.
        found: Currency,
        /// The payer's currency.
        payer: Currency,
        /// The outlays' currency.
        outlay: Currency,
    },

    // ----- affordability: return sharing ------------------------------------
    /// A profit split of a return-sharing phase has a negative share or
    /// shares that do not sum to exactly 100%.
    #[error("invalid {phase} split: {}", SplitProblem(.investor, .host))]
    InvalidSplit {
        /// The phase (`"before-recovery"`, `"after-recovery"`, or `"profit"`
        /// for a split built on its own).
        phase: &'static str,
        /// The investor's share as given.
        investor: Decimal,
        /// The host's share as given.
        host: Decimal,
    },

    // ----- affordability: solvers -------------------------------------------
    /// A solver's search range is empty: lower bound above the upper bound,
    /// or a precision that is not positive.
    #[error("empty solver bounds for {question}: {}", Violation(.what, .value, .bound))]
    EmptyBounds {
        /// What was solved for.
        question: Question,
        /// The bound or setting at fault ([`Quantity::LowerBound`],
        /// [`Quantity::Precision`]).
        what: Quantity,
        /// Its value.
        value: Value,
        /// The bound it breaks.
        bound: Bound,
    },
    /// A solver found no candidate in its search range that passes the
    /// affordability test.
    #[error("no feasible answer for {question}: {}", Failure(.attempt, .summary))]
    Infeasible {
        /// What was solved for.
        question: Question,
        /// The best candidate tried.
        attempt: Attempt,
        /// The summary of its assessment: why it still fails.
        summary: Box<Summary>,
    },

    // ----- comparison and rendering -----------------------------------------
    /// Two plans of one comparison have the same name.
    #[error("duplicate plan name `{name}`")]
    DuplicatePlan {
        /// The repeated name.
        name: String,
    },
    /// A chart could not be drawn.
    #[error("chart failed: {reason}")]
    Chart {
        /// What the drawing backend reported, as it reported it.
        reason: String,
    },
    /// A report could not be rendered in a format (JSON…).
    #[error("cannot render {format}: {reason}")]
    Render {
        /// The format (`"json"`…).
        format: &'static str,
        /// What the serializer reported, as it reported it.
        reason: String,
    },
}

impl Error {
    pub(crate) fn overflow(operation: &'static str) -> Self {
        Error::Overflow { operation }
    }

    /// The error with its fiscal `year` when it is an overflow without one
    /// (the yearly engine's context); any other error unchanged.
    pub(crate) fn in_year(self, year: crate::Period) -> Self {
        match self {
            Error::Overflow { operation } => Error::OverflowInYear { operation, year },
            e => e,
        }
    }

    /// The error with the `date` of its flow when it is an overflow
    /// without one (the waterfall's context); any other error unchanged.
    pub(crate) fn on_date(self, date: NaiveDate) -> Self {
        match self {
            Error::Overflow { operation } => Error::OverflowOnDate { operation, date },
            e => e,
        }
    }

    pub(crate) fn date_out_of_range(what: DateOp) -> Self {
        Error::DateOutOfRange { what }
    }

    pub(crate) fn out_of_range(what: Quantity, value: impl Into<Value>, bound: Bound) -> Self {
        Error::OutOfRange {
            what,
            value: value.into(),
            bound,
        }
    }

    /// The quantity or field this error is about, when it names one.
    ///
    /// ```
    /// use disburse::{AnnualCap, Currency, Money, Plan, Quantity};
    /// use rust_decimal_macros::dec;
    /// let plan = Plan::AnnualCap(AnnualCap::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), dec!(0)));
    /// let err = plan.schedule(Money::new(dec!(100), Currency::USD), "cash").unwrap_err();
    /// assert_eq!(err.quantity(), Some(&Quantity::AnnualCap));
    /// ```
    pub fn quantity(&self) -> Option<&Quantity> {
        match self {
            Error::NotWholeMinorUnits { what, .. }
            | Error::NonPositiveAmount { what, .. }
            | Error::FlowsDoNotSum { what, .. }
            | Error::ZeroCount { what }
            | Error::Empty { what }
            | Error::OutOfRange { what, .. }
            | Error::Invalid { what, .. }
            | Error::UnorderedDates { what, .. }
            | Error::NonFinite { what, .. }
            | Error::InvalidRate { what, .. }
            | Error::InvalidConstraint { what, .. }
            | Error::InvalidFunding { what, .. }
            | Error::EmptyBounds { what, .. } => Some(what),
            _ => None,
        }
    }
}

/// `"{what} {bound}, got {value}"`, or `"{what} is not a finite number"`.
struct Violation<'a>(&'a Quantity, &'a Value, &'a Bound);

impl fmt::Display for Violation<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Violation(what, value, bound) = self;
        match bound {
            Bound::Finite => write!(f, "{what} is not a finite number"),
            Bound::NonEmpty => write!(f, "{what} is empty"),
            _ => write!(f, "{what} {bound}, got {value}"),
        }
    }
}

/// `"{bound}, got {value}"` (just the bound where it implies the value).
struct Broken<'a>(&'a Bound, &'a Value);

impl fmt::Display for Broken<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Broken(Bound::NonZero, _) => write!(f, "{}", self.0),
            Broken(bound, value) => write!(f, "{bound}, got {value}"),
        }
    }
}

/// The bound of an invalid rate, named unless it is a plain rate.
struct RateBound<'a>(&'a Quantity, &'a Bound);

impl fmt::Display for RateBound<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0, self.1) {
            (_, Bound::SimpleFactorPositive(t)) => {
                write!(f, "the simple compound factor 1 + r·t is not positive over {t} years")
            }
            (Quantity::Rate, bound) => write!(f, "{bound}"),
            (what @ (Quantity::FxRate | Quantity::FxAnnualChange), bound) => write!(f, "an {what} {bound}"),
            (what, bound) => write!(f, "{what} {bound}"),
        }
    }
}

/// Why a split's shares are invalid.
struct SplitProblem<'a>(&'a Decimal, &'a Decimal);

impl fmt::Display for SplitProblem<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (investor, host) = (*self.0, *self.1);
        for (who, share) in [("investor", investor), ("host", host)] {
            if share.is_sign_negative() && !share.is_zero() {
                return write!(f, "the {who}'s share {share} is negative");
            }
        }
        match investor.checked_add(host) {
            None => f.write_str("the shares overflow"),
            Some(sum) => write!(
                f,
                "shares {investor} (investor) and {host} (host) sum to {}, not to 100%",
                sum.normalize()
            ),
        }
    }
}

/// The failure of a solver's best attempt.
struct Failure<'a>(&'a Attempt, &'a Summary);

impl fmt::Display for Failure<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let Failure(attempt, s) = self;
        match attempt {
            Attempt::Installments(n) => write!(f, "{n} installments are still {}: {}", s.verdict, s.reason),
            Attempt::UpfrontShare { step, share } => write!(
                f,
                "no multiple of {step} is feasible (at {}: {}: {})",
                share.normalize(),
                s.verdict,
                s.reason
            ),
            Attempt::LowerBound(lower) => write!(f, "the lower bound {lower} is already {}: {}", s.verdict, s.reason),
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::testing::*;

    #[test]
    fn messages_are_lowercase_one_line_without_period() {
        let usd = |x: i64| Money::new(Decimal::from(x), Currency::USD);
        let errors = [
            Error::ZeroTenor,
            Error::EmptyWeights,
            Error::overflow("money addition"),
            Error::ZeroCount {
                what: Quantity::InstallmentCount,
            },
            Error::out_of_range(Quantity::SolverTolerance, 0.0, Bound::Positive),
            Error::NonPositiveAmount {
                what: Quantity::Tranche("cash".into()),
                amount: usd(-5),
            },
            Error::InvalidRate {
                what: Quantity::Rate,
                rate: Value::Float(-3.0),
                bound: Bound::AboveMinusPeriods(2),
            },
            Error::InvalidConstraint {
                name: "fiscal".into(),
                what: Quantity::Growth,
                value: Value::Float(f64::NAN),
                bound: Bound::Finite,
            },
            Error::InvalidSplit {
                phase: "profit",
                investor: Decimal::ONE,
                host: Decimal::ONE,
            },
            Error::date_out_of_range(DateOp::AddDays {
                date: NaiveDate::MAX,
                days: 1,
            }),
            Error::InvalidCurve {
                problem: CurveProblem::InvalidRate {
                    index: 0,
                    date: d(2027, 1, 1),
                    error: Box::new(Error::NonFinite {
                        what: Quantity::InterestRate,
                        value: f64::NAN,
                    }),
                },
            },
        ];
        for e in errors {
            let s = e.to_string();
            assert!(!s.ends_with('.'), "{s}");
            assert!(!s.contains('\n'), "{s}");
            assert!(s.chars().next().is_some_and(|c| !c.is_uppercase()), "{s}");
        }
    }

    #[test]
    fn messages_name_the_value_and_the_bound() {
        let cases: [(Error, &str); 8] = [
            (
                Error::out_of_range(Quantity::ShareStep, Decimal::TWO, Bound::UnitInterval),
                "share step is out of range: must be in (0, 1], got 2",
            ),
            (
                Error::out_of_range(Quantity::ProjectYears, 1001u32, Bound::AtMost(Value::Int(1000))),
                "project years is out of range: must be at most 1000, got 1001",
            ),
            (
                Error::InvalidRate {
                    what: Quantity::Rate,
                    rate: Value::Float(-1.0),
                    bound: Bound::AboveMinusOne,
                },
                "invalid rate -1: must be above -100%",
            ),
            (
                Error::InvalidRate {
                    what: Quantity::DeemedRate,
                    rate: Value::Float(-2.0),
                    bound: Bound::AboveMinusOne,
                },
                "invalid rate -2: deemed rate must be above -100%",
            ),
            (
                Error::InvalidFunding {
                    what: Quantity::Coupon,
                    value: Value::Float(f64::INFINITY),
                    bound: Bound::Finite,
                },
                "invalid funding: coupon is not a finite number",
            ),
            (
                Error::InvalidConstraint {
                    name: "cap".into(),
                    what: Quantity::Share,
                    value: Value::Float(1.5),
                    bound: Bound::UnitInterval,
                },
                "invalid constraint `cap`: share must be in (0, 1], got 1.5",
            ),
            (
                Error::InvalidSplit {
                    phase: "profit",
                    investor: Decimal::new(-1, 1),
                    host: Decimal::new(11, 1),
                },
                "invalid profit split: the investor's share -0.1 is negative",
            ),
            (
                Error::NonFinite {
                    what: Quantity::FlowAmount(3),
                    value: f64::NAN,
                },
                "flow #3 amount NaN is not a finite number",
            ),
        ];
        for (e, want) in cases {
            assert_eq!(e.to_string(), want);
        }
    }

    #[test]
    fn error_is_send_sync_static() {
        fn check<T: Send + Sync + 'static + Clone + PartialEq + std::error::Error>() {}
        check::<Error>();
    }
}
