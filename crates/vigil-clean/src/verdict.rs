//! Is this page an article? Paywalls, consent walls, bot blocks, error pages and index pages
//! are flagged with a short reason code instead of being passed on as article text.
//!
//! The phrase rules (`data/not-article.txt`) only fire when the extracted body is short, so an
//! article that carries a cookie banner or a "subscribe" box stays an article.

use crate::dom::{Dom, Tag, HREF};
use crate::extract::Extraction;
use crate::meta::Meta;
use crate::patterns::NOT_ARTICLE;
use crate::text::normalize_space;
use vigil_core::ArticleKind;

/// Below this many words, a page's main text is too thin to outweigh a wall's wording.
const SHORT: usize = 150;

fn word_count(s: &str) -> usize {
    s.split_whitespace().count()
}

/// The first matching phrase rule's reason among the given texts.
fn phrase_reason(texts: &[&str], allowed: &[&str]) -> Option<String> {
    NOT_ARTICLE
        .iter()
        .filter(|(reason, _)| allowed.contains(&reason.as_str()))
        .find(|(_, re)| texts.iter().any(|t| re.is_match(t)))
        .map(|(reason, _)| reason.clone())
}

/// The page's visible text (capped), for phrase rules.
fn page_text(dom: &Dom) -> String {
    let mut s = String::new();
    for n in &dom.nodes {
        if n.tag == Tag::Text {
            s.push_str(&n.text);
            s.push(' ');
            if s.len() > 40_000 {
                break;
            }
        }
    }
    normalize_space(&s)
}

/// Links whose text reads like a headline (several words): their number and total words.
fn headline_links(dom: &Dom) -> (usize, usize) {
    let mut count = 0;
    let mut words = 0;
    for (i, n) in dom.nodes.iter().enumerate() {
        if n.tag != Tag::A || n.flags & HREF == 0 {
            continue;
        }
        // Words of the link's text nodes (as if joined with spaces).
        let w: usize = dom
            .subtree(i as u32)
            .filter_map(|j| dom.node(j).filter(|t| t.tag == Tag::Text))
            .map(|t| word_count(&t.text))
            .sum();
        if (5..=25).contains(&w) {
            count += 1;
            words += w;
        }
    }
    (count, words)
}

pub(crate) fn judge_html(dom: &Dom, meta: &Meta, found: &Extraction, text: &str) -> ArticleKind {
    let words = word_count(text);
    let heading = [meta.title.as_deref(), meta.h1.as_deref()];
    let headings: Vec<&str> = heading.iter().flatten().copied().collect();
    if words < SHORT {
        if let Some(r) = phrase_reason(&headings, &["error_page"]) {
            return ArticleKind::NotArticle(r);
        }
        if let Some(r) = phrase_reason(&[text], &["bot_block", "paywall", "consent", "error_page"])
        {
            return ArticleKind::NotArticle(r);
        }
        // A wall's wording outside the main text: a paywall counts for a short text (a teaser
        // cut off); cookie banners and block notices sit on ordinary pages too, so they count
        // only when there is next to no text.
        let page = page_text(dom);
        if let Some(r) = phrase_reason(&[page.as_str()], &["paywall"]) {
            return ArticleKind::NotArticle(r);
        }
        if words < 50 {
            if let Some(r) =
                phrase_reason(&[page.as_str()], &["bot_block", "consent", "error_page"])
            {
                return ArticleKind::NotArticle(r);
            }
        }
    }
    let (links, link_words) = headline_links(dom);
    // A listing: many headline links, and more words in them than in the "body".
    let kept_density = if found.kept_chars == 0 {
        0.0
    } else {
        found.kept_link_chars as f32 / found.kept_chars as f32
    };
    if links >= 10 && !meta.says_article && (link_words > 2 * words || kept_density > 0.35) {
        return ArticleKind::NotArticle("index_page".into());
    }
    if words == 0 {
        return ArticleKind::NotArticle("no_text".into());
    }
    ArticleKind::Article
}

pub(crate) fn judge_text(text: &str) -> ArticleKind {
    let words = word_count(text);
    if words == 0 {
        return ArticleKind::NotArticle("no_text".into());
    }
    if words < SHORT {
        if let Some(r) = phrase_reason(&[text], &["bot_block", "consent", "paywall", "error_page"])
        {
            return ArticleKind::NotArticle(r);
        }
    }
    ArticleKind::Article
}
