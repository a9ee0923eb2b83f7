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

/// Links whose text reads like a headline (several words): many of them make a listing.
fn headline_links(dom: &Dom) -> usize {
    dom.nodes
        .iter()
        .enumerate()
        .filter(|(_, n)| n.tag == Tag::A && n.flags & HREF != 0)
        .filter(|(i, _)| {
            let mut text = String::new();
            for j in dom.subtree(*i as u32) {
                if let Some(t) = dom.node(j).filter(|t| t.tag == Tag::Text) {
                    text.push_str(&t.text);
                    text.push(' ');
                }
            }
            (5..=25).contains(&word_count(&text))
        })
        .count()
}

pub(crate) fn judge_html(dom: &Dom, meta: &Meta, found: &Extraction, text: &str) -> ArticleKind {
    let words = word_count(text);
    let heading = [meta.title.as_deref(), meta.h1.as_deref()];
    let headings: Vec<&str> = heading.iter().flatten().copied().collect();
    if words < SHORT {
        if let Some(r) = phrase_reason(&headings, &["error_page"]) {
            return ArticleKind::NotArticle(r);
        }
        let page = page_text(dom);
        let texts = [text, page.as_str()];
        if let Some(r) = phrase_reason(&texts, &["bot_block", "consent", "paywall", "error_page"]) {
            return ArticleKind::NotArticle(r);
        }
    }
    if !meta.says_article {
        let links = headline_links(dom);
        let long_paragraphs = found
            .paragraphs
            .iter()
            .filter(|p| word_count(p) >= 30)
            .count();
        if links >= 15 && (words < 250 || long_paragraphs < 3 || meta.says_listing && words < 600) {
            return ArticleKind::NotArticle("index_page".into());
        }
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
