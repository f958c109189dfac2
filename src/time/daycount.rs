//! Day-count conventions and exact year fractions.

use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::civil;
use crate::{Error, Result};

/// A day-count convention: how the time between two dates is measured in
/// years. Definitions follow QuantLib (and ISDA 2006 §4.16).
///
/// Year fractions are computed exactly as a ratio of integers
/// ([`YearFraction`]); convert with [`YearFraction::to_decimal`] (28
/// significant digits, correctly rounded) or [`YearFraction::to_f64`]
/// (correctly rounded `f64`).
///
/// ```
/// use disburse::time::DayCount;
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let yf = DayCount::Actual360.year_fraction(d(2026, 1, 1), d(2027, 1, 1));
/// assert_eq!(yf.to_string(), "365/360");
/// assert_eq!(DayCount::ActualActualIsda.year_fraction(d(2026, 1, 1), d(2036, 1, 1)).to_f64(), 10.0);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayCount {
    /// Actual/365 (Fixed): days / 365. Excel basis 3; XNPV and XIRR use it.
    Actual365Fixed,
    /// Actual/360: days / 360. Excel basis 2.
    Actual360,
    /// 30/360 bond basis (ISDA 2006 §4.16(f), QuantLib
    /// `Thirty360::BondBasis`): D1 = 31 → 30; D2 = 31 → 30 when D1 (after
    /// the first rule) is 30; no February rule.
    Thirty360BondBasis,
    /// 30/360 US (QuantLib `Thirty360::USA`, Excel basis 0): the bond-basis
    /// rules plus last-of-February rules: when D1 is the last day of
    /// February, D1 → 30, and then when D2 is also the last of February,
    /// D2 → 30.
    Thirty360Us,
    /// 30E/360 Eurobond basis (ISDA 2006 §4.16(g)): D1 = min(D1, 30),
    /// D2 = min(D2, 30). Excel basis 4.
    Thirty360European,
    /// Actual/Actual ISDA: days in non-leap years / 365 + days in leap years
    /// / 366, counting the start day and not the end day.
    ActualActualIsda,
}

impl DayCount {
    /// Every supported day count.
    pub const ALL: [DayCount; 6] = [
        DayCount::Actual365Fixed,
        DayCount::Actual360,
        DayCount::Thirty360BondBasis,
        DayCount::Thirty360Us,
        DayCount::Thirty360European,
        DayCount::ActualActualIsda,
    ];

    /// The convention's usual name (`"Act/365F"`, `"30/360 US"`…).
    ///
    /// ```
    /// assert_eq!(disburse::time::DayCount::ActualActualIsda.name(), "Act/Act ISDA");
    /// ```
    pub const fn name(self) -> &'static str {
        match self {
            DayCount::Actual365Fixed => "Act/365F",
            DayCount::Actual360 => "Act/360",
            DayCount::Thirty360BondBasis => "30/360 Bond Basis",
            DayCount::Thirty360Us => "30/360 US",
            DayCount::Thirty360European => "30E/360",
            DayCount::ActualActualIsda => "Act/Act ISDA",
        }
    }

    /// The day count between `start` and `end` in this convention's own
    /// days (actual days, or 30/360 days), negative when `end` is earlier.
    ///
    /// ```
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// assert_eq!(DayCount::Thirty360BondBasis.day_count(d(2026, 1, 31), d(2026, 3, 31)), 60);
    /// assert_eq!(DayCount::Actual365Fixed.day_count(d(2026, 1, 31), d(2026, 3, 31)), 59);
    /// ```
    pub fn day_count(self, start: NaiveDate, end: NaiveDate) -> i64 {
        match self {
            DayCount::Thirty360BondBasis | DayCount::Thirty360Us | DayCount::Thirty360European => {
                thirty_360_days(self, start, end)
            }
            _ => civil::days_between(start, end),
        }
    }

    /// The exact year fraction from `start` to `end` (negative when `end`
    /// is earlier; for the 30/360 family the day rules apply to the dates
    /// in the order given, as in QuantLib).
    ///
    /// ```
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let yf = DayCount::ActualActualIsda.year_fraction(d(2027, 7, 1), d(2028, 7, 1));
    /// assert_eq!(yf.to_string(), "133774/133590"); // 184/365 + 182/366
    /// assert_eq!(yf.to_decimal().round_dp(20).to_string(), "1.00137734860393742047");
    /// ```
    pub fn year_fraction(self, start: NaiveDate, end: NaiveDate) -> YearFraction {
        match self {
            DayCount::Actual365Fixed => YearFraction::new(civil::days_between(start, end), 365),
            DayCount::Actual360 => YearFraction::new(civil::days_between(start, end), 360),
            DayCount::Thirty360BondBasis | DayCount::Thirty360Us | DayCount::Thirty360European => {
                YearFraction::new(thirty_360_days(self, start, end), 360)
            }
            DayCount::ActualActualIsda => {
                if end < start {
                    let f = act_act_isda(end, start);
                    YearFraction {
                        numerator: -f.numerator,
                        denominator: f.denominator,
                    }
                } else {
                    act_act_isda(start, end)
                }
            }
        }
    }
}

fn thirty_360_days(dc: DayCount, start: NaiveDate, end: NaiveDate) -> i64 {
    let (y1, m1, mut d1) = (
        i64::from(start.year()),
        i64::from(start.month()),
        i64::from(start.day()),
    );
    let (y2, m2, mut d2) = (i64::from(end.year()), i64::from(end.month()), i64::from(end.day()));
    match dc {
        DayCount::Thirty360European => {
            d1 = d1.min(30);
            d2 = d2.min(30);
        }
        DayCount::Thirty360Us => {
            let start_last_feb = start.month() == 2 && civil::is_month_end(start);
            let end_last_feb = end.month() == 2 && civil::is_month_end(end);
            if start_last_feb && end_last_feb {
                d2 = 30;
            }
            if start_last_feb {
                d1 = 30;
            }
            if d2 == 31 && d1 >= 30 {
                d2 = 30;
            }
            if d1 == 31 {
                d1 = 30;
            }
        }
        _ => {
            if d1 == 31 {
                d1 = 30;
            }
            if d2 == 31 && d1 == 30 {
                d2 = 30;
            }
        }
    }
    360 * (y2 - y1) + 30 * (m2 - m1) + (d2 - d1)
}

/// Act/Act ISDA for `start <= end`, as one exact fraction over 365·366.
fn act_act_isda(start: NaiveDate, end: NaiveDate) -> YearFraction {
    let (y1, y2) = (start.year(), end.year());
    if y1 == y2 {
        let days = civil::days_between(start, end);
        return YearFraction::new(days, if civil::is_leap_year(y1) { 366 } else { 365 });
    }
    // Days in y1 from start to 1 Jan y1+1, whole years between, days in y2 from 1 Jan y2 to end.
    let (mut leap_days, mut plain_days) = (0i64, 0i64);
    let mut add = |year: i32, days: i64| {
        if civil::is_leap_year(year) {
            leap_days += days;
        } else {
            plain_days += days;
        }
    };
    let days_in_year = |y: i32| if civil::is_leap_year(y) { 366 } else { 365 };
    add(y1, i64::from(days_in_year(y1)) - i64::from(start.ordinal0()));
    for y in (y1 + 1)..y2 {
        add(y, i64::from(days_in_year(y)));
    }
    add(y2, i64::from(end.ordinal0()));
    // plain/365 + leap/366 = (366·plain + 365·leap) / (365·366)
    YearFraction::new(366 * plain_days + 365 * leap_days, 365 * 366)
}

impl fmt::Display for DayCount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for DayCount {
    type Err = Error;

    /// Parses the usual names in any case, with `_`, `-`, spaces and
    /// parentheses ignored: `act/365f` (`Actual365Fixed` as QuantLib spells
    /// it, `act/365`, `Actual/365 (Fixed)`), `act/360` (`Actual360`),
    /// `30/360` (bond basis; QuantLib's `Thirty360` with `BondBasis` or
    /// `ISMA`), `30/360 us` (`Thirty360 USA`, NASD), `30e/360`
    /// (`Thirty360 European`, Eurobond basis), `act/act` (`ActualActual
    /// ISDA`), the serde names (`actual365_fixed`…), and Excel's YEARFRAC
    /// basis numbers `0`–`4` (basis 1, Actual/actual, maps to Act/Act ISDA,
    /// which differs from Excel's own basis-1 averaging rule across several
    /// years).
    ///
    /// ```
    /// use disburse::time::DayCount;
    /// assert_eq!("ACT/365F".parse::<DayCount>()?, DayCount::Actual365Fixed);
    /// assert_eq!("Actual365Fixed".parse::<DayCount>()?, DayCount::Actual365Fixed);
    /// assert_eq!("ACT/360".parse::<DayCount>()?, DayCount::Actual360);
    /// assert_eq!("Thirty360".parse::<DayCount>()?, DayCount::Thirty360BondBasis);
    /// assert_eq!("30E/360".parse::<DayCount>()?, DayCount::Thirty360European);
    /// assert_eq!("0".parse::<DayCount>()?, DayCount::Thirty360Us);
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    fn from_str(s: &str) -> Result<Self> {
        let folded = crate::text::fold_name(s);
        let dc = match folded.as_str() {
            "act/365f" | "act/365fixed" | "actual/365fixed" | "actual/365f" | "actual365fixed" | "act365f"
            | "act365" | "act/365" | "actual/365" | "actual365" | "3" => DayCount::Actual365Fixed,
            "act/360" | "actual/360" | "actual360" | "act360" | "2" => DayCount::Actual360,
            "30/360" | "30/360bondbasis" | "thirty360" | "thirty360bondbasis" | "bondbasis" | "30/360isda"
            | "thirty360isma" | "30/360isma" => DayCount::Thirty360BondBasis,
            "30/360us" | "30/360usa" | "thirty360us" | "thirty360usa" | "30/360nasd" | "30u/360" | "0" => {
                DayCount::Thirty360Us
            }
            "30e/360" | "thirty360european" | "thirty360eurobondbasis" | "30/360european" | "eurobond" | "4" => {
                DayCount::Thirty360European
            }
            "act/act" | "act/actisda" | "actual/actual" | "actual/actualisda" | "actualactual" | "actualactualisda"
            | "actact" | "actactisda" | "1" => DayCount::ActualActualIsda,
            _ => {
                return Err(Error::Parse {
                    kind: "day count",
                    input: s.to_string(),
                    expected: "one of act/365f, act/360, 30/360, 30/360 us, 30e/360, act/act isda (any case; \
                               also QuantLib's Actual365Fixed, Actual360, Thirty360, ActualActual, the serde \
                               names such as actual365_fixed) or an Excel basis 0-4",
                });
            }
        };
        Ok(dc)
    }
}

impl crate::text::Named for DayCount {
    const KIND: &'static str = "day count";
    const NAMES: &'static [&'static str] = &[
        "actual365_fixed",
        "actual360",
        "thirty360_bond_basis",
        "thirty360_us",
        "thirty360_european",
        "actual_actual_isda",
    ];
    const ALIASES: &'static [&'static str] = &[
        "act/365f",
        "act/365",
        "Actual365Fixed",
        "act/360",
        "Actual360",
        "30/360",
        "Thirty360",
        "30/360 us",
        "30e/360",
        "act/act",
        "act/act isda",
        "ActualActual",
        "0",
        "1",
        "2",
        "3",
        "4",
    ];
}

crate::input_serde::named_serde!(DayCount);

/// An exact year fraction: `numerator / denominator` with a positive
/// denominator, as produced by [`DayCount::year_fraction`].
///
/// ```
/// use disburse::time::{DayCount, YearFraction};
/// use chrono::NaiveDate;
/// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
/// let a = DayCount::Actual365Fixed.year_fraction(d(2026, 1, 1), d(2026, 7, 1));
/// assert_eq!((a.numerator(), a.denominator()), (181, 365));
/// assert_eq!(a.to_decimal().round_dp(6).to_string(), "0.495890");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct YearFraction {
    numerator: i64,
    denominator: i64,
}

impl YearFraction {
    fn new(numerator: i64, denominator: i64) -> Self {
        YearFraction { numerator, denominator }
    }

    /// The numerator (days, or weighted days for Act/Act ISDA).
    ///
    /// ```
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// assert_eq!(DayCount::Actual360.year_fraction(d(2026, 1, 1), d(2026, 1, 31)).numerator(), 30);
    /// ```
    pub const fn numerator(&self) -> i64 {
        self.numerator
    }

    /// The positive denominator (365, 360, or 365·366 for Act/Act ISDA
    /// across years).
    ///
    /// ```
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// assert_eq!(DayCount::Actual360.year_fraction(d(2026, 1, 1), d(2026, 1, 31)).denominator(), 360);
    /// ```
    pub const fn denominator(&self) -> i64 {
        self.denominator
    }

    /// The fraction as a `Decimal`, correctly rounded to `Decimal`'s
    /// precision (28–29 significant digits).
    ///
    /// ```
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// let yf = DayCount::Actual360.year_fraction(d(2026, 1, 1), d(2027, 1, 1));
    /// assert_eq!(yf.to_decimal().round_dp(20).to_string(), "1.01388888888888888889");
    /// ```
    pub fn to_decimal(&self) -> Decimal {
        // Both parts are far below Decimal's limits and the denominator is
        // positive, so the division cannot fail.
        Decimal::from(self.numerator) / Decimal::from(self.denominator)
    }

    /// The fraction as the nearest `f64` (both parts are exact in `f64`,
    /// and IEEE division rounds correctly).
    ///
    /// ```
    /// use disburse::time::DayCount;
    /// use chrono::NaiveDate;
    /// let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
    /// assert_eq!(DayCount::Actual365Fixed.year_fraction(d(2026, 1, 1), d(2027, 1, 1)).to_f64(), 1.0);
    /// ```
    pub fn to_f64(&self) -> f64 {
        self.numerator as f64 / self.denominator as f64
    }
}

impl fmt::Display for YearFraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.numerator, self.denominator)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::*;

    fn yf20(dc: DayCount, a: NaiveDate, b: NaiveDate) -> String {
        format!("{:.20}", dc.year_fraction(a, b).to_decimal().round_dp(20))
    }

    #[test]
    fn thirty_360_variants() {
        // (start, end, bond basis, US, European) in 30/360 days
        let cases = [
            (d(2026, 1, 31), d(2026, 3, 31), 60, 60, 60),
            (d(2026, 1, 30), d(2026, 3, 31), 60, 60, 60),
            (d(2026, 1, 29), d(2026, 3, 31), 62, 62, 61),
            (d(2026, 2, 28), d(2026, 3, 31), 33, 30, 32),
            (d(2026, 2, 28), d(2027, 2, 28), 360, 360, 360),
            (d(2028, 2, 29), d(2029, 2, 28), 359, 360, 359),
            (d(2026, 1, 15), d(2026, 2, 28), 43, 43, 43),
            (d(2026, 3, 31), d(2026, 1, 31), -60, -60, -60),
        ];
        for (a, b, bond, us, eu) in cases {
            assert_eq!(DayCount::Thirty360BondBasis.day_count(a, b), bond, "bond {a} {b}");
            assert_eq!(DayCount::Thirty360Us.day_count(a, b), us, "us {a} {b}");
            assert_eq!(DayCount::Thirty360European.day_count(a, b), eu, "eu {a} {b}");
        }
    }

    #[test]
    fn act_act_isda_exact() {
        assert_eq!(
            yf20(DayCount::ActualActualIsda, d(2027, 7, 1), d(2028, 7, 1)),
            "1.00137734860393742047"
        );
        assert_eq!(
            yf20(DayCount::ActualActualIsda, d(2026, 1, 1), d(2036, 1, 1)),
            "10.00000000000000000000"
        );
        assert_eq!(
            yf20(DayCount::ActualActualIsda, d(2026, 1, 31), d(2026, 3, 31)),
            "0.16164383561643835616"
        );
        // Within a leap year.
        assert_eq!(
            DayCount::ActualActualIsda
                .year_fraction(d(2028, 1, 1), d(2028, 3, 1))
                .to_string(),
            "60/366"
        );
        // Reversed dates give the negative.
        let f = DayCount::ActualActualIsda.year_fraction(d(2028, 7, 1), d(2027, 7, 1));
        assert_eq!(
            format!("{:.20}", f.to_decimal().round_dp(20)),
            "-1.00137734860393742047"
        );
        assert_eq!(
            DayCount::ActualActualIsda
                .year_fraction(d(2028, 7, 1), d(2028, 7, 1))
                .to_f64(),
            0.0
        );
    }

    #[test]
    fn names_round_trip() {
        for dc in DayCount::ALL {
            assert_eq!(dc.name().parse::<DayCount>().unwrap(), dc, "{dc}");
            let json = serde_json::to_string(&dc).unwrap();
            assert_eq!(serde_json::from_str::<DayCount>(&json).unwrap(), dc);
        }
        assert!("act/364".parse::<DayCount>().is_err());
        assert_eq!(
            serde_json::from_str::<DayCount>("\"act/360\"").unwrap(),
            DayCount::Actual360
        );
    }
}
