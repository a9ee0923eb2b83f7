//! Calendar arithmetic on closed day ranges: months, weeks, seasons, parts of periods.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

/// A closed range of days.
pub(crate) type Days = (NaiveDate, NaiveDate);

pub(crate) fn ymd(year: i32, month: u32, day: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, month, day)
}

pub(crate) fn days_in_month(year: i32, month: u32) -> u32 {
    let next = if month == 12 {
        ymd(year + 1, 1, 1)
    } else {
        ymd(year, month + 1, 1)
    };
    next.and_then(|n| n.pred_opt()).map_or(31, |d| d.day())
}

pub(crate) fn day(date: NaiveDate) -> Days {
    (date, date)
}

pub(crate) fn year(y: i32) -> Option<Days> {
    Some((ymd(y, 1, 1)?, ymd(y, 12, 31)?))
}

pub(crate) fn month(y: i32, m: u32) -> Option<Days> {
    Some((ymd(y, m, 1)?, ymd(y, m, days_in_month(y, m))?))
}

/// Months `from..=to` of one year (or spanning into the next when `to < from`).
pub(crate) fn months(y: i32, from: u32, to: u32) -> Option<Days> {
    let end_year = if to < from { y + 1 } else { y };
    Some((month(y, from)?.0, month(end_year, to)?.1))
}

/// The Monday-to-Sunday week containing `date`.
pub(crate) fn week(date: NaiveDate) -> Option<Days> {
    let monday = date.checked_sub_signed(Duration::days(i64::from(
        date.weekday().num_days_from_monday(),
    )))?;
    Some((monday, monday.checked_add_signed(Duration::days(6))?))
}

pub(crate) fn add_days(date: NaiveDate, n: i64) -> Option<NaiveDate> {
    date.checked_add_signed(Duration::days(n))
}

pub(crate) fn add_months(date: NaiveDate, n: i32) -> Option<NaiveDate> {
    if n >= 0 {
        date.checked_add_months(Months::new(n.unsigned_abs()))
    } else {
        date.checked_sub_months(Months::new(n.unsigned_abs()))
    }
}

/// The most recent `target` on or before `anchor` (`back_strict`: strictly before).
pub(crate) fn weekday_before(
    anchor: NaiveDate,
    target: Weekday,
    strict: bool,
) -> Option<NaiveDate> {
    let a = i64::from(anchor.weekday().num_days_from_monday());
    let t = i64::from(target.num_days_from_monday());
    let mut back = (a - t).rem_euclid(7);
    if strict && back == 0 {
        back = 7;
    }
    add_days(anchor, -back)
}

/// The first `target` on or after `anchor` (`strict`: strictly after).
pub(crate) fn weekday_after(anchor: NaiveDate, target: Weekday, strict: bool) -> Option<NaiveDate> {
    let a = i64::from(anchor.weekday().num_days_from_monday());
    let t = i64::from(target.num_days_from_monday());
    let mut ahead = (t - a).rem_euclid(7);
    if strict && ahead == 0 {
        ahead = 7;
    }
    add_days(anchor, ahead)
}

/// A season of year `y` (northern hemisphere, meteorological): winter runs December of `y`
/// to February of `y + 1`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Season {
    Spring,
    Summer,
    Autumn,
    Winter,
}

impl Season {
    pub(crate) fn from_word(w: &str) -> Option<Season> {
        Some(match w.to_ascii_lowercase().as_str() {
            "spring" => Season::Spring,
            "summer" => Season::Summer,
            "autumn" | "fall" => Season::Autumn,
            "winter" => Season::Winter,
            _ => return None,
        })
    }

    pub(crate) fn of_year(self, y: i32) -> Option<Days> {
        match self {
            Season::Spring => months(y, 3, 5),
            Season::Summer => months(y, 6, 8),
            Season::Autumn => months(y, 9, 11),
            Season::Winter => months(y, 12, 2),
        }
    }
}

/// A part of a period: "early 2020", "mid-June", "the second half of 2021", "earlier this year".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Part {
    Early,
    Mid,
    Late,
    FirstHalf,
    SecondHalf,
    Quarter(u32),
    /// From the start of the period to the anchor.
    Earlier,
    /// From the anchor to the end of the period.
    Later,
}

/// What kind of period a part applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Period {
    Year,
    Month,
    Week,
    Decade,
    Day,
}

/// The sub-range of `whole` named by `part`. Thirds of a year are four months; of a month,
/// days 1–10, 11–20, 21–end; of a decade, years 0–3, 4–6, 7–9; of a week, Mon–Wed, Wed–Fri, Fri–Sun.
pub(crate) fn part_of(
    whole: Days,
    period: Period,
    part: Part,
    anchor: Option<NaiveDate>,
) -> Option<Days> {
    let (s, e) = whole;
    match part {
        Part::Earlier => {
            let a = anchor?;
            (a >= s && a <= e).then_some((s, a))
        }
        Part::Later => {
            let a = anchor?;
            (a >= s && a <= e).then_some((a, e))
        }
        Part::Early | Part::Mid | Part::Late => {
            let k = match part {
                Part::Early => 0,
                Part::Mid => 1,
                _ => 2,
            };
            match period {
                Period::Year => months(s.year(), 1 + 4 * k, 4 + 4 * k),
                Period::Month => {
                    let last = days_in_month(s.year(), s.month());
                    let (from, to) = [(1, 10), (11, 20), (21, last)][k as usize];
                    Some((
                        ymd(s.year(), s.month(), from)?,
                        ymd(s.year(), s.month(), to)?,
                    ))
                }
                Period::Decade => {
                    let (from, to) = [(0, 3), (4, 6), (7, 9)][k as usize];
                    Some((year(s.year() + from)?.0, year(s.year() + to)?.1))
                }
                Period::Week => {
                    let from = i64::from(2 * k);
                    Some((add_days(s, from)?, add_days(s, from + 2)?))
                }
                Period::Day => Some(whole),
            }
        }
        Part::FirstHalf | Part::SecondHalf | Part::Quarter(_) => {
            if period != Period::Year {
                return None;
            }
            match part {
                Part::FirstHalf => months(s.year(), 1, 6),
                Part::SecondHalf => months(s.year(), 7, 12),
                Part::Quarter(q @ 1..=4) => months(s.year(), 3 * q - 2, 3 * q),
                _ => None,
            }
        }
    }
    .filter(|(a, b)| a <= b && *a >= s && *b <= e)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap_or_default()
    }

    #[test]
    fn weekdays_around_a_wednesday() {
        let wed = d(2022, 12, 14);
        assert_eq!(
            weekday_before(wed, Weekday::Mon, false),
            Some(d(2022, 12, 12))
        );
        assert_eq!(weekday_before(wed, Weekday::Wed, false), Some(wed));
        assert_eq!(
            weekday_before(wed, Weekday::Wed, true),
            Some(d(2022, 12, 7))
        );
        assert_eq!(
            weekday_before(wed, Weekday::Thu, false),
            Some(d(2022, 12, 8))
        );
        assert_eq!(
            weekday_after(wed, Weekday::Mon, false),
            Some(d(2022, 12, 19))
        );
        assert_eq!(
            weekday_after(wed, Weekday::Wed, true),
            Some(d(2022, 12, 21))
        );
    }

    #[test]
    fn winter_spans_the_new_year() {
        assert_eq!(
            Season::Winter.of_year(2023),
            Some((d(2023, 12, 1), d(2024, 2, 29)))
        );
    }

    #[test]
    fn parts() {
        let y = year(2019).unwrap_or_default();
        assert_eq!(
            part_of(y, Period::Year, Part::Late, None),
            Some((d(2019, 9, 1), d(2019, 12, 31)))
        );
        let m = month(2022, 2).unwrap_or_default();
        assert_eq!(
            part_of(m, Period::Month, Part::Late, None),
            Some((d(2022, 2, 21), d(2022, 2, 28)))
        );
        assert_eq!(
            week(d(2022, 12, 14)),
            Some((d(2022, 12, 12), d(2022, 12, 18)))
        );
    }
}
