//! The crate's error type.
//!
//! Every fallible operation in `disburse` returns [`Result<T>`], whose error
//! is the single [`Error`] enum below. Each variant names what was wrong and,
//! where it helps, the offending value, so a message can be shown to a user
//! as it is. Messages are lowercase without a trailing period.

use chrono::NaiveDate;

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
/// The enum is `#[non_exhaustive]`: later versions may add variants.
///
/// ```
/// use disburse::{Error, Money, Currency};
/// use rust_decimal_macros::dec;
///
/// let usd = Money::new(dec!(1), Currency::USD);
/// let eur = Money::new(dec!(1), Currency::EUR);
/// let err = usd.checked_add(eur).unwrap_err();
/// assert!(matches!(err, Error::CurrencyMismatch { .. }));
/// assert_eq!(err.to_string(), "currency mismatch: expected USD, found EUR");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    // ----- money -------------------------------------------------------
    /// Two amounts of different currencies were combined.
    #[error("currency mismatch: expected {expected}, found {found}")]
    CurrencyMismatch {
        /// The currency that was expected (the left operand, the schedule's currency…).
        expected: String,
        /// The currency that was found.
        found: String,
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
    /// An amount has more decimal places than its currency's minor unit
    /// where a whole number of minor units is required.
    #[error("{what}: {amount} is not a whole number of minor units of {currency}")]
    NotWholeMinorUnits {
        /// What the amount is.
        what: String,
        /// The amount, as text.
        amount: String,
        /// The currency code.
        currency: String,
    },
    /// An amount that must be positive is zero or negative.
    #[error("{what} must be positive, got {amount}")]
    NonPositiveAmount {
        /// What the amount is (`"headline"`, `"tranche `cash`"`, `"cap"`…).
        what: String,
        /// The amount as given.
        amount: String,
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
        value: String,
    },
    /// All weights are zero, so nothing can be allocated.
    #[error("weights sum to zero")]
    ZeroWeights,
    /// Weights that must sum to one do not.
    #[error("weights must sum to 1, they sum to {sum}")]
    WeightsDoNotSumToOne {
        /// The actual sum.
        sum: String,
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
        headline: String,
        /// The sum of the tranches.
        sum: String,
    },
    /// User-given flows do not add up to the amount they must pay.
    #[error("{what}: flows sum to {sum}, but must sum to {expected}")]
    FlowsDoNotSum {
        /// Whose flows (`"explicit plan"`, `"capital calls"`…).
        what: String,
        /// The amount they must sum to.
        expected: String,
        /// Their actual sum.
        sum: String,
    },
    /// A count that must be at least one is zero.
    #[error("{what} must be at least 1")]
    ZeroCount {
        /// What is counted.
        what: &'static str,
    },
    /// A list that must not be empty is empty.
    #[error("{what} is empty")]
    Empty {
        /// What is empty.
        what: &'static str,
    },
    /// An annual cap is so small that paying the amount would take longer
    /// than the supported horizon.
    #[error("cap {cap} per year cannot pay {amount} within {max_years} years")]
    CapTooSmall {
        /// The cap.
        cap: String,
        /// The amount to pay.
        amount: String,
        /// The longest horizon supported.
        max_years: u32,
    },
    /// A numeric parameter is outside its valid range.
    #[error("{what} is out of range: {reason}")]
    OutOfRange {
        /// The parameter.
        what: &'static str,
        /// The valid range, or what is wrong.
        reason: String,
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
        what: String,
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
    /// A tenor of length zero was used where a period is required.
    #[error("tenor must be longer than zero")]
    ZeroTenor,
    /// Dates that must be in increasing order are not.
    #[error("{what}: dates must increase, but {next} follows {previous}")]
    UnorderedDates {
        /// Which dates.
        what: String,
        /// The date listed first.
        previous: NaiveDate,
        /// The date listed after it, which is not later.
        next: NaiveDate,
    },

    // ----- rates, curves and valuation --------------------------------------
    /// A rate, yield or parameter is not a finite number.
    #[error("{what} is not a finite number")]
    NonFinite {
        /// The input.
        what: String,
    },
    /// An interest rate is outside the range where it is defined (at or
    /// below -100% for compounded rates, or a simple rate whose compound
    /// factor is not positive).
    #[error("invalid rate {rate}: {reason}")]
    InvalidRate {
        /// The rate as given.
        rate: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A curve's pillars or values are invalid.
    #[error("invalid curve: {reason}")]
    InvalidCurve {
        /// What is wrong.
        reason: String,
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
    /// An FX path is invalid as a whole (e.g. its base and quote currencies
    /// are the same).
    #[error("invalid fx path: {reason}")]
    InvalidFxPath {
        /// What is wrong.
        reason: String,
    },
    /// A capacity constraint is invalid (negative amount, floor above the
    /// stock, share outside (0, 1], growth or yield at or below -100%, a
    /// number that is not finite, an empty name…).
    #[error("invalid constraint `{name}`: {reason}")]
    InvalidConstraint {
        /// The constraint's name.
        name: String,
        /// What is wrong.
        reason: String,
    },
    /// Two constraints of one capacity have the same name.
    #[error("duplicate constraint name `{name}`")]
    DuplicateConstraint {
        /// The repeated name.
        name: String,
    },
    /// A funding set-up is invalid (a coupon or discount rate that is not
    /// finite or at or below -100%, a negative borrowing limit, a source
    /// listed twice).
    #[error("invalid funding: {reason}")]
    InvalidFunding {
        /// What is wrong.
        reason: String,
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

    // ----- affordability: return sharing ------------------------------------
    /// A profit split of a return-sharing phase has a negative share or
    /// shares that do not sum to exactly 100%.
    #[error("invalid {phase} split: {reason}")]
    InvalidSplit {
        /// The phase (`"before-recovery"`, `"after-recovery"`, or `"profit"`
        /// for a split built on its own).
        phase: String,
        /// What is wrong.
        reason: String,
    },

    // ----- affordability: solvers -------------------------------------------
    /// A solver's search range is empty: lower bound above the upper bound,
    /// or a precision that is not positive.
    #[error("empty solver bounds for {question}: {reason}")]
    EmptyBounds {
        /// What was solved for (`"largest headline"`…).
        question: String,
        /// What is wrong with the bounds.
        reason: String,
    },
    /// A solver found no candidate in its search range that passes the
    /// affordability test.
    #[error("no feasible answer for {question}: {reason}")]
    Infeasible {
        /// What was solved for.
        question: String,
        /// Why the best candidate tried still fails.
        reason: String,
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
        /// What the drawing backend reported.
        reason: String,
    },
    /// A report could not be rendered in a format (JSON…).
    #[error("cannot render {format}: {reason}")]
    Render {
        /// The format (`"json"`…).
        format: &'static str,
        /// What went wrong.
        reason: String,
    },
}

impl Error {
    pub(crate) fn overflow(operation: &'static str) -> Self {
        Error::Overflow { operation }
    }

    pub(crate) fn date_out_of_range(what: impl Into<String>) -> Self {
        Error::DateOutOfRange { what: what.into() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_lowercase_without_period() {
        let errors = [
            Error::ZeroTenor,
            Error::EmptyWeights,
            Error::overflow("money addition"),
            Error::ZeroCount {
                what: "installment count",
            },
        ];
        for e in errors {
            let s = e.to_string();
            assert!(!s.ends_with('.'), "{s}");
            assert!(s.chars().next().is_some_and(|c| !c.is_uppercase()), "{s}");
        }
    }
}
