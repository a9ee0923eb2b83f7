//! Dates a page shows its readers: in elements whose class or id says date, time, posted,
//! published, byline or timestamp; in the short texts around the headline ("Associated Press -
//! January 2, 2008 7:33 AM ET"); in other short texts of the page; in photo captions.
//!
//! Each date is sorted into a tier by where it stands, and within a tier scored by its label
//! ("Published", "Posted" beat "Updated"), its closeness to the headline and whether a time of
//! day follows it. Dates in comments, related links, sidebars and footers, and dates labelled
//! as updates, go into tiers below every date of the article's own.

use crate::dom::{Dom, Tag, HIDDEN, HREF, NO_PARENT};
use once_cell::sync::Lazy;
use vigil_core::DateSource;
use vigil_dates::{Found, Order, Written};

/// How far up from a text node a date-like class or id still labels it.
const LABEL_LEVELS: usize = 4;
/// A text longer than this is prose (datelines are read from the article's paragraphs).
const MAX_TEXT_CHARS: usize = 250;
/// Days after the page's latest unambiguous date beyond which an ambiguous reading is doubted.
const SWAP_AFTER_DAYS: u64 = 31;
/// How far back (in nodes) the text before a date may hold its label.
const LEAD_NODES: u32 = 4;
/// How many words the text before a date may have to be its label.
const LEAD_WORDS: usize = 3;
/// Nodes between a date and the headline for the date to count as the headline's.
const NEAR_HEADLINE: u32 = 60;

/// One date shown on the page, with where it stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Shown {
    pub found: Found,
    pub source: DateSource,
    pub tier: Tier,
    score: i32,
    /// Nodes to the headline (those above it count double); `u32::MAX` without one.
    distance: u32,
    node: u32,
    /// The other reading of a numeric date whose day and month could be swapped.
    swapped: Option<chrono::NaiveDate>,
    /// A word before it says it is the publication's ("Published", "Posted").
    said_published: bool,
}

/// Where a shown date stands, best first; a date of a later tier never beats one of an
/// earlier tier, whatever its score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) enum Tier {
    /// A labelled date element, or a short text by the headline or byline.
    Article,
    /// A line that says when the page was updated.
    Updated,
    /// Any other short text of the page.
    Page,
    /// Site chrome that shows a date (a header's "today").
    Chrome,
    /// A photo caption.
    Caption,
    /// Comments, related links, sidebars, footers: never the article's own.
    Elsewhere,
}

/// The dates a page's body shows.
#[derive(Debug)]
pub(crate) struct PageDates {
    pub shown: Vec<Shown>,
    /// The latest year of a copyright notice.
    pub copyright_year: Option<i32>,
    /// How the page writes numeric dates.
    pub order: Order,
}

/// Every date shown in the body of `dom`, tiered and scored; `title` helps find the headline.
/// Numeric dates whose day and month could be swapped are read the way the page's unambiguous
/// numeric dates are written, else in `usual` (see [`usual_order`]).
pub(crate) fn dates(dom: &Dom, title: Option<&str>, usual: Order) -> PageDates {
    let headline = headline(dom, title);
    let texts: Vec<(u32, &str)> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == Tag::Text && n.chars > 0 && n.chars as usize <= MAX_TEXT_CHARS)
        .map(|(i, n)| (i as u32, &*n.text))
        .collect();
    let order = page_order(texts.iter().map(|(_, t)| *t)).unwrap_or(usual);
    let mut page = PageDates {
        shown: Vec::new(),
        copyright_year: None,
        order,
    };
    for (i, text) in texts {
        // A label may sit in the text just before ("Last Updated: <b>…</b> 14/01/2008").
        let lead = (1..=LEAD_NODES)
            .filter_map(|k| dom.node(i.checked_sub(k)?))
            .find(|n| n.tag == Tag::Text && n.chars > 0)
            .map_or("", |n| &*n.text);
        if let Some(y) = crate::text::copyright_year(text) {
            page.copyright_year = page.copyright_year.max(Some(y));
        }
        let found = vigil_dates::scan(text, order);
        if found.is_empty() {
            if let Some(month) = vigil_dates::month_alone(text) {
                page.shown.extend(labelled_month(dom, i, month));
            }
            continue;
        }
        let place = Place::of(dom, i);
        if place.hidden {
            continue;
        }
        for w in found {
            if let Some(shown) = rank(lead, text, &w, &place, i, headline) {
                page.shown.push(shown);
            }
        }
    }
    settle_swaps(&mut page.shown);
    if let Some(h) = headline {
        demote_listings(dom, h, &mut page.shown);
    }
    page
}

/// How many dated texts make a table or list after the article a listing.
const LISTING_DATES: usize = 3;
/// How far up from a date a listing's table or list may be.
const LISTING_LEVELS: usize = 6;
/// A date this near the headline is the article's own even inside a table of dates.
const BY_HEADLINE: u32 = 15;

/// Reader comments, archives and related links that are not marked as such: a table or list
/// that starts after the headline, does not hold it, and holds several dated texts ("talkback"
/// tables of many short dated entries). Their dates go into the lowest tier, except one that
/// says it is the publication's ("Published 01/13/2008" in an article panel of dated parts).
fn demote_listings(dom: &Dom, headline: u32, shown: &mut [Shown]) {
    let mut dated: Vec<u32> = shown.iter().map(|s| s.node).collect();
    dated.dedup();
    let is_listing = |a: u32| {
        let Some(n) = dom.node(a) else { return false };
        if !matches!(n.tag, Tag::Table | Tag::Ul | Tag::Ol | Tag::Dl) || a <= headline {
            return false;
        }
        let r = dom.subtree(a);
        dated.iter().filter(|k| r.contains(k)).count() >= LISTING_DATES
    };
    for s in shown.iter_mut() {
        if s.tier == Tier::Elsewhere || s.said_published || s.node <= headline + BY_HEADLINE {
            continue;
        }
        if dom.ancestors(s.node).take(LISTING_LEVELS).any(is_listing) {
            s.tier = Tier::Elsewhere;
            s.source = DateSource::Text;
        }
    }
}

/// A year and month alone ("2007/12") in an element whose class or id says date: the page
/// states only the month of its publication.
fn labelled_month(dom: &Dom, node: u32, month: chrono::NaiveDate) -> Option<Shown> {
    let place = Place::of(dom, node);
    (place.labelled && !place.hidden && !place.elsewhere && !place.updated).then_some(Shown {
        found: Found::Month(month),
        source: DateSource::Element,
        tier: Tier::Article,
        score: 0,
        distance: u32::MAX,
        node,
        swapped: None,
        said_published: false,
    })
}

/// A numeric date read more than a month later than every unambiguous date the page shows
/// ("08/01/2008" as 1 August on a page whose other dates are all in January) takes its other
/// reading, when that one is not later.
fn settle_swaps(shown: &mut [Shown]) {
    let latest = shown
        .iter()
        .filter(|s| s.swapped.is_none())
        .filter_map(|s| match s.found {
            Found::Day(d) => Some(d),
            _ => None,
        })
        .max();
    let Some(latest) = latest else { return };
    for s in shown.iter_mut() {
        if let (Found::Day(d), Some(other)) = (s.found, s.swapped) {
            if d > latest + chrono::Days::new(SWAP_AFTER_DAYS) && other <= latest {
                s.found = Found::Day(other);
                s.swapped = Some(d);
            }
        }
    }
}

/// How a page of this language and country writes numeric dates when nothing on it tells:
/// day first for a page in another language than English, or from a day-first country (its
/// URL's top-level domain, or the region of its `<html lang>`); else month first.
pub(crate) fn usual_order(
    lang: Option<&str>,
    region: Option<&str>,
    urls: &[Option<&str>],
) -> Order {
    let tld = |url: &str| {
        let rest = url.split_once("://").map_or(url, |(_, r)| r);
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
        let host = host.split(':').next().unwrap_or("");
        host.rsplit('.').next().unwrap_or("").to_ascii_lowercase()
    };
    let other_language = lang.is_some_and(|l| l != "en");
    let country = region
        .into_iter()
        .map(str::to_owned)
        .chain(urls.iter().flatten().map(|u| tld(u)))
        .any(|c| has(&WORDS.day_first, &c));
    if other_language || country {
        Order::DayFirst
    } else {
        Order::MonthFirst
    }
}

/// Day first when the page writes some numeric date that can only be day first ("21/01/2008")
/// and none that can only be month first ("01/21/2008"); month first in the opposite case;
/// `None` when nothing tells.
pub(crate) fn page_order<'a>(texts: impl Iterator<Item = &'a str>) -> Option<Order> {
    let (mut day_first, mut month_first) = (false, false);
    for text in texts {
        for (a, b) in vigil_dates::numeric_pairs(text) {
            day_first |= a > 12 && b <= 12;
            month_first |= b > 12 && a <= 12;
        }
    }
    match (day_first, month_first) {
        (true, false) => Some(Order::DayFirst),
        (false, true) => Some(Order::MonthFirst),
        _ => None,
    }
}

/// Dates in photo captions: the weakest evidence of the page's own.
pub(crate) fn in_captions(captions: &[String], order: Order) -> Vec<Shown> {
    captions
        .iter()
        .flat_map(|c| vigil_dates::scan(c, order))
        .map(|w| Shown {
            found: Found::Day(w.day),
            source: DateSource::Caption,
            tier: Tier::Caption,
            score: 0,
            distance: u32::MAX,
            node: 0,
            swapped: w.swapped,
            said_published: false,
        })
        .collect()
}

/// The best date of the best tier up to `worst`, among those `keep` accepts.
pub(crate) fn best(shown: &[Shown], worst: Tier, keep: impl Fn(Found) -> bool) -> Option<&Shown> {
    shown
        .iter()
        .filter(|s| s.tier <= worst && keep(s.found))
        // Lower tier, then higher score, then nearer the headline, then earlier in the page.
        .min_by_key(|s| (s.tier, -s.score, s.distance, s.node))
}

/// What the ancestors of a text node say about it.
#[derive(Debug, Default)]
struct Place {
    /// A near ancestor's class or id says date, time, posted, published, byline …
    labelled: bool,
    /// … or says updated / modified.
    updated: bool,
    /// Inside comments, related links, a sidebar, footer or navigation.
    elsewhere: bool,
    /// Inside the site's header or a date bar (today's date on every page).
    chrome: bool,
    /// Inside a link: an archive, calendar or related story, unless labelled.
    in_link: bool,
    /// Inside a figure or photo caption.
    caption: bool,
    hidden: bool,
}

impl Place {
    fn of(dom: &Dom, i: u32) -> Place {
        let mut place = Place::default();
        for (level, a) in dom.ancestors(i).enumerate() {
            let Some(node) = dom.node(a) else { break };
            if node.flags & HIDDEN != 0 {
                place.hidden = true;
            }
            match node.tag {
                Tag::Nav | Tag::Aside | Tag::Footer => place.elsewhere = true,
                Tag::Header => place.chrome = true,
                Tag::A if node.flags & HREF != 0 => place.in_link = true,
                Tag::Figure | Tag::Figcaption => place.caption = true,
                _ => {}
            }
            let attrs: &str = &node.attrs;
            if attrs.is_empty() {
                continue;
            }
            if holds(attrs, &WORDS.elsewhere) {
                place.elsewhere = true;
            }
            if level < LABEL_LEVELS {
                if holds(attrs, &WORDS.label) {
                    place.labelled = true;
                }
                if holds(attrs, &WORDS.update) {
                    place.updated = true;
                }
            }
            if attrs.contains("caption") {
                place.caption = true;
            }
            if holds(attrs, &WORDS.chrome) {
                place.chrome = true;
            }
        }
        place
    }
}

/// The words of `data/date-words.txt`, by kind.
#[derive(Debug, Default)]
struct DateWords {
    label: Vec<String>,
    update: Vec<String>,
    elsewhere: Vec<String>,
    chrome: Vec<String>,
    published: Vec<String>,
    updated: Vec<String>,
    bound: Vec<String>,
    day_first: Vec<String>,
}

impl DateWords {
    fn parse(text: &str) -> DateWords {
        let mut words = DateWords::default();
        for line in crate::patterns::data_lines(text) {
            let Some((kind, word)) = line.split_once(char::is_whitespace) else {
                continue;
            };
            let list = match kind {
                "label" => &mut words.label,
                "update" => &mut words.update,
                "elsewhere" => &mut words.elsewhere,
                "chrome" => &mut words.chrome,
                "published" => &mut words.published,
                "updated-word" => &mut words.updated,
                "bound" => &mut words.bound,
                "day-first" => &mut words.day_first,
                _ => continue,
            };
            list.push(word.trim().to_owned());
        }
        words
    }
}

static WORDS: Lazy<DateWords> =
    Lazy::new(|| DateWords::parse(include_str!("../data/date-words.txt")));

/// Compiles the date words ahead of the first page (see [`crate::PREPARE`]).
pub(crate) fn prepare() {
    Lazy::force(&WORDS);
}

/// Whether `attrs` holds one of `words` (class and id words are matched inside longer names).
fn holds(attrs: &str, words: &[String]) -> bool {
    words.iter().any(|w| attrs.contains(w.as_str()))
}

/// Whether `words` has `word`.
fn has(words: &[String], word: &str) -> bool {
    words.iter().any(|w| w == word)
}

/// A date in running prose ("after a June 23, 1993 meeting") is about an event, not the page.
const PROSE_WORDS: usize = 12;

fn rank(
    lead: &str,
    text: &str,
    w: &Written,
    place: &Place,
    node: u32,
    headline: Option<u32>,
) -> Option<Shown> {
    let own = text.get(..w.start).unwrap_or("");
    // The text before counts as a label only when it is as short as one ("Last Updated:").
    let lead = if lead.split_whitespace().count() <= LEAD_WORDS {
        lead
    } else {
        ""
    };
    let before = format!("{lead} {own}").to_ascii_lowercase();
    let last_words: Vec<&str> = before
        .split(|c: char| !c.is_alphabetic())
        .filter(|s| !s.is_empty())
        .rev()
        .take(3)
        .collect();
    // "Article online since January 10th 2008" states the publication.
    let online_since = before.trim_end().ends_with("online since");
    let said_published = online_since || last_words.iter().any(|x| has(&WORDS.published, x));
    if last_words.first().is_some_and(|x| has(&WORDS.bound, x)) && !online_since {
        return None;
    }
    let said_updated =
        last_words.iter().any(|x| has(&WORDS.updated, x)) || before.contains("last updated");
    let distance = headline.map(|h| {
        if node >= h {
            node - h
        } else {
            // Dates above the headline are fewer and more often chrome: count them double.
            (h - node).saturating_mul(2)
        }
    });
    let near = distance.is_some_and(|d| d <= NEAR_HEADLINE);
    let mut score = 0;
    if said_published {
        score += 4;
    }
    if place.labelled {
        score += 3;
    }
    if w.with_time {
        score += 1;
    }
    if let Some(d) = distance {
        score += match d {
            0..=15 => 3,
            16..=NEAR_HEADLINE => 2,
            _ => 0,
        };
    }
    let updated = said_updated || place.updated && !said_published;
    let others =
        own.split_whitespace().count() + text.get(w.end..).unwrap_or("").split_whitespace().count();
    if others > PROSE_WORDS && !said_published {
        return None;
    }
    if updated {
        score -= 3;
    }
    let (tier, source) = if place.elsewhere || place.in_link && !place.labelled && !said_published {
        (Tier::Elsewhere, DateSource::Text)
    } else if place.caption && !said_published {
        (Tier::Caption, DateSource::Caption)
    } else if updated {
        (Tier::Updated, DateSource::Element)
    } else if place.chrome && !near {
        (Tier::Chrome, DateSource::Element)
    } else if place.labelled || said_published {
        (Tier::Article, DateSource::Element)
    } else if near {
        (Tier::Article, DateSource::Byline)
    } else {
        (Tier::Page, DateSource::Text)
    };
    Some(Shown {
        found: Found::Day(w.day),
        source,
        tier,
        score,
        distance: distance.unwrap_or(u32::MAX),
        node,
        swapped: w.swapped,
        said_published,
    })
}

/// The headline's node: the first `<h1>` whose text is in the page's title (or holds it), else
/// the first short text that is the title or holds it, else the first `<h1>` with text.
fn headline(dom: &Dom, title: Option<&str>) -> Option<u32> {
    let title = title
        .map(str::trim)
        .filter(|t| t.split_whitespace().count() >= 2);
    let text_of = |i: u32| -> String {
        dom.subtree(i)
            .filter_map(|k| dom.node(k))
            .filter(|n| n.tag == Tag::Text)
            .map(|n| n.text.trim())
            .collect::<Vec<_>>()
            .join(" ")
    };
    let h1s: Vec<(u32, String)> = dom
        .nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == Tag::H1)
        .map(|(i, _)| (i as u32, text_of(i as u32)))
        .filter(|(_, t)| !t.is_empty())
        .collect();
    if let Some(title) = title {
        let matches =
            |t: &str| t.split_whitespace().count() >= 2 && (title.contains(t) || t.contains(title));
        if let Some((i, _)) = h1s.iter().find(|(_, t)| matches(t)) {
            return Some(*i);
        }
        let text = dom.nodes.iter().position(|n| {
            n.tag == Tag::Text
                && n.parent != NO_PARENT
                && n.chars as usize <= 2 * title.len()
                // Lengths first: this runs on every short text of the page.
                && n.text.len() * 3 >= title.len()
                && matches(n.text.trim())
        });
        if let Some(i) = text {
            return Some(i as u32);
        }
    }
    h1s.first().map(|(i, _)| *i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_date_word_loads() {
        let w = &*WORDS;
        for list in [
            &w.label,
            &w.update,
            &w.elsewhere,
            &w.chrome,
            &w.published,
            &w.updated,
            &w.bound,
            &w.day_first,
        ] {
            assert!(!list.is_empty());
        }
        assert!(has(&w.bound, "since"));
    }

    fn page(body: &str) -> Dom {
        Dom::from_tree(crate::dom::parse(&format!(
            "<html><body>{body}</body></html>"
        )))
    }

    fn chosen(body: &str) -> Option<(String, DateSource)> {
        let dom = page(body);
        let shown = dates(&dom, Some("Floods close the river road"), Order::MonthFirst).shown;
        best(&shown, Tier::Elsewhere, |_| true).map(|s| match s.found {
            Found::Day(d) => (d.format("%Y-%m-%d").to_string(), s.source),
            other => (format!("{other:?}"), s.source),
        })
    }

    #[test]
    fn the_articles_own_date_wins() {
        let cases: &[(&str, Option<(&str, DateSource)>)] = &[
            (
                r#"<div class="header-clock">Friday, 8 November 2019</div>
                   <h1>Floods close the river road</h1>
                   <div class="story-meta">Story Launched: 11/03/2019 04:12:09 PM PST</div>
                   <p>Water rose over the road on Sunday.</p>"#,
                Some(("2019-11-03", DateSource::Element)),
            ),
            (
                r#"<h1>Floods close the river road</h1>
                   <p>Wire Service - November 3, 2019 6:20 AM ET</p>
                   <p>Water rose over the road on Sunday.</p>"#,
                Some(("2019-11-03", DateSource::Byline)),
            ),
            (
                r#"<h1>Floods close the river road</h1>
                   <p class="ds">Last updated: Tuesday, 5 November 2019, 10:04 GMT</p>
                   <p class="byline">By A. Writer, 3 November 2019</p>"#,
                Some(("2019-11-03", DateSource::Element)),
            ),
            (
                r#"<h1>Floods close the river road</h1><p>Water rose over the road.</p>
                   <div class="comments"><p>reader, posted November 9, 2019 at 10:00</p></div>
                   <ul class="related-links"><li>Bridge shut (November 1, 2019)</li></ul>
                   <div class="entry-date">Sunday, November 3, 2019 |</div>"#,
                Some(("2019-11-03", DateSource::Element)),
            ),
            (
                r#"<table><tr><td>Floods close the river road</td></tr>
                   <tr><td>03 Nov 2019 12:25 GMT</td></tr></table>"#,
                Some(("2019-11-03", DateSource::Byline)),
            ),
            (
                r#"<h1>Floods close the river road</h1><p>Water rose over the road.</p>
                   <div id="comments"><p>November 9, 2019</p></div>"#,
                Some(("2019-11-09", DateSource::Text)),
            ),
            (
                r#"<h1>Floods close the river road</h1><p>No date here.</p>"#,
                None,
            ),
        ];
        for (body, want) in cases {
            let want = want.map(|(d, s)| (d.to_owned(), s));
            assert_eq!(chosen(body), want, "{body}");
        }
    }

    #[test]
    fn a_comment_date_ranks_below_the_articles() {
        let dom = page(
            r#"<h1>Floods close the river road</h1>
               <div class="comment"><span class="date">November 9, 2019</span></div>
               <p>Plain text line, 3 November 2019</p>"#,
        );
        let shown = dates(&dom, None, Order::MonthFirst).shown;
        let tiers: Vec<Tier> = shown.iter().map(|s| s.tier).collect();
        assert_eq!(tiers, [Tier::Elsewhere, Tier::Article]);
    }

    #[test]
    fn a_table_of_dated_entries_after_the_article_is_not_its_date() {
        let filler: String = (0..20)
            .map(|k| format!("<p>Paragraph {k} of the story.</p>"))
            .collect();
        let talkback: String = (0..4)
            .map(|k| {
                format!(
                    "<tr><td>Reader {k}</td><td>(11/0{}/2019 10:1{k})</td></tr>",
                    k + 4
                )
            })
            .collect();
        let body = format!(
            "<h1>Floods close the river road</h1>{filler}<table>{talkback}</table>\
             <p>Water rose over the road, Sunday, November 3, 2019</p>"
        );
        assert_eq!(
            chosen(&body),
            Some(("2019-11-03".to_owned(), DateSource::Text))
        );
        // The same dates by the headline are the article's.
        let body = format!("<h1>Floods close the river road</h1><table>{talkback}</table>");
        assert_eq!(
            chosen(&body),
            Some(("2019-11-04".to_owned(), DateSource::Byline))
        );
    }

    #[test]
    fn the_usual_order_follows_language_and_country() {
        let au = [Some("https://news.example.com.au/story/1"), None];
        assert_eq!(usual_order(None, None, &au), Order::DayFirst);
        assert_eq!(usual_order(Some("en"), Some("gb"), &[]), Order::DayFirst);
        assert_eq!(usual_order(Some("fr"), None, &[]), Order::DayFirst);
        let us = [Some("http://user@example.com:8080/a.b/c"), None];
        assert_eq!(usual_order(Some("en"), Some("us"), &us), Order::MonthFirst);
        assert_eq!(usual_order(None, None, &[]), Order::MonthFirst);
        let dom = page("<h1>Floods close the river road</h1><p>Posted 04/11/2019</p>");
        let day = |order| dates(&dom, None, order).shown.first().map(|s| s.found);
        let d = |m, d| {
            Some(Found::Day(
                chrono::NaiveDate::from_ymd_opt(2019, m, d).unwrap_or_default(),
            ))
        };
        assert_eq!(day(Order::DayFirst), d(11, 4));
        assert_eq!(day(Order::MonthFirst), d(4, 11));
    }

    #[test]
    fn a_month_alone_counts_only_in_a_date_element() {
        let month = |body: &str| {
            let dom = page(body);
            dates(&dom, None, Order::MonthFirst)
                .shown
                .first()
                .map(|s| (s.found, s.tier))
        };
        let nov = chrono::NaiveDate::from_ymd_opt(2019, 11, 1).unwrap_or_default();
        assert_eq!(
            month(r#"<h1>Floods</h1><span id="publishDate">2019/11</span>"#),
            Some((Found::Month(nov), Tier::Article))
        );
        assert_eq!(month("<h1>Floods</h1><td>2019/11</td>"), None);
    }
}
