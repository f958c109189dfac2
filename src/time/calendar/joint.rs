//! [`JointCalendar`]: several calendars combined by a [`JointRule`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{
    BusinessCalendar, BusinessDayConvention, Calendar, HolidayCalendar, Weekend, adjust_holiday, step_to_business_day,
    walk_business_days, walk_business_days_between,
};
use crate::Result;

/// How a [`JointCalendar`] combines its members.
///
/// ```
/// use disburse::time::JointRule;
/// assert_eq!(JointRule::default(), JointRule::JoinHolidays);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JointRule {
    /// A day is a holiday if it is a holiday in any member (business day
    /// only when all members agree). The usual choice for settlement.
    #[default]
    JoinHolidays,
    /// A day is a business day if it is one in any member.
    JoinBusinessDays,
}

/// Several calendars combined by a [`JointRule`].
///
/// ```
/// use disburse::time::{BusinessCalendar, Calendar, HolidayCalendar, JointCalendar, JointRule};
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let seoul = HolidayCalendar::new("seoul", [d(2026, 3, 2)]);
/// let ny = HolidayCalendar::new("new york", [d(2026, 1, 19)]);
/// let both = JointCalendar::new(vec![Calendar::Holidays(seoul), Calendar::Holidays(ny)], JointRule::JoinHolidays);
/// assert!(!both.is_business_day(d(2026, 3, 2)));
/// assert!(!both.is_business_day(d(2026, 1, 19)));
/// assert!(both.is_business_day(d(2026, 1, 20)));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(from = "JointCalendarData", into = "JointCalendarData")]
pub struct JointCalendar {
    pub(super) calendars: Vec<Calendar>,
    rule: JointRule,
    /// The members as one weekend and holiday list, when they can be
    /// (derived): every member is null, weekends only, a holiday list or
    /// itself such a joint calendar, joined by holidays. Adjusting and
    /// advancing by business days then count arithmetically.
    flat: Option<Box<HolidayCalendar>>,
}

#[derive(Serialize, Deserialize)]
#[cfg_attr(feature = "scenario", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
struct JointCalendarData {
    calendars: Vec<Calendar>,
    #[serde(default)]
    rule: JointRule,
}

impl From<JointCalendarData> for JointCalendar {
    fn from(d: JointCalendarData) -> Self {
        JointCalendar::new(d.calendars, d.rule)
    }
}

impl From<JointCalendar> for JointCalendarData {
    fn from(c: JointCalendar) -> Self {
        JointCalendarData {
            calendars: c.calendars,
            rule: c.rule,
        }
    }
}

/// A calendar's weekend (as bits) and holidays, when it is one weekend
/// and one holiday list.
fn flatten(cal: &Calendar) -> Option<(u8, Vec<NaiveDate>)> {
    match cal {
        Calendar::Null => Some((Weekend::NONE.0, Vec::new())),
        Calendar::WeekendsOnly => Some((Weekend::SATURDAY_SUNDAY.0, Vec::new())),
        Calendar::Holidays(h) => Some((h.weekend().0, h.holidays().to_vec())),
        Calendar::Joint(j) => match (j.rule, j.calendars.as_slice()) {
            (_, [one]) => flatten(one),
            (JointRule::JoinHolidays, members) => {
                let mut weekend = 0u8;
                let mut holidays = Vec::new();
                for m in members {
                    let (w, h) = flatten(m)?;
                    weekend |= w;
                    holidays.extend(h);
                }
                Some((weekend, holidays))
            }
            (JointRule::JoinBusinessDays, _) => None,
        },
    }
}

impl JointCalendar {
    /// Combines `calendars` by `rule`. An empty joint calendar behaves as
    /// [`NullCalendar`](super::NullCalendar).
    ///
    /// ```
    /// use disburse::time::{Calendar, JointCalendar, JointRule};
    /// let j = JointCalendar::new(vec![Calendar::WeekendsOnly], JointRule::JoinHolidays);
    /// assert_eq!(j.calendars().len(), 1);
    /// ```
    pub fn new(calendars: Vec<Calendar>, rule: JointRule) -> Self {
        let mut joint = JointCalendar {
            calendars,
            rule,
            flat: None,
        };
        joint.flat = flatten(&Calendar::Joint(joint.clone())).and_then(|(weekend, holidays)| {
            // A weekend of the whole week has no business day: the walk
            // tells so within `MAX_HOLIDAY_RUN` days.
            let weekend = Weekend::new(
                Weekend::WEEK
                    .into_iter()
                    .filter(|d| weekend & (1 << d.num_days_from_monday()) != 0),
            )
            .ok()?;
            Some(Box::new(HolidayCalendar::with_weekend("joint", weekend, holidays)))
        });
        joint
    }

    /// The member calendars.
    ///
    /// ```
    /// use disburse::time::{JointCalendar, JointRule};
    /// assert!(JointCalendar::new(vec![], JointRule::JoinHolidays).calendars().is_empty());
    /// ```
    pub fn calendars(&self) -> &[Calendar] {
        &self.calendars
    }

    /// The combination rule.
    ///
    /// ```
    /// use disburse::time::{JointCalendar, JointRule};
    /// assert_eq!(JointCalendar::new(vec![], JointRule::JoinBusinessDays).rule(), JointRule::JoinBusinessDays);
    /// ```
    pub fn rule(&self) -> JointRule {
        self.rule
    }
}

impl BusinessCalendar for JointCalendar {
    fn is_business_day(&self, date: NaiveDate) -> bool {
        if self.calendars.is_empty() {
            return true;
        }
        match self.rule {
            JointRule::JoinHolidays => self.calendars.iter().all(|c| c.is_business_day(date)),
            JointRule::JoinBusinessDays => self.calendars.iter().any(|c| c.is_business_day(date)),
        }
    }

    /// Counted on the joined holiday list when there is one; walked
    /// otherwise (joining business days of several calendars).
    fn adjust(&self, date: NaiveDate, convention: BusinessDayConvention) -> Result<NaiveDate> {
        if let Some(flat) = &self.flat {
            return flat.adjust(date, convention);
        }
        if convention == BusinessDayConvention::Unadjusted || self.is_business_day(date) {
            return Ok(date);
        }
        adjust_holiday(date, convention, |d, step| step_to_business_day(self, d, step))
    }

    fn advance_business_days(&self, date: NaiveDate, n: i64) -> Result<NaiveDate> {
        match &self.flat {
            Some(flat) => flat.advance_business_days(date, n),
            None if n == 0 => self.adjust(date, BusinessDayConvention::Following),
            None => walk_business_days(self, date, n),
        }
    }

    fn business_days_between(&self, start: NaiveDate, end: NaiveDate) -> i64 {
        match &self.flat {
            Some(flat) => flat.business_days_between(start, end),
            None => walk_business_days_between(self, start, end),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;
    use crate::time::{Calendar, HolidayCalendar, JointCalendar, JointRule};

    #[test]
    fn joint_rules() {
        let a = Calendar::Holidays(HolidayCalendar::new("a", [d(2026, 3, 2)]));
        let b = Calendar::Holidays(HolidayCalendar::new("b", [d(2026, 3, 3)]));
        let holidays = JointCalendar::new(vec![a.clone(), b.clone()], JointRule::JoinHolidays);
        let business = JointCalendar::new(vec![a, b], JointRule::JoinBusinessDays);
        assert!(!holidays.is_business_day(d(2026, 3, 2)));
        assert!(!holidays.is_business_day(d(2026, 3, 3)));
        assert!(business.is_business_day(d(2026, 3, 2)));
        assert!(business.is_business_day(d(2026, 3, 3)));
        assert!(!business.is_business_day(d(2026, 3, 7)));
        assert!(JointCalendar::new(vec![], JointRule::JoinHolidays).is_business_day(d(2026, 3, 7)));
    }
}
