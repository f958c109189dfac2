//! The documented limits of the library and the CLI, in one place.
//!
//! Every input that could make the work or the memory grow without bound
//! is checked against one of these constants **before** anything is
//! generated or allocated for it; past a limit the answer is a typed
//! [`Error`](crate::Error) naming the field and the value (never a panic,
//! a hang or an out-of-memory abort). The README's "Limits" table lists
//! them with what happens past each.
//!
//! | limit | value | checked by |
//! |---|---:|---|
//! | [`MAX_PLAN_PAYMENTS`] | 100,000 | [`Plan::schedule`](crate::Plan::schedule), from [`Plan::payment_count`](crate::Plan::payment_count) |
//! | [`MAX_SCENARIO_PAYMENTS`] | 1,000,000 | `Scenario::schedules` (feature `scenario`), all plans together |
//! | [`MAX_PLAN_YEARS`] | 1,000 | capped plans and capital calls |
//! | [`MAX_SCHEDULE_DATES`] | 10,000,000 | date schedules, [`Money::split_evenly`](crate::Money::split_evenly) |
//! | [`MAX_NOTICE_DAYS`] | 3,650 | [`CapitalCalls`](crate::CapitalCalls) |
//! | [`MAX_HOLIDAY_RUN`] | 3,660 days | business-day searches of every calendar |
//! | [`MAX_INPUT_BYTES`] | 64 MiB | every file the CLI reads |
//! | [`MAX_DEBT_TENOR`] | 100 years | borrowing and swap-line tenors |
//! | [`MAX_ROLLOVERS`] | 100 | swap-line rollovers |
//! | [`MAX_DEBT_SERVICE_YEARS`] | 100 years | debt service after the last outlay (affordability) |
//! | [`MAX_INSTRUMENT_TENOR`] | 100 years | a loan's or a guarantee's tenor |
//! | [`MAX_INSTRUMENT_FLOWS`] | 2,000,000 | the expected flows of one commitment's instruments, counted before they are generated |
//! | [`MAX_RISK_PATHS`] | 100,000,000 | Monte Carlo paths of a risk model (feature `risk`) |
//! | [`MAX_RATE`] | 10¹⁵ (10¹⁷ %) in magnitude | every rate read from a scenario file or the command line |
//! | [`MAX_SENSITIVITY_TENORS`] | 100 | tenors of a sensitivity grid ([`sensitivity`](crate::compare::sensitivity)), each at most [`MAX_PLAN_YEARS`] years |
//!
//! Amounts are limited by [`Decimal`](rust_decimal::Decimal) (a 96-bit
//! mantissa: about ±7.9·10²⁸ with up to 28 decimals, fewer as the integer
//! part grows) and currencies to 18 minor-unit digits; dates by chrono
//! (years −262,143 to 262,142). Arithmetic past either is a typed
//! `Overflow` or `DateOutOfRange` error.
//!
//! ```
//! use disburse::limits;
//! assert_eq!(limits::MAX_PLAN_PAYMENTS, 100_000);
//! assert!(u64::from(limits::MAX_PLAN_PAYMENTS) <= limits::MAX_SCENARIO_PAYMENTS);
//! assert_eq!(limits::MAX_INPUT_BYTES, 64 * 1024 * 1024);
//! ```

#[cfg(feature = "png")]
pub use crate::chart::png::MAX_PNG_PIXELS;
pub use crate::plan::MAX_PLAN_YEARS;
pub use crate::time::MAX_SCHEDULE_DATES;

/// The most payments one plan may generate: 100,000 (daily payments for
/// 270 years, monthly ones for 8,300 years). Counted from the plan's
/// parameters by [`Plan::payment_count`](crate::Plan::payment_count)
/// before any date is generated; more is [`Error::OutOfRange`] on
/// [`Quantity::PaymentCount`].
///
/// [`Error::OutOfRange`]: crate::Error::OutOfRange
/// [`Quantity::PaymentCount`]: crate::Quantity::PaymentCount
///
/// ```
/// use disburse::{Currency, Error, Money, Plan};
/// use disburse::time::Tenor;
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let plan = Plan::installments(jan1, disburse::limits::MAX_PLAN_PAYMENTS + 1, Tenor::days(1));
/// let err = plan.schedule(Money::new(rust_decimal::Decimal::ONE, Currency::USD), "t").unwrap_err();
/// assert_eq!(err.to_string(), "payment count is out of range: must be at most 100000, got 100001");
/// ```
pub const MAX_PLAN_PAYMENTS: u32 = 100_000;

/// The most payments all the plans of one scenario may generate together:
/// 1,000,000 (ten plans at [`MAX_PLAN_PAYMENTS`]). Counted before any plan
/// is generated; more is an error at the scenario's `plans`.
///
/// ```
/// assert_eq!(disburse::limits::MAX_SCENARIO_PAYMENTS, 1_000_000);
/// ```
pub const MAX_SCENARIO_PAYMENTS: u64 = 1_000_000;

/// The longest notice period of a capital call: 3,650 days (ten years,
/// business or calendar days). Real notice periods are days to months
/// (10 business days is the usual private-equity term); ten years is far
/// beyond any of them, matches the ten-year business-day search limit
/// ([`MAX_HOLIDAY_RUN`]) and keeps a due date within reach of every
/// calendar. Longer is [`Error::OutOfRange`](crate::Error::OutOfRange) on
/// [`Quantity::NoticeDays`](crate::Quantity::NoticeDays).
///
/// ```
/// use disburse::{CapitalCalls, Call, Currency, Money, Plan};
/// use disburse::time::Calendar;
/// use rust_decimal_macros::dec;
/// let call = Call { notice: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), amount: dec!(1) };
/// let plan = Plan::CapitalCalls(CapitalCalls::new(vec![call], 60_000_000, Calendar::WeekendsOnly));
/// let err = plan.schedule(Money::new(dec!(1), Currency::USD), "t").unwrap_err();
/// assert_eq!(err.to_string(), "notice days is out of range: must be at most 3650, got 60000000");
/// ```
pub const MAX_NOTICE_DAYS: u32 = 3_650;

/// The longest run of consecutive non-business days a calendar may have
/// in a search: adjusting a date or advancing by business days across a
/// longer run is [`Error::DateOutOfRange`](crate::Error::DateOutOfRange)
/// ("no business day within 3660 days") instead of a search on.
///
/// ```
/// use disburse::time::{BusinessCalendar, BusinessDayConvention, HolidayCalendar};
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let closed = HolidayCalendar::new("closed", jan1.iter_days().take(4_000));
/// assert!(closed.adjust(jan1, BusinessDayConvention::Following).is_err());
/// assert_eq!(disburse::limits::MAX_HOLIDAY_RUN, 3_660);
/// ```
pub const MAX_HOLIDAY_RUN: i64 = 3_660;

/// The largest input the CLI reads from one file or standard input:
/// 64 MiB (a scenario, a flow CSV or a holiday list). A holiday list of
/// that size holds about five million dates. Larger inputs are refused
/// before they are read.
///
/// ```
/// assert_eq!(disburse::limits::MAX_INPUT_BYTES, 67_108_864);
/// ```
pub const MAX_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The longest tenor of a borrowing source or a swap line: 100 years.
///
/// ```
/// assert_eq!(disburse::limits::MAX_DEBT_TENOR, 100);
/// ```
pub const MAX_DEBT_TENOR: u32 = 100;

/// The most times a swap-line drawing may be rolled over: 100.
///
/// ```
/// assert_eq!(disburse::limits::MAX_ROLLOVERS, 100);
/// ```
pub const MAX_ROLLOVERS: u32 = 100;

/// How long after the last outlay an affordability assessment may run to
/// the final due date of its debt: 100 years. A later due date (long
/// tenors times rollovers) is an error
/// ([`Error::DebtNotRepaid`](crate::Error::DebtNotRepaid)), not a silent
/// cut; `service_years` (at most this many) sets the horizon explicitly.
///
/// ```
/// assert_eq!(disburse::limits::MAX_DEBT_SERVICE_YEARS, 100);
/// ```
pub const MAX_DEBT_SERVICE_YEARS: u32 = 100;

/// The longest tenor of a loan or a guarantee
/// ([`Instrument`](crate::instrument::Instrument)): 100 years.
///
/// ```
/// assert_eq!(disburse::limits::MAX_INSTRUMENT_TENOR, 100);
/// ```
pub const MAX_INSTRUMENT_TENOR: u32 = 100;

/// The most expected flows the instruments of one commitment may produce
/// ([`Commitment::expected_flows`](crate::Commitment::expected_flows)):
/// 2,000,000, counted from the plans' payment counts and the tenors before
/// any is generated (a loan makes up to three flows a year per drawdown, a
/// guarantee up to three).
///
/// ```
/// assert_eq!(disburse::limits::MAX_INSTRUMENT_FLOWS, 2_000_000);
/// ```
pub const MAX_INSTRUMENT_FLOWS: u64 = 2_000_000;
/// The most Monte Carlo paths a risk model may run: 100,000,000 (at about
/// a microsecond a path-year this is already hours). Zero paths or more
/// is a typed error naming `risk.paths`; the memory does not grow with
/// the paths (the statistics are streamed into bounded accumulators).
///
/// ```
/// assert_eq!(disburse::limits::MAX_RISK_PATHS, 100_000_000);
/// ```
pub const MAX_RISK_PATHS: u64 = 100_000_000;

/// The most tenors a sensitivity grid may have
/// ([`sensitivity`](crate::compare::sensitivity), `disburse sensitivity
/// --tenors`): 100, each at most [`MAX_PLAN_YEARS`] years. Each tenor is
/// a plan scheduled, valued at every rate and assessed year by year, so
/// the work grows with the tenors' years; both are checked before any plan
/// is built.
///
/// ```
/// use disburse::compare::{sensitivity, TimeBasis, ValuationSettings};
/// use disburse::{Currency, Money};
/// let jan1 = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
/// let v = ValuationSettings::new(jan1, vec![0.045], TimeBasis::WholeYears)?;
/// let usd = Money::new(rust_decimal::Decimal::ONE_HUNDRED, Currency::USD);
/// let many = vec![1; disburse::limits::MAX_SENSITIVITY_TENORS + 1];
/// let err = sensitivity(usd, jan1, &[0.05], &many, &v, None).unwrap_err();
/// assert_eq!(err.to_string(), "tenors is out of range: must be at most 100, got 101");
/// let err = sensitivity(usd, jan1, &[0.05], &[1_001], &v, None).unwrap_err();
/// assert_eq!(err.to_string(), "tenor years is out of range: must be at most 1000, got 1001");
/// # Ok::<(), disburse::Error>(())
/// ```
pub const MAX_SENSITIVITY_TENORS: usize = 100;

/// The largest rate, in magnitude, read from a scenario file or the
/// command line: 10¹⁵ (10¹⁷ %). No one means a larger rate, and beyond it
/// a percentage no longer prints as a number (at 10³⁰⁶ it is `inf%`).
/// Past it, a scenario rate field is refused with the rate as given
/// (`invalid rate 1e308: must be at most 1e15 in magnitude`); the library's
/// own [`Rate`](crate::rates::Rate) and functions take any finite rate.
///
/// ```
/// assert_eq!(disburse::limits::MAX_RATE, 1e15);
/// ```
pub const MAX_RATE: f64 = 1e15;
