//! Page metadata: title, publication date, byline, language hint, JSON-LD, article signals.

use crate::text::normalize_space;
use crate::tree::{attr, Data, Tree, NONE};
use html5ever::{local_name, ns};
use serde_json::Value;
use vigil_core::DateSource;
use vigil_dates::{self as dates, Found};

/// Everything read from the page's head and markup besides the main text.
#[derive(Debug, Default, Clone)]
pub(crate) struct Meta {
    pub title: Option<String>,
    /// The `<title>` text as written (it may carry a date: "site | 01/12/2008 | headline").
    pub doc_title: Option<String>,
    /// The page's own URL: `<link rel="canonical">`, else `og:url`.
    pub own_url: Option<String>,
    pub h1: Option<String>,
    pub site_name: Option<String>,
    pub byline: Option<String>,
    /// `<html lang>`, lower-cased primary subtag.
    pub lang: Option<String>,
    /// `<html lang>`'s region subtag, lower-cased ("en-GB" → "gb").
    pub lang_region: Option<String>,
    /// Publication date candidates in order of trust, each with its source.
    pub dates: Vec<(Found, DateSource)>,
    /// `articleBody` from JSON-LD, a fallback when the markup hides the text.
    pub ld_body: Option<String>,
    /// The page declares itself an article (og:type article, JSON-LD *Article, article:published_time).
    pub says_article: bool,
    /// The page declares itself a listing (og:type website, JSON-LD CollectionPage …).
    pub says_listing: bool,
}

/// The elements metadata is read from, found in one pass over the page. Each list is in the
/// order the parser created the elements, and holds only elements that are in the tree, which is
/// what the CSS selectors named in the comments matched with `scraper` (whose `select` this
/// replaces).
#[derive(Default)]
struct Marked {
    /// `meta[content]`
    metas: Vec<u32>,
    /// `title` (the first)
    title: Option<u32>,
    /// `link[rel="canonical"][href]` (the first)
    canonical: Option<u32>,
    /// `h1`
    h1: Vec<u32>,
    /// `html[lang]` (the first)
    html_lang: Option<u32>,
    /// `script[type="application/ld+json"]`
    ld_json: Vec<u32>,
    /// `time[datetime]`
    times: Vec<u32>,
    /// Byline candidates, best rule first: `[rel="author"]`,
    /// `[itemprop="author"] [itemprop="name"]`, `[itemprop="author"]`, `.byline`,
    /// `.author-name`, `.author`.
    bylines: [Vec<u32>; 6],
}

impl Marked {
    fn of(tree: &Tree) -> Marked {
        let mut m = Marked::default();
        for (i, node) in tree.nodes.iter().enumerate() {
            let Data::Element { name, attrs } = &node.data else {
                continue;
            };
            if node.parent == NONE {
                continue;
            }
            let i = i as u32;
            // Attribute values that HTML compares without case, in HTML elements.
            let html = name.ns == ns!(html);
            let eq = |v: &str, want: &str| {
                if html {
                    v.eq_ignore_ascii_case(want)
                } else {
                    v == want
                }
            };
            if name.local == local_name!("meta") {
                if attr(attrs, "content").is_some() {
                    m.metas.push(i);
                }
            } else if name.local == local_name!("title") {
                m.title.get_or_insert(i);
            } else if name.local == local_name!("link") {
                if m.canonical.is_none()
                    && attr(attrs, "rel").is_some_and(|r| eq(r, "canonical"))
                    && attr(attrs, "href").is_some()
                {
                    m.canonical = Some(i);
                }
            } else if name.local == local_name!("h1") {
                m.h1.push(i);
            } else if name.local == local_name!("html") {
                if m.html_lang.is_none() && attr(attrs, "lang").is_some() {
                    m.html_lang = Some(i);
                }
            } else if name.local == local_name!("script") {
                if attr(attrs, "type").is_some_and(|t| eq(t, "application/ld+json")) {
                    m.ld_json.push(i);
                }
            } else if name.local == local_name!("time") && attr(attrs, "datetime").is_some() {
                m.times.push(i);
            }
            let mut rules = [false; 6];
            for a in attrs.iter().filter(|a| a.name.ns == ns!()) {
                let value = &*a.value;
                match &*a.name.local {
                    "rel" => rules[0] = eq(value, "author"),
                    "itemprop" => {
                        rules[1] = value == "name" && has_author_ancestor(tree, i);
                        rules[2] = value == "author";
                    }
                    "class" => {
                        for class in value.split_ascii_whitespace() {
                            match class {
                                "byline" => rules[3] = true,
                                "author-name" => rules[4] = true,
                                "author" => rules[5] = true,
                                _ => {}
                            }
                        }
                    }
                    _ => {}
                }
            }
            for (list, hit) in m.bylines.iter_mut().zip(rules) {
                if hit {
                    list.push(i);
                }
            }
        }
        m
    }
}

/// Whether an ancestor element (up to the first node that is not an element) has
/// `itemprop="author"`.
fn has_author_ancestor(tree: &Tree, i: u32) -> bool {
    let mut cur = tree.get(i).map_or(NONE, |n| n.parent);
    while let Some(node) = tree.get(cur) {
        let Data::Element { attrs, .. } = &node.data else {
            return false;
        };
        if attr(attrs, "itemprop") == Some("author") {
            return true;
        }
        cur = node.parent;
    }
    false
}

fn meta_content(tree: &Tree, metas: &[u32]) -> Vec<(String, String)> {
    metas
        .iter()
        .filter_map(|&m| {
            let key = tree
                .attr(m, "property")
                .or_else(|| tree.attr(m, "name"))
                .or_else(|| tree.attr(m, "itemprop"))
                .or_else(|| tree.attr(m, "http-equiv"))?;
            Some((
                key.to_ascii_lowercase(),
                tree.attr(m, "content")?.trim().to_owned(),
            ))
        })
        .collect()
}

const DATE_KEYS: &[&str] = &[
    "article:published_time",
    "og:published_time",
    "og:article:published_time",
    "datepublished",
    "article.published",
    "published_time",
    "published-date",
    "publish-date",
    "publishdate",
    "pubdate",
    "publication_date",
    "parsely-pub-date",
    "sailthru.date",
    "dc.date.issued",
    "dc.date",
    "dcterms.created",
    "dcterms.date",
    "dcterms.issued",
    "citation_publication_date",
    "date",
    "cxenseparse:recs:publishtime",
    "article:post_date",
    "displaydate",
    "original-publish-date",
];

/// Reads the metadata of a parsed page.
pub(crate) fn read(tree: &Tree) -> Meta {
    let mut meta = Meta::default();
    let marked = Marked::of(tree);
    let metas = meta_content(tree, &marked.metas);
    let get = |key: &str| {
        metas
            .iter()
            .find(|(k, v)| k == key && !v.is_empty())
            .map(|(_, v)| v.as_str())
    };
    meta.site_name = get("og:site_name").map(normalize_space);
    let og_title = get("og:title")
        .or_else(|| get("twitter:title"))
        .map(normalize_space);
    let doc_title = marked
        .title
        .map(|t| normalize_space(&tree.texts(t).collect::<String>()));
    meta.h1 = marked
        .h1
        .iter()
        .map(|&h| normalize_space(&text_of(tree, h)))
        .find(|t| !t.is_empty());
    let lang_tag = marked.html_lang.and_then(|h| tree.attr(h, "lang"));
    meta.lang_region = lang_tag
        .and_then(|l| l.split(['-', '_']).nth(1))
        .map(|r| r.trim().to_ascii_lowercase())
        .filter(|r| r.len() == 2);
    meta.lang = lang_tag
        .and_then(|l| l.split(['-', '_']).next())
        .map(|l| l.trim().to_ascii_lowercase())
        .filter(|l| l.len() == 2);

    meta.own_url = marked
        .canonical
        .and_then(|l| tree.attr(l, "href"))
        .or_else(|| get("og:url"))
        .map(str::to_owned);
    for &key in DATE_KEYS {
        if let Some(found) = get(key).and_then(dates::parse) {
            meta.dates.push((found, DateSource::MetaTag));
        }
    }
    // Other tags whose name says publication date ("icx_pubdate", "OriginalPublicationDate",
    // "content_create_date"), never a modification or expiry date.
    for (key, value) in &metas {
        if DATE_KEYS.contains(&key.as_str()) || !is_publication_key(key) {
            continue;
        }
        if let Some(found) = dates::parse(value) {
            meta.dates.push((found, DateSource::MetaTag));
        }
    }
    if get("article:published_time").is_some() {
        meta.says_article = true;
    }
    match get("og:type").map(str::to_ascii_lowercase).as_deref() {
        Some("article") | Some("news") | Some("blog") => meta.says_article = true,
        Some("website") => meta.says_listing = true,
        _ => {}
    }

    let mut ld_title = None;
    let mut ld_author = None;
    for &script in &marked.ld_json {
        let raw: String = tree.texts(script).collect();
        let Ok(value) = serde_json::from_str::<Value>(raw.trim()) else {
            continue;
        };
        for obj in objects(&value) {
            let types = type_names(obj);
            let is_article = types.iter().any(|t| {
                t.ends_with("article")
                    || t == "blogposting"
                    || t == "report"
                    || t == "liveblogposting"
            });
            if types
                .iter()
                .any(|t| t == "collectionpage" || t == "itemlist" || t == "searchresultspage")
            {
                meta.says_listing = true;
            }
            if !is_article {
                continue;
            }
            meta.says_article = true;
            if let Some(found) = obj
                .get("datePublished")
                .and_then(Value::as_str)
                .and_then(dates::parse)
            {
                meta.dates.push((found, DateSource::JsonLd));
            }
            if ld_title.is_none() {
                ld_title = obj
                    .get("headline")
                    .and_then(Value::as_str)
                    .map(normalize_space);
            }
            if ld_author.is_none() {
                ld_author = obj.get("author").and_then(author_name);
            }
            if meta.ld_body.is_none() {
                meta.ld_body = obj
                    .get("articleBody")
                    .and_then(Value::as_str)
                    .map(str::to_owned)
                    .filter(|b| !b.trim().is_empty());
            }
        }
    }
    // JSON-LD is written for machines and usually more exact than the Open Graph tags.
    meta.dates.sort_by_key(|(_, src)| match src {
        DateSource::MetaTag => 0,
        DateSource::JsonLd => 1,
        _ => 2,
    });

    if let Some(found) = marked
        .times
        .iter()
        .filter_map(|&t| tree.attr(t, "datetime"))
        .find_map(dates::parse)
    {
        meta.dates.push((found, DateSource::TimeElement));
    }

    meta.doc_title = doc_title.clone();
    meta.title = choose_title(
        og_title,
        ld_title,
        doc_title,
        meta.h1.clone(),
        meta.site_name.as_deref(),
    );
    meta.byline = byline(tree, &marked, &get).or(ld_author);
    meta
}

/// The text under an element, its text nodes joined by spaces.
fn text_of(tree: &Tree, el: u32) -> String {
    tree.texts(el).collect::<Vec<_>>().join(" ")
}

/// Every JSON object in a JSON-LD value (arrays and `@graph` included), iteratively.
fn objects(value: &Value) -> Vec<&serde_json::Map<String, Value>> {
    let mut out = Vec::new();
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        match v {
            Value::Array(items) => stack.extend(items.iter()),
            Value::Object(map) => {
                out.push(map);
                if let Some(g) = map.get("@graph") {
                    stack.push(g);
                }
                if let Some(e) = map.get("mainEntity") {
                    stack.push(e);
                }
            }
            _ => {}
        }
    }
    out
}

fn type_names(obj: &serde_json::Map<String, Value>) -> Vec<String> {
    match obj.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .collect(),
        _ => Vec::new(),
    }
}

fn author_name(v: &Value) -> Option<String> {
    let names: Vec<String> = match v {
        Value::String(s) => vec![s.clone()],
        Value::Object(o) => o
            .get("name")
            .and_then(Value::as_str)
            .map(str::to_owned)
            .into_iter()
            .collect(),
        Value::Array(a) => a
            .iter()
            .filter_map(|x| match x {
                Value::String(s) => Some(s.clone()),
                Value::Object(o) => o.get("name").and_then(Value::as_str).map(str::to_owned),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    };
    let names: Vec<String> = names
        .into_iter()
        .map(|n| normalize_space(&n))
        .filter(|n| !n.is_empty() && !n.starts_with("http"))
        .collect();
    (!names.is_empty()).then(|| names.join(", "))
}

fn byline<'a>(
    tree: &Tree,
    marked: &Marked,
    get: &impl Fn(&str) -> Option<&'a str>,
) -> Option<String> {
    let clean = |s: &str| -> Option<String> {
        let s = normalize_space(s);
        let s = s
            .strip_prefix("By ")
            .or_else(|| s.strip_prefix("by "))
            .or_else(|| s.strip_prefix("BY "))
            .unwrap_or(&s)
            .trim()
            .to_owned();
        (!s.is_empty() && s.chars().count() <= 120 && !s.starts_with("http")).then_some(s)
    };
    if let Some(a) = get("author")
        .or_else(|| get("article:author"))
        .or_else(|| get("parsely-author"))
        .or_else(|| get("sailthru.author"))
        .or_else(|| get("dc.creator"))
    {
        if let Some(a) = clean(a) {
            return Some(a);
        }
    }
    marked
        .bylines
        .iter()
        .find_map(|rule| rule.iter().find_map(|&e| clean(&text_of(tree, e))))
}

/// The headline: the page's own title minus the site name, checked against the `<h1>`.
fn choose_title(
    og: Option<String>,
    ld: Option<String>,
    doc: Option<String>,
    h1: Option<String>,
    site: Option<&str>,
) -> Option<String> {
    let candidates = [og, ld, doc.clone()];
    let mut best = candidates.iter().flatten().find(|t| !t.is_empty()).cloned();
    if let Some(t) = best.take() {
        best = Some(strip_site_name(&t, site));
    }
    match (best, h1) {
        // An h1 that the title starts with is the headline without decoration.
        (Some(t), Some(h)) if !h.is_empty() && t.contains(&h) => Some(h),
        (Some(t), _) => Some(t),
        (None, Some(h)) if !h.is_empty() => Some(h),
        _ => doc,
    }
}

/// "Headline | Site" → "Headline".
pub(crate) fn strip_site_name(title: &str, site: Option<&str>) -> String {
    let title = normalize_space(title);
    for sep in [" | ", " - ", " — ", " – ", " :: ", " · ", " » "] {
        let parts: Vec<&str> = title.split(sep).collect();
        if parts.len() < 2 {
            continue;
        }
        if let Some(site) = site {
            let site_l = site.to_lowercase();
            let kept: Vec<&str> = parts
                .iter()
                .copied()
                .filter(|p| p.trim().to_lowercase() != site_l)
                .collect();
            if kept.len() < parts.len() && !kept.is_empty() {
                return kept.join(sep).trim().to_owned();
            }
        }
        // Without a known site name, a short last part is the site.
        if let (Some(first), Some(last)) = (parts.first(), parts.last()) {
            let head = parts[..parts.len() - 1].join(sep);
            if last.split_whitespace().count() <= 4 && head.split_whitespace().count() >= 3 {
                return head.trim().to_owned();
            }
            if first.split_whitespace().count() <= 3
                && parts[1..].join(sep).split_whitespace().count() >= 4
            {
                return parts[1..].join(sep).trim().to_owned();
            }
        }
    }
    title
}

/// Whether a meta tag's name says it holds the publication date.
fn is_publication_key(key: &str) -> bool {
    const SAYS: &[&str] = &[
        "pubdate",
        "publish",
        "publication",
        "create",
        "posted",
        "issued",
    ];
    const NOT: &[&str] = &[
        "modif", "updat", "expir", "revis", "last", "review", "change",
    ];
    SAYS.iter().any(|w| key.contains(w)) && !NOT.iter().any(|w| key.contains(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_are_stripped() {
        assert_eq!(
            strip_site_name(
                "Floods close the river road | The Valley Times",
                Some("The Valley Times")
            ),
            "Floods close the river road"
        );
        assert_eq!(
            strip_site_name("Floods close the river road - Valley Times", None),
            "Floods close the river road"
        );
        assert_eq!(strip_site_name("Short", None), "Short");
    }

    #[test]
    fn publication_keys() {
        let cases = [
            ("icx_pubdate", true),
            ("originalpublicationdate", true),
            ("content_create_date", true),
            ("datemodified", false),
            ("last-updated-publish", false),
            ("description", false),
        ];
        for (key, want) in cases {
            assert_eq!(is_publication_key(key), want, "{key}");
        }
    }
}
