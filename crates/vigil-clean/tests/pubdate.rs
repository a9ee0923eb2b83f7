//! Publication dates in every shape a page states one, and their ranking. Pages are written for
//! these tests (invented reports).

mod common;

use vigil_clean::clean;
use vigil_core::{DateSource, MediaType};

const BODY: &str = "<p>Water rose over the river road on Sunday and the county closed it to all \
    traffic, officials said. Crews worked through the night to clear the drains near the old mill, \
    and the road is expected to open again later this week once the water has gone down.</p>\
    <p>Residents were asked to use the northern bridge in the meantime, which adds about twenty \
    minutes to the drive into town, and to keep away from the water.</p>";

/// What `clean` finds on a page made of `head` and `body` (with an article body after it).
fn published(head: &str, body: &str, url: Option<&str>) -> Option<(String, DateSource)> {
    let page = format!(
        "<html><head><title>Floods close the river road</title>{head}</head>\
         <body>{body}{BODY}</body></html>"
    );
    let doc = common::doc(page, MediaType::Html, url.map(str::to_owned));
    let article = clean(&doc, &common::options_at("2020-01-01T00:00:00Z"));
    article.published.map(|p| (p.value, p.source))
}

/// A page's head, the start of its body, its container URL, and the date expected.
type Case<'a> = (
    &'a str,
    String,
    Option<&'a str>,
    Option<(&'a str, DateSource)>,
);

#[test]
fn every_shape_of_a_publication_date() {
    use DateSource::*;
    let h1 = "<h1>Floods close the river road</h1>";
    let cases: Vec<Case> = vec![
        (
            r#"<meta property="article:published_time" content="2019-11-03T08:15:00+11:00">"#,
            h1.into(),
            None,
            Some(("2019-11-03T08:15:00+11:00", MetaTag)),
        ),
        (
            r#"<meta name="story_pubdate" content="11/03/2019 00:00">"#,
            h1.into(),
            None,
            Some(("2019-11-03", MetaTag)),
        ),
        (
            r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2019-11-03"}</script>"#,
            h1.into(),
            None,
            Some(("2019-11-03", JsonLd)),
        ),
        (
            "",
            format!(r#"{h1}<time datetime="2019-11-03">Sunday</time>"#),
            None,
            Some(("2019-11-03", TimeElement)),
        ),
        (
            "",
            format!(
                r#"{h1}<div class="story-date">Story Launched: 11/03/2019 04:12:09 PM PST</div>"#
            ),
            None,
            Some(("2019-11-03", Element)),
        ),
        (
            "",
            format!("{h1}<p>Wire Service - November 3, 2019 6:20 AM ET</p>"),
            None,
            Some(("2019-11-03", Byline)),
        ),
        (
            "",
            format!("{h1}<p>Sunday, November 3, 2019 |</p>"),
            None,
            Some(("2019-11-03", Byline)),
        ),
        (
            "",
            format!("{h1}<p><i>03 Nov 2019 12:25 GMT</i></p>"),
            None,
            Some(("2019-11-03", Byline)),
        ),
        (
            "",
            format!("{h1}<p>3 November 2019 (15:29)</p>"),
            None,
            Some(("2019-11-03", Byline)),
        ),
        (
            "",
            format!(
                r#"<div id="meteo">Weather: Riverton, November 5th 2019</div>{h1}
                <em>Article online since November 3rd 2019, 0:00</em>"#
            ),
            None,
            Some(("2019-11-03", Element)),
        ),
        (
            r#"<link rel="canonical" href="https://news.example/2019/11/03/floods-close-road">"#,
            h1.into(),
            None,
            Some(("2019-11-03", Url)),
        ),
        (
            "",
            h1.into(),
            Some("https://news.example/local/2019-11-03-floods.html"),
            Some(("2019-11-03", Url)),
        ),
        (
            "",
            format!(
                "{h1}<p>RIVERTON, Nov. 3, 2019 — The county closed the river road on Sunday after \
                 the water rose over it, and crews worked through the night near the mill.</p>"
            ),
            None,
            Some(("2019-11-03", Dateline)),
        ),
        (
            "",
            format!(
                r#"{h1}<figure><img src="a.jpg"><figcaption>Water covers the road near the mill
                on Nov. 2, 2019, the day before it was closed. (Photo: J. Doe)</figcaption></figure>"#
            ),
            None,
            Some(("2019-11-02", Caption)),
        ),
        ("", h1.into(), None, None),
    ];
    for (head, body, url, want) in cases {
        let want = want.map(|(v, s)| (v.to_owned(), s));
        assert_eq!(published(head, &body, url), want, "{head} {body}");
    }
}

#[test]
fn the_articles_own_date_beats_comments_related_links_and_updates() {
    let body = r#"<div class="masthead">Friday, 8 November 2019</div>
        <h1>Floods close the river road</h1>
        <p class="ds">Last updated: Tuesday, 5 November 2019, 10:04 GMT</p>
        <p class="byline">By A. Writer, 3 November 2019</p>
        <ul class="related-stories"><li><a href="/b">Bridge shut (November 6, 2019)</a></li></ul>
        <div class="comments"><p>reader — November 7, 2019 at 10:00</p></div>"#;
    assert_eq!(
        published("", body, None),
        Some(("2019-11-03".to_owned(), DateSource::Element))
    );
}

#[test]
fn dates_after_ingest_and_dates_in_prose_are_not_publication_dates() {
    let body = "<h1>Floods close the river road</h1>\
        <p class=\"date\">March 3, 2031</p>\
        <p>The mill, which was built after a March 3, 1901 meeting of the county board, stood.</p>";
    assert_eq!(published("", body, None), None);
}

#[test]
fn ambiguous_numeric_dates_follow_the_page() {
    // A page that writes 25/10/2019 writes day first.
    let body = "<h1>Floods close the river road</h1><p class=\"date\">03/11/2019</p>\
        <ul><li>Older story 25/10/2019</li></ul>";
    assert_eq!(
        published("", body, None),
        Some(("2019-11-03".to_owned(), DateSource::Element))
    );
    // Read month first, 08/01/2019 would be seven months after every other date on the page.
    let body = "<div id=\"today\">Tuesday 15 January 2019</div>\
        <h1>Floods close the river road</h1><p class=\"date\">08/01/2019</p>";
    assert_eq!(
        published("", body, None),
        Some(("2019-01-08".to_owned(), DateSource::Element))
    );
}
