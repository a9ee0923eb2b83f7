//! The table of time expressions in `data/times/table.tsv`: every case must pass.

#[test]
fn every_time_expression_in_the_table_resolves_as_written() {
    let failures = vigil_nlp::time_table_failures(vigil_nlp::TIME_TABLE);
    let (passed, total) = vigil_nlp::time_table_pass_rate(vigil_nlp::TIME_TABLE);
    assert!(
        total >= 100,
        "the table must hold at least 100 cases, has {total}"
    );
    assert!(
        failures.is_empty(),
        "{passed}/{total} passed:\n{}",
        failures.join("\n")
    );
}

#[test]
fn a_malformed_line_fails() {
    assert_eq!(
        vigil_nlp::time_table_pass_rate("only one field\n# comment\n"),
        (0, 1)
    );
}

/// The seed article's times, resolved against its publication date (2022-12-14).
#[test]
fn seed_article_times() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/voa-iskp-2022.txt"
    );
    let Ok(text) = std::fs::read_to_string(path) else {
        return; // ../shared lies beside the clone in CI; nothing to check without it.
    };
    let anchor = chrono::NaiveDate::from_ymd_opt(2022, 12, 14);
    let sentences = vigil_nlp::split_sentences(&text);
    let times = vigil_nlp::find_times(&text, &sentences, anchor);
    let value = |wanted: &str| -> Vec<String> {
        times
            .iter()
            .filter(|t| t.text == wanted)
            .map(|t| {
                let v = t
                    .value
                    .as_ref()
                    .map_or("-".into(), |v| format!("{}..{}", v.start, v.end));
                format!("{v} {:?}", t.precision)
            })
            .collect()
    };
    assert_eq!(value("this week"), vec!["2022-12-12..2022-12-18 Week"; 2]);
    assert_eq!(value("Monday"), vec!["2022-12-12..2022-12-12 Day"; 2]);
    assert_eq!(value("the past year"), vec!["2021-12-14..2022-12-14 Range"]);
    assert_eq!(value("last year"), vec!["2021-01-01..2021-12-31 Year"]);
    assert_eq!(value("June"), vec!["2022-06-01..2022-06-30 Month"]);
    assert_eq!(value("April 21, 2022"), vec!["2022-04-21..2022-04-21 Day"]);
    assert_eq!(value("January 2015"), vec!["2015-01-01..2015-01-31 Month"]);
    assert_eq!(value("late 2019"), vec!["2019-09-01..2019-12-31 Season"]);
    assert_eq!(value("August 2021"), vec!["2021-08-01..2021-08-31 Month"]);
    assert_eq!(
        value("Earlier this year"),
        vec!["2022-01-01..2022-12-14 Range"]
    );
    // Nothing else: not "(c) 2022", not "13 U.S. military personnel", not "for many years".
    assert_eq!(times.len(), 12, "{times:#?}");
    for t in &times {
        assert_eq!(&text[t.span.start..t.span.end], t.text);
        assert_eq!(t.anchor.is_some(), t.relative);
    }
}

#[test]
fn relative_times_without_a_publication_date_say_so() {
    let text = "On Monday, fighters attacked. In 2019, the group expanded.";
    let times = vigil_nlp::find_times(
        text,
        &vigil_nlp::split_sentences(text),
        vigil_nlp::Anchor::Unknown,
    );
    assert_eq!(times.len(), 2);
    assert_eq!(times[0].value, None);
    assert_eq!(times[0].unresolved.as_deref(), Some("no publication date"));
    assert!(times[1].value.is_some());
    assert_eq!(times[1].unresolved, None);
}

#[test]
fn a_publication_year_resolves_what_does_not_depend_on_the_day() {
    let text = "On Monday, gunmen stormed a hotel. An attack in June hit a temple. \
Earlier this year, fighters fired rockets. Last year the group grew. Last month it lost ground.";
    let anchor = vigil_nlp::Anchor::from_published("2022");
    let times = vigil_nlp::find_times(text, &vigil_nlp::split_sentences(text), anchor);
    let shown: Vec<String> = times
        .iter()
        .map(|t| match &t.value {
            Some(v) => format!("{} {}..{}", t.text, v.start, v.end),
            None => format!("{} ?", t.text),
        })
        .collect();
    assert_eq!(
        shown,
        [
            "Monday ?",
            "June ?",
            "Earlier this year 2022-01-01..2022-12-31",
            "Last year 2021-01-01..2021-12-31",
            "Last month ?",
        ],
        "{times:#?}"
    );
    assert_eq!(
        times[0].unresolved.as_deref(),
        Some("the publication date is not known to the day")
    );
}

#[test]
fn publication_dates_give_anchors_as_precise_as_they_are() {
    use chrono::NaiveDate;
    use vigil_nlp::Anchor;
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    assert_eq!(
        Anchor::from_published("2022-12-14T08:00:00Z"),
        Anchor::Day(day(2022, 12, 14))
    );
    assert_eq!(
        Anchor::from_published("2022-12"),
        Anchor::Period {
            first: day(2022, 12, 1),
            last: day(2022, 12, 31)
        }
    );
    assert_eq!(
        Anchor::from_published("2024"),
        Anchor::Period {
            first: day(2024, 1, 1),
            last: day(2024, 12, 31)
        }
    );
    assert_eq!(Anchor::from_published("2022-02-30"), Anchor::Unknown);
    assert_eq!(Anchor::from_published("soon"), Anchor::Unknown);
}

#[test]
fn no_sentences_means_one_sentence() {
    let text = "The town fell in August 2021.";
    assert_eq!(
        vigil_nlp::find_times(text, &[], vigil_nlp::Anchor::Unknown).len(),
        1
    );
}

/// A sample article written for this test (not a real report), published Friday 2023-03-10.
const SAMPLE: &str = "MOGADISHU, Somalia (AP) — Al-Shabaab fighters attacked a military base on Thursday night, \
the regional governor said Friday, in the deadliest raid since the government offensive began in August 2022.

The assault came two days after a roadside bomb killed four soldiers near Baidoa. \"We lost good men this week,\" \
Col. Ahmed Yusuf told reporters. \"We will respond in the coming days.\"

Attacks have risen in recent months. Between January and March 2022, the group carried out at least 40 raids, \
and it has controlled parts of the Juba valley since 2008.

Talks brokered by the U.N. are scheduled for next Tuesday. A first round failed late last year. The 2,000 troops \
sent in early 2023 will stay until mid-2024, officials said on 09/03/2023.";

#[test]
fn sample_article_times_snapshot() {
    let anchor = chrono::NaiveDate::from_ymd_opt(2023, 3, 10);
    let sentences = vigil_nlp::split_sentences(SAMPLE);
    let rows: Vec<String> = vigil_nlp::find_times(SAMPLE, &sentences, anchor)
        .iter()
        .map(|t| {
            let value = t
                .value
                .as_ref()
                .map_or("-".into(), |v| format!("{}..{}", v.start, v.end));
            let kind = if t.relative { "relative" } else { "absolute" };
            format!("{:<24} {value:<22} {:?} {kind}", t.text, t.precision)
        })
        .collect();
    insta::assert_snapshot!(rows.join("\n"));
}
