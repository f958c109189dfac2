//! Where an error happened: the date computation ([`DateOp`]), the curve
//! problem ([`CurveProblem`]), the solver's question and best attempt
//! ([`Question`], [`Attempt`]).

use std::fmt;

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::Error;
use crate::Money;
use crate::time::{DayCount, Tenor};

/// A date computation that left chrono's supported range (see
/// [`Error::DateOutOfRange`]).
///
/// ```
/// use disburse::DateOp;
/// let date = chrono::NaiveDate::MAX;
/// assert_eq!(DateOp::AddDays { date, days: 1 }.to_string(), format!("{date} plus 1 days"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DateOp {
    /// Adding months to a date.
    AddMonths {
        /// The date.
        date: NaiveDate,
        /// The months added.
        months: i64,
    },
    /// Adding days to a date.
    AddDays {
        /// The date.
        date: NaiveDate,
        /// The days added.
        days: i64,
    },
    /// Adding a multiple of a tenor to a date.
    AddTenor {
        /// The date.
        date: NaiveDate,
        /// How many tenors.
        times: i64,
        /// The tenor.
        tenor: Tenor,
    },
    /// Searching for a business day from a date.
    BusinessDaySearch {
        /// The date.
        date: NaiveDate,
    },
    /// No business day was found near a date.
    NoBusinessDayWithin {
        /// The date.
        date: NaiveDate,
        /// How many days were searched.
        days: i64,
    },
    /// The start of a fiscal year.
    FiscalYearStart {
        /// The fiscal year.
        year: i32,
    },
    /// The year after the last capital call.
    YearAfterLastCall,
    /// A date of a schedule.
    ScheduleDate {
        /// The effective date.
        effective: NaiveDate,
        /// The termination date.
        termination: NaiveDate,
        /// The tenor.
        tenor: Tenor,
    },
}

impl fmt::Display for DateOp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DateOp::AddMonths { date, months } => write!(f, "{date} plus {months} months"),
            DateOp::AddDays { date, days } => write!(f, "{date} plus {days} days"),
            DateOp::AddTenor { date, times, tenor } => write!(f, "{date} plus {times} x {tenor}"),
            DateOp::BusinessDaySearch { date } => write!(f, "business day search from {date}"),
            DateOp::NoBusinessDayWithin { date, days } => write!(f, "no business day within {days} days of {date}"),
            DateOp::FiscalYearStart { year } => write!(f, "start of fiscal year {year}"),
            DateOp::YearAfterLastCall => f.write_str("year after the last capital call"),
            DateOp::ScheduleDate {
                effective,
                termination,
                tenor,
            } => write!(f, "a schedule date from {effective} to {termination} every {tenor}"),
        }
    }
}

/// What is wrong with a curve (see [`Error::InvalidCurve`]). Pillars are
/// numbered from 0.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum CurveProblem {
    /// The curve has no pillars.
    NoPillars,
    /// The first pillar is before (or, where it must be after, at) the
    /// reference date.
    PillarBeforeReference {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
        /// The reference date.
        reference: NaiveDate,
        /// Whether the pillar may be on the reference date.
        at_reference_allowed: bool,
    },
    /// The first pillar is zero years after the reference date.
    PillarAtReference {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
        /// The reference date.
        reference: NaiveDate,
        /// The curve's day count.
        day_count: DayCount,
    },
    /// A pillar's date is not after the previous pillar's.
    UnorderedPillars {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
        /// The previous pillar's index.
        previous: usize,
        /// The previous pillar's date.
        previous_date: NaiveDate,
    },
    /// A pillar is zero years after the previous one.
    ZeroYearsAfterPrevious {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
        /// The previous pillar's index.
        previous: usize,
        /// The previous pillar's date.
        previous_date: NaiveDate,
        /// The curve's day count.
        day_count: DayCount,
    },
    /// A pillar's rate is not finite.
    NonFiniteRate {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
    },
    /// A pillar's rate is invalid.
    InvalidRate {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
        /// The rate's error.
        error: Box<Error>,
    },
    /// A pillar's discount factor is not finite.
    NonFiniteDiscountFactor {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
    },
    /// A pillar's discount factor is zero or negative.
    NonPositiveDiscountFactor {
        /// The pillar's index.
        index: usize,
        /// The pillar's date.
        date: NaiveDate,
    },
}

impl fmt::Display for CurveProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CurveProblem::NoPillars => f.write_str("no pillars"),
            CurveProblem::PillarBeforeReference {
                index,
                date,
                reference,
                at_reference_allowed,
            } => {
                let relation = if *at_reference_allowed {
                    "is before"
                } else {
                    "is not after"
                };
                write!(f, "pillar {index} ({date}) {relation} the reference date {reference}")
            }
            CurveProblem::PillarAtReference {
                index,
                date,
                reference,
                day_count,
            } => write!(
                f,
                "pillar {index} ({date}) is zero years after the reference date {reference} under {day_count}"
            ),
            CurveProblem::UnorderedPillars {
                index,
                date,
                previous,
                previous_date,
            } => write!(
                f,
                "pillar dates must strictly increase, but pillar {index} ({date}) follows pillar {previous} ({previous_date})"
            ),
            CurveProblem::ZeroYearsAfterPrevious {
                index,
                date,
                previous,
                previous_date,
                day_count,
            } => write!(
                f,
                "pillar {index} ({date}) is zero years after pillar {previous} ({previous_date}) under {day_count}"
            ),
            CurveProblem::NonFiniteRate { index, date } => {
                write!(f, "rate at pillar {index} ({date}) is not a finite number")
            }
            CurveProblem::InvalidRate { index, date, error } => write!(f, "pillar {index} ({date}): {error}"),
            CurveProblem::NonFiniteDiscountFactor { index, date } => {
                write!(f, "discount factor at pillar {index} ({date}) is not a finite number")
            }
            CurveProblem::NonPositiveDiscountFactor { index, date } => {
                write!(f, "non-positive discount factor at pillar {index} ({date})")
            }
        }
    }
}

/// What an affordability solver was asked (see [`Error::Infeasible`] and
/// [`Error::EmptyBounds`]).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Question {
    /// The fewest installments of `amount` every `tenor` from `start`.
    ShortestTenor {
        /// The amount to pay.
        amount: Money,
        /// The time between installments.
        tenor: Tenor,
        /// The first installment's date.
        start: NaiveDate,
    },
    /// The largest upfront share of `amount` on `start`, the rest over
    /// `years` years.
    LargestUpfrontShare {
        /// The amount to pay.
        amount: Money,
        /// The upfront date.
        start: NaiveDate,
        /// The years of installments after it.
        years: u32,
    },
    /// The largest headline of a plan of a kind.
    LargestHeadline {
        /// The plan's kind (`"installments"`…).
        plan: &'static str,
    },
}

impl fmt::Display for Question {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Question::ShortestTenor { amount, tenor, start } => {
                write!(f, "shortest tenor of {amount} every {tenor} from {start}")
            }
            Question::LargestUpfrontShare { amount, start, years } => {
                write!(
                    f,
                    "largest upfront share of {amount} from {start}, the rest over {years} years"
                )
            }
            Question::LargestHeadline { plan } => write!(f, "largest headline of a {plan} plan"),
        }
    }
}

/// The best candidate an affordability solver tried before giving up (see
/// [`Error::Infeasible`]).
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub enum Attempt {
    /// The largest number of installments tried.
    Installments(u32),
    /// The largest upfront share tried, on a grid of `step`.
    UpfrontShare {
        /// The grid step.
        step: Decimal,
        /// The share tried.
        share: Decimal,
    },
    /// The lower bound of a headline search.
    LowerBound(Money),
}
