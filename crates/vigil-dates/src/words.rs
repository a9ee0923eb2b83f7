//! The words and numbers dates are made of: month and weekday names, numeric day orders.

use chrono::{NaiveDate, Weekday};
use once_cell::sync::Lazy;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];
const MONTH_ABBREVS: [(&str, u32); 12] = [
    ("jan", 1),
    ("feb", 2),
    ("mar", 3),
    ("apr", 4),
    ("jun", 6),
    ("jul", 7),
    ("aug", 8),
    ("sep", 9),
    ("sept", 9),
    ("oct", 10),
    ("nov", 11),
    ("dec", 12),
];
const WEEKDAYS: [(&str, Weekday); 7] = [
    ("monday", Weekday::Mon),
    ("tuesday", Weekday::Tue),
    ("wednesday", Weekday::Wed),
    ("thursday", Weekday::Thu),
    ("friday", Weekday::Fri),
    ("saturday", Weekday::Sat),
    ("sunday", Weekday::Sun),
];

/// How a month was named.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MonthWord {
    Full,
    /// "Jan", "Sept" (a following period is the caller's to skip).
    Abbrev,
    /// "May", "March": also verbs, so a month alone needs a clear cue.
    Ambiguous,
}

/// The month a word names (any case): full names and the usual abbreviations ("Sept" too);
/// "march" but not "marching".
#[must_use]
pub fn month(word: &str) -> Option<(u32, MonthWord)> {
    if let Some(k) = MONTHS.iter().position(|m| word.eq_ignore_ascii_case(m)) {
        let kind = if matches!(k, 2 | 4) {
            MonthWord::Ambiguous
        } else {
            MonthWord::Full
        };
        return u32::try_from(k + 1).ok().map(|m| (m, kind));
    }
    MONTH_ABBREVS
        .iter()
        .find(|(a, _)| word.eq_ignore_ascii_case(a))
        .map(|(_, m)| (*m, MonthWord::Abbrev))
}

/// Month names of other languages (`data/months.txt`), lower-case, with their numbers.
static OTHER_LANGUAGES: Lazy<Vec<(String, u32)>> = Lazy::new(|| {
    include_str!("../data/months.txt")
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .filter_map(|l| {
            let mut fields = l.split_whitespace();
            let (_lang, number, name) = (fields.next()?, fields.next()?, fields.next()?);
            Some((name.to_lowercase(), number.parse().ok()?))
        })
        .collect()
});

pub(crate) fn prepare() {
    Lazy::force(&OTHER_LANGUAGES);
}

/// The month a word names in English or in one of the languages of `data/months.txt`
/// ("janvier", "März"): only for full dates on pages, where a day and a year stand beside it.
pub(crate) fn month_in_any_language(word: &str) -> Option<u32> {
    month(word).map(|(m, _)| m).or_else(|| {
        let w = word.to_lowercase();
        OTHER_LANGUAGES
            .iter()
            .find(|(name, _)| *name == w)
            .map(|(_, m)| *m)
    })
}

/// Every month name, month abbreviation and weekday name the grammar reads, lower-case.
pub fn names() -> impl Iterator<Item = &'static str> {
    MONTHS
        .into_iter()
        .chain(MONTH_ABBREVS.iter().map(|(a, _)| *a))
        .chain(WEEKDAYS.iter().map(|(w, _)| *w))
}

/// The weekday a word names in full, any case ("Sun" is also a newspaper, so no abbreviations).
#[must_use]
pub fn weekday(word: &str) -> Option<Weekday> {
    WEEKDAYS
        .iter()
        .find(|(name, _)| word.eq_ignore_ascii_case(name))
        .map(|(_, d)| *d)
}

/// Which reading a numeric date takes when both day–month and month–day are valid dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Order {
    /// "04/05/2022" is 4 May (international usage).
    DayFirst,
    /// "04/05/2022" is April 5 (United States usage).
    MonthFirst,
}

/// A numeric date from its three digit groups as written and their separator: `2022-04-21`
/// (year first), `21/04/2022`, `04/21/2022`, `21.04.2022`, two-digit years (not with `-`,
/// 00–50 are 2000s). When both orders of day and month are valid, dots are always day first
/// (no one writes month.day.year) and `/` or `-` follow `order`. Years outside 1900–2100 are
/// refused.
#[must_use]
pub fn numeric(
    first: &str,
    second: &str,
    third: &str,
    sep: char,
    order: Order,
) -> Option<NaiveDate> {
    let (a, b, c): (u32, u32, u32) = (
        first.parse().ok()?,
        second.parse().ok()?,
        third.parse().ok()?,
    );
    let (la, lc) = (first.len(), third.len());
    let date = if la == 4 {
        NaiveDate::from_ymd_opt(i32::try_from(a).ok()?, b, c)?
    } else if la <= 2 && (lc == 4 || lc == 2 && sep != '-') {
        let year = i32::try_from(c).ok()?;
        let year = match lc {
            2 if year <= 50 => 2000 + year,
            2 => 1900 + year,
            _ => year,
        };
        let day_first = NaiveDate::from_ymd_opt(year, b, a);
        let month_first = NaiveDate::from_ymd_opt(year, a, b);
        match (day_first, month_first) {
            (Some(d), Some(m)) => {
                if sep == '.' || order == Order::DayFirst {
                    d
                } else {
                    m
                }
            }
            (d, m) => d.or(m)?,
        }
    } else {
        return None;
    };
    (1900..=2100)
        .contains(&chrono::Datelike::year(&date))
        .then_some(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn month_names() {
        let cases = [
            ("January", Some((1, MonthWord::Full))),
            ("SEPT", Some((9, MonthWord::Abbrev))),
            ("may", Some((5, MonthWord::Ambiguous))),
            ("Marching", None),
            ("Ja", None),
        ];
        for (word, want) in cases {
            assert_eq!(month(word), want, "{word}");
        }
    }

    #[test]
    fn other_languages_name_months_only_in_full_dates() {
        assert_eq!(month_in_any_language("janvier"), Some(1));
        assert_eq!(month_in_any_language("März"), Some(3));
        assert_eq!(month_in_any_language("Sept"), Some(9));
        assert_eq!(month_in_any_language("mardi"), None);
        assert_eq!(month("janvier"), None);
    }

    #[test]
    fn weekday_names() {
        assert_eq!(weekday("TUESDAY"), Some(Weekday::Tue));
        assert_eq!(weekday("Sun"), None);
        assert_eq!(weekday("Sundays"), None);
    }

    #[test]
    fn numeric_orders() {
        let cases = [
            (("2022", "04", "21", '-', Order::DayFirst), d(2022, 4, 21)),
            (("21", "04", "2022", '/', Order::MonthFirst), d(2022, 4, 21)),
            (("04", "21", "2022", '/', Order::DayFirst), d(2022, 4, 21)),
            (("04", "05", "2022", '/', Order::DayFirst), d(2022, 5, 4)),
            (("04", "05", "2022", '/', Order::MonthFirst), d(2022, 4, 5)),
            (("04", "05", "2022", '.', Order::MonthFirst), d(2022, 5, 4)),
            (("4", "5", "99", '/', Order::MonthFirst), d(1999, 4, 5)),
            (("4", "5", "99", '-', Order::MonthFirst), None),
            (("13", "13", "2022", '/', Order::MonthFirst), None),
            (("1", "2", "1850", '/', Order::MonthFirst), None),
        ];
        for ((a, b, c, sep, order), want) in cases {
            assert_eq!(numeric(a, b, c, sep, order), want, "{a}{sep}{b}{sep}{c}");
        }
    }
}
