//! [`JointCalendar`]: several calendars combined by a [`JointRule`].

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{BusinessCalendar, Calendar};

/// How a [`JointCalendar`] combines its members.
///
/// ```
/// use disburse::time::JointRule;
/// assert_eq!(JointRule::default(), JointRule::JoinHolidays);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
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
#[serde(deny_unknown_fields)]
pub struct JointCalendar {
    pub(super) calendars: Vec<Calendar>,
    #[serde(default)]
    rule: JointRule,
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
        JointCalendar { calendars, rule }
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
