//! # disburse
//!
//! Exact, dated cash flows for headline investment commitments.
//!
//! A government announces "$350 billion"; what it costs depends on *when*
//! the money leaves. `disburse` turns a commitment into exact dated cash
//! flows — all upfront, equal installments, at most a cap a year, ramps,
//! explicit weights or amounts, capital calls on notice — with money in
//! `Decimal` (never `f64`), QuantLib-compatible calendars, business-day
//! conventions, day counts and schedule dates.
//!
//! ```
//! use disburse::prelude::*;
//!
//! let jan1 = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
//! let usd = |x| Money::new(x, Currency::USD);
//!
//! // The agreed Korea–US structure of 2025: $200B of cash at most $20B a
//! // calendar year, $150B of shipbuilding cooperation (here: ten equal
//! // annual parts, an assumption).
//! let deal = Commitment::new("Korea-US 2025", usd(dec!(350e9)), vec![
//!     Tranche::new("cash", usd(dec!(200e9)), Plan::annual_cap(jan1, dec!(20e9))),
//!     Tranche::new("shipbuilding", usd(dec!(150e9)), Plan::installments(jan1, 10, Frequency::Annual)),
//! ])?;
//! let schedule = deal.schedule()?;
//! assert_eq!(schedule.total()?, usd(dec!(350e9))); // to the cent, always
//! let years = schedule.aggregate(PeriodBasis::CalendarYear)?;
//! assert_eq!(years.len(), 10);
//! assert_eq!(years[0].total.compact().to_string(), "$35.00B");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Overview
//!
//! - **Money** — [`Currency`] (ISO code and minor units), [`Money`] with
//!   checked arithmetic, explicit [`Rounding`], and [`allocate`]: the one
//!   largest-remainder split, whose parts always sum exactly to the whole.
//! - **Dates** — the [`time`] module: [`Tenor`](time::Tenor) and
//!   [`Frequency`](time::Frequency), business calendars
//!   ([`BusinessCalendar`](time::BusinessCalendar),
//!   [`Calendar`](time::Calendar)), conventions, exact day counts
//!   ([`DayCount`](time::DayCount)) and QuantLib 1.44 `Schedule` date
//!   generation ([`DateSchedule`](time::DateSchedule)).
//! - **Plans** — [`Plan`]: [`Upfront`], [`Installments`], [`AnnualCap`],
//!   [`Ramp`], [`WeightsPlan`], [`Explicit`], [`CapitalCalls`]; a
//!   [`Commitment`] of one or more [`Tranche`]s.
//! - **Schedules** — [`Schedule`] of [`CashFlow`]s: merge, aggregate by
//!   [`PeriodBasis`] (calendar or [`FiscalYear`], quarter, month),
//!   cumulative totals, peak period.
//! - **Rates and curves** — the [`rates`] module:
//!   [`InterestRate`](rates::InterestRate) with any compounding and day
//!   count, and the [`DiscountCurve`](rates::DiscountCurve) trait with flat,
//!   zero-rate and discount-factor curves.
//! - **Valuation** — the [`valuation`] module: present values on any curve,
//!   periodic NPV and Excel's XNPV, IRR/XIRR and break-even rates as typed
//!   [`Roots`](valuation::Roots) (every root above −100%, or none, or the
//!   intervals a search could not resolve), PV savings, level
//!   annuities, duration and DV01.
//! - **Affordability** — the [`affordability`] module: what the payer can
//!   spend each year ([`Capacity`](affordability::Capacity) of caps, shares
//!   of a flow and stocks), FX paths, how outlays are funded, the yearly
//!   [`AffordabilityReport`](affordability::AffordabilityReport) with its
//!   verdict, and the solvers (shortest tenor, largest upfront share, largest
//!   headline).
//! - **Return sharing** — the [`returns`] module: project flows shared
//!   between investor and host under a [`Waterfall`](returns::Waterfall)
//!   (one split until the investor recovers principal plus deemed
//!   interest, another after), with the recovery date, the review clause,
//!   and the investor's net PV and IRR.
//! - **Comparison** — the [`compare`] module: plans side by side
//!   ([`Comparison`](compare::Comparison)), at [`DEFAULT_RATES`](compare::DEFAULT_RATES)
//!   unless told otherwise, and a sensitivity grid of rates × tenors.
//! - **Rendering** — the [`render`] module: the one text-table engine, the
//!   one CSV writer (feature `csv`), percentages and amount units; every
//!   table and CSV the crate and its CLI produce goes through it; a
//!   report's [`Document`](render::Document) renders as text, Markdown or
//!   HTML from the same tables. SVG charts of a `chart::ChartData` are in
//!   `chart` (feature `charts`; PNG with `png`).
//! - **Reports** — `report` (feature `report`): one self-contained HTML
//!   (or Markdown) report of a scenario; `export` (feature `xlsx`): an
//!   Excel workbook.
//! - **Scenario files** — `scenario` (feature `scenario`): one TOML or
//!   JSON document holding a commitment's plans, valuation and
//!   affordability settings; errors name the field path, line and column.
//! - **Errors** — one [`Error`] enum whose variants carry typed payloads:
//!   the [`Quantity`] at fault, the offending [`Value`] and the [`Bound`]
//!   it breaks, money, currencies and dates.
//! - **Limits** — the [`limits`] module: every bound on the size of an
//!   input (payments per plan and per scenario, notice days, input bytes…),
//!   checked before anything is generated.
//! - **Getting started** — [`prelude`] for a glob import; [`chrono`] and
//!   [`rust_decimal`] re-exported and [`dec!`] for `Decimal` literals, so
//!   `disburse` is the only dependency a program needs.
//!
//! ## Cargo features
//!
//! None is on by default; the core (money to comparison) needs none.
//! - `csv` — CSV output through the `csv` crate.
//! - `scenario` — scenario files (TOML, JSON) and JSON output; turns on
//!   `risk` (a scenario's `[risk]` section).
//! - `charts` — SVG charts.
//! - `png` — charts as PNG too (`resvg`, with the bundled DejaVu Sans).
//! - `report` — the HTML and Markdown report (`sha2` for the scenario's
//!   hash); turns on `scenario` and `charts`.
//! - `xlsx` — the Excel workbook (`rust_xlsxwriter`); turns on `scenario`.
//! - `risk` — stochastic affordability ([`risk`]): Monte Carlo paths of the
//!   yearly engine (`rand`, `rand_chacha`, `rand_distr`, `rayon`).
//! - `cli` — the `disburse` command-line tool; turns on the others.
//!
//! Every fallible operation returns [`Result`] with a typed [`Error`] naming
//! what is wrong; nothing in the library panics on user input. All public
//! data types implement `serde` (decimals as strings, dates as
//! `YYYY-MM-DD`) and validate on deserialization.
//!
//! ## Precision
//!
//! Money is exact `Decimal`. Year fractions are exact rationals
//! ([`YearFraction`](time::YearFraction)), converted to `Decimal` (28
//! significant digits) or correctly rounded `f64` on request. Rates and
//! discount factors are `f64`: present values are accurate to about 1e-15
//! relative to the sum of the absolute discounted flows (exact at a rate of
//! zero), roots of IRR-type equations to 1e-12 relative in `1 + r`; see
//! [`valuation`].
//!
//! ## Design
//!
//! Data flows one way: commitment and plan → schedule → measures
//! (valuation, affordability, return sharing) → comparison → rendering; a lower layer
//! knows nothing of a higher one, and only the CLI reads files or prints.
//! The repository's `ARCHITECTURE.md` maps every module. Plans are plain
//! data validated when a schedule is generated, since their checks depend
//! on the tranche they pay.
#![forbid(unsafe_code)]

pub mod affordability;
#[cfg(feature = "charts")]
pub mod chart;
mod commitment;
pub mod compare;
mod decimal_literal;
mod error;
#[cfg(feature = "xlsx")]
pub mod export;
mod input_serde;
pub mod instrument;
mod label;
pub mod limits;
mod money;
mod period;
mod plan;
pub mod prelude;
pub mod rates;
pub mod render;
#[cfg(feature = "report")]
pub mod report;
pub mod returns;
#[cfg(feature = "risk")]
pub mod risk;
#[cfg(feature = "scenario")]
pub mod scenario;
mod schedule;
#[cfg(test)]
mod testing;
pub mod text;
pub mod time;
pub mod valuation;

pub use commitment::{Commitment, Tranche};
pub use error::{Attempt, Bound, CurveProblem, DateOp, Error, Quantity, Question, Result, Value};
pub use label::Label;
pub use money::{CompactMoney, Currency, Money, Rounding, allocate};
pub use period::{FiscalYear, FiscalYearLabel, Period, PeriodBasis};
pub use plan::{
    AnnualCap, Call, CapitalCalls, Explicit, ExplicitFlow, InstallmentLength, Installments, Loading, MAX_PLAN_YEARS,
    NoticeBasis, Plan, Ramp, RampShape, Timing, Upfront, WeightsPlan,
};
pub use schedule::{CashFlow, PeriodTotal, Schedule};
// The crates of the public API, so that `disburse` is the only dependency a
// user needs (with `dec!` for decimal literals).
pub use chrono;
pub use rust_decimal;

#[doc(hidden)]
pub mod __private {
    pub use crate::decimal_literal::parse_decimal_literal;
}

// The README's code blocks are compiled and run as doc tests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
