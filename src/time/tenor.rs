//! Tenors (`3M`, `1Y`, `45D`) and payment frequencies.

use std::fmt;
use std::str::FromStr;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::civil;
use crate::{DateOp, Error, Result};

/// The unit of a [`Tenor`].
///
/// ```
/// use disburse::time::{TimeUnit, Tenor};
/// assert_eq!(Tenor::new(3, TimeUnit::Months).unit(), TimeUnit::Months);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeUnit {
    /// Calendar days.
    Days,
    /// Weeks of seven days.
    Weeks,
    /// Calendar months (the day is clamped to the month's length).
    Months,
    /// Years of twelve months.
    Years,
}

impl TimeUnit {
    fn suffix(self) -> char {
        match self {
            TimeUnit::Days => 'D',
            TimeUnit::Weeks => 'W',
            TimeUnit::Months => 'M',
            TimeUnit::Years => 'Y',
        }
    }
}

/// A length of time: `n` days, weeks, months or years (QuantLib's `Period`).
///
/// Serialized as its text form (`"3M"`, `"1Y"`, `"45D"`, `"2W"`).
///
/// ```
/// use disburse::time::Tenor;
/// let t: Tenor = "6M".parse()?;
/// assert_eq!(t, Tenor::months(6));
/// assert_eq!(t.to_string(), "6M");
/// let d = chrono::NaiveDate::from_ymd_opt(2026, 8, 31).unwrap();
/// // Month arithmetic clamps the day: 31 August + 6M = 28 February.
/// assert_eq!(t.add_to(d, 1)?, chrono::NaiveDate::from_ymd_opt(2027, 2, 28).unwrap());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Tenor {
    length: u32,
    unit: TimeUnit,
}

impl Tenor {
    /// A tenor of `length` `unit`s. A zero length is allowed here (it is a
    /// valid "no time" value) and rejected where a period is required.
    ///
    /// ```
    /// use disburse::time::{Tenor, TimeUnit};
    /// assert_eq!(Tenor::new(45, TimeUnit::Days).to_string(), "45D");
    /// ```
    pub const fn new(length: u32, unit: TimeUnit) -> Self {
        Tenor { length, unit }
    }

    /// `n` days.
    ///
    /// ```
    /// assert_eq!(disburse::time::Tenor::days(45).to_string(), "45D");
    /// ```
    pub const fn days(n: u32) -> Self {
        Tenor::new(n, TimeUnit::Days)
    }

    /// `n` weeks.
    ///
    /// ```
    /// assert_eq!(disburse::time::Tenor::weeks(2).to_string(), "2W");
    /// ```
    pub const fn weeks(n: u32) -> Self {
        Tenor::new(n, TimeUnit::Weeks)
    }

    /// `n` months.
    ///
    /// ```
    /// assert_eq!(disburse::time::Tenor::months(3).to_string(), "3M");
    /// ```
    pub const fn months(n: u32) -> Self {
        Tenor::new(n, TimeUnit::Months)
    }

    /// `n` years.
    ///
    /// ```
    /// assert_eq!(disburse::time::Tenor::years(1).to_string(), "1Y");
    /// ```
    pub const fn years(n: u32) -> Self {
        Tenor::new(n, TimeUnit::Years)
    }

    /// The number of units.
    ///
    /// ```
    /// assert_eq!(disburse::time::Tenor::months(3).length(), 3);
    /// ```
    pub const fn length(&self) -> u32 {
        self.length
    }

    /// The unit.
    ///
    /// ```
    /// use disburse::time::{Tenor, TimeUnit};
    /// assert_eq!(Tenor::years(2).unit(), TimeUnit::Years);
    /// ```
    pub const fn unit(&self) -> TimeUnit {
        self.unit
    }

    /// Whether the tenor is a whole number of months (months or years) of at
    /// least one month: only such tenors honour the end-of-month rule.
    ///
    /// ```
    /// use disburse::time::Tenor;
    /// assert!(Tenor::years(1).is_monthly());
    /// assert!(!Tenor::weeks(4).is_monthly());
    /// ```
    pub const fn is_monthly(&self) -> bool {
        matches!(self.unit, TimeUnit::Months | TimeUnit::Years) && self.length > 0
    }

    /// The unadjusted date `times` tenors after `date` (before it when
    /// `times` is negative), computed as one jump from `date` — never by
    /// repeated stepping — with month days clamped to the month's length.
    ///
    /// # Errors
    /// [`Error::DateOutOfRange`] when the result leaves chrono's range.
    ///
    /// ```
    /// use disburse::time::Tenor;
    /// use chrono::NaiveDate;
    /// let jan31 = NaiveDate::from_ymd_opt(2026, 1, 31).unwrap();
    /// assert_eq!(Tenor::months(1).add_to(jan31, 2)?, NaiveDate::from_ymd_opt(2026, 3, 31).unwrap());
    /// assert_eq!(Tenor::weeks(1).add_to(jan31, -1)?, NaiveDate::from_ymd_opt(2026, 1, 24).unwrap());
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn add_to(&self, date: NaiveDate, times: i64) -> Result<NaiveDate> {
        self.advance(date, times, false)
    }

    /// As [`add_to`](Self::add_to); with `to_month_end` (monthly tenors
    /// only) the result is moved to the last day of its month.
    #[inline]
    pub(crate) fn advance(&self, date: NaiveDate, times: i64, to_month_end: bool) -> Result<NaiveDate> {
        let n = i64::from(self.length).checked_mul(times).ok_or_else(|| {
            Error::date_out_of_range(DateOp::AddTenor {
                date,
                times,
                tenor: *self,
            })
        })?;
        match self.unit {
            TimeUnit::Days => civil::add_days(date, n),
            TimeUnit::Weeks => civil::add_days(date, n.saturating_mul(7)),
            TimeUnit::Months => civil::add_months(date, n, to_month_end),
            TimeUnit::Years => civil::add_months(date, n.saturating_mul(12), to_month_end),
        }
    }
}

#[cfg(feature = "scenario")]
impl schemars::JsonSchema for Tenor {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Tenor".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A tenor: a count and a unit D (days), W (weeks), M (months) or Y (years), either case: \"45D\", \"3M\", \"10Y\".",
            "type": "string",
            "pattern": r"^\s*[0-9]+\s*[dDwWmMyY]\s*$",
            "examples": ["1Y", "6M", "10Y"]
        })
    }
}

impl fmt::Display for Tenor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.length, self.unit.suffix())
    }
}

impl FromStr for Tenor {
    type Err = Error;

    /// Parses `"<n><unit>"` with unit `D`, `W`, `M` or `Y` (either case).
    fn from_str(s: &str) -> Result<Self> {
        let err = || Error::Parse {
            kind: "tenor",
            input: s.to_string(),
            expected: "a count and a unit such as 45D, 2W, 3M or 1Y",
        };
        let t = s.trim();
        let unit_char = t.chars().last().ok_or_else(err)?;
        let unit = match unit_char.to_ascii_uppercase() {
            'D' => TimeUnit::Days,
            'W' => TimeUnit::Weeks,
            'M' => TimeUnit::Months,
            'Y' => TimeUnit::Years,
            _ => return Err(err()),
        };
        let digits = &t[..t.len() - unit_char.len_utf8()];
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let length = digits.parse::<u32>().map_err(|_| err())?;
        Ok(Tenor::new(length, unit))
    }
}

impl TryFrom<String> for Tenor {
    type Error = Error;
    fn try_from(s: String) -> Result<Self> {
        s.parse()
    }
}

impl From<Tenor> for String {
    fn from(t: Tenor) -> String {
        t.to_string()
    }
}

impl From<Frequency> for Tenor {
    fn from(f: Frequency) -> Tenor {
        f.tenor()
    }
}

/// A payment frequency; each names a [`Tenor`].
///
/// ```
/// use disburse::time::{Frequency, Tenor};
/// assert_eq!(Frequency::Quarterly.tenor(), Tenor::months(3));
/// assert_eq!(Frequency::Quarterly.per_year(), Some(4));
/// assert_eq!("semiannual".parse::<Frequency>()?, Frequency::Semiannual);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Frequency {
    /// Once a year (`1Y`).
    Annual,
    /// Twice a year (`6M`).
    Semiannual,
    /// Three times a year (`4M`).
    EveryFourthMonth,
    /// Four times a year (`3M`).
    Quarterly,
    /// Six times a year (`2M`).
    Bimonthly,
    /// Twelve times a year (`1M`).
    Monthly,
    /// Every four weeks (`4W`).
    EveryFourthWeek,
    /// Every two weeks (`2W`).
    Biweekly,
    /// Every week (`1W`).
    Weekly,
    /// Every day (`1D`).
    Daily,
}

impl Frequency {
    /// All frequencies, longest period first.
    pub const ALL: [Frequency; 10] = [
        Frequency::Annual,
        Frequency::Semiannual,
        Frequency::EveryFourthMonth,
        Frequency::Quarterly,
        Frequency::Bimonthly,
        Frequency::Monthly,
        Frequency::EveryFourthWeek,
        Frequency::Biweekly,
        Frequency::Weekly,
        Frequency::Daily,
    ];

    /// The tenor between two payments.
    ///
    /// ```
    /// use disburse::time::{Frequency, Tenor};
    /// assert_eq!(Frequency::Biweekly.tenor(), Tenor::weeks(2));
    /// ```
    pub const fn tenor(self) -> Tenor {
        match self {
            Frequency::Annual => Tenor::years(1),
            Frequency::Semiannual => Tenor::months(6),
            Frequency::EveryFourthMonth => Tenor::months(4),
            Frequency::Quarterly => Tenor::months(3),
            Frequency::Bimonthly => Tenor::months(2),
            Frequency::Monthly => Tenor::months(1),
            Frequency::EveryFourthWeek => Tenor::weeks(4),
            Frequency::Biweekly => Tenor::weeks(2),
            Frequency::Weekly => Tenor::weeks(1),
            Frequency::Daily => Tenor::days(1),
        }
    }

    /// Payments per year for month-based frequencies (`None` for week- and
    /// day-based ones, which do not divide a year evenly).
    ///
    /// ```
    /// use disburse::time::Frequency;
    /// assert_eq!(Frequency::Monthly.per_year(), Some(12));
    /// assert_eq!(Frequency::Weekly.per_year(), None);
    /// ```
    pub const fn per_year(self) -> Option<u32> {
        match self {
            Frequency::Annual => Some(1),
            Frequency::Semiannual => Some(2),
            Frequency::EveryFourthMonth => Some(3),
            Frequency::Quarterly => Some(4),
            Frequency::Bimonthly => Some(6),
            Frequency::Monthly => Some(12),
            _ => None,
        }
    }

    const fn name(self) -> &'static str {
        match self {
            Frequency::Annual => "annual",
            Frequency::Semiannual => "semiannual",
            Frequency::EveryFourthMonth => "every_fourth_month",
            Frequency::Quarterly => "quarterly",
            Frequency::Bimonthly => "bimonthly",
            Frequency::Monthly => "monthly",
            Frequency::EveryFourthWeek => "every_fourth_week",
            Frequency::Biweekly => "biweekly",
            Frequency::Weekly => "weekly",
            Frequency::Daily => "daily",
        }
    }
}

impl fmt::Display for Frequency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Frequency {
    type Err = Error;

    /// Parses the names in any case with `_`, `-` and spaces ignored
    /// (`quarterly`, QuantLib's `EveryFourthMonth`, `every-fourth-month`),
    /// and `annually`, `yearly`, `semiannually`, `semi-annual`.
    ///
    /// ```
    /// use disburse::time::Frequency;
    /// assert_eq!("EveryFourthMonth".parse::<Frequency>()?, Frequency::EveryFourthMonth);
    /// assert_eq!("Semi-Annual".parse::<Frequency>()?, Frequency::Semiannual);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let folded = crate::text::fold_name(s);
        let alias = match folded.as_str() {
            "annually" | "yearly" => Some(Frequency::Annual),
            "semiannually" => Some(Frequency::Semiannual),
            _ => None,
        };
        alias
            .or_else(|| {
                Frequency::ALL
                    .into_iter()
                    .find(|f| crate::text::fold_name(f.name()) == folded)
            })
            .ok_or_else(|| Error::Parse {
                kind: "frequency",
                input: s.to_string(),
                expected: "one of annual, semiannual, every_fourth_month, quarterly, bimonthly, monthly, \
                           every_fourth_week, biweekly, weekly, daily (any case, `-` for `_`, QuantLib's \
                           EveryFourthMonth)",
            })
    }
}

impl crate::text::Named for Frequency {
    const KIND: &'static str = "frequency";
    const NAMES: &'static [&'static str] = &[
        "annual",
        "semiannual",
        "every_fourth_month",
        "quarterly",
        "bimonthly",
        "monthly",
        "every_fourth_week",
        "biweekly",
        "weekly",
        "daily",
    ];
    const ALIASES: &'static [&'static str] = &["Annual", "EveryFourthMonth", "annually", "yearly", "semiannually"];
}

crate::input_serde::named_serde!(Frequency);

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    #[test]
    fn parse_and_display() {
        for (text, tenor) in [
            ("1D", Tenor::days(1)),
            ("45d", Tenor::days(45)),
            ("2W", Tenor::weeks(2)),
            ("3M", Tenor::months(3)),
            (" 10Y ", Tenor::years(10)),
            ("0M", Tenor::months(0)),
        ] {
            assert_eq!(text.parse::<Tenor>().unwrap(), tenor, "{text}");
        }
        assert_eq!(Tenor::years(10).to_string(), "10Y");
        for bad in ["", "M", "3", "3X", "-3M", "1.5Y", "3MM", "99999999999M", "３M"] {
            let err = bad.parse::<Tenor>().unwrap_err();
            assert!(matches!(err, Error::Parse { kind: "tenor", .. }), "{bad}");
        }
    }

    #[test]
    fn serde_as_string() {
        let json = serde_json::to_string(&Tenor::months(3)).unwrap();
        assert_eq!(json, "\"3M\"");
        assert_eq!(serde_json::from_str::<Tenor>("\"1Y\"").unwrap(), Tenor::years(1));
        assert!(serde_json::from_str::<Tenor>("\"1Q\"").is_err());
    }

    #[test]
    fn add_to_jumps_from_anchor() {
        let t = Tenor::months(1);
        let anchor = d(2026, 1, 31);
        assert_eq!(t.add_to(anchor, 1).unwrap(), d(2026, 2, 28));
        // Not previous + tenor: the third month is the 31st again.
        assert_eq!(t.add_to(anchor, 2).unwrap(), d(2026, 3, 31));
        assert_eq!(Tenor::years(1).add_to(d(2028, 2, 29), 1).unwrap(), d(2029, 2, 28));
        assert_eq!(Tenor::days(45).add_to(d(2026, 1, 1), 1).unwrap(), d(2026, 2, 15));
        assert_eq!(Tenor::weeks(2).add_to(d(2026, 1, 1), 3).unwrap(), d(2026, 2, 12));
        assert!(Tenor::years(1).add_to(NaiveDate::MAX, 1).is_err());
        assert!(Tenor::days(u32::MAX).add_to(d(2026, 1, 1), i64::MAX).is_err());
    }

    #[test]
    fn frequencies() {
        for f in Frequency::ALL {
            assert_eq!(f.to_string().parse::<Frequency>().unwrap(), f);
            let json = serde_json::to_string(&f).unwrap();
            assert_eq!(serde_json::from_str::<Frequency>(&json).unwrap(), f);
            assert_eq!(Tenor::from(f), f.tenor());
        }
        assert_eq!(
            "Every-Fourth-Month".parse::<Frequency>().unwrap(),
            Frequency::EveryFourthMonth
        );
        assert!("fortnightly".parse::<Frequency>().is_err());
        assert_eq!(Frequency::Semiannual.per_year(), Some(2));
    }
}
