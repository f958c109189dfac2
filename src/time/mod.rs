//! Dates: tenors and frequencies, business calendars and conventions, day
//! counts, and QuantLib-compatible schedule date generation.
//!
//! ```
//! use disburse::time::{BusinessDayConvention, DateSchedule, DayCount, Frequency, WeekendsOnly};
//! use chrono::NaiveDate;
//! let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
//! let s = DateSchedule::builder(d(2026, 1, 31), d(2036, 1, 31), Frequency::Monthly)
//!     .calendar(&WeekendsOnly)
//!     .convention(BusinessDayConvention::ModifiedFollowing)
//!     .end_of_month(true)
//!     .build()?;
//! assert_eq!(s.len(), 121);
//! assert_eq!(s.dates()[0], d(2026, 1, 30));
//! let yf = DayCount::Actual365Fixed.year_fraction(s.dates()[0], s.dates()[120]);
//! assert_eq!(yf.to_string(), "3653/365");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod calendar;
pub(crate) mod civil;
mod dates;
mod daycount;
mod tenor;

pub(crate) use calendar::DayKernel;
pub use calendar::{
    BusinessCalendar, BusinessDayConvention, Calendar, HolidayCalendar, JointCalendar, JointRule, NullCalendar,
    Weekend, WeekendsOnly,
};
pub(crate) use dates::Stepper;
pub use dates::{DateGeneration, DateSchedule, DateScheduleBuilder, DateScheduleSpec, MAX_SCHEDULE_DATES};
pub use daycount::{DayCount, YearFraction};
pub use tenor::{Frequency, Tenor, TimeUnit};
