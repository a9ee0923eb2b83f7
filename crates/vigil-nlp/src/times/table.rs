//! The table-driven check of time expressions, shared by the test suite and `vigil eval`.
//!
//! One case a line, tab-separated: `sentence  anchor  expected-text  start  end  precision`.
//! `anchor` is `YYYY-MM-DD` or `-` (no publication date). `expected-text` is the exact text of
//! one expression that must be found, or `-` when the sentence must yield no expression at all.
//! `start`/`end` are `YYYY-MM-DD`, or `-` when the expression must stay unresolved. Lines that
//! are empty or start with `#` are comments.

use chrono::NaiveDate;
use vigil_core::TimePrecision;

/// The built-in table of time expressions (`data/times/table.tsv`).
pub const TIME_TABLE: &str = include_str!("../../data/times/table.tsv");

/// Checks every case of `table`: (cases passed, cases in all). A malformed line is a failed case.
#[must_use]
pub fn time_table_pass_rate(table: &str) -> (usize, usize) {
    let failures = time_table_failures(table).len();
    let total = cases(table).count();
    (total - failures.min(total), total)
}

/// One line per failed case of `table`, saying what was expected and what was found.
#[must_use]
pub fn time_table_failures(table: &str) -> Vec<String> {
    cases(table)
        .filter_map(|(line_no, line)| {
            check(line)
                .err()
                .map(|why| format!("line {line_no}: {why}"))
        })
        .collect()
}

fn cases(table: &str) -> impl Iterator<Item = (usize, &str)> {
    table
        .lines()
        .enumerate()
        .map(|(k, line)| (k + 1, line))
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
}

fn date(field: &str) -> Result<Option<NaiveDate>, String> {
    if field == "-" {
        return Ok(None);
    }
    NaiveDate::parse_from_str(field, "%Y-%m-%d")
        .map(Some)
        .map_err(|e| format!("bad date {field:?}: {e}"))
}

/// The name of a precision as it is written in JSON and in the table.
fn precision_name(p: TimePrecision) -> &'static str {
    match p {
        TimePrecision::Day => "day",
        TimePrecision::Week => "week",
        TimePrecision::Month => "month",
        TimePrecision::Season => "season",
        TimePrecision::Year => "year",
        TimePrecision::Range => "range",
    }
}

fn check(line: &str) -> Result<(), String> {
    let fields: Vec<&str> = line.split('\t').collect();
    let [sentence, anchor, expected, start, end, precision] = fields[..] else {
        return Err(format!(
            "expected 6 tab-separated fields, got {}: {line:?}",
            fields.len()
        ));
    };
    let anchor = date(anchor)?;
    let sentences = crate::split_sentences(sentence);
    let found = crate::find_times(sentence, &sentences, anchor);
    let describe = || {
        found
            .iter()
            .map(|t| {
                let value = t
                    .value
                    .as_ref()
                    .map_or("-".to_string(), |v| format!("{}..{}", v.start, v.end));
                format!("{:?} {value} {:?}", t.text, t.precision)
            })
            .collect::<Vec<_>>()
            .join("; ")
    };
    if expected == "-" {
        return if found.is_empty() {
            Ok(())
        } else {
            Err(format!(
                "{sentence:?}: expected nothing, found {}",
                describe()
            ))
        };
    }
    let (start, end) = (date(start)?, date(end)?);
    let hit = found
        .iter()
        .find(|t| t.text == expected)
        .ok_or_else(|| format!("{sentence:?}: {expected:?} not found; found {}", describe()))?;
    let got = (
        hit.value.as_ref().map(|v| v.start),
        hit.value.as_ref().map(|v| v.end),
    );
    let got_precision = precision_name(hit.precision);
    if got != (start, end) || got_precision != precision {
        return Err(format!(
            "{sentence:?}: {expected:?} expected {}..{} {precision}, found {}",
            start.map_or("-".into(), |d| d.to_string()),
            end.map_or("-".into(), |d| d.to_string()),
            describe()
        ));
    }
    Ok(())
}
